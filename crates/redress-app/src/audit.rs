//! The audit log from the app's side: who did what to which case, when and from where, for
//! every read (`App::visible` with [`Seen::Read`]) and every change (the command path puts its
//! entry in the change's own transaction); `verify_audit`, the walk `redress audit verify`
//! runs; and `case_audit`, "Who looked at this case" for the case's administrators.
//!
//! Where from: the client's address is request context, set once per request by the web
//! layer's outermost layer ([`with_client`]) and read here when an entry is made, so no use case
//! takes it as a parameter. Outside a request (the command line, jobs) there is none. It is kept
//! only for staff: a member of the public's address is their personal data, which an append-only
//! log could never erase, so their entries say `public` and nothing more.

use std::future::Future;

use redress_core::ids::OrgId;
use redress_store::audit::{ChainCheck, ChainVerdict};
use redress_store::{AuditEntry, AuditRecord, Store};

use crate::App;
use crate::auth::Actor;
use crate::error::AppResult;

tokio::task_local! {
    static CLIENT: Option<String>;
}

/// Runs `work` (one request) with `client` as the address its audit entries say it came from.
pub async fn with_client<F: Future>(client: Option<String>, work: F) -> F::Output {
    CLIENT.scope(client, work).await
}

fn current_client() -> Option<String> {
    CLIENT.try_with(Clone::clone).ok().flatten()
}

/// Who the audit log says acted: a username, `public` or `system`.
pub fn actor_name(actor: &Actor) -> String {
    match actor {
        Actor::User { username, .. } => username.clone(),
        Actor::Public => "public".to_owned(),
        Actor::System => "system".to_owned(),
    }
}

/// The actor name of whoever runs the command line on the server: they see everything.
pub const OPERATOR: &str = "operator (command line)";

/// Why a case is loaded through `App::visible`, so that every read is recorded once.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Seen<'a> {
    /// Its content goes back to the actor: recorded as this action (`read case`, ...).
    Read(&'a str),
    /// To change it: the change's own entry records it, in the change's transaction (a
    /// refused command shows nothing of the case and records nothing).
    ToChange,
    /// A part of the case page that a recorded `read case` already covers (the delivery state
    /// of its e-mail): not recorded twice.
    PartOfPage,
}

/// How many entries the case page shows.
pub const CASE_AUDIT_LIMIT: u32 = 200;

/// How many entries `verify_audit` reads at a time.
const VERIFY_PAGE: u32 = 1000;

impl<S: Store> App<S> {
    /// An entry saying `actor` did `action` now, from the request's client address (staff
    /// only, see the module's comment).
    pub(crate) fn audit_entry(
        &self,
        actor: &Actor,
        action: impl Into<String>,
        reference: Option<&str>,
        org: Option<&OrgId>,
    ) -> AuditEntry {
        self.audit_entry_by(
            actor_name(actor),
            matches!(actor, Actor::User { .. }),
            action,
            reference,
            org,
        )
    }

    /// An entry by an actor known by name only (`operator (command line)`).
    pub(crate) fn audit_entry_by(
        &self,
        actor: String,
        with_client: bool,
        action: impl Into<String>,
        reference: Option<&str>,
        org: Option<&OrgId>,
    ) -> AuditEntry {
        AuditEntry {
            at: self.clock.now(),
            actor,
            action: action.into(),
            reference: reference.map(str::to_owned),
            org: org.cloned(),
            client: if with_client { current_client() } else { None },
        }
    }

    /// Records reads, each durable before the content is returned: a read that cannot be
    /// recorded is not served.
    pub(crate) async fn record_reads(&self, entries: Vec<AuditEntry>) -> AppResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        Ok(self.store.record_audit(entries).await?)
    }

    /// Walks the whole audit log, checking every entry against its hash and the one before,
    /// and the last against the log's head. Entries written while it walks are left for the
    /// next walk (it reads up to the head it found first).
    pub async fn verify_audit(&self) -> AppResult<ChainVerdict> {
        let head = self.store.audit_head().await?;
        let mut walk = ChainCheck::default();
        let mut after = 0;
        loop {
            let page = self.store.audit_page(after, head.seq, VERIFY_PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for record in &page {
                walk.push(record);
            }
        }
        Ok(walk.finish(&head))
    }

    /// "Who looked at this case": its latest entries, newest first, for an administrator of
    /// its organisation who may see it; `None` for anyone else who may see the case (the page
    /// shows nothing), `NotFound` for those who may not.
    pub async fn case_audit(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> AppResult<Option<Vec<AuditRecord>>> {
        let (org, _) = self.visible(actor, reference, Seen::PartOfPage).await?;
        if !actor.administers(&org) {
            return Ok(None);
        }
        Ok(Some(
            self.store.case_audit(reference, CASE_AUDIT_LIMIT).await?,
        ))
    }

    /// Records the command line's export of an organisation's cases: one entry per case.
    pub(crate) async fn record_export(
        &self,
        org: &OrgId,
        references: impl IntoIterator<Item = String>,
    ) -> AppResult<()> {
        let entries = references
            .into_iter()
            .map(|reference| {
                self.audit_entry_by(
                    OPERATOR.to_owned(),
                    false,
                    "export",
                    Some(&reference),
                    Some(org),
                )
            })
            .collect();
        self.record_reads(entries).await
    }
}
