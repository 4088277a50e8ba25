// Unit tests of BibTeX / RIS / CSL-JSON / CSL-YAML export, with round trips through Citation.js's own
// parsers (a devDependency: the writers are our own) and through pandoc when it is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { exportReferences, toCslJson, EXPORT_FORMATS } from '../../src/core/export/export';
import { latexText } from '../../src/core/export/bibtexWriter';
import { submissionRecord } from '../../src/core/knowledge/submission';
import type { Reference } from '../../src/core/types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Cite } = require('@citation-js/core') as {
  Cite: new (data: unknown) => { data: CslItem[]; format(f: string, o?: Record<string, unknown>): unknown };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@citation-js/plugin-bibtex');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@citation-js/plugin-ris');

interface CslItem {
  id?: string;
  'citation-key'?: string;
  title?: string;
  author?: { family?: string; given?: string; literal?: string; 'non-dropping-particle'?: string; 'dropping-particle'?: string }[];
  issued?: { 'date-parts'?: number[][] };
  volume?: string | number;
  page?: string;
}

const root = join(__dirname, '..', '..', '..');
const printedReferences: Reference[] = JSON.parse(readFileSync(join(root, 'data', 'references.json'), 'utf8'));
// What the exports must carry: each review entry as completed from its record where it was (the
// printed fields otherwise). Exporting the data as stored gives exactly the same files (tested below).
const references = printedReferences.map(submissionRecord);
const truncatedCount = references.filter((r) => r['authors-truncated']).length;

test('the data as stored exports exactly as its completed records', () => {
  for (const { format } of EXPORT_FORMATS) assert.equal(exportReferences(printedReferences, format), exportReferences(references, format), format);
});

// A particle ("van der Vliet") is part of the family name as we store it; parsers split it off.
const review = references.filter((r) => r.origin === undefined);
const added = references.filter((r) => r.origin !== undefined);

test('BibTeX and RIS of the added works carry their identifiers: DOI, PMID, PMCID and the issue; a regulator\'s page its address', () => {
  const bib = exportReferences(added, 'bibtex');
  const ris = exportReferences(added, 'ris');
  for (const ref of added) {
    const entry = bib.slice(bib.indexOf(`{${ref.id},`)).split('\n}')[0];
    const record = ris.split('\n\n').find((r) => r.includes(`ID  - ${ref.id}`))!;
    if (ref.type === 'webpage') {
      assert.ok(entry.includes(`url = {${ref.URL}}`) && record.includes(`UR  - ${ref.URL}`), ref.id);
      assert.ok(entry.includes(`organization = {${ref.publisher}}`), ref.id);
      continue;
    }
    assert.match(entry, new RegExp(`pmid = \\{${ref.PMID}\\}`), ref.id);
    if (ref.DOI) assert.ok(entry.includes(`doi = {${ref.DOI}}`), ref.id);
    if (ref.PMCID) assert.ok(entry.includes(`pmcid = {${ref.PMCID}}`), ref.id);
    if (ref.issue) assert.ok(entry.includes(`number = {${ref.issue}}`), ref.id);
    if (ref.DOI) assert.ok(record.includes(`DO  - ${ref.DOI}`), ref.id);
    if (ref.issue) assert.ok(record.includes(`IS  - ${ref.issue}`), ref.id);
  }
});

const families = (a: CslItem['author']) => (a ?? []).map((n) => [n['dropping-particle'], n['non-dropping-particle'], n.family].filter(Boolean).join(' ') || n.literal);

/** Items with each name's particles joined back into the family name, as we store them. */
function particlesJoined(items: CslItem[]): CslItem[] {
  return items.map((item) => (item.author ? { ...item, author: item.author.map(({ 'dropping-particle': d, 'non-dropping-particle': nd, ...name }) => (d || nd ? { ...name, family: [d, nd, name.family].filter(Boolean).join(' ') } : name)) } : item));
}
const year = (i: CslItem) => Number(i.issued?.['date-parts']?.[0]?.[0]);

test('BibTeX: our citation keys, in order, one @article per paper and one @online per regulator\'s page', () => {
  const bib = exportReferences(references, 'bibtex');
  const keys = [...bib.matchAll(/^@(\w+)\{([^,]+),$/gm)].map((m) => [m[1], m[2]]);
  assert.deepEqual(keys, references.map((r) => [r.type === 'webpage' ? 'online' : 'article', r['citation-key']]));
  assert.doesNotMatch(bib, /Clarkson1960Cyclical/);
  assert.ok(bib.startsWith('@article{clarkson1960,\n'));
  assert.match(
    bib,
    /@article\{clarkson1960,\n\tauthor = \{Clarkson, B\. and Thompson, D\. and Horwith, M\. and Luckey, E\. H\.\},\n\tjournal = \{Am J Med\},\n\tyear = \{1960\},\n\tpages = \{193\},\n\ttitle = \{Cyclical edema and shock due to increased capillary permeability\},\n\tvolume = \{29\},\n\}/,
  );
});

test('BibTeX: truncated author lists end in "and others", complete ones do not', () => {
  const bib = exportReferences(references, 'bibtex');
  assert.equal((bib.match(/ and others\},$/gm) ?? []).length, truncatedCount);
  assert.doesNotMatch(bib, /\{others\}/);
  assert.match(bib, /author = \{Dahan, L\. and Ressiot, E\. and Cournede, A\. and others\},/);
  const single = exportReferences([references.find((r) => r.id === 'clarkson1960')!], 'bibtex');
  assert.doesNotMatch(single, /others/);
});

test('BibTeX round trip: keys, titles, authors, years of all 72 survive', () => {
  const parsed = new Cite(exportReferences(references, 'bibtex')).data;
  assert.equal(parsed.length, references.length);
  parsed.forEach((item, i) => {
    const ref = references[i];
    assert.equal(item['citation-key'] ?? item.id, ref['citation-key'], `key of ${ref.id}`);
    assert.equal(item.title, ref.title, `title of ${ref.id}`);
    const authors = families(item.author);
    if (ref['authors-truncated']) assert.equal(authors.pop(), 'others', `${ref.id} ends in others`);
    assert.deepEqual(authors, families(ref.author), `authors of ${ref.id}`);
    assert.equal(year(item), ref.issued['date-parts'][0][0], `year of ${ref.id}`);
    assert.equal(item.volume === undefined ? undefined : String(item.volume), ref.volume, `volume of ${ref.id}`);
  });
});

test('BibTeX and RIS: what Citation.js wrote for all 72, byte for byte (et-al and line fixes aside)', () => {
  // The review's entries as printed: for the added works and the completed entries our writers also
  // keep PMID and PMCID, which Citation.js drops.
  const completed = new Set(printedReferences.filter((r) => r.completed).map((r) => r.id));
  const references = review.filter((r) => !completed.has(r.id));
  const items = references.map((ref) => {
    const item = toCslJson(ref);
    if (ref['authors-truncated']) item.author = [...(ref.author ?? []), { literal: 'others' }];
    return item;
  });
  const bib = String(new Cite(items).format('bibtex', { format: 'text' })).replace(/ and \{others\}\}/g, ' and others}');
  assert.equal(exportReferences(references, 'bibtex'), bib.trim() + '\n');
  const records = new Cite(references.map(toCslJson)).format('ris', { format: 'object' }) as Record<string, string | string[]>[];
  const ris = records.map((record) => {
    const lines = [`TY  - ${String(record.TY)}`];
    for (const [tag, value] of Object.entries(record)) {
      if (tag !== 'TY') for (const v of ([] as string[]).concat(value)) lines.push(`${tag}  - ${v}`);
    }
    return [...lines, 'ER  - '].join('\n');
  });
  assert.equal(exportReferences(references, 'ris'), ris.join('\n\n') + '\n');
});

test('BibTeX text: LaTeX specials escaped, accents as commands, capitals protected in titles', () => {
  assert.equal(latexText('Stürmer & García: 50% of $5 #1 a_b {x} ~ ^ \\'), 'St{\\" u}rmer \\& Garc{\\\' i}a: 50\\% of \\$5 \\#1 a\\_b \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
  assert.equal(latexText('TNF-α, Ørsted'), 'TNF-α, Ørsted');
  const bib = exportReferences([{ ...references[0], title: 'Sepsis in Europe: IgG and TNF-α levels', page: '193-195' }], 'bibtex');
  assert.match(bib, /title = \{Sepsis in \{Europe\}: \{IgG\} and \{TNF\}-α levels\},/);
  assert.match(bib, /pages = \{193--195\},/);
  const ris = exportReferences([{ ...references[0], page: '193-195', title: 'Two\nlines' }], 'ris');
  assert.match(ris, /^SP {2}- 193\nEP {2}- 195$/m);
  assert.match(ris, /^TI {2}- Two lines$/m);
});

test('RIS: every line is one tag, titles unwrapped', () => {
  const ris = exportReferences(references, 'ris');
  const lines = ris.split('\n');
  for (const line of lines) assert.match(line, /^$|^[A-Z][A-Z0-9]  - /, JSON.stringify(line));
  const pages = references.filter((r) => r.type === 'webpage').length;
  assert.equal(lines.filter((l) => l.startsWith('TY  - JOUR')).length, references.length - pages);
  assert.equal(lines.filter((l) => l.startsWith('TY  - ELEC')).length, pages);
  assert.equal(lines.filter((l) => l === 'ER  - ').length, references.length);
  const titles = lines.filter((l) => l.startsWith('TI  - ')).map((l) => l.slice(6));
  assert.deepEqual(titles, references.map((r) => r.title));
  assert.ok(references.some((r) => r.title.length > 70), 'the data has titles longer than 70 characters');
  // Truncated lists: the known authors, then "et al." on its own author line; nothing invented.
  const dahan = ris.split('\n\n').find((r) => r.includes('ID  - dahan2007'))!;
  assert.deepEqual(
    dahan.split('\n').filter((l) => l.startsWith('AU  - ')),
    ['AU  - Dahan, L.', 'AU  - Ressiot, E.', 'AU  - Cournede, A.', 'AU  - et al.'],
  );
  assert.equal((ris.match(/^AU  - et al\.$/gm) ?? []).length, truncatedCount);
  assert.doesNotMatch(ris, /others/);
  const clarkson = ris.split('\n\n').find((r) => r.includes('ID  - clarkson1960'))!;
  assert.doesNotMatch(clarkson, /et al/);
});

test('RIS round trip: keys, titles, authors, years of all 72 survive', () => {
  const parsed = new Cite(exportReferences(references, 'ris')).data;
  assert.equal(parsed.length, references.length);
  parsed.forEach((item, i) => {
    const ref = references[i];
    assert.equal(item.id, ref['citation-key'], `ID of ${ref.id}`);
    assert.equal(item.title, ref.title, `title of ${ref.id}`);
    // Citation.js reads "AU  - et al." back as the literal name "et al.".
    const expected = [...families(ref.author), ...(ref['authors-truncated'] ? ['et al.'] : [])];
    assert.deepEqual(families(item.author), expected, `authors of ${ref.id}`);
    assert.equal(year(item), ref.issued['date-parts'][0][0], `year of ${ref.id}`);
    assert.equal(item.page, ref.page, `page of ${ref.id}`);
  });
});

test('CSL-JSON: clean items, citation-key kept, nothing else lost', () => {
  const json = JSON.parse(exportReferences(references, 'csljson')) as Record<string, unknown>[];
  assert.equal(json.length, references.length);
  json.forEach((item, i) => {
    const ref = references[i];
    for (const f of ['number', 'authors-truncated', 'title-translated', 'review-listing', 'origin', 'provenance']) {
      assert.ok(!(f in item), `${ref.id} has no ${f}`);
    }
    assert.equal(item['citation-key'], ref['citation-key']);
    const { number, 'authors-truncated': t, 'title-translated': tt, 'review-listing': rl, origin, provenance, ...rest } = ref;
    void number, tt, rl, origin, provenance;
    // "et al." survives as a literal last author (how pandoc and Zotero read it), nothing else added.
    const author = t ? [...(ref.author ?? []), { literal: 'et al.' }] : ref.author;
    assert.deepEqual(item, { ...rest, ...(author ? { author } : {}) });
  });
  assert.equal(json.filter((i) => JSON.stringify(i.author ?? []).endsWith('{"literal":"et al."}]')).length, truncatedCount);
  assert.deepEqual(toCslJson(references[0]), json[0]);
  // Citation.js reads it back.
  assert.equal(new Cite(exportReferences(references, 'csljson')).data.length, references.length);
});

test('CSL-YAML: one truncated entry, exactly', () => {
  const karatzios = references.find((r) => r.id === 'karatzios2006')!;
  assert.equal(
    exportReferences([karatzios], 'cslyaml'),
    [
      '---',
      'references:',
      '- id: "karatzios2006"',
      '  type: "article-journal"',
      '  author:',
      '    - family: "Karatzios"',
      '      given: "C."',
      '    - family: "Gauvin"',
      '      given: "F."',
      '    - family: "Egerszegi"',
      '      given: "E. P."',
      '    - literal: "et al."',
      '  title: "Systemic capillary leak syndrome presenting as recurrent shock"',
      '  container-title: "Pediatr Crit Care Med"',
      '  container-title-short: "Pediatr Crit Care Med"',
      '  issued:',
      '    date-parts:',
      '      - [2006]',
      '  volume: "7"',
      '  page: "377"',
      '  citation-key: "karatzios2006"',
      '...',
      '',
    ].join('\n'),
  );
});

const pandoc = spawnSync('pandoc', ['--version']).status === 0;

/** pandoc reads straight quotes in YAML as typographic ones (and prints them so from CSL-JSON too). */
const straightQuotes = (json: string) => JSON.parse(json.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '\\"'));

test('pandoc reads our CSL-YAML as our CSL-JSON, "et al." included', { skip: !pandoc && 'pandoc not installed (npm run setup)' }, () => {
  const read = spawnSync('pandoc', ['-f', 'markdown', '-t', 'csljson'], { input: exportReferences(references, 'cslyaml'), encoding: 'utf8' });
  assert.equal(read.status, 0, read.stderr);
  // pandoc splits "van der Vliet" into a particle and a family name; we store them as one family name.
  assert.deepEqual(particlesJoined(straightQuotes(read.stdout) as CslItem[]), JSON.parse(exportReferences(references, 'csljson')));
  // Markdown that pandoc would otherwise read into its YAML strings: quotes, dashes, emphasis, markers.
  const tricky: Reference = {
    ...references[0],
    title: `O'Brien's "rule" -- *not* _this_ [x] <b> a~b^c $5 @key #1 ... \\ | & end`,
    author: [{ family: '1. Smith', given: '- A.' }, { literal: '+ B' }],
    page: '12--14',
  };
  const back = spawnSync('pandoc', ['-f', 'markdown', '-t', 'csljson'], { input: exportReferences([tricky], 'cslyaml'), encoding: 'utf8' });
  assert.deepEqual(straightQuotes(back.stdout), JSON.parse(exportReferences([tricky], 'csljson')));
});

test('pandoc prints "et al." after the known authors from CSL-JSON, CSL-YAML and BibTeX', { skip: !pandoc && 'pandoc not installed (npm run setup)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-export-'));
  try {
    const lists = (['csljson', 'cslyaml', 'bibtex'] as const).map((format) => {
      const file = join(dir, `refs.${EXPORT_FORMATS.find((f) => f.format === format)!.extension}`);
      writeFileSync(file, exportReferences(references, format));
      const run = spawnSync('pandoc', ['--citeproc', '--bibliography', file, '-t', 'plain', '--wrap=none'], { input: '---\nnocite: "@*"\n---\n', encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout.split('\n').filter(Boolean);
    });
    for (const list of lists) {
      assert.equal(list.length, references.length);
      // "et al." where the list was truncated, and where pandoc's Chicago cuts a list of more than ten.
      const chicagoCut = references.filter((r) => !r['authors-truncated'] && (r.author?.length ?? 0) > 10).length;
      assert.equal(list.filter((e) => /, (and )?et al\. \d{4}\./.test(e)).length, truncatedCount + chicagoCut, list.join('\n'));
      // pandoc's default style (Chicago) puts "and" before a literal last name; AMA and Vancouver do not.
      assert.ok(list.some((e) => e.startsWith('Karatzios, C., F. Gauvin, E. P. Egerszegi, ') && e.includes('et al. 2006.')));
    }
    assert.deepEqual(lists[1], lists[0], 'CSL-YAML renders like CSL-JSON');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pandoc reads our BibTeX: 72 entries, keys, titles, "others" as its et-al name', { skip: !pandoc && 'pandoc not installed (npm run setup)' }, () => {
  const read = spawnSync('pandoc', ['-f', 'bibtex', '-t', 'csljson'], { input: exportReferences(references, 'bibtex'), encoding: 'utf8' });
  assert.equal(read.status, 0, read.stderr);
  const items = JSON.parse(read.stdout) as CslItem[];
  const byId = new Map(items.map((i) => [i.id, i]));
  assert.equal(items.length, references.length);
  for (const ref of references) {
    const item = byId.get(ref.id)!;
    // pandoc's BibTeX reader re-cases titles (it capitalises after a colon) and curls apostrophes.
    assert.equal(item.title?.toLowerCase().replace(/’/g, "'"), ref.title.toLowerCase(), ref.id);
    const expected = [...families(ref.author), ...(ref['authors-truncated'] ? ['others'] : [])];
    assert.deepEqual(families(item.author).map((f) => f?.replace(/’/g, "'")), expected, ref.id);
  }
});

test('export formats, empty input, unknown format', () => {
  assert.deepEqual(EXPORT_FORMATS.map((f) => f.format), ['bibtex', 'ris', 'csljson', 'cslyaml']);
  assert.equal(exportReferences([], 'bibtex'), '');
  assert.equal(exportReferences([], 'ris'), '');
  assert.equal(exportReferences([], 'csljson'), '[]\n');
  assert.equal(exportReferences([], 'cslyaml'), '---\nreferences: []\n...\n');
  for (const f of ['bibtex', 'ris', 'csljson', 'cslyaml'] as const) assert.ok(exportReferences(references, f).endsWith('\n'), f);
  assert.throws(() => exportReferences(references, 'endnote' as never), /Unknown export format "endnote"/);
});
