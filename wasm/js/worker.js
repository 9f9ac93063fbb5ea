// The worker's side of createWorker(): loads the module asked for once,
// then runs each call by name and posts back its result or its error.
//
// Both entries are imported statically (their glue is small; only the
// WebAssembly asked for is fetched, by init): a worker without dynamic
// imports is one chunk, which every bundler builds with no configuration.
import * as core from './index.js';
import * as full from './full.js';

let api;

async function load(setup) {
  if (api === undefined) {
    const loaded = setup.full ? full : core;
    await loaded.init(setup.wasm);
    api = loaded;
  }
  return api;
}

self.addEventListener('message', async ({ data: { id, name, args, setup } }) => {
  try {
    const loaded = await load(setup);
    const f = Object.hasOwn(loaded, name) && name !== 'Dataset' && name !== 'createWorker' ? loaded[name] : undefined;
    if (typeof f !== 'function') {
      throw Object.assign(new Error(`chitieu has no function \`${name}\``), {
        name: 'ChitieuError', code: 'unknown-function', path: '$',
        messageVi: `chitieu không có hàm «${name}»`, messageEn: `chitieu has no function \`${name}\``,
      });
    }
    self.postMessage({ id, result: await f(...args) });
  } catch (e) {
    const error = {};
    for (const key of ['name', 'message', 'code', 'path', 'line', 'column', 'messageVi', 'messageEn']) {
      if (e !== null && typeof e === 'object' && e[key] !== undefined) error[key] = e[key];
    }
    if (error.message === undefined) error.message = String(e);
    self.postMessage({ id, error });
  }
});
