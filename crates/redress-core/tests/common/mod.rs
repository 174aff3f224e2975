//! Scenario-test harness: a case under one procedure, driven by dated commands written as JSON.
//!
//! ```ignore
//! let mut s = Scenario::new("leeds-pps.toml");
//! s.act("2026-12-23 10:00", json!({"type": "receive", "submission": {...}}));
//! assert_eq!(s.due("2026-12-23 12:00", Clock::Response, "stage-1"), date(2027, 1, 18));
//! ```
#![allow(dead_code)]

use jiff::Timestamp;
use jiff::civil::Date;
use redress_core::calendar::Calendar;
use redress_core::case::{
    Case, Clock, ClockStatus, Command, Deadline, Event, Fact, Party, Refusal, deadlines, decide,
};
use redress_core::ids::RoleId;
use redress_core::procedure::{Procedure, parse};
use redress_core::simulate::parse_instant;
use serde_json::Value;

/// A case being walked through a procedure.
pub struct Scenario {
    pub procedure: Procedure,
    pub calendar: Calendar,
    pub case: Case,
    pub events: Vec<Event>,
}

/// Reads a shipped procedure (`procedures/NAME`) or a test fixture (`tests/fixtures/NAME`).
pub fn load(name: &str) -> Procedure {
    let root = env!("CARGO_MANIFEST_DIR");
    let shipped = format!("{root}/../../procedures/{name}");
    let fixture = format!("{root}/tests/fixtures/{name}");
    let text = std::fs::read_to_string(&shipped)
        .or_else(|_| std::fs::read_to_string(&fixture))
        .unwrap_or_else(|_| panic!("no procedure {name} in procedures/ or tests/fixtures/"));
    parse(&text).unwrap_or_else(|errors| panic!("{name} is not valid:\n{errors}"))
}

/// A civil date.
pub fn date(year: i16, month: i8, day: i8) -> Date {
    jiff::civil::date(year, month, day)
}

/// An instant from Europe/London civil time, e.g. "2026-12-23 10:00".
pub fn at(text: &str) -> Timestamp {
    parse_instant(text).unwrap_or_else(|e| panic!("{e}"))
}

/// A command from JSON.
pub fn command(mut json: Value) -> Command {
    // A panel draw's seed is never part of the command (callers could search for a seed that
    // draws the panel they want); the tests give it beside the command, as the app's Rng would.
    let seed = json.as_object_mut().and_then(|o| o.remove("seed"));
    let command: Command =
        serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("bad command {json}: {e}"));
    match seed.and_then(|s| s.as_u64()) {
        Some(seed) => command.with_seed(seed),
        None => command,
    }
}

/// A complaint submission with the given extra fields merged in.
pub fn complaint(extra: Value) -> Value {
    let mut base = serde_json::json!({
        "kind": "complaint",
        "channel": "email",
        "complainant": { "name": "A Parent", "email": "parent@example.org" },
        "what_happened": "The adviser did not return my calls about my son's EHC plan.",
        "outcome_wanted": "An apology and a call back."
    });
    merge(&mut base, extra);
    base
}

fn merge(base: &mut Value, extra: Value) {
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        for (key, value) in extra {
            base.insert(key, value);
        }
    }
}

impl Scenario {
    /// A new case under procedure `name`.
    pub fn new(name: &str) -> Scenario {
        let procedure = load(name);
        let calendar = Calendar::new(
            procedure.organisation.region,
            &procedure.organisation.closure_days,
        );
        Scenario {
            procedure,
            calendar,
            case: Case::default(),
            events: Vec::new(),
        }
    }

    /// Decides without applying, given by someone holding every role of the procedure.
    pub fn try_act(&self, when: &str, json: Value) -> Result<Vec<Event>, Refusal> {
        let every_role: Vec<RoleId> = self.procedure.roles.keys().cloned().collect();
        self.try_act_as(when, json, &every_role)
    }

    /// Decides without applying, given by a member of staff holding `holds`.
    #[allow(dead_code)]
    pub fn try_act_as(
        &self,
        when: &str,
        json: Value,
        holds: &[RoleId],
    ) -> Result<Vec<Event>, Refusal> {
        decide(
            &self.case,
            command(json),
            &self.procedure,
            &self.calendar,
            at(when),
            Party::Staff { holds },
        )
    }

    /// Acts and applies; panics with the refusal if refused.
    pub fn act(&mut self, when: &str, json: Value) -> Vec<Event> {
        let events = self
            .try_act(when, json.clone())
            .unwrap_or_else(|refusal| panic!("refused {json} at {when}: {refusal}"));
        for event in &events {
            self.case.apply(event);
        }
        self.events.extend(events.iter().cloned());
        events
    }

    /// Receives a complaint with the given extra submission fields.
    pub fn receive(&mut self, when: &str, extra: Value) -> Vec<Event> {
        self.act(when, serde_json::json!({ "type": "receive", "reference": "T-0001", "submission": complaint(extra) }))
    }

    /// Acts, expecting a refusal, and returns it; the case must be unchanged.
    pub fn refused(&self, when: &str, json: Value) -> Refusal {
        match self.try_act(when, json.clone()) {
            Ok(events) => panic!("expected {json} at {when} to be refused, got {events:?}"),
            Err(refusal) => refusal,
        }
    }

    /// Every deadline at `now`.
    pub fn deadlines(&self, now: &str) -> Vec<Deadline> {
        deadlines(&self.case, &self.procedure, &self.calendar, at(now)).expect("deadlines")
    }

    /// The one deadline of `clock` (at `stage`, if given) at `now`.
    pub fn deadline(&self, now: &str, clock: Clock, stage: Option<&str>) -> Deadline {
        let all = self.deadlines(now);
        let found: Vec<&Deadline> = all
            .iter()
            .filter(|d| {
                d.clock == clock
                    && stage.is_none_or(|s| d.stage.as_ref().is_some_and(|id| id.as_str() == s))
            })
            .collect();
        match found.as_slice() {
            [one] => (*one).clone(),
            _ => panic!(
                "expected one {clock:?} deadline at {stage:?}, found {}: {all:#?}",
                found.len()
            ),
        }
    }

    /// The due date of a stage clock.
    pub fn due(&self, now: &str, clock: Clock, stage: &str) -> Date {
        self.deadline(now, clock, Some(stage)).due.date
    }

    /// The status of a stage clock.
    pub fn status(&self, now: &str, clock: Clock, stage: &str) -> ClockStatus {
        self.deadline(now, clock, Some(stage)).status
    }

    /// The last event's fact.
    pub fn last(&self) -> &Fact {
        &self.events.last().expect("an event").fact
    }

    /// The id of the stage the case is at.
    pub fn stage(&self) -> String {
        self.case.current_stage().expect("a stage").id.to_string()
    }
}

/// What `letter` states for `statement`, as JSON (`{"says": "...", ...}`), so a test can
/// compare a whole typed statement at once.
pub fn said(
    letter: &redress_core::letters::Letter,
    statement: redress_core::procedure::Statement,
) -> Option<Value> {
    letter
        .says(statement)
        .map(|said| serde_json::to_value(said).expect("statements serialise"))
}
