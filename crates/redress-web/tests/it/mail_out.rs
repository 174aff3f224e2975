//! E-mail out against a real SMTP server (`tests/smtp/sink.py`, aiosmtpd on 127.0.0.1): the
//! person's confirmation with a tracking link that works, staff's new-case and assignment
//! e-mails, a server that is down (queued, back-off by the app's clock, sent when it returns),
//! parking after repeated failure and an admin's retry from the page, and what the case page
//! says with no mail server configured. The worker is stepped with `run_once`; the clock is
//! moved by hand, never waited for.

use std::sync::Arc;

use redress_app::App;
use redress_app::clock::ManualClock;
use redress_app::mail::{MAX_ATTEMPTS, MailSettings, RunReport, Worker, retry_delay};
use redress_app::procedures::Procedures;
use redress_store::{AnyStore, Role, Store};
use redress_web::AppState;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::{Db, at, complaint, postgres_store};

#[path = "../../../../tests/smtp/sink.rs"]
mod sink;

use sink::{SmtpSink, parse};

const PASSWORD: &str = "correct horse battery";
const FROM: &str = "Complaints <complaints@mail.example.org>";

/// A running server whose app sends e-mail through `smtp_url` (when given).
struct Site {
    address: String,
    client: reqwest::Client,
    clock: Arc<ManualClock>,
    app: App<AnyStore>,
    /// A feedback officer in every organisation (API token).
    officer: String,
    /// An admin of every organisation (API token; signs in as `boss` with [`PASSWORD`]).
    admin: String,
    _dir: tempfile::TempDir,
}

/// A free port with nothing listening on it (yet).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

async fn site(db: Db, test: &str, smtp_url: Option<String>) -> Option<Site> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = match db {
        Db::Sqlite => {
            let url = format!("sqlite:{}", dir.path().join("redress.db").display());
            AnyStore::open(&url).await.expect("the store opens")
        }
        Db::Postgres => postgres_store(test).await?,
    };
    let clock = Arc::new(ManualClock::new(at("2026-12-23 10:00")));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = format!("http://{}", listener.local_addr().expect("an address"));
    let settings = MailSettings::new(smtp_url.as_deref(), Some(FROM), &address).expect("valid");
    let app = App::start(store, Procedures::shipped(), clock.clone())
        .await
        .expect("the app starts")
        .with_mail(settings);
    let orgs: Vec<_> = app.procedures().orgs().cloned().collect();
    for (username, role) in [("officer", Role::FeedbackOfficer), ("boss", Role::Admin)] {
        app.add_user(username, username, Some(PASSWORD))
            .await
            .expect("user added");
        for org in &orgs {
            app.grant(username, org, role).await.expect("role granted");
        }
    }
    let officer = app.create_token("officer", "t").await.expect("token");
    let admin = app.create_token("boss", "t").await.expect("token");
    tokio::spawn(redress_web::serve(
        listener,
        AppState::new(app.clone()),
        std::future::pending(),
    ));
    Some(Site {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client"),
        clock,
        app,
        officer,
        admin,
        _dir: dir,
    })
}

impl Site {
    fn worker(&self) -> Worker<AnyStore> {
        Worker::new(self.app.clone(), "test-worker").expect("a worker")
    }

    async fn send(&self) -> RunReport {
        self.worker().run_once().await.expect("a pass")
    }

    /// Submits `body` through the public API; returns (reference, tracking token).
    async fn submit(&self, org: &str, body: &Value) -> (String, String) {
        let response = self
            .client
            .post(format!("{}/api/v1/orgs/{org}/feedback", self.address))
            .json(body)
            .send()
            .await
            .expect("sent");
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (
            body["reference"].as_str().expect("reference").to_owned(),
            body["tracking_token"].as_str().expect("token").to_owned(),
        )
    }

    async fn get(&self, path: &str, bearer: Option<&str>) -> (StatusCode, String) {
        let mut request = self.client.get(format!("{}{path}", self.address));
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        let response = request.send().await.expect("sent");
        (response.status(), response.text().await.expect("text"))
    }

    async fn case_mail(&self, reference: &str) -> Vec<Value> {
        let (status, body) = self
            .get(
                &format!("/api/v1/cases/{reference}/outbox"),
                Some(&self.officer),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str(&body).expect("json")
    }

    /// Signs `boss` in; returns the session cookie and the CSRF token.
    async fn sign_in(&self) -> (String, String) {
        let page = self
            .client
            .get(format!("{}/staff/login", self.address))
            .send()
            .await
            .expect("login page");
        let login_cookie = cookie(&page, "redress_login");
        let csrf = hidden(&page.text().await.expect("html"), "csrf");
        let response = self
            .client
            .post(format!("{}/staff/login", self.address))
            .header(COOKIE, &login_cookie)
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "boss"),
                ("password", PASSWORD),
                ("next", "/staff"),
            ])
            .send()
            .await
            .expect("signed in");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let session = cookie(&response, "redress_session");
        let (_, html) = self.page(&session, "/staff/outbox").await;
        (session, hidden(&html, "csrf"))
    }

    async fn page(&self, session: &str, path: &str) -> (StatusCode, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .header(COOKIE, session)
            .send()
            .await
            .expect("sent");
        (response.status(), response.text().await.expect("html"))
    }
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("the field is on the page") + marker.len();
    html[start..start + html[start..].find('"').expect("a closing quote")].to_owned()
}

fn cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .expect("the cookie is set")
        .to_owned()
}

/// The link in `text` that starts with `prefix`.
fn link(text: &str, prefix: &str) -> String {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} link in:\n{text}"));
    text[start..]
        .split_whitespace()
        .next()
        .expect("a link")
        .to_owned()
}

async fn confirmation_arrives_with_a_working_tracking_link(db: Db, test: &str) {
    let sink = SmtpSink::start();
    let Some(site) = site(db, test, Some(sink.url())).await else {
        return;
    };
    let (reference, token) = site.submit("leeds-pps", &complaint(json!({}))).await;
    let stored = site
        .app
        .store()
        .case_outbox(&reference)
        .await
        .expect("outbox");
    let confirmation = stored
        .iter()
        .find(|e| e.message.kind == "confirmation")
        .expect("a confirmation is queued with the case");
    assert!(
        !confirmation.message.payload.to_string().contains(&token),
        "the tracking token is not part of the stored payload"
    );
    let (_, page) = site
        .get(&format!("/track/{token}/confirmation"), None)
        .await;
    assert!(
        page.contains("We are also e-mailing this link to you"),
        "{page}"
    );
    assert!(!page.contains("cannot send it to you again"));

    let report = site.send().await;
    assert_eq!(report.sent, 1, "{report:?}");
    let messages = sink.wait_for(1);
    assert_eq!(
        messages.len(),
        1,
        "Leeds has no staff mailbox: only the person's e-mail"
    );
    let mail = parse(&messages[0]);
    eprintln!("--- the confirmation as received ---\n{}", mail.raw);
    assert_eq!(mail.to, "parent@example.org");
    assert_eq!(
        mail.subject,
        format!("Your complaint to Leeds Parent Partnership Service [{reference}]")
    );
    assert_eq!(
        mail.message_id,
        format!("{}@mail.example.org", confirmation.message.id),
        "the Message-ID is the outbox row's"
    );
    assert!(
        mail.text
            .contains(&format!("Your reference number is {reference}.")),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("Dear A Parent,"), "{}", mail.text);
    assert!(
        mail.text
            .contains("We will let you know we have your complaint by "),
        "what happens next: {}",
        mail.text
    );
    let tracking = link(&mail.text, &format!("{}/track/", site.address));
    assert_eq!(tracking, format!("{}/track/{token}", site.address));
    let (status, tracking_page) = site.get(&tracking[site.address.len()..], None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        tracking_page.contains(&reference),
        "the link opens the case"
    );

    let (_, page) = site
        .get(&format!("/track/{token}/confirmation"), None)
        .await;
    assert!(
        page.contains("We have also e-mailed this link to you"),
        "{page}"
    );
    let lines = site.case_mail(&reference).await;
    assert_eq!(lines[0]["delivery"]["state"], "sent", "{lines:?}");
    assert_eq!(site.send().await, RunReport::default(), "sent once only");
}

#[tokio::test]
async fn a_public_submission_is_confirmed_by_e_mail_with_a_tracking_link_that_opens_the_case() {
    confirmation_arrives_with_a_working_tracking_link(Db::Sqlite, "confirmation").await;
}

#[tokio::test]
async fn a_public_submission_is_confirmed_by_e_mail_on_postgres() {
    confirmation_arrives_with_a_working_tracking_link(Db::Postgres, "confirmation").await;
}

#[tokio::test]
async fn staff_are_told_of_a_new_case_and_of_an_assignment_at_role_mailboxes() {
    let sink = SmtpSink::start();
    let site = site(Db::Sqlite, "staff", Some(sink.url()))
        .await
        .expect("sqlite");
    let (reference, _) = site.submit("tfc-sunderland", &complaint(json!({}))).await;
    assert_eq!(site.send().await.sent, 2);
    let received: Vec<_> = sink.wait_for(2).iter().map(|m| parse(m)).collect();
    let new_case = received
        .iter()
        .find(|m| m.to == "customer.feedback@togetherforchildren.org.uk")
        .expect("the organisation's mailbox is told");
    eprintln!("--- new case ---\n{}", new_case.text);
    assert_eq!(
        new_case.subject,
        format!("New complaint received [{reference}]")
    );
    assert_eq!(
        link(&new_case.text, &site.address),
        format!("{}/staff/cases/{reference}", site.address)
    );
    assert!(
        !new_case.text.contains("did not return my calls"),
        "what the person wrote stays on the case page"
    );
    assert!(received.iter().any(|m| m.to == "parent@example.org"));

    let response = site
        .client
        .post(format!("{}/api/v1/cases/{reference}/actions", site.address))
        .bearer_auth(&site.officer)
        .json(&json!({"type": "assign-handler", "name": "A Officer", "role": "feedback-officer"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap_or_default()
    );
    assert_eq!(site.send().await.sent, 1);
    let assignment = parse(&sink.wait_for(3)[2]);
    eprintln!("--- assignment ---\n{}", assignment.text);
    // The shipped procedure gives the Customer Feedback Team's own mailbox to the officer role.
    assert_eq!(
        assignment.to,
        "customer.feedback@togetherforchildren.org.uk"
    );
    assert_eq!(
        assignment.subject,
        format!("A complaint assigned to Officer within the Customer Feedback Team [{reference}]")
    );
    assert!(
        assignment
            .text
            .contains("A Officer has been assigned complaint"),
        "{}",
        assignment.text
    );
}

async fn queued_while_down_then_sent(db: Db, test: &str) {
    let port = free_port();
    let Some(site) = site(db, test, Some(format!("smtp://127.0.0.1:{port}"))).await else {
        return;
    };
    let (reference, _) = site.submit("leeds-pps", &complaint(json!({}))).await;
    let report = site.send().await;
    assert_eq!(
        report,
        RunReport {
            sent: 0,
            failed: 1,
            parked: 0
        }
    );
    let lines = site.case_mail(&reference).await;
    let delivery = &lines[0]["delivery"];
    assert_eq!(delivery["state"], "queued", "{lines:?}");
    assert_eq!(delivery["attempts"], 1);
    assert!(
        delivery["last_error"]
            .as_str()
            .is_some_and(|e| !e.is_empty()),
        "{delivery}"
    );
    let next: jiff::Timestamp = delivery["next_attempt_at"]
        .as_str()
        .expect("a time")
        .parse()
        .expect("an instant");
    assert_eq!(
        next,
        at("2026-12-23 10:01"),
        "one minute after the first failure"
    );

    assert_eq!(
        site.send().await,
        RunReport::default(),
        "not tried before its time"
    );
    site.clock.set(at("2026-12-23 10:01"));
    assert_eq!(
        site.send().await.failed,
        1,
        "tried again at its time, still down"
    );
    let lines = site.case_mail(&reference).await;
    assert_eq!(lines[0]["delivery"]["attempts"], 2);
    let next: jiff::Timestamp = lines[0]["delivery"]["next_attempt_at"]
        .as_str()
        .expect("a time")
        .parse()
        .expect("an instant");
    assert_eq!(next, at("2026-12-23 10:03"), "two minutes after the second");

    let sink = SmtpSink::on(port);
    site.clock.set(at("2026-12-23 10:02"));
    assert_eq!(
        site.send().await,
        RunReport::default(),
        "the back-off holds even with the server up"
    );
    site.clock.set(at("2026-12-23 10:03"));
    assert_eq!(site.send().await.sent, 1, "sent when the server is back");
    let messages = sink.wait_for(1);
    assert_eq!(messages.len(), 1);
    assert!(parse(&messages[0]).subject.contains(&reference));
    assert_eq!(
        site.case_mail(&reference).await[0]["delivery"]["state"],
        "sent"
    );
}

#[tokio::test]
async fn with_the_mail_server_down_mail_waits_with_back_off_and_goes_when_it_returns() {
    queued_while_down_then_sent(Db::Sqlite, "down").await;
}

#[tokio::test]
async fn with_the_mail_server_down_mail_waits_and_goes_on_postgres() {
    queued_while_down_then_sent(Db::Postgres, "down").await;
}

async fn parked_then_retried(db: Db, test: &str) {
    let port = free_port();
    let Some(site) = site(db, test, Some(format!("smtp://127.0.0.1:{port}"))).await else {
        return;
    };
    let (reference, _) = site.submit("leeds-pps", &complaint(json!({}))).await;
    for attempt in 1..MAX_ATTEMPTS {
        assert_eq!(site.send().await.failed, 1, "attempt {attempt}");
        site.clock.advance(retry_delay(attempt));
    }
    assert_eq!(
        site.send().await.parked,
        1,
        "parked at attempt {MAX_ATTEMPTS}"
    );
    site.clock.advance(jiff::SignedDuration::from_hours(48));
    assert_eq!(
        site.send().await,
        RunReport::default(),
        "a parked message is not tried"
    );
    let lines = site.case_mail(&reference).await;
    assert_eq!(lines[0]["delivery"]["state"], "parked", "{lines:?}");

    let (status, body) = site.get("/api/v1/outbox/parked", Some(&site.officer)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body, "[]",
        "an officer who is not an admin sees no parked mail"
    );
    let (status, body) = site.get("/api/v1/outbox/parked", Some(&site.admin)).await;
    assert_eq!(status, StatusCode::OK);
    let parked: Vec<Value> = serde_json::from_str(&body).expect("json");
    assert_eq!(parked.len(), 1);
    let id = parked[0]["id"].as_str().expect("an id").to_owned();
    let response = site
        .client
        .post(format!("{}/api/v1/outbox/{id}/retry", site.address))
        .bearer_auth(&site.officer)
        .send()
        .await
        .expect("sent");
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "only admins retry"
    );

    let (session, csrf) = site.sign_in().await;
    let (status, page) = site.page(&session, "/staff/outbox").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&reference), "{page}");
    assert!(
        page.contains(&format!("action=\"/staff/outbox/{id}/retry\"")),
        "{page}"
    );
    let (_, case_page) = site
        .page(&session, &format!("/staff/cases/{reference}"))
        .await;
    assert!(case_page.contains("Not sent: set aside"), "{case_page}");

    let forged = site
        .client
        .post(format!("{}/staff/outbox/{id}/retry", site.address))
        .header(COOKIE, &session)
        .form(&[("csrf", "not-the-token")])
        .send()
        .await
        .expect("sent");
    assert!(forged.status().is_client_error(), "{}", forged.status());
    assert!(
        site.app
            .store()
            .parked_outbox()
            .await
            .expect("parked")
            .len()
            == 1,
        "a forged form changes nothing"
    );

    let sink = SmtpSink::on(port);
    let response = site
        .client
        .post(format!("{}/staff/outbox/{id}/retry", site.address))
        .header(COOKIE, &session)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, page) = site.page(&session, "/staff/outbox?done=retried").await;
    assert!(page.contains("queued again"), "{page}");
    assert!(
        page.contains("There are no messages waiting for a retry."),
        "{page}"
    );
    assert_eq!(
        site.send().await.sent,
        1,
        "the retried message goes at once"
    );
    assert_eq!(sink.wait_for(1).len(), 1);
    let again = site
        .client
        .post(format!("{}/api/v1/outbox/{id}/retry", site.address))
        .bearer_auth(&site.admin)
        .send()
        .await
        .expect("sent");
    assert_eq!(
        again.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a sent message is not retried"
    );
}

#[tokio::test]
async fn mail_that_keeps_failing_is_parked_and_an_admin_retries_it_from_the_page() {
    parked_then_retried(Db::Sqlite, "parked").await;
}

#[tokio::test]
async fn parked_mail_is_retried_on_postgres() {
    parked_then_retried(Db::Postgres, "parked").await;
}

#[tokio::test]
async fn without_a_mail_server_the_case_page_says_each_message_is_not_sent() {
    let site = site(Db::Sqlite, "none", None).await.expect("sqlite");
    assert!(
        Worker::new(site.app.clone(), "w").is_err(),
        "no worker without a mail server"
    );
    let (reference, token) = site.submit("tfc-sunderland", &complaint(json!({}))).await;
    let (session, _) = site.sign_in().await;
    let (_, page) = site
        .page(&session, &format!("/staff/cases/{reference}"))
        .await;
    assert_eq!(
        page.matches("Not sent: no mail server configured").count(),
        2,
        "the confirmation and the new case: {page}"
    );
    let (_, confirmation) = site
        .get(&format!("/track/{token}/confirmation"), None)
        .await;
    assert!(
        !confirmation.contains("e-mailed this link"),
        "nothing claims it was sent"
    );
    assert!(!confirmation.contains("e-mailing this link"));
    assert_eq!(site.case_mail(&reference).await.len(), 2);
    assert!(
        site.case_mail(&reference)
            .await
            .iter()
            .all(|l| l["delivery"]["state"] == "no-mail-server")
    );
}

/// Leeds: "The acknowledgement must state: who is dealing with the complaint …; a contact
/// telephone number and an email address; a date by which the complainant can expect to receive
/// a substantive response". Received Wednesday 23 December 2026; 15 working days from receipt
/// in England, skipping Christmas Day (Fri 25), the Boxing Day substitute (Mon 28) and New
/// Year's Day (Fri 1 January 2027): 24, 29, 30, 31 Dec, 4–8 Jan, 11–15 Jan, 18 Jan = Monday
/// 18 January 2027.
#[tokio::test]
async fn leeds_acknowledgement_arrives_by_e_mail_with_handler_phone_e_mail_and_response_date() {
    let sink = SmtpSink::start();
    let site = site(Db::Sqlite, "leeds-ack", Some(sink.url()))
        .await
        .expect("sqlite");
    let (reference, _) = site.submit("leeds-pps", &complaint(json!({}))).await;
    assert_eq!(site.send().await.sent, 1, "the confirmation");
    sink.wait_for(1);
    site.clock.set(at("2026-12-24 09:30"));
    let response = site
        .client
        .post(format!("{}/api/v1/cases/{reference}/actions", site.address))
        .bearer_auth(&site.officer)
        .json(&json!({"type": "acknowledge", "handler_name": "Sam Carter",
                      "phone": "0113 378 5020", "email": "pps@example.org"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );
    assert_eq!(site.send().await.sent, 1, "the acknowledgement");
    let messages = sink.wait_for(2);
    let raw = &messages[1];
    let mail = parse(raw);
    eprintln!("--- the acknowledgement as received ---\n{}", mail.text);
    assert_eq!(mail.to, "parent@example.org");
    assert!(
        mail.subject.contains(&format!("[{reference}]")),
        "{}",
        mail.subject
    );
    for stated in [
        "Sam Carter",
        "Parent Partnership Service Co-ordinator",
        "0113 378 5020",
        "pps@example.org",
        "18 January 2027",
    ] {
        assert!(mail.text.contains(stated), "states {stated}: {}", mail.text);
    }
    // The letter rides along as a PDF that pdftotext reads back.
    let parsed = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .expect("parsed");
    let pdf = parsed
        .attachments()
        .find(|a| {
            mail_parser::MimeHeaders::content_type(*a).is_some_and(|t| t.subtype() == Some("pdf"))
        })
        .expect("the letter's PDF is attached");
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf.contents()).expect("written");
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    for stated in [
        reference.as_str(),
        "Leeds Parent Partnership Service",
        "18 January 2027",
    ] {
        assert!(text.contains(stated), "the PDF states {stated}: {text}");
    }
}
