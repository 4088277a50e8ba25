// What the diagnostics report (collection "iscls") for prose documents, refreshed on open, debounced on change,
// cleared on close; off when `iscls.diagnostics.enabled` is false or the language is not listed in
// `iscls.hover.languages`.
//
// WHAT IS REPORTED
// - Warning `unknown-key`: a citation key that is not one of the review's 72 references, in a
//   bracketed pandoc citation `[@nokey]` or a LaTeX `\cite{nokey}`.
//   RULE: only in documents that cite at least one ISCLS key or have a managed ISCLS list. A
//   manuscript with its own bibliography and no ISCLS citation is none of our business and gets no
//   warning at all. Bare in-text `@word` (pandoc) is not checked: in prose it is too often a handle.
// - Warning `missing-entry`: a numeric marker (`[7]`, `^7^`) whose number has no entry in the
//   managed list. Only when the document has a managed list: without one, `[1]` may be anything.
// - Warning `list-problem`: the managed list block cannot be read (e.g. it is not closed).
// - Information (faded) `uncited-entry`: a managed-list entry nothing in the text cites; the range
//   is the entry's line.
// - Information `stale-list`: the managed list (or, in numeric documents, the numbering) is not
//   what *Update Reference List* would write: order, style or entries differ.
// Quick fixes: "Update reference list" for `stale-list` and `uncited-entry` (runs
// `iscls.updateReferenceList` on the document), and "Replace with 'key'" suggestions for unknown keys.
import * as vscode from 'vscode';
import { checkConvention, planListUpdate, type DocumentScan } from '../../core/manuscript';
import { referenceShortLabel } from '../../core/presentation/labels';
import type { Convention } from '../../core/types';
import type { Services } from '../shared/services';

export const SOURCE = 'ISCLS';

type Code = 'unknown-key' | 'missing-entry' | 'list-problem' | 'uncited-entry' | 'stale-list';

function diagnostic(range: vscode.Range, message: string, severity: vscode.DiagnosticSeverity, code: Code): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, severity);
  d.source = SOURCE;
  d.code = code;
  return d;
}

/** Offsets of `key` inside a marker's raw text, as a whole key (not a prefix of a longer one). */
function keyOffsetIn(raw: string, key: string, from: number): number {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<=[@{,\\s])${escaped}(?![\\p{L}\\p{N}_:.#$%&\\-+?<>~/]*[\\p{L}\\p{N}_])`, 'gu');
  re.lastIndex = from;
  const m = re.exec(raw);
  return m ? m.index : -1;
}

/** The line of each managed-list entry, by key (entries are one per line, in header order). */
function entryLines(document: vscode.TextDocument, scanned: DocumentScan): Map<string, number> {
  const list = scanned.list!;
  const lines = new Map<string, number>();
  const first = document.positionAt(list.start).line;
  const last = document.positionAt(list.end).line;
  for (let line = first + 1; line < last; line++) {
    const text = document.lineAt(line).text;
    if (list.flavor === 'latex') {
      const m = /^\s*\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}/.exec(text);
      if (m && !lines.has(m[1].trim())) lines.set(m[1].trim(), line);
    } else {
      const m = /^\s*(\d+)\.\s/.exec(text);
      const key = m ? list.keys[Number(m[1]) - 1] : undefined;
      if (key !== undefined && !lines.has(key)) lines.set(key, line);
    }
  }
  return lines;
}

/** Computes the diagnostics of one document (pure apart from reading settings). */
export function computeDiagnostics(s: Services, document: vscode.TextDocument): vscode.Diagnostic[] {
  const model = s.manuscripts.get(document);
  if (!model) return [];
  const scanned = model.scan;
  const convention: Convention = scanned.convention;
  const out: vscode.Diagnostic[] = [];
  const list = scanned.list;
  const headerRange = list ? document.lineAt(document.positionAt(list.start).line).range : undefined;

  for (const problem of scanned.problems) {
    out.push(diagnostic(headerRange ?? new vscode.Range(0, 0, 0, 0), problem, vscode.DiagnosticSeverity.Warning, 'list-problem'));
  }

  const ours = scanned.order.length > 0 || !!list;
  if (ours) {
    for (const marker of scanned.markers) {
      if (marker.unknown.length === 0) continue;
      if (convention === 'numeric') {
        if (!list) continue;
        const message =
          marker.unknown.length === 1
            ? /^\d+$/.test(marker.unknown[0])
              ? `Citation number ${marker.unknown[0]} has no entry in the reference list (it lists ${list.keys.length}).`
              : `Citation range '${marker.unknown[0]}' is not valid.`
            : `Citation numbers ${marker.unknown.join(', ')} have no entry in the reference list (it lists ${list.keys.length}).`;
        out.push(diagnostic(new vscode.Range(document.positionAt(marker.start), document.positionAt(marker.end)), message, vscode.DiagnosticSeverity.Warning, 'missing-entry'));
        continue;
      }
      if (marker.form === 'pandoc-intext') continue;
      let from = 0;
      for (const key of marker.unknown) {
        const at = keyOffsetIn(marker.raw, key, from);
        const range =
          at >= 0
            ? new vscode.Range(document.positionAt(marker.start + at), document.positionAt(marker.start + at + key.length))
            : new vscode.Range(document.positionAt(marker.start), document.positionAt(marker.end));
        if (at >= 0) from = at + key.length;
        out.push(diagnostic(range, `Unknown ISCLS reference key '${key}'`, vscode.DiagnosticSeverity.Warning, 'unknown-key'));
      }
    }
  }

  // Markers in another convention than the one the document is read in: the convert feature warns
  // once (convention-mismatch); "listed but not cited" for every entry would be false.
  const mismatched = !!list && !!checkConvention(model.text, convention, { knownKeys: model.resolver.keys(), markup: model.markup });
  if (list && scanned.problems.length === 0 && !mismatched) {
    const known = s.manuscripts.references.keys();
    const cited = new Set(scanned.order);
    const lines = entryLines(document, scanned);
    for (const [i, key] of list.keys.entries()) {
      const line = lines.get(key);
      const range = line !== undefined ? document.lineAt(line).range : headerRange!;
      if (!known.has(key)) {
        out.push(diagnostic(range, `Unknown ISCLS reference key '${key}' in the reference list.`, vscode.DiagnosticSeverity.Warning, 'unknown-key'));
      } else if (!cited.has(key)) {
        const name = referenceShortLabel(s.kb.reference(key)!);
        const d = diagnostic(range, `Reference ${convention === 'numeric' ? `${i + 1} ` : ''}(${name}) is listed but not cited in the text.`, vscode.DiagnosticSeverity.Information, 'uncited-entry');
        d.tags = [vscode.DiagnosticTag.Unnecessary];
        out.push(d);
      }
    }
    let stale = false;
    try {
      stale = planListUpdate(model.text, convention, s.manuscripts.context(document, model), { create: false }).length > 0;
    } catch (error) {
      out.push(diagnostic(headerRange!, `The reference list cannot be updated: ${error instanceof Error ? error.message : String(error)}`, vscode.DiagnosticSeverity.Warning, 'list-problem'));
    }
    if (stale) {
      const style = model.settings.style;
      const why = list.style && list.style !== style ? ` (written in ${list.style}, the setting is ${style})` : '';
      out.push(
        diagnostic(
          headerRange!,
          `The reference list is out of date${why}: numbering, order or entries differ from the citations. Run "ISCLS: Update Reference List".`,
          vscode.DiagnosticSeverity.Information,
          'stale-list',
        ),
      );
    }
  }
  return out;
}
