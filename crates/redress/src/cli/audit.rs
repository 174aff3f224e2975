//! `redress audit verify`: walks the audit log's hash chain and names every entry altered or
//! removed (exit 1), or says how many entries there are and that the chain is intact.

use std::process::ExitCode;

use clap::Subcommand;

use super::config::Config;
use super::server::open_app;

/// The audit log of every read and change of a case.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every entry against its hash and the entry before it, and the last against the
    /// log's head; name each entry altered or removed and exit non-zero if any is.
    Verify,
}

/// Runs an audit subcommand.
pub async fn run(config: &Config, command: AuditCommand) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    match command {
        AuditCommand::Verify => {
            let verdict = app
                .verify_audit()
                .await
                .map_err(|e| anyhow::anyhow!("audit verify: {e}"))?;
            if verdict.problems.is_empty() {
                println!("{} entries, chain intact", verdict.entries);
                return Ok(ExitCode::SUCCESS);
            }
            for problem in &verdict.problems {
                println!("{problem}");
            }
            println!(
                "{} entries, chain broken: {} problem(s)",
                verdict.entries,
                verdict.problems.len()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
