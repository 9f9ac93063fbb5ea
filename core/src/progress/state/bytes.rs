//! The canonical bytes of a [`RollupState`]: the same state always gives
//! the same bytes, whatever order its parts were merged in, so a cluster's
//! result can be compared byte for byte with one machine's.
//!
//! Layout, version 1, integers little-endian: the magic `CTRS`, the
//! version (u16), the set-up fingerprint (u64), the as-of date (i32 days
//! from 0001-01-01), the phase, the invalid-data mode and the window (each
//! a string: u32 length, UTF-8); the partitions (u64 count, then
//! partition and rows, u64 each); the series (u64 count, then indicator
//! and area positions as u32, a kind byte — 0 latest, 1 flows — a u64
//! count and the reports); the exclusions (u64 count, then the reason, a
//! u64 count and the listed ordinals). A report is its period (string),
//! ordinal (two u64), a byte of which figures follow (value, numerator,
//! denominator, qualifier), the figures (numerator and denominator as
//! i128) and the qualifier (string).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Left, Ordinal, RollupState, Series, Timed, normalize};
use crate::error::{Error, Result};
use crate::model::{ExclusionReason, InvalidData, Qualifier};
use crate::number::Rational;
use crate::period::Period;
use crate::progress::rollup::Reported;

const MAGIC: &[u8; 4] = b"CTRS";
/// The layout version written; [`RollupState::from_bytes`] reads only it.
pub const VERSION: u16 = 1;

/// An enum's contract name (`"exclude"`, `"more-than"`…).
fn name_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.0.extend_from_slice(&(text.len() as u32).to_le_bytes());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn rational(&mut self, r: Rational) {
        self.0.extend_from_slice(&r.numer().to_le_bytes());
        self.0.extend_from_slice(&r.denom().to_le_bytes());
    }

    fn timed(&mut self, t: &Timed) {
        self.text(&t.period.to_string());
        self.u64(t.at.0);
        self.u64(t.at.1);
        let r = &t.reported;
        let flags = u8::from(r.value.is_some())
            | u8::from(r.numerator.is_some()) << 1
            | u8::from(r.denominator.is_some()) << 2
            | u8::from(r.qualifier.is_some()) << 3;
        self.0.push(flags);
        for figure in [r.value, r.numerator, r.denominator].into_iter().flatten() {
            self.rational(figure);
        }
        if let Some(q) = r.qualifier {
            self.text(&name_of(&q));
        }
    }
}

impl RollupState {
    /// The state as canonical, versioned bytes (see the module for the
    /// layout): what travels between processes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(MAGIC);
        w.0.extend_from_slice(&VERSION.to_le_bytes());
        w.u64(self.setup);
        w.0.extend_from_slice(&chrono::Datelike::num_days_from_ce(&self.as_of).to_le_bytes());
        w.text(&self.phase);
        w.text(&name_of(&self.invalid));
        w.text(&self.window.to_string());
        w.u64(self.partitions.len() as u64);
        for (&partition, &rows) in &self.partitions {
            w.u64(partition);
            w.u64(rows);
        }
        w.u64(self.series.len() as u64);
        for (&(ind, area), series) in &self.series {
            w.0.extend_from_slice(&ind.to_le_bytes());
            w.0.extend_from_slice(&area.to_le_bytes());
            let reports: &[Timed] = match series {
                Series::Latest(t) => std::slice::from_ref(t),
                Series::Flows(flows) => flows,
            };
            w.0.push(u8::from(matches!(series, Series::Flows(_))));
            w.u64(reports.len() as u64);
            for t in reports {
                w.timed(t);
            }
        }
        w.u64(self.excluded.len() as u64);
        for (reason, left) in &self.excluded {
            w.text(&name_of(reason));
            w.u64(left.count);
            w.u64(left.first.len() as u64);
            for &(partition, row) in &left.first {
                w.u64(partition);
                w.u64(row);
            }
        }
        w.0
    }

    /// Reads a state written by [`to_bytes`](Self::to_bytes). Bytes that
    /// are cut, of another version or otherwise broken are an error at
    /// `state`, naming the byte offset.
    pub fn from_bytes(bytes: &[u8]) -> Result<RollupState> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != MAGIC {
            return Err(r.broken(
                "không phải trạng thái tổng hợp của chitieu",
                "not a chitieu roll-up state",
            ));
        }
        let version = u16::from_le_bytes(r.array()?);
        if version != VERSION {
            return Err(r.broken(
                &format!("phiên bản {version} không đọc được (đọc được phiên bản {VERSION})"),
                &format!("version {version} cannot be read (this reads version {VERSION})"),
            ));
        }
        let setup = r.u64()?;
        let as_of = NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(r.array()?))
            .ok_or_else(|| r.broken("ngày không hợp lệ", "invalid date"))?;
        let phase = r.text()?.to_string();
        let invalid: InvalidData = r.named()?;
        let window = r.period()?;
        let mut partitions = BTreeMap::new();
        for _ in 0..r.u64()? {
            let partition = r.u64()?;
            partitions.insert(partition, r.u64()?);
        }
        let mut series = BTreeMap::new();
        for _ in 0..r.u64()? {
            let key = (
                u32::from_le_bytes(r.array()?),
                u32::from_le_bytes(r.array()?),
            );
            series.insert(key, r.series()?);
        }
        let mut excluded = BTreeMap::new();
        for _ in 0..r.u64()? {
            let reason: ExclusionReason = r.named()?;
            let count = r.u64()?;
            let mut first = Vec::new();
            for _ in 0..r.u64()? {
                first.push(r.ordinal()?);
            }
            excluded.insert(reason, Left { count, first });
        }
        if r.at != bytes.len() {
            return Err(r.broken("còn byte thừa ở cuối", "trailing bytes after the state"));
        }
        Ok(RollupState {
            setup,
            as_of,
            phase,
            invalid,
            window,
            partitions,
            series,
            excluded,
        })
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn broken(&self, vi: &str, en: &str) -> Error {
        let at = self.at;
        Error::invalid(
            "state",
            (
                format!("trạng thái tổng hợp hỏng ở byte {at}: {vi}"),
                format!("broken roll-up state at byte {at}: {en}"),
            ),
        )
    }

    fn take(&mut self, n: usize) -> Result<&'b [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let Some(part) = end.and_then(|end| self.bytes.get(self.at..end)) else {
            return Err(self.broken("hết byte giữa chừng", "the bytes end too soon"));
        };
        self.at += n;
        Ok(part)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let part = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(part);
        Ok(out)
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(u8::from_le_bytes(self.array()?))
    }

    fn text(&mut self) -> Result<&'b str> {
        let len = u32::from_le_bytes(self.array()?) as usize;
        let part = self.take(len)?;
        std::str::from_utf8(part)
            .map_err(|_| self.broken("chuỗi không phải UTF-8", "a string is not UTF-8"))
    }

    fn named<T: serde::de::DeserializeOwned>(&mut self) -> Result<T> {
        let name = self.text()?;
        crate::json_text::from_name(name).ok_or_else(|| {
            self.broken(
                &format!("giá trị `{name}` không hợp lệ"),
                &format!("invalid value `{name}`"),
            )
        })
    }

    fn period(&mut self) -> Result<Period> {
        let text = self.text()?;
        text.parse().map_err(|_| {
            self.broken(
                &format!("kỳ `{text}` không hợp lệ"),
                &format!("invalid period `{text}`"),
            )
        })
    }

    fn ordinal(&mut self) -> Result<Ordinal> {
        Ok((self.u64()?, self.u64()?))
    }

    fn rational(&mut self) -> Result<Rational> {
        let num = i128::from_le_bytes(self.array()?);
        let den = i128::from_le_bytes(self.array()?);
        Rational::new(num, den)
            .ok_or_else(|| self.broken("phân số không hợp lệ", "invalid fraction"))
    }

    fn timed(&mut self) -> Result<Timed> {
        let period = self.period()?;
        let at = self.ordinal()?;
        let flags = self.byte()?;
        let mut figure = |bit: u8| -> Result<Option<Rational>> {
            if flags & bit == 0 {
                Ok(None)
            } else {
                self.rational().map(Some)
            }
        };
        let value = figure(1)?;
        let numerator = figure(2)?;
        let denominator = figure(4)?;
        let qualifier: Option<Qualifier> = if flags & 8 == 0 {
            None
        } else {
            Some(self.named()?)
        };
        Ok(Timed {
            period,
            at,
            reported: Reported {
                value,
                numerator,
                denominator,
                qualifier,
            },
        })
    }

    fn series(&mut self) -> Result<Series> {
        let kind = self.byte()?;
        let count = self.u64()?;
        match (kind, count) {
            (0, 1) => Ok(Series::Latest(self.timed()?)),
            (1, n) if n > 0 => {
                let mut flows = Vec::new();
                for _ in 0..n {
                    flows.push(self.timed()?);
                }
                // Bytes not written by `to_bytes` still make a canonical
                // state: sorted, one flow per period.
                normalize(&mut flows);
                Ok(Series::Flows(flows))
            }
            _ => Err(self.broken("loại chuỗi số liệu không hợp lệ", "invalid series kind")),
        }
    }
}
