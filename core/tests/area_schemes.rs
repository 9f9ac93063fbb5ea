//! The built-in province schemes and their crosswalk.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chitieu::AreaLevel;
use chitieu::area::{AreaKind, AreaScheme, SchemeArea, SchemeSet};

fn provinces(scheme: &AreaScheme) -> impl Iterator<Item = &SchemeArea> {
    scheme
        .areas
        .iter()
        .filter(|a| a.kind.level() == AreaLevel::Province)
}

#[test]
fn builtin_lists_hold_63_and_34_units() {
    let schemes = SchemeSet::builtin().unwrap();
    let old = schemes.scheme("vn-2004").unwrap();
    let new = schemes.scheme("vn-2025").unwrap();
    assert_eq!(provinces(old).count(), 63);
    assert_eq!(provinces(new).count(), 34);
    assert_eq!(SchemeSet::provinces().unwrap().schemes[0].areas.len(), 63);
    let cities = |s: &AreaScheme| {
        provinces(s)
            .filter(|a| a.kind == AreaKind::CentralCity)
            .count()
    };
    assert_eq!((cities(old), cities(new)), (5, 6));
}

#[test]
fn every_old_province_is_in_exactly_one_new_one() {
    let schemes = SchemeSet::builtin().unwrap();
    let old = schemes.scheme("vn-2004").unwrap();
    let new = schemes.scheme("vn-2025").unwrap();
    let crosswalk = schemes.crosswalk("vn-2004", "vn-2025").unwrap();
    for area in provinces(old) {
        let links: Vec<_> = crosswalk
            .links
            .iter()
            .filter(|l| l.from == area.code)
            .collect();
        assert_eq!(links.len(), 1, "{} {}", area.code, area.name.vi);
        assert!(links[0].weight.is_none());
        assert!(new.area(links[0].to.as_str()).is_some());
    }
    // and every new one is formed from at least one old one
    for area in provinces(new) {
        assert!(
            crosswalk.links.iter().any(|l| l.to == area.code),
            "{}",
            area.name.vi
        );
    }
}

#[test]
fn names_are_nfc_with_an_ascii_form() {
    let schemes = SchemeSet::builtin().unwrap();
    for scheme in &schemes.schemes {
        for area in &scheme.areas {
            assert!(
                !area
                    .name
                    .vi
                    .chars()
                    .any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
                "{}",
                area.name.vi
            );
            assert!(area.name.en.is_ascii(), "{}", area.name.en);
        }
    }
}

#[test]
fn the_same_code_names_different_provinces() {
    let schemes = SchemeSet::builtin().unwrap();
    let date = |d| chitieu::period::parse_date(d).unwrap();
    for (code, before, after) in [
        ("24", "Bắc Giang", "Bắc Ninh"),
        ("15", "Yên Bái", "Lào Cai"),
        ("52", "Bình Định", "Gia Lai"),
    ] {
        assert_eq!(
            schemes
                .resolve(code, None, Some(date("2025-06-30")))
                .unwrap()
                .name
                .vi,
            before
        );
        assert_eq!(
            schemes
                .resolve(code, None, Some(date("2025-07-01")))
                .unwrap()
                .name
                .vi,
            after
        );
        let e = schemes.resolve(code, None, None).unwrap_err();
        assert_eq!(e.code(), "ambiguous");
        assert!(
            e.message(chitieu::Lang::En).contains(before)
                && e.message(chitieu::Lang::En).contains(after)
        );
    }
}
