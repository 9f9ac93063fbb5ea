//! The rows of a data set grouped by series (indicator × area), built once
//! by the data check and shared by the rules that look along a series.
//!
//! A national file has a million rows but only tens of thousands of
//! series of a few dozen rows each. Grouping by series first (a counting
//! sort over dictionary ids, linear) turns "is this key a duplicate?" from a
//! probe into a million-entry hash table (a cache miss a row) into a sort
//! of a few dozen integers that stay in cache.

use rustc_hash::FxHashMap as HashMap;

use crate::model::store::Store;

/// Rows grouped by series, each series in row order, series in order of
/// their first row.
#[derive(Debug, Clone, Default)]
pub(crate) struct SeriesIndex {
    /// (indicator id, area id) of each series.
    keys: Vec<(u32, u32)>,
    /// Series `s` is `rows[starts[s]..starts[s + 1]]`.
    starts: Vec<usize>,
    rows: Vec<u32>,
}

impl SeriesIndex {
    /// Groups the rows of `store`.
    pub(crate) fn build(store: &Store) -> SeriesIndex {
        let mut ids: HashMap<(u32, u32), u32> = HashMap::default();
        let mut keys = Vec::new();
        let mut series_of = Vec::with_capacity(store.len());
        let mut last: Option<((u32, u32), u32)> = None;
        for row in 0..store.len() {
            let key = (store.indicator_id(row), store.area_id(row));
            let id = match last {
                // Tidy files list a series' rows together: most rows skip
                // the look-up.
                Some((k, id)) if k == key => id,
                _ => *ids.entry(key).or_insert_with(|| {
                    keys.push(key);
                    u32::try_from(keys.len() - 1).unwrap_or(u32::MAX)
                }),
            };
            last = Some((key, id));
            series_of.push(id);
        }
        let mut starts = vec![0usize; keys.len() + 1];
        for &s in &series_of {
            if let Some(count) = starts.get_mut(s as usize + 1) {
                *count += 1;
            }
        }
        let mut total = 0;
        for start in &mut starts {
            total += *start;
            *start = total;
        }
        let mut next = starts.clone();
        let mut rows = vec![0u32; store.len()];
        for (row, &s) in series_of.iter().enumerate() {
            if let Some(at) = next.get_mut(s as usize)
                && let Some(slot) = rows.get_mut(*at)
            {
                // Row numbers fit: see `Store`'s ids.
                *slot = row as u32;
                *at += 1;
            }
        }
        SeriesIndex { keys, starts, rows }
    }

    /// Each series: its (indicator id, area id) and its rows in order.
    pub(crate) fn series(&self) -> impl Iterator<Item = ((u32, u32), &[u32])> + '_ {
        self.keys.iter().enumerate().map(|(s, &key)| {
            let from = self.starts.get(s).copied().unwrap_or(0);
            let to = self.starts.get(s + 1).copied().unwrap_or(from);
            (key, self.rows.get(from..to).unwrap_or(&[]))
        })
    }

    /// Every row whose key (indicator, area, period, breakdown) an earlier
    /// row has, with the first such row: sorted by row.
    pub(crate) fn duplicates(&self, store: &Store) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut keys: Vec<(u32, u32, u32)> = Vec::new();
        for (_, rows) in self.series() {
            keys.clear();
            keys.extend(rows.iter().map(|&row| {
                let row = row as usize;
                (store.period_id(row), store.breakdown_id(row), row as u32)
            }));
            crate::order::sort(&mut keys);
            // Sorted by key then row: the first of each run is the first
            // row with the key, the rest repeat it.
            let mut run: Option<(u32, u32, u32)> = None;
            for &(period, breakdown, row) in &keys {
                match run {
                    Some((p, b, first)) if (p, b) == (period, breakdown) => {
                        out.push((row as usize, first as usize));
                    }
                    _ => run = Some((period, breakdown, row)),
                }
            }
        }
        crate::order::sort(&mut out);
        out
    }
}
