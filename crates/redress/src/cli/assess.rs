//! `redress assess --org ORG --against CODE [--period P] [--procedure ID] --format
//! html|pdf|csv|json [--output FILE]`: the self-assessment table an organisation publishes
//! against a complaint handling code, from its procedure and the cases of the period
//! (`redress_web::assess`): one procedure's file and cases, or without `--procedure` the main
//! procedure's file and every case.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use redress_app::assess::parse_code;
use redress_app::reports::{parse_org, parse_period};
use redress_web::assess::render;
use redress_web::reports::Format;

use super::config::Config;
use super::report::{flag_error, write_out};
use super::server::open_app;

/// The arguments of `redress assess`.
#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// The organisation.
    #[arg(long)]
    pub org: String,
    /// The code: housing-ombudsman-2024, lgsco-2026, spso-mchp or nhs-2009.
    #[arg(long)]
    pub against: String,
    /// The cases' period: 2026, 2026-H1, 2026-Q3 or 2026-01-01..2026-03-31. Default: the
    /// current year, by the clock.
    #[arg(long)]
    pub period: Option<String>,
    /// One of the organisation's procedures (`main`, or a `[procedure] id`): its file and its
    /// cases. Without it, the main procedure's file and every case.
    #[arg(long)]
    pub procedure: Option<String>,
    /// html, pdf, csv or json.
    #[arg(long, default_value = "html")]
    pub format: String,
    /// Write to this new file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Runs `redress assess`. The flags are checked before the database is opened.
pub async fn run(config: &Config, args: AssessArgs) -> anyhow::Result<ExitCode> {
    let format = Format::parse(&args.format).map_err(|e| anyhow!("--format: {e}"))?;
    let code = parse_code(&args.against).map_err(flag_error)?;
    let org = parse_org(&args.org).map_err(flag_error)?;
    let period = args
        .period
        .as_deref()
        .map(parse_period)
        .transpose()
        .map_err(flag_error)?;
    let app = open_app(config).await?;
    let period = match period {
        Some(period) => period,
        None => {
            let year = redress_core::calendar::london_date(app.now()).year();
            parse_period(&year.to_string()).map_err(flag_error)?
        }
    };
    let procedure = app
        .parse_procedure(&org, args.procedure.as_deref())
        .map_err(flag_error)?;
    let assessment = app
        .assess(&org, &code, period, procedure.as_ref())
        .await
        .map_err(flag_error)?;
    let bytes =
        render(&assessment, format).map_err(|e| anyhow!("cannot write the assessment: {e}"))?;
    write_out(args.output, &bytes)?;
    Ok(ExitCode::SUCCESS)
}
