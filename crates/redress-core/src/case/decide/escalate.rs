//! Moving a complaint on: the complainant's request within the window (or late with a reason),
//! a refused request, and the handler's referral up.

use super::stage::next_stage_id;
use super::words::list;
use super::{Context, required};
use crate::calendar::format_date;
use crate::case::clock::{response_due, start_of};
use crate::case::event::Fact;
use crate::case::refusal::Refusal;
use crate::case::refusal::RefusalCode;
use crate::procedure::{EscalationItem, Escalator, Ground};

pub(super) fn request_escalation(
    cx: &Context,
    reasons: String,
    grounds: Vec<Ground>,
    outcome_sought: String,
    in_writing: bool,
    late_reason: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    cx.complaint_only("escalation")?;
    let (record, stage) = cx.current()?;
    let Some(escalation) = &stage.escalation else {
        return Err(Refusal::not_now(format!(
            "{} is the final stage of this procedure",
            stage.name
        ))
        .instead(match &cx.procedure.ombudsman {
            Some(o) => format!("the complainant may go to the {}", o.name),
            None => "there is nowhere further within the procedure".to_owned(),
        }));
    };
    let next = next_stage_id(cx, stage);
    if escalation.by == Escalator::Handler {
        return Err(Refusal::not_now(format!(
            "under this procedure the complainant does not choose to move to {}: {}",
            cx.stage(&next)?.name,
            escalation
                .when
                .as_deref()
                .unwrap_or("the handler refers complaints up")
        )));
    }
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
        if let Some(bad) = grounds.iter().find(|g| !escalation.grounds.contains(g)) {
            return Err(Refusal::invalid(
                "grounds",
                format!("`{}` is not a ground for escalation here", list(&[*bad])),
            )
            .instead(format!("the grounds are: {}", list(&escalation.grounds))));
        }
    }
    let window = match record.response {
        Some(_) => match (escalation.within, start_of(record, escalation.from)) {
            (Some(within), Some(from)) => Some(cx.calendar.due(from, within)?),
            _ => None,
        },
        None => {
            // Only "no response within the set timescale" lets a complainant escalate early.
            let overdue = match &stage.respond {
                Some(respond) => response_due(cx.calendar, record, respond, cx.at)?
                    .is_some_and(|(due, _)| cx.at >= due.at),
                None => false,
            };
            if !(grounds.contains(&Ground::NoResponse)
                && escalation.grounds.contains(&Ground::NoResponse)
                && overdue)
            {
                return Err(Refusal::not_now(format!("{} has not been answered yet", stage.name)).instead(
                    if escalation.grounds.contains(&Ground::NoResponse) {
                        "the complainant may escalate once the response is overdue, on the ground no-response"
                    } else {
                        "the complainant may escalate after the response"
                    },
                ));
            }
            None
        }
    };
    let late = window.is_some_and(|w| cx.at >= w.at);
    let late_reason = late_reason.filter(|r| !r.trim().is_empty());
    if late && late_reason.is_none() {
        let closed = window.expect("late implies a window");
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
        window,
        late_reason: if late { late_reason } else { None },
    }])
}

pub(super) fn refuse_escalation(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    cx.complaint_only("refusing an escalation")?;
    let (_, stage) = cx.current()?;
    if stage
        .escalation
        .as_ref()
        .is_none_or(|e| e.by != Escalator::Complainant)
    {
        return Err(Refusal::not_now(format!(
            "the complainant cannot ask to escalate from {}",
            stage.name
        )));
    }
    Ok(vec![Fact::EscalationRefused {
        reason: required("reason", reason)?,
    }])
}

pub(super) fn refer_up(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    let (_, stage) = cx.open_stage("referring the complaint up")?;
    let Some(escalation) = stage
        .escalation
        .as_ref()
        .filter(|e| e.by == Escalator::Handler)
    else {
        return Err(Refusal::not_now(format!(
            "{}'s handler does not refer complaints up under this procedure",
            stage.name
        ))
        .instead("respond; the complainant may then ask to escalate"));
    };
    Ok(vec![Fact::ReferredUp {
        from: stage.id.clone(),
        to: next_stage_id(cx, stage),
        reason: required("reason", reason)?,
        complainant_notified: escalation.notify_complainant,
    }])
}
