// The sidebar: Topics (sections and what they cite), References (the review's 72 papers) and
// Cited in Document (what the active manuscript cites, in order of first appearance), plus the
// per-reference commands their items offer: copy, PubMed search, sections citing it, actions picker.
import * as vscode from 'vscode';
import type { DocumentScan } from '../core/documentCitations';
import { pubmedSearchUrl, referenceNumberedLabel, referenceShortLabel, referenceYear } from '../core/hoverContent';
import type { Reference, Section } from '../core/types';
import { currentStyle, isProse, scan, type Services } from './services';

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by the section view, the hovers and the lookup)
// ---------------------------------------------------------------------------------------------

/** Human label of a style, e.g. "AMA (11th edition)". */
export function styleLabel(s: Services, style: string): string {
  try {
    return s.formatter.styles().find((info) => info.id === style)?.label ?? style;
  } catch {
    return style;
  }
}

/** The full reference formatted as plain text, or undefined (logged) if the key or style is unknown. */
export function formatReference(s: Services, key: string, style: string): string | undefined {
  try {
    return s.formatter.reference(key, style, 'text');
  } catch (error) {
    s.log.warn(`Could not format ${key} in ${style}: ${error instanceof Error ? error.message : String(error)}`);
    const reference = s.kb.reference(key);
    // The review's own listing, without its number, is still a usable reference.
    return reference?.['review-listing'].replace(/^\d+\.\s*/, '');
  }
}

/**
 * The citation key a command was invoked with: a tree item of ours, a key, a reference number, an
 * object with a `key`, or nothing (undefined: the caller asks).
 */
export function keyFromArgument(s: Services, arg: unknown): string | undefined {
  if (typeof arg === 'string') return s.kb.reference(arg) ? arg : undefined;
  if (typeof arg === 'number') return s.kb.referenceByNumber(arg)?.id;
  if (arg && typeof arg === 'object' && 'key' in arg && typeof (arg as { key: unknown }).key === 'string') {
    const key = (arg as { key: string }).key;
    return s.kb.reference(key) ? key : undefined;
  }
  return undefined;
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

async function resolveKey(s: Services, arg: unknown, title: string): Promise<string | undefined> {
  if (arg === undefined || arg === null) return pickReference(s, title);
  const key = keyFromArgument(s, arg);
  if (!key) void vscode.window.showWarningMessage(`Unknown ISCLS reference: ${typeof arg === 'string' ? arg : JSON.stringify(arg)}`);
  return key;
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

/** Markdown tooltip: the full reference in the current style, escaped, plus where the topics cite it. */
function referenceTooltip(s: Services, reference: Reference, style: string): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendText(formatReference(s, reference.id, style) ?? reference.title);
  tooltip.appendMarkdown('\n\n');
  const citing = s.kb.sectionsCiting(reference.id);
  const where = citing.length ? `Cited in ${citing.map((section) => section.title).join(', ')}` : 'Not cited by the topics';
  tooltip.appendMarkdown('$(book) ');
  tooltip.appendText(`${where} · ${styleLabel(s, style)}`);
  return tooltip;
}

// ---------------------------------------------------------------------------------------------
// Tree nodes
// ---------------------------------------------------------------------------------------------

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

function referenceItem(s: Services, node: ReferenceNode, label: string): vscode.TreeItem {
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
abstract class ReferenceTreeProvider<T extends object> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(protected readonly s: Services) {}

  abstract getChildren(element?: T): vscode.ProviderResult<T[]>;
  abstract getTreeItem(element: T): vscode.TreeItem;

  resolveTreeItem(item: vscode.TreeItem, element: T): vscode.TreeItem {
    const reference = 'key' in element && typeof element.key === 'string' ? this.s.kb.reference(element.key) : undefined;
    if (reference) item.tooltip = referenceTooltip(this.s, reference, currentStyle(this.s));
    return item;
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Topics: the section tree; under each section its subsections, then the references it cites. */
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

/** References: the review's list, by number, or grouped by decade or by the topic citing it. */
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

const GROUPINGS: { grouping: ReferenceGrouping; label: string; description: string }[] = [
  { grouping: 'number', label: '$(list-ordered) By number', description: 'as the review numbers them' },
  { grouping: 'year', label: '$(calendar) By decade', description: 'oldest first' },
  { grouping: 'section', label: '$(book) By topic', description: 'the topics that cite each reference' },
];

/** Cited in Document: the active manuscript's references, in order of first appearance. */
export class CitedProvider extends ReferenceTreeProvider<CitedNode> {
  private nodes: CitedNode[] = [];
  private signature = '';

  /** Rescans a document (undefined: none is citable); fires a change only if the list changed. */
  update(document: vscode.TextDocument | undefined): void {
    const scanned = document && isProse(document) ? scan(this.s, document) : undefined;
    const nodes = scanned && document ? this.nodesOf(scanned, document) : [];
    // Fire only when the listed keys change: typing that merely moves markers must not flicker
    // the view (the go-to command looks the current position up by key).
    const signature = `${document?.uri.toString() ?? ''}\n${nodes.map((n) => n.key).join('\n')}`;
    this.nodes = nodes;
    if (signature !== this.signature) {
      this.signature = signature;
      this.changed.fire();
    }
  }

  /** The current node of a key (its first marker's position is up to date). */
  node(key: string): CitedNode | undefined {
    return this.nodes.find((node) => node.key === key);
  }

  private nodesOf({ markers }: DocumentScan, document: vscode.TextDocument): CitedNode[] {
    const nodes: CitedNode[] = [];
    const seen = new Set<string>();
    for (const marker of markers) {
      // Keys as written (pandoc, LaTeX: unknown ones included) or resolved from numbers (numeric).
      for (const key of marker.keys) {
        // A bare "@word" that is no reference is an e-mail address or a handle, not a citation.
        if (seen.has(key) || (marker.form === 'pandoc-intext' && marker.unknown.includes(key))) continue;
        seen.add(key);
        nodes.push({
          kind: 'cited',
          key,
          order: nodes.length + 1,
          known: !!this.s.kb.reference(key),
          uri: document.uri,
          start: marker.start,
          end: marker.end,
        });
      }
    }
    return nodes;
  }

  /** The keys currently listed, in order (tests and callers). */
  keys(): string[] {
    return this.nodes.map((node) => node.key);
  }

  getChildren(element?: CitedNode): CitedNode[] {
    return element ? [] : this.nodes;
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(element: CitedNode): vscode.TreeItem {
    const reference = this.s.kb.reference(element.key);
    const label = reference ? `${element.order}. ${referenceShortLabel(reference)}` : `${element.order}. ${element.key}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `cited:${element.key}`;
    const goTo = { command: 'iscls._goToCitation', title: 'Go to First Citation', arguments: [element.key] };
    if (!reference) {
      item.description = 'Unknown citation key';
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.tooltip = `"${element.key}" is not one of the review's references.`;
      item.contextValue = 'unknown-citation';
    } else {
      item.description = reference.title;
      item.iconPath = new vscode.ThemeIcon('references');
      item.contextValue = this.s.kb.sectionsCiting(element.key).length ? 'reference.cited-by-sections' : 'reference';
    }
    item.command = goTo;
    return item;
  }

}

/** What the internal command `iscls._treeProviders` returns: the providers, for integration tests. */
export interface TreeProviders {
  topics: TopicsProvider;
  references: ReferencesProvider;
  cited: CitedProvider;
  topicsView: vscode.TreeView<SectionNode | ReferenceNode>;
}

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

export function registerTrees(s: Services): vscode.Disposable {
  const topics = new TopicsProvider(s);
  const references = new ReferencesProvider(s);
  const cited = new CitedProvider(s);
  const topicsView = vscode.window.createTreeView('iscls.topics', { treeDataProvider: topics, showCollapseAll: true });
  const referencesView = vscode.window.createTreeView('iscls.references', { treeDataProvider: references, showCollapseAll: true });
  const applyGrouping = (grouping: ReferenceGrouping) => {
    references.setGrouping(grouping);
    referencesView.description = grouping === 'number' ? undefined : grouping === 'year' ? 'by decade' : 'by topic';
    void vscode.commands.executeCommand('setContext', 'iscls.referencesGrouped', grouping !== 'number');
  };
  applyGrouping(s.context.globalState.get<ReferenceGrouping>('iscls.referencesGrouping', 'number'));
  const citedView = vscode.window.createTreeView('iscls.cited', { treeDataProvider: cited });
  const disposables: vscode.Disposable[] = [topics, references, cited, topicsView, referencesView, citedView];

  // --- Cited in Document: follow the active editor, debounce typing.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clearTimer = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  let hasCitableEditor: boolean | undefined;
  // The manuscript the view follows: the active editor, or — while focus is in a webview such as the
  // section view, which leaves no active text editor — the previous one as long as it stays visible.
  let tracked: vscode.TextDocument | undefined;
  const trackedDocument = (): vscode.TextDocument | undefined => {
    const active = vscode.window.activeTextEditor?.document;
    if (active) return active;
    if (tracked && !tracked.isClosed && vscode.window.visibleTextEditors.some((e) => e.document === tracked)) return tracked;
    return undefined;
  };
  const updateCited = () => {
    clearTimer();
    const document = (tracked = trackedDocument());
    const citable = !!document && isProse(document);
    if (citable !== hasCitableEditor) {
      hasCitableEditor = citable;
      void vscode.commands.executeCommand('setContext', 'iscls.hasCitableEditor', citable);
    }
    cited.update(citable ? document : undefined);
    const count = cited.keys().length;
    citedView.description = citable && count ? `${count} reference${count === 1 ? '' : 's'}` : undefined;
  };
  updateCited();
  disposables.push(
    { dispose: clearTimer },
    vscode.window.onDidChangeActiveTextEditor(updateCited),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 || event.document !== tracked) return;
      clearTimer();
      timer = setTimeout(updateCited, 300);
    }),
    vscode.window.onDidChangeVisibleTextEditors(() => {
      if (tracked !== trackedDocument()) updateCited();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('iscls.citationStyle')) {
        // Only the tooltips (resolved lazily) depend on the style: refreshing re-resolves them.
        topics.refresh();
        references.refresh();
        cited.refresh();
      }
      if (event.affectsConfiguration('iscls.hover.languages') || event.affectsConfiguration('iscls.citationConvention')) updateCited();
    }),
  );

  // --- Commands.
  disposables.push(
    vscode.commands.registerCommand('iscls.copyReference', async (arg?: unknown) => {
      const key = await resolveKey(s, arg, 'Copy Formatted Reference');
      if (!key) return undefined;
      const style = currentStyle(s);
      const text = formatReference(s, key, style);
      if (!text) return undefined;
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`Copied ${referenceShortLabel(s.kb.reference(key)!)} (${styleLabel(s, style)}).`);
      return text;
    }),
    vscode.commands.registerCommand('iscls.openPubMed', async (arg?: unknown) => {
      const key = await resolveKey(s, arg, 'Search PubMed for a Reference');
      if (!key) return undefined;
      const url = pubmedSearchUrl(s.kb.reference(key)!);
      // `true`: the URL is already encoded; do not let Uri re-encode it.
      await vscode.env.openExternal(vscode.Uri.parse(url, true));
      return url;
    }),
    vscode.commands.registerCommand('iscls.revealCitingSections', async (arg?: unknown) => {
      const key = await resolveKey(s, arg, 'Show Sections Citing a Reference');
      if (!key) return undefined;
      const reference = s.kb.reference(key)!;
      const citing = s.kb.sectionsCiting(key);
      if (citing.length === 0) {
        void vscode.window.showInformationMessage(`No topic section cites ${referenceShortLabel(reference)}.`);
        return undefined;
      }
      let section: Section | undefined = citing[0];
      if (citing.length > 1) {
        const picked = await vscode.window.showQuickPick(
          citing.map((c) => ({
            label: `$(book) ${c.title}`,
            description: s.kb.sectionPath(c.id).slice(0, -1).map((p) => p.title).join(' › '),
            detail: c.summary,
            section: c,
          })),
          { title: `Sections citing ${referenceShortLabel(reference)}`, placeHolder: 'Choose a section to show in Topics' },
        );
        section = picked?.section;
      }
      if (!section) return undefined;
      await topicsView.reveal(topics.sectionNode(section.id), { select: true, focus: true, expand: true });
      return section.id;
    }),
    vscode.commands.registerCommand('iscls.groupReferences', async (arg?: unknown) => {
      let grouping = GROUPINGS.find((g) => g.grouping === arg)?.grouping;
      if (!grouping) {
        const picked = await vscode.window.showQuickPick(
          GROUPINGS.map((g) => ({ ...g, picked: g.grouping === references.grouping, detail: g.grouping === references.grouping ? 'current' : undefined })),
          { title: 'Group the References view', placeHolder: 'How should the 72 references be arranged?' },
        );
        grouping = picked?.grouping;
      }
      if (!grouping) return undefined;
      applyGrouping(grouping);
      await s.context.globalState.update('iscls.referencesGrouping', grouping);
      return grouping;
    }),
    vscode.commands.registerCommand('iscls._referenceActions', async (arg?: unknown) => {
      const key = await resolveKey(s, arg, 'Reference Actions');
      if (key) await showReferenceActions(s, key);
    }),
    vscode.commands.registerCommand('iscls._goToCitation', async (key: string) => {
      const node = cited.node(key);
      if (!node) return;
      const document = await vscode.workspace.openTextDocument(node.uri);
      const range = new vscode.Range(document.positionAt(node.start), document.positionAt(node.end));
      const editor = await vscode.window.showTextDocument(document, { selection: range, preserveFocus: false });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
    // Test hook: integration tests reach the providers through this command (not in the manifest,
    // so not in the Command Palette). Returns the live objects; only callable in-process.
    vscode.commands.registerCommand('iscls._treeProviders', (): TreeProviders => ({ topics, references, cited, topicsView })),
  );

  return vscode.Disposable.from(...disposables);
}
