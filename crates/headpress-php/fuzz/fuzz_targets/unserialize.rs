//! Arbitrary bytes into `unserialize`: it must never panic, and whatever it accepts must survive
//! `serialize` → `unserialize` unchanged (and re-serialize to the same bytes).
#![no_main]

use headpress_php::serialize::{PhpKey, PhpValue, serialize, unserialize};
use libfuzzer_sys::fuzz_target;

/// `PartialEq` with NaN equal to itself (PHP writes `d:NAN;` and reads it back as NaN).
fn same(a: &PhpValue, b: &PhpValue) -> bool {
    match (a, b) {
        (PhpValue::Float(x), PhpValue::Float(y)) => {
            (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits() || x == y
        }
        (PhpValue::Array(x), PhpValue::Array(y)) => same_entries(x, y),
        (
            PhpValue::Object {
                class: c1,
                properties: p1,
            },
            PhpValue::Object {
                class: c2,
                properties: p2,
            },
        ) => c1 == c2 && same_entries(p1, p2),
        _ => a == b,
    }
}

fn same_entries(x: &[(PhpKey, PhpValue)], y: &[(PhpKey, PhpValue)]) -> bool {
    x.len() == y.len()
        && x.iter()
            .zip(y)
            .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = unserialize(data) else {
        return;
    };
    let bytes = serialize(&value);
    let again = match unserialize(&bytes) {
        Ok(again) => again,
        Err(err) => panic!(
            "serialize() output does not unserialize: {err}\ninput: {:?}\nserialized: {:?}",
            String::from_utf8_lossy(data),
            String::from_utf8_lossy(&bytes)
        ),
    };
    assert!(
        same(&value, &again),
        "round trip changed the value\ninput: {:?}\nserialized: {:?}\nfirst: {value:?}\nsecond: {again:?}",
        String::from_utf8_lossy(data),
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(
        serialize(&again),
        bytes,
        "serialize is not stable across a round trip"
    );
});
