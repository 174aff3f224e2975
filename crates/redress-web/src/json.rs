//! `JsonBody`: the JSON request extractor. Every way a body can be wrong becomes an `ApiError`
//! naming the field: malformed JSON (400), wrong types, unknown fields or bad dates (422),
//! a body over 1 MiB (413), or not JSON at all (415).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body of type `T`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::bad_request(rejection.body_text(), None)
                }
            })?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|error| {
            ApiError::bad_request(format!("the body is not valid JSON: {error}"), None)
        })?;
        from_value(value).map(JsonBody)
    }
}

/// Deserialises a JSON value, naming the field at fault when it does not fit.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value.clone()).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        // "missing field `x`" names its field only in words; say it as the field.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .map(|name| match path.as_str() {
                "." => name.to_owned(),
                path => format!("{path}.{name}"),
            });
        let field = match missing {
            Some(field) => Some(field),
            None if path != "." => Some(path),
            None => tagged_field::<T>(&value, &message),
        };
        ApiError::Invalid { message, field }
    })
}

/// Internally tagged enums (`{"type": ..., ...}`, as commands are) buffer their fields, so serde
/// loses the path to a bad one. Find it by trying each field alone beside the tag: the one that
/// alone gives the same error is the one at fault.
fn tagged_field<T: DeserializeOwned>(value: &serde_json::Value, message: &str) -> Option<String> {
    let object = value.as_object()?;
    let tag = object.get("type")?;
    object
        .iter()
        .filter(|(key, _)| key.as_str() != "type")
        .find_map(|(key, field)| {
            let alone = serde_json::json!({ "type": tag, key.as_str(): field });
            match serde_json::from_value::<T>(alone) {
                Err(error) if error.to_string() == message => Some(key.clone()),
                _ => None,
            }
        })
}
