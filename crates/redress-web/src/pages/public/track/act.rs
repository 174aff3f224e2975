//! What a complainant may do from the tracking page, each a GET form and a POST: ask for the
//! next stage (only while the procedure allows it), withdraw (after a confirming page), or send
//! more information. Every POST carries the CSRF token; refusals are shown in words.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::AppError;
use redress_app::views::TrackingView;
use redress_core::case::Command;
use redress_core::case::RefusalCode;
use redress_core::case::input::{self, limits};
use redress_core::procedure::Ground;

use super::super::csrf;
use super::super::fields::{Choice, Errors};
use super::super::page::{Problem, problem};
use super::super::validate::problem_words;
use super::super::words::{date, ground_words};
use super::{home, refused, view};
use crate::AppState;
use crate::api::ClientAddress;
use crate::pages::messages::Messages;
use crate::pages::render;

/// The form for one action.
#[derive(Template)]
#[template(path = "public/track_action.html")]
struct ActionPage<'a> {
    m: &'a Messages,
    title: String,
    service: String,
    home: String,
    has_errors: bool,
    errors: Errors,
    token: String,
    csrf: String,
    action: &'static str,
    intro: String,
    grounds: Vec<Choice>,
    /// The hint under the file input: what may be sent, and how large.
    file_hint: String,
    /// The answers as typed: reasons, outcome, reason or summary by name.
    values: Vec<(&'static str, String)>,
}

impl ActionPage<'_> {
    fn value(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn err(&self, field: &str) -> &str {
        self.errors.get(field)
    }
}

/// A posted action form: the CSRF token, the grounds ticked, and the text fields.
struct Posted {
    csrf: String,
    grounds: Vec<String>,
    values: Vec<(&'static str, String)>,
}

fn parse(pairs: Vec<(String, String)>) -> Posted {
    let mut posted = Posted {
        csrf: String::new(),
        grounds: Vec::new(),
        values: Vec::new(),
    };
    for (name, value) in pairs {
        match name.as_str() {
            "csrf" => posted.csrf = value,
            "grounds" => posted.grounds.push(value),
            _ => {
                if let Some(known) = ["reasons", "outcome", "reason", "summary"]
                    .into_iter()
                    .find(|n| *n == name)
                    && !posted.values.iter().any(|(n, _)| *n == known)
                {
                    posted.values.push((known, value));
                }
            }
        }
    }
    posted
}

fn text(values: &[(&'static str, String)], name: &str) -> String {
    values
        .iter()
        .find(|(n, _)| *n == name)
        .map_or_else(String::new, |(_, v)| v.trim().to_owned())
}

#[allow(clippy::too_many_arguments)]
fn page<'a>(
    state: &AppState,
    m: &'a Messages,
    view: &TrackingView,
    token: &str,
    csrf: &str,
    action: &'static str,
    posted: &Posted,
    errors: Errors,
) -> ActionPage<'a> {
    let (title, intro) = match action {
        "escalate" => {
            let offer = view.escalation.as_ref();
            let to = offer.map_or("", |o| o.to_stage.as_str());
            let until = offer.and_then(|o| o.until).map(|d| date(m, d));
            let intro = match until {
                Some(until) => m.fill(
                    "track.escalate.intro_until",
                    &[("stage", to), ("date", &until)],
                ),
                None => m.fill("track.escalate.intro", &[("stage", to)]),
            };
            (m.fill("track.escalate.title", &[("stage", to)]), intro)
        }
        "withdraw" => (
            m.get("track.withdraw.title").to_owned(),
            m.get("track.withdraw.intro").to_owned(),
        ),
        _ => (
            m.get("track.information.title").to_owned(),
            m.get("track.information.intro").to_owned(),
        ),
    };
    let grounds = view
        .escalation
        .as_ref()
        .map(|offer| {
            offer
                .grounds
                .iter()
                .map(|g| {
                    let (value, key) = ground_words(*g);
                    let mut choice = Choice::new(value, m.get(key), "");
                    choice.checked = posted.grounds.iter().any(|v| v == value);
                    choice
                })
                .collect()
        })
        .unwrap_or_default();
    ActionPage {
        m,
        title,
        service: view.organisation.clone(),
        home: home(state, view),
        has_errors: !errors.is_empty(),
        errors,
        token: token.to_owned(),
        csrf: csrf.to_owned(),
        action,
        intro,
        grounds,
        file_hint: m.fill(
            "attachment.track_hint",
            &[(
                "max",
                &redress_app::attachments::size_words(crate::upload::max_bytes(state)),
            )],
        ),
        values: posted.values.clone(),
    }
}

/// Shows an action's form, if the action is open now; otherwise back to the tracking page.
async fn form(
    state: AppState,
    token: String,
    headers: HeaderMap,
    action: &'static str,
) -> Response {
    let view = match view(&state, &token).await {
        Ok(view) => view,
        Err(response) => return response,
    };
    if !allowed(&view, action) {
        return Redirect::to(&format!("/track/{token}")).into_response();
    }
    let (csrf, set) = csrf::token(&headers);
    let empty = parse(Vec::new());
    let m = Messages::english();
    csrf::with_cookie(
        set,
        render(&page(
            &state,
            m,
            &view,
            &token,
            &csrf,
            action,
            &empty,
            Errors::new(),
        )),
    )
}

fn allowed(view: &TrackingView, action: &str) -> bool {
    match action {
        "escalate" => view.escalation.is_some(),
        "withdraw" => view.may_withdraw,
        _ => view
            .offers
            .iter()
            .any(|o| o.command == redress_core::case::CommandKind::ReceiveInformation),
    }
}

/// `GET /track/{token}/escalate`.
pub async fn escalate_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    form(state, token, headers, "escalate").await
}

/// `GET /track/{token}/withdraw`.
pub async fn withdraw_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    form(state, token, headers, "withdraw").await
}

/// `GET /track/{token}/information`.
pub async fn information_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    form(state, token, headers, "information").await
}

/// Checks the fields of `action`; returns the command, or the errors.
fn command(
    m: &Messages,
    view: &TrackingView,
    action: &str,
    posted: &Posted,
) -> Result<Command, Errors> {
    let mut errors = Errors::new();
    let v = &posted.values;
    let long = |errors: &mut Errors, field: &str, missing: Option<&str>| {
        let value = text(v, field);
        if let Some(key) = missing.filter(|_| value.is_empty()) {
            errors.add(field, m.get(key));
        } else if let Err(problem) = input::text(&value, limits::TEXT) {
            errors.add(field, problem_words(m, problem));
        }
    };
    let command = match action {
        "escalate" => {
            let offered = view
                .escalation
                .as_ref()
                .map(|o| o.grounds.clone())
                .unwrap_or_default();
            let grounds: Vec<Ground> = offered
                .iter()
                .copied()
                .filter(|g| posted.grounds.iter().any(|v| v == ground_words(*g).0))
                .collect();
            if !offered.is_empty() && grounds.is_empty() {
                errors.add("grounds", m.get("track.escalate.error_grounds"));
            }
            long(&mut errors, "reasons", Some("track.escalate.error_reasons"));
            long(&mut errors, "outcome", Some("track.escalate.error_outcome"));
            Command::RequestEscalation(redress_core::case::RequestEscalation {
                reasons: text(v, "reasons"),
                grounds,
                outcome_sought: text(v, "outcome"),
                // A request made through the tracking page is in writing.
                in_writing: true,
                late_reason: None,
            })
        }
        "withdraw" => {
            long(&mut errors, "reason", None);
            Command::Withdraw(redress_core::case::Withdraw {
                reason: Some(text(v, "reason")).filter(|r| !r.is_empty()),
            })
        }
        _ => {
            long(&mut errors, "summary", Some("track.information.error"));
            Command::ReceiveInformation(redress_core::case::ReceiveInformation {
                summary: text(v, "summary"),
                channel: None,
                message_id: None,
            })
        }
    };
    if errors.is_empty() {
        Ok(command)
    } else {
        Err(errors)
    }
}

/// Handles a posted action form.
async fn act(
    state: AppState,
    token: String,
    address: Option<std::net::IpAddr>,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
    action: &'static str,
) -> Response {
    let m = Messages::english();
    let Ok(Form(pairs)) = form else {
        return problem(m, Problem::Unreadable);
    };
    act_with(state, token, address, headers, pairs, Ok(None), action).await
}

/// Handles a posted action form's fields and, for information, the file chosen (or what was
/// wrong with the upload).
async fn act_with(
    state: AppState,
    token: String,
    address: Option<std::net::IpAddr>,
    headers: HeaderMap,
    pairs: Vec<(String, String)>,
    file: Result<Option<(String, Vec<u8>)>, String>,
    action: &'static str,
) -> Response {
    let m = Messages::english();
    let posted = parse(pairs);
    if !csrf::valid(&headers, &posted.csrf) {
        return problem(m, Problem::FormExpired);
    }
    let view = match view(&state, &token).await {
        Ok(view) => view,
        Err(response) => return response,
    };
    if !allowed(&view, action) {
        let key = match action {
            "escalate" => "track.escalate.closed",
            "withdraw" => "track.withdraw.closed",
            _ => "track.information.closed",
        };
        return refused(&state, m, token, view, m.get(key).to_owned());
    }
    let show = |errors: Errors| {
        render(&page(
            &state,
            m,
            &view,
            &token,
            &posted.csrf,
            action,
            &posted,
            errors,
        ))
    };
    let file = match file {
        Ok(file) => file,
        Err(message) => {
            let mut errors = Errors::new();
            errors.add("file", message);
            return show(errors);
        }
    };
    // Information may be words, a file, or both; a file alone needs no words.
    let file_only = file.is_some() && text(&posted.values, "summary").is_empty();
    if let Some((name, bytes)) = &file {
        if !state.limit.allow(address, state.app.now()) {
            return problem(m, Problem::TooMany);
        }
        match state.app.track_attach(&token, name, bytes).await {
            Ok(_) if file_only => {
                return Redirect::to(&format!("/track/{token}?done=information")).into_response();
            }
            Ok(_) => {}
            Err(AppError::Refused(refusal)) => {
                let mut errors = Errors::new();
                errors.add("file", crate::pages::staff::sentence(&refusal.reason));
                return show(errors);
            }
            Err(AppError::Invalid { message, .. }) => {
                let mut errors = Errors::new();
                errors.add("file", crate::pages::staff::sentence(&message));
                return show(errors);
            }
            Err(AppError::NotFound) => return problem(m, Problem::TrackingNotFound),
            Err(error) => {
                tracing::error!(%error, "tracking upload failed");
                return problem(m, Problem::Fault);
            }
        }
    }
    let command = match command(m, &view, action, &posted) {
        Ok(command) => command,
        Err(errors) => {
            return render(&page(
                &state,
                m,
                &view,
                &token,
                &posted.csrf,
                action,
                &posted,
                errors,
            ));
        }
    };
    if action != "withdraw" && !state.limit.allow(address, state.app.now()) {
        return problem(m, Problem::TooMany);
    }
    let done = match action {
        "escalate" => "escalated",
        "withdraw" => "withdrawn",
        _ => "information",
    };
    match state.app.track_act(&token, command).await {
        Ok(_) => Redirect::to(&format!("/track/{token}?done={done}")).into_response(),
        Err(AppError::Refused(refusal)) => {
            let message = refusal_words(m, action, refusal.code, refusal.field.as_deref());
            refused(&state, m, token, view, message)
        }
        Err(AppError::Invalid { field, .. }) => {
            let message = refusal_words(m, action, RefusalCode::Invalid, Some(&field));
            refused(&state, m, token, view, message)
        }
        Err(AppError::NotFound) => problem(m, Problem::TrackingNotFound),
        Err(error) => {
            tracing::error!(%error, "tracking action failed");
            problem(m, Problem::Fault)
        }
    }
}

/// `POST /track/{token}/escalate`.
pub async fn escalate(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    act(state, token, address, headers, form, "escalate").await
}

/// `POST /track/{token}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    act(state, token, address, headers, form, "withdraw").await
}

/// `POST /track/{token}/information`: words, a file, or both. A `multipart/form-data` body
/// may be as large as the attachment limit allows; any other keeps `BODY_LIMIT`.
pub async fn information(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Response {
    use axum::extract::FromRequest;
    let multipart = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let (parts, body) = request.into_parts();
        let limited = axum::body::Body::new(http_body_util::Limited::new(body, crate::BODY_LIMIT));
        let request = axum::extract::Request::from_parts(parts, limited);
        let form = Form::<Vec<(String, String)>>::from_request(request, &state).await;
        return act(state, token, address, headers, form, "information").await;
    }
    let uploaded = crate::upload::read(&state, request).await;
    let file = match &uploaded.error {
        Some(error) => Err(error.message()),
        None => Ok(uploaded.file),
    };
    act_with(
        state,
        token,
        address,
        headers,
        uploaded.fields,
        file,
        "information",
    )
    .await
}

/// A refusal in the catalogue's words for the complainant: the decider's own sentences are
/// written for staff, so the tracking page says what the person can do, by the rule's code and
/// the field it names.
fn refusal_words(m: &Messages, action: &str, code: RefusalCode, field: Option<&str>) -> String {
    let key = match (action, code, field) {
        (_, RefusalCode::Late, _) => "track.refused.late",
        ("escalate", _, Some("grounds")) => "track.escalate.error_grounds",
        ("escalate", _, Some("reasons")) => "track.escalate.error_reasons",
        ("escalate", _, Some("outcome_sought")) => "track.escalate.error_outcome",
        ("information", _, Some("summary")) => "track.information.error",
        (_, RefusalCode::Missing | RefusalCode::Invalid, Some(_)) => "track.refused.field",
        _ => "track.refused.not_now",
    };
    m.get(key).to_owned()
}
