//! `migrate`: WordPress 6.1's `wp_install()` on an empty database, and a no-op on an
//! existing WordPress database.

use chrono::NaiveDateTime;
use rand::distr::{Alphanumeric, SampleString};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement,
    TransactionTrait, Value,
};

use crate::schema::{create_schema, existing_tables, validate_prefix};
use crate::sql::{insert_row, quote};
use crate::{Error, copy};

/// `$wp_db_version` of WordPress 6.1; stored as the `db_version` option. Its presence is
/// what marks a database as installed, so no migration table of our own is needed.
pub const WP_DB_VERSION: &str = "53496";

/// What `wp_install()` is told: the installer form's fields, plus the clock.
#[derive(Debug, Clone)]
pub struct InstallOptions {
    /// The site address (`siteurl` and `home`), without a trailing slash.
    pub site_url: String,
    pub blog_title: String,
    pub admin_login: String,
    pub admin_email: String,
    /// `None` generates a 24-character alphanumeric password and returns it.
    pub admin_password: Option<String>,
    /// The install time, as both local and GMT time (a fresh site's offset is 0).
    pub now: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateOutcome {
    /// The prefix's tables already hold a WordPress install; nothing was changed.
    Existing { db_version: String },
    /// The database was empty; the schema and `wp_install()`'s content were written.
    Installed {
        admin_login: String,
        /// The generated password, when none was given.
        generated_password: Option<String>,
    },
}

/// Mirrors `wp_install()`: on an empty database creates the twelve tables and the content a
/// fresh WordPress 6.1 has; on a WordPress database (`{prefix}options` has `db_version`)
/// changes nothing; anything in between is refused.
pub async fn migrate(
    db: &DatabaseConnection,
    prefix: &str,
    install: &InstallOptions,
) -> Result<MigrateOutcome, Error> {
    validate_prefix(prefix)?;
    let found = existing_tables(db, prefix).await?;
    let options_table = format!("{prefix}options");
    if found.contains(&options_table)
        && let Some(db_version) = read_option(db, &options_table, "db_version").await?
    {
        return Ok(MigrateOutcome::Existing { db_version });
    }
    if !found.is_empty() {
        return Err(Error::PartialInstall {
            prefix: prefix.to_owned(),
            found,
        });
    }
    validate_install(install)?;
    create_schema(db, prefix).await?;
    let generated_password = match &install.admin_password {
        Some(_) => None,
        None => Some(Alphanumeric.sample_string(&mut rand::rng(), 24)),
    };
    let password = install
        .admin_password
        .as_deref()
        .or(generated_password.as_deref())
        .unwrap_or_default();
    let txn = db.begin().await?;
    write_install(
        &txn,
        prefix,
        install,
        password,
        generated_password.is_some(),
    )
    .await?;
    txn.commit().await?;
    copy::reset_sequences(db, prefix).await?;
    Ok(MigrateOutcome::Installed {
        admin_login: install.admin_login.clone(),
        generated_password,
    })
}

/// Reads one option's value.
pub(crate) async fn read_option<C: ConnectionTrait>(
    db: &C,
    options_table: &str,
    name: &str,
) -> Result<Option<String>, Error> {
    let backend = db.get_database_backend();
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = {}",
        quote(backend, "option_value"),
        quote(backend, options_table),
        quote(backend, "option_name"),
        crate::sql::placeholder(backend, 1)
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [name.into()]))
        .await?;
    match row {
        Some(row) => Ok(Some(row.try_get_by_index::<String>(0)?)),
        None => Ok(None),
    }
}

fn validate_install(install: &InstallOptions) -> Result<(), Error> {
    let login = install.admin_login.trim();
    if login.is_empty() || login.chars().count() > 60 {
        return Err(Error::InvalidInstall(
            "admin login must be 1 to 60 characters".to_owned(),
        ));
    }
    if !install.admin_email.contains('@') {
        return Err(Error::InvalidInstall(format!(
            "admin email {:?} is not an email address",
            install.admin_email
        )));
    }
    if let Some(p) = &install.admin_password
        && p.trim().is_empty()
    {
        return Err(Error::InvalidInstall(
            "admin password is empty; omit it to generate one".to_owned(),
        ));
    }
    if install.site_url.trim().is_empty() {
        return Err(Error::InvalidInstall("site URL is empty".to_owned()));
    }
    Ok(())
}

/// The serialized roles `populate_roles()` writes, byte for byte from a WordPress 6.1 install.
const WP_USER_ROLES: &str = include_str!("install_data/wp_user_roles.txt");
/// `wp_install_defaults()`'s default block widgets and their sidebars.
const WIDGET_BLOCK: &str = include_str!("install_data/widget_block.txt");
const SIDEBARS_WIDGETS: &str = include_str!("install_data/sidebars_widgets.txt");
/// `WP_Privacy_Policy_Content::get_default_content()` with `{SITE_URL}` for `home`.
const PRIVACY_POLICY: &str = include_str!("install_data/privacy_policy.html");
/// The "Sample Page" content with `{SITE_URL}` for the site address.
const SAMPLE_PAGE: &str = include_str!("install_data/sample_page.html");
const FIRST_COMMENT: &str = include_str!("install_data/first_comment.txt");
const FIRST_POST: &str = "<!-- wp:paragraph -->\n<p>Welcome to WordPress. This is your first post. Edit or delete it, then start writing!</p>\n<!-- /wp:paragraph -->";

/// `MONTH_IN_SECONDS * 6`, the first `admin_email_lifespan`.
const SIX_MONTHS: i64 = 6 * 30 * 24 * 60 * 60;

/// The pretty permalink structure `wp_install_maybe_enable_pretty_permalinks()` settles on
/// when the server rewrites URLs, which Headpress always does.
const PERMALINK_STRUCTURE: &str = "/%year%/%monthnum%/%day%/%postname%/";

/// The options of a fresh 6.1 site in the order WordPress inserts them: `populate_options()`,
/// then `populate_roles()`, then `wp_install()` and `wp_install_defaults()`. Values that
/// depend on the install are filled in by the caller. Rewrite rules are left empty (as
/// `populate_options()` writes them); WordPress regenerates them on first load.
fn install_options(
    install: &InstallOptions,
    site_url: &str,
) -> Vec<(&'static str, String, &'static str)> {
    let now_unix = install.now.and_utc().timestamp();
    let fixed: &[(&'static str, &str)] = &[
        ("siteurl", site_url),
        ("home", site_url),
        ("blogname", &install.blog_title),
        ("blogdescription", ""),
        ("users_can_register", "0"),
        ("admin_email", &install.admin_email),
        ("start_of_week", "1"),
        ("use_balanceTags", "0"),
        ("use_smilies", "1"),
        ("require_name_email", "1"),
        ("comments_notify", "1"),
        ("posts_per_rss", "10"),
        ("rss_use_excerpt", "0"),
        ("mailserver_url", "mail.example.com"),
        ("mailserver_login", "login@example.com"),
        ("mailserver_pass", "password"),
        ("mailserver_port", "110"),
        ("default_category", "1"),
        ("default_comment_status", "open"),
        ("default_ping_status", "open"),
        ("default_pingback_flag", "1"),
        ("posts_per_page", "10"),
        ("date_format", "F j, Y"),
        ("time_format", "g:i a"),
        ("links_updated_date_format", "F j, Y g:i a"),
        ("comment_moderation", "0"),
        ("moderation_notify", "1"),
        ("permalink_structure", PERMALINK_STRUCTURE),
        ("rewrite_rules", ""),
        ("hack_file", "0"),
        ("blog_charset", "UTF-8"),
        ("moderation_keys", ""),
        ("active_plugins", "a:0:{}"),
        ("category_base", ""),
        ("ping_sites", "http://rpc.pingomatic.com/"),
        ("comment_max_links", "2"),
        ("gmt_offset", "0"),
        ("default_email_category", "1"),
        ("recently_edited", ""),
        ("template", "twentytwentythree"),
        ("stylesheet", "twentytwentythree"),
        ("comment_registration", "0"),
        ("html_type", "text/html"),
        ("use_trackback", "0"),
        ("default_role", "subscriber"),
        ("db_version", WP_DB_VERSION),
        ("uploads_use_yearmonth_folders", "1"),
        ("upload_path", ""),
        ("blog_public", "1"),
        ("default_link_category", "2"),
        ("show_on_front", "posts"),
        ("tag_base", ""),
        ("show_avatars", "1"),
        ("avatar_rating", "G"),
        ("upload_url_path", ""),
        ("thumbnail_size_w", "150"),
        ("thumbnail_size_h", "150"),
        ("thumbnail_crop", "1"),
        ("medium_size_w", "300"),
        ("medium_size_h", "300"),
        ("avatar_default", "mystery"),
        ("large_size_w", "1024"),
        ("large_size_h", "1024"),
        ("image_default_link_type", "none"),
        ("image_default_size", ""),
        ("image_default_align", ""),
        ("close_comments_for_old_posts", "0"),
        ("close_comments_days_old", "14"),
        ("thread_comments", "1"),
        ("thread_comments_depth", "5"),
        ("page_comments", "0"),
        ("comments_per_page", "50"),
        ("default_comments_page", "newest"),
        ("comment_order", "asc"),
        ("sticky_posts", "a:0:{}"),
        ("widget_categories", "a:0:{}"),
        ("widget_text", "a:0:{}"),
        ("widget_rss", "a:0:{}"),
        ("uninstall_plugins", "a:0:{}"),
        ("timezone_string", ""),
        ("page_for_posts", "0"),
        ("page_on_front", "0"),
        ("default_post_format", "0"),
        ("link_manager_enabled", "0"),
        ("finished_splitting_shared_terms", "1"),
        ("site_icon", "0"),
        ("medium_large_size_w", "768"),
        ("medium_large_size_h", "0"),
        // populate_options() writes 0; wp_install_defaults() then points it at page 3.
        ("wp_page_for_privacy_policy", "3"),
        ("show_comments_cookies_opt_in", "1"),
    ];
    let mut options: Vec<(&'static str, String, &'static str)> = fixed
        .iter()
        .map(|(name, value)| (*name, (*value).to_owned(), autoload(name)))
        .collect();
    let later: Vec<(&'static str, String)> = vec![
        ("admin_email_lifespan", (now_unix + SIX_MONTHS).to_string()),
        ("disallowed_keys", String::new()),
        ("comment_previously_approved", "1".to_owned()),
        ("auto_plugin_theme_update_emails", "a:0:{}".to_owned()),
        ("auto_update_core_dev", "enabled".to_owned()),
        ("auto_update_core_minor", "enabled".to_owned()),
        ("auto_update_core_major", "enabled".to_owned()),
        ("wp_force_deactivated_plugins", "a:0:{}".to_owned()),
        ("initial_db_version", WP_DB_VERSION.to_owned()),
        ("wp_user_roles", WP_USER_ROLES.to_owned()),
        ("fresh_site", "1".to_owned()),
        // Set by wp_maybe_update_user_counts() when the admin registers.
        ("user_count", "1".to_owned()),
        ("widget_block", WIDGET_BLOCK.to_owned()),
        ("sidebars_widgets", SIDEBARS_WIDGETS.to_owned()),
    ];
    options.extend(
        later
            .into_iter()
            .map(|(name, value)| (name, value, autoload(name))),
    );
    options
}

/// populate_options()'s "fat options" and user_count are the only ones not autoloaded.
fn autoload(name: &str) -> &'static str {
    match name {
        "moderation_keys"
        | "recently_edited"
        | "disallowed_keys"
        | "uninstall_plugins"
        | "auto_plugin_theme_update_emails"
        | "user_count" => "no",
        _ => "yes",
    }
}

/// `user_nicename` as wp_insert_user() derives it: the login through `sanitize_title()`,
/// cut to 50 characters.
fn nicename(login: &str) -> String {
    let nicename: String = login.chars().take(50).collect();
    headpress_php::sanitize_title(&nicename)
}

/// Binds a date the way each backend stores WordPress dates (see `schema`).
pub(crate) fn date_value(backend: DbBackend, date: NaiveDateTime) -> Value {
    match backend {
        DbBackend::Postgres => Value::ChronoDateTime(Some(date)),
        _ => Value::String(Some(date.format("%Y-%m-%d %H:%M:%S").to_string())),
    }
}

fn s(text: &str) -> Value {
    Value::String(Some(text.to_owned()))
}

fn i(n: i64) -> Value {
    Value::BigInt(Some(n))
}

/// One of wp_install_defaults()'s posts: ID, post_type, content, title, slug, status,
/// comment_status, guid, comment_count.
type DefaultPost<'a> = (
    i64,
    &'a str,
    String,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    String,
    i64,
);

async fn write_install(
    txn: &DatabaseTransaction,
    prefix: &str,
    install: &InstallOptions,
    password: &str,
    generated: bool,
) -> Result<(), Error> {
    let backend = txn.get_database_backend();
    let t = |suffix: &str| format!("{prefix}{suffix}");
    let site_url = install.site_url.trim().trim_end_matches('/');
    let now = date_value(backend, install.now);
    let login = install.admin_login.trim();

    for (name, value, autoload) in install_options(install, site_url) {
        insert_row(
            txn,
            &t("options"),
            vec![
                ("option_name", s(name)),
                ("option_value", s(&value)),
                ("autoload", s(autoload)),
            ],
        )
        .await?;
    }

    // wp_create_user() + set_role('administrator') + wp_update_user(user_url).
    insert_row(
        txn,
        &t("users"),
        vec![
            ("ID", i(1)),
            ("user_login", s(login)),
            (
                "user_pass",
                s(&headpress_php::hash_password_phpass(password)),
            ),
            ("user_nicename", s(&nicename(login))),
            ("user_email", s(&install.admin_email)),
            ("user_url", s(site_url)),
            ("user_registered", now.clone()),
            ("user_activation_key", s("")),
            ("user_status", i(0)),
            ("display_name", s(login)),
        ],
    )
    .await?;
    let capabilities_key = format!("{prefix}capabilities");
    let user_level_key = format!("{prefix}user_level");
    let mut usermeta: Vec<(&str, &str)> = vec![
        ("nickname", login),
        ("first_name", ""),
        ("last_name", ""),
        ("description", ""),
        ("rich_editing", "true"),
        ("syntax_highlighting", "true"),
        ("comment_shortcuts", "false"),
        ("admin_color", "fresh"),
        ("use_ssl", "0"),
        ("show_admin_bar_front", "true"),
        ("locale", ""),
        (&capabilities_key, "a:1:{s:13:\"administrator\";b:1;}"),
        (&user_level_key, "10"),
        ("dismissed_wp_pointers", ""),
    ];
    if generated {
        // wp_install() nags the admin to change a generated password.
        usermeta.push(("default_password_nag", "1"));
    }
    usermeta.push(("show_welcome_panel", "1"));
    for (key, value) in usermeta {
        insert_row(
            txn,
            &t("usermeta"),
            vec![
                ("user_id", i(1)),
                ("meta_key", s(key)),
                ("meta_value", s(value)),
            ],
        )
        .await?;
    }

    insert_row(
        txn,
        &t("terms"),
        vec![
            ("term_id", i(1)),
            ("name", s("Uncategorized")),
            ("slug", s("uncategorized")),
            ("term_group", i(0)),
        ],
    )
    .await?;
    insert_row(
        txn,
        &t("term_taxonomy"),
        vec![
            ("term_taxonomy_id", i(1)),
            ("term_id", i(1)),
            ("taxonomy", s("category")),
            ("description", s("")),
            ("parent", i(0)),
            ("count", i(1)),
        ],
    )
    .await?;

    let posts: [DefaultPost; 3] = [
        (
            1,
            "post",
            FIRST_POST.to_owned(),
            "Hello world!",
            "hello-world",
            "publish",
            "open",
            format!("{site_url}/?p=1"),
            1,
        ),
        (
            2,
            "page",
            SAMPLE_PAGE.replace("{SITE_URL}", site_url),
            "Sample Page",
            "sample-page",
            "publish",
            "closed",
            format!("{site_url}/?page_id=2"),
            0,
        ),
        (
            3,
            "page",
            PRIVACY_POLICY.replace("{SITE_URL}", site_url),
            "Privacy Policy",
            "privacy-policy",
            "draft",
            "closed",
            format!("{site_url}/?page_id=3"),
            0,
        ),
    ];
    for (id, post_type, content, title, name, status, comment_status, guid, comments) in posts {
        insert_row(
            txn,
            &t("posts"),
            vec![
                ("ID", i(id)),
                ("post_author", i(1)),
                ("post_date", now.clone()),
                ("post_date_gmt", now.clone()),
                ("post_content", s(&content)),
                ("post_title", s(title)),
                ("post_excerpt", s("")),
                ("post_status", s(status)),
                ("comment_status", s(comment_status)),
                ("ping_status", s("open")),
                ("post_password", s("")),
                ("post_name", s(name)),
                ("to_ping", s("")),
                ("pinged", s("")),
                ("post_modified", now.clone()),
                ("post_modified_gmt", now.clone()),
                ("post_content_filtered", s("")),
                ("post_parent", i(0)),
                ("guid", s(&guid)),
                ("menu_order", i(0)),
                ("post_type", s(post_type)),
                ("post_mime_type", s("")),
                ("comment_count", i(comments)),
            ],
        )
        .await?;
        if id == 1 {
            insert_row(
                txn,
                &t("term_relationships"),
                vec![
                    ("object_id", i(1)),
                    ("term_taxonomy_id", i(1)),
                    ("term_order", i(0)),
                ],
            )
            .await?;
            insert_row(
                txn,
                &t("comments"),
                vec![
                    ("comment_ID", i(1)),
                    ("comment_post_ID", i(1)),
                    ("comment_author", s("A WordPress Commenter")),
                    ("comment_author_email", s("wapuu@wordpress.example")),
                    ("comment_author_url", s("https://wordpress.org/")),
                    ("comment_author_IP", s("")),
                    ("comment_date", now.clone()),
                    ("comment_date_gmt", now.clone()),
                    ("comment_content", s(FIRST_COMMENT)),
                    ("comment_karma", i(0)),
                    ("comment_approved", s("1")),
                    ("comment_agent", s("")),
                    ("comment_type", s("comment")),
                    ("comment_parent", i(0)),
                    ("user_id", i(0)),
                ],
            )
            .await?;
        } else {
            insert_row(
                txn,
                &t("postmeta"),
                vec![
                    ("post_id", i(id)),
                    ("meta_key", s("_wp_page_template")),
                    ("meta_value", s("default")),
                ],
            )
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap.
mod tests {
    use super::*;

    #[test]
    fn nicename_like_sanitize_title() {
        assert_eq!(nicename("admin"), "admin");
        assert_eq!(nicename("John Doe"), "john-doe");
        assert_eq!(nicename("j.doe@x"), "j-doex");
    }

    #[test]
    fn content_files_have_no_trailing_newline() {
        for text in [
            WP_USER_ROLES,
            WIDGET_BLOCK,
            SIDEBARS_WIDGETS,
            PRIVACY_POLICY,
            SAMPLE_PAGE,
            FIRST_COMMENT,
        ] {
            assert!(!text.ends_with('\n'));
        }
        assert!(WP_USER_ROLES.starts_with("a:5:{s:13:\"administrator\""));
    }
}
