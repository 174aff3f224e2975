//! `/staff/people`: a person's subject access request, for administrators. The form takes an
//! e-mail address; the answer lists every case holding it that the administrator may see
//! (core's access rule applies: a case that keeps them out is not listed), with the whole
//! export as JSON or PDF. Posted, never in a URL, so the address stays out of logs and history.
//! Each export is recorded in the audit log by the app. `/staff/people/erase` carries out the
//! person's erasure request (UK GDPR art. 17) on those cases: closed cases without a legal hold
//! are erased, the others are listed with why they were kept.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::person::{PersonErasure, PersonExport, Requester};

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
    reason: String,
    erasure: Option<PersonErasure>,
}
chrome_page!(PeoplePage);

impl PeoplePage {
    fn error_for(&self, field: &str) -> &str {
        self.errors
            .iter()
            .find(|(href, _)| href == field)
            .map(|(_, message)| message.as_str())
            .unwrap_or_default()
    }

    fn email_error(&self) -> &str {
        self.error_for("#email")
    }

    fn reason_error(&self) -> &str {
        self.error_for("#reason")
    }
}

/// What the page shows besides the form.
#[derive(Default)]
struct Shown<'a> {
    found: Option<&'a PersonExport>,
    reason: String,
    erasure: Option<PersonErasure>,
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
    shown: Shown<'_>,
) -> Response {
    let m = Messages::english();
    let mut chrome = Chrome::new(
        state,
        Some(user),
        m.get("admin.people.title").to_owned(),
        "/staff/people",
    );
    let status = chrome.with_errors(!errors.is_empty());
    let found = shown.found.map(|export| {
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
        reason: shown.reason,
        erasure: shown.erasure,
    };
    (status, [(header::CACHE_CONTROL, "no-store")], render(&page)).into_response()
}

/// `GET /staff/people`: the form (administrators only).
pub(super) async fn form(State(state): State<AppState>, user: StaffUser) -> Response {
    if !is_admin(&user) {
        return super::super::staff::forbidden(&state, &user);
    }
    page(&state, &user, String::new(), Vec::new(), Shown::default())
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
    let form = match super::posted(&state, &user, form) {
        Ok(form) => form,
        Err(page) => return page,
    };
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
            Shown::default(),
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
                Shown::default(),
            );
        }
        Err(error) => return super::super::staff::app_error_page(&state, &user, error),
    };
    match format.as_str() {
        "json" => match serde_json::to_vec_pretty(&export) {
            Ok(body) => crate::upload::file("application/json", "person.json", body),
            Err(error) => {
                tracing::error!(%error, "a subject access export could not be written");
                super::super::staff::server_error(&state)
            }
        },
        "pdf" => match redress_app::person_pdf::person_pdf(&export) {
            Ok(body) => crate::upload::file("application/pdf", "person.pdf", body),
            Err(error) => super::super::staff::app_error_page(&state, &user, error),
        },
        _ => page(
            &state,
            &user,
            email,
            Vec::new(),
            Shown {
                found: Some(&export),
                ..Shown::default()
            },
        ),
    }
}

/// `POST /staff/people/erase`: erases, at the person's request, every closed case holding the
/// address that the administrator may see and no legal hold keeps; shows what was erased and
/// what was kept, and why. A missing reason is a 422 naming `reason`, and nothing changes.
pub(super) async fn erase(
    State(state): State<AppState>,
    user: StaffUser,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let m = Messages::english();
    let form = match super::posted(&state, &user, form) {
        Ok(form) => form,
        Err(page) => return page,
    };
    let email = form_text(&form, "email");
    let reason = form_text(&form, "reason");
    let requester = Requester::Staff(&user.actor);
    let (field, message) = if email.is_empty() {
        ("email", m.get("admin.people.email_missing").to_owned())
    } else if reason.trim().is_empty() {
        ("reason", m.get("admin.people.reason_missing").to_owned())
    } else {
        match state.app.person_erase(requester, &email, &reason).await {
            Ok(erasure) => {
                return page(
                    &state,
                    &user,
                    email,
                    Vec::new(),
                    Shown {
                        erasure: Some(erasure),
                        ..Shown::default()
                    },
                );
            }
            Err(AppError::Invalid { field, message }) => {
                let field = if field == "reason" { "reason" } else { "email" };
                (field, message)
            }
            Err(error) => return super::super::staff::app_error_page(&state, &user, error),
        }
    };
    // Shown again with the cases found, so the administrator sees what the request concerns.
    let export = if field == "reason" {
        state.app.person_export(requester, &email).await.ok()
    } else {
        None
    };
    page(
        &state,
        &user,
        email,
        vec![(format!("#{field}"), message)],
        Shown {
            found: export.as_ref(),
            reason,
            erasure: None,
        },
    )
}
