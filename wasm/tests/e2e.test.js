// End to end in a real browser: the demo page served on 127.0.0.1, driven in
// Debian's headless Chromium. A report with known mistakes is validated; the
// findings and the progress figures shown are checked; a screenshot is kept
// in target/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chrome, openPage } from './browser.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const artefacts = fileURLToPath(new URL('../../target/e2e/', import.meta.url));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const readmeHtml = readme.match(/```html\n([\s\S]*?)```/)[1];

function serve() {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path === '/readme.html') {
      // The README's snippet, as a page beside a copy of the package at ./chitieu/.
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">${readmeHtml}`);
      return;
    }
    path = path.replace(/^\/chitieu\//, '/');
    let file = join(packageDir, path);
    if (file.endsWith('/')) file = join(file, 'index.html');
    if (!file.startsWith(packageDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the demo validates a report and shows progress', { skip: !existsSync(chrome) && `no browser at ${chrome}`, timeout: 120_000 }, async () => {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const { page, problems, close } = await openPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${base}/demo/`);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForSelector('chitieu-progress[data-state=ready]');

    const row = (code) => page.locator(`chitieu-progress tr[data-code="${code}"]`);
    assert.match(await row('P8.CCG').innerText(), /7\.623\s+9\.000\s+84,7%/);
    assert.match(await row('P8.TRUSTED').innerText(), /146,2%/);
    assert.equal(await row('P8.TRUSTED').getAttribute('data-status'), 'exceeded');
    assert.match(await row('P8.SAFE_MOTHERHOOD').innerText(), /10\/10/);

    await page.click('#validate');
    await page.waitForSelector('#findings table');
    assert.equal(await page.locator('#summary').getAttribute('data-errors'), '7');
    const negative = page.locator('#findings tr[data-rule="value.negative"]');
    assert.match(await negative.innerText(), /Địa chỉ tin cậy.*số âm \(-3\)/s);
    assert.equal(await page.locator('#findings tr[data-rule="reporting.unknown-indicator"]').count(), 1);

    await page.click('#lang-en');
    await page.waitForFunction(() => document.querySelector('chitieu-progress')?.shadowRoot?.textContent?.includes('84.7%'));
    assert.match(await page.locator('#summary').innerText(), /errors/);
    assert.match(await negative.innerText(), /the value is negative \(-3\)/);

    // A report with a malformed number is refused with the place of the mistake.
    await page.fill('#report', 'indicator,area,period,value\nP8.CCG,MAU,2024,7.6\n');
    await page.click('#validate');
    await page.waitForFunction(() => document.getElementById('summary').dataset.errors === 'input');
    assert.match(await page.locator('#summary').innerText(), /invalid-number \(value\)/);

    mkdirSync(artefacts, { recursive: true });
    await page.fill('#report', '');
    await page.click('#lang-vi');
    await page.evaluate(() => document.getElementById('report').value = '');
    await page.goto(`${base}/demo/`);
    await page.waitForSelector('chitieu-progress[data-state=ready]');
    await page.click('#validate');
    await page.waitForSelector('#findings table');
    await page.screenshot({ path: join(artefacts, 'demo.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await close();
    server.close();
  }
});

test('the README snippet works as written', { skip: !existsSync(chrome) && `no browser at ${chrome}`, timeout: 60_000 }, async () => {
  const server = await serve();
  const { page, problems, close } = await openPage();
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/readme.html`);
    await page.waitForFunction(() => document.querySelector('#percent')?.textContent !== '');
    assert.equal(await page.locator('#percent').innerText(), '84,7%');
    assert.equal(await page.locator('#findings').innerText(), '10 findings');
    await page.waitForSelector('chitieu-progress[data-state=ready]');
    assert.match(await page.locator('chitieu-progress table').innerText(), /7\.623/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
    server.close();
  }
});
