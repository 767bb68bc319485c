//! WordPress 6.1's dynamic blocks in `content.rendered`, compared with what WordPress itself
//! renders for the same snippets over the same fixture
//! (`crates/headpress-php/vectors/render/dynamic_blocks.json`, minted by
//! `make-dynamic-block-vectors.php` against the reference site).
//!
//! Headpress has no REST write API yet, so each snippet is inserted as a new draft post into
//! the test's own copy of the fixture (never the reference site's database), then read back
//! through `GET /wp/v2/posts/{id}` as admin, and its `content.rendered` compared byte for
//! byte with WordPress's `the_content` of the snippet.
//! Drafts are not listed by any of the blocks, so the new posts do not change the lists. No
//! normalisation: WordPress's vectors were rendered one snippet per PHP process, so their
//! per-request ids (`wp_unique_id`, the categories block's counter) start from 1 as they do
//! in one Headpress request, and the blocks print no date relative to now.

use anyhow::{Context, Result, ensure};
use base64::Engine as _;
use headpress_tests::backends::{Backend, conformance_dir, fixture_sites, open_app};
use headpress_tests::requests::{Auth, Creds};
use poem::test::TestClient;
use serde_json::Value;

fn vectors() -> Result<Vec<Value>> {
    let path =
        conformance_dir().join("../../crates/headpress-php/vectors/render/dynamic_blocks.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(serde_json::from_str(&text)?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dynamic_blocks_render_as_wordpress_renders_them() -> Result<()> {
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let admin = creds
        .basic_credentials(&Auth::User("admin".into()))?
        .map(|login| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(login)
            )
        })
        .context("admin credentials")?;
    let vectors = vectors()?;
    ensure!(vectors.len() >= 40, "only {} vectors", vectors.len());
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut failures = Vec::new();
    for (backend, url) in &sites.sites {
        if let Err(err) = check_backend(url, &admin, &vectors, &mut failures).await {
            failures.push(format!("[{backend}] {err:#}"));
        }
        failures.iter_mut().for_each(|f| {
            if !f.starts_with('[') {
                *f = format!("[{backend}] {f}");
            }
        });
    }
    sites.cleanup().await;
    ensure!(failures.is_empty(), "{}", failures.join("\n\n"));
    Ok(())
}

/// Inserts a post (draft unless `status` says otherwise) with an ID of its own.
async fn insert_post(
    db: &sea_orm::DatabaseConnection,
    id: u64,
    title: &str,
    content: &str,
    status: &str,
    date: &str,
) -> Result<()> {
    use sea_orm::ConnectionTrait;
    use sea_orm::sea_query::{Alias, Query};
    let backend = db.get_database_backend();
    let date = headpress_domain::backend::date_value(
        backend,
        headpress_domain::backend::parse_mysql_datetime(date).context("date")?,
    );
    let text = |s: &str| sea_orm::Value::String(Some(s.to_owned()));
    let columns: Vec<(&str, sea_orm::Value)> = vec![
        ("ID", sea_orm::Value::BigInt(Some(i64::try_from(id)?))),
        ("post_author", sea_orm::Value::BigInt(Some(1))),
        ("post_date", date.clone()),
        ("post_date_gmt", date.clone()),
        ("post_content", text(content)),
        ("post_title", text(title)),
        ("post_excerpt", text("")),
        ("post_status", text(status)),
        ("comment_status", text("open")),
        ("ping_status", text("open")),
        ("post_password", text("")),
        ("post_name", text(&format!("dynamic-{id}"))),
        ("to_ping", text("")),
        ("pinged", text("")),
        ("post_modified", date.clone()),
        ("post_modified_gmt", date),
        ("post_content_filtered", text("")),
        ("post_parent", sea_orm::Value::BigInt(Some(0))),
        ("guid", text(&format!("http://127.0.0.1:8080/?p={id}"))),
        ("menu_order", sea_orm::Value::Int(Some(0))),
        ("post_type", text("post")),
        ("post_mime_type", text("")),
        ("comment_count", sea_orm::Value::BigInt(Some(0))),
    ];
    let insert = Query::insert()
        .into_table(Alias::new("wp_posts"))
        .columns(columns.iter().map(|(name, _)| Alias::new(*name)))
        .values(columns.into_iter().map(|(_, value)| value.into()))?
        .to_owned();
    db.execute(&insert).await?;
    Ok(())
}

async fn check_backend(
    url: &str,
    admin: &str,
    vectors: &[Value],
    failures: &mut Vec<String>,
) -> Result<()> {
    let db = headpress_domain::backend::connect(url).await?;
    let app = open_app(url).await?;
    let client = TestClient::new(app.endpoint());
    let read = async |id: u64| -> Result<String> {
        let resp = client
            .get(format!("/wp-json/wp/v2/posts/{id}"))
            .header("Authorization", admin)
            .send()
            .await;
        let status = resp.0.status().as_u16();
        let bytes = resp.0.into_body().into_bytes().await?;
        let answer: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        ensure!(status == 200, "reading post {id}: {status} {answer}");
        Ok(answer["content"]["rendered"]
            .as_str()
            .unwrap_or("")
            .to_owned())
    };
    let mut id = 900_000;
    for vector in vectors {
        let name = vector["name"].as_str().unwrap_or("?");
        let block = vector["block"].as_str().unwrap_or("");
        id += 1;
        insert_post(&db, id, name, block, "draft", "2024-06-01 00:00:00").await?;
        let got = read(id).await?;
        let want = vector["the_content"].as_str().unwrap_or("");
        if got != want {
            failures.push(format!(
                "{name}:\n  headpress: {got:?}\n  wordpress: {want:?}"
            ));
        }
    }

    // The render cache keys on the blocks' rows: a newly published post shows up at once.
    id += 1;
    let draft = id;
    let block = "<!-- wp:latest-posts {\"postsToShow\":1} /-->";
    insert_post(&db, draft, "latest", block, "draft", "2024-06-01 00:00:00").await?;
    let before = read(draft).await?;
    ensure!(before.contains("Hello, status update"), "{before}");
    id += 1;
    insert_post(
        &db,
        id,
        "A fresh post",
        "x",
        "publish",
        "2024-06-02 00:00:00",
    )
    .await?;
    let after = read(draft).await?;
    ensure!(
        after.contains("A fresh post"),
        "the new post is not listed: {after}"
    );
    db.close().await?;
    Ok(())
}
