//! The JSON API under `/api/v1`: public routes (feedback, tracking) and staff routes (cases,
//! organisations), each module with its own `router()`.

pub(crate) mod attachments;
mod mail;
pub(crate) mod outbox;
mod public;
pub(crate) mod staff;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts};
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

/// The client's address, when the server was started with connection info.
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _: &S,
    ) -> Result<ClientAddress, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}
