//! HTTP transport as WPGraphQL serves it: POST `application/json` (an array is a batch of at
//! most 10), GET `?query=&variables=&operationName=`, Basic auth with application passwords
//! (a wrong password runs the request anonymously), introspection for logged-in users only.

use std::sync::Arc;

use async_graphql::{BatchRequest, BatchResponse, Request as GqlRequest, Variables};
use base64::Engine as _;
use headpress_domain::Site;
use headpress_domain::auth::{Viewer, authenticate_application_password};
use headpress_domain::options::Options;
use poem::http::{Method, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use serde_json::{Value, json};

use crate::WpSchema;
use crate::ctx::Req;

/// WPGraphQL's default `graphql_batch_limit`.
const BATCH_LIMIT: usize = 10;

/// The GraphQL endpoint for one site (mount it at `/graphql`).
pub fn endpoint(site: Site) -> impl Endpoint<Output = Response> {
    let schema = crate::schema(site.clone());
    GraphqlEndpoint {
        site,
        schema: Arc::new(schema),
    }
}

struct GraphqlEndpoint {
    site: Site,
    schema: Arc<WpSchema>,
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    Response::builder()
        .status(status)
        .content_type("application/json; charset=UTF-8")
        .body(body.to_string())
}

/// An answer with only `errors`, as WPGraphQL sends transport failures.
fn error_response(status: StatusCode, message: &str) -> Response {
    json_response(status, &json!({ "errors": [ { "message": message } ] }))
}

impl GraphqlEndpoint {
    /// The viewer of a request: an application password in Basic auth, else anonymous.
    async fn viewer(&self, req: &Request, options: &Options) -> Viewer {
        let Some(value) = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return Viewer::anonymous();
        };
        let Some(encoded) = value.strip_prefix("Basic ").map(str::trim) else {
            return Viewer::anonymous();
        };
        let Some(decoded) = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            return Viewer::anonymous();
        };
        let Some((login, password)) = decoded.split_once(':') else {
            return Viewer::anonymous();
        };
        match authenticate_application_password(&self.site, options, login, password).await {
            Ok(viewer) => viewer,
            Err(err) => {
                tracing::error!(error = %err, "application password check failed");
                Viewer::anonymous()
            }
        }
    }

    /// Parses the operations of a request; `Err` is the HTTP answer to send instead.
    async fn operations(
        &self,
        req: &Request,
        body: Vec<u8>,
    ) -> Result<(BatchRequest, bool), Response> {
        if req.method() == Method::GET {
            let mut query = None;
            let mut variables = None;
            let mut operation = None;
            let mut extensions = None;
            for (key, value) in
                url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
            {
                match key.as_ref() {
                    "query" => query = Some(value.into_owned()),
                    "variables" => variables = Some(value.into_owned()),
                    "operationName" => operation = Some(value.into_owned()),
                    "extensions" => extensions = Some(value.into_owned()),
                    _ => {}
                }
            }
            // `extensions={"persistedQuery":{"version":1,"sha256Hash":"…"}}` (Apollo APQ).
            let extensions: Option<serde_json::Map<String, Value>> =
                match extensions.filter(|e| !e.trim().is_empty()) {
                    None => None,
                    Some(raw) => match serde_json::from_str(&raw) {
                        Ok(map) => Some(map),
                        Err(_) => {
                            return Err(error_response(
                                StatusCode::OK,
                                "Extensions are invalid JSON",
                            ));
                        }
                    },
                };
            let persisted = extensions
                .as_ref()
                .is_some_and(|e| e.contains_key("persistedQuery"));
            let query = query.filter(|q| !q.trim().is_empty());
            if query.is_none() && !persisted {
                return Err(error_response(
                    StatusCode::OK,
                    "GraphQL Request must include at least one of those two parameters: \"query\" or \"queryId\"",
                ));
            }
            let mut request = GqlRequest::new(query.unwrap_or_default());
            for (name, value) in extensions.unwrap_or_default() {
                if let Ok(value) = async_graphql::Value::from_json(value) {
                    request.extensions.insert(name, value);
                }
            }
            if let Some(vars) = variables.filter(|v| !v.trim().is_empty()) {
                match serde_json::from_str::<Value>(&vars) {
                    Ok(v) => request = request.variables(Variables::from_json(v)),
                    Err(_) => {
                        return Err(error_response(StatusCode::OK, "Variables are invalid JSON"));
                    }
                }
            }
            if let Some(op) = operation.filter(|o| !o.is_empty()) {
                request = request.operation_name(op);
            }
            return Ok((BatchRequest::Single(request), true));
        }
        if req.method() != Method::POST {
            return Err(error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                "GraphQL requests are sent with GET or POST",
            ));
        }
        let json_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/json"));
        if !json_type {
            return Err(error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "HTTP POST requests must have Content-Type: application/json header.",
            ));
        }
        let parsed: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(_) => {
                return Err(error_response(
                    StatusCode::BAD_REQUEST,
                    "The GraphQL request body is not valid JSON",
                ));
            }
        };
        if let Value::Array(list) = &parsed
            && list.len() > BATCH_LIMIT
        {
            return Err(error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!(
                    "Batch requests are limited to {BATCH_LIMIT} operations. {} were provided.",
                    list.len()
                ),
            ));
        }
        match serde_json::from_value::<BatchRequest>(parsed) {
            Ok(batch) => Ok((batch, false)),
            Err(_) => Err(error_response(
                StatusCode::OK,
                "GraphQL Request must include at least one of those two parameters: \"query\" or \"queryId\"",
            )),
        }
    }
}

impl Endpoint for GraphqlEndpoint {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        if let Some(asset) = crate::graphiql::asset(req.uri().path()) {
            return Ok(asset);
        }
        if crate::graphiql::wants_page(&req) {
            return Ok(crate::graphiql::page());
        }
        let (req, mut body) = req.split();
        let bytes = body.take()?.into_vec().await.unwrap_or_default();
        let (batch, over_get) = match self.operations(&req, bytes).await {
            Ok(ops) => ops,
            Err(resp) => return Ok(resp),
        };
        let options = match Options::load(&self.site).await {
            Ok(o) => Arc::new(o),
            Err(err) => {
                tracing::error!(error = %err, "loading options failed");
                return Ok(error_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal server error",
                ));
            }
        };
        let viewer = self.viewer(&req, &options).await;
        let logged_in = viewer.is_logged_in();
        let prepare = |mut r: GqlRequest, sink: &crate::ctx::FieldErrors| {
            // Fresh loaders per operation: a batch's operations do not share caches.
            r = r.data(Req::new(
                self.site.clone(),
                viewer.clone(),
                options.clone(),
                sink.clone(),
            ));
            if !logged_in {
                // WPGraphQL's public introspection is off by default.
                r = r.disable_introspection();
            }
            r
        };
        if !logged_in {
            let asks = match &batch {
                BatchRequest::Single(r) => asks_introspection(&r.query),
                BatchRequest::Batch(list) => list.iter().any(|r| asks_introspection(&r.query)),
            };
            if asks {
                // WPGraphQL refuses the whole document, before executing anything.
                return Ok(json_response(
                    StatusCode::OK,
                    &json!({ "errors": [ { "message": PUBLIC_INTROSPECTION_OFF } ] }),
                ));
            }
        }
        let response = match batch {
            BatchRequest::Single(r) => {
                if over_get && is_mutation(&r.query) {
                    return Ok(json_response(
                        StatusCode::OK,
                        &json!({ "errors": [ { "message": "Mutations are not allowed over GET" } ] }),
                    ));
                }
                let sink = crate::ctx::FieldErrors::default();
                let answer = self.schema.execute(prepare(r, &sink)).await;
                BatchResponse::Single(with_field_errors(answer, &sink))
            }
            BatchRequest::Batch(list) => {
                let mut out = Vec::with_capacity(list.len());
                for r in list {
                    let sink = crate::ctx::FieldErrors::default();
                    let answer = self.schema.execute(prepare(r, &sink)).await;
                    out.push(with_field_errors(answer, &sink));
                }
                BatchResponse::Batch(out)
            }
        };
        let body = match serde_json::to_value(&response) {
            Ok(v) => v,
            Err(_) => {
                return Ok(error_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal server error",
                ));
            }
        };
        Ok(json_response(StatusCode::OK, &body).into_response())
    }
}

const PUBLIC_INTROSPECTION_OFF: &str = "The query contained __schema or __type, however GraphQL \
     introspection is not allowed for public requests by default. Public introspection can be \
     enabled under the WPGraphQL Settings.";

/// Whether a document selects `__schema` or `__type` anywhere (WPGraphQL's
/// `DisableIntrospection` rule for public requests).
fn asks_introspection(query: &str) -> bool {
    use async_graphql::parser::types::{Selection, SelectionSet};
    fn walk(set: &SelectionSet) -> bool {
        set.items.iter().any(|item| match &item.node {
            Selection::Field(f) => {
                let name = f.node.name.node.as_str();
                name == "__schema" || name == "__type" || walk(&f.node.selection_set.node)
            }
            Selection::InlineFragment(f) => walk(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => false,
        })
    }
    match async_graphql::parser::parse_query(query) {
        Ok(doc) => {
            doc.operations
                .iter()
                .any(|(_, op)| walk(&op.node.selection_set.node))
                || doc
                    .fragments
                    .values()
                    .any(|f| walk(&f.node.selection_set.node))
        }
        Err(_) => false,
    }
}

/// Adds the errors of fields that resolved to `null` to an answer.
fn with_field_errors(
    mut answer: async_graphql::Response,
    sink: &crate::ctx::FieldErrors,
) -> async_graphql::Response {
    if let Ok(mut errors) = sink.lock() {
        answer.errors.append(&mut errors);
    }
    answer
}

/// Whether a document's first operation is a mutation (GET may only read).
fn is_mutation(query: &str) -> bool {
    match async_graphql::parser::parse_query(query) {
        Ok(doc) => doc
            .operations
            .iter()
            .any(|(_, op)| op.node.ty == async_graphql::parser::types::OperationType::Mutation),
        Err(_) => false,
    }
}
