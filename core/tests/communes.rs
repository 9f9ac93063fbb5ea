//! The built-in commune table: every old commune accounted for, provinces
//! that agree with the province crosswalk, and re-basing that keeps every
//! province's totals.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, HashMap};

use chitieu::area::{Crosswalk, SchemeSet, rebase};
use chitieu::{AreaLevel, DataSet, Rational};
use proptest::prelude::*;

fn schemes() -> SchemeSet {
    SchemeSet::builtin().unwrap()
}

/// Old code → (level, province code in vn-2004).
fn old_units(s: &SchemeSet) -> HashMap<String, (AreaLevel, String)> {
    let old = s.scheme("vn-2004").unwrap();
    let parent = |code: &str| old.area(code).and_then(|a| a.parent.clone());
    old.areas
        .iter()
        .map(|a| {
            let province = match a.kind.level() {
                AreaLevel::Province => a.code.to_string(),
                AreaLevel::District => parent(a.code.as_str()).unwrap().to_string(),
                _ => {
                    let district = parent(a.code.as_str()).unwrap();
                    parent(district.as_str()).unwrap().to_string()
                }
            };
            (a.code.to_string(), (a.kind.level(), province))
        })
        .collect()
}

#[test]
fn every_old_commune_is_mapped_or_listed() {
    let s = schemes();
    let old = s.scheme("vn-2004").unwrap();
    let new = s.scheme("vn-2025").unwrap();
    let crosswalk = s.crosswalk("vn-2004", "vn-2025").unwrap();
    let communes: Vec<_> = old
        .areas
        .iter()
        .filter(|a| a.kind.level() == AreaLevel::Commune)
        .collect();
    let districts = old
        .areas
        .iter()
        .filter(|a| a.kind.level() == AreaLevel::District)
        .count();
    assert_eq!((communes.len(), districts), (10_035, 696));
    assert_eq!(
        new.areas
            .iter()
            .filter(|a| a.kind.level() == AreaLevel::Commune)
            .count(),
        3_321
    );
    // The five island districts had no communes: each is a unit of its own.
    let islands: Vec<&str> = ["318", "471", "498", "536", "755"].to_vec();
    let linked = |code: &str| {
        crosswalk
            .links
            .iter()
            .filter(|l| l.from.as_str() == code)
            .count()
    };
    let mut mapped = 0;
    for unit in communes
        .iter()
        .map(|a| a.code.as_str())
        .chain(islands.iter().copied())
    {
        assert!(linked(unit) >= 1, "{unit} has no link");
        mapped += 1;
    }
    assert_eq!(mapped, 10_040);
    // Shares add up to one for every unit, and every target exists.
    crosswalk.clone().with_weights(&[]).unwrap();
    for link in &crosswalk.links {
        assert!(new.area(link.to.as_str()).is_some(), "{}", link.to);
    }
    // A divided commune names the package's default new commune (`primary`);
    // it is shared by surface unless a surface is unknown: the package gives
    // Phường Mỹ Phước Tây (28435) 0 km², so Phường 3 (28437) goes wholly to
    // its default.
    let primary = |code: &str| {
        crosswalk
            .links
            .iter()
            .any(|l| l.from.as_str() == code && l.primary)
    };
    let divided: Vec<&str> = communes
        .iter()
        .map(|a| a.code.as_str())
        .filter(|c| primary(c))
        .collect();
    assert_eq!(divided.len(), 471);
    let whole: Vec<&str> = divided.iter().copied().filter(|c| linked(c) == 1).collect();
    assert_eq!(whole, ["28437"]);
}

#[test]
fn every_new_commune_lies_in_the_province_its_old_ones_went_to() {
    let s = schemes();
    let units = old_units(&s);
    let new = s.scheme("vn-2025").unwrap();
    let crosswalk = s.crosswalk("vn-2004", "vn-2025").unwrap();
    let province_of_old: HashMap<&str, &str> = crosswalk
        .links
        .iter()
        .filter(|l| units.get(l.from.as_str()).map(|u| u.0) == Some(AreaLevel::Province))
        .map(|l| (l.from.as_str(), l.to.as_str()))
        .collect();
    assert_eq!(province_of_old.len(), 63);
    let mut checked = 0;
    for link in &crosswalk.links {
        let (level, old_province) = &units[link.from.as_str()];
        if *level == AreaLevel::Province {
            continue;
        }
        let new_commune = new.area(link.to.as_str()).unwrap();
        let new_province = new_commune.parent.as_ref().unwrap().as_str();
        assert_eq!(
            province_of_old[old_province.as_str()],
            new_province,
            "{} → {} {}",
            link.from,
            link.to,
            new_commune.name.vi
        );
        checked += 1;
    }
    assert!(checked > 10_040, "{checked}");
    // And every new commune is formed from at least one old unit.
    for area in &new.areas {
        assert!(
            crosswalk.links.iter().any(|l| l.to == area.code),
            "{}",
            area.code
        );
    }
}

/// A national data set on the real codes: the 63 provinces, their
/// districts and communes, one count per commune.
fn national(s: &SchemeSet, value: impl Fn(usize) -> u32, keep: impl Fn(usize) -> bool) -> DataSet {
    let old = s.scheme("vn-2004").unwrap();
    let mut areas = vec![
        serde_json::json!({"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"}),
    ];
    let mut observations = Vec::new();
    for (i, a) in old.areas.iter().enumerate() {
        let level = a.kind.level();
        if level == AreaLevel::Commune && !keep(i) {
            continue;
        }
        let parent = a
            .parent
            .as_ref()
            .map_or("VN".to_string(), |p| p.to_string());
        areas.push(serde_json::json!({"code": a.code.as_str(), "name": a.name, "level": level, "parent": parent}));
        if level == AreaLevel::Commune {
            observations.push(serde_json::json!({"indicator": "P8.CCG", "area": a.code.as_str(), "period": "2024", "value": value(i)}));
        }
    }
    chitieu::io::json::from_value(
        &serde_json::json!({"version": 1, "builtin_framework": "project8",
        "areas": areas, "observations": observations}),
        "$",
    )
    .unwrap()
}

/// Totals by vn-2025 province: before (through each old commune's province)
/// and after re-basing.
fn province_totals(
    s: &SchemeSet,
    data: &DataSet,
    crosswalk: &Crosswalk,
) -> (BTreeMap<String, Rational>, BTreeMap<String, Rational>) {
    let units = old_units(s);
    let new = s.scheme("vn-2025").unwrap();
    let to_new: HashMap<&str, &str> = s
        .crosswalk("vn-2004", "vn-2025")
        .unwrap()
        .links
        .iter()
        .filter(|l| l.from.as_str().len() == 2)
        .map(|l| (l.from.as_str(), l.to.as_str()))
        .collect();
    let mut before: BTreeMap<String, Rational> = BTreeMap::new();
    for o in data.observations() {
        let province = &units[o.area().as_str()].1;
        let slot = before
            .entry(to_new[province.as_str()].to_string())
            .or_insert(Rational::ZERO);
        *slot = slot.checked_add(o.value().unwrap()).unwrap();
    }
    let rebased = rebase(data, crosswalk, s).unwrap();
    // Only districts whose communes are in the data are listed: their
    // figures are their communes'. A district without them (an island
    // district, or one whose communes were left out) maps as a whole.
    let listed: Vec<&str> = rebased.unmapped.iter().map(|u| u.area.as_str()).collect();
    let districts: Vec<&str> = data
        .areas()
        .iter()
        .filter(|a| a.level == AreaLevel::District)
        .filter(|d| {
            data.areas()
                .iter()
                .any(|c| c.parent.as_ref() == Some(&d.code))
        })
        .map(|a| a.code.as_str())
        .collect();
    assert_eq!(listed, districts);
    let mut after: BTreeMap<String, Rational> = BTreeMap::new();
    for o in rebased.data.observations() {
        let value = o.value().unwrap();
        assert!(value.to_integer().is_some(), "{} holds {value}", o.area());
        let province = new.area(o.area().as_str()).unwrap().parent.clone().unwrap();
        let slot = after.entry(province.to_string()).or_insert(Rational::ZERO);
        *slot = slot.checked_add(value).unwrap();
    }
    (before, after)
}

#[test]
fn the_national_data_keeps_every_province_total() {
    let s = schemes();
    let data = national(&s, |i| (i * 7919 % 97) as u32, |_| true);
    let crosswalk = s.crosswalk("vn-2004", "vn-2025").unwrap();
    let (before, after) = province_totals(&s, &data, crosswalk);
    assert_eq!(before.len(), 34);
    assert_eq!(before, after);
    let rebased = rebase(&data, crosswalk, &s).unwrap();
    // 34 provinces and 3,321 communes under them; no district left.
    let levels: Vec<AreaLevel> = rebased.data.areas().iter().map(|a| a.level).collect();
    assert_eq!(
        levels.iter().filter(|l| **l == AreaLevel::Commune).count(),
        3_321
    );
    assert_eq!(
        levels.iter().filter(|l| **l == AreaLevel::District).count(),
        0
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn any_part_of_the_country_keeps_its_province_totals(seed in any::<u64>(), keep in 1u64..10, primary in any::<bool>()) {
        let s = schemes();
        let mix = |i: usize| (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed;
        let data = national(&s, |i| (mix(i) % 1000) as u32, |i| mix(i) % 10 < keep);
        let base = s.crosswalk("vn-2004", "vn-2025").unwrap();
        let crosswalk = if primary { base.primary_only() } else { base.clone() };
        let (before, after) = province_totals(&s, &data, &crosswalk);
        prop_assert_eq!(before, after);
    }
}

/// A sample checked against the official text: Articles 1–3 of Resolution
/// 1656/NQ-UBTVQH15 (16 June 2025) on Hà Nội's communes form the new wards
/// Hoàn Kiếm, Cửa Nam and Ba Đình. Each old ward the resolution takes
/// whole must have one link, to that ward; each it takes in part must be
/// divided, with a link to every new ward the resolution names for it.
#[test]
fn a_sample_agrees_with_resolution_1656() {
    let s = schemes();
    let new = s.scheme("vn-2025").unwrap();
    let crosswalk = s.crosswalk("vn-2004", "vn-2025").unwrap();
    let targets = |old: &str| -> Vec<String> {
        let code = s.resolve(old, Some("vn-2004"), None).unwrap().code;
        crosswalk
            .links
            .iter()
            .filter(|l| l.from == code)
            .map(|l| new.area(l.to.as_str()).unwrap().name.vi.clone())
            .collect()
    };
    let whole: [(&str, &str); 12] = [
        ("Hàng Bạc, Hoàn Kiếm", "Phường Hoàn Kiếm"),
        ("Hàng Bồ, Hoàn Kiếm", "Phường Hoàn Kiếm"),
        ("Hàng Buồm, Hoàn Kiếm", "Phường Hoàn Kiếm"),
        ("Hàng Đào, Hoàn Kiếm", "Phường Hoàn Kiếm"),
        ("Hàng Gai, Hoàn Kiếm", "Phường Hoàn Kiếm"),
        ("Hàng Mã, Hoàn Kiếm", "Phường Hoàn Kiếm"),
        ("Lý Thái Tổ, Hoàn Kiếm", "Phường Hoàn Kiếm"),
        ("Hàng Bài, Hoàn Kiếm", "Phường Cửa Nam"),
        ("Phan Chu Trinh, Hoàn Kiếm", "Phường Cửa Nam"),
        ("Trần Hưng Đạo, Hoàn Kiếm", "Phường Cửa Nam"),
        ("Quán Thánh, Ba Đình", "Phường Ba Đình"),
        ("Trúc Bạch, Ba Đình", "Phường Ba Đình"),
    ];
    for (old, to) in whole {
        assert_eq!(targets(old), [to], "{old}");
    }
    let part: [(&str, &[&str]); 13] = [
        (
            "Phường Cửa Đông, Hoàn Kiếm",
            &["Phường Hoàn Kiếm", "Phường Ba Đình"],
        ),
        (
            "Phường Cửa Nam, Hoàn Kiếm",
            &["Phường Hoàn Kiếm", "Phường Cửa Nam", "Phường Ba Đình"],
        ),
        (
            "Điện Biên, Ba Đình",
            &["Phường Hoàn Kiếm", "Phường Ba Đình"],
        ),
        (
            "Đồng Xuân, Hoàn Kiếm",
            &["Phường Hoàn Kiếm", "Phường Ba Đình"],
        ),
        (
            "Hàng Bông, Hoàn Kiếm",
            &["Phường Hoàn Kiếm", "Phường Cửa Nam"],
        ),
        (
            "Hàng Trống, Hoàn Kiếm",
            &["Phường Hoàn Kiếm", "Phường Cửa Nam"],
        ),
        (
            "Tràng Tiền, Hoàn Kiếm",
            &["Phường Hoàn Kiếm", "Phường Cửa Nam"],
        ),
        ("Nguyễn Du, Hai Bà Trưng", &["Phường Cửa Nam"]),
        ("Phạm Đình Hổ, Hai Bà Trưng", &["Phường Cửa Nam"]),
        ("Đội Cấn, Ba Đình", &["Phường Ba Đình"]),
        ("Kim Mã, Ba Đình", &["Phường Ba Đình"]),
        ("Phường Ngọc Hà, Ba Đình", &["Phường Ba Đình"]),
        ("Thụy Khuê, Tây Hồ", &["Phường Ba Đình"]),
    ];
    for (old, named) in part {
        let to = targets(old);
        assert!(to.len() > 1, "{old} is divided: {to:?}");
        for n in named {
            assert!(to.iter().any(|t| t == n), "{old} → {n}: {to:?}");
        }
    }
}

/// Sums of values, numerators and denominators by (province of 2025,
/// indicator, period, breakdown).
type Totals = BTreeMap<(String, String, String, String), [Rational; 3]>;

/// `data`'s totals by the province of 2025 each area lies in, reached
/// through the data set's own tree; `to_new` maps a province code to its
/// 2025 province (the identity after re-basing).
fn totals(data: &DataSet, to_new: &dyn Fn(&str) -> String, skip: &[usize]) -> Totals {
    let areas: HashMap<&str, &chitieu::Area> =
        data.areas().iter().map(|a| (a.code.as_str(), a)).collect();
    let province = |code: &str| -> String {
        let mut area = areas[code];
        while area.level != AreaLevel::Province {
            area = areas[area.parent.as_ref().unwrap().as_str()];
        }
        to_new(area.code.as_str())
    };
    let mut out = Totals::new();
    for (_, o) in data
        .observations()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
    {
        let key = (
            province(o.area().as_str()),
            o.indicator().to_string(),
            o.period().to_string(),
            o.disaggregation().to_string(),
        );
        let slot = out.entry(key).or_insert([Rational::ZERO; 3]);
        for (sum, v) in slot
            .iter_mut()
            .zip([o.value(), o.numerator(), o.denominator()])
        {
            *sum = sum.checked_add(v.unwrap_or(Rational::ZERO)).unwrap();
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, max_shrink_iters: 4, ..ProptestConfig::default() })]

    /// The national synthetic data on the real communes of 2024 (every
    /// indicator kind, breakdowns, injected mistakes), re-based to 2025:
    /// every province keeps every total of every indicator, period and
    /// breakdown, and no observation is lost.
    #[test]
    fn the_synthetic_national_data_keeps_its_province_totals(every in 30usize..60, seed in any::<u64>(), primary in any::<bool>()) {
        let s = schemes();
        let synthetic = chitieu_synth::generate_vn2004(every, 1, seed).unwrap();
        let data: DataSet = chitieu::io::json::from_str(&synthetic.json).unwrap();
        let base = s.crosswalk("vn-2004", "vn-2025").unwrap();
        let crosswalk = if primary { base.primary_only() } else { base.clone() };
        let province_to_new: HashMap<String, String> = base
            .links
            .iter()
            .filter(|l| l.from.as_str().len() == 2)
            .map(|l| (l.from.to_string(), l.to.to_string()))
            .collect();
        let rebased = rebase(&data, &crosswalk, &s).unwrap();
        // Only villages of divided communes are listed (which part are they
        // in?), and only with shares by surface; everything else is carried.
        let mut listed = Vec::new();
        for u in rebased.unmapped.iter().filter(|u| u.kind != "area") {
            prop_assert!(!primary && u.kind == "observation" && u.area.as_str().contains("-T"), "{:?}", u);
            let at = u.path.trim_start_matches("observations[").trim_end_matches(']');
            listed.push(at.parse::<usize>().unwrap());
        }
        let before = totals(&data, &|p| province_to_new[p].clone(), &listed);
        let after = totals(&rebased.data, &|p| p.to_string(), &[]);
        prop_assert_eq!(before.len(), after.len());
        prop_assert_eq!(before, after);
    }
}
