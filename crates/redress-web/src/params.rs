//! Every path parameter and query value of every route, checked with core's rule for
//! parameters before any handler runs: one line, no control or bidi characters, at most 500
//! characters. A reference, token, organisation id, username, filter or cursor with a NUL in
//! it is a client's mistake, answered 4xx naming the parameter, and never reaches the app or
//! a database (PostgreSQL would fail on it where SQLite would not).

use axum::extract::{Query, RawPathParams, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use redress_core::case::input::{self, limits};

use crate::error::ApiError;
use crate::pages::messages::Messages;
use crate::pages::public::bad_parameter;

/// The middleware: passes the request on when every parameter keeps the rule.
pub async fn check(params: RawPathParams, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let refuse = |name: &str, message: String| {
        if api {
            ApiError::invalid(name, message).into_response()
        } else {
            bad_parameter(Messages::english(), name)
        }
    };
    for (name, value) in &params {
        if let Err(problem) = input::text(value, limits::PARAMETER) {
            return refuse(name, format!("{name} {problem}"));
        }
    }
    let query = match Query::<Vec<(String, String)>>::try_from_uri(request.uri()) {
        Ok(Query(pairs)) => pairs,
        Err(_) => {
            return refuse(
                "query",
                "the query string is not valid UTF-8 form encoding".to_owned(),
            );
        }
    };
    for (name, value) in &query {
        if let Err(problem) = input::text(name, limits::PARAMETER) {
            return refuse("query", format!("a query parameter's name {problem}"));
        }
        if let Err(problem) = input::text(value, limits::PARAMETER) {
            return refuse(name, format!("{name} {problem}"));
        }
    }
    next.run(request).await
}
