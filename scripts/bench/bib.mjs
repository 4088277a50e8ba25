// Goal 2 (issue 11): `iscls bib` against `pandoc --citeproc`, whole process against whole process,
// same style (the .csl written from the style we ship), same data (our CSL-JSON export) and the same
// entry corrections (the Lua filter the Word export uses); both lists compared entry by entry.
import { createRequire } from 'node:module';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, has, paired, root, timed } from './util.mjs';
import { manuscript, writeCitedManuscript } from './corpus.mjs';

const require = createRequire(import.meta.url);
const STYLE = 'american-medical-association';

const decode = (s) => s.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();

/** pandoc's bibliography entries in order (text, without the number column). */
function pandocEntries(html) {
  const entries = [];
  for (const m of html.matchAll(/<div id="ref-([^"]+)" class="csl-entry"[^>]*>([\s\S]*?)<\/div>\s*(?=<div id="ref-|<\/div>)/g)) {
    entries.push(decode(/<div class="csl-right-inline">([\s\S]*)/.exec(m[2])?.[1] ?? m[2]));
  }
  return entries;
}

/** Our list's entries in order: the "N. entry" lines of the managed list. */
function ourEntries(output) {
  const list = output.slice(output.lastIndexOf('<!-- iscls-references'));
  return [...list.matchAll(/^\d+\. (.*)$/gm)].map((m) => m[1].trim());
}

function compare(ours, theirs) {
  let same = 0;
  const differ = [];
  ours.forEach((e, i) => (e === theirs[i] ? same++ : differ.push({ ours: e, pandoc: theirs[i] })));
  return { same, total: Math.max(ours.length, theirs.length), differ };
}

export function runBib(dir, { quick = false } = {}) {
  const rows = [];
  const details = {};
  if (!has('pandoc')) {
    rows.push({ what: '`bib`, 72 references', ours: '—', anchor: 'pandoc not installed (npm run setup)', ratio: '—' });
    return { rows, details };
  }
  const csl = join(dir, `${STYLE}.csl`);
  writeFileSync(csl, timed(process.execPath, [cli, 'styles', STYLE, '--csl']).stdout);
  const data = join(dir, 'references.json');
  writeFileSync(data, timed(process.execPath, [cli, 'export', '--all', '--to', 'csljson']).stdout);
  const { correctionFilter, correctionsFor } = require(join(root, 'out', 'src', 'node', 'pandocFilter.js'));
  const references = JSON.parse(readFileSync(join(root, 'data', 'references.json'), 'utf8'));
  const lua = join(dir, 'corrections.lua');
  writeFileSync(lua, correctionFilter(correctionsFor(references)));

  const small = join(dir, 'manuscript-72.md');
  writeFileSync(small, manuscript());
  const large = join(dir, 'manuscript-1mb.md');
  const big = writeCitedManuscript(large, 1e6);
  const cases = [
    { file: small, label: `\`bib\`, the 72 references (${(manuscript().match(/\[@[^\]]+\]/g) ?? []).length} citations), whole process`, goal: 2 },
    { file: large, label: `\`bib\`, ${(big.bytes / 1e6).toFixed(1)} MB manuscript, ${big.citations} citations`, goal: 10 },
  ];
  for (const { file, label, goal } of cases) {
    let ourOut = '';
    let theirOut = '';
    const ours = () => {
      const r = timed(process.execPath, [cli, 'bib', file, '--style', STYLE]);
      ourOut = r.stdout;
      return r;
    };
    const pandoc = () => {
      const r = timed('pandoc', ['--citeproc', '--csl', csl, '--bibliography', data, '--lua-filter', lua, '-M', 'link-bibliography=false', '-t', 'html', '--wrap=none', file]);
      theirOut = r.stdout;
      return r;
    };
    const t = paired(ours, pandoc, file === large && quick ? 1 : file === large ? 3 : 7);
    const cmp = compare(ourEntries(ourOut), pandocEntries(theirOut));
    rows.push({ what: label, ours: t.ours, anchor: `\`pandoc --citeproc\`: ${(t.anchor / 1000).toFixed(2)} s`, ratio: t.ratio, goal });
    // CPU time of the same runs: the wall-clock ratio moves with whatever else the machine runs.
    if (t.cpu) rows.push({ what: '  CPU time (user + system) of the same runs', ours: t.cpu.ours, anchor: `\`pandoc --citeproc\`: ${(t.cpu.anchor / 1000).toFixed(2)} s`, ratio: t.cpu.ratio, goal });
    // The runs above compile the CLI from V8's code cache (~/.cache/iscls-reference, written by the
    // first run; src/cliLauncher.ts): the very first run on a machine does without it.
    if (file === small) {
      const first = paired(() => timed(process.execPath, [cli, 'bib', file, '--style', STYLE], { env: { ...process.env, ISCLS_CODE_CACHE: 'off' } }), pandoc, 5);
      rows.push({ what: '  a first run, before the CLI has its code cache: wall / CPU', ours: `${first.ours.toFixed(0)} / ${first.cpu?.ours.toFixed(0) ?? '—'} ms`, anchor: `\`pandoc --citeproc\`: ${(first.anchor / 1000).toFixed(2)} / ${first.cpu ? (first.cpu.anchor / 1000).toFixed(2) : '—'} s`, ratio: `${first.ratio.toFixed(1)}× / ${first.cpu?.ratio.toFixed(1) ?? '—'}× faster` });
    }
    rows.push({ what: '  the two lists, entry by entry', ours: `${cmp.same} of ${cmp.total} identical`, anchor: '', ratio: cmp.differ.length ? `${cmp.differ.length} differ` : 'identical' });
    details[file === small ? 'small' : 'large'] = { timing: t, compare: cmp };
  }
  return { rows, details };
}
