//! What letters state about a stage — who is handling it, when to expect a response, the right
//! to escalate, the ombudsman — as typed statements; and lists of a procedure's values for
//! refusals.

use super::Context;
use crate::case::clock::response_due;
use crate::case::refusal::Refusal;
use crate::case::state::StageRecord;
use crate::letters::{NextStage, ResponseTime, Said, Who, who_handles};
use crate::names::serde_name;
use crate::procedure::{Escalator, Handler, Stage, Statement};

/// Who is dealing with the complaint at `stage`: the assigned handler, else the role that
/// handles it after conflict rules, else the panel or the external person.
pub(super) fn handler(
    cx: &Context,
    stage: &Stage,
    record: &StageRecord,
    name: Option<&str>,
) -> Who {
    if let Some((assigned, role)) = &record.handler {
        return Who::Person {
            name: name.unwrap_or(assigned).to_owned(),
            title: cx.title(role),
        };
    }
    match (&stage.handler, cx.handler_role(stage)) {
        (Handler::Role { .. }, Some(role)) => match name {
            Some(name) => Who::Person {
                name: name.to_owned(),
                title: cx.title(&role),
            },
            None => Who::Role {
                title: cx.title(&role),
            },
        },
        _ => who_handles(cx.procedure, stage),
    }
}

/// When the response to `stage` is due, as of `record`.
pub(super) fn response_time(
    cx: &Context,
    stage: &Stage,
    record: &StageRecord,
) -> Result<ResponseTime, Refusal> {
    let Some(respond) = &stage.respond else {
        return Ok(ResponseTime::NoTimescale);
    };
    Ok(ResponseTime::Within {
        within: respond.within,
        from: respond.from,
        by: response_due(cx.calendar, record, respond, cx.at)?.map(|(due, _)| due.date),
    })
}

/// What the complainant may do after `stage`, as of the case in `cx`.
pub(super) fn next_stage(cx: &Context, stage: &Stage) -> Result<NextStage, Refusal> {
    let Some(escalation) = &stage.escalation else {
        return Ok(NextStage::Final {
            stage: stage.name.clone(),
        });
    };
    let next = cx.procedure.next_stage(stage).ok_or_else(|| {
        Refusal::not_now(format!("the procedure has no stage after {}", stage.name))
    })?;
    let response = cx.case.current_stage().and_then(|r| r.response);
    let handler = who_handles(cx.procedure, next);
    Ok(match escalation.by {
        // Only an unanswered stage is referred up (refer-up refuses after a response), so a
        // response says the complaint stops here rather than promising a referral.
        Escalator::Handler if response.is_some() => NextStage::NotReferred {
            stage: stage.name.clone(),
            to_stage: next.name.clone(),
        },
        Escalator::Handler => NextStage::Referral {
            to_stage: next.name.clone(),
            handler,
        },
        Escalator::Complainant => NextStage::Complainant {
            to_stage: next.name.clone(),
            handler,
            within: escalation.within,
            by: match (cx.case.current_stage(), response) {
                (Some(record), Some(_)) => {
                    crate::case::clock::escalation_closes(cx.calendar, cx.case, record, escalation)?
                        .map(|due| due.date)
                }
                _ => None,
            },
            grounds: escalation.grounds.clone(),
        },
    })
}

/// The ombudsman statement, refused when the procedure names no ombudsman or gives no way to
/// reach it: a letter that must point to the ombudsman cannot go without.
pub(super) fn ombudsman(cx: &Context, letter: &str) -> Result<Said, Refusal> {
    let said = crate::letters::ombudsman(cx.procedure).ok_or_else(|| {
        Refusal::not_now(format!(
            "{letter} must tell the complainant about the ombudsman, and the procedure file names none"
        ))
        .instead("add an [ombudsman] block to the procedure file")
    })?;
    if let Said::Ombudsman { contact, name, .. } = &said
        && contact.email.is_none()
        && contact.phone.is_none()
        && contact.address.is_none()
        && contact.web.is_none()
    {
        return Err(Refusal::not_now(format!(
            "{letter} must say how to contact the {name}, and the procedure file gives no contact for it"
        ))
        .instead("add [ombudsman.contact] with its web site, phone, e-mail or address"));
    }
    Ok(said)
}

/// Serde names of values, joined with commas.
pub(crate) fn list<T: serde::Serialize>(values: &[T]) -> String {
    values.iter().map(serde_name).collect::<Vec<_>>().join(", ")
}

/// Serde names of values, joined with "or".
pub(super) fn list_or<T: serde::Serialize>(values: &[T]) -> String {
    list(values).replace(", ", " or ")
}

/// A statement in the officer's words (`given`, the command's `field`): refused when `required`
/// holds it and nothing is given, since `letter` must state it; otherwise said when given.
pub(super) fn officer_words(
    statement: Statement,
    field: &'static str,
    given: &Option<String>,
    required: &[Statement],
    letter: &str,
) -> Result<Option<Said>, Refusal> {
    let text = given.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let Some(text) = text else {
        if required.contains(&statement) {
            return Err(Refusal::missing(
                field,
                match statement {
                    Statement::Definition => format!(
                        "{letter} must state how the complaint was understood: what will be looked into and the outcome sought"
                    ),
                    _ => format!(
                        "{letter} must state the actions still outstanding, and when they will be done"
                    ),
                },
            ));
        }
        return Ok(None);
    };
    let text = text.to_owned();
    Ok(Some(match statement {
        Statement::Definition => Said::Definition { text },
        _ => Said::OutstandingActions { text },
    }))
}
