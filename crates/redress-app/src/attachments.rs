//! The attachment use cases: upload a file before the case exists (the public form), attach a
//! file to a case (staff, the complainant's tracking page, e-mail in), list and read them.
//!
//! A file is checked before anything is stored: its size against the limit, its kind by its
//! content (core's `sniff`), the case's count against the limit, and the command through the
//! decider. Only then is the content written (`Files::put`) and the event appended. Every
//! refusal names the field `file`, the upload field of the forms and the API.

use redress_core::case::attachment::{ALLOWED_WORDS, sniff};
use redress_core::case::{
    AddAttachment, AttachmentRecord, AttachmentSource, Case, Command, CommandKind, Event, Party,
    Refusal,
};
use redress_core::ids::OrgId;
use redress_store::Store;
use serde::Serialize;

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::files::Files;
use crate::views::TrackingView;

/// The name of the upload field, which every refusal about a file names.
pub const FIELD: &str = "file";

/// A file stored by the public form before its case exists, to be linked when it is received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Upload {
    /// Its name, as given.
    pub name: String,
    /// Its media type, told by its content.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of its content: what the form carries to link it.
    pub sha256: String,
}

/// A refusal about an attachment's values, named by the upload field (a problem with its name
/// keeps the field `name`).
pub(crate) fn on_file(refusal: Refusal) -> AppError {
    let named = refusal.field.as_deref() == Some("name");
    AppError::Refused(if named { refusal } else { refusal.field(FIELD) })
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::invalid(FIELD, message)
}

fn io(error: std::io::Error) -> AppError {
    AppError::Internal(Box::new(error))
}

impl<S: Store> App<S> {
    /// The app with `files` as its attachment store (without one, attachments are refused).
    pub fn with_files(mut self, files: Files) -> App<S> {
        self.files = Some(std::sync::Arc::new(files));
        self
    }

    /// The attachment store, if this instance has one.
    pub fn files(&self) -> Option<&Files> {
        self.files.as_deref()
    }

    fn store_of_files(&self) -> AppResult<&Files> {
        self.files
            .as_deref()
            .ok_or_else(|| invalid("this service does not accept files"))
    }

    /// Checks a file against the limits and by its content, storing nothing: the command that
    /// would attach it.
    fn command_for(
        &self,
        name: &str,
        bytes: &[u8],
        source: AttachmentSource,
    ) -> AppResult<AddAttachment> {
        let files = self.store_of_files()?;
        if bytes.is_empty() {
            return Err(invalid(
                "the file is empty: choose a file with something in it",
            ));
        }
        if bytes.len() as u64 > files.limits.max_bytes {
            return Err(invalid(format!(
                "the file is {}, larger than the {} a file may be",
                size_words(bytes.len() as u64),
                size_words(files.limits.max_bytes)
            )));
        }
        let Some(media_type) = sniff(bytes) else {
            return Err(invalid(format!(
                "this kind of file cannot be attached: attach {ALLOWED_WORDS}"
            )));
        };
        use sha2::Digest;
        Ok(AddAttachment {
            name: name.to_owned(),
            media_type: media_type.to_owned(),
            size: bytes.len() as u64,
            sha256: hex::encode(sha2::Sha256::digest(bytes)),
            source,
        })
    }

    fn check_count(&self, case: &Case, adding: usize) -> AppResult<()> {
        let limit = self.store_of_files()?.limits.per_case;
        if case.attachments.len() + adding > limit {
            return Err(invalid(format!(
                "a case may hold at most {limit} files, and this one has {}",
                case.attachments.len()
            )));
        }
        Ok(())
    }

    /// Stores a file from the public form before its case exists: checked like any attachment,
    /// and kept (once per content) until the case that names it is received.
    pub async fn upload(&self, name: &str, bytes: &[u8]) -> AppResult<Upload> {
        let command = self.command_for(name, bytes, AttachmentSource::PublicForm)?;
        // The name's rules are core's: check them now, so the form shows a bad name at once.
        redress_core::case::input::check_texts(&Command::AddAttachment(command.clone()))
            .map_err(on_file)?;
        let files = self.store_of_files()?.clone();
        let bytes = bytes.to_vec();
        tokio::task::spawn_blocking(move || files.put(&bytes))
            .await
            .map_err(|e| AppError::Internal(Box::new(e)))?
            .map_err(io)?;
        Ok(Upload {
            name: command.name,
            media_type: command.media_type,
            size: command.size,
            sha256: command.sha256,
        })
    }

    /// The commands that link uploaded files, each (name, SHA-256), to a new case.
    pub(crate) fn uploaded(
        &self,
        uploads: &[(String, String)],
        source: AttachmentSource,
    ) -> AppResult<Vec<AddAttachment>> {
        if uploads.is_empty() {
            return Ok(Vec::new());
        }
        self.check_count(&Case::default(), uploads.len())?;
        let files = self.store_of_files()?;
        uploads
            .iter()
            .map(|(name, sha256)| {
                let bytes = files.get(sha256).map_err(io)?.ok_or_else(|| {
                    invalid("the file uploaded earlier is no longer here: upload it again")
                })?;
                self.command_for(name, &bytes, source)
            })
            .collect()
    }

    /// Attaches a file to a case for a trusted caller, with no actor to check: the e-mail-in
    /// worker, once it has matched the message to the case (`source` is then `Email`).
    pub async fn attach_as(
        &self,
        reference: &str,
        name: &str,
        bytes: &[u8],
        source: AttachmentSource,
    ) -> AppResult<AttachmentRecord> {
        let stream = self
            .store
            .load(reference)
            .await?
            .ok_or(AppError::NotFound)?;
        self.attach_to(
            &Actor::Public,
            reference,
            &stream.org,
            stream.events,
            name,
            bytes,
            source,
        )
        .await
    }

    /// Whether `actor` may attach a file to the case: `NotFound` for a case they may not see,
    /// `Forbidden` for one they may only read. Asked before an upload is read, so nobody else
    /// gets as far as having their file checked.
    pub async fn may_attach(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> AppResult<(OrgId, Vec<Event>)> {
        let (org, events) = self
            .visible(actor, reference, crate::audit::Seen::ToChange)
            .await?;
        if !actor.can_act(&org) {
            return Err(AppError::Forbidden(
                "read-only users cannot add files to cases".to_owned(),
            ));
        }
        Ok((org, events))
    }

    /// Staff attach a file to a case they may act on.
    pub async fn attach(
        &self,
        actor: &Actor,
        reference: &str,
        name: &str,
        bytes: &[u8],
    ) -> AppResult<AttachmentRecord> {
        let (org, events) = self.may_attach(actor, reference).await?;
        self.attach_to(
            actor,
            reference,
            &org,
            events,
            name,
            bytes,
            AttachmentSource::Staff,
        )
        .await
    }

    /// The complainant attaches a file on their tracking page, where core lets them send
    /// information.
    pub async fn track_attach(
        &self,
        token: &str,
        name: &str,
        bytes: &[u8],
    ) -> AppResult<TrackingView> {
        let (reference, org, events) = self.tracked(token).await?;
        if !Party::Complainant.may(CommandKind::AddAttachment, &Case::from_events(&events)) {
            return Err(invalid("files can be sent only while the case is open"));
        }
        self.attach_to(
            &Actor::Public,
            &reference,
            &org,
            events,
            name,
            bytes,
            AttachmentSource::TrackingPage,
        )
        .await?;
        self.track(token).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn attach_to(
        &self,
        actor: &Actor,
        reference: &str,
        org: &redress_core::ids::OrgId,
        events: Vec<redress_core::case::Event>,
        name: &str,
        bytes: &[u8],
        source: AttachmentSource,
    ) -> AppResult<AttachmentRecord> {
        let command = self.command_for(name, bytes, source)?;
        let case = Case::from_events(&events);
        self.check_count(&case, 1)?;
        let files = self.store_of_files()?.clone();
        let sha256 = command.sha256.clone();
        self.commit_prepared(
            actor,
            reference,
            org,
            events,
            Command::AddAttachment(command),
            None,
            None,
            None,
            || files.put(bytes).map(drop).map_err(io),
        )
        .await
        .map_err(|error| match error {
            AppError::Refused(refusal) => on_file(refusal),
            other => other,
        })?;
        let stream = self
            .store
            .load(reference)
            .await?
            .ok_or(AppError::NotFound)?;
        Case::from_events(&stream.events)
            .attachments
            .into_iter()
            .find(|a| a.sha256 == sha256)
            .ok_or(AppError::NotFound)
    }

    /// The files attached to a case the actor may see.
    pub async fn attachments(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> AppResult<Vec<AttachmentRecord>> {
        let (_, events) = self
            .visible(
                actor,
                reference,
                crate::audit::Seen::Read("list attachments"),
            )
            .await?;
        Ok(Case::from_events(&events).attachments)
    }

    /// One file of a case the actor may see, with its content; `NotFound` for a file that is
    /// not attached to this case, whatever the store holds.
    pub async fn attachment(
        &self,
        actor: &Actor,
        reference: &str,
        sha256: &str,
    ) -> AppResult<(AttachmentRecord, Vec<u8>)> {
        // Named by its digest's first 12 hex digits, never by its file name (which may name
        // a person).
        let short: String = sha256.chars().take(12).collect();
        let action = format!("download attachment {short}");
        let (_, events) = self
            .visible(actor, reference, crate::audit::Seen::Read(&action))
            .await?;
        let record = Case::from_events(&events)
            .attachments
            .into_iter()
            .find(|a| a.sha256 == sha256)
            .ok_or(AppError::NotFound)?;
        let bytes = self
            .store_of_files()
            .map_err(|_| AppError::NotFound)?
            .get(sha256)
            .map_err(io)?
            .ok_or_else(|| {
                AppError::Internal(format!("attachment {sha256} of {reference} is missing").into())
            })?;
        Ok((record, bytes))
    }
}

/// A size in words: "10 MiB", "512 KiB", "300 bytes".
pub fn size_words(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        let tenths = (bytes * 10 + MIB / 2) / MIB;
        if tenths.is_multiple_of(10) {
            format!("{} MiB", tenths / 10)
        } else {
            format!("{}.{} MiB", tenths / 10, tenths % 10)
        }
    } else if bytes >= KIB {
        format!("{} KiB", (bytes + KIB / 2) / KIB)
    } else {
        format!("{bytes} bytes")
    }
}
