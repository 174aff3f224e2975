//! `redress person export --email ADDRESS [--out DIR]` and `redress person erase --email
//! ADDRESS --reason TEXT`: a person's subject access and erasure requests, run by the operator,
//! who sees every case of every organisation. Both are recorded in the audit log.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use redress_app::person::Requester;

use super::config::Config;
use super::server::open_app;

/// Requests from a person about their own data.
#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Gather everything held about the person with this e-mail address, across cases and
    /// organisations: `person.json` and `person.pdf` in `--out` (default: the current
    /// directory).
    Export {
        /// Their e-mail address.
        #[arg(long)]
        email: String,
        /// The directory to write the files into (created if missing).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Erase the personal data of every closed case holding the person, except those under a
    /// legal hold; open and held cases are named with why they are kept (exit 1 if any is).
    Erase {
        /// Their e-mail address.
        #[arg(long)]
        email: String,
        /// Why (recorded with the erasure).
        #[arg(long)]
        reason: String,
    },
}

/// Runs a person subcommand.
pub async fn run(config: &Config, command: PersonCommand) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    match command {
        PersonCommand::Export { email, out } => {
            let export = app
                .person_export(Requester::Operator, &email)
                .await
                .map_err(|e| anyhow::anyhow!("person export: {e}"))?;
            let pdf = redress_app::person_pdf::person_pdf(&export)
                .map_err(|e| anyhow::anyhow!("person export: {e}"))?;
            let out = out.unwrap_or_else(|| PathBuf::from("."));
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            let json = serde_json::to_vec_pretty(&export)?;
            for (name, bytes) in [("person.json", json.as_slice()), ("person.pdf", &pdf)] {
                let path = out.join(name);
                std::fs::write(&path, bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            println!(
                "{} case(s) hold {}: wrote {} and {}",
                export.cases.len(),
                export.email,
                out.join("person.json").display(),
                out.join("person.pdf").display()
            );
            Ok(ExitCode::SUCCESS)
        }
        PersonCommand::Erase { email, reason } => {
            let report = app
                .person_erase(Requester::Operator, &email, &reason)
                .await
                .map_err(|e| anyhow::anyhow!("person erase: {e}"))?;
            for reference in &report.erased {
                println!("erased {reference}");
            }
            for org in &report.conduct_deleted {
                println!("deleted the conduct record at {org}");
            }
            for (reference, why) in &report.refused {
                println!("kept {reference}: {why}");
            }
            println!(
                "{} case(s) erased, {} kept, {} file(s) deleted",
                report.erased.len(),
                report.refused.len(),
                report.files_deleted
            );
            Ok(if report.refused.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}
