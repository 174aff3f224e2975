//! Databases for the test suites of the crates above the store (feature `testing`): a SQLite
//! file in a directory, and a new, empty PostgreSQL database per call when
//! `REDRESS_TEST_POSTGRES_URL` names a server.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::AnyStore;

/// The store in the SQLite file `path` (created if missing).
pub async fn sqlite(path: &Path) -> AnyStore {
    AnyStore::open(&format!("sqlite:{}", path.display()))
        .await
        .expect("the SQLite store opens")
}

/// The URL of a new, empty PostgreSQL database named after `label`, or `None` (having said
/// so on standard error) when `REDRESS_TEST_POSTGRES_URL` is not set.
pub async fn postgres_url(label: &str) -> Option<String> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let Some(url) = std::env::var("REDRESS_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
    else {
        eprintln!("skipped {label} on PostgreSQL: REDRESS_TEST_POSTGRES_URL is not set");
        return None;
    };
    let label: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(30)
        .collect();
    let database = format!(
        "redress_{label}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let pool = sqlx::PgPool::connect(&url)
        .await
        .expect("the PostgreSQL server answers");
    for statement in [
        format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
        format!("CREATE DATABASE {database}"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&pool)
            .await
            .expect("the test database is made");
    }
    pool.close().await;
    let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
    Some(format!("{base}/{database}"))
}

/// A store on a new, empty PostgreSQL database (see [`postgres_url`]).
pub async fn postgres(label: &str) -> Option<AnyStore> {
    let url = postgres_url(label).await?;
    Some(AnyStore::open(&url).await.expect("the new database opens"))
}
