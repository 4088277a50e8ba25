// A reference as the writer meets it anywhere: formatted in the current style, picked from the
// list, or offered with its actions (insert, copy, PubMed, citing sections).
import * as vscode from 'vscode';
import { referenceNumberedLabel, referenceShortLabel } from '../../core/presentation/labels';
import type { Services } from './services';
import { currentStyle, styleLabel } from './style';
import { referenceArg } from './args';

/** The full reference as plain text, or undefined (logged) if the key or style is unknown. */
export function formatReference(s: Services, key: string, style: string): string | undefined {
  try {
    return s.formatter.reference(key, style, 'text');
  } catch (error) {
    s.log.warn(`Could not format ${key} in ${style}`, error);
    // The review's own listing, without its number, is still a usable reference.
    return s.kb.reference(key)?.['review-listing'].replace(/^\d+\.\s*/, '');
  }
}

interface ReferencePick extends vscode.QuickPickItem {
  key: string;
}

/** A QuickPick of the 72 references (filter by author, year, title or journal). */
export async function pickReference(s: Services, title: string): Promise<string | undefined> {
  const items: ReferencePick[] = s.kb.references.map((reference) => ({
    key: reference.id,
    label: `$(references) ${referenceShortLabel(reference)}`,
    description: `${reference.number}. ${reference['container-title-short']}`,
    detail: reference.title,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Type an author, year, title word or journal',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.key;
}

/** The key a command names, or the writer's pick when it names none; a warning when it is unknown. */
export async function resolveReference(s: Services, arg: unknown, title: string): Promise<string | undefined> {
  const parsed = referenceArg(arg, s.kb, s.manuscripts.references);
  if (parsed.kind === 'none') return pickReference(s, title);
  if (parsed.kind === 'ok') return parsed.value;
  void vscode.window.showWarningMessage(`Unknown ISCLS reference: ${parsed.shown}`);
  return undefined;
}

export interface ReferenceActionOptions {
  /** Run before inserting a citation, e.g. to give the manuscript's editor focus back from a webview. */
  beforeInsert?: () => Thenable<unknown>;
}

interface ActionPick extends vscode.QuickPickItem {
  run: () => Thenable<unknown>;
}

/** The actions a writer can take on a reference: insert, copy, PubMed search, citing sections. */
export async function showReferenceActions(s: Services, key: string, options: ReferenceActionOptions = {}): Promise<void> {
  const reference = s.kb.reference(key);
  if (!reference) return;
  const style = currentStyle(s);
  const citing = s.kb.sectionsCiting(key);
  const items: ActionPick[] = [
    {
      label: '$(insert) Insert Citation',
      description: 'at the cursor in the manuscript',
      run: async () => {
        await options.beforeInsert?.();
        return vscode.commands.executeCommand('iscls.insertReference', key);
      },
    },
    {
      label: '$(copy) Copy Formatted Reference',
      description: styleLabel(s, style),
      run: () => vscode.commands.executeCommand('iscls.copyReference', key),
    },
    {
      label: '$(link-external) Search PubMed',
      description: 'by author, title, journal and year',
      run: () => vscode.commands.executeCommand('iscls.openPubMed', key),
    },
  ];
  if (citing.length) {
    items.push({
      label: '$(list-tree) Show Citing Sections',
      description: citing.length === 1 ? citing[0].title : `${citing.length} sections`,
      run: () => vscode.commands.executeCommand('iscls.revealCitingSections', key),
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `${referenceNumberedLabel(reference)} — ${reference.title}`,
    placeHolder: 'Choose an action',
  });
  await picked?.run();
}
