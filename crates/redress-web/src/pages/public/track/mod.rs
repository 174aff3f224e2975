//! The complainant's pages, reached by the secret tracking link: the confirmation straight
//! after sending, the tracking page (status, what happens next and by when, and what they may
//! do now), and the forms to escalate, withdraw or send more information (`act`).

mod act;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use redress_app::AppError;
use redress_app::views::{TrackingStatus, TrackingView};
use redress_core::case::{Clock, Ending};
use serde::Deserialize;

use super::fields::Errors;
use super::page::{Problem, problem};
use super::with_status;
use super::words::date;
use crate::AppState;
use crate::pages::messages::Messages;
use crate::pages::render;

/// The tracking routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/track/{token}", get(track))
        .route("/track/{token}/confirmation", get(confirmation))
        .route(
            "/track/{token}/escalate",
            get(act::escalate_form).post(act::escalate),
        )
        .route(
            "/track/{token}/withdraw",
            get(act::withdraw_form).post(act::withdraw),
        )
        .route(
            "/track/{token}/information",
            get(act::information_form).post(act::information),
        )
}

/// Reads the tracking view behind a token: `Err` is the page to show instead (a helpful 404,
/// or a logged fault).
async fn view(state: &AppState, token: &str) -> Result<TrackingView, Response> {
    let m = Messages::english();
    // Tokens are 43 URL-safe characters; anything else cannot match, so skip the look-up.
    if token.len() > 100 {
        return Err(problem(m, Problem::TrackingNotFound));
    }
    match state.app.track(token).await {
        Ok(view) => Ok(view),
        Err(AppError::NotFound) => Err(problem(m, Problem::TrackingNotFound)),
        Err(error) => {
            tracing::error!(%error, "tracking page failed");
            Err(problem(m, Problem::Fault))
        }
    }
}

/// The organisation's id from its name in a tracking view, for the header's link.
fn home(state: &AppState, view: &TrackingView) -> String {
    let procedures = state.app.procedures();
    procedures
        .orgs()
        .find(|org| {
            procedures
                .latest(org)
                .is_some_and(|l| l.procedure.organisation.name == view.organisation)
        })
        .map_or_else(|| "/".to_owned(), |org| format!("/{org}"))
}

/// The status in the catalogue's words.
fn status(m: &Messages, status: TrackingStatus) -> String {
    let (key, on) = match status {
        TrackingStatus::Received => ("track.status_received", None),
        TrackingStatus::Acknowledged => ("track.status_acknowledged", None),
        TrackingStatus::Answered => ("track.status_answered", None),
        TrackingStatus::Closed { on, how } => (
            match how {
                Ending::Completed => "track.closed_completed",
                Ending::ResolvedInformally => "track.closed_informally",
                Ending::OutOfScope => "track.closed_out_of_scope",
                Ending::Withdrawn => "track.closed_withdrawn",
                Ending::Acknowledged => "track.closed_thanks",
            },
            Some(on),
        ),
    };
    match on {
        Some(on) => m.fill(key, &[("date", &date(m, on))]),
        None => m.get(key).to_owned(),
    }
}

/// What happens next, in the catalogue's words.
fn next(m: &Messages, view: &TrackingView) -> String {
    let Some(next) = &view.next else {
        return String::new();
    };
    let key = match next.clock {
        Clock::Acknowledgement => "track.next_acknowledge",
        Clock::Response => "track.next_response",
        _ => "track.next_reply",
    };
    m.fill(key, &[("date", &date(m, next.by))])
}

#[derive(Template)]
#[template(path = "public/track.html")]
struct TrackPage<'a> {
    m: &'a Messages,
    title: String,
    service: String,
    home: String,
    has_errors: bool,
    errors: Errors,
    token: String,
    view: TrackingView,
    status: String,
    received: String,
    next: String,
    escalate_heading: String,
    escalate_when: String,
    escalate_closed: String,
    open: bool,
    ombudsman: String,
    about: String,
    done: &'a str,
}

/// `?done=`: which action just succeeded, for the banner.
#[derive(Deserialize)]
struct Done {
    done: Option<String>,
}

async fn track(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let view = match view(&state, &token).await {
        Ok(view) => view,
        Err(response) => return response,
    };
    let m = Messages::english();
    let done = match done.done.as_deref() {
        Some("escalated") => "track.done_escalated",
        Some("withdrawn") => "track.done_withdrawn",
        Some("information") => "track.done_information",
        _ => "",
    };
    render(&track_page(&state, m, token, view, Errors::new(), done))
}

fn track_page<'a>(
    state: &AppState,
    m: &'a Messages,
    token: String,
    view: TrackingView,
    errors: Errors,
    done: &'a str,
) -> TrackPage<'a> {
    let kind = m.get(kind_key(&view.kind));
    TrackPage {
        m,
        title: m.fill(
            "track.title",
            &[("kind", kind), ("reference", &view.reference)],
        ),
        service: view.organisation.clone(),
        home: home(state, &view),
        has_errors: !errors.is_empty(),
        errors,
        token,
        status: status(m, view.status),
        received: date(m, view.received_on),
        next: next(m, &view),
        escalate_heading: view.escalation.as_ref().map_or_else(String::new, |e| {
            m.fill("track.escalate.heading", &[("stage", &e.to_stage)])
        }),
        escalate_when: match view.escalation.as_ref().and_then(|e| e.until) {
            Some(until) => m.fill("track.escalate.open_until", &[("date", &date(m, until))]),
            None => m.get("track.escalate.open").to_owned(),
        },
        escalate_closed: view.escalation_closed.as_ref().map_or_else(
            String::new,
            |(stage, ended)| {
                m.fill(
                    "track.escalate.window_closed",
                    &[("stage", stage), ("date", &date(m, *ended))],
                )
            },
        ),
        open: !matches!(view.status, TrackingStatus::Closed { .. }),
        ombudsman: view.ombudsman.as_ref().map_or_else(String::new, |o| {
            m.fill("track.ombudsman", &[("ombudsman", o)])
        }),
        about: m.fill(
            "track.about_procedure",
            &[("organisation", &view.organisation)],
        ),
        view,
        done,
    }
}

/// The catalogue key for a kind as the tracking view names it.
fn kind_key(kind: &str) -> &'static str {
    match kind {
        "compliment" => "kinds.compliment",
        "comment" => "kinds.comment",
        "suggestion" => "kinds.suggestion",
        _ => "kinds.complaint",
    }
}

#[derive(Template)]
#[template(path = "public/confirmation.html")]
struct Confirmation<'a> {
    m: &'a Messages,
    title: String,
    service: String,
    home: String,
    has_errors: bool,
    reference: String,
    next: String,
    link: String,
    link_lead: &'static str,
    token: String,
}

async fn confirmation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let view = match view(&state, &token).await {
        Ok(view) => view,
        Err(response) => return response,
    };
    let m = Messages::english();
    let kind = m.get(kind_key(&view.kind));
    let page = Confirmation {
        m,
        title: m.fill("confirmation.title", &[("kind", kind)]),
        service: view.organisation.clone(),
        home: home(&state, &view),
        has_errors: false,
        reference: view.reference.clone(),
        next: next(m, &view),
        link: format!("{}/track/{token}", origin(&headers)),
        link_lead: if view.kind == "complaint" {
            "confirmation.link_lead"
        } else {
            "confirmation.link_lead_other"
        },
        token,
    };
    render(&page)
}

/// `http(s)://host` as the browser reached us, for a link the person can copy.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// The tracking page again, showing why an action was refused.
fn refused(
    state: &AppState,
    m: &Messages,
    token: String,
    view: TrackingView,
    message: String,
) -> Response {
    let mut errors = Errors::new();
    errors.add("actions", message);
    with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        render(&track_page(state, m, token, view, errors, "")),
    )
}
