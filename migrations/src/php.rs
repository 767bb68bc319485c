//! Just enough PHP `serialize()`/`unserialize()` to append to `_application_passwords`.
//!
//! headpress-php is meant to own PHP serialization but has none yet; this covers the scalar
//! and array values WordPress stores there (objects are refused). Lengths are byte counts,
//! as in PHP, so strings are kept as bytes.

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PhpValue {
    Null,
    Bool(bool),
    Int(i64),
    /// Kept as the serialized text so it round-trips exactly.
    Float(String),
    Str(Vec<u8>),
    Array(Vec<(PhpKey, PhpValue)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PhpKey {
    Int(i64),
    Str(Vec<u8>),
}

pub(crate) fn serialize(value: &PhpValue, out: &mut Vec<u8>) {
    match value {
        PhpValue::Null => out.extend_from_slice(b"N;"),
        PhpValue::Bool(b) => out.extend_from_slice(if *b { b"b:1;" } else { b"b:0;" }),
        PhpValue::Int(i) => out.extend_from_slice(format!("i:{i};").as_bytes()),
        PhpValue::Float(f) => out.extend_from_slice(format!("d:{f};").as_bytes()),
        PhpValue::Str(s) => serialize_str(s, out),
        PhpValue::Array(items) => {
            out.extend_from_slice(format!("a:{}:{{", items.len()).as_bytes());
            for (key, item) in items {
                match key {
                    PhpKey::Int(i) => out.extend_from_slice(format!("i:{i};").as_bytes()),
                    PhpKey::Str(s) => serialize_str(s, out),
                }
                serialize(item, out);
            }
            out.push(b'}');
        }
    }
}

fn serialize_str(s: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(format!("s:{}:\"", s.len()).as_bytes());
    out.extend_from_slice(s);
    out.extend_from_slice(b"\";");
}

/// Parses one complete serialized value; trailing bytes are an error.
pub(crate) fn unserialize(input: &[u8]) -> Result<PhpValue, String> {
    let mut parser = Parser { input, pos: 0 };
    let value = parser.value()?;
    if parser.pos != input.len() {
        return Err(format!("trailing data at byte {}", parser.pos));
    }
    Ok(value)
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.input.get(self.pos) == Some(&byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("expected {:?} at byte {}", byte as char, self.pos))
        }
    }

    /// Reads up to (and consumes) `end`.
    fn until(&mut self, end: u8) -> Result<&[u8], String> {
        let start = self.pos;
        let rest = self.input.get(start..).unwrap_or_default();
        let len = rest
            .iter()
            .position(|&b| b == end)
            .ok_or_else(|| format!("unterminated value at byte {start}"))?;
        self.pos = start + len + 1;
        Ok(&rest[..len])
    }

    fn int_until(&mut self, end: u8) -> Result<i64, String> {
        let at = self.pos;
        let text = self.until(end)?;
        std::str::from_utf8(text)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| format!("bad integer at byte {at}"))
    }

    fn string_body(&mut self) -> Result<Vec<u8>, String> {
        let len = usize::try_from(self.int_until(b':')?).map_err(|e| e.to_string())?;
        self.expect(b'"')?;
        let end = self.pos + len;
        let bytes = self
            .input
            .get(self.pos..end)
            .ok_or_else(|| format!("string overruns input at byte {}", self.pos))?
            .to_vec();
        self.pos = end;
        self.expect(b'"')?;
        self.expect(b';')?;
        Ok(bytes)
    }

    fn value(&mut self) -> Result<PhpValue, String> {
        let tag = *self
            .input
            .get(self.pos)
            .ok_or_else(|| "unexpected end of input".to_owned())?;
        self.pos += 1;
        if tag == b'N' {
            self.expect(b';')?;
            return Ok(PhpValue::Null);
        }
        self.expect(b':')?;
        match tag {
            b'b' => Ok(PhpValue::Bool(self.int_until(b';')? != 0)),
            b'i' => Ok(PhpValue::Int(self.int_until(b';')?)),
            b'd' => {
                let text = self.until(b';')?;
                Ok(PhpValue::Float(String::from_utf8_lossy(text).into_owned()))
            }
            b's' => Ok(PhpValue::Str(self.string_body()?)),
            b'a' => {
                let count = self.int_until(b':')?;
                self.expect(b'{')?;
                let mut items = Vec::new();
                for _ in 0..count {
                    let key = match self.value()? {
                        PhpValue::Int(i) => PhpKey::Int(i),
                        PhpValue::Str(s) => PhpKey::Str(s),
                        other => return Err(format!("bad array key {other:?}")),
                    };
                    items.push((key, self.value()?));
                }
                self.expect(b'}')?;
                Ok(PhpValue::Array(items))
            }
            other => Err(format!("unsupported type {:?}", other as char)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_application_passwords_shape() {
        let text = b"a:1:{i:0;a:7:{s:4:\"uuid\";s:36:\"00000000-0000-4000-8000-000000000101\";s:6:\"app_id\";s:0:\"\";s:4:\"name\";s:6:\"oracle\";s:8:\"password\";s:34:\"$P$Bxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\";s:7:\"created\";i:1669885260;s:9:\"last_used\";N;s:7:\"last_ip\";N;}}";
        let value = unserialize(text).unwrap();
        let mut out = Vec::new();
        serialize(&value, &mut out);
        assert_eq!(out, text.to_vec());
    }

    #[test]
    fn counts_bytes_not_chars() {
        let value = unserialize("s:5:\"Zoë!\";".as_bytes()).unwrap();
        assert_eq!(value, PhpValue::Str("Zoë!".as_bytes().to_vec()));
        assert!(unserialize(b"O:8:\"stdClass\":0:{}").is_err());
    }
}
