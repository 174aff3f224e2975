//! An organisation running two procedures, through the pages and the API: Together for
//! Children Sunderland with its statutory children's social care procedure beside its corporate
//! one (redress-app's fixture). The public form and the staff record form ask what the feedback
//! is about only there; the matter chooses the procedure, and so the deadlines; an unknown
//! matter is refused naming `matter` and stores nothing, as the API refuses it.

use redress_store::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, childrens_procedure_dir, complaint, spawn_app_with_procedures};
use crate::pages_public::browser::{Browser, escape, heading};

/// Friday 22 May 2026, before the spring bank holiday on Monday 25 May.
const NOW: &str = "2026-05-22 10:00";

async fn apps(test: &str) -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in [Db::Sqlite, Db::Postgres] {
        if let Some(app) =
            spawn_app_with_procedures(db, test, NOW, &childrens_procedure_dir()).await
        {
            apps.push(app);
        }
    }
    apps
}

/// Walks the Together for Children form from "What is it about?" (answered `matter`) to the
/// check page, asserting each page's heading; returns the check page.
async fn answer_to_the_check_page(browser: &mut Browser<'_>, matter: &str) -> String {
    let first = browser.get("/tfc-sunderland/feedback").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(heading(&first.body), "What is it about?");
    assert!(first.body.contains("value=\"childrens-social-care\""));
    assert!(first.body.contains(&escape("Children's social care")));
    assert!(first.body.contains("value=\"something_else\""));
    assert!(first.body.contains("Something else"));
    let steps: [(&[(&str, &str)], &str); 11] = [
        (&[("matter", matter)], "What happened?"),
        (
            &[("what", "Nobody returned my calls about my son's care plan.")],
            "When did it happen?",
        ),
        (
            &[
                ("happened-day", "1"),
                ("happened-month", "5"),
                ("happened-year", "2026"),
            ],
            "What would you like to happen?",
        ),
        (&[("outcome", "A call back.")], "Who was involved?"),
        (&[], "Is this complaint for you or for someone else?"),
        (
            &[("behalf", "myself")],
            "Do you want to give your name and contact details?",
        ),
        (
            &[("anonymous", "no")],
            "How would you like us to contact you?",
        ),
        (&[("prefers", "email")], "Your name and contact details"),
        (
            &[("name", "A Parent"), ("email", "parent@example.org")],
            "Do you need any support or changes to help you?",
        ),
        (&[], "Do you have any documents or photos to send?"),
        (&[], "Check your answers before sending your complaint"),
    ];
    for (answers, next) in steps {
        let page = browser.post("/tfc-sunderland/feedback", answers).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_eq!(heading(&page.body), next, "after {answers:?}");
    }
    browser.page.clone()
}

/// The `<dd>` after the check page's (or a summary list's) row headed `key`.
fn row_value(html: &str, key: &str) -> String {
    let at = html
        .find(&format!("{key}\n"))
        .or_else(|| html.find(&format!("{key}</dt>")))
        .unwrap_or_else(|| panic!("no row {key} in {html}"));
    let start = html[at..].find("<dd").expect("a value") + at;
    let start = html[start..].find('>').expect("the tag's end") + start + 1;
    let end = html[start..].find("</dd>").expect("its end") + start;
    html[start..end].trim().to_owned()
}

#[tokio::test]
async fn a_parent_choosing_childrens_social_care_gets_the_statutory_acknowledgement_deadline() {
    for app in apps("web_matter_childrens").await {
        let mut browser = Browser::new(&app);
        let check = answer_to_the_check_page(&mut browser, "childrens-social-care").await;
        assert_eq!(
            row_value(&check, "What it is about"),
            escape("Children's social care")
        );
        // Changed from the check page to "Something else" and back: the row follows.
        let change = browser
            .post("/tfc-sunderland/feedback", &[("goto", "matter")])
            .await;
        assert_eq!(heading(&change.body), "What is it about?");
        assert!(
            change
                .body
                .contains("value=\"childrens-social-care\" checked"),
            "the answer is kept: {}",
            change.body
        );
        let other = browser
            .post("/tfc-sunderland/feedback", &[("matter", "something_else")])
            .await;
        assert_eq!(
            heading(&other.body),
            "Check your answers before sending your complaint"
        );
        assert_eq!(row_value(&other.body, "What it is about"), "Something else");
        browser
            .post("/tfc-sunderland/feedback", &[("goto", "matter")])
            .await;
        browser
            .post(
                "/tfc-sunderland/feedback",
                &[("matter", "childrens-social-care")],
            )
            .await;

        let sent = browser.post("/tfc-sunderland/feedback", &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let confirmation = browser.get(&sent.location).await;
        // The statutory procedure: 3 working days from Friday 22 May 2026 are Tuesday 26
        // (Monday 25 is the spring bank holiday), Wednesday 27 and Thursday 28 May.
        assert!(
            confirmation.body.contains("by Thursday 28 May 2026"),
            "{}",
            confirmation.body
        );
        let case = app.case("TFC-2026-0001").await;
        assert_eq!(case["case"]["procedure_version"], "childrens-1");
        assert_eq!(
            case["case"]["submission"]["matter"],
            "childrens-social-care"
        );
    }
}

#[tokio::test]
async fn a_parent_choosing_something_else_gets_the_main_procedures_deadline() {
    for app in apps("web_matter_other").await {
        let mut browser = Browser::new(&app);
        let check = answer_to_the_check_page(&mut browser, "something_else").await;
        assert_eq!(row_value(&check, "What it is about"), "Something else");
        let sent = browser.post("/tfc-sunderland/feedback", &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let confirmation = browser.get(&sent.location).await;
        // The corporate procedure: 24 hours from 10:00 on Friday 22 May 2026.
        assert!(
            confirmation.body.contains("by Saturday 23 May 2026"),
            "{}",
            confirmation.body
        );
        let case = app.case("TFC-2026-0001").await;
        assert_eq!(case["case"]["procedure_version"], "1");
        assert!(case["case"]["submission"]["matter"].is_null());
    }
}

#[tokio::test]
async fn a_forged_matter_is_refused_naming_matter_on_the_page_and_the_api_and_stores_nothing() {
    for app in apps("web_matter_forged").await {
        let mut browser = Browser::new(&app);
        answer_to_the_check_page(&mut browser, "childrens-social-care").await;
        // The check page's form, sent with a matter no radio offered.
        let forged = browser
            .post("/tfc-sunderland/feedback", &[("matter", "housing")])
            .await;
        assert_eq!(
            forged.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            forged.body
        );
        assert_eq!(heading(&forged.body), "What is it about?");
        assert!(
            forged
                .body
                .contains("<a href=\"#matter\">Select one of the choices for what it is about</a>"),
            "{}",
            forged.body
        );
        // And on the matter page itself.
        let again = browser
            .post(
                "/tfc-sunderland/feedback",
                &[("step", "matter"), ("matter", "housing")],
            )
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        let missing = browser
            .post(
                "/tfc-sunderland/feedback",
                &[("step", "matter"), ("matter", "")],
            )
            .await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            missing
                .body
                .contains("<a href=\"#matter\">Select what it is about</a>")
        );

        let api = app
            .submit("tfc-sunderland", &complaint(json!({ "matter": "housing" })))
            .await;
        assert_eq!(api.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = api.json().await.unwrap();
        assert_eq!(body["error"]["field"], "matter", "{body}");
        // An organisation with one procedure refuses any matter, too.
        let api = app
            .submit(
                "leeds-pps",
                &complaint(json!({ "matter": "childrens-social-care" })),
            )
            .await;
        assert_eq!(api.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = api.json().await.unwrap();
        assert_eq!(body["error"]["field"], "matter", "{body}");
        assert_eq!(app.case_count().await, 0);
    }
}

#[tokio::test]
async fn an_organisation_with_one_procedure_is_asked_nothing_new() {
    for app in apps("web_matter_one").await {
        let mut browser = Browser::new(&app);
        let first = browser.get("/leeds-pps/feedback").await;
        assert_eq!(
            heading(&first.body),
            "What would you like to tell Leeds Parent Partnership Service?"
        );
        assert!(!first.body.contains("What is it about?"));
        let orgs: Value = app
            .client
            .get(format!("{}/api/v1/orgs", app.address))
            .bearer_auth(&app.officer)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let org = |id: &str| {
            orgs["orgs"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["id"] == id)
                .cloned()
                .unwrap_or_else(|| panic!("no {id} in {orgs}"))
        };
        assert_eq!(org("leeds-pps")["matters"], json!([]));
        assert_eq!(
            org("tfc-sunderland")["matters"],
            json!([{ "id": "childrens-social-care", "label": "Children's social care" }])
        );
        let ids: Vec<Value> = org("tfc-sunderland")["procedures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].clone())
            .collect();
        assert_eq!(ids, [json!("main"), json!("childrens-social-care")]);
        let openapi: Value = app
            .client
            .get(format!("{}/api/v1/openapi.json", app.address))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let matter = &openapi["components"]["schemas"]["Submission"]["properties"]["matter"];
        assert!(
            matter["description"]
                .as_str()
                .is_some_and(|d| d.contains("matters")),
            "{matter}"
        );
    }
}

#[tokio::test]
async fn staff_recording_a_call_choose_the_matter_and_the_case_page_names_its_procedure() {
    use crate::pages_staff::{Browser as StaffBrowser, user};
    for app in apps("web_matter_record").await {
        user(
            &app,
            "olive",
            Role::FeedbackOfficer,
            &["tfc-sunderland", "leeds-pps"],
        )
        .await;
        let browser = StaffBrowser::signed_in(&app, "olive").await;
        let leeds = browser.get("/staff/record?org=leeds-pps").await;
        assert!(!leeds.body.contains("What is it about?"));
        let form = browser.get("/staff/record?org=tfc-sunderland").await;
        assert!(form.body.contains("What is it about?"), "{}", form.body);
        assert!(form.body.contains("value=\"childrens-social-care\""));
        assert!(form.body.contains("value=\"something_else\""));
        let csrf = form.csrf();
        let call = |matter: Option<&'static str>| {
            let mut fields = vec![
                ("csrf", csrf.clone()),
                ("org", "tfc-sunderland".to_owned()),
                ("kind", "complaint".to_owned()),
                ("channel", "phone".to_owned()),
                ("on", "2026-05-22".to_owned()),
                ("time", "10:00".to_owned()),
                ("name", "Pat Caller".to_owned()),
                (
                    "what_happened",
                    "My son's social worker has not visited for two months.".to_owned(),
                ),
            ];
            fields.extend(matter.map(|m| ("matter", m.to_owned())));
            fields
        };
        let post = |fields: Vec<(&'static str, String)>| {
            let browser = &browser;
            async move {
                let fields: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                browser.post("/staff/record", &fields).await
            }
        };
        let missing = post(call(None)).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            missing
                .body
                .contains("<a href=\"#record-matter\">Choose what it is about</a>"),
            "{}",
            missing.body
        );
        let forged = post(call(Some("housing"))).await;
        assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            forged.body.contains("href=\"#record-matter\""),
            "{}",
            forged.body
        );
        assert_eq!(app.case_count().await, 0);

        let recorded = post(call(Some("childrens-social-care"))).await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        assert_eq!(
            recorded.location,
            "/staff/cases/TFC-2026-0001?done=recorded"
        );
        let case = app.case("TFC-2026-0001").await;
        assert_eq!(case["case"]["procedure_version"], "childrens-1");
        // Received Friday 22 May 2026 10:00: three working days end Thursday 28 May.
        assert_eq!(
            crate::helpers::due(&case, "acknowledgement", "stage-1"),
            "2026-05-28"
        );
        let page = browser.get("/staff/cases/TFC-2026-0001").await;
        assert_eq!(
            row_value(&page.body, "Procedure"),
            escape("Children's Social Care Complaints Procedure")
        );

        let other = post(call(Some("something_else"))).await;
        assert_eq!(other.status, StatusCode::SEE_OTHER, "{}", other.body);
        let case = app.case("TFC-2026-0002").await;
        assert_eq!(case["case"]["procedure_version"], "1");
        let page = browser.get("/staff/cases/TFC-2026-0002").await;
        assert_eq!(
            row_value(&page.body, "Procedure"),
            "Corporate Complaints Procedure"
        );
    }
}

/// Records, as the officer, two children's social care complaints and one other, received on
/// Wednesday 20 May 2026, and acknowledges each on Friday 22 May at 09:00: two working days
/// (Thursday 21 is the first), within the children's procedure's 3 working days but not the
/// main procedure's 24 hours.
async fn three_recorded(app: &TestApp) {
    for matter in [
        Some("childrens-social-care"),
        Some("childrens-social-care"),
        None,
    ] {
        let response = app
            .record(
                "tfc-sunderland",
                &json!({
                    "submission": complaint(json!({ "matter": matter })),
                    "at": "2026-05-20T09:00:00Z",
                }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let recorded: Value = response.json().await.expect("JSON");
        let reference = recorded["reference"].as_str().expect("a reference");
        app.act_ok(
            reference,
            json!({ "type": "acknowledge", "at": "2026-05-22T08:00:00Z" }),
        )
        .await;
    }
}

async fn api_report(app: &TestApp, query: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .get(format!("{}/api/v1/reports?{query}", app.address))
        .bearer_auth(&app.officer)
        .send()
        .await
        .expect("request sent");
    let status = response.status();
    (status, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn the_reports_api_gives_one_procedures_report_or_the_whole_with_each_procedures_figures() {
    for app in apps("web_matter_reports_api").await {
        three_recorded(&app).await;
        let (status, whole) = api_report(&app, "org=tfc-sunderland&period=2026-Q2").await;
        assert_eq!(status, StatusCode::OK, "{whole}");
        assert_eq!(whole["current"]["received"], 3);
        assert!(whole["procedure"].is_null());
        let parts: Vec<(Value, Value)> = whole["by_procedure"]
            .as_array()
            .expect("by_procedure")
            .iter()
            .map(|p| {
                (
                    p["procedure"]["id"].clone(),
                    p["current"]["received"].clone(),
                )
            })
            .collect();
        assert_eq!(
            parts,
            [
                (json!("main"), json!(1)),
                (json!("childrens-social-care"), json!(2))
            ]
        );
        // Each acknowledged two working days after receipt: within the children's 3 working
        // days (2 of 2), not the main procedure's 24 hours (0 of 1).
        let within = |figures: &Value| figures["times"][0]["acknowledge"]["within"].clone();
        assert_eq!(
            within(&whole["by_procedure"][1]["current"]),
            json!({ "count": 2, "of": 2 })
        );
        assert_eq!(
            within(&whole["by_procedure"][0]["current"]),
            json!({ "count": 0, "of": 1 })
        );
        assert_eq!(within(&whole["current"]), json!({ "count": 2, "of": 3 }));

        let (status, alone) = api_report(
            &app,
            "org=tfc-sunderland&period=2026-Q2&procedure=childrens-social-care",
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{alone}");
        assert_eq!(alone["current"]["received"], 2);
        assert_eq!(alone["procedure"]["id"], "childrens-social-care");
        assert_eq!(alone["by_procedure"], json!([]));

        for procedure in ["housing", "Not%20An%20Id"] {
            let (status, body) = api_report(
                &app,
                &format!("org=tfc-sunderland&period=2026-Q2&procedure={procedure}"),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["error"]["field"], "procedure", "{body}");
        }
        // An organisation with one procedure: the whole, no breakdown.
        let (status, leeds) = api_report(&app, "org=leeds-pps&period=2026-Q2").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(leeds["by_procedure"], json!([]));
    }
}

#[tokio::test]
async fn the_reports_page_offers_each_procedure_and_shows_the_breakdown() {
    use crate::pages_staff::{Browser as StaffBrowser, user};
    for app in apps("web_matter_reports_page").await {
        three_recorded(&app).await;
        user(
            &app,
            "olive",
            Role::ReadOnly,
            &["tfc-sunderland", "leeds-pps"],
        )
        .await;
        let browser = StaffBrowser::signed_in(&app, "olive").await;
        let page = browser
            .get("/staff/reports?org=tfc-sunderland&period=2026-Q2")
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let html = &page.body;
        assert!(
            html.contains("<select class=\"govuk-select\" id=\"procedure\" name=\"procedure\"")
        );
        assert!(html.contains("<option value=\"\" selected>All procedures together</option>"));
        assert!(html.contains(&format!(
            "<option value=\"childrens-social-care\">{}</option>",
            escape("Children's Social Care Complaints Procedure")
        )));
        assert!(html.contains("By procedure"), "{html}");
        assert!(html.contains(&escape(
            "Children's Social Care Complaints Procedure: acknowledged within its timescale"
        )));
        assert!(html.contains("100.0% (2 of 2)"), "{html}");
        assert!(html.contains("0.0% (0 of 1)"), "{html}");

        let page = browser
            .get("/staff/reports?org=tfc-sunderland&period=2026-Q2&procedure=childrens-social-care")
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&escape(
            "Feedback report: Together for Children Sunderland, Children's Social Care Complaints Procedure, 2026-Q2"
        )), "{}", page.body);
        assert!(
            page.body.contains(
                "/staff/reports.csv?org=tfc-sunderland&#38;period=2026-Q2&#38;procedure=childrens-social-care"
            ),
            "{}",
            page.body
        );
        assert!(!page.body.contains("By procedure"));

        let bad = browser
            .get("/staff/reports?org=tfc-sunderland&period=2026-Q2&procedure=housing")
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("href=\"#procedure\""), "{}", bad.body);
        let csv = browser
            .get("/staff/reports.csv?org=tfc-sunderland&period=2026-Q2&procedure=housing")
            .await;
        assert_eq!(csv.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(csv.body.starts_with("procedure: "), "{}", csv.body);

        let leeds = browser
            .get("/staff/reports?org=leeds-pps&period=2026-Q2")
            .await;
        assert_eq!(leeds.status, StatusCode::OK);
        assert!(!leeds.body.contains("id=\"procedure\""));
    }
}

/// The acknowledgement row's live evidence of an assessment: (within, of).
fn acknowledged_within(assessment: &Value) -> (u64, u64) {
    let row = assessment["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["live"]["check"]["what"] == "acknowledged")
        .expect("a provision checked on the acknowledgements");
    let within = &row["live"]["within"];
    (
        within["count"].as_u64().expect("count"),
        within["of"].as_u64().expect("of"),
    )
}

#[tokio::test]
async fn a_self_assessment_is_of_one_procedure_or_of_the_main_file_and_every_case() {
    use crate::pages_staff::{Browser as StaffBrowser, user};
    for app in apps("web_matter_assess").await {
        three_recorded(&app).await;
        let assess = |query: String| {
            let app = &app;
            async move {
                let response = app
                    .client
                    .get(format!("{}/api/v1/assessments?{query}", app.address))
                    .bearer_auth(&app.officer)
                    .send()
                    .await
                    .expect("request sent");
                let status = response.status();
                (status, response.json::<Value>().await.expect("JSON"))
            }
        };
        let base = "org=tfc-sunderland&against=housing-ombudsman-2024&period=2026-Q2";
        // Each acknowledged two working days after receipt, within the Code's 5 working days:
        // all three cases, or the procedure's own.
        let (status, whole) = assess(base.to_owned()).await;
        assert_eq!(status, StatusCode::OK, "{whole}");
        assert_eq!(acknowledged_within(&whole), (3, 3));
        let (status, childrens) = assess(format!("{base}&procedure=childrens-social-care")).await;
        assert_eq!(status, StatusCode::OK, "{childrens}");
        assert_eq!(acknowledged_within(&childrens), (2, 2));
        assert!(
            childrens["procedure"]
                .as_str()
                .is_some_and(|p| p.contains("Children's Social Care")),
            "{childrens}"
        );
        let (status, main) = assess(format!("{base}&procedure=main")).await;
        assert_eq!(status, StatusCode::OK, "{main}");
        assert_eq!(acknowledged_within(&main), (1, 1));
        let (status, body) = assess(format!("{base}&procedure=housing")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["field"], "procedure", "{body}");

        user(&app, "olive", Role::ReadOnly, &["tfc-sunderland"]).await;
        let browser = StaffBrowser::signed_in(&app, "olive").await;
        let page = browser
            .get(&format!(
                "/staff/assess?{base}&procedure=childrens-social-care"
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(&format!(
            "<option value=\"childrens-social-care\" selected>{}</option>",
            escape("Children's Social Care Complaints Procedure")
        )));
        assert!(
            page.body.contains("&#38;procedure=childrens-social-care"),
            "the downloads keep the procedure: {}",
            page.body
        );
        let bad = browser
            .get(&format!("/staff/assess?{base}&procedure=housing"))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("href=\"#procedure\""), "{}", bad.body);
    }
}
