// Any journal's style: .csl files (independent and dependent), the journal index built from the CSL
// repository, pandoc's `csl:` in the YAML header, and the CLI's --style, against the real built files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CitationFormatter } from '../../src/core/format/citations';
import { CslFileError, readCslFile } from '../../src/core/styles/cslFile';
import { declaredStyle } from '../../src/core/styles/declaredStyle';
import { JournalIndex, type JournalData } from '../../src/core/styles/journalIndex';
import { resolveStyle, type StyleSources } from '../../src/core/styles/resolveStyle';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const cslDir = join(root, 'dist', 'csl');
const fixtures = join(root, 'test', 'fixtures', 'styles');
const cli = join(root, 'dist', 'cli.js');
const load = (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8'));
const kb = loadKnowledgeBase(join(root, 'data'));
const index = new JournalIndex(JSON.parse(readFileSync(join(root, 'dist', 'journals.json'), 'utf8')) as JournalData);
const shipped = load('styles.json');
const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
const sources: StyleSources = { shipped, journals: () => index, readFile: read };

function iscls(args: string[], cwd = root) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
}

test('a .csl file says what it is: independent, dependent (with its parent), or refused with one reason', () => {
  const ama = readCslFile(readFileSync(join(cslDir, 'american-medical-association.csl'), 'utf8'), 'ama.csl');
  assert.equal(ama.kind, 'independent');
  assert.equal(ama.id, 'american-medical-association');
  assert.equal(ama.numeric, true);
  const dependent = readCslFile(readFileSync(join(fixtures, 'journal-of-example-medicine.csl'), 'utf8'), 'x.csl');
  assert.deepEqual(dependent, { kind: 'dependent', id: 'journal-of-example-medicine', title: 'Journal of Example Medicine', parent: 'example-parent-numbers', parentUrl: 'http://www.zotero.org/styles/example-parent-numbers', numeric: true });
  for (const [file, why] of [['not-a-style.csl', /not a CSL style/], ['cut-short.csl', /cut short/]] as const) {
    assert.throws(() => readCslFile(readFileSync(join(fixtures, file), 'utf8'), file), (e: unknown) => e instanceof CslFileError && why.test(e.message));
  }
  const noBibliography = readFileSync(join(fixtures, 'example-parent-numbers.csl'), 'utf8').replace(/<bibliography>[\s\S]*<\/bibliography>/, '');
  assert.throws(() => readCslFile(noBibliography, 'n.csl'), /has no <bibliography>/);
});

test('the journal index finds a journal by its name, its abbreviation or its ISSN', () => {
  assert.ok(index.journals.length > 3000, `${index.journals.length} journals`);
  assert.equal(index.search('Mayo Clinic Proceedings')[0].style, 'mayo-clinic-proceedings');
  assert.equal(index.search('mayo clin proc')[0].style, 'mayo-clinic-proceedings');
  assert.equal(index.search('J Allergy Clin Immunol')[0].style, 'the-journal-of-allergy-and-clinical-immunology');
  assert.equal(index.search('0091-6749')[0].style, 'the-journal-of-allergy-and-clinical-immunology');
  assert.equal(index.search('1097-6825')[0].style, 'the-journal-of-allergy-and-clinical-immunology', 'e-ISSN');
  assert.equal(index.search('Blood')[0].style, 'blood');
  assert.deepEqual(index.search('   '), []);
  // Every dependent journal's parent is shipped or bundled: each resolves offline.
  const ids = new Set(shipped.map((s: { id: string }) => s.id));
  for (const j of index.journals) if (j.parent) assert.ok(ids.has(j.parent) || index.parentXml(j.parent), `${j.style} needs ${j.parent}`);
});

test('a journal chosen from the index formats with its parent style under its own name', () => {
  const mayo = resolveStyle('mayo-clinic-proceedings', sources);
  assert.deepEqual(mayo.info, { id: 'mayo-clinic-proceedings', label: 'Mayo Clinic Proceedings', numeric: true });
  assert.deepEqual(mayo.layout, { shipped: 'american-medical-association' });
  const jaci = resolveStyle('the-journal-of-allergy-and-clinical-immunology', sources);
  assert.ok('xml' in jaci.layout && jaci.layout.xml.includes('vancouver-superscript-only-year'));
  const formatter = new CitationFormatter([...kb.references], load);
  formatter.addStyle(mayo);
  formatter.addStyle(jaci);
  assert.equal(formatter.reference('clarkson1960', 'mayo-clinic-proceedings'), formatter.reference('clarkson1960', 'american-medical-association'));
  assert.match(formatter.reference('clarkson1960', 'the-journal-of-allergy-and-clinical-immunology'), /^Clarkson B, Thompson D, Horwith M, Luckey EH\. Cyclical edema and shock due to increased capillary permeability\. Am J Med/);
  assert.equal(formatter.isNumeric('the-journal-of-allergy-and-clinical-immunology'), true);
  assert.throws(() => resolveStyle('blood', sources), /"Blood" has a style of its own, blood\.csl, which is not bundled: save https:\/\/www\.zotero\.org\/styles\/blood/);
  assert.throws(() => resolveStyle('no-such-style', sources), /Unknown citation style 'no-such-style'/);
});

test('a dependent .csl takes its parent from beside it, or says exactly which file is needed', () => {
  const style = resolveStyle(join(fixtures, 'journal-of-example-medicine.csl'), sources);
  assert.equal(style.info.label, 'Journal of Example Medicine');
  assert.ok('xml' in style.layout && style.layout.xml.includes('Example Parent (numbers)'));
  const formatter = new CitationFormatter([...kb.references], load);
  formatter.addStyle(style);
  assert.equal(formatter.reference('clarkson1960', 'journal-of-example-medicine'), 'Clarkson B, Thompson D, Horwith M, Luckey EH. Cyclical edema and shock due to increased capillary permeability. Am J Med (1960).');
  assert.throws(
    () => resolveStyle(join(fixtures, 'journal-of-orphan-medicine.csl'), sources),
    (e: unknown) => e instanceof CslFileError && e.message.includes(`Save http://www.zotero.org/styles/example-missing-parent as ${join(fixtures, 'example-missing-parent.csl')} beside it.`),
  );
  // The writer's own copy of a shipped style is not the shipped style.
  const own = resolveStyle(join(cslDir, 'vancouver.csl'), sources);
  assert.equal(own.info.id, 'vancouver-file');
});

test('pandoc\'s csl: in the YAML header is read as written', () => {
  assert.equal(declaredStyle('---\ntitle: x\ncsl: styles/blood.csl\n---\nText'), 'styles/blood.csl');
  assert.equal(declaredStyle('---\ncsl: "my style.csl" # ours\n...\n'), 'my style.csl');
  assert.equal(declaredStyle('No header\ncsl: x.csl\n'), undefined);
  assert.equal(declaredStyle('---\ntitle: x\n---\ncsl: x.csl\n'), undefined);
});

test('iscls: --style takes a journal or a .csl file; csl: in the header too; a bad .csl is one clear error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-style-'));
  for (const f of ['journal-of-example-medicine.csl', 'example-parent-numbers.csl', 'not-a-style.csl']) copyFileSync(join(fixtures, f), join(dir, f));
  const doc = join(dir, 'paper.md');
  writeFileSync(doc, '---\ntitle: Paper\ncsl: journal-of-example-medicine.csl\n---\n\nCapillary leak [@clarkson1960].\n');
  const bib = iscls(['bib', doc]);
  assert.equal(bib.status, 0, bib.stderr);
  assert.match(bib.stdout, /Clarkson B, Thompson D, Horwith M, Luckey EH\. Cyclical edema and shock due to increased capillary permeability\. \*?Am J Med\*? \(1960\)\./);
  const mayo = iscls(['cite', 'clarkson1960', '--style', 'mayo-clinic-proceedings']);
  assert.equal(mayo.status, 0, mayo.stderr);
  assert.match(mayo.stdout, /Am J Med\. 1960;29:193\./);
  const bad = iscls(['bib', doc, '--style', join(dir, 'not-a-style.csl')]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /not-a-style\.csl is not a CSL style: a \.csl file is XML whose root element is <style>\./);
  assert.equal(bad.stdout, '');
  writeFileSync(doc, '---\ncsl: missing.csl\n---\n\nText [@clarkson1960].\n');
  const missing = iscls(['bib', doc]);
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /paper\.md: csl: Cannot read the style file .*missing\.csl\./);
});

const hasDebianStyles = spawnSync('test', ['-d', '/usr/share/citation-style-language/styles/dependent']).status === 0;
test('vendor/csl/journals is exactly what the CSL repository in Debian\'s package gives', { skip: !hasDebianStyles && !process.env.CI ? 'citation-style-language-styles is not installed (npm run setup installs it)' : false }, () => {
  const check = spawnSync(process.execPath, [join(root, 'scripts', 'journal-index.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
});

test('iscls styles --journal finds a journal and gives the id --style takes', () => {
  const found = iscls(['styles', '--journal', 'mayo clin proc']);
  assert.equal(found.status, 0, found.stderr);
  assert.equal(found.stdout.split('\n')[0], 'mayo-clinic-proceedings\tMayo Clinic Proceedings\t0025-6196\tstyle of american-medical-association');
  assert.match(iscls(['styles', '--journal', '0006-4971']).stdout, /^blood\tBlood\t0006-4971, 1528-0020\town style, not bundled: https:\/\/www\.zotero\.org\/styles\/blood\n/);
  const none = iscls(['styles', '--journal', 'zzzz qqqq']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no journal matches 'zzzz qqqq'/);
});
