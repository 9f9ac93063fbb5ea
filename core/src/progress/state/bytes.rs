//! The canonical bytes of a [`RollupState`]: the same state always gives
//! the same bytes, whatever order its parts were merged in, so a cluster's
//! result can be compared byte for byte with one machine's.
//!
//! Layout, version 2, integers little-endian: the magic `CTRS`, the
//! version (u16), the body, and a CRC-32C (Castagnoli) of everything
//! before it (u32). The body: the set-up fingerprint (u64), the as-of date
//! (i32 days from 0001-01-01), the phase, the invalid-data mode and the
//! window (each a string: u32 length, UTF-8); the partitions (u64 count,
//! then partition and rows, u64 each); the codes (u64 count, then each
//! string, sorted, each once); the breakdowns (u64 count, then each as a
//! u64 count of dimension and category strings, sorted, each once); the
//! keys (u64 count, in key order, each: indicator and area as u32 indexes
//! of the codes, the period as a string, the breakdown as a u32 — 0 for a
//! total, else its index plus one — the first report's partition and row
//! (u64 each), its problem (a byte: 0 none, 1 unknown indicator, 2
//! unknown area, 3 shape, 4 negative, 5 not whole, 6 part above whole, 7
//! percentage out of range; a byte of detail — the shape's position, or
//! for 4 and 5 the field, 0 value, 1 numerator, 2 denominator; then the
//! figures of 4 to 7: the figure, or the part and the whole), a byte 1
//! and the report when it is folded (else 0),
//! then the later copies' count (u64) and the listed ones (u64 count,
//! then partition and row each)). A report is a byte of which figures
//! follow (value, numerator, denominator, qualifier), the figures
//! (numerator and denominator as i128) and the qualifier (string).
//!
//! **What the checksum defends against, and what not.** The CRC-32C finds
//! every change of up to 32 bits in a row and any odd number of flipped
//! bits, and misses other damage with a chance of 1 in 2³²: a state
//! corrupted on a disk, in a network buffer or by a faulty cast between
//! tools is refused, never read as other figures. It is no defence against
//! a state made on purpose: anyone can compute a CRC. What a made state
//! cannot do is crash the reader or make it allocate beyond its size —
//! every count, index, position and order is checked as it is read, and
//! one that does not fit is refused, naming the byte — but it can claim
//! other figures: a state is trusted input of its own pipeline.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;

use super::RollupState;
use super::keys::{Entry, Key, Left, Ordinal, Problem};
use crate::error::{Error, Result};
use crate::json_text::name_of;
use crate::model::{Disaggregation, InvalidData, Qualifier, ValueProblem};
use crate::number::Rational;
use crate::period::Period;
use crate::progress::rollup::Reported;

const MAGIC: &[u8; 4] = b"CTRS";
/// The layout version written; [`RollupState::from_bytes`] reads only it.
pub const VERSION: u16 = 2;

/// CRC-32C, the checksum of iSCSI and ext4: hardware-friendly and with
/// well-known error-finding strength.
const CASTAGNOLI: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISCSI);

/// The fields a figure that cannot count is placed at, by their byte.
const FIELDS: [&str; 3] = ["value", "numerator", "denominator"];

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.u32(text.len() as u32);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn ordinal(&mut self, (partition, row): Ordinal) {
        self.u64(partition);
        self.u64(row);
    }

    fn rational(&mut self, r: Rational) {
        self.0.extend_from_slice(&r.numer().to_le_bytes());
        self.0.extend_from_slice(&r.denom().to_le_bytes());
    }

    fn reported(&mut self, r: &Reported) {
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

    /// A problem: its byte, a byte of detail (a shape's position, a
    /// figure's field) and the figures of a value problem.
    fn problem(&mut self, problem: Option<Problem>) {
        let field = |f: &str| FIELDS.iter().position(|&x| x == f).unwrap_or(0) as u8;
        let (code, detail, figures) = match problem {
            None => (0, 0, [None, None]),
            Some(Problem::UnknownIndicator) => (1, 0, [None, None]),
            Some(Problem::UnknownArea) => (2, 0, [None, None]),
            Some(Problem::Shape(position)) => (3, position, [None, None]),
            Some(Problem::Value(v)) => match v {
                ValueProblem::Negative { field: f, value } => (4, field(f), [Some(value), None]),
                ValueProblem::NotWhole { field: f, value } => (5, field(f), [Some(value), None]),
                ValueProblem::PartAboveWhole { part, whole } => (6, 0, [Some(part), Some(whole)]),
                ValueProblem::PercentRange { value } => (7, 0, [Some(value), None]),
            },
        };
        self.0.extend_from_slice(&[code, detail]);
        for figure in figures.into_iter().flatten() {
            self.rational(figure);
        }
    }

    /// One key, its codes and breakdown as indexes of the sorted lists.
    fn key(&mut self, key: &Key, entry: &Entry, codes: &[&str], breakdowns: &[&Disaggregation]) {
        let position = |code: &str| codes.binary_search(&code).map_or(0, |i| i as u32);
        self.u32(position(&key.indicator));
        self.u32(position(&key.area));
        self.text(&key.period.to_string());
        let breakdown = key.breakdown.as_deref().map_or(0, |b| {
            breakdowns.binary_search(&b).map_or(0, |i| i as u32 + 1)
        });
        self.u32(breakdown);
        self.ordinal(entry.first);
        self.problem(entry.problem);
        match &entry.report {
            Some(report) => {
                self.0.push(1);
                self.reported(report);
            }
            None => self.0.push(0),
        }
        let later = entry.later.as_deref().cloned().unwrap_or_default();
        self.u64(later.count);
        self.u64(later.first.len() as u64);
        for &at in &later.first {
            self.ordinal(at);
        }
    }
}

impl RollupState {
    /// The state as canonical, versioned, checksummed bytes (see the
    /// module for the layout): what travels between processes.
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
            w.ordinal((partition, rows));
        }
        let codes: BTreeSet<&str> = (self.keys.keys())
            .flat_map(|k| [&*k.indicator, &*k.area])
            .collect();
        let codes: Vec<&str> = codes.into_iter().collect();
        let breakdowns: BTreeSet<&Disaggregation> = self
            .keys
            .keys()
            .filter_map(|k| k.breakdown.as_deref())
            .collect();
        let breakdowns: Vec<&Disaggregation> = breakdowns.into_iter().collect();
        w.u64(codes.len() as u64);
        for code in &codes {
            w.text(code);
        }
        w.u64(breakdowns.len() as u64);
        for breakdown in &breakdowns {
            w.u64(breakdown.iter().count() as u64);
            for (dimension, category) in breakdown.iter() {
                w.text(dimension);
                w.text(category);
            }
        }
        w.u64(self.keys.len() as u64);
        for (key, entry) in &self.keys {
            w.key(key, entry, &codes, &breakdowns);
        }
        let checksum = CASTAGNOLI.checksum(&w.0);
        w.u32(checksum);
        w.0
    }

    /// Reads a state written by [`to_bytes`](Self::to_bytes). Bytes that
    /// are cut, damaged (the checksum), of another version, or whose
    /// counts, indexes, positions or order do not fit are an error at
    /// `state`, naming the byte offset.
    pub fn from_bytes(bytes: &[u8]) -> Result<RollupState> {
        let body = checked_body(bytes)?;
        let mut r = Reader {
            bytes: body,
            at: MAGIC.len() + 2,
        };
        let state = r.state()?;
        if r.at != body.len() {
            return Err(r.broken("còn byte thừa ở cuối", "trailing bytes after the state"));
        }
        Ok(state)
    }
}

/// The bytes without their checksum, after checking the magic, the
/// version and the checksum.
fn checked_body(bytes: &[u8]) -> Result<&[u8]> {
    let broken = |at: usize, vi: &str, en: &str| broken_at(at, vi, en);
    if bytes.get(..4) != Some(MAGIC.as_slice()) {
        return Err(broken(
            0,
            "không phải trạng thái tổng hợp của chitieu",
            "not a chitieu roll-up state",
        ));
    }
    let Some(&[low, high]) = bytes.get(4..6) else {
        return Err(broken(4, "hết byte giữa chừng", "the bytes end too soon"));
    };
    let version = u16::from_le_bytes([low, high]);
    if version != VERSION {
        return Err(broken(
            4,
            &format!(
                "phiên bản {version} không đọc được (đọc được phiên bản {VERSION}): hãy tạo lại trạng thái bằng bản chitieu này"
            ),
            &format!(
                "version {version} cannot be read (this reads version {VERSION}): build the state again with this chitieu"
            ),
        ));
    }
    let Some(split) = bytes.len().checked_sub(4).filter(|&s| s >= 6) else {
        return Err(broken(
            bytes.len(),
            "hết byte giữa chừng",
            "the bytes end too soon",
        ));
    };
    let (body, tail) = bytes.split_at(split);
    let mut written = [0u8; 4];
    written.copy_from_slice(tail);
    if CASTAGNOLI.checksum(body) != u32::from_le_bytes(written) {
        return Err(broken(
            split,
            "tổng kiểm tra CRC-32C không khớp: các byte đã bị hỏng hoặc bị sửa",
            "the CRC-32C checksum does not match: the bytes were damaged or changed",
        ));
    }
    Ok(body)
}

fn broken_at(at: usize, vi: &str, en: &str) -> Error {
    Error::invalid(
        "state",
        (
            format!("trạng thái tổng hợp hỏng ở byte {at}: {vi}"),
            format!("broken roll-up state at byte {at}: {en}"),
        ),
    )
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn broken(&self, vi: &str, en: &str) -> Error {
        broken_at(self.at, vi, en)
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

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(u8::from_le_bytes(self.array()?))
    }

    /// A count of items of at least `least` bytes each: one the remaining
    /// bytes cannot hold is refused before anything is built from it.
    fn count(&mut self, least: usize) -> Result<usize> {
        let count = self.u64()?;
        let room = self.bytes.len().saturating_sub(self.at) / least.max(1);
        usize::try_from(count)
            .ok()
            .filter(|&c| c <= room)
            .ok_or_else(|| {
                self.broken(
                    &format!("số lượng {count} vượt quá số byte còn lại"),
                    &format!("a count of {count} is more than the remaining bytes hold"),
                )
            })
    }

    fn text(&mut self) -> Result<&'b str> {
        let len = self.u32()? as usize;
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

    /// An exact fraction, as `to_bytes` writes it: in lowest terms with a
    /// positive denominator (anything else was not written by it).
    fn rational(&mut self) -> Result<Rational> {
        let num = i128::from_le_bytes(self.array()?);
        let den = i128::from_le_bytes(self.array()?);
        Rational::new(num, den)
            .filter(|r| (r.numer(), r.denom()) == (num, den))
            .ok_or_else(|| self.broken("phân số không hợp lệ", "invalid fraction"))
    }

    fn reported(&mut self) -> Result<Reported> {
        let flags = self.byte()?;
        if flags > 0b1111 {
            return Err(self.broken("cờ số liệu không hợp lệ", "invalid figure flags"));
        }
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
        Ok(Reported {
            value,
            numerator,
            denominator,
            qualifier,
        })
    }
}

/// What a key's fields are checked against as they are read.
struct Context {
    partitions: BTreeMap<u64, u64>,
    codes: Vec<Arc<str>>,
    breakdowns: Vec<Arc<Disaggregation>>,
    window: Period,
}

impl Reader<'_> {
    fn state(&mut self) -> Result<RollupState> {
        let setup = self.u64()?;
        let as_of = NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(self.array()?))
            .ok_or_else(|| self.broken("ngày không hợp lệ", "invalid date"))?;
        let phase = self.text()?.to_string();
        let invalid: InvalidData = self.named()?;
        let window = self.period()?;
        let partitions = self.partitions()?;
        let codes = self.codes()?;
        let breakdowns = self.breakdowns()?;
        let context = Context {
            partitions,
            codes,
            breakdowns,
            window,
        };
        let mut keys: BTreeMap<Key, Entry> = BTreeMap::new();
        for _ in 0..self.count(54)? {
            let (key, entry) = self.key(&context)?;
            // Keys come in order, each once: anything else was not written
            // by `to_bytes`.
            if keys.last_key_value().is_some_and(|(last, _)| *last >= key) {
                return Err(self.broken("khóa không theo thứ tự", "keys out of order"));
            }
            keys.insert(key, entry);
        }
        // Every code and breakdown listed is one a key uses, as `to_bytes`
        // lists them.
        let codes: BTreeSet<&str> = keys
            .keys()
            .flat_map(|k| [&*k.indicator, &*k.area])
            .collect();
        let breakdowns: BTreeSet<&Disaggregation> =
            keys.keys().filter_map(|k| k.breakdown.as_deref()).collect();
        if codes.len() != context.codes.len() || breakdowns.len() != context.breakdowns.len() {
            return Err(self.broken(
                "có mã hoặc phân tổ không khóa nào dùng",
                "a code or breakdown no key uses",
            ));
        }
        Ok(RollupState {
            setup,
            as_of,
            phase,
            invalid,
            window,
            partitions: context.partitions,
            keys,
        })
    }

    /// The partitions and their rows, in order, with a total that fits.
    fn partitions(&mut self) -> Result<BTreeMap<u64, u64>> {
        let mut partitions = BTreeMap::new();
        let mut total = 0u64;
        for _ in 0..self.count(16)? {
            let (partition, rows) = self.ordinal()?;
            let ordered = partitions
                .last_key_value()
                .is_none_or(|(&last, _)| last < partition);
            let sum = total.checked_add(rows);
            let (true, Some(sum)) = (ordered, sum) else {
                return Err(self.broken(
                    "phân vùng không theo thứ tự hoặc tổng số dòng tràn số",
                    "partitions out of order, or their rows overflow",
                ));
            };
            total = sum;
            partitions.insert(partition, rows);
        }
        Ok(partitions)
    }

    /// The codes, sorted and each once.
    fn codes(&mut self) -> Result<Vec<Arc<str>>> {
        let mut codes: Vec<Arc<str>> = Vec::new();
        for _ in 0..self.count(4)? {
            let code = self.text()?;
            if codes.last().is_some_and(|last| &**last >= code) {
                return Err(self.broken("mã không theo thứ tự", "codes out of order"));
            }
            codes.push(Arc::from(code));
        }
        Ok(codes)
    }

    /// The breakdowns, each with its dimensions in order, sorted and each
    /// once.
    fn breakdowns(&mut self) -> Result<Vec<Arc<Disaggregation>>> {
        let mut breakdowns: Vec<Arc<Disaggregation>> = Vec::new();
        for _ in 0..self.count(8)? {
            let mut breakdown = Disaggregation::total();
            let pairs = self.count(8)?;
            let mut last: Option<&str> = None;
            for _ in 0..pairs {
                let dimension = self.text()?;
                let category = self.text()?;
                if last.is_some_and(|l| l >= dimension) {
                    return Err(
                        self.broken("chiều phân tổ không theo thứ tự", "dimensions out of order")
                    );
                }
                last = Some(dimension);
                breakdown.insert(dimension.to_string(), category.to_string());
            }
            let ordered = breakdowns.last().is_none_or(|b| **b < breakdown);
            if pairs == 0 || !ordered {
                return Err(self.broken(
                    "phân tổ rỗng hoặc không theo thứ tự",
                    "an empty breakdown, or breakdowns out of order",
                ));
            }
            breakdowns.push(Arc::new(breakdown));
        }
        Ok(breakdowns)
    }

    /// The code at `index`.
    fn code(&self, context: &Context, index: u32) -> Result<Arc<str>> {
        context.codes.get(index as usize).cloned().ok_or_else(|| {
            self.broken(
                "chỉ số mã vượt ngoài danh sách",
                "a code index is out of range",
            )
        })
    }

    /// An ordinal of a partition the state holds, inside its rows.
    fn row(&mut self, context: &Context) -> Result<Ordinal> {
        let (partition, row) = self.ordinal()?;
        match context.partitions.get(&partition) {
            Some(&rows) if row < rows => Ok((partition, row)),
            _ => Err(self.broken(
                "vị trí dòng ngoài các phân vùng của trạng thái",
                "a row outside the state's partitions",
            )),
        }
    }

    fn key(&mut self, context: &Context) -> Result<(Key, Entry)> {
        let indicator = self.u32()?;
        let indicator = self.code(context, indicator)?;
        let area = self.u32()?;
        let area = self.code(context, area)?;
        let period = self.period()?;
        let breakdown = match self.u32()? {
            0 => None,
            n => Some(
                context
                    .breakdowns
                    .get(n as usize - 1)
                    .cloned()
                    .ok_or_else(|| {
                        self.broken(
                            "chỉ số phân tổ vượt ngoài danh sách",
                            "a breakdown index is out of range",
                        )
                    })?,
            ),
        };
        let key = Key {
            indicator,
            area,
            period,
            breakdown,
        };
        let entry = self.entry(context, &key)?;
        Ok((key, entry))
    }

    fn problem(&mut self) -> Result<Option<Problem>> {
        let [code, detail] = self.array()?;
        let field = FIELDS.get(usize::from(detail)).copied();
        let problem = match (code, detail, field) {
            (0, 0, _) => None,
            (1, 0, _) => Some(Problem::UnknownIndicator),
            (2, 0, _) => Some(Problem::UnknownArea),
            (3, position, _) if crate::model::ObservationProblem::shape(position).is_some() => {
                Some(Problem::Shape(position))
            }
            (4, _, Some(field)) => Some(Problem::Value(ValueProblem::Negative {
                field,
                value: self.rational()?,
            })),
            (5, _, Some(field)) => Some(Problem::Value(ValueProblem::NotWhole {
                field,
                value: self.rational()?,
            })),
            (6, 0, _) => Some(Problem::Value(ValueProblem::PartAboveWhole {
                part: self.rational()?,
                whole: self.rational()?,
            })),
            (7, 0, _) => Some(Problem::Value(ValueProblem::PercentRange {
                value: self.rational()?,
            })),
            _ => return Err(self.broken("mã vấn đề không hợp lệ", "invalid problem code")),
        };
        Ok(problem)
    }

    fn entry(&mut self, context: &Context, key: &Key) -> Result<Entry> {
        let first = self.row(context)?;
        let problem = self.problem()?;
        let folded =
            problem.is_none() && key.breakdown.is_none() && context.window.contains(&key.period);
        let report = match (self.byte()?, folded) {
            (0, false) => None,
            (1, true) => Some(Box::new(self.reported()?)),
            _ => {
                return Err(self.broken(
                    "báo cáo được cộng không khớp với khóa",
                    "a folded report that does not fit its key",
                ));
            }
        };
        let count = self.u64()?;
        let mut listed = Vec::new();
        for _ in 0..self.count(16)? {
            let at = self.row(context)?;
            // Later copies come after the first, in order, each once.
            if at <= *listed.last().unwrap_or(&first) {
                return Err(self.broken("bản lặp không theo thứ tự", "repeats out of order"));
            }
            listed.push(at);
        }
        let expected = usize::try_from(count)
            .map_or(crate::model::exclusion::MAX_EXCLUDED_LISTED, |c| {
                c.min(crate::model::exclusion::MAX_EXCLUDED_LISTED)
            });
        if listed.len() != expected {
            return Err(self.broken(
                "số bản lặp không khớp",
                "the count of repeats does not match",
            ));
        }
        let later = (count > 0).then(|| {
            Box::new(Left {
                count,
                first: listed,
            })
        });
        Ok(Entry {
            first,
            problem,
            report,
            later,
        })
    }
}
