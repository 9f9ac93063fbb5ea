// A page's script as a portal developer writes it, bundled by esbuild from
// the installed package. The module's URL is given to init(): the bundle
// and the .wasm sit side by side in dist/.
import { init, progress } from 'chitieu';

await init(new URL('./chitieu_core_bg.wasm', import.meta.url));
const report = progress({ builtin: 'project8', asOf: '2023-12-31', lang: 'vi' });
document.querySelector('#percent').textContent = report.rows[0].display.percent;
document.body.dataset.percent = report.rows[0].display.percent;
