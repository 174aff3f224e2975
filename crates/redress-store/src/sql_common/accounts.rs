//! The statements behind staff accounts' credentials: API tokens (made with an expiry, listed
//! without their secret, used, revoked) and passwords replaced, temporary or not.
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use jiff::Timestamp;
use sqlx::Pool;

use super::writes::{require_user, unique_as};
use super::{Db, ThisStore, begin_write};
use crate::sql_common::{instant, micros, nul, optional_instant};
use crate::{NewToken, StoreError, StoreResult, TokenInfo, token_id};

/// A use is recorded when the last one recorded is older than this (microseconds): a token
/// used every second does not turn every API read into a write.
const LAST_USED_GRAIN_US: i64 = 60 * 1_000_000;

pub(super) async fn add_token(store: &ThisStore, token: &NewToken) -> StoreResult<String> {
    if !nul::can_match(&token.username) {
        return Err(StoreError::NotFound);
    }
    nul::storable_text("token label", &token.label)?;
    let id = token_id(&token.token_hash);
    let mut tx = begin_write(store).await?;
    require_user(&mut tx, &token.username).await?;
    sqlx::query(
        "INSERT INTO api_tokens (token_hash, token_id, username, label, created_at_us, \
         expires_at_us) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token.token_hash.as_slice())
    .bind(&id)
    .bind(&token.username)
    .bind(&token.label)
    .bind(micros(token.created))
    .bind(micros(token.expires))
    .execute(&mut *tx)
    .await
    .map_err(|error| unique_as(error, || StoreError::Duplicate("that API token".into())))?;
    tx.commit().await?;
    Ok(id)
}

/// The username of a live token at `now`, recording the use.
pub(super) async fn use_token(
    store: &ThisStore,
    token_hash: &[u8; 32],
    now: Timestamp,
) -> StoreResult<Option<String>> {
    let now_us = micros(now);
    let found: Option<(String, Option<i64>)> = sqlx::query_as(
        "SELECT username, last_used_at_us FROM api_tokens WHERE token_hash = $1 \
         AND revoked_at_us IS NULL AND (expires_at_us IS NULL OR expires_at_us > $2)",
    )
    .bind(token_hash.as_slice())
    .bind(now_us)
    .fetch_optional(&store.pool)
    .await?;
    let Some((username, last_used)) = found else {
        return Ok(None);
    };
    if last_used.is_none_or(|last| last + LAST_USED_GRAIN_US <= now_us) {
        let mut tx = begin_write(store).await?;
        sqlx::query("UPDATE api_tokens SET last_used_at_us = $1 WHERE token_hash = $2")
            .bind(now_us)
            .bind(token_hash.as_slice())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(Some(username))
}

type TokenRow = (
    Option<String>,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

pub(super) async fn tokens(pool: &Pool<Db>, username: Option<&str>) -> StoreResult<Vec<TokenInfo>> {
    if username.is_some_and(|u| !nul::can_match(u)) {
        return Ok(Vec::new());
    }
    let rows: Vec<TokenRow> = sqlx::query_as(
        "SELECT token_id, username, label, created_at_us, expires_at_us, last_used_at_us, \
         revoked_at_us FROM api_tokens WHERE ($1 IS NULL OR username = $1) \
         ORDER BY created_at_us, token_id",
    )
    .bind(username)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(
            |(id, username, label, created, expires, last_used, revoked)| {
                Ok(TokenInfo {
                    id: id.unwrap_or_default(),
                    username,
                    label,
                    created: instant(created)?,
                    expires: optional_instant(expires)?,
                    last_used: optional_instant(last_used)?,
                    revoked: optional_instant(revoked)?,
                })
            },
        )
        .collect()
}

pub(super) async fn revoke_token(store: &ThisStore, id: &str, at: Timestamp) -> StoreResult<()> {
    if !nul::can_match(id) {
        return Err(StoreError::NotFound);
    }
    let mut tx = begin_write(store).await?;
    let found: Option<String> =
        sqlx::query_scalar("SELECT token_id FROM api_tokens WHERE token_id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if found.is_none() {
        return Err(StoreError::NotFound);
    }
    sqlx::query(
        "UPDATE api_tokens SET revoked_at_us = $1 WHERE token_id = $2 AND revoked_at_us IS NULL",
    )
    .bind(micros(at))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn set_password(
    store: &ThisStore,
    username: &str,
    password_hash: &str,
    must_change: bool,
) -> StoreResult<()> {
    if !nul::can_match(username) {
        return Err(StoreError::NotFound);
    }
    let mut tx = begin_write(store).await?;
    require_user(&mut tx, username).await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE username = $3",
    )
    .bind(password_hash)
    .bind(must_change)
    .bind(username)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
