//! The PostgreSQL schema, read from the catalogue (issue 11, item 8): every primary key and
//! every index of every per-case table (a table with a `reference` column) should lead with the
//! organisation id, `org`, so the tables can be distributed by organisation (Citus' tenant
//! model) and a commit touches one node.
//!
//! This is a ratchet, not yet the goal. [`EXEMPT`] lists the tables that stay global, with the
//! reason; [`NOT_YET`] lists the keys and indexes that do not lead with `org` today (most lack
//! an `org` column, and the store loads a case by its reference alone: see ARCHITECTURE.md,
//! "Past one machine"). The test fails when a new key or index breaks the rule, and when one on
//! the list is fixed, so the list only shrinks. Runs when `REDRESS_TEST_POSTGRES_URL` is set.

use std::collections::BTreeSet;

use redress_store::PgStore;
use sqlx::{Connection, PgConnection};

/// Tables with a `reference` column that are not distributed by organisation, and why.
const EXEMPT: &[(&str, &str)] = &[
    (
        "audit_log",
        "one hash chain across the instance; it is appended to by every organisation in one \
         order, so it is a table of its own (on Citus, on the coordinator), not a per-case table",
    ),
    (
        "inbound_mail",
        "e-mail arrives in a mailbox before it is known to belong to a case or organisation, \
         and is found by its Message-ID alone",
    ),
    (
        "conduct_events",
        "a person's record, keyed (org, person, seq); `reference` only names the case a \
         decision was taken on",
    ),
];

/// Keys and indexes of per-case tables that do not lead with `org` yet: (table, index).
const NOT_YET: &[(&str, &str)] = &[
    ("case_deadlines", "case_deadlines_by_clock"),
    ("case_deadlines", "case_deadlines_pkey"),
    ("case_deadlines", "case_deadlines_running"),
    ("case_learning", "case_learning_pkey"),
    ("case_matters", "case_matters_pkey"),
    ("case_people", "case_people_by_case"),
    ("case_search", "case_search_document"),
    ("case_search", "case_search_pkey"),
    ("case_tracking", "case_tracking_pkey"),
    ("case_tracking", "case_tracking_token_hash_key"),
    ("cases", "cases_pkey"),
    ("cases", "cases_received"),
    ("events", "events_pkey"),
    ("outbox", "outbox_case"),
    ("outbox", "outbox_due"),
    ("outbox", "outbox_pkey"),
];

/// Every index of every table with a `reference` column: (table, index, its first column).
const INDEXES: &str = "\
    SELECT t.relname::text, i.relname::text, COALESCE(a.attname::text, '(an expression)') \
    FROM pg_index x \
    JOIN pg_class i ON i.oid = x.indexrelid \
    JOIN pg_class t ON t.oid = x.indrelid \
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema() \
    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] \
    WHERE EXISTS (SELECT 1 FROM pg_attribute r \
                  WHERE r.attrelid = t.oid AND r.attname = 'reference' AND NOT r.attisdropped) \
    ORDER BY 1, 2";

/// Every primary key and unique constraint, from pg_constraint, with its first column.
const CONSTRAINTS: &str = "\
    SELECT t.relname::text, c.conname::text, a.attname::text \
    FROM pg_constraint c \
    JOIN pg_class t ON t.oid = c.conrelid \
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema() \
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = c.conkey[1] \
    WHERE c.contype IN ('p', 'u') \
    AND EXISTS (SELECT 1 FROM pg_attribute r \
                WHERE r.attrelid = t.oid AND r.attname = 'reference' AND NOT r.attisdropped) \
    ORDER BY 1, 2";

#[tokio::test]
async fn every_key_and_index_of_a_per_case_table_leads_with_the_organisation() {
    let Some(server) = std::env::var("REDRESS_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("skipped the schema test: REDRESS_TEST_POSTGRES_URL is not set");
        return;
    };
    let database = format!("redress_schema_{}", std::process::id());
    let mut admin = PgConnection::connect(&server).await.expect("connects");
    for statement in [
        format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
        format!("CREATE DATABASE {database}"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&mut admin)
            .await
            .expect("the test database is made");
    }
    let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
    let url = format!("{base}/{database}");
    drop(PgStore::connect(&url).await.expect("migrates"));

    let mut connection = PgConnection::connect(&url).await.expect("connects");
    let mut rows: Vec<(String, String, String)> = sqlx::query_as(INDEXES)
        .fetch_all(&mut connection)
        .await
        .expect("pg_index reads");
    let constraints: Vec<(String, String, String)> = sqlx::query_as(CONSTRAINTS)
        .fetch_all(&mut connection)
        .await
        .expect("pg_constraint reads");
    assert!(
        constraints.iter().all(|c| rows.contains(c)),
        "every key and unique constraint has its index: {constraints:?}"
    );
    rows.extend(constraints);
    connection.close().await.expect("closes");

    let exempt: BTreeSet<&str> = EXEMPT.iter().map(|(table, _)| *table).collect();
    let per_case: BTreeSet<&str> = rows
        .iter()
        .map(|(table, _, _)| table.as_str())
        .filter(|table| !exempt.contains(table))
        .collect();
    for table in ["events", "cases", "case_deadlines", "case_search", "outbox"] {
        assert!(
            per_case.contains(table),
            "{table} is read as a per-case table"
        );
    }
    let breaking: BTreeSet<(&str, &str)> = rows
        .iter()
        .filter(|(table, _, first)| !exempt.contains(table.as_str()) && first != "org")
        .map(|(table, index, _)| (table.as_str(), index.as_str()))
        .collect();
    let expected: BTreeSet<(&str, &str)> = NOT_YET.iter().copied().collect();
    let new: Vec<_> = breaking.difference(&expected).collect();
    let fixed: Vec<_> = expected.difference(&breaking).collect();
    assert!(
        new.is_empty(),
        "keys or indexes of per-case tables that do not lead with org: {new:?}"
    );
    assert!(
        fixed.is_empty(),
        "these lead with org now: take them off NOT_YET: {fixed:?}"
    );

    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {database} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .expect("dropped");
}
