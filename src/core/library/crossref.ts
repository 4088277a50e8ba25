// BibTeX `crossref` and BibLaTeX `xdata`: a child entry inherits the fields it lacks from its parent,
// by BibLaTeX's default inheritance rules (biblatex manual, appendix B): a chapter, a paper in
// proceedings or an article in a collection takes its parent's title as its `booktitle` (the CSL
// container-title), a part of a multi-volume work takes it as `maintitle`, an article in a periodical
// as `journaltitle`; every other field is inherited under its own name, except the few that only
// identify or sort the parent. Works on the raw (still TeX) field maps. Pure.

/** Fields an entry never inherits (biblatex: they identify the parent or steer its processing). */
const NEVER = new Set([
  'crossref', 'xref', 'xdata', 'ids', 'entryset', 'entrysubtype', 'execute', 'label', 'options', 'presort', 'related',
  'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey',
]);

/** Fields of the parent's title that a special rule maps elsewhere, and that are then not inherited as such. */
const TITLE_ONLY = new Set(['shorttitle', 'sorttitle', 'indextitle', 'indexsorttitle']);

type Mapping = Record<string, string[]>;

const AS_BOOK: Mapping = { title: ['booktitle'], subtitle: ['booksubtitle'], titleaddon: ['booktitleaddon'] };
const AS_MAIN: Mapping = { title: ['maintitle'], subtitle: ['mainsubtitle'], titleaddon: ['maintitleaddon'] };
const AS_JOURNAL: Mapping = { title: ['journaltitle'], subtitle: ['journalsubtitle'] };

const IN_BOOK = ['inbook', 'bookinbook', 'suppbook'];
const IN_COLLECTION = ['incollection', 'inreference', 'suppcollection'];
const MULTI_VOLUME = ['mvbook', 'mvcollection', 'mvreference', 'mvproceedings'];
const WHOLE = ['book', 'collection', 'reference', 'proceedings'];
const PARTS = ['book', 'inbook', 'bookinbook', 'suppbook', 'collection', 'reference', 'incollection', 'inreference', 'suppcollection', 'proceedings', 'inproceedings'];

/** The special rule from a parent type to a child type, if biblatex has one. */
function mappingFor(parent: string, child: string): Mapping | undefined {
  if (MULTI_VOLUME.includes(parent) && PARTS.includes(child)) return AS_MAIN;
  if (parent === 'book' && IN_BOOK.includes(child)) return { ...AS_BOOK, author: ['author', 'bookauthor'] };
  if ((parent === 'collection' || parent === 'reference') && IN_COLLECTION.includes(child)) return AS_BOOK;
  if (parent === 'proceedings' && child === 'inproceedings') return AS_BOOK;
  if (parent === 'periodical' && (child === 'article' || child === 'suppperiodical')) return AS_JOURNAL;
  // Not a biblatex rule, but what the writer means with classic BibTeX: a chapter or a paper whose
  // parent is any whole work (a @book for an @incollection) is in that work.
  if (WHOLE.includes(parent) && [...IN_BOOK, ...IN_COLLECTION, 'inproceedings'].includes(child)) return AS_BOOK;
  return undefined;
}

/**
 * The fields of a child after inheriting from `parent` (a crossref parent, with its type; or an
 * @xdata entry, whose fields are copied under their own names). The child's own fields always win.
 */
export function inherit(child: { type: string; fields: Map<string, string> }, parent: { type: string; fields: Map<string, string> }): Map<string, string> {
  const fields = new Map(child.fields);
  const mapping = parent.type === 'xdata' ? undefined : mappingFor(parent.type, child.type);
  if (mapping) {
    for (const [source, targets] of Object.entries(mapping)) {
      const value = parent.fields.get(source);
      if (value !== undefined) for (const target of targets) if (!fields.has(target)) fields.set(target, value);
    }
  }
  for (const [name, value] of parent.fields) {
    if (NEVER.has(name) || fields.has(name)) continue;
    if (mapping && (name in mapping || TITLE_ONLY.has(name))) continue;
    fields.set(name, value);
  }
  return fields;
}

/** The keys an entry inherits from: its `xdata` entries (comma-separated), then its `crossref` parent. */
export function parentsOf(fields: Map<string, string>): { xdata: string[]; crossref?: string } {
  const xdata = (fields.get('xdata') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  const crossref = fields.get('crossref')?.trim() || undefined;
  return { xdata, crossref };
}
