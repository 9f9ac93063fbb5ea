//! Matching area names as people write them: with or without diacritics,
//! composed (NFC) or decomposed (NFD), any case, with or without the
//! "Tỉnh", "TP", "Thành phố" prefixes.

/// Prefixes that name the kind of unit, in folded form.
const PREFIXES: [&str; 11] = [
    "thanh pho ",
    "tinh ",
    "tp ",
    "tp. ",
    "xa ",
    "phuong ",
    "thi tran ",
    "thi xa ",
    "huyen ",
    "quan ",
    "dac khu ",
];

/// The base letter of a lower-case Vietnamese letter: "ế" gives "e". A
/// `match` rather than a table search: every name of 17,000 areas goes
/// through it on each look-up by name.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        _ => c,
    }
}

/// A name in ASCII, case kept: "Phường Phúc Xá" gives "Phuong Phuc Xa",
/// "Đặc khu Côn Đảo" gives "Dac khu Con Dao".
pub fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        let lower: Vec<char> = c.to_lowercase().collect();
        match lower.as_slice() {
            [one] if *one != c => out.extend(base_letter(*one).to_uppercase()),
            [one] => out.push(base_letter(*one)),
            _ => out.push(c),
        }
    }
    out
}

/// A lower-case character: ASCII without the Unicode tables' detour.
enum Lower {
    One(char),
    Many(std::char::ToLowercase),
    Done,
}

impl Iterator for Lower {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match std::mem::replace(self, Lower::Done) {
            Lower::One(c) => Some(c),
            Lower::Many(mut rest) => {
                let next = rest.next();
                *self = Lower::Many(rest);
                next
            }
            Lower::Done => None,
        }
    }
}

/// A name reduced to lower-case ASCII letters and digits separated by
/// single spaces: "Tỉnh Hà Giang", "tinh  ha giang" and the NFD form all
/// give "tinh ha giang".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] into `out` (cleared first), so a scan over thousands of names
/// reuses one buffer.
fn fold_into(text: &str, out: &mut String) {
    out.clear();
    let lower = |c: char| -> Lower {
        if c.is_ascii() {
            Lower::One(c.to_ascii_lowercase())
        } else {
            Lower::Many(c.to_lowercase())
        }
    };
    for c in text.chars().flat_map(lower) {
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
    let end = out.trim_end().len();
    out.truncate(end);
}

/// The key of a folded name: without a leading unit-kind prefix.
pub(crate) fn key_of_folded(folded: &str) -> std::borrow::Cow<'_, str> {
    for prefix in PREFIXES {
        if let Some(rest) = folded.strip_prefix(prefix)
            && !rest.is_empty()
        {
            return rest.trim_start_matches('.').trim().into();
        }
    }
    if folded.contains('.') {
        folded.replace('.', "").into()
    } else {
        folded.into()
    }
}

/// [`fold`], then without a leading unit-kind prefix ("tinh", "tp"…).
pub fn key(text: &str) -> String {
    key_of_folded(&fold(text)).into_owned()
}

/// The last letter of a name as [`fold`] writes it, or `None` where that
/// is not simple to tell (a name ending in "." or in no letter).
fn last_letter(name: &str) -> Option<char> {
    let c = name
        .chars()
        .rev()
        .find(|c| !('\u{300}'..='\u{36f}').contains(c) && (c.is_alphanumeric() || *c == '.'))?;
    if c == '.' {
        return None;
    }
    let lower = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase()
            .rev()
            .find(|l| !('\u{300}'..='\u{36f}').contains(l))?
    };
    Some(base_letter(lower))
}

/// The keys a reference may mean: [`key`], and the whole folded name when
/// its first word only looks like a kind ("Quán Thánh" is a ward's name,
/// not "Quận Thánh").
pub(crate) fn keys(text: &str) -> Vec<String> {
    let folded = fold(text);
    let key = key_of_folded(&folded).into_owned();
    let whole = folded.replace('.', "");
    if whole == key {
        vec![key]
    } else {
        vec![key, whole]
    }
}

/// Compares names with keys ([`keys`]) through one reused buffer: a scan
/// of the 17,000 built-in areas allocates nothing per name.
#[derive(Default)]
pub(crate) struct KeyMatcher {
    buffer: String,
}

impl KeyMatcher {
    /// Whether `name`'s key, or its whole folded form, is one of `wanted`.
    pub(crate) fn is(&mut self, name: &str, wanted: &[String]) -> bool {
        // Most names differ in their last letter: checking it first spares
        // folding the whole name (a scan folds thousands of them).
        if let Some(last) = last_letter(name)
            && !wanted.iter().any(|w| w.ends_with(last))
        {
            return false;
        }
        fold_into(name, &mut self.buffer);
        let key = key_of_folded(&self.buffer);
        wanted.iter().any(|w| *w == key)
            || (key.len() != self.buffer.len()
                && wanted.iter().any(|w| w.as_str() == self.buffer.as_str()))
    }

    /// Whether `name`'s key starts with `wanted`, or one of its words does.
    pub(crate) fn starts(&mut self, name: &str, wanted: &str) -> bool {
        fold_into(name, &mut self.buffer);
        let key = key_of_folded(&self.buffer);
        !wanted.is_empty()
            && (key.starts_with(wanted) || key.split(' ').any(|w| w.starts_with(wanted)))
    }
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
        assert_eq!(key("Đặc khu Côn Đảo"), "con dao");
        assert_eq!(key("Thị xã Kỳ Anh"), "ky anh");
    }

    #[test]
    fn the_last_letter_is_the_last_letter_of_the_fold() {
        let schemes = crate::area::SchemeSet::builtin().unwrap();
        let names = schemes
            .schemes
            .iter()
            .flat_map(|s| s.areas.iter())
            .flat_map(|a| [a.name.vi.clone(), a.name.en.clone()]);
        let tricky = [
            "Ha\u{300} Giang",
            "Xã Ea H\u{2019}leo\u{2019}",
            "İ",
            "Phường 1",
            "x - ",
            "ĐẮK LẮK",
        ];
        for name in names.chain(tricky.iter().map(|t| t.to_string())) {
            if let Some(last) = last_letter(&name) {
                assert_eq!(fold(&name).chars().last(), Some(last), "{name:?}");
            }
        }
    }

    #[test]
    fn a_name_whose_first_word_looks_like_a_kind_still_matches() {
        let mut m = KeyMatcher::default();
        assert_eq!(keys("Quán Thánh"), ["thanh", "quan thanh"]);
        assert!(m.is("Phường Quán Thánh", &keys("Quán Thánh")));
        assert!(m.is("Phường Quán Thánh", &keys("phuong quan thanh")));
        assert!(!m.is("Phường Thanh Xuân", &keys("Quán Thánh")));
        assert_eq!(keys("Hà Giang"), ["ha giang"]);
    }

    #[test]
    fn ascii_keeps_case_and_drops_marks() {
        assert_eq!(ascii("Phường Phúc Xá"), "Phuong Phuc Xa");
        assert_eq!(ascii("Đặc khu Côn Đảo"), "Dac khu Con Dao");
        assert_eq!(ascii("Xã Ea H\u{2019}leo"), "Xa Ea H\u{2019}leo");
        assert_eq!(ascii("Ha\u{300} Giang"), "Ha Giang");
        assert_eq!(ascii("THỊ TRẤN"), "THI TRAN");
    }
}
