// Cited in Document: the active manuscript's references, in order of first appearance, read from
// the document's manuscript model; keys resolve in the document's library (the review's 72 and the
// writer's files that apply to it), and library references show formatted, with their source.
import * as vscode from 'vscode';
import type { DocumentScan } from '../../core/manuscript';
import { referenceShortLabel } from '../../core/presentation/labels';
import { isProse } from '../shared/settings';
import { afterActivation } from '../shared/commands';
import type { Log } from '../shared/log';
import { currentStyle, styleLabel } from '../shared/style';
import { formatReference, shortLabel } from '../shared/references';
import type { DocumentLibrary } from '../shared/documentLibrary';
import { ReferenceTreeProvider, type CitedNode } from './base';

export class CitedProvider extends ReferenceTreeProvider<CitedNode> {
  private nodes: CitedNode[] = [];
  private signature = '';
  private library: DocumentLibrary = this.s.library.base;
  private document: vscode.TextDocument | undefined;

  /** Rescans a document (undefined: none is citable); fires a change only if the list changed. */
  update(document: vscode.TextDocument | undefined): void {
    const scanned = document && isProse(document) ? this.s.manuscripts.get(document)?.scan : undefined;
    this.document = document;
    this.library = document ? this.s.library.forDocument(document) : this.s.library.base;
    const nodes = scanned && document ? this.nodesOf(scanned, document) : [];
    // Fire only when the listed keys (or where they resolve) change: typing that merely moves
    // markers must not flicker the view (the go-to command looks the current position up by key).
    const signature = `${document?.uri.toString() ?? ''}\n${nodes.map((n) => `${n.key} ${this.library.sourceOf(n.key) ?? ''}`).join('\n')}`;
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
          known: this.library.merged.has(key),
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
    const resolved = this.library.merged.get(element.key);
    const review = resolved && !resolved.entry ? resolved.review : undefined;
    const label = review ? `${element.order}. ${referenceShortLabel(review)}` : resolved ? `${element.order}. ${shortLabel(this.s, element.key, this.library)}` : `${element.order}. ${element.key}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `cited:${element.key}`;
    const goTo = { command: 'iscls._goToCitation', title: 'Go to First Citation', arguments: [element.key] };
    if (!resolved) {
      item.description = 'Unknown citation key';
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.tooltip = `"${element.key}" is not one of the review's references${this.library.isBase ? '' : ` nor in ${this.library.sources.join(', ')}`}.`;
      item.contextValue = 'unknown-citation';
    } else if (review) {
      item.description = review.title;
      item.iconPath = new vscode.ThemeIcon('references');
      item.contextValue = this.s.kb.sectionsCiting(element.key).length ? 'reference.cited-by-sections' : 'reference';
    } else {
      // The writer's own reference: its title, and the file it comes from.
      item.description = `${String(resolved.item.title ?? '').replace(/<[^>]+>/g, '')} · ${resolved.source}`;
      item.iconPath = new vscode.ThemeIcon('library');
      item.contextValue = resolved.review && this.s.kb.sectionsCiting(resolved.review['citation-key']).length ? 'reference.cited-by-sections' : 'reference';
    }
    item.command = goTo;
    return item;
  }

  protected tooltipLibrary(): DocumentLibrary {
    return this.library;
  }

  /** The tooltip of a library reference: formatted by the document's library, with its source. */
  resolveTreeItem(item: vscode.TreeItem, element: CitedNode): vscode.TreeItem {
    const resolved = this.library.merged.get(element.key);
    if (!resolved?.entry) return super.resolveTreeItem(item, element);
    const style = currentStyle(this.s, this.document);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(formatReference(this.s, element.key, style, this.library) ?? String(resolved.item.title ?? element.key));
    tooltip.appendMarkdown('\n\n$(library) ');
    tooltip.appendText(`From ${this.library.sourceOf(element.key)} · ${styleLabel(this.s, style)}`);
    item.tooltip = tooltip;
    return item;
  }

  /** The formatted reference a listed key shows (tests): the document's library, the current style. */
  formatted(key: string): string | undefined {
    return this.library.merged.has(key) ? formatReference(this.s, key, currentStyle(this.s, this.document), this.library) : undefined;
  }

  /** Runs `listener` when a library file changes (what the keys resolve to may change). */
  onDidChangeLibrary(listener: () => void): vscode.Disposable {
    return this.s.library.onDidChange(() => {
      this.signature = '';
      listener();
    });
  }

}

/**
 * Keeps Cited in Document on the manuscript being written: the active editor, or — while focus is
 * in a webview such as the section view, which leaves no active text editor — the previous one as
 * long as it stays visible. Typing is debounced; the model is cached, so a refresh after an edit
 * reuses the analysis the edit already made.
 */
export function followManuscript(cited: CitedProvider, view: vscode.TreeView<CitedNode>, log: Log): vscode.Disposable {
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
    // Numbered in order of first citation in this document, unlike the References view (the review's).
    view.description = citable && count ? `${count} reference${count === 1 ? '' : 's'} · numbered by first citation here` : undefined;
  };
  return vscode.Disposable.from(
    // The active document's model is built once activation is over (see afterActivation).
    afterActivation(update, log),
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
    cited.onDidChangeLibrary(update),
  );
}
