// Word export through pandoc: Node only (child process, temporary files), no `vscode`.
// Used by the CLI (`iscls docx`) and the VS Code command *Export Manuscript to Word (.docx)*.
//
// pandoc gets the manuscript as planned by core/pandocInput.ts, the style's own `.csl` file, the cited references as CSL-JSON and a Lua filter with the corrections our own
// formatter applies (pandocFilter.ts), so the .docx carries exactly our rendering. The output is written
// to a temporary file beside the target and renamed over it: nothing is ever half-written.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { REFS_PLACEHOLDER, type PandocInput } from '../core/pandocInput';
import { correctionFilter, refsPlaceholderFilter, type EntryCorrections } from './pandocFilter';

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
}

export interface DocxResult {
  outFile: string;
  /** pandoc's version, e.g. "2.17.1.1". */
  pandocVersion: string;
  /** pandoc's warnings (its stderr), if any. */
  warnings: string;
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
    result = await runProcess(pandocPath, ['--version'], tmpdir());
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

function pandocArgs(job: DocxJob, work: string, tempOut: string): string[] {
  const args = ['--from', job.input.reader, '--to', 'docx', '--output', tempOut, '--resource-path', job.resourceDir];
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
  if (job.referenceDoc) args.push('--reference-doc', resolve(job.referenceDoc));
  args.push(join(work, job.input.reader === 'latex' ? 'manuscript.tex' : 'manuscript.md'));
  return args;
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
  const pandoc = job.pandocPath || 'pandoc';
  const version = await pandocVersion(pandoc);
  const outFile = resolve(job.outFile);
  checkWritable(outFile);
  if (job.referenceDoc && !existsSync(job.referenceDoc)) {
    throw new PandocError('bad-reference-doc', `The reference document ${job.referenceDoc} does not exist.`);
  }
  const work = mkdtempSync(join(tmpdir(), 'iscls-docx-'));
  const tempOut = join(dirname(outFile), `.${basename(outFile)}.iscls-${process.pid}-${Date.now()}.tmp.docx`);
  try {
    writeFileSync(join(work, job.input.reader === 'latex' ? 'manuscript.tex' : 'manuscript.md'), job.input.text, 'utf8');
    let result: RunResult;
    try {
      result = await runProcess(pandoc, pandocArgs(job, work, tempOut), job.resourceDir, job.signal);
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw new PandocError('failed', 'Word export cancelled.');
      throw error;
    }
    if (result.code !== 0 || !existsSync(tempOut)) {
      const first = result.stderr.trim().split('\n')[0] || `exit code ${result.code}`;
      throw new PandocError('failed', `pandoc failed: ${first}`, result.stderr);
    }
    moveIntoPlace(tempOut, outFile);
    return { outFile, pandocVersion: version, warnings: result.stderr.trim() };
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (existsSync(tempOut)) {
      try {
        unlinkSync(tempOut);
      } catch {
        // already gone
      }
    }
  }
}
