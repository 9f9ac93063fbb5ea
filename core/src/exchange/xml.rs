//! A small XML writer: elements, attributes and escaped text, indented.
//! Enough for IATI; a crate would add size to the browser build for the
//! forty lines below.
//!
//! [`escape`] is the one place that decides what XML can hold: every text
//! and attribute value goes through it, so a writer built on [`Xml`] (IATI
//! today, DHIS2 XML or ADX later) writes well-formed XML 1.0 or fails.

use crate::error::{Error, Result};

/// An XML document being written.
pub(crate) struct Xml {
    out: String,
    open: Vec<&'static str>,
}

/// Whether XML 1.0 can hold `c` at all (its `Char` production): tab, line
/// feed, carriage return and U+0020–U+D7FF, U+E000–U+FFFD,
/// U+10000–U+10FFFF. Surrogates (U+D800–U+DFFF) cannot be in a Rust string.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Appends `text` to `out`, escaped for XML 1.0 text and attribute values.
///
/// A character XML 1.0 forbids (C0 controls other than tab, line feed and
/// carriage return; U+FFFE; U+FFFF) cannot be written even as a character
/// reference (`&#xFFFE;` is not well-formed either): it is an error naming
/// the code point, with the character's position in `text` as the column.
/// Dropping or replacing it would change the text without a word. The
/// caller places the error at the field the text came from.
pub(crate) fn escape(text: &str, out: &mut String) -> Result<()> {
    for (i, c) in text.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            c => {
                let code = format!("U+{:04X}", u32::from(c));
                return Err(Error::invalid(
                    "",
                    (
                        format!(
                            "ký tự {code} không ghi được trong XML 1.0, kể cả dưới dạng tham chiếu ký tự; hãy bỏ nó khỏi văn bản"
                        ),
                        format!(
                            "the character {code} cannot be written in XML 1.0, not even as a character reference; remove it from the text"
                        ),
                    ),
                )
                .at_column(i as u64 + 1));
            }
        }
    }
    Ok(())
}

impl Xml {
    /// A document with its declaration.
    pub fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            open: Vec::new(),
        }
    }

    /// The start of a tag with its attributes; an attribute value XML
    /// cannot hold is an error at the attribute's name.
    fn start(&mut self, name: &str, attributes: &[(&str, &str)]) -> Result<()> {
        self.out.push_str(&"  ".repeat(self.open.len()));
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape(value, &mut self.out).map_err(|e| e.at(*key))?;
            self.out.push('"');
        }
        Ok(())
    }

    /// Opens an element; [`Xml::close`] closes it.
    pub fn open(&mut self, name: &'static str, attributes: &[(&str, &str)]) -> Result<()> {
        self.start(name, attributes)?;
        self.out.push_str(">\n");
        self.open.push(name);
        Ok(())
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            self.out.push_str(&"  ".repeat(self.open.len()));
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push_str(">\n");
        }
    }

    /// An element with no content.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> Result<()> {
        self.start(name, attributes)?;
        self.out.push_str("/>\n");
        Ok(())
    }

    /// An element holding text; text XML cannot hold is an error with an
    /// empty path (the caller knows the field), an attribute's at its name.
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) -> Result<()> {
        self.start(name, attributes)?;
        self.out.push('>');
        escape(text, &mut self.out)?;
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
        Ok(())
    }

    /// The document, every element closed.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{Xml, escape};
    use crate::text::Lang;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut xml = Xml::new();
        xml.open("a", &[("q", "\"<&>'")]).unwrap();
        xml.text("b", &[], "x < y & z\t\r\n\u{FFFD}\u{10FFFF}")
            .unwrap();
        let out = xml.finish();
        assert!(out.contains("<a q=\"&quot;&lt;&amp;&gt;&apos;\">"));
        assert!(out.contains("<b>x &lt; y &amp; z\t\r\n\u{FFFD}\u{10FFFF}</b>"));
        assert!(out.ends_with("</a>\n"));
    }

    /// What XML 1.0 cannot hold is refused, naming the code point and its
    /// place: in text (the column) and in an attribute (its name too).
    #[test]
    fn characters_xml_cannot_hold_are_refused() {
        for (text, code, column) in [
            ("ab\u{FFFE}", "U+FFFE", 3),
            ("\u{FFFF}", "U+FFFF", 1),
            ("a\u{1}", "U+0001", 2),
            ("x\u{0}y", "U+0000", 2),
            ("\u{1F}", "U+001F", 1),
            ("\u{B}", "U+000B", 1),
        ] {
            let error = escape(text, &mut String::new()).unwrap_err();
            assert_eq!(
                (error.code(), error.path(), error.column()),
                ("invalid-value", "", Some(column)),
                "{text:?}"
            );
            assert!(error.message(Lang::En).contains(code), "{text:?}");
            assert!(error.message(Lang::Vi).contains(code), "{text:?}");
            let mut xml = Xml::new();
            let error = xml.empty("e", &[("name", text)]).unwrap_err();
            assert_eq!(error.path(), "name");
            let error = Xml::new().text("e", &[], text).unwrap_err();
            assert_eq!(error.path(), "");
        }
        // The characters around the forbidden ones pass.
        for ok in [
            '\u{D7FF}',
            '\u{E000}',
            '\u{FFFD}',
            '\u{10000}',
            ' ',
            '\u{7F}',
            '\u{85}',
        ] {
            assert!(
                escape(&ok.to_string(), &mut String::new()).is_ok(),
                "{ok:?}"
            );
        }
    }
}
