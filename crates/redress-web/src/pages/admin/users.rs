//! Users and roles, for admins: `/staff/users` (everyone, with their roles in the
//! organisations the admin administers), `/staff/users/new` (add a user with a first role),
//! `/staff/users/{username}/roles` (give, change or take away a role). Password hashes never
//! reach a page; a password typed into the form is never shown again.

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::admin::users::{UserView, UsersPage};
use redress_core::ids::OrgId;
use redress_store::Role;
use serde::Deserialize;

use super::super::messages::Messages;
use super::super::render;
use super::super::staff::{
    Chrome, StaffUser, app_error_page, chrome_page, encode, not_found, see_other,
};
use super::{Choice, forbidden, form_text, org_name};
use crate::AppState;

mod add;

pub(super) use add::{add, new_form};

pub(super) const ROLES: [Role; 7] = Role::ALL;

pub(super) fn role_name(m: &Messages, role: Role) -> String {
    m.get(&format!("admin.role.{}", role.as_str())).to_owned()
}

/// The users page for this admin, or the refusal page.
pub(super) async fn admin_view(state: &AppState, user: &StaffUser) -> Result<UsersPage, Response> {
    let m = Messages::english();
    state
        .app
        .users_page(&user.actor)
        .await
        .map_err(|error| match error {
            AppError::Forbidden(_) => {
                forbidden(state, user, m.get("admin.users.not_admin").to_owned())
            }
            other => app_error_page(state, user, other),
        })
}

/// Refuses an organisation the admin does not administer, naming it.
pub(super) fn check_administers(
    state: &AppState,
    user: &StaffUser,
    view: &UsersPage,
    org: &str,
) -> Result<OrgId, Response> {
    let m = Messages::english();
    match view.administers.iter().find(|o| o.as_str() == org) {
        Some(org) => Ok(org.clone()),
        None => {
            let name = OrgId::parse(org).map_or_else(|_| org.to_owned(), |o| org_name(state, &o));
            Err(forbidden(
                state,
                user,
                m.fill("admin.users.not_admin_of", &[("org", &name)]),
            ))
        }
    }
}

struct UserLine {
    username: String,
    display_name: String,
    roles: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct ListPage {
    chrome: Chrome,
    banner: Option<String>,
    users: Vec<UserLine>,
}
chrome_page!(ListPage);

#[derive(Deserialize)]
pub(super) struct Done {
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    user: Option<String>,
}

/// The success banner after a change, naming the user.
fn banner(m: &Messages, done: &Done, users: &[UserView]) -> Option<String> {
    let what = done
        .done
        .as_deref()
        .filter(|d| ["added", "changed", "removed"].contains(d))?;
    let who = done.user.as_deref()?;
    let user = users.iter().find(|u| u.username == who)?;
    Some(m.fill(
        &format!("admin.users.done_{what}"),
        &[("name", &user.display_name)],
    ))
}

/// `GET /staff/users`.
pub(super) async fn list(
    State(state): State<AppState>,
    user: StaffUser,
    Query(done): Query<Done>,
) -> Response {
    let m = Messages::english();
    let view = match admin_view(&state, &user).await {
        Ok(view) => view,
        Err(page) => return page,
    };
    let users = view
        .users
        .iter()
        .map(|u| UserLine {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            roles: u
                .roles
                .iter()
                .map(|(org, role)| {
                    m.fill(
                        "admin.users.role_in",
                        &[
                            ("role", &role_name(m, *role)),
                            ("org", &org_name(&state, org)),
                        ],
                    )
                })
                .collect(),
        })
        .collect();
    let chrome = Chrome::new(
        &state,
        Some(&user),
        m.get("admin.users.title").to_owned(),
        "/staff/users",
    );
    render(&ListPage {
        chrome,
        banner: banner(m, &done, &view.users),
        users,
    })
}

/// One organisation's part of a user's roles page.
struct OrgRole {
    org: String,
    name: String,
    current: Option<String>,
    choices: Vec<Choice>,
    error: Option<String>,
    /// The procedure's roles, checked where the user holds them.
    holds: Vec<Choice>,
    holds_error: Option<String>,
}

/// What a page's error is about: the staff role, or the procedure roles held.
#[derive(Clone, Copy, PartialEq, Eq)]
enum About {
    Role,
    Holds,
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    chrome: Chrome,
    username: String,
    display_name: String,
    banner: Option<String>,
    errors: Vec<(String, String)>,
    orgs: Vec<OrgRole>,
}
chrome_page!(UserPage);

fn user_page(
    state: &AppState,
    user: &StaffUser,
    view: &UsersPage,
    target: &UserView,
    error: Option<(&OrgId, About, String)>,
    banner: Option<String>,
) -> Response {
    let m = Messages::english();
    let orgs: Vec<OrgRole> = view
        .administers
        .iter()
        .map(|org| {
            let current = target.roles.iter().find(|(o, _)| o == org).map(|(_, r)| *r);
            let mut choices: Vec<Choice> = ROLES
                .iter()
                .map(|role| Choice {
                    value: role.as_str().to_owned(),
                    label: role_name(m, *role),
                    hint: String::new(),
                    checked: current == Some(*role),
                })
                .collect();
            if current.is_none() {
                choices.insert(
                    0,
                    Choice {
                        value: String::new(),
                        label: m.get("admin.users.choose_role").to_owned(),
                        hint: String::new(),
                        checked: true,
                    },
                );
            }
            let holds = state
                .app
                .procedures()
                .latest(org)
                .map(|loaded| {
                    loaded
                        .procedure
                        .roles
                        .iter()
                        .map(|(id, role)| Choice {
                            value: id.to_string(),
                            label: role.title.clone(),
                            hint: String::new(),
                            checked: target.holds.iter().any(|(o, r)| o == org && r == id),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let error_about = |about: About| {
                error
                    .as_ref()
                    .filter(|(o, a, _)| *o == org && *a == about)
                    .map(|(_, _, e)| e.clone())
            };
            OrgRole {
                org: org.to_string(),
                name: org_name(state, org),
                current: current.map(|r| role_name(m, r)),
                choices,
                error: error_about(About::Role),
                holds,
                holds_error: error_about(About::Holds),
            }
        })
        .collect();
    let errors = error
        .as_ref()
        .map(|(org, about, e)| {
            let anchor = match about {
                About::Role => format!("#role-{org}"),
                About::Holds => format!("#holds-{org}"),
            };
            vec![(anchor, e.clone())]
        })
        .unwrap_or_default();
    let mut chrome = Chrome::new(
        state,
        Some(user),
        target.display_name.clone(),
        "/staff/users",
    );
    let status = chrome.with_errors(!errors.is_empty());
    let page = UserPage {
        chrome,
        username: target.username.clone(),
        display_name: target.display_name.clone(),
        banner,
        errors,
        orgs,
    };
    (status, render(&page)).into_response()
}

fn find<'a>(view: &'a UsersPage, username: &str) -> Option<&'a UserView> {
    view.users.iter().find(|u| u.username == username)
}

/// `GET /staff/users/{username}/roles`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: StaffUser,
    Path(username): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let m = Messages::english();
    let view = match admin_view(&state, &user).await {
        Ok(view) => view,
        Err(page) => return page,
    };
    match find(&view, &username) {
        Some(target) => {
            let banner = banner(m, &done, std::slice::from_ref(target));
            user_page(&state, &user, &view, target, None, banner)
        }
        None => not_found(&state, &user),
    }
}

/// Reads a posted form and checks its CSRF token and the organisation it names.
async fn posted(
    state: &AppState,
    user: &StaffUser,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<(Vec<(String, String)>, UsersPage, OrgId), Response> {
    let form = super::posted(state, user, form)?;
    let view = admin_view(state, user).await?;
    let org = check_administers(state, user, &view, &form_text(&form, "org"))?;
    Ok((form, view, org))
}

/// What went wrong with a role change, as the page shows it.
fn role_error(state: &AppState, user: &StaffUser, error: AppError) -> Result<String, Response> {
    let m = Messages::english();
    match error {
        AppError::Invalid { field, .. } if field == "role" => {
            Ok(m.get("admin.users.last_admin").to_owned())
        }
        AppError::Invalid { field, .. } if field == "username" => Err(not_found(state, user)),
        AppError::Forbidden(_) => Err(forbidden(
            state,
            user,
            m.get("admin.users.not_admin").to_owned(),
        )),
        other => Err(app_error_page(state, user, other)),
    }
}

/// `POST /staff/users/{username}/roles`: gives or changes a role.
pub(super) async fn grant(
    State(state): State<AppState>,
    user: StaffUser,
    Path(username): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let m = Messages::english();
    let (form, view, org) = match posted(&state, &user, form).await {
        Ok(posted) => posted,
        Err(page) => return page,
    };
    let Some(target) = find(&view, &username) else {
        return not_found(&state, &user);
    };
    let Some(role) = Role::parse(&form_text(&form, "role")) else {
        let error = m.get("admin.users.errors.role").to_owned();
        return user_page(
            &state,
            &user,
            &view,
            target,
            Some((&org, About::Role, error)),
            None,
        );
    };
    match state.app.grant_as(&user.actor, &username, &org, role).await {
        Ok(()) => see_other(&format!(
            "/staff/users/{}/roles?done=changed&user={}",
            encode(&username),
            encode(&username)
        )),
        Err(error) => match role_error(&state, &user, error) {
            Ok(message) => user_page(
                &state,
                &user,
                &view,
                target,
                Some((&org, About::Role, message)),
                None,
            ),
            Err(page) => page,
        },
    }
}

/// `POST /staff/users/{username}/roles/remove`: takes a role away.
pub(super) async fn revoke(
    State(state): State<AppState>,
    user: StaffUser,
    Path(username): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let (_, view, org) = match posted(&state, &user, form).await {
        Ok(posted) => posted,
        Err(page) => return page,
    };
    let Some(target) = find(&view, &username) else {
        return not_found(&state, &user);
    };
    match state.app.revoke_as(&user.actor, &username, &org).await {
        Ok(()) => see_other(&format!(
            "/staff/users/{}/roles?done=removed&user={}",
            encode(&username),
            encode(&username)
        )),
        Err(error) => match role_error(&state, &user, error) {
            Ok(message) => user_page(
                &state,
                &user,
                &view,
                target,
                Some((&org, About::Role, message)),
                None,
            ),
            Err(page) => page,
        },
    }
}

/// `POST /staff/users/{username}/holds`: sets the procedure roles a user holds in one
/// organisation (the boxes ticked).
pub(super) async fn holds(
    State(state): State<AppState>,
    user: StaffUser,
    Path(username): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let (form, view, org) = match posted(&state, &user, form).await {
        Ok(posted) => posted,
        Err(page) => return page,
    };
    let Some(target) = find(&view, &username) else {
        return not_found(&state, &user);
    };
    let roles: Vec<String> = form
        .iter()
        .filter(|(name, _)| name == "holds")
        .map(|(_, value)| value.trim().to_owned())
        .collect();
    match state
        .app
        .set_holds_as(&user.actor, &username, &org, &roles)
        .await
    {
        Ok(()) => see_other(&format!(
            "/staff/users/{}/roles?done=changed&user={}",
            encode(&username),
            encode(&username)
        )),
        Err(AppError::Invalid { message, .. }) => user_page(
            &state,
            &user,
            &view,
            target,
            Some((&org, About::Holds, message)),
            None,
        ),
        Err(AppError::NotFound) => not_found(&state, &user),
        Err(AppError::Forbidden(_)) => forbidden(
            &state,
            &user,
            Messages::english().get("admin.users.not_admin").to_owned(),
        ),
        Err(other) => app_error_page(&state, &user, other),
    }
}
