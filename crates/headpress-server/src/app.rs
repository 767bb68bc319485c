//! Wires one database connection, the domain's site state and the REST facade into one
//! poem endpoint, with the middleware every request passes through.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use poem::endpoint::BoxEndpoint;
use poem::middleware::CatchPanic;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response};
use tracing::Instrument;

use crate::config::Config;

/// Number of SQL statements a request ran; stored in the response's extensions so tests can
/// assert statement budgets, and logged on the request's span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlStatements(pub usize);

/// A ready-to-serve Headpress site.
#[derive(Clone)]
pub struct App {
    site: headpress_domain::Site,
}

impl App {
    /// Connects to `config.database_url`; a database without WordPress tables is migrated
    /// and installed first (like a fresh WordPress install).
    pub async fn open(config: &Config) -> anyhow::Result<App> {
        App::open_or_install(config, crate::serve::install_options(config)).await
    }

    /// Like [`App::open`], with explicit installer settings for a fresh database.
    pub async fn open_or_install(
        config: &Config,
        install: headpress_migrations::InstallOptions,
    ) -> anyhow::Result<App> {
        let db = headpress_domain::backend::connect(&config.database_url).await?;
        match headpress_migrations::migrate(&db, &config.table_prefix, &install).await? {
            headpress_migrations::MigrateOutcome::Installed {
                admin_login,
                generated_password,
            } => {
                tracing::info!(admin = %admin_login, "installed a fresh WordPress site");
                if let Some(password) = generated_password {
                    // Printed once, like WordPress's installer screen; never logged.
                    println!("Created user {admin_login} with password: {password}");
                }
            }
            headpress_migrations::MigrateOutcome::Existing { db_version } => {
                tracing::debug!(%db_version, "existing WordPress database");
            }
        }
        let site =
            headpress_domain::Site::load(db, &config.table_prefix, config.site.clone()).await?;
        Ok(App { site })
    }

    pub fn site(&self) -> &headpress_domain::Site {
        &self.site
    }

    /// The whole HTTP application: `/wp-json/…`, `/?rest_route=…`, docs.
    pub fn endpoint(&self) -> BoxEndpoint<'static, Response> {
        let graphql = Arc::new(headpress_graphql::endpoint(self.site.clone()).boxed());
        let rest = Arc::new(headpress_rest::endpoint(self.site.clone()).boxed());
        // WPGraphQL answers at `/graphql` and at `/index.php?graphql` (also `/?graphql`), with
        // GraphiQL's assets under `/graphql/graphiql/`;
        // everything else is the REST facade.
        let site_endpoint = poem::endpoint::make(move |req: Request| {
            let (graphql, rest) = (graphql.clone(), rest.clone());
            async move {
                let path = req.uri().path();
                let is_graphql = path == "/graphql"
                    || path.starts_with(headpress_graphql::graphiql::ASSET_PREFIX)
                    || (matches!(path, "/" | "/index.php")
                        && req.uri().query().is_some_and(|q| {
                            q.split('&')
                                .any(|p| p == "graphql" || p.starts_with("graphql="))
                        }));
                Ok::<_, poem::Error>(if is_graphql {
                    graphql.get_response(req).await
                } else {
                    rest.get_response(req).await
                })
            }
        });
        site_endpoint
            .around(count_statements)
            // A panic is a bug; the client still gets WordPress's error shape, not a reset.
            .with(CatchPanic::new().with_handler(|_| {
                Response::builder()
                    .status(poem::http::StatusCode::INTERNAL_SERVER_ERROR)
                    .content_type("application/json; charset=UTF-8")
                    .body(
                        r#"{"code":"internal_server_error","message":"The server could not complete the request.","data":{"status":500}}"#,
                    )
            }))
            .boxed()
    }
}

/// Runs the request with a fresh statement counter and records the count.
async fn count_statements<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let counter = Arc::new(AtomicUsize::new(0));
    // `?rest_route=` requests name their route in the query string.
    let route = match req
        .uri()
        .query()
        .and_then(|q| q.split('&').find(|p| p.starts_with("rest_route=")))
    {
        Some(rest_route) => format!("{}?{rest_route}", req.uri().path()),
        None => req.uri().path().to_owned(),
    };
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        route = %route,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
        sql_statements = tracing::field::Empty,
    );
    let started = Instant::now();
    let result = headpress_domain::backend::STATEMENT_COUNTER
        .scope(counter.clone(), next.call(req).instrument(span.clone()))
        .await;
    let statements = counter.load(Ordering::Relaxed);
    let mut response = match result {
        Ok(resp) => resp.into_response(),
        Err(err) => err.into_response(),
    };
    span.record("status", response.status().as_u16());
    span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
    span.record("sql_statements", statements);
    span.in_scope(|| tracing::info!("request finished"));
    response.extensions_mut().insert(SqlStatements(statements));
    Ok(response)
}
