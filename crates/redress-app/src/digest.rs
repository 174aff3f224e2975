//! The staff digest: once a day, on the organisation's working days within its working hours,
//! an e-mail to the organisation's mailbox listing what is overdue, what falls due soon, and
//! the open cases with no clock running that nobody has touched for the procedure's
//! `reminders.stale_after`. `serve` runs [`App::run_digests_once`] every few minutes; tests call
//! it after moving the `ManualClock`.
//!
//! Every rule (may a digest go now, what is due, which cases are stale) is core's
//! (`case::digest`); this module gathers the cases and queues the e-mail. A digest's outbox id
//! names its organisation and day, so it is queued at most once a day even with several
//! instances or after a restart.

use std::collections::BTreeMap;

use jiff::civil::Date;
use redress_core::calendar::{format_date, london_date};
use redress_core::case::digest::{digest_day, digest_item};
use redress_core::case::{Case, Deadline};
use redress_core::ids::OrgId;
use redress_store::{CaseFilter, OutboxMessage, Store};
use serde::Serialize;

use crate::App;
use crate::error::{AppError, AppResult};
use crate::tracking::subject_and_text;

/// One line of the digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DigestLine {
    /// The case reference.
    pub reference: String,
    /// What the case is about, in a line.
    pub title: String,
    /// What is due (for deadlines) or where the case stands (for stale cases).
    pub what: String,
    /// The day it is due, or the day it was last touched, as people read dates.
    pub date: String,
    /// The staff page of the case.
    pub link: String,
}

/// An organisation's digest for one day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Digest {
    /// Deadlines that have passed.
    pub overdue: Vec<DigestLine>,
    /// Deadlines that fall due soon.
    pub due_soon: Vec<DigestLine>,
    /// Open cases with no clock running, untouched too long.
    pub stale: Vec<DigestLine>,
}

impl Digest {
    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty() && self.due_soon.is_empty() && self.stale.is_empty()
    }
}

#[derive(Serialize)]
struct DigestEmail<'a> {
    organisation: &'a str,
    day: String,
    digest: &'a Digest,
    stale_after: String,
    cases_link: String,
}

impl<S: Store> App<S> {
    /// Queues each organisation's digest that may go now and has not gone today; returns how
    /// many were queued. An organisation without a mailbox in its procedure file, or with
    /// nothing to report, gets none.
    pub async fn run_digests_once(&self) -> AppResult<usize> {
        let now = self.clock.now();
        let mut queued = 0;
        let orgs: Vec<OrgId> = self.procedures.orgs().cloned().collect();
        for org in orgs {
            let Some(loaded) = self.procedures.in_force(&org, london_date(now)).cloned() else {
                continue;
            };
            let procedure = &loaded.procedure;
            let last_sent = self
                .digests_sent
                .lock()
                .ok()
                .and_then(|m| m.get(&org).copied());
            let Some(day) = digest_day(
                &loaded.calendar,
                &procedure.organisation.working_hours,
                now,
                last_sent,
            )
            .map_err(|error| AppError::Internal(Box::new(error)))?
            else {
                continue;
            };
            let Some(to) = procedure.organisation.contact.email.clone() else {
                tracing::debug!(%org, "no digest: the procedure file gives no mailbox");
                continue;
            };
            let digest = self.digest(&org).await?;
            if digest.is_empty() {
                // Asked again at the next run: a 24-hour clock may pass during the day.
                continue;
            }
            let rendered = self
                .templates
                .render(
                    &org,
                    redress_letters::DEFAULT_LANGUAGE,
                    "email-digest.txt",
                    DigestEmail {
                        organisation: &procedure.organisation.name,
                        day: format_date(day),
                        digest: &digest,
                        stale_after: procedure.reminders.stale_after.to_string(),
                        cases_link: format!("{}/staff/cases", self.public_url()),
                    },
                )
                .map_err(|error| AppError::Internal(Box::new(error)))?;
            let (subject, text) = subject_and_text(&rendered, "");
            let message = OutboxMessage {
                id: format!("digest-{org}-{day}"),
                reference: String::new(),
                kind: "digest".to_owned(),
                recipient: Some(to.clone()),
                payload: serde_json::json!({
                    "to": to,
                    "subject": subject,
                    "text": text,
                    "reply_to": null,
                    "letter": null,
                }),
                secret: None,
                created_at: now,
            };
            if self.store.queue_once(message).await? {
                queued += 1;
                tracing::info!(%org, %day, "staff digest queued");
            }
            self.note_digest_day(&org, day);
        }
        Ok(queued)
    }

    fn note_digest_day(&self, org: &OrgId, day: Date) {
        if let Ok(mut sent) = self.digests_sent.lock() {
            sent.insert(org.clone(), day);
        }
    }

    /// What an organisation's digest lists now: every open case, asked of core.
    pub async fn digest(&self, org: &OrgId) -> AppResult<Digest> {
        let now = self.clock.now();
        let mut digest = Digest::default();
        let mut filter = CaseFilter {
            viewer: redress_store::Viewer::system([org.clone()]),
            org: Some(org.clone()),
            status: Some("open".to_owned()),
            limit: 200,
            ..CaseFilter::default()
        };
        loop {
            let page = self.store.list_cases(&filter).await?;
            for summary in &page.cases {
                let Some(stream) = self.store.load(&summary.reference).await? else {
                    continue;
                };
                let case = Case::from_events(&stream.events);
                let loaded = self.loaded_for(org, &case)?;
                let Some(item) = digest_item(&case, &loaded.procedure, &loaded.calendar, now)
                    .map_err(|error| AppError::Internal(Box::new(error)))?
                else {
                    continue;
                };
                let line = |what: String, date: Date| DigestLine {
                    reference: summary.reference.clone(),
                    title: summary.title.clone(),
                    what,
                    date: format_date(date),
                    link: format!("{}/staff/cases/{}", self.public_url(), summary.reference),
                };
                let due = |d: &Deadline| line(d.what.clone(), d.due.date);
                digest.overdue.extend(item.overdue.iter().map(due));
                digest.due_soon.extend(item.due_soon.iter().map(due));
                if let Some(touched) = item.stale_since {
                    let stage = case
                        .current_stage()
                        .and_then(|record| loaded.procedure.stage(&record.id))
                        .map_or_else(|| summary.kind.clone(), |stage| stage.name.clone());
                    digest.stale.push(line(stage, london_date(touched)));
                }
            }
            match page.next {
                Some(next) => filter.after = Some(next),
                None => break,
            }
        }
        Ok(digest)
    }
}

/// The days each organisation's digest last went, kept in memory to spare the work of
/// building a digest the outbox would refuse; the outbox id is what guarantees once a day.
pub(crate) type DigestsSent = std::sync::Arc<std::sync::Mutex<BTreeMap<OrgId, Date>>>;
