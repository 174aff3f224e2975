//! A person's conduct record under Sunderland's behaviour policy (seed 004, "Unreasonably
//! Persistent Complainants", "Unacceptable Behaviour", "Restricting Access"): who decides, the
//! prior warning, what each restriction allows, and when reviews fall due, with the dates
//! counted by hand over Christmas 2026 (Fri 25 Dec Christmas Day, Mon 28 Dec the substitute
//! Boxing Day, Fri 1 Jan 2027 New Year's Day; England and Wales).

mod common;

use common::{at, date, load};
use jiff::civil::Date;
use redress_core::calendar::{Calendar, Duration};
use redress_core::case::RefusalCode;
use redress_core::conduct::{
    ConductCommand, ConductEvent, ConductFact, ConductRecord, EmailIn, Person, ReviewStatus,
    ReviewSubject, decide_conduct, events,
};
use redress_core::ids::RoleId;
use redress_core::letters::{LetterKind, Said};
use redress_core::procedure::{Procedure, Restriction};
use serde_json::json;

struct Person_ {
    procedure: Procedure,
    calendar: Calendar,
    events: Vec<ConductEvent>,
}

fn manager() -> Vec<RoleId> {
    vec![RoleId::parse("feedback-manager").unwrap()]
}

impl Person_ {
    fn sunderland() -> Person_ {
        let procedure = load("tfc-sunderland.toml");
        let calendar = Calendar::new(procedure.organisation.region, &[]);
        Person_ {
            procedure,
            calendar,
            events: Vec::new(),
        }
    }

    fn record(&self) -> ConductRecord {
        ConductRecord::from_events(&self.events)
    }

    fn try_as(
        &mut self,
        holds: &[RoleId],
        when: &str,
        command: serde_json::Value,
    ) -> Result<Vec<ConductFact>, redress_core::case::Refusal> {
        let command: ConductCommand = serde_json::from_value(command).expect("a command");
        let facts = decide_conduct(
            &self.record(),
            command,
            &self.procedure,
            &self.calendar,
            at(when),
            holds,
        )?;
        self.events
            .extend(events(facts.clone(), at(when), None, None));
        Ok(facts)
    }

    fn act(&mut self, when: &str, command: serde_json::Value) -> Vec<ConductFact> {
        self.try_as(&manager(), when, command)
            .unwrap_or_else(|r| panic!("refused: {r}"))
    }

    fn refused(&mut self, when: &str, command: serde_json::Value) -> redress_core::case::Refusal {
        let before = self.events.len();
        let refusal = self.try_as(&manager(), when, command).expect_err("refused");
        assert_eq!(self.events.len(), before, "a refusal changes nothing");
        refusal
    }

    fn review_status(&self, day: Date) -> Vec<(ReviewSubject, Date, ReviewStatus)> {
        self.record()
            .reviews(day, &self.calendar, Duration::WorkingDays(5))
            .expect("in the calendar")
            .into_iter()
            .map(|r| (r.subject, r.on, r.status))
            .collect()
    }
}

fn letters_only(lasts: &str, review_on: &str) -> serde_json::Value {
    json!({
        "type": "restrict",
        "terms": [{"restriction": "single-form", "form": "letter"}, {"restriction": "no-acknowledgement"}],
        "reason": "Forty e-mails a week to the team about the same closed matter.",
        "lasts": lasts,
        "review_on": review_on,
    })
}

#[test]
fn a_person_is_their_address_whatever_its_case_or_spaces() {
    assert_eq!(
        Person::from_email(" Parent@Example.ORG ").unwrap(),
        Person::from_email("parent@example.org").unwrap()
    );
    assert!(Person::from_email("not an address").is_err());
}

/// "The decision to restrict access ... will be taken by the Customer Feedback Manager and
/// should follow a prior warning to the complainant".
#[test]
fn only_the_customer_feedback_manager_decides_and_a_warning_comes_first() {
    let mut person = Person_::sunderland();
    let officer = vec![RoleId::parse("feedback-officer").unwrap()];
    let refusal = person
        .try_as(
            &officer,
            "2026-12-14 10:00",
            json!({"type": "warn", "reason": "Abusive calls."}),
        )
        .expect_err("not the manager");
    assert_eq!(refusal.code, RefusalCode::NotTheirRole);
    assert!(
        refusal.reason.contains("Customer Feedback Manager"),
        "{refusal}"
    );

    let refusal = person.refused("2026-12-14 10:00", letters_only("3 months", "2027-01-11"));
    assert_eq!(refusal.code, RefusalCode::NotAllowedNow);
    assert!(refusal.reason.contains("warning"), "{refusal}");

    let facts = person.act(
        "2026-12-14 10:00",
        json!({"type": "warn", "reason": "Abusive calls to the team."}),
    );
    let ConductFact::Warned { letter, .. } = &facts[0] else {
        panic!("a warning: {facts:?}")
    };
    assert_eq!(letter.kind, LetterKind::BehaviourWarning);
    assert_eq!(
        letter.signed_by.as_deref(),
        Some("Customer Feedback Manager")
    );
    person.act("2026-12-23 10:00", letters_only("3 months", "2027-03-22"));
}

/// "In such cases TfC may not give prior warning to the customer."
#[test]
fn a_risk_to_staff_safety_allows_a_restriction_without_warning() {
    let mut person = Person_::sunderland();
    let mut command = letters_only("3 months", "2027-03-22");
    command["safety_risk"] = json!(true);
    person.act("2026-12-23 10:00", command);
    assert!(person.record().letters_by_post(date(2026, 12, 23)));
}

/// "The duration of that action, how, and when it will be reviewed": 3 months from Wed 23
/// Dec 2026 is 23 Mar 2027, so the last day is Mon 22 Mar 2027; a review set on Christmas
/// Day or the substitute Boxing Day (Mon 28 Dec) is refused, naming Tue 29 Dec, the next
/// working day; after the last day it is refused too.
#[test]
fn the_letter_says_why_what_for_how_long_and_the_review_day_a_working_day_within_it() {
    let mut person = Person_::sunderland();
    person.act(
        "2026-12-14 10:00",
        json!({"type": "warn", "reason": "Abuse."}),
    );
    for holiday in ["2026-12-25", "2026-12-28", "2026-12-27"] {
        let refusal = person.refused("2026-12-23 10:00", letters_only("3 months", holiday));
        assert_eq!(refusal.field.as_deref(), Some("review_on"), "{refusal}");
        assert!(refusal.reason.contains("not a working day"), "{refusal}");
        assert!(
            refusal
                .instead
                .as_deref()
                .unwrap_or("")
                .contains("Tue 29 Dec 2026"),
            "{refusal:?}"
        );
    }
    let late = person.refused("2026-12-23 10:00", letters_only("3 months", "2027-03-23"));
    assert_eq!(late.field.as_deref(), Some("review_on"));
    assert!(late.reason.contains("Mon 22 Mar 2027"), "{late}");
    let today = person.refused("2026-12-23 10:00", letters_only("3 months", "2026-12-23"));
    assert_eq!(today.field.as_deref(), Some("review_on"));
    let hours = person.refused("2026-12-23 10:00", letters_only("24 hours", "2026-12-24"));
    assert_eq!(hours.field.as_deref(), Some("lasts"));
    let nonsense = person.refused("2026-12-23 10:00", letters_only("a while", "2026-12-29"));
    assert_eq!(nonsense.field.as_deref(), Some("lasts"));

    let facts = person.act("2026-12-23 10:00", letters_only("3 months", "2026-12-29"));
    let ConductFact::Restricted {
        until,
        review_on,
        starts,
        letter,
        ..
    } = &facts[0]
    else {
        panic!("a restriction: {facts:?}")
    };
    assert_eq!(*starts, date(2026, 12, 23));
    assert_eq!(*until, date(2027, 3, 22));
    assert_eq!(*review_on, date(2026, 12, 29));
    assert_eq!(letter.kind, LetterKind::ContactRestriction);
    assert!(letter.statements.contains(&Said::Behaviour {
        reason: "Forty e-mails a week to the team about the same closed matter.".into()
    }));
    assert!(letter.statements.contains(&Said::Restrictions {
        restrictions: vec![Restriction::SingleForm, Restriction::NoAcknowledgement],
        until: date(2027, 3, 22),
        review_on: date(2026, 12, 29),
    }));
    let again = person.refused("2026-12-24 10:00", letters_only("1 month", "2027-01-05"));
    assert_eq!(again.code, RefusalCode::NotAllowedNow);
}

#[test]
fn each_restriction_needs_its_particulars_and_nothing_the_policy_lacks() {
    let mut person = Person_::sunderland();
    person.act(
        "2026-12-14 10:00",
        json!({"type": "warn", "reason": "Abuse."}),
    );
    let mut command = letters_only("3 months", "2027-01-11");
    command["terms"] = json!([{"restriction": "named-officer", "officer": "  "}]);
    let refusal = person.refused("2026-12-23 10:00", command.clone());
    assert_eq!(refusal.field.as_deref(), Some("terms[0].officer"));
    command["terms"] = json!([]);
    let refusal = person.refused("2026-12-23 10:00", command.clone());
    assert_eq!(refusal.field.as_deref(), Some("terms"));
    command["terms"] = json!([
        {"restriction": "single-form", "form": "letter"},
        {"restriction": "call-times", "times": "Tuesdays 10:00 to 12:00"}
    ]);
    let refusal = person.refused("2026-12-23 10:00", command.clone());
    assert_eq!(refusal.field.as_deref(), Some("terms"));
    command["terms"] = json!([{"restriction": "call-times", "times": "Tuesdays 10:00 to 12:00"}]);
    command["reason"] = json!("");
    let refusal = person.refused("2026-12-23 10:00", command);
    assert_eq!(refusal.field.as_deref(), Some("reason"));

    // A procedure with no behaviour policy has nothing to restrict under.
    let mut leeds = Person_::sunderland();
    leeds.procedure = load("leeds-pps.toml");
    let refusal = leeds.refused(
        "2026-12-14 10:00",
        json!({"type": "warn", "reason": "Abuse."}),
    );
    assert_eq!(refusal.code, RefusalCode::NotInProcedure);
}

/// Letters only, and correspondence raising nothing new kept on file: from the first day to
/// the last, an e-mail is filed without reply and letters go by post; calls at set times do
/// not stop e-mail.
#[test]
fn a_restriction_governs_email_in_and_letters_out_from_its_first_to_its_last_day() {
    let mut person = Person_::sunderland();
    person.act(
        "2026-12-14 10:00",
        json!({"type": "warn", "reason": "Abuse."}),
    );
    let mut command = letters_only("3 months", "2027-01-11");
    command["starts"] = json!("2026-12-29");
    person.act("2026-12-23 10:00", command);
    let record = person.record();
    assert_eq!(record.email_in(date(2026, 12, 24)), EmailIn::Answer);
    assert!(!record.letters_by_post(date(2026, 12, 24)));
    for day in [date(2026, 12, 29), date(2027, 3, 28)] {
        assert!(record.letters_by_post(day), "{day}");
        assert!(
            matches!(record.email_in(day), EmailIn::FileWithoutReply { ref because } if because.len() == 2),
            "{day}"
        );
    }
    // 3 months from Tue 29 Dec 2026: the last day is Sun 28 Mar 2027.
    assert_eq!(record.email_in(date(2027, 3, 29)), EmailIn::Answer);
    assert!(!record.letters_by_post(date(2027, 3, 29)));

    let mut calls = Person_::sunderland();
    calls.act(
        "2026-12-14 10:00",
        json!({"type": "warn", "reason": "Abuse."}),
    );
    let mut command = letters_only("3 months", "2027-01-11");
    command["terms"] = json!([{"restriction": "call-times", "times": "Tuesdays 10:00 to 12:00"}]);
    calls.act("2026-12-23 10:00", command);
    assert_eq!(calls.record().email_in(date(2026, 12, 24)), EmailIn::Answer);
    assert!(!calls.record().letters_by_post(date(2026, 12, 24)));
}

/// Reviewed Tue 29 Dec 2026, listed from 5 working days before. From Fri 18 Dec the working
/// days up to it are Mon 21, Tue 22, Wed 23, Thu 24 and Tue 29 (Fri 25 and Mon 28 are bank
/// holidays): five, so due soon; from Thu 17 Dec they are six, so not yet. Due on Tue 29,
/// overdue on Wed 30.
#[test]
fn a_review_falls_due_five_working_days_before_its_day_counted_over_christmas() {
    let mut person = Person_::sunderland();
    person.act(
        "2026-12-07 10:00",
        json!({"type": "warn", "reason": "Abuse."}),
    );
    // 6 weeks from Mon 14 Dec 2026 is Mon 25 Jan 2027: the last day is Sun 24 Jan.
    let facts = person.act("2026-12-14 10:00", letters_only("6 weeks", "2026-12-29"));
    assert!(
        matches!(&facts[0], ConductFact::Restricted { until, .. } if *until == date(2027, 1, 24))
    );
    let on = date(2026, 12, 29);
    let restriction = ReviewSubject::Restriction;
    for (day, status) in [
        (date(2026, 12, 17), ReviewStatus::Upcoming),
        (date(2026, 12, 18), ReviewStatus::DueSoon),
        (date(2026, 12, 24), ReviewStatus::DueSoon),
        (date(2026, 12, 28), ReviewStatus::DueSoon),
        (date(2026, 12, 29), ReviewStatus::DueToday),
        (date(2026, 12, 30), ReviewStatus::Overdue),
    ] {
        assert_eq!(
            person.review_status(day),
            vec![(restriction, on, status)],
            "{day}"
        );
    }

    // Kept at review on Wed 30 Dec, next reviewed Mon 11 Jan 2027; then lifted.
    let refusal = person.refused(
        "2026-12-30 10:00",
        json!({"type": "review-restriction", "decision": "continue", "note": "Still daily e-mails."}),
    );
    assert_eq!(refusal.field.as_deref(), Some("next_review"));
    let refusal = person.refused(
        "2026-12-30 10:00",
        json!({"type": "review-restriction", "decision": "continue", "next_review": "2027-01-25", "note": "x"}),
    );
    assert_eq!(
        refusal.field.as_deref(),
        Some("next_review"),
        "after the last day"
    );
    person.act(
        "2026-12-30 10:00",
        json!({"type": "review-restriction", "decision": "continue", "next_review": "2027-01-11", "note": "Still daily e-mails."}),
    );
    assert_eq!(
        person.review_status(date(2026, 12, 31)),
        vec![(restriction, date(2027, 1, 11), ReviewStatus::Upcoming)]
    );
    assert_eq!(
        person.review_status(date(2027, 1, 4)),
        vec![(restriction, date(2027, 1, 11), ReviewStatus::DueSoon)]
    );
    person.act(
        "2027-01-11 10:00",
        json!({"type": "review-restriction", "decision": "end", "note": "Contact is now reasonable."}),
    );
    assert_eq!(person.review_status(date(2027, 1, 12)), vec![]);
    assert!(!person.record().letters_by_post(date(2027, 1, 12)));
    let refusal = person.refused(
        "2027-01-12 10:00",
        json!({"type": "review-restriction", "decision": "end", "note": "x"}),
    );
    assert_eq!(refusal.code, RefusalCode::NotAllowedNow);
}

/// Adjustments asked for at intake on Thu 24 Dec 2026 are first reviewed on the next working
/// day, Tue 29 Dec (Fri 25 Christmas Day, Mon 28 the substitute Boxing Day); on a Saturday,
/// Sat 2 Jan 2027, day 0 is Mon 4 Jan and the review Tue 5 Jan. The same adjustments again are
/// not recorded twice.
#[test]
fn adjustments_asked_for_at_intake_are_reviewed_the_next_working_day() {
    let person = Person_::sunderland();
    let record = person.record();
    let fact = redress_core::conduct::adjustments_at_intake(
        &record,
        " Large print. ",
        date(2026, 12, 24),
        &person.calendar,
    )
    .expect("in the calendar")
    .expect("recorded");
    assert_eq!(
        fact,
        ConductFact::AdjustmentsRecorded {
            adjustments: "Large print.".into(),
            review_on: date(2026, 12, 29)
        }
    );
    let saturday = redress_core::conduct::adjustments_at_intake(
        &record,
        "Large print.",
        date(2027, 1, 2),
        &person.calendar,
    )
    .unwrap()
    .unwrap();
    assert!(
        matches!(saturday, ConductFact::AdjustmentsRecorded { review_on, .. } if review_on == date(2027, 1, 5))
    );
    let recorded =
        ConductRecord::from_events(&events(vec![fact], at("2026-12-24 10:00"), None, None));
    assert_eq!(
        redress_core::conduct::adjustments_at_intake(
            &recorded,
            "Large print.",
            date(2026, 12, 30),
            &person.calendar
        )
        .unwrap(),
        None
    );
    assert!(
        redress_core::conduct::adjustments_at_intake(
            &recorded,
            "   ",
            date(2026, 12, 30),
            &person.calendar
        )
        .unwrap()
        .is_none()
    );
}

/// Reasonable adjustments are support, so any officer records and reviews them, on the same
/// clock as restrictions.
#[test]
fn adjustments_are_recorded_and_reviewed_the_same_way_by_any_officer() {
    let mut person = Person_::sunderland();
    let officer = vec![RoleId::parse("feedback-officer").unwrap()];
    person
        .try_as(
            &officer,
            "2026-12-23 10:00",
            json!({"type": "record-adjustments", "adjustments": "Large print; calls with a BSL interpreter.", "review_on": "2026-12-29"}),
        )
        .expect("recorded");
    assert_eq!(
        person.review_status(date(2026, 12, 24)),
        vec![(
            ReviewSubject::Adjustments,
            date(2026, 12, 29),
            ReviewStatus::DueSoon
        )]
    );
    person
        .try_as(
            &officer,
            "2026-12-29 10:00",
            json!({"type": "review-adjustments", "decision": "end", "note": "No longer needed."}),
        )
        .expect("reviewed");
    assert_eq!(person.review_status(date(2026, 12, 30)), vec![]);
    assert!(person.record().adjustments_in_force().is_none());
}
