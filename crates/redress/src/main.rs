//! The `redress` command: checks and explains procedure files, counts working days, and
//! simulates cases by hand. Later issues add the server and the store behind it.

mod cli;

use clap::{Parser, Subcommand};

/// redress: complaints procedures made executable.
#[derive(Debug, Parser)]
#[command(name = "redress", version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check procedure files, or explain one in plain English.
    #[command(subcommand)]
    Procedure(cli::procedure::ProcedureCommand),
    /// Count working days and list bank holidays.
    #[command(subcommand)]
    Calendar(cli::calendar::CalendarCommand),
    /// Walk a case through a procedure from a script of dated commands.
    #[command(subcommand)]
    Case(cli::case::CaseCommand),
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let result = match args.command {
        Command::Procedure(command) => cli::procedure::run(command),
        Command::Calendar(command) => cli::calendar::run(command),
        Command::Case(command) => cli::case::run(command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
