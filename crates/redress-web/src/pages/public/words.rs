//! Dates, durations and other procedure values in the catalogue's words: "Wednesday 30 December
//! 2026", "3 working days". Every word comes from `messages/*.toml`, so a second language
//! needs no code.

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use redress_core::calendar::{Duration, london_date};
use redress_core::procedure::{ClockStart, FeedbackKind, Ground, Handler, Procedure};

use crate::pages::messages::Messages;

const MONTHS: [&str; 12] = [
    "dates.january",
    "dates.february",
    "dates.march",
    "dates.april",
    "dates.may",
    "dates.june",
    "dates.july",
    "dates.august",
    "dates.september",
    "dates.october",
    "dates.november",
    "dates.december",
];

fn weekday_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "dates.monday",
        Weekday::Tuesday => "dates.tuesday",
        Weekday::Wednesday => "dates.wednesday",
        Weekday::Thursday => "dates.thursday",
        Weekday::Friday => "dates.friday",
        Weekday::Saturday => "dates.saturday",
        Weekday::Sunday => "dates.sunday",
    }
}

/// A day in full: "Wednesday 30 December 2026".
pub fn date(m: &Messages, day: Date) -> String {
    let month = usize::try_from(day.month() - 1).unwrap_or(0);
    m.fill(
        "dates.format",
        &[
            ("weekday", m.get(weekday_key(day.weekday()))),
            ("day", &day.day().to_string()),
            ("month", m.get(MONTHS[month])),
            ("year", &day.year().to_string()),
        ],
    )
}

/// A day's month only, as the public compliments page dates what it shows: "April 2027".
pub fn month(m: &Messages, day: Date) -> String {
    let month = usize::try_from(day.month() - 1).unwrap_or(0);
    m.fill(
        "dates.month_format",
        &[
            ("month", m.get(MONTHS[month])),
            ("year", &day.year().to_string()),
        ],
    )
}

/// The Europe/London day of an instant, in full.
pub fn date_of(m: &Messages, at: Timestamp) -> String {
    date(m, london_date(at))
}

/// A duration: "3 working days", "24 hours", "1 month".
pub fn duration(m: &Messages, duration: Duration) -> String {
    let (n, one, many) = match duration {
        Duration::WorkingDays(n) => (n, "durations.working_day", "durations.working_days"),
        Duration::Days(n) => (n, "durations.day", "durations.days"),
        Duration::Weeks(n) => (n, "durations.week", "durations.weeks"),
        Duration::Hours(n) => (n, "durations.hour", "durations.hours"),
        Duration::Months(n) => (n, "durations.month", "durations.months"),
    };
    m.fill(if n == 1 { one } else { many }, &[("n", &n.to_string())])
}

/// "of receiving your complaint", "of our response": what a clock counts from.
pub fn counted_from(m: &Messages, from: ClockStart, first_stage: bool) -> &str {
    m.get(match from {
        ClockStart::Receipt if first_stage => "start.from_receipt",
        ClockStart::Receipt | ClockStart::Escalation => "start.from_escalation",
        ClockStart::Acknowledgement => "start.from_acknowledgement",
        ClockStart::Investigation => "start.from_investigation",
        ClockStart::Response => "start.from_response",
    })
}

/// The catalogue key naming a kind of feedback in the singular: "complaint".
pub fn kind_key(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Complaint => "kinds.complaint",
        FeedbackKind::Compliment => "kinds.compliment",
        FeedbackKind::Comment => "kinds.comment",
        FeedbackKind::Suggestion => "kinds.suggestion",
    }
}

/// The catalogue key of a kind as a choice: "A complaint".
pub fn kind_label_key(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Complaint => "kinds.complaint_label",
        FeedbackKind::Compliment => "kinds.compliment_label",
        FeedbackKind::Comment => "kinds.comment_label",
        FeedbackKind::Suggestion => "kinds.suggestion_label",
    }
}

/// The catalogue key of the hint under a kind's choice.
pub fn kind_hint_key(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Complaint => "kinds.complaint_hint",
        FeedbackKind::Compliment => "kinds.compliment_hint",
        FeedbackKind::Comment => "kinds.comment_hint",
        FeedbackKind::Suggestion => "kinds.suggestion_hint",
    }
}

/// A kind's value as sent by the form ("complaint", ...).
pub fn kind_value(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Complaint => "complaint",
        FeedbackKind::Compliment => "compliment",
        FeedbackKind::Comment => "comment",
        FeedbackKind::Suggestion => "suggestion",
    }
}

/// A kind from the value the form sends.
pub fn parse_kind(value: &str) -> Option<FeedbackKind> {
    [
        FeedbackKind::Complaint,
        FeedbackKind::Compliment,
        FeedbackKind::Comment,
        FeedbackKind::Suggestion,
    ]
    .into_iter()
    .find(|kind| kind_value(*kind) == value)
}

/// Grounds for escalation: (value sent by the form, catalogue key).
pub fn ground_words(ground: Ground) -> (&'static str, &'static str) {
    match ground {
        Ground::Outcome => ("outcome", "track.escalate.ground_outcome"),
        Ground::Handling => ("handling", "track.escalate.ground_handling"),
        Ground::NoResponse => ("no-response", "track.escalate.ground_no_response"),
    }
}

/// Who handles a stage, by role title: "the Chair", "a panel of 3 drawn from the members".
pub fn handler(m: &Messages, procedure: &Procedure, handler: &Handler) -> String {
    let the = |role: &redress_core::ids::RoleId| the_role(m, procedure, role);
    let arranged = |key: &str, who: String| match handler.arranged_by() {
        Some(role) => m.fill(key, &[("who", &who), ("by", &the(role))]),
        None => who,
    };
    let main = match handler {
        Handler::Role { role, .. } => the(role),
        Handler::Panel {
            size,
            from,
            exclude_named,
            ..
        } => arranged(
            "start.handler_convened",
            m.fill(
                if *exclude_named {
                    "start.handler_panel_excluding"
                } else {
                    "start.handler_panel"
                },
                &[("n", &size.to_string()), ("from", &from.replace('-', " "))],
            ),
        ),
        Handler::External { who, .. } => arranged("start.handler_arranged", lower_first(who)),
    };
    let mut text = main;
    let (with, or) = match handler {
        Handler::Role { with, or, .. } => (with.as_slice(), or.as_slice()),
        _ => (&[][..], &[][..]),
    };
    if !with.is_empty() {
        let with: Vec<String> = with.iter().map(the).collect();
        text = m.fill(
            "start.handler_with",
            &[("main", &text), ("with", &list(m, &with))],
        );
    }
    if !or.is_empty() {
        let or: Vec<String> = or.iter().map(the).collect();
        text = m.fill(
            "start.handler_or",
            &[("main", &text), ("or", &list_or(m, &or))],
        );
    }
    text
}

/// A role as a complainant reads it in a sentence: "the Chair".
pub fn the_role(m: &Messages, procedure: &Procedure, role: &redress_core::ids::RoleId) -> String {
    m.fill("start.the_role", &[("title", &procedure.role_title(role))])
}

/// Procedure text that opens with a capital ("An external third party"), as a phrase inside a
/// sentence; left alone when it starts with an abbreviation ("SENDIASS ...").
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}

/// "a, b or c".
pub fn list_or(m: &Messages, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => m.fill(
            "common.list_or",
            &[("items", &init.join(", ")), ("last", last)],
        ),
    }
}

/// "a, b and c".
pub fn list(m: &Messages, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => m.fill(
            "common.list_and",
            &[("items", &init.join(", ")), ("last", last)],
        ),
    }
}

/// Splits text from a procedure file into paragraphs at blank lines.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as day;

    #[test]
    fn dates_and_durations_read_as_words() {
        let m = Messages::english();
        assert_eq!(date(m, day(2026, 12, 30)), "Wednesday 30 December 2026");
        assert_eq!(duration(m, Duration::WorkingDays(1)), "1 working day");
        assert_eq!(duration(m, Duration::Hours(24)), "24 hours");
        assert_eq!(list(m, &["a".into(), "b".into(), "c".into()]), "a, b and c");
    }
}
