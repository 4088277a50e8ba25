// A small page object for VS Code's workbench in code-server, used as a person would use it:
// activity bar, tree views, quick open, command palette, hovering words, keyboard.
import { SEL } from './ui.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  async open(url, { timeout = 60_000 } = {}) {
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout });
    await this.page.waitForSelector(SEL.workbench, { timeout });
    await this.page.waitForSelector('.activitybar .action-label', { timeout });
    // The explorer (or any sidebar view) rendering means the workbench has restored its layout.
    await this.page.waitForSelector('.part.sidebar .pane-header', { timeout }).catch(() => {});
  }

  /** Click the activity-bar entry whose aria-label starts with `title`; wait for its side bar. */
  async openContainer(title, { timeout = 20_000 } = {}) {
    const entry = this.page.locator(SEL.activityBarEntry(title)).first();
    await entry.waitFor({ state: 'visible', timeout });
    const checked = await entry.evaluate((a) => a.closest('li')?.getAttribute('aria-pressed') === 'true' || a.closest('li')?.classList.contains('checked'));
    if (!checked) await entry.click();
    await this.page.waitForSelector(`.part.sidebar .composite.title h2:text-is("${title}"), .part.sidebar .title-label h2[title^="${title}"], .part.sidebar .title-label h2:has-text("${title}")`, { timeout }).catch(() => {});
  }

  /** Expand the view pane `title` if it is collapsed. */
  async expandPane(title, { timeout = 15_000 } = {}) {
    const header = this.page.locator(SEL.paneHeader(title)).first();
    await header.waitFor({ state: 'visible', timeout });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  }

  /**
   * The visible rows of the tree in view pane `title`, in screen order (the list is virtualized:
   * DOM order is not row order). Waits until at least `min` rows are there.
   */
  async treeRows(title, { min = 1, timeout = 20_000 } = {}) {
    await this.expandPane(title, { timeout });
    const rows = this.page.locator(`${SEL.pane(title)} ${SEL.treeRow}`);
    const deadline = Date.now() + timeout;
    for (;;) {
      const items = await rows.evaluateAll((els) =>
        els
          .map((el) => ({ top: el.getBoundingClientRect().top, text: (el.innerText || '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim(), label: el.getAttribute('aria-label') || '', level: Number(el.getAttribute('aria-level') || 0) }))
          .sort((a, b) => a.top - b.top),
      );
      if (items.length >= min && items.every((i) => i.text || i.label)) return items;
      if (Date.now() > deadline) return items;
      await sleep(150);
    }
  }

  /** Quick open (Ctrl+P) a file by name. */
  async openFile(name, { timeout = 20_000 } = {}) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(name);
    await this.page.locator(`${SEL.quickInputRow}:has-text("${name}")`).first().waitFor({ timeout });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`${SEL.activeTab}:has-text("${name}")`).waitFor({ timeout });
    await this.page.locator(`${SEL.editor}`).first().waitFor({ timeout });
    await this.page.waitForSelector(`${SEL.viewLine}`, { timeout });
    await this.focusEditor();
  }

  /** {@link openFile}, tried up to three times: on a loaded machine Quick Open may not list the file yet. */
  async openFileRetrying(name) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.openFile(name);
      } catch (error) {
        if (attempt === 3) throw error;
        await this.page.keyboard.press('Escape');
        await sleep(3000);
      }
    }
  }

  async focusEditor() {
    const focused = await this.page.evaluate(() => !!document.activeElement?.closest('.editor-instance .monaco-editor'));
    if (!focused) {
      // Clicking the active tab focuses its editor without moving the cursor.
      await this.page.locator(SEL.activeTab).first().click();
      await sleep(100);
    }
  }

  /**
   * Screen rectangle of the first occurrence of `phrase` (or its first word when the phrase is
   * split over tokens or wrapped lines) in the rendered editor lines.
   */
  async wordRect(phrase) {
    return this.page.evaluate(
      ({ phrase, sel }) => {
        const norm = (s) => s.replace(/\u00a0/g, ' ');
        const lines = [...document.querySelectorAll(sel)].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
        const tryFind = (needle) => {
          for (const line of lines) {
            const text = norm(line.textContent || '');
            let idx = text.indexOf(needle);
            if (idx < 0) idx = text.toLowerCase().indexOf(needle.toLowerCase());
            if (idx < 0) continue;
            // Map [idx, idx + needle.length) to text nodes.
            const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
            let pos = 0;
            let start, end;
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const len = n.textContent.length;
              if (!start && idx < pos + len) start = [n, idx - pos];
              if (start && idx + needle.length <= pos + len) {
                end = [n, idx + needle.length - pos];
                break;
              }
              pos += len;
            }
            if (!start || !end) continue;
            const range = document.createRange();
            range.setStart(...start);
            range.setEnd(...end);
            const rects = [...range.getClientRects()].filter((r) => r.width > 0);
            const r = rects[0];
            if (r) return { x: r.x, y: r.y, width: r.width, height: r.height, found: needle };
          }
          return null;
        };
        return tryFind(phrase) || tryFind(phrase.split(/\s+/)[0]);
      },
      { phrase, sel: SEL.viewLine },
    );
  }

  /** Hover `phrase` in the editor as a mouse would and return the hover card's text. */
  async hover(phrase, { timeout = 10_000 } = {}) {
    const rect = await this.wordRect(phrase);
    if (!rect) throw new Error(`"${phrase}" is not on screen in the editor`);
    // Mid-word, on the first word of the phrase (a multi-word rect may span tokens).
    const firstWordWidth = Math.min(rect.width, (rect.width * phrase.split(/\s+/)[0].length) / rect.found.length);
    const x = rect.x + firstWordWidth / 2;
    const y = rect.y + rect.height / 2;
    const hover = this.page.locator(SEL.hover).filter({ hasText: /\S/ }).last();
    const deadline = Date.now() + timeout;
    let attempt = 0;
    while (Date.now() < deadline) {
      await this.page.mouse.move(x - 40, y + 60);
      await sleep(50);
      await this.page.mouse.move(x + (attempt % 3) * 2, y);
      await sleep(50);
      await this.page.mouse.move(x + (attempt % 3) * 2 + 1, y);
      try {
        await hover.waitFor({ state: 'visible', timeout: 2500 });
        await sleep(250); // let the card finish rendering (markdown, async parts)
        let text = (await hover.innerText()).replace(/\u00a0/g, ' ');
        // VS Code shows "Loading..." until every hover provider has answered (slow on a loaded machine).
        for (let i = 0; i < 40 && text.trim() === 'Loading...'; i++) {
          await sleep(250);
          text = (await hover.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
        }
        if (text.trim() && text.trim() !== 'Loading...') return text;
      } catch {}
      attempt++;
    }
    throw new Error(`no hover card appeared over "${phrase}" within ${timeout} ms`);
  }

  /**
   * The part of the window a README screenshot shows: the union of `parts` (CSS selectors,
   * locators, also inside webview frames, or { x, y, width, height } boxes in viewport pixels;
   * every visible element a locator matches counts), each first cut to `within` (a box or a
   * selector: the union of what it matches), then widened by `pad` as far as `within` and the
   * viewport allow.
   * Whole pixels, for page.screenshot({ clip }) at 1:1. Undefined when nothing is visible.
   */
  async region(parts, { pad = 0, within } = {}) {
    const boxesOf = async (part) => {
      if (part && typeof part === 'object' && 'width' in part && 'x' in part) return [part];
      const locator = typeof part === 'string' ? this.page.locator(part) : part;
      const boxes = await Promise.all((await locator.all()).map((el) => el.boundingBox().catch(() => null)));
      return boxes.filter((b) => b && b.width > 0 && b.height > 0);
    };
    const union = (boxes) => {
      if (!boxes.length) return undefined;
      const x = Math.min(...boxes.map((b) => b.x));
      const y = Math.min(...boxes.map((b) => b.y));
      return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
    };
    const intersect = (a, b) => {
      const x = Math.max(a.x, b.x);
      const y = Math.max(a.y, b.y);
      const width = Math.min(a.x + a.width, b.x + b.width) - x;
      const height = Math.min(a.y + a.height, b.y + b.height) - y;
      return width > 0 && height > 0 ? { x, y, width, height } : undefined;
    };
    const viewport = { x: 0, y: 0, ...this.page.viewportSize() };
    let limit = viewport;
    if (within) {
      const w = union(await boxesOf(within));
      if (!w) return undefined;
      limit = intersect(limit, w) ?? limit;
    }
    const boxes = (await Promise.all(parts.map(boxesOf))).flat().map((b) => intersect(b, limit)).filter(Boolean);
    const u = union(boxes);
    if (!u) return undefined;
    const padded = intersect({ x: u.x - pad, y: u.y - pad, width: u.width + 2 * pad, height: u.height + 2 * pad }, limit);
    const x = Math.floor(padded.x);
    const y = Math.floor(padded.y);
    return { x, y, width: Math.ceil(padded.x + padded.width) - x, height: Math.ceil(padded.y + padded.height) - y };
  }

  /** Park the mouse on the title bar and let any tooltip it left behind fade. */
  async restMouse() {
    await this.page.mouse.move(5, 5);
    await this.page.locator('.workbench-hover, .monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {});
    await sleep(300);
  }

  async dismissHover() {
    await this.page.mouse.move(5, 5);
    await this.page.keyboard.press('Escape');
    await this.page.locator(SEL.hover).first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {});
  }

  /** Go to `line` (1-based) with Ctrl+G and put the cursor at its end. */
  async gotoLineEnd(line) {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}`);
    await sleep(100);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 10_000 });
    await this.page.keyboard.press('End');
  }

  /** Run a command from the palette (F1) by its title, e.g. "ISCLS: Insert Citation". */
  async runCommand(title, { timeout = 15_000 } = {}) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(`>${title}`);
    // The row whose label is exactly the title (an ellipsis may follow): "Insert Citation…" must
    // not be confused with "Insert Citation of This Reference".
    const rows = this.page.locator(SEL.quickInputRow);
    const deadline = Date.now() + timeout;
    for (;;) {
      const index = await rows.evaluateAll((els, title) => {
        const norm = (s) => (s || '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
        const exact = (t) => t === title || t.startsWith(title + '…') || t.startsWith(title + '...') || t.startsWith(title + ' ') && !/^[A-Za-z]/.test(t.slice(title.length + 1));
        return els.findIndex((el) => {
          const label = norm(el.querySelector('.label-name, .monaco-icon-label .label-name')?.textContent || el.getAttribute('aria-label') || el.innerText);
          return exact(label) || exact(norm(el.getAttribute('aria-label')));
        });
      }, title);
      if (index >= 0) {
        await rows.nth(index).click();
        return;
      }
      if (Date.now() > deadline) {
        const seen = await rows.allInnerTexts().catch(() => []);
        throw new Error(`command "${title}" is not in the command palette (rows: ${JSON.stringify(seen.slice(0, 6))})`);
      }
      await sleep(150);
    }
  }

  /**
   * In an open quick pick: type `query`, wait for rows, and pick the first row matching
   * `rowPattern` (else the first row). Returns the picked row's text and all rows seen.
   */
  async quickPick(query, rowPattern, { timeout = 15_000, beforePick, afterCheck } = {}) {
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(query);
    const rows = this.page.locator(SEL.quickInputRow);
    const deadline = Date.now() + timeout;
    let items = [];
    for (;;) {
      items = await rows.evaluateAll((els) =>
        els.map((el, i) => ({ i, top: el.getBoundingClientRect().top, text: (el.innerText || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim() })).sort((a, b) => a.top - b.top),
      );
      const matching = items.filter((r) => new RegExp(query.split(/\s+/)[0], 'i').test(r.text));
      if (matching.length > 0) break;
      if (Date.now() > deadline) throw new Error(`no quick-pick row for "${query}" (rows: ${JSON.stringify(items.map((r) => r.text))})`);
      await sleep(150);
    }
    await sleep(200); // the list may still be filtering
    items = await rows.evaluateAll((els) =>
      els.map((el, i) => ({ i, top: el.getBoundingClientRect().top, text: (el.innerText || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim() })).sort((a, b) => a.top - b.top),
    );
    if (beforePick) await beforePick(items);
    const target = (rowPattern && items.find((r) => rowPattern.test(r.text))) || items[0];
    await rows.nth(target.i).click();
    // A single-select pick closes on the click; a multi-select one (checkboxes, an OK button)
    // checks the row and stays open: Enter accepts what is checked. The citation pick adds the
    // clicked row to the citation being built and puts its "Insert" row on top: Enter inserts.
    await sleep(250);
    let multiSelect = false;
    const building = await this.page.locator(`${SEL.quickInputRow}:has-text("Insert ")`).first().isVisible().catch(() => false);
    if (building) {
      if (afterCheck) await afterCheck();
      await this.page.keyboard.press('Enter');
    } else if (await input.isVisible().catch(() => false)) {
      multiSelect = await this.page.locator(`${SEL.quickInput} .quick-input-check-all, ${SEL.quickInput} .quick-input-list-checkbox, ${SEL.quickInput} input[type=checkbox], ${SEL.quickInput} .monaco-custom-toggle.monaco-checkbox`).first().isVisible().catch(() => false);
      if (multiSelect) {
        if (afterCheck) await afterCheck();
        await this.page.keyboard.press('Enter');
      }
    }
    await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    return { picked: target.text, rows: items.map((r) => r.text), multiSelect };
  }

  /** Save the active editor (Ctrl+S) and wait until its tab is clean. */
  async save({ timeout = 10_000 } = {}) {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    await this.page.waitForFunction(() => !document.querySelector('.tabs-container .tab.active.dirty'), null, { timeout });
    await sleep(100);
  }

  async isDirty() {
    return this.page.evaluate(() => !!document.querySelector('.tabs-container .tab.active.dirty'));
  }

  async undo() {
    await this.focusEditor();
    await this.page.keyboard.press('Control+Z');
    await sleep(200);
  }

  async closeQuickInput() {
    if (await this.page.locator(SEL.quickInput).isVisible().catch(() => false)) await this.page.keyboard.press('Escape');
  }

  async notifications() {
    return this.page.locator(SEL.notificationsToasts).allInnerTexts().catch(() => []);
  }
}
