// Drop-in custom elements for portals:
//
//   <script type="module" src="…/chitieu/js/element.js"></script>
//   <chitieu-progress builtin="project8" as-of="2023-12-31" lang="vi"></chitieu-progress>
//   <chitieu-findings src="/reports/province.json" as-of="2024-12-31" lang="en"></chitieu-findings>
//
// Attributes: `builtin` (a built-in data set) or `src` (the URL of a data set
// in the JSON contract), `as-of` (YYYY-MM-DD, default today), `lang` (vi|en),
// and for <chitieu-progress> `area` and `phase`. The element re-renders when
// an attribute changes, and sets `data-state` to loading | ready | error.
// Setting the `data` property to a data-set object renders that instead.
//
// The table lives in a shadow root: the page's styles do not leak into it.
// Theme it with CSS custom properties on the element (--chitieu-font,
// --chitieu-text, --chitieu-border, --chitieu-bar-track, --chitieu-exceeded,
// --chitieu-achieved, --chitieu-in-progress, --chitieu-not-started,
// --chitieu-not-maintained, --chitieu-error, --chitieu-warning, --chitieu-info)
// or through its parts (`chitieu-progress::part(bar-fill)`); custom-elements.json
// lists them. It fires `chitieu-ready` and `chitieu-error` (bubbling and
// composed, so a listener on the document hears them).

import { init, progressHtml, findingsHtml, isoDate } from './index.js';

const STYLE = `
:host { display: block; font-family: var(--chitieu-font, system-ui, sans-serif); color: var(--chitieu-text, #1f1f1f);
  font-size: var(--chitieu-font-size, 14px); }
:host([hidden]) { display: none; }
[part~="scroller"] { overflow-x: auto; }
[part~="scroller"]:focus-visible { outline: 2px solid var(--chitieu-focus, #1565c0); outline-offset: 2px; }
table { border-collapse: collapse; }
caption { text-align: start; font-weight: 600; padding: 4px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--chitieu-border, #d0d0d0); text-align: start; vertical-align: top; }
th[scope="row"] { font-weight: normal; }
[part~="sub-measure"] { padding-inline-start: 24px; }
[part~="number"] { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
[part~="bar"] { width: var(--chitieu-bar-width, 120px); height: var(--chitieu-bar-height, 10px);
  background: var(--chitieu-bar-track, #e6e6e6); border: 1px solid var(--chitieu-bar-border, transparent); }
[part~="bar-fill"] { height: 100%; background: var(--chitieu-none, #8a8a8a); }
[part~="bar-exceeded"] { background: var(--chitieu-exceeded, #1b5e20); }
[part~="bar-achieved"] { background: var(--chitieu-achieved, #2e7d32); }
[part~="bar-in-progress"] { background: var(--chitieu-in-progress, #f9a825); }
[part~="bar-not-started"] { background: var(--chitieu-not-started, #757575); }
[part~="bar-not-maintained"] { background: var(--chitieu-not-maintained, #c62828); }
[part~="badge"] { color: #fff; border-radius: 3px; padding: 1px 6px; white-space: nowrap; }
[part~="badge-error"] { background: var(--chitieu-error, #c62828); }
[part~="badge-warning"] { background: var(--chitieu-warning, #a84300); }
[part~="badge-info"] { background: var(--chitieu-info, #1565c0); }
[part~="counts"] { font-weight: normal; }
[part~="message"] { color: var(--chitieu-error, #c62828); }
@media print {
  :host { color: #000; font-size: 10pt; }
  [part~="scroller"] { overflow: visible; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  [part~="bar"] { border-color: #000; }
  [part~="bar"], [part~="bar-fill"], [part~="badge"] { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

let sheet;
/** One stylesheet shared by every element (constructable where supported). */
function adopt(root) {
  if (typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in root) {
    if (sheet === undefined) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    }
    root.adoptedStyleSheets = [sheet];
    return '';
  }
  return `<style>${STYLE}</style>`;
}

const LABELS = {
  vi: { progress: 'Tiến độ các chỉ tiêu', findings: 'Kết quả kiểm tra' },
  en: { progress: 'Indicator progress', findings: 'Validation findings' },
};

class ChitieuElement extends HTMLElement {
  static get observedAttributes() {
    return ['builtin', 'src', 'as-of', 'lang', 'area', 'phase'];
  }

  constructor() {
    super();
    this._data = undefined;
    this._generation = 0;
    this._root = this.attachShadow({ mode: 'open' });
    this._style = adopt(this._root);
  }

  get data() {
    return this._data;
  }

  set data(value) {
    this._data = value;
    this.render();
  }

  connectedCallback() {
    this.render();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.render();
  }

  async source() {
    if (this._data !== undefined) return { data: this._data };
    const src = this.getAttribute('src');
    if (src) {
      const response = await fetch(src);
      if (!response.ok) {
        throw Object.assign(new Error(`${src}: HTTP ${response.status}`), {
          code: 'fetch-failed', path: 'src',
          messageVi: `không tải được ${src}: HTTP ${response.status}`, messageEn: `${src}: HTTP ${response.status}`,
        });
      }
      return { data: await response.json() };
    }
    return { builtin: this.getAttribute('builtin') || 'project8' };
  }

  /** The language shown (the `lang` attribute; `vi` unless it says `en`). */
  get language() {
    return this.getAttribute('lang') === 'en' ? 'en' : 'vi';
  }

  /** Shows `html` in the shadow root, in a scroller a keyboard can reach. */
  show(html) {
    const label = LABELS[this.language][this.kind];
    this._root.innerHTML = `${this._style}<div part="scroller" role="region" tabindex="0" aria-label="${label}" lang="${this.language}">${html}</div>`;
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  async render() {
    const generation = ++this._generation;
    this.dataset.state = 'loading';
    this.setAttribute('aria-busy', 'true');
    try {
      await init();
      const options = {
        ...(await this.source()),
        asOf: this.getAttribute('as-of') || isoDate(new Date()),
        lang: this.language,
        area: this.getAttribute('area') || undefined,
        phase: this.getAttribute('phase') || undefined,
        parts: true,
      };
      const html = this.html(options);
      if (generation !== this._generation) return; // a newer render won
      this.show(html);
      this.dataset.state = 'ready';
      delete this.dataset.errorCode;
      this.removeAttribute('aria-busy');
      this.emit('chitieu-ready', { rows: this._root.querySelectorAll('tbody tr').length });
    } catch (error) {
      if (generation !== this._generation) return;
      const code = error.code || 'error';
      const messageEn = error.messageEn || error.message;
      const messageVi = error.messageVi || error.message;
      const p = document.createElement('p');
      p.setAttribute('part', 'message');
      p.setAttribute('role', 'alert');
      p.textContent = this.language === 'en' ? messageEn : messageVi;
      this._root.replaceChildren(p);
      if (this._style) p.insertAdjacentHTML('beforebegin', this._style);
      this.dataset.state = 'error';
      this.dataset.errorCode = code;
      this.removeAttribute('aria-busy');
      this.emit('chitieu-error', { code, path: error.path ?? '', messageVi, messageEn });
    }
  }
}

/** `<chitieu-progress>`: the progress table, a bar per indicator. */
export class ChitieuProgress extends ChitieuElement {
  get kind() {
    return 'progress';
  }

  html(options) {
    return progressHtml(options);
  }
}

/** `<chitieu-findings>`: every finding of every validation rule. */
export class ChitieuFindings extends ChitieuElement {
  get kind() {
    return 'findings';
  }

  html(options) {
    return findingsHtml(options);
  }
}

if (!customElements.get('chitieu-progress')) customElements.define('chitieu-progress', ChitieuProgress);
if (!customElements.get('chitieu-findings')) customElements.define('chitieu-findings', ChitieuFindings);
