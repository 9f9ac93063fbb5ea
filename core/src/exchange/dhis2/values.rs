//! `dataValueSets` in and out, in JSON and CSV.

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Deserializer, Serialize};

use crate::area::AreaLevel;
use crate::code::{AreaCode, IndicatorCode};
use crate::error::{CodeKind, Error, ErrorKind, Result};
use crate::exchange::dhis2::mapping::{MappingIndex, Target};
use crate::exchange::dhis2::{Dhis2Format, Dhis2Mapping, ValuePart, period};
use crate::io::csv::{spreadsheet_safe, unescape_cell};
use crate::json_text::ToJson;
use crate::model::{
    CheckedData, DataSet, Disaggregation, InvalidData, MeasureKind, Observation, ObservationStatus,
    UnitKind,
};
use crate::number::Rational;
use crate::period::Period;
use crate::text::Text;

/// One DHIS2 data value, as the Web API writes it (`camelCase`; values
/// are text, numbers are accepted too).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataValue {
    /// The data element.
    pub data_element: String,
    /// The period id (or the set's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The organisation unit (or the set's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    /// The category option combo; absent for the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_option_combo: Option<String>,
    /// The attribute option combo (or the set's); absent for the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<String>,
    /// The value, as text.
    #[serde(
        default,
        deserialize_with = "text_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<String>,
    /// Who stored it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_by: Option<String>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// When it was last updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// A comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Marked for follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followup: Option<bool>,
    /// Deleted in DHIS2 (skipped and counted on import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

fn text_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(Option::<Loose>::deserialize(d)?.map(|v| match v {
        Loose::Text(t) => t,
        Loose::Number(n) => n.to_string(),
    }))
}

/// A DHIS2 `dataValueSets` document: values, and the period, unit and
/// attribute combo they share when they do not name their own.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataValueSet {
    /// The DHIS2 data set (not needed to read the values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_set: Option<String>,
    /// When the data set was completed (not needed to read the values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complete_date: Option<String>,
    /// The period of values that have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The organisation unit of values that have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    /// The attribute option combo of values that have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<String>,
    /// The values.
    #[serde(default)]
    pub data_values: Vec<DataValue>,
}

crate::json_text::via_serde!(DataValueSet);

/// A `dataValueSets` file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dhis2Source {
    /// The JSON document (errors at `json.dataValues[i].field`).
    Json(DataValueSet),
    /// CSV text (errors at the column's name, `value`, with the line).
    Csv(String),
}

/// What DHIS2 says about a value that an observation has no field for:
/// kept beside the data set, and written back on export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// The observation's position in the data set.
    pub observation: usize,
    /// The part of the observation the value was.
    #[serde(default)]
    pub part: ValuePart,
    /// DHIS2's `storedBy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_by: Option<String>,
    /// DHIS2's `created`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// DHIS2's `lastUpdated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// DHIS2's `comment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// DHIS2's `followup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followup: Option<bool>,
}

/// What reading a `dataValueSets` file gave.
#[derive(Debug, Clone, PartialEq, Serialize, ToJson)]
pub struct Dhis2Import {
    /// The base data set with the values read added as observations.
    pub data: DataSet,
    /// Observations added.
    pub imported: usize,
    /// Values marked `deleted`, skipped.
    pub deleted: usize,
    /// Values that could not be read (with `invalid: exclude`; with
    /// `error` the first one is the error), each with its position.
    #[serde(serialize_with = "errors_as_json")]
    pub problems: Vec<Error>,
    /// DHIS2 fields the observations have no place for.
    pub annotations: Vec<Annotation>,
}

fn errors_as_json<S: serde::Serializer>(
    errors: &[Error],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(errors.iter().map(Error::to_json))
}

/// Where a value sits in its file.
#[derive(Debug, Clone, Copy)]
enum Position {
    /// `json.dataValues[i]`.
    Index(usize),
    /// A CSV line.
    Line(u64),
}

impl Position {
    /// Places `error` on `field` of the value.
    fn place(self, error: Error, field: &str) -> Error {
        match self {
            Position::Index(i) => error.at(format!("json.dataValues[{i}].{field}")),
            Position::Line(line) => {
                let column = CSV_COLUMNS.iter().position(|c| *c == field).unwrap_or(0);
                let name = CSV_HEADER.get(column).copied().unwrap_or("deleted");
                error.at(name).at_line(line).at_column(column as u64 + 1)
            }
        }
    }
}

/// DHIS2's CSV columns, by position.
const CSV_COLUMNS: &[&str] = &[
    "dataElement",
    "period",
    "orgUnit",
    "categoryOptionCombo",
    "attributeOptionCombo",
    "value",
    "storedBy",
    "lastUpdated",
    "comment",
    "followup",
    "deleted",
];

/// The header DHIS2 writes (and this module writes) for its CSV.
const CSV_HEADER: &[&str] = &[
    "dataelement",
    "period",
    "orgunit",
    "catoptcombo",
    "attroptcombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
];

/// Reads a `dataValueSets` file into `base` (its framework, areas and
/// observations): every value mapped through `mapping`, typed by its
/// indicator. Paths: `json.dataValues[i].field`, or for CSV the column's
/// name (`value`) with the line, `mapping.…` for the mapping, `data.…` for the base.
///
/// With [`InvalidData::Error`] the first problem is the error; with
/// [`InvalidData::Exclude`] every problem is listed and the other values
/// are read.
pub fn read_data_values(
    base: &DataSet,
    source: &Dhis2Source,
    mapping: &Dhis2Mapping,
    invalid: InvalidData,
) -> Result<Dhis2Import> {
    let framework = base
        .framework()
        .index()
        .map_err(|e| e.under("framework").under("data"))?;
    let index = MappingIndex::new(mapping, &framework, base.areas())?;
    let values: Vec<(Position, DataValue)> = match source {
        Dhis2Source::Json(set) => json_values(set),
        Dhis2Source::Csv(text) => csv_values(text)?,
    };
    let mut reader = Reader {
        index: &index,
        framework: &framework,
        first: base.observation_count(),
        observations: Vec::new(),
        open_parts: HashMap::default(),
        annotations: Vec::new(),
    };
    let (mut deleted, mut problems) = (0, Vec::new());
    for (position, value) in values {
        if value.deleted == Some(true) {
            deleted += 1;
            continue;
        }
        if let Err(error) = reader.read(position, value) {
            match invalid {
                InvalidData::Error => return Err(error),
                InvalidData::Exclude => problems.push(error),
            }
        }
    }
    let imported = reader.observations.len();
    // By observation and part, whatever order the file gave the parts in.
    let mut annotations = reader.annotations;
    crate::order::sort_by_key(&mut annotations, |a| (a.observation, a.part));
    let mut data = base.clone();
    data.extend_observations(reader.observations);
    Ok(Dhis2Import {
        data,
        imported,
        deleted,
        problems,
        annotations,
    })
}

/// The values of a JSON document, each with the set's defaults filled in.
fn json_values(set: &DataValueSet) -> Vec<(Position, DataValue)> {
    set.data_values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut v = v.clone();
            v.period = v.period.or_else(|| set.period.clone());
            v.org_unit = v.org_unit.or_else(|| set.org_unit.clone());
            v.attribute_option_combo = v
                .attribute_option_combo
                .or_else(|| set.attribute_option_combo.clone());
            (Position::Index(i), v)
        })
        .collect()
}

fn csv_error(line: u64, vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::new(ErrorKind::CsvFormat {
        detail: Text::new(vi, en),
    })
    .at("csv")
    .at_line(line)
}

fn csv_flag(line: u64, column: usize, text: &str) -> Result<Option<bool>> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(Error::new(ErrorKind::InvalidValue {
            detail: Text::new(
                format!("`{text}` không phải true hay false"),
                format!("`{text}` is not true or false"),
            ),
        })
        .at("csv")
        .at_line(line)
        .at_column(column as u64)),
    }
}

/// The values of DHIS2 CSV: columns by position, the header row optional.
/// Quotes are checked as the tidy reader checks them (the csv crate would
/// let a quote never closed swallow the rest of the file into one cell),
/// and text cells lose the `'` that [`csv_text`] puts before a formula.
fn csv_values(text: &str) -> Result<Vec<(Position, DataValue)>> {
    // As the tidy reader: the quotes are checked after a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    crate::io::csv::check_quotes(text).map_err(|e| e.at("csv"))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            csv_error(
                line,
                format!("CSV hỏng: {e}"),
                format!("malformed CSV: {e}"),
            )
        })?;
        let line = record.position().map_or(i as u64 + 1, |p| p.line());
        let cell = |c: usize, read: fn(&str) -> &str| {
            let cell = record.get(c).map(read).filter(|t| !t.is_empty());
            cell.map(str::to_string)
        };
        let field = |c: usize| cell(c, str::trim);
        // Identifiers are text cells too, written spreadsheet-safe.
        let code = |c: usize| cell(c, |t| unescape_cell(t).trim());
        // Free text keeps its spaces: only an empty field is no text.
        let text = |c: usize| cell(c, unescape_cell);
        if i == 0 && field(0).is_some_and(|f| f.eq_ignore_ascii_case("dataelement")) {
            continue;
        }
        if record.len() == 1 && field(0).is_none() {
            continue; // a blank line
        }
        if record.len() < 6 || record.len() > CSV_COLUMNS.len() {
            return Err(csv_error(
                line,
                format!(
                    "dòng có {} cột; DHIS2 ghi 6 đến {} cột (dataelement, period, orgunit, catoptcombo, attroptcombo, value, …)",
                    record.len(),
                    CSV_COLUMNS.len()
                ),
                format!(
                    "the line has {} columns; DHIS2 writes 6 to {} (dataelement, period, orgunit, catoptcombo, attroptcombo, value, …)",
                    record.len(),
                    CSV_COLUMNS.len()
                ),
            ));
        }
        let value = DataValue {
            data_element: code(0).unwrap_or_default(),
            period: field(1),
            org_unit: code(2),
            category_option_combo: code(3),
            attribute_option_combo: code(4),
            value: field(5),
            stored_by: text(6),
            last_updated: text(7),
            comment: text(8),
            followup: csv_flag(line, 10, record.get(9).unwrap_or_default())?,
            deleted: csv_flag(line, 11, record.get(10).unwrap_or_default())?,
            created: None,
        };
        out.push((Position::Line(line), value));
    }
    Ok(out)
}

/// An observation's key: indicator, area, period, breakdown.
type Key = (IndicatorCode, AreaCode, Period, Disaggregation);

/// Values being read into observations.
struct Reader<'a, 'm> {
    index: &'a MappingIndex<'m>,
    framework: &'a crate::model::FrameworkIndex<'a>,
    /// The position the first new observation will have in the data set.
    first: usize,
    observations: Vec<Observation>,
    /// Ratio observations still missing a part, by key.
    open_parts: HashMap<Key, Vec<usize>>,
    annotations: Vec<Annotation>,
}

fn unknown(kind: CodeKind, value: &str) -> Error {
    Error::new(ErrorKind::UnknownCode {
        kind,
        value: value.to_string(),
    })
}

fn required(field: &str) -> Error {
    Error::new(ErrorKind::MissingField {
        field: field.to_string(),
    })
}

impl<'m> Reader<'_, 'm> {
    /// Reads one value into an observation (or into the open ratio
    /// observation it completes).
    fn read(&mut self, at: Position, v: DataValue) -> Result<()> {
        let target = self.target(at, &v)?;
        let key = self.key(at, &v, target)?;
        let text = v
            .value
            .as_deref()
            .ok_or_else(|| at.place(required("value"), "value"))?;
        let number = self
            .typed(text, target.indicator)
            .map_err(|e| at.place(e, "value"))?;
        let parts = self.framework.entry(target.indicator).is_some_and(|e| {
            matches!(
                e.indicator.measure,
                MeasureKind::Ratio | MeasureKind::Coverage
            )
        });
        let observation = self.place(key, target.entry.part, number, parts);
        let annotation = Annotation {
            observation: self.first + observation,
            part: target.entry.part,
            stored_by: v.stored_by,
            created: v.created,
            last_updated: v.last_updated,
            comment: v.comment,
            followup: v.followup,
        };
        if annotation.stored_by.is_some()
            || annotation.created.is_some()
            || annotation.last_updated.is_some()
            || annotation.comment.is_some()
            || annotation.followup.is_some()
        {
            self.annotations.push(annotation);
        }
        Ok(())
    }

    /// What the value's data element and combo are; an unknown pair is
    /// reported at the combo when the element itself is known.
    fn target(&self, at: Position, v: &DataValue) -> Result<Target<'m>> {
        let element = v.data_element.trim();
        if element.is_empty() {
            return Err(at.place(required("dataElement"), "dataElement"));
        }
        let combo = v.category_option_combo.as_deref();
        self.index.element(element, combo).ok_or_else(|| {
            let combo = combo.filter(|c| !self.index.is_default_combo(Some(c)));
            let known = self.index.element(element, None).is_some()
                || !self.index.element_by_uid(element).is_empty();
            let (shown, field) = match combo {
                Some(c) if known => (format!("{element}.{c}"), "categoryOptionCombo"),
                Some(c) => (format!("{element}.{c}"), "dataElement"),
                None => (element.to_string(), "dataElement"),
            };
            at.place(unknown(CodeKind::Field, &shown), field)
        })
    }

    /// The observation key of a value: its indicator, area, period and
    /// breakdown (the combo's, plus the attribute's when mapped).
    fn key(&self, at: Position, v: &DataValue, target: Target<'m>) -> Result<Key> {
        let period_id = v
            .period
            .as_deref()
            .ok_or_else(|| at.place(required("period"), "period"))?;
        let period = period::parse(period_id.trim()).map_err(|e| at.place(e, "period"))?;
        let unit = v
            .org_unit
            .as_deref()
            .ok_or_else(|| at.place(required("orgUnit"), "orgUnit"))?;
        let area = self
            .index
            .area(unit.trim())
            .ok_or_else(|| at.place(unknown(CodeKind::Area, unit), "orgUnit"))?;
        let mut disaggregation = target.entry.disaggregation.clone();
        let combo = v.attribute_option_combo.as_deref();
        match self.index.attribute(combo) {
            Ok(None) => {}
            Ok(Some((dimension, category))) => {
                if !disaggregation.insert(dimension.into(), category.into()) {
                    let twice = Error::new(ErrorKind::DuplicateKey {
                        kind: CodeKind::Dimension,
                        key: dimension.into(),
                        first: "mapping.data_elements".into(),
                    });
                    return Err(at.place(twice, "attributeOptionCombo"));
                }
            }
            Err(()) => {
                let shown = unknown(CodeKind::Field, combo.unwrap_or_default());
                return Err(at.place(shown, "attributeOptionCombo"));
            }
        }
        let indicator = IndicatorCode::new(target.entry.indicator.as_str())
            .map_err(|e| at.place(e, "dataElement"))?;
        let area = AreaCode::new(area).map_err(|e| at.place(e, "orgUnit"))?;
        Ok((indicator, area, period, disaggregation))
    }

    /// The value's number, read as its indicator needs it.
    fn typed(&self, text: &str, indicator: usize) -> Result<Rational> {
        let text = text.trim();
        let not_a_number = |vi: &str, en: &str| {
            Error::new(ErrorKind::InvalidNumber {
                value: text.to_string(),
                reason: Text::new(vi, en),
            })
        };
        if text.contains('/') || text.is_empty() {
            return Err(not_a_number(
                "DHIS2 ghi số thập phân, dấu chấm thập phân",
                "DHIS2 writes decimal numbers with a decimal point",
            ));
        }
        let number = Rational::parse(text)?;
        let whole = self.framework.entry(indicator).is_some_and(|e| {
            e.unit.kind == UnitKind::Count || e.indicator.measure == MeasureKind::Coverage
        });
        if whole && !number.is_integer() {
            return Err(not_a_number(
                "chỉ tiêu đếm số nguyên (nhóm, người, địa bàn)",
                "the indicator counts whole things (groups, people, areas)",
            ));
        }
        Ok(number)
    }

    /// Puts a number into a new observation or, for an indicator of two
    /// parts (`parts`: ratio, coverage), into the first observation of the
    /// same key still missing that part; returns its position among the
    /// new observations.
    fn place(&mut self, key: Key, part: ValuePart, number: Rational, parts: bool) -> usize {
        if parts && let Some(open) = self.open_parts.get(&key) {
            for &i in open {
                if let Some(slot) = self.observations.get_mut(i).map(|o| slot_of(o, part))
                    && slot.is_none()
                {
                    *slot = Some(number);
                    return i;
                }
            }
        }
        let (indicator, area, period, disaggregation) = key.clone();
        let mut observation = Observation {
            indicator,
            area,
            period,
            disaggregation,
            value: None,
            numerator: None,
            denominator: None,
            qualifier: None,
            source: None,
            status: ObservationStatus::default(),
        };
        *slot_of(&mut observation, part) = Some(number);
        let i = self.observations.len();
        self.observations.push(observation);
        if parts {
            self.open_parts.entry(key).or_default().push(i);
        }
        i
    }
}

/// The field of `observation` that holds `part`.
fn slot_of(observation: &mut Observation, part: ValuePart) -> &mut Option<Rational> {
    match part {
        ValuePart::Value => &mut observation.value,
        ValuePart::Numerator => &mut observation.numerator,
        ValuePart::Denominator => &mut observation.denominator,
    }
}

/// How to write a data set as `dataValueSets`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[serde(deny_unknown_fields)]
pub struct ExportOptions {
    /// JSON (the default) or CSV.
    #[serde(default)]
    pub format: Dhis2Format,
    /// Area levels to roll the totals up to, each period on its own
    /// (counts summed, ratios from summed parts, stocks at their latest);
    /// empty to write the observations as they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<AreaLevel>,
    /// What an import kept beside the observations, written back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// `error` (the default): the first value that cannot be written is
    /// the error; `exclude`: such values are listed and left out.
    #[serde(default)]
    pub invalid: InvalidData,
}

/// A data set written as `dataValueSets`.
#[derive(Debug, Clone, PartialEq, Serialize, ToJson)]
pub struct Dhis2Export {
    /// The JSON document (format `json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json: Option<DataValueSet>,
    /// The CSV text (format `csv`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
    /// Values written.
    pub values: usize,
    /// What could not be written (with `invalid: exclude`).
    #[serde(serialize_with = "errors_as_json")]
    pub problems: Vec<Error>,
}

/// One figure to write: where it comes from and its parts.
struct Figure {
    /// Its path for problems (`data.observations[3]`).
    path: String,
    /// Its observation, when it is one (for annotations).
    observation: Option<usize>,
    indicator: String,
    area: String,
    period: Period,
    disaggregation: Disaggregation,
    parts: Vec<(ValuePart, Rational)>,
}

fn parts_of(
    value: Option<Rational>,
    numerator: Option<Rational>,
    denominator: Option<Rational>,
) -> Vec<(ValuePart, Rational)> {
    [
        (ValuePart::Value, value),
        (ValuePart::Numerator, numerator),
        (ValuePart::Denominator, denominator),
    ]
    .into_iter()
    .filter_map(|(part, n)| n.map(|n| (part, n)))
    .collect()
}

/// Writes `data` (or its roll-up to `options.levels`) as DHIS2 data
/// values through `mapping`. Problems are at `data.observations[i].…`,
/// `mapping.…` and `annotations[i]`.
pub fn write_data_values(
    data: &DataSet,
    mapping: &Dhis2Mapping,
    options: &ExportOptions,
) -> Result<Dhis2Export> {
    let framework = data
        .framework()
        .index()
        .map_err(|e| e.under("framework").under("data"))?;
    let index = MappingIndex::new(mapping, &framework, data.areas())?;
    let figures = if options.levels.is_empty() {
        observed_figures(data)
    } else {
        if !options.annotations.is_empty() {
            return Err(Error::invalid(
                "annotations",
                (
                    "ghi chú thuộc về từng số liệu; số liệu cộng dồn theo cấp không có",
                    "annotations belong to observations; a roll-up to levels has none",
                ),
            ));
        }
        let (checked, _) = data
            .check_with(options.invalid)
            .map_err(|e| e.under("data"))?;
        rolled_figures(&checked, &options.levels)?
    };
    let mut notes: HashMap<(usize, ValuePart), &Annotation> = HashMap::default();
    for (i, note) in options.annotations.iter().enumerate() {
        if note.observation >= data.observation_count() {
            return Err(Error::new(ErrorKind::UnknownCode {
                kind: CodeKind::Observation,
                value: note.observation.to_string(),
            })
            .at(format!("annotations[{i}].observation")));
        }
        notes.insert((note.observation, note.part), note);
    }
    let mut values = Vec::new();
    let mut problems = Vec::new();
    for figure in &figures {
        match write_figure(&index, figure, &notes) {
            Ok(written) => values.extend(written),
            Err(error) if options.invalid == InvalidData::Exclude => problems.push(error),
            Err(error) => return Err(error),
        }
    }
    let count = values.len();
    let (json, csv) = match options.format {
        Dhis2Format::Json => (
            Some(DataValueSet {
                data_values: values,
                ..DataValueSet::default()
            }),
            None,
        ),
        Dhis2Format::Csv => (None, Some(csv_text(&values)?)),
    };
    Ok(Dhis2Export {
        json,
        csv,
        values: count,
        problems,
    })
}

fn observed_figures(data: &DataSet) -> Vec<Figure> {
    data.observations()
        .enumerate()
        .map(|(i, obs)| Figure {
            path: format!("data.observations[{i}]"),
            observation: Some(i),
            indicator: obs.indicator().as_str().to_string(),
            area: obs.area().as_str().to_string(),
            period: obs.period(),
            disaggregation: obs.disaggregation().clone(),
            parts: parts_of(obs.value(), obs.numerator(), obs.denominator()),
        })
        .collect()
}

/// Every indicator's totals rolled up to the areas of `levels`, for each
/// period reported (each period on its own window).
fn rolled_figures(checked: &CheckedData<'_>, levels: &[AreaLevel]) -> Result<Vec<Figure>> {
    let totals = crate::progress::totals_by_indicator(checked);
    let mut figures = Vec::new();
    for (position, rows) in totals.iter().enumerate() {
        let Some(entry) = checked.framework.entry(position) else {
            continue;
        };
        let mut periods: Vec<Period> = rows
            .iter()
            .filter_map(|&row| checked.data.observation(row).map(|o| o.period()))
            .collect();
        crate::order::sort(&mut periods);
        periods.dedup();
        for period in periods {
            let values = crate::progress::rollup_indicator(checked, rows, position, &period)?;
            for (area_index, value) in values.into_iter().enumerate() {
                let (Some(value), Some(area)) = (value, checked.areas.get(area_index)) else {
                    continue;
                };
                if !levels.contains(&area.level) {
                    continue;
                }
                let a = value.aggregate;
                let parts = match entry.indicator.measure {
                    MeasureKind::Ratio => parts_of(None, a.numerator, a.denominator),
                    MeasureKind::Coverage => parts_of(Some(a.value), None, a.denominator),
                    _ => parts_of(Some(a.value), None, None),
                };
                figures.push(Figure {
                    path: format!(
                        "data.rollup.{}.{}.{period}",
                        entry.indicator.code, area.code
                    ),
                    observation: None,
                    indicator: entry.indicator.code.as_str().to_string(),
                    area: area.code.as_str().to_string(),
                    period,
                    disaggregation: Disaggregation::total(),
                    parts,
                });
            }
        }
    }
    Ok(figures)
}

fn no_element(figure: &Figure, part: ValuePart) -> Error {
    let part = match part {
        ValuePart::Value => "value",
        ValuePart::Numerator => "numerator",
        ValuePart::Denominator => "denominator",
    };
    let shown = if figure.disaggregation.is_empty() {
        figure.indicator.clone()
    } else {
        format!("{} ({})", figure.indicator, figure.disaggregation)
    };
    Error::invalid(
        format!("{}.indicator", figure.path),
        (
            format!("bảng ánh xạ không có phần tử dữ liệu nào cho {part} của {shown}"),
            format!("the mapping has no data element for the {part} of {shown}"),
        ),
    )
}

/// A figure's breakdown without the attribute dimension, and the
/// attribute option combo its category of that dimension is.
fn split_attribute(
    index: &MappingIndex<'_>,
    figure: &Figure,
) -> Result<(Disaggregation, Option<String>)> {
    let Some(map) = &index.mapping.attribute_option_combo else {
        return Ok((figure.disaggregation.clone(), None));
    };
    let Some(category) = figure.disaggregation.get(&map.dimension) else {
        return Ok((figure.disaggregation.clone(), None));
    };
    let combo = index.attribute_of(category).ok_or_else(|| {
        Error::new(ErrorKind::UnknownCode {
            kind: CodeKind::Field,
            value: format!("{}={category}", map.dimension),
        })
        .at(format!("{}.disaggregation", figure.path))
    })?;
    let mut rest = Disaggregation::total();
    for (d, c) in figure
        .disaggregation
        .iter()
        .filter(|(d, _)| *d != map.dimension)
    {
        rest.insert(d.into(), c.into());
    }
    Ok((rest, Some(combo.to_string())))
}

/// The DHIS2 values of one figure, one per part.
fn write_figure(
    index: &MappingIndex<'_>,
    figure: &Figure,
    notes: &HashMap<(usize, ValuePart), &Annotation>,
) -> Result<Vec<DataValue>> {
    let (disaggregation, attribute) = split_attribute(index, figure)?;
    let elements = figure
        .parts
        .iter()
        .map(|&(part, _)| {
            index
                .element_of(&figure.indicator, &disaggregation, part)
                .ok_or_else(|| no_element(figure, part))
        })
        .collect::<Result<Vec<_>>>()?;
    let org_unit = index.org_unit_of(&figure.area).ok_or_else(|| {
        Error::new(ErrorKind::UnknownCode {
            kind: CodeKind::Area,
            value: figure.area.clone(),
        })
        .at(format!("{}.area", figure.path))
    })?;
    let period = period::format(&figure.period).ok_or_else(|| {
        Error::new(ErrorKind::InvalidPeriod {
            value: figure.period.to_string(),
            reason: Text::new(
                "DHIS2 không có kỳ như vậy",
                "DHIS2 has no period of this shape",
            ),
        })
        .at(format!("{}.period", figure.path))
    })?;
    let mut out = Vec::with_capacity(figure.parts.len());
    for (&(part, number), (element, combo)) in figure.parts.iter().zip(elements) {
        let text = number.to_string();
        if text.contains('/') {
            return Err(Error::new(ErrorKind::InvalidNumber {
                value: text,
                reason: Text::new(
                    "số thập phân vô hạn; DHIS2 chỉ nhận số thập phân hữu hạn",
                    "its decimals never end; DHIS2 takes finite decimals only",
                ),
            })
            .at(format!("{}.value", figure.path)));
        }
        let note = figure.observation.and_then(|i| notes.get(&(i, part)));
        out.push(DataValue {
            data_element: element.to_string(),
            period: Some(period.clone()),
            org_unit: Some(org_unit.to_string()),
            category_option_combo: combo.map(str::to_string),
            attribute_option_combo: attribute.clone(),
            value: Some(text),
            stored_by: note.and_then(|n| n.stored_by.clone()),
            created: note.and_then(|n| n.created.clone()),
            last_updated: note.and_then(|n| n.last_updated.clone()),
            comment: note.and_then(|n| n.comment.clone()),
            followup: note.and_then(|n| n.followup),
            deleted: None,
        });
    }
    Ok(out)
}

/// DHIS2 CSV with its header. Text cells (identifiers, `storedBy`,
/// `lastUpdated`, `comment`) are written spreadsheet-safe, as the tidy
/// writer writes them (`=HYPERLINK(…)` as `'=HYPERLINK(…)`), and
/// [`csv_values`] takes the `'` off again; the period, the number and the
/// flag are written here and never start a formula (`-5` is a number).
fn csv_text(values: &[DataValue]) -> Result<String> {
    let mut out = String::new();
    crate::io::csv::push_record(&mut out, CSV_HEADER);
    for v in values {
        let followup = v.followup.map(|f| f.to_string()).unwrap_or_default();
        let field = |f: &Option<String>| f.clone().unwrap_or_default();
        let text = |f: &Option<String>| f.as_deref().map(safe).unwrap_or_default();
        crate::io::csv::push_record(
            &mut out,
            [
                safe(&v.data_element),
                field(&v.period),
                text(&v.org_unit),
                text(&v.category_option_combo),
                text(&v.attribute_option_combo),
                field(&v.value),
                text(&v.stored_by),
                text(&v.last_updated),
                text(&v.comment),
                followup,
            ],
        );
    }
    Ok(out)
}

/// A text cell as the tidy CSV writer writes it.
fn safe(text: &str) -> String {
    spreadsheet_safe(text).into_owned()
}
