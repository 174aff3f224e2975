//! Staff pages: sign-in, the dashboard, the case list, the case page with its action forms, and
//! recording feedback received by phone, letter or in person.
//!
//! Every page here needs a signed-in member of staff ([`StaffUser`]); without one, the browser
//! is sent to the sign-in page and brought back afterwards. Every form carries the session's
//! CSRF token and every POST checks it before anything else.

mod case;
mod conduct;
mod dashboard;
mod enquiries;
mod forms;
mod letter;
mod links;
mod list;
mod login;
mod looked;
mod mail;
mod offer_form;
mod outbox;
mod password;
mod record;
mod summary;
mod timeline;
pub(crate) mod words;

pub(crate) use case::sentence;

use askama::Template;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use redress_app::AppError;
use redress_app::auth::Actor;
use redress_store::Store;

use super::messages::Messages;
use super::render;
use super::session::{COOKIE, cookie, same_secret};
use crate::AppState;

/// The staff page routes, under `/staff`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/login", get(login::show).post(login::submit))
        .route("/staff/logout", post(login::logout))
        .route(password::PATH, get(password::show).post(password::submit))
        .route("/staff", get(dashboard::show))
        .route("/staff/cases", get(list::show))
        .route("/staff/cases/{reference}", get(case::show))
        .route("/staff/cases/{reference}/actions/{action}", post(case::act))
        .route(
            "/staff/cases/{reference}/letters/{action}",
            post(letter::step),
        )
        .route(
            "/staff/cases/{reference}/letters/{id}/pdf",
            get(letter::pdf),
        )
        .route(
            "/staff/cases/{reference}/enquiries/{number}/pack.pdf",
            get(enquiries::pack_pdf),
        )
        .route(
            "/staff/cases/{reference}/enquiries/{number}/pack.zip",
            get(enquiries::pack_zip),
        )
        .route("/staff/cases/{reference}/conduct", get(conduct::show))
        .route(
            "/staff/cases/{reference}/conduct/letters/{id}/pdf",
            get(conduct::letter_pdf),
        )
        .route(
            "/staff/cases/{reference}/conduct/{action}",
            post(conduct::decide),
        )
        .route("/staff/record", get(record::show).post(record::submit))
        .route("/staff/mail", get(mail::show))
        .route("/staff/mail/{id}", post(mail::decide))
        .route(
            "/staff/cases/{reference}/attachments",
            post(case::attach).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/staff/cases/{reference}/attachments/{sha256}",
            get(case::download),
        )
        .route("/staff/outbox", get(outbox::parked))
        .route("/staff/outbox/{id}/retry", post(outbox::retry))
        .route("/staff/calendar", get(links::calendar).post(links::create))
        .route("/staff/calendar/revoke", post(links::revoke))
        .route("/feeds/{file}", get(links::feed))
}

/// What every staff page's layout needs: the words, the title, whose service it is, the
/// signed-in user and the navigation.
pub struct Chrome {
    /// The message catalogue.
    pub m: &'static Messages,
    /// The page title.
    pub title: String,
    /// The name in the header: the organisation's own, when the user belongs to one.
    pub service: String,
    /// Where the header name links to.
    pub home: &'static str,
    /// Whether the page shows errors (the title then starts "Error:").
    pub has_errors: bool,
    /// The signed-in user's name, if any.
    pub user_name: Option<String>,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
    /// Navigation: (address, label, whether this page is in that section).
    pub nav: Vec<(&'static str, &'static str, bool)>,
}

/// Lets a page template reach the layout's fields (`m`, `title`, ...) directly.
macro_rules! chrome_page {
    ($($page:ident),* $(,)?) => {$(
        impl std::ops::Deref for $page {
            type Target = $crate::pages::staff::Chrome;
            fn deref(&self) -> &Self::Target {
                &self.chrome
            }
        }
    )*};
}
pub(crate) use chrome_page;

/// Sections of the staff navigation: (address, message key). Logs, the procedure and users
/// are built separately; their places are kept here.
const NAV: &[(&str, &str)] = &[
    ("/staff", "staff.nav.dashboard"),
    ("/staff/cases", "staff.nav.cases"),
    ("/staff/mail", "staff.mail.nav"),
    ("/staff/record", "staff.nav.record"),
    ("/staff/logs", "staff.nav.logs"),
    ("/staff/reports", "report.nav"),
    ("/staff/assess", "assess.page.nav"),
    ("/staff/procedure", "staff.nav.procedure"),
    ("/staff/users", "staff.nav.users"),
    ("/staff/outbox", "staff.nav.outbox"),
    ("/staff/people", "staff.nav.people"),
    ("/staff/calendar", "staff.nav.calendar"),
];

/// The menu's pages only administrators may open.
const ADMINS_ONLY: &[&str] = &["/staff/users", "/staff/outbox", "/staff/people"];

impl Chrome {
    /// Marks the page as showing errors when `any` (its title then starts "Error:") and
    /// gives the status it answers with: 422 for a form shown again with errors, 200 otherwise.
    pub fn with_errors(&mut self, any: bool) -> StatusCode {
        self.has_errors = any;
        if any {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        }
    }

    /// The layout for a page seen by `user` (or nobody, on the sign-in page), in `section`.
    pub fn new(state: &AppState, user: Option<&StaffUser>, title: String, section: &str) -> Chrome {
        let m = Messages::english();
        let orgs = user.map(|u| u.actor.orgs()).unwrap_or_default();
        let service = match orgs.as_slice() {
            [only] => state
                .app
                .procedures()
                .latest(only)
                .map(|l| l.procedure.organisation.name.clone()),
            _ => None,
        }
        .unwrap_or_else(|| m.get("staff.service").to_owned());
        let is_admin = user.is_some_and(|u| u.actor.administers_any());
        let can_record = user.is_some_and(|u| u.actor.orgs().iter().any(|o| u.actor.can_act(o)));
        let reads_mail = user.is_some_and(|u| {
            u.actor
                .orgs()
                .iter()
                .any(|o| u.actor.reads_unsorted_mail(o))
        });
        let nav = match user {
            None => Vec::new(),
            Some(_) => NAV
                .iter()
                .filter(|(href, _)| is_admin || !ADMINS_ONLY.contains(href))
                .filter(|(href, _)| can_record || *href != "/staff/record")
                .filter(|(href, _)| reads_mail || *href != "/staff/mail")
                .map(|(href, key)| (*href, m.get(key), *href == section))
                .collect(),
        };
        Chrome {
            m,
            title,
            service,
            home: "/staff",
            has_errors: false,
            user_name: user.map(|u| u.display_name.clone()),
            csrf: user.map(|u| u.csrf.clone()).unwrap_or_default(),
            nav,
        }
    }
}

/// A signed-in member of staff, with their roles as the store has them now (so a role taken
/// away takes effect at once, not at the next sign-in).
pub struct StaffUser {
    /// Who, and what they may do.
    pub actor: Actor,
    /// How they are shown.
    pub display_name: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Their password was set for them and must be changed before anything else.
    pub must_change_password: bool,
}

impl StaffUser {
    /// Checks a form's CSRF token: `None` when it matches, the refusal page otherwise.
    pub fn refuse_forged(&self, state: &AppState, sent: &str) -> Option<Response> {
        (!same_secret(&self.csrf, sent)).then(|| {
            message_page(
                state,
                Some(self),
                StatusCode::FORBIDDEN,
                "staff.error.csrf_title",
                "staff.error.csrf_body",
            )
        })
    }
}

impl FromRequestParts<AppState> for StaffUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let now = state.app.now();
        let session = cookie(&parts.headers, COOKIE).and_then(|id| state.sessions.touch(id, now));
        let Some(session) = session else {
            return Err(to_login(parts));
        };
        match state.app.store().user(&session.username).await {
            // Until a temporary password is changed, every staff page but that one (and
            // signing out) sends the user to change it.
            Ok(Some(user))
                if user.must_change_password
                    && ![password::PATH, "/staff/logout"].contains(&parts.uri.path()) =>
            {
                Err(see_other(password::PATH))
            }
            Ok(Some(user)) => Ok(StaffUser {
                display_name: user.display_name.clone(),
                must_change_password: user.must_change_password,
                actor: Actor::from_user(user),
                csrf: session.csrf,
            }),
            Ok(None) => Err(to_login(parts)),
            Err(error) => {
                tracing::error!(%error, "could not load the signed-in user");
                Err(server_error(state))
            }
        }
    }
}

/// Sends the browser to sign in, and back to this page afterwards (for a GET).
fn to_login(parts: &Parts) -> Response {
    let next = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .filter(|_| parts.method == Method::GET)
        .filter(|p| *p != "/staff");
    match next {
        Some(next) => Redirect::to(&format!("/staff/login?next={}", encode(next))).into_response(),
        None => Redirect::to("/staff/login").into_response(),
    }
}

/// Percent-encodes text for a query string.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char);
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[derive(Template)]
#[template(path = "staff/message.html")]
struct MessagePage {
    chrome: Chrome,
    body: String,
}
chrome_page!(MessagePage);

/// A page that only says something: not found, not allowed, a fault on our side.
fn message_page(
    state: &AppState,
    user: Option<&StaffUser>,
    status: StatusCode,
    title_key: &str,
    body_key: &str,
) -> Response {
    let m = Messages::english();
    let page = MessagePage {
        chrome: Chrome::new(state, user, m.get(title_key).to_owned(), ""),
        body: m.get(body_key).to_owned(),
    };
    (status, render(&page)).into_response()
}

/// The not-found page: also what a case of another organisation looks like.
pub fn not_found(state: &AppState, user: &StaffUser) -> Response {
    message_page(
        state,
        Some(user),
        StatusCode::NOT_FOUND,
        "staff.error.not_found_title",
        "staff.error.not_found_body",
    )
}

/// The page for something the user may see but not do.
pub fn forbidden(state: &AppState, user: &StaffUser) -> Response {
    message_page(
        state,
        Some(user),
        StatusCode::FORBIDDEN,
        "staff.error.forbidden_title",
        "staff.error.forbidden_body",
    )
}

/// The page for a fault on our side; the cause has been logged by the caller.
pub fn server_error(state: &AppState) -> Response {
    message_page(
        state,
        None,
        StatusCode::INTERNAL_SERVER_ERROR,
        "staff.error.server_title",
        "staff.error.server_body",
    )
}

/// The page for an app error that is not about the form: not found, forbidden, a fault.
pub fn app_error_page(state: &AppState, user: &StaffUser, error: AppError) -> Response {
    match error {
        AppError::NotFound => not_found(state, user),
        AppError::Forbidden(_) => forbidden(state, user),
        other => {
            tracing::error!(error = %other, "staff page failed");
            server_error(state)
        }
    }
}

/// A 303 to a page after a successful POST.
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}
