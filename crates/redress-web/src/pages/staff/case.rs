//! The case page, `/staff/cases/{reference}`, and its action forms, which post to
//! `/staff/cases/{reference}/actions/{type}`.
//!
//! A successful action redirects back to the page with a banner (Post/Redirect/Get). A refusal,
//! a conflict with someone else's change, or a form error shows the page again with the words
//! in an error summary and everything typed kept.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::views::CaseView;
use redress_core::calendar::london_date;
use redress_core::case::{ClockStatus, CommandKind, Refusal};
use serde::Deserialize;

use super::super::messages::Messages;
use super::super::render;
use super::forms::{Field, FormData, Typed, when, when_fields};
use super::offer_form;
use super::summary::{Facts, facts};
use super::timeline::{Entry, entries};
use super::words::{date, value};
use super::{
    Chrome, StaffUser, app_error_page, chrome_page, encode, forbidden, not_found, see_other,
};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/case.html")]
struct CasePage {
    chrome: Chrome,
    reference: String,
    version: u64,
    banner: Option<String>,
    errors: Vec<(String, String)>,
    facts: Facts,
    deadlines: Vec<DeadlineLine>,
    /// The ombudsman's enquiries, with their evidence packs.
    enquiries: Vec<super::enquiries::EnquiryView>,
    forms: Vec<ActionForm>,
    read_only: bool,
    timeline: Vec<Entry>,
    files: Vec<FileLine>,
    letters: Vec<LetterLine>,
    /// Who the case keeps out, and why, in words.
    kept_out: Vec<String>,
    /// "Who looked at this case", for its administrators only.
    looked: Option<Vec<super::looked::LookedLine>>,
    /// The conduct record of the person the case is from, in sentences.
    conduct: Vec<String>,
    /// Earlier cases this one closely matches: (reference, why).
    repeats: Vec<(String, String)>,
    /// The procedure's refusal reason for a complaint already investigated.
    repeat_refusal: Option<String>,
    /// The case this one was merged into.
    merged_into: Option<String>,
    /// The duplicates merged into this one.
    merged_from: Vec<String>,
}

/// A letter the case sent, as the letters table lists it.
struct LetterLine {
    id: u64,
    kind: String,
    status: String,
    sent: String,
}
chrome_page!(CasePage);

/// One attached file as the case page lists it.
struct FileLine {
    name: String,
    about: String,
    added: String,
    href: String,
}

/// One clock as the deadlines table shows it.
pub(super) struct DeadlineLine {
    pub(super) what: String,
    pub(super) due: String,
    pub(super) status: String,
    /// The tag colour class for the status.
    pub(super) tag: &'static str,
    pub(super) why: String,
}

/// One action's form.
struct ActionForm {
    action: &'static str,
    /// Whether the action may send a letter, so the form offers to draft it.
    letter: bool,
    title: String,
    button: String,
    fields: Vec<Field>,
    open: bool,
    /// Whether the form uploads a file (`multipart/form-data` to the attachments route).
    upload: bool,
}

#[derive(Deserialize)]
pub(super) struct CaseQuery {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /staff/cases/{reference}`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: StaffUser,
    Path(reference): Path<String>,
    Query(query): Query<CaseQuery>,
) -> Response {
    match state.app.read_case(&user.actor, &reference).await {
        Ok(view) => {
            let m = Messages::english();
            let banner = query.done.and_then(|done| match done.as_str() {
                "recorded" => Some(m.get("staff.record.done").to_owned()),
                action => CommandKind::parse(action).map(|kind| {
                    m.get(&format!("staff.action.{}.done", kind.as_str()))
                        .to_owned()
                }),
            });
            let mail = super::outbox::lines(&state, &user, &reference).await;
            let looked = super::looked::lines(&state, &user, &reference).await;
            page(&state, &user, view, None, banner, mail, looked)
        }
        Err(error) => app_error_page(&state, &user, error),
    }
}

/// An action that failed, to show again.
pub(super) struct Failed {
    pub(super) action: CommandKind,
    pub(super) typed: Typed,
}

pub(super) fn page(
    state: &AppState,
    user: &StaffUser,
    view: CaseView,
    failed: Option<Failed>,
    banner: Option<String>,
    mail: Vec<super::outbox::MailWords>,
    looked: Option<Vec<super::looked::LookedLine>>,
) -> Response {
    let m = Messages::english();
    let Some(loaded) = view
        .case
        .procedure_version
        .as_deref()
        .and_then(|v| state.app.procedures().version(&view.org, v))
    else {
        tracing::error!(reference = %view.reference, "the case's procedure version is not loaded");
        return super::server_error(state);
    };
    let procedure = &loaded.procedure;
    let now = state.app.now();
    let read_only = !user.actor.can_act(&view.org);
    let failed_action = failed.as_ref().map(|f| f.action);
    let mut errors = Vec::new();
    if let Some(failed) = failed.as_ref()
        && !view.offers.iter().any(|o| o.command == failed.action)
    {
        // What was refused is no longer on offer: say why, above the forms that are.
        errors = failed.typed.summary(&[], "#actions");
    }
    let forms: Vec<ActionForm> = view
        .offers
        .iter()
        .filter(|_| !read_only)
        .map(|offer| {
            let action = offer.command.as_str();
            let upload = offer.command == CommandKind::AddAttachment;
            let mut fields = offer_form::fields(m, procedure, offer);
            if upload {
                let max = redress_app::attachments::size_words(crate::upload::max_bytes(state));
                for field in &mut fields {
                    field.hint = m.fill("staff.action.add-attachment.file_hint", &[("max", &max)]);
                }
            } else {
                fields.extend(when_fields(m, action, london_date(now)));
            }
            let open = failed_action == Some(offer.command);
            if let Some(failed) = failed.as_ref().filter(|_| open) {
                let mut typed = failed.typed.clone();
                for (_, message) in &mut typed.errors {
                    *message = in_form_words(m, message, &fields);
                }
                typed.refill(&mut fields);
                errors = typed.summary(&fields, &format!("#{action}"));
            }
            ActionForm {
                action,
                letter: offer.command.may_send_letter(),
                title: m.get(&format!("staff.action.{action}.title")).to_owned(),
                button: m.get(&format!("staff.action.{action}.button")).to_owned(),
                fields,
                open,
                upload,
            }
        })
        .collect();
    let files = view
        .case
        .attachments
        .iter()
        .map(|a| FileLine {
            name: a.name.clone(),
            about: format!(
                "{}, {}",
                redress_core::case::attachment::media_type_words(&a.media_type),
                redress_app::attachments::size_words(a.size)
            ),
            added: m.fill(
                "attachment.added",
                &[
                    ("when", &super::words::instant(a.at)),
                    (
                        "source",
                        m.get(&format!(
                            "attachment.source.{}",
                            redress_core::names::serde_name(&a.source)
                        )),
                    ),
                ],
            ),
            href: format!(
                "/staff/cases/{}/attachments/{}",
                encode(&view.reference),
                a.sha256
            ),
        })
        .collect();
    let kind = view
        .case
        .kind()
        .map(|k| value(m, "kind", &k))
        .unwrap_or_default();
    let mut chrome = Chrome::new(
        state,
        Some(user),
        m.fill(
            "staff.case.title",
            &[("kind", &kind), ("reference", &view.reference)],
        ),
        "/staff/cases",
    );
    chrome.has_errors = !errors.is_empty();
    let deadlines = view.deadlines.iter().map(|d| deadline_line(m, d)).collect();
    let (repeats, repeat_refusal) = super::conduct::repeat_lines(m, &view);
    let case_page = CasePage {
        conduct: view
            .conduct
            .as_ref()
            .map(|c| super::conduct::summary_lines(m, c))
            .unwrap_or_default(),
        repeats,
        repeat_refusal,
        merged_into: view.case.merged_into.clone(),
        merged_from: view.case.merged_from.clone(),
        chrome,
        reference: view.reference.clone(),
        version: view.version,
        banner,
        errors,
        facts: facts(
            m,
            &view,
            procedure,
            state.app.procedures().ids(&view.org).len() > 1,
        ),
        kept_out: kept_out(m, &view.case, procedure),
        deadlines,
        enquiries: super::enquiries::lines(m, &view),
        forms,
        read_only,
        timeline: entries(
            m,
            procedure,
            &view.reference,
            &view.timeline,
            &view.letters,
            &mail,
        ),
        letters: view
            .letters
            .iter()
            .map(|l| LetterLine {
                id: l.id,
                kind: m.get(&format!("staff.letters.kind.{}", l.kind)).to_owned(),
                status: m
                    .get(&format!(
                        "staff.letters.status.{}",
                        redress_core::names::serde_name(&l.status)
                    ))
                    .to_owned(),
                sent: date(london_date(l.sent_at)),
            })
            .collect(),
        files,
        looked,
    };
    let status = if failed.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, render(&case_page)).into_response()
}

pub(super) fn deadline_line(m: &Messages, d: &redress_core::case::Deadline) -> DeadlineLine {
    let (status, tag) = match d.status {
        ClockStatus::Open => ("open", "govuk-tag--blue"),
        ClockStatus::Overdue => ("overdue", "govuk-tag--red"),
        ClockStatus::Met { on_time: true, .. } => ("met", "govuk-tag--green"),
        ClockStatus::Met { on_time: false, .. } => ("met-late", "govuk-tag--orange"),
        ClockStatus::Paused => ("paused", "govuk-tag--yellow"),
        ClockStatus::NotNeeded => ("not-needed", "govuk-tag--grey"),
        ClockStatus::Lapsed => ("lapsed", "govuk-tag--grey"),
    };
    let mut status = super::words::name(m, "clock_status", status);
    if let ClockStatus::Met { at, .. } = d.status {
        status = m.fill(
            "staff.case.met_on",
            &[("status", &status), ("date", &date(london_date(at)))],
        );
    }
    DeadlineLine {
        what: d.what.clone(),
        due: date(d.due.date),
        status,
        tag,
        why: d.why.clone(),
    }
}

/// Text from core ("the clock is not stopped") as a sentence: capital first, full stop last.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// A refusal in words: the rule, then what would be allowed instead.
pub(super) fn refusal_words(refusal: &Refusal) -> String {
    match &refusal.instead {
        Some(instead) => format!("{} {}", sentence(&refusal.reason), sentence(instead)),
        None => sentence(&refusal.reason),
    }
}

/// A refusal's words as the form says them: core names fields and commands as the API does
/// (`phone`, `(send-update)`); here they become the labels and titles on the page.
fn in_form_words(m: &Messages, text: &str, fields: &[Field]) -> String {
    let mut text = text.to_owned();
    for field in fields {
        text = text.replace(&format!("`{}`", field.name), &format!("‘{}’", field.label));
    }
    for kind in CommandKind::ALL {
        let action = kind.as_str();
        let title = m.get(&format!("staff.action.{action}.title")).to_owned();
        text = text.replace(&format!("({action})"), &format!("(‘{title}’)"));
    }
    text.replace('`', "")
}

/// The form field a refusal names, as the form calls it.
pub(super) fn form_field(field: &str) -> String {
    match field {
        "at" => "on".to_owned(),
        "person.name" => "name".to_owned(),
        "remedies" => "remedies.1.kind".to_owned(),
        other if other.starts_with("remedies.") => {
            format!("remedies.1.{}", &other["remedies.".len()..])
        }
        "declined.member_id" | "declined.reason" => "declined".to_owned(),
        other => other.to_owned(),
    }
}

/// The start of every staff form posted on a case: the form, once its CSRF token is checked,
/// and the case, once the user may act on it; otherwise the page to answer with.
pub(super) async fn case_form(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Result<(FormData, CaseView), Response> {
    let form = FormData(form.map(|f| f.0).unwrap_or_default());
    if let Some(refused) = user.refuse_forged(state, &form.text("csrf")) {
        return Err(refused);
    }
    let view = state
        .app
        .read_case(&user.actor, reference)
        .await
        .map_err(|error| app_error_page(state, user, error))?;
    if !user.actor.can_act(&view.org) {
        return Err(forbidden(state, user));
    }
    Ok((form, view))
}

/// `POST /staff/cases/{reference}/actions/{action}`.
pub(super) async fn act(
    State(state): State<AppState>,
    user: StaffUser,
    Path((reference, action)): Path<(String, String)>,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let m = Messages::english();
    let (form, view) = match case_form(&state, &user, &reference, form).await {
        Ok(both) => both,
        Err(refused) => return refused,
    };
    let Some(action) = CommandKind::parse(&action).filter(|k| *k != CommandKind::Receive) else {
        return not_found(&state, &user);
    };
    // A refused action sends nothing, so the e-mail list read now is the one to show.
    let mail = super::outbox::lines(&state, &user, &reference).await;
    let again = |view: CaseView, errors: Vec<(String, String)>| {
        let failed = Failed {
            action,
            typed: Typed {
                form: form.clone(),
                errors,
            },
        };
        page(&state, &user, view, Some(failed), None, mail.clone(), None)
    };
    let at = match when(m, &form, state.app.now(), view.case.last_event_at) {
        Ok(at) => at,
        Err(problem) => return again(view, vec![problem]),
    };
    // The form is decoded against the offer's fields. A command no longer on offer goes to
    // the decider as it stands, whose refusal then says why.
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
        Err(problems) => return again(view, problems),
    };
    let version = form.text("version").parse().ok();
    // A new tracking link is made by the app, which returns it when it is to be shown once.
    let outcome = match &command {
        redress_core::case::Command::IssueTrackingLink(issue) => state
            .app
            .issue_tracking_link(&user.actor, &reference, issue.delivery, at)
            .await
            .map(Some),
        _ => state
            .app
            .act(&user.actor, &reference, command, at, version)
            .await
            .map(|_| None),
    };
    match outcome {
        Ok(Some(Some(link))) => super::links::tracking_link(&state, &user, &reference, link),
        Ok(_) => see_other(&format!(
            "/staff/cases/{}?done={}",
            encode(&reference),
            action.as_str()
        )),
        Err(AppError::Refused(refusal)) => {
            let field = refusal.field.as_deref().map(form_field).unwrap_or_default();
            again(view, vec![(field, refusal_words(&refusal))])
        }
        Err(AppError::Invalid { field, message }) => {
            again(view, vec![(form_field(&field), message)])
        }
        Err(AppError::Conflict(_)) => match state.app.read_case(&user.actor, &reference).await {
            Ok(fresh) => again(
                fresh,
                vec![(String::new(), m.get("staff.case.conflict").to_owned())],
            ),
            Err(error) => app_error_page(&state, &user, error),
        },
        Err(error) => app_error_page(&state, &user, error),
    }
}

/// `POST /staff/cases/{reference}/attachments`: the attach-a-file form (`multipart/form-data`,
/// the one staff page route with a body limit raised to the attachment limit).
pub(super) async fn attach(
    State(state): State<AppState>,
    user: StaffUser,
    Path(reference): Path<String>,
    request: axum::extract::Request,
) -> Response {
    let m = Messages::english();
    let uploaded = crate::upload::read(&state, request).await;
    let problem = uploaded.error.as_ref().map(|e| e.message());
    let (form, file) = (FormData(uploaded.fields), uploaded.file);
    // The token comes before the file in the form, so it is there even when the file is too
    // large; a body with none is refused as forged.
    if let Some(refused) = user.refuse_forged(&state, &form.text("csrf")) {
        return refused;
    }
    let view = match state.app.read_case(&user.actor, &reference).await {
        Ok(view) => view,
        Err(error) => return app_error_page(&state, &user, error),
    };
    if !user.actor.can_act(&view.org) {
        return forbidden(&state, &user);
    }
    let mail = super::outbox::lines(&state, &user, &reference).await;
    let again = |view: CaseView, message: String| {
        let failed = Failed {
            action: CommandKind::AddAttachment,
            typed: Typed {
                form: form.clone(),
                errors: vec![("file".to_owned(), message)],
            },
        };
        page(&state, &user, view, Some(failed), None, mail.clone(), None)
    };
    if let Some(message) = problem {
        return again(view, message);
    }
    let Some((name, bytes)) = file else {
        return again(view, m.get("attachment.choose").to_owned());
    };
    match state
        .app
        .attach(&user.actor, &reference, &name, &bytes)
        .await
    {
        Ok(_) => see_other(&format!(
            "/staff/cases/{}?done=add-attachment",
            encode(&reference)
        )),
        Err(AppError::Refused(refusal)) => again(view, refusal_words(&refusal)),
        Err(AppError::Invalid { message, .. }) => again(view, sentence(&message)),
        Err(error) => app_error_page(&state, &user, error),
    }
}

/// `GET /staff/cases/{reference}/attachments/{sha256}`: one file, to staff who may see the
/// case; 404 for anyone else and for a file not attached to this case.
pub(super) async fn download(
    State(state): State<AppState>,
    user: StaffUser,
    Path((reference, sha256)): Path<(String, String)>,
) -> Response {
    match state.app.attachment(&user.actor, &reference, &sha256).await {
        Ok((record, bytes)) => crate::upload::download(&record, bytes),
        Err(error) => app_error_page(&state, &user, error),
    }
}

/// Who core's access rule keeps out of the case, and why, in the catalogue's words.
fn kept_out(
    m: &Messages,
    case: &redress_core::case::Case,
    procedure: &redress_core::procedure::Procedure,
) -> Vec<String> {
    use redress_core::access::{CaseAccess, Subject, Why};
    CaseAccess::of(case)
        .kept_out
        .iter()
        .map(|kept| {
            let why = match &kept.why {
                Why::Named { name } => m.fill("staff.case.why_named", &[("name", name)]),
                Why::DeclaredConflict { reason } => {
                    m.fill("staff.case.why_conflict", &[("reason", reason)])
                }
            };
            match &kept.subject {
                Subject::Role(role) => m.fill(
                    "staff.case.kept_out_role",
                    &[
                        ("role", &super::words::role(procedure, role)),
                        ("why", &why),
                    ],
                ),
                Subject::User(who) => {
                    m.fill("staff.case.kept_out_user", &[("who", who), ("why", &why)])
                }
                Subject::Member(who) => {
                    m.fill("staff.case.kept_out_member", &[("who", who), ("why", &why)])
                }
            }
        })
        .collect()
}
