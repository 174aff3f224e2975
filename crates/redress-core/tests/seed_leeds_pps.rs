//! Scenario tests for Leeds Parent Partnership Service (seed 003): cases walked through every
//! path its "Parent Partnership Service Compliments and Complaints Procedure" describes, run on
//! the shipped `procedures/leeds-pps.toml`.
//!
//! The procedure has three steps after the first response and names them confusingly: the
//! Advisory Board review is called "Stage two" in its own paragraph, and the next heading, "Stage
//! Two", is the Education Leeds Strategic Link. The file's stage ids are `stage-1`,
//! `advisory-board` and `strategic-link`. Every date is counted by hand, day by day, in the
//! comment above its assertion: the day of receipt is day 0, "within N working days" ends at the
//! close of the Nth working day after it, and "two weeks" is fourteen calendar days (DESIGN §4).

mod common;

use common::{Scenario, date};
use redress_core::case::{Clock, ClockStatus, Ending, Fact, Refusal, verify_panel};
use redress_core::letters::Letter;
use redress_core::procedure::Statement;
use serde_json::{Value, json};

const FILE: &str = "leeds-pps.toml";
const STAGE_1: &str = "stage-1";
const BOARD: &str = "advisory-board";
const LINK: &str = "strategic-link";

fn new_case() -> Scenario {
    Scenario::new(FILE)
}

/// The letter an acknowledgement or response sent.
fn letter(fact: &Fact) -> &Letter {
    match fact {
        Fact::Acknowledged { letter, .. } | Fact::Responded { letter, .. } => letter,
        other => panic!("no letter in {other:?}"),
    }
}

/// Asserts a refusal's code and field, and that its words contain `words`.
fn assert_refused(refusal: &Refusal, code: &str, field: Option<&str>, words: &str) {
    assert_eq!(refusal.code.as_str(), code, "{refusal}");
    assert_eq!(refusal.field, field, "{refusal}");
    assert!(
        refusal.to_string().contains(words),
        "expected {words:?} in: {refusal}"
    );
}

fn is_met(status: ClockStatus, expected_on_time: bool) -> bool {
    matches!(status, ClockStatus::Met { on_time, .. } if on_time == expected_on_time)
}

/// The acknowledgement with the contact details the procedure file leaves to the officer.
fn acknowledgement() -> Value {
    json!({"type": "acknowledge", "handler_name": "Pat Smith",
        "phone": "0113 000 0000", "email": "parent.partnership@example.org"})
}

fn response(outcome: &str) -> Value {
    json!({"type": "respond", "outcome": outcome,
        "findings": "The adviser's messages were not passed on while she was on leave."})
}

/// Telling the service of the intention to go further: no form and no time limit is set.
fn intention() -> Value {
    json!({"type": "request-escalation", "in_writing": false})
}

// ------------------------------------------------------------------------------------------
// Receipt
// ------------------------------------------------------------------------------------------

#[test]
fn a_complaint_may_be_made_face_to_face_by_phone_letter_form_fax_email_or_on_the_web() {
    // "Face to face; over the phone; by letter; by feed back form; by fax or email; on line via
    // the web."
    for channel in [
        "face-to-face",
        "phone",
        "letter",
        "form",
        "fax",
        "email",
        "web",
    ] {
        let mut s = new_case();
        s.receive("2026-12-23 10:00", json!({ "channel": channel }));
        assert_eq!(s.stage(), STAGE_1, "{channel}");
    }
}

#[test]
fn feedback_through_social_media_or_passed_on_by_another_body_is_refused_with_the_ways_accepted() {
    let s = new_case();
    for channel in ["social-media", "referral", "via-staff"] {
        let refusal = s.refused(
            "2026-12-23 10:00",
            json!({"type": "receive", "submission": common::complaint(json!({ "channel": channel }))}),
        );
        assert_refused(
            &refusal,
            "invalid",
            Some("channel"),
            "accepted channels: face-to-face, phone, letter, form, fax, email, web",
        );
    }
}

#[test]
fn a_comment_is_refused_as_a_kind_because_leeds_takes_compliments_complaints_and_suggestions() {
    let s = new_case();
    let refusal = s.refused(
        "2026-12-23 10:00",
        json!({"type": "receive", "submission": common::complaint(json!({ "kind": "comment" }))}),
    );
    assert_refused(
        &refusal,
        "invalid",
        Some("kind"),
        "it takes: compliment, complaint, suggestion",
    );
}

#[test]
fn the_procedure_sets_no_time_limit_and_no_exclusions() {
    let mut s = new_case();
    s.receive("2026-12-23 10:00", json!({ "happened_on": "2023-05-08" }));
    assert_eq!(s.case.time_limit, None);
    // Nothing can be out of scope here, so no scope decision is offered at all: not out of
    // time, not excluded, and not a pointless "in scope".
    for decision in [
        json!({"decision": "out-of-time"}),
        json!({"decision": "excluded", "exclusion": "data-protection"}),
        json!({"decision": "in-scope"}),
    ] {
        let refused = s.refused(
            "2026-12-24 10:00",
            json!({"type": "decide-scope", "decision": decision}),
        );
        assert_refused(
            &refused,
            "not-allowed-now",
            None,
            "this procedure lists no exclusions",
        );
    }
}

#[test]
fn an_anonymous_complaint_is_recorded_at_stage_one() {
    // The procedure is silent on anonymous complaints; a careful officer records them.
    let mut s = new_case();
    s.receive(
        "2026-12-23 10:00",
        json!({ "complainant": null, "channel": "form" }),
    );
    assert_eq!(s.stage(), STAGE_1);
    assert!(
        s.case
            .submission
            .as_ref()
            .is_some_and(|sub| sub.complainant.is_none())
    );
}

// ------------------------------------------------------------------------------------------
// Resolving it at the time
// ------------------------------------------------------------------------------------------

#[test]
fn a_concern_resolved_at_the_time_by_a_member_of_staff_closes_without_the_formal_procedure() {
    // "Where a member of staff has the authority to resolve the matter they will do so."
    let mut s = new_case();
    s.receive("2026-12-23 10:00", json!({ "channel": "face-to-face" }));
    let events = s.act(
        "2026-12-23 10:20",
        json!({"type": "resolve-informally", "summary": "The adviser rebooked the missed visit there and then."}),
    );
    assert!(matches!(events[0].fact, Fact::ResolvedInformally { .. }));
    assert!(matches!(
        events[1].fact,
        Fact::Closed {
            how: Ending::ResolvedInformally,
            delete_after: None,
            ..
        }
    ));
    assert_eq!(
        s.status("2026-12-31 10:00", Clock::Acknowledgement, STAGE_1),
        ClockStatus::NotNeeded
    );
    assert_eq!(
        s.status("2027-01-19 10:00", Clock::Response, STAGE_1),
        ClockStatus::NotNeeded
    );
}

#[test]
fn the_procedure_offers_no_mediation() {
    let mut s = new_case();
    s.receive("2026-12-23 10:00", json!({}));
    let refusal = s.refused(
        "2026-12-24 10:00",
        json!({"type": "offer-mediation", "by": "coordinator"}),
    );
    assert_refused(
        &refusal,
        "not-in-procedure",
        None,
        "the procedure offers no mediation at Stage One",
    );
}

// ------------------------------------------------------------------------------------------
// Stage One: acknowledged in 3 working days, response in 15, updates every two weeks
// ------------------------------------------------------------------------------------------

#[test]
fn the_acknowledgement_names_the_handler_gives_a_phone_and_email_and_the_response_date() {
    let mut s = new_case();
    s.receive("2026-12-23 10:00", json!({}));
    // "acknowledged in writing within 3 working days of receipt". Day 0 Wed 23 Dec 2026; Thu 24
    // (1), Fri 25 Christmas Day, Sat 26, Sun 27, Mon 28 Boxing Day (substitute) skipped, Tue 29
    // (2), Wed 30 Dec (3).
    assert_eq!(
        s.due("2026-12-23 10:00", Clock::Acknowledgement, STAGE_1),
        date(2026, 12, 30)
    );
    // "a date by which the complainant can expect to receive a substantive response ... This is
    // 15 working days." Day 0 Wed 23 Dec; Thu 24 (1), [25-28 skipped], Tue 29 (2), Wed 30 (3), Thu
    // 31 (4), Fri 1 Jan New Year's Day, Sat 2, Sun 3 skipped, Mon 4 (5), Tue 5 (6), Wed 6 (7), Thu 7
    // (8), Fri 8 (9), Mon 11 (10), Tue 12 (11), Wed 13 (12), Thu 14 (13), Fri 15 (14), Mon 18 Jan
    // 2027 (15).
    assert_eq!(
        s.due("2026-12-23 10:00", Clock::Response, STAGE_1),
        date(2027, 1, 18)
    );

    // The procedure file prints no number or address, so the officer must give them.
    let mut no_phone = acknowledgement();
    no_phone["phone"] = Value::Null;
    assert_refused(
        &s.refused("2026-12-24 09:00", no_phone),
        "missing",
        Some("phone"),
        "contact telephone number",
    );
    let mut no_email = acknowledgement();
    no_email["email"] = Value::Null;
    assert_refused(
        &s.refused("2026-12-24 09:00", no_email),
        "missing",
        Some("email"),
        "contact e-mail address",
    );

    s.act("2026-12-24 09:00", acknowledgement());
    let ack = letter(s.last());
    assert_eq!(
        ack.says(Statement::Handler),
        Some("Pat Smith (Parent Partnership Service Co-ordinator) is dealing with your complaint.")
    );
    assert_eq!(ack.says(Statement::Phone), Some("Telephone: 0113 000 0000"));
    assert_eq!(
        ack.says(Statement::Email),
        Some("E-mail: parent.partnership@example.org")
    );
    // The response date counted above.
    assert_eq!(
        ack.says(Statement::ResponseDue),
        Some("You can expect a full response by Mon 18 Jan 2027.")
    );
    assert_eq!(
        ack.says(Statement::NextSteps),
        Some(
            "Leeds Parent Partnership Service has received your complaint and is following its complaints procedure: Stage One."
        )
    );
    assert!(is_met(
        s.status("2026-12-24 09:00", Clock::Acknowledgement, STAGE_1),
        true
    ));
}

#[test]
fn an_acknowledgement_on_the_last_day_is_in_time_and_without_a_name_it_names_the_coordinator_role()
{
    let mut s = new_case();
    s.receive("2026-12-23 10:00", json!({}));
    // The last day is Wed 30 Dec 2026, counted in the test above.
    assert_eq!(
        s.status("2026-12-30 23:59", Clock::Acknowledgement, STAGE_1),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2026-12-31 00:00", Clock::Acknowledgement, STAGE_1),
        ClockStatus::Overdue
    );
    let mut anonymous_handler = acknowledgement();
    anonymous_handler["handler_name"] = Value::Null;
    s.act("2026-12-30 17:30", anonymous_handler);
    assert!(is_met(
        s.status("2026-12-30 17:30", Clock::Acknowledgement, STAGE_1),
        true
    ));
    assert_eq!(
        letter(s.last()).says(Statement::Handler),
        Some("The Parent Partnership Service Co-ordinator is dealing with your complaint.")
    );
}

#[test]
fn an_investigating_officer_may_deal_with_the_complaint_and_is_named_in_the_acknowledgement() {
    // "who is dealing with the complaint (the Co-ordinator or investigating officer)".
    let mut s = new_case();
    s.receive("2026-12-23 10:00", json!({}));
    let chair = s.refused(
        "2026-12-23 11:00",
        json!({"type": "assign-handler", "name": "Kim Chair", "role": "board-chair"}),
    );
    assert_refused(
        &chair,
        "invalid",
        Some("role"),
        "assign someone acting as: Parent Partnership Service Co-ordinator (`coordinator`), Investigating officer (`investigating-officer`)",
    );
    s.act(
        "2026-12-23 11:00",
        json!({"type": "assign-handler", "name": "Lee Jones", "role": "investigating-officer"}),
    );
    let mut ack = acknowledgement();
    ack["handler_name"] = Value::Null;
    s.act("2026-12-24 09:00", ack);
    assert_eq!(
        letter(s.last()).says(Statement::Handler),
        Some("Lee Jones (Investigating officer) is dealing with your complaint.")
    );
}

#[test]
fn a_complaint_about_the_coordinator_is_not_handled_by_the_coordinator_named() {
    // The procedure has no conflict rule, so the complaint stays at Stage One; whoever is named
    // in it still may not handle it.
    let mut s = new_case();
    s.receive(
        "2026-12-23 10:00",
        json!({ "people_named": [{ "name": "Pat Smith", "role": "coordinator" }] }),
    );
    assert_eq!(s.stage(), STAGE_1);
    let Fact::Received { conflicts, .. } = s.last() else {
        panic!("not received")
    };
    assert!(conflicts.is_empty());
    let refusal = s.refused(
        "2026-12-23 11:00",
        json!({"type": "assign-handler", "name": "Pat Smith", "role": "coordinator"}),
    );
    assert_refused(
        &refusal,
        "conflict-of-interest",
        Some("name"),
        "Pat Smith is named in the complaint and cannot handle it",
    );
    assert!(
        refusal
            .to_string()
            .contains("assign someone not named in the complaint"),
        "{refusal}"
    );
    s.act(
        "2026-12-23 11:00",
        json!({"type": "assign-handler", "name": "Lee Jones", "role": "investigating-officer"}),
    );
}

#[test]
fn a_web_form_sent_late_on_easter_saturday_counts_from_the_tuesday_after_easter() {
    let mut s = new_case();
    s.receive("2027-03-27 23:45", json!({ "channel": "web" }));
    // Received Sat 27 Mar 2027 at 23:45 GMT. Sun 28 Mar (clocks go forward) and Mon 29 Mar Easter
    // Monday are not working days, so day 0 is Tue 30 Mar. Acknowledge: Wed 31 (1), Thu 1 Apr (2),
    // Fri 2 Apr (3).
    assert_eq!(
        s.due("2027-03-27 23:45", Clock::Acknowledgement, STAGE_1),
        date(2027, 4, 2)
    );
    // Respond: Wed 31 (1), Thu 1 (2), Fri 2 (3), Mon 5 (4), Tue 6 (5), Wed 7 (6), Thu 8 (7), Fri 9
    // (8), Mon 12 (9), Tue 13 (10), Wed 14 (11), Thu 15 (12), Fri 16 (13), Mon 19 (14), Tue 20 Apr
    // 2027 (15).
    assert_eq!(
        s.due("2027-03-27 23:45", Clock::Response, STAGE_1),
        date(2027, 4, 20)
    );
    s.act("2027-03-30 09:00", acknowledgement());
    assert_eq!(
        letter(s.last()).says(Statement::ResponseDue),
        Some("You can expect a full response by Tue 20 Apr 2027.")
    );
}

#[test]
fn a_lengthy_investigation_owes_an_update_at_least_every_two_weeks_after_the_response_date() {
    let mut s = new_case();
    s.receive("2026-12-23 10:00", json!({}));
    s.act("2026-12-24 09:00", acknowledgement());
    // Response due Mon 18 Jan 2027 (counted in the acknowledgement test). An update sent before
    // then, saying the investigation will take longer, does not start the rhythm early.
    s.act(
        "2027-01-15 10:00",
        json!({"type": "send-update", "summary": "We need to speak to two more people."}),
    );
    let owed = |s: &Scenario, now: &str| s.deadlines(now).iter().any(|d| d.clock == Clock::Update);
    assert!(!owed(&s, "2027-01-18 23:59"));
    // "regular updates at least every two weeks" once the 15 working days have run out: two weeks
    // from Mon 18 Jan 2027 (day 0) is Mon 1 Feb 2027 (18 + 14 = 32 = 31 Jan + 1).
    assert_eq!(
        s.status("2027-01-19 00:00", Clock::Response, STAGE_1),
        ClockStatus::Overdue
    );
    let first_update = s.deadline("2027-01-19 00:00", Clock::Update, Some(STAGE_1));
    assert_eq!(first_update.due.date, date(2027, 2, 1));
    assert!(
        first_update
            .why
            .contains("2 weeks after Mon 18 Jan 2027 (day 0)"),
        "{}",
        first_update.why
    );
    assert_eq!(
        s.status("2027-02-01 23:59", Clock::Update, STAGE_1),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2027-02-02 00:00", Clock::Update, STAGE_1),
        ClockStatus::Overdue
    );

    // The response date cannot be moved by holding letter: the procedure only promises updates.
    let extend = s.refused(
        "2027-01-20 10:00",
        json!({"type": "extend-deadline", "new_date": "2027-02-12", "reason": "complex"}),
    );
    assert_refused(
        &extend,
        "not-in-procedure",
        None,
        "send a progress update (send-update)",
    );

    let empty = s.refused(
        "2027-01-28 10:00",
        json!({"type": "send-update", "summary": ""}),
    );
    assert_refused(
        &empty,
        "missing",
        Some("summary"),
        "summary must not be empty",
    );
    s.act(
        "2027-01-28 10:00",
        json!({"type": "send-update", "summary": "Interviews finished; writing up."}),
    );
    // Two weeks from Thu 28 Jan 2027 (day 0): 28 + 14 = 42 = 31 Jan + 11, Thu 11 Feb 2027.
    assert_eq!(
        s.due("2027-01-28 10:00", Clock::Update, STAGE_1),
        date(2027, 2, 11)
    );
    assert_eq!(
        s.status("2027-02-12 00:00", Clock::Update, STAGE_1),
        ClockStatus::Overdue
    );

    s.act("2027-02-05 15:00", response("upheld"));
    // The response was late, and once it is sent no more updates are owed.
    assert!(is_met(
        s.status("2027-02-05 15:00", Clock::Response, STAGE_1),
        false
    ));
    assert!(!owed(&s, "2027-03-01 10:00"));
}

#[test]
fn a_first_response_is_refused_without_findings_or_with_an_outcome_stage_one_cannot_reach() {
    let mut s = new_case();
    s.receive("2027-02-25 10:00", json!({}));
    let mut no_findings = response("upheld");
    no_findings["findings"] = json!("");
    assert_refused(
        &s.refused("2027-03-10 10:00", no_findings),
        "missing",
        Some("findings"),
        "findings must not be empty",
    );
    assert_refused(
        &s.refused("2027-03-10 10:00", response("resolved")),
        "invalid",
        Some("outcome"),
        "its outcomes are: upheld, partly-upheld, not-upheld",
    );
    assert_refused(
        &s.refused(
            "2027-03-10 10:00",
            json!({"type": "respond", "outcome": "upheld", "findings": "x", "mode": "mediation"}),
        ),
        "invalid",
        Some("mode"),
        "its modes are: investigation",
    );
}

// ------------------------------------------------------------------------------------------
// The Advisory Board ("Stage two") and the Education Leeds Strategic Link ("Stage Two")
// ------------------------------------------------------------------------------------------

/// A complaint by web form received Thu 25 Feb 2027, acknowledged, and answered on its last
/// day, Thu 18 Mar 2027. It names a member of the Advisory Board and, loosely spelt, another.
fn answered_on_18_march() -> Scenario {
    let mut s = new_case();
    s.receive(
        "2027-02-25 10:00",
        json!({ "channel": "web", "people_named": [
            { "name": "Chris Board", "member_id": "AB2" },
            { "name": "dana  MEMBER" }
        ]}),
    );
    // Acknowledge: day 0 Thu 25 Feb 2027; Fri 26 (1), Mon 1 Mar (2), Tue 2 Mar (3).
    assert_eq!(
        s.due("2027-02-25 10:00", Clock::Acknowledgement, STAGE_1),
        date(2027, 3, 2)
    );
    // Respond: Fri 26 Feb (1), Mon 1 Mar (2), Tue 2 (3), Wed 3 (4), Thu 4 (5), Fri 5 (6), Mon 8
    // (7), Tue 9 (8), Wed 10 (9), Thu 11 (10), Fri 12 (11), Mon 15 (12), Tue 16 (13), Wed 17 (14),
    // Thu 18 Mar 2027 (15).
    assert_eq!(
        s.due("2027-02-25 10:00", Clock::Response, STAGE_1),
        date(2027, 3, 18)
    );
    s.act("2027-02-26 09:00", acknowledgement());
    s.act("2027-03-18 16:00", response("not-upheld"));
    assert!(is_met(
        s.status("2027-03-18 16:00", Clock::Response, STAGE_1),
        true
    ));
    s
}

fn board_list() -> Value {
    json!([
        { "id": "AB1", "name": "Ash Patel" },
        { "id": "AB2", "name": "Chris Board" },
        { "id": "AB3", "name": "Jo Green" },
        { "id": "AB4", "name": "Dana Member" },
        { "id": "AB5", "name": "Rae Hill" },
        { "id": "AB6", "name": "Sol Khan" },
        { "id": "AB7", "name": "Tam Reid" },
        { "id": "AB8", "name": "Uma Shah" }
    ])
}

#[test]
fn the_first_response_tells_the_complainant_they_may_take_it_to_the_advisory_board() {
    let s = answered_on_18_march();
    let answer = letter(s.last());
    assert_eq!(
        answer.says(Statement::Outcome),
        Some("Outcome: not-upheld.")
    );
    assert_eq!(
        answer.says(Statement::Findings),
        Some("The adviser's messages were not passed on while she was on leave.")
    );
    // "If complainants are still dissatisfied with the response they must be informed of their
    // right to take the complaint further."
    assert_eq!(
        answer.says(Statement::EscalationRights),
        Some("If you are not satisfied you may ask for Advisory Board review.")
    );
    assert_eq!(answer.says(Statement::Ombudsman), None);
    // No time limit is set for saying so, so there is no window to watch.
    assert!(
        s.deadlines("2027-03-18 16:00")
            .iter()
            .all(|d| d.clock != Clock::EscalationWindow)
    );
}

#[test]
fn indicating_the_intention_to_go_further_is_enough_even_by_phone_and_months_later() {
    let s = answered_on_18_march();
    let later = s
        .try_act("2027-09-01 10:00", intention())
        .expect("no time limit");
    let Fact::EscalationRequested {
        to,
        window,
        late_reason,
        in_writing,
        ..
    } = &later[0].fact
    else {
        panic!("not escalated")
    };
    assert_eq!(to.as_str(), BOARD);
    assert_eq!(
        (*window, late_reason.clone(), *in_writing),
        (None, None, false)
    );

    let mut early = new_case();
    early.receive("2027-02-25 10:00", json!({}));
    let before = early.refused("2027-03-10 10:00", intention());
    assert_refused(
        &before,
        "not-allowed-now",
        None,
        "Stage One has not been answered yet",
    );
}

#[test]
fn the_advisory_board_panel_of_three_leaves_out_anyone_named_and_the_draw_can_be_checked() {
    let mut s = answered_on_18_march();
    s.act("2027-03-22 10:00", intention());
    assert_eq!(s.stage(), BOARD);
    // "The review will be carried out within 15 working days of the complainant indicating their
    // intention". Day 0 Mon 22 Mar 2027; Tue 23 (1), Wed 24 (2), Thu 25 (3), Fri 26 Good Friday,
    // Sat 27, Sun 28, Mon 29 Easter Monday skipped, Tue 30 (4), Wed 31 (5), Thu 1 Apr (6), Fri 2
    // (7), Mon 5 (8), Tue 6 (9), Wed 7 (10), Thu 8 (11), Fri 9 (12), Mon 12 (13), Tue 13 (14), Wed
    // 14 Apr 2027 (15).
    assert_eq!(
        s.due("2027-03-22 10:00", Clock::Response, BOARD),
        date(2027, 4, 14)
    );

    // "given consideration by three representatives": a panel, not one handler.
    let assign = s.refused(
        "2027-03-23 10:00",
        json!({"type": "assign-handler", "name": "Ash Patel", "role": "board-chair"}),
    );
    assert_refused(
        &assign,
        "not-allowed-now",
        None,
        "draw the panel (draw-panel)",
    );
    let early = s.refused("2027-03-23 10:00", response("not-upheld"));
    assert_refused(&early, "not-allowed-now", None, "none has been drawn");

    // Chris Board (AB2, by member id) and Dana Member (AB4, by name) are named in the complaint,
    // and Rae Hill (AB5) is ill. With only four members listed, one would be left to serve.
    let small = json!([
        { "id": "AB1", "name": "Ash Patel" }, { "id": "AB2", "name": "Chris Board" },
        { "id": "AB4", "name": "Dana Member" }, { "id": "AB5", "name": "Rae Hill" }
    ]);
    let too_few = s.refused(
        "2027-03-23 10:00",
        json!({"type": "draw-panel", "candidates": small, "declined": [{ "member_id": "AB5", "reason": "illness" }], "seed": 7}),
    );
    assert_refused(
        &too_few,
        "invalid",
        Some("candidates"),
        "a panel of 3 is needed but only 1 of the advisory-board list can serve",
    );
    let stranger = s.refused(
        "2027-03-23 10:00",
        json!({"type": "draw-panel", "candidates": board_list(), "declined": [{ "member_id": "ZZ9", "reason": "illness" }], "seed": 7}),
    );
    assert_refused(
        &stranger,
        "invalid",
        Some("declined.member_id"),
        "`ZZ9` is not among the candidates",
    );

    s.act(
        "2027-03-23 10:00",
        json!({"type": "draw-panel", "candidates": board_list(), "declined": [{ "member_id": "AB5", "reason": "illness" }], "seed": 20270323}),
    );
    let drawn_fact = s.last().clone();
    let Fact::PanelDrawn {
        number,
        excluded,
        drawn,
        candidates,
        ..
    } = &drawn_fact
    else {
        panic!("no panel")
    };
    assert_eq!(number.as_deref(), Some("T-0001"));
    assert_eq!(candidates.len(), 8);
    assert_eq!(
        serde_json::to_value(excluded).unwrap(),
        json!([
            { "member_id": "AB2", "reason": "named in the complaint (Chris Board)" },
            { "member_id": "AB4", "reason": "named in the complaint (dana  MEMBER)" },
            { "member_id": "AB5", "reason": "illness" }
        ])
    );
    assert_eq!(drawn.len(), 3);
    for member in drawn {
        assert!(
            ["AB1", "AB3", "AB6", "AB7", "AB8"].contains(&member.id.as_str()),
            "{member:?} may not serve"
        );
    }
    assert!(drawn[0] != drawn[1] && drawn[1] != drawn[2] && drawn[0] != drawn[2]);
    // Anyone holding the event can re-run the draw; a panel other than the one drawn fails.
    assert!(verify_panel(&drawn_fact));
    let mut tampered = drawn_fact.clone();
    if let Fact::PanelDrawn { drawn, .. } = &mut tampered {
        drawn.reverse();
    }
    assert!(!verify_panel(&tampered));
    assert_eq!(
        s.case.current_stage().map(|r| r.panel.clone()),
        Some(drawn.clone())
    );

    s.act("2027-04-14 17:00", response("partly-upheld"));
    assert!(is_met(
        s.status("2027-04-14 17:00", Clock::Response, BOARD),
        true
    ));
    assert_eq!(
        letter(s.last()).says(Statement::EscalationRights),
        Some(
            "If you are not satisfied you may ask for Stage Two – Education Leeds Strategic Link."
        )
    );
}

#[test]
fn the_board_response_is_late_from_midnight_after_its_fifteenth_working_day() {
    let mut s = answered_on_18_march();
    s.act("2027-03-22 10:00", intention());
    // Due Wed 14 Apr 2027 (counted in the panel test); midnight BST ends it.
    assert_eq!(
        s.status("2027-04-14T22:59:00Z", Clock::Response, BOARD),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2027-04-14T23:00:00Z", Clock::Response, BOARD),
        ClockStatus::Overdue
    );
}

/// The complaint at the Advisory Board, answered on Wed 14 Apr 2027.
fn answered_by_the_board() -> Scenario {
    let mut s = answered_on_18_march();
    s.act("2027-03-22 10:00", intention());
    s.act(
        "2027-03-23 10:00",
        json!({"type": "draw-panel", "candidates": board_list(), "seed": 1}),
    );
    s.act("2027-04-14 12:00", response("not-upheld"));
    s
}

#[test]
fn the_strategic_link_is_asked_only_on_the_ground_that_the_matter_was_not_dealt_with_fairly() {
    let mut s = answered_by_the_board();
    // "If the complainant still believes that the matter has not been dealt with fairly they can
    // refer the complaint to Education Leeds Strategic Link".
    let no_ground = s.refused("2027-04-20 10:00", intention());
    assert_refused(
        &no_ground,
        "missing",
        Some("grounds"),
        "give at least one of the grounds: handling",
    );
    let mut outcome = intention();
    outcome["grounds"] = json!(["outcome"]);
    assert_refused(
        &s.refused("2027-04-20 10:00", outcome),
        "invalid",
        Some("grounds"),
        "the grounds are: handling",
    );
    let mut handling = intention();
    handling["grounds"] = json!(["handling"]);
    handling["reasons"] = json!("The Board never spoke to me.");
    s.act("2027-04-20 10:00", handling);
    let Fact::EscalationRequested { from, to, .. } = s.last() else {
        panic!("not escalated")
    };
    assert_eq!((from.as_str(), to.as_str()), (BOARD, LINK));
}

#[test]
fn the_strategic_link_checks_fairness_without_a_timescale_and_then_the_ombudsman() {
    let mut s = answered_by_the_board();
    let mut handling = intention();
    handling["grounds"] = json!(["handling"]);
    s.act("2027-04-20 10:00", handling);
    assert_eq!(s.stage(), LINK);
    // "The procedure gives this stage no timescale": nothing falls due at it.
    assert!(
        s.deadlines("2027-09-01 10:00")
            .iter()
            .all(|d| d.stage.as_ref().is_none_or(|id| id.as_str() != LINK))
    );
    let wrong = s.refused(
        "2027-04-21 10:00",
        json!({"type": "assign-handler", "name": "Pat Smith", "role": "coordinator"}),
    );
    assert_refused(
        &wrong,
        "invalid",
        Some("role"),
        "Education Leeds Strategic Link for the Parent Partnership Service (`strategic-link`)",
    );
    s.act(
        "2027-04-21 10:00",
        json!({"type": "assign-handler", "name": "Robin Link", "role": "strategic-link"}),
    );

    s.act(
        "2027-05-20 10:00",
        json!({"type": "respond", "outcome": "not-upheld", "mode": "review",
            "findings": "Correct procedures were followed, the complainant was treated fairly, and statutory regulations were adhered to."}),
    );
    let decision = letter(s.last());
    assert_eq!(
        decision.says(Statement::EscalationRights),
        Some("Stage Two – Education Leeds Strategic Link is the final stage of our procedure.")
    );
    // "If the complainant still feels the matter has not been dealt with fairly the complainant
    // can contact the Local Government Ombudsman".
    assert_eq!(
        decision.says(Statement::Ombudsman),
        Some(
            "If you remain dissatisfied you may contact the Local Government Ombudsman once our procedure is complete."
        )
    );
    let further = s.refused("2027-05-21 10:00", intention());
    assert_refused(
        &further,
        "not-allowed-now",
        None,
        "the complainant may go to the Local Government Ombudsman",
    );

    s.act("2027-05-21 10:00", json!({"type": "close"}));
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Completed,
            delete_after: None,
            ..
        }
    ));
    assert!(
        s.deadlines("2027-05-21 10:00")
            .iter()
            .all(|d| d.clock != Clock::Deletion)
    );
    s.act(
        "2027-06-01 10:00",
        json!({"type": "refer-externally", "body": "Local Government Ombudsman"}),
    );
    assert_eq!(
        s.case.referred_to,
        vec!["Local Government Ombudsman".to_owned()]
    );
}

#[test]
fn a_complaint_answered_at_stage_one_may_be_closed_as_no_window_is_set() {
    let mut s = answered_on_18_march();
    s.act(
        "2027-03-19 10:00",
        json!({"type": "close", "note": "The parent did not ask to go further"}),
    );
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Completed,
            ..
        }
    ));
    let after = s.refused("2027-03-22 10:00", intention());
    assert_refused(&after, "closed", None, "the case is closed");
}

#[test]
fn a_complainant_may_withdraw_and_the_clocks_stop() {
    let mut s = new_case();
    s.receive("2026-12-23 10:00", json!({}));
    s.act("2026-12-24 09:00", acknowledgement());
    let events = s.act("2027-01-06 10:00", json!({"type": "withdraw"}));
    assert!(matches!(
        events[1].fact,
        Fact::Closed {
            how: Ending::Withdrawn,
            delete_after: None,
            ..
        }
    ));
    assert_eq!(
        s.status("2027-01-19 10:00", Clock::Response, STAGE_1),
        ClockStatus::NotNeeded
    );
    assert!(
        s.deadlines("2027-02-19 10:00")
            .iter()
            .all(|d| d.clock != Clock::Update)
    );
}

#[test]
fn the_procedure_has_no_behaviour_policy_and_no_referral_up_by_the_handler() {
    let mut s = new_case();
    s.receive("2026-12-23 10:00", json!({}));
    let warn = s.refused(
        "2026-12-24 10:00",
        json!({"type": "warn-behaviour", "reason": "abusive calls"}),
    );
    assert_refused(
        &warn,
        "not-in-procedure",
        None,
        "no policy on unacceptable or persistent behaviour",
    );
    let refer = s.refused(
        "2026-12-24 10:00",
        json!({"type": "refer-up", "reason": "complex"}),
    );
    assert_refused(
        &refer,
        "not-allowed-now",
        None,
        "does not refer complaints up",
    );
}

// ------------------------------------------------------------------------------------------
// Compliments and suggestions: a reply in ten working days, posted on the website
// ------------------------------------------------------------------------------------------

fn feedback(kind: &str, channel: &str, consent: bool) -> Value {
    json!({"type": "receive", "reference": "LPP-2027-0001", "submission": {
        "kind": kind, "channel": channel,
        "complainant": { "name": "A Parent", "email": "parent@example.org" },
        "what_happened": "The adviser made the annual review meeting so much easier.",
        "consent_to_publish": consent
    }})
}

#[test]
fn a_compliment_is_replied_to_in_ten_working_days_passed_to_the_line_manager_and_posted() {
    let mut s = new_case();
    s.act("2027-03-18 15:00", feedback("compliment", "phone", true));
    assert!(s.case.current_stage().is_none());
    // "Compliments and suggestions will be responded to within ten working days of receipt".
    // Day 0 Thu 18 Mar 2027; Fri 19 (1), Mon 22 (2), Tue 23 (3), Wed 24 (4), Thu 25 (5), Fri 26
    // Good Friday, Sat 27, Sun 28, Mon 29 Easter Monday skipped, Tue 30 (6), Wed 31 (7), Thu 1 Apr
    // (8), Fri 2 (9), Mon 5 Apr 2027 (10).
    let reply = s.deadline("2027-03-18 15:00", Clock::Reply, None);
    assert_eq!(reply.due.date, date(2027, 4, 5));
    assert_eq!(
        s.deadline("2027-04-05 23:59", Clock::Reply, None).status,
        ClockStatus::Open
    );
    assert_eq!(
        s.deadline("2027-04-06 00:00", Clock::Reply, None).status,
        ClockStatus::Overdue
    );

    // "This will be passed to their line manager."
    let coordinator = s.refused(
        "2027-03-18 15:10",
        json!({"type": "pass-on", "to": "coordinator"}),
    );
    assert_refused(
        &coordinator,
        "invalid",
        Some("to"),
        "pass it to the Line manager (`line-manager`)",
    );
    s.act(
        "2027-03-18 15:10",
        json!({"type": "pass-on", "to": "line-manager"}),
    );

    let unreplied = s.refused("2027-03-19 10:00", json!({"type": "close"}));
    assert_refused(
        &unreplied,
        "not-allowed-now",
        None,
        "promises a reply within 10 working days",
    );
    s.act(
        "2027-04-01 10:00",
        json!({"type": "reply", "summary": "Thank you; we have passed this to the adviser."}),
    );
    assert!(is_met(
        s.deadline("2027-04-01 10:00", Clock::Reply, None).status,
        true
    ));
    let twice = s.refused(
        "2027-04-01 10:05",
        json!({"type": "reply", "summary": "again"}),
    );
    assert_refused(&twice, "not-allowed-now", None, "already been replied to");

    // "and will be posted on the website", with the giver's consent.
    s.act("2027-04-01 10:10", json!({"type": "publish"}));
    assert!(
        matches!(s.last(), Fact::Published { place } if place == "the Leeds Parent Partnership Service website")
    );
    let again = s.refused("2027-04-01 10:15", json!({"type": "publish"}));
    assert_refused(&again, "not-allowed-now", None, "already been published");
    s.act("2027-04-01 10:20", json!({"type": "close"}));
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Acknowledged,
            delete_after: None,
            ..
        }
    ));
}

#[test]
fn a_compliment_is_not_posted_without_the_givers_consent() {
    let mut s = new_case();
    s.act("2027-03-18 15:00", feedback("compliment", "letter", false));
    let refusal = s.refused("2027-03-19 10:00", json!({"type": "publish"}));
    assert_refused(
        &refusal,
        "not-allowed-now",
        None,
        "did not consent to publication",
    );
    assert!(
        refusal.to_string().contains("ask for their consent first"),
        "{refusal}"
    );
    // Complaint steps do not apply to it.
    let ack = s.refused("2027-03-19 10:00", acknowledgement());
    assert_refused(&ack, "not-allowed-now", None, "this is a compliment");
}

#[test]
fn a_suggestion_faxed_on_good_friday_is_answered_in_ten_working_days_from_the_tuesday() {
    let mut s = new_case();
    s.act("2027-03-26 11:00", feedback("suggestion", "fax", true));
    // Received Fri 26 Mar 2027, Good Friday; Sat 27, Sun 28 and Mon 29 Easter Monday are not
    // working days either, so day 0 is Tue 30 Mar. Wed 31 (1), Thu 1 Apr (2), Fri 2 (3), Mon 5
    // (4), Tue 6 (5), Wed 7 (6), Thu 8 (7), Fri 9 (8), Mon 12 (9), Tue 13 Apr 2027 (10).
    assert_eq!(
        s.deadline("2027-03-26 11:00", Clock::Reply, None).due.date,
        date(2027, 4, 13)
    );
    s.act(
        "2027-03-30 09:00",
        json!({"type": "pass-on", "to": "line-manager"}),
    );
    s.act(
        "2027-04-13 16:00",
        json!({"type": "reply", "summary": "We will try evening drop-ins next term."}),
    );
    assert!(is_met(
        s.deadline("2027-04-13 16:00", Clock::Reply, None).status,
        true
    ));
    s.act("2027-04-13 16:05", json!({"type": "publish"}));
    assert!(matches!(s.last(), Fact::Published { .. }));
}

#[test]
fn an_anonymous_suggestion_needs_no_reply_and_may_be_closed() {
    let mut s = new_case();
    s.act(
        "2027-03-18 15:00",
        json!({"type": "receive", "submission": {
            "kind": "suggestion", "channel": "web",
            "what_happened": "Please hold a drop-in session in the evening."
        }}),
    );
    // Nobody to reply to, so no reply is owed.
    assert!(
        s.deadlines("2027-04-30 10:00")
            .iter()
            .all(|d| d.clock != Clock::Reply)
    );
    let publish = s.refused("2027-03-19 10:00", json!({"type": "publish"}));
    assert_refused(&publish, "not-allowed-now", None, "did not consent");
    s.act("2027-03-19 10:00", json!({"type": "close"}));
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Acknowledged,
            ..
        }
    ));
}
