//! Small builders the stories share: organisations, instants, events and cases.

use jiff::Timestamp;
use redress_core::case::retention::RetentionCheck;
use redress_core::case::{Event, Fact};
use redress_core::ids::OrgId;
use redress_store::{CaseSummary, Commit, DeadlineRow, NewCase, OutboxMessage, ReadModels, Store};

/// An organisation id.
pub fn org(id: &str) -> OrgId {
    OrgId::parse(id).expect("a valid organisation id")
}

/// 2026-03-02T09:00:00Z plus `minutes`.
pub fn at(minutes: i64) -> Timestamp {
    let start: Timestamp = "2026-03-02T09:00:00Z".parse().expect("a valid instant");
    start + jiff::SignedDuration::from_mins(minutes)
}

/// A simple event: information from the complainant.
pub fn event(summary: &str, minutes: i64) -> Event {
    Event {
        at: at(minutes),
        fact: Fact::InformationReceived {
            summary: summary.to_owned(),
            channel: None,
            message_id: None,
        },
    }
}

/// What a story wants a case to look like; [`CaseSpec::create`] stores it.
#[derive(Clone, Debug)]
pub struct CaseSpec {
    pub org: OrgId,
    pub prefix: &'static str,
    pub kind: &'static str,
    pub status: &'static str,
    pub stage: Option<&'static str>,
    pub handler: Option<&'static str>,
    pub received_minutes: i64,
    pub deadlines: Vec<DeadlineRow>,
    pub search_text: String,
    pub tracking_hash: Option<[u8; 32]>,
    pub outbox_kinds: Vec<&'static str>,
    /// Who the case keeps out and lets in (core's `CaseAccess::rows`).
    pub access: Vec<redress_core::access::AccessRow>,
    /// Its learning actions.
    pub learning: Vec<redress_store::LearningRow>,
    /// When it closed, if it has.
    pub closed_minutes: Option<i64>,
    /// When a retention run must look at it.
    pub retention: RetentionCheck,
}

impl CaseSpec {
    /// An open stage-1 complaint to `org`, received at `at(received_minutes)`.
    pub fn complaint(org_id: &str, received_minutes: i64) -> CaseSpec {
        CaseSpec {
            org: org(org_id),
            prefix: "LPP",
            kind: "complaint",
            status: "open",
            stage: Some("stage-1"),
            handler: None,
            received_minutes,
            deadlines: Vec::new(),
            search_text: String::new(),
            tracking_hash: None,
            outbox_kinds: Vec::new(),
            access: Vec::new(),
            learning: Vec::new(),
            closed_minutes: None,
            retention: RetentionCheck::Never,
        }
    }

    /// The summary row the app would write for this case.
    pub fn summary(&self, reference: &str, version: u64) -> CaseSummary {
        CaseSummary {
            reference: reference.to_owned(),
            org: self.org.clone(),
            kind: self.kind.to_owned(),
            status: self.status.to_owned(),
            stage: self.stage.map(str::to_owned),
            handler: self.handler.map(str::to_owned),
            received_at: at(self.received_minutes),
            closed_at: self.closed_minutes.map(at),
            next_due_at: self.deadlines.iter().map(|deadline| deadline.due_at).min(),
            next_due_what: None,
            title: format!("{} received at minute {}", self.kind, self.received_minutes),
            version,
            procedure_version: "2026-1".to_owned(),
        }
    }

    /// The read models the app would write for this case.
    pub fn read_models(&self, reference: &str, version: u64) -> ReadModels {
        ReadModels {
            summary: self.summary(reference, version),
            deadlines: self.deadlines.clone(),
            search_text: self.search_text.clone(),
            access: self.access.clone(),
            people: Vec::new(),
            matter: Default::default(),
            learning: self.learning.clone(),
            facts: None,
            published: None,
            retention: self.retention,
        }
    }

    /// Everything `create_case` stores for this case.
    pub fn new_case(&self, reference: &str) -> NewCase {
        NewCase {
            events: vec![event(
                &format!("received {reference}"),
                self.received_minutes,
            )],
            actor: Some("officer".to_owned()),
            read_models: self.read_models(reference, 1),
            outbox: self
                .outbox_kinds
                .iter()
                .enumerate()
                .map(|(index, kind)| message(reference, kind, self.received_minutes + index as i64))
                .collect(),
            tracking_hash: self.tracking_hash,
            audit: Vec::new(),
        }
    }

    /// Creates the case in 2026 and returns its reference.
    pub async fn create(&self, store: &impl Store) -> String {
        store
            .create_case(&self.org, self.prefix, 2026, |reference| {
                Ok::<_, String>(self.new_case(reference))
            })
            .await
            .expect("the store accepts the case")
            .expect("the build succeeds")
    }

    /// A commit of `events` onto the case at `expected_version`, with these read models.
    pub fn commit(&self, reference: &str, expected_version: u64, events: Vec<Event>) -> Commit {
        let version = expected_version + events.len() as u64;
        Commit {
            reference: reference.to_owned(),
            expected_version,
            events,
            actor: Some("officer".to_owned()),
            read_models: self.read_models(reference, version),
            outbox: Vec::new(),
            audit: Vec::new(),
        }
    }
}

/// A deadline.
pub fn deadline(clock: &str, due_minutes: i64, paused: bool) -> DeadlineRow {
    let due_at = at(due_minutes);
    DeadlineRow {
        clock: clock.to_owned(),
        stage: Some("stage-1".to_owned()),
        what: format!("{clock} due"),
        due_at,
        due_date: due_at.to_zoned(jiff::tz::TimeZone::UTC).date(),
        paused,
    }
}

/// An outbox message for a case.
pub fn message(reference: &str, kind: &str, created_minutes: i64) -> OutboxMessage {
    OutboxMessage {
        id: format!("{reference}/{kind}/{created_minutes}"),
        reference: reference.to_owned(),
        kind: kind.to_owned(),
        recipient: Some("complainant@example.org".to_owned()),
        payload: serde_json::json!({ "subject": kind, "lines": [reference] }),
        created_at: at(created_minutes),
        secret: None,
    }
}
