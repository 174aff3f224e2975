//! The JSON API under `/api/v1`: public routes (feedback, tracking) and staff routes (cases,
//! organisations), each module with its own `router()`.

pub(crate) mod assessments;
pub(crate) mod attachments;
mod conduct;
pub(crate) mod enquiries;
mod mail;
pub(crate) mod outbox;
pub(crate) mod public;
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
        .merge(conduct::router())
        .merge(enquiries::router())
        .merge(reports::router())
        .merge(assessments::router())
        .route("/openapi.json", get(crate::openapi::document))
}

/// The `Idempotency-Key` header's value, if sent (checked by the app, which names the header
/// when it is refused); sent twice, or not text, it is refused here the same way.
pub struct IdempotencyKey(pub Option<String>);

impl FromRequestParts<AppState> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<IdempotencyKey, ApiError> {
        let header = redress_app::idempotency::HEADER;
        let mut values = parts.headers.get_all(header).iter();
        let Some(value) = values.next() else {
            return Ok(IdempotencyKey(None));
        };
        if values.next().is_some() {
            return Err(ApiError::invalid(
                header,
                "send one Idempotency-Key, not several",
            ));
        }
        let text = value.to_str().map_err(|_| {
            ApiError::invalid(
                header,
                "an Idempotency-Key is visible ASCII characters, such as a UUID",
            )
        })?;
        Ok(IdempotencyKey(Some(text.to_owned())))
    }
}

/// The headers of an answer: `Idempotent-Replayed: true` when it repeats an earlier one.
pub(crate) fn replayed_header(replayed: bool) -> axum::http::HeaderMap {
    let mut headers = axum::http::HeaderMap::new();
    if replayed {
        headers.insert(
            "idempotent-replayed",
            axum::http::HeaderValue::from_static("true"),
        );
    }
    headers
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
