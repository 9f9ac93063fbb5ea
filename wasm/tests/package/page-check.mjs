// Opens the esbuild bundle of page.js (built in the empty project by
// .ci/package) in headless Chromium and checks the figure it shows.
// Argument: the bundle's directory. Runs from the repository, so
// playwright-core comes from wasm/node_modules: the empty project holds
// only chitieu and esbuild.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { openPage } from '../browser.js';

const [dist] = process.argv.slice(2);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  let file = join(dist, normalize(new URL(req.url, 'http://x').pathname).replace(/^(\.\.[/\\])+/, ''));
  if (file.endsWith('/')) file = join(file, 'index.html');
  if (!file.startsWith(dist) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { page, problems, close } = await openPage();
try {
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.body.dataset.percent !== undefined, null, { timeout: 30_000 });
  assert.equal(await page.textContent('#percent'), '84,7%');
  assert.deepEqual(problems, []);
  console.log('  esbuild bundle in Chromium: 84,7%');
} finally {
  await close();
  server.close();
}
