//! Conduct end to end (issue 9, item 5; Sunderland's "Restricting Access"), on SQLite and on
//! PostgreSQL: the Customer Feedback Manager warns, then keeps a person to letters; the
//! restriction shows on each of the person's cases; their e-mail is filed on its case without
//! reply and the team's mailbox is told (through a real SMTP sink); letters to them are not
//! e-mailed but marked for post; the review appears on the dashboard when due by the app's
//! clock; bad decisions are refused naming the field and change nothing.

use std::sync::Arc;

use redress_app::App;
use redress_app::clock::ManualClock;
use redress_app::mail::inbound::{Ingested, MailIn};
use redress_app::mail::{MailSettings, Worker};
use redress_app::procedures::Procedures;
use redress_core::ids::OrgId;
use redress_store::{AnyStore, Role};
use redress_web::AppState;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::{Db, at, postgres_store};

#[path = "../../../../tests/smtp/sink.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "the SMTP sink's helpers, as mail_out.rs includes them, kept apart so each test file stands alone"
)]
mod sink;

const PASSWORD: &str = "correct horse battery";
const TFC: &str = "tfc-sunderland";
const PARENT: &str = "parent@example.org";
const MAILBOX: &str = "customer.feedback@togetherforchildren.org.uk";

struct Site {
    address: String,
    client: reqwest::Client,
    clock: Arc<ManualClock>,
    app: App<AnyStore>,
    /// Feedback officer holding the Customer Feedback Manager's role (signs in as `manager`).
    manager: String,
    /// Feedback officer without it.
    officer: String,
    /// Read-only.
    reader: String,
    /// A Leeds officer.
    leeds: String,
    _dir: tempfile::TempDir,
}

async fn site(db: Db, test: &str, smtp_url: &str) -> Option<Site> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = match db {
        Db::Sqlite => {
            let url = format!("sqlite:{}", dir.path().join("redress.db").display());
            AnyStore::open(&url).await.expect("the store opens")
        }
        Db::Postgres => postgres_store(test).await?,
    };
    // Monday 14 December 2026.
    let clock = Arc::new(ManualClock::new(at("2026-12-14 10:00")));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = format!("http://{}", listener.local_addr().expect("an address"));
    let settings = MailSettings::new(
        Some(smtp_url),
        Some("Complaints <complaints@mail.example.org>"),
        &address,
    )
    .expect("valid");
    let app = App::start(store, Procedures::shipped(), clock.clone())
        .await
        .expect("the app starts")
        .with_mail(settings);
    let tfc = OrgId::parse(TFC).expect("an id");
    let leeds = OrgId::parse("leeds-pps").expect("an id");
    let mut tokens = Vec::new();
    for (username, org, role) in [
        ("manager", &tfc, Role::FeedbackOfficer),
        ("officer", &tfc, Role::FeedbackOfficer),
        ("reader", &tfc, Role::ReadOnly),
        ("leeds", &leeds, Role::FeedbackOfficer),
    ] {
        app.add_user(username, username, Some(PASSWORD))
            .await
            .expect("user added");
        app.grant(username, org, role).await.expect("granted");
        tokens.push(app.create_token(username, "t").await.expect("token"));
    }
    app.hold("manager", &tfc, "feedback-manager")
        .await
        .expect("held");
    tokio::spawn(redress_web::serve(
        listener,
        AppState::new(app.clone()),
        std::future::pending(),
    ));
    let [manager, officer, reader, leeds] = tokens.try_into().expect("four tokens");
    Some(Site {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client"),
        clock,
        app,
        manager,
        officer,
        reader,
        leeds,
        _dir: dir,
    })
}

impl Site {
    fn set_now(&self, now: &str) {
        self.clock.set(at(now));
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        bearer: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .client
            .request(method, format!("{}/api/v1{path}", self.address))
            .bearer_auth(bearer);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("sent");
        let status = response.status();
        let text = response.text().await.expect("text");
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn get(&self, path: &str, bearer: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, bearer, None).await
    }

    async fn post(&self, path: &str, bearer: &str, body: &Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, bearer, Some(body))
            .await
    }

    /// Records an e-mailed complaint from the parent; returns its reference.
    async fn complaint(&self, what: &str) -> String {
        let (status, body) = self
            .post(
                &format!("/orgs/{TFC}/cases"),
                &self.officer,
                &json!({"submission": {
                    "kind": "complaint", "channel": "email",
                    "complainant": {"name": "A Parent", "email": "Parent@Example.org"},
                    "what_happened": what,
                }}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["reference"].as_str().expect("a reference").to_owned()
    }

    async fn conduct(&self, reference: &str) -> Value {
        let (status, body) = self
            .get(&format!("/cases/{reference}/conduct"), &self.officer)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["conduct"].clone()
    }

    async fn decide(&self, reference: &str, bearer: &str, body: Value) -> (StatusCode, Value) {
        self.post(&format!("/cases/{reference}/conduct"), bearer, &body)
            .await
    }

    async fn deliver(&self) {
        Worker::new(self.app.clone(), "conduct-test")
            .expect("a worker")
            .run_once()
            .await
            .expect("a pass");
    }

    /// Signs `manager` in and returns the page at `path`.
    async fn page(&self, path: &str) -> (StatusCode, String) {
        let page = self
            .client
            .get(format!("{}/staff/login", self.address))
            .send()
            .await
            .expect("login page");
        let login_cookie = cookie(&page, "redress_login");
        let html = page.text().await.expect("html");
        let csrf = hidden(&html, "csrf");
        let response = self
            .client
            .post(format!("{}/staff/login", self.address))
            .header(COOKIE, &login_cookie)
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "manager"),
                ("password", PASSWORD),
                ("next", "/staff"),
            ])
            .send()
            .await
            .expect("signed in");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let session = cookie(&response, "redress_session");
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .header(COOKIE, &session)
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

fn restrict_letters_only(review_on: &str) -> Value {
    json!({
        "type": "restrict",
        "terms": [{"restriction": "single-form", "form": "letter"}, {"restriction": "no-acknowledgement"}],
        "reason": "Daily e-mails to the team about the same closed matter.",
        "lasts": "3 months",
        "review_on": review_on,
    })
}

async fn a_letters_only_person_is_filed_shown_and_reviewed_on(db: Db) {
    let smtp = sink::SmtpSink::start();
    let Some(site) = site(db, "conduct_story", &smtp.url()).await else {
        return;
    };
    let first = site
        .complaint("Nobody called me back about my son's transport.")
        .await;
    let second = site
        .complaint("The annual review meeting was cancelled twice without notice.")
        .await;

    // Nobody has a record yet; the person is the address, in lower case.
    let conduct = site.conduct(&first).await;
    assert_eq!(conduct["person"], PARENT, "{conduct}");
    assert_eq!(conduct["record"]["version"], 0);

    // Refused, naming the field, changing nothing: no warning yet; not the manager; a
    // reader; another organisation; malformed or out-of-policy input.
    let (status, body) = site
        .decide(&first, &site.manager, restrict_letters_only("2027-01-11"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["rule"], "not-allowed-now", "{body}");
    let (status, body) = site
        .decide(
            &first,
            &site.officer,
            json!({"type": "warn", "reason": "Abuse."}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["rule"], "not-their-role", "{body}");
    let (status, _) = site
        .decide(
            &first,
            &site.reader,
            json!({"type": "warn", "reason": "Abuse."}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = site
        .decide(
            &first,
            &site.leeds,
            json!({"type": "warn", "reason": "Abuse."}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for (body, field) in [
        (json!({"type": "warn"}), "reason"),
        (json!({"type": "warn", "reason": "  "}), "reason"),
        (
            json!({"type": "warn", "reason": "x", "colour": "red"}),
            "colour",
        ),
        (json!({"type": "shout", "reason": "x"}), "type"),
        (
            json!({"type": "warn", "reason": "x", "expected_version": "one"}),
            "expected_version",
        ),
    ] {
        let (status, answer) = site.decide(&first, &site.manager, body.clone()).await;
        assert!(status.is_client_error(), "{body} → {status} {answer}");
        assert_eq!(answer["error"]["field"], field, "{body} → {answer}");
    }
    assert_eq!(site.conduct(&first).await["record"]["version"], 0);

    // The warning: its letter is e-mailed to the person.
    let (status, body) = site
        .decide(
            &first,
            &site.manager,
            json!({"type": "warn", "reason": "Abusive calls to the team."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["letters"][0]["kind"], "behaviour-warning");
    assert_eq!(body["letters"][0]["status"], "queued", "{body}");

    // A week later, letters only. Christmas Day is not a working day to review on.
    site.set_now("2026-12-21 10:00");
    let (status, body) = site
        .decide(&first, &site.manager, restrict_letters_only("2026-12-25"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "review_on", "{body}");
    let (status, body) = site
        .decide(&first, &site.manager, restrict_letters_only("2027-01-11"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["letters_by_post"], true);
    let letter = &body["letters"][1];
    assert_eq!(letter["kind"], "contact-restriction");
    assert_eq!(
        letter["status"], "for-post",
        "the letter goes by post: {body}"
    );
    // "Why ..., what action ..., the duration of that action, how, and when it will be reviewed."
    let text = letter["letter"]["body"].as_str().expect("a body");
    // 3 months from Mon 21 Dec 2026 is 21 Mar 2027, so the last day is Sat 20 Mar 2027.
    for needle in ["Daily e-mails", "20 March 2027", "11 January 2027"] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    let (status, pdf) = site
        .client
        .get(format!(
            "{}/api/v1/cases/{first}/conduct/letters/2/pdf",
            site.address
        ))
        .bearer_auth(&site.officer)
        .send()
        .await
        .map(|r| (r.status(), r))
        .expect("sent");
    assert_eq!(status, StatusCode::OK);
    assert!(pdf.bytes().await.expect("bytes").starts_with(b"%PDF"));

    // Shown on each of the person's cases.
    for reference in [&first, &second] {
        let (_, case) = site
            .get(&format!("/cases/{reference}"), &site.officer)
            .await;
        assert_eq!(case["conduct"]["in_force"], true, "{reference}: {case}");
        assert_eq!(case["conduct"]["letters_by_post"], true);
        let (status, html) = site.page(&format!("/staff/cases/{reference}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Contact restricted from"), "{reference}");
        assert!(
            html.contains("Letters to them go by post only"),
            "{reference}"
        );
    }

    // Their e-mail quoting the first case is filed there without reply; the team is told.
    let raw = format!(
        "From: A Parent <{PARENT}>\r\nMessage-ID: <again-1@example.org>\r\nSubject: Re: [{first}]\r\n\r\n\
         I am writing again about the same thing.\r\n"
    );
    let settings = MailIn {
        org: Some(OrgId::parse(TFC).expect("an id")),
        ..MailIn::default()
    };
    let ingested = site
        .app
        .ingest_mail(raw.as_bytes(), None, &settings)
        .await
        .expect("ingested");
    assert!(
        matches!(&ingested, Ingested::Information { reference, .. } if *reference == first),
        "{ingested:?}"
    );
    let (_, case) = site.get(&format!("/cases/{first}"), &site.officer).await;
    assert!(
        case["timeline"]
            .as_array()
            .expect("a timeline")
            .iter()
            .any(|e| e["type"] == "information-received"),
        "{case}"
    );

    // A letter on the second case while restricted: not e-mailed, marked for post.
    let (status, body) = site
        .post(
            &format!("/cases/{second}/actions"),
            &site.officer,
            &json!({"type": "acknowledge"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, letters) = site
        .get(&format!("/cases/{second}/letters"), &site.officer)
        .await;
    let acknowledgement = letters["letters"]
        .as_array()
        .expect("letters")
        .iter()
        .find(|l| l["kind"] == "acknowledgement")
        .expect("an acknowledgement")
        .clone();
    assert_eq!(acknowledgement["status"], "for-post", "{letters}");

    // What reached the mail server: the warning to the person, the notice to the team, and
    // nothing else to the person.
    site.deliver().await;
    // Two new-case notices to the team, the warning, and the notice of the filed e-mail.
    let received: Vec<sink::Received> = smtp.wait_for(4).iter().map(|m| sink::parse(m)).collect();
    assert_eq!(received.len(), 4);
    let to_parent: Vec<&sink::Received> = received.iter().filter(|m| m.to == PARENT).collect();
    assert_eq!(
        to_parent.len(),
        1,
        "only the warning: {:?}",
        to_parent.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let told: Vec<&sink::Received> = received
        .iter()
        .filter(|m| m.to == MAILBOX && m.subject.contains("filed without reply"))
        .collect();
    assert_eq!(
        told.len(),
        1,
        "{:?}",
        received
            .iter()
            .map(|m| (&m.to, &m.subject))
            .collect::<Vec<_>>()
    );
    assert!(told[0].subject.contains(&first));
    assert!(
        told[0].text.contains("contact by letter only"),
        "{}",
        told[0].text
    );

    // The review (Mon 11 Jan 2027) is not listed yet on Mon 21 Dec: twelve working days away
    // (22, 23, 24, 29, 30, 31 Dec, 4, 5, 6, 7, 8, 11 Jan; Christmas, the substitute Boxing Day
    // and New Year's Day are bank holidays).
    let (_, reviews) = site.get("/conduct/reviews", &site.officer).await;
    assert_eq!(reviews["reviews"], json!([]), "{reviews}");
    // Thu 31 Dec: six working days away (4, 5, 6, 7, 8, 11 Jan): not yet.
    site.set_now("2026-12-31 10:00");
    let (_, reviews) = site.get("/conduct/reviews", &site.officer).await;
    assert_eq!(reviews["reviews"], json!([]), "{reviews}");
    // Mon 4 Jan: five (5, 6, 7, 8, 11 Jan): due soon, on the dashboard.
    site.set_now("2027-01-04 10:00");
    let (_, reviews) = site.get("/conduct/reviews", &site.officer).await;
    assert_eq!(
        reviews["reviews"][0]["review"]["status"], "due-soon",
        "{reviews}"
    );
    assert_eq!(reviews["reviews"][0]["person"], PARENT);
    let (_, html) = site.page("/staff").await;
    assert!(html.contains("Conduct reviews due"), "{html}");
    assert!(html.contains(PARENT));
    // Tue 12 Jan: overdue. Another organisation's officer sees none of it.
    site.set_now("2027-01-12 10:00");
    let (_, reviews) = site.get("/conduct/reviews", &site.officer).await;
    assert_eq!(
        reviews["reviews"][0]["review"]["status"], "overdue",
        "{reviews}"
    );
    let (_, reviews) = site.get("/conduct/reviews", &site.leeds).await;
    assert_eq!(reviews["reviews"], json!([]));

    // The review lifts it: letters are e-mailed again.
    let (status, body) = site
        .decide(&first, &site.manager, json!({"type": "review-restriction", "decision": "end", "note": "Contact is reasonable now."}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["letters_by_post"], false);
    let (_, reviews) = site.get("/conduct/reviews", &site.officer).await;
    assert_eq!(reviews["reviews"], json!([]));
}

#[tokio::test]
async fn conduct_a_letters_only_person_is_filed_shown_and_reviewed_on_sqlite() {
    a_letters_only_person_is_filed_shown_and_reviewed_on(Db::Sqlite).await;
}

#[tokio::test]
async fn conduct_a_letters_only_person_is_filed_shown_and_reviewed_on_postgres() {
    a_letters_only_person_is_filed_shown_and_reviewed_on(Db::Postgres).await;
}

/// The staff page: a decision posted as a form goes through the API's decoder and core; a
/// refusal shows the page again (422) naming the field, and changes nothing.
#[tokio::test]
async fn conduct_the_staff_page_decides_and_names_the_field_refused() {
    let smtp = sink::SmtpSink::start();
    let site = site(Db::Sqlite, "conduct_page", &smtp.url())
        .await
        .expect("SQLite");
    let reference = site.complaint("Nobody called me back.").await;
    let (status, html) = site
        .page(&format!("/staff/cases/{reference}/conduct"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("No warning, restriction or adjustment"),
        "{html}"
    );
    assert!(html.contains("Restrict their contact"));
    // Posting needs the session: sign in once and keep the cookie.
    let page = site
        .client
        .get(format!("{}/staff/login", site.address))
        .send()
        .await
        .expect("login");
    let login_cookie = cookie(&page, "redress_login");
    let csrf = hidden(&page.text().await.expect("html"), "csrf");
    let response = site
        .client
        .post(format!("{}/staff/login", site.address))
        .header(COOKIE, &login_cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "manager"),
            ("password", PASSWORD),
            ("next", "/staff"),
        ])
        .send()
        .await
        .expect("signed in");
    let session = cookie(&response, "redress_session");
    let html = site
        .client
        .get(format!("{}/staff/cases/{reference}/conduct", site.address))
        .header(COOKIE, &session)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let csrf = hidden(&html, "csrf");
    let post = |action: &'static str, form: Vec<(&'static str, String)>| {
        let mut form = form;
        form.push(("csrf", csrf.clone()));
        site.client
            .post(format!(
                "{}/staff/cases/{reference}/conduct/{action}",
                site.address
            ))
            .header(COOKIE, &session)
            .form(&form)
            .send()
    };
    let refused = post(
        "restrict",
        vec![
            ("single_form", "letter".into()),
            ("reason", "Daily e-mails.".into()),
            ("lasts", "3 months".into()),
            ("review_on", "2027-01-11".into()),
        ],
    )
    .await
    .expect("sent");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("html");
    assert!(
        html.contains("warning before contact is restricted"),
        "{html}"
    );
    let refused = post("warn", vec![("reason", "".into())])
        .await
        .expect("sent");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("html");
    assert!(html.contains("href=\"#warn-reason\""), "{html}");
    assert_eq!(site.conduct(&reference).await["record"]["version"], 0);

    let done = post("warn", vec![("reason", "Abusive calls.".into())])
        .await
        .expect("sent");
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    // The warning comes before the restriction, not at the same instant.
    site.set_now("2026-12-14 10:05");
    let done = post(
        "restrict",
        vec![
            ("single_form", "letter".into()),
            ("named_officer", "the Customer Feedback Manager".into()),
            ("reason", "Daily e-mails.".into()),
            ("lasts", "3 months".into()),
            ("review_on", "2027-01-11".into()),
        ],
    )
    .await
    .expect("sent");
    let status = done.status();
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "{}",
        done.text().await.unwrap_or_default()
    );
    let conduct = site.conduct(&reference).await;
    assert_eq!(conduct["record"]["version"], 2, "{conduct}");
    assert_eq!(
        conduct["record"]["restrictions"][0]["terms"][1]["officer"],
        "the Customer Feedback Manager"
    );
}

/// Adjustments asked for at intake go on the person's record: shown on each of their cases,
/// and due for review on the next working day (received Thu 24 Dec 2026; Fri 25 and Mon 28 are
/// bank holidays, so Tue 29 Dec), when they appear on the dashboard's reviews.
#[tokio::test]
async fn conduct_adjustments_asked_for_at_intake_are_shown_and_fall_due_for_review() {
    let smtp = sink::SmtpSink::start();
    let site = site(Db::Sqlite, "conduct_adjustments", &smtp.url())
        .await
        .expect("SQLite");
    site.set_now("2026-12-24 10:00");
    let (status, body) = site
        .post(
            &format!("/orgs/{TFC}/cases"),
            &site.officer,
            &json!({"submission": {
                "kind": "complaint", "channel": "email",
                "complainant": {"name": "A Parent", "email": PARENT},
                "what_happened": "Nobody called back.",
                "adjustments": "Large print, and calls with a BSL interpreter.",
            }}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let later = site
        .complaint("The annual review meeting was cancelled.")
        .await;
    let (_, case) = site.get(&format!("/cases/{later}"), &site.officer).await;
    assert_eq!(
        case["conduct"]["adjustments"]["adjustments"],
        "Large print, and calls with a BSL interpreter.",
        "{case}"
    );
    assert_eq!(case["conduct"]["adjustments"]["review_on"], "2026-12-29");
    let (_, reviews) = site.get("/conduct/reviews", &site.officer).await;
    assert_eq!(
        reviews["reviews"][0]["review"]["subject"], "adjustments",
        "{reviews}"
    );
    assert_eq!(reviews["reviews"][0]["review"]["status"], "due-soon");
    // Reviewed by any officer: kept, next reviewed in a month.
    site.set_now("2026-12-29 10:00");
    let (status, body) = site
        .decide(&later, &site.officer, json!({"type": "review-adjustments", "decision": "continue", "next_review": "2027-01-29", "note": "Confirmed with the parent."}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, reviews) = site.get("/conduct/reviews", &site.officer).await;
    assert_eq!(reviews["reviews"], json!([]), "{reviews}");
}
