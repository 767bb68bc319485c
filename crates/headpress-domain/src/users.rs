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

/// Batch loader: the given meta keys (all keys when `keys` is empty) of many users, values in
/// `umeta_id` order.
pub async fn meta_for(
    site: &Site,
    ids: &[u64],
    keys: &[&str],
) -> Result<HashMap<u64, Vec<(String, String)>>> {
    crate::meta::load(site, crate::meta::MetaTable::User, ids, keys).await
}

/// How a user list is ordered (`WP_User_Query`'s `orderby`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserOrderBy {
    Id,
    Include,
    Name,
    Registered,
    Slug,
    IncludeSlugs,
    Email,
    Url,
}

/// A `WP_User_Query` as the REST users controller builds it.
#[derive(Debug, Clone)]
pub struct UserQuery {
    pub include: Vec<u64>,
    pub exclude: Vec<u64>,
    /// The search text without wildcards, and the columns it is matched against
    /// (`ID` compares exactly, the others with a leading and trailing wildcard).
    pub search: Option<(String, Vec<&'static str>)>,
    pub nicenames: Vec<String>,
    /// `nicename__not_in`.
    pub nicenames_not_in: Vec<String>,
    /// `login__in` (and `login`).
    pub logins: Vec<String>,
    /// `login__not_in`.
    pub logins_not_in: Vec<String>,
    /// `role__in`: users having any of these roles.
    pub roles: Vec<String>,
    /// `role`: users having every one of these roles.
    pub roles_all: Vec<String>,
    /// `role__not_in`: users of this site having none of these roles.
    pub roles_not_in: Vec<String>,
    /// `who=authors`: users whose `{prefix}user_level` is not 0.
    pub authors_only: bool,
    /// `has_published_posts`: users with a published post of one of these types.
    pub has_published_posts: Option<Vec<String>>,
    pub order_by: UserOrderBy,
    pub order_desc: bool,
    pub limit: u64,
    pub offset: u64,
}

/// One page of users and the number of matches.
#[derive(Debug)]
pub struct UserPage {
    pub users: Vec<User>,
    pub total: u64,
}

fn like_contains(term: &str) -> String {
    let mut out = String::from("%");
    for c in term.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl UserQuery {
    fn cond(&self, site: &Site) -> sea_orm::sea_query::Cond {
        use sea_orm::sea_query::{Cond, Func, LikeExpr};
        let tables = site.tables();
        let col = |c: &str| Expr::col((Alias::new("u"), Alias::new(c)));
        let mut cond = Cond::all();
        if !self.include.is_empty() {
            cond = cond.add(col("ID").is_in(self.include.iter().map(|id| WpId(*id))));
        }
        if !self.exclude.is_empty() {
            cond = cond.add(col("ID").is_not_in(self.exclude.iter().map(|id| WpId(*id))));
        }
        if !self.nicenames.is_empty() {
            cond = cond.add(col("user_nicename").is_in(self.nicenames.iter().map(String::as_str)));
        }
        if !self.nicenames_not_in.is_empty() {
            cond = cond.add(
                col("user_nicename").is_not_in(self.nicenames_not_in.iter().map(String::as_str)),
            );
        }
        if !self.logins.is_empty() {
            cond = cond.add(col("user_login").is_in(self.logins.iter().map(String::as_str)));
        }
        if !self.logins_not_in.is_empty() {
            cond = cond
                .add(col("user_login").is_not_in(self.logins_not_in.iter().map(String::as_str)));
        }
        if let Some((text, columns)) = &self.search {
            let mut any = Cond::any();
            for column in columns {
                if *column == "ID" {
                    if let Ok(id) = text.parse::<u64>() {
                        any = any.add(col("ID").eq(WpId(id)));
                    }
                } else {
                    any = any.add(
                        Expr::expr(Func::lower(col(column)))
                            .like(LikeExpr::new(like_contains(text)).escape('\\')),
                    );
                }
            }
            cond = cond.add(any);
        }
        let meta_subquery = |key: String, value_cond: Cond| {
            Query::select()
                .column(Alias::new("user_id"))
                .from(Alias::new(&tables.usermeta))
                .and_where(Expr::col(Alias::new("meta_key")).eq(key))
                .cond_where(value_cond)
                .to_owned()
        };
        // The serialized capabilities hold `"role";b:1;`.
        let has_role = |role: &str| {
            let mut pattern = String::from("%\"");
            for c in role.chars() {
                if matches!(c, '%' | '_' | '\\') {
                    pattern.push('\\');
                }
                pattern.push(c);
            }
            pattern.push_str("\"%");
            Expr::col(Alias::new("meta_value")).like(LikeExpr::new(pattern).escape('\\'))
        };
        let caps_key = format!("{}capabilities", tables.prefix);
        if !self.roles.is_empty() {
            let mut any = Cond::any();
            for role in &self.roles {
                any = any.add(has_role(role));
            }
            cond = cond
                .add(col("ID").in_subquery(meta_subquery(caps_key.clone(), Cond::all().add(any))));
        }
        for role in &self.roles_all {
            cond = cond.add(col("ID").in_subquery(meta_subquery(
                caps_key.clone(),
                Cond::all().add(has_role(role)),
            )));
        }
        if !self.roles_not_in.is_empty() {
            // `WP_User_Query` also requires the site's capabilities row (`EXISTS`).
            let mut any = Cond::any();
            for role in &self.roles_not_in {
                any = any.add(has_role(role));
            }
            cond = cond
                .add(col("ID").in_subquery(meta_subquery(caps_key.clone(), Cond::all())))
                .add(
                    col("ID")
                        .not_in_subquery(meta_subquery(caps_key.clone(), Cond::all().add(any))),
                );
        }
        if self.authors_only {
            cond = cond.add(col("ID").in_subquery(meta_subquery(
                format!("{}user_level", tables.prefix),
                Cond::all().add(Expr::col(Alias::new("meta_value")).ne("0")),
            )));
        }
        if let Some(types) = &self.has_published_posts {
            let posts = Query::select()
                .column(Alias::new("post_author"))
                .from(Alias::new(&tables.posts))
                .and_where(Expr::col(Alias::new("post_status")).eq("publish"))
                .and_where(
                    Expr::col(Alias::new("post_type")).is_in(types.iter().map(String::as_str)),
                )
                .to_owned();
            cond = cond.add(col("ID").in_subquery(posts));
        }
        cond
    }
}

/// Runs a `WP_User_Query`: one page and the total.
pub async fn query(site: &Site, q: &UserQuery) -> Result<UserPage> {
    use sea_orm::ConnectionTrait;
    let cond = q.cond(site);
    let mut select = Query::select()
        .columns(USER_COLUMNS.map(|c| (Alias::new("u"), Alias::new(c))))
        .from_as(Alias::new(&site.tables().users), Alias::new("u"))
        .cond_where(cond.clone())
        .to_owned();
    let dir = if q.order_desc {
        Order::Desc
    } else {
        Order::Asc
    };
    let col = |c: &str| Expr::col((Alias::new("u"), Alias::new(c)));
    match q.order_by {
        UserOrderBy::Id => {
            select.order_by_expr(col("ID"), dir);
        }
        UserOrderBy::Name => {
            select.order_by_expr(col("display_name"), dir);
        }
        UserOrderBy::Registered => {
            select.order_by_expr(col("user_registered"), dir);
        }
        UserOrderBy::Slug => {
            select.order_by_expr(col("user_nicename"), dir);
        }
        UserOrderBy::Email => {
            select.order_by_expr(col("user_email"), dir);
        }
        UserOrderBy::Url => {
            select.order_by_expr(col("user_url"), dir);
        }
        UserOrderBy::Include => {
            let mut case = sea_orm::sea_query::CaseStatement::new();
            for (i, id) in q.include.iter().enumerate() {
                case = case.case(col("ID").eq(WpId(*id)), Expr::val(i as i64));
            }
            case = case.finally(Expr::val(q.include.len() as i64));
            select.order_by_expr(case.into(), Order::Asc);
        }
        UserOrderBy::IncludeSlugs => {
            let mut case = sea_orm::sea_query::CaseStatement::new();
            for (i, slug) in q.nicenames.iter().enumerate() {
                case = case.case(col("user_nicename").eq(slug.as_str()), Expr::val(i as i64));
            }
            case = case.finally(Expr::val(q.nicenames.len() as i64));
            select.order_by_expr(case.into(), Order::Asc);
        }
    }
    select.limit(q.limit).offset(q.offset);
    let count = Query::select()
        .expr_as(col("ID").count(), Alias::new("total"))
        .from_as(Alias::new(&site.tables().users), Alias::new("u"))
        .cond_where(cond)
        .to_owned();
    let db = site.db();
    let backend = db.get_database_backend();
    let (users, total_row) = futures::try_join!(
        User::find_by_statement(backend.build(&select)).all(db),
        db.query_one(&count)
    )?;
    let total = match total_row {
        Some(row) => u64::try_from(row.try_get::<i64>("", "total").unwrap_or(0)).unwrap_or(0),
        None => 0,
    };
    Ok(UserPage { users, total })
}

#[derive(Debug, FromQueryResult)]
struct AuthorCount {
    post_author: WpId,
    post_status: String,
    total: i64,
}

/// Batch loader for `count_user_posts`: per author, the number of `publish` and `private`
/// posts of the given types.
pub async fn post_counts(
    site: &Site,
    ids: &[u64],
    post_types: &[&str],
) -> Result<HashMap<u64, (u64, u64)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = Query::select()
        .columns(["post_author", "post_status"].map(Alias::new))
        .expr_as(Expr::col(Alias::new("ID")).count(), Alias::new("total"))
        .from(Alias::new(&site.tables().posts))
        .and_where(Expr::col(Alias::new("post_author")).is_in(ids.iter().map(|id| WpId(*id))))
        .and_where(Expr::col(Alias::new("post_type")).is_in(post_types.iter().copied()))
        .and_where(Expr::col(Alias::new("post_status")).is_in(["publish", "private"]))
        .group_by_col(Alias::new("post_author"))
        .group_by_col(Alias::new("post_status"))
        .to_owned();
    let db = site.db();
    let rows = AuthorCount::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?;
    let mut out: HashMap<u64, (u64, u64)> = HashMap::new();
    for row in rows {
        let entry = out.entry(row.post_author.0).or_default();
        let n = u64::try_from(row.total).unwrap_or(0);
        if row.post_status == "publish" {
            entry.0 += n;
        } else {
            entry.1 += n;
        }
    }
    Ok(out)
}
