//! The public pages over HTTP, as a browser without JavaScript uses them: the start page of
//! each shipped organisation, the feedback form posted page by page with its CSRF token, the
//! confirmation, and the tracking page's actions.

use std::collections::BTreeSet;

use redress_web::pages::messages::Messages;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::json;

use crate::helpers::{TestApp, complaint, spawn_app};

/// A browser: one cookie (the form token), no redirects followed, the last page seen.
struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookie: String,
    page: String,
}

/// What came back from a request.
struct Answer {
    status: StatusCode,
    location: String,
    body: String,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            cookie: String::new(),
            page: String::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Answer {
        let request = if self.cookie.is_empty() {
            request
        } else {
            request.header(COOKIE, &self.cookie)
        };
        let response = request.send().await.expect("request sent");
        if let Some(set) = response.headers().get(SET_COOKIE) {
            let set = set.to_str().expect("ascii");
            self.cookie = set.split(';').next().unwrap_or_default().to_owned();
        }
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().expect("ascii").to_owned())
            .unwrap_or_default();
        let body = response.text().await.expect("a body");
        if status == StatusCode::OK {
            self.page = body.clone();
        }
        Answer {
            status,
            location,
            body,
        }
    }

    async fn get(&mut self, path: &str) -> Answer {
        let url = format!("{}{path}", self.app.address);
        let request = self.client.get(url);
        self.send(request).await
    }

    /// Posts the last page's main (last) form: its hidden fields, then `answers`.
    async fn post(&mut self, path: &str, answers: &[(&str, &str)]) -> Answer {
        let mut fields = hidden_fields(last_form(&self.page));
        let names: BTreeSet<&str> = answers.iter().map(|(n, _)| *n).collect();
        fields.retain(|(name, _)| !names.contains(name.as_str()));
        fields.extend(answers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())));
        self.post_fields(path, &fields).await
    }

    async fn post_fields(&mut self, path: &str, fields: &[(String, String)]) -> Answer {
        let url = format!("{}{path}", self.app.address);
        let request = self.client.post(url).form(fields);
        self.send(request).await
    }
}

/// The HTML from the last `<form` on a page to its end.
fn last_form(html: &str) -> &str {
    let start = html.rfind("<form").expect("a form on the page");
    let end = html[start..].find("</form>").map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// `(name, value)` of every hidden input in some HTML.
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\"")
        .skip(1)
        .map(|input| (attribute(input, "name"), attribute(input, "value")))
        .collect()
}

fn attribute(html: &str, name: &str) -> String {
    let start = html.find(&format!("{name}=\"")).expect("the attribute") + name.len() + 2;
    let end = html[start..].find('"').expect("a closing quote") + start;
    unescape(&html[start..end])
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('\'', "&#39;")
}

/// The `<h1>` of a page, or of the label or legend that is the page's heading.
fn heading(html: &str) -> String {
    let start = html.find("<h1").expect("a heading");
    let end = html[start..].find("</h1>").expect("a closed heading") + start;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(text.trim())
}

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
            assert!(body.contains(&escape(&stage.name)), "{} lacks {}", p.organisation.id, stage.name);
            for within in [
                stage.acknowledge.as_ref().map(|a| a.within),
                stage.respond.as_ref().map(|r| r.within),
                stage.escalation.as_ref().and_then(|e| e.within),
            ]
            .into_iter()
            .flatten()
            {
                assert!(body.contains(&format!("within {within} ")), "{}: {within}", p.organisation.id);
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
    assert!(tfc.contains("You should complain within 12 months of what happened, or of when you found out about it."));
    assert!(tfc.contains("We will let you know we have your complaint within 24 hours of receiving your complaint."));
    assert_eq!(browser.get("/no-such-organisation").await.status, StatusCode::NOT_FOUND);
}

/// Walks the Together for Children form to the check page, answering every question.
async fn answer_every_question(browser: &mut Browser<'_>) {
    let first = browser.get("/tfc-sunderland/feedback").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(!browser.cookie.is_empty(), "the form sets its token cookie");
    assert_eq!(heading(&first.body), "What happened?");
    let steps: [(&str, &[(&str, &str)], &str); 9] = [
        ("/tfc-sunderland/feedback", &[("what", "Nobody returned my calls about my son's plan.")], "When did it happen?"),
        ("/tfc-sunderland/feedback", &[("happened-day", "1"), ("happened-month", "12"), ("happened-year", "2026")], "What would you like to happen?"),
        ("/tfc-sunderland/feedback", &[("outcome", "A call back & an apology.")], "Who was involved?"),
        ("/tfc-sunderland/feedback", &[("person-1-name", "Sam Adviser"), ("person-1-role", "feedback-officer")], "Is this complaint for you or for someone else?"),
        ("/tfc-sunderland/feedback", &[("behalf", "myself")], "Do you want to give your name and contact details?"),
        ("/tfc-sunderland/feedback", &[("anonymous", "no")], "How would you like us to contact you?"),
        ("/tfc-sunderland/feedback", &[("prefers", "email")], "Your name and contact details"),
        ("/tfc-sunderland/feedback", &[("name", "A Parent"), ("email", "parent@example.org")], "Do you need any support or changes to help you?"),
        ("/tfc-sunderland/feedback", &[("support", "Large print, please.")], "Check your answers before sending your complaint"),
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
    assert_eq!(submission["what_happened"], "Nobody returned my calls about my son's plan.");
    assert_eq!(submission["happened_on"], "2026-12-01");
    assert_eq!(submission["outcome_wanted"], "A call back & an apology.");
    assert_eq!(submission["complainant"]["email"], "parent@example.org");
    assert_eq!(submission["complainant"]["prefers"], "email");
    assert_eq!(submission["people_named"][0]["role"], "feedback-officer");
    assert_eq!(submission["adjustments"], "Large print, please.");

    let tracking = browser.get(&format!("/track/{token}")).await;
    assert_eq!(tracking.status, StatusCode::OK);
    assert!(tracking.body.contains("TFC-2026-0001"));
    assert!(tracking.body.contains("We will let you know we have your complaint by Thursday 24 December 2026."));
}

#[tokio::test]
async fn a_page_reshown_with_errors_keeps_what_was_typed_and_names_the_field() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.get("/leeds-pps/feedback").await;
    assert_eq!(heading(&browser.page), "What would you like to tell Leeds Parent Partnership Service?");
    let missing = browser.post("/leeds-pps/feedback", &[]).await;
    assert!(missing.body.contains("<title>Error: "));
    assert!(missing.body.contains("<a href=\"#kind\">Select what you would like to tell us</a>"));

    browser.post("/leeds-pps/feedback", &[("kind", "complaint")]).await;
    let blank = browser.post("/leeds-pps/feedback", &[("what", "   ")]).await;
    assert!(blank.body.contains("<a href=\"#what\">Enter what happened</a>"));
    assert!(blank.body.contains("id=\"what-error\""));

    browser.post("/leeds-pps/feedback", &[("what", "The adviser <b>never</b> came.")]).await;
    let bad_date = browser
        .post("/leeds-pps/feedback", &[("happened-day", "31"), ("happened-month", "2"), ("happened-year", "2026")])
        .await;
    assert!(bad_date.body.contains("<a href=\"#happened-day\">The date it happened must be a real date</a>"));
    assert!(bad_date.body.contains("name=\"happened-day\" type=\"text\" inputmode=\"numeric\" value=\"31\""));
    // The answer from the earlier page is still in the page, escaped.
    assert!(bad_date.body.contains("value=\"The adviser &lt;b&gt;never&lt;/b&gt; came.\""));

    let future = browser
        .post("/leeds-pps/feedback", &[("happened-day", "1"), ("happened-month", "1"), ("happened-year", "2027")])
        .await;
    assert!(future.body.contains("The date it happened must be today or in the past"));
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    answer_every_question(&mut browser).await;
    let fields = hidden_fields(last_form(&browser.page));
    let without: Vec<_> = fields.iter().filter(|(n, _)| n != "csrf").cloned().collect();
    let refused = browser.post_fields("/tfc-sunderland/feedback", &without).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Nothing has been sent."));

    let mut forged = without.clone();
    forged.push(("csrf".into(), "A".repeat(43)));
    let refused = browser.post_fields("/tfc-sunderland/feedback", &forged).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The right field but no cookie: another site cannot send our cookie's partner.
    browser.cookie.clear();
    let refused = browser.post_fields("/tfc-sunderland/feedback", &fields).await;
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
    app.act_ok(&reference, json!({"type": "start-investigation"})).await;
    app.set_now("2027-01-05 12:00");
    app.act_ok(&reference, json!({"type": "respond", "outcome": "not-upheld", "findings": "The calls were returned."}))
        .await;
    // "Within 20 working days" of the response on Tue 5 Jan 2027: Tue 2 Feb 2027.
    let inside = browser.get(&format!("/track/{token}")).await;
    assert!(inside.body.contains("Ask for the next stage"), "{}", inside.body);
    assert!(inside.body.contains("until Tuesday 2 February 2027"));

    let form = browser.get(&format!("/track/{token}/escalate")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("I am unhappy with the way my complaint was dealt with"));
    let missing = browser.post(&format!("/track/{token}/escalate"), &[("reasons", "The log is wrong.")]).await;
    assert!(missing.body.contains("<a href=\"#grounds\">Select at least one reason why you are asking</a>"));
    assert!(missing.body.contains("The log is wrong."));

    app.set_now("2027-02-03 09:00");
    let outside = browser.get(&format!("/track/{token}")).await;
    assert!(!outside.body.contains("Ask for the next stage"));
    let closed = browser.get(&format!("/track/{token}/escalate")).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let late = browser
        .post(
            &format!("/track/{token}/escalate"),
            &[("grounds", "outcome"), ("reasons", "The log is wrong."), ("outcome", "A review.")],
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("You cannot ask for the next stage now."));
    assert_eq!(app.case(&reference).await["stage"]["id"], "stage-1");

    app.set_now("2027-02-02 16:00");
    browser.get(&format!("/track/{token}/escalate")).await;
    let sent = browser
        .post(
            &format!("/track/{token}/escalate"),
            &[("grounds", "outcome"), ("reasons", "The log is wrong."), ("outcome", "A review.")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let done = browser.get(&sent.location).await;
    assert!(done.body.contains("We have your request to take your complaint further"));
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
    assert!(confirm.body.contains("Are you sure you want to withdraw your complaint?"));
    let done = browser.post(&format!("/track/{token}/withdraw"), &[("reason", "Sorted out.")]).await;
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
    let sections = ["common", "organisations", "start", "form", "kinds", "dates", "durations", "track", "confirmation", "problem"];
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
                    && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
                if looks_like_key {
                    used += 1;
                    assert_ne!(m.get(key), key, "{} uses {key}, which messages/en.toml lacks", file.display());
                }
            }
        }
    }
    assert!(used > 250, "only {used} keys found: is the scan still finding them?");
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
