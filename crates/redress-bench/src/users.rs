//! The benchmark's member of staff: a user `bench` (password `bench-password-123`) who is a
//! feedback officer in every shipped organisation and holds the roles each procedure names as
//! deciding or sending, with an API token, printed as JSON.

use std::sync::Arc;

use anyhow::Context;
use redress_app::App;
use redress_app::clock::SystemClock;
use redress_app::procedures::Procedures;
use redress_store::{AnyStore, Role};
use serde_json::json;

pub async fn run(database: &str) -> anyhow::Result<()> {
    let store = AnyStore::open(database)
        .await
        .context("opening the store")?;
    let app = App::start(store, Procedures::shipped(), Arc::new(SystemClock))
        .await
        .map_err(|error| anyhow::anyhow!("starting the app: {error}"))?;
    let orgs: Vec<_> = app.procedures().orgs().cloned().collect();
    // A second run into the same database finds the user there already.
    if app
        .add_user("bench", "Benchmark officer", Some("bench-password-123"))
        .await
        .is_ok()
    {
        for org in &orgs {
            app.grant("bench", org, Role::FeedbackOfficer)
                .await
                .map_err(|error| anyhow::anyhow!("granting: {error}"))?;
        }
    }
    let token = app
        .create_token("bench", "benchmark")
        .await
        .map_err(|error| anyhow::anyhow!("token: {error}"))?;
    // The roles each procedure names as deciding or sending (the Co-ordinator, the Customer
    // Feedback Manager, the Chairperson).
    let mut holds = Vec::new();
    for org in &orgs {
        let Some(loaded) = app.procedures().latest(org) else {
            continue;
        };
        let named = loaded.procedure.named_deciders();
        for role in named {
            if !holds.contains(&(org.clone(), role.clone())) {
                app.hold("bench", org, role.as_str())
                    .await
                    .map_err(|error| anyhow::anyhow!("holding: {error}"))?;
                holds.push((org.clone(), role));
            }
        }
    }
    println!("{}", json!({ "token": token }));
    Ok(())
}
