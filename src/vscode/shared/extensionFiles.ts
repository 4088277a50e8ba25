// The extension's own shipped files (data/*.json, dist/csl/*.json), read through `vscode.workspace.fs`
// from `context.extensionUri`: the same code in the Node.js host (file:, vscode-remote:) and the web
// worker host of vscode.dev (https: — there the file system can read a file but not list a folder,
// so the files to read are named, never listed).
//
// A built extension carries them all in one file, dist/pack.json (scripts/build.mjs): one read at
// activation instead of ~25, each a round trip in the web worker host; the entries-<style>.json
// files are in it all styles in one (core/format/packedEntries.ts). Without the pack (a watch build) each
// file is read by itself.
//
// The web worker host also reads dist/citeproc.js here, beside the pack: it cannot `require` a file.
import * as vscode from 'vscode';
import type { StyleInfo, StyleLoader } from '../../core/format/citations';
import { provideCiteproc } from '../../core/format/citeproc';
import { KnowledgeBase } from '../../core/knowledge/knowledge';
import { unpackEntries, type PackedEntries } from '../../core/format/packedEntries';
import { runsInNode } from './host';

interface Pack {
  readonly files: ReadonlyMap<string, string>;
  readonly entries?: PackedEntries;
}
const packs = new Map<string, Promise<Pack | undefined>>();

/** dist/pack.json of the extension at `base`, read once; undefined when there is none. */
function packOf(base: vscode.Uri): Promise<Pack | undefined> {
  const id = base.toString();
  let pack = packs.get(id);
  if (!pack) {
    pack = readPack(base);
    packs.set(id, pack);
  }
  return pack;
}

async function readPack(base: vscode.Uri): Promise<Pack | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(base, 'dist', 'pack.json'));
  } catch {
    return undefined;
  }
  const { files, entries } = parseJson<{ files: Record<string, string>; entries?: PackedEntries }>(bytes, ['dist', 'pack.json']);
  return { files: new Map(Object.entries(files)), entries };
}

/** A shipped file's text: from the pack, else read by itself. */
async function readText(base: vscode.Uri, path: string[]): Promise<string> {
  const packed = (await packOf(base))?.files.get(path.join('/'));
  if (packed !== undefined) return packed;
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(base, ...path)));
  } catch (error) {
    throw new Error(`Could not read ${path.join('/')} of the extension: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseJson<T>(text: Uint8Array | string, path: string[]): T {
  try {
    return JSON.parse(typeof text === 'string' ? text : new TextDecoder().decode(text)) as T;
  } catch (error) {
    throw new Error(`${path.join('/')} of the extension is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A shipped text file (a style's `.csl`), from the pack or read by itself. */
export function readShippedText(base: vscode.Uri, ...path: string[]): Promise<string> {
  return readText(base, path);
}

export async function readJson<T = unknown>(base: vscode.Uri, ...path: string[]): Promise<T> {
  return parseJson<T>(await readText(base, path), path);
}

/** data/references.json, sections.json and terms.json. */
export function readKnowledgeBase(extensionUri: vscode.Uri): Promise<KnowledgeBase> {
  return KnowledgeBase.read((name) => readJson(extensionUri, 'data', name));
}

/**
 * The shipped CSL folder (dist/csl) read ahead, as the synchronous {@link StyleLoader} the formatter
 * takes: styles.json, every style it lists and the locales they name (plus en-US, citeproc's fallback),
 * and entries-<style>.json (the entries formatted at build time) when they were built.
 */
export async function readStyles(extensionUri: vscode.Uri): Promise<StyleLoader> {
  const dir = ['dist', 'csl'];
  const engine = runsInNode() ? undefined : readCiteproc(extensionUri);
  const styles = await readJson<StyleInfo[]>(extensionUri, ...dir, 'styles.json');
  // Read now, parsed when the formatter first asks (most styles are never used in a session).
  const raw = new Map<string, string>();
  const read = async (name: string) => raw.set(name, await readText(extensionUri, [...dir, name]));
  await Promise.all(styles.map((style) => read(`${style.id}.json`)));
  const locales = new Set(['en-US']);
  for (const style of styles) {
    const locale = defaultLocale(raw.get(`${style.id}.json`)!.slice(0, 2048));
    if (locale) locales.add(locale);
  }
  // The pack holds the entries of every style in one (unpacked per style when first asked for).
  const packed = (await packOf(extensionUri))?.entries;
  const entries = packed ? [] : styles.map((style) => `entries-${style.id}.json`);
  const optional = [...[...locales].map((locale) => `locales-${locale}.json`), ...entries];
  await Promise.all([...optional.map((name) => read(name).catch(() => undefined)), engine]);
  const parsed = new Map<string, unknown>([['styles.json', styles]]);
  const load = (name: string): unknown => {
    const text = raw.get(name);
    if (text !== undefined) return parseJson(text, [...dir, name]);
    const style = /^entries-(.+)\.json$/.exec(name)?.[1];
    const table = packed && style ? unpackEntries(packed, style) : undefined;
    if (!table) throw new Error(`dist/csl/${name} is not shipped`);
    return table;
  };
  return (name: string) => {
    if (!parsed.has(name)) {
      parsed.set(name, load(name));
      raw.delete(name);
    }
    return parsed.get(name);
  };
}

/**
 * The web worker host's citeproc-js: there `require` knows only 'vscode', so dist/citeproc.js (CommonJS,
 * no imports) is read now, in parallel with the pack, and evaluated the way VS Code evaluates the
 * extension's own code (`new Function('module', 'exports', 'require', …)`) when first needed.
 */
async function readCiteproc(base: vscode.Uri): Promise<void> {
  const uri = vscode.Uri.joinPath(base, 'dist', 'citeproc.js');
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    provideCiteproc(() => {
      const module = { exports: {} as unknown };
      const source = `${new TextDecoder().decode(bytes)}\n//# sourceURL=${uri.toString()}`;
      const noRequire = (id: string) => {
        throw new Error(`dist/citeproc.js asked for ${id}`);
      };
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      new Function('module', 'exports', 'require', source)(module, module.exports, noRequire);
      return module.exports;
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    provideCiteproc(() => {
      throw new Error(`Could not read dist/citeproc.js of the extension: ${message}`);
    });
  }
}

/** The `default-locale` attribute near the start of a style in citeproc's JSON form of CSL XML. */
function defaultLocale(head: string): string | undefined {
  return /"default-locale"\s*:\s*"([A-Za-z-]+)"/.exec(head)?.[1];
}
