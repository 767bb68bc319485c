//! Scratch databases on SQLite, PostgreSQL and MariaDB, and the conformance fixture loaded
//! into each: MariaDB from WordPress's dump (with the `mysql` client, as a user would), then
//! SQLite and PostgreSQL with the product's own `headpress db copy` code.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, bail};
use headpress_migrations::{CopyOptions, copy_database};
use headpress_server::{App, Config};
use sea_orm::ConnectionTrait;

/// MariaDB server used for scratch databases (its `test` database only opens the connection).
pub fn mysql_admin_url() -> String {
    std::env::var("HEADPRESS_TEST_MYSQL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into())
}

/// PostgreSQL server used for scratch databases.
pub fn pg_admin_url() -> String {
    std::env::var("HEADPRESS_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// The repository's `tests/` folder.
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn conformance_dir() -> PathBuf {
    tests_dir().join("conformance")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database name no other test process uses.
pub fn unique_name(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Replaces the database part of a URL (`…/test` → `…/name`).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let root = match base.rfind('/') {
        Some(i) if i > base.find("://").map_or(0, |s| s + 2) => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

/// A scratch database; dropped (best effort) when the value goes out of scope.
pub struct ScratchDb {
    pub backend: Backend,
    pub url: String,
    name: String,
    file: Option<PathBuf>,
}

impl ScratchDb {
    pub async fn create(backend: Backend) -> anyhow::Result<ScratchDb> {
        let name = unique_name("hp_test");
        match backend {
            Backend::Sqlite => {
                let file = std::env::temp_dir().join(format!("{name}.db"));
                Ok(ScratchDb {
                    backend,
                    url: format!("sqlite://{}?mode=rwc", file.display()),
                    name,
                    file: Some(file),
                })
            }
            Backend::Postgres => {
                let admin = headpress_domain::backend::connect(&pg_admin_url())
                    .await
                    .context("connecting to PostgreSQL (HEADPRESS_TEST_PG)")?;
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
                Ok(ScratchDb {
                    backend,
                    url: with_database(&pg_admin_url(), &name),
                    name,
                    file: None,
                })
            }
            Backend::MariaDb => {
                let admin = headpress_domain::backend::connect(&mysql_admin_url())
                    .await
                    .context("connecting to MariaDB (HEADPRESS_TEST_MYSQL)")?;
                admin
                    .execute_unprepared(&format!(
                        "CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
                    ))
                    .await?;
                Ok(ScratchDb {
                    backend,
                    url: with_database(&mysql_admin_url(), &name),
                    name,
                    file: None,
                })
            }
        }
    }

    /// Loads a mysqldump file with the `mysql` client.
    pub fn load_mysql_dump(&self, dump: &Path) -> anyhow::Result<()> {
        let url = url::Url::parse(&self.url)?;
        let mut cmd = Command::new("mysql");
        cmd.arg(format!("--host={}", url.host_str().unwrap_or("127.0.0.1")))
            .arg(format!("--port={}", url.port().unwrap_or(3306)))
            .arg(format!("--user={}", if url.username().is_empty() { "root" } else { url.username() }));
        if let Some(password) = url.password() {
            cmd.arg(format!("--password={password}"));
        }
        cmd.arg(&self.name)
            .stdin(Stdio::from(std::fs::File::open(dump).with_context(|| format!("opening {}", dump.display()))?))
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let output = cmd.output().context("running the mysql client")?;
        if !output.status.success() {
            bail!("mysql < {} failed: {}", dump.display(), String::from_utf8_lossy(&output.stderr));
        }
        Ok(())
    }

}

/// Drops a scratch database or file (best effort: a leftover is harmless, a panic is not).
async fn drop_database(backend: Backend, name: &str, file: Option<&Path>) -> anyhow::Result<()> {
    match backend {
        Backend::Sqlite => {
            if let Some(file) = file {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                }
            }
        }
        Backend::Postgres => {
            let admin = headpress_domain::backend::connect(&pg_admin_url()).await?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await?;
        }
        Backend::MariaDb => {
            let admin = headpress_domain::backend::connect(&mysql_admin_url()).await?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                .await?;
        }
    }
    Ok(())
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        // Drop runs outside async code: use a small runtime on its own thread.
        let (backend, name, file) = (self.backend, self.name.clone(), self.file.take());
        let handle = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
                let _ = rt.block_on(drop_database(backend, &name, file.as_deref()));
            }
        });
        let _ = handle.join();
    }
}

/// Whether a backend's server answers; in CI every backend is required.
pub async fn available(backend: Backend) -> bool {
    match backend {
        Backend::Sqlite => true,
        Backend::Postgres => headpress_domain::backend::connect(&pg_admin_url()).await.is_ok(),
        Backend::MariaDb => headpress_domain::backend::connect(&mysql_admin_url()).await.is_ok(),
    }
}

/// The conformance site on one backend, served in-process.
pub struct FixtureSite {
    pub backend: Backend,
    pub app: App,
    _dbs: Vec<ScratchDb>,
}

/// The conformance site's configuration (registered meta of the oracle's mu-plugin).
pub fn conformance_config(database_url: &str) -> anyhow::Result<Config> {
    let mut config = Config::load(Some(&conformance_dir().join("headpress.toml")))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    config.database_url = database_url.to_owned();
    Ok(config)
}

/// Loads WordPress's dump into a fresh MariaDB database and, for the other backends, copies
/// it there with `copy_database` (the code behind `headpress db copy`).
pub async fn fixture_site(backend: Backend) -> anyhow::Result<FixtureSite> {
    let source = ScratchDb::create(Backend::MariaDb).await?;
    source.load_mysql_dump(&conformance_dir().join("fixture/wp-fixture.sql"))?;
    let mut dbs = Vec::new();
    let url = if backend == Backend::MariaDb {
        let url = source.url.clone();
        dbs.push(source);
        url
    } else {
        let target = ScratchDb::create(backend).await?;
        {
            let from = headpress_domain::backend::connect(&source.url).await?;
            let to = headpress_domain::backend::connect(&target.url).await?;
            copy_database(
                &from,
                &to,
                "wp_",
                &CopyOptions {
                    replace: false,
                    batch_size: 500,
                },
                &mut |_| {},
            )
            .await
            .with_context(|| format!("copying the fixture to {}", backend.name()))?;
            from.close().await?;
            to.close().await?;
        }
        let url = target.url.clone();
        dbs.push(target);
        dbs.push(source);
        url
    };
    let app = App::open(&conformance_config(&url)?).await?;
    Ok(FixtureSite {
        backend,
        app,
        _dbs: dbs,
    })
}
