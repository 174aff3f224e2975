//! Attachment routes (bearer token): upload a file to a case (`multipart/form-data`, field
//! `file`), list a case's files, download one. Only the upload route takes a body larger than
//! `BODY_LIMIT`: up to the attachment limit.

use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use redress_core::case::AttachmentRecord;
use serde_json::{Value, json};

use super::Staff;
use crate::AppState;
use crate::error::ApiError;
use crate::upload::{self, UploadError};

/// The attachment routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/cases/{reference}/attachments",
            get(list).post(add).layer(DefaultBodyLimit::disable()),
        )
        .route("/cases/{reference}/attachments/{sha256}", get(download))
}

/// An attachment as JSON, with where to download it.
pub fn json(reference: &str, record: &AttachmentRecord) -> Value {
    json!({
        "name": record.name,
        "media_type": record.media_type,
        "size": record.size,
        "sha256": record.sha256,
        "source": record.source,
        "added_at": record.at,
        "download_url": format!("/api/v1/cases/{}/attachments/{}", crate::pages::staff::encode(reference), record.sha256),
    })
}

async fn list(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let records = state.app.attachments(&actor, &reference).await?;
    Ok(Json(json!({
        "attachments": records.iter().map(|r| json(&reference, r)).collect::<Vec<_>>()
    })))
}

async fn add(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    state.app.may_attach(&actor, &reference).await?;
    let uploaded = upload::read(&state, request).await;
    match uploaded.error {
        Some(e @ UploadError::TooLarge(_)) => return Err(ApiError::invalid("file", e.message())),
        Some(UploadError::Unreadable) => {
            return Err(ApiError::BadRequest {
                message: "send multipart/form-data with the file in the field `file`".into(),
                field: Some("file".into()),
            });
        }
        None => {}
    }
    let Some((name, bytes)) = uploaded.file else {
        return Err(ApiError::invalid("file", "choose a file to attach"));
    };
    let record = state.app.attach(&actor, &reference, &name, &bytes).await?;
    Ok((StatusCode::CREATED, Json(json(&reference, &record))).into_response())
}

async fn download(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path((reference, sha256)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (record, bytes) = state.app.attachment(&actor, &reference, &sha256).await?;
    Ok(upload::download(&record, bytes))
}
