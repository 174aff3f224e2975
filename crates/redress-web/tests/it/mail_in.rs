//! E-mail in through the API and the staff page `/staff/mail`: the triage queue, matching a
//! spoofed reply to its case after checking it, rejecting, who may see and decide, and the
//! e-mail's text shown escaped, never as HTML.

use std::collections::HashMap;

use redress_app::mail::inbound::{Ingested, MailIn};
use redress_core::ids::OrgId;
use redress_store::Role;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::{TestApp, complaint, spawn_app};

fn settings() -> MailIn {
    MailIn {
        org: Some(OrgId::parse("leeds-pps").expect("an id")),
        ..MailIn::default()
    }
}

/// A reply quoting `reference` from someone who is not the case's contact.
async fn spoof(app: &TestApp, reference: &str, id: &str) -> String {
    let raw = format!(
        "From: Someone <spoof@example.net>\r\nMessage-ID: <{id}>\r\nSubject: Re: [{reference}]\r\n\r\n\
         I am the parent. <b>Send me</b> everything &amp; now.\r\n"
    );
    match app
        .app
        .ingest_mail(raw.as_bytes(), None, &settings())
        .await
        .expect("ingested")
    {
        Ingested::Triaged { mail, .. } => mail,
        other => panic!("a spoof goes to triage: {other:?}"),
    }
}

async fn get(app: &TestApp, bearer: &str, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/v1{path}", app.address))
        .bearer_auth(bearer)
        .send()
        .await
        .expect("sent")
}

async fn decide(app: &TestApp, bearer: &str, id: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/mail/{id}/decision", app.address))
        .bearer_auth(bearer)
        .json(body)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn the_api_lists_the_queue_and_an_officer_matches_a_spoof_after_checking_it() {
    let app = spawn_app().await;
    let (reference, _) = app
        .record_ok("leeds-pps", &complaint(json!({"channel": "email"})))
        .await;
    let id = spoof(&app, &reference, "spoof-1@example.net").await;

    let queue: Value = get(&app, &app.officer, "/mail")
        .await
        .json()
        .await
        .expect("json");
    let items = queue["mail"].as_array().expect("a list");
    assert_eq!(items.len(), 1, "{queue}");
    assert_eq!(items[0]["sender"], "spoof@example.net");
    assert_eq!(items[0]["reference"], reference.as_str());
    assert_eq!(items[0]["status"], "open");

    // A reader sees it but may not decide; bad decisions name their field and change nothing.
    assert_eq!(
        get(&app, &app.reader, &format!("/mail/{id}"))
            .await
            .status(),
        StatusCode::OK
    );
    let forbidden = decide(&app, &app.reader, &id, &json!({"action": "reject"})).await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    let unknown = decide(&app, &app.officer, &id, &json!({"action": "forward"})).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = decide(
        &app,
        &app.officer,
        &id,
        &json!({"action": "match", "reference": "LPP-2026-9999"}),
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = wrong.json().await.expect("json");
    assert_eq!(error["error"]["field"], "reference", "{error}");
    assert_eq!(
        get(&app, &app.officer, "/mail/not-an-id").await.status(),
        StatusCode::NOT_FOUND
    );

    let matched = decide(
        &app,
        &app.officer,
        &id,
        &json!({"action": "match", "reference": reference}),
    )
    .await;
    assert_eq!(matched.status(), StatusCode::OK);
    let matched: Value = matched.json().await.expect("json");
    assert_eq!(matched["status"], "matched");
    assert_eq!(matched["resolved_by"], "officer");
    let case = app.case(&reference).await;
    let received: Vec<&Value> = case["timeline"]
        .as_array()
        .expect("a timeline")
        .iter()
        .filter(|event| event["type"] == "information-received")
        .collect();
    assert_eq!(received.len(), 1, "{case}");
    assert_eq!(received[0]["channel"], "email");
    assert_eq!(received[0]["message_id"], "spoof-1@example.net");
    let again = decide(&app, &app.officer, &id, &json!({"action": "reject"})).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let queue: Value = get(&app, &app.officer, "/mail")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(queue["mail"], json!([]));
}

#[tokio::test]
async fn another_organisations_mail_is_not_found() {
    let app = spawn_app().await;
    let (reference, _) = app
        .record_ok("tfc-sunderland", &complaint(json!({"channel": "email"})))
        .await;
    let id = spoof(&app, &reference, "spoof-2@example.net").await;
    let queue: Value = get(&app, &app.leeds_only, "/mail")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(queue["mail"], json!([]));
    assert_eq!(
        get(&app, &app.leeds_only, &format!("/mail/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let refused = decide(&app, &app.leeds_only, &id, &json!({"action": "reject"})).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
}

/// A signed-in browser session, without JavaScript: cookies kept by hand.
struct Session<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookies: HashMap<String, String>,
}

impl<'a> Session<'a> {
    async fn send(&mut self, request: reqwest::RequestBuilder) -> (StatusCode, String) {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let response = request
            .header(COOKIE, cookie.join("; "))
            .send()
            .await
            .expect("sent");
        for value in response.headers().get_all(SET_COOKIE) {
            let text = value.to_str().expect("ASCII");
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        (response.status(), response.text().await.expect("a body"))
    }

    async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let request = self.client.get(format!("{}{path}", self.app.address));
        self.send(request).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let request = self
            .client
            .post(format!("{}{path}", self.app.address))
            .form(form);
        self.send(request).await
    }

    async fn signed_in(app: &'a TestApp, username: &str) -> Session<'a> {
        let password = "correct horse battery staple";
        app.app
            .add_user(username, "An Officer", Some(password))
            .await
            .expect("user");
        app.app
            .grant(
                username,
                &OrgId::parse("leeds-pps").expect("id"),
                Role::FeedbackOfficer,
            )
            .await
            .expect("granted");
        let mut session = Session {
            app,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            cookies: HashMap::new(),
        };
        let (_, form) = session.get("/staff/login").await;
        let csrf = hidden(&form, "csrf");
        let (status, _) = session
            .post(
                "/staff/login",
                &[
                    ("csrf", &csrf),
                    ("username", username),
                    ("password", password),
                    ("next", "/staff"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        session
    }
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("the field") + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_staff_page_shows_mail_as_escaped_text_and_rejects_with_csrf() {
    let app = spawn_app().await;
    let (reference, _) = app
        .record_ok("leeds-pps", &complaint(json!({"channel": "email"})))
        .await;
    spoof(&app, &reference, "spoof-3@example.net").await;
    let mut session = Session::signed_in(&app, "mailroom").await;
    let (status, page) = session.get("/staff/mail").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("spoof@example.net"), "{page}");
    assert!(page.contains(&format!("Re: [{reference}]")));
    // mail-parser leaves a text/plain body as it is; the page escapes it.
    assert!(page.contains("&#60;b&#62;Send me&#60;/b&#62;"), "{page}");
    assert!(!page.contains("<b>Send me"));
    let action = page
        .split("action=\"/staff/mail/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a decision form")
        .to_owned();
    let csrf = hidden(&page, "csrf");
    let (forged, _) = session
        .post(
            &format!("/staff/mail/{action}"),
            &[("csrf", "forged"), ("action", "reject")],
        )
        .await;
    assert_eq!(forged, StatusCode::FORBIDDEN);
    let (missing, page) = session
        .post(
            &format!("/staff/mail/{action}"),
            &[("csrf", &csrf), ("action", "match"), ("reference", "")],
        )
        .await;
    assert_eq!(missing, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Enter the reference"), "{page}");
    let (rejected, _) = session
        .post(
            &format!("/staff/mail/{action}"),
            &[("csrf", &csrf), ("action", "reject")],
        )
        .await;
    assert_eq!(rejected, StatusCode::SEE_OTHER);
    let (_, page) = session.get("/staff/mail").await;
    assert!(page.contains("There is no e-mail to check."), "{page}");
}
