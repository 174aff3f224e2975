//! The rows the store keeps beside the events: read models, users, tokens, procedures, the
//! outbox. Plain data; the app layer fills them in from core.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_core::case::Event;
use redress_core::ids::{OrgId, RoleId};
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
    /// The audit log's entries for what made the case (built with its reference), appended
    /// in the same transaction.
    pub audit: Vec<crate::AuditEntry>,
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
    /// The audit log's entries for the change, appended in the same transaction.
    pub audit: Vec<crate::AuditEntry>,
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
    /// Who the case keeps out and lets in (core's `CaseAccess::rows`).
    pub access: Vec<redress_core::access::AccessRow>,
    /// Whose the case is: the e-mail addresses on it, as core's `conduct::Person` (table
    /// `case_people`).
    pub people: Vec<String>,
    /// What the case is about, for spotting repeats (table `case_matters`).
    pub matter: CaseMatter,
    /// Its learning actions, in order (migration 0015).
    pub learning: Vec<LearningRow>,
    /// What reports count of it (migration 0020); `None` before it is received.
    pub facts: Option<redress_core::report::CaseFacts>,
    /// What the public compliments page shows of it (migration 0022, core's `PublicItem`);
    /// `None` unless it is published now.
    pub published: Option<PublishedRow>,
    /// When a retention run must look at it (migration 0024, `cases.retention_on`).
    pub retention: redress_core::case::retention::RetentionCheck,
}

/// A compliment or suggestion as the public page shows it (`published_items`): no reference,
/// no name, the day only to be shown as its month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedRow {
    /// `compliment`, `comment` or `suggestion`.
    pub kind: String,
    /// The day it was published.
    pub published_on: Date,
    /// The wording an officer approved.
    pub wording: String,
}

/// One page of an organisation's published items, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishedPage {
    /// The items on the page.
    pub items: Vec<PublishedRow>,
    /// Whether there is a page after this one.
    pub more: bool,
}

/// A learning action of a case, as the `case_learning` read model keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningRow {
    /// The case (filled in when read back).
    #[serde(default)]
    pub reference: String,
    /// Its number on the case, from 1.
    pub number: u32,
    /// What will be done.
    pub what: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// When it is due.
    pub due_on: Option<Date>,
    /// When it was done.
    pub done_on: Option<Date>,
}

/// The learning actions not yet done on the cases a viewer may see, as the dashboard tracks them:
/// exact counts, and the first few soonest due.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenLearning {
    /// How many there are.
    pub open: u64,
    /// How many of them are past their due day.
    pub overdue: u64,
    /// The first of them with their organisation, soonest due first (those with no due day
    /// last), then by case and number.
    pub first: Vec<(OrgId, LearningRow)>,
}

/// What a case is about, as repeats are spotted by: core's `repeats::matter_words` of what
/// happened, and whether it was investigated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseMatter {
    /// The distinctive words.
    pub words: Vec<String>,
    /// Whether a response was sent at some stage.
    pub investigated: bool,
}

/// An earlier case of an organisation, as repeats are spotted by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterRow {
    /// The case.
    pub reference: String,
    /// When received.
    pub received_at: Timestamp,
    /// What it is about.
    pub matter: CaseMatter,
    /// Which of the people asked about are on it (by e-mail address).
    pub people: Vec<String>,
}

/// Conduct events appended to a person's record, with the letters they send.
#[derive(Clone, Debug, PartialEq)]
pub struct ConductCommit {
    /// The organisation.
    pub org: OrgId,
    /// The person (core's `conduct::Person`).
    pub person: String,
    /// The number of events the caller read; the append fails with `Conflict` if it moved on.
    pub expected_version: u64,
    /// The new events.
    pub events: Vec<redress_core::conduct::ConductEvent>,
    /// Messages they cause (the letters e-mailed).
    pub outbox: Vec<OutboxMessage>,
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
    /// Whose list it is: the organisations they belong to and, in each, what core's access
    /// rule needs to leave out the cases that keep them out or are not theirs.
    pub viewer: Viewer,
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
    /// Only cases awaiting acknowledgement: their acknowledgement clock has a deadline open
    /// (running or paused; `cases.acknowledging`, migration 0025).
    pub awaiting_acknowledgement: bool,
    /// Full-text search.
    pub text: Option<String>,
    /// The cursor from the previous page.
    pub after: Option<String>,
    /// Page size (at most 200).
    pub limit: u32,
    /// Only cases with something due, the soonest due first, rather than every case newest
    /// first: one bounded page, as the dashboard shows its due lists, with no cursor to a next
    /// page (and `after` is refused). Read from the open-case index in due order, so it stops
    /// at the page's end.
    pub soonest_due: bool,
}

/// Who asks for a list of cases, as the access rule (`redress_core::access`) sees them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Viewer {
    /// Their username (a system job's viewer has none and sees every case of its orgs).
    pub username: Option<String>,
    /// Each organisation they belong to.
    pub orgs: Vec<ViewerOrg>,
}

/// A viewer in one organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewerOrg {
    /// The organisation.
    pub org: OrgId,
    /// Which of its cases their staff role sees.
    pub sees: redress_core::access::Sees,
    /// The procedure roles they hold there.
    pub holds: Vec<RoleId>,
    /// Their ids on its member lists.
    pub member_ids: Vec<String>,
}

impl Viewer {
    /// A system job's view (the digest, a rebuild check): every case of `orgs`.
    pub fn system(orgs: impl IntoIterator<Item = OrgId>) -> Viewer {
        Viewer {
            username: None,
            orgs: orgs
                .into_iter()
                .map(|org| ViewerOrg {
                    org,
                    sees: redress_core::access::Sees::All,
                    holds: Vec::new(),
                    member_ids: Vec::new(),
                })
                .collect(),
        }
    }
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
    /// Their password was set for them (first start, `--temporary`) and must be changed at
    /// the next sign-in.
    pub must_change_password: bool,
    /// Their role in each organisation they belong to.
    pub roles: Vec<(OrgId, Role)>,
    /// The procedure roles they hold, per organisation (the Chair at pips-stockport).
    pub holds: Vec<(OrgId, RoleId)>,
    /// The members on organisations' lists they are.
    pub member_ids: Vec<(OrgId, String)>,
}

/// Someone on one of an organisation's member lists (King's Park's members, Leeds' Advisory
/// Board): who panels are drawn from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListMember {
    /// The organisation.
    pub org: OrgId,
    /// Their id, unique in the organisation (what events name).
    pub id: String,
    /// The list: `members`, or the role id whose title names the body (`advisory-board`).
    pub list: String,
    /// Their name.
    pub name: String,
    /// The user they are, if any.
    pub username: Option<String>,
}

/// A new API token: only its SHA-256 is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewToken {
    /// Whose.
    pub username: String,
    /// SHA-256 of the secret.
    pub token_hash: [u8; 32],
    /// What it is for.
    pub label: String,
    /// When it was made.
    pub created: jiff::Timestamp,
    /// When it stops working.
    pub expires: jiff::Timestamp,
}

/// An API token as listed: never the secret, nor its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    /// Its id: the first 6 bytes of its SHA-256 in hex, safe to show and to revoke by.
    pub id: String,
    /// Whose.
    pub username: String,
    /// What it is for.
    pub label: String,
    /// When it was made.
    pub created: jiff::Timestamp,
    /// When it stops working (`None`: never; only tokens made before expiry existed could).
    pub expires: Option<jiff::Timestamp>,
    /// When it was last used (to the minute).
    pub last_used: Option<jiff::Timestamp>,
    /// When it was revoked.
    pub revoked: Option<jiff::Timestamp>,
}

/// The id under which a token hash is listed and revoked.
pub fn token_id(token_hash: &[u8; 32]) -> String {
    token_hash[..6].iter().map(|b| format!("{b:02x}")).collect()
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

/// What a user may do in an organisation: core's staff roles, where what each sees is decided.
pub use redress_core::access::StaffRole as Role;

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

/// A case's personal data erased: its history rewritten into the redacted form core gave, the
/// event recording it appended, and everything derived from the old history replaced or removed.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseErasure {
    /// The case.
    pub reference: String,
    /// The version the caller read; `Conflict` if it moved on.
    pub expected_version: u64,
    /// Every event of the case in order, redacted: event `i` replaces the stored event `i + 1`.
    pub redacted: Vec<Event>,
    /// `PersonalDataErased`, appended after them.
    pub erased: Event,
    /// Who erased it (a username), or `None` for retention.
    pub actor: Option<String>,
    /// The read models of the redacted history.
    pub read_models: ReadModels,
    /// The rate-limit keys (by hash) lost-link requests about the case counted against.
    pub link_keys: Vec<[u8; 32]>,
    /// The audit log's entries for the erasure, appended in the same transaction.
    pub audit: Vec<crate::AuditEntry>,
}

/// One retention run or erasure carried out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRun {
    /// Unique per run.
    pub id: String,
    /// When it ran (the app's clock).
    pub at: Timestamp,
    /// `retention`, or `request by USERNAME`.
    pub cause: String,
    /// The cases erased.
    pub references: Vec<String>,
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

/// The name the deadlines read model gives the acknowledgement clock: an open case with a
/// deadline of this clock awaits acknowledgement (the dashboard's `with_clock`, its
/// `unacknowledged` list, and `cases.acknowledging`).
pub fn acknowledgement_clock() -> &'static str {
    static NAME: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        redress_core::names::serde_name(&redress_core::case::Clock::Acknowledgement)
    });
    &NAME
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

/// An `Idempotency-Key` to record with a new case ([`crate::Store::create_case_once`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIdempotencyKey {
    /// SHA-256 of the key and who sent it.
    pub key_hash: [u8; 32],
    /// SHA-256 of the request it came with.
    pub request_hash: [u8; 32],
    /// The tracking token, sealed with the key.
    pub sealed_token: Vec<u8>,
    /// When it was used.
    pub at: jiff::Timestamp,
    /// Keys recorded before this no longer count (and are deleted).
    pub expired_before: jiff::Timestamp,
}

/// What a key's first request created and was answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotentAnswer {
    /// SHA-256 of the request the key first came with.
    pub request_hash: [u8; 32],
    /// The case it created.
    pub reference: String,
    /// The answer given, as its caller wrote it (JSON).
    pub answer: String,
    /// The tracking token, sealed with the key.
    pub sealed_token: Vec<u8>,
}

/// What [`crate::Store::create_case_once`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Once {
    /// Made the case with this reference, and recorded the key with it.
    Created(String),
    /// The key was already recorded (and not expired): nothing was made.
    Replayed(IdempotentAnswer),
}
