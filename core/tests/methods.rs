//! Properties of the trend and apportionment methods (proptest), and the
//! binary64 figures of the growth methods checked against hand
//! computation.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chitieu::model::Direction;
use chitieu::progress::{
    AllocationUnit, ApportionMethod, Figure, Margin, Point, TrendInput, TrendMethod, TrendOptions,
    apportion, biproportional, trend,
};
use chitieu::{Period, Rational};
use proptest::prelude::*;

fn point(year: i32, value: i128) -> Point {
    Point {
        period: Period::Year(year),
        value: Rational::from(value),
    }
}

fn approx(figure: Option<Figure>) -> f64 {
    match figure {
        Some(Figure::Approx(x)) => x,
        other => panic!("expected a binary64 figure, got {other:?}"),
    }
}

fn run(
    method: TrendMethod,
    series: &[Point],
    target: Point,
    direction: Direction,
) -> chitieu::progress::Trend {
    let options = TrendOptions {
        method,
        ..TrendOptions::default()
    };
    let input = TrendInput {
        series,
        baseline: None,
        target,
        direction,
    };
    trend(&input, &options).unwrap()
}

#[test]
fn open_sdg_ratio_matches_hand_computation() {
    // CAGR observed: √1.21 − 1 = 0.1; required: 2^(1/4) − 1 = 0.189207115…
    let t = run(
        TrendMethod::OpenSdg,
        &[point(2021, 100), point(2023, 121)],
        point(2025, 200),
        Direction::Increase,
    );
    assert!((approx(t.fitted.get("cagr_observed").copied()) - 0.1).abs() < 1e-12);
    assert!((approx(t.fitted.get("cagr_required").copied()) - 0.189_207_115_002_721).abs() < 1e-12);
    assert!((approx(t.statistic) - 0.528_521_350_788_325).abs() < 1e-12);
}

#[test]
fn open_sdg_decrease_is_signed_by_direction() {
    // −10 % a year observed, 0.5^(1/4) − 1 = −0.159103584… required.
    let t = run(
        TrendMethod::OpenSdg,
        &[point(2021, 100), point(2023, 81)],
        point(2025, 50),
        Direction::Decrease,
    );
    assert!((approx(t.statistic) - 0.1 / 0.159_103_584_746_285_5).abs() < 1e-12);
}

#[test]
fn unsd_share_matches_hand_computation() {
    // 100 × 1.21² = 146.41 projected; (146.41 − 100)/(150 − 100) = 0.9282.
    let t = run(
        TrendMethod::UnsdCagr,
        &[point(2021, 100), point(2023, 121)],
        point(2025, 150),
        Direction::Increase,
    );
    assert!((approx(t.projected) - 146.41).abs() < 1e-9);
    assert!((approx(t.statistic) - 0.9282).abs() < 1e-12);
}

fn units(weights: &[u32], floors: &[u32], caps: &[Option<u32>]) -> Vec<AllocationUnit> {
    weights
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            let mut u = AllocationUnit::new(format!("U{i}"), Rational::from(w));
            u.floor = u64::from(floors.get(i).copied().unwrap_or(0));
            u.cap = caps.get(i).copied().flatten().map(u64::from);
            u
        })
        .collect()
}

const METHODS: [ApportionMethod; 4] = [
    ApportionMethod::LargestRemainder,
    ApportionMethod::Dhondt,
    ApportionMethod::SainteLague,
    ApportionMethod::HuntingtonHill,
];

/// The divisor methods by definition: one unit at a time to the highest
/// claim (exact), ties to the larger weight, then input order. No head
/// start, no shortcut: what the fast path must agree with.
fn walk(total: u64, weights: &[u32], method: ApportionMethod) -> Vec<u64> {
    let mut seats = vec![0u64; weights.len()];
    // Claims compared as fractions w / d (Huntington-Hill: w² / n(n+1)).
    let claim = |w: u32, n: u64| -> Option<Rational> {
        let (w, n) = (i128::from(w), i128::from(n));
        match method {
            ApportionMethod::Dhondt => Rational::new(w, n + 1),
            ApportionMethod::SainteLague => Rational::new(w, 2 * n + 1),
            _ if n == 0 => None,
            _ => Rational::new(w * w, n * (n + 1)),
        }
    };
    for _ in 0..total {
        let mut best: Option<(usize, Option<Rational>)> = None;
        for (i, &w) in weights.iter().enumerate() {
            let c = claim(w, seats[i]);
            let better = match &best {
                None => true,
                Some((j, bc)) => match (c, bc) {
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (None, None) => w > weights[*j],
                    (Some(a), Some(b)) => a > *b || (a == *b && w > weights[*j]),
                },
            };
            if better {
                best = Some((i, c));
            }
        }
        if let Some((i, _)) = best {
            seats[i] += 1;
        }
    }
    seats
}

proptest! {
    #[test]
    fn divisor_methods_agree_with_the_unit_by_unit_walk(
        weights in prop::collection::vec(1u32..100, 1..6),
        total in 0u64..3_000,
    ) {
        // Totals above 4 × units + 64 take the head start: it must change nothing.
        let units = units(&weights, &[], &[]);
        for method in [ApportionMethod::Dhondt, ApportionMethod::SainteLague, ApportionMethod::HuntingtonHill] {
            let fast: Vec<u64> = apportion(total, &units, method).unwrap().allocations.iter().map(|a| a.allocated).collect();
            prop_assert_eq!(fast, walk(total, &weights, method), "{:?}", method);
        }
    }

    #[test]
    fn every_method_sums_exactly_within_floors_and_caps(
        weights in prop::collection::vec(0u32..1_000, 1..8),
        floors in prop::collection::vec(0u32..5, 8),
        caps in prop::collection::vec(prop::option::of(5u32..60), 8),
        total in 0u64..3_000,
    ) {
        let units = units(&weights, &floors, &caps);
        for method in METHODS {
            match apportion(total, &units, method) {
                Ok(result) => {
                    let sum: u64 = result.allocations.iter().map(|a| a.allocated).sum();
                    prop_assert_eq!(sum, total, "{:?}", method);
                    for (a, u) in result.allocations.iter().zip(&units) {
                        prop_assert!(a.allocated >= u.floor);
                        prop_assert!(u.cap.is_none_or(|c| a.allocated <= c));
                    }
                }
                // Only bounds that cannot be met may fail.
                Err(e) => {
                    let floors: u64 = units.iter().map(|u| u.floor).sum();
                    let all_capped = units.iter().all(|u| u.cap.is_some());
                    let caps: u64 = units.iter().filter_map(|u| u.cap).sum();
                    prop_assert_eq!(e.code(), "infeasible-allocation");
                    prop_assert!(floors > total || (all_capped && caps < total));
                }
            }
        }
    }

    #[test]
    fn divisor_methods_are_house_monotone(
        weights in prop::collection::vec(1u32..1_000, 1..6),
        total in 1u64..200,
    ) {
        let units = units(&weights, &[], &[]);
        for method in [ApportionMethod::Dhondt, ApportionMethod::SainteLague, ApportionMethod::HuntingtonHill] {
            let smaller = apportion(total, &units, method).unwrap();
            let larger = apportion(total + 1, &units, method).unwrap();
            for (a, b) in smaller.allocations.iter().zip(&larger.allocations) {
                prop_assert!(b.allocated >= a.allocated, "{:?}: Alabama paradox", method);
            }
        }
    }

    #[test]
    fn biproportional_tables_match_both_margins(
        cells in prop::collection::vec(1u32..50, 12),
        rows in 1usize..4,
        totals in prop::collection::vec(0u64..500, 3),
        cols in 1usize..4,
        split in prop::collection::vec(1u32..10, 3),
    ) {
        let row_totals: Vec<u64> = totals.iter().take(rows).copied().collect();
        let grand: u64 = row_totals.iter().sum();
        // Column totals: the grand total split by largest remainder.
        let col_units = units(&split[..cols], &[], &[]);
        let col_totals: Vec<u64> = apportion(grand, &col_units, ApportionMethod::LargestRemainder)
            .unwrap().allocations.iter().map(|a| a.allocated).collect();
        let margin = |p: &str, i: usize, t: u64| Margin { code: format!("{p}{i}"), total: t };
        let row_margins: Vec<Margin> = row_totals.iter().enumerate().map(|(i, &t)| margin("R", i, t)).collect();
        let col_margins: Vec<Margin> = col_totals.iter().enumerate().map(|(j, &t)| margin("C", j, t)).collect();
        let weights: Vec<Vec<Rational>> = (0..rows)
            .map(|i| (0..cols).map(|j| Rational::from(cells[i * 4 + j])).collect())
            .collect();
        let table = biproportional(&row_margins, &col_margins, &weights).unwrap();
        for (row, &t) in table.values.iter().zip(&row_totals) {
            prop_assert_eq!(row.iter().sum::<u64>(), t);
        }
        for (j, &t) in col_totals.iter().enumerate() {
            prop_assert_eq!(table.values.iter().map(|r| r[j]).sum::<u64>(), t);
        }
        // Each cell is its fitted value rounded down or up.
        for (row, fitted) in table.values.iter().zip(&table.fitted) {
            for (&v, &x) in row.iter().zip(fitted) {
                prop_assert!((v as f64 - x).abs() < 1.0 + 1e-6);
            }
        }
    }

    #[test]
    fn projections_of_a_linear_series_are_exact(
        start in -1_000i64..1_000,
        step in -100i64..100,
        n in 2usize..8,
        ahead in 1i32..10,
    ) {
        let series: Vec<Point> = (0..n)
            .map(|i| point(2010 + i as i32, i128::from(start + step * i as i64)))
            .collect();
        let last_year = 2010 + n as i32 - 1;
        let target_year = last_year + ahead;
        let expected = Rational::from(start + step * (n as i64 - 1 + i64::from(ahead)));
        // A target beyond reach, so no method stops at "achieved".
        let target = point(target_year, 1_000_000);
        for method in [TrendMethod::Linear, TrendMethod::EscapWls, TrendMethod::Destatis] {
            let t = run(method, &series, target, Direction::Increase);
            prop_assert_eq!(t.projected, Some(Figure::Exact(expected)), "{:?}", method);
        }
    }
}

#[test]
fn divisor_methods_place_a_huge_total_over_many_units() {
    // Once: 10^18 over 10^5 units ran for minutes, 10^4 units took 11 s to
    // be refused. The threshold is now found in binary64 and only the start
    // is exact: the total is placed, exactly, within floors and caps.
    let weights: Vec<u32> = (0..10_000u32).map(|i| 1 + (i * 7919) % 97).collect();
    let units = units(&weights, &[], &[]);
    for method in [ApportionMethod::Dhondt, ApportionMethod::SainteLague] {
        let result = apportion(1_000_000_000_000, &units, method).unwrap();
        let sum: u64 = result.allocations.iter().map(|a| a.allocated).sum();
        assert_eq!(sum, 1_000_000_000_000, "{method:?}");
        // Proportional to the weight within the method's own rounding.
        let per_weight = 1e12 / weights.iter().map(|&w| f64::from(w)).sum::<f64>();
        for (a, &w) in result.allocations.iter().zip(&weights) {
            assert!(
                (a.allocated as f64 - f64::from(w) * per_weight).abs() <= 2.0,
                "{method:?}"
            );
        }
    }
    // Where the exact threshold is beyond 128 bits, the refusal is quick
    // and says what to use instead.
    let e = apportion(
        1_000_000_000_000_000_000,
        &units,
        ApportionMethod::HuntingtonHill,
    )
    .unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid-value", "total"));
    assert!(e.message(chitieu::Lang::En).contains("largest-remainder"));
}

#[test]
fn biproportional_tables_of_large_margins_round() {
    // Budgets in đồng reach 10^12 and more: once refused as infeasible
    // because the fit stopped at a relative 10^-10 (100 đồng off at 10^12).
    let m = |c: &str, t: u64| Margin {
        code: c.into(),
        total: t,
    };
    let w = |v: &[i32]| v.iter().map(|&x| Rational::from(x)).collect::<Vec<_>>();
    let weights = [w(&[3, 1, 4]), w(&[1, 5, 9]), w(&[2, 6, 5])];
    for scale in [
        1_000_000_000_000u64,
        123_456_789_012_345,
        1_000_000_000_000_000,
        3_000_000_000_000_000,
    ] {
        let rows = [m("A", scale), m("B", 2 * scale + 7), m("C", 3 * scale - 7)];
        let columns = [m("X", scale + 1), m("Y", 2 * scale - 1), m("Z", 3 * scale)];
        let table =
            biproportional(&rows, &columns, &weights).unwrap_or_else(|e| panic!("{scale}: {e}"));
        for (row, margin) in table.values.iter().zip(&rows) {
            assert_eq!(row.iter().sum::<u64>(), margin.total, "{scale}");
        }
        for (j, margin) in columns.iter().enumerate() {
            assert_eq!(
                table.values.iter().map(|r| r[j]).sum::<u64>(),
                margin.total,
                "{scale}"
            );
        }
    }
}

/// A table of margins and weights for `biproportional`.
fn margins(prefix: &str, totals: &[u64]) -> Vec<Margin> {
    totals
        .iter()
        .enumerate()
        .map(|(i, &total)| Margin {
            code: format!("{prefix}{i}"),
            total,
        })
        .collect()
}

fn exact_weights(table: &[Vec<u64>]) -> Vec<Vec<Rational>> {
    table
        .iter()
        .map(|row| row.iter().map(|&x| Rational::from(x as i64)).collect())
        .collect()
}

#[test]
fn biproportional_sends_a_weighted_cell_that_must_be_empty_to_zero() {
    // Row 1 can only fill column 1, so row 2 must take column 2: the one
    // table is [[1, 0], [0, 1]]. Once refused as infeasible, the fit only
    // approaching 0 in row 2, column 1.
    let table = biproportional(
        &margins("R", &[1, 1]),
        &margins("C", &[1, 1]),
        &exact_weights(&[vec![1, 0], vec![1, 1]]),
    )
    .unwrap();
    assert_eq!(table.values, vec![vec![1, 0], vec![0, 1]]);
    assert_eq!(table.fitted, vec![vec![1.0, 0.0], vec![0.0, 1.0]]);
    // Margins no table meets are still refused, at once.
    let e = biproportional(
        &margins("R", &[2, 0]),
        &margins("C", &[1, 1]),
        &exact_weights(&[vec![1, 0], vec![1, 1]]),
    )
    .unwrap_err();
    assert_eq!((e.code(), e.path()), ("infeasible-allocation", "weights"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any table of small integers is a fit of its own margins. With the
    /// table itself as weights it comes back exactly; with weights on its
    /// cells and on some of its empty ones, a fit exists, so one is found:
    /// both margins met, zero weights kept at zero.
    #[test]
    fn biproportional_finds_a_fit_wherever_one_exists(
        cells in prop::collection::vec(0u64..5, 16),
        extra in prop::collection::vec(0i64..4, 16),
        rows in 1usize..5,
        cols in 1usize..5,
    ) {
        let table: Vec<Vec<u64>> = (0..rows).map(|i| cells[i * 4..i * 4 + cols].to_vec()).collect();
        let row_totals: Vec<u64> = table.iter().map(|r| r.iter().sum()).collect();
        let col_totals: Vec<u64> = (0..cols).map(|j| table.iter().map(|r| r[j]).sum()).collect();
        let (r, c) = (margins("R", &row_totals), margins("C", &col_totals));

        let same = biproportional(&r, &c, &exact_weights(&table)).unwrap();
        prop_assert_eq!(&same.values, &table);
        for (row, fitted) in table.iter().zip(&same.fitted) {
            for (&x, &f) in row.iter().zip(fitted) {
                prop_assert!((x as f64 - f).abs() < 1e-9, "{table:?}: {fitted:?}");
            }
        }

        // Weights wherever the table is positive, and on the empty cells
        // whose `extra` is odd (some of which no fit can fill).
        let weights: Vec<Vec<Rational>> = (0..rows)
            .map(|i| (0..cols).map(|j| {
                let e = extra[i * 4 + j];
                Rational::from(if table[i][j] > 0 { e + 1 } else { e % 2 * (e + 1) })
            }).collect())
            .collect();
        let fit = biproportional(&r, &c, &weights);
        prop_assert!(fit.is_ok(), "{table:?} with weights {weights:?}: {fit:?}");
        let fit = fit.unwrap();
        for (row, &t) in fit.values.iter().zip(&row_totals) {
            prop_assert_eq!(row.iter().sum::<u64>(), t);
        }
        for (j, &t) in col_totals.iter().enumerate() {
            prop_assert_eq!(fit.values.iter().map(|r| r[j]).sum::<u64>(), t);
        }
        for (values, w) in fit.values.iter().zip(&weights) {
            for (&v, w) in values.iter().zip(w) {
                prop_assert!(v == 0 || *w > Rational::ZERO);
            }
        }
    }

    /// Weights on and below the diagonal, under equal row and column
    /// totals, admit one table: the diagonal (row 1 fills column 1, so no
    /// lower row can, and so on down). Every weight below it must go to 0.
    #[test]
    fn lower_triangular_weights_fit_the_diagonal(
        totals in prop::collection::vec(0u64..50, 1..7),
        below in 1i64..9,
    ) {
        let n = totals.len();
        let weights: Vec<Vec<Rational>> = (0..n)
            .map(|i| (0..n).map(|j| Rational::from(match j.cmp(&i) {
                std::cmp::Ordering::Less => below,
                std::cmp::Ordering::Equal => 1,
                std::cmp::Ordering::Greater => 0,
            })).collect())
            .collect();
        let fit = biproportional(&margins("R", &totals), &margins("C", &totals), &weights).unwrap();
        let diagonal: Vec<Vec<u64>> = (0..n)
            .map(|i| (0..n).map(|j| if i == j { totals[i] } else { 0 }).collect())
            .collect();
        prop_assert_eq!(fit.values, diagonal);
    }
}
