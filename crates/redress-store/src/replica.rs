//! [`Replicated`]: a PostgreSQL primary for writes and a streaming replica for the reads that
//! may be a little stale (the dashboard's counts, case lists and search, reports), falling back
//! to the primary whenever the replica cannot answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::{PgStore, StoreError, StoreResult};

/// A primary and its read replica. Every write, and every read that must see the caller's own
/// writes (a case page after an action, the version check, the outbox), goes to `primary`;
/// [`AnyStore`](crate::AnyStore) sends only the list, count and report reads to `replica`.
#[derive(Clone, Debug)]
pub struct Replicated {
    pub(crate) primary: PgStore,
    pub(crate) replica: PgStore,
    /// Whether the last replica read failed, so a replica that is down is logged once, not
    /// once a request, and its return is logged too.
    failing: Arc<AtomicBool>,
}

impl Replicated {
    /// Connects to the primary (bringing its schema up to date) and, lazily, to the replica:
    /// a replica that is down when redress starts is not an error, only a fallback.
    pub async fn connect(primary_url: &str, replica_url: &str) -> StoreResult<Replicated> {
        Ok(Replicated {
            primary: PgStore::connect(primary_url).await?,
            replica: PgStore::connect_replica(replica_url)?,
            failing: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Notes a read the replica answered.
    pub(crate) fn answered(&self) {
        if self.failing.swap(false, Ordering::Relaxed) {
            tracing::info!("the read replica answers again: reads go to it");
        }
    }

    /// Notes a read the replica failed; the caller then asks the primary.
    pub(crate) fn failed(&self, error: &StoreError) {
        if !self.failing.swap(true, Ordering::Relaxed) {
            tracing::warn!(%error, "the read replica failed: reads go to the primary until it answers");
        }
    }
}

/// A read that may be served stale: on the replica, or on the primary when the replica fails.
macro_rules! on_reader {
    ($store:expr, $inner:ident => $call:expr) => {
        match $store {
            AnyStore::Sqlite($inner) => $call.await,
            AnyStore::Postgres($inner) => $call.await,
            AnyStore::Replicated(split) => {
                let from_replica = {
                    let $inner = &split.replica;
                    $call.await
                };
                match from_replica {
                    Ok(answer) => {
                        split.answered();
                        Ok(answer)
                    }
                    Err(error) => {
                        split.failed(&error);
                        let $inner = &split.primary;
                        $call.await
                    }
                }
            }
        }
    };
}
pub(crate) use on_reader;
