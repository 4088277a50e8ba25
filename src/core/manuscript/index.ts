// The manuscript engine: citation markers and the managed reference list of a manuscript.
// Pure TypeScript: no `vscode`. Files: languages (ids), text (lines), regions (code/comments),
// block (the managed list), markers (per convention), scan (one analysis), convention (detection),
// render (writing markers), edits (minimal edits), plan (insertion and list update), guards
// (refusals), verify (the safety net: every marker reads back).
//
// CONVENTIONS (what a citation marker looks like)
// -----------------------------------------------
// pandoc   Markdown per pandoc: bracketed `[@a]`, `[@a; @b]`, `[see @a, p. 3; -@b]`, braced keys
//          `[@{odd key}]`, and bare in-text `@a`. Keys follow pandoc: start with a letter, digit or
//          `_`, then letters, digits, `_` and internal punctuation `:.#$%&-+?<>~/` (punctuation only
//          when followed by another key character, so "@doe99." cites `doe99`).
// latex    Any `\...cite...` command (`\cite`, `\citep`, `\citet`, `\autocite`, `\parencite`,
//          `\textcite`, `\footcite`, `\nocite`, starred forms), with up to two optional arguments:
//          `\cite[p.~3]{a}`, `\cite[see][12]{a,b}`.
// numeric  `[1]`, `[1,2]`, `[1, 3-5]`, `[1–3]` (en dash), pandoc superscript `^1^`, `^1,3^` and
//          HTML `<sup>1</sup>`. Number n means the n-th key of the managed block's header.
//
// Not citations: anything in Markdown fenced code blocks, inline code spans, HTML comments and
// YAML front matter (pandoc, and numeric with markup "markdown"); LaTeX comments and
// verbatim/lstlisting/minted/comment environments; and the managed block itself. Markdown links
// `[1](url)`, link reference definitions `[1]: url` and reference links `[text][1]` are not
// numeric markers; `[@a](url)` is not a bracketed pandoc citation.
//
// MANAGED REFERENCE LIST (one block per document; the first one found is the managed one)
// --------------------------------------------------------------------------------------
// Markdown (pandoc, and numeric with markup "markdown"):
//     <!-- iscls-references style=american-medical-association keys=clarkson1960,druey2010 -->
//     1. <entry for clarkson1960>
//     2. <entry for druey2010>
//     <!-- /iscls-references -->
// LaTeX:
//     % iscls-references style=american-medical-association keys=clarkson1960,druey2010
//     \begin{thebibliography}{99}
//     \bibitem{clarkson1960} <entry, LaTeX specials escaped>
//     \bibitem{druey2010} <entry>
//     \end{thebibliography}
//     % /iscls-references
// Plain text (numeric with markup "plain"):
//     [iscls-references style=american-medical-association keys=clarkson1960,druey2010]
//     1. <entry>
//     [/iscls-references]
// The header carries the style and the key order: in a numeric document `[3]` is the 3rd key of
// `keys=`. Entries are one per line (line breaks in formatted entries become spaces), in
// first-appearance order. The block is rendered deterministically, so updating an up-to-date block
// is a no-op (planListUpdate returns []). A created block is appended at the end of the document
// (LaTeX: before `\end{document}`) after a blank line, and ends with a line break.
//
// EDIT PLANS
// ----------
// Planning functions return non-overlapping, minimal TextEdits against the ORIGINAL text (common
// prefixes/suffixes trimmed, touching edits merged), to be applied as one undoable edit; an
// insertion also returns where each cursor lands. They plan from the caller's analysis of the text
// when it has one (the manuscript model's). Text outside markers and the managed block is never changed. Every plan is checked before it is
// returned: it is applied, the result re-scanned, and the plan is rejected (Error) if the inserted
// keys would not be recognised or the list would not be up to date. Offsets are UTF-16 offsets;
// line endings of inserted blocks follow the document (CRLF stays CRLF).
//
// Numeric specifics: numbers are assigned by first appearance over the whole document; a marker is
// rewritten only when its set of numbers changes (it keeps its form and its ", "/en-dash spacing);
// ranges of 3+ consecutive numbers are compressed (`[1,3,5-7]`). A numeric marker containing a
// number that does not resolve (no block yet, out of range, key no longer known) is "foreign": left
// exactly as written, ignored for numbering, never merged into.
export type {
  BlockFlavor,
  CitationContext,
  CitationMarker,
  DocumentScan,
  ManagedList,
  MarkerForm,
  Markup,
  ScanOptions,
} from './types';
export { scanDocument, scanOf, analyze, analysisCount, forgetAnalysesOf, type Analysis as ManuscriptAnalysis } from './scan';
export { detectConvention } from './convention';
export { CITABLE_LANGUAGES, detectMarkup, isLatexLanguage, isMarkdownLanguage } from './languages';
export { compressNumbers } from './render';
export { applyEdits } from './edits';
export { planInsertion, planListUpdate, listUpdateWanted, type InsertionPlan } from './plan';
export { conventionName, planConversion, type Conversion } from './convert';
export { checkConvention, type ConventionMismatch } from './conventionCheck';
export { PlanRefusal, type RefusalReason } from './guards';
export { readDraft, planAdoption, type Draft, type Adoption } from './adopt';
export { matchEntry, type CandidateItem, type EntryMatch, type Scored } from './matchEntry';
export { findTypedList, type TypedList, type TypedEntry } from './typedList';
export { documentMarkerForm, newMarkerForm, planMarkerForm, type MarkerNormalisation, type NumericForm } from './markerForm';
