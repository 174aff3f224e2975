//! The feedback form's routes. `GET /{org}/feedback` shows the first question; every page
//! posts all the answers so far to `POST /{org}/feedback` with the page's name (`step`) and,
//! for Back and Change, where to go (`goto`). The answers travel in the page, so there are no
//! drafts on the server. The check page's post submits the feedback and redirects to the
//! confirmation, so a refresh cannot send it twice.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::AppError;
use redress_app::auth::Actor;
use redress_core::calendar::london_date;

use super::answers::{Answers, Posted};
use super::fields::Errors;
use super::page::{Problem, problem};
use super::steps::{Flow, Step};
use super::words::kind_value;
use super::{csrf, not_found, procedures_for, with_status};
use crate::AppState;
use crate::api::ClientAddress;
use crate::pages::messages::Messages;
use crate::pages::render;

mod rows;
mod view;

use view::FormView;

/// `GET /{org}/feedback`: the first question, with empty answers.
pub async fn begin(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((_, in_force)) = procedures_for(&state, &org) else {
        return not_found();
    };
    let mut answers = Answers::default();
    let flow = Flow::new(&in_force, &answers, london_date(state.app.now()));
    if let [only] = flow.procedure.organisation.kinds.as_slice() {
        answers.set("kind", kind_value(*only));
    }
    let first = flow.path(&answers)[0];
    let (token, set) = csrf::token(&headers);
    let page = FormView::new(
        Messages::english(),
        flow,
        &answers,
        first,
        Errors::new(),
        false,
    );
    csrf::with_cookie(
        set,
        render(&page.max_file(crate::upload::max_bytes(&state)).page(&token)),
    )
}

/// `GET /{org}/feedback/...`: a refreshed or bookmarked page of the form, whose answers were
/// in the page: start again at the first question.
pub async fn restart(Path((org, _)): Path<(String, String)>) -> Response {
    Redirect::to(&format!("/{org}/feedback")).into_response()
}

/// `POST /{org}/feedback`: one page's answers.
pub async fn post(
    State(state): State<AppState>,
    Path(org): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let m = Messages::english();
    let Some((org_id, in_force)) = procedures_for(&state, &org) else {
        return not_found();
    };
    let Ok(Form(pairs)) = form else {
        return problem(m, Problem::Unreadable);
    };
    let posted = Posted::parse(pairs);
    if !csrf::valid(&headers, &posted.csrf) {
        return problem(m, Problem::FormExpired);
    }
    onwards(&state, m, &org_id, &in_force, address, posted).await
}

/// `POST /{org}/feedback/upload`: the files page, as `multipart/form-data` (the one public
/// form route whose body may be as large as the attachment limit). A file chosen is stored
/// and carried onwards by its SHA-256; the page is shown again to upload another.
pub async fn upload(
    State(state): State<AppState>,
    Path(org): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Response {
    let m = Messages::english();
    let Some((org_id, in_force)) = procedures_for(&state, &org) else {
        return not_found();
    };
    let uploaded = crate::upload::read(&state, request).await;
    let mut posted = Posted::parse(uploaded.fields);
    if !csrf::valid(&headers, &posted.csrf) {
        return problem(m, Problem::FormExpired);
    }
    let answers_as_posted = posted.answers.clone();
    let flow = Flow::new(&in_force, &answers_as_posted, london_date(state.app.now()));
    let again = |answers: &Answers, errors: Errors, uploaded: String| {
        let mut view = FormView::new(m, flow, answers, Step::Files, errors, posted.checking);
        view.uploaded = uploaded;
        reshow(&state, view, &posted.csrf)
    };
    if let Some(error) = uploaded.error {
        let mut errors = Errors::new();
        errors.add("file", error.message());
        return again(&posted.answers, errors, String::new());
    }
    match uploaded.file {
        Some((name, bytes)) => {
            if posted.answers.files().len() >= super::answers::FILES {
                let mut errors = Errors::new();
                errors.add("file", m.get("form.files.full"));
                return again(&posted.answers, errors, String::new());
            }
            if !state.limit.allow(address, state.app.now()) {
                return problem(m, Problem::TooMany);
            }
            match state.app.upload(&name, &bytes).await {
                Ok(stored) => {
                    if posted
                        .answers
                        .files()
                        .iter()
                        .all(|(_, sha)| *sha != stored.sha256)
                    {
                        posted.answers.add_file(&stored.name, &stored.sha256);
                    }
                    let words = m.fill("form.files.uploaded", &[("name", &stored.name)]);
                    again(&posted.answers, Errors::new(), words)
                }
                Err(AppError::Invalid { message, .. }) => {
                    let mut errors = Errors::new();
                    errors.add("file", crate::pages::staff::sentence(&message));
                    again(&posted.answers, errors, String::new())
                }
                Err(AppError::Refused(refusal)) => {
                    let mut errors = Errors::new();
                    errors.add("file", crate::pages::staff::sentence(&refusal.reason));
                    again(&posted.answers, errors, String::new())
                }
                Err(error) => {
                    tracing::error!(%error, "public upload failed");
                    problem(m, Problem::Fault)
                }
            }
        }
        None if posted.goto == "upload" => {
            let mut errors = Errors::new();
            errors.add("file", m.get("form.files.choose"));
            again(&posted.answers, errors, String::new())
        }
        None => onwards(&state, m, &org_id, &in_force, address, posted).await,
    }
}

/// A page's answers, checked and taken onwards (or back, or to a page to change).
async fn onwards(
    state: &AppState,
    m: &'static Messages,
    org_id: &redress_core::ids::OrgId,
    in_force: &[std::sync::Arc<redress_core::procedure::Procedure>],
    address: Option<std::net::IpAddr>,
    posted: Posted,
) -> Response {
    let answers = &posted.answers;
    let flow = Flow::new(in_force, answers, london_date(state.app.now()));
    let path = flow.path(answers);
    let step = Step::parse(&posted.step)
        .filter(|s| path.contains(s))
        .unwrap_or(path[0]);
    let show = |step, errors: Errors, checking| {
        reshow(
            state,
            FormView::new(m, flow, answers, step, errors, checking),
            &posted.csrf,
        )
    };
    // Back: the previous page, or the check page for someone changing an answer.
    if posted.goto == "back" {
        let back = match (posted.checking, flow.previous(answers, step)) {
            (true, _) => Step::Check,
            (false, Some(previous)) => previous,
            (false, None) => step,
        };
        return show(back, Errors::new(), posted.checking);
    }
    // Change, from the check page.
    if let Some(change) = Step::parse(&posted.goto).filter(|s| path.contains(s)) {
        return show(change, Errors::new(), true);
    }
    if step == Step::Check {
        return submit(state, m, flow, address, org_id, &posted).await;
    }
    let errors = flow.check(m, step, answers);
    if !errors.is_empty() {
        return show(step, errors, posted.checking);
    }
    let next = if posted.checking {
        // Back to the check page, unless the change opened a question not yet answered.
        flow.first_invalid(m, answers)
            .map_or(Step::Check, |(s, _)| s)
    } else {
        flow.next(answers, step)
    };
    show(next, Errors::new(), posted.checking || next == Step::Check)
}

/// The check page's post: everything is checked again (the answers came back from the
/// browser), then the feedback is submitted.
async fn submit(
    state: &AppState,
    m: &'static Messages,
    flow: Flow<'_>,
    address: Option<std::net::IpAddr>,
    org: &redress_core::ids::OrgId,
    posted: &Posted,
) -> Response {
    let answers = &posted.answers;
    if let Some((step, errors)) = flow.first_invalid(m, answers) {
        return reshow(
            state,
            FormView::new(m, flow, answers, step, errors, true),
            &posted.csrf,
        );
    }
    if !crate::limit::allow_submission(state, org.as_str(), address) {
        return problem(m, Problem::TooMany);
    }
    let submission = flow.submission(m, answers);
    match state
        .app
        .submit_with_uploads(&Actor::Public, org, submission, None, &answers.files())
        .await
    {
        Ok(submitted) => Redirect::to(&format!("/track/{}/confirmation", submitted.tracking_token))
            .into_response(),
        // Core refused something the pages' checks let through: show it on the page that
        // asks for the field it names.
        Err(AppError::Refused(refusal)) => {
            let mut message = refusal.reason.clone();
            if let Some(instead) = &refusal.instead {
                message = format!("{message}: {instead}");
            }
            let (step, input) = flow.locate(answers, refusal.field.as_deref());
            let mut errors = Errors::new();
            errors.add(input, message);
            reshow(
                state,
                FormView::new(m, flow, answers, step, errors, true),
                &posted.csrf,
            )
        }
        Err(AppError::Invalid { message, field }) => {
            let (step, input) = flow.locate(answers, Some(&field));
            let mut errors = Errors::new();
            errors.add(input, message);
            reshow(
                state,
                FormView::new(m, flow, answers, step, errors, true),
                &posted.csrf,
            )
        }
        Err(error) => {
            tracing::error!(%error, "public submission failed");
            problem(m, Problem::Fault)
        }
    }
}

/// A page of the form; with errors it answers 422, as the API does for the same answers.
fn reshow(state: &AppState, view: FormView<'_>, csrf: &str) -> Response {
    let has_errors = view.has_errors();
    let page = render(&view.max_file(crate::upload::max_bytes(state)).page(csrf));
    if has_errors && page.status().is_success() {
        with_status(StatusCode::UNPROCESSABLE_ENTITY, page)
    } else {
        page
    }
}
