//! The districts and communes of Vietnam before and after 2025-07-01, and
//! the commune crosswalk between them.
//!
//! The table (`data/vn-communes.tsv`, 491 KB, 139 KB gzipped) is derived
//! from the MIT-licensed `vietnamadminunits` package by
//! `core/data/communes.py`. It is built into the crate with the default
//! feature `communes` and parsed on first use; a build without it (the
//! browser's core) gets it with [`install`], from a file loaded on demand.
//! Either way [`SchemeSet::builtin`] then lists 696 districts and 10,035
//! communes in `vn-2004`, 3,321 communes in `vn-2025`, and links for every
//! one of the 10,040 old units (the five island districts that had no
//! communes became special zones).
//!
//! Divided communes (471) are shared out between their new communes in
//! proportion to the new communes' surface ([`Divided::Area`]), or wholly
//! to the primary one ([`Divided::Primary`], the package's default new
//! commune); a user's own shares replace either ([`Crosswalk::with_weights`]).
//! A district links to the new communes that took its communes, each of its
//! communes weighing the same.
//!
//! [`Crosswalk::with_weights`]: crate::area::Crosswalk::with_weights
//! [`Divided::Area`]: crate::area::Divided::Area
//! [`Divided::Primary`]: crate::area::Divided::Primary

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use crate::area::crosswalk::Link;
use crate::area::names::ascii;
use crate::area::scheme::{AreaKind, SchemeArea, SchemeSet};
use crate::code::AreaCode;
use crate::error::{Error, Result};
use crate::model::area::AreaLevel;
use crate::number::NumberFormat;
use crate::number::Rational;
use crate::text::{Lang, Text};

/// The commune table, parsed.
#[derive(Debug)]
pub(crate) struct CommuneTable {
    districts: Vec<SchemeArea>,
    old: Vec<(SchemeArea, Vec<Target>)>,
    new: Vec<(SchemeArea, Option<u64>)>,
}

impl CommuneTable {
    /// The old units at commune level (not the island districts).
    fn old_communes(&self) -> usize {
        self.old
            .iter()
            .filter(|(a, _)| a.kind.level() == AreaLevel::Commune)
            .count()
    }
}

/// A count for a scheme's name, grouped as `lang` writes numbers.
fn count(n: usize, lang: Lang) -> String {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    NumberFormat::from(lang)
        .format(Rational::from(n), 0)
        .unwrap_or_else(|_| n.to_string())
}

/// One new commune an old one went to.
#[derive(Debug)]
struct Target {
    code: AreaCode,
    primary: bool,
}

#[cfg(feature = "communes")]
const EMBEDDED: &str = include_str!("../../data/vn-communes.tsv");

static INSTALLED: OnceLock<std::result::Result<CommuneTable, Error>> = OnceLock::new();

/// Installs the commune table from the text of `vn-communes.tsv`, for a
/// build that does not embed it; later calls keep the first table.
///
/// ```
/// use chitieu::area::communes;
/// // With the default features the table is built in: installing another
/// // keeps it, and a broken text is refused with its line.
/// communes::install("D\t001\t01\tQuận Ba Đình\n").unwrap();
/// assert!(communes::available());
/// let e = communes::install("# a comment\nX\t1\n").unwrap_err();
/// assert_eq!((e.code(), e.line()), ("invalid-value", Some(2)));
/// ```
pub fn install(text: &str) -> Result<()> {
    let table = parse(text)?;
    let _ = INSTALLED.set(Ok(table));
    Ok(())
}

/// Checks a commune table's text without installing it.
pub fn check(text: &str) -> Result<()> {
    parse(text).map(|_| ())
}

/// Whether the commune table is available (built in or installed).
pub fn available() -> bool {
    matches!(table(), Some(Ok(_)))
}

fn table() -> Option<&'static std::result::Result<CommuneTable, Error>> {
    #[cfg(feature = "communes")]
    {
        Some(INSTALLED.get_or_init(|| parse(EMBEDDED)))
    }
    #[cfg(not(feature = "communes"))]
    {
        INSTALLED.get()
    }
}

fn bad_line(line: usize, text: &str) -> Error {
    Error::invalid(
        "communes",
        (
            format!("dòng không đúng dạng bảng xã: “{text}”"),
            format!("not a line of the commune table: “{text}”"),
        ),
    )
    .at_line(line as u64)
}

fn code(text: &str, line: usize) -> Result<AreaCode> {
    text.parse().map_err(|_| bad_line(line, text))
}

fn area(
    fields: (&str, &str, &str),
    level: AreaLevel,
    line: usize,
    raw: &str,
) -> Result<SchemeArea> {
    let (code_text, parent, name) = fields;
    let kind = AreaKind::of_name(name, level).ok_or_else(|| bad_line(line, raw))?;
    Ok(SchemeArea {
        code: code(code_text, line)?,
        name: Text::new(name, ascii(name)),
        kind,
        parent: Some(code(parent, line)?),
    })
}

fn parse(text: &str) -> Result<CommuneTable> {
    let mut table = CommuneTable {
        districts: Vec::new(),
        old: Vec::new(),
        new: Vec::new(),
    };
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.starts_with('#') || raw.is_empty() {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        match fields.as_slice() {
            ["D", c, p, name] => {
                table
                    .districts
                    .push(area((c, p, name), AreaLevel::District, line, raw)?)
            }
            ["O", c, d, name, to] => {
                // An island district without communes stands for itself.
                let level = if c == d {
                    AreaLevel::District
                } else {
                    AreaLevel::Commune
                };
                let targets = to
                    .split(',')
                    .map(|t| {
                        let (t, primary) = t.strip_suffix('*').map_or((t, false), |t| (t, true));
                        Ok(Target {
                            code: code(t, line)?,
                            primary,
                        })
                    })
                    .collect::<Result<Vec<Target>>>()?;
                table
                    .old
                    .push((area((c, d, name), level, line, raw)?, targets));
            }
            ["N", c, p, name, km2] => {
                let surface = if km2.is_empty() {
                    None
                } else {
                    Some(km2.parse::<u64>().map_err(|_| bad_line(line, raw))?)
                };
                table
                    .new
                    .push((area((c, p, name), AreaLevel::Commune, line, raw)?, surface));
            }
            _ => return Err(bad_line(line, raw)),
        }
    }
    Ok(table)
}

/// Adds the districts, communes and commune links to the built-in
/// `vn-2004`, `vn-2025` and their crosswalk, when the table is available.
pub(crate) fn merge_into(set: &mut SchemeSet) -> Result<()> {
    let table = match table() {
        None => return Ok(()),
        Some(Err(e)) => return Err(e.clone()),
        Some(Ok(table)) => table,
    };
    let links = links(table)?;
    for scheme in &mut set.schemes {
        match scheme.id.as_str() {
            "vn-2004" => {
                scheme.areas.extend(table.districts.iter().cloned());
                scheme.areas.extend(
                    table
                        .old
                        .iter()
                        .filter(|(a, _)| a.kind.level() == AreaLevel::Commune)
                        .map(|(a, _)| a.clone()),
                );
                scheme.level = AreaLevel::Commune;
                let (districts, communes) = (table.districts.len(), table.old_communes());
                scheme.name = Text::new(
                    format!(
                        "Danh mục 63 tỉnh, thành phố, {} huyện và {} xã (đến 30/06/2025)",
                        count(districts, Lang::Vi),
                        count(communes, Lang::Vi)
                    ),
                    format!(
                        "63 provinces, {} districts and {} communes (to 2025-06-30)",
                        count(districts, Lang::En),
                        count(communes, Lang::En)
                    ),
                );
            }
            "vn-2025" => {
                scheme
                    .areas
                    .extend(table.new.iter().map(|(a, _)| a.clone()));
                scheme.level = AreaLevel::Commune;
                let communes = table.new.len();
                scheme.name = Text::new(
                    format!(
                        "34 tỉnh, thành phố và {} xã, phường, đặc khu (từ 01/07/2025)",
                        count(communes, Lang::Vi)
                    ),
                    format!(
                        "34 provinces and {} communes, wards and special zones (from 2025-07-01)",
                        count(communes, Lang::En)
                    ),
                );
            }
            _ => {}
        }
    }
    if let Some(crosswalk) = set
        .crosswalks
        .iter_mut()
        .find(|c| c.from == "vn-2004" && c.to == "vn-2025")
    {
        crosswalk.links.extend(links);
    }
    Ok(())
}

/// The commune links (divided ones shared by surface), then the district
/// links.
fn links(table: &CommuneTable) -> Result<Vec<Link>> {
    let surface: HashMap<&str, Option<u64>> = table
        .new
        .iter()
        .map(|(a, km2)| (a.code.as_str(), *km2))
        .collect();
    let mut out = Vec::with_capacity(table.old.len() + table.old.len() / 4);
    let mut by_district: HashMap<&str, Vec<(AreaCode, Rational)>> = HashMap::default();
    for (old, targets) in &table.old {
        let shares = shares(targets, &surface)?;
        if old.kind.level() == AreaLevel::Commune
            && let Some(district) = &old.parent
        {
            by_district
                .entry(district.as_str())
                .or_default()
                .extend(shares.iter().map(|(to, w, _)| (to.clone(), *w)));
        }
        for (to, weight, primary) in shares {
            out.push(Link {
                from: old.code.clone(),
                to,
                weight: (weight != Rational::ONE).then_some(weight),
                primary,
            });
        }
    }
    for district in &table.districts {
        let Some(parts) = by_district.get(district.code.as_str()) else {
            continue;
        };
        let communes = table
            .old
            .iter()
            .filter(|(a, _)| a.parent.as_ref() == Some(&district.code) && a.code != district.code)
            .count();
        let mut merged: Vec<(AreaCode, Rational)> = Vec::new();
        for (to, w) in parts {
            let w = w
                .checked_div(Rational::from(communes as i64))
                .ok_or_else(Error::overflow)?;
            match merged.iter_mut().find(|(t, _)| t == to) {
                Some((_, sum)) => *sum = sum.checked_add(w).ok_or_else(Error::overflow)?,
                None => merged.push((to.clone(), w)),
            }
        }
        for (to, weight) in merged {
            out.push(Link {
                from: district.code.clone(),
                to,
                weight: (weight != Rational::ONE).then_some(weight),
                primary: false,
            });
        }
    }
    Ok(out)
}

/// An old commune's shares: whole, or by the new communes' surface (wholly
/// to the primary one when a surface is unknown or zero).
fn shares(
    targets: &[Target],
    surface: &HashMap<&str, Option<u64>>,
) -> Result<Vec<(AreaCode, Rational, bool)>> {
    if let [only] = targets {
        return Ok(vec![(only.code.clone(), Rational::ONE, false)]);
    }
    let known: Option<Vec<u64>> = targets
        .iter()
        .map(|t| {
            surface
                .get(t.code.as_str())
                .copied()
                .flatten()
                .filter(|&s| s > 0)
        })
        .collect();
    let total: u64 = known.iter().flatten().sum();
    match known {
        Some(sizes) if total > 0 => targets
            .iter()
            .zip(sizes)
            .map(|(t, size)| {
                let w = Rational::new(i128::from(size), i128::from(total))
                    .ok_or_else(Error::overflow)?;
                Ok((t.code.clone(), w, t.primary))
            })
            .collect(),
        _ => Ok(targets
            .iter()
            .filter(|t| t.primary)
            .map(|t| (t.code.clone(), Rational::ONE, true))
            .collect()),
    }
}
