//! `wp_options`: the site's settings, read the way `get_option()` reads them.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::error::Result;
use crate::site::Site;

#[derive(Debug, FromQueryResult)]
struct OptionRow {
    option_name: String,
    option_value: String,
}

/// The autoloaded options, loaded once per request (WordPress's `wp_load_alloptions()`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    values: HashMap<String, String>,
}

impl Options {
    pub async fn load(site: &Site) -> Result<Options> {
        let query = Query::select()
            .columns([Alias::new("option_name"), Alias::new("option_value")])
            .from(Alias::new(&site.tables().options))
            .and_where(Expr::col(Alias::new("autoload")).eq("yes"))
            .to_owned();
        let db = site.db();
        let rows = OptionRow::find_by_statement(db.get_database_backend().build(&query))
            .all(db)
            .await?;
        Ok(Options {
            values: rows
                .into_iter()
                .map(|r| (r.option_name, r.option_value))
                .collect(),
        })
    }

    pub fn from_pairs<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        Options {
            values: pairs.into_iter().collect(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn get_or<'a>(&'a self, name: &str, default: &'a str) -> &'a str {
        self.get(name).unwrap_or(default)
    }

    pub fn get_i64(&self, name: &str, default: i64) -> i64 {
        self.get(name)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(default)
    }

    /// `home_url()` without a trailing slash.
    pub fn home(&self) -> &str {
        self.get_or("home", "http://localhost")
            .trim_end_matches('/')
    }

    /// `site_url()` without a trailing slash.
    pub fn siteurl(&self) -> &str {
        self.get_or("siteurl", self.home()).trim_end_matches('/')
    }

    pub fn permalink_structure(&self) -> &str {
        self.get_or("permalink_structure", "")
    }

    /// `rest_url()`: pretty permalinks get `/wp-json/`, plain ones `?rest_route=`.
    pub fn rest_url(&self, route: &str) -> String {
        let route = if route.starts_with('/') {
            route.to_owned()
        } else {
            format!("/{route}")
        };
        if self.permalink_structure().is_empty() {
            format!("{}/index.php?rest_route={}", self.home(), route)
        } else {
            format!("{}/wp-json{}", self.home(), route)
        }
    }

    /// The `sticky_posts` option: a PHP-serialized list of post IDs.
    pub fn sticky_posts(&self) -> Vec<u64> {
        self.get("sticky_posts")
            .and_then(headpress_php::serialize::maybe_unserialize)
            .map(|v| v.to_json())
            .and_then(|v| v.as_array().cloned())
            .map(|list| {
                list.iter()
                    .filter_map(|id| {
                        id.as_u64()
                            .or_else(|| id.as_str().and_then(|s| s.parse().ok()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `wp_user_roles` option (its name carries the table prefix).
    pub fn user_roles(&self, prefix: &str) -> serde_json::Value {
        self.get(&format!("{prefix}user_roles"))
            .and_then(headpress_php::serialize::maybe_unserialize)
            .map(|v| v.to_json())
            .unwrap_or(serde_json::Value::Null)
    }
}

/// Reads one option whether or not it is autoloaded.
pub async fn get_option(site: &Site, name: &str) -> Result<Option<String>> {
    let query = Query::select()
        .column(Alias::new("option_value"))
        .from(Alias::new(&site.tables().options))
        .and_where(Expr::col(Alias::new("option_name")).eq(name))
        .to_owned();
    let db = site.db();
    let row = db.query_one(&query).await?;
    Ok(match row {
        Some(row) => row.try_get::<String>("", "option_value").ok(),
        None => None,
    })
}
