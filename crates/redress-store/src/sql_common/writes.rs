//! The statements `store_impl` builds its transactions from: reading a stream's head, handing
//! out references, inserting events, tracking tokens and outbox messages, writing read models,
//! each kind of row in one multi-row `INSERT` for all the cases of a write (`insert_rows`).
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use jiff::Timestamp;
use redress_core::case::Event;
use redress_core::case::retention::RetentionCheck;
use redress_core::ids::OrgId;

use sqlx::QueryBuilder;
use sqlx::query_builder::Separated;

use super::{Db, Tx, write_search};
use crate::sql_common::{
    Rows, format_reference, is_unique_violation, micros, other, rows_per_statement, stored_count,
};
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

/// The first (by reference) of `references` that is already a case, if any.
pub(super) async fn first_existing(
    tx: &mut Tx,
    references: &[&str],
) -> StoreResult<Option<String>> {
    for chunk in references.chunks(rows_per_statement(1)) {
        let mut statement = QueryBuilder::<Db>::new(
            "SELECT reference FROM events WHERE seq = 1 AND reference IN (",
        );
        let mut list = statement.separated(", ");
        for reference in chunk {
            list.push_bind(*reference);
        }
        list.push_unseparated(") ORDER BY reference LIMIT 1");
        let found: Option<String> = statement
            .build_query_scalar()
            .fetch_optional(&mut **tx)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
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
    let exported: Vec<ExportedEvent> = events
        .iter()
        .enumerate()
        .map(|(offset, event)| ExportedEvent {
            reference: reference.to_owned(),
            org: org.clone(),
            seq: version + 1 + offset as u64,
            recorded_at,
            actor: actor.map(str::to_owned),
            tracking_hash: None,
            event: event.clone(),
        })
        .collect();
    // Streams have no gaps, so if any of these positions is taken the first one is.
    insert_exported(tx, exported.iter(), || {
        conflict(reference, version, version + 1)
    })
    .await
}

/// Inserts events as they are given, each in its organisation; `taken` is the error when a
/// position is already taken.
pub(super) async fn insert_exported<'a>(
    tx: &mut Tx,
    events: impl Iterator<Item = &'a ExportedEvent>,
    taken: impl Fn() -> StoreError,
) -> StoreResult<()> {
    let rows = events
        .map(|event| {
            Ok((
                event,
                stored_count(event.seq)?,
                serde_json::to_string(&event.event)?,
            ))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    insert_rows(
        tx,
        "INSERT INTO events (reference, seq, org, at_us, recorded_at_us, actor, data)",
        7,
        "",
        &rows,
        |row, (event, seq, data)| {
            row.push_bind(event.reference.as_str())
                .push_bind(*seq)
                .push_bind(event.org.as_str())
                .push_bind(micros(event.event.at))
                .push_bind(micros(event.recorded_at))
                .push_bind(event.actor.as_deref())
                .push_bind(data.as_str());
        },
    )
    .await
    .map_err(|error| unique_as(error, taken))
}

/// Inserts `rows` in as few statements as the limits on bound parameters allow:
/// `head` is `INSERT INTO table (columns)` with `columns` columns, `tail` what follows the values
/// (an `ON CONFLICT` clause, or nothing), and `bind` binds one row's values in the columns' order.
/// Crate-visible so the parent's `write_search` writes its rows the same way.
pub(crate) async fn insert_rows<T>(
    tx: &mut Tx,
    head: &str,
    columns: usize,
    tail: &str,
    rows: &[T],
    mut bind: impl FnMut(&mut Separated<'_, Db, &'static str>, &T),
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(rows_per_statement(columns)) {
        let mut statement = QueryBuilder::<Db>::new(head);
        statement.push(" ");
        statement.push_values(chunk, |mut row, item| bind(&mut row, item));
        statement.push(" ").push(tail);
        statement.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Gives cases their tracking tokens: `(reference, SHA-256 of the token)`.
pub(super) async fn insert_tracking(tx: &mut Tx, tokens: &[(&str, [u8; 32])]) -> StoreResult<()> {
    insert_rows(
        tx,
        "INSERT INTO case_tracking (reference, token_hash)",
        2,
        "",
        tokens,
        |row, (reference, token_hash)| {
            row.push_bind(*reference).push_bind(token_hash.as_slice());
        },
    )
    .await
    .map_err(|error| {
        unique_as(error, || {
            StoreError::Duplicate("that tracking token".into())
        })
    })
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

/// A case's read models, with the key, organisation and version from its stream: the
/// organisation is what `list_cases` authorises by, and the version is what the next append is
/// checked against, so neither is taken from the caller's summary.
pub(super) struct CaseModels<'a> {
    pub(super) reference: &'a str,
    pub(super) org: &'a OrgId,
    pub(super) version: u64,
    pub(super) models: &'a ReadModels,
}

/// Whether the dashboard counts the case (migration 0028): it is open, or has a learning
/// action not yet done. Its access rows say so, so the counts of what a viewer is kept from
/// read the live cases that name them, not every case that ever did.
fn live(case: &CaseModels<'_>) -> bool {
    case.models.summary.status == "open"
        || case
            .models
            .learning
            .iter()
            .any(|action| action.done_on.is_none())
}

/// Writes cases' summaries, deadlines, access, people, matters, learning, report facts,
/// published items and search text: each table in one multi-row statement for all the cases
/// (an import writes 500 cases in a few dozen statements), after deleting their old rows if
/// `rows` is `Replace`.
pub(super) async fn write_read_models(
    tx: &mut Tx,
    cases: &[CaseModels<'_>],
    rows: Rows,
) -> StoreResult<()> {
    // The tallies' change: the cases as they were taken away, as they are added.
    let mut tallied = super::tallies::Change::default();
    if rows == Rows::Replace {
        let references: Vec<&str> = cases.iter().map(|case| case.reference).collect();
        tallied.take_stored(tx, &references).await?;
        for case in cases {
            delete_read_models(tx, case).await?;
        }
    }
    tallied.count_new(cases);
    let versions = cases
        .iter()
        .map(|case| stored_count(case.version))
        .collect::<StoreResult<Vec<_>>>()?;
    let summaries: Vec<_> = cases.iter().zip(&versions).collect();
    insert_rows(
        tx,
        "INSERT INTO cases (reference, org, kind, status, stage, handler, received_at_us, closed_at_us, \
         next_due_at_us, next_due_what, title, version, procedure_version, retention_on, retention_silent, acknowledging)",
        16,
        "ON CONFLICT (reference) DO UPDATE SET org = excluded.org, kind = excluded.kind, \
         status = excluded.status, stage = excluded.stage, handler = excluded.handler, \
         received_at_us = excluded.received_at_us, closed_at_us = excluded.closed_at_us, \
         next_due_at_us = excluded.next_due_at_us, next_due_what = excluded.next_due_what, \
         title = excluded.title, version = excluded.version, procedure_version = excluded.procedure_version, \
         retention_on = excluded.retention_on, retention_silent = excluded.retention_silent, \
         acknowledging = excluded.acknowledging",
        &summaries,
        |row, (case, version)| {
            let summary = &case.models.summary;
            row.push_bind(case.reference)
                .push_bind(case.org.as_str())
                .push_bind(summary.kind.as_str())
                .push_bind(summary.status.as_str())
                .push_bind(summary.stage.as_deref())
                .push_bind(summary.handler.as_deref())
                .push_bind(micros(summary.received_at))
                .push_bind(summary.closed_at.map(micros))
                .push_bind(summary.next_due_at.map(micros))
                .push_bind(summary.next_due_what.as_deref())
                .push_bind(summary.title.as_str())
                .push_bind(**version)
                .push_bind(summary.procedure_version.as_str())
                .push_bind(retention_on(case.models.retention))
                .push_bind(case.models.retention == RetentionCheck::Every)
                .push_bind(super::tallies::acknowledging(case));
        },
    )
    .await?;
    tallied.apply(tx).await?;
    let deadlines: Vec<_> = cases
        .iter()
        .flat_map(|case| {
            let deadlines = case.models.deadlines.iter().enumerate();
            deadlines.map(move |(position, deadline)| (case.reference, position as i64, deadline))
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO case_deadlines (reference, position, clock, stage, what, due_at_us, due_date, paused)",
        8,
        "",
        &deadlines,
        |row, (reference, position, deadline)| {
            row.push_bind(*reference)
                .push_bind(*position)
                .push_bind(deadline.clock.as_str())
                .push_bind(deadline.stage.as_deref())
                .push_bind(deadline.what.as_str())
                .push_bind(micros(deadline.due_at))
                .push_bind(deadline.due_date.to_string())
                .push_bind(deadline.paused);
        },
    )
    .await?;
    let access: Vec<_> = cases
        .iter()
        .flat_map(|case| case.models.access.iter().map(move |row| (case, row)))
        .collect();
    insert_rows(
        tx,
        "INSERT INTO case_access (org, reference, kind, subject, live)",
        5,
        "ON CONFLICT DO NOTHING",
        &access,
        |row, (case, access)| {
            row.push_bind(case.org.as_str())
                .push_bind(case.reference)
                .push_bind(access.kind)
                .push_bind(access.subject.as_str())
                .push_bind(live(case));
        },
    )
    .await?;
    super::conduct::write_people_and_matters(tx, cases).await?;
    let learning: Vec<_> = cases
        .iter()
        .flat_map(|case| case.models.learning.iter().map(move |row| (case, row)))
        .collect();
    insert_rows(
        tx,
        "INSERT INTO case_learning (reference, org, number, what, owner, due_on, done_on)",
        7,
        "",
        &learning,
        |row, (case, learning)| {
            row.push_bind(case.reference)
                .push_bind(case.org.as_str())
                .push_bind(i64::from(learning.number))
                .push_bind(learning.what.as_str())
                .push_bind(learning.owner.as_deref())
                .push_bind(learning.due_on.map(|d| d.to_string()))
                .push_bind(learning.done_on.map(|d| d.to_string()));
        },
    )
    .await?;
    let facts = cases
        .iter()
        .filter_map(|case| case.models.facts.as_ref().map(|facts| (case, facts)))
        .map(|(case, facts)| Ok((case, facts.days(), crate::facts_text::encode(facts)?)))
        .collect::<StoreResult<Vec<_>>>()?;
    insert_rows(
        tx,
        "INSERT INTO case_facts (org, reference, first_on, last_on, facts, procedure_id)",
        6,
        "ON CONFLICT (org, reference) DO UPDATE SET first_on = excluded.first_on, \
         last_on = excluded.last_on, facts = excluded.facts, procedure_id = excluded.procedure_id",
        &facts,
        |row, (case, (first, last), line)| {
            let procedure = case
                .models
                .facts
                .as_ref()
                .map(|facts| facts.procedure.as_str());
            row.push_bind(case.org.as_str())
                .push_bind(case.reference)
                .push_bind(first.to_string())
                .push_bind(last.to_string())
                .push_bind(line.as_str())
                .push_bind(procedure);
        },
    )
    .await?;
    let published: Vec<_> = cases
        .iter()
        .filter_map(|case| case.models.published.as_ref().map(|row| (case, row)))
        .collect();
    insert_rows(
        tx,
        "INSERT INTO published_items (org, reference, published_on, kind, wording)",
        5,
        "ON CONFLICT (org, reference) DO UPDATE SET published_on = excluded.published_on, \
         kind = excluded.kind, wording = excluded.wording",
        &published,
        |row, (case, published)| {
            row.push_bind(case.org.as_str())
                .push_bind(case.reference)
                .push_bind(published.published_on.to_string())
                .push_bind(published.kind.as_str())
                .push_bind(published.wording.as_str());
        },
    )
    .await?;
    let texts: Vec<(&str, &str)> = cases
        .iter()
        .map(|case| (case.reference, case.models.search_text.as_str()))
        .collect();
    write_search(tx, &texts, rows).await
}

/// `cases.retention_on` for a case (migration 0024): its day, the latest date for never, `NULL`
/// when its procedure is silent (and `retention_silent` true, migration 0026: a run reads it
/// once the default period has passed since its closure).
fn retention_on(check: RetentionCheck) -> Option<String> {
    match check {
        RetentionCheck::Never => Some(jiff::civil::Date::MAX.to_string()),
        RetentionCheck::From(day) => Some(day.to_string()),
        RetentionCheck::Every => None,
    }
}

/// Deletes the rows of a case's read models that `write_read_models` inserts afresh. The
/// summary, matter, facts and published item are replaced in place, so their rows are deleted
/// only when the case no longer has them (facts: never had; published: taken down, consent
/// withdrawn, erased); the search text is the database's own business (`write_search`).
async fn delete_read_models(tx: &mut Tx, case: &CaseModels<'_>) -> StoreResult<()> {
    for statement in [
        "DELETE FROM case_deadlines WHERE reference = $1",
        "DELETE FROM case_people WHERE reference = $1",
        "DELETE FROM case_learning WHERE reference = $1",
    ] {
        sqlx::query(statement)
            .bind(case.reference)
            .execute(&mut **tx)
            .await?;
    }
    let facts = case.models.facts.is_none();
    let published = case.models.published.is_none();
    for (statement, wanted) in [
        (
            "DELETE FROM case_access WHERE org = $1 AND reference = $2",
            true,
        ),
        (
            "DELETE FROM case_facts WHERE org = $1 AND reference = $2",
            facts,
        ),
        (
            "DELETE FROM published_items WHERE org = $1 AND reference = $2",
            published,
        ),
    ] {
        if wanted {
            sqlx::query(statement)
                .bind(case.org.as_str())
                .bind(case.reference)
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
