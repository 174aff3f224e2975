//! Signing in and out. The sign-in form has its own CSRF token in a short cookie (there is no
//! session yet); five failures for one username from one address within 15 minutes lock that
//! pair for 15 minutes, and twenty from one address pause that address (`pages::session`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use serde::Deserialize;

use super::super::messages::Messages;
use super::super::render;
use super::super::session::{
    COOKIE, LOGIN_COOKIE, clear_cookie, cookie, random_token, same_secret, set_cookie,
};
use super::forms::{Field, FormData, Typed};
use super::words::instant;
use super::{Chrome, StaffUser, chrome_page, server_error};
use crate::AppState;
use crate::api::ClientAddress;

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
    token: String,
    next: String,
    signed_out: bool,
}
chrome_page!(LoginPage);

#[derive(Deserialize)]
pub(super) struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    signed_out: Option<String>,
}

/// Only staff pages of this service may be the place to go back to after signing in: a path
/// `/staff`, `/staff/...` or `/staff?...`, with no second slash or backslash that a browser
/// could read as another host, no `..` segment, no encoded slash, backslash or dot (decoded
/// by some proxies and browsers) and no control or space characters. Anything else is `/staff`.
pub(super) fn safe_next(next: Option<&str>) -> String {
    next.filter(|n| {
        let Some(rest) = n.strip_prefix("/staff") else {
            return false;
        };
        let lower = n.to_ascii_lowercase();
        let path = n.split(['?', '#']).next().unwrap_or_default();
        (rest.is_empty() || rest.starts_with(['/', '?']))
            && !n.contains("//")
            && !n.contains('\\')
            && !n.chars().any(|c| c.is_control() || c.is_whitespace())
            && !["%2f", "%5c", "%2e", "%00", "%09", "%0a", "%0d"]
                .iter()
                .any(|encoded| lower.contains(encoded))
            && !path
                .split('/')
                .any(|segment| segment == ".." || segment == ".")
    })
    .unwrap_or("/staff")
    .to_owned()
}

/// `GET /staff/login`.
pub(super) async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    let next = safe_next(query.next.as_deref());
    let signed_in = cookie(&headers, COOKIE)
        .and_then(|id| state.sessions.touch(id, state.app.now()))
        .is_some();
    if signed_in {
        return super::see_other(&next);
    }
    page(
        &state,
        &headers,
        StatusCode::OK,
        None,
        next,
        query.signed_out.is_some(),
    )
}

fn page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    typed: Option<Typed>,
    next: String,
    signed_out: bool,
) -> Response {
    let m = Messages::english();
    let mut fields = vec![
        Field::new("text", "login", "username", m.get("staff.login.username"))
            .autocomplete("username")
            .width("govuk-input--width-20"),
        Field::new(
            "password",
            "login",
            "password",
            m.get("staff.login.password"),
        )
        .autocomplete("current-password")
        .width("govuk-input--width-20"),
    ];
    let mut chrome = Chrome::new(state, None, m.get("staff.login.title").to_owned(), "");
    let errors = match &typed {
        Some(typed) => {
            typed.refill(&mut fields);
            chrome.has_errors = true;
            typed.summary(&fields, "#login-username")
        }
        None => Vec::new(),
    };
    let token = random_token();
    let login_page = LoginPage {
        chrome,
        errors,
        fields,
        token: token.clone(),
        next,
        signed_out,
    };
    (
        status,
        [
            (
                header::SET_COOKIE,
                set_cookie(headers, LOGIN_COOKIE, &token),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        render(&login_page),
    )
        .into_response()
}

/// `POST /staff/login`.
pub(super) async fn submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let m = Messages::english();
    let form = FormData(form.map(|f| f.0).unwrap_or_default());
    let next = safe_next(form.opt("next").as_deref());
    let username = form.text("username");
    let password = form
        .0
        .iter()
        .find(|(n, _)| n == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let again = |status, errors: Vec<(&str, String)>| {
        let errors = errors.into_iter().map(|(f, e)| (f.to_owned(), e)).collect();
        let typed = Typed {
            form: form.clone(),
            errors,
        };
        page(&state, &headers, status, Some(typed), next.clone(), false)
    };
    let sent = form.text("csrf");
    if !cookie(&headers, LOGIN_COOKIE).is_some_and(|expected| same_secret(expected, &sent)) {
        return again(
            StatusCode::FORBIDDEN,
            vec![("", m.get("staff.login.expired").to_owned())],
        );
    }
    let mut missing = Vec::new();
    if username.is_empty() {
        missing.push(("username", m.get("staff.login.username_missing").to_owned()));
    }
    if password.is_empty() {
        missing.push(("password", m.get("staff.login.password_missing").to_owned()));
    }
    if !missing.is_empty() {
        return again(StatusCode::UNPROCESSABLE_ENTITY, missing);
    }
    let now = state.app.now();
    let locked = |until| {
        let text = m.fill("staff.login.locked", &[("until", &instant(until))]);
        again(StatusCode::TOO_MANY_REQUESTS, vec![("username", text)])
    };
    if let Some(until) = state.sessions.locked_until(&username, address, now) {
        return locked(until);
    }
    match state.app.authenticate_password(&username, &password).await {
        Ok(actor) => {
            state.sessions.succeeded(&username, address);
            let username = actor.username().unwrap_or(username);
            let id = state.sessions.start(&username, now);
            tracing::info!(%username, "signed in");
            let mut response = super::see_other(&next);
            let cookies = response.headers_mut();
            for value in [
                set_cookie(&headers, COOKIE, &id),
                clear_cookie(&headers, LOGIN_COOKIE),
            ] {
                if let Ok(value) = value.parse() {
                    cookies.append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Err(AppError::Unauthenticated) => {
            state.sessions.failed(&username, address, now);
            tracing::info!(%username, "failed sign-in");
            match state.sessions.locked_until(&username, address, now) {
                Some(until) => locked(until),
                None => again(
                    StatusCode::UNAUTHORIZED,
                    vec![("username", m.get("staff.login.wrong").to_owned())],
                ),
            }
        }
        Err(error) => {
            tracing::error!(%error, "sign-in failed");
            server_error(&state)
        }
    }
}

/// `POST /staff/logout`: ends the session (when the form's token is right) and forgets the
/// cookie.
pub(super) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: Result<StaffUser, Response>,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(user) = user else {
        return super::see_other("/staff/login");
    };
    let form = FormData(form.map(|f| f.0).unwrap_or_default());
    if let Some(refused) = user.refuse_forged(&state, &form.text("csrf")) {
        return refused;
    }
    if let Some(id) = cookie(&headers, COOKIE) {
        state.sessions.end(id);
    }
    let mut response = super::see_other("/staff/login?signed_out=1");
    if let Ok(value) = clear_cookie(&headers, COOKIE).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn after_sign_in_only_staff_paths_of_this_site_are_followed() {
        let kept = [
            "/staff",
            "/staff/",
            "/staff/cases",
            "/staff/cases?status=open&page=2",
            "/staff?x=1",
            "/staff/cases/LPPS-2026-0001",
        ];
        for next in kept {
            assert_eq!(safe_next(Some(next)), next, "{next}");
        }
        let hostile = [
            "",
            "https:evil.example",
            "https://evil.example/staff",
            "//evil.example",
            "//evil.example/staff",
            "/\\evil.example",
            "/staff//evil.example",
            "/staff/\\evil.example",
            "\\\\evil.example",
            "/staffevil",
            "/staff@evil.example",
            "/staff.evil.example",
            "/staff/../admin",
            "/staff/./cases",
            "/staff/%2e%2e/admin",
            "/staff/%2E%2E/admin",
            "/staff/%2f%2fevil.example",
            "/staff/%5Cevil.example",
            "/staff/%09/evil.example",
            "/staff/\t/evil.example",
            "/staff/\n/evil.example",
            "/staff /x",
            "javascript:alert(1)",
            "/admin",
            " /staff",
            "staff",
            "http://127.0.0.1/staff",
            "/%2fevil.example",
        ];
        for next in hostile {
            assert_eq!(safe_next(Some(next)), "/staff", "{next:?}");
        }
        assert_eq!(safe_next(None), "/staff");
    }
}
