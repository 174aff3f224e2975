//! CSRF protection for the public forms: a double-submit token. Every public page with a form
//! makes sure the browser holds a random token in the `redress_form` cookie and puts the same
//! token in a hidden field; every POST must send both, equal. Another site can make a browser
//! post to us but can neither read nor set our cookie, so it cannot send a matching field.
//!
//! No session is needed, so nothing is kept on the server and a restart breaks nothing.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::pages::session::{cookie, random_token, same_secret, set_cookie};

/// The cookie's name.
pub const COOKIE: &str = "redress_form";
/// The hidden field's name.
pub const FIELD: &str = "csrf";

/// The token for the page being rendered: the browser's own if it has a well-formed one,
/// otherwise a new one, with the `Set-Cookie` value to send it.
pub fn token(headers: &HeaderMap) -> (String, Option<String>) {
    match cookie(headers, COOKIE).filter(|t| well_formed(t)) {
        Some(token) => (token.to_owned(), None),
        None => {
            let token = random_token();
            let set = set_cookie(headers, COOKIE, &token);
            (token, Some(set))
        }
    }
}

/// True when the form's token matches the cookie's.
pub fn valid(headers: &HeaderMap, form_token: &str) -> bool {
    cookie(headers, COOKIE)
        .filter(|t| well_formed(t))
        .is_some_and(|cookie_token| same_secret(cookie_token, form_token))
}

/// Adds the `Set-Cookie` header, when there is one, to a response.
pub fn with_cookie(set: Option<String>, response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    if let Some(value) = set.and_then(|v| HeaderValue::from_str(&v).ok()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Tokens are 32 random bytes in URL-safe base64 (43 characters); anything else is refused
/// rather than echoed into pages.
fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(cookie: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(cookie).expect("ascii"),
        );
        headers
    }

    #[test]
    fn a_form_token_must_match_the_cookie() {
        let (token, set) = token(&HeaderMap::new());
        assert!(set.is_some_and(|s| s.starts_with(&format!("{COOKIE}={token};"))));
        let headers = with(&format!("{COOKIE}={token}"));
        assert!(valid(&headers, &token));
        assert_eq!(super::token(&headers), (token.clone(), None));
        assert!(!valid(&headers, "x"));
        assert!(!valid(&HeaderMap::new(), &token));
        assert!(!valid(&with(&format!("{COOKIE}=short")), "short"));
    }
}
