//! Statement budgets: a list page costs no more SQL statements than its costliest single item
//! (batched loading, never a query per row). Relation loaders skip relations no item has
//! (no images in the content, no parent page), so a one-item page can be cheaper than a full
//! one; the budget is therefore the most any single item costs on its own (`per_page=1` on
//! every page), which a per-row query would exceed at once. The counts are printed for the
//! lead's report (`cargo nextest run -p headpress-tests statements --no-capture`).

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
        for (route, suffix) in [
            ("posts", ""),
            ("posts", "&_embed"),
            ("pages", ""),
            ("pages", "&_embed"),
        ] {
            let base = format!("/wp-json/wp/v2/{route}");
            let (first, hundred, total) = match (
                statements_and_total(&client, &format!("{base}?per_page=1{suffix}")).await,
                statements(&client, &format!("{base}?per_page=100{suffix}")).await,
            ) {
                (Ok((first, total)), Ok(hundred)) => (first, hundred, total),
                (Err(err), _) | (_, Err(err)) => {
                    over_budget.push(format!("[{backend}] {err:#}"));
                    continue;
                }
            };
            // The costliest single item: every page of one item.
            let mut one = first;
            for page in 2..=total.min(100) {
                match statements(&client, &format!("{base}?per_page=1&page={page}{suffix}")).await {
                    Ok(n) => one = one.max(n),
                    Err(err) => over_budget.push(format!("[{backend}] {err:#}")),
                }
            }
            println!(
                "[{backend}] GET {base}?per_page=N{suffix}: N=1 → {first} SQL statements (at most {one} for any one of the {total} items), N=100 → {hundred}"
            );
            if one == 0 {
                over_budget.push(format!(
                    "[{backend}] {base}: no statements counted, the counter is not wired"
                ));
            }
            if hundred > one {
                over_budget.push(format!(
                    "[{backend}] {base}?per_page=100{suffix} ran {hundred} statements, its costliest single item ran {one}"
                ));
            }
        }
    }
    ensure!(over_budget.is_empty(), "{}", over_budget.join("\n"));
    Ok(())
}

/// Like [`statements`], plus the collection's `X-WP-Total`.
async fn statements_and_total<E: poem::Endpoint>(
    client: &TestClient<E>,
    path: &str,
) -> Result<(usize, usize)> {
    let resp = client.get(path).send().await;
    let total = resp
        .0
        .headers()
        .get("X-WP-Total")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .with_context(|| format!("GET {path}: no X-WP-Total"))?;
    let status = resp.0.status();
    ensure!(status.is_success(), "GET {path}: status {status}");
    let count = resp
        .0
        .extensions()
        .get::<SqlStatements>()
        .map(|s| s.0)
        .with_context(|| format!("GET {path}: the response carries no SqlStatements"))?;
    Ok((count, total))
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
