//! The dashboard's counts, grouped in SQL so they are exact at any size: open cases per
//! organisation (open, complaints, overdue, due today, due this week, with a clock running), per
//! stage and per handler, read through the partial indexes on open cases of migration 0009; and
//! the learning actions not yet done, counted, with the first few soonest due.
//!
//! Compiled twice, like its parent `store_impl`: once per database.
//!
//! Every statement counts only the cases the viewer may see, by the same condition the case
//! list uses (`list::viewer_condition`), so a count never tells of a case its list would hide.

use sqlx::query::QueryAs;
use sqlx::{AssertSqlSafe, Database, Pool};

use super::Db;
use crate::sql_common::{Bind, bind, viewer_condition};
use crate::sql_common::{micros, nul, org_id, other};
use crate::{DueBounds, LearningRow, OpenCounts, OpenLearning, OrgOpenCounts, StoreResult, Viewer};

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

/// A `case_learning` row as read, with its organisation: org, reference, number, what, owner,
/// due day.
type LearningRecord = (String, String, i64, String, Option<String>, Option<String>);

pub(super) async fn open_learning(
    pool: &Pool<Db>,
    viewer: &Viewer,
    today: jiff::civil::Date,
    limit: u32,
) -> StoreResult<OpenLearning> {
    if viewer.orgs.is_empty() {
        return Ok(OpenLearning::default());
    }
    // One read transaction, so the list is among the counted.
    let mut tx = pool.begin().await?;
    let mut binds = Vec::new();
    let today = bind(&mut binds, Bind::Text(today.to_string()));
    let visible = viewer_condition(viewer, &mut binds);
    let open = format!(
        "FROM case_learning l JOIN cases c ON c.reference = l.reference \
         WHERE l.done_on IS NULL AND {visible}"
    );
    let sql = format!(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN l.due_on < {today} THEN 1 ELSE 0 END), 0) {open}"
    );
    let query = sqlx::query_as::<Db, (i64, i64)>(AssertSqlSafe(sql));
    let (total, overdue) = bound(query, &binds).fetch_one(&mut *tx).await?;
    let limit = bind(&mut binds, Bind::Int(i64::from(limit)));
    let sql = format!(
        "SELECT c.org, l.reference, l.number, l.what, l.owner, l.due_on {open} \
         ORDER BY CASE WHEN l.due_on IS NULL THEN 1 ELSE 0 END, l.due_on, l.reference, l.number \
         LIMIT {limit}"
    );
    let query = sqlx::query_as::<Db, LearningRecord>(AssertSqlSafe(sql));
    let rows = bound(query, &binds).fetch_all(&mut *tx).await?;
    drop(tx);
    let first = rows
        .into_iter()
        .map(|(org, reference, number, what, owner, due_on)| {
            let row = LearningRow {
                reference,
                number: u32::try_from(number)
                    .map_err(|_| other("a learning action's number is out of range"))?,
                what,
                owner,
                due_on: due_on
                    .map(|d| d.parse())
                    .transpose()
                    .map_err(|_| other("a learning action's due day is not a date"))?,
                done_on: None,
            };
            Ok((org_id(&org)?, row))
        })
        .collect::<StoreResult<_>>()?;
    Ok(OpenLearning {
        open: count(total),
        overdue: count(overdue),
        first,
    })
}
