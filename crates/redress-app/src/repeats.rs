//! Repeats and duplicates: the earlier cases a case closely matches (core's
//! `redress_core::repeats` decides; the store gives the cases of the same person and the most
//! recent ones of the organisation), and merging a duplicate into the case that survives.

use redress_core::case::Case;
use redress_core::ids::OrgId;
use redress_core::procedure::Exclusion;
use redress_core::repeats::{Earlier, Repeat, matter_words, refusal_reason, repeats};
use redress_store::Store;

use crate::App;
use crate::auth::Actor;
use crate::error::AppResult;
use crate::procedures::Loaded;
use crate::views::case_people;

/// How many of an organisation's most recent cases a case is compared with for the same
/// matter, besides every case of the same person.
const RECENT: u32 = 500;

impl<S: Store> App<S> {
    /// The earlier cases `case` closely matches, that the actor may see, and the procedure's
    /// refusal reason when one of them was investigated.
    pub(crate) async fn repeats_of(
        &self,
        actor: &Actor,
        org: &OrgId,
        reference: &str,
        case: &Case,
        loaded: &Loaded,
    ) -> AppResult<(Vec<Repeat>, Option<Exclusion>)> {
        let Some(submission) = &case.submission else {
            return Ok((Vec::new(), None));
        };
        let people = case_people(case);
        let received = case.received_at;
        let earlier: Vec<Earlier> = self
            .store
            .matters(org, &people, RECENT)
            .await?
            .into_iter()
            .filter(|row| received.is_none_or(|r| row.received_at <= r))
            .map(|row| Earlier {
                same_person: row.people.iter().any(|p| people.contains(p)),
                reference: row.reference,
                words: row.matter.words,
                investigated: row.matter.investigated,
            })
            .collect();
        let words = matter_words(&submission.what_happened);
        let mut found = Vec::new();
        for repeat in repeats(reference, &words, &earlier) {
            // A case the actor may not open is not even hinted at.
            if self.visible(actor, &repeat.reference).await.is_ok() {
                found.push(repeat);
            }
        }
        let refusal = refusal_reason(&loaded.procedure, &found).cloned();
        Ok((found, refusal))
    }
}
