//! The OpenAPI 3.1 document at `/api/v1/openapi.json`.
//!
//! Paths are written here by hand; request schemas come from the same types the handlers
//! deserialise (via schemars, whose JSON Schema 2020-12 is OpenAPI 3.1's dialect), so the
//! document cannot drift from what the server accepts.

use axum::Json;
use redress_core::case::{Command, Deadline, Event, Submission};
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

/// The document.
pub async fn document() -> Json<Value> {
    let mut document = openapi();
    if let Some(paths) = document["paths"].as_object_mut() {
        paths.extend(crate::api::outbox::paths());
    }
    Json(document)
}

fn openapi() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let submission = generator.subschema_for::<Submission>();
    let command = generator.subschema_for::<Command>();
    let event = generator.subschema_for::<Event>();
    let deadline = generator.subschema_for::<Deadline>();
    let mut schemas = serde_json::Map::new();
    for (name, schema) in generator.take_definitions(true) {
        schemas.insert(name, schema);
    }
    schemas.insert("Error".into(), json!({
        "type": "object",
        "required": ["error"],
        "properties": { "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": { "type": "string", "description": "stable: bad_request, unauthenticated, forbidden, not_found, conflict, payload_too_large, unsupported_media_type, invalid, refused, rate_limited, internal" },
                "rule": { "type": "string", "description": "for `refused`: the procedure rule's code" },
                "message": { "type": "string" },
                "field": { "type": ["string", "null"] }
            }
        }}
    }));
    schemas.insert("Action".into(), json!({
        "description": "A command of the case decider, with an optional `at` (when it happened; not in the future) and `expected_version` (optimistic concurrency).",
        "allOf": [command, { "type": "object", "properties": {
            "at": { "type": "string", "format": "date-time" },
            "expected_version": { "type": "integer", "minimum": 0 }
        }}]
    }));
    schemas.insert("Attachment".into(), json!({
        "type": "object",
        "required": ["name", "media_type", "size", "sha256", "source", "added_at", "download_url"],
        "properties": {
            "name": { "type": "string", "description": "The file's name, as given" },
            "media_type": { "type": "string", "description": "Told by the content" },
            "size": { "type": "integer", "minimum": 1 },
            "sha256": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
            "source": { "type": "string", "enum": ["public-form", "tracking-page", "staff", "email"] },
            "added_at": { "type": "string", "format": "date-time" },
            "download_url": { "type": "string" }
        }
    }));
    schemas.insert("CaseView".into(), json!({
        "type": "object",
        "properties": {
            "reference": { "type": "string" }, "org": { "type": "string" }, "organisation": { "type": "string" },
            "version": { "type": "integer" }, "status": { "type": "string" },
            "timeline": { "type": "array", "items": event },
            "deadlines": { "type": "array", "items": deadline }
        }
    }));
    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let ok = |description: &str, schema: Value| json!({ "description": description, "content": { "application/json": { "schema": schema } } });
    let body = |schema: Value| json!({ "required": true, "content": { "application/json": { "schema": schema } } });
    let bearer = json!([{ "bearer": [] }]);
    let kinds: Vec<&str> = redress_core::letters::LetterKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    let letter = json!({
        "type": "object",
        "required": ["id", "kind", "status", "sent_at", "pdf_url"],
        "properties": {
            "id": { "type": "integer", "description": "The letter's id in the case (the position of the event that sent it)" },
            "kind": { "type": "string", "enum": kinds },
            "status": { "type": "string", "enum": ["draft", "queued", "sent", "posted", "failed", "unsent"] },
            "sent_at": { "type": "string", "format": "date-time" },
            "edited": { "type": "boolean", "description": "Sent with the officer's text rather than the template's" },
            "subject": { "type": "string" },
            "pdf_url": { "type": "string" }
        }
    });
    let letter_list = json!({ "type": "object", "properties": { "letters": { "type": "array", "items": letter } } });
    let mut filters: Vec<Value> = ["org", "kind", "status", "stage", "handler", "due_before", "overdue", "q", "cursor", "limit"]
        .iter()
        .map(|name| json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" } }))
        .collect();
    let due_lists: Vec<&str> = redress_app::dashboard::DueList::ALL
        .iter()
        .map(|(name, _)| *name)
        .collect();
    filters.push(json!({
        "name": "due", "in": "query", "required": false,
        "description": "Open cases whose next running deadline has passed (overdue), passes later today (today) or after today within 7 days (week), or whose acknowledgement clock runs (unacknowledged): the lists behind the dashboard's counts. Anything else is 422.",
        "schema": { "type": "string", "enum": due_lists }
    }));
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "redress",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Complaints, compliments and comments, run by each organisation's written procedure."
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "An API token from `redress token create --user U`." } }
        },
        "paths": {
            "/api/v1/orgs": { "get": { "summary": "The organisations and their procedures in force", "responses": { "200": ok("Organisations", json!({ "type": "object" })) } } },
            "/api/v1/reports": { "get": {
                "summary": "An organisation's report for a period, against the period of equal length before (aggregate: no case listed, no one named)",
                "parameters": [
                    { "name": "org", "in": "query", "required": true, "schema": { "type": "string" } },
                    { "name": "period", "in": "query", "required": true, "schema": { "type": "string" }, "description": "2026, 2026-H1, 2026-Q3 or 2026-01-01..2026-03-31" }
                ],
                "responses": { "200": ok("The report", json!({ "type": "object" })), "422": error("A missing or bad org or period, named in `field`") } } },
            "/api/v1/orgs/{org}/procedure": { "get": {
                "summary": "An organisation's procedure, explained",
                "parameters": [{ "name": "org", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok("The procedure", json!({ "type": "object" })), "404": error("No such organisation") } } },
            "/api/v1/orgs/{org}/feedback": { "post": {
                "summary": "Give feedback (public, no login): a complaint, compliment, comment or suggestion",
                "parameters": [{ "name": "org", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(submission.clone().into()),
                "responses": {
                    "201": ok("Received: the reference and the secret tracking token (shown once)", json!({ "type": "object", "required": ["reference", "tracking_token"], "properties": { "reference": { "type": "string" }, "tracking_token": { "type": "string" }, "tracking_url": { "type": "string" }, "next": { "type": ["object", "null"] } } })),
                    "400": error("Malformed JSON"), "404": error("No such organisation"), "413": error("Body over 1 MiB"),
                    "422": error("Invalid or refused by the procedure"), "429": error("Too many submissions from this address") } } },
            "/api/v1/orgs/{org}/cases": { "post": {
                "summary": "Record feedback received by phone, letter or in person (staff), with the date it arrived",
                "security": bearer.clone(),
                "parameters": [{ "name": "org", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(json!({ "type": "object", "required": ["submission"], "properties": { "submission": submission, "at": { "type": "string", "format": "date-time" } } })),
                "responses": { "201": ok("Recorded", json!({ "type": "object" })), "401": error("No token"), "404": error("Not your organisation"), "422": error("Invalid or refused") } } },
            "/api/v1/track/{token}": { "get": {
                "summary": "What the complainant may see: status, what happens next and by when, whether they may escalate",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok("The tracking view", json!({ "type": "object" })), "404": error("Unknown token") } } },
            "/api/v1/track/{token}/escalate": { "post": {
                "summary": "Ask for the next stage (in the window the procedure allows)",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(json!({ "type": "object", "required": ["reasons"], "properties": { "reasons": { "type": "string" }, "outcome_sought": { "type": "string" }, "grounds": { "type": "array", "items": { "type": "string", "enum": ["outcome", "handling", "no-response"] } } }, "additionalProperties": false })),
                "responses": { "200": ok("Escalated", json!({ "type": "object" })), "404": error("Unknown token"), "422": error("Refused by the procedure") } } },
            "/api/v1/track/{token}/withdraw": { "post": {
                "summary": "Withdraw the complaint",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(json!({ "type": "object", "properties": { "reason": { "type": "string" } }, "additionalProperties": false })),
                "responses": { "200": ok("Withdrawn", json!({ "type": "object" })), "404": error("Unknown token"), "422": error("Refused") } } },
            "/api/v1/track/{token}/information": { "post": {
                "summary": "Send more information",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(json!({ "type": "object", "required": ["summary"], "properties": { "summary": { "type": "string" } }, "additionalProperties": false })),
                "responses": { "200": ok("Received", json!({ "type": "object" })), "404": error("Unknown token") } } },
            "/api/v1/cases": { "get": {
                "summary": "List cases (staff), newest first, paginated by cursor",
                "security": bearer.clone(),
                "parameters": filters,
                "responses": { "200": ok("A page of cases", json!({ "type": "object", "properties": { "cases": { "type": "array" }, "next": { "type": ["string", "null"] } } })), "401": error("No token"), "422": error("Bad filter") } } },
            "/api/v1/cases/{reference}": { "get": {
                "summary": "A case: summary, people, timeline, deadlines (staff)",
                "security": bearer.clone(),
                "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok("The case", json!({ "$ref": "#/components/schemas/CaseView" })), "401": error("No token"), "404": error("No such case, or not yours") } } },
            "/api/v1/cases/{reference}/attachments": {
                "get": {
                    "summary": "The files attached to a case (staff)",
                    "security": bearer.clone(),
                    "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "responses": { "200": ok("The files", json!({ "type": "object", "properties": { "attachments": { "type": "array", "items": { "$ref": "#/components/schemas/Attachment" } } } })),
                        "401": error("No token"), "404": error("No such case, or not yours") } },
                "post": {
                    "summary": "Attach a file to a case (staff). Its kind is told by its content, never by its name or declared type: PDF, PNG, JPEG, GIF, WebP, HEIC, plain UTF-8 text, Office Open XML (.docx, .xlsx, .pptx) or OpenDocument. The body may be as large as the attachment limit (`attachment_max_bytes`, 10 MiB by default); a case holds at most `attachments_per_case` files (20).",
                    "security": bearer.clone(),
                    "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "requestBody": { "required": true, "content": { "multipart/form-data": { "schema": { "type": "object", "required": ["file"], "properties": { "file": { "type": "string", "format": "binary", "description": "The file, with its name as the part's filename" } } } } } },
                    "responses": { "201": ok("Attached", json!({ "$ref": "#/components/schemas/Attachment" })),
                        "400": error("Not multipart/form-data"), "401": error("No token"), "403": error("Read-only"), "404": error("No such case, or not yours"),
                        "422": error("Refused, naming the field `file`: a kind of file not allowed, too large, too many on the case, already attached, or the case is closed") } } },
            "/api/v1/cases/{reference}/attachments/{sha256}": { "get": {
                "summary": "Download a file of a case (staff): served as an attachment with its sniffed type and `X-Content-Type-Options: nosniff`",
                "security": bearer.clone(),
                "parameters": [
                    { "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": "sha256", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^[0-9a-f]{64}$" } }],
                "responses": { "200": { "description": "The file's content", "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } },
                    "401": error("No token"), "404": error("No such case or file, or not yours") } } },
            "/api/v1/cases/{reference}/actions": { "post": {
                "summary": "Act on a case (staff): any command of the decider. A command that sends a letter may carry its text, `letter: {body, delivery: email | post}`; a text missing anything the letter must state is refused (422, field `letter.body`)",
                "security": bearer.clone(),
                "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(json!({ "$ref": "#/components/schemas/Action" })),
                "responses": { "200": ok("The case after the action", json!({ "$ref": "#/components/schemas/CaseView" })),
                    "401": error("No token"), "403": error("Read-only"), "404": error("No such case, or not yours"),
                    "409": error("The case changed since it was read"), "422": error("Invalid or refused by the procedure") } } },
            "/api/v1/cases/{reference}/letters": { "get": {
                "summary": "The letters a case sent (staff), oldest first, with how each went out",
                "security": bearer.clone(),
                "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok("The letters", letter_list.clone()),
                    "401": error("No token"), "404": error("No such case, or not yours") } } },
            "/api/v1/cases/{reference}/letters/{id}/pdf": { "get": {
                "summary": "One letter as an A4 PDF (staff)",
                "security": bearer.clone(),
                "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } },
                               { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                "responses": { "200": { "description": "The PDF", "content": { "application/pdf": { "schema": { "type": "string", "format": "binary" } } } },
                    "401": error("No token"), "404": error("No such case or letter, or not yours"), "422": error("The id is not a number") } } },
            "/api/v1/cases/{reference}/tracking-link": { "post": {
                "summary": "Issue a new tracking link (staff); the old one stops working. By e-mail to the address on the case, or shown: returned once",
                "security": bearer,
                "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(json!({ "type": "object", "required": ["delivery"], "properties": { "delivery": { "type": "string", "enum": ["email", "shown"] } }, "additionalProperties": false })),
                "responses": { "201": ok("Shown: the link, this once", json!({ "type": "object", "properties": { "tracking_url": { "type": "string" } } })),
                    "202": ok("Queued to be e-mailed", json!({ "type": "object" })),
                    "401": error("No token"), "403": error("Read-only"), "404": error("No such case, or not yours"), "422": error("No address to e-mail, or refused") } } },
            "/api/v1/track-link-requests": { "post": {
                "summary": "Ask for a new tracking link by e-mail with the case reference and the e-mail address on it; the answer is the same whether or not they match",
                "requestBody": body(json!({ "type": "object", "required": ["reference", "email"], "properties": { "reference": { "type": "string" }, "email": { "type": "string" } }, "additionalProperties": false })),
                "responses": { "202": ok("Received", json!({ "type": "object" })), "422": error("Invalid input"), "429": error("Asked too often") } } }
        }
    })
}
