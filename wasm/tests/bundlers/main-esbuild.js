// The same page for esbuild, which leaves `new URL(…, import.meta.url)` as
// written: the .wasm is copied beside the bundle and its place given to
// init() before the element (which calls init() itself) is loaded.
import { init, progress } from 'chitieu';

await init(new URL('./chitieu_core_bg.wasm', import.meta.url));
await import('chitieu/element');
const report = progress({ builtin: 'project8', asOf: '2023-12-31', lang: 'vi' });
document.querySelector('#percent').textContent = report.rows[0].display.percent;
document.body.dataset.percent = report.rows[0].display.percent;
