// The worker's side of createWorker(): loads the module asked for once,
// then runs each call by name and posts back its result or its error.

let api;

async function load({ full, wasm }) {
  if (api === undefined) {
    // Two literal imports, so bundlers see both modules.
    const loaded = full ? await import('./full.js') : await import('./index.js');
    await loaded.init(wasm);
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
