// Cited in Document: the active manuscript's references, in order of first appearance, read from
// the document's manuscript model.
import * as vscode from 'vscode';
import type { DocumentScan } from '../../core/manuscript';
import { referenceShortLabel } from '../../core/presentation/labels';
import { isProse } from '../shared/settings';
import { ReferenceTreeProvider, type CitedNode } from './base';

export class CitedProvider extends ReferenceTreeProvider<CitedNode> {
  private nodes: CitedNode[] = [];
  private signature = '';

  /** Rescans a document (undefined: none is citable); fires a change only if the list changed. */
  update(document: vscode.TextDocument | undefined): void {
    const scanned = document && isProse(document) ? this.s.manuscripts.get(document)?.scan : undefined;
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
          known: this.s.manuscripts.references.has(key),
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

/**
 * Keeps Cited in Document on the manuscript being written: the active editor, or — while focus is
 * in a webview such as the section view, which leaves no active text editor — the previous one as
 * long as it stays visible. Typing is debounced; the model is cached, so a refresh after an edit
 * reuses the analysis the edit already made.
 */
export function followManuscript(cited: CitedProvider, view: vscode.TreeView<CitedNode>): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clearTimer = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  let hasCitableEditor: boolean | undefined;
  let tracked: vscode.TextDocument | undefined;
  const trackedDocument = (): vscode.TextDocument | undefined => {
    const active = vscode.window.activeTextEditor?.document;
    if (active) return active;
    if (tracked && !tracked.isClosed && vscode.window.visibleTextEditors.some((e) => e.document === tracked)) return tracked;
    return undefined;
  };
  const update = () => {
    clearTimer();
    const document = (tracked = trackedDocument());
    const citable = !!document && isProse(document);
    if (citable !== hasCitableEditor) {
      hasCitableEditor = citable;
      void vscode.commands.executeCommand('setContext', 'iscls.hasCitableEditor', citable);
    }
    cited.update(citable ? document : undefined);
    const count = cited.keys().length;
    view.description = citable && count ? `${count} reference${count === 1 ? '' : 's'}` : undefined;
  };
  update();
  return vscode.Disposable.from(
    { dispose: clearTimer },
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 || event.document !== tracked) return;
      clearTimer();
      timer = setTimeout(update, 300);
    }),
    vscode.window.onDidChangeVisibleTextEditors(() => {
      if (tracked !== trackedDocument()) update();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('iscls.hover.languages') || event.affectsConfiguration('iscls.citationConvention')) update();
    }),
  );
}
