// Check Reference List: what a journal's reference editor would send back about the active manuscript's
// references (core/manuscript/referenceCheck.ts, the same check as `iscls check`), as problems on the
// list's lines in the Problems view. The findings stay until the document is edited (they describe that
// version) or the check runs again; the command resolves to a CommandResult with the findings.
import * as vscode from 'vscode';
import { referenceCaveat } from '../../core/knowledge/caveats';
import { checkReferenceList, hasProblems, type CheckFinding } from '../../core/manuscript/referenceCheck';
import type { CommandResult, FeatureContext } from '../shared/commands';
import { documentFromArgument, documentName } from '../shared/documents';
import type { Services } from '../shared/services';

const SOURCE = 'ISCLS check';
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, information: vscode.DiagnosticSeverity.Information } as const;

export interface CheckResult extends CommandResult {
  findings?: CheckFinding[];
}

export function registerCheck(ctx: FeatureContext): void {
  const collection = vscode.languages.createDiagnosticCollection('iscls-check');
  ctx.push(
    collection,
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && collection.has(e.document.uri)) collection.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => collection.delete(document.uri)),
  );
  ctx.commands({ 'iscls.checkReferenceList': (arg) => checkCommand(ctx.s, collection, arg) });
}

async function checkCommand(s: Services, collection: vscode.DiagnosticCollection, arg: unknown): Promise<CheckResult> {
  const target = documentFromArgument(arg);
  if (!target) {
    void vscode.window.showInformationMessage('Open a manuscript to check its reference list.');
    return { ok: false, reason: 'no-editor' };
  }
  const { document } = target;
  // Keys of a library file still being read would be called unknown: wait for it (both hosts).
  for (let waited = 0; s.library.isLoadingFor(document) && waited < 30000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  await s.journalAbbreviations.load();
  const model = s.manuscripts.get(document);
  if (!model) return { ok: false, reason: 'error', message: 'Could not read the manuscript\'s citations: see the log.' };
  const library = s.library.forDocument(document);
  const findings = checkReferenceList(model, s.manuscripts.context(document, model), {
    formatter: library.formatter,
    journals: s.journalAbbreviations.loaded,
    caveat: (reference) => referenceCaveat(reference, s.notes),
  });
  collection.set(document.uri, findings.map((f) => diagnostic(document, f)));
  const problems = findings.filter((f) => f.severity !== 'information').length;
  const notes = findings.length - problems;
  const message =
    `${documentName(document)}: ${model.cited.length} reference${model.cited.length === 1 ? '' : 's'} checked in ${model.settings.style}: ` +
    `${problems ? `${problems} problem${problems === 1 ? '' : 's'}` : 'no problem'}${notes ? `, ${notes} note${notes === 1 ? '' : 's'}` : ''}.`;
  s.log.info(`Check Reference List: ${message}`);
  if (findings.length) {
    void vscode.commands.executeCommand('workbench.actions.view.problems');
    void (hasProblems(findings) ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
  } else {
    void vscode.window.showInformationMessage(message);
  }
  return { ok: true, count: problems, message, findings };
}

function diagnostic(document: vscode.TextDocument, f: CheckFinding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(document.positionAt(f.start), document.positionAt(f.end)), f.message, SEVERITY[f.severity]);
  d.source = SOURCE;
  d.code = f.code;
  return d;
}
