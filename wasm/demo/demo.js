// The demo page: a portal developer can copy this file. It uses only the
// package's public API and its custom element.
import { init, builtin, evaluate, readCsv, validate, findingsHtml } from '../js/index.js';
import '../js/element.js';

const $ = (id) => document.getElementById(id);
let lang = 'vi';
let base; // the sample province: framework and areas (and activities, plans)

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-vi]')) el.textContent = el.dataset[lang];
  $('progress').setAttribute('lang', lang);
}

function report() {
  const text = $('report').value.trim();
  if (text.startsWith('{')) return JSON.parse(text);
  return { ...base, observations: readCsv(text, $('number-format').value) };
}

function run() {
  const summary = $('summary');
  try {
    const data = report();
    const asOf = $('as-of').value;
    const result = validate({ data, asOf });
    const counts = result.summary.by_severity;
    summary.dataset.errors = String(counts.error ?? 0);
    summary.dataset.warnings = String(counts.warning ?? 0);
    summary.textContent = lang === 'vi'
      ? `${result.summary.total} phát hiện: ${counts.error ?? 0} lỗi, ${counts.warning ?? 0} cảnh báo`
      : `${result.summary.total} findings: ${counts.error ?? 0} errors, ${counts.warning ?? 0} warnings`;
    $('findings').innerHTML = findingsHtml({ data, asOf, lang });
  } catch (error) {
    summary.dataset.errors = 'input';
    summary.textContent = `${error.code ?? 'error'}${error.path ? ` (${error.path})` : ''}: ${lang === 'vi' ? error.messageVi ?? error.message : error.message}`;
    $('findings').replaceChildren();
  }
}

await init();
const sample = builtin('sample-province');
base = { ...sample, observations: [] };
$('report').value = evaluate({ version: 1, op: 'write-csv', observations: sample.observations, number_format: 'vi' }).result;
$('validate').disabled = false;
$('validate').addEventListener('click', run);
$('file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (file) $('report').value = await file.text();
});
for (const radio of document.querySelectorAll('input[name=lang]')) {
  radio.addEventListener('change', () => {
    lang = radio.value;
    translate();
    if ($('summary').textContent) run();
  });
}
document.body.dataset.ready = 'true';
