//! The `headpress` binary's library half: configuration, wiring of the facades over one
//! database connection, the HTTP middleware stack, serving, and the database commands.

pub mod app;
pub mod config;
pub mod db_commands;
pub mod serve;
pub mod telemetry;

pub use app::{App, SqlStatements};
pub use config::Config;
