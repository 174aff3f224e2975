//! The dashboard's counts of open cases, grouped in SQL so they are exact at any size: per
//! organisation (open, complaints, overdue, due today, due this week, with a clock running), per
//! stage and per handler. Read through the partial indexes on open cases of migration 0009.
//!
//! Compiled twice, like its parent `store_impl`: once per database.
//!
//! Every statement counts only the cases the viewer may see, by the same condition the case
//! list uses (`list::viewer_condition`), so a count never tells of a case its list would hide.

use sqlx::query::QueryAs;
use sqlx::{AssertSqlSafe, Database, Pool};

use super::Db;
use crate::sql_common::{Bind, bind, viewer_condition};
use crate::sql_common::{micros, nul, org_id};
use crate::{DueBounds, OpenCounts, OrgOpenCounts, StoreResult, Viewer};

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

type OrgRow = (String, i64, i64, i64, i64, i64);

/// Binds `binds` to a built statement, in order.
fn bound<'q, O>(
    mut query: QueryAs<'q, Db, O, <Db as Database>::Arguments>,
    binds: &[Bind],
) -> QueryAs<'q, Db, O, <Db as Database>::Arguments> {
    for value in binds {
        query = match value {
            Bind::Text(text) => query.bind(text.clone()),
            Bind::Int(number) => query.bind(*number),
        };
    }
    query
}

pub(super) async fn open_counts(
    pool: &Pool<Db>,
    viewer: &Viewer,
    bounds: &DueBounds,
    clock: &str,
) -> StoreResult<OpenCounts> {
    if viewer.orgs.is_empty() || !nul::can_match(clock) {
        return Ok(OpenCounts::default());
    }
    // One read transaction, so the three groupings count the same cases.
    let mut tx = pool.begin().await?;
    let mut binds = Vec::new();
    let (now, today, week) = (
        bind(&mut binds, Bind::Int(micros(bounds.now))),
        bind(&mut binds, Bind::Int(micros(bounds.today_ends))),
        bind(&mut binds, Bind::Int(micros(bounds.week_ends))),
    );
    let visible = viewer_condition(viewer, &mut binds);
    let sql = format!(
        "SELECT c.org, COUNT(*), \
         SUM(CASE WHEN c.kind = 'complaint' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.next_due_at_us <= {now} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.next_due_at_us > {now} AND c.next_due_at_us <= {today} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.next_due_at_us > {today} AND c.next_due_at_us <= {week} THEN 1 ELSE 0 END) \
         FROM cases c WHERE c.status = 'open' AND {visible} GROUP BY c.org"
    );
    let query = sqlx::query_as::<Db, OrgRow>(AssertSqlSafe(sql));
    let rows = bound(query, &binds).fetch_all(&mut *tx).await?;

    let mut binds = Vec::new();
    let clock = bind(&mut binds, Bind::Text(clock.to_owned()));
    let visible = viewer_condition(viewer, &mut binds);
    let sql = format!(
        "SELECT c.org, COUNT(DISTINCT c.reference) FROM case_deadlines d \
         JOIN cases c ON c.reference = d.reference \
         WHERE d.clock = {clock} AND c.status = 'open' AND {visible} GROUP BY c.org"
    );
    let query = sqlx::query_as::<Db, (String, i64)>(AssertSqlSafe(sql));
    let with_clock: std::collections::HashMap<String, i64> = bound(query, &binds)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();

    let mut binds = Vec::new();
    let visible = viewer_condition(viewer, &mut binds);
    let sql = format!(
        "SELECT c.org, c.stage, COUNT(*) FROM cases c WHERE c.status = 'open' \
         AND c.stage IS NOT NULL AND {visible} GROUP BY c.org, c.stage"
    );
    let query = sqlx::query_as::<Db, (String, String, i64)>(AssertSqlSafe(sql));
    let by_stage = bound(query, &binds).fetch_all(&mut *tx).await?;

    let sql = format!(
        "SELECT c.handler, COUNT(*) FROM cases c WHERE c.status = 'open' AND {visible} \
         GROUP BY c.handler"
    );
    let query = sqlx::query_as::<Db, (Option<String>, i64)>(AssertSqlSafe(sql));
    let by_handler = bound(query, &binds).fetch_all(&mut *tx).await?;
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
