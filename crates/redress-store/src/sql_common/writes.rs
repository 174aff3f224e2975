//! The statements `store_impl` builds its transactions from: reading a stream's head, handing
//! out references, inserting events, tracking tokens and outbox messages, writing read models.
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use jiff::Timestamp;
use redress_core::case::Event;
use redress_core::ids::OrgId;

use super::{Tx, write_search};
use crate::sql_common::{format_reference, is_unique_violation, micros, other, stored_count};
use crate::{ExportedEvent, OutboxMessage, ReadModels, StoreError, StoreResult};

pub(super) fn conflict(reference: &str, expected: u64, actual: u64) -> StoreError {
    StoreError::Conflict {
        reference: reference.to_owned(),
        expected,
        actual,
    }
}

/// Maps a unique violation to `error()`, anything else as usual.
pub(super) fn unique_as(error: sqlx::Error, duplicate: impl FnOnce() -> StoreError) -> StoreError {
    if is_unique_violation(&error) {
        duplicate()
    } else {
        error.into()
    }
}

/// A stream's organisation and version, or `None` if there is no such case.
pub(super) async fn stream_head(tx: &mut Tx, reference: &str) -> StoreResult<Option<(OrgId, u64)>> {
    let head: Option<(String, i64)> = sqlx::query_as(
        "SELECT org, seq FROM events WHERE reference = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(reference)
    .fetch_optional(&mut **tx)
    .await?;
    head.map(|(org, seq)| {
        let org = OrgId::parse(&org).map_err(other)?;
        let version =
            u64::try_from(seq).map_err(|_| other(format!("stored seq {seq} of {reference}")))?;
        Ok((org, version))
    })
    .transpose()
}

/// Hands out the organisation's next number for the year, skipping any already in use (by an
/// imported case under another prefix, say). Rolled back with the transaction if it fails.
pub(super) async fn next_reference(
    tx: &mut Tx,
    org: &OrgId,
    prefix: &str,
    year: i16,
) -> StoreResult<String> {
    loop {
        let number: i64 = sqlx::query_scalar(
            "INSERT INTO case_numbers (org, year, last) VALUES ($1, $2, 1) \
             ON CONFLICT (org, year) DO UPDATE SET last = case_numbers.last + 1 RETURNING last",
        )
        .bind(org.as_str())
        .bind(i64::from(year))
        .fetch_one(&mut **tx)
        .await?;
        let reference = format_reference(prefix, year, number);
        if stream_head(tx, &reference).await?.is_none() {
            return Ok(reference);
        }
    }
}

/// Inserts events at positions after `version`. A position already taken is `Conflict`.
pub(super) async fn insert_events(
    tx: &mut Tx,
    reference: &str,
    org: &OrgId,
    version: u64,
    events: &[Event],
    actor: Option<&str>,
) -> StoreResult<()> {
    let recorded_at = Timestamp::now();
    for (offset, event) in events.iter().enumerate() {
        let seq = version + 1 + offset as u64;
        let exported = ExportedEvent {
            reference: reference.to_owned(),
            org: org.clone(),
            seq,
            recorded_at,
            actor: actor.map(str::to_owned),
            tracking_hash: None,
            event: event.clone(),
        };
        insert_event(tx, &exported, org).await?;
    }
    Ok(())
}

pub(super) async fn insert_event(
    tx: &mut Tx,
    event: &ExportedEvent,
    org: &OrgId,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO events (reference, seq, org, at_us, recorded_at_us, actor, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&event.reference)
    .bind(stored_count(event.seq)?)
    .bind(org.as_str())
    .bind(micros(event.event.at))
    .bind(micros(event.recorded_at))
    .bind(&event.actor)
    .bind(serde_json::to_string(&event.event)?)
    .execute(&mut **tx)
    .await
    .map_err(|error| {
        unique_as(error, || {
            conflict(&event.reference, event.seq.saturating_sub(1), event.seq)
        })
    })?;
    Ok(())
}

pub(super) async fn insert_tracking(
    tx: &mut Tx,
    reference: &str,
    token_hash: &[u8; 32],
) -> StoreResult<()> {
    sqlx::query("INSERT INTO case_tracking (reference, token_hash) VALUES ($1, $2)")
        .bind(reference)
        .bind(token_hash.as_slice())
        .execute(&mut **tx)
        .await
        .map_err(|error| {
            unique_as(error, || {
                StoreError::Duplicate("that tracking token".into())
            })
        })?;
    Ok(())
}

/// Replaces a case's tracking token (or gives it one): the old token stops working.
pub(super) async fn replace_tracking(
    tx: &mut Tx,
    reference: &str,
    token_hash: &[u8; 32],
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO case_tracking (reference, token_hash) VALUES ($1, $2) \
         ON CONFLICT (reference) DO UPDATE SET token_hash = excluded.token_hash",
    )
    .bind(reference)
    .bind(token_hash.as_slice())
    .execute(&mut **tx)
    .await
    .map_err(|error| {
        unique_as(error, || {
            StoreError::Duplicate("that tracking token".into())
        })
    })?;
    Ok(())
}

pub(super) async fn insert_outbox(tx: &mut Tx, messages: &[OutboxMessage]) -> StoreResult<()> {
    for message in messages {
        sqlx::query(
            "INSERT INTO outbox (id, reference, kind, recipient, payload, created_at_us, secret) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&message.id)
        .bind(&message.reference)
        .bind(&message.kind)
        .bind(&message.recipient)
        .bind(serde_json::to_string(&message.payload)?)
        .bind(micros(message.created_at))
        .bind(&message.secret)
        .execute(&mut **tx)
        .await
        .map_err(|error| {
            unique_as(error, || {
                StoreError::Duplicate(format!("outbox message {}", message.id))
            })
        })?;
    }
    Ok(())
}

/// Writes a case's summary, deadlines and search text. The key, the organisation and the version
/// come from the stream, not from the caller's summary: the organisation is what `list_cases`
/// authorises by, and the version is what the next append is checked against.
pub(super) async fn write_read_models(
    tx: &mut Tx,
    reference: &str,
    org: &OrgId,
    version: u64,
    models: &ReadModels,
) -> StoreResult<()> {
    let summary = &models.summary;
    sqlx::query(
        "INSERT INTO cases (reference, org, kind, status, stage, handler, received_at_us, closed_at_us, \
         next_due_at_us, next_due_what, title, version, procedure_version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (reference) DO UPDATE SET org = excluded.org, kind = excluded.kind, \
         status = excluded.status, stage = excluded.stage, handler = excluded.handler, \
         received_at_us = excluded.received_at_us, closed_at_us = excluded.closed_at_us, \
         next_due_at_us = excluded.next_due_at_us, next_due_what = excluded.next_due_what, \
         title = excluded.title, version = excluded.version, procedure_version = excluded.procedure_version",
    )
    .bind(reference)
    .bind(org.as_str())
    .bind(&summary.kind)
    .bind(&summary.status)
    .bind(&summary.stage)
    .bind(&summary.handler)
    .bind(micros(summary.received_at))
    .bind(summary.closed_at.map(micros))
    .bind(summary.next_due_at.map(micros))
    .bind(&summary.next_due_what)
    .bind(&summary.title)
    .bind(stored_count(version)?)
    .bind(&summary.procedure_version)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM case_deadlines WHERE reference = $1")
        .bind(reference)
        .execute(&mut **tx)
        .await?;
    for (position, deadline) in models.deadlines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO case_deadlines (reference, position, clock, stage, what, due_at_us, due_date, paused) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(reference)
        .bind(position as i64)
        .bind(&deadline.clock)
        .bind(&deadline.stage)
        .bind(&deadline.what)
        .bind(micros(deadline.due_at))
        .bind(deadline.due_date.to_string())
        .bind(deadline.paused)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM case_access WHERE org = $1 AND reference = $2")
        .bind(org.as_str())
        .bind(reference)
        .execute(&mut **tx)
        .await?;
    for row in &models.access {
        sqlx::query(
            "INSERT INTO case_access (org, reference, kind, subject) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(org.as_str())
        .bind(reference)
        .bind(row.kind)
        .bind(&row.subject)
        .execute(&mut **tx)
        .await?;
    }
    super::conduct::write_people_and_matter(tx, reference, org, summary.received_at, models)
        .await?;
    sqlx::query("DELETE FROM case_learning WHERE reference = $1")
        .bind(reference)
        .execute(&mut **tx)
        .await?;
    for row in &models.learning {
        sqlx::query(
            "INSERT INTO case_learning (reference, org, number, what, owner, due_on, done_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(reference)
        .bind(org.as_str())
        .bind(i64::from(row.number))
        .bind(&row.what)
        .bind(&row.owner)
        .bind(row.due_on.map(|d| d.to_string()))
        .bind(row.done_on.map(|d| d.to_string()))
        .execute(&mut **tx)
        .await?;
    }
    // One statement per append: the row is replaced in place (a case has facts from its
    // receipt on, so the delete is only for a case that has none).
    match &models.facts {
        Some(facts) => {
            let (first, last) = facts.days();
            sqlx::query(
                "INSERT INTO case_facts (org, reference, first_on, last_on, facts, procedure_id) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org, reference) DO UPDATE SET \
                 first_on = excluded.first_on, last_on = excluded.last_on, facts = excluded.facts, \
                 procedure_id = excluded.procedure_id",
            )
            .bind(org.as_str())
            .bind(reference)
            .bind(first.to_string())
            .bind(last.to_string())
            .bind(crate::facts_text::encode(facts)?)
            .bind(facts.procedure.as_str())
            .execute(&mut **tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM case_facts WHERE org = $1 AND reference = $2")
                .bind(org.as_str())
                .bind(reference)
                .execute(&mut **tx)
                .await?;
        }
    }
    write_published(tx, reference, org, models.published.as_ref()).await?;
    write_search(tx, reference, &models.search_text).await
}

/// The case's row on the public compliments page: replaced while it is published, deleted
/// otherwise (taken down, consent withdrawn, erased).
async fn write_published(
    tx: &mut Tx,
    reference: &str,
    org: &OrgId,
    published: Option<&crate::PublishedRow>,
) -> StoreResult<()> {
    match published {
        Some(row) => {
            sqlx::query(
                "INSERT INTO published_items (org, reference, published_on, kind, wording) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org, reference) DO UPDATE SET \
                 published_on = excluded.published_on, kind = excluded.kind, wording = excluded.wording",
            )
            .bind(org.as_str())
            .bind(reference)
            .bind(row.published_on.to_string())
            .bind(&row.kind)
            .bind(&row.wording)
            .execute(&mut **tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM published_items WHERE org = $1 AND reference = $2")
                .bind(org.as_str())
                .bind(reference)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

pub(super) async fn require_user(tx: &mut Tx, username: &str) -> StoreResult<()> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT username FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut **tx)
            .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound),
    }
}
