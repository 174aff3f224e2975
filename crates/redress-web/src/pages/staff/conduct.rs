//! The conduct page of the person a case is from, `/staff/cases/{reference}/conduct`: their
//! record (warnings, restrictions, reviews, adjustments) with its letters and PDFs, and the
//! forms to decide on it, which post to `/staff/cases/{reference}/conduct/{type}`. The posted
//! form becomes the API's JSON and goes through the same decoder, and core decides; a refusal
//! shows the page again (422) naming the field. Also the words every case page shows of the
//! record, and of repeats and merges.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::conduct::ConductView;
use redress_app::views::{CaseView, ConductSummary};
use redress_core::calendar::london_date;
use redress_core::conduct::{ConductCommand, ConductFact, Review, ReviewDecision, Terms};
use serde_json::{Value, json};

use super::super::messages::Messages;
use super::super::render;
use super::forms::{Field, FormData};
use super::words::{date, instant};
use super::{Chrome, StaffUser, app_error_page, chrome_page, encode, see_other};
use crate::AppState;

/// The decisions the page offers, in order: (type, fields).
const ACTIONS: &[&str] = &[
    "warn",
    "restrict",
    "review-restriction",
    "record-adjustments",
    "review-adjustments",
];

#[derive(Template)]
#[template(path = "staff/conduct.html")]
struct ConductPage {
    chrome: Chrome,
    reference: String,
    person: String,
    banner: Option<String>,
    errors: Vec<(String, String)>,
    lines: Vec<String>,
    history: Vec<(String, String)>,
    letters: Vec<(u64, String, String)>,
    cases: Vec<String>,
    forms: Vec<ConductForm>,
    read_only: bool,
}
chrome_page!(ConductPage);

/// One decision's form.
struct ConductForm {
    action: &'static str,
    title: String,
    button: String,
    fields: Vec<Field>,
    open: bool,
}

/// A restriction in words.
pub(super) fn terms_words(m: &Messages, terms: &Terms) -> String {
    match terms {
        Terms::SingleForm { form } => m.fill(
            "staff.conduct.terms.single-form",
            &[(
                "form",
                m.get(&format!(
                    "staff.conduct.form.{}",
                    redress_core::names::serde_name(form)
                )),
            )],
        ),
        Terms::NamedOfficer { officer } => {
            m.fill("staff.conduct.terms.named-officer", &[("officer", officer)])
        }
        Terms::CallTimes { times } => m.fill("staff.conduct.terms.call-times", &[("times", times)]),
        Terms::ContactAgreement { agreement } => m.fill(
            "staff.conduct.terms.contact-agreement",
            &[("agreement", agreement)],
        ),
        Terms::NoAcknowledgement => m.get("staff.conduct.terms.no-acknowledgement").to_owned(),
    }
}

/// A review in words: what, when and where it stands.
pub(super) fn review_line(m: &Messages, review: &Review) -> String {
    m.fill(
        "staff.conduct.review",
        &[
            (
                "subject",
                m.get(&format!(
                    "staff.conduct.subject.{}",
                    redress_core::names::serde_name(&review.subject)
                )),
            ),
            ("on", &date(review.on)),
            (
                "status",
                m.get(&format!(
                    "staff.conduct.status.{}",
                    redress_core::names::serde_name(&review.status)
                )),
            ),
        ],
    )
}

/// What every case of the person shows of their conduct record, in sentences.
pub(super) fn summary_lines(m: &Messages, summary: &ConductSummary) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(r) = &summary.restriction {
        let terms: Vec<String> = r.terms.iter().map(|t| terms_words(m, t)).collect();
        let key = if summary.in_force {
            "staff.conduct.restricted"
        } else {
            "staff.conduct.restricted_later"
        };
        lines.push(m.fill(
            key,
            &[
                ("starts", &date(r.starts)),
                ("until", &date(r.until)),
                ("terms", &terms.join("; ")),
                ("reason", &r.reason),
            ],
        ));
    }
    if matches!(
        summary.email_in,
        redress_core::conduct::EmailIn::FileWithoutReply { .. }
    ) {
        lines.push(m.get("staff.conduct.email_filed").to_owned());
    }
    if summary.letters_by_post {
        lines.push(m.get("staff.conduct.by_post").to_owned());
    }
    for warned in &summary.warnings {
        lines.push(m.fill("staff.conduct.warned", &[("when", &instant(*warned))]));
    }
    if let Some(a) = &summary.adjustments {
        lines.push(m.fill(
            "staff.conduct.adjustments",
            &[("text", &a.adjustments), ("on", &date(a.review_on))],
        ));
    }
    lines.extend(summary.reviews.iter().map(|r| review_line(m, r)));
    lines
}

/// The case page's lines on repeats: (reference, why), and the procedure's refusal reason.
pub(super) fn repeat_lines(
    m: &Messages,
    view: &CaseView,
) -> (Vec<(String, String)>, Option<String>) {
    let lines = view
        .repeats
        .iter()
        .map(|r| {
            let mut why = Vec::new();
            if r.same_person {
                why.push(m.get("staff.repeats.same_person").to_owned());
            }
            if r.same_matter {
                why.push(m.fill(
                    "staff.repeats.same_matter",
                    &[("similarity", &r.similarity.to_string())],
                ));
            }
            if r.investigated {
                why.push(m.get("staff.repeats.investigated").to_owned());
            }
            (r.reference.clone(), why.join(", "))
        })
        .collect();
    let refusal = view.repeat_refusal.as_ref().map(|e| {
        m.fill(
            "staff.repeats.refusal",
            &[
                ("title", &e.title),
                ("note", e.note.as_deref().unwrap_or_default()),
            ],
        )
    });
    (lines, refusal)
}

fn history(m: &Messages, view: &ConductView) -> Vec<(String, String)> {
    view.events
        .iter()
        .map(|event| {
            let what = match &event.fact {
                ConductFact::Warned { reason, .. } => {
                    m.fill("staff.conduct.event.warned", &[("reason", reason)])
                }
                ConductFact::Restricted {
                    terms,
                    starts,
                    until,
                    review_on,
                    ..
                } => {
                    let terms: Vec<String> = terms.iter().map(|t| terms_words(m, t)).collect();
                    m.fill(
                        "staff.conduct.event.restricted",
                        &[
                            ("terms", &terms.join("; ")),
                            ("starts", &date(*starts)),
                            ("until", &date(*until)),
                            ("review", &date(*review_on)),
                        ],
                    )
                }
                ConductFact::RestrictionReviewed { decision, note }
                | ConductFact::AdjustmentsReviewed { decision, note } => match decision {
                    ReviewDecision::Continue { next_review } => m.fill(
                        "staff.conduct.event.kept",
                        &[("next", &date(*next_review)), ("note", note)],
                    ),
                    ReviewDecision::End => m.fill("staff.conduct.event.ended", &[("note", note)]),
                },
                ConductFact::AdjustmentsRecorded {
                    adjustments,
                    review_on,
                } => m.fill(
                    "staff.conduct.event.adjustments",
                    &[("text", adjustments), ("review", &date(*review_on))],
                ),
            };
            let who = event.by.clone().unwrap_or_else(|| "redress".to_owned());
            (format!("{} · {who}", instant(event.at)), what)
        })
        .collect()
}

/// A decision the page refused: which form, what was posted, and (field, message) problems.
struct Failed<'a> {
    action: &'a str,
    form: &'a FormData,
    errors: Vec<(String, String)>,
}

fn forms(m: &Messages, failed: Option<&Failed>) -> Vec<ConductForm> {
    ACTIONS
        .iter()
        .map(|&action| {
            let key = |k: &str| format!("staff.conduct.action.{action}.{k}");
            let text = |kind: &'static str, name: &str| {
                let mut f = Field::new(kind, action, name, m.get(&key(name)));
                f.hint = m.get(&format!("{}_hint", key(name))).to_owned();
                f
            };
            let mut fields = match action {
                "warn" => vec![text("textarea", "reason")],
                "restrict" => {
                    let mut form = text("select", "single_form");
                    form.options = ["", "letter", "email", "phone"]
                        .iter()
                        .map(|v| {
                            let key = if v.is_empty() { "none" } else { v };
                            (
                                v.to_string(),
                                m.get(&format!("staff.conduct.single_form.{key}"))
                                    .to_owned(),
                            )
                        })
                        .collect();
                    vec![
                        form,
                        text("text", "named_officer"),
                        text("text", "call_times"),
                        text("textarea", "contact_agreement"),
                        text("checkbox", "no_acknowledgement"),
                        text("textarea", "reason"),
                        text("date", "starts"),
                        text("text", "lasts"),
                        text("date", "review_on"),
                        text("checkbox", "safety_risk"),
                    ]
                }
                "review-restriction" | "review-adjustments" => {
                    let mut decision = text("radios", "decision");
                    decision.options = ["continue", "end"]
                        .iter()
                        .map(|v| {
                            (
                                v.to_string(),
                                m.get(&key(&format!("decision_{v}"))).to_owned(),
                            )
                        })
                        .collect();
                    vec![
                        decision,
                        text("date", "next_review"),
                        text("textarea", "note"),
                    ]
                }
                _ => vec![text("textarea", "adjustments"), text("date", "review_on")],
            };
            let open = failed.is_some_and(|f| f.action == action);
            if let Some(Failed { form, errors, .. }) = failed.filter(|_| open) {
                for field in &mut fields {
                    field.value = form.text(&field.name);
                    field.error = errors
                        .iter()
                        .find(|(name, _)| {
                            name == &field.name || name.starts_with(&format!("{}.", field.name))
                        })
                        .map(|(_, message)| message.clone());
                }
            }
            ConductForm {
                action,
                title: m.get(&key("title")).to_owned(),
                button: m.get(&key("button")).to_owned(),
                fields,
                open,
            }
        })
        .collect()
}

fn page(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
    view: Option<ConductView>,
    org: &redress_core::ids::OrgId,
    failed: Option<Failed>,
    banner: Option<String>,
) -> Response {
    let m = Messages::english();
    let chrome = Chrome::new(
        state,
        Some(user),
        m.fill("staff.conduct.title", &[("reference", reference)]),
        "/staff/cases",
    );
    let errors: Vec<(String, String)> = failed
        .as_ref()
        .map(|failed| {
            failed
                .errors
                .iter()
                .map(|(field, message)| {
                    (
                        format!("#{}", super::forms::field_id(failed.action, field)),
                        message.clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let (person, lines, history, letters, cases) = match &view {
        Some(view) => (
            view.person.to_string(),
            {
                let today = london_date(state.app.now());
                let summary = ConductSummary {
                    person: view.person.clone(),
                    restriction: view.record.current_restriction(today).cloned(),
                    in_force: view.record.restriction_in_force(today).is_some(),
                    email_in: view.email_in.clone(),
                    letters_by_post: view.letters_by_post,
                    warnings: view.record.warnings.clone(),
                    adjustments: view.record.adjustments_in_force().cloned(),
                    reviews: view.reviews.clone(),
                };
                summary_lines(m, &summary)
            },
            history(m, view),
            view.letters
                .iter()
                .map(|l| {
                    (
                        l.id,
                        m.get(&format!("staff.letters.kind.{}", l.kind)).to_owned(),
                        m.get(&format!(
                            "staff.letters.status.{}",
                            redress_core::names::serde_name(&l.status)
                        ))
                        .to_owned(),
                    )
                })
                .collect(),
            view.cases.clone(),
        ),
        None => Default::default(),
    };
    let mut chrome = chrome;
    let status = chrome.with_errors(!errors.is_empty());
    let page = ConductPage {
        chrome,
        reference: reference.to_owned(),
        person,
        banner,
        errors,
        lines,
        history,
        letters,
        cases,
        forms: if view.is_some() {
            forms(m, failed.as_ref())
        } else {
            Vec::new()
        },
        read_only: !user.actor.can_act(org),
    };
    (status, render(&page)).into_response()
}

/// The query after a decision: which one was done.
#[derive(serde::Deserialize)]
pub(super) struct Done {
    done: Option<String>,
}

/// `GET /staff/cases/{reference}/conduct`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: StaffUser,
    Path(reference): Path<String>,
    query: axum::extract::Query<Done>,
) -> Response {
    let m = Messages::english();
    let case = match state.app.read_case(&user.actor, &reference).await {
        Ok(case) => case,
        Err(error) => return app_error_page(&state, &user, error),
    };
    let view = match state.app.case_conduct(&user.actor, &reference).await {
        Ok(view) => view,
        Err(error) => return app_error_page(&state, &user, error),
    };
    let banner = query
        .0
        .done
        .as_deref()
        .filter(|d| ACTIONS.contains(d))
        .map(|d| m.get(&format!("staff.conduct.action.{d}.done")).to_owned());
    page(&state, &user, &reference, view, &case.org, None, banner)
}

/// The API's JSON for a posted form.
fn command_json(action: &str, form: &FormData) -> Value {
    let mut body = json!({ "type": action });
    let object = body.as_object_mut().expect("an object");
    let mut put = |name: &str| {
        if let Some(value) = form.opt(name) {
            object.insert(name.to_owned(), Value::String(value));
        }
    };
    match action {
        "warn" => put("reason"),
        "restrict" => {
            for name in ["reason", "starts", "lasts", "review_on"] {
                put(name);
            }
            let mut terms = Vec::new();
            if let Some(form_of) = form.opt("single_form") {
                terms.push(json!({"restriction": "single-form", "form": form_of}));
            }
            if let Some(officer) = form.opt("named_officer") {
                terms.push(json!({"restriction": "named-officer", "officer": officer}));
            }
            if let Some(times) = form.opt("call_times") {
                terms.push(json!({"restriction": "call-times", "times": times}));
            }
            if let Some(agreement) = form.opt("contact_agreement") {
                terms.push(json!({"restriction": "contact-agreement", "agreement": agreement}));
            }
            if form.yes("no_acknowledgement") {
                terms.push(json!({"restriction": "no-acknowledgement"}));
            }
            object.insert("terms".to_owned(), Value::Array(terms));
            object.insert(
                "safety_risk".to_owned(),
                Value::Bool(form.yes("safety_risk")),
            );
        }
        "review-restriction" | "review-adjustments" => {
            for name in ["decision", "next_review", "note"] {
                put(name);
            }
        }
        _ => {
            for name in ["adjustments", "review_on"] {
                put(name);
            }
        }
    }
    body
}

/// The form field a refusal's path names: `terms[0].officer` is one of the restrict form's
/// fields, which one told by the restriction it is about.
fn form_field(action: &str, field: &str, form: &FormData) -> String {
    if action != "restrict" || !field.starts_with("terms") {
        return field.to_owned();
    }
    let json = command_json(action, form);
    let index: Option<usize> = field
        .strip_prefix("terms[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse().ok());
    let kind = index
        .and_then(|i| json["terms"].get(i))
        .and_then(|t| t["restriction"].as_str())
        .unwrap_or("single-form");
    kind.replace('-', "_")
}

/// `POST /staff/cases/{reference}/conduct/{action}`.
pub(super) async fn decide(
    State(state): State<AppState>,
    user: StaffUser,
    Path((reference, action)): Path<(String, String)>,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (form, case) = match super::case::case_form(&state, &user, &reference, form).await {
        Ok(both) => both,
        Err(refused) => return refused,
    };
    let Some(&action) = ACTIONS.iter().find(|a| **a == action) else {
        return super::not_found(&state, &user);
    };
    let m = Messages::english();
    let again = |errors: Vec<(String, String)>| async {
        let view = state
            .app
            .case_conduct(&user.actor, &reference)
            .await
            .ok()
            .flatten();
        page(
            &state,
            &user,
            &reference,
            view,
            &case.org,
            Some(Failed {
                action,
                form: &form,
                errors,
            }),
            None,
        )
    };
    let command: ConductCommand = match crate::json::from_value(command_json(action, &form)) {
        Ok(command) => command,
        Err(crate::error::ApiError::Invalid { message, field }) => {
            let field = form_field(action, field.as_deref().unwrap_or("reason"), &form);
            return again(vec![(field, super::case::sentence(&message))]).await;
        }
        Err(_) => return super::not_found(&state, &user),
    };
    match state
        .app
        .decide_conduct(&user.actor, &reference, command, None)
        .await
    {
        Ok(_) => see_other(&format!(
            "/staff/cases/{}/conduct?done={action}",
            encode(&reference)
        )),
        Err(AppError::Refused(refusal)) => {
            let field = form_field(action, refusal.field.as_deref().unwrap_or("reason"), &form);
            again(vec![(field, super::case::refusal_words(&refusal))]).await
        }
        Err(AppError::Invalid { field, message }) => {
            let _ = m;
            again(vec![(
                form_field(action, &field, &form),
                super::case::sentence(&message),
            )])
            .await
        }
        Err(error) => app_error_page(&state, &user, error),
    }
}

/// `GET /staff/cases/{reference}/conduct/letters/{id}/pdf`.
pub(super) async fn letter_pdf(
    State(state): State<AppState>,
    user: StaffUser,
    Path((reference, id)): Path<(String, String)>,
) -> Response {
    let Ok(id) = id.parse::<u64>() else {
        return super::not_found(&state, &user);
    };
    match state
        .app
        .conduct_letter_pdf(&user.actor, &reference, id)
        .await
    {
        Ok(pdf) => crate::api::staff::pdf_response(&reference, id, pdf),
        Err(error) => app_error_page(&state, &user, error),
    }
}
