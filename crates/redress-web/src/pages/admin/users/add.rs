//! Adding a user, `/staff/users/new`: full name, username, a first password and a first role
//! in an organisation the admin manages. The password typed is never put back into the page.

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::admin::users::{NewMember, UsersPage};
use redress_store::{Role, Store};

use super::super::super::messages::Messages;
use super::super::super::render;
use super::super::super::staff::{
    Chrome, StaffUser, app_error_page, chrome_page, encode, see_other,
};
use super::super::{Choice, forbidden, form_text, org_name};
use super::{ROLES, admin_view, check_administers, role_name};
use crate::AppState;

/// The add-a-user form, as typed.
#[derive(Default)]
struct Typed {
    display_name: String,
    username: String,
    org: String,
    role: String,
}

#[derive(Template)]
#[template(path = "admin/user_new.html")]
struct NewPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    typed: Typed,
    field_errors: Vec<(&'static str, String)>,
    orgs: Vec<Choice>,
    roles: Vec<Choice>,
}
chrome_page!(NewPage);

impl NewPage {
    /// The error message for a field, or "".
    fn err(&self, field: &str) -> &str {
        self.field_errors
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, e)| e.as_str())
    }
}

fn new_page(
    state: &AppState,
    user: &StaffUser,
    view: &UsersPage,
    typed: Typed,
    field_errors: Vec<(&'static str, String)>,
) -> Response {
    let m = Messages::english();
    let orgs = view
        .administers
        .iter()
        .map(|o| Choice {
            value: o.to_string(),
            label: org_name(state, o),
            hint: String::new(),
            checked: typed.org == o.as_str() || view.administers.len() == 1,
        })
        .collect();
    let roles = ROLES
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: role_name(m, *r),
            hint: m.get(&format!("admin.role_hint.{}", r.as_str())).to_owned(),
            checked: typed.role == r.as_str(),
        })
        .collect();
    let errors = field_errors
        .iter()
        .map(|(f, e)| (format!("#{}", field_id(f)), e.clone()))
        .collect::<Vec<_>>();
    let mut chrome = Chrome::new(
        state,
        Some(user),
        m.get("admin.users.new_title").to_owned(),
        "/staff/users",
    );
    let status = chrome.with_errors(!errors.is_empty());
    (
        status,
        render(&NewPage {
            chrome,
            errors,
            typed,
            field_errors,
            orgs,
            roles,
        }),
    )
        .into_response()
}

/// The id of a field's (first) input, which the error summary links to.
fn field_id(field: &str) -> &'static str {
    match field {
        "display_name" => "display-name",
        "username" => "username",
        "password" => "password",
        "org" => "org",
        _ => "role",
    }
}

/// `GET /staff/users/new`.
pub(in crate::pages::admin) async fn new_form(
    State(state): State<AppState>,
    user: StaffUser,
) -> Response {
    match admin_view(&state, &user).await {
        Ok(view) => new_page(&state, &user, &view, Typed::default(), Vec::new()),
        Err(page) => page,
    }
}

/// `POST /staff/users/new`: adds the user with their first role.
pub(in crate::pages::admin) async fn add(
    State(state): State<AppState>,
    user: StaffUser,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let m = Messages::english();
    let form = match super::super::posted(&state, &user, form) {
        Ok(form) => form,
        Err(page) => return page,
    };
    let view = match admin_view(&state, &user).await {
        Ok(view) => view,
        Err(page) => return page,
    };
    // The password is taken as typed (spaces count) and never put back into the page.
    let password = form
        .iter()
        .find(|(n, _)| n == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let typed = Typed {
        display_name: form_text(&form, "display_name"),
        username: form_text(&form, "username"),
        org: form_text(&form, "org"),
        role: form_text(&form, "role"),
    };
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    for (field, value) in [
        ("display_name", &typed.display_name),
        ("username", &typed.username),
        ("password", &password),
        ("org", &typed.org),
        ("role", &typed.role),
    ] {
        if value.is_empty() {
            errors.push((
                field,
                m.get(&format!("admin.users.errors.{field}_missing"))
                    .to_owned(),
            ));
        }
    }
    let role = Role::parse(&typed.role);
    if role.is_none() && !typed.role.is_empty() {
        errors.push(("role", m.get("admin.users.errors.role_missing").to_owned()));
    }
    if !errors.is_empty() {
        return new_page(&state, &user, &view, typed, errors);
    }
    let org = match check_administers(&state, &user, &view, &typed.org) {
        Ok(org) => org,
        Err(page) => return page,
    };
    let member = NewMember {
        username: &typed.username,
        display_name: &typed.display_name,
        password: &password,
        org: &org,
        role: role.unwrap_or(Role::ReadOnly),
    };
    match state.app.add_member(&user.actor, member).await {
        Ok(()) => see_other(&format!(
            "/staff/users?done=added&user={}",
            encode(&typed.username)
        )),
        Err(AppError::Invalid { field, .. }) => {
            let taken = field == "username"
                && matches!(state.app.store().user(&typed.username).await, Ok(Some(_)));
            let key = match field.as_str() {
                "username" if taken => "admin.users.errors.username_taken".to_owned(),
                "display_name" | "username" | "password" => format!("admin.users.errors.{field}"),
                _ => "admin.users.errors.org".to_owned(),
            };
            let field = match field.as_str() {
                "display_name" => "display_name",
                "username" => "username",
                "password" => "password",
                _ => "org",
            };
            new_page(
                &state,
                &user,
                &view,
                typed,
                vec![(field, m.get(&key).to_owned())],
            )
        }
        Err(AppError::Forbidden(_)) => {
            forbidden(&state, &user, m.get("admin.users.not_admin").to_owned())
        }
        Err(other) => app_error_page(&state, &user, other),
    }
}
