// A province report of about 10 MB, made up for the worker test: a province
// of many communes, each reporting five count indicators of Project 8 for
// 2021–2023 as tidy CSV with numbers in the Vietnamese format.
const INDICATORS = ['P8.CCG', 'P8.LIVELIHOOD', 'P8.TRUSTED', 'P8.LEADERS', 'P8.GE_TRAINING'];
const YEARS = [2021, 2022, 2023];

const commune = (n) => `P01-${String(n).padStart(5, '0')}`;
const vi = (value) => (value >= 1000 ? `${Math.floor(value / 1000)}.${String(value % 1000).padStart(3, '0')}` : String(value));

/**
 * `{ data, csv }`: the data set's framework (Project 8's) and areas, and the
 * observations as CSV text at least `bytes` long.
 */
export function provinceReport(bytes = 10_000_000) {
  const rows = ['indicator,area,period,value'];
  let size = rows[0].length + 1;
  let n = 0;
  for (; size < bytes; n += 1) {
    for (const indicator of INDICATORS) {
      for (const year of YEARS) {
        const row = `${indicator},${commune(n)},${year},${vi((n * 7 + year + indicator.length) % 1500)}`;
        rows.push(row);
        size += row.length + 1;
      }
    }
  }
  const areas = [
    { code: 'VN', name: { vi: 'Việt Nam', en: 'Viet Nam' }, level: 'country' },
    { code: 'P01', name: { vi: 'Tỉnh Một', en: 'Province One' }, level: 'province', parent: 'VN' },
  ];
  for (let i = 0; i < n; i += 1) {
    areas.push({ code: commune(i), name: { vi: `Xã ${i}`, en: `Commune ${i}` }, level: 'commune', parent: 'P01' });
  }
  return { data: { version: 1, builtin_framework: 'project8', areas, observations: [] }, csv: `${rows.join('\n')}\n` };
}
