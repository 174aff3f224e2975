//! The statements for conduct records (a person's warnings, restrictions, reviews and
//! adjustments, in `conduct_events`) and for the read models repeats are spotted by
//! (`case_people`, `case_matters`; migration 0014).
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use redress_core::conduct::ConductEvent;
use redress_core::ids::OrgId;
use sqlx::Pool;

use super::writes::{CaseModels, insert_outbox, insert_rows};
use super::{Db, ThisStore, Tx, begin_write};
use crate::sql_common::{instant, is_unique_violation, micros, nul, stored_count};
use crate::{CaseMatter, ConductCommit, MatterRow, StoreError, StoreResult};

/// A person's conduct events, oldest first.
pub(super) async fn conduct(
    pool: &Pool<Db>,
    org: &OrgId,
    person: &str,
) -> StoreResult<Vec<ConductEvent>> {
    if !nul::can_match(person) {
        return Ok(Vec::new());
    }
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT data FROM conduct_events WHERE org = $1 AND person = $2 ORDER BY seq",
    )
    .bind(org.as_str())
    .bind(person)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(data,)| Ok(serde_json::from_str(&data)?))
        .collect()
}

/// Every person of `org` with a conduct record, with their events, by address.
pub(super) async fn conduct_people(
    pool: &Pool<Db>,
    org: &OrgId,
) -> StoreResult<Vec<(String, Vec<ConductEvent>)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT person, data FROM conduct_events WHERE org = $1 ORDER BY person, seq",
    )
    .bind(org.as_str())
    .fetch_all(pool)
    .await?;
    let mut out: Vec<(String, Vec<ConductEvent>)> = Vec::new();
    for (person, data) in rows {
        let event: ConductEvent = serde_json::from_str(&data)?;
        match out.last_mut() {
            Some((last, events)) if *last == person => events.push(event),
            _ => out.push((person, vec![event])),
        }
    }
    Ok(out)
}

/// Deletes a person's record, with the audit entries saying so.
pub(super) async fn delete_conduct(
    store: &ThisStore,
    org: &OrgId,
    person: &str,
    audit: &[crate::AuditEntry],
) -> StoreResult<usize> {
    super::audit::storable(audit)?;
    let mut tx = begin_write(store).await?;
    let deleted = sqlx::query("DELETE FROM conduct_events WHERE org = $1 AND person = $2")
        .bind(org.as_str())
        .bind(person)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    super::audit::append_in(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(deleted as usize)
}

/// Appends to a person's record at the next positions, with the letters' outbox rows.
pub(super) async fn append_conduct(store: &ThisStore, commit: &ConductCommit) -> StoreResult<()> {
    nul::storable_text("person", &commit.person)?;
    nul::storable("conduct", &commit.events)?;
    for message in &commit.outbox {
        nul::storable("outbox", message)?;
    }
    let mut tx = begin_write(store).await?;
    let actual: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), 0) FROM conduct_events WHERE org = $1 AND person = $2",
    )
    .bind(commit.org.as_str())
    .bind(&commit.person)
    .fetch_one(&mut *tx)
    .await?;
    let conflict = |actual: u64| StoreError::Conflict {
        reference: format!("conduct of {}", commit.person),
        expected: commit.expected_version,
        actual,
    };
    if actual as u64 != commit.expected_version {
        return Err(conflict(actual as u64));
    }
    for (offset, event) in commit.events.iter().enumerate() {
        sqlx::query(
            "INSERT INTO conduct_events (org, person, seq, at_us, actor, reference, data) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(commit.org.as_str())
        .bind(&commit.person)
        .bind(stored_count(commit.expected_version + offset as u64 + 1)?)
        .bind(micros(event.at))
        .bind(&event.by)
        .bind(&event.case)
        .bind(serde_json::to_string(event)?)
        .execute(&mut *tx)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                conflict(commit.expected_version + 1)
            } else {
                error.into()
            }
        })?;
    }
    insert_outbox(&mut tx, &commit.outbox).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes cases' people and matters (part of `write_read_models`, which has deleted their old
/// people if they had any).
pub(super) async fn write_people_and_matters(
    tx: &mut Tx,
    cases: &[CaseModels<'_>],
) -> StoreResult<()> {
    let people: Vec<_> = cases
        .iter()
        .flat_map(|case| case.models.people.iter().map(move |person| (case, person)))
        .collect();
    insert_rows(
        tx,
        "INSERT INTO case_people (org, person, reference)",
        3,
        "ON CONFLICT DO NOTHING",
        &people,
        |row, (case, person)| {
            row.push_bind(case.org.as_str())
                .push_bind(person.as_str())
                .push_bind(case.reference);
        },
    )
    .await?;
    let matters: Vec<_> = cases
        .iter()
        .map(|case| (case, case.models.matter.words.join(" ")))
        .collect();
    insert_rows(
        tx,
        "INSERT INTO case_matters (reference, org, received_at_us, words, investigated)",
        5,
        "ON CONFLICT (reference) DO UPDATE SET org = excluded.org, \
         received_at_us = excluded.received_at_us, words = excluded.words, \
         investigated = excluded.investigated",
        &matters,
        |row, (case, words)| {
            row.push_bind(case.reference)
                .push_bind(case.org.as_str())
                .push_bind(micros(case.models.summary.received_at))
                .push_bind(words.as_str())
                .push_bind(case.models.matter.investigated);
        },
    )
    .await?;
    Ok(())
}

/// The references of `org`'s cases with `person`'s address on them, newest first.
pub(super) async fn cases_of_person(
    pool: &Pool<Db>,
    org: &OrgId,
    person: &str,
) -> StoreResult<Vec<String>> {
    if !nul::can_match(person) {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_scalar(
        "SELECT p.reference FROM case_people p JOIN cases c ON c.reference = p.reference \
         WHERE p.org = $1 AND p.person = $2 ORDER BY c.received_at_us DESC, p.reference DESC",
    )
    .bind(org.as_str())
    .bind(person)
    .fetch_all(pool)
    .await?)
}

/// `org`'s cases to compare a new one with: every case of `people`, and the `limit` most
/// recently received, newest first, each with its matter and which of `people` are on it. One
/// statement for the recent rows and one for each person's cases with their matters, whatever
/// the organisation's size or how many cases a person has (a shared mailbox can have
/// thousands).
pub(super) async fn matters(
    pool: &Pool<Db>,
    org: &OrgId,
    people: &[String],
    limit: u32,
) -> StoreResult<Vec<MatterRow>> {
    let recent: Vec<(String, i64, String, bool)> = sqlx::query_as(
        "SELECT reference, received_at_us, words, investigated FROM case_matters WHERE org = $1 \
         ORDER BY received_at_us DESC, reference DESC LIMIT $2",
    )
    .bind(org.as_str())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    let row = |(reference, received, words, investigated): (String, i64, String, bool)| {
        Ok(MatterRow {
            reference,
            received_at: instant(received)?,
            matter: CaseMatter {
                words: words.split_whitespace().map(str::to_owned).collect(),
                investigated,
            },
            people: Vec::new(),
        })
    };
    let mut out: Vec<MatterRow> = recent.into_iter().map(row).collect::<StoreResult<_>>()?;
    let mut index: std::collections::HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(position, row)| (row.reference.clone(), position))
        .collect();
    for person in people {
        if !nul::can_match(person) {
            continue;
        }
        let theirs: Vec<(String, i64, String, bool)> = sqlx::query_as(
            "SELECT m.reference, m.received_at_us, m.words, m.investigated FROM case_people p \
             JOIN case_matters m ON m.reference = p.reference WHERE p.org = $1 AND p.person = $2 \
             ORDER BY m.received_at_us DESC, m.reference DESC",
        )
        .bind(org.as_str())
        .bind(person)
        .fetch_all(pool)
        .await?;
        for found in theirs {
            let position = match index.get(&found.0) {
                Some(&position) => position,
                None => {
                    let position = out.len();
                    index.insert(found.0.clone(), position);
                    out.push(row(found)?);
                    position
                }
            };
            out[position].people.push(person.clone());
        }
    }
    Ok(out)
}
