// Our prose must be our own: no sentence of data/ may share a run of 8 or more words with the source
// review's prose (../shared/seed; its numbered reference list is bibliographic fact and is left aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Section, Term } from '../../src/core/types';
import { readSeed, repoRoot, seedProse } from './seed';

const RUN = 8;

/** Lower-case words, with citation markers, markup and punctuation removed. */
export function words(text: string): string[] {
  return text
    .replace(/\[@[^\]]*\]/g, ' ')
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function runs(list: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + RUN <= list.length; i++) out.push(list.slice(i, i + RUN).join(' '));
  return out;
}

/** Each sentence of our prose that shares a run of RUN words with the source, with the shared run. */
function overlaps(sentences: { where: string; text: string }[], source: string): string[] {
  const sourceRuns = new Set(runs(words(source)));
  return sentences.flatMap(({ where, text }) => {
    const shared = runs(words(text)).find((run) => sourceRuns.has(run));
    return shared ? [`${where}: "${shared}" in: ${text.slice(0, 120)}`] : [];
  });
}

function ourSentences(): { where: string; text: string }[] {
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(repoRoot, 'data', name), 'utf8')) as T;
  const out: { where: string; text: string }[] = [];
  const split = (where: string, text: string) =>
    text.split(/(?<=[.!?])\s+(?=[A-Z*(])/).forEach((sentence, i) => out.push({ where: `${where} s${i + 1}`, text: sentence }));
  const visit = (s: Section) => {
    split(`${s.id} title`, s.title);
    split(`${s.id} summary`, s.summary);
    s.paragraphs.forEach((p, i) => split(`${s.id} p${i + 1}`, p));
    (s.children ?? []).forEach(visit);
  };
  read<Section[]>('sections.json').forEach(visit);
  for (const t of read<Term[]>('terms.json')) split(`term ${t.id}`, t.definition);
  split('about limits', read<{ limits: string }>('about.json').limits);
  return out;
}

test('overlap check: finds a copied run, ignores citations and case, passes fresh wording', () => {
  const source = 'During "attacks" of the disease, profound derangements of the vascular endothelium develop [1,2].';
  assert.equal(overlaps([{ where: 'x', text: 'During attacks of the disease, profound derangements of the VASCULAR endothelium [@a].' }], source).length, 1);
  assert.equal(overlaps([{ where: 'x', text: 'During attacks of the disease, profound changes of the vascular endothelium occur.' }], source).length, 0);
});

test('seed prose is the review text before its numbered list', (t) => {
  const seed = readSeed(t);
  if (seed === undefined) return;
  const prose = seedProse(seed);
  assert.match(prose, /Mechanisms of capillary leakage/);
  assert.doesNotMatch(prose, /CLARKSON B, THOMPSON D/);
});

test('no sentence of data/ shares a run of 8 or more words with the source review prose', (t) => {
  const seed = readSeed(t);
  if (seed === undefined) return;
  const sentences = ourSentences();
  assert.ok(sentences.length > 200, `${sentences.length} sentences checked`);
  assert.deepEqual(overlaps(sentences, seedProse(seed)), []);
});

test('no section title of three or more words is a phrase of the source review (e.g. its own headings)', (t) => {
  const seed = readSeed(t);
  if (seed === undefined) return;
  const source = ` ${words(seedProse(seed)).join(' ')} `;
  const titles = ourSentences().filter((s) => / title s1$/.test(s.where)).map((s) => words(s.text));
  assert.ok(source.includes(' mechanisms of capillary leakage '), 'the check sees the review heading');
  assert.deepEqual(titles.filter((w) => w.length >= 3 && source.includes(` ${w.join(' ')} `)).map((w) => w.join(' ')), []);
});
