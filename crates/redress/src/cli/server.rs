//! `redress serve`: the server, with zero configuration by default.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use redress_app::App;
use redress_app::clock::SystemClock;
use redress_app::procedures::Procedures;
use redress_store::AnyStore;

use super::config::{Config, hide_secrets};

/// Opens the store and starts the app as configured: used by `serve` and the store commands.
pub async fn open_app(config: &Config) -> anyhow::Result<App<AnyStore>> {
    let store = AnyStore::open(&config.database).await.with_context(|| {
        format!(
            "cannot open the database {}",
            hide_secrets(&config.database)
        )
    })?;
    let procedures = match &config.procedures {
        Some(dir) => Procedures::from_dir(dir).map_err(anyhow::Error::msg)?,
        None => Procedures::shipped(),
    };
    let app = App::start(store, procedures, Arc::new(SystemClock))
        .await
        .map_err(|e| anyhow::anyhow!("cannot start: {e}"))?;
    Ok(app.with_files(redress_app::files::Files::new(
        &config.data_dir,
        config.attachments,
    )))
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
        println!("This password is shown once. Create an API token with:");
        println!("  redress token create --user admin");
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let address = listener.local_addr()?;
    println!(
        "redress is listening on http://{address}  (database {}, organisations: {})",
        hide_secrets(&config.database),
        orgs.join(", ")
    );
    tracing::info!(%address, "listening");
    // E-mail in: polled beside the server when `imap_url` is set; it stops with the server,
    // after the poll under way.
    if let Some(url) = &config.imap_url {
        redress_app::mail::imap::ImapUrl::parse(url).map_err(anyhow::Error::msg)?;
        super::mail::settings(&config)?;
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let poller = tokio::spawn(super::mail::poller(app.clone(), config.clone(), stopped));
    let shutdown = async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    };
    redress_web::serve(listener, redress_web::AppState::new(app), shutdown).await?;
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
