// The citation style in effect, and its human label.
import * as vscode from 'vscode';
import type { Services } from './services';
import { settingsFor } from './settings';

/** The style for a document (or the active editor): the setting if shipped, else the default. */
export function currentStyle(s: Services, document = vscode.window.activeTextEditor?.document): string {
  const wanted = settingsFor(document).style;
  try {
    if (s.formatter.hasStyle(wanted)) return wanted;
    const fallback = s.formatter.styles()[0]?.id ?? 'american-medical-association';
    s.log.warn(`Citation style "${wanted}" is not shipped; using "${fallback}".`);
    return fallback;
  } catch {
    return wanted;
  }
}

/** Human label of a style, e.g. "AMA (11th edition)". */
export function styleLabel(s: Services, style: string): string {
  try {
    return s.formatter.styles().find((info) => info.id === style)?.label ?? style;
  } catch {
    return style;
  }
}
