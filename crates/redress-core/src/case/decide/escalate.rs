//! Moving a complaint on: the complainant's request within the window (or late with a reason),
//! a refused request, and the handler's referral up.

use super::stage::next_stage_id;
use super::words::list;
use super::{Context, required};
use crate::calendar::format_date;
use crate::case::event::Fact;
use crate::case::offers::{Choices, direct_entry};
use crate::case::refusal::Refusal;
use crate::case::refusal::RefusalCode;
use crate::procedure::{EscalationItem, Escalator, Ground};

pub(super) fn request_escalation(
    cx: &Context,
    choices: &Choices,
    reasons: String,
    grounds: Vec<Ground>,
    outcome_sought: String,
    in_writing: bool,
    late_reason: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    // The gate has found the stage's escalation open to the complainant, and its window.
    let (record, stage) = cx.current()?;
    let (Some(escalation), Some(window)) = (&stage.escalation, &choices.window) else {
        return Err(Refusal::not_now("this stage has no escalation"));
    };
    let next = next_stage_id(cx, stage);
    if escalation.in_writing && !in_writing {
        return Err(Refusal::invalid(
            "in_writing",
            "a request to escalate must be made in writing under this procedure",
        )
        .instead("ask the complainant to write, and record the request when it arrives"));
    }
    if escalation.must_state.contains(&EscalationItem::Grounds) && reasons.trim().is_empty() {
        return Err(Refusal::missing(
            "reasons",
            "the request must say why the complainant remains dissatisfied",
        ));
    }
    if escalation
        .must_state
        .contains(&EscalationItem::OutcomeSought)
        && outcome_sought.trim().is_empty()
    {
        return Err(Refusal::missing(
            "outcome_sought",
            "the request must say what outcome the complainant seeks",
        ));
    }
    if !escalation.grounds.is_empty() {
        if grounds.is_empty() {
            return Err(Refusal::missing(
                "grounds",
                format!(
                    "give at least one of the grounds: {}",
                    list(&escalation.grounds)
                ),
            ));
        }
        if let Some(bad) = grounds.iter().find(|g| !choices.grounds.contains(g)) {
            if record.response.is_none() && escalation.grounds.contains(bad) {
                // Before a response only "no response within the set timescale" opens the way.
                return Err(
                    Refusal::not_now(format!("{} has not been answered yet", stage.name))
                        .instead("the complainant may escalate now on the ground no-response"),
                );
            }
            return Err(Refusal::invalid(
                "grounds",
                format!("`{}` is not a ground for escalation here", list(&[*bad])),
            )
            .instead(format!("the grounds are: {}", list(&escalation.grounds))));
        }
    }
    let late_reason = late_reason.filter(|r| !r.trim().is_empty());
    if window.closed && late_reason.is_none() {
        let closed = window.closes.expect("a closed window has an end");
        return Err(Refusal::new(
            RefusalCode::Late,
            format!(
                "the window to ask for {} closed at the end of {} ({} after the response)",
                cx.stage(&next)?.name,
                format_date(closed.date),
                escalation.within.expect("a window has a length")
            ),
        )
        .instead("accept it late with a recorded reason (late_reason), or record the refusal (refuse-escalation)"));
    }
    Ok(vec![Fact::EscalationRequested {
        from: stage.id.clone(),
        to: next,
        reasons,
        grounds,
        outcome_sought,
        in_writing,
        window: window.closes,
        late_reason: if window.closed { late_reason } else { None },
    }])
}

/// Refuses a request to escalate; the gate has found that one could be made now.
pub(super) fn refuse_escalation(reason: String) -> Result<Vec<Fact>, Refusal> {
    Ok(vec![Fact::EscalationRefused {
        reason: required("reason", reason)?,
    }])
}

pub(super) fn refer_up(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    // The gate has found the stage open and its handler one who may refer it up: by the
    // stage's escalation, or straight to a later stage the procedure lets complaints start at.
    let (record, stage) = cx.current()?;
    let by_escalation = stage
        .escalation
        .as_ref()
        .filter(|e| e.by == Escalator::Handler || e.handler_may_refer);
    let (to, complainant_notified) = match (by_escalation, direct_entry(cx, record, stage)) {
        (Some(escalation), _) => (next_stage_id(cx, stage), escalation.notify_complainant),
        // Starting a complaint at a later stage changes what the complainant was told to
        // expect, so they are always told.
        (None, Some(later)) => (later.id.clone(), true),
        (None, None) => return Err(Refusal::not_now("this stage has no escalation")),
    };
    Ok(vec![Fact::ReferredUp {
        from: stage.id.clone(),
        to,
        reason: required("reason", reason)?,
        complainant_notified,
    }])
}
