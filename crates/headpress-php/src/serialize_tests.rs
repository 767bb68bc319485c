use serde_json::{Value, json};

use super::*;

fn vectors(text: &str) -> Vec<Value> {
    match serde_json::from_str(text) {
        Ok(Value::Array(items)) => items,
        other => panic!("vector file is not a JSON array: {other:?}"),
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).expect("hex digit pair"))
        .collect()
}

fn field<'a>(vector: &'a Value, name: &str) -> &'a str {
    vector[name]
        .as_str()
        .unwrap_or_else(|| panic!("field {name} in {vector}"))
}

/// JSON equality that forgives the last-bit error of serde_json's default (not correctly
/// rounded) float parser when it reads the vector files, e.g. `1.0e+25` → `9.999999999999999e24`.
fn assert_json_eq(ours: &Value, php: &Value, context: &str) {
    match (ours, php) {
        (Value::Number(a), Value::Number(b)) if a.is_f64() || b.is_f64() => {
            let (a, b) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            assert!(
                (a - b).abs() <= a.abs().max(b.abs()) * 1e-15,
                "{context}: {a} vs {b}"
            );
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{context}");
            for (a, b) in a.iter().zip(b) {
                assert_json_eq(a, b, context);
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(
                a.keys().collect::<Vec<_>>(),
                b.keys().collect::<Vec<_>>(),
                "{context}"
            );
            for (a, b) in a.values().zip(b.values()) {
                assert_json_eq(a, b, context);
            }
        }
        _ => assert_eq!(ours, php, "{context}"),
    }
}

fn parse(bytes: &[u8]) -> PhpValue {
    unserialize(bytes)
        .unwrap_or_else(|error| panic!("{error} in {:?}", String::from_utf8_lossy(bytes)))
}

/// Every PHP-made serialization reads back and re-serializes to the same bytes, and converts to
/// the JSON PHP's `json_encode` gives.
#[test]
fn php_serialize_vectors_round_trip() {
    for vector in vectors(include_str!("../vectors/serialize.json")) {
        let bytes = hex(field(&vector, "hex"));
        let value = parse(&bytes);
        assert_eq!(serialize(&value), bytes, "{}", vector["php"]);
        if !vector["json"].is_null() {
            assert_json_eq(
                &value.to_json(),
                &vector["json"],
                &vector["php"].to_string(),
            );
        }
    }
}

#[test]
fn floats_serialize_like_php() {
    for vector in vectors(include_str!("../vectors/floats.json")) {
        let bits = u64::from_str_radix(field(&vector, "bits"), 16).expect("hex bits");
        let float = f64::from_bits(bits);
        let expected = field(&vector, "serialized");
        assert_eq!(
            String::from_utf8_lossy(&serialize(&PhpValue::Float(float))),
            expected,
            "bits {bits:016x}"
        );
        assert_eq!(parse(expected.as_bytes()), PhpValue::Float(float));
    }
}

#[test]
fn float_to_string_uses_fourteen_digits() {
    let cases = [
        (1e15, "1.0E+15"),
        (0.1 + 0.2, "0.3"),
        (1e14, "1.0E+14"),
        (-0.0, "-0"),
        (0.0001, "0.0001"),
        (0.00001, "1.0E-5"),
        (123_456_789_012_345.67, "1.2345678901235E+14"),
        (1.0 / 3.0, "0.33333333333333"),
        (100.0, "100"),
        (1.5e300, "1.5E+300"),
        (99_999_999_999_999.99, "1.0E+14"),
    ];
    for (float, expected) in cases {
        assert_eq!(php_float_to_string(float), expected, "{float}");
    }
}

/// Edge cases checked against PHP 8.2's `unserialize()`. Differences are deliberate: trailing
/// bytes are only tolerated by `unserialize_prefix`, references and `C:` are refused, and class
/// names are kept as written (PHP canonicalises the case of known classes).
#[test]
fn unserialize_edge_cases_match_php() {
    for vector in vectors(include_str!("../vectors/unserialize.json")) {
        let input = field(&vector, "input");
        let php_ok = vector["ok"].as_bool().expect("ok flag");
        let ours = unserialize_prefix(input.as_bytes());
        match (php_ok, &ours) {
            (true, Ok((value, _))) => {
                let expected = hex(field(&vector, "reserialized_hex"));
                if input.contains("stdclass") {
                    continue;
                }
                assert_eq!(serialize(value), expected, "input {input:?}");
            }
            (false, Err(_)) => {}
            (true, Err(Error::UnsupportedReference { .. } | Error::UnsupportedType { .. })) => {}
            _ => panic!("input {input:?}: PHP ok={php_ok}, ours={ours:?}"),
        }
    }
    assert_eq!(
        unserialize(b"i:5;trailing"),
        Err(Error::TrailingData {
            offset: 4,
            count: 8
        })
    );
}

#[test]
fn fixture_values_round_trip_byte_for_byte() {
    let fixture = vectors(include_str!("../vectors/fixture-serialized.json"));
    assert!(fixture.len() > 20, "expected many serialized rows");
    for vector in fixture {
        let text = field(&vector, "value");
        let value = parse(text.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&serialize(&value)),
            text,
            "{} {}",
            vector["table"],
            vector["key"]
        );
        assert_json_eq(
            &value.to_json(),
            &vector["json"],
            &vector["key"].to_string(),
        );
        assert_eq!(maybe_unserialize(text), Some(value.clone()));
        // And the JSON path back gives the same arrays for list/map data without objects.
        let back = PhpValue::from_json(&value.to_json());
        assert_eq!(back.to_json(), value.to_json());
    }
}

#[test]
fn constructed_values_round_trip() {
    let value = PhpValue::Array(vec![
        (PhpKey::Int(0), PhpValue::Null),
        (PhpKey::Int(-3), PhpValue::Bool(true)),
        (PhpKey::String(b"f".to_vec()), PhpValue::Float(-2.5e-9)),
        (
            PhpKey::String(vec![0xff, 0x00, b'"']),
            PhpValue::String(b"a\";b}".to_vec()),
        ),
        (
            PhpKey::String(b"o".to_vec()),
            PhpValue::Object {
                class: b"WP_Post".to_vec(),
                properties: vec![(PhpKey::String(b"\0*\0p".to_vec()), PhpValue::Int(i64::MIN))],
            },
        ),
    ]);
    let bytes = serialize(&value);
    assert_eq!(unserialize(&bytes), Ok(value));
}

#[test]
fn truncated_inputs_never_panic() {
    let mut inputs: Vec<Vec<u8>> = vectors(include_str!("../vectors/fixture-serialized.json"))
        .iter()
        .map(|vector| field(vector, "value").as_bytes().to_vec())
        .collect();
    inputs.extend(
        vectors(include_str!("../vectors/serialize.json"))
            .iter()
            .map(|vector| hex(field(vector, "hex"))),
    );
    for input in inputs {
        for end in 0..input.len() {
            assert!(unserialize(&input[..end]).is_err(), "prefix {end} parsed");
            // Flipping a byte may still parse, but must not panic.
            let mut mutated = input.clone();
            mutated[end] = mutated[end].wrapping_add(1);
            let _ = unserialize(&mutated);
        }
    }
}

#[test]
fn hostile_inputs_are_rejected() {
    let deep = "a:1:{i:0;".repeat(MAX_DEPTH + 1);
    assert!(matches!(
        unserialize(deep.as_bytes()),
        Err(Error::TooDeep { .. })
    ));
    let within = format!("{}N;{}", "a:1:{i:0;".repeat(100), "}".repeat(100));
    assert!(unserialize(within.as_bytes()).is_ok());
    assert!(unserialize(b"a:99999999999999999999:{}").is_err());
    assert!(unserialize(b"a:999999999:{}").is_err());
    assert!(unserialize(b"s:18446744073709551615:\"\";").is_err());
    assert!(unserialize(b"").is_err());
}

#[test]
fn numeric_string_keys_cast_like_php() {
    assert_eq!(PhpKey::from_string_key(b"5"), PhpKey::Int(5));
    assert_eq!(PhpKey::from_string_key(b"-7"), PhpKey::Int(-7));
    assert_eq!(PhpKey::from_string_key(b"0"), PhpKey::Int(0));
    for kept in [
        &b"05"[..],
        b"-0",
        b"+1",
        b"",
        b"1.5",
        b" 1",
        b"9223372036854775808",
    ] {
        assert_eq!(PhpKey::from_string_key(kept), PhpKey::String(kept.to_vec()));
    }
    assert_eq!(
        PhpKey::from_string_key(b"-9223372036854775808"),
        PhpKey::Int(i64::MIN)
    );
}

#[test]
fn json_conversion() {
    let json = json!({"b": [1, "x", null, 2.5, true], "5": {"a": 1}, "05": "s"});
    let value = PhpValue::from_json(&json);
    assert_eq!(
        serialize(&value),
        b"a:3:{s:1:\"b\";a:5:{i:0;i:1;i:1;s:1:\"x\";i:2;N;i:3;d:2.5;i:4;b:1;}i:5;a:1:{s:1:\"a\";i:1;}s:2:\"05\";s:1:\"s\";}"
    );
    assert_eq!(value.to_json(), json);
    assert_eq!(
        value.get("5").and_then(|inner| inner.get("a")),
        Some(&PhpValue::Int(1))
    );
    assert_eq!(value.get("05").and_then(PhpValue::as_str), Some("s"));
    assert_eq!(value.get("missing"), None);
    // Out-of-order integer keys are a map, not a list.
    let sparse = PhpValue::Array(vec![
        (PhpKey::Int(1), PhpValue::Int(1)),
        (PhpKey::Int(0), PhpValue::Int(0)),
    ]);
    assert_eq!(sparse.to_json(), json!({"1": 1, "0": 0}));
    assert_eq!(PhpValue::Float(100.0).to_json(), json!(100));
    assert_eq!(PhpValue::Float(f64::NAN).to_json(), Value::Null);
}

#[test]
fn is_serialized_and_maybe_serialize_match_wordpress() {
    for vector in vectors(include_str!("../vectors/is-serialized.json")) {
        let input = field(&vector, "input");
        assert_eq!(
            is_serialized(input),
            vector["strict"].as_bool().expect("strict flag"),
            "strict {input:?}"
        );
        assert_eq!(
            is_serialized_bytes(input.as_bytes(), false),
            vector["loose"].as_bool().expect("loose flag"),
            "loose {input:?}"
        );
        let stored = maybe_serialize(&PhpValue::String(input.as_bytes().to_vec()));
        assert_eq!(
            String::from_utf8_lossy(&stored),
            field(&vector, "maybe_serialize"),
            "maybe_serialize {input:?}"
        );
    }
    assert_eq!(maybe_serialize(&PhpValue::Bool(true)), b"1");
    assert_eq!(maybe_serialize(&PhpValue::Int(-4)), b"-4");
    assert_eq!(maybe_serialize(&PhpValue::Array(vec![])), b"a:0:{}");
    assert_eq!(maybe_unserialize("plain"), None);
    assert_eq!(maybe_unserialize(" i:5; "), Some(PhpValue::Int(5)));
    assert_eq!(maybe_unserialize("a:1:{i:0;i:1;"), None);
}
