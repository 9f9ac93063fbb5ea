// A portal page's script as its developer writes it (Vite, webpack 5 or no
// bundler): the package finds its WebAssembly itself.
import { init, progress } from 'chitieu';
import 'chitieu/element';

await init();
const report = progress({ builtin: 'project8', asOf: '2023-12-31', lang: 'vi' });
document.querySelector('#percent').textContent = report.rows[0].display.percent;
document.body.dataset.percent = report.rows[0].display.percent;
