//! The rules that tie a procedure file's fields together, beyond what the types say.
//!
//! Every check here is one a person writing a procedure could get wrong; each message says what
//! is wrong and what would be right. The case decider relies on a validated procedure: every
//! role it meets exists, every panel has a member, escalations go forward.

use std::collections::BTreeSet;

use super::model::*;
use crate::calendar::Duration;
use crate::ids::RoleId;

/// One step of a path into the TOML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PathSeg {
    Key(String),
    Index(usize),
}

type Problems = Vec<(Vec<PathSeg>, String)>;

fn key(name: &str) -> PathSeg {
    PathSeg::Key(name.to_owned())
}

/// Builds a path from keys and indices: `path!["stage", 1, "handler"]`.
macro_rules! path {
    ($($segment:expr),* $(,)?) => {
        vec![$(IntoSeg::into_seg($segment)),*]
    };
}

trait IntoSeg {
    fn into_seg(self) -> PathSeg;
}
impl IntoSeg for &str {
    fn into_seg(self) -> PathSeg {
        key(self)
    }
}
impl IntoSeg for usize {
    fn into_seg(self) -> PathSeg {
        PathSeg::Index(self)
    }
}

mod provisions;

/// All the rule problems in `procedure`, each with the path of the field it concerns.
pub(crate) fn validate(procedure: &Procedure) -> Problems {
    let mut problems = Problems::new();
    organisation(procedure, &mut problems);
    roles(procedure, &mut problems);
    stages(procedure, &mut problems);
    provisions::check(procedure, &mut problems);
    conflicts(procedure, &mut problems);
    kinds(procedure, &mut problems);
    let mut exclusion_ids = BTreeSet::new();
    for (i, exclusion) in procedure.exclusions.iter().enumerate() {
        if !crate::ids::is_kebab_id(&exclusion.id) {
            problems.push((
                path!["exclusion", i, "id"],
                format!(
                    "exclusion id `{}` must be lowercase kebab-case",
                    exclusion.id
                ),
            ));
        }
        if !exclusion_ids.insert(exclusion.id.as_str()) {
            problems.push((
                path!["exclusion", i, "id"],
                format!("exclusion id `{}` is used twice", exclusion.id),
            ));
        }
    }
    if let Some(ombudsman) = &procedure.ombudsman {
        let c = &ombudsman.contact;
        if c.web.is_none() && c.phone.is_none() && c.email.is_none() && c.address.is_none() {
            problems.push((
                path!["ombudsman", "contact"],
                "the letter that ends the procedure must say how to reach the ombudsman: give its web, phone, email or address".to_owned(),
            ));
        }
    }
    if let Some(limit) = &procedure.time_limit
        && matches!(limit.within, Duration::Hours(_) | Duration::WorkingDays(_))
    {
        problems.push((
            path!["time_limit", "within"],
            "a time limit to complain is counted in days, weeks or months".to_owned(),
        ));
    }
    contacts(procedure, &mut problems);
    reminders(procedure, &mut problems);
    let mut themes = BTreeSet::new();
    for (i, theme) in procedure.reporting.themes.iter().enumerate() {
        if !themes.insert(theme) {
            problems.push((
                path!["reporting", "themes", i],
                format!("theme `{theme}` is listed twice"),
            ));
        }
    }
    problems.extend(super::durations::problems(procedure));
    problems
}

/// Every contact the file gives (the organisation's, each role's, the ombudsman's): its
/// e-mail address and telephone number must be ones a letter can print and mail can reach.
fn contacts(procedure: &Procedure, problems: &mut Problems) {
    let mut all: Vec<(Vec<PathSeg>, &Contact)> = vec![(
        path!["organisation", "contact"],
        &procedure.organisation.contact,
    )];
    for (id, role) in &procedure.roles {
        all.push((path!["roles", id.as_str(), "contact"], &role.contact));
    }
    if let Some(ombudsman) = &procedure.ombudsman {
        all.push((path!["ombudsman", "contact"], &ombudsman.contact));
    }
    for (at, contact) in all {
        if let Some(email) = &contact.email
            && let Err(problem) = crate::case::input::Email::parse(email)
        {
            let mut field = at.clone();
            field.push(key("email"));
            problems.push((field, format!("`{email}` {problem}")));
        }
        if let Some(phone) = &contact.phone
            && let Err(problem) = crate::case::input::Phone::parse(phone)
        {
            let mut field = at.clone();
            field.push(key("phone"));
            problems.push((field, format!("`{phone}` {problem}")));
        }
        if let Some(address) = &contact.address
            && let Err(problem) =
                crate::case::input::text(address, crate::case::input::limits::ADDRESS)
        {
            let mut field = at.clone();
            field.push(key("address"));
            problems.push((field, format!("the address {problem}")));
        }
    }
}

/// Working hours that make a day, in a zone that exists; reminders counted in working days.
fn reminders(procedure: &Procedure, problems: &mut Problems) {
    let hours = &procedure.organisation.working_hours;
    if hours.start >= hours.end {
        problems.push((
            path!["organisation", "working_hours", "end"],
            format!(
                "working hours must end after they start (they start at {})",
                hours.start.strftime("%H:%M")
            ),
        ));
    }
    if jiff::tz::TimeZone::get(&hours.time_zone).is_err() {
        problems.push((
            path!["organisation", "working_hours", "time_zone"],
            format!(
                "`{}` is not a time zone; use an IANA name like Europe/London",
                hours.time_zone
            ),
        ));
    }
    let reminders = &procedure.reminders;
    for (name, duration) in [
        ("stale_after", reminders.stale_after),
        ("due_within", reminders.due_within),
    ] {
        if !matches!(duration, Duration::WorkingDays(_)) {
            problems.push((
                path!["reminders", name],
                format!("{name} is counted in working days, like \"10 working days\""),
            ));
        }
    }
}

fn organisation(procedure: &Procedure, problems: &mut Problems) {
    let prefix = &procedure.organisation.reference_prefix;
    let valid = (2..=10).contains(&prefix.len())
        && prefix.starts_with(|c: char| c.is_ascii_uppercase())
        && prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !valid {
        problems.push((
            path!["organisation", "reference_prefix"],
            format!(
                "reference prefix `{prefix}` must be 2 to 10 capital letters or digits, starting with a letter, like `LPP`"
            ),
        ));
    }
    let kinds = &procedure.organisation.kinds;
    if kinds.is_empty() {
        problems.push((
            path!["organisation", "kinds"],
            "list at least one kind of feedback: complaint, compliment, comment or suggestion"
                .to_owned(),
        ));
    }
    if kinds.iter().collect::<BTreeSet<_>>().len() != kinds.len() {
        problems.push((
            path!["organisation", "kinds"],
            "a kind of feedback is listed twice".to_owned(),
        ));
    }
    if procedure.intake.channels.is_empty() {
        problems.push((
            path!["intake", "channels"],
            "list at least one channel by which feedback is accepted".to_owned(),
        ));
    }
}

/// Every place a procedure refers to a role, with the path of the reference.
fn role_references(procedure: &Procedure) -> Vec<(Vec<PathSeg>, &RoleId)> {
    let mut refs: Vec<(Vec<PathSeg>, &RoleId)> = Vec::new();
    if let Some(informal) = &procedure.informal {
        for (i, role) in informal.by.iter().enumerate() {
            refs.push((path!["informal", "by", i], role));
        }
        if let Some(role) = &informal.decided_by {
            refs.push((path!["informal", "decided_by"], role));
        }
        if let Some(mediation) = &informal.mediation {
            for (i, role) in mediation.by.iter().enumerate() {
                refs.push((path!["informal", "mediation", "by", i], role));
            }
        }
    }
    for (s, stage) in procedure.stages.iter().enumerate() {
        if let Handler::Role { role, with, or } = &stage.handler {
            refs.push((path!["stage", s, "handler", "role"], role));
            for (i, role) in with.iter().enumerate() {
                refs.push((path!["stage", s, "handler", "with", i], role));
            }
            for (i, role) in or.iter().enumerate() {
                refs.push((path!["stage", s, "handler", "or", i], role));
            }
        }
        if let Some(role) = stage.handler.arranged_by() {
            refs.push((path!["stage", s, "handler", "arranged_by"], role));
        }
        if let Some(role) = stage.acknowledge.as_ref().and_then(|a| a.by.as_ref()) {
            refs.push((path!["stage", s, "acknowledge", "by"], role));
        }
        if let Some(role) = stage.respond.as_ref().and_then(|r| r.by.as_ref()) {
            refs.push((path!["stage", s, "respond", "by"], role));
        }
        if let Some(role) = stage
            .extension
            .as_ref()
            .and_then(|e| e.authorised_by.as_ref())
        {
            refs.push((path!["stage", s, "extension", "authorised_by"], role));
        }
    }
    for (c, conflict) in procedure.conflicts.iter().enumerate() {
        refs.push((path!["conflict", c, "when_named"], &conflict.when_named));
        if let Some(role) = &conflict.handler {
            refs.push((path!["conflict", c, "handler"], role));
        }
    }
    if let Some(role) = procedure
        .remedies
        .as_ref()
        .and_then(|r| r.agreed_by.as_ref())
    {
        refs.push((path!["remedies", "agreed_by"], role));
    }
    if let Some(compliments) = &procedure.compliments {
        if let Some(role) = &compliments.recorded_by {
            refs.push((path!["compliments", "recorded_by"], role));
        }
        for (i, role) in compliments.pass_to.iter().enumerate() {
            refs.push((path!["compliments", "pass_to", i], role));
        }
    }
    if let Some(comments) = &procedure.comments {
        for (i, role) in comments.pass_to.iter().enumerate() {
            refs.push((path!["comments", "pass_to", i], role));
        }
    }
    if let Some(behaviour) = &procedure.behaviour {
        refs.push((path!["behaviour", "decided_by"], &behaviour.decided_by));
    }
    refs
}

fn roles(procedure: &Procedure, problems: &mut Problems) {
    for (path, role) in role_references(procedure) {
        if !procedure.roles.contains_key(role) {
            let known: Vec<&str> = procedure.roles.keys().map(RoleId::as_str).collect();
            problems.push((
                path,
                format!(
                    "unknown role `{role}`; define it under [roles.{role}] or use one of: {}",
                    if known.is_empty() {
                        "(none defined)".to_owned()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        }
    }
}

fn stages(procedure: &Procedure, problems: &mut Problems) {
    let mut seen = BTreeSet::new();
    let last = procedure.stages.len().saturating_sub(1);
    for (s, stage) in procedure.stages.iter().enumerate() {
        if !seen.insert(stage.id.as_str()) {
            problems.push((
                path!["stage", s, "id"],
                format!("stage id `{}` is used twice", stage.id),
            ));
        }
        handler(s, &stage.handler, problems);
        if stage.outcomes.is_empty() {
            problems.push((
                path!["stage", s, "outcomes"],
                "list the outcomes this stage may reach, e.g. [\"upheld\", \"partly-upheld\", \"not-upheld\"]"
                    .to_owned(),
            ));
        }
        let clocks = [
            (stage.acknowledge.as_ref().map(|a| a.from), "acknowledge"),
            (stage.respond.as_ref().map(|r| r.from), "respond"),
            (
                stage.holding_letter.as_ref().map(|h| h.from),
                "holding_letter",
            ),
        ];
        for (from, field) in clocks {
            match from {
                Some(ClockStart::Response) => problems.push((
                    path!["stage", s, field, "from"],
                    "a stage's own clocks cannot count from its response; use receipt, acknowledgement, escalation or investigation"
                        .to_owned(),
                )),
                Some(ClockStart::Escalation) if s == 0 => problems.push((
                    path!["stage", s, field, "from"],
                    "the first stage is not reached by escalation; count from receipt, acknowledgement or investigation"
                        .to_owned(),
                )),
                _ => {}
            }
        }
        if let Some(acknowledge) = &stage.acknowledge
            && acknowledge.from == ClockStart::Acknowledgement
        {
            problems.push((
                path!["stage", s, "acknowledge", "from"],
                "an acknowledgement cannot count from itself".to_owned(),
            ));
        }
        match &stage.escalation {
            Some(escalation) => {
                let target = match &escalation.to {
                    Some(to) => procedure.stages.iter().position(|t| &t.id == to),
                    None if s < last => Some(s + 1),
                    None => None,
                };
                match target {
                    Some(t) if t > s => {}
                    Some(_) => problems.push((
                        path!["stage", s, "escalation", "to"],
                        "escalation must go to a later stage".to_owned(),
                    )),
                    None if escalation.to.is_some() => problems.push((
                        path!["stage", s, "escalation", "to"],
                        format!(
                            "no stage with id `{}`",
                            escalation.to.as_ref().map_or("", |t| t.as_str())
                        ),
                    )),
                    None => problems.push((
                        path!["stage", s, "escalation"],
                        "the last stage cannot escalate: remove [stage.escalation] or add a later stage"
                            .to_owned(),
                    )),
                }
                if escalation.by == Escalator::Handler && escalation.within.is_some() {
                    problems.push((
                        path!["stage", s, "escalation", "within"],
                        "a window applies to a complainant's request; a handler's referral has none"
                            .to_owned(),
                    ));
                }
            }
            None if s < last => problems.push((
                path!["stage", s],
                format!(
                    "stage `{}` is not the last but has no [stage.escalation] saying how a case reaches the next stage",
                    stage.id
                ),
            )),
            None => {}
        }
    }
}

/// The handler's shape is settled when it is parsed (see `handler.rs`); what is left is the
/// size of a panel, which the type allows to be zero.
fn handler(s: usize, handler: &Handler, problems: &mut Problems) {
    if let Handler::Panel { size: 0, .. } = handler {
        problems.push((
            path!["stage", s, "handler", "panel"],
            "a panel needs at least one member".to_owned(),
        ));
    }
}

fn conflicts(procedure: &Procedure, problems: &mut Problems) {
    for (c, conflict) in procedure.conflicts.iter().enumerate() {
        if conflict.handler.is_some() == conflict.start_at.is_some() {
            problems.push((
                path!["conflict", c],
                "set exactly one of `handler` (who takes over) or `start_at` (the stage to start at)"
                    .to_owned(),
            ));
        }
        if let Some(start) = &conflict.start_at
            && !procedure.stages.iter().any(|stage| &stage.id == start)
        {
            problems.push((
                path!["conflict", c, "start_at"],
                format!("no stage with id `{start}`"),
            ));
        }
    }
}

fn kinds(procedure: &Procedure, problems: &mut Problems) {
    let kinds = &procedure.organisation.kinds;
    let has = |kind| kinds.contains(&kind);
    if has(FeedbackKind::Complaint) && procedure.stages.is_empty() {
        problems.push((
            path!["organisation", "kinds"],
            "complaints are accepted, so the procedure needs at least one [[stage]]".to_owned(),
        ));
    }
    if !has(FeedbackKind::Complaint) && !procedure.stages.is_empty() {
        problems.push((
            path!["stage"],
            "stages are for complaints, but `complaint` is not among organisation.kinds".to_owned(),
        ));
    }
    if procedure.compliments.is_some() && !has(FeedbackKind::Compliment) {
        problems.push((
            path!["compliments"],
            "[compliments] is set, but `compliment` is not among organisation.kinds".to_owned(),
        ));
    }
    if procedure.comments.is_some() && !has(FeedbackKind::Comment) && !has(FeedbackKind::Suggestion)
    {
        problems.push((
            path!["comments"],
            "[comments] is set, but neither `comment` nor `suggestion` is among organisation.kinds"
                .to_owned(),
        ));
    }
}
