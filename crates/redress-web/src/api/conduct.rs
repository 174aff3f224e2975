//! Conduct records through the API (bearer token): the record of the person a case is from,
//! a decision on it (warn, restrict, review, adjustments), a conduct letter's PDF, and the
//! reviews due across the user's organisations. Core decides; this parses and renders.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use redress_app::conduct::{ConductView, DueReview};
use redress_core::conduct::ConductCommand;
use serde_json::{Value, json};

use super::Staff;
use crate::AppState;
use crate::error::ApiError;
use crate::json::{JsonBody, from_value};

/// The conduct routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/{reference}/conduct", get(read).post(decide))
        .route(
            "/cases/{reference}/conduct/letters/{id}/pdf",
            get(letter_pdf),
        )
        .route("/conduct/reviews", get(reviews))
}

/// `GET /cases/{reference}/conduct`: `{"conduct": record}`, or `null` when the case has no
/// e-mail address to keep a record by.
async fn read(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let view = state.app.case_conduct(&actor, &reference).await?;
    Ok(Json(json!({ "conduct": view })))
}

/// `POST /cases/{reference}/conduct`: a decision (`{"type": "warn" | "restrict" |
/// "review-restriction" | "record-adjustments" | "review-adjustments", ...}`, with an optional
/// `expected_version` of the record).
async fn decide(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
    JsonBody(mut body): JsonBody<Value>,
) -> Result<Json<ConductView>, ApiError> {
    let object = body.as_object_mut().ok_or_else(|| {
        ApiError::bad_request("the body must be a JSON object with a `type`", None)
    })?;
    let expected = match object.remove("expected_version") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            value
                .as_u64()
                .ok_or_else(|| ApiError::invalid("expected_version", "a whole number"))?,
        ),
    };
    let command: ConductCommand = from_value(body)?;
    Ok(Json(
        state
            .app
            .decide_conduct(&actor, &reference, command, expected)
            .await?,
    ))
}

/// `GET /cases/{reference}/conduct/letters/{id}/pdf`: a conduct letter as an A4 PDF.
async fn letter_pdf(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path((reference, id)): Path<(String, String)>,
) -> Result<axum::response::Response, ApiError> {
    let id: u64 = id.parse().map_err(|_| {
        ApiError::invalid("id", "a letter id is a number from the record's letters")
    })?;
    let pdf = state.app.conduct_letter_pdf(&actor, &reference, id).await?;
    Ok(super::staff::pdf_response(&reference, id, pdf))
}

/// `GET /conduct/reviews`: conduct reviews due soon, today or overdue, soonest first.
async fn reviews(
    State(state): State<AppState>,
    Staff(actor): Staff,
) -> Result<Json<Value>, ApiError> {
    let reviews: Vec<DueReview> = state.app.conduct_reviews(&actor).await?;
    Ok(Json(json!({ "reviews": reviews })))
}
