//! The case generator: realistic cases across the five shipped organisations, written as the
//! JSON Lines that `redress export` writes and `redress import` reads, so that loading a million
//! cases measures import itself.
//!
//! Each case is one of the seed scenarios (`crates/redress-core/tests/scenarios/`: every path each
//! procedure's text describes, worked out by hand — acknowledgements, responses with outcomes,
//! escalations, panels, withdrawals, refusals, compliments), moved by whole weeks to a day in the
//! year before `until` (so weekdays stay weekdays), with its own person, long texts and people
//! named. Its events are decided by core, as the app would decide them; a step that the moved
//! dates make refusable (a bank holiday in a different place) is left out as core refuses it, and
//! steps after `until` have not happened yet, so about one case in six is still open.
//! Deterministic: case `i` is the same on every run with the same `until`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use jiff::{SignedDuration, Timestamp};
use redress_app::procedures::SHIPPED;
use redress_core::calendar::{Calendar, london_date};
use redress_core::case::{Command, Contact, PersonNamed};
use redress_core::ids::OrgId;
use redress_core::procedure::{Procedure, parse};
use redress_core::simulate::{Script, Step, StepResult, parse_script};
use redress_store::ExportedEvent;

use crate::words::{person, text};

/// What an officer does next with a case its scenario leaves open, tried in order a few days
/// apart (core refuses what does not apply: a second acknowledgement, a response to a closed
/// case, an acknowledgement without the contact details a procedure's letter must give), so that
/// most cases end answered and closed, with outcomes in turn. Closing waits out the escalation
/// window. `ROLE` is a role the organisation's procedure lets handle its first stage.
const FINISH: &str = r#"
[[step]]
at = "2026-01-05 10:00"
type = "acknowledge"
[[step]]
at = "2026-01-05 10:05"
type = "acknowledge"
handler_name = "The Co-ordinator"
phone = "0113 000 0000"
email = "office@example.org"
[[step]]
at = "2026-01-06 11:00"
type = "assign-handler"
name = "The Co-ordinator"
role = "ROLE"
[[step]]
at = "2026-01-06 11:02"
type = "draw-panel"
seed = 7
candidates = [
  { id = "m1", name = "Member One" },
  { id = "m2", name = "Member Two" },
  { id = "m3", name = "Member Three" },
  { id = "m4", name = "Member Four" },
  { id = "m5", name = "Member Five" },
  { id = "m6", name = "Member Six" },
]
[[step]]
at = "2026-01-06 11:05"
type = "start-investigation"
reason = "The parent wants a formal answer."
[[step]]
at = "2026-01-14 15:00"
type = "respond"
outcome = "OUTCOME"
findings = "We looked at the records and spoke to the adviser; the call log shows the calls were missed."
how_investigated = "The Co-ordinator read the case notes and the call log and spoke to the adviser."
remedies = [{ kind = "apology", description = "We are sorry the calls were not returned." }]
[[step]]
at = "2026-01-14 15:05"
type = "respond"
outcome = "OUTCOME"
findings = "We looked at the records and spoke to the adviser; the call log shows the calls were missed."
how_investigated = "The panel read the case notes and the call log and spoke to the adviser."
remedies = [{ kind = "recommendation", description = "Calls are returned within two working days." }]
[[step]]
at = "2026-01-14 15:10"
type = "respond"
outcome = "not-upheld"
findings = "We looked at the records and spoke to the adviser; the calls were returned."
how_investigated = "The panel read the case notes and the call log and spoke to the adviser."
remedies = []
[[step]]
at = "2026-03-02 09:00"
type = "close"
"#;

/// The outcomes the finishing response gives, in turn.
const OUTCOMES: &[&str] = &["upheld", "partly-upheld", "not-upheld"];

/// One organisation's procedure and the scenario cases that run on it.
struct Org {
    id: OrgId,
    procedure: Procedure,
    calendar: Calendar,
    /// Each template: the steps of one case of one scenario, the receipt first.
    templates: Vec<Vec<Step>>,
    /// The finishing steps, one list per outcome.
    finishes: Vec<Vec<Step>>,
}

/// Writes `cases` cases to `out`, across the five organisations or only `only`'s, and prints a
/// line of JSON saying how many events it wrote.
pub fn run(
    scenarios: &Path,
    out: &Path,
    cases: usize,
    until: Timestamp,
    only: Option<&str>,
) -> anyhow::Result<()> {
    let mut orgs = load(scenarios)?;
    if let Some(only) = only {
        orgs.retain(|org| org.id.as_str() == only);
        if orgs.is_empty() {
            bail!("--org {only}: not one of the five shipped organisations");
        }
    }
    let file =
        std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut numbers: BTreeMap<(usize, i16), i64> = BTreeMap::new();
    let (mut events, mut open) = (0usize, 0usize);
    let started = std::time::Instant::now();
    for index in 0..cases {
        let which = index % orgs.len();
        let org = &orgs[which];
        let template = &org.templates[(index / orgs.len()) % org.templates.len()];
        // Received over the year before `until`, at a minute that differs case by case.
        let minutes_ago = (index.wrapping_mul(7_919) % (365 * 24 * 60)) as i64 + 60;
        let target = until - SignedDuration::from_mins(minutes_ago);
        let first = template[0].at;
        let weeks = target.duration_since(first).as_secs() / (7 * 24 * 3600);
        let shift = SignedDuration::from_hours(weeks * 7 * 24);
        let received_on = london_date(first + shift);
        let number = numbers.entry((which, received_on.year())).or_insert(0);
        *number += 1;
        let reference = format!(
            "{}-{}-{:04}",
            org.procedure.organisation.reference_prefix,
            received_on.year(),
            number
        );
        // The finishing steps start two days after the scenario's last.
        let finish = &org.finishes[index % org.finishes.len()];
        let last = template.last().map_or(first, |step| step.at) + shift;
        let after = last.duration_since(finish[0].at) + SignedDuration::from_hours(48);
        let steps: Vec<Step> = template
            .iter()
            .map(|step| step.clone().moved(shift))
            .chain(finish.iter().map(|step| step.clone().moved(after)))
            .take_while(|step| step.at <= until)
            .map(|step| personal(step, index, &reference))
            .collect();
        let script = Script {
            procedure: None,
            start: None,
            now: None,
            steps,
            started: 0,
        };
        let run = redress_core::simulate::run(&script, &org.procedure, &org.calendar);
        if !run.case.is_closed() {
            open += 1;
        }
        let mut seq = 0;
        for (_, result) in &run.results {
            let StepResult::Done(decided) = result else {
                continue;
            };
            for event in decided {
                seq += 1;
                let line = ExportedEvent {
                    reference: reference.clone(),
                    org: org.id.clone(),
                    seq,
                    recorded_at: event.at,
                    actor: Some("bench".to_owned()),
                    // The size of a real one; these cases' tracking links are never opened.
                    tracking_hash: (seq == 1).then(|| format!("{index:064x}")),
                    event: event.clone(),
                };
                serde_json::to_writer(&mut writer, &line)?;
                writer.write_all(b"\n")?;
            }
        }
        events += seq as usize;
    }
    writer.flush()?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "cases": cases,
            "events": events,
            "open": open,
            "seconds": (seconds * 10.0).round() / 10.0,
        })
    );
    Ok(())
}

/// The five shipped procedures, each with the scenario cases of `dir` that run on it.
fn load(dir: &Path) -> anyhow::Result<Vec<Org>> {
    let mut orgs: Vec<Org> = Vec::new();
    for (file, text) in SHIPPED {
        let procedure = parse(text).map_err(|e| anyhow!("{file}: {e}"))?;
        let calendar = Calendar::new(
            procedure.organisation.region,
            &procedure.organisation.closure_days,
        );
        orgs.push(Org {
            id: procedure.organisation.id.clone(),
            procedure,
            calendar,
            templates: Vec::new(),
            finishes: Vec::new(),
        });
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let sub = entry?.path();
        if sub.is_dir() {
            for file in std::fs::read_dir(&sub)? {
                let path = file?.path();
                if path.extension().is_some_and(|e| e == "toml") {
                    paths.push(path);
                }
            }
        }
    }
    paths.sort();
    for path in paths {
        let script = read_script(&path)?;
        let Some(shipped) = &script.procedure else {
            continue;
        };
        let Some(index) = SHIPPED.iter().position(|(file, _)| file == shipped) else {
            continue;
        };
        let org = &mut orgs[index];
        for case in cases_of(script) {
            // Kept only when core takes its receipt as written.
            let trial = Script {
                procedure: None,
                start: None,
                now: None,
                steps: case.clone(),
                started: 0,
            };
            let run = redress_core::simulate::run(&trial, &org.procedure, &org.calendar);
            if matches!(run.results.first(), Some((_, StepResult::Done(_)))) {
                org.templates.push(case);
            }
        }
    }
    for org in &mut orgs {
        if org.templates.is_empty() {
            return Err(anyhow!(
                "no scenario in {} runs on {}",
                dir.display(),
                org.id
            ));
        }
        org.finishes = finishes(org)?;
    }
    Ok(orgs)
}

/// The finishing steps for `org`, with the first of its procedure's roles that core lets handle
/// a case received as its first scenario case was.
fn finishes(org: &Org) -> anyhow::Result<Vec<Vec<Step>>> {
    let parsed = |role: &str, outcome: &str| {
        parse_script(&FINISH.replace("ROLE", role).replace("OUTCOME", outcome))
            .map(|script| script.steps)
            .map_err(|e| anyhow!("the finishing steps: {e}"))
    };
    let receipt = &org.templates[0][0];
    let mut chosen = None;
    for role in org.procedure.roles.keys() {
        let steps = parsed(role.as_str(), OUTCOMES[0])?;
        let after = receipt.at.duration_since(steps[0].at) + SignedDuration::from_hours(24);
        let trial = Script {
            procedure: None,
            start: None,
            now: None,
            steps: std::iter::once(receipt.clone())
                .chain(steps.into_iter().map(|step| step.moved(after)))
                .collect(),
            started: 0,
        };
        let run = redress_core::simulate::run(&trial, &org.procedure, &org.calendar);
        let assigned = run.results.iter().any(|(step, result)| {
            matches!(step.command, Some(Command::AssignHandler(_)))
                && matches!(result, StepResult::Done(_))
        });
        if assigned {
            chosen = Some(role.as_str().to_owned());
            break;
        }
    }
    // No role found: the organisation's cases are answered without one being named.
    OUTCOMES
        .iter()
        .map(|outcome| {
            let steps = parsed(chosen.as_deref().unwrap_or("nobody"), outcome)?;
            Ok(steps
                .into_iter()
                .filter(|step| {
                    chosen.is_some() || !matches!(step.command, Some(Command::AssignHandler(_)))
                })
                .collect())
        })
        .collect()
}

/// A script with the script it starts from run first (`start`, relative to it).
fn read_script(path: &PathBuf) -> anyhow::Result<Script> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read script {}", path.display()))?;
    let script = parse_script(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    match &script.start {
        Some(start) => {
            let start = read_script(&path.parent().unwrap_or(Path::new(".")).join(start))?;
            Ok(script.after(start))
        }
        None => Ok(script),
    }
}

/// The script's cases (split where a step starts a new case), each from its receipt, without the
/// steps that only ask or that the scenario expects refused, and without expectations.
fn cases_of(script: Script) -> Vec<Vec<Step>> {
    let mut cases: Vec<Vec<Step>> = Vec::new();
    for step in script.steps {
        if step.new_case || cases.is_empty() {
            cases.push(Vec::new());
        }
        if !step.apply || step.expect.refused.is_some() || step.command.is_none() {
            continue;
        }
        let current = cases.last_mut().expect("pushed above");
        current.push(Step {
            expect: Default::default(),
            new_case: false,
            ..step
        });
    }
    cases.retain(|steps| {
        matches!(
            steps.first().and_then(|s| s.command.as_ref()),
            Some(Command::Receive(_))
        )
    });
    cases
}

/// `step` with this case's reference, person, texts and people named.
fn personal(mut step: Step, index: usize, reference: &str) -> Step {
    if let Some(Command::Receive(receive)) = &mut step.command {
        receive.reference = Some(reference.to_owned());
        let submission = &mut receive.submission;
        if let Some(complainant) = &mut submission.complainant {
            *complainant = Contact {
                name: person(index),
                email: Some(format!("person{index}@example.org")),
                phone: complainant
                    .phone
                    .as_ref()
                    .map(|_| "0113 496 0000".to_owned()),
                ..complainant.clone()
            };
        }
        submission.what_happened = text(index, 40 + index % 300);
        if submission.outcome_wanted.is_some() {
            submission.outcome_wanted = Some(text(index + 1, 20));
        }
        if submission.people_named.is_empty() {
            submission.people_named = (0..index % 3)
                .map(|n| PersonNamed {
                    name: person(index + n + 1),
                    role: None,
                    member_id: None,
                })
                .collect();
        }
    }
    step
}

/// Moves a step, and the dates its receipt gives, by `shift`.
trait Moved {
    fn moved(self, shift: SignedDuration) -> Self;
}

impl Moved for Step {
    fn moved(mut self, shift: SignedDuration) -> Step {
        self.at += shift;
        if let Some(Command::Receive(receive)) = &mut self.command {
            let days = shift.as_hours() / 24;
            let submission = &mut receive.submission;
            for date in [&mut submission.happened_on, &mut submission.became_aware_on]
                .into_iter()
                .flatten()
            {
                if let Ok(moved) = date.checked_add(jiff::Span::new().days(days)) {
                    *date = moved;
                }
            }
        }
        self
    }
}
