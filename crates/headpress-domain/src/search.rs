//! The `WP_Query` of `WP_REST_Post_Search_Handler`: published posts of several types, with
//! an optional search text, newest first (relevance first when searching).

use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, Func, LikeExpr, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::backend::WpId;
use crate::error::Result;
use crate::posts::Post;
use crate::site::Site;

/// The `wp_posts` columns `Post` reads (kept in step with `posts::Post`).
const POST_COLUMNS: [&str; 20] = [
    "ID",
    "post_author",
    "post_date",
    "post_date_gmt",
    "post_content",
    "post_title",
    "post_excerpt",
    "post_status",
    "comment_status",
    "ping_status",
    "post_password",
    "post_name",
    "post_modified",
    "post_modified_gmt",
    "post_parent",
    "guid",
    "menu_order",
    "post_type",
    "post_mime_type",
    "comment_count",
];

/// A post search as the REST search controller runs it.
#[derive(Debug, Clone, Default)]
pub struct PostSearch {
    pub post_types: Vec<String>,
    pub search: Option<String>,
    pub include: Vec<u64>,
    pub exclude: Vec<u64>,
    /// Anonymous searches skip password-protected posts (`WP_Query::parse_search`).
    pub logged_in: bool,
    pub limit: u64,
    pub offset: u64,
}

fn like(term: &str) -> String {
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

fn lower_like(column: &str, pattern: &str) -> sea_orm::sea_query::SimpleExpr {
    Expr::expr(Func::lower(Expr::col(Alias::new(column)))).like(LikeExpr::new(pattern).escape('\\'))
}

/// Runs the search: one page of posts and the total number of matches.
pub async fn search_posts(site: &Site, q: &PostSearch) -> Result<(Vec<Post>, u64)> {
    let mut cond = Cond::all()
        .add(Expr::col(Alias::new("post_status")).eq("publish"))
        .add(Expr::col(Alias::new("post_type")).is_in(q.post_types.iter().map(String::as_str)));
    if !q.include.is_empty() {
        cond = cond.add(Expr::col(Alias::new("ID")).is_in(q.include.iter().map(|id| WpId(*id))));
    }
    if !q.exclude.is_empty() {
        cond =
            cond.add(Expr::col(Alias::new("ID")).is_not_in(q.exclude.iter().map(|id| WpId(*id))));
    }
    let terms: Vec<&str> = q
        .search
        .as_deref()
        .map(|s| s.split_whitespace().collect())
        .unwrap_or_default();
    for term in &terms {
        let pattern = like(term);
        cond = cond.add(
            Cond::any()
                .add(lower_like("post_title", &pattern))
                .add(lower_like("post_excerpt", &pattern))
                .add(lower_like("post_content", &pattern)),
        );
    }
    if !terms.is_empty() && !q.logged_in {
        cond = cond.add(Expr::col(Alias::new("post_password")).eq(""));
    }
    let mut select = Query::select()
        .columns(POST_COLUMNS.map(Alias::new))
        .from(Alias::new(&site.tables().posts))
        .cond_where(cond.clone())
        .to_owned();
    if let Some(search) = q.search.as_deref().filter(|_| !terms.is_empty()) {
        // `parse_search_order`, reduced to its first tier: title matches first.
        let case = sea_orm::sea_query::CaseStatement::new()
            .case(lower_like("post_title", &like(search.trim())), Expr::val(1))
            .finally(Expr::val(2));
        select.order_by_expr(case.into(), Order::Asc);
    }
    select
        .order_by(Alias::new("post_date"), Order::Desc)
        .limit(q.limit)
        .offset(q.offset);
    let count = Query::select()
        .expr_as(Expr::col(Alias::new("ID")).count(), Alias::new("total"))
        .from(Alias::new(&site.tables().posts))
        .cond_where(cond)
        .to_owned();
    let db = site.db();
    let backend = db.get_database_backend();
    let (posts, total_row) = futures::try_join!(
        Post::find_by_statement(backend.build(&select)).all(db),
        db.query_one(&count)
    )?;
    let total = match total_row {
        Some(row) => u64::try_from(row.try_get::<i64>("", "total").unwrap_or(0)).unwrap_or(0),
        None => 0,
    };
    Ok((posts, total))
}
