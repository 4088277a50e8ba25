// One rule for what a style setting names, for the editor, the CLI and the Word export alike: a
// shipped style id, a journal's style id from the CSL repository (Find Journal Style), or a `.csl`
// file, independent or dependent. A dependent style takes its layout from its parent: a shipped style,
// one bundled with the journal index, or `<parent>.csl` beside the file; otherwise the message names
// the exact file needed. Pure: files are read through the caller.
import type { StyleInfo } from '../format/citationTypes';
import { CslFileError, readCslFile } from './cslFile';
import type { JournalIndex } from './journalIndex';

export { CslFileError } from './cslFile';

/** Where the layout of a resolved style comes from: a shipped style's files, or a `.csl` text. */
export type StyleLayout = { shipped: string } | { xml: string };

export interface ResolvedStyle {
  info: StyleInfo;
  layout: StyleLayout;
}

export interface StyleSources {
  /** The shipped styles (styles.json). */
  shipped: readonly StyleInfo[];
  /** The journal index, loaded when first needed; undefined when it is not available. */
  journals: () => JournalIndex | undefined;
  /** A file's text, or undefined when it cannot be read (missing, or outside what may be read). */
  readFile: (path: string) => string | undefined;
}

/** Whether a style setting names a `.csl` file rather than a style id. */
export function isCslPath(request: string): boolean {
  return /\.csl\s*$/i.test(request);
}

const REPOSITORY = 'https://www.zotero.org/styles/';

function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(0, i + 1) : '';
}

/** The layout of parent style `parent`: shipped, bundled, or read from `beside` (a folder path). */
function parentLayout(parent: string, sources: StyleSources, beside?: string): { layout: StyleLayout; numeric: boolean } | undefined {
  const shipped = sources.shipped.find((s) => s.id === parent);
  if (shipped) return { layout: { shipped: parent }, numeric: shipped.numeric };
  const bundled = sources.journals()?.parentXml(parent);
  const xml = bundled ?? (beside !== undefined ? sources.readFile(`${beside}${parent}.csl`) : undefined);
  if (xml === undefined) return undefined;
  const file = readCslFile(xml, `${parent}.csl`);
  if (file.kind !== 'independent') throw new CslFileError(`${parent}.csl is itself a dependent style: its parent must be an independent style.`);
  return { layout: { xml: file.xml }, numeric: file.numeric };
}

/** A `.csl` style's id, never one of the shipped ids (the writer's own AMA variant is not our AMA). */
function ownId(id: string, shipped: readonly StyleInfo[]): string {
  return shipped.some((s) => s.id === id) ? `${id}-file` : id;
}

function fromFile(path: string, sources: StyleSources): ResolvedStyle {
  const text = sources.readFile(path);
  if (text === undefined) throw new CslFileError(`Cannot read the style file ${path}.`);
  const file = readCslFile(text, path);
  const id = ownId(file.id, sources.shipped);
  if (file.kind === 'independent') return { info: { id, label: file.title, numeric: file.numeric }, layout: { xml: file.xml } };
  const parent = parentLayout(file.parent, sources, folderOf(path));
  if (!parent) {
    throw new CslFileError(
      `${path} is a dependent style: it takes its layout from the style "${file.parent}", which is neither shipped nor bundled. ` +
        `Save ${file.parentUrl} as ${folderOf(path)}${file.parent}.csl beside it.`,
    );
  }
  return { info: { id, label: file.title, numeric: parent.numeric }, layout: parent.layout };
}

function fromJournal(request: string, sources: StyleSources): ResolvedStyle | undefined {
  const journal = sources.journals()?.byStyle(request);
  if (!journal) return undefined;
  if (!journal.parent) {
    throw new CslFileError(
      `"${journal.title}" has a style of its own, ${journal.style}.csl, which is not bundled: save ${REPOSITORY}${journal.style} as a .csl file and choose that file as the citation style.`,
    );
  }
  const parent = parentLayout(journal.parent, sources);
  if (!parent) throw new CslFileError(`The style of "${journal.title}" needs "${journal.parent}", which is missing from the journal index.`);
  return { info: { id: journal.style, label: journal.title, numeric: parent.numeric }, layout: parent.layout };
}

/**
 * The style a setting names. `request` is the setting as written (an id, or a `.csl` path the caller
 * has already made absolute). Throws {@link CslFileError} with a message for the writer.
 */
export function resolveStyle(request: string, sources: StyleSources): ResolvedStyle {
  const wanted = request.trim();
  const shipped = sources.shipped.find((s) => s.id === wanted);
  if (shipped) return { info: { ...shipped }, layout: { shipped: shipped.id } };
  if (isCslPath(wanted)) return fromFile(wanted, sources);
  const journal = fromJournal(wanted, sources);
  if (journal) return journal;
  throw new CslFileError(
    `Unknown citation style '${wanted}': use one of ${sources.shipped.map((s) => s.id).join(', ')}, a journal's style (Find Journal Style), or a .csl file.`,
  );
}
