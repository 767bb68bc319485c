//! Look-ahead prefetching for post connections: once a page of posts is known, the relations
//! its selection asks for (authors, terms and their parents, featured images and their files,
//! images in content, parent chains) are loaded for the whole page, one statement per
//! relation, and fed into the request's DataLoader cache; the nodes' own loads are then
//! cache hits.
//!
//! Done for top-level connections (the lists a page queries); nested connections rely on the
//! loaders' batching. This makes a top-level list's statement count a function of its
//! selection, never of the page size nor of timing: a DataLoader alone flushes on a timer, so the loads of 100 nodes could be
//! split over several batches. A selected relation costs its statement even when the page has
//! nothing to load for it (the key lists are padded with an ID no row has), so a page of one
//! post costs exactly what a page of a hundred does.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, Lookahead, Result};
use headpress_domain::backend::WpId;
use headpress_domain::posts::{self, Post};
use headpress_domain::terms::{self, Term};
use headpress_domain::users;

use crate::conn::Args;
use crate::ctx::{
    AttachmentImage, FirstComments, NestedPosts, NestedPostsOf, ObjectTerms, PostAncestors, PostId,
    PostMeta, Req, TermAncestors, UserId, first_comments, first_meta_values, images_from_rows,
    internal, req,
};

/// An ID no `wp_posts`, `wp_users` or `wp_terms` row has (IDs start at 1 and are far below
/// `i64::MAX` on every backend).
const NO_ROW: u64 = 0;
/// A parent ID no row has, to keep an ancestor statement for a page without parents.
const NO_PARENT: u64 = i64::MAX as u64;

/// The selections of a connection's nodes (`nodes { … }` and `edges { node { … } }`).
fn node_selections<'a>(connection: &Lookahead<'a>) -> Vec<Lookahead<'a>> {
    vec![
        connection.field("nodes"),
        connection.field("edges").field("node"),
    ]
}

fn selects(nodes: &[Lookahead<'_>], field: &str) -> bool {
    nodes.iter().any(|n| n.field(field).exists())
}

fn sub<'a>(nodes: &[Lookahead<'a>], field: &str) -> Vec<Lookahead<'a>> {
    nodes.iter().map(|n| n.field(field)).collect()
}

/// The keys, or one key no row has when there are none.
fn padded(mut ids: Vec<u64>) -> Vec<u64> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        ids.push(NO_ROW);
    }
    ids
}

/// Prefetches what the selection of the connection resolved by `ctx` needs for `page`.
pub async fn posts(ctx: &Context<'_>, page: &[Arc<Post>]) -> Result<()> {
    if page.is_empty() {
        return Ok(());
    }
    if ctx.path_node.is_some_and(|p| p.parent.is_some()) {
        // A connection under another node (`Category.posts`, `User.posts`, …) runs once per
        // parent node; prefetching there would cost its statements once per parent, while
        // the loaders batch those loads across all the parents.
        return Ok(());
    }
    let r = req(ctx)?;
    let look = ctx.look_ahead();
    let nodes = node_selections(&look);
    let ids: Vec<u64> = page.iter().map(|p| p.id.0).collect();

    let wants_author = selects(&nodes, "author");
    let taxonomies: Vec<&'static str> = [
        ("categories", "category"),
        ("tags", "post_tag"),
        ("postFormats", "post_format"),
    ]
    .into_iter()
    .filter(|(field, _)| selects(&nodes, field))
    .map(|(_, taxonomy)| taxonomy)
    .collect();
    let wants_thumbnail = selects(&nodes, "featuredImage")
        || selects(&nodes, "featuredImageId")
        || selects(&nodes, "featuredImageDatabaseId");
    let wants_content = selects(&nodes, "content");
    let wants_excerpt = selects(&nodes, "excerpt");
    let wants_link = selects(&nodes, "uri") || selects(&nodes, "link");
    // The page's own rows answer `load_post` for them (`commentedOn`, parents on the page).
    r.loader
        .feed_many(page.iter().map(|p| (PostId(p.id.0), p.clone())))
        .await;

    futures::try_join!(
        async {
            if wants_author {
                authors(r, page).await?;
            }
            Ok::<_, async_graphql::Error>(())
        },
        async {
            if !taxonomies.is_empty() {
                object_terms(r, &nodes, &ids, &taxonomies).await?;
            }
            Ok(())
        },
        async {
            if wants_thumbnail {
                thumbnails(r, &sub(&nodes, "featuredImage"), &ids).await?;
            }
            Ok(())
        },
        async {
            if wants_content || wants_excerpt {
                content_images(r, page, wants_excerpt).await?;
            }
            Ok(())
        },
        async {
            if wants_link && page.iter().any(|p| p.post_type != "post") {
                post_ancestors(r, page).await?;
            }
            Ok(())
        },
        async {
            let post_type = page.first().map_or("", |p| p.post_type.as_str());
            if selects(&nodes, "children") && page.iter().all(|p| p.post_type == post_type) {
                let parents = page.iter().map(|p| (p.id.0, vec![])).collect();
                nested_posts(ctx, "children", NestedPostsOf::Parent, post_type, parents).await?;
            }
            Ok(())
        },
        async {
            if selects(&nodes, "comments") {
                comments(r, &nodes, &ids).await?;
            }
            Ok(())
        },
    )?;
    Ok(())
}

/// The first comments of every post of the page, when every `comments` selection asks for a
/// plain first page (`first` only) of the same size; then their registered authors.
async fn comments(r: &Req, nodes: &[Lookahead<'_>], ids: &[u64]) -> Result<()> {
    let mut firsts: Vec<Option<i32>> = Vec::new();
    for field in nodes
        .iter()
        .flat_map(|n| n.field("comments").selection_fields())
    {
        let mut first = None;
        for (name, value) in field.arguments()? {
            match (name.as_str(), value) {
                ("first", async_graphql::Value::Number(n)) => {
                    first = n.as_i64().and_then(|n| i32::try_from(n).ok());
                }
                ("first", async_graphql::Value::Null) => {}
                // Cursors, `last` or `where`: the field pages on its own.
                _ => return Ok(()),
            }
        }
        firsts.push(first);
    }
    firsts.dedup();
    let [first] = firsts.as_slice() else {
        return Ok(());
    };
    let Ok(window) = Args::new(*first, None, None, None).window() else {
        return Ok(());
    };
    let moderator = r.viewer.can("moderate_comments");
    let keys: Vec<FirstComments> = ids
        .iter()
        .map(|id| FirstComments {
            group: *id,
            by_parent: false,
            fetch: window.fetch(),
            moderator,
        })
        .collect();
    let found = first_comments(&r.site, &keys).await?;
    let comment_nodes: Vec<Lookahead<'_>> = node_selections_of(nodes, "comments");
    let users: Vec<u64> = found
        .values()
        .flat_map(|list| list.iter().map(|c| c.user_id.0))
        .filter(|id| *id > 0)
        .collect();
    r.loader.feed_many(found).await;
    if selects(&comment_nodes, "author") {
        let ids = padded(users);
        let found = users::find_by_ids(&r.site, &ids).await.map_err(internal)?;
        r.loader
            .feed_many(found.into_iter().map(|(id, u)| (UserId(id), Arc::new(u))))
            .await;
    }
    Ok(())
}

async fn authors(r: &Req, page: &[Arc<Post>]) -> Result<()> {
    let ids = padded(
        page.iter()
            .map(|p| p.post_author.0)
            .filter(|a| *a > 0)
            .collect(),
    );
    let found = users::find_by_ids(&r.site, &ids).await.map_err(internal)?;
    r.loader
        .feed_many(found.into_iter().map(|(id, u)| (UserId(id), Arc::new(u))))
        .await;
    Ok(())
}

async fn object_terms(
    r: &Req,
    nodes: &[Lookahead<'_>],
    ids: &[u64],
    taxonomies: &[&'static str],
) -> Result<()> {
    let found = terms::terms_for_objects(&r.site, ids, taxonomies)
        .await
        .map_err(internal)?;
    let mut fed = Vec::new();
    let mut all: Vec<Term> = Vec::new();
    for id in ids {
        let list = found.get(id).cloned().unwrap_or_default();
        for taxonomy in taxonomies {
            let of: Vec<Term> = list
                .iter()
                .filter(|t| t.taxonomy == *taxonomy)
                .cloned()
                .collect();
            fed.push((ObjectTerms(*id, taxonomy), Arc::new(of)));
        }
        all.extend(list);
    }
    r.loader.feed_many(fed).await;
    // Hierarchical terms need their parent chains for `uri`/`link`.
    let term_nodes: Vec<Lookahead<'_>> = ["categories"]
        .iter()
        .flat_map(|f| node_selections_of(nodes, f))
        .collect();
    if selects(&term_nodes, "uri") || selects(&term_nodes, "link") {
        term_ancestors(r, all).await?;
    }
    Ok(())
}

fn node_selections_of<'a>(nodes: &[Lookahead<'a>], field: &str) -> Vec<Lookahead<'a>> {
    nodes
        .iter()
        .flat_map(|n| node_selections(&n.field(field)))
        .collect()
}

async fn term_ancestors(r: &Req, mut list: Vec<Term>) -> Result<()> {
    list.sort_by_key(|t| t.term_id.0);
    list.dedup_by_key(|t| t.term_id.0);
    let with_parent: Vec<Term> = list.iter().filter(|t| t.parent.0 > 0).cloned().collect();
    let probe = match (with_parent.is_empty(), list.first()) {
        (false, _) => with_parent.clone(),
        // Keep the statement: one term whose parent no row is.
        (true, Some(t)) => vec![Term {
            parent: WpId(NO_PARENT),
            ..t.clone()
        }],
        (true, None) => return Ok(()),
    };
    let chains = terms::ancestors(&r.site, &probe).await.map_err(internal)?;
    let fed: Vec<(TermAncestors, Arc<Vec<Term>>)> = with_parent
        .iter()
        .map(|t| {
            let mut chain = Vec::new();
            let mut parent = t.parent.0;
            while parent > 0 && chain.len() < 64 {
                let Some(p) = chains.get(&parent) else { break };
                chain.push(p.clone());
                parent = p.parent.0;
            }
            (TermAncestors(t.term_id.0), Arc::new(chain))
        })
        .collect();
    r.loader.feed_many(fed).await;
    Ok(())
}

async fn post_ancestors(r: &Req, page: &[Arc<Post>]) -> Result<()> {
    let with_parent: Vec<Post> = page
        .iter()
        .filter(|p| p.post_parent.0 > 0)
        .map(|p| p.as_ref().clone())
        .collect();
    let probe = match (with_parent.is_empty(), page.first()) {
        (false, _) => with_parent.clone(),
        (true, Some(p)) => vec![Post {
            post_parent: WpId(NO_PARENT),
            ..p.as_ref().clone()
        }],
        (true, None) => return Ok(()),
    };
    let chains = posts::ancestors(&r.site, &probe).await.map_err(internal)?;
    let fed: Vec<(PostAncestors, Arc<Vec<Post>>)> = with_parent
        .iter()
        .map(|p| (PostAncestors(p.id.0), Arc::new(chain_of(p, &chains))))
        .collect();
    r.loader.feed_many(fed).await;
    Ok(())
}

fn chain_of(post: &Post, all: &HashMap<u64, Post>) -> Vec<Post> {
    let mut chain = Vec::new();
    let mut parent = post.post_parent.0;
    while parent > 0 && chain.len() < 64 {
        let Some(p) = all.get(&parent) else { break };
        chain.push(p.clone());
        parent = p.post_parent.0;
    }
    chain
}

/// `_thumbnail_id` of the page, then (if the image node is selected) the attachments and
/// what their fields read: files, metadata, alt text, parent chains.
async fn thumbnails(r: &Req, image: &[Lookahead<'_>], ids: &[u64]) -> Result<()> {
    let rows = posts::meta_for(&r.site, ids, &["_thumbnail_id"])
        .await
        .map_err(internal)?;
    let keys: Vec<PostMeta> = ids
        .iter()
        .map(|id| PostMeta(*id, "_thumbnail_id"))
        .collect();
    let values = first_meta_values(&keys, &rows);
    let thumbs: Vec<u64> = values
        .values()
        .flatten()
        .filter_map(|v| v.trim().parse::<u64>().ok())
        .filter(|id| *id > 0)
        .collect();
    r.loader.feed_many(values).await;
    let node = sub(image, "node");
    if !node.iter().any(Lookahead::exists) {
        return Ok(());
    }
    let attachments = posts::get_many(&r.site, &padded(thumbs))
        .await
        .map_err(internal)?;
    let found: Vec<Arc<Post>> = attachments.into_values().map(Arc::new).collect();
    r.loader
        .feed_many(found.iter().map(|p| (PostId(p.id.0), p.clone())))
        .await;
    let file_fields = [
        "sourceUrl",
        "mediaItemUrl",
        "mediaDetails",
        "srcSet",
        "sizes",
        "fileSize",
        "altText",
    ];
    let att_ids: Vec<u64> = found.iter().map(|p| p.id.0).collect();
    futures::try_join!(
        async {
            if file_fields.iter().any(|f| selects(&node, f)) {
                let keys = [
                    "_wp_attached_file",
                    "_wp_attachment_metadata",
                    "_wp_attachment_image_alt",
                ];
                let padded_ids = padded(att_ids.clone());
                let rows = posts::meta_for(&r.site, &padded_ids, &keys)
                    .await
                    .map_err(internal)?;
                let wanted: Vec<PostMeta> = att_ids
                    .iter()
                    .flat_map(|id| keys.iter().map(move |k| PostMeta(*id, k)))
                    .collect();
                r.loader.feed_many(first_meta_values(&wanted, &rows)).await;
            }
            Ok::<_, async_graphql::Error>(())
        },
        async {
            if selects(&node, "uri") || selects(&node, "link") {
                post_ancestors(r, &found).await?;
            }
            Ok(())
        },
    )?;
    Ok(())
}

/// The image attachments the page's content (and excerpts) refer to.
async fn content_images(r: &Req, page: &[Arc<Post>], excerpts: bool) -> Result<()> {
    let mut ids = Vec::new();
    for post in page {
        headpress_domain::render::referenced_attachments(&post.post_content, &mut ids);
        if excerpts {
            headpress_domain::render::referenced_attachments(&post.post_excerpt, &mut ids);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    // One statement even when nothing is referenced (the domain query always runs).
    let rows = posts::attachments_with_parents(&r.site, &ids)
        .await
        .map_err(internal)?;
    let fed: HashMap<AttachmentImage, _> = images_from_rows(&r.options, &ids, rows);
    r.loader.feed_many(fed).await;
    Ok(())
}

/// The pagination arguments of one selection of a connection field, when it has no others.
fn plain_page_args(field: &async_graphql::SelectionField<'_>) -> Result<Option<Args>> {
    let mut args = Args::default();
    for (name, value) in field.arguments()? {
        let number = |n: &async_graphql::Number| n.as_i64().and_then(|n| i32::try_from(n).ok());
        match (name.as_str(), value) {
            (_, async_graphql::Value::Null) => {}
            ("first", async_graphql::Value::Number(n)) => match number(&n) {
                Some(n) => args.first = Some(n),
                None => return Ok(None),
            },
            ("last", async_graphql::Value::Number(n)) => match number(&n) {
                Some(n) => args.last = Some(n),
                None => return Ok(None),
            },
            ("after", async_graphql::Value::String(s)) => args.after = Some(s),
            ("before", async_graphql::Value::String(s)) => args.before = Some(s),
            // `where` or anything else: the field pages on its own.
            _ => return Ok(None),
        }
    }
    Ok(Some(args))
}

/// Loads the nested post connection `field` (`posts`, `children`) of every node of a page in
/// ONE batch, when every selection of it asks for the same page: the nodes' own loads are then
/// cache hits, so the statement count does not depend on how the resolvers' timing splits
/// the loader's batches. `nodes` are the page's node IDs with, for terms, the term IDs each
/// lists.
pub async fn nested_posts(
    ctx: &Context<'_>,
    field: &str,
    of: NestedPostsOf,
    post_type: &str,
    nodes: Vec<(u64, Vec<u64>)>,
) -> Result<()> {
    if nodes.is_empty() || ctx.path_node.is_some_and(|p| p.parent.is_some()) {
        return Ok(());
    }
    let look = ctx.look_ahead();
    let selections = node_selections(&look);
    let mut asked: Vec<Args> = Vec::new();
    for selection in selections
        .iter()
        .flat_map(|n| n.field(field).selection_fields())
    {
        let Some(args) = plain_page_args(&selection)? else {
            return Ok(());
        };
        if !asked.contains(&args) {
            asked.push(args);
        }
    }
    let [args] = asked.as_slice() else {
        return Ok(());
    };
    let Ok(window) = args.window() else {
        return Ok(());
    };
    let r = req(ctx)?;
    let spec = crate::query::nested_spec(r, of, posts::PostQuery::new(post_type), &window);
    let pages = r
        .loader
        .load_many(nodes.into_iter().map(|(node, terms)| NestedPosts {
            spec: spec.clone(),
            node,
            terms: terms.into(),
        }))
        .await?;
    // Their authors too, whether or not there are any (the statement count must not depend
    // on the data); other relations of the nested nodes batch in the loaders.
    let nested: Vec<Lookahead<'_>> = selections
        .iter()
        .flat_map(|n| node_selections(&n.field(field)))
        .collect();
    if selects(&nested, "author") {
        let posts: Vec<Arc<Post>> = pages.into_values().flat_map(|p| p.to_vec()).collect();
        authors(r, &posts).await?;
    }
    Ok(())
}
