// What a manuscript may pull into its Word file: images from its own folder, nothing from the network
// and no other file. Node only, no `vscode`.
//
// pandoc reads in two steps (pandoc.ts): the manuscript to pandoc's JSON with `--sandbox` (the reader,
// citeproc and our filters may read only the files on the command line: `\input{/etc/hostname}`,
// `\lstinputlisting` or a `bibliography:` in the front matter read nothing), then the JSON to .docx.
// Between the two, every image is checked here: a remote one (http:, ftp:, file: …) or a file outside
// the manuscript's folder is left out (its description stays as text) and the writer is told; the
// others are given as absolute paths, so the second step finds exactly the file checked.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';

/** pandoc's `--sandbox` (2.15 and later) keeps its readers from reading any file not on its command line. */
export function hasSandbox(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 15);
}

/** Commands through which pandoc's LaTeX reader reads other files (also as raw LaTeX in Markdown). */
const READS_FILES = /\\(?:[A-Za-z]*input[A-Za-z]*|include[A-Za-z]*|subfile|usepackage|RequirePackage|csname|def|let|[A-Za-z]*newcommand|[A-Za-z]*environment)\b/;

/** Without a sandbox (pandoc before 2.15), a manuscript whose LaTeX could read other files is refused. */
export function unsandboxedProblem(text: string, version: string): string | undefined {
  if (hasSandbox(version) || !READS_FILES.test(text)) return undefined;
  return `pandoc ${version} cannot be kept from reading the files this manuscript's LaTeX commands name (\\input, \\lstinputlisting …); install pandoc 2.15 or later.`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Node {
  t: string;
  c?: Json;
}

const isNode = (x: Json): x is Node & { [key: string]: Json } => typeof x === 'object' && x !== null && !Array.isArray(x) && typeof x.t === 'string';

/** Where an image may be read from: the absolute path of a file inside `folder`, or why not. */
function imageSource(src: string, folder: string): { path: string } | { why: string } | 'keep' {
  if (/^data:/i.test(src)) return 'keep'; // inside the manuscript itself
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(src) || src.startsWith('//')) return { why: 'from the network' };
  let path: string;
  try {
    const decoded = decodeURI(src);
    path = realpathSync(resolve(folder, decoded));
  } catch {
    // A missing file outside the folder is left out too; one inside is pandoc's to report.
    const plain = resolve(folder, src);
    return within(plain, folder) ? 'keep' : { why: 'outside the manuscript\u2019s folder' };
  }
  if (!within(path, folder)) return { why: 'outside the manuscript\u2019s folder' };
  if (!statSync(path).isFile()) return { why: 'not a regular file' };
  return { path };
}

function within(path: string, folder: string): boolean {
  let root: string;
  try {
    root = realpathSync(folder);
  } catch {
    root = resolve(folder);
  }
  return isAbsolute(path) && (path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
}

/**
 * Checks every image of pandoc's JSON `ast` in place (an explicit stack: documents nest deeply).
 * Returns what was left out, one line each.
 */
export function confineImages(ast: Json, folder: string): string[] {
  const leftOut: string[] = [];
  const stack: Json[] = [ast];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (Array.isArray(x)) {
      const children: Json[] = [];
      for (let i = 0; i < x.length; i++) {
        const child = x[i];
        if (isNode(child) && child.t === 'Image' && Array.isArray(child.c)) {
          const [, alt, target] = child.c as [Json, Json, [string, string]];
          const decision = imageSource(String(target?.[0] ?? ''), folder);
          if (decision === 'keep') continue;
          if ('why' in decision) {
            leftOut.push(`image ${target[0]} (${decision.why})`);
            x[i] = { t: 'Span', c: [['', [], []], alt] };
            continue;
          }
          target[0] = decision.path;
        }
        children.push(child);
      }
      // Last pushed, first visited: the document's order.
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    } else if (x !== null && typeof x === 'object') {
      for (const v of Object.values(x)) stack.push(v);
    }
  }
  return leftOut;
}
