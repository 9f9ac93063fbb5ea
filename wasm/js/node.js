// Node entry: the full module (size matters little on a server), loaded
// synchronously at import, with the browser entries' API.
import { readFileSync } from 'node:fs';
import { initSync, installCommunes } from './full.js';

initSync(readFileSync(new URL('../pkg/chitieu_full_bg.wasm', import.meta.url)));

export * from './full.js';

/** Loads the package's commune table (or `source`'s text) from disk. */
export async function loadCommunes(source) {
  installCommunes(source ?? readFileSync(new URL('../data/vn-communes.tsv', import.meta.url), 'utf8'));
}
