//! The [`Store`] implementation both databases share, statement for statement.
//!
//! This file is compiled twice, as `sqlite::store_impl` and `postgres::store_impl` (see
//! `sql_common/mod.rs`). Everything it needs from its database comes from the parent module:
//! `Db` (the sqlx driver), `ThisStore` (the store type, with a `pool` field), `begin_write`,
//! `TEXT_SEARCH`, `write_search` and `backup`.
//!
//! Every method is one transaction or one statement. Writes check the stream's version under the
//! write transaction and then insert at the next positions; the `(reference, seq)` primary key
//! turns any race that slips past the check into `Conflict`.

use std::path::Path;

use jiff::Timestamp;
use redress_core::ids::{OrgId, RoleId};
use sqlx::AssertSqlSafe;

use super::{
    Db, FACTS_JOINED, LOCK_TALLIES, TEXT_SEARCH, ThisStore, Tx, backup, begin_write, compact,
    write_search,
};
use crate::sql_common::{
    Bind, CaseRecord, DeadlineRecord, EventRecord, ExportRecord, ListQuery, OutboxRecord,
    ProcedureRecord, RoleRecord, Rows, UserRecord, group_into_cases, micros, nul, other,
    reference_number,
};
use crate::{
    CaseErasure, CaseFilter, CaseSummary, Commit, Confirmation, DeadlineRow, DueBounds,
    ExportedEvent, InboundMail, ListMember, MailDecision, NewCase, NewIdempotencyKey, NewToken,
    NewUser, Once, OpenCounts, OutboxEntry, OutboxMessage, Page, ProcedureVersion, ReadModels,
    RetentionRun, Role, Store, StoreError, StoreResult, Stream, TokenInfo, User, Viewer,
};

#[path = "people.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod people;

#[path = "writes.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod writes;
/// For the parent's `write_search`.
pub(super) use writes::insert_rows;

#[path = "outbox.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod outbox;

#[path = "tracking.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod tracking;

#[path = "idempotency.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod idempotency;

#[path = "accounts.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod accounts;

#[path = "admin.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod admin;

#[path = "retention.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod retention;

#[path = "tallies.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod tallies;

#[path = "counts.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod counts;

#[path = "audit.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod audit;

#[path = "mail_in.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod mail_in;

#[path = "conduct.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database, with its parent"
)]
mod conduct;

use writes::{
    CaseModels, conflict, first_existing, insert_events, insert_exported, insert_outbox,
    insert_tracking, next_reference, replace_tracking, require_user, stream_head, unique_as,
    write_read_models,
};

/// Refuses a case write with a NUL anywhere, before the transaction starts its statements.
fn storable_writes(
    events: &[redress_core::case::Event],
    actor: Option<&str>,
    read_models: &ReadModels,
    outbox: &[OutboxMessage],
    audit_entries: &[crate::AuditEntry],
) -> StoreResult<()> {
    nul::storable("events", &events)?;
    nul::storable_text("actor", actor.unwrap_or_default())?;
    nul::storable("read models", &read_models.summary)?;
    nul::storable("deadlines", &read_models.deadlines)?;
    nul::storable_text("search text", &read_models.search_text)?;
    nul::storable("outbox", &outbox)?;
    audit::storable(audit_entries)
}

/// Starts a case inside `tx`: takes the next reference, builds the case with it and writes its
/// events, tracking hash, read models and outbox. `Ok(Err)` when `build` refuses (the caller
/// drops `tx`, so the number is not used).
async fn create_in<E>(
    tx: &mut Tx,
    org: &OrgId,
    prefix: &str,
    year: i16,
    build: impl FnOnce(&str) -> Result<NewCase, E>,
) -> StoreResult<Result<String, E>> {
    let reference = next_reference(tx, org, prefix, year).await?;
    let new_case = match build(&reference) {
        Ok(new_case) => new_case,
        Err(error) => return Ok(Err(error)),
    };
    storable_writes(
        &new_case.events,
        new_case.actor.as_deref(),
        &new_case.read_models,
        &new_case.outbox,
        &new_case.audit,
    )?;
    if new_case.events.is_empty() {
        return Err(other(format!("case {reference} was built with no events")));
    }
    insert_events(
        tx,
        &reference,
        org,
        0,
        &new_case.events,
        new_case.actor.as_deref(),
    )
    .await?;
    if let Some(token_hash) = &new_case.tracking_hash {
        insert_tracking(tx, &[(&reference, *token_hash)]).await?;
    }
    let case = CaseModels {
        reference: &reference,
        org,
        version: new_case.events.len() as u64,
        models: &new_case.read_models,
    };
    write_read_models(tx, &[case], Rows::New).await?;
    insert_outbox(tx, &new_case.outbox).await?;
    // Last, so the audit log's head is held only until the commit (see `audit.rs`).
    audit::append_in(tx, &new_case.audit).await?;
    Ok(Ok(reference))
}

/// Appends a commit inside `tx`: the version check, the events, read models and outbox.
/// `Conflict` when the case is not at the commit's expected version.
async fn append_in(tx: &mut Tx, commit: &Commit) -> StoreResult<()> {
    if !nul::can_match(&commit.reference) {
        return Err(StoreError::NotFound);
    }
    storable_writes(
        &commit.events,
        commit.actor.as_deref(),
        &commit.read_models,
        &commit.outbox,
        &commit.audit,
    )?;
    let (org, version) = stream_head(tx, &commit.reference)
        .await?
        .ok_or(StoreError::NotFound)?;
    if version != commit.expected_version {
        return Err(conflict(
            &commit.reference,
            commit.expected_version,
            version,
        ));
    }
    insert_events(
        tx,
        &commit.reference,
        &org,
        version,
        &commit.events,
        commit.actor.as_deref(),
    )
    .await?;
    let case = CaseModels {
        reference: &commit.reference,
        org: &org,
        version: version + commit.events.len() as u64,
        models: &commit.read_models,
    };
    write_read_models(tx, &[case], Rows::Replace).await?;
    insert_outbox(tx, &commit.outbox).await?;
    // Last, so the audit log's head is held only until the commit (see `audit.rs`).
    audit::append_in(tx, &commit.audit).await
}

impl ThisStore {
    /// `append`, replacing the case's tracking token when `tracking_hash` is given.
    async fn append_with(
        &self,
        commit: Commit,
        tracking_hash: Option<&[u8; 32]>,
    ) -> StoreResult<()> {
        let mut tx = begin_write(self).await?;
        if let Err(error) = append_in(&mut tx, &commit).await {
            drop(tx);
            return match error {
                // Another writer may have taken the next position after our check (PostgreSQL,
                // READ COMMITTED): the conflict names the version the case has now. Read as a
                // write, so that on SQLite it sees the batch the winner may still be in.
                StoreError::Conflict { .. } => {
                    let mut tx = begin_write(self).await?;
                    let actual: i64 = sqlx::query_scalar(
                        "SELECT COALESCE(MAX(seq), 0) FROM events WHERE reference = $1",
                    )
                    .bind(&commit.reference)
                    .fetch_one(&mut *tx)
                    .await?;
                    drop(tx);
                    let actual = u64::try_from(actual).unwrap_or_default();
                    Err(conflict(&commit.reference, commit.expected_version, actual))
                }
                error => Err(error),
            };
        }
        if let Some(token_hash) = tracking_hash {
            replace_tracking(&mut tx, &commit.reference, token_hash).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

impl Store for ThisStore {
    async fn create_case<E: Send + 'static>(
        &self,
        org: &OrgId,
        prefix: &str,
        year: i16,
        build: impl FnOnce(&str) -> Result<NewCase, E> + Send,
    ) -> StoreResult<Result<String, E>> {
        let mut tx = begin_write(self).await?;
        let reference = match create_in(&mut tx, org, prefix, year, build).await? {
            Ok(reference) => reference,
            // Dropping the transaction rolls the counter back: the number is not used.
            Err(error) => return Ok(Err(error)),
        };
        tx.commit().await?;
        Ok(Ok(reference))
    }

    async fn create_case_once<E: Send + 'static>(
        &self,
        org: &OrgId,
        prefix: &str,
        year: i16,
        key: NewIdempotencyKey,
        build: impl FnOnce(&str) -> Result<(NewCase, String), E> + Send,
    ) -> StoreResult<Result<Once, E>> {
        idempotency::create_once(self, org, prefix, year, &key, build).await
    }

    async fn append(&self, commit: Commit) -> StoreResult<()> {
        self.append_with(commit, None).await
    }

    async fn append_reissuing_tracking(
        &self,
        commit: Commit,
        token_hash: &[u8; 32],
    ) -> StoreResult<()> {
        self.append_with(commit, Some(token_hash)).await
    }

    async fn note_link_request(
        &self,
        keys: &[[u8; 32]],
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<Vec<u64>> {
        tracking::note_link_request(self, keys, at, since).await
    }

    async fn set_feed(
        &self,
        username: &str,
        token_hash: Option<&[u8; 32]>,
        at: Timestamp,
    ) -> StoreResult<()> {
        tracking::set_feed(self, username, token_hash, at).await
    }

    async fn feed_user(&self, token_hash: &[u8; 32]) -> StoreResult<Option<String>> {
        tracking::feed_user(&self.pool, token_hash).await
    }

    async fn has_feed(&self, username: &str) -> StoreResult<bool> {
        tracking::has_feed(&self.pool, username).await
    }

    async fn queue_once(&self, message: OutboxMessage) -> StoreResult<bool> {
        tracking::queue_once(self, &message).await
    }

    async fn load(&self, reference: &str) -> StoreResult<Option<Stream>> {
        if !nul::can_match(reference) {
            return Ok(None);
        }
        let records: Vec<EventRecord> =
            sqlx::query_as("SELECT org, data FROM events WHERE reference = $1 ORDER BY seq")
                .bind(reference)
                .fetch_all(&self.pool)
                .await?;
        let Some(first) = records.first() else {
            return Ok(None);
        };
        let org = first.org()?;
        let events = records
            .iter()
            .map(EventRecord::event)
            .collect::<StoreResult<_>>()?;
        Ok(Some(Stream { org, events }))
    }

    async fn case_for_tracking(&self, token_hash: &[u8; 32]) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT reference FROM case_tracking WHERE token_hash = $1")
                .bind(token_hash.as_slice())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn list_cases(&self, filter: &CaseFilter) -> StoreResult<Page> {
        let Some(list) = ListQuery::build(filter, &TEXT_SEARCH)? else {
            return Ok(Page {
                cases: Vec::new(),
                next: None,
            });
        };
        let mut query = sqlx::query_as::<Db, CaseRecord>(AssertSqlSafe(list.sql.clone()));
        for value in &list.binds {
            query = match value {
                Bind::Text(text) => query.bind(text.clone()),
                Bind::Int(number) => query.bind(*number),
            };
        }
        let rows = query.fetch_all(&self.pool).await?;
        list.page(rows)
    }

    async fn visible_cases(
        &self,
        viewer: &Viewer,
        references: &[String],
    ) -> StoreResult<std::collections::BTreeSet<String>> {
        let mut visible = std::collections::BTreeSet::new();
        if viewer.orgs.is_empty() {
            return Ok(visible);
        }
        // No case's reference holds a NUL (and PostgreSQL could not take one as a parameter).
        let references: Vec<&String> = references
            .iter()
            .filter(|r| crate::sql_common::nul::can_match(r))
            .collect();
        // A few hundred at a time, well inside either database's limit on parameters.
        for chunk in references.chunks(500) {
            let mut binds = Vec::new();
            let condition = crate::sql_common::viewer_condition(viewer, &mut binds);
            let among = chunk
                .iter()
                .map(|reference| {
                    crate::sql_common::bind(&mut binds, Bind::Text((*reference).clone()))
                })
                .collect::<Vec<_>>()
                .join(", ");
            // From the references to their cases, in that order (SQLite keeps a `CROSS JOIN`'s
            // order): left to choose, it reads every case of the viewer's organisations in
            // their index and tests each against the list.
            let sql = format!(
                "SELECT c.reference FROM (SELECT reference FROM cases WHERE reference IN ({among})) \
                 AS r CROSS JOIN cases c WHERE c.reference = r.reference AND {condition}"
            );
            let mut query = sqlx::query_scalar::<Db, String>(AssertSqlSafe(sql));
            for value in &binds {
                query = match value {
                    Bind::Text(text) => query.bind(text.clone()),
                    Bind::Int(number) => query.bind(*number),
                };
            }
            visible.extend(query.fetch_all(&self.pool).await?);
        }
        Ok(visible)
    }

    async fn open_counts(&self, viewer: &Viewer, bounds: &DueBounds) -> StoreResult<OpenCounts> {
        counts::open_counts(&self.pool, viewer, bounds).await
    }

    async fn case_deadlines(&self, reference: &str) -> StoreResult<Vec<DeadlineRow>> {
        if !nul::can_match(reference) {
            return Ok(Vec::new());
        }
        let records: Vec<DeadlineRecord> = sqlx::query_as(
            "SELECT clock, stage, what, due_at_us, due_date, paused FROM case_deadlines \
             WHERE reference = $1 ORDER BY due_at_us, position",
        )
        .bind(reference)
        .fetch_all(&self.pool)
        .await?;
        records.into_iter().map(DeadlineRecord::into_row).collect()
    }

    async fn all_references(&self) -> StoreResult<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT reference FROM events WHERE seq = 1 ORDER BY reference")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn replace_read_models(&self, models: ReadModels) -> StoreResult<()> {
        nul::storable("read models", &models.summary)?;
        nul::storable("deadlines", &models.deadlines)?;
        nul::storable_text("search text", &models.search_text)?;
        let mut tx = begin_write(self).await?;
        let reference = models.summary.reference.clone();
        let (org, version) = stream_head(&mut tx, &reference)
            .await?
            .ok_or(StoreError::NotFound)?;
        let case = CaseModels {
            reference: &reference,
            org: &org,
            version,
            models: &models,
        };
        write_read_models(&mut tx, &[case], Rows::Replace).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recount_tallies(&self) -> StoreResult<()> {
        let mut tx = begin_write(self).await?;
        tallies::recount(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn export(&self, org: &OrgId) -> StoreResult<Vec<ExportedEvent>> {
        let records: Vec<ExportRecord> = sqlx::query_as(
            "SELECT e.reference, e.org, e.seq, e.recorded_at_us, e.actor, e.data, t.token_hash AS tracking_hash \
             FROM events e LEFT JOIN case_tracking t ON t.reference = e.reference AND e.seq = 1 \
             WHERE e.org = $1 ORDER BY e.reference, e.seq",
        )
        .bind(org.as_str())
        .fetch_all(&self.pool)
        .await?;
        records
            .into_iter()
            .map(ExportRecord::into_exported)
            .collect()
    }

    async fn import(&self, events: Vec<ExportedEvent>, models: Vec<ReadModels>) -> StoreResult<()> {
        nul::storable("imported events", &events)?;
        for case_models in &models {
            nul::storable("read models", &case_models.summary)?;
            nul::storable("deadlines", &case_models.deadlines)?;
            nul::storable_text("search text", &case_models.search_text)?;
        }
        let cases = group_into_cases(events)?;
        if !models.is_empty() && cases.len() != models.len() {
            return Err(other(format!(
                "import: {} case(s) but read models for {}",
                cases.len(),
                models.len()
            )));
        }
        let mut tokens = Vec::new();
        // The highest number imported for each organisation and year.
        let mut numbers: std::collections::BTreeMap<(&OrgId, i64), i64> = Default::default();
        let mut written = Vec::with_capacity(models.len());
        for (index, case) in cases.iter().enumerate() {
            let first = &case[0];
            if let Some(case_models) = models.get(index) {
                if case_models.summary.reference != first.reference {
                    return Err(other(format!(
                        "import: the read models of {} are given for case {}",
                        case_models.summary.reference, first.reference
                    )));
                }
                written.push(CaseModels {
                    reference: &first.reference,
                    org: &first.org,
                    version: case.len() as u64,
                    models: case_models,
                });
            }
            if let Some(hex_hash) = &first.tracking_hash {
                let token_hash: [u8; 32] = hex::decode(hex_hash)
                    .ok()
                    .and_then(|bytes| bytes.try_into().ok())
                    .ok_or_else(|| {
                        other(format!(
                            "case {}: tracking hash is not 64 hex digits",
                            first.reference
                        ))
                    })?;
                tokens.push((first.reference.as_str(), token_hash));
            }
            // Later cases of the same organisation and year must not be given these numbers.
            if let Some((year, number)) = reference_number(&first.reference) {
                let last = numbers.entry((&first.org, year)).or_insert(number);
                *last = (*last).max(number);
            }
        }
        let mut tx = begin_write(self).await?;
        let references: Vec<&str> = cases
            .iter()
            .map(|case| case[0].reference.as_str())
            .collect();
        if let Some(existing) = first_existing(&mut tx, &references).await? {
            return Err(StoreError::Duplicate(format!("case {existing}")));
        }
        insert_exported(&mut tx, cases.iter().flatten(), || {
            StoreError::Duplicate("a case of the import".into())
        })
        .await?;
        insert_tracking(&mut tx, &tokens).await?;
        write_read_models(&mut tx, &written, Rows::New).await?;
        for ((org, year), number) in numbers {
            sqlx::query(
                "INSERT INTO case_numbers (org, year, last) VALUES ($1, $2, $3) ON CONFLICT (org, year) \
                 DO UPDATE SET last = CASE WHEN case_numbers.last < excluded.last THEN excluded.last \
                 ELSE case_numbers.last END",
            )
            .bind(org.as_str())
            .bind(year)
            .bind(number)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn save_procedure(&self, version: ProcedureVersion) -> StoreResult<()> {
        nul::storable_text("procedure version", &version.version)?;
        nul::storable_text("procedure text", &version.text)?;
        let mut tx = begin_write(self).await?;
        let effective_from = version.effective_from.to_string();
        let inserted = sqlx::query(
            "INSERT INTO procedures (org, version, effective_from, text) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (org, version) DO NOTHING",
        )
        .bind(version.org.as_str())
        .bind(&version.version)
        .bind(&effective_from)
        .bind(&version.text)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            let (stored_from, stored_text): (String, String) = sqlx::query_as(
                "SELECT effective_from, text FROM procedures WHERE org = $1 AND version = $2",
            )
            .bind(version.org.as_str())
            .bind(&version.version)
            .fetch_one(&mut *tx)
            .await?;
            if stored_from != effective_from || stored_text != version.text {
                return Err(StoreError::Duplicate(format!(
                    "a different procedure {} version {}",
                    version.org, version.version
                )));
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn procedures(&self, org: &OrgId) -> StoreResult<Vec<ProcedureVersion>> {
        let records: Vec<ProcedureRecord> = sqlx::query_as(
            "SELECT org, version, effective_from, text FROM procedures WHERE org = $1 \
             ORDER BY effective_from, version",
        )
        .bind(org.as_str())
        .fetch_all(&self.pool)
        .await?;
        records
            .into_iter()
            .map(ProcedureRecord::into_version)
            .collect()
    }

    async fn add_user(&self, user: NewUser) -> StoreResult<()> {
        nul::storable_text("username", &user.username)?;
        nul::storable_text("display name", &user.display_name)?;
        let mut tx = begin_write(self).await?;
        sqlx::query(
            "INSERT INTO users (username, display_name, password_hash) VALUES ($1, $2, $3)",
        )
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(&user.password_hash)
        .execute(&mut *tx)
        .await
        .map_err(|error| {
            unique_as(error, || {
                StoreError::Duplicate(format!("user {}", user.username))
            })
        })?;
        tx.commit().await?;
        Ok(())
    }

    async fn user(&self, username: &str) -> StoreResult<Option<User>> {
        if !nul::can_match(username) {
            return Ok(None);
        }
        let record: Option<UserRecord> = sqlx::query_as(
            "SELECT username, display_name, password_hash, must_change_password FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        let Some(record) = record else {
            return Ok(None);
        };
        let roles: Vec<RoleRecord> =
            sqlx::query_as("SELECT org, role FROM memberships WHERE username = $1 ORDER BY org")
                .bind(username)
                .fetch_all(&self.pool)
                .await?;
        let (holds, member_ids) = people::grants(&self.pool, username).await?;
        Ok(Some(User {
            username: record.username,
            display_name: record.display_name,
            password_hash: record.password_hash,
            must_change_password: record.must_change_password,
            roles: roles
                .into_iter()
                .map(RoleRecord::into_role)
                .collect::<StoreResult<_>>()?,
            holds,
            member_ids,
        }))
    }

    async fn has_users(&self) -> StoreResult<bool> {
        let any: Option<String> = sqlx::query_scalar("SELECT username FROM users LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(any.is_some())
    }

    async fn grant(&self, username: &str, org: &OrgId, role: Role) -> StoreResult<()> {
        if !nul::can_match(username) {
            return Err(StoreError::NotFound);
        }
        let mut tx = begin_write(self).await?;
        require_user(&mut tx, username).await?;
        sqlx::query(
            "INSERT INTO memberships (username, org, role) VALUES ($1, $2, $3) \
             ON CONFLICT (username, org) DO UPDATE SET role = excluded.role",
        )
        .bind(username)
        .bind(org.as_str())
        .bind(role.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        let mut users = admin::users(&self.pool).await?;
        for user in &mut users {
            (user.holds, user.member_ids) = people::grants(&self.pool, &user.username).await?;
        }
        Ok(users)
    }

    async fn hold(&self, username: &str, org: &OrgId, role: &RoleId) -> StoreResult<()> {
        people::hold(self, username, org, role).await
    }

    async fn unhold(&self, username: &str, org: &OrgId, role: &RoleId) -> StoreResult<()> {
        people::unhold(self, username, org, role).await
    }

    async fn append_both(&self, first: Commit, second: Commit) -> StoreResult<()> {
        let mut tx = begin_write(self).await?;
        append_in(&mut tx, &first).await?;
        append_in(&mut tx, &second).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn conduct(
        &self,
        org: &OrgId,
        person: &str,
    ) -> StoreResult<Vec<redress_core::conduct::ConductEvent>> {
        conduct::conduct(&self.pool, org, person).await
    }

    async fn conduct_people(
        &self,
        org: &OrgId,
    ) -> StoreResult<Vec<(String, Vec<redress_core::conduct::ConductEvent>)>> {
        conduct::conduct_people(&self.pool, org).await
    }

    async fn append_conduct(&self, commit: crate::ConductCommit) -> StoreResult<()> {
        conduct::append_conduct(self, &commit).await
    }

    async fn delete_conduct(
        &self,
        org: &OrgId,
        person: &str,
        audit: Vec<crate::AuditEntry>,
    ) -> StoreResult<usize> {
        conduct::delete_conduct(self, org, person, &audit).await
    }

    async fn cases_of_person(&self, org: &OrgId, person: &str) -> StoreResult<Vec<String>> {
        conduct::cases_of_person(&self.pool, org, person).await
    }

    async fn matters(
        &self,
        org: &OrgId,
        people: &[String],
        limit: u32,
    ) -> StoreResult<Vec<crate::MatterRow>> {
        conduct::matters(&self.pool, org, people, limit).await
    }

    async fn members(&self, org: &OrgId) -> StoreResult<Vec<ListMember>> {
        people::members(&self.pool, org).await
    }

    async fn put_member(&self, member: ListMember) -> StoreResult<()> {
        people::put_member(self, &member).await
    }

    async fn remove_member(&self, org: &OrgId, id: &str) -> StoreResult<()> {
        people::remove_member(self, org, id).await
    }

    async fn revoke(&self, username: &str, org: &OrgId) -> StoreResult<()> {
        if !nul::can_match(username) {
            return Err(StoreError::NotFound);
        }
        admin::revoke(self, username, org).await
    }

    async fn confirm_read(
        &self,
        org: &OrgId,
        version: &str,
        username: &str,
        at: Timestamp,
    ) -> StoreResult<()> {
        if !nul::can_match(version) || !nul::can_match(username) {
            return Err(StoreError::NotFound);
        }
        admin::confirm_read(self, org, version, username, at).await
    }

    async fn confirmations(&self, org: &OrgId, version: &str) -> StoreResult<Vec<Confirmation>> {
        if !nul::can_match(version) {
            return Ok(Vec::new());
        }
        admin::confirmations(&self.pool, org, version).await
    }

    async fn cases_received(
        &self,
        org: &OrgId,
        from: Timestamp,
        until: Timestamp,
    ) -> StoreResult<Vec<CaseSummary>> {
        admin::cases_received(&self.pool, org, from, until).await
    }

    async fn report_facts(
        &self,
        org: &OrgId,
        first: jiff::civil::Date,
        last: jiff::civil::Date,
        procedure: Option<&redress_core::ids::ProcedureId>,
        each: &mut (dyn FnMut(&redress_core::report::CaseFacts) + Send),
    ) -> StoreResult<Vec<(String, Vec<redress_core::case::Event>)>> {
        admin::report_facts(&self.pool, org, first, last, procedure, each).await
    }

    async fn open_learning(
        &self,
        viewer: &Viewer,
        today: jiff::civil::Date,
        limit: u32,
    ) -> StoreResult<crate::OpenLearning> {
        counts::open_learning(&self.pool, viewer, today, limit).await
    }

    async fn published_items(
        &self,
        org: &OrgId,
        page: u32,
        per_page: u32,
    ) -> StoreResult<crate::PublishedPage> {
        admin::published_items(&self.pool, org, page, per_page).await
    }

    async fn add_token(&self, token: NewToken) -> StoreResult<String> {
        accounts::add_token(self, &token).await
    }

    async fn user_for_token(
        &self,
        token_hash: &[u8; 32],
        now: Timestamp,
    ) -> StoreResult<Option<User>> {
        match accounts::use_token(self, token_hash, now).await? {
            Some(username) => self.user(&username).await,
            None => Ok(None),
        }
    }

    async fn tokens(&self, username: Option<&str>) -> StoreResult<Vec<TokenInfo>> {
        accounts::tokens(&self.pool, username).await
    }

    async fn revoke_token(&self, id: &str, at: Timestamp) -> StoreResult<()> {
        accounts::revoke_token(self, id, at).await
    }

    async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<()> {
        accounts::set_password(self, username, password_hash, must_change).await
    }

    async fn pending_outbox(&self, limit: u32) -> StoreResult<Vec<OutboxMessage>> {
        let records: Vec<OutboxRecord> = sqlx::query_as(
            "SELECT id, reference, kind, recipient, payload, created_at_us FROM outbox \
             WHERE sent_at_us IS NULL ORDER BY created_at_us, id LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        records
            .into_iter()
            .map(OutboxRecord::into_message)
            .collect()
    }

    async fn mark_sent(&self, id: &str, at: Timestamp) -> StoreResult<()> {
        if !nul::can_match(id) {
            return Err(StoreError::NotFound);
        }
        // Marking twice keeps the first instant: a retried sender must not rewrite history.
        // The secret goes in the same statement: once sent, the link lives only in the e-mail.
        let mut tx = begin_write(self).await?;
        let updated = sqlx::query(
            "UPDATE outbox SET sent_at_us = $2, secret = NULL, claimed_by = NULL, \
             parked_at_us = NULL WHERE id = $1 AND sent_at_us IS NULL",
        )
        .bind(id)
        .bind(micros(at))
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            let exists: Option<String> = sqlx::query_scalar("SELECT id FROM outbox WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            exists.ok_or(StoreError::NotFound)?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn backup(&self, path: &Path) -> StoreResult<()> {
        backup(self, path).await
    }

    async fn claim_outbox(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        claimant: &str,
    ) -> StoreResult<Option<OutboxEntry>> {
        nul::storable_text("claimant", claimant)?;
        outbox::claim(self, now, lease_until, claimant).await
    }

    async fn outbox_failed(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<Timestamp>,
        at: Timestamp,
    ) -> StoreResult<()> {
        if !nul::can_match(id) {
            return Err(StoreError::NotFound);
        }
        // An error text from a mail server could hold anything; keep what can be stored.
        let error = error.replace('\0', " ");
        outbox::failed(self, id, &error, retry_at, at).await
    }

    async fn release_claims(&self, claimant: &str, now: Timestamp) -> StoreResult<u64> {
        if !nul::can_match(claimant) {
            return Ok(0);
        }
        outbox::release(self, claimant, now).await
    }

    async fn case_outbox(&self, reference: &str) -> StoreResult<Vec<OutboxEntry>> {
        if !nul::can_match(reference) {
            return Ok(Vec::new());
        }
        outbox::entries(&self.pool, "o.reference = $1", Some(reference)).await
    }

    async fn parked_outbox(&self) -> StoreResult<Vec<OutboxEntry>> {
        outbox::entries(
            &self.pool,
            "o.parked_at_us IS NOT NULL AND o.sent_at_us IS NULL",
            None,
        )
        .await
    }

    async fn outbox_entry(&self, id: &str) -> StoreResult<Option<OutboxEntry>> {
        if !nul::can_match(id) {
            return Ok(None);
        }
        Ok(outbox::entries(&self.pool, "o.id = $1", Some(id))
            .await?
            .into_iter()
            .next())
    }

    async fn retry_outbox(&self, id: &str, now: Timestamp) -> StoreResult<()> {
        if !nul::can_match(id) {
            return Err(StoreError::NotFound);
        }
        outbox::retry(self, id, now).await
    }

    async fn mail_by_message_id(&self, message_id: &str) -> StoreResult<Option<InboundMail>> {
        mail_in::by_column(&self.pool, "message_id", message_id).await
    }

    async fn mail(&self, id: &str) -> StoreResult<Option<InboundMail>> {
        mail_in::by_column(&self.pool, "id", id).await
    }

    async fn open_mail(&self, orgs: &[OrgId]) -> StoreResult<Vec<InboundMail>> {
        mail_in::open(&self.pool, orgs).await
    }

    async fn add_mail(&self, mail: InboundMail) -> StoreResult<()> {
        mail_in::add(self, &mail).await
    }

    async fn append_with_mail(&self, commit: Commit, mail: InboundMail) -> StoreResult<()> {
        mail_in::append_with(self, &commit, &mail).await
    }

    async fn create_case_with_mail<E: Send + 'static>(
        &self,
        org: &OrgId,
        prefix: &str,
        year: i16,
        build: impl FnOnce(&str) -> Result<NewCase, E> + Send,
        mail: InboundMail,
    ) -> StoreResult<Result<String, E>> {
        mail_in::create_with(self, org, prefix, year, build, mail).await
    }

    async fn decide_mail(&self, decision: MailDecision) -> StoreResult<()> {
        mail_in::decide(self, &decision).await
    }

    async fn outbox_reference(&self, id: &str) -> StoreResult<Option<String>> {
        mail_in::outbox_reference(&self.pool, id).await
    }

    async fn retention_candidates(
        &self,
        org: &OrgId,
        today: jiff::civil::Date,
        silent_closed_before: jiff::Timestamp,
    ) -> StoreResult<Vec<String>> {
        retention::retention_candidates(&self.pool, org, today, silent_closed_before).await
    }

    async fn erase_case(&self, erasure: CaseErasure) -> StoreResult<()> {
        retention::erase_case(self, &erasure).await
    }

    async fn content_in_use(&self, sha256: &str) -> StoreResult<bool> {
        retention::content_in_use(&self.pool, sha256).await
    }

    async fn record_retention_run(&self, run: RetentionRun) -> StoreResult<()> {
        retention::record_run(&self.pool, &run).await
    }

    async fn retention_runs(&self, limit: u32) -> StoreResult<Vec<RetentionRun>> {
        retention::runs(&self.pool, limit).await
    }

    async fn compact(&self) -> StoreResult<()> {
        compact(self).await
    }

    async fn record_audit(&self, entries: Vec<crate::AuditEntry>) -> StoreResult<()> {
        audit::record(self, &entries).await
    }

    async fn audit_page(
        &self,
        after: u64,
        up_to: u64,
        limit: u32,
    ) -> StoreResult<Vec<crate::AuditRecord>> {
        audit::page(&self.pool, after, up_to, limit).await
    }

    async fn audit_head(&self) -> StoreResult<crate::AuditHead> {
        audit::head(&self.pool).await
    }

    async fn case_audit(
        &self,
        reference: &str,
        limit: u32,
    ) -> StoreResult<Vec<crate::AuditRecord>> {
        audit::of_case(&self.pool, reference, limit).await
    }
}
