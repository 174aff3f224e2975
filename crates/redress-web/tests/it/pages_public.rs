//! The public pages over HTTP, as a browser without JavaScript uses them: the start page of
//! each shipped organisation, the feedback form posted page by page with its CSRF token, the
//! confirmation, and the tracking page's actions.

pub mod browser;

use redress_web::pages::messages::Messages;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{complaint, spawn_app};
use browser::{Browser, escape, heading, hidden_fields, last_form};

#[tokio::test]
async fn the_start_page_shows_each_shipped_organisations_stages_and_timescales() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let loaded: Vec<_> = app.app.procedures().all().cloned().collect();
    assert_eq!(loaded.len(), 5);
    for l in loaded {
        let p = &l.procedure;
        let page = browser.get(&format!("/{}", p.organisation.id)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", p.organisation.id);
        let body = &page.body;
        assert!(body.contains(&escape(&p.organisation.name)));
        assert!(body.contains(&format!("href=\"/{}/feedback\"", p.organisation.id)));
        for stage in &p.stages {
            assert!(
                body.contains(&escape(&stage.name)),
                "{} lacks {}",
                p.organisation.id,
                stage.name
            );
            for within in [
                stage.acknowledge.as_ref().map(|a| a.within),
                stage.respond.as_ref().map(|r| r.within),
                stage.escalation.as_ref().and_then(|e| e.within),
            ]
            .into_iter()
            .flatten()
            {
                assert!(
                    body.contains(&format!("within {within} ")),
                    "{}: {within}",
                    p.organisation.id
                );
            }
        }
        if let Some(ombudsman) = &p.ombudsman {
            assert!(body.contains(&escape(&ombudsman.name)));
        }
        for exclusion in &p.exclusions {
            assert!(body.contains(&escape(&exclusion.title)));
        }
    }
    let tfc = browser.get("/tfc-sunderland").await.body;
    assert!(tfc.contains(
        "You should complain within 12 months of what happened, or of when you found out about it."
    ));
    assert!(tfc.contains(
        "We will let you know we have your complaint within 24 hours of receiving your complaint."
    ));
    assert_eq!(
        browser.get("/no-such-organisation").await.status,
        StatusCode::NOT_FOUND
    );
}

/// A page of the form: where it posts, the answers, the heading of the page that follows.
type Step<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

/// Walks the Together for Children form to the check page, answering every question.
async fn answer_every_question(browser: &mut Browser<'_>) {
    let first = browser.get("/tfc-sunderland/feedback").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(!browser.cookie.is_empty(), "the form sets its token cookie");
    assert_eq!(heading(&first.body), "What happened?");
    let steps: [Step; 10] = [
        (
            "/tfc-sunderland/feedback",
            &[("what", "Nobody returned my calls about my son's plan.")],
            "When did it happen?",
        ),
        (
            "/tfc-sunderland/feedback",
            &[
                ("happened-day", "1"),
                ("happened-month", "12"),
                ("happened-year", "2026"),
            ],
            "What would you like to happen?",
        ),
        (
            "/tfc-sunderland/feedback",
            &[("outcome", "A call back & an apology.")],
            "Who was involved?",
        ),
        (
            "/tfc-sunderland/feedback",
            &[
                ("person-1-name", "Sam Adviser"),
                ("person-1-role", "feedback-officer"),
            ],
            "Is this complaint for you or for someone else?",
        ),
        (
            "/tfc-sunderland/feedback",
            &[("behalf", "myself")],
            "Do you want to give your name and contact details?",
        ),
        (
            "/tfc-sunderland/feedback",
            &[("anonymous", "no")],
            "How would you like us to contact you?",
        ),
        (
            "/tfc-sunderland/feedback",
            &[("prefers", "email")],
            "Your name and contact details",
        ),
        (
            "/tfc-sunderland/feedback",
            &[("name", "A Parent"), ("email", "parent@example.org")],
            "Do you need any support or changes to help you?",
        ),
        (
            "/tfc-sunderland/feedback",
            &[("support", "Large print, please.")],
            "Do you have any documents or photos to send?",
        ),
        (
            "/tfc-sunderland/feedback",
            &[],
            "Check your answers before sending your complaint",
        ),
    ];
    for (path, answers, next) in steps {
        let page = browser.post(path, answers).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_eq!(heading(&page.body), next, "after {answers:?}");
    }
}

#[tokio::test]
async fn a_complaint_sent_by_form_posts_ends_on_the_confirmation_with_a_reference_the_api_sees() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    answer_every_question(&mut browser).await;
    let check = browser.page.clone();
    assert!(check.contains("Nobody returned my calls about my son&#39;s plan."));
    assert!(check.contains("Tuesday 1 December 2026"));
    assert!(check.contains("Sam Adviser (Officer within the Customer Feedback Team)"));

    let sent = browser.post("/tfc-sunderland/feedback", &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let token = sent
        .location
        .strip_prefix("/track/")
        .and_then(|rest| rest.strip_suffix("/confirmation"))
        .expect("a redirect to the confirmation")
        .to_owned();
    let confirmation = browser.get(&sent.location).await;
    assert_eq!(confirmation.status, StatusCode::OK);
    assert!(confirmation.body.contains("govuk-panel--confirmation"));
    assert!(confirmation.body.contains("TFC-2026-0001"));
    // Received Wed 23 Dec 2026 10:00: acknowledged within 24 hours.
    assert!(confirmation.body.contains("by Thursday 24 December 2026"));
    assert!(confirmation.body.contains(&format!("/track/{token}")));

    let case = app.case("TFC-2026-0001").await;
    let submission = &case["case"]["submission"];
    assert_eq!(submission["channel"], "web");
    assert_eq!(
        submission["what_happened"],
        "Nobody returned my calls about my son's plan."
    );
    assert_eq!(submission["happened_on"], "2026-12-01");
    assert_eq!(submission["outcome_wanted"], "A call back & an apology.");
    assert_eq!(submission["complainant"]["email"], "parent@example.org");
    assert_eq!(submission["complainant"]["prefers"], "email");
    assert_eq!(submission["people_named"][0]["role"], "feedback-officer");
    assert_eq!(submission["adjustments"], "Large print, please.");

    let tracking = browser.get(&format!("/track/{token}")).await;
    assert_eq!(tracking.status, StatusCode::OK);
    assert!(tracking.body.contains("TFC-2026-0001"));
    assert!(
        tracking
            .body
            .contains("We will let you know we have your complaint by Thursday 24 December 2026.")
    );
}

#[tokio::test]
async fn a_page_reshown_with_errors_keeps_what_was_typed_and_names_the_field() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.get("/leeds-pps/feedback").await;
    assert_eq!(
        heading(&browser.page),
        "What would you like to tell Leeds Parent Partnership Service?"
    );
    let missing = browser.post("/leeds-pps/feedback", &[]).await;
    assert!(missing.body.contains("<title>Error: "));
    assert!(
        missing
            .body
            .contains("<a href=\"#kind\">Select what you would like to tell us</a>")
    );

    browser
        .post("/leeds-pps/feedback", &[("kind", "complaint")])
        .await;
    let blank = browser
        .post("/leeds-pps/feedback", &[("what", "   ")])
        .await;
    assert!(
        blank
            .body
            .contains("<a href=\"#what\">Enter what happened</a>")
    );
    assert!(blank.body.contains("id=\"what-error\""));

    browser
        .post(
            "/leeds-pps/feedback",
            &[("what", "The adviser <b>never</b> came.")],
        )
        .await;
    let bad_date = browser
        .post(
            "/leeds-pps/feedback",
            &[
                ("happened-day", "31"),
                ("happened-month", "2"),
                ("happened-year", "2026"),
            ],
        )
        .await;
    assert!(
        bad_date
            .body
            .contains("<a href=\"#happened-day\">The date it happened must be a real date</a>")
    );
    assert!(
        bad_date
            .body
            .contains("name=\"happened-day\" type=\"text\" inputmode=\"numeric\" value=\"31\"")
    );
    // The answer from the earlier page is still in the page, escaped.
    assert!(bad_date.body.contains(&format!(
        "value=\"{}\"",
        escape("The adviser <b>never</b> came.")
    )));

    let future = browser
        .post(
            "/leeds-pps/feedback",
            &[
                ("happened-day", "1"),
                ("happened-month", "1"),
                ("happened-year", "2027"),
            ],
        )
        .await;
    assert!(
        future
            .body
            .contains("The date it happened must be today or in the past")
    );
    assert_eq!(app.case_count().await, 0);
}

/// Opens `/{org}/feedback` and posts each page's answers in turn; returns the headings seen.
async fn walk(browser: &mut Browser<'_>, org: &str, pages: &[&[(&str, &str)]]) -> Vec<String> {
    let path = format!("/{org}/feedback");
    let first = browser.get(&path).await;
    let mut headings = vec![heading(&first.body)];
    for answers in pages {
        let page = browser.post(&path, answers).await;
        assert_eq!(page.status, StatusCode::OK, "{answers:?}: {}", page.body);
        headings.push(heading(&page.body));
    }
    headings
}

#[tokio::test]
async fn an_anonymous_compliment_can_be_published_with_consent() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let headings = walk(
        &mut browser,
        "leeds-pps",
        &[
            &[("kind", "compliment")],
            &[(
                "what",
                "Thank you for coming to the school meeting with us.",
            )],
            &[("person-1-name", "Sam Adviser")],
            &[("behalf", "myself")],
            &[("anonymous", "yes")],
            &[],
            &[],
            &[("publish", "yes")],
        ],
    )
    .await;
    assert_eq!(
        headings[4],
        "Do you want to give your name and contact details?"
    );
    assert_eq!(
        headings[5],
        "Do you need any support or changes to help you?"
    );
    assert_eq!(headings[6], "Do you have any documents or photos to send?");
    assert_eq!(headings[7], "Can we publish your compliment?");
    assert_eq!(
        headings[8],
        "Check your answers before sending your compliment"
    );
    assert!(browser.page.contains("Yes, you can publish it"));
    let sent = browser.post("/leeds-pps/feedback", &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let confirmation = browser.get(&sent.location).await;
    assert!(confirmation.body.contains("Your compliment has been sent"));
    let submission = &app.case("LPP-2026-0001").await["case"]["submission"];
    assert_eq!(submission["kind"], "compliment");
    assert_eq!(submission["complainant"], serde_json::Value::Null);
    assert_eq!(submission["consent_to_publish"], true);
}

#[tokio::test]
async fn a_late_complaint_made_for_someone_else_says_what_happens_next() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let headings = walk(
        &mut browser,
        "tfc-sunderland",
        &[
            &[("what", "My grandson was left without transport.")],
            &[
                ("happened-day", "2"),
                ("happened-month", "9"),
                ("happened-year", "2025"),
            ],
            &[
                ("late-reason", "We only found out in the autumn."),
                ("aware-day", "1"),
                ("aware-month", "10"),
                ("aware-year", "2026"),
            ],
        ],
    )
    .await;
    assert_eq!(headings[2], "Your complaint may be outside the time limit");
    // Found out within the last 12 months: not late any more, so onwards.
    assert_eq!(headings[3], "What would you like to happen?");
    let headings = [
        browser
            .post(
                "/tfc-sunderland/feedback",
                &[("outcome", "Transport, and an apology.")],
            )
            .await,
        browser.post("/tfc-sunderland/feedback", &[]).await,
        browser
            .post("/tfc-sunderland/feedback", &[("behalf", "someone-else")])
            .await,
    ];
    assert_eq!(
        heading(&headings[2].body),
        "About the person you are helping"
    );
    assert!(
        headings[2]
            .body
            .contains("written permission (or a copy of a Power of Attorney)")
    );
    for answers in [
        &[("their-name", "Jo Child"), ("relationship", "Grandparent")][..],
        &[("prefers", "letter")],
        &[
            ("name", "Pat Gran"),
            ("address", "1 High Street, Sunderland"),
        ],
        &[],
        &[],
    ] {
        browser.post("/tfc-sunderland/feedback", answers).await;
    }
    let sent = browser.post("/tfc-sunderland/feedback", &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let submission = &app.case("TFC-2026-0001").await["case"]["submission"];
    assert_eq!(submission["complainant"]["name"], "Jo Child");
    assert_eq!(submission["representative"]["relationship"], "Grandparent");
    assert_eq!(submission["representative"]["contact"]["prefers"], "letter");
    assert_eq!(submission["became_aware_on"], "2026-10-01");
    assert_eq!(
        submission["what_happened"],
        "My grandson was left without transport.\n\nWhy I am complaining now: We only found out in the autumn."
    );
}

#[tokio::test]
async fn back_and_change_keep_every_answer() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    walk(
        &mut browser,
        "tfc-sunderland",
        &[&[("what", "First words.")]],
    )
    .await;
    let back = browser
        .post("/tfc-sunderland/feedback", &[("goto", "back")])
        .await;
    assert_eq!(heading(&back.body), "What happened?");
    assert!(back.body.contains(">First words.</textarea>"));

    answer_every_question(&mut browser).await;
    let change = browser
        .post("/tfc-sunderland/feedback", &[("goto", "what")])
        .await;
    assert_eq!(heading(&change.body), "What happened?");
    let check = browser
        .post("/tfc-sunderland/feedback", &[("what", "Better words.")])
        .await;
    assert_eq!(
        heading(&check.body),
        "Check your answers before sending your complaint"
    );
    assert!(check.body.contains("Better words."));
    assert!(check.body.contains("parent@example.org"));
    // Choosing to act for someone else opens a question not yet answered.
    browser
        .post("/tfc-sunderland/feedback", &[("goto", "behalf")])
        .await;
    let next = browser
        .post("/tfc-sunderland/feedback", &[("behalf", "someone-else")])
        .await;
    assert_eq!(heading(&next.body), "About the person you are helping");
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    answer_every_question(&mut browser).await;
    let fields = hidden_fields(last_form(&browser.page));
    let without: Vec<_> = fields
        .iter()
        .filter(|(n, _)| n != "csrf")
        .cloned()
        .collect();
    let refused = browser
        .post_fields("/tfc-sunderland/feedback", &without)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Nothing has been sent."));

    let mut forged = without.clone();
    forged.push(("csrf".into(), "A".repeat(43)));
    let refused = browser
        .post_fields("/tfc-sunderland/feedback", &forged)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The right field but no cookie: another site cannot send our cookie's partner.
    browser.cookie.clear();
    let refused = browser
        .post_fields("/tfc-sunderland/feedback", &fields)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn the_tracking_page_offers_escalation_only_inside_the_window() {
    let app = spawn_app().await;
    let (reference, token) = app
        .submit_ok("tfc-sunderland", &complaint(json!({"channel": "web"})))
        .await;
    let mut browser = Browser::new(&app);
    let before = browser.get(&format!("/track/{token}")).await;
    assert!(!before.body.contains("Ask for the next stage"));
    assert!(before.body.contains("Withdraw my complaint"));

    app.set_now("2026-12-23 12:00");
    app.act_ok(&reference, json!({"type": "acknowledge"})).await;
    app.act_ok(&reference, json!({"type": "start-investigation"}))
        .await;
    app.set_now("2027-01-05 12:00");
    app.act_ok(
        &reference,
        json!({"type": "respond", "outcome": "not-upheld", "findings": "The calls were returned."}),
    )
    .await;
    // "Within 20 working days" of the response on Tue 5 Jan 2027: Tue 2 Feb 2027.
    let inside = browser.get(&format!("/track/{token}")).await;
    assert!(
        inside.body.contains("Ask for the next stage"),
        "{}",
        inside.body
    );
    assert!(inside.body.contains("until Tuesday 2 February 2027"));

    let form = browser.get(&format!("/track/{token}/escalate")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("I am unhappy with the way my complaint was dealt with")
    );
    let missing = browser
        .post(
            &format!("/track/{token}/escalate"),
            &[("reasons", "The log is wrong.")],
        )
        .await;
    assert!(
        missing
            .body
            .contains("<a href=\"#grounds\">Select at least one reason why you are asking</a>")
    );
    assert!(missing.body.contains("The log is wrong."));

    app.set_now("2027-02-03 09:00");
    let outside = browser.get(&format!("/track/{token}")).await;
    assert!(!outside.body.contains("Ask for the next stage"));
    let closed = browser.get(&format!("/track/{token}/escalate")).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    // A form opened while the window was open, sent after it closed.
    let csrf = browser
        .cookie
        .split_once('=')
        .expect("a cookie")
        .1
        .to_owned();
    let fields: Vec<(String, String)> = [
        ("csrf", csrf.as_str()),
        ("grounds", "outcome"),
        ("reasons", "The log is wrong."),
        ("outcome", "A review."),
    ]
    .iter()
    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
    .collect();
    let late = browser
        .post_fields(&format!("/track/{token}/escalate"), &fields)
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("You cannot ask for the next stage now."));
    assert_eq!(app.case(&reference).await["stage"]["id"], "stage-1");

    app.set_now("2027-02-02 16:00");
    browser.get(&format!("/track/{token}/escalate")).await;
    let sent = browser
        .post(
            &format!("/track/{token}/escalate"),
            &[
                ("grounds", "outcome"),
                ("reasons", "The log is wrong."),
                ("outcome", "A review."),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let done = browser.get(&sent.location).await;
    assert!(
        done.body
            .contains("We have your request to take your complaint further")
    );
    assert_eq!(app.case(&reference).await["stage"]["id"], "stage-2");
}

#[tokio::test]
async fn withdrawing_asks_for_confirmation_and_closes_the_complaint() {
    let app = spawn_app().await;
    let (reference, token) = app
        .submit_ok("tfc-sunderland", &complaint(json!({"channel": "web"})))
        .await;
    let mut browser = Browser::new(&app);
    let confirm = browser.get(&format!("/track/{token}/withdraw")).await;
    assert!(
        confirm
            .body
            .contains("Are you sure you want to withdraw your complaint?")
    );
    let done = browser
        .post(
            &format!("/track/{token}/withdraw"),
            &[("reason", "Sorted out.")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(app.case(&reference).await["status"], "closed-withdrawn");
    let page = browser.get(&done.location).await;
    assert!(page.body.contains("Your complaint has been withdrawn"));
    assert!(!page.body.contains("Withdraw my complaint"));
}

#[tokio::test]
async fn an_unknown_tracking_link_gets_a_helpful_page() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let page = browser.get("/track/not-a-real-token").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("We cannot find this tracking link"));
    assert!(page.body.starts_with("<!DOCTYPE html>"));
}

#[test]
fn every_message_key_the_public_pages_use_is_in_the_catalogue() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["templates/public", "templates/macros", "src/pages/public"] {
        collect(&root.join(dir), &mut files);
    }
    files.push(root.join("templates/base.html"));
    let sections = [
        "common",
        "organisations",
        "start",
        "form",
        "kinds",
        "dates",
        "durations",
        "track",
        "confirmation",
        "problem",
    ];
    let m = Messages::english();
    let mut used = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for section in sections {
            let opening = format!("\"{section}.");
            for (at, _) in text.match_indices(&opening) {
                let rest = &text[at + 1..];
                let Some(end) = rest.find('"') else { continue };
                let key = &rest[..end];
                let looks_like_key = key.len() > section.len() + 1
                    && key.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                    });
                if looks_like_key {
                    used += 1;
                    assert_ne!(
                        m.get(key),
                        key,
                        "{} uses {key}, which messages/en.toml lacks",
                        file.display()
                    );
                }
            }
        }
    }
    assert!(
        used > 250,
        "only {used} keys found: is the scan still finding them?"
    );
}

fn collect(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
