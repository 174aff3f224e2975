//! How e-mail is sent: the settings (`smtp_url`, `mail_from`, `public_url`), the limits of
//! sending (attempts, lease, timeout) and the back-off between attempts.

use jiff::SignedDuration;
use lettre::message::Mailbox;
use tokio::sync::Notify;

use super::worker;
use crate::error::{AppError, AppResult};

/// Attempts before a message is parked.
pub const MAX_ATTEMPTS: u32 = 10;

/// How long a claimed message is left to its claimant before another may try it: longer than
/// any one send can take (the SMTP timeout is [`SMTP_TIMEOUT`] per command).
pub const LEASE: SignedDuration = SignedDuration::from_mins(10);

/// How long the worker waits for each answer from the mail server.
pub const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// How long to wait after the `attempts`th failed attempt: one minute, doubling each time, at
/// most four hours (so ten attempts span about eight hours).
pub fn retry_delay(attempts: u32) -> SignedDuration {
    let minutes = 1i64 << attempts.saturating_sub(1).min(10);
    SignedDuration::from_mins(minutes.min(240))
}

/// How redress sends e-mail, from the `smtp_url`, `mail_from` and `public_url` settings.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// The mail server: `smtp://host:port` (plain on a loopback address, STARTTLS required
    /// anywhere else), `smtp://user:pass@host:587`, `smtps://…` (TLS). `None`: nothing is sent
    /// and messages stay queued.
    pub smtp_url: Option<String>,
    /// Who e-mails are from (and so where replies go unless a message names a `reply_to`).
    pub mail_from: Option<Mailbox>,
    /// The base of links in e-mails, e.g. `https://complaints.example.org`, without a trailing
    /// slash.
    pub public_url: String,
}

impl Default for MailSettings {
    fn default() -> MailSettings {
        MailSettings {
            smtp_url: None,
            mail_from: None,
            public_url: "http://127.0.0.1:8080".to_owned(),
        }
    }
}

impl MailSettings {
    /// Checks the settings: each problem is `Invalid` naming its setting. `mail_from` is
    /// needed when `smtp_url` is given; `public_url` must be an `http` or `https` address.
    pub fn new(
        smtp_url: Option<&str>,
        mail_from: Option<&str>,
        public_url: &str,
    ) -> AppResult<MailSettings> {
        let smtp_url = smtp_url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(url) = smtp_url {
            worker::builder(url)?;
        }
        let mail_from = mail_from
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(|text| {
                text.parse::<Mailbox>().map_err(|error| {
                    AppError::invalid(
                        "mail_from",
                        format!("`{text}` is not an e-mail address: {error}"),
                    )
                })
            })
            .transpose()?;
        if smtp_url.is_some() && mail_from.is_none() {
            return Err(AppError::invalid(
                "mail_from",
                "give the address e-mails are sent from (mail_from) when smtp_url is set",
            ));
        }
        let public_url = public_url.trim().trim_end_matches('/');
        if !(public_url.starts_with("http://") || public_url.starts_with("https://"))
            || public_url.contains(char::is_whitespace)
        {
            return Err(AppError::invalid(
                "public_url",
                format!("`{public_url}` is not an http:// or https:// address"),
            ));
        }
        Ok(MailSettings {
            smtp_url: smtp_url.map(str::to_owned),
            mail_from,
            public_url: public_url.to_owned(),
        })
    }

    /// Whether a mail server is configured.
    pub fn configured(&self) -> bool {
        self.smtp_url.is_some()
    }

    /// The domain of `mail_from`, which Message-IDs end in.
    pub fn domain(&self) -> Option<&str> {
        self.mail_from.as_ref().map(|m| m.email.domain())
    }
}

/// The settings and the worker's wake-up call, shared by every clone of the app.
#[derive(Debug, Default)]
pub(crate) struct Mail {
    pub(crate) settings: MailSettings,
    /// Notified when a commit queues messages, so the worker sends them without waiting.
    pub(crate) queued: Notify,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_four_hours() {
        let minutes: Vec<i64> = (1..=MAX_ATTEMPTS)
            .map(|n| retry_delay(n).as_mins())
            .collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 64, 128, 240, 240]);
        assert_eq!(retry_delay(0).as_mins(), 1);
        assert_eq!(retry_delay(u32::MAX).as_mins(), 240);
    }

    #[test]
    fn settings_name_the_setting_at_fault() {
        let field = |result: AppResult<MailSettings>| match result {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected Invalid, got {other:?}"),
        };
        assert_eq!(
            field(MailSettings::new(
                Some("smtp://127.0.0.1:2525"),
                None,
                "http://x"
            )),
            "mail_from"
        );
        assert_eq!(
            field(MailSettings::new(None, Some("not an address"), "http://x")),
            "mail_from"
        );
        assert_eq!(
            field(MailSettings::new(
                Some("ftp://mail"),
                Some("a@b.example"),
                "http://x"
            )),
            "smtp_url"
        );
        assert_eq!(
            field(MailSettings::new(None, None, "complaints.example.org")),
            "public_url"
        );
        let settings = MailSettings::new(
            Some("smtp://127.0.0.1:2525"),
            Some("Complaints <complaints@mail.example.org>"),
            "https://complaints.example.org/",
        )
        .expect("valid");
        assert_eq!(settings.domain(), Some("mail.example.org"));
        assert_eq!(settings.public_url, "https://complaints.example.org");
        assert!(settings.configured());
    }
}
