//! Bad input gets a 4xx with a clear message naming the field, and stores nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{complaint, spawn_app};

async fn error_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (
        status,
        response.json().await.expect("an error body in JSON"),
    )
}

#[tokio::test]
async fn malformed_unknown_wrong_and_oversize_bodies_are_refused_and_store_nothing() {
    let app = spawn_app().await;
    let url = format!("{}/api/v1/orgs/leeds-pps/feedback", app.address);
    let post = |body: String| {
        app.client
            .post(&url)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };

    let (status, body) = error_of(post("{\"kind\": ".to_owned()).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "bad_request");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );

    let mut unknown = complaint(json!({}));
    unknown["favourite_colour"] = json!("blue");
    let (status, body) = error_of(post(unknown.to_string()).await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("favourite_colour"),
        "{body}"
    );

    let (status, body) = error_of(
        post(complaint(json!({"kind": 7})).to_string())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "kind");

    let (status, body) = error_of(
        post(complaint(json!({"happened_on": "2026-02-30"})).to_string())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "happened_on");

    let (status, body) = error_of(
        post(complaint(json!({"what_happened": "   "})).to_string())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "what_happened");

    let huge = complaint(json!({"what_happened": "x".repeat(1_100_000)}));
    let (status, body) = error_of(post(huge.to_string()).await.unwrap()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"]["code"], "payload_too_large");

    let (status, _) = error_of(
        app.client
            .post(&url)
            .body(complaint(json!({})).to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let (status, body) = error_of(
        app.submit("leeds-pps", &complaint(json!({"channel": "social-media"})))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "refused");
    assert_eq!(body["error"]["field"], "channel");

    let (status, _) = error_of(app.submit("no-such-org", &complaint(json!({}))).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    assert_eq!(app.case_count().await, 0, "nothing was stored");
}

#[tokio::test]
async fn bad_actions_and_filters_name_the_field_and_change_nothing() {
    let app = spawn_app().await;
    let (reference, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    for (body, field) in [
        (json!({"type": "acknowledge", "at": "last tuesday"}), "at"),
        (
            json!({"type": "extend-deadline", "new_date": "soon", "reason": "x"}),
            "new_date",
        ),
        (
            json!({"type": "respond", "outcome": "maybe", "findings": "x"}),
            "outcome",
        ),
        (json!({"type": "teleport"}), "type"),
    ] {
        let (status, error) = error_of(app.act_as(&app.officer, &reference, &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {error}");
        assert!(
            error["error"]["field"] == field
                || error["error"]["message"].as_str().unwrap().contains(field),
            "{body}: {error}"
        );
    }
    let (status, error) = error_of(app.list_as(&app.officer, "colour=blue").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "colour");
    let (status, error) = error_of(app.list_as(&app.officer, "cursor=not-a-cursor").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "cursor");
    assert_eq!(
        app.case(&reference).await["version"],
        1,
        "no event was added"
    );
}

#[tokio::test]
async fn the_openapi_document_health_and_metrics_are_served() {
    let app = spawn_app().await;
    let document: Value = app
        .client
        .get(format!("{}/api/v1/openapi.json", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["paths"]["/api/v1/cases/{reference}/actions"]["post"].is_object());
    assert!(document["components"]["schemas"]["Submission"].is_object());
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let metrics = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            "redress_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
}

#[tokio::test]
async fn public_submissions_are_rate_limited_per_address_until_time_passes() {
    let app = spawn_app().await;
    for _ in 0..10 {
        app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    }
    let (status, body) = error_of(app.submit("leeds-pps", &complaint(json!({}))).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"]["code"], "rate_limited");
    app.clock.advance(jiff::SignedDuration::from_secs(60));
    app.submit_ok("leeds-pps", &complaint(json!({}))).await;
}
