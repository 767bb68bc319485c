//! Compares one captured answer with WordPress's golden answer, as `capture.py --check` does,
//! plus the few normalisations tests/conformance/README.md lists (and no others).

use serde_json::{Map, Value};

use crate::requests::Golden;

/// The headers compared (a header absent from the golden must be absent from ours too).
pub const COMPARED_HEADERS: [&str; 5] = [
    "Content-Type",
    "X-WP-Total",
    "X-WP-TotalPages",
    "Allow",
    "Link",
];

/// Headers recorded from our answers (capture.py's `KEEP_HEADERS`).
pub const KEPT_HEADERS: [&str; 7] = [
    "Content-Type",
    "X-WP-Total",
    "X-WP-TotalPages",
    "Link",
    "Allow",
    "Location",
    "Cache-Control",
];

/// What Headpress answered, in the golden file's shape.
#[derive(Debug, Clone)]
pub struct Captured {
    pub status: u16,
    pub headers: Map<String, Value>,
    /// Parsed JSON, or `null` for an empty or non-JSON body.
    pub body: Value,
    /// The raw body when it is not JSON (shown in diffs).
    pub body_text: Option<String>,
    pub statements: Option<usize>,
}

/// How strictly to compare one request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Drop every value at a key named `rendered` from both bodies (pending reason `render`).
    pub strip_rendered: bool,
}

/// Compares; an empty list means the request passes.
pub fn compare(
    method: &str,
    path: &str,
    golden: &Golden,
    ours: &Captured,
    options: Options,
) -> Vec<String> {
    let mut problems = Vec::new();
    if golden.status != ours.status {
        problems.push(format!(
            "status: got {}, want {}",
            ours.status, golden.status
        ));
    }
    for name in COMPARED_HEADERS {
        let want = header(&golden.headers, name);
        let got = header(&ours.headers, name);
        if want != got {
            problems.push(format!(
                "header {name}: got {}, want {}",
                show(got.unwrap_or(&Value::Null)),
                show(want.unwrap_or(&Value::Null))
            ));
        }
    }
    // A server drops a HEAD answer's body on the wire; in-process nothing does, so the body we
    // would send is what counts: none (WordPress's golden body is null).
    let our_body = if method.eq_ignore_ascii_case("HEAD") {
        &Value::Null
    } else {
        &ours.body
    };
    let (want, got) = normalise(path, &golden.body, our_body, options);
    if want != got {
        let mut diffs = Vec::new();
        diff("", &want, &got, &mut diffs);
        if got.is_null()
            && !method.eq_ignore_ascii_case("HEAD")
            && let Some(text) = ours.body_text.as_deref().filter(|t| !t.is_empty())
        {
            diffs.insert(0, format!("body is not JSON: {}", truncate(text, 160)));
        }
        const SHOWN: usize = 6;
        let more = diffs.len().saturating_sub(SHOWN);
        for d in diffs.into_iter().take(SHOWN) {
            problems.push(format!("body {d}"));
        }
        if more > 0 {
            problems.push(format!("body: … and {more} more differences"));
        }
    }
    problems
}

/// Case-insensitive header lookup in a golden-shaped header map.
fn header<'a>(headers: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Applies the documented normalisations to copies of both bodies.
fn normalise(path: &str, golden: &Value, ours: &Value, options: Options) -> (Value, Value) {
    let mut want = golden.clone();
    let mut got = ours.clone();
    restrict_route_index(&mut want, &got);
    for key in TIE_KEYS {
        if query_has(path, "orderby", key) {
            sort_ties(&mut want, key);
            sort_ties(&mut got, key);
        }
    }
    if options.strip_rendered {
        strip_rendered(&mut want);
        strip_rendered(&mut got);
    }
    (want, got)
}

/// Route indexes (`/wp-json/`, `/wp-json/wp/v2`, `?context=help`): WordPress lists every route
/// and namespace it has; Headpress lists those it serves. Keep in the golden only the routes and
/// namespaces our answer lists, so each listed entry must still equal WordPress's and anything we
/// list that WordPress does not still shows up as a difference.
fn restrict_route_index(want: &mut Value, got: &Value) {
    let (Some(want), Some(got)) = (want.as_object_mut(), got.as_object()) else {
        return;
    };
    if let (Some(Value::Object(want_routes)), Some(Value::Object(got_routes))) =
        (want.get_mut("routes"), got.get("routes"))
    {
        want_routes.retain(|route, _| got_routes.contains_key(route));
    }
    if let (Some(Value::Array(want_ns)), Some(Value::Array(got_ns))) =
        (want.get_mut("namespaces"), got.get("namespaces"))
    {
        want_ns.retain(|ns| got_ns.contains(ns));
    }
}

/// Non-unique sort keys: `orderby=count` (listed upstream) and `orderby=menu_order` (request
/// 106: five pages share `menu_order` 1). SQL leaves the order of equal keys to the engine.
const TIE_KEYS: [&str; 2] = ["count", "menu_order"];

/// Rows with an equal sort key come back in whatever order the database picks, so each run of
/// equal keys is sorted canonically (compared as a set). The runs themselves, and so the order
/// of distinct keys, still have to match.
fn sort_ties(body: &mut Value, key_name: &str) {
    let Value::Array(rows) = body else {
        return;
    };
    let count = |row: &Value| row.get(key_name).cloned();
    let mut start = 0;
    while start < rows.len() {
        let key = count(&rows[start]);
        let mut end = start + 1;
        while key.is_some() && end < rows.len() && count(&rows[end]) == key {
            end += 1;
        }
        rows[start..end].sort_by_cached_key(|row| row.to_string());
        start = end;
    }
}

/// Removes every `rendered` key, at any depth.
pub fn strip_rendered(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("rendered");
            map.values_mut().for_each(strip_rendered);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_rendered),
        _ => {}
    }
}

/// Whether the query string has `name=value` (percent-encoding not decoded: the request files
/// spell these parameters plainly).
fn query_has(path: &str, name: &str, value: &str) -> bool {
    path.split_once('?').is_some_and(|(_, query)| {
        query
            .split('&')
            .any(|pair| pair.split_once('=') == Some((name, value)))
    })
}

/// Collects differences as `JSON-pointer: …` lines, golden order first.
fn diff(at: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (key, wv) in w {
                let here = format!("{at}/{}", escape_pointer(key));
                match g.get(key) {
                    Some(gv) => diff(&here, wv, gv, out),
                    None => out.push(format!("{here}: missing, want {}", show(wv))),
                }
            }
            for (key, gv) in g {
                if !w.contains_key(key) {
                    out.push(format!(
                        "{at}/{}: unexpected {}",
                        escape_pointer(key),
                        show(gv)
                    ));
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                out.push(format!(
                    "{}: {} items, want {}",
                    if at.is_empty() { "/" } else { at },
                    g.len(),
                    w.len()
                ));
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff(&format!("{at}/{i}"), wv, gv, out);
            }
        }
        _ if want != got => out.push(format!(
            "{}: got {}, want {}",
            if at.is_empty() { "/" } else { at },
            show(got),
            show(want)
        )),
        _ => {}
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Compact JSON, truncated for one-line reports.
fn show(value: &Value) -> String {
    truncate(&value.to_string(), 160)
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn golden(status: u16, body: Value) -> Golden {
        Golden {
            status,
            headers: Map::new(),
            body,
            body_text: None,
        }
    }

    fn ours(status: u16, body: Value) -> Captured {
        Captured {
            status,
            headers: Map::new(),
            body,
            body_text: None,
            statements: None,
        }
    }

    #[test]
    fn reports_paths_of_differences() {
        let g = golden(200, json!([{"id": 1, "title": {"rendered": "a"}}]));
        let o = ours(404, json!([{"id": 1, "title": {"rendered": "b"}, "x": 1}]));
        let problems = compare("GET", "/p", &g, &o, Options::default());
        assert_eq!(
            problems,
            vec![
                "status: got 404, want 200",
                "body /0/title/rendered: got \"b\", want \"a\"",
                "body /0/x: unexpected 1",
            ]
        );
        let stripped = compare(
            "GET",
            "/p",
            &g,
            &o,
            Options {
                strip_rendered: true,
            },
        );
        assert_eq!(stripped.len(), 2);
    }

    #[test]
    fn headers_must_match_or_be_absent() {
        let mut g = golden(200, Value::Null);
        g.headers.insert("X-WP-Total".into(), json!("3"));
        let mut o = ours(200, Value::Null);
        o.headers.insert("Allow".into(), json!("GET"));
        let problems = compare("GET", "/p", &g, &o, Options::default());
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn head_answers_carry_no_body() {
        let g = golden(200, Value::Null);
        let o = ours(200, json!([{"id": 1}]));
        assert!(compare("HEAD", "/p", &g, &o, Options::default()).is_empty());
        assert!(!compare("GET", "/p", &g, &o, Options::default()).is_empty());
    }

    #[test]
    fn count_ties_compare_as_sets() {
        let g = golden(
            200,
            json!([{"id": 1, "count": 5}, {"id": 2, "count": 5}, {"id": 3, "count": 1}]),
        );
        let o = ours(
            200,
            json!([{"id": 2, "count": 5}, {"id": 1, "count": 5}, {"id": 3, "count": 1}]),
        );
        assert!(compare("GET", "/t?orderby=count", &g, &o, Options::default()).is_empty());
        assert!(!compare("GET", "/t?orderby=name", &g, &o, Options::default()).is_empty());
        let swapped = ours(
            200,
            json!([{"id": 3, "count": 1}, {"id": 1, "count": 5}, {"id": 2, "count": 5}]),
        );
        assert!(!compare("GET", "/t?orderby=count", &g, &swapped, Options::default()).is_empty());
    }

    #[test]
    fn route_index_lists_only_served_routes() {
        let g = golden(
            200,
            json!({"namespaces": ["oembed/1.0", "wp/v2"], "routes": {"/a": 1, "/b": 2}}),
        );
        let o = ours(200, json!({"namespaces": ["wp/v2"], "routes": {"/a": 1}}));
        assert!(compare("GET", "/wp-json/", &g, &o, Options::default()).is_empty());
        let wrong = ours(
            200,
            json!({"namespaces": ["wp/v2"], "routes": {"/a": 2, "/c": 1}}),
        );
        assert_eq!(
            compare("GET", "/wp-json/", &g, &wrong, Options::default()).len(),
            2
        );
    }
}
