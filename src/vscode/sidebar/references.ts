// References: the review's list, by number, or grouped by decade or by the topic citing it.
import * as vscode from 'vscode';
import { referenceNumberedLabel, referenceYear } from '../../core/presentation/labels';
import type { Services } from '../shared/services';
import { ReferenceTreeProvider, referenceItem, type GroupNode, type ReferenceGrouping, type ReferenceNode } from './base';

export class ReferencesProvider extends ReferenceTreeProvider<ReferenceNode | GroupNode> {
  private readonly flat: ReferenceNode[];
  private groups: GroupNode[] = [];
  private children = new Map<string, ReferenceNode[]>();
  private current: ReferenceGrouping = 'number';

  constructor(s: Services) {
    super(s);
    this.flat = [...s.kb.references].sort((a, b) => a.number - b.number).map((reference) => ({ kind: 'reference', key: reference.id }));
  }

  get grouping(): ReferenceGrouping {
    return this.current;
  }

  /** Rearranges the view; the groups are computed once per change. */
  setGrouping(grouping: ReferenceGrouping): void {
    this.current = grouping;
    this.groups = grouping === 'number' ? [] : grouping === 'year' ? this.byDecade() : this.byTopic();
    this.children = new Map(this.groups.map((group) => [group.id, group.keys.map((key): ReferenceNode => ({ kind: 'reference', key, group }))]));
    this.refresh();
  }

  private byDecade(): GroupNode[] {
    const decades = new Map<number, string[]>();
    for (const reference of [...this.s.kb.references].sort((a, b) => Number(referenceYear(a)) - Number(referenceYear(b)) || a.number - b.number)) {
      const decade = Math.floor(Number(referenceYear(reference)) / 10) * 10;
      decades.set(decade, [...(decades.get(decade) ?? []), reference.id]);
    }
    return [...decades].map(([decade, keys]) => ({ kind: 'group', id: `decade-${decade}`, label: `${decade}s`, keys }));
  }

  private byTopic(): GroupNode[] {
    const byRoot = new Map<string, Set<string>>();
    for (const reference of this.s.kb.references) {
      for (const section of this.s.kb.sectionsCiting(reference.id)) {
        const root = this.s.kb.sectionPath(section.id)[0];
        byRoot.set(root.id, (byRoot.get(root.id) ?? new Set()).add(reference.id));
      }
    }
    const byNumber = (a: string, b: string) => this.s.kb.reference(a)!.number - this.s.kb.reference(b)!.number;
    const groups: GroupNode[] = this.s.kb.sections
      .filter((root) => byRoot.has(root.id))
      .map((root) => ({ kind: 'group', id: `topic-${root.id}`, label: root.title, keys: [...byRoot.get(root.id)!].sort(byNumber) }));
    const uncited = this.s.kb.references.filter((r) => this.s.kb.sectionsCiting(r.id).length === 0).map((r) => r.id);
    if (uncited.length) groups.push({ kind: 'group', id: 'topic-none', label: 'Not cited in any topic', keys: uncited });
    return groups;
  }

  getChildren(element?: ReferenceNode | GroupNode): (ReferenceNode | GroupNode)[] {
    if (!element) return this.current === 'number' ? this.flat : this.groups;
    return element.kind === 'group' ? (this.children.get(element.id) ?? []) : [];
  }

  getParent(element: ReferenceNode | GroupNode): GroupNode | undefined {
    return element.kind === 'reference' ? element.group : undefined;
  }

  /** The first node showing a reference (the flat one, or its first group's). */
  node(key: string): ReferenceNode | undefined {
    if (this.current === 'number') return this.flat.find((node) => node.key === key);
    for (const group of this.groups) {
      const node = this.children.get(group.id)?.find((n) => n.key === key);
      if (node) return node;
    }
    return undefined;
  }

  getTreeItem(element: ReferenceNode | GroupNode): vscode.TreeItem {
    if (element.kind === 'group') {
      const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `group:${element.id}`;
      item.description = `${element.keys.length}`;
      item.tooltip = `${element.keys.length} reference${element.keys.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon(this.current === 'year' ? 'calendar' : 'book');
      item.contextValue = 'referenceGroup';
      return item;
    }
    return referenceItem(this.s, element, referenceNumberedLabel(this.s.kb.reference(element.key)!));
  }
}

export const GROUPINGS: { grouping: ReferenceGrouping; label: string; description: string }[] = [
  { grouping: 'number', label: '$(list-ordered) By number', description: 'as the review numbers them' },
  { grouping: 'year', label: '$(calendar) By decade', description: 'oldest first' },
  { grouping: 'section', label: '$(book) By topic', description: 'the topics that cite each reference' },
];
