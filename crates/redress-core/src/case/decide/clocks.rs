//! A stage's clocks: progress updates, holding letters that move the response date (within any
//! cap), and stopping the clock while waiting for information.

use jiff::civil::Date;

use super::{Context, required};
use crate::calendar::format_date;
use crate::case::clock::{original_response_due, response_due};
use crate::case::event::Fact;
use crate::case::offers::Choices;
use crate::case::refusal::Refusal;
use crate::letters::{Letter, LetterKind, Said};
use crate::procedure::Statement;

pub(super) fn send_update(cx: &Context, summary: String) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.current()?;
    let summary = required("summary", summary)?;
    let letter = Letter::new(LetterKind::Update)
        .with(Said::Summary {
            text: summary.clone(),
        })
        .with(Said::ResponseDue {
            response: super::words::response_time(cx, stage, record)?,
        });
    Ok(vec![Fact::UpdateSent {
        stage: stage.id.clone(),
        summary,
        letter: Some(letter),
    }])
}

/// An extension as asked for.
pub(super) struct Extend {
    /// The new response date.
    pub new_date: Date,
    /// Why more time is needed.
    pub reason: String,
    /// Why the date must go past the procedure's cap.
    pub good_reason: Option<String>,
    /// Whether the complainant agreed to it.
    pub complainant_agreed: bool,
}

pub(super) fn extend(cx: &Context, choices: &Choices, asked: Extend) -> Result<Vec<Fact>, Refusal> {
    let Extend {
        new_date,
        reason,
        good_reason,
        complainant_agreed,
    } = asked;
    // The gate has found that the stage's response date may move, its clock has started, and
    // whoever asks may authorise it.
    let (record, stage) = cx.current()?;
    let (Some(extension), Some(respond)) = (&stage.extension, &stage.respond) else {
        return Err(Refusal::not_now("this stage's response date cannot move"));
    };
    if extension.reason_required && reason.trim().is_empty() {
        return Err(Refusal::missing(
            "reason",
            "a holding letter must say why more time is needed",
        ));
    }
    let Some((current, _)) = response_due(cx.calendar, record, respond, cx.at)? else {
        return Err(Refusal::not_now("the response clock has not started"));
    };
    if new_date <= current.date {
        return Err(Refusal::invalid(
            "new_date",
            format!(
                "the new date must be after the current one, {}",
                format_date(current.date)
            ),
        ));
    }
    if extension.agreed_with_complainant && !complainant_agreed {
        return Err(Refusal::invalid(
            "complainant_agreed",
            "under this procedure the new date must be agreed with the complainant first",
        )
        .instead("agree the new date with the complainant, then record that they agreed"));
    }
    let good_reason = good_reason.filter(|r| !r.trim().is_empty());
    let mut beyond_cap = None;
    if let (Some(max), Some(cap)) = (extension.max, choices.latest) {
        let original =
            original_response_due(cx.calendar, record, stage, cx.at)?.expect("clock started");
        if new_date > cap && extension.beyond_max_with_good_reason {
            let Some(good_reason) = good_reason.clone() else {
                return Err(Refusal::missing(
                    "good_reason",
                    format!(
                        "the procedure allows more than {max} beyond the original date ({}) only with a good reason, and none is given",
                        format_date(original.date)
                    ),
                )
                .instead(format!(
                    "record the good reason, or choose a date no later than {}",
                    format_date(cap)
                )));
            };
            beyond_cap = Some(good_reason);
        } else if new_date > cap {
            return Err(Refusal::invalid(
                "new_date",
                format!(
                    "the procedure allows at most {max} beyond the original date ({}), that is up to {}",
                    format_date(original.date),
                    format_date(cap)
                ),
            )
            .instead(format!("choose a date no later than {}", format_date(cap))));
        }
    }
    // A date outside the calendar's data is refused here rather than guessed at later.
    cx.calendar.is_working_day(new_date)?;
    let new_due = crate::calendar::Due {
        date: new_date,
        at: crate::calendar::end_of_day(new_date),
    };
    let mut letter = Letter::new(LetterKind::HoldingLetter)
        .with(Said::Reason {
            stage: stage.name.clone(),
            reason: reason.clone(),
        })
        .with(Said::NewDate { date: new_date });
    for statement in &extension.must_state {
        let said = match statement {
            Statement::Handler => Said::Handler {
                handler: super::words::handler(cx, stage, record, None),
            },
            Statement::Phone | Statement::Email => {
                let Some(value) = super::stage::on_file(cx, stage, *statement) else {
                    return Err(Refusal::not_now(format!(
                        "the holding letter must give a contact {}, and the procedure file has none for this handler or the organisation",
                        if *statement == Statement::Phone {
                            "telephone number"
                        } else {
                            "e-mail address"
                        }
                    )));
                };
                if *statement == Statement::Phone {
                    Said::Phone { phone: value }
                } else {
                    Said::Email { email: value }
                }
            }
            Statement::Stage => Said::Stage {
                stage: stage.name.clone(),
            },
            Statement::Ombudsman => super::words::ombudsman(cx, "the holding letter")?,
            // Validation allows nothing else here; the reason and new date are always said.
            _ => continue,
        };
        letter = letter.with(said);
    }
    Ok(vec![Fact::DeadlineExtended {
        stage: stage.id.clone(),
        new_due,
        reason,
        good_reason: beyond_cap,
        complainant_agreed,
        letter,
    }])
}

pub(super) fn pause(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    let (_, stage) = cx.current()?;
    Ok(vec![Fact::ClockPaused {
        stage: stage.id.clone(),
        reason: required("reason", reason)?,
    }])
}

pub(super) fn resume(cx: &Context) -> Result<Vec<Fact>, Refusal> {
    let (_, stage) = cx.current()?;
    Ok(vec![Fact::ClockResumed {
        stage: stage.id.clone(),
    }])
}
