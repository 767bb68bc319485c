//! A REST request after routing: method, route, PHP-style query parameters, body, caller.

use headpress_domain::Site;
use headpress_domain::auth::Viewer;
use headpress_domain::options::Options;
use poem::http::{HeaderMap, Method};
use serde_json::{Map, Value};
use std::collections::HashMap;

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
    /// Rows already loaded during this request, shared with its embedded sub-requests.
    pub cache: std::sync::Arc<RequestCache>,
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
        Ok(self.posts(&[id]).await?.remove(&id))
    }

    /// Batch `get_post`: the posts among `ids` that exist, loading in one statement only
    /// those this request has not looked up yet.
    pub async fn posts(
        &self,
        ids: &[u64],
    ) -> Result<HashMap<u64, headpress_domain::posts::Post>, headpress_domain::Error> {
        self.cache
            .posts
            .get_or_load(ids, |missing| async move {
                headpress_domain::posts::get_many(&self.site, &missing).await
            })
            .await
    }

    /// The parents of a page of posts, loaded by `posts::parents_of` (one statement keyed on
    /// the page) into the cache, where later lookups of those parents find them.
    pub async fn prefetch_parents(
        &self,
        page: &[headpress_domain::posts::Post],
    ) -> Result<HashMap<u64, headpress_domain::posts::Post>, headpress_domain::Error> {
        let ids: Vec<u64> = page.iter().map(|p| p.id.0).collect();
        let parents = headpress_domain::posts::parents_of(&self.site, &ids).await?;
        let parent_ids: Vec<u64> = page
            .iter()
            .map(|p| p.post_parent.0)
            .filter(|id| *id > 0)
            .collect();
        self.cache.posts.fill(&parent_ids, &parents);
        Ok(parents)
    }

    /// Batch `get_comment`, through the request's cache like [`WpRequest::posts`].
    pub async fn comments(
        &self,
        ids: &[u64],
    ) -> Result<HashMap<u64, headpress_domain::comments::Comment>, headpress_domain::Error> {
        self.cache
            .comments
            .get_or_load(ids, |missing| async move {
                headpress_domain::comments::get_many(&self.site, &missing).await
            })
            .await
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

/// Rows one request (with its embedded sub-requests) has loaded, keyed by ID. Relations
/// prefetched for a whole page (an attachment's parent, a comment's parent and replies) are
/// put here, so resolving a link or an embed later costs no statement.
#[derive(Default)]
pub struct RequestCache {
    pub posts: RowCache<headpress_domain::posts::Post>,
    pub comments: RowCache<headpress_domain::comments::Comment>,
    pub terms: RowCache<headpress_domain::terms::Term>,
    /// Approved replies by parent comment ID, each list in the collection's default order
    /// (`comments?parent=N`); an entry exists for every parent looked up, empty or not.
    pub replies_by_parent: std::sync::Mutex<HashMap<u64, Vec<headpress_domain::comments::Comment>>>,
}

/// Rows by ID; `None` records an ID that was looked up and does not exist.
pub struct RowCache<T> {
    rows: std::sync::Mutex<HashMap<u64, Option<T>>>,
}

impl<T> Default for RowCache<T> {
    fn default() -> Self {
        Self {
            rows: std::sync::Mutex::new(HashMap::new()),
        }
    }
}

impl<T: Clone> RowCache<T> {
    /// The cached rows among `ids`, and the IDs never looked up (sorted, deduplicated).
    pub fn lookup(&self, ids: &[u64]) -> (HashMap<u64, T>, Vec<u64>) {
        let mut found = HashMap::new();
        let mut missing = Vec::new();
        let rows = self
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for id in ids {
            match rows.get(id) {
                Some(Some(row)) => {
                    found.insert(*id, row.clone());
                }
                Some(None) => {}
                None => missing.push(*id),
            }
        }
        missing.sort_unstable();
        missing.dedup();
        (found, missing)
    }

    /// The rows among `ids` that exist: cached ones, and the rest from `load` (called once,
    /// with the IDs never looked up, only when there are some).
    pub async fn get_or_load<F, Fut, E>(&self, ids: &[u64], load: F) -> Result<HashMap<u64, T>, E>
    where
        F: FnOnce(Vec<u64>) -> Fut,
        Fut: std::future::Future<Output = Result<HashMap<u64, T>, E>>,
    {
        let (mut found, missing) = self.lookup(ids);
        if !missing.is_empty() {
            let loaded = load(missing.clone()).await?;
            self.fill(&missing, &loaded);
            found.extend(loaded);
        }
        Ok(found)
    }

    /// Records the result of looking up `asked`: the `loaded` rows, and absence for the rest.
    pub fn fill(&self, asked: &[u64], loaded: &HashMap<u64, T>) {
        let mut rows = self
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for id in asked {
            rows.insert(*id, loaded.get(id).cloned());
        }
        for (id, row) in loaded {
            rows.insert(*id, Some(row.clone()));
        }
    }
}
