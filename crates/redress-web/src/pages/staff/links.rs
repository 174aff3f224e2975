//! Secret links staff are shown once: a case's new tracking link, to write into a letter, and
//! their personal calendar feed address (`/staff/calendar`, with create and revoke), whose
//! events the public route `/feeds/{token}.ics` serves.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::super::messages::Messages;
use super::super::render;
use super::forms::FormData;
use super::{Chrome, StaffUser, app_error_page, chrome_page, encode, see_other};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/shown_link.html")]
struct ShownLink {
    chrome: Chrome,
    intro: String,
    link: String,
    back: String,
    back_label: String,
}
chrome_page!(ShownLink);

/// The page that shows a case's new tracking link, once.
pub(super) fn tracking_link(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
    link: String,
) -> Response {
    let m = Messages::english();
    let page = ShownLink {
        chrome: Chrome::new(
            state,
            Some(user),
            m.get("staff.action.issue-tracking-link.shown_heading")
                .to_owned(),
            "/staff/cases",
        ),
        intro: m
            .get("staff.action.issue-tracking-link.shown_intro")
            .to_owned(),
        link,
        back: format!("/staff/cases/{}", encode(reference)),
        back_label: m.get("staff.action.issue-tracking-link.back").to_owned(),
    };
    // Never kept by a browser or proxy: the link is a secret.
    ([(header::CACHE_CONTROL, "no-store")], render(&page)).into_response()
}

#[derive(Template)]
#[template(path = "staff/calendar.html")]
struct CalendarPage {
    chrome: Chrome,
    has_feed: bool,
    link: Option<String>,
}
chrome_page!(CalendarPage);

/// `GET /staff/calendar`.
pub(super) async fn calendar(State(state): State<AppState>, user: StaffUser) -> Response {
    match state.app.has_feed(&user.actor).await {
        Ok(has_feed) => calendar_page(&state, &user, has_feed, None),
        Err(error) => app_error_page(&state, &user, error),
    }
}

fn calendar_page(
    state: &AppState,
    user: &StaffUser,
    has_feed: bool,
    link: Option<String>,
) -> Response {
    let m = Messages::english();
    let page = CalendarPage {
        chrome: Chrome::new(
            state,
            Some(user),
            m.get("staff.calendar.title").to_owned(),
            "/staff/calendar",
        ),
        has_feed,
        link,
    };
    ([(header::CACHE_CONTROL, "no-store")], render(&page)).into_response()
}

/// `POST /staff/calendar`: a new feed address, shown once; any older one stops working.
pub(super) async fn create(
    State(state): State<AppState>,
    user: StaffUser,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let form = FormData(form.map(|f| f.0).unwrap_or_default());
    if let Some(refused) = user.refuse_forged(&state, &form.text("csrf")) {
        return refused;
    }
    match state.app.create_feed(&user.actor).await {
        Ok(link) => calendar_page(&state, &user, true, Some(link)),
        Err(error) => app_error_page(&state, &user, error),
    }
}

/// `POST /staff/calendar/revoke`.
pub(super) async fn revoke(
    State(state): State<AppState>,
    user: StaffUser,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let form = FormData(form.map(|f| f.0).unwrap_or_default());
    if let Some(refused) = user.refuse_forged(&state, &form.text("csrf")) {
        return refused;
    }
    match state.app.revoke_feed(&user.actor).await {
        Ok(()) => see_other("/staff/calendar"),
        Err(error) => app_error_page(&state, &user, error),
    }
}

/// `GET /feeds/{token}.ics`: the calendar behind a feed token, for calendar programs (which
/// cannot sign in: the secret address is the credential). Unknown tokens are 404.
pub(super) async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics").filter(|t| t.len() <= 100) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.app.feed(token).await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            text,
        )
            .into_response(),
        Err(redress_app::AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "calendar feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
