//! Which actions the case page offers now, and each action's form fields.
//!
//! The choice follows the case's state and its procedure (no acknowledgement once
//! acknowledged, escalation only after a response, ...). It only decides what to offer: the
//! decider remains the authority, and anything it refuses is shown in its own words.

use redress_core::case::{Case, Clock, ClockStatus, Deadline, StageRecord};
use redress_core::procedure::{
    ClockStart, Escalator, FeedbackKind, HandlerShape, Procedure, Stage,
};

use super::super::messages::Messages;
use super::words::role;

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
    pub(super) fn stage(&self) -> Option<(&'a StageRecord, &'a Stage)> {
        let record = self.case.current_stage()?;
        let stage = self.procedure.stages.iter().find(|s| s.id == record.id)?;
        Some((record, stage))
    }

    pub(super) fn complaint(&self) -> bool {
        self.case.kind() == Some(FeedbackKind::Complaint)
    }

    /// The current stage while it awaits its response.
    fn open_stage(&self) -> Option<(&'a StageRecord, &'a Stage)> {
        self.stage().filter(|(record, _)| {
            self.complaint() && !self.case.is_closed() && record.response.is_none()
        })
    }

    fn complainant_may_escalate(&self) -> bool {
        let Some((record, stage)) = self
            .stage()
            .filter(|_| self.complaint() && !self.case.is_closed())
        else {
            return false;
        };
        let Some(escalation) = stage
            .escalation
            .as_ref()
            .filter(|e| e.by == Escalator::Complainant)
        else {
            return false;
        };
        record.response.is_some()
            || (escalation
                .grounds
                .contains(&redress_core::procedure::Ground::NoResponse)
                && self.deadlines.iter().any(|d| {
                    d.clock == Clock::Response
                        && d.stage.as_ref() == Some(&record.id)
                        && d.status == ClockStatus::Overdue
                }))
    }

    /// The roles that may handle the current stage, after conflict-of-interest rules.
    pub fn handler_roles(&self) -> Vec<(String, String)> {
        let Some((_, stage)) = self.stage() else {
            return Vec::new();
        };
        self.case
            .handler_roles(self.procedure, stage)
            .iter()
            .map(|r| (r.to_string(), role(self.procedure, r)))
            .collect()
    }

    pub(super) fn mediators(&self) -> Vec<(String, String)> {
        let Some((record, stage)) = self.open_stage() else {
            return Vec::new();
        };
        self.case
            .mediator_roles(self.procedure, record, stage)
            .iter()
            .map(|r| (r.to_string(), role(self.procedure, r)))
            .collect()
    }

    /// Where a compliment or comment may still be passed: (value, label); "person" is the
    /// person complimented.
    pub(super) fn pass_targets(&self) -> Vec<(String, String)> {
        let (roles, to_person) = match self.case.kind() {
            Some(FeedbackKind::Compliment) => self
                .procedure
                .compliments
                .as_ref()
                .map_or((Vec::new(), false), |c| {
                    (c.pass_to.clone(), c.pass_to_person_named)
                }),
            Some(FeedbackKind::Comment | FeedbackKind::Suggestion) => (
                self.procedure
                    .comments
                    .as_ref()
                    .map(|c| c.pass_to.clone())
                    .unwrap_or_default(),
                false,
            ),
            _ => (Vec::new(), false),
        };
        let roles = if roles.is_empty() && !to_person {
            self.procedure.roles.keys().cloned().collect()
        } else {
            roles
        };
        let mut targets: Vec<(String, String)> = roles
            .iter()
            .filter(|r| !self.case.passed_on.contains(&Some((*r).clone())))
            .map(|r| (r.to_string(), role(self.procedure, r)))
            .collect();
        if to_person && !self.case.passed_on.contains(&None) {
            targets.push((
                "person".to_owned(),
                self.m.get("staff.action.pass-on.person").to_owned(),
            ));
        }
        targets
    }

    fn publish_allowed(&self) -> bool {
        let rules = match self.case.kind() {
            Some(FeedbackKind::Compliment) => self
                .procedure
                .compliments
                .as_ref()
                .and_then(|c| c.publish.as_ref()),
            Some(FeedbackKind::Comment | FeedbackKind::Suggestion) => self
                .procedure
                .comments
                .as_ref()
                .and_then(|c| c.publish.as_ref()),
            _ => None,
        };
        let consent = self
            .case
            .submission
            .as_ref()
            .is_some_and(|s| s.consent_to_publish);
        rules.is_some_and(|p| consent || !p.consent_required) && self.case.published_at.is_none()
    }

    /// Whether `action` makes sense for the case now.
    pub fn offers(&self, action: &str) -> bool {
        let case = self.case;
        let open = !case.is_closed();
        let stage_open = self.open_stage();
        let shape = stage_open.map(|(_, s)| s.handler.shape());
        let behaviour = self
            .procedure
            .behaviour
            .as_ref()
            .filter(|_| case.contact_terminated_at.is_none());
        match action {
            "decide-scope" => {
                stage_open.is_some()
                    && case.scope.is_none()
                    && (case.time_limit.as_ref().is_some_and(|t| t.late)
                        || !self.procedure.exclusions.is_empty())
            }
            "acknowledge" => stage_open.is_some_and(|(r, _)| r.acknowledged_at.is_none()),
            "assign-handler" => matches!(
                shape,
                Some(HandlerShape::Role(_) | HandlerShape::External(_))
            ),
            "draw-panel" => {
                matches!(shape, Some(HandlerShape::Panel { .. }))
                    && stage_open.is_some_and(|(r, _)| r.panel.is_empty())
            }
            "start-investigation" => stage_open.is_some_and(|(r, s)| {
                r.investigation_started_at.is_none()
                    && !matches!(s.handler.shape(), HandlerShape::Panel { .. })
                    && (self.procedure.informal.is_some()
                        || s.respond
                            .as_ref()
                            .is_some_and(|x| x.from == ClockStart::Investigation))
            }),
            "resolve-informally" => {
                self.procedure.informal.is_some() && stage_open.is_some_and(|(r, _)| !r.escalated)
            }
            "offer-mediation" => {
                case.mediation_offered_by.is_none() && !self.mediators().is_empty()
            }
            "record-mediation" => stage_open.is_some() && case.mediation_offered_by.is_some(),
            "respond" => stage_open.is_some_and(|(r, s)| {
                !matches!(s.handler.shape(), HandlerShape::Panel { .. }) || !r.panel.is_empty()
            }),
            "send-update" => stage_open.is_some(),
            "extend-deadline" => {
                stage_open.is_some_and(|(_, s)| s.extension.is_some() && s.respond.is_some())
            }
            "pause-clock" => stage_open.is_some_and(|(r, _)| !r.paused()),
            "resume-clock" => stage_open.is_some_and(|(r, _)| r.paused()),
            "request-escalation" | "refuse-escalation" => self.complainant_may_escalate(),
            "refer-up" => stage_open.is_some_and(|(_, s)| {
                s.escalation
                    .as_ref()
                    .is_some_and(|e| e.by == Escalator::Handler)
            }),
            "pass-on" => open && !self.complaint() && !self.pass_targets().is_empty(),
            "reply" => open && !self.complaint() && case.replied_at.is_none(),
            "publish" => open && !self.complaint() && self.publish_allowed(),
            "close" => {
                open && (!self.complaint()
                    || self.stage().is_some_and(|(r, _)| r.response.is_some())
                    || case.contact_terminated_at.is_some())
            }
            "receive-information" => case.submission.is_some(),
            "name-person" | "withdraw" => open && self.complaint(),
            "decide-internal-review" => {
                case.withdrawn_at.is_some()
                    && case.internal_review.is_none()
                    && self
                        .procedure
                        .withdrawal
                        .as_ref()
                        .is_some_and(|w| w.internal_review)
            }
            "refer-externally" => self.complaint(),
            "warn-behaviour" => behaviour.is_some(),
            "restrict-contact" => behaviour.is_some_and(|b| !b.restrictions.is_empty()),
            "terminate-contact" => {
                behaviour.is_some_and(|b| b.termination)
                    && (case.warned_at.is_some()
                        || !case.restrictions.is_empty()
                        || case.is_closed())
            }
            _ => false,
        }
    }
}
