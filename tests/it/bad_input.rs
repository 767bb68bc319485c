//! Bad input gets WordPress's error JSON: never a 500, never a panic.

use headpress_server::{App, Config};
use headpress_tests::backends::Scratch;
use poem::http::Method;
use poem::test::TestClient;
use serde_json::Value;

const NASTY_QUERIES: &[&str] = &[
    "per_page=abc",
    "per_page=0",
    "per_page=101",
    "per_page%5B%5D=1",
    "page=-1",
    "page=99999999999999999999",
    "offset=-5",
    "offset=99999999999",
    "include=abc",
    "include%5Bx%5D=1",
    "categories%5Bterms%5D=x",
    "categories%5Boperator%5D=XOR",
    "tags=1,,2,%20",
    "search=%FF%FE",
    "search=%25%5F%5C",
    "before=2023-13-45T99:99:99",
    "after=notadate",
    "orderby=include",
    "orderby=relevance",
    "orderby=%00",
    "order=sideways",
    "status=any",
    "status%5B%5D=publish&status%5B%5D=draft",
    "slug%5Ba%5D=b",
    "sticky=maybe",
    "tax_relation=XX",
    "context=nope",
    "_fields=%5B%5D",
    "_embed=%00",
    "_envelope=1&context=edit",
    "_method=DELETE",
];

#[tokio::test]
async fn bad_query_strings_get_wordpress_errors() -> anyhow::Result<()> {
    // Dropped at the end of the test (also on failure), removing the file.
    let mut scratch = Scratch::new();
    let (_, database_url) = scratch.sqlite_file();
    let config = Config {
        database_url,
        ..Config::default()
    };
    let app = App::open(&config).await?;
    let client = TestClient::new(app.endpoint());
    for base in [
        "/wp-json/wp/v2/posts",
        "/wp-json/wp/v2/pages",
        "/wp-json/wp/v2/posts/1",
    ] {
        for query in NASTY_QUERIES {
            let uri = format!("{base}?{query}");
            let resp = client.get(&uri).send().await;
            let status = resp.0.status();
            assert!(status.as_u16() < 500, "{uri} answered {status}");
            let body: Value = resp.json().await.value().deserialize();
            if status.as_u16() >= 400 {
                assert!(
                    body.get("code").and_then(Value::as_str).is_some(),
                    "{uri}: {body}"
                );
                assert!(body.pointer("/data/status").is_some(), "{uri}: {body}");
            }
        }
    }
    // Malformed bodies, unknown routes and methods, bad credentials.
    let cases: Vec<(Method, &str, Option<&str>, Option<&str>)> = vec![
        (
            Method::POST,
            "/wp-json/wp/v2/posts",
            Some("{bad json"),
            None,
        ),
        (Method::PUT, "/wp-json/wp/v2/posts", None, None),
        (Method::GET, "/wp-json/wp/v2/posts/abc", None, None),
        (
            Method::GET,
            "/wp-json/wp/v2/posts/99999999999999999999999",
            None,
            None,
        ),
        (Method::GET, "/wp-json/nope", None, None),
        (Method::GET, "/wp-json/wp/v2/posts", None, Some("Basic !!!")),
        (
            Method::GET,
            "/wp-json/wp/v2/posts",
            None,
            Some("Basic YWRtaW46d3Jvbmc="),
        ),
        (Method::GET, "/wp-json/wp/v2/posts", None, Some("Bearer x")),
    ];
    for (method, uri, body, auth) in cases {
        let mut req = client.request(method.clone(), uri);
        if let Some(body) = body {
            req = req.content_type("application/json").body(body);
        }
        if let Some(auth) = auth {
            req = req.header("Authorization", auth);
        }
        let resp = req.send().await;
        let status = resp.0.status();
        assert!(status.as_u16() < 500, "{method} {uri} answered {status}");
    }
    Ok(())
}
