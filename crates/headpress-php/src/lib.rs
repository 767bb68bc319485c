//! Pure WordPress/PHP behaviour, ported so Headpress reads and writes what WordPress does.
//!
//! - [`serialize`]: PHP `serialize()`/`unserialize()` at the value level, byte-exact, plus
//!   WordPress's `is_serialized`, `maybe_serialize`, `maybe_unserialize` and JSON conversion.
//! - [`password`]: user password hashes (phpass `$P$`, WordPress 6.8 `$wp$2y$`, bcrypt, MD5).
//! - [`app_password`]: application passwords (`$P$` before WordPress 6.8, `$generic$` after).
//! - [`sanitize`]: `remove_accents`, `sanitize_title`, `sanitize_key`, `wp_generate_password`.
//!
//! Architecture invariant: no I/O, no async, no database, no global state. Everything here is a
//! deterministic function of its inputs (password and salt generation aside), checked against
//! vectors minted by real PHP and WordPress 6.1 (`vectors/make-vectors.sh`).

pub mod app_password;
mod error;
pub mod password;
mod remove_accents_table;
pub mod render;
pub mod sanitize;
pub mod serialize;

pub use app_password::{
    ApplicationPassword, check_app_password, chunk_app_password, generate_app_password,
    hash_app_password, wp_fast_hash, wp_verify_fast_hash,
};
pub use error::Error;
pub use password::{
    check_password, hash_password_phpass, hash_password_phpass_with_salt, hash_password_wp_bcrypt,
};
pub use sanitize::{
    remove_accents, remove_accents_for_locale, sanitize_key, sanitize_title,
    sanitize_title_with_dashes, strip_tags, wp_generate_password,
};
pub use serialize::{
    PhpKey, PhpValue, is_serialized, maybe_serialize, maybe_unserialize, serialize, unserialize,
};
