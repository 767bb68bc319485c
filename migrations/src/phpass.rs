//! The phpass "portable" hash (`$P$B…`) WordPress 6.1's `wp_hash_password()` produces.
//!
//! headpress-php is meant to own password hashing; it does not provide a phpass hasher yet,
//! so this crate carries the ~40 lines it needs to create the admin user and application
//! passwords in the exact format WordPress 6.1 writes.

use md5::{Digest, Md5};
use rand::RngCore;

const ITOA64: &[u8; 64] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// WordPress's `PasswordHash( 8, true )`: 2^8 MD5 rounds.
const ITERATION_COUNT_LOG2: usize = 8;

/// Mirrors `wp_hash_password()` of WordPress 6.1 (which trims the password first).
pub fn hash_password(password: &str) -> String {
    let mut random = [0u8; 6];
    rand::rng().fill_bytes(&mut random);
    let setting = format!(
        "$P${}{}",
        ITOA64[ITERATION_COUNT_LOG2 + 5] as char,
        encode64(&random)
    );
    crypt_private(password.trim(), &setting)
}

/// phpass's `crypt_private()` for a `$P$` setting (12 characters: id, cost, 8-char salt).
pub fn crypt_private(password: &str, setting: &str) -> String {
    let bytes = setting.as_bytes();
    if bytes.len() < 12 || !setting.starts_with("$P$") {
        return "*0".to_owned();
    }
    let Some(log2) = ITOA64.iter().position(|&c| c == bytes[3]) else {
        return "*0".to_owned();
    };
    if !(7..=30).contains(&log2) {
        return "*0".to_owned();
    }
    let salt = &bytes[4..12];
    let mut hash = Md5::new()
        .chain_update(salt)
        .chain_update(password.as_bytes())
        .finalize();
    for _ in 0..(1u64 << log2) {
        hash = Md5::new()
            .chain_update(hash)
            .chain_update(password.as_bytes())
            .finalize();
    }
    format!("{}{}", &setting[..12], encode64(&hash))
}

/// phpass's `encode64()`: little-endian 6-bit groups over ITOA64.
fn encode64(input: &[u8]) -> String {
    let count = input.len();
    let mut out = String::new();
    let mut i = 0;
    while i < count {
        let mut value = u32::from(input[i]);
        i += 1;
        out.push(ITOA64[(value & 0x3f) as usize] as char);
        if i < count {
            value |= u32::from(input[i]) << 8;
        }
        out.push(ITOA64[((value >> 6) & 0x3f) as usize] as char);
        if i >= count {
            break;
        }
        i += 1;
        if i < count {
            value |= u32::from(input[i]) << 16;
        }
        out.push(ITOA64[((value >> 12) & 0x3f) as usize] as char);
        if i >= count {
            break;
        }
        i += 1;
        out.push(ITOA64[((value >> 18) & 0x3f) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The oracle's admin password, hashed by WordPress with a pinned salt (lib/install.php).
    #[test]
    fn matches_wordpress_vector() {
        let salt_src = format!("{:x}", Md5::digest(b"oracle-salt|login|admin"));
        let setting = format!("$P$B{}", &salt_src[..8]);
        assert_eq!(
            crypt_private("oracle-admin-password", &setting),
            "$P$Bdc424afeYi5RncUGkZ/XU9ykicJDv0"
        );
    }

    #[test]
    fn random_hash_verifies() {
        let hash = hash_password(" secret ");
        assert_eq!(hash.len(), 34);
        assert!(hash.starts_with("$P$B"));
        assert_eq!(crypt_private("secret", &hash), hash);
    }
}
