//! Matching area names as people write them: with or without diacritics,
//! composed (NFC) or decomposed (NFD), any case, with or without the
//! "Tỉnh", "TP", "Thành phố" prefixes.

/// Vietnamese vowels with their marks, by base letter (lower case).
const MARKED: [(char, &str); 6] = [
    ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
    ('e', "èéẻẽẹêềếểễệ"),
    ('i', "ìíỉĩị"),
    ('o', "òóỏõọôồốổỗộơờớởỡợ"),
    ('u', "ùúủũụưừứửữự"),
    ('y', "ỳýỷỹỵ"),
];

/// Prefixes that name the kind of unit, in folded form.
const PREFIXES: [&str; 8] = [
    "thanh pho ",
    "tinh ",
    "tp ",
    "tp. ",
    "xa ",
    "phuong ",
    "thi tran ",
    "huyen ",
];

fn base_letter(c: char) -> char {
    if c == 'đ' {
        return 'd';
    }
    MARKED
        .iter()
        .find(|(_, marked)| marked.contains(c))
        .map_or(c, |(base, _)| *base)
}

/// A name reduced to lower-case ASCII letters and digits separated by
/// single spaces: "Tỉnh Hà Giang", "tinh  ha giang" and the NFD form all
/// give "tinh ha giang".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        // Combining marks (what NFD splits off) carry no letter.
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        let c = base_letter(c);
        if c.is_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// [`fold`], then without a leading unit-kind prefix ("tinh", "tp"…).
pub fn key(text: &str) -> String {
    let folded = fold(text);
    for prefix in PREFIXES {
        if let Some(rest) = folded.strip_prefix(prefix)
            && !rest.is_empty()
        {
            return rest.trim_start_matches('.').trim().to_string();
        }
    }
    folded.replace('.', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_every_way_of_writing_a_name() {
        let nfd = "Ha\u{300} Giang"; // "Hà Giang", decomposed
        for name in [
            "Hà Giang",
            nfd,
            "ha giang",
            "HÀ GIANG",
            "Tỉnh Hà Giang",
            "  Hà  Giang ",
        ] {
            assert_eq!(key(name), "ha giang", "{name:?}");
        }
        assert_eq!(key("TP. Hồ Chí Minh"), "ho chi minh");
        assert_eq!(key("Thành phố Đà Nẵng"), "da nang");
        assert_eq!(key("Đắk Lắk"), "dak lak");
        assert_eq!(key("Bà Rịa - Vũng Tàu"), "ba ria vung tau");
        assert_eq!(key("Thừa Thiên Huế"), "thua thien hue");
    }
}
