//! WordPress 6.1's database on SQLite, PostgreSQL and MySQL/MariaDB: the schema of
//! `wp_get_db_schema()`, the content of `wp_install()`, and a copier between backends.
//!
//! Architecture invariant: this crate never writes to a database that already holds a
//! WordPress install unless asked to (`copy_database` with `replace`, or adding an
//! application password). The version marker is WordPress's own `db_version` option, so a
//! database made by PHP WordPress and one made here look the same; there is no
//! `seaql_migrations` table.

mod app_password;
mod copy;
mod error;
mod install;
pub mod schema;
mod sql;

pub use app_password::{
    NewApplicationPassword, OPTION_KEY_IN_USE, USERMETA_KEY, chunk_password,
    create_application_password, uuid4,
};
pub use copy::{CopyOptions, CopyProgress, CopyReport, copy_database, table_digest};
pub use error::Error;
pub use install::{InstallOptions, MigrateOutcome, WP_DB_VERSION, migrate};
pub use schema::{create_schema, existing_tables};
