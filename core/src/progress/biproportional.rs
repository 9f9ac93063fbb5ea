//! Biproportional rounding: an integer table (say province × year) whose
//! rows and columns both sum exactly to given totals, as close as possible
//! to a table of weights scaled to those totals.
//!
//! 1. **Support.** Zero weights stay zero ("structural zeros"); margins
//!    they make impossible are an error. A maximum flow (rows to columns
//!    through the cells with a weight) says whether any table meets both
//!    margins, and which weighted cells can be positive in one: a cell
//!    that is zero in every such table (row 2 of `[[1, 0], [1, 1]]` under
//!    margins 1, 1 and 1, 1 must be `[0, 1]`) is set to zero here, since
//!    the fit would only approach zero there, never reach it.
//! 2. **Fit.** Iterative proportional fitting scales each row and column of
//!    the weights (`x_ij = w_ij · r_i · s_j`) until both margins hold to a
//!    relative 10⁻¹⁰ and to a quarter of a unit (so margins of 10¹² and
//!    more round as well as small ones).
//! 3. **Round.** Every cell gets the integer part of its fitted value; the
//!    units still missing in each row and column are placed by a minimum-
//!    cost flow that rounds up the cells with the largest fractional parts,
//!    at most one unit per cell, so each cell ends at the floor or ceiling
//!    of its fitted value and both margins are met exactly. Ties follow row,
//!    then column order.
//!
//! The fit is binary64 (`+ × ÷` only, so every platform computes the same
//! bits); the table itself is exact integers.
//!
//! ```
//! use chitieu::progress::{biproportional, Margin};
//! use chitieu::Rational;
//! let m = |c: &str, t: u64| Margin { code: c.into(), total: t };
//! let w = |v: &[i32]| v.iter().map(|&x| Rational::from(x)).collect::<Vec<_>>();
//! let table = biproportional(
//!     &[m("P1", 10), m("P2", 5)],
//!     &[m("2024", 7), m("2025", 8)],
//!     &[w(&[1, 1]), w(&[1, 1])],
//! ).unwrap();
//! assert_eq!(table.values, vec![vec![5, 5], vec![2, 3]]);
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::json_text::ToJson;
use crate::number::Rational;

/// A row or column and the total it must sum to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Margin {
    /// The row's or column's code.
    pub code: String,
    /// Its total.
    #[serde(deserialize_with = "crate::number::u64_from_exact")]
    pub total: u64,
}

crate::json_text::via_serde!(Margin);

/// A rounded table.
#[derive(Debug, Clone, PartialEq, Serialize, ToJson)]
pub struct Table {
    /// The row codes.
    pub rows: Vec<String>,
    /// The column codes.
    pub columns: Vec<String>,
    /// The integers, row by row.
    pub values: Vec<Vec<u64>>,
    /// The fitted (unrounded) values, row by row.
    pub fitted: Vec<Vec<f64>>,
    /// Fitting iterations used.
    pub iterations: u32,
}

/// The most cells a table may have.
pub const MAX_CELLS: usize = 10_000;
const MAX_ITERATIONS: u32 = 10_000;
/// Rounds without a better fit after which the fit is as good as binary64
/// gets.
const STALLED: u32 = 50;
/// Totals stay within what JavaScript numbers hold exactly.
const MAX_TOTAL: u64 = (1 << 53) - 1;

fn infeasible(detail: impl Into<crate::text::Text>) -> Error {
    Error::new(ErrorKind::InfeasibleAllocation {
        detail: detail.into(),
    })
}

fn check(rows: &[Margin], columns: &[Margin], weights: &[Vec<Rational>]) -> Result<()> {
    if rows.is_empty() || columns.is_empty() {
        return Err(Error::invalid(
            "rows",
            ("bảng cần có hàng và cột", "a table needs rows and columns"),
        ));
    }
    if rows.len().saturating_mul(columns.len()) > MAX_CELLS {
        return Err(Error::invalid(
            "weights",
            (
                format!(
                    "{} × {} ô vượt quá {MAX_CELLS} ô cho phép của một bảng",
                    rows.len(),
                    columns.len()
                ),
                format!(
                    "{} × {} cells is more than the {MAX_CELLS} a table may have",
                    rows.len(),
                    columns.len()
                ),
            ),
        ));
    }
    for (name, margins) in [("rows", rows), ("columns", columns)] {
        check_margins(name, margins)?;
    }
    check_weights(rows, columns, weights)?;
    let sum = |m: &[Margin]| m.iter().map(|x| u128::from(x.total)).sum::<u128>();
    if sum(rows) != sum(columns) {
        return Err(Error::invalid(
            "columns",
            (
                format!(
                    "tổng theo hàng là {} nhưng tổng theo cột là {}",
                    sum(rows),
                    sum(columns)
                ),
                format!(
                    "the row totals add up to {} but the column totals to {}",
                    sum(rows),
                    sum(columns)
                ),
            ),
        ));
    }
    Ok(())
}

/// Refuses a total JavaScript numbers cannot hold exactly, or a code given
/// twice (the table's rows or columns would be ambiguous); `name` says
/// which side `margins` are, for the error's path.
fn check_margins(name: &str, margins: &[Margin]) -> Result<()> {
    for (i, m) in margins.iter().enumerate() {
        if m.total > MAX_TOTAL {
            return Err(Error::invalid(
                format!("{name}[{i}].total"),
                (
                    format!("{} vượt quá 2^53 − 1", m.total),
                    format!("{} is beyond 2^53 − 1", m.total),
                ),
            ));
        }
        if margins.iter().take(i).any(|o| o.code == m.code) {
            return Err(Error::invalid(
                format!("{name}[{i}].code"),
                (
                    format!("`{}` xuất hiện hai lần", m.code),
                    format!("`{}` appears twice", m.code),
                ),
            ));
        }
    }
    Ok(())
}

/// Refuses weights that are not one row per row and one weight per column,
/// or that are negative.
fn check_weights(rows: &[Margin], columns: &[Margin], weights: &[Vec<Rational>]) -> Result<()> {
    if weights.len() != rows.len() {
        return Err(Error::invalid(
            "weights",
            (
                format!("có {} hàng trọng số cho {} hàng", weights.len(), rows.len()),
                format!("{} rows of weights for {} rows", weights.len(), rows.len()),
            ),
        ));
    }
    for (i, row) in weights.iter().enumerate() {
        if row.len() != columns.len() {
            return Err(Error::invalid(
                format!("weights[{i}]"),
                (
                    format!("có {} trọng số cho {} cột", row.len(), columns.len()),
                    format!("{} weights for {} columns", row.len(), columns.len()),
                ),
            ));
        }
        if let Some(j) = row.iter().position(|w| w.is_negative()) {
            return Err(Error::invalid(
                format!("weights[{i}][{j}]"),
                ("trọng số không được âm", "a weight cannot be negative"),
            ));
        }
    }
    Ok(())
}

/// The weights with every cell that no table meeting the margins can make
/// positive set to zero (see the module docs); an error when no table
/// meets them at all.
///
/// Rows and columns are the nodes of a flow network: the source feeds
/// each row its total, each weighted cell carries any amount from its row
/// to its column, each column passes its total to the sink. A table
/// meets both margins when the maximum flow carries the grand total, and
/// a cell can be positive in one exactly when its row and its column lie
/// in one strongly connected part of the remaining network (flow can go
/// round through it).
fn supported(rows: &[u64], columns: &[u64], w: &[Vec<f64>]) -> Result<Vec<Vec<f64>>> {
    let (n_rows, n_cols) = (rows.len(), columns.len());
    let (source, sink) = (n_rows + n_cols, n_rows + n_cols + 1);
    let mut network = Flow::new(n_rows + n_cols + 2);
    let total: u128 = rows.iter().map(|&t| u128::from(t)).sum();
    for (i, &t) in rows.iter().enumerate() {
        network.add(source, i, u128::from(t));
    }
    for (j, &t) in columns.iter().enumerate() {
        network.add(n_rows + j, sink, u128::from(t));
    }
    let mut cells = Vec::new();
    for (i, row) in w.iter().enumerate() {
        for (j, &x) in row.iter().enumerate() {
            if x > 0.0 {
                // More than any flow: never full, so always open both ways
                // once used (what the strongly connected parts rely on).
                cells.push((i, j, network.add(i, n_rows + j, total + 1)));
            }
        }
    }
    if network.max_flow(source, sink) < total {
        return Err(infeasible((
            "các trọng số bằng 0 khiến không có bảng nào khớp cả tổng hàng và tổng cột",
            "the zero weights leave no table that meets both the row and the column totals",
        ))
        .at("weights"));
    }
    // Rows and columns only: once the flow is maximal, the source and the
    // sink are on no cycle of what remains.
    let part = components(&network.residual(n_rows + n_cols));
    let mut out: Vec<Vec<f64>> = w.iter().map(|row| vec![0.0; row.len()]).collect();
    for (i, j, _) in cells {
        let joined = part.get(i).is_some_and(|p| part.get(n_rows + j) == Some(p));
        if joined
            && let (Some(slot), Some(&x)) = (
                out.get_mut(i).and_then(|r| r.get_mut(j)),
                w.get(i).and_then(|r| r.get(j)),
            )
        {
            *slot = x;
        }
    }
    Ok(out)
}

/// A flow network with capacities in `u128` (margins reach 2⁵³ − 1, and
/// their sum more): edges in pairs, each with its reverse at `id ^ 1`.
struct Flow {
    to: Vec<usize>,
    capacity: Vec<u128>,
    out: Vec<Vec<usize>>,
}

impl Flow {
    fn new(nodes: usize) -> Flow {
        Flow {
            to: Vec::new(),
            capacity: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    fn add(&mut self, from: usize, to: usize, capacity: u128) -> usize {
        let id = self.to.len();
        self.to.extend([to, from]);
        self.capacity.extend([capacity, 0]);
        if let Some(list) = self.out.get_mut(from) {
            list.push(id);
        }
        if let Some(list) = self.out.get_mut(to) {
            list.push(id + 1);
        }
        id
    }

    /// The maximum flow from `source` to `sink` (Dinic: shortest paths
    /// first, each round's paths found without recursion).
    fn max_flow(&mut self, source: usize, sink: usize) -> u128 {
        let mut total = 0u128;
        while let Some(mut level) = self.levels(source, sink) {
            let mut next = vec![0usize; self.out.len()];
            while let Some(path) = self.path(source, sink, &mut level, &mut next) {
                let pushed = path
                    .iter()
                    .filter_map(|&e| self.capacity.get(e).copied())
                    .min()
                    .unwrap_or(0);
                for &e in &path {
                    if let Some(c) = self.capacity.get_mut(e) {
                        *c -= pushed;
                    }
                    if let Some(c) = self.capacity.get_mut(e ^ 1) {
                        *c += pushed;
                    }
                }
                total += pushed;
            }
        }
        total
    }

    /// Each node's distance from `source` along edges with capacity left,
    /// or `None` when `sink` cannot be reached.
    fn levels(&self, source: usize, sink: usize) -> Option<Vec<usize>> {
        let mut level = vec![usize::MAX; self.out.len()];
        *level.get_mut(source)? = 0;
        let mut queue = std::collections::VecDeque::from([source]);
        while let Some(u) = queue.pop_front() {
            let next = level.get(u).copied()?.saturating_add(1);
            for &e in self.out.get(u).map(Vec::as_slice).unwrap_or_default() {
                let (Some(&v), Some(&c)) = (self.to.get(e), self.capacity.get(e)) else {
                    continue;
                };
                if c > 0 && level.get(v) == Some(&usize::MAX) {
                    *level.get_mut(v)? = next;
                    queue.push_back(v);
                }
            }
        }
        (level.get(sink) != Some(&usize::MAX)).then_some(level)
    }

    /// A path of edges from `source` to `sink`, each one level further
    /// and with capacity left; dead ends are closed (their level cleared)
    /// and `next` keeps each node's next edge to try.
    fn path(
        &self,
        source: usize,
        sink: usize,
        level: &mut [usize],
        next: &mut [usize],
    ) -> Option<Vec<usize>> {
        let mut path: Vec<usize> = Vec::new();
        let mut u = source;
        while u != sink {
            let here = level.get(u).copied()?;
            let edges = self.out.get(u).map(Vec::as_slice).unwrap_or_default();
            let slot = next.get_mut(u)?;
            let step = edges
                .get(*slot..)
                .unwrap_or_default()
                .iter()
                .position(|&e| {
                    let v = self.to.get(e).copied().unwrap_or(u);
                    self.capacity.get(e).is_some_and(|&c| c > 0)
                        && level.get(v) == Some(&here.saturating_add(1))
                });
            match step {
                Some(k) => {
                    *slot += k;
                    let e = edges.get(*slot).copied()?;
                    path.push(e);
                    u = self.to.get(e).copied()?;
                }
                None => {
                    // Nothing leads on from here: close it and step back.
                    *slot = edges.len();
                    *level.get_mut(u)? = usize::MAX;
                    let back = path.pop()?;
                    u = self.to.get(back ^ 1).copied()?;
                    *next.get_mut(u)? += 1;
                }
            }
        }
        Some(path)
    }

    /// The edges with capacity left among the first `nodes` nodes, as
    /// lists of successors.
    fn residual(&self, nodes: usize) -> Vec<Vec<usize>> {
        (0..nodes)
            .map(|u| {
                self.out
                    .get(u)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .filter(|&&e| self.capacity.get(e).is_some_and(|&c| c > 0))
                    .filter_map(|&e| self.to.get(e).copied())
                    .filter(|&v| v < nodes)
                    .collect()
            })
            .collect()
    }
}

/// The strongly connected part of each node of a graph given by its lists
/// of successors (Kosaraju, without recursion: tables reach 10,000 rows).
fn components(successors: &[Vec<usize>]) -> Vec<usize> {
    let n = successors.len();
    let edges = |u: usize| successors.get(u).map(Vec::as_slice).unwrap_or_default();
    // Nodes in the order their depth-first search finishes.
    let mut seen = vec![false; n];
    let mut finished = Vec::with_capacity(n);
    for start in 0..n {
        if seen.get(start).copied().unwrap_or(true) {
            continue;
        }
        if let Some(s) = seen.get_mut(start) {
            *s = true;
        }
        let mut stack = vec![(start, 0usize)];
        while let Some((u, i)) = stack.last_mut() {
            let u = *u;
            match edges(u).get(*i).copied() {
                Some(v) => {
                    *i += 1;
                    if let Some(s) = seen.get_mut(v)
                        && !*s
                    {
                        *s = true;
                        stack.push((v, 0));
                    }
                }
                None => {
                    finished.push(u);
                    stack.pop();
                }
            }
        }
    }
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for u in 0..n {
        for &v in edges(u) {
            if let Some(p) = predecessors.get_mut(v) {
                p.push(u);
            }
        }
    }
    // Backwards from the last to finish: each search is one part.
    let mut part = vec![usize::MAX; n];
    for (count, &start) in finished.iter().rev().enumerate() {
        if part.get(start) != Some(&usize::MAX) {
            continue;
        }
        let mut stack = vec![start];
        if let Some(p) = part.get_mut(start) {
            *p = count;
        }
        while let Some(u) = stack.pop() {
            for &v in predecessors.get(u).map(Vec::as_slice).unwrap_or_default() {
                if let Some(p) = part.get_mut(v)
                    && *p == usize::MAX
                {
                    *p = count;
                    stack.push(v);
                }
            }
        }
    }
    part
}

/// Fits the weights to the margins; returns the fitted table and the
/// iterations used.
fn fit(rows: &[u64], columns: &[u64], w: &[Vec<f64>]) -> Result<(Vec<Vec<f64>>, u32)> {
    let mut r = vec![1.0f64; rows.len()];
    let mut s = vec![1.0f64; columns.len()];
    let cell = |i: usize, j: usize| w.get(i).and_then(|row| row.get(j)).copied().unwrap_or(0.0);
    // The smallest worst margin error so far (in units), and when.
    let (mut best, mut best_at) = (f64::INFINITY, 0u32);
    for iteration in 1..=MAX_ITERATIONS {
        for (i, (ri, &total)) in r.iter_mut().zip(rows).enumerate() {
            let reach: f64 = s.iter().enumerate().map(|(j, sj)| cell(i, j) * sj).sum();
            *ri = if reach > 0.0 {
                total as f64 / reach
            } else {
                0.0
            };
        }
        for (j, (sj, &total)) in s.iter_mut().zip(columns).enumerate() {
            let reach: f64 = r.iter().enumerate().map(|(i, ri)| cell(i, j) * ri).sum();
            *sj = if reach > 0.0 {
                total as f64 / reach
            } else {
                0.0
            };
        }
        let fitted: Vec<Vec<f64>> = (0..rows.len())
            .map(|i| {
                (0..columns.len())
                    .map(|j| cell(i, j) * r.get(i).unwrap_or(&0.0) * s.get(j).unwrap_or(&0.0))
                    .collect()
            })
            .collect();
        // Each margin within a relative 10⁻¹⁰ and within a quarter unit:
        // the rounding needs every margin off by less than one unit, which
        // the relative bound alone does not give for margins of 10¹⁰ and
        // more (budgets in đồng).
        let mut worst = 0.0f64;
        let mut within = true;
        let mut check = |got: f64, want: u64| {
            let (gap, want) = ((got - want as f64).abs(), want as f64);
            worst = worst.max(gap);
            within &= gap <= (1e-10 * want.max(1.0)).min(0.25);
        };
        for (row, &t) in fitted.iter().zip(rows) {
            check(row.iter().sum(), t);
        }
        for (j, &t) in columns.iter().enumerate() {
            check(fitted.iter().filter_map(|row| row.get(j)).sum(), t);
        }
        if within {
            return Ok((fitted, iteration));
        }
        // Near 2^53 binary64 itself cannot get closer: once the fit stops
        // improving, less than one unit off still rounds exactly.
        if worst < best {
            (best, best_at) = (worst, iteration);
        } else if iteration - best_at >= STALLED && best < 1.0 {
            return Ok((fitted, iteration));
        }
    }
    // A table exists (see `supported`): the fit only failed to settle.
    Err(infeasible((
        format!("phép khớp bảng không hội tụ sau {MAX_ITERATIONS} vòng"),
        format!("the fit did not settle in {MAX_ITERATIONS} rounds"),
    ))
    .at("weights"))
}

/// An edge of the flow network.
struct Edge {
    to: usize,
    capacity: i64,
    cost: i64,
}

/// Minimum-cost flow by successive shortest paths (Bellman-Ford with a
/// queue): costs may be negative, the network has no negative cycle.
struct Network {
    edges: Vec<Edge>,
    out: Vec<Vec<usize>>,
}

impl Network {
    fn new(nodes: usize) -> Network {
        Network {
            edges: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    fn add(&mut self, from: usize, to: usize, capacity: i64, cost: i64) -> usize {
        let id = self.edges.len();
        self.edges.push(Edge { to, capacity, cost });
        self.edges.push(Edge {
            to: from,
            capacity: 0,
            cost: -cost,
        });
        if let Some(list) = self.out.get_mut(from) {
            list.push(id);
        }
        if let Some(list) = self.out.get_mut(to) {
            list.push(id + 1);
        }
        id
    }

    /// Pushes up to `wanted` units from `source` to `sink`; returns the flow.
    fn flow(&mut self, source: usize, sink: usize, wanted: i64) -> i64 {
        let n = self.out.len();
        let mut sent = 0;
        while sent < wanted {
            let mut distance = vec![i64::MAX; n];
            let mut via: Vec<Option<usize>> = vec![None; n];
            let mut queued = vec![false; n];
            let mut queue = std::collections::VecDeque::new();
            if let Some(d) = distance.get_mut(source) {
                *d = 0;
            }
            queue.push_back(source);
            while let Some(u) = queue.pop_front() {
                if let Some(q) = queued.get_mut(u) {
                    *q = false;
                }
                let du = distance.get(u).copied().unwrap_or(i64::MAX);
                for &e in self.out.get(u).map(Vec::as_slice).unwrap_or(&[]) {
                    let Some(edge) = self.edges.get(e) else {
                        continue;
                    };
                    if edge.capacity <= 0 {
                        continue;
                    }
                    let candidate = du.saturating_add(edge.cost);
                    if let Some(dv) = distance.get_mut(edge.to)
                        && candidate < *dv
                    {
                        *dv = candidate;
                        if let Some(v) = via.get_mut(edge.to) {
                            *v = Some(e);
                        }
                        if let Some(q) = queued.get_mut(edge.to)
                            && !*q
                        {
                            *q = true;
                            queue.push_back(edge.to);
                        }
                    }
                }
            }
            if distance.get(sink).is_none_or(|&d| d == i64::MAX) {
                break;
            }
            // Every edge inside has capacity 1 or more, so push one unit.
            let mut node = sink;
            while node != source {
                let Some(Some(e)) = via.get(node).copied() else {
                    break;
                };
                if let Some(edge) = self.edges.get_mut(e) {
                    edge.capacity -= 1;
                }
                if let Some(back) = self.edges.get_mut(e ^ 1) {
                    back.capacity += 1;
                    node = back.to;
                } else {
                    break;
                }
            }
            sent += 1;
        }
        sent
    }
}

/// Rounds `weights` (rows × columns) to an integer table meeting both
/// margins exactly (see the module docs).
pub fn biproportional(
    rows: &[Margin],
    columns: &[Margin],
    weights: &[Vec<Rational>],
) -> Result<Table> {
    check(rows, columns, weights)?;
    let row_totals: Vec<u64> = rows.iter().map(|m| m.total).collect();
    let column_totals: Vec<u64> = columns.iter().map(|m| m.total).collect();
    let w: Vec<Vec<f64>> = weights
        .iter()
        .map(|row| row.iter().map(|x| x.to_f64()).collect())
        .collect();
    let w = supported(&row_totals, &column_totals, &w)?;
    let (fitted, iterations) = fit(&row_totals, &column_totals, &w)?;
    let mut values: Vec<Vec<u64>> = fitted
        .iter()
        .map(|row| row.iter().map(|x| x.max(0.0).floor() as u64).collect())
        .collect();
    let missing = |have: u64, want: u64| i64::try_from(want.saturating_sub(have)).unwrap_or(0);
    let (n_rows, n_cols) = (rows.len(), columns.len());
    let (source, sink) = (n_rows + n_cols, n_rows + n_cols + 1);
    let mut network = Network::new(n_rows + n_cols + 2);
    let mut wanted = 0;
    for (i, row) in values.iter().enumerate() {
        let have: u64 = row.iter().sum();
        if have > row_totals.get(i).copied().unwrap_or(0) {
            return Err(infeasible((
                "không làm tròn được bảng đã khớp",
                "the fitted table could not be rounded",
            ))
            .at(format!("rows[{i}]")));
        }
        let need = missing(have, row_totals.get(i).copied().unwrap_or(0));
        wanted += need;
        network.add(source, i, need, 0);
    }
    for j in 0..n_cols {
        let have: u64 = values.iter().filter_map(|row| row.get(j)).sum();
        network.add(
            n_rows + j,
            sink,
            missing(have, column_totals.get(j).copied().unwrap_or(0)),
            0,
        );
    }
    let mut cells = Vec::new();
    for (i, row) in fitted.iter().enumerate() {
        for (j, &x) in row.iter().enumerate() {
            if w.get(i)
                .and_then(|r| r.get(j))
                .is_some_and(|&wij| wij > 0.0)
            {
                let fraction = x - x.floor();
                // Larger fractions are cheaper to round up; whole cells only
                // if nothing else can meet the margins.
                let cost = if fraction > 0.0 {
                    -((fraction * 1e9).round() as i64)
                } else {
                    1_000_000_000
                };
                cells.push((i, j, network.add(i, n_rows + j, 1, cost)));
            }
        }
    }
    if network.flow(source, sink, wanted) < wanted {
        return Err(infeasible((
            "không cách làm tròn nào khớp cả tổng hàng và tổng cột",
            "no rounding meets both the row and the column totals",
        ))
        .at("weights"));
    }
    for (i, j, edge) in cells {
        if network.edges.get(edge).is_some_and(|e| e.capacity == 0)
            && let Some(v) = values.get_mut(i).and_then(|row| row.get_mut(j))
        {
            *v += 1;
        }
    }
    Ok(Table {
        rows: rows.iter().map(|m| m.code.clone()).collect(),
        columns: columns.iter().map(|m| m.code.clone()).collect(),
        values,
        fitted,
        iterations,
    })
}
