//! Work spread over the machine's cores, with results in input order so
//! that the answer never depends on the number of threads.
//!
//! With the `parallel` feature (on by default) this is rayon's work
//! stealing; without it (the browser build: WebAssembly has no threads
//! here) the same calls run one after the other.

/// `f` of every item, in the order of `items`.
#[cfg(feature = "parallel")]
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(f).collect()
}

/// `f` of every item, in the order of `items`.
#[cfg(not(feature = "parallel"))]
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    items.iter().map(f).collect()
}

/// How many threads `map_in_order` spreads work over.
#[cfg(feature = "parallel")]
pub(crate) fn threads() -> usize {
    rayon::current_num_threads()
}

/// How many threads `map_in_order` spreads work over.
#[cfg(not(feature = "parallel"))]
pub(crate) fn threads() -> usize {
    1
}
