//! A REST request after routing: method, route, PHP-style query parameters, body, caller.

use headpress_domain::Site;
use headpress_domain::auth::Viewer;
use headpress_domain::options::Options;
use poem::http::{HeaderMap, Method};
use serde_json::{Map, Value};

/// Query parameters parsed the way PHP fills `$_GET`: `a[]=1&a[]=2` is a list, `a[b]=c`
/// an object, a repeated plain key keeps its last value. Order of first appearance is kept.
pub fn parse_php_query(query: &str) -> Map<String, Value> {
    let mut out = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(raw_key);
        let value = Value::String(decode(raw_value));
        let (base, rest) = match key.find('[') {
            Some(i) if i > 0 => (key[..i].to_owned(), Some(key[i..].to_owned())),
            _ => (key.clone(), None),
        };
        match rest {
            None => {
                out.insert(base, value);
            }
            Some(brackets) => {
                let subkeys: Vec<String> = brackets
                    .split(']')
                    .filter_map(|s| s.strip_prefix('['))
                    .map(str::to_owned)
                    .collect();
                let slot = out.entry(base).or_insert(Value::Null);
                insert_nested(slot, &subkeys, value);
            }
        }
    }
    out
}

fn insert_nested(slot: &mut Value, keys: &[String], value: Value) {
    let Some((first, rest)) = keys.split_first() else {
        *slot = value;
        return;
    };
    if first.is_empty() {
        if !slot.is_array() {
            *slot = Value::Array(vec![]);
        }
        if let Value::Array(list) = slot {
            list.push(Value::Null);
            if let Some(last) = list.last_mut() {
                insert_nested(last, rest, value);
            }
        }
    } else {
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        if let Value::Object(map) = slot {
            let entry = map.entry(first.clone()).or_insert(Value::Null);
            insert_nested(entry, rest, value);
        }
    }
}

fn decode(s: &str) -> String {
    let plus_as_space = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus_as_space)
        .decode_utf8_lossy()
        .into_owned()
}

/// `urlencode()`: what `add_query_arg(urlencode_deep(...))` writes into pagination links.
pub fn php_urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `http_build_query` of one parameter (nested values as `name[0]=…`).
pub fn build_query_pair(name: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                build_query_pair(&format!("{name}[{i}]"), v, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                build_query_pair(&format!("{name}[{k}]"), v, out);
            }
        }
        Value::Null => {}
        // `_http_build_query` writes an empty value as the bare key.
        Value::String(s) if s.is_empty() => out.push(php_urlencode(name)),
        Value::String(s) => out.push(format!("{}={}", php_urlencode(name), php_urlencode(s))),
        other => out.push(format!("{}={}", php_urlencode(name), other)),
    }
}

/// One request after routing and authentication.
pub struct WpRequest {
    pub site: Site,
    pub options: Options,
    pub viewer: Viewer,
    pub method: Method,
    /// The route as WordPress matched it (`/wp/v2/posts/1`).
    pub route: String,
    /// Captured route parameters (`id`, `parent`).
    pub url_params: Vec<(String, String)>,
    /// The query string parameters, PHP-style.
    pub query: Map<String, Value>,
    /// The JSON or form body, if any.
    pub body: Map<String, Value>,
    pub headers: HeaderMap,
    /// The matched endpoint's argument defaults (WordPress's `set_default_params`); empty for
    /// OPTIONS, which WordPress answers before any endpoint is matched.
    pub defaults: Map<String, Value>,
    /// Posts looked up by ID during this request: the permission checks of every method
    /// (for `Allow`) and the handler all ask for the same row.
    pub post_cache:
        std::sync::Mutex<std::collections::HashMap<u64, Option<headpress_domain::posts::Post>>>,
    /// The whole route table, for indexes and OPTIONS.
    pub route_table: std::sync::Arc<Vec<crate::routes::RouteDef>>,
}

impl WpRequest {
    /// A parameter as WordPress's `$request[...]` reads it: URL, then body, then query.
    pub fn raw(&self, name: &str) -> Option<&Value> {
        self.body.get(name).or_else(|| self.query.get(name))
    }

    /// `$request[$name]` including the matched endpoint's defaults: what WordPress's
    /// permission callbacks see.
    pub fn param(&self, name: &str) -> Option<&Value> {
        self.raw(name).or_else(|| self.defaults.get(name))
    }

    /// `get_post()` with the request's cache.
    pub async fn post(
        &self,
        id: u64,
    ) -> Result<Option<headpress_domain::posts::Post>, headpress_domain::Error> {
        if let Ok(cache) = self.post_cache.lock()
            && let Some(hit) = cache.get(&id)
        {
            return Ok(hit.clone());
        }
        let post = headpress_domain::posts::get(&self.site, id).await?;
        if let Ok(mut cache) = self.post_cache.lock() {
            cache.insert(id, post.clone());
        }
        Ok(post)
    }

    pub fn url_param(&self, name: &str) -> Option<&str> {
        self.url_params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn url_id(&self, name: &str) -> u64 {
        self.url_param(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}
