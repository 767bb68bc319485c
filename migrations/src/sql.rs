//! Small SQL-string helpers shared by the schema, install and copy code: identifier quoting,
//! placeholders and multi-row INSERTs per backend.

use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};

use crate::Error;

/// Quotes an identifier. WordPress's names are mixed case (`ID`, `comment_post_ID`), so
/// PostgreSQL needs them quoted to keep the case; all three backends get quotes for uniformity.
pub(crate) fn quote(backend: DbBackend, name: &str) -> String {
    match backend {
        DbBackend::MySql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// The `n`th (1-based) bind placeholder.
pub(crate) fn placeholder(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

/// Builds `INSERT INTO t (cols) VALUES (...), (...)` with one bound value per cell.
pub(crate) fn insert_statement(
    backend: DbBackend,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
) -> Statement {
    let cols: Vec<String> = columns.iter().map(|c| quote(backend, c)).collect();
    let mut n = 0;
    let mut groups = Vec::with_capacity(rows.len());
    let mut values = Vec::with_capacity(rows.len() * columns.len());
    for row in rows {
        let marks: Vec<String> = row
            .iter()
            .map(|_| {
                n += 1;
                placeholder(backend, n)
            })
            .collect();
        groups.push(format!("({})", marks.join(", ")));
        values.extend(row);
    }
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {}",
        quote(backend, table),
        cols.join(", "),
        groups.join(", ")
    );
    Statement::from_sql_and_values(backend, sql, values)
}

/// Inserts one row given as `(column, value)` pairs.
pub(crate) async fn insert_row<C: ConnectionTrait>(
    db: &C,
    table: &str,
    row: Vec<(&str, Value)>,
) -> Result<(), Error> {
    let (columns, values): (Vec<&str>, Vec<Value>) = row.into_iter().unzip();
    let stmt = insert_statement(db.get_database_backend(), table, &columns, vec![values]);
    db.execute_raw(stmt).await?;
    Ok(())
}

/// The first column of every row as text.
pub(crate) fn rows_to_strings(rows: &[QueryResult]) -> Result<Vec<String>, Error> {
    rows.iter()
        .map(|row| {
            row.try_get_by_index::<String>(0)
                .or_else(|_| {
                    // MySQL 8 reports information_schema names as binary strings.
                    row.try_get_by_index::<Vec<u8>>(0)
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                })
                .map_err(Error::from)
        })
        .collect()
}

/// Runs a `SELECT COUNT(*)`-style query and reads its single integer.
pub(crate) async fn query_count<C: ConnectionTrait>(db: &C, sql: &str) -> Result<u64, Error> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(backend, sql.to_owned()))
        .await?;
    let Some(row) = row else { return Ok(0) };
    let n = row.try_get_by_index::<i64>(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}
