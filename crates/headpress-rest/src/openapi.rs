//! An OpenAPI 3.0 document generated from the route table, so it cannot drift from what
//! the dispatcher serves, and the offline docs page (`/docs`) that shows it.
//!
//! The document is built with `serde_json` rather than poem-openapi's `registry` types:
//! those are made for typed `#[derive]` operations known at compile time, whereas our routes
//! and schemas are data (post types and meta come from the site's configuration) written in
//! WordPress's JSON-schema dialect (`"type": ["string", "null"]`, `oneOf` term filters,
//! arbitrary keywords), which the registry cannot express. poem-openapi supplies the
//! embedded Swagger UI page instead.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use headpress_domain::Site;
use headpress_domain::options::Options;
use poem::http::{Method, StatusCode};
use poem::{Request, Response};
use poem_openapi::OpenApiService;
use serde_json::{Map, Value, json};

use crate::RestState;
use crate::args::ArgSpec;
use crate::error::WpError;
use crate::routes::{EndpointDef, RouteDef};

/// Where the document is served; the docs page fetches it from here.
pub const DOCUMENT_PATH: &str = "/wp-json/openapi.json";
/// Where the docs page is served.
pub const DOCS_PATH: &str = "/docs";

const TITLE: &str = "Headpress — WordPress REST API";

/// The keywords an OpenAPI 3.0 Schema Object allows; everything else WordPress puts in a
/// schema (`context`, `arg_options`, `$schema`, hyper-schema `links`, …) is dropped.
const SCHEMA_KEYWORDS: &[&str] = &[
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "enum",
    "description",
    "format",
    "default",
    "nullable",
    "writeOnly",
    "example",
    "deprecated",
];

/// The global parameters every WordPress route accepts (`WP_REST_Server::serve_request`),
/// shared as `components/parameters`.
const GLOBAL_PARAMETERS: &[&str] = &["_fields", "_embed", "_envelope"];

/// One segment of a route pattern.
enum Part<'a> {
    Literal(&'a str),
    /// `(?P<name>[\d]+)`
    Digits(&'a str),
    /// `(?P<name>[\w-]+)`
    Word(&'a str),
}

/// Splits WordPress's pattern text (`/wp/v2/posts/(?P<id>[\d]+)`) into segments. Only the
/// two capture kinds `routes::route` writes exist, so a small parser is enough.
fn parse_pattern(pattern: &str) -> Vec<Part<'_>> {
    pattern
        .split('/')
        .filter(|p| !p.is_empty())
        .map(|part| {
            let capture = part
                .strip_prefix("(?P<")
                .and_then(|rest| rest.split_once('>'));
            match capture {
                Some((name, rest)) if rest.starts_with("[\\d]") => Part::Digits(name),
                Some((name, _)) => Part::Word(name),
                None => Part::Literal(part),
            }
        })
        .collect()
}

/// `/wp/v2/posts/(?P<id>[\d]+)` → `/wp/v2/posts/{id}`.
pub fn openapi_path(pattern: &str) -> String {
    let mut out = String::new();
    for part in parse_pattern(pattern) {
        out.push('/');
        match part {
            Part::Literal(text) => out.push_str(text),
            Part::Digits(name) | Part::Word(name) => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

/// The route family a route belongs to: the first literal after the namespace, or the
/// nested resource after a capture (`/posts/{parent}/revisions` → `revisions`), so the docs
/// group routes the way the controllers are split. The indexes get `index`.
fn family(route: &RouteDef) -> String {
    let parts = parse_pattern(&route.pattern);
    let skip = route.namespace.split('/').filter(|s| !s.is_empty()).count();
    let mut tag = None;
    let mut after_capture = false;
    for part in parts.iter().skip(skip) {
        match part {
            Part::Literal(text) if tag.is_none() || after_capture => {
                tag = Some(*text);
                after_capture = false;
            }
            Part::Literal(_) => {}
            Part::Digits(_) | Part::Word(_) => after_capture = true,
        }
    }
    tag.unwrap_or("index").to_owned()
}

/// `get` + `/wp/v2/posts/{id}` → `get_wp_v2_posts_id`.
fn operation_id(method: &Method, path: &str) -> String {
    let mut id = method.as_str().to_ascii_lowercase();
    let mut words = 0;
    for word in path.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !word.is_empty() {
            id.push('_');
            id.push_str(word);
            words += 1;
        }
    }
    if words == 0 {
        id.push_str("_index");
    }
    id
}

/// Converts a WordPress JSON schema to an OpenAPI 3.0 Schema Object: type unions with
/// `"null"` become `nullable`, other unions `anyOf`; `readonly` becomes `readOnly`;
/// per-property `required: true` becomes the parent's `required` list; keywords OpenAPI
/// does not know are dropped.
pub fn to_openapi_schema(wp: &Value) -> Value {
    let Some(obj) = wp.as_object() else {
        // A boolean schema (`true`) has no OpenAPI 3.0 form; `{}` accepts anything.
        return json!({});
    };
    let mut out = Map::new();
    let mut nullable = false;
    for (key, value) in obj {
        match key.as_str() {
            "type" => {
                let types: Vec<&str> = match value {
                    Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
                    Value::String(t) => vec![t.as_str()],
                    _ => Vec::new(),
                };
                nullable |= types.contains(&"null");
                let types: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
                match types.as_slice() {
                    [] => {}
                    [one] => {
                        out.insert("type".into(), json!(one));
                    }
                    // A `oneOf`/`anyOf` already spells out each alternative (term filters).
                    _ if obj.contains_key("oneOf") || obj.contains_key("anyOf") => {}
                    many => {
                        let alternatives: Vec<Value> = many
                            .iter()
                            .map(|t| {
                                if *t == "array" {
                                    json!({ "type": t, "items": {} })
                                } else {
                                    json!({ "type": t })
                                }
                            })
                            .collect();
                        out.insert("anyOf".into(), Value::Array(alternatives));
                    }
                }
            }
            // `readonly: false` falls through to the keyword list and is dropped.
            "readonly" | "readOnly" if value.as_bool() == Some(true) => {
                out.insert("readOnly".into(), json!(true));
            }
            "properties" => {
                let mut props = Map::new();
                let mut required = Vec::new();
                for (name, prop) in value.as_object().into_iter().flatten() {
                    if prop.get("required").and_then(Value::as_bool) == Some(true) {
                        required.push(json!(name));
                    }
                    props.insert(name.clone(), to_openapi_schema(prop));
                }
                out.insert("properties".into(), Value::Object(props));
                if !required.is_empty() && !obj.contains_key("required") {
                    out.insert("required".into(), Value::Array(required));
                }
            }
            // Draft-04's list form is OpenAPI's; WordPress's boolean form was handled above.
            "required" => {
                if let Value::Array(list) = value
                    && !list.is_empty()
                {
                    out.insert("required".into(), value.clone());
                }
            }
            "items" | "not" => {
                let converted = match value {
                    // Tuple validation has no OpenAPI 3.0 form: accept any of the members.
                    Value::Array(list) => {
                        json!({ "anyOf": list.iter().map(to_openapi_schema).collect::<Vec<_>>() })
                    }
                    other => to_openapi_schema(other),
                };
                out.insert(key.clone(), converted);
            }
            "additionalProperties" => {
                let converted = match value {
                    Value::Bool(b) => json!(b),
                    other => to_openapi_schema(other),
                };
                out.insert(key.clone(), converted);
            }
            "oneOf" | "anyOf" | "allOf" => {
                let list: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(to_openapi_schema)
                    .collect();
                out.insert(key.clone(), Value::Array(list));
            }
            k if SCHEMA_KEYWORDS.contains(&k) => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    // PHP encodes a name-keyed array as an object; an `enum` is the list of its values.
    if let Some(Value::Object(values)) = out.get("enum") {
        let list: Vec<Value> = values.values().cloned().collect();
        out.insert("enum".into(), Value::Array(list));
    }
    if nullable {
        out.insert("nullable".into(), json!(true));
        // In OpenAPI 3.0 `enum` still restricts a nullable value, so null must be listed.
        if let Some(Value::Array(values)) = out.get_mut("enum")
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
    }
    if out.get("type").and_then(Value::as_str) == Some("array") && !out.contains_key("items") {
        // OpenAPI 3.0 requires `items` with `type: array`.
        out.insert("items".into(), json!({}));
    }
    fix_default(&mut out);
    Value::Object(out)
}

/// OpenAPI requires a `default` of the schema's type; WordPress's are PHP values that its
/// sanitizers coerce: `null` means "no default", a scalar default of a list is a one-item
/// list (`wp_parse_list`), and PHP's empty `array()` is also the empty object.
fn fix_default(schema: &mut Map<String, Value>) {
    let ty = schema
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let nullable = schema.get("nullable") == Some(&json!(true));
    let Some(default) = schema.get_mut("default") else {
        return;
    };
    match (ty.as_deref(), &*default) {
        (_, Value::Null) if !nullable => {
            schema.remove("default");
        }
        (Some("array"), Value::Null | Value::Array(_)) => {}
        (Some("array"), scalar) => *default = json!([scalar]),
        (Some("object"), Value::Array(list)) if list.is_empty() => *default = json!({}),
        _ => {}
    }
}

/// Array-valued query arguments are sent as comma lists (`include=1,2`): WordPress's
/// `wp_parse_list` reads those, while PHP keeps only the last of repeated plain keys.
fn is_list(schema: &Value) -> bool {
    let alternatives = ["oneOf", "anyOf"].iter().flat_map(|k| {
        schema
            .get(*k)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    });
    schema.get("type").and_then(Value::as_str) == Some("array")
        || alternatives
            .into_iter()
            .any(|s| s.get("type").and_then(Value::as_str) == Some("array"))
}

fn query_parameter(spec: &ArgSpec) -> Value {
    let mut schema = to_openapi_schema(&spec.to_json());
    let description = match &mut schema {
        Value::Object(m) => m.remove("description"),
        _ => None,
    };
    let mut param = Map::new();
    param.insert("name".into(), json!(spec.name));
    param.insert("in".into(), json!("query"));
    if let Some(d) = description.filter(|d| d.as_str().is_some_and(|s| !s.is_empty())) {
        param.insert("description".into(), d);
    }
    if spec.required {
        param.insert("required".into(), json!(true));
    }
    if is_list(&schema) {
        param.insert("style".into(), json!("form"));
        param.insert("explode".into(), json!(false));
    }
    param.insert("schema".into(), schema);
    Value::Object(param)
}

/// The request body of a writing endpoint: its arguments as one JSON object.
fn body_schema(args: &[&ArgSpec]) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for spec in args {
        props.insert(spec.name.to_owned(), to_openapi_schema(&spec.to_json()));
        if spec.required {
            required.push(json!(spec.name));
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    Value::Object(schema)
}

fn reference(section: &str, name: &str) -> Value {
    json!({ "$ref": format!("#/components/{section}/{name}") })
}

/// Whether an endpoint lists items: GET on a route ending in a literal that is either
/// paginated or nested under a capture (`/posts/{id}/autosaves`). Other literal routes
/// (`/settings`, `/users/me`, `/types`) answer one object.
fn is_collection(route: &RouteDef, endpoint: &EndpointDef) -> bool {
    let parts = parse_pattern(&route.pattern);
    let ends_literal = matches!(parts.last(), Some(Part::Literal(_)));
    let nested = parts
        .iter()
        .any(|p| matches!(p, Part::Digits(_) | Part::Word(_)));
    ends_literal && (is_paginated(endpoint) || nested) && route.namespace == "wp/v2"
}

fn is_paginated(endpoint: &EndpointDef) -> bool {
    endpoint.args.iter().any(|a| a.name == "per_page")
}

/// Collects the item schemas under `components/schemas`, named by their `title`.
struct Schemas {
    map: Map<String, Value>,
}

impl Schemas {
    /// Registers a schema and returns its `$ref`; the same schema shared by several routes
    /// (collection and item) is stored once, a different one under a numbered name.
    fn add(&mut self, base: &str, schema: Value) -> Value {
        let base: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut name = base.clone();
        let mut n = 1;
        loop {
            match self.map.get(&name) {
                Some(existing) if *existing == schema => break,
                Some(_) => {
                    n += 1;
                    name = format!("{base}_{n}");
                }
                None => {
                    self.map.insert(name.clone(), schema);
                    break;
                }
            }
        }
        reference("schemas", &name)
    }
}

fn error_responses(responses: &mut Map<String, Value>) {
    for (status, name) in [
        ("400", "BadRequest"),
        ("401", "Unauthorized"),
        ("403", "Forbidden"),
        ("404", "NotFound"),
    ] {
        responses.insert(status.into(), reference("responses", name));
    }
}

/// The OpenAPI 3.0 document for `routes`; `options` gives the server URL (`home`).
pub fn document(site: &Site, routes: &[RouteDef], options: &Options) -> Value {
    let mut paths = Map::new();
    let mut tags: Vec<String> = Vec::new();
    // `WP_Error` goes in first so an item schema of that title gets a numbered name.
    let mut schemas = Schemas { map: Map::new() };
    schemas.map.insert("WP_Error".into(), wp_error_schema());
    let mut operation_ids: HashSet<String> = HashSet::new();

    for route in routes {
        let path = openapi_path(&route.pattern);
        let tag = family(route);
        if !tags.contains(&tag) {
            tags.push(tag.clone());
        }
        // Hyper-schema `links` carry site URLs and have no OpenAPI form, so the schema is
        // built without options.
        let item = match &route.schema {
            Some(schema_fn) => {
                let wp = schema_fn(site, None);
                let title = wp
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| tag.clone());
                Some(schemas.add(&title, to_openapi_schema(&wp)))
            }
            None => None,
        };
        let item_schema = item.clone().unwrap_or_else(|| json!({ "type": "object" }));

        let parts = parse_pattern(&route.pattern);
        let captures: Vec<(&str, bool)> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Digits(name) => Some((*name, true)),
                Part::Word(name) => Some((*name, false)),
                Part::Literal(_) => None,
            })
            .collect();
        let is_capture = |name: &str| captures.iter().any(|(n, _)| *n == name);

        let path_item = paths
            .entry(path.clone())
            .or_insert_with(|| json!({}))
            .as_object_mut();
        let Some(path_item) = path_item else { continue };

        if !captures.is_empty() && !path_item.contains_key("parameters") {
            let params: Vec<Value> = captures
                .iter()
                .map(|(name, digits)| {
                    let description = route
                        .endpoints
                        .iter()
                        .flat_map(|e| &e.args)
                        .find(|a| a.name == *name)
                        .map(|a| a.schema.description.clone())
                        .filter(|d| !d.is_empty());
                    let schema = if *digits {
                        json!({ "type": "integer" })
                    } else {
                        json!({ "type": "string", "pattern": "^[\\w-]+$" })
                    };
                    let mut p = Map::new();
                    p.insert("name".into(), json!(name));
                    p.insert("in".into(), json!("path"));
                    if let Some(d) = description {
                        p.insert("description".into(), json!(d));
                    }
                    p.insert("required".into(), json!(true));
                    p.insert("schema".into(), schema);
                    Value::Object(p)
                })
                .collect();
            path_item.insert("parameters".into(), Value::Array(params));
        }

        for endpoint in &route.endpoints {
            let args: Vec<&ArgSpec> = endpoint
                .args
                .iter()
                .filter(|a| !is_capture(a.name))
                .collect();
            let mut body_ref = None;
            for method in &endpoint.methods {
                let key = method.as_str().to_ascii_lowercase();
                // The dispatcher uses the first endpoint declaring a method; so does the doc.
                if path_item.contains_key(&key) {
                    continue;
                }
                let mut id = operation_id(method, &path);
                let mut n = 1;
                while operation_ids.contains(&id) {
                    n += 1;
                    id = format!("{}_{n}", operation_id(method, &path));
                }
                operation_ids.insert(id.clone());

                let writes = matches!(*method, Method::POST | Method::PUT | Method::PATCH);
                let mut parameters: Vec<Value> = Vec::new();
                if !writes {
                    parameters.extend(args.iter().map(|a| query_parameter(a)));
                }
                parameters.extend(GLOBAL_PARAMETERS.iter().map(|p| reference("parameters", p)));
                if *method == Method::POST {
                    parameters.push(reference("parameters", "_method"));
                }

                let mut op = Map::new();
                op.insert("tags".into(), json!([tag]));
                op.insert("operationId".into(), json!(id));
                op.insert("parameters".into(), Value::Array(parameters));
                if writes {
                    // PUT and PATCH share the POST endpoint's arguments: store them once.
                    let schema = body_ref
                        .get_or_insert_with(|| {
                            schemas.add(&format!("{id}_body"), body_schema(&args))
                        })
                        .clone();
                    op.insert(
                        "requestBody".into(),
                        json!({
                            "required": args.iter().any(|a| a.required),
                            "content": {
                                "application/json": { "schema": schema },
                                "application/x-www-form-urlencoded": { "schema": schema },
                            },
                        }),
                    );
                }

                let mut responses = Map::new();
                // Creating answers 201 on paginated collections; an autosave answers 200.
                let collection_route = route.endpoints.iter().any(|e| {
                    e.methods.contains(&Method::GET) && is_collection(route, e) && is_paginated(e)
                });
                if *method == Method::GET && is_collection(route, endpoint) {
                    let mut ok = Map::new();
                    ok.insert("description".into(), json!("The matching items."));
                    if is_paginated(endpoint) {
                        ok.insert(
                            "headers".into(),
                            json!({
                                "X-WP-Total": reference("headers", "X-WP-Total"),
                                "X-WP-TotalPages": reference("headers", "X-WP-TotalPages"),
                                "Link": reference("headers", "Link"),
                            }),
                        );
                    }
                    ok.insert(
                        "content".into(),
                        json!({ "application/json": { "schema": { "type": "array", "items": item_schema } } }),
                    );
                    responses.insert("200".into(), Value::Object(ok));
                } else if *method == Method::POST && collection_route {
                    responses.insert(
                        "201".into(),
                        json!({
                            "description": "The created item.",
                            "content": { "application/json": { "schema": item_schema } },
                        }),
                    );
                } else if *method == Method::DELETE {
                    // Trashing answers the item; `force=true` answers what was deleted.
                    let deleted = json!({
                        "type": "object",
                        "properties": {
                            "deleted": { "type": "boolean" },
                            "previous": item_schema,
                        },
                    });
                    responses.insert(
                        "200".into(),
                        json!({
                            "description": "The trashed item, or the deleted one with `force`.",
                            "content": { "application/json": { "schema": { "oneOf": [item_schema, deleted] } } },
                        }),
                    );
                } else {
                    responses.insert(
                        "200".into(),
                        json!({
                            "description": "The item.",
                            "content": { "application/json": { "schema": item_schema } },
                        }),
                    );
                }
                error_responses(&mut responses);
                op.insert("responses".into(), Value::Object(responses));
                if endpoint.allow_batch {
                    op.insert("x-wp-allow-batch".into(), json!(true));
                }
                path_item.insert(key, Value::Object(op));
            }
        }
    }

    json!({
        "openapi": "3.0.3",
        "info": {
            "title": TITLE,
            "description": "WordPress 6.1's REST API (`wp/v2`) served by Headpress. Every route is \
                also reachable as `/?rest_route=<route>`. Authenticate with an application \
                password (HTTP Basic); anonymous requests see public data only.",
            "version": env!("CARGO_PKG_VERSION"),
        },
        "servers": [{ "url": format!("{}/wp-json", options.home()) }],
        "tags": tags.iter().map(|t| json!({ "name": t })).collect::<Vec<_>>(),
        "security": [{}, { "applicationPassword": [] }],
        "paths": paths,
        "components": {
            "schemas": schemas.map,
            "parameters": global_parameters(),
            "headers": {
                "X-WP-Total": {
                    "description": "The total number of matching items.",
                    "schema": { "type": "integer" },
                },
                "X-WP-TotalPages": {
                    "description": "The total number of pages.",
                    "schema": { "type": "integer" },
                },
                "Link": {
                    "description": "`prev`/`next` page links (RFC 8288).",
                    "schema": { "type": "string" },
                },
            },
            "responses": {
                "BadRequest": error_response(
                    "Invalid or missing parameters.",
                    json!({"code": "rest_invalid_param", "message": "Invalid parameter(s): per_page", "data": {"status": 400, "params": {"per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"}, "details": {"per_page": {"code": "rest_out_of_bounds", "message": "per_page must be between 1 (inclusive) and 100 (inclusive)", "data": null}}}}),
                ),
                "Unauthorized": error_response(
                    "Not logged in, and the request needs a user.",
                    json!({"code": "rest_forbidden", "message": "Sorry, you are not allowed to do that.", "data": {"status": 401}}),
                ),
                "Forbidden": error_response(
                    "Logged in, but not allowed.",
                    json!({"code": "rest_forbidden", "message": "Sorry, you are not allowed to do that.", "data": {"status": 403}}),
                ),
                "NotFound": error_response(
                    "No such route or object.",
                    json!({"code": "rest_no_route", "message": "No route was found matching the URL and request method.", "data": {"status": 404}}),
                ),
            },
            "securitySchemes": {
                "applicationPassword": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "WordPress application passwords: the user's login as the user \
                        name and an application password (Users → Profile, or `headpress \
                        app-password create`) as the password.",
                },
            },
        },
    })
}

fn error_response(description: &str, example: Value) -> Value {
    json!({
        "description": description,
        "content": {
            "application/json": {
                "schema": reference("schemas", "WP_Error"),
                "example": example,
            },
        },
    })
}

/// `WP_Error` as the REST server serializes it (`WpError::body`).
fn wp_error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["code", "message", "data"],
        "properties": {
            "code": { "type": "string", "description": "A machine-readable error code, e.g. `rest_invalid_param`." },
            "message": { "type": "string", "description": "A human-readable message." },
            "data": {
                "type": "object",
                "required": ["status"],
                "properties": {
                    "status": { "type": "integer", "description": "The HTTP status." },
                    "params": {
                        "type": "object",
                        "description": "Invalid parameters and why (`rest_invalid_param`), or the missing ones (`rest_missing_callback_param`).",
                        "additionalProperties": { "type": "string" },
                    },
                    "details": {
                        "type": "object",
                        "description": "Each invalid parameter's own error.",
                        "additionalProperties": {
                            "type": "object",
                            "properties": {
                                "code": { "type": "string" },
                                "message": { "type": "string" },
                                "data": { "nullable": true },
                            },
                        },
                    },
                },
                "additionalProperties": true,
            },
        },
    })
}

fn global_parameters() -> Value {
    json!({
        "_fields": {
            "name": "_fields",
            "in": "query",
            "description": "Limit the response to these fields (dotted paths reach nested ones).",
            "style": "form",
            "explode": false,
            "schema": { "type": "array", "items": { "type": "string" } },
        },
        "_embed": {
            "name": "_embed",
            "in": "query",
            "description": "Embed linked resources in `_embedded`: all of them when empty, or only the listed link relations.",
            "allowEmptyValue": true,
            "schema": { "type": "string" },
        },
        "_envelope": {
            "name": "_envelope",
            "in": "query",
            "description": "Answer 200 with `{body, status, headers}` instead of the real status and headers.",
            "allowEmptyValue": true,
            "schema": { "type": "string" },
        },
        "_method": {
            "name": "_method",
            "in": "query",
            "description": "Treat this POST as another method (for clients that can only send GET and POST); the `X-HTTP-Method-Override` header does the same.",
            "schema": { "type": "string", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE"] },
        },
    })
}

/// The Swagger UI page (scripts and styles inline, so it works offline) loading the
/// document from `spec_url`.
///
/// poem-openapi's UI helpers only render a service's own compile-time spec, so this takes
/// the page of an empty service and swaps its inline spec for a URL: the document then
/// follows the site's options at request time. The test for `/docs` guards the two
/// replacements against a change of poem-openapi's template.
pub fn docs_html(spec_url: &str) -> String {
    let empty = OpenApiService::new((), TITLE, env!("CARGO_PKG_VERSION"));
    let inline_spec = empty.spec();
    empty
        .swagger_ui_html()
        .replacen(&inline_spec, "null", 1)
        .replacen("spec: spec,", &format!("url: {},", json!(spec_url)), 1)
        .replacen(
            "<title>Swagger UI</title>",
            &format!("<title>{TITLE}</title>"),
            1,
        )
}

/// The last document served and the `home` it was built for: the route table is fixed for
/// the endpoint's life, so only a change of the `home` option needs a rebuild.
#[derive(Default)]
pub struct DocumentCache(Mutex<Option<(String, Arc<str>)>>);

/// Whether a request only reads (HEAD is answered like GET; the server drops the body).
pub fn is_read(req: &Request) -> bool {
    matches!(*req.method(), Method::GET | Method::HEAD)
}

/// `GET /wp-json/openapi.json`.
pub async fn serve_document(state: &RestState, cache: &DocumentCache) -> Response {
    let options = match Options::load(&state.site).await {
        Ok(o) => o,
        Err(e) => {
            let err = WpError::from(e);
            return Response::builder()
                .status(
                    StatusCode::from_u16(err.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                )
                .content_type("application/json; charset=UTF-8")
                .body(err.body().to_string());
        }
    };
    let home = options.home().to_owned();
    // A poisoned lock only means another request panicked mid-update: rebuild instead.
    let cached = cache.0.lock().ok().and_then(|guard| match guard.as_ref() {
        Some((h, text)) if *h == home => Some(text.clone()),
        _ => None,
    });
    let text = match cached {
        Some(text) => text,
        None => {
            let text: Arc<str> = document(&state.site, &state.routes, &options)
                .to_string()
                .into();
            if let Ok(mut guard) = cache.0.lock() {
                *guard = Some((home, text.clone()));
            }
            text
        }
    };
    Response::builder()
        .content_type("application/json")
        .body(text.to_string())
}

/// `GET /docs`.
pub fn serve_docs(html: &str) -> Response {
    Response::builder()
        .content_type("text/html; charset=utf-8")
        .body(html.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_operation_ids() {
        assert_eq!(
            openapi_path("/wp/v2/posts/(?P<parent>[\\d]+)/revisions/(?P<id>[\\d]+)"),
            "/wp/v2/posts/{parent}/revisions/{id}"
        );
        assert_eq!(
            openapi_path("/wp/v2/types/(?P<type>[\\w-]+)"),
            "/wp/v2/types/{type}"
        );
        assert_eq!(openapi_path("/"), "/");
        assert_eq!(
            operation_id(&Method::GET, "/wp/v2/posts/{id}"),
            "get_wp_v2_posts_id"
        );
        assert_eq!(operation_id(&Method::GET, "/"), "get_index");
    }

    #[test]
    fn schema_conversion() {
        let wp = json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "type": "object",
            "properties": {
                "date": {"type": ["string", "null"], "format": "date-time", "context": ["view"]},
                "id": {"type": "integer", "readonly": true, "context": ["view"]},
                "status": {"type": ["string", "null"], "enum": ["a"], "required": true},
                "ids": {"type": "array", "required": false},
                "either": {"type": ["integer", "string"]},
            },
        });
        assert_eq!(
            to_openapi_schema(&wp),
            json!({
                "type": "object",
                "properties": {
                    "date": {"type": "string", "format": "date-time", "nullable": true},
                    "id": {"type": "integer", "readOnly": true},
                    "status": {"type": "string", "enum": ["a", null], "nullable": true},
                    "ids": {"type": "array", "items": {}},
                    "either": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
                },
                "required": ["status"],
            })
        );
    }
}
