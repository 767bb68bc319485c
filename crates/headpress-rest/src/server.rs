//! `WP_REST_Server::serve_request` and `dispatch`: route matching, method overrides,
//! authentication, argument checks, permission checks, then the global parameters
//! (`_fields`, `_embed`, `_envelope`) and WordPress's headers.

use std::sync::Arc;

use headpress_domain::Site;
use headpress_domain::auth::{Viewer, authenticate_application_password};
use headpress_domain::options::Options;
use poem::http::{HeaderValue, Method, StatusCode};
use poem::{Body, Request, Response};
use serde_json::{Map, Value, json};

use crate::RestState;
use crate::args::{self, parse_list};
use crate::error::{WpError, WpResult};
use crate::request::{WpRequest, parse_php_query};
use crate::routes::{self, Controller, RouteMatch};

/// Largest request body accepted (WordPress relies on PHP's `post_max_size`, 8 MB by default).
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// What a handler returns before the global parameters are applied.
pub struct WpResponse {
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(String, String)>,
}

impl WpResponse {
    pub fn ok(body: Value) -> Self {
        WpResponse {
            status: 200,
            body,
            headers: Vec::new(),
        }
    }
    pub fn header(mut self, name: &str, value: String) -> Self {
        self.headers.push((name.to_owned(), value));
        self
    }
}

pub(crate) async fn serve(state: Arc<RestState>, mut req: Request) -> Response {
    let site = state.site.clone();
    let raw_query = req.uri().query().unwrap_or("").to_owned();
    let query = parse_php_query(&raw_query);
    let path = req.uri().path().to_owned();
    let route = if let Some(rest) = path.strip_prefix("/wp-json") {
        if !rest.is_empty() && !rest.starts_with('/') {
            return not_found_page();
        }
        rest.to_owned()
    } else if let Some(Value::String(r)) = query.get("rest_route") {
        r.clone()
    } else {
        return not_found_page();
    };
    let route = {
        let trimmed = route.trim_end_matches('/');
        if trimmed.is_empty() {
            "/".to_owned()
        } else {
            trimmed.to_owned()
        }
    };

    let options = match Options::load(&site).await {
        Ok(o) => o,
        Err(e) => {
            return finish(
                &Options::default(),
                WpError::from(e).into_response_parts(),
                false,
            );
        }
    };

    let mut method = req.method().clone();
    let is_head = method == Method::HEAD;
    if let Some(Value::String(m)) = query.get("_method") {
        method = Method::from_bytes(m.to_uppercase().as_bytes()).unwrap_or(method);
    } else if let Some(m) = req
        .headers()
        .get("x-http-method-override")
        .and_then(|v| v.to_str().ok())
    {
        method = Method::from_bytes(m.to_uppercase().as_bytes()).unwrap_or(method);
    }
    if method == Method::HEAD {
        method = Method::GET;
    }

    let viewer = authenticate(&site, &options, &req).await;
    let logged_in = viewer.is_logged_in();

    let body = match read_body(&mut req).await {
        Ok(b) => b,
        Err(e) => return finish(&options, e.into_response_parts(), is_head),
    };

    let envelope = query.contains_key("_envelope");
    let mut wp_req = WpRequest {
        site,
        options,
        viewer,
        method,
        route: route.clone(),
        url_params: Vec::new(),
        query,
        body,
        headers: req.headers().clone(),
        route_table: state.routes.clone(),
        defaults: Map::new(),
        cache: Default::default(),
    };

    let (parts, allow) = dispatch(&state, &mut wp_req).await;
    let mut parts = parts;
    if logged_in {
        parts.headers.push((
            "Cache-Control".into(),
            "no-cache, must-revalidate, max-age=0".into(),
        ));
        parts
            .headers
            .push(("Expires".into(), "Wed, 11 Jan 1984 05:00:00 GMT".into()));
    }
    if let Some(allow) = &allow {
        parts.headers.push(("Allow".into(), allow.clone()));
    }
    if envelope {
        let mut headers = Map::new();
        for (k, v) in &parts.headers {
            // WordPress sets the totals as integers; they only become text on the wire.
            let value = match (k.as_str(), v.parse::<u64>()) {
                ("X-WP-Total" | "X-WP-TotalPages", Ok(n)) => json!(n),
                _ => json!(v),
            };
            headers.insert(k.clone(), value);
        }
        // PHP encodes an empty array as `[]`.
        let headers = if headers.is_empty() {
            json!([])
        } else {
            Value::Object(headers)
        };
        let wrapped = json!({ "body": parts.body, "status": parts.status, "headers": headers });
        parts = WpResponse {
            status: 200,
            body: wrapped,
            headers: Vec::new(),
        };
    }
    // `rest_send_cors_headers`: any origin is echoed back, with credentials allowed.
    if let Some(origin) = wp_req.headers.get("origin").and_then(|v| v.to_str().ok()) {
        parts
            .headers
            .push(("Access-Control-Allow-Origin".into(), origin.to_owned()));
        parts.headers.push((
            "Access-Control-Allow-Methods".into(),
            "OPTIONS, GET, POST, PUT, PATCH, DELETE".into(),
        ));
        parts
            .headers
            .push(("Access-Control-Allow-Credentials".into(), "true".into()));
        parts.headers.push(("Vary".into(), "Origin".into()));
    } else if wp_req.method == Method::GET && !logged_in {
        parts.headers.push(("Vary".into(), "Origin".into()));
    }
    finish(&wp_req.options, parts, is_head)
}

async fn authenticate(site: &Site, options: &Options, req: &Request) -> Viewer {
    let Some(header) = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    else {
        return Viewer::anonymous();
    };
    let Some(encoded) = header
        .strip_prefix("Basic ")
        .or_else(|| header.strip_prefix("basic "))
    else {
        return Viewer::anonymous();
    };
    use base64::Engine;
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return Viewer::anonymous();
    };
    let decoded = String::from_utf8_lossy(&decoded);
    let Some((login, password)) = decoded.split_once(':') else {
        return Viewer::anonymous();
    };
    match authenticate_application_password(site, options, login, password).await {
        Ok(viewer) => viewer,
        Err(e) => {
            tracing::warn!(error = %e, "authentication lookup failed");
            Viewer::anonymous()
        }
    }
}

async fn read_body(req: &mut Request) -> WpResult<Map<String, Value>> {
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = match req.take_body().into_bytes_limit(MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return Err(WpError::new(
                413,
                "rest_request_entity_too_large",
                "The request body is too large.",
            ));
        }
    };
    if bytes.is_empty() {
        return Ok(Map::new());
    }
    if content_type.starts_with("application/json") {
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Ok(Map::new()),
            Err(e) => Err(
                WpError::new(400, "rest_invalid_json", "Invalid JSON body passed.")
                    .with_data("json_error_code", json!(4))
                    .with_data("json_error_message", json!(e.to_string())),
            ),
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        Ok(parse_php_query(&String::from_utf8_lossy(&bytes)))
    } else {
        Ok(Map::new())
    }
}

/// Matches, checks and runs the request; returns the response and the `Allow` header.
async fn dispatch(state: &RestState, req: &mut WpRequest) -> (WpResponse, Option<String>) {
    let Some(RouteMatch { route, params }) = routes::match_route(&state.routes, &req.route) else {
        return (WpError::no_route().into_response_parts(), None);
    };
    req.url_params = params;
    if req.method == Method::OPTIONS
        && !route
            .endpoints
            .iter()
            .any(|e| e.methods.contains(&Method::OPTIONS))
    {
        // `rest_handle_options_request`: the route's description with its schema.
        let data = crate::discovery::route_data(req, route, true);
        let allow = allowed_methods(req, route).await;
        return (WpResponse::ok(data), allow);
    }
    let Some(endpoint) = route
        .endpoints
        .iter()
        .find(|e| e.methods.contains(&req.method))
    else {
        return (WpError::no_route().into_response_parts(), None);
    };
    req.defaults = endpoint
        .args
        .iter()
        .filter_map(|a| a.schema.default.clone().map(|d| (a.name.to_owned(), d)))
        .collect();

    let result = run_endpoint(req, endpoint.controller.as_ref(), &endpoint.args).await;
    let allow = allowed_methods(req, route).await;
    let parts = match result {
        Ok(resp) => resp,
        Err(e) => e.into_response_parts(),
    };
    (parts, allow)
}

/// `rest_send_allow_header`: every method of the route whose permission check passes.
async fn allowed_methods(req: &WpRequest, route: &crate::routes::RouteDef) -> Option<String> {
    let mut allowed: Vec<&str> = Vec::new();
    for e in &route.endpoints {
        let ok = e.controller.permission(req).await.is_ok();
        if ok {
            for m in &e.methods {
                let name = m.as_str();
                if !allowed.contains(&name) {
                    allowed.push(name);
                }
            }
        }
    }
    if allowed.is_empty() {
        None
    } else {
        Some(allowed.join(", "))
    }
}

async fn run_endpoint(
    req: &mut WpRequest,
    controller: &dyn Controller,
    specs: &[args::ArgSpec],
) -> WpResult<WpResponse> {
    let mut parsed = {
        let r: &WpRequest = req;
        args::parse_args(specs, &|name| {
            r.url_param(name)
                .map(|v| Value::String(v.to_owned()))
                .or_else(|| r.raw(name).cloned())
        })?
    };
    controller.sanitize(req, &mut parsed)?;
    controller.permission(req).await?;
    let mut resp = controller.handle(req, &parsed).await?;
    apply_fields(req, &mut resp.body);
    Ok(resp)
}

/// `_fields`: keeps only the listed (dotted) fields of each item.
fn apply_fields(req: &WpRequest, body: &mut Value) {
    let Some(fields) = req.query.get("_fields") else {
        return;
    };
    let fields: Vec<String> = parse_list(fields)
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    if fields.is_empty() {
        return;
    }
    match body {
        Value::Array(items) => {
            for item in items {
                filter_fields(item, &fields);
            }
        }
        item @ Value::Object(_) if item.get("code").is_none() => {
            filter_fields(item, &fields);
        }
        _ => {}
    }
}

/// `rest_filter_response_fields` for one item.
pub fn filter_fields(item: &mut Value, fields: &[String]) {
    let Value::Object(map) = item else { return };
    let mut out = Map::new();
    for field in fields {
        let path: Vec<&str> = field.split('.').collect();
        copy_path(map, &mut out, &path);
    }
    *map = out;
}

fn copy_path(src: &Map<String, Value>, dst: &mut Map<String, Value>, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Some(value) = src.get(*first) else { return };
    if rest.is_empty() {
        dst.insert((*first).to_owned(), value.clone());
        return;
    }
    if let Value::Object(inner) = value {
        let slot = dst
            .entry((*first).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(slot_map) = slot {
            copy_path(inner, slot_map, rest);
        }
    }
}

impl WpError {
    pub fn into_response_parts(self) -> WpResponse {
        WpResponse {
            status: self.status,
            body: self.body(),
            headers: Vec::new(),
        }
    }
}

/// Writes the final HTTP response with WordPress's standard REST headers.
fn finish(options: &Options, parts: WpResponse, is_head: bool) -> Response {
    let status = StatusCode::from_u16(parts.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = Response::builder()
        .status(status)
        .header("Content-Type", "application/json; charset=UTF-8")
        .header("X-Content-Type-Options", "nosniff")
        .header(
            "Access-Control-Expose-Headers",
            "X-WP-Total, X-WP-TotalPages, Link",
        )
        .header(
            "Access-Control-Allow-Headers",
            "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type",
        )
        .header("X-Robots-Tag", "noindex");
    let has_link = parts.headers.iter().any(|(k, _)| k == "Link");
    if !has_link {
        builder = builder.header(
            "Link",
            format!("<{}/wp-json/>; rel=\"https://api.w.org/\"", options.home()),
        );
    }
    for (k, v) in &parts.headers {
        if let Ok(value) = HeaderValue::from_str(v) {
            builder = builder.header(k.as_str(), value);
        }
    }
    if is_head {
        return builder.body(Body::empty());
    }
    let bytes = serde_json::to_vec(&parts.body).unwrap_or_default();
    builder.body(bytes)
}

fn not_found_page() -> Response {
    Response::builder()
        .status(StatusCode::NOT_FOUND)
        .content_type("text/plain; charset=utf-8")
        .body("Not Found")
}
