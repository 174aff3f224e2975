//! Configuration: flags, then `REDRESS_*` environment variables, then an optional TOML file,
//! then defaults, in that order of precedence. `redress config` prints the result.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// Options every store-using command shares. clap resolves flag-then-environment; the file and
/// the defaults fill whatever is still unset.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Options {
    /// Database URL: `sqlite:PATH` (default `sqlite:redress.db`) or `postgres://...`.
    #[arg(long, global = true, env = "REDRESS_DATABASE_URL")]
    pub database: Option<String>,
    /// A PostgreSQL streaming replica of `database` (`postgres://...`) for the reads that may
    /// be a little stale: case lists, search, the dashboard and reports. Writes and every read
    /// that must see them stay on `database`, and so does everything while the replica fails.
    #[arg(long, global = true, env = "REDRESS_READ_DATABASE_URL")]
    pub read_database: Option<String>,
    /// A directory of procedure files added to the five shipped ones; a file with a shipped
    /// organisation's id and version replaces that one.
    #[arg(long, global = true, env = "REDRESS_PROCEDURES")]
    pub procedures: Option<PathBuf>,
    /// Where `serve` listens (default 127.0.0.1:8080).
    #[arg(long, global = true, env = "REDRESS_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Log format: `text` (default) or `json`.
    #[arg(long, global = true, env = "REDRESS_LOG_FORMAT")]
    pub log_format: Option<String>,
    /// A TOML configuration file (default: `redress.toml` in the working directory, if any).
    #[arg(long, global = true, env = "REDRESS_CONFIG")]
    pub config: Option<PathBuf>,
    /// The IMAP mailbox e-mail comes in by: `imap://user:password@host:port/INBOX` (plain, for
    /// loopback) or `imaps://...`; `serve` polls it when set.
    #[arg(long, global = true, env = "REDRESS_IMAP_URL")]
    pub imap_url: Option<String>,
    /// Seconds between polls of `imap_url` in `serve` (default 60).
    #[arg(long, global = true, env = "REDRESS_IMAP_INTERVAL")]
    pub imap_interval: Option<u64>,
    /// The organisation whose mailbox it is: e-mail quoting no reference becomes a case there.
    #[arg(long, global = true, env = "REDRESS_MAIL_ORG")]
    pub mail_org: Option<String>,
    /// The address redress sends e-mail from; its domain is in every Message-ID it sends, by
    /// which replies find their case.
    #[arg(long, global = true, env = "REDRESS_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The largest e-mail read, in bytes (default 41943040, 40 MiB).
    #[arg(long, global = true, env = "REDRESS_MAIL_MAX_MESSAGE_BYTES")]
    pub mail_max_message_bytes: Option<usize>,
    /// The largest header block of an e-mail read, in bytes (default 262144, 256 KiB).
    #[arg(long, global = true, env = "REDRESS_MAIL_MAX_HEADER_BYTES")]
    pub mail_max_header_bytes: Option<usize>,
    /// Where redress keeps files outside the database: attachments under `DIR/files`
    /// (default: the working directory).
    #[arg(long, global = true, env = "REDRESS_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// The largest attachment, in bytes (default 10485760, 10 MiB).
    #[arg(long, global = true, env = "REDRESS_ATTACHMENT_MAX_BYTES")]
    pub attachment_max_bytes: Option<u64>,
    /// The most attachments one case may hold (default 20).
    #[arg(long, global = true, env = "REDRESS_ATTACHMENTS_PER_CASE")]
    pub attachments_per_case: Option<usize>,
    /// The mail server e-mail is sent through: `smtp://127.0.0.1:2525` (plain, loopback only),
    /// `smtp://user:pass@host:587` (STARTTLS), `smtps://user:pass@host` (TLS). Unset: nothing
    /// is sent and messages stay queued.
    #[arg(long, global = true, env = "REDRESS_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The address people reach this server at, the base of links in e-mails (default
    /// `http://` and the listen address).
    #[arg(long, global = true, env = "REDRESS_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// How long a case's personal data is kept after closure when its procedure sets no
    /// `[retention]` (default "6 years"; a period such as "3 years" or "18 months").
    #[arg(long, global = true, env = "REDRESS_RETENTION_DEFAULT")]
    pub retention_default: Option<String>,
    /// Days a new API token lasts unless `token create --days` says otherwise (default 90).
    #[arg(long, global = true, env = "REDRESS_TOKEN_LIFETIME_DAYS")]
    pub token_lifetime_days: Option<u32>,
    /// Hours an `Idempotency-Key` on a submission counts after its first use (default 24).
    #[arg(long, global = true, env = "REDRESS_IDEMPOTENCY_KEY_HOURS")]
    pub idempotency_key_hours: Option<u32>,
    /// Reverse proxies whose `X-Forwarded-For`/`-Proto` are believed: addresses or CIDRs,
    /// comma-separated (default none: the client is the TCP peer). In redress.toml, a list.
    #[arg(long, global = true, env = "REDRESS_TRUSTED_PROXIES")]
    pub trusted_proxies: Option<String>,
    /// Public submissions one organisation accepts per hour, from everyone (default 600).
    #[arg(long, global = true, env = "REDRESS_SUBMISSIONS_PER_ORG_HOUR")]
    pub submissions_per_org_hour: Option<u32>,
    /// Public requests (submissions, tracking actions, lost links) one client address may make
    /// per minute (default 10).
    #[arg(long, global = true, env = "REDRESS_SUBMISSIONS_PER_ADDRESS_MINUTE")]
    pub submissions_per_address_minute: Option<u32>,
}

/// The configuration file: the same settings as the flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    database: Option<String>,
    read_database: Option<String>,
    procedures: Option<PathBuf>,
    listen: Option<SocketAddr>,
    log_format: Option<String>,
    imap_url: Option<String>,
    imap_interval: Option<u64>,
    mail_org: Option<String>,
    mail_from: Option<String>,
    mail_max_message_bytes: Option<usize>,
    mail_max_header_bytes: Option<usize>,
    data_dir: Option<PathBuf>,
    attachment_max_bytes: Option<u64>,
    attachments_per_case: Option<usize>,
    smtp_url: Option<String>,
    public_url: Option<String>,
    retention_default: Option<String>,
    token_lifetime_days: Option<u32>,
    idempotency_key_hours: Option<u32>,
    trusted_proxies: Option<Vec<String>>,
    submissions_per_org_hour: Option<u32>,
    submissions_per_address_minute: Option<u32>,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Database URL.
    pub database: String,
    /// The read replica's URL, if any.
    pub read_database: Option<String>,
    /// A directory of procedure files added to the shipped five (a file with a shipped
    /// organisation's id and version replaces that one), or `None` for the shipped five alone.
    pub procedures: Option<PathBuf>,
    /// Listen address.
    pub listen: SocketAddr,
    /// `text` or `json`.
    pub log_format: String,
    /// The IMAP mailbox to poll, if any.
    pub imap_url: Option<String>,
    /// Seconds between polls.
    pub imap_interval: u64,
    /// The organisation whose mailbox it is.
    pub mail_org: Option<String>,
    /// The sending address.
    pub mail_from: Option<String>,
    /// The largest e-mail read, in bytes.
    pub mail_max_message_bytes: usize,
    /// The largest header block read, in bytes.
    pub mail_max_header_bytes: usize,
    /// Where each value came from, for `redress config`.
    pub sources: Vec<(&'static str, &'static str)>,
    /// The file read, if any.
    pub file: Option<PathBuf>,
    /// Where files outside the database are kept (attachments under `files/`).
    pub data_dir: PathBuf,
    /// The limits on attachments.
    pub attachments: redress_app::files::Limits,
    /// The mail server, if e-mail is sent.
    pub smtp_url: Option<String>,
    /// The base of links in e-mails; `None`: `http://` and the address `serve` listens on.
    pub public_url: Option<String>,
    /// How long personal data is kept after closure when a procedure is silent.
    pub retention_default: redress_core::calendar::Duration,
    /// Days a new API token lasts.
    pub token_lifetime_days: u32,
    /// Hours an `Idempotency-Key` counts.
    pub idempotency_key_hours: u32,
    /// The reverse proxies believed, as written (checked when resolved).
    pub trusted_proxies: Vec<String>,
    /// Public submissions per organisation per hour.
    pub submissions_per_org_hour: u32,
    /// Public requests per client address per minute.
    pub submissions_per_address_minute: u32,
}

impl Options {
    /// Resolves flags, environment, file and defaults.
    pub fn resolve(&self) -> anyhow::Result<Config> {
        let (file, file_path) = match &self.config {
            Some(path) => (read(path)?, Some(path.clone())),
            None if Path::new("redress.toml").exists() => (
                read(Path::new("redress.toml"))?,
                Some("redress.toml".into()),
            ),
            None => (File::default(), None),
        };
        let mut sources = Vec::new();
        let mut pick = |name: &'static str, flag: bool, from_file: bool| {
            sources.push((
                name,
                if flag {
                    "flag or environment"
                } else if from_file {
                    "file"
                } else {
                    "default"
                },
            ));
        };
        pick("database", self.database.is_some(), file.database.is_some());
        pick(
            "read_database",
            self.read_database.is_some(),
            file.read_database.is_some(),
        );
        pick(
            "procedures",
            self.procedures.is_some(),
            file.procedures.is_some(),
        );
        pick("listen", self.listen.is_some(), file.listen.is_some());
        pick(
            "log_format",
            self.log_format.is_some(),
            file.log_format.is_some(),
        );
        for (name, flag, from_file) in [
            ("imap_url", self.imap_url.is_some(), file.imap_url.is_some()),
            (
                "imap_interval",
                self.imap_interval.is_some(),
                file.imap_interval.is_some(),
            ),
            ("mail_org", self.mail_org.is_some(), file.mail_org.is_some()),
            (
                "mail_from",
                self.mail_from.is_some(),
                file.mail_from.is_some(),
            ),
            (
                "mail_max_message_bytes",
                self.mail_max_message_bytes.is_some(),
                file.mail_max_message_bytes.is_some(),
            ),
            (
                "mail_max_header_bytes",
                self.mail_max_header_bytes.is_some(),
                file.mail_max_header_bytes.is_some(),
            ),
        ] {
            pick(name, flag, from_file);
        }
        let imap_interval = self.imap_interval.or(file.imap_interval).unwrap_or(60);
        if imap_interval == 0 {
            bail!("imap_interval: polling needs at least 1 second between polls");
        }
        pick("data_dir", self.data_dir.is_some(), file.data_dir.is_some());
        pick(
            "attachment_max_bytes",
            self.attachment_max_bytes.is_some(),
            file.attachment_max_bytes.is_some(),
        );
        pick(
            "attachments_per_case",
            self.attachments_per_case.is_some(),
            file.attachments_per_case.is_some(),
        );
        let defaults = redress_app::files::Limits::default();
        let attachments = redress_app::files::Limits {
            max_bytes: self
                .attachment_max_bytes
                .or(file.attachment_max_bytes)
                .unwrap_or(defaults.max_bytes),
            per_case: self
                .attachments_per_case
                .or(file.attachments_per_case)
                .unwrap_or(defaults.per_case),
        };
        if attachments.max_bytes == 0 {
            bail!("attachment_max_bytes: must be at least 1");
        }
        pick("smtp_url", self.smtp_url.is_some(), file.smtp_url.is_some());
        pick(
            "public_url",
            self.public_url.is_some(),
            file.public_url.is_some(),
        );
        pick(
            "retention_default",
            self.retention_default.is_some(),
            file.retention_default.is_some(),
        );
        let retention_default = match self.retention_default.clone().or(file.retention_default) {
            Some(text) => text
                .parse::<redress_core::calendar::Duration>()
                .map_err(|e| anyhow::anyhow!("retention_default: {e}"))?,
            None => redress_app::retention::DEFAULT_RETENTION,
        };
        if matches!(
            retention_default,
            redress_core::calendar::Duration::Hours(_)
                | redress_core::calendar::Duration::WorkingDays(_)
        ) {
            bail!("retention_default: give a period in days, weeks, months or years");
        }
        for (name, flag, from_file) in [
            (
                "token_lifetime_days",
                self.token_lifetime_days.is_some(),
                file.token_lifetime_days.is_some(),
            ),
            (
                "idempotency_key_hours",
                self.idempotency_key_hours.is_some(),
                file.idempotency_key_hours.is_some(),
            ),
            (
                "trusted_proxies",
                self.trusted_proxies.is_some(),
                file.trusted_proxies.is_some(),
            ),
            (
                "submissions_per_org_hour",
                self.submissions_per_org_hour.is_some(),
                file.submissions_per_org_hour.is_some(),
            ),
            (
                "submissions_per_address_minute",
                self.submissions_per_address_minute.is_some(),
                file.submissions_per_address_minute.is_some(),
            ),
        ] {
            pick(name, flag, from_file);
        }
        let token_lifetime_days = self
            .token_lifetime_days
            .or(file.token_lifetime_days)
            .unwrap_or(redress_app::accounts::DEFAULT_TOKEN_LIFETIME_DAYS);
        if token_lifetime_days == 0
            || token_lifetime_days > redress_app::accounts::MAX_TOKEN_LIFETIME_DAYS
        {
            bail!(
                "token_lifetime_days: from 1 to {} days",
                redress_app::accounts::MAX_TOKEN_LIFETIME_DAYS
            );
        }
        let idempotency_key_hours = self
            .idempotency_key_hours
            .or(file.idempotency_key_hours)
            .unwrap_or(redress_app::idempotency::DEFAULT_KEY_HOURS);
        if idempotency_key_hours == 0
            || idempotency_key_hours > redress_app::idempotency::MAX_KEY_HOURS
        {
            bail!(
                "idempotency_key_hours: from 1 to {} hours",
                redress_app::idempotency::MAX_KEY_HOURS
            );
        }
        let trusted_proxies: Vec<String> = match (&self.trusted_proxies, file.trusted_proxies) {
            (Some(list), _) => list
                .split(',')
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect(),
            (None, Some(list)) => list,
            (None, None) => Vec::new(),
        };
        redress_web::client::TrustedProxies::parse_list(&trusted_proxies.join(","))
            .map_err(|problem| anyhow::anyhow!("trusted_proxies: {problem}"))?;
        let submissions_per_org_hour = self
            .submissions_per_org_hour
            .or(file.submissions_per_org_hour)
            .unwrap_or(600);
        let submissions_per_address_minute = self
            .submissions_per_address_minute
            .or(file.submissions_per_address_minute)
            .unwrap_or(10);
        if submissions_per_org_hour == 0 || submissions_per_address_minute == 0 {
            bail!(
                "submissions_per_org_hour and submissions_per_address_minute: at least 1, or nobody could give feedback"
            );
        }
        let log_format = self
            .log_format
            .clone()
            .or(file.log_format)
            .unwrap_or_else(|| "text".into());
        if log_format != "text" && log_format != "json" {
            bail!("log_format: `{log_format}` is not `text` or `json`");
        }
        Ok(Config {
            database: self
                .database
                .clone()
                .or(file.database)
                .unwrap_or_else(|| "sqlite:redress.db".into()),
            read_database: self.read_database.clone().or(file.read_database),
            procedures: self.procedures.clone().or(file.procedures),
            listen: self
                .listen
                .or(file.listen)
                .unwrap_or_else(|| "127.0.0.1:8080".parse().expect("a valid address")),
            log_format,
            imap_url: self.imap_url.clone().or(file.imap_url),
            imap_interval,
            mail_org: self.mail_org.clone().or(file.mail_org),
            mail_from: self.mail_from.clone().or(file.mail_from),
            mail_max_message_bytes: self
                .mail_max_message_bytes
                .or(file.mail_max_message_bytes)
                .unwrap_or(40 * 1024 * 1024),
            mail_max_header_bytes: self
                .mail_max_header_bytes
                .or(file.mail_max_header_bytes)
                .unwrap_or(256 * 1024),
            sources,
            file: file_path,
            data_dir: self
                .data_dir
                .clone()
                .or(file.data_dir)
                .unwrap_or_else(|| ".".into()),
            attachments,
            smtp_url: self.smtp_url.clone().or(file.smtp_url),
            public_url: self.public_url.clone().or(file.public_url),
            retention_default,
            token_lifetime_days,
            idempotency_key_hours,
            trusted_proxies,
            submissions_per_org_hour,
            submissions_per_address_minute,
        })
    }
}

fn read(path: &Path) -> anyhow::Result<File> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("config file {}", path.display()))
}

/// A database URL with any password replaced by `****`.
pub fn hide_secrets(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:****{}",
                    &url[..scheme + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Prints the resolved configuration, secrets hidden.
pub fn print(config: &Config) {
    let source = |name: &str| {
        config
            .sources
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("default", |(_, s)| s)
    };
    println!("# resolved configuration (flags > REDRESS_* environment > file > defaults)");
    if let Some(file) = &config.file {
        println!("# file: {}", file.display());
    }
    println!(
        "database = \"{}\"    # {}",
        hide_secrets(&config.database),
        source("database")
    );
    if let Some(read_database) = &config.read_database {
        println!(
            "read_database = \"{}\"    # {}",
            hide_secrets(read_database),
            source("read_database")
        );
    }
    match &config.procedures {
        Some(dir) => println!(
            "procedures = \"{}\"    # {}",
            dir.display(),
            source("procedures")
        ),
        None => println!("# procedures: the five shipped procedure files only    # default"),
    }
    println!("listen = \"{}\"    # {}", config.listen, source("listen"));
    println!(
        "retention_default = \"{}\"    # {}",
        config.retention_default,
        source("retention_default")
    );
    match &config.public_url {
        Some(url) => println!("public_url = \"{url}\"    # {}", source("public_url")),
        None => println!("# public_url: http:// and the address serve listens on    # default"),
    }
    println!(
        "log_format = \"{}\"    # {}",
        config.log_format,
        source("log_format")
    );
    match &config.imap_url {
        Some(url) => println!(
            "imap_url = \"{}\"    # {}",
            hide_secrets(url),
            source("imap_url")
        ),
        None => println!("# imap_url: not set, no mailbox is polled    # default"),
    }
    println!(
        "imap_interval = {}    # {}",
        config.imap_interval,
        source("imap_interval")
    );
    for (name, value) in [
        ("mail_org", &config.mail_org),
        ("mail_from", &config.mail_from),
    ] {
        match value {
            Some(value) => println!("{name} = \"{value}\"    # {}", source(name)),
            None => println!("# {name}: not set    # default"),
        }
    }
    println!(
        "mail_max_message_bytes = {}    # {}",
        config.mail_max_message_bytes,
        source("mail_max_message_bytes")
    );
    println!(
        "mail_max_header_bytes = {}    # {}",
        config.mail_max_header_bytes,
        source("mail_max_header_bytes")
    );
    println!(
        "data_dir = \"{}\"    # {}",
        config.data_dir.display(),
        source("data_dir")
    );
    println!(
        "attachment_max_bytes = {}    # {}",
        config.attachments.max_bytes,
        source("attachment_max_bytes")
    );
    println!(
        "attachments_per_case = {}    # {}",
        config.attachments.per_case,
        source("attachments_per_case")
    );
    match &config.smtp_url {
        Some(url) => println!(
            "smtp_url = \"{}\"    # {}",
            hide_secrets(url),
            source("smtp_url")
        ),
        None => println!("# smtp_url: none, so e-mail stays queued    # default"),
    }
    match &config.public_url {
        Some(url) => println!("public_url = \"{url}\"    # {}", source("public_url")),
        None => println!("# public_url: http:// and the listen address    # default"),
    }
    println!(
        "token_lifetime_days = {}    # {}",
        config.token_lifetime_days,
        source("token_lifetime_days")
    );
    println!(
        "idempotency_key_hours = {}    # {}",
        config.idempotency_key_hours,
        source("idempotency_key_hours")
    );
    let proxies: Vec<String> = config
        .trusted_proxies
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect();
    println!(
        "trusted_proxies = [{}]    # {}",
        proxies.join(", "),
        source("trusted_proxies")
    );
    println!(
        "submissions_per_org_hour = {}    # {}",
        config.submissions_per_org_hour,
        source("submissions_per_org_hour")
    );
    println!(
        "submissions_per_address_minute = {}    # {}",
        config.submissions_per_address_minute,
        source("submissions_per_address_minute")
    );
}

#[cfg(test)]
mod tests {
    use super::hide_secrets;

    #[test]
    fn passwords_in_database_urls_are_hidden() {
        assert_eq!(
            hide_secrets("postgres://app:s3cret@db:5432/redress"),
            "postgres://app:****@db:5432/redress"
        );
        assert_eq!(hide_secrets("sqlite:redress.db"), "sqlite:redress.db");
        assert_eq!(
            hide_secrets("postgres://app@db/redress"),
            "postgres://app@db/redress"
        );
    }
}
