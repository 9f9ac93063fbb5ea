//! The WebAssembly binding of chitieu: JSON text in, JSON text or HTML out.
//! The hand-written `js/index.js` turns objects into that text and back, and
//! `js/index.d.ts` types the whole API; these exports are its raw layer.

mod dataset;
mod errors;

use chitieu::{Lang, NumberFormat, Rational};
use wasm_bindgen::prelude::*;

use errors::IntoJs;

// talc rather than the standard library's dlmalloc: less code for a
// module that must arrive fast on a slow link (see wasm/Cargo.toml).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Runs when the module is instantiated (and again after a reset): lends
/// the core the browser's NFC, so the build carries no Unicode tables.
#[wasm_bindgen(start)]
fn start() {
    chitieu::text::use_nfc(|text| String::from(js_sys::JsString::from(text).normalize("NFC")));
}

/// Evaluates a request of the JSON contract; returns the response as JSON.
#[wasm_bindgen(js_name = evaluate, skip_typescript)]
pub fn evaluate(request: &str) -> Result<String, JsValue> {
    chitieu::contract::evaluate_to_string(request).js_err()
}

#[cfg(feature = "full")]
/// Installs the commune table (the text of `data/vn-communes.tsv`), which
/// this build does not carry, for the area operations that follow.
#[wasm_bindgen(js_name = installCommunes, skip_typescript)]
pub fn install_communes(text: &str) -> Result<(), JsValue> {
    chitieu::area::communes::install(text).js_err()
}

/// A `progress` or `validate` request's result as an HTML table (findings
/// in `lang`), with inline styles or, when `parts`, `part` names for a
/// shadow root.
#[wasm_bindgen(js_name = evaluateHtml, skip_typescript)]
pub fn evaluate_html(request: &str, lang: &str, parts: bool) -> Result<String, JsValue> {
    let look = if parts {
        chitieu::html::HtmlLook::Parts
    } else {
        chitieu::html::HtmlLook::Inline
    };
    chitieu::contract::evaluate_html_with(request, lang, look).js_err()
}

/// Writes an exact number (`"7623"`, `"84.7"`, `"566/9"`, or a JS number's
/// text) in the `vi` or `en` format, rounded half away from zero.
#[wasm_bindgen(js_name = formatNumber, skip_typescript)]
pub fn format_number(value: &str, lang: &str, decimals: u32) -> Result<String, JsValue> {
    let run = || -> chitieu::Result<String> {
        let value = Rational::parse(value).map_err(|e| e.at("$.value"))?;
        let format = match Lang::parse_name(lang).map_err(|e| e.at("$.lang"))? {
            Lang::En => NumberFormat::En,
            Lang::Vi => NumberFormat::Vi,
        };
        format.format(value, decimals)
    };
    run().js_err()
}
