// The commune table: a file of its own beside the module, loaded on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCommunes, rebase, resolveArea } from '../js/node.js';

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
});
