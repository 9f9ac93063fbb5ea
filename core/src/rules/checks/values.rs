//! Rules on one value: negative counts, fractions of counted things,
//! parts above wholes, percentages outside 0–100, fields a measure needs.

use crate::model::{MeasureKind, ObservationProblem, UnitKind};
use crate::number::Rational;
use crate::rules::catalogue::id;
use crate::rules::context::{Ctx, number, plain, text};
use crate::rules::finding::Operator;
use crate::text::Text;

fn field_label(field: &str) -> Text {
    match field {
        "numerator" => text("tử số", "numerator"),
        "denominator" => text("mẫu số", "denominator"),
        _ => text("giá trị", "value"),
    }
}

pub(crate) fn run(ctx: &mut Ctx<'_>, problems: &[(usize, ObservationProblem)]) {
    for (i, problem) in problems {
        if let ObservationProblem::Shape { field, missing, .. } = problem {
            shape(ctx, *i, field, *missing);
        }
    }
    for (i, obs) in ctx.checked.data.observations().enumerate() {
        let entry = match ctx.checked.resolution(i) {
            Some((ind, _)) => ctx.checked.framework.entry(ind),
            None => ctx.checked.framework.get(obs.indicator().as_str()),
        };
        let Some(entry) = entry else {
            continue;
        };
        let measure = entry.indicator.measure;
        let unit = entry.unit.kind;
        // Message parameters are built only when a rule fires: this loop
        // runs over every observation.
        let base = |ctx: &Ctx<'_>| {
            vec![
                ("indicator", ctx.indicator_name(&entry)),
                ("area", ctx.area_name_of(obs.area().as_str())),
                ("period", plain(obs.period())),
                ("unit", entry.unit.name.clone()),
            ]
        };
        let fields = [
            ("value", obs.value()),
            ("numerator", obs.numerator()),
            ("denominator", obs.denominator()),
        ];
        for (field, value) in fields {
            let Some(v) = value else { continue };
            let params = |ctx: &Ctx<'_>| {
                let mut params = base(ctx);
                params.push(("field", field_label(field)));
                params.push(("value", number(v)));
                params
            };
            let counted = match (measure, field) {
                (MeasureKind::Ratio, _) => true,
                (MeasureKind::Coverage, _) => true,
                (_, "value") => unit == UnitKind::Count,
                _ => false,
            };
            if v.is_negative() && counted {
                let record = ctx.observation(i);
                let params = params(ctx);
                ctx.emit(
                    id::NEGATIVE,
                    record,
                    &params,
                    Some((v, Operator::Ge, Rational::ZERO)),
                    Vec::new(),
                );
            }
            let whole_things = match (measure, field) {
                (MeasureKind::Coverage, _) => true,
                (MeasureKind::Stock | MeasureKind::Cumulative, "value") => unit == UnitKind::Count,
                _ => false,
            };
            if whole_things && !v.is_integer() {
                let record = ctx.observation(i);
                let params = params(ctx);
                ctx.emit(id::NON_INTEGER, record, &params, None, Vec::new());
            }
        }
        let part_whole = match measure {
            MeasureKind::Ratio if unit == UnitKind::Percent => {
                obs.numerator().zip(obs.denominator()).map(|(n, d)| {
                    (
                        n,
                        d,
                        text("tử số", "numerator"),
                        text("mẫu số", "denominator"),
                    )
                })
            }
            MeasureKind::Coverage => obs.value().zip(obs.denominator()).map(|(n, d)| {
                (
                    n,
                    d,
                    text("số địa bàn đạt", "areas meeting the condition"),
                    text("số địa bàn", "areas counted"),
                )
            }),
            _ => None,
        };
        if let Some((part, whole, part_label, whole_label)) = part_whole
            && part > whole
        {
            let mut params = base(ctx);
            params.extend([
                ("part", part_label),
                ("whole", whole_label),
                ("left", number(part)),
                ("right", number(whole)),
            ]);
            let record = ctx.observation(i);
            ctx.emit(
                id::NUMERATOR_ABOVE_DENOMINATOR,
                record,
                &params,
                Some((part, Operator::Le, whole)),
                Vec::new(),
            );
        }
        if unit == UnitKind::Percent
            && measure != MeasureKind::Ratio
            && let Some(v) = obs.value()
            && (v.is_negative() || v > Rational::HUNDRED)
        {
            let mut params = base(ctx);
            params.push(("value", number(v)));
            let record = ctx.observation(i);
            ctx.emit(
                id::PERCENT_RANGE,
                record,
                &params,
                Some(if v.is_negative() {
                    (v, Operator::Ge, Rational::ZERO)
                } else {
                    (v, Operator::Le, Rational::HUNDRED)
                }),
                Vec::new(),
            );
        }
    }
}

fn shape(ctx: &mut Ctx<'_>, i: usize, field: &str, missing: bool) {
    let Some(obs) = ctx.checked.data.observation(i) else {
        return;
    };
    let Some(entry) = ctx.checked.framework.get(obs.indicator().as_str()) else {
        return;
    };
    let measure = entry.indicator.measure;
    let label = field_label(field);
    let problem = if missing {
        Text::new(
            format!("thiếu {}", label.vi),
            format!("the {} is missing", label.en),
        )
    } else if field == "denominator" && obs.denominator().is_some_and(|d| d.is_zero()) {
        text("mẫu số bằng 0", "the denominator is zero")
    } else {
        Text::new(
            format!("loại chỉ tiêu này không có {}", label.vi),
            format!("this measure kind has no {}", label.en),
        )
    };
    let params = [
        ("indicator", ctx.indicator_name(&entry)),
        (
            "measure",
            Text::new(
                measure.label(crate::text::Lang::Vi),
                measure.label(crate::text::Lang::En),
            ),
        ),
        ("area", ctx.area_name_of(obs.area().as_str())),
        ("period", plain(obs.period())),
        ("problem", problem),
    ];
    let record = ctx.observation(i);
    ctx.emit(id::SHAPE, record, &params, None, Vec::new());
}
