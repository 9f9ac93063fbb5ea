//! Area references: codes and names in any form resolve or fail with a code.
#![no_main]
use chitieu::area::SchemeSet;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static SCHEMES: OnceLock<SchemeSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let schemes = SCHEMES.get_or_init(|| SchemeSet::builtin().expect("built-in schemes load"));
    if let Err(e) = schemes.resolve(text, None, None) {
        assert!(
            matches!(e.code(), "ambiguous" | "unknown-code"),
            "{}",
            e.code()
        );
    }
    let _ = chitieu::area::names::key(text);
});
