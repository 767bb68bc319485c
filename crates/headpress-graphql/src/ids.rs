//! WPGraphQL's identities: global IDs (`base64("post:11")`) and connection cursors
//! (`base64("arrayconnection:11")`, applied as keyset conditions, never as offsets).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// `\GraphQLRelay\Relay::toGlobalId( $type, $id )`.
pub fn global_id(kind: &str, id: u64) -> String {
    STANDARD.encode(format!("{kind}:{id}"))
}

/// `Relay::fromGlobalId`: the kind and key, or `None` for anything that is not one.
pub fn from_global_id(id: &str) -> Option<(String, String)> {
    let bytes = STANDARD.decode(id.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (kind, key) = text.split_once(':')?;
    Some((kind.to_owned(), key.to_owned()))
}

/// A global ID of the given kind with a numeric key.
pub fn from_global_id_of(id: &str, kind: &str) -> Option<u64> {
    match from_global_id(id) {
        Some((k, key)) if k == kind => key.parse().ok(),
        _ => None,
    }
}

/// The cursor of a node in a connection.
pub fn cursor(id: u64) -> String {
    STANDARD.encode(format!("arrayconnection:{id}"))
}

/// Decodes a cursor; an empty string counts as no cursor, as in WPGraphQL.
pub fn decode_cursor(cursor: Option<&str>) -> Option<u64> {
    let cursor = cursor?.trim();
    if cursor.is_empty() {
        return None;
    }
    let bytes = STANDARD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix("arrayconnection:")?.parse().ok()
}

/// The key a cursor names (`arrayconnection:<key>`), whatever its kind.
pub fn decode_cursor_key(cursor: &str) -> Option<String> {
    let bytes = STANDARD.decode(cursor.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix("arrayconnection:").map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_wpgraphql() {
        assert_eq!(global_id("post", 1), "cG9zdDox");
        assert_eq!(cursor(48), "YXJyYXljb25uZWN0aW9uOjQ4");
        assert_eq!(decode_cursor(Some("YXJyYXljb25uZWN0aW9uOjQ4")), Some(48));
        assert_eq!(decode_cursor(Some("")), None);
        assert_eq!(from_global_id_of("dGVybTo1", "term"), Some(5));
    }
}
