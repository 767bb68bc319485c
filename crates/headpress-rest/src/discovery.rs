//! The route indexes (`/wp-json/`, `/wp-json/<namespace>`) and OPTIONS answers, generated
//! from the route table (`WP_REST_Server::get_index`, `get_namespace_index`,
//! `get_data_for_route`).

use futures::FutureExt;
use futures::future::BoxFuture;
use poem::http::Method;
use serde_json::{Map, Value, json};

use crate::args::{Schema, arg};
use crate::error::WpResult;
use crate::links::Links;
use crate::request::WpRequest;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

pub fn routes() -> Vec<RouteDef> {
    vec![
        route(
            "",
            "/",
            vec![EndpointDef::new(
                &[Method::GET],
                Index,
                vec![arg(
                    "context",
                    Schema::from_json(json!({ "default": "view" })),
                )],
            )],
        ),
        route(
            "wp/v2",
            "/wp/v2",
            vec![EndpointDef::new(
                &[Method::GET],
                NamespaceIndex("wp/v2"),
                vec![
                    arg(
                        "namespace",
                        Schema::from_json(json!({ "default": "wp/v2" })),
                    ),
                    arg("context", Schema::from_json(json!({ "default": "view" }))),
                ],
            )],
        ),
    ]
}

/// `get_data_for_route`: what an index or OPTIONS shows of one route.
pub fn route_data(req: &WpRequest, route: &RouteDef, help: bool) -> Value {
    let mut data = Map::new();
    data.insert("namespace".into(), json!(route.namespace));
    let mut methods: Vec<&str> = Vec::new();
    let mut endpoints = Vec::new();
    for endpoint in &route.endpoints {
        let names: Vec<&str> = endpoint.methods.iter().map(Method::as_str).collect();
        methods.extend(&names);
        let mut e = Map::new();
        e.insert("methods".into(), json!(names));
        if endpoint.allow_batch {
            e.insert("allow_batch".into(), json!({ "v1": true }));
        }
        let mut args = Map::new();
        for spec in &endpoint.args {
            let mut schema = spec.to_json();
            if let Value::Object(m) = &mut schema
                && m.get("description").and_then(Value::as_str) == Some("")
            {
                m.remove("description");
            }
            args.insert(spec.name.to_owned(), schema);
        }
        // PHP encodes an empty args array as `[]`.
        e.insert(
            "args".into(),
            if args.is_empty() {
                json!([])
            } else {
                Value::Object(args)
            },
        );
        endpoints.push(Value::Object(e));
    }
    data.insert("methods".into(), json!(methods));
    data.insert("endpoints".into(), Value::Array(endpoints));
    if help && let Some(schema) = &route.schema {
        data.insert("schema".into(), schema(&req.site, Some(&req.options)));
    }
    if route.is_plain() {
        let mut links = Links::new();
        links.add(
            "self",
            json!({ "href": req.options.rest_url(&route.pattern) }),
        );
        data.insert("_links".into(), links.into_json());
    }
    Value::Object(data)
}

fn routes_data(req: &WpRequest, namespace: Option<&str>) -> Value {
    let help = req.raw("context").and_then(Value::as_str) == Some("help");
    let mut out = Map::new();
    for route in req.route_table.iter() {
        if namespace.is_some_and(|ns| route.namespace != ns) {
            continue;
        }
        out.insert(route.pattern.clone(), route_data(req, route, help));
    }
    Value::Object(out)
}

struct Index;

impl Controller for Index {
    fn permission<'a>(&'a self, _req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async { Ok(()) }.boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            let o = &req.options;
            let mut namespaces: Vec<&str> = Vec::new();
            for r in req.route_table.iter() {
                if !r.namespace.is_empty() && !namespaces.contains(&r.namespace) {
                    namespaces.push(r.namespace);
                }
            }
            let gmt_offset = o
                .get("gmt_offset")
                .and_then(|v| v.parse::<f64>().ok())
                .map(|f| if f.fract() == 0.0 { json!(f as i64) } else { json!(f) })
                .unwrap_or(json!(0));
            let site_icon = o.get_i64("site_icon", 0);
            let mut links = Links::new();
            links.add("help", json!({ "href": "https://developer.wordpress.org/rest-api/" }));
            let body = json!({
                "name": o.get_or("blogname", ""),
                "description": o.get_or("blogdescription", ""),
                "url": o.siteurl(),
                "home": o.home(),
                "gmt_offset": gmt_offset,
                "timezone_string": o.get_or("timezone_string", ""),
                "namespaces": namespaces,
                "authentication": {
                    "application-passwords": {
                        "endpoints": {
                            "authorization": format!("{}/wp-admin/authorize-application.php", o.siteurl())
                        }
                    }
                },
                "routes": routes_data(req, None),
                "site_logo": o.get_i64("site_logo", 0),
                "site_icon": site_icon,
                "site_icon_url": "",
                "_links": links.into_json(),
            });
            Ok(WpResponse::ok(body))
        }
        .boxed()
    }
}

struct NamespaceIndex(&'static str);

impl Controller for NamespaceIndex {
    fn permission<'a>(&'a self, _req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async { Ok(()) }.boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            let mut links = Links::new();
            links.add("up", json!({ "href": req.options.rest_url("/") }));
            Ok(WpResponse::ok(json!({
                "namespace": self.0,
                "routes": routes_data(req, Some(self.0)),
                "_links": links.into_json(),
            })))
        }
        .boxed()
    }
}
