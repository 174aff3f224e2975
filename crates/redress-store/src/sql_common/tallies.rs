//! The tallies that the dashboard sums: of open cases (migration 0025), `open_groups` by
//! organisation, kind, stage, handler and whether acknowledgement is awaited, and `open_due` by
//! organisation and the UTC day of the next running deadline; of learning actions not yet done
//! (migration 0028), `open_learning` by organisation and due day. Every write of case summaries
//! adds its change to them in its own transaction ([`Change`]), so they are exact whenever a
//! commit is; `redress rebuild` counts them again from `cases` and `case_learning`
//! ([`recount`]).
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use std::collections::BTreeMap;

use sqlx::QueryBuilder;

use super::Tx;
use super::writes::{CaseModels, insert_rows};
use crate::StoreResult;
use crate::sql_common::{DAY_US, micros, rows_per_statement};

/// What `open_groups` counts a case by; `''` stands for no stage or no handler, because
/// both databases allow NULL in a primary key only in ways that differ.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Group {
    org: String,
    kind: String,
    stage: String,
    handler: String,
    acknowledging: bool,
}

/// An open case as the tallies count it: its group, and the UTC day its next running
/// deadline passes, if one is running.
type Counted = (Group, Option<i64>);

/// The net change a write makes to the tallies. Kept in key order, so every transaction
/// locks tally rows in the same order (concurrent writers on PostgreSQL cannot deadlock).
#[derive(Default)]
pub(super) struct Change {
    groups: BTreeMap<Group, i64>,
    due: BTreeMap<(String, i64), i64>,
    /// Learning actions not yet done, by organisation and due day (`''` for none).
    learning: BTreeMap<(String, String), i64>,
}

impl Change {
    fn add(&mut self, (group, day): Counted, by: i64) {
        if let Some(day) = day {
            *self.due.entry((group.org.clone(), day)).or_default() += by;
        }
        *self.groups.entry(group).or_default() += by;
    }

    /// Counts `cases` as their new read models have them.
    pub(super) fn count_new(&mut self, cases: &[CaseModels<'_>]) {
        for case in cases {
            for action in &case.models.learning {
                if action.done_on.is_none() {
                    let due_on = action.due_on.map(|day| day.to_string()).unwrap_or_default();
                    *self
                        .learning
                        .entry((case.org.as_str().to_owned(), due_on))
                        .or_default() += 1;
                }
            }
            let summary = &case.models.summary;
            if summary.status != "open" {
                continue;
            }
            let group = Group {
                org: case.org.as_str().to_owned(),
                kind: summary.kind.clone(),
                stage: summary.stage.clone().unwrap_or_default(),
                handler: summary.handler.clone().unwrap_or_default(),
                acknowledging: acknowledging(case),
            };
            let day = summary.next_due_at.map(|at| micros(at).div_euclid(DAY_US));
            self.add((group, day), 1);
        }
    }

    /// Takes away the open cases and learning actions among `references` as their rows
    /// stand, before a write replaces them.
    pub(super) async fn take_stored(
        &mut self,
        tx: &mut Tx,
        references: &[&str],
    ) -> StoreResult<()> {
        type Row = (String, String, String, String, bool, Option<i64>);
        for chunk in references.chunks(rows_per_statement(1)) {
            let mut statement = QueryBuilder::new(
                "SELECT org, kind, COALESCE(stage, ''), COALESCE(handler, ''), acknowledging, \
                 next_due_at_us FROM cases WHERE status = 'open' AND reference IN (",
            );
            let mut list = statement.separated(", ");
            for reference in chunk {
                list.push_bind(*reference);
            }
            statement.push(")");
            let rows: Vec<Row> = statement.build_query_as().fetch_all(&mut **tx).await?;
            for (org, kind, stage, handler, acknowledging, next_due) in rows {
                let group = Group {
                    org,
                    kind,
                    stage,
                    handler,
                    acknowledging,
                };
                self.add((group, next_due.map(|at| at.div_euclid(DAY_US))), -1);
            }
            let mut statement = QueryBuilder::new(
                "SELECT org, COALESCE(due_on, '') FROM case_learning \
                 WHERE done_on IS NULL AND reference IN (",
            );
            let mut list = statement.separated(", ");
            for reference in chunk {
                list.push_bind(*reference);
            }
            statement.push(")");
            let rows: Vec<(String, String)> =
                statement.build_query_as().fetch_all(&mut **tx).await?;
            for key in rows {
                *self.learning.entry(key).or_default() -= 1;
            }
        }
        Ok(())
    }

    /// Adds the change to the tallies, and deletes the rows it leaves at nought (only rows
    /// this transaction has just locked, so a delete never waits on another writer).
    pub(super) async fn apply(self, tx: &mut Tx) -> StoreResult<()> {
        let groups: Vec<_> = self.groups.into_iter().filter(|(_, by)| *by != 0).collect();
        insert_rows(
            tx,
            "INSERT INTO open_groups (org, kind, stage, handler, acknowledging, n)",
            6,
            "ON CONFLICT (org, kind, stage, handler, acknowledging) \
             DO UPDATE SET n = open_groups.n + excluded.n",
            &groups,
            |row, (group, by)| {
                row.push_bind(group.org.as_str())
                    .push_bind(group.kind.as_str())
                    .push_bind(group.stage.as_str())
                    .push_bind(group.handler.as_str())
                    .push_bind(group.acknowledging)
                    .push_bind(*by);
            },
        )
        .await?;
        let due: Vec<_> = self.due.into_iter().filter(|(_, by)| *by != 0).collect();
        insert_rows(
            tx,
            "INSERT INTO open_due (org, day, n)",
            3,
            "ON CONFLICT (org, day) DO UPDATE SET n = open_due.n + excluded.n",
            &due,
            |row, ((org, day), by)| {
                row.push_bind(org.as_str()).push_bind(*day).push_bind(*by);
            },
        )
        .await?;
        for (group, _) in groups.iter().filter(|(_, by)| *by < 0) {
            sqlx::query(
                "DELETE FROM open_groups WHERE org = $1 AND kind = $2 AND stage = $3 \
                 AND handler = $4 AND acknowledging = $5 AND n = 0",
            )
            .bind(group.org.as_str())
            .bind(group.kind.as_str())
            .bind(group.stage.as_str())
            .bind(group.handler.as_str())
            .bind(group.acknowledging)
            .execute(&mut **tx)
            .await?;
        }
        for ((org, day), _) in due.iter().filter(|(_, by)| *by < 0) {
            sqlx::query("DELETE FROM open_due WHERE org = $1 AND day = $2 AND n = 0")
                .bind(org.as_str())
                .bind(*day)
                .execute(&mut **tx)
                .await?;
        }
        let learning: Vec<_> = self
            .learning
            .into_iter()
            .filter(|(_, by)| *by != 0)
            .collect();
        insert_rows(
            tx,
            "INSERT INTO open_learning (org, due_on, n)",
            3,
            "ON CONFLICT (org, due_on) DO UPDATE SET n = open_learning.n + excluded.n",
            &learning,
            |row, ((org, due_on), by)| {
                row.push_bind(org.as_str())
                    .push_bind(due_on.as_str())
                    .push_bind(*by);
            },
        )
        .await?;
        for ((org, due_on), _) in learning.iter().filter(|(_, by)| *by < 0) {
            sqlx::query("DELETE FROM open_learning WHERE org = $1 AND due_on = $2 AND n = 0")
                .bind(org.as_str())
                .bind(due_on.as_str())
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

/// Whether the case awaits acknowledgement: its acknowledgement clock has a deadline open
/// (running or paused), as the `unacknowledged` list finds it in `case_deadlines`.
pub(super) fn acknowledging(case: &CaseModels<'_>) -> bool {
    let clock = crate::acknowledgement_clock();
    case.models.deadlines.iter().any(|d| d.clock == clock)
}

/// Counts the tallies again from `cases` and `case_learning`: the statements migrations 0025
/// and 0028 filled them with.
pub(super) async fn recount(tx: &mut Tx) -> StoreResult<()> {
    for statement in super::LOCK_TALLIES.into_iter().chain([
        "DELETE FROM open_groups",
        "DELETE FROM open_due",
        "DELETE FROM open_learning",
        "INSERT INTO open_groups (org, kind, stage, handler, acknowledging, n) \
         SELECT org, kind, COALESCE(stage, ''), COALESCE(handler, ''), acknowledging, COUNT(*) \
         FROM cases WHERE status = 'open' GROUP BY 1, 2, 3, 4, 5",
        "INSERT INTO open_due (org, day, n) \
         SELECT org, next_due_at_us / 86400000000, COUNT(*) \
         FROM cases WHERE status = 'open' AND next_due_at_us IS NOT NULL GROUP BY 1, 2",
        "INSERT INTO open_learning (org, due_on, n) \
         SELECT org, COALESCE(due_on, ''), COUNT(*) \
         FROM case_learning WHERE done_on IS NULL GROUP BY 1, 2",
    ]) {
        sqlx::query(statement).execute(&mut **tx).await?;
    }
    Ok(())
}
