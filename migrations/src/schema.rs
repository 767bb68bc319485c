//! WordPress 6.1's twelve single-site tables (`wp_get_db_schema()` in schema.php), declared
//! once and rendered as DDL per backend.
//!
//! The tables are declared as data and turned into SQL strings by hand rather than through
//! sea-query's `Table::create()`: WordPress's MySQL DDL needs prefix indexes (`meta_key(191)`),
//! `unsigned`, display widths, zero-date defaults and a table collation, none of which the
//! builder can express, and the copier needs the same declaration to know how to decode each
//! column. One declaration keeps the three dialects and the copier in step.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait};

use crate::Error;
use crate::sql::{quote, rows_to_strings};

/// A column's SQL type as WordPress declares it for MySQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// `bigint(20) unsigned`: every WordPress ID and foreign key.
    UnsignedBigInt,
    /// `bigint(N)` (signed): `comment_count`, `count`, `term_group`.
    BigInt(u8),
    /// `int(11)`.
    Int,
    /// `varchar(N)`.
    VarChar(u16),
    TinyText,
    Text,
    MediumText,
    LongText,
    /// `datetime`, where `0000-00-00 00:00:00` means "no date".
    DateTime,
}

/// How the copier moves a column's values between backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Integer,
    Text,
    DateTime,
}

impl ColumnType {
    pub fn kind(self) -> ValueKind {
        match self {
            Self::UnsignedBigInt | Self::BigInt(_) | Self::Int => ValueKind::Integer,
            Self::DateTime => ValueKind::DateTime,
            _ => ValueKind::Text,
        }
    }
}

/// A column default, as schema.php writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnDefault {
    /// No `DEFAULT` clause.
    None,
    /// `default NULL` on a nullable column.
    Null,
    Int(i64),
    Str(&'static str),
    /// `default '0000-00-00 00:00:00'`.
    ZeroDate,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColumnType,
    pub not_null: bool,
    pub default: ColumnDefault,
    pub auto_increment: bool,
}

/// A secondary index; `prefix` is MySQL's index prefix length (`meta_key(191)`), which the
/// other backends do not need.
#[derive(Debug, Clone, Copy)]
pub struct Index {
    pub name: &'static str,
    pub unique: bool,
    pub columns: &'static [(&'static str, Option<u16>)],
}

/// One WordPress table without its prefix.
#[derive(Debug, Clone, Copy)]
pub struct TableDef {
    /// The name after the prefix, e.g. `posts`.
    pub suffix: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub indexes: &'static [Index],
}

impl TableDef {
    pub fn name(&self, prefix: &str) -> String {
        format!("{prefix}{}", self.suffix)
    }

    /// The `auto_increment` column, if the table has one.
    pub fn auto_increment(&self) -> Option<&'static str> {
        self.columns
            .iter()
            .find(|c| c.auto_increment)
            .map(|c| c.name)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn id(name: &'static str) -> Column {
    Column {
        name,
        ty: ColumnType::UnsignedBigInt,
        not_null: true,
        default: ColumnDefault::None,
        auto_increment: true,
    }
}

const fn uint(name: &'static str, default: i64) -> Column {
    Column {
        name,
        ty: ColumnType::UnsignedBigInt,
        not_null: true,
        default: ColumnDefault::Int(default),
        auto_increment: false,
    }
}

const fn bigint(name: &'static str, width: u8) -> Column {
    Column {
        name,
        ty: ColumnType::BigInt(width),
        not_null: true,
        default: ColumnDefault::Int(0),
        auto_increment: false,
    }
}

const fn int(name: &'static str) -> Column {
    Column {
        name,
        ty: ColumnType::Int,
        not_null: true,
        default: ColumnDefault::Int(0),
        auto_increment: false,
    }
}

const fn varchar(name: &'static str, len: u16, default: &'static str) -> Column {
    Column {
        name,
        ty: ColumnType::VarChar(len),
        not_null: true,
        default: ColumnDefault::Str(default),
        auto_increment: false,
    }
}

/// `NOT NULL` text without a default (MySQL cannot give TEXT columns one).
const fn text(name: &'static str, ty: ColumnType) -> Column {
    Column {
        name,
        ty,
        not_null: true,
        default: ColumnDefault::None,
        auto_increment: false,
    }
}

const fn datetime(name: &'static str) -> Column {
    Column {
        name,
        ty: ColumnType::DateTime,
        not_null: true,
        default: ColumnDefault::ZeroDate,
        auto_increment: false,
    }
}

/// The meta tables' `meta_key varchar(255) default NULL`.
const META_KEY: Column = Column {
    name: "meta_key",
    ty: ColumnType::VarChar(255),
    not_null: false,
    default: ColumnDefault::Null,
    auto_increment: false,
};

/// The meta tables' `meta_value longtext` (nullable, no default).
const META_VALUE: Column = Column {
    name: "meta_value",
    ty: ColumnType::LongText,
    not_null: false,
    default: ColumnDefault::None,
    auto_increment: false,
};

/// WordPress's `$max_index_length` for utf8mb4 (191 characters fit InnoDB's 767-byte limit).
const MAX_INDEX_LENGTH: Option<u16> = Some(191);

const fn key(name: &'static str, columns: &'static [(&'static str, Option<u16>)]) -> Index {
    Index {
        name,
        unique: false,
        columns,
    }
}

const fn unique(name: &'static str, columns: &'static [(&'static str, Option<u16>)]) -> Index {
    Index {
        name,
        unique: true,
        columns,
    }
}

/// The twelve tables of a WordPress 6.1 single site, in schema.php's order.
pub const TABLES: [TableDef; 12] = [
    TableDef {
        suffix: "termmeta",
        columns: &[id("meta_id"), uint("term_id", 0), META_KEY, META_VALUE],
        primary_key: &["meta_id"],
        indexes: &[
            key("term_id", &[("term_id", None)]),
            key("meta_key", &[("meta_key", MAX_INDEX_LENGTH)]),
        ],
    },
    TableDef {
        suffix: "terms",
        columns: &[
            id("term_id"),
            varchar("name", 200, ""),
            varchar("slug", 200, ""),
            bigint("term_group", 10),
        ],
        primary_key: &["term_id"],
        indexes: &[
            key("slug", &[("slug", MAX_INDEX_LENGTH)]),
            key("name", &[("name", MAX_INDEX_LENGTH)]),
        ],
    },
    TableDef {
        suffix: "term_taxonomy",
        columns: &[
            id("term_taxonomy_id"),
            uint("term_id", 0),
            varchar("taxonomy", 32, ""),
            text("description", ColumnType::LongText),
            uint("parent", 0),
            bigint("count", 20),
        ],
        primary_key: &["term_taxonomy_id"],
        indexes: &[
            unique("term_id_taxonomy", &[("term_id", None), ("taxonomy", None)]),
            key("taxonomy", &[("taxonomy", None)]),
        ],
    },
    TableDef {
        suffix: "term_relationships",
        columns: &[
            uint("object_id", 0),
            uint("term_taxonomy_id", 0),
            int("term_order"),
        ],
        primary_key: &["object_id", "term_taxonomy_id"],
        indexes: &[key("term_taxonomy_id", &[("term_taxonomy_id", None)])],
    },
    TableDef {
        suffix: "commentmeta",
        columns: &[id("meta_id"), uint("comment_id", 0), META_KEY, META_VALUE],
        primary_key: &["meta_id"],
        indexes: &[
            key("comment_id", &[("comment_id", None)]),
            key("meta_key", &[("meta_key", MAX_INDEX_LENGTH)]),
        ],
    },
    TableDef {
        suffix: "comments",
        columns: &[
            id("comment_ID"),
            uint("comment_post_ID", 0),
            text("comment_author", ColumnType::TinyText),
            varchar("comment_author_email", 100, ""),
            varchar("comment_author_url", 200, ""),
            varchar("comment_author_IP", 100, ""),
            datetime("comment_date"),
            datetime("comment_date_gmt"),
            text("comment_content", ColumnType::Text),
            int("comment_karma"),
            varchar("comment_approved", 20, "1"),
            varchar("comment_agent", 255, ""),
            varchar("comment_type", 20, "comment"),
            uint("comment_parent", 0),
            uint("user_id", 0),
        ],
        primary_key: &["comment_ID"],
        indexes: &[
            key("comment_post_ID", &[("comment_post_ID", None)]),
            key(
                "comment_approved_date_gmt",
                &[("comment_approved", None), ("comment_date_gmt", None)],
            ),
            key("comment_date_gmt", &[("comment_date_gmt", None)]),
            key("comment_parent", &[("comment_parent", None)]),
            key(
                "comment_author_email",
                &[("comment_author_email", Some(10))],
            ),
        ],
    },
    TableDef {
        suffix: "links",
        columns: &[
            id("link_id"),
            varchar("link_url", 255, ""),
            varchar("link_name", 255, ""),
            varchar("link_image", 255, ""),
            varchar("link_target", 25, ""),
            varchar("link_description", 255, ""),
            varchar("link_visible", 20, "Y"),
            uint("link_owner", 1),
            int("link_rating"),
            datetime("link_updated"),
            varchar("link_rel", 255, ""),
            text("link_notes", ColumnType::MediumText),
            varchar("link_rss", 255, ""),
        ],
        primary_key: &["link_id"],
        indexes: &[key("link_visible", &[("link_visible", None)])],
    },
    TableDef {
        suffix: "options",
        columns: &[
            id("option_id"),
            varchar("option_name", 191, ""),
            text("option_value", ColumnType::LongText),
            varchar("autoload", 20, "yes"),
        ],
        primary_key: &["option_id"],
        indexes: &[
            unique("option_name", &[("option_name", None)]),
            key("autoload", &[("autoload", None)]),
        ],
    },
    TableDef {
        suffix: "postmeta",
        columns: &[id("meta_id"), uint("post_id", 0), META_KEY, META_VALUE],
        primary_key: &["meta_id"],
        indexes: &[
            key("post_id", &[("post_id", None)]),
            key("meta_key", &[("meta_key", MAX_INDEX_LENGTH)]),
        ],
    },
    TableDef {
        suffix: "posts",
        columns: &[
            id("ID"),
            uint("post_author", 0),
            datetime("post_date"),
            datetime("post_date_gmt"),
            text("post_content", ColumnType::LongText),
            text("post_title", ColumnType::Text),
            text("post_excerpt", ColumnType::Text),
            varchar("post_status", 20, "publish"),
            varchar("comment_status", 20, "open"),
            varchar("ping_status", 20, "open"),
            varchar("post_password", 255, ""),
            varchar("post_name", 200, ""),
            text("to_ping", ColumnType::Text),
            text("pinged", ColumnType::Text),
            datetime("post_modified"),
            datetime("post_modified_gmt"),
            text("post_content_filtered", ColumnType::LongText),
            uint("post_parent", 0),
            varchar("guid", 255, ""),
            int("menu_order"),
            varchar("post_type", 20, "post"),
            varchar("post_mime_type", 100, ""),
            bigint("comment_count", 20),
        ],
        primary_key: &["ID"],
        indexes: &[
            key("post_name", &[("post_name", MAX_INDEX_LENGTH)]),
            key(
                "type_status_date",
                &[
                    ("post_type", None),
                    ("post_status", None),
                    ("post_date", None),
                    ("ID", None),
                ],
            ),
            key("post_parent", &[("post_parent", None)]),
            key("post_author", &[("post_author", None)]),
        ],
    },
    TableDef {
        suffix: "users",
        columns: &[
            id("ID"),
            varchar("user_login", 60, ""),
            varchar("user_pass", 255, ""),
            varchar("user_nicename", 50, ""),
            varchar("user_email", 100, ""),
            varchar("user_url", 100, ""),
            datetime("user_registered"),
            varchar("user_activation_key", 255, ""),
            int("user_status"),
            varchar("display_name", 250, ""),
        ],
        primary_key: &["ID"],
        indexes: &[
            key("user_login_key", &[("user_login", None)]),
            key("user_nicename", &[("user_nicename", None)]),
            key("user_email", &[("user_email", None)]),
        ],
    },
    TableDef {
        suffix: "usermeta",
        columns: &[id("umeta_id"), uint("user_id", 0), META_KEY, META_VALUE],
        primary_key: &["umeta_id"],
        indexes: &[
            key("user_id", &[("user_id", None)]),
            key("meta_key", &[("meta_key", MAX_INDEX_LENGTH)]),
        ],
    },
];

/// The declaration of one table by its suffix (`posts`).
pub fn table(suffix: &str) -> Option<&'static TableDef> {
    TABLES.iter().find(|t| t.suffix == suffix)
}

/// The DDL statements creating one table (and its indexes) on `backend`.
pub fn create_table_sql(backend: DbBackend, prefix: &str, def: &TableDef) -> Vec<String> {
    match backend {
        DbBackend::MySql => vec![mysql_create_table(prefix, def)],
        DbBackend::Postgres => portable_create_table(backend, prefix, def),
        _ => portable_create_table(DbBackend::Sqlite, prefix, def),
    }
}

/// schema.php's DDL verbatim in spirit: display widths, `unsigned`, zero-date defaults,
/// prefix indexes and the utf8mb4_unicode_520_ci collation WordPress picks on modern MySQL.
fn mysql_create_table(prefix: &str, def: &TableDef) -> String {
    let q = |name: &str| quote(DbBackend::MySql, name);
    let mut lines = Vec::new();
    for col in def.columns {
        let ty = match col.ty {
            ColumnType::UnsignedBigInt => "bigint(20) unsigned".to_owned(),
            ColumnType::BigInt(width) => format!("bigint({width})"),
            ColumnType::Int => "int(11)".to_owned(),
            ColumnType::VarChar(len) => format!("varchar({len})"),
            ColumnType::TinyText => "tinytext".to_owned(),
            ColumnType::Text => "text".to_owned(),
            ColumnType::MediumText => "mediumtext".to_owned(),
            ColumnType::LongText => "longtext".to_owned(),
            ColumnType::DateTime => "datetime".to_owned(),
        };
        let mut line = format!("{} {ty}", q(col.name));
        if col.not_null {
            line.push_str(" NOT NULL");
        }
        match col.default {
            ColumnDefault::None => {}
            ColumnDefault::Null => line.push_str(" DEFAULT NULL"),
            ColumnDefault::Int(n) => line.push_str(&format!(" DEFAULT {n}")),
            ColumnDefault::Str(s) => line.push_str(&format!(" DEFAULT '{s}'")),
            ColumnDefault::ZeroDate => line.push_str(" DEFAULT '0000-00-00 00:00:00'"),
        }
        if col.auto_increment {
            line.push_str(" AUTO_INCREMENT");
        }
        lines.push(line);
    }
    let pk: Vec<String> = def.primary_key.iter().map(|c| q(c)).collect();
    lines.push(format!("PRIMARY KEY ({})", pk.join(",")));
    for index in def.indexes {
        let cols: Vec<String> = index
            .columns
            .iter()
            .map(|(c, len)| match len {
                Some(len) => format!("{}({len})", q(c)),
                None => q(c),
            })
            .collect();
        let kind = if index.unique { "UNIQUE KEY" } else { "KEY" };
        lines.push(format!("{kind} {} ({})", q(index.name), cols.join(",")));
    }
    format!(
        "CREATE TABLE {} (\n  {}\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci",
        q(&def.name(prefix)),
        lines.join(",\n  ")
    )
}

/// PostgreSQL and SQLite: WordPress's column names (case kept, so always quoted), portable
/// types, and the zero date as NULL (PostgreSQL has no such timestamp) or as the literal text
/// (SQLite stores dates as text anyway). Index names are global per schema on both, so
/// they carry the table name.
fn portable_create_table(backend: DbBackend, prefix: &str, def: &TableDef) -> Vec<String> {
    let pg = backend == DbBackend::Postgres;
    let q = |name: &str| quote(backend, name);
    let table = def.name(prefix);
    let single_auto_pk = def.primary_key.len() == 1 && def.auto_increment().is_some();
    let mut lines = Vec::new();
    for col in def.columns {
        if col.auto_increment && single_auto_pk {
            lines.push(if pg {
                format!("{} bigint GENERATED BY DEFAULT AS IDENTITY", q(col.name))
            } else {
                format!("{} INTEGER PRIMARY KEY AUTOINCREMENT", q(col.name))
            });
            continue;
        }
        let ty = match (pg, col.ty) {
            (true, ColumnType::UnsignedBigInt | ColumnType::BigInt(_)) => "bigint".to_owned(),
            (true, ColumnType::Int) => "integer".to_owned(),
            (true, ColumnType::VarChar(len)) => format!("varchar({len})"),
            (true, ColumnType::DateTime) => "timestamp(0) without time zone".to_owned(),
            (true, _) => "text".to_owned(),
            (false, ColumnType::UnsignedBigInt | ColumnType::BigInt(_) | ColumnType::Int) => {
                "INTEGER".to_owned()
            }
            (false, _) => "TEXT".to_owned(),
        };
        let mut line = format!("{} {ty}", q(col.name));
        // On PostgreSQL NULL stands for the zero date, so datetime columns stay nullable.
        let datetime_on_pg = pg && col.ty == ColumnType::DateTime;
        if col.not_null && !datetime_on_pg {
            line.push_str(" NOT NULL");
        }
        match col.default {
            ColumnDefault::None | ColumnDefault::Null => {}
            ColumnDefault::Int(n) => line.push_str(&format!(" DEFAULT {n}")),
            ColumnDefault::Str(s) => line.push_str(&format!(" DEFAULT '{s}'")),
            ColumnDefault::ZeroDate if pg => {}
            ColumnDefault::ZeroDate => line.push_str(" DEFAULT '0000-00-00 00:00:00'"),
        }
        lines.push(line);
    }
    if !single_auto_pk {
        let pk: Vec<String> = def.primary_key.iter().map(|c| q(c)).collect();
        lines.push(format!("PRIMARY KEY ({})", pk.join(",")));
    } else if pg {
        lines.push(format!("PRIMARY KEY ({})", q(def.primary_key[0])));
    }
    let mut statements = vec![format!(
        "CREATE TABLE {} (\n  {}\n)",
        q(&table),
        lines.join(",\n  ")
    )];
    for index in def.indexes {
        let cols: Vec<String> = index.columns.iter().map(|(c, _)| q(c)).collect();
        let kind = if index.unique {
            "CREATE UNIQUE INDEX"
        } else {
            "CREATE INDEX"
        };
        statements.push(format!(
            "{kind} {} ON {} ({})",
            q(&format!("{table}_{}", index.name)),
            q(&table),
            cols.join(",")
        ));
    }
    statements
}

/// Creates the twelve tables (no content). Used by `migrate` and by the copier on an empty
/// target. On PostgreSQL and SQLite it runs in one transaction; MySQL commits each DDL
/// statement implicitly, so there a failure can leave some tables behind.
pub async fn create_schema(db: &DatabaseConnection, prefix: &str) -> Result<(), Error> {
    validate_prefix(prefix)?;
    let backend = db.get_database_backend();
    let statements: Vec<String> = TABLES
        .iter()
        .flat_map(|def| create_table_sql(backend, prefix, def))
        .collect();
    if backend == DbBackend::MySql {
        for sql in statements {
            db.execute_unprepared(&sql).await?;
        }
    } else {
        let txn = db.begin().await?;
        for sql in statements {
            txn.execute_unprepared(&sql).await?;
        }
        txn.commit().await?;
    }
    Ok(())
}

/// Drops those of the twelve tables that exist.
pub(crate) async fn drop_schema<C: ConnectionTrait>(db: &C, prefix: &str) -> Result<(), Error> {
    let backend = db.get_database_backend();
    for def in TABLES {
        let sql = format!("DROP TABLE IF EXISTS {}", quote(backend, &def.name(prefix)));
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}

/// Which of the prefix's twelve WordPress tables exist, in [`TABLES`] order.
pub async fn existing_tables<C: ConnectionTrait>(
    db: &C,
    prefix: &str,
) -> Result<Vec<String>, Error> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::MySql => {
            "SELECT CAST(table_name AS CHAR) AS name FROM information_schema.tables \
             WHERE table_schema = DATABASE()"
        }
        DbBackend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema()"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table'",
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    let names = rows_to_strings(&rows)?;
    Ok(TABLES
        .iter()
        .map(|def| def.name(prefix))
        .filter(|name| names.iter().any(|n| n == name))
        .collect())
}

/// Prefixes are spliced into identifiers, so only WordPress's own alphabet is accepted
/// (wp-config.php's `$table_prefix` must match `[A-Za-z0-9_]`).
pub fn validate_prefix(prefix: &str) -> Result<(), Error> {
    if prefix.is_empty()
        || !prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(Error::InvalidPrefix(prefix.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap.
mod tests {
    use super::*;

    #[test]
    fn mysql_ddl_matches_schema_php_for_options() {
        let sql = mysql_create_table("wp_", table("options").unwrap());
        assert_eq!(
            sql,
            "CREATE TABLE `wp_options` (\n  \
             `option_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n  \
             `option_name` varchar(191) NOT NULL DEFAULT '',\n  \
             `option_value` longtext NOT NULL,\n  \
             `autoload` varchar(20) NOT NULL DEFAULT 'yes',\n  \
             PRIMARY KEY (`option_id`),\n  \
             UNIQUE KEY `option_name` (`option_name`),\n  \
             KEY `autoload` (`autoload`)\n\
             ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
        );
    }

    #[test]
    fn postgres_quotes_id_and_makes_dates_nullable() {
        let sql = portable_create_table(DbBackend::Postgres, "wp_", table("posts").unwrap());
        assert!(sql[0].contains("\"ID\" bigint GENERATED BY DEFAULT AS IDENTITY"));
        assert!(sql[0].contains("\"post_date\" timestamp(0) without time zone,"));
        assert!(sql[0].contains("PRIMARY KEY (\"ID\")"));
        assert!(sql.iter().any(|s| s == "CREATE INDEX \"wp_posts_post_name\" ON \"wp_posts\" (\"post_name\")"));
    }

    #[test]
    fn sqlite_keeps_zero_date_literal() {
        let sql = portable_create_table(DbBackend::Sqlite, "wp_", table("comments").unwrap());
        assert!(sql[0].contains("\"comment_ID\" INTEGER PRIMARY KEY AUTOINCREMENT"));
        assert!(sql[0].contains("\"comment_date\" TEXT NOT NULL DEFAULT '0000-00-00 00:00:00'"));
    }

    #[test]
    fn prefix_alphabet() {
        assert!(validate_prefix("wp_").is_ok());
        assert!(validate_prefix("wp2_a").is_ok());
        assert!(validate_prefix("wp`;").is_err());
        assert!(validate_prefix("").is_err());
    }
}
