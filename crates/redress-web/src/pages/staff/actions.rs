//! Which actions the case page offers now, and each action's form fields.
//!
//! The choice follows the case's state and its procedure (no acknowledgement once
//! acknowledged, escalation only after a response, ...). It only decides what to offer: the
//! decider remains the authority, and anything it refuses is shown in its own words.

use redress_core::case::{Case, Clock, ClockStatus, Deadline, StageRecord};
use redress_core::procedure::{
    ClockStart, Escalator, FeedbackKind, HandlerShape, Procedure, RemedyKind, Stage,
};

use super::super::messages::Messages;
use super::forms::Field;
use super::words::{role, value};

/// Every action, in the order the case page lists them. The names are the command types.
pub const ALL: &[&str] = &[
    "decide-scope",
    "acknowledge",
    "assign-handler",
    "draw-panel",
    "start-investigation",
    "resolve-informally",
    "offer-mediation",
    "record-mediation",
    "respond",
    "send-update",
    "extend-deadline",
    "pause-clock",
    "resume-clock",
    "request-escalation",
    "refuse-escalation",
    "refer-up",
    "pass-on",
    "reply",
    "publish",
    "close",
    "receive-information",
    "name-person",
    "withdraw",
    "decide-internal-review",
    "refer-externally",
    "warn-behaviour",
    "restrict-contact",
    "terminate-contact",
];

/// Rows of remedies and of learning actions the response form offers.
pub const REMEDY_ROWS: usize = 3;
/// Rows of learning actions the response form offers.
pub const LEARNING_ROWS: usize = 2;

/// What the choice of actions looks at.
pub struct Ctx<'a> {
    /// Words.
    pub m: &'static Messages,
    /// The case.
    pub case: &'a Case,
    /// Its procedure version.
    pub procedure: &'a Procedure,
    /// Its clocks now.
    pub deadlines: &'a [Deadline],
}

impl<'a> Ctx<'a> {
    fn stage(&self) -> Option<(&'a StageRecord, &'a Stage)> {
        let record = self.case.current_stage()?;
        let stage = self.procedure.stages.iter().find(|s| s.id == record.id)?;
        Some((record, stage))
    }

    fn complaint(&self) -> bool {
        self.case.kind() == Some(FeedbackKind::Complaint)
    }

    /// The current stage while it awaits its response.
    fn open_stage(&self) -> Option<(&'a StageRecord, &'a Stage)> {
        self.stage()
            .filter(|(record, _)| self.complaint() && !self.case.is_closed() && record.response.is_none())
    }

    fn complainant_may_escalate(&self) -> bool {
        let Some((record, stage)) = self.stage().filter(|_| self.complaint() && !self.case.is_closed()) else {
            return false;
        };
        let Some(escalation) = stage.escalation.as_ref().filter(|e| e.by == Escalator::Complainant) else {
            return false;
        };
        record.response.is_some()
            || (escalation.grounds.contains(&redress_core::procedure::Ground::NoResponse)
                && self.deadlines.iter().any(|d| {
                    d.clock == Clock::Response
                        && d.stage.as_ref() == Some(&record.id)
                        && d.status == ClockStatus::Overdue
                }))
    }

    /// The roles that may handle the current stage, after conflict-of-interest rules.
    pub fn handler_roles(&self) -> Vec<(String, String)> {
        let Some((_, stage)) = self.stage() else { return Vec::new() };
        let roles: Vec<_> = match stage.handler.shape() {
            HandlerShape::Role(main) => std::iter::once(main).chain(stage.handler.with.iter()).map(|r| self.instead_of(r)).collect(),
            HandlerShape::External(_) => self.procedure.roles.iter().filter(|(_, r)| r.external).map(|(id, _)| id.clone()).collect(),
            HandlerShape::Panel { .. } => Vec::new(),
        };
        roles.iter().map(|r| (r.to_string(), role(self.procedure, r))).collect()
    }

    fn instead_of(&self, role: &redress_core::ids::RoleId) -> redress_core::ids::RoleId {
        self.case
            .conflicts
            .iter()
            .find(|c| &c.role == role)
            .and_then(|c| c.handler.clone())
            .unwrap_or_else(|| role.clone())
    }

    fn mediators(&self) -> Vec<(String, String)> {
        let Some((record, stage)) = self.open_stage() else { return Vec::new() };
        let mut roles: Vec<_> = self
            .procedure
            .informal
            .as_ref()
            .and_then(|i| i.mediation.as_ref())
            .filter(|_| !record.escalated)
            .map(|m| m.by.clone())
            .unwrap_or_default();
        if stage.modes.contains(&redress_core::procedure::StageMode::Mediation)
            && let HandlerShape::Role(main) = stage.handler.shape()
        {
            roles.push(main.clone());
        }
        roles.iter().map(|r| self.instead_of(r)).map(|r| (r.to_string(), role(self.procedure, &r))).collect()
    }

    /// Where a compliment or comment may still be passed: (value, label); "person" is the
    /// person complimented.
    fn pass_targets(&self) -> Vec<(String, String)> {
        let (roles, to_person) = match self.case.kind() {
            Some(FeedbackKind::Compliment) => self.procedure.compliments.as_ref().map_or((Vec::new(), false), |c| (c.pass_to.clone(), c.pass_to_person_named)),
            Some(FeedbackKind::Comment | FeedbackKind::Suggestion) => (self.procedure.comments.as_ref().map(|c| c.pass_to.clone()).unwrap_or_default(), false),
            _ => (Vec::new(), false),
        };
        let roles = if roles.is_empty() && !to_person { self.procedure.roles.keys().cloned().collect() } else { roles };
        let mut targets: Vec<(String, String)> = roles
            .iter()
            .filter(|r| !self.case.passed_on.contains(&Some((*r).clone())))
            .map(|r| (r.to_string(), role(self.procedure, r)))
            .collect();
        if to_person && !self.case.passed_on.contains(&None) {
            targets.push(("person".to_owned(), self.m.get("staff.action.pass-on.person").to_owned()));
        }
        targets
    }

    fn publish_allowed(&self) -> bool {
        let rules = match self.case.kind() {
            Some(FeedbackKind::Compliment) => self.procedure.compliments.as_ref().and_then(|c| c.publish.as_ref()),
            Some(FeedbackKind::Comment | FeedbackKind::Suggestion) => self.procedure.comments.as_ref().and_then(|c| c.publish.as_ref()),
            _ => None,
        };
        let consent = self.case.submission.as_ref().is_some_and(|s| s.consent_to_publish);
        rules.is_some_and(|p| consent || !p.consent_required) && self.case.published_at.is_none()
    }

    /// Whether `action` makes sense for the case now.
    pub fn offers(&self, action: &str) -> bool {
        let case = self.case;
        let open = !case.is_closed();
        let stage_open = self.open_stage();
        let shape = stage_open.map(|(_, s)| s.handler.shape());
        let behaviour = self.procedure.behaviour.as_ref().filter(|_| case.contact_terminated_at.is_none());
        match action {
            "decide-scope" => {
                stage_open.is_some()
                    && case.scope.is_none()
                    && (case.time_limit.as_ref().is_some_and(|t| t.late) || !self.procedure.exclusions.is_empty())
            }
            "acknowledge" => stage_open.is_some_and(|(r, _)| r.acknowledged_at.is_none()),
            "assign-handler" => matches!(shape, Some(HandlerShape::Role(_) | HandlerShape::External(_))),
            "draw-panel" => matches!(shape, Some(HandlerShape::Panel { .. })) && stage_open.is_some_and(|(r, _)| r.panel.is_empty()),
            "start-investigation" => stage_open.is_some_and(|(r, s)| {
                r.investigation_started_at.is_none()
                    && !matches!(s.handler.shape(), HandlerShape::Panel { .. })
                    && (self.procedure.informal.is_some() || s.respond.as_ref().is_some_and(|x| x.from == ClockStart::Investigation))
            }),
            "resolve-informally" => self.procedure.informal.is_some() && stage_open.is_some_and(|(r, _)| !r.escalated),
            "offer-mediation" => case.mediation_offered_by.is_none() && !self.mediators().is_empty(),
            "record-mediation" => stage_open.is_some() && case.mediation_offered_by.is_some(),
            "respond" => stage_open.is_some_and(|(r, s)| !matches!(s.handler.shape(), HandlerShape::Panel { .. }) || !r.panel.is_empty()),
            "send-update" => stage_open.is_some(),
            "extend-deadline" => stage_open.is_some_and(|(_, s)| s.extension.is_some() && s.respond.is_some()),
            "pause-clock" => stage_open.is_some_and(|(r, _)| !r.paused()),
            "resume-clock" => stage_open.is_some_and(|(r, _)| r.paused()),
            "request-escalation" | "refuse-escalation" => self.complainant_may_escalate(),
            "refer-up" => stage_open.is_some_and(|(_, s)| s.escalation.as_ref().is_some_and(|e| e.by == Escalator::Handler)),
            "pass-on" => open && !self.complaint() && !self.pass_targets().is_empty(),
            "reply" => open && !self.complaint() && case.replied_at.is_none(),
            "publish" => open && !self.complaint() && self.publish_allowed(),
            "close" => open && (!self.complaint() || self.stage().is_some_and(|(r, _)| r.response.is_some()) || case.contact_terminated_at.is_some()),
            "receive-information" => case.submission.is_some(),
            "name-person" | "withdraw" => open && self.complaint(),
            "decide-internal-review" => {
                case.withdrawn_at.is_some() && case.internal_review.is_none() && self.procedure.withdrawal.as_ref().is_some_and(|w| w.internal_review)
            }
            "refer-externally" => self.complaint(),
            "warn-behaviour" => behaviour.is_some(),
            "restrict-contact" => behaviour.is_some_and(|b| !b.restrictions.is_empty()),
            "terminate-contact" => behaviour.is_some_and(|b| b.termination) && (case.warned_at.is_some() || !case.restrictions.is_empty() || case.is_closed()),
            _ => false,
        }
    }

    /// The label of `field` in `action`'s form: the action's own words, or the shared ones.
    pub fn label(&self, action: &str, field: &str) -> String {
        let own = format!("staff.action.{action}.{field}");
        let text = self.m.get(&own);
        if text != own { text.to_owned() } else { self.m.get(&format!("staff.field.{field}")).to_owned() }
    }

    fn field(&self, kind: &'static str, action: &str, name: &str) -> Field {
        let hint_key = format!("staff.action.{action}.{name}_hint");
        let hint = self.m.get(&hint_key);
        let field = Field::new(kind, action, name, self.label(action, name));
        if hint == hint_key { field } else { field.hint(hint) }
    }

    fn yes_no(&self, action: &str, name: &str) -> Field {
        self.field("radios", action, name).options(vec![
            ("yes".to_owned(), self.m.get("staff.field.yes").to_owned()),
            ("no".to_owned(), self.m.get("staff.field.no").to_owned()),
        ])
    }

    /// The fields of `action`'s form (besides the date it happened).
    pub fn fields(&self, action: &str) -> Vec<Field> {
        let text = |name| self.field("text", action, name);
        let area = |name| self.field("textarea", action, name);
        let stage = self.stage().map(|(_, s)| s);
        match action {
            "decide-scope" => self.scope_fields(),
            "acknowledge" => vec![
                text("handler_name").autocomplete("off").width("govuk-input--width-20"),
                self.field("tel", action, "phone").width("govuk-input--width-20"),
                self.field("email", action, "email").width("govuk-input--width-30"),
            ],
            "assign-handler" => vec![
                text("name").width("govuk-input--width-20"),
                self.field("select", action, "role").options(self.handler_roles()),
            ],
            "draw-panel" => vec![area("candidates").rows(6), area("declined").rows(3)],
            "start-investigation" | "withdraw" => vec![area("reason")],
            "offer-mediation" => vec![self.field("select", action, "by").options(self.mediators())],
            "record-mediation" => vec![self.yes_no(action, "agreed"), area("summary")],
            "respond" => self.respond_fields(stage),
            "extend-deadline" => vec![self.field("date", action, "new_date").width("govuk-input--width-10"), area("reason")],
            "pause-clock" | "refuse-escalation" | "refer-up" | "warn-behaviour" | "terminate-contact" => vec![area("reason")],
            "request-escalation" => self.escalation_fields(stage),
            "pass-on" => vec![self.field("radios", action, "to").options(self.pass_targets())],
            "close" => {
                let mut fields = Vec::new();
                if self.complaint() && stage.is_some_and(|s| s.escalation.is_some()) {
                    fields.push(self.field("checkbox", action, "complainant_satisfied"));
                }
                fields.push(area("note"));
                fields
            }
            "name-person" => {
                let mut roles = vec![(String::new(), self.m.get("staff.field.no_role").to_owned())];
                roles.extend(self.procedure.roles.keys().map(|r| (r.to_string(), role(self.procedure, r))));
                vec![text("name").width("govuk-input--width-20"), self.field("select", action, "role").options(roles), text("member_id").width("govuk-input--width-10")]
            }
            "decide-internal-review" => vec![self.yes_no(action, "needed"), area("note")],
            "refer-externally" => {
                let body = self.procedure.ombudsman.as_ref().map(|o| o.name.clone()).unwrap_or_default();
                vec![text("body").value(body), area("note")]
            }
            "restrict-contact" => {
                let allowed = self.procedure.behaviour.as_ref().map(|b| b.restrictions.clone()).unwrap_or_default();
                vec![
                    self.field("checkboxes", action, "restrictions").options(allowed.iter().map(|r| (redress_app::views::word(r), value(self.m, "restriction", r))).collect()),
                    area("reason"),
                    self.field("date", action, "until").width("govuk-input--width-10"),
                    self.field("date", action, "review_on").width("govuk-input--width-10"),
                    self.field("checkbox", action, "safety_risk"),
                ]
            }
            "resume-clock" | "publish" => Vec::new(),
            // resolve-informally, send-update, receive-information, reply
            _ => vec![area("summary")],
        }
    }

    fn scope_fields(&self) -> Vec<Field> {
        let action = "decide-scope";
        let late = self.case.time_limit.as_ref().is_some_and(|t| t.late);
        let mut decisions = Vec::new();
        for (decision, offered) in [
            ("in-scope", !late),
            ("late-accepted", late),
            ("out-of-time", late),
            ("excluded", !self.procedure.exclusions.is_empty()),
        ] {
            if offered {
                decisions.push((decision.to_owned(), self.m.get(&format!("staff.action.decide-scope.{decision}")).to_owned()));
            }
        }
        let mut exclusions = vec![(String::new(), self.m.get("staff.field.choose").to_owned())];
        exclusions.extend(self.procedure.exclusions.iter().map(|e| (e.id.clone(), e.title.clone())));
        let mut fields = vec![self.field("radios", action, "decision").options(decisions)];
        if late {
            fields.push(self.field("textarea", action, "reason"));
        }
        if exclusions.len() > 1 {
            fields.push(self.field("select", action, "exclusion").options(exclusions));
        }
        fields.push(self.field("textarea", action, "note"));
        fields
    }

    fn respond_fields(&self, stage: Option<&Stage>) -> Vec<Field> {
        let action = "respond";
        let m = self.m;
        let outcomes = stage.map(|s| s.outcomes.clone()).unwrap_or_default();
        let mut fields = vec![self
            .field("radios", action, "outcome")
            .options(outcomes.iter().map(|o| (redress_app::views::word(o), value(m, "outcome", o))).collect())];
        let modes = stage.map(|s| s.modes.clone()).unwrap_or_default();
        if modes.len() > 1 {
            fields.push(self.field("radios", action, "mode").options(modes.iter().map(|o| (redress_app::views::word(o), value(m, "mode", o))).collect()));
        }
        fields.push(self.field("textarea", action, "findings").rows(6));
        fields.push(self.field("textarea", action, "how_investigated"));
        let policy = self.procedure.remedies.as_ref();
        let kinds: Vec<RemedyKind> = policy.map(|p| p.kinds.clone()).unwrap_or_else(|| {
            use RemedyKind as R;
            vec![R::Apology, R::Explanation, R::PracticalAction, R::Change, R::ReviewOfPractice, R::Recommendation, R::Other]
        });
        let mut kind_options = vec![(String::new(), m.get("staff.field.choose").to_owned())];
        kind_options.extend(kinds.iter().map(|k| (redress_app::views::word(k), value(m, "remedy", k))));
        for row in 1..=REMEDY_ROWS {
            let n = row.to_string();
            let numbered = |f: Field| Field { label: m.fill(&format!("staff.action.respond.{}_n", f.name.split('.').nth(2).unwrap_or_default()), &[("n", &n)]), ..f };
            fields.push(numbered(Field::new("select", action, &format!("remedies.{row}.kind"), "")).options(kind_options.clone()));
            fields.push(numbered(Field::new("text", action, &format!("remedies.{row}.description"), "")));
            if policy.is_some_and(|p| p.agreed_by.is_some()) {
                fields.push(numbered(Field::new("text", action, &format!("remedies.{row}.agreed_by"), "")).width("govuk-input--width-20"));
            }
        }
        for row in 1..=LEARNING_ROWS {
            let n = row.to_string();
            let numbered = |f: Field| Field { label: m.fill(&format!("staff.action.respond.learning_{}_n", f.name.split('.').nth(2).unwrap_or_default()), &[("n", &n)]), ..f };
            fields.push(numbered(Field::new("text", action, &format!("learning.{row}.description"), "")));
            fields.push(numbered(Field::new("text", action, &format!("learning.{row}.owner"), "")).width("govuk-input--width-20"));
            fields.push(numbered(Field::new("date", action, &format!("learning.{row}.due"), "")).width("govuk-input--width-10"));
        }
        fields
    }

    fn escalation_fields(&self, stage: Option<&Stage>) -> Vec<Field> {
        let action = "request-escalation";
        let escalation = stage.and_then(|s| s.escalation.as_ref());
        let mut fields = Vec::new();
        if let Some(grounds) = escalation.map(|e| &e.grounds).filter(|g| !g.is_empty()) {
            fields.push(self.field("checkboxes", action, "grounds").options(grounds.iter().map(|g| (redress_app::views::word(g), value(self.m, "ground", g))).collect()));
        }
        fields.push(self.field("textarea", action, "reasons"));
        fields.push(self.field("textarea", action, "outcome_sought"));
        fields.push(self.yes_no(action, "in_writing").value("yes"));
        fields.push(self.field("textarea", action, "late_reason"));
        fields
    }
}
