//! What people read is true: for each of the five organisations, the start, confirmation and
//! tracking pages, read as text in the states that matter (named, anonymous, escalated,
//! withdrawn, final), promise only what the organisation's procedure file and the case's state
//! make true.

use redress_app::procedures::Procedures;
use redress_core::procedure::{Escalator, OmbudsmanWhen, Procedure};
use serde_json::{Value, json};

use crate::helpers::{TestApp, complaint, spawn_app_at};

const ORGS: [&str; 5] = [
    "pips-stockport",
    "sendiass-staffordshire",
    "kings-park-pp",
    "leeds-pps",
    "tfc-sunderland",
];

/// A learning action no page may show the complainant.
const LEARNING: &str = "Internal: retrain the duty team on call-back logs";

fn procedure(org: &str) -> Procedure {
    let procedures = Procedures::shipped();
    let org = redress_core::ids::OrgId::parse(org).expect("an organisation id");
    (*procedures.latest(&org).expect("shipped").procedure).clone()
}

/// The page's words as a person reads them: tags removed, entities decoded, whitespace
/// collapsed. Scripts and the head are left out.
fn text(html: &str) -> String {
    let body = html.split("<body").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status(), 200, "{path}");
    text(&response.text().await.expect("a body"))
}

/// Ids and serde names a person should never read: every kebab-case id the procedure gives
/// its roles, stages and exclusions, and the file's own names for values.
fn stray_ids(procedure: &Procedure, text: &str) -> Vec<String> {
    let mut ids: Vec<String> = procedure.roles.keys().map(|r| r.to_string()).collect();
    ids.extend(procedure.stages.iter().map(|s| s.id.to_string()));
    ids.extend(procedure.exclusions.iter().map(|e| e.id.clone()));
    ids.extend(
        [
            "partly-upheld",
            "not-upheld",
            "outcome-stands",
            "outcome-changed",
            "after-final-stage",
            "any-time",
            "practical-action",
            "no-response",
            "accepted-limited",
        ]
        .map(String::from),
    );
    ids.into_iter()
        .filter(|id| id.contains('-'))
        .filter(|id| {
            text.match_indices(id.as_str()).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + id.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '/')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
            })
        })
        .collect()
}

/// The ombudsman as the procedure times it, on a page that speaks of it.
fn check_ombudsman_timing(org: &str, procedure: &Procedure, text: &str) {
    let Some(ombudsman) = &procedure.ombudsman else {
        assert!(
            !text.contains("Ombudsman"),
            "{org}: no ombudsman is named: {text}"
        );
        return;
    };
    assert!(text.contains(&ombudsman.name), "{org}: {text}");
    match ombudsman.when {
        OmbudsmanWhen::AnyTime => {
            assert!(text.contains("at any time"), "{org}: {text}");
            assert!(!text.contains("after the last stage"), "{org}: {text}");
            assert!(!text.contains("at the end"), "{org}: {text}");
        }
        OmbudsmanWhen::AfterFinalStage => {
            assert!(text.contains("after the last stage"), "{org}: {text}");
            assert!(!text.contains("at any time"), "{org}: {text}");
        }
    }
}

fn complainant_escalates(procedure: &Procedure) -> bool {
    procedure
        .stages
        .iter()
        .filter_map(|s| s.escalation.as_ref())
        .any(|e| e.by == Escalator::Complainant)
}

#[tokio::test]
async fn each_start_page_says_what_its_procedure_says_in_plain_english() {
    let app = spawn_app_at("2027-03-01 10:00").await;
    for org in ORGS {
        let p = procedure(org);
        let start = page(&app, &format!("/{org}")).await;
        assert_eq!(
            stray_ids(&p, &start),
            Vec::<String>::new(),
            "{org}: {start}"
        );
        check_ombudsman_timing(org, &p, &start);
        if let Some(ombudsman) = &p.ombudsman {
            for way in [&ombudsman.contact.web, &ombudsman.contact.phone]
                .into_iter()
                .flatten()
            {
                assert!(
                    start.contains(way.as_str()),
                    "{org}: the ombudsman's {way}: {start}"
                );
            }
        }
        for stage in &p.stages {
            // A handler's alternatives read "or", and roles read with their article.
            if let redress_core::procedure::Handler::Role { role, or, .. } = &stage.handler {
                let title = &p.roles[role].title;
                let mut expected = format!("Who deals with it: the {title}");
                for alternative in or {
                    expected.push_str(&format!(" or the {}", p.roles[alternative].title));
                }
                assert!(start.contains(&expected), "{org}: {expected:?} in {start}");
            }
            // A referral's condition is part of its sentence, not a bare fragment.
            if let Some(when) = stage.escalation.as_ref().and_then(|e| e.when.as_deref()) {
                let fragment = when.trim().trim_end_matches('.');
                let lowered = format!("If {}{}", fragment[..1].to_lowercase(), &fragment[1..]);
                assert!(start.contains(&lowered), "{org}: {lowered:?} in {start}");
            }
        }
        // What is passed to a role says whom, with its article.
        for roles in [
            p.compliments.as_ref().map(|c| &c.pass_to),
            p.comments.as_ref().map(|c| &c.pass_to),
        ]
        .into_iter()
        .flatten()
        {
            for role in roles {
                let title = &p.roles[role].title;
                assert!(
                    start.contains(&format!("the {title}")),
                    "{org}: the {title} in {start}"
                );
            }
        }
        // The retention rule is said once.
        if let Some(note) = p.retention.as_ref().and_then(|r| r.note.as_deref()) {
            let last = note.rsplit(". ").next().unwrap_or(note);
            assert_eq!(
                start.matches(last.trim_end_matches('.')).count(),
                1,
                "{org}: {start}"
            );
        }
        if p.retention.is_some() {
            assert_eq!(
                start.matches("one year").count(),
                0,
                "{org}: retention twice: {start}"
            );
        }
    }
}

/// Submits a complaint to `org`, named or anonymous, and returns (reference, token).
async fn submit(app: &TestApp, org: &str, named: bool) -> (String, String) {
    let mut body = complaint(json!({}));
    if !named {
        body.as_object_mut()
            .expect("an object")
            .remove("complainant");
    }
    app.submit_ok(org, &body).await
}

#[tokio::test]
async fn confirmation_and_tracking_pages_promise_a_reply_only_to_someone_who_can_receive_it() {
    let app = spawn_app_at("2027-03-01 10:00").await;
    for org in ORGS {
        let p = procedure(org);
        let (_, named) = submit(&app, org, true).await;
        let confirmation = page(&app, &format!("/track/{named}/confirmation")).await;
        let tracking = page(&app, &format!("/track/{named}")).await;
        for text in [&confirmation, &tracking] {
            assert_eq!(stray_ids(&p, text), Vec::<String>::new(), "{org}: {text}");
            if p.stages[0].acknowledge.is_some() {
                assert!(
                    text.contains("We will let you know we have your complaint by"),
                    "{org}: {text}"
                );
            }
        }
        // The link is for what this procedure lets the complainant do.
        assert_eq!(
            confirmation.contains("ask for the next stage"),
            complainant_escalates(&p),
            "{org}: {confirmation}"
        );
        check_ombudsman_timing(org, &p, &tracking);

        // Anonymous: nothing is sent, so nothing is promised as sent.
        let (_, anonymous) = submit(&app, org, false).await;
        for path in [
            format!("/track/{anonymous}/confirmation"),
            format!("/track/{anonymous}"),
        ] {
            let text = page(&app, &path).await;
            for promise in [
                "We will send you",
                "We will let you know",
                "We will reply",
                "We have sent",
            ] {
                assert!(
                    !text.contains(promise),
                    "{org}: {promise:?} to an anonymous person: {text}"
                );
            }
            assert_eq!(stray_ids(&p, &text), Vec::<String>::new(), "{org}: {text}");
        }
    }
}

#[tokio::test]
async fn after_a_withdrawal_nothing_is_offered_that_the_procedure_no_longer_allows() {
    let app = spawn_app_at("2027-03-01 10:00").await;
    for org in ORGS {
        let p = procedure(org);
        let (_, token) = submit(&app, org, true).await;
        let response = app.track_act(&token, "withdraw", &json!({})).await;
        assert_eq!(response.status(), 200, "{org}");
        let text = page(&app, &format!("/track/{token}")).await;
        assert!(text.contains("withdrawn"), "{org}: {text}");
        for offer in [
            "Ask for the next stage",
            "Withdraw my complaint",
            "Send more information",
        ] {
            assert!(
                !text.contains(offer),
                "{org}: {offer:?} after a withdrawal: {text}"
            );
        }
        match p.ombudsman.as_ref().map(|o| o.when) {
            // An ombudsman who comes after the last stage is not offered for a complaint that
            // left the procedure before it.
            Some(OmbudsmanWhen::AfterFinalStage) | None => {
                assert!(!text.contains("Ombudsman"), "{org}: {text}");
                assert!(!text.contains("at the end"), "{org}: {text}");
            }
            Some(OmbudsmanWhen::AnyTime) => check_ombudsman_timing(org, &p, &text),
        }
    }
}

/// Staff steps (as the officer, at London times) that take a complaint to its last stage and
/// answer it there, with the complainant's own requests through the tracking link.
enum Step {
    Staff(&'static str, Value),
    Escalate(&'static str, Value),
}

fn members() -> Value {
    json!([
        {"id": "m1", "name": "Member One"}, {"id": "m2", "name": "Member Two"},
        {"id": "m3", "name": "Member Three"}, {"id": "m4", "name": "Member Four"}
    ])
}

fn path_to_the_end(org: &str) -> Vec<Step> {
    use Step::{Escalate, Staff};
    let learning = json!([{ "description": LEARNING }]);
    match org {
        "pips-stockport" => vec![
            Staff("2027-03-02 10:00", json!({"type": "acknowledge"})),
            Staff(
                "2027-03-10 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "findings": "The representative passed the views on."}),
            ),
            Escalate(
                "2027-03-12 10:00",
                json!({"reasons": "I do not accept the outcome."}),
            ),
            Staff("2027-03-15 10:00", json!({"type": "acknowledge"})),
            Staff(
                "2027-04-01 10:00",
                json!({"type": "respond", "outcome": "outcome-stands",
                "mode": "review", "findings": "The outcome was appropriate.", "learning": learning}),
            ),
        ],
        "sendiass-staffordshire" => vec![
            Staff("2027-03-02 10:00", json!({"type": "acknowledge"})),
            Staff(
                "2027-03-10 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "findings": "The call-back was made.", "how_investigated": "The Manager read the notes."}),
            ),
            Escalate(
                "2027-03-12 10:00",
                json!({"reasons": "The call-back was not made.",
                "outcome_sought": "An apology."}),
            ),
            Staff("2027-03-15 10:00", json!({"type": "acknowledge"})),
            Staff(
                "2027-04-01 10:00",
                json!({"type": "respond", "outcome": "partly-upheld",
                "mode": "investigation", "findings": "The call-back was late.",
                "how_investigated": "The Commissioner reviewed the file.",
                "remedies": [{"kind": "apology", "description": "An apology for the late call-back"}],
                "learning": learning}),
            ),
        ],
        "kings-park-pp" => vec![
            Staff("2027-03-02 10:00", json!({"type": "acknowledge"})),
            Staff(
                "2027-03-02 11:00",
                json!({"type": "draw-panel", "candidates": members()}),
            ),
            Staff(
                "2027-03-09 10:00",
                json!({"type": "refer-up",
                "reason": "The subgroup cannot recommend a resolution."}),
            ),
            Staff(
                "2027-03-10 10:00",
                json!({"type": "assign-handler", "name": "T Party",
                "role": "external-investigator"}),
            ),
            Staff(
                "2027-03-30 10:00",
                json!({"type": "respond", "outcome": "upheld",
                "findings": "The money was spent before the meeting agreed it.",
                "remedies": [{"kind": "recommendation", "description": "Minute every spending decision."}],
                "learning": learning}),
            ),
        ],
        "leeds-pps" => vec![
            Staff(
                "2027-03-02 10:00",
                json!({"type": "acknowledge", "phone": "0113 000 0000",
                "email": "parent.partnership@example.org"}),
            ),
            Staff(
                "2027-03-10 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "findings": "The messages were passed on."}),
            ),
            Escalate(
                "2027-03-12 10:00",
                json!({"reasons": "I want the Board to look at it."}),
            ),
            Staff(
                "2027-03-12 11:00",
                json!({"type": "draw-panel", "candidates": members()}),
            ),
            Staff(
                "2027-03-25 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "mode": "review", "findings": "The Board agrees with Stage One."}),
            ),
            Escalate(
                "2027-03-26 10:00",
                json!({"reasons": "The Board never spoke to me.",
                "grounds": ["handling"]}),
            ),
            Staff(
                "2027-04-20 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "mode": "review", "findings": "Correct procedures were followed.", "learning": learning}),
            ),
        ],
        "tfc-sunderland" => vec![
            Staff("2027-03-01 11:00", json!({"type": "acknowledge"})),
            Staff(
                "2027-03-10 10:00",
                json!({"type": "respond", "outcome": "not-upheld",
                "findings": "The assessment was on time."}),
            ),
            Escalate(
                "2027-03-12 10:00",
                json!({"reasons": "It was late.", "grounds": ["outcome"]}),
            ),
            Staff("2027-03-12 11:00", json!({"type": "acknowledge"})),
            Staff(
                "2027-04-01 10:00",
                json!({"type": "respond", "outcome": "upheld", "mode": "review",
                "findings": "The assessment was late.",
                "remedies": [{"kind": "apology", "description": "We apologise for the delay."}],
                "learning": learning}),
            ),
        ],
        other => panic!("no path for {other}"),
    }
}

#[tokio::test]
async fn escalated_and_final_tracking_pages_show_what_was_sent_and_what_comes_next() {
    let app = spawn_app_at("2027-03-01 10:00").await;
    for org in ORGS {
        let p = procedure(org);
        app.set_now("2027-03-01 10:00");
        let (reference, token) = submit(&app, org, true).await;
        let mut escalated = false;
        for step in path_to_the_end(org) {
            match step {
                Step::Staff(when, command) => {
                    app.set_now(when);
                    app.act_ok(&reference, command).await;
                }
                Step::Escalate(when, body) => {
                    app.set_now(when);
                    let response = app.track_act(&token, "escalate", &body).await;
                    let status = response.status();
                    assert_eq!(
                        status,
                        200,
                        "{org}: {}",
                        response.text().await.unwrap_or_default()
                    );
                    // Escalated: the page names the stage asked for and offers no second request.
                    let text = page(&app, &format!("/track/{token}")).await;
                    assert!(!text.contains("Ask for the next stage"), "{org}: {text}");
                    assert!(text.contains("What we have told you"), "{org}: {text}");
                    assert_eq!(stray_ids(&p, &text), Vec::<String>::new(), "{org}: {text}");
                    escalated = true;
                }
            }
        }
        assert_eq!(escalated, complainant_escalates(&p), "{org}");
        // Final: the last response is on the page, says the procedure ends there, points to
        // the ombudsman as the procedure names it, and never shows the learning action.
        let text = page(&app, &format!("/track/{token}")).await;
        let last = p.stages.last().expect("stages");
        assert!(text.contains(&last.name), "{org}: {text}");
        assert!(
            text.contains(&format!(
                "{} is the last stage of our complaints procedure.",
                last.name
            )),
            "{org}: {text}"
        );
        assert!(
            !text.contains(LEARNING),
            "{org}: the learning action is shown: {text}"
        );
        assert!(!text.contains("Ask for the next stage"), "{org}: {text}");
        assert_eq!(stray_ids(&p, &text), Vec::<String>::new(), "{org}: {text}");
        match &p.ombudsman {
            Some(ombudsman) => {
                assert!(
                    text.contains(&format!("To contact the {}", ombudsman.name)),
                    "{org}: {text}"
                );
                if ombudsman.when == OmbudsmanWhen::AnyTime {
                    assert!(!text.contains("after the last stage"), "{org}: {text}");
                }
            }
            None => assert!(!text.contains("Ombudsman"), "{org}: {text}"),
        }
    }
}
