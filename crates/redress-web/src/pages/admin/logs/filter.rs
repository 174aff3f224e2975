//! The filter every log page has: one of the user's organisations that keeps the log, and a
//! year from the first its procedure was in force to this one.

use axum::response::Response;
use redress_core::calendar::london_date;
use redress_core::ids::OrgId;
use serde::Deserialize;

use super::super::super::messages::Messages;
use super::super::super::staff::{StaffUser, not_found};
use super::super::{Choice, org_name};
use super::Log;
use crate::AppState;

#[derive(Deserialize)]
pub(in crate::pages::admin) struct LogQuery {
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub year: Option<String>,
}

/// The organisation and year a log is for, and the choices the filter form offers.
pub(super) struct Filter {
    pub org: Option<OrgId>,
    pub year: i16,
    pub orgs: Vec<Choice>,
    pub years: Vec<Choice>,
    /// The message for a year that is not one of the choices.
    pub year_error: Option<String>,
}

impl Filter {
    pub(super) fn query(&self) -> String {
        match &self.org {
            Some(org) => format!("org={org}&year={}", self.year),
            None => format!("year={}", self.year),
        }
    }
}

/// Works out the filter; `Err` is the page to show instead (an organisation the user does not
/// belong to is not found).
pub(super) fn filter(
    state: &AppState,
    user: &StaffUser,
    log: Log,
    query: &LogQuery,
) -> Result<Filter, Response> {
    let m = Messages::english();
    let mine: Vec<OrgId> = user
        .actor
        .orgs()
        .into_iter()
        .filter(|org| log.kept_by(state, org))
        .collect();
    let org = match query
        .org
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        Some(asked) => Some(
            mine.iter()
                .find(|org| org.as_str() == asked)
                .cloned()
                .ok_or_else(|| not_found(state, user))?,
        ),
        None => mine.first().cloned(),
    };
    let this_year = london_date(state.app.now()).year();
    let first_year = org
        .as_ref()
        .and_then(|org| {
            state
                .app
                .procedures()
                .all()
                .filter(|l| &l.procedure.organisation.id == org)
                .map(|l| l.procedure.procedure.effective_from.year())
                .min()
        })
        .unwrap_or(this_year)
        .min(this_year);
    let asked_year = query
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty());
    let (year, year_error) = match asked_year.map(str::parse::<i16>) {
        None => (this_year, None),
        Some(Ok(year)) if (first_year..=this_year).contains(&year) => (year, None),
        Some(_) => (this_year, Some(m.get("admin.logs.year_error").to_owned())),
    };
    Ok(Filter {
        orgs: mine
            .iter()
            .map(|o| Choice {
                value: o.to_string(),
                label: org_name(state, o),
                hint: String::new(),
                checked: Some(o) == org.as_ref(),
            })
            .collect(),
        years: (first_year..=this_year)
            .rev()
            .map(|y| Choice {
                value: y.to_string(),
                label: y.to_string(),
                hint: String::new(),
                checked: y == year,
            })
            .collect(),
        org,
        year,
        year_error,
    })
}
