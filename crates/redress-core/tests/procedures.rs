//! The shipped procedure files (`procedures/*.toml`): all five parse and validate, say what
//! their seed documents say, and a broken file gets an error on the line of the broken field.

use std::path::PathBuf;

use redress_core::calendar::{Duration, Region};
use redress_core::procedure::{
    Anonymous, Channel, ClockStart, EscalationItem, Escalator, ExclusionAction, FeedbackKind,
    Ground, Handler, LateComplaints, OmbudsmanWhen, Outcome, Procedure, ProcedureError, RemedyKind,
    Restriction, RetentionFrom, Statement, TimeLimitFrom, VerbalRule, parse,
};

/// The five organisations redress ships with, one file each.
const SHIPPED: [&str; 5] = [
    "kings-park-pp.toml",
    "leeds-pps.toml",
    "pips-stockport.toml",
    "sendiass-staffordshire.toml",
    "tfc-sunderland.toml",
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../procedures")
}

fn text(file: &str) -> String {
    let path = dir().join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(file: &str) -> Procedure {
    parse(&text(file)).unwrap_or_else(|errors| panic!("{file} is invalid:\n{errors}"))
}

fn d(text: &str) -> Duration {
    text.parse().unwrap()
}

#[test]
fn exactly_the_five_shipped_procedures_are_there_and_valid() {
    let mut found: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    found.sort();
    assert_eq!(found, SHIPPED);
    let mut bad = Vec::new();
    for file in SHIPPED {
        if let Err(errors) = parse(&text(file)) {
            bad.push(format!("{file}:\n{errors}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
}

#[test]
fn each_file_is_its_organisation() {
    let expected = [
        (
            "pips-stockport.toml",
            "pips-stockport",
            "PIPS",
            Region::EnglandAndWales,
        ),
        (
            "sendiass-staffordshire.toml",
            "sendiass-staffordshire",
            "SFPS",
            Region::EnglandAndWales,
        ),
        // King's Park Secondary School is in Glasgow.
        (
            "kings-park-pp.toml",
            "kings-park-pp",
            "KPSSPP",
            Region::Scotland,
        ),
        (
            "leeds-pps.toml",
            "leeds-pps",
            "LPP",
            Region::EnglandAndWales,
        ),
        (
            "tfc-sunderland.toml",
            "tfc-sunderland",
            "TFC",
            Region::EnglandAndWales,
        ),
    ];
    for (file, id, prefix, region) in expected {
        let p = load(file);
        assert_eq!(p.organisation.id.as_str(), id, "{file}");
        assert_eq!(
            file,
            format!("{id}.toml"),
            "a file is named after its organisation"
        );
        assert_eq!(p.organisation.reference_prefix, prefix, "{file}");
        assert_eq!(p.organisation.region, region, "{file}");
        assert_eq!(p.procedure.version, "1", "{file}");
        assert_eq!(
            p.procedure.effective_from.to_string(),
            "2024-01-01",
            "{file}"
        );
        assert!(
            p.privacy.as_deref().is_some_and(|t| !t.trim().is_empty()),
            "{file}: privacy summary"
        );
        for stage in &p.stages {
            assert!(!stage.outcomes.is_empty(), "{file}: {}", stage.id);
        }
    }
}

/// The seeds' private names, e-mail addresses and mobile numbers never reach a shipped file.
#[test]
fn no_personal_contact_details() {
    let personal = [
        "sherann",
        "hillman",
        "sandra",
        "best@",
        "07974",
        "07786",
        "@pipstockport",
    ];
    for file in SHIPPED {
        let lower = text(file).to_lowercase();
        for needle in personal {
            assert!(!lower.contains(needle), "{file} contains `{needle}`");
        }
    }
}

#[test]
fn pips_stockport() {
    let p = load("pips-stockport.toml");
    assert_eq!(
        p.organisation.kinds,
        [FeedbackKind::Compliment, FeedbackKind::Complaint]
    );
    assert_eq!(
        p.intake.channels,
        [Channel::Email, Channel::Phone, Channel::Web]
    );
    assert_eq!(p.intake.verbal, Some(VerbalRule::RecordInWriting));
    assert_eq!(p.intake.anonymous, Some(Anonymous::AcceptedLimited));
    assert!(p.time_limit.is_none() && p.exclusions.is_empty());
    assert!(p.informal.is_some());
    assert_eq!(p.stages.len(), 2);

    let one = &p.stages[0];
    assert_eq!(
        one.handler,
        Handler::Role {
            role: "chair".parse_role(),
            with: Vec::new(),
            or: Vec::new(),
        }
    );
    let ack = one.acknowledge.as_ref().unwrap();
    assert_eq!(
        (ack.within, ack.from),
        (d("7 working days"), ClockStart::Receipt)
    );
    let respond = one.respond.as_ref().unwrap();
    assert_eq!(
        (respond.within, respond.from),
        (d("30 working days"), ClockStart::Receipt)
    );
    let holding = one.holding_letter.as_ref().unwrap();
    assert_eq!(
        (holding.within, holding.from),
        (d("20 working days"), ClockStart::Receipt)
    );
    let extension = one.extension.as_ref().unwrap();
    assert!(extension.reason_required && extension.max.is_none());
    let up = one.escalation.as_ref().unwrap();
    assert_eq!(
        (up.by, up.within, up.from),
        (
            Escalator::Complainant,
            Some(d("14 working days")),
            ClockStart::Response
        )
    );

    let two = &p.stages[1];
    assert!(matches!(two.handler, Handler::External { .. }));
    assert_eq!(
        two.outcomes,
        [Outcome::OutcomeStands, Outcome::OutcomeChanged]
    );
    assert!(two.escalation.is_none());
    assert!(p.ombudsman.is_none());

    assert_eq!(p.conflicts.len(), 1);
    assert_eq!(p.conflicts[0].when_named.as_str(), "chair");
    assert_eq!(
        p.conflicts[0].handler.as_ref().unwrap().as_str(),
        "data-protection-secretary"
    );
    assert_eq!(
        p.roles[&"data-protection-secretary".parse_role()].title,
        "Data Protection/Membership Secretary"
    );

    let compliments = p.compliments.as_ref().unwrap();
    assert_eq!(
        compliments.recorded_by.as_ref().unwrap().as_str(),
        "information-officer"
    );
    assert_eq!(compliments.pass_to, ["chair".parse_role()]);
    assert_eq!(
        p.remedies.as_ref().unwrap().kinds,
        [
            RemedyKind::Apology,
            RemedyKind::Explanation,
            RemedyKind::Other
        ]
    );
    assert_eq!(p.reports.len(), 1);
    assert_eq!(p.reports[0].every, Some(d("12 months")));
    // Role contact is left for PIPS to fill in with its role mailboxes.
    assert!(
        p.roles
            .values()
            .all(|r| r.contact.email.is_none() && r.contact.phone.is_none())
    );
}

#[test]
fn sendiass_staffordshire() {
    let p = load("sendiass-staffordshire.toml");
    assert_eq!(
        p.organisation.kinds,
        [
            FeedbackKind::Complaint,
            FeedbackKind::Comment,
            FeedbackKind::Compliment
        ]
    );
    assert_eq!(
        p.intake.channels,
        [
            Channel::Email,
            Channel::Letter,
            Channel::Referral,
            Channel::Web
        ]
    );
    assert_eq!(p.intake.verbal, Some(VerbalRule::AskInWriting));
    let limit = p.time_limit.as_ref().unwrap();
    assert_eq!(
        (limit.within, limit.from, limit.late),
        (
            d("12 months"),
            TimeLimitFrom::Event,
            LateComplaints::SpecialCircumstances
        )
    );
    let ids: Vec<&str> = p.exclusions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "court-or-appeal",
            "criminal",
            "safeguarding",
            "already-investigated",
            "outside-the-service"
        ]
    );
    assert_eq!(p.informal.as_ref().unwrap().by, ["manager".parse_role()]);

    let one = &p.stages[0];
    assert_eq!(
        one.handler,
        Handler::Role {
            role: "manager".parse_role(),
            with: Vec::new(),
            or: Vec::new(),
        }
    );
    let ack = one.acknowledge.as_ref().unwrap();
    assert_eq!((ack.within, ack.in_writing), (d("5 working days"), true));
    assert_eq!(one.respond.as_ref().unwrap().within, d("20 working days"));
    assert!(one.extension.as_ref().unwrap().reason_required);
    let up = one.escalation.as_ref().unwrap();
    assert_eq!(
        (up.by, up.within, up.from, up.in_writing),
        (
            Escalator::Complainant,
            Some(d("20 working days")),
            ClockStart::Response,
            true
        )
    );
    assert_eq!(
        up.must_state,
        [EscalationItem::Grounds, EscalationItem::OutcomeSought]
    );

    let two = &p.stages[1];
    assert_eq!(
        two.handler,
        Handler::Role {
            role: "commissioner".parse_role(),
            with: Vec::new(),
            or: Vec::new(),
        }
    );
    assert_eq!(
        two.acknowledge.as_ref().unwrap().within,
        d("5 working days")
    );
    assert_eq!(two.respond.as_ref().unwrap().within, d("20 working days"));
    assert!(two.escalation.is_none());

    assert_eq!(p.conflicts[0].when_named.as_str(), "manager");
    assert_eq!(
        p.conflicts[0].start_at.as_ref().unwrap().as_str(),
        "stage-2"
    );
    let ombudsman = p.ombudsman.as_ref().unwrap();
    assert_eq!(
        (ombudsman.name.as_str(), ombudsman.when),
        ("Local Government Ombudsman", OmbudsmanWhen::AfterFinalStage)
    );
    let compliments = p.compliments.as_ref().unwrap();
    assert!(compliments.pass_to_person_named);
    assert_eq!(compliments.pass_to, ["manager".parse_role()]);
    assert_eq!(
        p.comments.as_ref().unwrap().pass_to,
        ["manager".parse_role()]
    );
    assert_eq!(p.reports.len(), 1);
    assert_eq!(p.reports[0].every, None, "at each Steering Group meeting");
}

#[test]
fn kings_park_parent_partnership() {
    let p = load("kings-park-pp.toml");
    assert_eq!(p.organisation.kinds, [FeedbackKind::Complaint]);
    assert_eq!(
        p.organisation.contact.email.as_deref(),
        Some("kpss.parentpartnership@gmail.com")
    );
    // `web` is redress's own online form, added to every shipped procedure.
    assert_eq!(
        p.intake.channels,
        [Channel::Email, Channel::Letter, Channel::Web]
    );
    assert!(
        p.intake.redirect[0]
            .channels
            .contains(&Channel::SocialMedia)
    );
    let informal = p.informal.as_ref().unwrap();
    assert_eq!(
        informal.mediation.as_ref().unwrap().by,
        ["chair".parse_role(), "vice-chair".parse_role()]
    );

    let one = &p.stages[0];
    assert_eq!(
        one.handler,
        Handler::Panel {
            size: 3,
            from: "members".to_owned(),
            exclude_named: true,
            arranged_by: Some("chair".parse_role()),
        }
    );
    let ack = one.acknowledge.as_ref().unwrap();
    assert_eq!(ack.within, d("5 days"));
    assert!(ack.must_state.contains(&Statement::Timeframe));
    let respond = one.respond.as_ref().unwrap();
    assert_eq!(
        (respond.within, respond.from),
        (d("2 weeks"), ClockStart::Investigation)
    );
    assert_eq!(
        one.outcomes,
        [Outcome::Upheld, Outcome::NotUpheld, Outcome::Undecided]
    );
    let up = one.escalation.as_ref().unwrap();
    assert_eq!((up.by, up.notify_complainant), (Escalator::Handler, true));
    assert!(up.when.as_deref().unwrap().contains("complexity"));

    let two = &p.stages[1];
    assert!(matches!(two.handler, Handler::External { .. }));
    assert_eq!(two.respond.as_ref().unwrap().within, d("4 weeks"));
    assert!(two.escalation.is_none() && p.ombudsman.is_none());

    let retention = p.retention.as_ref().unwrap();
    assert_eq!(
        (retention.keep, retention.from),
        (d("1 year"), RetentionFrom::Closure)
    );
    let review = p.review.as_ref().unwrap();
    assert_eq!((review.every, review.members_confirm), (d("2 years"), true));
    assert!(
        review
            .declaration
            .as_deref()
            .unwrap()
            .starts_with("I confirm I have read and understood")
    );
}

#[test]
fn leeds_parent_partnership_service() {
    let p = load("leeds-pps.toml");
    assert_eq!(
        p.organisation.kinds,
        [
            FeedbackKind::Compliment,
            FeedbackKind::Complaint,
            FeedbackKind::Suggestion
        ]
    );
    assert_eq!(p.intake.channels.len(), 7);
    let ids: Vec<&str> = p.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["stage-1", "advisory-board", "strategic-link"]);

    let one = &p.stages[0];
    let ack = one.acknowledge.as_ref().unwrap();
    assert_eq!((ack.within, ack.in_writing), (d("3 working days"), true));
    assert_eq!(
        ack.must_state,
        [
            Statement::Handler,
            Statement::Phone,
            Statement::Email,
            Statement::ResponseDue
        ]
    );
    assert_eq!(one.respond.as_ref().unwrap().within, d("15 working days"));
    assert_eq!(one.updates.as_ref().unwrap().every, Some(d("2 weeks")));
    assert_eq!(
        one.escalation.as_ref().unwrap().within,
        None,
        "the complainant states an intention"
    );

    let board = &p.stages[1];
    assert!(matches!(
        &board.handler,
        Handler::Panel {
            size: 3,
            from,
            ..
        } if from == "advisory-board"
    ));
    let respond = board.respond.as_ref().unwrap();
    assert_eq!(
        (respond.within, respond.from),
        (d("15 working days"), ClockStart::Escalation)
    );
    assert_eq!(
        board.escalation.as_ref().unwrap().grounds,
        [Ground::Handling]
    );

    assert!(p.stages[2].escalation.is_none());
    assert_eq!(
        p.ombudsman.as_ref().unwrap().when,
        OmbudsmanWhen::AfterFinalStage
    );
    let compliments = p.compliments.as_ref().unwrap();
    assert_eq!(compliments.respond_within, Some(d("10 working days")));
    assert!(compliments.publish.as_ref().unwrap().consent_required);
    assert_eq!(
        p.comments.as_ref().unwrap().respond_within,
        Some(d("10 working days"))
    );
}

#[test]
fn together_for_children_sunderland() {
    let p = load("tfc-sunderland.toml");
    assert_eq!(
        p.organisation.contact.phone.as_deref(),
        Some("0191 561 7997")
    );
    assert_eq!(
        p.organisation.contact.email.as_deref(),
        Some("customer.feedback@togetherforchildren.org.uk")
    );
    assert!(p.intake.channels.contains(&Channel::ViaStaff));
    assert_eq!(p.intake.anonymous, Some(Anonymous::AcceptedLimited));
    assert!(p.intake.representatives.as_ref().unwrap().written_authority);
    let limit = p.time_limit.as_ref().unwrap();
    assert_eq!(
        (limit.from, limit.late),
        (
            TimeLimitFrom::EventOrAwareness,
            LateComplaints::SpecialCircumstances
        )
    );
    let action = |id: &str| p.exclusions.iter().find(|e| e.id == id).unwrap().action;
    assert_eq!(p.exclusions.len(), 11);
    assert_eq!(action("data-protection"), ExclusionAction::Refer);
    assert_eq!(action("policy"), ExclusionAction::Explain);
    assert_eq!(action("unpopular-decisions"), ExclusionAction::Explain);
    assert_eq!(action("already-investigated"), ExclusionAction::Decline);
    assert_eq!(action("schools-and-partners"), ExclusionAction::Signpost);
    // What the customer is told about a policy matter, besides its route (which
    // tests/scenarios/tfc/exclusions.toml checks): moved here from the seed scenario tests.
    let note = |id: &str| {
        p.exclusions
            .iter()
            .find(|e| e.id == id)
            .and_then(|e| e.note.clone())
            .unwrap_or_default()
    };
    assert!(note("policy").contains("explanation of the policy"));
    assert!(note("policy").contains("senior management"));
    assert_eq!(
        p.informal
            .as_ref()
            .unwrap()
            .decided_by
            .as_ref()
            .unwrap()
            .as_str(),
        "feedback-manager"
    );

    let one = &p.stages[0];
    assert_eq!(
        one.handler,
        Handler::Role {
            role: "feedback-officer".parse_role(),
            with: vec!["service-manager".parse_role()],
            or: Vec::new(),
        }
    );
    assert_eq!(one.acknowledge.as_ref().unwrap().within, d("24 hours"));
    assert_eq!(one.respond.as_ref().unwrap().within, d("10 working days"));
    assert_eq!(
        one.updates.as_ref().unwrap().every,
        None,
        "kept updated, no interval"
    );
    assert!(one.extension.as_ref().unwrap().reason_required);
    let up = one.escalation.as_ref().unwrap();
    assert_eq!(up.within, Some(d("20 working days")));
    assert_eq!(
        up.grounds,
        [Ground::Outcome, Ground::Handling, Ground::NoResponse]
    );
    let two = &p.stages[1];
    assert_eq!(two.respond.as_ref().unwrap().within, d("25 working days"));
    assert!(two.updates.is_some() && two.escalation.is_none());

    let ombudsman = p.ombudsman.as_ref().unwrap();
    assert_eq!(
        (ombudsman.name.as_str(), ombudsman.when),
        (
            "Local Government and Social Care Ombudsman",
            OmbudsmanWhen::AnyTime
        )
    );
    let remedies = p.remedies.as_ref().unwrap();
    assert_eq!(
        remedies.when_upheld,
        [RemedyKind::Apology, RemedyKind::Explanation]
    );
    assert_eq!(
        remedies.agreed_by.as_ref().unwrap().as_str(),
        "senior-manager"
    );
    let withdrawal = p.withdrawal.as_ref().unwrap();
    assert!(withdrawal.any_time && withdrawal.internal_review);
    let behaviour = p.behaviour.as_ref().unwrap();
    assert!(behaviour.warning_first && behaviour.termination);
    assert_eq!(behaviour.restrictions.len(), 5);
    assert!(behaviour.restrictions.contains(&Restriction::NamedOfficer));
    let periods: Vec<Option<Duration>> = p.reports.iter().map(|r| r.every).collect();
    assert!(periods.contains(&Some(d("12 months"))) && periods.contains(&Some(d("6 months"))));
    assert!(p.reports.iter().all(|r| !r.contents.is_empty()));
}

// ---------------------------------------------------------------------------------------------
// Broken files: each error names the problem on the line of the offending field.
// ---------------------------------------------------------------------------------------------

/// A small valid procedure, shaped like the shipped ones, that the broken cases start from.
/// Its line numbers are asserted below: keep them in step if you edit it.
const BASE: &str = r#"[procedure]
title = "Complaints Procedure"
version = "1"
effective_from = "2024-01-01"

[organisation]
id = "example"
name = "Example Service"
reference_prefix = "EX"
region = "england-and-wales"
kinds = ["complaint"]

[roles.coordinator]
title = "Co-ordinator"

[intake]
channels = ["email", "letter"]

[[stage]]
id = "stage-1"
name = "Stage One"
outcomes = ["upheld", "not-upheld"]

[stage.handler]
role = "coordinator"

[stage.acknowledge]
within = "3 working days"
in_writing = true
must_state = ["handler", "response-due"]

[stage.respond]
within = "15 working days"
from = "receipt"

[stage.escalation]
by = "complainant"
within = "20 working days"

[[stage]]
id = "stage-2"
name = "Stage Two"
outcomes = ["upheld", "not-upheld"]

[stage.handler]
panel = 3
from = "board"

[stage.respond]
within = "15 working days"
from = "escalation"
# The procedure gives this stage no more rules, and it is the last one.
"#;

/// One deliberate break: replace `find` (first occurrence) with `replace`; the error must be on
/// the line where `offending` stands in the broken text, name `field` (empty for type errors)
/// and say `message`.
struct Break {
    what: &'static str,
    find: &'static str,
    replace: &'static str,
    offending: &'static str,
    field_suffix: &'static str,
    message: &'static str,
}

const BREAKS: [Break; 6] = [
    Break {
        what: "unknown role in a handler",
        find: "role = \"coordinator\"",
        replace: "role = \"co-ordinator\"",
        offending: "role = \"co-ordinator\"",
        field_suffix: ".handler.role",
        message: "unknown role `co-ordinator`",
    },
    Break {
        what: "escalation on the last stage",
        find: "# The procedure gives this stage no more rules, and it is the last one.",
        replace: "[stage.escalation]\nby = \"complainant\"",
        offending: "[stage.escalation]\nby = \"complainant\"",
        field_suffix: ".escalation",
        message: "the last stage cannot escalate",
    },
    Break {
        what: "a bad duration",
        find: "within = \"3 working days\"",
        replace: "within = \"3 workin days\"",
        offending: "within = \"3 workin days\"",
        field_suffix: "",
        message: "bad duration \"3 workin days\": unknown unit \"workin days\"",
    },
    Break {
        what: "an unknown key",
        find: "must_state = [\"handler\"",
        replace: "must_say = [\"handler\"",
        offending: "must_say",
        field_suffix: "",
        message: "unknown field `must_say`, expected one of",
    },
    Break {
        what: "a panel of 0",
        find: "panel = 3",
        replace: "panel = 0",
        offending: "panel = 0",
        field_suffix: ".handler.panel",
        message: "a panel needs at least one member",
    },
    Break {
        what: "an unknown kind of feedback",
        find: "kinds = [",
        replace: "kinds = [\"complaints\", ",
        offending: "kinds = [\"complaints\", ",
        field_suffix: "",
        message: "unknown variant `complaints`",
    },
];

/// The single error `broken` gives, with its case's name for messages.
fn only_error(what: &str, broken: &str) -> ProcedureError {
    match parse(broken) {
        Ok(_) => panic!("{what}: the broken text parsed"),
        Err(errors) => {
            assert_eq!(
                errors.0.len(),
                1,
                "{what}: expected one error, got:\n{errors}"
            );
            errors.0.into_iter().next().unwrap()
        }
    }
}

fn check(what: &str, error: &ProcedureError, line: usize, field_suffix: &str, message: &str) {
    assert_eq!(error.line, Some(line), "{what}: wrong line for {error}");
    assert!(
        error.message.contains(message),
        "{what}: message `{}` should say `{message}`",
        error.message
    );
    assert!(
        error.field.ends_with(field_suffix),
        "{what}: field `{}` should end `{field_suffix}`",
        error.field
    );
}

#[test]
fn the_base_of_the_broken_cases_is_valid() {
    parse(BASE).unwrap_or_else(|errors| panic!("{errors}"));
}

#[test]
fn broken_snippets_point_at_the_offending_line() {
    // (what, line of the offending field in the broken BASE, full field path)
    let expected = [
        ("unknown role in a handler", 25, "stage[0].handler.role"),
        ("escalation on the last stage", 52, "stage[1].escalation"),
        ("a bad duration", 28, "stage[0].acknowledge.within"),
        ("an unknown key", 30, "stage[0].acknowledge.must_say"),
        ("a panel of 0", 46, "stage[1].handler.panel"),
        ("an unknown kind of feedback", 11, "organisation.kinds[0]"),
    ];
    assert_eq!(expected.len(), BREAKS.len());
    for (case, (what, line, field)) in BREAKS.iter().zip(expected) {
        assert_eq!(case.what, what);
        assert!(
            BASE.contains(case.find),
            "{what}: `{}` not in BASE",
            case.find
        );
        let broken = BASE.replacen(case.find, case.replace, 1);
        let error = only_error(what, &broken);
        check(what, &error, line, case.field_suffix, case.message);
        assert_eq!(error.field, field, "{what}");
    }
}

/// The same breaks in a real, full-length shipped file: the line is where the offending text
/// stands, found independently of the parser.
#[test]
fn broken_shipped_file_points_at_the_offending_line() {
    let leeds = text("leeds-pps.toml");
    let at_leeds = |find: &'static str| -> &'static str {
        match find {
            // Leeds' handler also has `with`, its panel draws from the Advisory Board, and its
            // last stage ends with a different note.
            "# The procedure gives this stage no more rules, and it is the last one." => {
                "# The procedure gives this stage no timescale, and it is the last one."
            }
            other => other,
        }
    };
    for case in &BREAKS {
        let find = at_leeds(case.find);
        assert!(
            leeds.contains(find),
            "{}: `{find}` not in leeds-pps.toml",
            case.what
        );
        let broken = leeds.replacen(find, case.replace, 1);
        let offset =
            broken.find(case.replace).unwrap() + case.replace.find(case.offending).unwrap();
        let line = broken[..offset].matches('\n').count() + 1;
        let error = only_error(case.what, &broken);
        check(case.what, &error, line, case.field_suffix, case.message);
    }
}

/// Role ids from text, for comparisons.
trait RoleText {
    fn parse_role(&self) -> redress_core::ids::RoleId;
}

impl RoleText for str {
    fn parse_role(&self) -> redress_core::ids::RoleId {
        redress_core::ids::RoleId::parse(self).unwrap()
    }
}

// ---------------------------------------------------------------------------------------------
// Handlers: a role id, or a table that is exactly one of a role, a panel or someone external.
// ---------------------------------------------------------------------------------------------

/// BASE with its first stage's handler table replaced by `handler` written as a key of the
/// stage (the inline or string form), so the forms can be compared.
fn base_with_handler(handler: &str) -> String {
    let text = BASE.replacen("[stage.handler]\nrole = \"coordinator\"\n", "", 1);
    text.replacen(
        "outcomes = [\"upheld\", \"not-upheld\"]\n",
        &format!("outcomes = [\"upheld\", \"not-upheld\"]\nhandler = {handler}\n"),
        1,
    )
}

#[test]
fn a_handler_may_be_written_as_a_role_id_or_as_any_one_table_form() {
    let role = |id: &str| id.parse_role();
    let cases = [
        (
            "\"coordinator\"",
            Handler::Role {
                role: role("coordinator"),
                with: Vec::new(),
                or: Vec::new(),
            },
        ),
        (
            "{ role = \"coordinator\", with = [\"coordinator\"] }",
            Handler::Role {
                role: role("coordinator"),
                with: vec![role("coordinator")],
                or: Vec::new(),
            },
        ),
        (
            "{ panel = 2 }",
            Handler::Panel {
                size: 2,
                from: "members".to_owned(),
                exclude_named: false,
                arranged_by: None,
            },
        ),
        (
            "{ external = \"An independent reviewer\", arranged_by = \"coordinator\" }",
            Handler::External {
                who: "An independent reviewer".to_owned(),
                arranged_by: Some(role("coordinator")),
            },
        ),
    ];
    for (written, expected) in cases {
        let procedure = parse(&base_with_handler(written))
            .unwrap_or_else(|errors| panic!("handler = {written}:\n{errors}"));
        assert_eq!(procedure.stages[0].handler, expected, "handler = {written}");
    }
    // The table form in BASE reads the same as the string form.
    assert_eq!(
        parse(BASE).unwrap().stages[0].handler,
        parse(&base_with_handler("\"coordinator\"")).unwrap().stages[0].handler
    );
}

#[test]
fn a_malformed_handler_is_refused_on_its_line_saying_what_would_be_right() {
    // (what, the handler as written in the stage, what the error says); each error names the
    // field `stage[0].handler` and is on the handler's line.
    let cases = [
        (
            "two shapes",
            "{ role = \"coordinator\", panel = 3 }",
            "this one sets `role` and `panel`; a handler is a role",
        ),
        (
            "no shape",
            "{ arranged_by = \"coordinator\" }",
            "this one sets none of `role`, `panel` or `external`",
        ),
        (
            "`with` beside a panel",
            "{ panel = 3, with = [\"coordinator\"] }",
            "`with` does not belong to a panel or external handler",
        ),
        (
            "a panel's keys on a role",
            "{ role = \"coordinator\", exclude_named = true }",
            "`exclude_named` does not belong to a role handler",
        ),
        (
            "a panel's list on someone external",
            "{ external = \"A reviewer\", from = \"members\" }",
            "`from` does not belong to an external handler",
        ),
        (
            "arranged_by on a role",
            "{ role = \"coordinator\", arranged_by = \"coordinator\" }",
            "`arranged_by` does not belong to a role handler",
        ),
        (
            "an unknown key",
            "{ roles = \"coordinator\" }",
            "unknown field `roles`, expected one of",
        ),
        (
            "a role id that is not kebab-case",
            "\"Co ordinator\"",
            "role id `Co ordinator` must be lowercase letters",
        ),
        (
            "a number",
            "3",
            "expected a role id, or a table with one of `role`, `panel` or `external`",
        ),
    ];
    for (what, written, message) in cases {
        let text = base_with_handler(written);
        let line = text
            .lines()
            .position(|l| l.starts_with("handler = "))
            .unwrap()
            + 1;
        let error = only_error(what, &text);
        check(what, &error, line, "", message);
        // An unknown key is named itself; every other problem is the handler's as a whole.
        let field = match what {
            "an unknown key" => "stage[0].handler.roles",
            _ => "stage[0].handler",
        };
        assert_eq!(error.field, field, "{what}");
    }
    // The same in table form points at the table's `[stage.handler]` header, line 24 of BASE.
    let text = BASE.replacen(
        "role = \"coordinator\"",
        "role = \"coordinator\"\npanel = 3",
        1,
    );
    let error = only_error("two shapes in a table", &text);
    assert!(
        error.message.contains("this one sets `role` and `panel`"),
        "{error}"
    );
    assert_eq!(error.line, Some(24), "{error}");
    assert_eq!(error.field, "stage[0].handler", "{error}");
}
