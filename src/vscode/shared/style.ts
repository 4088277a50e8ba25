// The citation style in effect, and its human label.
import * as vscode from 'vscode';
import { declaredStyle } from '../../core/styles/declaredStyle';
import type { Services } from './services';
import { settingsFor } from './settings';
import { StyleFiles } from './styleFiles';

/**
 * The style for a document (or the active editor): pandoc's `csl:` in its YAML header, else the
 * setting; a shipped style at once, a journal's style or a `.csl` file once loaded (shared/styleFiles.ts).
 * Until then, or when it cannot be used, the style the document had (else the default).
 */
export function currentStyle(s: Services, document = vscode.window.activeTextEditor?.document): string {
  const setting = settingsFor(document).style;
  const declared = document && document.languageId !== 'latex' ? declaredStyle(document.getText(new vscode.Range(0, 0, 200, 0))) : undefined;
  const wanted = declared ?? setting;
  const fallback = s.formatter.styles()[0]?.id ?? 'american-medical-association';
  try {
    const shipped = (id: string) => s.formatter.shippedStyles().some((style) => style.id === id);
    if (shipped(wanted)) return wanted;
    const loaded = s.styleFiles.styleFor(wanted, document?.uri.toString() ?? '', StyleFiles.baseFor(document, declared !== undefined));
    return loaded ?? (shipped(setting) ? setting : fallback);
  } catch {
    return fallback;
  }
}

/** Human label of a style, e.g. "AMA (11th edition)", "Mayo Clinic Proceedings". */
export function styleLabel(s: Services, style: string): string {
  try {
    return s.formatter.styles().find((info) => info.id === style)?.label ?? style;
  } catch {
    return style;
  }
}
