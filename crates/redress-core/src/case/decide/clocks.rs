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

pub(super) fn extend(
    cx: &Context,
    choices: &Choices,
    new_date: Date,
    reason: String,
) -> Result<Vec<Fact>, Refusal> {
    // The gate has found that the stage's response date may move and its clock has started.
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
    if let (Some(max), Some(cap)) = (extension.max, choices.latest) {
        let original =
            original_response_due(cx.calendar, record, stage, cx.at)?.expect("clock started");
        if new_date > cap {
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
    let letter = Letter::new(LetterKind::HoldingLetter)
        .with(Said::Reason {
            stage: stage.name.clone(),
            reason: reason.clone(),
        })
        .with(Said::NewDate { date: new_date });
    Ok(vec![Fact::DeadlineExtended {
        stage: stage.id.clone(),
        new_due,
        reason,
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
