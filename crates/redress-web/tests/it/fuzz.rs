//! Fuzzing the web's decoders on the stable toolchain (issue 11, item 7): mangled JSON bodies
//! through the public submission and the staff action endpoints, and mangled form bodies
//! through the public complaint form and a staff action form, over HTTP against the real
//! server. The contract: bad input is a 4xx naming what is wrong, never a 5xx and never a
//! dropped connection. Uses `tests/fuzz/mutate.rs`; the long form is
//! `REDRESS_FUZZ_ITERATIONS=20000 cargo test --release -p redress-web --test it fuzz`.

#[path = "../../../../tests/fuzz/mutate.rs"]
mod mutate;

use redress_store::Role;
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use serde_json::json;

use crate::helpers::{TestApp, complaint, spawn_app_with_limits};
use crate::pages_staff::{Browser, user};

const ORG: &str = "leeds-pps";

/// The answer to `input` at `path` was not a server error.
fn assert_no_server_error(path: &str, status: reqwest::StatusCode, input: &[u8]) {
    assert!(
        !status.is_server_error(),
        "{path} answered {status} to {:?}",
        String::from_utf8_lossy(input)
    );
}

/// Runs `count` mutations of `corpus` against `post` (which sends one body and gives its
/// status), plus the kept regressions of `target`. Async, so the engine's loop is inlined.
async fn fuzz<F, Fut>(target: &str, seed: u64, count: usize, corpus: &[Vec<u8>], mut post: F)
where
    F: FnMut(Vec<u8>) -> Fut,
    Fut: std::future::Future<Output = reqwest::StatusCode>,
{
    let mut inputs: Vec<Vec<u8>> = mutate::regressions(target)
        .into_iter()
        .map(|(_, bytes)| bytes)
        .collect();
    inputs.extend(corpus.iter().cloned());
    let mut rng = mutate::Rng(seed);
    for _ in 0..count {
        let first = &corpus[rng.below(corpus.len())];
        let second = &corpus[rng.below(corpus.len())];
        inputs.push(mutate::mutate(&mut rng, first, second));
    }
    let (mut accepted, mut refused) = (0, 0);
    for input in inputs {
        let status = post(input.clone()).await;
        assert_no_server_error(target, status, &input);
        if status.is_client_error() {
            refused += 1;
        } else {
            accepted += 1;
        }
    }
    // The inputs reached the decoders: the corpus is accepted and the mangled are mostly not.
    assert!(
        accepted > 0 && (refused > 0 || count == 0),
        "{target}: {accepted} accepted, {refused} refused"
    );
}

fn bodies(values: &[serde_json::Value]) -> Vec<Vec<u8>> {
    values
        .iter()
        .map(|v| serde_json::to_vec(v).expect("JSON"))
        .collect()
}

#[tokio::test]
async fn mangled_json_bodies_are_refused_with_a_4xx_never_a_5xx() {
    let app = spawn_app_with_limits("2026-12-23 10:00", 1_000_000, 1_000_000).await;
    let (reference, _) = app.submit_ok(ORG, &complaint(json!({}))).await;
    let client = reqwest::Client::new();
    let submissions = bodies(&[
        complaint(json!({})),
        complaint(
            json!({"people_named": [{"name": "Sam Adviser", "role": "feedback-officer"}], "happened_on": "2026-12-01"}),
        ),
        json!({"kind": "compliment", "channel": "web", "anonymous": true, "what_happened": "Thank you."}),
    ]);
    let url = format!("{}/api/v1/orgs/{ORG}/feedback", app.address);
    fuzz(
        "api-submission",
        0x5eed_0011_0101,
        mutate::iterations(300),
        &submissions,
        |body| {
            let request = client
                .post(&url)
                .header(CONTENT_TYPE, "application/json")
                .header("X-Forwarded-For", "192.0.2.7")
                .body(body);
            async move { request.send().await.expect("answered").status() }
        },
    )
    .await;
    let commands = bodies(&[
        json!({"type": "add-note", "text": "Looked."}),
        json!({"type": "acknowledge"}),
        json!({"type": "record-contact", "kind": "call", "who": "A Parent", "held_on": "2026-12-22", "summary": "Spoke."}),
        json!({"type": "set-themes", "themes": ["communication"]}),
        json!({"type": "add-learning-action", "what": "Train", "owner": "Manager", "due": "2027-01-31"}),
    ]);
    let url = format!("{}/api/v1/cases/{reference}/actions", app.address);
    fuzz(
        "api-command",
        0x5eed_0011_0102,
        mutate::iterations(300),
        &commands,
        |body| {
            let request = client
                .post(&url)
                .bearer_auth(&app.officer)
                .header(CONTENT_TYPE, "application/json")
                .body(body);
            async move { request.send().await.expect("answered").status() }
        },
    )
    .await;
}

/// The public form's token and cookie, from a fresh visit to its first page.
async fn public_form_token(app: &TestApp, client: &reqwest::Client) -> (String, String) {
    let page = client
        .get(format!("{}/{ORG}/feedback", app.address))
        .send()
        .await
        .expect("answered");
    let cookie = page
        .headers()
        .get(SET_COOKIE)
        .and_then(|c| c.to_str().ok())
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .to_owned();
    let html = page.text().await.expect("a page");
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("a token") + marker.len();
    let token = html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned();
    (token, cookie)
}

#[tokio::test]
async fn mangled_forms_are_refused_with_a_4xx_never_a_5xx() {
    let app = spawn_app_with_limits("2026-12-23 10:00", 1_000_000, 1_000_000).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let (token, cookie) = public_form_token(&app, &client).await;
    let answers = "kind=complaint&what=Nobody+returned+my+calls.&happened-day=1&happened-month=12\
        &happened-year=2026&outcome=A+call+back.&person-1-name=Sam+Adviser\
        &behalf=myself&anonymous=no&prefers=email&name=A+Parent&email=parent%40example.org\
        &phone=0191+561+7997&support=Large+print";
    let corpus = vec![
        answers.as_bytes().to_vec(),
        b"kind=compliment&what=Thanks&anonymous=yes&behalf=myself&publish=no".to_vec(),
    ];
    let url = format!("{}/{ORG}/feedback", app.address);
    let prefix = format!("csrf={token}&step=check&checking=yes&");
    fuzz(
        "public-form",
        0x5eed_0011_0103,
        mutate::iterations(300),
        &corpus,
        |answers| {
            let mut body = prefix.clone().into_bytes();
            body.extend(answers);
            let request = client
                .post(&url)
                .header(COOKIE, &cookie)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", "192.0.2.8")
                .body(body);
            async move { request.send().await.expect("answered").status() }
        },
    )
    .await;

    user(&app, "fuzzer", Role::FeedbackOfficer, &[ORG]).await;
    let (reference, _) = app.submit_ok(ORG, &complaint(json!({}))).await;
    let browser = Browser::signed_in(&app, "fuzzer").await;
    let csrf = browser.get("/staff").await.csrf();
    for (kind, corpus) in [
        (
            "add-note",
            vec![b"text=Looked+at+it.&on=2026-12-23".to_vec()],
        ),
        (
            "record-contact",
            vec![b"kind=call&who=A+Parent&held_on=2026-12-22&summary=Spoke+to+the+parent.&on=2026-12-23".to_vec()],
        ),
    ] {
        let path = format!("/staff/cases/{reference}/actions/{kind}");
        let prefix = format!("csrf={csrf}&");
        let browser = &browser;
        fuzz(
            "staff-form",
            0x5eed_0011_0104,
            mutate::iterations(150),
            &corpus,
            |fields| {
                let mut body = prefix.clone().into_bytes();
                body.extend(fields);
                let path = path.clone();
                async move { browser.post_raw(&path, body).await.status }
            },
        )
        .await;
    }
}
