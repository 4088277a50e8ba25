// The section view's HTML (pure: the webview panel lives in vscode/section): a topic section or a term card from the knowledge base, with numbered
// citation links and the references in the current style. Every data string is escaped; citeproc's
// HTML is reduced to inline formatting.
import { otherNames, referenceShortLabel } from './labels';
import { compressNumbers } from '../manuscript/render';
import { paragraphCitations } from '../knowledge/knowledge';
import type { Section, Term } from '../types';
import type { KnowledgeBase } from '../knowledge/knowledge';

/** What the section HTML needs: the knowledge base and the references formatted in a style. */
export interface SectionSource {
  kb: KnowledgeBase;
  /** citeproc's HTML of one entry (sanitized here); throws if it cannot be formatted. */
  entryHtml(key: string, style: string): string;
  /** The entry as plain text, the fallback when the HTML cannot be had. */
  entryText(key: string, style: string): string | undefined;
  /** Human label of a style, e.g. "AMA (11th edition)". */
  styleLabel(style: string): string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escaped text with the one markup paragraphs use: `*emphasis*`. */
function inline(text: string): string {
  return escapeHtml(text).replace(/\*([^*\s](?:[^*]*[^*\s])?)\*/g, '<em>$1</em>');
}

/**
 * citeproc's HTML for one entry, reduced to inline formatting: `<i> <b> <em> <strong> <sup> <sub>`
 * survive (without attributes), every other tag is dropped, stray `<`/`>`/`&` are escaped.
 */
export function sanitizeEntryHtml(html: string): string {
  return html.replace(/<[^<>]*>|<|[^<]+/g, (token) => {
    if (token === '<') return '&lt;';
    if (token.startsWith('<')) {
      const tag = /^<(\/?)(i|b|em|strong|sup|sub)(?:\s[^>]*)?>$/i.exec(token);
      return tag ? `<${tag[1]}${tag[2].toLowerCase()}>` : '';
    }
    return token.replace(/&(?!(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);)/gi, '&amp;').replace(/>/g, '&gt;');
  });
}

function referenceEntryHtml(s: SectionSource, key: string, style: string): string {
  try {
    return sanitizeEntryHtml(s.entryHtml(key, style));
  } catch {
    return escapeHtml(s.entryText(key, style) ?? key);
  }
}

function attr(value: string): string {
  return `"${escapeHtml(value)}"`;
}

function referenceTitle(s: SectionSource, key: string): string {
  const reference = s.kb.reference(key);
  return reference ? `${referenceShortLabel(reference)} — ${reference.title}` : `Unknown citation key ${key}`;
}

function citationLinks(s: SectionSource, keys: string[], numbers: Map<string, number>): string {
  const link = (key: string, n: number) =>
    `<a href="#" data-key=${attr(key)} title=${attr(referenceTitle(s, key))} aria-label=${attr(`Reference ${n}: ${referenceTitle(s, key)}`)}>${n}</a>`;
  const known: { key: string; n: number }[] = [];
  const unknown: string[] = [];
  for (const key of keys) {
    if (!s.kb.reference(key)) {
      unknown.push(`<span class="unknown" title=${attr(`Unknown citation key ${key}`)}>?</span>`);
      continue;
    }
    let n = numbers.get(key);
    if (n === undefined) numbers.set(key, (n = numbers.size + 1));
    if (!known.some((k) => k.n === n)) known.push({ key, n });
  }
  // As numeric styles print them: ascending, runs of three or more as a range ("3–5,8").
  known.sort((a, b) => a.n - b.n);
  const keyOf = new Map(known.map((k) => [k.n, k.key]));
  const ranges = known.length ? [compressNumbers(known.map((k) => k.n), ',', '–', (n) => link(keyOf.get(n)!, n))] : [];
  return `<sup class="cite">${[...ranges, ...unknown].join(',')}</sup>`;
}

/** A paragraph with its `[@a; @b]` brackets replaced by superscript numbers (first appearance). */
function paragraphHtml(s: SectionSource, paragraph: string, numbers: Map<string, number>): string {
  let html = '';
  let last = 0;
  for (const marker of paragraphCitations(paragraph)) {
    // A space before a superscript would dangle: attach it to the word or punctuation before it.
    html += inline(paragraph.slice(last, marker.start).replace(/\s+$/, ''));
    html += citationLinks(s, marker.keys, numbers);
    last = marker.end;
  }
  return `<p>${html}${inline(paragraph.slice(last))}</p>`;
}

function referenceList(s: SectionSource, keys: string[], style: string): string {
  if (keys.length === 0) return '';
  const items = keys
    .map(
      (key) =>
        `<li id=${attr(`ref-${key}`)}><span class="entry">${referenceEntryHtml(s, key, style)}</span> <a href="#" class="actions" data-key=${attr(key)} title="Insert, copy or search PubMed" aria-label=${attr(`Actions for ${referenceTitle(s, key)}`)}>Actions…</a></li>`,
    )
    .join('\n');
  return `<section class="references"><h2>References <span class="muted">${escapeHtml(s.styleLabel(style))}</span></h2><ol>${items}</ol></section>`;
}

function termChips(terms: Term[]): string {
  return terms
    .map((term) => `<a href="#" class="chip" data-term=${attr(term.id)} title=${attr(term.definition)}>${escapeHtml(term.name)}</a>`)
    .join(' ');
}

export function sectionBody(s: SectionSource, section: Section, style: string): string {
  const path = s.kb.sectionPath(section.id);
  const crumbs = [
    '<span>ISCLS</span>',
    ...path.slice(0, -1).map((p) => `<a href="#" data-section=${attr(p.id)}>${escapeHtml(p.title)}</a>`),
    `<span aria-current="page">${escapeHtml(section.title)}</span>`,
  ].join('<span class="sep">›</span>');
  const numbers = new Map<string, number>();
  const paragraphs = section.paragraphs.map((p) => paragraphHtml(s, p, numbers)).join('\n');
  const children = section.children ?? [];
  const subsections = children.length
    ? `<section class="subsections"><h2>In this section</h2><ul>${children
        .map((c) => `<li><a href="#" data-section=${attr(c.id)}>${escapeHtml(c.title)}</a><span class="muted"> — ${escapeHtml(c.summary)}</span></li>`)
        .join('')}</ul></section>`
    : '';
  const terms = s.kb.termsOf(section.id);
  const termsHtml = terms.length ? `<section class="terms"><h2>Terms</h2><p>${termChips(terms)}</p></section>` : '';
  return `<nav class="crumbs" aria-label="Section path">${crumbs}</nav>
<h1>${escapeHtml(section.title)}</h1>
<p class="summary">${inline(section.summary)}</p>
${paragraphs}
${subsections}
${termsHtml}
${referenceList(s, [...numbers.keys()], style)}`;
}

export function termBody(s: SectionSource, term: Term, style: string): string {
  const names = otherNames(term);
  const sections = term.sections.map((id) => s.kb.section(id)).filter((x): x is Section => !!x);
  const keys = term.references.filter((key) => s.kb.reference(key));
  const related = (term.related ?? []).map((id) => s.kb.term(id)).filter((x): x is Term => !!x);
  return `<nav class="crumbs" aria-label="Glossary"><span>ISCLS</span><span class="sep">›</span><span>Glossary</span></nav>
<h1>${escapeHtml(term.name)}</h1>
${names.length ? `<p class="summary">Also: ${names.map(escapeHtml).join(' · ')}</p>` : ''}
<p>${inline(term.definition)}</p>
${
  sections.length
    ? `<section class="subsections"><h2>Sections</h2><ul>${sections
        .map((c) => `<li><a href="#" data-section=${attr(c.id)}>${escapeHtml(s.kb.sectionPath(c.id).map((p) => p.title).join(' › '))}</a></li>`)
        .join('')}</ul></section>`
    : ''
}
${related.length ? `<section class="terms"><h2>Related terms</h2><p>${termChips(related)}</p></section>` : ''}
${
  keys.length
    ? `<p><button type="button" data-insert-term=${attr(term.id)}>Insert ${keys.length === 1 ? 'key reference' : `${keys.length} key references`}</button></p>`
    : ''
}
${referenceList(s, keys, style).replace('<h2>References', '<h2>Key references')}`;
}
