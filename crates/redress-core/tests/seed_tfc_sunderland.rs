//! Scenario tests for Together for Children Sunderland's Corporate Complaints Procedure (seed
//! 004, `procedures/tfc-sunderland.toml`): every path the procedure describes, walked through the
//! decider with dates worked out by hand from the procedure's own words.
//!
//! How the procedure counts, as the file reads it (DESIGN §4):
//! - "acknowledge within 24 hours": an exact span from the instant of receipt, weekends, bank
//!   holidays and clock changes included.
//! - "a full written response within 10 working days" (Stage 1) and "within 25 working days"
//!   (Stage 2): day 0 is the day the complaint (or the request for Stage 2) arrives, or the next
//!   working day if it arrives on a weekend or bank holiday; the response is due by the end of
//!   the 10th (25th) working day after it.
//! - "request this within 20 working days": counted the same way from the day of the Stage 1
//!   response.
//! - "12-month timescale": the same date twelve months after the event, or after the day the
//!   complainant became aware of it if later.
//!
//! England and Wales bank holidays used below: Fri 25 Dec 2026 (Christmas Day), Mon 28 Dec 2026
//! (Boxing Day, substitute), Fri 1 Jan 2027 (New Year's Day), Fri 26 Mar 2027 (Good Friday),
//! Mon 29 Mar 2027 (Easter Monday), Mon 3 May 2027 (early May), Mon 31 May 2027 (spring).

mod common;

use common::{Scenario, at, date};
use redress_core::case::{Clock, ClockStatus, Ending, Fact, Refusal};
use redress_core::letters::{Letter, LetterKind};
use redress_core::procedure::Statement;
use serde_json::{Value, json};

const TFC: &str = "tfc-sunderland.toml";
const LGSCO: &str = "Local Government and Social Care Ombudsman";

/// A case under the TfC procedure with a complaint received at `when`.
fn received(when: &str, extra: Value) -> Scenario {
    let mut s = Scenario::new(TFC);
    s.receive(when, extra);
    s
}

/// The letter an event carries.
fn letter(fact: &Fact) -> &Letter {
    match fact {
        Fact::Acknowledged { letter, .. }
        | Fact::Responded { letter, .. }
        | Fact::DeadlineExtended { letter, .. } => letter,
        other => panic!("no letter in {other:?}"),
    }
}

/// Asserts that a refusal's words (reason and what to do instead) mention `text`.
fn mentions(refusal: &Refusal, text: &str) {
    assert!(
        refusal.to_string().contains(text),
        "expected the refusal to mention {text:?}: {refusal}"
    );
}

fn respond(outcome: &str, remedies: Value) -> Value {
    json!({
        "type": "respond",
        "outcome": outcome,
        "findings": "The school transport assessment was late and the family was not told why.",
        "remedies": remedies,
    })
}

fn apology() -> Value {
    json!([{ "kind": "apology", "description": "We apologise for the delay in assessing your son's transport." }])
}

fn escalate(grounds: Value) -> Value {
    json!({
        "type": "request-escalation",
        "reasons": "The response did not explain why nobody called me back.",
        "grounds": grounds,
        "outcome_sought": "A review of how the assessment was handled.",
        "in_writing": false,
    })
}

fn scope(decision: Value) -> Value {
    json!({ "type": "decide-scope", "decision": decision })
}

/// The Christmas case: received Fri 11 Dec 2026 16:00, acknowledged the next morning, and
/// answered at Stage 1 (partly upheld, with an apology) on Thu 17 Dec 2026 at 11:00.
fn answered_before_christmas() -> Scenario {
    let mut s = received("2026-12-11 16:00", json!({ "channel": "email" }));
    s.act("2026-12-12 09:30", json!({ "type": "acknowledge" }));
    s.act(
        "2026-12-14 09:00",
        json!({ "type": "start-investigation", "reason": "needs the service's records" }),
    );
    s.act("2026-12-17 11:00", respond("partly-upheld", apology()));
    s
}

// ------------------------------------------------------------------------------------------
// Receipt and the 24-hour acknowledgement
// ------------------------------------------------------------------------------------------

#[test]
fn complaint_at_friday_four_pm_is_due_acknowledgement_by_saturday_four_pm() {
    let mut s = received("2026-12-11 16:00", json!({ "channel": "email" }));
    assert_eq!(s.stage(), "stage-1");

    // "acknowledge within 24 hours": an exact span, so Fri 11 Dec 2026 16:00 GMT + 24 hours is
    // Sat 12 Dec 2026 16:00 GMT, a Saturday though it is.
    let ack = s.deadline("2026-12-11 16:00", Clock::Acknowledgement, Some("stage-1"));
    assert_eq!(ack.due.at, at("2026-12-12 16:00"));
    assert_eq!(ack.due.date, date(2026, 12, 12));
    assert!(
        ack.why.contains("16:00 GMT on Sat 12 Dec 2026"),
        "{}",
        ack.why
    );
    assert_eq!(
        s.status("2026-12-12 15:59", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2026-12-12 16:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Overdue
    );

    // Stage 1, "within 10 working days": day 0 Fri 11 Dec; Mon 14 (1), Tue 15 (2), Wed 16 (3),
    // Thu 17 (4), Fri 18 (5), Mon 21 (6), Tue 22 (7), Wed 23 (8), Thu 24 (9); Fri 25 Dec
    // (Christmas Day), Sat 26, Sun 27 and Mon 28 Dec (Boxing Day, substitute) skipped;
    // Tue 29 Dec 2026 (10).
    assert_eq!(
        s.due("2026-12-11 16:00", Clock::Response, "stage-1"),
        date(2026, 12, 29)
    );

    // The acknowledgement goes out on the Saturday morning, inside the 24 hours.
    s.act("2026-12-12 09:30", json!({ "type": "acknowledge" }));
    let sent = letter(s.last());
    assert_eq!(sent.kind, LetterKind::Acknowledgement);
    let next_steps = sent
        .says(Statement::NextSteps)
        .expect("the acknowledgement says what happens next");
    assert!(
        next_steps.contains("Together for Children Sunderland"),
        "{next_steps}"
    );
    assert!(next_steps.contains("Stage 1"), "{next_steps}");
    assert_eq!(
        s.status("2026-12-12 16:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Met {
            at: at("2026-12-12 09:30"),
            on_time: true
        }
    );
    let again = s.refused("2026-12-14 09:00", json!({ "type": "acknowledge" }));
    assert_eq!(again.code, "not-allowed-now");
    mentions(&again, "Sat 12 Dec 2026");
}

#[test]
fn acknowledgement_on_monday_morning_of_a_friday_complaint_is_late() {
    let mut s = received("2026-12-11 16:00", json!({ "channel": "web" }));
    // Due Sat 12 Dec 2026 16:00 (24 hours); sent Mon 14 Dec 09:00, after it.
    s.act("2026-12-14 09:00", json!({ "type": "acknowledge" }));
    assert_eq!(
        s.status("2026-12-14 09:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Met {
            at: at("2026-12-14 09:00"),
            on_time: false
        }
    );
}

#[test]
fn twenty_four_hours_is_an_exact_span_across_the_change_to_gmt() {
    let s = received("2026-10-24 10:00", json!({ "channel": "phone" }));
    // Received Sat 24 Oct 2026 10:00 BST (09:00 UTC). The clocks go back at 02:00 BST on
    // Sun 25 Oct, so 24 hours later is 09:00 UTC = 09:00 GMT on Sun 25 Oct, not 10:00.
    let ack = s.deadline("2026-10-24 10:00", Clock::Acknowledgement, Some("stage-1"));
    assert_eq!(ack.due.at, at("2026-10-25 09:00"));
    assert_eq!(
        ack.due.at,
        "2026-10-25T09:00:00Z".parse::<jiff::Timestamp>().unwrap()
    );

    // Stage 1: received on a Saturday, so day 0 is Mon 26 Oct; Tue 27 (1), Wed 28 (2),
    // Thu 29 (3), Fri 30 (4), Mon 2 Nov (5), Tue 3 (6), Wed 4 (7), Thu 5 (8), Fri 6 (9),
    // Mon 9 Nov 2026 (10).
    assert_eq!(
        s.due("2026-10-24 10:00", Clock::Response, "stage-1"),
        date(2026, 11, 9)
    );
}

#[test]
fn twenty_four_hours_is_an_exact_span_across_the_change_to_bst_on_easter_saturday() {
    let s = received("2027-03-27 12:00", json!({ "channel": "email" }));
    // Received Sat 27 Mar 2027 12:00 GMT. The clocks go forward at 01:00 GMT on Sun 28 Mar,
    // so 24 hours later is 12:00 UTC = 13:00 BST on Sun 28 Mar.
    let ack = s.deadline("2027-03-27 12:00", Clock::Acknowledgement, Some("stage-1"));
    assert_eq!(ack.due.at, at("2027-03-28 13:00"));
    assert_eq!(
        ack.due.at,
        "2027-03-28T12:00:00Z".parse::<jiff::Timestamp>().unwrap()
    );

    // Stage 1: Sat 27 Mar (Easter Saturday), Sun 28 and Mon 29 Mar (Easter Monday) are not
    // working days, so day 0 is Tue 30 Mar; Wed 31 (1), Thu 1 Apr (2), Fri 2 (3), Mon 5 (4),
    // Tue 6 (5), Wed 7 (6), Thu 8 (7), Fri 9 (8), Mon 12 (9), Tue 13 Apr 2027 (10).
    assert_eq!(
        s.due("2027-03-27 12:00", Clock::Response, "stage-1"),
        date(2027, 4, 13)
    );
}

#[test]
fn complaint_logged_just_after_midnight_bst_on_a_saturday_counts_from_monday() {
    // Sat 10 Oct 2026 00:30 BST is still Fri 9 Oct in UTC (23:30); the procedure counts in
    // Sunderland's time, so it arrived on a Saturday.
    let s = received("2026-10-10 00:30", json!({ "channel": "web" }));
    // 24 hours: Sun 11 Oct 2026 00:30 BST.
    assert_eq!(
        s.deadline("2026-10-10 00:30", Clock::Acknowledgement, Some("stage-1"))
            .due
            .at,
        at("2026-10-11 00:30")
    );
    // Stage 1: day 0 Mon 12 Oct; Tue 13 (1), Wed 14 (2), Thu 15 (3), Fri 16 (4), Mon 19 (5),
    // Tue 20 (6), Wed 21 (7), Thu 22 (8), Fri 23 (9), Mon 26 Oct 2026 (10). (Counting from the
    // UTC date, Fri 9 Oct, would wrongly give Fri 23 Oct.)
    assert_eq!(
        s.due("2026-10-10 00:30", Clock::Response, "stage-1"),
        date(2026, 10, 26)
    );
}

#[test]
fn complaint_sent_late_on_christmas_eve_is_acknowledged_by_christmas_night() {
    let s = received("2026-12-24 23:30", json!({ "channel": "web" }));
    // 24 hours from Thu 24 Dec 2026 23:30: Fri 25 Dec 2026 23:30, Christmas Day or not.
    let ack = s.deadline("2026-12-24 23:30", Clock::Acknowledgement, Some("stage-1"));
    assert_eq!(ack.due.at, at("2026-12-25 23:30"));
    assert_eq!(ack.due.date, date(2026, 12, 25));
    // Stage 1: day 0 Thu 24 Dec (a working day, however late in it); Fri 25 Dec, Sat 26,
    // Sun 27 and Mon 28 Dec skipped; Tue 29 (1), Wed 30 (2), Thu 31 (3); Fri 1 Jan 2027 (New
    // Year's Day) skipped; Mon 4 (4), Tue 5 (5), Wed 6 (6), Thu 7 (7), Fri 8 (8), Mon 11 (9),
    // Tue 12 Jan 2027 (10).
    assert_eq!(
        s.due("2026-12-24 23:30", Clock::Response, "stage-1"),
        date(2027, 1, 12)
    );
}

#[test]
fn every_route_the_procedure_lists_starts_a_case_at_stage_one() {
    // "Ring the Customer Feedback Team", "Email the team", the website's 'get in touch' form,
    // "Write to the Customer Feedback Manager", and (Appendix A) "Ask a member of staff to
    // contact us on your behalf".
    for channel in ["phone", "email", "web", "letter", "via-staff"] {
        let s = received("2027-02-01 10:00", json!({ "channel": channel }));
        let Fact::Received {
            submission,
            first_stage,
            ..
        } = s.last()
        else {
            panic!("not received")
        };
        assert_eq!(
            serde_json::to_value(submission.channel).unwrap(),
            json!(channel)
        );
        assert_eq!(
            first_stage.as_ref().map(|id| id.as_str()),
            Some("stage-1"),
            "{channel}"
        );
        // Mon 1 Feb 2027 10:00 + 24 hours: Tue 2 Feb 2027 10:00.
        assert_eq!(
            s.deadline("2027-02-01 10:00", Clock::Acknowledgement, Some("stage-1"))
                .due
                .at,
            at("2027-02-02 10:00"),
            "{channel}"
        );
    }
}

#[test]
fn routes_the_procedure_does_not_list_are_refused_naming_the_ones_it_does() {
    let s = Scenario::new(TFC);
    // The procedure gives no redirect message for other routes: the officer is told which
    // routes are accepted, including a member of staff contacting the team on the person's
    // behalf (which is how a conversation face to face reaches the team).
    for channel in ["face-to-face", "fax", "social-media", "form", "referral"] {
        let refusal = s.refused(
            "2027-02-01 10:00",
            json!({ "type": "receive", "submission": common::complaint(json!({ "channel": channel })) }),
        );
        assert_eq!(refusal.code.as_str(), "invalid", "{channel}");
        assert_eq!(refusal.field, Some("channel"), "{channel}");
        mentions(&refusal, channel);
        mentions(&refusal, "phone, email, web, letter, via-staff");
    }
    assert!(s.events.is_empty());
}

#[test]
fn compliments_and_comments_are_not_taken_under_the_corporate_complaints_procedure() {
    let s = Scenario::new(TFC);
    for kind in ["compliment", "comment", "suggestion"] {
        let refusal = s.refused(
            "2027-02-01 10:00",
            json!({ "type": "receive", "submission": common::complaint(json!({ "kind": kind })) }),
        );
        assert_eq!(refusal.field, Some("kind"), "{kind}");
        mentions(&refusal, "it takes: complaint");
    }
}

#[test]
fn a_complaint_dated_before_the_procedure_took_effect_is_refused() {
    let s = Scenario::new(TFC);
    // The file's version 1 takes effect on Mon 1 Jan 2024.
    let refusal = s.refused(
        "2023-12-29 10:00",
        json!({ "type": "receive", "submission": common::complaint(json!({})) }),
    );
    assert_eq!(refusal.code.as_str(), "wrong-procedure");
    mentions(&refusal, "Mon 1 Jan 2024");
}

#[test]
fn anonymous_complaint_is_recorded_and_considered() {
    // "complaints received anonymously will be recorded and considered, but action may be
    // limited if further information is required".
    let mut s = received(
        "2027-02-01 10:00",
        json!({ "channel": "web", "complainant": null }),
    );
    let Fact::Received {
        submission,
        first_stage,
        ..
    } = s.last()
    else {
        panic!("not received")
    };
    assert!(submission.complainant.is_none());
    assert_eq!(first_stage.as_ref().map(|id| id.as_str()), Some("stage-1"));
    // There is nobody to acknowledge, so the 24-hour acknowledgement is not owed and never
    // shows as overdue.
    assert_eq!(
        s.status("2027-02-03 10:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::NotNeeded
    );
    // It is still considered at Stage 1: 10 working days from Mon 1 Feb 2027 are Tue 2 (1),
    // Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 (5), Tue 9 (6), Wed 10 (7), Thu 11 (8), Fri 12 (9),
    // Mon 15 Feb 2027 (10).
    assert_eq!(
        s.due("2027-02-01 10:00", Clock::Response, "stage-1"),
        date(2027, 2, 15)
    );
    s.act("2027-02-02 09:00", json!({ "type": "start-investigation" }));
    s.act(
        "2027-02-12 15:00",
        json!({
            "type": "respond",
            "outcome": "not-upheld",
            "findings": "Without dates or names the service could not identify the visit complained about; the concern has been shared with the team manager.",
        }),
    );
    assert_eq!(
        s.status("2027-02-12 15:00", Clock::Response, "stage-1"),
        ClockStatus::Met {
            at: at("2027-02-12 15:00"),
            on_time: true
        }
    );
}

#[test]
fn a_representative_may_complain_for_the_customer_with_written_authority_or_power_of_attorney() {
    // "We will accept complaints from third parties acting on behalf of the customer ... We will
    // ask the customer for written authority (or copy of Power of Attorney)".
    let s = received(
        "2027-02-01 10:00",
        json!({
            "channel": "letter",
            "representative": {
                "contact": { "name": "R Advocate", "email": "advice@example.org" },
                "relationship": "advice organisation",
                "written_authority": true
            },
            "adjustments": "Polish interpreter for telephone calls"
        }),
    );
    let Fact::Received { submission, .. } = s.last() else {
        panic!("not received")
    };
    let representative = submission
        .representative
        .as_ref()
        .expect("the representative is recorded");
    assert!(representative.written_authority);
    assert_eq!(
        submission.adjustments.as_deref(),
        Some("Polish interpreter for telephone calls")
    );

    // A representative whose authority has not yet arrived is still recorded, with the fact
    // that the authority is outstanding, so the team knows to ask for it.
    let s = received(
        "2027-02-01 10:00",
        json!({
            "representative": {
                "contact": { "name": "M Daughter" },
                "relationship": "daughter, holding Lasting Power of Attorney"
            }
        }),
    );
    let Fact::Received { submission, .. } = s.last() else {
        panic!("not received")
    };
    assert!(
        !submission
            .representative
            .as_ref()
            .unwrap()
            .written_authority
    );

    // Someone acting for another must say in what capacity.
    let refusal = Scenario::new(TFC).refused(
        "2027-02-01 10:00",
        json!({
            "type": "receive",
            "submission": common::complaint(json!({
                "representative": { "contact": { "name": "A Friend" }, "relationship": " " }
            }))
        }),
    );
    assert_eq!(refusal.code.as_str(), "missing");
    assert_eq!(refusal.field, Some("representative.relationship"));
}

// ------------------------------------------------------------------------------------------
// The 12-month timescale for making a complaint
// ------------------------------------------------------------------------------------------

#[test]
fn complaint_made_twelve_months_to_the_day_after_the_event_is_in_time() {
    let mut s = received("2026-11-20 10:00", json!({ "happened_on": "2025-11-20" }));
    // Event Thu 20 Nov 2025; twelve months later is Fri 20 Nov 2026, the day it arrived.
    assert_eq!(
        s.case.time_limit.as_ref().map(|t| (t.last_day, t.late)),
        Some((date(2026, 11, 20), false))
    );
    s.act("2026-11-20 11:00", scope(json!({ "decision": "in-scope" })));
    let refusal = s.refused(
        "2026-11-20 11:00",
        scope(json!({ "decision": "out-of-time" })),
    );
    assert_eq!(refusal.field, Some("decision"));
    let refusal = s.refused(
        "2026-11-20 11:00",
        scope(json!({ "decision": "late-accepted", "reason": "illness" })),
    );
    assert_eq!(refusal.field, Some("decision"));
    mentions(&refusal, "not late");
}

#[test]
fn complaint_made_more_than_twelve_months_after_the_event_needs_special_circumstances() {
    let mut s = received("2026-11-23 10:00", json!({ "happened_on": "2025-11-20" }));
    // Event Thu 20 Nov 2025; the last day in time was Fri 20 Nov 2026; received Mon 23 Nov.
    let limit = s
        .case
        .time_limit
        .clone()
        .expect("the time limit is worked out at receipt");
    assert_eq!(
        (limit.counted_from, limit.last_day, limit.late),
        (date(2025, 11, 20), date(2026, 11, 20), true)
    );

    let refusal = s.refused("2026-11-23 11:00", scope(json!({ "decision": "in-scope" })));
    assert_eq!(refusal.field, Some("decision"));
    mentions(&refusal, "Fri 20 Nov 2026");
    mentions(&refusal, "special circumstances");
    // Nor can it be answered until someone decides.
    let refusal = s.refused("2026-11-23 11:00", respond("not-upheld", json!([])));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, "Fri 20 Nov 2026");
    // "will only be investigated if there are special circumstances surrounding the delay".
    let refusal = s.refused(
        "2026-11-23 11:00",
        scope(json!({ "decision": "late-accepted", "reason": "" })),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("reason"))
    );
    s.act(
        "2026-11-23 11:00",
        scope(json!({ "decision": "late-accepted", "reason": "in hospital for most of the year" })),
    );
    s.act("2026-11-27 11:00", respond("not-upheld", json!([])));
    assert!(matches!(s.last(), Fact::Responded { .. }));
}

#[test]
fn the_twelve_months_run_from_when_the_complainant_became_aware() {
    // "the date of the event which gives rise to the complaint, or the date the complainant
    // became aware of it": the event was Tue 2 Jun 2025, the parent learned of it on Thu 15 Jan
    // 2026, so the last day is Fri 15 Jan 2027 and a complaint on Mon 23 Nov 2026 is in time.
    let mut s = received(
        "2026-11-23 10:00",
        json!({ "happened_on": "2025-06-02", "became_aware_on": "2026-01-15" }),
    );
    let limit = s.case.time_limit.clone().unwrap();
    assert_eq!(
        (limit.counted_from, limit.last_day, limit.late),
        (date(2026, 1, 15), date(2027, 1, 15), false)
    );
    s.act("2026-11-23 11:00", scope(json!({ "decision": "in-scope" })));
}

#[test]
fn a_complaint_out_of_time_without_special_circumstances_is_closed() {
    let mut s = received("2026-11-23 10:00", json!({ "happened_on": "2025-06-02" }));
    // Event Mon 2 Jun 2025; the last day was Tue 2 Jun 2026.
    assert_eq!(
        s.case.time_limit.as_ref().map(|t| t.last_day),
        Some(date(2026, 6, 2))
    );
    let events = s.act(
        "2026-11-23 11:00",
        scope(json!({ "decision": "out-of-time" })),
    );
    let Fact::ScopeDecided { route, .. } = &events[0].fact else {
        panic!("no scope decision")
    };
    assert!(
        route.as_deref().is_some_and(|r| r.contains("time limit")),
        "{route:?}"
    );
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::OutOfScope,
            ..
        }
    ));
    // Closed: its clocks are no longer owed.
    assert_eq!(
        s.status("2026-12-10 09:00", Clock::Response, "stage-1"),
        ClockStatus::NotNeeded
    );
}

#[test]
fn events_cannot_be_dated_after_the_complaint_arrived() {
    let refusal = Scenario::new(TFC).refused(
        "2026-11-23 10:00",
        json!({ "type": "receive", "submission": common::complaint(json!({ "happened_on": "2026-11-24" })) }),
    );
    assert_eq!(refusal.field, Some("happened_on"));
}

// ------------------------------------------------------------------------------------------
// What is not a complaint: each exclusion goes where the procedure routes it
// ------------------------------------------------------------------------------------------

#[test]
fn each_matter_outside_the_procedure_is_routed_where_the_procedure_says() {
    // (exclusion, words from the seed that the route must carry)
    let table: [(&str, &[&str]); 11] = [
        ("data-protection", &["Data Protection service"]),
        ("childrens-social-care", &["statutory"]),
        ("employment", &["Customer Feedback Team"]),
        ("financial-impropriety", &["Director of Finance"]),
        ("allegations-against-adults", &["Designated Officer"]),
        ("staff-misconduct", &["Human Resource", "disciplinary"]),
        ("legal-or-appeal", &["appeal"]),
        (
            "policy",
            &[
                "explained",
                "explanation of the policy",
                "senior management",
            ],
        ),
        ("unpopular-decisions", &["explained", "not investigated"]),
        ("already-investigated", &["already investigated", LGSCO]),
        ("schools-and-partners", &["own complaints procedure"]),
    ];
    for (exclusion, words) in table {
        let mut s = received("2027-02-01 10:00", json!({}));
        // Allegations against adults are "referred immediately": the decision is dated the
        // minute the complaint arrived.
        let events = s.act(
            "2027-02-01 10:00",
            scope(json!({ "decision": "excluded", "exclusion": exclusion })),
        );
        let Fact::ScopeDecided { route, .. } = &events[0].fact else {
            panic!("no scope decision")
        };
        let route = route
            .as_deref()
            .unwrap_or_else(|| panic!("{exclusion} has no route"));
        // What the customer is told: where the matter goes, and the procedure's note on it.
        let note = s
            .procedure
            .exclusions
            .iter()
            .find(|e| e.id == exclusion)
            .and_then(|e| e.note.clone());
        let told = format!("{route} {}", note.unwrap_or_default());
        for word in words {
            assert!(
                told.contains(word),
                "{exclusion}: {told:?} should mention {word:?}"
            );
        }
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
        // Routed elsewhere: nothing more is owed under this procedure.
        assert_eq!(
            s.status("2027-02-20 10:00", Clock::Acknowledgement, "stage-1"),
            ClockStatus::NotNeeded
        );
        assert_eq!(
            s.status("2027-02-20 10:00", Clock::Response, "stage-1"),
            ClockStatus::NotNeeded
        );
        let refusal = s.refused("2027-02-02 10:00", json!({ "type": "acknowledge" }));
        assert_eq!(refusal.code.as_str(), "closed", "{exclusion}");
    }
}

#[test]
fn an_exclusion_the_procedure_does_not_have_is_refused_with_those_it_has() {
    let s = received("2027-02-01 10:00", json!({}));
    let refusal = s.refused(
        "2027-02-01 10:00",
        scope(json!({ "decision": "excluded", "exclusion": "housing" })),
    );
    assert_eq!(refusal.field, Some("exclusion"));
    mentions(&refusal, "data-protection");
    mentions(&refusal, "schools-and-partners");
}

#[test]
fn once_answered_the_scope_of_a_complaint_is_settled() {
    let s = answered_before_christmas();
    let refusal = s.refused(
        "2026-12-18 10:00",
        scope(json!({ "decision": "excluded", "exclusion": "policy" })),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
}

// ------------------------------------------------------------------------------------------
// Immediate resolution or Stage 1
// ------------------------------------------------------------------------------------------

#[test]
fn the_customer_feedback_manager_may_resolve_a_complaint_immediately() {
    let mut s = received("2027-02-01 10:00", json!({ "channel": "phone" }));
    let events = s.act(
        "2027-02-01 15:00",
        json!({ "type": "resolve-informally", "summary": "The missed call-back was made the same afternoon and the parent is content." }),
    );
    assert!(matches!(events[0].fact, Fact::ResolvedInformally { .. }));
    assert!(matches!(
        events[1].fact,
        Fact::Closed {
            how: Ending::ResolvedInformally,
            ..
        }
    ));
    // Resolved within the 24 hours: neither an acknowledgement nor a Stage 1 response is owed.
    assert_eq!(
        s.status("2027-02-03 10:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::NotNeeded
    );
    assert_eq!(
        s.status("2027-02-20 10:00", Clock::Response, "stage-1"),
        ClockStatus::NotNeeded
    );
    let refusal = s.refused("2027-02-02 10:00", escalate(json!(["outcome"])));
    assert_eq!(refusal.code.as_str(), "closed");
    let refusal = s.refused(
        "2027-02-02 10:00",
        json!({ "type": "resolve-informally", "summary": " " }),
    );
    assert_eq!(refusal.code.as_str(), "closed");
}

#[test]
fn a_complaint_needing_investigation_goes_to_stage_one_where_there_is_no_mediation() {
    let mut s = received("2027-02-01 10:00", json!({}));
    let refusal = s.refused(
        "2027-02-01 11:00",
        json!({ "type": "resolve-informally", "summary": "" }),
    );
    assert_eq!(refusal.field, Some("summary"));
    s.act(
        "2027-02-01 11:00",
        json!({ "type": "start-investigation", "reason": "several teams are involved" }),
    );
    assert!(matches!(s.last(), Fact::InvestigationStarted { .. }));
    let again = s.refused("2027-02-02 11:00", json!({ "type": "start-investigation" }));
    assert_eq!(again.code, "not-allowed-now");
    mentions(&again, "Mon 1 Feb 2027");
    // The procedure offers no mediation.
    let refusal = s.refused(
        "2027-02-02 11:00",
        json!({ "type": "offer-mediation", "by": "feedback-manager" }),
    );
    assert_eq!(refusal.code.as_str(), "not-in-procedure");
}

// ------------------------------------------------------------------------------------------
// Who handles each stage
// ------------------------------------------------------------------------------------------

#[test]
fn officer_and_service_manager_handle_stage_one_and_a_new_investigating_officer_stage_two() {
    let mut s = received(
        "2026-12-11 16:00",
        json!({ "people_named": [{ "name": "Sam Carter", "role": "service-manager" }] }),
    );
    // Sam Carter manages the service but is named in the complaint: not as its handler.
    let refusal = s.refused(
        "2026-12-14 09:00",
        json!({ "type": "assign-handler", "name": "Sam Carter", "role": "service-manager" }),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("conflict-of-interest", Some("name"))
    );
    mentions(&refusal, "Sam Carter is named in the complaint");
    let refusal = s.refused(
        "2026-12-14 09:00",
        json!({ "type": "assign-handler", "name": " sam  CARTER ", "role": "feedback-officer" }),
    );
    assert_eq!(refusal.code.as_str(), "conflict-of-interest");

    // Someone named after receipt is excluded the same way.
    s.act(
        "2026-12-14 09:00",
        json!({ "type": "name-person", "person": { "name": "Chris Dunn" } }),
    );
    let refusal = s.refused(
        "2026-12-14 09:05",
        json!({ "type": "assign-handler", "name": "Chris Dunn", "role": "feedback-officer" }),
    );
    assert_eq!(refusal.code.as_str(), "conflict-of-interest");

    // "looked at by an Officer within the Customer Feedback Team and the Manager that has
    // responsibility for the service": either may be recorded; no one else.
    let refusal = s.refused(
        "2026-12-14 09:05",
        json!({ "type": "assign-handler", "name": "Morgan Lee", "role": "investigating-officer" }),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("role"))
    );
    mentions(&refusal, "Officer within the Customer Feedback Team");
    mentions(
        &refusal,
        "Manager responsible for the service complained about",
    );
    s.act(
        "2026-12-14 09:05",
        json!({ "type": "assign-handler", "name": "Priya Shah", "role": "service-manager" }),
    );
    s.act(
        "2026-12-14 09:10",
        json!({ "type": "assign-handler", "name": "Alex Reed", "role": "feedback-officer" }),
    );
    let Fact::HandlerAssigned { name, role, .. } = s.last() else {
        panic!("not assigned")
    };
    assert_eq!(
        (name.as_str(), role.as_str()),
        ("Alex Reed", "feedback-officer")
    );
    // No panel is drawn under this procedure.
    let refusal = s.refused(
        "2026-12-14 09:10",
        json!({ "type": "draw-panel", "candidates": [{ "id": "m1", "name": "Member One" }], "seed": 7 }),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, "not handled by a panel");

    s.act("2026-12-17 11:00", respond("not-upheld", json!([])));
    s.act("2026-12-18 10:00", escalate(json!(["handling"])));
    assert_eq!(s.stage(), "stage-2");
    // "The Investigating Officer will review how the complaint was dealt with": not the
    // officer who dealt with it at Stage 1.
    let refusal = s.refused(
        "2026-12-18 11:00",
        json!({ "type": "assign-handler", "name": "Alex Reed", "role": "investigating-officer" }),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("conflict-of-interest", Some("name"))
    );
    mentions(&refusal, "Stage 1");
    // Nor the manager who looked at it with the officer.
    let refusal = s.refused(
        "2026-12-18 11:00",
        json!({ "type": "assign-handler", "name": "Priya Shah", "role": "investigating-officer" }),
    );
    assert_eq!(refusal.code.as_str(), "conflict-of-interest");
    let refusal = s.refused(
        "2026-12-18 11:00",
        json!({ "type": "assign-handler", "name": "Morgan Lee", "role": "feedback-officer" }),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("role"))
    );
    mentions(&refusal, "Investigating Officer");
    s.act(
        "2026-12-18 11:00",
        json!({ "type": "assign-handler", "name": "Morgan Lee", "role": "investigating-officer" }),
    );
}

// ------------------------------------------------------------------------------------------
// Longer than 10 working days: holding letters, updates, stopping the clock
// ------------------------------------------------------------------------------------------

#[test]
fn a_complicated_complaint_takes_longer_and_the_customer_is_told_the_new_timescale() {
    let mut s = received("2026-12-11 16:00", json!({}));
    s.act("2026-12-12 09:30", json!({ "type": "acknowledge" }));
    // Due Tue 29 Dec 2026 (see the Friday 16:00 complaint above).
    assert_eq!(
        s.due("2026-12-14 09:00", Clock::Response, "stage-1"),
        date(2026, 12, 29)
    );

    let refusal = s.refused(
        "2026-12-21 10:00",
        json!({ "type": "extend-deadline", "new_date": "2026-12-29", "reason": "three teams involved" }),
    );
    assert_eq!(refusal.field, Some("new_date"));
    mentions(&refusal, "Tue 29 Dec 2026");
    let refusal = s.refused(
        "2026-12-21 10:00",
        json!({ "type": "extend-deadline", "new_date": "2027-01-08", "reason": " " }),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("reason"))
    );

    // "it may take longer than 10 working days, but the customer will be kept updated about the
    // timescale that we are working to": the holding letter gives the reason and the new date.
    s.act(
        "2026-12-21 10:00",
        json!({ "type": "extend-deadline", "new_date": "2027-01-08", "reason": "three teams are involved and records are being gathered" }),
    );
    let holding = letter(s.last());
    assert_eq!(holding.kind, LetterKind::HoldingLetter);
    assert!(
        holding
            .says(Statement::Reason)
            .is_some_and(|r| r.contains("three teams are involved"))
    );
    assert_eq!(
        holding.says(Statement::NewDate),
        Some("You will receive our response by Fri 8 Jan 2027.")
    );
    assert_eq!(
        s.due("2026-12-21 10:00", Clock::Response, "stage-1"),
        date(2027, 1, 8)
    );
    assert_eq!(
        s.status("2026-12-30 10:00", Clock::Response, "stage-1"),
        ClockStatus::Open
    );

    // No limit is set on how far the date may move: a second letter moves it again.
    s.act("2027-01-07 10:00", json!({ "type": "extend-deadline", "new_date": "2027-01-29", "reason": "waiting for the transport provider" }));
    assert_eq!(
        s.due("2027-01-07 10:00", Clock::Response, "stage-1"),
        date(2027, 1, 29)
    );
    s.act("2027-01-15 10:00", json!({ "type": "send-update", "summary": "Provider's records received; on track for 29 January." }));
    assert!(matches!(s.last(), Fact::UpdateSent { .. }));
    let refusal = s.refused(
        "2027-01-15 10:00",
        json!({ "type": "send-update", "summary": "" }),
    );
    assert_eq!(refusal.field, Some("summary"));
    // "kept updated" sets no interval, so no update ever falls due on a date.
    assert!(
        s.deadlines("2027-01-28 10:00")
            .iter()
            .all(|d| d.clock != Clock::Update)
    );
    assert!(
        s.deadlines("2027-01-28 10:00")
            .iter()
            .all(|d| d.clock != Clock::HoldingLetter)
    );
    assert_eq!(
        s.status("2027-01-30 10:00", Clock::Response, "stage-1"),
        ClockStatus::Overdue
    );
}

#[test]
fn the_clock_stops_while_waiting_for_the_customers_written_authority() {
    let mut s = received(
        "2026-12-07 10:00",
        json!({ "representative": { "contact": { "name": "R Advocate" }, "relationship": "advocate" } }),
    );
    // 10 working days from Mon 7 Dec 2026: Tue 8 (1), Wed 9 (2), Thu 10 (3), Fri 11 (4),
    // Mon 14 (5), Tue 15 (6), Wed 16 (7), Thu 17 (8), Fri 18 (9), Mon 21 Dec 2026 (10).
    assert_eq!(
        s.due("2026-12-07 10:00", Clock::Response, "stage-1"),
        date(2026, 12, 21)
    );
    s.act("2026-12-09 11:00", json!({ "type": "pause-clock", "reason": "waiting for the customer's written authority for the advocate" }));
    let refusal = s.refused(
        "2026-12-10 11:00",
        json!({ "type": "pause-clock", "reason": "again" }),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    // Stopped on Wed 9 Dec; on Fri 11 Dec it has been stopped for the working days after Wed 9
    // up to Fri 11: Thu 10 and Fri 11, two. 10 + 2 = 12 working days from Mon 7 Dec: ... Mon 21
    // (10), Tue 22 (11), Wed 23 Dec 2026 (12).
    assert_eq!(
        s.status("2026-12-11 12:00", Clock::Response, "stage-1"),
        ClockStatus::Paused
    );
    assert_eq!(
        s.due("2026-12-11 12:00", Clock::Response, "stage-1"),
        date(2026, 12, 23)
    );

    s.act(
        "2026-12-15 14:00",
        json!({ "type": "receive-information", "summary": "Signed authority received" }),
    );
    s.act("2026-12-15 14:00", json!({ "type": "resume-clock" }));
    let refusal = s.refused("2026-12-15 15:00", json!({ "type": "resume-clock" }));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    // Stopped Wed 9 to Tue 15 Dec: Thu 10, Fri 11, Mon 14, Tue 15 — four working days. 14
    // working days from Mon 7 Dec: ... Mon 21 (10), Tue 22 (11), Wed 23 (12), Thu 24 (13); Fri 25
    // Dec, Sat 26, Sun 27 and Mon 28 Dec skipped; Tue 29 Dec 2026 (14).
    assert_eq!(
        s.due("2026-12-15 14:00", Clock::Response, "stage-1"),
        date(2026, 12, 29)
    );
    assert_eq!(
        s.status("2026-12-22 10:00", Clock::Response, "stage-1"),
        ClockStatus::Open
    );
}

// ------------------------------------------------------------------------------------------
// Responses and remedies
// ------------------------------------------------------------------------------------------

#[test]
fn an_upheld_complaint_needs_an_apology_or_explanation_and_other_remedies_a_senior_manager() {
    let s = received("2027-02-01 10:00", json!({}));
    let when = "2027-02-10 10:00";

    // "An apology and/or explanation will always be needed where any part of the complaint is
    // upheld."
    let refusal = s.refused(when, respond("upheld", json!([])));
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("remedies"))
    );
    mentions(&refusal, "apology or explanation");
    let refusal = s.refused(
        when,
        respond(
            "partly-upheld",
            json!([{ "kind": "practical-action", "description": "Transport arranged from Monday", "agreed_by": "Head of Service" }]),
        ),
    );
    assert_eq!(refusal.field, Some("remedies"));

    // "Remedies will be considered that are appropriate and proportionate to the findings and
    // where agreement has been reached with the appropriate Senior Manager."
    let refusal = s.refused(
        when,
        respond(
            "upheld",
            json!([
                { "kind": "apology", "description": "We apologise." },
                { "kind": "practical-action", "description": "Transport arranged from Monday" }
            ]),
        ),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("remedies.agreed_by"))
    );
    mentions(&refusal, "Senior Manager");
    let refusal = s.refused(
        when,
        respond(
            "upheld",
            json!([{ "kind": "recommendation", "description": "Review the policy" }]),
        ),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("remedies.kind"))
    );
    mentions(
        &refusal,
        "apology, explanation, practical-action, change, other",
    );

    // Outcomes and the way the stage is carried out are those of the procedure.
    let refusal = s.refused(when, respond("undecided", json!([])));
    assert_eq!(refusal.field, Some("outcome"));
    mentions(&refusal, "upheld, partly-upheld, not-upheld");
    let mut mediated = respond("not-upheld", json!([]));
    mediated["mode"] = json!("mediation");
    assert_eq!(s.refused(when, mediated).field, Some("mode"));
    let mut no_findings = respond("not-upheld", json!([]));
    no_findings["findings"] = json!("");
    assert_eq!(s.refused(when, no_findings).field, Some("findings"));

    // An explanation alone is enough; a change agreed with a senior manager may go with it.
    let mut s = s;
    s.act(
        when,
        respond(
            "upheld",
            json!([
                { "kind": "explanation", "description": "We explain why the assessment took eight weeks." },
                { "kind": "change", "description": "Assessments will be tracked weekly", "agreed_by": "Head of Education Services" }
            ]),
        ),
    );
    let response = letter(s.last());
    assert_eq!(response.kind, LetterKind::Response);
    assert_eq!(response.says(Statement::Outcome), Some("Outcome: upheld."));
    assert!(
        response
            .says(Statement::Findings)
            .is_some_and(|f| f.contains("assessment was late"))
    );
    let actions = response
        .says(Statement::Actions)
        .expect("the response sets out the action taken");
    assert!(
        actions.contains("eight weeks") && actions.contains("tracked weekly"),
        "{actions}"
    );
    // Answered Wed 10 Feb 2027: 20 working days for Stage 2 are Thu 11 (1), Fri 12 (2),
    // Mon 15 (3), Tue 16 (4), Wed 17 (5), Thu 18 (6), Fri 19 (7), Mon 22 (8), Tue 23 (9),
    // Wed 24 (10), Thu 25 (11), Fri 26 (12), Mon 1 Mar (13), Tue 2 (14), Wed 3 (15), Thu 4 (16),
    // Fri 5 (17), Mon 8 (18), Tue 9 (19), Wed 10 Mar 2027 (20).
    let rights = response
        .says(Statement::EscalationRights)
        .expect("the response says how to go to Stage 2");
    assert!(
        rights.contains("Stage 2") && rights.contains("Wed 10 Mar 2027"),
        "{rights}"
    );
}

#[test]
fn a_complaint_not_upheld_needs_no_remedy() {
    let mut s = received("2027-02-01 10:00", json!({}));
    s.act("2027-02-10 10:00", respond("not-upheld", json!([])));
    let response = letter(s.last());
    assert_eq!(
        response.says(Statement::Outcome),
        Some("Outcome: not-upheld.")
    );
    assert_eq!(response.says(Statement::Actions), None);
}

// ------------------------------------------------------------------------------------------
// Stage 2: three grounds, 20 working days, 25 working days to answer
// ------------------------------------------------------------------------------------------

#[test]
fn escalated_on_the_last_day_of_the_window_across_christmas_and_answered_at_stage_two() {
    let mut s = answered_before_christmas();
    assert_eq!(
        s.status("2026-12-17 11:00", Clock::Response, "stage-1"),
        ClockStatus::Met {
            at: at("2026-12-17 11:00"),
            on_time: true
        }
    );
    // Answered Thu 17 Dec 2026. "within 20 working days": Fri 18 (1), Mon 21 (2), Tue 22 (3),
    // Wed 23 (4), Thu 24 (5); Fri 25 Dec, Sat 26, Sun 27, Mon 28 Dec skipped; Tue 29 (6),
    // Wed 30 (7), Thu 31 (8); Fri 1 Jan 2027 skipped; Mon 4 (9), Tue 5 (10), Wed 6 (11),
    // Thu 7 (12), Fri 8 (13), Mon 11 (14), Tue 12 (15), Wed 13 (16), Thu 14 (17), Fri 15 (18),
    // Mon 18 (19), Tue 19 Jan 2027 (20).
    assert_eq!(
        s.due("2026-12-17 11:00", Clock::EscalationWindow, "stage-1"),
        date(2027, 1, 19)
    );
    let rights = letter(
        &s.events
            .iter()
            .rev()
            .find(|e| matches!(e.fact, Fact::Responded { .. }))
            .unwrap()
            .fact,
    )
    .says(Statement::EscalationRights)
    .unwrap()
    .to_owned();
    assert!(rights.contains("Tue 19 Jan 2027"), "{rights}");
    assert_eq!(
        s.status("2027-01-19 23:59", Clock::EscalationWindow, "stage-1"),
        ClockStatus::Open
    );

    // On the last day, by telephone ("contact the Customer Feedback Team"): no need to write.
    let events = s.act("2027-01-19 16:45", escalate(json!(["outcome", "handling"])));
    let Fact::EscalationRequested {
        from,
        to,
        window,
        late_reason,
        ..
    } = &events[0].fact
    else {
        panic!("not escalated")
    };
    assert_eq!((from.as_str(), to.as_str()), ("stage-1", "stage-2"));
    assert_eq!(window.map(|w| w.date), Some(date(2027, 1, 19)));
    assert_eq!(*late_reason, None);
    assert_eq!(s.stage(), "stage-2");
    assert_eq!(
        s.status("2027-01-20 10:00", Clock::EscalationWindow, "stage-1"),
        ClockStatus::Met {
            at: at("2027-01-19 16:45"),
            on_time: true
        }
    );

    // Stage 2, "within 25 working days" of the request on Tue 19 Jan 2027: Wed 20 (1), Thu 21 (2),
    // Fri 22 (3), Mon 25 (4), Tue 26 (5), Wed 27 (6), Thu 28 (7), Fri 29 (8), Mon 1 Feb (9),
    // Tue 2 (10), Wed 3 (11), Thu 4 (12), Fri 5 (13), Mon 8 (14), Tue 9 (15), Wed 10 (16),
    // Thu 11 (17), Fri 12 (18), Mon 15 (19), Tue 16 (20), Wed 17 (21), Thu 18 (22), Fri 19 (23),
    // Mon 22 (24), Tue 23 Feb 2027 (25).
    assert_eq!(
        s.due("2027-01-19 16:45", Clock::Response, "stage-2"),
        date(2027, 2, 23)
    );
    // The procedure sets no acknowledgement time for a request for Stage 2.
    assert!(
        s.deadlines("2027-01-20 10:00")
            .iter()
            .all(|d| !(d.clock == Clock::Acknowledgement
                && d.stage.as_ref().is_some_and(|id| id.as_str() == "stage-2")))
    );
    s.act("2027-01-20 10:00", json!({ "type": "acknowledge" }));
    let next_steps = letter(s.last())
        .says(Statement::NextSteps)
        .unwrap()
        .to_owned();
    assert!(
        next_steps.contains("request to escalate") && next_steps.contains("Stage 2"),
        "{next_steps}"
    );
    s.act(
        "2027-01-20 10:30",
        json!({ "type": "assign-handler", "name": "Morgan Lee", "role": "investigating-officer" }),
    );

    // Informal resolution comes before the formal stages.
    let refusal = s.refused(
        "2027-01-21 10:00",
        json!({ "type": "resolve-informally", "summary": "agreed" }),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");

    // The Investigating Officer reviews the handling and the Stage 1 findings.
    let mut review = respond("not-upheld", json!([]));
    review["mode"] = json!("review");
    review["findings"] =
        json!("Stage 1 investigated the delay fully; I agree with its findings and outcome.");
    s.act("2027-02-22 15:00", review);
    assert_eq!(
        s.status("2027-02-22 15:00", Clock::Response, "stage-2"),
        ClockStatus::Met {
            at: at("2027-02-22 15:00"),
            on_time: true
        }
    );
    let response = letter(s.last());
    assert_eq!(
        response.says(Statement::EscalationRights),
        Some("Stage 2 is the final stage of our procedure.")
    );
    let ombudsman = response
        .says(Statement::Ombudsman)
        .expect("the final response names the Ombudsman");
    assert!(
        ombudsman.contains(LGSCO) && ombudsman.contains("at any time"),
        "{ombudsman}"
    );

    // There is nothing after Stage 2 but the Ombudsman.
    let refusal = s.refused("2027-02-23 10:00", escalate(json!(["outcome"])));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, LGSCO);
    let refusal = s.refused(
        "2027-02-23 10:00",
        json!({ "type": "refuse-escalation", "reason": "final stage" }),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    // No window to wait for after the final stage: the case closes at once.
    s.act("2027-02-23 10:00", json!({ "type": "close" }));
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Completed,
            delete_after: None,
            ..
        }
    ));
    s.act("2027-03-15 10:00", json!({ "type": "refer-externally", "body": LGSCO, "note": "Ombudsman enquiry answered with the LGO Link Officer" }));
    assert_eq!(s.case.referred_to, vec![LGSCO.to_owned()]);
}

#[test]
fn escalation_one_day_after_the_window_is_refused_then_accepted_with_a_reason() {
    let mut s = answered_before_christmas();
    // The window closed at the end of Tue 19 Jan 2027 (see above); Wed 20 Jan is day 21.
    assert_eq!(
        s.status("2027-01-20 00:00", Clock::EscalationWindow, "stage-1"),
        ClockStatus::Lapsed
    );
    let refusal = s.refused("2027-01-20 09:00", escalate(json!(["outcome"])));
    assert_eq!(refusal.code.as_str(), "late");
    mentions(&refusal, "Tue 19 Jan 2027");
    mentions(&refusal, "late_reason");
    let mut late = escalate(json!(["outcome"]));
    late["late_reason"] = json!("The customer was in hospital over New Year.");
    let events = s.act("2027-01-20 09:00", late);
    let Fact::EscalationRequested {
        late_reason,
        window,
        ..
    } = &events[0].fact
    else {
        panic!("not escalated")
    };
    assert_eq!(
        late_reason.as_deref(),
        Some("The customer was in hospital over New Year.")
    );
    assert_eq!(window.map(|w| w.date), Some(date(2027, 1, 19)));
    assert_eq!(
        s.status("2027-01-20 09:00", Clock::EscalationWindow, "stage-1"),
        ClockStatus::Met {
            at: at("2027-01-20 09:00"),
            on_time: false
        }
    );
    // 25 working days from Wed 20 Jan 2027: Thu 21 (1), Fri 22 (2), Mon 25 (3), Tue 26 (4),
    // Wed 27 (5), Thu 28 (6), Fri 29 (7), Mon 1 Feb (8), Tue 2 (9), Wed 3 (10), Thu 4 (11),
    // Fri 5 (12), Mon 8 (13), Tue 9 (14), Wed 10 (15), Thu 11 (16), Fri 12 (17), Mon 15 (18),
    // Tue 16 (19), Wed 17 (20), Thu 18 (21), Fri 19 (22), Mon 22 (23), Tue 23 (24), Wed 24 Feb (25).
    assert_eq!(
        s.due("2027-01-20 09:00", Clock::Response, "stage-2"),
        date(2027, 2, 24)
    );
}

#[test]
fn a_late_request_for_stage_two_may_be_refused_and_the_case_closed() {
    let mut s = answered_before_christmas();
    let refusal = s.refused("2027-01-25 09:00", escalate(json!(["handling"])));
    assert_eq!(refusal.code.as_str(), "late");
    let refusal = s.refused(
        "2027-01-25 09:00",
        json!({ "type": "refuse-escalation", "reason": "" }),
    );
    assert_eq!(refusal.field, Some("reason"));
    s.act("2027-01-25 09:00", json!({ "type": "refuse-escalation", "reason": "Asked four working days after the window closed, with no reason for the delay." }));
    assert!(matches!(s.last(), Fact::EscalationRefused { .. }));
    assert_eq!(s.stage(), "stage-1");
    s.act("2027-01-25 09:30", json!({ "type": "close" }));
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Completed,
            ..
        }
    ));
}

#[test]
fn stage_two_inside_the_window_is_answered_within_twenty_five_working_days_across_easter() {
    let mut s = received("2027-02-22 10:00", json!({ "channel": "letter" }));
    // 10 working days from Mon 22 Feb 2027: Tue 23 (1), Wed 24 (2), Thu 25 (3), Fri 26 (4),
    // Mon 1 Mar (5), Tue 2 (6), Wed 3 (7), Thu 4 (8), Fri 5 (9), Mon 8 Mar 2027 (10).
    assert_eq!(
        s.due("2027-02-22 10:00", Clock::Response, "stage-1"),
        date(2027, 3, 8)
    );
    s.act("2027-03-04 12:00", respond("upheld", apology()));
    // Answered Thu 4 Mar 2027: Fri 5 (1), Mon 8 (2), Tue 9 (3), Wed 10 (4), Thu 11 (5),
    // Fri 12 (6), Mon 15 (7), Tue 16 (8), Wed 17 (9), Thu 18 (10), Fri 19 (11), Mon 22 (12),
    // Tue 23 (13), Wed 24 (14), Thu 25 (15); Fri 26 Mar (Good Friday), Sat 27, Sun 28 and
    // Mon 29 Mar (Easter Monday) skipped; Tue 30 (16), Wed 31 (17), Thu 1 Apr (18), Fri 2 (19),
    // Mon 5 Apr 2027 (20).
    assert_eq!(
        s.due("2027-03-04 12:00", Clock::EscalationWindow, "stage-1"),
        date(2027, 4, 5)
    );

    // Inside the window (working day 5), unhappy with how it was handled.
    s.act("2027-03-11 10:00", escalate(json!(["handling"])));
    // 25 working days from Thu 11 Mar 2027: Fri 12 (1), Mon 15 (2), Tue 16 (3), Wed 17 (4),
    // Thu 18 (5), Fri 19 (6), Mon 22 (7), Tue 23 (8), Wed 24 (9), Thu 25 (10); Fri 26 Mar,
    // Sat 27, Sun 28 and Mon 29 Mar skipped; Tue 30 (11), Wed 31 (12), Thu 1 Apr (13), Fri 2 (14),
    // Mon 5 (15), Tue 6 (16), Wed 7 (17), Thu 8 (18), Fri 9 (19), Mon 12 (20), Tue 13 (21),
    // Wed 14 (22), Thu 15 (23), Fri 16 (24), Mon 19 Apr 2027 (25).
    assert_eq!(
        s.due("2027-03-11 10:00", Clock::Response, "stage-2"),
        date(2027, 4, 19)
    );

    // "We will always ensure that customers are kept updated about the timescale".
    s.act("2027-04-14 10:00", json!({ "type": "extend-deadline", "new_date": "2027-04-30", "reason": "the Investigating Officer is interviewing two former staff" }));
    assert_eq!(
        letter(s.last()).says(Statement::NewDate),
        Some("You will receive our response by Fri 30 Apr 2027.")
    );
    assert_eq!(
        s.due("2027-04-14 10:00", Clock::Response, "stage-2"),
        date(2027, 4, 30)
    );
    assert_eq!(
        s.status("2027-04-20 10:00", Clock::Response, "stage-2"),
        ClockStatus::Open
    );
}

#[test]
fn with_no_response_in_the_set_timescale_the_customer_may_go_to_stage_two_before_one_arrives() {
    let mut s = received("2027-04-20 10:00", json!({ "channel": "email" }));
    // 10 working days from Tue 20 Apr 2027: Wed 21 (1), Thu 22 (2), Fri 23 (3), Mon 26 (4),
    // Tue 27 (5), Wed 28 (6), Thu 29 (7), Fri 30 (8); Mon 3 May (early May bank holiday)
    // skipped; Tue 4 (9), Wed 5 May 2027 (10).
    assert_eq!(
        s.due("2027-04-20 10:00", Clock::Response, "stage-1"),
        date(2027, 5, 5)
    );

    // On Wed 5 May the response is not yet late.
    let refusal = s.refused("2027-05-05 16:00", escalate(json!(["no-response"])));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, "no-response");
    // On Thu 6 May it is; but only the ground "no response within the set timescale" opens
    // Stage 2 before a response, not unhappiness with an outcome not yet given.
    let refusal = s.refused("2027-05-06 09:00", escalate(json!(["outcome"])));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, "no-response");
    let refusal = s.refused("2027-05-06 09:00", escalate(json!([])));
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("grounds"))
    );
    mentions(&refusal, "outcome, handling, no-response");

    let events = s.act("2027-05-06 09:00", escalate(json!(["no-response"])));
    let Fact::EscalationRequested { window, .. } = &events[0].fact else {
        panic!("not escalated")
    };
    assert_eq!(*window, None);
    assert_eq!(s.stage(), "stage-2");
    // 25 working days from Thu 6 May 2027: Fri 7 (1), Mon 10 (2), Tue 11 (3), Wed 12 (4),
    // Thu 13 (5), Fri 14 (6), Mon 17 (7), Tue 18 (8), Wed 19 (9), Thu 20 (10), Fri 21 (11),
    // Mon 24 (12), Tue 25 (13), Wed 26 (14), Thu 27 (15), Fri 28 (16); Mon 31 May (spring bank
    // holiday) skipped; Tue 1 Jun (17), Wed 2 (18), Thu 3 (19), Fri 4 (20), Mon 7 (21), Tue 8 (22),
    // Wed 9 (23), Thu 10 (24), Fri 11 Jun 2027 (25).
    assert_eq!(
        s.due("2027-05-06 09:00", Clock::Response, "stage-2"),
        date(2027, 6, 11)
    );
}

#[test]
fn the_set_timescale_is_the_one_the_customer_was_last_told() {
    let mut s = received("2027-04-20 10:00", json!({}));
    // Due Wed 5 May 2027 (above); moved by holding letter to Fri 14 May 2027.
    s.act("2027-04-30 10:00", json!({ "type": "extend-deadline", "new_date": "2027-05-14", "reason": "records held by a partner" }));
    let refusal = s.refused("2027-05-06 09:00", escalate(json!(["no-response"])));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    // Mon 17 May: the new date has passed without a response.
    s.act("2027-05-17 09:00", escalate(json!(["no-response"])));
    assert_eq!(s.stage(), "stage-2");
}

#[test]
fn the_handler_does_not_refer_a_complaint_up_under_this_procedure() {
    let s = received("2027-02-01 10:00", json!({}));
    let refusal = s.refused(
        "2027-02-02 10:00",
        json!({ "type": "refer-up", "reason": "too complex" }),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, "complainant may then ask to escalate");
}

#[test]
fn the_case_stays_open_while_the_customer_may_still_ask_for_stage_two() {
    let s = answered_before_christmas();
    // The window runs to the end of Tue 19 Jan 2027.
    let refusal = s.refused("2027-01-18 10:00", json!({ "type": "close" }));
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, "Tue 19 Jan 2027");
    mentions(&refusal, "complainant_satisfied");

    // Unless the customer says they are satisfied.
    let mut satisfied = answered_before_christmas();
    satisfied.act("2026-12-18 10:00", json!({ "type": "close", "complainant_satisfied": true, "note": "Parent rang to say thank you" }));
    assert!(matches!(
        satisfied.last(),
        Fact::Closed {
            how: Ending::Completed,
            ..
        }
    ));
    assert_eq!(
        satisfied.status("2026-12-18 10:00", Clock::EscalationWindow, "stage-1"),
        ClockStatus::NotNeeded
    );

    // Or the window has passed.
    let mut lapsed = answered_before_christmas();
    lapsed.act("2027-01-20 09:00", json!({ "type": "close" }));
    assert!(matches!(
        lapsed.last(),
        Fact::Closed {
            how: Ending::Completed,
            delete_after: None,
            ..
        }
    ));
    let refusal = lapsed.refused("2027-01-21 09:00", escalate(json!(["outcome"])));
    assert_eq!(refusal.code.as_str(), "closed");

    // Nothing closes before it is answered.
    let open = received("2027-02-01 10:00", json!({}));
    let refusal = open.refused(
        "2027-02-02 10:00",
        json!({ "type": "close", "complainant_satisfied": true }),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, "withdrawal");
}

// ------------------------------------------------------------------------------------------
// The Ombudsman at any time
// ------------------------------------------------------------------------------------------

#[test]
fn the_customer_may_go_to_the_ombudsman_at_any_time_and_the_case_carries_on() {
    let mut s = received("2027-02-01 10:00", json!({}));
    // "Customers can complain to the Ombudsman at any time": here before Stage 1 is answered.
    s.act("2027-02-03 10:00", json!({ "type": "refer-externally", "body": LGSCO, "note": "The Ombudsman asked whether our procedure is complete" }));
    assert_eq!(s.case.referred_to, vec![LGSCO.to_owned()]);
    assert!(!s.case.is_closed());
    assert_eq!(s.stage(), "stage-1");
    // Stage 1 still runs: due Mon 15 Feb 2027 (10 working days from Mon 1 Feb, counted above).
    assert_eq!(
        s.status("2027-02-10 10:00", Clock::Response, "stage-1"),
        ClockStatus::Open
    );
    assert_eq!(
        s.due("2027-02-10 10:00", Clock::Response, "stage-1"),
        date(2027, 2, 15)
    );
    let refusal = s.refused(
        "2027-02-03 10:00",
        json!({ "type": "refer-externally", "body": "" }),
    );
    assert_eq!(refusal.field, Some("body"));
}

// ------------------------------------------------------------------------------------------
// Withdrawal
// ------------------------------------------------------------------------------------------

#[test]
fn a_complaint_may_be_withdrawn_at_stage_one_and_the_service_decides_on_internal_review() {
    let mut s = received("2027-02-01 10:00", json!({}));
    let refusal = s.refused(
        "2027-02-01 11:00",
        json!({ "type": "decide-internal-review", "needed": true, "note": "x" }),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    let events = s.act(
        "2027-02-01 11:00",
        json!({ "type": "withdraw", "reason": "sorted it out with the school" }),
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
        s.status("2027-02-03 10:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::NotNeeded
    );
    assert_eq!(
        s.status("2027-02-20 10:00", Clock::Response, "stage-1"),
        ClockStatus::NotNeeded
    );

    // "The relevant service will consider whether the issue of concern requires further
    // consideration under appropriate internal management review systems."
    let refusal = s.refused(
        "2027-02-02 10:00",
        json!({ "type": "decide-internal-review", "needed": true, "note": " " }),
    );
    assert_eq!(refusal.field, Some("note"));
    s.act("2027-02-02 10:00", json!({ "type": "decide-internal-review", "needed": true, "note": "Missed call-backs to be looked at by the team manager" }));
    assert_eq!(s.case.internal_review, Some(true));
    let refusal = s.refused(
        "2027-02-03 10:00",
        json!({ "type": "decide-internal-review", "needed": false, "note": "changed mind" }),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    let refusal = s.refused("2027-02-03 10:00", json!({ "type": "withdraw" }));
    assert_eq!(refusal.code.as_str(), "closed");
}

#[test]
fn a_complaint_may_be_withdrawn_after_stage_one_and_at_stage_two() {
    // While the customer could still ask for Stage 2.
    let mut s = answered_before_christmas();
    s.act("2027-01-05 10:00", json!({ "type": "withdraw" }));
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Withdrawn,
            ..
        }
    ));
    s.act("2027-01-06 10:00", json!({ "type": "decide-internal-review", "needed": false, "note": "Already addressed by the Stage 1 actions" }));
    assert_eq!(s.case.internal_review, Some(false));

    // During Stage 2.
    let mut s = answered_before_christmas();
    s.act("2027-01-05 10:00", escalate(json!(["outcome"])));
    s.act(
        "2027-01-12 10:00",
        json!({ "type": "withdraw", "reason": "moving out of Sunderland" }),
    );
    assert!(matches!(
        s.last(),
        Fact::Closed {
            how: Ending::Withdrawn,
            ..
        }
    ));
    assert_eq!(
        s.status("2027-03-01 10:00", Clock::Response, "stage-2"),
        ClockStatus::NotNeeded
    );
}

// ------------------------------------------------------------------------------------------
// Unreasonably persistent complainants and unacceptable behaviour
// ------------------------------------------------------------------------------------------

fn restrict(restrictions: Value, until: &str, review_on: &str) -> Value {
    json!({
        "type": "restrict-contact",
        "restrictions": restrictions,
        "reason": "The same complaint has been made through five different routes in a week.",
        "until": until,
        "review_on": review_on,
    })
}

#[test]
fn contact_is_restricted_only_after_a_warning_and_with_a_duration_and_review_date() {
    let mut s = received("2027-02-01 10:00", json!({}));
    // "should follow a prior warning to the complainant".
    let refusal = s.refused(
        "2027-02-08 10:00",
        restrict(json!(["single-form"]), "2027-06-30", "2027-03-31"),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, "warn");
    // "we will tell the customer why we find their behaviour unreasonable and ask them to change it".
    let refusal = s.refused(
        "2027-02-08 10:00",
        json!({ "type": "warn-behaviour", "reason": "" }),
    );
    assert_eq!(refusal.field, Some("reason"));
    s.act("2027-02-08 10:00", json!({ "type": "warn-behaviour", "reason": "Repeated calls to several teams about the same issue; please use the Customer Feedback Team only." }));
    assert!(matches!(s.last(), Fact::BehaviourWarned { .. }));

    // "The duration of that action, how, and when it will be reviewed."
    let refusal = s.refused(
        "2027-02-15 10:00",
        restrict(json!([]), "2027-06-30", "2027-03-31"),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("restrictions"))
    );
    let refusal = s.refused(
        "2027-02-15 10:00",
        restrict(json!(["single-form"]), "2027-02-15", "2027-02-15"),
    );
    assert_eq!(refusal.field, Some("until"));
    let refusal = s.refused(
        "2027-02-15 10:00",
        restrict(json!(["single-form"]), "2027-06-30", "2027-07-01"),
    );
    assert_eq!(refusal.field, Some("review_on"));
    mentions(&refusal, "Wed 30 Jun 2027");
    let refusal = s.refused(
        "2027-02-15 10:00",
        restrict(json!(["single-form"]), "2027-06-30", "2027-02-15"),
    );
    assert_eq!(refusal.field, Some("review_on"));

    // Letters only, through a named officer, calls at set times, an agreement about contact,
    // and correspondence without new matters kept on file unacknowledged: all five options.
    s.act(
        "2027-02-15 10:00",
        restrict(
            json!([
                "single-form",
                "named-officer",
                "call-times",
                "contact-agreement",
                "no-acknowledgement"
            ]),
            "2027-06-30",
            "2027-03-31",
        ),
    );
    let Fact::ContactRestricted {
        until,
        review_on,
        safety_risk,
        ..
    } = s.last()
    else {
        panic!("not restricted")
    };
    assert_eq!(
        (*until, *review_on, *safety_risk),
        (date(2027, 6, 30), date(2027, 3, 31), false)
    );
    let review = s.deadline("2027-03-01 10:00", Clock::RestrictionReview, None);
    assert_eq!(review.due.date, date(2027, 3, 31));
    assert_eq!(review.status, ClockStatus::Open);
    assert_eq!(
        s.deadline("2027-03-31 17:00", Clock::RestrictionReview, None)
            .status,
        ClockStatus::Open
    );
    assert_eq!(
        s.deadline("2027-04-01 00:00", Clock::RestrictionReview, None)
            .status,
        ClockStatus::Overdue
    );

    // The complaint itself carries on under the restriction.
    s.act("2027-02-16 10:00", respond("not-upheld", json!([])));
}

#[test]
fn behaviour_that_threatens_staff_safety_may_be_restricted_without_warning() {
    let mut s = received("2027-02-01 10:00", json!({ "channel": "phone" }));
    // "Where behaviour is so extreme that it threatens the immediate safety and welfare of
    // staff ... TfC may not give prior warning to the customer."
    let mut urgent = restrict(
        json!(["single-form", "named-officer"]),
        "2027-08-01",
        "2027-05-03",
    );
    urgent["safety_risk"] = json!(true);
    urgent["reason"] = json!("Threats of violence against a named officer on the telephone.");
    s.act("2027-02-02 10:00", urgent);
    let Fact::ContactRestricted { safety_risk, .. } = s.last() else {
        panic!("not restricted")
    };
    assert!(safety_risk);
    assert_eq!(s.case.warned_at, None);
    // The review date may fall on a bank holiday; it is a date the manager chose.
    assert_eq!(
        s.deadline("2027-02-02 10:00", Clock::RestrictionReview, None)
            .due
            .date,
        date(2027, 5, 3)
    );
}

#[test]
fn contact_is_terminated_only_after_warning_or_once_the_complaint_is_closed() {
    let mut s = received("2027-02-01 10:00", json!({}));
    let terminate = json!({ "type": "terminate-contact", "reason": "Abusive calls continued after the warning and restrictions." });
    let refusal = s.refused("2027-02-08 10:00", terminate.clone());
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    mentions(&refusal, "warn");
    s.act("2027-02-08 10:00", json!({ "type": "warn-behaviour", "reason": "Abusive language to staff on 4 and 5 February." }));
    s.act("2027-02-10 10:00", terminate);
    assert!(matches!(s.last(), Fact::ContactTerminated { .. }));
    let refusal = s.refused("2027-02-10 10:05", json!({ "type": "close" }));
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("note"))
    );
    // "TfC may decide to terminate contact with the customer and discontinue any investigation
    // into the complaint": the case may then close unanswered.
    s.act("2027-02-10 10:05", json!({ "type": "close", "note": "Investigation discontinued under the unacceptable behaviour policy" }));
    assert!(matches!(s.last(), Fact::Closed { .. }));
    assert_eq!(
        s.status("2027-02-20 10:00", Clock::Response, "stage-1"),
        ClockStatus::NotNeeded
    );

    // "Where a customer's complaint is closed and they persist in communicating about it, the
    // Customer Feedback Manager may decide to terminate contact with the customer": no warning
    // is needed once the complaint is closed.
    let mut s = answered_before_christmas();
    s.act("2027-01-20 09:00", json!({ "type": "close" }));
    s.act("2027-02-01 10:00", json!({ "type": "receive-information", "summary": "Sixth e-mail about the closed complaint" }));
    s.act("2027-02-01 11:00", json!({ "type": "terminate-contact", "reason": "Persists in writing about a closed complaint with nothing new." }));
    assert!(s.case.contact_terminated_at.is_some());
}

#[test]
fn the_procedure_sets_no_retention_period_so_no_deletion_date_is_set() {
    // Records are kept "in line with data protection legislation"; the procedure names no
    // period, so a closed case carries no deletion date and no deletion clock.
    let mut s = answered_before_christmas();
    s.act("2027-01-20 09:00", json!({ "type": "close" }));
    assert_eq!(s.case.delete_after, None);
    assert!(
        s.deadlines("2027-01-20 09:00")
            .iter()
            .all(|d| d.clock != Clock::Deletion)
    );
}
