//! E-mail on the staff pages: the case page's list of a case's messages and where each stands
//! (`lines`), and, for admins, `/staff/outbox`: the messages parked after failing, each with a
//! retry button (POST `/staff/outbox/{id}/retry`).

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use redress_app::AppError;
use redress_app::mail::{Delivery, MailLine};
use serde::Deserialize;

use super::super::messages::Messages;
use super::super::render;
use super::words::instant;
use super::{Chrome, StaffUser, app_error_page, chrome_page, encode, see_other};
use crate::AppState;

/// One message as the case page and the admin page show it.
#[derive(Clone)]
pub(super) struct MailWords {
    /// The outbox id, for the retry form.
    pub id: String,
    /// The case.
    pub reference: String,
    /// Its subject (or kind) and address.
    pub what: String,
    /// Where it stands, in words.
    pub status: String,
    /// When it was written.
    pub created_at: jiff::Timestamp,
    /// The letter it e-mails, if it is one.
    pub letter: Option<u64>,
}

/// `line` in words; `hint` adds where a parked message can be retried (the case page).
fn words(m: &Messages, line: &MailLine, hint: bool) -> MailWords {
    let error = |error: &Option<String>| {
        error
            .clone()
            .unwrap_or_else(|| m.get("outbox.no_error").to_owned())
    };
    let status = match &line.delivery {
        Delivery::Sent { at } => m.fill("outbox.sent", &[("when", &instant(*at))]),
        Delivery::Queued { attempts: 0, .. } => m.get("outbox.queued").to_owned(),
        Delivery::Queued {
            attempts,
            next_attempt_at,
            last_error,
        } => m.fill(
            "outbox.retrying",
            &[
                ("attempts", &attempts.to_string()),
                ("when", &next_attempt_at.map(instant).unwrap_or_default()),
                ("error", &error(last_error)),
            ],
        ),
        Delivery::Parked { at, error: why } => {
            let parked = m.fill(
                "outbox.parked",
                &[
                    ("when", &instant(*at)),
                    ("error", error(why).trim_end_matches('.')),
                ],
            );
            if hint {
                format!("{parked} {}", m.get("outbox.parked_admin"))
            } else {
                parked
            }
        }
        Delivery::NoMailServer => m.get("outbox.no_server").to_owned(),
    };
    let subject = line.subject.clone().unwrap_or_else(|| line.kind.clone());
    let what = match &line.to {
        Some(to) => format!("{subject} ({})", m.fill("outbox.to", &[("to", to)])),
        None => subject,
    };
    MailWords {
        id: line.id.clone(),
        reference: line.reference.clone(),
        what,
        status,
        created_at: line.created_at,
        letter: line.letter,
    }
}

/// A case's messages in words, for the case page; empty (logged) if they cannot be read, so
/// the rest of the page still shows.
pub(super) async fn lines(state: &AppState, user: &StaffUser, reference: &str) -> Vec<MailWords> {
    let m = Messages::english();
    match state.app.case_mail(&user.actor, reference).await {
        Ok(lines) => lines.iter().map(|line| words(m, line, true)).collect(),
        Err(error) => {
            tracing::error!(%error, reference, "the case's e-mail could not be read");
            Vec::new()
        }
    }
}

#[derive(Template)]
#[template(path = "staff/outbox.html")]
struct ParkedPage {
    chrome: Chrome,
    banner: Option<String>,
    messages: Vec<MailWords>,
}
chrome_page!(ParkedPage);

#[derive(Deserialize)]
pub(super) struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn is_admin(user: &StaffUser) -> bool {
    user.actor.administers_any()
}

/// `GET /staff/outbox`: the parked messages of the organisations the user is admin of.
pub(super) async fn parked(
    State(state): State<AppState>,
    user: StaffUser,
    Query(done): Query<Done>,
) -> Response {
    let m = Messages::english();
    if !is_admin(&user) {
        return crate::pages::admin::forbidden(&state, &user, m.get("outbox.not_admin").to_owned());
    }
    let lines = match state.app.parked_mail(&user.actor).await {
        Ok(lines) => lines,
        Err(error) => return app_error_page(&state, &user, error),
    };
    let page = ParkedPage {
        chrome: Chrome::new(
            &state,
            Some(&user),
            m.get("outbox.title").to_owned(),
            "/staff/outbox",
        ),
        banner: (done.done.as_deref() == Some("retried"))
            .then(|| m.get("outbox.retried").to_owned()),
        messages: lines.iter().map(|line| words(m, line, false)).collect(),
    };
    render(&page)
}

/// `POST /staff/outbox/{id}/retry`: queues a parked message again.
pub(super) async fn retry(
    State(state): State<AppState>,
    user: StaffUser,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    // A body that is not a form carries no CSRF token: refused as a forged form is.
    let form = form.map(|Form(form)| form).unwrap_or_default();
    let csrf = form
        .iter()
        .find(|(name, _)| name == "csrf")
        .map(|(_, value)| value.as_str())
        .unwrap_or_default();
    if let Some(refused) = user.refuse_forged(&state, csrf) {
        return refused;
    }
    let m = Messages::english();
    match state.app.retry_mail(&user.actor, &id).await {
        Ok(()) => see_other(&format!("/staff/outbox?done={}", encode("retried"))),
        // Already sent or queued again (a second click): the list shows where it stands.
        Err(AppError::Invalid { .. }) => see_other("/staff/outbox"),
        Err(AppError::Forbidden(_)) => {
            crate::pages::admin::forbidden(&state, &user, m.get("outbox.not_admin").to_owned())
        }
        Err(error) => app_error_page(&state, &user, error),
    }
}
