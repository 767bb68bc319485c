//! PHP `serialize()` / `unserialize()` at the value level, plus WordPress's `maybe_*` helpers.
//!
//! PHP strings are byte strings and their serialized lengths count bytes, so strings are kept as
//! `Vec<u8>` and never assumed to be UTF-8. Arrays and objects keep insertion order.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::Error;

/// How deep arrays and objects may nest before [`unserialize`] gives up.
pub const MAX_DEPTH: usize = 512;

/// A PHP value as `serialize()` sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum PhpValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Raw bytes; PHP strings carry no encoding.
    String(Vec<u8>),
    /// An ordered PHP array (a list or a map).
    Array(Vec<(PhpKey, PhpValue)>),
    /// An object; private and protected property names keep PHP's `\0Class\0` / `\0*\0` prefixes.
    Object {
        class: Vec<u8>,
        properties: Vec<(PhpKey, PhpValue)>,
    },
}

/// A PHP array key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PhpKey {
    Int(i64),
    String(Vec<u8>),
}

impl PhpKey {
    /// Builds the key PHP would store for the string `key`: canonical decimal integers such as
    /// `"5"` or `"-7"` become integer keys, anything else (`"05"`, `"-0"`, `"+1"`) stays a string.
    pub fn from_string_key(key: &[u8]) -> PhpKey {
        match canonical_int(key) {
            Some(int) => PhpKey::Int(int),
            None => PhpKey::String(key.to_vec()),
        }
    }

    /// Whether this key equals `key` after PHP's numeric-string key casting.
    fn matches(&self, key: &str) -> bool {
        match (self, PhpKey::from_string_key(key.as_bytes())) {
            (PhpKey::Int(a), PhpKey::Int(b)) => *a == b,
            (PhpKey::String(a), PhpKey::String(b)) => *a == b,
            _ => false,
        }
    }

    fn to_json_key(&self) -> String {
        match self {
            PhpKey::Int(int) => int.to_string(),
            PhpKey::String(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        }
    }
}

/// Parses a decimal integer in the exact form PHP's `ZEND_HANDLE_NUMERIC_STR` accepts.
fn canonical_int(key: &[u8]) -> Option<i64> {
    let digits = key.strip_prefix(b"-").unwrap_or(key);
    let canonical = match digits {
        [] => false,
        [b'0'] => digits.len() == key.len(), // "-0" is not an integer key.
        [first, rest @ ..] => (b'1'..=b'9').contains(first) && rest.iter().all(u8::is_ascii_digit),
    };
    if !canonical {
        return None;
    }
    std::str::from_utf8(key).ok()?.parse().ok()
}

impl PhpValue {
    /// The string's text, if this is a string holding valid UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PhpValue::String(bytes) => std::str::from_utf8(bytes).ok(),
            _ => None,
        }
    }

    /// The string's raw bytes, if this is a string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            PhpValue::String(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The integer, if this is an integer (numeric strings are not converted).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            PhpValue::Int(int) => Some(*int),
            _ => None,
        }
    }

    /// The boolean, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            PhpValue::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// The entries of an array or the properties of an object.
    pub fn entries(&self) -> Option<&[(PhpKey, PhpValue)]> {
        match self {
            PhpValue::Array(entries) => Some(entries),
            PhpValue::Object { properties, .. } => Some(properties),
            _ => None,
        }
    }

    /// Looks `key` up in an array or object, casting numeric keys like PHP does (`"5"` finds `5`).
    pub fn get(&self, key: &str) -> Option<&PhpValue> {
        self.entries()?
            .iter()
            .find(|(entry_key, _)| entry_key.matches(key))
            .map(|(_, value)| value)
    }

    /// The JSON WordPress's `wp_json_encode()` would produce for this value.
    ///
    /// Arrays keyed `0..n-1` in order become JSON arrays, other arrays become objects; objects
    /// expose only public properties; strings are decoded as lossy UTF-8. Floats PHP prints without
    /// a fraction or exponent (`100.0` → `100`) become integers, and non-finite floats,
    /// which `json_encode` refuses, become `null`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            PhpValue::Null => Value::Null,
            PhpValue::Bool(flag) => Value::Bool(*flag),
            PhpValue::Int(int) => Value::from(*int),
            PhpValue::Float(float) => float_to_json(*float),
            PhpValue::String(bytes) => Value::String(String::from_utf8_lossy(bytes).into_owned()),
            PhpValue::Array(entries) if is_list(entries) => {
                Value::Array(entries.iter().map(|(_, value)| value.to_json()).collect())
            }
            PhpValue::Array(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.to_json_key(), value.to_json()))
                    .collect(),
            ),
            PhpValue::Object { properties, .. } => Value::Object(
                properties
                    .iter()
                    .filter(|(key, _)| !is_non_public_property(key))
                    .map(|(key, value)| (key.to_json_key(), value.to_json()))
                    .collect(),
            ),
        }
    }

    /// The PHP value `json_decode($json, true)` would give: JSON arrays become lists, objects
    /// become string-keyed arrays (numeric keys cast to integers), and integers too large for
    /// `i64` become floats.
    pub fn from_json(json: &serde_json::Value) -> PhpValue {
        use serde_json::Value;
        match json {
            Value::Null => PhpValue::Null,
            Value::Bool(flag) => PhpValue::Bool(*flag),
            Value::Number(number) => match number.as_i64() {
                Some(int) => PhpValue::Int(int),
                None => PhpValue::Float(number.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(text) => PhpValue::String(text.as_bytes().to_vec()),
            Value::Array(items) => PhpValue::Array(
                (0_i64..)
                    .zip(items)
                    .map(|(index, item)| (PhpKey::Int(index), PhpValue::from_json(item)))
                    .collect(),
            ),
            // Casting cannot make two keys collide: each integer has exactly one canonical string.
            Value::Object(map) => PhpValue::Array(
                map.iter()
                    .map(|(key, item)| {
                        (
                            PhpKey::from_string_key(key.as_bytes()),
                            PhpValue::from_json(item),
                        )
                    })
                    .collect(),
            ),
        }
    }
}

fn float_to_json(float: f64) -> serde_json::Value {
    if !float.is_finite() {
        return serde_json::Value::Null;
    }
    // PHP prints a float without a fraction or exponent (up to 17 integer digits) as a bare
    // integer, so a JSON client reads an integer there; mirror that.
    if let Ok(int) = php_float_repr(float).parse::<i64>() {
        return serde_json::Value::from(int);
    }
    serde_json::Number::from_f64(float).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// Whether keys are exactly `0, 1, 2, ...` in order, which is when PHP's `json_encode` emits a list.
fn is_list(entries: &[(PhpKey, PhpValue)]) -> bool {
    (0_i64..)
        .zip(entries)
        .all(|(index, (key, _))| *key == PhpKey::Int(index))
}

/// Private (`\0Class\0name`) and protected (`\0*\0name`) properties are hidden from `json_encode`.
fn is_non_public_property(key: &PhpKey) -> bool {
    matches!(key, PhpKey::String(name) if name.first() == Some(&0))
}

// ------------------------------------------------------------------------------------ serialize

/// Serializes `value` exactly as PHP 8's `serialize()` does.
pub fn serialize(value: &PhpValue) -> Vec<u8> {
    let mut out = Vec::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut Vec<u8>, value: &PhpValue) {
    match value {
        PhpValue::Null => out.extend_from_slice(b"N;"),
        PhpValue::Bool(flag) => out.extend_from_slice(if *flag { b"b:1;" } else { b"b:0;" }),
        PhpValue::Int(int) => out.extend_from_slice(format!("i:{int};").as_bytes()),
        PhpValue::Float(float) => {
            out.extend_from_slice(b"d:");
            out.extend_from_slice(php_float_repr(*float).as_bytes());
            out.push(b';');
        }
        PhpValue::String(bytes) => write_string(out, bytes),
        PhpValue::Array(entries) => {
            out.extend_from_slice(format!("a:{}:", entries.len()).as_bytes());
            write_entries(out, entries);
        }
        PhpValue::Object { class, properties } => {
            out.extend_from_slice(format!("O:{}:\"", class.len()).as_bytes());
            out.extend_from_slice(class);
            out.extend_from_slice(format!("\":{}:", properties.len()).as_bytes());
            write_entries(out, properties);
        }
    }
}

fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(format!("s:{}:\"", bytes.len()).as_bytes());
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\";");
}

fn write_entries(out: &mut Vec<u8>, entries: &[(PhpKey, PhpValue)]) {
    out.push(b'{');
    for (key, value) in entries {
        match key {
            PhpKey::Int(int) => out.extend_from_slice(format!("i:{int};").as_bytes()),
            PhpKey::String(bytes) => write_string(out, bytes),
        }
        write_value(out, value);
    }
    out.push(b'}');
}

/// Formats a float the way PHP 8's `serialize()`, `var_export()` and `json_encode()` do
/// (`serialize_precision = -1`): the shortest digits that round-trip, in plain notation unless
/// the number needs more than 17 integer digits or starts after the 4th decimal place, where it
/// switches to `1.0E+25` style.
pub fn php_float_repr(float: f64) -> String {
    // Rust's `{:e}` yields the same shortest round-trip digits as PHP's zend_dtoa mode 0.
    format_like_php_gcvt(float, &format!("{:e}", float.abs()), 17)
}

/// Formats a float the way PHP 8 converts it to a string (`(string) $float`, `echo`, and so what
/// `wpdb` writes for a float option or meta value): 14 significant digits (`precision = 14`).
pub fn php_float_to_string(float: f64) -> String {
    format_like_php_gcvt(float, &format!("{:.13e}", float.abs()), 14)
}

/// Lays out the digits of `scientific` (Rust's `{:e}` rendering of `|float|`) as PHP's
/// `php_gcvt()` does for `max_integer_digits` significant digits.
fn format_like_php_gcvt(float: f64, scientific: &str, max_integer_digits: i32) -> String {
    if float.is_nan() {
        return "NAN".to_owned();
    }
    if float.is_infinite() {
        return if float > 0.0 { "INF" } else { "-INF" }.to_owned();
    }
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // dtoa never returns trailing zeros; keep at least one digit for zero itself.
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let exponent: i32 = exponent.parse().unwrap_or(0);
    // `decimal_point` counts digits before the point: 0.d1d2... x 10^decimal_point.
    let decimal_point = exponent + 1;

    let mut out = String::new();
    if float.is_sign_negative() {
        out.push('-');
    }
    if decimal_point < -3 || decimal_point > max_integer_digits {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        out.push('.');
        out.push_str(if rest.is_empty() { "0" } else { rest });
        let _ = write!(
            out,
            "E{}{}",
            if exponent < 0 { '-' } else { '+' },
            exponent.abs()
        );
    } else if decimal_point <= 0 {
        out.push_str("0.");
        for _ in decimal_point..0 {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let integer_len = usize::try_from(decimal_point).unwrap_or(0);
        if digits.len() <= integer_len {
            out.push_str(&digits);
            for _ in digits.len()..integer_len {
                out.push('0');
            }
        } else {
            let (integer, fraction) = digits.split_at(integer_len);
            out.push_str(integer);
            out.push('.');
            out.push_str(fraction);
        }
    }
    out
}

// ---------------------------------------------------------------------------------- unserialize

/// Parses one PHP-serialized value that must span all of `bytes`.
///
/// Stricter than PHP 8.2, which ignores bytes after the value: trailing data is an error here, so
/// `serialize(unserialize(b)) == b` holds for everything PHP itself writes.
pub fn unserialize(bytes: &[u8]) -> Result<PhpValue, Error> {
    let (value, consumed) = unserialize_prefix(bytes)?;
    if consumed != bytes.len() {
        return Err(Error::TrailingData {
            offset: consumed,
            count: bytes.len() - consumed,
        });
    }
    Ok(value)
}

/// Parses one PHP-serialized value at the start of `bytes` and returns it with the number of
/// bytes it used, ignoring whatever follows, as PHP's `unserialize()` does.
pub fn unserialize_prefix(bytes: &[u8]) -> Result<(PhpValue, usize), Error> {
    let mut parser = Parser {
        input: bytes,
        pos: 0,
    };
    let value = parser.value(0)?;
    Ok((value, parser.pos))
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn malformed<T>(&self, reason: &'static str) -> Result<T, Error> {
        if self.pos >= self.input.len() {
            return Err(Error::UnexpectedEnd { offset: self.pos });
        }
        Err(Error::Malformed {
            offset: self.pos,
            reason,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), Error> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.malformed(reason)
        }
    }

    /// Takes bytes up to (not including) `terminator` and steps past it.
    fn take_until(&mut self, terminator: u8) -> Result<&[u8], Error> {
        let rest = &self.input[self.pos..];
        match rest.iter().position(|&byte| byte == terminator) {
            Some(len) => {
                let start = self.pos;
                self.pos += len + 1;
                Ok(&self.input[start..start + len])
            }
            None => Err(Error::UnexpectedEnd {
                offset: self.input.len(),
            }),
        }
    }

    /// Reads an unsigned decimal length or count (PHP's `uiv`) followed by `terminator`.
    fn unsigned(&mut self, terminator: u8) -> Result<usize, Error> {
        let start = self.pos;
        let mut total: usize = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            total = total
                .checked_mul(10)
                .and_then(|total| total.checked_add(usize::from(digit - b'0')))
                .ok_or(Error::Malformed {
                    offset: start,
                    reason: "length or count too large",
                })?;
            self.pos += 1;
        }
        if self.pos == start {
            return self.malformed("expected a decimal length or count");
        }
        self.expect(terminator, "unexpected byte after a length or count")?;
        Ok(total)
    }

    /// Reads `[+-]?[0-9]+;` saturating at the `i64` bounds like PHP's `ZEND_STRTOL`.
    fn integer(&mut self) -> Result<i64, Error> {
        let negative = match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b'+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let start = self.pos;
        let mut total: i64 = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            let digit = i64::from(digit - b'0');
            total = if negative {
                total.saturating_mul(10).saturating_sub(digit)
            } else {
                total.saturating_mul(10).saturating_add(digit)
            };
            self.pos += 1;
        }
        if self.pos == start {
            return self.malformed("expected an integer");
        }
        self.expect(b';', "expected ';' after an integer")?;
        Ok(total)
    }

    fn float(&mut self) -> Result<f64, Error> {
        let start = self.pos;
        let text = self.take_until(b';')?;
        let parsed = match text {
            b"INF" => Some(f64::INFINITY),
            b"-INF" => Some(f64::NEG_INFINITY),
            b"NAN" => Some(f64::NAN),
            _ if is_php_float_literal(text) => std::str::from_utf8(text)
                .ok()
                .and_then(|text| text.parse().ok()),
            _ => None,
        };
        parsed.ok_or(Error::Malformed {
            offset: start,
            reason: "invalid float",
        })
    }

    /// Reads `len:"bytes"` (the part of `s:` after the colon) without the trailing `;`.
    fn quoted(&mut self) -> Result<Vec<u8>, Error> {
        let len = self.unsigned(b':')?;
        self.expect(b'"', "expected '\"' before string bytes")?;
        let end = self
            .pos
            .checked_add(len)
            .filter(|&end| end <= self.input.len())
            .ok_or(Error::UnexpectedEnd {
                offset: self.input.len(),
            })?;
        let bytes = self.input[self.pos..end].to_vec();
        self.pos = end;
        self.expect(b'"', "string length does not match its bytes")?;
        Ok(bytes)
    }

    fn value(&mut self, depth: usize) -> Result<PhpValue, Error> {
        let token_offset = self.pos;
        let Some(token) = self.peek() else {
            return Err(Error::UnexpectedEnd { offset: self.pos });
        };
        if token == b'N' {
            self.pos += 1;
            self.expect(b';', "expected ';' after N")?;
            return Ok(PhpValue::Null);
        }
        self.pos += 1;
        if !matches!(
            token,
            b'b' | b'i' | b'd' | b's' | b'a' | b'O' | b'r' | b'R' | b'C' | b'E' | b'S'
        ) {
            self.pos = token_offset;
            return self.malformed("unknown type token");
        }
        self.expect(b':', "expected ':' after the type token")?;
        match token {
            b'b' => {
                let flag = match self.peek() {
                    Some(b'0') => false,
                    Some(b'1') => true,
                    _ => return self.malformed("a boolean must be 0 or 1"),
                };
                self.pos += 1;
                self.expect(b';', "expected ';' after a boolean")?;
                Ok(PhpValue::Bool(flag))
            }
            b'i' => Ok(PhpValue::Int(self.integer()?)),
            b'd' => Ok(PhpValue::Float(self.float()?)),
            b's' => {
                let bytes = self.quoted()?;
                self.expect(b';', "expected ';' after a string")?;
                Ok(PhpValue::String(bytes))
            }
            b'a' => {
                let entries = self.entries(depth, token_offset, true)?;
                Ok(PhpValue::Array(entries))
            }
            b'O' => {
                let class = self.quoted()?;
                self.expect(b':', "expected ':' after the class name")?;
                let properties = self.entries(depth, token_offset, false)?;
                Ok(PhpValue::Object { class, properties })
            }
            b'r' | b'R' => Err(Error::UnsupportedReference {
                offset: token_offset,
            }),
            _ => Err(Error::UnsupportedType {
                offset: token_offset,
                token: char::from(token),
            }),
        }
    }

    /// Reads `count:{key value ...}`. Array string keys are cast like PHP (`"5"` becomes `5`), and a
    /// repeated key overwrites the earlier value in its original position, as PHP's hash update does.
    fn entries(
        &mut self,
        depth: usize,
        token_offset: usize,
        cast_numeric_keys: bool,
    ) -> Result<Vec<(PhpKey, PhpValue)>, Error> {
        if depth >= MAX_DEPTH {
            return Err(Error::TooDeep {
                offset: token_offset,
                limit: MAX_DEPTH,
            });
        }
        let count = self.unsigned(b':')?;
        self.expect(b'{', "expected '{'")?;
        // Each entry needs at least 4 bytes ("i:0;N;" is 6), so a bogus count cannot over-allocate.
        let remaining = self.input.len().saturating_sub(self.pos);
        let mut entries: Vec<(PhpKey, PhpValue)> = Vec::with_capacity(count.min(remaining / 4));
        let mut positions: HashMap<PhpKey, usize> = HashMap::new();
        for _ in 0..count {
            let key = self.key(cast_numeric_keys)?;
            let value = self.value(depth + 1)?;
            match positions.get(&key) {
                Some(&index) => entries[index].1 = value,
                None => {
                    positions.insert(key.clone(), entries.len());
                    entries.push((key, value));
                }
            }
        }
        self.expect(b'}', "expected '}' after the declared number of entries")?;
        Ok(entries)
    }

    fn key(&mut self, cast_numeric_keys: bool) -> Result<PhpKey, Error> {
        match self.peek() {
            Some(b'i') => {
                self.pos += 1;
                self.expect(b':', "expected ':' after the type token")?;
                Ok(PhpKey::Int(self.integer()?))
            }
            Some(b's') => {
                self.pos += 1;
                self.expect(b':', "expected ':' after the type token")?;
                let bytes = self.quoted()?;
                self.expect(b';', "expected ';' after a string")?;
                Ok(if cast_numeric_keys {
                    PhpKey::from_string_key(&bytes)
                } else {
                    PhpKey::String(bytes)
                })
            }
            _ => self.malformed("an array key must be an integer or a string"),
        }
    }
}

/// Whether `text` matches PHP's unserialize float grammar: `iv | nv | (iv | nv) [eE] iv` with
/// `iv = [+-]?[0-9]+` and `nv = [+-]?([0-9]*\.[0-9]+ | [0-9]+\.[0-9]*)`.
fn is_php_float_literal(text: &[u8]) -> bool {
    fn skip_sign(text: &[u8]) -> &[u8] {
        match text {
            [b'+' | b'-', rest @ ..] => rest,
            _ => text,
        }
    }
    fn digit_run(text: &[u8]) -> usize {
        text.iter().take_while(|byte| byte.is_ascii_digit()).count()
    }
    let body = skip_sign(text);
    let integer_digits = digit_run(body);
    let mut rest = &body[integer_digits..];
    let mut has_digits = integer_digits > 0;
    if let [b'.', after_point @ ..] = rest {
        let fraction_digits = digit_run(after_point);
        has_digits |= fraction_digits > 0;
        rest = &after_point[fraction_digits..];
    }
    if !has_digits {
        return false;
    }
    match rest {
        [] => true,
        [b'e' | b'E', exponent @ ..] => {
            let exponent = skip_sign(exponent);
            !exponent.is_empty() && digit_run(exponent) == exponent.len()
        }
        _ => false,
    }
}

// ------------------------------------------------------------------------ WordPress's helpers

/// PHP's `trim()` character set.
fn php_trim(data: &[u8]) -> &[u8] {
    const PHP_WHITESPACE: &[u8] = b" \t\n\r\0\x0B";
    let start = data
        .iter()
        .position(|byte| !PHP_WHITESPACE.contains(byte))
        .unwrap_or(data.len());
    let end = data
        .iter()
        .rposition(|byte| !PHP_WHITESPACE.contains(byte))
        .map_or(start, |last| last + 1);
    &data[start..end]
}

/// WordPress's `is_serialized($data)` (strict mode): a cheap shape check, not a parse.
pub fn is_serialized(data: &str) -> bool {
    is_serialized_bytes(data.as_bytes(), true)
}

/// WordPress's `is_serialized($data, $strict)` over raw bytes.
pub fn is_serialized_bytes(data: &[u8], strict: bool) -> bool {
    let data = php_trim(data);
    if data == b"N;" {
        return true;
    }
    if data.len() < 4 || data[1] != b':' {
        return false;
    }
    if strict {
        if !matches!(data.last(), Some(b';' | b'}')) {
            return false;
        }
    } else {
        let semicolon = data.iter().position(|&byte| byte == b';');
        let brace = data.iter().position(|&byte| byte == b'}');
        if semicolon.is_none() && brace.is_none() {
            return false;
        }
        if semicolon.is_some_and(|at| at < 3) || brace.is_some_and(|at| at < 4) {
            return false;
        }
    }
    let token = data[0];
    match token {
        b's' | b'a' | b'O' | b'E' => {
            if token == b's' {
                let quoted = if strict {
                    data[data.len() - 2] == b'"'
                } else {
                    data.contains(&b'"')
                };
                if !quoted {
                    return false;
                }
            }
            // `^{token}:[0-9]+:`
            let digits = data[2..]
                .iter()
                .take_while(|byte| byte.is_ascii_digit())
                .count();
            digits > 0 && data.get(2 + digits) == Some(&b':')
        }
        b'b' | b'i' | b'd' => {
            // `^{token}:[0-9.E+-]+;` and, when strict, nothing after that first `;`.
            let run = data[2..]
                .iter()
                .take_while(|byte| matches!(byte, b'0'..=b'9' | b'.' | b'E' | b'+' | b'-'))
                .count();
            run > 0 && data.get(2 + run) == Some(&b';') && (!strict || 2 + run + 1 == data.len())
        }
        _ => false,
    }
}

/// WordPress's `maybe_unserialize()`: the value if `data` looks serialized and parses.
///
/// Returns `None` both for plain strings (WordPress returns them unchanged; use the input) and
/// for data that looks serialized but is broken (WordPress returns `false`); tell them apart
/// with [`is_serialized`]. Like PHP, bytes after a complete value are ignored.
pub fn maybe_unserialize(data: &str) -> Option<PhpValue> {
    maybe_unserialize_bytes(data.as_bytes())
}

/// [`maybe_unserialize`] over raw bytes, for database values that are not valid UTF-8.
pub fn maybe_unserialize_bytes(data: &[u8]) -> Option<PhpValue> {
    if !is_serialized_bytes(data, true) {
        return None;
    }
    unserialize_prefix(php_trim(data))
        .ok()
        .map(|(value, _)| value)
}

/// WordPress's `maybe_serialize()`: the bytes WordPress stores for `value` in an option or meta row.
///
/// Arrays and objects are serialized. A string that already looks serialized (loose check) is
/// serialized again, so it reads back as the same string. Other strings are stored as they are,
/// and scalars as PHP converts them to strings (`true` → `1`, `false`/`null` → empty).
pub fn maybe_serialize(value: &PhpValue) -> Vec<u8> {
    match value {
        PhpValue::Array(_) | PhpValue::Object { .. } => serialize(value),
        PhpValue::String(bytes) if is_serialized_bytes(bytes, false) => serialize(value),
        PhpValue::String(bytes) => bytes.clone(),
        PhpValue::Null | PhpValue::Bool(false) => Vec::new(),
        PhpValue::Bool(true) => b"1".to_vec(),
        PhpValue::Int(int) => int.to_string().into_bytes(),
        PhpValue::Float(float) => php_float_to_string(*float).into_bytes(),
    }
}

#[cfg(test)]
#[path = "serialize_tests.rs"]
mod tests;
