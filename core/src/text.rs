//! Bilingual text: every label and message exists in Vietnamese and English.

use serde::{Deserialize, Serialize};

/// A display language.
///
/// Vietnamese is the default: the programme reports in Vietnamese, and English
/// is the second language of every label and message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
