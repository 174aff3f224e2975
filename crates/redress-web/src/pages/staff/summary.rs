//! The facts at the top of the case page: where the case stands, what was received, the
//! person, their representative and the people named.

use redress_app::views::CaseView;
use redress_core::calendar::london_date;
use redress_core::case::{ClockStatus, Contact};
use redress_core::procedure::Procedure;

use super::super::messages::Messages;
use super::words::{date, instant, name, role, value};

/// (label, text) rows for summary lists.
pub type Rows = Vec<(String, String)>;

/// The case's facts, in words.
pub struct Facts {
    /// The organisation's name.
    pub organisation: String,
    /// Where the case stands.
    pub summary: Rows,
    /// What was received.
    pub submission: Rows,
    /// The person it is from (empty rows when anonymous).
    pub person: Rows,
    /// Whether it is anonymous.
    pub anonymous: bool,
    /// Their representative, if any.
    pub representative: Rows,
    /// People named: (name, role or member id).
    pub people_named: Rows,
}

/// The facts of a case, run on `procedure`; `several` when its organisation runs more than one
/// procedure, so the page says which this case runs on.
pub fn facts(m: &Messages, view: &CaseView, procedure: &Procedure, several: bool) -> Facts {
    let case = &view.case;
    let label = |key: &str| m.get(&format!("staff.case.{key}")).to_owned();
    let yes_no = |b: bool| {
        m.get(if b {
            "staff.field.yes"
        } else {
            "staff.field.no"
        })
        .to_owned()
    };
    let mut summary = vec![(label("status"), name(m, "status", &view.status))];
    if let Some(stage_name) = &view.stage {
        summary.push((label("stage"), stage_name.name.clone()));
    }
    if let Some(record) = case.current_stage() {
        if let Some((handler, r)) = &record.handler {
            summary.push((
                label("handler"),
                format!("{handler} ({})", role(procedure, r)),
            ));
        }
        if !record.panel.is_empty() {
            let names: Vec<_> = record.panel.iter().map(|p| p.name.clone()).collect();
            summary.push((label("panel"), names.join(", ")));
        }
    }
    if let Some(received) = case.received_at {
        summary.push((label("received"), instant(received)));
    }
    let next = view
        .deadlines
        .iter()
        .filter(|d| matches!(d.status, ClockStatus::Open | ClockStatus::Overdue))
        .min_by_key(|d| d.due.at);
    if let Some(next) = next {
        let key = if next.status == ClockStatus::Overdue {
            "staff.case.next_overdue"
        } else {
            "staff.case.next_due"
        };
        summary.push((
            label("next"),
            m.fill(key, &[("what", &next.what), ("date", &date(next.due.date))]),
        ));
    }
    if several {
        summary.push((label("procedure"), procedure.procedure.title.clone()));
    }
    summary.push((
        label("procedure_version"),
        case.procedure_version.clone().unwrap_or_default(),
    ));
    for (limit, key) in case.time_limit.iter().map(|t| {
        (
            t,
            if t.late {
                "staff.event.time_limit_late"
            } else {
                "staff.event.time_limit_ok"
            },
        )
    }) {
        summary.push((
            label("time_limit"),
            m.fill(key, &[("last_day", &date(limit.last_day))]),
        ));
    }
    if let Some((at, _)) = case.closed {
        summary.push((label("closed"), date(london_date(at))));
    }
    if let Some(delete_after) = case.delete_after {
        summary.push((label("delete_after"), date(delete_after)));
    }

    let mut submission = Vec::new();
    let mut person = Vec::new();
    let mut representative = Vec::new();
    let mut anonymous = false;
    if let Some(s) = &case.submission {
        submission.push((label("kind"), value(m, "kind", &s.kind)));
        submission.push((label("channel"), value(m, "channel", &s.channel)));
        submission.push((label("what_happened"), s.what_happened.clone()));
        let optional = [
            ("happened_on", s.happened_on.map(date)),
            ("became_aware_on", s.became_aware_on.map(date)),
            ("outcome_wanted", s.outcome_wanted.clone()),
            ("adjustments", s.adjustments.clone()),
        ];
        for (key, text) in optional {
            if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                submission.push((label(key), text));
            }
        }
        if s.kind != redress_core::procedure::FeedbackKind::Complaint {
            submission.push((label("consent_to_publish"), yes_no(s.consent_to_publish)));
        }
        match &s.complainant {
            Some(contact) => person = contact_rows(m, contact),
            None => anonymous = true,
        }
        if let Some(rep) = &s.representative {
            representative = contact_rows(m, &rep.contact);
            representative.push((label("relationship"), rep.relationship.clone()));
            representative.push((label("written_authority"), yes_no(rep.written_authority)));
        }
    }
    let people_named = case
        .people_named
        .iter()
        .map(|p| {
            let mut about: Vec<String> = p.role.iter().map(|r| role(procedure, r)).collect();
            about.extend(
                p.member_id
                    .iter()
                    .map(|id| m.fill("staff.case.member_id", &[("id", id)])),
            );
            (p.name.clone(), about.join("; "))
        })
        .collect();
    Facts {
        organisation: view.organisation.clone(),
        summary,
        submission,
        person,
        anonymous,
        representative,
        people_named,
    }
}

fn contact_rows(m: &Messages, contact: &Contact) -> Rows {
    let label = |key: &str| m.get(&format!("staff.case.{key}")).to_owned();
    let mut rows = vec![(label("name"), contact.name.clone())];
    for (key, text) in [
        ("email", contact.email.clone()),
        ("phone", contact.phone.clone()),
        ("address", contact.address.clone()),
        ("prefers", contact.prefers.map(|c| value(m, "channel", &c))),
    ] {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            rows.push((label(key), text));
        }
    }
    rows
}
