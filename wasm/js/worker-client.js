// The API in a Web Worker, so a large file never freezes the page:
//
//   import { createWorker } from 'chitieu';
//   const worker = createWorker();
//   const report = await worker.validateCsv(csvText, { numberFormat: 'vi', asOf: '2024-12-31' });
//   worker.terminate();
//
// Every function of the API is there by name, returning a promise; errors
// arrive as ChitieuErrors with the same fields.

/** The error fields that cross from the worker. */
const FIELDS = ['name', 'message', 'code', 'path', 'line', 'column', 'messageVi', 'messageEn'];

function revive(fields) {
  const error = new Error(fields.message);
  for (const key of FIELDS) if (fields[key] !== undefined) error[key] = fields[key];
  return error;
}

/**
 * Starts a worker with the core module (or, with `{ full: true }`, the full
 * one; `wasm` is the module's URL when it is not beside the package).
 */
export function createWorker(options = {}) {
  // Written out so Vite and webpack 5 bundle the worker with no configuration.
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'chitieu' });
  const pending = new Map();
  let next = 0;
  worker.addEventListener('message', ({ data }) => {
    const call = pending.get(data.id);
    if (call === undefined) return;
    pending.delete(data.id);
    if (data.error) call.reject(revive(data.error));
    else call.resolve(data.result);
  });
  worker.addEventListener('error', (event) => {
    const error = revive({ name: 'ChitieuError', message: event.message || 'the worker failed', code: 'worker-error', path: '$' });
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  });
  const setup = { full: Boolean(options.full), wasm: options.wasm === undefined ? undefined : String(options.wasm) };
  const run = (name, args) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, name, args, setup });
  });
  return new Proxy({ terminate: () => worker.terminate(), worker }, {
    get(target, name) {
      if (Object.hasOwn(target, name) || typeof name !== 'string' || name === 'then') return target[name];
      return (...args) => run(name, args);
    },
  });
}
