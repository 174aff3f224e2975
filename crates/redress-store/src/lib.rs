//! redress-store: the only SQL in redress. Cases are append-only event streams; beside them, in
//! the same transaction, the read models the events change and an outbox row for every message
//! they cause.
//!
//! One trait, [`Store`], with two implementations chosen by the database URL's scheme:
//! [`SqliteStore`] (`sqlite:`; the embedded default) and [`PgStore`] (`postgres:`). [`AnyStore`]
//! is whichever the URL named. The store knows no rules: the app layer works out every read-model
//! row from core and hands them over; the store keeps them consistent with the events.

#![forbid(unsafe_code)]

mod any;
pub mod audit;
mod facts_text;
mod model;
mod postgres;
mod replica;
mod sql_common;
mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;

pub use any::AnyStore;
pub use audit::{AuditEntry, AuditHead, AuditRecord};
pub use model::*;
pub use postgres::PgStore;
pub use replica::Replicated;
pub use sqlite::SqliteStore;

use std::future::Future;

use redress_core::case::Event;
use redress_core::ids::{OrgId, RoleId};

/// What can go wrong in the store. Driver errors are mapped here, once.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such case, user, token or procedure.
    #[error("not found")]
    NotFound,
    /// Someone else changed the case first: its version is no longer the one expected.
    #[error(
        "case {reference} changed since it was read (expected version {expected}, now {actual})"
    )]
    Conflict {
        /// The case.
        reference: String,
        /// The version the caller read.
        expected: u64,
        /// The version now stored.
        actual: u64,
    },
    /// A unique value is taken (a username, say).
    #[error("{0} already exists")]
    Duplicate(String),
    /// A value the store cannot keep alike on every database (a NUL character).
    #[error("{0}")]
    Unstorable(String),
    /// The database URL is not one the store understands.
    #[error("unsupported database url `{0}`: use sqlite:PATH or postgres://...")]
    UnsupportedUrl(String),
    /// Anything else from the database or the file system.
    #[error(transparent)]
    Other(#[from] Box<dyn std::error::Error + Send + Sync>),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> StoreError {
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            _ => StoreError::Other(Box::new(error)),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> StoreError {
        StoreError::Other(Box::new(error))
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> StoreError {
        StoreError::Other(Box::new(error))
    }
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Persistence for cases, their read models, users, tokens, procedures and the outbox.
///
/// Every method is one transaction. Implementations must pass the contract suite in
/// `tests/contract.rs` unchanged.
pub trait Store: Clone + Send + Sync + 'static {
    /// Starts a case: allocates the organisation's next reference for `year`
    /// (`PREFIX-YEAR-NNNN`), calls `build` with it, and stores what `build` returns, all in one
    /// transaction. If `build` fails nothing is stored and the reference is not used.
    fn create_case<E: Send + 'static>(
        &self,
        org: &OrgId,
        prefix: &str,
        year: i16,
        build: impl FnOnce(&str) -> Result<NewCase, E> + Send,
    ) -> impl Future<Output = StoreResult<Result<String, E>>> + Send;

    /// `create_case` with an `Idempotency-Key`: when `key` is recorded for `org` (and not
    /// expired), nothing is made and the answer recorded with it is returned; otherwise the
    /// case is made and the key, with the answer `build` returns beside the case, is recorded
    /// in the same transaction, so a case never lacks its key. Keys recorded before
    /// `key.expired_before` are deleted in it. Two requests racing with one key make one case.
    fn create_case_once<E: Send + 'static>(
        &self,
        org: &OrgId,
        prefix: &str,
        year: i16,
        key: NewIdempotencyKey,
        build: impl FnOnce(&str) -> Result<(NewCase, String), E> + Send,
    ) -> impl Future<Output = StoreResult<Result<Once, E>>> + Send;

    /// Appends events to a case whose stored version is `commit.expected_version`, replacing
    /// its read models and adding its outbox messages. `Conflict` if the version moved on.
    fn append(&self, commit: Commit) -> impl Future<Output = StoreResult<()>> + Send;

    /// A case's events, in order, and the organisation it belongs to.
    fn load(&self, reference: &str) -> impl Future<Output = StoreResult<Option<Stream>>> + Send;

    /// The case a tracking token (by its SHA-256 hash) belongs to.
    fn case_for_tracking(
        &self,
        token_hash: &[u8; 32],
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;

    /// Case summaries matching `filter`, newest first, one page at a time.
    fn list_cases(&self, filter: &CaseFilter) -> impl Future<Output = StoreResult<Page>> + Send;

    /// Which of `references` `viewer` may see, by the case list's access rule, in one read
    /// (a page naming other cases, such as a case's likely repeats, shows only those).
    fn visible_cases(
        &self,
        viewer: &Viewer,
        references: &[String],
    ) -> impl Future<Output = StoreResult<std::collections::BTreeSet<String>>> + Send;

    /// Exact counts of the open cases `viewer` may see (the same cases `list_cases` gives
    /// them): per organisation against `bounds` and awaiting acknowledgement
    /// ([`acknowledgement_clock`]), per stage and per handler. Summed in SQL from tallies kept
    /// on every write, in one read, so exact however many cases there are and as quick at a
    /// million as at a hundred; the lists behind each count are `list_cases` with the same
    /// bounds (`next_due_after`, `next_due_until`, `awaiting_acknowledgement`).
    fn open_counts(
        &self,
        viewer: &Viewer,
        bounds: &DueBounds,
    ) -> impl Future<Output = StoreResult<OpenCounts>> + Send;

    /// The open deadlines of a case, earliest first.
    fn case_deadlines(
        &self,
        reference: &str,
    ) -> impl Future<Output = StoreResult<Vec<DeadlineRow>>> + Send;

    /// Every case reference, for rebuilding read models.
    fn all_references(&self) -> impl Future<Output = StoreResult<Vec<String>>> + Send;

    /// Replaces a case's read models (after a rebuild from its events).
    fn replace_read_models(
        &self,
        models: ReadModels,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Counts the dashboard's tallies of open cases again from the case summaries, after a
    /// rebuild (every write keeps them exact; this mends them if a bug ever did not).
    fn recount_tallies(&self) -> impl Future<Output = StoreResult<()>> + Send;

    /// Every event of an organisation, case by case in reference order, for export.
    fn export(&self, org: &OrgId) -> impl Future<Output = StoreResult<Vec<ExportedEvent>>> + Send;

    /// Stores exported events, each case's together and in order, with each case's read models
    /// (`models`, one per case in the same order), in one transaction, into a database that
    /// lacks those cases. `Duplicate` if a case already exists; then nothing is written.
    fn import(
        &self,
        events: Vec<ExportedEvent>,
        models: Vec<ReadModels>,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Records a procedure version as loaded (idempotent for the same text; `Duplicate` when the
    /// same organisation and version arrive with different text).
    fn save_procedure(
        &self,
        version: ProcedureVersion,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Every stored version of an organisation's procedure, oldest first.
    fn procedures(
        &self,
        org: &OrgId,
    ) -> impl Future<Output = StoreResult<Vec<ProcedureVersion>>> + Send;

    /// Adds a user. `Duplicate` if the username is taken.
    fn add_user(&self, user: NewUser) -> impl Future<Output = StoreResult<()>> + Send;

    /// A user by username.
    fn user(&self, username: &str) -> impl Future<Output = StoreResult<Option<User>>> + Send;

    /// Whether any user exists (the first start creates an admin).
    fn has_users(&self) -> impl Future<Output = StoreResult<bool>> + Send;

    /// Gives a user a role in an organisation (replacing any role they had there).
    fn grant(
        &self,
        username: &str,
        org: &OrgId,
        role: Role,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Every user with their roles, by username. Password hashes are included, as in
    /// [`Store::user`]; callers showing users to people must leave them out.
    fn users(&self) -> impl Future<Output = StoreResult<Vec<User>>> + Send;

    /// Gives a user a procedure role in an organisation (the Chair at pips-stockport).
    fn hold(
        &self,
        username: &str,
        org: &OrgId,
        role: &RoleId,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Takes a procedure role from a user.
    fn unhold(
        &self,
        username: &str,
        org: &OrgId,
        role: &RoleId,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Appends to two cases in one transaction (a duplicate merged into its survivor): both
    /// or neither; `Conflict` when either moved on.
    fn append_both(
        &self,
        first: Commit,
        second: Commit,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// A person's conduct events (core's `conduct::ConductEvent`), oldest first; none when
    /// they have no record.
    fn conduct(
        &self,
        org: &OrgId,
        person: &str,
    ) -> impl Future<Output = StoreResult<Vec<redress_core::conduct::ConductEvent>>> + Send;

    /// Every person of an organisation with a conduct record, with their events.
    fn conduct_people(
        &self,
        org: &OrgId,
    ) -> impl Future<Output = StoreResult<Vec<(String, Vec<redress_core::conduct::ConductEvent>)>>> + Send;

    /// Appends to a person's conduct record with the letters' outbox rows, in one
    /// transaction; `Conflict` when the record moved on since `expected_version`.
    fn append_conduct(&self, commit: ConductCommit)
    -> impl Future<Output = StoreResult<()>> + Send;

    /// Deletes a person's conduct record with `audit`'s entries, in one transaction; the
    /// number of events deleted.
    fn delete_conduct(
        &self,
        org: &OrgId,
        person: &str,
        audit: Vec<AuditEntry>,
    ) -> impl Future<Output = StoreResult<usize>> + Send;

    /// The references of an organisation's cases with the person's address on them, newest
    /// first.
    fn cases_of_person(
        &self,
        org: &OrgId,
        person: &str,
    ) -> impl Future<Output = StoreResult<Vec<String>>> + Send;

    /// An organisation's cases to compare a new one with for repeats: every case of `people`
    /// and the `limit` most recently received.
    fn matters(
        &self,
        org: &OrgId,
        people: &[String],
        limit: u32,
    ) -> impl Future<Output = StoreResult<Vec<MatterRow>>> + Send;

    /// Everyone on an organisation's member lists.
    fn members(&self, org: &OrgId) -> impl Future<Output = StoreResult<Vec<ListMember>>> + Send;

    /// Adds a member to a list, or changes the member with the same id.
    fn put_member(&self, member: ListMember) -> impl Future<Output = StoreResult<()>> + Send;

    /// Removes a member; `NotFound` when there is none with that id.
    fn remove_member(&self, org: &OrgId, id: &str) -> impl Future<Output = StoreResult<()>> + Send;

    /// Takes away a user's role in an organisation. `NotFound` if there is no such user; a user
    /// without a role there is left as they are.
    fn revoke(&self, username: &str, org: &OrgId) -> impl Future<Output = StoreResult<()>> + Send;

    /// Records that a user has read and understood an organisation's procedure at `version`.
    /// Confirming the same version again keeps the first instant. `NotFound` if the user or the
    /// procedure version is not stored.
    fn confirm_read(
        &self,
        org: &OrgId,
        version: &str,
        username: &str,
        at: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Who has confirmed reading a procedure version, and when, earliest first.
    fn confirmations(
        &self,
        org: &OrgId,
        version: &str,
    ) -> impl Future<Output = StoreResult<Vec<Confirmation>>> + Send;

    /// An organisation's case summaries received at or after `from` and before `until`, oldest
    /// first (then by reference): the rows of a log for a period.
    fn cases_received(
        &self,
        org: &OrgId,
        from: jiff::Timestamp,
        until: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<Vec<CaseSummary>>> + Send;

    /// What a report on `org` over the days `first..=last` needs, read as of one moment: `each`
    /// is called with the report facts of every case whose days (`CaseFacts::days`) reach into
    /// the span, in no particular order, as they are read (none are kept); returned are the
    /// event streams of the cases stored before the `case_facts` read model that have no facts
    /// yet (received before `last` ends, with an event since `first` began), by reference. With
    /// `procedure`, only the facts of that procedure's cases (the streams are of every
    /// procedure: their procedure is known once they are folded). Kept-out cases are included:
    /// reports are aggregate and list no case.
    fn report_facts(
        &self,
        org: &OrgId,
        first: jiff::civil::Date,
        last: jiff::civil::Date,
        procedure: Option<&redress_core::ids::ProcedureId>,
        each: &mut (dyn FnMut(&redress_core::report::CaseFacts) + Send),
    ) -> impl Future<Output = StoreResult<Vec<(String, Vec<Event>)>>> + Send;

    /// The learning actions not yet done on the cases `viewer` may see (the case list's access
    /// rule), from the `case_learning` read model: how many, how many are due before `today`,
    /// and the first `limit` of them.
    fn open_learning(
        &self,
        viewer: &Viewer,
        today: jiff::civil::Date,
        limit: u32,
    ) -> impl Future<Output = StoreResult<OpenLearning>> + Send;

    /// Page `page` (from 0) of `org`'s published compliments and suggestions, `per_page` to a
    /// page, newest first (by the day published, then the later case), from the
    /// `published_items` read model.
    fn published_items(
        &self,
        org: &OrgId,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = StoreResult<PublishedPage>> + Send;

    /// Stores an API token's SHA-256 hash for a user; returns its id ([`token_id`]).
    /// `NotFound` if there is no such user, `Duplicate` if the hash (or its id) is taken.
    fn add_token(&self, token: NewToken) -> impl Future<Output = StoreResult<String>> + Send;

    /// The user a live API token (by hash) belongs to at `now`: not revoked, not expired.
    /// Records the use (at most once a minute per token, so reads stay reads).
    fn user_for_token(
        &self,
        token_hash: &[u8; 32],
        now: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;

    /// Every API token, or one user's, oldest first; never the secret or its hash.
    fn tokens(
        &self,
        username: Option<&str>,
    ) -> impl Future<Output = StoreResult<Vec<TokenInfo>>> + Send;

    /// Revokes the API token with this id at `at` (revoking again keeps the first instant).
    /// `NotFound` if there is no such token.
    fn revoke_token(
        &self,
        id: &str,
        at: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Replaces a user's password hash; `must_change` makes them change it at the next
    /// sign-in. `NotFound` if there is no such user.
    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        must_change: bool,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Outbox messages not yet sent, oldest first.
    fn pending_outbox(
        &self,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Vec<OutboxMessage>>> + Send;

    /// Marks an outbox message sent, erasing its secret, in one statement.
    fn mark_sent(
        &self,
        id: &str,
        at: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Writes a consistent copy of the database to `path` while it stays online (SQLite); for
    /// PostgreSQL, refuses and points at `pg_dump`.
    fn backup(&self, path: &std::path::Path) -> impl Future<Output = StoreResult<()>> + Send;

    /// Claims the oldest outbox message due at `now` (not sent, not parked, next attempt not
    /// after `now`) for `claimant`, in one transaction: counts the attempt and moves its next
    /// attempt to `lease_until`, so if the claimant dies before marking it sent or failed it
    /// becomes due again then. Returns it with its secret; `None` when nothing is due.
    fn claim_outbox(
        &self,
        now: jiff::Timestamp,
        lease_until: jiff::Timestamp,
        claimant: &str,
    ) -> impl Future<Output = StoreResult<Option<OutboxEntry>>> + Send;

    /// Records a failed attempt at an unsent message: the error, and either when to try again
    /// (`retry_at`) or, when `None`, parks it as of `at`. `NotFound` if there is no such
    /// message; a message already sent is left as it is.
    fn outbox_failed(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<jiff::Timestamp>,
        at: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Makes every unsent message claimed by `claimant` due at `now`: the claimant has started
    /// again, so whatever it was sending when it stopped did not finish.
    fn release_claims(
        &self,
        claimant: &str,
        now: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<u64>> + Send;

    /// A case's outbox messages with their delivery state, oldest first (no secrets).
    fn case_outbox(
        &self,
        reference: &str,
    ) -> impl Future<Output = StoreResult<Vec<OutboxEntry>>> + Send;

    /// Every parked message, oldest first (no secrets).
    fn parked_outbox(&self) -> impl Future<Output = StoreResult<Vec<OutboxEntry>>> + Send;

    /// One outbox message with its delivery state (no secret).
    fn outbox_entry(
        &self,
        id: &str,
    ) -> impl Future<Output = StoreResult<Option<OutboxEntry>>> + Send;

    /// Puts a parked message back in the queue, due at `now`, with its attempts counted from
    /// zero again. `NotFound` unless the message exists, is parked and is not sent.
    fn retry_outbox(
        &self,
        id: &str,
        now: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// [`Store::append`], and in the same transaction the case's tracking token replaced by
    /// `token_hash` (the old token stops working). The events say a link was issued; the token
    /// itself is never stored.
    fn append_reissuing_tracking(
        &self,
        commit: Commit,
        token_hash: &[u8; 32],
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Counts a request for a lost tracking link against each of `keys` (SHA-256 hashes of an
    /// e-mail address, a case reference) at `at`, and returns per key how many requests were
    /// made since `since`, this one included. Older requests are forgotten.
    fn note_link_request(
        &self,
        keys: &[[u8; 32]],
        at: jiff::Timestamp,
        since: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<Vec<u64>>> + Send;

    /// Gives a user a new calendar feed token (its SHA-256 hash), replacing any other, or with
    /// `None` revokes it. `NotFound` if there is no such user.
    fn set_feed(
        &self,
        username: &str,
        token_hash: Option<&[u8; 32]>,
        at: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// The username a calendar feed token (by hash) belongs to.
    fn feed_user(
        &self,
        token_hash: &[u8; 32],
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;

    /// Whether a user has a calendar feed.
    fn has_feed(&self, username: &str) -> impl Future<Output = StoreResult<bool>> + Send;

    /// Queues a message unless one with its id was ever queued, sent or not; true when it was
    /// queued now. A message whose id names its day (the daily digest) goes at most once.
    fn queue_once(&self, message: OutboxMessage) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The e-mail stored under a Message-ID, if it was ingested before.
    fn mail_by_message_id(
        &self,
        message_id: &str,
    ) -> impl Future<Output = StoreResult<Option<InboundMail>>> + Send;

    /// An ingested e-mail by its id in redress.
    fn mail(&self, id: &str) -> impl Future<Output = StoreResult<Option<InboundMail>>> + Send;

    /// The triage queue: messages of `orgs` waiting for an officer, oldest first (at most 500).
    fn open_mail(
        &self,
        orgs: &[OrgId],
    ) -> impl Future<Output = StoreResult<Vec<InboundMail>>> + Send;

    /// Stores an e-mail that goes to the triage queue (or only needs recording).
    /// `Duplicate` if its Message-ID is stored already.
    fn add_mail(&self, mail: InboundMail) -> impl Future<Output = StoreResult<()>> + Send;

    /// Appends `commit` to its case and stores `mail` with it, in one transaction.
    /// `Duplicate` if the Message-ID is stored already (and nothing is appended); `Conflict` as
    /// for [`Store::append`].
    fn append_with_mail(
        &self,
        commit: Commit,
        mail: InboundMail,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Starts a case as [`Store::create_case`] does and stores `mail` with it, its `reference`
    /// set to the new case's, in one transaction. `Duplicate` if the Message-ID is stored.
    fn create_case_with_mail<E: Send + 'static>(
        &self,
        org: &OrgId,
        prefix: &str,
        year: i16,
        build: impl FnOnce(&str) -> Result<NewCase, E> + Send,
        mail: InboundMail,
    ) -> impl Future<Output = StoreResult<Result<String, E>>> + Send;

    /// Records an officer's decision on an open message, with the events it adds to a case,
    /// in one transaction. `NotFound` if there is no such message; `Duplicate` if it is no
    /// longer open (someone decided first); `Conflict` as for [`Store::append`].
    fn decide_mail(&self, decision: MailDecision) -> impl Future<Output = StoreResult<()>> + Send;

    /// The references of `org`'s closed cases a retention run on `today` must look at: those
    /// whose [`ReadModels::retention`] is a day up to `today`, and those of a procedure silent
    /// on retention that closed before `silent_closed_before` (core's
    /// `silent_due_closed_before` under the operator's default); oldest closure first. Not the
    /// ones whose day is still to come, nor the erased.
    fn retention_candidates(
        &self,
        org: &OrgId,
        today: jiff::civil::Date,
        silent_closed_before: jiff::Timestamp,
    ) -> impl Future<Output = StoreResult<Vec<String>>> + Send;

    /// Erases a case's personal data (see [`CaseErasure`]), in one transaction. `Conflict` if
    /// the case moved on since it was read.
    fn erase_case(&self, erasure: CaseErasure) -> impl Future<Output = StoreResult<()>> + Send;

    /// Whether any case's events still name this content (SHA-256, hex), so its file stays.
    fn content_in_use(&self, sha256: &str) -> impl Future<Output = StoreResult<bool>> + Send;

    /// Logs a retention run or an erasure carried out.
    fn record_retention_run(
        &self,
        run: RetentionRun,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// The latest `limit` runs, newest first.
    fn retention_runs(
        &self,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Vec<RetentionRun>>> + Send;

    /// After erasures: leaves no copy of erased data in the database's free space or log that
    /// the database lets us reach (SQLite: the search index merged, freed pages zeroed by
    /// `secure_delete`, the write-ahead log checkpointed and truncated; PostgreSQL: `VACUUM` of
    /// the tables erasure touches — see postgres.rs for what that does not reach).
    fn compact(&self) -> impl Future<Output = StoreResult<()>> + Send;

    /// Appends entries to the audit log in a transaction of their own (reads; a change's
    /// entries go in its own transaction, with [`Commit::audit`] and the like).
    fn record_audit(
        &self,
        entries: Vec<AuditEntry>,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Up to `limit` audit entries with `after < seq <= up_to`, in seq order.
    fn audit_page(
        &self,
        after: u64,
        up_to: u64,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Vec<AuditRecord>>> + Send;

    /// The audit log's head: its last seq and hash.
    fn audit_head(&self) -> impl Future<Output = StoreResult<AuditHead>> + Send;

    /// A case's latest `limit` audit entries, newest first.
    fn case_audit(
        &self,
        reference: &str,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Vec<AuditRecord>>> + Send;

    /// The case an outbox message (by id) belongs to: how a reply's In-Reply-To finds its case.
    fn outbox_reference(
        &self,
        id: &str,
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;
}

/// The events of one case, as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    /// The organisation.
    pub org: OrgId,
    /// The events, in order; the version is their count.
    pub events: Vec<Event>,
}

impl Stream {
    /// The version optimistic concurrency checks against.
    pub fn version(&self) -> u64 {
        self.events.len() as u64
    }
}
