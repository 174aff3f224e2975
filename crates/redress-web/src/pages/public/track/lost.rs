//! `/track/lost`: someone who lost their tracking link asks for a new one with their case
//! reference and e-mail address. A new link goes only to the address on the case, and the page
//! says the same whether or not the two matched, so it cannot be used to find out who has
//! complained. Requests are limited per address and per case by the app (by its clock), and
//! per client by the public rate limit.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use redress_app::AppError;
use redress_app::tracking::LinkRequest;

use super::super::fields::Errors;
use super::super::page::{Problem, problem};
use super::super::{csrf, with_status};
use crate::AppState;
use crate::api::ClientAddress;
use crate::pages::messages::Messages;
use crate::pages::render;

#[derive(Template)]
#[template(path = "public/lost_link.html")]
struct LostLinkPage<'a> {
    m: &'a Messages,
    title: &'a str,
    service: &'a str,
    home: &'a str,
    has_errors: bool,
    errors: Errors,
    csrf: String,
    reference: String,
    email: String,
    /// After a request: the words that answer it.
    answer: Option<&'a str>,
}

impl LostLinkPage<'_> {
    fn err(&self, field: &str) -> &str {
        self.errors.get(field)
    }
}

fn page<'a>(
    m: &'a Messages,
    csrf: String,
    reference: String,
    email: String,
    errors: Errors,
    answer: Option<&'a str>,
) -> LostLinkPage<'a> {
    LostLinkPage {
        m,
        title: m.get(if answer.is_some() {
            "lost_link.sent_title"
        } else {
            "lost_link.title"
        }),
        service: m.get("organisations.service"),
        home: "/",
        has_errors: !errors.is_empty(),
        errors,
        csrf,
        reference,
        email,
        answer,
    }
}

/// `GET /track/lost`.
pub(super) async fn form(headers: HeaderMap) -> Response {
    let m = Messages::english();
    let (token, set) = csrf::token(&headers);
    csrf::with_cookie(
        set,
        render(&page(
            m,
            token,
            String::new(),
            String::new(),
            Errors::new(),
            None,
        )),
    )
}

/// `POST /track/lost`.
pub(super) async fn request(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let m = Messages::english();
    let Ok(Form(pairs)) = form else {
        return problem(m, Problem::Unreadable);
    };
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let (token, reference, email) = (value(csrf::FIELD), value("reference"), value("email"));
    if !csrf::valid(&headers, &token) {
        return problem(m, Problem::FormExpired);
    }
    let mut errors = Errors::new();
    if reference.trim().is_empty() {
        errors.add("reference", m.get("lost_link.reference_missing"));
    }
    if email.trim().is_empty() {
        errors.add("email", m.get("lost_link.email_missing"));
    }
    if !errors.is_empty() {
        return with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&page(m, token, reference, email, errors, None)),
        );
    }
    if !state.limit.allow(address, state.app.now()) {
        return problem(m, Problem::TooMany);
    }
    match state.app.request_tracking_link(&reference, &email).await {
        Ok(LinkRequest::Received) => render(&page(
            m,
            token,
            String::new(),
            String::new(),
            Errors::new(),
            Some(m.get("lost_link.sent")),
        )),
        Ok(LinkRequest::TooMany) => with_status(
            StatusCode::TOO_MANY_REQUESTS,
            render(&page(
                m,
                token,
                reference,
                email,
                Errors::new(),
                Some(m.get("lost_link.too_many")),
            )),
        ),
        Err(AppError::Invalid { field, .. }) => {
            let key = if field == "email" {
                "lost_link.email_invalid"
            } else {
                "lost_link.reference_invalid"
            };
            errors.add(field, m.get(key));
            with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&page(m, token, reference, email, errors, None)),
            )
        }
        Err(error) => {
            tracing::error!(%error, "lost-link request failed");
            problem(m, Problem::Fault)
        }
    }
}
