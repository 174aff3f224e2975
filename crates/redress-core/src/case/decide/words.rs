//! The words letters use: who is handling a complaint, when to expect a response, the right to
//! escalate, the ombudsman; and lists of a procedure's values for refusals.

use super::Context;
use super::stage::next_stage_id;
use crate::calendar::format_date;
use crate::case::clock::{response_due, start_words};
use crate::case::refusal::Refusal;
use crate::case::state::StageRecord;
use crate::names::serde_name;
use crate::procedure::{Escalator, Handler, OmbudsmanWhen, Stage, Statement};

pub(super) fn handler_words(
    cx: &Context,
    stage: &Stage,
    record: &StageRecord,
    name: Option<&str>,
) -> String {
    if let Some((assigned, role)) = &record.handler {
        return format!(
            "{} ({}) is dealing with your complaint.",
            name.unwrap_or(assigned),
            cx.title(role)
        );
    }
    match &stage.handler {
        Handler::Role { role, .. } => {
            let role = cx.instead_of(role);
            match name {
                Some(name) => format!(
                    "{name} ({}) is dealing with your complaint.",
                    cx.title(role)
                ),
                None => format!("The {} is dealing with your complaint.", cx.title(role)),
            }
        }
        Handler::Panel { size, .. } => {
            format!(
                "A panel of {size} members, drawn at random from those not named in your complaint, will investigate it."
            )
        }
        Handler::External { who, .. } => format!("{who} will review your complaint."),
    }
}

pub(super) fn response_words(
    cx: &Context,
    stage: &Stage,
    record: &StageRecord,
    statement: Statement,
) -> Result<String, Refusal> {
    let Some(respond) = &stage.respond else {
        return Ok(
            "The procedure sets no fixed timescale for this stage; we will keep you informed."
                .to_owned(),
        );
    };
    if statement == Statement::Timeframe {
        return Ok(format!(
            "We aim to complete this stage within {} of {}.",
            respond.within,
            start_words(record, respond.from)
        ));
    }
    Ok(match response_due(cx.calendar, record, respond, cx.at)? {
        Some((due, _)) => format!(
            "You can expect a full response by {}.",
            format_date(due.date)
        ),
        None => format!(
            "You can expect a full response within {} of {}.",
            respond.within,
            start_words(record, respond.from)
        ),
    })
}

pub(super) fn escalation_words(cx: &Context, stage: &Stage) -> Result<String, Refusal> {
    let Some(escalation) = &stage.escalation else {
        return Ok(format!(
            "{} is the final stage of our procedure.",
            stage.name
        ));
    };
    let next = cx.stage(&next_stage_id(cx, stage))?;
    let answered = cx
        .case
        .current_stage()
        .is_some_and(|r| r.response.is_some());
    Ok(match (escalation.by, escalation.within) {
        // Only an unanswered stage is referred up (refer-up refuses after a response), so a
        // response says the complaint stops here rather than promising a referral.
        (Escalator::Handler, _) if answered => format!(
            "{} has reached its outcome, so the complaint will not be referred to {}.",
            stage.name, next.name
        ),
        (Escalator::Handler, _) => format!(
            "If the complaint cannot be decided at this stage it will be referred to {}, and you will be told.",
            next.name
        ),
        (Escalator::Complainant, Some(within)) => {
            match cx.case.current_stage().and_then(|r| r.response) {
                Some((responded, _)) => {
                    let window = cx.calendar.due(responded, within)?;
                    format!(
                        "If you are not satisfied you may ask for {} within {within}, that is by {}.",
                        next.name,
                        format_date(window.date)
                    )
                }
                None => format!(
                    "If you are not satisfied you may ask for {} within {within} of our response.",
                    next.name
                ),
            }
        }
        (Escalator::Complainant, None) => {
            format!("If you are not satisfied you may ask for {}.", next.name)
        }
    })
}

pub(super) fn ombudsman_words(cx: &Context) -> String {
    match &cx.procedure.ombudsman {
        Some(ombudsman) => format!(
            "If you remain dissatisfied you may contact the {}{}.",
            ombudsman.name,
            match ombudsman.when {
                OmbudsmanWhen::AfterFinalStage => " once our procedure is complete",
                OmbudsmanWhen::AnyTime =>
                    " at any time, though it will usually expect our procedure to be completed first",
            }
        ),
        None => "Our procedure ends here.".to_owned(),
    }
}

/// Serde names of values, joined with commas.
pub(crate) fn list<T: serde::Serialize>(values: &[T]) -> String {
    values.iter().map(serde_name).collect::<Vec<_>>().join(", ")
}

/// Serde names of values, joined with "or".
pub(super) fn list_or<T: serde::Serialize>(values: &[T]) -> String {
    list(values).replace(", ", " or ")
}
