// The extension's settings for a document (language-overridable ones honour `[markdown]` blocks).
import * as vscode from 'vscode';
import { CITABLE_LANGUAGES } from '../../core/manuscript/languages';
import { DEFAULT_SETTINGS, type ManuscriptSettings } from '../../core/manuscript/model';

export interface Settings extends ManuscriptSettings {
  hoverEnabled: boolean;
  /** Language ids that get hover cards, completion and diagnostics. */
  languages: string[];
  diagnosticsEnabled: boolean;
}

export function settingsFor(document?: vscode.TextDocument): Settings {
  const config = vscode.workspace.getConfiguration('iscls', document);
  return {
    style: config.get('citationStyle', DEFAULT_SETTINGS.style),
    convention: config.get('citationConvention', DEFAULT_SETTINGS.convention),
    numericMarker: config.get('numericMarker', DEFAULT_SETTINGS.numericMarker),
    latexCommand: config.get('latexCiteCommand', DEFAULT_SETTINGS.latexCommand),
    hoverEnabled: config.get('hover.enabled', true),
    languages: config.get<string[]>('hover.languages', [...CITABLE_LANGUAGES]),
    diagnosticsEnabled: config.get('diagnostics.enabled', true),
  };
}

/** Whether the document is a manuscript the features work in (its language is listed). */
export function isProse(document: vscode.TextDocument): boolean {
  return settingsFor(document).languages.includes(document.languageId);
}
