//! `redress import FILE`: an export (JSON Lines) read as a stream, in two passes so memory stays
//! bounded whatever the file's size. The first pass checks every line and stores the
//! attachments' content (content-addressed, so storing twice is harmless); the second imports
//! the events a batch of whole cases at a time, each batch with its cases' read models in one
//! transaction (`App::fold_import`, `App::write_import`), so only the imported cases are
//! rebuilt; a batch is folded while the one before it is written.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use redress_app::{App, AppError, AppResult};
use redress_store::{AnyStore, ExportedEvent};
use tokio::task::JoinHandle;

use super::config::Config;
use super::server::open_app;
use super::store::app_error;

/// An attachment's content in an export: `{"file": {"sha256": …, "base64": …}}`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportedFile {
    file: ExportedContent,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportedContent {
    sha256: String,
    base64: String,
}

/// One line of an export.
enum Line {
    Blank,
    File(ExportedFile),
    Event(Box<ExportedEvent>),
}

/// Parses line `number` of `path`. A line whose first key is `"file"` is an attachment.
fn parse(path: &Path, number: usize, line: &str) -> anyhow::Result<Line> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Ok(Line::Blank);
    }
    let is_file = trimmed
        .strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with("\"file\""));
    if is_file {
        let content = serde_json::from_str(trimmed)
            .with_context(|| format!("{}:{number}: not an exported attachment", path.display()))?;
        return Ok(Line::File(content));
    }
    let event = serde_json::from_str(trimmed)
        .with_context(|| format!("{}:{number}: not an exported event", path.display()))?;
    Ok(Line::Event(Box::new(event)))
}

/// The file's lines, numbered from 1, read through a buffer.
fn lines(path: &Path) -> anyhow::Result<impl Iterator<Item = (usize, std::io::Result<String>)>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(std::io::BufReader::with_capacity(1 << 20, file)
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line)))
}

/// `redress import FILE [--batch-cases N]`: `batch_cases` cases per transaction (by default 500:
/// enough that each commit's fsync is shared by many cases, few enough that a batch's events and
/// read models are a few megabytes).
pub async fn import(
    config: &Config,
    path: PathBuf,
    batch_cases: usize,
) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    // Pass 1: every line parses, and the content is stored before any event names it.
    let files = app
        .files()
        .ok_or_else(|| anyhow!("no data directory for attachments"))?;
    let mut events = 0usize;
    for (number, line) in lines(&path)? {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        match parse(&path, number, &line)? {
            Line::Blank => {}
            Line::Event(_) => events += 1,
            Line::File(ExportedFile { file: content }) => {
                let bytes = BASE64.decode(&content.base64).with_context(|| {
                    format!(
                        "{}:{number}: the file's content is not base64",
                        path.display()
                    )
                })?;
                let stored = files
                    .put(&bytes)
                    .with_context(|| format!("cannot store the attachment of line {number}"))?;
                if stored != content.sha256 {
                    bail!(
                        "{}:{number}: the file's content does not match its SHA-256",
                        path.display()
                    );
                }
            }
        }
    }
    if events == 0 {
        bail!("{}: no events to import", path.display());
    }
    // Pass 2: the events, a batch of whole cases at a time; each batch is folded here while
    // the one before it is written, and written only after that one has committed.
    let mut import = Batches {
        app: &app,
        path: &path,
        imported: 0,
        writing: None,
    };
    let mut batch: Vec<ExportedEvent> = Vec::new();
    let mut cases_in_batch = 0usize;
    let mut batch_starts = 1usize;
    for (number, line) in lines(&path)? {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        let Line::Event(event) = parse(&path, number, &line)? else {
            continue;
        };
        let new_case = batch
            .last()
            .is_none_or(|last| last.reference != event.reference);
        if new_case {
            if cases_in_batch == batch_cases {
                import
                    .start(batch_starts, std::mem::take(&mut batch))
                    .await?;
                cases_in_batch = 0;
                batch_starts = number;
            }
            cases_in_batch += 1;
        }
        batch.push(*event);
    }
    import.start(batch_starts, batch).await?;
    let imported = import.finish().await?;
    println!("imported {imported} case(s)");
    Ok(ExitCode::SUCCESS)
}

/// The batches of pass 2: at most one being written while the next is folded.
struct Batches<'a> {
    app: &'a App<AnyStore>,
    path: &'a Path,
    /// Cases in the batches committed so far.
    imported: usize,
    /// The batch being written: the line it starts at, and its write.
    writing: Option<(usize, JoinHandle<AppResult<usize>>)>,
}

impl Batches<'_> {
    /// Folds the batch from line `starts` and starts writing it once the one before has
    /// committed.
    async fn start(&mut self, starts: usize, events: Vec<ExportedEvent>) -> anyhow::Result<()> {
        let folded = self.app.fold_import(events);
        self.finish().await?;
        let folded = folded.map_err(|error| self.stopped(starts, error))?;
        let app = self.app.clone();
        let write = tokio::spawn(async move { app.write_import(folded).await });
        self.writing = Some((starts, write));
        Ok(())
    }

    /// Waits for the batch being written, if any; returns the cases committed so far.
    async fn finish(&mut self) -> anyhow::Result<usize> {
        if let Some((starts, write)) = self.writing.take() {
            let written = write
                .await
                .context("the import's writer stopped")?
                .map_err(|error| self.stopped(starts, error))?;
            self.imported += written;
        }
        Ok(self.imported)
    }

    /// Where the import stopped and what was imported before.
    fn stopped(&self, starts: usize, error: AppError) -> anyhow::Error {
        app_error(error).context(format!(
            "{}: the batch from line {starts} was not imported ({} case(s) before it were)",
            self.path.display(),
            self.imported
        ))
    }
}
