//! `redress calendar ...` subcommands.

use std::process::ExitCode;

/// `redress calendar` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CalendarCommand {}

/// Runs one `redress calendar` subcommand.
pub fn run(command: CalendarCommand) -> anyhow::Result<ExitCode> {
    match command {}
}
