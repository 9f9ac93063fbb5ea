// The JS API over real data, and its errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  allocate, rollup, rebase, resolveArea, resolveAreas, builtin, evaluate, findingsHtml, formatNumber, period, progress, progressHtml, readCsv, rules, validate,
  Dataset,
} from '../js/node.js';

test('the article figures, in both languages', () => {
  const vi = progress({ builtin: 'project8', asOf: '2023-12-31' });
  const ccg = vi.rows[0];
  assert.equal(ccg.percent, '84.7');
  assert.equal(ccg.remaining, 1377);
  assert.equal(ccg.display.percent, '84,7%');
  const en = progress({ asOf: new Date(2023, 11, 31), lang: 'en' });
  assert.equal(en.rows[0].display.achieved, '7,623');
  assert.deepEqual(en.rows.map((r) => r.display.percent).filter((p) => p !== '—'), ['84.7%', '36.8%', '146.2%', '62.9%', '38.8%', '100.0%']);
});

test('validation of the sample province cites the law in force', () => {
  const result = validate({ builtin: 'sample-province', asOf: '2024-12-31' });
  assert.equal(result.summary.total, 10);
  const legal = result.findings.find((f) => f.rule === 'legal.savings-and-loan');
  assert.equal(legal.legal_basis[0].document, '32/2024/QH15');
  assert.match(findingsHtml({ builtin: 'sample-province', asOf: '2024-12-31', lang: 'en' }), /Art\. 15\.2 of the Law on Credit Institutions/);
});

test('progress HTML has a bar per indicator', () => {
  const html = progressHtml({ builtin: 'project8', asOf: '2023-12-31' });
  assert.equal(html.match(/<tr data-code=/g).length, 9);
  assert.match(html, /width:84\.7%/);
});

test('roll-ups over the area hierarchy', () => {
  const data = builtin('sample-province');
  // The sample's mistakes are errors of validation: a strict roll-up refuses
  // the first (a negative count), and says the way out.
  assert.throws(
    () => rollup({ data, asOf: '2024-12-31', indicator: 'P8.CCG' }),
    (e) => e.code === 'invalid-value' && e.path === '$.data.observations[5].value' && e.messageEn.includes('"invalid": "exclude"'),
  );
  const result = rollup({ data, asOf: '2024-12-31', indicator: 'P8.CCG', invalid: 'exclude' });
  const rows = Object.fromEntries(result.indicators[0].rows.map((r) => [r.area, r]));
  assert.equal(rows.MAU.value, 40);
  assert.equal(rows.MAU.origin, 'reported');
  assert.equal(rows.MAU.children.value, 43);
  assert.equal(rows.VN.value, 40);
});

test('allocation, periods, CSV and number formats', () => {
  assert.deepEqual(allocate(1377, { HG: 3, LC: 3, YB: 1 }).allocations.map((a) => a.allocated), [590, 590, 197]);
  const q = period('2024Q3', { within: '2021-2025', asOf: '2023-12-31' });
  assert.equal(q.remaining, 8);
  assert.equal(readCsv('indicator,area,period,value\nX,VN,2023,1.377\n', 'vi')[0].value, 1377);
  assert.equal(readCsv('indicator,area,period,value\nX,VN,2023,1.377\n', 'en')[0].value, '1.377');
  assert.equal(formatNumber(7623, 'vi'), '7.623');
  assert.equal(formatNumber('566/9', 'en', 1), '62.9');
  assert.equal(rules().length, 26);
  assert.equal(builtin('project8').observations.length, 8);
});

test('errors are JS Errors with code and path', () => {
  const bad = [
    [() => evaluate('{"version": 1, "op": "progress", "builtin": "project8", "as_of": "2023-02-30"}'), 'invalid-date', '$.as_of'],
    [() => evaluate({ version: 1, op: 'allocate', total: NaN, units: [] }), 'non-finite-number', '$.total'],
    [() => evaluate({ version: 1, op: 'period', period: '2024Q5' }), 'invalid-period', '$.period'],
    [() => evaluate({ version: 1, op: 'builtin', builtin: 'project9' }), 'unknown-code', '$.builtin'],
    [() => progress({ builtin: 'project8', asOf: 'yesterday' }), 'invalid-date', '$.as_of'],
    [() => formatNumber(Infinity), 'non-finite-number', '$.value'],
    [() => evaluate('{"version": 1, "op": '), 'json-syntax', '$.op'],
  ];
  for (const [f, code, path] of bad) {
    assert.throws(f, (e) => e instanceof Error && e.name === 'ChitieuError' && e.code === code && e.path === path && e.messageVi.length > 0);
  }
});

test('every core error code is in the ErrorCode type', () => {
  const dts = readFileSync(new URL('../js/index.d.ts', import.meta.url), 'utf8');
  const union = dts.match(/export type ErrorCode =([^;]*);/)[1];
  const declared = [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]).sort();
  const codes = evaluate({ version: 1, op: 'error-codes' }).result;
  assert.ok(codes.includes('unknown-code'));
  // A new code in the core without its place in the type fails here.
  assert.deepEqual(declared, [...codes].sort());
});

test('error paths are relative to what was passed', () => {
  const data = builtin('project8');
  data.observations[3].area = 'XX';
  const where = (f) => {
    try {
      f();
    } catch (e) {
      return [e.code, e.path];
    }
    return undefined;
  };
  // The function API takes an object with `data`; a Dataset is the data set itself.
  assert.deepEqual(where(() => rollup({ data, asOf: '2023-12-31' })), ['unknown-code', '$.data.observations[3].area']);
  assert.deepEqual(where(() => Dataset.fromJson(data).rollup('2023-12-31')), ['unknown-code', '$.observations[3].area']);
  assert.deepEqual(where(() => Dataset.fromJson(data).validate('2023-12-31', { disabled: ['no.such-rule'] })), ['unknown-code', 'options.disabled[0]']);
});

test('a hundred bad calls leave the module working', () => {
  let seed = 8;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = '{}[]":,0123456789.-eE truefalsnul\\u00e9ệ\n';
  for (let i = 0; i < 100; i += 1) {
    const text = Array.from({ length: 1 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    assert.throws(() => evaluate(text), (e) => e.name === 'ChitieuError' && typeof e.code === 'string');
  }
  const deep = `{"version": 1, "op": ${'['.repeat(100000)}`;
  assert.throws(() => evaluate(deep), (e) => e.code === 'json-syntax' && /recursion limit/.test(e.message));
  assert.equal(progress({ asOf: '2023-12-31' }).rows[0].remaining, 1377);
});

test('inputs are never mutated', () => {
  for (const name of ['sample-province', 'project8']) {
    const data = builtin(name);
    const before = JSON.stringify(data);
    validate({ data, asOf: '2024-12-31' });
    findingsHtml({ data, asOf: '2024-12-31' });
    if (name === 'project8') progressHtml({ data, asOf: '2024-12-31' });
    assert.equal(JSON.stringify(data), before);
  }
});

test('the TypeScript types are complete and strict (no any)', () => {
  const dts = readFileSync(new URL('../js/index.d.ts', import.meta.url), 'utf8');
  assert.doesNotMatch(dts, /(:|<|\||,)\s*any\b/);
  const tsc = new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname;
  const project = new URL('./types.ts', import.meta.url).pathname;
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', project], { stdio: 'pipe' });
});

test('areas over time: codes by date, names in any form, re-basing', () => {
  assert.equal(resolveArea('24', { asOf: '2025-06-30' }).name.vi, 'Bắc Giang');
  assert.equal(resolveArea('24', { asOf: new Date(2025, 6, 1) }).name.vi, 'Bắc Ninh');
  assert.throws(() => resolveArea('24'), (e) => e.code === 'ambiguous' && /Bắc Giang.*Bắc Ninh/.test(e.messageVi));
  assert.equal(resolveArea('ha giang'.normalize('NFD')).code, '02');
  const data = {
    version: 1, builtin_framework: 'project8',
    areas: [{ code: 'VN', name: { vi: 'Việt Nam', en: 'Viet Nam' }, level: 'country' },
      { code: '10', name: { vi: 'Lào Cai', en: 'Lao Cai' }, level: 'province', parent: 'VN' },
      { code: '15', name: { vi: 'Yên Bái', en: 'Yen Bai' }, level: 'province', parent: 'VN' }],
    observations: [{ indicator: 'P8.CCG', area: '10', period: '2023', value: 120 }, { indicator: 'P8.CCG', area: '15', period: '2023', value: 80 }],
  };
  const result = rebase({ data });
  assert.deepEqual(result.data.observations.map((o) => [o.area, o.value]), [['15', 200]]);
  assert.equal(result.data.areas[1].name.vi, 'Lào Cai');
  assert.deepEqual(result.unmapped, []);
});

test('trend methods, expected-to-date targets and apportionment from JS', async () => {
  const { trend, expected, biproportional, scores } = await import('../js/node.js');
  // ESCAP-style weighted fit, worked by hand in tests/cases/trend-escap-weighted.json.
  const escap = trend({ 2021: 100, 2022: 100, 2023: 130 }, ['2025', 200], { method: 'escap-wls' });
  assert.equal(escap.projected, 163);
  assert.equal(escap.class, 'accelerate');
  // Open SDG: √1.21 − 1 over 2^(1/4) − 1.
  const open = trend([['2021', 100], ['2023', 121]], ['2025', 200], { method: 'open-sdg' });
  assert.ok(Math.abs(open.statistic - 0.1 / (2 ** 0.25 - 1)) < 1e-12);
  assert.equal(open.class, 'limited-progress');
  const e = expected(['2021-2025', 9000], '2024-06-30', { achieved: 6000, profile: { kind: 'quarters' } });
  assert.equal(e.expected, 6300);
  assert.equal(e.message.en, 'behind the expected 70% by 2024-06-30');
  assert.deepEqual(allocate(7, { A: 53, B: 24, C: 23 }, { method: 'sainte-lague' }).allocations.map((a) => a.allocated), [3, 2, 2]);
  const table = biproportional({ P1: 10, P2: 20 }, { 2024: 12, 2025: 18 }, [[1, 2], [1, 1]]);
  assert.deepEqual(table.values, [[3, 7], [9, 11]]);
  // Row 1 can only fill column 1, so row 2 must take column 2: once
  // refused as infeasible though this table meets both margins.
  assert.deepEqual(biproportional({ R1: 1, R2: 1 }, { C1: 1, C2: 1 }, [[1, 0], [1, 1]]).values, [[1, 0], [0, 1]]);
  const s = scores({ builtin: 'project8', asOf: '2023-12-31' });
  assert.equal(typeof s.overall.targeted, 'number');
  assert.throws(() => trend({ 2021: 1, '2022Q1': 2 }, ['2025', 5]), (err) => err.code === 'invalid-value' && err.path === '$.series[1].period');
});

test('a Dataset held in the module: CSV in, validation and roll-up out', async () => {
  const { Dataset } = await import('../js/node.js');
  const base = builtin('project8');
  const csv = 'indicator,area,period,value\nP8.CCG,VN,2023,7623\nP8.LEADERS,VN,2023,-5\n';
  const data = Dataset.fromJson({ ...base, observations: [] }).withCsv(csv, 'en');
  assert.equal(data.length, 2);
  const report = data.validate('2023-12-31');
  assert.ok(report.findings.some((f) => f.rule === 'value.negative'));
  // -5 clubs cannot count: strict refuses it in JavaScript's words…
  assert.throws(
    () => data.rollup('2023-12-31', { indicator: 'P8.CCG' }),
    (e) => e.code === 'invalid-value' && e.path === '$.observations[1].value'
      && e.messageEn.endsWith('to see every problem: validate(); to compute on the valid rows: { invalid: "exclude" }'),
  );
  // …and the valid rows roll up when asked.
  const rolled = data.rollup('2023-12-31', { indicator: 'P8.CCG', invalid: 'exclude' });
  assert.equal(rolled.indicators[0].rows.find((r) => r.area === 'VN').value, 7623);
  assert.throws(() => data.withCsv(csv, 'fr'), (err) => err.code === 'invalid-value' && err.path === 'number_format');
  data.free();
});

test('every contract option passes through, and unknown ones are refused', () => {
  const profile = { kind: 'quarters' };
  const row = progress({ builtin: 'project8', asOf: '2023-12-31', expected: profile, basicallyAchievedPercent: 80 }).rows[0];
  assert.equal(row.expected.expected, 5400);
  const direct = evaluate({ version: 1, op: 'progress', builtin: 'project8', as_of: '2023-12-31', options: { expected: profile } });
  assert.deepEqual(row.expected, direct.result.rows[0].expected);
  assert.throws(() => progress({ asOf: '2023-12-31', colour: 'red' }), (e) => e.code === 'unknown-field' && e.path === '$.options.colour');
  assert.throws(() => progress({ asOf: '2023-12-31', lang: 'fr' }), (e) => e.code === 'unknown-variant' && e.path === '$.options.lang');
  assert.throws(() => findingsHtml({ asOf: '2023-12-31', lang: 'fr' }), (e) => e.code === 'unknown-variant' && e.path === '$.lang');
  assert.throws(() => formatNumber(1, 'fr'), (e) => e.code === 'unknown-variant' && e.path === '$.lang');
  const eligibility = { 'community-communication-group': ['region-iii'] };
  assert.ok(validate({ builtin: 'sample-province', asOf: '2024-12-31', eligibility }).summary.total >= 1);
});

test('long operator chains in a rule neither overflow the stack nor break the module', () => {
  const eight = `${Array(4000).fill('1').join('+')}<0`;
  for (let i = 0; i < 6; i += 1) {
    const parsed = evaluate({ version: 1, op: 'parse-rule', builtin: 'project8', rule: { id: 'R.LONG', expression: eight } });
    assert.equal(parsed.result.operator, '<');
  }
  const long = `${Array(100000).fill('#{P8.CCG}').join('+')}<0`;
  const fired = validate({ asOf: '2023-12-31', rules: [{ id: 'R.LONG', expression: long }] }).findings.filter((f) => f.rule === 'R.LONG');
  assert.equal(fired.length, 1);
  assert.equal(fired[0].left, 762300000);
  assert.equal(progress({ asOf: '2023-12-31' }).rows[0].remaining, 1377);
});

test('only own properties are read: a unit coded __proto__, a polluted prototype', () => {
  const weights = JSON.parse('{"__proto__": 3, "LC": 3, "YB": 1}');
  const floors = JSON.parse('{"__proto__": 600}');
  const shares = allocate(1377, weights, { floors }).allocations.map((a) => [a.code, a.allocated]);
  // The floor binds: 777 left for LC and YB at 3:1, 582.75 and 194.25; the unit left over goes to LC.
  assert.deepEqual(shares, [['__proto__', 600], ['LC', 583], ['YB', 194]]);
  Object.prototype.data = { version: 1, framework: {} };
  Object.prototype.floors = { LC: 1000 };
  Object.prototype.phase = 'no-such-phase';
  try {
    assert.equal(progress({ asOf: '2023-12-31' }).rows[0].remaining, 1377);
    assert.deepEqual(allocate(10, { A: 1, B: 1 }).allocations.map((a) => a.allocated), [5, 5]);
  } finally {
    delete Object.prototype.data;
    delete Object.prototype.floors;
    delete Object.prototype.phase;
  }
});

test('inputs JSON cannot hold are ChitieuErrors with a code, and so is a freed Dataset', () => {
  const cyclic = { version: 1, op: 'rules' };
  cyclic.self = cyclic;
  const cases = [
    () => evaluate(null),
    () => evaluate(42),
    () => evaluate({ version: 1, op: 'allocate', total: 10n, units: [] }),
    () => evaluate(cyclic),
  ];
  for (const f of cases) {
    assert.throws(f, (e) => e.name === 'ChitieuError' && e.code === 'wrong-type' && e.path === '$' && e.messageVi.length > 0);
  }
  // No options at all: the date the report needs is missing, said as such.
  assert.throws(() => progress(null), (e) => e.code === 'missing-field' && e.path === '$.as_of');
  const data = Dataset.fromJson(builtin('project8'));
  data.free();
  data.free();
  assert.throws(() => data.rollup('2023-12-31'), (e) => e.name === 'ChitieuError' && e.code === 'invalid-value');
  assert.throws(() => data.length, (e) => e.code === 'invalid-value');
  assert.equal(progress({ asOf: '2023-12-31' }).rows[0].remaining, 1377);
});

test('many areas in one call: one answer each, in order, errors at their index', () => {
  const answers = resolveAreas(
    ['24', { reference: '24', asOf: new Date(2025, 6, 1) }, 'ha giang'.normalize('NFD'), 'Atlantis', { reference: '24', scheme: 'vn-1975' }],
    { asOf: '2025-06-30' },
  );
  assert.deepEqual(answers.slice(0, 3).map((a) => [a.scheme, a.code, a.name.vi]),
    [['vn-2004', '24', 'Bắc Giang'], ['vn-2025', '24', 'Bắc Ninh'], ['vn-2004', '02', 'Hà Giang']]);
  assert.deepEqual(answers.slice(3).map((a) => [a.error.code, a.error.path]),
    [['unknown-code', '$.queries[3].reference'], ['unknown-code', '$.queries[4].scheme']]);
  assert.match(answers[3].error.message.vi, /tại \$\.queries\[3\]\.reference/);
  // The same answer as one at a time.
  assert.deepEqual(resolveAreas(['Hà Giang'], { scheme: 'vn-2004' })[0], resolveArea('Hà Giang', { scheme: 'vn-2004' }));
  assert.deepEqual(resolveAreas([]), []);
  // What is wrong with the request itself is thrown, at its place.
  assert.throws(() => resolveAreas(['24'], { scheme: 'vn-1975' }), (e) => e.code === 'unknown-code' && e.path === '$.scheme');
  assert.throws(() => resolveAreas([{ reference: '24', asof: '2025-07-01' }]), (e) => e.code === 'unknown-field' && e.path === '$.queries[0].asof');
  assert.throws(() => resolveAreas('24'), (e) => e.code === 'wrong-type' && e.path === '$.queries');
  assert.throws(() => resolveAreas([24]), (e) => e.code === 'wrong-type' && e.path === '$.queries[0].reference');
});

test('a scheme of one\'s own is refused when an area lies in itself', () => {
  const village = (code, parent) => ({ code, name: { vi: `Thôn ${code}`, en: code }, kind: 'village', ...(parent ? { parent } : {}) });
  const schemes = (areas) => ({ version: 1, schemes: [{ id: 'thon', name: { vi: 'Thôn', en: 'Villages' }, level: 'village', areas }] });
  const call = (areas) => evaluate({ version: 1, op: 'resolve-area', reference: 'A', schemes: schemes(areas) });
  assert.throws(() => call([village('A', 'B'), village('B', 'A')]),
    (e) => e.code === 'invalid-value' && e.path === '$.schemes.schemes[0].areas[0].parent' && /A → B → A/.test(e.messageEn) && /nằm trong chính nó/.test(e.messageVi));
  assert.throws(() => call([village('B'), village('A', 'A')]), (e) => e.path === '$.schemes.schemes[0].areas[1].parent');
  assert.equal(call([village('A', 'B'), village('B')]).result.within.vi, 'Thôn B');
});

test('lone surrogates are one clear error at every entry point', () => {
  const bad = 'P8.\uD800CCG';
  const data = Dataset.fromJson(builtin());
  const calls = [
    // Objects: JSON.stringify escapes the surrogate, the core names its path.
    [() => evaluate({ version: 1, op: 'resolve-area', reference: bad }), '$.reference'],
    [() => resolveArea(bad), '$.reference'],
    [() => readCsv(`indicator,area,period,value\n${bad},VN,2023,1\n`, 'vi'), '$.csv'],
    // Text: refused before it crosses into WebAssembly (where it would become U+FFFD).
    [() => evaluate(`{"version": 1, "op": "rules", "x": "${bad}"}`), '$'],
    [() => data.withCsv(`indicator,area,period,value\n${bad},VN,2023,1\n`, 'vi'), 'csv'],
    [() => data.rollup('2023-12-31', { indicator: bad }), 'indicator'],
    [() => data.validate('2023-12-31\uDFFF'), 'asOf'],
    [() => formatNumber(1, 'v\uDC00i'), 'lang'],
  ];
  for (const [f, path] of calls) {
    assert.throws(f, (e) => e.name === 'ChitieuError' && e.code === 'invalid-value' && e.path === path && /surrogate/.test(e.messageEn) && /thay thế đơn lẻ/.test(e.messageVi), String(f));
  }
  // A well-formed pair of surrogates is an ordinary character.
  assert.equal(resolveArea('Hà Giang', { scheme: 'vn-2004' }).code, '02');
  assert.throws(() => resolveArea('\uD83D\uDE00'), (e) => e.code === 'unknown-code');
});

test('dirty data: strict by default, computed on what is valid with invalid: exclude', () => {
  const csv = [
    'indicator,area,period,value',
    'P8.CCG,VN,2023,7623',
    'P8.CCG,VNN,2023,7623', // a typo in the area code
    'P8.CCG,VN,2023,7000', // the same key again: the first report is kept
    'P8.LEADERS,VN,2023,-5', // cannot count
    'P8.LEADERS,VN,2022,1132',
    '',
  ].join('\n');
  const data = Dataset.fromJson(builtin()).withCsv(csv, 'en');
  assert.throws(() => data.rollup('2023-12-31'), (e) => e.code === 'unknown-code' && e.path === '$.observations[1].area');
  const rolled = data.rollup('2023-12-31', { invalid: 'exclude' });
  const value = (code) => rolled.indicators.find((i) => i.indicator === code).rows[0].value;
  assert.equal(value('P8.CCG'), 7623);
  assert.equal(value('P8.LEADERS'), 1132);
  assert.equal(rolled.excluded.total, 3);
  assert.deepEqual(rolled.excluded.by_reason['unknown-area'].first, ['$.observations[1]']);
  assert.deepEqual(rolled.excluded.by_reason.duplicate.first, ['$.observations[2]']);
  assert.deepEqual(rolled.excluded.by_reason.negative.first, ['$.observations[3]']);
  assert.match(rolled.excluded.by_reason.duplicate.reason.vi, /giữ bản đầu tiên/);
  // The same through the contract, from an object.
  const report = progress({ data: JSON.parse(JSON.stringify(builtin())), asOf: '2023-12-31', invalid: 'exclude' });
  assert.equal(report.excluded.total, 0);
  assert.equal(report.rows[0].display.percent, '84,7%');
  assert.throws(() => data.rollup('2023-12-31', { invalid: 'skip' }), (e) => e.code === 'unknown-variant' && e.path === '$.invalid');
});
