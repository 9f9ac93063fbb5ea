// The browser package in Chromium beyond the figures: the elements' events,
// parts, theming, keyboard and print styles; accessibility checked by
// axe-core (0 violations); the demo fetching the full module only when it
// is used; and a 10 MB report validated in a worker while the page's timer
// keeps firing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chrome, openPage } from './browser.js';
import { serveDirectory } from './static-server.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const manifest = JSON.parse(readFileSync(new URL('../custom-elements.json', import.meta.url), 'utf8'));
const axeSource = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const skip = !existsSync(chrome) && `no browser at ${chrome}`;

async function withPage(path, check, options = {}) {
  const server = await serveDirectory(packageDir);
  const { page, problems, close } = await openPage(options);
  try {
    await page.goto(`${server.base}${path}`);
    await check(page, server);
    return problems;
  } finally {
    await close();
    await server.close();
  }
}

/** axe-core's violations on the page as it is (open shadow roots included). */
async function violations(page) {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => (await window.axe.run(document)).violations
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  return found;
}

test('elements: events bubble out of the shadow root with the error\'s code and both messages', { skip, timeout: 60_000 }, async () => {
  const problems = await withPage('/tests/pages/elements.html', async (page) => {
    await page.waitForFunction(() => window.events?.length === 4);
    const events = Object.fromEntries((await page.evaluate(() => window.events)).map((e) => [e.id, e]));
    assert.deepEqual(events.themed, { type: 'chitieu-ready', id: 'themed', bubbles: true, composed: true, detail: { rows: 9 } });
    assert.equal(events.findings.type, 'chitieu-ready');
    assert.equal(events.findings.detail.rows, 10);
    assert.equal(events.missing.type, 'chitieu-error');
    assert.equal(events.missing.detail.code, 'fetch-failed');
    assert.deepEqual([events['bad-date'].type, events['bad-date'].detail.code, events['bad-date'].detail.path], ['chitieu-error', 'invalid-date', '$.as_of']);
    assert.match(events['bad-date'].detail.messageVi, /ngày/);
    assert.match(events['bad-date'].detail.messageEn, /date/);
    assert.match(await page.locator('#bad-date [part~="message"]').innerText(), /ngày/);
  });
  // The failed fetch is the one error the console shows.
  assert.ok(problems.every((p) => /404/.test(p)), problems.join('\n'));
});

test('elements: parts and custom properties theme them, the manifest names what they draw', { skip, timeout: 60_000 }, async () => {
  await withPage('/tests/pages/elements.html', async (page) => {
    await page.waitForSelector('#themed[data-state=ready]');
    await page.waitForSelector('#findings[data-state=ready]');
    const style = await page.evaluate(() => {
      const root = document.querySelector('#themed').shadowRoot;
      const fill = root.querySelector('tr[data-code="P8.CCG"] [part~="bar-fill"]');
      return { fill: getComputedStyle(fill).backgroundColor, caption: getComputedStyle(root.querySelector('caption')).color };
    });
    assert.deepEqual(style, { fill: 'rgb(1, 2, 3)', caption: 'rgb(4, 5, 6)' });
    const bar = page.locator('#themed tr[data-code="P8.CCG"] [role=progressbar]');
    assert.equal(await bar.getAttribute('aria-valuenow'), '84.7');
    assert.equal(await bar.getAttribute('aria-valuetext'), '84,7%, đang thực hiện');
    assert.equal(await page.locator('#themed tr[data-code="P8.TRUSTED"] [role=progressbar]').getAttribute('aria-valuenow'), '100.0');
    // Every part drawn is in the manifest, for each element.
    for (const [id, tag] of [['themed', 'chitieu-progress'], ['findings', 'chitieu-findings']]) {
      const drawn = await page.evaluate((which) => [...new Set([...document.getElementById(which).shadowRoot.querySelectorAll('[part]')]
        .flatMap((el) => [...el.part]))], id);
      const declared = manifest.modules[0].declarations.find((d) => d.tagName === tag);
      const named = new Set(declared.cssParts.map((p) => p.name));
      const described = declared.cssParts.map((p) => p.description).join(' ');
      for (const part of drawn) assert.ok(named.has(part) || described.includes(part), `${tag}: part ${part} is not in custom-elements.json`);
      const sheet = readFileSync(new URL('../js/element.js', import.meta.url), 'utf8');
      for (const property of declared.cssProperties) assert.ok(sheet.includes(`var(${property.name},`), `${property.name} is not used`);
      assert.deepEqual(declared.attributes.map((a) => a.name).sort(),
        (tag === 'chitieu-progress' ? ['area', 'as-of', 'builtin', 'lang', 'phase', 'src'] : ['as-of', 'builtin', 'lang', 'src']));
    }
  });
});

test('elements: the table is reached by keyboard, and printed in black with its colours kept', { skip, timeout: 60_000 }, async () => {
  await withPage('/tests/pages/elements.html', async (page) => {
    await page.waitForSelector('#themed[data-state=ready]');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const host = document.activeElement;
      return [host.id, host.shadowRoot?.activeElement?.getAttribute('part')];
    });
    assert.deepEqual(focused, ['themed', 'scroller']);
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const root = document.querySelector('#themed').shadowRoot;
      return [getComputedStyle(root.host).color, getComputedStyle(root.querySelector('[part~="bar"]')).borderTopColor,
        getComputedStyle(root.querySelector('[part~="bar-fill"]')).printColorAdjust];
    });
    assert.deepEqual(printed, ['rgb(0, 0, 0)', 'rgb(0, 0, 0)', 'exact']);
  });
});

test('axe-core finds no violation in the elements or the demo, in both languages', { skip, timeout: 120_000 }, async () => {
  await withPage('/tests/pages/elements.html', async (page) => {
    await page.waitForSelector('#themed[data-state=ready]');
    await page.waitForSelector('#findings[data-state=ready]');
    await page.waitForSelector('#bad-date[data-state=error]');
    assert.deepEqual(await violations(page), []);
  });
  await withPage('/demo/', async (page) => {
    await page.waitForSelector('chitieu-progress[data-state=ready]');
    await page.click('#validate');
    await page.waitForSelector('#findings-table[data-state=ready]');
    await page.click('#split');
    await page.waitForSelector('#split-result[data-allocated]');
    assert.deepEqual(await violations(page), []);
    await page.click('#lang-en');
    await page.waitForFunction(() => document.querySelector('#findings-table')?.shadowRoot?.textContent?.includes('Severity'));
    assert.deepEqual(await violations(page), []);
  });
});

test('the demo shows the figures from the core module and fetches the full one only when used', { skip, timeout: 60_000 }, async () => {
  await withPage('/demo/', async (page, server) => {
    await page.waitForSelector('chitieu-progress[data-state=ready]');
    assert.match(await page.locator('chitieu-progress tr[data-code="P8.CCG"]').innerText(), /84,7%/);
    const wasm = () => server.requests.filter((p) => p.endsWith('.wasm'));
    assert.deepEqual(wasm(), ['/pkg/chitieu_core_bg.wasm']);
    await page.click('#split');
    await page.waitForSelector('#split-result[data-allocated]');
    assert.equal(await page.locator('#split-result').getAttribute('data-allocated'), '689,688');
    assert.match(await page.locator('#split-result').innerText(), /1\.377 tổ còn lại → 2024: 689 · 2025: 688/);
    assert.deepEqual(wasm(), ['/pkg/chitieu_core_bg.wasm', '/pkg/chitieu_full_bg.wasm']);
  });
});

test('a 10 MB report validated in a worker leaves the page responsive; on the page thread it does not', { skip, timeout: 120_000 }, async () => {
  await withPage('/tests/pages/worker.html', async (page) => {
    await page.waitForSelector('body[data-ready=true]', { state: 'attached' });
    const { bytes, off, on } = await page.evaluate(() => window.measure());
    console.log(`worker: ${JSON.stringify({ bytes, off, on })}`);
    assert.ok(bytes >= 10_000_000);
    assert.equal(off.findings, on.findings);
    // The timer (every 10 ms) kept firing while the worker validated...
    assert.ok(off.longestGap < 250, `the page froze for ${off.longestGap} ms with the worker`);
    assert.ok(off.ticks >= off.ms / 40, `${off.ticks} ticks in ${off.ms} ms`);
    // ...and the same work on the page's thread stops it for most of its
    // run, well past the bound above: the test can tell. (Relative to the
    // run, not a fixed time, so that faster validation keeps the control.)
    assert.ok(on.longestGap > Math.max(250, 0.7 * on.ms),
      `only ${on.longestGap} ms of ${on.ms} ms without the worker`);
  });
});
