// Node entry: loads the WebAssembly module synchronously at import, then
// offers the same API as the browser module.
import { readFileSync } from 'node:fs';
import { initSync, installCommunes } from './index.js';

initSync(readFileSync(new URL('../pkg/chitieu_wasm_bg.wasm', import.meta.url)));

export * from './index.js';

/** Loads the package's commune table (or `source`'s text) from disk. */
export async function loadCommunes(source) {
  installCommunes(source ?? readFileSync(new URL('../data/vn-communes.tsv', import.meta.url), 'utf8'));
}
