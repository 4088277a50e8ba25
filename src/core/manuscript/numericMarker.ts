// Which form new numeric citations take. Pure.
//
// The setting `iscls.numericMarker` is `auto` (default), `brackets` or `superscript`. `auto` follows the
// style: AMA journals print superscript numbers (AMA Manual of Style: `occurs.^1,2^`), so an AMA
// Markdown document gets pandoc superscripts; every other numeric style keeps brackets `[1]`. Plain
// text has no superscript and always gets brackets.
import type { Markup } from './';

export type NumericMarkerSetting = 'auto' | 'brackets' | 'superscript';

export const SUPERSCRIPT_STYLES: ReadonlySet<string> = new Set(['american-medical-association']);

export function resolveNumericMarker(setting: NumericMarkerSetting | undefined, style: string, markup: Markup): 'brackets' | 'superscript' {
  if (markup === 'plain') return 'brackets';
  if (setting === 'brackets' || setting === 'superscript') return setting;
  return SUPERSCRIPT_STYLES.has(style) ? 'superscript' : 'brackets';
}
