//! Install, existing-database and copy tests on SQLite, and on MariaDB and PostgreSQL when
//! they are reachable (`HEADPRESS_TEST_MYSQL`, `HEADPRESS_TEST_PG`, defaulting to the local
//! servers). Each test works in scratch databases named `hp_mig_<pid>_<n>` and drops them.

#![allow(clippy::unwrap_used)] // Tests may unwrap.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use headpress_domain::backend::connect;
use headpress_migrations::{
    CopyOptions, Error, InstallOptions, MigrateOutcome, copy_database, create_application_password,
    existing_tables, migrate, table_digest,
};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};

const FIXTURE: &str = "/work/shared/conformance/fixture/wp-fixture.sql";
const SUFFIXES: [&str; 12] = [
    "termmeta",
    "terms",
    "term_taxonomy",
    "term_relationships",
    "commentmeta",
    "comments",
    "links",
    "options",
    "postmeta",
    "posts",
    "users",
    "usermeta",
];

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn scratch_name() -> String {
    format!(
        "hp_mig_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn install_options() -> InstallOptions {
    InstallOptions {
        site_url: "http://127.0.0.1:8080".to_owned(),
        blog_title: "Test Site".to_owned(),
        admin_login: "admin".to_owned(),
        admin_email: "admin@example.com".to_owned(),
        admin_password: None,
        now: NaiveDate::from_ymd_opt(2023, 1, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap(),
    }
}

async fn sqlite_memory() -> DatabaseConnection {
    // One connection: every pooled connection would otherwise get its own empty database.
    let mut options = ConnectOptions::new("sqlite::memory:");
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options).await.unwrap()
}

fn sqlite_file() -> (String, PathBuf) {
    let path = std::env::temp_dir().join(format!("{}.db", scratch_name()));
    (format!("sqlite://{}?mode=rwc", path.display()), path)
}

async fn query_strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let backend = db.get_database_backend();
    db.query_all_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

async fn digests(db: &DatabaseConnection) -> Vec<(String, u64, String)> {
    let mut out = Vec::new();
    for suffix in SUFFIXES {
        let (n, d) = table_digest(db, "wp_", suffix).await.unwrap();
        out.push((suffix.to_owned(), n, d));
    }
    out
}

/// A server reachable at `base` (a URL without database), or None to skip.
struct Server {
    base: String,
    admin: DatabaseConnection,
    mysql: bool,
}

impl Server {
    async fn mysql() -> Option<Self> {
        let base = std::env::var("HEADPRESS_TEST_MYSQL")
            .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned());
        Self::open(base, "test", true).await
    }

    async fn postgres() -> Option<Self> {
        let base = std::env::var("HEADPRESS_TEST_PG")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
        Self::open(base, "test", false).await
    }

    async fn open(base: String, default_db: &str, mysql: bool) -> Option<Self> {
        match connect(&format!("{base}/{default_db}")).await {
            Ok(admin) => Some(Self { base, admin, mysql }),
            Err(e) => {
                eprintln!("skipping: {base} unreachable: {e}");
                None
            }
        }
    }

    async fn create(&self) -> (String, DatabaseConnection) {
        let name = scratch_name();
        self.admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let db = connect(&format!("{}/{name}", self.base)).await.unwrap();
        (name, db)
    }

    async fn drop_db(&self, name: &str, db: DatabaseConnection) {
        db.close().await.unwrap();
        let sql = if self.mysql {
            format!("DROP DATABASE {name}")
        } else {
            format!("DROP DATABASE {name} WITH (FORCE)")
        };
        self.admin.execute_unprepared(&sql).await.unwrap();
    }

    /// `mysql` CLI arguments (user, host, port) from the base URL.
    fn cli_args(&self) -> Vec<String> {
        let rest = self.base.trim_start_matches("mysql://");
        let (user, host) = rest.split_once('@').unwrap_or(("root", rest));
        let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
        vec![
            format!("-u{user}"),
            format!("-h{host}"),
            format!("-P{port}"),
        ]
    }

    fn load_fixture(&self, name: &str) {
        let status = Command::new("mysql")
            .args(self.cli_args())
            .arg(name)
            .stdin(std::fs::File::open(FIXTURE).unwrap())
            .status()
            .unwrap();
        assert!(status.success(), "loading the fixture failed");
    }

    /// The data of the twelve tables as mysqldump prints it, one INSERT per row.
    fn dump_data(&self, name: &str) -> String {
        let tables: Vec<String> = SUFFIXES.iter().map(|s| format!("wp_{s}")).collect();
        let out = Command::new("mysqldump")
            .args(self.cli_args())
            .args([
                "--no-create-info",
                "--skip-extended-insert",
                "--skip-comments",
                "--compact",
                "--order-by-primary",
                name,
            ])
            .args(&tables)
            .stderr(Stdio::inherit())
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    }
}

async fn assert_fresh_install(db: &DatabaseConnection) {
    let outcome = migrate(db, "wp_", &install_options()).await.unwrap();
    let MigrateOutcome::Installed {
        admin_login,
        generated_password: Some(password),
    } = outcome
    else {
        panic!("expected a fresh install, got {outcome:?}");
    };
    assert_eq!(admin_login, "admin");
    assert_eq!(password.len(), 24);
    assert!(password.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(existing_tables(db, "wp_").await.unwrap().len(), 12);

    let q = |sql: &str| {
        sql.replace(
            '`',
            if db.get_database_backend() == sea_orm::DbBackend::MySql {
                "`"
            } else {
                "\""
            },
        )
    };
    let titles = query_strings(db, &q("SELECT `post_title` FROM `wp_posts` ORDER BY `ID`")).await;
    assert_eq!(titles, ["Hello world!", "Sample Page", "Privacy Policy"]);
    let statuses =
        query_strings(db, &q("SELECT `post_status` FROM `wp_posts` ORDER BY `ID`")).await;
    assert_eq!(statuses, ["publish", "publish", "draft"]);
    let guid = query_strings(db, &q("SELECT `guid` FROM `wp_posts` WHERE `ID` = 2")).await;
    assert_eq!(guid, ["http://127.0.0.1:8080/?page_id=2"]);
    let cat = query_strings(db, &q("SELECT `slug` FROM `wp_terms` WHERE `term_id` = 1")).await;
    assert_eq!(cat, ["uncategorized"]);
    let author = query_strings(
        db,
        &q("SELECT `comment_author` FROM `wp_comments` WHERE `comment_ID` = 1"),
    )
    .await;
    assert_eq!(author, ["A WordPress Commenter"]);
    let hash = query_strings(
        db,
        &q("SELECT `user_pass` FROM `wp_users` WHERE `user_login` = 'admin'"),
    )
    .await;
    assert!(headpress_php::check_password(&password, &hash[0]));
    let caps = query_strings(
        db,
        &q("SELECT `meta_value` FROM `wp_usermeta` WHERE `meta_key` = 'wp_capabilities'"),
    )
    .await;
    assert_eq!(caps, ["a:1:{s:13:\"administrator\";b:1;}"]);
    let version = query_strings(
        db,
        &q("SELECT `option_value` FROM `wp_options` WHERE `option_name` = 'db_version'"),
    )
    .await;
    assert_eq!(version, ["53496"]);

    // New rows continue after the installer's explicit IDs.
    db.execute_unprepared(&q(
        "INSERT INTO `wp_posts` (`post_content`, `post_title`, `post_excerpt`, `to_ping`, `pinged`, `post_content_filtered`) VALUES ('', 'Next', '', '', '', '')",
    ))
    .await
    .unwrap();
    let next = query_strings(db, &q("SELECT `post_title` FROM `wp_posts` WHERE `ID` = 4")).await;
    assert_eq!(next, ["Next"]);

    let again = migrate(db, "wp_", &install_options()).await.unwrap();
    assert_eq!(
        again,
        MigrateOutcome::Existing {
            db_version: "53496".to_owned()
        }
    );
}

#[tokio::test]
async fn installs_into_empty_sqlite_and_then_reports_existing() {
    let db = sqlite_memory().await;
    assert_fresh_install(&db).await;
}

#[tokio::test]
async fn application_passwords_append_like_wordpress() {
    let db = sqlite_memory().await;
    migrate(&db, "wp_", &install_options()).await.unwrap();
    let first = create_application_password(&db, "wp_", "admin", "cli", 1_700_000_000)
        .await
        .unwrap();
    let second = create_application_password(&db, "wp_", "admin", "ci", 1_700_000_001)
        .await
        .unwrap();
    assert_eq!(first.user_id, 1);
    assert_eq!(first.chunked().len(), 29);
    let stored = query_strings(
        &db,
        "SELECT meta_value FROM wp_usermeta WHERE meta_key = '_application_passwords'",
    )
    .await;
    assert_eq!(stored.len(), 1);
    let value = &stored[0];
    assert!(value.starts_with("a:2:{i:0;a:7:{s:4:\"uuid\";s:36:\""));
    assert!(value.contains(&format!("s:4:\"uuid\";s:36:\"{}\"", second.uuid)));
    assert!(value.contains("s:4:\"name\";s:2:\"ci\";s:8:\"password\";s:34:\"$P$B"));
    assert!(
        value.contains("s:7:\"created\";i:1700000001;s:9:\"last_used\";N;s:7:\"last_ip\";N;}}")
    );
    let hash_at = value.rfind("s:34:\"").unwrap() + 6;
    let hash = &value[hash_at..hash_at + 34];
    assert!(headpress_php::check_password(&second.password, hash));
    let in_use = query_strings(
        &db,
        "SELECT option_value || autoload FROM wp_options WHERE option_name = 'using_application_passwords'",
    )
    .await;
    assert_eq!(in_use, ["1no"]);
    let unknown = create_application_password(&db, "wp_", "nobody", "x", 0).await;
    assert!(matches!(unknown, Err(Error::UnknownUser(_))));
}

#[tokio::test]
async fn refuses_partial_wordpress_tables() {
    let db = sqlite_memory().await;
    db.execute_unprepared("CREATE TABLE wp_options (option_id INTEGER PRIMARY KEY, option_name TEXT, option_value TEXT, autoload TEXT)")
        .await
        .unwrap();
    let err = migrate(&db, "wp_", &install_options()).await.unwrap_err();
    assert!(matches!(err, Error::PartialInstall { .. }), "{err}");
    // Nothing was created beside it.
    assert_eq!(existing_tables(&db, "wp_").await.unwrap(), ["wp_options"]);
}

#[tokio::test]
async fn installs_on_postgres_and_mariadb() {
    if let Some(pg) = Server::postgres().await {
        let (name, db) = pg.create().await;
        assert_fresh_install(&db).await;
        pg.drop_db(&name, db).await;
    }
    if let Some(my) = Server::mysql().await {
        let (name, db) = my.create().await;
        assert_fresh_install(&db).await;
        my.drop_db(&name, db).await;
    }
}

/// The installer's options match those of the real 6.1 install in the fixture, in the same
/// order (so with the same option_id), apart from values the oracle changed afterwards.
#[tokio::test]
async fn install_matches_the_fixture_install() {
    let Some(my) = Server::mysql().await else {
        return;
    };
    let (fixture_name, fixture) = my.create().await;
    my.load_fixture(&fixture_name);
    let (fresh_name, fresh) = my.create().await;
    migrate(&fresh, "wp_", &install_options()).await.unwrap();

    let sql = "SELECT CONCAT(option_id, ' ', option_name, '=', option_value, ' ', autoload) FROM wp_options ORDER BY option_id";
    let ours = query_strings(&fresh, sql).await;
    let theirs = query_strings(&fixture, sql).await;
    // Changed by the oracle's lib/install.php or by seeding, not by wp_install().
    let site_specific = [
        "blogname",
        "blogdescription",
        "start_of_week",
        "permalink_structure",
        "rewrite_rules",
        "timezone_string",
        "uploads_use_yearmonth_folders",
        "admin_email_lifespan",
        "sticky_posts",
        "fresh_site",
        "user_count",
    ];
    assert_eq!(ours.len(), 104);
    for line in &ours {
        let name = line.split_once(' ').unwrap().1.split_once('=').unwrap().0;
        if site_specific.contains(&name) {
            assert!(
                theirs
                    .iter()
                    .any(|t| t.starts_with(line.split_once('=').unwrap().0)),
                "{line}"
            );
        } else {
            assert!(
                theirs.contains(line),
                "option differs from WordPress's: {line}"
            );
        }
    }

    // Default content, dates aside (the oracle pinned them after installing).
    for (table, key, ids) in [
        ("wp_posts", "ID", "1,2,3"),
        ("wp_comments", "comment_ID", "1"),
        ("wp_terms", "term_id", "1"),
        ("wp_postmeta", "meta_id", "1,2"),
        ("wp_term_relationships", "object_id", "1"),
    ] {
        let cols: Vec<String> = query_strings(
            &fresh,
            &format!("SELECT CAST(column_name AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '{table}' AND data_type <> 'datetime' ORDER BY ordinal_position"),
        )
        .await;
        let concat = cols
            .iter()
            .map(|c| format!("IFNULL(`{c}`, 'NULL')"))
            .collect::<Vec<_>>()
            .join(", '|', ");
        let sql =
            format!("SELECT CONCAT({concat}) FROM {table} WHERE {key} IN ({ids}) ORDER BY {key}");
        assert_eq!(
            query_strings(&fresh, &sql).await,
            query_strings(&fixture, &sql).await,
            "{table}"
        );
    }
    // The DDL is WordPress's: SHOW CREATE TABLE agrees apart from the AUTO_INCREMENT counter.
    for suffix in SUFFIXES {
        let show = |db: &DatabaseConnection| {
            let sql = format!("SHOW CREATE TABLE wp_{suffix}");
            let db = db.clone();
            async move {
                let row = db
                    .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                    .await
                    .unwrap()
                    .unwrap();
                let ddl = row.try_get_by_index::<String>(1).unwrap();
                ddl.split(' ')
                    .filter(|w| !w.starts_with("AUTO_INCREMENT="))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        assert_eq!(
            show(&fresh).await,
            show(&fixture).await,
            "DDL of wp_{suffix}"
        );
    }
    my.drop_db(&fixture_name, fixture).await;
    my.drop_db(&fresh_name, fresh).await;
}

/// migrate() on a real WordPress database reports it and changes nothing.
#[tokio::test]
async fn existing_fixture_is_left_alone() {
    let Some(my) = Server::mysql().await else {
        return;
    };
    let (name, db) = my.create().await;
    my.load_fixture(&name);
    let before = my.dump_data(&name);
    let outcome = migrate(&db, "wp_", &install_options()).await.unwrap();
    assert_eq!(
        outcome,
        MigrateOutcome::Existing {
            db_version: "53496".to_owned()
        }
    );
    assert_eq!(my.dump_data(&name), before);
    my.drop_db(&name, db).await;
}

/// MariaDB (fixture) → SQLite → PostgreSQL → MariaDB, content identical at every hop.
#[tokio::test]
async fn copies_the_fixture_across_all_backends() {
    let Some(my) = Server::mysql().await else {
        return;
    };
    let Some(pg) = Server::postgres().await else {
        return;
    };
    let (source_name, source) = my.create().await;
    my.load_fixture(&source_name);
    let expected = digests(&source).await;
    assert!(expected.iter().find(|(t, ..)| t == "posts").unwrap().1 > 100);

    let (sqlite_url, sqlite_path) = sqlite_file();
    let sqlite = connect(&sqlite_url).await.unwrap();
    let (pg_name, postgres) = pg.create().await;
    let (target_name, target) = my.create().await;

    let options = CopyOptions {
        replace: false,
        batch_size: 37,
    };
    let mut events = 0;
    let report = copy_database(&source, &sqlite, "wp_", &options, &mut |_| events += 1)
        .await
        .unwrap();
    assert!(events > 12);
    assert_eq!(report.tables.len(), 12);
    assert_eq!(digests(&sqlite).await, expected, "MariaDB → SQLite");

    copy_database(&sqlite, &postgres, "wp_", &options, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(digests(&postgres).await, expected, "SQLite → PostgreSQL");

    copy_database(&postgres, &target, "wp_", &options, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(digests(&target).await, expected, "PostgreSQL → MariaDB");
    // Independent of our own decoding: mysqldump sees the same bytes.
    assert_eq!(my.dump_data(&target_name), my.dump_data(&source_name));

    // The floating drafts kept their zero dates on PostgreSQL as NULL.
    let nulls = query_strings(
        &postgres,
        "SELECT COUNT(*)::text FROM wp_posts WHERE post_date_gmt IS NULL",
    )
    .await;
    assert_ne!(nulls, ["0"]);

    // IDs continue after the copied ones on every backend.
    for db in [&sqlite, &postgres, &target] {
        let q = |s: &str| match db.get_database_backend() {
            sea_orm::DbBackend::MySql => s.replace('"', "`"),
            _ => s.replace("AS CHAR", "AS TEXT"),
        };
        db.execute_unprepared(&q("INSERT INTO \"wp_options\" (\"option_name\", \"option_value\") VALUES ('hp_probe', 'x')"))
            .await
            .unwrap();
        let id = query_strings(db, &q("SELECT CAST(\"option_id\" AS CHAR) FROM \"wp_options\" WHERE \"option_name\" = 'hp_probe'")).await;
        assert_eq!(id, ["143"], "{:?}", db.get_database_backend());
    }

    // A non-empty target is refused unless replace is given.
    let err = copy_database(&source, &postgres, "wp_", &options, &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TargetNotEmpty { .. }), "{err}");
    let replace = CopyOptions {
        replace: true,
        batch_size: 500,
    };
    copy_database(&source, &postgres, "wp_", &replace, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(digests(&postgres).await, expected, "replace");

    sqlite.close().await.unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", sqlite_path.display()));
    }
    pg.drop_db(&pg_name, postgres).await;
    my.drop_db(&target_name, target).await;
    my.drop_db(&source_name, source).await;
}
