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
