//! The statements of the mail-out worker's outbox: claiming the next message due, recording a
//! failure or parking it, releasing a restarted claimant's claims, retrying a parked message,
//! and reading messages with their delivery state.
//!
//! Compiled twice, like its parent `store_impl`: once per database.
//!
//! A claim is a read of the oldest due row and a conditional update of it in one write
//! transaction. On SQLite the transaction holds the write lock from its start, so two claims
//! never see the same row. On PostgreSQL (READ COMMITTED) two workers may read the same row;
//! the update's condition (`attempts` unchanged, still unsent and unparked) lets only one of
//! them have it, and the other looks again.

use jiff::Timestamp;
use sqlx::{AssertSqlSafe, Pool};

use super::{Db, ThisStore, begin_write};
use crate::sql_common::{ENTRY_COLUMNS, OutboxEntryRecord, micros};
use crate::{OutboxEntry, StoreError, StoreResult};

/// How often a claim looks again after losing a race for a row to another worker.
const CLAIM_TRIES: usize = 5;

/// The condition of a message that may be tried at `$1`.
const DUE: &str = "sent_at_us IS NULL AND parked_at_us IS NULL \
     AND (next_attempt_at_us IS NULL OR next_attempt_at_us <= $1)";

pub(super) async fn claim(
    store: &ThisStore,
    now: Timestamp,
    lease_until: Timestamp,
    claimant: &str,
) -> StoreResult<Option<OutboxEntry>> {
    for _ in 0..CLAIM_TRIES {
        let mut tx = begin_write(store).await?;
        let candidate: Option<(String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT id, attempts FROM outbox WHERE {DUE} ORDER BY created_at_us, id LIMIT 1"
        )))
        .bind(micros(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, attempts)) = candidate else {
            return Ok(None);
        };
        let updated = sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at_us = $2, claimed_by = $3 \
             WHERE id = $1 AND attempts = $4 AND sent_at_us IS NULL AND parked_at_us IS NULL",
        )
        .bind(&id)
        .bind(micros(lease_until))
        .bind(claimant)
        .bind(attempts)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            // Another worker claimed it between our read and our update.
            continue;
        }
        let record: OutboxEntryRecord = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM outbox o LEFT JOIN cases c ON c.reference = o.reference \
             WHERE o.id = $1"
        )))
        .bind(&id)
        .fetch_one(&mut *tx)
        .await?;
        let secret: Option<String> = sqlx::query_scalar("SELECT secret FROM outbox WHERE id = $1")
            .bind(&id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        let mut entry = record.into_entry()?;
        entry.message.secret = secret;
        return Ok(Some(entry));
    }
    Ok(None)
}

pub(super) async fn failed(
    store: &ThisStore,
    id: &str,
    error: &str,
    retry_at: Option<Timestamp>,
    at: Timestamp,
) -> StoreResult<()> {
    let mut tx = begin_write(store).await?;
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(StoreError::NotFound)?;
    let parked = retry_at.is_none().then(|| micros(at));
    sqlx::query(
        "UPDATE outbox SET last_error = $2, next_attempt_at_us = $3, parked_at_us = $4, \
         claimed_by = NULL WHERE id = $1 AND sent_at_us IS NULL",
    )
    .bind(id)
    .bind(error)
    .bind(retry_at.map(micros))
    .bind(parked)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn release(store: &ThisStore, claimant: &str, now: Timestamp) -> StoreResult<u64> {
    let mut tx = begin_write(store).await?;
    let released = sqlx::query(
        "UPDATE outbox SET next_attempt_at_us = $2, claimed_by = NULL \
         WHERE claimed_by = $1 AND sent_at_us IS NULL AND parked_at_us IS NULL",
    )
    .bind(claimant)
    .bind(micros(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(released.rows_affected())
}

pub(super) async fn retry(store: &ThisStore, id: &str, now: Timestamp) -> StoreResult<()> {
    let mut tx = begin_write(store).await?;
    let updated = sqlx::query(
        "UPDATE outbox SET parked_at_us = NULL, attempts = 0, next_attempt_at_us = $2, \
         claimed_by = NULL WHERE id = $1 AND parked_at_us IS NOT NULL AND sent_at_us IS NULL",
    )
    .bind(id)
    .bind(micros(now))
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Messages matching `condition` (on the alias `o`, with `$1` bound to `value` when given),
/// oldest first.
pub(super) async fn entries(
    pool: &Pool<Db>,
    condition: &'static str,
    value: Option<&str>,
) -> StoreResult<Vec<OutboxEntry>> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM outbox o LEFT JOIN cases c ON c.reference = o.reference \
         WHERE {condition} ORDER BY o.created_at_us, o.id"
    );
    let mut query = sqlx::query_as::<Db, OutboxEntryRecord>(AssertSqlSafe(sql));
    if let Some(value) = value {
        query = query.bind(value.to_owned());
    }
    let records = query.fetch_all(pool).await?;
    records
        .into_iter()
        .map(OutboxEntryRecord::into_entry)
        .collect()
}
