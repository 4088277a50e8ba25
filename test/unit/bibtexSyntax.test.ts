// The BibTeX syntax reader, split into named functions, against the one-function reader it
// replaced (test/support/bibtexSyntaxReference.ts): the same entries, problems and end offsets on the
// fixtures, the benchmark's synthetic library, and generated texts full of broken entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readBibtex } from '../../src/core/library/bibtexSyntax';
import { readBibtex as referenceReadBibtex } from '../support/bibtexSyntaxReference';

const root = join(__dirname, '..', '..', '..');

function same(text: string, from?: number, to?: number): void {
  const actual = readBibtex(text, from, to);
  const expected = referenceReadBibtex(text, from, to);
  assert.deepEqual(actual, expected, JSON.stringify(text.slice(0, 300)));
}

test('split reader = reference reader on the library fixtures and 2,000 synthetic entries', async () => {
  same(readFileSync(join(root, 'test', 'fixtures', 'library', 'refs.bib'), 'utf8'));
  const { syntheticBibtex } = await import(join(root, 'scripts', 'bench', 'library-fixture.mjs'));
  const text = syntheticBibtex(2000) as string;
  same(text);
  for (const cut of [1000, 50_000, 123_457]) {
    same(text, 0, cut);
    same(text, cut);
  }
});

/** Pieces of .bib text, valid and broken, that generated texts are made of. */
const PIECES = [
  '@article{a, title = {A {nested} title}, year = 2001}\n', '@book(b, author = "Smith, J." # " and Lee, K.",)\n',
  '@string{jr = "J Rare Dis"}\n', '@STRING(x = {X})\n', '@preamble{"\\newcommand{\\noop}[1]{}"}\n',
  '@comment{anything @article{inside}}\n', '@comment(note)\n', 'mail me @ home\n', 'x@y.org\n', '% comment\n',
  '@misc{c, journal = jr, month = sep, note = undefinedmacro}\n', '@article{d, title = {unclosed\n', '@article{e, title = "open\n',
  '@article{, title = {no key}}\n', '@article{f title = {no comma}}\n', '@article{g, = {no name}}\n', '@article{h, title}\n',
  '@article{i, title = {T}, title = {again}}\n', '@inproceedings{j, booktitle = {B}, pages = 1--2,}\n', '   @misc{k}\n',
  '@article{l, title = {\\{escaped\\}}, x = "q{"}"}\n', '@article{m, title = }\n', '@book{n,\n  title = {Multi\n line}\n}\n', '}\n', '{\n', '"\n',
];

test('split reader = reference reader on 3,000 generated texts with broken entries, whole and in slices', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 12 })), { maxLength: 14 }),
      fc.nat(),
      (parts, cutSeed) => {
        const text = parts.join('');
        same(text);
        const cut = text.length ? cutSeed % text.length : 0;
        same(text, 0, cut);
        same(text, cut);
      },
    ),
    { numRuns: 3000 },
  );
});
