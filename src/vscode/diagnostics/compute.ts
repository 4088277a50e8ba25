// VS Code diagnostics from the manuscript's findings (what is reported: core/model/findings.ts).
import * as vscode from 'vscode';
import { manuscriptFindings } from '../../core/model/findings';
import { referenceShortLabel } from '../../core/presentation/labels';
import type { Services } from '../shared/services';

export const SOURCE = 'ISCLS';

/** The diagnostics of one document, from its (cached) manuscript model. */
export function computeDiagnostics(s: Services, document: vscode.TextDocument): vscode.Diagnostic[] {
  const model = s.manuscripts.get(document);
  if (!model) return [];
  const label = (key: string) => (s.kb.reference(key) ? referenceShortLabel(s.kb.reference(key)!) : key);
  return manuscriptFindings(model, s.manuscripts.context(document, model), label).map((finding) => {
    const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
    const severity = finding.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
    const diagnostic = new vscode.Diagnostic(range, finding.message, severity);
    diagnostic.source = SOURCE;
    diagnostic.code = finding.code;
    if (finding.unnecessary) diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
    return diagnostic;
  });
}
