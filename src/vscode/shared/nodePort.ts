// The one door from the VS Code layer to Node-only code (src/node/: pandoc, the file system). What comes
// through it runs only in the Node.js extension host: each caller first checks `requireNodeHost` (or,
// where the web host has a way of its own, `runsInNode`), and the web build never reaches it. A house
// rule (test/unit/house.test.ts) allows no other import of src/node/ from src/vscode/, so a Node-only
// import cannot slip into a feature the browser runs.
export { exportManuscript } from '../../node/pandocExport';
export { PandocError } from '../../node/pandoc';
export { readAllowedWithoutBlocking, statLibraryFile, type LibraryFileStat } from '../../node/library';
