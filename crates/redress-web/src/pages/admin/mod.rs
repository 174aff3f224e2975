//! Staff administration pages, beside the staff core in `pages::staff`: the complaints log and
//! the compliments-and-comments log with their CSV downloads ([`logs`]), reports
//! ([`reports`]) and self-assessments against a code ([`assess`]), users and roles for
//! admins ([`users`]), member lists for panels ([`members`]), and the procedure with members' confirmations ([`procedure`]).
//!
//! They use the staff core's signed-in user ([`StaffUser`]), layout ([`Chrome`]) and CSRF
//! check; the rules (who may see or change what) are in `redress_app::admin`.
//!
//! Helpers here return `Result<T, Response>`, the error being the page to show instead (a
//! refusal, a not-found page); it is built once per request, so its size does not matter.
#![allow(
    clippy::result_large_err,
    reason = "the error is the whole page to answer with, made at most once per request"
)]

mod assess;
pub mod csv;
pub mod document;
mod figures;
mod logs;
mod members;
mod people;
mod procedure;
mod reports;
mod users;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use redress_core::ids::OrgId;

use super::messages::Messages;
use super::render;
use super::staff::{Chrome, StaffUser, chrome_page};
use crate::AppState;

pub use procedure::{ReminderLine, procedure_notices};

/// The administration page routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/assess", get(assess::page))
        .route("/staff/assess.csv", get(assess::csv))
        .route("/staff/assess.json", get(assess::json))
        .route("/staff/assess.pdf", get(assess::pdf))
        .route("/staff/logs", get(logs::index))
        .route("/staff/logs/complaints", get(logs::complaints))
        .route("/staff/logs/complaints.csv", get(logs::complaints_csv))
        .route("/staff/logs/feedback", get(logs::feedback))
        .route("/staff/logs/feedback.csv", get(logs::feedback_csv))
        .route("/staff/people", get(people::form).post(people::export))
        .route("/staff/people/erase", post(people::erase))
        .route("/staff/reports", get(reports::page))
        .route("/staff/reports.csv", get(reports::csv))
        .route("/staff/reports.json", get(reports::json))
        .route("/staff/reports.pdf", get(reports::pdf))
        .route("/staff/users", get(users::list))
        .route("/staff/users/new", get(users::new_form).post(users::add))
        .route(
            "/staff/users/{username}/roles",
            get(users::show).post(users::grant),
        )
        .route("/staff/users/{username}/roles/remove", post(users::revoke))
        .route("/staff/users/{username}/holds", post(users::holds))
        .route("/staff/members", get(members::index))
        .route(
            "/staff/members/{org}",
            get(members::show).post(members::add),
        )
        .route("/staff/members/{org}/remove", post(members::remove))
        .route("/staff/procedure", get(procedure::index))
        .route("/staff/procedure/{org}", get(procedure::show))
        .route("/staff/procedure/{org}/confirm", post(procedure::confirm))
}

/// A page that only says something, for refusals with their reason.
#[derive(Template)]
#[template(path = "admin/message.html")]
struct MessagePage {
    chrome: Chrome,
    body: String,
}
chrome_page!(MessagePage);

/// A page with a title and one sentence, at `status`.
fn message(
    state: &AppState,
    user: &StaffUser,
    status: StatusCode,
    title_key: &str,
    body: String,
) -> Response {
    let m = Messages::english();
    let page = MessagePage {
        chrome: Chrome::new(state, Some(user), m.get(title_key).to_owned(), ""),
        body,
    };
    (status, render(&page)).into_response()
}

/// A 403 page saying why.
pub(crate) fn forbidden(state: &AppState, user: &StaffUser, body: String) -> Response {
    message(
        state,
        user,
        StatusCode::FORBIDDEN,
        "admin.forbidden_title",
        body,
    )
}

/// A 400 page for a form or link that could not have come from these pages.
/// A posted admin form, decoded and its CSRF token checked: the fields, or the page that
/// answers a form that cannot be read (400) or a forged one (403).
fn posted(
    state: &AppState,
    user: &StaffUser,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Result<Vec<(String, String)>, Response> {
    let Ok(axum::Form(form)) = form else {
        return Err(bad_request(state, user));
    };
    if let Some(refused) = user.refuse_forged(state, &form_text(&form, "csrf")) {
        return Err(refused);
    }
    Ok(form)
}

fn bad_request(state: &AppState, user: &StaffUser) -> Response {
    let m = Messages::english();
    message(
        state,
        user,
        StatusCode::BAD_REQUEST,
        "admin.bad_request_title",
        m.get("admin.bad_request_body").to_owned(),
    )
}

/// A day as a table shows it: "23 Dec 2026".
fn day(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// An instant in Europe/London time as a table shows it: "23 Dec 2026 at 10:00".
fn when(at: jiff::Timestamp) -> String {
    match at.in_tz("Europe/London") {
        Ok(zoned) => format!("{} {}", day(zoned.date()), zoned.strftime("%H:%M")),
        Err(_) => at.to_string(),
    }
}

/// A day as a spreadsheet reads it: "2026-12-23".
fn iso_day(d: Date) -> String {
    d.to_string()
}

/// An organisation's name, from its newest loaded procedure.
fn org_name(state: &AppState, org: &OrgId) -> String {
    state.app.procedures().latest(org).map_or_else(
        || org.to_string(),
        |l| l.procedure.organisation.name.clone(),
    )
}

/// The first value of `name` in a posted form, trimmed.
fn form_text(form: &[(String, String)], name: &str) -> String {
    form.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

/// An option of a select or radios: value, label, hint and whether it is chosen.
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What people read.
    pub label: String,
    /// Help under a radio; empty for none.
    pub hint: String,
    /// Whether it is chosen.
    pub checked: bool,
}
