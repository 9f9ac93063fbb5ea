//! Rules on one value: negative counts, fractions of counted things,
//! parts above wholes, percentages outside 0–100, fields a measure needs.

use crate::model::{
    IndicatorEntry, MeasureKind, ObservationProblem, ObservationView, ValueProblem, value_problems,
};
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
        // The judgement is the model's, which also keeps these figures out
        // of every computation: messages are built only when one is found.
        for problem in value_problems(obs, &entry) {
            report(ctx, i, obs, &entry, problem);
        }
    }
}

/// The finding of one figure that cannot count.
fn report(
    ctx: &mut Ctx<'_>,
    i: usize,
    obs: ObservationView<'_>,
    entry: &IndicatorEntry<'_>,
    problem: ValueProblem,
) {
    let mut params = vec![
        ("indicator", ctx.indicator_name(entry)),
        ("area", ctx.area_name_of(obs.area().as_str())),
        ("period", plain(obs.period())),
        ("unit", entry.unit.name.clone()),
    ];
    let (rule, compared) = match problem {
        ValueProblem::Negative { field, value } => {
            params.extend([("field", field_label(field)), ("value", number(value))]);
            (id::NEGATIVE, Some((value, Operator::Ge, Rational::ZERO)))
        }
        ValueProblem::NotWhole { field, value } => {
            params.extend([("field", field_label(field)), ("value", number(value))]);
            (id::NON_INTEGER, None)
        }
        ValueProblem::PartAboveWhole { part, whole } => {
            let (part_label, whole_label) = if entry.indicator.measure == MeasureKind::Coverage {
                (
                    text("số địa bàn đạt", "areas meeting the condition"),
                    text("số địa bàn", "areas counted"),
                )
            } else {
                (text("tử số", "numerator"), text("mẫu số", "denominator"))
            };
            params.extend([
                ("part", part_label),
                ("whole", whole_label),
                ("left", number(part)),
                ("right", number(whole)),
            ]);
            (
                id::NUMERATOR_ABOVE_DENOMINATOR,
                Some((part, Operator::Le, whole)),
            )
        }
        ValueProblem::PercentRange { value } => {
            params.push(("value", number(value)));
            let compared = if value.is_negative() {
                (value, Operator::Ge, Rational::ZERO)
            } else {
                (value, Operator::Le, Rational::HUNDRED)
            };
            (id::PERCENT_RANGE, Some(compared))
        }
    };
    let record = ctx.observation(i);
    ctx.emit(rule, record, &params, compared, Vec::new());
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
