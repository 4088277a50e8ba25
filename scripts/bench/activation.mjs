// Goal 3 (issue 11), the Node measure: a fresh process that loads dist/extension.js and activates it
// (against a stand-in `vscode`, scripts/bench/activate-child.cjs) against `node -e 0` and against the
// same process activating an empty extension. Paired, alternating runs; medians of the differences.
import { join } from 'node:path';
import { median, root, timed } from './util.mjs';

const child = join(root, 'scripts', 'bench', 'activate-child.cjs');

export function runActivation({ quick = false } = {}) {
  const runs = quick ? 5 : 11;
  const ext = () => timed(process.execPath, [child]);
  const empty = () => timed(process.execPath, [child, '--empty']);
  const bare = () => timed(process.execPath, ['-e', '0']);
  ext();
  empty();
  bare();
  const overBare = [];
  const overEmpty = [];
  const inside = [];
  const cpuOver = [];
  let heap = 0;
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [ext, empty, bare] : [bare, empty, ext];
    const [a, b, c] = order.map((f) => f());
    const [e, m, z] = i % 2 === 0 ? [a, b, c] : [c, b, a];
    overBare.push(e.ms - z.ms);
    overEmpty.push(e.ms - m.ms);
    const report = JSON.parse(e.stdout);
    if (!report.ok) throw new Error('activation failed in the benchmark process (ISCLS_BENCH_DEBUG=1 shows why)');
    inside.push(report.load + report.activate);
    cpuOver.push(report.cpu - JSON.parse(m.stdout).cpu);
    heap = report.heap;
  }
  const plus = median(overEmpty);
  return {
    rows: [
      {
        what: 'activation in a fresh Node process (load + activate), over an empty extension',
        ours: `+${plus.toFixed(0)} ms`,
        anchor: `\`node -e 0\`: +${median(overBare).toFixed(0)} ms for ours`,
        ratio: `${plus <= 40 ? 'within' : 'over'} +40 ms`,
        goalMet: plus <= 40,
      },
      {
        what: '  CPU time of load + activate, over the empty extension (what the load on a shared machine does not inflate)',
        ours: `+${median(cpuOver).toFixed(0)} ms`,
        anchor: '',
        ratio: `${median(cpuOver) <= 40 ? 'within' : 'over'} +40 ms`,
      },
    ],
    details: { runs, overEmptyMs: plus, cpuOverEmptyMs: median(cpuOver), overBareMs: median(overBare), loadPlusActivateMs: median(inside), heapAfterActivate: heap },
  };
}
