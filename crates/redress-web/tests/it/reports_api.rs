//! `GET /api/v1/reports` on SQLite and PostgreSQL: themes and learning actions set through the
//! API's actions, counted in the report; bad input answered 422 naming the field.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, complaint, spawn_app_on};

const ORG: &str = "sendiass-staffordshire";

async fn report(app: &TestApp, bearer: &str, query: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .get(format!("{}/api/v1/reports?{query}", app.address))
        .bearer_auth(bearer)
        .send()
        .await
        .expect("request sent");
    let status = response.status();
    (status, response.json().await.expect("JSON"))
}

async fn reports_through_the_api(db: Db) {
    let Some(app) = spawn_app_on(db, "reports_api", "2026-06-01 10:00", 10).await else {
        return;
    };
    // Mon 2 Mar 2026 by e-mail; acknowledged Thu 5 Mar (3 working days); answered Mon 30 Mar:
    // 3-6 Mar (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20) = 20 working days, on the last day.
    let response = app
        .record(
            ORG,
            &json!({"submission": complaint(json!({})), "at": "2026-03-02T10:00:00Z"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let recorded: Value = response.json().await.expect("JSON");
    let first = recorded["reference"]
        .as_str()
        .expect("a reference")
        .to_owned();
    let act = |reference: String, body: Value| {
        let app = &app;
        async move {
            let response = app.act_as(&app.officer, &reference, &body).await;
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            (status, text)
        }
    };
    for body in [
        json!({"type": "acknowledge", "at": "2026-03-05T10:00:00Z"}),
        json!({"type": "set-themes", "themes": ["delay"], "at": "2026-03-05T10:05:00Z"}),
        json!({"type": "respond", "outcome": "not-upheld", "findings": "Calls were returned.", "how_investigated": "Read the notes.", "at": "2026-03-30T15:00:00Z"}),
        json!({"type": "add-learning-action", "what": "Log calls", "owner": "Manager", "due": "2026-05-01", "at": "2026-03-30T15:05:00Z"}),
        json!({"type": "complete-learning-action", "action": 1, "what_changed": "Calls are logged.", "at": "2026-04-10T10:00:00Z"}),
    ] {
        let (status, text) = act(first.clone(), body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{db:?} {body} → {text}");
    }
    // The complainant reads what changed on their tracking page, and only that of the action.
    let token = recorded["tracking_token"]
        .as_str()
        .expect("a tracking token");
    let page = app
        .client
        .get(format!("{}/track/{token}", app.address))
        .send()
        .await
        .expect("request sent")
        .text()
        .await
        .expect("HTML");
    assert!(page.contains("What we changed"), "{page}");
    assert!(page.contains("Calls are logged."), "{page}");
    assert!(!page.contains("Log calls"), "the action itself is internal");
    let (status, text) = act(
        first.clone(),
        json!({"type": "set-themes", "themes": ["parking"]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let refusal: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(refusal["error"]["field"], "themes[0]", "{text}");

    let (status, q1) = report(&app, &app.officer, &format!("org={ORG}&period=2026-Q1")).await;
    assert_eq!(status, StatusCode::OK, "{q1}");
    let now = &q1["current"];
    assert_eq!(now["received"], 1, "{db:?}");
    assert_eq!(now["times"][0]["acknowledge"]["median"], 3);
    assert_eq!(now["times"][0]["respond"]["median"], 20);
    assert_eq!(
        now["times"][0]["respond"]["within"],
        json!({"count": 1, "of": 1})
    );
    assert_eq!(now["learning_opened"], 1);
    assert_eq!(now["learning_done"], 0, "done in April, the next quarter");
    assert_eq!(q1["previous_period"]["label"], "2025-Q4");
    let (_, q2) = report(&app, &app.officer, &format!("org={ORG}&period=2026-Q2")).await;
    assert_eq!(q2["current"]["learning_done"], 1);
    assert_eq!(q2["current"]["received"], 0);
    assert_eq!(q2["previous"]["received"], 1, "Q1 is Q2's previous period");

    for (query, field) in [
        ("period=2026", "org"),
        (&format!("org={ORG}") as &str, "period"),
        (&format!("org={ORG}&period=2026-Q9"), "period"),
        (&format!("org={ORG}&period=1999"), "period"),
        ("org=no-such-org&period=2026", "org"),
        ("org=NOT%20AN%20ID&period=2026", "org"),
        (&format!("org={ORG}&period=2026&period=2025"), "period"),
        (&format!("org={ORG}&org={ORG}&period=2026"), "org"),
        (
            &format!("org={ORG}&period=2026&procedure=a&procedure=b"),
            "procedure",
        ),
    ] {
        let (status, body) = report(&app, &app.officer, query).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{db:?} {query}: {body}"
        );
        assert_eq!(body["error"]["field"], field, "{query}: {body}");
    }
    // A Leeds reader asking for SENDIASS's figures is told there is no such organisation.
    let (status, body) = report(&app, &app.reader, &format!("org={ORG}&period=2026")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "org");
}

#[tokio::test]
async fn reports_through_the_api_on_sqlite() {
    reports_through_the_api(Db::Sqlite).await;
}

#[tokio::test]
async fn reports_through_the_api_on_postgres() {
    reports_through_the_api(Db::Postgres).await;
}
