//! The authorisation matrix, on SQLite and PostgreSQL: every staff endpoint of the API and
//! every staff page, asked by each kind of user — an admin of the organisation, an admin of
//! another, an admin named in the case, a feedback officer, a manager, an investigator not
//! assigned, a reviewer assigned and one not, and a read-only user. Every cell is asserted.
//!
//! The case is a PIPS complaint about the Chair, acknowledged, with a letter, an attachment, an
//! ombudsman's enquiry and a reviewer assigned to its current stage. A case someone may not see is "not found" on every
//! address that names it; what they may see but not do is "forbidden"; what they may do answers
//! as it would for anyone allowed.

use redress_core::ids::OrgId;
use redress_store::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, complaint, spawn_app_on};
use crate::pages_staff::{Browser, PASSWORD};

const ORG: &str = "pips-stockport";

/// One kind of user: who, their staff role and organisation, the procedure roles they hold,
/// and whether they see the case and may act on it.
struct Who {
    what: &'static str,
    username: &'static str,
    org: &'static str,
    role: Role,
    holds: &'static [&'static str],
    sees: bool,
    acts: bool,
}

const PEOPLE: [Who; 9] = [
    Who {
        what: "admin of the organisation",
        username: "admin-own",
        org: ORG,
        role: Role::Admin,
        holds: &[],
        sees: true,
        acts: true,
    },
    Who {
        what: "admin of another organisation",
        username: "admin-other",
        org: "leeds-pps",
        role: Role::Admin,
        holds: &[],
        sees: false,
        acts: false,
    },
    Who {
        what: "admin named in the case (holds the Chair's role)",
        username: "admin-named",
        org: ORG,
        role: Role::Admin,
        holds: &["chair"],
        sees: false,
        acts: false,
    },
    Who {
        what: "feedback officer",
        username: "fo-pips",
        org: ORG,
        role: Role::FeedbackOfficer,
        holds: &[],
        sees: true,
        acts: true,
    },
    Who {
        what: "manager",
        username: "manager-pips",
        org: ORG,
        role: Role::Manager,
        holds: &[],
        sees: true,
        acts: true,
    },
    Who {
        what: "investigator, not assigned",
        username: "investigator",
        org: ORG,
        role: Role::Investigator,
        holds: &[],
        sees: false,
        acts: false,
    },
    Who {
        what: "reviewer, assigned",
        username: "reviewer-assigned",
        org: ORG,
        role: Role::Reviewer,
        holds: &[],
        sees: true,
        acts: true,
    },
    Who {
        what: "reviewer, not assigned",
        username: "reviewer",
        org: ORG,
        role: Role::Reviewer,
        holds: &[],
        sees: false,
        acts: false,
    },
    Who {
        what: "read-only",
        username: "reader-pips",
        org: ORG,
        role: Role::ReadOnly,
        holds: &[],
        sees: true,
        acts: false,
    },
];

/// What a request about the case answers, for someone who does not see it, sees it without
/// acting, or acts.
fn expected(who: &Who, reads: bool, allowed: StatusCode) -> StatusCode {
    match (who.sees, who.acts || reads) {
        (false, _) => StatusCode::NOT_FOUND,
        (true, false) => StatusCode::FORBIDDEN,
        (true, true) => allowed,
    }
}

/// The case: a PIPS complaint about the Chair, acknowledged, with an update letter, a file, an
/// ombudsman's enquiry and the assigned reviewer. (reference, attachment sha256, letter PDF address)
async fn the_case(app: &TestApp, officer: &str) -> (String, String, String) {
    let (reference, _) = app
        .submit_ok(
            ORG,
            &complaint(json!({ "people_named": [{ "name": "The Chair", "role": "chair" }] })),
        )
        .await;
    for step in [
        json!({ "type": "acknowledge" }),
        json!({ "type": "assign-handler", "name": "Rae Reviewer", "role": "data-protection-secretary", "username": "reviewer-assigned" }),
        json!({ "type": "record-ombudsman-enquiry", "ombudsman_reference": "LGSCO 26 000 001", "received_on": "2026-12-16", "summary": "Please send the file." }),
    ] {
        let response = app.act_as(officer, &reference, &step).await;
        assert_eq!(response.status(), StatusCode::OK, "{step}");
    }
    // An update must state when the full response is due.
    let read: Value = app
        .case_as(officer, &reference)
        .await
        .json()
        .await
        .expect("json");
    let due = read["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|d| d["clock"] == "response")
        .expect("a response deadline")["due"]["date"]
        .as_str()
        .expect("a date")
        .parse::<jiff::civil::Date>()
        .expect("a date")
        .strftime("%-d %B %Y")
        .to_string();
    for step in [
        json!({ "type": "send-update", "summary": "We have asked for the notes.",
        "letter": { "body": format!("We have asked for the notes. We still expect to reply by {due}."), "delivery": "post" } }),
    ] {
        let response = app.act_as(officer, &reference, &step).await;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{step}: {body}");
    }
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";
    let uploaded = upload(app, officer, &reference, Some(png)).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let sha: Value = uploaded.json().await.expect("json");
    let sha = sha["sha256"].as_str().expect("a sha256").to_owned();
    let letters: Value = app
        .client
        .get(format!("{}/api/v1/cases/{reference}/letters", app.address))
        .bearer_auth(officer)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    let pdf = letters["letters"][0]["pdf_url"]
        .as_str()
        .expect("a letter with a PDF")
        .to_owned();
    (reference, sha, pdf)
}

/// Uploads a PNG, or a form with no file in it.
async fn upload(
    app: &TestApp,
    bearer: &str,
    reference: &str,
    png: Option<&[u8]>,
) -> reqwest::Response {
    let boundary = "redress-matrix-boundary";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nA note\r\n")
            .into_bytes();
    if let Some(bytes) = png {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    app.client
        .post(format!(
            "{}/api/v1/cases/{reference}/attachments",
            app.address
        ))
        .bearer_auth(bearer)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("sent")
}

async fn api(
    app: &TestApp,
    bearer: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> StatusCode {
    let url = format!("{}/api/v1{path}", app.address);
    let request = match method {
        "GET" => app.client.get(url),
        _ => app.client.post(url),
    }
    .bearer_auth(bearer);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    request.send().await.expect("sent").status()
}

async fn matrix(db: Db) {
    let Some(app) = spawn_app_on(db, "authorisation_matrix", "2026-12-16 10:00", 10).await else {
        return;
    };
    let mut bearers = Vec::new();
    for who in &PEOPLE {
        let org = OrgId::parse(who.org).unwrap();
        app.app
            .add_user(who.username, who.what, Some(PASSWORD))
            .await
            .unwrap();
        app.app.grant(who.username, &org, who.role).await.unwrap();
        for held in who.holds {
            app.app.hold(who.username, &org, held).await.unwrap();
        }
        bearers.push(app.app.create_token(who.username, "matrix").await.unwrap());
    }
    let officer = bearers[3].clone();
    let (reference, sha, pdf) = the_case(&app, &officer).await;
    let pdf = pdf
        .strip_prefix("/api/v1")
        .expect("an API address")
        .to_owned();
    let case = format!("/cases/{reference}");

    for (who, bearer) in PEOPLE.iter().zip(&bearers) {
        let member = who.org == ORG;
        // The API, about the case.
        let about_the_case: [(&str, String, Option<Value>, bool, StatusCode); 13] = [
            ("GET", case.clone(), None, true, StatusCode::OK),
            ("GET", format!("{case}/letters"), None, true, StatusCode::OK),
            ("GET", pdf.clone(), None, true, StatusCode::OK),
            (
                "GET",
                format!("{case}/attachments"),
                None,
                true,
                StatusCode::OK,
            ),
            (
                "GET",
                format!("{case}/attachments/{sha}"),
                None,
                true,
                StatusCode::OK,
            ),
            ("GET", format!("{case}/outbox"), None, true, StatusCode::OK),
            (
                "GET",
                format!("{case}/enquiries"),
                None,
                true,
                StatusCode::OK,
            ),
            (
                "GET",
                format!("{case}/enquiries/1/pack.pdf"),
                None,
                true,
                StatusCode::OK,
            ),
            (
                "GET",
                format!("{case}/enquiries/1/pack.zip"),
                None,
                true,
                StatusCode::OK,
            ),
            (
                "POST",
                format!("{case}/enquiries"),
                Some(
                    json!({ "ombudsman_reference": "LGSCO 26 000 002", "received_on": "2026-12-16", "summary": "And the letters." }),
                ),
                false,
                StatusCode::OK,
            ),
            (
                "POST",
                format!("{case}/actions"),
                Some(json!({ "type": "add-note", "text": "Looked." })),
                false,
                StatusCode::OK,
            ),
            (
                "POST",
                format!("{case}/tracking-link"),
                Some(json!({ "delivery": "shown" })),
                false,
                StatusCode::CREATED,
            ),
            (
                "POST",
                format!("{case}/attachments"),
                None,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ];
        for (method, path, body, reads, allowed) in about_the_case {
            let status = if method == "POST" && path.ends_with("/attachments") {
                // Sent without a file: whoever may act gets as far as being told the file
                // is missing (the case holds as many files as a test case may), the others
                // are stopped before that.
                upload(&app, bearer, &reference, None).await.status()
            } else {
                api(&app, bearer, method, &path, body).await
            };
            assert_eq!(
                status,
                expected(who, reads, allowed),
                "{}: API {method} {path}",
                who.what
            );
        }

        // The API, about the organisation.
        let org_wide: [(&str, &str, Option<Value>, StatusCode); 4] = [
            (
                "GET",
                "/orgs/pips-stockport/procedure",
                None,
                // A procedure is public: its start page explains it to everyone.
                StatusCode::OK,
            ),
            (
                "POST",
                "/orgs/pips-stockport/cases",
                Some(json!({ "submission": complaint(json!({})) })),
                match (member, who.role) {
                    (false, _) => StatusCode::NOT_FOUND,
                    (true, Role::ReadOnly) => StatusCode::FORBIDDEN,
                    (true, _) => StatusCode::CREATED,
                },
            ),
            (
                "GET",
                "/mail?org=pips-stockport",
                None,
                // Unsorted mail may be about anyone: only roles that see every case read it.
                match who.role {
                    Role::Investigator | Role::Reviewer | Role::External => StatusCode::FORBIDDEN,
                    _ => StatusCode::OK,
                },
            ),
            (
                "GET",
                "/outbox/parked",
                None,
                // Everyone may ask; only an admin's list has anything in it.
                StatusCode::OK,
            ),
        ];
        for (method, path, body, want) in org_wide {
            assert_eq!(
                api(&app, bearer, method, path, body).await,
                want,
                "{}: API {method} {path}",
                who.what
            );
        }

        // The case list filtered to the organisation: everyone may ask (a filter naming
        // another organisation finds nothing); the case is there only for those who see it.
        let list = app.list_as(bearer, "org=pips-stockport").await;
        assert_eq!(list.status(), StatusCode::OK, "{}: API case list", who.what);
        let list: Value = list.json().await.expect("json");
        let cases = list["cases"].as_array().expect("cases");
        assert_eq!(
            cases.iter().any(|c| c["reference"] == reference.as_str()),
            who.sees,
            "{}: API case list",
            who.what
        );
        if !member {
            assert!(cases.is_empty(), "{}: nothing of PIPS", who.what);
        }

        // The organisation's report, through the API: the same rule as the page.
        let report = app
            .client
            .get(format!(
                "{}/api/v1/reports?org=pips-stockport&period=2026",
                app.address
            ))
            .bearer_auth(bearer)
            .send()
            .await
            .expect("sent");
        assert_eq!(
            report.status(),
            if member {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            "{}: API report",
            who.what
        );

        // The organisation's self-assessment, through the API: the reports' rule.
        let assessment = api(
            &app,
            bearer,
            "GET",
            "/assessments?org=pips-stockport&against=lgsco-2026&period=2026",
            None,
        )
        .await;
        assert_eq!(
            assessment,
            if member {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            "{}: API assessment",
            who.what
        );

        // The pages.
        let browser = Browser::signed_in(&app, who.username).await;
        let staff_case = format!("/staff/cases/{reference}");
        let reads = [
            (staff_case.clone(), expected(who, true, StatusCode::OK)),
            (
                format!("{staff_case}/attachments/{sha}"),
                expected(who, true, StatusCode::OK),
            ),
            (format!("/staff{pdf}"), expected(who, true, StatusCode::OK)),
            (
                format!("{staff_case}/conduct"),
                expected(who, true, StatusCode::OK),
            ),
            (
                format!("{staff_case}/enquiries/1/pack.pdf"),
                expected(who, true, StatusCode::OK),
            ),
            (
                format!("{staff_case}/enquiries/1/pack.zip"),
                expected(who, true, StatusCode::OK),
            ),
            ("/staff".to_owned(), StatusCode::OK),
            ("/staff/cases".to_owned(), StatusCode::OK),
            // Reports hold no personal data: every member reads them; to anyone else the
            // organisation is unknown, a 422 naming `org`.
            (
                "/staff/reports?org=pips-stockport&period=2026".to_owned(),
                if member {
                    StatusCode::OK
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                },
            ),
            // Self-assessments are figures too: the reports' rule, page and download alike.
            (
                "/staff/assess?org=pips-stockport&against=lgsco-2026&period=2026".to_owned(),
                if member {
                    StatusCode::OK
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                },
            ),
            (
                "/staff/assess.pdf?org=pips-stockport&against=spso-mchp&period=2026".to_owned(),
                if member {
                    StatusCode::OK
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                },
            ),
            ("/staff/assess".to_owned(), StatusCode::OK),
            ("/staff/calendar".to_owned(), StatusCode::OK),
            (
                "/staff/mail".to_owned(),
                match who.role {
                    Role::Investigator | Role::Reviewer | Role::External => StatusCode::FORBIDDEN,
                    _ => StatusCode::OK,
                },
            ),
            (
                "/staff/logs/complaints?org=pips-stockport&year=2026".to_owned(),
                if member {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                },
            ),
            (
                "/staff/procedure/pips-stockport".to_owned(),
                if member {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                },
            ),
            (
                "/staff/users".to_owned(),
                if who.role == Role::Admin {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                },
            ),
            (
                "/staff/people".to_owned(),
                if who.role == Role::Admin {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                },
            ),
            (
                "/staff/members".to_owned(),
                if who.role == Role::Admin {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                },
            ),
            (
                "/staff/outbox".to_owned(),
                if who.role == Role::Admin {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                },
            ),
        ];
        for (path, want) in reads {
            let page = browser.get(&path).await;
            assert_eq!(page.status, want, "{}: page {path}", who.what);
            if want == StatusCode::NOT_FOUND {
                assert!(
                    !page.body.contains("The Chair"),
                    "{}: {path} tells nothing of the case",
                    who.what
                );
            }
        }
        let csrf = browser.get("/staff").await.csrf();
        let noted = browser
            .post(
                &format!("{staff_case}/actions/add-note"),
                &[
                    ("csrf", &csrf),
                    ("text", "Looked at it."),
                    ("on", "2026-12-16"),
                ],
            )
            .await;
        assert_eq!(
            noted.status,
            expected(who, false, StatusCode::SEE_OTHER),
            "{}: page POST add-note: {}",
            who.what,
            noted
                .body
                .split("govuk-error-summary__list")
                .nth(1)
                .unwrap_or_default()
                .chars()
                .take(400)
                .collect::<String>()
        );
        let listed = browser
            .get(&format!("/staff/cases?q={}", reference))
            .await
            .body
            .contains(&format!("/staff/cases/{reference}\""));
        assert_eq!(listed, who.sees, "{}: the case list", who.what);
    }
}

#[tokio::test]
async fn every_staff_address_answers_each_kind_of_user_as_the_access_rule_says_on_sqlite() {
    matrix(Db::Sqlite).await;
}

#[tokio::test]
async fn every_staff_address_answers_each_kind_of_user_as_the_access_rule_says_on_postgres() {
    matrix(Db::Postgres).await;
}
