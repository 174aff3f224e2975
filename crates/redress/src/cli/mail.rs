//! `redress mail`: e-mail in. `ingest` reads one message on standard input (for a mail
//! server's pipe); `poll` reads the IMAP mailbox of `imap_url` once; and the poller `serve` runs
//! when `imap_url` is set.
//!
//! Exit codes follow sysexits, which mail servers read: 0 stored (or stored before), 65
//! (`EX_DATAERR`) refused — the message is bounced with the reason — and 75 (`EX_TEMPFAIL`)
//! when the store failed, so the mail server tries again later.

use std::io::Read;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use redress_app::App;
use redress_app::mail::imap::ImapUrl;
use redress_app::mail::inbound::{Ingested, MailIn};
use redress_app::mail::parse::MailLimits;
use redress_core::ids::OrgId;
use redress_store::Store;

use super::config::Config;
use super::server::open_app;

/// The `mail` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum MailCommand {
    /// Read one RFC 5322 message on standard input and store it.
    Ingest,
    /// Fetch every message from the IMAP mailbox of `imap_url` once.
    Poll,
}

const EX_DATAERR: u8 = 65;
const EX_TEMPFAIL: u8 = 75;

/// E-mail in's settings from the configuration.
pub fn settings(config: &Config) -> anyhow::Result<MailIn> {
    let org = config
        .mail_org
        .as_deref()
        .map(|org| OrgId::parse(org).map_err(|error| anyhow::anyhow!("mail_org: {error}")))
        .transpose()?;
    let domain = match &config.mail_from {
        Some(from) => {
            let address = from
                .rsplit_once('<')
                .map_or(from.as_str(), |(_, rest)| rest.trim_end_matches('>'));
            match address.rsplit_once('@') {
                Some((_, domain)) if !domain.trim().is_empty() => Some(domain.trim().to_owned()),
                _ => bail!("mail_from: `{from}` is not an e-mail address"),
            }
        }
        None => None,
    };
    Ok(MailIn {
        org,
        domain,
        limits: MailLimits {
            max_message_bytes: config.mail_max_message_bytes,
            max_header_bytes: config.mail_max_header_bytes,
            ..MailLimits::default()
        },
    })
}

fn check_org<S: Store>(app: &App<S>, settings: &MailIn) -> anyhow::Result<()> {
    if let Some(org) = &settings.org
        && app.procedures().latest(org).is_none()
    {
        bail!("mail_org: no organisation `{org}` is loaded");
    }
    Ok(())
}

/// Runs a `mail` subcommand.
pub async fn run(config: &Config, command: MailCommand) -> anyhow::Result<ExitCode> {
    let settings = settings(config)?;
    match command {
        MailCommand::Ingest => {
            let mut raw = Vec::new();
            // One byte over the limit is enough to know it is too large.
            std::io::stdin()
                .take(settings.limits.max_message_bytes as u64 + 1)
                .read_to_end(&mut raw)
                .context("cannot read the message on standard input")?;
            let app = match open_app(config).await {
                Ok(app) => app,
                Err(error) => {
                    eprintln!("error: {error:#}");
                    return Ok(ExitCode::from(EX_TEMPFAIL));
                }
            };
            check_org(&app, &settings)?;
            match app.ingest_mail(&raw, None, &settings).await {
                Ok(outcome) => Ok(report(&outcome)),
                Err(error) => {
                    eprintln!("error: the message was not stored: {error}");
                    Ok(ExitCode::from(EX_TEMPFAIL))
                }
            }
        }
        MailCommand::Poll => {
            let url = imap_url(config)?;
            let app = open_app(config).await?;
            check_org(&app, &settings)?;
            let polled = app
                .poll_imap(&url, &settings)
                .await
                .map_err(|error| anyhow::anyhow!("{error}"))?;
            for (_, outcome) in &polled.messages {
                report(outcome);
            }
            println!("{} messages read", polled.messages.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn imap_url(config: &Config) -> anyhow::Result<ImapUrl> {
    let url = config.imap_url.as_deref().context(
        "imap_url is not set: give --imap-url, REDRESS_IMAP_URL or imap_url in redress.toml",
    )?;
    ImapUrl::parse(url).map_err(anyhow::Error::msg)
}

/// Prints what became of a message; the exit code that says it.
fn report(outcome: &Ingested) -> ExitCode {
    match outcome {
        Ingested::Information { reference, mail } => {
            println!("stored: information received on {reference} (e-mail {mail})");
        }
        Ingested::NewCase { reference, mail } => {
            println!("stored: new case {reference}, awaiting triage (e-mail {mail})");
        }
        Ingested::Triaged { mail, reason } => {
            println!("stored: in the triage queue, because {reason} (e-mail {mail})");
        }
        Ingested::AlreadyStored { mail } => {
            println!("stored before: nothing new (e-mail {mail})");
        }
        Ingested::Refused { reason } => {
            eprintln!("refused: {reason}");
            return ExitCode::from(EX_DATAERR);
        }
    }
    ExitCode::SUCCESS
}

/// `serve`'s poller: polls `imap_url` every `imap_interval` seconds until `stop` says so; a
/// poll under way finishes first. Does nothing when `imap_url` is not set.
pub async fn poller<S: Store>(
    app: App<S>,
    config: Config,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<()> {
    if config.imap_url.is_none() {
        return Ok(());
    }
    let url = imap_url(&config)?;
    let settings = settings(&config)?;
    check_org(&app, &settings)?;
    tracing::info!(mailbox = ?url, every = config.imap_interval, "polling for e-mail");
    loop {
        match app.poll_imap(&url, &settings).await {
            Ok(report) if !report.messages.is_empty() => {
                tracing::info!(messages = report.messages.len(), "e-mail read");
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "polling for e-mail failed; trying again later"),
        }
        tokio::select! {
            _ = stop.changed() => break,
            () = tokio::time::sleep(Duration::from_secs(config.imap_interval)) => {}
        }
        if *stop.borrow() {
            break;
        }
    }
    tracing::info!("stopped polling for e-mail");
    Ok(())
}
