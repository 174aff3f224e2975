//! `redress-bench`: the parts of the benchmark suite that `bench/run` drives — a generator of
//! realistic cases as JSON Lines for `redress import` (`cases`), the benchmark's member of staff
//! (`users`), an HTTP load client for public
//! submissions (`submit`) and for reads (`read`), and the disk's one-row durable commit rate
//! (`commit-rate`). Each measuring command prints one line of JSON.

mod cases;
mod load;
mod users;
mod words;

use std::time::Instant;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Benchmark parts for bench/run")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write `cases` realistic cases across the five shipped organisations, received over the
    /// year before `until` (default now), as the JSON Lines `redress import` reads.
    Cases {
        #[arg(long)]
        out: std::path::PathBuf,
        #[arg(long)]
        cases: usize,
        /// The seed scenarios the cases are drawn from.
        #[arg(long, default_value = "crates/redress-core/tests/scenarios")]
        scenarios: std::path::PathBuf,
        /// RFC 3339; steps after it have not happened yet.
        #[arg(long)]
        until: Option<jiff::Timestamp>,
        /// Only this organisation's cases (all `cases` of them), for a report over one
        /// organisation's million.
        #[arg(long)]
        org: Option<String>,
    },
    /// Add the staff user `bench` (password `bench-password-123`) to a store, an officer in every
    /// shipped organisation, and print an API token of theirs.
    Users {
        #[arg(long)]
        database: String,
    },
    /// Post `requests` public complaints to `base` at `concurrency`, each client socket bound to
    /// its own loopback address so the per-address rate limit of 10 a minute is not reached.
    Submit {
        #[arg(long)]
        base: String,
        #[arg(long)]
        requests: usize,
        #[arg(long)]
        concurrency: usize,
        /// The first of the loopback addresses' third octet (use a new one per run).
        #[arg(long, default_value_t = 1)]
        octet: u8,
        /// Write the tracking links' paths here, one per line.
        #[arg(long)]
        tracking_out: Option<String>,
    },
    /// GET `path` `requests` times at `concurrency` with the API token, or signed in as `bench`
    /// when the path starts with /staff. `{ref}` in the path is replaced by references read from
    /// `/api/v1/cases`; `{track}` by tracking links from `tracking`, a file of one per line.
    Read {
        #[arg(long)]
        base: String,
        #[arg(long)]
        path: String,
        #[arg(long)]
        token: String,
        #[arg(long, default_value_t = 500)]
        requests: usize,
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        #[arg(long)]
        tracking: Option<String>,
    },
    /// One-row transactions on a SQLite file in WAL mode with synchronous = FULL, for `seconds`.
    CommitRate {
        #[arg(long)]
        file: String,
        #[arg(long, default_value_t = 3)]
        seconds: u64,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Cases {
            out,
            cases,
            scenarios,
            until,
            org,
        } => cases::run(
            &scenarios,
            &out,
            cases,
            until.unwrap_or_else(jiff::Timestamp::now),
            org.as_deref(),
        ),
        Command::Users { database } => users::run(&database).await,
        Command::Submit {
            base,
            requests,
            concurrency,
            octet,
            tracking_out,
        } => load::submit(&base, requests, concurrency, octet, tracking_out.as_deref()).await,
        Command::Read {
            base,
            path,
            token,
            requests,
            concurrency,
            tracking,
        } => {
            load::read(
                &base,
                &path,
                &token,
                requests,
                concurrency,
                tracking.as_deref(),
            )
            .await
        }
        Command::CommitRate { file, seconds } => commit_rate(&file, seconds).await,
    }
}

/// The disk's ceiling for durable one-row commits, measured the way the store commits.
async fn commit_rate(file: &str, seconds: u64) -> anyhow::Result<()> {
    use sqlx::Connection;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    let options = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let mut connection = sqlx::SqliteConnection::connect_with(&options).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
        .execute(&mut connection)
        .await?;
    let started = Instant::now();
    let mut commits: u64 = 0;
    while started.elapsed().as_secs() < seconds {
        sqlx::query("INSERT INTO t (x) VALUES ($1)")
            .bind(i64::try_from(commits)?)
            .execute(&mut connection)
            .await?;
        commits += 1;
    }
    let per_second = commits as f64 / started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({ "commits": commits, "per_second": per_second.round() })
    );
    Ok(())
}

/// The `q`-th quantile (0..=1) of sorted latencies, in milliseconds.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    (sorted[index] * 100.0).round() / 100.0
}
