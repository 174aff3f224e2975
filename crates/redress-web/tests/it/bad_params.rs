//! Issue 7: every path parameter, list filter and cursor, on staff and public routes, API and
//! pages, answers 4xx for invalid input (a NUL above all, which PostgreSQL cannot take) and
//! never 500, on SQLite and on PostgreSQL; so do the texts of staff commands and tracking
//! actions, and usernames given to the app.

use redress_app::AppError;
use redress_store::{CaseFilter, Store};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, complaint, spawn_app_on};

/// A request that must be refused: method, path and query, whether it is sent with the
/// officer's token, and the parameter its error names (for API routes).
struct Row {
    method: Method,
    path: String,
    staff: bool,
    field: Option<&'static str>,
}

fn row(method: Method, path: &str, staff: bool, field: Option<&'static str>) -> Row {
    Row {
        method,
        path: path.to_owned(),
        staff,
        field,
    }
}

fn table(reference: &str, token: &str) -> Vec<Row> {
    use Method as M;
    let long = "x".repeat(501);
    let nul_cursor = "312f00"; // hex of "1/\0": a well-formed cursor naming a NUL reference
    let mut rows = vec![
        row(M::GET, "/api/v1/cases/LPP%00", true, Some("reference")),
        row(M::GET, "/api/v1/cases/%1B%5B31m", true, Some("reference")),
        row(M::GET, "/api/v1/cases/%E2%80%AE", true, Some("reference")),
        row(
            M::GET,
            &format!("/api/v1/cases/{long}"),
            true,
            Some("reference"),
        ),
        row(M::GET, "/api/v1/cases/%FF", true, None),
        row(
            M::POST,
            "/api/v1/cases/%00/actions",
            true,
            Some("reference"),
        ),
        row(
            M::GET,
            &format!("/api/v1/cases/{reference}%00"),
            true,
            Some("reference"),
        ),
        row(M::GET, "/api/v1/orgs/%00/procedure", true, Some("org")),
        row(M::POST, "/api/v1/orgs/%00/cases", true, Some("org")),
        row(M::POST, "/api/v1/orgs/tfc%00/feedback", false, Some("org")),
        row(M::GET, "/api/v1/track/%00", false, Some("token")),
        row(
            M::GET,
            &format!("/api/v1/track/{token}%00"),
            false,
            Some("token"),
        ),
        row(M::POST, "/api/v1/track/%00/withdraw", false, Some("token")),
        row(M::POST, "/api/v1/track/%00/escalate", false, Some("token")),
        row(
            M::POST,
            "/api/v1/track/%E2%81%A6/information",
            false,
            Some("token"),
        ),
        row(M::GET, "/api/v1/cases?%00=1", true, Some("query")),
        row(M::GET, "/api/v1/cases?cursor=zz", true, Some("cursor")),
        row(
            M::GET,
            &format!("/api/v1/cases?cursor={nul_cursor}"),
            true,
            Some("cursor"),
        ),
        row(M::GET, &format!("/api/v1/cases?q={long}"), true, Some("q")),
        row(M::GET, "/api/v1/cases?q=%FF", true, Some("query")),
        row(M::GET, "/api/v1/cases?limit=0", true, Some("limit")),
        row(
            M::GET,
            "/api/v1/cases?due_before=tomorrow",
            true,
            Some("due_before"),
        ),
        row(M::GET, "/api/v1/cases?overdue=maybe", true, Some("overdue")),
        // A status or kind no case can have matches nothing: refused, not an empty list.
        row(M::GET, "/api/v1/cases?status=any", true, Some("status")),
        row(M::GET, "/api/v1/cases?status=closed", true, Some("status")),
        row(M::GET, "/api/v1/cases?kind=complaints", true, Some("kind")),
        row(M::GET, "/api/v1/cases?favourite=1", true, Some("favourite")),
        row(M::GET, "/%00", false, None),
        row(M::GET, "/tfc-sunderland%00/feedback", false, None),
        row(M::POST, "/%00/feedback", false, None),
        row(M::GET, "/track/%00", false, None),
        row(M::GET, "/track/%00/confirmation", false, None),
        row(M::GET, "/staff/cases/%00", false, None),
        row(M::GET, "/staff/cases?q=%00", false, None),
        row(
            M::GET,
            &format!("/staff/cases?cursor={nul_cursor}%00"),
            false,
            None,
        ),
        row(M::GET, "/staff/users/%00", false, None),
        row(M::GET, "/staff/procedure/%00", false, None),
        row(M::GET, "/staff/logs/complaints?from=%00", false, None),
        row(M::GET, "/assets/%00.css", false, None),
    ];
    for filter in [
        "org",
        "kind",
        "status",
        "stage",
        "handler",
        "q",
        "cursor",
        "due_before",
        "limit",
        "overdue",
    ] {
        let field = Some(filter);
        rows.push(row(
            M::GET,
            &format!("/api/v1/cases?{filter}=a%00b"),
            true,
            field,
        ));
        rows.push(row(
            M::GET,
            &format!("/api/v1/cases?{filter}=a%1Bb"),
            true,
            field,
        ));
    }
    rows
}

async fn send(app: &TestApp, row: &Row) -> (StatusCode, String) {
    let mut request = app
        .client
        .request(row.method.clone(), format!("{}{}", app.address, row.path));
    if row.staff {
        request = request.bearer_auth(&app.officer);
    }
    if row.method == Method::POST {
        request = request.json(&json!({}));
    }
    let response = request.send().await.expect("request sent");
    (response.status(), response.text().await.unwrap_or_default())
}

async fn no_parameter_answers_500(db: Db) {
    let Some(app) = spawn_app_on(db, "the bad-parameter table", "2026-12-23 10:00", 10_000).await
    else {
        return;
    };
    let (reference, token) = app.submit_ok("tfc-sunderland", &complaint(json!({}))).await;
    let rows = table(&reference, &token);
    for row in &rows {
        let (status, body) = send(&app, row).await;
        assert!(
            status.is_client_error(),
            "{} {} answered {status}: {body}",
            row.method,
            row.path
        );
        if let Some(field) = row.field {
            let error: Value = serde_json::from_str(&body).expect("a JSON error");
            assert_eq!(
                error["error"]["field"], field,
                "{} {}: {body}",
                row.method, row.path
            );
        }
    }
    // The store's own guard, for callers that skip the web: a NUL finds nothing.
    assert!(app.store.load("LPP\0").await.expect("load").is_none());
    assert!(app.store.user("officer\0").await.expect("user").is_none());
    for filter in [
        CaseFilter {
            text: Some("a\0b".into()),
            ..filter(&app)
        },
        CaseFilter {
            handler: Some("a\0b".into()),
            ..filter(&app)
        },
        CaseFilter {
            status: Some("\0".into()),
            ..filter(&app)
        },
    ] {
        let page = app.store.list_cases(&filter).await.expect("a page");
        assert!(page.cases.is_empty());
    }
    // Usernames given to the app.
    assert!(matches!(
        app.app
            .authenticate_password("officer\0", "a password")
            .await,
        Err(AppError::Unauthenticated)
    ));
    assert!(matches!(
        app.app.add_user("new\0user", "New", None).await,
        Err(AppError::Invalid { field, .. }) if field == "username"
    ));
    assert!(matches!(
        app.app.create_token("officer\0", "label").await,
        Err(AppError::NotFound)
    ));
    // The good ones still work, so each refusal above is the bad input's doing.
    assert_eq!(
        app.case_as(&app.officer, &reference).await.status(),
        StatusCode::OK
    );
    assert_eq!(app.track(&token).await.status(), StatusCode::OK);
}

fn filter(app: &TestApp) -> CaseFilter {
    CaseFilter {
        viewer: redress_store::Viewer::system(app.app.procedures().orgs().cloned()),
        ..CaseFilter::default()
    }
}

async fn command_texts_are_checked_like_submissions(db: Db) {
    let Some(app) = spawn_app_on(db, "the command-text table", "2026-12-23 10:00", 10_000).await
    else {
        return;
    };
    let (reference, token) = app.submit_ok("tfc-sunderland", &complaint(json!({}))).await;
    let before = app.case(&reference).await["version"].clone();
    let commands = [
        (
            json!({"type": "send-update", "summary": "bad\u{0}"}),
            "summary",
        ),
        (
            json!({"type": "send-update", "summary": "x".repeat(20_001)}),
            "summary",
        ),
        (
            json!({"type": "pause-clock", "reason": "\u{1b}[2J"}),
            "reason",
        ),
        (
            json!({"type": "resolve-informally", "summary": "ok\u{202E}"}),
            "summary",
        ),
        (
            json!({"type": "acknowledge", "handler_name": "A\u{0}"}),
            "handler_name",
        ),
        (
            json!({"type": "acknowledge", "email": "not-an-email"}),
            "email",
        ),
        (json!({"type": "acknowledge", "phone": "call me"}), "phone"),
        (
            json!({"type": "refer-externally", "body": "Ombudsman\nand more"}),
            "body",
        ),
        (
            json!({"type": "name-person", "person": {"name": "\u{2066}Sam"}}),
            "person.name",
        ),
        (
            json!({"type": "respond", "outcome": "upheld", "findings": "We were wrong.",
                   "remedies": [{"kind": "apology", "description": "Sorry."},
                                {"kind": "explanation", "description": "\u{0}"}]}),
            "remedies[1].description",
        ),
    ];
    for (command, field) in &commands {
        let response = app.act_as(&app.officer, &reference, command).await;
        let status = response.status();
        let error: Value = response.json().await.expect("a JSON error");
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{command}: {error}"
        );
        assert_eq!(error["error"]["field"], *field, "{command}: {error}");
    }
    let recorded = app
        .record(
            "tfc-sunderland",
            &json!({"submission": complaint(json!({"channel": "phone", "what_happened": "\u{0}"}))}),
        )
        .await;
    assert_eq!(recorded.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = recorded.json().await.expect("a JSON error");
    assert_eq!(error["error"]["field"], "what_happened", "{error}");
    for (action, body, field) in [
        ("information", json!({"summary": "more\u{0}"}), "summary"),
        ("escalate", json!({"reasons": "\u{202E}no"}), "reasons"),
        ("withdraw", json!({"reason": "\u{1b}"}), "reason"),
    ] {
        let response = app.track_act(&token, action, &body).await;
        let status = response.status();
        let error: Value = response.json().await.expect("a JSON error");
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{action}: {error}"
        );
        assert_eq!(error["error"]["field"], field, "{action}: {error}");
    }
    assert_eq!(
        app.case(&reference).await["version"],
        before,
        "nothing was recorded"
    );
    assert_eq!(
        app.store.all_references().await.expect("references"),
        vec![reference.clone()]
    );
    // A good update is still taken.
    app.act_ok(
        &reference,
        json!({"type": "send-update", "summary": "We are on it.\n\nThanks."}),
    )
    .await;
}

#[tokio::test]
async fn bad_path_parameters_and_filters_answer_4xx_never_500_on_sqlite() {
    no_parameter_answers_500(Db::Sqlite).await;
}

#[tokio::test]
async fn bad_path_parameters_and_filters_answer_4xx_never_500_on_postgres() {
    no_parameter_answers_500(Db::Postgres).await;
}

#[tokio::test]
async fn staff_command_and_tracking_texts_keep_the_text_rules_on_sqlite() {
    command_texts_are_checked_like_submissions(Db::Sqlite).await;
}

#[tokio::test]
async fn staff_command_and_tracking_texts_keep_the_text_rules_on_postgres() {
    command_texts_are_checked_like_submissions(Db::Postgres).await;
}
