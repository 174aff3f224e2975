//! The statements behind the staff administration pages: listing users, revoking roles,
//! members' confirmations that they have read a procedure version, and the cases of a log period.
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use jiff::Timestamp;
use redress_core::ids::OrgId;
use sqlx::{AssertSqlSafe, Pool};

use super::writes::require_user;
use super::{Db, FACTS_JOINED, ThisStore, begin_write};
use crate::sql_common::{CASE_COLUMNS, CaseRecord, RoleRecord, UserRecord, instant, micros};
use crate::{CaseSummary, Confirmation, StoreError, StoreResult, User};

/// Every user with their roles, read in one transaction so the two lists agree.
pub(super) async fn users(pool: &Pool<Db>) -> StoreResult<Vec<User>> {
    let mut tx = pool.begin().await?;
    let records: Vec<UserRecord> =
        sqlx::query_as("SELECT username, display_name, password_hash, must_change_password FROM users ORDER BY username")
            .fetch_all(&mut *tx)
            .await?;
    let memberships: Vec<(String, String, String)> =
        sqlx::query_as("SELECT username, org, role FROM memberships ORDER BY username, org")
            .fetch_all(&mut *tx)
            .await?;
    tx.commit().await?;
    let mut users = Vec::with_capacity(records.len());
    for record in records {
        let roles = memberships
            .iter()
            .filter(|(username, _, _)| *username == record.username)
            .map(|(_, org, role)| {
                RoleRecord {
                    org: org.clone(),
                    role: role.clone(),
                }
                .into_role()
            })
            .collect::<StoreResult<_>>()?;
        users.push(User {
            username: record.username,
            display_name: record.display_name,
            password_hash: record.password_hash,
            must_change_password: record.must_change_password,
            roles,
            holds: Vec::new(),
            member_ids: Vec::new(),
        });
    }
    Ok(users)
}

pub(super) async fn revoke(store: &ThisStore, username: &str, org: &OrgId) -> StoreResult<()> {
    let mut tx = begin_write(store).await?;
    require_user(&mut tx, username).await?;
    sqlx::query("DELETE FROM memberships WHERE username = $1 AND org = $2")
        .bind(username)
        .bind(org.as_str())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn confirm_read(
    store: &ThisStore,
    org: &OrgId,
    version: &str,
    username: &str,
    at: Timestamp,
) -> StoreResult<()> {
    let mut tx = begin_write(store).await?;
    require_user(&mut tx, username).await?;
    let procedure: Option<String> =
        sqlx::query_scalar("SELECT version FROM procedures WHERE org = $1 AND version = $2")
            .bind(org.as_str())
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
    procedure.ok_or(StoreError::NotFound)?;
    // The first confirmation stands: King's Park's list says when each member first confirmed.
    sqlx::query(
        "INSERT INTO procedure_confirmations (org, version, username, confirmed_at_us) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (org, version, username) DO NOTHING",
    )
    .bind(org.as_str())
    .bind(version)
    .bind(username)
    .bind(micros(at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn confirmations(
    pool: &Pool<Db>,
    org: &OrgId,
    version: &str,
) -> StoreResult<Vec<Confirmation>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT c.username, u.display_name, c.confirmed_at_us FROM procedure_confirmations c \
         JOIN users u ON u.username = c.username WHERE c.org = $1 AND c.version = $2 \
         ORDER BY c.confirmed_at_us, c.username",
    )
    .bind(org.as_str())
    .bind(version)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(username, display_name, at)| {
            Ok(Confirmation {
                username,
                display_name,
                at: instant(at)?,
            })
        })
        .collect()
}

pub(super) async fn cases_received(
    pool: &Pool<Db>,
    org: &OrgId,
    from: Timestamp,
    until: Timestamp,
) -> StoreResult<Vec<CaseSummary>> {
    let records: Vec<CaseRecord> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM cases c WHERE c.org = $1 AND c.received_at_us >= $2 \
         AND c.received_at_us < $3 ORDER BY c.received_at_us, c.reference"
    )))
    .bind(org.as_str())
    .bind(micros(from))
    .bind(micros(until))
    .fetch_all(pool)
    .await?;
    records.into_iter().map(CaseRecord::into_summary).collect()
}

/// How many cases' facts `report_facts` reads in one statement.
const FACTS_PER_READ: i64 = 5_000;

/// Calls `each` with the report facts of `org`'s cases touching `first..=last` (only those of
/// `procedure`, when named), and returns the streams of its cases with no facts row (stored
/// before migration 0020, or before 0023 until `redress rebuild`; of any procedure), all in one
/// read transaction. The streams are read only when the organisation has more cases than facts
/// rows: after `redress rebuild`, never.
pub(super) async fn report_facts(
    pool: &Pool<Db>,
    org: &OrgId,
    first: jiff::civil::Date,
    last: jiff::civil::Date,
    procedure: Option<&redress_core::ids::ProcedureId>,
    each: &mut (dyn FnMut(&redress_core::report::CaseFacts) + Send),
) -> StoreResult<Vec<(String, Vec<redress_core::case::Event>)>> {
    let mut tx = pool.begin().await?;
    // A few thousand cases' facts at a time, joined into one text in SQL: a row each would
    // cost more in the driver than the reading does.
    let of_procedure = if procedure.is_some() {
        "AND procedure_id = $5"
    } else {
        ""
    };
    let sql = format!(
        "SELECT {FACTS_JOINED}, MAX(reference), COUNT(*) FROM (SELECT reference, facts FROM case_facts \
         WHERE org = $1 AND last_on >= $2 AND first_on <= $3 AND reference > $4 {of_procedure} \
         ORDER BY reference LIMIT {FACTS_PER_READ}) AS chunk"
    );
    let (first_on, last_on) = (first.to_string(), last.to_string());
    // The chunk read last, not yet handed to `each`, and where the next one starts (`None`
    // once the last is read).
    let mut read: Option<String> = None;
    let mut after = Some(String::new());
    while read.is_some() || after.is_some() {
        // The database reads the next chunk (on its own thread, or server) while this one is
        // decoded and counted here: `biased` starts the read first.
        let next = async {
            let Some(after) = &after else {
                return Ok(None);
            };
            let mut query = sqlx::query_as::<Db, (Option<String>, Option<String>, i64)>(
                AssertSqlSafe(sql.clone()),
            )
            .bind(org.as_str())
            .bind(&first_on)
            .bind(&last_on)
            .bind(after);
            if let Some(procedure) = procedure {
                query = query.bind(procedure.as_str());
            }
            query.fetch_one(&mut *tx).await.map(Some)
        };
        let fold = async {
            for line in read.take().iter().flat_map(|joined| joined.split('\n')) {
                each(&crate::facts_text::decode(line)?);
            }
            StoreResult::Ok(())
        };
        let (next, folded) = tokio::join!(biased; next, fold);
        folded?;
        match next? {
            Some((joined, last_reference, count)) => {
                read = joined;
                after = last_reference.filter(|_| count == FACTS_PER_READ);
            }
            None => after = None,
        }
    }
    let (cases, with_facts): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM cases WHERE org = $1), \
         (SELECT COUNT(*) FROM case_facts WHERE org = $1)",
    )
    .bind(org.as_str())
    .fetch_one(&mut *tx)
    .await?;
    let mut without_facts: Vec<(String, Vec<redress_core::case::Event>)> = Vec::new();
    if cases > with_facts {
        let received_before = redress_core::calendar::start_of_day(
            last.tomorrow()
                .map_err(|e| crate::sql_common::other(e.to_string()))?,
        );
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT e.reference, e.data FROM events e JOIN cases c ON c.reference = e.reference \
             WHERE c.org = $1 AND c.received_at_us < $2 \
             AND NOT EXISTS (SELECT 1 FROM case_facts f WHERE f.org = c.org AND f.reference = c.reference) \
             AND EXISTS (SELECT 1 FROM events l WHERE l.reference = c.reference AND l.at_us >= $3) \
             ORDER BY e.reference, e.seq",
        )
        .bind(org.as_str())
        .bind(micros(received_before))
        .bind(micros(redress_core::calendar::start_of_day(first)))
        .fetch_all(&mut *tx)
        .await?;
        for (reference, data) in rows {
            let event = serde_json::from_str(&data)?;
            match without_facts.last_mut() {
                Some((last, events)) if *last == reference => events.push(event),
                _ => without_facts.push((reference, vec![event])),
            }
        }
    }
    tx.commit().await?;
    Ok(without_facts)
}

/// Page `page` of `org`'s published items, newest first; one row past the page tells whether
/// another follows.
pub(super) async fn published_items(
    pool: &Pool<Db>,
    org: &OrgId,
    page: u32,
    per_page: u32,
) -> StoreResult<crate::PublishedPage> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT kind, published_on, wording FROM published_items WHERE org = $1 \
         ORDER BY published_on DESC, reference DESC LIMIT $2 OFFSET $3",
    )
    .bind(org.as_str())
    .bind(i64::from(per_page) + 1)
    .bind(i64::from(page) * i64::from(per_page))
    .fetch_all(pool)
    .await?;
    let more = rows.len() > per_page as usize;
    let items = rows
        .into_iter()
        .take(per_page as usize)
        .map(|(kind, published_on, wording)| {
            Ok(crate::PublishedRow {
                kind,
                published_on: published_on.parse().map_err(|_| {
                    crate::sql_common::other("a published item's day is not a date")
                })?,
                wording,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(crate::PublishedPage { items, more })
}
