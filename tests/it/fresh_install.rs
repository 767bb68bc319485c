//! A fresh database gets what `wp_install()` creates, and serves it.

use headpress_server::{App, Config};
use headpress_tests::backends::Scratch;
use poem::test::TestClient;
use serde_json::Value;

#[tokio::test]
async fn fresh_sqlite_site_serves_the_default_content() -> anyhow::Result<()> {
    // Dropped at the end of the test (also on failure), removing the file.
    let mut scratch = Scratch::new();
    let (_, database_url) = scratch.sqlite_file();
    let config = Config {
        database_url,
        ..Config::default()
    };
    let app = App::open(&config).await?;
    let client = TestClient::new(app.endpoint());

    let resp = client.get("/wp-json/wp/v2/posts").send().await;
    resp.assert_status_is_ok();
    let posts: Value = resp.json().await.value().deserialize();
    let titles: Vec<&str> = posts
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.pointer("/title/rendered").and_then(Value::as_str))
        .collect();
    assert_eq!(titles, ["Hello world!"]);
    assert_eq!(
        posts.pointer("/0/categories"),
        Some(&serde_json::json!([1]))
    );

    let resp = client
        .get("/wp-json/wp/v2/pages?_fields=id,slug")
        .send()
        .await;
    resp.assert_status_is_ok();
    let pages: Value = resp.json().await.value().deserialize();
    assert_eq!(
        pages,
        serde_json::json!([{ "id": 2, "slug": "sample-page" }])
    );

    // The privacy policy page is a draft: hidden from anonymous callers.
    let resp = client.get("/wp-json/wp/v2/pages/3").send().await;
    resp.assert_status(poem::http::StatusCode::UNAUTHORIZED);

    // Opening it again finds the site and installs nothing twice.
    let again = App::open(&config).await?;
    let resp = TestClient::new(again.endpoint())
        .get("/wp-json/wp/v2/posts?_fields=id")
        .send()
        .await;
    let posts: Value = resp.json().await.value().deserialize();
    assert_eq!(posts, serde_json::json!([{ "id": 1 }]));
    Ok(())
}

/// What a plugin registers in PHP is declared in the TOML configuration: a custom post type
/// with its own REST base, and meta registered for it.
#[tokio::test]
async fn configured_post_types_and_meta_are_served() -> anyhow::Result<()> {
    let mut scratch = Scratch::new();
    let (dir, database_url) = scratch.sqlite_file();
    let toml = dir.with_extension("toml");
    std::fs::write(
        &toml,
        r#"
[[post_types]]
name = "book"
rest_base = "books"

[[meta]]
object_type = "post"
subtypes = ["book"]
key = "isbn"
type = "string"
single = true
default = ""
"#,
    )?;
    let mut config = Config::load(Some(&toml)).map_err(|e| anyhow::anyhow!("{e}"))?;
    config.database_url = database_url;
    let app = App::open(&config).await?;
    let client = TestClient::new(app.endpoint());

    let resp = client.get("/wp-json/wp/v2/books").send().await;
    resp.assert_status_is_ok();
    resp.assert_header("X-WP-Total", "0");
    let books: Value = resp.json().await.value().deserialize();
    assert_eq!(books, serde_json::json!([]));

    let resp = client.get("/wp-json/wp/v2/books/1").send().await;
    resp.assert_status(poem::http::StatusCode::NOT_FOUND);
    let error: Value = resp.json().await.value().deserialize();
    assert_eq!(error["code"], "rest_post_invalid_id");

    let resp = client
        .request(poem::http::Method::OPTIONS, "/wp-json/wp/v2/books")
        .send()
        .await;
    resp.assert_status_is_ok();
    let options: Value = resp.json().await.value().deserialize();
    assert_eq!(
        options.pointer("/schema/properties/meta/properties/isbn/type"),
        Some(&serde_json::json!("string"))
    );
    let _ = std::fs::remove_file(&toml);
    scratch.cleanup().await;
    Ok(())
}
