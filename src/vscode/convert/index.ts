// Convert Citations to… pandoc / LaTeX / numeric: the whole document in one edit (one undo), the
// managed list following. And the guard that replaces today's silent loss: when the convention a
// document is read in (setting or language) does not read its markers, a warning diagnostic says
// so and offers the conversion (quick fix), instead of false "not cited" warnings and an empty list.
//
// Automation hook: `iscls.convertCitations` with `{ to: 'pandoc'|'latex'|'numeric', uri?: Uri }`
// converts without the pick; resolves to a CommandResult (`count`: citations converted).
import * as vscode from 'vscode';
import { checkConvention, conventionName, planConversion, type ConventionMismatch } from '../../core/manuscript';
import type { Convention } from '../../core/types';
import { refuse, type CommandResult, type FeatureContext, type NextStep } from '../shared/commands';
import { FORM_NAME, markerForms, registerMarkerOffers, type MarkerOffers } from './markerForm';
export type { MarkerOffers, MarkerOffer } from './markerForm';
import type { Services } from '../shared/services';
import { applyPlan } from '../shared/applyPlan';
import { documentFromArgument, documentName, isReadonlyDocument } from '../shared/documents';
import { isProse, settingsFor } from '../shared/settings';

const CONVENTIONS: Convention[] = ['pandoc', 'latex', 'numeric'];
const DETAIL: Record<Convention, string> = {
  pandoc: '[@key], [see @key, p. 3] — Markdown for pandoc',
  latex: '\\cite{key}, \\cite[p. 3]{key} — LaTeX',
  numeric: '[1] or ^1^ — numbers into the managed list',
};

/** The convention the document's markers are written in (not the one a setting says). */
export function writtenConvention(s: Services, document: vscode.TextDocument): { from: Convention; mismatch?: ConventionMismatch } | undefined {
  const model = s.manuscripts.get(document);
  if (!model) return undefined;
  const mismatch = checkConvention(model.text, model.convention, { knownKeys: model.resolver.keys(), markup: model.markup });
  return { from: mismatch?.found ?? model.convention, mismatch };
}

async function chooseTarget(s: Services, document: vscode.TextDocument, from: Convention): Promise<Convention | undefined> {
  const items = CONVENTIONS.filter((c) => c !== from).map((c) => ({ label: conventionName(c), detail: DETAIL[c], convention: c }));
  const forms = from === 'numeric' ? markerForms(s, document) : undefined;
  if (forms) {
    // numeric → numeric: every marker in the style's one form.
    const now = forms.written === 'none' ? 'no citation yet' : `now ${FORM_NAME[forms.written]}`;
    items.unshift({ label: 'Normalise Markers', detail: `every citation as ${FORM_NAME[forms.wanted]}, the style's form (${now}); numbers kept`, convention: 'numeric' });
  }
  const choice = await vscode.window.showQuickPick(items, { title: `Convert Citations (now ${conventionName(from)}) to…` });
  return choice?.convention;
}

function targetArg(args: unknown): { to?: Convention; uri?: vscode.Uri } {
  if (!args || typeof args !== 'object') return {};
  const { to, uri } = args as { to?: unknown; uri?: unknown };
  return { to: CONVENTIONS.includes(to as Convention) ? (to as Convention) : undefined, uri: uri instanceof vscode.Uri ? uri : undefined };
}

async function convertCommand(s: Services, args?: unknown): Promise<CommandResult> {
  const { to: given, uri } = targetArg(args);
  const target = documentFromArgument(uri);
  if (!target) {
    const message = 'Open the document whose citations should be converted.';
    void vscode.window.showInformationMessage(message);
    return { ok: false, reason: 'no-editor', message };
  }
  const { document } = target;
  if (isReadonlyDocument(document)) {
    const message = `"${documentName(document)}" is read-only: its citations were not converted.`;
    void vscode.window.showWarningMessage(message);
    return { ok: false, reason: 'readonly', message };
  }
  const written = writtenConvention(s, document);
  if (!written) throw new Error('The document could not be analysed (see the log).');
  const to = given ?? (await chooseTarget(s, document, written.from));
  const normalise = to === 'numeric' && written.from === 'numeric';
  if (!to) return { ok: false, reason: 'cancelled' };
  let converted = 0;
  const result = await applyPlan(document, target.editor, () => {
    const model = s.manuscripts.get(document);
    if (!model) throw new Error('The document could not be analysed (see the log).');
    const from = writtenConvention(s, document)!.from;
    const conversion = planConversion(model.text, from, to, s.manuscripts.context(document, model));
    converted = conversion.converted;
    return { edits: conversion.edits };
  });
  if (!result.ok) {
    const message = result.reason === 'error' ? `Could not convert the citations: ${result.message}` : result.message ?? 'The citations could not be converted.';
    void refuse('error', message, nextSteps(message, document));
    return { ...result, message };
  }
  const setting = settingsFor(document).convention;
  const form = FORM_NAME[markerForms(s, document)?.wanted ?? 'brackets'];
  const message = normalise
    ? result.reason === 'unchanged'
      ? `Every citation is already written as ${form}.`
      : `Re-rendered ${converted} citation marker${converted === 1 ? '' : 's'} as ${form} (one Undo restores them).`
    : result.reason === 'unchanged'
      ? `The citations are already ${conventionName(to)}.`
      : `Converted ${converted} citation${converted === 1 ? '' : 's'} to ${conventionName(to)} (one Undo restores them).` +
        (setting !== 'auto' && setting !== to ? ` Note: the setting iscls.citationConvention is "${setting}".` : '');
  void vscode.window.showInformationMessage(message);
  return { ok: true, reason: result.reason, message, count: converted };
}

/** The way forward from a refused conversion, as buttons. */
function nextSteps(message: string, document: vscode.TextDocument): NextStep[] {
  if (/Adopt Numbered Draft/.test(message)) return [{ title: 'Adopt Numbered Draft', command: 'iscls.adoptNumberedDraft', args: [{ uri: document.uri }] }];
  if (/point to no entry|cannot be written/.test(message)) return [{ title: 'Show Problems', command: 'workbench.actions.view.problems' }];
  return [{ title: 'Show Log', command: 'iscls.showLog' }];
}

/** One warning per document whose markers its convention does not read, with the conversion as a quick fix. */
function registerMismatchDiagnostics(ctx: FeatureContext): vscode.DiagnosticCollection {
  const { s } = ctx;
  const collection = vscode.languages.createDiagnosticCollection('iscls-convention');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const refresh = (document: vscode.TextDocument) => {
    if (!isProse(document) || !settingsFor(document).diagnosticsEnabled) return collection.delete(document.uri);
    const written = writtenConvention(s, document);
    const m = written?.mismatch;
    if (!m) return mixedMarkers(document);
    const model = s.manuscripts.get(document)!;
    const at = model.scan.list ? document.positionAt(model.scan.list.start) : new vscode.Position(0, 0);
    const d = new vscode.Diagnostic(document.lineAt(at.line).range, m.message, vscode.DiagnosticSeverity.Warning);
    d.source = 'ISCLS';
    d.code = 'convention-mismatch';
    collection.set(document.uri, [d]);
  };
  /** A numeric document citing with both superscripts and brackets: a hint, Normalise Markers as its quick fix. */
  const mixedMarkers = (document: vscode.TextDocument) => {
    const forms = markerForms(s, document);
    const model = forms?.written === 'mixed' ? s.manuscripts.get(document) : undefined;
    const odd = model?.scan.markers.find((x) => x.unknown.length === 0 && (x.form === 'numeric-brackets') !== (forms!.wanted === 'brackets'));
    if (!forms || !odd) return collection.delete(document.uri);
    const range = new vscode.Range(document.positionAt(odd.start), document.positionAt(odd.end));
    const d = new vscode.Diagnostic(range, `This document cites with ${FORM_NAME.mixed}; its style writes ${FORM_NAME[forms.wanted]}. Normalise Markers rewrites them in one form.`, vscode.DiagnosticSeverity.Information);
    d.source = 'ISCLS';
    d.code = 'mixed-markers';
    collection.set(document.uri, [d]);
  };
  const later = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => refresh(document), 300));
  };
  ctx.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('iscls')) vscode.workspace.textDocuments.forEach(refresh);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, {
      provideCodeActions(document, _range, context) {
        const normalise = context.diagnostics.some((d) => d.code === 'mixed-markers')
          ? [Object.assign(new vscode.CodeAction('Normalise Markers (one form for the whole document)', vscode.CodeActionKind.QuickFix), {
              command: { command: 'iscls.convertCitations', title: 'Normalise Markers', arguments: [{ to: 'numeric', uri: document.uri }] },
              isPreferred: true,
            })]
          : [];
        return context.diagnostics
          .filter((d) => d.code === 'convention-mismatch')
          .flatMap(() => {
            const m = writtenConvention(s, document)?.mismatch;
            if (!m) return [];
            const action = new vscode.CodeAction(`Convert citations to ${conventionName(m.expected)}`, vscode.CodeActionKind.QuickFix);
            action.command = { command: 'iscls.convertCitations', title: action.title, arguments: [{ to: m.expected, uri: document.uri }] };
            action.isPreferred = true;
            return [action];
          })
          .concat(normalise);
      },
    }),
  );
  ctx.afterActivation(() => vscode.workspace.textDocuments.forEach(refresh));
  return collection;
}

export function registerConvert(ctx: FeatureContext): { markerOffers: MarkerOffers } {
  ctx.commands({ 'iscls.convertCitations': (args) => convertCommand(ctx.s, args) });
  registerMismatchDiagnostics(ctx);
  return { markerOffers: registerMarkerOffers(ctx) };
}
