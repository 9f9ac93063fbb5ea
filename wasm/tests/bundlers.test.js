// The npm package, as packed, in a page built by Vite, webpack 5 and
// esbuild (the versions package.json pins) and with no bundler at all
// (an import map): each page shows the figures in Chromium, from the
// core module, and its <chitieu-progress> draws the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chrome, openPage } from './browser.js';
import { serveDirectory } from './static-server.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const appDir = fileURLToPath(new URL('./bundlers/', import.meta.url));
const work = fileURLToPath(new URL('../../target/bundlers/', import.meta.url));
const bin = (name) => join(packageDir, 'node_modules', '.bin', name);
const run = (command, args, cwd) => execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** A fresh app directory with the packed package installed in node_modules/chitieu. */
function app(name, tarball) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules', 'chitieu'), { recursive: true });
  run('tar', ['-xzf', tarball, '-C', join(dir, 'node_modules', 'chitieu'), '--strip-components=1'], dir);
  for (const file of ['index.html', 'main.js', 'main-esbuild.js']) cpSync(join(appDir, file), join(dir, file));
  return dir;
}

const builds = {
  vite(dir) {
    run(bin('vite'), ['build', '--outDir', 'dist', '--logLevel', 'warn'], dir);
    return join(dir, 'dist');
  },
  webpack(dir) {
    run(bin('webpack'), ['--mode', 'production', '--entry', './main.js', '--output-path', 'dist', '--no-stats'], dir);
    writeFileSync(join(dir, 'dist', 'index.html'),
      readFileSync(join(dir, 'index.html'), 'utf8').replace('type="module" src="./main.js"', 'src="./main.js"'));
    return join(dir, 'dist');
  },
  esbuild(dir) {
    run(bin('esbuild'), ['main-esbuild.js', '--bundle', '--format=esm', '--platform=browser', '--outfile=dist/main.js', '--log-level=warning'], dir);
    cpSync(join(dir, 'node_modules', 'chitieu', 'pkg', 'chitieu_core_bg.wasm'), join(dir, 'dist', 'chitieu_core_bg.wasm'));
    cpSync(join(dir, 'index.html'), join(dir, 'dist', 'index.html'));
    return join(dir, 'dist');
  },
  'no bundler'(dir) {
    const map = '<script type="importmap">{"imports": {"chitieu": "./node_modules/chitieu/js/index.js", "chitieu/element": "./node_modules/chitieu/js/element.js"}}</script>';
    writeFileSync(join(dir, 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('</head>', `${map}</head>`));
    return dir;
  },
};

const skip = !existsSync(chrome) && `no browser at ${chrome}`;
let tarball;

test('the package is packed once for every build', { skip }, () => {
  mkdirSync(work, { recursive: true });
  const name = run('npm', ['pack', '--silent', '--pack-destination', work], packageDir).toString().trim().split('\n').pop();
  tarball = join(work, name);
  assert.ok(existsSync(tarball), tarball);
});

for (const [name, build] of Object.entries(builds)) {
  test(`${name}: the page built with no configuration shows 84,7% and the table`, { skip, timeout: 180_000 }, async () => {
    const dist = build(app(name.replace(' ', '-'), tarball));
    const server = await serveDirectory(dist);
    const { page, problems, close } = await openPage();
    try {
      await page.goto(`${server.base}/`);
      await page.waitForSelector('body[data-percent]', { timeout: 30_000 });
      assert.equal(await page.locator('#percent').innerText(), '84,7%');
      await page.waitForSelector('chitieu-progress[data-state=ready]', { timeout: 30_000 });
      assert.match(await page.locator('chitieu-progress tr[data-code="P8.CCG"]').innerText(), /7\.623\s+9\.000\s+84,7%/);
      // Only the core module was fetched.
      const wasm = server.requests.filter((path) => path.endsWith('.wasm'));
      assert.equal(wasm.length, 1, wasm.join(', '));
      assert.doesNotMatch(wasm[0], /full/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
      await server.close();
    }
    if (name !== 'no bundler') {
      const shipped = readdirSync(dist, { recursive: true }).filter((file) => String(file).endsWith('.wasm'));
      assert.ok(shipped.length >= 1, `${name} shipped no .wasm`);
    }
  });
}
