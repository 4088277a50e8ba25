// Citation commands: insert citations (pick, tree item, term), keep the managed reference list in
// step, choose the style, export the cited references.
//
// Safety rules every edit here follows:
// - edits are computed against the document text at the moment they are applied (never against a
//   snapshot taken before a QuickPick), and the whole plan (markers, renumbering, managed list) is
//   applied in ONE `editor.edit` with undo stops, so ONE undo restores the document exactly;
// - the editor path checks the document version (VS Code rejects a stale edit), and we recompute
//   and retry instead of applying anything to text we did not plan against;
// - text is only ever inserted at the END of a selection: user text is never replaced;
// - an error while planning (unknown key, malformed list …) surfaces as a message and changes nothing.
//
// Automation / test hooks (documented in the README of the tests too):
// - `iscls.insertCitation` with `{ keys: string[] }` inserts those keys without the QuickPick;
// - `iscls.insertReference` with a key string (or a tree item carrying a reference);
// - `iscls.updateReferenceList` with an optional document `Uri`;
// - `iscls.selectStyle` with `{ style: string, updateList?: boolean }` skips the pick and the prompt;
// - `iscls.exportReferences` with `{ format, uri?, all?, overwrite? }` skips the pickers and dialogs.
// Every command resolves to a {@link CommandResult} so tests can assert the path taken.
import * as vscode from 'vscode';
import type { Services } from './services';
import { conventionFor, currentStyle, isProse, scan, settingsFor } from './services';
import type { Convention, ExportFormat, Reference, TextEdit } from '../core/types';
import {
  detectMarkup,
  planInsertion,
  planListUpdate,
  scanDocument,
  type CitationContext,
} from '../core/documentCitations';
import { EXPORT_FORMATS, exportReferences } from '../core/export';
import { referenceShortLabel, sourceLine } from '../core/hoverContent';

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

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by completion.ts and diagnostics.ts)
// ---------------------------------------------------------------------------------------------

/** Schemes whose documents are views, never files the user edits. */
const READONLY_SCHEMES = new Set(['output', 'git', 'gitfs', 'vscode-scm', 'debug', 'vscode-settings', 'walkThroughSnippet']);

/** Whether edits to this document must be refused (read-only file system or a view scheme). */
export function isReadonlyDocument(document: vscode.TextDocument): boolean {
  const scheme = document.uri.scheme;
  if (READONLY_SCHEMES.has(scheme)) return true;
  try {
    return vscode.workspace.fs.isWritableFileSystem(scheme) === false;
  } catch {
    return false;
  }
}

export function eolOf(document: vscode.TextDocument): '\n' | '\r\n' {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

/** The engine's view of the document's settings and of the knowledge base. */
export function citationContext(s: Services, document: vscode.TextDocument): CitationContext {
  const settings = settingsFor(document);
  const style = currentStyle(s, document);
  const markup = detectMarkup(document.languageId);
  return {
    knownKeys: s.kb.keys(),
    markup,
    // Managed lists keep the document's order of first appearance, whatever the style's sort.
    formatEntries: (keys: string[], st: string) => s.formatter.entriesInOrder(keys, st, 'text'),
    listOrder: (keys: string[], st: string) => s.formatter.listOrder(keys, st),
    style,
    // Superscript needs Markdown; plain text gets brackets.
    numericMarker: markup === 'plain' ? 'brackets' : settings.numericMarker,
    latexCommand: settings.latexCommand,
    eol: eolOf(document),
  };
}

/** Known ISCLS keys the document cites, in order of first appearance. */
export function citedKeys(s: Services, document: vscode.TextDocument): string[] {
  return scan(s, document)?.order ?? [];
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "Gousseff E, Arnaud L, Lambert M, et al." in Vancouver name form. */
export function authorLine(ref: Reference): string {
  const names = (ref.author ?? []).map((a) => {
    if (a.literal) return a.literal;
    const initials = (a.given ?? '').replace(/[^A-Za-zÀ-ÖØ-öø-ÿ-]/g, '');
    return initials ? `${a.family} ${initials}` : a.family ?? '';
  });
  if (names.length === 0) return 'No author listed';
  return names.join(', ') + (ref['authors-truncated'] ? ', et al.' : '');
}

/** The title as the list prints it (translated titles in brackets), shortened on a word boundary. */
export function displayTitle(ref: Reference, max = 0): string {
  // Translated titles are stored with their square brackets; cut inside them, then put them back.
  let title = ref['title-translated'] ? ref.title.replace(/^\[(.*)\]$/s, '$1') : ref.title;
  if (max > 0 && title.length > max) {
    const cut = title.slice(0, max);
    const space = cut.lastIndexOf(' ');
    title = (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.:;]+$/, '') + '…';
  }
  return ref['title-translated'] ? `[${title}]` : title;
}

/** The key a command argument names: a key string, a Reference, or a tree item carrying either. */
export function keyFromArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.replace(/^@/, '').trim() || undefined;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as Record<string, unknown>;
  if (typeof o['citation-key'] === 'string') return o['citation-key'];
  for (const field of ['reference', 'key', 'citationKey', 'id']) {
    const value = o[field];
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const nested = keyFromArgument(value);
      if (nested) return nested;
    }
  }
  return undefined;
}

function termIdFromArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as Record<string, unknown>;
  if (o.term && typeof o.term === 'object') return termIdFromArgument(o.term);
  if (typeof o.termId === 'string') return o.termId;
  if (typeof o.id === 'string') return o.id;
  return undefined;
}

/** The visible editor showing `document`, preferring `preferred` if it is still alive. */
function liveEditor(document: vscode.TextDocument, preferred?: vscode.TextEditor): vscode.TextEditor | undefined {
  const visible = vscode.window.visibleTextEditors;
  if (preferred && visible.includes(preferred) && preferred.document === document) return preferred;
  const active = vscode.window.activeTextEditor;
  if (active && active.document === document) return active;
  return visible.find((e) => e.document === document);
}

/**
 * Maps an offset of the old text into the new text: to the START of an edit that touches it (an
 * insertion at the offset, or a replacement around it), else shifted by the edits before it.
 */
function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const insertionHere = edit.start === edit.end && edit.start === offset;
    if (edit.end <= offset && !insertionHere) delta += edit.newText.length - (edit.end - edit.start);
    else if (edit.start <= offset) return edit.start + delta;
    else break;
  }
  return offset + delta;
}

interface PlanOutcome {
  edits: TextEdit[];
  /** Cursor offsets (old text) to carry through the edit. */
  cursorOffsets?: number[];
  /** Where a carried cursor lands in the new text (default: where {@link mapOffset} puts it). */
  placeCursor?: (newText: string, mapped: number) => number;
}

/**
 * Computes a plan against the document's CURRENT text and applies it in one undoable step.
 * `plan` runs synchronously right before the edit; if the document changed in between (VS Code
 * rejects the versioned edit), it is recomputed, at most three times. Throws nothing: planning
 * errors come back as `{ ok: false, reason: 'error' }`.
 */
async function applyPlan(
  document: vscode.TextDocument,
  preferred: vscode.TextEditor | undefined,
  plan: (text: string, editor: vscode.TextEditor | undefined) => PlanOutcome,
): Promise<CommandResult & { edits?: TextEdit[] }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (document.isClosed) return { ok: false, reason: 'closed' };
    const editor = liveEditor(document, preferred);
    const text = document.getText();
    const version = document.version;
    let outcome: PlanOutcome;
    try {
      outcome = plan(text, editor);
    } catch (error) {
      return { ok: false, reason: 'error', message: errorMessage(error) };
    }
    if (outcome.edits.length === 0) return { ok: true, reason: 'unchanged', edits: [] };
    const ranges = outcome.edits.map((e) => ({ range: new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), newText: e.newText }));
    let applied: boolean;
    if (editor) {
      try {
        applied = await editor.edit(
          (builder) => {
            for (const { range, newText } of ranges) builder.replace(range, newText);
          },
          { undoStopBefore: true, undoStopAfter: true },
        );
      } catch {
        // The editor was closed in the meantime: nothing was applied; try again (or report closed).
        continue;
      }
    } else {
      // The document is open but not visible (the user switched tabs while the pick was open).
      if (document.version !== version) continue;
      const workspaceEdit = new vscode.WorkspaceEdit();
      for (const { range, newText } of ranges) workspaceEdit.replace(document.uri, range, newText);
      applied = await vscode.workspace.applyEdit(workspaceEdit);
    }
    if (applied) {
      if (editor && outcome.cursorOffsets?.length && !document.isClosed) {
        const newText = document.getText();
        const place = outcome.placeCursor ?? ((_text: string, mapped: number) => mapped);
        const positions = outcome.cursorOffsets.map((o) => document.positionAt(place(newText, mapOffset(o, outcome.edits))));
        editor.selections = positions.map((p) => new vscode.Selection(p, p));
        editor.revealRange(new vscode.Range(positions[0], positions[0]), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
      return { ok: true, edits: outcome.edits };
    }
    if (document.version === version) {
      return { ok: false, reason: 'readonly', message: 'VS Code refused the edit (is the document read-only?). Nothing was changed.' };
    }
    // The text changed between planning and applying: plan again against the new text.
  }
  return { ok: false, reason: 'conflict', message: 'The document kept changing while the citation was being inserted. Nothing was changed; please try again.' };
}

/** A citation as text for the clipboard, when there is no document left to insert into. */
function clipboardCitation(s: Services, keys: readonly string[], convention: Convention, ctx: CitationContext): string {
  switch (convention) {
    case 'pandoc':
      return `[${keys.map((k) => `@${k}`).join('; ')}]`;
    case 'latex':
      return `\\${ctx.latexCommand}{${keys.join(',')}}`;
    default:
      return s.formatter.bibliography(keys, ctx.style, 'text').join(ctx.eol);
  }
}

// ---------------------------------------------------------------------------------------------
// Insertion
// ---------------------------------------------------------------------------------------------

interface InsertTarget {
  document: vscode.TextDocument;
  editor?: vscode.TextEditor;
  /** Selections when the command started: used only if no editor shows the document any more. */
  selections: readonly vscode.Selection[];
}

function targetFromActiveEditor(): InsertTarget | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return { document: editor.document, editor, selections: editor.selections };
}

/** Inserts `keys` at every cursor of the target (at the END of each selection). */
async function insertKeys(s: Services, target: InsertTarget | undefined, keys: readonly string[]): Promise<CommandResult> {
  if (keys.length === 0) return { ok: false, reason: 'cancelled' };
  const unknown = keys.filter((k) => !s.kb.reference(k));
  if (unknown.length) {
    const message = `Unknown ISCLS reference key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}. Nothing was inserted.`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  if (!target) return noEditor();
  const { document } = target;
  if (document.isClosed) {
    let text: string;
    try {
      text = clipboardCitation(s, keys, conventionFor(document, ''), citationContext(s, document));
    } catch (error) {
      return { ok: false, reason: 'error', message: errorMessage(error) };
    }
    await vscode.env.clipboard.writeText(text);
    const what = text.startsWith('[@') || text.startsWith('\\') ? `The citation ${text.length > 80 ? text.slice(0, 80) + '…' : text} was` : `The formatted reference${keys.length > 1 ? 's were' : ' was'}`;
    const message = `The document was closed before the citation could be inserted. ${what} copied to the clipboard.`;
    void vscode.window.showInformationMessage(message);
    return { ok: false, reason: 'closed', message, text };
  }
  if (isReadonlyDocument(document)) return readonly(document);
  const result = await applyPlan(document, target.editor, (text, editor) => {
    const selections = editor?.selections ?? target.selections.map((sel) => new vscode.Selection(document.validatePosition(sel.anchor), document.validatePosition(sel.active)));
    const offsets = [...new Set(selections.map((sel) => document.offsetAt(sel.end)))].sort((a, b) => a - b);
    const convention = conventionFor(document, text);
    const ctx = citationContext(s, document);
    const edits = planInsertion(text, convention, offsets, [...keys], ctx);
    // Each cursor ends up right after the citation it inserted (or merged into).
    const placeCursor = (newText: string, mapped: number) => {
      const markers = scanDocument(newText, convention, { knownKeys: ctx.knownKeys, markup: ctx.markup }).markers;
      const hit = markers.find((m) => m.start === mapped) ?? markers.find((m) => m.start <= mapped && mapped <= m.end);
      return hit ? hit.end : mapped;
    };
    return { edits, cursorOffsets: offsets, placeCursor };
  });
  if (result.ok) {
    const names = keys.map((k) => referenceShortLabel(s.kb.reference(k)!)).join('; ');
    vscode.window.setStatusBarMessage(`$(quote) Cited ${names}`, 4000);
    return { ok: true };
  }
  if (result.reason === 'closed') return insertKeys(s, target, keys);
  const message = result.reason === 'error' ? `Could not insert the citation: ${result.message} Nothing was changed.` : result.message ?? 'The citation could not be inserted.';
  s.log.warn(message);
  void vscode.window.showErrorMessage(message);
  return { ...result, message };
}

function noEditor(): CommandResult {
  const message = 'Open a Markdown, LaTeX or text document and place the cursor where the citation should go.';
  void vscode.window.showInformationMessage(message);
  return { ok: false, reason: 'no-editor', message };
}

function readonly(document: vscode.TextDocument): CommandResult {
  const message = `"${documentName(document)}" is read-only: no citation was inserted.`;
  void vscode.window.showWarningMessage(message);
  return { ok: false, reason: 'readonly', message };
}

function documentName(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || document.uri.toString(true);
}

interface ReferenceItem extends vscode.QuickPickItem {
  key?: string;
}

const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy formatted reference' };

function referenceItem(ref: Reference, cited: boolean): ReferenceItem {
  return {
    key: ref['citation-key'],
    label: `${referenceShortLabel(ref)} · ${displayTitle(ref, 72)}`,
    description: `${sourceLine(ref)}${cited ? '  $(check) cited' : ''}`,
    detail: `${ref.number}. ${authorLine(ref)}`,
    alwaysShow: true,
    buttons: [COPY_BUTTON],
  };
}

/** The interactive pick. Resolves to the chosen keys in the order they were checked. */
function pickReferences(s: Services, cited: readonly string[], style: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const picker = vscode.window.createQuickPick<ReferenceItem>();
    picker.title = 'Insert ISCLS Citation';
    picker.placeholder = 'Search author, title, journal, year, number or key — check several with Space';
    picker.canSelectMany = true;
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    const citedSet = new Set(cited);
    const items = new Map<string, ReferenceItem>();
    for (const ref of s.kb.references) items.set(ref['citation-key'], referenceItem(ref, citedSet.has(ref['citation-key'])));
    const chosen = new Set<string>();
    let updatingItems = false;

    const defaultItems = (): ReferenceItem[] => {
      const list: ReferenceItem[] = [];
      if (cited.length) {
        list.push({ label: 'Cited in this document', kind: vscode.QuickPickItemKind.Separator });
        for (const key of cited) if (items.has(key)) list.push(items.get(key)!);
        list.push({ label: 'All references', kind: vscode.QuickPickItemKind.Separator });
      }
      for (const ref of s.kb.references) if (!citedSet.has(ref['citation-key'])) list.push(items.get(ref['citation-key'])!);
      return list;
    };
    const show = (list: ReferenceItem[]) => {
      updatingItems = true;
      picker.items = list;
      picker.selectedItems = list.filter((i) => i.key && chosen.has(i.key));
      // Highlight the best match so that typing and pressing Enter cites it (as in a single pick).
      const first = list.find((i) => i.key);
      picker.activeItems = first ? [first] : [];
      updatingItems = false;
    };
    const disposables: vscode.Disposable[] = [];
    let settled = false;
    const finish = (keys: string[] | undefined) => {
      if (settled) return;
      settled = true;
      resolve(keys);
      picker.hide();
      for (const d of disposables) d.dispose();
      picker.dispose();
    };
    disposables.push(
      picker.onDidChangeValue((value) => {
        const query = value.trim();
        if (!query) return show(defaultItems());
        let hits: string[] = [];
        try {
          hits = s.search.search(query, { kinds: ['reference'], limit: s.kb.references.length }).map((h) => h.id);
        } catch (error) {
          s.log.warn(`Reference search failed: ${errorMessage(error)}`);
        }
        // A number typed on its own ("12") goes straight to that entry of the review's list.
        const byNumber = /^\d{1,3}$/.test(query) ? s.kb.referenceByNumber(Number(query)) : undefined;
        const ordered = [...new Set([...(byNumber ? [byNumber['citation-key']] : []), ...hits])];
        show(ordered.filter((k) => items.has(k)).map((k) => items.get(k)!));
      }),
      picker.onDidChangeSelection((selection) => {
        if (updatingItems) return;
        // Checked items that the current filter hides stay checked.
        const visible = new Set(picker.items.map((i) => i.key).filter((k): k is string => !!k));
        const selected = new Set(selection.map((i) => i.key).filter((k): k is string => !!k));
        for (const key of visible) if (!selected.has(key)) chosen.delete(key);
        for (const key of selected) chosen.add(key);
        picker.title = chosen.size ? `Insert ISCLS Citation (${chosen.size} selected)` : 'Insert ISCLS Citation';
      }),
      picker.onDidTriggerItemButton(async ({ item }) => {
        if (!item.key) return;
        try {
          await vscode.env.clipboard.writeText(s.formatter.reference(item.key, style, 'text'));
          vscode.window.setStatusBarMessage(`$(copy) Copied ${referenceShortLabel(s.kb.reference(item.key)!)}`, 3000);
        } catch (error) {
          void vscode.window.showErrorMessage(`Could not format the reference: ${errorMessage(error)}`);
        }
      }),
      picker.onDidAccept(() => {
        let keys = [...chosen];
        // Nothing checked: Enter cites the highlighted item (the best match of the query).
        if (keys.length === 0) keys = picker.activeItems.map((i) => i.key).filter((k): k is string => !!k).slice(0, 1);
        if (keys.length === 0) keys = picker.items.map((i) => i.key).filter((k): k is string => !!k).slice(0, 1);
        // Nothing to cite (the query matches nothing): stay open; Escape cancels.
        if (keys.length) finish(keys);
      }),
      picker.onDidHide(() => finish(undefined)),
    );
    show(defaultItems());
    picker.show();
  });
}

async function insertCitationCommand(s: Services, args?: unknown): Promise<CommandResult> {
  const target = targetFromActiveEditor();
  // Automation hook: `{ keys: [...] }` inserts without the pick.
  if (args && typeof args === 'object' && Array.isArray((args as { keys?: unknown }).keys)) {
    const keys = ((args as { keys: unknown[] }).keys).filter((k): k is string => typeof k === 'string');
    return insertKeys(s, target, keys);
  }
  if (!target) return noEditor();
  if (isReadonlyDocument(target.document)) return readonly(target.document);
  if (!isProse(target.document)) {
    const choice = await vscode.window.showWarningMessage(
      `ISCLS citations are meant for manuscripts (Markdown, LaTeX, plain text). Insert one into this ${target.document.languageId} document anyway?`,
      { modal: true },
      'Insert Citation',
    );
    if (choice !== 'Insert Citation') return { ok: false, reason: 'cancelled' };
  }
  const cited = citedKeys(s, target.document);
  const keys = await pickReferences(s, cited, citationContext(s, target.document).style);
  if (!keys) return { ok: false, reason: 'cancelled' };
  return insertKeys(s, target, keys);
}

// ---------------------------------------------------------------------------------------------
// Managed list, style, export
// ---------------------------------------------------------------------------------------------

function documentFromArgument(arg: unknown): { document: vscode.TextDocument; editor?: vscode.TextEditor } | undefined {
  const uri = arg instanceof vscode.Uri ? arg : arg && typeof arg === 'object' && (arg as { uri?: unknown }).uri instanceof vscode.Uri ? (arg as { uri: vscode.Uri }).uri : undefined;
  if (uri) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return document ? { document, editor: liveEditor(document) } : undefined;
  }
  const editor = vscode.window.activeTextEditor;
  return editor ? { document: editor.document, editor } : undefined;
}

/** Renumbers the citations and creates or updates the managed list (one undoable edit). */
export async function updateReferenceList(s: Services, arg?: unknown, options: { create?: boolean; quiet?: boolean } = {}): Promise<CommandResult> {
  const target = documentFromArgument(arg);
  if (!target) {
    const message = 'Open the document whose reference list should be updated.';
    void vscode.window.showInformationMessage(message);
    return { ok: false, reason: 'no-editor', message };
  }
  const { document } = target;
  if (isReadonlyDocument(document)) {
    const message = `"${documentName(document)}" is read-only: its reference list was not updated.`;
    void vscode.window.showWarningMessage(message);
    return { ok: false, reason: 'readonly', message };
  }
  const scanned = scan(s, document);
  if (scanned && !scanned.list && scanned.order.length === 0) {
    const message = `"${documentName(document)}" cites no ISCLS reference yet: there is no reference list to write.`;
    if (!options.quiet) void vscode.window.showInformationMessage(message);
    return { ok: true, reason: 'unchanged', message };
  }
  const result = await applyPlan(document, target.editor, (text) => ({
    edits: planListUpdate(text, conventionFor(document, text), citationContext(s, document), { create: options.create ?? true }),
  }));
  if (result.ok && result.reason === 'unchanged') {
    const message = 'The reference list is already up to date.';
    if (!options.quiet) void vscode.window.showInformationMessage(message);
    return { ok: true, reason: 'unchanged', message };
  }
  if (result.ok) {
    vscode.window.setStatusBarMessage('$(check) Reference list updated', 3000);
    return { ok: true };
  }
  const message = result.reason === 'error' ? `Could not update the reference list: ${result.message} Nothing was changed.` : result.message ?? 'The reference list could not be updated.';
  void vscode.window.showErrorMessage(message);
  return { ...result, message };
}

/** Whether the document has a managed list the current settings would change. */
function listIsStale(s: Services, document: vscode.TextDocument): boolean {
  const scanned = scan(s, document);
  if (!scanned?.list) return false;
  try {
    return planListUpdate(document.getText(), scanned.convention, citationContext(s, document), { create: false }).length > 0;
  } catch {
    return false;
  }
}

async function selectStyle(s: Services, args?: unknown): Promise<CommandResult> {
  const document = vscode.window.activeTextEditor?.document;
  const styles = s.formatter.styles();
  const current = settingsFor(document).style;
  let style: string | undefined;
  let updateList: boolean | undefined;
  if (args && typeof args === 'object' && typeof (args as { style?: unknown }).style === 'string') {
    style = (args as { style: string }).style;
    const u = (args as { updateList?: unknown }).updateList;
    updateList = typeof u === 'boolean' ? u : false;
  } else {
    const items = styles.map((st) => ({
      id: st.id,
      label: st.id === current ? `$(check) ${st.label}` : st.label,
      description: st.id === current ? 'current' : undefined,
      detail: st.numeric ? 'Numbered references, in order of first citation' : 'Author–date, list sorted alphabetically',
    }));
    const pick = await vscode.window.showQuickPick(items, {
      title: 'ISCLS Citation Style',
      placeHolder: 'Style of the managed reference list, hover cards and copied references',
      matchOnDetail: true,
    });
    if (!pick) return { ok: false, reason: 'cancelled' };
    style = pick.id;
  }
  if (!s.formatter.hasStyle(style)) {
    const message = `Unknown citation style '${style}'. Available: ${styles.map((st) => st.id).join(', ')}.`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const config = vscode.workspace.getConfiguration('iscls', document?.uri);
  const inspect = config.inspect<string>('citationStyle');
  const target =
    inspect?.workspaceFolderValue !== undefined && document && vscode.workspace.getWorkspaceFolder(document.uri)
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : vscode.workspace.workspaceFolders?.length
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  if (style !== current) {
    try {
      await config.update('citationStyle', style, target);
    } catch (error) {
      const message = `Could not save the citation style: ${errorMessage(error)}`;
      void vscode.window.showErrorMessage(message);
      return { ok: false, reason: 'error', message };
    }
  }
  const label = styles.find((st) => st.id === style)?.label ?? style;
  if (document && !document.isClosed && !isReadonlyDocument(document) && listIsStale(s, document)) {
    if (updateList === undefined) {
      const choice = await vscode.window.showInformationMessage(`Citation style set to ${label}. Update the reference list of "${documentName(document)}"?`, 'Update List', 'Not Now');
      updateList = choice === 'Update List';
    }
    if (updateList) return updateReferenceList(s, document.uri, { create: false });
  } else {
    vscode.window.setStatusBarMessage(`$(symbol-ruler) Citation style: ${label}`, 3000);
  }
  return { ok: true };
}

interface ExportArgs {
  format?: ExportFormat;
  uri?: vscode.Uri;
  all?: boolean;
  overwrite?: boolean;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function defaultExportUri(document: vscode.TextDocument | undefined, extension: string): vscode.Uri | undefined {
  if (document && !document.isUntitled) {
    const path = document.uri.path;
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    return document.uri.with({ path: `${path.slice(0, slash + 1)}${stem}.${extension}` });
  }
  const folder = (document && vscode.workspace.getWorkspaceFolder(document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, `iscls-references.${extension}`) : undefined;
}

async function exportCommand(s: Services, rawArgs?: unknown): Promise<CommandResult> {
  const args: ExportArgs = rawArgs && typeof rawArgs === 'object' && !(rawArgs instanceof vscode.Uri) ? (rawArgs as ExportArgs) : {};
  const automated = args.format !== undefined;
  const document = vscode.window.activeTextEditor?.document;
  let format = args.format;
  if (!format) {
    const pick = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map((f) => ({ label: f.label, description: `.${f.extension}`, format: f.format })),
      { title: 'Export Cited References', placeHolder: 'File format (Zotero, EndNote and Mendeley import all three)' },
    );
    if (!pick) return { ok: false, reason: 'cancelled' };
    format = pick.format;
  }
  const info = EXPORT_FORMATS.find((f) => f.format === format);
  if (!info) {
    const message = `Unknown export format '${String(format)}' (bibtex, ris or csljson).`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  let keys = document ? citedKeys(s, document) : [];
  if (keys.length === 0 || args.all) {
    if (!args.all) {
      const question = document ? `"${documentName(document)}" cites no ISCLS reference. Export all ${s.kb.references.length} references of the review?` : `No document is open. Export all ${s.kb.references.length} references of the review?`;
      const choice = automated ? undefined : await vscode.window.showInformationMessage(question, { modal: true }, 'Export All');
      if (choice !== 'Export All') return { ok: false, reason: 'cancelled', message: question };
    }
    keys = s.kb.references.map((r) => r['citation-key']);
  }
  const refs = keys.map((k) => s.kb.reference(k)!).filter(Boolean);
  let uri = args.uri;
  if (!uri) {
    uri = await vscode.window.showSaveDialog({
      defaultUri: defaultExportUri(document, info.extension),
      filters: { [info.label]: [info.extension], 'All files': ['*'] },
      saveLabel: 'Export',
      title: `Export ${refs.length} reference${refs.length === 1 ? '' : 's'} as ${info.label}`,
    });
    if (!uri) return { ok: false, reason: 'cancelled' };
  } else if (!args.overwrite && (await exists(uri))) {
    const choice = await vscode.window.showWarningMessage(`${uri.path.slice(uri.path.lastIndexOf('/') + 1)} already exists. Replace it?`, { modal: true }, 'Replace');
    if (choice !== 'Replace') return { ok: false, reason: 'cancelled' };
  }
  let text: string;
  try {
    text = exportReferences(refs, info.format);
  } catch (error) {
    const message = `Could not export the references: ${errorMessage(error)}`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  } catch (error) {
    const message = `Could not write ${uri.toString(true)}: ${errorMessage(error)}`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const message = `Exported ${refs.length} reference${refs.length === 1 ? '' : 's'} to ${name} (${info.label}).`;
  if (!automated) {
    void vscode.window.showInformationMessage(message, 'Open').then((choice) => {
      if (choice) void vscode.window.showTextDocument(uri!);
    });
  }
  return { ok: true, uri, count: refs.length, message };
}

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

export function registerCitationCommands(s: Services): vscode.Disposable {
  const guard = (name: string, run: (...args: unknown[]) => Promise<CommandResult>) =>
    vscode.commands.registerCommand(name, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (error) {
        const message = `${name} failed: ${errorMessage(error)}`;
        s.log.error(message);
        void vscode.window.showErrorMessage(message);
        return { ok: false, reason: 'error', message } satisfies CommandResult;
      }
    });
  return vscode.Disposable.from(
    guard('iscls.insertCitation', (args) => insertCitationCommand(s, args)),
    guard('iscls.insertReference', (arg) => {
      const key = keyFromArgument(arg);
      if (!key) return insertCitationCommand(s);
      return insertKeys(s, targetFromActiveEditor(), [key]);
    }),
    guard('iscls.insertTermReferences', async (arg) => {
      const id = termIdFromArgument(arg);
      const term = id ? s.kb.term(id) : undefined;
      if (!term) {
        const message = id ? `Unknown ISCLS term '${id}'.` : 'No term given.';
        void vscode.window.showErrorMessage(message);
        return { ok: false, reason: 'error', message };
      }
      const keys = term.references.filter((k) => s.kb.reference(k));
      if (keys.length === 0) {
        const message = `"${term.name}" has no key references to cite.`;
        void vscode.window.showInformationMessage(message);
        return { ok: false, reason: 'unchanged', message };
      }
      return insertKeys(s, targetFromActiveEditor(), keys);
    }),
    guard('iscls.updateReferenceList', (arg) => updateReferenceList(s, arg)),
    guard('iscls.selectStyle', (args) => selectStyle(s, args)),
    guard('iscls.exportReferences', (args) => exportCommand(s, args)),
  );
}
