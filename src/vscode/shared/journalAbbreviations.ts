// The NLM journal abbreviations in the editor: data/journal-abbreviations.json, read through
// vscode.workspace.fs (both hosts) when a writer's library is first read, never at activation (the
// review's records need none). Until it is read, and if it cannot be, journals print as their records give them.
import type * as vscode from 'vscode';
import { JournalAbbreviations, type JournalAbbreviationData } from '../../core/format/journalAbbreviations';
import { readJson } from './extensionFiles';

export class JournalAbbreviationList {
  private list: JournalAbbreviations | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: { info(message: string): void; warn(message: string, error?: unknown): void },
  ) {}

  /** Reads the list once; later calls wait for that read. Never rejects. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const started = Date.now();
      try {
        this.list = new JournalAbbreviations(await readJson<JournalAbbreviationData>(this.extensionUri, 'data', 'journal-abbreviations.json'));
        this.log.info(`Journal abbreviations: ${this.list.size} NLM titles, read in ${Date.now() - started} ms`);
      } catch (error) {
        this.log.warn('The journal abbreviation list (data/journal-abbreviations.json) could not be read: journals print as their records give them', error);
      }
    })();
    return this.loading;
  }

  /** The list once read. */
  get loaded(): JournalAbbreviations | undefined {
    return this.list;
  }

  /** A formatter's `journalAbbreviation`: the NLM abbreviation of a full journal name, once the list is read. */
  readonly abbreviation = (journal: string): string | undefined => this.list?.abbreviation(journal);
}
