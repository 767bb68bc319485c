//! `wp_posts` and `wp_postmeta`: the WP_Query subset the REST and GraphQL facades need,
//! single-post lookups, batch loaders, and the read/edit rules of `map_meta_cap`.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, Order, OrderedStatement, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::auth::Viewer;
use crate::backend::{WpDate, WpId};
use crate::error::Result;
use crate::site::Site;
use crate::types::PostType;

/// One `wp_posts` row.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Post {
    #[sea_orm(from_alias = "ID")]
    pub id: WpId,
    pub post_author: WpId,
    pub post_date: WpDate,
    pub post_date_gmt: WpDate,
    pub post_content: String,
    pub post_title: String,
    pub post_excerpt: String,
    pub post_status: String,
    pub comment_status: String,
    pub ping_status: String,
    pub post_password: String,
    pub post_name: String,
    pub post_modified: WpDate,
    pub post_modified_gmt: WpDate,
    pub post_parent: WpId,
    pub guid: String,
    pub menu_order: i32,
    pub post_type: String,
    pub post_mime_type: String,
    pub comment_count: i64,
}

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

pub(crate) fn col(name: &str) -> Expr {
    Expr::col((Alias::new("p"), Alias::new(name)))
}

/// Post statuses registered by WordPress core: (name, public, private, protected,
/// exclude_from_search, show_in_rest).
pub const POST_STATUSES: &[(&str, bool, bool, bool, bool)] = &[
    ("publish", true, false, false, false),
    ("future", false, false, true, false),
    ("draft", false, false, true, false),
    ("pending", false, false, true, false),
    ("private", false, true, false, false),
    ("trash", false, false, false, true),
    ("auto-draft", false, false, false, true),
    ("inherit", false, false, false, true),
];

pub fn status_is_public(status: &str) -> bool {
    POST_STATUSES
        .iter()
        .any(|(name, public, ..)| *name == status && *public)
}

/// How a taxonomy filter matches (`tax_query` clause).
#[derive(Debug, Clone)]
pub struct TaxClause {
    pub taxonomy: String,
    pub terms: Vec<u64>,
    pub include_children: bool,
    /// `IN`, `NOT IN` or `AND`.
    pub operator: TaxOperator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxOperator {
    In,
    NotIn,
    And,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostOrderBy {
    Author,
    Date,
    Id,
    Include,
    Modified,
    Parent,
    Relevance,
    Slug,
    IncludeSlugs,
    Title,
    MenuOrder,
}

/// A `WP_Query` as the REST posts controller builds it.
#[derive(Debug, Clone)]
pub struct PostQuery {
    pub post_type: String,
    /// Empty means `publish`; `any` is expanded by the query.
    pub statuses: Vec<String>,
    pub author_in: Vec<u64>,
    pub author_not_in: Vec<u64>,
    pub include: Vec<u64>,
    pub exclude: Vec<u64>,
    pub slugs: Vec<String>,
    pub parent_in: Vec<u64>,
    pub parent_not_in: Vec<u64>,
    pub menu_order: Option<i64>,
    pub search: Option<String>,
    pub before: Option<NaiveDateTime>,
    pub after: Option<NaiveDateTime>,
    pub modified_before: Option<NaiveDateTime>,
    pub modified_after: Option<NaiveDateTime>,
    pub tax: Vec<TaxClause>,
    /// `AND` (default) or `OR` between the tax clauses.
    pub tax_relation_or: bool,
    pub order_by: PostOrderBy,
    pub order_desc: bool,
    pub page: u64,
    pub per_page: u64,
    pub offset: Option<u64>,
    /// Set when an empty `post__in` must match nothing (`sticky=true` with no sticky posts).
    pub match_nothing: bool,
    /// `date_query` (one clause).
    pub date_query: Option<crate::date_query::DateClause>,
    /// `title`: the exact `post_title`.
    pub title: Option<String>,
    /// `post_password`: the exact password.
    pub password: Option<String>,
    /// `has_password`: with (true) or without (false) a password.
    pub has_password: Option<bool>,
    /// A `meta_query` on `_wp_page_template`: the template's identifier, or `default` for
    /// posts with none (no value, an empty one or `default`).
    pub page_template: Option<String>,
}

impl PostQuery {
    pub fn new(post_type: &str) -> Self {
        PostQuery {
            post_type: post_type.to_owned(),
            statuses: vec!["publish".into()],
            author_in: vec![],
            author_not_in: vec![],
            include: vec![],
            exclude: vec![],
            slugs: vec![],
            parent_in: vec![],
            parent_not_in: vec![],
            menu_order: None,
            search: None,
            before: None,
            after: None,
            modified_before: None,
            modified_after: None,
            tax: vec![],
            tax_relation_or: false,
            order_by: PostOrderBy::Date,
            order_desc: true,
            page: 1,
            per_page: 10,
            offset: None,
            match_nothing: false,
            date_query: None,
            title: None,
            password: None,
            has_password: None,
            page_template: None,
        }
    }
}

/// The result of a collection query: one page of posts and `found_posts`.
#[derive(Debug)]
pub struct PostPage {
    pub posts: Vec<Post>,
    pub total: u64,
}

fn ids_expr(ids: &[u64]) -> impl Iterator<Item = WpId> + '_ {
    ids.iter().map(|id| WpId(*id))
}

/// `WP_Query::parse_search` term splitting: quoted phrases and words, `-word` exclusions.
fn search_terms(search: &str) -> Vec<(String, bool)> {
    let mut terms = Vec::new();
    let chars = search.trim().chars();
    let mut current = String::new();
    let mut in_quotes = false;
    for c in chars {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                if !in_quotes && !current.is_empty() {
                    terms.push(std::mem::take(&mut current));
                }
            }
            c if c.is_whitespace() && !in_quotes => {
                if !current.is_empty() {
                    terms.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        terms.push(current);
    }
    terms
        .into_iter()
        .filter_map(|t| {
            let t = t
                .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
                .to_owned();
            if t.is_empty() {
                return None;
            }
            match t.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => Some((rest.to_owned(), true)),
                _ => Some((t, false)),
            }
        })
        .collect()
}

fn like_escape(term: &str) -> String {
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

fn lower_like(column: &str, pattern: &str) -> SimpleExpr {
    Expr::expr(Func::lower(col(column)))
        .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\'))
}

impl PostQuery {
    fn statuses_for_sql(&self) -> Vec<String> {
        if self.statuses.iter().any(|s| s == "any") {
            POST_STATUSES
                .iter()
                .filter(|(_, _, _, _, exclude)| !exclude)
                .map(|(name, ..)| (*name).to_owned())
                .collect()
        } else {
            self.statuses.clone()
        }
    }

    pub(crate) fn where_clause(&self, site: &Site, viewer: &Viewer) -> Cond {
        let mut cond = Cond::all()
            .add(col("post_type").eq(self.post_type.as_str()))
            .add(col("post_status").is_in(self.statuses_for_sql()));
        if self.match_nothing {
            cond = cond.add(col("ID").eq(WpId(0)));
        }
        if !self.include.is_empty() {
            cond = cond.add(col("ID").is_in(ids_expr(&self.include)));
        }
        if !self.exclude.is_empty() {
            cond = cond.add(col("ID").is_not_in(ids_expr(&self.exclude)));
        }
        if !self.author_in.is_empty() {
            cond = cond.add(col("post_author").is_in(ids_expr(&self.author_in)));
        }
        if !self.author_not_in.is_empty() {
            cond = cond.add(col("post_author").is_not_in(ids_expr(&self.author_not_in)));
        }
        if !self.slugs.is_empty() {
            cond = cond.add(col("post_name").is_in(self.slugs.iter().map(String::as_str)));
        }
        if !self.parent_in.is_empty() {
            cond = cond.add(col("post_parent").is_in(ids_expr(&self.parent_in)));
        }
        if !self.parent_not_in.is_empty() {
            cond = cond.add(col("post_parent").is_not_in(ids_expr(&self.parent_not_in)));
        }
        if let Some(order) = self.menu_order {
            cond = cond.add(col("menu_order").eq(order));
        }
        let backend = site.db().get_database_backend();
        let date = |d: NaiveDateTime| crate::backend::date_value(backend, d);
        if let Some(d) = self.before {
            cond = cond.add(col("post_date").lt(date(d)));
        }
        if let Some(d) = self.after {
            cond = cond.add(col("post_date").gt(date(d)));
        }
        if let Some(d) = self.modified_before {
            cond = cond.add(col("post_modified").lt(date(d)));
        }
        if let Some(d) = self.modified_after {
            cond = cond.add(col("post_modified").gt(date(d)));
        }
        if let Some(clause) = &self.date_query {
            cond = cond.add(clause.condition(backend));
        }
        if let Some(title) = &self.title {
            cond = cond.add(col("post_title").eq(title.as_str()));
        }
        if let Some(password) = &self.password {
            cond = cond.add(col("post_password").eq(password.as_str()));
        }
        match self.has_password {
            Some(true) => cond = cond.add(col("post_password").ne("")),
            Some(false) => cond = cond.add(col("post_password").eq("")),
            None => {}
        }
        if let Some(template) = &self.page_template {
            cond = cond.add(page_template_expr(site, template));
        }
        if let Some(search) = self.search.as_deref() {
            let terms = search_terms(search);
            for (term, exclude) in &terms {
                let pattern = like_escape(term);
                let any = Cond::any()
                    .add(lower_like("post_title", &pattern))
                    .add(lower_like("post_excerpt", &pattern))
                    .add(lower_like("post_content", &pattern));
                cond = cond.add(if *exclude { any.not() } else { any });
            }
            if !terms.is_empty() && !viewer.is_logged_in() {
                cond = cond.add(col("post_password").eq(""));
            }
        }
        if !self.tax.is_empty() {
            let mut tax_cond = if self.tax_relation_or {
                Cond::any()
            } else {
                Cond::all()
            };
            for clause in &self.tax {
                tax_cond = tax_cond.add(tax_clause_expr(site, clause));
            }
            cond = cond.add(tax_cond);
        }
        cond
    }
}

/// The `meta_query` WPGraphQL's `template` argument builds on `_wp_page_template`.
fn page_template_expr(site: &Site, template: &str) -> Cond {
    let with_values = |values: &[&str]| -> SelectStatement {
        let mut q = Query::select()
            .column(Alias::new("post_id"))
            .from(Alias::new(&site.tables().postmeta))
            .and_where(Expr::col(Alias::new("meta_key")).eq("_wp_page_template"))
            .to_owned();
        if !values.is_empty() {
            q.and_where(Expr::col(Alias::new("meta_value")).is_in(values.iter().copied()));
        }
        q
    };
    if template == "default" {
        // `NOT EXISTS` or a value of `''` / `default`.
        Cond::any()
            .add(col("ID").not_in_subquery(with_values(&[])))
            .add(col("ID").in_subquery(with_values(&["", "default"])))
    } else {
        Cond::all().add(col("ID").in_subquery(with_values(&[template])))
    }
}

/// `term_relationships AS tr JOIN term_taxonomy AS tt` for one taxonomy, nothing selected yet.
pub(crate) fn term_objects(site: &Site, taxonomy: &str) -> SelectStatement {
    let tables = site.tables();
    Query::select()
        .from_as(Alias::new(&tables.term_relationships), Alias::new("tr"))
        .join_as(
            sea_orm::sea_query::JoinType::InnerJoin,
            Alias::new(&tables.term_taxonomy),
            Alias::new("tt"),
            Expr::col((Alias::new("tt"), Alias::new("term_taxonomy_id")))
                .equals((Alias::new("tr"), Alias::new("term_taxonomy_id"))),
        )
        .and_where(Expr::col((Alias::new("tt"), Alias::new("taxonomy"))).eq(taxonomy))
        .to_owned()
}

/// `WP_Tax_Query` for one clause of term IDs (children already expanded by the caller).
fn tax_clause_expr(site: &Site, clause: &TaxClause) -> Cond {
    let with_alias = |terms: &[u64]| -> SelectStatement {
        term_objects(site, &clause.taxonomy)
            .column((Alias::new("tr"), Alias::new("object_id")))
            .and_where(Expr::col((Alias::new("tt"), Alias::new("term_id"))).is_in(ids_expr(terms)))
            .to_owned()
    };
    match clause.operator {
        TaxOperator::In => {
            if clause.terms.is_empty() {
                return Cond::all().add(Expr::val(1).eq(0));
            }
            Cond::all().add(col("ID").in_subquery(with_alias(&clause.terms)))
        }
        TaxOperator::NotIn => {
            if clause.terms.is_empty() {
                return Cond::all();
            }
            Cond::all().add(col("ID").not_in_subquery(with_alias(&clause.terms)))
        }
        TaxOperator::And => {
            let mut cond = Cond::all();
            for term in &clause.terms {
                cond = cond.add(col("ID").in_subquery(with_alias(&[*term])));
            }
            cond
        }
    }
}

pub(crate) fn base_select(site: &Site) -> SelectStatement {
    Query::select()
        .columns(POST_COLUMNS.map(|c| (Alias::new("p"), Alias::new(c))))
        .from_as(Alias::new(&site.tables().posts), Alias::new("p"))
        .to_owned()
}

/// Runs a collection query: the page of posts and the total (`found_posts`).
pub async fn query(site: &Site, viewer: &Viewer, q: &PostQuery) -> Result<PostPage> {
    let cond = q.where_clause(site, viewer);
    let mut select = base_select(site);
    select.cond_where(cond.clone());
    apply_order(&mut select, q);
    let offset = match q.offset {
        Some(offset) => offset,
        None => q.page.saturating_sub(1).saturating_mul(q.per_page),
    };
    // Databases take signed 64-bit offsets; anything larger matches nothing anyway.
    let offset = Ord::min(offset, i64::MAX as u64 / 2);
    select.limit(q.per_page).offset(offset);

    let count = Query::select()
        .expr_as(
            Expr::col((Alias::new("p"), Alias::new("ID"))).count(),
            Alias::new("total"),
        )
        .from_as(Alias::new(&site.tables().posts), Alias::new("p"))
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
    Ok(PostPage { posts, total })
}

/// `ORDER BY` of a query, on a statement or on a window (`ROW_NUMBER() OVER (… ORDER BY …)`).
pub(crate) fn apply_order<S: OrderedStatement>(select: &mut S, q: &PostQuery) {
    let dir = if q.order_desc {
        Order::Desc
    } else {
        Order::Asc
    };
    match q.order_by {
        PostOrderBy::Date => {
            select.order_by_expr(col("post_date"), dir);
        }
        PostOrderBy::Modified => {
            select.order_by_expr(col("post_modified"), dir);
        }
        PostOrderBy::Id => {
            select.order_by_expr(col("ID"), dir);
        }
        PostOrderBy::Author => {
            select.order_by_expr(col("post_author"), dir);
        }
        PostOrderBy::Parent => {
            select.order_by_expr(col("post_parent"), dir);
        }
        PostOrderBy::Slug => {
            select.order_by_expr(col("post_name"), dir);
        }
        PostOrderBy::Title => {
            select.order_by_expr(col("post_title"), dir);
        }
        PostOrderBy::MenuOrder => {
            select.order_by_expr(col("menu_order"), dir);
        }
        PostOrderBy::Include => {
            // FIELD(ID, …) as a portable CASE.
            let mut case = sea_orm::sea_query::CaseStatement::new();
            for (position, id) in q.include.iter().enumerate() {
                case = case.case(col("ID").eq(WpId(*id)), Expr::val(position as i64));
            }
            case = case.finally(Expr::val(q.include.len() as i64));
            select.order_by_expr(case.into(), Order::Asc);
        }
        PostOrderBy::IncludeSlugs => {
            let mut case = sea_orm::sea_query::CaseStatement::new();
            for (position, slug) in q.slugs.iter().enumerate() {
                case = case.case(
                    col("post_name").eq(slug.as_str()),
                    Expr::val(position as i64),
                );
            }
            case = case.finally(Expr::val(q.slugs.len() as i64));
            select.order_by_expr(case.into(), Order::Asc);
        }
        PostOrderBy::Relevance => {
            let terms: Vec<String> = q
                .search
                .as_deref()
                .map(search_terms)
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, exclude)| !exclude)
                .map(|(t, _)| t)
                .collect();
            relevance_order(select, q.search.as_deref().unwrap_or(""), &terms);
            select.order_by_expr(col("post_date"), Order::Desc);
        }
    }
}

/// `WP_Query::parse_search_order`.
fn relevance_order<S: OrderedStatement>(select: &mut S, search: &str, terms: &[String]) {
    if terms.len() > 1 {
        let phrase = like_escape(search.trim());
        let mut case = sea_orm::sea_query::CaseStatement::new();
        case = case.case(lower_like("post_title", &phrase), Expr::val(1));
        if terms.len() < 7 {
            let mut all = Cond::all();
            let mut any = Cond::any();
            for t in terms {
                all = all.add(lower_like("post_title", &like_escape(t)));
                any = any.add(lower_like("post_title", &like_escape(t)));
            }
            case = case.case(all, Expr::val(2)).case(any, Expr::val(3));
        }
        case = case
            .case(lower_like("post_excerpt", &phrase), Expr::val(4))
            .case(lower_like("post_content", &phrase), Expr::val(5))
            .finally(Expr::val(6));
        select.order_by_expr(case.into(), Order::Asc);
    } else if let Some(term) = terms.first() {
        let case = sea_orm::sea_query::CaseStatement::new()
            .case(lower_like("post_title", &like_escape(term)), Expr::val(1))
            .finally(Expr::val(0));
        select.order_by_expr(case.into(), Order::Desc);
    }
}

/// `get_post()`: one row of any type and status.
pub async fn get(site: &Site, id: u64) -> Result<Option<Post>> {
    let mut select = base_select(site);
    select.and_where(col("ID").eq(WpId(id)));
    let db = site.db();
    Ok(
        Post::find_by_statement(db.get_database_backend().build(&select))
            .one(db)
            .await?,
    )
}

/// Batch loader: posts by ID.
pub async fn get_many(site: &Site, ids: &[u64]) -> Result<HashMap<u64, Post>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut select = base_select(site);
    select.and_where(col("ID").is_in(ids_expr(ids)));
    let db = site.db();
    let posts = Post::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    Ok(posts.into_iter().map(|p| (p.id.0, p)).collect())
}

/// Batch loader: the parents (`post_parent`) of the given posts. Keyed on the posts
/// themselves, not on their parent IDs, so a page of items costs this one statement whether
/// or not any item has a parent (the statement budget depends on the request, not the data).
pub async fn parents_of(site: &Site, ids: &[u64]) -> Result<HashMap<u64, Post>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let children = Query::select()
        .column(Alias::new("post_parent"))
        .from(Alias::new(&site.tables().posts))
        .and_where(Expr::col(Alias::new("ID")).is_in(ids_expr(ids)))
        .to_owned();
    let mut select = base_select(site);
    select.and_where(col("ID").in_subquery(children));
    let db = site.db();
    let posts = Post::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    Ok(posts.into_iter().map(|p| (p.id.0, p)).collect())
}

/// Batch loader: every ancestor (`post_parent` chain) of the given posts, in ONE statement
/// whatever the depth (a recursive CTE, bounded so a corrupt parent cycle cannot loop).
pub async fn ancestors(site: &Site, posts: &[Post]) -> Result<HashMap<u64, Post>> {
    let mut parents: Vec<u64> = posts
        .iter()
        .map(|p| p.post_parent.0)
        .filter(|id| *id > 0)
        .collect();
    parents.sort_unstable();
    parents.dedup();
    if parents.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = recursive_ancestors(site, &parents).await?;
    Ok(rows.into_iter().map(|p| (p.id.0, p)).collect())
}

/// How many parent levels an ancestor query follows at most.
const MAX_ANCESTOR_DEPTH: i64 = 64;

async fn recursive_ancestors(site: &Site, start: &[u64]) -> Result<Vec<Post>> {
    use sea_orm::sea_query::{CommonTableExpression, UnionType, WithClause};
    let posts = Alias::new(&site.tables().posts);
    let anc = Alias::new("anc");
    let depth = Alias::new("depth");
    let mut base = Query::select()
        .columns(POST_COLUMNS.map(|c| (Alias::new("p"), Alias::new(c))))
        .expr_as(Expr::val(1), depth.clone())
        .from_as(posts.clone(), Alias::new("p"))
        .and_where(col("ID").is_in(ids_expr(start)))
        .to_owned();
    let step = Query::select()
        .columns(POST_COLUMNS.map(|c| (Alias::new("p"), Alias::new(c))))
        .expr_as(
            Expr::col((anc.clone(), depth.clone())).add(1),
            depth.clone(),
        )
        .from_as(posts, Alias::new("p"))
        .inner_join(
            anc.clone(),
            Expr::col((Alias::new("p"), Alias::new("ID")))
                .equals((anc.clone(), Alias::new("post_parent"))),
        )
        .and_where(Expr::col((anc.clone(), depth.clone())).lt(MAX_ANCESTOR_DEPTH))
        .to_owned();
    base.union(UnionType::All, step);
    let mut columns: Vec<Alias> = POST_COLUMNS.iter().map(|c| Alias::new(*c)).collect();
    columns.push(depth);
    let cte = CommonTableExpression::new()
        .query(base)
        .columns(columns)
        .table_name(anc.clone())
        .to_owned();
    let select = Query::select()
        .columns(POST_COLUMNS.map(Alias::new))
        .from(anc)
        .to_owned();
    let with = WithClause::new().recursive(true).cte(cte).to_owned();
    let query = select.with(with);
    let db = site.db();
    let rows = Post::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?;
    Ok(rows)
}

/// An image attachment referenced by content, with what rendering it needs.
#[derive(Debug, Clone, FromQueryResult)]
pub struct AttachmentRow {
    #[sea_orm(nested)]
    pub post: Post,
    /// `_wp_attachment_metadata` (PHP-serialized); `None` on the parents' rows.
    pub attachment_metadata: Option<String>,
    /// `_wp_attachment_image_alt`.
    pub attachment_alt: Option<String>,
}

/// The attachments with the given IDs and the posts they are attached to, with their image
/// metadata, in ONE statement whatever the IDs (also when there are none: a list's statement
/// count must not depend on whether its content has images).
pub async fn attachments_with_parents(site: &Site, ids: &[u64]) -> Result<Vec<AttachmentRow>> {
    let tables = site.tables();
    let meta = |key: &str| {
        Query::select()
            .column((Alias::new("m"), Alias::new("meta_value")))
            .from_as(Alias::new(&tables.postmeta), Alias::new("m"))
            .and_where(
                Expr::col((Alias::new("m"), Alias::new("post_id")))
                    .equals((Alias::new("p"), Alias::new("ID"))),
            )
            .and_where(Expr::col((Alias::new("m"), Alias::new("meta_key"))).eq(key))
            .limit(1)
            .to_owned()
    };
    let parents = Query::select()
        .column(Alias::new("post_parent"))
        .from(Alias::new(&tables.posts))
        .and_where(Expr::col(Alias::new("ID")).is_in(ids_expr(ids)))
        .and_where(Expr::col(Alias::new("post_type")).eq("attachment"))
        .to_owned();
    let mut select = base_select(site);
    select
        .expr_as(
            Expr::SubQuery(
                None,
                Box::new(sea_orm::sea_query::SubQueryStatement::from(meta(
                    "_wp_attachment_metadata",
                ))),
            ),
            Alias::new("attachment_metadata"),
        )
        .expr_as(
            Expr::SubQuery(
                None,
                Box::new(sea_orm::sea_query::SubQueryStatement::from(meta(
                    "_wp_attachment_image_alt",
                ))),
            ),
            Alias::new("attachment_alt"),
        )
        .cond_where(
            Cond::any()
                .add(
                    Cond::all()
                        .add(col("ID").is_in(ids_expr(ids)))
                        .add(col("post_type").eq("attachment")),
                )
                .add(col("ID").in_subquery(parents)),
        );
    let db = site.db();
    Ok(
        AttachmentRow::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?,
    )
}

/// Batch loader: the given meta keys (all when empty) of many posts, in `meta_id` order.
pub async fn meta_for(
    site: &Site,
    ids: &[u64],
    keys: &[&str],
) -> Result<HashMap<u64, Vec<(String, String)>>> {
    crate::meta::load(site, crate::meta::MetaTable::Post, ids, keys).await
}

#[derive(Debug, FromQueryResult)]
struct RevisionRow {
    #[sea_orm(from_alias = "ID")]
    id: WpId,
    post_parent: WpId,
}

/// Revision summary of a post: how many, and the newest one's ID.
#[derive(Debug, Clone, Copy, Default)]
pub struct RevisionInfo {
    pub count: u64,
    pub latest: Option<u64>,
}

/// Batch loader: revision counts and the latest revision of many posts.
pub async fn revision_info(site: &Site, ids: &[u64]) -> Result<HashMap<u64, RevisionInfo>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = Query::select()
        .columns(["ID", "post_parent"].map(Alias::new))
        .from(Alias::new(&site.tables().posts))
        .and_where(Expr::col(Alias::new("post_parent")).is_in(ids_expr(ids)))
        .and_where(Expr::col(Alias::new("post_type")).eq("revision"))
        .and_where(Expr::col(Alias::new("post_status")).eq("inherit"))
        // `wp_get_post_revisions` orders by date then ID, newest first.
        .order_by(Alias::new("post_date"), Order::Desc)
        .order_by(Alias::new("ID"), Order::Desc)
        .to_owned();
    let db = site.db();
    let rows = RevisionRow::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?;
    let mut out: HashMap<u64, RevisionInfo> = HashMap::new();
    for row in rows {
        let info = out.entry(row.post_parent.0).or_default();
        // Autosaves are revisions too, but WordPress leaves them out of the count.
        info.count += 1;
        if info.latest.is_none() {
            info.latest = Some(row.id.0);
        }
    }
    Ok(out)
}

/// `map_meta_cap('read_post')`.
pub fn can_read(viewer: &Viewer, post: &Post, post_type: &PostType) -> bool {
    if status_is_public(&post.post_status) {
        return true;
    }
    let Some(_user) = viewer.user.as_ref() else {
        return false;
    };
    if post.post_author.0 != 0 && post.post_author.0 == viewer.id() {
        return viewer.can("read");
    }
    if post.post_status == "private" {
        return viewer.can(&post_type.cap("read_private"));
    }
    can_edit(viewer, post, post_type, None)
}

/// `map_meta_cap('edit_post')`. `trashed_status` is `_wp_trash_meta_status` for trashed posts.
pub fn can_edit(
    viewer: &Viewer,
    post: &Post,
    post_type: &PostType,
    trashed_status: Option<&str>,
) -> bool {
    if !viewer.is_logged_in() {
        return false;
    }
    let status = if post.post_status == "trash" {
        trashed_status.unwrap_or("")
    } else {
        post.post_status.as_str()
    };
    let published = status == "publish" || status == "future";
    let mut caps: Vec<String> = Vec::new();
    if post.post_author.0 != 0 && post.post_author.0 == viewer.id() {
        caps.push(if published {
            post_type.cap("edit_published")
        } else {
            post_type.cap("edit")
        });
    } else {
        caps.push(post_type.cap("edit_others"));
        if published {
            caps.push(post_type.cap("edit_published"));
        } else if status == "private" {
            caps.push(post_type.cap("edit_private"));
        }
    }
    caps.iter().all(|c| viewer.can(c))
}

/// `map_meta_cap('delete_post')`.
pub fn can_delete(viewer: &Viewer, post: &Post, post_type: &PostType) -> bool {
    if !viewer.is_logged_in() {
        return false;
    }
    let published = post.post_status == "publish" || post.post_status == "future";
    let mut caps: Vec<String> = Vec::new();
    if post.post_author.0 != 0 && post.post_author.0 == viewer.id() {
        caps.push(if published {
            post_type.cap("delete_published")
        } else {
            post_type.cap("delete")
        });
    } else {
        caps.push(post_type.cap("delete_others"));
        if published {
            caps.push(post_type.cap("delete_published"));
        } else if post.post_status == "private" {
            caps.push(post_type.cap("delete_private"));
        }
    }
    caps.iter().all(|c| viewer.can(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_search_like_wp_query() {
        assert_eq!(
            search_terms(r#"rust "async io" -python"#),
            vec![
                ("rust".to_owned(), false),
                ("async io".to_owned(), false),
                ("python".to_owned(), true)
            ]
        );
    }
}

/// Runs a collection query for its rows only (`no_found_rows`): one statement.
pub async fn query_rows(site: &Site, viewer: &Viewer, q: &PostQuery) -> Result<Vec<Post>> {
    let mut select = base_select(site);
    select.cond_where(q.where_clause(site, viewer));
    apply_order(&mut select, q);
    select.limit(q.per_page).offset(0);
    let db = site.db();
    Ok(
        Post::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?,
    )
}

#[derive(Debug, FromQueryResult)]
struct PostDateRow {
    post_date: WpDate,
}

/// The `post_date` of every published post of `post_type`, newest first: what
/// `wp_get_archives()` groups by year, month or day (grouped by the caller, so one portable
/// statement serves every granularity).
pub async fn published_dates(site: &Site, post_type: &str) -> Result<Vec<NaiveDateTime>> {
    let select = Query::select()
        .column((Alias::new("p"), Alias::new("post_date")))
        .from_as(Alias::new(&site.tables().posts), Alias::new("p"))
        .and_where(col("post_type").eq(post_type))
        .and_where(col("post_status").eq("publish"))
        .order_by_expr(col("post_date"), Order::Desc)
        .to_owned();
    let db = site.db();
    let rows = PostDateRow::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|r| r.post_date.0).collect())
}

/// The static front of a permalink structure (`/blog/` of `/blog/%postname%/`), which
/// WordPress puts before the extra permastructs of post types registered `with_front`.
pub fn permalink_front(structure: &str) -> &str {
    match structure.find('%') {
        Some(i) => &structure[..i],
        None => "/",
    }
}

/// `get_post_permalink()` of a post of a registered (non built-in) post type, whose rewrite
/// slug and query var are its name: `{home}{front}{type}/{path}/` with pretty permalinks unless
/// it is a draft, pending or scheduled; `?{type}={path}` with plain permalinks; else
/// `?post_type={type}&p={id}`. `path` is the slug, under its ancestors' for hierarchical types
/// (`get_page_uri`).
pub fn custom_post_link(home: &str, structure: &str, post: &Post, path: &str) -> String {
    let draft_or_pending = matches!(
        post.post_status.as_str(),
        "draft" | "pending" | "auto-draft" | "future"
    );
    let post_type = &post.post_type;
    if !structure.is_empty() && !draft_or_pending && !path.is_empty() {
        let front = permalink_front(structure);
        let trailing = if structure.ends_with('/') { "/" } else { "" };
        format!("{home}{front}{post_type}/{path}{trailing}")
    } else if !draft_or_pending && !path.is_empty() {
        format!("{home}/?{post_type}={path}")
    } else {
        format!("{home}/?post_type={post_type}&p={}", post.id.0)
    }
}

/// A post's path from a permalink structure (`/%year%/%monthnum%/%postname%/`, …), prefixed
/// with `home`: what `get_permalink()` makes of a published post with pretty permalinks.
pub fn fill_permalink_structure(home: &str, structure: &str, post: &Post) -> String {
    let date = post.post_date.0.unwrap_or_default();
    let path = structure
        .replace("%year%", &date.format("%Y").to_string())
        .replace("%monthnum%", &date.format("%m").to_string())
        .replace("%day%", &date.format("%d").to_string())
        .replace("%hour%", &date.format("%H").to_string())
        .replace("%minute%", &date.format("%M").to_string())
        .replace("%second%", &date.format("%S").to_string())
        .replace("%post_id%", &post.id.0.to_string())
        .replace("%postname%", &post.post_name);
    format!("{home}{path}")
}
