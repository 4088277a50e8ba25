// What the three trees share: their node shapes, a reference's tree item, the change event, and a
// reference item's tooltip (the full formatted reference in the current style) built only when hovered.
import * as vscode from 'vscode';
import type { Reference } from '../../core/types';
import { referenceCaveat } from '../../core/knowledge/caveats';
import { completionSummary } from '../../core/knowledge/submission';
import type { Services } from '../shared/services';
import { currentStyle, styleLabel } from '../shared/style';
import { formatReference } from '../shared/references';
import type { DocumentLibrary } from '../shared/documentLibrary';

/** Markdown tooltip: the full reference in the current style, escaped, plus where the topics cite it. */
function referenceTooltip(s: Services, reference: Reference, style: string, library: DocumentLibrary): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendText(formatReference(s, reference.id, style, library) ?? reference.title);
  tooltip.appendMarkdown('\n\n');
  const caveat = referenceCaveat(reference, s.notes);
  if (caveat) {
    tooltip.appendMarkdown('$(warning) ');
    tooltip.appendText(caveat);
    tooltip.appendMarkdown('\n\n');
  }
  const completion = completionSummary(reference);
  if (completion) {
    tooltip.appendMarkdown('$(pass) ');
    tooltip.appendText(completion);
    tooltip.appendMarkdown('\n\n');
  }
  const citing = s.kb.sectionsCiting(reference.id);
  const where = citing.length ? `Cited in ${citing.map((section) => section.title).join(', ')}` : 'Not cited by the topics';
  tooltip.appendMarkdown('$(book) ');
  tooltip.appendText(`From ${s.kb.origin(reference)} · ${where} · ${styleLabel(s, style)}`);
  return tooltip;
}

export interface SectionNode {
  readonly kind: 'section';
  readonly id: string;
}

export interface ReferenceNode {
  readonly kind: 'reference';
  /** Citation key; `key` is what commands read from a tree item. */
  readonly key: string;
  /** The section it is listed under (Topics view only). */
  readonly parent?: SectionNode;
  /** The group it is listed under (References view, when grouped). */
  readonly group?: GroupNode;
}

/** How the References view arranges the list. */
export type ReferenceGrouping = 'number' | 'year' | 'section';

/** A folder of the References view when grouped: a decade, or a top-level topic. */
export interface GroupNode {
  readonly kind: 'group';
  readonly id: string;
  readonly label: string;
  readonly keys: readonly string[];
}

export interface CitedNode {
  readonly kind: 'cited';
  readonly key: string;
  /** 1-based order of first appearance in the document. */
  readonly order: number;
  readonly known: boolean;
  readonly uri: vscode.Uri;
  /** Offsets of the first marker citing it. */
  readonly start: number;
  readonly end: number;
}

export function referenceItem(s: Services, node: ReferenceNode, label: string): vscode.TreeItem {
  const reference = s.kb.reference(node.key)!;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = node.parent
    ? `section:${node.parent.id}/reference:${node.key}`
    : node.group
      ? `group:${node.group.id}/reference:${node.key}`
      : `reference:${node.key}`;
  item.description = reference.title;
  item.iconPath = new vscode.ThemeIcon('references');
  item.contextValue = s.kb.sectionsCiting(node.key).length ? 'reference.cited-by-sections' : 'reference';
  item.accessibilityInformation = { label: `${label}. ${reference.title}` };
  item.command = { command: 'iscls._referenceActions', title: 'Reference Actions', arguments: [node.key] };
  return item;
}

/**
 * What the three trees share: a change event, and a reference item's tooltip (the full formatted
 * reference in the current style) built only when the item is hovered.
 */
export abstract class ReferenceTreeProvider<T extends object> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(protected readonly s: Services) {}

  abstract getChildren(element?: T): vscode.ProviderResult<T[]>;
  abstract getTreeItem(element: T): vscode.TreeItem;

  resolveTreeItem(item: vscode.TreeItem, element: T): vscode.TreeItem {
    const reference = 'key' in element && typeof element.key === 'string' ? this.s.kb.reference(element.key) : undefined;
    if (reference) item.tooltip = referenceTooltip(this.s, reference, currentStyle(this.s), this.tooltipLibrary());
    return item;
  }

  /** The library tooltips format with: the 72 (the review's own views); Cited in Document: its document's. */
  protected tooltipLibrary(): DocumentLibrary {
    return this.s.library.base;
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
