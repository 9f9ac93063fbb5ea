// The fuzz campaign's kept inputs and regressions (fuzz/corpus, fuzz/regressions)
// replayed through the WebAssembly build, the way core/tests/fuzz_replay.rs
// replays them natively: every input gives a result or a ChitieuError with a
// documented code and a message in both languages, and after every failure
// the module still answers a real call correctly — a failure never leaves
// the instance unusable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, period, progress, readCsv } from '../js/node.js';

const fuzz = new URL('../../fuzz/', import.meta.url).pathname;
const codes = new Set(evaluate({ version: 1, op: 'error-codes' }).result);

/** The inputs kept for `target`, as text (the targets take UTF-8 only). */
function inputs(target) {
  const out = [];
  for (const dir of [join(fuzz, 'corpus', target), join(fuzz, 'regressions', target)]) {
    let names = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const bytes = readFileSync(join(dir, name));
      try {
        out.push([name, new TextDecoder('utf-8', { fatal: true }).decode(bytes)]);
      } catch {
        // Not UTF-8: the native targets skip it too.
      }
    }
  }
  return out;
}

/** Runs `call` on every input of `target`; counts the failures. */
function replay(target, call) {
  const cases = inputs(target);
  assert.ok(cases.length > 0, `no ${target} input to replay`);
  let failures = 0;
  for (const [name, text] of cases) {
    try {
      call(text);
    } catch (e) {
      failures += 1;
      assert.equal(e.name, 'ChitieuError', `${target}/${name}: ${e}`);
      assert.ok(codes.has(e.code), `${target}/${name}: undocumented code ${e.code}`);
      assert.ok(e.messageVi && e.messageEn, `${target}/${name}: a message in both languages`);
      assert.ok(e.messageEn.length < 8_000, `${target}/${name}: ${e.messageEn.length} bytes of message`);
      // The next call works, with the article's figure.
      assert.equal(progress({ asOf: '2023-12-31' }).rows[0].achieved.value, 7623, `${target}/${name}: unusable after the failure`);
    }
  }
  return { cases: cases.length, failures };
}

test('the contract corpus: any text to evaluate', (t) => {
  const { cases, failures } = replay('contract', (text) => evaluate(text));
  t.diagnostic(`${cases} inputs, ${failures} refused with a documented error`);
  assert.ok(failures > 0 && failures < cases, `${failures} of ${cases} failed`);
});

test('the csv corpus: any text as tidy CSV, both number formats', (t) => {
  for (const format of ['vi', 'en']) {
    const { cases, failures } = replay('csv', (text) => readCsv(text, format));
    t.diagnostic(`${format}: ${cases} inputs, ${failures} refused with a documented error`);
  }
});

test('the rule corpus: any text as a user rule', (t) => {
  const { cases, failures } = replay('rule', (text) => evaluate({ version: 1, op: 'parse-rule', builtin: 'project8', rule: { id: 'R.FUZZ', expression: text } }));
  t.diagnostic(`${cases} inputs, ${failures} refused with a documented error`);
});

test('the period corpus: any text as a period id', (t) => {
  const { cases, failures } = replay('period', (text) => period(text));
  t.diagnostic(`${cases} inputs, ${failures} refused with a documented error`);
});
