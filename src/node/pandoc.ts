// Word export through pandoc: Node only (child process, temporary files), no `vscode`.
// Used by the CLI (`iscls docx`) and the VS Code command *Export Manuscript to Word (.docx)*.
//
// pandoc gets the manuscript as planned by core/export/pandocInput.ts, the style's own `.csl` file, the cited
// references as CSL-JSON and a Lua filter with the corrections our own formatter applies (pandocFilter.ts),
// so the .docx carries exactly our rendering. pandoc reads in its sandbox and may embed only images from
// the manuscript's folder (pandocSandbox.ts). The output is written to a temporary file beside the target
// and renamed over it: nothing is ever half-written.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { REFS_PLACEHOLDER, type PandocInput } from '../core/export/pandocInput';
import { correctionFilter, refsPlaceholderFilter, type EntryCorrections } from './pandocFilter';
import { checkOutput } from './safeFile';
import { confineImages, hasSandbox, unsandboxedProblem } from './pandocSandbox';

/** Why an export failed; each has a one-line message fit for a notification or stderr. */
export type PandocErrorKind = 'missing' | 'too-old' | 'failed' | 'unwritable' | 'locked' | 'bad-reference-doc';

export class PandocError extends Error {
  constructor(
    readonly kind: PandocErrorKind,
    message: string,
    /** pandoc's standard error, for the log. */
    readonly stderr = '',
  ) {
    super(message);
  }
}

export const INSTALL_HINT =
  'Install pandoc 2.11 or later (https://pandoc.org/installing.html; Debian/Ubuntu: sudo apt-get install pandoc; macOS: brew install pandoc), or set iscls.pandocPath';

export interface DocxJob {
  input: PandocInput;
  /** The `.docx` to write. */
  outFile: string;
  /** Folder images and other relative paths of the manuscript are resolved in. */
  resourceDir: string;
  /** The style as `.csl` XML (needed when `input.citeproc`). */
  cslXml?: string;
  /** The cited references as CSL-JSON items (needed when `input.citeproc`). */
  references?: readonly Record<string, unknown>[];
  corrections?: EntryCorrections;
  /** A `.docx` whose styles the output takes (the journal's template). */
  referenceDoc?: string;
  /** pandoc executable: a path or a name on PATH. Default `pandoc`. */
  pandocPath?: string;
  /** Cancels the pandoc process. */
  signal?: AbortSignal;
  /** Files the output must never be (the manuscript, its template, its libraries). */
  protect?: readonly string[];
}

export interface DocxResult {
  outFile: string;
  /** pandoc's version, e.g. "2.17.1.1". */
  pandocVersion: string;
  /** pandoc's warnings (its stderr), if any. */
  warnings: string;
  /** What the manuscript named but the Word file does not hold (remote images, files outside its folder). */
  leftOut: string[];
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runProcess(command: string, args: string[], cwd: string, signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, signal, windowsHide: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** pandoc's version, or a PandocError('missing' | 'too-old'). citeproc is built in from pandoc 2.11. */
export async function pandocVersion(pandocPath = 'pandoc'): Promise<string> {
  let result: RunResult;
  try {
    result = await runProcess(pandocCommand(pandocPath), ['--version'], tmpdir());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') throw new PandocError('missing', `pandoc was not found (${pandocPath}). ${INSTALL_HINT}.`);
    throw error;
  }
  const version = /pandoc(?:\.exe)?\s+([\d.]+)/.exec(result.stdout)?.[1];
  if (result.code !== 0 || !version) throw new PandocError('missing', `${pandocPath} is not pandoc (--version failed). ${INSTALL_HINT}.`, result.stderr);
  const [major, minor] = version.split('.').map(Number);
  if (major < 2 || (major === 2 && minor < 11)) {
    throw new PandocError('too-old', `pandoc ${version} is too old for citations (citeproc needs 2.11 or later). ${INSTALL_HINT}.`);
  }
  return version;
}

/** Fail early, before pandoc runs, if the output cannot be written. */
function checkWritable(outFile: string): void {
  const dir = dirname(outFile);
  if (!existsSync(dir)) throw new PandocError('unwritable', `Cannot write ${outFile}: the folder ${dir} does not exist.`);
  if (existsSync(outFile) && statSync(outFile).isDirectory()) throw new PandocError('unwritable', `Cannot write ${outFile}: it is a folder.`);
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(outFile)) accessSync(outFile, constants.W_OK);
  } catch {
    throw new PandocError('unwritable', `Cannot write ${outFile}: permission denied.`);
  }
}

/** Step 1, in pandoc's sandbox where it has one: the manuscript (with citeproc and our filters) to JSON. */
function readerArgs(job: DocxJob, work: string, version: string): string[] {
  const args = ['--from', job.input.reader, '--to', 'json', '--output', join(work, 'manuscript.json')];
  if (hasSandbox(version)) args.unshift('--sandbox');
  if (job.input.citeproc) {
    writeFileSync(join(work, 'style.csl'), job.cslXml ?? '', 'utf8');
    writeFileSync(join(work, 'references.json'), JSON.stringify(job.references ?? []), 'utf8');
    writeFileSync(join(work, 'corrections.lua'), correctionFilter(job.corrections ?? { truncated: [], noVolume: [] }), 'utf8');
    if (job.input.refsPlaceholder) {
      // Filters and --citeproc run in command-line order: the refs div must exist before citeproc.
      writeFileSync(join(work, 'refs.lua'), refsPlaceholderFilter(REFS_PLACEHOLDER), 'utf8');
      args.push('--lua-filter', join(work, 'refs.lua'));
    }
    args.push(
      '--citeproc',
      '--csl', join(work, 'style.csl'),
      '--bibliography', join(work, 'references.json'),
      // Our entries carry no links; pandoc would otherwise hyperlink DOIs and URLs of library items.
      '--metadata', 'link-citations=false',
      '--metadata', 'link-bibliography=false',
      '--lua-filter', join(work, 'corrections.lua'),
    );
  }
  args.push(join(work, job.input.reader === 'latex' ? 'manuscript.tex' : 'manuscript.md'));
  return args;
}

/** Step 2: the checked JSON to .docx (its images are absolute paths inside the manuscript's folder). */
function writerArgs(job: DocxJob, work: string, tempOut: string): string[] {
  const args = ['--from', 'json', '--to', 'docx', '--output', tempOut];
  if (job.referenceDoc) args.push('--reference-doc', resolve(job.referenceDoc));
  args.push(join(work, 'manuscript.json'));
  return args;
}

/** A template must be a Word file: pandoc would otherwise fail with its internal trace. */
function checkReferenceDoc(referenceDoc: string): void {
  if (!existsSync(referenceDoc)) throw new PandocError('bad-reference-doc', `The reference document ${referenceDoc} does not exist.`);
  const notDocx = `The reference document ${referenceDoc} is not a Word document (.docx): give a .docx whose styles the export should take.`;
  if (!statSync(referenceDoc).isFile()) throw new PandocError('bad-reference-doc', notDocx);
  const head = Buffer.alloc(4);
  const fd = openSync(referenceDoc, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) throw new PandocError('bad-reference-doc', notDocx);
}

/** A pandoc given as a path is found from the current folder (pandoc itself runs in other folders). */
export function pandocCommand(pandocPath: string | undefined): string {
  if (!pandocPath) return 'pandoc';
  return /[\\/]/.test(pandocPath) ? resolve(pandocPath) : pandocPath;
}

/** Rename the finished temporary file over the target; a target open in Word refuses (Windows). */
function moveIntoPlace(tempOut: string, outFile: string): void {
  try {
    renameSync(tempOut, outFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    rmSync(tempOut, { force: true });
    if (code === 'EBUSY' || code === 'EPERM' || code === 'ETXTBSY') {
      throw new PandocError('locked', `Cannot replace ${basename(outFile)}: it is open in another program (Word?). Close it and export again.`);
    }
    if (code === 'EACCES' || code === 'EROFS') throw new PandocError('unwritable', `Cannot write ${outFile}: permission denied.`);
    throw error;
  }
}

/** Convert a planned manuscript to `.docx`. Throws PandocError with a one-line message. */
export async function exportDocx(job: DocxJob): Promise<DocxResult> {
  const pandoc = pandocCommand(job.pandocPath);
  const version = await pandocVersion(pandoc);
  const outFile = resolve(job.outFile);
  try {
    checkOutput(outFile, job.protect ?? []);
  } catch (error) {
    throw new PandocError('unwritable', (error as Error).message);
  }
  checkWritable(outFile);
  if (job.referenceDoc) checkReferenceDoc(job.referenceDoc);
  const unsafe = unsandboxedProblem(job.input.text, version);
  if (unsafe) throw new PandocError('too-old', unsafe);
  const work = mkdtempSync(join(tmpdir(), 'iscls-docx-'));
  const tempOut = join(dirname(outFile), `.${basename(outFile)}.iscls-${process.pid}-${Date.now()}.tmp.docx`);
  try {
    writeFileSync(join(work, job.input.reader === 'latex' ? 'manuscript.tex' : 'manuscript.md'), job.input.text, 'utf8');
    const read = await runPandoc(pandoc, readerArgs(job, work, version), work, job.signal);
    const ast = JSON.parse(readFileSync(join(work, 'manuscript.json'), 'utf8'));
    const leftOut = confineImages(ast, job.resourceDir);
    writeFileSync(join(work, 'manuscript.json'), JSON.stringify(ast), 'utf8');
    const written = await runPandoc(pandoc, writerArgs(job, work, tempOut), job.resourceDir, job.signal);
    if (!existsSync(tempOut)) throw new PandocError('failed', 'pandoc failed: it wrote no file', written.stderr);
    moveIntoPlace(tempOut, outFile);
    return { outFile, pandocVersion: version, warnings: [read.stderr.trim(), written.stderr.trim()].filter(Boolean).join('\n'), leftOut };
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(tempOut, { force: true });
  }
}

/** One pandoc run; a failure or a cancel is a PandocError. */
async function runPandoc(pandoc: string, args: string[], cwd: string, signal?: AbortSignal): Promise<RunResult> {
  let result: RunResult;
  try {
    result = await runProcess(pandoc, args, cwd, signal);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw new PandocError('failed', 'Word export cancelled.');
    throw error;
  }
  if (result.code !== 0) {
    const first = result.stderr.trim().split('\n')[0] || `exit code ${result.code}`;
    throw new PandocError('failed', `pandoc failed: ${first}`, result.stderr);
  }
  return result;
}
