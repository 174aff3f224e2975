//! An officer's letter: draft → edit → preview → send by e-mail or mark as posted, at
//! `/staff/cases/{reference}/letters/{action}`, and a sent letter's PDF at
//! `/staff/cases/{reference}/letters/{id}/pdf`.
//!
//! Nothing is stored until the letter is sent: the action's fields ride along in hidden inputs
//! (as the public form carries its answers), the text in the textarea. Each step asks the app,
//! which decides the command as if sent now; sending decides it for real, with the text, so the
//! decider checks at that moment that the text says everything the letter must.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::letters::Draft;
use redress_core::case::{CommandKind, Refusal};
use redress_core::letters::Delivery;
use redress_letters::{Block, RenderedLetter};

use super::super::messages::Messages;
use super::super::render;
use super::case::{Failed, form_field, page, refusal_words};
use super::forms::Typed;
use super::offer_form;
use super::{Chrome, StaffUser, app_error_page, chrome_page, encode, not_found, see_other};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/letter.html")]
struct LetterPage {
    chrome: Chrome,
    reference: String,
    action: &'static str,
    errors: Vec<(String, String)>,
    /// What is wrong with the text, if anything.
    body_error: Option<String>,
    /// The action's fields, carried to each step.
    hidden: Vec<(String, String)>,
    body: String,
    preview: Option<Preview>,
}
chrome_page!(LetterPage);

/// The letter as it will be printed.
struct Preview {
    letterhead: Vec<String>,
    date: String,
    reference: String,
    addressee: Vec<String>,
    salutation: String,
    subject: String,
    blocks: Vec<Block>,
    closing: String,
    signature: Vec<String>,
}

fn preview(letter: &RenderedLetter) -> Preview {
    let head = &letter.letterhead;
    let mut letterhead = vec![head.organisation.clone()];
    letterhead.extend(head.address.iter().cloned());
    letterhead.extend(head.phone.iter().cloned());
    letterhead.extend(head.email.iter().cloned());
    letterhead.extend(head.web.iter().cloned());
    Preview {
        letterhead,
        date: redress_letters::long_date(letter.date, &letter.language),
        reference: letter.reference.clone(),
        addressee: letter.addressee.clone(),
        salutation: letter.salutation.clone(),
        subject: letter.subject.clone(),
        blocks: letter.blocks(),
        closing: letter.closing.clone(),
        signature: letter.signature.clone(),
    }
}

/// `POST /staff/cases/{reference}/letters/{action}`: `step` is `draft`, `preview`, `email`
/// or `post`.
pub(super) async fn step(
    State(state): State<AppState>,
    user: StaffUser,
    Path((reference, action)): Path<(String, String)>,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let m = Messages::english();
    let (form, view) = match super::case::case_form(&state, &user, &reference, form).await {
        Ok(both) => both,
        Err(refused) => return refused,
    };
    let Some(action) = CommandKind::parse(&action).filter(|k| k.may_send_letter()) else {
        return not_found(&state, &user);
    };
    let mail = super::outbox::lines(&state, &user, &reference).await;
    let case_again = |view, errors: Vec<(String, String)>| {
        let typed = Typed {
            form: form.clone(),
            errors,
        };
        page(
            &state,
            &user,
            view,
            Some(Failed { action, typed }),
            None,
            mail.clone(),
            None,
        )
    };
    let specs = view
        .offers
        .iter()
        .find(|o| o.command == action)
        .map_or_else(
            || redress_core::case::field_specs(action).to_vec(),
            |o| o.fields.clone(),
        );
    let command = match offer_form::decode(m, action, &specs, &form) {
        Ok(command) => command,
        Err(problems) => return case_again(view, problems),
    };
    let hidden: Vec<(String, String)> = form
        .0
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "csrf" | "step" | "body"))
        .cloned()
        .collect();
    // Browsers send a textarea's line breaks as CRLF; the letter keeps plain new lines.
    let body = form.text("body").replace("\r\n", "\n");
    let letter_page =
        |draft: Option<Draft>, body: String, errors: Vec<(String, String)>, status| {
            let page = LetterPage {
                chrome: Chrome::new(
                    &state,
                    Some(&user),
                    m.fill(
                        "staff.letters.draft_title",
                        &[(
                            "kind",
                            m.get(&format!("staff.action.{}.title", action.as_str())),
                        )],
                    ),
                    "/staff/cases",
                ),
                reference: reference.clone(),
                action: action.as_str(),
                body_error: errors
                    .iter()
                    .find(|(field, _)| field == "body")
                    .map(|(_, message)| message.clone()),
                errors,
                hidden: hidden.clone(),
                body,
                preview: draft.map(|d| preview(&d.letter)),
            };
            (status, render(&page)).into_response()
        };
    let refused = |refusal: &Refusal| {
        let field = match refusal.field.as_deref() {
            Some("letter.body") => "body".to_owned(),
            Some(other) => form_field(other),
            None => String::new(),
        };
        vec![(field, refusal_words(refusal))]
    };
    match form.text("step").as_str() {
        "draft" => match state
            .app
            .draft_letter(&user.actor, &reference, command)
            .await
        {
            Ok(draft) => {
                let body = draft.letter.body.clone();
                letter_page(Some(draft), body, Vec::new(), StatusCode::OK)
            }
            Err(AppError::Refused(refusal)) => case_again(view, refused(&refusal)),
            Err(error) => app_error_page(&state, &user, error),
        },
        "preview" => match state
            .app
            .preview_letter(&user.actor, &reference, command, Some(body.clone()))
            .await
        {
            Ok(draft) => letter_page(Some(draft), body, Vec::new(), StatusCode::OK),
            Err(AppError::Refused(refusal)) => case_again(view, refused(&refusal)),
            Err(error) => app_error_page(&state, &user, error),
        },
        step @ ("email" | "post") => {
            let delivery = if step == "email" {
                Delivery::Email
            } else {
                Delivery::Post
            };
            let version = form.text("version").parse().ok();
            match state
                .app
                .send_letter(
                    &user.actor,
                    &reference,
                    command,
                    body.clone(),
                    delivery,
                    version,
                )
                .await
            {
                Ok(_) => see_other(&format!(
                    "/staff/cases/{}?done={}#letters",
                    encode(&reference),
                    action.as_str()
                )),
                Err(AppError::Refused(refusal)) => letter_page(
                    None,
                    body,
                    refused(&refusal),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(AppError::Invalid { field, message }) => letter_page(
                    None,
                    body,
                    vec![(field, message)],
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(error) => app_error_page(&state, &user, error),
            }
        }
        _ => letter_page(
            None,
            body,
            vec![(String::new(), m.get("staff.letters.bad_step").to_owned())],
            StatusCode::BAD_REQUEST,
        ),
    }
}

/// `GET /staff/cases/{reference}/letters/{id}/pdf`.
pub(super) async fn pdf(
    State(state): State<AppState>,
    user: StaffUser,
    Path((reference, id)): Path<(String, String)>,
) -> Response {
    let Ok(id) = id.parse::<u64>() else {
        return not_found(&state, &user);
    };
    match state.app.letter_pdf(&user.actor, &reference, id).await {
        Ok(pdf) => crate::api::staff::pdf_response(&reference, id, pdf),
        Err(error) => app_error_page(&state, &user, error),
    }
}
