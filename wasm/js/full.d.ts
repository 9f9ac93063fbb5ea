// `chitieu/full`: the same API as `chitieu`, over the full module.
export * from './index.js';
