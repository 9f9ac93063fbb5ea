// Running out of WebAssembly memory (Rust's allocator then traps with
// `unreachable`) must not leave the module unusable: the call fails with a
// ChitieuError, the module restarts, and only Datasets made before the
// restart are gone, each saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtin, formatNumber, progress, Dataset } from '../js/node.js';

test('out of memory: a ChitieuError, then the module works again', () => {
  const data = builtin();
  // 200 MB of source text per data set: wasm32 memory (4 GiB) runs out
  // after about fifteen of them held at once.
  data.observations[0].source = 'x'.repeat(200_000_000);
  const text = JSON.stringify(data);
  const held = [];
  let failure;
  for (let i = 0; i < 40 && failure === undefined; i++) {
    try {
      held.push(Dataset.fromJson(text));
    } catch (e) {
      failure = e;
    }
  }
  assert.ok(failure, 'memory never ran out');
  assert.equal(failure.name, 'ChitieuError');
  assert.equal(failure.code, 'wasm-trap');
  assert.match(failure.messageVi, /khởi động lại/);
  assert.ok(held.length >= 5, `only ${held.length} data sets fitted`);

  // The module answers again, with the article's figure.
  assert.equal(formatNumber(7623, 'vi'), '7.623');
  assert.equal(progress({ asOf: '2023-12-31' }).rows[0].display.percent, '84,7%');
  // A data set from before the restart says what happened, and free() on it is harmless.
  assert.throws(() => held[0].rollup('2023-12-31'), (e) => e.code === 'wasm-trap' && /load it again/.test(e.messageEn));
  for (const d of held) d.free();
  assert.throws(() => held[0].rollup('2023-12-31'), (e) => e.code === 'invalid-value');
  // A new one works, and does not share the old memory.
  const fresh = Dataset.fromJson(builtin());
  assert.equal(fresh.rollup('2023-12-31').indicators.length, 9);
  assert.equal(fresh.length, 8);
});
