//! Member lists, for admins: `/staff/members` (the organisations whose panels are drawn from a
//! stored list), `/staff/members/{org}` (who is on each list, with the form to add or change a
//! member and a button to remove one). The rules — which lists exist, what a member needs — are
//! in `redress_app::admin::people`; this page shows them and its errors.

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::admin::people::member_lists;
use redress_core::ids::OrgId;
use redress_store::ListMember;
use serde::Deserialize;

use super::super::messages::Messages;
use super::super::render;
use super::super::staff::{
    Chrome, StaffUser, app_error_page, chrome_page, encode, not_found, see_other,
};
use super::{Choice, forbidden, form_text, org_name};
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/members.html")]
struct IndexPage {
    chrome: Chrome,
    orgs: Vec<(String, String)>,
}
chrome_page!(IndexPage);

/// The organisations `user` is admin of whose procedures draw panels from a list.
fn with_lists(state: &AppState, user: &StaffUser) -> Vec<OrgId> {
    user.actor
        .orgs()
        .into_iter()
        .filter(|org| user.actor.administers(org))
        .filter(|org| {
            state
                .app
                .procedures()
                .latest(org)
                .is_some_and(|loaded| !member_lists(loaded).is_empty())
        })
        .collect()
}

/// `GET /staff/members`.
pub(super) async fn index(State(state): State<AppState>, user: StaffUser) -> Response {
    let m = Messages::english();
    if !user.actor.administers_any() {
        return forbidden(&state, &user, m.get("admin.users.not_admin").to_owned());
    }
    let orgs = with_lists(&state, &user)
        .iter()
        .map(|org| (org.to_string(), org_name(&state, org)))
        .collect();
    let chrome = Chrome::new(
        &state,
        Some(&user),
        m.get("admin.members.title").to_owned(),
        "/staff/users",
    );
    render(&IndexPage { chrome, orgs })
}

/// One list on the page.
struct ListView {
    heading: String,
    members: Vec<ListMember>,
}

/// One field of the add form.
struct Field {
    name: &'static str,
    label: String,
    hint: String,
    value: String,
    error: Option<String>,
    /// For the list: the lists to choose from; empty for a text field.
    choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "admin/members_org.html")]
struct OrgPage {
    chrome: Chrome,
    org: String,
    banner: Option<String>,
    errors: Vec<(String, String)>,
    lists: Vec<ListView>,
    fields: Vec<Field>,
}
chrome_page!(OrgPage);

/// What was typed into the add form, to show again with its error.
#[derive(Default)]
struct Typed {
    list: String,
    id: String,
    name: String,
    username: String,
}

/// The page for `org`, with `error` (field, message) against the form when a change failed.
async fn org_page(
    state: &AppState,
    user: &StaffUser,
    org: &OrgId,
    typed: &Typed,
    error: Option<(String, String)>,
    banner: Option<String>,
) -> Response {
    let m = Messages::english();
    let Some(loaded) = state.app.procedures().latest(org) else {
        return not_found(state, user);
    };
    let names = member_lists(loaded);
    let members = match state.app.members_as(&user.actor, org).await {
        Ok(members) => members,
        Err(AppError::Forbidden(_)) => {
            return forbidden(state, user, m.get("admin.users.not_admin").to_owned());
        }
        Err(other) => return app_error_page(state, user, other),
    };
    let list_title = |list: &str| {
        loaded
            .procedure
            .roles
            .iter()
            .find(|(id, _)| id.as_str() == list)
            .map_or_else(|| capitalised(list), |(_, role)| role.title.clone())
    };
    let lists = names
        .iter()
        .map(|list| ListView {
            heading: m.fill("admin.members.list_heading", &[("list", &list_title(list))]),
            members: members
                .iter()
                .filter(|mm| &mm.list == list)
                .cloned()
                .collect(),
        })
        .collect();
    let error_for = |field: &str| {
        error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, e)| e.clone())
    };
    let text = |name: &'static str, label: &str, hint: &str, value: &str| Field {
        name,
        label: m.get(label).to_owned(),
        hint: if hint.is_empty() {
            String::new()
        } else {
            m.get(hint).to_owned()
        },
        value: value.to_owned(),
        error: error_for(name),
        choices: Vec::new(),
    };
    let fields = vec![
        Field {
            name: "list",
            label: m.get("admin.members.field_list").to_owned(),
            hint: String::new(),
            value: String::new(),
            error: error_for("list"),
            choices: names
                .iter()
                .enumerate()
                .map(|(i, list)| Choice {
                    value: list.clone(),
                    label: list_title(list),
                    hint: String::new(),
                    checked: if typed.list.is_empty() {
                        i == 0
                    } else {
                        &typed.list == list
                    },
                })
                .collect(),
        },
        text(
            "id",
            "admin.members.field_id",
            "admin.members.hint_id",
            &typed.id,
        ),
        text("name", "admin.members.field_name", "", &typed.name),
        text(
            "username",
            "admin.members.field_username",
            "admin.members.hint_username",
            &typed.username,
        ),
    ];
    let errors: Vec<(String, String)> = error
        .iter()
        .map(|(field, e)| (format!("#{field}"), e.clone()))
        .collect();
    let mut chrome = Chrome::new(
        state,
        Some(user),
        m.fill("admin.members.org_title", &[("org", &org_name(state, org))]),
        "/staff/users",
    );
    let status = chrome.with_errors(!errors.is_empty());
    let page = OrgPage {
        chrome,
        org: org.to_string(),
        banner,
        errors,
        lists,
        fields,
    };
    (status, render(&page)).into_response()
}

#[derive(Deserialize)]
pub(super) struct Done {
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// A loaded organisation the user belongs to, from the path; otherwise the not-found page.
/// Whether they may manage its lists is the app's to say.
fn listed_org(state: &AppState, user: &StaffUser, org: &str) -> Result<OrgId, Response> {
    OrgId::parse(org)
        .ok()
        .filter(|org| state.app.procedures().latest(org).is_some())
        .filter(|org| user.actor.orgs().contains(org))
        .ok_or_else(|| not_found(state, user))
}

/// `GET /staff/members/{org}`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: StaffUser,
    Path(org): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let m = Messages::english();
    let org = match listed_org(&state, &user, &org) {
        Ok(org) => org,
        Err(page) => return page,
    };
    let banner = match done.done.as_deref() {
        Some("added") => done
            .name
            .as_deref()
            .map(|name| m.fill("admin.members.done_added", &[("name", name)])),
        Some("removed") => Some(m.get("admin.members.done_removed").to_owned()),
        _ => None,
    };
    org_page(&state, &user, &org, &Typed::default(), None, banner).await
}

/// Reads a posted form, checks its CSRF token and the organisation in the path.
fn posted(
    state: &AppState,
    user: &StaffUser,
    org: &str,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<(Vec<(String, String)>, OrgId), Response> {
    let form = super::posted(state, user, form)?;
    Ok((form, listed_org(state, user, org)?))
}

/// `POST /staff/members/{org}`: adds a member, or changes the member with that id.
pub(super) async fn add(
    State(state): State<AppState>,
    user: StaffUser,
    Path(org): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let (form, org) = match posted(&state, &user, &org, form) {
        Ok(posted) => posted,
        Err(page) => return page,
    };
    let typed = Typed {
        list: form_text(&form, "list"),
        id: form_text(&form, "id"),
        name: form_text(&form, "name"),
        username: form_text(&form, "username"),
    };
    let username = Some(typed.username.as_str()).filter(|u| !u.is_empty());
    match state
        .app
        .put_member_as(
            &user.actor,
            &org,
            &typed.list,
            &typed.id,
            &typed.name,
            username,
        )
        .await
    {
        Ok(()) => see_other(&format!(
            "/staff/members/{org}?done=added&name={}",
            encode(&typed.name)
        )),
        Err(AppError::Invalid { field, message }) => {
            org_page(&state, &user, &org, &typed, Some((field, message)), None).await
        }
        Err(AppError::Forbidden(_)) => forbidden(
            &state,
            &user,
            Messages::english().get("admin.users.not_admin").to_owned(),
        ),
        Err(other) => app_error_page(&state, &user, other),
    }
}

/// `POST /staff/members/{org}/remove`: takes a member off their list.
pub(super) async fn remove(
    State(state): State<AppState>,
    user: StaffUser,
    Path(org): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let (form, org) = match posted(&state, &user, &org, form) {
        Ok(posted) => posted,
        Err(page) => return page,
    };
    match state
        .app
        .remove_member_as(&user.actor, &org, &form_text(&form, "id"))
        .await
    {
        Ok(()) => see_other(&format!("/staff/members/{org}?done=removed")),
        Err(AppError::Forbidden(_)) => forbidden(
            &state,
            &user,
            Messages::english().get("admin.users.not_admin").to_owned(),
        ),
        Err(other) => app_error_page(&state, &user, other),
    }
}

/// "members" as a heading: "Members".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
