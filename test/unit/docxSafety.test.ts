// `iscls docx` with a stranger's manuscript: pandoc fetches nothing from the network, reads no file
// outside the manuscript's folder, never writes over its input or into a pipe, and Ctrl-C leaves no
// temporary file behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { needsPandoc, tempDir } from './docxFile';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The CLI in a child process, without blocking this process's event loop (a server answers here). */
function isclsAsync(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8', ...options }, (error, _stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

async function docxText(file: string): Promise<{ xml: string; media: string[] }> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return { xml: await zip.file('word/document.xml')!.async('string'), media: Object.keys(zip.files).filter((n) => n.startsWith('word/media/')) };
}

test('no network: a remote image makes no request, is left out, and the writer is told', needsPandoc, async () => {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const dir = tempDir();
    const doc = join(dir, 'doc.md');
    writeFileSync(doc, `# Chart\n\n![chart](http://127.0.0.1:${port}/chart.png)\n\nShock [@clarkson1960].\n`);
    const run = await isclsAsync(['docx', doc]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(requests, 0, 'pandoc fetched the image');
    assert.match(run.stderr, /Left out of the Word file .*image http:\/\/127\.0\.0\.1:\d+\/chart\.png \(from the network\)/);
    const { xml, media } = await docxText(join(dir, 'doc.docx'));
    assert.deepEqual(media, []);
    assert.match(xml, /chart/); // the description stays as text
  } finally {
    server.close();
  }
});

test('no file outside the folder: ../../etc/passwd is not embedded, an image beside the manuscript is', needsPandoc, async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'paper'));
  writeFileSync(join(dir, 'paper', 'fig.png'), PNG);
  writeFileSync(join(dir, 'secret.png'), PNG);
  const doc = join(dir, 'paper', 'doc.md');
  writeFileSync(doc, '![](../../../../../../../../etc/passwd)\n\n![outside](../secret.png)\n\n![fig](fig.png)\n\nText.\n');
  const run = await isclsAsync(['docx', doc]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /image [./]*etc\/passwd \(outside the manuscript.s folder\)/);
  assert.match(run.stderr, /image \.\.\/secret\.png \(outside the manuscript.s folder\)/);
  const { xml, media } = await docxText(join(dir, 'paper', 'doc.docx'));
  assert.equal(media.length, 1, `one image embedded: ${media}`);
  assert.ok(!xml.includes('root:'));
});

test('LaTeX (and raw LaTeX in Markdown) cannot pull in another file: \\input, \\lstinputlisting', needsPandoc, async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'paper'));
  writeFileSync(join(dir, 'secret.tex'), 'TOP-SECRET-TEXT\n');
  const tex = join(dir, 'paper', 'doc.tex');
  writeFileSync(tex, '\\documentclass{article}\n\\begin{document}\nBefore.\n\\input{../secret}\n\\input{/etc/hostname}\n\\lstinputlisting{/etc/hostname}\nAfter.\n\\end{document}\n');
  const md = join(dir, 'paper', 'raw.md');
  writeFileSync(md, 'Before.\n\n\\lstinputlisting{/etc/hostname}\n\n\\input{../secret}\n\nAfter.\n');
  for (const file of [tex, md]) {
    const run = await isclsAsync(['docx', file]);
    assert.equal(run.code, 0, run.stderr);
    const { xml } = await docxText(file.replace(/\.\w+$/, '.docx'));
    assert.match(xml, /After/);
    assert.ok(!xml.includes('TOP-SECRET-TEXT'), `${file}: another file's text came in`);
    assert.ok(!new RegExp(`>${hostname()}<`).test(xml), `${file}: the host name came in`);
  }
});

test('the output is never the input (also through a symlink or a hard link) nor a pipe', needsPandoc, async () => {
  const dir = tempDir();
  const doc = join(dir, 'doc.md');
  const text = 'Shock [@clarkson1960].\n';
  writeFileSync(doc, text);
  symlinkSync(doc, join(dir, 'link.docx'));
  linkSync(doc, join(dir, 'hard.docx'));
  for (const out of [doc, join(dir, 'link.docx'), join(dir, 'hard.docx')]) {
    const run = await isclsAsync(['docx', doc, '--out', out]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /is .*doc\.md itself.*nothing was written/);
    assert.equal(readFileSync(doc, 'utf8'), text);
  }
  if (spawnSync('mkfifo', [join(dir, 'pipe.docx')]).status === 0) {
    const run = await isclsAsync(['docx', doc, '--out', join(dir, 'pipe.docx')]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /pipe\.docx is a pipe \(FIFO\): the output must be a regular file/);
    assert.ok(statSync(join(dir, 'pipe.docx')).isFIFO());
  }
});

test('--pandoc ./relative is found from the current folder; a plain-text --reference-doc is a clear message', needsPandoc, async () => {
  const dir = tempDir();
  const doc = join(dir, 'doc.md');
  writeFileSync(doc, 'Shock [@clarkson1960].\n');
  const real = spawnSync('sh', ['-c', 'command -v pandoc'], { encoding: 'utf8' }).stdout.trim();
  symlinkSync(real, join(dir, 'my-pandoc'));
  const run = await isclsAsync(['docx', 'doc.md', '--pandoc', './my-pandoc'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  writeFileSync(join(dir, 'template.docx'), 'just text\n');
  const bad = await isclsAsync(['docx', doc, '--out', join(dir, 'x.docx'), '--reference-doc', join(dir, 'template.docx')]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, `iscls: The reference document ${join(dir, 'template.docx')} is not a Word document (.docx): give a .docx whose styles the export should take.\n`);
});

test('Ctrl-C while pandoc writes leaves no temporary file beside the manuscript nor in $TMPDIR', needsPandoc, async () => {
  const dir = tempDir();
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const doc = join(dir, 'doc.md');
  writeFileSync(doc, 'Shock [@clarkson1960].\n');
  // A pandoc that reads as pandoc does, then writes half a .docx and hangs.
  const slow = join(dir, 'slow-pandoc');
  writeFileSync(slow, '#!/bin/sh\ncase " $* " in *" --to docx "*) ;; *) exec pandoc "$@";; esac\nfor a; do [ "$p" = --output ] && out=$a; p=$a; done\necho partial > "$out"\ntouch "$out.started"\nsleep 30\n');
  chmodSync(slow, 0o755);
  const child = spawn(process.execPath, [cli, 'docx', doc, '--pandoc', slow], { env: { ...process.env, TMPDIR: tmp } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const started = Date.now();
  while (!readdirSync(dir).some((n) => n.endsWith('.started')) && Date.now() - started < 20000) await new Promise((r) => setTimeout(r, 50));
  assert.ok(readdirSync(dir).some((n) => n.endsWith('.tmp.docx')), 'the fake pandoc started writing');
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.equal(code, 130, stderr);
  assert.match(stderr, /interrupted; nothing was written/);
  assert.deepEqual(readdirSync(dir).filter((n) => !n.endsWith('.started')).sort(), ['doc.md', 'slow-pandoc', 'tmp']);
  assert.deepEqual(readdirSync(tmp), []);
  assert.ok(!existsSync(join(dir, 'doc.docx')));
});
