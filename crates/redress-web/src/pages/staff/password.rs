//! `/staff/password`: every user changes their own password here (the current one, then the
//! new one twice). A user whose password was set for them (the first start's, or one set with
//! `redress user password --temporary`) is sent here from every other staff page until they do.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_app::AppError;

use super::super::messages::Messages;
use super::super::render;
use super::forms::{Field, FormData, Typed, field_id};
use super::{Chrome, StaffUser, chrome_page, see_other, server_error};
use crate::AppState;

/// The page's address; the sign-in check lets a user who must change their password reach it.
pub(super) const PATH: &str = "/staff/password";

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
    must_change: bool,
    changed: bool,
}
chrome_page!(PasswordPage);

fn page(
    state: &AppState,
    user: &StaffUser,
    status: StatusCode,
    typed: Option<Typed>,
    changed: bool,
) -> Response {
    let m = Messages::english();
    let field = |name: &str, key: &str, autocomplete| {
        Field::new("password", "password", name, m.get(key))
            .autocomplete(autocomplete)
            .width("govuk-input--width-20")
    };
    let mut fields = vec![
        field(
            "current_password",
            "staff.password.current",
            "current-password",
        ),
        field("new_password", "staff.password.new", "new-password")
            .hint(m.get("staff.password.new_hint")),
        field("new_password_again", "staff.password.again", "new-password"),
    ];
    let mut chrome = Chrome::new(
        state,
        Some(user),
        m.get("staff.password.title").to_owned(),
        "",
    );
    let errors = match &typed {
        Some(typed) => {
            typed.refill(&mut fields);
            chrome.has_errors = true;
            typed.summary(
                &fields,
                &format!("#{}", field_id("password", "current_password")),
            )
        }
        None => Vec::new(),
    };
    let password_page = PasswordPage {
        chrome,
        errors,
        fields,
        must_change: user.must_change_password,
        changed,
    };
    (status, render(&password_page)).into_response()
}

/// `POST /staff/password`.
pub(super) async fn submit(
    State(state): State<AppState>,
    user: StaffUser,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let form = FormData(form.map(|f| f.0).unwrap_or_default());
    if let Some(refused) = user.refuse_forged(&state, &form.text("csrf")) {
        return refused;
    }
    let Some(username) = user.actor.username() else {
        return see_other("/staff/login");
    };
    // Passwords are taken as typed: spaces may be part of them.
    let raw = |name: &str| {
        form.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let changed = state
        .app
        .change_password(
            &username,
            &raw("current_password"),
            &raw("new_password"),
            &raw("new_password_again"),
        )
        .await;
    match changed {
        Ok(()) => {
            tracing::info!(%username, "changed their password");
            see_other(&format!("{PATH}?changed=1"))
        }
        Err(AppError::Invalid { field, message }) => {
            let m = Messages::english();
            let text = match field.as_str() {
                "current_password" => m.get("staff.password.current_wrong").to_owned(),
                "new_password_again" => m.get("staff.password.again_differs").to_owned(),
                "new_password" => m.get("staff.password.new_short").to_owned(),
                _ => message,
            };
            let typed = Typed {
                form: form.clone(),
                errors: vec![(field, text)],
            };
            page(
                &state,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(typed),
                false,
            )
        }
        Err(error) => {
            tracing::error!(%error, "could not change a password");
            server_error(&state)
        }
    }
}

/// `GET /staff/password` (with `?changed=1` after a change, to say so).
pub(super) async fn show(
    State(state): State<AppState>,
    user: StaffUser,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let changed = query.as_deref() == Some("changed=1");
    page(&state, &user, StatusCode::OK, None, changed)
}
