//! `ApiError`: every failure of the JSON API as `{ "error": { "code", "message", "field" } }`.
//!
//! Each variant documents its status code. Codes are stable: programs match on them. 5xx answers
//! say nothing internal; the cause is logged with the request id.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use serde_json::json;

/// A failed request.
#[derive(Debug)]
pub enum ApiError {
    /// 400 `bad_request`: the request is malformed (not JSON, wrong types, unknown fields).
    BadRequest {
        /// What is wrong.
        message: String,
        /// The field at fault, as a path like `submission.kind`.
        field: Option<String>,
    },
    /// 401 `unauthenticated`: no valid bearer token.
    Unauthenticated,
    /// 403 `forbidden`: the user may see this but not do this.
    Forbidden(String),
    /// 404 `not_found`: no such thing, or not yours to see.
    NotFound,
    /// 409 `conflict`: someone else changed the case first.
    Conflict(String),
    /// 413 `payload_too_large`: the body is over the limit.
    PayloadTooLarge,
    /// 415 `unsupported_media_type`: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422 `invalid`: well-formed but not acceptable (a bad date, an empty required field).
    Invalid {
        /// What is wrong.
        message: String,
        /// The field at fault.
        field: Option<String>,
    },
    /// 422 `refused`: the procedure does not allow it now (with the rule's own stable code).
    Refused {
        /// The refusal's code, e.g. `late`.
        code: &'static str,
        /// The rule, and what would be allowed instead.
        message: String,
        /// The field at fault.
        field: Option<String>,
    },
    /// 429 `rate_limited`: too many requests from this address.
    RateLimited,
    /// 500 `internal`: logged; nothing internal is shown.
    Internal,
}

impl ApiError {
    /// A 400 naming a field.
    pub fn bad_request(message: impl Into<String>, field: Option<String>) -> ApiError {
        ApiError::BadRequest {
            message: message.into(),
            field,
        }
    }

    /// A 422 naming a field.
    pub fn invalid(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Invalid {
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        match error {
            AppError::NotFound => ApiError::NotFound,
            AppError::Unauthenticated => ApiError::Unauthenticated,
            AppError::Forbidden(message) => ApiError::Forbidden(message),
            AppError::Invalid { field, message } => ApiError::Invalid {
                message,
                field: (!field.is_empty()).then_some(field),
            },
            AppError::Refused(refusal) => ApiError::Refused {
                code: refusal.code.as_str(),
                message: match &refusal.instead {
                    Some(instead) => format!("{}; {instead}", refusal.reason),
                    None => refusal.reason.clone(),
                },
                field: refusal.field.clone(),
            },
            AppError::Conflict(message) => ApiError::Conflict(message),
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, source = ?cause.source(), "internal error");
                ApiError::Internal
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, field) = match self {
            ApiError::BadRequest { message, field } => {
                (StatusCode::BAD_REQUEST, "bad_request", message, field)
            }
            ApiError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "send a valid API token as `Authorization: Bearer TOKEN`".to_owned(),
                None,
            ),
            ApiError::Forbidden(message) => (StatusCode::FORBIDDEN, "forbidden", message, None),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "not found".to_owned(),
                None,
            ),
            ApiError::Conflict(message) => (StatusCode::CONFLICT, "conflict", message, None),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "the request body is larger than 1 MiB".to_owned(),
                None,
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with `Content-Type: application/json`".to_owned(),
                None,
            ),
            ApiError::Invalid { message, field } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid", message, field)
            }
            ApiError::Refused {
                code,
                message,
                field,
            } => {
                let mut body = json!({ "error": { "code": "refused", "rule": code, "message": message, "field": field } });
                if field.is_none() {
                    body["error"].as_object_mut().map(|e| e.remove("field"));
                }
                return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
            }
            ApiError::RateLimited => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many requests from your address; please wait a minute and try again"
                    .to_owned(),
                None,
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "something went wrong on our side; it has been logged".to_owned(),
                None,
            ),
        };
        (
            status,
            Json(json!({ "error": { "code": code, "message": message, "field": field } })),
        )
            .into_response()
    }
}
