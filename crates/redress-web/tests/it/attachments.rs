//! Attachments through the API and the tracking page's app call, on SQLite and PostgreSQL: a
//! file is told by its content, refused (naming `file`, changing nothing) when of a kind not
//! allowed, too large or one too many, stored once whatever the number of cases holding it,
//! served with headers that stop a browser running it, and hidden from other organisations.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, FILE_LIMITS, TestApp, complaint, spawn_app_on};

/// The smallest PNG: a 1×1 transparent pixel.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";

/// A multipart body with `file` as (file name, declared type, content): (content type, body).
pub(crate) fn multipart(file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "redress-test-boundary-7d1f";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n")
            .as_bytes(),
    );
    if let Some((name, declared, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {declared}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    pub(crate) async fn upload_as(
        &self,
        bearer: &str,
        reference: &str,
        file: Option<(&str, &str, &[u8])>,
    ) -> reqwest::Response {
        let (content_type, body) = multipart(file);
        self.client
            .post(format!(
                "{}/api/v1/cases/{reference}/attachments",
                self.address
            ))
            .bearer_auth(bearer)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    async fn attachments_as(&self, bearer: &str, reference: &str) -> reqwest::Response {
        self.client
            .get(format!(
                "{}/api/v1/cases/{reference}/attachments",
                self.address
            ))
            .bearer_auth(bearer)
            .send()
            .await
            .expect("request sent")
    }

    /// Every file in the content store.
    fn stored_files(&self) -> Vec<std::path::PathBuf> {
        let root = self.data_dir().join("files");
        let mut out = Vec::new();
        for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            if dir.file_name() == "tmp" {
                continue;
            }
            for file in std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                out.push(file.path());
            }
        }
        out.sort();
        out
    }
}

/// A refusal: 422, naming `file`; returns the message.
async fn refused(response: reqwest::Response) -> String {
    let status = response.status();
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "file", "{body}");
    body["error"]["message"].as_str().unwrap().to_owned()
}

async fn each_database(test: &str, run: impl AsyncFn(TestApp)) {
    for db in [Db::Sqlite, Db::Postgres] {
        let Some(app) = spawn_app_on(db, test, "2026-12-23 10:00", 10_000).await else {
            continue;
        };
        run(app).await;
    }
}

#[tokio::test]
async fn a_file_is_attached_listed_stored_once_and_downloaded_safely() {
    each_database("attachments", async |app| {
        let (reference, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
        let (other, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
        // Declared as a PDF and named like one: told by its content, a PNG.
        let response = app
            .upload_as(
                &app.officer,
                &reference,
                Some(("scan.pdf", "application/pdf", PNG)),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let added: Value = response.json().await.unwrap();
        assert_eq!(added["name"], "scan.pdf");
        assert_eq!(added["media_type"], "image/png");
        assert_eq!(added["size"], PNG.len());
        assert_eq!(added["source"], "staff");
        let sha = added["sha256"].as_str().unwrap().to_owned();
        let path = app.data_dir().join("files").join(&sha[..2]).join(&sha[2..]);
        assert_eq!(std::fs::read(&path).unwrap(), PNG);

        // The same content on another case is stored once; on the same case it is refused.
        let response = app
            .upload_as(&app.officer, &other, Some(("again.png", "image/png", PNG)))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(app.stored_files(), vec![path.clone()]);
        let message = refused(
            app.upload_as(
                &app.officer,
                &reference,
                Some(("copy.png", "image/png", PNG)),
            )
            .await,
        )
        .await;
        assert!(message.contains("already attached"), "{message}");

        // Listed on the case, in its timeline, and downloaded as an attachment, never run.
        let listed: Value = app
            .attachments_as(&app.officer, &reference)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(listed["attachments"].as_array().unwrap().len(), 1);
        let case = app.case(&reference).await;
        assert!(
            case["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["type"] == "attachment-added" && e["sha256"] == sha.as_str())
        );
        let script = b"<html><script>alert(1)</script></html>";
        let response = app
            .upload_as(
                &app.officer,
                &reference,
                Some(("llythyr ŵ;1.html", "text/html", script)),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let html: Value = response.json().await.unwrap();
        assert_eq!(html["media_type"], "text/plain");
        let download = app
            .client
            .get(format!(
                "{}{}",
                app.address,
                html["download_url"].as_str().unwrap()
            ))
            .bearer_auth(&app.officer)
            .send()
            .await
            .unwrap();
        assert_eq!(download.status(), StatusCode::OK);
        let headers = download.headers().clone();
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(
            headers["content-disposition"],
            "attachment; filename=\"llythyr __1.html\"; filename*=UTF-8''llythyr%20%C5%B5%3B1.html"
        );
        assert_eq!(download.bytes().await.unwrap().as_ref(), script);

        // Staff of another organisation learn nothing: the case and its files are not found.
        let (tfc, _) = app.submit_ok("tfc-sunderland", &complaint(json!({}))).await;
        let response = app
            .upload_as(
                &app.officer,
                &tfc,
                Some(("a.txt", "text/plain", b"only on TfC's case")),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let tfc_file: Value = response.json().await.unwrap();
        let url = format!(
            "{}{}",
            app.address,
            tfc_file["download_url"].as_str().unwrap()
        );
        for response in [
            app.client
                .get(&url)
                .bearer_auth(&app.leeds_only)
                .send()
                .await
                .unwrap(),
            app.attachments_as(&app.leeds_only, &tfc).await,
            app.upload_as(
                &app.leeds_only,
                &tfc,
                Some(("b.txt", "text/plain", b"hello")),
            )
            .await,
        ] {
            assert_eq!(response.status(), StatusCode::NOT_FOUND);
        }
        // A file attached to one case is not served through another, even to its own staff.
        let crossed = format!(
            "{}/api/v1/cases/{other}/attachments/{}",
            app.address,
            tfc_file["sha256"].as_str().unwrap()
        );
        let response = app
            .client
            .get(&crossed)
            .bearer_auth(&app.officer)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        // Read-only users may look but not add.
        let response = app
            .upload_as(
                &app.reader,
                &reference,
                Some(("c.txt", "text/plain", b"notes")),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        // And no command sent to the actions route can name content that was never uploaded.
        let response = app
            .act_as(
                &app.officer,
                &reference,
                &json!({ "type": "add-attachment", "name": "x.png", "media_type": "image/png",
                    "size": 1, "sha256": "ab".repeat(32), "source": "staff" }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    })
    .await;
}

#[tokio::test]
async fn a_bad_type_too_large_or_one_too_many_is_refused_naming_the_field_and_changes_nothing() {
    each_database("attachment refusals", async |app| {
        let (reference, token) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
        let before = app.case(&reference).await;
        let exe = b"MZ\x90\0\x03\0\0\0 this program cannot be run in DOS mode";
        let zip = b"PK\x03\x04\x14\0\0\0\0\0 just a zip, not a document";
        let big = vec![b'a'; FILE_LIMITS.max_bytes as usize + 1];
        let huge = vec![b'a'; FILE_LIMITS.max_bytes as usize + 512 * 1024];
        let cases: [(&str, &str, &[u8], &str); 7] = [
            ("holiday.png", "image/png", exe, "cannot be attached"),
            (
                "report.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                zip,
                "cannot be attached",
            ),
            (
                "nul.txt",
                "text/plain",
                b"text\0with a NUL",
                "cannot be attached",
            ),
            ("latin1.txt", "text/plain", b"caf\xe9", "cannot be attached"),
            ("empty.txt", "text/plain", b"", "choose a file"),
            ("big.txt", "text/plain", &big, "larger than the 64 KiB"),
            ("huge.txt", "text/plain", &huge, "larger than the 64 KiB"),
        ];
        for (name, declared, bytes, words) in cases {
            let message = refused(
                app.upload_as(&app.officer, &reference, Some((name, declared, bytes)))
                    .await,
            )
            .await;
            assert!(message.contains(words), "{name}: {message}");
        }
        let message = refused(app.upload_as(&app.officer, &reference, None).await).await;
        assert!(message.contains("choose a file"), "{message}");
        assert_eq!(app.case(&reference).await["version"], before["version"]);
        assert!(app.stored_files().is_empty(), "nothing refused was stored");

        // Up to the limit per case, then refused, naming the limit.
        for n in 0..FILE_LIMITS.per_case {
            let text = format!("note {n}");
            let response = app
                .upload_as(
                    &app.officer,
                    &reference,
                    Some(("n.txt", "text/plain", text.as_bytes())),
                )
                .await;
            assert_eq!(response.status(), StatusCode::CREATED);
        }
        let version = app.case(&reference).await["version"].clone();
        let message = refused(
            app.upload_as(
                &app.officer,
                &reference,
                Some(("one-more.txt", "text/plain", b"more")),
            )
            .await,
        )
        .await;
        assert!(message.contains("at most 3 files"), "{message}");
        assert_eq!(app.case(&reference).await["version"], version);
        assert_eq!(app.stored_files().len(), FILE_LIMITS.per_case);

        // The complainant's tracking page meets the same limit, by the same rule.
        let error = app
            .app
            .track_attach(&token, "mine.txt", b"from the complainant")
            .await
            .unwrap_err();
        assert!(
            matches!(&error, redress_app::AppError::Invalid { field, .. } if field == "file"),
            "{error}"
        );
        assert_eq!(app.case(&reference).await["version"], version);
    })
    .await;
}

#[tokio::test]
async fn the_complainant_attaches_while_the_case_is_open_and_not_after() {
    each_database("tracking-page attachments", async |app| {
        let (reference, token) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
        app.app
            .track_attach(&token, "letter from school.pdf", b"%PDF-1.4 a letter")
            .await
            .expect("attached");
        let files: Value = app
            .attachments_as(&app.officer, &reference)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(files["attachments"][0]["source"], "tracking-page");
        assert_eq!(files["attachments"][0]["media_type"], "application/pdf");
        // Once the case is closed (here, withdrawn), what they send is a new matter.
        app.app
            .track_act(
                &token,
                redress_core::case::Command::Withdraw(redress_core::case::Withdraw {
                    reason: None,
                    letter: None,
                }),
            )
            .await
            .expect("withdrawn");
        let version = app.case(&reference).await["version"].clone();
        let error = app
            .app
            .track_attach(&token, "late.txt", b"one more thing")
            .await
            .unwrap_err();
        assert!(
            matches!(&error, redress_app::AppError::Invalid { field, .. } if field == "file"),
            "{error}"
        );
        assert_eq!(app.case(&reference).await["version"], version);
        // Staff are not offered it either, and are refused by the same gate.
        let message = refused(
            app.upload_as(
                &app.officer,
                &reference,
                Some(("after.txt", "text/plain", b"after")),
            )
            .await,
        )
        .await;
        assert!(message.contains("closed"), "{message}");
        // Uploaded before the case exists (the public form), linked when it is received.
        let upload = app.app.upload("photo.png", PNG).await.expect("uploaded");
        let submission: redress_core::case::Submission =
            serde_json::from_value(complaint(json!({}))).unwrap();
        let org = redress_core::ids::OrgId::parse("leeds-pps").unwrap();
        let submitted = app
            .app
            .submit_with_uploads(
                &redress_app::auth::Actor::Public,
                &org,
                submission.clone(),
                None,
                &[("photo.png".to_owned(), upload.sha256.clone())],
            )
            .await
            .expect("received with its file");
        let linked: Value = app
            .attachments_as(&app.officer, &submitted.reference)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(linked["attachments"][0]["source"], "public-form");
        assert_eq!(linked["attachments"][0]["sha256"], upload.sha256.as_str());
        // A SHA-256 that was never uploaded is refused, naming the field, and no case is made.
        let before = app.store_case_count().await;
        let error = app
            .app
            .submit_with_uploads(
                &redress_app::auth::Actor::Public,
                &org,
                submission,
                None,
                &[("forged.png".to_owned(), "0".repeat(64))],
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&error, redress_app::AppError::Invalid { field, .. } if field == "file"),
            "{error}"
        );
        assert_eq!(app.store_case_count().await, before);
    })
    .await;
}

impl TestApp {
    async fn store_case_count(&self) -> usize {
        use redress_store::Store;
        self.store
            .export(&redress_core::ids::OrgId::parse("leeds-pps").unwrap())
            .await
            .unwrap()
            .iter()
            .map(|e| e.reference.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    }
}
