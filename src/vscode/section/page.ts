// The section view's page: strict CSP with a nonce, the theme-aware stylesheet, and the script that
// turns clicks into messages to the extension.
import * as vscode from 'vscode';
import { randomNonce } from '../shared/nonce';
import { escapeHtml } from '../../core/presentation/sectionHtml';

export const DISCLAIMER = 'Reference material for medical writers — not medical advice.';

/** What the panel shows. */
export type Page = { kind: 'section'; id: string } | { kind: 'term'; id: string };

export function pageHtml(webview: vscode.Webview, title: string, body: string, page: Page, limits = ''): string {
  const nonce = randomNonce();
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
<footer>${escapeHtml(DISCLAIMER)}${limits ? `<br>${escapeHtml(limits)}` : ''}</footer>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
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
