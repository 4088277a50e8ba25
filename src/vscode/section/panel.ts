// The one reused webview panel of the section view: shows a page, answers the page's messages,
// and is restored by VS Code after a window reload (webview serializer).
import * as vscode from 'vscode';
import type { Services } from '../shared/services';
import { formatReference, showReferenceActions } from '../shared/references';
import { currentStyle, styleLabel } from '../shared/style';
import { sectionBody, termBody, type SectionSource } from '../../core/presentation/sectionHtml';
import { coverageText } from '../../core/knowledge/coverage';
import { pageHtml, type Page } from './page';

/** Messages the page posts; anything else is ignored. */
type PageMessage =
  | { type: 'reference'; key: string }
  | { type: 'section'; id: string }
  | { type: 'term'; id: string }
  | { type: 'insertTermReferences'; id: string };

function isPageMessage(message: unknown): message is PageMessage {
  if (!message || typeof message !== 'object') return false;
  const m = message as Record<string, unknown>;
  if (m.type === 'reference') return typeof m.key === 'string';
  return (m.type === 'section' || m.type === 'term' || m.type === 'insertTermReferences') && typeof m.id === 'string';
}

export const WEBVIEW_OPTIONS: vscode.WebviewPanelOptions & vscode.WebviewOptions = { enableScripts: true, enableFindWidget: true, localResourceRoots: [] };

/** What the panel shows now (the API `activate()` returns exposes it to the integration tests). */
export interface SectionViewState {
  page: Page;
  title: string;
  html: string;
}

export class SectionPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private page: Page | undefined;
  /** The manuscript to insert into when a link in the panel (which has focus) asks to insert. */
  private manuscript: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly s: Services) {
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && editor.document.uri.scheme !== 'output') this.manuscript = editor;
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('iscls.citationStyle')) this.render();
      }),
    ];
  }

  state(): SectionViewState | undefined {
    return this.panel && this.page ? { page: { ...this.page }, title: this.panel.title, html: this.panel.webview.html } : undefined;
  }

  show(next: Page): void {
    this.page = next;
    if (!this.panel) {
      const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      this.adopt(vscode.window.createWebviewPanel('iscls.section', 'ISCLS', { viewColumn: column, preserveFocus: true }, WEBVIEW_OPTIONS));
    } else {
      this.panel.reveal(this.panel.viewColumn, true);
    }
    this.render();
  }

  /** A panel VS Code restored after a reload, with the state its page saved. */
  restore(restored: vscode.WebviewPanel, state: unknown): void {
    const saved = state as Partial<Page> | undefined;
    const valid = saved?.kind === 'section' ? !!this.s.kb.section(String(saved.id)) : saved?.kind === 'term' ? !!this.s.kb.term(String(saved.id)) : false;
    if (!valid || this.panel) {
      restored.dispose(); // nothing worth restoring (or the panel is already open again)
      return;
    }
    restored.webview.options = WEBVIEW_OPTIONS;
    this.page = { kind: saved!.kind, id: String(saved!.id) } as Page;
    this.adopt(restored);
    this.render();
  }

  /** The knowledge base and the formatter, as the section HTML reads them. */
  private source(): SectionSource {
    const { s } = this;
    return {
      kb: s.kb,
      entryHtml: (key, style) => s.formatter.reference(key, style, 'html'),
      entryText: (key, style) => formatReference(s, key, style),
      styleLabel: (style) => styleLabel(s, style),
    };
  }

  private render(): void {
    const { panel, page, s } = this;
    if (!panel || !page) return;
    const style = currentStyle(s, this.manuscript?.document);
    if (page.kind === 'section') {
      const section = s.kb.section(page.id)!;
      panel.title = section.title;
      panel.webview.html = pageHtml(panel.webview, section.title, sectionBody(this.source(), section, style), page, `${coverageText(s.kb.coverage)} ${s.notes.limits}`);
    } else {
      const term = s.kb.term(page.id)!;
      panel.title = term.name;
      panel.webview.html = pageHtml(panel.webview, term.name, termBody(this.source(), term, style), page, `${coverageText(s.kb.coverage)} ${s.notes.limits}`);
    }
  }

  /** Wires a panel (new, or restored by VS Code after a reload) to this object. */
  private adopt(created: vscode.WebviewPanel): void {
    this.panel = created;
    created.iconPath = vscode.Uri.joinPath(this.s.context.extensionUri, 'media', 'iscls.svg');
    created.onDidDispose(() => {
      if (this.panel === created) {
        this.panel = undefined;
        this.page = undefined;
      }
    });
    created.webview.onDidReceiveMessage(async (message: unknown) => {
      if (!isPageMessage(message)) return;
      try {
        await this.answer(message);
      } catch (error) {
        this.s.log.error('Section view', error);
      }
    });
  }

  private async answer(message: PageMessage): Promise<void> {
    const { kb } = this.s;
    switch (message.type) {
      case 'reference':
        if (kb.reference(message.key)) await showReferenceActions(this.s, message.key, { beforeInsert: () => this.focusManuscript() });
        break;
      case 'section':
        if (kb.section(message.id)) this.show({ kind: 'section', id: message.id });
        break;
      case 'term':
        if (kb.term(message.id)) this.show({ kind: 'term', id: message.id });
        break;
      case 'insertTermReferences':
        if (kb.term(message.id)) {
          await this.focusManuscript();
          await vscode.commands.executeCommand('iscls.insertTermReferences', message.id);
        }
        break;
    }
  }

  private async focusManuscript(): Promise<void> {
    if (vscode.window.activeTextEditor) return;
    const editor = this.manuscript && !this.manuscript.document.isClosed ? this.manuscript : vscode.window.visibleTextEditors[0];
    if (editor) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false, selection: editor.selection });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
