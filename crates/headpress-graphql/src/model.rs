//! WPGraphQL's Model layer and object types: `Post`, `Page`, `MediaItem` (one `wp_posts` row
//! each), `User`, `Category`, `Tag`. Visibility (public, restricted, private) is decided here,
//! whatever path reached the object, as WPGraphQL's Model classes do.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object, Result};
use headpress_domain::posts::{self as dposts, Post as PostRow};
use headpress_domain::terms::Term;
use headpress_domain::users::User as UserRow;
use headpress_php::render as wp;

use crate::conn::{Args, Page as CPage, connection};
use crate::content::Taxonomy;
use crate::ctx::{
    NestedPostsOf, ObjectTerms, PostAncestors, PostId, PostMeta, Published, Req, Revisions,
    RevisionsOf, TermAncestors, TermId, UserId, UserMeta, req,
};
use crate::custom::CustomContent;
use crate::{ids, links, query};

/// `PostObjectFieldFormatEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "PostObjectFieldFormatEnum")]
pub enum Format {
    /// Provide the field value directly from database. Null on unauthenticated requests.
    #[graphql(name = "RAW")]
    Raw,
    /// Provide the field value as rendered by WordPress. Default.
    #[graphql(name = "RENDERED")]
    Rendered,
}

fn date(d: Option<chrono::NaiveDateTime>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// Whether the viewer may see a post at all (WPGraphQL's `Post::is_private`, inverted).
pub fn can_see(req: &Req, post: &PostRow) -> bool {
    let Some(pt) = req.site.post_type(&post.post_type) else {
        return false;
    };
    if post.post_type == "attachment" && post.post_status == "inherit" {
        // Attachments follow their parent; unattached ones are public (unlike REST).
        return true;
    }
    if matches!(
        post.post_status.as_str(),
        "trash" | "auto-draft" | "inherit"
    ) {
        return dposts::can_edit(&req.viewer, post, pt, None);
    }
    if matches!(post.post_status.as_str(), "draft" | "pending" | "future") {
        // `Post::is_private`: unpublished posts are private for those who may not edit
        // posts of the type; others' drafts are then restricted, not hidden.
        return req.viewer.can(&pt.cap("edit"));
    }
    dposts::can_read(&req.viewer, post, pt)
}

pub(crate) fn can_edit(req: &Req, post: &PostRow) -> bool {
    req.site
        .post_type(&post.post_type)
        .is_some_and(|pt| dposts::can_edit(&req.viewer, post, pt, None))
}

/// WPGraphQL's `Post::get_restricted_cap`: a password-protected post, or a draft, pending or
/// future one, is restricted for viewers who may not edit it (its owner may).
pub fn restricted(req: &Req, post: &PostRow) -> bool {
    let gated = !post.post_password.is_empty()
        || matches!(post.post_status.as_str(), "draft" | "pending" | "future");
    gated && !can_edit(req, post)
}

async fn ancestors_of(ctx: &Context<'_>, post: &PostRow) -> Result<Arc<Vec<PostRow>>> {
    if post.post_parent.0 == 0 {
        return Ok(Arc::new(Vec::new()));
    }
    let r = req(ctx)?;
    Ok(r.loader
        .load_one(PostAncestors(post.id.0))
        .await?
        .unwrap_or_default())
}

pub(crate) async fn post_link(ctx: &Context<'_>, post: &PostRow) -> Result<String> {
    let r = req(ctx)?;
    let ancestors = if post.post_type == "post" {
        Arc::new(Vec::new())
    } else {
        ancestors_of(ctx, post).await?
    };
    let readable = post.post_status != "private" || can_see(r, post);
    Ok(links::post_link(&r.options, post, &ancestors, readable))
}

/// `get_post_meta( $id, $key, true )`, `None` when absent.
async fn meta(ctx: &Context<'_>, post: &PostRow, key: &'static str) -> Result<Option<String>> {
    Ok(req(ctx)?
        .loader
        .load_one(PostMeta(post.id.0, key))
        .await?
        .flatten())
}

/// `ContentNode.contentType`: the registered type of the node (a revision's is its parent's).
async fn content_type_edge(
    ctx: &Context<'_>,
    post: &PostRow,
) -> Result<Option<ContentNodeToContentTypeConnectionEdge>> {
    let name = if post.post_type == "revision" {
        let r = req(ctx)?;
        match r.loader.load_one(PostId(post.post_parent.0)).await? {
            Some(parent) => parent.post_type.clone(),
            None => return Ok(None),
        }
    } else {
        post.post_type.clone()
    };
    Ok(crate::content::ContentType::of(ctx, &name).map(ContentNodeToContentTypeConnectionEdge))
}

/// A user a post's meta names (`_edit_last`, `_edit_lock`), if the viewer may see them.
async fn visible_user_by_id(ctx: &Context<'_>, id: u64) -> Result<Option<User>> {
    if id == 0 {
        return Ok(None);
    }
    let Some(user) = req(ctx)?.loader.load_one(UserId(id)).await? else {
        return Ok(None);
    };
    Ok(user_visible(ctx, &user).await?.then_some(User(user)))
}

/// `lastEditedBy`: the user in `_edit_last` (not in the restricted whitelist).
async fn last_editor(ctx: &Context<'_>, post: &PostRow) -> Result<Option<User>> {
    if restricted(req(ctx)?, post) {
        return Ok(None);
    }
    let id = meta(ctx, post, "_edit_last")
        .await?
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0);
    visible_user_by_id(ctx, id).await
}

/// `wp_check_post_lock`'s window: a lock older than this many seconds is stale.
const POST_LOCK_WINDOW: i64 = 150;

/// `editingLockedBy`: the user in `_edit_lock` (`time:user`) while the lock is fresh and held
/// by someone other than the viewer (`wp_check_post_lock`), with the lock's time.
async fn edit_lock(
    ctx: &Context<'_>,
    post: &PostRow,
) -> Result<Option<ContentNodeToEditLockConnectionEdge>> {
    let r = req(ctx)?;
    if restricted(r, post) {
        return Ok(None);
    }
    let Some(lock) = meta(ctx, post, "_edit_lock")
        .await?
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    let mut parts = lock.split(':');
    let time: i64 = parts
        .next()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0);
    // WPGraphQL resolves the edge only from the lock's own user part.
    let user: u64 = parts
        .next()
        .and_then(|u| u.trim().parse().ok())
        .unwrap_or(0);
    let now = chrono::Utc::now().timestamp();
    if user == 0 || time <= now - POST_LOCK_WINDOW || r.viewer.id() == user {
        return Ok(None);
    }
    let Some(node) = visible_user_by_id(ctx, user).await? else {
        return Ok(None);
    };
    let timestamp = chrono::DateTime::from_timestamp(time, 0)
        .map(|t| t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string());
    Ok(Some(ContentNodeToEditLockConnectionEdge {
        node,
        timestamp,
    }))
}

/// `previewRevisionDatabaseId`: the newest revision (autosaves included), for viewers with
/// the type's `edit_posts` capability; not in the restricted whitelist.
async fn preview_revision(ctx: &Context<'_>, post: &PostRow) -> Result<Option<u64>> {
    let r = req(ctx)?;
    let Some(pt) = r.site.post_type(&post.post_type) else {
        return Ok(None);
    };
    if restricted(r, post) || !r.viewer.can(&pt.cap("edit")) {
        return Ok(None);
    }
    Ok(r.loader
        .load_one(Revisions(post.id.0))
        .await?
        .and_then(|info| info.latest))
}

/// WPGraphQL's `Utils::format_type_name_for_wp_template`: the GraphQL type of a template.
fn template_type_name(title: &str, file: &str) -> String {
    let word = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut name = word(&ucwords(title));
    if name.is_empty() {
        name = word(&ucwords(file.split('.').next().unwrap_or("")));
    }
    if name.is_empty() {
        return String::new();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) || !name.to_lowercase().contains("template") {
        name = format!("Template_{name}");
    }
    name
}

/// PHP's `ucwords`: the first letter of every whitespace-separated word in upper case.
fn ucwords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c.is_whitespace();
    }
    out
}

/// `ContentNode.template` (WPGraphQL's Post model): the theme's template the node's
/// `_wp_page_template` names, if the theme offers it for the node's type, else the default.
async fn template_of(ctx: &Context<'_>, post: &PostRow) -> Result<ContentTemplate> {
    let r = req(ctx)?;
    let stylesheet = r.options.get("stylesheet").unwrap_or("");
    let templates = headpress_domain::themes::post_templates(stylesheet, &post.post_type);
    if templates.is_empty() {
        return Ok(ContentTemplate::DefaultTemplate(DefaultTemplate));
    }
    let set = meta(ctx, post, "_wp_page_template")
        .await?
        .unwrap_or_default();
    let Some(t) = templates.iter().find(|t| t.slug == set) else {
        return Ok(ContentTemplate::DefaultTemplate(DefaultTemplate));
    };
    // The schema has one type per template of the site's theme.
    Ok(match template_type_name(t.title, t.slug).as_str() {
        "Template_Blank" => ContentTemplate::TemplateBlank(TemplateBlank(ucwords(t.title))),
        "Template_BlogAlternative" => {
            ContentTemplate::TemplateBlogAlternative(TemplateBlogAlternative(ucwords(t.title)))
        }
        _ => ContentTemplate::DefaultTemplate(DefaultTemplate),
    })
}

/// A post's revisions for those who may edit it (WPGraphQL's revision connections), as one
/// page.
async fn revisions_page(
    ctx: &Context<'_>,
    post: &PostRow,
    args: Args,
) -> Result<Option<CPage<Arc<PostRow>>>> {
    let r = req(ctx)?;
    if !can_edit(r, post) {
        return Ok(None);
    }
    let rows = r
        .loader
        .load_one(RevisionsOf(post.id.0))
        .await?
        .map(|list| list.as_ref().clone())
        .unwrap_or_default();
    Ok(Some(whole(&args, rows, |p| p.id.0)?))
}

/// `preview` (deprecated in WPGraphQL): the newest revision, for a node that is not one.
async fn preview_row(ctx: &Context<'_>, post: &PostRow) -> Result<Option<Arc<PostRow>>> {
    if post.post_type == "revision" {
        return Ok(None);
    }
    // A revision is visible to those who may edit the post it revises (WPGraphQL's
    // `Post::is_private` for revisions).
    if !can_edit(req(ctx)?, post) {
        return Ok(None);
    }
    let Some(id) = preview_revision(ctx, post).await? else {
        return Ok(None);
    };
    Ok(req(ctx)?
        .loader
        .load_one(PostId(id))
        .await?
        .filter(|p| p.post_type == "revision"))
}

/// Loads posts by ID and keeps those the viewer may see, as typed nodes.
pub async fn load_post(ctx: &Context<'_>, id: u64) -> Result<Option<Arc<PostRow>>> {
    let r = req(ctx)?;
    Ok(r.loader
        .load_one(PostId(id))
        .await?
        .filter(|p| can_see(r, p)))
}

async fn load_terms(
    ctx: &Context<'_>,
    post: &PostRow,
    taxonomy: &'static str,
) -> Result<Vec<Term>> {
    let r = req(ctx)?;
    if restricted(r, post) {
        return Ok(Vec::new());
    }
    Ok(r.loader
        .load_one(ObjectTerms(post.id.0, taxonomy))
        .await?
        .map(|list| list.as_ref().clone())
        .unwrap_or_default())
}

/// The whole list as one connection page (relations loaded whole, such as a post's terms).
fn whole<T: Clone>(args: &Args, rows: Vec<T>, id: impl Fn(&T) -> u64) -> Result<CPage<T>> {
    Ok(args.window()?.page_in_memory(rows, id))
}

/// A nested posts connection's `WP_Query`: the post type, narrowed by its `where` arguments
/// (the same as the root `posts` connection's).
macro_rules! nested_post_query {
    ($ctx:expr, $filter:expr) => {
        nested_post_query!($ctx, $filter, |common| {})
    };
    ($ctx:expr, $filter:expr, |$common:ident| $adjust:block) => {{
        let mut q = dposts::PostQuery::new("post");
        if let Some(w) = &$filter {
            #[allow(unused_mut)]
            let mut $common = query::common!(w);
            $adjust
            query::apply_common($ctx, &mut q, $common).await?;
            query::apply_post_taxonomies($ctx, &mut q, query::post_taxonomies!(w)).await?;
        }
        q
    }};
}

/// Declares a `wp_posts`-backed object type with the ContentNode fields plus `$extra`.
macro_rules! content_object {
    ($ty:ident, $doc:literal, { $($extra:tt)* }) => {
        #[doc = $doc]
        #[derive(Clone)]
        pub struct $ty(pub Arc<PostRow>);

        #[Object]
        impl $ty {
            /// The globally unique identifier of the object.
            pub(crate) async fn id(&self) -> ID {
                ID(ids::global_id("post", self.0.id.0))
            }

            /// The unique identifier stored in the database.
            #[graphql(name = "databaseId")]
            pub(crate) async fn database_id(&self) -> i64 {
                self.0.id.0 as i64
            }

            /// The name of the Content Type the node belongs to.
            #[graphql(name = "contentTypeName")]
            pub(crate) async fn content_type_name(&self) -> String {
                self.0.post_type.clone()
            }

            /// Post publishing date (site time).
            pub(crate) async fn date(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                Ok(if restricted(req(ctx)?, &self.0) { None } else { date(self.0.post_date.0) })
            }

            /// Post publishing date (GMT).
            #[graphql(name = "dateGmt")]
            pub(crate) async fn date_gmt(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                Ok(if restricted(req(ctx)?, &self.0) { None } else { date(self.0.post_date_gmt.0) })
            }

            /// The last modified date (site time).
            pub(crate) async fn modified(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                Ok(if restricted(req(ctx)?, &self.0) { None } else { date(self.0.post_modified.0) })
            }

            /// The last modified date (GMT).
            #[graphql(name = "modifiedGmt")]
            pub(crate) async fn modified_gmt(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                Ok(if restricted(req(ctx)?, &self.0) { None } else { date(self.0.post_modified_gmt.0) })
            }

            /// The uri slug for the post (WPGraphQL `urldecode`s it).
            pub(crate) async fn slug(&self) -> Option<String> {
                Some(url_decode(&self.0.post_name))
            }

            /// The current status of the object.
            pub(crate) async fn status(&self) -> Option<String> {
                Some(self.0.post_status.clone())
            }

            /// The global unique identifier (`guid`; null when empty).
            pub(crate) async fn guid(&self) -> Option<&str> {
                (!self.0.guid.is_empty()).then_some(self.0.guid.as_str())
            }

            /// Connection between the ContentNode type and the ContentType type.
            #[graphql(name = "contentType")]
            pub(crate) async fn content_type(
                &self,
                ctx: &Context<'_>,
            ) -> Result<Option<ContentNodeToContentTypeConnectionEdge>> {
                content_type_edge(ctx, &self.0).await
            }

            /// The desired slug of the post. WPGraphQL declares the field without a resolver
            /// and its Post model has no such value, so it is always null there too.
            #[graphql(name = "desiredSlug")]
            pub(crate) async fn desired_slug(&self) -> Option<String> {
                None
            }

            /// The RSS enclosure for the object (the `enclosure` meta).
            pub(crate) async fn enclosure(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                if restricted(req(ctx)?, &self.0) {
                    return Ok(None);
                }
                Ok(meta(ctx, &self.0, "enclosure").await?.filter(|v| !v.is_empty()))
            }

            /// The user that most recently edited the node (`_edit_last`).
            #[graphql(name = "lastEditedBy")]
            pub(crate) async fn last_edited_by(
                &self,
                ctx: &Context<'_>,
            ) -> Result<Option<ContentNodeToEditLastConnectionEdge>> {
                Ok(last_editor(ctx, &self.0).await?.map(ContentNodeToEditLastConnectionEdge))
            }

            /// If a user has edited the node within the past 15 seconds, this will return the
            /// user that last edited. Null if the edit lock doesn't exist or is greater than 15
            /// seconds.
            #[graphql(name = "editingLockedBy")]
            pub(crate) async fn editing_locked_by(
                &self,
                ctx: &Context<'_>,
            ) -> Result<Option<ContentNodeToEditLockConnectionEdge>> {
                edit_lock(ctx, &self.0).await
            }

            /// The database id of the preview node (the newest revision, for those who may
            /// edit posts of the type).
            #[graphql(name = "previewRevisionDatabaseId")]
            pub(crate) async fn preview_revision_database_id(
                &self,
                ctx: &Context<'_>,
            ) -> Result<Option<i64>> {
                Ok(preview_revision(ctx, &self.0).await?.map(|id| id as i64))
            }

            /// The global ID of the preview node.
            #[graphql(name = "previewRevisionId")]
            pub(crate) async fn preview_revision_id(&self, ctx: &Context<'_>) -> Result<Option<ID>> {
                Ok(preview_revision(ctx, &self.0)
                    .await?
                    .map(|id| ID(ids::global_id("post", id))))
            }

            /// The permalink of the post.
            pub(crate) async fn link(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                // WPGraphQL `urldecode`s permalinks.
                Ok(Some(url_decode(&post_link(ctx, &self.0).await?)))
            }

            /// The unique resource identifier path.
            pub(crate) async fn uri(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                let link = post_link(ctx, &self.0).await?;
                // WPGraphQL's URIs carry decoded slugs.
                Ok(Some(url_decode(&links::uri(&req(ctx)?.options, &link))))
            }

            /// The title of the post.
            async fn title(&self, ctx: &Context<'_>, format: Option<Format>) -> Result<Option<String>> {
                let r = req(ctx)?;
                Ok(match format.unwrap_or(Format::Rendered) {
                    Format::Raw => can_edit(r, &self.0).then(|| self.0.post_title.clone()),
                    // WPGraphQL decodes the entities `the_title` produced.
                    Format::Rendered => Some(decode_entities(&wp::the_title(&self.0.post_title))),
                })
            }

            /// Whether the object is restricted from the current viewer.
            #[graphql(name = "isRestricted")]
            pub(crate) async fn is_restricted(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
                Ok(Some(restricted(req(ctx)?, &self.0)))
            }

            /// Whether the object is a node in the preview state.
            #[graphql(name = "isPreview")]
            pub(crate) async fn is_preview(&self) -> Option<bool> {
                Some(false)
            }

            /// Whether the node is a Content Node.
            #[graphql(name = "isContentNode")]
            pub(crate) async fn is_content_node(&self) -> bool {
                true
            }

            /// Whether the node is a Term.
            #[graphql(name = "isTermNode")]
            pub(crate) async fn is_term_node(&self) -> bool {
                false
            }

            /// Whether the node is a Comment.
            #[graphql(name = "isComment")]
            pub(crate) async fn is_comment(&self) -> bool {
                false
            }

            /// Whether the node is the front page.
            #[graphql(name = "isFrontPage")]
            pub(crate) async fn is_front_page(&self, ctx: &Context<'_>) -> Result<bool> {
                let o = &req(ctx)?.options;
                Ok(self.0.post_type == "page"
                    && o.get("show_on_front") == Some("page")
                    && o.get_i64("page_on_front", 0) as u64 == self.0.id.0)
            }

            /// Whether the node is the blog page.
            #[graphql(name = "isPostsPage")]
            pub(crate) async fn is_posts_page(&self, ctx: &Context<'_>) -> Result<bool> {
                let o = &req(ctx)?.options;
                // `show_on_front` defaults to `posts`, where no page is the posts page.
                Ok(self.0.post_type == "page"
                    && o.get("show_on_front").unwrap_or("posts") != "posts"
                    && o.get_i64("page_for_posts", 0) as u64 == self.0.id.0)
            }

            /// The number of comments.
            #[graphql(name = "commentCount")]
            async fn comment_count(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
                Ok((!restricted(req(ctx)?, &self.0)).then_some(self.0.comment_count))
            }

            /// Whether the comments are open or closed for this particular post.
            #[graphql(name = "commentStatus")]
            async fn comment_status(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
                Ok((!restricted(req(ctx)?, &self.0)).then_some(self.0.comment_status.as_str()))
            }

            /// Whether the node has a password.
            #[graphql(name = "hasPassword")]
            async fn has_password(&self) -> Option<bool> {
                Some(!self.0.post_password.is_empty())
            }

            /// The password for the node (only for those who may edit it).
            async fn password(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                let r = req(ctx)?;
                Ok((can_edit(r, &self.0) && !self.0.post_password.is_empty())
                    .then(|| self.0.post_password.clone()))
            }

            /// The database identifier of the author of the node.
            #[graphql(name = "authorDatabaseId")]
            async fn author_database_id(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
                Ok((!restricted(req(ctx)?, &self.0) && self.0.post_author.0 > 0)
                    .then_some(self.0.post_author.0 as i64))
            }

            /// The globally unique identifier of the author of the node.
            #[graphql(name = "authorId")]
            async fn author_id(&self, ctx: &Context<'_>) -> Result<Option<ID>> {
                Ok((!restricted(req(ctx)?, &self.0) && self.0.post_author.0 > 0)
                    .then(|| ID(ids::global_id("user", self.0.post_author.0))))
            }

            /// Connection between the NodeWithAuthor type and the User type.
            async fn author(&self, ctx: &Context<'_>) -> Result<Option<NodeWithAuthorToUserConnectionEdge>> {
                let r = req(ctx)?;
                if restricted(r, &self.0) || self.0.post_author.0 == 0 {
                    return Ok(None);
                }
                // The author of a post the viewer can see is public through that post.
                Ok(r.loader
                    .load_one(UserId(self.0.post_author.0))
                    .await?
                    .map(|u| NodeWithAuthorToUserConnectionEdge(User(u))))
            }

            /// The template assigned to the node.
            pub(crate) async fn template(&self, ctx: &Context<'_>) -> Result<Option<ContentTemplate>> {
                Ok(Some(template_of(ctx, &self.0).await?))
            }

            $($extra)*
        }
    };
}

/// A `wp_posts`-backed type with an editor (posts and pages, not attachments): content,
/// revisions and a featured image, plus `$extra`.
macro_rules! editor_object {
    ($ty:ident, $doc:literal, { $($extra:tt)* }) => {
        content_object!($ty, $doc, {
            /// The content of the post.
            async fn content(&self, ctx: &Context<'_>, format: Option<Format>) -> Result<Option<String>> {
                let r = req(ctx)?;
                if restricted(r, &self.0) {
                    return Ok(None);
                }
                Ok(match format.unwrap_or(Format::Rendered) {
                    Format::Raw => can_edit(r, &self.0).then(|| self.0.post_content.clone()),
                    Format::Rendered => Some(crate::render::content(ctx, &self.0).await?),
                })
            }

            /// True if the node is a revision of another node.
            #[graphql(name = "isRevision")]
            async fn is_revision(&self) -> Option<bool> {
                Some(self.0.post_type == "revision")
            }

            /// If the current node is a revision, this field exposes the node this is a
            /// revision of. Returns null if the node is not a revision of another node.
            #[graphql(name = "revisionOf")]
            async fn revision_of(
                &self,
                ctx: &Context<'_>,
            ) -> Result<Option<NodeWithRevisionsToContentNodeConnectionEdge>> {
                if self.0.post_type != "revision" || self.0.post_parent.0 == 0 {
                    return Ok(None);
                }
                Ok(load_post(ctx, self.0.post_parent.0)
                    .await?
                    .and_then(|p| typed_content(ctx, p))
                    .map(NodeWithRevisionsToContentNodeConnectionEdge))
            }

        /// The database identifier for the featured image node assigned to the content node.
        #[graphql(name = "featuredImageDatabaseId")]
        async fn featured_image_database_id(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
            Ok(thumbnail_id(ctx, &self.0).await?.map(|id| id as i64))
        }

        /// Globally unique ID of the featured image assigned to the node.
        #[graphql(name = "featuredImageId")]
        async fn featured_image_id(&self, ctx: &Context<'_>) -> Result<Option<ID>> {
            Ok(thumbnail_id(ctx, &self.0)
                .await?
                .map(|id| ID(ids::global_id("post", id))))
        }

        /// Connection between the NodeWithFeaturedImage type and the MediaItem type.
        #[graphql(name = "featuredImage")]
        async fn featured_image(
            &self,
            ctx: &Context<'_>,
        ) -> Result<Option<NodeWithFeaturedImageToMediaItemConnectionEdge>> {
            let Some(id) = thumbnail_id(ctx, &self.0).await? else {
                return Ok(None);
            };
            Ok(load_post(ctx, id)
                .await?
                .filter(|p| p.post_type == "attachment")
                .map(|p| NodeWithFeaturedImageToMediaItemConnectionEdge(MediaItem(p))))
        }

            $($extra)*
        });
    };
}

/// A hierarchical `wp_posts`-backed type (`HierarchicalContentNode`): `$mac` declares it with
/// the parent, ancestors and children fields plus `$extra`.
macro_rules! hierarchical {
    ($mac:ident!($ty:ident, $doc:literal, { $($extra:tt)* })) => {
        $mac!($ty, $doc, {
            /// The database id of the parent node.
            #[graphql(name = "parentDatabaseId")]
            pub(crate) async fn parent_database_id(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
                Ok((self.0.post_parent.0 > 0 && !restricted(req(ctx)?, &self.0))
                    .then_some(self.0.post_parent.0 as i64))
            }

            /// The globally unique identifier of the parent node.
            #[graphql(name = "parentId")]
            pub(crate) async fn parent_id(&self, ctx: &Context<'_>) -> Result<Option<ID>> {
                Ok((self.0.post_parent.0 > 0 && !restricted(req(ctx)?, &self.0))
                    .then(|| ID(ids::global_id("post", self.0.post_parent.0))))
            }

            /// The parent of the node. The parent object can be of various types.
            pub(crate) async fn parent(
                &self,
                ctx: &Context<'_>,
            ) -> Result<Option<HierarchicalContentNodeToParentContentNodeConnectionEdge>> {
                if self.0.post_parent.0 == 0 || restricted(req(ctx)?, &self.0) {
                    return Ok(None);
                }
                Ok(load_post(ctx, self.0.post_parent.0)
                    .await?
                    .and_then(|p| typed_content(ctx, p))
                    .map(HierarchicalContentNodeToParentContentNodeConnectionEdge))
            }

            /// Returns ancestors of the node. Default ordered as lowest (closest to the child)
            /// to highest (closest to the root).
            pub(crate) async fn ancestors(
                &self,
                ctx: &Context<'_>,
                first: Option<i32>,
                last: Option<i32>,
                after: Option<String>,
                before: Option<String>,
            ) -> Result<Option<HierarchicalContentNodeToContentNodeAncestorsConnection>> {
                let r = req(ctx)?;
                let chain: Vec<Arc<PostRow>> = ancestors_of(ctx, &self.0)
                    .await?
                    .iter()
                    .filter(|p| can_see(r, p))
                    .map(|p| Arc::new(p.clone()))
                    .collect();
                if chain.is_empty() {
                    return Ok(None);
                }
                let page = whole(&Args::new(first, last, after, before), chain, |p| p.id.0)?;
                Ok(Some(HierarchicalContentNodeToContentNodeAncestorsConnection(
                    page.filter_map(|p| typed_content(ctx, p)),
                )))
            }

            /// Connection between the HierarchicalContentNode type and the ContentNode type.
            pub(crate) async fn children(
                &self,
                ctx: &Context<'_>,
                first: Option<i32>,
                last: Option<i32>,
                after: Option<String>,
                before: Option<String>,
                #[graphql(name = "where")]
                filter: Option<query::HierarchicalContentNodeToContentNodeChildrenConnectionWhereArgs>,
            ) -> Result<Option<HierarchicalContentNodeToContentNodeChildrenConnection>> {
                let mut q = dposts::PostQuery::new(&self.0.post_type);
                if let Some(w) = &filter {
                    // `contentTypes` replaces the post type; the node's own ID replaces any
                    // `parent` (WPGraphQL sets `post_parent` after mapping the arguments).
                    let types: Vec<&str> = w
                        .content_types
                        .iter()
                        .flatten()
                        .flatten()
                        .map(|t| t.wp())
                        .collect();
                    if !types.is_empty() {
                        q.post_type = types.join(",");
                    }
                    let mut common = w.common();
                    common.parent = None;
                    query::apply_common(ctx, &mut q, common).await?;
                }
                let page = query::nested_posts_page(
                    ctx,
                    NestedPostsOf::Parent,
                    self.0.id.0,
                    vec![],
                    q,
                    &Args::new(first, last, after, before),
                )
                .await?;
                Ok(Some(HierarchicalContentNodeToContentNodeChildrenConnection(
                    page.filter_map(|p| typed_content(ctx, p)),
                )))
            }

            $($extra)*
        });
    };
}

async fn thumbnail_id(ctx: &Context<'_>, post: &PostRow) -> Result<Option<u64>> {
    let r = req(ctx)?;
    if restricted(r, post) {
        return Ok(None);
    }
    Ok(r.loader
        .load_one(PostMeta(post.id.0, "_thumbnail_id"))
        .await?
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|id| *id > 0))
}

editor_object!(Post, "The post type", {
    /// Whether the pings are open or closed for this particular post.
    #[graphql(name = "pingStatus")]
    async fn ping_status(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok((!restricted(req(ctx)?, &self.0)).then_some(self.0.ping_status.as_str()))
    }

    /// The excerpt of the post.
    async fn excerpt(&self, ctx: &Context<'_>, format: Option<Format>) -> Result<Option<String>> {
        let r = req(ctx)?;
        if restricted(r, &self.0) {
            return Ok(None);
        }
        Ok(match format.unwrap_or(Format::Rendered) {
            Format::Raw => can_edit(r, &self.0).then(|| self.0.post_excerpt.clone()),
            Format::Rendered => Some(crate::render::excerpt(ctx, &self.0).await?),
        })
    }

    /// Whether this page is sticky.
    #[graphql(name = "isSticky")]
    async fn is_sticky(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(req(ctx)?.options.sticky_posts().contains(&self.0.id.0))
    }

    /// The id field matches the WP_Post->ID field.
    #[graphql(
        name = "postId",
        deprecation = "Deprecated in favor of the databaseId field"
    )]
    async fn post_id(&self) -> i64 {
        self.0.id.0 as i64
    }

    /// Connection between the Post type and the category type.
    async fn categories(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<PostToCategoryConnection>> {
        let rows = load_terms(ctx, &self.0, "category").await?;
        let page = whole(&Args::new(first, last, after, before), rows, |t| {
            t.term_id.0
        })?;
        Ok(Some(PostToCategoryConnection(
            page.map(|t| Category(Arc::new(t))),
        )))
    }

    /// Connection between the Post type and the tag type.
    async fn tags(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<PostToTagConnection>> {
        let rows = load_terms(ctx, &self.0, "post_tag").await?;
        let page = whole(&Args::new(first, last, after, before), rows, |t| {
            t.term_id.0
        })?;
        Ok(Some(PostToTagConnection(page.map(|t| Tag(Arc::new(t))))))
    }

    /// Connection between the Post type and the Comment type.
    async fn comments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<crate::comment::PostToCommentConnectionWhereArgs>,
    ) -> Result<Option<crate::comment::PostToCommentConnection>> {
        let f = filter.as_ref().map(|w| {
            let mut f = headpress_domain::graph::CommentFilter::default();
            w.apply(&mut f);
            f
        });
        let args = Args::new(first, last, after, before);
        let page = crate::comment::comments_of(ctx, f, self.0.id.0, false, &args).await?;
        Ok(Some(crate::comment::PostToCommentConnection(
            page.map(crate::comment::Comment),
        )))
    }

    /// Connection between the Post type and its revisions (for those who may edit it).
    async fn revisions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<PostToRevisionConnection>> {
        let page = revisions_page(ctx, &self.0, Args::new(first, last, after, before)).await?;
        Ok(page.map(|page| PostToRevisionConnection(page.map(Post))))
    }

    /// Connection between the Post type and its preview (the newest revision).
    async fn preview(&self, ctx: &Context<'_>) -> Result<Option<PostToPreviewConnectionEdge>> {
        Ok(preview_row(ctx, &self.0)
            .await?
            .map(|p| PostToPreviewConnectionEdge(Post(p))))
    }

    /// The parent of the content node. WPGraphQL keeps this deprecated field for posts, which
    /// are not hierarchical, and resolves it to null.
    #[graphql(
        deprecation = "This content type is not hierarchical and typically will not have a parent"
    )]
    async fn parent(&self) -> Option<PostToParentConnectionEdge> {
        None
    }

    /// The ancestors of the content node (deprecated; always null, as in WPGraphQL).
    #[graphql(
        deprecation = "This content type is not hierarchical and typically will not have ancestors"
    )]
    async fn ancestors(
        &self,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Option<PostToPostConnection> {
        let _ = (first, last, after, before);
        None
    }

    /// Connection between the Post type and the TermNode type: its terms of every taxonomy,
    /// by name (`wp_get_object_terms` over the post type's taxonomies).
    async fn terms(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<PostToTermNodeConnection>> {
        let (categories, tags, formats) = futures::try_join!(
            load_terms(ctx, &self.0, "category"),
            load_terms(ctx, &self.0, "post_tag"),
            load_terms(ctx, &self.0, "post_format"),
        )?;
        let mut all: Vec<Term> = categories.into_iter().chain(tags).chain(formats).collect();
        all.sort_by(|a, b| {
            headpress_domain::terms::collation_key(&a.name)
                .cmp(&headpress_domain::terms::collation_key(&b.name))
                .then(a.term_id.0.cmp(&b.term_id.0))
        });
        let page = whole(&Args::new(first, last, after, before), all, |t| t.term_id.0)?;
        Ok(Some(PostToTermNodeConnection(
            page.map(|t| crate::content::TermNode::of(Arc::new(t))),
        )))
    }

    /// Connection between the Post type and the postFormat type.
    #[graphql(name = "postFormats")]
    async fn post_formats(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<PostToPostFormatConnection>> {
        let rows = load_terms(ctx, &self.0, "post_format").await?;
        let page = whole(&Args::new(first, last, after, before), rows, |t| {
            t.term_id.0
        })?;
        Ok(Some(PostToPostFormatConnection(
            page.map(|t| PostFormat(Arc::new(t))),
        )))
    }
});

hierarchical!(editor_object!(Page, "The page type", {
    /// A field used for ordering posts.
    #[graphql(name = "menuOrder")]
    async fn menu_order(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        // WPGraphQL: `! empty( menu_order ) ? absint( menu_order ) : null`; not in the
        // restricted whitelist.
        Ok((self.0.menu_order != 0 && !restricted(req(ctx)?, &self.0))
            .then_some(self.0.menu_order.abs()))
    }

    /// Connection between the Page type and its revisions (for those who may edit it).
    async fn revisions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<PageToRevisionConnection>> {
        let page = revisions_page(ctx, &self.0, Args::new(first, last, after, before)).await?;
        Ok(page.map(|page| PageToRevisionConnection(page.map(Page))))
    }

    /// Connection between the Page type and its preview (the newest revision).
    async fn preview(&self, ctx: &Context<'_>) -> Result<Option<PageToPreviewConnectionEdge>> {
        Ok(preview_row(ctx, &self.0)
            .await?
            .map(|p| PageToPreviewConnectionEdge(Page(p))))
    }

    /// Connection between the Page type and the Comment type.
    async fn comments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<crate::comment::PageToCommentConnectionWhereArgs>,
    ) -> Result<Option<crate::comment::PageToCommentConnection>> {
        let f = filter.as_ref().map(|w| {
            let mut f = headpress_domain::graph::CommentFilter::default();
            w.apply(&mut f);
            f
        });
        let args = Args::new(first, last, after, before);
        let page = crate::comment::comments_of(ctx, f, self.0.id.0, false, &args).await?;
        Ok(Some(crate::comment::PageToCommentConnection(
            page.map(crate::comment::Comment),
        )))
    }

    /// The id field matches the WP_Post->ID field.
    #[graphql(
        name = "pageId",
        deprecation = "Deprecated in favor of the databaseId field"
    )]
    async fn page_id(&self) -> i64 {
        self.0.id.0 as i64
    }

    /// Whether this page is set to the privacy page.
    #[graphql(name = "isPrivacyPage")]
    async fn is_privacy_page(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(req(ctx)?.options.get_i64("wp_page_for_privacy_policy", 0) as u64 == self.0.id.0)
    }
}));

// The fields of every configured post type's object (`Book`, …): `custom` serves each such
// type under its own name, with the fields its `supports` and `hierarchical` give it, through
// this template. Hidden from introspection; absent when no post type is configured.
hierarchical!(editor_object!(
    HeadpressCustomContent,
    "Template of the configured post types' objects",
    {
        /// Whether the pings are open or closed for this particular post.
        #[graphql(name = "pingStatus")]
        async fn ping_status(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
            Ok((!restricted(req(ctx)?, &self.0)).then_some(self.0.ping_status.as_str()))
        }

        /// The excerpt of the post.
        async fn excerpt(
            &self,
            ctx: &Context<'_>,
            format: Option<Format>,
        ) -> Result<Option<String>> {
            let r = req(ctx)?;
            if restricted(r, &self.0) {
                return Ok(None);
            }
            Ok(match format.unwrap_or(Format::Rendered) {
                Format::Raw => can_edit(r, &self.0).then(|| self.0.post_excerpt.clone()),
                Format::Rendered => Some(crate::render::excerpt(ctx, &self.0).await?),
            })
        }

        /// A field used for ordering posts.
        #[graphql(name = "menuOrder")]
        async fn menu_order(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
            Ok((self.0.menu_order != 0 && !restricted(req(ctx)?, &self.0))
                .then_some(self.0.menu_order.abs()))
        }
    }
));

hierarchical!(content_object!(MediaItem, "The mediaItem type", {
    /// The id field matches the WP_Post->ID field.
    #[graphql(
        name = "mediaItemId",
        deprecation = "Deprecated in favor of the databaseId field"
    )]
    async fn media_item_id(&self) -> i64 {
        self.0.id.0 as i64
    }

    /// Connection between the MediaItem type and the Comment type.
    async fn comments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<
            crate::comment::MediaItemToCommentConnectionWhereArgs,
        >,
    ) -> Result<Option<crate::comment::MediaItemToCommentConnection>> {
        let f = filter.as_ref().map(|w| {
            let mut f = headpress_domain::graph::CommentFilter::default();
            w.apply(&mut f);
            f
        });
        let args = Args::new(first, last, after, before);
        let page = crate::comment::comments_of(ctx, f, self.0.id.0, false, &args).await?;
        Ok(Some(crate::comment::MediaItemToCommentConnection(
            page.map(crate::comment::Comment),
        )))
    }

    /// Url of the mediaItem (`wp_get_attachment_image_src`: null for files that are not
    /// images).
    #[graphql(name = "sourceUrl")]
    async fn source_url(
        &self,
        ctx: &Context<'_>,
        size: Option<MediaItemSizeEnum>,
    ) -> Result<Option<String>> {
        let file = attachment(ctx, &self.0).await?;
        if !file.is_image() {
            return Ok(None);
        }
        Ok(Some(match size {
            None => file.url.clone(),
            Some(size) => size_url(&file, size.wp_name()).unwrap_or_else(|| file.url.clone()),
        }))
    }

    /// Type of resource: `image` or `file`.
    #[graphql(name = "mediaType")]
    async fn media_type(&self) -> Option<&str> {
        Some(if self.0.post_mime_type.starts_with("image/") {
            "image"
        } else {
            "file"
        })
    }

    /// The caption for the resource (the attachment's excerpt).
    async fn caption(&self, ctx: &Context<'_>, format: Option<Format>) -> Result<Option<String>> {
        let r = req(ctx)?;
        // `the_excerpt` of `get_the_excerpt`: generated from the description when the
        // caption is empty; null when both are.
        let text = match format.unwrap_or(Format::Rendered) {
            Format::Raw => can_edit(r, &self.0).then(|| self.0.post_excerpt.clone()),
            Format::Rendered => Some(wp::the_excerpt(
                &self.0.post_excerpt,
                &self.0.post_content,
                &headpress_domain::render::context(&r.options, self.0.id.0),
            )),
        };
        Ok(text.filter(|t| !t.trim().is_empty()))
    }

    /// Description of the image (the attachment's content).
    async fn description(
        &self,
        ctx: &Context<'_>,
        format: Option<Format>,
    ) -> Result<Option<String>> {
        let r = req(ctx)?;
        if self.0.post_content.is_empty() {
            return Ok(None);
        }
        Ok(match format.unwrap_or(Format::Rendered) {
            Format::Raw => can_edit(r, &self.0).then(|| self.0.post_content.clone()),
            Format::Rendered => Some(wp::the_content(
                &self.0.post_content,
                &headpress_domain::render::context(&r.options, self.0.id.0),
            )),
        })
    }

    /// The filesize in bytes of the resource (of one size, if given).
    #[graphql(name = "fileSize")]
    async fn file_size(
        &self,
        ctx: &Context<'_>,
        size: Option<MediaItemSizeEnum>,
    ) -> Result<Option<i64>> {
        let file = attachment(ctx, &self.0).await?;
        let meta = file.metadata.as_ref();
        let value = match size {
            None => meta.and_then(|m| m.get("filesize")),
            Some(size) => meta
                .and_then(|m| m.get("sizes"))
                .and_then(|s| s.get(size.wp_name()))
                .and_then(|s| s.get("filesize")),
        };
        Ok(value.and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        }))
    }

    /// Details of the media item: dimensions, file and sizes.
    #[graphql(name = "mediaDetails")]
    async fn media_details(&self, ctx: &Context<'_>) -> Result<Option<crate::media::MediaDetails>> {
        Ok(Some(crate::media::MediaDetails(Arc::new(
            attachment(ctx, &self.0).await?,
        ))))
    }

    /// The srcset attribute of the image (`wp_get_attachment_image_srcset`).
    #[graphql(name = "srcSet")]
    async fn src_set(
        &self,
        ctx: &Context<'_>,
        size: Option<MediaItemSizeEnum>,
    ) -> Result<Option<String>> {
        let file = attachment(ctx, &self.0).await?;
        let r = req(ctx)?;
        Ok(crate::media::image_attribute(
            &r.options,
            &file,
            size.map_or("medium", MediaItemSizeEnum::wp_name),
            "srcset",
        ))
    }

    /// The sizes attribute of the image (`wp_get_attachment_image_sizes`).
    async fn sizes(
        &self,
        ctx: &Context<'_>,
        size: Option<MediaItemSizeEnum>,
    ) -> Result<Option<String>> {
        let file = attachment(ctx, &self.0).await?;
        let r = req(ctx)?;
        Ok(crate::media::image_attribute(
            &r.options,
            &file,
            size.map_or("medium", MediaItemSizeEnum::wp_name),
            "sizes",
        ))
    }

    /// The filename of the mediaItem (of one size, if given and the image has it).
    async fn file(
        &self,
        ctx: &Context<'_>,
        size: Option<MediaItemSizeEnum>,
    ) -> Result<Option<String>> {
        let file = attachment(ctx, &self.0).await?;
        if let Some(name) = size.and_then(|size| size_file(&file, size.wp_name())) {
            return Ok(Some(name));
        }
        let attached = file.attached_file();
        Ok((!attached.is_empty()).then(|| crate::media::basename(attached).to_owned()))
    }

    /// The path to the original file relative to the site's root (of one size, if given).
    #[graphql(name = "filePath")]
    async fn file_path(
        &self,
        ctx: &Context<'_>,
        size: Option<MediaItemSizeEnum>,
    ) -> Result<Option<String>> {
        use crate::media::{dirname, link_relative, path_join};
        let file = attachment(ctx, &self.0).await?;
        let base = link_relative(file.uploads_url());
        if let Some(name) = size.and_then(|size| size_file(&file, size.wp_name())) {
            let original = file
                .metadata
                .as_ref()
                .and_then(|m| m.get("file"))
                .and_then(|f| f.as_str())
                .unwrap_or("");
            return Ok(Some(path_join(
                base,
                &format!("{}/{name}", dirname(original)),
            )));
        }
        let attached = file.attached_file();
        Ok((!attached.is_empty()).then(|| path_join(base, attached)))
    }

    /// Url of the mediaItem.
    #[graphql(name = "mediaItemUrl")]
    async fn media_item_url(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(Some(attachment(ctx, &self.0).await?.url.clone()))
    }

    /// Alternative text to display when resource is not displayed.
    #[graphql(name = "altText")]
    async fn alt_text(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let r = req(ctx)?;
        Ok(Some(
            r.loader
                .load_one(PostMeta(self.0.id.0, "_wp_attachment_image_alt"))
                .await?
                .flatten()
                .unwrap_or_default(),
        ))
    }

    /// The mime type of the mediaItem.
    #[graphql(name = "mimeType")]
    async fn mime_type(&self) -> Option<&str> {
        Some(&self.0.post_mime_type)
    }
}));

/// The registered image sizes (`MediaItemSizeEnum`).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum MediaItemSizeEnum {
    #[graphql(name = "LARGE")]
    Large,
    #[graphql(name = "MEDIUM")]
    Medium,
    #[graphql(name = "MEDIUM_LARGE")]
    MediumLarge,
    #[graphql(name = "THUMBNAIL")]
    Thumbnail,
    #[graphql(name = "_1536X1536")]
    S1536,
    #[graphql(name = "_2048X2048")]
    S2048,
}

impl MediaItemSizeEnum {
    pub(crate) fn wp_name(self) -> &'static str {
        match self {
            MediaItemSizeEnum::Large => "large",
            MediaItemSizeEnum::Medium => "medium",
            MediaItemSizeEnum::MediumLarge => "medium_large",
            MediaItemSizeEnum::Thumbnail => "thumbnail",
            MediaItemSizeEnum::S1536 => "1536x1536",
            MediaItemSizeEnum::S2048 => "2048x2048",
        }
    }
}

pub(crate) async fn attachment(
    ctx: &Context<'_>,
    post: &PostRow,
) -> Result<headpress_domain::media::Attachment> {
    let r = req(ctx)?;
    let (file, meta) = futures::try_join!(
        r.loader.load_one(PostMeta(post.id.0, "_wp_attached_file")),
        r.loader
            .load_one(PostMeta(post.id.0, "_wp_attachment_metadata")),
    )?;
    let uploads = headpress_domain::media::UploadsBase::from_options(&r.options);
    Ok(headpress_domain::media::Attachment::from_meta(
        &uploads,
        &post.guid,
        &post.post_mime_type,
        file.flatten().as_deref(),
        meta.flatten().as_deref(),
    ))
}

/// The file name of one intermediate size in the attachment's metadata (non-empty).
fn size_file(file: &headpress_domain::media::Attachment, size: &str) -> Option<String> {
    file.metadata
        .as_ref()?
        .get("sizes")?
        .get(size)?
        .get("file")?
        .as_str()
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
}

/// `image_downsize`: the URL of one intermediate size, next to the full file.
fn size_url(file: &headpress_domain::media::Attachment, size: &str) -> Option<String> {
    let name = file
        .metadata
        .as_ref()?
        .get("sizes")?
        .get(size)?
        .get("file")?
        .as_str()?;
    let dir = file.url.rsplit_once('/').map_or("", |(dir, _)| dir);
    Some(format!("{dir}/{name}"))
}

/// The template assigned to a node without one of the theme's templates.
pub struct DefaultTemplate;

#[Object(name = "DefaultTemplate")]
impl DefaultTemplate {
    /// The name of the template.
    #[graphql(name = "templateName")]
    async fn template_name(&self) -> Option<&str> {
        Some("Default")
    }
}

/// Twenty Twenty-Three's "Blank" template (WPGraphQL registers one type per theme template).
pub struct TemplateBlank(String);

#[Object(name = "Template_Blank")]
impl TemplateBlank {
    /// The name of the template.
    #[graphql(name = "templateName")]
    async fn template_name(&self) -> Option<&str> {
        Some(&self.0)
    }
}

/// Twenty Twenty-Three's "Blog (Alternative)" template.
pub struct TemplateBlogAlternative(String);

#[Object(name = "Template_BlogAlternative")]
impl TemplateBlogAlternative {
    /// The name of the template.
    #[graphql(name = "templateName")]
    async fn template_name(&self) -> Option<&str> {
        Some(&self.0)
    }
}

/// `ContentTemplate`: a layout pattern that can help inform how content might be structured
/// and displayed.
#[derive(async_graphql::Interface)]
#[graphql(field(
    name = "template_name",
    ty = "Option<&str>",
    desc = "The name of the template"
))]
pub enum ContentTemplate {
    DefaultTemplate(DefaultTemplate),
    TemplateBlank(TemplateBlank),
    TemplateBlogAlternative(TemplateBlogAlternative),
}

/// Which users the viewer may see: those with published posts, or all with `list_users`.
pub async fn user_visible(ctx: &Context<'_>, user: &UserRow) -> Result<bool> {
    let r = req(ctx)?;
    if r.viewer.id() == user.id.0 || r.viewer.can("list_users") {
        return Ok(true);
    }
    Ok(r.loader
        .load_one(Published(user.id.0))
        .await?
        .unwrap_or(false))
}

/// A User object.
#[derive(Clone)]
pub struct User(pub Arc<UserRow>);

impl User {
    fn is_self_or_lister(&self, r: &Req) -> bool {
        r.viewer.id() == self.0.id.0 || r.viewer.can("list_users")
    }

    async fn meta(&self, ctx: &Context<'_>, key: &'static str) -> Result<Option<String>> {
        req(ctx)?
            .loader
            .load_one(UserMeta(self.0.id.0, key.into()))
            .await
    }

    /// `{prefix}capabilities`: the user's roles and own grants.
    async fn caps_meta(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let key = format!("{}capabilities", req(ctx)?.site.tables().prefix);
        req(ctx)?
            .loader
            .load_one(UserMeta(self.0.id.0, key.into()))
            .await
    }

    /// `get_user_option`: the site-prefixed meta key wins over the plain one (both are
    /// loaded in the same batch). `None` when neither row exists.
    async fn user_option(&self, ctx: &Context<'_>, key: &'static str) -> Result<Option<String>> {
        let r = req(ctx)?;
        let prefixed = format!("{}{key}", r.site.tables().prefix);
        let (site, plain) = futures::try_join!(
            r.loader.load_one(UserMeta(self.0.id.0, prefixed.into())),
            r.loader.load_one(UserMeta(self.0.id.0, key.into())),
        )?;
        Ok(site.or(plain))
    }

    /// WPGraphQL's `has*Enabled` fields: the option's `'true'`, else `default` when unset.
    async fn preference(
        &self,
        ctx: &Context<'_>,
        key: &'static str,
        default: bool,
    ) -> Result<Option<bool>> {
        if !self.is_self_or_lister(req(ctx)?) {
            return Ok(None);
        }
        Ok(Some(match self.user_option(ctx, key).await? {
            None => default,
            Some(v) if v.is_empty() => default,
            Some(v) => v == "true",
        }))
    }

    /// `Commenter.avatar` (no arguments there): the default size and the site's rating.
    pub(crate) async fn commenter_avatar(&self, ctx: &Context<'_>) -> Result<Option<Avatar>> {
        Ok(Some(Avatar::for_email(
            &req(ctx)?.options,
            &self.0.user_email,
            None,
            None,
            None,
        )))
    }

    /// `Commenter.email`: the user's address, for the user and those who may list users.
    pub(crate) async fn commenter_email(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self
            .is_self_or_lister(req(ctx)?)
            .then(|| self.0.user_email.clone()))
    }

    /// `WP_User::$roles`: the granted entries of `{prefix}capabilities` that name a role.
    pub(crate) async fn role_names(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        let r = req(ctx)?;
        let roles = r.options.user_roles(&r.site.tables().prefix);
        let meta = self.caps_meta(ctx).await?;
        Ok(granted(meta.as_deref())
            .into_iter()
            .filter(|name| roles.get(name).is_some())
            .collect())
    }

    /// `WP_User::$allcaps`, or `None` when the viewer may not see it (restricted fields).
    async fn all_caps(&self, ctx: &Context<'_>) -> Result<Option<Vec<(String, bool)>>> {
        let r = req(ctx)?;
        if !self.is_self_or_lister(r) {
            return Ok(None);
        }
        let prefix = r.site.tables().prefix.clone();
        let meta = self.caps_meta(ctx).await?;
        Ok(Some(all_caps(
            &r.options.user_roles(&prefix),
            meta.as_deref(),
        )))
    }
}

#[Object]
impl User {
    /// The globally unique identifier for the user object.
    pub(crate) async fn id(&self) -> ID {
        ID(ids::global_id("user", self.0.id.0))
    }

    /// Identifies the primary key from the database.
    #[graphql(name = "databaseId")]
    pub(crate) async fn database_id(&self) -> i64 {
        self.0.id.0 as i64
    }

    /// Display name of the user.
    pub(crate) async fn name(&self) -> Option<String> {
        Some(self.0.display_name.clone())
    }

    /// The slug for the user.
    async fn slug(&self) -> Option<&str> {
        Some(&self.0.user_nicename)
    }

    /// The nicename for the user.
    async fn nicename(&self) -> Option<&str> {
        Some(&self.0.user_nicename)
    }

    /// Username for the user (only for the user and those who may list users).
    async fn username(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self
            .is_self_or_lister(req(ctx)?)
            .then_some(self.0.user_login.as_str()))
    }

    /// Email address of the user (only for the user and those who may list users).
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self
            .is_self_or_lister(req(ctx)?)
            .then_some(self.0.user_email.as_str()))
    }

    /// First name of the user.
    #[graphql(name = "firstName")]
    async fn first_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.meta(ctx, "first_name").await
    }

    /// Last name of the user.
    #[graphql(name = "lastName")]
    async fn last_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.meta(ctx, "last_name").await
    }

    /// Nickname of the user.
    async fn nickname(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.meta(ctx, "nickname").await
    }

    /// Description of the user.
    async fn description(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.meta(ctx, "description").await
    }

    /// A website url that is associated with the user (null when empty).
    pub(crate) async fn url(&self) -> Option<String> {
        (!self.0.user_url.is_empty()).then(|| self.0.user_url.clone())
    }

    /// Date the user registered (only for the user and those who may list users).
    #[graphql(name = "registeredDate")]
    async fn registered_date(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(if self.is_self_or_lister(req(ctx)?) {
            self.0
                .user_registered
                .0
                // `date( 'c', strtotime( user_registered ) )` on a UTC server.
                .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
        } else {
            None
        })
    }

    /// The unique resource identifier path.
    pub(crate) async fn uri(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let o = &req(ctx)?.options;
        Ok(Some(links::uri(o, &links::author_link(o, &self.0))))
    }

    /// Avatar object for user.
    async fn avatar(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 96)] size: Option<i32>,
        #[graphql(name = "forceDefault")] force_default: Option<bool>,
        rating: Option<AvatarRatingEnum>,
    ) -> Result<Option<Avatar>> {
        Ok(Some(Avatar::for_email(
            &req(ctx)?.options,
            &self.0.user_email,
            size,
            force_default,
            rating,
        )))
    }

    /// A list of capabilities (permissions) granted to the user (`allcaps` set to `true`).
    async fn capabilities(&self, ctx: &Context<'_>) -> Result<Option<Vec<Option<String>>>> {
        Ok(self.all_caps(ctx).await?.and_then(|caps| {
            let on: Vec<Option<String>> = caps
                .into_iter()
                .filter(|(_, on)| *on)
                .map(|(cap, _)| Some(cap))
                .collect();
            (!on.is_empty()).then_some(on)
        }))
    }

    /// A list of every capability the user's `allcaps` holds, granted or not.
    #[graphql(name = "extraCapabilities")]
    async fn extra_capabilities(&self, ctx: &Context<'_>) -> Result<Option<Vec<Option<String>>>> {
        Ok(self.all_caps(ctx).await?.and_then(|caps| {
            (!caps.is_empty()).then(|| caps.into_iter().map(|(cap, _)| Some(cap)).collect())
        }))
    }

    /// User metadata option name (`{prefix}capabilities`).
    #[graphql(name = "capKey")]
    async fn cap_key(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let r = req(ctx)?;
        Ok(self
            .is_self_or_lister(r)
            .then(|| format!("{}capabilities", r.site.tables().prefix)))
    }

    /// The preferred language locale set for the user (`get_user_locale`).
    async fn locale(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let r = req(ctx)?;
        if !self.is_self_or_lister(r) {
            return Ok(None);
        }
        let own = self.meta(ctx, "locale").await?.filter(|l| !l.is_empty());
        Ok(Some(own.unwrap_or_else(|| {
            // `get_locale`: the site's WPLANG, else en_US.
            let site = r.options.get_or("WPLANG", "");
            if site.is_empty() { "en_US" } else { site }.to_owned()
        })))
    }

    /// Whether the Toolbar should be displayed when the user is viewing the site.
    #[graphql(name = "shouldShowAdminToolbar")]
    async fn should_show_admin_toolbar(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        if !self.is_self_or_lister(req(ctx)?) {
            return Ok(None);
        }
        Ok(Some(
            self.meta(ctx, "show_admin_bar_front").await?.as_deref() == Some("true"),
        ))
    }

    /// The admin color scheme the user chose (`fresh` when unset).
    #[graphql(name = "adminColor")]
    async fn admin_color(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        if !self.is_self_or_lister(req(ctx)?) {
            return Ok(None);
        }
        Ok(Some(
            self.user_option(ctx, "admin_color")
                .await?
                .filter(|c| !c.is_empty() && c != "0")
                .unwrap_or_else(|| "fresh".to_owned()),
        ))
    }

    /// Whether the user has the visual editor enabled (default true).
    #[graphql(name = "hasRichEditingEnabled")]
    async fn has_rich_editing_enabled(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        self.preference(ctx, "rich_editing", true).await
    }

    /// Whether the user has syntax highlighting enabled in the code editor (default true).
    #[graphql(name = "hasSyntaxHighlightingEnabled")]
    async fn has_syntax_highlighting_enabled(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        self.preference(ctx, "syntax_highlighting", true).await
    }

    /// Whether the user has keyboard shortcuts for comment moderation enabled (default false).
    #[graphql(name = "hasCommentShortcutsEnabled")]
    async fn has_comment_shortcuts_enabled(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        self.preference(ctx, "comment_shortcuts", false).await
    }

    /// The Id of the user. Equivalent to WP_User->ID.
    #[graphql(
        name = "userId",
        deprecation = "Deprecated in favor of the databaseId field"
    )]
    async fn user_id(&self) -> Option<i64> {
        Some(self.0.id.0 as i64)
    }

    /// Connection between the User type and the UserRole type.
    async fn roles(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<UserToUserRoleConnection>> {
        let r = req(ctx)?;
        if !self.is_self_or_lister(r) {
            return Ok(None);
        }
        let prefix = r.site.tables().prefix.clone();
        let meta = self.caps_meta(ctx).await?;
        let roles = r.options.user_roles(&prefix);
        let names: Vec<(String, UserRole)> = granted(meta.as_deref())
            .into_iter()
            .filter_map(|name| UserRole::from_roles(&roles, &name).map(|role| (name, role)))
            .collect();
        if names.is_empty() {
            return Ok(None);
        }
        let page = crate::content::listed_by_name(&Args::new(first, last, after, before), names)?;
        Ok(Some(UserToUserRoleConnection(page)))
    }

    /// Whether the node is a Content Node.
    #[graphql(name = "isContentNode")]
    pub(crate) async fn is_content_node(&self) -> bool {
        false
    }

    /// Whether the node is a Term.
    #[graphql(name = "isTermNode")]
    pub(crate) async fn is_term_node(&self) -> bool {
        false
    }

    /// Whether the node is a Comment.
    #[graphql(name = "isComment")]
    pub(crate) async fn is_comment(&self) -> bool {
        false
    }

    /// Whether the node is the front page.
    #[graphql(name = "isFrontPage")]
    pub(crate) async fn is_front_page(&self) -> bool {
        false
    }

    /// Whether the node is the blog page.
    #[graphql(name = "isPostsPage")]
    pub(crate) async fn is_posts_page(&self) -> bool {
        false
    }

    /// Whether the object is restricted from the current viewer: WPGraphQL's `User` model is
    /// restricted for anyone but the user and those who may `list_users`.
    #[graphql(name = "isRestricted")]
    pub(crate) async fn is_restricted(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        Ok(Some(!self.is_self_or_lister(req(ctx)?)))
    }

    /// Connection between the User type and the post type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn posts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<query::UserToPostConnectionWhereArgs>,
    ) -> Result<Option<UserToPostConnection>> {
        // The user is the author: WPGraphQL sets `author` after mapping the arguments.
        let q = nested_post_query!(ctx, filter, |common| {
            common.author = None;
        });
        let page = query::nested_posts_page(
            ctx,
            NestedPostsOf::Author,
            self.0.id.0,
            vec![],
            q,
            &Args::new(first, last, after, before),
        )
        .await?;
        Ok(Some(UserToPostConnection(page.map(Post))))
    }
}

/// The role and capability names a `{prefix}capabilities` value grants, in stored order.
fn granted(meta: Option<&str>) -> Vec<String> {
    meta.and_then(headpress_php::serialize::maybe_unserialize)
        .map(|v| v.to_json())
        .and_then(|v| v.as_object().cloned())
        .map(|map| {
            map.into_iter()
                .filter(|(_, on)| on.as_bool().unwrap_or(true))
                .map(|(name, _)| name)
                .collect()
        })
        .unwrap_or_default()
}

/// `WP_User::$allcaps` in PHP's `array_merge` order: each role's capabilities (the roles are
/// the keys of `{prefix}capabilities` that name a role), then the user's own entries; a key
/// keeps its first position and takes its last value. `true` marks a value `=== true`.
fn all_caps(roles: &serde_json::Value, meta: Option<&str>) -> Vec<(String, bool)> {
    let own: Vec<(String, serde_json::Value)> = meta
        .and_then(headpress_php::serialize::maybe_unserialize)
        .map(|v| v.to_json())
        .and_then(|v| v.as_object().cloned())
        .map(|map| map.into_iter().collect())
        .unwrap_or_default();
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut put = |key: &str, value: &serde_json::Value| {
        let on = *value == serde_json::Value::Bool(true);
        match out.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = on,
            None => out.push((key.to_owned(), on)),
        }
    };
    for (name, _) in &own {
        if let Some(caps) = roles
            .get(name)
            .and_then(|r| r.get("capabilities"))
            .and_then(|c| c.as_object())
        {
            for (cap, value) in caps {
                put(cap, value);
            }
        }
    }
    for (name, value) in &own {
        put(name, value);
    }
    out
}

/// `esc_html`: `<`, `>`, quotes and a bare `&` (not an entity) as HTML entities.
fn esc_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            '&' => {
                let rest = &text[i + 1..];
                let entity = rest.find(';').is_some_and(|end| {
                    let name = &rest[..end];
                    !name.is_empty()
                        && end <= 10
                        && (name.chars().all(|c| c.is_ascii_alphanumeric())
                            || name.strip_prefix('#').is_some_and(|n| {
                                !n.is_empty()
                                    && (n.chars().all(|c| c.is_ascii_digit())
                                        || n.strip_prefix(['x', 'X']).is_some_and(|h| {
                                            !h.is_empty()
                                                && h.chars().all(|c| c.is_ascii_hexdigit())
                                        }))
                            }))
                });
                out.push_str(if entity { "&" } else { "&amp;" });
            }
            c => out.push(c),
        }
    }
    out
}

/// A user role.
#[derive(Clone)]
pub struct UserRole {
    name: String,
    display_name: String,
    capabilities: Vec<String>,
}

impl UserRole {
    /// The role `name` as `wp_roles()` registers it in `{prefix}user_roles`.
    pub fn from_roles(roles: &serde_json::Value, name: &str) -> Option<UserRole> {
        let role = roles.get(name)?;
        Some(UserRole {
            name: name.to_owned(),
            display_name: role
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or_default()
                .to_owned(),
            capabilities: role
                .get("capabilities")
                .and_then(|c| c.as_object())
                .map(|c| c.keys().cloned().collect())
                .unwrap_or_default(),
        })
    }

    /// Every registered role in `wp_roles()` order that the viewer may see: all of them for
    /// `list_users`, otherwise the viewer's own (WPGraphQL's `UserRole` privacy).
    pub fn visible(r: &Req, own: &[String]) -> Vec<(String, UserRole)> {
        let prefix = r.site.tables().prefix.clone();
        let roles = r.options.user_roles(&prefix);
        let lister = r.viewer.can("list_users");
        roles
            .as_object()
            .map(|map| {
                map.keys()
                    .filter(|name| lister || own.contains(name))
                    .filter_map(|name| {
                        UserRole::from_roles(&roles, name).map(|role| (name.clone(), role))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[Object]
impl UserRole {
    /// The globally unique identifier for the user role object.
    pub(crate) async fn id(&self) -> ID {
        ID(base64_key("user_role", &self.name))
    }

    /// The registered name of the role.
    async fn name(&self) -> Option<String> {
        Some(esc_html(&self.name))
    }

    /// The UI friendly name of the role.
    #[graphql(name = "displayName")]
    async fn display_name(&self) -> Option<String> {
        (!self.display_name.is_empty()).then(|| esc_html(&self.display_name))
    }

    /// The capabilities that belong to this role (granted or not).
    async fn capabilities(&self) -> Option<Vec<Option<String>>> {
        (!self.capabilities.is_empty())
            .then(|| self.capabilities.iter().cloned().map(Some).collect())
    }

    /// Whether the object is restricted from the current viewer.
    #[graphql(name = "isRestricted")]
    async fn is_restricted(&self) -> Option<bool> {
        Some(false)
    }
}

pub fn base64_key(kind: &str, key: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{kind}:{key}"))
}

/// `AvatarRatingEnum`: Gravatar's rating levels.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum AvatarRatingEnum {
    #[graphql(name = "G")]
    G,
    #[graphql(name = "PG")]
    Pg,
    #[graphql(name = "R")]
    R,
    #[graphql(name = "X")]
    X,
}

impl AvatarRatingEnum {
    fn wp(self) -> &'static str {
        match self {
            AvatarRatingEnum::G => "g",
            AvatarRatingEnum::Pg => "pg",
            AvatarRatingEnum::R => "r",
            AvatarRatingEnum::X => "x",
        }
    }
}

/// Avatars are profile images for users: `get_avatar_data`'s result.
pub struct Avatar {
    url: String,
    size: i32,
    default: String,
    force_default: bool,
    found_avatar: bool,
    rating: String,
}

impl Avatar {
    /// `get_avatar_data( $email, $args )` as WPGraphQL calls it: the site's default image and
    /// rating unless given, Gravatar's URL for the e-mail's MD5 on one of its three hosts.
    pub(crate) fn for_email(
        options: &headpress_domain::options::Options,
        email: &str,
        size: Option<i32>,
        force_default: Option<bool>,
        rating: Option<AvatarRatingEnum>,
    ) -> Avatar {
        use md5::{Digest, Md5};
        // `absint`, and 0 means the default 96.
        let size = match size.map(|s| s.saturating_abs()) {
            Some(0) | None => 96,
            Some(s) => s,
        };
        let default = match options.get("avatar_default").filter(|d| !d.is_empty()) {
            None | Some("mm" | "mystery" | "mysteryman") => "mm".to_owned(),
            // `gravatar_default` becomes `false`: no `d` parameter, no `default` field.
            Some("gravatar_default") => String::new(),
            Some(other) => other.to_owned(),
        };
        let force_default = force_default == Some(true);
        let rating = match rating {
            Some(r) => r.wp().to_owned(),
            None => options.get_or("avatar_rating", "").to_lowercase(),
        };
        let email = email.trim().to_lowercase();
        let hash = if email.is_empty() {
            String::new()
        } else {
            format!("{:x}", Md5::digest(email.as_bytes()))
        };
        // WordPress picks a random host for an empty hash; host 0 keeps answers stable.
        let host = hash
            .get(..1)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .unwrap_or(0)
            % 3;
        // `add_query_arg( rawurlencode_deep( array_filter( [s, d, f, r] ) ) )`.
        let mut query = format!("s={size}");
        if !default.is_empty() {
            query.push_str(&format!("&d={}", rawurlencode(&default)));
        }
        if force_default {
            query.push_str("&f=y");
        }
        if !rating.is_empty() {
            query.push_str(&format!("&r={}", rawurlencode(&rating)));
        }
        Avatar {
            url: format!("http://{host}.gravatar.com/avatar/{hash}?{query}"),
            size,
            default,
            force_default,
            found_avatar: !hash.is_empty(),
            rating,
        }
    }
}

/// PHP's `rawurlencode` (RFC 3986 unreserved characters kept).
fn rawurlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[Object]
impl Avatar {
    /// URL for the gravatar image source.
    async fn url(&self) -> Option<&str> {
        Some(&self.url)
    }

    /// The size of the avatar in pixels.
    async fn size(&self) -> Option<i32> {
        Some(self.size)
    }

    /// Height of the avatar image.
    async fn height(&self) -> Option<i32> {
        Some(self.size)
    }

    /// Width of the avatar image.
    async fn width(&self) -> Option<i32> {
        Some(self.size)
    }

    /// URL for the default image or a default type.
    async fn default(&self) -> Option<&str> {
        (!self.default.is_empty()).then_some(self.default.as_str())
    }

    /// HTML attributes to insert in the IMG element. Is not sanitized.
    #[graphql(name = "extraAttr")]
    async fn extra_attr(&self) -> Option<&str> {
        None
    }

    /// Whether to always show the default image, never the Gravatar.
    #[graphql(name = "forceDefault")]
    async fn force_default(&self) -> Option<bool> {
        Some(self.force_default)
    }

    /// Whether the avatar was successfully found.
    #[graphql(name = "foundAvatar")]
    async fn found_avatar(&self) -> Option<bool> {
        Some(self.found_avatar)
    }

    /// What rating to display avatars up to.
    async fn rating(&self) -> Option<&str> {
        (!self.rating.is_empty()).then_some(self.rating.as_str())
    }

    /// Type of url scheme to use (null: the request's).
    async fn scheme(&self) -> Option<&str> {
        None
    }

    /// Whether the object is restricted from the current viewer.
    #[graphql(name = "isRestricted")]
    async fn is_restricted(&self) -> Option<bool> {
        Some(false)
    }
}

/// Declares a term object type with the TermNode fields plus `$extra`.
macro_rules! term_object {
    ($ty:ident, $tax_edge:ident, $doc:literal, { $($extra:tt)* }) => {
        #[doc = $doc]
        #[derive(Clone)]
        pub struct $ty(pub Arc<Term>);

        #[Object]
        impl $ty {
            /// The globally unique ID for the object.
            pub(crate) async fn id(&self) -> ID {
                ID(ids::global_id("term", self.0.term_id.0))
            }

            /// Identifies the primary key from the database.
            #[graphql(name = "databaseId")]
            pub(crate) async fn database_id(&self) -> i64 {
                self.0.term_id.0 as i64
            }

            /// The human friendly name of the object.
            pub(crate) async fn name(&self) -> Option<String> {
                Some(term_name(&self.0))
            }

            /// An alphanumeric identifier for the object unique to its type (WPGraphQL
            /// `urldecode`s it).
            pub(crate) async fn slug(&self) -> Option<String> {
                Some(url_decode(&self.0.slug))
            }

            /// The description of the object.
            pub(crate) async fn description(&self) -> Option<String> {
                Some(self.0.description.clone())
            }

            /// The number of objects connected to the object.
            pub(crate) async fn count(&self) -> Option<i64> {
                (self.0.count > 0).then_some(self.0.count)
            }

            /// The name of the taxonomy that the object is associated with.
            #[graphql(name = "taxonomyName")]
            pub(crate) async fn taxonomy_name(&self) -> Option<String> {
                Some(self.0.taxonomy.clone())
            }

            /// The ID of the term taxonomy.
            #[graphql(name = "termTaxonomyId")]
            pub(crate) async fn term_taxonomy_id(&self) -> Option<i64> {
                Some(self.0.term_taxonomy_id.0 as i64)
            }

            /// The term group.
            #[graphql(name = "termGroupId")]
            pub(crate) async fn term_group_id(&self) -> Option<i64> {
                // `absint`, null for the default group 0.
                (self.0.term_group != 0).then(|| self.0.term_group.abs())
            }

            /// The link to the term.
            pub(crate) async fn link(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                Ok(Some(term_link(ctx, &self.0).await?))
            }

            /// The unique resource identifier path.
            pub(crate) async fn uri(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                let link = term_link(ctx, &self.0).await?;
                Ok(Some(links::uri(&req(ctx)?.options, &link)))
            }

            /// Whether the node is a Content Node.
            #[graphql(name = "isContentNode")]
            pub(crate) async fn is_content_node(&self) -> bool {
                false
            }

            /// Whether the node is a Term.
            #[graphql(name = "isTermNode")]
            pub(crate) async fn is_term_node(&self) -> bool {
                true
            }

            /// Whether the node is a Comment.
            #[graphql(name = "isComment")]
            pub(crate) async fn is_comment(&self) -> bool {
                false
            }

            /// Whether the node is the front page.
            #[graphql(name = "isFrontPage")]
            pub(crate) async fn is_front_page(&self) -> bool {
                false
            }

            /// Whether the node is the blog page.
            #[graphql(name = "isPostsPage")]
            pub(crate) async fn is_posts_page(&self) -> bool {
                false
            }

            /// Whether the object is restricted from the current viewer.
            #[graphql(name = "isRestricted")]
            pub(crate) async fn is_restricted(&self) -> Option<bool> {
                Some(false)
            }

            /// Connection between the term and its taxonomy.
            async fn taxonomy(&self) -> Option<$tax_edge> {
                Taxonomy::named(&self.0.taxonomy).map($tax_edge)
            }

            $($extra)*
        }
    };
}

/// A term's name as `get_term` returns it: post formats are renamed by
/// `_post_format_get_term` to their translated label.
pub fn term_name(term: &Term) -> String {
    if term.taxonomy == "post_format" {
        let label = match term.slug.trim_start_matches("post-format-") {
            "aside" => "Aside",
            "chat" => "Chat",
            "gallery" => "Gallery",
            "link" => "Link",
            "image" => "Image",
            "quote" => "Quote",
            "status" => "Status",
            "video" => "Video",
            "audio" => "Audio",
            _ => "Standard",
        };
        return label.to_owned();
    }
    term.name.clone()
}

async fn term_ancestors(ctx: &Context<'_>, term: &Term) -> Result<Arc<Vec<Term>>> {
    if term.parent.0 == 0 {
        return Ok(Arc::new(Vec::new()));
    }
    Ok(req(ctx)?
        .loader
        .load_one(TermAncestors(term.term_id.0))
        .await?
        .unwrap_or_default())
}

pub(crate) async fn term_link(ctx: &Context<'_>, term: &Term) -> Result<String> {
    let ancestors = term_ancestors(ctx, term).await?;
    Ok(links::term_link(&req(ctx)?.options, term, &ancestors))
}

async fn term_posts(
    ctx: &Context<'_>,
    term: &Term,
    q: dposts::PostQuery,
    args: Args,
) -> Result<CPage<Arc<PostRow>>> {
    let terms = if term.taxonomy == "category" {
        let all = query::taxonomy_terms(ctx, "category").await?;
        query::category_with_descendants(&all, term.term_id.0)
    } else {
        vec![term.term_id.0]
    };
    query::nested_posts_page(
        ctx,
        NestedPostsOf::Terms(term.taxonomy.clone()),
        term.term_id.0,
        terms,
        q,
        &args,
    )
    .await
}

term_object!(
    Category,
    CategoryToTaxonomyConnectionEdge,
    "The category type",
    {
        /// The database id of the parent node.
        #[graphql(name = "parentDatabaseId")]
        async fn parent_database_id(&self) -> Option<i64> {
            (self.0.parent.0 > 0).then_some(self.0.parent.0 as i64)
        }

        /// The globally unique identifier of the parent node.
        #[graphql(name = "parentId")]
        async fn parent_id(&self) -> Option<ID> {
            (self.0.parent.0 > 0).then(|| ID(ids::global_id("term", self.0.parent.0)))
        }

        /// Connection between the category type and its parent category type.
        async fn parent(
            &self,
            ctx: &Context<'_>,
        ) -> Result<Option<CategoryToParentCategoryConnectionEdge>> {
            if self.0.parent.0 == 0 {
                return Ok(None);
            }
            Ok(req(ctx)?
                .loader
                .load_one(TermId(self.0.parent.0))
                .await?
                .map(|t| CategoryToParentCategoryConnectionEdge(Category(t))))
        }

        /// The ancestors of the node. Default ordered as lowest (closest to the child) to highest
        /// (closest to the root).
        async fn ancestors(
            &self,
            ctx: &Context<'_>,
            first: Option<i32>,
            last: Option<i32>,
            after: Option<String>,
            before: Option<String>,
        ) -> Result<Option<CategoryToAncestorsCategoryConnection>> {
            let chain: Vec<Arc<Term>> = term_ancestors(ctx, &self.0)
                .await?
                .iter()
                .map(|t| Arc::new(t.clone()))
                .collect();
            if chain.is_empty() {
                return Ok(None);
            }
            let page = whole(&Args::new(first, last, after, before), chain, |t| {
                t.term_id.0
            })?;
            Ok(Some(CategoryToAncestorsCategoryConnection(
                page.map(Category),
            )))
        }

        /// Connection between the category type and its children categories.
        async fn children(
            &self,
            ctx: &Context<'_>,
            first: Option<i32>,
            last: Option<i32>,
            after: Option<String>,
            before: Option<String>,
            #[graphql(name = "where")] filter: Option<
                crate::content::CategoryToCategoryConnectionWhereArgs,
            >,
        ) -> Result<Option<CategoryToCategoryConnection>> {
            // `get_terms( where + parent => this term )`: the resolver's `parent` wins.
            let all = crate::content::filtered_terms(
                ctx,
                &["category"],
                filter
                    .as_ref()
                    .map(|f| f.filter().children_of(self.0.term_id.0)),
            )
            .await?;
            let children: Vec<Arc<Term>> = all
                .iter()
                .filter(|t| t.parent.0 == self.0.term_id.0)
                .cloned()
                .collect();
            let page = whole(&Args::new(first, last, after, before), children, |t| {
                t.term_id.0
            })?;
            Ok(Some(CategoryToCategoryConnection(page.map(Category))))
        }

        /// Connection between the Category type and the post type.
        async fn posts(
            &self,
            ctx: &Context<'_>,
            first: Option<i32>,
            last: Option<i32>,
            after: Option<String>,
            before: Option<String>,
            #[graphql(name = "where")] filter: Option<query::CategoryToPostConnectionWhereArgs>,
        ) -> Result<Option<CategoryToPostConnection>> {
            let q = nested_post_query!(ctx, filter);
            let page = term_posts(ctx, &self.0, q, Args::new(first, last, after, before)).await?;
            Ok(Some(CategoryToPostConnection(page.map(Post))))
        }

        /// The id field matches the WP_Post->ID field.
        #[graphql(name = "categoryId", deprecation = "Deprecated in favor of databaseId")]
        async fn category_id(&self) -> Option<i64> {
            Some(self.0.term_id.0 as i64)
        }
    }
);

term_object!(Tag, TagToTaxonomyConnectionEdge, "The tag type", {
    /// Connection between the Tag type and the post type.
    async fn posts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<query::TagToPostConnectionWhereArgs>,
    ) -> Result<Option<TagToPostConnection>> {
        let q = nested_post_query!(ctx, filter);
        let page = term_posts(ctx, &self.0, q, Args::new(first, last, after, before)).await?;
        Ok(Some(TagToPostConnection(page.map(Post))))
    }

    /// The id field matches the WP_Post->ID field.
    #[graphql(name = "tagId", deprecation = "Deprecated in favor of databaseId")]
    async fn tag_id(&self) -> Option<i64> {
        Some(self.0.term_id.0 as i64)
    }
});

term_object!(
    PostFormat,
    PostFormatToTaxonomyConnectionEdge,
    "The postFormat type",
    {
        /// Connection between the PostFormat type and the post type.
        async fn posts(
            &self,
            ctx: &Context<'_>,
            first: Option<i32>,
            last: Option<i32>,
            after: Option<String>,
            before: Option<String>,
            #[graphql(name = "where")] filter: Option<query::PostFormatToPostConnectionWhereArgs>,
        ) -> Result<Option<PostFormatToPostConnection>> {
            let q = nested_post_query!(ctx, filter);
            let page = term_posts(ctx, &self.0, q, Args::new(first, last, after, before)).await?;
            Ok(Some(PostFormatToPostConnection(page.map(Post))))
        }

        /// The id field matches the WP_Post->ID field.
        #[graphql(
            name = "postFormatId",
            deprecation = "Deprecated in favor of databaseId"
        )]
        async fn post_format_id(&self) -> Option<i64> {
            Some(self.0.term_id.0 as i64)
        }
    }
);

/// A one-to-one relation as WPGraphQL shapes it: an edge with a `node` and the cursor of
/// that node (`arrayconnection:<the node's key>`).
macro_rules! one_to_one {
    ($edge:ident, $node:ty, $key:expr) => {
        #[doc = concat!("Edge `", stringify!($edge), "`.")]
        pub struct $edge(pub $node);

        #[Object]
        impl $edge {
            /// Opaque reference to the nodes position in the connection. Value can be used
            /// with pagination args.
            async fn cursor(&self) -> Option<String> {
                let key: fn(&$node) -> String = $key;
                Some(base64_key("arrayconnection", &key(&self.0)))
            }

            /// The node of the connection, without the edges.
            async fn node(&self) -> &$node {
                &self.0
            }
        }
    };
}

one_to_one!(NodeWithAuthorToUserConnectionEdge, User, |u| u
    .0
    .id
    .0
    .to_string());
one_to_one!(
    NodeWithFeaturedImageToMediaItemConnectionEdge,
    MediaItem,
    |m| m.0.id.0.to_string()
);
one_to_one!(
    HierarchicalContentNodeToParentContentNodeConnectionEdge,
    ContentNode,
    |n| n.row().id.0.to_string()
);
one_to_one!(CategoryToParentCategoryConnectionEdge, Category, |t| t
    .0
    .term_id
    .0
    .to_string());
// Post types are keyed by name in WPGraphQL's `ContentTypeConnectionResolver`.
one_to_one!(
    ContentNodeToContentTypeConnectionEdge,
    crate::content::ContentType,
    |t| t.name.to_owned()
);
one_to_one!(ContentNodeToEditLastConnectionEdge, User, |u| u
    .0
    .id
    .0
    .to_string());

one_to_one!(
    NodeWithRevisionsToContentNodeConnectionEdge,
    ContentNode,
    |n| n.row().id.0.to_string()
);
one_to_one!(PostToPreviewConnectionEdge, Post, |p| p.0.id.0.to_string());
one_to_one!(PageToPreviewConnectionEdge, Page, |p| p.0.id.0.to_string());
one_to_one!(PostToParentConnectionEdge, Post, |p| p.0.id.0.to_string());

/// `editingLockedBy`: the user holding the edit lock, and since when.
pub struct ContentNodeToEditLockConnectionEdge {
    node: User,
    timestamp: Option<String>,
}

#[Object]
impl ContentNodeToEditLockConnectionEdge {
    /// Opaque reference to the nodes position in the connection. Value can be used with
    /// pagination args.
    async fn cursor(&self) -> Option<String> {
        Some(ids::cursor(self.node.0.id.0))
    }

    /// The timestamp for when the node was last edited (GMT).
    #[graphql(name = "lockTimestamp")]
    async fn lock_timestamp(&self) -> Option<&str> {
        self.timestamp.as_deref()
    }

    /// The node of the connection, without the edges.
    async fn node(&self) -> &User {
        &self.node
    }
}
one_to_one!(CategoryToTaxonomyConnectionEdge, Taxonomy, |t| t
    .name
    .to_string());
one_to_one!(TagToTaxonomyConnectionEdge, Taxonomy, |t| t
    .name
    .to_string());
one_to_one!(PostFormatToTaxonomyConnectionEdge, Taxonomy, |t| t
    .name
    .to_string());

connection!(
    RootQueryToPostConnection,
    RootQueryToPostConnectionEdge,
    RootQueryToPostConnectionPageInfo,
    Post
);
connection!(
    RootQueryToPageConnection,
    RootQueryToPageConnectionEdge,
    RootQueryToPageConnectionPageInfo,
    Page
);
connection!(
    RootQueryToUserConnection,
    RootQueryToUserConnectionEdge,
    RootQueryToUserConnectionPageInfo,
    User
);
connection!(
    RootQueryToCategoryConnection,
    RootQueryToCategoryConnectionEdge,
    RootQueryToCategoryConnectionPageInfo,
    Category
);
connection!(
    RootQueryToTagConnection,
    RootQueryToTagConnectionEdge,
    RootQueryToTagConnectionPageInfo,
    Tag
);
connection!(
    PostToCategoryConnection,
    PostToCategoryConnectionEdge,
    PostToCategoryConnectionPageInfo,
    Category
);
connection!(
    PostToTagConnection,
    PostToTagConnectionEdge,
    PostToTagConnectionPageInfo,
    Tag
);
connection!(
    PostToRevisionConnection,
    PostToRevisionConnectionEdge,
    PostToRevisionConnectionPageInfo,
    Post
);
connection!(
    PostToTermNodeConnection,
    PostToTermNodeConnectionEdge,
    PostToTermNodeConnectionPageInfo,
    crate::content::TermNode
);
connection!(
    PageToRevisionConnection,
    PageToRevisionConnectionEdge,
    PageToRevisionConnectionPageInfo,
    Page
);
connection!(
    PostToPostConnection,
    PostToPostConnectionEdge,
    PostToPostConnectionPageInfo,
    Post
);
connection!(
    PostToPostFormatConnection,
    PostToPostFormatConnectionEdge,
    PostToPostFormatConnectionPageInfo,
    PostFormat
);
connection!(
    UserToPostConnection,
    UserToPostConnectionEdge,
    UserToPostConnectionPageInfo,
    Post
);
connection!(
    UserToUserRoleConnection,
    UserToUserRoleConnectionEdge,
    UserToUserRoleConnectionPageInfo,
    UserRole
);
connection!(
    CategoryToPostConnection,
    CategoryToPostConnectionEdge,
    CategoryToPostConnectionPageInfo,
    Post
);
connection!(
    PostFormatToPostConnection,
    PostFormatToPostConnectionEdge,
    PostFormatToPostConnectionPageInfo,
    Post
);
connection!(
    RootQueryToPostFormatConnection,
    RootQueryToPostFormatConnectionEdge,
    RootQueryToPostFormatConnectionPageInfo,
    PostFormat
);
connection!(
    RootQueryToUserRoleConnection,
    RootQueryToUserRoleConnectionEdge,
    RootQueryToUserRoleConnectionPageInfo,
    UserRole
);
connection!(
    TagToPostConnection,
    TagToPostConnectionEdge,
    TagToPostConnectionPageInfo,
    Post
);
connection!(
    CategoryToCategoryConnection,
    CategoryToCategoryConnectionEdge,
    CategoryToCategoryConnectionPageInfo,
    Category
);
connection!(
    CategoryToAncestorsCategoryConnection,
    CategoryToAncestorsCategoryConnectionEdge,
    CategoryToAncestorsCategoryConnectionPageInfo,
    Category
);
connection!(
    HierarchicalContentNodeToContentNodeChildrenConnection,
    HierarchicalContentNodeToContentNodeChildrenConnectionEdge,
    HierarchicalContentNodeToContentNodeChildrenConnectionPageInfo,
    ContentNode
);
connection!(
    HierarchicalContentNodeToContentNodeAncestorsConnection,
    HierarchicalContentNodeToContentNodeAncestorsConnectionEdge,
    HierarchicalContentNodeToContentNodeAncestorsConnectionPageInfo,
    ContentNode
);

/// PHP's `urldecode` for slugs stored percent-encoded (`sanitize_title` of non-ASCII).
pub(crate) fn url_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map_or_else(|| text.to_owned(), |(_, v)| v.into_owned())
}

/// `html_entity_decode` for the entities WordPress's formatting emits (numeric and the
/// common named ones).
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail.find(';').filter(|end| *end <= 10).and_then(|end| {
            let name = &tail[1..end];
            let c = if let Some(num) = name.strip_prefix('#') {
                match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
                    None => num.parse().ok().and_then(char::from_u32),
                }
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => None,
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Declares an interface with `ContentNode`'s fields (and `$extra` fields after them): WPGraphQL's
/// `HierarchicalContentNode` implements `ContentNode`, so it repeats all of them.
macro_rules! content_node_interface {
    ($(#[$attr:meta])* $name:ident { $($variant:ident),* $(,)? } $(, $extra:meta)* $(,)?) => {
        #[allow(clippy::duplicated_attributes)]
        #[derive(Clone, async_graphql::Interface)]
        $(#[$attr])*
        #[graphql(
        field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
        field(
            name = "database_id",
            ty = "i64",
            desc = "The unique identifier stored in the database"
        ),
        field(
            name = "content_type_name",
            ty = "String",
            desc = "The name of the Content Type the node belongs to"
        ),
        field(name = "date", ty = "Option<String>", desc = "Post publishing date."),
        field(
            name = "date_gmt",
            ty = "Option<String>",
            desc = "The publishing date set in GMT."
        ),
        field(
            name = "modified",
            ty = "Option<String>",
            desc = "The local modified time for a post."
        ),
        field(
            name = "modified_gmt",
            ty = "Option<String>",
            desc = "The GMT modified time for a post."
        ),
        field(
            name = "slug",
            ty = "Option<String>",
            desc = "The uri slug for the post."
        ),
        field(
            name = "status",
            ty = "Option<String>",
            desc = "The current status of the object"
        ),
        field(
            name = "link",
            ty = "Option<String>",
            desc = "The permalink of the post"
        ),
        field(
            name = "uri",
            ty = "Option<String>",
            desc = "The unique resource identifier path"
        ),
        field(
            name = "is_content_node",
            ty = "bool",
            desc = "Whether the node is a Content Node"
        ),
        field(
            name = "is_term_node",
            ty = "bool",
            desc = "Whether the node is a Term"
        ),
        field(
            name = "is_comment",
            ty = "bool",
            desc = "Whether the node is a Comment"
        ),
        field(
            name = "is_front_page",
            ty = "bool",
            desc = "Whether the node is the front page"
        ),
        field(
            name = "is_posts_page",
            ty = "bool",
            desc = "Whether the node is the blog page"
        ),
        field(
            name = "is_preview",
            ty = "Option<bool>",
            desc = "Whether the object is a node in the preview state"
        ),
        field(
            name = "content_type",
            ty = "Option<ContentNodeToContentTypeConnectionEdge>",
            desc = "Connection between the ContentNode type and the ContentType type"
        ),
        field(
            name = "desired_slug",
            ty = "Option<String>",
            desc = "The desired slug of the post"
        ),
        field(
            name = "enclosure",
            ty = "Option<String>",
            desc = "The RSS enclosure for the object"
        ),
        field(
            name = "guid",
            ty = "Option<&str>",
            desc = "The global unique identifier for this post."
        ),
        field(
            name = "last_edited_by",
            ty = "Option<ContentNodeToEditLastConnectionEdge>",
            desc = "The user that most recently edited the node"
        ),
        field(
            name = "editing_locked_by",
            ty = "Option<ContentNodeToEditLockConnectionEdge>",
            desc = "If a user has edited the node within the past 15 seconds, this will return the user that last edited."
        ),
        field(
            name = "preview_revision_database_id",
            ty = "Option<i64>",
            desc = "The database id of the preview node"
        ),
        field(
            name = "preview_revision_id",
            ty = "Option<ID>",
            desc = "Whether the object is a node in the preview state"
        ),
        field(
            name = "template",
            ty = "Option<ContentTemplate>",
            desc = "The template assigned to the node"
        ),
        field(
            name = "is_restricted",
            ty = "Option<bool>",
            desc = "Whether the object is restricted from the current viewer"
        )
            $(, $extra)*
        )]
        pub enum $name {
            $($variant($variant)),*
        }
    };
}

content_node_interface!(
    /// `ContentNode`: any `wp_posts` row of a public type.
    #[graphql(name = "ContentNode")]
    ContentNodeKind { Post, Page, MediaItem, CustomContent }
);

crate::custom::dyn_interface!(
    ContentNode = ContentNodeKind {
        Post,
        Page,
        MediaItem,
        CustomContent
    }
);

/// `NodeWithTemplate`: a node that can have a template
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "template",
        ty = "Option<ContentTemplate>",
        desc = "The template assigned to the node"
    )
)]
pub enum NodeWithTemplate {
    Post(Post),
    Page(Page),
    MediaItem(MediaItem),
}

/// `NodeWithTitle`: a node that has a title
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "title",
        ty = "Option<String>",
        desc = "The title of the post.",
        arg(name = "format", ty = "Option<Format>")
    )
)]
pub enum NodeWithTitle {
    Post(Post),
    Page(Page),
    MediaItem(MediaItem),
}

/// `NodeWithContentEditor`: a node that has content
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "content",
        ty = "Option<String>",
        desc = "The content of the post.",
        arg(name = "format", ty = "Option<Format>")
    )
)]
pub enum NodeWithContentEditor {
    Post(Post),
    Page(Page),
}

/// `NodeWithAuthor`: a node that has an author
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "author",
        ty = "Option<NodeWithAuthorToUserConnectionEdge>",
        desc = "Connection between the NodeWithAuthor type and the User type"
    ),
    field(
        name = "author_database_id",
        ty = "Option<i64>",
        desc = "The database identifier of the author of the node"
    ),
    field(
        name = "author_id",
        ty = "Option<ID>",
        desc = "The globally unique identifier of the author of the node"
    )
)]
pub enum NodeWithAuthor {
    Post(Post),
    Page(Page),
    MediaItem(MediaItem),
}

/// `NodeWithFeaturedImage`: a node that can have a featured image
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "featured_image",
        ty = "Option<NodeWithFeaturedImageToMediaItemConnectionEdge>",
        desc = "Connection between the NodeWithFeaturedImage type and the MediaItem type"
    ),
    field(
        name = "featured_image_database_id",
        ty = "Option<i64>",
        desc = "The database identifier for the featured image node assigned to the content node"
    ),
    field(
        name = "featured_image_id",
        ty = "Option<ID>",
        desc = "Globally unique ID of the featured image assigned to the node"
    )
)]
pub enum NodeWithFeaturedImage {
    Post(Post),
    Page(Page),
}

/// `NodeWithExcerpt`: a node that can have an excerpt
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "excerpt",
        ty = "Option<String>",
        desc = "The excerpt of the post.",
        arg(name = "format", ty = "Option<Format>")
    )
)]
pub enum NodeWithExcerpt {
    Post(Post),
}

/// `NodeWithComments`: a node that can have comments
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "comment_count",
        ty = "Option<i64>",
        desc = "The number of comments."
    ),
    field(
        name = "comment_status",
        ty = "Option<&str>",
        desc = "Whether the comments are open or closed for this particular post."
    )
)]
pub enum NodeWithComments {
    Post(Post),
    Page(Page),
    MediaItem(MediaItem),
}

/// `NodeWithTrackbacks`: a node that can have trackbacks and pingbacks
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "ping_status",
        ty = "Option<&str>",
        desc = "Whether the pings are open or closed for this particular post."
    )
)]
pub enum NodeWithTrackbacks {
    Post(Post),
}

/// `NodeWithRevisions`: a node that can have revisions
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "is_revision",
        ty = "Option<bool>",
        desc = "True if the node is a revision of another node"
    )
)]
pub enum NodeWithRevisions {
    Post(Post),
    Page(Page),
}

/// `NodeWithPageAttributes`: a node that can have page attributes
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "menu_order",
        ty = "Option<i32>",
        desc = "A field used for ordering posts."
    )
)]
pub enum NodeWithPageAttributes {
    Page(Page),
}

/// `Previewable`: a node that can be previewed
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "is_preview",
        ty = "Option<bool>",
        desc = "Whether the object is a node in the preview state"
    )
)]
pub enum Previewable {
    Post(Post),
    Page(Page),
}

/// `HierarchicalNode`: a node that can have a parent
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "database_id",
        ty = "i64",
        desc = "The unique identifier stored in the database"
    ),
    field(
        name = "parent_database_id",
        ty = "Option<i64>",
        desc = "Database id of the parent node"
    )
)]
pub enum HierarchicalNode {
    Page(Page),
    MediaItem(MediaItem),
    Category(Category),
}

/// `MenuItemLinkable`: a node that can be linked to from a menu item
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "database_id",
        ty = "i64",
        desc = "The unique identifier stored in the database"
    ),
    field(
        name = "uri",
        ty = "Option<String>",
        desc = "The unique resource identifier path"
    ),
    field(
        name = "is_content_node",
        ty = "bool",
        desc = "Whether the node is a Content Node"
    ),
    field(
        name = "is_term_node",
        ty = "bool",
        desc = "Whether the node is a Term"
    ),
    field(
        name = "is_comment",
        ty = "bool",
        desc = "Whether the node is a Comment"
    ),
    field(
        name = "is_front_page",
        ty = "bool",
        desc = "Whether the node is the front page"
    ),
    field(
        name = "is_posts_page",
        ty = "bool",
        desc = "Whether the node is the blog page"
    )
)]
pub enum MenuItemLinkable {
    Post(Post),
    Page(Page),
    Category(Category),
    Tag(Tag),
}

/// `HierarchicalTermNode`: a term that can have a parent
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, async_graphql::Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "database_id",
        ty = "i64",
        desc = "The unique identifier stored in the database"
    ),
    field(
        name = "name",
        ty = "Option<String>",
        desc = "The human friendly name of the object."
    ),
    field(
        name = "slug",
        ty = "Option<String>",
        desc = "An alphanumeric identifier for the object unique to its type."
    ),
    field(
        name = "uri",
        ty = "Option<String>",
        desc = "The unique resource identifier path"
    ),
    field(
        name = "parent_database_id",
        ty = "Option<i64>",
        desc = "Database id of the parent node"
    ),
    field(
        name = "parent_id",
        ty = "Option<ID>",
        desc = "The globally unique identifier of the parent node."
    ),
    field(
        name = "count",
        ty = "Option<i64>",
        desc = "The number of objects connected to the object"
    ),
    field(
        name = "description",
        ty = "Option<String>",
        desc = "The description of the object"
    ),
    field(
        name = "taxonomy_name",
        ty = "Option<String>",
        desc = "The name of the taxonomy that the object is associated with"
    ),
    field(name = "link", ty = "Option<String>", desc = "The link to the term"),
    field(
        name = "is_restricted",
        ty = "Option<bool>",
        desc = "Whether the object is restricted from the current viewer"
    ),
    field(
        name = "term_taxonomy_id",
        ty = "Option<i64>",
        desc = "The ID of the term taxonomy"
    ),
    field(name = "term_group_id", ty = "Option<i64>", desc = "The term group"),
    field(
        name = "is_content_node",
        ty = "bool",
        desc = "Whether the node is a Content Node"
    ),
    field(
        name = "is_term_node",
        ty = "bool",
        desc = "Whether the node is a Term"
    ),
    field(
        name = "is_comment",
        ty = "bool",
        desc = "Whether the node is a Comment"
    ),
    field(
        name = "is_front_page",
        ty = "bool",
        desc = "Whether the node is the front page"
    ),
    field(
        name = "is_posts_page",
        ty = "bool",
        desc = "Whether the node is the blog page"
    )
)]
pub enum HierarchicalTermNode {
    Category(Category),
}

content_node_interface!(
    /// `HierarchicalContentNode`: content that can have a parent and children
    HierarchicalContentNode { Page, MediaItem },
        field(
            name = "parent_database_id",
            ty = "Option<i64>",
            desc = "Database id of the parent node"
        ),
        field(
            name = "parent_id",
            ty = "Option<ID>",
            desc = "The globally unique identifier of the parent node."
        ),
        field(
            name = "parent",
            ty = "Option<HierarchicalContentNodeToParentContentNodeConnectionEdge>",
            desc = "The parent of the node. The parent object can be of various types"
        ),
        field(
            name = "ancestors",
            ty = "Option<HierarchicalContentNodeToContentNodeAncestorsConnection>",
            desc = "Returns ancestors of the node. Default ordered as lowest (closest to the child) to highest (closest to the root).",
            arg(name = "first", ty = "Option<i32>"),
            arg(name = "last", ty = "Option<i32>"),
            arg(name = "after", ty = "Option<String>"),
            arg(name = "before", ty = "Option<String>")
        ),
        field(
            name = "children",
            ty = "Option<HierarchicalContentNodeToContentNodeChildrenConnection>",
            desc = "Connection between the HierarchicalContentNode type and the ContentNode type",
            arg(name = "first", ty = "Option<i32>"),
            arg(name = "last", ty = "Option<i32>"),
            arg(name = "after", ty = "Option<String>"),
            arg(name = "before", ty = "Option<String>"),
            arg(
                name = "where",
                ty = "Option<query::HierarchicalContentNodeToContentNodeChildrenConnectionWhereArgs>"
            )
        )
);

impl ContentNode {
    /// The row behind the node.
    pub fn row(&self) -> &Arc<PostRow> {
        match &self.0 {
            ContentNodeKind::Post(p) => &p.0,
            ContentNodeKind::Page(p) => &p.0,
            ContentNodeKind::MediaItem(p) => &p.0,
            ContentNodeKind::CustomContent(p) => &p.0,
        }
    }
}

/// A `wp_posts` row as the GraphQL type of its post type (a configured post type's own type,
/// such as `Book`, included); `None` for types without one.
pub fn typed_content(ctx: &Context<'_>, post: Arc<PostRow>) -> Option<ContentNode> {
    match post.post_type.as_str() {
        "post" | "revision" => Some(ContentNode::Post(Post(post))),
        "page" => Some(ContentNode::Page(Page(post))),
        "attachment" => Some(ContentNode::MediaItem(MediaItem(post))),
        _ => CustomContent::of(ctx, post).map(ContentNode::CustomContent),
    }
}

connection!(
    RootQueryToMediaItemConnection,
    RootQueryToMediaItemConnectionEdge,
    RootQueryToMediaItemConnectionPageInfo,
    MediaItem
);
connection!(
    RootQueryToRevisionsConnection,
    RootQueryToRevisionsConnectionEdge,
    RootQueryToRevisionsConnectionPageInfo,
    ContentNode
);
connection!(
    RootQueryToContentNodeConnection,
    RootQueryToContentNodeConnectionEdge,
    RootQueryToContentNodeConnectionPageInfo,
    ContentNode
);
