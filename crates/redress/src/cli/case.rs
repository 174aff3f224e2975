//! `redress case ...` subcommands: walking a case through a procedure by hand.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use redress_app::procedures::SHIPPED;
use redress_core::calendar::Calendar;
use redress_core::simulate::{self, Script, parse_script, render};

/// `redress case` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CaseCommand {
    /// Run a script of dated commands through a procedure, print the timeline and deadlines, and
    /// check what the script expects (exit status 1 if anything is not as expected).
    Simulate {
        /// The procedure file; without it, the shipped procedure the script names.
        #[arg(long)]
        procedure: Option<PathBuf>,
        /// The script (TOML: `procedure`, `now`, then `[[step]]` tables with `at`, `type`, the
        /// command's fields and `expect`; see docs/scenarios.md).
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
    procedure_path: Option<PathBuf>,
    script_path: PathBuf,
    now: Option<String>,
) -> anyhow::Result<ExitCode> {
    let script = read_script(&script_path)?;
    let (name, text) = match (&procedure_path, &script.procedure) {
        (Some(path), _) => (
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read procedure file {}", path.display()))?,
        ),
        (None, Some(shipped)) => {
            let text = SHIPPED
                .iter()
                .find(|(file, _)| file == shipped)
                .map(|(_, text)| (*text).to_owned())
                .ok_or_else(|| {
                    anyhow!(
                        "{}: no shipped procedure `{shipped}`; give one with --procedure",
                        script_path.display()
                    )
                })?;
            (shipped.clone(), text)
        }
        (None, None) => {
            return Err(anyhow!(
                "{}: the script names no `procedure`; give one with --procedure",
                script_path.display()
            ));
        }
    };
    let procedure = redress_core::procedure::parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors.0.iter().map(|e| format!("{name}:{e}")).collect();
        anyhow!("the procedure file is not valid:\n{}", lines.join("\n"))
    })?;
    let calendar = Calendar::new(
        procedure.organisation.region,
        &procedure.organisation.closure_days,
    );
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
    let run = simulate::run(&script, &procedure, &calendar);
    print!(
        "{}",
        render(&run.case, &run.results, &procedure, &calendar, now)
    );
    if run.failures.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    println!("\nNot as expected");
    for failure in &run.failures {
        println!("  {}: {failure}", script_path.display());
    }
    Ok(ExitCode::FAILURE)
}

/// Reads a script and, first, the script it names as its `start` (and that one's, and so on, a
/// few deep: a script that starts from itself is an error, not a hang).
fn read_script(path: &Path) -> anyhow::Result<Script> {
    read_script_within(path, 8)
}

fn read_script_within(path: &Path, depth: usize) -> anyhow::Result<Script> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read script {}", path.display()))?;
    let script = parse_script(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    match &script.start {
        Some(_) if depth == 0 => Err(anyhow!(
            "{}: too many scripts each starting from another",
            path.display()
        )),
        Some(start) => {
            let start_path = path.parent().unwrap_or(Path::new(".")).join(start);
            let start = read_script_within(&start_path, depth - 1)?;
            Ok(script.after(start))
        }
        None => Ok(script),
    }
}
