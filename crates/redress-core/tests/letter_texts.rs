//! Letters an officer edited: the decider checks, when the letter is sent, that its text still
//! states everything the letter must (dates written in full, the handler's title, the numbers
//! and addresses), refuses naming what is missing at `letter.body`, and keeps the text sent
//! unchanged on the event. Every date below is counted by hand in the comments.

mod common;

use common::Scenario;
use redress_core::case::{Event, Fact, RefusalCode};
use redress_core::letters::{Delivery, LetterKind};
use serde_json::{Value, json};

/// Leeds, received on Tuesday 24 November 2026 by e-mail. Stage One's response is due 15
/// working days from receipt: 25, 26, 27, 30 November, 1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15
/// December (no bank holiday in between): Tuesday 15 December 2026.
fn leeds() -> Scenario {
    let mut s = Scenario::new("leeds-pps.toml");
    s.receive("2026-11-24 10:00", json!({}));
    s
}

/// The Leeds acknowledgement's text as an officer might write it, with every essential.
const LEEDS_BODY: &str = "Thank you for your complaint, which we received on 24 November 2026.\n\n\
Your complaint is being dealt with by our Parent Partnership Service Co-ordinator. You can phone \
us on 0113 378 5020 or e-mail pps@example.org.\n\n\
You can expect our full response by 15 December 2026.";

fn acknowledge(body: &str, delivery: &str) -> Value {
    json!({
        "type": "acknowledge",
        "phone": "0113 378 5020",
        "email": "pps@example.org",
        "letter": { "body": body, "delivery": delivery }
    })
}

fn letter_of(events: &[Event]) -> redress_core::letters::Letter {
    events
        .iter()
        .find_map(|e| e.fact.letter().cloned())
        .expect("a letter among the events")
}

#[test]
fn the_leeds_acknowledgement_states_handler_phone_email_and_the_response_date() {
    let mut s = leeds();
    let events = s.act("2026-11-25 09:00", acknowledge(LEEDS_BODY, "email"));
    let letter = letter_of(&events);
    assert_eq!(letter.kind, LetterKind::Acknowledgement);
    // The text is kept exactly as sent.
    let text = letter.text.expect("the text sent is on the event");
    assert_eq!(text.body, LEEDS_BODY);
    assert_eq!(text.delivery, Delivery::Email);
    // And the statements say what each essential was.
    let json = serde_json::to_string(&letter.statements).unwrap();
    for essential in [
        "Parent Partnership Service Co-ordinator",
        "0113 378 5020",
        "pps@example.org",
        "2026-12-15",
    ] {
        assert!(json.contains(essential), "{essential} not in {json}");
    }
}

#[test]
fn an_edited_acknowledgement_without_the_response_date_is_refused_naming_it() {
    let s = leeds();
    // The officer moved the date by a day: 14 December is not the date the procedure gives.
    let body = LEEDS_BODY.replace("15 December 2026", "14 December 2026");
    let refusal = s.refused("2026-11-25 09:00", acknowledge(&body, "email"));
    assert_eq!(refusal.code, RefusalCode::Missing);
    assert_eq!(refusal.field.as_deref(), Some("letter.body"));
    assert!(
        refusal.reason.contains("response-due") && refusal.reason.contains("15 December 2026"),
        "{refusal}"
    );
}

#[test]
fn each_missing_essential_is_named() {
    let s = leeds();
    for (cut, named) in [
        ("Parent Partnership Service Co-ordinator", "handler"),
        ("0113 378 5020", "phone"),
        ("pps@example.org", "email"),
    ] {
        let body = LEEDS_BODY.replace(cut, "someone");
        let refusal = s.refused("2026-11-25 09:00", acknowledge(&body, "post"));
        assert_eq!(refusal.field.as_deref(), Some("letter.body"), "{cut}");
        assert!(refusal.reason.contains(named), "{cut}: {refusal}");
    }
}

#[test]
fn spacing_and_case_of_the_essentials_do_not_matter() {
    let mut s = leeds();
    // Line breaks inside the date, the number written without spaces, the title in capitals.
    let body = "PARENT PARTNERSHIP SERVICE CO-ORDINATOR\n01133785020, PPS@example.org.\n\nBy 15\nDecember 2026.";
    let events = s.act("2026-11-25 09:00", acknowledge(body, "post"));
    assert_eq!(letter_of(&events).text.unwrap().body, body);
}

#[test]
fn an_empty_text_and_an_e_mail_to_nobody_are_refused() {
    let s = leeds();
    let refusal = s.refused("2026-11-25 09:00", acknowledge("  \n ", "post"));
    assert_eq!(refusal.field.as_deref(), Some("letter.body"));
    // A complaint made by phone with no e-mail address cannot be answered by e-mail.
    let mut s = Scenario::new("leeds-pps.toml");
    s.receive(
        "2026-11-24 10:00",
        json!({"channel": "phone", "complainant": {"name": "A Parent", "phone": "0113 000 0000"}}),
    );
    let refusal = s.refused("2026-11-25 09:00", acknowledge(LEEDS_BODY, "email"));
    assert_eq!(refusal.field.as_deref(), Some("letter.delivery"));
    // Posted, it goes.
    s.act("2026-11-25 09:00", acknowledge(LEEDS_BODY, "post"));
}

#[test]
fn a_command_without_a_text_still_sends_its_letter_from_the_template() {
    let mut s = leeds();
    let events = s.act(
        "2026-11-25 09:00",
        json!({"type": "acknowledge", "phone": "0113 378 5020", "email": "pps@example.org"}),
    );
    assert!(letter_of(&events).text.is_none());
}

#[test]
fn an_action_that_sends_no_letter_takes_no_text() {
    let mut s = Scenario::new("tfc-sunderland.toml");
    s.receive("2026-11-24 10:00", json!({}));
    let refusal = s.refused(
        "2026-11-24 11:00",
        json!({"type": "decide-scope", "decision": {"decision": "in-scope"},
               "letter": {"body": "Your complaint is within our procedure.", "delivery": "post"}}),
    );
    assert_eq!(refusal.field.as_deref(), Some("letter"));
}

#[test]
fn an_excluded_matter_is_told_where_to_go_instead() {
    let mut s = Scenario::new("tfc-sunderland.toml");
    s.receive("2026-11-24 10:00", json!({}));
    let scope = json!({"type": "decide-scope", "decision": {"decision": "excluded", "exclusion": "data-protection"}});
    let mut with_text = scope.clone();
    with_text["letter"] =
        json!({"body": "We cannot look at this as a complaint.", "delivery": "post"});
    let refusal = s.refused("2026-11-24 11:00", with_text.clone());
    assert!(
        refusal.reason.contains("the Data Protection service"),
        "{refusal}"
    );
    with_text["letter"]["body"] = json!(
        "We cannot look at this as a complaint. We have passed it to the Data Protection service, which will investigate and respond."
    );
    let events = s.act("2026-11-24 11:00", with_text);
    let letter = letter_of(&events);
    assert_eq!(letter.kind, LetterKind::ScopeDecision);
}

#[test]
fn a_holding_letter_must_give_the_new_date() {
    // Together for Children, received Tuesday 24 November 2026; the response is due 10
    // working days on, Tuesday 8 December 2026, and may move (no cap).
    let mut s = Scenario::new("tfc-sunderland.toml");
    s.receive("2026-11-24 10:00", json!({}));
    s.act("2026-11-24 12:00", json!({"type": "acknowledge"}));
    let extend = |body: &str| {
        json!({"type": "extend-deadline", "new_date": "2026-12-22", "reason": "We are waiting for the school's records.",
               "letter": {"body": body, "delivery": "email"}})
    };
    let refusal = s.refused("2026-12-01 10:00", extend("We need more time."));
    assert!(refusal.reason.contains("22 December 2026"), "{refusal}");
    let events = s.act(
        "2026-12-01 10:00",
        extend("We need more time: we will reply by 22 December 2026."),
    );
    assert_eq!(letter_of(&events).kind, LetterKind::HoldingLetter);
}

#[test]
fn a_restriction_letter_gives_its_end_and_review_dates() {
    let mut s = Scenario::new("tfc-sunderland.toml");
    s.receive("2026-11-24 10:00", json!({}));
    s.act(
        "2026-11-25 10:00",
        json!({"type": "warn-behaviour", "reason": "Forty calls in a day."}),
    );
    let restrict = |body: &str| {
        json!({"type": "restrict-contact", "restrictions": ["single-form"], "reason": "The calls continued.",
               "until": "2027-05-31", "review_on": "2027-02-26",
               "letter": {"body": body, "delivery": "post"}})
    };
    let refusal = s.refused(
        "2026-11-30 10:00",
        restrict("Please write to us only until 31 May 2027."),
    );
    assert!(refusal.reason.contains("26 February 2027"), "{refusal}");
    let events = s.act(
        "2026-11-30 10:00",
        restrict(
            "Please write to us only until 31 May 2027. We will review this on 26 February 2027.",
        ),
    );
    assert_eq!(letter_of(&events).kind, LetterKind::ContactRestriction);
}

#[test]
fn the_final_response_must_name_the_ombudsman_and_how_to_reach_it() {
    let mut s = leeds();
    s.act(
        "2026-11-25 09:00",
        json!({"type": "acknowledge", "phone": "0113 378 5020", "email": "pps@example.org"}),
    );
    s.act(
        "2026-12-10 09:00",
        json!({"type": "respond", "outcome": "not-upheld", "findings": "The calls were returned."}),
    );
    s.act(
        "2026-12-11 09:00",
        json!({"type": "request-escalation", "reasons": "No.", "in_writing": true}),
    );
    s.act("2026-12-11 10:00", json!({"type": "draw-panel", "seed": 7, "candidates": [
        {"id": "m1", "name": "Member One"}, {"id": "m2", "name": "Member Two"}, {"id": "m3", "name": "Member Three"}]}));
    s.act(
        "2026-12-14 09:00",
        json!({"type": "respond", "outcome": "not-upheld", "findings": "The review agrees."}),
    );
    s.act("2026-12-15 09:00", json!({"type": "request-escalation", "grounds": ["handling"], "reasons": "Unfair.", "in_writing": true}));
    let respond = |body: &str| {
        json!({"type": "respond", "outcome": "not-upheld", "findings": "Procedures were followed.",
               "letter": {"body": body, "delivery": "email"}})
    };
    let refusal = s.refused("2027-01-05 09:00", respond("Procedures were followed."));
    assert!(
        refusal.reason.contains("Local Government Ombudsman"),
        "{refusal}"
    );
    let refusal = s.refused(
        "2027-01-05 09:00",
        respond("Procedures were followed. You may contact the Local Government Ombudsman."),
    );
    assert!(refusal.reason.contains("how to contact"), "{refusal}");
    let events = s.act(
        "2027-01-05 09:00",
        respond("Procedures were followed. You may contact the Local Government Ombudsman at https://www.lgo.org.uk."),
    );
    assert_eq!(letter_of(&events).kind, LetterKind::FinalResponse);
}

#[test]
fn written_authority_is_asked_for_only_where_it_is_needed_and_not_held() {
    let mut s = Scenario::new("tfc-sunderland.toml");
    s.receive(
        "2026-11-24 10:00",
        json!({"representative": {"contact": {"name": "An Advocate", "email": "advocate@example.org"},
               "relationship": "advocate"}}),
    );
    let refusal = s.refused(
        "2026-11-24 11:00",
        json!({"type": "request-in-writing", "what": "complaint"}),
    );
    assert_eq!(refusal.field.as_deref(), Some("what"));
    let events = s.act(
        "2026-11-24 11:00",
        json!({"type": "request-in-writing", "what": "written-authority"}),
    );
    assert!(
        matches!(&events[0].fact, Fact::InWritingRequested { letter, .. } if letter.kind == LetterKind::RequestInWriting)
    );
    // Leeds: a complaint by e-mail, no representative: nothing to ask for.
    let s = leeds();
    let refusal = s.refused(
        "2026-11-24 11:00",
        json!({"type": "request-in-writing", "what": "complaint"}),
    );
    assert_eq!(refusal.code, RefusalCode::NotAllowedNow);
}

#[test]
fn events_recorded_before_these_letters_still_read_back() {
    for stored in [
        json!({"at": "2026-11-24T10:00:00Z", "type": "scope-decided", "decision": {"decision": "in-scope"}, "route": null}),
        json!({"at": "2026-11-24T10:00:00Z", "type": "update-sent", "stage": "stage-1", "summary": "Still looking."}),
        json!({"at": "2026-11-24T10:00:00Z", "type": "withdrawn", "reason": null}),
        json!({"at": "2026-11-24T10:00:00Z", "type": "replied", "summary": "Thank you."}),
        json!({"at": "2026-11-24T10:00:00Z", "type": "behaviour-warned", "reason": "Calls."}),
    ] {
        let event: Event =
            serde_json::from_value(stored.clone()).unwrap_or_else(|e| panic!("{stored}: {e}"));
        assert!(event.fact.letter().is_none(), "{stored}");
    }
}
