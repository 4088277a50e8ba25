// The NLM journal abbreviations for the CLI and the Word export run from it: data/journal-abbreviations.json,
// read when a writer's record first needs an abbreviation (never for the review's records), once.
import { join } from 'node:path';
import { JournalAbbreviations, type JournalAbbreviationData } from '../core/format/journalAbbreviations';
import { readJsonFile } from './dataFiles';

const lists = new Map<string, JournalAbbreviations | null>();

/** The list in `dataDir`, read on first call; undefined (and a warning once) when it cannot be read. */
export function journalAbbreviationsIn(dataDir: string, warn: (message: string) => void = () => undefined): JournalAbbreviations | undefined {
  let list = lists.get(dataDir);
  if (list === undefined) {
    try {
      list = new JournalAbbreviations(readJsonFile<JournalAbbreviationData>(join(dataDir, 'journal-abbreviations.json')));
    } catch (error) {
      warn(`the journal abbreviation list could not be read (${error instanceof Error ? error.message : String(error)}): journals print as their records give them`);
      list = null;
    }
    lists.set(dataDir, list);
  }
  return list ?? undefined;
}

/** A formatter's `journalAbbreviation` lookup over the list in `dataDir`, which it reads on first use. */
export function lazyJournalAbbreviation(dataDir: string, warn?: (message: string) => void): (journal: string) => string | undefined {
  return (journal) => journalAbbreviationsIn(dataDir, warn)?.abbreviation(journal);
}
