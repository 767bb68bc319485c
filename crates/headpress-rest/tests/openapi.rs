//! The OpenAPI document and the docs page, served by the REST endpoint over a freshly
//! installed site on SQLite.

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use headpress_domain::Site;
use headpress_domain::registry::SiteConfig;
use poem::Endpoint;
use poem::http::StatusCode;
use poem::test::TestClient;
use serde_json::Value;

const HOME: &str = "http://example.test";

/// A temporary SQLite file: with a pool, `sqlite::memory:` gives every connection its own
/// empty database.
struct TempDb(std::path::PathBuf);

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

async fn fresh_site() -> (Site, TempDb) {
    static N: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "headpress-rest-openapi-{}-{}.db",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let guard = TempDb(path.clone());
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let db = headpress_domain::backend::connect(&url)
        .await
        .expect("open sqlite");
    let install = headpress_migrations::InstallOptions {
        site_url: HOME.to_owned(),
        blog_title: "Headpress".to_owned(),
        admin_login: "admin".to_owned(),
        admin_email: "admin@example.test".to_owned(),
        admin_password: Some("password".to_owned()),
        now: chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("date"),
    };
    headpress_migrations::migrate(&db, "wp_", &install)
        .await
        .expect("install");
    let site = Site::load(db, "wp_", SiteConfig::default())
        .await
        .expect("site");
    (site, guard)
}

async fn get_json(client: &TestClient<impl Endpoint>, uri: &str) -> (StatusCode, Value) {
    let resp = client.get(uri).send().await;
    let status = resp.0.status();
    let body = resp.0.into_body().into_string().await.expect("body");
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}")),
    )
}

/// WordPress's pattern text → the document's path template.
fn template(pattern: &str) -> String {
    let mut out = String::new();
    for part in pattern.split('/').filter(|p| !p.is_empty()) {
        out.push('/');
        match part.strip_prefix("(?P<").and_then(|r| r.split_once('>')) {
            Some((name, _)) => out.push_str(&format!("{{{name}}}")),
            None => out.push_str(part),
        }
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

fn collect_refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// OpenAPI 3.0 Schema Objects know neither type lists nor WordPress's extra keywords, and
/// only parameters and request bodies have a boolean `required`.
fn check_schemas(value: &Value, at: &str) {
    match value {
        Value::Object(map) => {
            assert!(
                !map.get("type").is_some_and(Value::is_array),
                "type list at {at}"
            );
            for bad in ["readonly", "$schema", "links", "arg_options"] {
                assert!(!map.contains_key(bad), "{bad} at {at}");
            }
            if let Some(req) = map.get("required") {
                let may_be_bool = map.contains_key("in") || map.contains_key("content");
                assert!(
                    req.is_array() || (may_be_bool && req.is_boolean()),
                    "required at {at}"
                );
            }
            for (k, v) in map {
                check_schemas(v, &format!("{at}/{k}"));
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                check_schemas(v, &format!("{at}/{i}"));
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn openapi_document() {
    let (site, _db) = fresh_site().await;
    let client = TestClient::new(headpress_rest::endpoint(site));

    let resp = client.get("/wp-json/openapi.json").send().await;
    resp.assert_status_is_ok();
    resp.assert_content_type("application/json");
    let doc: Value = resp.json().await.value().deserialize();

    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.0."))
    );
    assert_eq!(doc["servers"][0]["url"], format!("{HOME}/wp-json"));
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));

    // Every `$ref` resolves inside the document.
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in &refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external {r}"));
        assert!(doc.pointer(pointer).is_some(), "unresolved {r}");
    }
    check_schemas(&doc, "#");

    // The paths are exactly the routes of the table, as the route index lists them.
    let (status, index) = get_json(&client, "/wp-json/").await;
    assert_eq!(status, StatusCode::OK);
    let routes: BTreeSet<String> = index["routes"]
        .as_object()
        .expect("routes")
        .keys()
        .map(|p| template(p))
        .collect();
    let paths = doc["paths"].as_object().expect("paths");
    let documented: BTreeSet<String> = paths.keys().cloned().collect();
    assert_eq!(documented, routes);

    // Per operation: every method the index lists, unique ids, declared path parameters.
    let mut ids = HashSet::new();
    let mut normalized = HashSet::new();
    for (pattern, route) in index["routes"].as_object().expect("routes") {
        let path = template(pattern);
        let item = &paths[&path];
        let mut shape = path.clone();
        let names: Vec<String> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_owned)
            .collect();
        for name in &names {
            shape = shape.replace(&format!("{{{name}}}"), "{}");
            let declared = item["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["name"] == *name && p["in"] == "path"));
            assert!(declared, "{path}: path parameter {name}");
        }
        // OpenAPI forbids two templates that differ only in parameter names.
        assert!(normalized.insert(shape), "ambiguous {path}");
        for method in route["methods"].as_array().expect("methods") {
            let method = method.as_str().expect("method").to_ascii_lowercase();
            let op = &item[&method];
            assert!(op.is_object(), "{path}: {method} missing");
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            assert!(ids.insert(id.clone()), "duplicate operationId {id}");
            assert!(op["responses"]["200"].is_object() || op["responses"]["201"].is_object());
            assert!(op["tags"][0].is_string());
        }
    }
    assert_eq!(
        paths["/wp/v2/posts/{id}"]["get"]["operationId"],
        "get_wp_v2_posts_id"
    );
    assert_eq!(
        paths["/wp/v2/posts"]["get"]["responses"]["200"]["headers"]["X-WP-Total"]["$ref"],
        "#/components/headers/X-WP-Total"
    );

    insta::assert_json_snapshot!("openapi", doc);
}

#[tokio::test]
async fn docs_page_is_offline() {
    let (site, _db) = fresh_site().await;
    let client = TestClient::new(headpress_rest::endpoint(site));

    let resp = client.get("/docs").send().await;
    resp.assert_status_is_ok();
    resp.assert_content_type("text/html; charset=utf-8");
    let html = resp.0.into_body().into_string().await.expect("body");
    assert!(html.contains("SwaggerUIBundle"));
    // The page loads the generated document, not poem-openapi's inline (empty) one.
    assert!(html.contains(r#"url: "/wp-json/openapi.json""#));
    assert!(html.contains("let spec = null;"));
    assert!(!html.contains("spec: spec"));
    // Nothing is loaded from elsewhere: no `<script src>` or `<link href>` to a remote host.
    for tag in ["<script", "<link"] {
        for (at, _) in html.match_indices(tag) {
            let end = html[at..].find('>').map_or(html.len(), |e| at + e);
            let open = &html[at..end];
            assert!(
                !open.contains("http://") && !open.contains("https://"),
                "remote resource: {open}"
            );
        }
    }
    assert!(!html.contains("src=\"http"));
    assert!(!html.contains("src=\"//"));
}

#[tokio::test]
async fn other_requests_still_reach_the_dispatcher() {
    let (site, _db) = fresh_site().await;
    let client = TestClient::new(headpress_rest::endpoint(site));

    let (status, index) = get_json(&client, "/?rest_route=/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(index["routes"].is_object());

    let (status, posts) = get_json(&client, "/wp-json/wp/v2/posts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(posts.is_array());

    let (status, ns) = get_json(&client, "/?rest_route=/wp/v2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ns["namespace"], "wp/v2");

    // Only GET and HEAD are the document; other methods are WordPress's unknown route.
    let resp = client.post("/wp-json/openapi.json").send().await;
    resp.assert_status(StatusCode::NOT_FOUND);
    let body: Value = resp.json().await.value().deserialize();
    assert_eq!(body["code"], "rest_no_route");

    let resp = client.get("/nowhere").send().await;
    resp.assert_status(StatusCode::NOT_FOUND);
}
