//! The formal stages: acknowledging a complaint or a request to escalate, and starting the
//! investigation. Handlers, clocks, responses and escalation have modules of their own.

use super::Context;
use super::words::{handler, next_stage, officer_words, ombudsman, response_time};
use crate::case::event::Fact;
use crate::case::refusal::Refusal;
use crate::letters::{Letter, LetterKind, Said};
use crate::procedure::{Stage, Statement};

/// What the officer gave for the statements an acknowledgement may have to make.
pub(super) struct Given {
    /// The handler's name, when a person's name should be given rather than the role.
    pub handler_name: Option<String>,
    /// A contact telephone number.
    pub phone: Option<String>,
    /// A contact e-mail address.
    pub email: Option<String>,
    /// How the complaint was understood.
    pub definition: Option<String>,
}

pub(super) fn acknowledge(cx: &Context, given: Given) -> Result<Vec<Fact>, Refusal> {
    let Given {
        handler_name,
        phone,
        email,
        definition,
    } = given;
    let (record, stage) = cx.current()?;
    // The letter states the response date as it will be once this acknowledgement is sent.
    let mut acknowledged = record.clone();
    acknowledged.acknowledged_at = Some(cx.at);
    let must_state = stage
        .acknowledge
        .as_ref()
        .map(|a| a.must_state.as_slice())
        .unwrap_or(&[]);
    let kind = if record.escalated {
        LetterKind::EscalationAcknowledgement
    } else {
        LetterKind::Acknowledgement
    };
    let mut letter = Letter::new(kind).with(Said::NextSteps {
        organisation: cx.procedure.organisation.name.clone(),
        stage: stage.name.clone(),
        escalated: record.escalated,
    });
    for statement in must_state {
        let said = match statement {
            Statement::Handler => Said::Handler {
                handler: handler(cx, stage, record, handler_name.as_deref()),
            },
            Statement::Phone => Said::Phone {
                phone: phone
                    .clone()
                    .or_else(|| on_file(cx, stage, Statement::Phone))
                    .ok_or_else(|| {
                        Refusal::missing("phone", "the acknowledgement must give a contact telephone number, and the procedure file has none for this handler")
                            .instead("give the number to use in `phone`")
                    })?,
            },
            Statement::Email => Said::Email {
                email: email
                    .clone()
                    .or_else(|| on_file(cx, stage, Statement::Email))
                    .ok_or_else(|| {
                        Refusal::missing("email", "the acknowledgement must give a contact e-mail address, and the procedure file has none for this handler")
                            .instead("give the address to use in `email`")
                    })?,
            },
            Statement::ResponseDue => Said::ResponseDue {
                response: response_time(cx, stage, &acknowledged)?,
            },
            Statement::Timeframe => Said::Timeframe {
                response: response_time(cx, stage, &acknowledged)?,
            },
            Statement::EscalationRights => Said::EscalationRights {
                right: next_stage(cx, stage)?,
            },
            Statement::Ombudsman => ombudsman(cx, "the acknowledgement")?,
            Statement::Stage => Said::Stage {
                stage: stage.name.clone(),
            },
            Statement::Definition => officer_words(
                Statement::Definition,
                "definition",
                &definition,
                must_state,
                "the acknowledgement",
            )?
            .expect("required, so given"),
            _ => continue,
        };
        letter = letter.with(said);
    }
    // A definition the procedure does not ask for is still said when the officer writes one.
    if !must_state.contains(&Statement::Definition)
        && let Some(said) = officer_words(
            Statement::Definition,
            "definition",
            &definition,
            must_state,
            "the acknowledgement",
        )?
    {
        letter = letter.with(said);
    }
    Ok(vec![Fact::Acknowledged {
        stage: stage.id.clone(),
        letter,
    }])
}

/// The telephone number (`Statement::Phone`) or e-mail address (otherwise) the procedure file
/// gives for the stage's handler, or else for the organisation: what an acknowledgement states
/// when the officer gives none.
pub(crate) fn on_file(cx: &Context, stage: &Stage, statement: Statement) -> Option<String> {
    let pick = |contact: &crate::procedure::Contact| match statement {
        Statement::Phone => contact.phone.clone(),
        _ => contact.email.clone(),
    };
    cx.handler_role(stage)
        .and_then(|role| cx.procedure.roles.get(&role))
        .and_then(|role| pick(&role.contact))
        .or_else(|| pick(&cx.procedure.organisation.contact))
}

/// The stage `stage` escalates to. Validation makes sure a stage that escalates has one.
pub(crate) fn next_stage_id(cx: &Context, stage: &Stage) -> crate::ids::StageId {
    cx.procedure
        .next_stage(stage)
        .map(|next| next.id.clone())
        .expect("a valid procedure's escalation leads to a stage")
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
