//! The `*meta` tables (`wp_postmeta`, `wp_usermeta`, `wp_commentmeta`, `wp_termmeta`): one
//! batch loader for all of them, since they share WordPress's layout.

use std::collections::HashMap;

use sea_orm::FromQueryResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};

use crate::backend::WpId;
use crate::error::Result;
use crate::site::Site;

/// Which meta table: its name, the owner's ID column and the row ID column.
#[derive(Debug, Clone, Copy)]
pub enum MetaTable {
    Post,
    User,
    Comment,
    Term,
}

impl MetaTable {
    fn parts(self, site: &Site) -> (String, &'static str, &'static str) {
        let t = site.tables();
        match self {
            MetaTable::Post => (t.postmeta.clone(), "post_id", "meta_id"),
            MetaTable::User => (t.usermeta.clone(), "user_id", "umeta_id"),
            MetaTable::Comment => (t.commentmeta.clone(), "comment_id", "meta_id"),
            MetaTable::Term => (t.termmeta.clone(), "term_id", "meta_id"),
        }
    }
}

#[derive(Debug, FromQueryResult)]
struct MetaRow {
    object_id: WpId,
    meta_key: Option<String>,
    meta_value: Option<String>,
}

/// Batch loader: the given meta keys (all when `keys` is empty) of many objects, each
/// object's rows in insertion order, in one statement.
pub async fn load(
    site: &Site,
    table: MetaTable,
    ids: &[u64],
    keys: &[&str],
) -> Result<HashMap<u64, Vec<(String, String)>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (name, owner, row_id) = table.parts(site);
    let mut query = Query::select()
        .expr_as(Expr::col(Alias::new(owner)), Alias::new("object_id"))
        .columns(["meta_key", "meta_value"].map(Alias::new))
        .from(Alias::new(name))
        .and_where(Expr::col(Alias::new(owner)).is_in(ids.iter().map(|id| WpId(*id))))
        .order_by(Alias::new(row_id), Order::Asc)
        .to_owned();
    if !keys.is_empty() {
        query.and_where(Expr::col(Alias::new("meta_key")).is_in(keys.iter().copied()));
    }
    let db = site.db();
    let rows = MetaRow::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?;
    let mut out: HashMap<u64, Vec<(String, String)>> = HashMap::new();
    for row in rows {
        out.entry(row.object_id.0).or_default().push((
            row.meta_key.unwrap_or_default(),
            row.meta_value.unwrap_or_default(),
        ));
    }
    Ok(out)
}
