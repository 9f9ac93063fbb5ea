//! Structure-aware: data sets built from observations over a real set-up.
//! Checked on every input: no panic; every error has a documented code and
//! a bounded message in both languages; JSON and CSV round trips are exact;
//! validation runs on whatever the check accepts; the roll-up does not
//! depend on row order, and every parent's children total is the sum of
//! its children's values. The input and the checks live in `shape/`, which
//! `core/tests/fuzz_replay.rs` also uses to replay the corpus.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "shape/mod.rs"]
mod shape;

fuzz_target!(|input: shape::Input| shape::check(&input));
