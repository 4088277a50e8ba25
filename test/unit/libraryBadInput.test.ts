// Bad input, nothing lost: files in other encodings are decoded, binary files are named
// for what they are, empty files are empty, and CSL-JSON in other shapes loads or says why not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLibrary, parseLibraryInSlices, parseLibraryText, type LibraryFormat } from '../../src/core/library';

const BIB = '@book{knuth1984,\n  author = {Knuth, Donald E.},\n  title = {The {\\TeX}book},\n  publisher = {Addison-Wesley},\n  year = {1984},\n}\n';
const RIS = 'TY  - BOOK\nID  - knuth1984\nAU  - Knuth, Donald E.\nTI  - The TeXbook\nPB  - Addison-Wesley\nPY  - 1984\nER  - \n';

function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const bytes = order === 'le' ? le : Buffer.from(le).swap16();
  const mark = order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), bytes]) : bytes;
}

test('UTF-16 with a BOM (both byte orders) is decoded exactly, BibTeX and RIS alike', async () => {
  for (const order of ['le', 'be'] as const) {
    for (const [name, text] of [['lib.bib', BIB], ['lib.ris', RIS]]) {
      const parsed = parseLibrary(utf16(text, order, true), name);
      assert.deepEqual(parsed.problems, [], `${name} ${order}`);
      assert.deepEqual(parsed.entries.map((e) => [e.key, e.item.publisher, e.line]), [['knuth1984', 'Addison-Wesley', 1]], `${name} ${order}`);
    }
    const sliced = await parseLibraryInSlices(utf16(BIB, order, true), 'lib.bib', async () => undefined);
    assert.equal(sliced.entries[0].item.title, 'The TeXbook');
  }
});

test('UTF-16 without a BOM is recognised by its zero bytes, decoded, and named in a warning', () => {
  for (const order of ['le', 'be'] as const) {
    const parsed = parseLibrary(utf16(BIB, order, false), 'lib.bib');
    assert.deepEqual(parsed.entries.map((e) => e.key), ['knuth1984']);
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0].message, new RegExp(`read as UTF-16${order.toUpperCase()} \\(no byte-order mark\\)`));
  }
});

test('a binary file is reported as such (with what it looks like) and nothing is parsed', async () => {
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.from('word/document.xml @article{x, title={y}}')]);
  const docx = parseLibrary(zip, 'refs.bib');
  assert.equal(docx.entries.length, 0);
  assert.deepEqual(docx.problems.map((p) => [p.file, p.line, p.severity]), [['refs.bib', 0, 'error']]);
  assert.match(docx.problems[0].message, /not a library export: this is a ZIP archive .*nothing loaded/);
  const sqlite = parseLibrary(Buffer.from('SQLite format 3\0\x10\0\x01\x01\0@\x20\x20'), 'zotero.json');
  assert.match(sqlite.problems[0].message, /an SQLite database/);
  const enl = Buffer.alloc(256);
  enl.write('\n\nEndNote', 10);
  const unknown = parseLibrary(enl, 'library.xml');
  assert.match(unknown.problems[0].message, /a binary file \(a NUL byte on line 1\).*\.enl library is not readable/);
  const sliced = await parseLibraryInSlices(zip, 'refs.bib', async () => undefined);
  assert.deepEqual(sliced, docx);
});

test('a text file with a stray NUL byte loads every entry, with a warning on the NUL\'s line', () => {
  const text = `${BIB}\n@article{lee2001,\n  title = {A title\0 with a NUL},\n  year = 2001,\n}\n`;
  const parsed = parseLibrary(Buffer.from(text), 'lib.bib');
  assert.deepEqual(parsed.entries.map((e) => [e.key, e.line]), [['knuth1984', 1], ['lee2001', 8]]);
  assert.equal(parsed.entries[1].item.title, 'A title with a NUL');
  assert.deepEqual(parsed.problems.map((p) => [p.line, p.severity]), [[9, 'warning']]);
  assert.match(parsed.problems[0].message, /1 NUL byte \(the first on this line\) ignored/);
});

test('an empty (or blank) file in every format: 0 entries, no problem, no crash', async () => {
  const formats: [string, LibraryFormat][] = [['a.bib', 'bibtex'], ['a.json', 'csljson'], ['a.yaml', 'cslyaml'], ['a.ris', 'ris'], ['a.xml', 'endnotexml']];
  for (const [name, format] of formats) {
    for (const text of ['', ' \n\t\r\n']) {
      assert.deepEqual(parseLibraryText(text, name, format), { file: name, format, entries: [], problems: [] }, `${name} ${JSON.stringify(text)}`);
      assert.deepEqual(parseLibrary(Buffer.from(text), name).entries, []);
    }
    assert.deepEqual(parseLibrary(new Uint8Array(0), name).problems, [], name);
    assert.deepEqual((await parseLibraryInSlices(new Uint8Array(0), name, async () => undefined)).entries, []);
  }
  assert.deepEqual(parseLibrary(Buffer.from([0xef, 0xbb, 0xbf]), 'bom.bib').problems, []);
});

const ITEM = { id: 'knuth1984', type: 'book', title: 'The TeXbook', author: [{ family: 'Knuth', given: 'Donald E.' }], publisher: 'Addison-Wesley', issued: { 'date-parts': [[1984]] } };

test('CSL-JSON that is not an array: {"items": [...]}, one item, or a map of items by id all load', () => {
  const wrapped = parseLibraryText(JSON.stringify({ items: [ITEM] }, null, 2), 'w.json', 'csljson');
  assert.deepEqual(wrapped.problems, []);
  assert.deepEqual(wrapped.entries.map((e) => [e.key, e.line, e.item.publisher]), [['knuth1984', 4, 'Addison-Wesley']]);
  const single = parseLibraryText(JSON.stringify(ITEM, null, 2), 's.json', 'csljson');
  assert.deepEqual(single.problems, []);
  assert.deepEqual(single.entries.map((e) => [e.key, e.line]), [['knuth1984', 2]]);
  const { id: _, ...noId } = ITEM;
  const map = parseLibraryText(JSON.stringify({ knuth1984: noId }, null, 2), 'm.json', 'csljson');
  assert.deepEqual(map.problems, []);
  assert.deepEqual(map.entries.map((e) => [e.key, e.item.title]), [['knuth1984', 'The TeXbook']]);
  const yaml = parseLibraryText('---\nid: knuth1984\ntype: book\ntitle: The TeXbook\n...\n', 'one.yaml', 'cslyaml');
  assert.deepEqual(yaml.entries.map((e) => [e.key, e.item.type]), [['knuth1984', 'book']]);
});

test('CSL-JSON of another shape is one error on the line where it starts, naming the kind found, never its keys or values', () => {
  const other = parseLibraryText('\n\n{\n  "name": "my-package",\n  "version": "1.0.0"\n}\n', 'package.json', 'csljson');
  assert.equal(other.entries.length, 0);
  assert.deepEqual(other.problems.map((p) => [p.line, p.severity]), [[3, 'error']]);
  assert.equal(other.problems[0].message, 'not CSL-JSON, nothing loaded: expected an array of items, found an object of 2 fields that is not a list of items');
  const secrets = parseLibraryText('{"apiToken": "sk-123", "password": "hunter2"}', 'settings.json', 'csljson');
  assert.doesNotMatch(secrets.problems[0].message, /apiToken|password|sk-123|hunter2/);
  assert.doesNotMatch(parseLibraryText('"sk-secret-token"', 'n.json', 'csljson').problems[0].message, /sk-secret-token/);
  assert.doesNotMatch(parseLibraryText('{"apiToken": sk-123}', 'n.json', 'csljson').problems[0].message, /apiToken|sk-123/);
  assert.match(parseLibraryText('42', 'n.json', 'csljson').problems[0].message, /found a number/);
  assert.match(parseLibraryText('null', 'n.json', 'csljson').problems[0].message, /found null/);
  assert.match(parseLibraryText('{}', 'n.json', 'csljson').problems[0].message, /found an empty object/);
  assert.match(parseLibraryText('title: x\n', 'n.yaml', 'cslyaml').problems[0].message, /not CSL-YAML, nothing loaded: expected a "references:" list, found an object of 1 field that is not a list of items/);
});
