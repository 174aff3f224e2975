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
        paths.extend(crate::api::enquiries::paths());
        paths.extend(crate::api::assessments::paths());
        paths.extend(crate::api::public::paths());
        add_layer_responses(paths);
    }
    Json(document)
}

/// States on a path parameter or query value of free text the rule `params.rs` checks (core's
/// one-line `limits::PARAMETER`: at most 500 characters, no control or bidi characters), and
/// that a path parameter is not empty.
fn state_parameter_rule(parameter: &mut Value) {
    use redress_core::case::input::{LINE_EXCLUDED, limits};
    let place = parameter["in"].as_str().unwrap_or("").to_owned();
    let schema = &mut parameter["schema"];
    let free_text = schema["type"] == "string"
        && ["pattern", "enum", "format"]
            .iter()
            .all(|key| schema.get(key).is_none());
    if !free_text || !(place == "path" || place == "query") {
        return;
    }
    let excluded: String = LINE_EXCLUDED
        .iter()
        .map(|(first, last)| format!("\\u{:04X}-\\u{:04X}", *first as u32, *last as u32))
        .collect();
    schema["pattern"] = json!(format!("^[^{excluded}]*$"));
    schema["maxLength"] = json!(limits::PARAMETER.max);
    if place == "path" {
        schema["minLength"] = json!(1);
    }
}

/// Adds to every operation the answers the layers around its handler can give, where the
/// operation does not describe them itself: 422 from the parameter check (`params.rs`, on every
/// path parameter and query value), 400, 413 and 415 from the body extractors on operations
/// with a body, and 401 on operations that need a token.
fn add_layer_responses(paths: &mut serde_json::Map<String, Value>) {
    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    for item in paths.values_mut() {
        let Some(operations) = item.as_object_mut() else {
            continue;
        };
        for operation in operations.values_mut() {
            for parameter in operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                state_parameter_rule(parameter);
            }
            let has_body = operation.get("requestBody").is_some();
            let secured = operation.get("security").is_some();
            let Some(responses) = operation
                .get_mut("responses")
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let mut add = |code: &str, description: &str| {
                responses
                    .entry(code.to_owned())
                    .or_insert_with(|| error(description));
            };
            add(
                "422",
                "A path parameter or query value is not acceptable (`field` names it)",
            );
            if has_body {
                add(
                    "400",
                    "The body is malformed: not JSON, a wrong type, or an unknown field (`field` names it)",
                );
                add("413", "The body is over the limit");
                add("415", "The body's content type is not the one documented");
            }
            if secured {
                add("401", "No valid bearer token");
            }
        }
    }
}

fn openapi() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let submission = generator.subschema_for::<Submission>();
    let command = generator.subschema_for::<Command>();
    let event = generator.subschema_for::<Event>();
    let deadline = generator.subschema_for::<Deadline>();
    let conduct_command = generator.subschema_for::<redress_core::conduct::ConductCommand>();
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
            "status": { "type": "string", "enum": ["draft", "queued", "sent", "posted", "failed", "unsent", "for-post"] },
            "sent_at": { "type": "string", "format": "date-time" },
            "edited": { "type": "boolean", "description": "Sent with the officer's text rather than the template's" },
            "subject": { "type": "string" },
            "pdf_url": { "type": "string" }
        }
    });
    let letter_list = json!({ "type": "object", "properties": { "letters": { "type": "array", "items": letter } } });
    let mut filters: Vec<Value> = ["org", "kind", "status", "stage", "handler", "q", "cursor"]
        .iter()
        .map(|name| json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" } }))
        .collect();
    filters.push(json!({
        "name": "due_before", "in": "query", "required": false,
        "description": "Open cases with a running deadline due before this instant",
        "schema": { "type": "string", "format": "date-time" }
    }));
    filters.push(json!({
        "name": "overdue", "in": "query", "required": false,
        "description": "`true`: only cases with a deadline passed now",
        "schema": { "type": "boolean" }
    }));
    filters.push(json!({
        "name": "limit", "in": "query", "required": false,
        "description": "Cases per page (default 50)",
        "schema": { "type": "integer", "minimum": 1, "maximum": 200 }
    }));
    let due_lists: Vec<&str> = redress_app::dashboard::DueList::ALL
        .iter()
        .map(|(name, _)| *name)
        .collect();
    filters.push(json!({
        "name": "due", "in": "query", "required": false,
        "description": "Open cases whose next running deadline has passed (overdue), passes later today (today) or after today within 7 days (week), or whose acknowledgement clock runs (unacknowledged): the lists behind the dashboard's counts. Anything else is 422.",
        "schema": { "type": "string", "enum": due_lists }
    }));
    let idempotency_key = json!({
        "name": redress_app::idempotency::HEADER, "in": "header", "required": false,
        "description": format!("Makes a retry safe: the first request with a key makes the case; a retry with the same key and the same body, within {} hours (setting `idempotency_key_hours`), gets the same answer (201, same reference and tracking token, header `Idempotent-Replayed: true`) and makes no second case. The same key with another body is 422 naming this header. Send a new random key (a UUID) per submission.", redress_app::idempotency::DEFAULT_KEY_HOURS),
        "schema": { "type": "string", "minLength": 1, "maxLength": redress_app::idempotency::MAX_KEY_CHARS, "pattern": "^[!-~]+$" }
    });
    let replayed = json!({ "Idempotent-Replayed": { "description": "`true` when this answer repeats the first answer to the same Idempotency-Key", "schema": { "type": "string", "enum": ["true"] } } });
    let submitted = json!({ "type": "object", "required": ["reference", "tracking_token"], "properties": { "reference": { "type": "string" }, "tracking_token": { "type": "string" }, "tracking_url": { "type": "string" }, "next": { "type": ["object", "null"] } } });
    let mut created = ok(
        "Received: the reference and the secret tracking token (shown once, or again to a retry with the same Idempotency-Key)",
        submitted.clone(),
    );
    created["headers"] = replayed.clone();
    let mut recorded = ok("Recorded: the reference and the tracking token", submitted);
    recorded["headers"] = replayed;
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
            "/api/v1/orgs": { "get": { "summary": "The organisations, their procedures in force (`procedures`: id, title, version) and what feedback may be about (`matters`: each an `id` to send as a submission's `matter`, and its `label`; empty where the organisation runs one procedure)", "responses": { "200": ok("Organisations", json!({ "type": "object" })) } } },
            "/api/v1/reports": { "get": {
                "summary": "An organisation's report for a period, against the period of equal length before (aggregate: no case listed, no one named): one procedure's, or the organisation's over all its procedures, with each procedure's figures in `by_procedure` when it runs more than one",
                "parameters": [
                    { "name": "org", "in": "query", "required": true, "schema": { "type": "string" } },
                    { "name": "period", "in": "query", "required": true, "schema": { "type": "string" }, "description": "2026, 2026-H1, 2026-Q3 or 2026-01-01..2026-03-31" },
                    { "name": "procedure", "in": "query", "required": false, "schema": { "type": "string" }, "description": "One of the organisation's procedures (`main`, or a `[procedure] id`): its cases alone. Absent: every procedure together." }
                ],
                "responses": { "200": ok("The report", json!({ "type": "object" })), "422": error("A missing or bad org or period, or a procedure the organisation does not have, named in `field`") } } },
            "/api/v1/orgs/{org}/procedure": { "get": {
                "summary": "An organisation's procedure, explained",
                "parameters": [{ "name": "org", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok("The procedure", json!({ "type": "object" })), "404": error("No such organisation") } } },
            "/api/v1/orgs/{org}/feedback": { "post": {
                "summary": "Give feedback (public, no login): a complaint, compliment, comment or suggestion",
                "parameters": [{ "name": "org", "in": "path", "required": true, "schema": { "type": "string" } }, idempotency_key.clone()],
                "requestBody": body(submission.clone().into()),
                "responses": {
                    "201": created,
                    "400": error("Malformed JSON"), "404": error("No such organisation"), "413": error("Body over 1 MiB"),
                    "422": error("Invalid or refused by the procedure, or an Idempotency-Key already used with another body"), "429": error("Too many submissions from this address, or for this organisation") } } },
            "/api/v1/orgs/{org}/cases": { "post": {
                "summary": "Record feedback received by phone, letter or in person (staff), with the date it arrived",
                "security": bearer.clone(),
                "parameters": [{ "name": "org", "in": "path", "required": true, "schema": { "type": "string" } }, idempotency_key],
                "requestBody": body(json!({ "type": "object", "required": ["submission"], "properties": { "submission": submission, "at": { "type": "string", "format": "date-time" } }, "additionalProperties": false })),
                "responses": { "201": recorded, "401": error("No token"), "404": error("Not your organisation"), "422": error("Invalid or refused, or an Idempotency-Key this user already used with another body") } } },
            "/api/v1/track/{token}": { "get": {
                "summary": "What the complainant may see: status, what happens next and by when, whether they may escalate",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok("The tracking view", json!({ "type": "object" })), "404": error("Unknown token") } } },
            "/api/v1/track/{token}/escalate": { "post": {
                "summary": "Ask for the next stage (in the window the procedure allows)",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(json!({ "type": "object", "required": ["reasons"], "properties": { "reasons": { "type": "string" }, "outcome_sought": { "type": "string" }, "grounds": { "type": "array", "items": { "type": "string", "enum": ["outcome", "handling", "no-response"] } } }, "additionalProperties": false })),
                "responses": { "200": ok("Escalated", json!({ "type": "object" })), "404": error("Unknown token"), "422": error("Refused by the procedure"), "429": error("Too many requests from this address") } } },
            "/api/v1/track/{token}/withdraw": { "post": {
                "summary": "Withdraw the complaint",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(json!({ "type": "object", "properties": { "reason": { "type": "string" } }, "additionalProperties": false })),
                "responses": { "200": ok("Withdrawn", json!({ "type": "object" })), "404": error("Unknown token"), "422": error("Refused") } } },
            "/api/v1/track/{token}/withdraw-consent": { "post": {
                "summary": "Withdraw consent to publish a compliment or comment: anything published is taken down and is not published again",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok("Consent withdrawn", json!({ "type": "object" })), "404": error("Unknown token"), "422": error("Refused: there was no consent to withdraw, or it was withdrawn already") } } },
            "/api/v1/track/{token}/information": { "post": {
                "summary": "Send more information",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": body(json!({ "type": "object", "required": ["summary"], "properties": { "summary": { "type": "string" } }, "additionalProperties": false })),
                "responses": { "200": ok("Received", json!({ "type": "object" })), "404": error("Unknown token"), "422": error("Refused"), "429": error("Too many requests from this address") } } },
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
            "/api/v1/cases/{reference}/conduct": {
                "get": {
                    "summary": "The conduct record of the person the case is from (staff): warnings, restrictions, reviews, adjustments, its letters; null when the case has no e-mail address",
                    "security": bearer.clone(),
                    "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "responses": { "200": ok("The record", json!({ "type": "object", "properties": { "conduct": { "type": ["object", "null"] } } })),
                        "401": error("No token"), "404": error("No such case, or not yours") } },
                "post": {
                    "summary": "Decide on the person's conduct record (staff; warnings and restrictions by the role the procedure's [behaviour] decided_by names)",
                    "security": bearer.clone(),
                    "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "requestBody": body(conduct_command.into()),
                    "responses": { "200": ok("The record after the decision", json!({ "type": "object" })),
                        "400": error("Malformed"), "401": error("No token"), "403": error("Read-only"), "404": error("No such case, or not yours"),
                        "409": error("The record changed since expected_version"), "415": error("Not JSON"), "422": error("Refused, or a field is invalid") } } },
            "/api/v1/cases/{reference}/conduct/letters/{id}/pdf": { "get": {
                "summary": "A conduct letter as an A4 PDF (staff)",
                "security": bearer.clone(),
                "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } },
                               { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                "responses": { "200": { "description": "The PDF", "content": { "application/pdf": { "schema": { "type": "string", "format": "binary" } } } },
                    "401": error("No token"), "404": error("No such case or letter, or not yours"), "422": error("The id is not a number") } } },
            "/api/v1/conduct/reviews": { "get": {
                "summary": "Conduct reviews due soon, today or overdue in the user's organisations (staff)",
                "security": bearer.clone(),
                "responses": { "200": ok("The reviews", json!({ "type": "object", "properties": { "reviews": { "type": "array", "items": { "type": "object" } } } })),
                    "401": error("No token") } } },
            "/api/v1/track-link-requests": { "post": {
                "summary": "Ask for a new tracking link by e-mail with the case reference and the e-mail address on it; the answer is the same whether or not they match",
                "requestBody": body(json!({ "type": "object", "required": ["reference", "email"], "properties": { "reference": { "type": "string" }, "email": { "type": "string" } }, "additionalProperties": false })),
                "responses": { "202": ok("Received", json!({ "type": "object" })), "422": error("Invalid input"), "429": error("Asked too often") } } }
        }
    })
}
