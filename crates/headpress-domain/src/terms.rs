//! `wp_terms`, `wp_term_taxonomy`, `wp_term_relationships`.

use std::collections::HashMap;

use sea_orm::FromQueryResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query, SelectStatement};

use crate::backend::WpId;
use crate::error::Result;
use crate::site::Site;

/// A term in one taxonomy (`WP_Term`).
#[derive(Debug, Clone, FromQueryResult)]
pub struct Term {
    pub term_id: WpId,
    pub name: String,
    pub slug: String,
    pub term_group: i64,
    pub term_taxonomy_id: WpId,
    pub taxonomy: String,
    pub description: String,
    pub parent: WpId,
    pub count: i64,
}

#[derive(Debug, Clone, FromQueryResult)]
struct ObjectTerm {
    object_id: WpId,
    term_id: WpId,
    name: String,
    slug: String,
    term_group: i64,
    term_taxonomy_id: WpId,
    taxonomy: String,
    description: String,
    parent: WpId,
    count: i64,
}

fn select_terms(site: &Site) -> SelectStatement {
    let tables = site.tables();
    Query::select()
        .columns([
            (Alias::new("t"), Alias::new("term_id")),
            (Alias::new("t"), Alias::new("name")),
            (Alias::new("t"), Alias::new("slug")),
            (Alias::new("t"), Alias::new("term_group")),
            (Alias::new("tt"), Alias::new("term_taxonomy_id")),
            (Alias::new("tt"), Alias::new("taxonomy")),
            (Alias::new("tt"), Alias::new("description")),
            (Alias::new("tt"), Alias::new("parent")),
            (Alias::new("tt"), Alias::new("count")),
        ])
        .from_as(Alias::new(&tables.terms), Alias::new("t"))
        .join_as(
            JoinType::InnerJoin,
            Alias::new(&tables.term_taxonomy),
            Alias::new("tt"),
            Expr::col((Alias::new("tt"), Alias::new("term_id")))
                .equals((Alias::new("t"), Alias::new("term_id"))),
        )
        .to_owned()
}

/// Batch loader: the terms of many objects in the given taxonomies, each object's list sorted
/// by name as `wp_get_object_terms` sorts it.
pub async fn terms_for_objects(
    site: &Site,
    object_ids: &[u64],
    taxonomies: &[&str],
) -> Result<HashMap<u64, Vec<Term>>> {
    if object_ids.is_empty() || taxonomies.is_empty() {
        return Ok(HashMap::new());
    }
    let tables = site.tables();
    let mut select = select_terms(site);
    select
        .column((Alias::new("tr"), Alias::new("object_id")))
        .join_as(
            JoinType::InnerJoin,
            Alias::new(&tables.term_relationships),
            Alias::new("tr"),
            Expr::col((Alias::new("tr"), Alias::new("term_taxonomy_id")))
                .equals((Alias::new("tt"), Alias::new("term_taxonomy_id"))),
        )
        .and_where(
            Expr::col((Alias::new("tr"), Alias::new("object_id")))
                .is_in(object_ids.iter().map(|id| WpId(*id))),
        )
        .and_where(
            Expr::col((Alias::new("tt"), Alias::new("taxonomy"))).is_in(taxonomies.iter().copied()),
        );
    let db = site.db();
    let rows = ObjectTerm::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    let mut out: HashMap<u64, Vec<Term>> = HashMap::new();
    for r in rows {
        out.entry(r.object_id.0).or_default().push(Term {
            term_id: r.term_id,
            name: r.name,
            slug: r.slug,
            term_group: r.term_group,
            term_taxonomy_id: r.term_taxonomy_id,
            taxonomy: r.taxonomy,
            description: r.description,
            parent: r.parent,
            count: r.count,
        });
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| {
            collation_key(&a.name)
                .cmp(&collation_key(&b.name))
                .then(a.term_id.cmp(&b.term_id))
        });
    }
    Ok(out)
}

/// Batch loader: terms by ID.
pub async fn get_many(site: &Site, ids: &[u64]) -> Result<HashMap<u64, Term>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut select = select_terms(site);
    select.and_where(
        Expr::col((Alias::new("t"), Alias::new("term_id"))).is_in(ids.iter().map(|id| WpId(*id))),
    );
    let db = site.db();
    let rows = Term::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|t| (t.term_id.0, t)).collect())
}

/// An approximation of MySQL's `utf8mb4_unicode_520_ci` ordering (case- and
/// accent-insensitive), so that every backend sorts names as WordPress on MySQL does.
pub fn collation_key(s: &str) -> String {
    headpress_php::sanitize::remove_accents(s).to_lowercase()
}

#[derive(Debug, FromQueryResult)]
struct TermParent {
    term_id: WpId,
    parent: WpId,
}

/// The given terms and all their descendants in a hierarchical taxonomy
/// (`include_children` of a tax query). One statement: the taxonomy's parent map.
pub async fn with_descendants(site: &Site, taxonomy: &str, roots: &[u64]) -> Result<Vec<u64>> {
    let query = Query::select()
        .columns(["term_id", "parent"].map(Alias::new))
        .from(Alias::new(&site.tables().term_taxonomy))
        .and_where(Expr::col(Alias::new("taxonomy")).eq(taxonomy))
        .to_owned();
    let db = site.db();
    let rows = TermParent::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?;
    let mut out: Vec<u64> = roots.to_vec();
    let mut frontier: Vec<u64> = roots.to_vec();
    while !frontier.is_empty() {
        let children: Vec<u64> = rows
            .iter()
            .filter(|r| frontier.contains(&r.parent.0) && !out.contains(&r.term_id.0))
            .map(|r| r.term_id.0)
            .collect();
        out.extend(&children);
        frontier = children;
    }
    Ok(out)
}

/// Batch loader: every ancestor of the given terms (for hierarchical term links),
/// one statement per level of the tree.
pub async fn ancestors(site: &Site, terms: &[Term]) -> Result<HashMap<u64, Term>> {
    use sea_orm::sea_query::{CommonTableExpression, UnionType, WithClause};
    let mut parents: Vec<u64> = terms
        .iter()
        .map(|t| t.parent.0)
        .filter(|p| *p > 0)
        .collect();
    parents.sort_unstable();
    parents.dedup();
    if parents.is_empty() {
        return Ok(HashMap::new());
    }
    // One recursive statement for the whole chain, bounded against corrupt parent cycles.
    const COLUMNS: [&str; 9] = [
        "term_id",
        "name",
        "slug",
        "term_group",
        "term_taxonomy_id",
        "taxonomy",
        "description",
        "parent",
        "count",
    ];
    let anc = Alias::new("anc");
    let depth = Alias::new("depth");
    let mut base = select_terms(site);
    base.expr_as(Expr::val(1), depth.clone()).and_where(
        Expr::col((Alias::new("t"), Alias::new("term_id")))
            .is_in(parents.iter().map(|id| WpId(*id))),
    );
    let mut step = select_terms(site);
    step.expr_as(
        Expr::col((anc.clone(), depth.clone())).add(1),
        depth.clone(),
    )
    .inner_join(
        anc.clone(),
        Expr::col((Alias::new("t"), Alias::new("term_id")))
            .equals((anc.clone(), Alias::new("parent"))),
    )
    .and_where(Expr::col((anc.clone(), depth.clone())).lt(64));
    base.union(UnionType::All, step);
    let mut columns: Vec<Alias> = COLUMNS.iter().map(|c| Alias::new(*c)).collect();
    columns.push(depth);
    let cte = CommonTableExpression::new()
        .query(base)
        .columns(columns)
        .table_name(anc.clone())
        .to_owned();
    let select = Query::select()
        .columns(COLUMNS.map(Alias::new))
        .from(anc)
        .to_owned();
    let query = select.with(WithClause::new().recursive(true).cte(cte).to_owned());
    let db = site.db();
    let rows = Term::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|t| (t.term_id.0, t)).collect())
}

/// Every term of one taxonomy (`get_terms( array( 'taxonomy' => …, 'hide_empty' => false ) )`),
/// in `term_id` order. The REST terms controller filters, sorts and pages this list: one
/// statement whatever the page size, ordered with `collation_key` on every backend.
pub async fn all_in_taxonomy(site: &Site, taxonomy: &str) -> Result<Vec<Term>> {
    let mut select = select_terms(site);
    select
        .and_where(Expr::col((Alias::new("tt"), Alias::new("taxonomy"))).eq(taxonomy))
        .order_by(
            (Alias::new("t"), Alias::new("term_id")),
            sea_orm::sea_query::Order::Asc,
        );
    let db = site.db();
    Ok(
        Term::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?,
    )
}

#[derive(Debug, FromQueryResult)]
struct TermObject {
    term_id: WpId,
    object_id: WpId,
}

/// `(term_id, object_id)` for every published post of `post_types` filed under a term of
/// `taxonomy`: what `_pad_term_counts()` counts. One statement.
pub async fn published_objects(
    site: &Site,
    taxonomy: &str,
    post_types: &[String],
) -> Result<Vec<(u64, u64)>> {
    let tables = site.tables();
    let select = Query::select()
        .column((Alias::new("tt"), Alias::new("term_id")))
        .column((Alias::new("tr"), Alias::new("object_id")))
        .from_as(Alias::new(&tables.term_relationships), Alias::new("tr"))
        .join_as(
            JoinType::InnerJoin,
            Alias::new(&tables.term_taxonomy),
            Alias::new("tt"),
            Expr::col((Alias::new("tt"), Alias::new("term_taxonomy_id")))
                .equals((Alias::new("tr"), Alias::new("term_taxonomy_id"))),
        )
        .join_as(
            JoinType::InnerJoin,
            Alias::new(&tables.posts),
            Alias::new("p"),
            Expr::col((Alias::new("p"), Alias::new("ID")))
                .equals((Alias::new("tr"), Alias::new("object_id"))),
        )
        .and_where(Expr::col((Alias::new("tt"), Alias::new("taxonomy"))).eq(taxonomy))
        .and_where(Expr::col((Alias::new("p"), Alias::new("post_status"))).eq("publish"))
        .and_where(
            Expr::col((Alias::new("p"), Alias::new("post_type")))
                .is_in(post_types.iter().map(String::as_str)),
        )
        .to_owned();
    let db = site.db();
    let rows = TermObject::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.term_id.0, r.object_id.0))
        .collect())
}
