//! The self-assessment's live evidence on SQLite and PostgreSQL: SENDIASS' complaints recorded
//! and acted on through the API, assessed against the Housing Ombudsman's 2024 Code, with each
//! count worked out by hand from the dates (England and Wales; no bank holiday falls in the
//! weeks used). Then the page `/staff/assess`, its downloads and `GET /api/v1/assessments`:
//! the same table, each bad field named, and the JSON in the shape the OpenAPI document says.

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

/// Checks `value` against the part of JSON Schema the OpenAPI document uses for it: types
/// (one or a list), `enum`, `required`, `properties` and `items`. The path names where it fails.
fn conforms(value: &Value, schema: &Value, path: &str) {
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            other => panic!("{path}: a type of {other}"),
        };
        let is = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        assert!(
            types.contains(&is) || (is == "integer" && types.contains(&"number")),
            "{path}: {value} is not {types:?}"
        );
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        assert!(
            allowed.contains(value),
            "{path}: {value} not in {allowed:?}"
        );
    }
    if let Value::Object(object) = value {
        for key in schema["required"].as_array().into_iter().flatten() {
            let key = key.as_str().expect("a key");
            assert!(object.contains_key(key), "{path}: no {key}");
        }
        for (key, inner) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(field) = object.get(key) {
                conforms(field, inner, &format!("{path}.{key}"));
            }
        }
    }
    if let (Value::Array(items), Some(inner)) = (value, schema.get("items")) {
        for (index, item) in items.iter().enumerate() {
            conforms(item, inner, &format!("{path}[{index}]"));
        }
    }
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("assessment.pdf");
    std::fs::write(&path, pdf).expect("written");
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext reads it");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn the_assess_page_and_api_show_the_table_and_name_bad_fields(db: Db) {
    use crate::pages_staff::{Browser, user};
    use redress_store::Role;

    let Some(app) = spawn_app_on(db, "assess_page", "2026-06-01 10:00", 10).await else {
        return;
    };
    // B: acknowledged in 5 working days (within); C: in 6 (late). See the test above.
    case(
        &app,
        "2026-02-02T10:00:00Z",
        &[
            acknowledge("2026-02-09T10:00:00Z"),
            respond("2026-02-13T15:00:00Z"),
        ],
    )
    .await;
    case(
        &app,
        "2026-01-12T10:00:00Z",
        &[
            acknowledge("2026-01-20T10:00:00Z"),
            respond("2026-01-21T15:00:00Z"),
        ],
    )
    .await;
    // Any member reads the figures, read-only included.
    user(&app, "sendiass-reader", Role::ReadOnly, &[ORG]).await;
    let browser = Browser::signed_in(&app, "sendiass-reader").await;

    // Nothing chosen yet: the form with the four codes, no table, no error.
    let page = browser.get("/staff/assess").await;
    assert_eq!(page.status, StatusCode::OK, "{db:?}");
    for id in [
        "housing-ombudsman-2024",
        "lgsco-2026",
        "spso-mchp",
        "nhs-2009",
    ] {
        assert!(
            page.body.contains(&format!("value=\"{id}\"")),
            "{id}: {}",
            page.body
        );
    }
    assert!(!page.body.contains("govuk-error-summary"));
    assert!(!page.body.contains("Each provision of the code"));
    assert!(page.body.contains("href=\"/staff/assess\""), "in the menu");

    let query = "org=sendiass-staffordshire&against=housing-ombudsman-2024&period=2026-Q1";
    let page = browser.get(&format!("/staff/assess?{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = &page.body;
    assert!(
        html.contains("Self-assessment against the Housing Ombudsman"),
        "{html}"
    );
    assert!(html.contains("Evidence from the cases of 2026-Q1: 2026-01-01 to 2026-03-31."));
    assert!(
        html.contains("within 5 working days of the receipt in 50 % of 2 complaints"),
        "{html}"
    );
    // 6.2's row: its number as the row's header, the verdict as a red tag.
    let row = html
        .split("<th scope=\"row\" class=\"govuk-table__header\">6.2</th>")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("a row for 6.2");
    assert!(
        row.contains("<strong class=\"govuk-tag govuk-tag--red\">Not met</strong>"),
        "{row}"
    );
    assert!(
        html.contains("Self-assessment against the Housing Ombudsman")
            && html.contains(" met, ")
            && html.contains(" not evidenced."),
        "the counts: {html}"
    );
    let escaped = query.replace('&', "&#38;");
    for download in ["pdf", "csv", "json"] {
        assert!(
            html.contains(&format!("href=\"/staff/assess.{download}?{escaped}\"")),
            "{download}: {html}"
        );
    }

    // The downloads.
    let (status, media, csv) = browser
        .download(&format!("/staff/assess.csv?{query}"))
        .await;
    assert_eq!(
        (status, media.as_str()),
        (StatusCode::OK, "text/csv; charset=utf-8")
    );
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert!(csv.starts_with("\u{feff}Provision,Requirement,Met?,Evidence,Commentary"));
    assert!(csv.contains("50 % of 2 complaints"), "{csv}");
    let (status, media, pdf) = browser
        .download(&format!("/staff/assess.pdf?{query}"))
        .await;
    assert_eq!(
        (status, media.as_str()),
        (StatusCode::OK, "application/pdf")
    );
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Self-assessment against the Housing Ombudsman"),
        "{text}"
    );
    assert!(text.contains("6.2"), "{text}");
    let (status, media, json) = browser
        .download(&format!("/staff/assess.json?{query}"))
        .await;
    assert_eq!(
        (status, media.as_str()),
        (StatusCode::OK, "application/json")
    );
    let from_page: Value = serde_json::from_slice(&json).expect("JSON");

    // The API gives the same, in the shape its OpenAPI document says.
    let api = |path: String, bearer: Option<String>| {
        let request = app.client.get(format!("{}/api/v1{path}", app.address));
        let request = match bearer {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        async move { request.send().await.expect("sent") }
    };
    // The reader's own token: a member of SENDIASS only, so Leeds is not theirs.
    let officer = Some(
        app.app
            .create_token("sendiass-reader", "assess")
            .await
            .expect("a token"),
    );
    let answer = api(format!("/assessments?{query}"), officer.clone()).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let from_api: Value = answer.json().await.expect("JSON");
    assert_eq!(from_api, from_page);
    let row = from_api["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["section"] == "6.2")
        .expect("6.2");
    assert_eq!(row["verdict"], "not-met");
    assert_eq!(row["live"]["within"], json!({"count": 1, "of": 2}));
    let document: Value = api("/openapi.json".into(), None)
        .await
        .json()
        .await
        .expect("JSON");
    let schema = &document["paths"]["/api/v1/assessments"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    assert!(schema.is_object(), "documented");
    conforms(&from_api, schema, "assessment");

    // Bad input: each field named, nothing shown, the same field through the API.
    let bad = [
        (
            "org=sendiass-staffordshire&against=no-such-code&period=2026",
            "against",
        ),
        (
            "org=sendiass-staffordshire&against=lgsco-2026&period=2026-Q5",
            "period",
        ),
        ("org=leeds-pps&against=lgsco-2026&period=2026", "org"),
        ("org=Not%20An%20Id&against=lgsco-2026&period=2026", "org"),
        // Given twice (schemathesis found the bare 400 a struct extractor gave).
        (
            "org=sendiass-staffordshire&against=lgsco-2026&against=spso-mchp&period=2026",
            "against",
        ),
    ];
    for (query, field) in bad {
        let page = browser.get(&format!("/staff/assess?{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(
            page.body.contains(&format!("<a href=\"#{field}\">")),
            "{query}: {}",
            page.body
        );
        assert!(
            page.body.contains(&format!("id=\"{field}-error\"")),
            "{query}"
        );
        assert!(!page.body.contains("Each provision of the code"), "{query}");
        let (status, _, body) = browser
            .download(&format!("/staff/assess.csv?{query}"))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let body = String::from_utf8(body).expect("text");
        assert!(body.starts_with(&format!("{field}: ")), "{query}: {body}");
        let answer = api(format!("/assessments?{query}"), officer.clone()).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let error: Value = answer.json().await.expect("JSON");
        assert_eq!(error["error"]["field"], field, "{query}: {error}");
    }
    // Two at once are both named.
    let page = browser
        .get("/staff/assess?org=sendiass-staffordshire&against=nope&period=nope")
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("<a href=\"#against\">") && page.body.contains("<a href=\"#period\">")
    );
    // A download needs a code; the API needs every field.
    let (status, _, body) = browser
        .download("/staff/assess.pdf?org=sendiass-staffordshire&period=2026")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        String::from_utf8_lossy(&body)
            .starts_with("against: choose a code: one of housing-ombudsman-2024"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    for (query, field) in [
        ("against=lgsco-2026&period=2026", "org"),
        ("org=sendiass-staffordshire&period=2026", "against"),
        ("org=sendiass-staffordshire&against=lgsco-2026", "period"),
    ] {
        let answer = api(format!("/assessments?{query}"), officer.clone()).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let error: Value = answer.json().await.expect("JSON");
        assert_eq!(error["error"]["field"], field, "{query}: {error}");
    }
    // Another organisation's member is told the organisation is unknown, as for reports.
    let answer = api(
        format!("/assessments?{query}"),
        Some(app.leeds_only.clone()),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = api(format!("/assessments?{query}"), None).await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_assess_page_and_api_show_the_table_and_name_bad_fields_on_sqlite() {
    the_assess_page_and_api_show_the_table_and_name_bad_fields(Db::Sqlite).await;
}

#[tokio::test]
async fn the_assess_page_and_api_show_the_table_and_name_bad_fields_on_postgres() {
    the_assess_page_and_api_show_the_table_and_name_bad_fields(Db::Postgres).await;
}
