//! The rows the store keeps beside the events: read models, users, tokens, procedures, the
//! outbox. Plain data; the app layer fills them in from core.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_core::case::Event;
use redress_core::ids::OrgId;
use serde::{Deserialize, Serialize};

/// Everything stored with a new case.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCase {
    /// Its first events.
    pub events: Vec<Event>,
    /// Who recorded them (a username), if not the public.
    pub actor: Option<String>,
    /// Its read models.
    pub read_models: ReadModels,
    /// Messages the events cause.
    pub outbox: Vec<OutboxMessage>,
    /// SHA-256 of the complainant's tracking token.
    pub tracking_hash: Option<[u8; 32]>,
}

/// Events appended to an existing case, with its new read models and messages.
#[derive(Clone, Debug, PartialEq)]
pub struct Commit {
    /// The case.
    pub reference: String,
    /// The version the caller read; the append fails with `Conflict` if it moved on.
    pub expected_version: u64,
    /// The new events.
    pub events: Vec<Event>,
    /// Who recorded them (a username), if not the public.
    pub actor: Option<String>,
    /// The case's read models after the events.
    pub read_models: ReadModels,
    /// Messages the events cause.
    pub outbox: Vec<OutboxMessage>,
}

/// A case's read models: its summary row, its open deadlines and its searchable text.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadModels {
    /// The summary row.
    pub summary: CaseSummary,
    /// Open deadlines.
    pub deadlines: Vec<DeadlineRow>,
    /// Text for full-text search (what happened, outcome wanted, people, findings).
    pub search_text: String,
}

/// One row of the case list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    /// The reference, e.g. `LPP-2026-0042`.
    pub reference: String,
    /// The organisation.
    pub org: OrgId,
    /// complaint, compliment, comment or suggestion.
    pub kind: String,
    /// open, closed (and how), withdrawn...
    pub status: String,
    /// The stage id, for complaints.
    pub stage: Option<String>,
    /// The handler's name or role.
    pub handler: Option<String>,
    /// When received.
    pub received_at: Timestamp,
    /// When closed.
    pub closed_at: Option<Timestamp>,
    /// The earliest open deadline.
    pub next_due_at: Option<Timestamp>,
    /// What it is.
    pub next_due_what: Option<String>,
    /// A short line saying what the case is about.
    pub title: String,
    /// The number of events.
    pub version: u64,
    /// The procedure version the case runs on.
    pub procedure_version: String,
}

/// An open deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRow {
    /// Which clock (`acknowledgement`, `response`, ...).
    pub clock: String,
    /// The stage, for stage clocks.
    pub stage: Option<String>,
    /// What is due.
    pub what: String,
    /// The instant it passes.
    pub due_at: Timestamp,
    /// The last civil day.
    pub due_date: Date,
    /// Whether the clock is stopped.
    pub paused: bool,
}

/// A message to send (a letter by e-mail, a reminder).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// Unique id.
    pub id: String,
    /// The case it belongs to.
    pub reference: String,
    /// What kind of message, e.g. `acknowledgement`.
    pub kind: String,
    /// Where it goes, if known.
    pub recipient: Option<String>,
    /// Its contents.
    pub payload: serde_json::Value,
    /// When it was queued.
    pub created_at: Timestamp,
    /// What the message needs at send time but must not keep afterwards (a tracking link,
    /// substituted for `{{tracking_link}}`): stored apart and erased when the message is sent.
    /// Read back only by [`Store::claim_outbox`](crate::Store::claim_outbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// An outbox message with where its delivery stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The message (its `secret` only when claimed for sending).
    pub message: OutboxMessage,
    /// The organisation of its case, when the case's summary is stored.
    pub org: Option<OrgId>,
    /// How many times sending it has been tried.
    pub attempts: u32,
    /// When it may next be tried; `None`: at once.
    pub next_attempt_at: Option<Timestamp>,
    /// What went wrong the last time it was tried.
    pub last_error: Option<String>,
    /// When it was set aside after failing too often; it is not tried again until retried.
    pub parked_at: Option<Timestamp>,
    /// When the mail server accepted it.
    pub sent_at: Option<Timestamp>,
}

/// Which cases to list. `orgs` limits the organisations the caller may see and must not be
/// empty; the other fields narrow the list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseFilter {
    /// Organisations the caller may see.
    pub orgs: Vec<OrgId>,
    /// One organisation.
    pub org: Option<OrgId>,
    /// Kind.
    pub kind: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Stage id.
    pub stage: Option<String>,
    /// Handler (exact).
    pub handler: Option<String>,
    /// Only cases with an open deadline passing before this instant.
    pub due_before: Option<Timestamp>,
    /// Only cases with an open deadline already passed at this instant.
    pub overdue_at: Option<Timestamp>,
    /// Only cases whose next running deadline (`CaseSummary::next_due_at`) passes after this
    /// instant. With `next_due_until`, the dashboard's due lists; the same bounds as
    /// [`DueBounds`] gives its counts.
    pub next_due_after: Option<Timestamp>,
    /// Only cases whose next running deadline passes at or before this instant.
    pub next_due_until: Option<Timestamp>,
    /// Only cases with an open clock of this kind (`acknowledgement`, `response`, ...).
    pub open_clock: Option<String>,
    /// Full-text search.
    pub text: Option<String>,
    /// The cursor from the previous page.
    pub after: Option<String>,
    /// Page size (at most 200).
    pub limit: u32,
}

/// A page of cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The cases, newest received first.
    pub cases: Vec<CaseSummary>,
    /// The cursor for the next page, if there is one.
    pub next: Option<String>,
}

/// One event as exported: a line of JSON Lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportedEvent {
    /// The case.
    pub reference: String,
    /// The organisation.
    pub org: OrgId,
    /// Position in the case's stream, from 1.
    pub seq: u64,
    /// When it was stored.
    pub recorded_at: Timestamp,
    /// Who recorded it.
    pub actor: Option<String>,
    /// Hex SHA-256 of the tracking token; on the first event of a case only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_hash: Option<String>,
    /// The event.
    pub event: Event,
}

/// A procedure version as loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcedureVersion {
    /// The organisation.
    pub org: OrgId,
    /// The version label.
    pub version: String,
    /// When it takes effect.
    pub effective_from: Date,
    /// The file's text.
    pub text: String,
}

/// A user to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    /// Unique login name.
    pub username: String,
    /// How they are shown.
    pub display_name: String,
    /// Argon2id hash of their password, if they log in with one.
    pub password_hash: Option<String>,
}

/// A stored user with their roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Unique login name.
    pub username: String,
    /// How they are shown.
    pub display_name: String,
    /// Argon2id hash of their password.
    pub password_hash: Option<String>,
    /// Their role in each organisation they belong to.
    pub roles: Vec<(OrgId, Role)>,
}

/// A member's confirmation that they have read and understood a procedure version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    /// Who confirmed.
    pub username: String,
    /// How they are shown.
    pub display_name: String,
    /// When they first confirmed.
    pub at: Timestamp,
}

/// What a user may do in an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Everything, including users and roles.
    Admin,
    /// Records and runs cases.
    FeedbackOfficer,
    /// Investigates and responds.
    Investigator,
    /// Reviews at later stages.
    Reviewer,
    /// Reads only.
    ReadOnly,
}

impl Role {
    /// The role's name as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::FeedbackOfficer => "feedback-officer",
            Role::Investigator => "investigator",
            Role::Reviewer => "reviewer",
            Role::ReadOnly => "read-only",
        }
    }

    /// Parses a role name.
    pub fn parse(text: &str) -> Option<Role> {
        [
            Role::Admin,
            Role::FeedbackOfficer,
            Role::Investigator,
            Role::Reviewer,
            Role::ReadOnly,
        ]
        .into_iter()
        .find(|role| role.as_str() == text)
    }
}

/// An e-mail redress read (from its mailbox or a mail server's pipe), stored once per
/// Message-ID. One whose `status` is `open` waits in the triage queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundMail {
    /// Its id in redress (for URLs): not the Message-ID, which the sender chose.
    pub id: String,
    /// The Message-ID (or, for a message without one, one made from its content).
    pub message_id: String,
    /// The organisation whose queue or case it belongs to.
    pub org: OrgId,
    /// When it arrived.
    pub received_at: Timestamp,
    /// The sender's address, if it had one.
    pub sender: Option<String>,
    /// The subject, as plain text.
    pub subject: String,
    /// The sanitised plain text, kept while it waits for an officer; empty once it is on a
    /// case (the case's event holds it).
    pub body: String,
    /// Where it went: `information`, `new-case` or `triage`.
    pub route: String,
    /// Why it waits for an officer, in words.
    pub reason: Option<String>,
    /// The case it went to, or seems to belong to.
    pub reference: Option<String>,
    /// `open` (waiting), `matched`, `rejected`, `accepted` or `done`.
    pub status: String,
    /// Who decided on it, for a triaged message.
    pub resolved_by: Option<String>,
    /// When.
    pub resolved_at: Option<Timestamp>,
    /// Its attachments: which were kept and which refused, and why (JSON list).
    pub attachments: serde_json::Value,
}

/// An officer's decision on a message in the triage queue.
#[derive(Clone, Debug, PartialEq)]
pub struct MailDecision {
    /// The message's id.
    pub id: String,
    /// `matched`, `rejected` or `accepted`.
    pub status: String,
    /// The case it was matched to (`matched`).
    pub reference: Option<String>,
    /// Who decided.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// The events matching it adds to the case, committed with the decision.
    pub commit: Option<Commit>,
}

/// The instants the dashboard counts open cases against: a case is overdue when its next
/// running deadline passes at or before `now`, due today when it passes after `now` and by
/// `today_ends`, due this week when after `today_ends` and by `week_ends`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueBounds {
    /// The present instant.
    pub now: Timestamp,
    /// The end of today.
    pub today_ends: Timestamp,
    /// The end of the last day of the week ahead.
    pub week_ends: Timestamp,
}

/// Exact counts of the open cases of the organisations asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenCounts {
    /// Per organisation, in organisation id order; an organisation with no open case is absent.
    pub orgs: Vec<OrgOpenCounts>,
    /// Open cases per organisation and stage, in that order; cases with no stage are left out.
    pub by_stage: Vec<(OrgId, String, u64)>,
    /// Open cases per handler (`None`: no handler yet), in handler order.
    pub by_handler: Vec<(Option<String>, u64)>,
}

/// One organisation's open cases, counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgOpenCounts {
    /// The organisation.
    pub org: OrgId,
    /// Every open case.
    pub open: u64,
    /// Open complaints (the rest are compliments, comments and suggestions).
    pub complaints: u64,
    /// Next running deadline passed (see [`DueBounds`]).
    pub overdue: u64,
    /// Next running deadline passes later today.
    pub due_today: u64,
    /// Next running deadline passes after today and within the week ahead.
    pub due_week: u64,
    /// With the clock named in the call running (awaiting acknowledgement).
    pub with_clock: u64,
}
