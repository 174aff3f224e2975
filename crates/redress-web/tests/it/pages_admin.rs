//! The staff administration pages in a real server: the logs and their CSV, users and roles
//! (admins only, and only in their own organisations), and the procedure page with members'
//! confirmations, asked again for each new version.

use std::sync::Arc;

use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::ManualClock;
use redress_app::procedures::{Procedures, SHIPPED};
use redress_core::ids::OrgId;
use redress_store::{AnyStore, Role};
use redress_web::AppState;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::at;

mod logs;
mod members;
mod procedure;
mod reports;
mod users;

const PASSWORD: &str = "correct horse battery";

/// A server with staff who sign in with passwords:
/// - `chair`: admin of King's Park;
/// - `member`: investigator at King's Park;
/// - `leeds`: admin of Leeds, feedback officer at King's Park;
/// - `reader`: read-only at Leeds.
struct Site {
    address: String,
    client: reqwest::Client,
    clock: Arc<ManualClock>,
    app: App<AnyStore>,
    _dir: tempfile::TempDir,
}

fn org(id: &str) -> OrgId {
    OrgId::parse(id).expect("an organisation id")
}

/// King's Park's procedure as a second version: new label, later date, changed wording.
fn kings_park_version_2(effective_from: &str) -> String {
    let (_, text) = SHIPPED
        .iter()
        .find(|(name, _)| *name == "kings-park-pp.toml")
        .expect("shipped");
    text.replacen("version = \"1\"", "version = \"2\"", 1)
        .replacen(
            "effective_from = \"2024-01-01\"",
            &format!("effective_from = \"{effective_from}\""),
            1,
        )
        .replacen(
            "and will act in accordance with it.",
            "and will follow it.",
            1,
        )
}

async fn site_with(procedures: Procedures, now: &str) -> Site {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite:{}", dir.path().join("redress.db").display());
    let store = AnyStore::open(&url).await.expect("the store opens");
    let clock = Arc::new(ManualClock::new(at(now)));
    let app = App::start(store, procedures, clock.clone())
        .await
        .expect("the app starts");
    let people = [
        ("chair", "Casey Chair", vec![("kings-park-pp", Role::Admin)]),
        (
            "member",
            "Morgan Member",
            vec![("kings-park-pp", Role::Investigator)],
        ),
        (
            "leeds",
            "Lee Leeds",
            vec![
                ("leeds-pps", Role::Admin),
                ("kings-park-pp", Role::FeedbackOfficer),
            ],
        ),
        (
            "reader",
            "Robin Reader",
            vec![("leeds-pps", Role::ReadOnly)],
        ),
    ];
    for (username, name, roles) in people {
        app.add_user(username, name, Some(PASSWORD))
            .await
            .expect("user");
        for (org_id, role) in roles {
            app.grant(username, &org(org_id), role).await.expect("role");
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(redress_web::serve(
        listener,
        AppState::new(app.clone()),
        std::future::pending(),
    ));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    Site {
        address,
        client,
        clock,
        app,
        _dir: dir,
    }
}

async fn site() -> Site {
    site_with(Procedures::shipped(), "2026-12-23 10:00").await
}

/// A signed-in browser: its session cookie and the session's CSRF token.
struct Browser<'a> {
    site: &'a Site,
    cookie: String,
    csrf: String,
}

/// The value of `<input ... name="NAME" value="...">` in a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("the field is on the page") + marker.len();
    html[start..start + html[start..].find('"').expect("a closing quote")].to_owned()
}

fn set_cookie(response: &reqwest::Response, name: &str) -> String {
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

impl Site {
    async fn sign_in(&self, username: &str) -> Browser<'_> {
        let page = self
            .client
            .get(format!("{}/staff/login", self.address))
            .send()
            .await
            .expect("login page");
        let login_cookie = set_cookie(&page, "redress_login");
        let token = hidden(&page.text().await.expect("html"), "csrf");
        let response = self
            .client
            .post(format!("{}/staff/login", self.address))
            .header(COOKIE, &login_cookie)
            .form(&[
                ("csrf", token.as_str()),
                ("username", username),
                ("password", PASSWORD),
                ("next", "/staff"),
            ])
            .send()
            .await
            .expect("signed in");
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{username} signs in"
        );
        let mut browser = Browser {
            site: self,
            cookie: set_cookie(&response, "redress_session"),
            csrf: String::new(),
        };
        let (_, html) = browser.get("/staff/logs").await;
        browser.csrf = hidden(&html, "csrf");
        browser
    }

    fn actor(&self, username: &str, roles: &[(&str, Role)]) -> Actor {
        Actor::User {
            username: username.to_owned(),
            roles: roles.iter().map(|(o, r)| (org(o), *r)).collect(),
            holds: roles
                .iter()
                .flat_map(|(o, _)| {
                    let loaded = self.app.procedures().latest(&org(o)).expect("procedure");
                    crate::helpers::deciders(loaded)
                        .into_iter()
                        .map(|role| (org(o), role))
                })
                .collect(),
            member_ids: Vec::new(),
        }
    }

    /// Records feedback as an officer of every organisation, at `when` (London time).
    async fn receive(&self, org_id: &str, submission: Value, when: &str) -> String {
        let officer = self.actor("officer", &[(org_id, Role::FeedbackOfficer)]);
        let submission = serde_json::from_value(submission).expect("a submission");
        self.app
            .submit(&officer, &org(org_id), submission, Some(at(when)))
            .await
            .expect("received")
            .reference
    }

    async fn act(&self, org_id: &str, reference: &str, command: Value, when: &str) {
        let officer = self.actor("officer", &[(org_id, Role::FeedbackOfficer)]);
        let command = serde_json::from_value(command).expect("a command");
        self.app
            .act(&officer, reference, command, Some(at(when)), None)
            .await
            .unwrap_or_else(|error| panic!("{reference}: {error}"));
    }
}

impl Browser<'_> {
    async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .site
            .client
            .get(format!("{}{path}", self.site.address))
            .header(COOKIE, &self.cookie)
            .send()
            .await
            .expect("request sent");
        (response.status(), response.text().await.expect("a body"))
    }

    async fn download(&self, path: &str) -> reqwest::Response {
        self.site
            .client
            .get(format!("{}{path}", self.site.address))
            .header(COOKIE, &self.cookie)
            .send()
            .await
            .expect("request sent")
    }

    /// Posts a form with the session's CSRF token: (status, Location, body).
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut form = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        self.post_raw(path, &form).await
    }

    async fn post_raw(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
        let response = self
            .site
            .client
            .post(format!("{}{path}", self.site.address))
            .header(COOKIE, &self.cookie)
            .form(form)
            .send()
            .await
            .expect("request sent");
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (
            response.status(),
            location,
            response.text().await.expect("a body"),
        )
    }
}

fn complaint(extra: Value) -> Value {
    let mut base = json!({
        "kind": "complaint",
        "channel": "email",
        "complainant": { "name": "A Parent", "email": "parent@example.org" },
        "what_happened": "The treasurer spent money before the meeting agreed it.",
        "outcome_wanted": "An explanation."
    });
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    base
}

fn members() -> Value {
    json!(
        ["Ash One", "Bo Two", "Cy Three", "Di Four", "Ed Five"]
            .iter()
            .enumerate()
            .map(|(i, name)| json!({"id": format!("m{}", i + 1), "name": name}))
            .collect::<Vec<_>>()
    )
}
