//! The statements behind the audit log: appending entries inside a write transaction (a
//! command's own, or one of their own for reads), reading the chain back in pages for
//! verification, and a case's entries for its page.
//!
//! Compiled twice, like its parent `store_impl`: once per database. Appending takes the log's
//! head row first (`UPDATE ... RETURNING`): on PostgreSQL its row lock makes concurrent writers
//! take turns, each seeing the head the one before left; on SQLite the single writer already
//! does. Callers append last in their transaction, so the head is held only until the commit
//! and a writer holding it never waits for anything else (no deadlock).

use sqlx::Pool;

use super::{Db, ThisStore, Tx, begin_write};
use crate::StoreResult;
use crate::audit::{AuditEntry, AuditHead, AuditRecord, chain_hash};
use crate::sql_common::{instant, micros, nul, org_id, other, stored_count};

/// Refuses entries the store cannot keep alike on every database.
pub(super) fn storable(entries: &[AuditEntry]) -> StoreResult<()> {
    nul::storable("audit entries", &entries)
}

/// Appends `entries` to the chain inside `tx`.
pub(super) async fn append_in(tx: &mut Tx, entries: &[AuditEntry]) -> StoreResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let (last, mut previous): (i64, Vec<u8>) =
        sqlx::query_as("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
            .bind(stored_count(entries.len() as u64)?)
            .fetch_one(&mut **tx)
            .await?;
    let last = u64::try_from(last).map_err(|_| other(format!("audit head seq {last}")))?;
    let first = last + 1 - entries.len() as u64;
    for (offset, entry) in entries.iter().enumerate() {
        let seq = first + offset as u64;
        let hash = chain_hash(&previous, seq, entry).to_vec();
        sqlx::query(
            "INSERT INTO audit_log (seq, at_us, actor, action, reference, org, client, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(stored_count(seq)?)
        .bind(micros(entry.at))
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.reference)
        .bind(entry.org.as_ref().map(|org| org.as_str().to_owned()))
        .bind(&entry.client)
        .bind(&previous)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
        previous = hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&previous)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Appends entries in a transaction of their own (reads, which change nothing else).
pub(super) async fn record(store: &ThisStore, entries: &[AuditEntry]) -> StoreResult<()> {
    storable(entries)?;
    let mut tx = begin_write(store).await?;
    append_in(&mut tx, entries).await?;
    tx.commit().await?;
    Ok(())
}

type Row = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Vec<u8>,
    Vec<u8>,
);

const COLUMNS: &str = "seq, at_us, actor, action, reference, org, client, prev_hash, hash";

fn into_record(row: Row) -> StoreResult<AuditRecord> {
    let (seq, at, actor, action, reference, org, client, prev_hash, hash) = row;
    Ok(AuditRecord {
        seq: u64::try_from(seq).map_err(|_| other(format!("audit seq {seq}")))?,
        entry: AuditEntry {
            at: instant(at)?,
            actor,
            action,
            reference,
            org: org.as_deref().map(org_id).transpose()?,
            client,
        },
        prev_hash,
        hash,
    })
}

/// Up to `limit` entries with `after < seq <= up_to`, in seq order.
pub(super) async fn page(
    pool: &Pool<Db>,
    after: u64,
    up_to: u64,
    limit: u32,
) -> StoreResult<Vec<AuditRecord>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3"
    )))
    .bind(stored_count(after)?)
    .bind(stored_count(up_to)?)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(into_record).collect()
}

/// A case's latest `limit` entries, newest first.
pub(super) async fn of_case(
    pool: &Pool<Db>,
    reference: &str,
    limit: u32,
) -> StoreResult<Vec<AuditRecord>> {
    if !nul::can_match(reference) {
        return Ok(Vec::new());
    }
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM audit_log WHERE reference = $1 ORDER BY seq DESC LIMIT $2"
    )))
    .bind(reference)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(into_record).collect()
}

/// The log's head.
pub(super) async fn head(pool: &Pool<Db>) -> StoreResult<AuditHead> {
    let (seq, hash): (i64, Vec<u8>) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(pool)
            .await?;
    Ok(AuditHead {
        seq: u64::try_from(seq).map_err(|_| other(format!("audit head seq {seq}")))?,
        hash,
    })
}
