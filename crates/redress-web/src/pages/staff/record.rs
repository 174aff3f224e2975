//! Recording feedback that arrived by phone, letter, e-mail or in person, `/staff/record`:
//! the same questions as the public form, plus the organisation, the channel and when it was
//! received (a call last week is recorded as last week, and the deadlines follow from that).
//! Where the organisation's procedures offer matters (core's `matter_choices`), it asks what
//! the feedback is about, which chooses the procedure the case runs on.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::views::word;
use redress_core::calendar::london_date;
use redress_core::case::{Contact, PersonNamed, Representative, Submission};
use redress_core::ids::OrgId;
use redress_core::procedure::{Channel, Matter, Procedure};
use serde::Deserialize;

use super::super::messages::Messages;
use super::super::render;
use super::forms::{Field, FormData, Typed, parse_date, when};
use super::words::value;
use super::{Chrome, StaffUser, app_error_page, chrome_page, encode, forbidden, see_other};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/record.html")]
struct RecordPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    /// The organisation chosen, or `None` while choosing.
    org: Option<String>,
    fields: Vec<Field>,
}
chrome_page!(RecordPage);

#[derive(Deserialize)]
pub(super) struct RecordQuery {
    #[serde(default)]
    org: Option<String>,
}

/// The organisations the user may record feedback for.
fn recordable(user: &StaffUser) -> Vec<OrgId> {
    user.actor
        .orgs()
        .into_iter()
        .filter(|o| user.actor.can_act(o))
        .collect()
}

/// `GET /staff/record`: first which organisation (when the user has several), then the form.
pub(super) async fn show(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<RecordQuery>,
) -> Response {
    let orgs = recordable(&user);
    let chosen = match (query.org, orgs.as_slice()) {
        (_, []) => return forbidden(&state, &user),
        (None, [only]) => Some(only.clone()),
        (None, _) => None,
        (Some(text), _) => orgs.iter().find(|o| o.as_str() == text).cloned(),
    };
    page(&state, &user, chosen.as_ref(), None)
}

fn page(state: &AppState, user: &StaffUser, org: Option<&OrgId>, typed: Option<Typed>) -> Response {
    let m = Messages::english();
    let procedures = state.app.procedures();
    let today = london_date(state.app.now());
    let mut fields = match org.and_then(|o| {
        procedures
            .in_force(o, today)
            .or_else(|| procedures.latest(o))
    }) {
        Some(loaded) => {
            let in_force = procedures.in_force_all(&loaded.procedure.organisation.id, today);
            let in_force: Vec<&Procedure> = in_force.iter().map(|l| &*l.procedure).collect();
            let matters = redress_core::case::matter_choices(&in_force);
            fields(m, &loaded.procedure, &matters, today)
        }
        None => {
            let options = recordable(user)
                .iter()
                .filter_map(|o| {
                    procedures
                        .latest(o)
                        .map(|l| (o.to_string(), l.procedure.organisation.name.clone()))
                })
                .collect();
            vec![
                Field::new("radios", "record", "org", m.get("staff.record.which_org"))
                    .options(options),
            ]
        }
    };
    let mut chrome = Chrome::new(
        state,
        Some(user),
        m.get("staff.record.title").to_owned(),
        "/staff/record",
    );
    let (errors, status) = match &typed {
        Some(typed) => {
            typed.refill(&mut fields);
            (
                typed.summary(&fields, "#record-kind"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        None => (Vec::new(), StatusCode::OK),
    };
    chrome.has_errors = !errors.is_empty();
    let record_page = RecordPage {
        chrome,
        errors,
        org: org.map(|o| o.to_string()),
        fields,
    };
    (status, render(&record_page)).into_response()
}

fn fields(
    m: &Messages,
    procedure: &Procedure,
    matters: &[&Matter],
    today: jiff::civil::Date,
) -> Vec<Field> {
    let f = |kind, name: &str| {
        let field = Field::new(kind, "record", name, m.get(&format!("staff.record.{name}")));
        let hint_key = format!("staff.record.{name}_hint");
        match m.get(&hint_key) {
            hint if hint == hint_key => field,
            hint => field.hint(hint),
        }
    };
    let intake = &procedure.intake;
    let mut channels: Vec<Channel> = intake.channels.clone();
    channels.extend([Channel::Phone, Channel::FaceToFace]);
    channels.extend(
        intake
            .redirect
            .iter()
            .flat_map(|r| r.channels.iter().copied()),
    );
    let mut seen = Vec::new();
    channels.retain(|c| {
        !seen.contains(c) && {
            seen.push(*c);
            true
        }
    });
    let kinds = procedure
        .organisation
        .kinds
        .iter()
        .map(|k| (word(k), value(m, "kind", k)))
        .collect();
    let mut channel_options = vec![(String::new(), m.get("staff.field.choose").to_owned())];
    channel_options.extend(channels.iter().map(|c| (word(c), value(m, "channel", c))));
    let mut prefers = vec![(String::new(), m.get("staff.record.prefers_none").to_owned())];
    prefers.extend(
        [Channel::Email, Channel::Phone, Channel::Letter]
            .iter()
            .map(|c| (word(c), value(m, "channel", c))),
    );
    let mut fields = Vec::new();
    if !matters.is_empty() {
        let mut options: Vec<(String, String)> = matters
            .iter()
            .map(|matter| (matter.id.to_string(), matter.label.clone()))
            .collect();
        options.push((
            crate::pages::public::fields::SOMETHING_ELSE.to_owned(),
            m.get("form.matter.something_else").to_owned(),
        ));
        fields.push(f("radios", "matter").options(options));
    }
    fields.extend([
        f("radios", "kind").options(kinds),
        f("select", "channel").options(channel_options),
        f("date", "on")
            .value(today.to_string())
            .width("govuk-input--width-10"),
        f("time", "time").width("govuk-input--width-5"),
        f("text", "name").width("govuk-input--width-20"),
        f("email", "email").width("govuk-input--width-30"),
        f("tel", "phone").width("govuk-input--width-20"),
        f("textarea", "address").rows(3),
        f("select", "prefers").options(prefers),
        f("text", "rep_name").width("govuk-input--width-20"),
        f("text", "rep_relationship").width("govuk-input--width-20"),
        f("email", "rep_email").width("govuk-input--width-30"),
        f("tel", "rep_phone").width("govuk-input--width-20"),
        f("checkbox", "rep_written_authority"),
        f("textarea", "what_happened").rows(8),
        f("date", "happened_on").width("govuk-input--width-10"),
        f("date", "became_aware_on").width("govuk-input--width-10"),
        f("textarea", "outcome_wanted"),
        f("textarea", "people_named"),
        f("textarea", "adjustments"),
        f("checkbox", "consent_to_publish"),
    ]);
    fields
}

/// The submission a form describes, or what is wrong with it.
fn submission(
    m: &Messages,
    in_force: &[&Procedure],
    form: &FormData,
) -> Result<Submission, Vec<(String, String)>> {
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut problem = |field: &str, text: String| problems.push((field.to_owned(), text));
    let posted_matter = form.text("matter");
    let matter = crate::pages::public::fields::matter(&posted_matter).map(str::to_owned);
    if posted_matter.trim().is_empty() && !redress_core::case::matter_choices(in_force).is_empty() {
        problem("matter", m.get("staff.record.matter_missing").to_owned());
    }
    // The procedure the matter chooses (core's rule) names the roles people may hold; an
    // unknown matter is core's to refuse when the feedback is submitted, naming `matter`.
    let procedure =
        redress_core::case::choose_procedure(in_force, matter.as_deref()).unwrap_or(in_force[0]);
    let kind: Option<redress_core::procedure::FeedbackKind> = choice(form, "kind");
    if kind.is_none() {
        problem("kind", m.get("staff.record.kind_missing").to_owned());
    }
    let channel: Option<Channel> = choice(form, "channel");
    if channel.is_none() {
        problem("channel", m.get("staff.record.channel_missing").to_owned());
    }
    if form.text("what_happened").is_empty() {
        problem(
            "what_happened",
            m.get("staff.record.what_happened_missing").to_owned(),
        );
    }
    let mut date = |name: &str| {
        let text = form.opt(name)?;
        let parsed = parse_date(&text);
        if parsed.is_none() {
            problem(name, m.get("staff.field.date_invalid").to_owned());
        }
        parsed
    };
    let happened_on = date("happened_on");
    let became_aware_on = date("became_aware_on");
    let complainant = match form.opt("name") {
        Some(name) => Some(Contact {
            name,
            email: form.opt("email"),
            phone: form.opt("phone"),
            address: form.opt("address"),
            prefers: choice(form, "prefers"),
        }),
        None if ["email", "phone", "address"]
            .iter()
            .any(|f| form.opt(f).is_some()) =>
        {
            problem("name", m.get("staff.record.name_missing").to_owned());
            None
        }
        None => None,
    };
    let representative = form.opt("rep_name").map(|name| Representative {
        contact: Contact {
            name,
            email: form.opt("rep_email"),
            phone: form.opt("rep_phone"),
            ..Contact::default()
        },
        relationship: form.text("rep_relationship"),
        written_authority: form.yes("rep_written_authority"),
    });
    let mut people_named = Vec::new();
    for line in form
        .text("people_named")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let (name, role_text) = match line.split_once(',') {
            Some((name, role)) => (name.trim(), Some(role.trim())),
            None => (line, None),
        };
        let role = match role_text.filter(|r| !r.is_empty()) {
            None => None,
            Some(text) => match procedure
                .roles
                .iter()
                .find(|(id, r)| id.as_str() == text || r.title.eq_ignore_ascii_case(text))
            {
                Some((id, _)) => Some(id.clone()),
                None => {
                    problem(
                        "people_named",
                        m.fill("staff.record.role_unknown", &[("role", text)]),
                    );
                    None
                }
            },
        };
        people_named.push(PersonNamed {
            name: name.to_owned(),
            role,
            member_id: None,
        });
    }
    match (kind, channel) {
        (Some(kind), Some(channel)) if problems.is_empty() => Ok(Submission {
            kind,
            channel,
            matter,
            complainant,
            representative,
            people_named,
            what_happened: form.text("what_happened"),
            happened_on,
            became_aware_on,
            outcome_wanted: form.opt("outcome_wanted"),
            adjustments: form.opt("adjustments"),
            consent_to_publish: form.yes("consent_to_publish"),
        }),
        _ => Err(problems),
    }
}

fn choice<T: serde::de::DeserializeOwned>(form: &FormData, name: &str) -> Option<T> {
    redress_core::names::from_serde_name(&form.text(name))
}

/// The input on this page that core's field path names (`people_named[2].name` is a line of
/// the one people box).
fn form_field(field: &str) -> String {
    if field.starts_with("people_named") {
        return "people_named".to_owned();
    }
    match field {
        "at" => "on",
        "complainant" | "complainant.name" => "name",
        "complainant.email" => "email",
        "complainant.phone" => "phone",
        "complainant.address" => "address",
        "representative" | "representative.contact.name" => "rep_name",
        "representative.contact.email" => "rep_email",
        "representative.contact.phone" => "rep_phone",
        "representative.relationship" => "rep_relationship",
        other => other,
    }
    .to_owned()
}

/// `POST /staff/record`.
pub(super) async fn submit(
    State(state): State<AppState>,
    user: StaffUser,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let m = Messages::english();
    let form = FormData(form.map(|f| f.0).unwrap_or_default());
    if let Some(refused) = user.refuse_forged(&state, &form.text("csrf")) {
        return refused;
    }
    let Some(org) = recordable(&user)
        .into_iter()
        .find(|o| o.as_str() == form.text("org"))
    else {
        return page(
            &state,
            &user,
            None,
            Some(Typed {
                form,
                errors: vec![(
                    "org".to_owned(),
                    m.get("staff.record.org_missing").to_owned(),
                )],
            }),
        );
    };
    let again = |errors: Vec<(String, String)>| {
        page(
            &state,
            &user,
            Some(&org),
            Some(Typed {
                form: form.clone(),
                errors,
            }),
        )
    };
    let procedures = state.app.procedures();
    let Some(loaded) = procedures.latest(&org) else {
        return super::not_found(&state, &user);
    };
    // The procedures in force today, the main one first (the latest main version when none is
    // in force yet, as the form's questions are drawn).
    let mut in_force: Vec<&Procedure> = procedures
        .in_force_all(&org, london_date(state.app.now()))
        .into_iter()
        .map(|l| &*l.procedure)
        .collect();
    if in_force.is_empty() {
        in_force.push(&loaded.procedure);
    }
    // Every problem with the form at once, in the order of its questions.
    let at = when(m, &form, state.app.now(), None);
    let submission = submission(m, &in_force, &form);
    let (at, submission) = match (at, submission) {
        (Ok(at), Ok(submission)) => (at, submission),
        (at, submission) => {
            let mut problems: Vec<(String, String)> = at.err().into_iter().collect();
            problems.extend(submission.err().unwrap_or_default());
            return again(problems);
        }
    };
    match state.app.submit(&user.actor, &org, submission, at).await {
        Ok(submitted) => see_other(&format!(
            "/staff/cases/{}?done=recorded",
            encode(&submitted.reference)
        )),
        Err(AppError::Refused(refusal)) => {
            let field = refusal.field.as_deref().map(form_field).unwrap_or_default();
            again(vec![(field, super::case::refusal_words(&refusal))])
        }
        Err(AppError::Invalid { field, message }) => {
            again(vec![(form_field(&field), super::case::sentence(&message))])
        }
        Err(error) => app_error_page(&state, &user, error),
    }
}
