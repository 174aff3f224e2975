//! A dry run of a change to a procedure (issue 10, item 8): a case's deadlines worked out under
//! the procedure it ran on and under a proposed one, matched clock by clock, with what moves
//! and what would have been missed.
//!
//! Both sides come from [`deadlines`] over the same folded [`Case`]: the events stay as they
//! happened (an acknowledgement sent on the 12th was sent on the 12th under either procedure),
//! and only the rules that turn them into dates change. Commands the proposal would have
//! refused or letters it would have asked for are not decided again; a replay says which
//! dates move, not how the case would have gone.
//!
//! Deadlines are matched on (clock, stage, nth): the nth clock of that kind at that stage, so a
//! case's second ombudsman enquiry is compared with its second. Lateness compares what was done
//! (or, for what is still to do, `now`) with each due date; a deadline only the proposal has is
//! newly missed when it would be late, and one only the old procedure had is never newly met
//! (it was not met; it would not be owed).

use jiff::Timestamp;
use serde::Serialize;

use super::deadlines::{Clock, ClockStatus, Deadline, deadlines};
use super::state::Case;
use crate::calendar::{Calendar, CalendarError, Due};
use crate::ids::StageId;
use crate::procedure::Procedure;

/// A procedure with the calendar its days are counted on: one side of a replay.
#[derive(Clone, Copy, Debug)]
pub struct Rules<'a> {
    /// The procedure.
    pub procedure: &'a Procedure,
    /// Its organisation's calendar (region and closure days).
    pub calendar: &'a Calendar,
}

/// How a deadline's lateness turns under the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Turn {
    /// On time (or not yet due) under the old procedure; late (or overdue now) under the new.
    WouldBeLate,
    /// Late (or overdue now) under the old procedure; on time (or not yet due) under the new.
    WouldBeOnTime,
}

/// What happened to a deadline's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Due at the same instant under both.
    Unchanged,
    /// Due under both, at different instants.
    Moved,
    /// Only the proposal has it.
    New,
    /// Only the old procedure had it.
    Gone,
}

/// One deadline of a case under both procedures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What the clock is for.
    pub clock: Clock,
    /// The stage, for stage clocks.
    pub stage: Option<StageId>,
    /// Which of the case's clocks of this kind at this stage, from 1.
    pub nth: usize,
    /// What is due, in the words of the proposal's deadline (the old one's when it is gone).
    pub what: String,
    /// When it fell due under the procedure the case ran on.
    pub was: Option<Due>,
    /// When it would fall due under the proposal.
    pub would_be: Option<Due>,
    /// How many working days later (negative: earlier) it would fall due, counted on the
    /// proposal's calendar; `None` unless both have it.
    pub moved_by: Option<i64>,
    /// When it was done, if it was.
    pub done: Option<Timestamp>,
    /// Whether its lateness turns.
    pub turn: Option<Turn>,
}

impl Change {
    /// Whether the date moved, appeared or went.
    pub fn kind(&self) -> Kind {
        match (self.was, self.would_be) {
            (Some(was), Some(would_be)) if was.at == would_be.at => Kind::Unchanged,
            (Some(_), Some(_)) => Kind::Moved,
            (None, _) => Kind::New,
            (Some(_), None) => Kind::Gone,
        }
    }

    /// Whether a reader of the replay needs to hear of it: its date changed or its lateness
    /// turned.
    pub fn affects(&self) -> bool {
        self.kind() != Kind::Unchanged || self.turn.is_some()
    }
}

/// Every deadline of one case under both procedures, in the order the proposal gives them and
/// then those only the old procedure had.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CaseReplay {
    /// Each deadline, unchanged ones too.
    pub changes: Vec<Change>,
}

impl CaseReplay {
    /// The deadlines whose date or lateness changes.
    pub fn affected(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.affects())
    }
}

/// `case`'s deadlines at `now` under `old` (the procedure it ran on) and `new` (the proposal),
/// matched and compared. Errors only where a date falls outside the calendar's data.
pub fn replay(
    case: &Case,
    old: Rules<'_>,
    new: Rules<'_>,
    now: Timestamp,
) -> Result<CaseReplay, CalendarError> {
    let mut before = numbered(deadlines(case, old.procedure, old.calendar, now)?);
    let after = numbered(deadlines(case, new.procedure, new.calendar, now)?);
    let mut changes = Vec::with_capacity(after.len() + before.len());
    for (nth, deadline) in after {
        let matched = before
            .iter()
            .position(|(n, d)| *n == nth && same_clock(d, &deadline))
            .map(|index| before.remove(index).1);
        changes.push(compare(
            &deadline,
            matched.as_ref(),
            Some(&deadline),
            nth,
            new.calendar,
        )?);
    }
    // What is left, in the order it arose, was only the old procedure's.
    for (nth, deadline) in before {
        changes.push(compare(
            &deadline,
            Some(&deadline),
            None,
            nth,
            new.calendar,
        )?);
    }
    Ok(CaseReplay { changes })
}

/// Each deadline with its place among the case's clocks of the same kind and stage, from 1.
fn numbered(list: Vec<Deadline>) -> Vec<(usize, Deadline)> {
    let mut out: Vec<(usize, Deadline)> = Vec::with_capacity(list.len());
    for deadline in list {
        let nth = 1 + out.iter().filter(|(_, d)| same_clock(d, &deadline)).count();
        out.push((nth, deadline));
    }
    out
}

fn same_clock(a: &Deadline, b: &Deadline) -> bool {
    a.clock == b.clock && a.stage == b.stage
}

/// One deadline under both sides; `named` is the one whose clock and words the change takes
/// (the proposal's, or the old one's when it is gone).
fn compare(
    named: &Deadline,
    was: Option<&Deadline>,
    would_be: Option<&Deadline>,
    nth: usize,
    calendar: &Calendar,
) -> Result<Change, CalendarError> {
    let moved_by = match (was, would_be) {
        (Some(was), Some(would_be)) => Some(working_days_moved(
            calendar,
            was.due.date,
            would_be.due.date,
        )?),
        _ => None,
    };
    // A deadline the old procedure did not have was not missed under it.
    let late_before = was.map_or(Some(false), |d| late(&d.status));
    let turn = match (late_before, would_be.and_then(|d| late(&d.status))) {
        (Some(false), Some(true)) => Some(Turn::WouldBeLate),
        (Some(true), Some(false)) => Some(Turn::WouldBeOnTime),
        _ => None,
    };
    Ok(Change {
        clock: named.clock,
        stage: named.stage.clone(),
        nth,
        what: named.what.clone(),
        was: was.map(|d| d.due),
        would_be: would_be.map(|d| d.due),
        moved_by,
        done: would_be.and_then(done).or_else(|| was.and_then(done)),
        turn,
    })
}

/// Whether a clock is late: done late or overdue now (`Some(true)`), done in time or not yet
/// due (`Some(false)`), or owed by no one (paused, not needed, a window lapsed: `None`).
fn late(status: &ClockStatus) -> Option<bool> {
    match status {
        ClockStatus::Met { on_time, .. } => Some(!on_time),
        ClockStatus::Overdue => Some(true),
        ClockStatus::Open => Some(false),
        ClockStatus::Paused | ClockStatus::NotNeeded | ClockStatus::Lapsed => None,
    }
}

fn done(deadline: &Deadline) -> Option<Timestamp> {
    match deadline.status {
        ClockStatus::Met { at, .. } => Some(at),
        _ => None,
    }
}

/// Working days from `was` to `would_be` on `calendar`, negative when earlier.
fn working_days_moved(
    calendar: &Calendar,
    was: jiff::civil::Date,
    would_be: jiff::civil::Date,
) -> Result<i64, CalendarError> {
    Ok(if would_be >= was {
        i64::from(calendar.working_days_between(was, would_be)?)
    } else {
        -i64::from(calendar.working_days_between(would_be, was)?)
    })
}

/// The counts a replay of many cases reports, added one case at a time (constant memory).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Cases replayed.
    pub cases: u64,
    /// Cases with at least one deadline whose date or lateness changes.
    pub cases_affected: u64,
    /// Deadlines due at the same instant under both.
    pub unchanged: u64,
    /// Deadlines due under both at different instants.
    pub moved: u64,
    /// Deadlines only the proposal has.
    pub new: u64,
    /// Deadlines only the old procedure had.
    pub gone: u64,
    /// Deadlines on time (or not yet due) before that would be late (or overdue now).
    pub newly_missed: u64,
    /// Deadlines late (or overdue now) before that would be on time (or not yet due).
    pub newly_met: u64,
}

impl Totals {
    /// Counts one case's replay.
    pub fn add(&mut self, replay: &CaseReplay) {
        self.cases += 1;
        if replay.affected().next().is_some() {
            self.cases_affected += 1;
        }
        for change in &replay.changes {
            match change.kind() {
                Kind::Unchanged => self.unchanged += 1,
                Kind::Moved => self.moved += 1,
                Kind::New => self.new += 1,
                Kind::Gone => self.gone += 1,
            }
            match change.turn {
                Some(Turn::WouldBeLate) => self.newly_missed += 1,
                Some(Turn::WouldBeOnTime) => self.newly_met += 1,
                None => {}
            }
        }
    }
}
