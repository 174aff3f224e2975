//! How the explanation says days are counted: one sentence, only when the procedure counts
//! working days (DESIGN §4 "Counting time").

use super::words::{list, region};
use crate::calendar::Duration;
use crate::procedure::model::*;

/// Every duration the procedure states, to know which ways of counting need explaining.
fn durations(procedure: &Procedure) -> Vec<Duration> {
    let mut all = Vec::new();
    for stage in &procedure.stages {
        all.extend(stage.acknowledge.as_ref().map(|a| a.within));
        all.extend(stage.respond.as_ref().map(|r| r.within));
        all.extend(stage.holding_letter.as_ref().map(|h| h.within));
        all.extend(stage.extension.as_ref().and_then(|e| e.max));
        all.extend(stage.updates.as_ref().and_then(|u| u.every));
        all.extend(stage.escalation.as_ref().and_then(|e| e.within));
    }
    all.extend(
        procedure
            .compliments
            .as_ref()
            .and_then(|c| c.respond_within),
    );
    all.extend(procedure.comments.as_ref().and_then(|c| c.respond_within));
    all
}

/// One sentence on how working days are counted, when the procedure counts any.
pub(super) fn counting(procedure: &Procedure) -> Option<String> {
    let spans = durations(procedure);
    if !spans.iter().any(|d| matches!(d, Duration::WorkingDays(_))) {
        return None;
    }
    let organisation = &procedure.organisation;
    let closures = if organisation.closure_days.is_empty() {
        String::new()
    } else {
        let days: Vec<String> = organisation
            .closure_days
            .iter()
            .map(|day| day.strftime("%-d %B %Y").to_string())
            .collect();
        format!(
            " and the days {} is closed ({})",
            organisation.name,
            list(&days, "and")
        )
    };
    let calendar_days = if spans
        .iter()
        .any(|d| matches!(d, Duration::Days(_) | Duration::Weeks(_)))
    {
        "; days and weeks are calendar days"
    } else {
        ""
    };
    Some(format!(
        "Working days are Monday to Friday, except bank holidays in {}{closures}; the day \
         something is received is day 0, and anything received on a day that is not a working \
         day counts as received on the next one{calendar_days}.",
        region(organisation.region)
    ))
}
