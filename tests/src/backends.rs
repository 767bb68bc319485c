//! The backend matrix: scratch databases on MariaDB and PostgreSQL (from `HEADPRESS_TEST_MYSQL`
//! / `HEADPRESS_TEST_PG`) and SQLite temp files, the conformance fixture loaded into them, and
//! a guard that drops them again, also when a test fails.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow, bail};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};

/// Default admin connection for MariaDB (creates and drops scratch databases).
pub const DEFAULT_MYSQL: &str = "mysql://root@127.0.0.1:3306/test";
/// Default admin connection for PostgreSQL.
pub const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Scratch database names: `hp_conf_<pid>_<nanos>_<seq>`, unique per process and call; the pid
/// lets a later run drop what a killed run left behind.
const SCRATCH_PREFIX: &str = "hp_conf_";

/// The three engines Headpress supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
    MariaDb,
}

impl Backend {
    pub const ALL: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::MariaDb];

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::MariaDb => "mariadb",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether we run in CI, where an unreachable database is a failure instead of a skip.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

pub fn mysql_admin_url() -> String {
    std::env::var("HEADPRESS_TEST_MYSQL").unwrap_or_else(|_| DEFAULT_MYSQL.to_owned())
}

pub fn pg_admin_url() -> String {
    std::env::var("HEADPRESS_TEST_PG").unwrap_or_else(|_| DEFAULT_PG.to_owned())
}

/// `tests/conformance/`.
pub fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

/// A fresh, unique scratch database name.
pub fn scratch_name() -> String {
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{SCRATCH_PREFIX}{}_{nanos}_{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

/// `url` with its database (path) replaced by `db`.
fn with_database(url: &str, db: &str) -> Result<String> {
    let mut parsed = url::Url::parse(url).with_context(|| format!("bad database URL {url}"))?;
    parsed.set_path(&format!("/{db}"));
    Ok(parsed.to_string())
}

/// `sqlite://…?mode=rwc` for a file.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// A connection of our own (not Headpress's pool) for administration and loading.
async fn admin_connect(url: &str) -> Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(1)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    Database::connect(options)
        .await
        .with_context(|| format!("connecting to {url}"))
}

/// Something to remove when the test ends.
#[derive(Debug, Clone)]
enum Cleanup {
    MySql { admin: String, db: String },
    Postgres { admin: String, db: String },
    SqliteFile(PathBuf),
}

/// Owns scratch databases and files; [`Scratch::cleanup`] removes them, and `Drop` does so as a
/// fallback (a failing test returns early or panics).
#[derive(Debug, Default)]
pub struct Scratch {
    cleanups: Vec<Cleanup>,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch::default()
    }

    /// Creates an empty MariaDB database next to the admin one and returns its URL.
    pub async fn mysql_database(&mut self, admin_url: &str) -> Result<String> {
        let admin = admin_connect(admin_url).await?;
        sweep_dead(&admin, "SHOW DATABASES", "DROP DATABASE IF EXISTS `{}`").await;
        let db = scratch_name();
        self.cleanups.push(Cleanup::MySql {
            admin: admin_url.to_owned(),
            db: db.clone(),
        });
        admin
            .execute_unprepared(&format!(
                "CREATE DATABASE `{db}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
            ))
            .await
            .with_context(|| format!("creating MariaDB database {db}"))?;
        admin.close().await?;
        with_database(admin_url, &db)
    }

    /// Creates an empty PostgreSQL database and returns its URL.
    pub async fn postgres_database(&mut self, admin_url: &str) -> Result<String> {
        let admin = admin_connect(admin_url).await?;
        sweep_dead(
            &admin,
            "SELECT datname FROM pg_database",
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
        )
        .await;
        let db = scratch_name();
        self.cleanups.push(Cleanup::Postgres {
            admin: admin_url.to_owned(),
            db: db.clone(),
        });
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{db}\" ENCODING 'UTF8'"))
            .await
            .with_context(|| format!("creating PostgreSQL database {db}"))?;
        admin.close().await?;
        with_database(admin_url, &db)
    }

    /// A path for a new SQLite database in the temp directory, and its URL.
    pub fn sqlite_file(&mut self) -> (PathBuf, String) {
        let path = std::env::temp_dir().join(format!("{}.db", scratch_name()));
        self.cleanups.push(Cleanup::SqliteFile(path.clone()));
        let url = sqlite_url(&path);
        (path, url)
    }

    /// Drops everything created so far (best effort: failures are printed, not returned).
    pub async fn cleanup(&mut self) {
        run_cleanups(std::mem::take(&mut self.cleanups)).await;
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let cleanups = std::mem::take(&mut self.cleanups);
        if cleanups.is_empty() {
            return;
        }
        // Drop cannot await, and may run inside a runtime: clean up on a thread of our own.
        let worker =
            std::thread::spawn(move || {
                match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime.block_on(run_cleanups(cleanups)),
                    Err(err) => eprintln!("scratch cleanup: no runtime: {err}"),
                }
            });
        if worker.join().is_err() {
            eprintln!("scratch cleanup panicked");
        }
    }
}

async fn run_cleanups(cleanups: Vec<Cleanup>) {
    for cleanup in cleanups {
        let result: Result<()> = async {
            match &cleanup {
                Cleanup::MySql { admin, db } => {
                    let conn = admin_connect(admin).await?;
                    conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS `{db}`"))
                        .await?;
                    conn.close().await?;
                }
                Cleanup::Postgres { admin, db } => {
                    let conn = admin_connect(admin).await?;
                    // FORCE: a pool that is still open must not keep the database alive.
                    conn.execute_unprepared(&format!(
                        "DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"
                    ))
                    .await?;
                    conn.close().await?;
                }
                Cleanup::SqliteFile(path) => {
                    for suffix in ["", "-wal", "-shm", "-journal"] {
                        let mut file = path.clone().into_os_string();
                        file.push(suffix);
                        // Missing side files are normal.
                        let _ = std::fs::remove_file(file);
                    }
                }
            }
            Ok(())
        }
        .await;
        if let Err(err) = result {
            eprintln!("scratch cleanup of {cleanup:?} failed: {err:#}");
        }
    }
}

/// Drops scratch databases whose creating process is gone (a run killed before its guard ran).
/// Only on Linux, where `/proc/<pid>` tells whether that process still lives.
async fn sweep_dead(admin: &DatabaseConnection, list_sql: &str, drop_sql: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let stmt = Statement::from_string(admin.get_database_backend(), list_sql.to_owned());
    let Ok(rows) = admin.query_all_raw(stmt).await else {
        return;
    };
    for row in rows {
        let Ok(name) = row.try_get_by_index::<String>(0) else {
            continue;
        };
        let Some(pid) = scratch_pid(&name) else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = admin
                .execute_unprepared(&drop_sql.replace("{}", &name))
                .await;
        }
    }
}

/// The pid in `hp_conf_<pid>_<nanos>_<seq>`, if `name` is one of ours.
fn scratch_pid(name: &str) -> Option<u32> {
    let parts: Vec<&str> = name.strip_prefix(SCRATCH_PREFIX)?.split('_').collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    parts[0].parse().ok()
}

/// Runs the mysqldump file statement by statement on one connection. The dump has one statement
/// per line except `CREATE TABLE`, so a statement ends at a line ending in `;`. `LOCK TABLES`
/// only speeds up mysqldump's own client, and the sandbox marker is a client directive: skipped.
pub async fn load_mysql_dump(url: &str, dump: &Path) -> Result<()> {
    let sql =
        std::fs::read_to_string(dump).with_context(|| format!("reading {}", dump.display()))?;
    let conn = admin_connect(url).await?;
    // One transaction for the rows instead of a commit (and fsync) per INSERT; DDL commits itself.
    conn.execute_unprepared("SET autocommit = 0").await?;
    let mut statement = String::new();
    for (i, line) in sql.lines().enumerate() {
        if statement.is_empty() {
            let t = line.trim();
            if t.is_empty()
                || t.starts_with("--")
                || t.starts_with("/*M!999999")
                || t.starts_with("LOCK TABLES")
                || t.starts_with("UNLOCK TABLES")
            {
                continue;
            }
        }
        statement.push_str(line);
        statement.push('\n');
        if line.trim_end().ends_with(';') {
            conn.execute_unprepared(&statement)
                .await
                .with_context(|| format!("{}:{}", dump.display(), i + 1))?;
            statement.clear();
        }
    }
    if !statement.trim().is_empty() {
        bail!("{}: unterminated last statement", dump.display());
    }
    conn.execute_unprepared("COMMIT").await?;
    conn.close().await?;
    Ok(())
}

/// `headpress db copy` from `from` into the (empty) database at `to_url`.
pub async fn copy_into(from: &DatabaseConnection, to_url: &str, prefix: &str) -> Result<()> {
    let to = headpress_domain::backend::connect(to_url)
        .await
        .with_context(|| format!("connecting to {to_url}"))?;
    let options = headpress_migrations::CopyOptions {
        replace: false,
        batch_size: 500,
    };
    headpress_migrations::copy_database(from, &to, prefix, &options, &mut |_progress| {})
        .await
        .map_err(|err| anyhow!("copying the fixture into {to_url}: {err}"))?;
    to.close().await?;
    Ok(())
}

/// The conformance fixture on every reachable backend.
pub struct FixtureSites {
    /// Database URLs holding the fixture, one per backend that is available.
    pub sites: Vec<(Backend, String)>,
    /// Backends skipped locally because their server is unreachable, with the reason.
    pub skipped: Vec<(Backend, String)>,
    pub scratch: Scratch,
}

impl FixtureSites {
    pub async fn cleanup(mut self) {
        self.scratch.cleanup().await;
    }
}

/// What to do when a database server does not answer: fail in CI, skip loudly elsewhere.
fn unreachable(backend: Backend, err: anyhow::Error) -> Result<String> {
    let reason = format!("{err:#}");
    if in_ci() {
        bail!("{backend} is unreachable and CI is set: {reason}");
    }
    eprintln!(
        "\n!!!!!!!! SKIPPING {backend}: server unreachable ({reason}).\n\
         !!!!!!!! Start it (./scripts/test.sh does) or set HEADPRESS_TEST_MYSQL / HEADPRESS_TEST_PG.\n"
    );
    Ok(reason)
}

/// Loads `fixture/wp-fixture.sql` into a scratch MariaDB database, then copies it with
/// `headpress db copy`'s code into a SQLite file and a scratch PostgreSQL database (in parallel).
/// MariaDB is the source of every copy, so without it every backend is skipped.
pub async fn fixture_sites(wanted: &[Backend]) -> Result<FixtureSites> {
    let mut scratch = Scratch::new();
    let mut sites = Vec::new();
    let mut skipped = Vec::new();
    let mysql_url = match scratch.mysql_database(&mysql_admin_url()).await {
        Ok(url) => url,
        Err(err) => {
            let reason = unreachable(Backend::MariaDb, err)?;
            for backend in wanted {
                skipped.push((
                    *backend,
                    format!("the fixture loads through MariaDB: {reason}"),
                ));
            }
            return Ok(FixtureSites {
                sites,
                skipped,
                scratch,
            });
        }
    };
    load_mysql_dump(
        &mysql_url,
        &conformance_dir().join("fixture/wp-fixture.sql"),
    )
    .await?;
    let source = headpress_domain::backend::connect(&mysql_url)
        .await
        .with_context(|| format!("connecting to {mysql_url}"))?;

    let sqlite = if wanted.contains(&Backend::Sqlite) {
        Some(scratch.sqlite_file().1)
    } else {
        None
    };
    let postgres = if wanted.contains(&Backend::Postgres) {
        match scratch.postgres_database(&pg_admin_url()).await {
            Ok(url) => Some(url),
            Err(err) => {
                skipped.push((Backend::Postgres, unreachable(Backend::Postgres, err)?));
                None
            }
        }
    } else {
        None
    };
    let copy = |url: Option<String>| {
        let source = &source;
        async move {
            match url {
                Some(url) => copy_into(source, &url, "wp_").await.map(|()| Some(url)),
                None => Ok(None),
            }
        }
    };
    let (sqlite, postgres) = tokio::join!(copy(sqlite), copy(postgres));
    source.close().await?;
    if let Some(url) = sqlite? {
        sites.push((Backend::Sqlite, url));
    }
    if let Some(url) = postgres? {
        sites.push((Backend::Postgres, url));
    }
    if wanted.contains(&Backend::MariaDb) {
        sites.push((Backend::MariaDb, mysql_url));
    }
    Ok(FixtureSites {
        sites,
        skipped,
        scratch,
    })
}

/// Opens Headpress on `database_url` with the conformance site's configuration
/// (`tests/conformance/headpress.toml`: the oracle's registered meta).
pub async fn open_app(database_url: &str) -> Result<headpress_server::App> {
    let file = conformance_dir().join("headpress.toml");
    let mut config = headpress_server::Config::load(Some(&file))
        .map_err(|err| anyhow!("loading {}: {err}", file.display()))?;
    config.database_url = database_url.to_owned();
    headpress_server::App::open(&config)
        .await
        .with_context(|| format!("opening Headpress on {database_url}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_names_carry_the_pid() {
        let name = scratch_name();
        assert_eq!(scratch_pid(&name), Some(std::process::id()));
        assert_eq!(scratch_pid("hp_conf_x_1_2"), None);
        assert_eq!(scratch_pid("test"), None);
    }

    #[test]
    fn replaces_the_database_in_urls() -> Result<()> {
        assert_eq!(
            with_database(DEFAULT_MYSQL, "hp_conf_1_2_3")?,
            "mysql://root@127.0.0.1:3306/hp_conf_1_2_3"
        );
        Ok(())
    }
}
