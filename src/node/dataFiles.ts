// Node-only loading of the shipped data and CSL styles, for the CLI, the unit tests and the build.
// The extension reads the same files through `vscode.workspace.fs` (src/vscode/shared/extensionFiles.ts), which
// works in the web worker host too; nothing the extension bundles may import this file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentNotes } from '../core/knowledge/caveats';
import type { StyleLoader } from '../core/format/citations';
import { KnowledgeBase } from '../core/knowledge/knowledge';
import type { Reference, Section, Term } from '../core/types';

export function readJsonFile<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The knowledge base from a data folder (references.json, sections.json, terms.json). */
export function loadKnowledgeBase(dataDir: string): KnowledgeBase {
  const read = <T>(name: string): T => readJsonFile<T>(join(dataDir, name));
  return new KnowledgeBase({ references: read<Reference[]>('references.json'), sections: read<Section[]>('sections.json'), terms: read<Term[]>('terms.json') });
}

/** data/about.json (schema: data/schema/about.schema.json). */
export function loadContentNotes(dataDir: string): ContentNotes {
  return readJsonFile<ContentNotes>(join(dataDir, 'about.json'));
}

/** A {@link StyleLoader} over a folder of CSL JSON (dist/csl). */
export function cslFolderLoader(cslDir: string): StyleLoader {
  return (file: string) => readJsonFile(join(cslDir, file));
}
