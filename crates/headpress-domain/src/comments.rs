//! `wp_comments`: the `WP_Comment_Query` subset the REST comments controller uses, single
//! lookups and batch loaders (children, approved comments of many posts).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::backend::{WpDate, WpId};
use crate::error::Result;
use crate::site::Site;

/// One `wp_comments` row (`WP_Comment`).
#[derive(Debug, Clone, FromQueryResult)]
pub struct Comment {
    #[sea_orm(from_alias = "comment_ID")]
    pub id: WpId,
    #[sea_orm(from_alias = "comment_post_ID")]
    pub post_id: WpId,
    pub comment_author: String,
    pub comment_author_email: String,
    pub comment_author_url: String,
    #[sea_orm(from_alias = "comment_author_IP")]
    pub comment_author_ip: String,
    pub comment_date: WpDate,
    pub comment_date_gmt: WpDate,
    pub comment_content: String,
    pub comment_karma: i32,
    pub comment_approved: String,
    pub comment_agent: String,
    pub comment_type: String,
    pub comment_parent: WpId,
    pub user_id: WpId,
    /// 1 when the comment has approved or held replies (`WP_Comment::get_children`).
    pub has_children: i64,
    /// The registered author's e-mail (`get_avatar_data` prefers it to the comment's).
    pub author_user_email: Option<String>,
}

const COMMENT_COLUMNS: [&str; 15] = [
    "comment_ID",
    "comment_post_ID",
    "comment_author",
    "comment_author_email",
    "comment_author_url",
    "comment_author_IP",
    "comment_date",
    "comment_date_gmt",
    "comment_content",
    "comment_karma",
    "comment_approved",
    "comment_agent",
    "comment_type",
    "comment_parent",
    "user_id",
];

/// `orderby` of a comment query (already normalized from the REST names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentOrderBy {
    Date,
    DateGmt,
    Id,
    Include,
    Post,
    Parent,
    Type,
}

/// A `WP_Comment_Query` as the REST comments controller builds it.
#[derive(Debug, Clone)]
pub struct CommentQuery {
    /// `approve`, `hold`, `all`, `any`, or a literal `comment_approved` value.
    pub status: String,
    /// `comment` (also matches the empty type), `pings`, `all`/empty, or a literal type.
    pub comment_type: String,
    pub post_in: Vec<u64>,
    pub parent_in: Vec<u64>,
    pub parent_not_in: Vec<u64>,
    pub author_in: Vec<u64>,
    pub author_not_in: Vec<u64>,
    pub include: Vec<u64>,
    pub exclude: Vec<u64>,
    pub author_email: Option<String>,
    pub search: Option<String>,
    pub before: Option<NaiveDateTime>,
    pub after: Option<NaiveDateTime>,
    pub order_by: CommentOrderBy,
    pub order_desc: bool,
    /// `None` means no limit.
    pub number: Option<u64>,
    pub offset: u64,
}

impl Default for CommentQuery {
    fn default() -> Self {
        CommentQuery {
            status: "approve".into(),
            comment_type: "comment".into(),
            post_in: vec![],
            parent_in: vec![],
            parent_not_in: vec![],
            author_in: vec![],
            author_not_in: vec![],
            include: vec![],
            exclude: vec![],
            author_email: None,
            search: None,
            before: None,
            after: None,
            order_by: CommentOrderBy::DateGmt,
            order_desc: true,
            number: None,
            offset: 0,
        }
    }
}

fn col(name: &str) -> Expr {
    Expr::col((Alias::new("c"), Alias::new(name)))
}

fn ids(list: &[u64]) -> impl Iterator<Item = WpId> + '_ {
    list.iter().map(|id| WpId(*id))
}

fn like_pattern(term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 2);
    out.push('%');
    for c in term.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The `comment_approved` clause of `WP_Comment_Query::get_comment_ids`.
fn status_cond(status: &str) -> Option<Cond> {
    let statuses: Vec<&str> = status
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    let statuses = if statuses.is_empty() {
        vec!["all"]
    } else {
        statuses
    };
    if statuses.contains(&"any") {
        return None;
    }
    let mut any = Cond::any();
    for s in statuses {
        any = match s {
            "hold" => any.add(col("comment_approved").eq("0")),
            "approve" => any.add(col("comment_approved").eq("1")),
            "all" => any.add(col("comment_approved").is_in(["0", "1"])),
            other => any.add(col("comment_approved").eq(other)),
        };
    }
    Some(any)
}

impl CommentQuery {
    fn where_clause(&self, backend: sea_orm::DbBackend) -> Cond {
        let mut cond = Cond::all();
        if let Some(status) = status_cond(&self.status) {
            cond = cond.add(status);
        }
        match self.comment_type.as_str() {
            "" | "all" => {}
            "comment" | "comments" => {
                cond = cond.add(col("comment_type").is_in(["", "comment"]));
            }
            "pings" => {
                cond = cond.add(col("comment_type").is_in(["pingback", "trackback"]));
            }
            other => {
                cond = cond.add(col("comment_type").eq(other));
            }
        }
        if !self.post_in.is_empty() {
            cond = cond.add(col("comment_post_ID").is_in(ids(&self.post_in)));
        }
        if !self.parent_in.is_empty() {
            cond = cond.add(col("comment_parent").is_in(ids(&self.parent_in)));
        }
        if !self.parent_not_in.is_empty() {
            cond = cond.add(col("comment_parent").is_not_in(ids(&self.parent_not_in)));
        }
        if !self.author_in.is_empty() {
            cond = cond.add(col("user_id").is_in(ids(&self.author_in)));
        }
        if !self.author_not_in.is_empty() {
            cond = cond.add(col("user_id").is_not_in(ids(&self.author_not_in)));
        }
        if !self.include.is_empty() {
            cond = cond.add(col("comment_ID").is_in(ids(&self.include)));
        }
        if !self.exclude.is_empty() {
            cond = cond.add(col("comment_ID").is_not_in(ids(&self.exclude)));
        }
        if let Some(email) = self.author_email.as_deref().filter(|e| !e.is_empty()) {
            cond = cond.add(col("comment_author_email").eq(email));
        }
        if let Some(search) = self.search.as_deref().filter(|s| !s.is_empty()) {
            // `get_search_sql`: the whole string, LIKE in five columns (MySQL compares
            // case-insensitively; LOWER() gives the same on the other backends).
            let pattern = like_pattern(search);
            let mut any = Cond::any();
            for column in [
                "comment_author",
                "comment_author_email",
                "comment_author_url",
                "comment_author_IP",
                "comment_content",
            ] {
                any = any.add(
                    Expr::expr(Func::lower(col(column)))
                        .like(sea_orm::sea_query::LikeExpr::new(pattern.as_str()).escape('\\')),
                );
            }
            cond = cond.add(any);
        }
        if let Some(d) = self.before {
            cond = cond.add(col("comment_date").lt(crate::backend::date_value(backend, d)));
        }
        if let Some(d) = self.after {
            cond = cond.add(col("comment_date").gt(crate::backend::date_value(backend, d)));
        }
        cond
    }

    /// `WP_Comment_Query`'s ORDER BY: the requested column, then `comment_ID` as tie-breaker
    /// (in the date's direction, else DESC — WordPress's `strpos('ASC', …)` quirk).
    fn apply_order(&self, select: &mut SelectStatement) {
        let dir = if self.order_desc {
            Order::Desc
        } else {
            Order::Asc
        };
        let (column, id_dir) = match self.order_by {
            CommentOrderBy::Date => ("comment_date", dir.clone()),
            CommentOrderBy::DateGmt => ("comment_date_gmt", dir.clone()),
            CommentOrderBy::Id => {
                select.order_by_expr(col("comment_ID"), dir);
                return;
            }
            CommentOrderBy::Include => {
                let mut case = sea_orm::sea_query::CaseStatement::new();
                for (position, id) in self.include.iter().enumerate() {
                    case = case.case(col("comment_ID").eq(WpId(*id)), Expr::val(position as i64));
                }
                case = case.finally(Expr::val(self.include.len() as i64));
                select.order_by_expr(case.into(), Order::Asc);
                return;
            }
            CommentOrderBy::Post => ("comment_post_ID", Order::Desc),
            CommentOrderBy::Parent => ("comment_parent", Order::Desc),
            CommentOrderBy::Type => ("comment_type", Order::Desc),
        };
        select.order_by_expr(col(column), dir);
        select.order_by_expr(col("comment_ID"), id_dir);
    }
}

/// Every comment row comes with what serializing it needs, so no per-page follow-up
/// query depends on the data: whether it has replies, and its registered author's e-mail.
fn base_select(site: &Site) -> SelectStatement {
    let tables = site.tables();
    let children = Query::select()
        .expr(Expr::val(1))
        .from_as(Alias::new(&tables.comments), Alias::new("ch"))
        .and_where(
            Expr::col((Alias::new("ch"), Alias::new("comment_parent")))
                .equals((Alias::new("c"), Alias::new("comment_ID"))),
        )
        .and_where(Expr::col((Alias::new("ch"), Alias::new("comment_approved"))).is_in(["0", "1"]))
        .to_owned();
    let email = Query::select()
        .column((Alias::new("u"), Alias::new("user_email")))
        .from_as(Alias::new(&tables.users), Alias::new("u"))
        .and_where(
            Expr::col((Alias::new("u"), Alias::new("ID")))
                .equals((Alias::new("c"), Alias::new("user_id"))),
        )
        .to_owned();
    Query::select()
        .columns(COMMENT_COLUMNS.map(|c| (Alias::new("c"), Alias::new(c))))
        .expr_as(
            sea_orm::sea_query::CaseStatement::new()
                // 64-bit literals: PostgreSQL would otherwise type the column int4.
                .case(Expr::exists(children), Expr::val(1i64))
                .finally(Expr::val(0i64)),
            Alias::new("has_children"),
        )
        .expr_as(
            Expr::SubQuery(
                None,
                Box::new(sea_orm::sea_query::SubQueryStatement::from(email)),
            ),
            Alias::new("author_user_email"),
        )
        .from_as(Alias::new(&tables.comments), Alias::new("c"))
        .to_owned()
}

/// One page of a comment query and `found_comments`.
#[derive(Debug)]
pub struct CommentPage {
    pub comments: Vec<Comment>,
    pub total: u64,
}

/// Runs a `WP_Comment_Query`: the page and the total number of matches.
pub async fn query(site: &Site, q: &CommentQuery) -> Result<CommentPage> {
    let cond = q.where_clause(site.db().get_database_backend());
    let mut select = base_select(site);
    select.cond_where(cond.clone());
    q.apply_order(&mut select);
    if let Some(number) = q.number {
        select.limit(number).offset(q.offset);
    }
    let count = Query::select()
        .expr_as(col("comment_ID").count(), Alias::new("total"))
        .from_as(Alias::new(&site.tables().comments), Alias::new("c"))
        .cond_where(cond)
        .to_owned();
    let db = site.db();
    let backend = db.get_database_backend();
    let (comments, total_row) = futures::try_join!(
        Comment::find_by_statement(backend.build(&select)).all(db),
        db.query_one(&count)
    )?;
    let total = match total_row {
        Some(row) => u64::try_from(row.try_get::<i64>("", "total").unwrap_or(0)).unwrap_or(0),
        None => 0,
    };
    Ok(CommentPage { comments, total })
}

/// `get_comment()`.
pub async fn get(site: &Site, id: u64) -> Result<Option<Comment>> {
    let mut select = base_select(site);
    select.and_where(col("comment_ID").eq(WpId(id)));
    let db = site.db();
    Ok(
        Comment::find_by_statement(db.get_database_backend().build(&select))
            .one(db)
            .await?,
    )
}

/// Batch loader: comments by ID.
pub async fn get_many(site: &Site, list: &[u64]) -> Result<HashMap<u64, Comment>> {
    if list.is_empty() {
        return Ok(HashMap::new());
    }
    let mut select = base_select(site);
    select.and_where(col("comment_ID").is_in(ids(list)));
    let db = site.db();
    let rows = Comment::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|c| (c.id.0, c)).collect())
}

/// The comments around a page of comments: what their `in-reply-to` and `children` links
/// point at.
#[derive(Debug, Default)]
pub struct CommentFamily {
    /// The parent comments of the page's comments, by ID.
    pub parents: HashMap<u64, Comment>,
    /// The approved replies of each comment of the page (`comments?parent=N`, in the
    /// collection's default order); every page comment has an entry, empty or not.
    pub replies: HashMap<u64, Vec<Comment>>,
}

/// Batch loader: parents and approved replies of a page of comments, in ONE statement keyed
/// on the page itself, so its cost does not depend on whether any comment has either.
pub async fn family_of(site: &Site, page: &[Comment]) -> Result<CommentFamily> {
    let mut family = CommentFamily::default();
    if page.is_empty() {
        return Ok(family);
    }
    let page_ids: Vec<u64> = page.iter().map(|c| c.id.0).collect();
    let parent_ids: HashSet<u64> = page.iter().map(|c| c.comment_parent.0).collect();
    let parents_of_page = Query::select()
        .column(Alias::new("comment_parent"))
        .from(Alias::new(&site.tables().comments))
        .and_where(Expr::col(Alias::new("comment_ID")).is_in(ids(&page_ids)))
        .to_owned();
    // The replies are what `comments?parent=N` lists by default: approved, type comment.
    let replies_query = CommentQuery {
        parent_in: page_ids.clone(),
        ..CommentQuery::default()
    };
    let backend = site.db().get_database_backend();
    let mut select = base_select(site);
    select.cond_where(
        Cond::any()
            .add(col("comment_ID").in_subquery(parents_of_page))
            .add(replies_query.where_clause(backend)),
    );
    replies_query.apply_order(&mut select);
    let db = site.db();
    let rows = Comment::find_by_statement(backend.build(&select))
        .all(db)
        .await?;
    for id in &page_ids {
        family.replies.entry(*id).or_default();
    }
    for c in rows {
        let is_reply = c.comment_approved == "1"
            && matches!(c.comment_type.as_str(), "" | "comment")
            && family.replies.contains_key(&c.comment_parent.0);
        if is_reply {
            family
                .replies
                .entry(c.comment_parent.0)
                .or_default()
                .push(c.clone());
        }
        if parent_ids.contains(&c.id.0) {
            family.parents.insert(c.id.0, c);
        }
    }
    Ok(family)
}

/// Batch loader: the approved comments (type `comment`) of many posts, each post's list in
/// the REST collection's default order (`comment_date_gmt DESC, comment_ID DESC`). Used to
/// embed `replies`; the caller keeps the first page of each post.
pub async fn approved_for_posts(site: &Site, posts: &[u64]) -> Result<HashMap<u64, Vec<Comment>>> {
    if posts.is_empty() {
        return Ok(HashMap::new());
    }
    let q = CommentQuery {
        post_in: posts.to_vec(),
        ..CommentQuery::default()
    };
    let mut select = base_select(site);
    select.cond_where(q.where_clause(site.db().get_database_backend()));
    q.apply_order(&mut select);
    let db = site.db();
    let rows = Comment::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    let mut out: HashMap<u64, Vec<Comment>> = HashMap::new();
    for c in rows {
        out.entry(c.post_id.0).or_default().push(c);
    }
    Ok(out)
}

/// Batch loader: the approved comments replying to many comments (`comments?parent=N`),
/// each list in the collection's default order.
pub async fn approved_for_parents(
    site: &Site,
    parents: &[u64],
) -> Result<HashMap<u64, Vec<Comment>>> {
    if parents.is_empty() {
        return Ok(HashMap::new());
    }
    let q = CommentQuery {
        parent_in: parents.to_vec(),
        ..CommentQuery::default()
    };
    let mut select = base_select(site);
    select.cond_where(q.where_clause(site.db().get_database_backend()));
    q.apply_order(&mut select);
    let db = site.db();
    let rows = Comment::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    let mut out: HashMap<u64, Vec<Comment>> = HashMap::new();
    for c in rows {
        out.entry(c.comment_parent.0).or_default().push(c);
    }
    Ok(out)
}

/// `get_comments( array( 'number' => $number, 'status' => 'approve', 'post_status' =>
/// 'publish' ) )`: the newest approved comments of any type on published posts, newest
/// first (`comment_date_gmt`, then `comment_ID`). `number` 0 means no limit.
pub async fn latest_on_published_posts(site: &Site, number: u64) -> Result<Vec<Comment>> {
    let tables = site.tables();
    let published = Query::select()
        .column((Alias::new("lp"), Alias::new("ID")))
        .from_as(Alias::new(&tables.posts), Alias::new("lp"))
        .and_where(Expr::col((Alias::new("lp"), Alias::new("post_status"))).eq("publish"))
        .to_owned();
    let mut select = base_select(site);
    select
        .and_where(col("comment_approved").eq("1"))
        .and_where(col("comment_post_ID").in_subquery(published))
        .order_by_expr(col("comment_date_gmt"), Order::Desc)
        .order_by_expr(col("comment_ID"), Order::Desc);
    if number > 0 {
        select.limit(number);
    }
    let db = site.db();
    Ok(
        Comment::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?,
    )
}
