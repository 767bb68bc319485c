//! `headpress serve`: bind, serve until SIGTERM/Ctrl-C, then drain in-flight requests.

use std::time::Duration;

use anyhow::Context;
use poem::Server;
use poem::listener::TcpListener;

use crate::app::App;
use crate::config::Config;

/// What a fresh database gets on first start: WordPress's installer defaults, with the
/// admin password from `HEADPRESS_ADMIN_PASSWORD` or generated and printed once.
pub fn install_options(config: &Config) -> headpress_migrations::InstallOptions {
    // The site answers where it listens unless told its public URL.
    let default_url = format!("http://{}", config.bind.replace("0.0.0.0", "127.0.0.1"));
    headpress_migrations::InstallOptions {
        site_url: std::env::var("HEADPRESS_SITE_URL").unwrap_or(default_url),
        blog_title: std::env::var("HEADPRESS_SITE_TITLE")
            .unwrap_or_else(|_| "Headpress".to_owned()),
        admin_login: std::env::var("HEADPRESS_ADMIN_LOGIN").unwrap_or_else(|_| "admin".to_owned()),
        admin_email: std::env::var("HEADPRESS_ADMIN_EMAIL")
            .unwrap_or_else(|_| "admin@example.com".to_owned()),
        admin_password: std::env::var("HEADPRESS_ADMIN_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty()),
        now: chrono::Utc::now().naive_utc(),
    }
}

pub async fn run(config: Config) -> anyhow::Result<()> {
    let app = App::open_or_install(&config, install_options(&config))
        .await
        .with_context(|| format!("opening {}", redact(&config.database_url)))?;
    tracing::info!(bind = %config.bind, database = %redact(&config.database_url), "headpress listening");
    Server::new(TcpListener::bind(config.bind.clone()))
        .run_with_graceful_shutdown(
            app.endpoint(),
            shutdown_signal(),
            Some(Duration::from_secs(10)),
        )
        .await
        .context("serving HTTP")?;
    tracing::info!("headpress stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

/// Hides the password of a database URL in logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
