//! `/staff/people`: a person's subject access request, for administrators. The form takes an
//! e-mail address; the answer lists every case holding it that the administrator may see
//! (core's access rule applies: a case that keeps them out is not listed), with the whole
//! export as JSON or PDF. Posted, never in a URL, so the address stays out of logs and history.
//! Each export is recorded in the audit log by the app.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::person::{PersonExport, Requester};

use super::super::messages::Messages;
use super::super::render;
use super::{Chrome, StaffUser, chrome_page, form_text};
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/people.html")]
struct PeoplePage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    email: String,
    found: Option<Vec<CaseLine>>,
}
chrome_page!(PeoplePage);

impl PeoplePage {
    fn email_error(&self) -> &str {
        self.errors
            .first()
            .map(|(_, message)| message.as_str())
            .unwrap_or_default()
    }
}

/// A case holding the person, as the page lists it.
struct CaseLine {
    reference: String,
    org: String,
    capacities: String,
    events: usize,
    letters: usize,
}

fn page(
    state: &AppState,
    user: &StaffUser,
    email: String,
    errors: Vec<(String, String)>,
    found: Option<&PersonExport>,
) -> Response {
    let m = Messages::english();
    let mut chrome = Chrome::new(
        state,
        Some(user),
        m.get("admin.people.title").to_owned(),
        "/staff/people",
    );
    let status = chrome.with_errors(!errors.is_empty());
    let found = found.map(|export| {
        export
            .cases
            .iter()
            .map(|case| CaseLine {
                reference: case.reference.clone(),
                org: case.org.to_string(),
                capacities: case
                    .capacities
                    .iter()
                    .map(|c| {
                        m.get(&format!(
                            "admin.people.capacity.{}",
                            redress_core::names::serde_name(c)
                        ))
                        .to_owned()
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                events: case.events.len(),
                letters: case.letters.len(),
            })
            .collect()
    });
    let page = PeoplePage {
        chrome,
        errors,
        email,
        found,
    };
    (status, [(header::CACHE_CONTROL, "no-store")], render(&page)).into_response()
}

/// `GET /staff/people`: the form (administrators only).
pub(super) async fn form(State(state): State<AppState>, user: StaffUser) -> Response {
    if !is_admin(&user) {
        return super::super::staff::forbidden(&state, &user);
    }
    page(&state, &user, String::new(), Vec::new(), None)
}

fn is_admin(user: &StaffUser) -> bool {
    user.actor.administers_any()
}

/// `POST /staff/people`: the export, as the page (`format=page`), JSON or PDF.
pub(super) async fn export(
    State(state): State<AppState>,
    user: StaffUser,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let m = Messages::english();
    let Ok(Form(form)) = form else {
        return super::bad_request(&state, &user);
    };
    if let Some(refused) = user.refuse_forged(&state, &form_text(&form, "csrf")) {
        return refused;
    }
    let email = form_text(&form, "email");
    let format = form_text(&form, "format");
    if !["", "page", "json", "pdf"].contains(&format.as_str()) {
        return super::bad_request(&state, &user);
    }
    if email.is_empty() {
        let message = m.get("admin.people.email_missing").to_owned();
        return page(
            &state,
            &user,
            email,
            vec![("#email".to_owned(), message)],
            None,
        );
    }
    let export = match state
        .app
        .person_export(Requester::Staff(&user.actor), &email)
        .await
    {
        Ok(export) => export,
        Err(AppError::Invalid { message, .. }) => {
            return page(
                &state,
                &user,
                email,
                vec![("#email".to_owned(), message)],
                None,
            );
        }
        Err(error) => return super::super::staff::app_error_page(&state, &user, error),
    };
    match format.as_str() {
        "json" => match serde_json::to_vec_pretty(&export) {
            Ok(body) => download("application/json", "person.json", body),
            Err(error) => {
                tracing::error!(%error, "a subject access export could not be written");
                super::super::staff::server_error(&state)
            }
        },
        "pdf" => match redress_app::person_pdf::person_pdf(&export) {
            Ok(body) => download("application/pdf", "person.pdf", body),
            Err(error) => super::super::staff::app_error_page(&state, &user, error),
        },
        _ => page(&state, &user, email, Vec::new(), Some(&export)),
    }
}

fn download(content_type: &'static str, name: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}
