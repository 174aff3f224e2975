//! A dry run of a change to a procedure (issue 10, item 8): PIPS cases replayed under proposals
//! that shorten or lengthen its timescales, every date counted by hand from the policy's words
//! in England and Wales working days, the day of receipt as day 0.

mod common;

use common::{Scenario, at, date};
use redress_core::calendar::Calendar;
use redress_core::case::replay::{Change, Kind, Rules, Totals, Turn, replay};
use redress_core::case::{Clock, ClockStatus};
use redress_core::procedure::{Procedure, parse};
use serde_json::json;

const PIPS: &str = include_str!("../../../procedures/pips-stockport.toml");

/// PIPS with its text changed: each `(from, to)` must be found exactly once.
fn proposal(edits: &[(&str, &str)]) -> (Procedure, Calendar) {
    let mut text = PIPS.to_owned();
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from} is not in the file once"
        );
        text = text.replace(from, to);
    }
    let procedure = parse(&text).unwrap_or_else(|errors| panic!("{errors}"));
    let calendar = Calendar::new(
        procedure.organisation.region,
        &procedure.organisation.closure_days,
    );
    (procedure, calendar)
}

/// "Complaints will be acknowledged within 5 working days" instead of 7 (3.7).
fn five_day_acknowledgement() -> (Procedure, Calendar) {
    proposal(&[(
        "within = \"7 working days\"\nfrom = \"receipt\"",
        "within = \"5 working days\"\nfrom = \"receipt\"",
    )])
}

/// `s`'s case replayed at `now` under `new`.
fn replayed(s: &Scenario, new: &(Procedure, Calendar), now: &str) -> Vec<Change> {
    let old = Rules {
        procedure: &s.procedure,
        calendar: &s.calendar,
    };
    let new = Rules {
        procedure: &new.0,
        calendar: &new.1,
    };
    replay(&s.case, old, new, at(now)).unwrap().changes
}

fn change(changes: &[Change], clock: Clock) -> &Change {
    let found: Vec<&Change> = changes.iter().filter(|c| c.clock == clock).collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!("expected one {clock:?}, found {changes:#?}"),
    }
}

/// A PIPS complaint received Fri 21 Aug 2026 and acknowledged Tue 1 Sep, across the summer
/// bank holiday (Mon 31 Aug 2026).
fn across_the_summer_bank_holiday() -> Scenario {
    let mut s = Scenario::new("pips-stockport.toml");
    s.receive("2026-08-21 10:00", json!({}));
    s.act("2026-09-01 10:00", json!({"type": "acknowledge"}));
    s
}

#[test]
fn an_acknowledgement_on_time_in_seven_working_days_would_be_late_in_five_across_the_august_bank_holiday()
 {
    let s = across_the_summer_bank_holiday();
    let changes = replayed(&s, &five_day_acknowledgement(), "2026-09-02 09:00");
    let acknowledgement = change(&changes, Clock::Acknowledgement);
    // Day 0 Fri 21 Aug: Mon 24 (1), Tue 25 (2), Wed 26 (3), Thu 27 (4), Fri 28 (5), Mon 31 Aug
    // summer bank holiday skipped, Tue 1 Sep (6), Wed 2 Sep (7).
    assert_eq!(acknowledgement.was.unwrap().date, date(2026, 9, 2));
    // Five: Fri 28 Aug.
    assert_eq!(acknowledgement.would_be.unwrap().date, date(2026, 8, 28));
    // Two working days earlier, not three: the bank holiday between is not one.
    assert_eq!(acknowledgement.moved_by, Some(-2));
    assert_eq!(acknowledgement.kind(), Kind::Moved);
    assert_eq!(acknowledgement.done, Some(at("2026-09-01 10:00")));
    // Acknowledged Tue 1 Sep: in time for Wed 2 Sep, after Fri 28 Aug.
    assert_eq!(acknowledgement.turn, Some(Turn::WouldBeLate));
    assert_eq!(acknowledgement.stage.as_ref().unwrap().as_str(), "stage-1");
    assert_eq!(acknowledgement.nth, 1);

    // The response (30 working days) and the holding letter (20) are as they were.
    for clock in [Clock::Response, Clock::HoldingLetter] {
        let same = change(&changes, clock);
        assert_eq!(same.kind(), Kind::Unchanged, "{same:?}");
        assert_eq!(same.moved_by, Some(0));
        assert_eq!(same.turn, None);
        assert!(!same.affects());
    }
    let mut totals = Totals::default();
    totals.add(&redress_core::case::replay::CaseReplay {
        changes: changes.clone(),
    });
    assert_eq!(
        totals,
        Totals {
            cases: 1,
            cases_affected: 1,
            unchanged: 2,
            moved: 1,
            new: 0,
            gone: 0,
            newly_missed: 1,
            newly_met: 0,
        }
    );
}

#[test]
fn a_complaint_received_on_a_saturday_before_christmas_counts_from_the_monday_under_both() {
    let mut s = Scenario::new("pips-stockport.toml");
    s.receive("2026-12-19 11:00", json!({}));
    s.act("2026-12-24 10:00", json!({"type": "acknowledge"}));
    let changes = replayed(&s, &five_day_acknowledgement(), "2027-01-05 09:00");
    let acknowledgement = change(&changes, Clock::Acknowledgement);
    // Received Sat 19 Dec: day 0 is Mon 21 Dec. Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25
    // Christmas Day and Mon 28 Boxing Day (substitute) skipped, Tue 29 (4), Wed 30 (5), Thu 31
    // (6), Fri 1 Jan New Year's Day skipped, Mon 4 Jan 2027 (7).
    assert_eq!(acknowledgement.was.unwrap().date, date(2027, 1, 4));
    assert_eq!(acknowledgement.would_be.unwrap().date, date(2026, 12, 30));
    assert_eq!(acknowledgement.moved_by, Some(-2));
    // Acknowledged Christmas Eve: on time either way, so it moves but nothing turns.
    assert_eq!(acknowledgement.turn, None);
    assert!(acknowledgement.affects());
}

#[test]
fn a_response_late_in_thirty_working_days_would_be_on_time_in_forty_across_easter() {
    let mut s = Scenario::new("pips-stockport.toml");
    s.receive("2026-03-02 10:00", json!({}));
    s.act("2026-03-11 10:00", json!({"type": "acknowledge"}));
    s.act(
        "2026-04-22 11:00",
        json!({
            "type": "respond",
            "outcome": "not-upheld",
            "findings": "The adviser returned the calls within the week.",
            "remedies": [{"kind": "explanation", "description": "Why the calls took a week."}],
            "learning": [{"description": "Call-backs are logged."}],
        }),
    );
    s.act(
        "2026-04-23 10:00",
        json!({"type": "close", "complainant_satisfied": true, "note": "Content."}),
    );
    let new = proposal(&[
        (
            "within = \"7 working days\"\nfrom = \"receipt\"",
            "within = \"5 working days\"\nfrom = \"receipt\"",
        ),
        (
            "within = \"30 working days\"",
            "within = \"40 working days\"",
        ),
    ]);
    let changes = replayed(&s, &new, "2026-12-01 09:00");

    let response = change(&changes, Clock::Response);
    // Day 0 Mon 2 Mar: 3-6 Mar (4), 9-13 (9), 16-20 (14), 23-27 (19), Mon 30 Mar-Thu 2 Apr
    // (23), Fri 3 Apr Good Friday and Mon 6 Apr Easter Monday skipped, 7-10 Apr (27), Mon 13
    // (28), Tue 14 (29), Wed 15 Apr (30).
    assert_eq!(response.was.unwrap().date, date(2026, 4, 15));
    // Forty: Thu 16 (31), Fri 17 (32), 20-24 Apr (37), Mon 27 (38), Tue 28 (39), Wed 29 (40).
    assert_eq!(response.would_be.unwrap().date, date(2026, 4, 29));
    assert_eq!(response.moved_by, Some(10));
    // Answered Wed 22 Apr: a week late then, a week early now.
    assert_eq!(response.turn, Some(Turn::WouldBeOnTime));

    let acknowledgement = change(&changes, Clock::Acknowledgement);
    // Seven from Mon 2 Mar: Tue 3 (1) ... Fri 6 (4), Mon 9 (5), Tue 10 (6), Wed 11 Mar (7); five:
    // Mon 9 Mar. Acknowledged Wed 11 Mar, the last day then, two days late now.
    assert_eq!(acknowledgement.was.unwrap().date, date(2026, 3, 11));
    assert_eq!(acknowledgement.would_be.unwrap().date, date(2026, 3, 9));
    assert_eq!(acknowledgement.turn, Some(Turn::WouldBeLate));

    // The escalation window counts from the response (14 working days), which did not move.
    assert_eq!(
        change(&changes, Clock::EscalationWindow).kind(),
        Kind::Unchanged
    );
}

#[test]
fn an_open_acknowledgement_still_to_come_moves_and_turns_overdue_once_the_new_date_has_passed() {
    let mut s = Scenario::new("pips-stockport.toml");
    s.receive("2026-08-21 10:00", json!({}));
    let new = five_day_acknowledgement();
    // Tue 25 Aug: not yet due under either (Wed 2 Sep; Fri 28 Aug).
    let before = replayed(&s, &new, "2026-08-25 09:00");
    let acknowledgement = change(&before, Clock::Acknowledgement);
    assert_eq!(acknowledgement.kind(), Kind::Moved);
    assert_eq!(acknowledgement.moved_by, Some(-2));
    assert_eq!(acknowledgement.done, None);
    assert_eq!(acknowledgement.turn, None);
    // Sat 29 Aug: still to come under the old (Wed 2 Sep), overdue under the new.
    let after = replayed(&s, &new, "2026-08-29 09:00");
    assert_eq!(
        change(&after, Clock::Acknowledgement).turn,
        Some(Turn::WouldBeLate)
    );
}

#[test]
fn a_holding_letter_taken_out_of_the_procedure_is_gone_and_a_reply_to_compliments_is_new() {
    let s = across_the_summer_bank_holiday();
    let new = proposal(&[(
        "[stage.holding_letter]\n# 3.9: \"Occasionally, investigations may take longer, particularly if the complaint is complex.\n# Should this be the case, a holding letter will be sent within 20 working days and a final date\n# given for a conclusion being reached.\"\nwithin = \"20 working days\"\nfrom = \"receipt\"\n",
        "",
    )]);
    let changes = replayed(&s, &new, "2026-09-02 09:00");
    let holding = change(&changes, Clock::HoldingLetter);
    assert_eq!(holding.kind(), Kind::Gone);
    // Received Fri 21 Aug; 20 working days: 24-28 Aug (5), Mon 31 Aug skipped, Tue 1-Fri 4 Sep
    // (9), 7-11 (14), 14-18 (19), Mon 21 Sep (20).
    assert_eq!(holding.was.unwrap().date, date(2026, 9, 21));
    assert_eq!(holding.would_be, None);
    assert_eq!(holding.turn, None);
    assert_eq!(
        changes.last().unwrap().clock,
        Clock::HoldingLetter,
        "what went comes after what the proposal has"
    );

    // A compliment received Mon 2 Nov 2026, never replied to: PIPS promises no reply; a
    // proposal promising one in 10 working days would owe it by Mon 16 Nov, missed by Tue 17.
    let mut compliment = Scenario::new("pips-stockport.toml");
    compliment.act(
        "2026-11-02 10:00",
        json!({"type": "receive", "reference": "T-0002", "submission": {
            "kind": "compliment",
            "channel": "email",
            "complainant": {"name": "A Parent", "email": "parent@example.org"},
            "what_happened": "The adviser was a great help at the tribunal.",
        }}),
    );
    let new = proposal(&[(
        "recorded_by = \"information-officer\"",
        "recorded_by = \"information-officer\"\nrespond_within = \"10 working days\"",
    )]);
    let changes = replayed(&compliment, &new, "2026-11-17 09:00");
    let reply = change(&changes, Clock::Reply);
    assert_eq!(reply.kind(), Kind::New);
    assert_eq!(reply.was, None);
    assert_eq!(reply.would_be.unwrap().date, date(2026, 11, 16));
    assert_eq!(reply.moved_by, None);
    assert_eq!(reply.turn, Some(Turn::WouldBeLate));
}

#[test]
fn the_same_procedure_replayed_changes_nothing() {
    let s = across_the_summer_bank_holiday();
    let same = (s.procedure.clone(), s.calendar.clone());
    let changes = replayed(&s, &same, "2026-09-02 09:00");
    assert!(!changes.is_empty());
    assert!(changes.iter().all(|c| !c.affects()), "{changes:#?}");
    assert!(
        changes
            .iter()
            .all(|c| c.was == c.would_be && c.moved_by == Some(0))
    );
    // And the deadline is met as the case's own deadlines say.
    let met = s.deadline("2026-09-02 09:00", Clock::Acknowledgement, Some("stage-1"));
    assert!(matches!(met.status, ClockStatus::Met { on_time: true, .. }));
}
