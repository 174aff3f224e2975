//! Who may see a case: staff roles and what each means, the people a case keeps out (those
//! named in it, by name, role or member list, and those who declared a conflict), assignment,
//! and sensitive cases. The one rule; the store's list filter applies its rows
//! ([`CaseAccess::rows`]) and the app checks single cases with [`CaseAccess::admits`].

use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::ids::RoleId;

/// What a user is in an organisation: decides which of its cases they may see and act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StaffRole {
    /// Everything, including users, roles and member lists.
    Admin,
    /// Oversees complaints handling: sees and acts on every case not keeping them out.
    Manager,
    /// Intake and triage: sees and acts on every case not keeping them out.
    FeedbackOfficer,
    /// Investigates the cases assigned to them.
    Investigator,
    /// Reviews a later stage: only cases assigned to them, only while the stage they were
    /// assigned to is the case's current stage.
    Reviewer,
    /// Someone from outside (an independent investigator): like a reviewer.
    External,
    /// Reads every case not keeping them out; acts on none.
    ReadOnly,
}

/// Which of an organisation's cases a staff role sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sees {
    /// Every case, less those that keep the user out.
    All,
    /// Cases where the user is assigned to any stage (or drawn onto its panel).
    Assigned,
    /// Cases where the user is assigned to the current stage.
    AssignedNow,
}

impl StaffRole {
    /// Every role, in the order the pages list them.
    pub const ALL: [StaffRole; 7] = [
        StaffRole::Admin,
        StaffRole::Manager,
        StaffRole::FeedbackOfficer,
        StaffRole::Investigator,
        StaffRole::Reviewer,
        StaffRole::External,
        StaffRole::ReadOnly,
    ];

    /// The role's name as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Admin => "admin",
            StaffRole::Manager => "manager",
            StaffRole::FeedbackOfficer => "feedback-officer",
            StaffRole::Investigator => "investigator",
            StaffRole::Reviewer => "reviewer",
            StaffRole::External => "external",
            StaffRole::ReadOnly => "read-only",
        }
    }

    /// Parses a role name.
    pub fn parse(text: &str) -> Option<StaffRole> {
        StaffRole::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
    }

    /// Which cases of the organisation the role sees.
    pub fn sees(self) -> Sees {
        match self {
            StaffRole::Admin
            | StaffRole::Manager
            | StaffRole::FeedbackOfficer
            | StaffRole::ReadOnly => Sees::All,
            StaffRole::Investigator => Sees::Assigned,
            StaffRole::Reviewer | StaffRole::External => Sees::AssignedNow,
        }
    }

    /// Whether the role may act on the cases it sees.
    pub fn acts(self) -> bool {
        self != StaffRole::ReadOnly
    }

    /// Whether the role reads e-mail not yet matched to a case (the triage queue). Unsorted
    /// mail may be about anyone, so only the roles that see every case of the organisation
    /// read it; a message matched to a case is then seen by whoever sees that case.
    pub fn reads_unsorted_mail(self) -> bool {
        self.sees() == Sees::All
    }

    /// Whether the role manages the organisation's users and member lists.
    pub fn administers(self) -> bool {
        self == StaffRole::Admin
    }
}

/// A member of staff as the access rule sees them in one organisation.
#[derive(Clone, Copy, Debug)]
pub struct Staff<'a> {
    /// Their username.
    pub username: &'a str,
    /// Their staff role in the organisation.
    pub role: StaffRole,
    /// The procedure roles they hold there (the Chair, the Co-ordinator).
    pub holds: &'a [RoleId],
    /// Their ids on the organisation's member lists.
    pub member_ids: &'a [String],
}

/// Who a case keeps out or lets in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Subject {
    /// One user.
    User(String),
    /// Every user holding a procedure role.
    Role(RoleId),
    /// The user linked to a member on a list.
    Member(String),
}

/// Why someone is kept out of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "why", rename_all = "kebab-case")]
pub enum Why {
    /// They are named in the complaint.
    Named {
        /// The name as given in the complaint.
        name: String,
    },
    /// They declared a conflict of interest.
    DeclaredConflict {
        /// The reason they gave.
        reason: String,
    },
}

/// One person or role kept out of a case, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeptOut {
    /// Who.
    pub subject: Subject,
    /// Why.
    pub why: Why,
}

/// Why a user may not see a case. Shown to no one but the logs: the user gets "not found".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Denied {
    /// The case keeps them out.
    KeptOut(KeptOut),
    /// Their role sees only assigned cases, and this one is not assigned to them.
    NotAssigned,
    /// The case is sensitive and they hold none of the roles it is narrowed to.
    Sensitive,
}

/// A sensitive case (safeguarding): who may still see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sensitivity {
    /// Why it was marked.
    pub reason: String,
    /// The procedure roles whose holders may see it (besides those assigned to it).
    pub roles: Vec<RoleId>,
}

/// Everything a case says about who may see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CaseAccess {
    /// Who is kept out, and why.
    pub kept_out: Vec<KeptOut>,
    /// Who was assigned to any stage: usernames and members drawn onto panels.
    pub assigned: Vec<Subject>,
    /// Who is assigned to the current stage.
    pub assigned_now: Vec<Subject>,
    /// Set when the case is sensitive.
    pub sensitive: Option<Sensitivity>,
}

/// One row of a case's access read model: `(kind, subject)`. The store's list filter reads
/// these rows and keeps the same rule as [`CaseAccess::admits`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessRow {
    /// `out-user`, `out-role`, `out-member`, `assigned-user`, `assigned-member`,
    /// `now-user`, `now-member`, `sensitive-role` or `sensitive`.
    pub kind: &'static str,
    /// A username, role id or member id (empty for `sensitive`).
    pub subject: String,
}

impl CaseAccess {
    /// What `case` says about who may see it.
    pub fn of(case: &Case) -> CaseAccess {
        let mut access = CaseAccess::default();
        for (index, person) in case.people_named.iter().enumerate() {
            let why = Why::Named {
                name: person.name.clone(),
            };
            if let Some(role) = &person.role {
                access.keep_out(Subject::Role(role.clone()), why.clone());
            }
            if let Some(member) = &person.member_id {
                access.keep_out(Subject::Member(member.clone()), why.clone());
            }
            for link in case.links.iter().filter(|link| link.person == index) {
                if let Some(username) = &link.username {
                    access.keep_out(Subject::User(username.clone()), why.clone());
                }
                if let Some(member) = &link.member_id {
                    access.keep_out(Subject::Member(member.clone()), why.clone());
                }
            }
        }
        for conflict in &case.declared_conflicts {
            access.keep_out(
                Subject::User(conflict.username.clone()),
                Why::DeclaredConflict {
                    reason: conflict.reason.clone(),
                },
            );
        }
        let current = case.stages.len().checked_sub(1);
        for (index, stage) in case.stages.iter().enumerate() {
            let subjects = stage
                .handler_usernames
                .iter()
                .map(|username| Subject::User(username.clone()))
                .chain(
                    stage
                        .panel
                        .iter()
                        .map(|member| Subject::Member(member.id.clone())),
                );
            for subject in subjects {
                if Some(index) == current && !access.assigned_now.contains(&subject) {
                    access.assigned_now.push(subject.clone());
                }
                if !access.assigned.contains(&subject) {
                    access.assigned.push(subject);
                }
            }
        }
        access.sensitive = case.sensitive.clone();
        access
    }

    fn keep_out(&mut self, subject: Subject, why: Why) {
        if !self.kept_out.iter().any(|k| k.subject == subject) {
            self.kept_out.push(KeptOut { subject, why });
        }
    }

    /// Whether `staff` may see the case (and, if their role acts, act on it).
    pub fn admits(&self, staff: &Staff) -> Result<(), Denied> {
        if let Some(kept) = self.kept_out.iter().find(|k| staff.is(&k.subject)) {
            return Err(Denied::KeptOut(kept.clone()));
        }
        let assigned = |list: &[Subject]| list.iter().any(|s| staff.is(s));
        let seen = match staff.role.sees() {
            Sees::All => true,
            Sees::Assigned => assigned(&self.assigned),
            Sees::AssignedNow => assigned(&self.assigned_now),
        };
        if !seen {
            return Err(Denied::NotAssigned);
        }
        if let Some(sensitivity) = &self.sensitive
            && !assigned(&self.assigned)
            && !sensitivity.roles.iter().any(|r| staff.holds.contains(r))
        {
            return Err(Denied::Sensitive);
        }
        Ok(())
    }

    /// The rows of the store's access read model.
    pub fn rows(&self) -> Vec<AccessRow> {
        fn row(prefix: &'static [&'static str; 3], subject: &Subject) -> AccessRow {
            let (kind, id) = match subject {
                Subject::User(id) => (prefix[0], id.as_str()),
                Subject::Role(id) => (prefix[1], id.as_str()),
                Subject::Member(id) => (prefix[2], id.as_str()),
            };
            AccessRow {
                kind,
                subject: id.to_string(),
            }
        }
        const OUT: &[&str; 3] = &["out-user", "out-role", "out-member"];
        const ASSIGNED: &[&str; 3] = &["assigned-user", "assigned-role", "assigned-member"];
        const NOW: &[&str; 3] = &["now-user", "now-role", "now-member"];
        let mut rows: Vec<AccessRow> = self
            .kept_out
            .iter()
            .map(|k| row(OUT, &k.subject))
            .chain(self.assigned.iter().map(|s| row(ASSIGNED, s)))
            .chain(self.assigned_now.iter().map(|s| row(NOW, s)))
            .collect();
        if let Some(sensitivity) = &self.sensitive {
            rows.push(AccessRow {
                kind: "sensitive",
                subject: String::new(),
            });
            rows.extend(sensitivity.roles.iter().map(|role| AccessRow {
                kind: "sensitive-role",
                subject: role.to_string(),
            }));
        }
        rows
    }
}

impl Staff<'_> {
    /// Whether `subject` names this member of staff.
    pub fn is(&self, subject: &Subject) -> bool {
        match subject {
            Subject::User(username) => username == self.username,
            Subject::Role(role) => self.holds.contains(role),
            Subject::Member(id) => self.member_ids.contains(id),
        }
    }
}

/// A user or member who might be a person named in a complaint, offered to the officer as a
/// match to confirm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// A username, or a member id.
    pub id: String,
    /// How they are shown.
    pub name: String,
    /// The procedure roles they hold.
    pub holds: Vec<RoleId>,
}

/// The candidates that may be `person`: those holding the role the complaint gives them, or
/// whose name shares a word with theirs (case and accents aside). Only ever a suggestion: a
/// person is linked by an officer's confirmed match.
pub fn suggest<'c>(
    person: &crate::case::PersonNamed,
    candidates: &'c [Candidate],
) -> Vec<&'c Candidate> {
    let words = |name: &str| -> Vec<String> {
        name.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 1)
            .map(str::to_lowercase)
            .collect()
    };
    let named = words(&person.name);
    candidates
        .iter()
        .filter(|candidate| {
            person
                .role
                .as_ref()
                .is_some_and(|role| candidate.holds.contains(role))
                || words(&candidate.name).iter().any(|w| named.contains(w))
        })
        .collect()
}
