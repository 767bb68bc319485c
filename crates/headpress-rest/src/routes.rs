//! The route table: every route Headpress serves, its methods, arguments and controller.
//! One table drives dispatch, the `Allow` header and the route indexes — WordPress's
//! `register_rest_route` as data. Each route family module contributes `routes(site)`.

use std::sync::Arc;

use futures::future::BoxFuture;
use headpress_domain::Site;
use headpress_domain::options::Options;
use poem::http::Method;
use serde_json::{Map, Value};

use crate::args::ArgSpec;
use crate::error::WpResult;
use crate::request::WpRequest;
use crate::server::WpResponse;

/// One endpoint's behaviour: WordPress's `sanitize_callback`s that need the caller, its
/// `permission_callback` and its `callback`.
pub trait Controller: Send + Sync {
    /// Sanitizers that need the request (e.g. statuses the caller may not ask for).
    fn sanitize(&self, _req: &WpRequest, _args: &mut Map<String, Value>) -> WpResult<()> {
        Ok(())
    }
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>>;
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>>;
}

#[derive(Clone)]
pub struct EndpointDef {
    pub methods: Vec<Method>,
    pub controller: Arc<dyn Controller>,
    pub args: Vec<ArgSpec>,
    /// Shown as `allow_batch: {"v1": true}` in indexes (the batch endpoint accepts it).
    pub allow_batch: bool,
}

/// Builds a route's item schema; `Some(options)` adds the parts that carry site URLs.
pub type SchemaFn = Arc<dyn Fn(&Site, Option<&Options>) -> Value + Send + Sync>;

impl EndpointDef {
    pub fn new(
        methods: &[Method],
        controller: impl Controller + 'static,
        args: Vec<ArgSpec>,
    ) -> Self {
        EndpointDef {
            methods: methods.to_vec(),
            controller: Arc::new(controller),
            args,
            allow_batch: false,
        }
    }

    pub fn batchable(mut self) -> Self {
        self.allow_batch = true;
        self
    }
}

#[derive(Clone)]
pub struct RouteDef {
    /// WordPress's pattern text, e.g. `/wp/v2/posts/(?P<id>[\d]+)`.
    pub pattern: String,
    segments: Vec<Segment>,
    pub namespace: &'static str,
    pub endpoints: Vec<EndpointDef>,
    pub schema: Option<SchemaFn>,
}

impl RouteDef {
    pub fn with_schema(mut self, schema: SchemaFn) -> Self {
        self.schema = Some(schema);
        self
    }

    /// Whether the route has captures (`{id}`); only plain routes get a `self` link.
    pub fn is_plain(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Literal(_)))
    }
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    /// A `(?P<name>[\d]+)` capture.
    Digits(String),
    /// A `(?P<name>[\w-]+)` capture.
    Word(String),
}

pub struct RouteMatch<'a> {
    pub route: &'a RouteDef,
    pub params: Vec<(String, String)>,
}

/// Declares a route: literal segments, `:name` numeric captures and `{name}` word captures,
/// e.g. `route("wp/v2", "/wp/v2/posts/:parent/revisions/:id", …)`, `"/wp/v2/types/{type}"`.
pub fn route(namespace: &'static str, path: &str, endpoints: Vec<EndpointDef>) -> RouteDef {
    let mut pattern = String::new();
    let mut segments = Vec::new();
    for part in path
        .trim_start_matches('/')
        .split('/')
        .filter(|p| !p.is_empty())
    {
        if let Some(name) = part.strip_prefix(':') {
            pattern.push_str(&format!("/(?P<{name}>[\\d]+)"));
            segments.push(Segment::Digits(name.to_owned()));
        } else if let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            pattern.push_str(&format!("/(?P<{name}>[\\w-]+)"));
            segments.push(Segment::Word(name.to_owned()));
        } else {
            pattern.push('/');
            pattern.push_str(part);
            segments.push(Segment::Literal(part.to_owned()));
        }
    }
    RouteDef {
        pattern: if pattern.is_empty() {
            "/".to_owned()
        } else {
            pattern
        },
        segments,
        namespace,
        endpoints,
        schema: None,
    }
}

/// Builds the table from the site's registry (built-in and configured types).
pub fn build(site: &Site) -> Vec<RouteDef> {
    let mut routes = crate::discovery::routes();
    routes.extend(crate::posts::routes(site));
    routes.extend(crate::families::routes(site));
    routes
}

/// WordPress matches routes case-insensitively against the whole path.
pub fn match_route<'a>(routes: &'a [RouteDef], path: &str) -> Option<RouteMatch<'a>> {
    let trimmed = path.trim_start_matches('/');
    let parts: Vec<&str> = if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('/').collect()
    };
    'routes: for route in routes {
        if route.segments.len() != parts.len() {
            continue;
        }
        let mut params = Vec::new();
        for (segment, part) in route.segments.iter().zip(&parts) {
            match segment {
                Segment::Literal(text) => {
                    if !text.eq_ignore_ascii_case(part) {
                        continue 'routes;
                    }
                }
                Segment::Digits(name) => {
                    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                        continue 'routes;
                    }
                    params.push((name.clone(), (*part).to_owned()));
                }
                Segment::Word(name) => {
                    // PCRE's `\w` without the `u` flag: ASCII letters, digits, underscore.
                    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
                    if part.is_empty() || !part.bytes().all(word) {
                        continue 'routes;
                    }
                    params.push((name.clone(), (*part).to_owned()));
                }
            }
        }
        return Some(RouteMatch { route, params });
    }
    None
}
