//! The PostgreSQL store, for organisations that run a database server.
//!
//! Scaling out. The schema keeps to what PostgreSQL-compatible distributed engines (Citus,
//! CockroachDB, YugabyteDB) also offer: plain tables with natural composite keys, `INSERT ... ON
//! CONFLICT`, `RETURNING`, B-tree, partial and GIN indexes; no sequences, triggers, generated
//! columns, stored procedures, advisory locks or LISTEN/NOTIFY. Ordering never relies on a
//! sequence: events are ordered by their own `seq`, cases by (received_at, reference). Going
//! further would take:
//! - distributing every per-case table (`events`, `cases`, `case_deadlines`, `case_search`,
//!   `case_tracking`, `outbox`) by `org`, so a commit touches one shard (tests/schema.rs lists
//!   the keys that do not lead with `org` yet; ARCHITECTURE.md, "Past one machine"); the small tables
//!   (`users`, `memberships`, `api_tokens`, `procedures`, `case_numbers`) become reference
//!   (replicated) tables on Citus;
//! - `case_numbers` is one hot row per organisation and year; that suits complaint volumes, but a
//!   busier tenant would hand out numbers in blocks;
//! - `list_cases` and `export` fan out across shards; their keyset order is total, so pages stay
//!   exact;
//! - full-text search: CockroachDB has `tsvector`/GIN from 23.1; on an engine without it, the
//!   `case_search` table is where an external index would plug in;
//! - migrations run without sqlx's advisory lock (those engines lack it), so when upgrading, start
//!   one instance first and let it migrate before the others.
//!
//! Writes run at READ COMMITTED: the version check reads the stream's head, and the primary key
//! on (reference, seq) rejects the loser of any race, which `append` reports as `Conflict`.

use std::path::Path;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Pool, Postgres, Transaction};

use crate::StoreResult;
use crate::sql_common::{Rows, TextSearch, other};

#[path = "sql_common/store_impl.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database on purpose; see sql_common/mod.rs"
)]
mod store_impl;

type Db = Postgres;
/// Report facts joined into one text, a line each (`report_facts`).
const FACTS_JOINED: &str = "string_agg(facts, E'\\n')";

/// Taken before the tallies are counted again, so no writer adds a change to them between
/// the count and its commit (a writer's change to `cases` it has not committed is not in the
/// count, and lands on the new tallies after it).
const LOCK_TALLIES: Option<&str> =
    Some("LOCK TABLE open_groups, open_due, open_learning IN EXCLUSIVE MODE");
/// A write transaction; PostgreSQL commits concurrent transactions together itself.
type Tx = Transaction<'static, Postgres>;
type ThisStore = PgStore;

/// A [`Store`](crate::Store) in a PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: Pool<Postgres>,
}

impl PgStore {
    /// Connects to `postgres://user:password@host:port/database` and brings the schema up to
    /// date.
    pub async fn connect(url: &str) -> StoreResult<PgStore> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .connect(url)
            .await?;
        let mut migrator = sqlx::migrate!("migrations/postgres");
        migrator.set_locking(false);
        migrator.run(&pool).await?;
        Ok(PgStore { pool })
    }

    /// A store on a read-only replica: no migration (the primary's schema streams to it), a
    /// lazy pool (a replica that is down is not an error until it is asked), and short limits,
    /// so a replica that is gone or stuck costs a read seconds, not a hung request, before
    /// [`Replicated`](crate::Replicated) asks the primary instead.
    pub fn connect_replica(url: &str) -> StoreResult<PgStore> {
        let options: PgConnectOptions = url.parse()?;
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(2))
            .connect_lazy_with(options.options([("statement_timeout", "5s")]));
        Ok(PgStore { pool })
    }
}

async fn begin_write(store: &PgStore) -> Result<Tx, sqlx::Error> {
    store.pool.begin().await
}

/// `plainto_tsquery` reads the user's text as plain words joined by AND, whatever characters it
/// holds, so no quoting is needed; text with no word in it matches nothing, as on SQLite.
const TEXT_SEARCH: TextSearch = TextSearch {
    condition: "EXISTS (SELECT 1 FROM case_search s WHERE s.reference = c.reference \
                AND s.document @@ plainto_tsquery('simple', {}))",
    parameter: plain_words,
};

fn plain_words(text: &str) -> Option<String> {
    text.chars()
        .any(char::is_alphanumeric)
        .then(|| text.to_owned())
}

/// Indexes cases' search texts (`(reference, text)`), replacing any old entry in place.
async fn write_search(tx: &mut Tx, texts: &[(&str, &str)], _rows: Rows) -> StoreResult<()> {
    store_impl::insert_rows(
        tx,
        "INSERT INTO case_search (reference, body, document)",
        3,
        "ON CONFLICT (reference) DO UPDATE SET body = excluded.body, document = excluded.document",
        texts,
        |row, (reference, text)| {
            row.push_bind(*reference)
                .push_bind(*text)
                .push("to_tsvector('simple', ")
                .push_bind_unseparated(*text)
                .push_unseparated(")");
        },
    )
    .await?;
    Ok(())
}

/// After erasures: `VACUUM` of the tables erasure rewrites or deletes from, so the old row
/// versions (dead tuples, which an `UPDATE` or `DELETE` leaves in place) are removed from the
/// tables and their indexes and the space marked free. Its limits, stated in ARCHITECTURE: the
/// freed space is not zeroed (the bytes stay in the data files until overwritten; `VACUUM FULL`
/// would rewrite the files but locks the tables), and the write-ahead log segments and any
/// archive or base backup keep the old rows until they are recycled or expire.
async fn compact(store: &PgStore) -> StoreResult<()> {
    for table in [
        "events",
        "cases",
        "case_search",
        "case_tracking",
        "outbox",
        "inbound_mail",
        "link_requests",
    ] {
        // VACUUM cannot run in a transaction block; each is its own statement on the pool.
        sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM (ANALYZE) {table}")))
            .execute(&store.pool)
            .await?;
    }
    Ok(())
}

async fn backup(_store: &PgStore, path: &Path) -> StoreResult<()> {
    Err(other(format!(
        "redress does not copy a PostgreSQL database itself: use pg_dump, e.g. \
         `pg_dump --format=custom --file={} \"$DATABASE_URL\"`",
        path.display()
    )))
}
