//! Legal rules: a village savings-and-loan group that takes deposits or
//! lends conducts banking activity, which the Law on Credit Institutions
//! reserves to licensed credit institutions — unless it runs inside a
//! recognised microfinance programme. The provision cited is the one in
//! force on the activity's start date.

use crate::model::ModelType;
use crate::rules::catalogue::{banking_prohibition, id, microfinance_exemption};
use crate::rules::context::{Ctx, date_text, plain, text};
use crate::rules::finding::RecordKind;
use crate::rules::rule::LegalBasis;
use crate::text::{Lang, Text};

fn citation(bases: &[LegalBasis]) -> Text {
    let join = |lang: Lang, and: &str| {
        bases
            .iter()
            .map(|b| b.cite(lang))
            .collect::<Vec<_>>()
            .join(and)
    };
    Text::new(join(Lang::Vi, " và "), join(Lang::En, " and "))
}

pub(crate) fn run(ctx: &mut Ctx<'_>) {
    for (i, activity) in ctx.checked.data.activities().iter().enumerate() {
        if activity.model != ModelType::VillageSavingsAndLoanGroup {
            continue;
        }
        if !activity.takes_deposits && !activity.lends {
            continue;
        }
        let on = activity.start;
        let operations = match (activity.takes_deposits, activity.lends) {
            (true, true) => text("nhận tiền gửi và cho vay", "takes deposits and lends"),
            (true, false) => text("nhận tiền gửi", "takes deposits"),
            _ => text("cho vay", "lends"),
        };
        let area = ctx.area_name_of(activity.area.as_str());
        let mut record = ctx.record(RecordKind::Activity, "activities", i);
        record.area = Some(activity.area.to_string());
        record.date = Some(on);
        // Inside a recognised microfinance programme the activity is
        // allowed: information citing the exemption, not an error.
        let (rule, bases, what) = match &activity.microfinance_programme {
            Some(programme) => (
                id::MICROFINANCE_EXEMPTION,
                microfinance_exemption(),
                ("programme", plain(programme)),
            ),
            None => (
                id::SAVINGS_AND_LOAN,
                banking_prohibition(),
                ("operations", operations),
            ),
        };
        let in_force: Vec<LegalBasis> = bases.into_iter().filter(|b| b.in_force(on)).collect();
        // Before 2011-01-01 no provision of this catalogue applies.
        if in_force.is_empty() {
            continue;
        }
        let params = [
            ("activity", plain(&activity.id)),
            ("area", area),
            ("date", date_text(on)),
            what,
            ("citation", citation(&in_force)),
        ];
        ctx.emit(rule, record, &params, None, in_force);
    }
}
