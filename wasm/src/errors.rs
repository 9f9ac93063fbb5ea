//! The one place where a core error becomes a JS `Error`, with the same
//! fields in every runtime: `code`, `path`, `line`, `column`, `messageVi`,
//! `messageEn`.

use chitieu::{Error, Lang};
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// Converts a core error to a thrown JS `Error`.
pub fn to_js(error: &Error) -> JsValue {
    // A refusal of invalid data shows the way out in JavaScript's words.
    let error = &error.clone().for_caller(chitieu::error::Caller::JavaScript);
    let js = js_sys::Error::new(&error.message(Lang::En));
    js.set_name("ChitieuError");
    let value: JsValue = js.into();
    let fields: [(&str, JsValue); 6] = [
        ("code", error.code().into()),
        ("path", error.path().into()),
        (
            "line",
            error.line().map_or(JsValue::NULL, |n| (n as f64).into()),
        ),
        (
            "column",
            error.column().map_or(JsValue::NULL, |n| (n as f64).into()),
        ),
        ("messageVi", error.message(Lang::Vi).into()),
        ("messageEn", error.message(Lang::En).into()),
    ];
    for (key, field) in fields {
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(&value, &key.into(), &field);
    }
    value
}

/// `Result` of the core, as thrown JS errors.
pub trait IntoJs<T> {
    /// Maps the error with [`to_js`].
    fn js_err(self) -> Result<T, JsValue>;
}

impl<T> IntoJs<T> for Result<T, Error> {
    fn js_err(self) -> Result<T, JsValue> {
        self.map_err(|e| to_js(&e))
    }
}
