//! `redress procedure ...` subcommands: check procedure files, explain one in plain English and
//! as a flowchart, print the JSON Schema of the format, and replay an organisation's past cases
//! under a proposed file (`replay`, in `cli/replay.rs`, since it needs the store).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use redress_core::codes;
use redress_core::procedure::{self, Procedure};

/// `redress procedure` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ProcedureCommand {
    /// Check procedure files, with errors that point at the line.
    ///
    /// Prints "FILE: ok (organisation, version, effective date, stages)" for each good file,
    /// and each error as "FILE:LINE:COL: field: message" on standard error. Exits with 1 if any
    /// file fails.
    ///
    /// With `--against CODE`, also lists each provision of that complaint handling code the
    /// file breaks, as "FILE:LINE:COL: CODE SECTION: what the file says (the requirement)",
    /// and exits with 1 if any is broken.
    Check {
        /// A complaint handling code to lint against: housing-ombudsman-2024, lgsco-2026,
        /// spso-mchp or nhs-2009.
        #[arg(long, value_name = "CODE")]
        against: Option<String>,
        /// The procedure files (TOML) to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Explain a procedure in plain English, as Markdown, followed by a Mermaid flowchart.
    Explain {
        /// The procedure file (TOML).
        file: PathBuf,
        /// Print only the Markdown, or only the Mermaid flowchart. Default: both.
        #[arg(long, value_enum)]
        format: Option<ExplainFormat>,
    },
    /// Replay an organisation's past cases under a proposed procedure file: which deadlines
    /// move, and which would have been missed (or met).
    ///
    /// Replays the cases that ran on the procedure the file would replace (the same
    /// `[procedure] id`, default `main`), each under the version it ran on and under the file,
    /// with the events as they happened. Prints the counts, then a line per deadline that
    /// moves, appears, goes or turns late or on time. Changes nothing. Exits with 2 for bad
    /// input (an unknown organisation, a file that is not a valid procedure, a file for another
    /// organisation).
    Replay(super::replay::ReplayArgs),
    /// Print the JSON Schema of the procedure-file format.
    ///
    /// The committed copy is docs/procedure.schema.json; regenerate it with
    /// `redress procedure schema > docs/procedure.schema.json`.
    Schema,
}

/// What `redress procedure explain` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// The procedure in plain English.
    Markdown,
    /// The journey of a complaint as a Mermaid `flowchart TD`.
    Mermaid,
}

/// Runs one `redress procedure` subcommand.
pub fn run(command: ProcedureCommand) -> anyhow::Result<ExitCode> {
    match command {
        ProcedureCommand::Check { against, files } => {
            let code = match against.as_deref().map(codes::shipped).transpose() {
                Ok(code) => code,
                Err(error) => anyhow::bail!("--against: {error}"),
            };
            Ok(check(&files, code.as_ref()))
        }
        ProcedureCommand::Explain { file, format } => {
            let procedure = load(&file)?;
            match format {
                Some(ExplainFormat::Markdown) => {
                    print!("{}", procedure::explain(&procedure).to_markdown())
                }
                Some(ExplainFormat::Mermaid) => print!("{}", procedure::mermaid(&procedure)),
                None => print!(
                    "{}\n## The journey of a complaint\n\n```mermaid\n{}```\n",
                    procedure::explain(&procedure).to_markdown(),
                    procedure::mermaid(&procedure)
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
        ProcedureCommand::Replay(_) => unreachable!("needs the store: main routes it"),
        ProcedureCommand::Schema => {
            let schema = serde_json::to_string_pretty(&procedure::json_schema())
                .context("cannot write the JSON Schema")?;
            println!("{schema}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Checks every file, reporting each; a failure in one does not stop the others. With a
/// `code`, each valid file is linted against it too.
fn check(files: &[PathBuf], code: Option<&codes::Code>) -> ExitCode {
    let mut failed = false;
    for file in files {
        let name = file.display();
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{name}: cannot read the file: {error}");
                failed = true;
                continue;
            }
        };
        match procedure::parse(&text) {
            Ok(procedure) => {
                println!("{name}: ok ({})", summary(&procedure));
                if let Some(code) = code
                    && !lint_file(file, &text, &procedure, code)
                {
                    failed = true;
                }
            }
            Err(errors) => {
                failed = true;
                for error in &errors.0 {
                    eprintln!("{}", located(file, error));
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints each provision of `code` the procedure breaks, located in its file, and a summary
/// line; true when none is broken.
fn lint_file(file: &Path, text: &str, procedure: &Procedure, code: &codes::Code) -> bool {
    let findings = codes::lint(procedure, code);
    let id = &code.code.id;
    for finding in codes::broken(&findings) {
        let place = match procedure::field_position(text, &finding.field) {
            Some((line, column)) => format!("{}:{line}:{column}", file.display()),
            None => file.display().to_string(),
        };
        println!(
            "{place}: {id} {}: {} (the code: {})",
            finding.section, finding.evidence, finding.requirement
        );
    }
    let count = |verdict| findings.iter().filter(|f| f.verdict == verdict).count();
    let broken = count(codes::Verdict::NotMet);
    println!(
        "{}: {id}: {broken} of {} provisions not met, {} met, {} not shown by a procedure file",
        file.display(),
        findings.len(),
        count(codes::Verdict::Met),
        count(codes::Verdict::NotEvidenced)
    );
    broken == 0
}

/// "Leeds Parent Partnership Service, version 1, effective 2024-01-01, 3 stages".
fn summary(procedure: &Procedure) -> String {
    let stages = procedure.stages.len();
    format!(
        "{}, version {}, effective {}, {stages} {}",
        procedure.organisation.name,
        procedure.procedure.version,
        procedure.procedure.effective_from,
        if stages == 1 { "stage" } else { "stages" }
    )
}

/// Reads and parses one procedure file, with errors that name it and point at lines.
pub(super) fn load(file: &Path) -> anyhow::Result<Procedure> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    procedure::parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors.0.iter().map(|error| located(file, error)).collect();
        anyhow::anyhow!(
            "{} is not a valid procedure file:\n{}",
            file.display(),
            lines.join("\n")
        )
    })
}

/// An error as FILE:LINE:COL: field: message, or FILE: field: message when it has no position.
fn located(file: &Path, error: &procedure::ProcedureError) -> String {
    if error.line.is_some() {
        format!("{}:{error}", file.display())
    } else {
        format!("{}: {error}", file.display())
    }
}
