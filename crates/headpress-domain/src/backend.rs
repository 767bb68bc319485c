//! Everything that differs between MySQL/MariaDB, PostgreSQL and SQLite lives here:
//! connecting (WordPress's relaxed `sql_mode`), unsigned IDs, zero dates, table names.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDateTime;
use sea_orm::{
    ColIdx, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    QueryResult, TryGetError, TryGetable,
};

/// The zero date WordPress writes into `NOT NULL` datetime columns ("no date yet").
pub const ZERO_DATE: &str = "0000-00-00 00:00:00";

/// WordPress's own `sql_mode` adjustment (`wpdb::set_sql_mode`): it drops these modes so that
/// zero dates and loose GROUP BYs written by WordPress and plugins keep working.
const WORDPRESS_INCOMPATIBLE_MODES: &[&str] = &[
    "NO_ZERO_DATE",
    "ONLY_FULL_GROUP_BY",
    "STRICT_TRANS_TABLES",
    "STRICT_ALL_TABLES",
    "TRADITIONAL",
    "ANSI",
];

tokio::task_local! {
    /// Per-request SQL statement counter; the connection's metric callback bumps it when set.
    pub static STATEMENT_COUNTER: Arc<AtomicUsize>;
}

/// Opens a pool on any of the three backends, configured as WordPress configures its connection.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .max_connections(16)
        .map_sqlx_mysql_opts(|o| o.pipes_as_concat(false).timezone(None).charset("utf8mb4"))
        .map_sqlx_mysql_pool_opts(|pool| {
            pool.after_connect(|conn, _meta| {
                Box::pin(async move {
                    let row: (String,) = sqlx::query_as("SELECT @@SESSION.sql_mode")
                        .fetch_one(&mut *conn)
                        .await?;
                    let relaxed = relaxed_sql_mode(&row.0);
                    sqlx::query("SET SESSION sql_mode = ?")
                        .bind(relaxed)
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
        });
    let mut db = Database::connect(options).await?;
    db.set_metric_callback(|info| {
        let _ = STATEMENT_COUNTER.try_with(|counter| counter.fetch_add(1, Ordering::Relaxed));
        tracing::trace!(
            target: "headpress::sql",
            elapsed_us = info.elapsed.as_micros() as u64,
            failed = info.failed,
            sql = %info.statement.sql,
        );
    });
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers run beside a writer; WordPress on SQLite plugins do the same.
        db.execute_unprepared("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;")
            .await?;
    }
    Ok(db)
}

fn relaxed_sql_mode(current: &str) -> String {
    current
        .split(',')
        .filter(|mode| !mode.is_empty() && !WORDPRESS_INCOMPATIBLE_MODES.contains(mode))
        .collect::<Vec<_>>()
        .join(",")
}

/// Physical table names for one site: WordPress's names behind a configurable prefix.
#[derive(Debug, Clone)]
pub struct Tables {
    pub prefix: String,
    pub posts: String,
    pub postmeta: String,
    pub terms: String,
    pub term_taxonomy: String,
    pub term_relationships: String,
    pub termmeta: String,
    pub users: String,
    pub usermeta: String,
    pub comments: String,
    pub commentmeta: String,
    pub options: String,
    pub links: String,
}

impl Tables {
    pub fn new(prefix: &str) -> Self {
        let t = |name: &str| format!("{prefix}{name}");
        Self {
            prefix: prefix.to_owned(),
            posts: t("posts"),
            postmeta: t("postmeta"),
            terms: t("terms"),
            term_taxonomy: t("term_taxonomy"),
            term_relationships: t("term_relationships"),
            termmeta: t("termmeta"),
            users: t("users"),
            usermeta: t("usermeta"),
            comments: t("comments"),
            commentmeta: t("commentmeta"),
            options: t("options"),
            links: t("links"),
        }
    }

    /// Every table of a WordPress 6.1 single site, in schema.php's order.
    pub fn all(&self) -> [&str; 12] {
        [
            &self.users,
            &self.usermeta,
            &self.termmeta,
            &self.terms,
            &self.term_taxonomy,
            &self.term_relationships,
            &self.commentmeta,
            &self.comments,
            &self.links,
            &self.options,
            &self.postmeta,
            &self.posts,
        ]
    }
}

/// A WordPress object ID (`BIGINT UNSIGNED`). MySQL hands these out as `u64`, while
/// PostgreSQL and SQLite only know signed integers; this type reads either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct WpId(pub u64);

impl TryGetable for WpId {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        match i64::try_get_by(res, idx) {
            Ok(v) => Ok(WpId(u64::try_from(v).unwrap_or(0))),
            Err(TryGetError::Null(c)) => Err(TryGetError::Null(c)),
            Err(TryGetError::DbErr(_)) => u64::try_get_by(res, idx).map(WpId),
        }
    }
}

impl From<WpId> for sea_orm::Value {
    fn from(id: WpId) -> Self {
        // IDs never exceed i64::MAX in practice; binding signed works on all three backends.
        sea_orm::Value::BigInt(Some(i64::try_from(id.0).unwrap_or(i64::MAX)))
    }
}

/// A WordPress DATETIME column. `None` is WordPress's zero date (`0000-00-00 00:00:00`),
/// which MySQL returns as NULL, SQLite keeps as text and PostgreSQL stores as NULL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct WpDate(pub Option<NaiveDateTime>);

impl TryGetable for WpDate {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        match Option::<NaiveDateTime>::try_get_by(res, idx) {
            Ok(v) => Ok(WpDate(v)),
            Err(TryGetError::DbErr(_)) => {
                let text = Option::<String>::try_get_by(res, idx)?;
                Ok(WpDate(text.as_deref().and_then(parse_mysql_datetime)))
            }
            Err(e) => Err(e),
        }
    }
}

/// A DATETIME as a bound value for comparisons with a date column: PostgreSQL stores
/// `timestamp`, MySQL and SQLite compare the `YYYY-MM-DD HH:MM:SS` text.
pub fn date_value(backend: sea_orm::DbBackend, date: NaiveDateTime) -> sea_orm::Value {
    match backend {
        sea_orm::DbBackend::Postgres => sea_orm::Value::ChronoDateTime(Some(date)),
        _ => sea_orm::Value::String(Some(format_mysql_datetime(Some(date)))),
    }
}

/// A part of a date column, as an integer SQL expression (MySQL's `YEAR()`, `MONTH()`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Year,
    Month,
    DayOfMonth,
    Hour,
    Minute,
    Second,
    /// Day of the year from 0 (MySQL's `DAYOFYEAR() - 1`).
    DayOfYear0,
    /// Day of the week from 0 = Sunday (MySQL's `DAYOFWEEK() - 1`).
    DayOfWeek0,
}

/// `part` of the date SQL expression `date` (a column or `shift_days_sql`), as an integer.
pub fn date_part_sql(backend: sea_orm::DbBackend, part: DatePart, date: &str) -> String {
    match backend {
        sea_orm::DbBackend::MySql => match part {
            DatePart::Year => format!("YEAR({date})"),
            DatePart::Month => format!("MONTH({date})"),
            DatePart::DayOfMonth => format!("DAYOFMONTH({date})"),
            DatePart::Hour => format!("HOUR({date})"),
            DatePart::Minute => format!("MINUTE({date})"),
            DatePart::Second => format!("SECOND({date})"),
            DatePart::DayOfYear0 => format!("(DAYOFYEAR({date}) - 1)"),
            DatePart::DayOfWeek0 => format!("(DAYOFWEEK({date}) - 1)"),
        },
        sea_orm::DbBackend::Postgres => {
            let field = match part {
                DatePart::Year => "YEAR",
                DatePart::Month => "MONTH",
                DatePart::DayOfMonth => "DAY",
                DatePart::Hour => "HOUR",
                DatePart::Minute => "MINUTE",
                // `EXTRACT(SECOND …)` has the fraction; the columns hold whole seconds.
                DatePart::Second => "SECOND",
                DatePart::DayOfYear0 => {
                    return format!("(CAST(EXTRACT(DOY FROM {date}) AS INTEGER) - 1)");
                }
                DatePart::DayOfWeek0 => "DOW",
            };
            format!("CAST(FLOOR(EXTRACT({field} FROM {date})) AS INTEGER)")
        }
        _ => {
            let (format, offset) = match part {
                DatePart::Year => ("%Y", ""),
                DatePart::Month => ("%m", ""),
                DatePart::DayOfMonth => ("%d", ""),
                DatePart::Hour => ("%H", ""),
                DatePart::Minute => ("%M", ""),
                DatePart::Second => ("%S", ""),
                DatePart::DayOfYear0 => ("%j", " - 1"),
                DatePart::DayOfWeek0 => ("%w", ""),
            };
            format!("(CAST(strftime('{format}', {date}) AS INTEGER){offset})")
        }
    }
}

/// The date SQL expression `date` moved `days` days back (MySQL's `DATE_SUB`).
pub fn shift_days_sql(backend: sea_orm::DbBackend, date: &str, days: u32) -> String {
    match backend {
        sea_orm::DbBackend::MySql => format!("DATE_SUB({date}, INTERVAL {days} DAY)"),
        sea_orm::DbBackend::Postgres => format!("({date} - INTERVAL '{days} days')"),
        _ => format!("datetime({date}, '-{days} days')"),
    }
}

/// Integer division of two non-negative integer SQL expressions (`/` is a float division in
/// MySQL).
pub fn int_div_sql(backend: sea_orm::DbBackend, a: &str, b: &str) -> String {
    match backend {
        sea_orm::DbBackend::MySql => format!("(({a}) DIV ({b}))"),
        _ => format!("(({a}) / ({b}))"),
    }
}

/// Parses `YYYY-MM-DD HH:MM:SS`; the zero date and anything unparsable are `None`.
pub fn parse_mysql_datetime(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()
}

/// How a date is written in a WordPress column on every backend (the zero date for `None`).
pub fn format_mysql_datetime(date: Option<NaiveDateTime>) -> String {
    match date {
        Some(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => ZERO_DATE.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxes_sql_mode_like_wpdb() {
        assert_eq!(
            relaxed_sql_mode(
                "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION"
            ),
            "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"
        );
    }

    #[test]
    fn zero_date_is_none() {
        assert_eq!(parse_mysql_datetime(ZERO_DATE), None);
        assert_eq!(format_mysql_datetime(None), ZERO_DATE);
    }
}
