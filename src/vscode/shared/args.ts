// The one parser for the arguments commands receive: from the palette (nothing), a tree item, a
// hover link, another extension or a test. A reference is named by `key`, `@key`, its number in the
// review (`14`, `"14"`, `"#14"`), a tree item or a reference object; a term or a section by its id
// or an object with one. `none` means "ask the writer"; `invalid` means a name that resolves to nothing.
import type { KnowledgeBase } from '../../core/knowledge/knowledge';
import type { ReferenceResolver } from '../../core/manuscript/resolver';

export type Parsed<T> = { kind: 'none' } | { kind: 'ok'; value: T } | { kind: 'invalid'; shown: string };

function shown(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

/** The string a reference argument names (a key or a number), before resolving it. */
function referenceName(arg: unknown): string | number | undefined {
  if (typeof arg === 'string' || typeof arg === 'number') return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as Record<string, unknown>;
  if (typeof o['citation-key'] === 'string') return o['citation-key'];
  for (const field of ['key', 'citationKey', 'reference', 'id']) {
    const value = o[field];
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const nested = referenceName(value);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

/** A reference key from `key`, `@key`, a number, a tree item or a reference object. */
export function referenceArg(arg: unknown, kb: KnowledgeBase, resolver: ReferenceResolver): Parsed<string> {
  if (arg === undefined || arg === null) return { kind: 'none' };
  const name = referenceName(arg);
  const invalid = { kind: 'invalid', shown: shown(arg) } as const;
  if (name === undefined) return invalid;
  if (typeof name === 'number') {
    const reference = Number.isInteger(name) ? kb.referenceByNumber(name) : undefined;
    return reference ? { kind: 'ok', value: reference['citation-key'] } : invalid;
  }
  const text = name.trim();
  const number = /^#?(\d{1,4})$/.exec(text);
  if (number && !resolver.has(text)) {
    const reference = kb.referenceByNumber(Number(number[1]));
    return reference ? { kind: 'ok', value: reference['citation-key'] } : invalid;
  }
  const key = text.replace(/^@\{?(.*?)\}?$/, '$1').trim();
  return key && resolver.has(key) ? { kind: 'ok', value: key } : invalid;
}

/** An id from a string or an object carrying one (`{ id }`, `{ termId }`, `{ term: { id } }`). */
function idName(arg: unknown, nested: string, idField: string): string | undefined {
  if (typeof arg === 'string') return arg.trim();
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as Record<string, unknown>;
  if (o[nested] && typeof o[nested] === 'object') return idName(o[nested], nested, idField);
  if (typeof o[idField] === 'string') return o[idField] as string;
  if (typeof o.id === 'string') return o.id;
  return undefined;
}

/** A glossary term id. */
export function termArg(arg: unknown, kb: KnowledgeBase): Parsed<string> {
  if (arg === undefined || arg === null) return { kind: 'none' };
  const id = idName(arg, 'term', 'termId');
  return id && kb.term(id) ? { kind: 'ok', value: id } : { kind: 'invalid', shown: shown(arg) };
}

/** A topic section id. */
export function sectionArg(arg: unknown, kb: KnowledgeBase): Parsed<string> {
  if (arg === undefined || arg === null) return { kind: 'none' };
  const id = idName(arg, 'section', 'sectionId');
  return id && kb.section(id) ? { kind: 'ok', value: id } : { kind: 'invalid', shown: shown(arg) };
}
