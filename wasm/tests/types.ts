// Compiled with `tsc --strict --noEmit` by api.test.js: the declared types
// accept the package's documented uses and reject wrong ones.
import { allocate, evaluate, progress, rebase, resolveArea, resolveAreas, validate, type AreaAnswer, type ChitieuError, type DataSet, type Exact, type ProgressReport } from '../js/index.js';
import type { ChitieuProgress } from '../js/element.js';

const report: ProgressReport = progress({ builtin: 'project8', asOf: new Date(2023, 11, 31), lang: 'en' });
const first: string = report.rows[0].display.percent;
const shares: Exact[] = allocate(1377, { HG: 3, LC: 3 }).allocations.map((a) => a.allocated);
const response = evaluate({ version: 1, op: 'period', period: '2024Q3', within: '2021-2025' });
const remaining: number | null | undefined = response.result.remaining;
const data: DataSet = { version: 1, builtin_framework: 'project8', areas: [], observations: [{ indicator: 'P8.CCG', area: 'VN', period: '2023', value: 7623 }] };
const findings = validate({ data, asOf: '2024-12-31' }).findings.map((f) => f.message.vi);
try {
  evaluate('{}');
} catch (e) {
  const error = e as ChitieuError;
  const where: string = `${error.code} ${error.path}`;
  void where;
}
const element: ChitieuProgress | null = document.querySelector('chitieu-progress');
// @ts-expect-error: the language must be 'vi' or 'en'
progress({ asOf: '2023-12-31', lang: 'fr' });
const lost: string[] = rebase({ data }).unmapped.map((u) => u.reason.en);
const code: string = resolveArea('24', { asOf: '2025-07-01' }).code;
const answers: AreaAnswer[] = resolveAreas(['24', { reference: '02', asOf: new Date(2025, 5, 30) }], { scheme: 'vn-2004' });
const names: string[] = answers.map((a) => ('error' in a ? a.error.path : a.name.vi));
// @ts-expect-error: an answer may be an error, which has no name
const unchecked: string = answers[0].name.vi;
const batch = evaluate({ version: 1, op: 'resolve-areas', queries: [{ reference: '24', as_of: '2025-07-01' }] });
const firstAnswer: AreaAnswer = batch.result[0];
void [first, shares, remaining, findings, element, lost, code, names, unchecked, firstAnswer];

import { trend, expected, biproportional, type Trend, type Expected, type BiproportionalTable } from '../js/index.js';
const t: Trend = trend({ '2021': 100, '2023': 121 }, ['2025', 200], { method: 'unsd-cagr', thresholds: ['0.9', '0.5', 0] });
const cls: string | undefined = t.class;
const e: Expected = expected(['2021-2025', 9000], new Date(2024, 5, 30), { profile: { kind: 'years', shares: [10, 20, 30, 40, 0] } });
const b: BiproportionalTable = biproportional({ P1: 10 }, { Y: 10 }, [[1]]);
void cls; void e; void b;

import { createWorker, validateCsv, build } from '../js/index.js';
async function offThread(csv: string): Promise<number> {
  const worker = createWorker();
  const report = await worker.validateCsv(csv, { numberFormat: 'vi', asOf: '2024-12-31' });
  const same: number = validateCsv(csv, { numberFormat: 'vi', asOf: '2024-12-31' }).summary.total;
  // @ts-expect-error: a worker's results are promises
  const sync: number = worker.progress({ asOf: '2023-12-31' }).rows.length;
  worker.terminate();
  void [same, sync, build];
  return report.summary.total;
}
void offThread;
