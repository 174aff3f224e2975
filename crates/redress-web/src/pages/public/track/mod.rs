//! The complainant's pages, reached by the secret tracking link: the confirmation straight
//! after sending, the tracking page (status, what happens next and by when, and what they may
//! do now), and the forms to escalate, withdraw or send more information (`act`).

mod act;
mod lost;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use redress_app::AppError;
use redress_app::mail::Delivery;
use redress_app::views::{TrackingStatus, TrackingView};
use redress_core::case::{Clock, Ending};
use redress_core::procedure::{Escalator, OmbudsmanWhen, Procedure};
use serde::Deserialize;

use super::fields::Errors;
use super::page::{Problem, problem};
use super::with_status;
use super::words::date;
use crate::AppState;
use crate::pages::letter::contact_ways;
use crate::pages::messages::Messages;
use crate::pages::render;

/// The tracking routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/track/lost", get(lost::form).post(lost::request))
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
            get(act::information_form)
                .post(act::information)
                .layer(axum::extract::DefaultBodyLimit::disable()),
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
                Ending::Merged => "track.closed_merged",
            },
            Some(on),
        ),
    };
    match on {
        Some(on) => m.fill(key, &[("date", &date(m, on))]),
        None => m.get(key).to_owned(),
    }
}

/// What happens next, in the catalogue's words, promising only what the case allows: nothing
/// is sent to someone who gave no contact details, so they are told where to look instead.
fn next(m: &Messages, view: &TrackingView) -> String {
    let Some(next) = &view.next else {
        return m
            .get(match (view.escalation.is_some(), view.contactable) {
                (true, true) => "track.next_answered",
                (true, false) => "track.next_answered_anonymous",
                (false, _) => "track.next_none",
            })
            .to_owned();
    };
    let key = match (next.clock, view.contactable) {
        (Clock::Acknowledgement, true) => "track.next_acknowledge",
        (Clock::Acknowledgement, false) => {
            return m.get("track.next_none").to_owned();
        }
        (Clock::Response, true) => "track.next_response",
        (Clock::Response, false) => "track.next_response_anonymous",
        (_, true) => "track.next_reply",
        (_, false) => "track.next_reply_anonymous",
    };
    m.fill(key, &[("date", &date(m, next.by))])
}

/// The ombudsman, as the case's procedure and state make it true: at any time where the
/// procedure says so; once the procedure is complete at its last stage; while the case is open
/// "after the last stage"; and not at all after a withdrawal or an ending outside the
/// procedure when the ombudsman comes only after its last stage. (heading, sentences)
fn ombudsman(
    m: &Messages,
    procedure: &Procedure,
    view: &TrackingView,
) -> Option<(String, Vec<String>)> {
    let ombudsman = procedure.ombudsman.as_ref()?;
    let name = [("ombudsman", ombudsman.name.as_str())];
    let complete = view.ending() == Some(Ending::Completed) && view.final_stage;
    let (heading, key) = match (ombudsman.when, view.ending()) {
        _ if complete => ("track.ombudsman_heading_complete", "track.ombudsman_now"),
        (OmbudsmanWhen::AnyTime, _) => (
            "track.ombudsman_heading_any_time",
            "track.ombudsman_any_time",
        ),
        (OmbudsmanWhen::AfterFinalStage, None) => ("track.ombudsman_heading", "track.ombudsman"),
        (OmbudsmanWhen::AfterFinalStage, Some(_)) => return None,
    };
    let mut sentences = vec![m.fill(key, &name)];
    let ways = contact_ways(m, &ombudsman.contact);
    if !ways.is_empty() {
        sentences.push(m.fill(
            "letter.ombudsman_contact",
            &[("ombudsman", &ombudsman.name), ("ways", &ways.join("; "))],
        ));
    }
    Some((m.get(heading).to_owned(), sentences))
}

/// A letter on the tracking page: the day it was sent and what it said.
struct LetterView {
    heading: String,
    sentences: Vec<String>,
}

fn letters(m: &Messages, view: &TrackingView) -> Vec<LetterView> {
    view.letters
        .iter()
        .map(|sent| LetterView {
            heading: m.fill(
                &format!("track.letter.{}", sent.letter.kind.as_str()),
                &[("date", &date(m, sent.on))],
            ),
            // The letter as sent, paragraph by paragraph: worded once, by its template or
            // by the officer.
            sentences: sent.body.split("\n\n").map(str::to_owned).collect(),
        })
        .collect()
}

/// The status, saying "sent" only to someone we could send to.
fn status_words(m: &Messages, view: &TrackingView) -> String {
    if view.status == TrackingStatus::Answered && !view.contactable {
        return m.get("track.status_answered_anonymous").to_owned();
    }
    status(m, view.status)
}

/// The case's own procedure version.
fn procedure_of<'s>(state: &'s AppState, view: &TrackingView) -> Option<&'s Procedure> {
    state
        .app
        .procedures()
        .version(&view.org, &view.procedure_version)
        .map(|loaded| &*loaded.procedure)
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
    ombudsman_heading: String,
    ombudsman: Vec<String>,
    letters: Vec<LetterView>,
    letters_lead: &'static str,
    about: String,
    done: &'a str,
    contact: ContactBlock<'a>,
}

/// How to reach the organisation, from its procedure file, with the reference to quote.
struct ContactBlock<'a> {
    heading: String,
    lead: String,
    rows: Vec<(&'a str, String)>,
}

fn contact_block<'a>(state: &AppState, m: &'a Messages, view: &TrackingView) -> ContactBlock<'a> {
    ContactBlock {
        heading: m.fill(
            "contact_block.heading",
            &[("organisation", &view.organisation)],
        ),
        lead: m.fill("contact_block.lead", &[("reference", &view.reference)]),
        rows: procedure_of(state, view)
            .map(|p| super::start::more::contact(m, p))
            .unwrap_or_default(),
    }
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
    let ombudsman = procedure_of(state, &view).and_then(|p| ombudsman(m, p, &view));
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
        status: status_words(m, &view),
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
        ombudsman_heading: ombudsman
            .as_ref()
            .map(|(h, _)| h.clone())
            .unwrap_or_default(),
        ombudsman: ombudsman.map(|(_, s)| s).unwrap_or_default(),
        letters: letters(m, &view),
        letters_lead: if view.contactable {
            "track.letters_lead"
        } else {
            "track.letters_lead_anonymous"
        },
        about: m.fill(
            "track.about_procedure",
            &[("organisation", &view.organisation)],
        ),
        contact: contact_block(state, m, &view),
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
    /// Whether the link was e-mailed too: the message key saying so, or empty.
    emailed: &'static str,
    contact: ContactBlock<'a>,
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
    let emailed = match state.app.tracking_confirmation(&token).await {
        Ok(Some(line)) => match line.delivery {
            Delivery::Sent { .. } => "confirmation.link_emailed",
            Delivery::Queued { .. } => "confirmation.link_emailing",
            Delivery::Parked { .. } | Delivery::NoMailServer => "",
        },
        Ok(None) => "",
        Err(error) => {
            tracing::error!(%error, "the confirmation e-mail could not be read");
            ""
        }
    };
    let page = Confirmation {
        emailed,
        m,
        title: m.fill("confirmation.title", &[("kind", kind)]),
        service: view.organisation.clone(),
        home: home(&state, &view),
        has_errors: false,
        reference: view.reference.clone(),
        next: next(m, &view),
        link: format!("{}/track/{token}", origin(&headers)),
        link_lead: match (view.kind == "complaint", procedure_of(&state, &view)) {
            (true, Some(p)) if complainant_escalates(p) => "confirmation.link_lead",
            (true, _) => "confirmation.link_lead_no_escalation",
            (false, _) => "confirmation.link_lead_other",
        },
        token,
        contact: contact_block(&state, m, &view),
    };
    render(&page)
}

/// Whether the complainant may ask for a later stage anywhere in the procedure.
fn complainant_escalates(procedure: &Procedure) -> bool {
    procedure
        .stages
        .iter()
        .filter_map(|stage| stage.escalation.as_ref())
        .any(|escalation| escalation.by == Escalator::Complainant)
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
