//! The public compliments page: an organisation's published compliments and suggestions, a page
//! at a time, from the store's `published_items` read model. Which kinds an organisation
//! publishes, and where, is core's answer (`publication::published_kinds`); what each item shows
//! is core's `PublicItem`: no reference, no name, the wording an officer approved.

use redress_core::calendar::london_date;
use redress_core::case::publication::published_kinds;
use redress_core::ids::OrgId;
use redress_core::procedure::FeedbackKind;
use redress_store::{PublishedRow, Store};

use crate::{App, AppError, AppResult};

/// Items to a page: the page stays small whatever the organisation has published.
pub const PER_PAGE: u32 = 50;

/// The last page number (from 0) that is read; past it a page is empty, so no request makes
/// the database skip more than this many pages of rows.
pub const LAST_PAGE: u32 = 999;

/// One page of an organisation's public compliments page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicPage {
    /// The organisation's name, from its procedure in force.
    pub organisation: String,
    /// The kinds it publishes, each with where (its procedure's `publish.where`). Empty: it
    /// publishes nothing, and has no such page.
    pub kinds: Vec<(FeedbackKind, String)>,
    /// The items, newest first.
    pub items: Vec<PublishedRow>,
    /// This page's number, from 0.
    pub page: u32,
    /// Whether a later page has more.
    pub more: bool,
}

impl<S: Store> App<S> {
    /// Page `page` (from 0) of `org`'s published items. `NotFound` for an organisation with no
    /// procedure in force; an organisation that publishes nothing answers with no kinds and no
    /// items, without reading the store.
    pub async fn published(&self, org: &OrgId, page: u32) -> AppResult<PublicPage> {
        let today = london_date(self.now());
        let loaded = self
            .procedures()
            .in_force(org, today)
            .ok_or(AppError::NotFound)?;
        let procedure = &loaded.procedure;
        let kinds: Vec<(FeedbackKind, String)> = published_kinds(procedure)
            .into_iter()
            .map(|(kind, publish)| (kind, publish.place.clone()))
            .collect();
        let mut answer = PublicPage {
            organisation: procedure.organisation.name.clone(),
            kinds,
            items: Vec::new(),
            page,
            more: false,
        };
        if answer.kinds.is_empty() || page > LAST_PAGE {
            return Ok(answer);
        }
        let found = self.store.published_items(org, page, PER_PAGE).await?;
        answer.items = found.items;
        answer.more = found.more && page < LAST_PAGE;
        Ok(answer)
    }
}
