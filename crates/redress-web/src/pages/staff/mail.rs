//! The triage queue, `/staff/mail`: e-mail that could not go to a case by itself (a spoofed
//! reply, an unknown reference, a case that refused it), to match to a case or reject, and new
//! cases made from e-mail, to look at and accept. Every text is the sanitised plain text the
//! app stored, escaped by the template: nothing from an e-mail is ever shown as HTML.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::mail::inbound::MailAction;
use redress_store::InboundMail;

use super::super::messages::Messages;
use super::super::render;
use super::forms::FormData;
use super::words::instant;
use super::{Chrome, StaffUser, app_error_page, chrome_page, see_other};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/mail.html")]
struct MailPage {
    chrome: Chrome,
    items: Vec<Item>,
    /// The message a decision failed on, and why.
    problem: Option<(String, String)>,
}
chrome_page!(MailPage);

/// One message of the queue, in words.
struct Item {
    id: String,
    subject: String,
    facts: Vec<(String, String)>,
    case: Option<(String, String)>,
    body: String,
    is_new_case: bool,
    /// The reference to offer for matching.
    reference: String,
}

fn item(m: &Messages, mail: InboundMail) -> Item {
    let is_new_case = mail.route == "new-case";
    let mut facts = vec![
        (
            m.get("staff.mail.from").to_owned(),
            mail.sender
                .clone()
                .unwrap_or_else(|| m.get("staff.mail.no_sender").to_owned()),
        ),
        (
            m.get("staff.mail.received").to_owned(),
            instant(mail.received_at),
        ),
        (
            m.get("staff.mail.why").to_owned(),
            if is_new_case {
                m.get("staff.mail.new_case").to_owned()
            } else {
                mail.reason.clone().unwrap_or_default()
            },
        ),
    ];
    let attachments: Vec<String> = mail
        .attachments
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let name = a.get("name")?.as_str()?;
            let size = a.get("size")?.as_u64()?;
            let note = a.get("refused").and_then(|r| r.as_str());
            Some(match note {
                Some(reason) => format!("{name} ({size} bytes; not kept: {reason})"),
                None => format!("{name} ({size} bytes)"),
            })
        })
        .collect();
    if !attachments.is_empty() {
        facts.push((
            m.get("staff.mail.attachments").to_owned(),
            attachments.join("; "),
        ));
    }
    Item {
        case: mail
            .reference
            .clone()
            .map(|reference| (format!("/staff/cases/{reference}"), reference)),
        reference: mail.reference.clone().unwrap_or_default(),
        subject: if mail.subject.is_empty() {
            m.get("staff.mail.no_subject").to_owned()
        } else {
            mail.subject
        },
        id: mail.id,
        body: mail.body,
        facts,
        is_new_case,
    }
}

async fn page(
    state: &AppState,
    user: &StaffUser,
    problem: Option<(String, String)>,
    status: StatusCode,
) -> Response {
    let m = Messages::english();
    let queue = match state.app.mail_queue(&user.actor).await {
        Ok(queue) => queue,
        Err(error) => return app_error_page(state, user, error),
    };
    let mut chrome = Chrome::new(
        state,
        Some(user),
        m.get("staff.mail.title").to_owned(),
        "/staff/mail",
    );
    chrome.has_errors = problem.is_some();
    let page = MailPage {
        chrome,
        items: queue.into_iter().map(|mail| item(m, mail)).collect(),
        problem,
    };
    (status, render(&page)).into_response()
}

/// `GET /staff/mail`.
pub(super) async fn show(State(state): State<AppState>, user: StaffUser) -> Response {
    page(&state, &user, None, StatusCode::OK).await
}

/// `POST /staff/mail/{id}`: match, reject or accept.
pub(super) async fn decide(
    State(state): State<AppState>,
    user: StaffUser,
    Path(id): Path<String>,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let m = Messages::english();
    let form = FormData(form.map(|f| f.0).unwrap_or_default());
    if let Some(refused) = user.refuse_forged(&state, &form.text("csrf")) {
        return refused;
    }
    let action = match form.text("action").as_str() {
        "match" => MailAction::Match {
            reference: form.text("reference"),
        },
        "reject" => MailAction::Reject,
        "accept" => MailAction::Accept,
        _ => {
            let problem = (id, m.get("staff.mail.no_action").to_owned());
            return page(
                &state,
                &user,
                Some(problem),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if let MailAction::Match { reference } = &action
        && reference.is_empty()
    {
        let problem = (id, m.get("staff.mail.no_reference").to_owned());
        return page(
            &state,
            &user,
            Some(problem),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    match state.app.decide_mail(&user.actor, &id, action).await {
        Ok(_) => see_other("/staff/mail"),
        Err(AppError::Invalid { message, .. }) => {
            page(
                &state,
                &user,
                Some((id, message)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Refused(refusal)) => {
            let problem = (id, refusal.to_string());
            page(
                &state,
                &user,
                Some(problem),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => app_error_page(&state, &user, error),
    }
}
