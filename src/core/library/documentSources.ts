// The library files a manuscript declares itself: pandoc's YAML `bibliography:` (a string or a
// list), LaTeX's `\bibliography{a,b}` and biblatex's `\addbibresource{x.bib}`. Paths are returned
// as written (relative to the document's folder), in order, without duplicates. Pure.
import { load, JSON_SCHEMA } from 'js-yaml';

/** The YAML metadata block at the top of a Markdown document (`---` … `---` or `...`), if any. */
function frontMatter(text: string): string | undefined {
  const m = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  return m?.[1];
}

function yamlBibliography(text: string): string[] {
  const block = frontMatter(text);
  if (!block || !/^bibliography\s*:/m.test(block)) return [];
  try {
    const meta = load(block, { schema: JSON_SCHEMA }) as { bibliography?: unknown } | undefined;
    const value = meta?.bibliography;
    const list = Array.isArray(value) ? value : [value];
    return list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  } catch {
    // A metadata block YAML cannot read: take `bibliography: file` lines as written.
    const line = /^bibliography\s*:\s*['"]?([^'"\n[\]]+?)['"]?\s*$/m.exec(block);
    return line ? [line[1]] : [];
  }
}

function latexBibliography(text: string): string[] {
  const files: string[] = [];
  const uncommented = text.replace(/(^|[^\\])%.*$/gm, '$1');
  const command = /\\(bibliography|addbibresource|addglobalbib|addsectionbib)\s*(?:\[[^\]]*\]\s*)?\{([^}]*)\}/g;
  for (let m = command.exec(uncommented); m; m = command.exec(uncommented)) {
    const names = m[1] === 'bibliography' ? m[2].split(',') : [m[2]];
    for (const raw of names) {
      const name = raw.trim();
      if (!name) continue;
      files.push(m[1] === 'bibliography' && !/\.[A-Za-z]+$/.test(name) ? `${name}.bib` : name);
    }
  }
  return files;
}

/** Library files a document declares, as written in it. */
export function declaredLibraries(text: string): string[] {
  return [...new Set([...yamlBibliography(text), ...latexBibliography(text)])];
}
