//! Fetching e-mail from an IMAP mailbox (`imap_url`): every message in the mailbox is read,
//! ingested, and only once it is stored (or was stored before) moved to the processed mailbox;
//! a refused one goes to the refused mailbox with the reason logged. A message that fails on
//! the store's side stays where it is for the next poll. One message is held in memory at a
//! time, and one over the size limit is refused from its size alone, never downloaded.

use std::fmt;

use async_imap::Session;
use futures_util::StreamExt;
use jiff::Timestamp;
use redress_store::Store;
use tokio::io::{AsyncRead, AsyncWrite};

use super::inbound::{Ingested, MailIn};
use crate::App;
use crate::error::{AppError, AppResult};

/// Where the mailbox is: `imap://user:password@host:port/MAILBOX` (plain, for loopback) or
/// `imaps://…` (TLS, default port 993); user and password percent-encoded. Query parameters
/// `processed=` and `refused=` name the mailboxes messages are moved to (default `Processed`
/// and `Refused`, created when missing).
#[derive(Clone, PartialEq, Eq)]
pub struct ImapUrl {
    /// TLS from the start (`imaps`).
    pub tls: bool,
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Login name.
    pub user: String,
    /// Password.
    pub password: String,
    /// The mailbox read (default `INBOX`).
    pub mailbox: String,
    /// Where stored messages go.
    pub processed: String,
    /// Where refused messages go.
    pub refused: String,
}

impl fmt::Debug for ImapUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}:****@{}:{}/{}",
            if self.tls { "imaps" } else { "imap" },
            self.user,
            self.host,
            self.port,
            self.mailbox
        )
    }
}

impl ImapUrl {
    /// Parses the setting; the error names what is wrong.
    pub fn parse(url: &str) -> Result<ImapUrl, String> {
        let (tls, rest) = if let Some(rest) = url.strip_prefix("imaps://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("imap://") {
            (false, rest)
        } else {
            return Err("imap_url must start with imap:// or imaps://".to_owned());
        };
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, mailbox) = rest.split_once('/').unwrap_or((rest, ""));
        let (credentials, host_port) = authority
            .rsplit_once('@')
            .ok_or("imap_url needs a user and password: imap://user:password@host/INBOX")?;
        let (user, password) = credentials
            .split_once(':')
            .ok_or("imap_url needs a password after the user name")?;
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .map_err(|_| format!("imap_url: `{port}` is not a port number"))?,
            ),
            None => (host_port, if tls { 993 } else { 143 }),
        };
        if host.is_empty() {
            return Err("imap_url needs a host".to_owned());
        }
        let mut processed = "Processed".to_owned();
        let mut refused = "Refused".to_owned();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            match pair.split_once('=') {
                Some(("processed", value)) => processed = decode(value)?,
                Some(("refused", value)) => refused = decode(value)?,
                _ => return Err(format!("imap_url: unknown parameter `{pair}`")),
            }
        }
        let mailbox = if mailbox.is_empty() {
            "INBOX".to_owned()
        } else {
            decode(mailbox)?
        };
        Ok(ImapUrl {
            tls,
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
            port,
            user: decode(user)?,
            password: decode(password)?,
            mailbox,
            processed,
            refused,
        })
    }
}

/// Percent-decoding of one URL component.
fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text
                .get(index + 1..index + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or_else(|| format!("imap_url: bad percent-encoding in `{text}`"))?;
            out.push(hex);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("imap_url: `{text}` is not UTF-8"))
}

/// What one poll did, message by message (by IMAP UID).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PollReport {
    /// Each message read and what became of it.
    pub messages: Vec<(u32, Ingested)>,
}

/// The most messages one poll reads; the rest wait for the next.
const BATCH: usize = 200;

impl<S: Store> App<S> {
    /// Reads every message in the mailbox once, ingests each, and moves it away once stored.
    pub async fn poll_imap(&self, url: &ImapUrl, settings: &MailIn) -> AppResult<PollReport> {
        let tcp = tokio::net::TcpStream::connect((url.host.as_str(), url.port))
            .await
            .map_err(|error| imap_error(url, error))?;
        if url.tls {
            let stream = tls(url, tcp).await?;
            self.poll_on(stream, url, settings).await
        } else {
            self.poll_on(tcp, url, settings).await
        }
    }

    async fn poll_on<T>(&self, stream: T, url: &ImapUrl, settings: &MailIn) -> AppResult<PollReport>
    where
        T: AsyncRead + AsyncWrite + Unpin + fmt::Debug + Send,
    {
        let mut client = async_imap::Client::new(stream);
        // The server's greeting comes first.
        client
            .read_response()
            .await
            .map_err(|error| imap_error(url, error))?;
        let mut session = client
            .login(&url.user, &url.password)
            .await
            .map_err(|(error, _)| imap_error(url, error))?;
        let result = self.poll_session(&mut session, url, settings).await;
        let _ = session.logout().await;
        result
    }

    async fn poll_session<T>(
        &self,
        session: &mut Session<T>,
        url: &ImapUrl,
        settings: &MailIn,
    ) -> AppResult<PollReport>
    where
        T: AsyncRead + AsyncWrite + Unpin + fmt::Debug + Send,
    {
        for mailbox in [&url.processed, &url.refused] {
            // Already there is an error from the server, and fine.
            let _ = session.create(mailbox).await;
        }
        session
            .select(&url.mailbox)
            .await
            .map_err(|error| imap_error(url, error))?;
        let mut listed = Vec::new();
        {
            let mut fetches = session
                .uid_fetch("1:*", "(UID RFC822.SIZE INTERNALDATE)")
                .await
                .map_err(|error| imap_error(url, error))?;
            while let Some(fetch) = fetches.next().await {
                let fetch = fetch.map_err(|error| imap_error(url, error))?;
                if let Some(uid) = fetch.uid {
                    let arrived = fetch
                        .internal_date()
                        .and_then(|date| Timestamp::from_second(date.timestamp()).ok());
                    listed.push((uid, fetch.size.unwrap_or(0) as usize, arrived));
                }
            }
        }
        listed.sort_by_key(|(uid, _, _)| *uid);
        listed.truncate(BATCH);
        let mut report = PollReport::default();
        for (uid, size, arrived) in listed {
            let outcome = if size > settings.limits.max_message_bytes {
                Ingested::Refused {
                    reason: format!(
                        "the message is {size} bytes, over the limit of {}",
                        settings.limits.max_message_bytes
                    ),
                }
            } else {
                let raw = fetch_body(session, uid)
                    .await
                    .map_err(|error| imap_error(url, error))?;
                let Some(raw) = raw else { continue };
                // A store failure ends the poll with the message left in place.
                self.ingest_mail(&raw, arrived, settings).await?
            };
            let to = if outcome.is_stored() {
                &url.processed
            } else {
                tracing::warn!(uid, reason = ?outcome, "e-mail refused; moved to {}", url.refused);
                &url.refused
            };
            session
                .uid_mv(uid.to_string(), to)
                .await
                .map_err(|error| imap_error(url, error))?;
            report.messages.push((uid, outcome));
        }
        Ok(report)
    }
}

/// One message's bytes, without setting `\Seen` (it is moved once stored instead).
async fn fetch_body<T>(
    session: &mut Session<T>,
    uid: u32,
) -> async_imap::error::Result<Option<Vec<u8>>>
where
    T: AsyncRead + AsyncWrite + Unpin + fmt::Debug + Send,
{
    let mut fetches = session.uid_fetch(uid.to_string(), "BODY.PEEK[]").await?;
    let mut body = None;
    while let Some(fetch) = fetches.next().await {
        let fetch = fetch?;
        if fetch.uid == Some(uid) || body.is_none() {
            body = fetch.body().map(<[u8]>::to_vec).or(body);
        }
    }
    Ok(body)
}

/// A TLS connection to the server, checked against the built-in web PKI roots.
async fn tls(
    url: &ImapUrl,
    tcp: tokio::net::TcpStream,
) -> AppResult<tokio_rustls::client::TlsStream<tokio::net::TcpStream>> {
    use tokio_rustls::rustls;
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|error| imap_error(url, error))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(url.host.clone())
        .map_err(|error| imap_error(url, error))?;
    tokio_rustls::TlsConnector::from(std::sync::Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|error| imap_error(url, error))
}

fn imap_error(url: &ImapUrl, error: impl fmt::Display) -> AppError {
    AppError::Internal(format!("IMAP {url:?}: {error}").into())
}

#[cfg(test)]
mod tests {
    use super::ImapUrl;

    #[test]
    fn imap_urls_are_read_and_their_passwords_kept_out_of_debug() {
        let url = ImapUrl::parse("imap://redress:s%40cret@127.0.0.1:1143/INBOX").expect("parses");
        assert!(!url.tls);
        assert_eq!(
            (url.host.as_str(), url.port, url.user.as_str()),
            ("127.0.0.1", 1143, "redress")
        );
        assert_eq!(url.password, "s@cret");
        assert_eq!(url.mailbox, "INBOX");
        assert_eq!(
            (url.processed.as_str(), url.refused.as_str()),
            ("Processed", "Refused")
        );
        assert!(!format!("{url:?}").contains("cret"));
        let url = ImapUrl::parse("imaps://a:b@mail.example.org/Complaints?processed=Done")
            .expect("parses");
        assert!(url.tls);
        assert_eq!(url.port, 993);
        assert_eq!(url.mailbox, "Complaints");
        assert_eq!(url.processed, "Done");
        for bad in [
            "http://a:b@h/INBOX",
            "imap://h/INBOX",
            "imap://a@h/INBOX",
            "imap://a:b@h:port/INBOX",
            "imap://a:b@/INBOX",
            "imap://a:b@h/INBOX?what=1",
            "imap://a:%zz@h/INBOX",
        ] {
            assert!(ImapUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
