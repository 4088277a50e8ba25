// Check Reference List (core/manuscript/referenceCheck.ts): on a fixture manuscript citing a writer's library of
// real works cut the way exports often are, each kind of problem a reference editor sends back is found on
// its line; a manuscript of complete records has none; `iscls check` prints the same findings and exits 1
// on a problem, 0 without, 2 on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CitationFormatter } from '../../src/core/format/citations';
import { referenceCaveat } from '../../src/core/knowledge/caveats';
import { analyseManuscript, citationContextOf, DEFAULT_SETTINGS } from '../../src/core/manuscript/model';
import { checkReferenceList, hasProblems, type CheckFinding } from '../../src/core/manuscript/referenceCheck';
import { cliLibrary } from '../../src/node/library';
import { loadContentNotes, loadKnowledgeBase } from '../../src/node/dataFiles';
import { journalAbbreviationsIn, lazyJournalAbbreviation } from '../../src/node/journalAbbreviations';

const root = join(__dirname, '..', '..', '..');
const dataDir = join(root, 'data');
const load = (file: string) => JSON.parse(readFileSync(join(root, 'dist', 'csl', file), 'utf8'));
const kb = loadKnowledgeBase(dataDir);
const notes = loadContentNotes(dataDir);
const fixture = join(root, 'test', 'fixtures', 'check', 'paper.md');
const cli = join(root, 'dist', 'cli.js');

function check(path: string, text: string, style = DEFAULT_SETTINGS.style): { findings: CheckFinding[]; text: string } {
  const formatter = new CitationFormatter([...kb.references], load);
  formatter.journalAbbreviation = lazyJournalAbbreviation(dataDir);
  const { merged } = cliLibrary(kb.references, formatter, [], { path, text });
  const model = analyseManuscript(text, 'markdown', { ...DEFAULT_SETTINGS, style }, merged);
  const findings = checkReferenceList(model, citationContextOf(model, formatter), {
    formatter,
    journals: journalAbbreviationsIn(dataDir),
    caveat: (reference) => referenceCaveat(reference, notes),
  });
  return { findings, text };
}

/** `code key @ the line's text from the finding on`, for readable assertions. */
const summary = ({ findings, text }: ReturnType<typeof check>) => findings.map((f) => `${f.severity} ${f.code} ${f.key} @ ${text.slice(f.start, f.end).slice(0, 30)}`);

test('the fixture: every kind of problem, on the citation of the work it concerns', () => {
  const result = check(fixture, readFileSync(fixture, 'utf8'));
  assert.deepEqual(summary(result), [
    'information abbreviation-supplied gousseffFull2011 @ [@gousseffFull2011]',
    'information title-converted gousseffFull2011 @ [@gousseffFull2011]',
    'warning duplicate-work gousseff2011 @ [@gousseff2011]',
    'warning missing-field siddallNoVolume2017 @ [@siddallNoVolume2017]',
    'information abbreviation-supplied siddallNoVolume2017 @ [@siddallNoVolume2017]',
    'warning first-page-only wuFirstPage2019 @ [@wuFirstPage2019]',
    'warning et-al zhaoOthers2024 @ [@zhaoOthers2024]',
    'warning journal-unabbreviated zhaoOthers2024 @ [@zhaoOthers2024]',
    'warning needs-verification karatzios2006 @ [@karatzios2006]',
    'warning missing-field karatzios2006 @ [@karatzios2006]',
    'warning first-page-only karatzios2006 @ [@karatzios2006]',
    'error unknown-key nosuchkey2020 @ nosuchkey2020',
  ]);
  const message = (code: string, key: string) => result.findings.find((f) => f.code === code && f.key === key)!.message;
  assert.equal(message('missing-field', 'siddallNoVolume2017'), 'Siddall 2017: no volume, DOI or PMID in the record.');
  assert.match(message('abbreviation-supplied', 'gousseffFull2011'), /"Annals of Internal Medicine" prints as "Ann Intern Med"/);
  assert.match(message('et-al', 'zhaoOthers2024'), /"and others" after 2 names/);
  assert.match(message('duplicate-work', 'gousseff2011'), /'gousseff2011' and 'gousseffFull2011' \(Gousseff 2011\) are the same work/);
  assert.ok(hasProblems(result.findings));
});

test('in APA (full journal names) nothing is supplied and no journal is wanting; with a managed list the findings sit on its lines', () => {
  const apa = check(fixture, readFileSync(fixture, 'utf8'), 'apa');
  assert.deepEqual(apa.findings.filter((f) => /abbrev/.test(f.code)), []);
  const text = 'A registry [@gousseff2011] and a child [@karatzios2006].\n\n<!-- iscls-references style=american-medical-association keys=gousseff2011,karatzios2006 -->\n1. x\n2. y\n<!-- /iscls-references -->\n';
  const listed = check(join(tmpdir(), 'listed.md'), text);
  const lines = listed.findings.map((f) => text.slice(f.start, f.end));
  assert.ok(lines.length >= 3 && lines.every((line) => line === '2. y'), lines.join(' | '));
});

test('complete records: no finding at all', () => {
  const text = 'A registry [@gousseff2011]; a review [@druey2010]; the Mayo series [@kapoor2010].\n';
  assert.deepEqual(summary(check(join(tmpdir(), 'clean.md'), text)), []);
});

test('iscls check: the same findings, exit code 1 on a problem, 0 without, 2 on bad input', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'check', ...args], { encoding: 'utf8', cwd: root });
  const bad = run(fixture);
  assert.equal(bad.status, 1, bad.stderr);
  const lines = bad.stdout.trim().split('\n');
  assert.equal(lines.length, 12);
  assert.match(lines[0], /check\/paper\.md:5:57: information: Gousseff 2011: Journal abbreviation supplied/);
  assert.match(bad.stdout, /paper\.md:8:29: error: Unknown ISCLS reference key 'nosuchkey2020' \[unknown-key\]/);
  assert.match(bad.stderr, /5 references checked in american-medical-association: 9 problems, 3 notes/);
  const json = JSON.parse(run(fixture, '--json').stdout) as { code: string; line: number }[];
  assert.equal(json.length, 12);
  assert.deepEqual(json.at(-1), { ...json.at(-1), code: 'unknown-key', line: 8 });
  const dir = mkdtempSync(join(tmpdir(), 'iscls-check-'));
  writeFileSync(join(dir, 'clean.md'), 'A registry [@gousseff2011]; a review [@druey2010].\n');
  const clean = run(join(dir, 'clean.md'));
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  assert.equal(clean.stdout, '');
  assert.match(clean.stderr, /2 references checked in american-medical-association: no problem/);
  assert.equal(run(join(dir, 'missing.md')).status, 2);
});
