//! The dashboard's counts of open cases, grouped in SQL so they are exact at any size: per
//! organisation (open, complaints, overdue, due today, due this week, with a clock running), per
//! stage and per handler. Read through the partial indexes on open cases of migration 0009.
//!
//! Compiled twice, like its parent `store_impl`: once per database.
//!
//! The organisations are a parameter of every statement (`orgs`), the same list the case list
//! is limited by, so a narrower notion of which cases a user may see changes one clause.

use redress_core::ids::OrgId;
use sqlx::{AssertSqlSafe, Pool};

use super::Db;
use crate::sql_common::{micros, nul, org_id};
use crate::{DueBounds, OpenCounts, OrgOpenCounts, StoreResult};

/// `$first, $first+1, ...`: placeholders for the organisations, bound after `first - 1` others.
fn placeholders(orgs: &[OrgId], first: usize) -> String {
    (0..orgs.len())
        .map(|index| format!("${}", first + index))
        .collect::<Vec<_>>()
        .join(", ")
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

type OrgRow = (String, i64, i64, i64, i64, i64);

pub(super) async fn open_counts(
    pool: &Pool<Db>,
    orgs: &[OrgId],
    bounds: &DueBounds,
    clock: &str,
) -> StoreResult<OpenCounts> {
    if orgs.is_empty() || !nul::can_match(clock) {
        return Ok(OpenCounts::default());
    }
    // One read transaction, so the three groupings count the same cases.
    let mut tx = pool.begin().await?;
    let sql = format!(
        "SELECT org, COUNT(*), \
         SUM(CASE WHEN kind = 'complaint' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN next_due_at_us <= $1 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN next_due_at_us > $1 AND next_due_at_us <= $2 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN next_due_at_us > $2 AND next_due_at_us <= $3 THEN 1 ELSE 0 END) \
         FROM cases WHERE status = 'open' AND org IN ({}) GROUP BY org",
        placeholders(orgs, 4)
    );
    let mut query = sqlx::query_as::<Db, OrgRow>(AssertSqlSafe(sql))
        .bind(micros(bounds.now))
        .bind(micros(bounds.today_ends))
        .bind(micros(bounds.week_ends));
    for org in orgs {
        query = query.bind(org.as_str());
    }
    let rows = query.fetch_all(&mut *tx).await?;

    let sql = format!(
        "SELECT c.org, COUNT(DISTINCT c.reference) FROM case_deadlines d \
         JOIN cases c ON c.reference = d.reference \
         WHERE d.clock = $1 AND c.status = 'open' AND c.org IN ({}) GROUP BY c.org",
        placeholders(orgs, 2)
    );
    let mut query = sqlx::query_as::<Db, (String, i64)>(AssertSqlSafe(sql)).bind(clock);
    for org in orgs {
        query = query.bind(org.as_str());
    }
    let with_clock: std::collections::HashMap<String, i64> =
        query.fetch_all(&mut *tx).await?.into_iter().collect();

    let sql = format!(
        "SELECT org, stage, COUNT(*) FROM cases WHERE status = 'open' AND stage IS NOT NULL \
         AND org IN ({}) GROUP BY org, stage",
        placeholders(orgs, 1)
    );
    let mut query = sqlx::query_as::<Db, (String, String, i64)>(AssertSqlSafe(sql));
    for org in orgs {
        query = query.bind(org.as_str());
    }
    let by_stage = query.fetch_all(&mut *tx).await?;

    let sql = format!(
        "SELECT handler, COUNT(*) FROM cases WHERE status = 'open' AND org IN ({}) \
         GROUP BY handler",
        placeholders(orgs, 1)
    );
    let mut query = sqlx::query_as::<Db, (Option<String>, i64)>(AssertSqlSafe(sql));
    for org in orgs {
        query = query.bind(org.as_str());
    }
    let by_handler = query.fetch_all(&mut *tx).await?;
    drop(tx);

    // Sorted here rather than in SQL: the databases order text (and NULL) differently.
    let mut counts = OpenCounts {
        orgs: rows
            .into_iter()
            .map(|(org, open, complaints, overdue, due_today, due_week)| {
                Ok(OrgOpenCounts {
                    with_clock: count(with_clock.get(&org).copied().unwrap_or_default()),
                    org: org_id(&org)?,
                    open: count(open),
                    complaints: count(complaints),
                    overdue: count(overdue),
                    due_today: count(due_today),
                    due_week: count(due_week),
                })
            })
            .collect::<StoreResult<_>>()?,
        by_stage: by_stage
            .into_iter()
            .map(|(org, stage, open)| Ok((org_id(&org)?, stage, count(open))))
            .collect::<StoreResult<_>>()?,
        by_handler: by_handler
            .into_iter()
            .map(|(handler, open)| (handler, count(open)))
            .collect(),
    };
    counts
        .orgs
        .sort_by(|a, b| a.org.as_str().cmp(b.org.as_str()));
    counts
        .by_stage
        .sort_by(|a, b| (a.0.as_str(), &a.1).cmp(&(b.0.as_str(), &b.1)));
    counts.by_handler.sort();
    Ok(counts)
}
