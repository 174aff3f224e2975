//! Issue 9, part 2: every read and change of a case is in the hash-chained audit log — who,
//! when, what, from where — administrators see "Who looked at this case" on the case page, and
//! the chain check names an entry altered and an entry removed straight in the database.

use redress_store::{Role, Store};
use reqwest::StatusCode;
use serde_json::json;

use super::{Browser, user};
use crate::helpers::{Db, complaint, spawn_app_with_url};

/// The address the test (a trusted proxy) says the officer's requests come from.
const OFFICE: &str = "203.0.113.9";

async fn story(db: Db) {
    let Some((app, url)) = spawn_app_with_url(db, "audit_story", "2026-12-23 10:00").await else {
        return;
    };
    user(&app, "boss", Role::Admin, &["leeds-pps"]).await;
    user(&app, "clerk", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let (reference, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    let get = |path: String| {
        app.client
            .get(format!("{}{path}", app.address))
            .bearer_auth(&app.officer)
            .header("x-forwarded-for", OFFICE)
    };
    let read = get(format!("/api/v1/cases/{reference}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(read.status(), StatusCode::OK);
    let acted = app
        .client
        .post(format!("{}/api/v1/cases/{reference}/actions", app.address))
        .bearer_auth(&app.officer)
        .header("x-forwarded-for", OFFICE)
        .json(&json!({ "type": "acknowledge", "phone": "0113 496 0000", "email": "feedback@example.org" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        acted.status(),
        StatusCode::OK,
        "{}",
        acted.text().await.unwrap_or_default()
    );
    let letters: serde_json::Value = get(format!("/api/v1/cases/{reference}/letters"))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    let id = letters["letters"][0]["id"]
        .as_u64()
        .expect("the acknowledgement letter");
    let pdf = get(format!("/api/v1/cases/{reference}/letters/{id}/pdf"))
        .send()
        .await
        .expect("sent");
    assert_eq!(pdf.status(), StatusCode::OK);
    // Refused: nothing of the case shown, nothing changed, nothing recorded.
    let refused = app
        .act_as(&app.officer, &reference, &json!({ "type": "acknowledge", "phone": "0113 496 0000", "email": "feedback@example.org" }))
        .await;
    assert!(refused.status().is_client_error(), "{}", refused.status());
    // Someone who may not see the case reads nothing and leaves no entry for it.
    let outsider = user_token(&app, "outsider", "kings-park-pp").await;
    let hidden = app.case_as(&outsider, &reference).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);

    let clerk = Browser::signed_in(&app, "clerk").await;
    let page = clerk.get(&format!("/staff/cases/{reference}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("Who looked at this case"),
        "{}",
        page.body
    );
    let boss = Browser::signed_in(&app, "boss").await;
    let page = boss.get(&format!("/staff/cases/{reference}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for seen in [
        "Who looked at this case",
        "officer",
        OFFICE,
        "act: acknowledge",
        "download letter",
        "clerk",
        "public",
        "act: receive",
    ] {
        assert!(page.body.contains(seen), "{seen} in {}", page.body);
    }
    // The log holds no personal data of the complainant's.
    let looked = looked_section(&page.body);
    assert!(
        !looked.contains("Parent") && !looked.contains("parent@"),
        "{looked}"
    );

    let entries = app
        .store
        .case_audit(&reference, 100)
        .await
        .expect("entries");
    let said: Vec<(String, String, Option<String>)> = entries
        .iter()
        .rev()
        .map(|r| {
            (
                r.entry.actor.clone(),
                r.entry.action.clone(),
                r.entry.client.clone(),
            )
        })
        .collect();
    let office = Some(OFFICE.to_owned());
    let local = Some("127.0.0.1".to_owned());
    assert_eq!(
        said,
        [
            ("public".into(), "act: receive".into(), None),
            ("officer".into(), "read case".into(), office.clone()),
            ("officer".into(), "act: acknowledge".into(), office.clone()),
            ("officer".into(), "read letters".into(), office.clone()),
            (
                "officer".into(),
                format!("download letter {id}"),
                office.clone()
            ),
            ("clerk".into(), "read case".into(), local.clone()),
            ("boss".into(), "read case".into(), local.clone()),
        ]
    );
    let first = &entries.last().expect("an entry").entry;
    assert_eq!(first.at, crate::helpers::at("2026-12-23 10:00"));
    assert_eq!(first.org.as_ref().map(|o| o.as_str()), Some("leeds-pps"));

    let verdict = app.app.verify_audit().await.expect("verified");
    assert_eq!(verdict.problems, []);
    assert_eq!(verdict.entries, 7);

    // An intruder with the database changes who first read the case, and removes a download.
    let seq_of = |action: &str| {
        entries
            .iter()
            .rev()
            .find(|r| r.entry.action.starts_with(action))
            .expect("the entry")
            .seq
    };
    let (altered, removed) = (seq_of("read case"), seq_of("download letter"));
    tamper(
        &url,
        &[
            format!("UPDATE audit_log SET actor = 'nobody' WHERE seq = {altered}"),
            format!("DELETE FROM audit_log WHERE seq = {removed}"),
        ],
    )
    .await;
    let problems: Vec<String> = app
        .app
        .verify_audit()
        .await
        .expect("verified")
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            format!("entry {altered} was altered: its contents no longer match its hash"),
            format!("entry {removed} was removed"),
        ]
    );
}

/// The "Who looked at this case" section of a case page.
fn looked_section(body: &str) -> &str {
    let start = body.find("id=\"looked\"").expect("the section");
    let end = body[start..]
        .find("</table>")
        .map_or(body.len(), |e| start + e);
    &body[start..end]
}

/// A feedback officer of `org` only, with an API token.
async fn user_token(app: &crate::helpers::TestApp, username: &str, org: &str) -> String {
    user(app, username, Role::FeedbackOfficer, &[org]).await;
    app.app
        .create_token(username, "test")
        .await
        .expect("a token")
}

/// Runs statements straight on the database, as someone with access to it could.
pub(crate) async fn tamper(url: &str, statements: &[String]) {
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url)
            .await
            .expect("the file opens");
        for statement in statements {
            sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
                .execute(&pool)
                .await
                .expect("tampered");
        }
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url)
            .await
            .expect("the database opens");
        for statement in statements {
            sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
                .execute(&pool)
                .await
                .expect("tampered");
        }
        pool.close().await;
    }
}

#[tokio::test]
async fn reads_and_changes_are_audited_and_tampering_is_named_on_sqlite() {
    story(Db::Sqlite).await;
}

#[tokio::test]
async fn reads_and_changes_are_audited_and_tampering_is_named_on_postgres() {
    story(Db::Postgres).await;
}
