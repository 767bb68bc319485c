//! Copying a WordPress database between any two of MySQL/MariaDB, PostgreSQL and SQLite.
//!
//! Values are decoded per column from the schema declaration (integer, text or datetime)
//! rather than from whatever the driver reports, because each backend stores WordPress's
//! values differently: MySQL's IDs are unsigned, its zero dates are not real dates, and
//! PostgreSQL keeps the zero date as NULL. In between, a datetime travels as the text
//! WordPress itself would write (`YYYY-MM-DD HH:MM:SS`, zero date included).
//!
//! Only the twelve WordPress tables are copied; other tables sharing the prefix (plugins')
//! have no declaration to decode them by and are left alone.

use chrono::NaiveDateTime;
use headpress_domain::backend::ZERO_DATE;
use md5::{Digest, Md5};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend,
    IsolationLevel, QueryResult, Statement, TransactionTrait, Value,
};

use crate::Error;
use crate::schema::{
    ColumnType, TABLES, TableDef, ValueKind, create_schema, drop_schema, existing_tables,
    validate_prefix,
};
use crate::sql::{insert_statement, placeholder, query_count, quote};

#[derive(Debug, Clone, Copy)]
pub struct CopyOptions {
    /// Drop and recreate the prefix's tables when the target already has rows.
    pub replace: bool,
    /// Rows read per keyset batch (and written per target transaction).
    pub batch_size: usize,
}

impl Default for CopyOptions {
    fn default() -> Self {
        Self {
            replace: false,
            batch_size: 500,
        }
    }
}

/// Reported after every batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyProgress {
    pub table: String,
    pub copied: u64,
    pub total: u64,
}

/// Rows copied per table, in copy order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CopyReport {
    pub tables: Vec<(String, u64)>,
}

/// One decoded cell.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Int(Option<i64>),
    Text(Option<String>),
    /// `YYYY-MM-DD HH:MM:SS`, or WordPress's zero date.
    Date(String),
}

/// Bound values per multi-row INSERT; below SQLite's 32766 and the 65535 of the others.
const MAX_BIND_VALUES: usize = 30_000;
/// Text per INSERT, well under MariaDB's default 16 MB `max_allowed_packet`.
const MAX_INSERT_BYTES: usize = 4 * 1024 * 1024;

/// Copies the prefix's twelve WordPress tables from `from` to `to`, keeping IDs and bytes.
///
/// An empty target gets the schema; a target where any of the tables has rows is refused
/// unless `options.replace`, which drops and recreates them. The source is read inside one
/// repeatable-read transaction, so a live site yields a consistent snapshot. Afterwards the
/// target's ID sequences continue after the copied IDs and the row counts are checked.
pub async fn copy_database(
    from: &DatabaseConnection,
    to: &DatabaseConnection,
    prefix: &str,
    options: &CopyOptions,
    progress: &mut dyn FnMut(CopyProgress),
) -> Result<CopyReport, Error> {
    validate_prefix(prefix)?;
    let batch_size = options.batch_size.max(1);
    let source_tables = existing_tables(from, prefix).await?;
    if source_tables.is_empty() {
        return Err(Error::Copy {
            table: format!("{prefix}*"),
            message: "the source database has no WordPress tables with this prefix".to_owned(),
        });
    }

    let target_tables = existing_tables(to, prefix).await?;
    let mut non_empty = Vec::new();
    for table in &target_tables {
        let n = count_rows(to, table).await?;
        if n > 0 {
            non_empty.push((table.clone(), n));
        }
    }
    if !non_empty.is_empty() && !options.replace {
        return Err(Error::TargetNotEmpty { tables: non_empty });
    }
    // Existing but empty tables are recreated too, so the target has exactly our schema.
    if !target_tables.is_empty() {
        drop_schema(to, prefix).await?;
    }
    create_schema(to, prefix).await?;

    let source = begin_snapshot(from).await?;
    let mut report = CopyReport::default();
    for def in &TABLES {
        let table = def.name(prefix);
        if !source_tables.contains(&table) {
            report.tables.push((table, 0));
            continue;
        }
        let copied = copy_table(&source, to, def, &table, batch_size, progress).await?;
        report.tables.push((table, copied));
    }

    reset_sequences(to, prefix).await?;
    for (table, copied) in &report.tables {
        let source_rows = if source_tables.contains(table) {
            count_rows(&source, table).await?
        } else {
            0
        };
        let target_rows = count_rows(to, table).await?;
        if source_rows != target_rows || *copied != target_rows {
            return Err(Error::CountMismatch {
                table: table.clone(),
                source_rows,
                target_rows,
            });
        }
    }
    source.commit().await?;
    Ok(report)
}

/// A read-only snapshot of the source. SQLite transactions are snapshots already and take
/// no isolation options.
async fn begin_snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, Error> {
    Ok(match db.get_database_backend() {
        DbBackend::Sqlite => db.begin().await?,
        _ => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?
        }
    })
}

async fn count_rows<C: ConnectionTrait>(db: &C, table: &str) -> Result<u64, Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM {}",
        quote(db.get_database_backend(), table)
    );
    query_count(db, &sql).await
}

async fn copy_table(
    source: &DatabaseTransaction,
    to: &DatabaseConnection,
    def: &TableDef,
    table: &str,
    batch_size: usize,
    progress: &mut dyn FnMut(CopyProgress),
) -> Result<u64, Error> {
    let total = count_rows(source, table).await?;
    progress(CopyProgress {
        table: table.to_owned(),
        copied: 0,
        total,
    });
    let columns: Vec<&str> = def.columns.iter().map(|c| c.name).collect();
    let target = to.get_database_backend();
    let rows_per_insert = (MAX_BIND_VALUES / columns.len()).clamp(1, batch_size);
    let mut copied = 0u64;
    let mut last_key: Option<Vec<i64>> = None;
    loop {
        let rows = read_batch(source, def, table, last_key.as_deref(), batch_size).await?;
        if rows.is_empty() {
            break;
        }
        last_key = Some(primary_key_of(
            def,
            rows.last().map(Vec::as_slice).unwrap_or_default(),
            table,
        )?);

        let txn = to.begin().await?;
        let mut pending: Vec<Vec<Value>> = Vec::new();
        let mut pending_bytes = 0;
        for row in &rows {
            let encoded = encode_row(target, def, table, row)?;
            pending_bytes += row_bytes(row);
            pending.push(encoded);
            if pending.len() >= rows_per_insert || pending_bytes >= MAX_INSERT_BYTES {
                let stmt = insert_statement(target, table, &columns, std::mem::take(&mut pending));
                txn.execute_raw(stmt).await?;
                pending_bytes = 0;
            }
        }
        if !pending.is_empty() {
            txn.execute_raw(insert_statement(target, table, &columns, pending))
                .await?;
        }
        txn.commit().await?;

        copied += rows.len() as u64;
        progress(CopyProgress {
            table: table.to_owned(),
            copied,
            total,
        });
        if rows.len() < batch_size {
            break;
        }
    }
    Ok(copied)
}

fn row_bytes(row: &[Cell]) -> usize {
    row.iter()
        .map(|c| match c {
            Cell::Text(Some(s)) | Cell::Date(s) => s.len(),
            _ => 8,
        })
        .sum()
}

fn primary_key_of(def: &TableDef, row: &[Cell], table: &str) -> Result<Vec<i64>, Error> {
    def.primary_key
        .iter()
        .map(|pk| {
            let idx = def.columns.iter().position(|c| c.name == *pk);
            match idx.and_then(|i| row.get(i)) {
                Some(Cell::Int(Some(n))) => Ok(*n),
                _ => Err(Error::Copy {
                    table: table.to_owned(),
                    message: format!("primary key column {pk} is not an integer"),
                }),
            }
        })
        .collect()
}

/// The SELECT list: MySQL datetimes are read as text, because a zero date is not a value
/// chrono (or sqlx) can represent.
fn select_list(backend: DbBackend, def: &TableDef) -> String {
    def.columns
        .iter()
        .map(|c| {
            let q = quote(backend, c.name);
            if backend == DbBackend::MySql && c.ty == ColumnType::DateTime {
                format!("CAST({q} AS CHAR) AS {q}")
            } else {
                q
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One keyset page: `WHERE pk > last ORDER BY pk LIMIT n` (a two-column key for
/// term_relationships).
async fn read_batch<C: ConnectionTrait>(
    db: &C,
    def: &TableDef,
    table: &str,
    after: Option<&[i64]>,
    limit: usize,
) -> Result<Vec<Vec<Cell>>, Error> {
    let backend = db.get_database_backend();
    let pk: Vec<String> = def.primary_key.iter().map(|c| quote(backend, c)).collect();
    let mut values: Vec<Value> = Vec::new();
    let filter = match (after, pk.as_slice()) {
        (None, _) => String::new(),
        (Some([last]), [col]) => {
            values.push((*last).into());
            format!(" WHERE {col} > {}", placeholder(backend, 1))
        }
        (Some([a, b]), [col_a, col_b]) => {
            values.extend([(*a).into(), (*a).into(), (*b).into()]);
            format!(
                " WHERE ({col_a} > {} OR ({col_a} = {} AND {col_b} > {}))",
                placeholder(backend, 1),
                placeholder(backend, 2),
                placeholder(backend, 3)
            )
        }
        _ => {
            return Err(Error::Copy {
                table: table.to_owned(),
                message: "unsupported primary key shape".to_owned(),
            });
        }
    };
    let sql = format!(
        "SELECT {} FROM {}{filter} ORDER BY {} LIMIT {limit}",
        select_list(backend, def),
        quote(backend, table),
        pk.join(", ")
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    rows.iter()
        .map(|row| decode_row(backend, def, table, row))
        .collect()
}

fn decode_row(
    backend: DbBackend,
    def: &TableDef,
    table: &str,
    row: &QueryResult,
) -> Result<Vec<Cell>, Error> {
    def.columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let fail = |e: sea_orm::DbErr| Error::Copy {
                table: table.to_owned(),
                message: format!("reading column {}: {e}", col.name),
            };
            Ok(match col.ty.kind() {
                ValueKind::Integer => Cell::Int(match (backend, col.ty) {
                    // sqlx refuses to read an UNSIGNED column as i64.
                    (DbBackend::MySql, ColumnType::UnsignedBigInt) => {
                        match row.try_get_by_index::<Option<u64>>(i).map_err(fail)? {
                            Some(n) => Some(i64::try_from(n).map_err(|_| Error::Copy {
                                table: table.to_owned(),
                                message: format!("{} value {n} exceeds 2^63-1", col.name),
                            })?),
                            None => None,
                        }
                    }
                    // PostgreSQL's integer is 32-bit and sqlx will not widen it.
                    (DbBackend::Postgres, ColumnType::Int) => row
                        .try_get_by_index::<Option<i32>>(i)
                        .map_err(fail)?
                        .map(i64::from),
                    _ => row.try_get_by_index::<Option<i64>>(i).map_err(fail)?,
                }),
                ValueKind::Text => {
                    Cell::Text(row.try_get_by_index::<Option<String>>(i).map_err(fail)?)
                }
                ValueKind::DateTime => Cell::Date(match backend {
                    DbBackend::Postgres => row
                        .try_get_by_index::<Option<NaiveDateTime>>(i)
                        .map_err(fail)?
                        .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_else(|| ZERO_DATE.to_owned()),
                    _ => match row.try_get_by_index::<Option<String>>(i).map_err(fail)? {
                        Some(text) => normalise_date_text(&text),
                        // The columns are NOT NULL; a NULL can only be a zero date.
                        None => ZERO_DATE.to_owned(),
                    },
                }),
            })
        })
        .collect()
}

/// SQLite rows written through chrono may carry fractional seconds or a `T`; WordPress's
/// form has neither. Anything else (the zero date, MySQL's partial dates) is kept as is.
fn normalise_date_text(text: &str) -> String {
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(text, format) {
            return d.format("%Y-%m-%d %H:%M:%S").to_string();
        }
    }
    text.to_owned()
}

fn encode_row(
    target: DbBackend,
    def: &TableDef,
    table: &str,
    row: &[Cell],
) -> Result<Vec<Value>, Error> {
    def.columns
        .iter()
        .zip(row)
        .map(|(col, cell)| match cell {
            Cell::Int(n) => Ok(Value::BigInt(*n)),
            Cell::Text(text) => {
                if target == DbBackend::Postgres && text.as_deref().is_some_and(|t| t.contains('\0')) {
                    return Err(Error::Copy {
                        table: table.to_owned(),
                        message: format!(
                            "column {} holds a NUL byte, which PostgreSQL text cannot store",
                            col.name
                        ),
                    });
                }
                Ok(Value::String(text.clone()))
            }
            Cell::Date(text) => match target {
                // MySQL takes the zero date as text (with WordPress's relaxed sql_mode, which
                // headpress_domain::backend::connect sets); SQLite stores text anyway.
                DbBackend::MySql | DbBackend::Sqlite => Ok(Value::String(Some(text.clone()))),
                _ if text == ZERO_DATE => Ok(Value::ChronoDateTime(None)),
                _ => NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                    .map(|d| Value::ChronoDateTime(Some(d)))
                    .map_err(|_| Error::Copy {
                        table: table.to_owned(),
                        message: format!(
                            "column {} holds {text:?}, which PostgreSQL cannot store as a timestamp",
                            col.name
                        ),
                    }),
            },
        })
        .collect()
}

/// Makes the next inserted row of every table get `MAX(id) + 1`, as WordPress expects after
/// rows were written with explicit IDs.
///
/// PostgreSQL identity sequences do not move on explicit inserts, so they are set here.
/// MySQL's AUTO_INCREMENT is raised to the same value explicitly. SQLite's AUTOINCREMENT
/// already records the largest rowid ever inserted in `sqlite_sequence`.
pub(crate) async fn reset_sequences(db: &DatabaseConnection, prefix: &str) -> Result<(), Error> {
    let backend = db.get_database_backend();
    for def in &TABLES {
        let Some(column) = def.auto_increment() else {
            continue;
        };
        let table = def.name(prefix);
        let (qt, qc) = (quote(backend, &table), quote(backend, column));
        match backend {
            DbBackend::Postgres => {
                // pg_get_serial_sequence parses the table name as SQL (so it is quoted) but
                // takes the column name literally.
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{}', '{column}'), COALESCE(MAX({qc}), 0) + 1, false) FROM {qt}",
                    qt.replace('\'', "''")
                );
                db.execute_unprepared(&sql).await?;
            }
            DbBackend::MySql => {
                let next = query_count(
                    db,
                    &format!("SELECT CAST(COALESCE(MAX({qc}), 0) + 1 AS SIGNED) FROM {qt}"),
                )
                .await?;
                db.execute_unprepared(&format!("ALTER TABLE {qt} AUTO_INCREMENT = {next}"))
                    .await?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Row count and an MD5 over every row of one of the twelve tables rendered canonically
/// (ordered by primary key; dates as `YYYY-MM-DD HH:MM:SS` with the zero date literal;
/// NULL distinct from the empty string). Equal digests on two backends mean equal content.
pub async fn table_digest(
    db: &DatabaseConnection,
    prefix: &str,
    suffix: &str,
) -> Result<(u64, String), Error> {
    let Some(def) = crate::schema::table(suffix) else {
        return Err(Error::Copy {
            table: format!("{prefix}{suffix}"),
            message: "not a WordPress table".to_owned(),
        });
    };
    let table = def.name(prefix);
    let mut hasher = Md5::new();
    let mut count = 0u64;
    let mut last: Option<Vec<i64>> = None;
    loop {
        let rows = read_batch(db, def, &table, last.as_deref(), 1000).await?;
        let Some(tail) = rows.last() else { break };
        last = Some(primary_key_of(def, tail, &table)?);
        for row in &rows {
            for cell in row {
                match cell {
                    Cell::Int(Some(n)) => hasher.update(format!("i{n}")),
                    Cell::Text(Some(s)) => hasher.update(format!("s{}:{s}", s.len())),
                    Cell::Date(d) => hasher.update(format!("d{d}")),
                    Cell::Int(None) | Cell::Text(None) => hasher.update("N"),
                }
                hasher.update([0x1f]);
            }
            hasher.update([0x1e]);
            count += 1;
        }
        if rows.len() < 1000 {
            break;
        }
    }
    Ok((count, format!("{:x}", hasher.finalize())))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap.
mod tests {
    use super::*;

    #[test]
    fn dates_normalise_to_wordpress_form() {
        assert_eq!(
            normalise_date_text("2023-01-01 08:00:00"),
            "2023-01-01 08:00:00"
        );
        assert_eq!(
            normalise_date_text("2023-01-01T08:00:00.000"),
            "2023-01-01 08:00:00"
        );
        assert_eq!(normalise_date_text(ZERO_DATE), ZERO_DATE);
    }

    #[test]
    fn zero_date_becomes_null_on_postgres_and_text_elsewhere() {
        let def = crate::schema::table("links").unwrap();
        let mut row: Vec<Cell> = def
            .columns
            .iter()
            .map(|c| match c.ty.kind() {
                ValueKind::Integer => Cell::Int(Some(1)),
                ValueKind::Text => Cell::Text(Some(String::new())),
                ValueKind::DateTime => Cell::Date(ZERO_DATE.to_owned()),
            })
            .collect();
        let pg = encode_row(DbBackend::Postgres, def, "wp_links", &row).unwrap();
        assert!(pg.contains(&Value::ChronoDateTime(None)));
        let my = encode_row(DbBackend::MySql, def, "wp_links", &row).unwrap();
        assert!(my.contains(&Value::String(Some(ZERO_DATE.to_owned()))));
        row[1] = Cell::Text(Some("a\0b".to_owned()));
        assert!(encode_row(DbBackend::Postgres, def, "wp_links", &row).is_err());
    }
}
