// The core module (what `import 'chitieu'` loads in a browser) on every
// conformance case: the operations it carries answer exactly as the Rust
// core does; the optional ones are refused with `not-in-build`, naming the
// feature, after the same header checks as any request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as glue from '../pkg/chitieu_core.js';
import { createApi } from '../js/api.js';

const core = createApi(glue, () => undefined);
core.initSync(readFileSync(new URL('../pkg/chitieu_core_bg.wasm', import.meta.url)));

// The operations of each optional feature, as the issue of the browser
// package lists them (Op::feature in the core says the same).
const OPTIONAL = {
  allocate: 'methods', trend: 'methods', biproportional: 'methods',
  rebase: 'areas', 'resolve-area': 'areas', 'resolve-areas': 'areas', schemes: 'areas',
  'read-dhis2': 'exchange', 'write-dhis2': 'exchange', 'dhis2-rules': 'exchange', 'write-iati': 'exchange',
};

const root = new URL('../../', import.meta.url);
const casesDir = new URL('tests/cases/', root);
const rustDir = new URL('target/conformance/', root);
const cases = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort();

function outcome(request) {
  try {
    return { response: core.evaluate(request) };
  } catch (e) {
    return { error: { code: e.code, path: e.path, line: e.line, column: e.column, message: { vi: e.messageVi, en: e.messageEn } } };
  }
}

let refused = 0;
for (const name of cases) {
  test(name, () => {
    const testCase = JSON.parse(readFileSync(new URL(name, casesDir), 'utf8'));
    const request = testCase.request_text ?? testCase.request;
    const rust = JSON.parse(readFileSync(new URL(name, rustDir), 'utf8'));
    const got = outcome(request);
    const op = typeof request === 'string' ? request.match(/"op"\s*:\s*"([^"]*)"/)?.[1] : request?.op;
    // A request refused before its operation is read fails the same way in every build.
    const headerError = rust.error && ['$', '$.version', '$.op', ''].includes(rust.error.path ?? '');
    if (Object.hasOwn(OPTIONAL, op) && !headerError) {
      refused += 1;
      assert.equal(got.error?.code, 'not-in-build', JSON.stringify(got).slice(0, 300));
      assert.equal(got.error.path, '$.op');
      assert.match(got.error.message.en, new RegExp(`\`${op}\`.*feature \`${OPTIONAL[op]}\``));
      assert.match(got.error.message.vi, new RegExp(`«${op}».*«${OPTIONAL[op]}»`));
    } else {
      assert.deepEqual(got, rust);
    }
  });
}

test('the optional operations were among the cases, and the API keeps its shape', () => {
  assert.ok(refused >= 60, `${refused} cases refused`);
  assert.throws(() => core.trend([[2021, 1], [2022, 2]], [2025, 5]), (e) => e.code === 'not-in-build' && e.path === '$.op');
  assert.throws(() => core.installCommunes('a\tb'), (e) => e.code === 'not-in-build');
  assert.throws(() => core.resolveAreas(['24']), (e) => e.code === 'not-in-build' && /`resolve-areas`/.test(e.messageEn));
  assert.equal(core.progress({ builtin: 'project8', asOf: '2023-12-31' }).rows[0].display.percent, '84,7%');
});
