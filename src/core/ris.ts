// RIS writer for the review's references (journal articles). Pure: no `vscode`, no I/O.
// Replaces Citation.js (issue 11) and writes what it wrote for our data, byte for byte, except that
// each value stays on one line (Citation.js wrapped values at 70 characters, which RIS readers join
// back with a space, corrupting titles).
import type { CslName, Reference } from './types';

/** RIS values cannot span lines: fold any line break into a space. */
function oneLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ');
}

function name(n: CslName): string {
  if (n.literal !== undefined) return n.literal;
  return n.given ? `${n.family ?? ''}, ${n.given}` : (n.family ?? '');
}

/**
 * One `TY  - JOUR` … `ER  - ` record per reference, blank line between records. `ID` is the
 * citation key. A truncated author list ends in its own line `AU  - et al.`: RIS has no et-al tag;
 * Citation.js reads the line back as the literal name "et al.", Zotero as an author whose last name
 * is "et al.", and both print it after the known authors.
 */
export function toRis(refs: readonly Reference[]): string {
  const records = refs.map((ref) => {
    const lines: [string, string | undefined][] = [['TY', 'JOUR']];
    for (const author of ref.author ?? []) lines.push(['AU', name(author)]);
    if (ref['authors-truncated']) lines.push(['AU', 'et al.']);
    const year = ref.issued?.['date-parts']?.[0]?.[0];
    lines.push(['DA', year === undefined ? undefined : `${year}///`], ['PY', year?.toString()]);
    lines.push(['ID', ref['citation-key'] || ref.id], ['J2', ref['container-title-short']]);
    const range = /^(\w+)\s*[-\u2013]\s*(\w+)$/.exec(ref.page ?? '');
    if (range) lines.push(['SP', range[1]], ['EP', range[2]]);
    else lines.push(['SP', ref.page]);
    lines.push(['T2', ref['container-title']], ['TI', ref.title], ['VL', ref.volume]);
    const text = lines.filter(([, v]) => v).map(([tag, v]) => `${tag}  - ${oneLine(v as string)}`);
    return [...text, 'ER  - '].join('\n');
  });
  return records.join('\n\n') + '\n';
}
