//! A browser without JavaScript, for the public pages' tests: it keeps the form-token cookie,
//! follows no redirects, and posts a page's form with its hidden fields.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use crate::helpers::TestApp;

/// A browser: one cookie (the form token), no redirects followed, the last page seen.
pub struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    /// `name=value` of the form-token cookie, or "".
    pub cookie: String,
    /// The last page answered with 200, or re-shown with errors (422).
    pub page: String,
}

/// What came back from a request.
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The `Location` header, or "".
    pub location: String,
    /// The body.
    pub body: String,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            cookie: String::new(),
            page: String::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Answer {
        let request = if self.cookie.is_empty() {
            request
        } else {
            request.header(COOKIE, &self.cookie)
        };
        let response = request.send().await.expect("request sent");
        if let Some(set) = response.headers().get(SET_COOKIE) {
            let set = set.to_str().expect("ascii");
            self.cookie = set.split(';').next().unwrap_or_default().to_owned();
        }
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().expect("ascii").to_owned())
            .unwrap_or_default();
        let body = response.text().await.expect("a body");
        if status == StatusCode::OK || status == StatusCode::UNPROCESSABLE_ENTITY {
            self.page = body.clone();
        }
        Answer {
            status,
            location,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        let url = format!("{}{path}", self.app.address);
        let request = self.client.get(url);
        self.send(request).await
    }

    /// Posts the last page's main (last) form: its hidden fields, then `answers`.
    pub async fn post(&mut self, path: &str, answers: &[(&str, &str)]) -> Answer {
        let mut fields = hidden_fields(last_form(&self.page));
        let names: BTreeSet<&str> = answers.iter().map(|(n, _)| *n).collect();
        fields.retain(|(name, _)| !names.contains(name.as_str()));
        fields.extend(
            answers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
        );
        self.post_fields(path, &fields).await
    }

    pub async fn post_fields(&mut self, path: &str, fields: &[(String, String)]) -> Answer {
        let url = format!("{}{path}", self.app.address);
        let request = self.client.post(url).form(fields);
        self.send(request).await
    }
}

/// The HTML from the last `<form` on a page to its end.
pub fn last_form(html: &str) -> &str {
    let start = html.rfind("<form").expect("a form on the page");
    let end = html[start..]
        .find("</form>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// `(name, value)` of every hidden input in some HTML.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\"")
        .skip(1)
        .map(|input| (attribute(input, "name"), attribute(input, "value")))
        .collect()
}

fn attribute(html: &str, name: &str) -> String {
    let start = html.find(&format!("{name}=\"")).expect("the attribute") + name.len() + 2;
    let end = html[start..].find('"').expect("a closing quote") + start;
    unescape(&html[start..end])
}

/// Undoes HTML escaping: numeric entities (askama's) and the common named ones.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').unwrap_or(0);
        let entity = &rest[1..end.max(1)];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            _ => entity
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text the way the templates do.
pub fn escape(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The `<h1>` of a page, or of the label or legend that is the page's heading.
pub fn heading(html: &str) -> String {
    let start = html.find("<h1").expect("a heading");
    let end = html[start..].find("</h1>").expect("a closed heading") + start;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(text.trim())
}
