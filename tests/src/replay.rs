//! Sends conformance requests to an in-process Headpress endpoint and captures the answers in the
//! golden files' shape (the sending half of `capture.py`).

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use base64::Engine as _;
use poem::http::{HeaderName, HeaderValue, Method, Uri};
use poem::{Endpoint, Response};
use serde_json::{Map, Value};

use crate::compare::{Captured, KEPT_HEADERS};
use crate::requests::{Body, Creds, Request};

/// Builds the HTTP request capture.py would send. The request is built by hand rather than with
/// `TestClient`'s builder so that a URI the `http` crate rejects is an error, not a panic.
pub fn build(req: &Request, creds: &Creds, request_dir: &Path) -> Result<poem::Request> {
    let method = Method::from_bytes(req.method.as_bytes())
        .with_context(|| format!("bad method {:?}", req.method))?;
    let uri: Uri = req
        .path
        .parse()
        .with_context(|| format!("bad request path {:?}", req.path))?;
    let mut headers: Vec<(String, String)> = vec![
        ("User-Agent".into(), "headpress-conformance/1.0".into()),
        ("Accept".into(), "application/json".into()),
    ];
    if let Some(login) = creds.basic_credentials(&req.auth)? {
        let token = base64::engine::general_purpose::STANDARD.encode(login);
        headers.push(("Authorization".into(), format!("Basic {token}")));
    }
    let body: poem::Body = if let Some(file) = &req.file {
        let path = request_dir.join(file);
        let bytes =
            std::fs::read(&path).with_context(|| format!("reading upload {}", path.display()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        headers.push(("Content-Type".into(), mime_for(&name).into()));
        headers.push((
            "Content-Disposition".into(),
            format!("attachment; filename=\"{name}\""),
        ));
        bytes.into()
    } else {
        match &req.body {
            Some(Body::Json(value)) => {
                headers.push(("Content-Type".into(), "application/json".into()));
                serde_json::to_vec(value)?.into()
            }
            Some(Body::Raw(text)) => {
                headers.push(("Content-Type".into(), "application/json".into()));
                text.clone().into()
            }
            None => poem::Body::empty(),
        }
    };
    // Headers from the line come last and replace defaults, like `hdrs.update(...)`.
    headers.extend(req.headers.iter().cloned());
    let mut out = poem::Request::builder().method(method).uri(uri).finish();
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .with_context(|| format!("bad header name {name:?}"))?;
        let value =
            HeaderValue::from_str(&value).with_context(|| format!("bad header value {value:?}"))?;
        out.headers_mut().insert(name, value);
    }
    out.set_body(body);
    Ok(out)
}

/// Content-Type by extension, for the few upload kinds the write set uses.
fn mime_for(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// Calls the endpoint and records status, kept headers, parsed body and the statement count.
pub async fn send<E: Endpoint>(endpoint: &E, request: poem::Request) -> Result<Captured> {
    let response: Response = endpoint.get_response(request).await;
    let status = response.status().as_u16();
    let statements = response
        .extensions()
        .get::<headpress_server::SqlStatements>()
        .map(|s| s.0);
    let mut headers = Map::new();
    for name in KEPT_HEADERS {
        let values: Vec<Value> = response
            .headers()
            .get_all(name)
            .iter()
            .map(|v| Value::String(String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        match values.len() {
            0 => {}
            1 => {
                headers.insert(
                    name.to_owned(),
                    values.into_iter().next().unwrap_or_default(),
                );
            }
            _ => {
                headers.insert(name.to_owned(), Value::Array(values));
            }
        }
    }
    let bytes = response
        .into_body()
        .into_bytes()
        .await
        .context("reading the response body")?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (body, body_text) = if text.is_empty() {
        (Value::Null, None)
    } else {
        match serde_json::from_str(&text) {
            Ok(value) => (value, None),
            Err(_) => (Value::Null, Some(text)),
        }
    };
    Ok(Captured {
        status,
        headers,
        body,
        body_text,
        statements,
    })
}

/// `as=VAR` values remembered between lines of a write script.
#[derive(Debug, Default)]
pub struct Variables(HashMap<String, String>);

impl Variables {
    /// Remembers the body's `id` under `var`, as capture.py does.
    pub fn remember(&mut self, var: &str, body: &Value) {
        if let Some(id) = body.get("id") {
            let text = match id {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            self.0.insert(var.to_owned(), text);
        }
    }

    pub fn get(&self, var: &str) -> Option<String> {
        self.0.get(var).cloned()
    }
}
