//! The statements behind retention and erasure: the closed cases that may be due, a case's history
//! rewritten into its redacted form with everything derived from it replaced or removed (one
//! transaction), whether other cases still name a file's content, and the log of runs.
//!
//! Compiled twice, like its parent `store_impl`: once per database. What each database needs
//! afterwards so freed space keeps no copy (`compact`) is in `sqlite.rs` and `postgres.rs`.

use jiff::civil::Date;
use redress_core::ids::OrgId;
use sqlx::Pool;

use super::writes::{CaseModels, conflict, stream_head, write_read_models};
use super::{Db, ThisStore, Tx, begin_write};
use crate::sql_common::{Rows, instant, micros, nul, other, stored_count};
use crate::{CaseErasure, RetentionRun, StoreError, StoreResult};

/// The references of `org`'s closed cases a retention run on `today` must look at, oldest
/// closure first: their `retention_on` is today or before; or their procedure is silent and
/// they closed before `silent_closed_before`; or a row from before migration 0026 has no day.
/// Three parts, each a range of an index, so a run reads what may be due, not every case
/// closed.
pub(super) async fn retention_candidates(
    pool: &Pool<Db>,
    org: &OrgId,
    today: Date,
    silent_closed_before: jiff::Timestamp,
) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT reference FROM ( \
         SELECT reference, closed_at_us FROM cases WHERE org = $1 \
         AND closed_at_us IS NOT NULL AND retention_on <= $2 \
         UNION ALL SELECT reference, closed_at_us FROM cases WHERE org = $1 \
         AND closed_at_us IS NOT NULL AND retention_on IS NULL AND retention_silent = FALSE \
         UNION ALL SELECT reference, closed_at_us FROM cases WHERE org = $1 \
         AND closed_at_us IS NOT NULL AND retention_on IS NULL AND retention_silent = TRUE \
         AND closed_at_us < $3) AS due ORDER BY closed_at_us, reference",
    )
    .bind(org.as_str())
    .bind(today.to_string())
    .bind(micros(silent_closed_before))
    .fetch_all(pool)
    .await?)
}

/// Rewrites a case's events into their redacted form and appends the erasure event, then
/// replaces its read models and removes what was derived from the old history: the tracking
/// hash, the outbox rows (sent or not: nothing more goes to an erased person), the text of
/// e-mail that came in for it, and lost-link requests counted against it.
pub(super) async fn erase_case(store: &ThisStore, erasure: &CaseErasure) -> StoreResult<()> {
    nul::storable("events", &erasure.redacted)?;
    nul::storable("read models", &erasure.read_models.summary)?;
    nul::storable_text("search text", &erasure.read_models.search_text)?;
    super::audit::storable(&erasure.audit)?;
    let reference = erasure.reference.as_str();
    let mut tx = begin_write(store).await?;
    let (org, version) = stream_head(&mut tx, reference)
        .await?
        .ok_or(StoreError::NotFound)?;
    if version != erasure.expected_version || erasure.redacted.len() as u64 != version {
        return Err(conflict(reference, erasure.expected_version, version));
    }
    for (index, event) in erasure.redacted.iter().enumerate() {
        sqlx::query("UPDATE events SET data = $1 WHERE reference = $2 AND seq = $3")
            .bind(serde_json::to_string(event)?)
            .bind(reference)
            .bind(stored_count(index as u64 + 1)?)
            .execute(&mut *tx)
            .await?;
    }
    insert_erased(&mut tx, erasure, &org, version).await?;
    let case = CaseModels {
        reference,
        org: &org,
        version: version + 1,
        models: &erasure.read_models,
    };
    write_read_models(&mut tx, &[case], Rows::Replace).await?;
    for statement in [
        "DELETE FROM case_tracking WHERE reference = $1",
        "DELETE FROM outbox WHERE reference = $1",
        "UPDATE inbound_mail SET sender = NULL, subject = '[erased]', body = '[erased]', \
         reason = NULL, attachments = '[]' WHERE reference = $1",
    ] {
        sqlx::query(statement)
            .bind(reference)
            .execute(&mut *tx)
            .await?;
    }
    for key in &erasure.link_keys {
        sqlx::query("DELETE FROM link_requests WHERE key_hash = $1")
            .bind(key.as_slice())
            .execute(&mut *tx)
            .await?;
    }
    super::audit::append_in(&mut tx, &erasure.audit).await?;
    tx.commit().await?;
    Ok(())
}

async fn insert_erased(
    tx: &mut Tx,
    erasure: &CaseErasure,
    org: &redress_core::ids::OrgId,
    version: u64,
) -> StoreResult<()> {
    super::writes::insert_events(
        tx,
        &erasure.reference,
        org,
        version,
        std::slice::from_ref(&erasure.erased),
        erasure.actor.as_deref(),
    )
    .await
}

/// Whether any case's stored events still name this content (a SHA-256 in hex).
pub(super) async fn content_in_use(pool: &Pool<Db>, sha256: &str) -> StoreResult<bool> {
    if !sha256.chars().all(|c| c.is_ascii_hexdigit()) || sha256.len() != 64 {
        return Err(other(format!("`{sha256}` is not a SHA-256 digest")));
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE data LIKE $1")
        .bind(format!("%\"{sha256}\"%"))
        .fetch_one(pool)
        .await?;
    Ok(count > 0)
}

/// Records a run.
pub(super) async fn record_run(pool: &Pool<Db>, run: &RetentionRun) -> StoreResult<()> {
    nul::storable("retention run", run)?;
    sqlx::query(
        "INSERT INTO retention_runs (id, at_us, cause, erased, references_json) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&run.id)
    .bind(micros(run.at))
    .bind(&run.cause)
    .bind(stored_count(run.references.len() as u64)?)
    .bind(serde_json::to_string(&run.references)?)
    .execute(pool)
    .await?;
    Ok(())
}

/// The latest runs, newest first.
pub(super) async fn runs(pool: &Pool<Db>, limit: u32) -> StoreResult<Vec<RetentionRun>> {
    let rows: Vec<(String, i64, String, String)> = sqlx::query_as(
        "SELECT id, at_us, cause, references_json FROM retention_runs ORDER BY at_us DESC, id DESC LIMIT $1",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, at, cause, references)| {
            Ok(RetentionRun {
                id,
                at: instant(at)?,
                cause,
                references: serde_json::from_str(&references)?,
            })
        })
        .collect()
}
