//! The last stage's response letter, for each of the five shipped procedures: it tells the
//! complainant that the procedure ends there and, where the procedure names one, how to reach
//! the ombudsman; and it never carries the learning actions the organisation recorded with the
//! response, which are its own business.

mod common;

use common::Scenario;
use redress_core::case::Fact;
use redress_core::letters::{Letter, NextStage, Said};
use redress_core::procedure::{OmbudsmanWhen, Statement};
use serde_json::{Value, json};

/// A learning action no letter may repeat.
const LEARNING: &str = "Internal: retrain the duty team on call-back logs";

fn learning() -> Value {
    json!([{ "description": LEARNING, "owner": "Service lead" }])
}

/// Walks `steps` (instant, command) and returns the letter of the last response.
fn final_letter(file: &str, steps: &[(&str, Value)]) -> (Scenario, Letter) {
    let mut s = Scenario::new(file);
    s.receive("2027-03-01 10:00", json!({}));
    for (when, command) in steps {
        s.act(when, command.clone());
    }
    let Fact::Responded { letter, .. } = s.last().clone() else {
        panic!("{file}: the last step is not a response: {:?}", s.last())
    };
    (s, letter)
}

/// What every final letter must say: that the stage is the last, the ombudsman exactly as
/// the procedure names it (with a way to reach it), and nothing of the learning action.
fn check(file: &str, s: &Scenario, letter: &Letter) {
    let last = s.procedure.stages.last().expect("a procedure has stages");
    assert_eq!(s.stage(), last.id.as_str(), "{file}: not at the last stage");
    assert!(
        matches!(
            letter.says(Statement::EscalationRights),
            Some(Said::EscalationRights { right: NextStage::Final { stage } }) if *stage == last.name
        ),
        "{file}: the final letter must say the procedure ends at {}: {letter:?}",
        last.name
    );
    match (&s.procedure.ombudsman, letter.says(Statement::Ombudsman)) {
        (None, None) => {}
        (
            Some(named),
            Some(Said::Ombudsman {
                name,
                when,
                contact,
                note,
                also_any_time,
            }),
        ) => {
            assert_eq!(*also_any_time, named.also_any_time, "{file}");
            assert_eq!(name, &named.name, "{file}");
            assert_eq!(*when, named.when, "{file}");
            assert_eq!(note, &named.note, "{file}");
            assert_eq!(contact, &named.contact, "{file}");
            assert!(
                contact.web.is_some() || contact.phone.is_some(),
                "{file}: the letter must say how to reach the {name}"
            );
        }
        (named, said) => panic!("{file}: ombudsman {named:?} but the letter says {said:?}"),
    }
    let text = serde_json::to_string(letter).expect("a letter is JSON");
    assert!(
        !text.contains(LEARNING),
        "{file}: the letter repeats the learning action: {text}"
    );
    // The response still records the learning action, for the organisation.
    let Fact::Responded { learning, .. } = s.last() else {
        unreachable!()
    };
    assert_eq!(learning[0].description, LEARNING, "{file}");
    // Every statement the procedure requires of this response is there.
    let required = last
        .respond
        .as_ref()
        .map(|r| r.must_state.as_slice())
        .unwrap_or(&[]);
    assert_eq!(letter.missing(required), None, "{file}: {letter:?}");
}

#[test]
fn pips_final_review_letter_ends_the_procedure_and_names_no_ombudsman() {
    let file = "pips-stockport.toml";
    let (s, letter) = final_letter(
        file,
        &[
            ("2027-03-02 10:00", json!({"type": "acknowledge"})),
            (
                "2027-03-10 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "findings": "The representative passed the views on."}),
            ),
            (
                "2027-03-12 10:00",
                json!({"type": "request-escalation",
                "reasons": "I do not accept the outcome.", "in_writing": true}),
            ),
            ("2027-03-15 10:00", json!({"type": "acknowledge"})),
            (
                "2027-04-01 10:00",
                json!({"type": "respond", "outcome": "outcome-stands",
                "mode": "review", "findings": "The investigation and outcome were appropriate.",
                "learning": learning()}),
            ),
        ],
    );
    check(file, &s, &letter);
}

#[test]
fn sendiass_commissioner_decision_names_the_ombudsman_with_its_contact_details() {
    let file = "sendiass-staffordshire.toml";
    let (s, letter) = final_letter(
        file,
        &[
            ("2027-03-02 10:00", json!({"type": "acknowledge"})),
            (
                "2027-03-10 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "findings": "The call-back was made.",
                "how_investigated": "The Manager read the notes."}),
            ),
            (
                "2027-03-12 10:00",
                json!({"type": "request-escalation", "in_writing": true,
                "reasons": "The call-back was not made.", "outcome_sought": "An apology."}),
            ),
            ("2027-03-15 10:00", json!({"type": "acknowledge"})),
            (
                "2027-04-01 10:00",
                json!({"type": "respond", "outcome": "partly-upheld",
                "mode": "investigation", "findings": "The call-back was late.",
                "how_investigated": "The Commissioner reviewed the file and met the parent.",
                "remedies": [{"kind": "apology", "description": "An apology for the late call-back"}],
                "learning": learning()}),
            ),
        ],
    );
    check(file, &s, &letter);
}

#[test]
fn kings_park_external_decision_ends_the_procedure_and_names_no_ombudsman() {
    let file = "kings-park-pp.toml";
    let members = json!([
        {"id": "m1", "name": "Member One"}, {"id": "m2", "name": "Member Two"},
        {"id": "m3", "name": "Member Three"}, {"id": "m4", "name": "Member Four"}
    ]);
    let (s, letter) = final_letter(
        file,
        &[
            ("2027-03-02 10:00", json!({"type": "acknowledge"})),
            (
                "2027-03-02 11:00",
                json!({"type": "draw-panel", "candidates": members, "seed": 7}),
            ),
            (
                "2027-03-09 10:00",
                json!({"type": "refer-up",
                "reason": "The subgroup cannot recommend a resolution."}),
            ),
            (
                "2027-03-10 10:00",
                json!({"type": "assign-handler", "name": "T Party",
                "role": "external-investigator"}),
            ),
            (
                "2027-03-30 10:00",
                json!({"type": "respond", "outcome": "upheld",
                "findings": "The money was spent before the meeting agreed it.",
                "remedies": [{"kind": "recommendation", "description": "Minute every spending decision."}],
                "learning": learning()}),
            ),
        ],
    );
    check(file, &s, &letter);
}

#[test]
fn leeds_strategic_link_decision_names_the_ombudsman_with_its_contact_details() {
    let file = "leeds-pps.toml";
    let board = json!([
        {"id": "AB1", "name": "Board One"}, {"id": "AB2", "name": "Board Two"},
        {"id": "AB3", "name": "Board Three"}, {"id": "AB4", "name": "Board Four"}
    ]);
    let (s, letter) = final_letter(
        file,
        &[
            (
                "2027-03-02 10:00",
                json!({"type": "acknowledge", "handler_name": "Co-ordinator",
                "phone": "0113 000 0000", "email": "parent.partnership@example.org"}),
            ),
            (
                "2027-03-10 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "findings": "The messages were passed on."}),
            ),
            (
                "2027-03-12 10:00",
                json!({"type": "request-escalation", "in_writing": false}),
            ),
            (
                "2027-03-12 11:00",
                json!({"type": "draw-panel", "candidates": board, "seed": 3}),
            ),
            (
                "2027-03-25 10:00",
                json!({"type": "respond", "outcome": "not-upheld", "mode": "review",
                "findings": "The Board agrees with Stage One."}),
            ),
            (
                "2027-03-26 10:00",
                json!({"type": "request-escalation", "in_writing": false,
                "grounds": ["handling"], "reasons": "The Board never spoke to me."}),
            ),
            (
                "2027-04-20 10:00",
                json!({"type": "respond", "outcome": "not-upheld", "mode": "review",
                "findings": "Correct procedures were followed.", "learning": learning()}),
            ),
        ],
    );
    check(file, &s, &letter);
}

#[test]
fn sunderland_stage_two_letter_names_the_ombudsman_at_any_time_with_its_contact_details() {
    let file = "tfc-sunderland.toml";
    let (s, letter) = final_letter(
        file,
        &[
            ("2027-03-01 11:00", json!({"type": "acknowledge"})),
            (
                "2027-03-10 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "findings": "The assessment was on time."}),
            ),
            (
                "2027-03-12 10:00",
                json!({"type": "request-escalation", "in_writing": false,
                "grounds": ["outcome"], "reasons": "It was late."}),
            ),
            ("2027-03-12 11:00", json!({"type": "acknowledge"})),
            (
                "2027-04-01 10:00",
                json!({"type": "respond", "outcome": "upheld", "mode": "review",
                "findings": "The assessment was late.",
                "remedies": [{"kind": "apology", "description": "We apologise for the delay."}],
                "learning": learning()}),
            ),
        ],
    );
    check(file, &s, &letter);
    assert!(matches!(
        letter.says(Statement::Ombudsman),
        Some(Said::Ombudsman {
            when: OmbudsmanWhen::AnyTime,
            ..
        })
    ));
}

#[test]
fn a_final_letter_that_must_name_the_ombudsman_is_refused_when_the_procedure_names_none() {
    // SENDIASS's Stage 2 response must state the ombudsman; without an [ombudsman] block the
    // letter cannot say what it must, so the response is refused, naming what is missing.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../procedures/sendiass-staffordshire.toml"
    ))
    .expect("the shipped file");
    let start = text.find("[ombudsman]").expect("an ombudsman block");
    let end = start + text[start..].find("\n# ----").expect("the next section");
    let without = format!("{}{}", &text[..start], &text[end..]);
    let mut s = Scenario::new("sendiass-staffordshire.toml");
    s.procedure = redress_core::procedure::parse(&without).expect("still a valid procedure");
    assert!(s.procedure.ombudsman.is_none());
    s.receive("2027-03-01 10:00", json!({}));
    for (when, command) in [
        ("2027-03-02 10:00", json!({"type": "acknowledge"})),
        (
            "2027-03-10 10:00",
            json!({"type": "respond", "outcome": "not-upheld",
            "findings": "The call-back was made.", "how_investigated": "The Manager read the notes."}),
        ),
        (
            "2027-03-12 10:00",
            json!({"type": "request-escalation", "in_writing": true,
            "reasons": "The call-back was not made.", "outcome_sought": "An apology."}),
        ),
        ("2027-03-15 10:00", json!({"type": "acknowledge"})),
    ] {
        s.act(when, command);
    }
    let refusal = s.refused(
        "2027-04-01 10:00",
        json!({"type": "respond", "outcome": "not-upheld", "mode": "investigation",
            "findings": "The call-back was made.", "how_investigated": "The Commissioner read the file."}),
    );
    assert!(refusal.to_string().contains("ombudsman"), "{refusal}");
}
