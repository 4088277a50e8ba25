// VS Code diagnostics from the manuscript's findings (what is reported: core/manuscript/findings.ts).
import * as vscode from 'vscode';
import { manuscriptFindings, type FindingCode } from '../../core/manuscript/findings';
import { referenceShortLabel } from '../../core/presentation/labels';
import type { Services } from '../shared/services';

export const SOURCE = 'ISCLS';
/** Findings that depend on which keys resolve: none of them while the document's library loads. */
const WAIT_FOR_LIBRARY = new Set<FindingCode>(['unknown-key', 'uncited-entry', 'stale-list']);

/** The keys the writer chose not to hear about (setting `iscls.ignoredKeys`, quick fix "Ignore"). */
export function ignoredKeys(document?: vscode.TextDocument): Set<string> {
  const value = vscode.workspace.getConfiguration('iscls', document).get<unknown>('ignoredKeys', []);
  return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
}

/** The diagnostics of one document, from its (cached) manuscript model. */
export function computeDiagnostics(s: Services, document: vscode.TextDocument): vscode.Diagnostic[] {
  const model = s.manuscripts.get(document);
  if (!model) return [];
  const label = (key: string) => (s.kb.reference(key) ? referenceShortLabel(s.kb.reference(key)!) : key);
  const ignored = ignoredKeys(document);
  // While a library file of the document is still being read, what depends on which keys resolve waits.
  const loading = s.library.isLoadingFor(document);
  const findings = manuscriptFindings(model, s.manuscripts.context(document, model), label).filter((f) => !loading || !WAIT_FOR_LIBRARY.has(f.code));
  // The finding's range is the key as written (what the quick fixes read and replace).
  const shown = ignored.size ? findings.filter((f) => f.code !== 'unknown-key' || !ignored.has(model.text.slice(f.start, f.end))) : findings;
  return shown.map((finding) => {
    const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
    const severity = finding.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
    const diagnostic = new vscode.Diagnostic(range, finding.message, severity);
    diagnostic.source = SOURCE;
    diagnostic.code = finding.code;
    if (finding.unnecessary) diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
    return diagnostic;
  });
}
