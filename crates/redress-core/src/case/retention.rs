//! Retention: when a case's personal data falls due for erasure, and what its history looks like
//! once erased.
//!
//! The rule, in the procedure's words: a case is kept for `[retention].keep` from its closure
//! or its receipt (`from`); a procedure silent on it is kept for the instance's default period
//! from closure. Open cases are never due, and a legal hold stops the clock for as long as it
//! holds. A case falls due at the start of its deletion day (Europe/London), the day the
//! "delete the case's personal data" deadline names, so the hourly run meets that deadline.
//!
//! Erasure rewrites every event into its redacted form: every string a person could have
//! written is replaced by [`ERASED`], except the procedure's vocabulary (kinds, channels,
//! stages, outcomes, roles, themes: kebab-case identifiers under the keys in [`KEPT_KEYS`]),
//! dates and instants, and the reference. Numbers, yes/no answers and the shape of every event
//! stay, so the case still folds: its kind, channel, dates, stages, outcomes and every deadline
//! with whether it was met are what they were. A new string field is erased unless added to
//! `KEPT_KEYS`, so the safe default is to forget.

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::Value;

use super::event::{ErasedBy, Event, Fact};
use super::state::Case;
use crate::calendar::{
    CalendarError, Duration, date_after, date_before, london_date, start_of_day,
};
use crate::procedure::{Procedure, RetentionFrom};

/// What every erased text reads.
pub const ERASED: &str = "[erased]";

/// Keys whose values name the procedure's vocabulary or the case, never a person: kept when
/// they hold an identifier (lower-case letters, digits, `-`, `.`, `/`, `+`), a date or an
/// instant. An e-mail address or a name under one of them is still erased by its shape.
const KEPT_KEYS: &[&str] = &[
    "type",
    "detail",
    "says",
    "is",
    "state",
    "kind",
    "channel",
    "prefers",
    "reference",
    "procedure_version",
    "first_stage",
    "stage",
    "start_at",
    "handler",
    "role",
    "by",
    "to",
    "from",
    "outcome",
    "mode",
    "how",
    "what",
    "delivery",
    "source",
    "media_type",
    "grounds",
    "restrictions",
    "remedies",
    "themes",
    "exclusion",
    "decision",
    "clock",
    "signed_by",
    "at",
    "date",
    "entered_at",
    "until",
    "review_on",
    "held_on",
    "happened_on",
    "became_aware_on",
    "counted_from",
    "last_day",
    "delete_after",
    "received_on",
    "respond_by",
    "due",
    "language",
    "when",
];

/// Where a case stands on retention at an instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retained {
    /// Open: never due.
    Open,
    /// Closed, held by a legal hold with this reason.
    Held(String),
    /// Already erased.
    Erased,
    /// Kept until this day, when it falls due.
    Until(Date),
    /// Due since the start of this day: erase it now.
    Due(Date),
}

/// The day a closed case's personal data falls due for deletion: the procedure's period from
/// closure or receipt, or `default` from closure when the procedure is silent. `None` while open.
pub fn deletion_day(
    case: &Case,
    procedure: &Procedure,
    default: Duration,
) -> Result<Option<Date>, CalendarError> {
    let Some((closed_at, _)) = case.closed else {
        return Ok(None);
    };
    match stated_day(case, procedure)? {
        Some(day) => Ok(Some(day)),
        None => Ok(Some(date_after(london_date(closed_at), default)?)),
    }
}

/// The deletion day of a closed case whose procedure states its retention; `None` when the
/// procedure is silent (the day then depends on the operator's default) or the case is open.
fn stated_day(case: &Case, procedure: &Procedure) -> Result<Option<Date>, CalendarError> {
    let (Some((closed_at, _)), Some(retention)) = (case.closed, &procedure.retention) else {
        return Ok(None);
    };
    // The day `closing` worked out when the case closed, the one the deadline shows.
    if let Some(day) = case.delete_after {
        return Ok(Some(day));
    }
    let from = match retention.from {
        RetentionFrom::Closure => closed_at,
        RetentionFrom::Receipt => case.received_at.unwrap_or(closed_at),
    };
    Ok(Some(date_after(london_date(from), retention.keep)?))
}

/// When a retention run next has anything to do with a case, as far as its own events and its
/// procedure tell, so a run reads only the cases that may be due instead of every closed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetentionCheck {
    /// Open (closing it changes this) or erased already: nothing.
    Never,
    /// From this day on: its deletion day, held or not (a run reports the held ones).
    From(Date),
    /// Every run: the procedure is silent, so the day follows the operator's default, which
    /// may change between runs.
    Every,
}

/// When a retention run must look at `case` (see [`RetentionCheck`]); [`retained`] decides
/// what it finds then.
pub fn retention_check(
    case: &Case,
    procedure: &Procedure,
) -> Result<RetentionCheck, CalendarError> {
    if case.closed.is_none() || case.erased_at.is_some() {
        return Ok(RetentionCheck::Never);
    }
    Ok(match stated_day(case, procedure)? {
        Some(day) => RetentionCheck::From(day),
        None => RetentionCheck::Every,
    })
}

/// The instant before which a case closed, under a procedure silent on retention
/// ([`RetentionCheck::Every`]), has fallen due by `today` with the operator's `default`
/// period: the start of the day after the last closure day whose `default` later is `today`
/// or before (London days, as [`deletion_day`] counts them). A retention run reads only those
/// closed before it, not every case ever closed; [`retained`] still decides each one.
pub fn silent_due_closed_before(
    today: Date,
    default: Duration,
) -> Result<Timestamp, CalendarError> {
    let due_by = |closed_on: Date| Ok::<_, CalendarError>(date_after(closed_on, default)? <= today);
    // Nothing closed so long ago that a day before it is representable: nothing is due.
    let Ok(mut last) = date_before(today, default) else {
        return Ok(Timestamp::MIN);
    };
    // Going back a period lands on the last closure day due, or a day or three before it
    // where months clamp (31 January and 28 January both fall due on 28 February a month on);
    // never after it, but the loops do not rely on that.
    while !due_by(last)? {
        let Ok(before) = last.yesterday() else {
            return Ok(Timestamp::MIN);
        };
        last = before;
    }
    while let Ok(next) = last.tomorrow() {
        if !due_by(next)? {
            break;
        }
        last = next;
    }
    Ok(last.tomorrow().map_or(Timestamp::MAX, start_of_day))
}

/// Where `case` stands at `now`: open, held, erased, kept until a day, or due.
pub fn retained(
    case: &Case,
    procedure: &Procedure,
    default: Duration,
    now: Timestamp,
) -> Result<Retained, CalendarError> {
    if case.erased_at.is_some() {
        return Ok(Retained::Erased);
    }
    let Some(day) = deletion_day(case, procedure, default)? else {
        return Ok(Retained::Open);
    };
    if let Some(reason) = &case.legal_hold {
        return Ok(Retained::Held(reason.clone()));
    }
    Ok(if now >= start_of_day(day) {
        Retained::Due(day)
    } else {
        Retained::Until(day)
    })
}

/// Why an erasure cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ErasureError {
    /// The case is under a legal hold.
    #[error("the case is under a legal hold ({0}); lift it first")]
    Held(String),
    /// The case was already erased.
    #[error("the case's personal data was already erased")]
    AlreadyErased,
    /// An event's redacted form did not read back: a field the redaction does not know.
    #[error("event {seq} could not be redacted: {source}")]
    Unreadable {
        /// Its position in the stream, from 1.
        seq: usize,
        /// What failed.
        source: serde_json::Error,
    },
}

/// A case's history with its personal data erased, and the event saying so.
#[derive(Clone, Debug, PartialEq)]
pub struct Erasure {
    /// Every event of the case, in order, in its redacted form.
    pub redacted: Vec<Event>,
    /// The event to append: `PersonalDataErased`, at `at`.
    pub erased: Event,
}

/// Erases `case`'s history (`events`, in order): each event redacted, plus the event recording
/// it. Refused while the case is held or once erased; `by` says whether retention or a request.
pub fn erase(
    case: &Case,
    events: &[Event],
    at: Timestamp,
    by: ErasedBy,
    reason: Option<String>,
) -> Result<Erasure, ErasureError> {
    if case.erased_at.is_some() {
        return Err(ErasureError::AlreadyErased);
    }
    if let Some(reason) = &case.legal_hold {
        return Err(ErasureError::Held(reason.clone()));
    }
    let redacted = events
        .iter()
        .enumerate()
        .map(|(index, event)| {
            redact(event).map_err(|source| ErasureError::Unreadable {
                seq: index + 1,
                source,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Erasure {
        redacted,
        erased: Event {
            at,
            fact: Fact::PersonalDataErased { by, reason },
        },
    })
}

/// The redacted form of one event (see the module's comment for what stays).
pub fn redact(event: &Event) -> Result<Event, serde_json::Error> {
    let mut json = serde_json::to_value(event)?;
    redact_value(&mut json, None);
    serde_json::from_value(json)
}

/// The redaction of an event's JSON in place, for tests that show what it leaves.
#[doc(hidden)]
pub fn redact_value_for_tests(value: &mut Value) {
    redact_value(value, None);
}

fn redact_value(value: &mut Value, key: Option<&str>) {
    match value {
        Value::String(text) => {
            if !kept(key, text) {
                ERASED.clone_into(text);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| redact_value(item, key)),
        Value::Object(map) => map
            .iter_mut()
            .for_each(|(name, item)| redact_value(item, Some(name))),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn kept(key: Option<&str>, text: &str) -> bool {
    let vocabulary = key.is_some_and(|key| KEPT_KEYS.contains(&key))
        && !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '/' | '+')
        });
    // References are upper-case (`KPP-2026-0001`); instants and dates have their own shape.
    let reference = key == Some("reference")
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    // Dates, instants and periods ("2 weeks") are facts of the procedure, not of a person.
    let when = text.parse::<Timestamp>().is_ok()
        || text.parse::<Date>().is_ok()
        || text.parse::<Duration>().is_ok();
    vocabulary || reference || when
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_procedures_cases_are_due_when_closed_a_default_period_ago() {
        // (today, default period, the first instant of the first closure day not yet due),
        // worked out by hand.
        let cases = [
            // Six years (72 months, the instance's default) before Sunday 6 December 2026 is
            // 6 December 2020: closed that day, due today; closed on the 7th, due tomorrow.
            // The 7th starts at midnight GMT.
            ("2026-12-06", Duration::Months(72), "2020-12-07T00:00:00Z"),
            // In summer the day after starts at 23:00 UTC the evening before (BST).
            ("2027-07-15", Duration::Months(72), "2021-07-15T23:00:00Z"),
            // Thirty days before 6 December is 6 November.
            ("2026-12-06", Duration::Days(30), "2026-11-07T00:00:00Z"),
            // A month after 28, 29, 30 and 31 January 2027 is 28 February (2027 is not a leap
            // year); a month after 1 February is 1 March. On 28 February every January
            // closure is due, though a month before it is only the 28th.
            ("2027-02-28", Duration::Months(1), "2027-02-01T00:00:00Z"),
            // Twelve months after 29 February 2024 is 28 February 2025.
            ("2025-02-28", Duration::Months(12), "2024-03-01T00:00:00Z"),
        ];
        for (today, default, expected) in cases {
            let before = silent_due_closed_before(today.parse().unwrap(), default).unwrap();
            assert_eq!(before.to_string(), expected, "{today}, {default:?}");
        }
        // A period too long to count back from today: nothing closed is due.
        assert_eq!(
            silent_due_closed_before("0001-01-01".parse().unwrap(), Duration::Months(120_000))
                .unwrap(),
            Timestamp::MIN
        );
    }

    fn check(key: &str, text: &str, expect_kept: bool) {
        assert_eq!(kept(Some(key), text), expect_kept, "{key} = {text:?}");
    }

    #[test]
    fn vocabulary_dates_and_references_stay_and_words_go() {
        check("kind", "complaint", true);
        check("stage", "stage-two", true);
        check("reference", "KPP-2026-0001", true);
        check("at", "2026-03-10T09:00:00Z", true);
        check("happened_on", "2026-03-10", true);
        check("media_type", "application/pdf", true);
        // A person's words, wherever they are.
        check("name", "Ann Example", false);
        check("what_happened", "the door was locked", false);
        // An address under a kept key is still erased by its shape.
        check("to", "ann@example.org", false);
        check("by", "Ann Example", false);
        check("reference", "my ref is 12", false);
    }
}
