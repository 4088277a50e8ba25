// The Node.js extension host's entry (package.json "main"): the extension bundle, dist/extension.js
// (the web worker host loads that file directly), compiled with V8's code cache kept in the
// extension's global storage, so that activations after the first skip compiling it.
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { requireWithCodeCache, type CachedModule } from './node/codeCache';

type Extension = typeof import('./extension');
let loaded: CachedModule<Extension> | undefined;

/** When the cache is written: after the idle warm-up (1.5 s), so what it compiled is in it too. */
const SAVE_AFTER_MS = 5000;

export function activate(context: vscode.ExtensionContext): ReturnType<Extension['activate']> {
  const module = requireWithCodeCache<Extension>(join(__dirname, 'extension.js'), join(context.globalStorageUri.fsPath, 'code-cache'));
  loaded = module;
  if (module.unsaved) setTimeout(() => module.save(), SAVE_AFTER_MS).unref?.();
  return module.exports.activate(context);
}

export function deactivate(): void {
  loaded?.exports.deactivate();
}
