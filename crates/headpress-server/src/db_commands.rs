//! The database subcommands: `migrate` (install or recognise WordPress), `copy` (move a
//! site between backends) and `app-password create`. Each opens its own connections with
//! `headpress_domain::backend::connect`, which also sets WordPress's relaxed MySQL `sql_mode`
//! the schema and the copier rely on for zero dates.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context;
use headpress_domain::backend::connect;
use headpress_migrations::{
    CopyOptions, CopyProgress, InstallOptions, MigrateOutcome, chunk_password, copy_database,
    create_application_password, migrate,
};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

/// `headpress migrate`: installs WordPress 6.1's schema and default content into an empty
/// database, or reports the `db_version` of an existing WordPress database untouched.
pub async fn migrate_command(
    database_url: &str,
    prefix: &str,
    install: InstallOptions,
) -> anyhow::Result<()> {
    let db = connect(database_url)
        .await
        .with_context(|| format!("connecting to {}", redact(database_url)))?;
    let outcome = migrate(&db, prefix, &install)
        .await
        .context("migrating the database")?;
    match outcome {
        MigrateOutcome::Existing { db_version } => {
            println!(
                "WordPress database found (prefix {prefix:?}, db_version {db_version}); nothing changed."
            );
        }
        MigrateOutcome::Installed {
            admin_login,
            generated_password,
        } => {
            println!(
                "Installed WordPress 6.1 (db_version {}) with prefix {prefix:?} at {}.",
                headpress_migrations::WP_DB_VERSION,
                install.site_url
            );
            println!("Administrator: {admin_login}");
            if let Some(password) = generated_password {
                println!();
                println!("  Generated password for {admin_login}: {password}");
                println!("  It is shown only this once; store it now.");
                println!();
            }
        }
    }
    db.close().await.ok();
    Ok(())
}

/// `headpress copy`: copies the prefix's WordPress tables from one database to another (any
/// of MySQL/MariaDB, PostgreSQL, SQLite), with a progress bar per table.
pub async fn copy_command(
    from_url: &str,
    to_url: &str,
    prefix: &str,
    replace: bool,
) -> anyhow::Result<()> {
    let from = connect(from_url)
        .await
        .with_context(|| format!("connecting to the source {}", redact(from_url)))?;
    let to = connect(to_url)
        .await
        .with_context(|| format!("connecting to the target {}", redact(to_url)))?;

    let multi = MultiProgress::new();
    let style =
        ProgressStyle::with_template("{prefix:>24} [{bar:40}] {pos:>8}/{len:<8} {per_sec:>10}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
    let mut bars: HashMap<String, ProgressBar> = HashMap::new();
    let mut on_progress = |p: CopyProgress| {
        let bar = bars.entry(p.table.clone()).or_insert_with(|| {
            let bar = multi.add(ProgressBar::new(p.total));
            bar.set_style(style.clone());
            bar.set_prefix(p.table.clone());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        bar.set_length(p.total);
        bar.set_position(p.copied);
        if p.copied >= p.total {
            bar.finish();
        }
    };
    let options = CopyOptions {
        replace,
        ..CopyOptions::default()
    };
    let result = copy_database(&from, &to, prefix, &options, &mut on_progress).await;
    for bar in bars.values() {
        if !bar.is_finished() {
            bar.abandon();
        }
    }
    let report = result.context("copying the database")?;

    println!(
        "Copied {} → {} (prefix {prefix:?}):",
        redact(from_url),
        redact(to_url)
    );
    let mut total = 0;
    for (table, rows) in &report.tables {
        println!("  {table:<28} {rows:>10} rows");
        total += rows;
    }
    println!("  {:<28} {total:>10} rows, row counts verified", "total");
    from.close().await.ok();
    to.close().await.ok();
    Ok(())
}

/// `headpress app-password create`: adds an application password for `login` exactly as
/// WordPress 6.1 stores one, prints it once in WordPress's four-character groups and
/// returns it.
pub async fn app_password_create_command(
    database_url: &str,
    prefix: &str,
    login: &str,
    name: &str,
) -> anyhow::Result<String> {
    let db = connect(database_url)
        .await
        .with_context(|| format!("connecting to {}", redact(database_url)))?;
    let created = chrono::Utc::now().timestamp();
    let new = create_application_password(&db, prefix, login, name, created)
        .await
        .with_context(|| format!("creating an application password for {login:?}"))?;
    let shown = chunk_password(&new.password);
    println!(
        "Application password {name:?} for {login} (user {}):",
        new.user_id
    );
    println!();
    println!("  {shown}");
    println!();
    println!("It is shown only this once. Use it with HTTP Basic auth as {login}:<password>.");
    db.close().await.ok();
    Ok(shown)
}

/// Hides a password in a database URL before printing it.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("mysql://root:secret@127.0.0.1:3306/wp"),
            "mysql://root:***@127.0.0.1:3306/wp"
        );
        assert_eq!(redact("sqlite://wp.db"), "sqlite://wp.db");
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
    }
}
