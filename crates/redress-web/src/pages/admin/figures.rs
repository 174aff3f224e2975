//! What the reports and the self-assessment pages both ask: which organisation, which period
//! and, where it runs several, which procedure. Read once from the query (a field given twice
//! is an error on that field, not a bare 400), with the form's choices and errors for the
//! templates' `admin/figures.html` macros and the 422 their downloads answer.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::reports::{parse_org, parse_period};
use redress_core::calendar::london_date;
use redress_core::ids::OrgId;
use redress_core::report::Period;

use super::super::messages::Messages;
use super::super::staff::{StaffUser, encode};
use super::{Choice, org_name};
use crate::AppState;
use crate::params::once;

/// The query's pairs as sent.
pub(super) type Pairs = Vec<(String, String)>;

/// What the query asks for, or the errors to show: (field, message).
pub(super) struct Asked {
    /// The organisation asked about; the signed-in user's first when none is given. Whether
    /// they may read it is the app's to say, as for the API.
    pub org: Option<OrgId>,
    /// The period as given; this year when none is.
    pub period: String,
    /// One of the organisation's procedures as given ("" for the organisation as a whole).
    pub procedure: String,
    pub errors: Vec<(String, String)>,
}

impl Asked {
    pub fn read(state: &AppState, user: &StaffUser, query: &Pairs) -> Self {
        let mut asked = Self {
            org: None,
            period: String::new(),
            procedure: String::new(),
            errors: Vec::new(),
        };
        let org = asked.other(query, "org");
        let period = asked.other(query, "period");
        asked.procedure = asked.other(query, "procedure").unwrap_or_default();
        let org = match org {
            None => user.actor.orgs().first().cloned(),
            Some(text) => parse_org(&text).map_err(|e| asked.invalid(e)).ok(),
        };
        asked.org = org;
        asked.period = period.unwrap_or_else(|| london_date(state.app.now()).year().to_string());
        if let Err(error) = parse_period(&asked.period) {
            asked.invalid(error);
        }
        asked
    }

    /// Another field of the query, trimmed; `None` when it is absent or blank.
    pub fn other(&mut self, query: &Pairs, name: &str) -> Option<String> {
        match once(query, name) {
            Ok(text) => text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
            Err(message) => {
                self.errors.push((name.to_owned(), message));
                None
            }
        }
    }

    /// Keeps a refusal naming a field to show beside it; any other error was logged where it
    /// arose and shows as nothing found.
    pub fn invalid(&mut self, error: AppError) {
        if let AppError::Invalid { field, message } = error {
            self.errors.push((field, message));
        }
    }

    /// The organisation and period to work out, when the query holds no error.
    pub fn chosen(&self) -> Option<(&OrgId, Period)> {
        let org = self.org.as_ref().filter(|_| self.errors.is_empty())?;
        parse_period(&self.period).ok().map(|period| (org, period))
    }

    /// The query of the downloads, `org=…&{more}&period=…[&procedure=…]`, `more` being a page's
    /// own fields.
    pub fn query(&self, more: &[(&str, &str)]) -> String {
        let mut fields: Vec<String> = self.org.iter().map(|org| format!("org={org}")).collect();
        fields.extend(
            more.iter()
                .map(|(name, value)| format!("{name}={}", encode(value))),
        );
        fields.push(format!("period={}", encode(&self.period)));
        if !self.procedure.is_empty() {
            fields.push(format!("procedure={}", encode(&self.procedure)));
        }
        fields.join("&")
    }

    /// The error summary's links: (`#field`, message).
    pub fn summary(&self) -> Vec<(String, String)> {
        self.errors
            .iter()
            .map(|(field, message)| (format!("#{field}"), message.clone()))
            .collect()
    }

    /// The message to show beside `field`, if it has one.
    pub fn error_for(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, message)| message.clone())
    }

    /// The form as the templates' macros show it.
    pub fn form(&self, state: &AppState, user: &StaffUser, m: &Messages) -> Form {
        Form {
            orgs: user
                .actor
                .orgs()
                .iter()
                .map(|o| Choice {
                    value: o.to_string(),
                    label: org_name(state, o),
                    hint: String::new(),
                    checked: Some(o) == self.org.as_ref(),
                })
                .collect(),
            procedures: procedure_choices(state, m, self.org.as_ref(), &self.procedure),
            period: self.period.clone(),
            org_error: self.error_for("org"),
            period_error: self.error_for("period"),
            procedure_error: self.error_for("procedure"),
        }
    }
}

/// The organisation, period and procedure fields as the page shows them.
pub(super) struct Form {
    /// The user's organisations, the one asked about chosen; empty: they belong to none.
    pub orgs: Vec<Choice>,
    /// The organisation's procedures to choose from (the whole first, value ""), when it runs
    /// more than one or one was asked for; empty: the page does not ask.
    pub procedures: Vec<Choice>,
    pub period: String,
    pub org_error: Option<String>,
    pub period_error: Option<String>,
    pub procedure_error: Option<String>,
}

/// The procedure choices for the organisation asked about: all together, then each of its
/// procedures by title; none when it runs one and none was asked for (`procedure` as given,
/// "" for the whole).
fn procedure_choices(
    state: &AppState,
    m: &Messages,
    org: Option<&OrgId>,
    procedure: &str,
) -> Vec<Choice> {
    let Some(org) = org else {
        return Vec::new();
    };
    let procedures = state.app.procedures();
    let ids = procedures.ids(org);
    if ids.len() < 2 && procedure.is_empty() {
        return Vec::new();
    }
    let mut choices = vec![Choice {
        value: String::new(),
        label: m.get("report.procedure_all").to_owned(),
        hint: String::new(),
        checked: procedure.is_empty(),
    }];
    choices.extend(ids.into_iter().filter_map(|id| {
        let loaded = procedures.latest_of(org, id)?;
        Some(Choice {
            value: id.to_string(),
            label: loaded.procedure.procedure.title.clone(),
            hint: String::new(),
            checked: procedure == id.as_str(),
        })
    }));
    choices
}

/// A download's refusal, as the API's: a 422 saying which field is wrong and why.
pub(super) fn refused(field: &str, message: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{field}: {message}"),
    )
        .into_response()
}
