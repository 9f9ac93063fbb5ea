// The size budget of what a page downloads before it shows a figure (the
// core module and its JS, gzipped), and the README's table of every
// shipped file, which must be the build's own measurement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { measure, table, CORE_DOWNLOAD } from '../build-sizes.mjs';

// This budget holds the size reached, so the core cannot grow unnoticed:
// lower it as it shrinks. It rose from 249,000 to 250,000 with the
// bounded expansion of template rules, the one judgement of figures that
// cannot count (with a strict refusal's way out) and the parsing of
// resolve-areas; then to 258,500 with completeness (the expected reports
// read and indexed, coverage on every rolled-up figure, the missing-report
// rule: 8.3 KB gzipped, a third of it their JSON readers) and the file
// line of each CSV row (measured in BENCHMARKS.md, 2026-12-08); and down
// to 257,500 when enums were named by their generated keys instead of
// through serde_json.
const CORE_BUDGET_GZIPPED = 257_500;

const sizes = measure();

test('the core download stays within its budget', () => {
  const core = sizes.filter((s) => CORE_DOWNLOAD.includes(s.file));
  assert.equal(core.length, CORE_DOWNLOAD.length);
  const gzipped = core.reduce((total, s) => total + s.gzipped, 0);
  assert.ok(gzipped <= CORE_BUDGET_GZIPPED, `core download ${gzipped} bytes gzipped > budget ${CORE_BUDGET_GZIPPED}`);
  // The optional capabilities are not in it.
  const coreWasm = readFileSync(new URL('../pkg/chitieu_core_bg.wasm', import.meta.url));
  for (const word of ['dataValues', 'iati-activities', 'huntington-hill', 'unsd-cagr', 'vn-2025']) {
    assert.equal(coreWasm.includes(Buffer.from(word)), false, `the core module holds ${word}`);
  }
  const fullWasm = readFileSync(new URL('../pkg/chitieu_full_bg.wasm', import.meta.url));
  assert.ok(fullWasm.includes(Buffer.from('dataValues')));
});

test('the README lists every shipped file with the sizes the build measures', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.match(/<!-- sizes:begin -->\n([\s\S]*?)\n<!-- sizes:end -->/)?.[1];
  assert.ok(section, 'README.md has no sizes table');
  // Rows by file; a build on another machine may differ by a few bytes
  // (paths in panic messages), so within 1%.
  const rows = new Map([...section.matchAll(/^\| `([^`]+)` \| ([\d,]+) \| ([\d,]+) \|$/gm)].map((m) => [m[1], [m[2], m[3]].map((x) => Number(x.replaceAll(',', '')))]));
  for (const { file, bytes, gzipped } of sizes) {
    assert.ok(rows.has(file), `README.md does not list ${file} (run: node wasm/build-sizes.mjs --readme)`);
    const [listed, listedGz] = rows.get(file);
    assert.ok(Math.abs(listed - bytes) <= bytes / 100 && Math.abs(listedGz - gzipped) <= gzipped / 100,
      `${file}: README says ${listed}/${listedGz}, the build gives ${bytes}/${gzipped} (run: node wasm/build-sizes.mjs --readme)`);
  }
  assert.equal(rows.size, sizes.length, 'README.md lists files the package does not ship');
  assert.ok(table(sizes).includes('core download'));
});
