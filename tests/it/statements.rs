//! The statement budget: a collection's SQL statement count does not grow with `per_page`
//! or `_embed` (every relation is loaded by one batched query).

use headpress_tests::backends::{Backend, available, fixture_site};
use poem::test::TestClient;

async fn statements<E: poem::Endpoint>(client: &TestClient<E>, uri: &str) -> anyhow::Result<usize> {
    let resp = client.get(uri).send().await;
    let status = resp.0.status();
    anyhow::ensure!(status.is_success(), "{uri} answered {status}");
    resp.0
        .extensions()
        .get::<headpress_server::SqlStatements>()
        .map(|s| s.0)
        .ok_or_else(|| anyhow::anyhow!("no statement count on {uri}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collection_statements_do_not_grow_with_page_size_or_embed() -> anyhow::Result<()> {
    if !available(Backend::MariaDb).await {
        if std::env::var_os("CI").is_some() {
            anyhow::bail!("MariaDB is not reachable; CI needs it");
        }
        eprintln!("SKIPPED: MariaDB is not reachable; the fixture is loaded through it");
        return Ok(());
    }
    for backend in Backend::ALL {
        if !available(backend).await {
            continue;
        }
        let site = fixture_site(backend).await?;
        let client = TestClient::new(site.app.endpoint());
        for (small, large) in [
            ("/wp-json/wp/v2/posts?per_page=1", "/wp-json/wp/v2/posts?per_page=100"),
            ("/wp-json/wp/v2/posts?per_page=1&_embed", "/wp-json/wp/v2/posts?per_page=100&_embed"),
            ("/wp-json/wp/v2/pages?per_page=1&_embed", "/wp-json/wp/v2/pages?per_page=100&_embed"),
        ] {
            let (s, l) = (statements(&client, small).await?, statements(&client, large).await?);
            eprintln!("[{}] {small}: {s} statements; {large}: {l}", backend.name());
            assert!(l <= s, "[{}] {large} ran {l} statements, {small} ran {s}", backend.name());
        }
    }
    Ok(())
}
