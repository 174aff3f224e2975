//! The staff administration pages in a real server: the logs and their CSV, users and roles
//! (admins only, and only in their own organisations), and the procedure page with members'
//! confirmations, asked again for each new version.

use std::sync::Arc;

use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::ManualClock;
use redress_app::procedures::{Procedures, SHIPPED};
use redress_core::ids::OrgId;
use redress_store::{AnyStore, Role, Store};
use redress_web::AppState;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::at;

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
        .replacen("and will act in accordance with it.", "and will follow it.", 1)
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
        ("member", "Morgan Member", vec![("kings-park-pp", Role::Investigator)]),
        (
            "leeds",
            "Lee Leeds",
            vec![("leeds-pps", Role::Admin), ("kings-park-pp", Role::FeedbackOfficer)],
        ),
        ("reader", "Robin Reader", vec![("leeds-pps", Role::ReadOnly)]),
    ];
    for (username, name, roles) in people {
        app.add_user(username, name, Some(PASSWORD)).await.expect("user");
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
    Site { address, client, clock, app, _dir: dir }
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
            .form(&[("csrf", token.as_str()), ("username", username), ("password", PASSWORD), ("next", "/staff")])
            .send()
            .await
            .expect("signed in");
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{username} signs in");
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
        (response.status(), location, response.text().await.expect("a body"))
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
    json!(["Ash One", "Bo Two", "Cy Three", "Di Four", "Ed Five"]
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"id": format!("m{}", i + 1), "name": name}))
        .collect::<Vec<_>>())
}

#[tokio::test]
async fn the_complaints_log_lists_a_years_complaints_with_panel_decision_and_closing_date() {
    let site = site().await;
    let decided = site.receive("kings-park-pp", complaint(json!({})), "2026-12-01 10:00").await;
    site.act("kings-park-pp", &decided, json!({"type": "acknowledge"}), "2026-12-02 10:00").await;
    site.act("kings-park-pp", &decided, json!({"type": "draw-panel", "candidates": members(), "seed": 7}), "2026-12-03 10:00").await;
    site.act("kings-park-pp", &decided, json!({"type": "respond", "outcome": "upheld", "findings": "Spent before agreement.", "remedies": [{"kind": "recommendation", "description": "Agree spending first."}]}), "2026-12-10 19:00").await;
    site.act("kings-park-pp", &decided, json!({"type": "close"}), "2026-12-11 09:00").await;
    let open = site.receive("kings-park-pp", complaint(json!({"what_happened": "Minutes were not shared."})), "2026-12-15 10:00").await;
    let last_year = site.receive("kings-park-pp", complaint(json!({})), "2025-06-02 10:00").await;

    let browser = site.sign_in("member").await;
    let (status, html) = browser.get("/staff/logs/complaints?org=kings-park-pp&year=2026").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(&decided) && html.contains(&open), "{html}");
    assert!(!html.contains(&last_year), "only the year asked for");
    assert!(
        html.find(&decided) < html.find(&open),
        "oldest first, as the log is kept"
    );
    let drawn: Vec<&str> = ["Ash One", "Bo Two", "Cy Three", "Di Four", "Ed Five"]
        .into_iter()
        .filter(|name| html.contains(name))
        .collect();
    assert_eq!(drawn.len(), 3, "the panel's three members: {html}");
    for words in ["1 Dec 2026", "Upheld", "11 Dec 2026", "Open", "Not decided yet", "Not yet"] {
        assert!(html.contains(words), "{words}: {html}");
    }

    let (_, html) = browser.get("/staff/logs/complaints?org=kings-park-pp&year=2025").await;
    assert!(html.contains(&last_year) && !html.contains(&decided), "{html}");

    let csv = browser.download("/staff/logs/complaints.csv?org=kings-park-pp&year=2026").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(
        csv.headers()[CONTENT_DISPOSITION]
            .to_str()
            .expect("text")
            .contains("complaints-log-kings-park-pp-2026.csv")
    );
    let text = csv.text().await.expect("text");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}Date received,Complaint number,Panel number,Panel or external investigation,Decision or recommendation,Date closed"
    );
    assert_eq!(lines.len(), 3, "a heading and two complaints: {text}");
    assert!(lines[1].starts_with(&format!("2026-12-01,{decided},,")), "{}", lines[1]);
    assert!(lines[1].ends_with(",Upheld,2026-12-11"), "{}", lines[1]);
    assert!(lines[2].starts_with(&format!("2026-12-15,{open},,")), "{}", lines[2]);
}

#[tokio::test]
async fn the_feedback_log_lists_compliments_and_suggestions_with_what_was_done() {
    let site = site().await;
    let thanks = json!({"kind": "compliment", "channel": "phone", "complainant": {"name": "A Parent"}, "what_happened": "The adviser made the review meeting so much easier.", "consent_to_publish": true});
    let compliment = site.receive("leeds-pps", thanks, "2026-12-01 10:00").await;
    site.act("leeds-pps", &compliment, json!({"type": "pass-on", "to": "line-manager"}), "2026-12-01 11:00").await;
    site.act("leeds-pps", &compliment, json!({"type": "reply", "summary": "Thank you."}), "2026-12-03 10:00").await;
    site.act("leeds-pps", &compliment, json!({"type": "publish"}), "2026-12-04 10:00").await;
    site.act("leeds-pps", &compliment, json!({"type": "close"}), "2026-12-04 10:05").await;
    let idea = json!({"kind": "suggestion", "channel": "email", "complainant": {"name": "B Parent", "email": "b@example.org"}, "what_happened": "=Evening drop-ins would help working parents."});
    let suggestion = site.receive("leeds-pps", idea, "2026-12-10 10:00").await;
    let complaint = site.receive("leeds-pps", complaint(json!({})), "2026-12-11 10:00").await;

    let browser = site.sign_in("reader").await;
    let (status, html) = browser.get("/staff/logs/feedback").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(&compliment) && html.contains(&suggestion), "{html}");
    assert!(!html.contains(&complaint), "complaints have their own log");
    for words in ["Compliment", "Suggestion", "Line manager", "3 Dec 2026", "the Leeds Parent Partnership Service website", "4 Dec 2026", "Not yet", "Open"] {
        assert!(html.contains(words), "{words}: {html}");
    }

    let text = browser
        .download("/staff/logs/feedback.csv?org=leeds-pps&year=2026")
        .await
        .text()
        .await
        .expect("text");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].starts_with(&format!("2026-12-01,{compliment},Compliment,The adviser made the review meeting so much easier.,Line manager,2026-12-03,")),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(",'=Evening drop-ins"),
        "a formula typed by the public stays text: {}",
        lines[2]
    );
}

#[tokio::test]
async fn logs_refuse_organisations_the_user_is_not_in_and_years_off_the_list() {
    let site = site().await;
    let browser = site.sign_in("member").await;
    let (status, _) = browser.get("/staff/logs/complaints?org=leeds-pps&year=2026").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = browser.get("/staff/logs/complaints?org=no-such-org").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, html) = browser.get("/staff/logs/complaints?org=kings-park-pp&year=1999").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Choose a year from the list"), "{html}");
    assert!(html.contains("href=\"#year\""), "the error summary links to the field");
    let csv = browser.download("/staff/logs/complaints.csv?org=kings-park-pp&year=%E2%80%AE").await;
    assert_eq!(csv.status(), StatusCode::BAD_REQUEST);
    let (status, html) = browser.get("/staff/logs/feedback").await;
    assert_eq!(status, StatusCode::OK, "King's Park takes only complaints");
    assert!(html.contains("None of your organisations keeps this log."), "{html}");
}

#[tokio::test]
async fn only_admins_manage_users_and_only_in_their_own_organisations() {
    let site = site().await;
    let member = site.sign_in("member").await;
    let (status, html) = member.get("/staff/users").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("Only an admin of an organisation can manage its users and roles"), "{html}");
    let (status, _, _) = member
        .post("/staff/users/member/roles", &[("org", "kings-park-pp"), ("role", "admin")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a member cannot make themselves admin");
    let (status, _) = member.get("/staff/users/new").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let chair = site.sign_in("chair").await;
    let (status, html) = chair.get("/staff/users").await;
    assert_eq!(status, StatusCode::OK);
    for name in ["Casey Chair", "Morgan Member", "Lee Leeds", "Robin Reader"] {
        assert!(html.contains(name), "{name}");
    }
    assert!(!html.contains("argon2"), "no password hash on the page");
    assert!(
        !html.contains("Leeds Parent Partnership Service"),
        "roles elsewhere are not the chair's business: {html}"
    );

    let (status, html) = chair.get("/staff/users/reader/roles").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No role in this organisation."), "{html}");
    let (status, _, html) = chair
        .post("/staff/users/reader/roles", &[("org", "leeds-pps"), ("role", "admin")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        html.contains("You are not an admin of Leeds Parent Partnership Service, so you cannot change roles there."),
        "{html}"
    );
    let reader = site.app.store().user("reader").await.expect("read").expect("exists");
    assert_eq!(reader.roles, [(org("leeds-pps"), Role::ReadOnly)], "nothing changed");

    let (status, location, _) = chair
        .post("/staff/users/reader/roles", &[("org", "kings-park-pp"), ("role", "reviewer")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/staff/users/reader/roles?done=changed&user=reader");
    let (_, html) = chair.get(&location).await;
    assert!(html.contains("The role of Robin Reader was changed."), "{html}");
    let reader = site.app.store().user("reader").await.expect("read").expect("exists");
    assert!(reader.roles.contains(&(org("kings-park-pp"), Role::Reviewer)));

    let (status, _, _) = chair
        .post("/staff/users/reader/roles/remove", &[("org", "kings-park-pp")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let reader = site.app.store().user("reader").await.expect("read").expect("exists");
    assert_eq!(reader.roles, [(org("leeds-pps"), Role::ReadOnly)]);

    let (status, _, html) = chair
        .post("/staff/users/chair/roles", &[("org", "kings-park-pp"), ("role", "read-only")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("only admin of this organisation"), "{html}");
    let (status, _, _) = chair
        .post("/staff/users/chair/roles", &[("org", "kings-park-pp"), ("role", "boss")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown role is refused");
    let (status, _, _) = chair
        .post("/staff/users/nobody/roles", &[("org", "kings-park-pp"), ("role", "admin")])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _, _) = chair
        .post_raw("/staff/users/reader/roles", &[("org", "kings-park-pp"), ("role", "admin"), ("csrf", "forged")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a forged form changes nothing");
    let reader = site.app.store().user("reader").await.expect("read").expect("exists");
    assert_eq!(reader.roles, [(org("leeds-pps"), Role::ReadOnly)]);
}

#[tokio::test]
async fn an_admin_adds_a_user_who_can_then_sign_in() {
    let site = site().await;
    let chair = site.sign_in("chair").await;
    let (status, html) = chair.get("/staff/users/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("name=\"org\" value=\"kings-park-pp\""), "one organisation: {html}");

    let typed = [("display_name", "Sam Patel"), ("username", "sam"), ("password", "too short"), ("org", "kings-park-pp"), ("role", "")];
    let (status, _, html) = chair.post("/staff/users/new", &typed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Choose a role"), "{html}");
    assert!(html.contains("value=\"Sam Patel\""), "what was typed is kept");
    assert!(!html.contains("too short"), "a password is never shown again");

    let typed = [("display_name", "Sam Patel"), ("username", "sam"), ("password", "too short"), ("org", "kings-park-pp"), ("role", "investigator")];
    let (status, _, html) = chair.post("/staff/users/new", &typed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("between 12 and 1,024 characters"), "{html}");
    assert!(site.app.store().user("sam").await.expect("read").is_none(), "nothing stored");

    let elsewhere = [("display_name", "Sam Patel"), ("username", "sam"), ("password", PASSWORD), ("org", "leeds-pps"), ("role", "admin")];
    let (status, _, _) = chair.post("/staff/users/new", &elsewhere).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let good = [("display_name", "Sam Patel"), ("username", "sam"), ("password", PASSWORD), ("org", "kings-park-pp"), ("role", "investigator")];
    let (status, location, _) = chair.post("/staff/users/new", &good).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/staff/users?done=added&user=sam"));
    let (_, html) = chair.get(&location).await;
    assert!(html.contains("Sam Patel was added."), "{html}");
    let sam = site.app.store().user("sam").await.expect("read").expect("stored");
    assert_eq!(sam.roles, [(org("kings-park-pp"), Role::Investigator)]);
    site.sign_in("sam").await;

    let (status, _, html) = chair.post("/staff/users/new", &good).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("That username is already taken"), "{html}");
    let spaced = [("display_name", "Sam Two"), ("username", "sam two"), ("password", PASSWORD), ("org", "kings-park-pp"), ("role", "investigator")];
    let (status, _, html) = chair.post("/staff/users/new", &spaced).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("with no spaces"), "{html}");
}

#[tokio::test]
async fn the_procedure_page_shows_the_explanation_as_safe_html_with_its_versions() {
    let site = site().await;
    let browser = site.sign_in("leeds").await;
    let (status, html) = browser.get("/staff/procedure/leeds-pps").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h2 class=\"govuk-heading-l\">How a complaint is handled</h2>"), "{html}");
    assert!(html.contains("<strong>Who handles it.</strong>"), "{html}");
    assert!(!html.contains("**"), "no Markdown left over");
    assert!(!html.contains("I confirm"), "Leeds does not ask members to confirm");
    let (status, _) = browser.get("/staff/procedure/pips-stockport").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not one of Lee's organisations");
    let (status, _) = browser.get("/staff/procedure/leeds-pps?version=9").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, html) = browser.get("/staff/procedure").await;
    assert_eq!(status, StatusCode::OK, "two organisations: a list");
    assert!(html.contains("/staff/procedure/kings-park-pp") && html.contains("/staff/procedure/leeds-pps"));
}

#[tokio::test]
async fn members_confirm_the_procedure_once_per_version_and_a_new_version_asks_again() {
    let mut procedures = Procedures::shipped();
    procedures
        .add(&kings_park_version_2("2027-01-04"))
        .expect("version 2 loads");
    let site = site_with(procedures, "2026-12-23 10:00").await;
    let member = site.sign_in("member").await;
    let kings_park = org("kings-park-pp");
    let member_actor = site.actor("member", &[("kings-park-pp", Role::Investigator)]);

    let reminders = site.app.procedure_reminders(&member_actor).await.expect("reminders");
    assert!(reminders[0].must_confirm, "{reminders:?}");
    assert_eq!(reminders[0].version, "1");

    let (_, html) = member.get("/staff").await;
    assert!(
        html.contains("please confirm you have read version 1 of the procedure"),
        "the dashboard asks: {html}"
    );
    let (status, location) = {
        let page = member.download("/staff/procedure").await;
        (page.status(), page.headers().get(LOCATION).map(|v| v.to_str().unwrap_or_default().to_owned()))
    };
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/staff/procedure/kings-park-pp")));
    let (_, html) = member.get("/staff/procedure/kings-park-pp").await;
    assert!(
        html.contains("I confirm I have read and understood KPSSPP Complaints Policy and will act in accordance with it."),
        "the declaration is the button: {html}"
    );
    assert!(html.contains("Nobody has confirmed this version yet."));
    assert!(html.contains("Morgan Member"), "listed among those still to confirm");

    let (status, location, _) = member
        .post("/staff/procedure/kings-park-pp/confirm", &[("version", "1")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = member.get(&location).await;
    assert!(html.contains("Your confirmation for version 1 has been recorded."), "{html}");
    assert!(html.contains("You confirmed you have read and understood this version on 23 Dec 2026 10:00."), "{html}");
    assert!(!html.contains("will act in accordance with it.</button>"), "no button once confirmed");

    site.clock.set(at("2026-12-23 11:00"));
    let (status, _, _) = member
        .post("/staff/procedure/kings-park-pp/confirm", &[("version", "1")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "confirming again is harmless");
    let confirmed = site.app.store().confirmations(&kings_park, "1").await.expect("list");
    assert_eq!(confirmed.len(), 1, "recorded once");
    assert_eq!(confirmed[0].at, at("2026-12-23 10:00"), "at the first confirmation");
    let chair = site.sign_in("chair").await;
    let (_, html) = chair.get("/staff/procedure/kings-park-pp").await;
    assert!(html.contains("Morgan Member</td>") && html.contains("23 Dec 2026 10:00"), "the chair sees who confirmed: {html}");
    let reminders = site.app.procedure_reminders(&member_actor).await.expect("reminders");
    assert!(!reminders[0].must_confirm);
    let (_, html) = member.get("/staff").await;
    assert!(!html.contains("please confirm you have read"), "{html}");

    // Version 2 comes into force: everyone is asked again.
    site.clock.set(at("2027-01-05 09:00"));
    let reminders = site.app.procedure_reminders(&member_actor).await.expect("reminders");
    assert_eq!((reminders[0].version.as_str(), reminders[0].must_confirm), ("2", true));
    let (_, html) = member.get("/staff").await;
    assert!(html.contains("please confirm you have read version 2 of the procedure"), "{html}");
    let (_, html) = member.get("/staff/procedure/kings-park-pp").await;
    assert!(html.contains("and will follow it."), "version 2's declaration: {html}");
    assert!(html.contains("Replaced"), "version 1 is listed as replaced");
    let (status, _, html) = member
        .post("/staff/procedure/kings-park-pp/confirm", &[("version", "1")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a replaced version cannot be confirmed");
    assert!(html.contains("cannot be confirmed any more"), "{html}");
    let (status, _, _) = member
        .post("/staff/procedure/kings-park-pp/confirm", &[("version", "2")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let names: Vec<String> = site
        .app
        .store()
        .confirmations(&kings_park, "2")
        .await
        .expect("list")
        .into_iter()
        .map(|c| c.username)
        .collect();
    assert_eq!(names, ["member"]);
    let (_, html) = member.get("/staff/procedure/kings-park-pp?version=1").await;
    assert!(html.contains("This version has been replaced."), "{html}");
}

#[tokio::test]
async fn the_review_date_falls_due_on_the_dashboard() {
    let site = site().await;
    let member = site.sign_in("member").await;
    let (_, html) = member.get("/staff").await;
    assert!(
        html.contains("the procedure&#39;s review was due on 1 Jan 2026")
            || html.contains("the procedure's review was due on 1 Jan 2026"),
        "version 1 took effect on 1 Jan 2024 and is reviewed every 2 years: {html}"
    );
    let (_, html) = member.get("/staff/procedure/kings-park-pp").await;
    assert!(html.contains("Review overdue"), "{html}");
}

#[test]
fn every_message_the_admin_pages_use_is_in_the_catalogue() {
    let m = redress_web::pages::messages::Messages::english();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    for dir in ["templates/admin", "src/pages/admin"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("a directory") {
            let path = entry.expect("an entry").path();
            sources.push(std::fs::read_to_string(&path).expect("text"));
        }
    }
    let mut missing = Vec::new();
    for source in &sources {
        for (index, _) in source.match_indices('"') {
            let rest = &source[index + 1..];
            let Some(end) = rest.find('"') else { continue };
            let key = &rest[..end];
            let is_key = (key.starts_with("admin.") || key.starts_with("common."))
                && !key.ends_with('.')
                && key.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
            if is_key && m.get(key) == key {
                missing.push(key.to_owned());
            }
        }
    }
    let families: [(&str, &[&str]); 6] = [
        ("admin.kind", &["complaint", "compliment", "comment", "suggestion"]),
        ("admin.outcome", &["upheld", "partly-upheld", "not-upheld", "undecided", "outcome-stands", "outcome-changed", "resolved"]),
        ("admin.ending", &["completed", "resolved-informally", "out-of-scope", "withdrawn", "acknowledged"]),
        ("admin.role", &["admin", "feedback-officer", "investigator", "reviewer", "read-only"]),
        ("admin.role_hint", &["admin", "feedback-officer", "investigator", "reviewer", "read-only"]),
        ("admin.logs", &["complaints_title", "complaints_intro", "complaints_none", "feedback_title", "feedback_intro", "feedback_none"]),
    ];
    for (group, names) in families {
        for name in names {
            let key = format!("{group}.{name}");
            if m.get(&key) == key {
                missing.push(key);
            }
        }
    }
    for field in ["display_name", "username", "password", "org", "role"] {
        for key in [format!("admin.users.errors.{field}_missing"), format!("admin.users.field_{field}")] {
            if m.get(&key) == key {
                missing.push(key);
            }
        }
    }
    assert!(missing.is_empty(), "missing from messages/en.toml: {missing:?}");
}
