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

/// One group of open cases: organisation, kind, stage, handler; how many, how many overdue, due
/// today, due this week, and with the clock asked about running.
type GroupRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    i64,
    i64,
    i64,
    i64,
);

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
    use std::collections::BTreeMap;
    if viewer.orgs.is_empty() || !nul::can_match(clock) {
        return Ok(OpenCounts::default());
    }
    // Every count is a sum over these groups: one pass over `cases_open_grouped`, which holds
    // every column the statement reads, with the cases whose clock runs read once beside it.
    let mut binds = Vec::new();
    let (now, today, week) = (
        bind(&mut binds, Bind::Int(micros(bounds.now))),
        bind(&mut binds, Bind::Int(micros(bounds.today_ends))),
        bind(&mut binds, Bind::Int(micros(bounds.week_ends))),
    );
    let clock = bind(&mut binds, Bind::Text(clock.to_owned()));
    let visible = viewer_condition(viewer, &mut binds);
    // Grouped in the index's own order, so no group is sorted; each group's due windows
    // and running clock are sums beside its count.
    let sql = format!(
        "SELECT c.org, c.kind, c.stage, c.handler, COUNT(*), \
         SUM(CASE WHEN c.next_due_at_us <= {now} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.next_due_at_us > {now} AND c.next_due_at_us <= {today} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.next_due_at_us > {today} AND c.next_due_at_us <= {week} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.reference IN (SELECT d.reference FROM case_deadlines d \
         WHERE d.clock = {clock}) THEN 1 ELSE 0 END) \
         FROM cases c WHERE c.status = 'open' AND {visible} GROUP BY 1, 2, 3, 4"
    );
    let query = sqlx::query_as::<Db, GroupRow>(AssertSqlSafe(sql));
    let groups = bound(query, &binds).fetch_all(pool).await?;

    // Summed here, in maps ordered by text (the databases order text and NULL differently).
    let mut orgs: BTreeMap<String, OrgOpenCounts> = BTreeMap::new();
    let mut by_stage: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut by_handler: BTreeMap<Option<String>, u64> = BTreeMap::new();
    for (org, kind, stage, handler, open, overdue, due_today, due_week, clocked) in groups {
        let open = count(open);
        if !orgs.contains_key(&org) {
            let counts = OrgOpenCounts {
                org: org_id(&org)?,
                open: 0,
                complaints: 0,
                overdue: 0,
                due_today: 0,
                due_week: 0,
                with_clock: 0,
            };
            orgs.insert(org.clone(), counts);
        }
        let counts = orgs.get_mut(&org).expect("inserted above");
        counts.open += open;
        if kind == "complaint" {
            counts.complaints += open;
        }
        counts.overdue += count(overdue);
        counts.due_today += count(due_today);
        counts.due_week += count(due_week);
        counts.with_clock += count(clocked);
        if let Some(stage) = stage {
            *by_stage.entry((org, stage)).or_default() += open;
        }
        *by_handler.entry(handler).or_default() += open;
    }
    Ok(OpenCounts {
        orgs: orgs.into_values().collect(),
        by_stage: by_stage
            .into_iter()
            .map(|((org, stage), open)| Ok((org_id(&org)?, stage, open)))
            .collect::<StoreResult<_>>()?,
        by_handler: by_handler.into_iter().collect(),
    })
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
    // The action's own org and reference are the ones the access rule reads, so it is
    // aliased `c` and joined to nothing.
    let open = format!("FROM case_learning c WHERE c.done_on IS NULL AND {visible}");
    let sql = format!(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.due_on < {today} THEN 1 ELSE 0 END), 0) {open}"
    );
    let query = sqlx::query_as::<Db, (i64, i64)>(AssertSqlSafe(sql));
    let (total, overdue) = bound(query, &binds).fetch_one(&mut *tx).await?;
    let limit = bind(&mut binds, Bind::Int(i64::from(limit)));
    let sql = format!(
        "SELECT c.org, c.reference, c.number, c.what, c.owner, c.due_on {open} \
         ORDER BY CASE WHEN c.due_on IS NULL THEN 1 ELSE 0 END, c.due_on, c.reference, c.number \
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
