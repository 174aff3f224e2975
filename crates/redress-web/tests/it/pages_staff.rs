//! The staff pages over HTTP, as a browser without JavaScript uses them: sign-in, sessions,
//! CSRF, the lockout, organisation boundaries, recording a phone complaint and acting on it.

use std::collections::HashMap;
use std::sync::Mutex;

use jiff::SignedDuration;
use redress_app::auth::Actor;
use redress_core::case::{Contact, Submission};
use redress_core::ids::OrgId;
use redress_core::procedure::{Channel, FeedbackKind};
use redress_store::Role;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use crate::helpers::{TestApp, spawn_app};

pub(crate) const PASSWORD: &str = "correct horse battery staple";

/// A browser: keeps cookies, does not follow redirects (so tests see them).
pub(crate) struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookies: Mutex<HashMap<String, String>>,
    /// Every `Set-Cookie` header seen, in order.
    set_cookies: Mutex<Vec<String>>,
}

/// A response, read.
pub(crate) struct Page {
    pub(crate) status: StatusCode,
    pub(crate) location: String,
    pub(crate) body: String,
}

impl Page {
    /// The first CSRF token in the page's forms.
    pub(crate) fn csrf(&self) -> String {
        hidden(&self.body, "csrf")
    }
}

/// The value of the first hidden field `name` in `html`.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in {html}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            cookies: Mutex::default(),
            set_cookies: Mutex::default(),
        }
    }

    /// GETs a file: its status, content type and bytes as sent.
    pub(crate) async fn download(&self, path: &str) -> (StatusCode, String, Vec<u8>) {
        let response = self
            .with_cookies(self.client.get(format!("{}{path}", self.app.address)))
            .send()
            .await
            .expect("request sent");
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| v.to_str().expect("ASCII").to_owned())
            .unwrap_or_default();
        let status = response.status();
        let bytes = response.bytes().await.expect("a body").to_vec();
        (status, content_type, bytes)
    }

    fn with_cookies(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let cookies: Vec<String> = self
            .cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if cookies.is_empty() {
            request
        } else {
            request.header(COOKIE, cookies.join("; "))
        }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Page {
        let response = self
            .with_cookies(request)
            .send()
            .await
            .expect("request sent");
        for value in response.headers().get_all(SET_COOKIE) {
            let text = value.to_str().expect("ASCII").to_owned();
            let (pair, attributes) = text.split_once(';').unwrap_or((&text, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            let mut jar = self.cookies.lock().unwrap();
            if attributes.contains("Max-Age=0") {
                jar.remove(name);
            } else {
                jar.insert(name.to_owned(), value.to_owned());
            }
            self.set_cookies.lock().unwrap().push(text.clone());
        }
        Page {
            status: response.status(),
            location: response
                .headers()
                .get(LOCATION)
                .map(|l| l.to_str().unwrap().to_owned())
                .unwrap_or_default(),
            body: response.text().await.expect("a body"),
        }
    }

    pub(crate) async fn get(&self, path: &str) -> Page {
        self.send(self.client.get(format!("{}{path}", self.app.address)))
            .await
    }

    pub(crate) async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        self.send(
            self.client
                .post(format!("{}{path}", self.app.address))
                .form(form),
        )
        .await
    }

    /// Posts `body` as it is, as a form (the fuzz tests' mangled forms).
    pub(crate) async fn post_raw(&self, path: &str, body: Vec<u8>) -> Page {
        self.send(
            self.client
                .post(format!("{}{path}", self.app.address))
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(body),
        )
        .await
    }

    /// Fills in and sends the sign-in form.
    async fn sign_in(&self, username: &str, password: &str) -> Page {
        let form = self.get("/staff/login").await;
        assert_eq!(form.status, StatusCode::OK);
        self.post(
            "/staff/login",
            &[
                ("csrf", &form.csrf()),
                ("username", username),
                ("password", password),
                ("next", "/staff"),
            ],
        )
        .await
    }

    /// Signs in, asserting success.
    pub(crate) async fn signed_in(app: &'a TestApp, username: &str) -> Browser<'a> {
        let browser = Browser::new(app);
        let page = browser.sign_in(username, PASSWORD).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        browser
    }
}

/// Adds a user with a password and a role in each of `orgs`.
pub(crate) async fn user(app: &TestApp, username: &str, role: Role, orgs: &[&str]) {
    app.app
        .add_user(username, &format!("{username} Example"), Some(PASSWORD))
        .await
        .expect("user added");
    for org in orgs {
        let org = OrgId::parse(org).expect("an org id");
        app.app
            .grant(username, &org, role)
            .await
            .expect("role granted");
        // Like the helpers' officer: the roles the procedure names as deciding or sending.
        let loaded = app.app.procedures().latest(&org).expect("the procedure");
        for held in crate::helpers::deciders(loaded) {
            app.app
                .hold(username, &org, held.as_str())
                .await
                .expect("role held");
        }
    }
}

/// A complaint received through the public form now.
async fn public_complaint(app: &TestApp, org: &str) -> String {
    let submission = Submission {
        kind: FeedbackKind::Complaint,
        channel: Channel::Web,
        matter: None,
        complainant: Some(Contact {
            name: "A Parent".to_owned(),
            email: Some("parent@example.org".to_owned()),
            ..Contact::default()
        }),
        representative: None,
        people_named: Vec::new(),
        what_happened: "Nobody returned my calls about the annual review.".to_owned(),
        happened_on: None,
        became_aware_on: None,
        outcome_wanted: None,
        adjustments: None,
        consent_to_publish: false,
    };
    let org = OrgId::parse(org).expect("an org id");
    app.app
        .submit(&Actor::Public, &org, submission, None)
        .await
        .expect("submitted")
        .reference
}

#[tokio::test]
async fn an_officer_signs_in_sees_the_dashboard_and_signs_out() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let browser = Browser::new(&app);

    let page = browser.get("/staff/cases?status=open").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.location,
        "/staff/login?next=/staff/cases%3Fstatus%3Dopen"
    );

    let form = browser.get("/staff/login").await;
    let page = browser
        .post(
            "/staff/login",
            &[
                ("csrf", &form.csrf()),
                ("username", "olive"),
                ("password", PASSWORD),
                ("next", "/staff/cases?status=open"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location, "/staff/cases?status=open");
    let session_cookie = browser
        .set_cookies
        .lock()
        .unwrap()
        .iter()
        .find(|c| c.starts_with("redress_session="))
        .cloned()
        .expect("a session cookie");
    assert!(
        session_cookie.contains("HttpOnly")
            && session_cookie.contains("SameSite=Strict")
            && session_cookie.contains("Path=/")
    );
    assert!(
        !session_cookie.contains("Secure"),
        "plain http://127.0.0.1 gets no Secure cookie: {session_cookie}"
    );

    let dashboard = browser.get("/staff").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("Dashboard") && dashboard.body.contains("olive Example"));
    assert!(
        dashboard.body.contains("Leeds Parent Partnership Service"),
        "the organisation's own name"
    );

    let page = browser
        .post("/staff/logout", &[("csrf", &dashboard.csrf())])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location, "/staff/login?signed_out=1");
    assert!(
        browser
            .get("/staff/login?signed_out=1")
            .await
            .body
            .contains("You have signed out")
    );
    assert_eq!(
        browser.get("/staff").await.status,
        StatusCode::SEE_OTHER,
        "the session has ended"
    );
}

#[tokio::test]
async fn behind_an_https_proxy_the_session_cookie_is_secure() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let browser = Browser::new(&app);
    let form = browser.get("/staff/login").await;
    let request = browser
        .client
        .post(format!("{}/staff/login", app.address))
        .header("x-forwarded-proto", "https")
        .form(&[
            ("csrf", form.csrf().as_str()),
            ("username", "olive"),
            ("password", PASSWORD),
        ]);
    assert_eq!(browser.send(request).await.status, StatusCode::SEE_OTHER);
    let cookies = browser.set_cookies.lock().unwrap().clone();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("redress_session=") && c.ends_with("; Secure")),
        "{cookies:?}"
    );
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_words_and_the_username_is_kept() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let browser = Browser::new(&app);
    let page = browser.sign_in("olive", "not the password").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.body.contains("The username or password is not right"));
    assert!(page.body.contains("<title>Error: Sign in"));
    assert!(
        page.body.contains("value=\"olive\""),
        "the username is kept"
    );
    assert!(
        !page.body.contains("not the password"),
        "the password is never shown again"
    );
    assert_eq!(
        browser.get("/staff").await.status,
        StatusCode::SEE_OTHER,
        "not signed in"
    );
    let page = browser.sign_in("", "").await;
    assert!(page.body.contains("Enter your username") && page.body.contains("Enter your password"));
}

#[tokio::test]
async fn five_failures_lock_a_username_for_fifteen_minutes_whether_or_not_it_exists() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let browser = Browser::new(&app);
    for attempt in 1..=5 {
        let page = browser.sign_in("olive", "wrong").await;
        let locked = page.body.contains("too many attempts");
        assert_eq!(locked, attempt == 5, "attempt {attempt}");
    }
    let page = browser.sign_in("olive", PASSWORD).await;
    assert_eq!(
        page.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password does not open a locked username"
    );
    assert!(page.body.contains("Try again after Wed 23 Dec 2026, 10:15"));

    for _ in 1..=5 {
        browser.sign_in("nobody-here", "wrong").await;
    }
    let page = browser.sign_in("nobody-here", "wrong").await;
    assert!(
        page.body.contains("too many attempts"),
        "a made-up username looks the same"
    );

    app.clock.advance(SignedDuration::from_mins(14));
    assert_eq!(
        browser.sign_in("olive", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    app.clock.advance(SignedDuration::from_mins(1));
    assert_eq!(
        browser.sign_in("olive", PASSWORD).await.status,
        StatusCode::SEE_OTHER,
        "unlocked after 15 minutes"
    );
}

#[tokio::test]
async fn every_staff_page_sends_a_stranger_to_sign_in_and_a_post_changes_nothing() {
    let app = spawn_app().await;
    let reference = public_complaint(&app, "leeds-pps").await;
    let browser = Browser::new(&app);
    for path in [
        "/staff",
        "/staff/cases",
        &format!("/staff/cases/{reference}"),
        "/staff/record",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            page.location.starts_with("/staff/login"),
            "{path} → {}",
            page.location
        );
    }
    let page = browser
        .post(
            &format!("/staff/cases/{reference}/actions/withdraw"),
            &[("on", "2026-12-23")],
        )
        .await;
    assert_eq!(page.location, "/staff/login");
    assert_eq!(app.case(&reference).await["status"], "open");
}

#[tokio::test]
async fn a_post_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let reference = public_complaint(&app, "leeds-pps").await;
    let browser = Browser::signed_in(&app, "olive").await;
    let path = format!("/staff/cases/{reference}/actions/withdraw");
    for csrf in [None, Some("forged"), Some("")] {
        let mut form = vec![("on", "2026-12-23"), ("version", "1")];
        form.extend(csrf.map(|c| ("csrf", c)));
        let page = browser.post(&path, &form).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{csrf:?}");
        assert!(page.body.contains("nothing was changed"));
    }
    assert_eq!(app.case(&reference).await["version"], 1);
    let page = browser.post("/staff/logout", &[("csrf", "forged")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        browser.get("/staff").await.status,
        StatusCode::OK,
        "still signed in"
    );
}

#[tokio::test]
async fn a_case_of_another_organisation_is_not_found() {
    let app = spawn_app().await;
    user(&app, "lena", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let theirs = public_complaint(&app, "pips-stockport").await;
    let browser = Browser::signed_in(&app, "lena").await;
    let page = browser.get(&format!("/staff/cases/{theirs}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Page not found") && !page.body.contains(&theirs));
    let csrf = browser.get("/staff").await.csrf();
    let page = browser
        .post(
            &format!("/staff/cases/{theirs}/actions/withdraw"),
            &[("csrf", &csrf), ("on", "2026-12-23")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(app.case(&theirs).await["status"], "open");
    assert!(
        !browser
            .get("/staff/cases?status=any")
            .await
            .body
            .contains(&theirs)
    );
    // A status no case can have is named as the problem, not shown as an empty list.
    let page = browser.get("/staff/cases?status=closed").await;
    assert!(page.status.is_client_error(), "{}", page.status);
    assert!(
        page.body.contains("use one of: open, closed-completed"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn an_officer_records_a_phone_complaint_from_last_week_and_acknowledges_it() {
    let app = spawn_app().await;
    user(
        &app,
        "olive",
        Role::FeedbackOfficer,
        &["leeds-pps", "pips-stockport"],
    )
    .await;
    let browser = Browser::signed_in(&app, "olive").await;
    assert!(
        browser
            .get("/staff/record")
            .await
            .body
            .contains("Which organisation is it for?")
    );
    let form = browser.get("/staff/record?org=leeds-pps").await;
    assert!(form.body.contains("Date received"));
    let page = browser
        .post(
            "/staff/record",
            &[
                ("csrf", &form.csrf()),
                ("org", "leeds-pps"),
                ("kind", "complaint"),
                ("channel", "phone"),
                ("on", "2026-12-16"),
                ("time", "14:00"),
                ("name", "Pat Caller"),
                ("phone", "0113 496 0000"),
                (
                    "what_happened",
                    "My daughter's review meeting was cancelled twice without notice.",
                ),
                ("outcome_wanted", "A new date."),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location, "/staff/cases/LPP-2026-0001?done=recorded");

    let case = browser
        .get("/staff/cases/LPP-2026-0001?done=recorded")
        .await;
    assert!(case.body.contains("Feedback recorded"));
    assert!(
        case.body.contains("Wed 16 Dec 2026, 14:00"),
        "received when the call came"
    );
    // Received Wed 16 Dec (day 0). "Within 3 working days": Thu 17, Fri 18, Mon 21 Dec, so the
    // acknowledgement is overdue on Wed 23 Dec. "15 working days": Thu 17 (1), Fri 18, Mon 21,
    // Tue 22, Wed 23 (5), Thu 24 (6), Christmas (Fri 25) and Boxing Day (Mon 28) skipped, Tue 29
    // (7), Wed 30, Thu 31 (9), New Year's Day skipped, Mon 4 Jan (10) ... Fri 8 (14), Mon 11 Jan (15).
    assert!(case.body.contains("Mon 21 Dec 2026") && case.body.contains("Overdue"));
    assert!(case.body.contains("Mon 11 Jan 2027"));
    assert!(
        case.body.contains("3 working days from receipt"),
        "how the date was worked out"
    );

    let dashboard = browser.get("/staff").await;
    assert!(
        dashboard.body.contains("Overdue (1)")
            && dashboard.body.contains("Awaiting acknowledgement (1)")
    );

    let page = browser
        .post(
            "/staff/cases/LPP-2026-0001/actions/acknowledge",
            &[
                ("csrf", &case.csrf()),
                ("version", &hidden(&case.body, "version")),
                ("handler_name", "Sam Carter"),
                ("phone", "0113 000 0000"),
                ("email", "pps@example.org"),
                ("on", "2026-12-23"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let case = browser.get(&page.location).await;
    assert!(case.body.contains("Acknowledgement recorded"));
    assert!(case.body.contains("Done late on Wed 23 Dec 2026"));
    assert!(
        case.body.contains("You can phone us on 0113 000 0000."),
        "the letter's statements are shown in words"
    );
    assert!(case.body.contains("Mon 11 Jan 2027"));
    assert!(
        !case.body.contains("actions/acknowledge"),
        "no second acknowledgement is offered"
    );
    assert!(
        browser
            .get("/staff/cases?q=cancelled")
            .await
            .body
            .contains("LPP-2026-0001")
    );
}

#[tokio::test]
async fn a_refused_action_is_shown_in_words_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let reference = public_complaint(&app, "leeds-pps").await;
    let browser = Browser::signed_in(&app, "olive").await;
    let case = browser.get(&format!("/staff/cases/{reference}")).await;
    // Leeds promises a phone number in the acknowledgement and its procedure file has none.
    let page = browser
        .post(
            &format!("/staff/cases/{reference}/actions/acknowledge"),
            &[
                ("csrf", &case.csrf()),
                ("version", "1"),
                ("handler_name", "Sam Carter"),
                ("email", "pps@example.org"),
                ("on", "2026-12-23"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains("The acknowledgement must give a contact telephone number"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("href=\"#acknowledge-phone\""),
        "the summary links to the field"
    );
    assert!(
        page.body.contains("value=\"Sam Carter\"")
            && page.body.contains("value=\"pps@example.org\"")
    );
    assert!(
        page.body
            .contains("<details class=\"govuk-details\" id=\"acknowledge\" open>")
    );
    assert_eq!(app.case(&reference).await["version"], 1, "nothing changed");

    let page = browser
        .post(
            &format!("/staff/cases/{reference}/actions/withdraw"),
            &[
                ("csrf", &case.csrf()),
                ("version", "1"),
                ("reason", "Sorted out"),
                ("on", "2026-12-24"),
            ],
        )
        .await;
    assert!(
        page.body
            .contains("The date it happened must be today or in the past")
    );
    assert!(page.body.contains("Sorted out"));

    app.act_ok(
        &reference,
        serde_json::json!({"type": "send-update", "summary": "We are looking into it."}),
    )
    .await;
    let page = browser
        .post(
            &format!("/staff/cases/{reference}/actions/withdraw"),
            &[
                ("csrf", &case.csrf()),
                ("version", "1"),
                ("on", "2026-12-23"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Someone else changed this case"));
    assert_eq!(app.case(&reference).await["status"], "open");
}

#[tokio::test]
async fn a_read_only_user_sees_cases_but_no_forms() {
    let app = spawn_app().await;
    user(&app, "rita", Role::ReadOnly, &["leeds-pps"]).await;
    let reference = public_complaint(&app, "leeds-pps").await;
    let browser = Browser::signed_in(&app, "rita").await;
    let case = browser.get(&format!("/staff/cases/{reference}")).await;
    assert_eq!(case.status, StatusCode::OK);
    assert!(case.body.contains("Deadlines") && !case.body.contains("/actions/"));
    assert!(
        !case.body.contains("href=\"/staff/record\""),
        "no way to record feedback"
    );
    let page = browser
        .post(
            &format!("/staff/cases/{reference}/actions/withdraw"),
            &[("csrf", &case.csrf()), ("on", "2026-12-23")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        browser.get("/staff/record").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.case(&reference).await["status"], "open");
}

#[tokio::test]
async fn the_case_list_filters_and_pages_through_cases() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    for _ in 0..51 {
        public_complaint(&app, "leeds-pps").await;
    }
    let browser = Browser::signed_in(&app, "olive").await;
    let first = browser.get("/staff/cases?kind=complaint").await;
    assert!(first.body.contains("LPP-2026-0051") && !first.body.contains("LPP-2026-0001"));
    let marker = "href=\"/staff/cases?kind=complaint&#38;cursor=";
    let start = first.body.find(marker).expect("a next page link") + "href=\"".len();
    let next = first.body[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&");
    let second = browser.get(&next).await;
    assert!(second.body.contains("LPP-2026-0001") && !second.body.contains("LPP-2026-0051"));
    let broken = browser.get("/staff/cases?cursor=zz").await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(
        broken
            .body
            .contains("That page of results no longer exists")
    );
    let bad_date = browser.get("/staff/cases?due_before=tomorrow").await;
    assert!(
        bad_date.body.contains("Enter a real date")
            && bad_date.body.contains("href=\"#filter-due-before\"")
    );
}

#[tokio::test]
async fn kings_park_draws_its_panel_and_responds_through_the_forms() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["kings-park-pp"]).await;
    let reference = public_complaint(&app, "kings-park-pp").await;
    let browser = Browser::signed_in(&app, "olive").await;
    let path = format!("/staff/cases/{reference}");
    let case = browser.get(&path).await;
    assert!(
        case.body.contains("actions/draw-panel") && !case.body.contains("actions/assign-handler")
    );
    assert!(
        !case.body.contains("actions/respond\""),
        "no response before the panel is drawn"
    );

    let draw = |candidates: &'static str, version: String, csrf: String| {
        let path = format!("{path}/actions/draw-panel");
        let browser = &browser;
        async move {
            browser
                .post(
                    &path,
                    &[
                        ("csrf", &csrf),
                        ("version", &version),
                        ("candidates", candidates),
                        ("declined", "m4, illness"),
                        ("on", "2026-12-23"),
                    ],
                )
                .await
        }
    };
    let page = draw("m1, Ann Lee\njust a name", "1".to_owned(), case.csrf()).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains(
        "Write each line as an id, a comma, then the text. This line is not: just a name"
    ));
    assert!(
        page.body.contains("just a name</textarea>"),
        "the list is kept"
    );

    let page = draw(
        "m1, Ann Lee\nm2, Bo Chan\nm3, Cy Dee\nm4, Di Eve",
        "1".to_owned(),
        case.csrf(),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let case = browser.get(&page.location).await;
    assert!(case.body.contains("Panel drawn."));
    let marker = "Panel drawn for Stage One – Complaints subgroup: ";
    let start = case.body.find(marker).expect("the panel in the timeline") + marker.len();
    let drawn = case.body[start..].split('<').next().unwrap_or_default();
    assert_eq!(drawn.split(", ").count(), 3, "{drawn}");
    assert!(
        !drawn.contains("Di Eve"),
        "the member who declined is not drawn: {drawn}"
    );
    assert!(
        case.body.contains("Random seed (to check the draw)") && case.body.contains("m4: illness")
    );

    let page = browser
        .post(
            &format!("{path}/actions/respond"),
            &[
                ("csrf", &case.csrf()),
                ("version", &hidden(&case.body, "version")),
                ("outcome", "upheld"),
                ("findings", "The minutes were not circulated."),
                ("remedies.1.kind", "recommendation"),
                ("remedies.1.description", "Circulate minutes within a week"),
                (
                    "learning.1.description",
                    "Remind members of the minutes rule",
                ),
                ("learning.1.due", "2027-01-31"),
                ("on", "2026-12-23"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let case = browser.get(&page.location).await;
    assert!(
        case.body
            .contains("Stage One – Complaints subgroup answered: Upheld")
    );
    assert!(
        case.body
            .contains("Recommendation: Circulate minutes within a week")
    );
    assert!(
        case.body
            .contains("Remind members of the minutes rule, due Sun 31 Jan 2027")
    );
    assert!(
        case.body.contains("actions/close"),
        "closing is offered once answered"
    );
}

/// The actions a case page offers: the `actions/{type}` its forms post to, in order.
fn page_actions(body: &str, reference: &str) -> Vec<String> {
    // Each action's form posts to its action; attaching a file posts the upload route.
    let marker = format!("<form method=\"post\" action=\"/staff/cases/{reference}/");
    body.split(&marker)
        .skip(1)
        .map(|rest| {
            let target = rest.split('"').next().unwrap_or_default();
            match target.strip_prefix("actions/") {
                Some(action) => action.to_owned(),
                None if target == "attachments" => "add-attachment".to_owned(),
                None => format!("unexpected form target {target}"),
            }
        })
        .collect()
}

#[tokio::test]
async fn the_case_page_offers_exactly_what_core_offers() {
    use redress_core::case::{Case, Event, Party, offers};
    let app = spawn_app().await;
    user(
        &app,
        "olive",
        Role::FeedbackOfficer,
        &[
            "leeds-pps",
            "kings-park-pp",
            "pips-stockport",
            "sendiass-staffordshire",
            "tfc-sunderland",
        ],
    )
    .await;
    let browser = Browser::signed_in(&app, "olive").await;
    let procedures = redress_app::procedures::Procedures::shipped();
    let steps: &[serde_json::Value] = &[
        serde_json::json!({"type": "acknowledge", "phone": "0100 000 0000", "email": "team@example.org"}),
        serde_json::json!({"type": "pause-clock", "reason": "Waiting for the school's notes."}),
        serde_json::json!({"type": "resume-clock"}),
    ];
    let mut checked = 0;
    for org in [
        "leeds-pps",
        "kings-park-pp",
        "pips-stockport",
        "sendiass-staffordshire",
        "tfc-sunderland",
    ] {
        let reference = public_complaint(&app, org).await;
        for step in std::iter::once(None).chain(steps.iter().map(Some)) {
            if let Some(step) = step {
                app.act_as(&app.officer, &reference, step).await;
            }
            let case = app.case(&reference).await;
            let api: Vec<String> = case["offers"]
                .as_array()
                .expect("the case resource lists its offers")
                .iter()
                .map(|o| o["command"].as_str().unwrap().to_owned())
                .collect();
            // Core's own answer, from the events the API returned.
            let events: Vec<Event> =
                serde_json::from_value(case["timeline"].clone()).expect("events");
            let folded = Case::from_events(&events);
            let loaded = procedures
                .version(
                    &redress_core::ids::OrgId::parse(org).unwrap(),
                    folded.procedure_version.as_deref().unwrap(),
                )
                .expect("the procedure version");
            let core: Vec<String> = offers(
                &folded,
                &loaded.procedure,
                &loaded.calendar,
                app.app.now(),
                Party::Staff {
                    holds: &crate::helpers::deciders(loaded),
                },
            )
            .iter()
            .map(|o| o.command.as_str().to_owned())
            .collect();
            let page = browser.get(&format!("/staff/cases/{reference}")).await;
            assert_eq!(page_actions(&page.body, &reference), core, "{org} page");
            assert_eq!(api, core, "{org} API");
            assert!(!core.is_empty());
            checked += 1;
        }
    }
    assert_eq!(checked, 20);
}

mod audit;
#[path = "pages_staff/correspondence.rs"]
mod correspondence;
mod dashboard_counts;
mod hardening;
mod people;
