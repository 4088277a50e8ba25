// A reference as the writer meets it anywhere: formatted in the current style, picked from the
// list, or offered with its actions (insert, copy, PubMed, citing sections). A key means what it
// means in a document's library (the review's 72 merged with the files that apply to it); without a
// document, the active editor's library.
import * as vscode from 'vscode';
import { pubmedSearchUrl, referenceNumberedLabel, referenceShortLabel } from '../../core/presentation/labels';
import { itemShortLabel } from '../../core/search/search';
import type { Reference } from '../../core/types';
import type { Services } from './services';
import type { DocumentLibrary } from './documentLibrary';
import { currentStyle, styleLabel } from './style';
import { referenceArg } from './args';

/** The library a command acts in: the given document's, else the active editor's (the 72 without one). */
export function libraryOf(s: Services, document?: vscode.TextDocument): DocumentLibrary {
  return document ? s.library.forDocument(document) : s.library.forActiveEditor();
}

/** "Clarkson 1960" for a review key, "Eo 2017" for a library key; the key itself when unknown. */
export function shortLabel(s: Services, key: string, library: DocumentLibrary = libraryOf(s)): string {
  const resolved = library.merged.get(key);
  if (resolved?.review && !resolved.entry) return referenceShortLabel(resolved.review);
  if (resolved) return itemShortLabel(resolved.item);
  const review = s.kb.reference(key);
  return review ? referenceShortLabel(review) : key;
}

/** A PubMed search for any resolving key (never a guessed PMID); undefined when the key is unknown. */
export function pubmedUrl(s: Services, key: string, library: DocumentLibrary = libraryOf(s)): string | undefined {
  const resolved = library.merged.get(key);
  if (!resolved) return s.kb.reference(key) ? pubmedSearchUrl(s.kb.reference(key)!) : undefined;
  return pubmedSearchUrl(resolved.item);
}

/**
 * The full reference as plain text in the library's formatter (the active editor's library when none
 * is given), or undefined (logged) if the key or style is unknown.
 */
export function formatReference(s: Services, key: string, style: string, library: DocumentLibrary = libraryOf(s)): string | undefined {
  try {
    return library.formatter.reference(key, style, 'text');
  } catch (error) {
    s.log.warn(`Could not format ${key} in ${style}`, error);
    // The review's own listing, without its number, is still a usable reference.
    return s.kb.reference(key)?.['review-listing']?.replace(/^\d+\.\s*/, '');
  }
}

interface ReferencePick extends vscode.QuickPickItem {
  key: string;
}

/**
 * A QuickPick of every reference of the library: the 72, then the writer's own works (filter by
 * author, year, title, journal or file).
 */
export async function pickReference(s: Services, title: string, library: DocumentLibrary = libraryOf(s)): Promise<string | undefined> {
  const review: ReferencePick[] = s.kb.references.map((reference) => ({
    key: reference.id,
    label: `$(references) ${referenceShortLabel(reference)}`,
    description: `${reference.number}. ${reference['container-title-short']}`,
    detail: reference.title,
  }));
  const own: ReferencePick[] = library.merged.works
    .filter((w) => w.entry && !w.review)
    .map((w) => ({ key: w.key, label: `$(book) ${itemShortLabel(w.item)}`, description: w.sources.join(' + '), detail: String(w.item.title ?? '').replace(/<[^>]+>/g, '') }));
  const items = own.length ? [...review, { key: '', label: 'My library', kind: vscode.QuickPickItemKind.Separator }, ...own] : review;
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Type an author, year, title word or journal',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.key;
}

/** The key a command names, or the writer's pick when it names none; a warning when it is unknown. */
export async function resolveReference(s: Services, arg: unknown, title: string, library: DocumentLibrary = libraryOf(s)): Promise<string | undefined> {
  const parsed = referenceArg(arg, s.kb, library.merged);
  if (parsed.kind === 'none') return pickReference(s, title, library);
  if (parsed.kind === 'ok') return parsed.value;
  void vscode.window.showWarningMessage(`Unknown ISCLS reference: ${parsed.shown}`);
  return undefined;
}

export interface ReferenceActionOptions {
  /** Run before inserting a citation, e.g. to give the manuscript's editor focus back from a webview. */
  beforeInsert?: () => Thenable<unknown>;
  /** Actions of the place the menu is opened from (My Library: open the entry in its file). */
  more?: ReferenceAction[];
}

export interface ReferenceAction extends vscode.QuickPickItem {
  run: () => Thenable<unknown>;
}

/** The actions a writer can take on a reference: insert, copy, PubMed search, citing sections. */
export async function showReferenceActions(s: Services, key: string, options: ReferenceActionOptions = {}): Promise<void> {
  const library = libraryOf(s);
  const resolved = library.merged.get(key);
  const reference = resolved && !resolved.entry ? resolved.review : s.kb.reference(key);
  // A key the active editor's library does not know is still offered from where it is listed (My Library).
  if (!resolved && !reference && !options.more?.length) return;
  const style = currentStyle(s);
  const reviewKey = (resolved?.review ?? reference)?.['citation-key'];
  const citing = reviewKey ? s.kb.sectionsCiting(reviewKey) : [];
  const items: ReferenceAction[] = [
    {
      label: '$(insert) Insert Citation',
      description: 'at the cursor in the manuscript',
      run: async () => {
        await options.beforeInsert?.();
        return vscode.commands.executeCommand('iscls.insertReference', key);
      },
    },
    {
      label: '$(copy) Copy Formatted Reference',
      description: styleLabel(s, style),
      run: () => vscode.commands.executeCommand('iscls.copyReference', key),
    },
    {
      label: '$(link-external) Search PubMed',
      description: 'by author, title, journal and year',
      run: () => vscode.commands.executeCommand('iscls.openPubMed', key),
    },
  ];
  items.push(...(options.more ?? []));
  if (citing.length) {
    items.push({
      label: '$(list-tree) Show Citing Sections',
      description: citing.length === 1 ? citing[0].title : `${citing.length} sections`,
      run: () => vscode.commands.executeCommand('iscls.revealCitingSections', reviewKey),
    });
  }
  const title = reference && !resolved?.entry
    ? `${referenceNumberedLabel(reference)} — ${reference.title}`
    : resolved
      ? `${shortLabel(s, key, library)} — ${String(resolved.item.title ?? '').replace(/<[^>]+>/g, '')} (${library.sourceOf(key) ?? ''})`
      : `@${key}`;
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Choose an action',
  });
  await picked?.run();
}
