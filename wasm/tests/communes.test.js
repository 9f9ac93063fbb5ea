// The commune table: a file of its own beside the module, loaded on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCommunes, rebase, resolveArea, resolveAreas } from '../js/node.js';

const wasm = readFileSync(new URL('../pkg/chitieu_full_bg.wasm', import.meta.url));

test('the module does not carry the table, and knows provinces only until it is loaded', async () => {
  assert.equal(wasm.includes(Buffer.from('Phúc Xá')), false);
  assert.throws(() => resolveArea('00001', { asOf: '2025-06-30' }), (e) => e.code === 'unknown-code');
  await loadCommunes();
  await loadCommunes(); // a second call keeps the table
  const phucXa = resolveArea('00001', { asOf: '2025-06-30' });
  assert.equal(phucXa.name.vi, 'Phường Phúc Xá');
  assert.equal(phucXa.within.vi, 'Quận Ba Đình, Hà Nội');
  const hongHa = resolveArea('Phúc Xá, Ba Đình', { asOf: '2025-07-01' });
  assert.deepEqual([hongHa.code, hongHa.name.vi, hongHa.successor_of.code], ['00097', 'Phường Hồng Hà', '00001']);
});

test('communes many at a time: the same answers as one at a time', async () => {
  await loadCommunes();
  const references = ['00001', 'Phúc Xá, Ba Đình', 'Lũng Cú', { reference: '00001', asOf: '2025-07-01' }, 'Xã Hà Giang'];
  const answers = resolveAreas(references, { asOf: '2025-06-30' });
  assert.deepEqual(answers.slice(0, 4).map((a) => a.code), ['00001', '00001', '00715', '00097']);
  assert.equal(answers[3].successor_of.name.vi, 'Phường Phúc Xá');
  // Two communes were called Hà Giang: that answer is the error naming both.
  assert.equal(answers[4].error.code, 'ambiguous');
  assert.equal(answers[4].error.path, '$.queries[4].reference');
  assert.match(answers[4].error.message.en, /Huyện Đông Hưng, Thái Bình.*Huyện Hà Trung, Thanh Hóa/);
  for (const [i, reference] of references.entries()) {
    if (typeof reference === 'string' && answers[i].error === undefined) {
      assert.deepEqual(answers[i], resolveArea(reference, { asOf: '2025-06-30' }));
    }
  }
});

test('a divided commune by default, to its main part, and by the user\'s shares', async () => {
  await loadCommunes();
  const area = (code, vi, level, parent) => ({ code, name: { vi, en: vi }, level, ...(parent ? { parent } : {}) });
  const data = {
    version: 1, builtin_framework: 'project8',
    areas: [area('VN', 'Việt Nam', 'country'), area('02', 'Hà Giang', 'province', 'VN'),
      area('030', 'Huyện Vị Xuyên', 'district', '02'), area('00967', 'Xã Việt Lâm', 'commune', '030')],
    observations: [{ indicator: 'P8.CCG', area: '00967', period: '2024', value: 101 }],
  };
  const values = (result) => result.data.observations.map((o) => [o.area, o.value]);
  // Shares by surface 9266 : 8044 km²/100: 54.06 and 46.94 → 54 and 47.
  assert.deepEqual(values(rebase({ data })), [['00967', 54], ['00913', 47]]);
  assert.deepEqual(values(rebase({ data, divided: 'primary' })), [['00967', 101]]);
  const weights = [{ from: '00967', to: '00967', weight: '0.25' }, { from: '00967', to: '00913', weight: '0.75' }];
  assert.deepEqual(values(rebase({ data, weights })), [['00967', 25], ['00913', 76]]);
  assert.throws(() => rebase({ data, weights: weights.slice(1) }),
    (e) => e.code === 'invalid-value' && e.path === '$.crosswalk.weights[0]' && /0\.75/.test(e.messageEn));
  // A commune that exists nowhere is named where it is written, not ignored.
  assert.throws(() => rebase({ data, weights: [{ from: '99999', to: '00913' }] }),
    (e) => e.code === 'unknown-code' && e.path === '$.crosswalk.weights[0].from' && /99999/.test(e.messageVi));
  assert.throws(() => rebase({ data, weights: [{ from: '00967', to: '99999', weight: '0.5' }, { from: '00967', to: '00913', weight: '0.5' }] }),
    (e) => e.code === 'unknown-code' && e.path === '$.crosswalk.weights[0].to');
  // The same link twice: named at the second, not at an allocation unit.
  const half = { from: '00967', to: '00913', weight: '0.5' };
  assert.throws(() => rebase({ data, weights: [half, half] }),
    (e) => e.code === 'duplicate-key' && e.path === '$.crosswalk.weights[1]' && /crosswalk\.weights\[0\]/.test(e.messageEn));
});
