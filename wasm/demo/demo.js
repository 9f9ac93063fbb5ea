// The demo page: a portal developer can copy this file. It uses only the
// package's public API and its custom elements. The figures come first,
// from the core module; the full module (allocation, trends, areas,
// exchange) is fetched only when its section is opened.
import { init, builtin, evaluate, readCsv, validate } from '../js/index.js';
import '../js/element.js';

const $ = (id) => document.getElementById(id);
let lang = 'vi';
let base; // the sample province: framework and areas (and activities, plans)

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-vi]')) el.textContent = el.dataset[lang];
  $('progress').setAttribute('lang', lang);
  $('findings-table')?.setAttribute('lang', lang);
  if ($('split').dataset.shown) split();
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
    let table = $('findings-table');
    if (table === null) {
      table = document.createElement('chitieu-findings');
      table.id = 'findings-table';
      $('findings').replaceChildren(table);
    }
    table.setAttribute('as-of', asOf);
    table.setAttribute('lang', lang);
    table.data = data;
  } catch (error) {
    summary.dataset.errors = 'input';
    summary.textContent = `${error.code ?? 'error'}${error.path ? ` (${error.path})` : ''}: ${lang === 'vi' ? error.messageVi ?? error.message : error.message}`;
    $('findings').replaceChildren();
  }
}

// The remaining phase-1 target split over the two years left: the full
// module is imported here, on first use, never at page load.
async function split() {
  const out = $('split-result');
  const { init: initFull, allocate, progress, formatNumber } = await import('../js/full.js');
  await initFull();
  const ccg = progress({ builtin: 'project8', asOf: '2023-12-31' }).rows.find((row) => row.code === 'P8.CCG');
  const shares = allocate(ccg.remaining, { 2024: 1, 2025: 1 }).allocations;
  const years = shares.map((s) => `${s.code}: ${formatNumber(s.allocated, lang)}`).join(' · ');
  out.textContent = lang === 'vi'
    ? `${formatNumber(ccg.remaining, lang)} tổ còn lại → ${years}`
    : `${formatNumber(ccg.remaining, lang)} groups left → ${years}`;
  out.dataset.allocated = shares.map((s) => s.allocated).join(',');
  $('split').dataset.shown = 'true';
}

await init();
$('split').addEventListener('click', split);
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
