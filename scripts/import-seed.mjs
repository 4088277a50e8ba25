#!/usr/bin/env node
// One-off import of the review's numbered reference list into data/references.json.
// Kept so the data's provenance can be re-checked: `node scripts/import-seed.mjs <seed.txt> > out.json`.
// Bibliographic facts are carried over as printed; nothing is added that the list does not give.
import { readFileSync } from 'node:fs';

const seedPath = process.argv[2] ?? '../shared/seed/000_2f3f23d5b54d58de.txt';
const lines = readFileSync(seedPath, 'utf8').split('\n');
const entryLine = /^\s*(\d+)\.\s+(.*)$/;
const namePattern = /^(.+) ([A-Z]{1,4})$/;

function parseAuthors(text) {
  const parts = text.split(', ');
  const authors = [];
  let truncated = false;
  for (const part of parts) {
    if (part === 'et al') { truncated = true; continue; }
    const m = namePattern.exec(part);
    if (!m) return null;
    let family = m[1];
    // Entry 1 prints every family name in capitals (an old MEDLINE habit); store the ordinary case.
    if (family === family.toUpperCase()) family = family[0] + family.slice(1).toLowerCase();
    authors.push({ family, given: m[2].split('').map((c) => c + '.').join(' ') });
  }
  return { authors, truncated };
}

function ascii(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z]/g, '').toLowerCase();
}

const references = [];
for (const line of lines) {
  const m = entryLine.exec(line);
  if (!m) continue;
  const number = Number(m[1]);
  const text = m[2].trim();
  const j = /^(.*?)[.?] ([^.?]+?) (\d{4}); ?(.*?)\.$/.exec(text);
  if (!j) throw new Error(`cannot parse entry ${number}: ${text}`);
  let [, head, journal, year, tail] = j;
  if (text.charAt(head.length) === '?') head += '?';
  let authors = [];
  let truncated = false;
  let title = head;
  const firstStop = head.indexOf('. ');
  if (firstStop > 0) {
    const parsed = parseAuthors(head.slice(0, firstStop));
    if (parsed) { authors = parsed.authors; truncated = parsed.truncated; title = head.slice(firstStop + 2); }
  }
  const item = { number, id: '', type: 'article-journal' };
  if (authors.length) item.author = authors;
  if (truncated) item['authors-truncated'] = true;
  item.title = title;
  if (/^\[.*\]$/.test(title)) item['title-translated'] = true;
  item['container-title'] = journal;
  item['container-title-short'] = journal;
  item.issued = { 'date-parts': [[Number(year)]] };
  const vp = /^([^:]*):(.*)$/.exec(tail);
  if (vp) {
    if (vp[1].trim()) item.volume = vp[1].trim();
    if (vp[2].trim()) item.page = vp[2].trim();
  } else if (tail.trim()) {
    item.volume = tail.trim();
  }
  item["review-listing"] = line.trim();
  const stem = authors.length ? ascii(authors[0].family) : ascii(journal.split(' ')[0]);
  item.id = stem + year;
  references.push(item);
}
// Disambiguate equal keys with a, b, ... in list order.
const counts = new Map();
for (const r of references) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
const seen = new Map();
for (const r of references) {
  if (counts.get(r.id) > 1) { const n = seen.get(r.id) ?? 0; seen.set(r.id, n + 1); r.id += 'abcdefgh'[n]; }
  r['citation-key'] = r.id;
}
process.stdout.write(JSON.stringify(references, null, 2) + '\n');
