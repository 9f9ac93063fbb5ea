// Every conformance case in tests/cases through the WebAssembly package:
// the whole response (or error) equals the Rust core's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { evaluate, loadCommunes } from '../js/node.js';

// The commune table is a file of its own in the browser package.
await loadCommunes();

const root = new URL('../../', import.meta.url);
const casesDir = new URL('tests/cases/', root);
const rustDir = new URL('target/conformance/', root);
const good = { version: 1, op: 'progress', builtin: 'project8', as_of: '2023-12-31' };
const cases = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort();

test('there are at least 25 cases', () => {
  assert.ok(cases.length >= 25, `${cases.length} cases`);
});

for (const name of cases) {
  test(name, () => {
    const testCase = JSON.parse(readFileSync(new URL(name, casesDir), 'utf8'));
    let outcome;
    try {
      outcome = { response: evaluate(testCase.request_text ?? testCase.request) };
    } catch (e) {
      assert.equal(e.name, 'ChitieuError', String(e));
      outcome = { error: { code: e.code, path: e.path, line: e.line, column: e.column, message: { vi: e.messageVi, en: e.messageEn } } };
    }
    const rust = JSON.parse(readFileSync(new URL(name, rustDir), 'utf8'));
    assert.deepEqual(outcome, rust);
    // No failure leaves the module unusable: a good call still works.
    if (outcome.error) assert.equal(evaluate(good).result.rows[0].remaining, 1377);
  });
}
