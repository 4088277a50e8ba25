// The pandoc Lua filter that gives pandoc's citeproc output the same three data-driven corrections
// CitationFormatter applies to citeproc-js output (src/core/format/citations.ts), so a .docx carries exactly
// our rendering:
//   - a list the source truncated with "et al." ends in a literal name "et al."; the "and"/"&" a style
//     puts before a last name is dropped before it (APA "Lambert, M., & et al." → "Lambert, M., et al.");
//   - an article with no volume loses AMA's "Published online " and gets "year:pages" for "year;pages".
// Each correction applies only inside the bibliography entries (`ref-KEY` divs) of the keys named,
// never to other text. Written for pandoc ≥ 2.11 (Lua 5.3; no `Inlines` filter, so lists are walked).
import type { CslItem } from '../core/types';
import { submissionRecord } from '../core/knowledge/submission';

/** Which entries need which correction; built from the references a document cites. */
export interface EntryCorrections {
  /** Keys whose author list the source truncated ("et al."). */
  truncated: string[];
  /** Keys with pages but no volume, with the year and page printed together. */
  noVolume: { key: string; year: string; page: string }[];
}

export function correctionsFor(given: readonly CslItem[]): EntryCorrections {
  const references = given.map(submissionRecord);
  return {
    truncated: references.filter((r) => r['authors-truncated']).map((r) => r.id),
    noVolume: references
      .filter((r) => !r.volume && r.page)
      .map((r) => ({ key: r.id, year: String((r.issued as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0]?.[0] ?? ''), page: String(r.page) })),
  };
}

/**
 * A Lua string literal holding exactly `s` (every byte outside [A-Za-z0-9 ] as a decimal escape). The
 * escapes have three digits: Lua reads up to three, so "\\45" before a digit ("1149-1154") would be misread.
 */
function luaString(s: string): string {
  return `"${[...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9 ]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`)).join('')}"`;
}

/** The filter's source for these corrections. */
export function correctionFilter(corrections: EntryCorrections): string {
  const truncated = corrections.truncated.map((k) => `[${luaString(k)}] = true`).join(', ');
  const noVolume = corrections.noVolume
    .map((e) => `[${luaString(e.key)}] = { year = ${luaString(e.year)}, page = ${luaString(e.page)} }`)
    .join(', ');
  return `-- ISCLS Reference: the corrections its own formatter applies (see src/node/pandocFilter.ts).
local truncated = { ${truncated} }
local no_volume = { ${noVolume} }

local function is_str(el, text) return el and el.t == "Str" and el.text == text end
local function is_space(el) return el and (el.t == "Space" or el.t == "SoftBreak") end

-- "X, & et al." / "X and et al." -> "X, et al."
local function drop_and_before_et_al(inlines)
  local out = pandoc.List()
  local i = 1
  while i <= #inlines do
    local el = inlines[i]
    if (is_str(el, "&") or is_str(el, "and")) and is_space(inlines[i + 1]) and is_str(inlines[i + 2], "et")
        and is_space(inlines[i - 1]) then
      i = i + 2 -- skip "&" and the space after it
    else
      out:insert(el)
      i = i + 1
    end
  end
  return out
end

local function escape(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end

-- "Published online 1975:43." -> "1975:43."; "1975;43." -> "1975:43."
local function fix_volume(inlines, fix)
  local out = pandoc.List()
  local i = 1
  while i <= #inlines do
    local el = inlines[i]
    if is_str(el, "Published") and is_space(inlines[i + 1]) and is_str(inlines[i + 2], "online") and is_space(inlines[i + 3]) then
      i = i + 4
    else
      if el.t == "Str" then
        el = pandoc.Str((el.text:gsub(escape(fix.year .. ";" .. fix.page), fix.year .. ":" .. fix.page)))
      end
      out:insert(el)
      i = i + 1
    end
  end
  return out
end

local function walk_inlines(block, fn)
  local function apply(el) el.content = fn(el.content); return el end
  return pandoc.walk_block(block, { Para = apply, Plain = apply, Span = apply, Emph = apply, Strong = apply })
end

function Div(div)
  local key = div.identifier:match("^ref%-(.+)$")
  if not key then return nil end
  if truncated[key] then div = walk_inlines(div, drop_and_before_et_al) end
  local fix = no_volume[key]
  if fix then div = walk_inlines(div, function(inlines) return fix_volume(inlines, fix) end) end
  return div
end
`;
}

/**
 * The filter run before citeproc on a LaTeX manuscript: the paragraph holding `placeholder` (where
 * `\printbibliography`, `\bibliography{…}` or the managed list stood, core/export/pandocInput.ts) becomes
 * the empty `refs` div citeproc fills, so the list stands there and not at the end.
 */
export function refsPlaceholderFilter(placeholder: string): string {
  return `-- ISCLS Reference: the bibliography goes where the document prints it (see src/node/pandocFilter.ts).
function Para(para)
  if #para.content == 1 and para.content[1].t == "Str" and para.content[1].text == ${luaString(placeholder)} then
    return pandoc.Div({}, pandoc.Attr("refs"))
  end
  return nil
end
`;
}
