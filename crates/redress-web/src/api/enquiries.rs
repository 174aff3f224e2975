//! Ombudsman enquiry routes (bearer token): a case's enquiries with their deadlines, recording
//! one, and its evidence pack as a PDF or a ZIP of the originals. Only for staff who may open
//! the case; anything else is 404.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use redress_app::enquiries::{EnquiryLine, evidence_pdf};
use redress_app::views::CaseView;
use redress_core::case::{Command, RecordOmbudsmanEnquiry};
use serde_json::{Map, Value, json};

use super::Staff;
use crate::AppState;
use crate::error::ApiError;
use crate::json::JsonBody;

/// The enquiry routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/{reference}/enquiries", get(list).post(record))
        .route(
            "/cases/{reference}/enquiries/{number}/pack.pdf",
            get(pack_pdf),
        )
        .route(
            "/cases/{reference}/enquiries/{number}/pack.zip",
            get(pack_zip),
        )
}

async fn list(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
) -> Result<Json<Vec<EnquiryLine>>, ApiError> {
    Ok(Json(state.app.enquiries(&actor, &reference).await?))
}

async fn record(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
    JsonBody(body): JsonBody<RecordOmbudsmanEnquiry>,
) -> Result<Json<CaseView>, ApiError> {
    let command = Command::RecordOmbudsmanEnquiry(body);
    Ok(Json(
        state
            .app
            .act(&actor, &reference, command, None, None)
            .await?,
    ))
}

fn number(text: &str) -> Result<u32, ApiError> {
    text.parse()
        .map_err(|_| ApiError::invalid("number", "an enquiry's number is from the enquiries list"))
}

async fn pack_pdf(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path((reference, n)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let pack = state
        .app
        .evidence_pack(&actor, &reference, number(&n)?)
        .await?;
    let pdf = evidence_pdf(&pack)?;
    Ok(download(&reference, &n, "pdf", "application/pdf", pdf))
}

async fn pack_zip(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path((reference, n)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let pack = state
        .app
        .evidence_pack(&actor, &reference, number(&n)?)
        .await?;
    let zip = state.app.evidence_zip(&pack).await?;
    Ok(download(&reference, &n, "zip", "application/zip", zip))
}

/// A pack as a download named after the case and the enquiry's number (also the staff pages').
pub(crate) fn download(
    reference: &str,
    n: &str,
    ext: &str,
    media: &str,
    bytes: Vec<u8>,
) -> Response {
    crate::upload::file(media, &format!("{reference}-enquiry-{n}.{ext}"), bytes)
}

/// The OpenAPI paths of these routes.
pub(crate) fn paths() -> Map<String, Value> {
    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let bearer = json!([{ "bearer": [] }]);
    let reference = json!({ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } });
    let number = json!({ "name": "number", "in": "path", "required": true, "description": "The enquiry's number on the case, from 1", "schema": { "type": "integer", "minimum": 1 } });
    let line = json!({ "type": "object", "required": ["number", "ombudsman_reference", "received_on", "summary", "deadline"], "properties": {
        "number": { "type": "integer" }, "ombudsman_reference": { "type": "string" },
        "received_on": { "type": "string", "format": "date" }, "summary": { "type": "string" },
        "deadline": { "type": "object", "description": "The reply's due date, its status, and `why`: how the date was worked out" },
        "answered_at": { "type": ["string", "null"], "format": "date-time" }, "answer": { "type": ["string", "null"] } } });
    let body = json!({ "type": "object", "required": ["ombudsman_reference", "received_on", "summary"], "additionalProperties": false, "properties": {
        "ombudsman_reference": { "type": "string" }, "received_on": { "type": "string", "format": "date" },
        "respond_by": { "type": "string", "format": "date", "description": "Absent: the procedure's [ombudsman] enquiry_response (20 working days when silent) from received_on" },
        "summary": { "type": "string" } } });
    let file = |media: &str, description: &str| json!({ "description": description, "content": { media: { "schema": { "type": "string", "format": "binary" } } } });
    let mut paths = Map::new();
    paths.insert("/api/v1/cases/{reference}/enquiries".into(), json!({
        "get": { "summary": "The ombudsman's enquiries on a case, each with its reply deadline and how it was worked out (staff who may open the case)",
            "security": bearer, "parameters": [reference],
            "responses": { "200": { "description": "The enquiries, in the order recorded", "content": { "application/json": { "schema": { "type": "array", "items": line } } } },
                "401": error("No token"), "404": error("No such case, or not yours") } },
        "post": { "summary": "Record an enquiry from the ombudsman (any stage, open or closed); a legal hold keeps the case while it is open",
            "security": bearer, "parameters": [reference],
            "requestBody": { "required": true, "content": { "application/json": { "schema": body } } },
            "responses": { "200": { "description": "The case as it now stands" }, "400": error("The body is not JSON of this shape"),
                "401": error("No token"), "403": error("A read-only user"), "404": error("No such case, or not yours"),
                "409": error("The case changed meanwhile"), "422": error("Refused: the field named is wrong (a day after today, a reply due before the enquiry arrived, a reference missing)") } } }));
    paths.insert("/api/v1/cases/{reference}/enquiries/{number}/pack.pdf".into(), json!({ "get": {
        "summary": "The evidence pack for an enquiry as a PDF: the enquiry, the procedure version, every deadline with how it was worked out, the timeline, letters and messages, and the files' list",
        "security": bearer, "parameters": [reference, number],
        "responses": { "200": file("application/pdf", "The PDF"), "401": error("No token"), "404": error("No such case or enquiry, or not yours"), "422": error("`number` is not a number") } } }));
    paths.insert("/api/v1/cases/{reference}/enquiries/{number}/pack.zip".into(), json!({ "get": {
        "summary": "The evidence pack's originals as a ZIP: the pack's PDF, each letter's PDF, each e-mail received as stored, each attachment",
        "security": bearer, "parameters": [reference, number],
        "responses": { "200": file("application/zip", "The ZIP"), "401": error("No token"), "404": error("No such case or enquiry, or not yours"), "422": error("`number` is not a number") } } }));
    paths
}
