//! `GET /api/v1/assessments?org=ORG&against=CODE&period=P[&procedure=ID]`: an organisation's
//! self-assessment against a complaint handling code as JSON (core's `Assessment`), the same as
//! `redress assess --format json` and `/staff/assess.json`: of one procedure (its file and its
//! cases), or without `procedure` of the main procedure's file and every case. A missing,
//! repeated or bad `org`, `against` or `period`, or a procedure the organisation lacks, is a 422
//! naming the field; who may read it is the reports' rule (the app's `may_read_figures`).

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use redress_app::assess::parse_code;
use redress_app::reports::{parse_org, parse_period};
use redress_core::codes::Assessment;
use serde_json::{Map, Value, json};

use super::Staff;
use crate::AppState;
use crate::error::ApiError;
use crate::params::{optional, required};

/// The self-assessment route.
pub fn router() -> Router<AppState> {
    Router::new().route("/assessments", get(assessment))
}

async fn assessment(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Json<Assessment>, ApiError> {
    let org = parse_org(&required(&query, "org")?)?;
    let code = parse_code(&required(&query, "against")?)?;
    let period = parse_period(&required(&query, "period")?)?;
    let procedure = optional(&query, "procedure")?;
    Ok(Json(
        state
            .app
            .assess_for(&actor, &org, &code, period, procedure.as_deref())
            .await?,
    ))
}

/// The OpenAPI path of this route, with the schema of core's `Assessment` as it serialises.
pub(crate) fn paths() -> Map<String, Value> {
    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let verdict = json!({ "type": "string", "enum": ["met", "not-met", "not-evidenced"] });
    let finding = json!({ "type": "object", "required": ["section", "requirement", "verdict", "evidence", "field"], "properties": {
        "section": { "type": "string" }, "requirement": { "type": "string" }, "verdict": verdict,
        "evidence": { "type": "string", "description": "What in the procedure shows it, in a sentence" },
        "field": { "type": "string", "description": "The dotted path of the procedure field the verdict rests on; empty for the file as a whole" } } });
    let live = json!({ "type": ["object", "null"], "required": ["check", "within"], "description": "What the cases of the period showed; null where the provision has no live check", "properties": {
        "check": { "type": "object", "required": ["what", "stage", "working_days", "from"], "properties": {
            "what": { "type": "string", "enum": ["acknowledged", "responded"] }, "stage": { "type": "integer", "minimum": 1 },
            "working_days": { "type": "integer", "minimum": 0 }, "from": { "type": "string", "enum": ["receipt", "acknowledgement"] } } },
        "within": { "type": "object", "required": ["count", "of"], "properties": { "count": { "type": "integer", "minimum": 0 }, "of": { "type": "integer", "minimum": 0 } } } } });
    let row = json!({ "type": "object", "required": ["section", "requirement", "verdict", "procedure", "live"], "properties": {
        "section": { "type": "string" }, "requirement": { "type": "string" },
        "verdict": { "type": "string", "enum": ["met", "not-met", "not-evidenced"], "description": "The worse of the procedure's and the cases'" },
        "procedure": finding, "live": live } });
    let assessment = json!({ "type": "object", "required": ["code", "code_title", "text_date", "organisation_name", "procedure", "period", "rows"], "properties": {
        "code": { "type": "string" }, "code_title": { "type": "string" }, "text_date": { "type": "string" },
        "organisation_name": { "type": "string" }, "procedure": { "type": "string" },
        "period": { "type": "object", "required": ["label", "first", "last"], "properties": { "label": { "type": "string" }, "first": { "type": "string", "format": "date" }, "last": { "type": "string", "format": "date" } } },
        "rows": { "type": "array", "items": row } } });
    let mut paths = Map::new();
    paths.insert("/api/v1/assessments".into(), json!({ "get": {
        "summary": "An organisation's self-assessment against a complaint handling code: each provision met, not met or not evidenced, with the evidence of its procedure and of the cases of the period (aggregate: no case listed, no one named)",
        "security": [{ "bearer": [] }],
        "parameters": [
            { "name": "org", "in": "query", "required": true, "schema": { "type": "string" } },
            { "name": "against", "in": "query", "required": true, "description": "The code's id", "schema": { "type": "string", "enum": redress_app::assess::codes().into_iter().map(|(id, _)| id).collect::<Vec<_>>() } },
            { "name": "period", "in": "query", "required": true, "schema": { "type": "string" }, "description": "2026, 2026-H1, 2026-Q3 or 2026-01-01..2026-03-31" },
            { "name": "procedure", "in": "query", "required": false, "schema": { "type": "string" }, "description": "One of the organisation's procedures (its id, as `GET /api/v1/orgs` lists them): that procedure's file and cases; left out, the main procedure's file and every case" }
        ],
        "responses": { "200": { "description": "The self-assessment", "content": { "application/json": { "schema": assessment } } },
            "401": error("No token"),
            "422": error("A missing, repeated or bad org, against, period or procedure, named in `field`; an organisation you do not belong to reads as unknown") } } }));
    paths
}
