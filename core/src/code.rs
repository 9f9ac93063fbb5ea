//! Stable codes: newtypes so an area code can never be passed as an
//! indicator code.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorKind, Result};

fn check(text: &str) -> Result<()> {
    let ok = !text.is_empty()
        && text.trim() == text
        && !text.chars().any(char::is_control)
        && text.len() <= 256;
    if ok {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::InvalidCode {
            value: text.to_string(),
        }))
    }
}

/// Reads a code's text into its shared form without an intermediate
/// `String` when the input allows.
macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// A code is non-empty, at most 256 bytes, has no surrounding
        /// whitespace and no control characters; it is compared exactly.
        /// Clones share the text (a million observations of one province
        /// hold one copy of its code).
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Checks and wraps a code.
            pub fn new(code: impl Into<String>) -> Result<$name> {
                let code = code.into();
                check(&code)?;
                Ok($name(Arc::from(code)))
            }

            /// Wraps a code known to be valid (built-in data).
            #[allow(dead_code)]
            pub(crate) fn trusted(code: &str) -> $name {
                $name(Arc::from(code))
            }

            /// The code as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Whether both share one text (clones of one code): a cheap
            /// "certainly equal" that lets look-ups be reused.
            #[allow(dead_code)]
            pub(crate) fn shares_text(&self, other: &$name) -> bool {
                Arc::ptr_eq(&self.0, &other.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(text: &str) -> Result<$name> {
                $name::new(text)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        crate::json_text::via_serde!($name);

        impl crate::json_text::ToJson for $name {
            fn write_json(&self, w: &mut crate::json_text::Writer) {
                w.string(&self.0);
            }
        }

        impl crate::json_text::JsonKey for $name {
            fn json_key(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<$name, D::Error> {
                crate::error::parse_str(d, "a code (a string)", |text| {
                    check(text)?;
                    Ok($name(Arc::from(text)))
                })
            }
        }
    };
}

code_type!(
    /// An indicator or sub-measure code, e.g. `P8.CCG`.
    IndicatorCode
);
code_type!(
    /// An administrative area code, e.g. `VN` or a province code.
    AreaCode
);
code_type!(
    /// A programme phase id, e.g. `phase-1`.
    PhaseId
);
code_type!(
    /// A programme component code, e.g. `DA8`.
    ComponentCode
);
code_type!(
    /// A unit code, e.g. `group`.
    UnitCode
);
