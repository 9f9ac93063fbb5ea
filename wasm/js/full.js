// chitieu for the browser with every capability: the core's API plus the
// trend methods, allocation, area schemes and DHIS2/IATI exchange, in a
// larger module. Load it when a page needs them, e.g. only on a click:
//
//   const { init, trend } = await import('chitieu/full');
//   await init();

import * as glue from '../pkg/chitieu_full.js';
import { createApi } from './api.js';

const api = createApi(glue, () => new URL('../pkg/chitieu_full_bg.wasm', import.meta.url));

export const {
  init, initSync, isoDate, evaluate, progress, validate, rollup, rebase, readDhis2, writeDhis2, dhis2Rules,
  writeIati, loadCommunes, installCommunes, resolveArea, resolveAreas, allocate, trend, expected, biproportional, scores,
  period, readCsv, builtin, rules, progressHtml, findingsHtml, formatNumber, validateCsv, Dataset,
} = api;

/** Which module this entry loads. */
export const build = 'full';

export { createWorker } from './worker-client.js';
