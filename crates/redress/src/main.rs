//! The `redress` command: the server, procedure checking and explaining, working-day
//! arithmetic, case simulation, and the store's administration (users, tokens, rebuild,
//! export/import, backup).

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// redress: complaints procedures made executable.
#[derive(Debug, Parser)]
#[command(name = "redress", version, about)]
struct Args {
    #[command(flatten)]
    options: cli::config::Options,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server: JSON API on 127.0.0.1:8080, SQLite in ./redress.db, the five shipped
    /// procedures. On first start, creates an admin and prints its one-time password.
    Serve,
    /// Print the resolved configuration, secrets hidden.
    Config,
    /// Check procedure files, explain one in plain English, or replay an organisation's past
    /// cases under a proposed one.
    #[command(subcommand)]
    Procedure(cli::procedure::ProcedureCommand),
    /// Count working days and list bank holidays.
    #[command(subcommand)]
    Calendar(cli::calendar::CalendarCommand),
    /// Walk a case through a procedure from a script of dated commands.
    #[command(subcommand)]
    Case(cli::case::CaseCommand),
    /// Add users and grant roles.
    #[command(subcommand)]
    User(cli::store::UserCommand),
    /// An organisation's member lists, which panels are drawn from.
    #[command(subcommand)]
    Member(cli::store::MemberCommand),
    /// Create API tokens.
    #[command(subcommand)]
    Token(cli::store::TokenCommand),
    /// Rebuild every read model from the events.
    Rebuild,
    /// Export an organisation's events as JSON Lines, then its attachments (one line each).
    Export {
        /// The organisation.
        #[arg(long)]
        org: String,
        /// Write to this new file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Import exported events into a database that lacks those cases: read as a stream and
    /// written a batch of whole cases per transaction, so memory stays bounded.
    Import {
        /// A JSON Lines file from `redress export`.
        file: PathBuf,
        /// Cases per transaction (default 500).
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        batch_cases: u32,
    },
    /// Write a consistent copy of the database while it is in use, and the attachments to
    /// `FILE.files/`.
    Backup {
        /// The new file.
        file: PathBuf,
    },
    /// E-mail in: store a message from standard input, or poll the IMAP mailbox.
    #[command(subcommand)]
    Mail(cli::mail::MailCommand),
    /// Erase the personal data of cases past their retention period (`run [--dry-run]`).
    #[command(subcommand)]
    Retention(cli::retention::RetentionCommand),
    /// The audit log of every read and change of a case (`verify`).
    #[command(subcommand)]
    Audit(cli::audit::AuditCommand),
    /// A person's subject access and erasure requests (`export`, `erase`).
    #[command(subcommand)]
    Person(cli::person::PersonCommand),
    /// An organisation's figures for a period, against the period before: counts by kind,
    /// channel, stage, outcome and theme, times to acknowledge and respond, and more.
    Report(cli::report::ReportArgs),
    /// The self-assessment an organisation publishes against a complaint handling code: each
    /// provision met, not met or not evidenced, with evidence from its procedure and cases.
    Assess(cli::assess::AssessArgs),
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.command {
        command @ Command::Procedure(cli::procedure::ProcedureCommand::Replay(_)) => {
            store_command(&args.options, command)
        }
        Command::Procedure(command) => cli::procedure::run(command),
        Command::Calendar(command) => cli::calendar::run(command),
        Command::Case(command) => cli::case::run(command),
        command => store_command(&args.options, command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Commands that need the configuration, and most of them the store, on an async runtime.
fn store_command(options: &cli::config::Options, command: Command) -> anyhow::Result<ExitCode> {
    let config = options.resolve()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match command {
            Command::Serve => cli::server::serve(config).await,
            Command::Config => {
                cli::config::print(&config);
                Ok(ExitCode::SUCCESS)
            }
            Command::User(command) => cli::store::user(&config, command).await,
            Command::Member(command) => cli::store::member(&config, command).await,
            Command::Token(command) => cli::store::token(&config, command).await,
            Command::Rebuild => cli::store::rebuild(&config).await,
            Command::Export { org, output } => cli::store::export(&config, &org, output).await,
            Command::Import { file, batch_cases } => {
                cli::import::import(&config, file, batch_cases as usize).await
            }
            Command::Backup { file } => cli::store::backup(&config, file).await,
            Command::Mail(command) => cli::mail::run(&config, command).await,
            Command::Retention(command) => cli::retention::run(&config, command).await,
            Command::Audit(command) => cli::audit::run(&config, command).await,
            Command::Person(command) => cli::person::run(&config, command).await,
            Command::Report(args) => cli::report::run(&config, args).await,
            Command::Assess(args) => cli::assess::run(&config, args).await,
            Command::Procedure(cli::procedure::ProcedureCommand::Replay(args)) => {
                cli::replay::run(&config, args).await
            }
            Command::Procedure(_) | Command::Calendar(_) | Command::Case(_) => {
                unreachable!("handled in main")
            }
        }
    })
}
