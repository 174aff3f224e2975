//! The formal stages: acknowledging a complaint or a request to escalate, and starting the
//! investigation. Handlers, clocks, responses and escalation have modules of their own.

use super::Context;
use super::words::{escalation_words, handler_words, ombudsman_words, response_words};
use crate::case::event::Fact;
use crate::case::refusal::Refusal;
use crate::letters::{Letter, LetterKind};
use crate::procedure::{Stage, Statement};

pub(super) fn acknowledge(
    cx: &Context,
    handler_name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.current()?;
    // The letter states the response date as it will be once this acknowledgement is sent.
    let mut acknowledged = record.clone();
    acknowledged.acknowledged_at = Some(cx.at);
    let must_state = stage
        .acknowledge
        .as_ref()
        .map(|a| a.must_state.as_slice())
        .unwrap_or(&[]);
    let mut letter = Letter::new(LetterKind::Acknowledgement).line(
        Statement::NextSteps,
        format!(
            "{} has received your {} and is following its complaints procedure: {}.",
            cx.procedure.organisation.name,
            if record.escalated {
                "request to escalate your complaint"
            } else {
                "complaint"
            },
            stage.name
        ),
    );
    let role = cx.handler_role(stage);
    let role_contact = role
        .as_ref()
        .and_then(|r| cx.procedure.roles.get(r))
        .map(|r| &r.contact);
    let org_contact = &cx.procedure.organisation.contact;
    for statement in must_state {
        let text = match statement {
            Statement::Handler => handler_words(cx, stage, record, handler_name.as_deref()),
            Statement::Phone => phone
                .clone()
                .or_else(|| role_contact.and_then(|c| c.phone.clone()))
                .or_else(|| org_contact.phone.clone())
                .map(|phone| format!("Telephone: {phone}"))
                .ok_or_else(|| {
                    Refusal::missing("phone", "the acknowledgement must give a contact telephone number, and the procedure file has none for this handler")
                        .instead("give the number to use in `phone`")
                })?,
            Statement::Email => email
                .clone()
                .or_else(|| role_contact.and_then(|c| c.email.clone()))
                .or_else(|| org_contact.email.clone())
                .map(|email| format!("E-mail: {email}"))
                .ok_or_else(|| {
                    Refusal::missing("email", "the acknowledgement must give a contact e-mail address, and the procedure file has none for this handler")
                        .instead("give the address to use in `email`")
                })?,
            Statement::ResponseDue | Statement::Timeframe => {
                response_words(cx, stage, &acknowledged, *statement)?
            }
            Statement::EscalationRights => escalation_words(cx, stage)?,
            Statement::Ombudsman => ombudsman_words(cx),
            _ => continue,
        };
        letter = letter.line(*statement, text);
    }
    Ok(vec![Fact::Acknowledged {
        stage: stage.id.clone(),
        letter,
    }])
}

pub(crate) fn next_stage_id(cx: &Context, stage: &Stage) -> crate::ids::StageId {
    stage
        .escalation
        .as_ref()
        .and_then(|e| e.to.clone())
        .unwrap_or_else(|| {
            cx.procedure.stages[cx.stage_index(&stage.id) + 1]
                .id
                .clone()
        })
}

pub(super) fn start_investigation(
    cx: &Context,
    reason: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    let (_, stage) = cx.current()?;
    Ok(vec![Fact::InvestigationStarted {
        stage: stage.id.clone(),
        reason,
    }])
}
