// Citation commands: insert citations (pick, tree item, term), keep the managed reference list in
// step, choose the style, export the cited references.
//
// Automation hooks (tests, other extensions); every command resolves to a `CommandResult`:
// - `iscls.insertCitation` with `{ keys: string[] }` inserts those keys without the pick;
// - `iscls.insertReference` with a reference argument (`key`, `@key`, number, tree item);
// - `iscls.insertTermReferences` with a term id;
// - `iscls.updateReferenceList` with an optional document `Uri`;
// - `iscls.selectStyle` with `{ style: string, updateList?: boolean }` skips the pick and the prompt;
// - `iscls.exportReferences` with `{ format, uri?, all?, overwrite? }` skips the pickers and dialogs.
import * as vscode from 'vscode';
import { refuse, type CommandResult, type FeatureContext, type NextStep } from '../shared/commands';
import type { Services } from '../shared/services';
import { isProse } from '../shared/settings';
import { isReadonlyDocument } from '../shared/documents';
import { referenceArg, termArg } from '../shared/args';
import { insertKeys, noEditor, readonly, targetFromActiveEditor } from './insert';
import { OpenPick, pickReferences } from './pick';
import { EarlyTyping } from './earlyTyping';
import { planListUpdateIn, type Manuscript } from '../../core/manuscript/model';
import { findTypedList, PlanRefusal } from '../../core/manuscript';
import { updateReferenceList } from './list';
import { selectStyle } from './style';
import { exportCommand } from './export';

async function insertCitationCommand(s: Services, openPick: OpenPick, args?: unknown): Promise<CommandResult> {
  const target = targetFromActiveEditor();
  // Automation hook: `{ keys: [...] }` inserts without the pick.
  if (args && typeof args === 'object' && Array.isArray((args as { keys?: unknown }).keys)) {
    const keys = ((args as { keys: unknown[] }).keys).filter((k): k is string => typeof k === 'string').map((k) => k.replace(/^@/, ''));
    return insertKeys(s, target, keys);
  }
  if (!target) return noEditor();
  const early = new EarlyTyping(target.editor);
  try {
    return await pickAndInsert(s, openPick, target, early);
  } finally {
    early.stop();
  }
}

async function pickAndInsert(s: Services, openPick: OpenPick, target: NonNullable<ReturnType<typeof targetFromActiveEditor>>, early: EarlyTyping): Promise<CommandResult> {
  if (isReadonlyDocument(target.document)) return readonly(target.document);
  if (!isProse(target.document)) {
    const choice = await vscode.window.showWarningMessage(
      `ISCLS citations are meant for manuscripts (Markdown, LaTeX, plain text). Insert one into this ${target.document.languageId} document anyway?`,
      { modal: true },
      'Insert Citation',
    );
    if (choice !== 'Insert Citation') return { ok: false, reason: 'cancelled' };
  }
  const model = s.manuscripts.get(target.document);
  // Refusals before the pick: a document the engine cannot cite in says so before the writer picks.
  const refusal = model && citationRefusal(s, target.document, model);
  if (refusal) {
    void refuse('error', refusal.message, refusal.steps);
    return { ok: false, reason: 'error', message: refusal.message };
  }
  const keys = await pickReferences(s, openPick, s.library.forDocument(target.document), model?.scan.order ?? [], model?.settings.style ?? s.formatter.styles()[0].id, early);
  if (!keys) return { ok: false, reason: 'cancelled' };
  return insertKeys(s, target, keys);
}

/** Why no citation can be inserted in this document (typed numbers, a broken list …) and what to do instead. */
function citationRefusal(s: Services, document: vscode.TextDocument, model: Manuscript): { message: string; steps: NextStep[] } | undefined {
  try {
    planListUpdateIn(model, s.manuscripts.context(document, model), { create: true });
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Numbers the writer typed may well be their own numbered list: adopting it is the way on.
    const typed = error instanceof PlanRefusal && error.reason === 'typed-numbers';
    if (!typed) return { message, steps: [{ title: 'Show Log', command: 'iscls.showLog' }] };
    const hasList = !!findTypedList(model.text);
    const steps: NextStep[] = hasList ? [{ title: 'Adopt Numbered Draft', command: 'iscls.adoptNumberedDraft', args: [{ uri: document.uri }] }] : [];
    steps.push({ title: 'Choose Citation Form', command: 'workbench.action.openSettings', args: ['iscls.citationConvention'] });
    return { message: `${hasList ? 'Adopt Numbered Draft makes your numbered list the managed one. ' : ''}${message}`, steps };
  }
}

function unknownArgument(what: string, shown: string): CommandResult {
  const message = `Unknown ISCLS ${what} ${shown}. Nothing was inserted.`;
  void vscode.window.showErrorMessage(message);
  return { ok: false, reason: 'error', message };
}

async function insertReferenceCommand(s: Services, openPick: OpenPick, arg?: unknown): Promise<CommandResult> {
  const parsed = referenceArg(arg, s.kb, s.library.forActiveEditor().merged);
  if (parsed.kind === 'none') return insertCitationCommand(s, openPick);
  if (parsed.kind === 'invalid') return unknownArgument('reference', parsed.shown);
  return insertKeys(s, targetFromActiveEditor(), [parsed.value]);
}

async function insertTermReferencesCommand(s: Services, arg?: unknown): Promise<CommandResult> {
  const parsed = termArg(arg, s.kb);
  if (parsed.kind !== 'ok') {
    const message = parsed.kind === 'none' ? 'No term given.' : `Unknown ISCLS term '${parsed.shown}'.`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const term = s.kb.term(parsed.value)!;
  const resolver = s.library.forActiveEditor().merged;
  const keys = term.references.filter((k) => resolver.has(k));
  if (keys.length === 0) {
    const message = `"${term.name}" has no key references to cite.`;
    void vscode.window.showInformationMessage(message);
    return { ok: false, reason: 'unchanged', message };
  }
  return insertKeys(s, targetFromActiveEditor(), keys);
}

/** What the cite feature shows the tests: the citation pick while it is open (they type in it and accept). */
export interface CiteApi {
  citationPick(): OpenPick['current'];
}

export function registerCite(ctx: FeatureContext): CiteApi {
  const { s } = ctx;
  const openPick = new OpenPick();
  ctx.commands({
    'iscls.insertCitation': (args) => insertCitationCommand(s, openPick, args),
    'iscls.insertReference': (arg) => insertReferenceCommand(s, openPick, arg),
    'iscls.insertTermReferences': (arg) => insertTermReferencesCommand(s, arg),
    'iscls.updateReferenceList': (arg) => updateReferenceList(s, arg),
    'iscls.selectStyle': (args) => selectStyle(s, args),
    'iscls.exportReferences': (args) => exportCommand(s, args),
  });
  return { citationPick: () => openPick.current };
}
