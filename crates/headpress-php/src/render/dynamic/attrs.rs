//! Block attributes with PHP's semantics: `block.json` defaults and validation
//! (`WP_Block_Type::prepare_attributes_for_render`), `empty()`/`isset()`, string and int
//! conversion, and `get_block_wrapper_attributes()`.

use serde_json::{Map, Value, json};

use super::Kind;
use crate::render::media::esc_attr;

/// A `block.json` attribute type.
#[derive(Clone, Copy)]
enum Type {
    Boolean,
    Number,
    String,
    Array,
    Object,
}

/// `(name, type, default)` per block, as WordPress 6.1's `block.json` declares them, plus
/// the attributes the supported block supports register (`align`, `className`, `fontSize`).
fn schema(kind: Kind) -> Vec<(&'static str, Type, Option<Value>)> {
    use Type::{Array, Boolean, Number, Object, String};
    let mut attributes = match kind {
        Kind::LatestPosts => vec![
            ("categories", Array, None),
            ("selectedAuthor", Number, None),
            ("postsToShow", Number, Some(json!(5))),
            ("displayPostContent", Boolean, Some(json!(false))),
            ("displayPostContentRadio", String, Some(json!("excerpt"))),
            ("excerptLength", Number, Some(json!(55))),
            ("displayAuthor", Boolean, Some(json!(false))),
            ("displayPostDate", Boolean, Some(json!(false))),
            ("postLayout", String, Some(json!("list"))),
            ("columns", Number, Some(json!(3))),
            ("order", String, Some(json!("desc"))),
            ("orderBy", String, Some(json!("date"))),
            ("displayFeaturedImage", Boolean, Some(json!(false))),
            ("featuredImageAlign", String, None),
            ("featuredImageSizeSlug", String, Some(json!("thumbnail"))),
            ("featuredImageSizeWidth", Number, None),
            ("featuredImageSizeHeight", Number, None),
            ("addLinkToFeaturedImage", Boolean, Some(json!(false))),
            ("fontSize", String, None),
        ],
        Kind::LatestComments => vec![
            ("commentsToShow", Number, Some(json!(5))),
            ("displayAvatar", Boolean, Some(json!(true))),
            ("displayDate", Boolean, Some(json!(true))),
            ("displayExcerpt", Boolean, Some(json!(true))),
        ],
        Kind::Categories => vec![
            ("displayAsDropdown", Boolean, Some(json!(false))),
            ("showHierarchy", Boolean, Some(json!(false))),
            ("showPostCounts", Boolean, Some(json!(false))),
            ("showOnlyTopLevel", Boolean, Some(json!(false))),
            ("showEmpty", Boolean, Some(json!(false))),
            ("fontSize", String, None),
        ],
        Kind::Archives => vec![
            ("displayAsDropdown", Boolean, Some(json!(false))),
            ("showLabel", Boolean, Some(json!(true))),
            ("showPostCounts", Boolean, Some(json!(false))),
            ("type", String, Some(json!("monthly"))),
            ("fontSize", String, None),
        ],
        Kind::Search => vec![
            ("label", String, None),
            ("showLabel", Boolean, Some(json!(true))),
            ("placeholder", String, Some(json!(""))),
            ("width", Number, None),
            ("widthUnit", String, None),
            ("buttonText", String, None),
            ("buttonPosition", String, Some(json!("button-outside"))),
            ("buttonUseIcon", Boolean, Some(json!(false))),
            ("query", Object, Some(json!({}))),
            ("fontSize", String, None),
            ("fontFamily", String, None),
            ("textColor", String, None),
            ("backgroundColor", String, None),
            ("gradient", String, None),
            ("borderColor", String, None),
        ],
    };
    attributes.push(("align", String, None));
    attributes.push(("className", String, None));
    attributes
}

/// `rest_is_boolean()`.
fn is_boolean(value: &Value) -> bool {
    match value {
        Value::Bool(_) => true,
        Value::String(s) => matches!(
            s.to_ascii_lowercase().as_str(),
            "" | "0" | "1" | "false" | "true"
        ),
        Value::Number(n) => n.as_i64().is_some_and(|n| n == 0 || n == 1),
        _ => false,
    }
}

/// PHP's `is_numeric()` on a JSON value.
fn is_numeric(value: &Value) -> bool {
    match value {
        Value::Number(_) => true,
        Value::String(s) => {
            let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
            let t = t.trim_end_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
            !t.is_empty()
                && t.parse::<f64>().is_ok_and(f64::is_finite)
                && !t.contains(['x', 'X', '_'])
                && !t.eq_ignore_ascii_case("inf")
                && !t.eq_ignore_ascii_case("nan")
        }
        _ => false,
    }
}

fn valid(kind: Type, name: &str, value: &Value) -> bool {
    let type_ok = match kind {
        Type::Boolean => is_boolean(value),
        Type::Number => is_numeric(value),
        Type::String => value.is_string(),
        // `rest_is_array()` also accepts a comma-separated string.
        Type::Array => value.is_array() || value.is_string(),
        Type::Object => value.is_object() || value.as_array().is_some_and(Vec::is_empty),
    };
    if !type_ok {
        return false;
    }
    match name {
        "align" => matches!(
            value.as_str(),
            Some("left" | "center" | "right" | "wide" | "full" | "")
        ),
        "featuredImageAlign" => matches!(value.as_str(), Some("left" | "center" | "right")),
        "categories" => match value {
            Value::Array(items) => items.iter().all(Value::is_object),
            _ => true,
        },
        _ => true,
    }
}

/// The attributes a render callback receives: invalid values dropped, defaults filled in,
/// unknown attributes kept. A non-object (invalid JSON in the delimiter) counts as `{}`.
pub(super) fn prepare(kind: Kind, raw: &Value) -> Map<String, Value> {
    let mut attrs = raw.as_object().cloned().unwrap_or_default();
    if kind == Kind::LatestPosts {
        migrate_legacy_categories(&mut attrs);
    }
    for (name, ty, default) in schema(kind) {
        if let Some(value) = attrs.get(name)
            && !valid(ty, name, value)
        {
            attrs.remove(name);
        }
        if !attrs.contains_key(name)
            && let Some(default) = default
        {
            attrs.insert(name.to_owned(), default);
        }
    }
    attrs
}

/// `block_core_latest_posts_migrate_categories()`: a numeric string from old versions of the
/// block becomes `[{"id": N}]`.
fn migrate_legacy_categories(attrs: &mut Map<String, Value>) {
    if let Some(Value::String(id)) = attrs.get("categories")
        && !php_empty(Some(&Value::String(id.clone())))
    {
        let id = absint(&Value::String(id.clone()));
        attrs.insert("categories".into(), json!([{ "id": id }]));
    }
}

/// PHP's `empty()`.
pub(super) fn php_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => !b,
        Some(Value::Number(n)) => n.as_f64().is_none_or(|f| f == 0.0),
        Some(Value::String(s)) => s.is_empty() || s == "0",
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
    }
}

/// `! empty( $attributes[ $name ] )`.
pub(super) fn truthy(attrs: &Map<String, Value>, name: &str) -> bool {
    !php_empty(attrs.get(name))
}

/// `isset( $attributes[ $name ] )`.
pub(super) fn isset(attrs: &Map<String, Value>, name: &str) -> bool {
    attrs.get(name).is_some_and(|v| !v.is_null())
}

/// PHP's string conversion of a scalar (arrays become "Array").
pub(super) fn php_string(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "1".into(),
        Value::Bool(false) => String::new(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            (_, _, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => "Array".into(),
    }
}

/// The attribute as a string, or "" when absent.
pub(super) fn string(attrs: &Map<String, Value>, name: &str) -> String {
    attrs.get(name).map(php_string).unwrap_or_default()
}

/// PHP's `(int)` cast.
pub(super) fn intval(value: &Value) -> i64 {
    match value {
        Value::Bool(b) => i64::from(*b),
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| if f.is_finite() { f as i64 } else { 0 }))
            .unwrap_or(0),
        Value::String(s) => {
            let t = s.trim_start();
            let (sign, digits) = match t.strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, t.strip_prefix('+').unwrap_or(t)),
            };
            // Numeric strings with a fraction or exponent convert through float.
            if is_numeric(value) {
                return t.parse::<f64>().map_or(0, |f| f as i64);
            }
            let end = digits
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(digits.len());
            digits[..end].parse::<i64>().map_or(0, |n| sign * n)
        }
        Value::Null => 0,
        Value::Array(a) => i64::from(!a.is_empty()),
        Value::Object(o) => i64::from(!o.is_empty()),
    }
}

/// `absint()`.
pub(super) fn absint(value: &Value) -> u64 {
    intval(value).unsigned_abs()
}

/// `get_block_wrapper_attributes( array( 'class' => $extra_class ) )` for `block_name`:
/// `class="{extra} {align} {className} wp-block-{name} {has-font-size}"`.
pub(super) fn wrapper_attributes(
    block_name: &str,
    attrs: &Map<String, Value>,
    extra_class: &str,
) -> String {
    let mut supports: Vec<String> = Vec::new();
    if let Some(align) = attrs.get("align").and_then(Value::as_str)
        && !align.is_empty()
    {
        supports.push(format!("align{align}"));
    }
    if let Some(class_name) = attrs.get("className").and_then(Value::as_str)
        && !class_name.is_empty()
    {
        supports.push(class_name.to_owned());
    }
    supports.push(format!(
        "wp-block-{}",
        block_name.trim_start_matches("core/")
    ));
    // Search serializes its typography itself (`__experimentalSkipSerialization`).
    if block_name != "core/search"
        && let Some(size) = attrs.get("fontSize").and_then(Value::as_str)
        && !size.is_empty()
    {
        supports.push(format!("has-{}-font-size", kebab_case(size)));
    }
    let supports = supports.join(" ");
    let class = if extra_class.is_empty() {
        supports
    } else {
        format!("{extra_class} {supports}")
    };
    format!("class=\"{}\"", esc_attr(&class))
}

crate::render::pcre::pattern!(
    KEBAB_WORDS,
    r"[A-Z]{2,}(?=[A-Z][a-z]+[0-9]*|\b)|[A-Z]?[a-z]+[0-9]*|[A-Z]|[0-9]+"
);

/// `_wp_to_kebab_case()`: preset slugs as CSS class parts (`x-large`, `medium2`).
fn kebab_case(slug: &str) -> String {
    let Some(regex) = KEBAB_WORDS.as_ref() else {
        return slug.to_lowercase();
    };
    regex
        .find_iter(slug)
        .filter_map(Result::ok)
        .map(|word| word.as_str().to_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

/// `esc_url()` for the URLs blocks print (already valid http(s) URLs): `&` and `'` encoded.
pub(super) fn esc_url(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        match c {
            '&' if !url[i..].starts_with("&#038;") && !url[i..].starts_with("&amp;") => {
                out.push_str("&#038;");
            }
            '\'' => out.push_str("&#039;"),
            ' ' => out.push_str("%20"),
            '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {}
            _ => out.push(c),
        }
    }
    out
}
