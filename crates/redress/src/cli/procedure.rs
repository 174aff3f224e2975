//! `redress procedure ...` subcommands.

use std::process::ExitCode;

/// `redress procedure` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ProcedureCommand {}

/// Runs one `redress procedure` subcommand.
pub fn run(command: ProcedureCommand) -> anyhow::Result<ExitCode> {
    match command {}
}
