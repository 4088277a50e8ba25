// Find Journal Style…: type a journal's name, abbreviation or ISSN and format in its style (the CSL
// repository's journals, offline), or choose a `.csl` file. The choice is saved as the citation style
// through Select Citation Style, which offers to update the list.
import * as vscode from 'vscode';
import type { CommandResult, FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { StyleFiles } from '../shared/styleFiles';
import type { JournalStyle } from '../../core/styles/journalIndex';
import { CslFileError } from '../../core/styles/resolveStyle';

interface JournalItem extends vscode.QuickPickItem {
  journal?: JournalStyle;
  chooseFile?: boolean;
}

const CHOOSE_FILE: JournalItem = { label: '$(file) Choose a .csl File…', detail: 'A style file of your own or downloaded from the CSL repository', chooseFile: true, alwaysShow: true };

function itemOf(j: JournalStyle, label: (id: string) => string | undefined): JournalItem {
  const issn = [j.issn, j.eissn].filter(Boolean).join(', ');
  const detail = j.parent ? `Style: ${label(j.parent) ?? j.parent}` : `Its own style, ${j.style}.csl: not bundled (the file is needed)`;
  return { label: j.title, description: [j.short, issn].filter(Boolean).join(' · '), detail, journal: j, alwaysShow: true };
}

async function pickJournal(s: Services, query?: string): Promise<JournalItem | undefined> {
  const index = await s.styleFiles.journalIndex();
  if (!index) throw new Error('The journal index is missing from this installation.');
  const label = (id: string) => s.formatter.styles().find((st) => st.id === id)?.label;
  const pick = vscode.window.createQuickPick<JournalItem>();
  pick.title = 'Find Journal Style';
  pick.placeholder = `A journal's name, abbreviation or ISSN (${index.journals.length} journals of the CSL style repository)`;
  pick.matchOnDescription = true;
  const update = (value: string) => (pick.items = [...index.search(value, 50).map((j) => itemOf(j, label)), CHOOSE_FILE]);
  pick.onDidChangeValue(update);
  pick.value = query ?? '';
  update(pick.value);
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** The setting's value for a chosen file: relative to the workspace folder when inside it. */
function settingFor(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? vscode.workspace.asRelativePath(uri, false) : uri.fsPath;
}

/**
 * `args`: `{ query }` opens the pick with a query; `{ style }` (a journal's style id or a `.csl` path)
 * chooses without asking (tests, keybindings); `{ updateList }` as for Select Citation Style.
 */
export async function findJournalStyle(s: Services, args?: { query?: string; style?: string; updateList?: boolean }): Promise<CommandResult> {
  let request = args?.style;
  if (!request) {
    const item = await pickJournal(s, args?.query);
    if (!item) return { ok: false, reason: 'cancelled' };
    if (item.chooseFile) {
      const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'CSL style': ['csl'] }, title: 'Citation Style File' })) ?? [];
      if (!uri) return { ok: false, reason: 'cancelled' };
      request = settingFor(uri);
    } else request = item.journal!.style;
  }
  try {
    await s.styleFiles.use(request, StyleFiles.baseFor(vscode.window.activeTextEditor?.document, false));
  } catch (error) {
    const message = error instanceof CslFileError ? error.message : String(error);
    void vscode.window.showErrorMessage(`${message} The document keeps its current style.`);
    return { ok: false, reason: 'error', message };
  }
  return (await vscode.commands.executeCommand<CommandResult>('iscls.selectStyle', { style: request, updateList: args?.updateList })) ?? { ok: true };
}

export function registerJournalStyle(ctx: FeatureContext): void {
  ctx.commands({
    'iscls.findJournalStyle': (args?: unknown) => findJournalStyle(ctx.s, args && typeof args === 'object' ? (args as { query?: string; style?: string; updateList?: boolean }) : undefined),
  });
}
