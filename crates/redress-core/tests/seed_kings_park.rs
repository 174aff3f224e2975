//! King's Park Secondary School Parent Partnership (seed 002, `procedures/kings-park-pp.toml`):
//! every path the Complaints policy and procedure describes, walked through the decider.
//!
//! The Partnership is in Glasgow, so its calendar is Scotland's (2 January, St Andrew's Day, the
//! first Monday of August; no Easter Monday). Its times are calendar days and weeks ("within
//! five days", "within 2 weeks", "4 weeks"): day 0 is the day of receipt, moved to the next
//! Scottish working day when something arrives on a weekend or bank holiday, and every day after
//! it counts, holidays included. Every date below is counted by hand from those words.

mod common;

use common::{Scenario, at, date};
use redress_core::case::{Clock, ClockStatus, Ending, Event, Excluded, Fact, Member, verify_panel};
use redress_core::letters::Letter;
use redress_core::procedure::Statement;
use serde_json::{Value, json};

const REFERENCE: &str = "KPSSPP-2026-0007";

fn kings_park() -> Scenario {
    Scenario::new("kings-park-pp.toml")
}

/// Receives a complaint (by e-mail unless `extra` says otherwise) under the reference above.
fn receive(s: &mut Scenario, when: &str, extra: Value) -> Vec<Event> {
    let mut submission = common::complaint(json!({
        "what_happened": "The treasurer spent the fundraising money without the Partnership agreeing it."
    }));
    if let (Some(base), Value::Object(extra)) = (submission.as_object_mut(), extra) {
        base.extend(extra);
    }
    s.act(
        when,
        json!({"type": "receive", "reference": REFERENCE, "submission": submission}),
    )
}

/// The Partnership's members, the list a subgroup is drawn from.
fn members() -> Value {
    json!([
        {"id": "m1", "name": "Alex Adams"},
        {"id": "m2", "name": "Bea Brown"},
        {"id": "m3", "name": "Cal Clark"},
        {"id": "m4", "name": "Dee Dunn"},
        {"id": "m5", "name": "Eve Evans"},
        {"id": "m6", "name": "Fin Fox"},
        {"id": "m7", "name": "Gus Grant"},
        {"id": "m8", "name": "Hal Hart"}
    ])
}

fn member(id: &str, name: &str) -> Member {
    Member {
        id: id.to_owned(),
        name: name.to_owned(),
    }
}

/// The letter an acknowledgement or response event carries.
fn letter(fact: &Fact) -> &Letter {
    match fact {
        Fact::Acknowledged { letter, .. } | Fact::Responded { letter, .. } => letter,
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

/// A complaint e-mailed Tue 1 Dec 2026 naming Bea Brown (a member) and Dee Dunn (by name only),
/// acknowledged Thu 3 Dec, mediation tried and failed Fri 4 Dec, and a subgroup drawn Mon 7 Dec
/// 2026 at 10:00 with Eve Evans excused through illness.
fn subgroup_drawn_on_7_december() -> (Scenario, Vec<Event>) {
    let mut s = kings_park();
    receive(
        &mut s,
        "2026-12-01 10:00",
        json!({"people_named": [{"name": "Bea Brown", "member_id": "m2"}, {"name": "Dee Dunn"}]}),
    );
    s.act("2026-12-03 10:00", json!({"type": "acknowledge"}));
    s.act(
        "2026-12-03 10:05",
        json!({"type": "offer-mediation", "by": "chair"}),
    );
    s.act(
        "2026-12-04 19:00",
        json!({"type": "record-mediation", "agreed": false, "summary": "The treasurer and the complainant could not agree."}),
    );
    let drawn = s.act(
        "2026-12-07 10:00",
        json!({"type": "draw-panel", "candidates": members(), "declined": [{"member_id": "m5", "reason": "illness"}], "seed": 20261207}),
    );
    (s, drawn)
}

// ---------------------------------------------------------------------------------------------
// Receiving complaints
// ---------------------------------------------------------------------------------------------

#[test]
fn a_complaint_emailed_on_christmas_eve_is_acknowledged_within_five_calendar_days_with_the_two_week_timeframe()
 {
    let mut s = kings_park();
    receive(&mut s, "2026-12-24 10:00", json!({}));
    // "acknowledge receipt of the complaint within five days": calendar days. Day 0 is Thu 24 Dec
    // 2026: Fri 25 Christmas Day (1), Sat 26 (2), Sun 27 (3), Mon 28 Boxing Day (4), Tue 29 Dec (5).
    assert_eq!(
        s.due("2026-12-24 10:00", Clock::Acknowledgement, "stage-1"),
        date(2026, 12, 29)
    );
    // The two weeks run from the investigation, which has not started.
    assert!(
        s.deadlines("2026-12-24 10:00")
            .iter()
            .all(|d| d.clock != Clock::Response)
    );
    assert_eq!(
        s.status("2026-12-29 22:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2026-12-30 00:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Overdue
    );

    let events = s.act("2026-12-29 15:00", json!({"type": "acknowledge"}));
    let acknowledgement = letter(&events[0].fact);
    assert_eq!(
        acknowledgement.says(Statement::NextSteps),
        Some(
            "King's Park Secondary School Parent Partnership has received your complaint and is following its complaints procedure: Stage One – Complaints subgroup."
        )
    );
    // "advise on the timeframe for investigating complaints (two weeks – see procedure)".
    assert_eq!(
        acknowledgement.says(Statement::Timeframe),
        Some("We aim to complete this stage within 2 weeks of the start of the investigation.")
    );
    assert_eq!(
        s.status("2026-12-30 09:00", Clock::Acknowledgement, "stage-1"),
        ClockStatus::Met {
            at: at("2026-12-29 15:00"),
            on_time: true
        }
    );
}

#[test]
fn day_zero_follows_scottish_bank_holidays() {
    let table = [
        // Fri 1 Jan 2027 is New Year's Day; Sat 2 and Sun 3 are the weekend and Mon 4 Jan is the
        // 2nd January holiday (substitute), so day 0 is Tue 5 Jan: Wed 6 (1), Thu 7 (2), Fri 8 (3),
        // Sat 9 (4), Sun 10 Jan 2027 (5). (In England day 0 would be Mon 4 Jan.)
        ("2027-01-01 10:00", date(2027, 1, 10)),
        // Sat 28 Nov 2026; Sun 29, and Mon 30 Nov is St Andrew's Day, so day 0 is Tue 1 Dec:
        // Wed 2 (1), Thu 3 (2), Fri 4 (3), Sat 5 (4), Sun 6 Dec 2026 (5).
        ("2026-11-28 10:00", date(2026, 12, 6)),
        // Sat 1 Aug 2026; Sun 2, and Mon 3 Aug is Scotland's summer bank holiday (the first
        // Monday of August), so day 0 is Tue 4 Aug: Wed 5 (1), Thu 6 (2), Fri 7 (3), Sat 8 (4),
        // Sun 9 Aug 2026 (5).
        ("2026-08-01 10:00", date(2026, 8, 9)),
        // 23:15 UTC on Fri 31 Jul 2026 is 00:15 BST on Sat 1 Aug: the same Saturday as above.
        ("2026-07-31T23:15:00Z", date(2026, 8, 9)),
        // Sat 29 Aug 2026; Sun 30, and Mon 31 Aug is England's summer bank holiday but a working
        // day in Scotland, so day 0 is Mon 31 Aug: Tue 1 Sep (1), Wed 2 (2), Thu 3 (3), Fri 4 (4),
        // Sat 5 Sep 2026 (5).
        ("2026-08-29 10:00", date(2026, 9, 5)),
        // Sat 27 Mar 2027; Sun 28, and Mon 29 Mar (Easter Monday) is not a bank holiday in
        // Scotland, so day 0 is Mon 29 Mar: Tue 30 (1), Wed 31 (2), Thu 1 Apr (3), Fri 2 (4),
        // Sat 3 Apr 2027 (5).
        ("2027-03-27 10:00", date(2027, 4, 3)),
    ];
    for (received, expected) in table {
        let mut s = kings_park();
        receive(&mut s, received, json!({}));
        assert_eq!(
            s.due(received, Clock::Acknowledgement, "stage-1"),
            expected,
            "received {received}"
        );
    }
}

#[test]
fn a_complaint_may_come_by_letter() {
    // "a complaint can be received by email or in writing".
    let mut s = kings_park();
    receive(&mut s, "2026-12-01 10:00", json!({"channel": "letter"}));
    assert_eq!(s.stage(), "stage-1");
}

#[test]
fn social_media_phone_and_face_to_face_contacts_are_told_to_email_the_partnership() {
    // "Initial contact may arrive through channels such as social media ... The person contacting
    // KPSSPP will then be advised ... that all complaints should be submitted by email".
    let s = kings_park();
    for channel in ["social-media", "phone", "face-to-face"] {
        let refusal = s.refused(
            "2026-12-01 10:00",
            json!({"type": "receive", "submission": common::complaint(json!({"channel": channel}))}),
        );
        assert_eq!(
            (refusal.code.as_str(), refusal.field),
            ("invalid", Some("channel")),
            "{channel}"
        );
        let told = refusal.instead.as_deref().unwrap_or_default();
        assert!(
            told.contains("submitted by e-mail to kpss.parentpartnership@gmail.com"),
            "{channel}: {refusal}"
        );
        assert!(told.contains("within five days"), "{channel}: {refusal}");
    }
    // Anything else is simply not one of the two channels.
    let refusal = s.refused(
        "2026-12-01 10:00",
        json!({"type": "receive", "submission": common::complaint(json!({"channel": "fax"}))}),
    );
    assert!(
        refusal
            .to_string()
            .contains("accepted channels: email, letter, web"),
        "{refusal}"
    );
}

#[test]
fn the_partnership_handles_complaints_only() {
    let refusal = kings_park().refused(
        "2026-12-01 10:00",
        json!({"type": "receive", "submission": common::complaint(json!({"kind": "compliment"}))}),
    );
    assert_eq!(refusal.field, Some("kind"));
    assert!(
        refusal.to_string().contains("it takes: complaint"),
        "{refusal}"
    );
}

#[test]
fn with_no_time_limit_exclusions_or_behaviour_policy_those_decisions_are_refused() {
    let mut s = kings_park();
    receive(
        &mut s,
        "2026-12-01 10:00",
        json!({"happened_on": "2022-06-01"}),
    );
    assert_eq!(s.case.time_limit, None);
    let refusal = s.refused(
        "2026-12-02 10:00",
        json!({"type": "decide-scope", "decision": {"decision": "out-of-time"}}),
    );
    // Nothing can be out of scope here, so no scope decision is offered at all.
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("not-allowed-now", None)
    );
    let refusal = s.refused(
        "2026-12-02 10:00",
        json!({"type": "decide-scope", "decision": {"decision": "excluded", "exclusion": "school-matter"}}),
    );
    assert!(
        refusal
            .to_string()
            .contains("this procedure lists no exclusions"),
        "{refusal}"
    );
    let refusal = s.refused(
        "2026-12-02 10:00",
        json!({"type": "warn-behaviour", "reason": "Rude posts."}),
    );
    assert_eq!(refusal.code.as_str(), "not-in-procedure");
    let refusal = s.refused(
        "2026-12-02 10:00",
        json!({"type": "decide-scope", "decision": {"decision": "in-scope"}}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
}

// ---------------------------------------------------------------------------------------------
// Resolution between the individuals, and mediation
// ---------------------------------------------------------------------------------------------

#[test]
fn resolution_between_the_people_involved_closes_the_complaint_and_keeps_it_one_year() {
    let mut s = kings_park();
    receive(&mut s, "2027-01-05 10:00", json!({}));
    s.act("2027-01-06 10:00", json!({"type": "acknowledge"}));
    s.act(
        "2027-01-11 14:00",
        json!({"type": "resolve-informally", "summary": "The treasurer showed the receipts and the complainant is content."}),
    );
    // "stored ... for up to one year after the complaint", counted from its closure on Mon 11 Jan
    // 2027: twelve months on is Tue 11 Jan 2028.
    assert_eq!(
        closed(&s),
        (Ending::ResolvedInformally, Some(date(2028, 1, 11)))
    );
    let deletion = s.deadline("2027-01-11 14:00", Clock::Deletion, None);
    assert_eq!(deletion.due.date, date(2028, 1, 11));
    assert_eq!(
        s.deadline("2028-01-11 12:00", Clock::Deletion, None).status,
        ClockStatus::Open
    );
    assert_eq!(
        s.deadline("2028-01-12 00:00", Clock::Deletion, None).status,
        ClockStatus::Overdue
    );
}

#[test]
fn mediation_is_offered_by_the_chairperson_or_vice_chairperson() {
    let mut s = kings_park();
    receive(&mut s, "2026-12-01 10:00", json!({}));
    let refusal = s.refused(
        "2026-12-02 10:00",
        json!({"type": "record-mediation", "agreed": true, "summary": "Met."}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    assert!(refusal.to_string().contains("offer-mediation"), "{refusal}");
    let refusal = s.refused(
        "2026-12-02 10:00",
        json!({"type": "offer-mediation", "by": "external-investigator"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("by"))
    );
    assert!(
        refusal
            .to_string()
            .contains("the Chairperson (`chair`) or the Vice-Chairperson (`vice-chair`)"),
        "{refusal}"
    );
    s.act(
        "2026-12-02 10:00",
        json!({"type": "offer-mediation", "by": "vice-chair"}),
    );
    assert!(matches!(s.last(), Fact::MediationOffered { by } if by.as_str() == "vice-chair"));
    s.act(
        "2026-12-08 20:00",
        json!({"type": "record-mediation", "agreed": true, "summary": "Both agreed the spending will go to the next meeting."}),
    );
    s.act(
        "2026-12-08 20:30",
        json!({"type": "resolve-informally", "summary": "Resolved through mediation."}),
    );
    // Closed Tue 8 Dec 2026; one year on is Wed 8 Dec 2027.
    assert_eq!(
        closed(&s),
        (Ending::ResolvedInformally, Some(date(2027, 12, 8)))
    );
}

// ---------------------------------------------------------------------------------------------
// Stage One: a subgroup of three members drawn at random
// ---------------------------------------------------------------------------------------------

#[test]
fn the_subgroup_is_three_members_drawn_at_random_leaving_out_those_mentioned_and_those_excused() {
    let (s, drawn) = subgroup_drawn_on_7_december();
    let fact = &drawn[0].fact;
    let Fact::PanelDrawn {
        number,
        excluded,
        drawn,
        candidates,
        ..
    } = fact
    else {
        panic!("no panel: {fact:?}")
    };
    // "Each complaint will be allocated a number. The subgroup will be allocated the same number."
    assert_eq!(number.as_deref(), Some(REFERENCE));
    assert_eq!(candidates.len(), 8);
    assert_eq!(
        excluded,
        &vec![
            Excluded {
                member_id: "m2".to_owned(),
                reason: "named in the complaint (Bea Brown)".to_owned()
            },
            Excluded {
                member_id: "m4".to_owned(),
                reason: "named in the complaint (Dee Dunn)".to_owned()
            },
            Excluded {
                member_id: "m5".to_owned(),
                reason: "illness".to_owned()
            },
        ]
    );
    let eligible = [
        member("m1", "Alex Adams"),
        member("m3", "Cal Clark"),
        member("m6", "Fin Fox"),
        member("m7", "Gus Grant"),
        member("m8", "Hal Hart"),
    ];
    assert_eq!(drawn.len(), 3);
    assert!(drawn.iter().all(|m| eligible.contains(m)), "{drawn:?}");
    assert!(
        drawn[0] != drawn[1] && drawn[1] != drawn[2] && drawn[0] != drawn[2],
        "{drawn:?}"
    );
    // Anyone can re-run the draw from its seed; a panel with someone else slipped in fails.
    assert!(verify_panel(fact));
    let mut tampered = fact.clone();
    if let Fact::PanelDrawn { drawn, .. } = &mut tampered {
        drawn[0] = member("m2", "Bea Brown");
    }
    assert!(!verify_panel(&tampered));
    assert_eq!(s.case.current_stage().map(|r| r.panel.len()), Some(3));
}

#[test]
fn the_subgroup_has_two_weeks_from_its_draw() {
    let (mut s, _) = subgroup_drawn_on_7_december();
    // "within 2 weeks" of the investigation starting with the draw. Day 0 is Mon 7 Dec 2026; 14
    // days on is Mon 21 Dec 2026.
    assert_eq!(
        s.due("2026-12-07 10:00", Clock::Response, "stage-1"),
        date(2026, 12, 21)
    );
    assert_eq!(
        s.status("2026-12-21 23:00", Clock::Response, "stage-1"),
        ClockStatus::Open
    );
    assert_eq!(
        s.status("2026-12-22 00:00", Clock::Response, "stage-1"),
        ClockStatus::Overdue
    );
    // "Chairperson should inform the complainant by email that we are following the complaints
    // procedure, what will happen next and how long it will take".
    s.act(
        "2026-12-07 12:00",
        json!({"type": "send-update", "summary": "A subgroup of three members is investigating and will finish by Mon 21 Dec."}),
    );
    // The document gives no way to move the two weeks.
    let refusal = s.refused(
        "2026-12-14 10:00",
        json!({"type": "extend-deadline", "new_date": "2027-01-11", "reason": "Christmas"}),
    );
    assert_eq!(refusal.code.as_str(), "not-in-procedure");
    assert!(
        refusal
            .instead
            .as_deref()
            .is_some_and(|i| i.contains("send-update")),
        "{refusal}"
    );
}

#[test]
fn stopping_the_clock_adds_the_calendar_days_it_was_stopped() {
    let (mut s, _) = subgroup_drawn_on_7_december();
    s.act(
        "2026-12-10 09:00",
        json!({"type": "pause-clock", "reason": "Waiting for the bank statements."}),
    );
    assert_eq!(
        s.status("2026-12-12 09:00", Clock::Response, "stage-1"),
        ClockStatus::Paused
    );
    s.act("2026-12-14 09:00", json!({"type": "resume-clock"}));
    // Stopped Thu 10 Dec to Mon 14 Dec: 4 days. 14 + 4 = 18 days from Mon 7 Dec (day 0) is
    // Fri 25 Dec 2026: the weeks are calendar weeks, so Christmas Day counts like any other day.
    assert_eq!(
        s.due("2026-12-14 09:00", Clock::Response, "stage-1"),
        date(2026, 12, 25)
    );
}

#[test]
fn a_subgroup_is_drawn_not_assigned_and_must_exist_before_it_decides() {
    let mut s = kings_park();
    receive(&mut s, "2026-12-01 10:00", json!({}));
    let refusal = s.refused(
        "2026-12-02 10:00",
        json!({"type": "assign-handler", "name": "Alex Adams", "role": "chair"}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    assert!(
        refusal
            .instead
            .as_deref()
            .is_some_and(|i| i.contains("draw-panel")),
        "{refusal}"
    );
    let refusal = s.refused(
        "2026-12-10 10:00",
        json!({"type": "respond", "outcome": "upheld", "findings": "Spent without agreement."}),
    );
    assert!(
        refusal.to_string().contains("none has been drawn"),
        "{refusal}"
    );
}

#[test]
fn a_draw_with_fewer_than_three_who_can_serve_is_refused() {
    let mut s = kings_park();
    receive(
        &mut s,
        "2026-12-01 10:00",
        json!({"people_named": [{"name": "Bea Brown", "member_id": "m2"}, {"name": "Dee Dunn", "member_id": "m4"}]}),
    );
    let four = json!([
        {"id": "m1", "name": "Alex Adams"}, {"id": "m2", "name": "Bea Brown"},
        {"id": "m3", "name": "Cal Clark"}, {"id": "m4", "name": "Dee Dunn"}
    ]);
    // "a duty to take on the role ... unless they provide good reason": a reason is needed.
    let refusal = s.refused(
        "2026-12-07 10:00",
        json!({"type": "draw-panel", "candidates": four, "declined": [{"member_id": "m1", "reason": " "}], "seed": 1}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("declined.reason"))
    );
    let refusal = s.refused(
        "2026-12-07 10:00",
        json!({"type": "draw-panel", "candidates": four, "declined": [{"member_id": "m9", "reason": "illness"}], "seed": 1}),
    );
    assert_eq!(refusal.field, Some("declined.member_id"));
    let refusal = s.refused(
        "2026-12-07 10:00",
        json!({"type": "draw-panel", "candidates": four, "declined": [{"member_id": "m1", "reason": "conflict of interest"}], "seed": 1}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("candidates"))
    );
    assert!(
        refusal
            .to_string()
            .contains("a panel of 3 is needed but only 1 of the members list can serve"),
        "{refusal}"
    );
}

#[test]
fn a_complaint_naming_the_chairperson_keeps_them_off_the_subgroup_and_changes_nothing_else() {
    let mut s = kings_park();
    receive(
        &mut s,
        "2026-12-01 10:00",
        json!({"people_named": [{"name": "Gus Grant", "role": "chair", "member_id": "m7"}]}),
    );
    // The document has no rule for a complaint about the Chairperson beyond the draw.
    let Fact::Received {
        conflicts,
        first_stage,
        ..
    } = s.last()
    else {
        panic!("not received")
    };
    assert!(conflicts.is_empty());
    assert_eq!(first_stage.as_ref().map(|id| id.as_str()), Some("stage-1"));
    // A member mentioned later, before the draw, is left out too.
    s.act("2026-12-03 10:00", json!({"type": "name-person", "person": {"name": "Hal Hart", "role": "vice-chair", "member_id": "m8"}}));
    let events = s.act(
        "2026-12-07 10:00",
        json!({"type": "draw-panel", "candidates": members(), "seed": 7}),
    );
    let Fact::PanelDrawn {
        excluded, drawn, ..
    } = &events[0].fact
    else {
        panic!("no panel")
    };
    let left_out: Vec<&str> = excluded.iter().map(|e| e.member_id.as_str()).collect();
    assert_eq!(left_out, ["m7", "m8"]);
    assert!(
        drawn.iter().all(|m| m.id != "m7" && m.id != "m8"),
        "{drawn:?}"
    );
    assert!(verify_panel(&events[0].fact));
}

#[test]
fn the_chairperson_tells_the_complainant_the_subgroups_decision_and_the_complaint_can_close() {
    let (mut s, _) = subgroup_drawn_on_7_december();
    let decision = |outcome: &str, remedies: Value| json!({"type": "respond", "outcome": outcome, "findings": "The money was spent before the meeting agreed it.", "remedies": remedies});
    // "upheld, not upheld or undecided".
    let refusal = s.refused("2026-12-18 19:00", decision("partly-upheld", json!([])));
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("outcome"))
    );
    assert!(
        refusal
            .to_string()
            .contains("upheld, not-upheld, undecided"),
        "{refusal}"
    );
    // The subgroup recommends a resolution; the Chairperson takes the action recommended.
    let refusal = s.refused(
        "2026-12-18 19:00",
        decision(
            "upheld",
            json!([{"kind": "apology", "description": "Sorry."}]),
        ),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("remedies.kind"))
    );
    assert!(
        refusal
            .to_string()
            .contains("recommendation, practical-action"),
        "{refusal}"
    );

    let events = s.act(
        "2026-12-18 19:00",
        decision(
            "upheld",
            json!([
                {"kind": "recommendation", "description": "Spending over £50 is agreed at a meeting first."},
                {"kind": "practical-action", "description": "The Chairperson will present the accounts at the January meeting."}
            ]),
        ),
    );
    let reply = letter(&events[0].fact);
    assert_eq!(reply.says(Statement::Outcome), Some("Outcome: upheld."));
    assert_eq!(
        reply.says(Statement::Findings),
        Some("The money was spent before the meeting agreed it.")
    );
    assert_eq!(
        reply.says(Statement::Actions),
        Some(
            "Spending over £50 is agreed at a meeting first.; The Chairperson will present the accounts at the January meeting."
        )
    );
    // The subgroup decided, so the complaint does not go to stage two.
    assert_eq!(
        reply.says(Statement::EscalationRights),
        Some(
            "Stage One – Complaints subgroup has reached its outcome, so the complaint will not be referred to Stage two – External Investigation."
        )
    );
    assert_eq!(
        s.status("2026-12-19 09:00", Clock::Response, "stage-1"),
        ClockStatus::Met {
            at: at("2026-12-18 19:00"),
            on_time: true
        }
    );

    // The complainant does not choose stage two, and a decided complaint is not referred up.
    let refusal = s.refused(
        "2026-12-19 09:00",
        json!({"type": "request-escalation", "reasons": "Not enough.", "in_writing": true}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    assert!(refusal.to_string().contains("does not choose"), "{refusal}");
    assert_eq!(
        s.refused(
            "2026-12-19 09:00",
            json!({"type": "refuse-escalation", "reason": "n/a"})
        )
        .code,
        "not-allowed-now"
    );
    assert_eq!(
        s.refused(
            "2026-12-19 09:00",
            json!({"type": "refer-up", "reason": "late thoughts"})
        )
        .code,
        "not-allowed-now"
    );

    // No window for the complainant to wait out: the complaint closes at once. Closed Sat 19 Dec
    // 2026; the folder is kept up to one year, to Sun 19 Dec 2027.
    s.act(
        "2026-12-19 09:00",
        json!({"type": "close", "note": "Logged: subgroup, upheld."}),
    );
    assert_eq!(closed(&s), (Ending::Completed, Some(date(2027, 12, 19))));
}

// ---------------------------------------------------------------------------------------------
// Stage two: External Investigation
// ---------------------------------------------------------------------------------------------

#[test]
fn a_subgroup_unable_to_decide_refers_the_complaint_to_an_external_third_party_for_four_weeks() {
    let (mut s, _) = subgroup_drawn_on_7_december();
    let refusal = s.refused(
        "2026-12-18 15:00",
        json!({"type": "refer-up", "reason": ""}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("missing", Some("reason"))
    );
    let events = s.act(
        "2026-12-18 15:00",
        json!({"type": "refer-up", "reason": "The subgroup cannot recommend a resolution: the school's and the Partnership's rules conflict."}),
    );
    let Fact::ReferredUp {
        from,
        to,
        complainant_notified,
        ..
    } = &events[0].fact
    else {
        panic!("not referred")
    };
    assert_eq!((from.as_str(), to.as_str()), ("stage-1", "stage-2"));
    // "If a complaint is raised to stage two, the complainant should be notified."
    assert!(complainant_notified);
    assert_eq!(s.stage(), "stage-2");
    assert_eq!(
        s.status("2026-12-19 09:00", Clock::Response, "stage-1"),
        ClockStatus::NotNeeded
    );
    // "Timescale for this would be 4 weeks", from the referral. Day 0 is Fri 18 Dec 2026: Fri 25
    // Dec (7), Fri 1 Jan (14), Fri 8 Jan (21), Fri 15 Jan 2027 (28). Christmas, Boxing Day, New
    // Year's Day and 2 January all count.
    assert_eq!(
        s.due("2026-12-18 15:00", Clock::Response, "stage-2"),
        date(2027, 1, 15)
    );
    assert_eq!(
        s.status("2027-01-16 00:00", Clock::Response, "stage-2"),
        ClockStatus::Overdue
    );

    // "an external third party would be asked to investigate ... requested through the
    // Chairperson".
    let refusal = s.refused(
        "2026-12-21 10:00",
        json!({"type": "draw-panel", "candidates": members(), "seed": 3}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");
    let refusal = s.refused(
        "2026-12-21 10:00",
        json!({"type": "assign-handler", "name": "Gus Grant", "role": "chair"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("invalid", Some("role"))
    );
    assert!(
        refusal
            .to_string()
            .contains("External third party (`external-investigator`)"),
        "{refusal}"
    );
    let refusal = s.refused(
        "2026-12-21 10:00",
        json!({"type": "assign-handler", "name": "Bea Brown", "role": "external-investigator"}),
    );
    assert_eq!(
        (refusal.code.as_str(), refusal.field),
        ("conflict-of-interest", Some("name"))
    );
    s.act(
        "2026-12-21 10:00",
        json!({"type": "assign-handler", "name": "T Party", "role": "external-investigator"}),
    );
    let refusal = s.refused(
        "2027-01-14 10:00",
        json!({"type": "refer-up", "reason": "Still too hard."}),
    );
    assert_eq!(refusal.code.as_str(), "not-allowed-now");

    let events = s.act(
        "2027-01-14 10:00",
        json!({"type": "respond", "outcome": "undecided", "findings": "The records do not show whether the spending was agreed.", "remedies": [{"kind": "recommendation", "description": "Minute every spending decision."}]}),
    );
    let reply = letter(&events[0].fact);
    assert_eq!(reply.says(Statement::Outcome), Some("Outcome: undecided."));
    // "Stage two is the final stage of the complaints process." No ombudsman is named.
    assert_eq!(
        reply.says(Statement::EscalationRights),
        Some("Stage two – External Investigation is the final stage of our procedure.")
    );
    assert_eq!(
        reply.says(Statement::Ombudsman),
        Some("Our procedure ends here.")
    );
    assert!(matches!(
        s.status("2027-01-14 11:00", Clock::Response, "stage-2"),
        ClockStatus::Met { on_time: true, .. }
    ));
    let refusal = s.refused(
        "2027-01-15 10:00",
        json!({"type": "request-escalation", "reasons": "More.", "in_writing": true}),
    );
    assert!(refusal.to_string().contains("final stage"), "{refusal}");

    // Closed Fri 15 Jan 2027; kept up to one year, to Sat 15 Jan 2028.
    s.act("2027-01-15 10:00", json!({"type": "close"}));
    assert_eq!(closed(&s), (Ending::Completed, Some(date(2028, 1, 15))));
}

// ---------------------------------------------------------------------------------------------
// Withdrawal and retention
// ---------------------------------------------------------------------------------------------

#[test]
fn a_complaint_withdrawn_on_29_february_is_deleted_by_the_end_of_the_next_february() {
    let mut s = kings_park();
    receive(&mut s, "2028-02-21 10:00", json!({}));
    s.act(
        "2028-02-29 10:00",
        json!({"type": "withdraw", "reason": "Sorted out at the school gate."}),
    );
    assert!(matches!(
        s.events[s.events.len() - 2].fact,
        Fact::Withdrawn { .. }
    ));
    // "for up to one year after the complaint": twelve months after Tue 29 Feb 2028 would be
    // 29 Feb 2029, which does not exist, so the last day is Wed 28 Feb 2029.
    assert_eq!(closed(&s), (Ending::Withdrawn, Some(date(2029, 2, 28))));
    assert_eq!(
        s.deadline("2029-03-01 00:00", Clock::Deletion, None).status,
        ClockStatus::Overdue
    );
    let refusal = s.refused("2028-03-01 10:00", json!({"type": "acknowledge"}));
    assert_eq!(refusal.code.as_str(), "closed");
}
