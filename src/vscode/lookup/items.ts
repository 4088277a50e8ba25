// The items of the search box: hits grouped by kind under separators, each with its icon, path or
// other names, and (references) insert/copy buttons.
import * as vscode from 'vscode';
import { otherNames, referenceShortLabel } from '../../core/presentation/labels';
import type { SearchHit, SearchKind } from '../../core/types';
import { withCaveat } from '../../core/knowledge/caveats';
import type { Services } from '../shared/services';

export interface LookupItem extends vscode.QuickPickItem {
  /** What the item opens (QuickPickItem's own `kind` marks separators). */
  target?: { kind: SearchKind; id: string };
}

const GROUPS: Record<SearchKind, { title: string; icon: string }> = {
  section: { title: 'Sections', icon: 'book' },
  term: { title: 'Terms', icon: 'symbol-key' },
  reference: { title: 'References', icon: 'references' },
};

export const INSERT_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('insert'), tooltip: 'Insert Citation' };
const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy Formatted Reference' };

function item(s: Services, kind: SearchKind, id: string, label: string, detail: string): LookupItem {
  const result: LookupItem = { target: { kind, id }, label: `$(${GROUPS[kind].icon}) ${label}`, detail, alwaysShow: true };
  if (kind === 'section') {
    const path = s.kb.sectionPath(id).slice(0, -1).map((p) => p.title);
    result.description = path.length ? path.join(' › ') : 'Section';
  } else if (kind === 'term') {
    const term = s.kb.term(id);
    result.description = term ? otherNames(term).slice(0, 3).join(' · ') || 'Term' : 'Term';
  } else {
    const reference = s.kb.reference(id);
    if (reference) {
      result.label = `$(references) ${referenceShortLabel(reference)}`;
      result.description = `${reference.number}. ${reference['container-title-short']}`;
      result.detail = withCaveat(reference.title, reference, s.notes);
    }
    result.buttons = [INSERT_BUTTON, COPY_BUTTON];
  }
  return result;
}

/** Hits grouped by kind under separators, groups ordered by their best hit. */
export function grouped(s: Services, hits: SearchHit[]): LookupItem[] {
  const groups = new Map<SearchKind, SearchHit[]>();
  for (const hit of [...hits].sort((a, b) => a.score - b.score)) {
    const list = groups.get(hit.kind) ?? [];
    list.push(hit);
    groups.set(hit.kind, list);
  }
  const items: LookupItem[] = [];
  for (const [kind, list] of groups) {
    items.push(separator(GROUPS[kind].title));
    for (const hit of list) items.push(item(s, kind, hit.id, hit.label, hit.detail));
  }
  return items;
}

/** With nothing typed: the topics, so the box doubles as a table of contents. */
export function browse(s: Services): LookupItem[] {
  return [separator(GROUPS.section.title), ...s.kb.allSections().map((section) => item(s, 'section', section.id, section.title, section.summary))];
}

function separator(label: string): LookupItem {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}
