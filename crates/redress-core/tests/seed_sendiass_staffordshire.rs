//! Scenario tests for SENDIASS Staffordshire Family Partnership (seed 001): cases walked through
//! every path its "Complaints and Compliments Procedure" describes, run on the shipped
//! `procedures/sendiass-staffordshire.toml`.
//!
//! Numbers such as 5.3 are the procedure's own sections. Every date is counted by hand, day by
//! day, in the comment above its assertion: the day of receipt is day 0, and "within N working
//! days" ends at the close of the Nth working day after it (DESIGN §4).

mod common;

use common::{Scenario, date};
use redress_core::case::{Clock, ClockStatus, Ending, Fact, Refusal, TimeLimitCheck};
use redress_core::letters::Letter;
use redress_core::procedure::Statement;
use serde_json::{Value, json};

const FILE: &str = "sendiass-staffordshire.toml";
const STAGE_1: &str = "stage-1";
const STAGE_2: &str = "stage-2";
const STAGE_1_NAME: &str =
    "Stage 1 – SENDIASS Staffordshire Family Partnership Manager to provide a response";
const STAGE_2_NAME: &str = "Stage 2 – SENDIASS Commissioner of Service to investigate/review";

fn new_case() -> Scenario {
    Scenario::new(FILE)
}

/// The letter an acknowledgement, holding letter or response sent.
fn letter(fact: &Fact) -> &Letter {
    match fact {
        Fact::Acknowledged { letter, .. }
        | Fact::DeadlineExtended { letter, .. }
        | Fact::Responded { letter, .. } => letter,
        other => panic!("no letter in {other:?}"),
    }
}

/// A Stage 1 response with everything 5.5 asks for: how it was investigated, the outcome, the
/// actions to be taken.
fn stage_one_response() -> Value {
    json!({
        "type": "respond",
        "outcome": "partly-upheld",
        "findings": "The adviser's call-back was missed when the case moved between advisers.",
        "how_investigated": "The Manager read the case notes and spoke to both advisers.",
        "remedies": [
            { "kind": "apology", "description": "An apology for the missed call-back" },
            { "kind": "practical-action", "description": "A named adviser will call within two days" }
        ]
    })
}

/// A Stage 2 request with everything 6.1 asks for: in writing, why, and the outcome sought.
fn stage_two_request() -> Value {
    json!({
        "type": "request-escalation",
        "reasons": "The response did not explain why my calls went unanswered for a month.",
        "outcome_sought": "A review of how call-backs are handed over between advisers.",
        "in_writing": true
    })
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

fn is_met_on_time(status: ClockStatus) -> bool {
    matches!(status, ClockStatus::Met { on_time: true, .. })
}

// ------------------------------------------------------------------------------------------
// Receipt: channels, kinds, who complains (3.1, 3.4, 5.1)
// ------------------------------------------------------------------------------------------

#[test]
fn complaints_by_email_by_letter_and_through_the_county_councils_procedure_are_received() {
    for channel in ["email", "letter", "referral"] {
        let mut s = new_case();
        s.receive("2026-12-21 10:00", json!({ "channel": channel }));
        assert_eq!(s.stage(), STAGE_1, "{channel}");
        let Fact::Received {
            first_stage,
            conflicts,
            ..
        } = s.last()
        else {
            panic!("not received")
        };
        assert_eq!(first_stage.as_ref().map(|id| id.as_str()), Some(STAGE_1));
        assert!(conflicts.is_empty());
    }
}

#[test]
fn a_verbal_complaint_comment_or_compliment_is_asked_to_be_put_in_writing() {
    // 3.4: "If a verbal complaint, comment or compliment is received, it will be requested that
    // this be put in writing, either by e-mail or letter."
    let s = new_case();
    for kind in ["complaint", "comment", "compliment"] {
        for channel in ["phone", "face-to-face"] {
            let refusal = s.refused(
                "2026-12-21 10:00",
                json!({"type": "receive", "submission": {
                    "kind": kind, "channel": channel,
                    "complainant": { "name": "A Parent", "phone": "01785 000000" },
                    "what_happened": "Told the Manager by telephone."
                }}),
            );
            assert_refused(&refusal, "invalid", Some("channel"), "put in writing");
            // The officer is told what to ask for: e-mail or letter.
            assert!(refusal.to_string().contains("email, letter"), "{refusal}");
        }
    }
}

#[test]
fn feedback_by_fax_form_or_social_media_is_refused_with_the_channels_that_are_accepted() {
    let s = new_case();
    for channel in ["fax", "social-media", "form"] {
        let refusal = s.refused(
            "2026-12-21 10:00",
            json!({"type": "receive", "submission": common::complaint(json!({ "channel": channel }))}),
        );
        assert_refused(
            &refusal,
            "invalid",
            Some("channel"),
            "accepted channels: email, letter, referral, web",
        );
    }
}

#[test]
fn a_suggestion_is_refused_as_a_kind_because_this_procedure_takes_suggestions_as_comments() {
    // 2.4 lists "Suggestions for improving the service" among comments.
    let s = new_case();
    let refusal = s.refused(
        "2026-12-21 10:00",
        json!({"type": "receive", "submission": common::complaint(json!({ "kind": "suggestion" }))}),
    );
    assert_refused(
        &refusal,
        "invalid",
        Some("kind"),
        "it takes: complaint, comment, compliment",
    );
}

#[test]
fn a_parent_may_complain_for_a_young_person_but_must_say_how_they_are_related() {
    // 3.1: "Parents, carers, children and young people" may complain.
    let mut s = new_case();
    let refusal = s.refused(
        "2026-12-21 10:00",
        json!({"type": "receive", "submission": common::complaint(json!({
            "complainant": { "name": "Young Person" },
            "representative": { "contact": { "name": "A Parent", "email": "parent@example.org" }, "relationship": " " }
        }))}),
    );
    assert_refused(
        &refusal,
        "missing",
        Some("representative.relationship"),
        "must not be empty",
    );
    s.receive(
        "2026-12-21 10:00",
        json!({
            "complainant": { "name": "Young Person" },
            "representative": { "contact": { "name": "A Parent", "email": "parent@example.org" }, "relationship": "parent" }
        }),
    );
    assert_eq!(s.stage(), STAGE_1);
    let representative = s
        .case
        .submission
        .as_ref()
        .and_then(|sub| sub.representative.as_ref())
        .expect("kept");
    assert_eq!(representative.relationship, "parent");
}

#[test]
fn an_anonymous_complaint_is_recorded_and_its_clocks_run() {
    // The procedure is silent on anonymous complaints; a careful officer records them.
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({ "complainant": null }));
    assert!(
        s.case
            .submission
            .as_ref()
            .is_some_and(|sub| sub.complainant.is_none())
    );
    // Day 0 Mon 21 Dec 2026; Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 Christmas Day, Sat 26,
    // Sun 27, Mon 28 Boxing Day (substitute) skipped, Tue 29 (4), Wed 30 Dec (5).
    assert_eq!(
        s.due("2026-12-21 10:00", Clock::Acknowledgement, STAGE_1),
        date(2026, 12, 30)
    );
}

#[test]
fn a_complaint_received_before_this_version_took_effect_is_refused_with_the_date_it_did() {
    // Mon 8 May 2023 was the coronation bank holiday; the procedure takes effect 1 Jan 2024.
    let s = new_case();
    let refusal = s.refused(
        "2023-05-08 10:00",
        json!({"type": "receive", "submission": common::complaint(json!({}))}),
    );
    assert_refused(&refusal, "wrong-procedure", None, "Mon 1 Jan 2024");
}

// ------------------------------------------------------------------------------------------
// Stage 1: acknowledgement in 5 working days, response in 20 (5.3, 5.5, 5.6)
// ------------------------------------------------------------------------------------------

#[test]
fn a_complaint_is_acknowledged_in_five_working_days_and_answered_in_twenty_across_christmas() {
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    // 5.3: "An acknowledgement letter will be sent, within 5 working days of receipt". Day 0
    // Mon 21 Dec 2026; Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 Christmas Day, Sat 26, Sun 27,
    // Mon 28 Boxing Day (substitute) skipped, Tue 29 (4), Wed 30 Dec (5).
    assert_eq!(
        s.due("2026-12-21 10:00", Clock::Acknowledgement, STAGE_1),
        date(2026, 12, 30)
    );
    // 5.6: "A complaint will be responded to within 20 working days." Day 0 Mon 21 Dec; Tue 22
    // (1), Wed 23 (2), Thu 24 (3), [25-28 skipped], Tue 29 (4), Wed 30 (5), Thu 31 (6), Fri 1 Jan
    // New Year's Day skipped, Mon 4 (7), Tue 5 (8), Wed 6 (9), Thu 7 (10), Fri 8 (11), Mon 11
    // (12), Tue 12 (13), Wed 13 (14), Thu 14 (15), Fri 15 (16), Mon 18 (17), Tue 19 (18), Wed 20
    // (19), Thu 21 Jan 2027 (20).
    assert_eq!(
        s.due("2026-12-21 10:00", Clock::Response, STAGE_1),
        date(2027, 1, 21)
    );
    // In time to the end of Wed 30 Dec, overdue from midnight.
    assert_eq!(
        s.status("2026-12-30 23:59", Clock::Acknowledgement, STAGE_1),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2026-12-31 00:00", Clock::Acknowledgement, STAGE_1),
        ClockStatus::Overdue
    );

    s.act("2026-12-24 11:00", json!({"type": "acknowledge"}));
    let ack = letter(s.last());
    assert_eq!(
        ack.says(Statement::NextSteps),
        Some(
            "SENDIASS Staffordshire Family Partnership has received your complaint and is following its \
             complaints procedure: Stage 1 – SENDIASS Staffordshire Family Partnership Manager to provide a response."
        )
    );
    // 5.3 promises the letter and nothing in it, so it claims no date it was not asked for.
    assert_eq!(ack.says(Statement::ResponseDue), None);
    assert!(is_met_on_time(s.status(
        "2026-12-24 11:00",
        Clock::Acknowledgement,
        STAGE_1
    )));
    let again = s.refused("2026-12-29 09:00", json!({"type": "acknowledge"}));
    assert_refused(
        &again,
        "not-allowed-now",
        None,
        "already acknowledged on Thu 24 Dec 2026",
    );

    // 5.3: "The complaint will be forwarded upon receipt to the SFPS Manager."
    let wrong_role = s.refused(
        "2026-12-29 09:00",
        json!({"type": "assign-handler", "name": "Alex Hart", "role": "commissioner"}),
    );
    assert_refused(
        &wrong_role,
        "invalid",
        Some("role"),
        "assign someone acting as: SENDIASS Staffordshire Family Partnership Manager (`manager`)",
    );
    s.act(
        "2026-12-29 09:00",
        json!({"type": "assign-handler", "name": "Morgan Reed", "role": "manager"}),
    );
    s.act(
        "2026-12-29 09:05",
        json!({"type": "start-investigation", "reason": "Needs the case notes"}),
    );

    // Not answered by the end of Thu 21 Jan: overdue from midnight.
    assert_eq!(
        s.status("2027-01-21 23:59", Clock::Response, STAGE_1),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2027-01-22 00:00", Clock::Response, STAGE_1),
        ClockStatus::Overdue
    );

    s.act("2027-01-21 16:30", stage_one_response());
    assert!(is_met_on_time(s.status(
        "2027-01-21 16:30",
        Clock::Response,
        STAGE_1
    )));
    let response = letter(s.last());
    assert_eq!(
        response.says(Statement::Outcome),
        Some("Outcome: partly-upheld.")
    );
    assert_eq!(
        response.says(Statement::HowInvestigated),
        Some("The Manager read the case notes and spoke to both advisers.")
    );
    assert_eq!(
        response.says(Statement::Actions),
        Some("An apology for the missed call-back; A named adviser will call within two days")
    );
    // 5.5: "The complainant will be informed that they may request a Stage 2 complaint". 6.1:
    // within 20 working days of the response. Day 0 Thu 21 Jan 2027; Fri 22 (1), Mon 25 (2), Tue
    // 26 (3), Wed 27 (4), Thu 28 (5), Fri 29 (6), Mon 1 Feb (7), Tue 2 (8), Wed 3 (9), Thu 4 (10),
    // Fri 5 (11), Mon 8 (12), Tue 9 (13), Wed 10 (14), Thu 11 (15), Fri 12 (16), Mon 15 (17), Tue
    // 16 (18), Wed 17 (19), Thu 18 Feb (20).
    assert_eq!(
        response.says(Statement::EscalationRights),
        Some(
            "If you are not satisfied you may ask for Stage 2 – SENDIASS Commissioner of Service to \
             investigate/review within 20 working days, that is by Thu 18 Feb 2027."
        )
    );
    assert_eq!(
        s.due("2027-01-21 16:30", Clock::EscalationWindow, STAGE_1),
        date(2027, 2, 18)
    );
    // Stage 1 is not the last stage, so its response does not point to the ombudsman yet.
    assert_eq!(response.says(Statement::Ombudsman), None);
}

#[test]
fn a_letter_arriving_on_a_saturday_counts_from_the_monday() {
    let mut s = new_case();
    s.receive("2026-12-19 11:00", json!({ "channel": "letter" }));
    // Received Sat 19 Dec 2026, so day 0 is Mon 21 Dec. Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri
    // 25 Christmas Day, Sat 26, Sun 27, Mon 28 Boxing Day (substitute) skipped, Tue 29 (4), Wed
    // 30 Dec (5).
    assert_eq!(
        s.due("2026-12-19 11:00", Clock::Acknowledgement, STAGE_1),
        date(2026, 12, 30)
    );
    // Twenty from Mon 21 Dec, as counted in full in the Christmas test: Thu 21 Jan 2027.
    // Tue 22 (1), Wed 23 (2), Thu 24 (3), Tue 29 (4), Wed 30 (5), Thu 31 (6), Mon 4 Jan (7), ...
    // Fri 8 (11), Fri 15 (16), Thu 21 Jan (20).
    assert_eq!(
        s.due("2026-12-19 11:00", Clock::Response, STAGE_1),
        date(2027, 1, 21)
    );
}

#[test]
fn an_email_late_on_christmas_eve_counts_from_christmas_eve() {
    let mut s = new_case();
    s.receive("2026-12-24 23:30", json!({}));
    // Day 0 Thu 24 Dec 2026 (23:30 GMT is still the 24th). Fri 25 Christmas Day, Sat 26, Sun 27,
    // Mon 28 Boxing Day (substitute) skipped, Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 1 Jan New
    // Year's Day, Sat 2, Sun 3 skipped, Mon 4 (4), Tue 5 Jan 2027 (5).
    assert_eq!(
        s.due("2026-12-24 23:30", Clock::Acknowledgement, STAGE_1),
        date(2027, 1, 5)
    );
}

#[test]
fn an_email_just_after_midnight_in_summer_counts_from_the_london_date_not_the_utc_one() {
    // 23:30 UTC on Fri 28 May 2027 is 00:30 BST on Sat 29 May. Day 0 is therefore the next
    // working day after Sat 29 May: Sun 30 is a weekend and Mon 31 May the spring bank holiday,
    // so Tue 1 Jun. Acknowledge: Wed 2 (1), Thu 3 (2), Fri 4 (3), Mon 7 (4), Tue 8 Jun (5).
    let mut after_midnight = new_case();
    after_midnight.receive("2027-05-28T23:30:00Z", json!({}));
    assert_eq!(
        after_midnight.due("2027-05-29 09:00", Clock::Acknowledgement, STAGE_1),
        date(2027, 6, 8)
    );
    // Respond from day 0 Tue 1 Jun: Wed 2 (1), Thu 3 (2), Fri 4 (3), Mon 7 (4), Tue 8 (5), Wed 9
    // (6), Thu 10 (7), Fri 11 (8), Mon 14 (9), Tue 15 (10), Wed 16 (11), Thu 17 (12), Fri 18 (13),
    // Mon 21 (14), Tue 22 (15), Wed 23 (16), Thu 24 (17), Fri 25 (18), Mon 28 (19), Tue 29 Jun (20).
    assert_eq!(
        after_midnight.due("2027-05-29 09:00", Clock::Response, STAGE_1),
        date(2027, 6, 29)
    );

    // One minute before midnight BST it is still Fri 28 May, a working day and day 0: Mon 31 May
    // spring bank holiday skipped, Tue 1 Jun (1), Wed 2 (2), Thu 3 (3), Fri 4 (4), Mon 7 Jun (5).
    let mut before_midnight = new_case();
    before_midnight.receive("2027-05-28T22:59:00Z", json!({}));
    assert_eq!(
        before_midnight.due("2027-05-29 09:00", Clock::Acknowledgement, STAGE_1),
        date(2027, 6, 7)
    );
}

#[test]
fn a_response_is_refused_until_it_says_how_the_complaint_was_investigated_and_reaches_a_known_outcome()
 {
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    let when = "2027-01-14 10:00";

    let mut no_how = stage_one_response();
    no_how["how_investigated"] = Value::Null;
    let refusal = s.refused(when, no_how);
    assert_refused(
        &refusal,
        "missing",
        Some("how_investigated"),
        "must say how the complaint was investigated",
    );

    let mut no_findings = stage_one_response();
    no_findings["findings"] = json!("  ");
    assert_refused(
        &s.refused(when, no_findings),
        "missing",
        Some("findings"),
        "findings must not be empty",
    );

    let mut undecided = stage_one_response();
    undecided["outcome"] = json!("undecided");
    assert_refused(
        &s.refused(when, undecided),
        "invalid",
        Some("outcome"),
        "its outcomes are: upheld, partly-upheld, not-upheld",
    );

    // 2.3 lists the remedies: explanation, apology, practical action, change, review of practice.
    let mut recommendation = stage_one_response();
    recommendation["remedies"] =
        json!([{ "kind": "recommendation", "description": "Recommend a new phone system" }]);
    assert_refused(
        &s.refused(when, recommendation),
        "invalid",
        Some("remedies.kind"),
        "it offers: explanation, apology, practical-action, change, review-of-practice",
    );
    let mut empty_remedy = stage_one_response();
    empty_remedy["remedies"] = json!([{ "kind": "review-of-practice", "description": "" }]);
    assert_refused(
        &s.refused(when, empty_remedy),
        "missing",
        Some("remedies.description"),
        "must not be empty",
    );

    // Stage 1 is an investigation (5.4); mediation belongs to Stage 2 (6.2).
    let mut mediated = stage_one_response();
    mediated["mode"] = json!("mediation");
    assert_refused(
        &s.refused(when, mediated),
        "invalid",
        Some("mode"),
        "its modes are: investigation",
    );

    // Every remedy the procedure names is accepted.
    let mut all_remedies = stage_one_response();
    all_remedies["outcome"] = json!("upheld");
    all_remedies["remedies"] = json!([
        { "kind": "explanation", "description": "Why the call was missed" },
        { "kind": "apology", "description": "An apology" },
        { "kind": "practical-action", "description": "A call back" },
        { "kind": "change", "description": "Call-backs logged on the case" },
        { "kind": "review-of-practice", "description": "Hand-over practice reviewed" }
    ]);
    s.act(when, all_remedies);
    let Fact::Responded {
        outcome, remedies, ..
    } = s.last()
    else {
        panic!("not responded")
    };
    assert_eq!(serde_json::to_value(outcome).unwrap(), json!("upheld"));
    assert_eq!(remedies.len(), 5);
}

// ------------------------------------------------------------------------------------------
// Time limit (2.2, 3.3)
// ------------------------------------------------------------------------------------------

#[test]
fn a_complaint_about_events_exactly_twelve_months_ago_is_in_time_and_a_day_later_is_late() {
    // 2.2: "Complaints should relate to events which occurred within the last 12 months."
    // Events on Mon 22 Dec 2025: twelve calendar months on is Tue 22 Dec 2026, the last day.
    let mut in_time = new_case();
    in_time.receive("2026-12-22 16:00", json!({ "happened_on": "2025-12-22" }));
    assert_eq!(
        in_time.case.time_limit,
        Some(TimeLimitCheck {
            counted_from: date(2025, 12, 22),
            last_day: date(2026, 12, 22),
            late: false
        })
    );
    in_time.act(
        "2026-12-23 09:00",
        json!({"type": "decide-scope", "decision": {"decision": "in-scope"}}),
    );
    let refusal = in_time.refused(
        "2026-12-23 09:00",
        json!({"type": "decide-scope", "decision": {"decision": "out-of-time"}}),
    );
    assert_refused(
        &refusal,
        "invalid",
        Some("decision"),
        "not outside the time limit",
    );

    let mut late = new_case();
    late.receive("2026-12-23 09:00", json!({ "happened_on": "2025-12-22" }));
    assert_eq!(late.case.time_limit.as_ref().map(|t| t.late), Some(true));
    // 3.3: an exemption "may" occur, so a late complaint is neither taken in silently nor refused.
    let in_scope = late.refused(
        "2026-12-23 10:00",
        json!({"type": "decide-scope", "decision": {"decision": "in-scope"}}),
    );
    assert_refused(
        &in_scope,
        "invalid",
        Some("decision"),
        "the last day was Tue 22 Dec 2026",
    );
    assert!(in_scope.to_string().contains("late-accepted"), "{in_scope}");
    // Nor can it be answered before its scope is decided.
    let respond = late.refused("2026-12-23 10:00", stage_one_response());
    assert_refused(
        &respond,
        "not-allowed-now",
        None,
        "the last day was Tue 22 Dec 2026",
    );
}

#[test]
fn a_late_complaint_is_accepted_in_exceptional_circumstances_or_closed_as_out_of_time() {
    // Events on Thu 29 Feb 2024. 2025 has no 29 February, so twelve months on ends with the last
    // day of February 2025: Fri 28 Feb 2025. A letter of Sat 1 Mar 2025 is late.
    let mut accepted = new_case();
    accepted.receive(
        "2025-03-01 10:00",
        json!({ "channel": "letter", "happened_on": "2024-02-29" }),
    );
    assert_eq!(
        accepted.case.time_limit,
        Some(TimeLimitCheck {
            counted_from: date(2024, 2, 29),
            last_day: date(2025, 2, 28),
            late: true
        })
    );
    let no_reason = accepted.refused(
        "2025-03-03 10:00",
        json!({"type": "decide-scope", "decision": {"decision": "late-accepted", "reason": ""}}),
    );
    assert_refused(
        &no_reason,
        "missing",
        Some("reason"),
        "reason must not be empty",
    );
    accepted.act(
        "2025-03-03 10:00",
        json!({"type": "decide-scope", "decision": {"decision": "late-accepted",
            "reason": "The parent was in hospital for most of the year"}}),
    );
    accepted.act("2025-03-04 10:00", stage_one_response());
    assert!(matches!(accepted.last(), Fact::Responded { .. }));

    let mut closed = new_case();
    closed.receive(
        "2025-03-01 10:00",
        json!({ "channel": "letter", "happened_on": "2024-02-29" }),
    );
    let events = closed.act(
        "2025-03-03 10:00",
        json!({"type": "decide-scope", "decision": {"decision": "out-of-time"}}),
    );
    let Fact::ScopeDecided { route, .. } = &events[0].fact else {
        panic!("no scope decision")
    };
    assert_eq!(route.as_deref(), Some("outside the time limit to complain"));
    assert!(matches!(
        events[1].fact,
        Fact::Closed {
            how: Ending::OutOfScope,
            delete_after: None,
            ..
        }
    ));

    // On the last day itself, Fri 28 Feb 2025, the complaint is in time and late acceptance is refused.
    let mut last_day = new_case();
    last_day.receive("2025-02-28 17:00", json!({ "happened_on": "2024-02-29" }));
    let refusal = last_day.refused(
        "2025-02-28 17:05",
        json!({"type": "decide-scope", "decision": {"decision": "late-accepted", "reason": "illness"}}),
    );
    assert_refused(
        &refusal,
        "invalid",
        Some("decision"),
        "the complaint is not late",
    );
}

#[test]
fn events_dated_after_the_complaint_arrived_are_refused() {
    let s = new_case();
    let refusal = s.refused(
        "2026-12-21 10:00",
        json!({"type": "receive", "submission": common::complaint(json!({ "happened_on": "2026-12-22" }))}),
    );
    assert_refused(
        &refusal,
        "invalid",
        Some("happened_on"),
        "cannot be dated after",
    );
}

// ------------------------------------------------------------------------------------------
// Exemptions and matters outside the service (3.2, 3.3)
// ------------------------------------------------------------------------------------------

#[test]
fn each_exemption_closes_the_complaint_and_routes_it_where_the_procedure_says() {
    let routes = [
        // 3.3: "Court proceedings, Criminal procedures, Safeguarding procedures etc."
        (
            "court-or-appeal",
            "the court or the appeals procedure that deals with the issue",
        ),
        (
            "criminal",
            "the police and the criminal procedures that deal with the issue",
        ),
        ("safeguarding", "the safeguarding procedures"),
        // 3.3: "The same complaint has already been investigated": declined, nowhere to route it.
        (
            "already-investigated",
            "The same complaint has already been investigated",
        ),
        // 3.2: "the actions or decisions of an individual or organisation outside of the service".
        (
            "outside-the-service",
            "the individual or organisation concerned",
        ),
    ];
    for (exclusion, expected) in routes {
        let mut s = new_case();
        s.receive("2026-12-21 10:00", json!({}));
        let events = s.act(
            "2026-12-22 10:00",
            json!({"type": "decide-scope", "decision": {"decision": "excluded", "exclusion": exclusion}}),
        );
        let Fact::ScopeDecided { route, .. } = &events[0].fact else {
            panic!("no scope decision")
        };
        assert_eq!(route.as_deref(), Some(expected), "{exclusion}");
        assert!(
            matches!(
                events[1].fact,
                Fact::Closed {
                    how: Ending::OutOfScope,
                    ..
                }
            ),
            "{exclusion}"
        );
        // Once closed, the stage clocks are no longer needed.
        assert_eq!(
            s.status("2027-02-01 10:00", Clock::Response, STAGE_1),
            ClockStatus::NotNeeded
        );
    }
}

#[test]
fn an_exemption_the_procedure_does_not_list_is_refused_with_the_ones_it_does() {
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    let refusal = s.refused(
        "2026-12-22 10:00",
        json!({"type": "decide-scope", "decision": {"decision": "excluded", "exclusion": "data-protection"}}),
    );
    assert_refused(
        &refusal,
        "invalid",
        Some("exclusion"),
        "its exclusions are: court-or-appeal, criminal, safeguarding, already-investigated, outside-the-service",
    );
}

// ------------------------------------------------------------------------------------------
// The informal alternative (4.1)
// ------------------------------------------------------------------------------------------

#[test]
fn the_manager_may_resolve_a_misunderstanding_informally_and_the_case_closes() {
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    let empty = s.refused(
        "2026-12-21 15:00",
        json!({"type": "resolve-informally", "summary": ""}),
    );
    assert_refused(
        &empty,
        "missing",
        Some("summary"),
        "summary must not be empty",
    );
    let events = s.act(
        "2026-12-21 15:00",
        json!({"type": "resolve-informally", "summary": "The Manager rang and rebooked the missed appointment."}),
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
        s.status("2026-12-21 15:00", Clock::Acknowledgement, STAGE_1),
        ClockStatus::NotNeeded
    );
    let after = s.refused("2026-12-22 10:00", json!({"type": "acknowledge"}));
    assert_refused(&after, "closed", None, "the case is closed");
}

#[test]
fn when_informal_resolution_fails_the_formal_procedure_starts_and_keeps_the_receipt_date() {
    // 4.1: "If the issue is not resolved, the formal complaints procedure can be started."
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    s.act(
        "2026-12-23 10:00",
        json!({"type": "start-investigation", "reason": "The parent wants a formal answer"}),
    );
    assert_eq!(s.stage(), STAGE_1);
    // Still 20 working days from receipt, Mon 21 Dec 2026 (day 0), as counted in the Christmas
    // test: Tue 22 (1), Wed 23 (2), Thu 24 (3), Tue 29 (4), ..., Mon 18 (17), Thu 21 Jan 2027 (20).
    assert_eq!(
        s.due("2026-12-23 10:00", Clock::Response, STAGE_1),
        date(2027, 1, 21)
    );
    let again = s.refused("2026-12-24 10:00", json!({"type": "start-investigation"}));
    assert_refused(
        &again,
        "not-allowed-now",
        None,
        "started on Wed 23 Dec 2026",
    );
}

// ------------------------------------------------------------------------------------------
// Holding letters (5.6)
// ------------------------------------------------------------------------------------------

#[test]
fn a_complaint_needing_longer_gets_a_holding_letter_with_the_reason_and_the_new_date() {
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    s.act("2026-12-22 10:00", json!({"type": "acknowledge"}));
    // Due Thu 21 Jan 2027, counted in the Christmas test.

    let no_reason = s.refused(
        "2027-01-18 10:00",
        json!({"type": "extend-deadline", "new_date": "2027-02-11", "reason": " "}),
    );
    assert_refused(
        &no_reason,
        "missing",
        Some("reason"),
        "must say why more time is needed",
    );
    let not_later = s.refused(
        "2027-01-18 10:00",
        json!({"type": "extend-deadline", "new_date": "2027-01-21", "reason": "Waiting for a volunteer"}),
    );
    assert_refused(
        &not_later,
        "invalid",
        Some("new_date"),
        "after the current one, Thu 21 Jan 2027",
    );

    s.act(
        "2027-01-18 10:00",
        json!({"type": "extend-deadline", "new_date": "2027-02-11",
            "reason": "the volunteer who took the call is away until February"}),
    );
    let holding = letter(s.last());
    assert_eq!(
        holding.says(Statement::Reason),
        Some(&*format!(
            "We need more time to complete {STAGE_1_NAME}: the volunteer who took the call is away until February"
        ))
    );
    assert_eq!(
        holding.says(Statement::NewDate),
        Some("You will receive our response by Thu 11 Feb 2027.")
    );
    assert_eq!(
        s.due("2027-01-18 10:00", Clock::Response, STAGE_1),
        date(2027, 2, 11)
    );
    // The original date has passed without a response, but the new date has not.
    assert_eq!(
        s.status("2027-01-22 10:00", Clock::Response, STAGE_1),
        ClockStatus::Open
    );

    // 5.6 sets no limit on the new date, so a second letter may move it again, only later.
    let earlier = s.refused(
        "2027-02-08 10:00",
        json!({"type": "extend-deadline", "new_date": "2027-02-10", "reason": "more interviews"}),
    );
    assert_refused(&earlier, "invalid", Some("new_date"), "Thu 11 Feb 2027");
    let far = json!({"type": "extend-deadline", "new_date": "2027-12-31", "reason": "court papers awaited"});
    assert!(
        s.try_act("2027-02-08 10:00", far).is_ok(),
        "no cap on the new date"
    );
    s.act(
        "2027-02-08 10:00",
        json!({"type": "extend-deadline", "new_date": "2027-03-12", "reason": "more interviews"}),
    );
    assert_eq!(
        s.due("2027-02-08 10:00", Clock::Response, STAGE_1),
        date(2027, 3, 12)
    );
    assert_eq!(
        s.status("2027-03-13 00:00", Clock::Response, STAGE_1),
        ClockStatus::Overdue
    );

    // The procedure has no deadline for the holding letter itself and no set rhythm of updates:
    // an update may be recorded, but no update clock is owed.
    s.act(
        "2027-02-22 10:00",
        json!({"type": "send-update", "summary": "Interviews done; writing up."}),
    );
    let clocks: Vec<Clock> = s
        .deadlines("2027-03-13 00:00")
        .iter()
        .map(|d| d.clock)
        .collect();
    assert!(
        !clocks.contains(&Clock::HoldingLetter) && !clocks.contains(&Clock::Update),
        "{clocks:?}"
    );
}

// ------------------------------------------------------------------------------------------
// Stage 2 request: in writing, 20 working days, why and what outcome (6.1)
// ------------------------------------------------------------------------------------------

/// A complaint received Fri 12 Feb 2027 and answered on Fri 12 Mar 2027, the last day.
fn answered_on_12_march() -> Scenario {
    let mut s = new_case();
    s.receive("2027-02-12 10:00", json!({}));
    // Acknowledge: day 0 Fri 12 Feb 2027; Mon 15 (1), Tue 16 (2), Wed 17 (3), Thu 18 (4), Fri 19 Feb (5).
    assert_eq!(
        s.due("2027-02-12 10:00", Clock::Acknowledgement, STAGE_1),
        date(2027, 2, 19)
    );
    // Respond: Mon 15 to Fri 19 Feb (1-5), Mon 22 to Fri 26 Feb (6-10), Mon 1 to Fri 5 Mar
    // (11-15), Mon 8 to Fri 12 Mar (16-20).
    assert_eq!(
        s.due("2027-02-12 10:00", Clock::Response, STAGE_1),
        date(2027, 3, 12)
    );
    s.act("2027-02-15 10:00", json!({"type": "acknowledge"}));
    s.act("2027-03-12 16:00", stage_one_response());
    assert!(is_met_on_time(s.status(
        "2027-03-12 16:00",
        Clock::Response,
        STAGE_1
    )));
    s
}

#[test]
fn the_stage_two_window_runs_twenty_working_days_from_the_response_across_easter() {
    let s = answered_on_12_march();
    // 6.1: "within 20 working days of the [Stage 1] response letter". Day 0 Fri 12 Mar 2027; Mon
    // 15 (1), Tue 16 (2), Wed 17 (3), Thu 18 (4), Fri 19 (5), Mon 22 (6), Tue 23 (7), Wed 24 (8),
    // Thu 25 (9), Fri 26 Good Friday, Sat 27, Sun 28, Mon 29 Easter Monday skipped, Tue 30 (10),
    // Wed 31 (11), Thu 1 Apr (12), Fri 2 (13), Mon 5 (14), Tue 6 (15), Wed 7 (16), Thu 8 (17), Fri
    // 9 (18), Mon 12 (19), Tue 13 Apr 2027 (20).
    let window = s.deadline("2027-03-12 16:00", Clock::EscalationWindow, Some(STAGE_1));
    assert_eq!(window.due.date, date(2027, 4, 13));
    assert!(
        window
            .why
            .contains("skipping Fri 26 Mar 2027 (Good Friday) and Mon 29 Mar 2027 (Easter Monday)"),
        "{}",
        window.why
    );
    assert_eq!(
        letter(s.last()).says(Statement::EscalationRights),
        Some(&*format!(
            "If you are not satisfied you may ask for {STAGE_2_NAME} within 20 working days, that is by Tue 13 Apr 2027."
        ))
    );
    assert_eq!(
        s.status("2027-04-13 23:59", Clock::EscalationWindow, STAGE_1),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2027-04-14 00:00", Clock::EscalationWindow, STAGE_1),
        ClockStatus::Lapsed
    );

    // A request inside the window, on Thu 25 Mar (day 9), is in time.
    let events = s
        .try_act("2027-03-25 10:00", stage_two_request())
        .expect("in time");
    let Fact::EscalationRequested {
        window,
        late_reason,
        ..
    } = &events[0].fact
    else {
        panic!("not escalated")
    };
    assert_eq!(window.map(|w| w.date), Some(date(2027, 4, 13)));
    assert_eq!(late_reason, &None);
}

#[test]
fn a_request_late_on_the_last_day_in_summer_time_is_in_time_and_from_midnight_bst_it_is_late() {
    let s = answered_on_12_march();
    // The window closes at the end of Tue 13 Apr 2027, counted above. The clocks went forward on
    // Sun 28 Mar, so midnight BST is 23:00 UTC on the 13th.
    assert!(s.try_act("2027-04-13 23:30", stage_two_request()).is_ok());
    assert!(
        s.try_act("2027-04-13T22:59:59Z", stage_two_request())
            .is_ok()
    );
    let refusal = s.refused("2027-04-13T23:00:00Z", stage_two_request());
    assert_refused(
        &refusal,
        "late",
        None,
        "closed at the end of Tue 13 Apr 2027 (20 working days after the response)",
    );
    assert!(refusal.to_string().contains("late_reason"), "{refusal}");
}

#[test]
fn a_request_one_day_after_the_window_is_refused_until_a_reason_for_accepting_it_is_recorded() {
    let mut s = answered_on_12_march();
    // Wed 14 Apr 2027 is the day after the last day, Tue 13 Apr (counted above).
    let refusal = s.refused("2027-04-14 10:00", stage_two_request());
    assert_refused(&refusal, "late", None, "Tue 13 Apr 2027");
    let mut blank_reason = stage_two_request();
    blank_reason["late_reason"] = json!("  ");
    assert_refused(
        &s.refused("2027-04-14 10:00", blank_reason),
        "late",
        None,
        "Tue 13 Apr 2027",
    );

    let mut with_reason = stage_two_request();
    with_reason["late_reason"] = json!("The response letter went to an old address");
    s.act("2027-04-14 10:00", with_reason);
    let Fact::EscalationRequested {
        from,
        to,
        late_reason,
        window,
        ..
    } = s.last()
    else {
        panic!("not escalated")
    };
    assert_eq!((from.as_str(), to.as_str()), (STAGE_1, STAGE_2));
    assert_eq!(
        late_reason.as_deref(),
        Some("The response letter went to an old address")
    );
    assert_eq!(window.map(|w| w.date), Some(date(2027, 4, 13)));
    assert_eq!(s.stage(), STAGE_2);
    // Stage 2 counts from receipt of the request. Day 0 Wed 14 Apr 2027; acknowledge: Thu 15 (1),
    // Fri 16 (2), Mon 19 (3), Tue 20 (4), Wed 21 Apr (5).
    assert_eq!(
        s.due("2027-04-14 10:00", Clock::Acknowledgement, STAGE_2),
        date(2027, 4, 21)
    );
    // Respond: Thu 15 (1), Fri 16 (2), Mon 19 (3), Tue 20 (4), Wed 21 (5), Thu 22 (6), Fri 23 (7),
    // Mon 26 (8), Tue 27 (9), Wed 28 (10), Thu 29 (11), Fri 30 (12), Mon 3 May early May bank
    // holiday skipped, Tue 4 (13), Wed 5 (14), Thu 6 (15), Fri 7 (16), Mon 10 (17), Tue 11 (18),
    // Wed 12 (19), Thu 13 May 2027 (20).
    assert_eq!(
        s.due("2027-04-14 10:00", Clock::Response, STAGE_2),
        date(2027, 5, 13)
    );
}

#[test]
fn a_stage_two_request_must_be_in_writing_and_say_why_and_what_outcome_is_sought() {
    let s = answered_on_12_march();
    let mut spoken = stage_two_request();
    spoken["in_writing"] = json!(false);
    assert_refused(
        &s.refused("2027-03-15 10:00", spoken),
        "invalid",
        Some("in_writing"),
        "must be made in writing",
    );
    let mut no_why = stage_two_request();
    no_why["reasons"] = json!("");
    assert_refused(
        &s.refused("2027-03-15 10:00", no_why),
        "missing",
        Some("reasons"),
        "why the complainant remains dissatisfied",
    );
    let mut no_outcome = stage_two_request();
    no_outcome["outcome_sought"] = json!("");
    assert_refused(
        &s.refused("2027-03-15 10:00", no_outcome),
        "missing",
        Some("outcome_sought"),
        "what outcome the complainant seeks",
    );
}

#[test]
fn stage_two_cannot_be_asked_for_before_stage_one_has_answered() {
    let mut s = new_case();
    s.receive("2027-02-12 10:00", json!({}));
    let refusal = s.refused("2027-03-01 10:00", stage_two_request());
    assert_refused(
        &refusal,
        "not-allowed-now",
        None,
        "has not been answered yet",
    );
    // Even once the response is overdue: this procedure has no "no response" ground.
    let overdue = s.refused("2027-03-15 10:00", stage_two_request());
    assert_refused(
        &overdue,
        "not-allowed-now",
        None,
        "the complainant may escalate after the response",
    );
}

#[test]
fn a_refused_stage_two_request_lets_the_case_close_inside_the_window() {
    let mut s = answered_on_12_march();
    let open = s.refused("2027-03-19 10:00", json!({"type": "close"}));
    assert_refused(
        &open,
        "not-allowed-now",
        None,
        "until the end of Tue 13 Apr 2027",
    );
    let empty = s.refused(
        "2027-03-19 10:00",
        json!({"type": "refuse-escalation", "reason": ""}),
    );
    assert_refused(
        &empty,
        "missing",
        Some("reason"),
        "reason must not be empty",
    );
    s.act(
        "2027-03-19 10:00",
        json!({"type": "refuse-escalation", "reason": "The letter raises a new matter, opened as a new Stage 1 complaint"}),
    );
    assert!(matches!(s.last(), Fact::EscalationRefused { .. }));
    s.act("2027-03-19 10:05", json!({"type": "close"}));
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Completed,
            ..
        }
    ));
}

// ------------------------------------------------------------------------------------------
// Stage 2: the Commissioner investigates or mediates; the decision is final (6.2 to 6.4, 8.1)
// ------------------------------------------------------------------------------------------

#[test]
fn stage_two_is_acknowledged_and_investigated_by_the_commissioner_and_then_the_ombudsman() {
    let mut s = answered_on_12_march();
    // On the last day of the window, Tue 13 Apr 2027 (counted in the Easter test).
    s.act("2027-04-13 15:00", stage_two_request());
    assert_eq!(s.stage(), STAGE_2);
    assert!(is_met_on_time(s.status(
        "2027-04-13 15:00",
        Clock::EscalationWindow,
        STAGE_1
    )));
    // 6.1: "An acknowledgement letter will be sent within 5 working days of receipt". Day 0 Tue
    // 13 Apr 2027; Wed 14 (1), Thu 15 (2), Fri 16 (3), Mon 19 (4), Tue 20 Apr (5).
    assert_eq!(
        s.due("2027-04-13 15:00", Clock::Acknowledgement, STAGE_2),
        date(2027, 4, 20)
    );
    // 6.4: "A full response will be provided to the complainant within 20 working days". Wed 14
    // (1), Thu 15 (2), Fri 16 (3), Mon 19 (4), Tue 20 (5), Wed 21 (6), Thu 22 (7), Fri 23 (8), Mon
    // 26 (9), Tue 27 (10), Wed 28 (11), Thu 29 (12), Fri 30 (13), Mon 3 May early May bank holiday
    // skipped, Tue 4 (14), Wed 5 (15), Thu 6 (16), Fri 7 (17), Mon 10 (18), Tue 11 (19), Wed 12
    // May 2027 (20).
    assert_eq!(
        s.due("2027-04-13 15:00", Clock::Response, STAGE_2),
        date(2027, 5, 12)
    );

    s.act("2027-04-16 10:00", json!({"type": "acknowledge"}));
    assert_eq!(
        letter(s.last()).says(Statement::NextSteps),
        Some(&*format!(
            "SENDIASS Staffordshire Family Partnership has received your request to escalate your complaint \
             and is following its complaints procedure: {STAGE_2_NAME}."
        ))
    );
    assert!(is_met_on_time(s.status(
        "2027-04-16 10:00",
        Clock::Acknowledgement,
        STAGE_2
    )));

    // 6.1: Stage 2 goes to the Commissioner of Service, not back to the Manager.
    let manager = s.refused(
        "2027-04-16 10:05",
        json!({"type": "assign-handler", "name": "Morgan Reed", "role": "manager"}),
    );
    assert_refused(
        &manager,
        "invalid",
        Some("role"),
        "SENDIASS Commissioner of Service (`commissioner`)",
    );
    s.act(
        "2027-04-16 10:05",
        json!({"type": "assign-handler", "name": "Alex Hart", "role": "commissioner"}),
    );
    // Informal resolution comes before the formal stages.
    let informal = s.refused(
        "2027-04-19 10:00",
        json!({"type": "resolve-informally", "summary": "sorted"}),
    );
    assert_refused(&informal, "not-allowed-now", None, "has been escalated");

    // 6.4: "if the issue is complicated the complainant will be written to, to inform them of
    // when they will hear the outcome".
    s.act(
        "2027-05-10 10:00",
        json!({"type": "extend-deadline", "new_date": "2027-05-28", "reason": "a second meeting with the family is needed"}),
    );
    assert_eq!(
        letter(s.last()).says(Statement::NewDate),
        Some("You will receive our response by Fri 28 May 2027.")
    );
    assert_eq!(
        s.due("2027-05-10 10:00", Clock::Response, STAGE_2),
        date(2027, 5, 28)
    );

    let mut response = stage_one_response();
    response["mode"] = json!("investigation");
    response["how_investigated"] = Value::Null;
    let refusal = s.refused("2027-05-27 10:00", response.clone());
    assert_refused(&refusal, "missing", Some("how_investigated"), STAGE_2_NAME);
    response["how_investigated"] =
        json!("The Commissioner reviewed the Stage 1 file and met the parent.");
    response["learning"] =
        json!([{ "description": "Call-backs recorded on the case", "owner": "SFPS Manager" }]);
    s.act("2027-05-27 10:00", response);
    let decision = letter(s.last());
    // 6.4: "The SENDIASS Commissioner of Service decision will be final." 8.1: the Ombudsman.
    assert_eq!(
        decision.says(Statement::EscalationRights),
        Some(&*format!(
            "{STAGE_2_NAME} is the final stage of our procedure."
        ))
    );
    assert_eq!(
        decision.says(Statement::Ombudsman),
        Some(
            "If you remain dissatisfied you may contact the Local Government Ombudsman once our procedure is complete."
        )
    );
    assert_eq!(
        decision.says(Statement::Actions),
        Some(
            "An apology for the missed call-back; A named adviser will call within two days; Call-backs recorded on the case"
        )
    );
    // There is no window to wait for after the final stage, and no third internal stage.
    assert!(
        s.deadlines("2027-05-27 10:00")
            .iter()
            .all(|d| !(d.clock == Clock::EscalationWindow
                && d.stage.as_ref().is_some_and(|id| id.as_str() == STAGE_2)))
    );
    let further = s.refused("2027-06-01 10:00", stage_two_request());
    assert_refused(
        &further,
        "not-allowed-now",
        None,
        "the complainant may go to the Local Government Ombudsman",
    );
    let refuse = s.refused(
        "2027-06-01 10:00",
        json!({"type": "refuse-escalation", "reason": "final"}),
    );
    assert_refused(
        &refuse,
        "not-allowed-now",
        None,
        "is the final stage of this procedure",
    );

    s.act("2027-05-27 10:05", json!({"type": "close"}));
    let Fact::Closed {
        how, delete_after, ..
    } = s.last()
    else {
        panic!("not closed")
    };
    assert_eq!(*how, Ending::Completed);
    // 7.1 keeps records under the confidentiality policy and sets no period: no deletion date.
    assert_eq!(*delete_after, None);
    assert!(
        s.deadlines("2027-05-27 10:05")
            .iter()
            .all(|d| d.clock != Clock::Deletion)
    );
    s.act(
        "2027-07-01 10:00",
        json!({"type": "refer-externally", "body": "Local Government Ombudsman"}),
    );
    assert!(
        matches!(s.last(), Fact::ReferredExternally { body, .. } if body == "Local Government Ombudsman")
    );
    let closed = s.refused(
        "2027-07-02 10:00",
        json!({"type": "send-update", "summary": "hello"}),
    );
    assert_refused(&closed, "closed", None, "referral to an external body");
}

#[test]
fn stage_two_may_be_a_mediation_that_agrees_a_way_forward() {
    let mut s = answered_on_12_march();
    s.act("2027-03-22 10:00", stage_two_request());
    // 6.3: "Mediation may be offered" at Stage 2, by its handler, the Commissioner.
    let record = s.refused(
        "2027-03-23 10:00",
        json!({"type": "record-mediation", "agreed": true, "summary": "met"}),
    );
    assert_refused(&record, "not-allowed-now", None, "offer it first");
    let by_manager = s.refused(
        "2027-03-23 10:00",
        json!({"type": "offer-mediation", "by": "manager"}),
    );
    assert_refused(
        &by_manager,
        "invalid",
        Some("by"),
        "it may be offered by the SENDIASS Commissioner of Service (`commissioner`)",
    );
    s.act(
        "2027-03-23 10:00",
        json!({"type": "offer-mediation", "by": "commissioner"}),
    );
    s.act(
        "2027-04-07 14:00",
        json!({"type": "record-mediation", "agreed": true,
            "summary": "The family, the adviser and the Manager met and agreed a weekly call."}),
    );
    assert_eq!(s.case.mediations, vec![true]);
    s.act(
        "2027-04-08 10:00",
        json!({"type": "respond", "outcome": "resolved", "mode": "mediation",
            "findings": "A way forward was agreed at the meeting on 7 April.",
            "how_investigated": "By mediation: all the parties met with the Commissioner."}),
    );
    let Fact::Responded { mode, letter, .. } = s.last() else {
        panic!("not responded")
    };
    assert_eq!(serde_json::to_value(mode).unwrap(), json!("mediation"));
    assert_eq!(letter.says(Statement::Outcome), Some("Outcome: resolved."));
}

#[test]
fn mediation_is_not_offered_at_stage_one() {
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    let refusal = s.refused(
        "2026-12-22 10:00",
        json!({"type": "offer-mediation", "by": "manager"}),
    );
    assert_refused(
        &refusal,
        "not-in-procedure",
        None,
        &format!("no mediation at {STAGE_1_NAME}"),
    );
}

// ------------------------------------------------------------------------------------------
// A complaint about the Manager starts at Stage 2 (5.3)
// ------------------------------------------------------------------------------------------

#[test]
fn a_complaint_about_the_manager_starts_at_stage_two_with_the_commissioner() {
    let mut s = new_case();
    s.receive(
        "2026-12-24 14:00",
        json!({ "channel": "letter",
            "people_named": [{ "name": "Morgan Reed", "role": "manager" }],
            "what_happened": "The Manager was rude to me at the review meeting." }),
    );
    // 5.3: "If the complaint is about the SFPS Manager, the procedure will start at Stage 2."
    assert_eq!(s.stage(), STAGE_2);
    let Fact::Received { conflicts, .. } = s.last() else {
        panic!("not received")
    };
    assert_eq!(
        serde_json::to_value(conflicts).unwrap(),
        json!([{ "person": "Morgan Reed", "role": "manager", "handler": null, "start_at": "stage-2" }])
    );
    // Nothing is owed at Stage 1.
    assert!(
        s.deadlines("2026-12-24 14:00")
            .iter()
            .all(|d| d.stage.as_ref().is_none_or(|id| id.as_str() == STAGE_2))
    );
    // Stage 2 counts from receipt. Day 0 Thu 24 Dec 2026; Fri 25 Christmas Day, Sat 26, Sun 27,
    // Mon 28 Boxing Day (substitute) skipped, Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 1 Jan New
    // Year's Day skipped, Mon 4 (4), Tue 5 Jan 2027 (5).
    assert_eq!(
        s.due("2026-12-24 14:00", Clock::Acknowledgement, STAGE_2),
        date(2027, 1, 5)
    );
    // Respond: Tue 29 (1), Wed 30 (2), Thu 31 (3), Mon 4 (4), Tue 5 (5), Wed 6 (6), Thu 7 (7), Fri
    // 8 (8), Mon 11 (9), Tue 12 (10), Wed 13 (11), Thu 14 (12), Fri 15 (13), Mon 18 (14), Tue 19
    // (15), Wed 20 (16), Thu 21 (17), Fri 22 (18), Mon 25 (19), Tue 26 Jan 2027 (20).
    assert_eq!(
        s.due("2026-12-24 14:00", Clock::Response, STAGE_2),
        date(2027, 1, 26)
    );

    s.act("2026-12-29 10:00", json!({"type": "acknowledge"}));
    // A complaint that starts at Stage 2 was not escalated: the letter says it was received.
    assert_eq!(
        letter(s.last()).says(Statement::NextSteps),
        Some(&*format!(
            "SENDIASS Staffordshire Family Partnership has received your complaint and is following its \
             complaints procedure: {STAGE_2_NAME}."
        ))
    );

    // The Manager is named in the complaint and may not handle it, in any role.
    let named = s.refused(
        "2026-12-29 10:05",
        json!({"type": "assign-handler", "name": "morgan  REED", "role": "commissioner"}),
    );
    assert_refused(
        &named,
        "conflict-of-interest",
        Some("name"),
        "Morgan Reed is named in the complaint and cannot handle it",
    );
    let as_manager = s.refused(
        "2026-12-29 10:05",
        json!({"type": "assign-handler", "name": "Sam Cole", "role": "manager"}),
    );
    assert_refused(
        &as_manager,
        "invalid",
        Some("role"),
        &format!(
            "{STAGE_2_NAME} is not handled by the SENDIASS Staffordshire Family Partnership Manager"
        ),
    );
    s.act(
        "2026-12-29 10:05",
        json!({"type": "assign-handler", "name": "Alex Hart", "role": "commissioner"}),
    );

    // 6.4: the Commissioner contacts the complainant to clarify the complaint. The procedure says
    // nothing about stopping the clock; redress lets a handler stop it while waiting and adds the
    // working days stopped. Stopped Mon 11 Jan, restarted Thu 14 Jan: Tue 12, Wed 13, Thu 14 are
    // 3 working days.
    s.act(
        "2027-01-11 10:00",
        json!({"type": "pause-clock", "reason": "waiting for the parent to say which meeting"}),
    );
    assert_eq!(
        s.status("2027-01-12 10:00", Clock::Response, STAGE_2),
        ClockStatus::Paused
    );
    let twice = s.refused(
        "2027-01-12 10:00",
        json!({"type": "pause-clock", "reason": "again"}),
    );
    assert_refused(&twice, "not-allowed-now", None, "already stopped");
    s.act("2027-01-14 10:00", json!({"type": "resume-clock"}));
    let not_paused = s.refused("2027-01-14 10:05", json!({"type": "resume-clock"}));
    assert_refused(&not_paused, "not-allowed-now", None, "not stopped");
    // 20 + 3 = 23 working days from Thu 24 Dec 2026: Tue 26 Jan (20) as above, Wed 27 (21), Thu
    // 28 (22), Fri 29 Jan 2027 (23).
    assert_eq!(
        s.due("2027-01-14 10:00", Clock::Response, STAGE_2),
        date(2027, 1, 29)
    );

    let mut response = stage_one_response();
    response["outcome"] = json!("not-upheld");
    response["remedies"] =
        json!([{ "kind": "explanation", "description": "What was said at the meeting" }]);
    s.act("2027-01-28 10:00", response);
    assert!(is_met_on_time(s.status(
        "2027-01-28 10:00",
        Clock::Response,
        STAGE_2
    )));
    assert_eq!(
        letter(s.last()).says(Statement::Ombudsman),
        Some(
            "If you remain dissatisfied you may contact the Local Government Ombudsman once our procedure is complete."
        )
    );
    let further = s.refused("2027-01-29 10:00", stage_two_request());
    assert_refused(
        &further,
        "not-allowed-now",
        None,
        "is the final stage of this procedure",
    );
}

#[test]
fn naming_the_manager_after_receipt_moves_the_complaint_to_stage_two_until_stage_one_has_answered()
{
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    s.act("2026-12-22 10:00", json!({"type": "acknowledge"}));
    s.act(
        "2027-01-05 10:00",
        json!({"type": "name-person", "person": { "name": "Morgan Reed", "role": "manager" }}),
    );
    let Fact::PersonNamed { rerouted_to, .. } = s.last() else {
        panic!("not named")
    };
    assert_eq!(rerouted_to.as_ref().map(|id| id.as_str()), Some(STAGE_2));
    assert_eq!(s.stage(), STAGE_2);
    // Stage 2 starts afresh from the original receipt, Mon 21 Dec 2026 (day 0): 20 working days
    // end Thu 21 Jan 2027, as counted in the Christmas test (Tue 22 (1), Wed 23 (2), Thu 24 (3),
    // Tue 29 (4), Wed 30 (5), Thu 31 (6), Mon 4 (7), ..., Wed 20 (19), Thu 21 Jan (20)).
    assert_eq!(
        s.due("2027-01-05 10:00", Clock::Response, STAGE_2),
        date(2027, 1, 21)
    );
    let named = s.refused(
        "2027-01-05 10:05",
        json!({"type": "assign-handler", "name": "Morgan Reed", "role": "commissioner"}),
    );
    assert_refused(
        &named,
        "conflict-of-interest",
        Some("name"),
        "named in the complaint",
    );

    // Once Stage 1 has answered, it is too late to start again at Stage 2.
    let mut answered = new_case();
    answered.receive("2026-12-21 10:00", json!({}));
    answered.act("2027-01-14 10:00", stage_one_response());
    let refusal = answered.refused(
        "2027-01-15 10:00",
        json!({"type": "name-person", "person": { "name": "Morgan Reed", "role": "manager" }}),
    );
    assert_refused(
        &refusal,
        "not-allowed-now",
        None,
        "should have started at `stage-2`",
    );
}

// ------------------------------------------------------------------------------------------
// Closing and withdrawing
// ------------------------------------------------------------------------------------------

#[test]
fn a_case_closes_only_after_the_stage_two_window_unless_the_complainant_is_satisfied() {
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    let unanswered = s.refused("2027-01-04 10:00", json!({"type": "close"}));
    assert_refused(
        &unanswered,
        "not-allowed-now",
        None,
        "has not been answered",
    );
    s.act("2027-01-21 16:30", stage_one_response());
    // The window ends Thu 18 Feb 2027, counted in the Christmas test: day 0 Thu 21 Jan; Fri 22
    // (1), Mon 25 (2), ..., Fri 12 Feb (16), Mon 15 (17), Tue 16 (18), Wed 17 (19), Thu 18 Feb (20).
    let inside = s.refused("2027-02-18 23:00", json!({"type": "close"}));
    assert_refused(
        &inside,
        "not-allowed-now",
        None,
        "until the end of Thu 18 Feb 2027",
    );
    assert!(
        inside.to_string().contains("complainant_satisfied"),
        "{inside}"
    );
    assert!(
        s.try_act("2027-02-19 00:00", json!({"type": "close"}))
            .is_ok()
    );

    s.act("2027-01-25 10:00", json!({"type": "close", "complainant_satisfied": true, "note": "Parent happy with the call"}));
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Completed,
            delete_after: None,
            ..
        }
    ));
    assert_eq!(
        s.status("2027-01-25 10:00", Clock::EscalationWindow, STAGE_1),
        ClockStatus::NotNeeded
    );
    let after = s.refused("2027-01-26 10:00", stage_two_request());
    assert_refused(&after, "closed", None, "the case is closed");
}

#[test]
fn a_complainant_may_withdraw_and_the_clocks_stop() {
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    s.act("2026-12-22 10:00", json!({"type": "acknowledge"}));
    let events = s.act(
        "2027-01-05 10:00",
        json!({"type": "withdraw", "reason": "Sorted out with the school"}),
    );
    assert!(matches!(events[0].fact, Fact::Withdrawn { .. }));
    assert!(matches!(
        events[1].fact,
        Fact::Closed {
            how: Ending::Withdrawn,
            delete_after: None,
            ..
        }
    ));
    assert_eq!(
        s.status("2027-01-22 10:00", Clock::Response, STAGE_1),
        ClockStatus::NotNeeded
    );
    // The procedure does not ask for a decision on internal review after withdrawal.
    let review = s.refused(
        "2027-01-06 10:00",
        json!({"type": "decide-internal-review", "needed": false, "note": "n/a"}),
    );
    assert_refused(&review, "not-in-procedure", None, "internal review");
}

#[test]
fn the_procedure_has_no_behaviour_policy_and_no_referral_up_by_the_handler() {
    let mut s = new_case();
    s.receive("2026-12-21 10:00", json!({}));
    let warn = s.refused(
        "2026-12-22 10:00",
        json!({"type": "warn-behaviour", "reason": "abusive calls"}),
    );
    assert_refused(
        &warn,
        "not-in-procedure",
        None,
        "no policy on unacceptable or persistent behaviour",
    );
    let refer = s.refused(
        "2026-12-22 10:00",
        json!({"type": "refer-up", "reason": "complex"}),
    );
    assert_refused(
        &refer,
        "not-allowed-now",
        None,
        "does not refer complaints up",
    );
    assert!(
        refer
            .to_string()
            .contains("the complainant may then ask to escalate"),
        "{refer}"
    );
}

// ------------------------------------------------------------------------------------------
// Compliments and comments (2.4)
// ------------------------------------------------------------------------------------------

fn feedback(kind: &str, channel: &str) -> Value {
    json!({"type": "receive", "submission": {
        "kind": kind, "channel": channel,
        "complainant": { "name": "A Parent", "email": "parent@example.org" },
        "people_named": [{ "name": "Jamie Adviser" }],
        "what_happened": "Jamie went over and above at the tribunal hearing."
    }})
}

#[test]
fn a_compliment_is_passed_to_the_person_and_the_manager_for_their_records() {
    let mut s = new_case();
    s.act("2026-12-21 10:00", feedback("compliment", "letter"));
    assert!(s.case.current_stage().is_none());
    // 2.4: "Compliments received will also be passed onto the relevant person and the Manager".
    s.act(
        "2026-12-21 11:00",
        json!({"type": "pass-on", "to": "manager"}),
    );
    s.act("2026-12-21 11:05", json!({"type": "pass-on"}));
    assert_eq!(s.case.passed_on.len(), 2);
    let twice = s.refused(
        "2026-12-21 11:10",
        json!({"type": "pass-on", "to": "manager"}),
    );
    assert_refused(&twice, "not-allowed-now", None, "already been passed on");
    let elsewhere = s.refused(
        "2026-12-21 11:10",
        json!({"type": "pass-on", "to": "commissioner"}),
    );
    // Once it has gone to everyone the procedure names, passing it on is no longer offered.
    assert_refused(
        &elsewhere,
        "not-allowed-now",
        None,
        "already been passed on to everyone the procedure names",
    );
    // No reply or publication is promised, so no reply clock and nothing to publish.
    assert!(s.deadlines("2027-02-01 10:00").is_empty());
    let publish = s.refused("2026-12-21 11:10", json!({"type": "publish"}));
    assert_refused(
        &publish,
        "not-in-procedure",
        None,
        "does not publish compliments",
    );
    // It is not a complaint.
    let ack = s.refused("2026-12-21 11:10", json!({"type": "acknowledge"}));
    assert_refused(&ack, "not-allowed-now", None, "this is a compliment");
    s.act("2026-12-21 11:15", json!({"type": "close"}));
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
fn a_comment_or_suggestion_goes_to_the_manager_for_discussion_and_action() {
    let mut s = new_case();
    s.act("2026-12-21 10:00", feedback("comment", "email"));
    // 2.4: "Comments or suggestions received will be passed onto the ... Manager".
    let to_person = s.refused("2026-12-21 11:00", json!({"type": "pass-on"}));
    assert_refused(
        &to_person,
        "invalid",
        Some("to"),
        "pass it to the SENDIASS Staffordshire Family Partnership Manager (`manager`)",
    );
    s.act(
        "2026-12-21 11:00",
        json!({"type": "pass-on", "to": "manager"}),
    );
    assert!(matches!(s.last(), Fact::PassedOn { to: Some(role) } if role.as_str() == "manager"));
    // A reply is not promised, but may be recorded.
    s.act(
        "2026-12-22 11:00",
        json!({"type": "reply", "summary": "Thank you; we will discuss it at the Steering Group."}),
    );
    let withdraw = s.refused("2026-12-22 11:05", json!({"type": "withdraw"}));
    assert_refused(&withdraw, "not-allowed-now", None, "this is a comment");
    s.act("2026-12-22 11:05", json!({"type": "close"}));
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Acknowledged,
            ..
        }
    ));
}
