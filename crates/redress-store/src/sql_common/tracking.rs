//! The statements behind tracking links for everyone and staff reminders: a case's tracking
//! token replaced with the event that says so, requests for a lost link counted for the rate
//! limit, personal calendar feeds, and outbox messages queued at most once (the daily digest).
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use jiff::Timestamp;
use sqlx::Pool;

use super::writes::require_user;
use super::{Db, ThisStore, begin_write};
use crate::sql_common::{micros, nul};
use crate::{OutboxMessage, StoreError, StoreResult};

/// Counts a request against each key (by hash) and returns, per key, the requests since
/// `since` including this one; rows from before `since` are deleted on the way.
pub(super) async fn note_link_request(
    store: &ThisStore,
    keys: &[[u8; 32]],
    at: Timestamp,
    since: Timestamp,
) -> StoreResult<Vec<u64>> {
    let mut tx = begin_write(store).await?;
    sqlx::query("DELETE FROM link_requests WHERE at_us < $1")
        .bind(micros(since))
        .execute(&mut *tx)
        .await?;
    let mut counts = Vec::with_capacity(keys.len());
    for key in keys {
        sqlx::query("INSERT INTO link_requests (key_hash, at_us) VALUES ($1, $2)")
            .bind(key.as_slice())
            .bind(micros(at))
            .execute(&mut *tx)
            .await?;
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM link_requests WHERE key_hash = $1 AND at_us >= $2",
        )
        .bind(key.as_slice())
        .bind(micros(since))
        .fetch_one(&mut *tx)
        .await?;
        counts.push(u64::try_from(count).unwrap_or_default());
    }
    tx.commit().await?;
    Ok(counts)
}

/// Replaces (or, with `None`, removes) a user's calendar feed token.
pub(super) async fn set_feed(
    store: &ThisStore,
    username: &str,
    token_hash: Option<&[u8; 32]>,
    at: Timestamp,
) -> StoreResult<()> {
    if !nul::can_match(username) {
        return Err(StoreError::NotFound);
    }
    let mut tx = begin_write(store).await?;
    require_user(&mut tx, username).await?;
    sqlx::query("DELETE FROM staff_feeds WHERE username = $1")
        .bind(username)
        .execute(&mut *tx)
        .await?;
    if let Some(hash) = token_hash {
        sqlx::query(
            "INSERT INTO staff_feeds (username, token_hash, created_at_us) VALUES ($1, $2, $3)",
        )
        .bind(username)
        .bind(hash.as_slice())
        .bind(micros(at))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The user a calendar feed token (by hash) belongs to.
pub(super) async fn feed_user(
    pool: &Pool<Db>,
    token_hash: &[u8; 32],
) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT username FROM staff_feeds WHERE token_hash = $1")
            .bind(token_hash.as_slice())
            .fetch_optional(pool)
            .await?,
    )
}

/// Whether a user has a calendar feed.
pub(super) async fn has_feed(pool: &Pool<Db>, username: &str) -> StoreResult<bool> {
    if !nul::can_match(username) {
        return Ok(false);
    }
    let found: Option<String> =
        sqlx::query_scalar("SELECT username FROM staff_feeds WHERE username = $1")
            .bind(username)
            .fetch_optional(pool)
            .await?;
    Ok(found.is_some())
}

/// Queues `message` unless a message with its id was ever queued; true when it was queued.
pub(super) async fn queue_once(store: &ThisStore, message: &OutboxMessage) -> StoreResult<bool> {
    nul::storable("outbox", message)?;
    let mut tx = begin_write(store).await?;
    let inserted = sqlx::query(
        "INSERT INTO outbox (id, reference, kind, recipient, payload, created_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&message.id)
    .bind(&message.reference)
    .bind(&message.kind)
    .bind(&message.recipient)
    .bind(serde_json::to_string(&message.payload)?)
    .bind(micros(message.created_at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(inserted.rows_affected() == 1)
}
