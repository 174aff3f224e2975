//! Durations a procedure may set: never zero, never longer than a procedure could mean, and a
//! working-day count that stays inside the bank-holiday data.
//!
//! A zero clock is overdue the moment it starts ("0 working days" makes every acknowledgement
//! late on arrival), and an absurd one ("99999999 months") is a typo that used to surface only
//! when a case first counted with it. Refusing both when the file is checked keeps every case
//! that runs on a loaded procedure inside dates the calendar can count.

use super::model::Procedure;
use super::validate::PathSeg;
use crate::calendar::{Calendar, CalendarError, Duration};

/// The longest count a procedure may write in the unit of `unit` (whose own count is ignored),
/// and why that much. The JSON Schema's description of a duration repeats these figures.
///
/// The figures are generous bounds on what a written procedure means, not policy: they are there
/// to catch typos before a case counts with them.
/// - 260 working days: one working year (52 weeks of 5 days). No stage clock or window in the
///   seeds is longer than 30, and a working-day count must also stay inside the bank-holiday
///   data, which runs only a few years ahead.
/// - 730 days and 104 weeks: two years, the longest review period in the seeds.
/// - 84 months (7 years): the longest retention-like period: records kept six years after a
///   complaint closes, plus the year it closed in. Longer is beyond any time limit, report or
///   review period a complaints procedure sets.
/// - 720 hours: 30 days. Hours are for short exact clocks ("24 hours"); anything longer is
///   written in days.
pub const fn longest(unit: Duration) -> u32 {
    match unit {
        Duration::WorkingDays(_) => 260,
        Duration::Days(_) => 730,
        Duration::Weeks(_) => 104,
        Duration::Months(_) => 84,
        Duration::Hours(_) => 720,
    }
}

/// How many units `duration` has.
fn count(duration: Duration) -> u32 {
    match duration {
        Duration::WorkingDays(n)
        | Duration::Days(n)
        | Duration::Weeks(n)
        | Duration::Months(n)
        | Duration::Hours(n) => n,
    }
}

/// The same unit with another count, for messages ("at least 1 working day").
fn with_count(duration: Duration, n: u32) -> Duration {
    match duration {
        Duration::WorkingDays(_) => Duration::WorkingDays(n),
        Duration::Days(_) => Duration::Days(n),
        Duration::Weeks(_) => Duration::Weeks(n),
        Duration::Months(_) => Duration::Months(n),
        Duration::Hours(_) => Duration::Hours(n),
    }
}

fn key(name: &str) -> PathSeg {
    PathSeg::Key(name.to_owned())
}

/// Every duration in `procedure`, with its path and what it is, in words for messages.
fn every_duration(procedure: &Procedure) -> Vec<(Vec<PathSeg>, Duration, &'static str)> {
    let mut found = vec![
        (
            vec![key("reminders"), key("stale_after")],
            procedure.reminders.stale_after,
            "a case nobody has touched",
        ),
        (
            vec![key("reminders"), key("due_within")],
            procedure.reminders.due_within,
            "what the digest lists as falling due",
        ),
    ];
    if let Some(limit) = &procedure.time_limit {
        found.push((
            vec![key("time_limit"), key("within")],
            limit.within,
            "the time limit to complain",
        ));
    }
    for (s, stage) in procedure.stages.iter().enumerate() {
        let at = |field: &str, inner: &str| {
            vec![key("stage"), PathSeg::Index(s), key(field), key(inner)]
        };
        if let Some(acknowledge) = &stage.acknowledge {
            found.push((
                at("acknowledge", "within"),
                acknowledge.within,
                "an acknowledgement",
            ));
        }
        if let Some(respond) = &stage.respond {
            found.push((at("respond", "within"), respond.within, "a response"));
        }
        if let Some(holding) = &stage.holding_letter {
            found.push((
                at("holding_letter", "within"),
                holding.within,
                "a holding letter",
            ));
        }
        if let Some(max) = stage.extension.as_ref().and_then(|e| e.max) {
            found.push((at("extension", "max"), max, "an extension"));
        }
        if let Some(every) = stage.updates.as_ref().and_then(|u| u.every) {
            found.push((
                at("updates", "every"),
                every,
                "the interval between updates",
            ));
        }
        if let Some(within) = stage.escalation.as_ref().and_then(|e| e.within) {
            found.push((at("escalation", "within"), within, "the window to escalate"));
        }
    }
    if let Some(within) = procedure
        .compliments
        .as_ref()
        .and_then(|c| c.respond_within)
    {
        found.push((
            vec![key("compliments"), key("respond_within")],
            within,
            "a reply to a compliment",
        ));
    }
    if let Some(within) = procedure.comments.as_ref().and_then(|c| c.respond_within) {
        found.push((
            vec![key("comments"), key("respond_within")],
            within,
            "a reply to a comment",
        ));
    }
    if let Some(within) = procedure
        .ombudsman
        .as_ref()
        .and_then(|o| o.enquiry_response)
    {
        found.push((
            vec![key("ombudsman"), key("enquiry_response")],
            within,
            "a reply to an ombudsman's enquiry",
        ));
    }
    if let Some(retention) = &procedure.retention {
        found.push((
            vec![key("retention"), key("keep")],
            retention.keep,
            "retention",
        ));
    }
    for (r, report) in procedure.reports.iter().enumerate() {
        if let Some(every) = report.every {
            found.push((
                vec![key("report"), PathSeg::Index(r), key("every")],
                every,
                "a report period",
            ));
        }
    }
    if let Some(review) = &procedure.review {
        found.push((
            vec![key("review"), key("every")],
            review.every,
            "the review period",
        ));
    }
    found
}

/// The problems with `procedure`'s durations, each with the path of the duration.
pub(crate) fn problems(procedure: &Procedure) -> Vec<(Vec<PathSeg>, String)> {
    let calendar = Calendar::new(
        procedure.organisation.region,
        &procedure.organisation.closure_days,
    );
    let effective_from = procedure.procedure.effective_from;
    let mut problems = Vec::new();
    for (path, duration, what) in every_duration(procedure) {
        let n = count(duration);
        let most = longest(duration);
        if n == 0 {
            problems.push((
                path,
                format!(
                    "{duration} is no time at all for {what}: anything due after it is late the moment its clock starts; give at least {}",
                    with_count(duration, 1)
                ),
            ));
        } else if n > most {
            problems.push((
                path,
                format!(
                    "{duration} is longer than redress accepts for {what}: at most {}, as a longer period is almost certainly a typo",
                    with_count(duration, most)
                ),
            ));
        } else if let Duration::WorkingDays(_) = duration
            // Only a count that runs off the end of the data is a problem here; a version that
            // takes effect before the data starts is counted from dates inside it at run time.
            && let Err(CalendarError::CountPastData { last, .. }) =
                calendar.add_working_days(effective_from, n)
        {
            problems.push((
                path,
                format!(
                    "{duration} from {effective_from}, when this version takes effect, runs past {last}, the last day redress has bank-holiday data for; use a shorter period or a newer redress"
                ),
            ));
        }
    }
    problems
}
