//! Reports (issue 10, item 2) and themes and learning (item 1): a seeded set of SENDIASS cases
//! over 2026-Q1 and the quarter before, its figures checked against counts worked out in this
//! file straight from the events and against working days counted by hand in the comments.

mod common;

use common::{Scenario, at};
use jiff::ToSpan;
use jiff::civil::Date;
use redress_core::calendar::london_date;
use redress_core::case::{Event, Fact, RefusalCode};
use redress_core::procedure::FeedbackKind;
use redress_core::report::{CaseFacts, Count, Period, Rate, Report, ReportBuilder};
use serde_json::json;

const PROCEDURE: &str = "sendiass-staffordshire.toml";

fn response(outcome: &str) -> serde_json::Value {
    json!({
        "type": "respond",
        "outcome": outcome,
        "findings": "The adviser's call-back was missed.",
        "how_investigated": "The Manager read the notes.",
        "remedies": [{"kind": "apology", "description": "An apology"}],
    })
}

/// The seeded cases. Bank holidays near these dates (England and Wales): 25 and 26 Dec 2025,
/// 1 Jan 2026; none between 2 Jan and 2 Apr 2026.
fn seeded() -> Vec<Scenario> {
    let mut cases = Vec::new();

    // C1, 2026-Q1: e-mail, Mon 5 Jan 2026. Acknowledged Wed 7 Jan: Tue 6 (1), Wed 7 (2) = 2
    // working days, within 5. Answered Fri 30 Jan: 6-9 Jan (4), 12-16 (9), 19-23 (14), 26-30
    // (19) = 19 working days, within 20. A learning action recorded then, done Fri 20 Feb.
    let mut c1 = Scenario::new(PROCEDURE);
    c1.receive("2026-01-05 10:00", json!({}));
    c1.act("2026-01-07 10:00", json!({"type": "acknowledge"}));
    c1.act(
        "2026-01-08 10:00",
        json!({"type": "set-themes", "themes": ["delay", "communication"]}),
    );
    c1.act("2026-01-30 15:00", response("partly-upheld"));
    c1.act(
        "2026-01-30 15:05",
        json!({"type": "add-learning-action", "what": "Call-backs logged on the case", "owner": "SFPS Manager", "due": "2026-02-27"}),
    );
    c1.act(
        "2026-02-20 09:00",
        json!({"type": "complete-learning-action", "action": 1, "what_changed": "Every call-back is now logged."}),
    );
    cases.push(c1);

    // C2, 2026-Q1: letter from a representative, Mon 2 Feb 2026. Acknowledged Tue 10 Feb: 3
    // (1), 4 (2), 5 (3), 6 (4), 9 (5), 10 (6) = 6 working days, late (due Mon 9 Feb). Answered
    // Fri 6 Mar: 3-6 Feb (4), 9-13 (9), 16-20 (14), 23-27 (19), 2-6 Mar (24) = 24, late (due
    // Mon 2 Mar). Escalated Mon 9 Mar; stage 2 acknowledged Wed 11 Mar: 10 (1), 11 (2) = 2,
    // within 5.
    let mut c2 = Scenario::new(PROCEDURE);
    c2.receive(
        "2026-02-02 11:00",
        json!({"channel": "letter", "representative": {"contact": {"name": "An Advocate", "email": "advocate@example.org"}, "relationship": "advocate"}}),
    );
    c2.act("2026-02-10 10:00", json!({"type": "acknowledge"}));
    c2.act(
        "2026-02-10 10:05",
        json!({"type": "set-themes", "themes": ["delay"]}),
    );
    c2.act("2026-03-06 15:00", response("upheld"));
    c2.act(
        "2026-03-09 10:00",
        json!({"type": "request-escalation", "reasons": "Still waiting.", "outcome_sought": "A review.", "in_writing": true}),
    );
    c2.act("2026-03-11 10:00", json!({"type": "acknowledge"}));
    cases.push(c2);

    // C3, 2026-Q1: web, Mon 2 Mar 2026, excluded the next day (a criminal matter).
    let mut c3 = Scenario::new(PROCEDURE);
    c3.receive("2026-03-02 09:00", json!({"channel": "web"}));
    c3.act(
        "2026-03-03 09:00",
        json!({"type": "decide-scope", "decision": {"decision": "excluded", "exclusion": "criminal"}}),
    );
    cases.push(c3);

    // C4, 2026-Q1: a compliment by e-mail.
    let mut c4 = Scenario::new(PROCEDURE);
    c4.act(
        "2026-01-20 12:00",
        json!({"type": "receive", "reference": "T-0004", "submission": {"kind": "compliment", "channel": "email", "complainant": {"name": "A Parent", "email": "parent@example.org"}, "what_happened": "Thank you for the help."}}),
    );
    cases.push(c4);

    // C5, 2025-Q4: e-mail, Mon 3 Nov 2025. Acknowledged Wed 5 Nov (2). Answered Fri 28 Nov:
    // 4-7 (4), 10-14 (9), 17-21 (14), 24-28 (19) = 19, within 20. Referred to the ombudsman
    // on Mon 16 Feb 2026, in 2026-Q1.
    let mut c5 = Scenario::new(PROCEDURE);
    c5.receive("2025-11-03 10:00", json!({}));
    c5.act("2025-11-05 10:00", json!({"type": "acknowledge"}));
    c5.act("2025-11-28 10:00", response("not-upheld"));
    c5.act(
        "2026-02-16 10:00",
        json!({"type": "refer-externally", "body": "Local Government Ombudsman"}),
    );
    cases.push(c5);

    // C6, 2025-Q4: web, Mon 1 Dec 2025, withdrawn Mon 12 Jan 2026 (2026-Q1), never
    // acknowledged.
    let mut c6 = Scenario::new(PROCEDURE);
    c6.receive("2025-12-01 10:00", json!({"channel": "web"}));
    c6.act("2026-01-12 10:00", json!({"type": "withdraw"}));
    cases.push(c6);
    cases
}

fn report(cases: &[Scenario], period: &str) -> Report {
    let procedure = &cases[0].procedure;
    let mut builder = ReportBuilder::new(procedure, Period::parse(period).unwrap());
    for s in cases {
        let facts = CaseFacts::of(&s.case, &s.procedure, &s.calendar, at("2026-06-01 12:00"))
            .unwrap()
            .expect("received");
        builder.add(&facts);
    }
    builder.finish()
}

fn count(counts: &[Count], key: &str) -> u64 {
    counts
        .iter()
        .find(|c| c.key == key)
        .unwrap_or_else(|| panic!("no key {key} in {counts:?}"))
        .count
}

fn day(event: &Event) -> Date {
    london_date(event.at)
}

/// Figures worked out here from the events alone, with no code of the report's.
struct ByHand {
    received: u64,
    complaints: u64,
    compliments: u64,
    email: u64,
    letter: u64,
    web: u64,
    representative: u64,
    escalations: u64,
    referrals: u64,
    withdrawals: u64,
    learning_opened: u64,
    learning_done: u64,
    responses: u64,
}

fn by_hand(cases: &[Scenario], first: Date, last: Date) -> ByHand {
    let within = |d: Date| first <= d && d <= last;
    let mut h = ByHand {
        received: 0,
        complaints: 0,
        compliments: 0,
        email: 0,
        letter: 0,
        web: 0,
        representative: 0,
        escalations: 0,
        referrals: 0,
        withdrawals: 0,
        learning_opened: 0,
        learning_done: 0,
        responses: 0,
    };
    for s in cases {
        for event in &s.events {
            if !within(day(event)) {
                continue;
            }
            match &event.fact {
                Fact::Received { submission, .. } => {
                    h.received += 1;
                    h.complaints += u64::from(submission.kind == FeedbackKind::Complaint);
                    h.compliments += u64::from(submission.kind == FeedbackKind::Compliment);
                    let channel = serde_json::to_value(submission.channel).unwrap();
                    h.email += u64::from(channel == "email");
                    h.letter += u64::from(channel == "letter");
                    h.web += u64::from(channel == "web");
                    h.representative += u64::from(submission.representative.is_some());
                }
                Fact::EscalationRequested { .. } => h.escalations += 1,
                Fact::ReferredExternally { .. } => h.referrals += 1,
                Fact::Withdrawn { .. } => h.withdrawals += 1,
                Fact::LearningActionAdded { .. } => h.learning_opened += 1,
                Fact::LearningActionCompleted { .. } => h.learning_done += 1,
                Fact::Responded { learning, .. } => {
                    h.responses += 1;
                    h.learning_opened += learning.len() as u64;
                }
                _ => {}
            }
        }
    }
    h
}

#[test]
fn the_report_counts_what_the_events_say_in_the_period_and_the_one_before() {
    let cases = seeded();
    let r = report(&cases, "2026-Q1");
    assert_eq!(r.period.label(), "2026-Q1");
    assert_eq!(r.previous_period.label(), "2025-Q4");
    let now = &r.current;
    let hand = by_hand(&cases, common::date(2026, 1, 1), common::date(2026, 3, 31));
    assert_eq!(now.received, hand.received);
    assert_eq!(now.received, 4);
    assert_eq!(now.complaints, hand.complaints);
    assert_eq!(count(&now.by_kind, "complaint"), hand.complaints);
    assert_eq!(count(&now.by_kind, "compliment"), hand.compliments);
    assert_eq!(count(&now.by_kind, "comment"), 0);
    assert_eq!(now.compliments, 1);
    assert_eq!(count(&now.by_channel, "email"), hand.email);
    assert_eq!(count(&now.by_channel, "letter"), hand.letter);
    assert_eq!(count(&now.by_channel, "web"), hand.web);
    assert_eq!(count(&now.by_channel, "referral"), 0);
    assert_eq!(now.representative, hand.representative);
    assert_eq!(now.anonymous, 0);
    // C1 and C3 are at stage 1, C2 at stage 2.
    assert_eq!(count(&now.by_stage_reached, "stage-1"), 2);
    assert_eq!(count(&now.by_stage_reached, "stage-2"), 1);
    assert_eq!(count(&now.by_theme, "delay"), 2);
    assert_eq!(count(&now.by_theme, "communication"), 1);
    assert_eq!(count(&now.by_theme, "policy"), 0);
    assert_eq!(now.without_theme, 1);
    assert_eq!(count(&now.by_outcome, "partly-upheld"), 1);
    assert_eq!(count(&now.by_outcome, "upheld"), 1);
    assert_eq!(count(&now.by_outcome, "not-upheld"), 0);
    assert_eq!(
        now.by_outcome.iter().map(|c| c.count).sum::<u64>(),
        hand.responses
    );
    // Stage 1: acknowledged in 2 and 6 working days; answered in 19 and 24.
    let stage1 = &now.times[0];
    assert_eq!(stage1.stage, "stage-1");
    assert_eq!(stage1.acknowledge.count, 2);
    assert_eq!(stage1.acknowledge.median, Some(2));
    assert_eq!(stage1.acknowledge.p90, Some(6));
    assert_eq!(stage1.acknowledge.within, Rate { count: 1, of: 2 });
    assert_eq!(stage1.respond.count, 2);
    assert_eq!(stage1.respond.median, Some(19));
    assert_eq!(stage1.respond.p90, Some(24));
    assert_eq!(stage1.respond.within, Rate { count: 1, of: 2 });
    let stage2 = &now.times[1];
    assert_eq!(stage2.stage, "stage-2");
    assert_eq!(stage2.acknowledge.median, Some(2));
    assert_eq!(stage2.acknowledge.within, Rate { count: 1, of: 1 });
    assert_eq!(stage2.respond.count, 0);
    assert_eq!(stage2.respond.median, None);
    assert_eq!(now.escalations, hand.escalations);
    assert_eq!(now.escalation_rate, Rate { count: 1, of: 3 });
    assert_eq!(now.referrals, hand.referrals);
    assert_eq!(now.referrals, 1);
    assert_eq!(now.referral_rate, Rate { count: 0, of: 3 });
    assert_eq!(now.withdrawals, hand.withdrawals);
    assert_eq!(now.withdrawals, 1);
    assert_eq!(count(&now.out_of_scope, "criminal"), 1);
    assert_eq!(count(&now.out_of_scope, "out-of-time"), 0);
    assert_eq!(now.late_accepted, 0);
    assert_eq!(now.learning_opened, hand.learning_opened);
    assert_eq!(now.learning_opened, 1);
    assert_eq!(now.learning_done, hand.learning_done);

    let before = &r.previous;
    let hand = by_hand(
        &cases,
        common::date(2025, 10, 1),
        common::date(2025, 12, 31),
    );
    assert_eq!(before.received, hand.received);
    assert_eq!(before.received, 2);
    assert_eq!(count(&before.by_channel, "email"), hand.email);
    assert_eq!(count(&before.by_channel, "web"), hand.web);
    assert_eq!(count(&before.by_outcome, "not-upheld"), 1);
    assert_eq!(before.times[0].acknowledge.median, Some(2));
    assert_eq!(before.times[0].respond.median, Some(19));
    assert_eq!(before.times[0].respond.within, Rate { count: 1, of: 1 });
    // C5 was referred later, so the quarter's complaints have a referral rate of 1 in 2.
    assert_eq!(before.referral_rate, Rate { count: 1, of: 2 });
    assert_eq!(before.referrals, hand.referrals);
    assert_eq!(before.withdrawals, 0);
    assert_eq!(before.without_theme, 2);
}

#[test]
fn a_period_with_nothing_in_it_reports_zeros_with_every_key() {
    let cases = seeded();
    let r = report(&cases, "2024");
    assert_eq!(r.current.received, 0);
    assert_eq!(count(&r.current.by_kind, "complaint"), 0);
    assert_eq!(r.current.times.len(), 2);
    assert_eq!(r.current.times[0].respond.median, None);
    assert_eq!(r.current.escalation_rate.percent(), None);
}

#[test]
fn the_report_names_no_one_and_quotes_no_words() {
    let cases = seeded();
    let text = serde_json::to_string(&report(&cases, "2026-Q1")).unwrap();
    for words in [
        "A Parent",
        "parent@example.org",
        "An Advocate",
        "call-back",
        "T-000",
        "Every call-back",
    ] {
        assert!(!text.contains(words), "{words} in {text}");
    }
}

#[test]
fn the_90th_percentile_is_the_nearest_rank() {
    // Ten responses on the same stage, answered after 1..=10 working days: the median is the
    // 5th value (5), the 90th percentile the 9th (9).
    let mut cases = Vec::new();
    for n in 1..=10u32 {
        let mut s = Scenario::new(PROCEDURE);
        s.receive("2026-01-05 10:00", json!({}));
        // From Mon 5 Jan 2026, the nth working day is this day in January (no holidays).
        let dom = [6, 7, 8, 9, 12, 13, 14, 15, 16, 19][n as usize - 1];
        s.act(&format!("2026-01-{dom:02} 10:00"), response("upheld"));
        cases.push(s);
    }
    let r = report(&cases, "2026-01-01..2026-01-31");
    let times = &r.current.times[0].respond;
    assert_eq!(times.count, 10);
    assert_eq!(times.median, Some(5));
    assert_eq!(times.p90, Some(9));
    assert_eq!(times.within, Rate { count: 10, of: 10 });
    assert_eq!(r.previous_period.label(), "2025-12-01..2025-12-31");
}

#[test]
fn a_theme_outside_the_procedures_list_is_refused_naming_the_field() {
    let mut s = Scenario::new(PROCEDURE);
    s.receive("2026-01-05 10:00", json!({}));
    let refusal = s.refused(
        "2026-01-06 10:00",
        json!({"type": "set-themes", "themes": ["delay", "parking"]}),
    );
    assert_eq!(refusal.code, RefusalCode::Invalid);
    assert_eq!(refusal.field.as_deref(), Some("themes[1]"));
    assert!(refusal.to_string().contains("parking"), "{refusal}");
    s.act(
        "2026-01-06 10:00",
        json!({"type": "set-themes", "themes": ["staff-conduct", "delay", "delay"]}),
    );
    assert_eq!(
        s.case.themes.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        ["staff-conduct", "delay"]
    );
}

#[test]
fn a_procedure_names_its_own_themes() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../procedures/sendiass-staffordshire.toml"
    ))
    .unwrap()
        + "\n[reporting]\nthemes = [\"advice\", \"delay\"]\n";
    let procedure = redress_core::procedure::parse(&text).expect("valid");
    let themes: Vec<String> = procedure
        .reporting
        .themes()
        .iter()
        .map(|t| t.to_string())
        .collect();
    assert_eq!(themes, ["advice", "delay"]);
    let twice = text.replace("\"advice\", \"delay\"", "\"delay\", \"delay\"");
    let errors = redress_core::procedure::parse(&twice).expect_err("a theme twice");
    assert!(errors.to_string().contains("listed twice"), "{errors}");
}

#[test]
fn learning_actions_have_an_owner_and_a_due_date_and_are_done_once() {
    let mut s = Scenario::new(PROCEDURE);
    s.receive("2026-01-05 10:00", json!({}));
    let refused = s.refused(
        "2026-01-06 10:00",
        json!({"type": "complete-learning-action", "action": 1}),
    );
    assert!(
        refused.to_string().contains("no learning action"),
        "{refused}"
    );
    let refused = s.refused(
        "2026-01-06 10:00",
        json!({"type": "add-learning-action", "what": "Log calls", "owner": " ", "due": "2026-02-01"}),
    );
    assert_eq!(refused.field.as_deref(), Some("owner"));
    let refused = s.refused(
        "2026-01-06 10:00",
        json!({"type": "add-learning-action", "what": "Log calls", "owner": "Manager", "due": "2026-01-05"}),
    );
    assert_eq!(refused.field.as_deref(), Some("due"));
    s.act(
        "2026-01-06 10:00",
        json!({"type": "add-learning-action", "what": "Log calls", "owner": "Manager", "due": "2026-02-01"}),
    );
    let refused = s.refused(
        "2026-01-07 10:00",
        json!({"type": "complete-learning-action", "action": 2}),
    );
    assert_eq!(refused.field.as_deref(), Some("action"));
    s.act(
        "2026-01-07 10:00",
        json!({"type": "complete-learning-action", "action": 1, "what_changed": "Calls are logged."}),
    );
    assert_eq!(s.case.learning[0].done_at, Some(at("2026-01-07 10:00")));
    assert_eq!(
        s.case.learning[0].what_changed.as_deref(),
        Some("Calls are logged.")
    );
    let refused = s.refused(
        "2026-01-08 10:00",
        json!({"type": "complete-learning-action", "action": 1}),
    );
    assert!(
        refused.to_string().contains("no learning action"),
        "{refused}"
    );
}

#[test]
fn a_case_counts_nothing_in_a_period_outside_its_days() {
    // What lets a store skip a case by its facts' days: a period wholly before the day it was
    // received, or wholly after the last day anything counted happened, reports it nowhere.
    let cases = seeded();
    for case in &cases {
        let facts = CaseFacts::of(
            &case.case,
            &case.procedure,
            &case.calendar,
            at("2026-06-01 12:00"),
        )
        .unwrap()
        .expect("received");
        let (first, last) = facts.days();
        assert_eq!(
            first,
            day(&case.events[0]),
            "the first day is the day received"
        );
        assert!(first <= last);
        let span = |from: Date, to: Date| Period::parse(&format!("{from}..{to}")).unwrap();
        let before = span(first - 400.days(), first - 1.day());
        let after = span(last + 1.day(), last + 400.days());
        for period in [before, after] {
            let mut builder = ReportBuilder::new(&case.procedure, period);
            builder.add(&facts);
            let figures = builder.finish().current;
            assert_eq!(
                figures,
                ReportBuilder::new(&case.procedure, period).finish().current
            );
        }
    }
}

/// Several procedures (issue 10 item 7): the seeded cases' facts, some said to run on a second
/// procedure of SENDIASS, folded as one procedure's report and as the whole.
#[test]
fn one_procedures_report_counts_its_cases_alone_and_the_whole_breaks_down_by_procedure() {
    let cases = seeded();
    let main = &cases[0].procedure;
    let mut second = main.clone();
    second.procedure.id = redress_core::ids::ProcedureId::parse("second").unwrap();
    second.procedure.title = "Second procedure".to_owned();
    // C1 and C3 on the second procedure, the rest on the main one.
    let facts: Vec<CaseFacts> = cases
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let mut facts =
                CaseFacts::of(&s.case, &s.procedure, &s.calendar, at("2026-06-01 12:00"))
                    .unwrap()
                    .expect("received");
            if index == 0 || index == 2 {
                facts.procedure = second.procedure.id.clone();
            }
            facts
        })
        .collect();
    let q1 = Period::parse("2026-Q1").unwrap();
    let fold = |mut builder: ReportBuilder| {
        for one in &facts {
            builder.add(one);
        }
        builder.finish()
    };
    let whole = fold(ReportBuilder::combined(&[main, &second], q1));
    let alone = fold(ReportBuilder::of_procedure(&second, q1));
    let main_alone = fold(ReportBuilder::of_procedure(main, q1));
    // The whole is what a one-procedure report of every case was, with the breakdown beside.
    let all = report(&cases, "2026-Q1");
    assert_eq!(whole.current, all.current);
    assert_eq!(whole.previous, all.previous);
    assert_eq!(whole.procedure, None);
    let ids: Vec<&str> = whole
        .by_procedure
        .iter()
        .map(|p| p.procedure.id.as_str())
        .collect();
    assert_eq!(ids, ["main", "second"]);
    assert_eq!(whole.by_procedure[1].current, alone.current);
    assert_eq!(whole.by_procedure[0].current, main_alone.current);
    // Each procedure's figures add up to the whole.
    type Figure = fn(&redress_core::report::Figures) -> u64;
    let figures: [(Figure, &str); 4] = [
        (|f| f.received, "received"),
        (|f| f.complaints, "complaints"),
        (|f| f.withdrawals, "withdrawals"),
        (|f| f.escalations, "escalations"),
    ];
    for (part, figure) in figures {
        assert_eq!(
            part(&alone.current) + part(&main_alone.current),
            part(&whole.current),
            "{figure}"
        );
    }
    let within = |f: &redress_core::report::Figures| {
        let (a, r) = (f.acknowledged_within(), f.responded_within());
        (a.count, a.of, r.count, r.of)
    };
    let (a1, a2, r1, r2) = within(&alone.current);
    let (b1, b2, s1, s2) = within(&main_alone.current);
    assert_eq!((a1 + b1, a2 + b2, r1 + s1, r2 + s2), within(&whole.current));
    // C1 (received Mon 5 Jan) and C3 are the second procedure's: its report has them alone,
    // and names it.
    assert_eq!(alone.procedure.as_ref().unwrap().title, "Second procedure");
    assert!(alone.by_procedure.is_empty());
    assert!(alone.current.received < whole.current.received);
    assert!(alone.current.received > 0);
}
