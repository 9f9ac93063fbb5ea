//! Properties that must hold for every input, checked with proptest:
//! lossless JSON, honest rounding, consistent roll-ups and allocations,
//! order independence, and re-basing that preserves totals.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chitieu::area::{Crosswalk, Link, SchemeSet, rebase};
use chitieu::progress::{AllocationUnit, allocate};
use chitieu::{DataSet, NumberFormat, Period, Rational, io::json};
use proptest::prelude::*;

fn rational() -> impl Strategy<Value = Rational> {
    (-1_000_000_000i64..1_000_000_000, 1i64..1_000_000)
        .prop_map(|(n, d)| Rational::new(i128::from(n), i128::from(d)).unwrap())
}

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1990i32..2100).prop_map(Period::Year),
        (1990i32..2100, 1u32..=2).prop_map(|(y, h)| Period::HalfYear(y, h)),
        (1990i32..2100, 1u32..=4).prop_map(|(y, q)| Period::Quarter(y, q)),
        (1990i32..2100, 1u32..=12).prop_map(|(y, m)| Period::Month(y, m)),
        (1990i32..2090, 1i32..10).prop_map(|(y, n)| Period::Years(y, y + n)),
    ]
}

/// `data` with its observations in a deterministic shuffle of `seed`.
fn shuffled(data: &DataSet, seed: u64) -> DataSet {
    let mut observations = data.clone().into_observations();
    let mut state = seed | 1;
    for i in (1..observations.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        observations.swap(i, (state % (i as u64 + 1)) as usize);
    }
    data.without_observations().with_observations(observations)
}

/// A period inside Project 8's phase 1 (2021–2025), of any calendar type.
fn phase_one_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (2021i32..=2025).prop_map(Period::Year),
        (2021i32..=2025, 1u32..=2).prop_map(|(y, h)| Period::HalfYear(y, h)),
        (2021i32..=2025, 1u32..=4).prop_map(|(y, q)| Period::Quarter(y, q)),
        (2021i32..=2025, 1u32..=12).prop_map(|(y, m)| Period::Month(y, m)),
        (2021i32..2025, 1i32..4).prop_map(|(y, n)| Period::Years(y, (y + n).min(2025))),
    ]
}

/// A small province data set: `counts[i]` groups in province `P{i}`.
fn provinces(counts: &[u32]) -> DataSet {
    let mut areas = vec![
        serde_json::json!({"code": "VN", "name": {"vi": "VN", "en": "VN"}, "level": "country"}),
    ];
    let mut observations = Vec::new();
    for (i, n) in counts.iter().enumerate() {
        let code = format!("{:02}", [2, 8, 10, 15, 24, 27][i % 6]);
        if areas.iter().any(|a| a["code"] == code) {
            continue;
        }
        areas.push(serde_json::json!({"code": code, "name": {"vi": code, "en": code}, "level": "province", "parent": "VN"}));
        observations.push(
            serde_json::json!({"indicator": "P8.CCG", "area": code, "period": "2023", "value": n}),
        );
    }
    json::from_value(
        &serde_json::json!({"version": 1, "builtin_framework": "project8", "areas": areas, "observations": observations}),
        "$",
    )
    .unwrap()
}

/// Numbers as data files have them: every edge of the store's integer
/// cells, fractions and values past 64 bits.
fn stored_number() -> impl Strategy<Value = Option<Rational>> {
    prop_oneof![
        Just(None),
        any::<i64>().prop_map(|n| Some(Rational::from(n))),
        prop_oneof![
            Just(i64::MIN),
            Just(i64::MIN + 1),
            Just(i64::MIN + 2),
            Just(i64::MAX),
            Just(0)
        ]
        .prop_map(|n| Some(Rational::from(n))),
        (any::<i64>(), 1i64..i64::MAX).prop_map(|(n, d)| Rational::new(n.into(), d.into())),
        (-(1i128 << 100)..(1i128 << 100)).prop_map(|n| Some(Rational::from(n))),
    ]
}

/// Any observation: known and unknown codes, breakdowns, every field.
fn observation() -> impl Strategy<Value = chitieu::Observation> {
    let code = |codes: &'static [&'static str]| prop::sample::select(codes);
    let qualifier = prop_oneof![Just(None), Just(Some("about")), Just(Some("more-than"))];
    let status = prop::sample::select(&["draft", "submitted", "approved"][..]);
    (
        (
            code(&["P8.CCG", "P8.VSLA", "NOT-A-CODE"]),
            code(&["VN", "01", "XX"]),
        ),
        period(),
        prop::collection::btree_map(code(&["sex", "giới tính"]), code(&["female", "nữ"]), 0..3),
        (stored_number(), stored_number(), stored_number()),
        (
            qualifier,
            prop::option::of("[a-z=+@-][a-z=+ ]{0,11}"),
            status,
        ),
    )
        .prop_map(
            |((ind, area), period, dims, (v, n, d), (q, source, status))| {
                let mut obs: chitieu::Observation = json::from_value(
                &serde_json::json!({"indicator": ind, "area": area, "period": period.to_string(),
                    "disaggregation": dims, "status": status, "qualifier": q}),
                "$",
            )
            .unwrap();
                (obs.value, obs.numerator, obs.denominator, obs.source) = (v, n, d, source);
                obs
            },
        )
}

proptest! {
    #[test]
    fn the_store_keeps_every_observation_exactly(
        rows in prop::collection::vec(observation(), 0..40),
    ) {
        let data = chitieu::builtin::project8().unwrap().without_observations();
        let data = data.with_observations(rows.clone());
        let back: Vec<_> = data.observations().map(|o| o.to_observation()).collect();
        prop_assert_eq!(&back, &rows);
        let from_json: DataSet = json::from_str(&json::to_string(&data).unwrap()).unwrap();
        prop_assert_eq!(from_json.into_observations(), rows.clone());
        let csv = chitieu::io::csv::write_observations(&rows, NumberFormat::Vi).unwrap();
        let from_csv = data.with_csv(&csv, "vi").unwrap();
        prop_assert_eq!(from_csv.into_observations(), rows);
    }

    #[test]
    fn roll_ups_do_not_depend_on_row_order(seed in any::<u64>()) {
        let data = chitieu::builtin::load("sample-province").unwrap();
        let as_of = chitieu::period::parse_date("2024-12-31").unwrap();
        let rolled = |d: &DataSet| {
            // Lenient: the sample has a misspelt code, left out either way.
            let (checked, _) = d.check_lenient().unwrap();
            json::to_string(&chitieu::progress::rollup(&checked, as_of, None, None).unwrap()).unwrap()
        };
        prop_assert_eq!(rolled(&shuffled(&data, seed)), rolled(&data));
    }

    #[test]
    fn the_latest_value_of_a_stock_does_not_depend_on_row_order(
        // (period, written as a plain date range instead, value)
        rows in prop::collection::vec((phase_one_period(), any::<bool>(), 0u32..10_000), 1..8),
        seed in any::<u64>(),
    ) {
        // The fuzzer's find: `2024S1` and `2024-01-01/2024-06-30` cover the
        // same days, and the latest of the two used to be whichever came last.
        let mut observations = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (period, as_range, value) in rows {
            let period = if as_range {
                Period::range(period.start(), period.end()).unwrap()
            } else {
                period
            };
            if seen.insert(period.to_string()) {
                observations.push(serde_json::json!({"indicator": "P8.CCG", "area": "VN",
                    "period": period.to_string(), "value": value}));
            }
        }
        let data: DataSet = json::from_value(
            &serde_json::json!({"version": 1, "builtin_framework": "project8",
                "areas": [{"code": "VN", "name": {"vi": "VN", "en": "VN"}, "level": "country"}],
                "observations": observations}),
            "$",
        ).unwrap();
        let as_of = chitieu::period::parse_date("2025-12-31").unwrap();
        let rolled = |d: &DataSet| {
            let checked = d.check().unwrap();
            json::to_string(&chitieu::progress::rollup(&checked, as_of, None, None).unwrap()).unwrap()
        };
        prop_assert_eq!(rolled(&shuffled(&data, seed)), rolled(&data));
    }

    #[test]
    fn rationals_round_trip_through_json_and_both_formats(r in rational()) {
        let text = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(serde_json::from_str::<Rational>(&text).unwrap(), r);
        for fmt in [NumberFormat::Vi, NumberFormat::En] {
            prop_assert_eq!(fmt.parse(&fmt.format_exact(r).unwrap()).unwrap(), r);
        }
    }

    #[test]
    fn periods_round_trip(p in period()) {
        prop_assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
        let text = serde_json::to_string(&p).unwrap();
        prop_assert_eq!(serde_json::from_str::<Period>(&text).unwrap(), p);
    }

    #[test]
    fn display_rounding_is_exact_and_monotonic(a in rational(), b in rational(), decimals in 0u32..4) {
        let (ra, rb) = (a.round_scaled(decimals).unwrap(), b.round_scaled(decimals).unwrap());
        if a <= b {
            prop_assert!(ra <= rb);
        }
        // Within half a unit of the last decimal, ties away from zero.
        let scale = Rational::from(10i128.pow(decimals));
        let error = Rational::from(ra).checked_sub(a.checked_mul(scale).unwrap()).unwrap().abs();
        prop_assert!(error <= Rational::new(1, 2).unwrap());
    }

    #[test]
    fn allocations_sum_exactly_within_bounds_and_deterministically(
        total in 0u64..100_000,
        weights in prop::collection::vec(0i64..1_000, 1..12),
        floors in prop::collection::vec(0u64..5, 12),
        caps in prop::collection::vec(proptest::option::of(5u64..100_000), 12),
    ) {
        let units: Vec<AllocationUnit> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| AllocationUnit { code: format!("U{i}"), weight: Rational::from(*w), floor: floors[i], cap: caps[i] })
            .collect();
        match allocate(total, &units) {
            Ok(a) => {
                let sum: u64 = a.allocations.iter().map(|x| x.allocated).sum();
                prop_assert_eq!(sum, total);
                for (x, u) in a.allocations.iter().zip(&units) {
                    prop_assert!(x.allocated >= u.floor);
                    prop_assert!(u.cap.is_none_or(|c| x.allocated <= c));
                }
                prop_assert_eq!(allocate(total, &units).unwrap(), a);
            }
            Err(e) => prop_assert_eq!(e.code(), "infeasible-allocation"),
        }
    }

    #[test]
    fn rebasing_preserves_totals(counts in prop::collection::vec(0u32..10_000, 1..6)) {
        let data = provinces(&counts);
        let schemes = SchemeSet::builtin().unwrap();
        let crosswalk = schemes.crosswalk("vn-2004", "vn-2025").unwrap().clone();
        let rebased = rebase(&data, &crosswalk, &schemes).unwrap();
        let total = |d: &DataSet| Rational::sum(d.observations().filter_map(|o| o.value())).unwrap();
        prop_assert_eq!(total(&rebased.data), total(&data));
        prop_assert!(rebased.unmapped.is_empty());
    }

    #[test]
    fn split_shares_preserve_totals(value in 0u32..1_000_000, share in 1i128..100) {
        let crosswalk = Crosswalk { from: "vn-2004".into(), to: "vn-2025".into(), links: vec![
            Link { weight: Rational::new(share, 100), ..Link::whole("02".parse().unwrap(), "08".parse().unwrap()) },
            Link { weight: Rational::new(100 - share, 100), ..Link::whole("02".parse().unwrap(), "15".parse().unwrap()) },
        ]};
        let data = provinces(&[value]);
        let schemes = SchemeSet::builtin().unwrap();
        // Both shares are above 0 (1..100): each new province gets a part.
        let rebased = rebase(&data, &crosswalk, &schemes).unwrap();
        prop_assert_eq!(rebased.data.observation_count(), 2);
        let sum = Rational::sum(rebased.data.observations().filter_map(|o| o.value())).unwrap();
        prop_assert_eq!(sum, Rational::from(value));
    }

    #[test]
    fn roll_up_of_the_hierarchy_equals_the_sum_of_leaves(counts in prop::collection::vec(0u32..10_000, 1..6)) {
        let data = provinces(&counts);
        let request = serde_json::json!({"version": 1, "op": "rollup", "data": data, "as_of": "2023-12-31", "indicator": "P8.CCG"});
        let response = chitieu::evaluate(&request.to_string()).unwrap().to_value().unwrap();
        let rows = response["result"]["indicators"][0]["rows"].as_array().unwrap().clone();
        let national = rows.iter().find(|r| r["area"] == "VN").unwrap()["value"].as_u64().unwrap();
        let leaves: u64 = rows.iter().filter(|r| r["area"] != "VN").map(|r| r["value"].as_u64().unwrap()).sum();
        prop_assert_eq!(national, leaves);
    }

    #[test]
    fn validation_does_not_depend_on_input_order(seed in any::<u64>()) {
        let data = chitieu::builtin::load("sample-province").unwrap();
        let as_of = chitieu::period::parse_date("2024-12-31").unwrap();
        let options = chitieu::rules::ValidateOptions::default();
        let key = |d: &DataSet| {
            let mut v: Vec<(String, String)> = chitieu::rules::validate(d, as_of, &options)
                .unwrap()
                .findings
                .into_iter()
                .map(|f| (f.rule, f.message.en))
                .collect();
            v.sort();
            v
        };
        let before = key(&data);
        prop_assert_eq!(key(&shuffled(&data, seed)), before);
    }

    #[test]
    fn evaluation_never_panics_on_arbitrary_text(text in ".{0,200}") {
        let _ = chitieu::evaluate(&text);
    }
}

#[test]
fn data_sets_round_trip_through_json() {
    for name in chitieu::builtin::NAMES {
        let data = chitieu::builtin::load(name).unwrap();
        let back: DataSet = json::from_str(&json::to_string(&data).unwrap()).unwrap();
        assert_eq!(back, data, "{name}");
    }
}

/// The test framework and areas of the template conformance cases, with
/// one observation of `W` at Province Two in 2023 for each of `categories`
/// categories of `sex`.
fn template_data(categories: usize) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/cases/user-rule-template-fires.json");
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut data = case["request"]["data"].clone();
    data["observations"] = (0..categories)
        .map(|c| {
            serde_json::json!({"indicator": "W", "area": "P2", "period": "2023", "value": c,
                "disaggregation": {"sex": format!("c{c}")}})
        })
        .collect();
    data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A template of `variables` variables over a dimension with
    /// `categories` categories has categories^variables combinations: a
    /// rule that fails at every one is refused past 10,000 combinations,
    /// else gives one finding per combination up to 100 and one more for
    /// the rest — never a cost that grows with the expansion unbounded.
    #[test]
    fn template_expansion_is_bounded(variables in 1usize..=30, categories in 1usize..=4) {
        let expression = (0..variables)
            .map(|v| format!("#{{W | sex=$v{v:02}}}"))
            .collect::<Vec<_>>()
            .join(" + ")
            + " < 0";
        let request = serde_json::json!({
            "version": 1, "op": "validate", "data": template_data(categories), "as_of": "2023-12-31",
            "options": {"rules": [{"id": "u-all", "expression": expression}]}
        });
        let combinations = (categories as u128).checked_pow(variables as u32).unwrap();
        let outcome = chitieu::evaluate(&request.to_string());
        if combinations > 10_000 {
            let error = outcome.unwrap_err();
            prop_assert_eq!(error.code(), "invalid-value");
            prop_assert_eq!(error.path(), "$.options.rules[0].expression");
            let text = error.message(chitieu::Lang::En);
            prop_assert!(text.contains("u-all"), "{}", text);
            prop_assert!(text.contains("over the limit of 10,000"), "{}", text);
        } else {
            let response: serde_json::Value =
                serde_json::from_str(&outcome.unwrap().to_json_string().unwrap()).unwrap();
            let findings = response["result"]["findings"].as_array().unwrap();
            let user = findings.iter().filter(|f| f["rule"] == "u-all").count() as u128;
            prop_assert_eq!(user, combinations.min(100) + u128::from(combinations > 100));
        }
    }
}
