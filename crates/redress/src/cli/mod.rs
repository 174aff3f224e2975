//! One module per group of subcommands; each exposes a clap enum and `run`.

pub mod assess;
pub mod audit;
pub mod calendar;
pub mod case;
pub mod config;
pub mod import;
pub mod mail;
pub mod person;
pub mod procedure;
pub mod replay;
pub mod report;
pub mod retention;
pub mod server;
pub mod store;
