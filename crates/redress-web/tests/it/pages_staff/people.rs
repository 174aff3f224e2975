//! Issue 9, part 4: the administrators' subject access page gathers every case holding an
//! address — as a list, JSON and PDF — records each export in the audit log, and keeps out a
//! case that keeps the administrator out, as everywhere; bad input is a 422 naming the field.
//! A rectification (`rectify`) is found under the corrected address and audited; an erasure
//! request erases the closed cases and keeps the open one, saying why.

use redress_store::{Role, Store};
use reqwest::StatusCode;
use serde_json::json;

use super::{Browser, user};
use crate::helpers::{Db, complaint, spawn_app_with_url};

async fn story(db: Db) {
    let Some((app, _)) = spawn_app_with_url(db, "people_page", "2026-12-23 10:00").await else {
        return;
    };
    user(&app, "boss", Role::Admin, &["leeds-pps"]).await;
    user(&app, "kept", Role::Admin, &["leeds-pps"]).await;
    user(&app, "clerk", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let (open, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    let (conflicted, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    let (someone_else, _) = app
        .submit_ok(
            "leeds-pps",
            &complaint(json!({ "complainant": { "name": "B Other", "email": "b@example.org" } })),
        )
        .await;
    app.act_ok(
        &conflicted,
        json!({ "type": "declare-conflict", "username": "kept", "reason": "The parent is my neighbour." }),
    )
    .await;

    let clerk = Browser::signed_in(&app, "clerk").await;
    assert_eq!(
        clerk.get("/staff/people").await.status,
        StatusCode::FORBIDDEN
    );

    let boss = Browser::signed_in(&app, "boss").await;
    let form = boss.get("/staff/people").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf();
    let found = boss
        .post(
            "/staff/people",
            &[
                ("csrf", &csrf),
                ("email", "Parent@Example.org"),
                ("format", "page"),
            ],
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert!(
        found.body.contains(&open) && found.body.contains(&conflicted),
        "{}",
        found.body
    );
    assert!(!found.body.contains(&someone_else), "{}", found.body);
    let pdf = boss
        .post(
            "/staff/people",
            &[
                ("csrf", &csrf),
                ("email", "parent@example.org"),
                ("format", "pdf"),
            ],
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF-"), "a PDF");
    for (email, problem) in [
        ("", "Enter the e-mail address"),
        ("not an address", "e-mail address"),
    ] {
        let refused = boss
            .post(
                "/staff/people",
                &[("csrf", &csrf), ("email", email), ("format", "page")],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{email:?}"
        );
        assert!(refused.body.contains("href=\"#email\""), "{}", refused.body);
        assert!(refused.body.contains(problem), "{}", refused.body);
    }

    // Kept out of one case: the export does not hold it, in any form.
    let kept = Browser::signed_in(&app, "kept").await;
    let csrf = kept.get("/staff/people").await.csrf();
    let json_export = kept
        .post(
            "/staff/people",
            &[
                ("csrf", &csrf),
                ("email", "parent@example.org"),
                ("format", "json"),
            ],
        )
        .await;
    assert_eq!(json_export.status, StatusCode::OK);
    let export: serde_json::Value = serde_json::from_str(&json_export.body).expect("JSON");
    let references: Vec<&str> = export["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| case["reference"].as_str().expect("a reference"))
        .collect();
    assert_eq!(references, [open.as_str()]);
    assert!(!json_export.body.contains(&conflicted));

    let said = |reference: &str| {
        let store = app.store.clone();
        let reference = reference.to_owned();
        async move {
            store
                .case_audit(&reference, 100)
                .await
                .expect("entries")
                .into_iter()
                .map(|r| format!("{}: {}", r.entry.actor, r.entry.action))
                .collect::<Vec<_>>()
        }
    };
    let on_open = said(&open).await;
    assert_eq!(
        on_open
            .iter()
            .filter(|e| *e == "boss: subject access export")
            .count(),
        2,
        "the page and the PDF: {on_open:?}"
    );
    assert!(
        on_open.contains(&"kept: subject access export".to_owned()),
        "{on_open:?}"
    );
    let on_conflicted = said(&conflicted).await;
    assert!(
        !on_conflicted.iter().any(|e| e.starts_with("kept:")),
        "{on_conflicted:?}"
    );
    assert!(
        !said(&someone_else)
            .await
            .iter()
            .any(|e| e.contains("subject access"))
    );

    // Rectification: B Other's address was mistyped; corrected through the API, the case is
    // found under the corrected address, and the change is in the audit log.
    let corrected = app
        .act_ok(
            &someone_else,
            json!({
                "type": "rectify",
                "detail": "email",
                "value": "b.other@example.org",
                "request": "B Other rang on 23 December: the address was mistyped."
            }),
        )
        .await;
    assert_eq!(
        corrected["case"]["submission"]["complainant"]["email"], "b.other@example.org",
        "{corrected}"
    );
    let refused = app
        .act_as(
            &app.officer,
            &someone_else,
            &json!({ "type": "rectify", "detail": "email", "value": "nope", "request": "By phone." }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused: serde_json::Value = refused.json().await.expect("JSON");
    assert_eq!(refused["error"]["field"], "value", "{refused}");
    assert!(
        said(&someone_else)
            .await
            .iter()
            .any(|e| e.ends_with(": rectify")),
        "{:?}",
        said(&someone_else).await
    );
    let csrf = boss.get("/staff/people").await.csrf();
    let under_new = boss
        .post(
            "/staff/people",
            &[
                ("csrf", &csrf),
                ("email", "b.other@example.org"),
                ("format", "page"),
            ],
        )
        .await;
    assert!(under_new.body.contains(&someone_else), "{}", under_new.body);

    // Erasure: only an administrator; a request without its words changes nothing.
    let clerk_csrf = clerk.get("/staff").await.csrf();
    let by_clerk = clerk
        .post(
            "/staff/people/erase",
            &[
                ("csrf", &clerk_csrf),
                ("email", "parent@example.org"),
                ("reason", "Asked by e-mail."),
            ],
        )
        .await;
    assert_eq!(by_clerk.status, StatusCode::FORBIDDEN, "{}", by_clerk.body);
    let no_reason = boss
        .post(
            "/staff/people/erase",
            &[
                ("csrf", &csrf),
                ("email", "parent@example.org"),
                ("reason", " "),
            ],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason.body.contains("href=\"#reason\""),
        "{}",
        no_reason.body
    );
    app.act_ok(
        &conflicted,
        json!({ "type": "withdraw", "reason": "Sorted out at the school gate" }),
    )
    .await;
    let erased = boss
        .post(
            "/staff/people/erase",
            &[
                ("csrf", &csrf),
                ("email", "parent@example.org"),
                ("reason", "Asked by e-mail on 23 December."),
            ],
        )
        .await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
    let erased_part = erased
        .body
        .split("id=\"erased\"")
        .nth(1)
        .expect("the erased list");
    assert!(erased_part.contains(&conflicted), "{erased_part}");
    assert!(erased_part.contains(&open), "kept, with why: {erased_part}");
    let case = app.case(&conflicted).await;
    assert!(
        !case.to_string().contains("parent@example.org"),
        "the withdrawn case keeps no address: {case}"
    );
    let still_open = app.case(&open).await;
    assert!(still_open.to_string().contains("parent@example.org"));
}

#[tokio::test]
async fn the_subject_access_page_gathers_what_the_admin_may_see_on_sqlite() {
    story(Db::Sqlite).await;
}

#[tokio::test]
async fn the_subject_access_page_gathers_what_the_admin_may_see_on_postgres() {
    story(Db::Postgres).await;
}
