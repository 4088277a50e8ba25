// What each citation will print, shown while writing: in pandoc and LaTeX documents, an inlay hint
// after every marker — its number(s) in a numeric style (`[@gousseff2011]` ⁴, by first appearance,
// as pandoc --citeproc numbers), "(Gousseff et al., 2011)" in an author-date style. Recomputed from
// the document's model when VS Code asks and the writer has paused, so numbers follow moved citations.
// Setting `iscls.inlayHints.enabled` (default on) turns them off; VS Code's own
// `editor.inlayHints.enabled` still applies.
import * as vscode from 'vscode';
import { compressNumbers } from '../../core/manuscript';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { isProse } from '../shared/settings';

const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', ',': '˒', '-': '⁻' };

/** "1-3,5" as superscript digits: what a numeric style prints. */
export function superscript(s: string): string {
  return [...s].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

export function hintsFor(s: Services, document: vscode.TextDocument, range?: vscode.Range): vscode.InlayHint[] {
  if (!vscode.workspace.getConfiguration('iscls', document).get('inlayHints.enabled', true) || !isProse(document)) return [];
  const model = s.manuscripts.get(document);
  if (!model || model.convention === 'numeric') return [];
  const style = model.settings.style;
  // The document's own library formats its library keys (and a review key it holds a fuller record of).
  const formatter = s.library.forDocument(document).formatter;
  let numeric: boolean;
  try {
    numeric = formatter.isNumeric(style);
  } catch {
    return [];
  }
  const number = new Map(model.scan.order.map((k, i) => [k, i + 1]));
  const hints: vscode.InlayHint[] = [];
  for (const m of model.scan.markers) {
    const keys = m.keys.filter((k) => number.has(k));
    if (keys.length === 0) continue;
    const at = document.positionAt(m.end);
    if (range && !range.contains(at)) continue;
    let label: string;
    try {
      label = numeric ? superscript(compressNumbers([...new Set(keys.map((k) => number.get(k)!))].sort((a, b) => a - b))) : formatter.inText(keys, style, model.scan.order);
    } catch {
      continue; // a key the formatter cannot format (e.g. outside the review): no hint rather than a wrong one
    }
    const hint = new vscode.InlayHint(at, label, vscode.InlayHintKind.Type);
    hint.paddingLeft = !numeric;
    hint.tooltip = `What ${m.raw} prints in ${style}`;
    hints.push(hint);
  }
  return hints;
}

/** How long a document must stay unchanged before its hints are worked out again. */
const QUIET_MS = 300;

/**
 * The hints once the writer pauses: VS Code may ask while they type (after a scroll, say), and a
 * version not analysed yet costs a whole analysis of the manuscript, kept until collected. A request
 * VS Code cancels meanwhile gets none.
 */
async function hintsWhenQuiet(s: Services, document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
  while (!s.manuscripts.isCurrent(document)) {
    const version = document.version;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    if (token.isCancellationRequested || document.isClosed) return [];
    if (document.version === version) break;
  }
  return hintsFor(s, document, range);
}

export function registerInlayHints(ctx: FeatureContext): void {
  const changed = new vscode.EventEmitter<void>();
  ctx.push(
    changed,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('iscls')) changed.fire();
    }),
    // A library file read again: what its keys print may have changed.
    ctx.s.library.onDidChange(() => changed.fire()),
    vscode.languages.registerInlayHintsProvider(
      [{ language: 'markdown' }, { language: 'latex' }, { language: 'tex' }, { language: 'quarto' }, { language: 'rmd' }, { language: 'plaintext' }],
      { onDidChangeInlayHints: changed.event, provideInlayHints: (document, range, token) => hintsWhenQuiet(ctx.s, document, range, token) },
    ),
  );
}
