// Adopt Numbered Draft: the writer's typed or pasted numbered list (at the end of the document)
// becomes the managed list. Refusals come first (no list, a number beyond it); then each unsure
// entry is confirmed in a pick (or kept as typed); then ONE edit: numbers renumbered by first
// appearance, each still pointing at the same work, the list managed. One Undo restores the draft.
//
// Automation hook: `iscls.adoptNumberedDraft` with `{ uri?: Uri, choices?: Record<number, string | null> }`:
// entry number → key (null: keep as typed) for the unsure ones, instead of the pick.
import * as vscode from 'vscode';
import { planAdoption, readDraft, type CandidateItem, type Draft } from '../../core/manuscript';
import { referenceShortLabel } from '../../core/presentation/labels';
import type { CommandResult, FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { applyPlan } from '../shared/applyPlan';
import { documentFromArgument, documentName, isReadonlyDocument } from '../shared/documents';

interface Args {
  uri?: vscode.Uri;
  choices?: Record<number, string | null>;
}

function parseArgs(args: unknown): Args {
  if (!args || typeof args !== 'object') return {};
  const { uri, choices } = args as { uri?: unknown; choices?: unknown };
  return { uri: uri instanceof vscode.Uri ? uri : undefined, choices: choices && typeof choices === 'object' ? (choices as Args['choices']) : undefined };
}

/** Every work the document may cite: the review's 72 and, when loaded, the writer's library. */
function candidates(s: Services, document: vscode.TextDocument): CandidateItem[] {
  const resolver = s.library.forDocument(document).merged;
  return [...resolver.keys()].map((key) => ({ ...resolver.get(key)!.item, 'citation-key': key }));
}

function label(s: Services, key: string): string {
  const review = s.kb.reference(key);
  return review ? `${referenceShortLabel(review)} · ${review.title}` : key;
}

/** The writer's choice for one unsure entry: a candidate, or keep it as typed. Undefined: cancelled. */
async function confirm(s: Services, draft: Draft, index: number): Promise<string | null | undefined> {
  const entry = draft.list.entries[index];
  const match = draft.matches[index];
  type Item = vscode.QuickPickItem & { key: string | null };
  const items: Item[] = [
    ...match.candidates.map((c) => ({ label: label(s, c.key), description: `${Math.round(c.score * 100)}% match`, key: c.key })),
    { label: '$(circle-slash) Keep as typed (no match)', description: draft.cited.has(entry.n) ? 'cited in the text: adoption will stop' : 'not cited', key: null },
  ];
  const choice = await vscode.window.showQuickPick(items, {
    title: `Adopt Numbered Draft — entry ${entry.n} of ${draft.list.entries.length}: which work is it?`,
    placeHolder: entry.text.length > 160 ? `${entry.text.slice(0, 160)}…` : entry.text,
    ignoreFocusOut: true,
  });
  return choice ? choice.key : undefined;
}

async function adoptCommand(s: Services, raw?: unknown): Promise<CommandResult> {
  const args = parseArgs(raw);
  const target = documentFromArgument(args.uri);
  if (!target) {
    const message = 'Open the draft whose numbered reference list should be adopted.';
    void vscode.window.showInformationMessage(message);
    return { ok: false, reason: 'no-editor', message };
  }
  const { document } = target;
  if (isReadonlyDocument(document)) {
    const message = `"${documentName(document)}" is read-only: nothing was adopted.`;
    void vscode.window.showWarningMessage(message);
    return { ok: false, reason: 'readonly', message };
  }
  const model = s.manuscripts.get(document);
  if (!model) throw new Error('The document could not be analysed (see the log).');
  const pool = candidates(s, document);
  let draft: Draft;
  try {
    draft = readDraft(model.text, pool, model.markup); // refusals before any question
  } catch (error) {
    const message = (error as Error).message;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const keys: (string | undefined)[] = [];
  for (let i = 0; i < draft.matches.length; i++) {
    const m = draft.matches[i];
    const n = draft.list.entries[i].n;
    if (args.choices && n in args.choices) keys.push(args.choices[n] ?? undefined);
    else if (m.status === 'matched') keys.push(m.candidates[0].key);
    else if (m.status === 'unmatched' && !args.choices) keys.push(undefined);
    else if (args.choices) keys.push(m.status === 'unsure' ? m.candidates[0].key : undefined);
    else {
      const choice = await confirm(s, draft, i);
      if (choice === undefined) return { ok: false, reason: 'cancelled' };
      keys.push(choice ?? undefined);
    }
  }
  const version = document.version;
  let kept: number[] = [];
  const result = await applyPlan(document, target.editor, () => {
    if (document.version !== version) {
      return { edits: [], refused: { ok: false, reason: 'conflict', message: 'The document changed while entries were being confirmed; nothing was changed. Adopt again.' } };
    }
    const current = s.manuscripts.get(document)!;
    const adoption = planAdoption(current.text, draft, keys, s.manuscripts.context(document, current));
    kept = adoption.unmatched.map((e) => e.n);
    return { edits: adoption.edits };
  });
  if (!result.ok) {
    const message = result.message ?? 'The draft could not be adopted.';
    void vscode.window.showErrorMessage(message);
    return { ...result, message };
  }
  const adopted = keys.filter((k) => k !== undefined).length;
  const message =
    `Adopted ${adopted} of ${keys.length} entries as the managed reference list (one Undo restores the draft).` +
    (kept.length ? ` Kept as typed, with no matching work: entr${kept.length > 1 ? 'ies' : 'y'} ${kept.join(', ')}.` : '');
  void vscode.window.showInformationMessage(message);
  return { ok: true, message, count: adopted };
}

export function registerAdopt(ctx: FeatureContext): void {
  ctx.commands({ 'iscls.adoptNumberedDraft': (args) => adoptCommand(ctx.s, args) });
}
