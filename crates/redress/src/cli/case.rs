//! `redress case ...` subcommands: walking a case through a procedure by hand.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use redress_core::calendar::Calendar;
use redress_core::simulate::{self, StepResult, parse_script, render};

/// `redress case` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CaseCommand {
    /// Run a script of dated commands through a procedure and print the timeline and deadlines.
    Simulate {
        /// The procedure file.
        #[arg(long)]
        procedure: PathBuf,
        /// The script (TOML: `now`, then `[[step]]` tables with `at`, `type` and the command's fields).
        script: PathBuf,
        /// Read the deadlines at this instant instead of the script's `now` or its last step.
        #[arg(long)]
        now: Option<String>,
    },
}

/// Runs one `redress case` subcommand.
pub fn run(command: CaseCommand) -> anyhow::Result<ExitCode> {
    match command {
        CaseCommand::Simulate {
            procedure,
            script,
            now,
        } => run_simulation(procedure, script, now),
    }
}

fn run_simulation(
    procedure_path: PathBuf,
    script_path: PathBuf,
    now: Option<String>,
) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&procedure_path)
        .with_context(|| format!("cannot read procedure file {}", procedure_path.display()))?;
    let procedure = redress_core::procedure::parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .0
            .iter()
            .map(|e| format!("{}:{e}", procedure_path.display()))
            .collect();
        anyhow!("the procedure file is not valid:\n{}", lines.join("\n"))
    })?;
    let calendar = Calendar::new(
        procedure.organisation.region,
        &procedure.organisation.closure_days,
    );
    let script_text = std::fs::read_to_string(&script_path)
        .with_context(|| format!("cannot read script {}", script_path.display()))?;
    let script =
        parse_script(&script_text).map_err(|e| anyhow!("{}: {e}", script_path.display()))?;
    let now = match now {
        Some(now) => simulate::parse_instant(&now).map_err(|e| anyhow!("--now: {e}"))?,
        None => script
            .now
            .or_else(|| script.steps.last().map(|s| s.at))
            .ok_or_else(|| {
                anyhow!(
                    "{}: the script has no steps and no `now`",
                    script_path.display()
                )
            })?,
    };
    let (case, results) = simulate::run(&script, &procedure, &calendar);
    print!("{}", render(&case, &results, &procedure, &calendar, now));
    let refused = results
        .iter()
        .any(|(_, r)| matches!(r, StepResult::Refused(_)));
    Ok(if refused {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
