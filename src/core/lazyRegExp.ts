// Regular expressions with Unicode property classes (\p{L}, \p{N} …), built on first use. Pure.
//
// Why: V8 parses a pattern when it creates a RegExp, and checks every /…/u literal already when it
// compiles the script, used or not. A property class builds its Unicode set each time: ~0.1 ms per
// \p{…}. The bundle's ~60 of them cost ~6 ms of compile time and ~4 ms of module initialisation at
// every activation, for code that activation mostly never runs. A pattern kept as a string
// costs nothing until the first call.
//
// Patterns are written in ASCII ('\u2019', not '’'): esbuild escapes strings but leaves regular
// expressions as written, and one non-ASCII character makes the whole bundle a two-byte string, read
// (UTF-8 decoded) and compiled more slowly at every activation (~2.4 ms for the 350 KB bundle).

/**
 * `new RegExp(source, flags)`, created on the first call; every later call returns the same object.
 * Shared like a module-level literal: a `g` or `y` one keeps `lastIndex` between uses, so set it
 * before `exec` loops (`replace`, `split` and `test` without `g` need nothing).
 */
export function lazyRegExp(source: string, flags = ''): () => RegExp {
  let re: RegExp | undefined;
  return () => (re ??= new RegExp(source, flags));
}
