// NLM journal abbreviations for the writer's records (data/journal-abbreviations.json, from the JabRef lists):
// the data against its schema and its origin; a writer's record with only its journal's full name prints the
// NLM abbreviation in AMA and Vancouver (not in APA, which prints the full name), in the formatter and in
// what the Word export hands pandoc; a name the list lacks prints as written; the review's 72 and the
// added literature print exactly as stored. The records: the literature update's own PubMed records
// (full journal names, as PubMed gives them), as a writer's library would hold them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { CitationFormatter } from '../../src/core/format/citations';
import { JournalAbbreviations, journalKey, type JournalAbbreviationData } from '../../src/core/format/journalAbbreviations';
import { describeFormChanges, titleFormOf } from '../../src/core/format/titleForm';
import { MergedLibrary } from '../../src/core/library/merge';
import { parseLibrary } from '../../src/core/library';
import type { CslItem, Reference } from '../../src/core/types';
import { pandocItem } from '../../src/node/pandocExport';
import { loadKnowledgeBase } from '../../src/node/dataFiles';
import { journalAbbreviationsIn } from '../../src/node/journalAbbreviations';

const root = join(__dirname, '..', '..', '..');
const dataDir = join(root, 'data');
const load = (file: string) => JSON.parse(readFileSync(join(root, 'dist', 'csl', file), 'utf8'));
const data = JSON.parse(readFileSync(join(dataDir, 'journal-abbreviations.json'), 'utf8')) as JournalAbbreviationData;
const list = new JournalAbbreviations(data);
const kb = loadKnowledgeBase(dataDir);
const AMA = 'american-medical-association';

/**
 * A literature-update work as a writer's library holds it: the PubMed record's fields with the journal's
 * full name only (as many BibTeX and RIS exports give it), no provenance.
 */
function writersCopy(key: string): CslItem {
  const r = kb.references.find((x) => x.id === key) as Reference;
  const { origin, provenance, number, 'citation-key': _key, 'container-title-short': _short, ...record } = r as Reference & Record<string, unknown>;
  void origin, provenance, number, _key, _short;
  return { ...record, id: `mine-${key}` } as CslItem;
}
const WORKS = ['xie2015', 'druey2017', 'siddall2017', 'wu2019', 'duron2015', 'shin2018', 'zhao2024'];
const writers = WORKS.map(writersCopy);

function formatter(withList = true): CitationFormatter {
  const f = new CitationFormatter([...kb.references, ...writers], load);
  if (withList) f.journalAbbreviation = (journal) => list.abbreviation(journal);
  return f;
}

test('data/journal-abbreviations.json matches its schema and names its origin: the JabRef MEDLINE lists at one commit, CC0', () => {
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(dataDir, 'schema', 'journal-abbreviations.schema.json'), 'utf8')));
  assert.ok(validate(data), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  assert.deepEqual(data.origin.files, ['journals/journal_abbreviations_medicus.csv', 'journals/journal_abbreviations_entrez.csv']);
  assert.equal(data.origin.licence, 'CC0-1.0');
  const keys = Object.keys(data.abbreviations);
  assert.ok(keys.length > 20000, `${keys.length} abbreviations`);
  // Every key is as the lookup normalises (one rule for the script and the extension), and in one table only.
  for (const key of [...keys, ...data.unchanged]) assert.equal(journalKey(key), key);
  const unchanged = new Set(data.unchanged);
  assert.deepEqual(keys.filter((k) => unchanged.has(k)), []);
  const notices = readFileSync(join(root, 'THIRD_PARTY_NOTICES.md'), 'utf8');
  assert.ok(notices.includes(data.origin.commit.slice(0, 8)), 'THIRD_PARTY_NOTICES names the commit the data was derived from');
});

test('journal names are looked up whole, whatever their case, accents, "&" or leading article; never a part of one', () => {
  assert.equal(journalKey('The Journal of Allergy & Clinical Immunology'), 'journal of allergy and clinical immunology');
  assert.equal(list.abbreviation('The Journal of Allergy and Clinical Immunology'), 'J Allergy Clin Immunol');
  assert.equal(list.abbreviation('JOURNAL OF ALLERGY AND CLINICAL IMMUNOLOGY'), 'J Allergy Clin Immunol');
  assert.equal(list.abbreviation('La Revue de médecine interne'), 'Rev Med Interne');
  assert.equal(list.abbreviation('American Journal of Kidney Diseases'), 'Am J Kidney Dis', 'the NLM title before its subtitle');
  assert.equal(list.abbreviation('Annals of Internal Medicine'), 'Ann Intern Med');
  // Not in the lists (a 2013 journal): never the abbreviation of the title before its colon.
  assert.equal(list.abbreviation('The Journal of Allergy and Clinical Immunology: In Practice'), undefined);
  assert.equal(list.abbreviation('Blood'), undefined, 'NLM keeps "Blood" as it is');
  assert.equal(list.isPrintable('Blood'), true);
  assert.equal(list.isPrintable('J. Allergy Clin. Immunol.'), true, 'already an abbreviation');
  assert.equal(list.isPrintable('Journal of Clinical Medicine'), false);
});

test("a writer's record with the journal's full name prints the NLM abbreviation in AMA and Vancouver, the full name in APA", () => {
  const f = formatter();
  assert.match(f.reference('mine-xie2015', AMA), /\. Am J Med\. 2015;128\(1\):91-95\./);
  assert.match(f.reference('mine-druey2017', AMA), /\. J Allergy Clin Immunol\. 2017;/);
  assert.match(f.reference('mine-siddall2017', 'vancouver'), /\. Kidney Int\. 2017/);
  assert.match(f.reference('mine-wu2019', 'vancouver'), /\. Intern Emerg Med\. 2019/);
  assert.match(f.reference('mine-duron2015', AMA), /\. Rev Med Interne\. 2015/);
  assert.match(f.reference('mine-xie2015', 'apa'), /The American Journal of Medicine/);
  // Journals the 2019-2023 lists do not hold print as the record gives them (never guessed).
  assert.match(f.reference('mine-shin2018', AMA), /\. Journal of Clinical Medicine\. 2018/);
  assert.match(f.reference('mine-zhao2024', AMA), /Human Vaccines & Immunotherapeutics/);
  // Without the list (a host that has not read it yet): the full name, as before.
  assert.match(formatter(false).reference('mine-xie2015', AMA), /The American Journal of Medicine/);
});

test('what was supplied is said: the hover and the check read it from the formatter', () => {
  const f = formatter();
  const changes = f.formChanges('mine-druey2017', AMA);
  assert.deepEqual(changes.journal, { from: 'The Journal of Allergy and Clinical Immunology', to: 'J Allergy Clin Immunol' });
  assert.match(describeFormChanges(changes)[0], /^Journal abbreviation supplied from the NLM list: "The Journal of Allergy and Clinical Immunology" prints as "J Allergy Clin Immunol"/);
  assert.deepEqual(f.formChanges('mine-druey2017', 'apa').journal, undefined, 'APA prints the full name: nothing supplied');
  assert.deepEqual(f.formChanges('mine-shin2018', AMA).journal, undefined);
  assert.deepEqual(f.formChanges('druey2017', AMA), {}, 'the added literature prints as stored');
});

test("the record's own abbreviation wins over the list (BibTeX shortjournal, CSL container-title-short)", () => {
  const bib = join(mkdtempSync(join(tmpdir(), 'iscls-abbrev-')), 'own.bib');
  writeFileSync(bib, '@article{own2017, title = {Idiopathic systemic capillary leak syndrome (Clarkson disease)}, author = {Druey, Kirk M. and Parikh, Samir M.}, year = {2017},\n' +
    '  journal = {The Journal of Allergy and Clinical Immunology}, shortjournal = {JACI}, volume = {140}, pages = {663--670}}\n');
  const items = parseLibrary(readFileSync(bib), bib).entries.map((e) => e.item);
  const f = new CitationFormatter([...kb.references, ...items], load);
  f.journalAbbreviation = (journal) => list.abbreviation(journal);
  assert.match(f.reference('own2017', AMA), /\. JACI\. 2017/);
  assert.deepEqual(f.formChanges('own2017', AMA).journal, undefined);
});

test('the review\'s 72 and the added literature print exactly as without the list, in every shipped style', () => {
  const withList = formatter();
  const without = formatter(false);
  for (const { id: style } of withList.shippedStyles()) {
    for (const r of kb.references) assert.equal(withList.reference(r.id, style), without.reference(r.id, style), `${r.id} in ${style}`);
  }
});

test('the Word export hands pandoc the same abbreviation (CSL-JSON as our formatter prints it)', () => {
  const merged = new MergedLibrary(kb.references, []);
  const resolved = { key: 'mine-xie2015', item: writers[0], source: 'mine.json' };
  const form = titleFormOf(load(`${AMA}.json`));
  assert.equal(pandocItem(resolved, form, (j) => list.abbreviation(j))['container-title-short'], 'Am J Med');
  assert.equal(pandocItem(resolved, titleFormOf(load('apa.json')), (j) => list.abbreviation(j))['container-title-short'], undefined);
  const review = merged.get('xie2015')!;
  assert.deepEqual(pandocItem(review, form, (j) => list.abbreviation(j)), pandocItem(review), 'the added literature as stored');
});

test('the CLI prints the NLM abbreviation for a --library record (bib, refs); a missing list is no failure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-abbrev-cli-'));
  writeFileSync(join(dir, 'mine.json'), JSON.stringify(writers.slice(0, 2), null, 1));
  const cli = join(root, 'dist', 'cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
  const cite = run('cite', 'mine-xie2015', '--library', join(dir, 'mine.json'));
  assert.equal(cite.status, 0, cite.stderr);
  assert.match(cite.stdout, /Am J Med\. 2015;128\(1\):91-95/);
  const apa = run('cite', 'mine-xie2015', '--library', join(dir, 'mine.json'), '--style', 'apa');
  assert.match(apa.stdout, /The American Journal of Medicine/);
  assert.ok(journalAbbreviationsIn(dataDir), 'the Node loader reads data/journal-abbreviations.json');
  assert.equal(journalAbbreviationsIn(join(dir, 'nowhere'), () => undefined), undefined, 'a missing list: journals as written, no failure');
});
