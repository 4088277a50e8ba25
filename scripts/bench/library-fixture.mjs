// A synthetic BibTeX library of N entries, as a reference manager exports it: @string macros, TeX
// accents, {{Corporate}} authors, `and others`, page ranges, months, DOIs and PMIDs. Deterministic
// (seeded), so runs compare. Nothing big is committed: benchmarks generate it on the fly.
const FAMILIES = ['Smith', 'M{\\"u}ller', 'Garc{\\\'i}a', 'van der Berg', 'Eo', 'Nguyen', 'Kapoor', 'Druey', 'Svensj{\\"o}', 'O\'Brien', 'Lee', 'Wang', 'Dupont', 'Rossi', 'Ivanov', 'Kowalski', 'Tanaka', 'Clarkson', 'Gousseff', 'Lambert'];
const GIVEN = ['John', 'Anna-Maria', 'Ji-woo', 'Fran{\\c{c}}ois', 'B.', 'Kirk M.', 'Eric', 'Zahir', 'Li', 'Paola'];
const WORDS = ['capillary', 'leak', 'syndrome', 'immunoglobulin', 'monoclonal', 'gammopathy', 'shock', 'edema', 'endothelial', 'permeability', 'children', 'paediatric', 'treatment', 'intravenous', 'theophylline', 'terbutaline', 'VEGF', 'angiopoietin', 'outcome', 'cohort', 'review', 'case', 'report', 'septic', 'hypoalbuminemia', 'rhabdomyolysis', 'compartment', 'prophylaxis', 'hemoconcentration', 'mortality'];
const JOURNALS = ['jama', 'nejm', 'lancet', 'bmj'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

/** The text of a .bib file with `count` entries (keys unique), about 450 bytes an entry. */
export function syntheticBibtex(count, seed = 8) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const parts = [
    '@string{jama = "JAMA"}',
    '@string{nejm = "N Engl J Med"}',
    '@string{lancet = "Lancet"}',
    '@string{bmj = "BMJ"}',
    '',
  ];
  for (let i = 0; i < count; i++) {
    const year = 1960 + Math.floor(r() * 66);
    const n = 1 + Math.floor(r() * 8);
    const authors = [];
    if (r() < 0.03) authors.push('{{International Study Group on Capillary Leak}}');
    for (let a = authors.length; a < n; a++) authors.push(`${pick(FAMILIES)}, ${pick(GIVEN)}`);
    if (r() < 0.1) authors.push('others');
    const words = Array.from({ length: 5 + Math.floor(r() * 10) }, () => pick(WORDS));
    const first = authors[0].split(',')[0].replace(/[^A-Za-z]/g, '').toLowerCase().slice(0, 12) || 'anon';
    const key = `${first}${year}${i.toString(36)}`;
    const start = 1 + Math.floor(r() * 2000);
    const fields = [
      `  author = {${authors.join(' and ')}}`,
      `  title = {{${words[0][0].toUpperCase()}${words[0].slice(1)}} ${words.slice(1).join(' ')}}`,
      `  journal = ${pick(JOURNALS)}`,
      `  year = ${year}`,
      `  month = ${pick(MONTHS)}`,
      `  volume = {${1 + Math.floor(r() * 400)}}`,
      `  number = {${1 + Math.floor(r() * 12)}}`,
      `  pages = {${start}--${start + Math.floor(r() * 20)}}`,
    ];
    if (r() < 0.8) fields.push(`  doi = {10.${1000 + Math.floor(r() * 8999)}/syn.${i}}`);
    if (r() < 0.6) fields.push(`  pmid = {${30000000 + i}}`);
    parts.push(`@article{${key},\n${fields.join(',\n')}\n}\n`);
  }
  return parts.join('\n');
}
