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

import { init, progressHtml, findingsHtml, isoDate } from './index.js';

class ChitieuElement extends HTMLElement {
  static get observedAttributes() {
    return ['builtin', 'src', 'as-of', 'lang', 'area', 'phase'];
  }

  constructor() {
    super();
    this._data = undefined;
    this._generation = 0;
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
      if (!response.ok) throw new Error(`${src}: HTTP ${response.status}`);
      return { data: await response.json() };
    }
    return { builtin: this.getAttribute('builtin') || 'project8' };
  }

  async render() {
    const generation = ++this._generation;
    this.dataset.state = 'loading';
    try {
      await init();
      const options = {
        ...(await this.source()),
        asOf: this.getAttribute('as-of') || isoDate(new Date()),
        lang: this.getAttribute('lang') === 'en' ? 'en' : 'vi',
        area: this.getAttribute('area') || undefined,
        phase: this.getAttribute('phase') || undefined,
      };
      const html = this.html(options);
      if (generation !== this._generation) return; // a newer render won
      this.innerHTML = html;
      this.dataset.state = 'ready';
    } catch (error) {
      if (generation !== this._generation) return;
      const p = document.createElement('p');
      p.className = 'chitieu-error';
      p.textContent = error.messageVi && this.getAttribute('lang') !== 'en' ? error.messageVi : error.message;
      this.replaceChildren(p);
      this.dataset.state = 'error';
      this.dataset.errorCode = error.code || 'error';
    }
  }
}

/** `<chitieu-progress>`: the progress table, a bar per indicator. */
export class ChitieuProgress extends ChitieuElement {
  html(options) {
    return progressHtml(options);
  }
}

/** `<chitieu-findings>`: every finding of every validation rule. */
export class ChitieuFindings extends ChitieuElement {
  html(options) {
    return findingsHtml(options);
  }
}

if (!customElements.get('chitieu-progress')) customElements.define('chitieu-progress', ChitieuProgress);
if (!customElements.get('chitieu-findings')) customElements.define('chitieu-findings', ChitieuFindings);
