// What the writer can do with one reference from anywhere (tree item, hover link, search, section
// view): copy it formatted, search PubMed for it, or choose among its actions.
import * as vscode from 'vscode';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { currentStyle, styleLabel } from '../shared/style';
import { formatReference, libraryOf, pubmedUrl, resolveReference, shortLabel, showReferenceActions } from '../shared/references';

async function copyReference(s: Services, arg: unknown): Promise<string | undefined> {
  // The key means what it means in the active manuscript (its library), e.g. from a hover link.
  const library = libraryOf(s);
  const key = await resolveReference(s, arg, 'Copy Formatted Reference', library);
  if (!key) return undefined;
  const style = currentStyle(s);
  const text = formatReference(s, key, style, library);
  if (!text) return undefined;
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(`Copied ${shortLabel(s, key, library)} (${styleLabel(s, style)}).`);
  return text;
}

async function openPubMed(s: Services, arg: unknown): Promise<string | undefined> {
  const library = libraryOf(s);
  const key = await resolveReference(s, arg, 'Search PubMed for a Reference', library);
  if (!key) return undefined;
  const url = pubmedUrl(s, key, library);
  if (!url) return undefined;
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
