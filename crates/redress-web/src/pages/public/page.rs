//! Pages that explain a problem in words and say what to do next: an unknown organisation or
//! tracking link, a form sent without its security token, too many submissions, or a fault on
//! our side. Each has the right status code.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use super::with_status;
use crate::pages::messages::Messages;
use crate::pages::render;

/// What went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// 404: no organisation at this address.
    OrganisationNotFound,
    /// 404: no complaint behind this tracking link.
    TrackingNotFound,
    /// 404: the organisation publishes no compliments, comments or suggestions.
    NotPublished,
    /// 403: the form's CSRF token was missing or did not match the cookie.
    FormExpired,
    /// 400: the posted form could not be read (not a form, or far too long).
    Unreadable,
    /// 429: too many submissions from this address.
    TooMany,
    /// 500: logged; nothing internal is shown.
    Fault,
}

impl Problem {
    fn status(self) -> StatusCode {
        match self {
            Problem::OrganisationNotFound | Problem::TrackingNotFound | Problem::NotPublished => {
                StatusCode::NOT_FOUND
            }
            Problem::FormExpired => StatusCode::FORBIDDEN,
            Problem::Unreadable => StatusCode::BAD_REQUEST,
            Problem::TooMany => StatusCode::TOO_MANY_REQUESTS,
            Problem::Fault => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// (heading key, paragraph keys).
    fn words(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Problem::OrganisationNotFound => {
                ("problem.organisation_title", &["problem.organisation_text"])
            }
            Problem::NotPublished => (
                "problem.not_published_title",
                &["problem.not_published_text"],
            ),
            Problem::TrackingNotFound => (
                "problem.tracking_title",
                &["problem.tracking_text", "problem.tracking_help"],
            ),
            Problem::FormExpired => (
                "problem.expired_title",
                &["problem.expired_text", "problem.expired_help"],
            ),
            Problem::Unreadable => ("problem.unreadable_title", &["problem.unreadable_text"]),
            Problem::TooMany => ("problem.too_many_title", &["problem.too_many_text"]),
            Problem::Fault => ("problem.fault_title", &["problem.fault_text"]),
        }
    }
}

#[derive(Template)]
#[template(path = "public/problem.html")]
struct ProblemPage<'a> {
    m: &'a Messages,
    title: &'a str,
    service: &'a str,
    home: &'a str,
    has_errors: bool,
    paragraphs: Vec<&'a str>,
}

/// 400: a part of the address (a path parameter or query value) named `name` that core's
/// rules refuse, such as a NUL character in a tracking token.
pub fn bad_parameter(m: &Messages, name: &str) -> Response {
    let text = m.fill("problem.address_text", &[("name", name)]);
    let page = ProblemPage {
        m,
        title: m.get("problem.address_title"),
        service: m.get("organisations.service"),
        home: "/",
        has_errors: false,
        paragraphs: vec![&text],
    };
    with_status(StatusCode::BAD_REQUEST, render(&page))
}

/// The page for `problem`, with its status code.
pub fn problem(m: &Messages, problem: Problem) -> Response {
    let (title, paragraphs) = problem.words();
    let page = ProblemPage {
        m,
        title: m.get(title),
        service: m.get("organisations.service"),
        home: "/",
        has_errors: false,
        paragraphs: paragraphs.iter().map(|key| m.get(key)).collect(),
    };
    with_status(problem.status(), render(&page))
}
