// One rule for which record of a cited reference is exported, used by Export Cited References, the
// Word export's pandoc input and `iscls export`: the review's own record when the review answers for
// the key, else the writer's record (also their copy of one of the 72), keyed as cited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLibrary } from '../../src/core/library';
import { MergedLibrary } from '../../src/core/library/merge';
import { exportRecord, toCslJson } from '../../src/core/export/export';
import { analyseManuscript, DEFAULT_SETTINGS } from '../../src/core/manuscript/model';
import { pandocItem } from '../../src/node/pandocExport';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const kb = loadKnowledgeBase(join(root, 'data'));
const bibFile = join(root, 'test', 'fixtures', 'library', 'refs.bib');
const TEXT = 'A [@gousseff2011]. B [@eo2017]. C [@clarkson1960].\n';

test('the review record for a review key; the writer\'s record for their key and for their copy of one of the 72', () => {
  const merged = new MergedLibrary([...kb.references], [parseLibrary(readFileSync(bibFile), bibFile)]);
  const m = analyseManuscript(TEXT, 'markdown', DEFAULT_SETTINGS, merged);
  const records = m.cited.map(exportRecord);
  assert.deepEqual(records.map((r) => r['citation-key']), ['gousseff2011', 'eo2017', 'clarkson1960']);
  assert.equal(records[0], kb.reference('gousseff2011'), 'the review record itself');
  assert.equal(records[1].id, 'eo2017');
  assert.equal(records[2].id, 'clarkson1960', 'keyed as cited');
  assert.equal(records[2]['review-listing' as keyof typeof records[2]], undefined, 'the writer\'s copy, not the review record');

  // The Word export sends the same records (the review's exactly as the file export writes it).
  assert.deepEqual(pandocItem(m.cited[0]), toCslJson(records[0]));
  assert.deepEqual(m.cited.map((r) => pandocItem(r)).map((r) => r.id), ['gousseff2011', 'eo2017', 'clarkson1960']);

  // And the command line exports exactly these records.
  const dir = mkdtempSync(join(tmpdir(), 'iscls-export-record-'));
  copyFileSync(bibFile, join(dir, 'refs.bib'));
  writeFileSync(join(dir, 'paper.md'), TEXT);
  const cli = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'export', join(dir, 'paper.md'), '--to', 'csljson', '--library', join(dir, 'refs.bib')], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout), JSON.parse(JSON.stringify(records.map(toCslJson))));
});
