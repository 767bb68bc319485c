//! The crate's one error type.

/// Why a PHP-serialized byte string could not be read.
///
/// Offsets are byte positions in the input, so a caller can show where the data went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input does not follow PHP's serialization grammar.
    #[error("malformed PHP serialized data at byte {offset}: {reason}")]
    Malformed { offset: usize, reason: &'static str },
    /// The input ended in the middle of a value.
    #[error("PHP serialized data ends early at byte {offset}")]
    UnexpectedEnd { offset: usize },
    /// `r:`/`R:` back-references are not modelled; WordPress never writes them for options or meta.
    #[error("PHP serialized references (r:/R:) are not supported, found at byte {offset}")]
    UnsupportedReference { offset: usize },
    /// `C:` (Serializable), `E:` (enum) and `S:` (escaped string) values are not modelled.
    #[error("PHP serialized type '{token}' is not supported, found at byte {offset}")]
    UnsupportedType { offset: usize, token: char },
    /// Arrays and objects nest deeper than the parser allows (a guard against stack exhaustion).
    #[error("PHP serialized data nests deeper than {limit} levels at byte {offset}")]
    TooDeep { offset: usize, limit: usize },
    /// A complete value was read but bytes follow it.
    #[error("{count} unexpected bytes after the PHP serialized value at byte {offset}")]
    TrailingData { offset: usize, count: usize },
}
