//! The procedure format's keys for the codes' finer provisions, each walked through a case
//! under a fixture written to the code that asks for it (tests/fixtures/housing-code-2024.toml,
//! tests/fixtures/spso-mchp.toml). Dates worked out by hand, across weekends and bank holidays.

mod common;

use common::{Scenario, date, said};
use redress_core::calendar::Calendar;
use redress_core::case::{Clock, CommandKind, Fact, Party, RefusalCode, offers};
use redress_core::ids::RoleId;
use redress_core::procedure::{Procedure, Statement, parse};
use serde_json::{Value, json};

/// A scenario under `name`'s text with `from` replaced by `to`.
fn variant(name: &str, from: &str, to: &str) -> Scenario {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/tests/fixtures/{name}")).unwrap();
    assert!(text.contains(from), "{name} has no `{from}`");
    let procedure = parse(&text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("{e}"));
    let calendar = Calendar::new(procedure.organisation.region, &[]);
    Scenario {
        procedure,
        calendar,
        case: Default::default(),
        events: Vec::new(),
    }
}

fn role(id: &str) -> RoleId {
    RoleId::parse(id).unwrap()
}

/// The holding letter, acknowledgement or response the last event carries.
fn letter(s: &Scenario) -> &redress_core::letters::Letter {
    match s.last() {
        Fact::DeadlineExtended { letter, .. }
        | Fact::Acknowledged { letter, .. }
        | Fact::Responded { letter, .. } => letter,
        other => panic!("no letter on {other:?}"),
    }
}

/// Housing Ombudsman Code case received Mon 21 Dec 2026 and acknowledged Thu 24 Dec, so
/// stage 1's 10 working days from the acknowledgement end Tue 12 Jan 2027 (Christmas Day, the
/// Boxing Day substitute Mon 28 Dec and New Year's Day skipped).
fn housing_case_acknowledged() -> Scenario {
    let mut s = Scenario::new("housing-code-2024.toml");
    s.receive("2026-12-21 10:00", json!({}));
    s.act(
        "2026-12-24 11:00",
        json!({"type": "acknowledge", "definition": "The repair to the kitchen ceiling was not done; you want it done and an apology."}),
    );
    assert_eq!(
        s.due("2026-12-24 11:00", Clock::Response, "stage-1"),
        date(2027, 1, 12)
    );
    s
}

#[test]
fn the_acknowledgement_must_state_how_the_complaint_was_understood_and_the_stage() {
    let mut s = Scenario::new("housing-code-2024.toml");
    s.receive("2026-12-21 10:00", json!({}));
    let refusal = s.refused("2026-12-24 11:00", json!({"type": "acknowledge"}));
    assert_eq!(refusal.field.as_deref(), Some("definition"), "{refusal}");
    s.act(
        "2026-12-24 11:00",
        json!({"type": "acknowledge", "definition": "The repair was not done."}),
    );
    let letter = letter(&s);
    assert_eq!(
        said(letter, Statement::Definition),
        Some(json!({"says": "definition", "text": "The repair was not done."}))
    );
    assert_eq!(
        said(letter, Statement::Stage),
        Some(json!({"says": "stage", "stage": "Stage 1"}))
    );
}

#[test]
fn an_extension_past_the_cap_needs_a_recorded_good_reason_and_names_the_ombudsman() {
    let s = housing_case_acknowledged();
    // The cap: 10 working days after Tue 12 Jan 2027 is Tue 26 Jan (13, 14, 15, 18, 19, 20,
    // 21, 22, 25, 26).
    let extend = |date: &str, good: Option<&str>| {
        let mut command = json!({"type": "extend-deadline", "new_date": date,
            "reason": "we are waiting for the contractor's report"});
        if let Some(good) = good {
            command["good_reason"] = json!(good);
        }
        command
    };
    let refusal = s.refused("2027-01-08 09:00", extend("2027-01-27", None));
    assert_eq!(refusal.field.as_deref(), Some("good_reason"), "{refusal}");
    assert!(refusal.to_string().contains("Tue 26 Jan 2027"), "{refusal}");

    let mut within = housing_case_acknowledged();
    within.act("2027-01-08 09:00", extend("2027-01-26", None));
    let Fact::DeadlineExtended { good_reason, .. } = within.last() else {
        panic!("not extended")
    };
    assert_eq!(
        good_reason, &None,
        "within the cap no good reason is recorded"
    );

    let mut beyond = housing_case_acknowledged();
    beyond.act(
        "2027-01-08 09:00",
        extend(
            "2027-01-29",
            Some("the contractor cannot survey until 27 January"),
        ),
    );
    assert_eq!(
        beyond.due("2027-01-08 09:00", Clock::Response, "stage-1"),
        date(2027, 1, 29)
    );
    let Fact::DeadlineExtended { good_reason, .. } = beyond.last() else {
        panic!("not extended")
    };
    assert_eq!(
        good_reason.as_deref(),
        Some("the contractor cannot survey until 27 January")
    );
    let ombudsman = said(letter(&beyond), Statement::Ombudsman).expect("the letter names it");
    assert_eq!(ombudsman["contact"]["phone"], json!("0300 111 3000"));
    assert_eq!(ombudsman["also_any_time"], json!(true));
}

#[test]
fn only_the_role_named_may_authorise_an_extension() {
    let s = housing_case_acknowledged();
    let command = json!({"type": "extend-deadline", "new_date": "2027-01-19", "reason": "survey"});
    let officer = [role("complaints-officer")];
    let refusal = s
        .try_act_as("2027-01-08 09:00", command.clone(), &officer)
        .expect_err("an officer may not authorise it");
    assert_eq!(refusal.code, RefusalCode::NotTheirRole, "{refusal}");
    assert!(
        refusal.to_string().contains("Complaints Manager"),
        "{refusal}"
    );
    // The case page offers it only to whoever may give it.
    let on_page = |holds: &[RoleId]| {
        offers(
            &s.case,
            &s.procedure,
            &s.calendar,
            common::at("2027-01-08 09:00"),
            Party::Staff { holds },
        )
        .iter()
        .any(|offer| offer.command == CommandKind::ExtendDeadline)
    };
    assert!(!on_page(&officer));
    let manager = [role("complaints-manager")];
    assert!(on_page(&manager));
    s.try_act_as("2027-01-08 09:00", command, &manager)
        .expect("the manager authorises it");
}

#[test]
fn an_extension_the_complainant_must_agree_to_is_refused_until_they_have() {
    let mut s = variant(
        "housing-code-2024.toml",
        "beyond_max_with_good_reason = true",
        "beyond_max_with_good_reason = true\nagreed_with_complainant = true",
    );
    s.receive("2026-12-21 10:00", json!({}));
    s.act(
        "2026-12-24 11:00",
        json!({"type": "acknowledge", "definition": "The repair was not done."}),
    );
    let offer = offers(
        &s.case,
        &s.procedure,
        &s.calendar,
        common::at("2027-01-08 09:00"),
        Party::Staff {
            holds: &[role("complaints-manager")],
        },
    )
    .into_iter()
    .find(|offer| offer.command == CommandKind::ExtendDeadline)
    .expect("offered");
    assert!(offer.choices.complainant_agreement);
    assert!(
        offer
            .fields
            .iter()
            .any(|f| f.name == "complainant_agreed" && f.required)
    );
    let refusal = s.refused(
        "2027-01-08 09:00",
        json!({"type": "extend-deadline", "new_date": "2027-01-19", "reason": "survey"}),
    );
    assert_eq!(refusal.field.as_deref(), Some("complainant_agreed"));
    s.act(
        "2027-01-08 09:00",
        json!({"type": "extend-deadline", "new_date": "2027-01-19", "reason": "survey", "complainant_agreed": true}),
    );
    let Fact::DeadlineExtended {
        complainant_agreed, ..
    } = s.last()
    else {
        panic!("not extended")
    };
    assert!(*complainant_agreed);
}

fn respond(outstanding: Option<&str>) -> Value {
    let mut command = json!({"type": "respond", "outcome": "upheld",
        "findings": "The repair was missed.", "definition": "The repair was not done."});
    if let Some(outstanding) = outstanding {
        command["outstanding_actions"] = json!(outstanding);
    }
    command
}

#[test]
fn the_response_states_the_stage_the_definition_and_outstanding_actions() {
    let mut s = housing_case_acknowledged();
    let refusal = s.refused("2027-01-11 10:00", respond(None));
    assert_eq!(refusal.field.as_deref(), Some("outstanding_actions"));
    s.act(
        "2027-01-11 10:00",
        respond(Some("The ceiling will be repaired by Fri 22 Jan 2027.")),
    );
    let letter = letter(&s);
    assert_eq!(
        said(letter, Statement::OutstandingActions),
        Some(json!({"says": "outstanding-actions",
            "text": "The ceiling will be repaired by Fri 22 Jan 2027."}))
    );
    assert!(said(letter, Statement::Definition).is_some());
    assert!(said(letter, Statement::Stage).is_some());
}

#[test]
fn stage_two_goes_to_a_different_person_from_stage_one() {
    let mut s = housing_case_acknowledged();
    s.act(
        "2026-12-24 12:00",
        json!({"type": "assign-handler", "name": "Sam Officer", "role": "complaints-officer", "username": "sam"}),
    );
    s.act(
        "2027-01-11 10:00",
        respond(Some("The ceiling will be repaired.")),
    );
    s.act(
        "2027-01-12 10:00",
        json!({"type": "request-escalation", "in_writing": true, "reasons": "still leaking"}),
    );
    assert_eq!(s.stage(), "stage-2");
    s.act("2027-01-13 10:00", json!({"type": "acknowledge"}));
    // Not answered until someone is assigned, so that it is known who handles it.
    let refusal = s.refused(
        "2027-01-14 10:00",
        json!({"type": "respond", "outcome": "upheld", "findings": "f", "outstanding_actions": "none"}),
    );
    assert!(
        refusal.to_string().contains("nobody has been assigned"),
        "{refusal}"
    );
    // The same user under another name is the same person.
    let refusal = s.refused(
        "2027-01-14 10:00",
        json!({"type": "assign-handler", "name": "S. Officer", "role": "senior-manager", "username": "sam"}),
    );
    assert_eq!(refusal.code, RefusalCode::ConflictOfInterest);
    assert_eq!(refusal.field.as_deref(), Some("username"), "{refusal}");
    s.act(
        "2027-01-14 10:00",
        json!({"type": "assign-handler", "name": "Pat Manager", "role": "senior-manager", "username": "pat"}),
    );
    s.act(
        "2027-01-15 10:00",
        json!({"type": "respond", "outcome": "upheld", "findings": "f", "outstanding_actions": "None."}),
    );
}

#[test]
fn the_ombudsman_at_any_time_is_explained() {
    let procedure: Procedure = common::load("housing-code-2024.toml");
    let text = redress_core::procedure::explain(&procedure).to_markdown();
    assert!(
        text.contains("You can also contact the Housing Ombudsman Service at any time"),
        "{text}"
    );
    assert!(text.contains("further only for a good reason"), "{text}");
    assert!(text.contains("does not handle this one"), "{text}");
}

/// SPSO case received on `received`, events on `event`, answered at frontline on `answered`.
fn spso_answered(event: Option<&str>, received: &str, answered: &str) -> Scenario {
    let mut s = Scenario::new("spso-mchp.toml");
    s.receive(
        received,
        match event {
            Some(event) => json!({"happened_on": event}),
            None => json!({}),
        },
    );
    s.act(
        answered,
        json!({"type": "respond", "outcome": "not-upheld", "findings": "f"}),
    );
    s
}

#[test]
fn the_window_for_stage_two_ends_at_the_later_of_two_spans() {
    // Events Wed 10 Jun 2026, answered Fri 20 Nov 2026: six months from the events is Thu 10
    // Dec 2026, two months from the response Wed 20 Jan 2027, the later.
    let s = spso_answered(Some("2026-06-10"), "2026-11-16 10:00", "2026-11-20 10:00");
    assert_eq!(
        s.due("2026-11-20 12:00", Clock::EscalationWindow, "frontline"),
        date(2027, 1, 20)
    );
    // Events Thu 1 Oct 2026, answered Fri 6 Nov 2026: two months from the response is Wed 6
    // Jan 2027, six months from the events Thu 1 Apr 2027, the later.
    let s = spso_answered(Some("2026-10-01"), "2026-11-02 10:00", "2026-11-06 10:00");
    let window = s.deadline(
        "2026-11-06 12:00",
        Clock::EscalationWindow,
        Some("frontline"),
    );
    assert_eq!(window.due.date, date(2027, 4, 1));
    assert!(
        window.why.contains("6 months from the events"),
        "{}",
        window.why
    );
    // A request on Mon 1 Mar 2027 is inside the window, though past the two months.
    s.try_act(
        "2027-03-01 10:00",
        json!({"type": "request-escalation", "in_writing": true}),
    )
    .expect("in time by the second span");
    // The response letter gives the later date.
    let Fact::Responded { letter, .. } = &s.events.last().unwrap().fact else {
        panic!("not responded")
    };
    assert_eq!(
        said(letter, Statement::EscalationRights).unwrap()["right"]["by"],
        json!("2027-04-01")
    );
    // Without a date for the events, only the first span applies.
    let s = spso_answered(None, "2026-11-02 10:00", "2026-11-06 10:00");
    assert_eq!(
        s.due("2026-11-06 12:00", Clock::EscalationWindow, "frontline"),
        date(2027, 1, 6)
    );
}

#[test]
fn the_frontline_handler_may_refer_it_up_as_well_as_the_complainant() {
    let mut s = Scenario::new("spso-mchp.toml");
    s.receive("2026-11-16 10:00", json!({}));
    let kinds: Vec<CommandKind> = offers(
        &s.case,
        &s.procedure,
        &s.calendar,
        common::at("2026-11-17 10:00"),
        Party::Staff {
            holds: &[role("frontline-officer")],
        },
    )
    .iter()
    .map(|offer| offer.command)
    .collect();
    assert!(kinds.contains(&CommandKind::ReferUp), "{kinds:?}");
    s.act(
        "2026-11-17 10:00",
        json!({"type": "refer-up", "reason": "not resolved at frontline"}),
    );
    assert_eq!(s.stage(), "investigation");
}

#[test]
fn a_complex_complaint_goes_straight_to_investigation_by_the_handlers_decision() {
    // Without the handler's own right to escalate, only `start_here_when` lets them.
    let mut s = variant("spso-mchp.toml", "handler_may_refer = true, ", "");
    // Received Fri 27 Nov 2026; straight to investigation the same day.
    s.receive("2026-11-27 10:00", json!({}));
    s.act(
        "2026-11-27 15:00",
        json!({"type": "refer-up", "reason": "complex: several services involved"}),
    );
    let Fact::ReferredUp {
        to,
        complainant_notified,
        ..
    } = s.last()
    else {
        panic!("not referred")
    };
    assert_eq!(to.as_str(), "investigation");
    assert!(*complainant_notified, "the complainant is told");
    // Acknowledged within 3 working days: Mon 30 Nov is St Andrew's Day in Scotland, so
    // Tue 1 (1), Wed 2 (2), Thu 3 Dec (3).
    assert_eq!(
        s.due("2026-11-27 15:00", Clock::Acknowledgement, "investigation"),
        date(2026, 12, 3)
    );
    // Once answered at frontline, it is too late to start elsewhere.
    let mut answered = variant("spso-mchp.toml", "handler_may_refer = true, ", "");
    answered.receive("2026-11-27 10:00", json!({}));
    answered.act(
        "2026-11-30 10:00",
        json!({"type": "respond", "outcome": "not-upheld", "findings": "f"}),
    );
    answered.refused(
        "2026-11-30 11:00",
        json!({"type": "refer-up", "reason": "complex"}),
    );
}

#[test]
fn the_new_keys_are_refused_where_they_mean_nothing() {
    let root = env!("CARGO_MANIFEST_DIR");
    let housing =
        std::fs::read_to_string(format!("{root}/tests/fixtures/housing-code-2024.toml")).unwrap();
    let check = |from: &str, to: &str, field: &str| {
        let errors = parse(&housing.replacen(from, to, 1)).expect_err("refused");
        assert!(errors.to_string().contains(field), "{field}: {errors}");
    };
    check(
        "max = \"10 working days\"\n",
        "",
        "beyond_max_with_good_reason",
    );
    check(
        "must_state = [\"ombudsman\"]\n",
        "must_state = [\"findings\"]\n",
        "a holding letter always states",
    );
    check(
        "authorised_by = \"complaints-manager\"",
        "authorised_by = \"nobody\"",
        "authorised_by",
    );
    check(
        "handler = { role = \"complaints-officer\" }",
        "handler = { role = \"complaints-officer\" }\ndifferent_handler = true",
        "the first stage has no previous stage",
    );
    check(
        "escalation = { by = \"complainant\" }",
        "escalation = { by = \"handler\", handler_may_refer = true }",
        "handler_may_refer",
    );
    check(
        "escalation = { by = \"complainant\" }",
        "escalation = { by = \"complainant\", or_if_later = { within = \"6 months\", from = \"event\" } }",
        "give the first as `within`",
    );
}
