//! `redress retention run [--dry-run]`: erase the personal data of every case past its
//! retention period (or list them), and `serve`'s hourly run of the same.

use std::process::ExitCode;

use clap::Subcommand;
use redress_app::App;
use redress_app::retention::RetentionReport;
use redress_store::AnyStore;

use super::config::Config;
use super::server::open_app;

/// Retention of personal data.
#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Erase the personal data of every closed case past its retention period, by the clock
    /// now; a legal hold keeps a case. Each run is logged.
    Run {
        /// List the cases that would be erased and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs a retention subcommand.
pub async fn run(config: &Config, command: RetentionCommand) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    match command {
        RetentionCommand::Run { dry_run } => {
            let report = app
                .run_retention(dry_run)
                .await
                .map_err(|e| anyhow::anyhow!("retention run: {e}"))?;
            print!("{}", render(&report));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The report as lines: one per case erased (or due), one per case held.
pub fn render(report: &RetentionReport) -> String {
    let verb = if report.dry_run {
        "would erase"
    } else {
        "erased"
    };
    let mut out = String::new();
    for due in &report.erased {
        out.push_str(&format!("{verb} {} (due {})\n", due.reference, due.due_on));
    }
    for (reference, reason) in &report.held {
        out.push_str(&format!("held {reference}: {reason}\n"));
    }
    if report.conduct_deleted > 0 {
        let verb = if report.dry_run {
            "would delete"
        } else {
            "deleted"
        };
        out.push_str(&format!(
            "{verb} {} conduct record(s): no case of the person is left\n",
            report.conduct_deleted
        ));
    }
    out.push_str(&format!(
        "{} case(s) {verb}, {} held, {} file(s) deleted, at {}\n",
        report.erased.len(),
        report.held.len(),
        report.files_deleted,
        report.at
    ));
    out
}

/// How often `serve` runs retention. What is due is decided by core on the app's clock.
const RETENTION_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Runs retention every [`RETENTION_EVERY`] for as long as the server runs.
pub fn spawn(app: App<AnyStore>) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(RETENTION_EVERY);
        loop {
            ticks.tick().await;
            match app.run_retention(false).await {
                Ok(report) if !report.erased.is_empty() => {
                    tracing::info!(erased = report.erased.len(), "retention run");
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "retention run failed"),
            }
        }
    });
}
