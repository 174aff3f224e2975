//! The JSON API under `/api/v1`: public routes (feedback, tracking) and staff routes (cases,
//! organisations), each module with its own `router()`.

pub(crate) mod attachments;
mod mail;
pub(crate) mod outbox;
mod public;
mod reports;
pub(crate) mod staff;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::get;
use redress_app::auth::Actor;

use crate::AppState;
use crate::error::ApiError;

/// Every `/api/v1` route.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(staff::router())
        .merge(mail::router())
        .merge(attachments::router())
        .merge(outbox::router())
        .merge(reports::router())
        .route("/openapi.json", get(crate::openapi::document))
}

/// A member of staff, from `Authorization: Bearer TOKEN`.
pub struct Staff(pub Actor);

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthenticated)?;
        Ok(Staff(state.app.authenticate_token(token).await?))
    }
}

/// The client's address (see `crate::client`: the forwarded one only from a trusted proxy),
/// when the server was started with connection info.
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ClientAddress, Self::Rejection> {
        Ok(ClientAddress(crate::client::client_of(
            parts,
            &state.trusted_proxies,
        )))
    }
}
