//! Every letter kind rendered from the shipped templates, from letters the decider made on the
//! shipped procedures: each default body says everything the decider checks an edited body
//! for, reads as a letter (no ids, no kebab-case values), and an organisation's own template
//! and a second language fall back as documented.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::Date;
use redress_core::calendar::{Calendar, london_date};
use redress_core::case::{Case, Command, Event, Party, decide};
use redress_core::ids::RoleId;
use redress_core::letters::{Letter, LetterKind};
use redress_core::procedure::{Procedure, parse};
use redress_core::simulate::parse_instant;
use redress_letters::{LetterSource, RenderedLetter, Templates};
use serde_json::{Value, json};

struct Walk {
    procedure: Procedure,
    calendar: Calendar,
    case: Case,
    letters: Vec<(Date, Letter)>,
}

impl Walk {
    fn new(file: &str, submission: Value) -> Walk {
        // A bare name is a shipped procedure; a path is relative to the workspace.
        let path = if file.contains('/') {
            format!("{}/../../{file}", env!("CARGO_MANIFEST_DIR"))
        } else {
            format!("{}/../../procedures/{file}", env!("CARGO_MANIFEST_DIR"))
        };
        let procedure = parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let calendar = Calendar::new(
            procedure.organisation.region,
            &procedure.organisation.closure_days,
        );
        let mut walk = Walk {
            procedure,
            calendar,
            case: Case::default(),
            letters: Vec::new(),
        };
        let mut base = json!({"kind": "complaint", "channel": "email",
            "complainant": {"name": "Alex Example", "email": "alex@example.org", "address": "1 High Street\nSunderland\nSR1 1AA"},
            "what_happened": "Nobody returned my calls."});
        for (k, v) in submission.as_object().unwrap() {
            base[k] = v.clone();
        }
        walk.act(
            "2026-11-24 10:00",
            json!({"type": "receive", "reference": "TFC-2026-0001", "submission": base}),
        );
        walk
    }

    fn act(&mut self, when: &str, command: Value) {
        let at: Timestamp = parse_instant(when).unwrap();
        let command: Command =
            serde_json::from_value(command.clone()).unwrap_or_else(|e| panic!("{command}: {e}"));
        // Someone holding every role of the procedure: these tests are about the letters.
        let holds: Vec<RoleId> = self.procedure.roles.keys().cloned().collect();
        let events: Vec<Event> = decide(
            &self.case,
            command,
            &self.procedure,
            &self.calendar,
            at,
            Party::Staff { holds: &holds },
        )
        .unwrap_or_else(|r| panic!("{when}: {r}"));
        for event in &events {
            self.case.apply(event);
            if let Some(letter) = event.fact.letter() {
                self.letters.push((london_date(at), letter.clone()));
            }
        }
    }

    fn render(&self, templates: &Templates, language: &str) -> Vec<RenderedLetter> {
        self.letters
            .iter()
            .map(|(date, letter)| {
                let source = LetterSource {
                    letter,
                    procedure: &self.procedure,
                    submission: self.case.submission.as_ref().unwrap(),
                    reference: "TFC-2026-0001",
                    received_on: jiff::civil::date(2026, 11, 24),
                    date: *date,
                    language,
                };
                let rendered = templates.compose(&source).unwrap_or_else(|e| panic!("{e}"));
                // The default body passes the decider's own check of an edited one.
                assert_eq!(
                    letter.missing_from(&rendered.body),
                    None,
                    "{}:\n{}",
                    letter.kind.as_str(),
                    rendered.body
                );
                if std::env::var_os("SHOW_LETTERS").is_some() {
                    eprintln!(
                        "==== {} | {} | {}\n{}\n",
                        rendered.kind, rendered.subject, rendered.salutation, rendered.body
                    );
                }
                rendered
            })
            .collect()
    }
}

/// Cases under Together for Children and Leeds that between them send every kind of letter.
fn every_kind() -> Vec<Walk> {
    let mut tfc = Walk::new(
        "tfc-sunderland.toml",
        json!({"representative": {
        "contact": {"name": "Sam Advocate", "email": "sam@example.org"}, "relationship": "advocate"}}),
    );
    tfc.act(
        "2026-11-24 11:00",
        json!({"type": "request-in-writing", "what": "written-authority"}),
    );
    tfc.act("2026-11-24 12:00", json!({"type": "acknowledge"}));
    tfc.act(
        "2026-11-27 10:00",
        json!({"type": "record-written-authority", "note": "signed consent form"}),
    );
    tfc.act(
        "2026-11-30 10:00",
        json!({"type": "send-update", "summary": "We have asked the school for its records."}),
    );
    tfc.act("2026-12-01 10:00", json!({"type": "extend-deadline", "new_date": "2026-12-22", "reason": "we are waiting for the school's records"}));
    tfc.act("2026-12-18 10:00", json!({"type": "respond", "outcome": "partly-upheld", "findings": "You were not called back on 3 November.",
        "remedies": [{"kind": "apology", "description": "for not calling you back"}, {"kind": "practical-action", "description": "your adviser will call you every Friday", "agreed_by": "Service manager"}]}));
    tfc.act("2026-12-21 10:00", json!({"type": "request-escalation", "reasons": "The calls still do not happen.", "grounds": ["outcome"], "in_writing": true}));
    tfc.act("2026-12-21 11:00", json!({"type": "acknowledge"}));
    tfc.act(
        "2026-12-22 10:00",
        json!({"type": "warn-behaviour", "reason": "you called forty times in one day"}),
    );
    tfc.act("2026-12-23 10:00", json!({"type": "restrict-contact", "restrictions": ["single-form", "call-times"], "reason": "the calls continued", "until": "2027-05-31", "review_on": "2027-02-26"}));
    tfc.act("2027-01-20 10:00", json!({"type": "respond", "outcome": "not-upheld", "findings": "The first response was fair."}));
    let mut excluded = Walk::new("tfc-sunderland.toml", json!({}));
    excluded.act("2026-11-24 11:00", json!({"type": "decide-scope", "decision": {"decision": "excluded", "exclusion": "data-protection"}}));
    let mut informal = Walk::new("tfc-sunderland.toml", json!({"channel": "phone"}));
    informal.act(
        "2026-11-24 11:00",
        json!({"type": "request-in-writing", "what": "complaint"}),
    );
    informal.act("2026-11-24 12:00", json!({"type": "resolve-informally", "summary": "Your adviser called you and booked a meeting for 1 December."}));
    let mut withdrawn = Walk::new("tfc-sunderland.toml", json!({"complainant": null}));
    withdrawn.act("2026-11-25 10:00", json!({"type": "withdraw"}));
    let mut compliment = Walk::new(
        "leeds-pps.toml",
        json!({"kind": "compliment", "what_happened": "Thank you for the help."}),
    );
    compliment.act(
        "2026-11-25 10:00",
        json!({"type": "reply", "summary": "We have passed your kind words to the adviser."}),
    );
    vec![tfc, excluded, informal, withdrawn, compliment]
}

#[test]
fn every_kind_of_letter_renders_and_says_what_the_decider_checks() {
    let templates = Templates::shipped();
    let mut kinds = BTreeSet::new();
    for walk in every_kind() {
        for rendered in walk.render(&templates, "en") {
            kinds.insert(rendered.kind.clone());
            let whole = format!(
                "{}\n{}\n{}",
                rendered.salutation, rendered.subject, rendered.body
            );
            // Plain English: no value of the file format, no ids, no template leftovers.
            for bad in [
                "partly-upheld",
                "practical-action",
                "stage-1",
                "single-form",
                "{{",
                "{%",
                "None",
                "true",
                "false",
            ] {
                assert!(
                    !whole.contains(bad),
                    "{}: {bad:?} in\n{whole}",
                    rendered.kind
                );
            }
            assert!(
                rendered.subject.contains("[TFC-2026-0001]"),
                "{}",
                rendered.subject
            );
            assert!(!rendered.body.contains("\n\n\n"), "{}", rendered.body);
        }
    }
    let all: BTreeSet<String> = LetterKind::ALL
        .iter()
        .map(|k| k.as_str().to_owned())
        .collect();
    assert_eq!(kinds, all);
}

#[test]
fn a_letter_is_addressed_to_the_representative_and_signed_with_the_role() {
    let walks = every_kind();
    let rendered = walks[0].render(&Templates::shipped(), "en");
    let ack = rendered
        .iter()
        .find(|r| r.kind == "acknowledgement")
        .unwrap();
    assert_eq!(ack.salutation, "Dear Sam Advocate,");
    assert_eq!(ack.addressee, ["Sam Advocate"]);
    assert!(
        ack.body
            .starts_with("We are writing to you as the person acting for Alex Example."),
        "{}",
        ack.body
    );
    assert_eq!(
        ack.letterhead.organisation,
        "Together for Children Sunderland"
    );
    assert_eq!(
        ack.letterhead.address.last().map(String::as_str),
        Some("SR1 3AA")
    );
    assert_eq!(
        ack.signature,
        [
            "Officer within the Customer Feedback Team",
            "Together for Children Sunderland"
        ]
    );
    assert_eq!(ack.closing, "Yours sincerely,");
    // The response: remedies as sentences, the findings, the right to go further by a date.
    let response = rendered.iter().find(|r| r.kind == "response").unwrap();
    assert!(
        response
            .body
            .contains("- Our apology: for not calling you back."),
        "{}",
        response.body
    );
    assert!(
        response
            .body
            .contains("- What we will do: your adviser will call you every Friday."),
        "{}",
        response.body
    );
    assert!(
        response
            .body
            .contains("We have upheld part of your complaint."),
        "{}",
        response.body
    );
    // The final response points to the ombudsman with its contact.
    let last = rendered
        .iter()
        .find(|r| r.kind == "final-response")
        .unwrap();
    assert!(
        last.body
            .contains("Local Government and Social Care Ombudsman"),
        "{}",
        last.body
    );
    // Someone who gave no name is "Sir or Madam".
    let withdrawn = walks[3].render(&Templates::shipped(), "en");
    assert_eq!(withdrawn[0].salutation, "Dear Sir or Madam,");
    assert_eq!(withdrawn[0].closing, "Yours faithfully,");
}

#[test]
fn an_organisation_s_own_template_wins_and_a_second_language_falls_back_to_english() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("tfc-sunderland/templates/en");
    let cy = dir.path().join("tfc-sunderland/templates/cy");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::create_dir_all(&cy).unwrap();
    std::fs::write(en.join("letter-update.txt"), "Our own update. {{ reference }}.{% for s in statements if s.says == \"response-due\" %} By {{ s.response.by | long_date }}.{% endfor %}\n").unwrap();
    std::fs::write(
        cy.join("letter-salutation.txt"),
        "Annwyl {{ addressee }},\n",
    )
    .unwrap();
    std::fs::write(
        cy.join("letter-holding-letter.txt"),
        "{% for s in statements if s.says == \"new-date\" %}Byddwn yn ymateb erbyn {{ s.date | long_date }}.{% endfor %}\n",
    )
    .unwrap();
    let templates = Templates::load(dir.path()).unwrap();
    let walks = every_kind();
    let english = walks[0].render(&templates, "en");
    let update = english.iter().find(|r| r.kind == "update").unwrap();
    // Received 24 November 2026; 10 working days: 25, 26, 27, 30 November, 1 to 4, 7, 8 December.
    assert_eq!(
        update.body,
        "Our own update. TFC-2026-0001. By 8 December 2026."
    );
    // The shipped acknowledgement is still used where the organisation has no template.
    let ack = english
        .iter()
        .find(|r| r.kind == "acknowledgement")
        .unwrap();
    assert!(
        ack.body.contains("Thank you for your complaint"),
        "{}",
        ack.body
    );
    // In Welsh: the organisation's Welsh templates, with Welsh dates, and English for the rest.
    let welsh = walks[0].render(&templates, "cy");
    let holding = welsh.iter().find(|r| r.kind == "holding-letter").unwrap();
    assert_eq!(holding.body, "Byddwn yn ymateb erbyn 22 Rhagfyr 2026.");
    assert_eq!(holding.salutation, "Annwyl Sam Advocate,");
    assert_eq!(holding.language, "cy");
    let ack = welsh.iter().find(|r| r.kind == "acknowledgement").unwrap();
    assert!(
        ack.body.contains("Thank you for your complaint"),
        "{}",
        ack.body
    );
    // Another organisation is untouched by these files.
    let leeds = walks[4].render(&templates, "cy");
    assert!(
        leeds[0].salutation.starts_with("Dear"),
        "{}",
        leeds[0].salutation
    );
}

#[test]
fn the_statements_of_the_codes_finer_provisions_are_worded_in_the_letters() {
    let mut housing = Walk::new(
        "crates/redress-core/tests/fixtures/housing-code-2024.toml",
        json!({}),
    );
    housing.act("2026-11-25 10:00", json!({"type": "acknowledge",
        "definition": "The kitchen ceiling was not repaired; you want it repaired and an apology."}));
    // Due Wed 9 Dec; the cap is Wed 23 Dec, so 6 January needs a good reason.
    housing.act("2026-12-04 10:00", json!({"type": "extend-deadline", "new_date": "2027-01-06",
        "reason": "the contractor's survey is late", "good_reason": "no contractor can survey before Christmas"}));
    housing.act(
        "2026-12-30 10:00",
        json!({"type": "respond", "outcome": "upheld",
        "findings": "The repair was missed.", "definition": "The ceiling repair was missed.",
        "outstanding_actions": "The ceiling will be repaired by 15 January 2027."}),
    );
    let bodies: Vec<String> = housing
        .render(&Templates::shipped(), "en")
        .into_iter()
        .map(|letter| letter.body)
        .collect();
    let all = bodies.join("\n----\n");
    for words in [
        "Your complaint is at Stage 1 of our complaints procedure.",
        "Our understanding of your complaint, and of what you would like us to do:",
        "The kitchen ceiling was not repaired",
        "You can contact the Housing Ombudsman Service at any time for advice",
        "0300 111 3000",
        "What is still to be done:",
        "The ceiling will be repaired by 15 January 2027.",
    ] {
        assert!(all.contains(words), "no {words:?} in:\n{all}");
    }
}
