// `iscls check FILE`: Check Reference List on the command line (core/manuscript/referenceCheck.ts, the
// same check as the editor's command). One line per finding, `file:line:column: severity: message [code]`,
// or `--json`; exit code 1 when there is a problem (an error or a warning), 0 when only notes or nothing.
import { join } from 'node:path';
import { referenceCaveat } from '../core/knowledge/caveats';
import { citationContextOf } from '../core/manuscript/model';
import { checkReferenceList, hasProblems, type CheckFinding } from '../core/manuscript/referenceCheck';
import { loadContentNotes } from '../node/dataFiles';
import { journalAbbreviationsIn } from '../node/journalAbbreviations';
import { readInput, type Parsed } from './args';
import { manuscriptOf, styleOf, type Engine } from './engine';

/** Line and column (1-based) of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

export function check(parsed: Parsed, engine: Engine, out: (text: string) => void): void {
  const file = parsed.positional[0];
  const text = readInput(file, 'check');
  const model = manuscriptOf(engine, parsed, file!, text, styleOf(parsed, engine, { path: file!, text }));
  const dataDir = join(__dirname, '..', 'data');
  const notes = loadContentNotes(dataDir);
  const findings = checkReferenceList(model, citationContextOf(model, engine.formatter), {
    formatter: engine.formatter,
    journals: journalAbbreviationsIn(dataDir, (message) => process.stderr.write(`iscls: ${message}\n`)),
    caveat: (reference) => referenceCaveat(reference, notes),
  });
  if (parsed.flags.has('--json')) {
    out(JSON.stringify(findings.map((f) => ({ ...f, ...position(text, f.start) })), null, 2));
  } else {
    for (const f of findings) out(line(file!, text, f));
    const problems = findings.filter((f) => f.severity !== 'information').length;
    process.stderr.write(`${file}: ${model.cited.length} references checked in ${model.settings.style}: ${problems ? `${problems} problem${problems === 1 ? '' : 's'}` : 'no problem'}${findings.length > problems ? `, ${findings.length - problems} note${findings.length - problems === 1 ? '' : 's'}` : ''}\n`);
  }
  if (hasProblems(findings)) process.exitCode = 1;
}

function line(file: string, text: string, f: CheckFinding): string {
  const { line, column } = position(text, f.start);
  return `${file}:${line}:${column}: ${f.severity}: ${f.message} [${f.code}]`;
}
