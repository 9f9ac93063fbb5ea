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
