// Where the source document lives: `../shared/seed/` beside the repository (on this machine and in CI).
// Missing on a developer's clone → the seed tests skip with a message; missing in CI (process.env.CI) → they fail.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export const repoRoot = join(__dirname, '..', '..', '..');
export const seedPath = join(repoRoot, '..', 'shared', 'seed', '000_2f3f23d5b54d58de.txt');

/** The seed's text, or undefined after skipping the test (outside CI) when the file is absent. */
export function readSeed(t: TestContext): string | undefined {
  if (existsSync(seedPath)) return readFileSync(seedPath, 'utf8');
  const message = `seed not found at ${seedPath} (expected ../shared/seed/ beside the repository)`;
  if (process.env.CI) throw new Error(`${message}; CI must provide it`);
  t.skip(message);
  return undefined;
}

/** The review's prose: everything before its numbered reference list ("  1. CLARKSON B, …"). */
export function seedProse(seed: string): string {
  const start = seed.search(/^\s*1\.\s/m);
  return start < 0 ? seed : seed.slice(0, start);
}

/** The seed's numbered reference lines, trimmed. */
export function seedReferenceLines(seed: string): string[] {
  return seed.split('\n').map((l) => l.trim()).filter((l) => /^\d+\.\s/.test(l));
}
