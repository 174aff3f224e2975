//! Every clock of a case: what is due, by when, whether it was met, and how the date was worked
//! out. Derived from the events and the procedure on every call; never stored by hand.

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::clock::{due_with_pauses, original_response_due, response_due, start_of, start_words};
use super::state::{Case, EnquiryRecord, StageRecord};
use crate::calendar::{Calendar, CalendarError, Due, end_of_day, format_date, start_of_day};
use crate::ids::StageId;
use crate::names::serde_name;
use crate::procedure::{ENQUIRY_RESPONSE_DEFAULT, Escalator, FeedbackKind, Procedure, Stage};

/// What a clock is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Clock {
    /// Acknowledging a complaint or a request to escalate.
    Acknowledgement,
    /// A stage's response.
    Response,
    /// A holding letter, if the response is not sent first.
    HoldingLetter,
    /// The next progress update while a response is overdue or extended.
    Update,
    /// The complainant's window to ask for the next stage.
    EscalationWindow,
    /// A reply to a compliment or comment.
    Reply,
    /// The review of a contact restriction.
    RestrictionReview,
    /// Answering an enquiry from the ombudsman.
    OmbudsmanEnquiry,
    /// Deleting the case's personal data.
    Deletion,
}

/// Where a clock stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum ClockStatus {
    /// Not yet due.
    Open,
    /// Due and not done.
    Overdue,
    /// Done.
    Met {
        /// When.
        at: Timestamp,
        /// Whether before it fell due.
        on_time: bool,
    },
    /// Stopped while waiting for information.
    Paused,
    /// No longer needed (e.g. the response went out before a holding letter was due, or the
    /// case closed).
    NotNeeded,
    /// A window that has closed unused.
    Lapsed,
}

/// One clock of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Deadline {
    /// What it is for.
    pub clock: Clock,
    /// The stage, for stage clocks.
    pub stage: Option<StageId>,
    /// What is due, in words.
    pub what: String,
    /// When.
    pub due: Due,
    /// Where it stands at `now`.
    pub status: ClockStatus,
    /// How the date was worked out.
    pub why: String,
}

/// Every clock of `case` at `now`, in the order they arise.
pub fn deadlines(
    case: &Case,
    procedure: &Procedure,
    calendar: &Calendar,
    now: Timestamp,
) -> Result<Vec<Deadline>, CalendarError> {
    let mut list = Vec::new();
    let closed_at = case.closed.map(|(at, _)| at);
    for record in &case.stages {
        let Some(stage) = procedure.stages.iter().find(|s| s.id == record.id) else {
            continue;
        };
        stage_clocks(
            &mut list, case, procedure, calendar, record, stage, now, closed_at,
        )?;
    }
    if let Some(received) = case.received_at {
        reply_clock(
            &mut list, case, procedure, calendar, received, now, closed_at,
        )?;
    }
    for restriction in &case.restrictions {
        let due = Due {
            date: restriction.review_on,
            at: end_of_day(restriction.review_on),
        };
        list.push(Deadline {
            clock: Clock::RestrictionReview,
            stage: None,
            what: "Review the contact restriction".to_owned(),
            due,
            status: open_or_overdue(due, now),
            why: format!(
                "set when the restriction was imposed, to run until {}",
                format_date(restriction.until)
            ),
        });
    }
    for (index, enquiry) in case.enquiries.iter().enumerate() {
        let (due, why) = enquiry_due(procedure, calendar, enquiry)?;
        list.push(Deadline {
            clock: Clock::OmbudsmanEnquiry,
            stage: None,
            what: format!(
                "Answer the ombudsman's enquiry {} ({})",
                index + 1,
                enquiry.ombudsman_reference
            ),
            due,
            status: match &enquiry.answered {
                Some((at, _)) => met(*at, due),
                None => open_or_overdue(due, now),
            },
            why,
        });
    }
    if let Some(date) = case.delete_after {
        let due = Due {
            date,
            at: end_of_day(date),
        };
        list.push(Deadline {
            clock: Clock::Deletion,
            stage: None,
            what: "Delete the case's personal data".to_owned(),
            due,
            // Met when erased; stopped while a legal hold is in force.
            status: match (case.erased_at, &case.legal_hold) {
                (Some(at), _) => met(at, due),
                (None, Some(_)) => ClockStatus::Paused,
                (None, None) => open_or_overdue(due, now),
            },
            why: procedure.retention.as_ref().map_or_else(String::new, |r| {
                format!("kept for {} from {}", r.keep, serde_name(&r.from))
            }),
        });
    }
    Ok(list)
}

/// When an ombudsman's enquiry is to be answered, and how that was worked out: the date it
/// gave, or the procedure's `[ombudsman] enquiry_response` (or the default) from its arrival.
fn enquiry_due(
    procedure: &Procedure,
    calendar: &Calendar,
    enquiry: &EnquiryRecord,
) -> Result<(Due, String), CalendarError> {
    if let Some(date) = enquiry.respond_by {
        let due = Due {
            date,
            at: end_of_day(date),
        };
        return Ok((
            due,
            format!(
                "the date the ombudsman's enquiry of {} asked for a reply by",
                format_date(enquiry.received_on)
            ),
        ));
    }
    let (within, source) = match procedure
        .ombudsman
        .as_ref()
        .and_then(|o| o.enquiry_response)
    {
        Some(within) => (within, "the procedure's time for answering the ombudsman"),
        None => (
            ENQUIRY_RESPONSE_DEFAULT,
            "the procedure gives no time for answering the ombudsman, so redress's default",
        ),
    };
    let (due, explained) = calendar.explain_due(start_of_day(enquiry.received_on), within)?;
    Ok((
        due,
        format!("the enquiry gave no date; {source}: {explained}"),
    ))
}

fn open_or_overdue(due: Due, now: Timestamp) -> ClockStatus {
    if now >= due.at {
        ClockStatus::Overdue
    } else {
        ClockStatus::Open
    }
}

fn met(at: Timestamp, due: Due) -> ClockStatus {
    ClockStatus::Met {
        at,
        on_time: at < due.at,
    }
}

/// The status of a clock that is met by `done`, stops when the case or stage ends at `ended`.
fn status(
    due: Due,
    done: Option<Timestamp>,
    ended: Option<Timestamp>,
    paused: bool,
    now: Timestamp,
) -> ClockStatus {
    match (done, ended) {
        (Some(at), _) => met(at, due),
        (None, Some(_)) => ClockStatus::NotNeeded,
        (None, None) if paused => ClockStatus::Paused,
        (None, None) => open_or_overdue(due, now),
    }
}

#[allow(clippy::too_many_arguments)]
fn stage_clocks(
    list: &mut Vec<Deadline>,
    case: &Case,
    procedure: &Procedure,
    calendar: &Calendar,
    record: &StageRecord,
    stage: &Stage,
    now: Timestamp,
    closed_at: Option<Timestamp>,
) -> Result<(), CalendarError> {
    let ended = closed_at.or(if record.left { Some(now) } else { None });
    let stage_id = Some(record.id.clone());
    if let Some(acknowledge) = &stage.acknowledge
        && let Some(start) = start_of(record, acknowledge.from)
    {
        let (due, why) = calendar.explain_due(start, acknowledge.within)?;
        // An anonymous complaint leaves no one to acknowledge, so the clock is not owed (nor
        // shown overdue); it is still met if someone was acknowledged after all.
        let no_one_to_tell = case
            .submission
            .as_ref()
            .is_some_and(|s| s.complainant.is_none() && s.representative.is_none());
        list.push(Deadline {
            clock: Clock::Acknowledgement,
            stage: stage_id.clone(),
            what: format!("Acknowledge ({})", stage.name),
            due,
            status: match record.acknowledged_at {
                None if no_one_to_tell => ClockStatus::NotNeeded,
                done => status(due, done, ended, false, now),
            },
            why: format!(
                "{} from {}: {why}",
                acknowledge.within,
                start_words(record, acknowledge.from)
            ),
        });
    }
    let response = match &stage.respond {
        Some(respond) => response_due(calendar, record, respond, now)?,
        None => None,
    };
    let responded = record.response.map(|(at, _)| at);
    if let Some((due, why)) = &response {
        list.push(Deadline {
            clock: Clock::Response,
            stage: stage_id.clone(),
            what: format!("Respond ({})", stage.name),
            due: *due,
            status: status(*due, responded, ended, record.paused(), now),
            why: why.clone(),
        });
    }
    if let Some(holding) = &stage.holding_letter
        && let Some(start) = start_of(record, holding.from)
    {
        // Stopping the stage's clocks moves the holding-letter point along with the response.
        let (due, why) = due_with_pauses(calendar, start, holding.within, &record.pauses, now)?;
        // A holding letter is for a response that will be later than the procedure's own date
        // (PIPS 3.9): a response sent by that date, or before this one, never needed one.
        let original = original_response_due(calendar, record, stage, now)?;
        let not_needed = responded
            .is_some_and(|at| at < due.at || original.is_some_and(|o| at < o.at))
            || ended.is_some();
        list.push(Deadline {
            clock: Clock::HoldingLetter,
            stage: stage_id.clone(),
            what: format!(
                "Send a holding letter with a new date, unless the response has gone ({})",
                stage.name
            ),
            due,
            status: match record.extended_at {
                Some(at) => met(at, due),
                None if not_needed => ClockStatus::NotNeeded,
                None if record.paused() => ClockStatus::Paused,
                None => open_or_overdue(due, now),
            },
            why: format!(
                "{} from {}: {why}",
                holding.within,
                start_words(record, holding.from)
            ),
        });
    }
    if let (Some(every), None, None) = (
        stage.updates.as_ref().and_then(|u| u.every),
        responded,
        ended,
    ) && let Some(original) = original_response_due(calendar, record, stage, now)?
        && (now >= original.at || record.extended_at.is_some())
    {
        // Updates are owed once the original date has passed or been moved: the next one is due
        // `every` after the later of that date and the last update.
        let anchor = record
            .updates
            .iter()
            .copied()
            .filter(|at| *at >= original.at)
            .max();
        // Count from the original response date itself (day 0), not from `original.at`, the
        // first instant of the day after it, which would make every first update a day late.
        let anchor_at = anchor.unwrap_or_else(|| crate::calendar::start_of_day(original.date));
        let (due, why) = calendar.explain_due(anchor_at, every)?;
        list.push(Deadline {
            clock: Clock::Update,
            stage: stage_id.clone(),
            what: format!("Send a progress update ({})", stage.name),
            due,
            status: if record.paused() { ClockStatus::Paused } else { open_or_overdue(due, now) },
            why: format!(
                "at least every {every} while the response is later than first planned, counted from {}: {why}",
                if anchor.is_some() { "the last update" } else { "the original response date" }
            ),
        });
    }
    if let Some(escalation) = stage
        .escalation
        .as_ref()
        .filter(|e| e.by == Escalator::Complainant)
        && let (Some(within), Some(start)) = (escalation.within, start_of(record, escalation.from))
    {
        let (mut due, why) = calendar.explain_due(start, within)?;
        let mut why = format!(
            "{within} from {}: {why}",
            start_words(record, escalation.from)
        );
        // The window may run to the later of two spans (six months from the events, or two
        // months from the response): the second is explained when it is the later.
        if let Some(span) = &escalation.or_if_later
            && let Some(closes) =
                crate::case::clock::escalation_closes(calendar, case, record, escalation)?
            && closes.at > due.at
        {
            why = format!(
                "{} from {}, later than {within} from {} ({})",
                span.within,
                match span.from {
                    crate::procedure::WindowFrom::Event => "the events complained about",
                    crate::procedure::WindowFrom::Receipt => "the complaint's receipt",
                },
                start_words(record, escalation.from),
                format_date(due.date)
            );
            due = closes;
        }
        let next = case.stages.iter().skip_while(|r| r.id != record.id).nth(1);
        list.push(Deadline {
            clock: Clock::EscalationWindow,
            stage: stage_id.clone(),
            what: format!("The complainant may ask to escalate from {}", stage.name),
            due,
            status: match next {
                Some(next) => met(next.entered_at, due),
                None if now >= due.at => ClockStatus::Lapsed,
                None if closed_at.is_some() => ClockStatus::NotNeeded,
                None => ClockStatus::Open,
            },
            why,
        });
    }
    let _ = procedure;
    Ok(())
}

fn reply_clock(
    list: &mut Vec<Deadline>,
    case: &Case,
    procedure: &Procedure,
    calendar: &Calendar,
    received: Timestamp,
    now: Timestamp,
    closed_at: Option<Timestamp>,
) -> Result<(), CalendarError> {
    let within = match case.kind() {
        Some(FeedbackKind::Compliment) => procedure
            .compliments
            .as_ref()
            .and_then(|c| c.respond_within),
        Some(FeedbackKind::Comment | FeedbackKind::Suggestion) => {
            procedure.comments.as_ref().and_then(|c| c.respond_within)
        }
        _ => None,
    };
    let anonymous = case
        .submission
        .as_ref()
        .is_some_and(|s| s.complainant.is_none());
    let Some(within) = within.filter(|_| !anonymous) else {
        return Ok(());
    };
    let (due, why) = calendar.explain_due(received, within)?;
    list.push(Deadline {
        clock: Clock::Reply,
        stage: None,
        what: "Reply to the feedback".to_owned(),
        due,
        status: status(due, case.replied_at, closed_at, false, now),
        why: format!("{within} from receipt: {why}"),
    });
    Ok(())
}
