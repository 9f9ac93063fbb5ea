// Headless Chromium for the end-to-end tests and the package check: one
// set of launch flags (this machine's network is closed, so Chromium's
// background connections are switched off), a fresh profile each time, and
// the page's errors collected for the test to assert on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the browser is (Debian's chromium unless CHROME_BIN says otherwise). */
export const chrome = process.env.CHROME_BIN ?? '/usr/bin/chromium';

/**
 * Opens a page in a fresh headless Chromium. Returns the page, the list of
 * page errors and console errors seen so far, and `close()`, which closes
 * the browser and removes its profile.
 */
export async function openPage(options = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'chitieu-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chrome,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    ...options,
  });
  const problems = [];
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, problems, close };
}
