//! The crate's one error type.

use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Db(#[from] DbErr),

    #[error("table prefix {0:?} is not valid: WordPress prefixes use only A-Z, a-z, 0-9 and _")]
    InvalidPrefix(String),

    #[error(
        "the database already holds WordPress tables with prefix {prefix:?} ({}) but {prefix}options \
         has no db_version option; refusing to alter a database that is neither empty nor a \
         WordPress install",
        found.join(", ")
    )]
    PartialInstall { prefix: String, found: Vec<String> },

    #[error("invalid install option: {0}")]
    InvalidInstall(String),

    #[error(
        "the target database already has rows in {}; use --replace to drop and recreate the \
         prefix's tables",
        tables.iter().map(|(t, n)| format!("{t} ({n} rows)")).collect::<Vec<_>>().join(", ")
    )]
    TargetNotEmpty { tables: Vec<(String, u64)> },

    #[error("copying {table}: {message}")]
    Copy { table: String, message: String },

    #[error("row count mismatch after copying {table}: source {source_rows}, target {target_rows}")]
    CountMismatch {
        table: String,
        source_rows: u64,
        target_rows: u64,
    },

    #[error("no user with login {0:?}")]
    UnknownUser(String),

    #[error("malformed PHP-serialized value in {what}: {reason}")]
    Unserialize { what: String, reason: String },
}
