//! `spawn_app()`: the real server on 127.0.0.1:0 over a fresh SQLite file, and a `TestApp` with
//! one method per endpoint. `spawn_app_on(Db::Postgres)` runs it over a new PostgreSQL database
//! on the server named by `REDRESS_TEST_POSTGRES_URL` (`scripts/postgres` starts one), or says
//! it skipped when none is set.

use std::sync::Arc;

use jiff::Timestamp;
use redress_app::App;
use redress_app::clock::ManualClock;
use redress_app::procedures::Procedures;
use redress_store::{AnyStore, Role};
use redress_web::AppState;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

/// A running server and the people who use it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// HTTP client.
    pub client: reqwest::Client,
    /// The server's clock.
    pub clock: Arc<ManualClock>,
    /// The app, for set-up the API does not offer.
    pub app: App<AnyStore>,
    /// The store under the app, for checking what was (not) stored.
    pub store: AnyStore,
    /// A feedback officer in every shipped organisation.
    pub officer: String,
    /// A feedback officer in Leeds only.
    pub leeds_only: String,
    /// A read-only user in Leeds.
    pub reader: String,
    _dir: tempfile::TempDir,
}

/// An instant from Europe/London civil time.
pub fn at(text: &str) -> Timestamp {
    redress_core::simulate::parse_instant(text).expect("a valid instant")
}

/// Which database a test app runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh database on the server named by `REDRESS_TEST_POSTGRES_URL`.
    Postgres,
}

/// A new, empty PostgreSQL database, or `None` (having said so) when no server is configured.
pub async fn postgres_store(test: &str) -> Option<AnyStore> {
    redress_store::testing::postgres(test).await
}

/// Starts the server on `db` with its clock at `now`, allowing `submissions` public
/// submissions per address; `None` when `db` is PostgreSQL and no server is configured.
pub async fn spawn_app_on(db: Db, test: &str, now: &str, submissions: u32) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = match db {
        Db::Sqlite => {
            let url = format!("sqlite:{}", dir.path().join("redress.db").display());
            AnyStore::open(&url).await.expect("the store opens")
        }
        Db::Postgres => postgres_store(test).await?,
    };
    Some(start(store, dir, now, submissions).await)
}

/// Starts the server on SQLite allowing each client address `per_address` public
/// submissions a minute and each organisation `per_org` an hour.
pub async fn spawn_app_with_limits(now: &str, per_address: u32, per_org: u32) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite:{}", dir.path().join("redress.db").display());
    let store = AnyStore::open(&url).await.expect("the store opens");
    start_limited(store, dir, now, per_address, Some(per_org)).await
}

/// `spawn_app_on`, also returning the database's URL, for tests that reach past the app into
/// the database (to tamper with it, as an intruder would).
pub async fn spawn_app_with_url(db: Db, test: &str, now: &str) -> Option<(TestApp, String)> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = match db {
        Db::Sqlite => format!("sqlite:{}", dir.path().join("redress.db").display()),
        Db::Postgres => redress_store::testing::postgres_url(test).await?,
    };
    let store = AnyStore::open(&url).await.expect("the store opens");
    Some((start(store, dir, now, 10).await, url))
}

/// Starts the server with its clock at `now` (Europe/London civil time).
pub async fn spawn_app_at(now: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite:{}", dir.path().join("redress.db").display());
    let store = AnyStore::open(&url).await.expect("the store opens");
    start(store, dir, now, 10).await
}

/// Starts the server on `db` with its clock at `now`, running the shipped procedures and those
/// in `procedures_dir` (as `redress serve --procedures DIR` does); `None` when `db` is
/// PostgreSQL and no server is configured.
pub async fn spawn_app_with_procedures(
    db: Db,
    test: &str,
    now: &str,
    procedures_dir: &std::path::Path,
) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = match db {
        Db::Sqlite => {
            let url = format!("sqlite:{}", dir.path().join("redress.db").display());
            AnyStore::open(&url).await.expect("the store opens")
        }
        Db::Postgres => postgres_store(test).await?,
    };
    let procedures = Procedures::shipped_and_dir(procedures_dir).expect("the procedures load");
    Some(start_with(store, dir, now, 10, None, procedures).await)
}

/// The directory of procedure files that gives Together for Children Sunderland a second
/// procedure, for children's social care (redress-app's test fixture).
pub fn childrens_procedure_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../redress-app/tests/fixtures/procedures")
}

async fn start(store: AnyStore, dir: tempfile::TempDir, now: &str, submissions: u32) -> TestApp {
    start_limited(store, dir, now, submissions, None).await
}

async fn start_limited(
    store: AnyStore,
    dir: tempfile::TempDir,
    now: &str,
    submissions: u32,
    per_org: Option<u32>,
) -> TestApp {
    start_with(store, dir, now, submissions, per_org, Procedures::shipped()).await
}

async fn start_with(
    store: AnyStore,
    dir: tempfile::TempDir,
    now: &str,
    submissions: u32,
    per_org: Option<u32>,
    procedures: Procedures,
) -> TestApp {
    let clock = Arc::new(ManualClock::new(at(now)));
    let app = App::start(store.clone(), procedures, clock.clone())
        .await
        .expect("the app starts")
        .with_files(redress_app::files::Files::new(dir.path(), FILE_LIMITS));
    let orgs: Vec<_> = app.procedures().orgs().cloned().collect();
    let mut tokens = Vec::new();
    for (username, role, only_leeds) in [
        ("officer", Role::FeedbackOfficer, false),
        ("leeds", Role::FeedbackOfficer, true),
        ("reader", Role::ReadOnly, true),
    ] {
        app.add_user(username, username, None)
            .await
            .expect("user added");
        for org in orgs
            .iter()
            .filter(|o| !only_leeds || o.as_str() == "leeds-pps")
        {
            app.grant(username, org, role).await.expect("role granted");
            // The officer holds the roles the procedure names as deciding or sending (the
            // Co-ordinator, the Customer Feedback Manager, the Chairperson), so the story
            // tests can act; the authorisation tests use their own users.
            if username == "officer" {
                for held in deciders(app.procedures().latest(org).expect("the procedure")) {
                    app.hold(username, org, held.as_str())
                        .await
                        .expect("role held");
                }
            }
        }
        tokens.push(
            app.create_token(username, "test")
                .await
                .expect("token created"),
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = format!("http://{}", listener.local_addr().expect("an address"));
    let mut state = AppState::new(app.clone());
    state.limit = Arc::new(redress_web::RateLimit::new(submissions, 60));
    if let Some(per_org) = per_org {
        state.org_limit = Arc::new(redress_web::RateLimit::new(per_org, 3600));
    }
    // Tests are the proxy: they may speak for other clients in `X-Forwarded-For`.
    state.trusted_proxies =
        Arc::new(redress_web::client::TrustedProxies::parse_list("127.0.0.1").expect("an address"));
    tokio::spawn(redress_web::serve(listener, state, std::future::pending()));
    let [officer, leeds_only, reader] = tokens.try_into().expect("three tokens");
    TestApp {
        address,
        client: reqwest::Client::new(),
        clock,
        app,
        store,
        officer,
        leeds_only,
        reader,
        _dir: dir,
    }
}

/// The attachment limits of a test app: small, so "too large" and "too many" are cheap.
pub const FILE_LIMITS: redress_app::files::Limits = redress_app::files::Limits {
    max_bytes: 64 * 1024,
    per_case: 3,
};

impl TestApp {
    /// The data directory (attachments are under `files/`).
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }
}

/// Starts the server on Wednesday 23 December 2026, 10:00 London time.
pub async fn spawn_app() -> TestApp {
    spawn_app_at("2026-12-23 10:00").await
}

/// A complaint submission with `extra` fields merged in.
pub fn complaint(extra: Value) -> Value {
    let mut base = json!({
        "kind": "complaint",
        "channel": "web",
        "complainant": { "name": "A Parent", "email": "parent@example.org" },
        "what_happened": "The adviser did not return my calls about my son's annual review.",
        "outcome_wanted": "An apology and a call back."
    });
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    base
}

impl TestApp {
    /// Sets the server's clock.
    pub fn set_now(&self, now: &str) {
        self.clock.set(at(now));
    }

    /// `POST /api/v1/orgs/{org}/feedback`.
    pub async fn submit(&self, org: &str, body: &Value) -> Response {
        self.client
            .post(format!("{}/api/v1/orgs/{org}/feedback", self.address))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Submits and returns (reference, tracking token), asserting 201.
    pub async fn submit_ok(&self, org: &str, body: &Value) -> (String, String) {
        let response = self.submit(org, body).await;
        created(response).await
    }

    /// `GET /api/v1/track/{token}`.
    pub async fn track(&self, token: &str) -> Response {
        self.client
            .get(format!("{}/api/v1/track/{token}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// `POST /api/v1/track/{token}/{action}`.
    pub async fn track_act(&self, token: &str, action: &str, body: &Value) -> Response {
        self.client
            .post(format!("{}/api/v1/track/{token}/{action}", self.address))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// `POST /api/v1/cases/{reference}/actions` as the user with `bearer`.
    pub async fn act_as(&self, bearer: &str, reference: &str, body: &Value) -> Response {
        self.client
            .post(format!("{}/api/v1/cases/{reference}/actions", self.address))
            .bearer_auth(bearer)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Acts as the officer, asserting success, and returns the case view.
    pub async fn act_ok(&self, reference: &str, body: Value) -> Value {
        let response = self.act_as(&self.officer, reference, &body).await;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{body} → {text}");
        serde_json::from_str(&text).expect("JSON")
    }

    /// `GET /api/v1/cases/{reference}` as the user with `bearer`.
    pub async fn case_as(&self, bearer: &str, reference: &str) -> Response {
        self.client
            .get(format!("{}/api/v1/cases/{reference}", self.address))
            .bearer_auth(bearer)
            .send()
            .await
            .expect("request sent")
    }

    /// The case view as the officer.
    pub async fn case(&self, reference: &str) -> Value {
        let response = self.case_as(&self.officer, reference).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("JSON")
    }

    /// `GET /api/v1/cases?query` as the user with `bearer`.
    pub async fn list_as(&self, bearer: &str, query: &str) -> Response {
        self.client
            .get(format!("{}/api/v1/cases?{query}", self.address))
            .bearer_auth(bearer)
            .send()
            .await
            .expect("request sent")
    }

    /// How many cases the officer can see.
    pub async fn case_count(&self) -> usize {
        let page: Value = self
            .list_as(&self.officer, "limit=200")
            .await
            .json()
            .await
            .expect("JSON");
        page["cases"].as_array().expect("cases").len()
    }

    /// `POST /api/v1/orgs/{org}/cases` as the officer: feedback received by phone, letter or in person.
    pub async fn record(&self, org: &str, body: &Value) -> Response {
        self.client
            .post(format!("{}/api/v1/orgs/{org}/cases", self.address))
            .bearer_auth(&self.officer)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }
}

impl TestApp {
    /// Records, as the officer, feedback that arrived by a channel the public route does not
    /// take (an e-mail, a letter), asserting 201; returns (reference, tracking token).
    pub async fn record_ok(&self, org: &str, submission: &Value) -> (String, String) {
        let response = self.record(org, &json!({ "submission": submission })).await;
        created(response).await
    }
}

/// The due date of the deadline of `clock` at `stage` in a case view.
pub fn due(case: &Value, clock: &str, stage: &str) -> String {
    case["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|d| d["clock"] == clock && d["stage"] == stage)
        .unwrap_or_else(|| panic!("no {clock} deadline at {stage}: {}", case["deadlines"]))["due"]["date"]
        .as_str()
        .expect("a date")
        .to_owned()
}

/// The status of a deadline in a case view.
pub fn status(case: &Value, clock: &str, stage: &str) -> String {
    case["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|d| d["clock"] == clock && d["stage"] == stage)
        .unwrap_or_else(|| panic!("no {clock} deadline at {stage}"))["status"]["state"]
        .as_str()
        .expect("a status")
        .to_owned()
}

/// (reference, tracking token) of a 201 answer to a submission, asserting the 201.
async fn created(response: Response) -> (String, String) {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let body: Value = serde_json::from_str(&text).expect("JSON");
    (
        body["reference"].as_str().expect("a reference").to_owned(),
        body["tracking_token"].as_str().expect("a token").to_owned(),
    )
}

/// The roles a procedure names as sending or deciding something (core's `named_deciders`).
pub fn deciders(loaded: &redress_app::procedures::Loaded) -> Vec<redress_core::ids::RoleId> {
    loaded.procedure.named_deciders()
}
