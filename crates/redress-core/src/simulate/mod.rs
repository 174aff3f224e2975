//! Simulation: a small TOML script of dated commands run through the decider, printed as a
//! timeline and the case's deadlines, and checked against what the script expects. This is how a
//! person checks a procedure by hand, and the seed scenarios are such scripts
//! (`crates/redress-core/tests/scenarios/`; the format is described in `docs/scenarios.md`).
//!
//! ```toml
//! # A complaint received the Wednesday before Christmas.
//! procedure = "leeds-pps.toml"        # the shipped procedure it runs on
//! now = "2027-01-20 09:00"            # when to read the deadlines; default: the last step
//!
//! [[step]]
//! at = "2026-12-23 10:00"             # Europe/London civil time, or RFC 3339 with an offset
//! type = "receive"
//! submission = { kind = "complaint", channel = "email", complainant = { name = "A Parent", email = "parent@example.org" }, what_happened = "..." }
//! expect.events = ["received"]
//! # Day 0 is Wed 23 Dec; 24 Dec (1), 29 Dec (2), 30 Dec (3): 25 and 28 Dec are bank holidays.
//! expect.deadlines = [{ clock = "acknowledgement", stage = "stage-1", due = "2026-12-30", status = "open" }]
//!
//! [[step]]
//! at = "2026-12-24 09:30"
//! type = "acknowledge"
//! phone = "0113 000 0000"
//! email = "parent.partnership@example.org"
//! expect.letter = { kind = "acknowledgement", says.response-due = { response = { by = "2027-01-18" } } }
//!
//! [[step]]
//! at = "2026-12-24 09:40"
//! type = "acknowledge"
//! phone = "0113 000 0000"
//! email = "parent.partnership@example.org"
//! expect.refused = { code = "not-allowed-now", says = "already acknowledged" }
//! ```
//!
//! Besides the command's own fields a step takes `at`, `expect` (see [`Expect`]), `seed` (the
//! seed of a panel draw, which a caller of the API may not choose), `apply = false` (decide but
//! do not apply: "would this be allowed?") and `new_case = true` (start again on a fresh case, so
//! one file can hold a table of cases). A step with no `type` only looks at the case at `at`. A
//! script may name a `start`: another script whose steps run first, without their expectations.

mod clocks;
mod expect;
mod letters;
mod matching;

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::DateTime;

pub use expect::{Expect, Failure};

use crate::calendar::{Calendar, format_date, london_date};
use crate::case::{Case, ClockStatus, Command, Event, Party, Refusal, deadlines, decide};
use crate::ids::RoleId;
use crate::procedure::Procedure;

/// One dated command, and what should come of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// When it takes effect.
    pub at: Timestamp,
    /// What; `None` for a step that only looks at the case (a step with no `type`).
    pub command: Option<Command>,
    /// The seed of a panel draw: given beside the command, never inside it.
    pub seed: Option<u64>,
    /// Whether its events are applied (`false`: only ask whether it would be allowed).
    pub apply: bool,
    /// Whether it starts again on a fresh case.
    pub new_case: bool,
    /// The procedure roles held by the member of staff giving it (`as = ["coordinator"]`);
    /// `None`: someone holding every role of the procedure.
    pub holds: Option<Vec<RoleId>>,
    /// What should come of it.
    pub expect: Expect,
}

/// A parsed script.
#[derive(Clone, Debug, PartialEq)]
pub struct Script {
    /// The shipped procedure file it runs on, e.g. `leeds-pps.toml`.
    pub procedure: Option<String>,
    /// Another script, relative to this one, whose steps run first.
    pub start: Option<String>,
    /// When to read the deadlines.
    pub now: Option<Timestamp>,
    /// The steps, in order, the `start` script's first.
    pub steps: Vec<Step>,
    /// How many of the steps came from the `start` script.
    pub started: usize,
}

impl Script {
    /// This script with `start`'s steps run first. Their expectations are dropped: they are
    /// checked where they are written, in `start` itself.
    pub fn after(mut self, start: Script) -> Script {
        let mut steps: Vec<Step> = start
            .steps
            .into_iter()
            .map(|step| Step {
                expect: Expect::default(),
                ..step
            })
            .collect();
        self.started = steps.len();
        steps.append(&mut self.steps);
        self.steps = steps;
        self.start = None;
        self.procedure = self.procedure.or(start.procedure);
        self
    }
}

/// What a step did.
#[derive(Clone, Debug, PartialEq)]
pub enum StepResult {
    /// Its events.
    Done(Vec<Event>),
    /// Why it was refused; the case is unchanged.
    Refused(Refusal),
}

/// A script run: the last case, each step with what it did, and every expectation not met.
#[derive(Clone, Debug)]
pub struct Run {
    /// The case as the last step left it.
    pub case: Case,
    /// Each step and what it did.
    pub results: Vec<(Step, StepResult)>,
    /// Every expectation that was not met, in step order.
    pub failures: Vec<Failure>,
}

/// Parses an instant: `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM` as Europe/London civil
/// time, a bare date as 09:00 London time, or RFC 3339 with an offset.
pub fn parse_instant(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(instant) = text.parse::<Timestamp>() {
        return Ok(instant);
    }
    let civil = text
        .parse::<DateTime>()
        .or_else(|_| text.parse::<jiff::civil::Date>().map(|d| d.at(9, 0, 0, 0)))
        .map_err(|_| format!("`{text}` is not a date and time like 2026-12-23 10:00"))?;
    civil
        .in_tz("Europe/London")
        .map(|zoned| zoned.timestamp())
        .map_err(|e| format!("`{text}`: {e}"))
}

/// Parses a script's text.
pub fn parse_script(text: &str) -> Result<Script, String> {
    let mut table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let now = match table.remove("now") {
        Some(toml::Value::String(now)) => Some(parse_instant(&now)?),
        Some(toml::Value::Datetime(now)) => Some(parse_instant(&now.to_string())?),
        Some(_) => return Err("`now` must be a date and time".to_owned()),
        None => None,
    };
    let procedure = take_string(&mut table, "procedure")?;
    let start = take_string(&mut table, "start")?;
    let steps = match table.remove("step") {
        Some(toml::Value::Array(steps)) => steps,
        None => Vec::new(),
        Some(_) => return Err("write steps as [[step]] tables".to_owned()),
    };
    if let Some(key) = table.keys().next() {
        return Err(format!(
            "unknown key `{key}`: a script has `procedure`, `start`, `now` and [[step]] tables"
        ));
    }
    let steps = steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| parse_step(to_json(step)).map_err(|e| format!("step {}: {e}", i + 1)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Script {
        procedure,
        start,
        now,
        steps,
        started: 0,
    })
}

fn take_string(table: &mut toml::Table, key: &str) -> Result<Option<String>, String> {
    match table.remove(key) {
        Some(toml::Value::String(value)) => Ok(Some(value)),
        Some(_) => Err(format!("`{key}` must be a string")),
        None => Ok(None),
    }
}

/// One step: its own keys (`at`, `seed`, `apply`, `new_case`, `expect`), then the command.
fn parse_step(mut json: serde_json::Value) -> Result<Step, String> {
    let object = json
        .as_object_mut()
        .ok_or("a step is a table of `at`, `type` and the command's fields")?;
    let at = match object.remove("at") {
        Some(serde_json::Value::String(at)) => {
            parse_instant(&at).map_err(|e| format!("at: {e}"))?
        }
        _ => return Err("every step needs `at`".to_owned()),
    };
    let seed = match object.remove("seed") {
        Some(seed) => Some(seed.as_u64().ok_or("`seed` must be a whole number")?),
        None => None,
    };
    let flag = |value: Option<serde_json::Value>, key: &str, default: bool| match value {
        Some(serde_json::Value::Bool(flag)) => Ok(flag),
        None => Ok(default),
        Some(_) => Err(format!("`{key}` must be true or false")),
    };
    let apply = flag(object.remove("apply"), "apply", true)?;
    let new_case = flag(object.remove("new_case"), "new_case", false)?;
    let holds = match object.remove("as") {
        Some(roles) => Some(
            serde_json::from_value::<Vec<RoleId>>(roles)
                .map_err(|e| format!("`as` is a list of the procedure's role ids: {e}"))?,
        ),
        None => None,
    };
    let expect = match object.remove("expect") {
        Some(expect) => serde_json::from_value(expect).map_err(|e| format!("expect: {e}"))?,
        None => Expect::default(),
    };
    if !object.contains_key("type") {
        if !object.is_empty() || seed.is_some() || expect.refused.is_some() {
            return Err(
                "a step without `type` only looks at the case: give it `at` and `expect`"
                    .to_owned(),
            );
        }
        return Ok(Step {
            at,
            command: None,
            seed,
            apply,
            new_case,
            holds,
            expect,
        });
    }
    let command: Command = serde_json::from_value(json).map_err(|e| e.to_string())?;
    // The seed is never the caller's, so never part of the command: the step gives it, as the
    // app's random number source would.
    let command = match (&command, seed) {
        (Command::DrawPanel(_), Some(seed)) => command.with_seed(seed),
        (Command::DrawPanel(_), None) => {
            return Err("a panel draw needs `seed = N` on its step".to_owned());
        }
        (_, Some(_)) => return Err("`seed` belongs only on a draw-panel step".to_owned()),
        (_, None) => command,
    };
    Ok(Step {
        at,
        command: Some(command),
        seed,
        apply,
        new_case,
        holds,
        expect,
    })
}

/// TOML to JSON, writing TOML dates and times as the strings they are.
fn to_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => items.into_iter().map(to_json).collect(),
        toml::Value::Table(table) => table.into_iter().map(|(k, v)| (k, to_json(v))).collect(),
    }
}

/// Runs every step, from a fresh case, and checks what each step expects. A refused step changes
/// nothing and the run goes on; a refusal nobody expected is a failure.
pub fn run(script: &Script, procedure: &Procedure, calendar: &Calendar) -> Run {
    let mut case = Case::default();
    let mut results = Vec::new();
    let mut failures = Vec::new();
    let every_role: Vec<RoleId> = procedure.roles.keys().cloned().collect();
    for (index, step) in script.steps.iter().enumerate() {
        if step.new_case {
            case = Case::default();
        }
        let holds = step.holds.as_deref().unwrap_or(&every_role);
        let decided = match &step.command {
            Some(command) => decide(
                &case,
                command.clone(),
                procedure,
                calendar,
                step.at,
                Party::Staff { holds },
            ),
            None => Ok(Vec::new()),
        };
        let refusal_expected = step.expect.refused.is_some();
        let result = match decided {
            Ok(events) => {
                if step.apply && !refusal_expected {
                    for event in &events {
                        case.apply(event);
                    }
                }
                StepResult::Done(events)
            }
            Err(refusal) => StepResult::Refused(refusal),
        };
        let context = expect::Context {
            step,
            number: match index.checked_sub(script.started) {
                Some(own) => (own + 1, false),
                None => (index + 1, true),
            },
            result: &result,
            case: &case,
            procedure,
            calendar,
        };
        failures.extend(step.expect.check(&context));
        results.push((step.clone(), result));
    }
    Run {
        case,
        results,
        failures,
    }
}

/// The timeline and deadlines as text for a person.
pub fn render(
    case: &Case,
    results: &[(Step, StepResult)],
    procedure: &Procedure,
    calendar: &Calendar,
    now: Timestamp,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — procedure version {}",
        procedure.organisation.name, procedure.procedure.version
    );
    let _ = writeln!(out, "\nTimeline");
    for (step, result) in results {
        let when = step
            .at
            .in_tz("Europe/London")
            .map(|z| z.strftime("%a %d %b %Y %H:%M").to_string())
            .unwrap_or_default();
        if step.new_case {
            let _ = writeln!(out, "  -- a new case --");
        }
        let Some(command) = &step.command else {
            continue;
        };
        match result {
            StepResult::Done(events) => {
                let asked = if step.apply { "" } else { " (asked only)" };
                for event in events {
                    let json = serde_json::to_value(&event.fact).unwrap_or_default();
                    let kind = json
                        .get("type")
                        .and_then(|t| t.as_str())
                        .unwrap_or("?")
                        .to_owned();
                    let _ = writeln!(out, "  {when}  {kind}{asked}");
                    // A letter's typed statements, one a line (the web words them).
                    if let Some(statements) = json
                        .pointer("/letter/statements")
                        .and_then(|l| l.as_array())
                    {
                        for statement in statements {
                            let _ = writeln!(out, "        | {statement}");
                        }
                    }
                }
            }
            StepResult::Refused(refusal) => {
                let expected = if step.expect.refused.is_some() {
                    " (as expected)"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "  {when}  REFUSED{expected} {}: {refusal}",
                    command_name(command)
                );
            }
        }
    }
    let now_day = london_date(now);
    let _ = writeln!(out, "\nDeadlines on {}", format_date(now_day));
    match deadlines(case, procedure, calendar, now) {
        Ok(list) if list.is_empty() => {
            let _ = writeln!(out, "  none");
        }
        Ok(list) => {
            for deadline in list {
                let status = match deadline.status {
                    ClockStatus::Open => "open".to_owned(),
                    ClockStatus::Overdue => "OVERDUE".to_owned(),
                    ClockStatus::Met { at, on_time } => format!(
                        "met {}{}",
                        format_date(london_date(at)),
                        if on_time { "" } else { " (late)" }
                    ),
                    ClockStatus::Paused => "paused".to_owned(),
                    ClockStatus::NotNeeded => "not needed".to_owned(),
                    ClockStatus::Lapsed => "lapsed".to_owned(),
                };
                let _ = writeln!(
                    out,
                    "  {:<16} {}  {}",
                    format_date(deadline.due.date),
                    status,
                    deadline.what
                );
                let _ = writeln!(out, "        why: {}", deadline.why);
            }
        }
        Err(error) => {
            let _ = writeln!(out, "  cannot work out deadlines: {error}");
        }
    }
    out
}

/// What a step does, for messages: its command's `type` tag, or `look` for a step without one.
pub fn step_name(step: &Step) -> String {
    step.command
        .as_ref()
        .map_or_else(|| "look".to_owned(), command_name)
}

/// The `type` tag of a command.
pub fn command_name(command: &Command) -> String {
    serde_json::to_value(command)
        .ok()
        .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_owned))
        .unwrap_or_default()
}
