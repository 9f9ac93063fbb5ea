// The whole JS API over one of the package's WebAssembly modules (the core
// or the full one): plain JSON-shaped objects in and out. Every computation
// happens in WebAssembly; this file only turns objects into the contract's
// JSON text and back. `index.js`, `full.js` and `node.js` each make one.

/**
 * The API over `glue` (a wasm-bindgen module) whose WebAssembly is at
 * `wasmUrl()` unless `init()` is given another source.
 */
export function createApi(glue, wasmUrl) {
  let ready = false;

  let loading;

  /**
   * Loads the WebAssembly module (browsers) from `input` (a URL, a
   * Response, bytes or a compiled WebAssembly.Module; by default the file
   * beside the package). Safe to call more than once, and at once from
   * several places: every call waits for the first load.
   */
  function init(input) {
    if (ready) return Promise.resolve();
    loading ??= glue.default({ module_or_path: input === undefined ? wasmUrl() : input }).then(() => {
      ready = true;
    }, (error) => {
      loading = undefined; // a failed load (a network error) may be tried again
      throw error;
    });
    return loading;
  }

  /** Loads the WebAssembly module from its bytes, synchronously (Node, workers). */
  function initSync(bytes) {
    if (!ready) {
      glue.initSync({ module: bytes });
      ready = true;
    }
  }

  function notReady() {
    const e = new Error('chitieu is not initialised: await init() first');
    e.name = 'ChitieuError';
    e.code = 'not-initialised';
    e.path = '';
    return e;
  }

  // JSON.stringify would write NaN and Infinity as null: a silent change. They
  // are refused here, with the same error the Rust and Python packages give.
  function findNonFinite(value, path) {
    if (typeof value === 'number' && !Number.isFinite(value)) return [path, value];
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) {
        const found = findNonFinite(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** A ChitieuError made on the JS side, shaped as the core's. */
  function jsError(code, path, messageVi, messageEn) {
    const e = new Error(`${messageEn} (at ${path})`);
    Object.assign(e, {
      name: 'ChitieuError', code, path, line: null, column: null,
      messageVi: `${messageVi} (tại ${path})`, messageEn: e.message,
    });
    return e;
  }

  // A JS string may hold a lone surrogate, which no UTF-8 text can: crossing
  // into WebAssembly would silently turn it into U+FFFD. It is an error at its
  // position instead, the same one Python raises.
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  function wellFormed(value, path) {
    if (typeof value !== 'string') return value;
    const ok = typeof value.isWellFormed === 'function' ? value.isWellFormed() : !LONE_SURROGATE.test(value);
    if (ok) return value;
    const at = value.search(LONE_SURROGATE);
    const unit = `U+${value.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}`;
    throw jsError('invalid-value', path,
      `văn bản có ký tự thay thế đơn lẻ (${unit}) ở vị trí ${at}: không phải Unicode hợp lệ`,
      `the text holds a lone surrogate (${unit}) at character ${at}: not valid Unicode`);
  }

  function text(value) {
    if (typeof value === 'string') return wellFormed(value, '$');
    if (value === null || typeof value !== 'object') {
      throw jsError('wrong-type', '$', `cần một đối tượng hoặc văn bản JSON, không phải ${value === null ? 'null' : typeof value}`,
        `expected an object or JSON text, not ${value === null ? 'null' : typeof value}`);
    }
    let nonFinite = false;
    let json;
    try {
      json = JSON.stringify(value, (_key, item) => {
        if (typeof item === 'number' && !Number.isFinite(item)) nonFinite = true;
        return item;
      });
    } catch (e) {
      // A BigInt or a cycle: JSON cannot hold it.
      const what = /BigInt/i.test(String(e)) ? 'BigInt' : 'cycle';
      const vi = what === 'BigInt' ? 'một số BigInt không ghi được thành JSON (hãy dùng chuỗi số chính xác)' : 'đối tượng có vòng lặp tham chiếu, không ghi được thành JSON';
      const en = what === 'BigInt' ? 'a BigInt cannot be written as JSON (give it as an exact string)' : 'the object refers to itself and cannot be written as JSON';
      throw jsError('wrong-type', '$', vi, en);
    }
    if (nonFinite) {
      const [path, bad] = findNonFinite(value, '$');
      const e = new Error(`non-finite number \`${bad}\` (NaN or infinity) is not accepted (at ${path})`);
      Object.assign(e, {
        name: 'ChitieuError', code: 'non-finite-number', path, line: null, column: null,
        messageVi: `số không hữu hạn «${bad}» (NaN hoặc vô cực) không được chấp nhận (tại ${path})`,
        messageEn: e.message,
      });
      throw e;
    }
    return wellFormed(json, '$');
  }

  /** A date as `YYYY-MM-DD` (a `Date` is read in local time). */
  function isoDate(value) {
    if (value instanceof Date) {
      const pad = (n) => String(n).padStart(2, '0');
      return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
    }
    return value;
  }

  // Bumped each time the module is restarted after a trap: a Dataset made
  // before points into memory that no longer exists.
  let generation = 0;

  // A trap (out of memory, which Rust turns into `unreachable`) or a stack
  // overflow inside WebAssembly leaves the instance's memory and stack pointer
  // as they were at that moment, so every later call could fail. The module is
  // restarted at once, and the failure is reported as a ChitieuError.
  function trapped(e) {
    return e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
  }

  function call(f, ...args) {
    if (!ready) throw notReady();
    try {
      return f(...args);
    } catch (e) {
      if (!trapped(e)) throw e;
      glue.__wbg_reset_state();
      generation += 1;
      if (communes !== undefined) glue.installCommunes(communes);
      throw jsError('wasm-trap', '$',
        `mô-đun WebAssembly dừng giữa chừng (${e.message}), thường do hết bộ nhớ; mô-đun đã được khởi động lại, các Dataset tạo trước đó cần nạp lại`,
        `the WebAssembly module stopped mid-call (${e.message}), usually from running out of memory; it has been restarted, and Datasets made before must be loaded again`);
    }
  }

  /** Evaluates a request of the JSON contract: the same result as Rust and Python. */
  function evaluate(request) {
    const req = typeof request === 'string' || request === null || typeof request !== 'object'
      ? text(request)
      : text({ ...request, ...(Object.hasOwn(request, 'as_of') ? { as_of: isoDate(request.as_of) } : {}) });
    return JSON.parse(call(glue.evaluate, req));
  }

  /**
   * The caller's options with their own properties only: a property that an
   * object inherits (a polluted `Object.prototype.data`, say) is never read.
   */
  function own(options) {
    return options === undefined || options === null ? Object.create(null) : Object.assign(Object.create(null), options);
  }

  function source(options) {
    if (Object.hasOwn(options, 'data')) return { data: options.data };
    return { builtin: Object.hasOwn(options, 'builtin') ? options.builtin : 'project8' };
  }

  /**
   * The contract's `options` from the rest of a call's options: every own
   * property passes through, camelCase named as the contract names it
   * (`pacePeriod` → `pace_period`), so an option the contract does not know
   * is refused by it rather than dropped here.
   */
  function contractOptions(rest) {
    const out = {};
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) out[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }

  /** Progress of every indicator as of a date; every progress option of the contract passes through. */
  function progress(callOptions) {
    const options = own(callOptions);
    const { asOf, phase, area, invalid, data: _data, builtin: _builtin, ...rest } = options;
    return evaluate({ version: 1, op: 'progress', ...source(options), as_of: isoDate(asOf), phase, area, invalid, options: contractOptions(rest) }).result;
  }

  /** Every finding of every rule as of a date; every validation option of the contract passes through. */
  function validate(callOptions) {
    const options = own(callOptions);
    const { asOf, data: _data, builtin: _builtin, ...rest } = options;
    return evaluate({ version: 1, op: 'validate', ...source(options), as_of: isoDate(asOf), options: contractOptions(rest) }).result;
  }

  /** One indicator (or all) rolled up over time and over every area of the hierarchy. */
  function rollup(callOptions) {
    const options = own(callOptions);
    const { asOf, phase, indicator, invalid } = options;
    return evaluate({ version: 1, op: 'rollup', ...source(options), as_of: isoDate(asOf), phase, indicator, invalid }).result;
  }

  /** A data set in another area scheme; what cannot be mapped is in `unmapped`. */
  function rebase(callOptions) {
    const options = own(callOptions);
    const { crosswalk = { from: 'vn-2004', to: 'vn-2025' }, schemes, divided, weights } = options;
    // `divided` and `weights` belong to the crosswalk; JSON leaves out the undefined ones.
    return evaluate({ version: 1, op: 'rebase', ...source(options), crosswalk: { ...crosswalk, divided, weights }, schemes }).result;
  }

  /**
   * Reads a DHIS2 `dataValueSets` file — the JSON document (an object) or
   * DHIS2's CSV (text) — into the data set given (its framework and areas),
   * through `mapping`. The result has the data set, `imported`, `deleted`,
   * `problems` and `annotations`.
   */
  function readDhis2(dataValues, callOptions) {
    const options = own(callOptions);
    const { mapping, invalid } = options;
    const file = typeof dataValues === 'string' ? { csv: dataValues } : { json: dataValues };
    return evaluate({ version: 1, op: 'read-dhis2', ...source(options), ...file, mapping, invalid }).result;
  }

  /** A data set (or its roll-up to `levels`) as DHIS2 `dataValueSets` JSON or CSV, through `mapping`. */
  function writeDhis2(callOptions) {
    const options = own(callOptions);
    const { mapping, format, levels, annotations, invalid } = options;
    return evaluate({ version: 1, op: 'write-dhis2', ...source(options), mapping, options: contractOptions({ format, levels, annotations, invalid }) }).result;
  }

  /** DHIS2 validation rules (metadata) as user rules for `validate`; the others listed with the reason. */
  function dhis2Rules(rules, callOptions) {
    const options = own(callOptions);
    return evaluate({ version: 1, op: 'dhis2-rules', ...source(options), rules, mapping: options.mapping }).result;
  }

  /** The results as of a date as an IATI 2.03 activity file (XML text). */
  function writeIati(callOptions) {
    const options = own(callOptions);
    const { asOf, activity, invalid } = options;
    return evaluate({ version: 1, op: 'write-iati', ...source(options), as_of: isoDate(asOf), activity, invalid }).result.xml;
  }

  // The commune table's text once loaded: installed again after a reset.
  let communes;

  /**
   * Loads the districts and communes before and after 2025-07-01 (a separate
   * file, 139 KB gzipped, so pages that do not need it never download it).
   * `source` is the table's text, a URL, or nothing for the package's own
   * `data/vn-communes.tsv`. Safe to call more than once.
   */
  async function loadCommunes(source) {
    if (communes !== undefined) return;
    if (glue.installCommunes === undefined) throw notInBuild('load-communes');
    let table = source;
    if (typeof source !== 'string' || !source.includes('\t')) {
      const response = await fetch(source ?? new URL('../data/vn-communes.tsv', import.meta.url));
      table = await response.text();
    }
    installCommunes(table);
  }

  /** Installs the commune table from its text, synchronously (Node, workers). */
  function installCommunes(table) {
    if (communes !== undefined) return;
    if (!ready) throw notReady();
    if (glue.installCommunes === undefined) throw notInBuild('load-communes');
    glue.installCommunes(wellFormed(table, '$'));
    communes = table;
  }

  /** An area code or name in a scheme or on a date: '24' needs one of them. */
  function resolveArea(reference, callOptions) {
    const { scheme, asOf } = own(callOptions);
    return evaluate({ version: 1, op: 'resolve-area', reference, scheme, as_of: asOf === undefined ? undefined : isoDate(asOf) }).result;
  }

  /**
   * Many area codes or names in one call, against schemes read once: each
   * answer is the area, as `resolveArea` gives it, or `{ error }` for a
   * reference that does not resolve (its path names its index). A
   * reference is a string or `{ reference, scheme, asOf }`; `scheme` and
   * `asOf` are for those that give neither.
   */
  function resolveAreas(references, callOptions) {
    const { scheme, asOf } = own(callOptions);
    // A query object passes every own property on (camelCase named as the
    // contract names it), so one the contract does not know is refused.
    const query = (item) => {
      if (item === null || typeof item !== 'object') return { reference: item };
      const { asOf: date, ...rest } = own(item);
      return { ...contractOptions(rest), as_of: date === undefined ? undefined : isoDate(date) };
    };
    // Anything but an array goes as it is, for the contract to refuse at `$.queries`.
    const queries = Array.isArray(references) ? references.map(query) : references;
    return evaluate({ version: 1, op: 'resolve-areas', queries, scheme, as_of: asOf === undefined ? undefined : isoDate(asOf) }).result;
  }

  /** Splits an integer total over units (largest remainder or a divisor method); shares sum exactly. */
  function allocate(total, weights, callOptions) {
    const { floors = {}, caps = {}, method } = own(callOptions);
    // Own properties only: a unit coded `__proto__` is a unit like any other.
    const bound = (table, code) => (Object.hasOwn(table, code) ? table[code] : undefined);
    const units = Object.entries(weights).map(([code, weight]) => ({
      code,
      weight,
      ...(bound(floors, code) !== undefined ? { floor: bound(floors, code) } : {}),
      ...(bound(caps, code) !== undefined ? { cap: bound(caps, code) } : {}),
    }));
    return evaluate({ version: 1, op: 'allocate', total, units, options: method === undefined ? undefined : { method } }).result;
  }

  const points = (series) => (Array.isArray(series) ? series : Object.entries(series)).map(([period, value]) => ({ period: String(period), value }));
  const point = (pair) => (pair === undefined ? undefined : { period: String(pair[0]), value: pair[1] });

  /** A series' trend towards a target by a method. */
  function trend(series, target, callOptions) {
    const { baseline, direction, ...options } = own(callOptions);
    return evaluate({ version: 1, op: 'trend', series: points(series), target: point(target), baseline: point(baseline), direction, options }).result;
  }

  /** The expected-to-date value of a target, and where `achieved` stands against it. */
  function expected(target, asOf, callOptions) {
    const { achieved, baseline, direction, profile } = own(callOptions);
    return evaluate({
      version: 1, op: 'expected', target: point(target), as_of: isoDate(asOf), achieved, baseline: point(baseline), direction,
      options: profile === undefined ? undefined : { profile },
    }).result;
  }

  /** An integer table whose rows and columns sum exactly to the given totals. */
  function biproportional(rows, columns, weights) {
    const margins = (m) => Object.entries(m).map(([code, total]) => ({ code, total }));
    return evaluate({ version: 1, op: 'biproportional', rows: margins(rows), columns: margins(columns), weights }).result;
  }

  /** Scores of the sub-areas of an area and of the components at it. */
  function scores(callOptions) {
    const options = own(callOptions);
    const { asOf, phase, area, invalid, data: _data, builtin: _builtin, ...rest } = options;
    return evaluate({ version: 1, op: 'scores', ...source(options), as_of: isoDate(asOf), phase, area, invalid, options: contractOptions(rest) }).result;
  }

  /** Facts about a period: bounds, type, containment, periods elapsed and left. */
  function period(id, callOptions) {
    const { within, asOf } = own(callOptions);
    return evaluate({ version: 1, op: 'period', period: id, within, as_of: asOf === undefined ? undefined : isoDate(asOf) }).result;
  }

  /** Reads tidy CSV; `numberFormat` is 'vi' (7.623; 84,7) or 'en' (7,623; 84.7), never guessed. */
  function readCsv(csv, numberFormat) {
    return evaluate({ version: 1, op: 'read-csv', csv, number_format: numberFormat }).result;
  }

  /** A built-in data set: 'project8' or 'sample-province'. */
  function builtin(name = 'project8') {
    return evaluate({ version: 1, op: 'builtin', builtin: name }).result;
  }

  /** The built-in rule catalogue with texts and legal bases. */
  function rules() {
    return evaluate({ version: 1, op: 'rules' }).result;
  }

  /** The progress report as an HTML table (bars coloured by status): the `progress` request, drawn. */
  function progressHtml(callOptions) {
    const options = own(callOptions);
    const { asOf, phase, area, parts = false, data: _data, builtin: _builtin, ...rest } = options;
    const request = { version: 1, op: 'progress', ...source(options), as_of: isoDate(asOf), phase, area, options: contractOptions(rest) };
    return call(glue.evaluateHtml, text(request), 'vi', parts === true);
  }

  /** The findings as an HTML table (severity colours, legal bases): the `validate` request, drawn in `lang`. */
  function findingsHtml(callOptions) {
    const options = own(callOptions);
    const { asOf, lang = 'vi', parts = false, data: _data, builtin: _builtin, ...rest } = options;
    const request = { version: 1, op: 'validate', ...source(options), as_of: isoDate(asOf), options: contractOptions(rest) };
    return call(glue.evaluateHtml, text(request), wellFormed(lang, 'lang'), parts === true);
  }

  /** Writes a number in the Vietnamese (7.623; 84,7) or English (7,623; 84.7) format. */
  function formatNumber(value, lang = 'vi', decimals = 0) {
    // String(NaN) is 'NaN', which the core rejects as a non-finite number.
    return call(glue.formatNumber, wellFormed(String(value), 'value'), wellFormed(lang, 'lang'), decimals);
  }

  /**
   * A data set held inside the WebAssembly module: parsed once, then validated
   * or rolled up as often as needed without crossing the JS boundary again.
   * Call `free()` when done with a large one.
   */
  class Dataset {
    #raw;
    #generation;

    constructor(raw) {
      this.#raw = raw;
      this.#generation = generation;
    }

    /** The module's data set, or an error once `free()` or a restart released it. */
    #held() {
      if (this.#raw === null) {
        throw jsError('invalid-value', '$', 'bộ dữ liệu đã được giải phóng bằng free()', 'the data set was released by free()');
      }
      if (this.#generation !== generation) {
        throw jsError('wasm-trap', '$',
          'bộ dữ liệu mất khi mô-đun WebAssembly khởi động lại sau một lỗi; hãy nạp lại',
          'the data set was lost when the WebAssembly module restarted after a failure; load it again');
      }
      return this.#raw;
    }

    /** A data set from a JSON-shaped object or JSON text. */
    static fromJson(data) {
      return new Dataset(call((t) => glue.Dataset.fromJson(t), text(data)));
    }

    /** The same data set with its observations read from tidy CSV (`vi` or `en` numbers). */
    withCsv(csv, numberFormat) {
      return new Dataset(call(() => this.#held().withCsv(wellFormed(csv, 'csv'), wellFormed(numberFormat, 'numberFormat'))));
    }

    /** The number of observations. */
    get length() {
      return this.#held().length;
    }

    /** Every finding of every rule as of a date. */
    validate(asOf, options) {
      return JSON.parse(call(() => this.#held().validate(wellFormed(isoDate(asOf), 'asOf'), options === undefined ? undefined : text(options))));
    }

    /** Every indicator (or one) rolled up to every area. */
    rollup(asOf, callOptions) {
      const { phase, indicator, invalid } = own(callOptions);
      return JSON.parse(call(() => this.#held().rollup(wellFormed(isoDate(asOf), 'asOf'), wellFormed(phase, 'phase'), wellFormed(indicator, 'indicator'), wellFormed(invalid, 'invalid'))));
    }

    /** Releases the module memory it holds. */
    free() {
      // After a restart the pointer means nothing in the new memory: freeing
      // it there would corrupt the new instance.
      if (this.#raw !== null && this.#generation === generation) this.#raw.free();
      this.#raw = null;
    }
  }

  /**
   * Tidy CSV observations read into a data set's framework and areas
   * (`data`, or `builtin`, default `project8`) and validated as of `asOf`:
   * one call, so a Worker can take a whole province file.
   */
  function validateCsv(csv, callOptions) {
    const options = own(callOptions);
    const { asOf, numberFormat, data, builtin: name = 'project8', ...rest } = options;
    const base = Dataset.fromJson(Object.hasOwn(options, 'data') ? data : builtin(name));
    try {
      const read = base.withCsv(csv, numberFormat);
      try {
        return read.validate(asOf, contractOptions(rest));
      } finally {
        read.free();
      }
    } finally {
      base.free();
    }
  }

  /** An operation the core module leaves out: the same error the core gives. */
  function notInBuild(op) {
    return jsError('not-in-build', '$',
      `bản dựng này không có thao tác «${op}»: hãy import 'chitieu/full'`,
      `the operation \`${op}\` is not in this build: import 'chitieu/full'`);
  }

  return { init, initSync, isoDate, evaluate, progress, validate, rollup, rebase, readDhis2, writeDhis2, dhis2Rules, writeIati, loadCommunes, installCommunes, resolveArea, resolveAreas, allocate, trend, expected, biproportional, scores, period, readCsv, builtin, rules, progressHtml, findingsHtml, formatNumber, validateCsv, Dataset };
}
