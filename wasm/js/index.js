// chitieu for the browser: the core module (progress, validation, CSV and
// JSON, display formats), small enough to load first. The trend methods,
// allocation, area schemes and DHIS2/IATI exchange are in `chitieu/full`,
// with the same API: here they throw `not-in-build`.
//
//   import { init, progress } from 'chitieu';
//   await init();
//   progress({ builtin: 'project8', asOf: '2023-12-31' }).rows[0].display.percent; // '84,7%'

import * as glue from '../pkg/chitieu_core.js';
import { createApi } from './api.js';

// A literal `new URL(…, import.meta.url)`: Vite and webpack 5 find it and
// ship the module with the bundle, with no configuration.
const api = createApi(glue, () => new URL('../pkg/chitieu_core_bg.wasm', import.meta.url));

export const {
  init, initSync, isoDate, evaluate, progress, validate, rollup, rebase, readDhis2, writeDhis2, dhis2Rules,
  writeIati, loadCommunes, installCommunes, resolveArea, resolveAreas, allocate, trend, expected, biproportional, scores,
  period, readCsv, builtin, rules, progressHtml, findingsHtml, formatNumber, validateCsv, Dataset,
} = api;

/** Which module this entry loads: `core` here, `full` in `chitieu/full`. */
export const build = 'core';

export { createWorker } from './worker-client.js';
