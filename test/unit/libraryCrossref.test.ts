// BibTeX `crossref` and BibLaTeX `xdata`: a child inherits what it lacks from its parent by
// biblatex's rules (a chapter or a paper takes the parent's title as its container title), a
// missing parent is reported with file and line and the child still loads. The fixture's works are
// real (biblatex's own examples); pandoc, when installed, reads them to the same container titles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseLibrary, parseLibraryInSlices, parseLibraryText } from '../../src/core/library';
import { inherit } from '../../src/core/library/crossref';
import type { CslItem } from '../../src/core/library/types';

const file = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'library', 'crossref.bib');
const bytes = readFileSync(file);
const parsed = parseLibrary(bytes, 'crossref.bib');
const item = (key: string): CslItem => parsed.entries.find((e) => e.key === key)!.item;
const families = (names: unknown) => (names as { family?: string; literal?: string }[] | undefined)?.map((n) => n.family ?? n.literal);
const year = (i: CslItem) => (i.issued as { 'date-parts': number[][] } | undefined)?.['date-parts'][0][0];

test('crossref: an @incollection takes its @collection\'s title (with subtitle) as container title, and its editor, publisher, place, year', () => {
  const space = item('westfahl:space');
  assert.equal(space.type, 'chapter');
  assert.equal(space.title, 'The True Frontier: Confronting and Avoiding the Realities of Space in American Science Fiction Films');
  assert.equal(space['container-title'], 'Space and Beyond: The Frontier Theme in Science Fiction');
  assert.deepEqual(families(space.author), ['Westfahl']);
  assert.deepEqual(families(space.editor), ['Westfahl']);
  assert.equal(space.publisher, 'Greenwood');
  assert.equal(space['publisher-place'], 'Westport, Conn. and London');
  assert.equal(year(space), 2000);
  assert.equal(space.page, '55-65');
  // The parent is a work of its own, unchanged.
  const frontier = item('westfahl:frontier');
  assert.equal(frontier.type, 'book');
  assert.equal(frontier.title, 'Space and Beyond: The Frontier Theme in Science Fiction');
  assert.equal(frontier['container-title'], undefined);
});

test('crossref: @inbook from a @book: the book\'s title as container title, its author as author and book author; short titles not inherited', () => {
  for (const [key, title, page] of [['kant:kpv', 'Kritik der praktischen Vernunft', '1-163'], ['kant:ku', 'Kritik der Urtheilskraft', '165-485']]) {
    const part = item(key);
    assert.equal(part.type, 'chapter', key);
    assert.equal(part.title, title, key);
    assert.equal(part['container-title'], 'Kritik der praktischen Vernunft. Kritik der Urtheilskraft', key);
    assert.deepEqual(families(part.author), ['Kant'], key);
    assert.deepEqual(families(part['container-author']), ['Kant'], key);
    assert.equal(part['title-short'], undefined, key);
    assert.equal(part.volume, '5', key);
    assert.equal(part.publisher, 'Walter de Gruyter', key);
    assert.equal(part.language, 'german', key);
    assert.equal(year(part), 1968, key);
    assert.equal(part.page, page, key);
  }
});

test('crossref: an @inproceedings takes its @proceedings\' title, editor, publisher; xdata fills in fields without overriding', () => {
  const salam = item('salam');
  assert.equal(salam.type, 'paper-conference');
  assert.equal(salam['container-title'], 'Elementary particle theory: Relativistic groups and analyticity');
  assert.deepEqual(families(salam.editor), ['Svartholm']);
  assert.equal(salam.publisher, 'Almquist & Wiksell');
  assert.equal(salam['publisher-place'], 'Stockholm');
  assert.equal(year(salam), 1968);
  const pines = item('pines');
  assert.equal(pines.publisher, 'Harvard University Press');
  assert.equal(pines['publisher-place'], 'Cambridge, Mass.');
  assert.equal(pines['container-title'], 'Studies in Medieval Jewish History and Literature');
  // An @xdata entry is a store of fields, not a work.
  assert.ok(!parsed.entries.some((e) => e.key === 'hup'));
});

test('a missing parent is one warning with file and line; the child loads with its own fields', () => {
  assert.deepEqual(parsed.problems.map((p) => [p.file, p.line, p.severity]), [['crossref.bib', 83, 'warning']]);
  assert.match(parsed.problems[0].message, /^hyman: crossref "omeara:aristotle" is not in this file; the entry loads without what it would inherit$/);
  const hyman = item('hyman');
  assert.equal(hyman['container-title'], 'Studies in Aristotle');
  assert.equal(year(hyman), 1981);
  assert.deepEqual(parsed.entries.map((e) => e.key), ['westfahl:space', 'westfahl:frontier', 'kant:kpv', 'kant:ku', 'kant:aa5', 'svartholm:nobel8', 'salam', 'pines', 'hyman']);
});

test('crossref read in slices gives the same entries and problems (the parent may come in a later slice)', async () => {
  const { parseBibtexInSlices } = await import('../../src/core/library/bibtex');
  const sliced = await parseBibtexInSlices(bytes.toString('utf8'), 'crossref.bib', async () => undefined, { sliceMs: 0, checkpointChars: 200 });
  assert.deepEqual(sliced, parsed);
  assert.deepEqual(await parseLibraryInSlices(bytes, 'crossref.bib', async () => undefined), parsed);
});

test('crossref: parents of parents, keys in another case (as BibTeX matches them), cycles reported', () => {
  const text = [
    '@mvbook{mv, title = {Collected Works}, publisher = {P}, date = 1990}',
    '@book{vol, title = {Volume One}, crossref = {mv}, volume = 1}',
    '@inbook{part, title = {Part}, crossref = {VOL}}',
    '@inbook{a, title = {A}, crossref = {b}}',
    '@book{b, title = {B}, crossref = {a}}',
  ].join('\n');
  const lib = parseLibraryText(text, 'x.bib', 'bibtex');
  const part = lib.entries.find((e) => e.key === 'part')!.item;
  assert.equal(part['container-title'], 'Volume One');
  assert.equal(part.publisher, 'P');
  assert.equal(part.volume, '1');
  assert.equal(lib.entries.find((e) => e.key === 'vol')!.item.title, 'Volume One');
  assert.deepEqual(lib.problems.map((p) => [p.line, p.severity]), [[4, 'warning'], [5, 'warning']]);
  assert.match(lib.problems[0].message, /^a: crossref chain a → b → a is a cycle; the entry loads without what it would inherit$/);
  assert.equal(lib.entries.find((e) => e.key === 'a')!.item['container-title'], 'B');
});

test('inheritance rules: the child\'s own fields win; identifying fields are never inherited', () => {
  const child = { type: 'incollection', fields: new Map([['title', 'Own'], ['booktitle', 'Given']]) };
  const parent = { type: 'collection', fields: new Map([['title', 'Parent'], ['ids', 'x'], ['label', 'L'], ['shorthand', 'S'], ['sorttitle', 'T'], ['year', '2000'], ['crossref', 'gp']]) };
  assert.deepEqual([...inherit(child, parent)], [['title', 'Own'], ['booktitle', 'Given'], ['year', '2000']]);
  const periodical = { type: 'periodical', fields: new Map([['title', 'Computers and Graphics'], ['issuetitle', 'Semantic 3D Media and Content'], ['volume', '35']]) };
  assert.deepEqual([...inherit({ type: 'article', fields: new Map([['title', 'An article']]) }, periodical)], [['title', 'An article'], ['journaltitle', 'Computers and Graphics'], ['issuetitle', 'Semantic 3D Media and Content'], ['volume', '35']]);
});

const pandoc = spawnSync('pandoc', ['--version']).status === 0;

test('pandoc resolves the same crossref and xdata parents to the same container titles and publishers', { skip: !pandoc && 'pandoc not installed (npm run setup)' }, () => {
  const read = spawnSync('pandoc', ['-f', 'biblatex', '-t', 'csljson', file], { encoding: 'utf8' });
  assert.equal(read.status, 0, read.stderr);
  const theirs = new Map((JSON.parse(read.stdout) as CslItem[]).map((i) => [i.id, i]));
  // pandoc re-cases English titles and renders a biblatex list ("A and B") as "A; B".
  const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase().replace(/’/g, "'").replace(/ and |; /g, '; ') : v);
  for (const key of ['westfahl:space', 'salam', 'pines', 'hyman']) {
    const ours = item(key);
    const other = theirs.get(key)!;
    for (const field of ['type', 'container-title', 'publisher', 'publisher-place']) assert.equal(norm(ours[field]), norm(other[field]), `${key} ${field}`);
    assert.equal(year(ours), year(other), key);
    assert.deepEqual(families(ours.editor), families(other.editor)?.map((f) => f?.replace(/’/g, "'")), key);
  }
});
