// The BibTeX and RIS writers for the writer's own works: each CSL type gets its own entry
// type, and publisher, place, edition, editors, a chapter's book title, ISBN, URL and note are kept.
// Our readers read back what our writers write to the same CSL; pandoc (when installed) reads our
// BibTeX to the same type, publisher and container title.
// The works are real: their data is taken from biblatex's own examples file (biblatex-examples.bib,
// in the biblatex distribution), with no identifier that file does not give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { toBibtex } from '../../src/core/export/bibtexWriter';
import { toRis } from '../../src/core/export/risWriter';
import { exportReferences } from '../../src/core/export/export';
import { parseLibraryText } from '../../src/core/library';
import type { ExportItem } from '../../src/core/export/exportItem';
import type { CslItem } from '../../src/core/library/types';
import type { Reference } from '../../src/core/types';

const year = (y: number, m?: number) => ({ 'date-parts': [m ? [y, m] : [y]] });

/** One work of each type the writers tell apart. */
const WORKS: ExportItem[] = [
  {
    id: 'companion', type: 'book', author: [{ family: 'Goossens', given: 'Michel' }, { family: 'Mittelbach', given: 'Frank' }, { family: 'Samarin', given: 'Alexander' }],
    title: 'The LaTeX Companion', issued: year(1994), edition: '1', publisher: 'Addison-Wesley', 'publisher-place': 'Reading, Mass.',
  },
  {
    id: 'cotton', type: 'book', author: [{ family: 'Cotton', given: 'Frank Albert' }, { family: 'Wilkinson', given: 'Geoffrey' }], 'authors-truncated': true,
    title: 'Advanced inorganic chemistry', issued: year(1999), edition: '6', publisher: 'Wiley', 'publisher-place': 'Chichester',
  },
  {
    id: 'gonzalez', type: 'book', author: [{ family: 'Gonzalez', given: 'Ray' }], title: 'The Ghost of John Wayne and Other Stories', issued: year(2001),
    publisher: 'The University of Arizona Press', 'publisher-place': 'Tucson', ISBN: '0-816-52066-6',
  },
  {
    id: 'pines', type: 'chapter', author: [{ family: 'Pines', given: 'Shlomo' }], editor: [{ family: 'Twersky', given: 'Isadore' }],
    title: 'The Limitations of Human Knowledge According to Al-Farabi, ibn Bajja, and Maimonides', 'container-title': 'Studies in Medieval Jewish History and Literature',
    issued: year(1979), publisher: 'Harvard University Press', 'publisher-place': 'Cambridge, Mass.', page: '82-109',
  },
  {
    id: 'salam', type: 'paper-conference', author: [{ family: 'Salam', given: 'Abdus' }], editor: [{ family: 'Svartholm', given: 'Nils' }],
    title: 'Weak and Electromagnetic Interactions', 'container-title': 'Elementary particle theory', issued: year(1968),
    publisher: 'Almquist & Wiksell', 'publisher-place': 'Stockholm', page: '367-377',
  },
  {
    id: 'loh', type: 'thesis', genre: "Master's thesis", author: [{ family: 'Loh', given: 'Nin C.' }], title: 'High-Resolution Micromachined Interferometric Accelerometer',
    issued: year(1992), publisher: 'Massachusetts Institute of Technology', 'publisher-place': 'Cambridge, Mass.',
  },
  {
    id: 'padhye', type: 'report', author: [{ family: 'Padhye', given: 'Jitendra' }, { family: 'Firoiu', given: 'Victor' }, { family: 'Towsley', given: 'Don' }],
    title: 'A Stochastic Model of TCP Reno Congestion Avoidance and Control', issued: year(1999), number: '99-02',
    publisher: 'University of Massachusetts', 'publisher-place': 'Amherst, Mass.',
  },
  { id: 'ctan', type: 'webpage', title: 'CTAN', issued: year(2006), URL: 'http://www.ctan.org', accessed: { 'date-parts': [[2006, 10, 1]] } },
  {
    id: 'shore', type: 'article-journal', author: [{ family: 'Shore', given: 'Bradd' }], title: 'Twice-Born, Once Conceived', 'container-title': 'American Anthropologist',
    issued: year(1991, 3), volume: '93', issue: '1', page: '9-27', note: 'New series',
  },
  {
    id: 'sorace', type: 'patent', author: [{ family: 'Sorace', given: 'Ronald E.' }, { family: 'Reinhardt', given: 'Victor S.' }, { family: 'Vaughn', given: 'Steven A.' }],
    title: 'High-Speed Digital-to-RF Converter', issued: year(1997, 9), number: '5668842',
  },
];

const FIELDS = ['type', 'title', 'author', 'authors-truncated', 'editor', 'container-title', 'publisher', 'publisher-place', 'edition', 'page', 'volume', 'issue', 'number', 'ISBN', 'URL', 'note', 'issued', 'accessed'] as const;

/** The fields a writer carries, from the work as given and as read back. */
function comparable(item: ExportItem | CslItem, fields: readonly string[] = FIELDS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if ((item as Record<string, unknown>)[f] !== undefined) out[f] = (item as Record<string, unknown>)[f];
  return out;
}

test('BibTeX: one entry type per kind of work, the publisher by its BibTeX name, a chapter\'s book in booktitle', () => {
  const bib = toBibtex(WORKS);
  const heads = [...bib.matchAll(/^@(\w+)\{([^,]+),$/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(heads, ['book companion', 'book cotton', 'book gonzalez', 'incollection pines', 'inproceedings salam', 'mastersthesis loh', 'techreport padhye', 'online ctan', 'article shore', 'misc sorace']);
  const entry = (key: string) => bib.slice(bib.indexOf(`{${key},`), bib.indexOf('\n}', bib.indexOf(`{${key},`)));
  assert.match(entry('pines'), /\tbooktitle = \{Studies in \{Medieval\} \{Jewish\} \{History\} and \{Literature\}\},\n/);
  assert.match(entry('pines'), /\teditor = \{Twersky, Isadore\},\n/);
  assert.match(entry('pines'), /\tpages = \{82--109\},\n/);
  assert.match(entry('salam'), /\tpublisher = \{Almquist \\& Wiksell\},\n\taddress = \{Stockholm\},/);
  assert.match(entry('cotton'), /\tauthor = \{Cotton, Frank Albert and Wilkinson, Geoffrey and others\},/);
  assert.match(entry('cotton'), /\tedition = \{6\},/);
  assert.match(entry('gonzalez'), /\tisbn = \{0-816-52066-6\},/);
  assert.match(entry('loh'), /\tschool = \{Massachusetts Institute of Technology\},/);
  assert.match(entry('padhye'), /\tnumber = \{99-02\},\n[^]*\tinstitution = \{University of Massachusetts\},/);
  assert.match(entry('ctan'), /\turl = \{http:\/\/www.ctan.org\},\n\turldate = \{2006-10-01\},/);
  assert.match(entry('shore'), /\tnumber = \{1\},\n\tmonth = mar,\n/);
});

test('RIS: BOOK, CHAP, CONF, THES, RPRT, ELEC, JOUR, GEN, with publisher, place, edition, editors, ISBN, URL, note', () => {
  const ris = toRis(WORKS);
  assert.deepEqual([...ris.matchAll(/^TY {2}- (\w+)$/gm)].map((m) => m[1]), ['BOOK', 'BOOK', 'BOOK', 'CHAP', 'CONF', 'THES', 'RPRT', 'ELEC', 'JOUR', 'GEN']);
  const record = (id: string) => ris.split('\n\n').find((r) => r.includes(`\nID  - ${id}\n`))!;
  assert.match(record('pines'), /^A2 {2}- Twersky, Isadore$/m);
  assert.match(record('pines'), /^T2 {2}- Studies in Medieval Jewish History and Literature$/m);
  assert.match(record('pines'), /^SP {2}- 82\nEP {2}- 109$/m);
  assert.match(record('salam'), /^PB {2}- Almquist & Wiksell\nCY {2}- Stockholm$/m);
  assert.match(record('cotton'), /^AU {2}- Wilkinson, Geoffrey\nAU {2}- et al\.$/m);
  assert.match(record('cotton'), /^ET {2}- 6$/m);
  assert.match(record('gonzalez'), /^SN {2}- 0-816-52066-6$/m);
  assert.match(record('ctan'), /^UR {2}- http:\/\/www.ctan.org\nY2 {2}- 2006\/10\/01$/m);
  assert.match(record('shore'), /^DA {2}- 1991\/03\/\/$/m);
  assert.match(record('shore'), /^N1 {2}- New series$/m);
  for (const line of ris.split('\n')) assert.match(line, /^$|^[A-Z][A-Z0-9] {2}- /, JSON.stringify(line));
});

test('round trip: our BibTeX and RIS readers read back the CSL our writers wrote (types, et al., publisher…)', () => {
  for (const [format, text] of [['bibtex', toBibtex(WORKS)], ['ris', toRis(WORKS)]] as const) {
    const read = parseLibraryText(text, `works.${format}`, format);
    assert.deepEqual(read.problems, [], format);
    assert.deepEqual(read.entries.map((e) => e.key), WORKS.map((w) => w.id), format);
    read.entries.forEach((entry, i) => {
      const expected = comparable(WORKS[i]);
      // A patent is written as a generic work (@misc / GEN): it comes back as a CSL "document".
      if (WORKS[i].type === 'patent') expected.type = 'document';
      // RIS has no number for a patent (M1 is read for reports only).
      if (format === 'ris' && WORKS[i].type === 'patent') delete expected.number;
      assert.deepEqual(comparable(entry.item), expected, `${format} ${entry.key}`);
    });
  }
});

test('round trip: a thesis keeps its kind; a PhD thesis and a report type too', () => {
  const phd: ExportItem = { id: 'geer', type: 'thesis', genre: 'PhD thesis', author: [{ family: 'de Geer', given: 'Ingrid' }], title: 'Earl, Saint, Bishop, Skald -- and Music', publisher: 'Uppsala Universitet', issued: year(1985) };
  const bib = toBibtex([phd]);
  assert.match(bib, /^@phdthesis\{geer,$/m);
  assert.equal(parseLibraryText(bib, 'x.bib', 'bibtex').entries[0].item.genre, 'PhD thesis');
  const ris = toRis([phd, WORKS.find((w) => w.id === 'loh')!]);
  assert.deepEqual(parseLibraryText(ris, 'x.ris', 'ris').entries.map((e) => e.item.genre), ['PhD thesis', "Master's thesis"]);
});

test('the review\'s list position is not written as a CSL number; a library item\'s number is', () => {
  const review = { id: 'x', 'citation-key': 'x', number: 14, type: 'article-journal', title: 'T', 'container-title': 'J', 'container-title-short': 'J', issued: year(2001), 'review-listing': '' } as Reference;
  assert.doesNotMatch(exportReferences([review], 'bibtex'), /number/);
  assert.doesNotMatch(exportReferences([review], 'ris'), /^(IS|M1)/m);
  assert.equal((JSON.parse(exportReferences([review], 'csljson')) as Record<string, unknown>[])[0].number, undefined);
  const report = WORKS.find((w) => w.id === 'padhye') as unknown as Reference;
  assert.match(exportReferences([report], 'bibtex'), /\tnumber = \{99-02\},/);
  assert.equal((JSON.parse(exportReferences([report], 'csljson')) as Record<string, unknown>[])[0].number, '99-02');
});

const pandoc = spawnSync('pandoc', ['--version']).status === 0;

test('pandoc reads our BibTeX to the same type, publisher and container title', { skip: !pandoc && 'pandoc not installed (npm run setup)' }, () => {
  const read = spawnSync('pandoc', ['-f', 'bibtex', '-t', 'csljson'], { input: toBibtex(WORKS), encoding: 'utf8' });
  assert.equal(read.status, 0, read.stderr);
  const items = new Map((JSON.parse(read.stdout) as CslItem[]).map((i) => [i.id, i]));
  for (const work of WORKS) {
    if (work.type === 'patent') continue; // @misc: pandoc leaves the type empty
    const item = items.get(work.id)!;
    const fields = ['type', 'publisher', 'publisher-place', 'container-title', 'edition', 'ISBN', 'URL', 'page', 'number'];
    assert.deepEqual(comparable(item, fields), comparable(work, fields), work.id);
    assert.equal(item.title, work.title, work.id);
  }
});
