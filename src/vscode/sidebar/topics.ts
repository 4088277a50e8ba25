// Topics: the section tree; under each section its subsections, then the references it cites.
import * as vscode from 'vscode';
import { referenceNumberedLabel } from '../../core/presentation/labels';
import { ReferenceTreeProvider, referenceItem, type ReferenceNode, type SectionNode } from './base';

export class TopicsProvider extends ReferenceTreeProvider<SectionNode | ReferenceNode> {
  private readonly sectionNodes = new Map<string, SectionNode>();
  private readonly referenceNodes = new Map<string, ReferenceNode>();

  sectionNode(id: string): SectionNode {
    let node = this.sectionNodes.get(id);
    if (!node) this.sectionNodes.set(id, (node = { kind: 'section', id }));
    return node;
  }

  private referenceNode(parent: SectionNode, key: string): ReferenceNode {
    const id = `${parent.id}\u0000${key}`;
    let node = this.referenceNodes.get(id);
    if (!node) this.referenceNodes.set(id, (node = { kind: 'reference', key, parent }));
    return node;
  }

  getChildren(element?: SectionNode | ReferenceNode): (SectionNode | ReferenceNode)[] {
    if (!element) return this.s.kb.sections.map((section) => this.sectionNode(section.id));
    if (element.kind !== 'section') return [];
    const section = this.s.kb.section(element.id);
    if (!section) return [];
    return [
      ...(section.children ?? []).map((child) => this.sectionNode(child.id)),
      ...this.s.kb.ownCitations(section).filter((key) => this.s.kb.reference(key)).map((key) => this.referenceNode(element, key)),
    ];
  }

  getParent(element: SectionNode | ReferenceNode): SectionNode | undefined {
    if (element.kind === 'reference') return element.parent;
    const parent = this.s.kb.parent(element.id);
    return parent ? this.sectionNode(parent.id) : undefined;
  }

  getTreeItem(element: SectionNode | ReferenceNode): vscode.TreeItem {
    if (element.kind === 'reference') {
      return referenceItem(this.s, element, referenceNumberedLabel(this.s.kb.reference(element.key)!));
    }
    const section = this.s.kb.section(element.id)!;
    const hasChildren = (section.children?.length ?? 0) > 0 || this.s.kb.ownCitations(section).length > 0;
    const item = new vscode.TreeItem(section.title, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `section:${section.id}`;
    item.description = section.summary;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**');
    tooltip.appendText(this.s.kb.sectionPath(section.id).map((s) => s.title).join(' › '));
    tooltip.appendMarkdown('**\n\n');
    tooltip.appendText(section.summary);
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(this.s.kb.parent(section.id) ? 'bookmark' : 'book');
    item.contextValue = 'section';
    item.command = { command: 'iscls.openSection', title: 'Open Section', arguments: [section.id] };
    return item;
  }

}
