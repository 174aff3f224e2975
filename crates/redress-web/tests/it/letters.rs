//! Letters through the API, on SQLite and PostgreSQL: an officer's text is checked for what
//! the letter must say (422 naming `letter.body`, nothing stored), kept unchanged, queued for
//! e-mail in the outbox's payload contract, listed with its status and downloadable as a PDF
//! that pdftotext can read.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, complaint, spawn_app_on};
use redress_store::Store;

/// Leeds, received Tuesday 24 November 2026: Stage One's response is due 15 working days on,
/// Tuesday 15 December 2026 (25-27, 30 Nov; 1-4, 7-11, 14, 15 Dec).
const BODY: &str = "Thank you for your complaint.\n\nOur Parent Partnership Service Co-ordinator is dealing with it. Phone 0113 378 5020 or e-mail pps@example.org.\n\nYou can expect our full response by 15 December 2026.";

async fn letters(app: &crate::helpers::TestApp, reference: &str) -> Vec<Value> {
    let response = app
        .client
        .get(format!("{}/api/v1/cases/{reference}/letters", app.address))
        .bearer_auth(&app.officer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let list: Value = response.json().await.unwrap();
    list["letters"].as_array().unwrap().clone()
}

async fn letters_are_checked_kept_queued_listed_and_printed(db: Db) {
    let Some(app) = spawn_app_on(db, "letters", "2026-11-24 10:00", 10).await else {
        return;
    };
    let (reference, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    app.set_now("2026-11-25 09:00");
    let ack = |body: &str, delivery: &str| {
        json!({"type": "acknowledge", "phone": "0113 378 5020", "email": "pps@example.org",
               "letter": {"body": body, "delivery": delivery}})
    };
    // Without the response date, refused naming the field and the date; nothing is stored.
    let response = app
        .act_as(
            &app.officer,
            &reference,
            &ack(&BODY.replace("15 December", "16 December"), "email"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["field"], "letter.body", "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("15 December 2026"),
        "{error}"
    );
    assert!(letters(&app, &reference).await.is_empty());
    // With it, sent by e-mail: the event keeps the text, the outbox has the e-mail.
    let case = app.act_ok(&reference, ack(BODY, "email")).await;
    let event = case["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(event["letter"]["text"]["body"], BODY);
    let list = letters(&app, &reference).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "acknowledgement");
    assert_eq!(list[0]["status"], "queued");
    let pending = app.store.pending_outbox(10).await.unwrap();
    let mail = pending
        .iter()
        .find(|m| m.kind == "acknowledgement")
        .expect("the letter is queued");
    assert_eq!(mail.payload["to"], "parent@example.org");
    assert!(
        mail.payload["subject"]
            .as_str()
            .unwrap()
            .contains(&format!("[{reference}]"))
    );
    assert!(mail.payload["text"].as_str().unwrap().contains(BODY));
    assert_eq!(mail.payload["letter"]["body"], BODY);
    assert_eq!(
        mail.payload["letter"]["letterhead"]["organisation"],
        "Leeds Parent Partnership Service"
    );
    // Once the mail server has it, the list says sent.
    app.store.mark_sent(&mail.id, app.app.now()).await.unwrap();
    assert_eq!(letters(&app, &reference).await[0]["status"], "sent");
    // An update marked as posted goes to nobody's inbox and says posted.
    app.act_ok(&reference, json!({"type": "send-update", "summary": "We have asked for the notes.",
        "letter": {"body": "We have asked for the notes. We still expect to reply by 15 December 2026.", "delivery": "post"}})).await;
    let list = letters(&app, &reference).await;
    assert_eq!(list[1]["status"], "posted");
    assert_eq!(
        app.store
            .pending_outbox(10)
            .await
            .unwrap()
            .iter()
            .filter(|m| m.kind == "update")
            .count(),
        0
    );
    // The PDF: a real one, with the reference, the organisation and the date in its text.
    let url = format!("{}{}", app.address, list[0]["pdf_url"].as_str().unwrap());
    let response = app
        .client
        .get(&url)
        .bearer_auth(&app.officer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for wanted in [
        reference.as_str(),
        "Leeds Parent Partnership Service",
        "15 December 2026",
    ] {
        assert!(text.contains(wanted), "{wanted} not in {text}");
    }
    // No such letter (the receipt, event 1, sent none): 404; not a letter id: 422 naming it.
    let base = format!("{}/api/v1/cases/{reference}/letters", app.address);
    let missing = app
        .client
        .get(format!("{base}/1/pdf"))
        .bearer_auth(&app.officer)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let bad = app
        .client
        .get(format!("{base}/x/pdf"))
        .bearer_auth(&app.officer)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn letters_are_checked_kept_queued_listed_and_printed_on_sqlite() {
    letters_are_checked_kept_queued_listed_and_printed(Db::Sqlite).await;
}

#[tokio::test]
async fn letters_are_checked_kept_queued_listed_and_printed_on_postgres() {
    letters_are_checked_kept_queued_listed_and_printed(Db::Postgres).await;
}
