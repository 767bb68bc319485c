//! Registered meta as REST shows it (`WP_REST_Meta_Fields::get_value`).

use headpress_domain::registry::{MetaRegistration, MetaType};
use serde_json::{Value, json};

fn empty_value(ty: MetaType) -> Value {
    match ty {
        MetaType::String => json!(""),
        MetaType::Boolean => json!(false),
        MetaType::Integer => json!(0),
        MetaType::Number => json!(0.0),
        MetaType::Array => json!([]),
        MetaType::Object => json!({}),
    }
}

/// `rest_sanitize_value_from_schema` of one stored value.
fn cast(ty: MetaType, items: Option<MetaType>, raw: &str) -> Value {
    match ty {
        MetaType::String => json!(raw),
        MetaType::Integer => json!(php_intval(raw)),
        MetaType::Number => json!(raw.trim().parse::<f64>().unwrap_or(0.0)),
        MetaType::Boolean => json!(!(raw.is_empty() || raw == "0" || raw == "false")),
        MetaType::Array | MetaType::Object => {
            let value = headpress_php::serialize::maybe_unserialize(raw)
                .map(|v| v.to_json())
                .unwrap_or(Value::Null);
            match (ty, value) {
                (MetaType::Array, Value::Array(list)) => Value::Array(
                    list.into_iter()
                        .map(|v| match (items, &v) {
                            (Some(MetaType::String), Value::Number(n)) => json!(n.to_string()),
                            (Some(MetaType::Integer), Value::String(s)) => json!(php_intval(s)),
                            _ => v,
                        })
                        .collect(),
                ),
                (MetaType::Array, Value::Object(map)) => {
                    Value::Array(map.into_iter().map(|(_, v)| v).collect())
                }
                (MetaType::Object, v @ Value::Object(_)) => v,
                (t, _) => empty_value(t),
            }
        }
    }
}

/// PHP's `(int)` of a numeric string: leading digits, else 0.
fn php_intval(raw: &str) -> i64 {
    let t = raw.trim_start();
    let mut end = 0;
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() || (i == 0 && (c == '-' || c == '+')) {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    t[..end].parse().unwrap_or(0)
}

pub fn rest_value(reg: &MetaRegistration, values: &[&str]) -> Value {
    if reg.single {
        match values.first() {
            Some(raw) => cast(reg.meta_type, reg.items_type, raw),
            None => reg
                .default
                .clone()
                .unwrap_or_else(|| empty_value(reg.meta_type)),
        }
    } else {
        Value::Array(
            values
                .iter()
                .map(|raw| cast(reg.meta_type, reg.items_type, raw))
                .collect(),
        )
    }
}
