// What the "My Library" view shows, as plain data (no `vscode` here, so it is unit-tested with
// node --test): one node per library file in use with its entry and problem counts, a warning for
// a file that cannot be read, and under it the file's problems (each opens the file at its line)
// then its entries (labelled like the citation pick: first author, year, title). Also the pure
// edits of the `iscls.library` setting the view's commands make (never of a library file).
import { itemLabel } from '../../core/search/search';
import type { LibraryEntry, LibraryProblem } from '../../core/library/types';

/** Where a file in use comes from. */
export type LibraryOrigin =
  /** Named as is by the `iscls.library` setting (the view can remove it from there). */
  | { kind: 'setting'; entry: string }
  /** Declared by open documents (`bibliography:`, `\addbibresource`); named in the tooltip. */
  | { kind: 'document'; documents: string[] }
  /** Found through a glob of the setting (or both of the above are unknown). */
  | { kind: 'pattern' };

/** One library file as the library service knows it. */
export interface LibrarySource {
  /** The file's URI as a string (the node's id, and what problems and entries name as `file`). */
  uri: string;
  /** The file's path for people: `/home/me/paper/refs.bib`. */
  path: string;
  /** "refs.bib". */
  name: string;
  /** Why the file could not be read ("file not found", …), when it could not. */
  failure?: string;
  entries: readonly LibraryEntry[];
  problems: readonly LibraryProblem[];
  origin: LibraryOrigin;
}

export interface FileNode {
  kind: 'file';
  id: string;
  uri: string;
  label: string;
  description: string;
  tooltip: string;
  /** `libraryFile`, then `.setting` when the setting names it, then `.missing` when unreadable. */
  contextValue: string;
  /** Codicon id. */
  icon: 'warning' | 'library';
  /** Problems and entries below it (none for an unreadable file). */
  hasChildren: boolean;
}

export interface ProblemNode {
  kind: 'problem';
  id: string;
  uri: string;
  /** 1-based; 0 = the whole file. */
  line: number;
  label: string;
  description: string;
  tooltip: string;
  contextValue: 'libraryProblem';
  icon: 'error' | 'warning';
}

export interface EntryNode {
  kind: 'entry';
  id: string;
  uri: string;
  /** The citation key, what `iscls.insertReference` / `iscls.copyReference` read from a tree item. */
  key: string;
  line: number;
  label: string;
  description: string;
  tooltip: string;
  contextValue: 'libraryEntry';
}

/** Stands for the entries past {@link ENTRY_LIMIT} (the pick searches them all). */
export interface MoreNode {
  kind: 'more';
  id: string;
  uri: string;
  label: string;
  description: string;
  tooltip: string;
  contextValue: 'libraryMore';
}

export type LibraryNode = FileNode | ProblemNode | EntryNode | MoreNode;

/** Entries listed under one file; a 20,000-entry export is searched in the pick, not scrolled. */
export const ENTRY_LIMIT = 1000;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function originText(origin: LibraryOrigin): string {
  switch (origin.kind) {
    case 'setting':
      return `From the setting iscls.library ("${origin.entry}").`;
    case 'document':
      return `Declared by ${origin.documents.join(', ')}.`;
    case 'pattern':
      return 'From a pattern of the setting iscls.library.';
  }
}

export function fileNode(source: LibrarySource): FileNode {
  const problems = source.problems.length;
  const description = source.failure
    ? source.failure
    : [plural(source.entries.length, 'entry', 'entries'), problems ? plural(problems, 'problem') : ''].filter(Boolean).join(' · ');
  const tooltip = [source.path, source.failure ? `Could not be read: ${source.failure}.` : description, originText(source.origin)].join('\n');
  return {
    kind: 'file',
    id: `file:${source.uri}`,
    uri: source.uri,
    label: source.name,
    description,
    tooltip,
    contextValue: `libraryFile${source.origin.kind === 'setting' ? '.setting' : ''}${source.failure ? '.missing' : ''}`,
    icon: source.failure ? 'warning' : 'library',
    hasChildren: !source.failure && (source.entries.length > 0 || problems > 0),
  };
}

/** The file's problems (in line order), then its entries (in file order). */
export function fileChildren(source: LibrarySource, limit = ENTRY_LIMIT): (ProblemNode | EntryNode | MoreNode)[] {
  if (source.failure) return [];
  const problems = [...source.problems]
    .sort((a, b) => a.line - b.line)
    .map((p, i): ProblemNode => ({
      kind: 'problem',
      id: `problem:${source.uri}:${p.line}:${i}`,
      uri: source.uri,
      line: p.line,
      label: p.message,
      description: p.line > 0 ? `line ${p.line}` : source.name,
      tooltip: `${source.name}${p.line > 0 ? `, line ${p.line}` : ''}: ${p.message}`,
      contextValue: 'libraryProblem',
      icon: p.severity === 'error' ? 'error' : 'warning',
    }));
  const entries = source.entries.slice(0, limit).map((e): EntryNode => {
    const label = itemLabel(e.item);
    return {
      kind: 'entry',
      id: `entry:${source.uri}:${e.key}`,
      uri: source.uri,
      key: e.key,
      line: e.line,
      label,
      description: e.key,
      tooltip: `${String(e.item.title ?? label)}\n@${e.key} · ${source.name}, line ${e.line}\nClick: insert citation or copy the formatted reference.`,
      contextValue: 'libraryEntry',
    };
  });
  const rest = source.entries.length - entries.length;
  const more: MoreNode[] = rest > 0
    ? [{ kind: 'more', id: `more:${source.uri}`, uri: source.uri, label: `… ${rest} more`, description: 'search them with Insert Citation', tooltip: `${source.name} holds ${source.entries.length} entries; the first ${entries.length} are listed here. Insert Citation searches them all.`, contextValue: 'libraryMore' }]
    : [];
  return [...problems, ...entries, ...more];
}

/** "3 files · 1 missing" for the view's description, or undefined when there is no file. */
export function viewDescription(sources: readonly LibrarySource[]): string | undefined {
  if (!sources.length) return undefined;
  const missing = sources.filter((s) => s.failure).length;
  return [plural(sources.length, 'file'), missing ? `${missing} not readable` : ''].filter(Boolean).join(' · ');
}

// ---- the setting's edits (pure) ----

/** Whether a setting entry is a glob rather than one file. */
export function isPattern(entry: string): boolean {
  return /[*?{[]/.test(entry);
}

/**
 * How a picked file is written to `iscls.library`: relative to the workspace folder (with `/`)
 * when inside it, else the absolute path as given. Paths are POSIX-style URI paths.
 */
export function settingPathFor(folderPath: string | undefined, filePath: string, absolute: string = filePath): string {
  if (folderPath) {
    const root = folderPath.endsWith('/') ? folderPath : `${folderPath}/`;
    if (filePath.startsWith(root)) return filePath.slice(root.length);
  }
  return absolute;
}

/** A setting's value as a list of strings (anything else dropped). */
export function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The list with `entry` added once (existing entries kept as they are, in order). */
export function withEntry(list: unknown, entry: string): string[] {
  const current = asList(list);
  return current.includes(entry) ? current : [...current, entry];
}

/** The list without `entry` (only that entry; others untouched). */
export function withoutEntry(list: unknown, entry: string): string[] {
  return asList(list).filter((v) => v !== entry);
}
