// Benchmark texts, all from the knowledge base's own prose (sections cite with pandoc markers).
import { readFileSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './util.mjs';

const sections = JSON.parse(readFileSync(join(root, 'data', 'sections.json'), 'utf8'));
const terms = JSON.parse(readFileSync(join(root, 'data', 'terms.json'), 'utf8'));

/** The sections as one Markdown manuscript: headings, paragraphs, `[@key]` citations (all 72 references). */
export function manuscript() {
  const out = [];
  const walk = (nodes, depth) => {
    for (const s of nodes) {
      out.push(`${'#'.repeat(depth)} ${s.title}`, ...s.paragraphs);
      walk(s.children ?? [], depth + 1);
    }
  };
  walk(sections, 1);
  return out.join('\n\n') + '\n';
}

/** Paragraphs hard-wrapped at 72 columns, as many writers keep Markdown and LaTeX. */
export function hardWrap(text) {
  return text
    .split('\n\n')
    .map((p) => (p.startsWith('#') ? p : p.replace(/(.{1,72})(\s+|$)/g, '$1\n').trim()))
    .join('\n\n');
}

/** Write `bytes` of text to `file`: the prose repeated, each copy flat or hard-wrapped as `shape` says. */
export function writeCorpus(file, bytes, shape = 'mixed') {
  const flat = manuscript().replace(/\[@[^\]]*\]/g, '');
  const wrapped = hardWrap(flat);
  const fd = openSync(file, 'w');
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const piece = (shape === 'flat' || (shape === 'mixed' && i % 2 === 0) ? flat : wrapped) + '\n';
    writeSync(fd, piece);
    written += Buffer.byteLength(piece);
  }
  closeSync(fd);
  return written;
}

/** A manuscript of about `bytes` with its citations kept (for `bib`): the prose repeated. */
export function writeCitedManuscript(file, bytes) {
  const one = manuscript();
  let text = '';
  while (text.length < bytes) text += one;
  writeFileSync(file, text);
  return { bytes: Buffer.byteLength(text), citations: (text.match(/\[@[^\]]+\]/g) ?? []).length };
}

/** Every surface form of the glossary (names, forms, abbreviations), longest first: ripgrep's patterns. */
export function surfaceForms() {
  const all = new Set(terms.flatMap((t) => [t.name, ...(t.forms ?? []), ...(t.abbreviations ?? [])]));
  return [...all].sort((a, b) => b.length - a.length);
}

export { terms };
