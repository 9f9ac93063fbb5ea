//! The WebAssembly binding of chitieu: JSON text in, JSON text or HTML out.
//! The hand-written `js/index.js` turns objects into that text and back, and
//! `js/index.d.ts` types the whole API; these exports are its raw layer.

mod dataset;
mod errors;

use chitieu::progress::{ProgressOptions, progress};
use chitieu::rules::{ValidateOptions, validate};
use chitieu::{DataSet, Lang, NumberFormat, Rational, io::json, period::parse_date};
use wasm_bindgen::prelude::*;

use errors::IntoJs;

/// Evaluates a request of the JSON contract; returns the response as JSON.
#[wasm_bindgen(js_name = evaluate, skip_typescript)]
pub fn evaluate(request: &str) -> Result<String, JsValue> {
    chitieu::contract::evaluate_to_string(request).js_err()
}

/// The progress report of a data set as an HTML table.
#[wasm_bindgen(js_name = progressHtml, skip_typescript)]
pub fn progress_html(
    data: &str,
    as_of: &str,
    phase: Option<String>,
    area: Option<String>,
    options: Option<String>,
) -> Result<String, JsValue> {
    let run = || -> chitieu::Result<String> {
        let data: DataSet = json::from_str_at(data, "$.data")?;
        let as_of = parse_date(as_of).map_err(|e| e.at("$.as_of"))?;
        let options: ProgressOptions = match options {
            Some(text) => json::from_str_at(&text, "$.options")?,
            None => ProgressOptions::default(),
        };
        let checked = data.check().map_err(|e| e.under("$.data"))?;
        let report = progress(&checked, as_of, phase.as_deref(), area.as_deref(), &options)
            .map_err(|e| e.renamed("data", "$.data").under("$"))?;
        Ok(report.to_html(options.lang))
    };
    run().js_err()
}

/// The findings of a data set as an HTML table, in `lang`.
#[wasm_bindgen(js_name = findingsHtml, skip_typescript)]
pub fn findings_html(
    data: &str,
    as_of: &str,
    options: Option<String>,
    lang: &str,
) -> Result<String, JsValue> {
    let run = || -> chitieu::Result<String> {
        let data: DataSet = json::from_str_at(data, "$.data")?;
        let as_of = parse_date(as_of).map_err(|e| e.at("$.as_of"))?;
        let options: ValidateOptions = match options {
            Some(text) => json::from_str_at(&text, "$.options")?,
            None => ValidateOptions::default(),
        };
        let lang = Lang::parse_name(lang).map_err(|e| e.at("$.lang"))?;
        let report =
            validate(&data, as_of, &options).map_err(|e| e.renamed("data", "$.data").under("$"))?;
        Ok(report.under("$.data").to_html(lang))
    };
    run().js_err()
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
