//! Replays a request file (syntax of `../shared/oracle/capture.py`) against an in-process
//! Headpress and compares each answer with WordPress's golden file: status, the headers
//! `Content-Type`, `X-WP-Total`, `X-WP-TotalPages`, `Allow`, `Link`, and the parsed body.
//! The normalisations applied are listed in `tests/conformance/README.md`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, bail};
use base64::Engine;
use poem::http::Method;
use poem::test::TestClient;
use serde_json::{Map, Value};

/// One line of a requests file.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// 1-based position among the non-comment lines; golden files are numbered by it.
    pub n: usize,
    pub method: String,
    pub path: String,
    pub auth: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

pub fn parse_requests(text: &str) -> anyhow::Result<Vec<RecordedRequest>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let n = out.len() + 1;
        let mut parts = trimmed.splitn(3, char::is_whitespace);
        let method = parts.next().unwrap_or_default().to_uppercase();
        let path = parts.next().unwrap_or_default().to_owned();
        let mut rest = parts.next().unwrap_or_default().trim_start().to_owned();
        let mut req = RecordedRequest {
            n,
            method,
            path,
            auth: "none".into(),
            headers: Vec::new(),
            body: None,
        };
        while !rest.is_empty() {
            if rest.starts_with('{') || rest.starts_with('[') {
                req.body = Some(rest.clone());
                break;
            }
            let (token, tail) = rest.split_once(' ').unwrap_or((rest.as_str(), ""));
            if let Some(a) = token.strip_prefix("auth=") {
                req.auth = a.to_owned();
            } else if let Some(h) = token.strip_prefix("header:") {
                let (k, v) = h.split_once('=').unwrap_or((h, ""));
                req.headers.push((k.to_owned(), v.to_owned()));
            } else if token.starts_with("file=") || token.starts_with("as=") {
                bail!("request {n}: {token} is not supported by the read replay");
            } else {
                bail!("request {n}: unknown token {token:?}");
            }
            rest = tail.trim_start().to_owned();
        }
        out.push(req);
    }
    Ok(out)
}

/// `creds.env`: `NAME_USER`, `NAME_APP_PASSWORD`.
pub fn load_creds(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// What an answer is compared on.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: Value,
}

pub const COMPARED_HEADERS: [&str; 5] = ["Content-Type", "X-WP-Total", "X-WP-TotalPages", "Allow", "Link"];

/// Percent-encodes what an HTTP request line may not carry raw (`[`, `]`, spaces, non-ASCII);
/// PHP decodes these exactly as it decodes the raw characters.
fn encode_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'[' => out.push_str("%5B"),
            b']' => out.push_str("%5D"),
            b' ' => out.push_str("%20"),
            b'"' => out.push_str("%22"),
            b if b >= 0x80 => out.push_str(&format!("%{b:02X}")),
            b => out.push(b as char),
        }
    }
    out
}

pub async fn perform<E: poem::Endpoint>(
    client: &TestClient<E>,
    creds: &HashMap<String, String>,
    req: &RecordedRequest,
) -> anyhow::Result<(Answer, Option<usize>)> {
    let method = Method::from_bytes(req.method.as_bytes()).context("method")?;
    let mut builder = client
        .request(method, encode_uri(&req.path))
        .header("Accept", "application/json");
    match req.auth.as_str() {
        "none" => {}
        "bad" => {
            let user = creds.get("ADMIN_USER").cloned().unwrap_or_default();
            let token = base64::engine::general_purpose::STANDARD
                .encode(format!("{user}:wrongwrongwrongwrongwron"));
            builder = builder.header("Authorization", format!("Basic {token}"));
        }
        name => {
            let key = name.to_uppercase();
            let user = creds.get(&format!("{key}_USER")).cloned().context("creds user")?;
            let pass = creds
                .get(&format!("{key}_APP_PASSWORD"))
                .cloned()
                .context("creds password")?;
            let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
            builder = builder.header("Authorization", format!("Basic {token}"));
        }
    }
    for (k, v) in &req.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    if let Some(body) = &req.body {
        builder = builder.content_type("application/json").body(body.clone());
    }
    let resp = builder.send().await;
    let response = resp.0;
    let statements = response
        .extensions()
        .get::<headpress_server::SqlStatements>()
        .map(|s| s.0);
    let status = response.status().as_u16();
    let mut headers = BTreeMap::new();
    for name in COMPARED_HEADERS {
        let values: Vec<String> = response
            .headers()
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        if !values.is_empty() {
            headers.insert(name.to_owned(), values.join(", "));
        }
    }
    let bytes = response.into_body().into_bytes().await.unwrap_or_default();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Ok((Answer { status, headers, body }, statements))
}

/// A golden file: WordPress's answer.
pub fn load_golden(dir: &Path, n: usize) -> anyhow::Result<(String, Answer)> {
    let prefix = format!("{n:03}-");
    let name = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|f| f.starts_with(&prefix) && f.ends_with(".json"))
        .with_context(|| format!("no golden file {prefix}*.json in {}", dir.display()))?;
    let text = std::fs::read_to_string(dir.join(&name))?;
    let golden: Value = serde_json::from_str(&text)?;
    let mut headers = BTreeMap::new();
    if let Some(h) = golden.get("headers").and_then(Value::as_object) {
        for name in COMPARED_HEADERS {
            match h.get(name) {
                Some(Value::String(s)) => {
                    headers.insert(name.to_owned(), s.clone());
                }
                Some(Value::Array(list)) => {
                    let joined: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
                    headers.insert(name.to_owned(), joined.join(", "));
                }
                _ => {}
            }
        }
    }
    let status = golden.get("status").and_then(Value::as_u64).unwrap_or(0) as u16;
    let body = golden.get("body").cloned().unwrap_or(Value::Null);
    Ok((name, Answer { status, headers, body }))
}

/// Removes every value at a key named `rendered` (for requests pending only on rendering).
pub fn strip_rendered(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("rendered");
            for v in map.values_mut() {
                strip_rendered(v);
            }
        }
        Value::Array(list) => list.iter_mut().for_each(strip_rendered),
        _ => {}
    }
}

fn is_index_request(req: &RecordedRequest) -> bool {
    let path = req.path.split('?').next().unwrap_or("");
    let route = if let Some(r) = path.strip_prefix("/wp-json") {
        r.trim_end_matches('/').to_owned()
    } else {
        req.path
            .split_once("rest_route=")
            .map(|(_, r)| r.split('&').next().unwrap_or("").trim_end_matches('/').to_owned())
            .unwrap_or_default()
    };
    req.method == "GET" && (route.is_empty() || route == "/wp/v2")
}

/// The normalisations of `tests/conformance/README.md`, applied to both sides.
pub fn normalise(req: &RecordedRequest, golden: &mut Value, ours: &mut Value) {
    // 1. Route indexes: WordPress lists every route of its install; compare the routes and
    //    namespaces Headpress serves.
    if is_index_request(req) {
        if let (Some(g), Some(o)) = (golden.get_mut("routes"), ours.get("routes")) {
            if let (Value::Object(gr), Value::Object(or)) = (g, o) {
                gr.retain(|k, _| or.contains_key(k));
            }
        }
        if let (Some(Value::Array(gn)), Some(Value::Array(on))) =
            (golden.get("namespaces").cloned(), ours.get("namespaces"))
        {
            let kept: Vec<Value> = gn.into_iter().filter(|n| on.contains(n)).collect();
            if let Some(slot) = golden.get_mut("namespaces") {
                *slot = Value::Array(kept);
            }
        }
    }
    // 2. Ties of a non-unique sort key (`orderby=count`, `orderby=menu_order`): SQL leaves
    //    their order to the engine, so each run of equal keys is compared as a set.
    let orderby = req
        .path
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("orderby="))
        .unwrap_or("");
    if matches!(orderby, "count" | "menu_order") {
        for body in [golden, ours] {
            if let Value::Array(items) = body {
                sort_ties(items, orderby);
            }
        }
    }
}

fn sort_ties(items: &mut [Value], key: &str) {
    let mut start = 0;
    while start < items.len() {
        let k = items[start].get(key).cloned();
        let mut end = start + 1;
        while end < items.len() && items[end].get(key).cloned() == k {
            end += 1;
        }
        items[start..end].sort_by_key(|v| v.get("id").and_then(Value::as_u64).unwrap_or(0));
        start = end;
    }
}

/// Up to `limit` differences as `path: ours != golden` lines.
pub fn diff(golden: &Value, ours: &Value, path: &str, out: &mut Vec<String>, limit: usize) {
    if out.len() >= limit {
        return;
    }
    match (golden, ours) {
        (Value::Object(g), Value::Object(o)) => {
            for k in g.keys().filter(|k| !o.contains_key(*k)) {
                out.push(format!("{path}/{k}: missing"));
            }
            for k in o.keys().filter(|k| !g.contains_key(*k)) {
                out.push(format!("{path}/{k}: unexpected"));
            }
            for (k, gv) in g {
                if let Some(ov) = o.get(k) {
                    diff(gv, ov, &format!("{path}/{k}"), out, limit);
                }
            }
        }
        (Value::Array(g), Value::Array(o)) => {
            if g.len() != o.len() {
                out.push(format!("{path}: {} items, WordPress has {}", o.len(), g.len()));
            }
            for (i, (gv, ov)) in g.iter().zip(o).enumerate() {
                diff(gv, ov, &format!("{path}/{i}"), out, limit);
            }
        }
        (g, o) if g != o => {
            let show = |v: &Value| {
                let s = v.to_string();
                if s.len() > 160 { format!("{}…", &s[..s.char_indices().nth(160).map_or(s.len(), |(i, _)| i)]) } else { s }
            };
            out.push(format!("{path}: {} != {}", show(o), show(g)));
        }
        _ => {}
    }
}

/// Compares one answer; returns the differences (empty when it passes).
pub fn compare(req: &RecordedRequest, golden: &Answer, ours: &Answer, ignore_rendered: bool) -> Vec<String> {
    let mut problems = Vec::new();
    if golden.status != ours.status {
        problems.push(format!("status {} != {}", ours.status, golden.status));
    }
    for name in COMPARED_HEADERS {
        let (g, o) = (golden.headers.get(name), ours.headers.get(name));
        if g != o {
            problems.push(format!("header {name}: {o:?} != {g:?}"));
        }
    }
    let (mut gb, mut ob) = (golden.body.clone(), ours.body.clone());
    if req.method == "HEAD" {
        gb = Value::Null;
        ob = Value::Null;
    }
    normalise(req, &mut gb, &mut ob);
    if ignore_rendered {
        strip_rendered(&mut gb);
        strip_rendered(&mut ob);
    }
    if gb != ob {
        let mut d = Vec::new();
        diff(&gb, &ob, "", &mut d, 8);
        if d.is_empty() {
            d.push("body differs".into());
        }
        problems.extend(d.into_iter().map(|l| format!("body {l}")));
    }
    problems
}

/// `tests/conformance/pending.txt`: `NNN reason…` per line (golden number, then why);
/// `#` comments. The reason `render` means "only rendered HTML differs".
#[derive(Debug, Default)]
pub struct Pending {
    pub entries: BTreeMap<usize, String>,
}

impl Pending {
    pub fn parse(text: &str) -> anyhow::Result<Pending> {
        let mut entries = BTreeMap::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (n, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let n: usize = n.parse().with_context(|| format!("pending.txt: bad line {line:?}"))?;
            entries.insert(n, rest.trim().to_owned());
        }
        Ok(Pending { entries })
    }

    pub fn reason(&self, n: usize) -> Option<&str> {
        self.entries.get(&n).map(String::as_str)
    }

    pub fn is_render_only(&self, n: usize) -> bool {
        self.reason(n).is_some_and(|r| r == "render" || r.starts_with("render "))
    }
}

/// Keeps JSON objects printable in failure messages.
pub fn object(map: Map<String, Value>) -> Value {
    Value::Object(map)
}
