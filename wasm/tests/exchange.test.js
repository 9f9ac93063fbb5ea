// DHIS2 and IATI from JavaScript: the same core, the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtin, readDhis2, writeDhis2, dhis2Rules, writeIati, validate } from '../js/node.js';

// The Project 8 framework and areas, without the article's figures.
const base = { ...builtin('project8'), observations: [] };

const mapping = {
  data_elements: [
    { uid: 'DUSpd8Jq3M7', category_option_combo: { uid: 'Prlt0C1RF0s' }, indicator: 'P8.CCG', disaggregation: { session: 'fixed' } },
    { uid: 'DUSpd8Jq3M7', category_option_combo: { uid: 'V6L425pT3A0' }, indicator: 'P8.CCG', disaggregation: { session: 'outreach' } },
  ],
  org_units: [{ uid: 'gP6hn503KUX', area: 'VN' }],
};
// The Web API guide's CSV example.
const csv = '"dataelement","period","orgunit","catoptcombo","attroptcombo","value","storedby","timestamp"\n'
  + '"DUSpd8Jq3M7","201202","gP6hn503KUX","Prlt0C1RF0s",,"7","bombali","2010-04-17"\n'
  + '"DUSpd8Jq3M7","201202","gP6hn503KUX","V6L425pT3A0",,"10","bombali","2010-04-17"\n';

test('DHIS2 CSV read, written as JSON and read back the same', () => {
  const read = readDhis2(csv, { data: base, mapping });
  assert.equal(read.imported, 2);
  assert.deepEqual(read.data.observations.map((o) => [o.disaggregation.session, o.value]), [['fixed', 7], ['outreach', 10]]);
  assert.deepEqual(read.annotations[1], { observation: 1, part: 'value', stored_by: 'bombali', last_updated: '2010-04-17' });
  const written = writeDhis2({ data: read.data, mapping, annotations: read.annotations });
  assert.deepEqual(written.json.dataValues[0], {
    dataElement: 'DUSpd8Jq3M7', period: '201202', orgUnit: 'gP6hn503KUX', categoryOptionCombo: 'Prlt0C1RF0s',
    value: '7', storedBy: 'bombali', lastUpdated: '2010-04-17',
  });
  const again = readDhis2(written.json, { data: base, mapping });
  assert.deepEqual(again.data, read.data);
  assert.deepEqual(again.annotations, read.annotations);
  // Rolled up to the country: nothing below it here, so the same values.
  assert.equal(writeDhis2({ data: read.data, mapping, format: 'csv' }).csv.split('\n')[0],
    'dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup');
});

test('DHIS2 problems name the value, in both languages', () => {
  assert.throws(() => readDhis2({ orgUnit: 'gP6hn503KUX', dataValues: [{ dataElement: 'nope', period: '2024', value: '1' }] }, { mapping }),
    (e) => e.name === 'ChitieuError' && e.code === 'unknown-code' && e.path === '$.json.dataValues[0].dataElement');
  assert.throws(() => readDhis2('DUSpd8Jq3M7,2024SunW2,gP6hn503KUX,Prlt0C1RF0s,,1\n', { mapping }),
    (e) => e.code === 'invalid-period' && e.line === 1 && /WeeklySunday/.test(e.messageEn) && /WeeklySunday/.test(e.messageVi));
});

test('DHIS2 rules convert and fire', () => {
  const read = readDhis2(csv, { data: base, mapping });
  const converted = dhis2Rules({ validationRules: [{
    id: 'fixedGeOut1', operator: 'greater_than_or_equal_to', importance: 'LOW',
    leftSide: { expression: '#{DUSpd8Jq3M7.Prlt0C1RF0s}' }, rightSide: { expression: '#{DUSpd8Jq3M7.V6L425pT3A0}' },
  }] }, { data: read.data, mapping });
  assert.deepEqual(converted.rules.map((r) => [r.expression, r.severity]), [['#{P8.CCG | session=fixed} >= #{P8.CCG | session=outreach}', 'info']]);
  // 7 fixed < 10 outreach.
  const fired = validate({ data: read.data, asOf: '2012-12-31', rules: converted.rules }).findings.filter((f) => f.rule === 'fixedGeOut1');
  assert.deepEqual(fired.map((f) => [f.left, f.right]), [[7, 10]]);
});

test('IATI results of Project 8', () => {
  const org = { ref: 'VN-WU', type: '22', name: { vi: 'Hội LHPN Việt Nam', en: "Viet Nam Women's Union" } };
  const xml = writeIati({ asOf: '2023-12-31', activity: {
    identifier: 'VN-WU-P8', reporting_org: org, description: { vi: 'Dự án 8', en: 'Project 8' }, participating_orgs: [{ ...org, role: '4' }],
  } });
  assert.match(xml, /<iati-activities version="2\.03"/);
  assert.match(xml, /<target value="9000"\/>\n\s*<actual value="7623">/);
  assert.equal(xml.match(/<indicator /g).length, 9);
});

// The security audit's reproducers (issue #42), as in core/tests/exchange.rs
// and py/tests/test_exchange_audit.py.
const audit = {
  data_elements: [{ uid: 'fbfJHSPpUQD', indicator: 'P8.CCG' }],
  org_units: [{ uid: 'ImspTQPwCqd', area: 'VN' }],
};

test('DHIS2 CSV: a quote never closed is refused at the quote, not read into one cell', () => {
  // Before: 1 imported, 0 problems, the two later rows inside storedBy.
  const csv = 'fbfJHSPpUQD,2020,ImspTQPwCqd,,,5,"admin\nfbfJHSPpUQD,2021,ImspTQPwCqd,,,6\nfbfJHSPpUQD,2022,ImspTQPwCqd,,,7\n';
  for (const invalid of ['error', 'exclude']) {
    assert.throws(() => readDhis2(csv, { data: base, mapping: audit, invalid }),
      (e) => e.name === 'ChitieuError' && e.code === 'csv-format' && e.path === 'csv' && e.line === 1 && e.column === 34
        && /never closed/.test(e.messageEn) && /không được đóng/.test(e.messageVi));
  }
  assert.equal(readDhis2(csv.replace('"admin', '"admin"'), { data: base, mapping: audit }).imported, 3);
});

test('DHIS2 periods outside the years 1000–9999 are problems at the DHIS2 value', () => {
  const read = readDhis2({ orgUnit: 'ImspTQPwCqd', dataValues: [
    { dataElement: 'fbfJHSPpUQD', period: '0001', value: '5' },
    { dataElement: 'fbfJHSPpUQD', period: '9999W52', value: '6' },
    { dataElement: 'fbfJHSPpUQD', period: '2022', value: '7' },
  ] }, { data: base, mapping: audit, invalid: 'exclude' });
  assert.equal(read.imported, 1);
  assert.deepEqual(read.problems.map((p) => [p.code, p.path]), [
    ['invalid-period', '$.json.dataValues[0].period'], ['invalid-period', '$.json.dataValues[1].period']]);
  assert.match(read.problems[1].message.en, /`9999W52`.*10000-01-02/);
  // Later operations take what was read (before: they failed at $.data.observations[0].period).
  assert.ok(validate({ data: read.data, asOf: '2023-12-31' }).findings);
  assert.throws(() => readDhis2('fbfJHSPpUQD,2022,ImspTQPwCqd,,,7\nfbfJHSPpUQD,0001,ImspTQPwCqd,,,5\n', { data: base, mapping: audit }),
    (e) => e.code === 'invalid-period' && e.path === 'period' && e.line === 2 && /1000–9999/.test(e.messageVi));
});

test('DHIS2 CSV: formula-like text cells are written after a quote mark and read back the same', () => {
  const read = readDhis2({ orgUnit: 'ImspTQPwCqd', dataValues: [
    { dataElement: 'fbfJHSPpUQD', period: '2024', value: '5', storedBy: '@SUM(1+1)', lastUpdated: "+cmd|' /C calc'!A0", comment: '=HYPERLINK("http://evil","x")' },
    { dataElement: 'fbfJHSPpUQD', period: '2023', value: '4', storedBy: '\tadmin', comment: '-2+3' },
  ] }, { data: base, mapping: audit });
  const { csv } = writeDhis2({ data: read.data, mapping: audit, format: 'csv', annotations: read.annotations });
  assert.deepEqual(csv.split('\n').slice(1), [
    'fbfJHSPpUQD,2024,ImspTQPwCqd,,,5,\'@SUM(1+1),\'+cmd|\' /C calc\'!A0,"\'=HYPERLINK(""http://evil"",""x"")",',
    "fbfJHSPpUQD,2023,ImspTQPwCqd,,,4,'\tadmin,,'-2+3,",
    '',
  ]);
  const again = readDhis2(csv, { data: base, mapping: audit });
  assert.deepEqual(again.annotations, read.annotations);
  assert.equal(again.annotations[0].comment, '=HYPERLINK("http://evil","x")');
});

test('IATI: a character XML 1.0 cannot hold is refused at its field, naming the code point', () => {
  const org = { ref: 'VN-WU', type: '22', name: { vi: 'Hội LHPN Việt Nam', en: "Viet Nam Women's Union" } };
  const activity = { identifier: 'VN-WU-P8', reporting_org: org, description: { vi: 'Dự án 8', en: 'Project 8' }, participating_orgs: [{ ...org, role: '4' }] };
  const cases = [
    [{ description: { vi: 'Dự án 8', en: 'Project 8\uFFFE' } }, '$.activity.description.en', 'U+FFFE', 10],
    [{ identifier: '\uFFFF' }, '$.activity.identifier', 'U+FFFF', 1],
    [{ reporting_org: { ...org, ref: 'VN-\u0001WU' } }, '$.activity.reporting_org.ref', 'U+0001', 4],
  ];
  for (const [change, path, code, column] of cases) {
    assert.throws(() => writeIati({ asOf: '2023-12-31', activity: { ...activity, ...change } }),
      (e) => e.code === 'invalid-value' && e.path === path && e.column === column && e.messageEn.includes(code) && e.messageVi.includes(code));
  }
  // Every other character is written, escaped where XML needs it.
  const xml = writeIati({ asOf: '2023-12-31', activity: { ...activity, identifier: 'a<&>\t\uFFFD😀' } });
  assert.match(xml, /<iati-identifier>a&lt;&amp;&gt;\t\uFFFD😀<\/iati-identifier>/u);
});

test('DHIS2 rules: a reason quotes a 1 MB uid cut to 500 characters, with its length', () => {
  const uid = 'a'.repeat(1_000_000);
  const converted = dhis2Rules([{ id: 'R1', operator: 'equal_to', leftSide: { expression: `#{${uid}}` }, rightSide: { expression: '1' } }],
    { data: base, mapping: audit });
  for (const reason of [converted.not_converted[0].reason.vi, converted.not_converted[0].reason.en]) {
    assert.ok(reason.length < 1_200, `${reason.length} characters`);
    assert.ok(reason.endsWith('a… (1000000 characters)'), reason.slice(-40));
  }
});
