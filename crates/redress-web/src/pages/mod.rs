//! Server-rendered HTML pages: public (start page, feedback form, tracking) and staff
//! (login, dashboard, cases). They work with JavaScript switched off, use the GOV.UK Design
//! System's patterns and the `govuk-frontend` styles (rebranded: each organisation's own name,
//! no crown, no GOV.UK logotype, no Transport font), and take every public word from the
//! message catalogue (`messages/*.toml`).

pub mod admin;
pub mod assets;
pub mod letter;
pub mod messages;
pub mod public;
pub mod session;
pub mod staff;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;

/// Every page route.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(assets::router())
        .merge(public::router())
        .merge(staff::router())
        .merge(admin::router())
}

/// Renders an askama template into a response; a template error is logged and becomes a 500.
pub fn render<T: askama::Template>(template: &T) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "something went wrong on our side",
            )
                .into_response()
        }
    }
}
