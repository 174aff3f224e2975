//! Stage clocks: when each counts from, and when it falls due once pauses and extensions count.
//!
//! Shared by the decider (a letter states the response date) and `deadlines` (the dashboard), so
//! both always agree.

use jiff::{SignedDuration, Timestamp};

use super::state::StageRecord;
use crate::calendar::{Calendar, CalendarError, Due, Duration, format_date, london_date};
use crate::procedure::{ClockStart, Respond, Stage};

/// The instant a stage clock counts from, if that has happened yet.
pub(crate) fn start_of(record: &StageRecord, start: ClockStart) -> Option<Timestamp> {
    match start {
        ClockStart::Receipt | ClockStart::Escalation => Some(record.entered_at),
        ClockStart::Acknowledgement => record.acknowledged_at,
        ClockStart::Investigation => record.investigation_started_at,
        ClockStart::Response => record.response.map(|(at, _)| at),
    }
}

/// Words for what a clock counts from.
pub(crate) fn start_words(record: &StageRecord, start: ClockStart) -> &'static str {
    match start {
        ClockStart::Receipt if record.escalated => "receipt of the request to escalate",
        ClockStart::Receipt => "receipt",
        ClockStart::Escalation => "escalation",
        ClockStart::Acknowledgement => "acknowledgement",
        ClockStart::Investigation => "the start of the investigation",
        ClockStart::Response => "the response",
    }
}

/// When something due `within` of `start` falls due, with the stage's pauses added on.
/// `now` closes a pause still running. Returns the due and a sentence saying how.
pub(crate) fn due_with_pauses(
    calendar: &Calendar,
    start: Timestamp,
    within: Duration,
    pauses: &[(Timestamp, Option<Timestamp>)],
    now: Timestamp,
) -> Result<(Due, String), CalendarError> {
    let mut paused_working_days = 0;
    let mut paused_days = 0;
    let mut paused_exact = SignedDuration::ZERO;
    for (from, until) in pauses {
        let until = until.unwrap_or(now).max(*from);
        paused_working_days +=
            calendar.working_days_between(london_date(*from), london_date(until))?;
        paused_days += (london_date(until) - london_date(*from)).get_days().max(0) as u32;
        paused_exact += until.duration_since(*from);
    }
    let (mut due, mut why) = calendar.explain_due(start, within)?;
    if pauses.is_empty() {
        return Ok((due, why));
    }
    // Every sum below is checked: a long pause on a long clock must come back as `TooFar`,
    // never as an overflow panic in the middle of a request.
    let too_far = || CalendarError::TooFar {
        duration: within,
        from: london_date(start),
    };
    let (extended, added) = match within {
        Duration::WorkingDays(n) => (
            calendar.due(
                start,
                Duration::WorkingDays(n.checked_add(paused_working_days).ok_or_else(too_far)?),
            )?,
            format!("{paused_working_days} working day(s)"),
        ),
        Duration::Days(n) => (
            calendar.due(
                start,
                Duration::Days(n.checked_add(paused_days).ok_or_else(too_far)?),
            )?,
            format!("{paused_days} day(s)"),
        ),
        Duration::Weeks(n) => {
            let days = n
                .checked_mul(7)
                .and_then(|days| days.checked_add(paused_days))
                .ok_or_else(too_far)?;
            (
                calendar.due(start, Duration::Days(days))?,
                format!("{paused_days} day(s)"),
            )
        }
        Duration::Months(_) => {
            let date = crate::calendar::date_after(due.date, Duration::Days(paused_days))?;
            (
                Due {
                    date,
                    at: crate::calendar::end_of_day(date),
                },
                format!("{paused_days} day(s)"),
            )
        }
        Duration::Hours(_) => {
            let at = due.at.checked_add(paused_exact).map_err(|_| too_far())?;
            (
                Due {
                    date: london_date(at),
                    at,
                },
                format!("{} hour(s)", paused_exact.as_hours()),
            )
        }
    };
    due = extended;
    why.push_str(&format!(
        "; the clock was stopped for {added} while waiting for information, so it is now due by end of {}",
        format_date(due.date)
    ));
    Ok((due, why))
}

/// The response deadline of a stage as things stand: the latest extension if there is one,
/// otherwise the procedure's limit from its start, plus pauses. `None` when the stage sets no
/// timescale or its clock has not started (e.g. counts from an acknowledgement not yet sent).
pub(crate) fn response_due(
    calendar: &Calendar,
    record: &StageRecord,
    respond: &Respond,
    now: Timestamp,
) -> Result<Option<(Due, String)>, CalendarError> {
    let Some(start) = start_of(record, respond.from) else {
        return Ok(None);
    };
    let (original, why) = due_with_pauses(calendar, start, respond.within, &record.pauses, now)?;
    let why = format!(
        "{} from {}: {why}",
        respond.within,
        start_words(record, respond.from)
    );
    match record.extended_to {
        Some(extended) => Ok(Some((
            extended,
            format!(
                "extended by holding letter to end of {} (originally {why})",
                format_date(extended.date)
            ),
        ))),
        None => Ok(Some((original, why))),
    }
}

/// The response deadline the procedure itself gives, ignoring extensions.
pub(crate) fn original_response_due(
    calendar: &Calendar,
    record: &StageRecord,
    stage: &Stage,
    now: Timestamp,
) -> Result<Option<Due>, CalendarError> {
    let Some(respond) = &stage.respond else {
        return Ok(None);
    };
    let Some(start) = start_of(record, respond.from) else {
        return Ok(None);
    };
    Ok(Some(
        due_with_pauses(calendar, start, respond.within, &record.pauses, now)?.0,
    ))
}

/// A date `by` later than `date`, counted as the procedure counts (`date` itself is day 0).
pub(crate) fn shift(
    calendar: &Calendar,
    date: jiff::civil::Date,
    by: Duration,
) -> Result<Due, CalendarError> {
    calendar.due(crate::calendar::start_of_day(date), by)
}

/// When the complainant's window to ask for the stage after `record`'s closes: `within` of the
/// escalation's `from`, or, where the procedure gives `or_if_later`, the later of that and the
/// second span (from the events complained about, or the complaint's receipt). `None` while the
/// window has not started, or where the procedure sets no limit.
pub(crate) fn escalation_closes(
    calendar: &Calendar,
    case: &super::state::Case,
    record: &StageRecord,
    escalation: &crate::procedure::Escalation,
) -> Result<Option<Due>, CalendarError> {
    let (Some(within), Some(from)) = (escalation.within, start_of(record, escalation.from)) else {
        return Ok(None);
    };
    let first = calendar.due(from, within)?;
    let Some(span) = &escalation.or_if_later else {
        return Ok(Some(first));
    };
    let second_from = match span.from {
        crate::procedure::WindowFrom::Event => case
            .submission
            .as_ref()
            .and_then(|s| s.happened_on)
            .map(crate::calendar::start_of_day),
        crate::procedure::WindowFrom::Receipt => case.stages.first().map(|r| r.entered_at),
    };
    let Some(second_from) = second_from else {
        return Ok(Some(first));
    };
    let second = calendar.due(second_from, span.within)?;
    Ok(Some(if second.at > first.at { second } else { first }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Region;

    /// A months clock that already ends near the last date jiff can represent, plus a pause of
    /// five years: adding the pause used to panic; it must be an error.
    #[test]
    fn a_pause_that_pushes_a_due_date_past_the_representable_is_an_error() {
        let calendar = Calendar::new(Region::EnglandAndWales, &[]);
        let start: Timestamp = "2026-01-05T10:00:00Z".parse().unwrap();
        // 2026-01-05 plus this many months is in December 9999.
        let months = (9999 - 2026) * 12 + 11;
        let pause = (
            "2026-01-06T10:00:00Z".parse().unwrap(),
            Some("2030-12-30T10:00:00Z".parse().unwrap()),
        );
        let outcome = due_with_pauses(&calendar, start, Duration::Months(months), &[pause], start);
        assert!(
            matches!(outcome, Err(CalendarError::TooFar { .. })),
            "{outcome:?}"
        );
    }
}
