//! The case list: its `WHERE` clause built from a [`CaseFilter`](crate::CaseFilter), page sizes
//! and the keyset cursor.

use super::records::CASE_COLUMNS;
use super::{CaseRecord, micros};
use crate::{CaseFilter, StoreError, StoreResult};

/// Where a page of the case list starts: after this (received_at, reference), in list order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub received_at_us: i64,
    pub reference: String,
}

impl Cursor {
    /// The opaque text handed to the caller. Hex so it survives URLs and forms unescaped.
    pub(crate) fn encode(&self) -> String {
        hex::encode(format!("{}/{}", self.received_at_us, self.reference))
    }

    /// Reads a cursor back. A cursor that did not come from [`Cursor::encode`] names no page:
    /// `NotFound`, which the web layer turns into a client error rather than a server fault.
    pub(crate) fn decode(text: &str) -> StoreResult<Cursor> {
        let bytes = hex::decode(text).map_err(|_| StoreError::NotFound)?;
        let text = String::from_utf8(bytes).map_err(|_| StoreError::NotFound)?;
        let (micros, reference) = text.split_once('/').ok_or(StoreError::NotFound)?;
        if !super::nul::can_match(reference) {
            return Err(StoreError::NotFound);
        }
        Ok(Cursor {
            received_at_us: micros.parse().map_err(|_| StoreError::NotFound)?,
            reference: reference.to_owned(),
        })
    }
}

/// The page size a filter asks for: 0 means the default of 50, and no page exceeds 200.
pub(crate) fn page_size(requested: u32) -> usize {
    match requested {
        0 => 50,
        size => size.min(200) as usize,
    }
}

/// A value to bind to a placeholder of a built statement.
pub(crate) enum Bind {
    Text(String),
    Int(i64),
}

/// How a database matches the user's search words: the condition on the case aliased `c`, with
/// `{}` where the placeholder goes, and the value bound to it, made from the user's text.
pub(crate) struct TextSearch {
    pub condition: &'static str,
    /// The bound value for the user's text; `None` when the text holds no searchable word.
    pub parameter: fn(&str) -> Option<String>,
}

/// Adds `value` to `binds` and returns its placeholder.
pub(crate) fn bind(binds: &mut Vec<Bind>, value: Bind) -> String {
    binds.push(value);
    format!("${}", binds.len())
}

/// The condition on the case aliased `c` that keeps only the cases `viewer` may see: core's
/// `CaseAccess::admits` over the `case_access` rows (`CaseAccess::rows`), one organisation at
/// a time. Kept out by user, role or member; for roles that see only assigned cases, assigned
/// (to any stage, or to the current one); a sensitive case only for holders of a role it names
/// or those assigned. A change to the rule in core changes this statement too: the web's
/// authorisation matrix test reads every case both ways and fails when they disagree.
pub(crate) fn viewer_condition(viewer: &crate::Viewer, binds: &mut Vec<Bind>) -> String {
    let per_org: Vec<GrantCondition> = viewer
        .orgs
        .iter()
        .map(|grant| GrantCondition::new(grant, viewer.username.as_deref(), Reach::Every, binds))
        .collect();
    if per_org.is_empty() {
        return "1 = 0".to_owned();
    }
    let orgs: Vec<&str> = per_org.iter().map(|grant| grant.org.as_str()).collect();
    let cases: Vec<String> = per_org
        .iter()
        .map(|grant| format!("WHEN {} THEN ({})", grant.org, grant.condition()))
        .collect();
    format!(
        "(c.org IN ({}) AND CASE c.org {} END)",
        orgs.join(", "),
        cases.join(" ")
    )
}

/// Which cases [`GrantCondition`]'s statements of references (`kept_from`, `among_from`) give.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Every case that names the viewer so.
    Every,
    /// Only those the dashboard counts (open, or with a learning action not yet done), read
    /// through `case_access_live` (migration 0028): far fewer than every case that ever named
    /// a chair.
    Live,
}

/// What lets a viewer see a case of one organisation, in parts, so that a count can take the
/// few cases they are kept from away from a tally of all (`counts.rs`) as well as list
/// the rest.
pub(crate) struct GrantCondition {
    /// The organisation's placeholder.
    pub org: String,
    /// A statement of the references of the organisation's cases that keep the viewer out;
    /// `None` for a system viewer, who is kept from nothing.
    pub kept_from: Option<String>,
    /// The same as a condition on `c` that holds when the viewer is not kept out of it:
    /// probes of the case's own access rows, so a list that stops at a page's end costs a few
    /// lookups per case it reads whatever the organisation's size.
    pub let_through: Option<String>,
    /// A statement of the references of the cases the viewer's role sees at all (assigned
    /// ones); `None` when it sees every case.
    pub among_from: Option<String>,
}

impl GrantCondition {
    pub(crate) fn new(
        grant: &crate::ViewerOrg,
        username: Option<&str>,
        reach: Reach,
        binds: &mut Vec<Bind>,
    ) -> GrantCondition {
        use redress_core::access::Sees;
        // Kept out two ways, both from the same names: as a statement of the cases the viewer
        // is kept from (read through `case_access_by_subject`; the dashboard counts their open
        // ones to take them away from its tallies), and as probes of one case's access rows by primary key
        // (a list reads a page of cases, not every case about the viewer: at a million cases a
        // chair can be named on tens of thousands). `viewer_condition` puts the rest per
        // organisation in a `CASE` under `c.org IN (..)`, not an `OR` of organisations, so a
        // list can be read in an index's order (SQLite reads the table for each row an `OR`
        // finds).
        let org = bind(binds, Bind::Text(grant.org.to_string()));
        let Some(username) = username else {
            return GrantCondition {
                org,
                kept_from: None,
                let_through: None,
                among_from: None,
            };
        };
        let user = bind(binds, Bind::Text(username.to_owned()));
        let list = |binds: &mut Vec<Bind>, values: &[String]| -> Option<String> {
            (!values.is_empty()).then(|| {
                values
                    .iter()
                    .map(|v| bind(binds, Bind::Text(v.clone())))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        };
        let holds: Vec<String> = grant.holds.iter().map(|r| r.to_string()).collect();
        let holds = list(binds, &holds);
        let members = list(binds, &grant.member_ids);
        // `a.kind = '{prefix}-user' AND a.subject = user`, and the same for roles and members.
        let names = |prefix: &str, with_roles: bool| {
            let mut any = vec![format!("a.kind = '{prefix}-user' AND a.subject = {user}")];
            if let (true, Some(holds)) = (with_roles, &holds) {
                any.push(format!(
                    "a.kind = '{prefix}-role' AND a.subject IN ({holds})"
                ));
            }
            if let Some(members) = &members {
                any.push(format!(
                    "a.kind = '{prefix}-member' AND a.subject IN ({members})"
                ));
            }
            any
        };
        // Written out, not bound, so SQLite plans with the partial index `case_access_live`.
        let live = |alias: &str| match reach {
            Reach::Every => String::new(),
            Reach::Live => format!(" AND {alias}.live"),
        };
        // The cases of the organisation that name the viewer so: one indexed read for each way
        // of naming them (an `OR` of them would read every access row of the organisation).
        let named = |names: Vec<String>| {
            names
                .iter()
                .map(|name| {
                    format!(
                        "SELECT a.reference FROM case_access a WHERE a.org = {org} AND {name}{}",
                        live("a")
                    )
                })
                .collect::<Vec<_>>()
                .join(" UNION ")
        };
        // Any one of `names`, as one condition on the access row `a`.
        let any = |names: Vec<String>| {
            names
                .iter()
                .map(|name| format!("({name})"))
                .collect::<Vec<_>>()
                .join(" OR ")
        };
        // A sensitive case lets in holders of a role it names and those assigned to it.
        let mut let_in = names("assigned", false);
        if let Some(holds) = &holds {
            let_in.push(format!(
                "a.kind = 'sensitive-role' AND a.subject IN ({holds})"
            ));
        }
        let let_in = any(let_in);
        let let_through = format!(
            "NOT EXISTS (SELECT 1 FROM case_access a WHERE a.org = {org} \
             AND a.reference = c.reference AND ({out})) \
             AND NOT (EXISTS (SELECT 1 FROM case_access s WHERE s.org = {org} \
             AND s.reference = c.reference AND s.kind = 'sensitive') \
             AND NOT EXISTS (SELECT 1 FROM case_access a WHERE a.org = {org} \
             AND a.reference = c.reference AND ({let_in})))",
            out = any(names("out", true)),
        );
        let kept_from = format!(
            "{out} UNION SELECT s.reference FROM case_access s WHERE s.org = {org} \
             AND s.kind = 'sensitive'{live} AND NOT EXISTS (SELECT 1 FROM case_access a \
             WHERE a.org = s.org AND a.reference = s.reference AND ({let_in}))",
            out = named(names("out", true)),
            live = live("s"),
        );
        let among_from = match grant.sees {
            Sees::All => None,
            Sees::Assigned => Some(named(names("assigned", false))),
            Sees::AssignedNow => Some(named(names("now", false))),
        };
        GrantCondition {
            org,
            kept_from: Some(kept_from),
            let_through: Some(let_through),
            among_from,
        }
    }

    /// The whole condition on `c`, within the organisation.
    pub(crate) fn condition(&self) -> String {
        let mut parts: Vec<String> = self.let_through.iter().cloned().collect();
        parts.extend(
            self.among_from
                .iter()
                .map(|among_from| format!("c.reference IN ({among_from})")),
        );
        if parts.is_empty() {
            "1 = 1".to_owned()
        } else {
            parts.join(" AND ")
        }
    }
}

/// The case list's statement, built from a filter.
pub(crate) struct ListQuery {
    pub sql: String,
    pub binds: Vec<Bind>,
    pub page_size: usize,
    /// Whether a next page has a cursor (newest first) or the list is one page (soonest due).
    pub paged: bool,
}

impl ListQuery {
    /// The statement for `filter`, or `None` when nothing can match (no organisation allowed,
    /// or search text with no word in it). Filter values are always bound, never spliced in.
    ///
    /// One organisation's cases are read in the order of its `cases_newest_first` index, which
    /// stops at the page's end. Several organisations' are read that way one by one and merged
    /// by the database (so ties order by its collation, as the cursor compares): an `IN` or `OR`
    /// of organisations would sort every case they may see to show the first page.
    pub(crate) fn build(
        filter: &CaseFilter,
        search: &TextSearch,
    ) -> StoreResult<Option<ListQuery>> {
        let grants: Vec<_> = filter
            .viewer
            .orgs
            .iter()
            .filter(|grant| filter.org.as_ref().is_none_or(|org| *org == grant.org))
            .collect();
        if grants.is_empty() {
            return Ok(None);
        }
        if filter.soonest_due && filter.after.is_some() {
            // The soonest-due list is one page; a cursor is from some other list.
            return Err(StoreError::NotFound);
        }
        let order = if filter.soonest_due {
            [("next_due_at_us", ""), ("reference", "")]
        } else {
            [("received_at_us", " DESC"), ("reference", " DESC")]
        };
        let order_by = |table: &str| {
            order
                .iter()
                .map(|(column, direction)| format!("{table}.{column}{direction}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let page_size = page_size(filter.limit);
        let mut binds = Vec::new();
        // One row more than the page shows, to know whether there is a next page.
        let limit = bind(&mut binds, Bind::Int(page_size as i64 + 1));
        let mut parts = Vec::new();
        for grant in grants {
            let viewer = crate::Viewer {
                username: filter.viewer.username.clone(),
                orgs: vec![grant.clone()],
            };
            let Some(conditions) = Self::conditions(filter, &viewer, search, &mut binds)? else {
                return Ok(None);
            };
            parts.push(format!(
                "SELECT {CASE_COLUMNS} FROM cases c WHERE {conditions} \
                 ORDER BY {} LIMIT {limit}",
                order_by("c")
            ));
        }
        // A filter value with a NUL matches no row (none holds one), and PostgreSQL could not
        // take it as a parameter.
        if binds
            .iter()
            .any(|bind| matches!(bind, Bind::Text(text) if !super::nul::can_match(text)))
        {
            return Ok(None);
        }
        let sql = if parts.len() == 1 {
            parts.remove(0)
        } else {
            let merged = parts
                .iter()
                .enumerate()
                .map(|(index, part)| format!("SELECT * FROM ({part}) AS org{index}"))
                .collect::<Vec<_>>()
                .join(" UNION ALL ");
            format!(
                "SELECT * FROM ({merged}) AS merged ORDER BY {} LIMIT {limit}",
                order_by("merged")
            )
        };
        Ok(Some(ListQuery {
            sql,
            binds,
            page_size,
            paged: !filter.soonest_due,
        }))
    }

    /// The `WHERE` conditions of `filter` for `viewer` (one organisation), or `None` when
    /// search text has no word in it.
    fn conditions(
        filter: &CaseFilter,
        viewer: &crate::Viewer,
        search: &TextSearch,
        binds: &mut Vec<Bind>,
    ) -> StoreResult<Option<String>> {
        let mut sql = viewer_condition(viewer, binds);
        if filter.soonest_due {
            sql.push_str(" AND c.next_due_at_us IS NOT NULL");
        }
        let equal_to = [
            ("c.kind", filter.kind.clone()),
            ("c.status", filter.status.clone()),
            ("c.stage", filter.stage.clone()),
            ("c.handler", filter.handler.clone()),
        ];
        for (column, value) in equal_to {
            if let Some(value) = value {
                if column == "c.status" && value == "open" {
                    // Written out, not bound: SQLite plans a statement before its values are
                    // bound, and uses a partial index on open cases (`cases_open_next_due`)
                    // only when the statement's own words imply the index's condition.
                    sql.push_str(" AND c.status = 'open'");
                    continue;
                }
                let placeholder = bind(binds, Bind::Text(value));
                sql.push_str(&format!(" AND {column} = {placeholder}"));
            }
        }
        let deadline_bounds = [("<", filter.due_before), ("<=", filter.overdue_at)];
        for (comparison, bound) in deadline_bounds {
            if let Some(bound) = bound {
                let placeholder = bind(binds, Bind::Int(micros(bound)));
                sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM case_deadlines d WHERE d.reference = c.reference \
                     AND d.paused = FALSE AND d.due_at_us {comparison} {placeholder})"
                ));
            }
        }
        let next_due_bounds = [(">", filter.next_due_after), ("<=", filter.next_due_until)];
        for (comparison, bound) in next_due_bounds {
            if let Some(bound) = bound {
                let placeholder = bind(binds, Bind::Int(micros(bound)));
                sql.push_str(&format!(" AND c.next_due_at_us {comparison} {placeholder}"));
            }
        }
        if filter.awaiting_acknowledgement {
            // Served by the partial index `cases_open_acknowledging` (migration 0027) with
            // `c.status = 'open'`: the few cases awaiting acknowledgement in due order, not
            // every open case due before them.
            sql.push_str(" AND c.acknowledging");
        }
        if let Some(text) = filter
            .text
            .as_deref()
            .filter(|text| !text.trim().is_empty())
        {
            let Some(parameter) = (search.parameter)(text) else {
                return Ok(None);
            };
            let placeholder = bind(binds, Bind::Text(parameter));
            sql.push_str(" AND ");
            sql.push_str(&search.condition.replace("{}", &placeholder));
        }
        if let Some(after) = filter.after.as_deref() {
            let cursor = Cursor::decode(after)?;
            let micros = bind(binds, Bind::Int(cursor.received_at_us));
            let reference = bind(binds, Bind::Text(cursor.reference));
            sql.push_str(&format!(
                " AND (c.received_at_us < {micros} OR (c.received_at_us = {micros} AND c.reference < {reference}))"
            ));
        }
        Ok(Some(sql))
    }

    /// Turns the fetched rows into a page, with a cursor when a row beyond the page came back.
    pub(crate) fn page(&self, mut rows: Vec<CaseRecord>) -> StoreResult<crate::Page> {
        let next = if rows.len() > self.page_size {
            rows.truncate(self.page_size);
            rows.last().filter(|_| self.paged).map(|last| {
                Cursor {
                    received_at_us: last.received_at_us,
                    reference: last.reference.clone(),
                }
                .encode()
            })
        } else {
            None
        };
        let cases = rows
            .into_iter()
            .map(CaseRecord::into_summary)
            .collect::<StoreResult<_>>()?;
        Ok(crate::Page { cases, next })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_anything_else() {
        let cursor = Cursor {
            received_at_us: -12,
            reference: "LPP-2026-0001".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        for bad in ["", "zz", "2f", &hex::encode("x/LPP")] {
            assert!(
                matches!(Cursor::decode(bad), Err(StoreError::NotFound)),
                "{bad}"
            );
        }
    }

    #[test]
    fn page_sizes_default_and_clamp() {
        assert_eq!(page_size(0), 50);
        assert_eq!(page_size(1), 1);
        assert_eq!(page_size(200), 200);
        assert_eq!(page_size(5000), 200);
    }
}
