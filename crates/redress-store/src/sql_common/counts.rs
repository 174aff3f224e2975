//! The dashboard's counts, exact at any size and read in time that does not grow with the
//! open cases: open cases per organisation (open, complaints, overdue, due today, due this
//! week, awaiting acknowledgement), per stage and per handler, summed from the tallies of
//! migration 0025 (`tallies.rs`) and the few cases due from today's UTC midnight to the end of
//! the week ahead; and the learning actions not yet done, summed from the tally
//! `open_learning` (migration 0028), with the first few soonest due read per organisation in
//! index order.
//!
//! Compiled twice, like its parent `store_impl`: once per database.
//!
//! Every count is of the cases the viewer may see, by the same condition the case list uses
//! (`list::GrantCondition`), so a count never tells of a case its list would hide: where a
//! role sees every case, the tallies less the few live cases the viewer is kept from, counted
//! apart; where it sees only assigned ones, those counted directly. Both read the live cases
//! that name the viewer (`Reach::Live`: open, or with a learning action not yet done), so they
//! cost what is counted, not every case that ever named a chair.

use std::collections::BTreeMap;

use sqlx::query::QueryAs;
use sqlx::{AssertSqlSafe, Database, Pool};

use super::Db;
use crate::sql_common::{Bind, GrantCondition, Reach, bind};
use crate::sql_common::{DAY_US, micros, org_id, other};
use crate::{DueBounds, LearningRow, OpenCounts, OpenLearning, OrgOpenCounts, StoreResult, Viewer};

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

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

/// One organisation's counts as they are summed: signed, because the cases a viewer is kept
/// from are taken away.
#[derive(Clone, Copy, Default)]
struct Sums {
    open: i64,
    complaints: i64,
    overdue: i64,
    due_today: i64,
    due_week: i64,
    with_clock: i64,
}

/// The counts being summed, in maps ordered by text (the databases order text and NULL
/// differently).
#[derive(Default)]
struct Tally {
    orgs: BTreeMap<String, Sums>,
    by_stage: BTreeMap<(String, String), i64>,
    by_handler: BTreeMap<Option<String>, i64>,
}

impl Tally {
    /// Adds `open` cases of one group, `by` times (1 or -1).
    fn group(
        &mut self,
        org: &str,
        kind: &str,
        stage: Option<String>,
        handler: Option<String>,
        open: i64,
    ) {
        let sums = self.orgs.entry(org.to_owned()).or_default();
        sums.open += open;
        if kind == "complaint" {
            sums.complaints += open;
        }
        if let Some(stage) = stage {
            *self.by_stage.entry((org.to_owned(), stage)).or_default() += open;
        }
        *self.by_handler.entry(handler).or_default() += open;
    }

    fn sums(&mut self, org: &str) -> &mut Sums {
        self.orgs.entry(org.to_owned()).or_default()
    }

    fn counts(self) -> StoreResult<OpenCounts> {
        let orgs = self
            .orgs
            .into_iter()
            .filter(|(_, sums)| sums.open > 0)
            .map(|(org, sums)| {
                Ok(OrgOpenCounts {
                    org: org_id(&org)?,
                    open: count(sums.open),
                    complaints: count(sums.complaints),
                    overdue: count(sums.overdue),
                    due_today: count(sums.due_today),
                    due_week: count(sums.due_week),
                    with_clock: count(sums.with_clock),
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(OpenCounts {
            orgs,
            by_stage: self
                .by_stage
                .into_iter()
                .filter(|(_, open)| *open > 0)
                .map(|((org, stage), open)| Ok((org_id(&org)?, stage, count(open))))
                .collect::<StoreResult<_>>()?,
            by_handler: self
                .by_handler
                .into_iter()
                .filter(|(_, open)| *open > 0)
                .map(|(handler, open)| (handler, count(open)))
                .collect(),
        })
    }
}

/// `''` in a tally stands for none.
fn none_if_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// The due windows' sums beside a count: overdue, due today, due this week.
fn due_sums(binds: &mut Vec<Bind>, bounds: &DueBounds) -> String {
    let (now, today, week) = (
        bind(binds, Bind::Int(micros(bounds.now))),
        bind(binds, Bind::Int(micros(bounds.today_ends))),
        bind(binds, Bind::Int(micros(bounds.week_ends))),
    );
    format!(
        "COALESCE(SUM(CASE WHEN c.next_due_at_us <= {now} THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN c.next_due_at_us > {now} AND c.next_due_at_us <= {today} THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN c.next_due_at_us > {today} AND c.next_due_at_us <= {week} THEN 1 ELSE 0 END), 0)"
    )
}

/// Which of one organisation's open cases [`count_directly`] counts: those among the
/// references `among` gives (a statement, so a count is bounded by the cases it names, never
/// every case of the organisation) that `condition` (on `c`) admits.
struct Counted {
    org: String,
    among: String,
    condition: String,
}

/// Counts the open cases `counted` (built with, and binding into, the vector it is given)
/// names, directly from `cases`, into `tally`, `by` times; nothing when it names none. Read
/// from the references it names (a few, through `case_access_live`) to their cases, in that
/// order (SQLite keeps a `CROSS JOIN`'s order), so the count costs what it counts, not one look
/// at every open case.
async fn count_directly(
    tx: &mut sqlx::Transaction<'static, Db>,
    tally: &mut Tally,
    bounds: &DueBounds,
    counted: impl FnOnce(&mut Vec<Bind>) -> Option<Counted>,
    by: i64,
) -> StoreResult<()> {
    /// One group of open cases: organisation, kind, stage, handler; how many, overdue, due
    /// today, due this week, awaiting acknowledgement.
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
    let mut binds = Vec::new();
    let due = due_sums(&mut binds, bounds);
    let Some(Counted {
        org,
        among,
        condition,
    }) = counted(&mut binds)
    else {
        return Ok(());
    };
    let sql = format!(
        "SELECT c.org, c.kind, c.stage, c.handler, COUNT(*), {due}, \
         SUM(CASE WHEN c.acknowledging THEN 1 ELSE 0 END) \
         FROM ({among}) AS k CROSS JOIN cases c WHERE c.reference = k.reference \
         AND c.status = 'open' AND c.org = {org} AND {condition} \
         GROUP BY 1, 2, 3, 4"
    );
    let query = sqlx::query_as::<Db, GroupRow>(AssertSqlSafe(sql));
    for (org, kind, stage, handler, open, overdue, due_today, due_week, clocked) in
        bound(query, &binds).fetch_all(&mut **tx).await?
    {
        tally.group(&org, &kind, stage, handler, by * open);
        let sums = tally.sums(&org);
        sums.overdue += by * overdue;
        sums.due_today += by * due_today;
        sums.due_week += by * due_week;
        sums.with_clock += by * clocked;
    }
    Ok(())
}

/// Adds every open case of `orgs` from the tallies: the groups as they stand; overdue from
/// the due days before today's UTC one, and the cases due from its midnight on read from
/// `cases_open_next_due` (a week and a day of deadlines at most).
async fn count_tallied(
    tx: &mut sqlx::Transaction<'static, Db>,
    tally: &mut Tally,
    bounds: &DueBounds,
    orgs: &[&crate::ViewerOrg],
) -> StoreResult<()> {
    type GroupRow = (String, String, String, String, bool, i64);
    let org_list = |binds: &mut Vec<Bind>| {
        orgs.iter()
            .map(|grant| bind(binds, Bind::Text(grant.org.to_string())))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut binds = Vec::new();
    let sql = format!(
        "SELECT org, kind, stage, handler, acknowledging, n FROM open_groups WHERE org IN ({})",
        org_list(&mut binds)
    );
    let query = sqlx::query_as::<Db, GroupRow>(AssertSqlSafe(sql));
    for (org, kind, stage, handler, acknowledging, open) in
        bound(query, &binds).fetch_all(&mut **tx).await?
    {
        tally.group(
            &org,
            &kind,
            none_if_empty(stage),
            none_if_empty(handler),
            open,
        );
        if acknowledging {
            tally.sums(&org).with_clock += open;
        }
    }

    let today = micros(bounds.now).div_euclid(DAY_US);
    let mut binds = Vec::new();
    let orgs_in = org_list(&mut binds);
    let before = bind(&mut binds, Bind::Int(today));
    let sql = format!(
        "SELECT org, CAST(SUM(n) AS BIGINT) FROM open_due WHERE org IN ({orgs_in}) AND day < {before} GROUP BY org"
    );
    let query = sqlx::query_as::<Db, (String, i64)>(AssertSqlSafe(sql));
    for (org, overdue) in bound(query, &binds).fetch_all(&mut **tx).await? {
        tally.sums(&org).overdue += overdue;
    }

    let mut binds = Vec::new();
    let due = due_sums(&mut binds, bounds);
    let orgs_in = org_list(&mut binds);
    let from = bind(&mut binds, Bind::Int(today * DAY_US));
    let until = [bounds.now, bounds.today_ends, bounds.week_ends]
        .into_iter()
        .max()
        .unwrap_or(bounds.week_ends);
    let until = bind(&mut binds, Bind::Int(micros(until)));
    let sql = format!(
        "SELECT c.org, {due} FROM cases c WHERE c.status = 'open' AND c.org IN ({orgs_in}) \
         AND c.next_due_at_us >= {from} AND c.next_due_at_us <= {until} GROUP BY c.org"
    );
    let query = sqlx::query_as::<Db, (String, i64, i64, i64)>(AssertSqlSafe(sql));
    for (org, overdue, due_today, due_week) in bound(query, &binds).fetch_all(&mut **tx).await? {
        let sums = tally.sums(&org);
        sums.overdue += overdue;
        sums.due_today += due_today;
        sums.due_week += due_week;
    }
    Ok(())
}

/// The viewer's organisations in two: those counted from the tallies (the role sees every
/// case, or the viewer is the system), less what the viewer is kept from; and those counted
/// directly, from the cases the viewer is assigned to.
fn tallied_or_assigned(viewer: &Viewer) -> (Vec<&crate::ViewerOrg>, Vec<&crate::ViewerOrg>) {
    use redress_core::access::Sees;
    viewer
        .orgs
        .iter()
        .partition(|grant| grant.sees == Sees::All || viewer.username.is_none())
}

pub(super) async fn open_counts(
    pool: &Pool<Db>,
    viewer: &Viewer,
    bounds: &DueBounds,
) -> StoreResult<OpenCounts> {
    if viewer.orgs.is_empty() {
        return Ok(OpenCounts::default());
    }
    let username = viewer.username.as_deref();
    let mut tally = Tally::default();
    // One read transaction, so every part counts the same commit (SQLite: one snapshot).
    let mut tx = pool.begin().await?;
    let (every, assigned) = tallied_or_assigned(viewer);
    if !every.is_empty() {
        count_tallied(&mut tx, &mut tally, bounds, &every).await?;
    }
    // Less the few open cases the viewer is kept from (a system viewer is kept from none).
    for grant in &every {
        let kept = |binds: &mut Vec<Bind>| {
            let grant = GrantCondition::new(grant, username, Reach::Live, binds);
            Some(Counted {
                org: grant.org,
                among: grant.kept_from?,
                condition: "1 = 1".to_owned(),
            })
        };
        count_directly(&mut tx, &mut tally, bounds, kept, -1).await?;
    }
    for grant in &assigned {
        let seen = |binds: &mut Vec<Bind>| {
            let grant = GrantCondition::new(grant, username, Reach::Live, binds);
            Some(Counted {
                org: grant.org,
                among: grant.among_from?,
                condition: grant.let_through.unwrap_or_else(|| "1 = 1".to_owned()),
            })
        };
        count_directly(&mut tx, &mut tally, bounds, seen, 1).await?;
    }
    drop(tx);
    tally.counts()
}

/// A `case_learning` row as read, with its organisation: org, reference, number, what, owner,
/// due day.
type LearningRecord = (String, String, i64, String, Option<String>, Option<String>);

/// Counts the open learning actions of the cases `among` (a statement of references, of one
/// organisation, `org`) gives that `condition` (on the case's `c.reference`) admits: how many,
/// and how many were due before `today` (a placeholder).
async fn count_learning_among(
    tx: &mut sqlx::Transaction<'static, Db>,
    counted: Counted,
    today: &str,
    binds: &[Bind],
) -> StoreResult<(i64, i64)> {
    let Counted {
        org,
        among,
        condition,
    } = counted;
    let sql = format!(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.due_on < {today} THEN 1 ELSE 0 END), 0) \
         FROM ({among}) AS k CROSS JOIN case_learning c WHERE c.reference = k.reference \
         AND c.org = {org} AND c.done_on IS NULL AND {condition}"
    );
    let query = sqlx::query_as::<Db, (i64, i64)>(AssertSqlSafe(sql));
    Ok(bound(query, binds).fetch_one(&mut **tx).await?)
}

/// The open learning actions the viewer may see, counted: from the tally `open_learning`
/// (migration 0028) where the role sees every case, less those of the live cases the viewer
/// is kept from; directly from the cases the viewer is assigned to otherwise.
async fn count_learning(
    tx: &mut sqlx::Transaction<'static, Db>,
    viewer: &Viewer,
    today: jiff::civil::Date,
) -> StoreResult<(i64, i64)> {
    let username = viewer.username.as_deref();
    let today = today.to_string();
    let (every, assigned) = tallied_or_assigned(viewer);
    let (mut open, mut overdue) = (0, 0);
    if !every.is_empty() {
        let mut binds = Vec::new();
        let before = bind(&mut binds, Bind::Text(today.clone()));
        let orgs = every
            .iter()
            .map(|grant| bind(&mut binds, Bind::Text(grant.org.to_string())))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN due_on <> '' AND due_on < {before} THEN n ELSE 0 END), 0) AS BIGINT) \
             FROM open_learning WHERE org IN ({orgs})"
        );
        let query = sqlx::query_as::<Db, (i64, i64)>(AssertSqlSafe(sql));
        let (tallied, tallied_overdue) = bound(query, &binds).fetch_one(&mut **tx).await?;
        open += tallied;
        overdue += tallied_overdue;
    }
    for (grants, by) in [(&every, -1), (&assigned, 1)] {
        for grant in grants {
            let mut binds = Vec::new();
            let before = bind(&mut binds, Bind::Text(today.clone()));
            let condition = GrantCondition::new(grant, username, Reach::Live, &mut binds);
            let counted = if by < 0 {
                condition.kept_from.map(|among| Counted {
                    org: condition.org,
                    among,
                    condition: "1 = 1".to_owned(),
                })
            } else {
                condition.among_from.map(|among| Counted {
                    org: condition.org,
                    among,
                    condition: condition.let_through.unwrap_or_else(|| "1 = 1".to_owned()),
                })
            };
            if let Some(counted) = counted {
                let (n, late) = count_learning_among(tx, counted, &before, &binds).await?;
                open += by * n;
                overdue += by * late;
            }
        }
    }
    Ok((open, overdue))
}

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
    let (total, overdue) = count_learning(&mut tx, viewer, today).await?;
    // The first few: each organisation's read in the order of `case_learning_open`, the dated
    // ones and then the undated, each stopped at `limit`, and merged. The action's own org and
    // reference are the ones the access rule reads, so it is aliased `c` and joined to nothing.
    let mut binds = Vec::new();
    let limit = bind(&mut binds, Bind::Int(i64::from(limit)));
    let mut parts = Vec::new();
    for grant in &viewer.orgs {
        let grant = GrantCondition::new(grant, viewer.username.as_deref(), Reach::Live, &mut binds);
        let condition = grant.condition();
        let org = grant.org;
        for (dated, order) in [
            ("IS NOT NULL", "c.due_on, c.reference, c.number"),
            ("IS NULL", "c.reference, c.number"),
        ] {
            parts.push(format!(
                "SELECT * FROM (SELECT c.org, c.reference, c.number, c.what, c.owner, c.due_on \
                 FROM case_learning c WHERE c.org = {org} AND c.done_on IS NULL \
                 AND c.due_on {dated} AND {condition} ORDER BY {order} LIMIT {limit}) AS part{}",
                parts.len()
            ));
        }
    }
    let sql = format!(
        "SELECT * FROM ({}) AS merged \
         ORDER BY CASE WHEN merged.due_on IS NULL THEN 1 ELSE 0 END, merged.due_on, \
         merged.reference, merged.number LIMIT {limit}",
        parts.join(" UNION ALL ")
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
