// The sidebar: Topics (sections and what they cite), References (the review's 72 papers, grouped
// as the writer chooses) and Cited in Document (what the active manuscript cites).
import * as vscode from 'vscode';
import { referenceShortLabel } from '../../core/presentation/labels';
import { coverageText } from '../../core/knowledge/coverage';
import type { Section } from '../../core/types';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { resolveReference } from '../shared/references';
import type { ReferenceGrouping, ReferenceNode, SectionNode } from './base';
import { TopicsProvider } from './topics';
import { GROUPINGS, ReferencesProvider } from './references';
import { CitedProvider, followManuscript } from './cited';

/** The live providers (the API `activate()` returns exposes them to the integration tests). */
export interface TreeProviders {
  topics: TopicsProvider;
  references: ReferencesProvider;
  cited: CitedProvider;
  topicsView: vscode.TreeView<SectionNode | ReferenceNode>;
}

async function revealCitingSections(s: Services, trees: TreeProviders, arg: unknown): Promise<string | undefined> {
  const key = await resolveReference(s, arg, 'Show Sections Citing a Reference');
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
  await trees.topicsView.reveal(trees.topics.sectionNode(section.id), { select: true, focus: true, expand: true });
  return section.id;
}

async function goToCitation(cited: CitedProvider, key: unknown): Promise<void> {
  const node = typeof key === 'string' ? cited.node(key) : undefined;
  if (!node) return;
  const document = await vscode.workspace.openTextDocument(node.uri);
  const range = new vscode.Range(document.positionAt(node.start), document.positionAt(node.end));
  const editor = await vscode.window.showTextDocument(document, { selection: range, preserveFocus: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export function registerSidebar(ctx: FeatureContext): TreeProviders {
  const { s } = ctx;
  const topics = new TopicsProvider(s);
  const references = new ReferencesProvider(s);
  const cited = new CitedProvider(s);
  const topicsView = vscode.window.createTreeView('iscls.topics', { treeDataProvider: topics, showCollapseAll: true });
  const referencesView = vscode.window.createTreeView('iscls.references', { treeDataProvider: references, showCollapseAll: true });
  // What the built-in literature covers, always in sight above the list.
  referencesView.message = coverageText(s.kb.coverage);
  const citedView = vscode.window.createTreeView('iscls.cited', { treeDataProvider: cited });
  const trees: TreeProviders = { topics, references, cited, topicsView };
  const applyGrouping = (grouping: ReferenceGrouping) => {
    references.setGrouping(grouping);
    // The review's numbers, said so: beside Cited in Document's numbers (the document's own) they differ.
    referencesView.description = grouping === 'number' ? "the review's numbers" : grouping === 'year' ? "by decade, the review's numbers" : "by topic, the review's numbers";
    void vscode.commands.executeCommand('setContext', 'iscls.referencesGrouped', grouping !== 'number');
  };
  applyGrouping(s.context.globalState.get<ReferenceGrouping>('iscls.referencesGrouping', 'number'));
  ctx.push(
    topics,
    references,
    cited,
    topicsView,
    referencesView,
    citedView,
    followManuscript(cited, citedView, s.log),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Only the tooltips (resolved lazily) depend on the style: refreshing re-resolves them.
      if (event.affectsConfiguration('iscls.citationStyle')) for (const tree of [topics, references, cited]) tree.refresh();
    }),
  );
  const groupReferences = async (arg?: unknown) => {
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
  };
  ctx.commands({
    'iscls.revealCitingSections': (arg) => revealCitingSections(s, trees, arg),
    'iscls.groupReferences': groupReferences,
    'iscls._goToCitation': (key) => goToCitation(cited, key),
  });
  return trees;
}
