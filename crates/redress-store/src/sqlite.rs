//! The SQLite store: the embedded default, one file beside the program.
//!
//! Durability: WAL journal with `synchronous = FULL`. With WAL, `NORMAL` already survives the
//! process being killed (`kill -9`), because committed pages sit in the OS's cache of the WAL;
//! but it can lose the last transactions on a power cut or kernel crash. `FULL` syncs the WAL on
//! every commit, so a case acknowledged to a complainant is on disk before they are told its
//! reference. The price is one fsync per write transaction, which a complaints service can pay.
//!
//! Writes go through one writer task ([`writer`]), which owns the write connection and commits
//! the writes queued to it together in one `BEGIN IMMEDIATE` transaction (group commit), each in
//! its own savepoint; so writers queue in order instead of sleeping in SQLite's busy handler, and
//! a batch costs one fsync. Reads use a pool of connections and never wait for writers under WAL.
//! The 5 s busy timeout remains for other processes on the same file (a `redress` command run
//! beside the server).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Sqlite};

use self::writer::{Lease, Writer};

use crate::sql_common::{Rows, TextSearch, other};
use crate::{StoreError, StoreResult};

#[path = "sql_common/store_impl.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "compiled once per database on purpose; see sql_common/mod.rs"
)]
mod store_impl;
mod writer;

type Db = Sqlite;
/// Report facts joined into one text, a line each (`report_facts`).
const FACTS_JOINED: &str = "group_concat(facts, char(10))";

/// None needed before the tallies are counted again: the one writer is the only one.
const LOCK_TALLIES: Option<&str> = None;
/// A write transaction: this job's turn with the writer.
type Tx = Lease;
type ThisStore = SqliteStore;

/// A [`Store`](crate::Store) in a SQLite database file (or in memory, for tests).
#[derive(Clone, Debug)]
pub struct SqliteStore {
    /// For reads.
    pool: Pool<Sqlite>,
    writer: Writer,
}

impl SqliteStore {
    /// Opens a SQLite database, creating the file if it is missing, and brings its schema up to
    /// date. Takes a URL (`sqlite:redress.db`, `sqlite:///var/lib/redress.db`,
    /// `sqlite::memory:`) or a bare file path.
    pub async fn open(url_or_path: &str) -> StoreResult<SqliteStore> {
        let options = if url_or_path.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url_or_path)?
        } else {
            SqliteConnectOptions::new().filename(url_or_path)
        };
        let options = options
            .create_if_missing(true)
            // 8 KiB pages for a new database (an existing one keeps its own): an event is about
            // 2 KB of JSON, and 4 KiB pages held one or two with the rest unused (measured in
            // ARCHITECTURE, "Measured").
            .page_size(8192)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Freed content is overwritten with zeros, so an erased case's old rows do not
            // linger in free pages or free space inside pages (see ARCHITECTURE, retention).
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(5));
        let in_memory = url_or_path.contains(":memory:") || url_or_path.contains("mode=memory");
        let pool_options = if in_memory {
            // An in-memory database lives only as long as a connection to it: keep exactly one.
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(8)
        };
        let pool = pool_options.connect_with(options.clone()).await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        let write_pool = if in_memory {
            // The one connection is the database: the writer borrows it a batch at a time.
            pool.clone()
        } else {
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_with(options)
                .await?
        };
        Ok(SqliteStore {
            pool,
            writer: Writer::start(write_pool),
        })
    }
}

/// Waits for this write's turn with the writer (see [`writer`]).
async fn begin_write(store: &SqliteStore) -> StoreResult<Tx> {
    store.writer.begin().await
}

/// FTS5 over `case_search`, whose rowid is `cases.id`.
const TEXT_SEARCH: TextSearch = TextSearch {
    condition: "c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH {})",
    parameter: fts5_query,
};

/// The user's words as an FTS5 query that means only "all these words": each word becomes a
/// quoted phrase (quotes inside doubled), so `"`, `*`, `-`, `NEAR(`, `OR`, `:` and the like are
/// searched for as text rather than read as query syntax. Words with no letter or digit are
/// dropped, as the tokenizer would drop them.
fn fts5_query(text: &str) -> Option<String> {
    let phrases: Vec<String> = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" "))
}

/// Indexes cases' search texts (`(reference, text)`), under each case's `cases.id`, after
/// deleting the old entries if `rows` is `Replace`.
async fn write_search(tx: &mut Tx, texts: &[(&str, &str)], rows: Rows) -> StoreResult<()> {
    if rows == Rows::Replace {
        for (reference, _) in texts {
            sqlx::query(
                "DELETE FROM case_search WHERE rowid = (SELECT id FROM cases WHERE reference = $1)",
            )
            .bind(*reference)
            .execute(&mut **tx)
            .await?;
        }
    }
    store_impl::insert_rows(
        tx,
        "INSERT INTO case_search (rowid, body) SELECT c.id, v.column2 FROM (",
        2,
        ") AS v JOIN cases c ON c.reference = v.column1",
        texts,
        |row, (reference, text)| {
            row.push_bind(*reference).push_bind(*text);
        },
    )
    .await?;
    Ok(())
}

/// `VACUUM INTO`: a consistent, compacted copy taken while the store stays open for reading and
/// writing. Refuses to overwrite an existing file.
async fn backup(store: &SqliteStore, path: &Path) -> StoreResult<()> {
    if tokio::fs::try_exists(path)
        .await
        .map_err(|error| StoreError::Other(Box::new(error)))?
    {
        return Err(StoreError::Duplicate(format!(
            "backup file {}",
            path.display()
        )));
    }
    let target = path
        .to_str()
        .ok_or_else(|| other(format!("backup path {} is not UTF-8", path.display())))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&store.pool)
        .await?;
    // VACUUM INTO does not sync the copy; a backup that a power cut can empty is no backup.
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|error| StoreError::Other(Box::new(error)))?;
    file.sync_all()
        .await
        .map_err(|error| StoreError::Other(Box::new(error)))?;
    Ok(())
}

/// After erasures: merges the full-text index's segments so deleted entries are rewritten away
/// (FTS5 keeps them in older segments until a merge), then checkpoints the write-ahead log into
/// the database and truncates it to zero bytes, so the log holds no page written before. Freed
/// pages are zeroed because every connection runs with `secure_delete = ON`.
async fn compact(store: &SqliteStore) -> StoreResult<()> {
    sqlx::query("INSERT INTO case_search (case_search) VALUES ('optimize')")
        .execute(&store.pool)
        .await?;
    let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&store.pool)
        .await?;
    if busy != 0 {
        return Err(other(
            "the write-ahead log could not be checkpointed (another connection was busy); run again",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fts5_query;

    #[test]
    fn search_words_become_quoted_phrases() {
        assert_eq!(
            fts5_query("late reply").as_deref(),
            Some(r#""late" "reply""#)
        );
        assert_eq!(
            fts5_query(r#"say "hi" NEAR(x* -y"#).as_deref(),
            Some(r#""say" """hi""" "NEAR(x*" "-y""#)
        );
        assert_eq!(fts5_query(" * - \" ( "), None);
    }
}
