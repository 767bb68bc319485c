//! Application passwords (`WP_Application_Passwords`), used for REST Basic auth.
//!
//! They live PHP-serialized in usermeta `_application_passwords` as a list of
//! `{uuid, app_id, name, password, created, last_used, last_ip}`. WordPress 6.1 stores
//! `password` as a phpass `$P$` hash; 6.8 switched to `$generic$` (`wp_fast_hash`, keyed BLAKE2b).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use blake2::Blake2bMac;
use blake2::digest::Mac as _;
use blake2::digest::consts::U30;
use subtle::ConstantTimeEq;

use crate::password::{check_password, hash_password_phpass};
use crate::sanitize::wp_generate_password;
use crate::serialize::PhpValue;

/// The key `wp_fast_hash` passes to `sodium_crypto_generichash`.
const FAST_HASH_KEY: &[u8] = b"wp_fast_hash_6.8+";
const FAST_HASH_PREFIX: &str = "$generic$";

/// Length of a generated application password (`WP_Application_Passwords::PW_LENGTH`).
pub const APP_PASSWORD_LENGTH: usize = 24;

/// Checks a password given over Basic auth against one stored application-password hash.
///
/// As WordPress does, every character other than ASCII letters and digits is dropped first, so
/// the spaced form `abcd efgh …` that WordPress displays works too.
pub fn check_app_password(password: &str, stored_hash: &str) -> bool {
    let password: String = password
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if stored_hash.starts_with(FAST_HASH_PREFIX) {
        wp_verify_fast_hash(&password, stored_hash)
    } else {
        check_password(&password, stored_hash)
    }
}

/// Hashes a new application password the way WordPress 6.1 stores it (`wp_hash_password`, phpass),
/// so the WordPress site sharing the database still accepts it.
pub fn hash_app_password(password: &str) -> String {
    hash_password_phpass(password)
}

/// WordPress 6.8's `wp_fast_hash`: `$generic$` + unpadded URL-safe base64 of a 30-byte BLAKE2b
/// keyed with `wp_fast_hash_6.8+`.
pub fn wp_fast_hash(message: &str) -> String {
    let digest = match <Blake2bMac<U30>>::new_from_slice(FAST_HASH_KEY) {
        Ok(mut mac) => {
            mac.update(message.as_bytes());
            mac.finalize().into_bytes()
        }
        // Unreachable: the 17-byte key is within BLAKE2b's 64-byte limit.
        Err(_) => return String::from("*"),
    };
    format!("{FAST_HASH_PREFIX}{}", URL_SAFE_NO_PAD.encode(digest))
}

/// WordPress 6.8's `wp_verify_fast_hash`: compares in constant time; hashes without the
/// `$generic$` prefix fall back to [`check_password`] (they predate 6.8).
pub fn wp_verify_fast_hash(message: &str, hash: &str) -> bool {
    if !hash.starts_with(FAST_HASH_PREFIX) {
        return check_password(message, hash);
    }
    bool::from(wp_fast_hash(message).as_bytes().ct_eq(hash.as_bytes()))
}

/// A fresh application password: 24 characters from `a-zA-Z0-9` (`wp_generate_password(24, false)`).
pub fn generate_app_password() -> String {
    wp_generate_password(APP_PASSWORD_LENGTH, false)
}

/// Splits a password into space-separated groups of four characters, as WordPress displays it
/// (`WP_Application_Passwords::chunk_password`); characters other than `a-zA-Z0-9` are dropped.
pub fn chunk_app_password(password: &str) -> String {
    let chars: Vec<char> = password
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    chars
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One entry of usermeta `_application_passwords`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationPassword {
    pub uuid: String,
    pub app_id: String,
    pub name: String,
    /// The stored hash (`$P$…` or `$generic$…`), never the password itself.
    pub password_hash: String,
    /// Unix timestamp.
    pub created: i64,
    pub last_used: Option<i64>,
    pub last_ip: Option<String>,
}

impl ApplicationPassword {
    /// Reads the unserialized `_application_passwords` meta value; entries without a uuid or
    /// hash are skipped, as WordPress cannot use them either.
    pub fn list_from_meta(meta: &PhpValue) -> Vec<ApplicationPassword> {
        let Some(entries) = meta.entries() else {
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|(_, item)| ApplicationPassword::from_php(item))
            .collect()
    }

    fn from_php(item: &PhpValue) -> Option<ApplicationPassword> {
        let text = |key: &str| item.get(key).and_then(PhpValue::as_str).map(str::to_owned);
        let int = |key: &str| {
            item.get(key).and_then(|value| match value {
                PhpValue::Int(int) => Some(*int),
                PhpValue::String(_) => value.as_str()?.parse().ok(),
                _ => None,
            })
        };
        Some(ApplicationPassword {
            uuid: text("uuid")?,
            app_id: text("app_id").unwrap_or_default(),
            name: text("name").unwrap_or_default(),
            password_hash: text("password")?,
            created: int("created").unwrap_or(0),
            last_used: int("last_used"),
            last_ip: text("last_ip"),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::serialize::unserialize;

    fn vectors(text: &str) -> Vec<Value> {
        match serde_json::from_str(text) {
            Ok(Value::Array(items)) => items,
            other => panic!("vector file is not a JSON array: {other:?}"),
        }
    }

    #[test]
    fn fixture_app_passwords_verify_against_stored_meta() {
        for user in vectors(include_str!("../vectors/fixture-users.json")) {
            let meta = user["application_passwords_meta"].as_str().expect("meta");
            let entries = ApplicationPassword::list_from_meta(
                &unserialize(meta.as_bytes()).expect("meta parses"),
            );
            assert_eq!(entries.len(), 1, "{}", user["login"]);
            let entry = &entries[0];
            assert_eq!(entry.name, "oracle");
            assert_eq!(entry.last_used, None);
            assert!(entry.created > 1_600_000_000);
            let app_password = user["app_password"].as_str().expect("app password");
            assert!(check_app_password(app_password, &entry.password_hash));
            assert!(check_app_password(
                &chunk_app_password(app_password),
                &entry.password_hash
            ));
            assert!(!check_app_password(
                user["password"].as_str().expect("password"),
                &entry.password_hash
            ));
        }
    }

    #[test]
    fn fast_hash_matches_libsodium() {
        for vector in vectors(include_str!("../vectors/fast-hash.json")) {
            let message = vector["message"].as_str().expect("message");
            let hash = vector["hash"].as_str().expect("hash");
            assert_eq!(wp_fast_hash(message), hash);
            assert!(wp_verify_fast_hash(message, hash));
            assert!(!wp_verify_fast_hash(&format!("{message}!"), hash));
        }
        // Spaces and dashes are stripped before the hash is checked.
        let hash = wp_fast_hash("OracleAdminAppPassword01");
        assert!(check_app_password("Orac-leAd minA ppPa sswo rd01", &hash));
    }

    #[test]
    fn generated_passwords_have_wordpress_shape() {
        let password = generate_app_password();
        assert_eq!(password.len(), APP_PASSWORD_LENGTH);
        assert!(password.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(password, generate_app_password());
        let chunked = chunk_app_password(&password);
        assert_eq!(chunked.len(), 29);
        assert_eq!(chunked.split(' ').count(), 6);
        assert_eq!(chunk_app_password("abcdefghij"), "abcd efgh ij");
        assert_eq!(chunk_app_password("ab-cd ef"), "abcd ef");
        let hash = hash_app_password(&password);
        assert!(hash.starts_with("$P$B"));
        assert!(check_app_password(&chunked, &hash));
    }
}
