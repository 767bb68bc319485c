//! Replays `tests/graphql-conformance/queries` (WPGraphQL 2.20's answers in `golden/`) against
//! the GraphQL facade on the fixture, on every backend, with the pending-list ratchet of
//! `graphql-conformance/pending.txt` (one `NNN-name # reason` per line), and snapshots the SDL.
//!
//! Compared as the set's README says: the HTTP status (unless `skip-status`), `data` as parsed
//! JSON, and whether `errors` is present.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use headpress_tests::backends::{Backend, conformance_dir, fixture_sites, open_app};
use headpress_tests::requests::{Auth, Creds};
use poem::Endpoint;
use poem::http::{HeaderValue, Method};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql-conformance")
}

/// One query file with its header settings.
struct Query {
    name: String,
    auth: Auth,
    variables: Option<Value>,
    operation: Option<String>,
    get: bool,
    batch: bool,
    skip_status: bool,
    text: String,
}

fn load_queries() -> Result<Vec<Query>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir().join("queries"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut q = Query {
            name,
            auth: Auth::None,
            variables: None,
            operation: None,
            get: false,
            batch: false,
            skip_status: false,
            text: String::new(),
        };
        let mut body = Vec::new();
        let mut in_header = true;
        for line in text.lines() {
            if in_header && let Some(rest) = line.strip_prefix('#') {
                let rest = rest.trim();
                let first = rest.split_whitespace().next().unwrap_or("");
                let is_setting = first.starts_with("auth=")
                    || first.starts_with("variables=")
                    || first.starts_with("operationName=")
                    || first.starts_with("method=")
                    || first == "batch"
                    || first == "skip-status";
                if is_setting {
                    parse_settings(&mut q, rest)?;
                }
                continue;
            }
            in_header = false;
            body.push(line);
        }
        q.text = body.join("\n") + "\n";
        out.push(q);
    }
    Ok(out)
}

fn parse_settings(q: &mut Query, line: &str) -> Result<()> {
    let mut rest = line;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(v) = rest.strip_prefix("variables=") {
            // The JSON may contain spaces: take the longest prefix that parses.
            let mut stream = serde_json::Deserializer::from_str(v).into_iter::<Value>();
            let value = stream.next().context("variables= without JSON")??;
            let used = stream.byte_offset();
            q.variables = Some(value);
            rest = &v[used..];
            continue;
        }
        let (token, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        match token.split_once('=') {
            Some(("auth", name)) => {
                q.auth = match name {
                    "none" => Auth::None,
                    "bad" => Auth::Bad,
                    other => Auth::User(other.to_owned()),
                }
            }
            Some(("operationName", name)) => q.operation = Some(name.to_owned()),
            Some(("method", m)) => q.get = m.eq_ignore_ascii_case("GET"),
            _ if token == "batch" => q.batch = true,
            _ if token == "skip-status" => q.skip_status = true,
            _ => {}
        }
        rest = tail;
    }
    Ok(())
}

fn payload(q: &Query, text: &str) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("query".into(), Value::String(text.to_owned()));
    if let Some(v) = &q.variables {
        map.insert("variables".into(), v.clone());
    }
    if let Some(op) = &q.operation {
        map.insert("operationName".into(), Value::String(op.clone()));
    }
    Value::Object(map)
}

fn build(q: &Query, creds: &Creds) -> Result<poem::Request> {
    let mut req = if q.get {
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        pairs.append_pair("query", &q.text);
        if let Some(v) = &q.variables {
            pairs.append_pair("variables", &v.to_string());
        }
        if let Some(op) = &q.operation {
            pairs.append_pair("operationName", op);
        }
        poem::Request::builder()
            .method(Method::GET)
            .uri(format!("/graphql?{}", pairs.finish()).parse()?)
            .finish()
    } else {
        let body = if q.batch {
            let ops: Vec<Value> = q.text.split("# ---\n").map(|t| payload(q, t)).collect();
            Value::Array(ops)
        } else {
            payload(q, &q.text)
        };
        let mut r = poem::Request::builder()
            .method(Method::POST)
            .uri("/graphql".parse()?)
            .finish();
        r.headers_mut()
            .insert("Content-Type", HeaderValue::from_static("application/json"));
        r.set_body(serde_json::to_vec(&body)?);
        r
    };
    if let Some(login) = creds.basic_credentials(&q.auth)? {
        let token = base64::engine::general_purpose::STANDARD.encode(login);
        req.headers_mut().insert(
            "Authorization",
            HeaderValue::from_str(&format!("Basic {token}"))?,
        );
    }
    Ok(req)
}

/// Runs one request with a statement counter, as the server's middleware does.
async fn send<E: Endpoint>(endpoint: &E, req: poem::Request) -> Result<(u16, Value, usize)> {
    let counter = Arc::new(AtomicUsize::new(0));
    let resp = headpress_domain::backend::STATEMENT_COUNTER
        .scope(counter.clone(), async {
            match endpoint.call(req).await {
                Ok(r) => poem::IntoResponse::into_response(r),
                Err(e) => e.into_response(),
            }
        })
        .await;
    let status = resp.status().as_u16();
    let bytes = resp.into_body().into_bytes().await?;
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Ok((status, body, counter.load(Ordering::Relaxed)))
}

fn has_errors(v: &Value) -> bool {
    v.get("errors")
        .is_some_and(|e| e.as_array().is_none_or(|a| !a.is_empty()))
}

/// `data` equality with `2 == 2.0`, key order ignored, array order kept.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The first differing path, for the failure message.
fn diff(path: &str, want: &Value, got: &Value) -> Option<String> {
    match (want, got) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = diff(&format!("{path}.{k}"), v, w) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{path}.{k}: missing")),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{path}.{k}: unexpected"))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (a, b))| diff(&format!("{path}[{i}]"), a, b)),
        _ if same(want, got) => None,
        _ => {
            let short = |v: &Value| v.to_string().chars().take(160).collect::<String>();
            Some(format!("{path}: want {}, got {}", short(want), short(got)))
        }
    }
}

fn compare_one(want: &Value, got: &Value) -> Option<String> {
    if has_errors(want) != has_errors(got) {
        return Some(format!(
            "errors: want {}, got {}",
            has_errors(want),
            got.get("errors").map_or_else(
                || "none".to_owned(),
                |e| e.to_string().chars().take(200).collect::<String>()
            )
        ));
    }
    let null = Value::Null;
    diff(
        "data",
        want.get("data").unwrap_or(&null),
        got.get("data").unwrap_or(&null),
    )
}

fn compare(q: &Query, golden: &Value, status: u16, body: &Value) -> Option<String> {
    let want_status = golden.get("status").and_then(Value::as_u64).unwrap_or(0);
    if !q.skip_status && u64::from(status) != want_status {
        return Some(format!("status: want {want_status}, got {status}"));
    }
    let want = golden.get("body").unwrap_or(&Value::Null);
    match (want, body) {
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => w
            .iter()
            .zip(g)
            .enumerate()
            .find_map(|(i, (w, g))| compare_one(w, g).map(|d| format!("[{i}] {d}"))),
        (Value::Array(_), _) | (_, Value::Array(_)) => Some("batch shape differs".into()),
        _ => compare_one(want, body),
    }
}

fn load_pending() -> Result<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(dir().join("pending.txt")).unwrap_or_default();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, reason) = line.split_once(" # ").unwrap_or((line, "todo"));
        out.insert(name.trim().to_owned(), reason.trim().to_owned());
    }
    Ok(out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_conformance() -> Result<()> {
    let queries = load_queries()?;
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let pending = load_pending()?;
    let only: Option<BTreeSet<String>> = std::env::var("HEADPRESS_GRAPHQL_ONLY")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().to_owned()).collect());
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut ran = 0;
    let mut outcome = Ok(());
    for (backend, url) in &sites.sites {
        let app = match open_app(url).await {
            Ok(app) => app,
            Err(err) => {
                outcome = Err(err);
                break;
            }
        };
        ran += 1;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let mut passed = 0;
        for q in &queries {
            if only
                .as_ref()
                .is_some_and(|o| !o.iter().any(|n| q.name.contains(n.as_str())))
            {
                continue;
            }
            let golden: Value = serde_json::from_str(&std::fs::read_to_string(
                dir().join("golden").join(format!("{}.json", q.name)),
            )?)?;
            let problem = match build(q, &creds) {
                Ok(req) => match send(&endpoint, req).await {
                    Ok((status, body, _)) => {
                        // `HEADPRESS_GRAPHQL_DUMP=dir`: keep Headpress's answers to diff by hand.
                        if let Some(dump) = std::env::var_os("HEADPRESS_GRAPHQL_DUMP") {
                            let path = Path::new(&dump).join(format!("{}-{backend}.json", q.name));
                            std::fs::create_dir_all(&dump)?;
                            std::fs::write(path, serde_json::to_vec_pretty(&body)?)?;
                        }
                        compare(q, &golden, status, &body)
                    }
                    Err(err) => Some(format!("harness: {err:#}")),
                },
                Err(err) => Some(format!("harness: {err:#}")),
            };
            match problem {
                Some(p) => failures
                    .entry(q.name.clone())
                    .or_default()
                    .push(format!("[{backend}] {p}")),
                None => passed += 1,
            }
        }
        eprintln!("graphql_conformance [{backend}]: {passed} match WPGraphQL");
    }
    sites.cleanup().await;
    outcome?;
    if ran == 0 {
        eprintln!("graphql_conformance: no backend available, nothing compared");
        return Ok(());
    }
    if std::env::var_os("HEADPRESS_UPDATE_PENDING").is_some_and(|v| v == "1") {
        let mut text = String::from(
            "# GraphQL queries that do not match WPGraphQL yet: `NNN-name # reason`.\n\
             # Regenerate: HEADPRESS_UPDATE_PENDING=1 cargo test -p headpress-tests --test it graphql\n",
        );
        for (name, problems) in &failures {
            let reason = pending.get(name).cloned().unwrap_or_else(|| {
                format!(
                    "todo: {}",
                    problems[0]
                        .replace('\n', " ")
                        .chars()
                        .take(140)
                        .collect::<String>()
                )
            });
            text.push_str(&format!("{name} # {reason}\n"));
        }
        std::fs::write(dir().join("pending.txt"), text)?;
        return Ok(());
    }
    let mut problems = Vec::new();
    for q in &queries {
        if only
            .as_ref()
            .is_some_and(|o| !o.iter().any(|n| q.name.contains(n.as_str())))
        {
            continue;
        }
        match (failures.get(&q.name), pending.contains_key(&q.name)) {
            (Some(f), false) => problems.push(format!(
                "{} differs from WPGraphQL:\n    {}",
                q.name,
                f.join("\n    ")
            )),
            (None, true) => {
                problems.push(format!("{} now passes, remove it from pending.txt", q.name))
            }
            _ => {}
        }
    }
    if !problems.is_empty() {
        bail!(
            "{} GraphQL conformance problem(s):\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
    Ok(())
}

/// The 100-posts list costs the same number of statements as the 1-post list.
/// (Connections prefetch the relations their selection asks for, one statement each, so the
/// count depends on the selection only: `prefetch` in the GraphQL crate.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_statements_do_not_grow_with_page_size() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut out = Ok(());
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let mut counts = Vec::new();
        for n in [1i32, 100, -1, -100] {
            let query = if n > 0 {
                format!(
                    "{{ posts(first: {n}) {{ nodes {{ title date uri excerpt author {{ node {{ name }} }} \
                     categories {{ nodes {{ name uri }} }} tags {{ nodes {{ name }} }} \
                     featuredImage {{ node {{ sourceUrl }} }} }} }} }}"
                )
            } else {
                // The same for a list of posts with their first comments and their authors.
                format!(
                    "{{ posts(first: {}) {{ nodes {{ title comments(first: 5) {{ nodes {{ date \
                     content author {{ node {{ name }} }} }} }} }} }} }}",
                    -n
                )
            };
            let (status, body, statements) = send(&endpoint, post_request(&query)?).await?;
            if status != 200 || has_errors(&body) {
                out = Err(anyhow::anyhow!(
                    "[{backend}] posts(first: {n}) failed: {body}"
                ));
            }
            let what = if n > 0 {
                "author, terms, image"
            } else {
                "first comments and their authors"
            };
            println!(
                "[{backend}] GraphQL posts(first: {}) with {what}: {statements} SQL statements",
                n.abs()
            );
            counts.push(statements);
        }
        if counts[1] != counts[0] || counts[3] != counts[2] {
            out = Err(anyhow::anyhow!(
                "[{backend}] 100 posts ran {} and {} statements, 1 post {} and {}",
                counts[1],
                counts[3],
                counts[0],
                counts[2]
            ));
        }
    }
    sites.cleanup().await;
    out
}

/// Statements and body of one POSTed query.
async fn counted_query<E: Endpoint>(endpoint: &E, query: &str) -> Result<(Value, usize)> {
    let (status, body, statements) = send(endpoint, post_request(query)?).await?;
    if status != 200 || has_errors(&body) {
        bail!("{query} failed with {status}: {body}");
    }
    Ok((body, statements))
}

/// Nested connections (`Category.posts`, `Tag.posts`, `User.posts`, `Page.children`) cost the
/// same statements under one parent node as under every node of a list (one per level), and
/// each node's page is what the same connection returns at the top level for that node.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_nested_connections_are_batched() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut problems = Vec::new();
    // (parent list, nested connection, the top-level `where` that lists one node's posts)
    let cases = [
        (
            "categories",
            "posts(first: 3)",
            "posts(first: 3, where: {categoryId: ID})",
        ),
        (
            "tags",
            "posts(first: 2)",
            "posts(first: 2, where: {tagId: \"ID\"})",
        ),
        (
            "users",
            "posts(first: 4)",
            "posts(first: 4, where: {author: ID})",
        ),
        (
            "pages",
            "children(first: 3)",
            "pages(first: 3, where: {parent: \"ID\"})",
        ),
    ];
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        for (list, nested, top) in cases {
            let mut counts = Vec::new();
            for n in [1, 100] {
                let query = format!(
                    "{{ {list}(first: {n}) {{ nodes {{ databaseId {nested} {{ \
                     pageInfo {{ hasNextPage }} nodes {{ databaseId \
                     ... on NodeWithTitle {{ title }} \
                     ... on NodeWithAuthor {{ author {{ node {{ name }} }} }} }} }} }} }} }}"
                );
                let (body, statements) = counted_query(&endpoint, &query).await?;
                println!("[{backend}] {list}(first: {n}) {{ {nested} }}: {statements} statements");
                counts.push(statements);
                if n == 1 {
                    continue;
                }
                let field = nested.split('(').next().unwrap_or_default();
                let nodes = body["data"][list]["nodes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let mut non_empty = 0;
                for node in &nodes {
                    let id = node["databaseId"].to_string();
                    let one = top.replace("ID", &id);
                    let top_field = one.split('(').next().unwrap_or_default();
                    let (want, _) = counted_query(
                        &endpoint,
                        &format!(
                            "{{ {one} {{ pageInfo {{ hasNextPage }} nodes {{ databaseId \
                             ... on NodeWithTitle {{ title }} \
                             ... on NodeWithAuthor {{ author {{ node {{ name }} }} }} }} }} }}"
                        ),
                    )
                    .await?;
                    let got = &node[field];
                    let want = &want["data"][top_field];
                    if got["nodes"] != want["nodes"] || got["pageInfo"] != want["pageInfo"] {
                        problems.push(format!(
                            "[{backend}] {list} {id} {nested}: {got} but the top level gives {want}"
                        ));
                    }
                    if got["nodes"].as_array().is_some_and(|a| !a.is_empty()) {
                        non_empty += 1;
                    }
                }
                if non_empty < 2 {
                    problems.push(format!(
                        "[{backend}] {list}: only {non_empty} nodes have {nested}; the case proves nothing"
                    ));
                }
            }
            if counts[1] != counts[0] {
                problems.push(format!(
                    "[{backend}] {list} {{ {nested} }}: {} statements for 100 nodes, {} for 1",
                    counts[1], counts[0]
                ));
            }
        }
    }
    sites.cleanup().await;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

#[test]
fn graphql_sdl_snapshot() {
    let schema = headpress_graphql::schema_sdl();
    insta::assert_snapshot!("graphql_sdl", schema);
}

/// POSTs one query (anonymous) and returns the parsed answer.
/// A POST of `query` as JSON.
fn post_request(query: &str) -> Result<poem::Request> {
    let mut req = poem::Request::builder()
        .method(Method::POST)
        .uri("/graphql".parse()?)
        .finish();
    req.headers_mut()
        .insert("Content-Type", HeaderValue::from_static("application/json"));
    req.set_body(serde_json::to_vec(&serde_json::json!({ "query": query }))?);
    Ok(req)
}

async fn post_query<E: Endpoint>(endpoint: &E, query: &str) -> Result<Value> {
    let (_, body, _) = send(endpoint, post_request(query)?).await?;
    Ok(body)
}

/// Headpress's additions: `totalCount` counts every page's nodes (and only when selected);
/// depth and complexity limits refuse a query before it runs, with an error and no data.
/// And a failing nullable field is `null` next to an error, as in WPGraphQL, not dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_total_count_limits_and_field_errors() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut out = Ok(());
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let body = post_query(
            &endpoint,
            "{ posts(first: 2) { totalCount nodes { databaseId } } \
               all: posts(first: 100) { nodes { databaseId } } \
               comments(first: 1) { totalCount } allComments: comments(first: 100) { nodes { databaseId } } \
               tags(first: 1) { totalCount } allTags: tags(first: 100) { nodes { databaseId } } }",
        )
        .await?;
        let len = |path: &str| {
            body.pointer(path)
                .and_then(Value::as_array)
                .map_or(0, |a| a.len() as u64)
        };
        let total = |path: &str| body.pointer(path).and_then(Value::as_u64);
        for (count, list) in [
            ("/data/posts/totalCount", "/data/all/nodes"),
            ("/data/comments/totalCount", "/data/allComments/nodes"),
            ("/data/tags/totalCount", "/data/allTags/nodes"),
        ] {
            if total(count) != Some(len(list)) || len(list) < 2 {
                out = Err(anyhow::anyhow!(
                    "[{backend}] {count} is {:?}, the whole list has {}: {body}",
                    total(count),
                    len(list)
                ));
            }
        }

        let body = post_query(
            &endpoint,
            "{ users(first: 1, last: 1) { nodes { databaseId } } tags(first: 1) { nodes { name } } }",
        )
        .await?;
        let users_null = body.pointer("/data/users").is_some_and(Value::is_null);
        let tags_listed = body
            .pointer("/data/tags/nodes")
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() == 1);
        if !has_errors(&body) || !users_null || !tags_listed {
            out = Err(anyhow::anyhow!(
                "[{backend}] first+last should null `users` only, with an error: {body}"
            ));
        }

        let mut nested = String::from("name");
        for _ in 0..6 {
            nested = format!("posts {{ nodes {{ categories {{ nodes {{ {nested} }} }} }} }}");
        }
        let body = post_query(
            &endpoint,
            &format!("{{ categories {{ nodes {{ {nested} }} }} }}"),
        )
        .await?;
        if !has_errors(&body) || body.get("data").is_some_and(|d| !d.is_null()) {
            out = Err(anyhow::anyhow!("[{backend}] a 26-level query ran: {body}"));
        }

        let aliases: String = (0..3)
            .map(|i| {
                format!(
                    "u{i}: users(first: 100) {{ nodes {{ posts(first: 100) {{ nodes {{ databaseId }} }} }} }} "
                )
            })
            .collect();
        let body = post_query(&endpoint, &format!("{{ {aliases} }}")).await?;
        if !has_errors(&body) || body.get("data").is_some_and(|d| !d.is_null()) {
            out = Err(anyhow::anyhow!(
                "[{backend}] a query of 3 x 100 x 100 nodes ran: {body}"
            ));
        }
    }
    sites.cleanup().await;
    out
}

/// GETs `/graphql` with the given query-string pairs (anonymous).
async fn get_query<E: Endpoint>(endpoint: &E, pairs: &[(&str, &str)]) -> Result<Value> {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let req = poem::Request::builder()
        .method(Method::GET)
        .uri(format!("/graphql?{query}").parse()?)
        .finish();
    let (_, body, _) = send(endpoint, req).await?;
    Ok(body)
}

/// Apollo's automatic persisted queries over GET: an unknown hash asks for the query, a
/// query sent with its hash is remembered, and then the hash alone answers it; a hash that
/// does not match its query is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_persisted_queries_over_get() -> Result<()> {
    use sha2::Digest as _;
    let sites = fixture_sites(&[Backend::Sqlite]).await?;
    let result = async {
        let (_, url) = sites.sites.first().context("no site")?;
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let query = "{ posts(first: 2) { nodes { databaseId title } } }";
        let hash: String = sha2::Sha256::digest(query.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let ext = format!(r#"{{"persistedQuery":{{"version":1,"sha256Hash":"{hash}"}}}}"#);

        let unknown = get_query(&endpoint, &[("extensions", &ext)]).await?;
        let message = unknown.pointer("/errors/0/message").and_then(Value::as_str);
        if message != Some("PersistedQueryNotFound") || !unknown["data"].is_null() {
            bail!("an unknown hash should ask for the query: {unknown}");
        }
        let registered = get_query(&endpoint, &[("query", query), ("extensions", &ext)]).await?;
        let nodes = registered
            .pointer("/data/posts/nodes")
            .and_then(Value::as_array);
        if nodes.is_none_or(|n| n.len() != 2) || has_errors(&registered) {
            bail!("the query with its hash should run: {registered}");
        }
        let by_hash = get_query(&endpoint, &[("extensions", &ext)]).await?;
        if by_hash != registered {
            bail!("the hash alone should answer as the query did: {by_hash}");
        }
        let wrong = format!(
            r#"{{"persistedQuery":{{"version":1,"sha256Hash":"{}"}}}}"#,
            "0".repeat(64)
        );
        let mismatch = get_query(&endpoint, &[("query", query), ("extensions", &wrong)]).await?;
        if !has_errors(&mismatch) || mismatch.pointer("/data/posts").is_some() {
            bail!("a hash that does not match its query should be refused: {mismatch}");
        }
        let bad_json = get_query(&endpoint, &[("query", query), ("extensions", "{")]).await?;
        if !has_errors(&bad_json) {
            bail!("malformed extensions should be an error: {bad_json}");
        }
        Ok(())
    }
    .await;
    sites.cleanup().await;
    result
}

/// A browser opening `/graphql` gets GraphiQL, whose every asset is served by Headpress
/// itself (no CDN: the page names no other host); a client's `GET /graphql` without a query
/// still gets WPGraphQL's JSON error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_is_served_offline() -> Result<()> {
    let sites = fixture_sites(&[Backend::Sqlite]).await?;
    let result = async {
        let (_, url) = sites.sites.first().context("no site")?;
        let app = open_app(url).await?;
        let client = poem::test::TestClient::new(app.endpoint());
        let page = client
            .get("/graphql")
            .header("Accept", "text/html,application/xhtml+xml")
            .send()
            .await;
        page.assert_status_is_ok();
        page.assert_content_type("text/html; charset=utf-8");
        let html = page.0.into_body().into_string().await?;
        if html.contains("http://") || html.contains("https://") {
            bail!("the GraphiQL page refers to another host: {html}");
        }
        let assets: Vec<&str> = html
            .split(['"', '\''])
            .filter(|s| s.starts_with(headpress_graphql::graphiql::ASSET_PREFIX))
            .collect();
        if assets.len() != 4 {
            bail!("expected GraphiQL's 4 assets, found {assets:?}");
        }
        for asset in assets {
            let resp = client.get(asset).send().await;
            resp.assert_status_is_ok();
            resp.assert_header("Content-Encoding", "gzip");
            let bytes = resp.0.into_body().into_vec().await?;
            if bytes.len() < 1000 || bytes[..2] != [0x1f, 0x8b] {
                bail!("{asset}: not a gzip body ({} bytes)", bytes.len());
            }
        }
        let api = client
            .get("/graphql")
            .header("Accept", "application/json")
            .send()
            .await;
        api.assert_status_is_ok();
        let body: Value = serde_json::from_str(&api.0.into_body().into_string().await?)?;
        if !has_errors(&body) {
            bail!("GET /graphql without a query should be an error: {body}");
        }
        Ok(())
    }
    .await;
    sites.cleanup().await;
    result
}

/// POSTs a query as a fixture user (`None`: anonymous) with their application password.
async fn post_query_as<E: Endpoint>(
    endpoint: &E,
    creds: &Creds,
    user: Option<&str>,
    query: &str,
) -> Result<Value> {
    let mut req = post_request(query)?;
    if let Some(login) =
        creds.basic_credentials(&user.map_or(Auth::None, |u| Auth::User(u.to_owned())))?
    {
        let token = base64::engine::general_purpose::STANDARD.encode(login);
        req.headers_mut().insert(
            "Authorization",
            HeaderValue::from_str(&format!("Basic {token}"))?,
        );
    }
    let (_, body, _) = send(endpoint, req).await?;
    Ok(body)
}

/// Checks `pointer` of `body` against `want`, collecting a message per mismatch.
fn expect(problems: &mut Vec<String>, label: &str, body: &Value, pointer: &str, want: Value) {
    let got = body.pointer(pointer).cloned().unwrap_or(Value::Null);
    if got != want {
        problems.push(format!("{label} {pointer}: want {want}, got {got}"));
    }
}

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// The TermNode interface fields, the terms' `taxonomy` edges, `termNode`, `taxonomy`,
/// `postFormat(s)`, the user fields from usermeta and `wp_user_roles` (with WPGraphQL's
/// restricted view for guests), `avatar`'s arguments, `userRole(s)` and `writingSettings`.
/// Expected values come from the fixture (wp-fixture.sql) and WordPress/WPGraphQL semantics.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_terms_users_roles_and_settings_fields() -> Result<()> {
    use serde_json::json;
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut problems: Vec<String> = Vec::new();
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let p = &mut problems;

        // Category 4 (Programming, tt 4) is a child of 3; term_group 0 is null in WPGraphQL.
        let body = post_query_as(
            &endpoint,
            &creds,
            None,
            "{ category(id: 4, idType: DATABASE_ID) { termTaxonomyId termGroupId isTermNode \
               taxonomy { cursor node { name } } parent { cursor node { databaseId } } } \
               hier: terms(where: {include: [4]}) { nodes { ... on HierarchicalTermNode { \
                 taxonomyName termTaxonomyId isContentNode isTermNode isComment isFrontPage \
                 isPostsPage isRestricted count link } } } \
               tag(id: 24, idType: DATABASE_ID) { taxonomy { cursor node { name } } } \
               termNode(id: 42, idType: DATABASE_ID) { __typename isTermNode taxonomyName \
                 termTaxonomyId ... on PostFormat { postFormatId name \
                 taxonomy { node { graphqlSingleName } } posts { nodes { databaseId } } } } \
               bySlug: termNode(id: \"technology\", idType: SLUG, taxonomy: CATEGORY) { databaseId } \
               byUri: termNode(id: \"/tag/security/\", idType: URI) { databaseId taxonomyName } \
               postFormat(id: \"post-format-video\", idType: SLUG) { databaseId name } \
               postFormats(first: 3) { nodes { name } } \
               taxonomy(id: \"TAG\", idType: NAME) { name } \
               taxById: taxonomy(id: \"dGF4b25vbXk6Y2F0ZWdvcnk=\") { name } \
               writingSettings { id defaultCategory defaultPostFormat useSmilies } \
               contentTypes { nodes { name restBase showInRest restControllerClass description \
                 showInGraphql isPostsPage } } \
               taxonomies { nodes { name restBase showInRest restControllerClass description \
                 showInGraphql } } }",
        )
        .await?;
        let l = format!("[{backend}] terms");
        expect(p, &l, &body, "/data/category/termTaxonomyId", json!(4));
        expect(p, &l, &body, "/data/category/termGroupId", Value::Null);
        expect(p, &l, &body, "/data/category/isTermNode", json!(true));
        expect(
            p,
            &l,
            &body,
            "/data/category/taxonomy/cursor",
            json!(b64("arrayconnection:category")),
        );
        expect(
            p,
            &l,
            &body,
            "/data/category/taxonomy/node/name",
            json!("category"),
        );
        expect(
            p,
            &l,
            &body,
            "/data/category/parent/cursor",
            json!(b64("arrayconnection:3")),
        );
        expect(
            p,
            &l,
            &body,
            "/data/category/parent/node/databaseId",
            json!(3),
        );
        expect(
            p,
            &l,
            &body,
            "/data/hier/nodes/0",
            json!({"taxonomyName": "category", "termTaxonomyId": 4, "isContentNode": false,
                   "isTermNode": true, "isComment": false, "isFrontPage": false,
                   "isPostsPage": false, "isRestricted": false, "count": 3,
                   "link": "http://127.0.0.1:8080/category/technology/programming/"}),
        );
        expect(
            p,
            &l,
            &body,
            "/data/tag/taxonomy/cursor",
            json!(b64("arrayconnection:post_tag")),
        );
        expect(
            p,
            &l,
            &body,
            "/data/tag/taxonomy/node/name",
            json!("post_tag"),
        );
        expect(
            p,
            &l,
            &body,
            "/data/termNode/__typename",
            json!("PostFormat"),
        );
        expect(
            p,
            &l,
            &body,
            "/data/termNode/taxonomyName",
            json!("post_format"),
        );
        expect(p, &l, &body, "/data/termNode/termTaxonomyId", json!(42));
        expect(p, &l, &body, "/data/termNode/postFormatId", json!(42));
        expect(p, &l, &body, "/data/termNode/name", json!("Aside"));
        expect(
            p,
            &l,
            &body,
            "/data/termNode/taxonomy/node/graphqlSingleName",
            json!("postFormat"),
        );
        // post_format 42 has count 3: its three published posts.
        let formatted = body
            .pointer("/data/termNode/posts/nodes")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if formatted != 3 {
            p.push(format!("{l}: postFormat 42 should list 3 posts: {body}"));
        }
        expect(p, &l, &body, "/data/bySlug/databaseId", json!(3));
        expect(
            p,
            &l,
            &body,
            "/data/byUri",
            json!({"databaseId": 24, "taxonomyName": "post_tag"}),
        );
        expect(
            p,
            &l,
            &body,
            "/data/postFormat",
            json!({"databaseId": 48, "name": "Video"}),
        );
        // Ordered by the stored names (post-format-aside, -audio, -chat, …).
        expect(
            p,
            &l,
            &body,
            "/data/postFormats/nodes",
            json!([{"name": "Aside"}, {"name": "Audio"}, {"name": "Chat"}]),
        );
        expect(p, &l, &body, "/data/taxonomy/name", json!("post_tag"));
        expect(p, &l, &body, "/data/taxById/name", json!("category"));
        expect(
            p,
            &l,
            &body,
            "/data/writingSettings",
            json!({"id": b64("setting_group:writing"), "defaultCategory": 1,
                   "defaultPostFormat": "standard", "useSmilies": true}),
        );
        // The registry: post and page use WP_REST_Posts_Controller, attachments their own;
        // post_format is registered without REST, so it has no rest_base or controller.
        let ct = |name: &str, base: &str, class: &str, posts_page: bool| {
            json!({"name": name, "restBase": base, "showInRest": true, "restControllerClass": class,
                   "description": "", "showInGraphql": true, "isPostsPage": posts_page})
        };
        expect(
            p,
            &l,
            &body,
            "/data/contentTypes/nodes",
            json!([
                ct("post", "posts", "WP_REST_Posts_Controller", true),
                ct("page", "pages", "WP_REST_Posts_Controller", false),
                ct(
                    "attachment",
                    "media",
                    "WP_REST_Attachments_Controller",
                    false
                )
            ]),
        );
        let tx = |name: &str, base: Option<&str>| {
            json!({"name": name, "restBase": base, "showInRest": base.is_some(),
                   "restControllerClass": base.map(|_| "WP_REST_Terms_Controller"),
                   "description": "", "showInGraphql": true})
        };
        expect(
            p,
            &l,
            &body,
            "/data/taxonomies/nodes",
            json!([
                tx("category", Some("categories")),
                tx("post_tag", Some("tags")),
                tx("post_format", None)
            ]),
        );
        // `get_terms` arguments: the tree of 3 is 3, 4 (→ 5, 6) and 7; `include` drops
        // `exclude`; posts 12 and 13 carry tags 24 (security), 31 (jazz) and 34 (review).
        let body = post_query_as(
            &endpoint,
            &creds,
            None,
            "{ tree: categories(where: {excludeTree: [3, 12], hideEmpty: true}) { nodes { databaseId } } \
               tt: categories(where: {termTaxonomyId: [5, 4]}) { nodes { databaseId } } \
               alias: categories(where: {termTaxonomId: [9]}) { nodes { databaseId } } \
               inc: categories(where: {include: [5, 6], exclude: [5]}) { nodes { databaseId } } \
               objs: tags(where: {objectIds: [12, 13], cacheDomain: \"x\", padCounts: true, \
                 updateTermMetaCache: false}) { nodes { databaseId } } \
               objTerms: terms(where: {objectIds: [12], taxonomies: [CATEGORY, TAG]}) { nodes { databaseId } } \
               formats: postFormats(where: {objectIds: [17]}) { nodes { slug } } \
               tech: category(id: 3, idType: DATABASE_ID) { \
                 children(where: {exclude: [7], parent: 8, childOf: 12}) { nodes { databaseId } } \
                 all: children { nodes { databaseId } } } }",
        )
        .await?;
        let l = format!("[{backend}] term where");
        // By name: Biology(10), Genetics(11), Physics(9), Science(8), Uncategorized(1);
        // Travel (16) is empty and has no children.
        expect(
            p,
            &l,
            &body,
            "/data/tree/nodes",
            json!([{"databaseId": 10}, {"databaseId": 11}, {"databaseId": 9},
                   {"databaseId": 8}, {"databaseId": 1}]),
        );
        expect(
            p,
            &l,
            &body,
            "/data/tt/nodes",
            json!([{"databaseId": 4}, {"databaseId": 5}]),
        );
        expect(
            p,
            &l,
            &body,
            "/data/alias/nodes",
            json!([{"databaseId": 9}]),
        );
        expect(
            p,
            &l,
            &body,
            "/data/inc/nodes",
            json!([{"databaseId": 6}, {"databaseId": 5}]),
        );
        expect(
            p,
            &l,
            &body,
            "/data/objs/nodes",
            json!([{"databaseId": 31}, {"databaseId": 34}, {"databaseId": 24}]),
        );
        // Post 12: Film (14), Hardware (7), security (24).
        expect(
            p,
            &l,
            &body,
            "/data/objTerms/nodes",
            json!([{"databaseId": 14}, {"databaseId": 7}, {"databaseId": 24}]),
        );
        expect(
            p,
            &l,
            &body,
            "/data/formats/nodes",
            json!([{"slug": "post-format-aside"}]),
        );
        // Technology (3) has Programming (4) and Hardware (7); `parent`/`childOf` are the
        // resolver's.
        expect(
            p,
            &l,
            &body,
            "/data/tech/children/nodes",
            json!([{"databaseId": 4}]),
        );
        expect(
            p,
            &l,
            &body,
            "/data/tech/all/nodes",
            json!([{"databaseId": 7}, {"databaseId": 4}]),
        );

        let body = post_query_as(
            &endpoint,
            &creds,
            None,
            "{ termNode(id: \"technology\", idType: SLUG) { databaseId } }",
        )
        .await?;
        if !has_errors(&body) || !body.pointer("/data/termNode").is_some_and(Value::is_null) {
            p.push(format!(
                "[{backend}] termNode by SLUG without taxonomy must fail: {body}"
            ));
        }

        // Users: an administrator sees the subscriber's usermeta-backed fields.
        let user_fields = "userId isRestricted capKey locale adminColor capabilities \
            extraCapabilities shouldShowAdminToolbar hasRichEditingEnabled \
            hasSyntaxHighlightingEnabled hasCommentShortcutsEnabled \
            roles(first: 1) { edges { cursor node { name displayName capabilities isRestricted } } }";
        let query = format!(
            "{{ user(id: 5, idType: DATABASE_ID) {{ {user_fields} }} \
               admin: user(id: 1, idType: DATABASE_ID) {{ locale \
                 avatar(size: 48, forceDefault: true, rating: PG) {{ url size height width \
                   default forceDefault foundAvatar rating scheme extraAttr isRestricted }} \
                 plain: avatar {{ url size rating default forceDefault }} }} \
               userRoles {{ edges {{ cursor node {{ id name displayName }} }} }} \
               userRole(id: \"{}\") {{ name displayName capabilities }} }}",
            b64("user_role:subscriber")
        );
        let body = post_query_as(&endpoint, &creds, Some("admin"), &query).await?;
        let l = format!("[{backend}] admin");
        expect(
            p,
            &l,
            &body,
            "/data/user",
            json!({"userId": 5, "isRestricted": false, "capKey": "wp_capabilities",
                   "locale": "en_US", "adminColor": "fresh",
                   "capabilities": ["read", "level_0", "subscriber"],
                   "extraCapabilities": ["read", "level_0", "subscriber"],
                   "shouldShowAdminToolbar": true, "hasRichEditingEnabled": true,
                   "hasSyntaxHighlightingEnabled": true, "hasCommentShortcutsEnabled": false,
                   "roles": {"edges": [{"cursor": b64("arrayconnection:subscriber"),
                     "node": {"name": "subscriber", "displayName": "Subscriber",
                              "capabilities": ["read", "level_0"], "isRestricted": false}}]}}),
        );
        // The admin's `locale` meta is empty: `get_locale()` (no WPLANG) is en_US.
        expect(p, &l, &body, "/data/admin/locale", json!("en_US"));
        let hash = "e64c7d89f26bd1972efa854d13d7dd61"; // md5("admin@example.com")
        let host = u32::from_str_radix(&hash[..1], 16)? % 3;
        expect(
            p,
            &l,
            &body,
            "/data/admin/avatar",
            json!({"url": format!("http://{host}.gravatar.com/avatar/{hash}?s=48&d=mm&f=y&r=pg"),
                   "size": 48, "height": 48, "width": 48, "default": "mm",
                   "forceDefault": true, "foundAvatar": true, "rating": "pg", "scheme": null,
                   "extraAttr": null, "isRestricted": false}),
        );
        expect(
            p,
            &l,
            &body,
            "/data/admin/plain",
            json!({"url": format!("http://{host}.gravatar.com/avatar/{hash}?s=96&d=mm&r=g"),
                   "size": 96, "rating": "g", "default": "mm", "forceDefault": false}),
        );
        let roles: Vec<Value> = [
            "administrator",
            "editor",
            "author",
            "contributor",
            "subscriber",
        ]
        .iter()
        .zip([
            "Administrator",
            "Editor",
            "Author",
            "Contributor",
            "Subscriber",
        ])
        .map(|(name, display)| {
            json!({"cursor": b64(&format!("arrayconnection:{name}")),
                       "node": {"id": b64(&format!("user_role:{name}")), "name": name,
                                "displayName": display}})
        })
        .collect();
        expect(p, &l, &body, "/data/userRoles/edges", Value::Array(roles));
        expect(
            p,
            &l,
            &body,
            "/data/userRole",
            json!({"name": "subscriber", "displayName": "Subscriber",
                   "capabilities": ["read", "level_0"]}),
        );
        let body = post_query_as(
            &endpoint,
            &creds,
            Some("admin"),
            &format!(
                "{{ user(id: 1, idType: DATABASE_ID) {{ roles(after: \"{}\") {{ nodes {{ name }} }} }} }}",
                b64("arrayconnection:administrator")
            ),
        )
        .await?;
        expect(p, &l, &body, "/data/user/roles/nodes", json!([]));

        // A guest sees author 3 (published posts) restricted: only the whitelisted fields.
        let body = post_query_as(
            &endpoint,
            &creds,
            None,
            &format!(
                "{{ user(id: 3, idType: DATABASE_ID) {{ {user_fields} }} userRoles {{ nodes {{ name }} }} \
                   userRole(id: \"{}\") {{ name }} }}",
                b64("user_role:author")
            ),
        )
        .await?;
        let l = format!("[{backend}] guest");
        expect(
            p,
            &l,
            &body,
            "/data/user",
            json!({"userId": 3, "isRestricted": true, "capKey": null, "locale": null,
                   "adminColor": null, "capabilities": null, "extraCapabilities": null,
                   "shouldShowAdminToolbar": null, "hasRichEditingEnabled": null,
                   "hasSyntaxHighlightingEnabled": null, "hasCommentShortcutsEnabled": null,
                   "roles": null}),
        );
        expect(p, &l, &body, "/data/userRoles/nodes", json!([]));
        expect(p, &l, &body, "/data/userRole", Value::Null);

        // An editor may see its own role, not others'.
        let body = post_query_as(
            &endpoint,
            &creds,
            Some("editor"),
            &format!(
                "{{ own: userRole(id: \"{}\") {{ displayName }} other: userRole(id: \"{}\") {{ name }} }}",
                b64("user_role:editor"),
                b64("user_role:author")
            ),
        )
        .await?;
        let l = format!("[{backend}] editor");
        expect(p, &l, &body, "/data/own/displayName", json!("Editor"));
        expect(p, &l, &body, "/data/other", Value::Null);
    }
    sites.cleanup().await;
    if problems.is_empty() {
        Ok(())
    } else {
        bail!("{}", problems.join("\n"))
    }
}

/// `users(where:)` as WPGraphQL maps it onto `WP_User_Query`. Fixture users (login, display
/// name, URL): 1 admin "Adrian Mills" admin.example.com, 2 editor "Edith Nakamura", 3 author
/// "Arthur Pendleton" arthur.example.org, 4 contributor "Clara Oswin" (no URL), 5 subscriber
/// "Sam Tully" sam.example.net (no posts), 6 zoe "Zoë Ångström" (an author); only 1 and 2
/// have published pages. Results are database IDs in connection order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_users_where() -> Result<()> {
    use serde_json::json;
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut problems: Vec<String> = Vec::new();
    let cases: [(&str, &str, Value); 17] = [
        ("roleIn", "roleIn: [AUTHOR]", json!([3, 6])),
        ("role", "role: EDITOR", json!([2])),
        (
            "roleNotIn",
            "roleNotIn: [AUTHOR, SUBSCRIBER]",
            json!([1, 4, 2]),
        ),
        // No `@`, not numeric, not a URL: login, URL, e-mail, nicename and display name.
        ("search", "search: \"sam\"", json!([5])),
        (
            "searchEmail",
            "search: \"@example.com\"",
            json!([1, 3, 4, 2, 5, 6]),
        ),
        ("searchNumeric", "search: \"3\"", json!([3])),
        (
            "searchColumns",
            "search: \"arthur\", searchColumns: [LOGIN]",
            json!([]),
        ),
        ("include", "include: [1, 2, 3], exclude: [2]", json!([1, 3])),
        ("login", "login: \"zoe\"", json!([6])),
        (
            "loginIn",
            "loginIn: [\"zoe\", \"admin\"], orderby: [{field: LOGIN_IN}]",
            json!([6, 1]),
        ),
        (
            "loginNotIn",
            "loginNotIn: [\"admin\", \"editor\", \"author\", \"contributor\"]",
            json!([5, 6]),
        ),
        (
            "nicenameIn",
            "nicenameIn: [\"editor\", \"author\"], orderby: [{field: NICE_NAME_IN}]",
            json!([2, 3]),
        ),
        (
            "nicenameNotIn",
            "nicename: \"zoe\", nicenameNotIn: [\"zoe\"]",
            json!([]),
        ),
        (
            "displayName",
            "orderby: [{field: DISPLAY_NAME, order: ASC}]",
            json!([1, 3, 4, 2, 5, 6]),
        ),
        // The last orderby input wins.
        (
            "registered",
            "orderby: [{field: URL}, {field: REGISTERED, order: DESC}]",
            json!([6, 5, 4, 3, 2, 1]),
        ),
        (
            "url",
            "orderby: [{field: URL, order: ASC}]",
            json!([4, 1, 3, 2, 5, 6]),
        ),
        (
            "hasPublishedPosts",
            "hasPublishedPosts: [PAGE]",
            json!([1, 2]),
        ),
    ];
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let fields: String = cases
            .iter()
            .map(|(alias, args, _)| {
                format!("{alias}: users(where: {{{args}}}) {{ nodes {{ databaseId }} }} ")
            })
            .collect();
        let body =
            post_query_as(&endpoint, &creds, Some("admin"), &format!("{{ {fields} }}")).await?;
        for (alias, _, want) in &cases {
            let got: Vec<Value> = body
                .pointer(&format!("/data/{alias}/nodes"))
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|n| n.get("databaseId").cloned())
                        .collect()
                })
                .unwrap_or_default();
            if Value::Array(got.clone()) != *want {
                problems.push(format!(
                    "[{backend}] {alias}: want {want}, got {got:?}: {body}"
                ));
            }
        }
        let body = post_query_as(
            &endpoint,
            &creds,
            Some("admin"),
            "{ users(last: 2, where: {orderby: [{field: DISPLAY_NAME}]}) { nodes { databaseId } } }",
        )
        .await?;
        expect(
            &mut problems,
            &format!("[{backend}] last"),
            &body,
            "/data/users/nodes",
            json!([{"databaseId": 5}, {"databaseId": 6}]),
        );

        // A guest sees the users with published posts; filtering by role needs list_users.
        let body = post_query_as(
            &endpoint,
            &creds,
            None,
            "{ all: users { nodes { databaseId } } }",
        )
        .await?;
        expect(
            &mut problems,
            &format!("[{backend}] guest"),
            &body,
            "/data/all/nodes",
            json!([{"databaseId": 1}, {"databaseId": 3}, {"databaseId": 4}, {"databaseId": 2},
                   {"databaseId": 6}]),
        );
        let body = post_query_as(
            &endpoint,
            &creds,
            None,
            "{ users(where: {roleIn: [AUTHOR]}) { nodes { databaseId } } }",
        )
        .await?;
        let message = body.pointer("/errors/0/message").and_then(Value::as_str);
        if message != Some("Sorry, you are not allowed to filter users by role.")
            || !body.pointer("/data/users").is_some_and(Value::is_null)
        {
            problems.push(format!(
                "[{backend}] a guest's role filter must fail: {body}"
            ));
        }
    }
    sites.cleanup().await;
    if problems.is_empty() {
        Ok(())
    } else {
        bail!("{}", problems.join("\n"))
    }
}

/// The comment `where` arguments as WPGraphQL maps them onto `WP_Comment_Query`, `orderby`
/// with keyset cursors, `includeUnapproved` (replaced by the viewer's own ID for
/// non-moderators), and the comment fields and edges only moderators and the comment's
/// author see. Fixture comments (wp-fixture.sql): on post 11 (by user 1): 2 by subscriber 5
/// (approved, 12:00), 22 by "Ünïcödé Fan" (held, reply to 2, 19:00), 42 by "Bob Visitor"
/// (approved, reply to 2, 18:00, IP 198.51.100.50), 62 by subscriber 5 (held, 22:00), all
/// on 2023-01-03; zoe (6) wrote 5, 20, 35, 50 (held), 65, 80 (held); post 102 is the page
/// "about"; posts 13 and 21 are by user 3; "Spammy McSpam" wrote the spam.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_comments_where_and_restricted_fields() -> Result<()> {
    use serde_json::json;
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut problems: Vec<String> = Vec::new();
    let by_id = "orderby: COMMENT_ID, order: ASC";
    let cases: Vec<(&str, String, Value)> = vec![
        (
            "byId",
            format!("contentId: 11, {by_id}"),
            json!([2, 22, 42, 62]),
        ),
        (
            "commentIn",
            "commentIn: [42, 2, 62], orderby: COMMENT_IN".into(),
            json!([42, 2, 62]),
        ),
        (
            "commentNotIn",
            "contentId: 11, commentNotIn: [22]".into(),
            json!([62, 42, 2]),
        ),
        (
            "authorEmail",
            format!("authorEmail: \"zoe@example.com\", {by_id}"),
            json!([5, 20, 35, 50, 65, 80]),
        ),
        (
            "authorIn",
            format!("authorIn: [6], statusIn: [APPROVE], {by_id}"),
            json!([5, 20, 35, 65]),
        ),
        (
            "authorNotIn",
            "contentId: 11, authorNotIn: [5]".into(),
            json!([22, 42]),
        ),
        (
            "authorUrl",
            "contentId: 11, authorUrl: \"https://unicode.example.com\"".into(),
            json!([22]),
        ),
        (
            "contentAuthorIn",
            format!("contentAuthorIn: [3], contentIdIn: [13, 21, 11], {by_id}"),
            json!([8, 9, 29, 48, 68, 69]),
        ),
        (
            "contentAuthor",
            format!("contentAuthor: [\"dXNlcjoz\"], contentIdIn: [13, 11], {by_id}"),
            json!([8, 48, 68]),
        ),
        (
            "contentAuthorNotIn",
            format!("contentAuthorNotIn: [3], contentIdIn: [13, 11], {by_id}"),
            json!([2, 22, 42, 62]),
        ),
        (
            "contentIdNotIn",
            format!("authorEmail: \"zoe@example.com\", contentIdNotIn: [12, 18], {by_id}"),
            json!([35, 50, 65]),
        ),
        (
            "contentName",
            format!("contentName: \"about\", {by_id}"),
            json!([17, 33, 49, 65, 81]),
        ),
        (
            "contentType",
            format!("contentType: [PAGE], authorEmail: \"bob@example.net\", {by_id}"),
            json!([33, 81]),
        ),
        ("contentStatus", "contentStatus: [DRAFT]".into(), json!([])),
        (
            "typeIn",
            "contentId: 11, commentTypeIn: [\"pingback\"]".into(),
            json!([]),
        ),
        (
            "typeNotIn",
            "contentId: 11, commentTypeNotIn: \"comment\"".into(),
            json!([]),
        ),
        (
            "type",
            format!("contentId: 11, commentType: \"comment\", {by_id}"),
            json!([2, 22, 42, 62]),
        ),
        ("karma", "contentId: 11, karma: 5".into(), json!([])),
        (
            "karma0",
            format!("contentId: 11, karma: 0, {by_id}"),
            json!([2, 22, 42, 62]),
        ),
        (
            "parentNotIn",
            "contentId: 11, parentNotIn: [0]".into(),
            json!([22, 42]),
        ),
        (
            "search",
            format!("search: \"spammy\", statusIn: [SPAM], {by_id}"),
            json!([14, 24, 30, 36, 57, 74, 77]),
        ),
        // Lowercased authors; ties broken by comment_ID DESC as WP_Comment_Query does.
        (
            "byAuthor",
            "contentId: 11, orderby: COMMENT_AUTHOR, order: ASC".into(),
            json!([42, 62, 2, 22]),
        ),
        (
            "byDateGmt",
            "contentId: 11, orderby: COMMENT_DATE_GMT, order: ASC".into(),
            json!([2, 42, 22, 62]),
        ),
        (
            "includeUser",
            "contentId: 11, statusIn: [APPROVE], includeUnapproved: [5]".into(),
            json!([62, 42, 2]),
        ),
        (
            "includeEmail",
            "contentId: 11, statusIn: [APPROVE], includeUnapproved: [\"unicode@example.com\"]"
                .into(),
            json!([22, 42, 2]),
        ),
    ];
    let ids_at = |body: &Value, path: &str| -> Value {
        Value::Array(
            body.pointer(path)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|n| n.get("databaseId").cloned())
                        .collect()
                })
                .unwrap_or_default(),
        )
    };
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let fields: String = cases
            .iter()
            .map(|(alias, args, _)| {
                format!(
                    "{alias}: comments(first: 100, where: {{{args}}}) {{ nodes {{ databaseId }} }} "
                )
            })
            .collect();
        let body =
            post_query_as(&endpoint, &creds, Some("admin"), &format!("{{ {fields} }}")).await?;
        for (alias, _, want) in &cases {
            let got = ids_at(&body, &format!("/data/{alias}/nodes"));
            if got != *want {
                problems.push(format!(
                    "[{backend}] {alias}: want {want}, got {got}: {body}"
                ));
            }
        }

        // Keyset pages in a non-date order, and the nested connections' `where`.
        let body = post_query_as(
            &endpoint,
            &creds,
            Some("admin"),
            "{ first: comments(first: 2, where: {contentId: 11, orderby: COMMENT_AUTHOR, order: ASC}) { \
                 pageInfo { endCursor } nodes { databaseId } } \
               post(id: 11, idType: DATABASE_ID) { comments(where: {authorNotIn: [5], orderby: COMMENT_ID, order: ASC}) { \
                 nodes { databaseId } } } \
               comment(id: 2, idType: DATABASE_ID) { replies(where: {authorEmail: \"bob@example.net\"}) { nodes { databaseId } } } \
               bad: comments(where: {orderby: COMMENT_IN}) { nodes { databaseId } } }",
        )
        .await?;
        let l = format!("[{backend}] admin");
        let cursor = body
            .pointer("/data/first/pageInfo/endCursor")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        expect(
            &mut problems,
            &l,
            &body,
            "/data/first/pageInfo/endCursor",
            json!(b64("arrayconnection:62")),
        );
        if ids_at(&body, "/data/first/nodes") != json!([42, 62]) {
            problems.push(format!("{l} first page: {body}"));
        }
        if ids_at(&body, "/data/post/comments/nodes") != json!([22, 42]) {
            problems.push(format!("{l} Post.comments(where): {body}"));
        }
        if ids_at(&body, "/data/comment/replies/nodes") != json!([42]) {
            problems.push(format!("{l} Comment.replies(where): {body}"));
        }
        let bad_message = body
            .pointer("/errors/0/message")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !bad_message.contains("commentIn")
            || !body.pointer("/data/bad").is_some_and(Value::is_null)
        {
            problems.push(format!(
                "{l} COMMENT_IN without commentIn must fail: {body}"
            ));
        }
        let body = post_query_as(
            &endpoint,
            &creds,
            Some("admin"),
            &format!(
                "{{ comments(first: 2, after: \"{cursor}\", where: {{contentId: 11, orderby: COMMENT_AUTHOR, order: ASC}}) {{ nodes {{ databaseId }} }} \
                   comment(id: 42, idType: DATABASE_ID) {{ agent authorIp isRestricted \
                     author {{ cursor ipAddress email node {{ email avatar {{ url }} }} }} \
                     commentedOn {{ cursor }} parent {{ cursor node {{ databaseId }} }} }} }}"
            ),
        )
        .await?;
        if ids_at(&body, "/data/comments/nodes") != json!([2, 22]) {
            problems.push(format!("{l} second page: {body}"));
        }
        let bob = "ea4258e162a976c1fa49c5b6e3930b2a"; // md5("bob@example.net")
        let host = u32::from_str_radix(&bob[..1], 16)? % 3;
        expect(
            &mut problems,
            &l,
            &body,
            "/data/comment",
            json!({"agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0",
                   "authorIp": "198.51.100.50", "isRestricted": false,
                   "author": {"cursor": null, "ipAddress": "198.51.100.50",
                              "email": "bob@example.net",
                              "node": {"email": "bob@example.net", "avatar": {
                                  "url": format!("http://{host}.gravatar.com/avatar/{bob}?s=96&d=mm&r=g")}}},
                   "commentedOn": {"cursor": b64("arrayconnection:11")},
                   "parent": {"cursor": b64("arrayconnection:2"), "node": {"databaseId": 2}}}),
        );

        // The subscriber (5) sees its own held comment 62, and its own comment's private
        // fields; a guest sees neither.
        let query = "{ comments(where: {contentId: 11, includeUnapproved: [\"unicode@example.com\"]}) { nodes { databaseId } } \
            own: comment(id: 2, idType: DATABASE_ID) { agent authorIp isRestricted } \
            other: comment(id: 42, idType: DATABASE_ID) { agent authorIp isRestricted author { ipAddress email } } }";
        let body = post_query_as(&endpoint, &creds, Some("subscriber"), query).await?;
        let l = format!("[{backend}] subscriber");
        if ids_at(&body, "/data/comments/nodes") != json!([62, 42, 2]) {
            problems.push(format!("{l} comments: {body}"));
        }
        expect(
            &mut problems,
            &l,
            &body,
            "/data/own",
            json!({"agent": "oracle-seed/1.0", "authorIp": "127.0.0.1", "isRestricted": false}),
        );
        expect(
            &mut problems,
            &l,
            &body,
            "/data/other",
            json!({"agent": null, "authorIp": null, "isRestricted": true,
                   "author": {"ipAddress": null, "email": null}}),
        );
        let body = post_query_as(&endpoint, &creds, None, query).await?;
        let l = format!("[{backend}] guest");
        if ids_at(&body, "/data/comments/nodes") != json!([42, 2]) {
            problems.push(format!("{l} comments: {body}"));
        }
        expect(
            &mut problems,
            &l,
            &body,
            "/data/own",
            json!({"agent": null, "authorIp": null, "isRestricted": true}),
        );
    }
    sites.cleanup().await;
    if problems.is_empty() {
        Ok(())
    } else {
        bail!("{}", problems.join("\n"))
    }
}

/// Fragments on WPGraphQL's connection interfaces (`Connection`, `PostConnection`, `Edge`,
/// `OneToOneConnection`, `PageInfo`, ...) select on the concrete connections, as against
/// WPGraphQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_connection_interface_fragments() -> Result<()> {
    let sites = fixture_sites(&[Backend::Sqlite]).await?;
    let result = async {
        let (_, url) = sites.sites.first().context("no site")?;
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let query = r#"{ posts(first: 2) {
            ... on Connection { pageInfo { ... on PageInfo { hasNextPage } } }
            ... on PostConnection { nodes { databaseId } edges { ... on Edge { cursor } } }
            edges { node { author { ... on OneToOneConnection { node { id } } ... on UserConnectionEdge { cursor } } } }
        } }"#;
        let body = post_query(&endpoint, query).await?;
        if has_errors(&body) {
            bail!("fragments on connection interfaces should run: {body}");
        }
        let posts = &body["data"]["posts"];
        let ids: Vec<i64> = posts["nodes"]
            .as_array()
            .context("nodes through PostConnection")?
            .iter()
            .filter_map(|n| n["databaseId"].as_i64())
            .collect();
        let plain = post_query(&endpoint, "{ posts(first: 2) { nodes { databaseId } } }").await?;
        let plain_ids: Vec<i64> = plain["data"]["posts"]["nodes"]
            .as_array()
            .context("plain nodes")?
            .iter()
            .filter_map(|n| n["databaseId"].as_i64())
            .collect();
        if ids.len() != 2 || ids != plain_ids {
            bail!("PostConnection's nodes should be the posts: {body}");
        }
        if posts["pageInfo"]["hasNextPage"] != Value::Bool(true)
            || posts["edges"][0]["cursor"].as_str().is_none()
        {
            bail!("Connection/PageInfo/Edge fragments should select: {body}");
        }
        let author = &posts["edges"][0]["node"]["author"];
        if author["node"]["id"].as_str().is_none() || author["cursor"].as_str().is_none() {
            bail!("one-to-one edge fragments should select: {body}");
        }
        Ok(())
    }
    .await;
    sites.cleanup().await;
    result
}

/// `where` on nested post connections (`User.posts`, `Category.posts`, `Tag.posts`) narrows
/// them as the root `posts` connection narrows with the parent as one more condition.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_nested_posts_where() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut problems = Vec::new();
    let ids = |v: &Value| -> Vec<i64> {
        v.as_array()
            .map(|a| a.iter().filter_map(|n| n["databaseId"].as_i64()).collect())
            .unwrap_or_default()
    };
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let cases = [
            (
                r#"{ user(id: "3", idType: DATABASE_ID) { posts(first: 50, where: { tagSlugIn: ["jazz"] }) { nodes { databaseId } } } }"#,
                "/data/user/posts/nodes",
                r#"{ posts(first: 50, where: { author: 3, tagSlugIn: ["jazz"] }) { nodes { databaseId } } }"#,
            ),
            (
                r#"{ user(id: "3", idType: DATABASE_ID) { posts(first: 50, where: { author: 1, categoryName: "science" }) { nodes { databaseId } } } }"#,
                "/data/user/posts/nodes",
                r#"{ posts(first: 50, where: { author: 3, categoryName: "science" }) { nodes { databaseId } } }"#,
            ),
            (
                r#"{ category(id: "music", idType: SLUG) { posts(first: 50, where: { author: 3 }) { nodes { databaseId } } } }"#,
                "/data/category/posts/nodes",
                r#"{ posts(first: 50, where: { author: 3, categoryName: "music" }) { nodes { databaseId } } }"#,
            ),
            (
                r#"{ tag(id: "jazz", idType: SLUG) { posts(first: 50, where: { search: "a", orderby: [{ field: TITLE, order: ASC }] }) { nodes { databaseId } } } }"#,
                "/data/tag/posts/nodes",
                r#"{ posts(first: 50, where: { tagSlugIn: ["jazz"], search: "a", orderby: [{ field: TITLE, order: ASC }] }) { nodes { databaseId } } }"#,
            ),
        ];
        for (nested, pointer, root) in cases {
            let got = post_query(&endpoint, nested).await?;
            let want = post_query(&endpoint, root).await?;
            if has_errors(&got) || has_errors(&want) {
                problems.push(format!("[{backend}] errors: {got} / {want}"));
                continue;
            }
            let (got_ids, want_ids) = (
                ids(got.pointer(pointer).unwrap_or(&Value::Null)),
                ids(&want["data"]["posts"]["nodes"]),
            );
            if got_ids.is_empty() || got_ids != want_ids {
                problems.push(format!(
                    "[{backend}] {nested}: {got_ids:?}, root posts {want_ids:?}"
                ));
            }
        }
    }
    sites.cleanup().await;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}
