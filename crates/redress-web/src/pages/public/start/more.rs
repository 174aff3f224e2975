//! The start page's later sections: compliments and comments, anonymous feedback and
//! representatives, how personal data is used, and other ways to get in touch.

use redress_core::procedure::{Anonymous, FeedbackKind, Procedure, RetentionFrom};

use super::super::words::{duration, list, paragraphs};
use crate::pages::messages::Messages;

/// What happens to compliments, comments and suggestions.
pub(super) fn others(m: &Messages, p: &Procedure) -> Vec<String> {
    let mut out = Vec::new();
    let kinds = &p.organisation.kinds;
    let passed = |roles: &[redress_core::ids::RoleId]| -> Vec<String> {
        roles
            .iter()
            .filter(|r| p.roles.contains_key(*r))
            .map(|r| super::super::words::the_role(m, p, r))
            .collect()
    };
    if let Some(c) = p
        .compliments
        .as_ref()
        .filter(|_| kinds.contains(&FeedbackKind::Compliment))
    {
        let mut to = passed(&c.pass_to);
        if c.pass_to_person_named {
            to.insert(0, m.get("start.person_thanked").to_owned());
        }
        if !to.is_empty() {
            out.push(m.fill("start.compliments_passed", &[("to", &list(m, &to))]));
        }
        if let Some(within) = c.respond_within {
            out.push(m.fill(
                "start.compliments_reply",
                &[("within", &duration(m, within))],
            ));
        }
        if let Some(publish) = &c.publish {
            out.push(m.fill("start.compliments_publish", &[("place", &publish.place)]));
        }
    }
    let takes_comments = kinds
        .iter()
        .any(|k| matches!(k, FeedbackKind::Comment | FeedbackKind::Suggestion));
    if let Some(c) = p.comments.as_ref().filter(|_| takes_comments) {
        let to = passed(&c.pass_to);
        if !to.is_empty() {
            out.push(m.fill("start.comments_passed", &[("to", &list(m, &to))]));
        }
        if let Some(within) = c.respond_within {
            out.push(m.fill("start.comments_reply", &[("within", &duration(m, within))]));
        }
        if let Some(publish) = &c.publish {
            out.push(m.fill("start.comments_publish", &[("place", &publish.place)]));
        }
    }
    out
}

/// Anonymous feedback and feedback for someone else.
pub(super) fn who_can(m: &Messages, p: &Procedure) -> Vec<String> {
    // A procedure that says nothing about anonymous feedback gets no promise either way.
    let mut out: Vec<String> = p
        .intake
        .anonymous
        .map(|anonymous| {
            m.get(match anonymous {
                Anonymous::Accepted => "start.anonymous",
                Anonymous::AcceptedLimited => "start.anonymous_limited",
                Anonymous::NotAccepted => "start.anonymous_not",
            })
            .to_owned()
        })
        .into_iter()
        .collect();
    out.push(
        m.get(match &p.intake.representatives {
            Some(r) if !r.accepted => "start.representatives_not",
            Some(r) if r.written_authority => "start.representatives_authority",
            _ => "start.representatives",
        })
        .to_owned(),
    );
    out
}

/// The privacy paragraphs: the procedure's own words, then how long the case is kept — the
/// procedure's `[retention]`, or `default` (the instance's `retention_default`) when it is silent.
pub(super) fn privacy(
    m: &Messages,
    p: &Procedure,
    default: redress_core::calendar::Duration,
) -> Vec<String> {
    let mut out = p.privacy.as_deref().map(paragraphs).unwrap_or_default();
    if p.retention.is_none() {
        let keep = match default {
            redress_core::calendar::Duration::Months(n) if n % 12 == 0 => m.fill(
                if n == 12 {
                    "durations.year"
                } else {
                    "durations.years"
                },
                &[("n", &(n / 12).to_string())],
            ),
            other => duration(m, other),
        };
        out.push(m.fill("start.retention_default", &[("keep", &keep)]));
    }
    if let Some(r) = &p.retention {
        let key = match r.from {
            RetentionFrom::Closure => "start.retention_closure",
            RetentionFrom::Receipt => "start.retention_receipt",
        };
        out.push(m.fill(key, &[("keep", &duration(m, r.keep))]));
        out.extend(r.note.clone());
    }
    out
}

/// The organisation's contact details from its procedure file, as (label, value) rows: what
/// the start page, the confirmation and the tracking page show. A postal address is one row,
/// its lines joined by commas.
pub(in crate::pages::public) fn contact<'a>(
    m: &'a Messages,
    p: &Procedure,
) -> Vec<(&'a str, String)> {
    let c = &p.organisation.contact;
    let address = Some(c.address_lines().join(", ")).filter(|a| !a.is_empty());
    [
        ("start.contact_email", &c.email),
        ("start.contact_phone", &c.phone),
        ("start.contact_address", &address),
        ("start.contact_web", &c.web),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.clone().map(|v| (m.get(key), v)))
    .collect()
}
