//! `Case::apply` only records (issue 7, item 7): the decider emits every fact a command implies
//! (a panel draw's investigation start, a response's clock restart, a reroute's entry time), and
//! applying an event changes only what that event says.
//!
//! Read as given events → when command → then events.

mod common;

use common::{Scenario, at};
use redress_core::case::{Case, Event, Fact, Reroute};
use redress_core::ids::StageId;
use serde_json::{Value, json};

fn stage(id: &str) -> StageId {
    StageId::parse(id).unwrap()
}

/// The facts of `events`, for comparing event lists.
fn facts(events: &[Event]) -> Vec<&Fact> {
    events.iter().map(|e| &e.fact).collect()
}

/// The `type` tag of each fact, in order.
fn types(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            serde_json::to_value(&e.fact).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn pips_response() -> Value {
    json!({
        "type": "respond",
        "outcome": "not-upheld",
        "findings": "The representative passed on the parent's views as agreed.",
    })
}

fn kings_park_members() -> Value {
    json!([
        {"id": "m1", "name": "Alex Adams"},
        {"id": "m2", "name": "Bea Brown"},
        {"id": "m3", "name": "Cal Clark"},
        {"id": "m4", "name": "Dee Dunn"}
    ])
}

#[test]
fn a_response_while_the_clock_is_stopped_first_restarts_it() {
    let mut s = Scenario::new("pips-stockport.toml");
    s.receive("2026-12-16 10:00", json!({}));
    s.act(
        "2027-01-11 09:00",
        json!({"type": "pause-clock", "reason": "Waiting for the dates of the meetings."}),
    );
    let events = s.act("2027-01-20 09:00", pips_response());
    assert_eq!(types(&events), ["clock-resumed", "responded"]);
    assert_eq!(
        events[0].fact,
        Fact::ClockResumed {
            stage: stage("stage-1")
        }
    );
    assert!(events.iter().all(|e| e.at == at("2027-01-20 09:00")));
    let record = s.case.current_stage().unwrap();
    assert_eq!(
        record.pauses,
        [(at("2027-01-11 09:00"), Some(at("2027-01-20 09:00")))]
    );
}

#[test]
fn a_response_with_no_clock_stopped_is_only_the_response() {
    let mut s = Scenario::new("pips-stockport.toml");
    s.receive("2026-12-16 10:00", json!({}));
    s.act(
        "2027-01-11 09:00",
        json!({"type": "pause-clock", "reason": "Waiting for the dates of the meetings."}),
    );
    s.act("2027-01-18 09:00", json!({"type": "resume-clock"}));
    let events = s.act("2027-01-20 09:00", pips_response());
    assert_eq!(types(&events), ["responded"]);
}

#[test]
fn drawing_a_panel_starts_its_investigation_unless_it_has_started() {
    let mut s = Scenario::new("kings-park-pp.toml");
    s.receive("2026-12-01 10:00", json!({}));
    let draw = json!({"type": "draw-panel", "candidates": kings_park_members(), "seed": 7});
    let events = s.act("2026-12-07 10:00", draw.clone());
    assert_eq!(types(&events), ["panel-drawn", "investigation-started"]);
    assert_eq!(
        events[1].fact,
        Fact::InvestigationStarted {
            stage: stage("stage-1"),
            reason: None
        }
    );
    assert_eq!(
        s.case.current_stage().unwrap().investigation_started_at,
        Some(at("2026-12-07 10:00"))
    );

    // Given an investigation already started (no command does that before a panel is drawn
    // today, so the event is written out), the draw is only the draw.
    let mut started = Scenario::new("kings-park-pp.toml");
    started.receive("2026-12-01 10:00", json!({}));
    let investigation = Event {
        at: at("2026-12-04 10:00"),
        fact: Fact::InvestigationStarted {
            stage: stage("stage-1"),
            reason: Some("Mediation did not resolve it.".to_owned()),
        },
    };
    started.case.apply(&investigation);
    let events = started.act("2026-12-07 10:00", draw);
    assert_eq!(types(&events), ["panel-drawn"]);
    assert_eq!(
        started
            .case
            .current_stage()
            .unwrap()
            .investigation_started_at,
        Some(at("2026-12-04 10:00"))
    );
}

#[test]
fn a_complaint_rerouted_by_a_person_named_later_says_when_it_entered_the_new_stage() {
    let mut s = Scenario::new("sendiass-staffordshire.toml");
    s.receive("2026-12-21 10:00", json!({}));
    let events = s.act(
        "2027-01-05 10:00",
        json!({"type": "name-person", "person": { "name": "Morgan Reed", "role": "manager" }}),
    );
    let [Fact::PersonNamed { rerouted_to, .. }] = facts(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        rerouted_to,
        &Some(Reroute {
            stage: stage("stage-2"),
            entered_at: at("2026-12-21 10:00"),
        })
    );
}

/// Applying an event records what it says and infers nothing: a draw alone does not start an
/// investigation, a response alone does not end a pause, and a reroute is dated as its event
/// says even when that is not the receipt.
#[test]
fn apply_records_each_fact_and_infers_nothing() {
    let mut s = Scenario::new("kings-park-pp.toml");
    s.receive("2026-12-01 10:00", json!({}));
    let received = s.events.clone();

    let drawn = s.try_act(
        "2026-12-07 10:00",
        json!({"type": "draw-panel", "candidates": kings_park_members(), "seed": 7}),
    );
    let drawn = drawn.unwrap();
    let mut case = Case::from_events(received.iter().chain(&drawn[..1]));
    assert_eq!(case.current_stage().unwrap().panel.len(), 3);
    assert_eq!(case.current_stage().unwrap().investigation_started_at, None);
    case.apply(&drawn[1]);
    assert_eq!(
        case.current_stage().unwrap().investigation_started_at,
        Some(at("2026-12-07 10:00"))
    );

    let paused = s.try_act(
        "2026-12-08 10:00",
        json!({"type": "pause-clock", "reason": "Waiting for the bank statements."}),
    );
    case.apply(&paused.unwrap()[0]);
    let responded = Event {
        at: at("2026-12-10 10:00"),
        fact: serde_json::from_value(json!({
            "type": "responded",
            "stage": "stage-1",
            "outcome": "not-upheld",
            "findings": "Nothing was wrong.",
            "how_investigated": null,
            "mode": null,
            "remedies": [],
            "learning": [],
            "letter": { "kind": "response", "statements": [] },
        }))
        .unwrap(),
    };
    case.apply(&responded);
    assert!(
        case.current_stage().unwrap().paused(),
        "a response alone ends no pause"
    );

    let mut rerouted = Scenario::new("sendiass-staffordshire.toml");
    rerouted.receive("2026-12-21 10:00", json!({}));
    let person_named = Event {
        at: at("2027-01-05 10:00"),
        fact: serde_json::from_value(json!({
            "type": "person-named",
            "person": { "name": "Morgan Reed", "role": "manager" },
            "conflicts": [],
            "rerouted_to": { "stage": "stage-2", "entered_at": "2026-12-22T09:00:00Z" },
        }))
        .unwrap(),
    };
    rerouted.case.apply(&person_named);
    let record = rerouted.case.current_stage().unwrap();
    assert_eq!(
        (record.id.as_str(), record.entered_at),
        ("stage-2", at("2026-12-22 09:00"))
    );
}
