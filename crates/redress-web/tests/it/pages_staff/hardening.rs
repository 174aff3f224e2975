//! Issue 9, part 7: security headers on every kind of response, where sign-in may send
//! someone afterwards, sign-in throttling per address and per username-and-address, and a
//! temporary password changed before anything else.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::{Browser, PASSWORD, Page, user};
use crate::helpers::{TestApp, spawn_app};
use redress_store::Role;

/// Fetches `path` (with `browser`'s cookies and `extra` headers) and returns its headers.
async fn headers_of(
    app: &TestApp,
    path: &str,
    browser: Option<&Browser<'_>>,
    extra: &[(&str, &str)],
) -> (StatusCode, HeaderMap) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(browser) = browser {
        let jar: Vec<String> = browser
            .cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        request = request.header(reqwest::header::COOKIE, jar.join("; "));
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request sent");
    (response.status(), response.headers().clone())
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> &'h str {
    headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII"))
        .unwrap_or_else(|| panic!("no {name} header in {headers:?}"))
}

fn assert_protected(what: &str, headers: &HeaderMap, cache: &str) {
    let csp = header(headers, "content-security-policy");
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(directive), "{what}: {directive} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(
        header(headers, "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    assert_eq!(header(headers, "referrer-policy"), "no-referrer", "{what}");
    assert_eq!(header(headers, "x-frame-options"), "DENY", "{what}");
    assert_eq!(header(headers, "cache-control"), cache, "{what}");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "{what}: no HSTS over plain HTTP"
    );
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let browser = Browser::signed_in(&app, "olive").await;

    let (status, public) = headers_of(&app, "/leeds-pps", None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_protected("public page", &public, "no-store");

    let (status, staff) = headers_of(&app, "/staff", Some(&browser), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_protected("staff page", &staff, "no-store");

    let bearer = format!("Bearer {}", app.officer);
    let (status, api) =
        headers_of(&app, "/api/v1/cases", None, &[("authorization", &bearer)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_protected("API", &api, "no-store");

    let (status, missing) = headers_of(&app, "/no-such-page/at-all", None, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_protected("not found", &missing, "no-store");

    let (status, asset) = headers_of(&app, "/assets/redress.css", None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_protected("asset", &asset, "public, max-age=3600");
}

#[tokio::test]
async fn hsts_is_sent_only_when_a_trusted_proxy_says_the_request_came_over_tls() {
    // The test server trusts 127.0.0.1 as its proxy (see helpers).
    let app = spawn_app().await;
    let (_, over_tls) = headers_of(&app, "/", None, &[("x-forwarded-proto", "https")]).await;
    assert_eq!(
        header(&over_tls, "strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    let (_, plain) = headers_of(&app, "/", None, &[("x-forwarded-proto", "http")]).await;
    assert!(plain.get("strict-transport-security").is_none());
}

/// Sends the sign-in form as the client at `address` (the test server believes 127.0.0.1's
/// `X-Forwarded-For`).
async fn sign_in_from(
    browser: &Browser<'_>,
    address: &str,
    username: &str,
    password: &str,
) -> Page {
    let form = browser.get("/staff/login").await;
    let request = browser
        .client
        .post(format!("{}/staff/login", browser.app.address))
        .header("x-forwarded-for", address)
        .form(&[
            ("csrf", form.csrf().as_str()),
            ("username", username),
            ("password", password),
            ("next", "/staff/cases"),
        ]);
    browser.send(request).await
}

#[tokio::test]
async fn a_stranger_locking_the_admin_out_elsewhere_does_not_stop_the_admin() {
    let app = spawn_app().await;
    user(&app, "admin", Role::Admin, &["leeds-pps"]).await;
    let stranger = Browser::new(&app);
    for _ in 0..5 {
        sign_in_from(&stranger, "203.0.113.66", "admin", "guess").await;
    }
    let page = sign_in_from(&stranger, "203.0.113.66", "admin", PASSWORD).await;
    assert_eq!(
        page.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the stranger is locked out"
    );

    let admin = Browser::new(&app);
    let page = sign_in_from(&admin, "198.51.100.7", "admin", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location, "/staff/cases");
}

#[tokio::test]
async fn an_address_guessing_across_usernames_is_throttled_and_others_are_not() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let sprayer = Browser::new(&app);
    for n in 0..20 {
        let page = sign_in_from(&sprayer, "203.0.113.66", &format!("user-{n}"), "guess").await;
        assert_eq!(
            page.status == StatusCode::TOO_MANY_REQUESTS,
            n == 19,
            "attempt {n}: {}",
            page.status
        );
    }
    let page = sign_in_from(&sprayer, "203.0.113.66", "olive", PASSWORD).await;
    assert_eq!(
        page.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a right password from a throttled address waits too"
    );
    let elsewhere = Browser::new(&app);
    let page = sign_in_from(&elsewhere, "198.51.100.7", "olive", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    app.clock.advance(jiff::SignedDuration::from_mins(15));
    let page = sign_in_from(&sprayer, "203.0.113.66", "olive", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "after 15 minutes");
}

#[tokio::test]
async fn sign_in_sends_a_hostile_next_to_the_dashboard() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    for next in [
        "https:evil.example",
        "//evil.example",
        "/\\evil.example",
        "/staff/%2f%2fevil.example",
        "/staff/../admin",
        "https://evil.example/staff",
    ] {
        let browser = Browser::new(&app);
        let form = browser.get("/staff/login").await;
        let page = browser
            .post(
                "/staff/login",
                &[
                    ("csrf", &form.csrf()),
                    ("username", "olive"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(page.location, "/staff", "{next}");
        let shown = browser
            .get(&format!("/staff/login?next={}", next.replace('%', "%25")))
            .await;
        assert_eq!(shown.location, "/staff", "signed in already: {next}");
    }
}

#[tokio::test]
async fn a_temporary_password_must_be_changed_before_any_other_staff_page() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    app.app
        .set_password("olive", "temporary password 1", true)
        .await
        .expect("set");
    let browser = Browser::new(&app);
    let page = browser.sign_in("olive", "temporary password 1").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    for path in ["/staff", "/staff/cases", "/staff/record", "/staff/calendar"] {
        let page = browser.get(path).await;
        assert_eq!(
            (page.status, page.location.as_str()),
            (StatusCode::SEE_OTHER, "/staff/password"),
            "{path}"
        );
    }
    let form = browser.get("/staff/password").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("Your password was set for you"),
        "{}",
        form.body
    );

    let attempts = [
        (
            ["wrong", "a new password 22", "a new password 22"],
            ("current_password", "password-current-password"),
            "The current password is not right",
        ),
        (
            ["temporary password 1", "too short", "too short"],
            ("new_password", "password-new-password"),
            "Enter a new password of at least 12 characters",
        ),
        (
            [
                "temporary password 1",
                "a new password 22",
                "a new password 23",
            ],
            ("new_password_again", "password-new-password-again"),
            "Enter the same new password twice",
        ),
    ];
    // Each problem's summary link goes to the field it is about (ids are the field's name in
    // kebab case), and the field says the same beside it.
    for ([current, new, again], (field, id), message) in attempts {
        let page = browser
            .post(
                "/staff/password",
                &[
                    ("csrf", &form.csrf()),
                    ("current_password", current),
                    ("new_password", new),
                    ("new_password_again", again),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(
            page.body.contains(&format!("href=\"#{id}\"")),
            "{id}: {}",
            page.body
        );
        assert!(
            page.body.contains(&format!("id=\"{id}\" name=\"{field}\"")),
            "the link's target is the {field} input: {}",
            page.body
        );
        assert!(
            page.body.contains(&format!(
                "id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}"
            )),
            "the {field} input says what is wrong: {}",
            page.body
        );
        assert!(page.body.contains(message), "{message}");
        assert!(!page.body.contains(new), "passwords are never shown again");
        assert_eq!(
            browser.get("/staff").await.location,
            "/staff/password",
            "nothing changed"
        );
    }
    let forged = browser
        .post(
            "/staff/password",
            &[
                ("csrf", "forged"),
                ("current_password", "temporary password 1"),
                ("new_password", "a new password 22"),
                ("new_password_again", "a new password 22"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let page = browser
        .post(
            "/staff/password",
            &[
                ("csrf", &form.csrf()),
                ("current_password", "temporary password 1"),
                ("new_password", "a new password 22"),
                ("new_password_again", "a new password 22"),
            ],
        )
        .await;
    assert_eq!(page.location, "/staff/password?changed=1");
    assert!(
        browser
            .get("/staff/password?changed=1")
            .await
            .body
            .contains("Your password has been changed")
    );
    assert_eq!(browser.get("/staff").await.status, StatusCode::OK);

    let later = Browser::new(&app);
    assert_eq!(
        later.sign_in("olive", "temporary password 1").await.status,
        StatusCode::UNAUTHORIZED
    );
    let page = later.sign_in("olive", "a new password 22").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(later.get("/staff").await.status, StatusCode::OK);
}

#[tokio::test]
async fn every_user_can_change_their_password_from_any_page() {
    let app = spawn_app().await;
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let browser = Browser::signed_in(&app, "olive").await;
    let dashboard = browser.get("/staff").await;
    assert!(dashboard.body.contains("href=\"/staff/password\""));
    let form = browser.get("/staff/password").await;
    assert!(!form.body.contains("Your password was set for you"));
    let page = browser
        .post(
            "/staff/password",
            &[
                ("csrf", &form.csrf()),
                ("current_password", PASSWORD),
                ("new_password", "another good password"),
                ("new_password_again", "another good password"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        Browser::new(&app).sign_in("olive", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}
