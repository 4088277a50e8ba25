// What every feature may ask of the writer's library (the service itself is the `library` feature):
// per document, the review's 72 merged with the library files that apply to it; whether those files
// are still loading; an event after they changed. Lookups never start work or publish anything.
import type * as vscode from 'vscode';
import type { LibraryFile } from '../../core/library';
import type { DocumentLibrary, LibraryBase } from './documentLibrary';

export type { DocumentLibrary } from './documentLibrary';

/** One library file as the sidebar shows it. */
export interface LibraryFileInfo {
  uri: vscode.Uri;
  name: string;
  entries: number;
  problems: number;
  failure?: string;
  /** The open documents it applies to (declared by them, or the setting of their folder). */
  documents: vscode.Uri[];
  /** The file as read: every entry (in file order) and the file's own problems; undefined if unread. */
  parsed?: LibraryFile;
  /** How many times the file was read and parsed (0 while its first read runs). */
  reads: number;
}

export interface LibraryLog {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
}

export interface Library extends vscode.Disposable {
  /** The review's 72 alone, shared by every document without a library file. */
  readonly base: DocumentLibrary;
  /** Fired once after library files were read again, added or dropped (document libraries have changed). */
  readonly onDidChange: vscode.Event<void>;
  /**
   * The document's library: the review merged with the setting's files of its workspace folder
   * (untitled documents: the first folder's) and the files it declares, as read so far. A lookup:
   * it starts no read and publishes nothing.
   */
  forDocument(document: vscode.TextDocument | undefined): DocumentLibrary;
  /** The library of the active editor's document, or the 72 (views that belong to no document). */
  forActiveEditor(): DocumentLibrary;
  /**
   * True while a library file that applies to the document has not been read yet (its first read
   * runs or is about to): no key may be called unknown meanwhile.
   */
  isLoadingFor(document: vscode.TextDocument): boolean;
  /** Each library file with its entry count, problems and the open documents using it (the sidebar). */
  files(): LibraryFileInfo[];
  /** The library files of a document, in priority order: its folder's setting, then its own. */
  filesFor(document: vscode.TextDocument): vscode.Uri[];
  /** Finds the library files again (setting + open documents) and reads the new or changed ones. */
  refresh(): Promise<void>;
  /** True while a library file is being read (tests, the sidebar). */
  readonly isLoading: boolean;
}

/** Builds the library service (the `library` feature's), given what every document library is made of. */
export type LibraryFactory = (parts: LibraryBase, log: LibraryLog) => Library;
