//! Keyset pagination for cursor-based facades (Relay connections): a `WP_Query` page that
//! starts after, or ends before, a given row in the query's own order, with the row ID as
//! tiebreaker. WPGraphQL's connection resolvers work this way (`WP_Query` plus cursor
//! conditions on the order columns), never with an offset and never counting rows.

use std::collections::HashMap;

use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, Order, OrderedStatement, Query, SelectStatement,
    SimpleExpr, SubQueryStatement, UnionType, WindowStatement,
};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::auth::Viewer;
use crate::backend::WpId;
use crate::error::Result;
use crate::posts::{Post, PostOrderBy, PostQuery, apply_order, base_select, col, term_objects};
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
    if q.order_by == PostOrderBy::Title {
        return beyond_title(site, q, id, forward);
    }
    // "After" in a descending order means smaller values.
    let greater = forward != q.order_desc;
    let id_greater = forward != id_tiebreak_desc(q);
    let id_cmp = |e: Expr| -> SimpleExpr {
        if id_greater {
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

/// The direction of the ID tiebreaker: WPGraphQL appends `ID {order}` with `WP_Query`'s
/// top-level `order`, which stays `DESC` when `orderby` carries its own direction; only an
/// ID order has no separate tiebreaker.
fn id_tiebreak_desc(q: &PostQuery) -> bool {
    match q.order_by {
        PostOrderBy::Id => q.order_desc,
        _ => true,
    }
}

/// `post_title` compared as MySQL's default (case-insensitive) collation compares it, on every
/// backend: `LOWER(post_title)`.
fn lower_title() -> SimpleExpr {
    Expr::expr(Func::lower(col("post_title")))
}

/// The keyset condition of a title order (case-insensitive, ID as tiebreaker).
fn beyond_title(site: &Site, q: &PostQuery, id: u64, forward: bool) -> Cond {
    let greater = forward != q.order_desc;
    let id_greater = forward != id_tiebreak_desc(q);
    let select = Query::select()
        .expr(Func::lower(Expr::col(Alias::new("post_title"))))
        .from(Alias::new(&site.tables().posts))
        .and_where(Expr::col(Alias::new("ID")).eq(WpId(id)))
        .to_owned();
    let value = Expr::SubQuery(None, Box::new(SubQueryStatement::from(select)));
    let strictly = if greater {
        lower_title().gt(value.clone())
    } else {
        lower_title().lt(value.clone())
    };
    let id_cmp = if id_greater {
        col("ID").gt(WpId(id))
    } else {
        col("ID").lt(WpId(id))
    };
    Cond::any()
        .add(strictly)
        .add(Cond::all().add(lower_title().eq(value)).add(id_cmp))
}

/// The query's `WHERE`; a comma-separated `post_type` (`contentNodes`) repeats the clause
/// once per type.
fn posts_cond(site: &Site, viewer: &Viewer, q: &PostQuery) -> Cond {
    if !q.post_type.contains(',') {
        return q.where_clause(site, viewer);
    }
    let mut any = Cond::any();
    for post_type in q.post_type.split(',') {
        let mut one = q.clone();
        one.post_type = post_type.to_owned();
        any = any.add(one.where_clause(site, viewer));
    }
    Cond::all().add(any)
}

/// How many rows the query matches (`found_posts`), in one statement; for the additive
/// `totalCount` of connections, run only when a client selects it.
pub async fn posts_count(site: &Site, viewer: &Viewer, q: &PostQuery) -> Result<u64> {
    let select = Query::select()
        .expr(Expr::col((Alias::new("p"), Alias::new("ID"))).count())
        .from_as(Alias::new(&site.tables().posts), Alias::new("p"))
        .cond_where(posts_cond(site, viewer, q))
        .to_owned();
    count(site, &select).await
}

async fn count(site: &Site, select: &SelectStatement) -> Result<u64> {
    let row = site.db().query_one(select).await?;
    Ok(row
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(0))
}

/// The query's `WHERE` with the cursors' conditions.
fn keyset_cond(site: &Site, viewer: &Viewer, q: &PostQuery, keyset: &Keyset) -> Cond {
    let mut cond = posts_cond(site, viewer, q);
    if let Some(after) = keyset.after {
        cond = cond.add(beyond(site, q, after, true));
    }
    if let Some(before) = keyset.before {
        cond = cond.add(beyond(site, q, before, false));
    }
    cond
}

/// The query's order with WPGraphQL's ID tiebreaker; `from_end` (`last`) reads it backwards.
fn keyset_order<S: OrderedStatement>(stmt: &mut S, q: &PostQuery, from_end: bool) {
    let mut ordered = q.clone();
    if from_end {
        ordered.order_desc = !ordered.order_desc;
    }
    if ordered.order_by == PostOrderBy::Title {
        let dir = if ordered.order_desc {
            Order::Desc
        } else {
            Order::Asc
        };
        stmt.order_by_expr(lower_title(), dir);
    } else {
        apply_order(stmt, &ordered);
    }
    if ordered.order_by != PostOrderBy::Id {
        // The tiebreaker WPGraphQL adds (reversed with the order for `last`).
        let dir = if id_tiebreak_desc(q) != from_end {
            Order::Desc
        } else {
            Order::Asc
        };
        stmt.order_by_expr(col("ID"), dir);
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
    let cond = keyset_cond(site, viewer, q, &keyset);
    let mut select: SelectStatement = base_select(site);
    select.cond_where(cond);
    keyset_order(&mut select, q, keyset.from_end);
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

/// How the posts of a nested connection are grouped by the node they hang from.
#[derive(Debug, Clone, Copy)]
pub enum PostGroups<'a> {
    /// By `post_parent` (`Page.children`): one group per parent ID.
    Parent(&'a [u64]),
    /// By `post_author` (`User.posts`): one group per user ID.
    Author(&'a [u64]),
    /// By term (`Category.posts`, `Tag.posts`): each group is a term ID and the term IDs
    /// whose posts it lists (a category counts its descendants' posts too).
    Terms {
        taxonomy: &'a str,
        groups: &'a [(u64, Vec<u64>)],
    },
}

/// [`posts_keyset`] for many parent nodes at once (the same connection arguments under every
/// node of a list): each group's page in ONE statement (`ROW_NUMBER()` per group, in the
/// query's order), so a nested connection costs one statement whatever the number of nodes.
/// Groups with no rows are absent from the result.
pub async fn posts_keyset_grouped(
    site: &Site,
    viewer: &Viewer,
    q: &PostQuery,
    keyset: Keyset,
    groups: PostGroups<'_>,
) -> Result<HashMap<u64, Vec<Post>>> {
    let mut cond = keyset_cond(site, viewer, q, &keyset);
    let mut inner: SelectStatement = base_select(site);
    let group_col: (Alias, Alias) = match groups {
        PostGroups::Parent(ids) => {
            cond = cond.add(col("post_parent").is_in(ids.iter().map(|id| WpId(*id))));
            (Alias::new("p"), Alias::new("post_parent"))
        }
        PostGroups::Author(ids) => {
            cond = cond.add(col("post_author").is_in(ids.iter().map(|id| WpId(*id))));
            (Alias::new("p"), Alias::new("post_author"))
        }
        PostGroups::Terms { taxonomy, groups } => {
            // (group, term) pairs as a derived table of `SELECT ? , ?` rows: portable across
            // the three backends, unlike `VALUES` lists.
            let mut pairs = groups
                .iter()
                .flat_map(|(group, terms)| terms.iter().map(move |term| (*group, *term)))
                .map(|(group, term)| {
                    Query::select()
                        .expr_as(Expr::val(WpId(group)), Alias::new("hp_group"))
                        .expr_as(Expr::val(WpId(term)), Alias::new("hp_term"))
                        .to_owned()
                });
            let Some(mut pair_table) = pairs.next() else {
                return Ok(HashMap::new());
            };
            for pair in pairs {
                pair_table.union(UnionType::All, pair);
            }
            let members = term_objects(site, taxonomy)
                .distinct()
                .column((Alias::new("g"), Alias::new("hp_group")))
                .expr_as(
                    Expr::col((Alias::new("tr"), Alias::new("object_id"))),
                    Alias::new("hp_object"),
                )
                .join_subquery(
                    sea_orm::sea_query::JoinType::InnerJoin,
                    pair_table,
                    Alias::new("g"),
                    Expr::col((Alias::new("g"), Alias::new("hp_term")))
                        .equals((Alias::new("tt"), Alias::new("term_id"))),
                )
                .to_owned();
            inner.join_subquery(
                sea_orm::sea_query::JoinType::InnerJoin,
                members,
                Alias::new("m"),
                Expr::col((Alias::new("m"), Alias::new("hp_object")))
                    .equals((Alias::new("p"), Alias::new("ID"))),
            );
            (Alias::new("m"), Alias::new("hp_group"))
        }
    };
    let mut window = WindowStatement::partition_by(group_col.clone());
    keyset_order(&mut window, q, keyset.from_end);
    inner
        .expr_as(Expr::col(group_col), Alias::new("hp_group"))
        .expr_window_as(
            Func::cust(Alias::new("ROW_NUMBER")),
            window,
            Alias::new("hp_rn"),
        )
        .cond_where(cond);
    let select = Query::select()
        .column(sea_orm::sea_query::Asterisk)
        .from_subquery(inner, Alias::new("t"))
        .and_where(
            Expr::col(Alias::new("hp_rn")).lte(i64::try_from(keyset.limit).unwrap_or(i64::MAX)),
        )
        .order_by(Alias::new("hp_group"), Order::Asc)
        .order_by(Alias::new("hp_rn"), Order::Asc)
        .to_owned();
    let rows = site.db().query_all(&select).await?;
    let mut out: HashMap<u64, Vec<Post>> = HashMap::new();
    for row in rows {
        let group = row.try_get::<WpId>("", "hp_group")?;
        out.entry(group.0)
            .or_default()
            .push(Post::from_query_result(&row, "")?);
    }
    if keyset.from_end {
        for posts in out.values_mut() {
            posts.reverse();
        }
    }
    Ok(out)
}

/// The filters of WPGraphQL's `CommentConnectionResolver` (a `WP_Comment_Query` subset).
#[derive(Debug, Clone, Default)]
pub struct CommentFilter {
    /// `comment_approved` values (`1` approved, `0` held, `spam`, `trash`); empty: approved.
    pub approved: Vec<String>,
    pub post_in: Vec<u64>,
    pub parent_in: Vec<u64>,
    pub user_in: Vec<u64>,
    /// `comment_type`; `None`: every type.
    pub comment_type: Option<String>,
    /// Oldest first (WPGraphQL's default is newest first).
    pub ascending: bool,
    /// `comment_type IN` / `NOT IN` (`type`, `type__in`, `type__not_in`), already expanded as
    /// `WP_Comment_Query` expands `comment` (also `''`) and `pings`.
    pub type_in: Vec<String>,
    pub type_not_in: Vec<String>,
    /// `comment__in` / `comment__not_in`.
    pub comment_in: Vec<u64>,
    pub comment_not_in: Vec<u64>,
    pub post_not_in: Vec<u64>,
    pub parent_not_in: Vec<u64>,
    /// `author__in` / `author__not_in`: comment `user_id`s (besides `user_id` itself).
    pub author_in: Vec<u64>,
    pub user_not_in: Vec<u64>,
    pub author_email: Option<String>,
    pub author_url: Option<String>,
    pub karma: Option<i64>,
    /// `search`: a substring of the author, e-mail, URL, IP or content.
    pub search: Option<String>,
    /// Conditions on the commented post (`post_author`, `post_name`, `post_parent`,
    /// `post_status`, `post_type`, `post_author__in`, `post_author__not_in`).
    pub post_author_in: Vec<u64>,
    pub post_author_not_in: Vec<u64>,
    pub post_name: Option<String>,
    pub post_parent: Option<u64>,
    pub post_status: Vec<String>,
    pub post_type: Vec<String>,
    /// `include_unapproved`: held comments (`0`) of these users or e-mail addresses count too.
    pub unapproved_users: Vec<u64>,
    pub unapproved_emails: Vec<String>,
    /// The `orderby` column (`comment_date` by default).
    pub order_by: CommentOrderBy,
}

/// `WP_Comment_Query`'s `orderby` keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CommentOrderBy {
    Agent,
    Approved,
    Author,
    AuthorEmail,
    AuthorIp,
    AuthorUrl,
    Content,
    #[default]
    Date,
    DateGmt,
    Id,
    /// `comment__in`: the position in `CommentFilter::comment_in`.
    In,
    Karma,
    Parent,
    PostId,
    Type,
    UserId,
}

impl CommentOrderBy {
    fn column(self) -> &'static str {
        match self {
            CommentOrderBy::Agent => "comment_agent",
            CommentOrderBy::Approved => "comment_approved",
            CommentOrderBy::Author => "comment_author",
            CommentOrderBy::AuthorEmail => "comment_author_email",
            CommentOrderBy::AuthorIp => "comment_author_IP",
            CommentOrderBy::AuthorUrl => "comment_author_url",
            CommentOrderBy::Content => "comment_content",
            CommentOrderBy::Date => "comment_date",
            CommentOrderBy::DateGmt => "comment_date_gmt",
            CommentOrderBy::Id | CommentOrderBy::In => "comment_ID",
            CommentOrderBy::Karma => "comment_karma",
            CommentOrderBy::Parent => "comment_parent",
            CommentOrderBy::PostId => "comment_post_ID",
            CommentOrderBy::Type => "comment_type",
            CommentOrderBy::UserId => "user_id",
        }
    }

    /// Text columns compare as MySQL's default case-insensitive collation does, on every
    /// backend (`LOWER()`).
    fn is_text(self) -> bool {
        matches!(
            self,
            CommentOrderBy::Agent
                | CommentOrderBy::Approved
                | CommentOrderBy::Author
                | CommentOrderBy::AuthorEmail
                | CommentOrderBy::AuthorIp
                | CommentOrderBy::AuthorUrl
                | CommentOrderBy::Content
                | CommentOrderBy::Type
        )
    }
}

/// The sort key of a comment row as SQL: the column (lowercased text), or the position in
/// `comment__in` (`FIELD()`).
fn comment_order_expr(filter: &CommentFilter, table: Option<&str>) -> SimpleExpr {
    let c = |name: &str| -> SimpleExpr {
        match table {
            Some(t) => Expr::col((Alias::new(t), Alias::new(name))),
            None => Expr::col(Alias::new(name)),
        }
    };
    match filter.order_by {
        CommentOrderBy::In => {
            let mut case = sea_orm::sea_query::CaseStatement::new();
            for (i, id) in filter.comment_in.iter().enumerate() {
                case = case.case(c("comment_ID").eq(WpId(*id)), Expr::val(i as i64 + 1));
            }
            case.finally(Expr::val(0i64)).into()
        }
        by if by.is_text() => Func::lower(c(by.column())).into(),
        by => c(by.column()),
    }
}

/// Directions of (order column, `comment_ID`) for a filter, as `WP_Comment_Query` sorts:
/// the ID follows a date order; after any other column it is `DESC` (WordPress's
/// `strpos( 'ASC', $clause )` never matches); `comment__in` is always ascending.
fn comment_directions(filter: &CommentFilter) -> (bool, bool) {
    match filter.order_by {
        CommentOrderBy::Date | CommentOrderBy::DateGmt => (filter.ascending, filter.ascending),
        CommentOrderBy::Id => (filter.ascending, filter.ascending),
        CommentOrderBy::In => (true, false),
        _ => (filter.ascending, false),
    }
}

fn comment_col(name: &str) -> Expr {
    Expr::col((Alias::new("c"), Alias::new(name)))
}

/// The `WHERE` of a comment filter.
fn comment_cond(filter: &CommentFilter) -> Cond {
    let mut cond = Cond::all();
    let approved: Vec<&str> = if filter.approved.is_empty() {
        vec!["1"]
    } else {
        filter.approved.iter().map(String::as_str).collect()
    };
    let ids = |list: &[u64]| list.iter().map(|id| WpId(*id)).collect::<Vec<_>>();
    // `include_unapproved`: the users' and addresses' held comments, whatever the status.
    let mut approved_any = Cond::any().add(comment_col("comment_approved").is_in(approved));
    if !filter.unapproved_users.is_empty() {
        approved_any = approved_any.add(
            Cond::all()
                .add(comment_col("user_id").is_in(ids(&filter.unapproved_users)))
                .add(comment_col("comment_approved").eq("0")),
        );
    }
    if !filter.unapproved_emails.is_empty() {
        approved_any = approved_any.add(
            Cond::all()
                .add(
                    comment_col("comment_author_email")
                        .is_in(filter.unapproved_emails.iter().map(String::as_str)),
                )
                .add(comment_col("comment_approved").eq("0")),
        );
    }
    cond = cond.add(approved_any);
    if !filter.post_in.is_empty() {
        cond = cond.add(comment_col("comment_post_ID").is_in(ids(&filter.post_in)));
    }
    if !filter.parent_in.is_empty() {
        cond = cond.add(comment_col("comment_parent").is_in(ids(&filter.parent_in)));
    }
    if !filter.user_in.is_empty() {
        cond = cond.add(comment_col("user_id").is_in(ids(&filter.user_in)));
    }
    if let Some(kind) = &filter.comment_type {
        cond = cond.add(comment_col("comment_type").eq(kind.as_str()));
    }
    if !filter.type_in.is_empty() {
        cond =
            cond.add(comment_col("comment_type").is_in(filter.type_in.iter().map(String::as_str)));
    }
    if !filter.type_not_in.is_empty() {
        cond = cond.add(
            comment_col("comment_type").is_not_in(filter.type_not_in.iter().map(String::as_str)),
        );
    }
    if !filter.comment_in.is_empty() {
        cond = cond.add(comment_col("comment_ID").is_in(ids(&filter.comment_in)));
    }
    if !filter.comment_not_in.is_empty() {
        cond = cond.add(comment_col("comment_ID").is_not_in(ids(&filter.comment_not_in)));
    }
    if !filter.post_not_in.is_empty() {
        cond = cond.add(comment_col("comment_post_ID").is_not_in(ids(&filter.post_not_in)));
    }
    if !filter.parent_not_in.is_empty() {
        cond = cond.add(comment_col("comment_parent").is_not_in(ids(&filter.parent_not_in)));
    }
    if !filter.author_in.is_empty() {
        cond = cond.add(comment_col("user_id").is_in(ids(&filter.author_in)));
    }
    if !filter.user_not_in.is_empty() {
        cond = cond.add(comment_col("user_id").is_not_in(ids(&filter.user_not_in)));
    }
    if let Some(email) = &filter.author_email {
        cond = cond.add(comment_col("comment_author_email").eq(email.as_str()));
    }
    if let Some(url) = &filter.author_url {
        cond = cond.add(comment_col("comment_author_url").eq(url.as_str()));
    }
    if let Some(karma) = filter.karma {
        cond = cond.add(comment_col("comment_karma").eq(karma));
    }
    if let Some(text) = filter.search.as_deref().filter(|s| !s.is_empty()) {
        // `get_search_sql`: `LIKE '%text%'` on each column (MySQL's collation ignores case).
        let mut pattern = String::from("%");
        for ch in text.to_lowercase().chars() {
            if matches!(ch, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(ch);
        }
        pattern.push('%');
        let mut any = Cond::any();
        for column in [
            "comment_author",
            "comment_author_email",
            "comment_author_url",
            "comment_author_IP",
            "comment_content",
        ] {
            any = any.add(
                Expr::expr(Func::lower(comment_col(column)))
                    .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\')),
            );
        }
        cond = cond.add(any);
    }
    cond
}

/// The conditions on the commented post, as `comment_post_ID IN (SELECT ID FROM posts …)`
/// (the same rows as WordPress's `JOIN`), or `None` when there are none.
fn comment_post_cond(site: &Site, filter: &CommentFilter) -> Option<SimpleExpr> {
    let ids = |list: &[u64]| list.iter().map(|id| WpId(*id)).collect::<Vec<_>>();
    let mut cond = Cond::all();
    let mut any = false;
    let pc = |name: &str| Expr::col(Alias::new(name));
    if !filter.post_author_in.is_empty() {
        cond = cond.add(pc("post_author").is_in(ids(&filter.post_author_in)));
        any = true;
    }
    if !filter.post_author_not_in.is_empty() {
        cond = cond.add(pc("post_author").is_not_in(ids(&filter.post_author_not_in)));
        any = true;
    }
    if let Some(name) = filter.post_name.as_deref().filter(|n| !n.is_empty()) {
        cond = cond.add(pc("post_name").eq(name));
        any = true;
    }
    if let Some(parent) = filter.post_parent.filter(|p| *p > 0) {
        cond = cond.add(pc("post_parent").eq(WpId(parent)));
        any = true;
    }
    if !filter.post_status.is_empty() && !filter.post_status.iter().any(|s| s == "any") {
        cond = cond.add(pc("post_status").is_in(filter.post_status.iter().map(String::as_str)));
        any = true;
    }
    if !filter.post_type.is_empty() && !filter.post_type.iter().any(|s| s == "any") {
        cond = cond.add(pc("post_type").is_in(filter.post_type.iter().map(String::as_str)));
        any = true;
    }
    if !any {
        return None;
    }
    let posts = Query::select()
        .column(Alias::new("ID"))
        .from(Alias::new(&site.tables().posts))
        .cond_where(cond)
        .to_owned();
    Some(comment_col("comment_post_ID").in_subquery(posts))
}

/// Every condition of a comment filter, including those on the commented post.
fn comment_where(site: &Site, filter: &CommentFilter) -> Cond {
    let cond = comment_cond(filter);
    match comment_post_cond(site, filter) {
        Some(posts) => cond.add(posts),
        None => cond,
    }
}

/// How many comments the filter matches, in one statement (`totalCount`).
pub async fn comments_count(site: &Site, filter: &CommentFilter) -> Result<u64> {
    let select = Query::select()
        .expr(comment_col("comment_ID").count())
        .from_as(Alias::new(&site.tables().comments), Alias::new("c"))
        .cond_where(comment_where(site, filter))
        .to_owned();
    count(site, &select).await
}

/// One keyset page of comment IDs in `WP_Comment_Query`'s order (the `orderby` column, then
/// `comment_ID`; see `comment_directions`), in ONE statement; the caller loads the rows
/// through its batch loader, as WPGraphQL's resolvers pass IDs to the comment loader.
pub async fn comment_ids_keyset(
    site: &Site,
    filter: &CommentFilter,
    keyset: Keyset,
) -> Result<Vec<u64>> {
    let table = &site.tables().comments;
    let mut cond = comment_where(site, filter);
    let (key_asc, id_asc) = comment_directions(filter);
    // The cursor row's sort key, read in the same statement.
    let value = |id: u64| -> SimpleExpr {
        let select = Query::select()
            .expr(comment_order_expr(filter, None))
            .from(Alias::new(table))
            .and_where(Expr::col(Alias::new("comment_ID")).eq(WpId(id)))
            .to_owned();
        Expr::SubQuery(None, Box::new(SubQueryStatement::from(select)))
    };
    let key = || comment_order_expr(filter, Some("c"));
    let beyond = |id: u64, forward: bool| -> Cond {
        let strictly = if forward == key_asc {
            key().gt(value(id))
        } else {
            key().lt(value(id))
        };
        let id_cmp = if forward == id_asc {
            comment_col("comment_ID").gt(WpId(id))
        } else {
            comment_col("comment_ID").lt(WpId(id))
        };
        Cond::any()
            .add(strictly)
            .add(Cond::all().add(key().eq(value(id))).add(id_cmp))
    };
    if let Some(after) = keyset.after {
        cond = cond.add(beyond(after, true));
    }
    if let Some(before) = keyset.before {
        cond = cond.add(beyond(before, false));
    }
    let dir = |asc: bool| {
        if asc != keyset.from_end {
            Order::Asc
        } else {
            Order::Desc
        }
    };
    let select = Query::select()
        .column((Alias::new("c"), Alias::new("comment_ID")))
        .from_as(Alias::new(table), Alias::new("c"))
        .cond_where(cond)
        .order_by_expr(key(), dir(key_asc))
        .order_by_expr(comment_col("comment_ID"), dir(id_asc))
        .limit(keyset.limit)
        .to_owned();
    let db = site.db();
    let rows = db.query_all(&select).await?;
    let mut out: Vec<u64> = rows
        .iter()
        .filter_map(|row| row.try_get_by_index::<WpId>(0).ok().map(|id| id.0))
        .collect();
    if keyset.from_end {
        out.reverse();
    }
    Ok(out)
}

/// `attachment_url_to_postid`: the attachment whose `_wp_attached_file` is `file` (the path
/// relative to the uploads directory).
pub async fn attachment_by_file(site: &Site, file: &str) -> Result<Option<u64>> {
    let tables = site.tables();
    let select = Query::select()
        .column((Alias::new("pm"), Alias::new("post_id")))
        .from_as(Alias::new(&tables.postmeta), Alias::new("pm"))
        .and_where(Expr::col((Alias::new("pm"), Alias::new("meta_key"))).eq("_wp_attached_file"))
        .and_where(Expr::col((Alias::new("pm"), Alias::new("meta_value"))).eq(file))
        .order_by((Alias::new("pm"), Alias::new("post_id")), Order::Asc)
        .limit(1)
        .to_owned();
    let db = site.db();
    Ok(db
        .query_one(&select)
        .await?
        .and_then(|row| row.try_get_by_index::<WpId>(0).ok())
        .map(|id| id.0))
}

/// The first `limit` comment IDs of each of many groups (the comments of each post, or the
/// replies to each comment), newest first as `comment_ids_keyset` orders them, in ONE
/// statement (`ROW_NUMBER()` per group): what a list of posts with their first comments
/// needs, whatever the number of posts.
pub async fn comment_ids_by_group(
    site: &Site,
    filter: &CommentFilter,
    by_parent: bool,
    groups: &[u64],
    limit: u64,
) -> Result<HashMap<u64, Vec<u64>>> {
    use sea_orm::sea_query::WindowStatement;
    let table = &site.tables().comments;
    let group_col = if by_parent {
        "comment_parent"
    } else {
        "comment_post_ID"
    };
    let dir = if filter.ascending {
        Order::Asc
    } else {
        Order::Desc
    };
    let mut window = WindowStatement::partition_by((Alias::new("c"), Alias::new(group_col)));
    window
        .order_by_expr(comment_col("comment_date"), dir.clone())
        .order_by_expr(comment_col("comment_ID"), dir);
    let ids: Vec<WpId> = groups.iter().map(|id| WpId(*id)).collect();
    let inner = Query::select()
        .expr_as(comment_col("comment_ID"), Alias::new("id"))
        .expr_as(comment_col(group_col), Alias::new("grp"))
        .expr_window_as(
            Func::cust(Alias::new("ROW_NUMBER")),
            window,
            Alias::new("rn"),
        )
        .from_as(Alias::new(table), Alias::new("c"))
        .cond_where(comment_where(site, filter).add(comment_col(group_col).is_in(ids)))
        .to_owned();
    let select = Query::select()
        .column(Alias::new("id"))
        .column(Alias::new("grp"))
        .from_subquery(inner, Alias::new("t"))
        .and_where(Expr::col(Alias::new("rn")).lte(i64::try_from(limit).unwrap_or(i64::MAX)))
        .order_by(Alias::new("grp"), Order::Asc)
        .order_by(Alias::new("rn"), Order::Asc)
        .to_owned();
    let rows = site.db().query_all(&select).await?;
    let mut out: HashMap<u64, Vec<u64>> = HashMap::new();
    for row in rows {
        if let (Ok(id), Ok(group)) = (
            row.try_get_by_index::<WpId>(0),
            row.try_get_by_index::<WpId>(1),
        ) {
            out.entry(group.0).or_default().push(id.0);
        }
    }
    Ok(out)
}
