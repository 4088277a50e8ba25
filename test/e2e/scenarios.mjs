// The E2E scenarios: what a medical writer does with the extension in a real VS Code (code-server),
// step by step. Each step gets a screenshot; scripts/e2e/run-e2e.mjs runs them and reports.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPECT, EXT, SEL, VIEWPORT } from './ui.mjs';

/** The window for the README's preview shot: its text about as wide as a README column. */
const README_PREVIEW_WINDOW = { width: 940, height: 1000 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class StepError extends Error {}
function check(cond, message) {
  if (!cond) throw new StepError(message);
}

/** Whitespace- and punctuation-spacing-insensitive form of a line, to compare "line minus citation". */
const normLine = (s) => s.replace(/\s+/g, ' ').replace(/\s+([,.;:!?)])/g, '$1').replace(/~/g, '').trim();

/** A sentence that reads like a definition: a capital, at least five words, a full stop. */
const DEFINITION = /[A-Z(][^.!?\n]*(?:\s+\S+){4,}[^.!?\n]*[.!?]/;

/**
 * Steps for one workbench session. `ctx` = { wb, page, folder (the temp copy of the manuscripts),
 * shot(name) → path, readme(key, path), state }.
 */
export function trustedSteps(ctx) {
  const { wb, page } = ctx;
  const file = (name) => join(ctx.folder, name);
  const read = (name) => readFileSync(file(name), 'utf8');
  /**
   * README region in the active editor: `parts` (a hover card, the quick pick), the tab, and the
   * line numbers and text of the lines from the top down to two lines below `phrase` (all shown
   * lines without one); as wide as the text and `parts` reach.
   */
  const editorRegion = async (parts, phrase) => {
    const editor = await page.locator('.part.editor').boundingBox();
    const line = await page.locator(SEL.viewLine).first().boundingBox();
    if (!editor || !line) return undefined;
    let bottom = editor.y + editor.height;
    if (phrase) {
      const word = await wb.wordRect(phrase);
      if (!word) return undefined;
      bottom = Math.min(bottom, word.y + word.height / 2 + 2.5 * line.height);
    }
    // The editor's left edge at the first line too: the tabs from the first one on.
    const text = [SEL.activeTab, `${SEL.viewLine} > span`, `${SEL.editor} .line-numbers`, { x: editor.x, y: line.y, width: 1, height: line.height }];
    return wb.region([...parts, ...text], { pad: 8, within: { x: editor.x, y: 0, width: editor.width, height: bottom } });
  };

  const steps = [
    {
      name: 'workbench loads with the manuscripts folder',
      run: async () => {
        await wb.open(ctx.url);
        await page.locator('.explorer-folders-view .monaco-list-row, .part.sidebar .pane-header').first().waitFor({ timeout: 30_000 });
        await ctx.shot('workbench');
      },
      fatal: true,
    },
    {
      name: `activity bar: "${EXT.containerTitle}" opens with the Topics tree`,
      run: async () => {
        await wb.openContainer(EXT.containerTitle);
        const rows = await wb.treeRows(EXT.views.topics.title, { min: EXPECT.topics.length });
        const texts = rows.map((r) => r.text || r.label);
        ctx.note(`topics: ${texts.join(' | ')}`);
        for (const t of EXPECT.topics) check(texts.some((x) => x.includes(t)), `Topics tree has no "${t}" row (rows: ${JSON.stringify(texts)})`);
      },
    },
    {
      name: 'References tree lists the review\'s references, Clarkson 1960 first',
      run: async () => {
        const rows = await wb.treeRows(EXT.views.references.title, { min: 3 });
        const texts = rows.map((r) => r.text || r.label);
        ctx.note(`first references: ${texts.slice(0, 4).join(' | ')}`);
        const setSize = await page
          .locator(`${SEL.pane(EXT.views.references.title)} ${SEL.treeRow}[aria-level="1"]`)
          .first()
          .getAttribute('aria-setsize')
          .catch(() => null);
        ctx.note(`References tree: ${rows.length} rows rendered, aria-setsize=${setSize} (expected ${EXPECT.referenceCount} references)`);
        check(texts.length >= 3, `References tree shows ${texts.length} rows`);
        check(texts.slice(0, 3).some((x) => EXPECT.firstReference.test(x)), `no "Clarkson 1960" among the first References rows: ${JSON.stringify(texts.slice(0, 5))}`);
        // README: the activity bar's entry, the side bar's title and its Topics and References views
        // (the mouse moved off the activity bar first: its tooltip would cover the References).
        await wb.restMouse();
        await ctx.shot('sidebar', 'sidebar', () =>
          wb.region(['.part.activitybar .action-item.checked', '.part.sidebar .composite.title', SEL.pane(EXT.views.topics.title), SEL.pane(EXT.views.references.title)], {
            within: '.part.activitybar, .part.sidebar',
          }),
        );
      },
    },
    hostStep(ctx),
    {
      name: 'a topic opens its text, rendered read-only, with numbered citations and its AMA references; it survives a reload',
      run: async () => {
        const row = page.locator(`${SEL.pane(EXT.views.topics.title)} ${SEL.treeRow}`, { hasText: EXPECT.section.title }).first();
        await row.click();
        // The webview is an iframe holding the page in a second iframe.
        const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
        await view.locator('h1').filter({ hasText: EXPECT.section.title }).waitFor({ timeout: 20_000 });
        const text = (await view.locator('body').innerText()).replace(/\s+/g, ' ');
        ctx.note(`section view: ${text.slice(0, 160)}…`);
        check(await view.locator('sup.cite a').count() > 0, 'the section text has no numbered citation links');
        check(EXPECT.section.reference.test(text), `the section's reference list lacks ${EXPECT.section.reference}`);
        check(/not medical advice/i.test(text), 'the section view lacks the "not medical advice" note');
        // README: the page's tab and its text column down to the first formatted reference.
        await ctx.shot('section', 'section', () =>
          wb.region([SEL.activeTab, view.locator('main > :not(section.references)'), view.locator('section.references h2'), view.locator('section.references li').first()], {
            pad: 8,
            within: '.part.editor',
          }),
        );
        // A reload (as after "Developer: Reload Window") brings the same page back.
        await wb.runCommand('Developer: Reload Window');
        await page.locator(SEL.workbench).waitFor({ timeout: 30_000 });
        // (60 s: the extension activates anew; on a loaded 2-core machine the web worker took > 30 s.)
        await view.locator('h1').filter({ hasText: EXPECT.section.title }).waitFor({ timeout: 60_000 });
        ctx.note('section view restored after a reload');
        await page.locator('.tabs-container .tab', { hasText: EXPECT.section.title }).first().click();
        await page.keyboard.press('Control+W');
        await wb.openContainer(EXT.containerTitle);
      },
      timeout: 120_000, // a window reload in it
    },
    {
      name: 'open manuscript.md (quick open)',
      run: async () => {
        await wb.openFile('manuscript.md');
        ctx.state.mdOpen = true;
      },
    },
  ];

  for (const [i, h] of EXPECT.hovers.entries()) {
    steps.push({
      name: `hover "${h.word}" in manuscript.md shows its concept card`,
      needs: 'mdOpen',
      run: async () => {
        const text = await wb.hover(h.word);
        ctx.note(`hover "${h.word}": ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
        // README: the card with the editor's lines from the tab down to two below the hovered word.
        await ctx.shot(`hover-${h.word.replace(/\s+/g, '-')}`, i === 0 ? 'hover-card' : undefined, () => editorRegion([page.locator(SEL.hover).filter({ hasText: /\S/ })], h.word));
        check(h.concept.test(text), `hover card over "${h.word}" does not name the concept (${h.concept}): ${JSON.stringify(text.slice(0, 300))}`);
        check(DEFINITION.test(text), `hover card over "${h.word}" has no definition sentence: ${JSON.stringify(text.slice(0, 300))}`);
        await wb.dismissHover();
      },
    });
  }

  const citeSteps = (name, kind) => {
    const key = `cited:${name}`;
    return [
      {
        name: `${name}: "${EXT.commands.insertCitation.title}" → "${EXPECT.citationQuery}" inserts ${kind}`,
        run: async () => {
          const original = read(name);
          ctx.state[`orig:${name}`] = original;
          if (name !== 'manuscript.md' || !ctx.state.mdOpen) await wb.openFile(name);
          const lines = original.split('\n');
          const lineIndex = lines.findIndex((l) => l.includes(EXPECT.insertAfter[name]));
          check(lineIndex >= 0, `fixture ${name} has no line with "${EXPECT.insertAfter[name]}"`);
          await wb.gotoLineEnd(lineIndex + 1);
          await wb.runCommand(EXT.commands.insertCitation.title);
          const { picked, rows, multiSelect } = await wb.quickPick(EXPECT.citationQuery, EXPECT.citationPickRow, {
            beforePick: async () => {
              await ctx.shot(`${name}-citation-pick`, name === 'manuscript.md' ? 'citation-pick' : undefined, () =>
                editorRegion([SEL.quickInput], EXPECT.insertAfter[name]),
              );
            },
            afterCheck: async () => {
              // README: the pick over the editor's lines down to two below the cursor's.
              await ctx.shot(`${name}-citation-checked`, name === 'manuscript.md' ? 'citation-pick' : undefined, () =>
                editorRegion([SEL.quickInput], EXPECT.insertAfter[name]),
              );
            },
          });
          ctx.note(`picker rows: ${rows.slice(0, 4).map((r) => r.slice(0, 70)).join(' | ')} → picked "${picked.slice(0, 70)}"${multiSelect ? ' (checked, Enter)' : ''}`);
          // The command may ask more (e.g. a locator or a style) — none expected: fail clearly if so.
          await sleep(300);
          check(!(await page.locator(SEL.quickInputBox).isVisible().catch(() => false)), 'a second quick input stayed open after picking the reference');
          await page.waitForFunction(() => !!document.querySelector('.tabs-container .tab.active.dirty'), null, { timeout: 10_000 }).catch(() => {});
          check(await wb.isDirty(), `${name} was not changed by the command (notifications: ${JSON.stringify(await wb.notifications())})`);
          ctx.state[key] = true;
          await wb.save();
          const now = read(name);
          const newLines = now.split('\n');
          const re = EXPECT.citationInserted[name];
          const citedLine = newLines[lineIndex] ?? '';
          ctx.note(`line ${lineIndex + 1} now: ${citedLine.trim()}`);
          check(re.test(citedLine), `line ${lineIndex + 1} of ${name} has no ${re}: ${JSON.stringify(citedLine)}`);
          check(normLine(citedLine.replace(re, '')) === normLine(lines[lineIndex]), `line ${lineIndex + 1} changed beyond the citation: ${JSON.stringify(citedLine)}`);
          if (name === 'manuscript.txt') {
            for (let i = 0; i < lines.length; i++) {
              if (i === lineIndex || (i === lines.length - 1 && lines[i] === '')) continue;
              check(newLines[i] === lines[i], `line ${i + 1} of ${name} changed: ${JSON.stringify(newLines[i])}`);
            }
            const tail = newLines.slice(lines.length - (lines.at(-1) === '' ? 1 : 0)).join('\n');
            ctx.note(`reference list block: ${tail.trim().replace(/\n/g, ' ⏎ ').slice(0, 200)}`);
            check(EXPECT.citationAuthor.test(tail), `no reference list with the cited reference at the end of ${name}; text after the original end: ${JSON.stringify(tail.slice(0, 400))}`);
            const number = citedLine.match(re)[0].match(/\d+/)[0];
            check(new RegExp(`(^|\\n)\\s*\\[?${number}[\\].)]?\\s`).test(tail), `the reference list has no entry numbered ${number}: ${JSON.stringify(tail.slice(0, 400))}`);
            await page.keyboard.press('Control+End');
            await sleep(300);
            // README: the tab and every line of the text, the reference list at its end.
            await ctx.shot(`${name}-with-reference-list`, 'reference-list', () => editorRegion([]));
          } else {
            check(newLines.length === lines.length, `${name} went from ${lines.length} to ${newLines.length} lines`);
            for (let i = 0; i < lines.length; i++) {
              if (i !== lineIndex) check(newLines[i] === lines[i], `line ${i + 1} of ${name} changed: ${JSON.stringify(newLines[i])}`);
            }
            await ctx.shot(`${name}-cited`);
          }
        },
      },
      {
        name: `${name}: one undo (Ctrl+Z) restores the original text exactly`,
        needs: key,
        run: async () => {
          await wb.undo();
          await wb.save();
          const now = read(name);
          const original = ctx.state[`orig:${name}`];
          if (now !== original) {
            const a = original.split('\n');
            const b = now.split('\n');
            const i = a.findIndex((l, j) => l !== b[j]);
            throw new StepError(`after one undo ${name} differs from the original at line ${i + 1}: ${JSON.stringify(b[i])} (was ${JSON.stringify(a[i])}); ${a.length} → ${b.length} lines`);
          }
          await ctx.shot(`${name}-undone`);
        },
      },
    ];
  };
  steps.push(...citeSteps('manuscript.md', 'a pandoc citation [@gousseff2011]'));
  steps.push(...citeSteps('manuscript.tex', 'a LaTeX \\cite{gousseff2011}'));
  steps.push(...citeSteps('manuscript.txt', 'a numeric [1] and a reference list at the end'));
  steps.push(...librarySteps(ctx));
  steps.push(...forgedHoverSteps(ctx));
  steps.push(...walkthroughSteps(ctx));
  // KNOWN GAP (issue 14): the web worker host's preview renders without our plugin; Node host only.
  if ((ctx.host ?? 'node') !== 'web') steps.push(previewStep(ctx));
  return steps;
}

/**
 * The Markdown preview of the AMA sample (review.md): VS Code's own preview with our markdown-it
 * plugin shows the superscript numbers by first appearance and the formatted list (README shot).
 */
function previewStep(ctx) {
  const { wb, page } = ctx;
  return {
    name: 'Markdown preview of an AMA manuscript (review.md): superscript numbers and the formatted reference list',
    run: async () => {
      await wb.openFile('review.md');
      await wb.runCommand('Markdown: Open Preview');
      const view = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
      await view.locator('ol.iscls-references li').first().waitFor({ timeout: 30_000 });
      const sups = await view.locator('span.iscls-citation sup').allInnerTexts();
      const items = await view.locator('ol.iscls-references li').allInnerTexts();
      const body = await view.locator('body').innerText();
      ctx.note(`preview: superscripts ${JSON.stringify(sups)}; ${items.length} list entries, first: ${items[0]?.slice(0, 80)}`);
      check(JSON.stringify(sups) === JSON.stringify(['1', '2', '3,4', '1,2', '5,6', '7,8']), `superscripts in the preview: ${JSON.stringify(sups)}`);
      check(items.length === 8 && /^Clarkson B, Thompson D, Horwith M, Luckey EH\. Cyclical edema/.test(items[0]), `the preview's list: ${JSON.stringify(items.slice(0, 2))}`);
      check(!body.includes('[@') && !body.includes('iscls-references'), 'raw citations or the list markers show in the preview');
      // The preview alone, without the side bar: the README shot shows what the journal gets, in a
      // window narrowed to about a README column (GitHub's is ~880 px) so the page shows its text
      // at 1:1 rather than scaled down; then the window is as before.
      await wb.runCommand('View: Toggle Primary Side Bar Visibility');
      try {
        await page.setViewportSize(README_PREVIEW_WINDOW);
        await sleep(800);
        // README: the preview's text, without the tabs above it.
        await ctx.shot('preview', 'preview', () => wb.region([view.locator('body > *')], { pad: 16, within: page.locator('iframe.webview.ready').last() }));
      } finally {
        await page.setViewportSize(VIEWPORT);
        await sleep(300);
      }
      await wb.runCommand('View: Toggle Primary Side Bar Visibility');
      await page.keyboard.press('Control+W');
    },
  };
}

/**
 * The writer's own library (issue 8): own-library.md declares my-library.bib in its YAML header;
 * the citation pick shows its works tagged with the file's name and inserts the library's key; the
 * My Library view lists the file with its entry count.
 */
function librarySteps(ctx) {
  const { wb, page } = ctx;
  const lib = EXPECT.library;
  const path = join(ctx.folder, lib.manuscript);
  return [
    {
      name: `${lib.manuscript}: the pick shows "${lib.query}" from ${lib.file} (tagged with the file) and inserts its key`,
      run: async () => {
        const original = readFileSync(path, 'utf8');
        await wb.openFile(lib.manuscript);
        ctx.state.libraryOpen = true;
        const lines = original.split('\n');
        const lineIndex = lines.findIndex((l) => l.includes(lib.insertAfter));
        check(lineIndex >= 0, `fixture ${lib.manuscript} has no line with "${lib.insertAfter}"`);
        await wb.gotoLineEnd(lineIndex + 1);
        // The library loads after the document opens: ask again until the pick lists its work.
        let found;
        for (let attempt = 0; attempt < 3 && !found; attempt++) {
          await wb.runCommand(EXT.commands.insertCitation.title);
          try {
            found = await wb.quickPick(lib.query, lib.row, {
              beforePick: async (rows) => {
                if (!rows.some((r) => lib.row.test(r.text))) throw new StepError(`no row ${lib.row} yet: ${JSON.stringify(rows.map((r) => r.text.slice(0, 90)))}`);
                await ctx.shot('library-citation-pick');
              },
            });
          } catch (error) {
            if (!(error instanceof StepError) || attempt === 2) throw error;
            await wb.closeQuickInput();
            await sleep(1000);
          }
        }
        ctx.note(`picker rows: ${found.rows.slice(0, 4).map((r) => r.slice(0, 90)).join(' | ')} → picked "${found.picked.slice(0, 90)}"`);
        check(lib.row.test(found.picked), `the picked row is not the library's work tagged ${lib.file}: ${JSON.stringify(found.picked)}`);
        await page.waitForFunction(() => !!document.querySelector('.tabs-container .tab.active.dirty'), null, { timeout: 10_000 }).catch(() => {});
        await wb.save();
        const line = readFileSync(path, 'utf8').split('\n')[lineIndex] ?? '';
        ctx.note(`line ${lineIndex + 1} now: ${line.trim()}`);
        check(lib.inserted.test(line), `line ${lineIndex + 1} of ${lib.manuscript} has no ${lib.inserted}: ${JSON.stringify(line)}`);
        check(normLine(line.replace(lib.inserted, '')) === normLine(lines[lineIndex]), `line ${lineIndex + 1} changed beyond the citation: ${JSON.stringify(line)}`);
        await ctx.shot('library-cited');
      },
    },
    {
      name: `"${EXT.views.myLibrary.title}" view lists ${lib.file} with its ${lib.entries} entries`,
      needs: 'libraryOpen',
      run: async () => {
        await wb.openContainer(EXT.containerTitle);
        // The row reads "my-library.bib" then its description "2 entries" (no space between in innerText).
        const pattern = new RegExp(`${lib.file.replace('.', '\\.')}\\s*${lib.entries} entries`);
        let rows = [];
        for (let i = 0; i < 20 && !rows.some((r) => pattern.test(r.text || r.label)); i++) {
          rows = await wb.treeRows(EXT.views.myLibrary.title, { min: 1 });
          if (!rows.some((r) => pattern.test(r.text || r.label))) await sleep(500);
        }
        ctx.note(`My Library: ${rows.map((r) => r.text || r.label).join(' | ')}`);
        await ctx.shot('my-library');
        check(rows.some((r) => pattern.test(r.text || r.label)), `no row ${pattern} in My Library: ${JSON.stringify(rows.map((r) => r.text || r.label))}`);
        // Leave the editor focused, as the other steps expect.
        await wb.focusEditor();
      },
    },
  ];
}

/** The Get Started walkthrough, as a newcomer meets it: its first steps, clicked. */
function walkthroughSteps(ctx) {
  const { wb, page } = ctx;
  return [
    {
      name: 'walkthrough: "Cite ISCLS literature in a manuscript" opens from Welcome: Open Walkthrough',
      run: async () => {
        await wb.runCommand('Welcome: Open Walkthrough');
        const input = page.locator(SEL.quickInputBox);
        await input.fill('Cite ISCLS');
        await page.locator(SEL.quickInputRow, { hasText: 'Cite ISCLS literature in a manuscript' }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.press('Enter'); // the row is focused (a click races the list's hover tooltip)
        await page.locator('.gettingStartedContainer').getByText('Open a sample manuscript').first().waitFor({ timeout: 20_000 });
        await ctx.shot('walkthrough');
        ctx.state.walkthrough = true;
      },
    },
    {
      name: 'walkthrough step 1: its button opens the sample manuscript',
      needs: 'walkthrough',
      run: async () => {
        await page.locator('.gettingStartedContainer').getByText('Open a sample manuscript').first().click();
        await page.locator('.gettingStartedContainer').getByRole('button', { name: 'Open Sample Manuscript' }).first().click();
        await page.locator('.monaco-editor .view-lines', { hasText: 'Clarkson disease was first described' }).first().waitFor({ timeout: 20_000 });
        await ctx.shot('walkthrough-sample');
        ctx.state.sample = true;
      },
    },
    {
      name: 'walkthrough step 2: hovering a term of the sample shows its card',
      needs: 'sample',
      run: async () => {
        const text = await wb.hover('haemoconcentration');
        ctx.note(`walkthrough hover: ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
        check(/haemoconcentration|hemoconcentration/i.test(text) && DEFINITION.test(text), `no term card over "haemoconcentration": ${JSON.stringify(text.slice(0, 200))}`);
        await wb.dismissHover();
        await ctx.shot('walkthrough-hover');
      },
    },
  ];
}

/**
 * A key typed in the document is shown in the hover card as text, never as a link or HTML: the
 * variants found forging cards in VS Code 1.139 (a command: link planted through an autolink, a
 * file:/// link, a <span>), checked in the hover's real DOM. The files are written before the
 * workbench opens the folder, so quick open finds them at once.
 */
function forgedHoverSteps(ctx) {
  const { wb, page } = ctx;
  const variants = [
    // The exact reproducer: the engine now reads `<command:…>` as an autolink, so this is no citation
    // and no card of ours may appear (VS Code's own link hover may: it is not ours to check).
    { key: 'https://e.x/a<command:iscls.openSection?%5B%22overview%22%5D#>', card: false },
    // The same without the angle brackets: a citation, so a card, whose URL must not autolink.
    { key: 'https://e.x/a command:iscls.openSection?%5B%22overview%22%5D#', card: true },
    { key: 'file:///etc/passwd', card: true },
    { key: '<span>forgedspan</span>', card: true },
  ];
  variants.forEach((v, i) => writeFileSync(join(ctx.folder, `forged-${i + 1}.md`), `Claim [@{${v.key}}].\n`));
  return variants.map((v, i) => ({
    name: `forged keys: hovering [@{${v.key}}] ${v.card ? 'shows the key as text' : 'shows no card'}, with no link and no HTML`,
    run: async () => {
      await wb.openFile(`forged-${i + 1}.md`);
      // "@{" is outside the part VS Code's own link detection underlines in the editor.
      const text = await wb.hover('@{').catch((error) => (v.card ? Promise.reject(error) : ''));
      const dom = await page.locator(SEL.hover).last().evaluate((hover) => {
        const cards = [...hover.querySelectorAll('.rendered-markdown')].filter((el) => (el.textContent || '').includes('Unknown citation key'));
        const inCards = (selector) => cards.flatMap((card) => [...card.querySelectorAll(selector)]);
        return {
          cards: cards.length,
          links: inCards('a').map((a) => `${a.textContent} → ${a.getAttribute('data-href') || a.getAttribute('href') || ''}`),
          spans: inCards('span').filter((s) => s.textContent === 'forgedspan').length,
          code: inCards('code').map((c) => c.textContent),
          others: [...hover.querySelectorAll('a')].filter((a) => !cards.some((card) => card.contains(a))).map((a) => a.textContent),
        };
      }).catch(() => ({ cards: 0, links: [], spans: 0, code: [], others: [] }));
      ctx.note(`hover: ${JSON.stringify(text.slice(0, 120))}; DOM: ${dom.cards} card(s) of ours, links=${JSON.stringify(dom.links)} code=${JSON.stringify(dom.code)}; VS Code's own links: ${JSON.stringify(dom.others)}`);
      await ctx.shot(`forged-${i + 1}`);
      check(dom.links.length === 0, `our card holds links: ${JSON.stringify(dom.links)}`);
      check(dom.spans === 0, 'a <span> from the document became an element');
      if (v.card) {
        check(dom.cards >= 1, `no unknown-key card: ${JSON.stringify(text.slice(0, 200))}`);
        check(dom.code.includes(v.key), `the key is not shown literally in a code span: ${JSON.stringify(dom.code)}`);
      } else {
        check(dom.cards === 0, 'a card for text the engine does not read as a citation');
      }
      await wb.dismissHover();
    },
  }));
}

/**
 * The host the extension runs in, as "Developer: Show Running Extensions" tells it: "web worker" in
 * the web worker host (vscode.dev; forced here with `remote.extensionKind`), the remote's name in
 * code-server's Node.js host. `ctx.host` is what the run asked for ('node' unless told).
 */
function hostStep(ctx) {
  const { wb, page } = ctx;
  const host = ctx.host ?? 'node';
  return {
    name: `the extension runs in the ${host === 'web' ? 'web worker' : 'Node.js'} extension host (Running Extensions)`,
    run: async () => {
      await wb.runCommand('Developer: Show Running Extensions');
      await page.locator(SEL.runningExtensionRow).first().waitFor({ timeout: 20_000 });
      // The list is sorted by activation time and virtualised: scroll until our row is rendered.
      const row = page.locator(SEL.runningExtensionRow, { hasText: EXT.displayName }).first();
      const rows = page.locator(SEL.runningExtensionRow);
      for (let i = 0; i < 40 && !(await row.isVisible()); i++) {
        // The pointer over the list, low down: the editor's header can cover the first row (seen once in CI).
        await rows.last().hover({ timeout: 2_000 }).catch(() => rows.last().hover({ force: true }));
        await page.mouse.wheel(0, 300);
        await sleep(150);
      }
      await row.waitFor({ timeout: 5_000 });
      const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
      ctx.note(`Running Extensions: ${text}`);
      await ctx.shot(`running-extensions-${host}`);
      const inWorker = /web worker/i.test(text);
      check(host === 'web' ? inWorker : !inWorker, `expected the ${host} host, Running Extensions says: ${JSON.stringify(text)}`);
      await page.keyboard.press('Control+W');
    },
  };
}

/** The same folder opened as users meet it: Restricted Mode (workspace not trusted). */
export function restrictedSteps(ctx) {
  const { wb, page } = ctx;
  return [
    {
      name: 'restricted: workbench loads in Restricted Mode',
      run: async () => {
        await wb.open(ctx.url);
        const indicator = page.locator(`${SEL.restrictedMode}, .banner:has-text("Restricted Mode")`).first();
        await indicator.waitFor({ timeout: 20_000 });
        await ctx.shot('restricted-workbench');
      },
      fatal: true,
    },
    {
      name: `restricted: "${EXT.containerTitle}" is in the activity bar and its trees load`,
      run: async () => {
        await wb.openContainer(EXT.containerTitle);
        const topics = (await wb.treeRows(EXT.views.topics.title, { min: EXPECT.topics.length })).map((r) => r.text || r.label);
        for (const t of EXPECT.topics) check(topics.some((x) => x.includes(t)), `Topics tree has no "${t}" row in Restricted Mode (rows: ${JSON.stringify(topics)})`);
        const refs = (await wb.treeRows(EXT.views.references.title, { min: 3 })).map((r) => r.text || r.label);
        check(refs.slice(0, 3).some((x) => EXPECT.firstReference.test(x)), `References tree in Restricted Mode: ${JSON.stringify(refs.slice(0, 5))}`);
        await ctx.shot('restricted-sidebar');
      },
    },
    hostStep(ctx),
    {
      name: `restricted: "${EXT.views.myLibrary.title}" shows its welcome with "${EXPECT.library.addButton}"`,
      run: async () => {
        await wb.openContainer(EXT.containerTitle);
        await wb.expandPane(EXT.views.myLibrary.title);
        const button = page.locator(`${SEL.pane(EXT.views.myLibrary.title)} ${SEL.welcomeButton}`, { hasText: EXPECT.library.addButton }).first();
        await button.waitFor({ timeout: 20_000 });
        const text = (await page.locator(`${SEL.pane(EXT.views.myLibrary.title)} ${SEL.welcome}`).first().innerText()).replace(/\s+/g, ' ');
        ctx.note(`My Library welcome: ${text.slice(0, 160)}…`);
        check(/BibTeX/.test(text) && /never written/.test(text), `the welcome does not say what the view is: ${JSON.stringify(text)}`);
        await ctx.shot('restricted-my-library');
      },
    },
    {
      name: 'restricted: hover "hemoconcentration" still shows its card',
      run: async () => {
        await wb.openFile('manuscript.md');
        const text = await wb.hover('hemoconcentration');
        await ctx.shot('restricted-hover');
        check(EXPECT.hovers[1].concept.test(text) && DEFINITION.test(text), `hover card in Restricted Mode: ${JSON.stringify(text.slice(0, 300))}`);
        await wb.dismissHover();
      },
    },
  ];
}
