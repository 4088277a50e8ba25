// The Node.js extension host seen through its inspector (code-server started with
// NODE_OPTIONS=--inspect-port=PORT, the host's inspector opened by SIGUSR1: code-server's own
// `inspect-extensions` is for a client's debug session only): V8 CPU profiles (where the time goes, and the longest
// stretch the host was busy without a break), heap after a forced GC, and the process's CPU time
// from /proc (user + system, every thread: GC and compilation count); and the same CPU profile of a
// workbench page, through Playwright. Benchmarks only.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Playwright bundles a WebSocket client; Node 20 has none without a flag.
const { ws: WebSocket } = require('playwright-core/lib/utilsBundle');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Inspector {
  /** Opens the inspector of the extension host under code-server `serverPid` (started with `inspectorEnv(port)`). */
  static async attach(server, port, { timeout = 60_000 } = {}) {
    const deadline = Date.now() + timeout;
    let hosts;
    while (!(hosts = descendants(server.pid, /--type=extensionHost/)).length) {
      if (Date.now() > deadline) throw new Error('no Node.js extension host under code-server');
      await sleep(300);
    }
    // The host says where it listens on its stderr, which code-server passes on. A host still starting
    // may miss the signal: it is sent again until the host answers.
    for (let sent = 0; ; ) {
      if (Date.now() - sent > 3000) {
        process.kill(hosts[0], 'SIGUSR1');
        sent = Date.now();
      }
      const said = [...server.output().matchAll(/Debugger listening on (ws:\/\/\S+)/g)].pop();
      if (said) {
        const inspector = new Inspector(said[1]);
        await inspector.opened;
        return inspector;
      }
      if (Date.now() > deadline) throw new Error(`the extension host opened no inspector (port ${port})`);
      await sleep(300);
    }
  }

  static async connect(port, { timeout = 60_000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
        if (targets[0]?.webSocketDebuggerUrl) {
          const inspector = new Inspector(targets[0].webSocketDebuggerUrl);
          await inspector.opened;
          return inspector;
        }
      } catch {}
      if (Date.now() > deadline) throw new Error(`no extension host inspector on port ${port}`);
      await sleep(300);
    }
  }

  constructor(url) {
    this.next = 1;
    this.pending = new Map();
    this.socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 });
    this.opened = new Promise((resolve, reject) => {
      this.socket.on('open', resolve);
      this.socket.on('error', reject);
    });
    this.socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      const waiting = message.id && this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${message.error.message} (${message.error.data ?? ''})`));
      else waiting.resolve(message.result);
    });
  }

  send(method, params = {}) {
    const id = this.next++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  async evaluate(expression) {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true });
    return r.result.value;
  }

  /** Heap in use after a full GC, in bytes. */
  async heapAfterGc() {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    return this.evaluate('process.memoryUsage().heapUsed');
  }

  async pid() {
    return this.evaluate('process.pid');
  }

  /**
   * Starts timing how late the host's event loop runs a timer (Node's `monitorEventLoopDelay`): its
   * maximum is the longest any message to the host waited, slices run back to back not counted. A
   * 2 ms interval also records when the longest wait was, to name what ran in it from a profile.
   */
  async startLoopDelay(resolutionMs = 5) {
    return this.evaluate(`(() => {
      const { monitorEventLoopDelay } = process.getBuiltinModule('node:perf_hooks');
      const h = monitorEventLoopDelay({ resolution: ${resolutionMs} });
      h.enable();
      const worst = { gap: 0n, from: 0n, to: 0n };
      let last = process.hrtime.bigint();
      const timer = setInterval(() => {
        const now = process.hrtime.bigint();
        if (now - last > worst.gap) Object.assign(worst, { gap: now - last, from: last, to: now });
        last = now;
      }, 2);
      const gcs = [];
      const { PerformanceObserver } = process.getBuiltinModule('node:perf_hooks');
      const gcObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) gcs.push({ ms: e.duration, kind: e.detail?.kind });
      });
      gcObserver.observe({ entryTypes: ['gc'] });
      globalThis.__benchLoopDelay = { h, timer, worst, gcs, gcObserver };
      return true;
    })()`);
  }

  /**
   * Since startLoopDelay: the longest and the 99th-percentile event-loop delay (ms), and the longest
   * gap between the interval's ticks, on the profiler's clock (µs).
   */
  async stopLoopDelay() {
    return this.evaluate(`(() => {
      const { h, timer, worst, gcs, gcObserver } = globalThis.__benchLoopDelay;
      h.disable();
      clearInterval(timer);
      gcObserver.disconnect();
      delete globalThis.__benchLoopDelay;
      const KIND = { 1: 'scavenge', 2: 'minor mark-sweep', 4: 'mark-compact', 8: 'incremental', 16: 'weak callbacks' };
      const longestGcs = [...gcs].sort((a, b) => b.ms - a.ms).slice(0, 3).map((g) => ({ ms: g.ms, kind: KIND[g.kind] ?? String(g.kind) }));
      const gc = { count: gcs.length, totalMs: gcs.reduce((sum, g) => sum + g.ms, 0), longest: longestGcs };
      return { max: h.max / 1e6, p99: h.percentile(99) / 1e6, gap: { ms: Number(worst.gap) / 1e6, fromUs: Number(worst.from / 1000n), toUs: Number(worst.to / 1000n) }, gc };
    })()`);
  }

  startProfile(intervalUs = 500) {
    return startCpuProfile((method, params) => this.send(method, params), intervalUs);
  }

  stopProfile() {
    return stopCpuProfile((method) => this.send(method));
  }

  close() {
    this.socket.close();
  }
}

/** Starts V8's CPU profiler through a DevTools protocol channel (`send(method, params)`): a host's inspector or a page's. */
async function startCpuProfile(send, intervalUs = 500) {
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: intervalUs });
  await send('Profiler.start');
}

async function stopCpuProfile(send) {
  const { profile } = await send('Profiler.stop');
  return profile;
}

/** A CPU profile of a workbench page's main thread (the renderer), through Playwright's DevTools session. */
export async function startPageProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  const send = (method, params) => cdp.send(method, params);
  await startCpuProfile(send);
  return {
    async stop() {
      const profile = await stopCpuProfile(send);
      await cdp.detach().catch(() => {});
      return profile;
    },
  };
}

/**
 * A CPU profile of the web worker extension host: the dedicated worker VS Code names
 * "ExtensionHostWorker" (its extension host iframe is in the page's process), reached through
 * Chromium's target auto-attach and spoken to through `Target.sendMessageToTarget`, as Playwright's
 * sessions reach pages and frames only.
 */
export async function startWorkerProfile(page, { title = 'ExtensionHostWorker', timeoutMs = 5000 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const workers = [];
  const pending = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'worker') workers.push({ sessionId, title: targetInfo.title });
  });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const m = JSON.parse(message);
    const waiting = m.id !== undefined && pending.get(m.id);
    if (!waiting) return;
    pending.delete(m.id);
    if (m.error) waiting.reject(new Error(m.error.message));
    else waiting.resolve(m.result);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const started = Date.now();
  let worker;
  while (!(worker = workers.find((w) => w.title === title)) && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 100));
  if (!worker) throw new Error(`no "${title}" worker among the page's targets (${workers.map((w) => w.title).join(', ') || 'none'})`);
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      cdp.send('Target.sendMessageToTarget', { sessionId: worker.sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  await startCpuProfile(send);
  return {
    title: worker.title,
    async stop() {
      const profile = await stopCpuProfile(send);
      await cdp.detach().catch(() => {});
      return profile;
    },
  };
}

/** The server's environment for `Inspector.attach(pid, port)`. */
export const inspectorEnv = (port) => ({ NODE_OPTIONS: `--inspect-port=127.0.0.1:${port}` });

/** CPU time (user + system) of a process so far, in ms, from /proc. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** The process ids under `pid` whose command line matches `pattern`. */
export function descendants(pid, pattern) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const under = (p) => {
    for (let q = p; q > 1; q = parent.get(q) ?? 0) if (q === pid) return true;
    return false;
  };
  return [...parent.keys()].filter((p) => p !== pid && under(p)).filter((p) => {
    try {
      return pattern.test(readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      return false;
    }
  });
}

const IDLE = new Set(['(idle)']);

/**
 * The longest stretch of a CPU profile without an idle sample (the host blocked, unable to answer
 * anything), in ms, with the functions that took most of it (self time).
 */
export function longestBusy(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let best = { ms: 0, from: 0, to: 0 };
  let start = -1;
  let run = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (IDLE.has(node.callFrame.functionName)) {
      start = -1;
      run = 0;
      continue;
    }
    if (start < 0) start = i;
    run += dt;
    if (run > best.ms) best = { ms: run, from: start, to: i };
  }
  return { ms: best.ms, top: topSelf(profile, best.from, best.to + 1, 6) };
}

/** Self time by function over the samples taken between two times of the profiler's clock (µs). */
export function topSelfBetween(profile, fromUs, toUs, count = 6) {
  let t = profile.startTime;
  let from = -1;
  let to = profile.samples.length;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (from < 0 && t >= fromUs) from = i;
    if (t > toUs) {
      to = i;
      break;
    }
  }
  return from < 0 ? [] : topSelf(profile, from, to, count);
}

/**
 * A wait between two samples longer than this (µs) is not the function sampled before it: the
 * profiler took no sample at all, so the host's thread (or the sampler's) got no CPU meanwhile.
 */
const NO_SAMPLE_US = 10_000;

/** Self time by function over samples [from, to) (all by default): "name (file:line) N ms", largest first. */
export function topSelf(profile, from = 0, to = profile.samples.length, count = 12) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const add = (name, us) => self.set(name, (self.get(name) ?? 0) + us / 1000);
  for (let i = from; i < to; i++) {
    const { callFrame } = byId.get(profile.samples[i]);
    if (IDLE.has(callFrame.functionName)) continue;
    const file = callFrame.url.split('/').pop();
    const name = `${callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${callFrame.lineNumber + 1}` : ''}`;
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (us > NO_SAMPLE_US && callFrame.functionName !== '(garbage collector)') add('(no sample: the host got no CPU)', us);
    else add(name, us);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`);
}
