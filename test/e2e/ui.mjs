// Everything the E2E tests know about the extension's UI and VS Code's DOM, in one place.
// Adjust here when a title, an id or a selector changes.

/** The extension as a user sees it (package.json `contributes`). */
export const EXT = {
  id: 'iscls-reference.iscls-reference',
  containerId: 'iscls',
  containerTitle: 'ISCLS Reference',
  displayName: 'ISCLS Reference',
  views: {
    topics: { id: 'iscls.topics', title: 'Topics' },
    references: { id: 'iscls.references', title: 'References' },
    myLibrary: { id: 'iscls.myLibrary', title: 'My Library' },
  },
  commands: {
    insertCitation: { id: 'iscls.insertCitation', title: 'ISCLS: Insert Citation' },
    search: { id: 'iscls.search', title: 'ISCLS: Search Sections, Terms and References' },
    updateReferenceList: { id: 'iscls.updateReferenceList', title: 'ISCLS: Update Reference List' },
  },
};

/** What the tests expect to find. */
export const EXPECT = {
  topics: ['Overview', 'Pathogenesis', 'Treatment'],
  /** A topic clicked in the tree, and an AMA entry its reference list must show. */
  section: { title: 'Pathogenesis', reference: /Xie Z, Ghosh CC, Patel R, et al\. Vascular endothelial hyperpermeability/ },
  /** A row of the References tree, e.g. "Clarkson 1960 …" (author and year, any order/format). */
  firstReference: /Clarkson\b[\s\S]*1960|1960[\s\S]*Clarkson\b/i,
  referenceCount: 72,
  hovers: [
    { word: 'Clarkson', concept: /Clarkson|capillary leak/i },
    { word: 'hemoconcentration', concept: /hemoconcentration|haemoconcentration/i },
    { word: 'monoclonal gammopathy', concept: /monoclonal gammopathy|MGUS|paraprotein/i },
  ],
  /** Typed into the citation picker; the row containing `pickRow` is chosen (first row if none). */
  citationQuery: 'Gousseff',
  citationPickRow: /2011/,
  citationKey: 'gousseff2011',
  citationAuthor: /Gousseff/i,
  /** Where the cursor goes before inserting: end of the first line that contains this text. */
  insertAfter: {
    'manuscript.md': 'It remains a rare diagnosis',
    'manuscript.tex': 'is characterised by sudden episodes',
    'manuscript.txt': 'suddenly leaks out of the small blood vessels',
  },
  /**
   * The writer's own library: own-library.md declares my-library.bib (`bibliography:`), which holds
   * two real reviews; the pick must show one tagged with the file and insert its key.
   */
  library: {
    manuscript: 'own-library.md',
    file: 'my-library.bib',
    entries: 2,
    insertAfter: 'pathogenesis of the syndrome',
    query: 'Druey',
    row: /Druey 2017[\s\S]*my-library\.bib/,
    inserted: /\[@druey2017\]/,
    /** The button of the view's welcome content (no library yet). */
    addButton: 'Add Library File',
  },
  /** The citation the command must insert (regex on the inserted text). */
  citationInserted: {
    'manuscript.md': /\[@gousseff2011\]/,
    'manuscript.tex': /\\cite[tp]?\{gousseff2011\}/,
    'manuscript.txt': /\[\d+\]/,
  },
};

/** VS Code workbench DOM (code-server 4.139 / VS Code 1.139). */
export const SEL = {
  workbench: '.monaco-workbench',
  activityBarEntry: (title) => `.activitybar a.action-label[aria-label^="${title}"]`,
  sideBar: '#workbench\\.parts\\.sidebar',
  pane: (title) => `.split-view-view .pane:has(> .pane-header h3.title:text-is("${title}"))`,
  paneHeader: (title) => `.split-view-view .pane > .pane-header:has(h3.title:text-is("${title}"))`,
  treeRow: '.pane-body .monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .monaco-list-row',
  editor: '.editor-instance .monaco-editor',
  activeTab: '.tabs-container .tab.active',
  viewLine: '.editor-instance .monaco-editor .view-lines .view-line',
  hover: '.monaco-hover:not(.hidden)',
  /** A view's welcome content (shown while its tree is empty) and its buttons. */
  welcome: '.pane-body .welcome-view-content',
  welcomeButton: '.pane-body .welcome-view-content .monaco-button',
  restrictedMode: '#status\\.workspaceTrust, .statusbar-item[aria-label*="Restricted Mode"]',
  notificationsToasts: '.notifications-toasts .notification-toast',
  dialog: '.monaco-dialog-box',
  /** A row of "Developer: Show Running Extensions" (its text names the host: "web worker", or the remote). */
  runningExtensionRow: '.runtime-extensions-editor .monaco-list-row',
};

/** Viewport for the browser (README screenshots are regions of it, see scripts/e2e/run-e2e.mjs). */
export const VIEWPORT = { width: 1400, height: 900 };
