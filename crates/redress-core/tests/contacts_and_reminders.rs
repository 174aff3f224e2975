//! Contact details and reminder settings in procedure files: postal addresses as lines, role
//! mailboxes checked when the file is loaded (errors on the line of the field), working hours
//! and the digest's settings with their defaults; and what the digest lists for a case, with
//! hand-worked dates.

use jiff::Timestamp;
use jiff::civil::{date, time};
use redress_core::calendar::{Calendar, Duration};
use redress_core::case::digest::digest_item;
use redress_core::case::{Case, ClockStatus, Command, Party, Receive, Submission, decide};
use redress_core::procedure::{Procedure, parse};

const BASE: &str = r#"[procedure]
title = "Complaints Procedure"
version = "1"
effective_from = "2026-01-01"

[organisation]
id = "example"
name = "Example Service"
reference_prefix = "EX"
region = "england-and-wales"
kinds = ["complaint"]

[organisation.contact]
email = "complaints@example.org"
address = """
Example Service
1 High Street
Leeds LS1 1AA"""

[roles.coordinator]
title = "Co-ordinator"

[roles.coordinator.contact]
email = "coordinator@example.org"
phone = "0113 000 0000"

[intake]
channels = ["email", "letter"]

[[stage]]
id = "stage-1"
name = "Stage One"
outcomes = ["upheld", "not-upheld"]

[stage.handler]
role = "coordinator"
# No timescale at this stage.
"#;

fn load(text: &str) -> Procedure {
    parse(text).unwrap_or_else(|errors| panic!("{errors}"))
}

fn line_of(text: &str, needle: &str) -> usize {
    let offset = text.find(needle).expect("the needle is in the text");
    text[..offset].matches('\n').count() + 1
}

#[test]
fn an_address_is_a_string_of_lines_or_a_list_of_lines() {
    let procedure = load(BASE);
    assert_eq!(
        procedure.organisation.contact.address_lines(),
        vec!["Example Service", "1 High Street", "Leeds LS1 1AA"]
    );
    let listed = BASE.replace(
        "address = \"\"\"\nExample Service\n1 High Street\nLeeds LS1 1AA\"\"\"",
        "address = [\"Example Service\", \"1 High Street\", \"Leeds LS1 1AA\"]",
    );
    assert_eq!(
        load(&listed).organisation.contact.address_lines(),
        procedure.organisation.contact.address_lines()
    );
    // The shipped Together for Children file gives its address as lines for the letterhead.
    let tfc = load(include_str!("../../../procedures/tfc-sunderland.toml"));
    assert_eq!(
        tfc.organisation.contact.address_lines(),
        vec![
            "Customer Feedback Team",
            "Together for Children",
            "City Hall",
            "Plater Way",
            "Sunderland",
            "SR1 3AA"
        ]
    );
}

#[test]
fn shipped_role_mailboxes_are_where_the_seeds_print_them() {
    let tfc = load(include_str!("../../../procedures/tfc-sunderland.toml"));
    for role in ["feedback-manager", "feedback-officer"] {
        let contact = &tfc.roles[&redress_core::ids::RoleId::parse(role).unwrap()].contact;
        assert_eq!(
            contact.email.as_deref(),
            Some("customer.feedback@togetherforchildren.org.uk")
        );
        assert_eq!(contact.phone.as_deref(), Some("0191 561 7997"));
    }
    let kings_park = load(include_str!("../../../procedures/kings-park-pp.toml"));
    let chair = &kings_park.roles[&redress_core::ids::RoleId::parse("chair").unwrap()].contact;
    assert_eq!(
        chair.email.as_deref(),
        Some("kpss.parentpartnership@gmail.com")
    );
    // PIPS prints only its post holders' own addresses: none is shipped, and the file says
    // where PIPS must fill its role mailboxes in.
    let pips_text = include_str!("../../../procedures/pips-stockport.toml");
    let pips = load(pips_text);
    assert!(pips.organisation.contact.is_empty());
    assert!(pips.roles.values().all(|r| r.contact.is_empty()));
    assert!(pips_text.contains("FILL IN"));
}

#[test]
fn a_role_mailbox_that_is_not_an_address_is_refused_on_its_line() {
    for (find, replace, field, says) in [
        (
            "email = \"coordinator@example.org\"",
            "email = \"coordinator at example\"",
            "roles.coordinator.contact.email",
            "must be an e-mail address",
        ),
        (
            "phone = \"0113 000 0000\"",
            "phone = \"ring us\"",
            "roles.coordinator.contact.phone",
            "must be a telephone number",
        ),
        (
            "email = \"complaints@example.org\"",
            "email = \"complaints@\"",
            "organisation.contact.email",
            "must be an e-mail address",
        ),
    ] {
        let broken = BASE.replace(find, replace);
        let errors = parse(&broken).expect_err("refused").0;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, field);
        assert_eq!(
            errors[0].line,
            Some(line_of(&broken, replace)),
            "{}",
            errors[0]
        );
        assert!(errors[0].message.contains(says), "{}", errors[0]);
    }
}

#[test]
fn working_hours_and_reminders_have_defaults_and_are_checked() {
    let procedure = load(BASE);
    let hours = &procedure.organisation.working_hours;
    assert_eq!(
        (hours.start, hours.end),
        (time(9, 0, 0, 0), time(17, 0, 0, 0))
    );
    assert_eq!(hours.time_zone, "Europe/London");
    assert_eq!(procedure.reminders.stale_after, Duration::WorkingDays(10));
    assert_eq!(procedure.reminders.due_within, Duration::WorkingDays(5));

    let with = |block: &str| {
        BASE.replace(
            "[roles.coordinator]\n",
            &format!("{block}\n[roles.coordinator]\n"),
        )
    };
    let set = load(&with(
        "[organisation.working_hours]\nstart = \"08:30\"\nend = \"16:00\"\n\n[reminders]\nstale_after = \"15 working days\"\n",
    ));
    assert_eq!(set.organisation.working_hours.start, time(8, 30, 0, 0));
    assert_eq!(set.reminders.stale_after, Duration::WorkingDays(15));

    for (block, field, says) in [
        (
            "[organisation.working_hours]\nstart = \"17:00\"\nend = \"09:00\"\n",
            "organisation.working_hours.end",
            "must end after they start",
        ),
        (
            "[organisation.working_hours]\ntime_zone = \"Europe/Leeds\"\n",
            "organisation.working_hours.time_zone",
            "not a time zone",
        ),
        (
            "[reminders]\nstale_after = \"2 weeks\"\n",
            "reminders.stale_after",
            "counted in working days",
        ),
        (
            "[reminders]\ndue_within = \"0 working days\"\n",
            "reminders.due_within",
            "no time at all",
        ),
    ] {
        let errors = parse(&with(block)).expect_err("refused").0;
        assert!(
            errors
                .iter()
                .any(|e| e.field == field && e.message.contains(says)),
            "{block}: {errors:?}"
        );
    }
}

fn at(text: &str) -> Timestamp {
    redress_core::simulate::parse_instant(text).expect("an instant")
}

fn received(procedure: &Procedure, calendar: &Calendar, when: &str) -> Case {
    let submission: Submission = serde_json::from_value(serde_json::json!({
        "kind": "complaint", "channel": "email",
        "complainant": { "name": "A Parent", "email": "parent@example.org" },
        "what_happened": "Nobody called back.",
    }))
    .unwrap();
    let events = decide(
        &Case::default(),
        Command::Receive(Receive {
            reference: Some("EX-2026-0001".into()),
            submission: Box::new(submission),
        }),
        procedure,
        calendar,
        at(when),
        Party::System,
    )
    .expect("received");
    Case::from_events(&events)
}

/// Received Wed 16 Dec 2026 at a stage with no timescale, and nothing done since. Working days
/// after it: Thu 17 (1), Fri 18 (2), Mon 21 (3), Tue 22 (4), Wed 23 (5), Thu 24 (6); Fri 25,
/// Mon 28 Dec (bank holidays); Tue 29 (7), Wed 30 (8), Thu 31 (9); Fri 1 Jan 2027 (New Year's
/// Day); Mon 4 Jan (10). So with the default of 10 it is stale from Mon 4 Jan 2027.
#[test]
fn a_case_at_a_stage_with_no_timescale_is_stale_after_ten_working_days_untouched() {
    let procedure = load(BASE);
    let calendar = Calendar::new(procedure.organisation.region, &[]);
    let case = received(&procedure, &calendar, "2026-12-16 11:00");
    for now in ["2026-12-31 10:00", "2027-01-01 10:00", "2027-01-03 10:00"] {
        assert_eq!(
            digest_item(&case, &procedure, &calendar, at(now)).unwrap(),
            None,
            "{now}"
        );
    }
    let item = digest_item(&case, &procedure, &calendar, at("2027-01-04 09:00"))
        .unwrap()
        .expect("listed");
    assert_eq!(item.stale_since, Some(at("2026-12-16 11:00")));
    assert!(item.overdue.is_empty() && item.due_soon.is_empty());
}

/// The same stage with a 15-working-day response clock from receipt on Wed 16 Dec 2026: Thu 17
/// (1), Fri 18, Mon 21, Tue 22, Wed 23, Thu 24 (6), Tue 29 (7), Wed 30, Thu 31 (9), Mon 4 Jan
/// 2027 (10), Tue 5, Wed 6, Thu 7, Fri 8 (14), Mon 11 Jan (15). A case with a clock running is
/// never "stale": its clock reminds instead.
#[test]
fn a_running_clock_is_listed_when_due_soon_or_overdue_and_never_stale() {
    let text = BASE.replace(
        "# No timescale at this stage.",
        "[stage.respond]\nwithin = \"15 working days\"\nfrom = \"receipt\"",
    );
    let procedure = load(&text);
    let calendar = Calendar::new(procedure.organisation.region, &[]);
    let case = received(&procedure, &calendar, "2026-12-16 11:00");
    // Mon 4 Jan 2027: due within 5 working days means by Mon 11 Jan (Tue 5 (1), Wed 6, Thu 7,
    // Fri 8, Mon 11 (5)), so the response is due soon; nothing is stale.
    let item = digest_item(&case, &procedure, &calendar, at("2027-01-04 09:00"))
        .unwrap()
        .expect("listed");
    assert_eq!(item.due_soon.len(), 1);
    assert_eq!(item.due_soon[0].due.date, date(2027, 1, 11));
    assert_eq!(item.stale_since, None);
    // Thu 31 Dec 2026: within 5 working days is by Fri 8 Jan (Fri 1 Jan is New Year's Day;
    // Mon 4 (1) ... Fri 8 (5)), so not yet.
    assert_eq!(
        digest_item(&case, &procedure, &calendar, at("2026-12-31 09:00")).unwrap(),
        None
    );
    // Tue 12 Jan: overdue.
    let item = digest_item(&case, &procedure, &calendar, at("2027-01-12 09:00"))
        .unwrap()
        .expect("listed");
    assert_eq!(item.overdue.len(), 1);
    assert_eq!(item.overdue[0].status, ClockStatus::Overdue);
}

/// Letters carry contacts, and events are stored as JSON: a contact without an address (null)
/// and one with lines read back as they were written.
#[test]
fn contacts_round_trip_through_json() {
    use redress_core::procedure::Contact;
    for contact in [
        Contact {
            web: Some("https://www.lgo.org.uk".into()),
            ..Contact::default()
        },
        Contact {
            address: Some("City Hall\nSunderland".into()),
            ..Contact::default()
        },
    ] {
        let json = serde_json::to_string(&contact).unwrap();
        assert_eq!(
            serde_json::from_str::<Contact>(&json).unwrap(),
            contact,
            "{json}"
        );
    }
}
