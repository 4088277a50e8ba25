// What each entry of a .bib file inherits through `crossref` and `xdata`, in time linear in the
// file: every entry's inherited fields are worked out once and reused by all its children (a
// diamond of @xdata entries or a long crossref chain would otherwise be walked once per path), the
// walk keeps its own stack (a chain of 100,000 parents is fine), and an entry holds at most
// MAX_FIELDS fields (a chain where every entry adds a field would otherwise grow quadratically).
// Cycles and missing parents are reported on the entry that names them. Pure.
import { inherit, parentsOf } from './crossref';
import type { RawEntry } from './bibtexSyntax';

/** More fields than any real entry has; what a chain inherits beyond this is dropped, with a warning. */
export const MAX_FIELDS = 256;
/** Keys listed in a cycle's message. */
const SHOWN = 5;

type Kind = 'crossref' | 'xdata';

interface Frame {
  raw: RawEntry;
  parents: { key: string; kind: Kind }[];
  next: number;
  fields: Map<string, string>;
  /** How the frame below reached this one. */
  enteredBy: Kind;
}

export class InheritanceResolver {
  private readonly done = new Map<string, Map<string, string>>();
  /** Position on the walk's stack of each entry being resolved. */
  private readonly onPath = new Map<string, number>();
  private readonly warned = new Set<string>();

  /**
   * @param lookup the entry with this key (as BibTeX matches crossref keys), or undefined
   * @param warn a warning about the entry `key`, for its line
   */
  constructor(
    private readonly lookup: (key: string) => RawEntry | undefined,
    private readonly warn: (key: string, message: string) => void,
  ) {}

  /** The fields of `root` with everything it inherits. */
  fieldsOf(root: RawEntry): Map<string, string> {
    const known = this.done.get(root.key);
    if (known) return known;
    const stack: Frame[] = [];
    this.enter(stack, root, 'crossref');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next >= frame.parents.length) {
        stack.pop();
        this.onPath.delete(frame.raw.key);
        this.done.set(frame.raw.key, frame.fields);
        continue;
      }
      const { key, kind } = frame.parents[frame.next++];
      const parent = this.lookup(key);
      if (!parent) {
        this.warn(frame.raw.key, `${frame.raw.key}: ${kind} "${key}" is not in this file; the entry loads without what it would inherit`);
        continue;
      }
      const inherited = this.done.get(parent.key);
      if (inherited) {
        this.merge(frame, parent, kind, inherited);
        continue;
      }
      const at = this.onPath.get(parent.key);
      if (at !== undefined) {
        this.reportCycle(stack, at, kind);
        continue;
      }
      frame.next--; // come back to this parent once it is resolved
      this.enter(stack, parent, kind);
    }
    return this.done.get(root.key) as Map<string, string>;
  }

  private enter(stack: Frame[], raw: RawEntry, enteredBy: Kind): void {
    const { xdata, crossref } = parentsOf(raw.fields);
    const parents = xdata.map((key) => ({ key, kind: 'xdata' as Kind }));
    if (crossref) parents.push({ key: crossref, kind: 'crossref' });
    this.onPath.set(raw.key, stack.length);
    stack.push({ raw, parents, next: 0, fields: raw.fields, enteredBy });
  }

  private merge(frame: Frame, parent: RawEntry, kind: Kind, inherited: Map<string, string>): void {
    let fields = inherit({ type: frame.raw.type, fields: frame.fields }, { type: kind === 'xdata' ? 'xdata' : parent.type, fields: inherited });
    if (fields.size > MAX_FIELDS) {
      fields = new Map([...fields].slice(0, MAX_FIELDS));
      this.warnOnce(frame.raw.key, `${frame.raw.key}: inherits more than ${MAX_FIELDS} fields; the rest are dropped`);
    }
    frame.fields = fields;
  }

  /**
   * The entries stack[at..] form a cycle closed by an edge of `kind` back to stack[at]: each is
   * warned once ("a: crossref chain a → b → a is a cycle"), walking back from the newest and stopping
   * at one already warned, so many cycles over one long chain stay linear.
   */
  private reportCycle(stack: Frame[], at: number, kind: Kind): void {
    const length = stack.length - at;
    const edgeFrom = (i: number): Kind => (i === stack.length - 1 ? kind : stack[i + 1].enteredBy);
    for (let i = stack.length - 1; i >= at; i--) {
      const key = stack[i].raw.key;
      if (this.warned.has(`cycle ${key}`)) break;
      const keys: string[] = [];
      for (let step = 0; step <= Math.min(length, SHOWN); step++) keys.push(stack[at + ((i - at + step) % length)].raw.key);
      const chain = length > SHOWN ? `${keys.join(' → ')} → …` : keys.join(' → ');
      this.warnOnce(`cycle ${key}`, `${key}: ${edgeFrom(i)} chain ${chain} is a cycle; the entry loads without what it would inherit`, key);
    }
  }

  private warnOnce(id: string, message: string, key = id): void {
    if (this.warned.has(id)) return;
    this.warned.add(id);
    this.warn(key, message);
  }
}
