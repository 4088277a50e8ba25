// Check Reference List inside a real VS Code (Node and web worker hosts): the fixture manuscript of
// test/fixtures/check (a writer's library of real works cut the way exports often are) gets one problem
// per kind in the Problems view, on the citations they concern; an edit clears them (they describe that version).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'iscls-reference.iscls-reference';

/** test/fixtures/check, as the integration workspace holds no copy of it: the same text. */
const BIB = [
  '@article{gousseffFull2011,\n  title = {The Systemic Capillary Leak Syndrome: A Case Series of 28 Patients from a {European} Registry},\n' +
    '  author = {Gousseff, M. and Arnaud, L. and Lambert, M. and Hot, A. and Hamidou, M. and Duhaut, P. and Papo, T. and Soubrier, M. and Ruivard, M. and Malizia, G. and Tieulié, N. and Rivière, S. and Ninet, J. and Hatron, P. Y. and Amoura, Z.},\n' +
    '  journal = {Annals of Internal Medicine},\n  year = {2011},\n  volume = {154},\n  number = {7},\n  pages = {464--471},\n  doi = {10.7326/0003-4819-154-7-201104050-00004},\n  pmid = {21464348}\n}\n',
  '@article{siddallNoVolume2017,\n  title = {Capillary leak syndrome: etiologies, pathophysiology, and management},\n  author = {Siddall, E. and Khatri, M. and Radhakrishnan, J.},\n  journal = {Kidney International},\n  year = {2017},\n  pages = {37--46}\n}\n',
  '@article{zhaoOthers2024,\n  title = {The systemic capillary leak syndrome following COVID-19 vaccine},\n  author = {Zhao, C. and Xue, R. and others},\n  journal = {Human Vaccines & Immunotherapeutics},\n  year = {2024},\n  volume = {20},\n  pages = {2372149},\n  doi = {10.1080/21645515.2024.2372149}\n}\n',
].join('\n');
const PAPER =
  '---\nbibliography: refs.bib\n---\n\nA European registry [@gousseffFull2011]; the same series [@gousseff2011].\n' +
  'Kidney injury follows the leak [@siddallNoVolume2017]. Vaccination [@zhaoOthers2024]. A child [@karatzios2006]. Not found [@nosuchkey2020].\n';

interface CheckResult {
  ok: boolean;
  count?: number;
  message?: string;
  findings?: { code: string; key?: string; severity: string }[];
}

suite('Check Reference List', () => {
  let dir: vscode.Uri;

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `check-${Date.now()}`);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'refs.bib'), new TextEncoder().encode(BIB));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'paper.md'), new TextEncoder().encode(PAPER));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(dir, { recursive: true }).then(undefined, () => undefined);
  });

  test('each kind of problem in the Problems view, on its citation; an edit clears them', async function () {
    this.timeout(60000);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(dir, 'paper.md'));
    const editor = await vscode.window.showTextDocument(document);
    const result = await vscode.commands.executeCommand<CheckResult>('iscls.checkReferenceList');
    assert.equal(result.ok, true, result.message);
    const codes = (result.findings ?? []).map((f) => `${f.code} ${f.key}`);
    for (const expected of [
      'abbreviation-supplied gousseffFull2011',
      'title-converted gousseffFull2011',
      'duplicate-work gousseff2011',
      'missing-field siddallNoVolume2017',
      'et-al zhaoOthers2024',
      'journal-unabbreviated zhaoOthers2024',
      'needs-verification karatzios2006',
      'first-page-only karatzios2006',
      'unknown-key nosuchkey2020',
    ]) assert.ok(codes.includes(expected), `${expected} missing from ${codes.join(', ')}`);
    assert.match(result.message ?? '', /4 references checked in american-medical-association: 8 problems, 3 notes/);
    const ours = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'ISCLS check');
    assert.equal(ours.length, result.findings!.length);
    const unknown = ours.find((d) => d.code === 'unknown-key')!;
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(unknown.range), 'nosuchkey2020');
    const supplied = ours.find((d) => d.code === 'abbreviation-supplied')!;
    assert.equal(document.getText(supplied.range), '[@gousseffFull2011]');
    assert.match(supplied.message, /"Annals of Internal Medicine" prints as "Ann Intern Med"/);

    await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount - 1, 0), 'More text.\n'));
    assert.deepEqual(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'ISCLS check'), []);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
