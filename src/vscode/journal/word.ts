// *Export Manuscript to Word (.docx)*: the active manuscript through pandoc (src/node/pandocExport.ts),
// with a progress notification; the result is revealed in the Explorer and can be opened.
import * as vscode from 'vscode';
import { dirname, resolve } from 'node:path';
import { exportManuscript, PandocError } from '../shared/nodePort';
import type { Services } from '../shared/services';
import type { CommandResult } from '../shared/commands';
import { currentStyle } from '../shared/style';
import { requireNodeHost } from '../shared/host';

const INSTALL_URL = 'https://pandoc.org/installing.html';

export interface WordArgs {
  /** The manuscript (default: the active editor's document). */
  uri?: vscode.Uri;
  /** Where to write (default: beside the manuscript, same name, `.docx`). */
  out?: vscode.Uri;
  /** Tests: no "Open" prompt. */
  quiet?: boolean;
}

function argsOf(raw: unknown): WordArgs {
  if (raw instanceof vscode.Uri) return { uri: raw };
  return raw && typeof raw === 'object' ? (raw as WordArgs) : {};
}

async function documentFor(args: WordArgs): Promise<vscode.TextDocument | undefined> {
  if (args.uri) return vscode.workspace.openTextDocument(args.uri);
  return vscode.window.activeTextEditor?.document;
}

function docxBeside(document: vscode.TextDocument): vscode.Uri {
  const path = document.uri.fsPath;
  return vscode.Uri.file(path.replace(/\.[^./\\]+$/, '') + '.docx');
}

export async function exportWord(s: Services, raw?: unknown): Promise<CommandResult> {
  // pandoc is a program: not in VS Code in the browser (the command is hidden there, see iscls.nodeHost).
  if (!requireNodeHost('Word output needs pandoc')) return { ok: false, reason: 'cancelled', message: 'Word output needs pandoc: not available in VS Code in the browser.' };
  const args = argsOf(raw);
  const document = await documentFor(args);
  if (!document) {
    void vscode.window.showInformationMessage('Open a manuscript to export it to Word.');
    return { ok: false, reason: 'no-editor' };
  }
  if (document.uri.scheme !== 'file' && !args.out) {
    const message = 'Word export runs pandoc on this computer: save the manuscript as a file on disk first.';
    void vscode.window.showWarningMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const out = args.out ?? docxBeside(document);
  // The same model every feature reads: its convention, scan and the cited references that resolve
  // for this document (the review's and the writer's library's).
  const model = s.manuscripts.get(document);
  if (!model) {
    const message = 'Could not read the manuscript\'s citations: see the log.';
    void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => choice && s.log.show());
    return { ok: false, reason: 'error', message };
  }
  const style = model.settings.style;
  const config = vscode.workspace.getConfiguration('iscls', document);
  const styleCsl = await s.styleFiles.cslText(style);
  const referenceDoc = config.get<string>('word.referenceDoc', '').trim();
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting ${vscode.workspace.asRelativePath(document.uri)} to Word with pandoc…`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return exportManuscript({
          model,
          style,
          numeric: s.formatter.isNumeric(style),
          styleCsl,
          outFile: out.fsPath,
          resourceDir: dirname(document.uri.fsPath),
          referenceDoc: referenceDoc ? resolve(dirname(document.uri.fsPath), referenceDoc) : undefined,
          pandocPath: config.get<string>('pandocPath') || undefined,
          signal: abort.signal,
          journalAbbreviation: s.journalAbbreviations.abbreviation,
          protect: [document.uri.fsPath],
        });
      },
    );
    if (result.warnings) s.log.warn(`pandoc (${result.pandocVersion}) said:\n${result.warnings}`);
    for (const note of result.notes) {
      s.log.info(note);
      void vscode.window.showWarningMessage(note);
    }
    const count = result.input.citeproc ? result.input.keys.length : 0;
    s.log.info(`Word export: ${out.fsPath} (pandoc ${result.pandocVersion}, ${result.input.citeproc ? `${count} references, ${style}` : 'numbers as written'})`);
    void vscode.commands.executeCommand('revealInExplorer', out).then(undefined, () => undefined);
    if (!args.quiet) {
      void vscode.window.showInformationMessage(`Wrote ${vscode.workspace.asRelativePath(out)}.`, 'Open').then((choice) => {
        if (choice) void vscode.env.openExternal(out);
      });
    }
    return { ok: true, uri: out, count, message: result.notes.join(' ') || undefined };
  } catch (error) {
    if (!(error instanceof PandocError)) throw error;
    if (error.stderr) s.log.error(`pandoc: ${error.message}\n${error.stderr}`);
    else s.log.warn(error.message);
    const actions = error.kind === 'missing' || error.kind === 'too-old' ? ['Install pandoc…', 'Show Log'] : ['Show Log'];
    void vscode.window.showErrorMessage(error.message, ...actions).then((choice) => {
      if (choice === 'Install pandoc…') void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
      else if (choice === 'Show Log') s.log.show();
    });
    return { ok: false, reason: 'error', message: error.message };
  }
}
