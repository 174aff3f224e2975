//! What a case looks like from outside core: the store's read-model rows, the staff view of a
//! case, and the complainant's tracking view. All derived from events and the procedure.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_core::calendar::london_date;
use redress_core::case::{
    Case, ClockStatus, Deadline, Ending, Event, Offer, Party, deadlines, offers,
};
use redress_core::ids::OrgId;
use redress_core::procedure::{FeedbackKind, Ground, Procedure};
use redress_store::{CaseSummary, DeadlineRow, ReadModels};
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::procedures::Loaded;

/// Words for a kind of feedback.
pub fn kind_name(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Complaint => "complaint",
        FeedbackKind::Compliment => "compliment",
        FeedbackKind::Comment => "comment",
        FeedbackKind::Suggestion => "suggestion",
    }
}

/// Every status `status_of` gives, in the order the case list offers them.
pub const STATUSES: &[&str] = &[
    "open",
    "closed-completed",
    "closed-resolved-informally",
    "closed-out-of-scope",
    "closed-withdrawn",
    "closed-acknowledged",
    "closed-merged",
];

/// Every kind `kind_name` gives.
pub const KINDS: &[&str] = &["complaint", "compliment", "comment", "suggestion"];

/// A case list's `status` filter, or what is wrong with it: a case's status can only be one of
/// [`STATUSES`], so any other value would match nothing and is refused instead.
pub fn parse_status(text: &str) -> Result<String, String> {
    known(text, STATUSES)
}

/// A case list's `kind` filter, or what is wrong with it (see [`parse_status`]).
pub fn parse_kind(text: &str) -> Result<String, String> {
    known(text, KINDS)
}

fn known(text: &str, values: &[&str]) -> Result<String, String> {
    let text = text.trim();
    if values.contains(&text) {
        Ok(text.to_owned())
    } else {
        Err(format!("use one of: {}", values.join(", ")))
    }
}

/// The case's status as stored and filtered on: `open`, or `closed-<how>` (one of
/// [`STATUSES`]).
pub fn status_of(case: &Case) -> String {
    match case.closed {
        None => "open".to_owned(),
        Some((_, how)) => format!(
            "closed-{}",
            match how {
                Ending::Completed => "completed",
                Ending::ResolvedInformally => "resolved-informally",
                Ending::OutOfScope => "out-of-scope",
                Ending::Withdrawn => "withdrawn",
                Ending::Acknowledged => "acknowledged",
                Ending::Merged => "merged",
            }
        ),
    }
}

fn internal(error: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Internal(Box::new(error))
}

/// The deadlines of a case at `now`.
pub fn case_deadlines(case: &Case, loaded: &Loaded, now: Timestamp) -> AppResult<Vec<Deadline>> {
    deadlines(case, &loaded.procedure, &loaded.calendar, now).map_err(internal)
}

/// The read-model rows for a case, worked out as of its latest event, so that rebuilding them
/// from the events later gives exactly the same rows.
pub fn read_models(
    reference: &str,
    org: &OrgId,
    case: &Case,
    loaded: &Loaded,
) -> AppResult<ReadModels> {
    let submission = case.submission.as_ref().ok_or(AppError::NotFound)?;
    let now = case.last_event_at.ok_or(AppError::NotFound)?;
    let open: Vec<Deadline> = case_deadlines(case, loaded, now)?
        .into_iter()
        .filter(|d| {
            matches!(
                d.status,
                ClockStatus::Open | ClockStatus::Overdue | ClockStatus::Paused
            )
        })
        .filter(|d| d.clock != redress_core::case::Clock::EscalationWindow)
        .collect();
    let rows: Vec<DeadlineRow> = open
        .iter()
        .map(|d| DeadlineRow {
            clock: word(&d.clock),
            stage: d.stage.as_ref().map(|s| s.to_string()),
            what: d.what.clone(),
            due_at: d.due.at,
            due_date: d.due.date,
            paused: d.status == ClockStatus::Paused,
        })
        .collect();
    let next = rows.iter().filter(|d| !d.paused).min_by_key(|d| d.due_at);
    let handler = case.current_stage().and_then(|stage| {
        stage
            .handler
            .as_ref()
            .map(|(name, _)| name.clone())
            .or_else(|| {
                (!stage.panel.is_empty()).then(|| {
                    stage
                        .panel
                        .iter()
                        .map(|m| m.name.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
            })
    });
    let summary = CaseSummary {
        reference: reference.to_owned(),
        org: org.clone(),
        kind: kind_name(submission.kind).to_owned(),
        status: status_of(case),
        stage: case.current_stage().map(|s| s.id.to_string()),
        handler,
        received_at: case.received_at.unwrap_or(now),
        closed_at: case.closed.map(|(at, _)| at),
        next_due_at: next.map(|d| d.due_at),
        next_due_what: next.map(|d| d.what.clone()),
        title: title(&submission.what_happened),
        version: case.version,
        procedure_version: case.procedure_version.clone().unwrap_or_default(),
    };
    Ok(ReadModels {
        summary,
        deadlines: rows,
        search_text: search_text(reference, case),
        access: redress_core::access::CaseAccess::of(case).rows(),
        people: case_people(case),
        matter: redress_store::CaseMatter {
            words: redress_core::repeats::matter_words(&submission.what_happened),
            investigated: redress_core::repeats::investigated(case),
        },
        learning: case
            .learning
            .iter()
            .enumerate()
            .map(|(index, l)| redress_store::LearningRow {
                reference: reference.to_owned(),
                number: index as u32 + 1,
                what: l.action.description.clone(),
                owner: l.action.owner.clone(),
                due_on: l.action.due,
                done_on: l.done_at.map(london_date),
            })
            .collect(),
        facts: redress_core::report::CaseFacts::of(case, &loaded.procedure, &loaded.calendar, now)
            .map_err(|error| AppError::Internal(format!("case {reference}: {error}").into()))?,
        published: redress_core::case::publication::PublicItem::of(case).map(|item| {
            redress_store::PublishedRow {
                kind: redress_core::names::serde_name(&item.kind),
                published_on: item.published_on,
                wording: item.wording,
            }
        }),
        retention: redress_core::case::retention::retention_check(case, &loaded.procedure)
            .map_err(|error| AppError::Internal(format!("case {reference}: {error}").into()))?,
    })
}

/// The people a case is of, for conduct and repeats: each e-mail address on it (the person's
/// and their representative's) as core's `conduct::Person`.
pub fn case_people(case: &Case) -> Vec<String> {
    let mut people: Vec<String> = case
        .email_addresses()
        .into_iter()
        .filter_map(|a| redress_core::conduct::Person::from_email(a).ok())
        .map(|p| p.as_str().to_owned())
        .collect();
    people.dedup();
    people
}

fn title(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

fn search_text(reference: &str, case: &Case) -> String {
    let mut parts = vec![reference.to_owned()];
    if let Some(s) = &case.submission {
        parts.push(s.what_happened.clone());
        parts.extend(s.outcome_wanted.clone());
        parts.extend(s.complainant.as_ref().map(|c| c.name.clone()));
        parts.extend(s.representative.as_ref().map(|r| r.contact.name.clone()));
    }
    parts.extend(case.people_named.iter().map(|p| p.name.clone()));
    parts.join("\n")
}

/// A serde enum value's name.
pub use redress_core::names::serde_name as word;

/// Everything staff see of a case.
#[derive(Clone, Debug, Serialize)]
pub struct CaseView {
    /// The reference.
    pub reference: String,
    /// The organisation's id.
    pub org: OrgId,
    /// The organisation's name.
    pub organisation: String,
    /// The version to send back as `expected_version` when acting.
    pub version: u64,
    /// `open` or `closed-<how>`.
    pub status: String,
    /// The stage the complaint is at: id and name.
    pub stage: Option<StageName>,
    /// The case as its events make it (submission, people, stages, ...).
    pub case: Case,
    /// Every event, oldest first.
    pub timeline: Vec<Event>,
    /// Every clock, with how its date was worked out.
    pub deadlines: Vec<Deadline>,
    /// What staff may do to the case now, with each command's choices and fields (core's
    /// `offers`: the decider checks every command against the same answer).
    pub offers: Vec<Offer>,
    /// The letters the case sent, as printed, with how each went out (the API lists them at
    /// `/cases/{reference}/letters`).
    #[serde(skip)]
    pub letters: Vec<crate::letters::LetterEntry>,
    /// The conduct record of the person the case is from, as it stands today: shown on every
    /// case of theirs. `None` when the case has no e-mail address or the person no record.
    pub conduct: Option<ConductSummary>,
    /// Earlier cases this one closely matches: from the same person or about the same matter.
    pub repeats: Vec<redress_core::repeats::Repeat>,
    /// The procedure's reason for refusing a complaint already investigated, when a repeat is
    /// of an investigated case (core's `repeats::refusal_reason`).
    pub repeat_refusal: Option<redress_core::procedure::Exclusion>,
}

/// A person's conduct record as each of their cases shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ConductSummary {
    /// Who.
    pub person: redress_core::conduct::Person,
    /// The restriction decided and not lifted or ended (it may start later).
    pub restriction: Option<redress_core::conduct::RestrictionState>,
    /// Whether it applies today.
    pub in_force: bool,
    /// What happens to their e-mail today.
    pub email_in: redress_core::conduct::EmailIn,
    /// Whether letters to them go by post today.
    pub letters_by_post: bool,
    /// The warnings given.
    pub warnings: Vec<Timestamp>,
    /// The adjustments in force.
    pub adjustments: Option<redress_core::conduct::AdjustmentState>,
    /// The reviews set, with where each stands today.
    pub reviews: Vec<redress_core::conduct::Review>,
}

/// A stage's id and name.
#[derive(Clone, Debug, Serialize)]
pub struct StageName {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// Builds the staff view.
pub fn case_view(
    reference: &str,
    org: &OrgId,
    events: Vec<Event>,
    loaded: &Loaded,
    now: Timestamp,
    party: Party,
) -> AppResult<CaseView> {
    let case = Case::from_events(&events);
    let deadlines = case_deadlines(&case, loaded, now)?;
    let offers = offers(&case, &loaded.procedure, &loaded.calendar, now, party);
    Ok(CaseView {
        reference: reference.to_owned(),
        org: org.clone(),
        organisation: loaded.procedure.organisation.name.clone(),
        version: case.version,
        status: status_of(&case),
        stage: stage_name(&case, &loaded.procedure),
        case,
        timeline: events,
        deadlines,
        offers,
        letters: Vec::new(),
        conduct: None,
        repeats: Vec::new(),
        repeat_refusal: None,
    })
}

fn stage_name(case: &Case, procedure: &Procedure) -> Option<StageName> {
    let record = case.current_stage()?;
    let stage = procedure.stages.iter().find(|s| s.id == record.id)?;
    Some(StageName {
        id: stage.id.to_string(),
        name: stage.name.clone(),
    })
}

/// What the complainant may see, through their tracking token.
#[derive(Clone, Debug, Serialize)]
pub struct TrackingView {
    /// The reference.
    pub reference: String,
    /// The organisation's name.
    pub organisation: String,
    /// complaint, compliment, comment or suggestion.
    pub kind: String,
    /// Where things stand.
    pub status: TrackingStatus,
    /// The stage's name, for complaints.
    pub stage: Option<String>,
    /// The day it was received.
    pub received_on: Date,
    /// What happens next and by when.
    pub next: Option<NextStep>,
    /// Whether the complainant may ask for the next stage now, and until when.
    pub escalation: Option<EscalationOffer>,
    /// When the window to ask for the next stage closed unused: the stage and the last day.
    /// A late request may still be made, with the reason it is late.
    pub escalation_closed: Option<(String, Date)>,
    /// Whether the complainant may withdraw.
    pub may_withdraw: bool,
    /// What the complainant may do now (core's offers for the complainant).
    pub offers: Vec<Offer>,
    /// The ombudsman, when the procedure names one.
    pub ombudsman: Option<String>,
    /// The organisation, and the procedure version the case runs on, so a page can word what
    /// the case's own procedure says.
    pub org: OrgId,
    /// The procedure version.
    pub procedure_version: String,
    /// Whether the complainant (or their representative) gave a way to write to them: nothing
    /// is sent to someone who gave none.
    pub contactable: bool,
    /// Whether the case is at its procedure's last stage.
    pub final_stage: bool,
    /// The letters sent so far, oldest first.
    pub letters: Vec<SentLetter>,
    /// What the organisation changed because of the complaint: each learning action done
    /// whose officer wrote what changed for the complainant, with the day it was done.
    pub changes: Vec<(Date, String)>,
}

/// A letter the case sent: the day, and what it stated.
#[derive(Clone, Debug, Serialize)]
pub struct SentLetter {
    /// The day it was sent.
    pub on: Date,
    /// What it stated.
    pub letter: redress_core::letters::Letter,
    /// Its body as sent (the officer's text, or the template's).
    pub body: String,
}

impl TrackingView {
    /// How the case ended, once closed.
    pub fn ending(&self) -> Option<Ending> {
        match self.status {
            TrackingStatus::Closed { how, .. } => Some(how),
            _ => None,
        }
    }
}

/// Where a case stands, as the complainant is told it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum TrackingStatus {
    /// Received, not yet acknowledged.
    Received,
    /// Acknowledged and being looked into.
    Acknowledged,
    /// The current stage has been answered.
    Answered,
    /// Closed, on a day and in a way.
    Closed {
        /// The day it closed.
        on: Date,
        /// How.
        how: Ending,
    },
}

/// The next thing the organisation owes.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct NextStep {
    /// Which clock: `acknowledgement`, `response` or `reply`.
    pub clock: redress_core::case::Clock,
    /// By the end of which day.
    pub by: Date,
}

/// The complainant's right to escalate, when it is open.
#[derive(Clone, Debug, Serialize)]
pub struct EscalationOffer {
    /// The stage they may ask for.
    pub to_stage: String,
    /// The last day they may ask, where there is a window.
    pub until: Option<Date>,
    /// The grounds they may give, if the procedure lists them.
    pub grounds: Vec<Ground>,
}

/// Builds the tracking view.
pub fn tracking_view(
    reference: &str,
    events: &[Event],
    loaded: &Loaded,
    templates: &redress_letters::Templates,
    now: Timestamp,
) -> AppResult<TrackingView> {
    use redress_core::case::{Clock, CommandKind};
    let case = &Case::from_events(events);
    let procedure = &loaded.procedure;
    let submission = case.submission.as_ref().ok_or(AppError::NotFound)?;
    let deadlines = case_deadlines(case, loaded, now)?;
    let next = deadlines
        .iter()
        .filter(|d| {
            matches!(
                d.status,
                ClockStatus::Open | ClockStatus::Overdue | ClockStatus::Paused
            ) && matches!(
                d.clock,
                Clock::Acknowledgement | Clock::Response | Clock::Reply
            )
        })
        .min_by_key(|d| d.due.at)
        .map(|d| NextStep {
            clock: d.clock,
            by: d.due.date,
        });
    let offers = offers(case, procedure, &loaded.calendar, now, Party::Complainant);
    let escalation = offers
        .iter()
        .find(|o| o.command == CommandKind::RequestEscalation)
        .and_then(|offer| {
            let window = offer.choices.window.as_ref()?;
            let to = procedure
                .stages
                .iter()
                .find(|s| Some(&s.id) == window.to.as_ref())?;
            Some((window, to.name.clone(), offer.choices.grounds.clone()))
        });
    let status = match (&case.closed, case.current_stage()) {
        (Some((at, how)), _) => TrackingStatus::Closed {
            on: london_date(*at),
            how: *how,
        },
        (None, Some(record)) if record.response.is_some() => TrackingStatus::Answered,
        (None, Some(record)) if record.acknowledged_at.is_some() => TrackingStatus::Acknowledged,
        (None, _) => TrackingStatus::Received,
    };
    Ok(TrackingView {
        reference: reference.to_owned(),
        organisation: procedure.organisation.name.clone(),
        kind: kind_name(submission.kind).to_owned(),
        status,
        stage: stage_name(case, procedure).map(|s| s.name),
        received_on: london_date(case.received_at.unwrap_or(now)),
        next,
        escalation: escalation
            .as_ref()
            .filter(|(window, ..)| !window.closed)
            .map(|(window, to_stage, grounds)| EscalationOffer {
                to_stage: to_stage.clone(),
                until: window.closes.map(|due| due.date),
                grounds: grounds.clone(),
            }),
        escalation_closed: escalation
            .as_ref()
            .filter(|(window, ..)| window.closed)
            .and_then(|(window, to_stage, _)| Some((to_stage.clone(), window.closes?.date))),
        may_withdraw: offers.iter().any(|o| o.command == CommandKind::Withdraw),
        offers,
        ombudsman: procedure.ombudsman.as_ref().map(|o| o.name.clone()),
        org: procedure.organisation.id.clone(),
        procedure_version: procedure.procedure.version.clone(),
        contactable: [
            submission.complainant.as_ref(),
            submission.representative.as_ref().map(|r| &r.contact),
        ]
        .into_iter()
        .flatten()
        .any(|c| c.email.is_some() || c.phone.is_some() || c.address.is_some()),
        final_stage: case
            .current_stage()
            .and_then(|record| procedure.stage(&record.id))
            .is_some_and(|stage| procedure.next_stage(stage).is_none()),
        letters: sent_letters(reference, events, loaded, templates)?,
        changes: case
            .learning
            .iter()
            .filter_map(|l| Some((london_date(l.done_at?), l.what_changed.clone()?)))
            .collect(),
    })
}

/// The letters among events, with the day each was sent and its text as printed, for the
/// tracking page.
pub fn sent_letters(
    reference: &str,
    events: &[Event],
    loaded: &Loaded,
    templates: &redress_letters::Templates,
) -> AppResult<Vec<SentLetter>> {
    let case = Case::from_events(events);
    events
        .iter()
        .filter_map(|event| event.fact.letter().map(|letter| (event, letter)))
        .map(|(event, letter)| {
            let rendered = crate::letters::render(
                templates, loaded, reference, &case, letter, event.at, None,
            )?;
            Ok(SentLetter {
                on: london_date(event.at),
                letter: letter.clone(),
                body: rendered.body,
            })
        })
        .collect()
}
