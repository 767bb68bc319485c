//! WordPress user password hashes (`wp_users.user_pass`).
//!
//! WordPress 6.1 writes phpass "portable" hashes (`$P$B…`: salted MD5 iterated 2^13 times).
//! WordPress 6.8 writes `$wp$2y$…`: bcrypt over a base64 HMAC-SHA384 pre-hash. Both, plus plain
//! bcrypt and the bare MD5 hex of very old installs, are accepted by [`check_password`].

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha384;
use subtle::ConstantTimeEq;

/// phpass's alphabet for its base64-like encoding and for the iteration-count character.
const ITOA64: &[u8; 64] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// phpass and WordPress refuse passwords longer than this many bytes (a hashing-DoS guard).
const MAX_PASSWORD_BYTES: usize = 4096;

/// log2 of the iteration count WordPress uses: `new PasswordHash(8, true)` adds 5 for PHP >= 5.
const WORDPRESS_PHPASS_LOG2: usize = 13;

/// bcrypt cost of PHP's `password_hash(PASSWORD_BCRYPT)` default, which WordPress 6.8 uses.
const WORDPRESS_BCRYPT_COST: u32 = 10;

/// Checks `password` against a stored `user_pass` the way `wp_check_password` does, across
/// WordPress versions. The password is not trimmed (WordPress trims only when hashing).
pub fn check_password(password: &str, hash: &str) -> bool {
    let password = password.as_bytes();
    if hash.len() <= 32 {
        // Pre-2.5 installs stored the bare MD5 hex digest.
        let digest = hex_lower(&Md5::digest(password));
        return bool::from(digest.as_bytes().ct_eq(hash.as_bytes()));
    }
    if let Some(bcrypt_hash) = hash.strip_prefix("$wp") {
        return wp_bcrypt_prehash(password)
            .is_some_and(|prehash| bcrypt_verify(prehash.as_bytes(), bcrypt_hash));
    }
    if hash.starts_with("$P$") || hash.starts_with("$H$") {
        return phpass_check(password, hash);
    }
    bcrypt_verify(password, hash)
}

/// Hashes `password` as WordPress 6.1's `wp_hash_password` does: the password is trimmed of
/// PHP whitespace and hashed with phpass's portable scheme and a random 6-byte salt. Returns
/// `*` (which matches nothing) for passwords over 4096 bytes, as phpass does.
pub fn hash_password_phpass(password: &str) -> String {
    hash_password_phpass_with_salt(password, rand::random())
}

/// [`hash_password_phpass`] with a caller-chosen salt, for deterministic tests.
pub fn hash_password_phpass_with_salt(password: &str, salt: [u8; 6]) -> String {
    let password = php_trim(password);
    if password.len() > MAX_PASSWORD_BYTES {
        return "*".to_owned();
    }
    let mut setting = String::from("$P$");
    setting.push(char::from(ITOA64[WORDPRESS_PHPASS_LOG2]));
    setting.push_str(&encode64(&salt));
    crypt_private(password.as_bytes(), setting.as_bytes()).unwrap_or_else(|| "*".to_owned())
}

/// Hashes `password` as WordPress 6.8's `wp_hash_password` does: `$wp` followed by a `$2y$`
/// bcrypt (cost 10) of base64(HMAC-SHA384(key "wp-sha384", trimmed password)). WordPress 6.1
/// cannot verify these; use [`hash_password_phpass`] while the database is shared with it.
pub fn hash_password_wp_bcrypt(password: &str) -> String {
    let password = php_trim(password);
    if password.len() > MAX_PASSWORD_BYTES {
        return "*".to_owned();
    }
    wp_bcrypt_prehash(password.as_bytes())
        .and_then(|prehash| bcrypt::hash_with_result(prehash, WORDPRESS_BCRYPT_COST).ok())
        .map_or_else(
            || "*".to_owned(),
            |parts| format!("$wp{}", parts.format_for_version(bcrypt::Version::TwoY)),
        )
}

/// WordPress 6.8's pre-hash, which keeps long passwords from being cut at bcrypt's 72 bytes.
/// Always `Some`: HMAC accepts keys of any length, the `Option` only avoids a panic path.
fn wp_bcrypt_prehash(password: &[u8]) -> Option<String> {
    let mut mac = <Hmac<Sha384> as Mac>::new_from_slice(b"wp-sha384").ok()?;
    mac.update(password);
    Some(BASE64.encode(mac.finalize().into_bytes()))
}

fn bcrypt_verify(password: &[u8], hash: &str) -> bool {
    // The bcrypt crate truncates at 72 bytes like PHP's crypt_blowfish; malformed hashes fail.
    bcrypt::verify(password, hash).unwrap_or(false)
}

/// phpass `CheckPassword` for `$P$`/`$H$` hashes, compared in constant time.
fn phpass_check(password: &[u8], hash: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    match crypt_private(password, hash.as_bytes()) {
        Some(computed) => bool::from(computed.as_bytes().ct_eq(hash.as_bytes())),
        None => false,
    }
}

/// phpass's `crypt_private`: `None` where phpass returns its `*0`/`*1` failure markers.
fn crypt_private(password: &[u8], setting: &[u8]) -> Option<String> {
    if !(setting.starts_with(b"$P$") || setting.starts_with(b"$H$")) {
        return None;
    }
    let count_log2 = ITOA64
        .iter()
        .position(|&byte| Some(&byte) == setting.get(3))?;
    if !(7..=30).contains(&count_log2) {
        return None;
    }
    let salt = setting.get(4..12)?;
    let mut hash = Md5::new_with_prefix(salt).chain_update(password).finalize();
    for _ in 0..(1_u32 << count_log2) {
        hash = Md5::new_with_prefix(hash).chain_update(password).finalize();
    }
    // The first 12 bytes were checked above to be ASCII (`$P$`, an alphabet char, 8 salt bytes
    // that may be anything); build the output from bytes so a non-ASCII salt cannot split a char.
    let mut output = String::from_utf8(setting[..12].to_vec()).ok()?;
    output.push_str(&encode64(&hash));
    Some(output)
}

/// phpass's `encode64`: 6 bits per character, least significant first, no padding.
fn encode64(input: &[u8]) -> String {
    let mut output = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let value = chunk
            .iter()
            .enumerate()
            .fold(0_u32, |value, (index, &byte)| {
                value | (u32::from(byte) << (8 * index))
            });
        // A chunk of n bytes produces n + 1 characters.
        for sextet in 0..=chunk.len() {
            output.push(char::from(
                ITOA64[((value >> (6 * sextet)) & 0x3f) as usize],
            ));
        }
    }
    output
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, byte| {
        use std::fmt::Write as _;
        let _ = write!(out, "{byte:02x}");
        out
    })
}

/// PHP's `trim()` with its default character set.
pub(crate) fn php_trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B'])
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn vectors(text: &str) -> Value {
        serde_json::from_str(text).expect("vector file is JSON")
    }

    fn text<'a>(vector: &'a Value, name: &str) -> &'a str {
        vector[name].as_str().expect("string field")
    }

    #[test]
    fn phpass_hashes_match_wordpress() {
        let all = vectors(include_str!("../vectors/passwords.json"));
        for vector in all["phpass"].as_array().expect("phpass list") {
            let password = text(vector, "password");
            let hash = text(vector, "hash");
            assert!(check_password(password, hash), "{password:?} {hash}");
            assert!(!check_password(&format!("{password}x"), hash));
            if let Some(salt_hex) = vector["salt_hex"].as_str()
                && hash.as_bytes()[3] == b'B'
                && php_trim(password) == password
            {
                let salt: Vec<u8> = (0..12)
                    .step_by(2)
                    .map(|at| u8::from_str_radix(&salt_hex[at..at + 2], 16).expect("hex"))
                    .collect();
                let salt: [u8; 6] = salt.try_into().expect("6-byte salt");
                assert_eq!(hash_password_phpass_with_salt(password, salt), hash);
            }
        }
    }

    #[test]
    fn other_hash_formats_match_php() {
        let all = vectors(include_str!("../vectors/passwords.json"));
        for vector in all["other"].as_array().expect("other list") {
            let password = text(vector, "password");
            let hash = text(vector, "hash");
            assert!(
                check_password(password, hash),
                "{} {password:?}",
                vector["kind"]
            );
            assert!(!check_password("wrong", hash), "{}", vector["kind"]);
        }
    }

    #[test]
    fn fixture_user_passwords_verify() {
        let users = vectors(include_str!("../vectors/fixture-users.json"));
        for user in users.as_array().expect("user list") {
            let hash = text(user, "user_pass");
            assert!(
                check_password(text(user, "password"), hash),
                "{}",
                user["login"]
            );
            assert!(!check_password(text(user, "app_password"), hash));
        }
    }

    #[test]
    fn new_hashes_verify_and_are_salted() {
        let first = hash_password_phpass("s3cret ");
        let second = hash_password_phpass("s3cret");
        assert!(first.starts_with("$P$B") && first.len() == 34);
        assert_ne!(first, second);
        // Hashing trims, checking does not: exactly WordPress's asymmetry.
        assert!(check_password("s3cret", &first));
        assert!(!check_password("s3cret ", &first));
        let wp68 = hash_password_wp_bcrypt("s3cret");
        assert!(wp68.starts_with("$wp$2y$10$"), "{wp68}");
        assert!(check_password("s3cret", &wp68));
        assert!(!check_password("s3cre", &wp68));
        assert_eq!(hash_password_phpass(&"x".repeat(5000)), "*");
    }

    #[test]
    fn malformed_hashes_never_match() {
        for hash in [
            "",
            "*",
            "*0",
            "$P$",
            "$P$Bshort",
            "$P$!12345678abcdefghijklmnopqrstuv",
            "$2y$04$bad",
            "$wp",
        ] {
            assert!(!check_password("", hash), "{hash:?}");
            assert!(!check_password("password", hash), "{hash:?}");
        }
        assert!(!check_password(
            &"a".repeat(5000),
            "$P$B12345678abcdefghijklmnopqrstuv"
        ));
    }
}
