//! Repeats and duplicates: whether a new case closely matches an earlier one from the same
//! person (an e-mail address on both, as [`crate::conduct::Person`]) or about the same matter
//! (the distinctive words of what happened), the refusal reason a procedure gives for
//! complaints already investigated, and whether one case may be merged into another.
//!
//! The matter of a case is its [`matter_words`]: the words of what happened, in lower case,
//! without the common words of English and of complaints, each once. Two cases are about the
//! same matter when their Jaccard similarity (words in both over words in either) is at least
//! [`SAME_MATTER`]. Deliberately plain: an officer confirms every flag; nothing is refused on a
//! flag alone.

use std::collections::HashSet;

use serde::Serialize;

use jiff::Timestamp;

use crate::calendar::Calendar;
use crate::case::{Case, Command, Event, Fact, MergeInto, Party, Refusal, RefusalCode, decide};
use crate::procedure::{Exclusion, Procedure};

/// The similarity from which two cases are flagged as about the same matter, in percent.
pub const SAME_MATTER: u8 = 50;

/// The most words kept of a case's matter: enough for a page-long complaint's gist.
const MOST_WORDS: usize = 80;

/// The id a procedure gives the exclusion of complaints already investigated (Sunderland's
/// "Complaints which have already been investigated", SENDIASS's 3.3): the refusal reason
/// shown beside a repeat of an investigated complaint.
pub const ALREADY_INVESTIGATED: &str = "already-investigated";

/// Words too common to tell one matter from another, in order (`matter_words` searches them).
const COMMON: &[&str] = &[
    "about",
    "after",
    "again",
    "all",
    "also",
    "and",
    "any",
    "are",
    "asked",
    "because",
    "been",
    "before",
    "being",
    "but",
    "can",
    "complain",
    "complaining",
    "complaint",
    "could",
    "dear",
    "did",
    "does",
    "doing",
    "each",
    "even",
    "ever",
    "every",
    "for",
    "from",
    "get",
    "got",
    "had",
    "has",
    "have",
    "her",
    "here",
    "him",
    "his",
    "how",
    "into",
    "its",
    "just",
    "let",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "mine",
    "more",
    "most",
    "much",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "off",
    "once",
    "one",
    "only",
    "other",
    "our",
    "out",
    "over",
    "own",
    "please",
    "said",
    "same",
    "say",
    "she",
    "should",
    "so",
    "some",
    "still",
    "such",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "told",
    "too",
    "under",
    "until",
    "upon",
    "use",
    "very",
    "want",
    "wanted",
    "was",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
    "yours",
];

/// The distinctive words of `text`: letters and digits in lower case, three or more long, not
/// among the common words, each once, in order of first use, at most 80.
pub fn matter_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().nth(2).is_some() && COMMON.binary_search(&w.as_str()).is_err())
    {
        if out.len() == MOST_WORDS {
            break;
        }
        if seen.insert(word.clone()) {
            out.push(word);
        }
    }
    out
}

/// How alike two cases' matters are, in percent: words in both over words in either (0 when
/// either has none). A matter is words each once, as [`matter_words`] gives them.
pub fn similarity(a: &[String], b: &[String]) -> u8 {
    similar(&word_set(a), b)
}

fn word_set(words: &[String]) -> HashSet<&str> {
    words.iter().map(String::as_str).collect()
}

/// [`similarity`] with the first matter's words in a set, so a case compared with hundreds of
/// others is looked up in, not searched.
fn similar(a: &HashSet<&str>, b: &[String]) -> u8 {
    let both = b.iter().filter(|w| a.contains(w.as_str())).count();
    let either = a.len() + b.len() - both;
    if either == 0 || both == 0 {
        return 0;
    }
    ((both * 100) / either) as u8
}

/// An earlier case, as the store knows it, to compare a new one with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Earlier {
    /// Its reference.
    pub reference: String,
    /// Whether an e-mail address of the new case's person is on it.
    pub same_person: bool,
    /// Its matter words.
    pub words: Vec<String>,
    /// Whether it was investigated (a response was sent at some stage).
    pub investigated: bool,
}

/// An earlier case a new one closely matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repeat {
    /// The earlier case.
    pub reference: String,
    /// From the same person.
    pub same_person: bool,
    /// About the same matter (similarity at least [`SAME_MATTER`]).
    pub same_matter: bool,
    /// How alike, in percent.
    pub similarity: u8,
    /// Whether the earlier case was investigated.
    pub investigated: bool,
}

/// The earlier cases `words` (the new case's matter) closely matches: from the same person,
/// or about the same matter; the most alike first.
pub fn repeats(reference: &str, words: &[String], earlier: &[Earlier]) -> Vec<Repeat> {
    let words = word_set(words);
    let mut out: Vec<Repeat> = earlier
        .iter()
        .filter(|e| e.reference != reference)
        .filter_map(|e| {
            let similarity = similar(&words, &e.words);
            let same_matter = similarity >= SAME_MATTER;
            (e.same_person || same_matter).then(|| Repeat {
                reference: e.reference.clone(),
                same_person: e.same_person,
                same_matter,
                similarity,
                investigated: e.investigated,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (b.same_matter, b.similarity, b.same_person)
            .cmp(&(a.same_matter, a.similarity, a.same_person))
            .then_with(|| a.reference.cmp(&b.reference))
    });
    out
}

/// The exclusion a procedure gives for complaints already investigated, when a repeat of an
/// investigated complaint makes it worth offering: its title and note are the refusal reason.
pub fn refusal_reason<'p>(procedure: &'p Procedure, found: &[Repeat]) -> Option<&'p Exclusion> {
    if !found.iter().any(|r| r.investigated && r.same_matter) {
        return None;
    }
    procedure
        .exclusions
        .iter()
        .find(|e| e.id == ALREADY_INVESTIGATED)
}

/// Whether a case was investigated: a response was sent at some stage.
pub fn investigated(case: &Case) -> bool {
    case.stages.iter().any(|s| s.response.is_some())
}

/// Whether the case `merged` (reference `merged_ref`, in `merged_org`) may be merged into
/// `survivor` (`survivor_ref`, in `survivor_org`): not into itself, within one organisation,
/// neither closed, and not into a case that was itself merged.
pub fn may_merge(
    merged_ref: &str,
    merged: &Case,
    merged_org: &crate::ids::OrgId,
    survivor_ref: &str,
    survivor: &Case,
    survivor_org: &crate::ids::OrgId,
) -> Result<(), Refusal> {
    if merged_ref == survivor_ref {
        return Err(Refusal::invalid(
            "reference",
            "a case cannot be merged into itself",
        ));
    }
    if merged_org != survivor_org {
        return Err(Refusal::invalid(
            "reference",
            "a case can only be merged into a case of the same organisation",
        ));
    }
    if merged.closed.is_some() {
        return Err(Refusal::new(RefusalCode::Closed, "this case is closed"));
    }
    if survivor.closed.is_some() {
        return Err(Refusal::invalid(
            "reference",
            format!("{survivor_ref} is closed: merge into an open case"),
        ));
    }
    if merged.merged_into.is_some() || survivor.merged_into.is_some() {
        return Err(Refusal::invalid(
            "reference",
            format!("{survivor_ref} was itself merged into another case"),
        ));
    }
    Ok(())
}

/// Merges the case `merged` (`merged_ref`, of `merged_org`, under `procedure`) into
/// `survivor` (`survivor_ref`, of `survivor_org`) at `at`, by `party`: the events to append to
/// each, or why not. The duplicate's own rules are the decider's (`merge-into`: staff only, an
/// open case, the acting party's roles); the survivor's are [`may_merge`]'s. The survivor's
/// event is dated no earlier than its latest, so its history stays in order.
#[allow(clippy::too_many_arguments)]
pub fn decide_merge(
    merged_ref: &str,
    merged: &Case,
    merged_org: &crate::ids::OrgId,
    survivor_ref: &str,
    survivor: &Case,
    survivor_org: &crate::ids::OrgId,
    procedure: &Procedure,
    calendar: &Calendar,
    at: Timestamp,
    party: Party,
) -> Result<(Vec<Event>, Vec<Event>), Refusal> {
    may_merge(
        merged_ref,
        merged,
        merged_org,
        survivor_ref,
        survivor,
        survivor_org,
    )?;
    let merged_events = decide(
        merged,
        Command::MergeInto(MergeInto {
            reference: survivor_ref.to_owned(),
        }),
        procedure,
        calendar,
        at,
        party,
    )?;
    let survivor_at = survivor.last_event_at.map_or(at, |last| at.max(last));
    let survivor_events = vec![Event {
        at: survivor_at,
        fact: Fact::DuplicateMerged {
            from: merged_ref.to_owned(),
        },
    }];
    Ok((merged_events, survivor_events))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_words_are_in_order_for_the_binary_search() {
        assert!(COMMON.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn a_word_is_kept_once_and_common_ones_not_at_all() {
        assert_eq!(
            matter_words("The bus was LATE, late again; the bus driver was rude. Bus 42!"),
            ["bus", "late", "driver", "rude"]
        );
    }
}
