//! `_links` objects and the pagination `Link` header, built as WordPress builds them.

use serde_json::{Map, Value, json};

use crate::request::{WpRequest, build_query_pair};

/// Link relations in insertion order, each with one or more link objects.
#[derive(Debug, Default)]
pub struct Links {
    rels: Vec<(String, Vec<Value>)>,
}

impl Links {
    pub fn new() -> Self {
        Links::default()
    }

    pub fn add(&mut self, rel: &str, link: Value) {
        match self.rels.iter_mut().find(|(r, _)| r == rel) {
            Some((_, list)) => list.push(link),
            None => self.rels.push((rel.to_owned(), vec![link])),
        }
    }

    /// `get_compact_response_links`: `wp:` relations are compacted with a `curies` entry.
    pub fn into_json(self) -> Value {
        let mut out = Map::new();
        let mut compacted = false;
        for (rel, list) in self.rels {
            if rel.starts_with("wp:") {
                compacted = true;
            }
            out.insert(rel, Value::Array(list));
        }
        if compacted {
            out.insert(
                "curies".into(),
                json!([{ "name": "wp", "href": "https://api.w.org/{rel}", "templated": true }]),
            );
        }
        Value::Object(out)
    }
}

/// A sanitized parameter as `urlencode_deep` prints it (`false` → "", `true` → "1").
fn link_value(sanitized: &Value, raw: &Value) -> Value {
    match sanitized {
        Value::Bool(b) => Value::String(if *b { "1".into() } else { String::new() }),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Array(items) => Value::Array(items.iter().map(|v| link_value(v, v)).collect()),
        Value::Object(map) if !raw.is_object() && map.contains_key("terms") => map
            .get("terms")
            .map(|t| link_value(t, t))
            .unwrap_or(Value::Null),
        other => other.clone(),
    }
}

/// The `Link` header of a collection page: `rel="prev"` and `rel="next"` built with
/// `add_query_arg(urlencode_deep($request->get_query_params()), rest_url($route))`.
pub fn pagination_links(
    req: &WpRequest,
    args: &Map<String, Value>,
    route: &str,
    page: u64,
    max_pages: u64,
) -> Option<String> {
    let base = req.options.rest_url(route);
    let build = |target: u64| -> String {
        let mut pairs = Vec::new();
        let mut replaced = false;
        for (name, raw) in &req.query {
            if name == "page" {
                pairs.push(format!("page={target}"));
                replaced = true;
                continue;
            }
            // WordPress writes sanitized values back into the request's query params.
            let value = match args.get(name) {
                Some(sanitized) => link_value(sanitized, raw),
                None => raw.clone(),
            };
            build_query_pair(name, &value, &mut pairs);
        }
        if !replaced {
            pairs.push(format!("page={target}"));
        }
        format!("{base}?{}", pairs.join("&"))
    };
    let mut parts = Vec::new();
    if page > 1 {
        let prev = (page - 1).min(max_pages);
        parts.push(format!("<{}>; rel=\"prev\"", build(prev)));
    }
    if max_pages > page {
        parts.push(format!("<{}>; rel=\"next\"", build(page + 1)));
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(", "))
    }
}
