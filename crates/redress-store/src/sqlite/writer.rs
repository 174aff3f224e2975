//! The one writer of a SQLite store, with group commit.
//!
//! SQLite lets one transaction write at a time. Before this writer, every write took its own
//! `BEGIN IMMEDIATE` on a pool connection and the others slept in SQLite's busy handler, polling
//! for the lock (and failed with "database is locked" when the wait ran out), and every write
//! paid its own fsync. Now one task owns the write connection. A write asks for a turn
//! ([`Writer::begin`]); turns are handed out in the order they were asked for. The writer opens
//! one `BEGIN IMMEDIATE` transaction, lends it to each waiting job in turn inside a `SAVEPOINT`,
//! takes back the transaction when the job commits or drops its [`Lease`], and when no job is
//! waiting (or [`BATCH_LIMIT`] have run) commits once — one fsync under `synchronous = FULL` for
//! the whole batch — and only then answers each job's `commit`. Nothing is acknowledged before it
//! is durable.
//!
//! A job that fails or is refused drops its lease: the writer rolls back to its savepoint, so it
//! leaves nothing behind and the other jobs of the batch are untouched. If the savepoint cannot
//! be rolled back or released, or the lease is lost, the batch cannot be trusted: it is rolled
//! back whole and every job waiting in it is told its write failed.
//!
//! The transaction is lent rather than the jobs sent to the writer so that the store's write
//! paths (`create_in`, `append_in`, ...) run unchanged on the writer's connection, including the
//! caller's `build` closure, which borrows from the caller and so cannot move to another task.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{Pool, Sqlite, SqliteConnection, Transaction};
use tokio::sync::{mpsc, oneshot};

use crate::sql_common::other;
use crate::{StoreError, StoreResult};

/// The most jobs committed together. A batch holds the write lock until it commits, so the
/// limit bounds how long the first job of a batch waits for its answer.
pub(crate) const BATCH_LIMIT: usize = 256;

/// The writer's transaction, shared by a batch of jobs.
type Batch = Transaction<'static, Sqlite>;

/// A request for a turn: where to send the lease.
type Turn = oneshot::Sender<StoreResult<Lease>>;

/// What the commit of a batch came to, as told to each job in it.
type Committed = Result<(), String>;

/// The handle of a store's writer task; cheap to clone. The task ends when the last handle goes.
#[derive(Clone, Debug)]
pub(crate) struct Writer {
    turns: mpsc::UnboundedSender<Turn>,
    /// Batches committed so far.
    #[cfg_attr(not(test), expect(dead_code, reason = "read by the tests"))]
    commits: Arc<AtomicU64>,
}

impl Writer {
    /// Starts the writer task on `pool`, whose connections it uses one batch at a time (a file
    /// store gives it a pool of one connection of its own).
    pub(crate) fn start(pool: Pool<Sqlite>) -> Writer {
        let (turns, queue) = mpsc::unbounded_channel();
        let commits = Arc::new(AtomicU64::new(0));
        tokio::spawn(run(pool, queue, Arc::clone(&commits)));
        Writer { turns, commits }
    }

    /// How many batches have committed (each one fsync under `synchronous = FULL`).
    #[cfg(test)]
    fn commits(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }

    /// Waits for this job's turn and lends it the batch's transaction, inside a savepoint of its
    /// own. Commit the lease to keep the job's writes; drop it to undo them.
    pub(crate) async fn begin(&self) -> StoreResult<Lease> {
        let (turn, lease) = oneshot::channel();
        self.turns.send(turn).map_err(|_| gone())?;
        lease.await.map_err(|_| gone())?
    }
}

fn gone() -> StoreError {
    other("the SQLite writer has stopped")
}

/// One job's loan of the writer's transaction. It dereferences to the connection, so statements
/// run on it as on a transaction. Dropping it undoes the job's writes (like dropping a
/// transaction) and hands the transaction back to the writer.
pub(crate) struct Lease {
    /// Always `Some` until `commit` takes it or the lease drops.
    batch: Option<Batch>,
    back: Option<oneshot::Sender<Returned>>,
}

/// A transaction handed back by a job.
struct Returned {
    batch: Batch,
    /// Where to tell the job that its writes are durable; `None` to undo them.
    keep: Option<oneshot::Sender<Committed>>,
}

impl Lease {
    /// Keeps this job's writes, and returns once the batch holding them has committed: when it
    /// returns `Ok`, they are on disk.
    pub(crate) async fn commit(mut self) -> StoreResult<()> {
        let (keep, committed) = oneshot::channel();
        if let (Some(batch), Some(back)) = (self.batch.take(), self.back.take()) {
            back.send(Returned {
                batch,
                keep: Some(keep),
            })
            .map_err(|_| gone())?;
        }
        match committed.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(other(format!("the write was not committed: {message}"))),
            Err(_) => Err(gone()),
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let (Some(batch), Some(back)) = (self.batch.take(), self.back.take()) {
            // If the writer is gone, the transaction drops here and rolls back: nothing kept.
            let _ = back.send(Returned { batch, keep: None });
        }
    }
}

impl Deref for Lease {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        self.batch
            .as_ref()
            .expect("a lease holds the transaction until it commits or drops")
    }
}

impl DerefMut for Lease {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.batch
            .as_mut()
            .expect("a lease holds the transaction until it commits or drops")
    }
}

async fn run(
    pool: Pool<Sqlite>,
    mut queue: mpsc::UnboundedReceiver<Turn>,
    commits: Arc<AtomicU64>,
) {
    while let Some(first) = queue.recv().await {
        batch(&pool, first, &mut queue, &commits).await;
    }
}

/// Runs `first` and every job queued behind it (up to the limit) in one transaction, commits,
/// and answers the jobs that kept their writes.
async fn batch(
    pool: &Pool<Sqlite>,
    first: Turn,
    queue: &mut mpsc::UnboundedReceiver<Turn>,
    commits: &AtomicU64,
) {
    let mut batch = match pool.begin_with("BEGIN IMMEDIATE").await {
        Ok(batch) => batch,
        Err(error) => {
            let _ = first.send(Err(error.into()));
            return;
        }
    };
    let mut kept = Vec::new();
    let mut next = Some(first);
    let mut taken = 0;
    while let Some(turn) = next.take() {
        taken += 1;
        match lend(batch, turn).await {
            Ok((returned, keep)) => {
                batch = returned;
                kept.extend(keep);
            }
            Err(message) => {
                tracing::error!(%message, jobs = kept.len(), "a SQLite write batch was rolled back");
                for job in kept {
                    let _ = job.send(Err(message.clone()));
                }
                return;
            }
        }
        if taken < BATCH_LIMIT {
            next = queue.try_recv().ok();
        }
    }
    let outcome = batch.commit().await.map_err(|error| error.to_string());
    if outcome.is_ok() {
        commits.fetch_add(1, Ordering::SeqCst);
    }
    for job in kept {
        let _ = job.send(outcome.clone());
    }
}

/// Lends the batch to one job inside a savepoint and takes it back, releasing the savepoint if
/// the job keeps its writes and rolling back to it if not. An error means the batch is broken.
async fn lend(
    mut batch: Batch,
    turn: Turn,
) -> Result<(Batch, Option<oneshot::Sender<Committed>>), String> {
    savepoint(&mut batch, "SAVEPOINT job").await?;
    let (back, returned) = oneshot::channel();
    // A job that stopped waiting drops the lease unsent, which hands the batch straight back.
    let _ = turn.send(Ok(Lease {
        batch: Some(batch),
        back: Some(back),
    }));
    let Returned { mut batch, keep } = returned
        .await
        .map_err(|_| "a write job lost the writer's transaction".to_owned())?;
    if keep.is_none() {
        savepoint(&mut batch, "ROLLBACK TO job").await?;
    }
    savepoint(&mut batch, "RELEASE job").await?;
    Ok((batch, keep))
}

async fn savepoint(batch: &mut Batch, statement: &'static str) -> Result<(), String> {
    sqlx::query(statement)
        .execute(&mut **batch)
        .await
        .map(drop)
        .map_err(|error| format!("{statement}: {error}"))
}

#[cfg(test)]
mod tests {
    use std::future::{Future, poll_fn};
    use std::pin::pin;
    use std::task::Poll;

    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

    use super::*;

    async fn writer_on_a_file(directory: &tempfile::TempDir) -> (Writer, Pool<Sqlite>) {
        let options = SqliteConnectOptions::new()
            .filename(directory.path().join("writer.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full);
        let pool = Pool::<Sqlite>::connect_with(options).await.expect("opens");
        sqlx::query("CREATE TABLE t (x INTEGER PRIMARY KEY)")
            .execute(&pool)
            .await
            .expect("a table");
        (Writer::start(pool.clone()), pool)
    }

    async fn insert(lease: &mut Lease, x: i64) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO t (x) VALUES ($1)")
            .bind(x)
            .execute(&mut **lease)
            .await
            .map(drop)
    }

    /// Polls `future` once, so that a `begin` sends its request for a turn.
    async fn poll_once<F: Future>(future: std::pin::Pin<&mut F>) {
        let mut future = Some(future);
        poll_fn(|context| {
            if let Some(future) = future.take() {
                assert!(future.poll(context).is_pending(), "the writer is busy");
            }
            Poll::Ready(())
        })
        .await;
    }

    #[tokio::test]
    async fn jobs_queued_behind_one_commit_together_and_a_failed_one_leaves_nothing() {
        let directory = tempfile::tempdir().expect("a temporary directory");
        let (writer, pool) = writer_on_a_file(&directory).await;
        let mut first = writer.begin().await.expect("the first turn");
        // While the first job holds the transaction, three more queue behind it.
        let mut second = pin!(writer.begin());
        let mut failing = pin!(writer.begin());
        let mut fourth = pin!(writer.begin());
        poll_once(second.as_mut()).await;
        poll_once(failing.as_mut()).await;
        poll_once(fourth.as_mut()).await;
        insert(&mut first, 1).await.expect("insert 1");
        let (first, second, failing, fourth) = tokio::join!(
            first.commit(),
            async {
                let mut lease = second.await?;
                insert(&mut lease, 2).await?;
                lease.commit().await
            },
            async {
                let mut lease = failing.await?;
                insert(&mut lease, 3).await?;
                // 1 is taken: the statement fails, and the job gives up, dropping its lease.
                insert(&mut lease, 1).await?;
                lease.commit().await
            },
            async {
                let mut lease = fourth.await?;
                insert(&mut lease, 4).await?;
                lease.commit().await
            },
        );
        first.expect("the first job committed");
        second.expect("the second job committed");
        assert!(failing.is_err(), "{failing:?}");
        fourth.expect("the fourth job committed");
        assert_eq!(writer.commits(), 1, "one commit for the four jobs");
        let stored: Vec<i64> = sqlx::query_scalar("SELECT x FROM t ORDER BY x")
            .fetch_all(&pool)
            .await
            .expect("read back");
        assert_eq!(
            stored,
            [1, 2, 4],
            "the failed job's 3 went with its savepoint"
        );
    }

    #[tokio::test]
    async fn a_job_that_stops_waiting_for_its_turn_costs_the_others_nothing() {
        let directory = tempfile::tempdir().expect("a temporary directory");
        let (writer, pool) = writer_on_a_file(&directory).await;
        let mut first = writer.begin().await.expect("the first turn");
        {
            let abandoned = pin!(writer.begin());
            poll_once(abandoned).await;
        }
        let mut third = pin!(writer.begin());
        poll_once(third.as_mut()).await;
        insert(&mut first, 1).await.expect("insert 1");
        let (first, third) = tokio::join!(first.commit(), async {
            let mut lease = third.await?;
            insert(&mut lease, 3).await?;
            lease.commit().await
        });
        first.expect("the first job committed");
        third.expect("the third job committed");
        let stored: Vec<i64> = sqlx::query_scalar("SELECT x FROM t ORDER BY x")
            .fetch_all(&pool)
            .await
            .expect("read back");
        assert_eq!(stored, [1, 3]);
    }
}
