//! [`AnyStore`]: whichever store the database URL names, so the program is written once.

use std::path::Path;

use jiff::Timestamp;
use redress_core::ids::{OrgId, RoleId};

use crate::replica::{Replicated, on_reader};
use crate::{
    CaseErasure, CaseFilter, CaseSummary, Commit, Confirmation, DeadlineRow, DueBounds,
    ExportedEvent, InboundMail, ListMember, MailDecision, NewCase, NewIdempotencyKey, NewToken,
    NewUser, Once, OpenCounts, OutboxEntry, OutboxMessage, Page, PgStore, ProcedureVersion,
    ReadModels, RetentionRun, Role, SqliteStore, Store, StoreError, StoreResult, Stream, TokenInfo,
    User, Viewer,
};

/// A store on SQLite or on PostgreSQL, chosen at run time by [`AnyStore::open`].
#[derive(Clone, Debug)]
pub enum AnyStore {
    /// The embedded database.
    Sqlite(SqliteStore),
    /// A PostgreSQL server.
    Postgres(PgStore),
    /// A PostgreSQL primary with a streaming replica for the reads that may be stale.
    Replicated(Replicated),
}

impl AnyStore {
    /// Opens the store a URL names: `postgres://` or `postgresql://` is PostgreSQL; `sqlite:` or
    /// a bare file path (no scheme) is SQLite. Any other scheme is `UnsupportedUrl`.
    pub async fn open(url: &str) -> StoreResult<AnyStore> {
        match scheme(url) {
            Some("postgres" | "postgresql") => Ok(AnyStore::Postgres(PgStore::connect(url).await?)),
            Some("sqlite") | None => Ok(AnyStore::Sqlite(SqliteStore::open(url).await?)),
            Some(_) => Err(StoreError::UnsupportedUrl(url.to_owned())),
        }
    }

    /// Opens the store `url` names, with the PostgreSQL replica `read_url` (when given) serving
    /// the case lists, search, the dashboard's counts and reports. A replica needs a
    /// PostgreSQL primary: SQLite has none, and a replica URL beside it is refused.
    pub async fn open_with_replica(url: &str, read_url: Option<&str>) -> StoreResult<AnyStore> {
        let Some(read_url) = read_url else {
            return AnyStore::open(url).await;
        };
        match (scheme(url), scheme(read_url)) {
            (Some("postgres" | "postgresql"), Some("postgres" | "postgresql")) => Ok(
                AnyStore::Replicated(Replicated::connect(url, read_url).await?),
            ),
            _ => Err(crate::sql_common::other(
                "read_database: a read replica is a PostgreSQL replica (postgres://...) of a \
                 PostgreSQL database; SQLite has none",
            )),
        }
    }
}

/// The URL scheme, if `url` has one. A single letter before the colon is a Windows drive, not a
/// scheme, and a path may hold colons after a slash.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let is_scheme = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then_some(scheme)
}

/// Runs the same call on whichever store this is.
macro_rules! on_either {
    ($store:expr, $inner:ident => $call:expr) => {
        match $store {
            AnyStore::Sqlite($inner) => $call.await,
            AnyStore::Postgres($inner) => $call.await,
            AnyStore::Replicated(split) => {
                let $inner = &split.primary;
                $call.await
            }
        }
    };
}

impl Store for AnyStore {
    async fn create_case<E: Send + 'static>(
        &self,
        org: &OrgId,
        prefix: &str,
        year: i16,
        build: impl FnOnce(&str) -> Result<NewCase, E> + Send,
    ) -> StoreResult<Result<String, E>> {
        on_either!(self, store => store.create_case(org, prefix, year, build))
    }

    async fn create_case_once<E: Send + 'static>(
        &self,
        org: &OrgId,
        prefix: &str,
        year: i16,
        key: NewIdempotencyKey,
        build: impl FnOnce(&str) -> Result<(NewCase, String), E> + Send,
    ) -> StoreResult<Result<Once, E>> {
        on_either!(self, store => store.create_case_once(org, prefix, year, key, build))
    }

    async fn append(&self, commit: Commit) -> StoreResult<()> {
        on_either!(self, store => store.append(commit))
    }

    async fn load(&self, reference: &str) -> StoreResult<Option<Stream>> {
        on_either!(self, store => store.load(reference))
    }

    async fn case_for_tracking(&self, token_hash: &[u8; 32]) -> StoreResult<Option<String>> {
        on_either!(self, store => store.case_for_tracking(token_hash))
    }

    async fn list_cases(&self, filter: &CaseFilter) -> StoreResult<Page> {
        on_reader!(self, store => store.list_cases(filter))
    }

    async fn visible_cases(
        &self,
        viewer: &Viewer,
        references: &[String],
    ) -> StoreResult<std::collections::BTreeSet<String>> {
        on_reader!(self, store => store.visible_cases(viewer, references))
    }

    async fn open_counts(&self, viewer: &Viewer, bounds: &DueBounds) -> StoreResult<OpenCounts> {
        on_reader!(self, store => store.open_counts(viewer, bounds))
    }

    async fn case_deadlines(&self, reference: &str) -> StoreResult<Vec<DeadlineRow>> {
        on_either!(self, store => store.case_deadlines(reference))
    }

    async fn all_references(&self) -> StoreResult<Vec<String>> {
        on_either!(self, store => store.all_references())
    }

    async fn replace_read_models(&self, models: ReadModels) -> StoreResult<()> {
        on_either!(self, store => store.replace_read_models(models))
    }

    async fn recount_tallies(&self) -> StoreResult<()> {
        on_either!(self, store => store.recount_tallies())
    }

    async fn export(&self, org: &OrgId) -> StoreResult<Vec<ExportedEvent>> {
        on_either!(self, store => store.export(org))
    }

    async fn import(&self, events: Vec<ExportedEvent>, models: Vec<ReadModels>) -> StoreResult<()> {
        on_either!(self, store => store.import(events, models))
    }

    async fn save_procedure(&self, version: ProcedureVersion) -> StoreResult<()> {
        on_either!(self, store => store.save_procedure(version))
    }

    async fn procedures(&self, org: &OrgId) -> StoreResult<Vec<ProcedureVersion>> {
        on_either!(self, store => store.procedures(org))
    }

    async fn add_user(&self, user: NewUser) -> StoreResult<()> {
        on_either!(self, store => store.add_user(user))
    }

    async fn user(&self, username: &str) -> StoreResult<Option<User>> {
        on_either!(self, store => store.user(username))
    }

    async fn has_users(&self) -> StoreResult<bool> {
        on_either!(self, store => store.has_users())
    }

    async fn grant(&self, username: &str, org: &OrgId, role: Role) -> StoreResult<()> {
        on_either!(self, store => store.grant(username, org, role))
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        on_either!(self, store => store.users())
    }

    async fn hold(&self, username: &str, org: &OrgId, role: &RoleId) -> StoreResult<()> {
        on_either!(self, store => store.hold(username, org, role))
    }

    async fn unhold(&self, username: &str, org: &OrgId, role: &RoleId) -> StoreResult<()> {
        on_either!(self, store => store.unhold(username, org, role))
    }

    async fn append_both(&self, first: Commit, second: Commit) -> StoreResult<()> {
        on_either!(self, store => store.append_both(first, second))
    }

    async fn conduct(
        &self,
        org: &OrgId,
        person: &str,
    ) -> StoreResult<Vec<redress_core::conduct::ConductEvent>> {
        on_either!(self, store => store.conduct(org, person))
    }

    async fn conduct_people(
        &self,
        org: &OrgId,
    ) -> StoreResult<Vec<(String, Vec<redress_core::conduct::ConductEvent>)>> {
        on_either!(self, store => store.conduct_people(org))
    }

    async fn append_conduct(&self, commit: crate::ConductCommit) -> StoreResult<()> {
        on_either!(self, store => store.append_conduct(commit))
    }

    async fn delete_conduct(
        &self,
        org: &OrgId,
        person: &str,
        audit: Vec<crate::AuditEntry>,
    ) -> StoreResult<usize> {
        on_either!(self, store => store.delete_conduct(org, person, audit))
    }

    async fn cases_of_person(&self, org: &OrgId, person: &str) -> StoreResult<Vec<String>> {
        on_either!(self, store => store.cases_of_person(org, person))
    }

    async fn matters(
        &self,
        org: &OrgId,
        people: &[String],
        limit: u32,
    ) -> StoreResult<Vec<crate::MatterRow>> {
        on_either!(self, store => store.matters(org, people, limit))
    }

    async fn members(&self, org: &OrgId) -> StoreResult<Vec<ListMember>> {
        on_either!(self, store => store.members(org))
    }

    async fn put_member(&self, member: ListMember) -> StoreResult<()> {
        on_either!(self, store => store.put_member(member))
    }

    async fn remove_member(&self, org: &OrgId, id: &str) -> StoreResult<()> {
        on_either!(self, store => store.remove_member(org, id))
    }

    async fn revoke(&self, username: &str, org: &OrgId) -> StoreResult<()> {
        on_either!(self, store => store.revoke(username, org))
    }

    async fn confirm_read(
        &self,
        org: &OrgId,
        version: &str,
        username: &str,
        at: Timestamp,
    ) -> StoreResult<()> {
        on_either!(self, store => store.confirm_read(org, version, username, at))
    }

    async fn confirmations(&self, org: &OrgId, version: &str) -> StoreResult<Vec<Confirmation>> {
        on_either!(self, store => store.confirmations(org, version))
    }

    async fn cases_received(
        &self,
        org: &OrgId,
        from: Timestamp,
        until: Timestamp,
    ) -> StoreResult<Vec<CaseSummary>> {
        on_reader!(self, store => store.cases_received(org, from, until))
    }

    async fn report_facts(
        &self,
        org: &OrgId,
        first: jiff::civil::Date,
        last: jiff::civil::Date,
        procedure: Option<&redress_core::ids::ProcedureId>,
        each: &mut (dyn FnMut(&redress_core::report::CaseFacts) + Send),
    ) -> StoreResult<Vec<(String, Vec<redress_core::case::Event>)>> {
        match self {
            AnyStore::Sqlite(store) => store.report_facts(org, first, last, procedure, each).await,
            AnyStore::Postgres(store) => {
                store.report_facts(org, first, last, procedure, each).await
            }
            AnyStore::Replicated(split) => {
                // Facts handed on cannot be taken back, so the primary is asked only when the
                // replica failed before the first of them (when it is down, say); a replica
                // lost in the middle of a report fails that report, not the next.
                let mut handed_on = false;
                let from_replica = split
                    .replica
                    .report_facts(org, first, last, procedure, &mut |facts| {
                        handed_on = true;
                        each(facts)
                    })
                    .await;
                match from_replica {
                    Ok(streams) => {
                        split.answered();
                        Ok(streams)
                    }
                    Err(error) => {
                        split.failed(&error);
                        if handed_on {
                            return Err(error);
                        }
                        split
                            .primary
                            .report_facts(org, first, last, procedure, each)
                            .await
                    }
                }
            }
        }
    }

    async fn open_learning(
        &self,
        viewer: &Viewer,
        today: jiff::civil::Date,
        limit: u32,
    ) -> StoreResult<crate::OpenLearning> {
        on_reader!(self, store => store.open_learning(viewer, today, limit))
    }

    async fn published_items(
        &self,
        org: &OrgId,
        page: u32,
        per_page: u32,
    ) -> StoreResult<crate::PublishedPage> {
        on_reader!(self, store => store.published_items(org, page, per_page))
    }

    async fn add_token(&self, token: NewToken) -> StoreResult<String> {
        on_either!(self, store => store.add_token(token))
    }

    async fn user_for_token(
        &self,
        token_hash: &[u8; 32],
        now: Timestamp,
    ) -> StoreResult<Option<User>> {
        on_either!(self, store => store.user_for_token(token_hash, now))
    }

    async fn tokens(&self, username: Option<&str>) -> StoreResult<Vec<TokenInfo>> {
        on_either!(self, store => store.tokens(username))
    }

    async fn revoke_token(&self, id: &str, at: Timestamp) -> StoreResult<()> {
        on_either!(self, store => store.revoke_token(id, at))
    }

    async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<()> {
        on_either!(self, store => store.set_password(username, password_hash, must_change))
    }

    async fn pending_outbox(&self, limit: u32) -> StoreResult<Vec<OutboxMessage>> {
        on_either!(self, store => store.pending_outbox(limit))
    }

    async fn mark_sent(&self, id: &str, at: Timestamp) -> StoreResult<()> {
        on_either!(self, store => store.mark_sent(id, at))
    }

    async fn backup(&self, path: &Path) -> StoreResult<()> {
        on_either!(self, store => store.backup(path))
    }

    async fn claim_outbox(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        claimant: &str,
    ) -> StoreResult<Option<OutboxEntry>> {
        on_either!(self, store => store.claim_outbox(now, lease_until, claimant))
    }

    async fn outbox_failed(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<Timestamp>,
        at: Timestamp,
    ) -> StoreResult<()> {
        on_either!(self, store => store.outbox_failed(id, error, retry_at, at))
    }

    async fn release_claims(&self, claimant: &str, now: Timestamp) -> StoreResult<u64> {
        on_either!(self, store => store.release_claims(claimant, now))
    }

    async fn case_outbox(&self, reference: &str) -> StoreResult<Vec<OutboxEntry>> {
        on_either!(self, store => store.case_outbox(reference))
    }

    async fn parked_outbox(&self) -> StoreResult<Vec<OutboxEntry>> {
        on_either!(self, store => store.parked_outbox())
    }

    async fn outbox_entry(&self, id: &str) -> StoreResult<Option<OutboxEntry>> {
        on_either!(self, store => store.outbox_entry(id))
    }

    async fn retry_outbox(&self, id: &str, now: Timestamp) -> StoreResult<()> {
        on_either!(self, store => store.retry_outbox(id, now))
    }

    async fn append_reissuing_tracking(
        &self,
        commit: Commit,
        token_hash: &[u8; 32],
    ) -> StoreResult<()> {
        on_either!(self, store => store.append_reissuing_tracking(commit, token_hash))
    }

    async fn note_link_request(
        &self,
        keys: &[[u8; 32]],
        at: jiff::Timestamp,
        since: jiff::Timestamp,
    ) -> StoreResult<Vec<u64>> {
        on_either!(self, store => store.note_link_request(keys, at, since))
    }

    async fn set_feed(
        &self,
        username: &str,
        token_hash: Option<&[u8; 32]>,
        at: jiff::Timestamp,
    ) -> StoreResult<()> {
        on_either!(self, store => store.set_feed(username, token_hash, at))
    }

    async fn feed_user(&self, token_hash: &[u8; 32]) -> StoreResult<Option<String>> {
        on_either!(self, store => store.feed_user(token_hash))
    }

    async fn has_feed(&self, username: &str) -> StoreResult<bool> {
        on_either!(self, store => store.has_feed(username))
    }

    async fn queue_once(&self, message: OutboxMessage) -> StoreResult<bool> {
        on_either!(self, store => store.queue_once(message))
    }

    async fn mail_by_message_id(&self, message_id: &str) -> StoreResult<Option<InboundMail>> {
        on_either!(self, store => store.mail_by_message_id(message_id))
    }

    async fn mail(&self, id: &str) -> StoreResult<Option<InboundMail>> {
        on_either!(self, store => store.mail(id))
    }

    async fn open_mail(&self, orgs: &[OrgId]) -> StoreResult<Vec<InboundMail>> {
        on_either!(self, store => store.open_mail(orgs))
    }

    async fn add_mail(&self, mail: InboundMail) -> StoreResult<()> {
        on_either!(self, store => store.add_mail(mail))
    }

    async fn append_with_mail(&self, commit: Commit, mail: InboundMail) -> StoreResult<()> {
        on_either!(self, store => store.append_with_mail(commit, mail))
    }

    async fn create_case_with_mail<E: Send + 'static>(
        &self,
        org: &OrgId,
        prefix: &str,
        year: i16,
        build: impl FnOnce(&str) -> Result<NewCase, E> + Send,
        mail: InboundMail,
    ) -> StoreResult<Result<String, E>> {
        on_either!(self, store => store.create_case_with_mail(org, prefix, year, build, mail))
    }

    async fn decide_mail(&self, decision: MailDecision) -> StoreResult<()> {
        on_either!(self, store => store.decide_mail(decision))
    }

    async fn outbox_reference(&self, id: &str) -> StoreResult<Option<String>> {
        on_either!(self, store => store.outbox_reference(id))
    }

    async fn record_audit(&self, entries: Vec<crate::AuditEntry>) -> StoreResult<()> {
        on_either!(self, store => store.record_audit(entries))
    }

    async fn audit_page(
        &self,
        after: u64,
        up_to: u64,
        limit: u32,
    ) -> StoreResult<Vec<crate::AuditRecord>> {
        on_either!(self, store => store.audit_page(after, up_to, limit))
    }

    async fn audit_head(&self) -> StoreResult<crate::AuditHead> {
        on_either!(self, store => store.audit_head())
    }

    async fn case_audit(
        &self,
        reference: &str,
        limit: u32,
    ) -> StoreResult<Vec<crate::AuditRecord>> {
        on_either!(self, store => store.case_audit(reference, limit))
    }

    async fn retention_candidates(
        &self,
        org: &OrgId,
        today: jiff::civil::Date,
        silent_closed_before: jiff::Timestamp,
    ) -> StoreResult<Vec<String>> {
        on_either!(self, store => store.retention_candidates(org, today, silent_closed_before))
    }

    async fn erase_case(&self, erasure: CaseErasure) -> StoreResult<()> {
        on_either!(self, store => store.erase_case(erasure))
    }

    async fn content_in_use(&self, sha256: &str) -> StoreResult<bool> {
        on_either!(self, store => store.content_in_use(sha256))
    }

    async fn record_retention_run(&self, run: RetentionRun) -> StoreResult<()> {
        on_either!(self, store => store.record_retention_run(run))
    }

    async fn retention_runs(&self, limit: u32) -> StoreResult<Vec<RetentionRun>> {
        on_either!(self, store => store.retention_runs(limit))
    }

    async fn compact(&self) -> StoreResult<()> {
        on_either!(self, store => store.compact())
    }
}

#[cfg(test)]
mod tests {
    use super::scheme;

    #[test]
    fn schemes_are_read_from_the_front_only() {
        assert_eq!(scheme("sqlite:redress.db"), Some("sqlite"));
        assert_eq!(scheme("postgres://u:p@h/db"), Some("postgres"));
        assert_eq!(scheme("mysql://h/db"), Some("mysql"));
        assert_eq!(scheme("redress.db"), None);
        assert_eq!(scheme("data/redress.db"), None);
        assert_eq!(scheme("./odd:name.db"), None);
        assert_eq!(scheme(r"C:\data\redress.db"), None);
    }
}
