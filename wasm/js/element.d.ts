// Custom elements <chitieu-progress> and <chitieu-findings>: see element.js.
import type { DataSet } from './index.js';

declare class ChitieuElement extends HTMLElement {
  /** A data set to render instead of the `builtin` or `src` attribute. */
  data: DataSet | undefined;
  /** Renders again (also called when an attribute changes). */
  render(): Promise<void>;
}
export class ChitieuProgress extends ChitieuElement {}
export class ChitieuFindings extends ChitieuElement {}

declare global {
  interface HTMLElementTagNameMap {
    'chitieu-progress': ChitieuProgress;
    'chitieu-findings': ChitieuFindings;
  }
}
