//! `redress report --org ORG --period P [--procedure ID] --format json|csv|html|pdf [--output
//! FILE]`: an organisation's figures for a period against the one before — one procedure's, or
//! without `--procedure` every procedure's together (with each one's figures when it runs
//! several) — in the same words and numbers as the staff reports page (both use
//! `redress_web::reports`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use redress_app::AppError;
use redress_app::reports::{parse_org, parse_period};
use redress_web::reports::{Format, render};

use super::config::Config;
use super::server::open_app;

/// The arguments of `redress report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The organisation.
    #[arg(long)]
    pub org: String,
    /// 2026, 2026-H1, 2026-Q3 or 2026-01-01..2026-03-31.
    #[arg(long)]
    pub period: String,
    /// One of the organisation's procedures (`main`, or a `[procedure] id`): its cases alone.
    /// Without it, every procedure of the organisation together.
    #[arg(long)]
    pub procedure: Option<String>,
    /// json, csv, html or pdf.
    #[arg(long, default_value = "json")]
    pub format: String,
    /// Write to this new file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// An input error as the CLI says it: the flag, then what is wrong.
pub(super) fn flag_error(error: AppError) -> anyhow::Error {
    match error {
        AppError::Invalid { field, message } => anyhow!("--{field}: {message}"),
        other => anyhow!("{other}"),
    }
}

/// Runs `redress report`. The flags are checked before the database is opened.
pub async fn run(config: &Config, args: ReportArgs) -> anyhow::Result<ExitCode> {
    let format = Format::parse(&args.format).map_err(|e| anyhow!("--format: {e}"))?;
    let period = parse_period(&args.period).map_err(flag_error)?;
    let org = parse_org(&args.org).map_err(flag_error)?;
    let app = open_app(config).await?;
    let procedure = app
        .parse_procedure(&org, args.procedure.as_deref())
        .map_err(flag_error)?;
    let report = app
        .report(&org, period, procedure.as_ref())
        .await
        .map_err(flag_error)?;
    let bytes = render(&report, format).map_err(|e| anyhow!("cannot write the report: {e}"))?;
    write_out(args.output, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to `output`, a new file (never one that exists), synced; or to standard
/// output. The `--output` of `report` and `assess`.
pub(super) fn write_out(output: Option<PathBuf>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .with_context(|| format!("--output: cannot create {}", path.display()))?;
            file.write_all(bytes)?;
            file.sync_all()?;
        }
        None => std::io::stdout().lock().write_all(bytes)?,
    }
    Ok(())
}
