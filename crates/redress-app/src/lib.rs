//! redress-app: the use cases. Each is load → decide → commit, called alike by the web layer
//! and the CLI. The `Clock` port is the only source of time; the store is any `Store`.

#![forbid(unsafe_code)]

pub mod accounts;
pub mod admin;
pub mod assess;
pub mod attachments;
pub mod audit;
pub mod auth;
mod cases;
pub mod clock;
pub mod conduct;
pub mod dashboard;
pub mod digest;
pub mod enquiries;
pub mod error;
pub mod files;
pub mod ical;
pub mod idempotency;
pub mod letters;
pub mod mail;
pub mod person;
pub mod person_pdf;
pub mod procedures;
pub mod published;
mod repeats;
pub mod replay;
pub mod reports;
pub mod retention;
pub mod rng;
pub mod tracking;
pub mod views;
mod zip;

use std::sync::Arc;

use redress_core::case::Case;
use redress_core::ids::OrgId;
use redress_store::{ExportedEvent, NewUser, ProcedureVersion, ReadModels, Role, Store};

pub use attachments::Upload;
pub use cases::Submitted;
pub use error::{AppError, AppResult};

use auth::{Actor, hash_password, hash_token, new_token, verify_password};
use clock::Clock;
use procedures::Procedures;

/// Where links point when no `public_url` is configured: the default listening address.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// An argon2id hash of a random password, made once, to verify against for unknown usernames.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&new_token().0))
}

/// A batch of an import with its cases' read models, folded and not yet written
/// ([`App::fold_import`]).
pub struct ImportBatch {
    events: Vec<ExportedEvent>,
    models: Vec<ReadModels>,
}

/// The application: a store, the loaded procedures, a clock and a random source.
#[derive(Clone)]
pub struct App<S> {
    store: S,
    procedures: Arc<Procedures>,
    clock: Arc<dyn Clock>,
    rng: Arc<dyn rng::Rng>,
    /// How e-mail is sent (settings and the worker's wake-up call).
    mail: Arc<mail::Mail>,
    /// Letter and e-mail templates: the shipped ones and each organisation's own.
    templates: redress_letters::Templates,
    /// The day each organisation's digest last went.
    digests_sent: digest::DigestsSent,
    /// Where attachments are kept, when the app has a data directory.
    files: Option<Arc<files::Files>>,
    /// How long a case is kept after closure when its procedure is silent (`retention_default`).
    retention_default: redress_core::calendar::Duration,
    /// How long a new API token lasts unless told otherwise (`token_lifetime_days`).
    token_lifetime_days: u32,
    /// How long an `Idempotency-Key` counts after its first use (`idempotency_key_hours`).
    idempotency_key_hours: u32,
}

impl<S: Store> App<S> {
    /// Starts the app: records every loaded procedure version in the store, and loads back any
    /// stored version the files no longer have, so open cases keep the version they began on.
    pub async fn start(
        store: S,
        mut procedures: Procedures,
        clock: Arc<dyn Clock>,
    ) -> AppResult<App<S>> {
        for loaded in procedures.all().cloned().collect::<Vec<_>>() {
            let procedure = &loaded.procedure;
            store
                .save_procedure(ProcedureVersion {
                    org: procedure.organisation.id.clone(),
                    version: procedure.procedure.version.clone(),
                    effective_from: procedure.procedure.effective_from,
                    text: loaded.text.clone(),
                })
                .await
                .map_err(|error| match error {
                    redress_store::StoreError::Duplicate(_) => AppError::invalid(
                        "procedure",
                        format!(
                            "{} version {} differs from the copy already stored; give the changed file a new version",
                            procedure.organisation.id, procedure.procedure.version
                        ),
                    ),
                    other => other.into(),
                })?;
        }
        let orgs: Vec<OrgId> = procedures.orgs().cloned().collect();
        for org in orgs {
            for stored in store.procedures(&org).await? {
                procedures
                    .add(&stored.text)
                    .map_err(|e| AppError::invalid("procedure", e))?;
            }
        }
        Ok(App {
            store,
            procedures: Arc::new(procedures),
            clock,
            rng: Arc::new(rng::SystemRng),
            mail: Arc::default(),
            templates: redress_letters::Templates::shipped(),
            digests_sent: digest::DigestsSent::default(),
            files: None,
            retention_default: retention::DEFAULT_RETENTION,
            token_lifetime_days: accounts::DEFAULT_TOKEN_LIFETIME_DAYS,
            idempotency_key_hours: idempotency::DEFAULT_KEY_HOURS,
        })
    }

    /// The app with `public_url` as the address links in e-mails and letters start with,
    /// e.g. `https://feedback.example.org`.
    pub fn with_public_url(self, public_url: &str) -> App<S> {
        let mut settings = self.mail.settings.clone();
        settings.public_url = public_url.trim_end_matches('/').to_owned();
        self.with_mail(settings)
    }

    /// Where the public reaches this instance.
    pub fn public_url(&self) -> &str {
        &self.mail.settings.public_url
    }

    /// The app with `rng` as its random source (tests; production uses the system's).
    pub fn with_rng(mut self, rng: Arc<dyn rng::Rng>) -> App<S> {
        self.rng = rng;
        self
    }

    /// The app with `templates` for its letters (the shipped ones and each organisation's own,
    /// from files beside the procedures; see `redress_letters::Templates::load`).
    pub fn with_templates(mut self, templates: redress_letters::Templates) -> App<S> {
        self.templates = templates;
        self
    }

    /// The letter and e-mail templates.
    pub fn templates(&self) -> &redress_letters::Templates {
        &self.templates
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The loaded procedures.
    pub fn procedures(&self) -> &Procedures {
        &self.procedures
    }

    /// The current instant, by the app's clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Adds a user, with a password if given.
    pub async fn add_user(
        &self,
        username: &str,
        display_name: &str,
        password: Option<&str>,
    ) -> AppResult<()> {
        if username.trim().is_empty() || username.chars().any(char::is_whitespace) {
            return Err(AppError::invalid(
                "username",
                "a username is one word, without spaces",
            ));
        }
        // Core's rule for one-line texts: no NUL or other control character reaches the store.
        for (field, value) in [("username", username), ("display_name", display_name)] {
            redress_core::case::input::text(value, redress_core::case::input::limits::NAME)
                .map_err(|problem| AppError::invalid(field, format!("{field} {problem}")))?;
        }
        if let Some(password) = password {
            accounts::check_new_password("password", password)?;
        }
        let user = NewUser {
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            password_hash: password.map(hash_password),
        };
        Ok(self.store.add_user(user).await?)
    }

    /// Gives a user a role in an organisation.
    pub async fn grant(&self, username: &str, org: &OrgId, role: Role) -> AppResult<()> {
        if self.procedures.latest(org).is_none() {
            return Err(AppError::invalid(
                "org",
                format!("no organisation `{org}` is loaded"),
            ));
        }
        self.store.user(username).await?.ok_or(AppError::NotFound)?;
        Ok(self.store.grant(username, org, role).await?)
    }

    /// Creates an API token for a user lasting the app's token lifetime; returns the token,
    /// which is shown once.
    pub async fn create_token(&self, username: &str, label: &str) -> AppResult<String> {
        self.create_token_lasting(username, label, self.token_lifetime_days)
            .await
            .map(|(token, _)| token)
    }

    /// The actor behind a live API token (not expired, not revoked); the use is recorded.
    pub async fn authenticate_token(&self, token: &str) -> AppResult<Actor> {
        let user = self
            .store
            .user_for_token(&hash_token(token), self.clock.now())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(Actor::from_user(user))
    }

    /// The actor behind a username and password.
    pub async fn authenticate_password(&self, username: &str, password: &str) -> AppResult<Actor> {
        let Some(user) = self.store.user(username).await? else {
            // Spend the same argon2 work as for a real user, so the time taken does not tell
            // whether the username exists.
            verify_password(password, dummy_hash());
            return Err(AppError::Unauthenticated);
        };
        match &user.password_hash {
            Some(hash) if verify_password(password, hash) => Ok(Actor::from_user(user)),
            _ => Err(AppError::Unauthenticated),
        }
    }

    /// On first start, creates `admin` with a role of admin in every organisation and a random
    /// temporary password (to be changed at the first sign-in), and returns the password (to be
    /// shown once). `None` if any user exists.
    pub async fn create_first_admin(&self) -> AppResult<Option<String>> {
        if self.store.has_users().await? {
            return Ok(None);
        }
        let (secret, _) = new_token();
        let password: String = secret.chars().take(20).collect();
        self.add_user("admin", "Administrator", None).await?;
        // Shown once on the console: it must be changed at the first sign-in.
        self.set_password("admin", &password, true).await?;
        for org in self.procedures.orgs() {
            self.store.grant("admin", org, Role::Admin).await?;
        }
        Ok(Some(password))
    }

    /// Rebuilds every case's read models from its events. Returns how many cases.
    ///
    /// Many cases at once: each is its own transaction, and the SQLite writer commits those
    /// queued together with one fsync (PostgreSQL groups its commits itself), where one at a
    /// time each waited for its own.
    pub async fn rebuild(&self) -> AppResult<usize> {
        use futures_util::{StreamExt, TryStreamExt};
        /// How many cases are rebuilt at once.
        const AT_ONCE: usize = 64;
        let references = self.store.all_references().await?;
        futures_util::stream::iter(&references)
            .map(|reference| async move {
                let stream = self
                    .store
                    .load(reference)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let models = self.models_from(reference, &stream.org, &stream.events)?;
                self.store.replace_read_models(models).await?;
                AppResult::Ok(())
            })
            .buffer_unordered(AT_ONCE)
            .try_collect::<Vec<()>>()
            .await?;
        self.store.recount_tallies().await?;
        Ok(references.len())
    }

    /// A case's read models, folded from its events under the procedure version they name.
    fn models_from<'a>(
        &self,
        reference: &str,
        org: &OrgId,
        events: impl IntoIterator<Item = &'a redress_core::case::Event>,
    ) -> AppResult<ReadModels> {
        let case = Case::from_events(events);
        let version = case.procedure_version.clone().unwrap_or_default();
        let loaded = self.procedures.version(org, &version).ok_or_else(|| {
            AppError::Internal(format!("procedure {org} version {version} is not loaded").into())
        })?;
        views::read_models(reference, org, &case, loaded)
    }

    /// Every event of an organisation, for the operator's export; each case exported is
    /// recorded in the audit log.
    pub async fn export(&self, org: &OrgId) -> AppResult<Vec<ExportedEvent>> {
        let events = self.store.export(org).await?;
        let mut references: Vec<String> = events.iter().map(|e| e.reference.clone()).collect();
        references.dedup();
        self.record_export(org, references).await?;
        Ok(events)
    }

    /// Imports a batch of exported events, each case's events together and in order, into a
    /// database that lacks those cases: the events and the read models of the imported cases
    /// only (folded here, before anything is written) go in one transaction, so a batch is
    /// imported whole or not at all. Returns how many cases the batch held. `redress import`
    /// streams a file through [`App::fold_import`] and [`App::write_import`] a batch at a time,
    /// folding the next batch while this one is written, so memory is bounded by two batches.
    pub async fn import(&self, events: Vec<ExportedEvent>) -> AppResult<usize> {
        let batch = self.fold_import(events)?;
        self.write_import(batch).await
    }

    /// The first half of [`App::import`]: each case's read models folded from its events, under
    /// the procedure version it ran on. Writes nothing.
    pub fn fold_import(&self, events: Vec<ExportedEvent>) -> AppResult<ImportBatch> {
        let models = events
            .chunk_by(|a, b| a.reference == b.reference)
            .map(|case| {
                self.models_from(
                    &case[0].reference,
                    &case[0].org,
                    case.iter().map(|exported| &exported.event),
                )
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(ImportBatch { events, models })
    }

    /// The second half of [`App::import`]: the batch in one transaction. Returns how many cases
    /// it held.
    pub async fn write_import(&self, batch: ImportBatch) -> AppResult<usize> {
        let count = batch.models.len();
        self.store.import(batch.events, batch.models).await?;
        Ok(count)
    }
}
