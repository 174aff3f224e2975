//! A PostgreSQL streaming replica serving the reads that may be stale (issue 11, item 8): the
//! case list, search, the dashboard's counts and reports go to the replica, everything else to
//! the primary, and when the replica lags or stops redress keeps working on the primary.
//!
//! Runs when `REDRESS_TEST_REPLICA_PRIMARY_URL` and `REDRESS_TEST_REPLICA_URL` name a primary
//! and its standby, as `scripts/postgres-replica` prints them (scripts/test does this); skips,
//! saying so, otherwise. The test pauses the standby's replay and stops the standby itself
//! (`scripts/postgres-replica stop-standby`), and starts it again when it ends, pass or fail.

#[path = "contract/support.rs"]
#[allow(
    dead_code,
    reason = "the contract's builders; this test uses a few of them"
)]
mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use redress_store::{AnyStore, CaseFilter, DueBounds, Store, Viewer};
use sqlx::{Connection, PgConnection};
use support::{CaseSpec, at, event, org};

/// How long the standby may take to replay a write the test waits for.
const REPLAY_WITHIN: Duration = Duration::from_secs(30);

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/postgres-replica")
}

fn run_script(argument: &str) {
    let status = Command::new(script())
        .arg(argument)
        .status()
        .expect("scripts/postgres-replica runs");
    assert!(status.success(), "scripts/postgres-replica {argument}");
}

/// Starts the standby again (and resumes its replay) when the test ends, whatever happened.
struct RestartStandby;

impl Drop for RestartStandby {
    fn drop(&mut self) {
        let _ = Command::new(script())
            .arg("start")
            .stdout(std::process::Stdio::null())
            .status();
    }
}

/// `url` with its database name replaced.
fn on_database(url: &str, database: &str) -> String {
    let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
    format!("{base}/{database}")
}

async fn execute(url: &str, statement: &str) {
    let mut connection = PgConnection::connect(url).await.expect("connects");
    sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()))
        .execute(&mut connection)
        .await
        .unwrap_or_else(|error| panic!("{statement}: {error}"));
    connection.close().await.expect("closes");
}

/// Waits, within [`REPLAY_WITHIN`], until `ready` holds: the standby replays in its own time.
async fn until<F: Future<Output = bool>>(what: &str, mut ready: impl FnMut() -> F) {
    let start = Instant::now();
    while !ready().await {
        assert!(
            start.elapsed() < REPLAY_WITHIN,
            "not within {REPLAY_WITHIN:?}: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn leeds() -> CaseFilter {
    CaseFilter {
        viewer: Viewer::system([org("leeds-pps")]),
        ..CaseFilter::default()
    }
}

async fn listed(store: &AnyStore) -> Vec<String> {
    let page = store.list_cases(&leeds()).await.expect("the list answers");
    page.cases.into_iter().map(|case| case.reference).collect()
}

/// The dashboard's, the search's and the reports' reads all answer.
async fn every_stale_read_answers(store: &AnyStore) {
    let bounds = DueBounds {
        now: at(0),
        today_ends: at(600),
        week_ends: at(10_000),
    };
    store
        .open_counts(&Viewer::system([org("leeds-pps")]), &bounds)
        .await
        .expect("the dashboard's counts answer");
    store
        .list_cases(&CaseFilter {
            text: Some("received".to_owned()),
            ..leeds()
        })
        .await
        .expect("search answers");
    store
        .report_facts(
            &org("leeds-pps"),
            jiff::civil::date(2026, 1, 1),
            jiff::civil::date(2026, 12, 31),
            None,
            &mut |_| {},
        )
        .await
        .expect("the report's read answers");
    store
        .cases_received(&org("leeds-pps"), at(-1), Timestamp::MAX)
        .await
        .expect("the received-cases log answers");
    store
        .open_learning(
            &redress_store::Viewer::system([org("leeds-pps")]),
            jiff::civil::date(2026, 12, 1),
            20,
        )
        .await
        .expect("the dashboard's learning actions answer");
}

#[tokio::test]
async fn the_replica_serves_lists_and_redress_keeps_working_when_it_lags_or_stops() {
    let (Some(primary), Some(replica)) = (
        std::env::var("REDRESS_TEST_REPLICA_PRIMARY_URL")
            .ok()
            .filter(|u| !u.is_empty()),
        std::env::var("REDRESS_TEST_REPLICA_URL")
            .ok()
            .filter(|u| !u.is_empty()),
    ) else {
        eprintln!(
            "skipped the replica test: REDRESS_TEST_REPLICA_PRIMARY_URL and \
             REDRESS_TEST_REPLICA_URL are not set (scripts/postgres-replica prints them)"
        );
        return;
    };
    let _restart = RestartStandby;
    let database = format!("redress_replica_{}", std::process::id());
    execute(
        &primary,
        &format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
    )
    .await;
    execute(&primary, &format!("CREATE DATABASE {database}")).await;
    let (primary_db, replica_db) = (
        on_database(&primary, &database),
        on_database(&replica, &database),
    );
    until("the new database reaches the standby", || async {
        PgConnection::connect(&replica_db).await.is_ok()
    })
    .await;
    let store = AnyStore::open_with_replica(&primary_db, Some(&replica_db))
        .await
        .expect("the primary and its replica open");
    assert!(matches!(store, AnyStore::Replicated(_)));

    // A write on the primary appears on the replica's list.
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let first = spec.create(&store).await;
    until("the first case is listed from the replica", || async {
        listed(&store).await.contains(&first)
    })
    .await;
    every_stale_read_answers(&store).await;

    // A lagging replica: its replay paused, it still serves, stale, while writes and the reads
    // that must see them go to the primary.
    execute(&replica, "SELECT pg_wal_replay_pause()").await;
    let second = CaseSpec::complaint("leeds-pps", 1).create(&store).await;
    store
        .append(spec.commit(&second, 1, vec![event("more", 2)]))
        .await
        .expect("an action on the new case commits");
    let loaded = store
        .load(&second)
        .await
        .expect("loads")
        .expect("the case page reads its own write from the primary");
    assert_eq!(loaded.version(), 2);
    let conflict = store
        .append(spec.commit(&second, 1, vec![event("late", 3)]))
        .await;
    assert!(
        matches!(conflict, Err(redress_store::StoreError::Conflict { .. })),
        "the concurrency guard is on the primary: {conflict:?}"
    );
    assert_eq!(
        listed(&store).await,
        vec![first.clone()],
        "the paused replica serves the list as it was"
    );
    every_stale_read_answers(&store).await;
    execute(&replica, "SELECT pg_wal_replay_resume()").await;
    until("the second case reaches the replica's list", || async {
        listed(&store).await.contains(&second)
    })
    .await;

    // The replica stopped: every read falls back to the primary, which sees a case written
    // after the stop.
    run_script("stop-standby");
    let third = CaseSpec::complaint("leeds-pps", 5).create(&store).await;
    assert_eq!(
        listed(&store).await,
        vec![third.clone(), second.clone(), first.clone()],
        "with the replica gone the list comes from the primary"
    );
    every_stale_read_answers(&store).await;

    // Back again, the replica serves once more.
    run_script("start");
    until("the restarted replica lists the third case", || async {
        listed(&store).await.contains(&third)
    })
    .await;
    drop(store);
    execute(
        &primary,
        &format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
    )
    .await;
}
