//! Bilingual text: every label and message exists in Vietnamese and English.

use crate::json_text::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// A display language.
///
/// Vietnamese is the default: the programme reports in Vietnamese, and English
/// is the second language of every label and message.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, FromJson, ToJson,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese (`vi`).
    #[default]
    Vi,
    /// English (`en`).
    En,
}

impl Lang {
    /// Parses `vi` or `en` (case-insensitive).
    pub fn parse(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language code, `vi` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// A text in Vietnamese and English, as stored in frameworks and messages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Vietnamese, with diacritics, in Unicode NFC.
    pub vi: String,
    /// English.
    pub en: String,
}

impl From<(&str, &str)> for Text {
    /// `(Vietnamese, English)`.
    fn from((vi, en): (&str, &str)) -> Text {
        Text::new(vi, en)
    }
}

impl From<(String, String)> for Text {
    /// `(Vietnamese, English)`.
    fn from((vi, en): (String, String)) -> Text {
        Text::new(vi, en)
    }
}

impl Text {
    /// Builds a text from its two language versions.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// `text` in Unicode Normalization Form C: the same letters written
/// precomposed (`ữ` as one character), whatever the keyboard or the
/// operating system produced (macOS and some Vietnamese input methods write
/// `u` + U+031B + U+0303). Names and categories are compared in this form,
/// so one dimension is never two. Text already in NFC (all ASCII, most
/// input) is returned as it is, without a copy.
///
/// With the default feature `unicode-tables` the crate's own tables do it;
/// without it, the function given to [`use_nfc`] (the browser's), or
/// nothing when none was given.
///
/// ```
/// use chitieu::text::nfc;
/// assert_eq!(nfc("giơ\u{301}i ti\u{301}nh".to_string()), "giới tính");
/// assert_eq!(nfc("sex".to_string()), "sex");
/// ```
pub fn nfc(text: String) -> String {
    // Nothing below U+0300 (the first combining mark) changes under NFC.
    if text.chars().all(|c| c < '\u{300}') {
        return text;
    }
    normalize(text)
}

#[cfg(feature = "unicode-tables")]
fn normalize(text: String) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}

#[cfg(not(feature = "unicode-tables"))]
fn normalize(text: String) -> String {
    match NFC.get() {
        Some(normalize) => normalize(&text),
        None => text,
    }
}

#[cfg(not(feature = "unicode-tables"))]
static NFC: std::sync::OnceLock<fn(&str) -> String> = std::sync::OnceLock::new();

/// Lends [`nfc`] a normaliser when the crate is built without its own
/// tables (the browser build gives `String.prototype.normalize`). Only the
/// first call counts; `false` when one was already given or the crate has
/// its own tables.
pub fn use_nfc(normalize: fn(&str) -> String) -> bool {
    #[cfg(feature = "unicode-tables")]
    {
        let _ = normalize;
        false
    }
    #[cfg(not(feature = "unicode-tables"))]
    {
        NFC.set(normalize).is_ok()
    }
}
