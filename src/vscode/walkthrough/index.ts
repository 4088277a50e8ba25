// The Get Started walkthrough's own command: a sample manuscript to try every step on (an untitled
// Markdown document, so nothing is written to disk until the writer saves it).
import * as vscode from 'vscode';
import type { CommandResult, FeatureContext } from '../shared/commands';

export const SAMPLE_MANUSCRIPT = [
  '# Idiopathic systemic capillary leak syndrome: a short review',
  '',
  'Clarkson disease was first described in 1960 [@clarkson1960]. Attacks combine hypotension,',
  'haemoconcentration and hypoalbuminaemia, and most patients have an MGUS [@druey2010].',
  '',
  'Hover a term above (for example *haemoconcentration*) to read its card. Put the cursor at the end',
  'of this sentence and run **ISCLS: Insert Citation** (Ctrl+Alt+Shift+R) to cite a European series',
  '',
  '## References',
  '',
].join('\n');

async function openSample(): Promise<CommandResult> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: SAMPLE_MANUSCRIPT });
  const editor = await vscode.window.showTextDocument(document);
  const line = SAMPLE_MANUSCRIPT.split('\n').findIndex((l) => l.startsWith('of this sentence'));
  const end = new vscode.Position(line, document.lineAt(line).text.length);
  editor.selection = new vscode.Selection(end, end);
  return { ok: true, uri: document.uri };
}

export function registerWalkthrough(ctx: FeatureContext): void {
  ctx.commands({ 'iscls.openSampleManuscript': () => openSample() });
}
