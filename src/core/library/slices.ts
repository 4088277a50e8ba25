// Long work on the host's one thread (a 20,000-entry library read and merged) done in slices: the
// work is a generator that yields at cheap checkpoints, and the runner pauses at the first checkpoint
// after a slice has used its time, so no block outlasts a frame or two however large the input.

/** Work that yields at checkpoints and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Slice length: a few frames at most, so typing and hovers stay smooth while a library loads. */
export const SLICE_MS = 12;

/** Runs the work to its end at once (the CLI, tests, and small inputs). */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs the work, awaiting `pause()` whenever a slice has run for `sliceMs`. Same result as {@link runToEnd}. */
export async function runInSlices<T>(steps: Steps<T>, pause: () => Promise<void>, sliceMs = SLICE_MS): Promise<T> {
  let started = Date.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (Date.now() - started >= sliceMs) {
      await pause();
      started = Date.now();
    }
  }
}

/**
 * Lets the thread's other work (messages, I/O, timers) run, then resumes: the pause between slices.
 * Not `setTimeout(0)`: a chain of those waits at least 1 ms per step in Node.js and 4 ms in a browser
 * worker, idle time that a 20,000-entry read (about 60 pauses) would add to the writer's wait.
 */
export function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (run: () => void) => unknown }).setImmediate;
  return immediate ? new Promise((resolve) => immediate(resolve)) : nextMessage();
}

/** The part of a message port (DOM's or Node.js's) used here. */
interface Port {
  postMessage(message: unknown): void;
  onmessage?: ((event: unknown) => void) | null;
  /** Node.js only: the port does not keep the process alive. */
  unref?(): void;
}
let turns: { port: Port; waiting: (() => void)[] } | undefined;

/** The browser's way to the next turn: a message to itself through a channel (no clamping, in order). */
export function nextMessage(): Promise<void> {
  const Channel = (globalThis as { MessageChannel?: new () => { port1: Port; port2: Port } }).MessageChannel;
  if (!Channel) return new Promise((resolve) => setTimeout(resolve, 0));
  if (!turns) {
    const channel = new Channel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    channel.port1.unref?.();
    channel.port2.unref?.();
    turns = { port: channel.port2, waiting };
  }
  const { port, waiting } = turns;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(undefined);
  });
}
