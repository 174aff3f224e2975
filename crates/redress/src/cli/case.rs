//! `redress case ...` subcommands.

use std::process::ExitCode;

/// `redress case` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CaseCommand {}

/// Runs one `redress case` subcommand.
pub fn run(command: CaseCommand) -> anyhow::Result<ExitCode> {
    match command {}
}
