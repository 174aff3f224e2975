//! The statements behind `Idempotency-Key`s: a new case made at most once per key, the key
//! recorded in the case's own transaction, and a retried request answered from the key's row.
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use redress_core::ids::OrgId;
use sqlx::Executor;

use super::{Db, ThisStore, begin_write, create_in};
use crate::sql_common::{is_unique_violation, micros, other};
use crate::{IdempotentAnswer, NewCase, NewIdempotencyKey, Once, StoreResult};

type AnswerRow = (Vec<u8>, String, String, Vec<u8>);

/// The unexpired row of `key_hash` in `org`, if any.
async fn find<'e>(
    executor: impl Executor<'e, Database = Db>,
    org: &OrgId,
    key: &NewIdempotencyKey,
) -> StoreResult<Option<IdempotentAnswer>> {
    let row: Option<AnswerRow> = sqlx::query_as(
        "SELECT request_hash, reference, answer, sealed_token FROM idempotency_keys \
         WHERE org = $1 AND key_hash = $2 AND created_at_us >= $3",
    )
    .bind(org.as_str())
    .bind(key.key_hash.as_slice())
    .bind(micros(key.expired_before))
    .fetch_optional(executor)
    .await?;
    row.map(|(request_hash, reference, answer, sealed_token)| {
        Ok(IdempotentAnswer {
            request_hash: request_hash
                .try_into()
                .map_err(|_| other("a stored request hash is not 32 bytes"))?,
            reference,
            answer,
            sealed_token,
        })
    })
    .transpose()
}

pub(super) async fn create_once<E: Send + 'static>(
    store: &ThisStore,
    org: &OrgId,
    prefix: &str,
    year: i16,
    key: &NewIdempotencyKey,
    build: impl FnOnce(&str) -> Result<(NewCase, String), E> + Send,
) -> StoreResult<Result<Once, E>> {
    let mut tx = begin_write(store).await?;
    // Expired keys go as new ones of the same organisation arrive, so the table holds about
    // one period's keys of each, and the statement stays within one organisation's rows.
    sqlx::query("DELETE FROM idempotency_keys WHERE org = $1 AND created_at_us < $2")
        .bind(org.as_str())
        .bind(micros(key.expired_before))
        .execute(&mut *tx)
        .await?;
    if let Some(found) = find(&mut *tx, org, key).await? {
        tx.commit().await?;
        return Ok(Ok(Once::Replayed(found)));
    }
    let mut answer = None;
    let made = create_in(&mut tx, org, prefix, year, |reference| {
        let (new_case, text) = build(reference)?;
        answer = Some(text);
        Ok(new_case)
    })
    .await?;
    let reference = match made {
        Ok(reference) => reference,
        // Dropping the transaction rolls the counter back: the number is not used.
        Err(error) => return Ok(Err(error)),
    };
    let answer = answer.ok_or_else(|| other("a case was built without its answer"))?;
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (org, key_hash, request_hash, reference, answer, \
         sealed_token, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org.as_str())
    .bind(key.key_hash.as_slice())
    .bind(key.request_hash.as_slice())
    .bind(&reference)
    .bind(&answer)
    .bind(key.sealed_token.as_slice())
    .bind(micros(key.at))
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        // Another request with the same key committed first (PostgreSQL, between our look-up
        // and our insert): this transaction, and the case in it, are dropped; its answer stands.
        Err(error) if is_unique_violation(&error) => {
            drop(tx);
            return match find(&store.pool, org, key).await? {
                Some(found) => Ok(Ok(Once::Replayed(found))),
                None => Err(other("an idempotency key clashed with one that is gone")),
            };
        }
        Err(error) => return Err(error.into()),
    }
    tx.commit().await?;
    Ok(Ok(Once::Created(reference)))
}
