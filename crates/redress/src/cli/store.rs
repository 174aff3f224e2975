//! The store commands: users and their passwords, API tokens (create, list, revoke), rebuilding read models, export and import, backup.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use redress_core::ids::OrgId;
use redress_store::{Role, Store};

use super::config::Config;
use super::server::open_app;

/// `redress user` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from standard input (one line), if `--password-stdin`.
    Add {
        /// Login name.
        username: String,
        /// Name shown to others.
        #[arg(long)]
        name: Option<String>,
        /// Read a password from standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Organisation to grant a role in (with --role).
        #[arg(long, requires = "role")]
        org: Option<String>,
        /// admin, manager, feedback-officer, investigator, reviewer, external or read-only.
        #[arg(long, requires = "org")]
        role: Option<String>,
    },
    /// Set a user's password, read from standard input (one line). With `--temporary` they
    /// must change it at their next sign-in.
    Password {
        /// Login name.
        username: String,
        /// They must choose a new one when they next sign in.
        #[arg(long)]
        temporary: bool,
    },
    /// Give a user a role in an organisation.
    Grant {
        /// Login name.
        username: String,
        /// Organisation id.
        #[arg(long)]
        org: String,
        /// admin, manager, feedback-officer, investigator, reviewer, external or read-only.
        #[arg(long)]
        role: String,
    },
    /// Give a user a procedure role in an organisation (the Chair, the Co-ordinator): where the
    /// procedure says that role decides or sends something, only its holders may; a complaint
    /// naming the role keeps its holders out.
    Hold {
        /// Login name.
        username: String,
        /// Organisation id.
        #[arg(long)]
        org: String,
        /// The role's id in the procedure file (`chair`, `coordinator`).
        role: String,
    },
    /// Take a procedure role from a user.
    Unhold {
        /// Login name.
        username: String,
        /// Organisation id.
        #[arg(long)]
        org: String,
        /// The role's id in the procedure file.
        role: String,
    },
}

/// `redress member`: an organisation's member lists, which panels are drawn from.
#[derive(Debug, clap::Subcommand)]
pub enum MemberCommand {
    /// Add a member to a list, or change the member with that id.
    Add {
        /// Organisation id.
        #[arg(long)]
        org: String,
        /// The list: what the procedure's panel is drawn `from` (`members`, `advisory-board`).
        #[arg(long)]
        list: String,
        /// Their id, unique in the organisation.
        id: String,
        /// Their name.
        #[arg(long)]
        name: String,
        /// The user they are, if any (kept out of cases naming this member).
        #[arg(long)]
        username: Option<String>,
    },
    /// List an organisation's members.
    List {
        /// Organisation id.
        #[arg(long)]
        org: String,
    },
    /// Remove a member.
    Remove {
        /// Organisation id.
        #[arg(long)]
        org: String,
        /// Their id.
        id: String,
    },
}

/// Runs a `redress member` subcommand.
pub async fn member(config: &Config, command: MemberCommand) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    let parse = |org: &str| OrgId::parse(org).map_err(|e| anyhow!("--org: {e}"));
    match command {
        MemberCommand::Add {
            org,
            list,
            id,
            name,
            username,
        } => {
            let org = parse(&org)?;
            app.put_member(&org, &list, &id, &name, username.as_deref())
                .await
                .map_err(app_error)?;
            println!("{id} ({name}) is on {org}'s {list} list");
        }
        MemberCommand::List { org } => {
            for member in app.members(&parse(&org)?).await.map_err(app_error)? {
                println!(
                    "{}\t{}\t{}\t{}",
                    member.list,
                    member.id,
                    member.name,
                    member.username.as_deref().unwrap_or("-")
                );
            }
        }
        MemberCommand::Remove { org, id } => {
            app.remove_member(&parse(&org)?, &id)
                .await
                .map_err(app_error)?;
            println!("removed {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `redress token` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user; it is printed once.
    Create {
        /// Login name.
        #[arg(long)]
        user: String,
        /// What the token is for.
        #[arg(long, default_value = "api")]
        label: String,
        /// Days it lasts (default: the `token_lifetime_days` setting, 90).
        #[arg(long)]
        days: Option<u32>,
    },
    /// List API tokens (never their secrets): id, user, label, created, expires, last used.
    List {
        /// Only this user's.
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke an API token by the id `token list` shows; it stops working at once.
    Revoke {
        /// The token's id.
        id: String,
    },
}

/// One line read from standard input, without its line ending.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub(super) fn app_error(error: redress_app::AppError) -> anyhow::Error {
    anyhow!("{error}")
}

fn org_and_role(org: &str, role: &str) -> anyhow::Result<(OrgId, Role)> {
    let org = OrgId::parse(org).map_err(|e| anyhow!("--org: {e}"))?;
    let role = Role::parse(role).ok_or_else(|| {
        anyhow!(
            "--role: `{role}` is not admin, manager, feedback-officer, investigator, reviewer, external or read-only"
        )
    })?;
    Ok((org, role))
}

/// Runs a `redress user` subcommand.
pub async fn user(config: &Config, command: UserCommand) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    match command {
        UserCommand::Add {
            username,
            name,
            password_stdin,
            org,
            role,
        } => {
            let password = if password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            let grant = match (org, role) {
                (Some(org), Some(role)) => Some(org_and_role(&org, &role)?),
                _ => None,
            };
            app.add_user(
                &username,
                name.as_deref().unwrap_or(&username),
                password.as_deref(),
            )
            .await
            .map_err(app_error)?;
            if let Some((org, role)) = grant {
                app.grant(&username, &org, role).await.map_err(app_error)?;
            }
            println!("added user {username}");
        }
        UserCommand::Password {
            username,
            temporary,
        } => {
            let password = read_password()?;
            app.set_password(&username, &password, temporary)
                .await
                .map_err(|e| match e {
                    redress_app::AppError::NotFound => anyhow!("no user `{username}`"),
                    other => app_error(other),
                })?;
            if temporary {
                println!(
                    "set a temporary password for {username}: they must change it when they next sign in"
                );
            } else {
                println!("set the password of {username}");
            }
        }
        UserCommand::Grant {
            username,
            org,
            role,
        } => {
            let (org, role) = org_and_role(&org, &role)?;
            app.grant(&username, &org, role).await.map_err(app_error)?;
            println!("{username} is now {} in {org}", role.as_str());
        }
        UserCommand::Hold {
            username,
            org,
            role,
        } => {
            let org = OrgId::parse(&org).map_err(|e| anyhow!("--org: {e}"))?;
            app.hold(&username, &org, &role).await.map_err(app_error)?;
            println!("{username} holds {role} in {org}");
        }
        UserCommand::Unhold {
            username,
            org,
            role,
        } => {
            let org = OrgId::parse(&org).map_err(|e| anyhow!("--org: {e}"))?;
            app.unhold(&username, &org, &role)
                .await
                .map_err(app_error)?;
            println!("{username} no longer holds {role} in {org}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs a `redress token` subcommand.
pub async fn token(config: &Config, command: TokenCommand) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    match command {
        TokenCommand::Create { user, label, days } => {
            let days = days.unwrap_or(config.token_lifetime_days);
            let (token, id) = app
                .create_token_lasting(&user, &label, days)
                .await
                .map_err(|e| match e {
                    redress_app::AppError::NotFound => anyhow!("--user: no user `{user}`"),
                    redress_app::AppError::Invalid { field, message } if field == "days" => {
                        anyhow!("--days: {message}")
                    }
                    other => app_error(other),
                })?;
            println!("{token}");
            eprintln!(
                "This token (id {id}) is shown once and lasts {days} days. Send it as `Authorization: Bearer {token}`."
            );
        }
        TokenCommand::List { user } => {
            let tokens = app.tokens(user.as_deref()).await.map_err(app_error)?;
            let when = |t: Option<jiff::Timestamp>, none: &str| {
                t.map_or_else(
                    || none.to_owned(),
                    |t| t.strftime("%Y-%m-%dT%H:%MZ").to_string(),
                )
            };
            let now = app.now();
            println!("id\tuser\tlabel\tcreated\texpires\tlast used\tstate");
            for t in tokens {
                let state = match (t.revoked, t.expires) {
                    (Some(at), _) => format!("revoked {}", when(Some(at), "")),
                    (None, Some(expires)) if expires <= now => "expired".to_owned(),
                    _ => "live".to_owned(),
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{state}",
                    t.id,
                    t.username,
                    t.label,
                    when(Some(t.created), ""),
                    when(t.expires, "never"),
                    when(t.last_used, "never"),
                );
            }
        }
        TokenCommand::Revoke { id } => {
            app.revoke_token(&id).await.map_err(|e| match e {
                redress_app::AppError::NotFound => {
                    anyhow!("no token with id `{id}` (see `redress token list`)")
                }
                other => app_error(other),
            })?;
            println!("revoked token {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `redress rebuild`.
pub async fn rebuild(config: &Config) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    let count = app.rebuild().await.map_err(app_error)?;
    println!("rebuilt the read models of {count} case(s)");
    Ok(ExitCode::SUCCESS)
}

/// `redress export --org ORG [--output FILE]`: JSON Lines, one event a line.
pub async fn export(
    config: &Config,
    org: &str,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    let org = OrgId::parse(org).map_err(|e| anyhow!("--org: {e}"))?;
    let events = app.export(&org).await.map_err(app_error)?;
    let mut out: Box<dyn Write> = match &output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create_new(path)
                .with_context(|| format!("cannot create {} (it must not exist)", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    for event in &events {
        serde_json::to_writer(&mut out, event)?;
        out.write_all(b"\n")?;
    }
    // The attachments' content, one line per file after the events: `{"file": {...}}`.
    let mut files = 0;
    let mut seen = std::collections::BTreeSet::new();
    for event in &events {
        if let redress_core::case::Fact::AttachmentAdded { sha256, .. } = &event.event.fact
            && seen.insert(sha256.clone())
        {
            let bytes = app
                .files()
                .and_then(|f| f.get(sha256).transpose())
                .transpose()
                .with_context(|| format!("cannot read attachment {sha256}"))?
                .ok_or_else(|| {
                    anyhow!(
                        "attachment {sha256} of {} is missing from the data directory",
                        event.reference
                    )
                })?;
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({ "file": { "sha256": sha256, "base64": BASE64.encode(&bytes) } }),
            )?;
            out.write_all(b"\n")?;
            files += 1;
        }
    }
    out.flush()?;
    eprintln!(
        "exported {} event(s) and {files} attachment(s) of {org}",
        events.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `redress backup FILE`: the database to FILE, and the attachments to `FILE.files/`
/// (the same `ab/cdef…` layout: copy it to `<data_dir>/files` to restore).
pub async fn backup(config: &Config, file: PathBuf) -> anyhow::Result<ExitCode> {
    let app = open_app(config).await?;
    let files_dir = files_beside(&file);
    if files_dir.exists() {
        bail!("{} exists: choose a new backup name", files_dir.display());
    }
    app.store()
        .backup(&file)
        .await
        .map_err(|e| anyhow!("backup: {e}"))?;
    let copied = match app.files() {
        Some(files) => files
            .copy_to(&files_dir)
            .with_context(|| format!("cannot copy the attachments to {}", files_dir.display()))?,
        None => 0,
    };
    println!(
        "backed up to {} and {copied} attachment(s) to {}",
        file.display(),
        files_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Where a backup's attachments go: `FILE.files` beside it.
pub fn files_beside(file: &std::path::Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".files");
    PathBuf::from(name)
}
