// Entry point: build the knowledge base once, register each feature, return the services (tests use them).
import * as vscode from 'vscode';
import { createServices, type Services } from './vscode/services';
import { registerTrees } from './vscode/tree';
import { registerSectionView } from './vscode/sectionView';
import { registerHovers } from './vscode/hover';
import { registerLookup } from './vscode/lookup';
import { registerCitationCommands } from './vscode/cite';
import { registerCompletion } from './vscode/completion';
import { registerDiagnostics } from './vscode/diagnostics';

export function activate(context: vscode.ExtensionContext): Services | undefined {
  const log = vscode.window.createOutputChannel('ISCLS Reference', { log: true });
  context.subscriptions.push(log, vscode.commands.registerCommand('iscls.showLog', () => log.show()));
  try {
    const services = createServices(context, log);
    context.subscriptions.push(
      registerTrees(services),
      registerSectionView(services),
      registerHovers(services),
      registerLookup(services),
      registerCitationCommands(services),
      registerCompletion(services),
      registerDiagnostics(services),
    );
    return services;
  } catch (error) {
    // Surface the failure instead of leaving empty views: the welcome content explains and links the log.
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Activation failed: ${message}`);
    void vscode.commands.executeCommand('setContext', 'iscls.loadFailed', true);
    void vscode.window.showErrorMessage(`ISCLS Reference could not start: ${message}`, 'Show Log').then((choice) => {
      if (choice) log.show();
    });
    return undefined;
  }
}

export function deactivate(): void {}
