// Hover cards in prose: at a recognised term, its concept card; at a citation marker, the full
// references in the current style. Only a window of the hovered line is scanned for a marker; a
// numeric marker maps its numbers to keys through the document's manuscript model (cached per version).
import * as vscode from 'vscode';
import { detectMarkup, isLatexLanguage, scanDocument, type CitationMarker } from '../../core/manuscript';
import { citationHoverMarkdown, HOVER_COMMANDS, termHoverMarkdown, type CitationCardEntry } from './cards';
import type { Convention, Reference, Section } from '../../core/types';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { settingsFor } from '../shared/settings';
import { currentStyle, styleLabel } from '../shared/style';
import { formatReference } from '../shared/references';
import { referenceCaveat } from '../../core/knowledge/caveats';
import { completionSummary } from '../../core/knowledge/submission';
import { describeFormChanges } from '../../core/format/titleForm';

/** Characters either side of the hovered position that are scanned for a citation marker. */
const WINDOW = 600;

function markdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, true);
  md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
  md.supportHtml = false;
  return md;
}

/** Conventions worth trying on the hovered line, most likely first. */
function lineConventions(document: vscode.TextDocument): Convention[] {
  const setting = settingsFor(document).convention;
  if (setting !== 'auto') return [setting];
  if (isLatexLanguage(document.languageId)) return ['latex'];
  return ['pandoc', 'latex', 'numeric'];
}

const covers = (marker: { start: number; end: number }, offset: number) => marker.start <= offset && offset < marker.end;

export class IsclsHoverProvider implements vscode.HoverProvider {
  constructor(private readonly s: Services) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    if (!settingsFor(document).hoverEnabled) return undefined;
    const line = document.lineAt(position.line).text;
    try {
      return this.citationHover(document, position, line, token) ?? (token.isCancellationRequested ? undefined : this.termHover(position, line));
    } catch (error) {
      this.s.log.warn('Hover failed', error);
      return undefined;
    }
  }

  private citationHover(document: vscode.TextDocument, position: vscode.Position, line: string, token: vscode.CancellationToken): vscode.Hover | undefined {
    // The keys of THIS document's library (the 72 and the files that apply to it).
    const knownKeys = this.s.library.forDocument(document).merged.keys();
    // Only a window around the position: a marker is never longer than that, even on a long line.
    const from = Math.max(0, position.character - WINDOW);
    const text = line.slice(from, position.character + WINDOW);
    const character = position.character - from;
    for (const convention of lineConventions(document)) {
      const options = { knownKeys, markup: detectMarkup(document.languageId) };
      const found = scanDocument(text, convention, options).markers.find((m) => covers(m, character));
      if (!found) continue;
      const marker = { ...found, start: found.start + from, end: found.end + from };
      const range = new vscode.Range(position.line, marker.start, position.line, marker.end);
      if (convention !== 'numeric') {
        // A bare "@word" that is no reference is an e-mail address or a handle, not a citation.
        if (marker.form === 'pandoc-intext' && marker.unknown.length) return undefined;
        return this.card(document, marker.keys.map((key) => ({ key })), range);
      }
      return this.numericHover(document, position, marker, range, token);
    }
    return undefined;
  }

  /** `[3]`: the number is the 3rd key of the managed list, so this needs the document's list block. */
  private numericHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    lineMarker: CitationMarker,
    range: vscode.Range,
    token: vscode.CancellationToken,
  ): vscode.Hover | undefined {
    if (token.isCancellationRequested) return undefined;
    const model = this.s.manuscripts.get(document);
    if (model?.convention !== 'numeric' || !model.scan.list) return undefined;
    const scan = model.scan;
    const offset = document.offsetAt(position.with(undefined, lineMarker.start));
    const marker = scan.markers.find((m) => m.start === offset) ?? scan.markers.find((m) => covers(m, offset));
    if (!marker || !scan.list) return undefined;
    const listKeys = scan.list.keys;
    const entries: CitationCardEntry[] = (marker.numbers ?? []).map((number) => ({ key: listKeys[number - 1] ?? `[${number}]`, number }));
    return entries.length ? this.card(document, entries, range) : undefined;
  }

  private card(document: vscode.TextDocument, entries: { key: string; number?: number }[], range: vscode.Range): vscode.Hover | undefined {
    if (entries.length === 0) return undefined;
    const style = currentStyle(this.s, document);
    const library = this.s.library.forDocument(document);
    const loading = this.s.library.isLoadingFor(document);
    const seen = new Set<string>();
    const cards: CitationCardEntry[] = [];
    for (const entry of entries) {
      if (seen.has(entry.key)) continue;
      seen.add(entry.key);
      const resolved = library.merged.get(entry.key);
      const reference = resolved?.review;
      // The truncated-authors caveat is the review's record's; a library record is formatted instead.
      const caveat = reference && !resolved?.entry ? referenceCaveat(reference, this.s.notes) : undefined;
      const formatted = resolved ? formatReference(this.s, entry.key, style, library) : undefined;
      const origin = reference && !resolved?.entry ? this.s.kb.origin(reference) : undefined;
      const completion = reference && !resolved?.entry ? completionSummary(reference) : undefined;
      const formNotes = resolved && formatted !== undefined ? describeFormChanges(library.formatter.formChanges(entry.key, style)) : undefined;
      cards.push({ ...entry, reference, source: library.sourceOf(entry.key), origin, formatted, caveat, completion, formNotes, loading: loading && !resolved });
    }
    return new vscode.Hover(markdown(citationHoverMarkdown(cards, styleLabel(this.s, style))), range);
  }

  private termHover(position: vscode.Position, line: string): vscode.Hover | undefined {
    const hit = this.s.matcher.findAround(line, position.character);
    if (!hit) return undefined;
    const term = this.s.kb.term(hit.termId);
    if (!term) return undefined;
    const sections = term.sections
      .map((id) => this.s.kb.section(id))
      .filter((section): section is Section => !!section)
      .map((section) => ({ section, path: this.s.kb.sectionPath(section.id) }));
    const references = term.references.map((key) => this.s.kb.reference(key)).filter((r): r is Reference => !!r);
    const range = new vscode.Range(position.line, hit.start, position.line, hit.end);
    return new vscode.Hover(markdown(termHoverMarkdown({ term, sections, references })), range);
  }
}

export function registerHovers(ctx: FeatureContext): void {
  const provider = new IsclsHoverProvider(ctx.s);
  let registration: vscode.Disposable | undefined;
  let languages = '';
  const register = () => {
    const wanted = [...new Set(settingsFor().languages)].sort();
    if (wanted.join('\n') === languages && registration) return;
    languages = wanted.join('\n');
    registration?.dispose();
    registration = wanted.length ? vscode.languages.registerHoverProvider(wanted.map((language) => ({ language })), provider) : undefined;
  };
  register();
  const listener = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('iscls.hover.languages')) register();
  });
  ctx.push(
    listener,
    new vscode.Disposable(() => registration?.dispose()),
  );
}
