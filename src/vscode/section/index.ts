// The reading view: one reused webview panel that renders a topic section (or a term card) from the
// knowledge base, read-only, with numbered citation links, the section's reference list in the
// current style, links to subsections and related terms. The panel: `panel.ts`; its HTML:
// `core/presentation/sectionHtml.ts`; the page around it: `page.ts`.
import * as vscode from 'vscode';
import { otherNames } from '../../core/presentation/labels';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { sectionArg, termArg, type Parsed } from '../shared/args';
import { SectionPanel, type SectionViewState } from './panel';

export type { SectionViewState } from './panel';

async function pickSection(s: Services): Promise<string | undefined> {
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
}

async function pickTerm(s: Services): Promise<string | undefined> {
  const items = [...s.kb.terms]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((term) => ({
      label: `$(symbol-key) ${term.name}`,
      description: otherNames(term).slice(0, 4).join(' · '),
      detail: term.definition,
      id: term.id,
    }));
  return (await vscode.window.showQuickPick(items, { title: 'Show ISCLS Term', placeHolder: 'Type a term or abbreviation', matchOnDescription: true }))?.id;
}

async function showDisclaimer(): Promise<void> {
  await vscode.window.showInformationMessage('ISCLS Reference is not medical advice', {
    modal: true,
    detail:
      'Its sections, terms and references are reference material for medical writers, drawn from the listed literature. ' +
      'They are not medical advice and do not replace clinical judgement or the primary sources: check every statement against the cited papers.',
  });
}

/** The id an argument names, the writer's pick when it names none, undefined (warned) when unknown. */
async function idOrPick(parsed: Parsed<string>, pick: () => Promise<string | undefined>, what: string): Promise<string | undefined> {
  if (parsed.kind === 'ok') return parsed.value;
  if (parsed.kind === 'none') return pick();
  void vscode.window.showWarningMessage(`Unknown ISCLS ${what}: ${parsed.shown}`);
  return undefined;
}

export function registerSection(ctx: FeatureContext): { state(): SectionViewState | undefined } {
  const { s } = ctx;
  const panel = new SectionPanel(s);
  ctx.push(
    panel,
    vscode.window.registerWebviewPanelSerializer('iscls.section', {
      deserializeWebviewPanel: async (restored: vscode.WebviewPanel, state: unknown) => panel.restore(restored, state),
    }),
  );
  ctx.commands({
    'iscls.openSection': async (arg) => {
      const id = await idOrPick(sectionArg(arg, s.kb), () => pickSection(s), 'section');
      if (id) panel.show({ kind: 'section', id });
      return id;
    },
    'iscls.showTerm': async (arg) => {
      const id = await idOrPick(termArg(arg, s.kb), () => pickTerm(s), 'term');
      if (id) panel.show({ kind: 'term', id });
      return id;
    },
    'iscls.showDisclaimer': showDisclaimer,
  });
  return { state: () => panel.state() };
}
