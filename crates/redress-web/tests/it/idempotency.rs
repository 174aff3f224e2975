//! `Idempotency-Key` on submissions (issue 9, part 7): a retried POST with the same key and body
//! gets the same answer and makes no second case, on the public route and the staff API; the
//! key with another body, or a malformed key, is 422 naming the header and changes nothing;
//! keys stop counting after `idempotency_key_hours`. On SQLite and PostgreSQL.

use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, complaint, spawn_app_on};

const KEY: &str = "6f1c0a2e-3b7d-4f8e-9a01-2c3d4e5f6a7b";

async fn each_database(test: &str, run: impl AsyncFn(TestApp)) {
    for db in [Db::Sqlite, Db::Postgres] {
        if let Some(app) = spawn_app_on(db, test, "2026-12-23 10:00", 10_000).await {
            run(app).await;
        }
    }
}

/// A public submission to Leeds with these `Idempotency-Key` header values.
async fn submit(
    app: &TestApp,
    keys: &[&[u8]],
    body: &Value,
) -> (StatusCode, Option<String>, Value) {
    submit_to(&app.client, &app.address, keys, body).await
}

async fn submit_to(
    client: &reqwest::Client,
    address: &str,
    keys: &[&[u8]],
    body: &Value,
) -> (StatusCode, Option<String>, Value) {
    let mut request = client
        .post(format!("{address}/api/v1/orgs/leeds-pps/feedback"))
        .json(body);
    for key in keys {
        request = request.header(
            "Idempotency-Key",
            reqwest::header::HeaderValue::from_bytes(key).expect("a header value"),
        );
    }
    let response = request.send().await.expect("request sent");
    let status = response.status();
    let replayed = response
        .headers()
        .get("idempotent-replayed")
        .map(|v| v.to_str().unwrap_or("").to_owned());
    (status, replayed, response.json().await.expect("JSON"))
}

fn error_field(body: &Value) -> &str {
    body["error"]["field"].as_str().unwrap_or("")
}

#[tokio::test]
async fn a_retried_submission_with_the_same_key_gets_the_same_answer_and_makes_no_second_case() {
    each_database("idempotent_retry", async |app| {
        let body = complaint(json!({}));
        let (status, replayed, first) = submit(&app, &[KEY.as_bytes()], &body).await;
        assert_eq!((status, replayed), (StatusCode::CREATED, None), "{first}");
        let (status, replayed, again) = submit(&app, &[KEY.as_bytes()], &body).await;
        assert_eq!(status, StatusCode::CREATED, "{again}");
        assert_eq!(replayed.as_deref(), Some("true"));
        assert_eq!(
            again, first,
            "the same reference, tracking token and next step"
        );
        assert_eq!(app.case_count().await, 1, "no second case");
        let tracked = app
            .client
            .get(format!(
                "{}/api/v1/track/{}",
                app.address,
                again["tracking_token"].as_str().expect("a token")
            ))
            .send()
            .await
            .expect("sent");
        assert_eq!(
            tracked.status(),
            StatusCode::OK,
            "the replayed token tracks the case"
        );

        // The same body without a key, or with another key, is a new case.
        let (status, _, other) = submit(&app, &[], &body).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_ne!(other["reference"], first["reference"]);
        let (status, _, another) = submit(&app, &[b"another-key"], &body).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_ne!(another["reference"], first["reference"]);
        assert_eq!(app.case_count().await, 3);
    })
    .await;
}

#[tokio::test]
async fn the_same_key_with_another_body_or_a_malformed_key_is_422_naming_the_header() {
    each_database("idempotent_refusals", async |app| {
        let (status, _, first) = submit(&app, &[KEY.as_bytes()], &complaint(json!({}))).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        let changed = complaint(json!({ "outcome_wanted": "Something else." }));
        let (status, _, refused) = submit(&app, &[KEY.as_bytes()], &changed).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(error_field(&refused), "Idempotency-Key", "{refused}");
        assert!(
            refused["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("different request"),
            "{refused}"
        );

        let long = "k".repeat(256);
        let malformed: [&[&[u8]]; 5] = [
            &[b""],
            &[long.as_bytes()],
            &[b"has a space"],
            &[b"caf\xc3\xa9"],
            &[b"one", b"two"],
        ];
        for keys in malformed {
            let (status, _, refused) = submit(&app, keys, &complaint(json!({}))).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{keys:?}: {refused}"
            );
            assert_eq!(
                error_field(&refused),
                "Idempotency-Key",
                "{keys:?}: {refused}"
            );
        }
        assert_eq!(app.case_count().await, 1, "nothing refused made a case");
    })
    .await;
}

#[tokio::test]
async fn a_key_stops_counting_after_the_set_time() {
    each_database("idempotent_expiry", async |app| {
        let body = complaint(json!({}));
        let (_, _, first) = submit(&app, &[KEY.as_bytes()], &body).await;
        app.clock.advance(SignedDuration::from_hours(23));
        let (_, replayed, again) = submit(&app, &[KEY.as_bytes()], &body).await;
        assert_eq!(
            replayed.as_deref(),
            Some("true"),
            "23 hours on it still counts"
        );
        assert_eq!(again["reference"], first["reference"]);
        app.clock.advance(SignedDuration::from_mins(61));
        let (status, replayed, later) = submit(&app, &[KEY.as_bytes()], &body).await;
        assert_eq!((status, replayed), (StatusCode::CREATED, None), "{later}");
        assert_ne!(
            later["reference"], first["reference"],
            "24 hours on: a new case"
        );
        assert_eq!(app.case_count().await, 2);
    })
    .await;
}

#[tokio::test]
async fn concurrent_retries_with_one_key_make_one_case() {
    each_database("idempotent_race", async |app| {
        let body = complaint(json!({}));
        let mut racers = tokio::task::JoinSet::new();
        for _ in 0..6 {
            let (client, address, body) = (app.client.clone(), app.address.clone(), body.clone());
            racers
                .spawn(async move { submit_to(&client, &address, &[KEY.as_bytes()], &body).await });
        }
        let answers = racers.join_all().await;
        let first = &answers[0].2;
        for (status, _, answer) in &answers {
            assert_eq!(*status, StatusCode::CREATED, "{answer}");
            assert_eq!(answer, first);
        }
        assert_eq!(app.case_count().await, 1);
    })
    .await;
}

#[tokio::test]
async fn staff_recording_with_a_key_is_made_once_and_keys_are_each_senders_own() {
    each_database("idempotent_staff", async |app| {
        let body = json!({ "submission": complaint(json!({ "channel": "phone" })) });
        let record = async |key: &str, body: &Value| {
            let response = app
                .client
                .post(format!("{}/api/v1/orgs/leeds-pps/cases", app.address))
                .bearer_auth(&app.officer)
                .header("Idempotency-Key", key)
                .json(body)
                .send()
                .await
                .expect("sent");
            let status = response.status();
            (status, response.json::<Value>().await.expect("JSON"))
        };
        let (status, first) = record(KEY, &body).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        let (status, again) = record(KEY, &body).await;
        assert_eq!(status, StatusCode::CREATED, "{again}");
        assert_eq!(again, first);
        let changed = json!({ "submission": complaint(json!({ "channel": "phone", "outcome_wanted": "Another." })) });
        let (status, refused) = record(KEY, &changed).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(error_field(&refused), "Idempotency-Key");
        assert_eq!(app.case_count().await, 1);

        // The public's use of the same key is theirs, not the officer's.
        let (status, replayed, public) =
            submit(&app, &[KEY.as_bytes()], &complaint(json!({}))).await;
        assert_eq!((status, replayed), (StatusCode::CREATED, None), "{public}");
        assert_ne!(public["reference"], first["reference"]);
        assert_eq!(app.case_count().await, 2);
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_describes_the_header_and_every_layers_answers() {
    let Some(app) = spawn_app_on(Db::Sqlite, "openapi", "2026-12-23 10:00", 10).await else {
        unreachable!("SQLite is always there");
    };
    let document: Value = app
        .client
        .get(format!("{}/api/v1/openapi.json", app.address))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    for path in ["/api/v1/orgs/{org}/feedback", "/api/v1/orgs/{org}/cases"] {
        let operation = &document["paths"][path]["post"];
        let header = operation["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|p| p["name"] == "Idempotency-Key")
            .unwrap_or_else(|| panic!("{path} documents Idempotency-Key: {operation}"));
        assert_eq!(header["in"], "header");
        assert_eq!(header["schema"]["maxLength"], 255);
        assert!(
            operation["responses"]["201"]["headers"]["Idempotent-Replayed"].is_object(),
            "{path}"
        );
    }
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("operations") {
            let responses = &operation["responses"];
            assert!(responses["422"].is_object(), "{method} {path}: 422");
            if operation.get("requestBody").is_some() {
                for code in ["400", "413", "415"] {
                    assert!(responses[code].is_object(), "{method} {path}: {code}");
                }
            }
            if operation.get("security").is_some() {
                assert!(responses["401"].is_object(), "{method} {path}: 401");
            }
        }
    }
}
