//! The way through a procedure: which stage follows which, and what a time limit stated in
//! dates comes to. Letters, the explanation, the tracking view and the start page all ask here,
//! so "the next stage" means the same thing everywhere.

use jiff::civil::Date;

use super::model::{Procedure, Stage};
use crate::calendar::Duration;
use crate::ids::{RoleId, StageId};

impl Procedure {
    /// The roles the procedure names as sending or deciding something (`[stage.acknowledge]
    /// by`, `[stage.respond] by`, `[informal] decided_by`, `[behaviour] decided_by`): what the
    /// gate checks the acting user holds. Sorted, each once.
    pub fn named_deciders(&self) -> Vec<RoleId> {
        let mut roles: Vec<RoleId> = self
            .stages
            .iter()
            .flat_map(|s| {
                [
                    s.acknowledge.as_ref().and_then(|a| a.by.clone()),
                    s.respond.as_ref().and_then(|r| r.by.clone()),
                ]
            })
            .chain([
                self.informal.as_ref().and_then(|i| i.decided_by.clone()),
                self.behaviour.as_ref().map(|b| b.decided_by.clone()),
            ])
            .flatten()
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// The stage with this id.
    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        self.stages.iter().find(|stage| &stage.id == id)
    }

    /// The stage a complaint moves to from `stage`: its escalation's `to`, or else the stage
    /// after it. `None` when `stage` has no escalation (it is the final stage) or none follows.
    pub fn next_stage(&self, stage: &Stage) -> Option<&Stage> {
        let escalation = stage.escalation.as_ref()?;
        match &escalation.to {
            Some(to) => self.stage(to),
            None => {
                let index = self.stages.iter().position(|s| s.id == stage.id)?;
                self.stages.get(index + 1)
            }
        }
    }

    /// The title of a role, or its id when the procedure lacks it (validation prevents that).
    pub fn role_title(&self, role: &RoleId) -> String {
        self.roles
            .get(role)
            .map_or_else(|| role.to_string(), |r| r.title.clone())
    }
}

impl Duration {
    /// The last day of a limit of this length counted from `from`: the same date so many
    /// months, weeks or days on (a day missing from the target month becomes its last day).
    /// `None` for working days and hours, which are not spans of dates, or when the date would
    /// be out of range (never a panic, however long the duration).
    pub fn last_day_from(self, from: Date) -> Option<Date> {
        match self {
            Duration::WorkingDays(_) | Duration::Hours(_) => None,
            _ => crate::calendar::date_after(from, self).ok(),
        }
    }
}
