// The review's entries completed from their records: the printed fields stay as printed, every
// formatter and export gets the completed record (submissionRecord), and the styles' author rules hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CitationFormatter } from '../../src/core/format/citations';
import { completionSummary, submissionRecord } from '../../src/core/knowledge/submission';
import { exportReferences, toCslJson } from '../../src/core/export/export';
import { needsVerification } from '../../src/core/knowledge/caveats';
import { correctionsFor } from '../../src/node/pandocFilter';
import type { Reference } from '../../src/core/types';

const root = join(__dirname, '..', '..', '..');
const cslDir = join(root, 'dist', 'csl');
const text = readFileSync(join(root, 'data', 'references.json'), 'utf8');
const references: Reference[] = JSON.parse(text);
const load = (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8'));
if (!existsSync(join(cslDir, 'styles.json'))) execFileSync(process.execPath, [join(root, 'scripts', 'extract-styles.mjs'), cslDir]);

const name = (family: string, given: string) => ({ family, given });
const printed: Reference = {
  number: 99, id: 'printed2010', 'citation-key': 'printed2010', type: 'article-journal',
  author: [name('Alpha', 'A.'), name('Beta', 'B.'), name('Gamma', 'C.')], 'authors-truncated': true,
  title: 'A printed title', 'container-title': 'Ann Test', 'container-title-short': 'Ann Test',
  issued: { 'date-parts': [[2010]] }, volume: '12', page: '345',
  'review-listing': '99. Alpha A, Beta B, Gamma C, et al. A printed title. Ann Test 2010; 12:345.',
};
const eight = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta'].map((f, i) => name(f, `${'ABCDEFGH'[i]}.`));
function completedWith(authors: number): Reference {
  return {
    ...printed, id: `printed${authors}`, 'citation-key': `printed${authors}`,
    completed: { from: { url: 'https://pubmed.ncbi.nlm.nih.gov/123/', checked: '2026-12-05' }, author: eight.slice(0, authors), issue: '4', page: '345-351', PMID: '123', DOI: '10.1000/test.1' },
  };
}
const four = completedWith(4);
const eightAuthors = completedWith(8);

test('submissionRecord lays the completed fields over the printed ones, drops "et al." and the completion itself', () => {
  const out = submissionRecord(four);
  assert.equal(out.author?.length, 4);
  assert.equal(out['authors-truncated'], undefined);
  assert.equal(out.page, '345-351');
  assert.equal(out.issue, '4');
  assert.equal(out.PMID, '123');
  assert.equal(out.volume, '12', 'a printed field the record does not change stays');
  assert.equal(out.completed, undefined);
  assert.equal(out['review-listing'], printed['review-listing']);
  assert.equal(submissionRecord(printed), printed, 'nothing completed: the same record');
});

test('the printed fields are unchanged: formatting and exporting never modify the records', () => {
  const f = new CitationFormatter(references, load, { precomputed: false });
  for (const r of references.filter((x) => x.completed)) f.reference(r.id, 'american-medical-association');
  exportReferences(references, 'bibtex');
  exportReferences(references, 'ris');
  exportReferences(references, 'csljson');
  correctionsFor(references);
  assert.equal(JSON.stringify(references, null, 2) + '\n', text);
});

test('AMA 11th: all authors up to six; more than six, the first three then "et al."', () => {
  const f = new CitationFormatter([four, eightAuthors], load, { precomputed: false });
  assert.equal(f.reference('printed4', 'american-medical-association'), 'Alpha A, Beta B, Gamma C, Delta D. A printed title. Ann Test. 2010;12(4):345-351. doi:10.1000/test.1');
  assert.equal(f.reference('printed8', 'american-medical-association'), 'Alpha A, Beta B, Gamma C, et al. A printed title. Ann Test. 2010;12(4):345-351. doi:10.1000/test.1');
});

test('Vancouver: up to six authors, then "et al."', () => {
  const f = new CitationFormatter([four, eightAuthors], load, { precomputed: false });
  assert.match(f.reference('printed4', 'vancouver'), /^Alpha A, Beta B, Gamma C, Delta D\. A printed title\. Ann Test\. 2010;12\(4\):345–51\./);
  assert.match(f.reference('printed8', 'vancouver'), /^Alpha A, Beta B, Gamma C, Delta D, Epsilon E, Zeta F, et al\. A printed title\./);
});

test('a real completed entry prints its record: Kapoor 2010 (8 authors) in AMA and Vancouver', () => {
  const f = new CitationFormatter(references, load, { precomputed: false });
  assert.equal(
    f.reference('kapoor2010', 'american-medical-association'),
    'Kapoor P, Greipp PT, Schaefer EW, et al. Idiopathic systemic capillary leak syndrome (Clarkson\u2019s disease): the Mayo clinic experience. Mayo Clin Proc. 2010;85(10):905-912. doi:10.4065/mcp.2010.0159',
  );
  assert.match(f.reference('kapoor2010', 'vancouver'), /^Kapoor P, Greipp PT, Schaefer EW, Mandrekar SJ, Kamal AH, Gonzalez-Paz NC, et al\. .*2010;85\(10\):905–12\./);
});

test('exports carry the completed record and never the completion itself', () => {
  const [json] = JSON.parse(exportReferences([four], 'csljson')) as Record<string, unknown>[];
  assert.equal(json.completed, undefined);
  assert.deepEqual(json.author, eight.slice(0, 4), 'the whole list, no "et al."');
  assert.equal(json.page, '345-351');
  const bib = exportReferences([four], 'bibtex');
  assert.match(bib, /pmid = \{123\}/);
  assert.doesNotMatch(bib, /others/);
  const ris = exportReferences([four], 'ris');
  assert.doesNotMatch(ris, /AU {2}- et al\./);
  assert.match(ris, /EP {2}- 351|SP {2}- 345-351/);
  assert.equal(toCslJson(printed).completed, undefined);
  assert.deepEqual(correctionsFor([four]).truncated, [], 'no "et al." correction for a completed list');
});

test('the caveat only where nothing was completed; a completed entry says what came from which record', () => {
  assert.equal(needsVerification(printed), true);
  assert.equal(needsVerification(four), false);
  assert.equal(completionSummary(printed), undefined);
  assert.equal(completionSummary(four), 'Completed from PubMed 123 (checked 2026-12-05): authors, issue, pages, PMID, DOI.');
});
