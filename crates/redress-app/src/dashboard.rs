//! The dashboard's use cases: exact counts of the open cases a user may see, and the due lists
//! behind those counts (`/staff/cases?due=...`, `GET /api/v1/cases?due=...`). Both take their
//! instants from [`App::due_windows`], so a count and its list always agree.

use jiff::civil::Date;
use redress_core::calendar::{end_of_day, london_date};
use redress_store::{CaseFilter, DueBounds, OpenCounts, Store};

use crate::auth::Actor;
use crate::{App, AppResult};

/// A list of open cases the dashboard counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueList {
    /// The next running deadline has passed.
    Overdue,
    /// The next running deadline passes later today.
    Today,
    /// The next running deadline passes after today, within the week ahead.
    Week,
    /// The acknowledgement clock is running.
    Unacknowledged,
}

impl DueList {
    /// Every list, by the name the `due` parameter gives it.
    pub const ALL: [(&'static str, DueList); 4] = [
        ("overdue", DueList::Overdue),
        ("today", DueList::Today),
        ("week", DueList::Week),
        ("unacknowledged", DueList::Unacknowledged),
    ];

    /// The list a `due` parameter names.
    pub fn parse(text: &str) -> Option<DueList> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, list)| *list)
    }

    /// Its name as a `due` parameter.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, list)| *list == self)
            .map_or("", |(name, _)| name)
    }
}

/// The instants of the due lists, as of one moment.
#[derive(Clone, Copy, Debug)]
pub struct DueWindows {
    /// What the store counts against.
    pub bounds: DueBounds,
    /// The last day of the week ahead.
    pub week_end: Date,
}

impl DueWindows {
    /// Narrows `filter` to the open cases of `list`.
    pub fn narrow(&self, list: DueList, filter: &mut CaseFilter) {
        filter.status = Some("open".to_owned());
        let DueBounds {
            now,
            today_ends,
            week_ends,
        } = self.bounds;
        match list {
            DueList::Overdue => filter.next_due_until = Some(now),
            DueList::Today => {
                filter.next_due_after = Some(now);
                filter.next_due_until = Some(today_ends);
            }
            DueList::Week => {
                filter.next_due_after = Some(today_ends);
                filter.next_due_until = Some(week_ends);
            }
            DueList::Unacknowledged => {
                filter.awaiting_acknowledgement = true;
            }
        }
    }
}

impl<S: Store> App<S> {
    /// The due lists' instants now: today and the week ahead end at midnight, London time.
    pub fn due_windows(&self) -> DueWindows {
        let now = self.now();
        let today = london_date(now);
        let week_end = today
            .checked_add(jiff::Span::new().days(7))
            .unwrap_or(today);
        DueWindows {
            bounds: DueBounds {
                now,
                today_ends: end_of_day(today),
                week_ends: end_of_day(week_end),
            },
            week_end,
        }
    }

    /// Exact counts of the open cases `actor` may see, against `windows`; `with_clock` counts
    /// the cases awaiting acknowledgement.
    pub async fn open_counts(&self, actor: &Actor, windows: &DueWindows) -> AppResult<OpenCounts> {
        Ok(self
            .store
            .open_counts(&actor.viewer(), &windows.bounds)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_lists_are_named_both_ways() {
        for (name, list) in DueList::ALL {
            assert_eq!(DueList::parse(name), Some(list));
            assert_eq!(list.name(), name);
        }
        assert_eq!(DueList::parse("soon"), None);
    }
}
