//! One `Config`, built once from defaults < TOML file < `HEADPRESS_*` environment.

use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

pub use headpress_domain::registry::SiteConfig;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `sqlite://headpress.db?mode=rwc`, `postgres://…`, `mysql://…`.
    pub database_url: String,
    /// Address the HTTP server listens on.
    pub bind: String,
    /// WordPress's `$table_prefix`.
    pub table_prefix: String,
    /// `pretty` or `json`.
    pub log_format: String,
    /// What WordPress plugins declare in PHP: registered meta, post types, taxonomies.
    #[serde(flatten)]
    pub site: SiteConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://headpress.db?mode=rwc".to_owned(),
            bind: "127.0.0.1:8000".to_owned(),
            table_prefix: "wp_".to_owned(),
            log_format: "pretty".to_owned(),
            site: SiteConfig::default(),
        }
    }
}

impl Config {
    /// Defaults, then the TOML file (if any), then `HEADPRESS_*` variables
    /// (`HEADPRESS_DATABASE_URL`, `HEADPRESS_BIND`, `HEADPRESS_TABLE_PREFIX`, …).
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            figment = figment.merge(Toml::file_exact(file));
        }
        figment = figment.merge(Env::prefixed("HEADPRESS_").only(&[
            "database_url",
            "bind",
            "table_prefix",
            "log_format",
        ]));
        figment.extract().map_err(Box::new)
    }
}
