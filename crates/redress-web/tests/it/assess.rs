//! The self-assessment's live evidence on SQLite and PostgreSQL: SENDIASS' complaints recorded
//! and acted on through the API, assessed against the Housing Ombudsman's 2024 Code, with each
//! count worked out by hand from the dates (England and Wales; no bank holiday falls in the
//! weeks used).

use redress_core::codes::{Verdict, shipped};
use redress_core::ids::OrgId;
use redress_core::report::Period;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, complaint, spawn_app_on};

const ORG: &str = "sendiass-staffordshire";

async fn case(app: &TestApp, received: &str, actions: &[Value]) {
    let response = app
        .record(
            ORG,
            &json!({"submission": complaint(json!({})), "at": received}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let recorded: Value = response.json().await.expect("JSON");
    let reference = recorded["reference"]
        .as_str()
        .expect("a reference")
        .to_owned();
    for body in actions {
        let response = app.act_as(&app.officer, &reference, body).await;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{body} → {text}");
    }
}

fn respond(at: &str) -> Value {
    json!({"type": "respond", "outcome": "not-upheld", "findings": "Calls were returned.", "how_investigated": "Read the notes.", "at": at})
}

fn acknowledge(at: &str) -> Value {
    json!({"type": "acknowledge", "at": at})
}

async fn assessment_counts_the_period_by_hand(db: Db) {
    let Some(app) = spawn_app_on(db, "assess", "2026-06-01 10:00", 10).await else {
        return;
    };
    // A: Mon 2 Mar; acknowledged Thu 5 Mar (3 working days: within 5); answered Mon 30 Mar,
    // 17 working days after the acknowledgement (6, 9-13, 16-20, 23-27, 30): not within 10.
    case(
        &app,
        "2026-03-02T10:00:00Z",
        &[
            acknowledge("2026-03-05T10:00:00Z"),
            respond("2026-03-30T15:00:00Z"),
        ],
    )
    .await;
    // B: Mon 2 Feb; acknowledged Mon 9 Feb (3, 4, 5, 6, 9: 5, within); answered Fri 13 Feb,
    // 4 working days after it: within.
    case(
        &app,
        "2026-02-02T10:00:00Z",
        &[
            acknowledge("2026-02-09T10:00:00Z"),
            respond("2026-02-13T15:00:00Z"),
        ],
    )
    .await;
    // C: Mon 12 Jan; acknowledged Tue 20 Jan (13-16, 19, 20: 6, late); answered Wed 21 Jan, 1
    // working day after it: within.
    case(
        &app,
        "2026-01-12T10:00:00Z",
        &[
            acknowledge("2026-01-20T10:00:00Z"),
            respond("2026-01-21T15:00:00Z"),
        ],
    )
    .await;
    // D: acknowledged in December 2025, before the period: not counted.
    case(
        &app,
        "2025-12-15T10:00:00Z",
        &[acknowledge("2025-12-16T10:00:00Z")],
    )
    .await;

    let code = shipped("housing-ombudsman-2024").expect("shipped");
    let org = OrgId::parse(ORG).expect("an id");
    let period = Period::parse("2026-Q1").expect("a period");
    let assessment = app
        .app
        .assess(&org, &code, period, None)
        .await
        .expect("assessed");
    let row = |section: &str| {
        assessment
            .rows
            .iter()
            .find(|r| r.section == section)
            .expect("a row")
    };
    let acknowledged = row("6.2");
    let live = acknowledged.live.as_ref().expect("live evidence");
    assert_eq!((live.within.count, live.within.of), (2, 3), "{db:?}");
    // The procedure's 5 working days meet 6.2, but C's late acknowledgement does not.
    assert_eq!(acknowledged.procedure.verdict, Verdict::Met);
    assert_eq!(acknowledged.verdict, Verdict::NotMet);
    let answered = row("6.3").live.as_ref().expect("live evidence");
    assert_eq!((answered.within.count, answered.within.of), (2, 3));
    // No complaint reached stage 2: the procedure alone shows 6.11 is met.
    let stage_two = row("6.11");
    assert_eq!(stage_two.live.as_ref().map(|l| l.within.of), Some(0));
    assert_eq!(stage_two.verdict, Verdict::Met);
    // 6.12: SENDIASS asks the complainant to say why (not met); 1, the definition, is not
    // shown by a file or the cases.
    assert_eq!(row("6.12").verdict, Verdict::NotMet);
    assert_eq!(row("1").verdict, Verdict::NotEvidenced);

    let csv = String::from_utf8(
        redress_web::assess::render(&assessment, redress_web::reports::Format::Csv).expect("CSV"),
    )
    .expect("UTF-8");
    // The CSV opens with a byte-order mark, so spreadsheets read it as UTF-8.
    assert!(
        csv.starts_with("\u{feff}Provision,Requirement,Met?,Evidence,Commentary"),
        "{csv}"
    );
    assert!(
        csv.contains("Cases: answered at stage 1 within 10 working days of the acknowledgement in 67 % of 3 complaints."),
        "{csv}"
    );
    assert!(csv.contains("Cases: no complaint was acknowledged at stage 2 in the period."));
    let html = String::from_utf8(
        redress_web::assess::render(&assessment, redress_web::reports::Format::Html).expect("HTML"),
    )
    .expect("UTF-8");
    assert!(
        html.contains("<td class=\"verdict\">Not met</td>"),
        "{html}"
    );
    let pdf =
        redress_web::assess::render(&assessment, redress_web::reports::Format::Pdf).expect("PDF");
    assert!(pdf.starts_with(b"%PDF"));
    // For the screenshots in docs/screenshots: `REDRESS_ASSESSMENT_DIR=DIR` keeps the files.
    if let Ok(dir) = std::env::var("REDRESS_ASSESSMENT_DIR")
        && db == Db::Sqlite
    {
        std::fs::write(format!("{dir}/assessment.html"), &html).expect("written");
        std::fs::write(format!("{dir}/assessment.pdf"), &pdf).expect("written");
    }

    // Another period counts none of them; an unknown organisation is named as the field.
    let q4 = Period::parse("2025-Q4").expect("a period");
    let earlier = app
        .app
        .assess(&org, &code, q4, None)
        .await
        .expect("assessed");
    let early = earlier
        .rows
        .iter()
        .find(|r| r.section == "6.2")
        .expect("a row");
    assert_eq!(
        early.live.as_ref().map(|l| (l.within.count, l.within.of)),
        Some((1, 1))
    );
    let unknown = OrgId::parse("no-such-org").expect("an id");
    let error = app
        .app
        .assess(&unknown, &code, period, None)
        .await
        .expect_err("unknown");
    assert!(error.to_string().contains("no-such-org"), "{error}");
}

#[tokio::test]
async fn assessment_counts_the_period_by_hand_on_sqlite() {
    assessment_counts_the_period_by_hand(Db::Sqlite).await;
}

#[tokio::test]
async fn assessment_counts_the_period_by_hand_on_postgres() {
    assessment_counts_the_period_by_hand(Db::Postgres).await;
}
