// Every conformance case's output, as the Rust core wrote it, type-checks
// against index.d.ts under `tsc --strict`: one typed constant per case, so
// a field the core writes and the types do not declare (or the reverse, a
// required field the core leaves out) fails here — the way stubtest checks
// the Python stubs against the native module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const outputs = new URL('target/conformance/', root);
const dir = new URL('target/case-types/', root);
const types = new URL('wasm/js/index.js', root).pathname;

/** One constant per case: a response typed by its `op`, or an error. */
function declarations() {
  const names = readdirSync(outputs).filter((n) => n.endsWith('.json')).sort();
  const lines = [
    `import type { ChitieuResponse, ChitieuErrorObject } from ${JSON.stringify(types)};`,
  ];
  names.forEach((name, i) => {
    const outcome = JSON.parse(readFileSync(new URL(name, outputs), 'utf8'));
    const id = `case${i}`;
    if (outcome.response) {
      const op = JSON.stringify(outcome.response.op);
      lines.push(`// ${name}`, `export const ${id}: ChitieuResponse<${op}> = ${JSON.stringify(outcome.response)};`);
    } else {
      lines.push(`// ${name}`, `export const ${id}: ChitieuErrorObject = ${JSON.stringify(outcome.error)};`);
    }
  });
  return { count: names.length, text: lines.join('\n') + '\n' };
}

function tsc(file) {
  const bin = new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname;
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', file];
  try {
    execFileSync(process.execPath, [bin, ...args], { stdio: 'pipe', maxBuffer: 64 << 20 });
    return '';
  } catch (e) {
    return `${e.stdout}${e.stderr}`;
  }
}

test('every conformance output type-checks against index.d.ts', { timeout: 300_000 }, () => {
  const { count, text } = declarations();
  assert.ok(count >= 350, `only ${count} Rust outputs: run the Rust conformance test first`);
  mkdirSync(dir, { recursive: true });
  const file = new URL('cases.ts', dir).pathname;
  writeFileSync(file, text);
  const errors = tsc(file);
  assert.equal(errors, '', `outputs that the types do not describe:\n${errors.slice(0, 20_000)}`);
});

test('the check fails on an output the types do not describe', { timeout: 120_000 }, () => {
  mkdirSync(dir, { recursive: true });
  const file = new URL('drift.ts', dir).pathname;
  writeFileSync(file, [
    `import type { ChitieuResponse } from ${JSON.stringify(types)};`,
    'export const drift: ChitieuResponse<"check"> = { version: 1, op: "check", result: { indicators: 1, areas: 1, observations: 1, activities: 0, surprise: 1 } };',
  ].join('\n'));
  assert.match(tsc(file), /surprise/);
});
