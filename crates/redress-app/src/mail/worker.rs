//! The mail-out worker: claims each due outbox message, sends it over SMTP, and marks it sent,
//! or records the failure with its back-off, or parks it.
//!
//! One message is in flight at a time, so a crash can leave at most one message sent but not
//! marked: that one is sent again later with the same Message-ID, and nothing is lost.

use std::future::Future;
use std::net::IpAddr;
use std::pin::{Pin, pin};
use std::task::{Context, Waker};

use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use redress_store::{OutboxEntry, Store};

use super::message::{Unsendable, build};
use super::{LEASE, MAX_ATTEMPTS, SMTP_TIMEOUT, retry_delay};
use crate::App;
use crate::error::{AppError, AppResult};

/// How often the running worker looks for messages whose retry has come due, when nothing
/// new was queued in between.
const POLL: std::time::Duration = std::time::Duration::from_secs(30);

/// The most messages one pass sends, so a pass always ends.
const PASS_LIMIT: usize = 1000;

/// What one pass over the outbox did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Messages the mail server accepted.
    pub sent: usize,
    /// Messages that failed and wait to be tried again.
    pub failed: usize,
    /// Messages parked for an admin.
    pub parked: usize,
}

/// Sends the outbox of an app whose mail settings name a server.
pub struct Worker<S> {
    app: App<S>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    domain: String,
    claimant: String,
}

/// The transport for `smtp_url` (see [`builder`]). Needs a Tokio runtime.
fn transport(url: &str) -> AppResult<AsyncSmtpTransport<Tokio1Executor>> {
    Ok(builder(url)?.timeout(Some(SMTP_TIMEOUT)).build())
}

/// The transport's builder for `smtp_url`: `smtps://` is TLS; `smtp://` is STARTTLS (required)
/// unless the host is a loopback address, where it is plain, or the URL says `?tls=` itself.
/// `Invalid` naming `smtp_url` if the URL is not one of these.
pub(crate) fn builder(url: &str) -> AppResult<AsyncSmtpTransportBuilder> {
    let invalid = |why: String| AppError::invalid("smtp_url", why);
    let (scheme, rest) = url.split_once("://").ok_or_else(|| {
        invalid(format!(
            "`{}` is not an smtp:// or smtps:// URL",
            hidden(url)
        ))
    })?;
    if scheme != "smtp" && scheme != "smtps" {
        return Err(invalid(format!("`{scheme}://` is not smtp:// or smtps://")));
    }
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err(invalid("the URL names no host".into()));
    }
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let url = if scheme == "smtp" && !loopback && !rest.contains("tls=") {
        let joiner = if rest.contains('?') { '&' } else { '?' };
        format!("{url}{joiner}tls=required")
    } else {
        url.to_owned()
    };
    AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
        .map_err(|error| invalid(format!("`{}`: {error}", hidden(&url))))
}

/// A URL with any password replaced by `****`, for messages.
fn hidden(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:****{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// An error and its causes on one line.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// What became of one claimed message.
enum Outcome {
    Sent,
    Failed,
    Parked,
}

impl<S: Store> Worker<S> {
    /// A worker for `app`, claiming messages as `claimant` (a name that only this process uses
    /// while it runs, and uses again when it restarts: `serve` takes its host and port).
    /// `Invalid` if the app has no mail server or sender configured.
    pub fn new(app: App<S>, claimant: impl Into<String>) -> AppResult<Worker<S>> {
        let settings = app.mail_settings();
        let url = settings
            .smtp_url
            .as_deref()
            .ok_or_else(|| AppError::invalid("smtp_url", "no mail server is configured"))?;
        let transport = transport(url)?;
        let from = settings
            .mail_from
            .clone()
            .ok_or_else(|| AppError::invalid("mail_from", "no sender (mail_from) is configured"))?;
        let domain = from.email.domain().to_owned();
        Ok(Worker {
            app,
            transport,
            from,
            domain,
            claimant: claimant.into(),
        })
    }

    /// Makes due again whatever this claimant had claimed and not finished: called once when
    /// a worker starts, because a claimant that starts again is not sending anything.
    pub async fn recover(&self) -> AppResult<u64> {
        let released = self
            .app
            .store
            .release_claims(&self.claimant, self.app.clock.now())
            .await?;
        if released > 0 {
            tracing::warn!(
                released,
                claimant = %self.claimant,
                "e-mail claimed before a restart is due again (the server may have it twice)"
            );
        }
        Ok(released)
    }

    /// One pass: sends every message due now, one at a time, and returns what happened.
    pub async fn run_once(&self) -> AppResult<RunReport> {
        self.pass(None::<Pin<&mut std::future::Pending<()>>>).await
    }

    async fn pass<F: Future<Output = ()>>(
        &self,
        mut shutdown: Option<Pin<&mut F>>,
    ) -> AppResult<RunReport> {
        let mut report = RunReport::default();
        for _ in 0..PASS_LIMIT {
            if let Some(shutdown) = shutdown.as_mut()
                && shutdown
                    .as_mut()
                    .poll(&mut Context::from_waker(Waker::noop()))
                    .is_ready()
            {
                break;
            }
            let now = self.app.clock.now();
            let Some(entry) = self
                .app
                .store
                .claim_outbox(now, now + LEASE, &self.claimant)
                .await?
            else {
                break;
            };
            match self.send(entry).await? {
                Outcome::Sent => report.sent += 1,
                Outcome::Failed => report.failed += 1,
                Outcome::Parked => report.parked += 1,
            }
        }
        Ok(report)
    }

    async fn send(&self, entry: OutboxEntry) -> AppResult<Outcome> {
        let store = &self.app.store;
        let id = entry.message.id.as_str();
        let reference = entry.message.reference.as_str();
        let now = self.app.clock.now();
        let email = match build(&entry.message, &self.from, &self.domain, now) {
            Ok(email) => email,
            Err(Unsendable(why)) => {
                tracing::error!(id, reference, %why, "e-mail parked: it cannot be sent as it is");
                store.outbox_failed(id, &why, None, now).await?;
                return Ok(Outcome::Parked);
            }
        };
        match self.transport.send(email).await {
            Ok(_) => {
                store.mark_sent(id, self.app.clock.now()).await?;
                tracing::info!(id, reference, kind = %entry.message.kind, "e-mail sent");
                Ok(Outcome::Sent)
            }
            Err(error) => {
                let why = chain(&error);
                let now = self.app.clock.now();
                if error.is_permanent() || entry.attempts >= MAX_ATTEMPTS {
                    tracing::error!(id, reference, attempts = entry.attempts, %why, "e-mail parked");
                    store.outbox_failed(id, &why, None, now).await?;
                    Ok(Outcome::Parked)
                } else {
                    let retry_at = now + retry_delay(entry.attempts);
                    tracing::warn!(id, reference, attempts = entry.attempts, %why, %retry_at, "e-mail not sent; will try again");
                    store.outbox_failed(id, &why, Some(retry_at), now).await?;
                    Ok(Outcome::Failed)
                }
            }
        }
    }

    /// Runs until `shutdown` completes: recovers this claimant's unfinished claims, then sends
    /// whatever is due whenever a commit queues messages and every 30 seconds. A message being
    /// sent when `shutdown` comes is finished (and marked) first.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let mut shutdown = pin!(shutdown);
        if let Err(error) = self.recover().await {
            tracing::error!(%error, "could not release the e-mail claimed before a restart");
        }
        loop {
            match self.pass(Some(shutdown.as_mut())).await {
                Ok(report) if report != RunReport::default() => {
                    tracing::debug!(?report, "e-mail pass");
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "e-mail pass failed"),
            }
            tokio::select! {
                () = &mut shutdown => break,
                () = self.app.mail.queued.notified() => {}
                () = tokio::time::sleep(POLL) => {}
            }
        }
        tracing::info!("e-mail worker stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_choose_their_security_by_scheme_and_host() {
        for good in [
            "smtp://127.0.0.1:2525",
            "smtp://localhost:25",
            "smtp://[::1]:2525",
            "smtp://user:pass@mail.example.org:587",
            "smtps://user:pass@mail.example.org",
            "smtp://mail.example.org:25?tls=opportunistic",
        ] {
            assert!(builder(good).is_ok(), "{good}");
        }
        for bad in ["mail.example.org:25", "http://mail.example.org", "smtp://"] {
            assert!(
                matches!(builder(bad), Err(AppError::Invalid { ref field, .. }) if field == "smtp_url"),
                "{bad}"
            );
        }
        assert_eq!(
            hidden("smtp://user:s3cret@mail.example.org:587"),
            "smtp://user:****@mail.example.org:587"
        );
    }
}
