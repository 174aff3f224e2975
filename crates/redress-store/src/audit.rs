//! The audit log's entries and their hash chain: what one entry says, its canonical form, the
//! hash that links it to the entry before, and the walk that checks a whole chain and names
//! every entry altered or removed. Pure: the statements that store entries are in
//! `sql_common/audit.rs`.
//!
//! Each entry's `hash` is SHA-256 over the previous entry's hash (32 zero bytes before the
//! first) followed by the entry's canonical form, and the entry keeps that previous hash as
//! `prev_hash`. So an entry whose fields were changed no longer matches its own hash, and an
//! entry removed leaves a gap in `seq` and a `prev_hash` that is not the hash before it. The
//! log's head (the last seq and hash, kept in `audit_head`) shows entries cut off the end.

use jiff::Timestamp;
use redress_core::ids::OrgId;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: [u8; 32] = [0; 32];

/// One thing someone did to or with a case, to be appended to the audit log. Holds no personal
/// data of the people a case is about: a username (staff), `public` or `system` as the actor,
/// the kind of action, the case's reference and organisation, and a member of staff's address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// When, by the app's clock.
    pub at: Timestamp,
    /// A username, `public` (a tracking link or the public form) or `system`.
    pub actor: String,
    /// What was done: `read case`, `act: respond`, `download attachment 4`, ...
    pub action: String,
    /// The case, when the action concerns one.
    pub reference: Option<String>,
    /// Its organisation.
    pub org: Option<OrgId>,
    /// Where from: the client's address, when there was a request from staff.
    pub client: Option<String>,
}

/// An entry as stored, with its place in the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// Its position, from 1 without gaps.
    pub seq: u64,
    /// What it says.
    pub entry: AuditEntry,
    /// The hash of the entry before, as stored with this one.
    #[serde(serialize_with = "as_hex")]
    pub prev_hash: Vec<u8>,
    /// This entry's hash, as stored.
    #[serde(serialize_with = "as_hex")]
    pub hash: Vec<u8>,
}

fn as_hex<S: serde::Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&hex::encode(bytes))
}

/// The last entry's seq and hash, as the log's head records them (seq 0 and [`GENESIS`] for
/// an empty log).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditHead {
    /// The last seq.
    pub seq: u64,
    /// Its hash.
    pub hash: Vec<u8>,
}

/// The bytes an entry's hash covers, after the previous hash: a JSON array of its seq and every
/// field in a fixed order, so the same entry always gives the same bytes.
pub fn canonical(seq: u64, entry: &AuditEntry) -> Vec<u8> {
    let fields = (
        seq,
        entry.at.as_microsecond(),
        &entry.actor,
        &entry.action,
        &entry.reference,
        entry.org.as_ref().map(OrgId::as_str),
        &entry.client,
    );
    serde_json::to_vec(&fields).expect("a tuple of numbers and strings serialises")
}

/// SHA-256 over `previous` and the entry's canonical form.
pub fn chain_hash(previous: &[u8], seq: u64, entry: &AuditEntry) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update(canonical(seq, entry));
    hasher.finalize().into()
}

/// Something wrong with the audit log, naming the entries it concerns.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuditProblem {
    /// Entries `first..=last` are not in the log.
    #[error("{}", missing_words(*first, *last))]
    Missing {
        /// The first seq missing.
        first: u64,
        /// The last seq missing.
        last: u64,
    },
    /// The entry's fields do not give its stored hash: something in it was changed.
    #[error("entry {seq} was altered: its contents no longer match its hash")]
    Altered {
        /// The entry.
        seq: u64,
    },
    /// The entry does not follow the one stored before it (that one was altered, hash and all,
    /// or this one was put in its place).
    #[error("entry {seq} does not follow entry {before}: the chain is broken between them")]
    Broken {
        /// The entry.
        seq: u64,
        /// The entry stored before it.
        before: u64,
    },
    /// The head does not match the last entry: entries after it were removed, or the head
    /// itself was changed.
    #[error(
        "the log's head says it ends at entry {head_seq}, but the last entry is {last_seq}{}",
        if head_seq > last_seq { format!(": entries {}-{head_seq} were removed from the end", last_seq + 1) } else { String::new() }
    )]
    Head {
        /// Where the head says the log ends.
        head_seq: u64,
        /// The last entry stored.
        last_seq: u64,
    },
}

fn missing_words(first: u64, last: u64) -> String {
    if first == last {
        format!("entry {first} was removed")
    } else {
        format!("entries {first}-{last} were removed")
    }
}

/// Walks a chain in seq order, entry by entry, remembering only what the next entry needs, so
/// a log of any length is checked in pages.
#[derive(Clone, Debug)]
pub struct ChainCheck {
    expected_seq: u64,
    previous_seq: u64,
    previous_hash: Vec<u8>,
    entries: u64,
    problems: Vec<AuditProblem>,
}

impl Default for ChainCheck {
    fn default() -> ChainCheck {
        ChainCheck {
            expected_seq: 1,
            previous_seq: 0,
            previous_hash: GENESIS.to_vec(),
            entries: 0,
            problems: Vec::new(),
        }
    }
}

impl ChainCheck {
    /// Checks the next stored entry (entries must come in seq order).
    pub fn push(&mut self, record: &AuditRecord) {
        self.entries += 1;
        if record.seq > self.expected_seq {
            self.problems.push(AuditProblem::Missing {
                first: self.expected_seq,
                last: record.seq - 1,
            });
        }
        let own = chain_hash(&record.prev_hash, record.seq, &record.entry);
        if own.as_slice() != record.hash.as_slice() {
            self.problems
                .push(AuditProblem::Altered { seq: record.seq });
        } else if record.prev_hash != self.previous_hash && record.seq == self.expected_seq {
            // A gap was reported already; a link broken without one means the entry before
            // was rewritten whole, or this one was.
            self.problems.push(AuditProblem::Broken {
                seq: record.seq,
                before: self.previous_seq,
            });
        }
        self.expected_seq = record.seq + 1;
        self.previous_seq = record.seq;
        self.previous_hash = record.hash.clone();
    }

    /// The verdict, given the head the log records.
    pub fn finish(mut self, head: &AuditHead) -> ChainVerdict {
        if head.seq != self.previous_seq {
            self.problems.push(AuditProblem::Head {
                head_seq: head.seq,
                last_seq: self.previous_seq,
            });
        } else if head.hash != self.previous_hash {
            self.problems.push(AuditProblem::Altered {
                seq: self.previous_seq,
            });
        }
        ChainVerdict {
            entries: self.entries,
            problems: self.problems,
        }
    }
}

/// What a walk of the chain found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainVerdict {
    /// How many entries are stored.
    pub entries: u64,
    /// Everything wrong, in seq order; empty when the chain is intact.
    pub problems: Vec<AuditProblem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(actor: &str) -> AuditEntry {
        AuditEntry {
            at: Timestamp::from_second(1_780_000_000).expect("an instant"),
            actor: actor.to_owned(),
            action: "read case".to_owned(),
            reference: Some("LPP-2026-0001".to_owned()),
            org: Some(OrgId::parse("leeds-poverty-partnership").expect("an id")),
            client: Some("192.0.2.7".to_owned()),
        }
    }

    fn chain(actors: &[&str]) -> Vec<AuditRecord> {
        let mut previous = GENESIS.to_vec();
        actors
            .iter()
            .enumerate()
            .map(|(index, actor)| {
                let seq = index as u64 + 1;
                let entry = entry(actor);
                let hash = chain_hash(&previous, seq, &entry).to_vec();
                AuditRecord {
                    seq,
                    entry,
                    prev_hash: std::mem::replace(&mut previous, hash.clone()),
                    hash,
                }
            })
            .collect()
    }

    fn check(records: &[AuditRecord], head: &AuditHead) -> Vec<AuditProblem> {
        let mut walk = ChainCheck::default();
        for record in records {
            walk.push(record);
        }
        walk.finish(head).problems
    }

    fn head_of(records: &[AuditRecord]) -> AuditHead {
        records.last().map_or(
            AuditHead {
                seq: 0,
                hash: GENESIS.to_vec(),
            },
            |last| AuditHead {
                seq: last.seq,
                hash: last.hash.clone(),
            },
        )
    }

    #[test]
    fn an_untouched_chain_and_an_empty_one_are_intact() {
        let records = chain(&["ana", "ben", "ana"]);
        assert_eq!(check(&records, &head_of(&records)), []);
        assert_eq!(check(&[], &head_of(&[])), []);
    }

    #[test]
    fn every_kind_of_tampering_is_named_by_its_entry() {
        let records = chain(&["ana", "ben", "cat", "dan", "eve"]);
        let head = head_of(&records);

        let mut altered = records.clone();
        altered[1].entry.actor = "mallory".to_owned();
        assert_eq!(check(&altered, &head), [AuditProblem::Altered { seq: 2 }]);

        let mut removed = records.clone();
        removed.remove(2);
        assert_eq!(
            check(&removed, &head),
            [AuditProblem::Missing { first: 3, last: 3 }]
        );

        // Rewritten with a fresh hash of its own: the next entry no longer follows it.
        let mut rewritten = records.clone();
        rewritten[1].entry.client = None;
        rewritten[1].hash = chain_hash(&rewritten[1].prev_hash, 2, &rewritten[1].entry).to_vec();
        assert_eq!(
            check(&rewritten, &head),
            [AuditProblem::Broken { seq: 3, before: 2 }]
        );

        let mut cut = records.clone();
        cut.truncate(3);
        assert_eq!(
            check(&cut, &head),
            [AuditProblem::Head {
                head_seq: 5,
                last_seq: 3
            }]
        );
        assert_eq!(
            AuditProblem::Head {
                head_seq: 5,
                last_seq: 3
            }
            .to_string(),
            "the log's head says it ends at entry 5, but the last entry is 3: entries 4-5 were removed from the end"
        );
    }

    #[test]
    fn the_canonical_form_covers_every_field() {
        let base = entry("ana");
        let hash = chain_hash(&GENESIS, 1, &base);
        let changes: [fn(&mut AuditEntry); 6] = [
            |e| e.at += jiff::SignedDuration::from_micros(1),
            |e| e.actor.push('x'),
            |e| e.action.push('x'),
            |e| e.reference = None,
            |e| e.org = None,
            |e| e.client = None,
        ];
        for change in changes {
            let mut changed = base.clone();
            change(&mut changed);
            assert_ne!(chain_hash(&GENESIS, 1, &changed), hash, "{changed:?}");
        }
        assert_ne!(chain_hash(&GENESIS, 2, &base), hash, "the seq is covered");
    }
}
