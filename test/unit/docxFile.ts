// Reading a .docx the way the tests check it: the paragraphs of word/document.xml with their text and
// superscript runs; and the CLI as a writer runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export const hasPandoc = spawnSync('pandoc', ['--version']).status === 0;
/** Skipped without pandoc, except in CI (npm run setup installs it there). */
export const needsPandoc = { skip: !hasPandoc && !process.env.CI ? 'pandoc is not installed (npm run setup installs it)' : false };

export function iscls(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'iscls-docx-'));
}

export interface Paragraph {
  text: string;
  /** Text of the superscript runs, one string per run of consecutive superscript runs. */
  superscripts: string[];
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The paragraphs of a .docx's main document, with their text and superscript runs. */
export async function paragraphs(file: string): Promise<Paragraph[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => {
    let text = '';
    const superscripts: string[] = [];
    let last = false;
    for (const [run] of p.matchAll(/<w:r[ >][\s\S]*?<\/w:r>/g)) {
      const t = [...run.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:tab \/>/g)].map((m) => (m[1] === undefined ? '\t' : decode(m[1]))).join('');
      const sup = /<w:vertAlign w:val="superscript"/.test(run);
      if (sup) {
        if (last) superscripts[superscripts.length - 1] += t;
        else superscripts.push(t);
      }
      last = sup;
      text += t;
    }
    return { text, superscripts };
  });
}

/** "1,3-5" / "1–3" → [1,3,4,5] */
export function expand(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [a, b] = part.split(/[-\u2013]/).map((n) => Number(n.trim()));
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

