// The installed npm package from Node, in an empty project: the README's
// example and the error shape, nothing but `chitieu` in node_modules.
import assert from 'node:assert/strict';
import { progress, validate, allocate, loadCommunes, resolveArea } from 'chitieu';

const report = progress({ builtin: 'project8', asOf: '2023-12-31', lang: 'en' });
assert.equal(report.rows[0].display.percent, '84.7%');
const findings = validate({ builtin: 'sample-province', asOf: '2024-12-31' });
assert.ok(findings.summary.total > 0);
assert.deepEqual(allocate(1377, { HG: 3, LC: 3, YB: 1 }).allocations.map((a) => a.allocated), [590, 590, 197]);
assert.throws(() => progress({ builtin: 'project8', asOf: '2023-02-30' }),
  (e) => e.name === 'ChitieuError' && e.code === 'invalid-date' && e.messageVi.length > 0);
// The commune table ships beside the module and loads from the package.
await loadCommunes();
assert.equal(resolveArea('00001', { asOf: '2025-07-01' }).name.vi, 'Phường Hồng Hà');
console.log(`  node: 84.7%, ${findings.summary.total} findings on the sample report, communes loaded`);
