//! The JSON contract: any text given to `evaluate` returns a response or an
//! error with a code, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = chitieu::evaluate(text) {
            assert!(!e.code().is_empty());
        }
    }
});
