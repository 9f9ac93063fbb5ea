//! XML: the pieces of any text (between U+001F) as the texts of an IATI
//! activity, an indicator's name and an observation's category, written as
//! IATI XML. Checked on every input: a character XML 1.0 cannot hold
//! (U+FFFE, U+FFFF, C0 controls) is an `invalid-value` error naming the
//! code point at its field, and anything else gives XML that an independent
//! well-formedness check accepts. The checks live in `xml_check/`, which
//! `core/tests/fuzz_replay.rs` also uses to replay the corpus.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "xml_check/mod.rs"]
mod xml_check;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    xml_check::check(text);
});
