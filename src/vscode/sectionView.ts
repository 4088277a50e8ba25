// The reading view: one reused webview panel that renders a topic section (or a term card) from the
// knowledge base, read-only, with numbered citation links, the section's reference list in the
// current style, links to subsections and related terms. Strict CSP; every data string is escaped.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { paragraphCitations } from '../core/knowledge';
import { otherNames, referenceShortLabel } from '../core/hoverContent';
import type { Section, Term } from '../core/types';
import { currentStyle, type Services } from './services';
import { formatReference, showReferenceActions, styleLabel } from './tree';

export const DISCLAIMER = 'Reference material for medical writers — not medical advice.';

type Page = { kind: 'section'; id: string } | { kind: 'term'; id: string };

/** Messages the page posts; anything else is ignored. */
type PageMessage =
  | { type: 'reference'; key: string }
  | { type: 'section'; id: string }
  | { type: 'term'; id: string }
  | { type: 'insertTermReferences'; id: string };

// ---------------------------------------------------------------------------------------------
// HTML rendering (no vscode API beyond the CSP source)
// ---------------------------------------------------------------------------------------------

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escaped text with the one markup paragraphs use: `*emphasis*`. */
function inline(text: string): string {
  return escapeHtml(text).replace(/\*([^*\s](?:[^*]*[^*\s])?)\*/g, '<em>$1</em>');
}

/**
 * citeproc's HTML for one entry, reduced to inline formatting: `<i> <b> <em> <strong> <sup> <sub>`
 * survive (without attributes), every other tag is dropped, stray `<`/`>`/`&` are escaped.
 */
export function sanitizeEntryHtml(html: string): string {
  return html.replace(/<[^<>]*>|<|[^<]+/g, (token) => {
    if (token === '<') return '&lt;';
    if (token.startsWith('<')) {
      const tag = /^<(\/?)(i|b|em|strong|sup|sub)(?:\s[^>]*)?>$/i.exec(token);
      return tag ? `<${tag[1]}${tag[2].toLowerCase()}>` : '';
    }
    return token.replace(/&(?!(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);)/gi, '&amp;').replace(/>/g, '&gt;');
  });
}

function referenceEntryHtml(s: Services, key: string, style: string): string {
  try {
    return sanitizeEntryHtml(s.formatter.reference(key, style, 'html'));
  } catch {
    return escapeHtml(formatReference(s, key, style) ?? key);
  }
}

function attr(value: string): string {
  return `"${escapeHtml(value)}"`;
}

function referenceTitle(s: Services, key: string): string {
  const reference = s.kb.reference(key);
  return reference ? `${referenceShortLabel(reference)} — ${reference.title}` : `Unknown citation key ${key}`;
}

function citationLinks(s: Services, keys: string[], numbers: Map<string, number>): string {
  const link = (key: string, n: number) =>
    `<a href="#" data-key=${attr(key)} title=${attr(referenceTitle(s, key))} aria-label=${attr(`Reference ${n}: ${referenceTitle(s, key)}`)}>${n}</a>`;
  const known: { key: string; n: number }[] = [];
  const unknown: string[] = [];
  for (const key of keys) {
    if (!s.kb.reference(key)) {
      unknown.push(`<span class="unknown" title=${attr(`Unknown citation key ${key}`)}>?</span>`);
      continue;
    }
    let n = numbers.get(key);
    if (n === undefined) numbers.set(key, (n = numbers.size + 1));
    if (!known.some((k) => k.n === n)) known.push({ key, n });
  }
  // As numeric styles print them: ascending, runs of three or more as a range ("3–5,8").
  known.sort((a, b) => a.n - b.n);
  const parts: string[] = [];
  for (let i = 0; i < known.length; ) {
    let j = i;
    while (j + 1 < known.length && known[j + 1].n === known[j].n + 1) j++;
    if (j - i >= 2) parts.push(`${link(known[i].key, known[i].n)}–${link(known[j].key, known[j].n)}`);
    else for (let k = i; k <= j; k++) parts.push(link(known[k].key, known[k].n));
    i = j + 1;
  }
  return `<sup class="cite">${[...parts, ...unknown].join(',')}</sup>`;
}

/** A paragraph with its `[@a; @b]` brackets replaced by superscript numbers (first appearance). */
function paragraphHtml(s: Services, paragraph: string, numbers: Map<string, number>): string {
  let html = '';
  let last = 0;
  for (const marker of paragraphCitations(paragraph)) {
    // A space before a superscript would dangle: attach it to the word or punctuation before it.
    html += inline(paragraph.slice(last, marker.start).replace(/\s+$/, ''));
    html += citationLinks(s, marker.keys, numbers);
    last = marker.end;
  }
  return `<p>${html}${inline(paragraph.slice(last))}</p>`;
}

function referenceList(s: Services, keys: string[], style: string): string {
  if (keys.length === 0) return '';
  const items = keys
    .map(
      (key) =>
        `<li id=${attr(`ref-${key}`)}><span class="entry">${referenceEntryHtml(s, key, style)}</span> <a href="#" class="actions" data-key=${attr(key)} title="Insert, copy or search PubMed" aria-label=${attr(`Actions for ${referenceTitle(s, key)}`)}>Actions…</a></li>`,
    )
    .join('\n');
  return `<section class="references"><h2>References <span class="muted">${escapeHtml(styleLabel(s, style))}</span></h2><ol>${items}</ol></section>`;
}

function termChips(terms: Term[]): string {
  return terms
    .map((term) => `<a href="#" class="chip" data-term=${attr(term.id)} title=${attr(term.definition)}>${escapeHtml(term.name)}</a>`)
    .join(' ');
}

function pageHtml(webview: vscode.Webview, title: string, body: string, page: Page): string {
  const nonce = randomBytes(16).toString('hex');
  const csp = `default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body data-page-kind="${escapeHtml(page.kind)}" data-page-id="${escapeHtml(page.id)}">
<main>
${body}
</main>
<footer>${escapeHtml(DISCLAIMER)}</footer>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}

export function sectionBody(s: Services, section: Section, style: string): string {
  const path = s.kb.sectionPath(section.id);
  const crumbs = [
    '<span>ISCLS</span>',
    ...path.slice(0, -1).map((p) => `<a href="#" data-section=${attr(p.id)}>${escapeHtml(p.title)}</a>`),
    `<span aria-current="page">${escapeHtml(section.title)}</span>`,
  ].join('<span class="sep">›</span>');
  const numbers = new Map<string, number>();
  const paragraphs = section.paragraphs.map((p) => paragraphHtml(s, p, numbers)).join('\n');
  const children = section.children ?? [];
  const subsections = children.length
    ? `<section class="subsections"><h2>In this section</h2><ul>${children
        .map((c) => `<li><a href="#" data-section=${attr(c.id)}>${escapeHtml(c.title)}</a><span class="muted"> — ${escapeHtml(c.summary)}</span></li>`)
        .join('')}</ul></section>`
    : '';
  const terms = s.kb.termsOf(section.id);
  const termsHtml = terms.length ? `<section class="terms"><h2>Terms</h2><p>${termChips(terms)}</p></section>` : '';
  return `<nav class="crumbs" aria-label="Section path">${crumbs}</nav>
<h1>${escapeHtml(section.title)}</h1>
<p class="summary">${inline(section.summary)}</p>
${paragraphs}
${subsections}
${termsHtml}
${referenceList(s, [...numbers.keys()], style)}`;
}

export function termBody(s: Services, term: Term, style: string): string {
  const names = otherNames(term);
  const sections = term.sections.map((id) => s.kb.section(id)).filter((x): x is Section => !!x);
  const keys = term.references.filter((key) => s.kb.reference(key));
  const related = (term.related ?? []).map((id) => s.kb.term(id)).filter((x): x is Term => !!x);
  return `<nav class="crumbs" aria-label="Glossary"><span>ISCLS</span><span class="sep">›</span><span>Glossary</span></nav>
<h1>${escapeHtml(term.name)}</h1>
${names.length ? `<p class="summary">Also: ${names.map(escapeHtml).join(' · ')}</p>` : ''}
<p>${inline(term.definition)}</p>
${
  sections.length
    ? `<section class="subsections"><h2>Sections</h2><ul>${sections
        .map((c) => `<li><a href="#" data-section=${attr(c.id)}>${escapeHtml(s.kb.sectionPath(c.id).map((p) => p.title).join(' › '))}</a></li>`)
        .join('')}</ul></section>`
    : ''
}
${related.length ? `<section class="terms"><h2>Related terms</h2><p>${termChips(related)}</p></section>` : ''}
${
  keys.length
    ? `<p><button type="button" data-insert-term=${attr(term.id)}>Insert ${keys.length === 1 ? 'key reference' : `${keys.length} key references`}</button></p>`
    : ''
}
${referenceList(s, keys, style).replace('<h2>References', '<h2>Key references')}`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); line-height: 1.6; padding: 0 24px 24px; }
main { max-width: 46em; }
h1 { font-size: 1.6em; font-weight: 600; margin: 0.3em 0 0.2em; }
h2 .muted { font-weight: normal; font-size: 0.85em; margin-left: 0.5em; }
h2 { font-size: 1.1em; font-weight: 600; margin: 1.6em 0 0.4em; border-bottom: 1px solid var(--vscode-panel-border, transparent); padding-bottom: 0.2em; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; cursor: pointer; }
a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
a:focus-visible, button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.crumbs { color: var(--vscode-descriptionForeground); font-size: 0.9em; margin-top: 1em; }
.crumbs .sep { margin: 0 0.4em; }
.summary, .muted { color: var(--vscode-descriptionForeground); }
.summary { font-size: 1.05em; }
sup.cite { font-size: 0.75em; line-height: 0; margin-left: 0.1em; }
sup.cite .unknown { color: var(--vscode-editorWarning-foreground); }
.references ol { padding-left: 2em; }
.references li { margin-bottom: 0.5em; }
.references li:target, .references li.flash { background: var(--vscode-editor-findMatchHighlightBackground); }
.references .actions { font-size: 0.85em; margin-left: 0.3em; }
.subsections ul { padding-left: 1.2em; }
.chip { display: inline-block; padding: 0 0.6em; margin: 0 0.3em 0.4em 0; border-radius: 1em; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); font-size: 0.9em; }
.chip:hover { color: var(--vscode-badge-foreground); }
button { font-family: inherit; font-size: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 12px; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
footer { margin-top: 2.5em; padding-top: 0.6em; border-top: 1px solid var(--vscode-panel-border, var(--vscode-descriptionForeground)); color: var(--vscode-descriptionForeground); font-size: 0.9em; max-width: 46em; }
`;

const SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  // Remembered by VS Code so the page can be restored after a reload.
  vscode.setState({ kind: document.body.dataset.pageKind, id: document.body.dataset.pageId });
  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target.closest('[data-key],[data-section],[data-term],[data-insert-term]') : null;
    if (!target) return;
    event.preventDefault();
    const d = target.dataset;
    if (d.key) {
      const entry = document.getElementById('ref-' + d.key);
      if (entry && !target.classList.contains('actions')) {
        entry.classList.add('flash');
        setTimeout(function () { entry.classList.remove('flash'); }, 1200);
      }
      vscode.postMessage({ type: 'reference', key: d.key });
    } else if (d.section) vscode.postMessage({ type: 'section', id: d.section });
    else if (d.term) vscode.postMessage({ type: 'term', id: d.term });
    else if (d.insertTerm) vscode.postMessage({ type: 'insertTermReferences', id: d.insertTerm });
  });
})();
`;

// ---------------------------------------------------------------------------------------------
// The panel and its commands
// ---------------------------------------------------------------------------------------------

function idFromArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'id' in arg && typeof (arg as { id: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}

function isPageMessage(message: unknown): message is PageMessage {
  if (!message || typeof message !== 'object') return false;
  const m = message as Record<string, unknown>;
  if (m.type === 'reference') return typeof m.key === 'string';
  return (m.type === 'section' || m.type === 'term' || m.type === 'insertTermReferences') && typeof m.id === 'string';
}

const WEBVIEW_OPTIONS: vscode.WebviewPanelOptions & vscode.WebviewOptions = { enableScripts: true, enableFindWidget: true, localResourceRoots: [] };

export function registerSectionView(s: Services): vscode.Disposable {
  let panel: vscode.WebviewPanel | undefined;
  let page: Page | undefined;
  // The manuscript to insert into when a link in the panel (which has focus) asks to insert.
  let manuscript: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  const disposables: vscode.Disposable[] = [];

  const focusManuscript = async (): Promise<void> => {
    if (vscode.window.activeTextEditor) return;
    const editor = manuscript && !manuscript.document.isClosed ? manuscript : vscode.window.visibleTextEditors[0];
    if (editor) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false, selection: editor.selection });
  };

  const render = (): void => {
    if (!panel || !page) return;
    const style = currentStyle(s, manuscript?.document);
    if (page.kind === 'section') {
      const section = s.kb.section(page.id)!;
      panel.title = section.title;
      panel.webview.html = pageHtml(panel.webview, section.title, sectionBody(s, section, style), page);
    } else {
      const term = s.kb.term(page.id)!;
      panel.title = term.name;
      panel.webview.html = pageHtml(panel.webview, term.name, termBody(s, term, style), page);
    }
  };

  /** Wires a panel (new, or restored by VS Code after a reload) to this module. */
  const adopt = (created: vscode.WebviewPanel): void => {
    panel = created;
    panel.iconPath = vscode.Uri.joinPath(s.context.extensionUri, 'media', 'iscls.svg');
    panel.onDidDispose(() => {
      if (panel === created) {
        panel = undefined;
        page = undefined;
      }
    });
    panel.webview.onDidReceiveMessage(async (message: unknown) => {
      if (!isPageMessage(message)) return;
      try {
        switch (message.type) {
          case 'reference':
            if (s.kb.reference(message.key)) await showReferenceActions(s, message.key, { beforeInsert: focusManuscript });
            break;
          case 'section':
            if (s.kb.section(message.id)) show({ kind: 'section', id: message.id });
            break;
          case 'term':
            if (s.kb.term(message.id)) show({ kind: 'term', id: message.id });
            break;
          case 'insertTermReferences':
            if (s.kb.term(message.id)) {
              await focusManuscript();
              await vscode.commands.executeCommand('iscls.insertTermReferences', message.id);
            }
            break;
        }
      } catch (error) {
        s.log.error(`Section view: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };

  const show = (next: Page): void => {
    page = next;
    if (!panel) {
      const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      adopt(vscode.window.createWebviewPanel('iscls.section', 'ISCLS', { viewColumn: column, preserveFocus: true }, WEBVIEW_OPTIONS));
    } else {
      panel.reveal(panel.viewColumn, true);
    }
    render();
  };

  const pickSection = async (): Promise<string | undefined> => {
    const items = s.kb.allSections().map((section) => {
      const depth = s.kb.sectionPath(section.id).length - 1;
      return {
        label: `${'\u2003'.repeat(depth)}$(${depth ? 'bookmark' : 'book'}) ${section.title}`,
        description: depth ? s.kb.sectionPath(section.id).slice(0, -1).map((p) => p.title).join(' › ') : undefined,
        detail: section.summary,
        id: section.id,
      };
    });
    return (await vscode.window.showQuickPick(items, { title: 'Open ISCLS Section', placeHolder: 'Type a topic', matchOnDescription: true, matchOnDetail: true }))?.id;
  };

  const pickTerm = async (): Promise<string | undefined> => {
    const items = [...s.kb.terms]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((term) => ({
        label: `$(symbol-key) ${term.name}`,
        description: otherNames(term).slice(0, 4).join(' · '),
        detail: term.definition,
        id: term.id,
      }));
    return (await vscode.window.showQuickPick(items, { title: 'Show ISCLS Term', placeHolder: 'Type a term or abbreviation', matchOnDescription: true }))?.id;
  };

  disposables.push(
    { dispose: () => panel?.dispose() },
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor && editor.document.uri.scheme !== 'output') manuscript = editor;
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('iscls.citationStyle')) render();
    }),
    vscode.commands.registerCommand('iscls.openSection', async (arg?: unknown) => {
      const id = arg === undefined ? await pickSection() : idFromArgument(arg);
      if (!id) return undefined;
      if (!s.kb.section(id)) {
        void vscode.window.showWarningMessage(`Unknown ISCLS section: ${id}`);
        return undefined;
      }
      show({ kind: 'section', id });
      return id;
    }),
    vscode.commands.registerCommand('iscls.showTerm', async (arg?: unknown) => {
      const id = arg === undefined ? await pickTerm() : idFromArgument(arg);
      if (!id) return undefined;
      if (!s.kb.term(id)) {
        void vscode.window.showWarningMessage(`Unknown ISCLS term: ${id}`);
        return undefined;
      }
      show({ kind: 'term', id });
      return id;
    }),
    vscode.commands.registerCommand('iscls.showDisclaimer', async () => {
      await vscode.window.showInformationMessage('ISCLS Reference is not medical advice', {
        modal: true,
        detail:
          'Its sections, terms and references are reference material for medical writers, drawn from the listed literature. ' +
          'They are not medical advice and do not replace clinical judgement or the primary sources: check every statement against the cited papers.',
      });
    }),
    vscode.window.registerWebviewPanelSerializer('iscls.section', {
      async deserializeWebviewPanel(restored: vscode.WebviewPanel, state: unknown) {
        const saved = state as Partial<Page> | undefined;
        const valid = saved?.kind === 'section' ? !!s.kb.section(String(saved.id)) : saved?.kind === 'term' ? !!s.kb.term(String(saved.id)) : false;
        if (!valid || panel) {
          restored.dispose(); // nothing worth restoring (or the panel is already open again)
          return;
        }
        restored.webview.options = WEBVIEW_OPTIONS;
        page = { kind: saved!.kind, id: String(saved!.id) } as Page;
        adopt(restored);
        render();
      },
    }),
    // Test hook (not in the manifest): what the panel shows now.
    vscode.commands.registerCommand('iscls._sectionViewState', () => (panel && page ? { page: { ...page }, title: panel.title, html: panel.webview.html } : undefined)),
  );

  return vscode.Disposable.from(...disposables);
}
