// The size of every file the npm package ships, raw and gzipped (level 9,
// what a web server's static compression gives at most), written to
// pkg/sizes.json for the README and the budget test.
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

const sizes = files.flatMap(expand).map((file) => {
  const bytes = readFileSync(join(here, file));
  return { file: file.replace(/\/+/g, '/'), bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
});
writeFileSync(join(here, 'pkg/sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
for (const { file, bytes, gzipped } of sizes) console.log(`${file}: ${bytes} bytes, ${gzipped} gzipped`);
