//! A sixth and seventh organisation need only a file: a council landlord on the Housing
//! Ombudsman's Complaint Handling Code, and a Scottish body on the SPSO model procedure.
//! Dates worked out by hand from each code's words.

mod common;

use common::{Scenario, date, said};
use redress_core::case::{Clock, ClockStatus};
use redress_core::procedure::Statement;
use serde_json::json;

#[test]
fn housing_code_counts_stage_one_from_the_acknowledgement_across_christmas() {
    let mut s = Scenario::new("housing-council.toml");
    // Received Mon 21 Dec 2026. Acknowledge within 5 working days: Tue 22 (1), Wed 23 (2),
    // Thu 24 (3), Fri 25 Christmas and Mon 28 Boxing Day (substitute) skipped, Tue 29 (4), Wed 30 (5).
    s.receive("2026-12-21 10:00", json!({}));
    assert_eq!(
        s.due("2026-12-21 10:00", Clock::Acknowledgement, "stage-1"),
        date(2026, 12, 30)
    );
    // Before the acknowledgement there is no response date: it counts from the acknowledgement.
    assert!(
        s.deadlines("2026-12-21 10:00")
            .iter()
            .all(|d| d.clock != Clock::Response)
    );

    // Acknowledged Thu 24 Dec. 10 working days from it: Tue 29 (1), Wed 30 (2), Thu 31 (3),
    // Fri 1 Jan New Year's Day skipped, Mon 4 (4) ... Fri 8 (8), Mon 11 (9), Tue 12 Jan (10).
    s.act("2026-12-24 11:00", json!({"type": "acknowledge"}));
    assert_eq!(
        s.due("2026-12-24 11:00", Clock::Response, "stage-1"),
        date(2027, 1, 12)
    );
    let redress_core::case::Fact::Acknowledged { letter, .. } = s.last() else {
        panic!("not acknowledged")
    };
    assert_eq!(
        said(letter, Statement::ResponseDue),
        Some(json!({"says": "response-due", "response": {"is": "within",
            "within": "10 working days", "from": "acknowledgement", "by": "2027-01-12"}}))
    );

    // The extension is capped at 10 more working days: Tue 26 Jan 2027.
    let refusal = s.refused(
        "2027-01-08 09:00",
        json!({"type": "extend-deadline", "new_date": "2027-01-27", "reason": "repairs survey"}),
    );
    assert_eq!(refusal.field.as_deref(), Some("new_date"));
    assert!(refusal.to_string().contains("Tue 26 Jan 2027"), "{refusal}");
    s.act(
        "2027-01-08 09:00",
        json!({"type": "extend-deadline", "new_date": "2027-01-26", "reason": "repairs survey"}),
    );
    assert_eq!(
        s.due("2027-01-08 09:00", Clock::Response, "stage-1"),
        date(2027, 1, 26)
    );
    assert_eq!(
        s.status("2027-01-27 09:00", Clock::Response, "stage-1"),
        ClockStatus::Overdue
    );
}

#[test]
fn spso_body_counts_scottish_bank_holidays() {
    let mut s = Scenario::new("spso-body.toml");
    // Received Fri 27 Nov 2026. Mon 30 Nov is St Andrew's Day in Scotland, so 5 working days
    // are Tue 1 (1), Wed 2 (2), Thu 3 (3), Fri 4 (4), Mon 7 Dec (5).
    s.receive("2026-11-27 14:00", json!({}));
    assert_eq!(
        s.due("2026-11-27 14:00", Clock::Response, "frontline"),
        date(2026, 12, 7)
    );
}

#[test]
fn dates_may_be_bare_toml_dates_or_quoted() {
    let root = env!("CARGO_MANIFEST_DIR");
    let text =
        std::fs::read_to_string(format!("{root}/tests/fixtures/housing-council.toml")).unwrap();
    let bare = text
        .replace(
            "effective_from = \"2025-04-01\"",
            "effective_from = 2025-04-01",
        )
        .replace(
            "region = \"england-and-wales\"",
            "region = \"england-and-wales\"\nclosure_days = [2025-12-24, \"2025-12-31\"]",
        );
    let procedure = redress_core::procedure::parse(&bare).expect("bare dates are accepted");
    assert_eq!(procedure.procedure.effective_from, date(2025, 4, 1));
    assert_eq!(
        procedure.organisation.closure_days,
        [date(2025, 12, 24), date(2025, 12, 31)]
    );

    let with_time = text.replace(
        "effective_from = \"2025-04-01\"",
        "effective_from = 2025-04-01T10:00:00",
    );
    let errors =
        redress_core::procedure::parse(&with_time).expect_err("a date and time is refused");
    assert!(
        errors.to_string().contains("write just the day"),
        "{errors}"
    );
}
