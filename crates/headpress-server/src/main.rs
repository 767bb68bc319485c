//! `headpress`: serve a WordPress site's REST API, migrate a database, copy a site between
//! backends, create application passwords.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use headpress_server::{Config, db_commands, serve};

#[derive(Parser)]
#[command(
    name = "headpress",
    version,
    about = "WordPress's REST API, served from WordPress's own database"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST API (a fresh database is migrated and installed first).
    Serve {
        /// TOML configuration (registered meta, post types, taxonomies, …).
        #[arg(long, env = "HEADPRESS_CONFIG")]
        config: Option<PathBuf>,
        /// Database URL: sqlite://…, postgres://…, mysql://…
        #[arg(long, env = "HEADPRESS_DATABASE_URL")]
        database_url: Option<String>,
        /// Address to listen on.
        #[arg(long, env = "HEADPRESS_BIND")]
        bind: Option<String>,
    },
    /// Create WordPress's tables and default content in an empty database.
    Migrate {
        #[arg(long, env = "HEADPRESS_CONFIG")]
        config: Option<PathBuf>,
        #[arg(long, env = "HEADPRESS_DATABASE_URL")]
        database_url: Option<String>,
    },
    /// Database commands.
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
    /// Application passwords.
    AppPassword {
        #[command(subcommand)]
        command: AppPasswordCommand,
    },
}

#[derive(Subcommand)]
enum DbCommand {
    /// Copy a whole WordPress database between MySQL/MariaDB, SQLite and PostgreSQL.
    Copy {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Replace the target's tables if it already holds a site.
        #[arg(long)]
        replace: bool,
        #[arg(long, env = "HEADPRESS_TABLE_PREFIX", default_value = "wp_")]
        table_prefix: String,
    },
}

#[derive(Subcommand)]
enum AppPasswordCommand {
    /// Create an application password for a user and print it once.
    Create {
        login: String,
        #[arg(long, default_value = "headpress")]
        name: String,
        #[arg(long, env = "HEADPRESS_CONFIG")]
        config: Option<PathBuf>,
        #[arg(long, env = "HEADPRESS_DATABASE_URL")]
        database_url: Option<String>,
    },
}

fn load_config(file: Option<PathBuf>, database_url: Option<String>) -> anyhow::Result<Config> {
    let mut config =
        Config::load(file.as_deref()).map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
    if let Some(url) = database_url {
        config.database_url = url;
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // One line per cause, no backtrace: these are operator-facing messages.
            eprintln!("headpress: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            config,
            database_url,
            bind,
        } => {
            let mut config = load_config(config, database_url)?;
            if let Some(bind) = bind {
                config.bind = bind;
            }
            headpress_server::telemetry::init(&config.log_format);
            serve::run(config).await
        }
        Command::Migrate {
            config,
            database_url,
        } => {
            let config = load_config(config, database_url)?;
            headpress_server::telemetry::init(&config.log_format);
            db_commands::migrate_command(
                &config.database_url,
                &config.table_prefix,
                serve::install_options(&config),
            )
            .await
        }
        Command::Db {
            command:
                DbCommand::Copy {
                    from,
                    to,
                    replace,
                    table_prefix,
                },
        } => db_commands::copy_command(&from, &to, &table_prefix, replace).await,
        Command::AppPassword {
            command:
                AppPasswordCommand::Create {
                    login,
                    name,
                    config,
                    database_url,
                },
        } => {
            let config = load_config(config, database_url)?;
            db_commands::app_password_create_command(
                &config.database_url,
                &config.table_prefix,
                &login,
                &name,
            )
            .await
            .map(|_| ())
            .context("creating the application password")
        }
    }
}
