// Keystrokes typed right after the Insert Citation shortcut, before the pick has appeared, land in
// the document (the editor still has focus while the extension host builds the pick). They belong
// in the pick's filter: plain typing at the cursor (insertions without a line break, one after the
// other) from the moment the command starts until the writer types in the pick (or it closes) is
// taken out of the document and appended to the filter. While the pick is open the writer cannot
// type in the document, so no time limit is needed. Anything else (a replaced selection, a paste with a line
// break, an edit elsewhere) stops the capture and stays where it is.
import * as vscode from 'vscode';

export class EarlyTyping implements vscode.Disposable {
  private readonly listener: vscode.Disposable;
  private sink: ((text: string) => void) | undefined;
  /** Where the capture started (the cursor); captured text is contiguous from here, on one line. */
  private readonly anchor: vscode.Position | undefined;
  /** Captured characters currently in the document after the anchor. */
  private inDocument = 0;
  /** Our own deletion in flight, and lengths of ours whose change event has not come yet. */
  private deleting = 0;
  private readonly ownDeletions: number[] = [];
  private stopped = false;

  constructor(private readonly editor: vscode.TextEditor | undefined) {
    this.anchor = editor?.selection.isEmpty ? editor.selection.active : undefined;
    this.listener = vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e));
  }


  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (this.stopped || !this.editor || !this.anchor || e.document !== this.editor.document || e.contentChanges.length === 0) return;
    const change = e.contentChanges[0];
    if (change.text === '' && change.rangeLength === this.ownDeletions[0] && change.range.start.isEqual(this.anchor)) {
      this.ownDeletions.shift(); // ours (counted when the edit succeeded)
      return;
    }
    const typed = e.contentChanges.length === 1 && change.rangeLength === 0 && change.text !== '' && !/[\r\n]/.test(change.text);
    if (!typed || !change.range.start.isEqual(this.anchor.translate(0, this.inDocument))) return this.stop();
    this.inDocument += change.text.length;
    void this.flush();
  }

  /** The pick is shown: text typed so far (and later, until {@link stop}) goes to `sink`. */
  attach(sink: (text: string) => void): void {
    this.sink = sink;
    void this.flush();
  }

  private async flush(): Promise<void> {
    // Our deletion may be refused when the writer typed again meanwhile (the version moved): retry.
    for (let attempt = 0; attempt < 5; attempt++) {
      if (!this.sink || this.stopped || this.deleting > 0 || this.inDocument === 0 || !this.editor || !this.anchor) return;
      const range = new vscode.Range(this.anchor, this.anchor.translate(0, this.inDocument));
      const text = this.editor.document.getText(range);
      this.deleting = this.inDocument;
      this.ownDeletions.push(this.deleting);
      const removed = await this.editor.edit((b) => b.delete(range), { undoStopBefore: false, undoStopAfter: false });
      const length = this.deleting;
      this.deleting = 0;
      if (removed) {
        this.inDocument -= length;
        this.sink(text);
      } else {
        this.ownDeletions.splice(this.ownDeletions.lastIndexOf(length), 1);
        if (this.editor.document.isClosed) return this.stop();
      }
    }
  }

  /** The writer typed in the pick (or it closed): later document edits are theirs. */
  stop(): void {
    this.stopped = true;
    this.dispose();
  }

  dispose(): void {
    this.listener.dispose();
  }
}
