//! `redress serve`: the server, with zero configuration by default.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use std::net::SocketAddr;

use redress_app::App;
use redress_app::clock::SystemClock;
use redress_app::mail::{MailSettings, Worker};
use redress_app::procedures::Procedures;
use redress_letters::Templates;
use redress_store::AnyStore;

use super::config::{Config, hide_secrets};

/// Opens the store and starts the app as configured: used by `serve` and the store commands.
pub async fn open_app(config: &Config) -> anyhow::Result<App<AnyStore>> {
    let store = AnyStore::open_with_replica(&config.database, config.read_database.as_deref())
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                hide_secrets(&config.database)
            )
        })?;
    let procedures = configured_procedures(config)?;
    let templates = match &config.procedures {
        Some(dir) => Templates::load(dir)
            .with_context(|| format!("cannot read the templates beside {}", dir.display()))?,
        None => Templates::shipped(),
    };
    let app = App::start(store, procedures, Arc::new(SystemClock))
        .await
        .map_err(|e| anyhow::anyhow!("cannot start: {e}"))?;
    app.with_templates(templates)
        .with_files(redress_app::files::Files::new(
            &config.data_dir,
            config.attachments,
        ))
        .with_retention_default(config.retention_default)
        .with_mail(mail_settings(config, config.listen)?)
        .with_token_lifetime(config.token_lifetime_days)
        .map_err(|e| anyhow::anyhow!("token_lifetime_days: {e}"))?
        .with_idempotency_key_hours(config.idempotency_key_hours)
        .map_err(|e| anyhow::anyhow!("idempotency_key_hours: {e}"))
}

/// The procedures as configured: the shipped five, with the `procedures` directory's files
/// added. Read without opening the store, so a command can check its input against them first.
pub fn configured_procedures(config: &Config) -> anyhow::Result<Procedures> {
    match &config.procedures {
        Some(dir) => Procedures::shipped_and_dir(dir).map_err(anyhow::Error::msg),
        None => Ok(Procedures::shipped()),
    }
}

/// The e-mail settings, links based on `public_url` or else on `listening`.
fn mail_settings(config: &Config, listening: SocketAddr) -> anyhow::Result<MailSettings> {
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{listening}"));
    MailSettings::new(
        config.smtp_url.as_deref(),
        config.mail_from.as_deref(),
        &public_url,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The name this server claims outbox messages under: its host and the port it listens on.
/// No two running servers share it (the port is theirs), and a server restarted on the same
/// port takes back what it had claimed when it stopped.
fn claimant(listening: SocketAddr) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{host}:{listening}")
}

/// How often `serve` asks whether a staff digest may go: often enough that one goes within
/// minutes of the working day starting. Whether it may is decided by core on the app's clock.
const DIGEST_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs the staff digests every [`DIGEST_EVERY`] for as long as the server runs.
fn spawn_digests(app: App<AnyStore>) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(DIGEST_EVERY);
        loop {
            ticks.tick().await;
            if let Err(error) = app.run_digests_once().await {
                tracing::error!(%error, "staff digests failed");
            }
        }
    });
}

/// Sets up logging: text or JSON lines, level from `RUST_LOG` (default `info`).
pub fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Runs the server until SIGTERM or Ctrl-C, then lets requests in flight finish.
pub async fn serve(config: Config) -> anyhow::Result<ExitCode> {
    init_logging(&config.log_format);
    let app = open_app(&config).await?;
    let orgs: Vec<String> = app.procedures().orgs().map(|o| o.to_string()).collect();
    if let Some(password) = app
        .create_first_admin()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        println!("First start: created the user `admin` (admin of every organisation).");
        println!("  username: admin");
        println!("  password: {password}");
        println!("This password is shown once, and must be changed at the first sign-in.");
        println!("Create an API token with:");
        println!("  redress token create --user admin");
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let address = listener.local_addr()?;
    // Links in e-mails point at the address actually bound (port 0 picks one).
    let app = app.with_mail(mail_settings(&config, address)?);
    spawn_digests(app.clone());
    super::retention::spawn(app.clone());
    println!(
        "redress is listening on http://{address}  (database {}, organisations: {})",
        hide_secrets(&config.database),
        orgs.join(", ")
    );
    tracing::info!(%address, "listening");
    // E-mail in: polled beside the server when `imap_url` is set; e-mail out: sent by the
    // worker when `smtp_url` is set. Both stop with the server, after the step under way.
    if let Some(url) = &config.imap_url {
        redress_app::mail::imap::ImapUrl::parse(url).map_err(anyhow::Error::msg)?;
        super::mail::settings(&config)?;
    }
    let (stop, stopping) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    });
    let stopped = |mut stopping: tokio::sync::watch::Receiver<bool>| async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let poller = tokio::spawn(super::mail::poller(
        app.clone(),
        config.clone(),
        stopping.clone(),
    ));
    let worker = match &config.smtp_url {
        Some(url) => {
            let worker =
                Worker::new(app.clone(), claimant(address)).map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("e-mail is sent through {}", hide_secrets(url));
            Some(tokio::spawn(worker.run(stopped(stopping.clone()))))
        }
        None => {
            println!(
                "e-mail is not sent: no mail server is configured (smtp_url), so messages stay queued"
            );
            None
        }
    };
    redress_web::serve(listener, web_state(&config, app)?, stopped(stopping)).await?;
    if let Some(worker) = worker {
        // The message in flight, if any, is finished and marked before the process ends.
        let _ = worker.await;
    }
    match poller.await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            tracing::error!(error = %format!("{error:#}"), "the e-mail poller stopped")
        }
        Err(error) => tracing::error!(%error, "the e-mail poller failed"),
    }
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// The web layer's state with the configured rate limits and trusted proxies.
fn web_state(config: &Config, app: App<AnyStore>) -> anyhow::Result<redress_web::AppState> {
    let mut state = redress_web::AppState::new(app);
    state.limit = std::sync::Arc::new(redress_web::RateLimit::new(
        config.submissions_per_address_minute,
        60,
    ));
    state.org_limit = std::sync::Arc::new(redress_web::RateLimit::new(
        config.submissions_per_org_hour,
        3600,
    ));
    state.trusted_proxies = std::sync::Arc::new(
        redress_web::client::TrustedProxies::parse_list(&config.trusted_proxies.join(","))
            .map_err(|problem| anyhow::anyhow!("trusted_proxies: {problem}"))?,
    );
    Ok(state)
}
