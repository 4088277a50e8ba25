// What the writer can do with one reference from anywhere (tree item, hover link, search, section
// view): copy it formatted, search PubMed for it, or choose among its actions.
import * as vscode from 'vscode';
import { pubmedSearchUrl, referenceShortLabel } from '../../core/presentation/labels';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { currentStyle, styleLabel } from '../shared/style';
import { formatReference, resolveReference, showReferenceActions } from '../shared/references';

async function copyReference(s: Services, arg: unknown): Promise<string | undefined> {
  const key = await resolveReference(s, arg, 'Copy Formatted Reference');
  if (!key) return undefined;
  const style = currentStyle(s);
  const text = formatReference(s, key, style);
  if (!text) return undefined;
  await vscode.env.clipboard.writeText(text);
  // A key of the writer's library is not one of the review's 72: name it by its key.
  const reference = s.kb.reference(key);
  void vscode.window.showInformationMessage(`Copied ${reference ? referenceShortLabel(reference) : `@${key}`} (${styleLabel(s, style)}).`);
  return text;
}

async function openPubMed(s: Services, arg: unknown): Promise<string | undefined> {
  const key = await resolveReference(s, arg, 'Search PubMed for a Reference');
  if (!key) return undefined;
  const url = pubmedSearchUrl(s.kb.reference(key)!);
  // `true`: the URL is already encoded; do not let Uri re-encode it.
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
  return url;
}

export function registerReference(ctx: FeatureContext): void {
  const { s } = ctx;
  ctx.commands({
    'iscls.copyReference': (arg) => copyReference(s, arg),
    'iscls.openPubMed': (arg) => openPubMed(s, arg),
    'iscls._referenceActions': async (arg) => {
      const key = await resolveReference(s, arg, 'Reference Actions');
      if (key) await showReferenceActions(s, key);
    },
  });
}
