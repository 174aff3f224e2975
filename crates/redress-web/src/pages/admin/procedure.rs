//! The procedure as staff read it: `/staff/procedure` (each of the user's organisations) and
//! `/staff/procedure/{org}` (the plain-English explanation of a version, its versions, its
//! review date, and where the procedure asks for it, the members' confirmations that they have
//! read it, with the button to confirm: `POST /staff/procedure/{org}/confirm`).
//!
//! Also [`procedure_notices`], the lines the dashboard shows: a review due or overdue, and a
//! version the user has still to confirm.

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::admin::procedure::{ProcedureView, Review, ReviewState, VersionState};
use redress_core::ids::OrgId;
use serde::Deserialize;

use super::super::messages::Messages;
use super::super::render;
use super::super::staff::{
    Chrome, StaffUser, app_error_page, chrome_page, encode, not_found, see_other,
};
use super::document::to_html;
use super::{day, form_text, org_name, when};
use crate::AppState;

/// One line the dashboard shows about a procedure, linking to it.
pub struct ReminderLine {
    /// The procedure page.
    pub href: String,
    /// What needs doing.
    pub text: String,
}

/// What the dashboard should say about the procedures of the user's organisations: a review
/// due or overdue, and a version they have still to confirm. Empty when nothing needs doing
/// (and, after logging the cause, when the reminders cannot be worked out).
pub async fn procedure_notices(state: &AppState, user: &StaffUser) -> Vec<ReminderLine> {
    let m = Messages::english();
    let reminders = match state.app.procedure_reminders(&user.actor).await {
        Ok(reminders) => reminders,
        Err(error) => {
            tracing::error!(%error, "could not work out procedure reminders");
            return Vec::new();
        }
    };
    let mut lines = Vec::new();
    for reminder in reminders {
        let href = format!("/staff/procedure/{}", reminder.org);
        let org = reminder.organisation.as_str();
        if reminder.must_confirm {
            let text = m.fill(
                "admin.procedure.notice_confirm",
                &[("org", org), ("version", &reminder.version)],
            );
            lines.push(ReminderLine {
                href: href.clone(),
                text,
            });
        }
        if let Some(review) = reminder.review.filter(|r| r.state != ReviewState::Later) {
            let key = match review.state {
                ReviewState::Overdue => "admin.procedure.notice_overdue",
                _ => "admin.procedure.notice_due",
            };
            let text = m.fill(key, &[("org", org), ("date", &day(review.on))]);
            lines.push(ReminderLine { href, text });
        }
    }
    lines
}

/// A review date with its tag: (words, tag class).
fn review_words(m: &Messages, review: Review) -> (String, String, &'static str) {
    let (key, class) = match review.state {
        ReviewState::Later => ("admin.procedure.review_later", "govuk-tag--grey"),
        ReviewState::Due => ("admin.procedure.review_due", "govuk-tag--yellow"),
        ReviewState::Overdue => ("admin.procedure.review_overdue", "govuk-tag--red"),
    };
    (day(review.on), m.get(key).to_owned(), class)
}

fn state_words(m: &Messages, state: VersionState) -> (String, &'static str) {
    match state {
        VersionState::Past => (
            m.get("admin.procedure.state_past").to_owned(),
            "govuk-tag--grey",
        ),
        VersionState::Current => (
            m.get("admin.procedure.state_current").to_owned(),
            "govuk-tag--green",
        ),
        VersionState::Upcoming => (
            m.get("admin.procedure.state_upcoming").to_owned(),
            "govuk-tag--blue",
        ),
    }
}

struct OrgLine {
    href: String,
    name: String,
    version: String,
    review: Option<(String, String, &'static str)>,
    must_confirm: bool,
}

#[derive(Template)]
#[template(path = "admin/procedure_index.html")]
struct IndexPage {
    chrome: Chrome,
    orgs: Vec<OrgLine>,
}
chrome_page!(IndexPage);

/// `GET /staff/procedure`: straight to the procedure for someone in one organisation.
pub(super) async fn index(State(state): State<AppState>, user: StaffUser) -> Response {
    let m = Messages::english();
    if let [only] = user.actor.orgs().as_slice() {
        return see_other(&format!("/staff/procedure/{only}"));
    }
    let reminders = match state.app.procedure_reminders(&user.actor).await {
        Ok(reminders) => reminders,
        Err(error) => return app_error_page(&state, &user, error),
    };
    let orgs = reminders
        .into_iter()
        .map(|r| OrgLine {
            href: format!("/staff/procedure/{}", r.org),
            name: r.organisation,
            version: r.version,
            review: r.review.map(|review| review_words(m, review)),
            must_confirm: r.must_confirm,
        })
        .collect();
    let chrome = Chrome::new(
        &state,
        Some(&user),
        m.get("admin.procedure.index_title").to_owned(),
        "/staff/procedure",
    );
    render(&IndexPage { chrome, orgs })
}

struct VersionLine {
    version: String,
    effective: String,
    state: (String, &'static str),
    href: String,
    this: bool,
}

#[derive(Template)]
#[template(path = "admin/procedure.html")]
struct ShowPage {
    chrome: Chrome,
    org: String,
    organisation: String,
    version: String,
    effective: String,
    state: (String, &'static str),
    past: bool,
    review: Option<(String, String, &'static str)>,
    asks: bool,
    declaration: String,
    confirmed_at: Option<String>,
    confirmations: Vec<(String, String)>,
    awaiting: Vec<String>,
    html: String,
    versions: Vec<VersionLine>,
    banner: bool,
    errors: Vec<(String, String)>,
}
chrome_page!(ShowPage);

#[derive(Deserialize)]
pub(super) struct ShowQuery {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

fn show_page(
    state: &AppState,
    user: &StaffUser,
    view: ProcedureView,
    banner: bool,
    error: Option<String>,
) -> Response {
    let m = Messages::english();
    let declaration = view
        .declaration
        .clone()
        .unwrap_or_else(|| m.fill("admin.procedure.declaration", &[("title", &view.title)]));
    let versions = view
        .versions
        .iter()
        .map(|v| VersionLine {
            href: format!(
                "/staff/procedure/{}?version={}",
                view.org,
                encode(&v.version)
            ),
            this: v.version == view.version,
            version: v.version.clone(),
            effective: day(v.effective_from),
            state: state_words(m, v.state),
        })
        .collect();
    let errors: Vec<(String, String)> = error
        .into_iter()
        .map(|e| ("#confirm".to_owned(), e))
        .collect();
    let mut chrome = Chrome::new(state, Some(user), view.title.clone(), "/staff/procedure");
    let status = chrome.with_errors(!errors.is_empty());
    let page = ShowPage {
        chrome,
        org: view.org.to_string(),
        organisation: view.organisation.clone(),
        version: view.version.clone(),
        effective: day(view.effective_from),
        state: state_words(m, view.state),
        past: view.state == VersionState::Past,
        review: view.review.map(|r| review_words(m, r)),
        asks: view.members_confirm,
        declaration,
        confirmed_at: view.confirmed_at.map(when),
        confirmations: view
            .confirmations
            .iter()
            .map(|c| (c.display_name.clone(), when(c.at)))
            .collect(),
        awaiting: view.awaiting.clone(),
        html: to_html(&view.explained),
        versions,
        banner,
        errors,
    };
    (status, render(&page)).into_response()
}

fn parse_org(text: &str) -> Option<OrgId> {
    OrgId::parse(text).ok()
}

/// `GET /staff/procedure/{org}`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: StaffUser,
    Path(org): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Response {
    let Some(org) = parse_org(&org) else {
        return not_found(&state, &user);
    };
    let version = query.version.as_deref().filter(|v| !v.is_empty());
    match state.app.procedure_view(&user.actor, &org, version).await {
        Ok(view) => show_page(
            &state,
            &user,
            view,
            query.done.as_deref() == Some("confirmed"),
            None,
        ),
        Err(error) => app_error_page(&state, &user, error),
    }
}

/// `POST /staff/procedure/{org}/confirm`: the user confirms they have read the version posted.
pub(super) async fn confirm(
    State(state): State<AppState>,
    user: StaffUser,
    Path(org): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let m = Messages::english();
    let form = match super::posted(&state, &user, form) {
        Ok(form) => form,
        Err(page) => return page,
    };
    let Some(org) = parse_org(&org) else {
        return not_found(&state, &user);
    };
    let version = form_text(&form, "version");
    match state
        .app
        .confirm_procedure(&user.actor, &org, &version)
        .await
    {
        Ok(()) => {
            tracing::info!(org = %org, %version, user = ?user.actor.username(), "procedure read and confirmed");
            see_other(&format!(
                "/staff/procedure/{org}?version={}&done=confirmed",
                encode(&version)
            ))
        }
        Err(AppError::Invalid { .. }) => {
            let message = m.fill(
                "admin.procedure.confirm_refused",
                &[("org", &org_name(&state, &org))],
            );
            match state.app.procedure_view(&user.actor, &org, None).await {
                Ok(view) => show_page(&state, &user, view, false, Some(message)),
                Err(error) => app_error_page(&state, &user, error),
            }
        }
        Err(error) => app_error_page(&state, &user, error),
    }
}
