//! Parents in Partnership Stockport (seed 000, `procedures/pips-stockport.toml`): every path the
//! Compliments and Complaints Policy describes, walked through the decider. Section numbers
//! (3.7, 3.9, ...) are the policy's own. Every date is counted by hand from the policy's words,
//! in England and Wales working days, with the day of receipt as day 0.

mod common;

use common::{Scenario, at, date};
use redress_core::case::{Clock, ClockStatus, ConflictApplied, Ending, Fact};
use redress_core::letters::Letter;
use redress_core::procedure::{Channel, Outcome, Statement};
use serde_json::{Value, json};

fn pips() -> Scenario {
    Scenario::new("pips-stockport.toml")
}

/// The letter an acknowledgement, holding letter or response event carries.
fn letter(fact: &Fact) -> &Letter {
    match fact {
        Fact::Acknowledged { letter, .. }
        | Fact::DeadlineExtended { letter, .. }
        | Fact::Responded { letter, .. } => letter,
        other => panic!("no letter in {other:?}"),
    }
}

/// How the case ended and its deletion date, from its last event, which must be `Closed`.
fn closed(s: &Scenario) -> (Ending, Option<jiff::civil::Date>) {
    match s.last() {
        Fact::Closed {
            how, delete_after, ..
        } => (*how, *delete_after),
        other => panic!("expected the case to close, got {other:?}"),
    }
}

fn response(outcome: &str) -> Value {
    json!({
        "type": "respond",
        "outcome": outcome,
        "findings": "The representative did not pass the parent's views to the panel as agreed.",
        "remedies": [{"kind": "apology", "description": "The Chair apologises for the missed views."}],
        "learning": [{"description": "Representatives will confirm in writing what they will pass on."}]
    })
}

fn appeal(when: &str, s: &mut Scenario) -> Vec<redress_core::case::Event> {
    s.act(
        when,
        json!({"type": "request-escalation", "reasons": "I do not accept the outcome.", "in_writing": false}),
    )
}

/// A complaint e-mailed on Wed 16 Dec 2026, investigated by the Chair, its response date moved by
/// holding letter to Wed 24 Mar 2027, and answered that day at 11:00 (partly upheld).
fn answered_on_24_march() -> Scenario {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    s.act("2026-12-17 10:00", json!({"type": "acknowledge"}));
    s.act(
        "2026-12-17 10:05",
        json!({"type": "assign-handler", "name": "Pat Chair", "role": "chair"}),
    );
    s.act(
        "2027-01-11 10:00",
        json!({"type": "extend-deadline", "new_date": "2027-03-24", "reason": "Statements are needed from three representatives."}),
    );
    s.act("2027-03-24 11:00", response("partly-upheld"));
    s
}

// ---------------------------------------------------------------------------------------------
// Receiving compliments and complaints (3.1, 3.4, 3.5, 4.1)
// ---------------------------------------------------------------------------------------------

#[test]
fn a_complaint_emailed_before_christmas_is_acknowledged_in_7_and_answered_in_30_working_days() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    // 3.7 "acknowledged within 7 working days". Day 0 is Wed 16 Dec 2026: Thu 17 (1), Fri 18 (2),
    // Mon 21 (3), Tue 22 (4), Wed 23 (5), Thu 24 (6), Fri 25 Christmas Day, Sat 26, Sun 27 and
    // Mon 28 Boxing Day (substitute) skipped, Tue 29 Dec (7).
    assert_eq!(
        s.due("2026-12-16 10:00", Clock::Acknowledgement, "stage-1"),
        date(2026, 12, 29)
    );
    // 3.9 holding letter "within 20 working days": Wed 30 (8), Thu 31 (9), Fri 1 Jan New Year's
    // Day skipped, Mon 4 (10), Tue 5 (11), Wed 6 (12), Thu 7 (13), Fri 8 (14), Mon 11 (15),
    // Tue 12 (16), Wed 13 (17), Thu 14 (18), Fri 15 (19), Mon 18 Jan 2027 (20).
    assert_eq!(
        s.due("2026-12-16 10:00", Clock::HoldingLetter, "stage-1"),
        date(2027, 1, 18)
    );
    // 3.7 "a written response ... within 30 working days": Tue 19 (21), Wed 20 (22), Thu 21 (23),
    // Fri 22 (24), Mon 25 (25), Tue 26 (26), Wed 27 (27), Thu 28 (28), Fri 29 (29), Mon 1 Feb (30).
    assert_eq!(
        s.due("2026-12-16 10:00", Clock::Response, "stage-1"),
        date(2027, 2, 1)
    );
    // The appeal window counts from the response, which has not been sent.
    assert!(
        s.deadlines("2026-12-16 10:00")
            .iter()
            .all(|d| d.clock != Clock::EscalationWindow)
    );

    // Tue 29 Dec is still in time at 17:00; at midnight (GMT) it is not.
    assert_eq!(
        s.status("2026-12-29 17:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2026-12-30 00:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Overdue
    );

    let events = s.act("2026-12-29 16:30", json!({"type": "acknowledge"}));
    let acknowledgement = letter(&events[0].fact);
    assert!(
        acknowledgement
            .says(Statement::NextSteps)
            .is_some_and(|text| text.contains("Parents in Partnership Stockport")
                && text.contains("Stage One – Complaint")),
        "{acknowledgement:?}"
    );
    // The policy promises nothing else in the acknowledgement (3.7 gives only its timescale).
    assert_eq!(acknowledgement.says(Statement::ResponseDue), None);
    assert_eq!(
        s.status("2026-12-30 09:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Met {
            at: at("2026-12-29 16:30"),
            on_time: true
        }
    );
    let again = s.refused("2026-12-30 09:00", json!({"type": "acknowledge"}));
    assert_eq!(again.code, "not-allowed-now");
    assert!(again.to_string().contains("Tue 29 Dec 2026"), "{again}");
}

#[test]
fn a_complaint_by_telephone_is_written_down_and_handled_as_received() {
    // 3.4 "contact the PIPS Chair by emailing ... or telephone"; 3.5 the Chair receiving the call
    // makes a written record of a verbal complaint.
    let mut s = pips();
    s.receive(
        "2026-12-16 10:00",
        json!({"channel": "phone", "complainant": {"name": "A Parent", "phone": "0161 000 0000"}}),
    );
    let Fact::Received {
        submission,
        first_stage,
        ..
    } = s.last()
    else {
        panic!("not received")
    };
    assert_eq!(submission.channel, Channel::Phone);
    assert_eq!(first_stage.as_ref().map(|id| id.as_str()), Some("stage-1"));

    // A word in person is verbal too: written down and handled like the call.
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({"channel": "face-to-face"}));
    assert_eq!(s.stage(), "stage-1");
}

#[test]
fn written_complaints_come_by_email_and_other_channels_are_told_which_are_accepted() {
    let s = pips();
    for channel in ["letter", "social-media", "fax"] {
        let refusal = s.refused(
            "2026-12-16 10:00",
            json!({"type": "receive", "submission": common::complaint(json!({"channel": channel}))}),
        );
        assert_eq!(
            (refusal.code.as_str(), refusal.field),
            ("invalid", Some("channel")),
            "{channel}"
        );
        assert!(
            refusal
                .to_string()
                .contains("accepted channels: email, phone, web"),
            "{refusal}"
        );
    }
}

#[test]
fn pips_takes_compliments_and_complaints_but_not_comments() {
    let refusal = pips().refused(
        "2026-12-16 10:00",
        json!({"type": "receive", "submission": common::complaint(json!({"kind": "comment"}))}),
    );
    assert_eq!(refusal.field, Some("kind"));
    assert!(
        refusal
            .to_string()
            .contains("it takes: compliment, complaint"),
        "{refusal}"
    );
}

#[test]
fn a_complaint_dated_before_the_policy_took_effect_is_refused() {
    let refusal = pips().refused(
        "2023-05-10 10:00",
        json!({"type": "receive", "submission": common::complaint(json!({}))}),
    );
    assert_eq!(refusal.code.as_str(), "wrong-procedure");
    assert!(refusal.to_string().contains("Mon 1 Jan 2024"), "{refusal}");
}

#[test]
fn an_anonymous_complaint_is_recorded_and_considered() {
    // 4.1 "received anonymously will be recorded and considered, but action may be limited".
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({"complainant": null}));
    assert!(
        s.case
            .submission
            .as_ref()
            .is_some_and(|sub| sub.complainant.is_none())
    );
    s.act(
        "2027-01-06 10:00",
        json!({"type": "start-investigation", "reason": "Considered despite anonymity."}),
    );
    s.act(
        "2027-01-20 10:00",
        json!({"type": "respond", "outcome": "not-upheld", "findings": "Without knowing which meeting was meant, the concern could not be substantiated."}),
    );
    assert!(matches!(
        s.last(),
        Fact::Responded {
            outcome: Outcome::NotUpheld,
            ..
        }
    ));
}

#[test]
fn a_saturday_complaint_over_easter_counts_from_the_tuesday() {
    let mut s = pips();
    // Received Sat 27 Mar 2027. Sun 28 and Mon 29 (Easter Monday) are not working days either,
    // so day 0 is Tue 30 Mar. 7 working days: Wed 31 (1), Thu 1 Apr (2), Fri 2 (3), Mon 5 (4),
    // Tue 6 (5), Wed 7 (6), Thu 8 Apr 2027 (7).
    s.receive("2027-03-27 11:00", json!({}));
    assert_eq!(
        s.due("2027-03-27 11:00", Clock::Acknowledgement, "stage-1"),
        date(2027, 4, 8)
    );
}

#[test]
fn an_email_after_midnight_in_summer_time_belongs_to_the_london_saturday() {
    let mut s = pips();
    // 23:30 UTC on Fri 28 May 2027 is 00:30 BST on Sat 29 May: received on the Saturday. Sun 30
    // and Mon 31 May (spring bank holiday) are not working days, so day 0 is Tue 1 Jun.
    // 7 working days: Wed 2 (1), Thu 3 (2), Fri 4 (3), Mon 7 (4), Tue 8 (5), Wed 9 (6), Thu 10 Jun (7).
    s.receive("2027-05-28T23:30:00Z", json!({}));
    let deadline = s.deadline("2027-05-29 09:00", Clock::Acknowledgement, Some("stage-1"));
    assert_eq!(deadline.due.date, date(2027, 6, 10));
    // The day ends at midnight BST, which is 23:00 UTC.
    assert_eq!(deadline.due.at, at("2027-06-10T23:00:00Z"));
    assert_eq!(
        s.status("2027-06-10 23:30", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2027-06-11 00:05", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Overdue
    );
    s.act("2027-06-10 23:30", json!({"type": "acknowledge"}));
    assert!(matches!(
        s.status("2027-06-11 09:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Met { on_time: true, .. }
    ));
}

// ---------------------------------------------------------------------------------------------
// Scope: the policy sets no time limit and lists no exclusions
// ---------------------------------------------------------------------------------------------

#[test]
fn with_no_time_limit_an_old_complaint_is_in_scope_and_cannot_be_ruled_out_of_time() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({"happened_on": "2021-03-01"}));
    assert_eq!(s.case.time_limit, None);
    // Nothing can be out of scope here, so no scope decision is offered at all.
    for decision in [
        json!({"decision": "out-of-time"}),
        json!({"decision": "late-accepted", "reason": "illness"}),
        json!({"decision": "excluded", "exclusion": "legal-proceedings"}),
        json!({"decision": "in-scope"}),
    ] {
        let refusal = s.refused(
            "2026-12-17 10:00",
            json!({"type": "decide-scope", "decision": decision}),
        );
        assert_eq!(
            (refusal.code.as_str(), refusal.field),
            ("not-allowed-now", None)
        );
        assert!(
            refusal
                .to_string()
                .contains("this procedure lists no exclusions"),
            "{refusal}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Conflict of interest (3.6, 3.7)
// ---------------------------------------------------------------------------------------------

#[test]
fn a_complaint_about_the_chair_is_handled_by_the_data_protection_secretary() {
    let mut s = pips();
    s.receive(
        "2026-12-16 10:00",
        json!({"people_named": [{"name": "Pat Chair", "role": "chair"}]}),
    );
    let Fact::Received {
        conflicts,
        first_stage,
        ..
    } = s.last()
    else {
        panic!("not received")
    };
    assert_eq!(
        conflicts,
        &vec![ConflictApplied {
            person: "Pat Chair".to_owned(),
            role: "chair".to_owned().try_into().unwrap(),
            handler: Some("data-protection-secretary".to_owned().try_into().unwrap()),
            start_at: None,
        }]
    );
    // No later stage: the complaint still starts at Stage One.
    assert_eq!(first_stage.as_ref().map(|id| id.as_str()), Some("stage-1"));

    // "they will not be involved in the investigation": nobody may act as Chair on it.
    let refusal = s.refused(
        "2026-12-17 10:00",
        json!({"type": "assign-handler", "name": "Sam Secretary", "role": "chair"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("conflict-of-interest", Some("role"))
    );
    assert!(
        refusal
            .to_string()
            .contains("assign the Data Protection/Membership Secretary"),
        "{refusal}"
    );
    // Nor may the Chair herself, under any role.
    let refusal = s.refused(
        "2026-12-17 10:00",
        json!({"type": "assign-handler", "name": "pat  chair", "role": "data-protection-secretary"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("conflict-of-interest", Some("name"))
    );
    assert!(
        refusal
            .to_string()
            .contains("Pat Chair is named in the complaint"),
        "{refusal}"
    );

    s.act("2026-12-17 10:00", json!({"type": "assign-handler", "name": "Sam Secretary", "role": "data-protection-secretary"}));
    let Fact::HandlerAssigned { role, .. } = s.last() else {
        panic!("not assigned")
    };
    assert_eq!(role.as_str(), "data-protection-secretary");
}

#[test]
fn an_ordinary_complaint_is_investigated_by_the_chair_not_the_secretary() {
    let mut s = pips();
    s.receive(
        "2026-12-16 10:00",
        json!({"people_named": [{"name": "Rob Rep"}]}),
    );
    let refusal = s.refused(
        "2026-12-17 10:00",
        json!({"type": "assign-handler", "name": "Sam Secretary", "role": "data-protection-secretary"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("role"))
    );
    assert!(refusal.to_string().contains("Chair (`chair`)"), "{refusal}");
    s.act(
        "2026-12-17 10:00",
        json!({"type": "assign-handler", "name": "Pat Chair", "role": "chair"}),
    );
}

#[test]
fn a_chair_named_after_receipt_hands_the_investigation_to_the_secretary() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    s.act(
        "2026-12-17 10:00",
        json!({"type": "assign-handler", "name": "Pat Chair", "role": "chair"}),
    );
    // The complainant's follow-up e-mail shows the complaint is about the Chair.
    s.act(
        "2026-12-18 10:00",
        json!({"type": "name-person", "person": {"name": "Pat Chair", "role": "chair"}}),
    );
    let Fact::PersonNamed {
        conflicts,
        rerouted_to,
        ..
    } = s.last()
    else {
        panic!("not named")
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        conflicts[0].handler.as_ref().map(|r| r.as_str()),
        Some("data-protection-secretary")
    );
    assert_eq!(rerouted_to, &None);
    let refusal = s.refused(
        "2026-12-18 11:00",
        json!({"type": "assign-handler", "name": "Pat Chair", "role": "chair"}),
    );
    assert_eq!(refusal.code.as_str(), "conflict-of-interest");
    s.act("2026-12-18 11:00", json!({"type": "assign-handler", "name": "Sam Secretary", "role": "data-protection-secretary"}));
}

// ---------------------------------------------------------------------------------------------
// Settling it informally (3.3)
// ---------------------------------------------------------------------------------------------

#[test]
fn an_apology_settles_the_complaint_informally_and_closes_it() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    // PIPS offers no mediation.
    let refusal = s.refused(
        "2026-12-17 10:00",
        json!({"type": "offer-mediation", "by": "chair"}),
    );
    assert_eq!(refusal.code.as_str(), "not-in-procedure");
    let refusal = s.refused(
        "2026-12-17 10:00",
        json!({"type": "resolve-informally", "summary": " "}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("summary"))
    );
    s.act(
        "2026-12-17 10:00",
        json!({"type": "resolve-informally", "summary": "The Chair apologised and explained why the meeting notes were late."}),
    );
    assert!(matches!(
        s.events[s.events.len() - 2].fact,
        Fact::ResolvedInformally { .. }
    ));
    // The policy sets no retention period, so no deletion date is set.
    assert_eq!(closed(&s), (Ending::ResolvedInformally, None));
    assert!(
        s.deadlines("2026-12-17 10:00")
            .iter()
            .all(|d| d.clock != Clock::Deletion)
    );
    // The acknowledgement is no longer owed.
    assert_eq!(
        s.status("2027-01-05 10:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::NotNeeded
    );
    let refusal = s.refused("2026-12-18 10:00", json!({"type": "acknowledge"}));
    assert_eq!(refusal.code.as_str(), "closed");
}

// ---------------------------------------------------------------------------------------------
// Holding letters, pauses and updates (3.9)
// ---------------------------------------------------------------------------------------------

#[test]
fn a_complex_complaint_gets_a_holding_letter_with_a_final_date() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    // 3.9: the holding letter gives a reason ...
    let refusal = s.refused(
        "2027-01-18 15:00",
        json!({"type": "extend-deadline", "new_date": "2027-03-24", "reason": ""}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("reason"))
    );
    // ... and a final date later than the one already promised (Mon 1 Feb 2027, counted in the
    // first test).
    let refusal = s.refused(
        "2027-01-18 15:00",
        json!({"type": "extend-deadline", "new_date": "2027-02-01", "reason": "complex"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("new_date"))
    );
    assert!(refusal.to_string().contains("Mon 1 Feb 2027"), "{refusal}");

    // Sent on Mon 18 Jan 2027, day 20 and the last day for a holding letter. The policy sets no
    // limit on how far the final date may be.
    let events = s.act(
        "2027-01-18 15:00",
        json!({"type": "extend-deadline", "new_date": "2027-03-24", "reason": "Statements are needed from three representatives."}),
    );
    let holding = letter(&events[0].fact);
    assert_eq!(
        holding.says(Statement::Reason),
        Some(
            "We need more time to complete Stage One – Complaint: Statements are needed from three representatives."
        )
    );
    assert_eq!(
        holding.says(Statement::NewDate),
        Some("You will receive our response by Wed 24 Mar 2027.")
    );
    assert_eq!(
        s.status("2027-01-19 09:00", Clock::HoldingLetter, "stage-1"),
        ClockStatus::Met {
            at: at("2027-01-18 15:00"),
            on_time: true
        }
    );
    assert_eq!(
        s.due("2027-01-19 09:00", Clock::Response, "stage-1"),
        date(2027, 3, 24)
    );
    assert_eq!(
        s.status("2027-03-24 18:00", Clock::Response, "stage-1"),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2027-03-25 09:00", Clock::Response, "stage-1"),
        ClockStatus::Overdue
    );
}

#[test]
fn no_holding_letter_by_day_20_is_overdue_until_the_response_goes_within_30_working_days() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    // Tue 19 Jan 2027 is day 21 (counted in the first test): no holding letter, no response.
    assert_eq!(
        s.status("2027-01-19 09:00", Clock::HoldingLetter, "stage-1"),
        ClockStatus::Overdue
    );
    // 3.9: a holding letter is for investigations that take longer than the 30 working days.
    // The response went out on Fri 29 Jan 2027, day 29, so none was needed after all.
    s.act("2027-01-29 12:00", response("not-upheld"));
    assert_eq!(
        s.status("2027-01-29 13:00", Clock::HoldingLetter, "stage-1"),
        ClockStatus::NotNeeded
    );
    assert_eq!(
        s.status("2027-01-29 13:00", Clock::Response, "stage-1"),
        ClockStatus::Met {
            at: at("2027-01-29 12:00"),
            on_time: true
        }
    );
}

#[test]
fn a_response_after_30_working_days_without_a_holding_letter_misses_both() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    // Tue 2 Feb 2027 is day 31.
    s.act("2027-02-02 12:00", response("not-upheld"));
    assert_eq!(
        s.status("2027-02-02 13:00", Clock::HoldingLetter, "stage-1"),
        ClockStatus::Overdue
    );
    assert_eq!(
        s.status("2027-02-02 13:00", Clock::Response, "stage-1"),
        ClockStatus::Met {
            at: at("2027-02-02 12:00"),
            on_time: false
        }
    );
}

#[test]
fn stopping_the_clock_while_waiting_for_the_complainant_moves_the_response_date() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    let refusal = s.refused("2027-01-08 09:00", json!({"type": "resume-clock"}));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    s.act(
        "2027-01-11 09:00",
        json!({"type": "pause-clock", "reason": "Waiting for the dates of the meetings."}),
    );
    let refusal = s.refused(
        "2027-01-12 09:00",
        json!({"type": "pause-clock", "reason": "again"}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    assert_eq!(
        s.status("2027-01-15 09:00", Clock::Response, "stage-1"),
        ClockStatus::Paused
    );
    assert_eq!(
        s.status("2027-01-15 09:00", Clock::HoldingLetter, "stage-1"),
        ClockStatus::Paused
    );
    s.act(
        "2027-01-18 09:00",
        json!({"type": "receive-information", "summary": "Meeting dates received."}),
    );
    s.act("2027-01-18 09:00", json!({"type": "resume-clock"}));
    // Stopped from Mon 11 Jan to Mon 18 Jan 2027: Tue 12, Wed 13, Thu 14, Fri 15 and Mon 18 are
    // 5 working days. The response, first due Mon 1 Feb (day 30), moves 5 working days: Tue 2 (31),
    // Wed 3 (32), Thu 4 (33), Fri 5 (34), Mon 8 Feb 2027 (35).
    assert_eq!(
        s.due("2027-01-18 09:00", Clock::Response, "stage-1"),
        date(2027, 2, 8)
    );
    // The holding-letter point moves with it: Mon 18 Jan (day 20) plus 5 working days is Tue 19 (21),
    // Wed 20 (22), Thu 21 (23), Fri 22 (24), Mon 25 Jan 2027 (25).
    assert_eq!(
        s.due("2027-01-18 09:00", Clock::HoldingLetter, "stage-1"),
        date(2027, 1, 25)
    );

    // Progress updates may be sent; the policy sets no interval for them.
    s.act(
        "2027-01-25 09:00",
        json!({"type": "send-update", "summary": "We are speaking to the representatives."}),
    );
    assert!(
        s.deadlines("2027-01-25 09:00")
            .iter()
            .all(|d| d.clock != Clock::Update)
    );
}

// ---------------------------------------------------------------------------------------------
// The Stage One response (3.7, 3.8, 3.3, 1.3)
// ---------------------------------------------------------------------------------------------

#[test]
fn the_stage_one_response_states_findings_outcome_actions_and_the_right_to_appeal() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    let refusal = s.refused("2027-01-20 10:00", json!({"type": "close"}));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    assert!(
        refusal.to_string().contains("has not been answered"),
        "{refusal}"
    );

    let refusal = s.refused("2027-01-20 10:00", response("undecided"));
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("outcome"))
    );
    assert!(
        refusal
            .to_string()
            .contains("upheld, partly-upheld, not-upheld"),
        "{refusal}"
    );

    let mut practical = response("upheld");
    practical["remedies"] =
        json!([{"kind": "practical-action", "description": "Re-run the panel."}]);
    let refusal = s.refused("2027-01-20 10:00", practical);
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("remedies.kind"))
    );
    assert!(
        refusal.to_string().contains("apology, explanation, other"),
        "{refusal}"
    );

    let mut empty_remedy = response("upheld");
    empty_remedy["remedies"] = json!([{"kind": "apology", "description": ""}]);
    let refusal = s.refused("2027-01-20 10:00", empty_remedy);
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("remedies.description"))
    );

    let mut no_findings = response("upheld");
    no_findings["findings"] = json!("  ");
    let refusal = s.refused("2027-01-20 10:00", no_findings);
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("findings"))
    );

    let mut reviewed = response("upheld");
    reviewed["mode"] = json!("review");
    let refusal = s.refused("2027-01-20 10:00", reviewed);
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("mode"))
    );

    let mut answer = response("partly-upheld");
    answer["remedies"] = json!([
        {"kind": "apology", "description": "The Chair apologises for the missed views."},
        {"kind": "other", "description": "Your views will go to the next panel meeting."}
    ]);
    let events = s.act("2027-01-20 10:00", answer);
    let reply = letter(&events[0].fact);
    assert_eq!(
        reply.says(Statement::Outcome),
        Some("Outcome: partly-upheld.")
    );
    assert_eq!(
        reply.says(Statement::Findings),
        Some("The representative did not pass the parent's views to the panel as agreed.")
    );
    // 1.3 "any action that will be implemented in order to ensure that there is no re-occurrence".
    assert_eq!(
        reply.says(Statement::Actions),
        Some(
            "The Chair apologises for the missed views.; Your views will go to the next panel meeting.; Representatives will confirm in writing what they will pass on."
        )
    );
    // 3.8 appeal "within 14 working days". Day 0 is Wed 20 Jan 2027: Thu 21 (1), Fri 22 (2),
    // Mon 25 (3), Tue 26 (4), Wed 27 (5), Thu 28 (6), Fri 29 (7), Mon 1 Feb (8), Tue 2 (9),
    // Wed 3 (10), Thu 4 (11), Fri 5 (12), Mon 8 (13), Tue 9 Feb 2027 (14).
    assert_eq!(
        reply.says(Statement::EscalationRights),
        Some(
            "If you are not satisfied you may ask for Stage Two – Independent Review within 14 working days, that is by Tue 9 Feb 2027."
        )
    );
    assert_eq!(
        s.due("2027-01-20 10:00", Clock::EscalationWindow, "stage-1"),
        date(2027, 2, 9)
    );
    // Stage One is not the last stage, so the response does not yet speak of anywhere beyond.
    assert_eq!(reply.says(Statement::Ombudsman), None);
    // The response is final for Stage One.
    let refusal = s.refused("2027-01-21 10:00", response("upheld"));
    assert!(
        refusal
            .to_string()
            .contains("was answered on Wed 20 Jan 2027"),
        "{refusal}"
    );
}

// ---------------------------------------------------------------------------------------------
// Appeal to Stage Two (3.8, 3.10) and closure
// ---------------------------------------------------------------------------------------------

#[test]
fn the_appeal_window_crosses_easter() {
    let s = answered_on_24_march();
    // Answered Wed 24 Mar 2027 (day 0). 14 working days: Thu 25 (1), Fri 26 Good Friday, Sat 27,
    // Sun 28 and Mon 29 Easter Monday skipped, Tue 30 (2), Wed 31 (3), Thu 1 Apr (4), Fri 2 (5),
    // Mon 5 (6), Tue 6 (7), Wed 7 (8), Thu 8 (9), Fri 9 (10), Mon 12 (11), Tue 13 (12), Wed 14 (13),
    // Thu 15 Apr 2027 (14).
    assert_eq!(
        s.due("2027-03-24 11:00", Clock::EscalationWindow, "stage-1"),
        date(2027, 4, 15)
    );
    let Fact::Responded { letter, .. } = s.last() else {
        panic!("not answered")
    };
    assert!(
        letter
            .says(Statement::EscalationRights)
            .is_some_and(|t| t.ends_with("that is by Thu 15 Apr 2027."))
    );
    // The response was on the date the holding letter gave.
    assert!(matches!(
        s.status("2027-03-24 12:00", Clock::Response, "stage-1"),
        ClockStatus::Met { on_time: true, .. }
    ));
}

#[test]
fn an_appeal_before_the_response_is_refused() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    let refusal = s.refused(
        "2027-01-20 10:00",
        json!({"type": "request-escalation", "reasons": "Too slow.", "in_writing": true}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    assert!(
        refusal
            .to_string()
            .contains("may escalate after the response"),
        "{refusal}"
    );
}

#[test]
fn an_appeal_by_telephone_inside_the_window_moves_the_complaint_to_independent_review() {
    let mut s = answered_on_24_march();
    // The policy does not ask for the appeal in writing.
    let events = appeal("2027-04-01 10:00", &mut s);
    let Fact::EscalationRequested {
        from,
        to,
        window,
        late_reason,
        in_writing,
        ..
    } = &events[0].fact
    else {
        panic!("not escalated")
    };
    assert_eq!((from.as_str(), to.as_str()), ("stage-1", "stage-2"));
    assert!(!in_writing);
    // The window closes at the end of Thu 15 Apr 2027 (counted above).
    assert_eq!(window.map(|w| w.date), Some(date(2027, 4, 15)));
    assert_eq!(late_reason, &None);
    assert_eq!(s.stage(), "stage-2");
    assert_eq!(
        s.status("2027-04-01 11:00", Clock::EscalationWindow, "stage-1"),
        ClockStatus::Met {
            at: at("2027-04-01 10:00"),
            on_time: true
        }
    );
}

#[test]
fn an_appeal_late_in_the_evening_of_the_last_day_is_in_time() {
    let mut s = answered_on_24_march();
    // Thu 15 Apr 2027 is the last day (counted above); 23:30 BST is 22:30 UTC, still that day.
    let events = appeal("2027-04-15 23:30", &mut s);
    let Fact::EscalationRequested {
        window,
        late_reason,
        ..
    } = &events[0].fact
    else {
        panic!("not escalated")
    };
    assert_eq!(window.map(|w| w.at), Some(at("2027-04-15T23:00:00Z")));
    assert_eq!(late_reason, &None);
    assert_eq!(s.stage(), "stage-2");
}

#[test]
fn an_appeal_the_day_after_the_window_is_refused_unless_a_late_reason_is_recorded() {
    let mut s = answered_on_24_march();
    assert_eq!(
        s.status("2027-04-16 09:00", Clock::EscalationWindow, "stage-1"),
        ClockStatus::Lapsed
    );
    let late = json!({"type": "request-escalation", "reasons": "I do not accept the outcome.", "in_writing": true});
    let refusal = s.refused("2027-04-16 09:00", late.clone());
    assert_eq!(refusal.code.as_str(), "late");
    assert!(
        refusal.to_string().contains("end of Thu 15 Apr 2027"),
        "{refusal}"
    );
    assert!(
        refusal
            .to_string()
            .contains("14 working days after the response"),
        "{refusal}"
    );
    assert!(
        refusal
            .instead
            .as_deref()
            .is_some_and(|i| i.contains("late_reason")),
        "{refusal}"
    );
    // A blank reason is no reason.
    let mut blank = late.clone();
    blank["late_reason"] = json!("  ");
    assert_eq!(s.refused("2027-04-16 09:00", blank).code, "late");

    let mut excused = late;
    excused["late_reason"] = json!("The complainant was in hospital until 14 April.");
    let events = s.act("2027-04-16 09:00", excused);
    let Fact::EscalationRequested { late_reason, .. } = &events[0].fact else {
        panic!("not escalated")
    };
    assert_eq!(
        late_reason.as_deref(),
        Some("The complainant was in hospital until 14 April.")
    );
    assert_eq!(s.stage(), "stage-2");
}

#[test]
fn a_refused_late_appeal_lets_the_complaint_close() {
    let mut s = answered_on_24_march();
    let refusal = s.refused(
        "2027-04-23 10:00",
        json!({"type": "refuse-escalation", "reason": ""}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("reason"))
    );
    s.act(
        "2027-04-23 10:00",
        json!({"type": "refuse-escalation", "reason": "Asked a week after the window closed, with no reason for the delay."}),
    );
    s.act("2027-04-23 10:05", json!({"type": "close"}));
    assert_eq!(closed(&s), (Ending::Completed, None));
    assert_eq!(s.stage(), "stage-1");
}

#[test]
fn the_complaint_stays_open_while_the_complainant_may_still_appeal() {
    let s = answered_on_24_march();
    let refusal = s.refused("2027-04-15 17:00", json!({"type": "close"}));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    assert!(
        refusal
            .to_string()
            .contains("until the end of Thu 15 Apr 2027"),
        "{refusal}"
    );
    assert!(
        refusal
            .instead
            .as_deref()
            .is_some_and(|i| i.contains("complainant_satisfied")),
        "{refusal}"
    );

    // Unless the complainant says they are satisfied.
    let mut satisfied = answered_on_24_march();
    satisfied.act(
        "2027-03-25 10:00",
        json!({"type": "close", "complainant_satisfied": true, "note": "Happy with the apology."}),
    );
    assert_eq!(closed(&satisfied), (Ending::Completed, None));
    assert_eq!(
        satisfied.status("2027-03-26 10:00", Clock::EscalationWindow, "stage-1"),
        ClockStatus::NotNeeded
    );

    // Or the window has passed.
    let mut lapsed = answered_on_24_march();
    lapsed.act("2027-04-16 09:00", json!({"type": "close"}));
    assert_eq!(closed(&lapsed), (Ending::Completed, None));
}

// ---------------------------------------------------------------------------------------------
// Stage Two – Independent Review (3.11, 3.12)
// ---------------------------------------------------------------------------------------------

#[test]
fn an_independent_reviewer_from_outside_pips_recommends_whether_the_outcome_stands() {
    let mut s = answered_on_24_march();
    appeal("2027-04-01 10:00", &mut s);
    let events = s.act("2027-04-02 10:00", json!({"type": "acknowledge"}));
    assert!(
        letter(&events[0].fact)
            .says(Statement::NextSteps)
            .is_some_and(|t| t.contains("request to escalate your complaint")
                && t.contains("Stage Two – Independent Review")),
        "{events:?}"
    );
    // 3.11 "an appropriately experienced individual who is not a member of PIPS".
    let refusal = s.refused(
        "2027-04-06 10:00",
        json!({"type": "assign-handler", "name": "Sam Secretary", "role": "chair"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("role"))
    );
    assert!(
        refusal
            .to_string()
            .contains("Independent Reviewer (`independent-reviewer`)"),
        "{refusal}"
    );
    // Nor can the Chair who investigated Stage One review it under another title.
    let refusal = s.refused(
        "2027-04-06 10:00",
        json!({"type": "assign-handler", "name": "Pat Chair", "role": "independent-reviewer"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("conflict-of-interest", Some("name"))
    );
    assert!(
        refusal
            .to_string()
            .contains("Pat Chair handled Stage One – Complaint"),
        "{refusal}"
    );
    s.act(
        "2027-04-06 10:00",
        json!({"type": "assign-handler", "name": "Dr R Reviewer", "role": "independent-reviewer"}),
    );
    // Informal resolution comes before the formal stages.
    let refusal = s.refused(
        "2027-04-07 10:00",
        json!({"type": "resolve-informally", "summary": "Agreed."}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    // The policy gives Stage Two no timescale.
    assert!(
        s.deadlines("2027-04-07 10:00")
            .iter()
            .all(|d| d.stage.as_ref().is_none_or(|id| id.as_str() != "stage-2"))
    );

    // 3.12: (a) the outcome stands, or (b) changes to Stage One's outcome.
    let refusal = s.refused("2027-05-10 10:00", response("upheld"));
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("outcome"))
    );
    assert!(
        refusal
            .to_string()
            .contains("outcome-stands, outcome-changed"),
        "{refusal}"
    );
    let mut investigated = response("outcome-changed");
    investigated["mode"] = json!("investigation");
    let refusal = s.refused("2027-05-10 10:00", investigated);
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("mode"))
    );

    let events = s.act(
        "2027-05-10 10:00",
        json!({
            "type": "respond",
            "outcome": "outcome-changed",
            "mode": "review",
            "findings": "The investigation was sound but the complaint should have been upheld in full.",
            "remedies": [{"kind": "explanation", "description": "A written explanation of the panel's process."}]
        }),
    );
    let review = letter(&events[0].fact);
    assert_eq!(
        review.says(Statement::Outcome),
        Some("Outcome: outcome-changed.")
    );
    assert_eq!(
        review.says(Statement::EscalationRights),
        Some("Stage Two – Independent Review is the final stage of our procedure.")
    );
    // No ombudsman is named in the policy.
    assert_eq!(
        review.says(Statement::Ombudsman),
        Some("Our procedure ends here.")
    );

    let refusal = s.refused(
        "2027-05-11 10:00",
        json!({"type": "request-escalation", "reasons": "Still unhappy.", "in_writing": true}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    assert!(refusal.to_string().contains("final stage"), "{refusal}");
    assert!(
        refusal
            .to_string()
            .contains("nowhere further within the procedure"),
        "{refusal}"
    );
    // With no further stage there is no window to wait for.
    s.act("2027-05-11 10:00", json!({"type": "close"}));
    assert_eq!(closed(&s), (Ending::Completed, None));
}

// ---------------------------------------------------------------------------------------------
// Withdrawal and what the policy does not have
// ---------------------------------------------------------------------------------------------

#[test]
fn a_withdrawn_complaint_closes_and_nothing_more_is_done_on_it() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    s.act(
        "2026-12-21 10:00",
        json!({"type": "withdraw", "reason": "Sorted out with the representative."}),
    );
    assert!(matches!(
        s.events[s.events.len() - 2].fact,
        Fact::Withdrawn { .. }
    ));
    assert_eq!(closed(&s), (Ending::Withdrawn, None));
    assert_eq!(
        s.status("2027-02-02 10:00", Clock::Response, "stage-1"),
        ClockStatus::NotNeeded
    );
    let refusal = s.refused("2026-12-22 10:00", response("upheld"));
    assert_eq!(refusal.code.as_str(), "closed");
    // The policy does not ask for an internal review after withdrawal.
    let refusal = s.refused(
        "2026-12-22 10:00",
        json!({"type": "decide-internal-review", "needed": false, "note": "n/a"}),
    );
    assert_eq!(refusal.code.as_str(), "not-in-procedure");
}

#[test]
fn the_policy_has_no_behaviour_measures() {
    let mut s = pips();
    s.receive("2026-12-16 10:00", json!({}));
    let refusal = s.refused(
        "2026-12-17 10:00",
        json!({"type": "warn-behaviour", "reason": "Abusive e-mails."}),
    );
    assert_eq!(refusal.code.as_str(), "not-in-procedure");
}

// ---------------------------------------------------------------------------------------------
// Compliments (3.1, 4.1)
// ---------------------------------------------------------------------------------------------

fn compliment(channel: &str, complainant: Value) -> Value {
    json!({
        "type": "receive",
        "reference": "PIPS-2026-0003",
        "submission": {
            "kind": "compliment",
            "channel": channel,
            "complainant": complainant,
            "what_happened": "Thank you to the representative who came to the SEND forum with us."
        }
    })
}

#[test]
fn a_compliment_is_recorded_by_the_information_officer_and_passed_to_the_chair() {
    let mut s = pips();
    // A verbal compliment to the Information Officer, in person.
    s.act(
        "2026-12-19 11:00",
        compliment("face-to-face", json!({"name": "A Parent"})),
    );
    let Fact::Received { first_stage, .. } = s.last() else {
        panic!("not received")
    };
    assert_eq!(first_stage, &None);
    // No reply is promised, and compliments have no complaint clocks.
    assert!(s.deadlines("2026-12-19 11:00").is_empty());
    let refusal = s.refused("2026-12-21 10:00", json!({"type": "acknowledge"}));
    assert!(
        refusal.to_string().contains("this is a compliment"),
        "{refusal}"
    );

    let refusal = s.refused(
        "2026-12-21 10:00",
        json!({"type": "pass-on", "to": "information-officer"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("to"))
    );
    assert!(
        refusal
            .to_string()
            .contains("pass it to the Chair (`chair`)"),
        "{refusal}"
    );
    let refusal = s.refused("2026-12-21 10:00", json!({"type": "pass-on"}));
    assert_eq!(refusal.field, Some("to"));
    s.act(
        "2026-12-21 10:00",
        json!({"type": "pass-on", "to": "chair"}),
    );
    assert_eq!(
        s.refused(
            "2026-12-21 10:05",
            json!({"type": "pass-on", "to": "chair"})
        )
        .code,
        "not-allowed-now"
    );
    // Compliments are logged, not published.
    assert_eq!(
        s.refused("2026-12-21 10:05", json!({"type": "publish"}))
            .code,
        "not-in-procedure"
    );
    s.act(
        "2026-12-21 10:10",
        json!({"type": "close", "note": "Logged on the Compliments Form."}),
    );
    assert_eq!(closed(&s), (Ending::Acknowledged, None));
}

#[test]
fn an_anonymous_written_compliment_is_recorded_too() {
    let mut s = pips();
    s.act("2026-12-19 11:00", compliment("email", Value::Null));
    s.act(
        "2026-12-21 10:00",
        json!({"type": "pass-on", "to": "chair"}),
    );
    s.act("2026-12-21 10:10", json!({"type": "close"}));
    assert_eq!(closed(&s).0, Ending::Acknowledged);
}
