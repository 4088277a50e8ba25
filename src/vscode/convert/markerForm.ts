// One marker form per numeric document. The style decides the form (core/numericMarker.ts); when it
// changes (the setting iscls.citationStyle or iscls.numericMarker, or the document's own `csl:`), a
// document whose markers are in another form is OFFERED a re-render (a notification with buttons,
// never silently). Accepting runs Convert's "Normalise Markers" (iscls.convertCitations to numeric).
import * as vscode from 'vscode';
import { documentMarkerForm, type NumericForm } from '../../core/manuscript';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { documentName, isReadonlyDocument } from '../shared/documents';
import { isProse } from '../shared/settings';
import { styleLabel } from '../shared/style';

export const FORM_NAME: Record<NumericForm | 'mixed' | 'none', string> = {
  superscript: 'superscripts ^1^',
  brackets: 'brackets [1]',
  mixed: 'both superscripts ^1^ and brackets [1]',
  none: 'no numbered citation',
};

export const RERENDER = 'Re-render Markers';
export const KEEP = 'Keep as Written';

/** An offer made, as shown; `respond` answers in place of the writer (tests only). */
export interface MarkerOffer {
  uri: string;
  message: string;
  buttons: string[];
}
export interface MarkerOffers {
  readonly shown: MarkerOffer[];
  respond?: (offer: MarkerOffer) => string | undefined;
}

/** The form the document's style asks for, and the form its citing markers are written in. */
export function markerForms(s: Services, document: vscode.TextDocument): { wanted: NumericForm; written: NumericForm | 'mixed' | 'none'; style: string } | undefined {
  const model = s.manuscripts.get(document);
  if (!model || model.convention !== 'numeric') return undefined;
  const wanted = s.manuscripts.context(document, model).numericMarker ?? 'brackets';
  return { wanted: model.markup === 'plain' ? 'brackets' : wanted, written: documentMarkerForm(model.analysis), style: model.settings.style };
}

export function registerMarkerOffers(ctx: FeatureContext): MarkerOffers {
  const { s } = ctx;
  const offers: MarkerOffers = { shown: [] };
  const wantedBefore = new Map<string, NumericForm>();
  const pending = new Set<string>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const offer = async (document: vscode.TextDocument, forms: NonNullable<ReturnType<typeof markerForms>>) => {
    const key = document.uri.toString();
    pending.add(key);
    try {
      const message =
        `"${documentName(document)}" cites with ${FORM_NAME[forms.written]}; its style, ${styleLabel(s, forms.style)}, writes ` +
        `${FORM_NAME[forms.wanted]}. Re-render the markers (numbers kept, one Undo restores them)?`;
      const shown: MarkerOffer = { uri: key, message, buttons: [RERENDER, KEEP] };
      offers.shown.push(shown);
      const choice = offers.respond ? offers.respond(shown) : await vscode.window.showInformationMessage(message, RERENDER, KEEP);
      if (choice === RERENDER && !document.isClosed) await vscode.commands.executeCommand('iscls.convertCitations', { to: 'numeric', uri: document.uri });
    } finally {
      pending.delete(key);
    }
  };

  /** Remembers the form the document's style asks for; offers a re-render when it changed. */
  const check = (document: vscode.TextDocument) => {
    if (document.isClosed || !isProse(document)) return;
    const forms = markerForms(s, document);
    if (!forms) return;
    const key = document.uri.toString();
    const before = wantedBefore.get(key);
    wantedBefore.set(key, forms.wanted);
    if (before === undefined || before === forms.wanted || pending.has(key) || isReadonlyDocument(document)) return;
    if (forms.written !== 'none' && forms.written !== forms.wanted) void offer(document, forms);
  };
  const later = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => check(document), 400)); // a `csl:` line being typed
  };
  ctx.push(
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => wantedBefore.delete(d.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('iscls')) vscode.workspace.textDocuments.forEach(check);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  ctx.afterActivation(() => vscode.workspace.textDocuments.forEach(check));
  return offers;
}
