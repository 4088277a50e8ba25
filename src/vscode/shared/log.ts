// The extension's log (Output → ISCLS Reference). `error(message, error)` records the stack.
import * as vscode from 'vscode';

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface Log {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  /** Logs `message: <error message>` followed by the error's stack, when it has one. */
  error(message: string, error?: unknown): void;
  show(): void;
}

function withCause(message: string, error: unknown, stack: boolean): string {
  if (error === undefined) return message;
  const text = `${message}: ${errorMessage(error)}`;
  return stack && error instanceof Error && error.stack ? `${text}\n${error.stack}` : text;
}

export function createLog(channel: vscode.LogOutputChannel): Log {
  return {
    info: (message) => channel.info(message),
    warn: (message, error) => channel.warn(withCause(message, error, false)),
    error: (message, error) => channel.error(withCause(message, error, true)),
    show: () => channel.show(),
  };
}
