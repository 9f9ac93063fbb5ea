// Node entry: loads the WebAssembly module synchronously at import, then
// offers the same API as the browser module.
import { readFileSync } from 'node:fs';
import { initSync } from './index.js';

initSync(readFileSync(new URL('../pkg/chitieu_wasm_bg.wasm', import.meta.url)));

export * from './index.js';
