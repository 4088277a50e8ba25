// The TeX a reader sees as one character: special letters, text symbols, Greek letters and the
// math symbols medical titles carry (χ², PaCO₂, ω-3, Δ, →), and Unicode sub-/superscripts. Pure data.

/** Commands that print one letter or symbol, in text or in math. */
export const SYMBOLS: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ',
  dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
  textendash: '–', textemdash: '—', textquoteright: '’', textquoteleft: '‘', textquotedblleft: '“', textquotedblright: '”',
  textregistered: '®', texttrademark: '™', textcopyright: '©', textdegree: '°', degree: '°', textpm: '±', textmu: 'µ',
  dots: '…', ldots: '…', cdots: '⋯', textellipsis: '…', textbackslash: '\\', textasciitilde: '~', textless: '<',
  textgreater: '>', textbar: '|', textunderscore: '_', slash: '/', textperiodcentered: '·', textbullet: '•',
  textdagger: '†', textdaggerdbl: '‡', textsection: '§', textparagraph: '¶', textminus: '−', textohm: 'Ω',
  guillemotleft: '«', guillemotright: '»', guillemetleft: '«', guillemetright: '»', textexclamdown: '¡', textquestiondown: '¿',
  S: '§', P: '¶', euro: '€', texteuro: '€', pounds: '£', textsterling: '£', textyen: '¥', textcent: '¢', textperthousand: '‰',
  TeX: 'TeX', LaTeX: 'LaTeX', BibTeX: 'BibTeX', LaTeXe: 'LaTeX2ε',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ',
  varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  textalpha: 'α', textbeta: 'β', textgamma: 'γ', textdelta: 'δ', textkappa: 'κ', textomega: 'ω', textDelta: 'Δ',
  pm: '±', mp: '∓', times: '×', div: '÷', cdot: '·', bullet: '•', circ: '∘', le: '≤', ge: '≥', leq: '≤', geq: '≥',
  ll: '≪', gg: '≫', neq: '≠', ne: '≠', approx: '≈', sim: '∼', simeq: '≃', equiv: '≡', propto: '∝', infty: '∞',
  rightarrow: '→', to: '→', leftarrow: '←', gets: '←', leftrightarrow: '↔', Rightarrow: '⇒', Leftarrow: '⇐',
  Leftrightarrow: '⇔', longrightarrow: '⟶', uparrow: '↑', downarrow: '↓', rightleftharpoons: '⇌', langle: '⟨',
  rangle: '⟩', prime: '′', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫', surd: '√', in: '∈', notin: '∉',
  cap: '∩', cup: '∪', subset: '⊂', supset: '⊃', forall: '∀', exists: '∃', neg: '¬', wedge: '∧', vee: '∨', ast: '∗',
  star: '⋆', dagger: '†', ell: 'ℓ', hbar: 'ℏ', Re: 'ℜ', Im: 'ℑ', emptyset: '∅', angle: '∠', perp: '⊥', parallel: '∥',
  lbrace: '{', rbrace: '}', vert: '|', Vert: '‖', backslash: '\\', colon: ':',
  // Spaces and hyphenation points: a thin space, word spaces, and nothing.
  ',': '\u2009', ';': ' ', ':': ' ', ' ': ' ', '!': '', '-': '', '/': '', '@': '', quad: ' ', qquad: ' ', space: ' ',
  thinspace: '\u2009', enspace: ' ', nobreakspace: '\u00a0', textnbsp: '\u00a0', relax: '', protect: '', xspace: '',
  noindent: '', newblock: ' ', par: ' ', break: ' ', linebreak: ' ', allowbreak: '', hyphen: '-', nobreakdash: '',
};

/** Commands that only style or wrap their argument: the argument is what the reader sees. */
export const TRANSPARENT = new Set([
  'textrm', 'textnormal', 'textsf', 'texttt', 'textup', 'textmd', 'upshape', 'mbox', 'hbox', 'text', 'mathrm',
  'mathit', 'mathbf', 'mathsf', 'mathtt', 'mathnormal', 'ensuremath', 'operatorname', 'url', 'nolinkurl', 'path',
  'doi', 'NoCaseChange', 'nocase', 'MakeUppercase', 'MakeLowercase', 'uppercase', 'lowercase', 'textcase', 'bibstring',
  'foreignlanguage', 'hyphenation', 'textlatin', 'textgreek', 'selectlanguage', 'footnote', 'fbox', 'underline',
  'uline', 'boldsymbol', 'bm', 'mathbb', 'mathcal', 'rm', 'sf', 'tt', 'normalfont', 'small', 'footnotesize',
  'large', 'Large', 'scriptsize', 'tiny', 'normalsize', 'huge', 'Huge',
]);

/** Commands whose argument is not printed at all (sorting keys, labels, cross-references). */
export const DROPPED = new Set(['label', 'index', 'cite', 'nocite', 'noopsort', 'SortNoop', 'sortnoop', 'ref', 'pageref', 'hphantom', 'vphantom', 'phantom']);

const SUPERSCRIPT: Record<string, string> = {
  0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾',
};
const SUBSCRIPT: Record<string, string> = {
  0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎',
};

/** A math sub- or superscript as printed: Unicode when every character has one (χ², Na⁺, PaCO₂), else <sub>/<sup>. */
export function script(text: string, kind: 'sub' | 'sup'): string {
  const table = kind === 'sup' ? SUPERSCRIPT : SUBSCRIPT;
  const chars = [...text];
  if (chars.length > 0 && chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join('');
  return text ? `<${kind}>${text}</${kind}>` : '';
}
