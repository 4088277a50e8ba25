// What the diagnostics report about a manuscript, as offsets in its text. Pure: the extension turns
// findings into VS Code diagnostics (`vscode/diagnostics`), anything else may print them.
//
// - `unknown-key` (warning): a key in a bracketed pandoc citation or a `\cite{}` that resolves to
//   nothing — only in documents that cite at least one known key or have a managed list (a
//   manuscript with its own bibliography and none of ours is none of our business); bare in-text
//   `@word` is never checked (in prose it is too often a handle). Also a list entry's unknown key.
// - `missing-entry` (warning): a numeric marker whose number has no entry in the managed list.
// - `list-problem` (warning): the managed list cannot be read or updated.
// - `uncited-entry` (information, unnecessary): a list entry nothing cites; its range is its line.
// - `stale-list` (information): the list (or the numbering) is not what Update Reference List writes.
import { checkConvention, listUpdateWanted, type CitationContext, type CitationMarker } from './';
import type { Manuscript } from './model';

export type FindingCode = 'unknown-key' | 'missing-entry' | 'list-problem' | 'uncited-entry' | 'stale-list';

export interface Finding {
  /** Offsets in the manuscript's text, end exclusive. */
  start: number;
  end: number;
  message: string;
  severity: 'warning' | 'information';
  code: FindingCode;
  /** Shown faded (an entry nothing uses). */
  unnecessary?: boolean;
}

/** The line around `offset`, without its line break. */
export function lineAt(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

/** Offset of `key` inside a marker's raw text, as a whole key (not a prefix of a longer one). */
function keyOffsetIn(raw: string, key: string, from: number): number {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<=[@{,\\s])${escaped}(?![\\p{L}\\p{N}_:.#$%&\\-+?<>~/]*[\\p{L}\\p{N}_])`, 'gu');
  re.lastIndex = from;
  const m = re.exec(raw);
  return m ? m.index : -1;
}

/** The line of each managed-list entry, by key (entries are one per line, in header order). */
export function entryLines(m: Manuscript): Map<string, { start: number; end: number }> {
  const list = m.scan.list!;
  const lines = new Map<string, { start: number; end: number }>();
  let line = lineAt(m.text, list.start);
  while (line.end < list.end) {
    const next = m.text.indexOf('\n', line.end);
    if (next < 0 || next + 1 >= list.end) break;
    line = lineAt(m.text, next + 1);
    const text = m.text.slice(line.start, line.end);
    const key =
      list.flavor === 'latex'
        ? /^\s*\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}/.exec(text)?.[1].trim()
        : ((n) => (n ? list.keys[Number(n[1]) - 1] : undefined))(/^\s*(\d+)\.\s/.exec(text));
    if (key !== undefined && !lines.has(key)) lines.set(key, line);
  }
  return lines;
}

function markerFindings(m: Manuscript, marker: CitationMarker): Finding[] {
  const list = m.scan.list;
  const warning = (start: number, end: number, message: string, code: FindingCode): Finding => ({ start, end, message, severity: 'warning', code });
  if (m.convention === 'numeric') {
    if (!list) return [];
    const [first] = marker.unknown;
    const message =
      marker.unknown.length === 1
        ? /^\d+$/.test(first)
          ? `Citation number ${first} has no entry in the reference list (it lists ${list.keys.length}).`
          : `Citation range '${first}' is not valid.`
        : `Citation numbers ${marker.unknown.join(', ')} have no entry in the reference list (it lists ${list.keys.length}).`;
    return [warning(marker.start, marker.end, message, 'missing-entry')];
  }
  if (marker.form === 'pandoc-intext') return [];
  const out: Finding[] = [];
  let from = 0;
  for (const key of marker.unknown) {
    const at = keyOffsetIn(marker.raw, key, from);
    if (at >= 0) from = at + key.length;
    const [start, end] = at >= 0 ? [marker.start + at, marker.start + at + key.length] : [marker.start, marker.end];
    out.push(warning(start, end, `Unknown ISCLS reference key '${key}'`, 'unknown-key'));
  }
  return out;
}

function listFindings(m: Manuscript, context: CitationContext, label: (key: string) => string): Finding[] {
  const list = m.scan.list!;
  const header = lineAt(m.text, list.start);
  const cited = new Set(m.scan.order);
  const lines = entryLines(m);
  const out: Finding[] = [];
  for (const [i, key] of list.keys.entries()) {
    const { start, end } = lines.get(key) ?? header;
    if (!m.resolver.has(key)) {
      out.push({ start, end, message: `Unknown ISCLS reference key '${key}' in the reference list.`, severity: 'warning', code: 'unknown-key' });
    } else if (!cited.has(key)) {
      const message = `Reference ${m.convention === 'numeric' ? `${i + 1} ` : ''}(${label(key)}) is listed but not cited in the text.`;
      out.push({ start, end, message, severity: 'information', code: 'uncited-entry', unnecessary: true });
    }
  }
  let stale = false;
  try {
    stale = listUpdateWanted(m.text, m.convention, context, m.analysis);
  } catch (error) {
    const message = `The reference list cannot be updated: ${error instanceof Error ? error.message : String(error)}`;
    out.push({ ...header, message, severity: 'warning', code: 'list-problem' });
  }
  if (stale) {
    const style = m.settings.style;
    const why = list.style && list.style !== style ? ` (written in ${list.style}, the setting is ${style})` : '';
    const message = `The reference list is out of date${why}: numbering, order or entries differ from the citations. Run "ISCLS: Update Reference List".`;
    out.push({ ...header, message, severity: 'information', code: 'stale-list' });
  }
  return out;
}

/** Everything worth reporting about a manuscript; `label` names a known key ("Clarkson 1960"). */
export function manuscriptFindings(m: Manuscript, context: CitationContext, label: (key: string) => string): Finding[] {
  const { scan } = m;
  const header = scan.list ? lineAt(m.text, scan.list.start) : { start: 0, end: 0 };
  const out: Finding[] = scan.problems.map((problem) => ({ ...header, message: problem, severity: 'warning', code: 'list-problem' }));
  // Only documents that are ours: they cite a known key or hold our list.
  if (scan.order.length > 0 || scan.list) {
    for (const marker of scan.markers) if (marker.unknown.length) out.push(...markerFindings(m, marker));
  }
  // Markers in another convention than the one the document is read in: the convert feature warns
  // once (convention-mismatch); "listed but not cited" for every entry would be false.
  const mismatched = !!scan.list && !!checkConvention(m.text, m.convention, { knownKeys: m.resolver.keys(), markup: m.markup });
  if (scan.list && scan.problems.length === 0 && !mismatched) out.push(...listFindings(m, context, label));
  return out;
}
