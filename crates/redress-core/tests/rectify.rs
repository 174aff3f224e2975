//! Rectification (UK GDPR art. 16, issue 9 item 4): a contact detail the person says is wrong
//! is corrected by `rectify`, with the request recorded; the corrected value keeps the intake
//! rules, the way they prefer to be contacted cannot be removed, and the history still folds
//! once the case's personal data is erased.

mod common;

use common::Scenario;
use redress_core::case::retention::redact;
use redress_core::case::{Case, Detail, Fact, RefusalCode};
use serde_json::json;

fn received() -> Scenario {
    let mut s = Scenario::new("leeds-pps.toml");
    s.receive(
        "2026-12-16 10:00",
        json!({
            "complainant": {
                "name": "A Parnet",
                "email": "parent@exmaple.org",
                "phone": "0113 496 0000",
                "prefers": "email"
            }
        }),
    );
    s
}

#[test]
fn a_corrected_email_address_is_where_correspondence_goes_and_the_request_is_kept() {
    let mut s = received();
    let events = s.act(
        "2026-12-17 09:30",
        json!({
            "type": "rectify",
            "detail": "email",
            "value": " parent@example.org ",
            "request": "The parent rang on 17 December: the address was mistyped."
        }),
    );
    assert_eq!(
        events[0].fact,
        Fact::Rectified {
            detail: Detail::Email,
            value: Some("parent@example.org".to_owned()),
            request: "The parent rang on 17 December: the address was mistyped.".to_owned(),
        }
    );
    assert_eq!(
        s.case.correspondence_email(&s.procedure),
        Some("parent@example.org")
    );
    assert_eq!(s.case.email_addresses(), vec!["parent@example.org"]);
    // The name too; the received submission stays as it arrived, in the history.
    s.act(
        "2026-12-17 09:31",
        json!({ "type": "rectify", "detail": "name", "value": "A Parent", "request": "Same call." }),
    );
    let complainant = s
        .case
        .submission
        .as_ref()
        .unwrap()
        .complainant
        .as_ref()
        .unwrap();
    assert_eq!(complainant.name, "A Parent");
    assert!(
        matches!(&s.events[0].fact, Fact::Received { submission, .. }
        if submission.complainant.as_ref().unwrap().name == "A Parnet")
    );
}

#[test]
fn a_correction_keeps_the_intake_rules_and_names_the_field() {
    let s = received();
    let bad_email = s.refused(
        "2026-12-17 09:30",
        json!({ "type": "rectify", "detail": "email", "value": "not an address", "request": "By phone." }),
    );
    assert_eq!(bad_email.field.as_deref(), Some("value"), "{bad_email:?}");
    let no_name = s.refused(
        "2026-12-17 09:30",
        json!({ "type": "rectify", "detail": "name", "value": "  ", "request": "By phone." }),
    );
    assert_eq!(no_name.code, RefusalCode::Missing);
    assert_eq!(no_name.field.as_deref(), Some("value"));
    // They prefer e-mail: the address cannot be taken away, the phone number can.
    let preferred = s.refused(
        "2026-12-17 09:30",
        json!({ "type": "rectify", "detail": "email", "value": "", "request": "By phone." }),
    );
    assert_eq!(preferred.field.as_deref(), Some("value"));
    assert!(preferred.reason.contains("prefer"), "{preferred:?}");
    assert!(
        s.try_act(
            "2026-12-17 09:30",
            json!({ "type": "rectify", "detail": "phone", "value": "", "request": "By phone." }),
        )
        .is_ok()
    );
    let no_request = s.refused(
        "2026-12-17 09:30",
        json!({ "type": "rectify", "detail": "phone", "value": "", "request": "" }),
    );
    assert_eq!(no_request.field.as_deref(), Some("request"));
    let unchanged = s.refused(
        "2026-12-17 09:30",
        json!({ "type": "rectify", "detail": "email", "value": "parent@exmaple.org", "request": "By phone." }),
    );
    assert_eq!(unchanged.field.as_deref(), Some("value"));
    // There is no representative to correct.
    let nobody = s.refused(
        "2026-12-17 09:30",
        json!({ "type": "rectify", "detail": "representative-name", "value": "B", "request": "By phone." }),
    );
    assert_eq!(nobody.field.as_deref(), Some("detail"));
}

#[test]
fn an_anonymous_case_has_nothing_to_correct() {
    let mut s = Scenario::new("leeds-pps.toml");
    s.receive(
        "2026-12-16 10:00",
        json!({ "complainant": null, "channel": "web" }),
    );
    let refused = s.refused(
        "2026-12-17 09:30",
        json!({ "type": "rectify", "detail": "name", "value": "A Parent", "request": "By phone." }),
    );
    assert_eq!(refused.code, RefusalCode::NotAllowedNow, "{refused:?}");
    assert!(refused.reason.contains("anonymously"), "{refused:?}");
}

#[test]
fn an_erased_correction_still_folds_and_keeps_no_value() {
    let mut s = received();
    s.act(
        "2026-12-17 09:30",
        json!({ "type": "rectify", "detail": "phone", "value": "0113 496 0999", "request": "A Parent, by letter." }),
    );
    let redacted = redact(s.events.last().unwrap()).expect("the redacted event reads back");
    assert_eq!(
        redacted.fact,
        Fact::Rectified {
            detail: Detail::Phone,
            value: Some("[erased]".to_owned()),
            request: "[erased]".to_owned(),
        }
    );
    let all: Vec<_> = s.events.iter().map(|e| redact(e).unwrap()).collect();
    assert_eq!(Case::from_events(&all).version, s.case.version);
}
