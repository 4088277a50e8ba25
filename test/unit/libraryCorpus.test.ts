// Real library exports nobody here wrote (test/fixtures/library/corpus, origins and licences in its
// README): every entry loads or is named in a problem, never lost silently, and pandoc finds as
// many entries where it is installed. Also the TeX a real Better BibTeX export carries (\ensuremath{{\Delta}}).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLibrary } from '../../src/core/library';

const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'library', 'corpus');
const files = readdirSync(dir).filter((f) => /\.(bib|ris)$/.test(f)).sort();
const pandoc = spawnSync('pandoc', ['--version']).status === 0;

/** Records as a reader counts them: `@type{`/`@type(` heads minus @string/@comment/@preamble, or `TY  -` lines. */
function records(text: string, file: string): number {
  if (file.endsWith('.ris')) return (text.match(/^TY {2}- /gm) ?? []).length;
  return [...text.matchAll(/^[ \t]*@[ \t]*([A-Za-z_]+)[ \t]*[{(]/gm)].filter((m) => !/^(string|comment|preamble)$/i.test(m[1])).length;
}

test('the corpus has real files and a README naming each one\'s origin and licence', () => {
  assert.ok(files.length >= 4);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  for (const file of files) assert.match(readme, new RegExp(`\`${file.replace(/[.]/g, '\\.')}\`.*\\| (MIT|BSD|Apache|CC)`), file);
});

for (const file of files) {
  test(`${file}: no entry lost silently`, () => {
    const bytes = readFileSync(join(dir, file));
    const parsed = parseLibrary(bytes, file);
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    assert.equal(parsed.entries.length + errors.length, records(bytes.toString('utf8'), file), JSON.stringify(parsed.problems));
    if (pandoc && file.endsWith('.bib')) {
      const theirs = JSON.parse(spawnSync('pandoc', ['-f', 'biblatex', '-t', 'csljson', join(dir, file)], { encoding: 'utf8' }).stdout) as unknown[];
      assert.equal(parsed.entries.length, theirs.length);
    }
  });
}

test('a real Better BibTeX title with \\ensuremath{{\\Delta}} and \\alpha prints Δ and α', () => {
  const parsed = parseLibrary(readFileSync(join(dir, 'bbt-capital-delta.bib')), 'bbt-capital-delta.bib');
  assert.equal(parsed.entries[0].item.title, '11-Oxygenated Steroids. XIII. Synthesis and Proof of Structure of Δ1,4-Pregnadiene-17α,21-diol-3,11,20-trione and Δ1,4-Pregnadiene-11β,17α,21-triol-3,20-dione');
  assert.deepEqual(parsed.problems, []);
});
