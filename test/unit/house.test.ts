// The house rules, made checkable: every source file is short, every function fits on a
// screen or two, src/core never imports `vscode`, and no feature folder of src/vscode/ imports
// another feature's file (src/vscode/shared/ is for everyone). Reads src/ with the TypeScript
// compiler's parser, so comments and strings never count as code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..', '..');
const src = join(root, 'src');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceFiles(src).map((path) => {
  const text = readFileSync(path, 'utf8');
  return { path, name: relative(root, path).split(sep).join('/'), text, ast: ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true) };
});

function lineOf(ast: ts.SourceFile, pos: number): number {
  return ast.getLineAndCharacterOfPosition(pos).line + 1;
}

/** What a function-like node is called in a report: `name` or `Class.method`, else `(arrow)`. */
function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  const own = named.name && ts.isIdentifier(named.name) ? named.name.text : undefined;
  const holder = node.parent && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) ? node.parent.name.text : undefined;
  const owner = node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
  if (ts.isConstructorDeclaration(node)) return `${owner}constructor`;
  return `${owner}${own ?? holder ?? (ts.isArrowFunction(node) ? '(arrow)' : '(function)')}`;
}

/** Every function, method, accessor, constructor and arrow function with a body, and its length in lines. */
function functionLengths(ast: ts.SourceFile): { name: string; line: number; lines: number }[] {
  const out: { name: string; line: number; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const start = lineOf(ast, node.getStart(ast));
      out.push({ name: nameOf(node), line: start, lines: lineOf(ast, node.getEnd()) - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return out;
}

/** Module specifiers a file imports: `import … from`, `export … from`, `import()` and `require()`. */
function importsOf(ast: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return out;
}

/** The feature folder of a file under src/vscode/ (`cite`, `shared` …), or undefined. */
function featureOf(path: string): string | undefined {
  const parts = relative(join(src, 'vscode'), path).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

test('house: the checks see the whole source tree', () => {
  assert.ok(files.length > 50, `only ${files.length} source files found under ${src}`);
  assert.ok(files.some((f) => f.name.startsWith('src/core/')) && files.some((f) => f.name.startsWith('src/vscode/shared/')));
  // The measures themselves, on a known snippet: a 3-line method and a 1-line arrow inside it.
  const ast = ts.createSourceFile('x.ts', 'class A {\n  m() { const f = () => 1;\n  }\n}\nimport("vscode");\n', ts.ScriptTarget.ES2022, true);
  assert.deepEqual(functionLengths(ast), [{ name: 'A.m', line: 2, lines: 2 }, { name: 'f', line: 2, lines: 1 }]);
  assert.deepEqual(importsOf(ast), ['vscode']);
});

test(`house: no source file is over ${MAX_FILE_LINES} lines`, () => {
  const long = files.map((f) => ({ name: f.name, lines: f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0) })).filter((f) => f.lines > MAX_FILE_LINES);
  assert.deepEqual(long.map((f) => `${f.name} (${f.lines} lines)`), []);
});

test(`house: no function, method or arrow function is over ${MAX_FUNCTION_LINES} lines`, () => {
  const long = files.flatMap((f) => functionLengths(f.ast).filter((fn) => fn.lines > MAX_FUNCTION_LINES).map((fn) => `${f.name}:${fn.line} ${fn.name} (${fn.lines} lines)`));
  assert.deepEqual(long, []);
});

test('house: src/core never imports vscode', () => {
  const offenders = files
    .filter((f) => f.name.startsWith('src/core/'))
    .flatMap((f) => importsOf(f.ast).filter((spec) => spec === 'vscode' || spec.startsWith('vscode/') || resolve(dirname(f.path), spec).startsWith(join(src, 'vscode') + sep)).map((spec) => `${f.name} imports ${spec}`));
  assert.deepEqual(offenders, []);
});

test('house: no src/vscode feature imports another feature’s file (shared/ is for everyone)', () => {
  const offenders: string[] = [];
  for (const f of files) {
    const own = featureOf(f.path);
    if (!own) continue;
    for (const spec of importsOf(f.ast)) {
      if (!spec.startsWith('.')) continue;
      const target = featureOf(resolve(dirname(f.path), spec));
      if (target && target !== own && target !== 'shared') offenders.push(`${f.name} imports ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

// Node-only code (src/node/) reaches the VS Code layer through one port file, which only Node-host
// commands use, so the web build cannot pick up a Node-only import by accident.
const NODE_PORT = 'src/vscode/shared/nodePort.ts';

test('house: src/vscode imports src/node only through its one port file', () => {
  const nodeDir = join(src, 'node') + sep;
  const offenders = files
    .filter((f) => f.name.startsWith('src/vscode/') && f.name !== NODE_PORT)
    .flatMap((f) => importsOf(f.ast).filter((spec) => spec.startsWith('.') && resolve(dirname(f.path), spec).startsWith(nodeDir)).map((spec) => `${f.name} imports ${spec}`));
  assert.deepEqual(offenders, []);
  assert.ok(files.some((f) => f.name === NODE_PORT), `${NODE_PORT} is missing`);
});

// One record model (CslItem; the review's Reference is one, and the exporters take any CSL item):
// nothing bridges two shapes of a record by `as unknown as`.
test('house: no `as unknown as` in the source (one record model)', () => {
  const offenders = files.filter((f) => /\bas unknown as\b/.test(f.text)).map((f) => f.name);
  assert.deepEqual(offenders, []);
});
