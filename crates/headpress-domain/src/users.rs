//! `wp_users` and `wp_usermeta`.

use std::collections::HashMap;

use sea_orm::FromQueryResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};

use crate::backend::{WpDate, WpId};
use crate::error::Result;
use crate::site::Site;

/// One `wp_users` row.
#[derive(Debug, Clone, FromQueryResult)]
pub struct User {
    #[sea_orm(from_alias = "ID")]
    pub id: WpId,
    pub user_login: String,
    pub user_pass: String,
    pub user_nicename: String,
    pub user_email: String,
    pub user_url: String,
    pub user_registered: WpDate,
    pub user_activation_key: String,
    pub user_status: i32,
    pub display_name: String,
}

const USER_COLUMNS: [&str; 10] = [
    "ID",
    "user_login",
    "user_pass",
    "user_nicename",
    "user_email",
    "user_url",
    "user_registered",
    "user_activation_key",
    "user_status",
    "display_name",
];

fn select_users(site: &Site) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .columns(USER_COLUMNS.map(Alias::new))
        .from(Alias::new(&site.tables().users))
        .to_owned()
}

pub async fn find_by_login(site: &Site, login: &str) -> Result<Option<User>> {
    let column = if login.contains('@') {
        "user_email"
    } else {
        "user_login"
    };
    let query = select_users(site)
        .and_where(Expr::col(Alias::new(column)).eq(login))
        .limit(1)
        .to_owned();
    let db = site.db();
    Ok(
        User::find_by_statement(db.get_database_backend().build(&query))
            .one(db)
            .await?,
    )
}

/// Batch loader: users by ID, one statement whatever the number of IDs.
pub async fn find_by_ids(site: &Site, ids: &[u64]) -> Result<HashMap<u64, User>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = select_users(site)
        .and_where(Expr::col(Alias::new("ID")).is_in(ids.iter().map(|id| WpId(*id))))
        .to_owned();
    let db = site.db();
    let users = User::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?;
    Ok(users.into_iter().map(|u| (u.id.0, u)).collect())
}

#[derive(Debug, FromQueryResult)]
struct MetaRow {
    user_id: WpId,
    meta_key: Option<String>,
    meta_value: Option<String>,
}

/// Batch loader: the given meta keys (all keys when `keys` is empty) of many users, values in
/// `umeta_id` order.
pub async fn meta_for(
    site: &Site,
    ids: &[u64],
    keys: &[&str],
) -> Result<HashMap<u64, Vec<(String, String)>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut query = Query::select()
        .columns(["user_id", "meta_key", "meta_value"].map(Alias::new))
        .from(Alias::new(&site.tables().usermeta))
        .and_where(Expr::col(Alias::new("user_id")).is_in(ids.iter().map(|id| WpId(*id))))
        .order_by(Alias::new("umeta_id"), Order::Asc)
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
        out.entry(row.user_id.0).or_default().push((
            row.meta_key.unwrap_or_default(),
            row.meta_value.unwrap_or_default(),
        ));
    }
    Ok(out)
}
