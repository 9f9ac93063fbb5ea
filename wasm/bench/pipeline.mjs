// The WebAssembly side of the benchmark table, in Node (V8, the engine of
// Chromium): the same steps as the Rust `bench` example, on the shipped
// (size-optimised) build.
//
//   node wasm/bench/pipeline.mjs DIR SCALE
//
// Prints one JSON object: seconds per step and the peak resident memory
// (sampled after each step; it includes the module's linear memory).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Dataset } from '../js/node.js';

const [dir, scale] = process.argv.slice(2);
const asOf = '2025-12-31';
let peak = 0;
const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
const time = (f) => { const t = performance.now(); const out = f(); sample(); return [out, (performance.now() - t) / 1000]; };

const baseText = readFileSync(`${dir}/${scale}-base.json`, 'utf8');
const csv = readFileSync(`${dir}/${scale}.csv`, 'utf8');
const base = Dataset.fromJson(baseText);
// The first calls run V8's baseline code; a page that validates often runs
// the optimised tier. Both are reported: cold (first call) and warm.
const [cold, coldLoad] = time(() => base.withCsv(csv, 'en'));
const [, coldValidate] = time(() => cold.validate(asOf));
cold.free();
const [data, loadCsv] = time(() => base.withCsv(csv, 'en'));
const [report, validate] = time(() => data.validate(asOf));
const [rolled, rollup] = time(() => data.rollup(asOf, { invalid: 'exclude' }));
console.log(JSON.stringify({
  runtime: 'wasm',
  scale,
  observations: data.length,
  load_csv: +loadCsv.toFixed(4),
  validate: +validate.toFixed(4),
  rollup: +rollup.toFixed(4),
  cold_load_csv: +coldLoad.toFixed(4),
  cold_validate: +coldValidate.toFixed(4),
  findings: report.findings.length,
  rollup_rows: rolled.indicators.reduce((n, i) => n + i.rows.length, 0),
  peak_rss: peak,
}));
