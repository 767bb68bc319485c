//! Statement budgets for the collections `statements.rs` does not cover: a page of 100 costs no
//! more SQL statements than a page of 1 (ARCHITECTURE.md, invariant 5), on all three backends.
//! Every count is printed (`cargo nextest run -p headpress-tests batching --no-capture`).
//!
//! Collections that still grow are `#[ignore]`d with the measured numbers, so the gap stays
//! visible without turning the suite red; `--run-ignored all` shows where they stand.

use anyhow::{Context, Result, ensure};
use base64::Engine as _;
use headpress_server::SqlStatements;
use headpress_tests::backends::{Backend, conformance_dir, fixture_sites, open_app};
use headpress_tests::requests::{Auth, Creds};
use poem::test::TestClient;

/// One collection: `GET /wp-json/wp/v2/{route}?per_page=N{suffix}` as `caller`.
#[derive(Debug, Clone, Copy)]
struct Budget {
    route: &'static str,
    suffix: &'static str,
    /// `None` = anonymous, else a creds.env user.
    caller: Option<&'static str>,
}

const fn budget(route: &'static str, suffix: &'static str, caller: Option<&'static str>) -> Budget {
    Budget {
        route,
        suffix,
        caller,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collection_statements_do_not_grow_with_page_size() -> Result<()> {
    // Measured (MariaDB; the same on SQLite and PostgreSQL): categories 2/2 and
    // categories&_embed 2/2 (the whole taxonomy is one statement and answers parents, links
    // and `up`), tags&_embed 2/2, users 4/4 (anonymous) and 6/6 (admin), media 5/5,
    // media&_embed 10/10, comments&_embed 12/12 (parents and replies prefetched with the page,
    // one statement keyed on it; `up` posts and pages prepared in one pass).
    check(&[
        budget("categories", "", None),
        budget("categories", "&_embed", None),
        budget("tags", "&_embed", None),
        budget("users", "", None),
        budget("users", "", Some("admin")),
        budget("media", "", None),
        budget("media", "&_embed", None),
        budget("comments", "&_embed", None),
    ])
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "pages&_embed per_page=1 → 16 statements, per_page=100 → 19: embedded `up` parents are \
            prepared in a pass of their own (their meta, revisions and ancestors again), apart \
            from the featured media; not in issue 4's list, left for later"]
async fn pages_embed_statements_do_not_grow_with_page_size() -> Result<()> {
    check(&[budget("pages", "&_embed", None)]).await
}

/// Measures every case on every backend before judging, so one run reports all the counts.
async fn check(cases: &[Budget]) -> Result<()> {
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let sites = fixture_sites(&Backend::ALL).await?;
    let result = measure(&sites.sites, cases, &creds).await;
    sites.cleanup().await;
    let over_budget = result?;
    ensure!(over_budget.is_empty(), "{}", over_budget.join("\n"));
    Ok(())
}

async fn measure(
    sites: &[(Backend, String)],
    cases: &[Budget],
    creds: &Creds,
) -> Result<Vec<String>> {
    let mut over_budget = Vec::new();
    for (backend, url) in sites {
        let app = open_app(url).await?;
        let client = TestClient::new(app.endpoint());
        for case in cases {
            let auth = match case.caller {
                None => None,
                Some(user) => creds
                    .basic_credentials(&Auth::User(user.to_owned()))?
                    .map(|login| {
                        format!(
                            "Basic {}",
                            base64::engine::general_purpose::STANDARD.encode(login)
                        )
                    }),
            };
            let who = case.caller.unwrap_or("anon");
            let base = format!("/wp-json/wp/v2/{}", case.route);
            let one = statements(
                &client,
                &format!("{base}?per_page=1{}", case.suffix),
                auth.as_deref(),
            )
            .await;
            let hundred = statements(
                &client,
                &format!("{base}?per_page=100{}", case.suffix),
                auth.as_deref(),
            )
            .await;
            let (one, hundred) = match (one, hundred) {
                (Ok(one), Ok(hundred)) => (one, hundred),
                (Err(err), _) | (_, Err(err)) => {
                    over_budget.push(format!("[{backend}] {err:#}"));
                    continue;
                }
            };
            println!(
                "[{backend}] GET {base}?per_page=N{} as {who}: N=1 → {one} SQL statements, N=100 → {hundred}",
                case.suffix
            );
            if one == 0 {
                over_budget.push(format!(
                    "[{backend}] {base}: no statements counted, the counter is not wired"
                ));
            }
            if hundred > one {
                over_budget.push(format!(
                    "[{backend}] {base}?per_page=100{} as {who} ran {hundred} statements, per_page=1 ran {one}",
                    case.suffix
                ));
            }
        }
    }
    Ok(over_budget)
}

/// Runs a GET that must succeed and returns how many statements it ran.
async fn statements<E: poem::Endpoint>(
    client: &TestClient<E>,
    path: &str,
    auth: Option<&str>,
) -> Result<usize> {
    let mut req = client.get(path);
    if let Some(auth) = auth {
        req = req.header("Authorization", auth);
    }
    let resp = req.send().await;
    let status = resp.0.status();
    ensure!(status.is_success(), "GET {path}: status {status}");
    resp.0
        .extensions()
        .get::<SqlStatements>()
        .map(|s| s.0)
        .with_context(|| format!("GET {path}: the response carries no SqlStatements"))
}
