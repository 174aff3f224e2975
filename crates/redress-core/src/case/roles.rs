//! Who may act in a case: the role standing in for another under a conflict-of-interest rule,
//! the roles a stage's handler may act in, and who may mediate. Used by the decider's rules and
//! by the pages that offer the choices, so both always agree.

use super::state::{Case, StageRecord};
use crate::ids::RoleId;
use crate::procedure::{Handler, Procedure, Stage, StageMode};

impl Case {
    /// The role acting for `role` in this case: its replacement if a conflict rule applies.
    pub fn acting_role<'r>(&'r self, role: &'r RoleId) -> &'r RoleId {
        self.conflicts
            .iter()
            .find(|conflict| &conflict.role == role)
            .and_then(|conflict| conflict.handler.as_ref())
            .unwrap_or(role)
    }

    /// The roles someone handling `stage` may act in, after conflict rules: the stage's role and
    /// those beside it, or the procedure's external roles for an external handler. Empty for a
    /// panel, which is drawn rather than assigned.
    pub fn handler_roles(&self, procedure: &Procedure, stage: &Stage) -> Vec<RoleId> {
        match &stage.handler {
            Handler::Role { role, with, or } => std::iter::once(role)
                .chain(with)
                .chain(or)
                .map(|role| self.acting_role(role).clone())
                .collect(),
            Handler::External { .. } => procedure
                .roles
                .iter()
                .filter(|(_, role)| role.external)
                .map(|(id, _)| id.clone())
                .collect(),
            Handler::Panel { .. } => Vec::new(),
        }
    }

    /// The roles that may offer mediation at `stage` (its record is `record`), after conflict
    /// rules: the procedure's informal mediators before any escalation, and the stage's handler
    /// where the stage may be carried out by mediation.
    pub fn mediator_roles(
        &self,
        procedure: &Procedure,
        record: &StageRecord,
        stage: &Stage,
    ) -> Vec<RoleId> {
        let mut roles: Vec<RoleId> = procedure
            .informal
            .as_ref()
            .and_then(|informal| informal.mediation.as_ref())
            .filter(|_| !record.escalated)
            .map(|mediation| mediation.by.clone())
            .unwrap_or_default();
        if stage.modes.contains(&StageMode::Mediation)
            && let Handler::Role { role: main, .. } = &stage.handler
        {
            roles.push(main.clone());
        }
        roles
            .iter()
            .map(|role| self.acting_role(role).clone())
            .collect()
    }
}
