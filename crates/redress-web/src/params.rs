//! Every path parameter and query value of every route, checked with core's rule for
//! parameters before any handler runs: one line, no control or bidi characters, at most 500
//! characters. A reference, token, organisation id, username, filter or cursor with a NUL in
//! it is a client's mistake, answered 4xx naming the parameter, and never reaches the app or
//! a database (PostgreSQL would fail on it where SQLite would not).

use axum::extract::{RawPathParams, Request};
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
    let query = match pairs(request.uri().query().unwrap_or_default()) {
        Some(pairs) => pairs,
        None => {
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

/// The value of query parameter `name` among `query`'s pairs (axum's `Query<Vec<(String,
/// String)>>`): `None` when absent, an error naming it when it is given more than once (which a
/// struct extractor would answer with a bare 400).
pub fn once(query: &[(String, String)], name: &str) -> Result<Option<String>, String> {
    let mut values = query.iter().filter(|(n, _)| n == name).map(|(_, v)| v);
    match (values.next(), values.next()) {
        (Some(_), Some(_)) => Err(format!("{name} is given more than once: give it once")),
        (first, _) => Ok(first.cloned()),
    }
}

/// For the API: the value of `name`, given at most once (a 422 naming it otherwise); `None`
/// when absent or blank.
pub fn optional(query: &[(String, String)], name: &str) -> Result<Option<String>, ApiError> {
    once(query, name)
        .map(|value| value.filter(|text| !text.trim().is_empty()))
        .map_err(|message| ApiError::invalid(name, message))
}

/// For the API: the value of `name`, given once and not blank (a 422 naming it otherwise).
pub fn required(query: &[(String, String)], name: &str) -> Result<String, ApiError> {
    optional(query, name)?.ok_or_else(|| ApiError::invalid(name, format!("{name} is required")))
}

/// The `name=value` pairs of a query string, form-decoded; `None` when one is not UTF-8 once
/// decoded (where a lenient decoder would put U+FFFD and carry on).
fn pairs(query: &str) -> Option<Vec<(String, String)>> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(name)?, decode(value)?))
        })
        .collect()
}

/// Form decoding: `+` is a space, `%XX` a byte; a `%` not followed by two hex digits is kept.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if hex(i + 1).is_some() && hex(i + 2).is_some() => {
                let high = hex(i + 1).unwrap_or_default();
                let low = hex(i + 2).unwrap_or_default();
                out.push(u8::try_from(high * 16 + low).unwrap_or_default());
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_form_decoded_and_invalid_utf8_is_refused() {
        assert_eq!(
            pairs("q=a+b%21&cursor=&flag"),
            Some(vec![
                ("q".into(), "a b!".into()),
                ("cursor".into(), String::new()),
                ("flag".into(), String::new()),
            ])
        );
        assert_eq!(pairs("q=%00"), Some(vec![("q".into(), "\0".into())]));
        assert_eq!(pairs("q=%FF"), None);
        assert_eq!(pairs("q=100%"), Some(vec![("q".into(), "100%".into())]));
    }

    #[test]
    fn a_parameter_given_twice_is_named() {
        let query = pairs("org=a&period=2026&period=2027").expect("pairs");
        assert_eq!(once(&query, "org"), Ok(Some("a".into())));
        assert_eq!(once(&query, "against"), Ok(None));
        assert_eq!(
            once(&query, "period"),
            Err("period is given more than once: give it once".into())
        );
    }
}
