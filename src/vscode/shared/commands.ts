// One way to register commands: every handler runs through `wrap`, which logs a failure with its
// stack, tells the writer, and resolves to `{ ok: false, reason: 'error' }` instead of throwing.
// Features declare their commands as a table: `ctx.commands({ 'iscls.x': handler, … })`.
import * as vscode from 'vscode';
import type { Services } from './services';
import { errorMessage, type Log } from './log';

/** What a command did; returned to `executeCommand` callers (tests, other extensions). */
export interface CommandResult {
  ok: boolean;
  /** Why nothing (or something else) happened. */
  reason?: 'no-editor' | 'readonly' | 'closed' | 'cancelled' | 'error' | 'unchanged' | 'conflict';
  message?: string;
  /** Text copied to the clipboard (closed editor), or the exported file. */
  text?: string;
  uri?: vscode.Uri;
  count?: number;
}

export type CommandHandler = (...args: unknown[]) => unknown;

/** The way forward from a refusal: a button that runs a command. */
export interface NextStep {
  title: string;
  command: string;
  args?: unknown[];
}

/**
 * Tells the writer why nothing happened, with the next steps as buttons (a button runs its
 * command). Resolves once the message is answered or dismissed.
 */
export async function refuse(level: 'error' | 'warning', message: string, steps: readonly NextStep[]): Promise<void> {
  const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const choice = await show(message, ...steps.map((step) => step.title));
  const step = steps.find((st) => st.title === choice);
  if (step) await vscode.commands.executeCommand(step.command, ...(step.args ?? []));
}

export function wrap(log: Log, name: string, handler: CommandHandler): CommandHandler {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      const message = `${name} failed: ${errorMessage(error)}`;
      log.error(`${name} failed`, error);
      void vscode.window.showErrorMessage(message);
      return { ok: false, reason: 'error', message } satisfies CommandResult;
    }
  };
}

/**
 * Runs `work` once activate() has returned (a macrotask later). For the analysis of the documents
 * already open (diagnostics, the Cited view): VS Code waits on activation and counts it,
 * and a first manuscript model costs ~10 ms (its citation patterns are compiled on first use). A
 * hover or a command before then computes what it needs on demand.
 */
export function afterActivation(work: () => void, log: Log): vscode.Disposable {
  const timer = setTimeout(() => {
    try {
      work();
    } catch (error) {
      log.error('Analysing the open documents failed', error);
    }
  }, 0);
  return { dispose: () => clearTimeout(timer) };
}

/** What a feature registers with: the services, a place for disposables, the command table. */
export class FeatureContext {
  readonly subscriptions: vscode.Disposable[] = [];

  constructor(readonly s: Services) {}

  commands(table: Record<string, CommandHandler>): void {
    for (const [name, handler] of Object.entries(table)) {
      this.subscriptions.push(vscode.commands.registerCommand(name, wrap(this.s.log, name, handler)));
    }
  }

  push(...disposables: vscode.Disposable[]): void {
    this.subscriptions.push(...disposables);
  }

  /** {@link afterActivation}, disposed with the extension. */
  afterActivation(work: () => void): void {
    this.subscriptions.push(afterActivation(work, this.s.log));
  }
}
