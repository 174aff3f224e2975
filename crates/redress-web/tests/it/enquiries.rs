//! Ombudsman enquiries through the API, on SQLite and PostgreSQL: recorded on a closed case,
//! refused naming the field for a bad day, listed with the reply's due date and how it was
//! worked out, the case held, and the evidence pack read back — the PDF with pdftotext, the
//! ZIP listed with unzip. Someone who may not open the case gets 404. Then the case page: its
//! enquiries with their reply dates, the packs through the staff session (the ZIP with the
//! e-mail received and sent as stored and a README), and a user kept out answered as the case
//! page answers them.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, complaint, spawn_app_on};

async fn get(app: &TestApp, bearer: &str, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/v1{path}", app.address))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap()
}

async fn post(app: &TestApp, reference: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!(
            "{}/api/v1/cases/{reference}/enquiries",
            app.address
        ))
        .bearer_auth(&app.officer)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn words(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn an_enquiry_is_recorded_listed_held_and_packed(db: Db) {
    let Some(app) = spawn_app_on(db, "enquiries", "2026-11-24 10:00", 10).await else {
        return;
    };
    let (reference, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    app.set_now("2026-11-25 09:00");
    app.act_ok(
        &reference,
        json!({"type": "acknowledge", "phone": "0113 378 5020", "email": "pps@example.org"}),
    )
    .await;
    let uploaded = app
        .upload_as(
            &app.officer,
            &reference,
            Some(("notes.txt", "text/plain", b"Call notes: adviser rang back.")),
        )
        .await;
    assert_eq!(
        uploaded.status(),
        StatusCode::CREATED,
        "{}",
        uploaded.text().await.unwrap()
    );
    app.act_ok(
        &reference,
        json!({"type": "respond", "outcome": "not-upheld",
               "findings": "The adviser rang back within the week.",
               "how_investigated": "The Co-ordinator read the call notes."}),
    )
    .await;
    app.act_ok(&reference, json!({"type": "close"})).await;

    // Mon 1 Feb 2027, on the closed case. A day after today is refused naming the field.
    app.set_now("2027-02-01 10:00");
    let enquiry = json!({"ombudsman_reference": "LGSCO 26 004 321", "received_on": "2027-02-02",
                         "summary": "Please send the complaint file."});
    let refused = post(&app, &reference, &enquiry).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["error"]["field"], "received_on", "{error}");
    let list: Value = get(&app, &app.officer, &format!("/cases/{reference}/enquiries"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]));

    // Received Mon 1 Feb 2027 with no date: 20 working days, 2-5 Feb (4), 8-12 (9), 15-19
    // (14), 22-26 (19), Mon 1 Mar 2027 (20).
    let mut enquiry = enquiry;
    enquiry["received_on"] = json!("2027-02-01");
    let response = post(&app, &reference, &enquiry).await;
    assert_eq!(response.status(), StatusCode::OK);
    let case: Value = response.json().await.unwrap();
    assert!(case.to_string().contains("legal"), "a hold is placed");
    let list: Value = get(&app, &app.officer, &format!("/cases/{reference}/enquiries"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["number"], 1);
    assert_eq!(list[0]["deadline"]["due"]["date"], "2027-03-01", "{list}");
    assert!(
        list[0]["deadline"]["why"]
            .as_str()
            .unwrap()
            .contains("20 working days"),
        "{list}"
    );
    // Lifting the hold is refused while it is open.
    let lift = app
        .act_as(
            &app.officer,
            &reference,
            &json!({"type": "lift-legal-hold"}),
        )
        .await;
    assert_eq!(lift.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The PDF pack.
    let response = get(
        &app,
        &app.officer,
        &format!("/cases/{reference}/enquiries/1/pack.pdf"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = words(&text.stdout);
    for wanted in [
        reference.as_str(),
        "LGSCO 26 004 321",
        "2027-03-01",
        "20 working days",
        "Procedure version the case ran on",
        "Deadlines, and how each was worked out",
        "The adviser rang back within the week.",
        "notes.txt",
    ] {
        assert!(text.contains(wanted), "{wanted:?} not in the pack: {text}");
    }

    // The ZIP of originals, listed and opened with unzip.
    let response = get(
        &app,
        &app.officer,
        &format!("/cases/{reference}/enquiries/1/pack.zip"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let path = dir.path().join("pack.zip");
    std::fs::write(&path, response.bytes().await.unwrap()).unwrap();
    let listing = std::process::Command::new("unzip")
        .arg("-Z1")
        .arg(&path)
        .output()
        .expect("unzip runs");
    let names = String::from_utf8_lossy(&listing.stdout).to_string();
    assert!(listing.status.success(), "{names}");
    let names: Vec<&str> = names.lines().collect();
    assert!(names.contains(&"evidence-pack.pdf"), "{names:?}");
    assert!(
        names
            .iter()
            .filter(|n| n.starts_with("letters/") && n.ends_with(".pdf"))
            .count()
            >= 2,
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("files/") && n.ends_with("notes.txt")),
        "{names:?}"
    );
    let test = std::process::Command::new("unzip")
        .arg("-t")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        test.status.success(),
        "{}",
        String::from_utf8_lossy(&test.stdout)
    );
    let content = std::process::Command::new("unzip")
        .arg("-p")
        .arg(&path)
        .arg("files/*")
        .output()
        .unwrap();
    assert_eq!(content.stdout, b"Call notes: adviser rang back.");

    // Answered: the hold goes with it.
    let answered = app
        .act_ok(
            &reference,
            json!({"type": "answer-ombudsman-enquiry", "enquiry": 1, "summary": "Sent the file."}),
        )
        .await;
    assert!(
        answered.to_string().contains("legal-hold-lifted"),
        "{answered}"
    );

    // Not the enquiry list of a case one may not open, nor a pack of an enquiry not there.
    let (other, _) = app
        .submit_ok("sendiass-staffordshire", &complaint(json!({})))
        .await;
    assert_eq!(post(&app, &other, &enquiry).await.status(), StatusCode::OK);
    for path in [
        format!("/cases/{other}/enquiries"),
        format!("/cases/{other}/enquiries/1/pack.pdf"),
        format!("/cases/{other}/enquiries/1/pack.zip"),
    ] {
        assert_eq!(
            get(&app, &app.leeds_only, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let missing = get(
        &app,
        &app.officer,
        &format!("/cases/{reference}/enquiries/2/pack.pdf"),
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_enquiry_is_recorded_listed_held_and_packed_on_sqlite() {
    an_enquiry_is_recorded_listed_held_and_packed(Db::Sqlite).await;
}

#[tokio::test]
async fn an_enquiry_is_recorded_listed_held_and_packed_on_postgres() {
    an_enquiry_is_recorded_listed_held_and_packed(Db::Postgres).await;
}

/// Lists a ZIP's names, after `unzip -t` has tested every member.
fn zip_names(zip: &[u8]) -> (Vec<String>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.zip");
    std::fs::write(&path, zip).unwrap();
    let test = std::process::Command::new("unzip")
        .arg("-t")
        .arg(&path)
        .output()
        .expect("unzip runs");
    assert!(
        test.status.success(),
        "{}",
        String::from_utf8_lossy(&test.stdout)
    );
    let listing = std::process::Command::new("unzip")
        .arg("-Z1")
        .arg(&path)
        .output()
        .unwrap();
    let names = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    (names, dir)
}

fn unzip_one(dir: &tempfile::TempDir, name: &str) -> String {
    let out = std::process::Command::new("unzip")
        .arg("-p")
        .arg(dir.path().join("pack.zip"))
        .arg(name)
        .output()
        .unwrap();
    assert!(out.status.success(), "{name}");
    String::from_utf8(out.stdout).expect("text")
}

async fn the_case_page_lists_enquiries_and_gives_their_packs(db: Db) {
    use crate::pages_staff::{Browser, user};
    use redress_app::mail::inbound::MailIn;
    use redress_core::ids::OrgId;
    use redress_store::Role;

    let Some(app) = spawn_app_on(db, "enquiry_pages", "2026-11-24 10:00", 10).await else {
        return;
    };
    let pips = OrgId::parse("pips-stockport").unwrap();
    // A complaint about the Chair: whoever holds the Chair's role is kept out of it.
    let (reference, _) = app
        .submit_ok(
            "pips-stockport",
            &complaint(json!({ "people_named": [{ "name": "The Chair", "role": "chair" }] })),
        )
        .await;
    app.act_ok(&reference, json!({"type": "acknowledge"})).await;
    // The parent writes in: the e-mail goes to the case.
    let raw = format!(
        "From: A Parent <parent@example.org>\r\nMessage-ID: <more-1@example.org>\r\n\
         Subject: Re: [{reference}]\r\n\r\nHere are the dates of the calls I made.\r\n"
    );
    let settings = MailIn {
        org: Some(pips.clone()),
        ..MailIn::default()
    };
    let ingested = app
        .app
        .ingest_mail(raw.as_bytes(), None, &settings)
        .await
        .unwrap();
    assert!(
        format!("{ingested:?}").contains("Information"),
        "{ingested:?}"
    );
    let enquiry = json!({"ombudsman_reference": "LGSCO 26 009 876", "received_on": "2026-11-24",
                         "respond_by": "2026-12-15", "summary": "Please send the complaint file."});
    assert_eq!(
        post(&app, &reference, &enquiry).await.status(),
        StatusCode::OK
    );

    user(
        &app,
        "pips-officer",
        Role::FeedbackOfficer,
        &["pips-stockport"],
    )
    .await;
    user(
        &app,
        "pips-chair",
        Role::FeedbackOfficer,
        &["pips-stockport"],
    )
    .await;
    app.app.hold("pips-chair", &pips, "chair").await.unwrap();

    // The case page lists the enquiry with its reply's date and links to its pack.
    let officer = Browser::signed_in(&app, "pips-officer").await;
    let case_page = format!("/staff/cases/{reference}");
    let page = officer.get(&case_page).await;
    assert_eq!(page.status, StatusCode::OK);
    let section = page
        .body
        .split("id=\"enquiries\"")
        .nth(1)
        .and_then(|rest| rest.split("<h2").next())
        .unwrap_or_else(|| panic!("an enquiries section: {}", page.body));
    for wanted in [
        "Ombudsman enquiries",
        "1. LGSCO 26 009 876",
        "Please send the complaint file.",
        "Tue 24 Nov 2026",
        "Tue 15 Dec 2026",
        &format!("href=\"/staff/cases/{reference}/enquiries/1/pack.pdf\""),
        &format!("href=\"/staff/cases/{reference}/enquiries/1/pack.zip\""),
        "Enquiry 1 (LGSCO 26 009 876): <a",
    ] {
        assert!(section.contains(wanted), "{wanted:?} not in {section}");
    }

    // The PDF through the page route, read with pdftotext.
    let (status, media, pdf) = officer
        .download(&format!("{case_page}/enquiries/1/pack.pdf"))
        .await;
    assert_eq!(
        (status, media.as_str()),
        (StatusCode::OK, "application/pdf")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(text.status.success());
    let text = words(&text.stdout);
    for wanted in [
        reference.as_str(),
        "LGSCO 26 009 876",
        "2026-12-15",
        "Here are the dates of the calls I made.",
    ] {
        assert!(text.contains(wanted), "{wanted:?} not in the pack: {text}");
    }

    // The ZIP: tested with unzip; what is kept, and a README saying what is not.
    let (status, media, zip) = officer
        .download(&format!("{case_page}/enquiries/1/pack.zip"))
        .await;
    assert_eq!(
        (status, media.as_str()),
        (StatusCode::OK, "application/zip")
    );
    let (names, dir) = zip_names(&zip);
    for wanted in ["README.txt", "evidence-pack.pdf", "email/received/1.txt"] {
        assert!(names.iter().any(|n| n == wanted), "{wanted}: {names:?}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("letters/") && n.ends_with(".pdf")),
        "{names:?}"
    );
    let sent: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("email/sent/"))
        .collect();
    assert!(!sent.is_empty(), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".eml")), "{names:?}");
    let received = unzip_one(&dir, "email/received/1.txt");
    assert!(
        received.contains("Message-ID: more-1@example.org"),
        "{received}"
    );
    assert!(received.contains("From: parent@example.org"), "{received}");
    assert!(
        received.contains("Here are the dates of the calls I made."),
        "the text as recorded: {received}"
    );
    let first_sent = unzip_one(&dir, sent[0]);
    assert!(
        first_sent.contains("To: parent@example.org"),
        "{first_sent}"
    );
    assert!(
        first_sent.contains(&format!("[{reference}]")),
        "{first_sent}"
    );
    let readme = unzip_one(&dir, "README.txt");
    assert!(readme.contains(&reference), "{readme}");
    assert!(
        readme.contains("redress does not keep the raw message it received"),
        "{readme}"
    );

    // Kept out of the case: the packs answer as the case page does, word for word.
    let chair = Browser::signed_in(&app, "pips-chair").await;
    let refused = chair.get(&case_page).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    for pack in ["pack.pdf", "pack.zip"] {
        let (status, _, body) = chair
            .download(&format!("{case_page}/enquiries/1/{pack}"))
            .await;
        assert_eq!(status, refused.status, "{pack}");
        assert_eq!(String::from_utf8(body).unwrap(), refused.body, "{pack}");
    }
    // No enquiry 2, and no number that is not one: not found.
    for path in ["2/pack.pdf", "x/pack.zip", "0/pack.pdf"] {
        let page = officer.get(&format!("{case_page}/enquiries/{path}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    // A case without an enquiry shows no section.
    let (plain, _) = app.submit_ok("pips-stockport", &complaint(json!({}))).await;
    let page = officer.get(&format!("/staff/cases/{plain}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("id=\"enquiries\""));
}

#[tokio::test]
async fn the_case_page_lists_enquiries_and_gives_their_packs_on_sqlite() {
    the_case_page_lists_enquiries_and_gives_their_packs(Db::Sqlite).await;
}

#[tokio::test]
async fn the_case_page_lists_enquiries_and_gives_their_packs_on_postgres() {
    the_case_page_lists_enquiries_and_gives_their_packs(Db::Postgres).await;
}
