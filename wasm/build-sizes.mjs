// The size of every file the npm package ships, raw and gzipped (level 9,
// what a web server's static compression gives at most): written to
// pkg/sizes.json, and with `--readme` into the README's table between its
// `sizes` markers. The budget test reads both.
import { readFileSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const { files } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

/** The files a `files` entry stands for (a directory's files, recursively). */
function expand(entry) {
  const path = join(here, entry);
  if (!statSync(path).isDirectory()) return [entry];
  return readdirSync(path).sort().flatMap((name) => expand(join(entry, name)));
}

/** `[{ file, bytes, gzipped }]` for every shipped file (package.json is added by npm). */
export function measure() {
  return ['package.json', ...files.flatMap(expand)].map((file) => {
    const bytes = readFileSync(join(here, file));
    return { file: file.replace(/\/+/g, '/'), bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  });
}

/** What a page that imports `chitieu` downloads before it shows a figure. */
export const CORE_DOWNLOAD = ['js/index.js', 'js/api.js', 'js/worker-client.js', 'pkg/chitieu_core.js', 'pkg/chitieu_core_bg.wasm'];

const n = (x) => x.toLocaleString('en-US');

/** The README's table of the measured sizes. */
export function table(sizes) {
  const core = sizes.filter((s) => CORE_DOWNLOAD.includes(s.file));
  const sum = (key) => core.reduce((total, s) => total + s[key], 0);
  return [
    '| file | bytes | gzipped |',
    '|---|---:|---:|',
    ...sizes.map((s) => `| \`${s.file}\` | ${n(s.bytes)} | ${n(s.gzipped)} |`),
    `| **core download** (${CORE_DOWNLOAD.map((f) => `\`${f.split('/').pop()}\``).join(' + ')}) | ${n(sum('bytes'))} | ${n(sum('gzipped'))} |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = measure();
  writeFileSync(join(here, 'pkg/sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
  for (const { file, bytes, gzipped } of sizes) console.log(`${file}: ${bytes} bytes, ${gzipped} gzipped`);
  if (process.argv.includes('--readme')) {
    const readme = join(here, '..', 'README.md');
    const text = readFileSync(readme, 'utf8');
    const updated = text.replace(/(<!-- sizes:begin -->)\n[\s\S]*?(<!-- sizes:end -->)/, `$1\n${table(sizes)}\n$2`);
    if (updated === text && !text.includes(table(sizes))) throw new Error('README.md has no sizes markers');
    writeFileSync(readme, updated);
  }
}
