//! Keyset pagination for cursor-based facades (Relay connections): a `WP_Query` page that
//! starts after, or ends before, a given row in the query's own order, with the row ID as
//! tiebreaker. WPGraphQL's connection resolvers work this way (`WP_Query` plus cursor
//! conditions on the order columns), never with an offset and never counting rows.

use sea_orm::FromQueryResult;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Order, Query, SelectStatement, SimpleExpr, SubQueryStatement,
};

use crate::auth::Viewer;
use crate::backend::WpId;
use crate::error::Result;
use crate::posts::{Post, PostOrderBy, PostQuery, apply_order, base_select, col};
use crate::site::Site;

/// Which slice of the ordered result a connection asks for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keyset {
    /// Only rows strictly after this post (in the query's order).
    pub after: Option<u64>,
    /// Only rows strictly before this post (in the query's order).
    pub before: Option<u64>,
    /// Rows to fetch (callers ask for one more than they show, to learn whether more exist).
    pub limit: u64,
    /// Take the rows from the end of the ordered slice (`last`); they are still returned in
    /// the query's order.
    pub from_end: bool,
}

/// The order column of a keyset-capable order (`None`: positional orders such as `post__in`).
fn order_column(order_by: PostOrderBy) -> Option<&'static str> {
    match order_by {
        PostOrderBy::Date => Some("post_date"),
        PostOrderBy::Modified => Some("post_modified"),
        PostOrderBy::Id => Some("ID"),
        PostOrderBy::Author => Some("post_author"),
        PostOrderBy::Parent => Some("post_parent"),
        PostOrderBy::Slug => Some("post_name"),
        PostOrderBy::Title => Some("post_title"),
        PostOrderBy::MenuOrder => Some("menu_order"),
        PostOrderBy::Include | PostOrderBy::IncludeSlugs | PostOrderBy::Relevance => None,
    }
}

/// The value of `column` on the cursor row, as a scalar subquery (one statement in all).
fn cursor_value(site: &Site, column: &str, id: u64) -> SimpleExpr {
    let select = Query::select()
        .column(Alias::new(column))
        .from(Alias::new(&site.tables().posts))
        .and_where(Expr::col(Alias::new("ID")).eq(WpId(id)))
        .to_owned();
    Expr::SubQuery(None, Box::new(SubQueryStatement::from(select)))
}

/// Rows strictly beyond the cursor row in the direction `forward` of the order.
fn beyond(site: &Site, q: &PostQuery, id: u64, forward: bool) -> Cond {
    // "After" in a descending order means smaller values.
    let greater = forward != q.order_desc;
    let id_cmp = |e: Expr| -> SimpleExpr {
        if greater {
            e.gt(WpId(id))
        } else {
            e.lt(WpId(id))
        }
    };
    match order_column(q.order_by) {
        Some("ID") | None => Cond::all().add(id_cmp(col("ID"))),
        Some(column) => {
            let value = cursor_value(site, column, id);
            let strictly = if greater {
                col(column).gt(value.clone())
            } else {
                col(column).lt(value.clone())
            };
            Cond::any().add(strictly).add(
                Cond::all()
                    .add(col(column).eq(value))
                    .add(id_cmp(col("ID"))),
            )
        }
    }
}

/// Mirrors WPGraphQL's `PostObjectConnectionResolver`: one page of a `WP_Query` around a
/// cursor, in ONE statement, in the query's order (`from_end` pages are re-reversed here).
pub async fn posts_keyset(
    site: &Site,
    viewer: &Viewer,
    q: &PostQuery,
    keyset: Keyset,
) -> Result<Vec<Post>> {
    let mut cond = q.where_clause(site, viewer);
    if let Some(after) = keyset.after {
        cond = cond.add(beyond(site, q, after, true));
    }
    if let Some(before) = keyset.before {
        cond = cond.add(beyond(site, q, before, false));
    }
    let mut select: SelectStatement = base_select(site);
    select.cond_where(cond);
    // `last` reads the order backwards and flips the page afterwards.
    let mut ordered = q.clone();
    if keyset.from_end {
        ordered.order_desc = !ordered.order_desc;
    }
    apply_order(&mut select, &ordered);
    if ordered.order_by != PostOrderBy::Id {
        // The tiebreaker WPGraphQL adds: the ID, in the same direction as the order.
        let dir = if ordered.order_desc {
            Order::Desc
        } else {
            Order::Asc
        };
        select.order_by_expr(col("ID"), dir);
    }
    select.limit(keyset.limit);
    let db = site.db();
    let mut posts = Post::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    if keyset.from_end {
        posts.reverse();
    }
    Ok(posts)
}
