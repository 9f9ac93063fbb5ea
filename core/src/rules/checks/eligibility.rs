//! Eligibility rules: an activity placed in an area its model is not meant
//! for, and a model with no beneficiaries identified.
//!
//! Which classifications a model needs is data (the run's `eligibility`
//! option); by default a community communication group needs an
//! especially difficult village. Whether an area has a classification on
//! the activity's start date comes from the data set's dated
//! classification lists when it has lists of that classification, and
//! otherwise from the area's own tags.

use crate::rules::catalogue::id;
use crate::rules::context::{Ctx, plain};
use crate::rules::finding::RecordKind;
use crate::text::{Lang, Text};

pub(crate) fn run(ctx: &mut Ctx<'_>) {
    for (i, activity) in ctx.checked.data.activities().iter().enumerate() {
        let model = Text::new(
            activity.model.label(Lang::Vi),
            activity.model.label(Lang::En),
        );
        let area_index = ctx.checked.areas.index_of(activity.area.as_str());
        let area = ctx.area_name_of(activity.area.as_str());
        let mut record = ctx.record(RecordKind::Activity, "activities", i);
        record.area = Some(activity.area.to_string());
        record.date = Some(activity.start);
        if let Some(required) = ctx.options.eligibility_of(activity.model)
            && !required.is_empty()
        {
            let tags = area_index
                .and_then(|a| ctx.checked.areas.get(a))
                .map(|a| a.tags.as_slice())
                .unwrap_or(&[]);
            let lists = ctx.checked.data.classification_lists();
            let has = |c: &crate::area::Classification| {
                crate::area::classified_on(lists, activity.area.as_str(), *c, activity.start)
                    .map_or_else(|| tags.contains(c), |(yes, _)| yes)
            };
            if !required.iter().any(has) {
                let join = |lang: Lang, or: &str| {
                    required
                        .iter()
                        .map(|c| c.label(lang))
                        .collect::<Vec<_>>()
                        .join(or)
                };
                let params = [
                    ("model", model.clone()),
                    ("activity", plain(&activity.id)),
                    (
                        "required",
                        Text::new(join(Lang::Vi, " hoặc "), join(Lang::En, " or ")),
                    ),
                    ("area", area.clone()),
                ];
                ctx.emit(
                    id::AREA_NOT_ELIGIBLE,
                    record.clone(),
                    &params,
                    None,
                    Vec::new(),
                );
            }
        }
        if activity.beneficiaries == Some(0) {
            let params = [
                ("model", model),
                ("activity", plain(&activity.id)),
                ("area", area),
            ];
            ctx.emit(id::NO_BENEFICIARIES, record, &params, None, Vec::new());
        }
    }
}
