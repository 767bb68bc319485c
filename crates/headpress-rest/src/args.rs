//! Route arguments described by JSON-schema-like specs, validated and sanitized as
//! `rest_validate_value_from_schema` / `rest_sanitize_value_from_schema` do, with
//! WordPress's error codes and messages. The same specs document the routes.

use serde_json::{Map, Value, json};

use crate::error::WpError;

#[derive(Debug, Clone)]
pub enum Ty {
    Integer,
    Boolean,
    String,
    Array(Box<Schema>),
    /// `categories`/`tags`: a list of term IDs or `{terms, include_children, operator}`.
    TermFilter {
        hierarchical: bool,
        exclude: bool,
    },
    /// Declared by a raw JSON schema (see `Schema::from_json`).
    Json,
}

#[derive(Debug, Clone)]
pub struct Schema {
    pub ty: Ty,
    pub enum_values: Option<Vec<String>>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub format: Option<&'static str>,
    pub default: Option<Value>,
    pub description: String,
    /// A schema declared as JSON (derived from an item schema); shown as is in indexes.
    pub raw: Option<Value>,
}

impl Schema {
    pub fn new(ty: Ty, description: &str) -> Self {
        Schema {
            ty,
            enum_values: None,
            minimum: None,
            maximum: None,
            format: None,
            default: None,
            description: description.to_owned(),
            raw: None,
        }
    }

    /// A schema given as JSON-schema text. Validation treats it as an untyped value for now:
    /// only the endpoints that write use such arguments.
    pub fn from_json(raw: Value) -> Self {
        let mut schema = Schema::new(Ty::Json, "");
        schema.default = raw.get("default").cloned();
        schema.raw = Some(raw);
        schema
    }
    pub fn integer(description: &str) -> Self {
        Schema::new(Ty::Integer, description)
    }
    pub fn string(description: &str) -> Self {
        Schema::new(Ty::String, description)
    }
    pub fn boolean(description: &str) -> Self {
        Schema::new(Ty::Boolean, description)
    }
    pub fn array_of(items: Schema, description: &str) -> Self {
        Schema::new(Ty::Array(Box::new(items)), description)
    }
    pub fn one_of(mut self, values: &[&str]) -> Self {
        self.enum_values = Some(values.iter().map(|v| (*v).to_owned()).collect());
        self
    }
    pub fn range(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.minimum = min;
        self.maximum = max;
        self
    }
    pub fn default(mut self, value: Value) -> Self {
        self.default = Some(value);
        self
    }
    pub fn format(mut self, format: &'static str) -> Self {
        self.format = Some(format);
        self
    }

    /// The schema as WordPress lists it in a route's `args`.
    pub fn to_json(&self) -> Value {
        if let Some(raw) = &self.raw {
            let mut out = raw.as_object().cloned().unwrap_or_default();
            out.insert("required".into(), json!(false));
            return Value::Object(out);
        }
        let mut out = Map::new();
        if let Some(default) = &self.default {
            out.insert("default".into(), default.clone());
        }
        if !self.description.is_empty() {
            out.insert("description".into(), json!(self.description));
        }
        match &self.ty {
            Ty::Integer => {
                out.insert("type".into(), json!("integer"));
            }
            Ty::Boolean => {
                out.insert("type".into(), json!("boolean"));
            }
            Ty::String => {
                out.insert("type".into(), json!("string"));
            }
            Ty::Array(items) => {
                out.insert("type".into(), json!("array"));
                let mut items_json = items.to_json();
                if let Value::Object(m) = &mut items_json {
                    m.remove("description");
                    m.remove("required");
                }
                out.insert("items".into(), items_json);
            }
            Ty::TermFilter {
                hierarchical,
                exclude,
            } => {
                out.insert("type".into(), json!(["object", "array"]));
                let mut props = Map::new();
                props.insert("terms".into(), json!({"description": "Term IDs.", "type": "array", "items": {"type": "integer"}, "default": []}));
                if *hierarchical {
                    props.insert("include_children".into(), json!({"description": "Whether to include child terms in the terms limiting the result set.", "type": "boolean", "default": false}));
                }
                if !*exclude {
                    props.insert("operator".into(), json!({"description": "Whether items must be assigned all or any of the specified terms.", "type": "string", "enum": ["AND", "OR"], "default": "OR"}));
                }
                out.insert("oneOf".into(), json!([
                    {"title": "Term ID List", "description": "Match terms with the listed IDs.", "type": "array", "items": {"type": "integer"}},
                    {"title": "Term ID Taxonomy Query", "description": "Perform an advanced term query.", "type": "object", "properties": props, "additionalProperties": false},
                ]));
            }
            Ty::Json => {}
        }
        if let Some(format) = self.format {
            out.insert("format".into(), json!(format));
        }
        if let Some(values) = &self.enum_values {
            out.insert("enum".into(), json!(values));
        }
        if let Some(min) = self.minimum {
            out.insert("minimum".into(), json!(min));
        }
        if let Some(max) = self.maximum {
            out.insert("maximum".into(), json!(max));
        }
        out.insert("required".into(), json!(false));
        Value::Object(out)
    }
}

#[derive(Debug, Clone)]
pub struct ArgSpec {
    pub name: &'static str,
    pub schema: Schema,
    /// A missing required argument fails with `rest_missing_callback_param`.
    pub required: bool,
}

pub fn arg(name: &'static str, schema: Schema) -> ArgSpec {
    ArgSpec {
        name,
        schema,
        required: false,
    }
}

impl ArgSpec {
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The argument as a route index lists it.
    pub fn to_json(&self) -> Value {
        let mut schema = self.schema.to_json();
        if let Value::Object(m) = &mut schema {
            m.insert("required".into(), json!(self.required));
        }
        schema
    }
}

/// One failed parameter: `(param, code, message, data)`.
pub struct ParamError {
    pub code: &'static str,
    pub message: String,
    pub data: Value,
}

/// `wp_sprintf_l`: "a", "a and b", "a, b, and c".
pub fn list_and(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        2 => format!("{} and {}", items[0], items[1]),
        n => format!("{}, and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// `rest_is_integer`.
fn as_integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return None;
            }
            if let Ok(i) = t.parse::<i64>() {
                return Some(i);
            }
            t.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && f.fract() == 0.0)
                .map(|f| f as i64)
        }
        Value::Bool(_) => None,
        _ => None,
    }
}

/// `rest_is_boolean` + `rest_sanitize_boolean`.
fn as_boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.to_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A sanitized list-of-IDs argument (negative IDs become 0, as `absint` would).
pub fn ids_of(args: &Map<String, Value>, name: &str) -> Vec<u64> {
    args.get(name)
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_i64)
                .map(|v| v.max(0) as u64)
                .collect()
        })
        .unwrap_or_default()
}

/// A sanitized list-of-strings argument.
pub fn strings_of(args: &Map<String, Value>, name: &str) -> Vec<String> {
    args.get(name)
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// `wp_parse_list`: a list, or a string split on commas and whitespace.
pub fn parse_list(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(list) => list.clone(),
        Value::String(s) => s
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .map(|p| Value::String(p.to_owned()))
            .collect(),
        Value::Null => vec![],
        other => vec![other.clone()],
    }
}

/// `rest_parse_date`'s accepted shape (RFC 3339, optional fraction and offset).
pub fn is_rfc3339ish(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 19 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't' | b' ')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19))
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    // The shape alone is not enough: `strtotime` rejects month 13 or hour 99.
    let date_ok = chrono::NaiveDateTime::parse_from_str(
        &s[..19].replace(['t', ' '], "T"),
        "%Y-%m-%dT%H:%M:%S",
    )
    .is_ok();
    if !date_ok {
        return false;
    }
    match rest {
        "" | "Z" | "z" => true,
        offset => {
            let ob = offset.as_bytes();
            (ob.len() == 3 || (ob.len() == 6 && ob[3] == b':'))
                && matches!(ob[0], b'+' | b'-')
                && ob[1..3].iter().all(u8::is_ascii_digit)
                && (ob.len() == 3 || ob[4..6].iter().all(u8::is_ascii_digit))
        }
    }
}

/// Validates one value; returns the first failure as WordPress reports it.
pub fn validate(value: &Value, schema: &Schema, param: &str) -> Result<(), ParamError> {
    match &schema.ty {
        Ty::Array(items) => {
            let list = parse_list(value);
            for (i, item) in list.iter().enumerate() {
                validate(item, items, &format!("{param}[{i}]"))?;
            }
            return Ok(());
        }
        Ty::TermFilter { .. } => {
            if let Value::Object(map) = value {
                if let Some(terms) = map.get("terms") {
                    for (i, item) in parse_list(terms).iter().enumerate() {
                        validate(item, &Schema::integer(""), &format!("{param}[terms][{i}]"))?;
                    }
                }
                if let Some(op) = map.get("operator") {
                    validate(
                        op,
                        &Schema::string("").one_of(&["AND", "OR"]),
                        &format!("{param}[operator]"),
                    )?;
                }
                return Ok(());
            }
            for (i, item) in parse_list(value).iter().enumerate() {
                validate(item, &Schema::integer(""), &format!("{param}[{i}]"))?;
            }
            return Ok(());
        }
        Ty::Json => return Ok(()),
        Ty::Integer => {
            let Some(n) = as_integer(value) else {
                return Err(type_error(param, "integer"));
            };
            check_range(n, schema, param)?;
        }
        Ty::Boolean => {
            if as_boolean(value).is_none() {
                return Err(type_error(param, "boolean"));
            }
        }
        Ty::String => {
            if !matches!(value, Value::String(_)) {
                return Err(type_error(param, "string"));
            }
        }
    }
    if let Some(values) = &schema.enum_values {
        let text = scalar_text(value);
        if !values.contains(&text) {
            return Err(ParamError {
                code: "rest_not_in_enum",
                message: format!("{param} is not one of {}.", list_and(values)),
                data: Value::Null,
            });
        }
    }
    if schema.format == Some("date-time")
        && let Value::String(s) = value
        && !is_rfc3339ish(s)
    {
        return Err(ParamError {
            code: "rest_invalid_date",
            message: "Invalid date.".into(),
            data: Value::Null,
        });
    }
    Ok(())
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn type_error(param: &str, ty: &str) -> ParamError {
    ParamError {
        code: "rest_invalid_type",
        message: format!("{param} is not of type {ty}."),
        data: json!({ "param": param }),
    }
}

fn check_range(n: i64, schema: &Schema, param: &str) -> Result<(), ParamError> {
    let message = match (schema.minimum, schema.maximum) {
        (Some(min), Some(max)) if n < min || n > max => Some(format!(
            "{param} must be between {min} (inclusive) and {max} (inclusive)"
        )),
        (Some(min), None) if n < min => {
            Some(format!("{param} must be greater than or equal to {min}"))
        }
        (None, Some(max)) if n > max => {
            Some(format!("{param} must be less than or equal to {max}"))
        }
        _ => None,
    };
    match message {
        Some(message) => Err(ParamError {
            code: "rest_out_of_bounds",
            message,
            data: Value::Null,
        }),
        None => Ok(()),
    }
}

/// `rest_sanitize_value_from_schema` (after validation succeeded).
pub fn sanitize(value: &Value, schema: &Schema) -> Value {
    match &schema.ty {
        Ty::Integer => json!(as_integer(value).unwrap_or(0)),
        Ty::Boolean => json!(as_boolean(value).unwrap_or(false)),
        Ty::String => Value::String(scalar_text(value)),
        Ty::Array(items) => Value::Array(
            parse_list(value)
                .iter()
                .map(|v| sanitize(v, items))
                .collect(),
        ),
        Ty::Json => value.clone(),
        Ty::TermFilter { .. } => match value {
            Value::Object(map) => {
                let terms: Vec<Value> = map
                    .get("terms")
                    .map(parse_list)
                    .unwrap_or_default()
                    .iter()
                    .map(|v| json!(as_integer(v).unwrap_or(0)))
                    .collect();
                json!({
                    "terms": terms,
                    "include_children": map.get("include_children").and_then(as_boolean).unwrap_or(false),
                    "operator": map.get("operator").map(scalar_text).unwrap_or_else(|| "OR".into()),
                })
            }
            other => json!({
                "terms": parse_list(other).iter().map(|v| json!(as_integer(v).unwrap_or(0))).collect::<Vec<_>>(),
                "include_children": false,
                "operator": "OR",
            }),
        },
    }
}

/// Collects failures into WordPress's `rest_invalid_param` error.
pub fn invalid_params(failures: Vec<(String, ParamError)>) -> WpError {
    let names: Vec<String> = failures.iter().map(|(p, _)| p.clone()).collect();
    let mut params = Map::new();
    let mut details = Map::new();
    for (param, failure) in failures {
        params.insert(param.clone(), json!(failure.message));
        details.insert(
            param,
            json!({ "code": failure.code, "message": failure.message, "data": failure.data }),
        );
    }
    WpError::new(
        400,
        "rest_invalid_param",
        &format!("Invalid parameter(s): {}", names.join(", ")),
    )
    .with_data("params", Value::Object(params))
    .with_data("details", Value::Object(details))
}

/// Validates then sanitizes every declared argument (defaults included), as
/// `WP_REST_Request::has_valid_params` and `sanitize_params` do.
pub fn parse_args(
    specs: &[ArgSpec],
    raw: &dyn Fn(&str) -> Option<Value>,
) -> Result<Map<String, Value>, WpError> {
    let missing: Vec<&str> = specs
        .iter()
        .filter(|s| s.required && raw(s.name).is_none())
        .map(|s| s.name)
        .collect();
    if !missing.is_empty() {
        return Err(WpError::new(
            400,
            "rest_missing_callback_param",
            &format!("Missing parameter(s): {}", missing.join(", ")),
        )
        .with_data("params", json!(missing)));
    }
    let mut failures = Vec::new();
    let mut values = Vec::new();
    let mut out = Map::new();
    for spec in specs {
        let value = raw(spec.name).or_else(|| spec.schema.default.clone());
        let Some(value) = value else { continue };
        // WordPress validates and sanitizes no `null` (e.g. a `null` default).
        if value.is_null() {
            out.insert(spec.name.to_owned(), Value::Null);
            continue;
        }
        match validate(&value, &spec.schema, spec.name) {
            Ok(()) => values.push((spec, value)),
            Err(e) => failures.push((spec.name.to_owned(), e)),
        }
    }
    if !failures.is_empty() {
        return Err(invalid_params(failures));
    }
    for (spec, value) in values {
        out.insert(spec.name.to_owned(), sanitize(&value, &spec.schema));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_like_wp_sprintf_l() {
        let v: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(list_and(&v), "a, b, and c");
        assert_eq!(list_and(&v[..2]), "a and b");
    }

    #[test]
    fn dates() {
        assert!(is_rfc3339ish("2023-06-01T00:00:00"));
        assert!(is_rfc3339ish("2023-06-01T00:00:00+02:00"));
        assert!(!is_rfc3339ish("notadate"));
        assert!(!is_rfc3339ish("2023-13-45T99:99:99"));
    }
}
