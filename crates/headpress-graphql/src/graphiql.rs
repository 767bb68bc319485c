//! GraphiQL for browsers at `/graphql`, from assets compiled into the binary (no CDN), so the
//! IDE works on an offline machine. A browser's plain `GET /graphql` (it accepts `text/html`
//! and sends no `query`) gets the page; every other request is GraphQL as before.

use poem::http::{StatusCode, header};
use poem::{Request, Response};

/// Where the assets are served (under the endpoint's own path).
pub const ASSET_PREFIX: &str = "/graphql/graphiql/";

/// (file name, content type, gzip-compressed bytes)
const ASSETS: [(&str, &str, &[u8]); 4] = [
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/graphiql.min.js.gz"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/graphiql/graphiql.min.css.gz"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/react.production.min.js.gz"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/react-dom.production.min.js.gz"),
    ),
];

/// Whether a request is a browser opening the IDE rather than a GraphQL operation.
pub fn wants_page(req: &Request) -> bool {
    req.method() == poem::http::Method::GET
        && req.uri().path() == "/graphql"
        && req.uri().query().is_none_or(|q| {
            !q.split('&')
                .any(|p| p.starts_with("query=") || p.starts_with("extensions="))
        })
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

/// The IDE's HTML page; it posts to the same `/graphql` (cookies are not auth here, so the
/// IDE runs anonymously unless a Basic `Authorization` header is set in its headers tab).
pub fn page() -> Response {
    let p = ASSET_PREFIX;
    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>GraphiQL — Headpress</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ margin: 0; height: 100vh; overflow: hidden; }} #graphiql {{ height: 100vh; }}</style>
<link rel="stylesheet" href="{p}graphiql.min.css">
<script src="{p}react.production.min.js"></script>
<script src="{p}react-dom.production.min.js"></script>
<script src="{p}graphiql.min.js"></script>
</head>
<body>
<div id="graphiql">Loading…</div>
<script>
  const fetcher = GraphiQL.createFetcher({{ url: '/graphql' }});
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {{ fetcher, defaultEditorToolsVisibility: true }})
  );
</script>
</body>
</html>
"#
    );
    Response::builder()
        .content_type("text/html; charset=utf-8")
        .body(html)
}

/// One vendored asset (sent gzip-encoded, as every browser accepts), or `None` when `path`
/// is not one.
pub fn asset(path: &str) -> Option<Response> {
    let name = path.strip_prefix(ASSET_PREFIX)?;
    let (_, content_type, bytes) = ASSETS.iter().find(|(file, _, _)| *file == name)?;
    Some(
        Response::builder()
            .status(StatusCode::OK)
            .content_type(*content_type)
            .header(header::CONTENT_ENCODING, "gzip")
            .header(header::CACHE_CONTROL, "public, max-age=86400")
            .body(*bytes),
    )
}
