//! Ombudsman enquiries (issue 10, item 9): recorded at any point, each with a response deadline
//! worked out by hand in the comments, answered once, and a legal hold kept while one is open.

mod common;

use common::{Scenario, at, date};
use redress_core::calendar::Duration;
use redress_core::case::retention::{Retained, RetentionCheck, retained, retention_check};
use redress_core::case::{Clock, ClockStatus, Fact};
use serde_json::json;

const PROCEDURE: &str = "leeds-pps.toml";

fn enquiry(reference: &str, received_on: &str, respond_by: Option<&str>) -> serde_json::Value {
    let mut command = json!({
        "type": "record-ombudsman-enquiry",
        "ombudsman_reference": reference,
        "received_on": received_on,
        "summary": "Please send the complaint file and the responses.",
    });
    if let Some(by) = respond_by {
        command["respond_by"] = json!(by);
    }
    command
}

/// A Leeds complaint received Mon 5 Jan 2026, answered and closed in January.
fn closed_case() -> Scenario {
    let mut s = Scenario::new(PROCEDURE);
    s.receive("2026-01-05 10:00", json!({}));
    s.act(
        "2026-01-06 10:00",
        json!({"type": "acknowledge", "handler_name": "The Co-ordinator", "phone": "0113 000 0000", "email": "parent.partnership@example.org"}),
    );
    s.act(
        "2026-01-20 10:00",
        json!({
            "type": "respond",
            "outcome": "not-upheld",
            "findings": "The adviser called back within the week.",
            "how_investigated": "The Co-ordinator read the notes.",
        }),
    );
    s.act("2026-01-21 10:00", json!({"type": "close"}));
    assert!(s.case.is_closed());
    s
}

#[test]
fn an_enquiry_on_a_closed_case_is_due_twenty_working_days_after_it_arrived_and_holds_the_case() {
    let mut s = closed_case();
    // Arrived Mon 2 Mar 2026, no date given: Leeds' procedure says nothing, so 20 working days.
    // 3-6 Mar (4), 9-13 (9), 16-20 (14), 23-27 (19), Mon 30 Mar (20): no bank holiday between
    // (Good Friday is 3 April).
    let events = s.act(
        "2026-03-03 09:00",
        enquiry("LGSCO 25 012 345", "2026-03-02", None),
    );
    assert!(matches!(
        events[0].fact,
        Fact::OmbudsmanEnquiryReceived { .. }
    ));
    assert!(matches!(
        events[1].fact,
        Fact::LegalHoldPlaced {
            for_enquiry: Some(1),
            ..
        }
    ));
    let deadline = s.deadline("2026-03-03 09:00", Clock::OmbudsmanEnquiry, None);
    assert_eq!(deadline.due.date, date(2026, 3, 30));
    assert_eq!(deadline.status, ClockStatus::Open);
    assert!(deadline.why.contains("gave no date"), "{}", deadline.why);
    assert!(deadline.why.contains("20 working days"), "{}", deadline.why);
    assert_eq!(
        s.deadline("2026-03-31 09:00", Clock::OmbudsmanEnquiry, None)
            .status,
        ClockStatus::Overdue
    );

    // Retention keeps it: held, even years after its deletion day.
    let years_later = at("2040-01-01 09:00");
    assert!(matches!(
        retained(&s.case, &s.procedure, Duration::Months(12), years_later).unwrap(),
        Retained::Held(_)
    ));
    let refused = s.refused("2026-03-04 09:00", json!({"type": "lift-legal-hold"}));
    assert!(
        refused.to_string().contains("enquiry 1 is open"),
        "{refused}"
    );

    // A second, with its own date; answering the first leaves the hold for the second.
    s.act(
        "2026-03-05 09:00",
        enquiry("LGSCO 25 012 999", "2026-03-05", Some("2026-03-20")),
    );
    let second: Vec<_> = s
        .deadlines("2026-03-05 09:00")
        .into_iter()
        .filter(|d| d.clock == Clock::OmbudsmanEnquiry)
        .collect();
    assert_eq!(second[1].due.date, date(2026, 3, 20));
    assert!(
        second[1].why.contains("asked for a reply by"),
        "{}",
        second[1].why
    );
    let events = s.act(
        "2026-03-10 09:00",
        json!({"type": "answer-ombudsman-enquiry", "enquiry": 1, "summary": "Sent the file."}),
    );
    assert_eq!(events.len(), 1);
    assert!(s.case.legal_hold.is_some());
    let refused = s.refused(
        "2026-03-11 09:00",
        json!({"type": "answer-ombudsman-enquiry", "enquiry": 1, "summary": "Again."}),
    );
    assert_eq!(refused.field.as_deref(), Some("enquiry"));
    let events = s.act(
        "2026-03-23 09:00",
        json!({"type": "answer-ombudsman-enquiry", "enquiry": 2, "summary": "Sent the notes."}),
    );
    assert!(matches!(events[1].fact, Fact::LegalHoldLifted { .. }));
    assert!(s.case.legal_hold.is_none());
    // Answered after Fri 20 Mar: met, late.
    let late = &s
        .deadlines("2026-03-23 09:00")
        .into_iter()
        .filter(|d| d.clock == Clock::OmbudsmanEnquiry)
        .collect::<Vec<_>>()[1];
    assert_eq!(
        late.status,
        ClockStatus::Met {
            at: at("2026-03-23 09:00"),
            on_time: false
        }
    );
    assert!(matches!(
        retained(&s.case, &s.procedure, Duration::Months(12), years_later).unwrap(),
        Retained::Due(_)
    ));
    // Leeds' procedure says nothing of retention, so its day follows the operator's default,
    // which may change between runs: every run looks at the case.
    assert_eq!(
        retention_check(&s.case, &s.procedure).unwrap(),
        RetentionCheck::Every
    );
}

#[test]
fn an_enquiry_needs_a_reference_and_a_past_day_and_a_hold_placed_by_hand_stays() {
    let mut s = Scenario::new(PROCEDURE);
    s.receive("2026-01-05 10:00", json!({}));
    let refused = s.refused("2026-01-06 10:00", enquiry(" ", "2026-01-06", None));
    assert_eq!(refused.field.as_deref(), Some("ombudsman_reference"));
    let refused = s.refused("2026-01-06 10:00", enquiry("X1", "2026-01-07", None));
    assert_eq!(refused.field.as_deref(), Some("received_on"));
    let refused = s.refused(
        "2026-01-06 10:00",
        enquiry("X1", "2026-01-06", Some("2026-01-05")),
    );
    assert_eq!(refused.field.as_deref(), Some("respond_by"));
    let refused = s.refused(
        "2026-01-06 10:00",
        json!({"type": "answer-ombudsman-enquiry", "enquiry": 1, "summary": "x"}),
    );
    assert!(
        refused.to_string().contains("no ombudsman's enquiry"),
        "{refused}"
    );

    s.act(
        "2026-01-06 10:00",
        json!({"type": "place-legal-hold", "reason": "a court case"}),
    );
    let events = s.act("2026-01-06 11:00", enquiry("X1", "2026-01-06", None));
    assert_eq!(
        events.len(),
        1,
        "the hold in force is kept, not placed again"
    );
    let events = s.act(
        "2026-01-07 10:00",
        json!({"type": "answer-ombudsman-enquiry", "enquiry": 1, "summary": "Sent."}),
    );
    assert_eq!(
        events.len(),
        1,
        "a hold placed by hand is not lifted by an answer"
    );
    assert_eq!(s.case.legal_hold.as_deref(), Some("a court case"));
}
