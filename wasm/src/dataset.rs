//! `Dataset`: a data set held inside the WebAssembly module, so a large
//! report is parsed once and validated or rolled up without crossing the
//! JS boundary again.

use chitieu::model::{InvalidData, WithExcluded};
use chitieu::progress::rollup;
use chitieu::rules::{ValidateOptions, validate};
use chitieu::{DataSet, io::json, period::parse_date};
use wasm_bindgen::prelude::*;

use crate::errors::IntoJs;

/// An operation's error: what the core calls its `data` argument is the
/// data set itself, `$`.
fn on_self(e: chitieu::Error) -> chitieu::Error {
    e.renamed("data", "$")
}

/// A data set held by the module.
#[wasm_bindgen(js_name = Dataset, skip_typescript)]
pub struct Dataset {
    inner: DataSet,
}

#[wasm_bindgen(js_class = Dataset)]
impl Dataset {
    /// Reads a data set from JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Dataset, JsValue> {
        json::from_str(text).map(|inner| Dataset { inner }).js_err()
    }

    /// This data set with its observations replaced by those of tidy CSV.
    #[wasm_bindgen(js_name = withCsv)]
    pub fn with_csv(&self, csv: &str, number_format: &str) -> Result<Dataset, JsValue> {
        self.inner
            .with_csv(csv, number_format)
            .map(|inner| Dataset { inner })
            .js_err()
    }

    /// The number of observations.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.observation_count()
    }

    /// Every finding as of a date (JSON).
    pub fn validate(&self, as_of: &str, options: Option<String>) -> Result<String, JsValue> {
        let run = || -> chitieu::Result<String> {
            let as_of = parse_date(as_of).map_err(|e| e.at("$.as_of"))?;
            let options: ValidateOptions = match options {
                Some(text) => json::from_str_at(&text, "$.options")?,
                None => ValidateOptions::default(),
            };
            let report = validate(&self.inner, as_of, &options).map_err(on_self)?;
            json::to_string(&report.under("$"))
        };
        run().js_err()
    }

    /// Every indicator (or one) rolled up to every area (JSON).
    pub fn rollup(
        &self,
        as_of: &str,
        phase: Option<String>,
        indicator: Option<String>,
        invalid: Option<String>,
    ) -> Result<String, JsValue> {
        let run = || -> chitieu::Result<String> {
            let as_of = parse_date(as_of).map_err(|e| e.at("$.as_of"))?;
            let invalid = match invalid.as_deref() {
                Some(name) => InvalidData::parse_name(name).map_err(|e| e.at("$.invalid"))?,
                None => InvalidData::Error,
            };
            let (checked, excluded) = self.inner.check_with(invalid).map_err(|e| e.under("$"))?;
            let rolled = rollup(&checked, as_of, phase.as_deref(), indicator.as_deref());
            let result = rolled.map_err(on_self)?;
            json::to_string(&WithExcluded {
                result,
                excluded: excluded.map(|e| e.under("$")),
            })
        };
        run().js_err()
    }
}
