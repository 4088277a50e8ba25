// The author part of pandoc's author-in-text citation (`@gousseff2011 reported`) in a numeric style.
// Pure.
//
// In an author-date style citeproc prints the names itself ("Gousseff et al. (2011)"). A numeric
// style has no names in its citation layout, so pandoc prints the number alone ("First,¹ reported",
// pandoc 2.17 to 3.x), and the sentence loses its subject. The preview and the Word export print the
// names the reference holds before the number instead, the way medical journals write it:
// "Gousseff et al.¹ reported", "Druey and Greipp (2) described". Names come only from the data:
// one author "Clarkson", two "Druey and Greipp", three or more, or a list the source truncated,
// "Gousseff et al."; an item without authors or editors gets no names (the number alone, as pandoc).

interface NameLike {
  family?: unknown;
  literal?: unknown;
  'non-dropping-particle'?: unknown;
}

const ET_AL = /^et\.?\s*al\.?$/i;

function surname(name: NameLike): string {
  if (typeof name.literal === 'string') return name.literal.trim();
  const family = typeof name.family === 'string' ? name.family.trim() : '';
  const particle = typeof name['non-dropping-particle'] === 'string' ? name['non-dropping-particle'].trim() : '';
  return particle && family ? `${particle} ${family}` : family;
}

/** "Gousseff et al.", "Druey and Greipp", "Clarkson"; undefined when the item names nobody. */
export function authorNamesInText(item: Readonly<Record<string, unknown>>): string | undefined {
  const list = Array.isArray(item.author) && item.author.length ? item.author : Array.isArray(item.editor) ? item.editor : [];
  let truncated = item['authors-truncated'] === true;
  const names: string[] = [];
  for (const raw of list as NameLike[]) {
    const name = raw && typeof raw === 'object' ? surname(raw) : '';
    if (ET_AL.test(name)) truncated = true;
    else if (name) names.push(name);
  }
  if (names.length === 0) return undefined;
  if (names.length >= 3 || truncated) return `${names[0]} et al.`;
  return names.join(' and ');
}
