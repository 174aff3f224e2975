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
    /// A directory of procedure files to load instead of the five shipped ones.
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
    /// Where the public reaches this instance, for links in e-mails and letters, e.g.
    /// `https://feedback.example.org` (default: `http://` and the address `serve` listens on).
    #[arg(long, global = true, env = "REDRESS_PUBLIC_URL")]
    pub public_url: Option<String>,
}

/// The configuration file: the same settings as the flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    database: Option<String>,
    procedures: Option<PathBuf>,
    listen: Option<SocketAddr>,
    log_format: Option<String>,
    public_url: Option<String>,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Database URL.
    pub database: String,
    /// Procedures directory, or `None` for the shipped procedures.
    pub procedures: Option<PathBuf>,
    /// Listen address.
    pub listen: SocketAddr,
    /// `text` or `json`.
    pub log_format: String,
    /// Where the public reaches this instance; `None`: the listening address.
    pub public_url: Option<String>,
    /// Where each value came from, for `redress config`.
    pub sources: Vec<(&'static str, &'static str)>,
    /// The file read, if any.
    pub file: Option<PathBuf>,
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
        pick(
            "public_url",
            self.public_url.is_some(),
            file.public_url.is_some(),
        );
        let public_url = self.public_url.clone().or(file.public_url);
        if let Some(url) = &public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            bail!("public_url: `{url}` must start with http:// or https://");
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
            procedures: self.procedures.clone().or(file.procedures),
            listen: self
                .listen
                .or(file.listen)
                .unwrap_or_else(|| "127.0.0.1:8080".parse().expect("a valid address")),
            log_format,
            public_url,
            sources,
            file: file_path,
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
    match &config.procedures {
        Some(dir) => println!(
            "procedures = \"{}\"    # {}",
            dir.display(),
            source("procedures")
        ),
        None => println!("# procedures: the five shipped procedure files    # default"),
    }
    println!("listen = \"{}\"    # {}", config.listen, source("listen"));
    match &config.public_url {
        Some(url) => println!("public_url = \"{url}\"    # {}", source("public_url")),
        None => println!("# public_url: http:// and the address serve listens on    # default"),
    }
    println!(
        "log_format = \"{}\"    # {}",
        config.log_format,
        source("log_format")
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
