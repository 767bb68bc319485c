//! Revisions and autosaves (`wp_get_post_revisions`): posts of type `revision` whose
//! `post_parent` is the revised post.

use sea_orm::FromQueryResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};

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

/// Mirrors `wp_get_post_revisions( $parent, array( 'check_enabled' => false ) )`: every
/// `inherit` revision of the post, newest first (`post_date DESC, ID DESC`), autosaves
/// included.
pub async fn revisions_of(site: &Site, parent: u64) -> Result<Vec<Post>> {
    let query = Query::select()
        .columns(POST_COLUMNS.map(Alias::new))
        .from(Alias::new(&site.tables().posts))
        .and_where(Expr::col(Alias::new("post_parent")).eq(WpId(parent)))
        .and_where(Expr::col(Alias::new("post_type")).eq("revision"))
        .and_where(Expr::col(Alias::new("post_status")).eq("inherit"))
        .order_by(Alias::new("post_date"), Order::Desc)
        .order_by(Alias::new("ID"), Order::Desc)
        .to_owned();
    let db = site.db();
    Ok(
        Post::find_by_statement(db.get_database_backend().build(&query))
            .all(db)
            .await?,
    )
}

/// Batch loader: `revisions_of` for many posts, in one statement.
pub async fn revisions_of_many(
    site: &Site,
    parents: &[u64],
) -> Result<std::collections::HashMap<u64, Vec<Post>>> {
    let mut out: std::collections::HashMap<u64, Vec<Post>> = std::collections::HashMap::new();
    if parents.is_empty() {
        return Ok(out);
    }
    let query = Query::select()
        .columns(POST_COLUMNS.map(Alias::new))
        .from(Alias::new(&site.tables().posts))
        .and_where(Expr::col(Alias::new("post_parent")).is_in(parents.iter().map(|id| WpId(*id))))
        .and_where(Expr::col(Alias::new("post_type")).eq("revision"))
        .and_where(Expr::col(Alias::new("post_status")).eq("inherit"))
        .order_by(Alias::new("post_date"), Order::Desc)
        .order_by(Alias::new("ID"), Order::Desc)
        .to_owned();
    let db = site.db();
    let rows = Post::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?;
    for row in rows {
        out.entry(row.post_parent.0).or_default().push(row);
    }
    Ok(out)
}

/// Whether a revision is an autosave (`wp_is_post_autosave`: its slug holds
/// `{parent}-autosave`).
pub fn is_autosave(revision: &Post) -> bool {
    revision
        .post_name
        .contains(&format!("{}-autosave", revision.post_parent.0))
}
