//! Sorting with one copy of the sorting algorithm for the whole crate.
//!
//! The standard library's sort is compiled again for every element type and
//! comparison it is given, 3–8 KB of WebAssembly each: thirty of them were
//! 86 KB of the browser's core module. Here the algorithm runs once, on
//! positions, with the comparison behind a `dyn`; only the short reordering
//! is compiled per type. The hot sort of a whole data set's keys keeps the
//! standard one.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `items` by `compare`; equal items keep their order (a stable sort).
pub(crate) fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| match (items.get(a), items.get(b)) {
        (Some(a), Some(b)) => compare(a, b),
        _ => Ordering::Equal,
    });
    permute(items, order);
}

/// Sorts `items` by the key `key` gives; equal keys keep their order.
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order.
pub(crate) fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A map of `pairs`, a later pair replacing an earlier one with the same
/// key, as `collect` makes it. `collect` sorts the pairs first with the
/// standard stable sort, compiled once more for every pair type; inserting
/// one by one reuses the map's own code.
pub(crate) fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// The positions `0..len` in the order `compare` puts them, ties by position.
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the item at `order[i]` to position `i`, cycle by cycle, so that
/// nothing is copied or cloned.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    // Marks a position whose item is in place.
    const PLACED: usize = usize::MAX;
    for start in 0..order.len() {
        // Along a cycle, `items[current]` holds the item that was at
        // `start`, until the position that wants it is reached.
        let mut current = start;
        while let Some(slot) = order.get_mut(current) {
            let source = std::mem::replace(slot, PLACED);
            if source == PLACED || source == start {
                break;
            }
            items.swap(current, source);
            current = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pairs sorted by their first half only: ties show stability.
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 3, 10, 100, 1000] {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std_sorted = items.clone();
            std_sorted.sort_by_key(|p| p.0);
            assert_eq!(ours, std_sorted, "length {len}");
        }
    }

    #[test]
    fn moves_items_without_cloning() {
        let mut names: Vec<String> = ["đ", "a", "c", "b"].map(String::from).to_vec();
        sort(&mut names);
        assert_eq!(names, ["a", "b", "c", "đ"]);
        let mut reversed = vec![5, 4, 3, 2, 1];
        sort_by(&mut reversed, |a, b| b.cmp(a));
        assert_eq!(reversed, [5, 4, 3, 2, 1]);
    }
}
