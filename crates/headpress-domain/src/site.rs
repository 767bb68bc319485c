//! `Site`: one WordPress site (a connection, a table prefix, what plugins registered).
//! Cheap to clone; facades hold one per app. There is no process-global state.

use std::sync::Arc;

use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::backend::Tables;
use crate::error::{Error, Result};
use crate::registry::SiteConfig;
use crate::types::{PostType, Registry, Taxonomy};

#[derive(Clone)]
pub struct Site {
    inner: Arc<SiteInner>,
}

struct SiteInner {
    db: DatabaseConnection,
    tables: Tables,
    config: SiteConfig,
    registry: Registry,
    /// Rendered content and excerpts, shared by every facade serving the site.
    rendered: crate::render::RenderCache,
}

impl Site {
    /// Wraps a connection to a database that already holds a WordPress site.
    pub async fn load(db: DatabaseConnection, prefix: &str, config: SiteConfig) -> Result<Site> {
        let tables = Tables::new(prefix);
        let probe = sea_orm::sea_query::Query::select()
            .expr(sea_orm::sea_query::Expr::val(1))
            .from(sea_orm::sea_query::Alias::new(&tables.options))
            .limit(1)
            .to_owned();
        if db.query_all(&probe).await.is_err() {
            return Err(Error::NotWordPress {
                prefix: prefix.to_owned(),
            });
        }
        let registry = Registry::new(&config);
        Ok(Site {
            inner: Arc::new(SiteInner {
                db,
                tables,
                config,
                registry,
                rendered: crate::render::RenderCache::new(),
            }),
        })
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    pub fn tables(&self) -> &Tables {
        &self.inner.tables
    }

    /// The site's cache of rendered content and excerpts (`render::RenderCache`).
    pub fn render_cache(&self) -> &crate::render::RenderCache {
        &self.inner.rendered
    }

    pub fn config(&self) -> &SiteConfig {
        &self.inner.config
    }

    pub fn registry(&self) -> &Registry {
        &self.inner.registry
    }

    pub fn post_type(&self, name: &str) -> Option<&PostType> {
        self.inner.registry.post_type(name)
    }

    pub fn taxonomy(&self, name: &str) -> Option<&Taxonomy> {
        self.inner.registry.taxonomy(name)
    }
}
