//! `RootQuery`: the entry points, with WPGraphQL's names, arguments and id types.

use std::sync::Arc;

use async_graphql::{Context, Enum, Error, ID, Interface, Object, Result};
use headpress_domain::posts::{Post as PostRow, PostQuery};
use headpress_domain::terms::Term;
use headpress_domain::users::{self as dusers, User as UserRow};

use crate::comment::{
    Comment, CommentNodeIdTypeEnum, RootQueryToCommentConnection,
    RootQueryToCommentConnectionWhereArgs, comments_page, load_comment,
};
use crate::conn::Args;
use crate::content::{
    ContentType, ContentTypeEnum, ContentTypeIdTypeEnum, RootQueryToCategoryConnectionWhereArgs,
    RootQueryToContentTypeConnection, RootQueryToTagConnectionWhereArgs,
    RootQueryToTaxonomyConnection, RootQueryToTermNodeConnection,
    RootQueryToTermNodeConnectionWhereArgs, Taxonomy, TermNode, filtered_terms, listed,
};
use crate::content::{RootQueryToPostFormatConnectionWhereArgs, TaxonomyEnum};
use crate::ctx::{NestedPostsOf, PostAncestors, PostId, TermId, UserId, internal, req};
use crate::custom::CustomContent;
use crate::model::*;
use crate::query::{
    self, RootQueryToContentNodeConnectionWhereArgs, RootQueryToMediaItemConnectionWhereArgs,
    RootQueryToPageConnectionWhereArgs, RootQueryToPostConnectionWhereArgs,
    RootQueryToRevisionsConnectionWhereArgs, common,
};
use crate::{ids, links};

// Served as `Node` (`custom::Dyn`), so that configured types answer `__typename` themselves.
/// `Node`: an object with a globally unique ID.
#[derive(Interface)]
#[graphql(
    name = "Node",
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object")
)]
pub enum NodeKind {
    Post(Post),
    Page(Page),
    MediaItem(MediaItem),
    CustomContent(CustomContent),
    User(User),
    Category(Category),
    Tag(Tag),
    PostFormat(PostFormat),
    Comment(Comment),
    CommentAuthor(crate::comment::CommentAuthor),
    ContentType(ContentType),
    Taxonomy(Taxonomy),
    Menu(crate::menu::Menu),
    MenuItem(crate::menu::MenuItem),
    UserRole(crate::model::UserRole),
    GeneralSettings(crate::settings::GeneralSettings),
    ReadingSettings(crate::settings::ReadingSettings),
    DiscussionSettings(crate::settings::DiscussionSettings),
    WritingSettings(crate::settings::WritingSettings),
}

// Served as `UniformResourceIdentifiable` (`custom::Dyn`).
/// `UniformResourceIdentifiable`: any node that has a URI.
// The derive takes one `field(...)` per interface field; clippy reads them as duplicates.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface)]
#[graphql(
    name = "UniformResourceIdentifiable",
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
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
        name = "is_comment",
        ty = "bool",
        desc = "Whether the node is a Comment"
    )
)]
pub enum UniformResourceIdentifiableKind {
    Post(Post),
    Page(Page),
    MediaItem(MediaItem),
    CustomContent(CustomContent),
    User(User),
    Category(Category),
    Tag(Tag),
    PostFormat(PostFormat),
    Comment(Comment),
    ContentType(ContentType),
}

/// `DatabaseIdentifier`: an object with a database ID.
#[derive(Interface)]
#[graphql(field(
    name = "database_id",
    ty = "i64",
    desc = "The unique identifier stored in the database"
))]
pub enum DatabaseIdentifier {
    Post(Post),
    Page(Page),
    MediaItem(MediaItem),
    User(User),
    Category(Category),
    Tag(Tag),
    PostFormat(PostFormat),
    Comment(Comment),
    CommentAuthor(crate::comment::CommentAuthor),
    Menu(crate::menu::Menu),
    MenuItem(crate::menu::MenuItem),
}

crate::custom::dyn_interface!(
    Node = NodeKind {
        Post,
        Page,
        MediaItem,
        CustomContent,
        User,
        Category,
        Tag,
        PostFormat,
        Comment,
        CommentAuthor,
        ContentType,
        Taxonomy,
        Menu,
        MenuItem,
        UserRole,
        GeneralSettings,
        ReadingSettings,
        DiscussionSettings,
        WritingSettings
    }
);
crate::custom::dyn_interface!(
    UniformResourceIdentifiable = UniformResourceIdentifiableKind {
        Post,
        Page,
        MediaItem,
        CustomContent,
        User,
        Category,
        Tag,
        PostFormat,
        Comment,
        ContentType
    }
);

/// `PostIdType`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum PostIdType {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "SLUG")]
    Slug,
    #[graphql(name = "URI")]
    Uri,
}

/// `PageIdType`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum PageIdType {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "URI")]
    Uri,
}

/// `UserNodeIdTypeEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum UserNodeIdTypeEnum {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "EMAIL")]
    Email,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "SLUG")]
    Slug,
    #[graphql(name = "URI")]
    Uri,
    #[graphql(name = "USERNAME")]
    Username,
}

/// `CategoryIdType` / `TagIdType` (the same values).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum CategoryIdType {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "NAME")]
    Name,
    #[graphql(name = "SLUG")]
    Slug,
    #[graphql(name = "URI")]
    Uri,
}

/// `TagIdType`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum TagIdType {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "NAME")]
    Name,
    #[graphql(name = "SLUG")]
    Slug,
    #[graphql(name = "URI")]
    Uri,
}

/// `MediaItemIdType`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum MediaItemIdType {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "SLUG")]
    Slug,
    #[graphql(name = "SOURCE_URL")]
    SourceUrl,
    #[graphql(name = "URI")]
    Uri,
}

/// `TaxonomyIdTypeEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum TaxonomyIdTypeEnum {
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "NAME")]
    Name,
}

/// `TermNodeIdTypeEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum TermNodeIdTypeEnum {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "NAME")]
    Name,
    #[graphql(name = "SLUG")]
    Slug,
    #[graphql(name = "URI")]
    Uri,
}

/// `PostFormatIdType`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum PostFormatIdType {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "NAME")]
    Name,
    #[graphql(name = "SLUG")]
    Slug,
    #[graphql(name = "URI")]
    Uri,
}

/// `ContentNodeIdTypeEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ContentNodeIdTypeEnum {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "URI")]
    Uri,
}

/// A field error that leaves the field `null` and the rest of the answer intact, as
/// WPGraphQL's resolvers throw `UserError`s.
pub(crate) fn null_with_error<T>(ctx: &Context<'_>, message: &str) -> Result<Option<T>> {
    let err = Error::new(message).into_server_error(ctx.item.pos);
    ctx.add_error(ctx.set_error_path(err));
    Ok(None)
}

/// A published attachment with this slug, whatever its parent.
async fn post_by_slug_any_parent(
    ctx: &Context<'_>,
    post_type: &str,
    slug: &str,
) -> Result<Option<Arc<PostRow>>> {
    let r = req(ctx)?;
    let mut q = PostQuery::new(post_type);
    q.slugs = vec![slug.to_owned()];
    q.statuses = vec!["publish".into(), "inherit".into()];
    q.per_page = 1;
    let found = headpress_domain::posts::query(&r.site, &r.viewer, &q)
        .await
        .map_err(internal)?;
    Ok(found
        .posts
        .into_iter()
        .find(|p| crate::model::can_see(r, p))
        .map(Arc::new))
}

/// The deprecated `postBy`/`pageBy`/`mediaItemBy` lookups (WPGraphQL's `Deprecated`): the
/// first argument given of `id` (any global ID's key), the database ID, `uri` and `slug`, then
/// only rows of the type or revisions.
pub(crate) async fn deprecated_by(
    ctx: &Context<'_>,
    post_type: &str,
    id: Option<&ID>,
    database_id: Option<i32>,
    uri: Option<&str>,
    slug: Option<&str>,
) -> Result<Option<Arc<PostRow>>> {
    let found = if let Some(id) = id.filter(|id| !id.0.is_empty()) {
        let key = ids::from_global_id(&id.0).and_then(|(kind, key)| {
            (!kind.is_empty())
                .then(|| key.trim().parse::<u64>().ok())
                .flatten()
                .filter(|n| *n > 0)
        });
        let Some(n) = key else {
            return Err(Error::new("The \"id\" is invalid"));
        };
        load_post(ctx, n).await?
    } else if let Some(n) = database_id.filter(|n| *n != 0) {
        // `absint`.
        load_post(ctx, u64::from(n.unsigned_abs())).await?
    } else if let Some(uri) = uri.filter(|u| !u.is_empty()) {
        return single_post(ctx, post_type, &ID(uri.to_owned()), PostIdType::Uri).await;
    } else if let Some(slug) = slug.filter(|s| !s.is_empty()) {
        return if post_type == "attachment" {
            post_by_slug_any_parent(ctx, post_type, slug).await
        } else {
            post_by_path(ctx, post_type, &[slug.to_owned()]).await
        };
    } else {
        None
    };
    Ok(found.filter(|p| p.post_type == post_type || p.post_type == "revision"))
}

/// The slugs of a configured post type's permalink path (`/{front}/book/parent/child/` →
/// `[parent, child]`; `custom_post_link`), or `None` when the path is not under the type's base.
pub(crate) fn custom_post_path(
    ctx: &Context<'_>,
    post_type: &str,
    path: &[String],
) -> Result<Option<Vec<String>>> {
    let options = &req(ctx)?.options;
    let front = headpress_domain::posts::permalink_front(options.permalink_structure());
    let mut base: Vec<&str> = front.split('/').filter(|s| !s.is_empty()).collect();
    base.push(post_type);
    Ok(
        (path.len() > base.len() && path.iter().zip(&base).all(|(a, b)| a == b))
            .then(|| path[base.len()..].to_vec()),
    )
}

/// `post(id, idType)` and its kin for any post type: the row of `post_type` the ID names, if the
/// viewer may see it. URIs are the path below the home URL (`uri_prefix` cut off first: a
/// configured post type's rewrite base).
pub(crate) async fn single_post(
    ctx: &Context<'_>,
    post_type: &str,
    id: &ID,
    id_type: PostIdType,
) -> Result<Option<Arc<PostRow>>> {
    let found = match id_type {
        PostIdType::Id => match ids::from_global_id_of(&id.0, "post") {
            Some(n) => load_post(ctx, n).await?,
            None => None,
        },
        PostIdType::DatabaseId => match db_id(id) {
            Some(n) => load_post(ctx, n).await?,
            None => None,
        },
        PostIdType::Slug => post_by_path(ctx, post_type, std::slice::from_ref(&id.0)).await?,
        PostIdType::Uri => {
            let path = segments(ctx, &id.0)?;
            if matches!(post_type, "post" | "page" | "attachment") {
                post_by_path(ctx, post_type, &path).await?
            } else {
                match custom_post_path(ctx, post_type, &path)? {
                    Some(path) => post_by_path(ctx, post_type, &path).await?,
                    None => None,
                }
            }
        }
    };
    Ok(found.filter(|p| p.post_type == post_type))
}

/// WPGraphQL's root fields. `custom::RootQuery` serves them, and those of the configured post
/// types, as the schema's `RootQuery`.
pub struct BuiltinRootQuery;

fn db_id(id: &ID) -> Option<u64> {
    id.0.trim().parse().ok()
}

/// The path segments of a URI, with the home URL and query string cut off.
pub(crate) fn segments(ctx: &Context<'_>, uri: &str) -> Result<Vec<String>> {
    let home = req(ctx)?.options.home().to_owned();
    let path = uri.strip_prefix(&home).unwrap_or(uri);
    let path = path.split(['?', '#']).next().unwrap_or("");
    Ok(path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect())
}

/// A published row of `post_type` with this slug, whose ancestors' slugs match `parents`.
pub(crate) async fn post_by_path(
    ctx: &Context<'_>,
    post_type: &str,
    path: &[String],
) -> Result<Option<Arc<PostRow>>> {
    let Some((slug, parents)) = path.split_last() else {
        return Ok(None);
    };
    let r = req(ctx)?;
    let mut q = PostQuery::new(post_type);
    q.slugs = vec![slug.clone()];
    q.statuses = vec!["publish".into(), "private".into(), "inherit".into()];
    q.per_page = 20;
    let found = headpress_domain::posts::query(&r.site, &r.viewer, &q)
        .await
        .map_err(internal)?;
    for post in found.posts {
        let chain = if post.post_parent.0 == 0 {
            Arc::new(Vec::new())
        } else {
            r.loader
                .load_one(PostAncestors(post.id.0))
                .await?
                .unwrap_or_default()
        };
        let mut slugs: Vec<&str> = chain.iter().map(|p| p.post_name.as_str()).collect();
        slugs.reverse();
        let want: Vec<&str> = parents.iter().map(String::as_str).collect();
        let matches = if post_type == "attachment" {
            // An attachment's URI sits under its parent's.
            want.last().is_none_or(|p| slugs.last() == Some(p))
        } else {
            slugs == want
        };
        if matches && crate::model::can_see(r, &post) {
            return Ok(Some(Arc::new(post)));
        }
    }
    Ok(None)
}

async fn term_by(
    ctx: &Context<'_>,
    taxonomy: &'static str,
    id: &ID,
    kind: CategoryIdType,
) -> Result<Option<Arc<Term>>> {
    let r = req(ctx)?;
    let by_id = |n: Option<u64>| async move {
        match n {
            Some(n) => Ok::<_, Error>(
                r.loader
                    .load_one(TermId(n))
                    .await?
                    .filter(|t| t.taxonomy == taxonomy),
            ),
            None => Ok(None),
        }
    };
    match kind {
        CategoryIdType::Id => by_id(ids::from_global_id_of(&id.0, "term")).await,
        CategoryIdType::DatabaseId => by_id(db_id(id)).await,
        CategoryIdType::Name | CategoryIdType::Slug | CategoryIdType::Uri => {
            let all = query::taxonomy_terms(ctx, taxonomy).await?;
            let wanted = match kind {
                CategoryIdType::Uri => segments(ctx, &id.0)?.last().cloned().unwrap_or_default(),
                _ => id.0.clone(),
            };
            Ok(all
                .iter()
                .find(|t| {
                    if kind == CategoryIdType::Name {
                        t.name == wanted
                    } else {
                        t.slug == wanted
                    }
                })
                .cloned())
        }
    }
}

fn tag_kind(kind: TagIdType) -> CategoryIdType {
    match kind {
        TagIdType::DatabaseId => CategoryIdType::DatabaseId,
        TagIdType::Id => CategoryIdType::Id,
        TagIdType::Name => CategoryIdType::Name,
        TagIdType::Slug => CategoryIdType::Slug,
        TagIdType::Uri => CategoryIdType::Uri,
    }
}

async fn user_by_nicename(ctx: &Context<'_>, nicename: &str) -> Result<Option<UserRow>> {
    let r = req(ctx)?;
    let page = dusers::query(
        &r.site,
        &dusers::UserQuery {
            include: vec![],
            exclude: vec![],
            search: None,
            nicenames: vec![nicename.to_owned()],
            nicenames_not_in: vec![],
            logins: vec![],
            logins_not_in: vec![],
            roles_all: vec![],
            roles_not_in: vec![],
            roles: vec![],
            authors_only: false,
            has_published_posts: None,
            order_by: dusers::UserOrderBy::Id,
            order_desc: false,
            limit: 1,
            offset: 0,
        },
    )
    .await
    .map_err(internal)?;
    Ok(page.users.into_iter().next())
}

async fn visible_user(ctx: &Context<'_>, user: Option<UserRow>) -> Result<Option<User>> {
    match user {
        Some(u) if user_visible(ctx, &u).await? => Ok(Some(User(Arc::new(u)))),
        _ => Ok(None),
    }
}

/// A `wp_posts` row as the GraphQL type of its post type.
fn typed(ctx: &Context<'_>, post: Arc<PostRow>) -> Option<Node> {
    match post.post_type.as_str() {
        "post" => Some(Node::Post(Post(post))),
        "page" => Some(Node::Page(Page(post))),
        "attachment" => Some(Node::MediaItem(MediaItem(post))),
        _ => CustomContent::of(ctx, post).map(Node::CustomContent),
    }
}

fn uri_node(node: Node) -> Option<UniformResourceIdentifiable> {
    Some(match node.0 {
        NodeKind::Post(p) => UniformResourceIdentifiable::Post(p),
        NodeKind::Page(p) => UniformResourceIdentifiable::Page(p),
        NodeKind::MediaItem(p) => UniformResourceIdentifiable::MediaItem(p),
        NodeKind::CustomContent(p) => UniformResourceIdentifiable::CustomContent(p),
        NodeKind::User(u) => UniformResourceIdentifiable::User(u),
        NodeKind::Category(t) => UniformResourceIdentifiable::Category(t),
        NodeKind::Tag(t) => UniformResourceIdentifiable::Tag(t),
        NodeKind::PostFormat(t) => UniformResourceIdentifiable::PostFormat(t),
        NodeKind::Comment(c) => UniformResourceIdentifiable::Comment(c),
        NodeKind::ContentType(c) => UniformResourceIdentifiable::ContentType(c),
        NodeKind::CommentAuthor(_)
        | NodeKind::Taxonomy(_)
        | NodeKind::Menu(_)
        | NodeKind::MenuItem(_)
        | NodeKind::UserRole(_)
        | NodeKind::GeneralSettings(_)
        | NodeKind::ReadingSettings(_)
        | NodeKind::DiscussionSettings(_)
        | NodeKind::WritingSettings(_) => return None,
    })
}

/// The root entry point into the Graph
#[Object(name = "RootQuery")]
impl BuiltinRootQuery {
    /// Connection between the RootQuery type and the post type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn posts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToPostConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToPostConnection>> {
        let mut q = PostQuery::new("post");
        if let Some(w) = &filter {
            query::apply_common(ctx, &mut q, common!(w)).await?;
            query::apply_post_taxonomies(ctx, &mut q, query::post_taxonomies!(w)).await?;
        }
        match query::posts_page(ctx, q, &Args::new(first, last, after, before)).await {
            Ok(page) => Ok(Some(RootQueryToPostConnection(page.map(Post)))),
            Err(err) => null_with_error(ctx, &err.message),
        }
    }

    /// Connection between the RootQuery type and the page type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn pages(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToPageConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToPageConnection>> {
        let mut q = PostQuery::new("page");
        if let Some(w) = &filter {
            query::apply_common(ctx, &mut q, common!(w)).await?;
        }
        match query::posts_page(ctx, q, &Args::new(first, last, after, before)).await {
            Ok(page) => Ok(Some(RootQueryToPageConnection(page.map(Page)))),
            Err(err) => null_with_error(ctx, &err.message),
        }
    }

    /// An object of the post Type.
    async fn post(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<PostIdType>,
        #[graphql(name = "asPreview")] as_preview: Option<bool>,
    ) -> Result<Option<Post>> {
        let _ = as_preview;
        let found = single_post(ctx, "post", &id, id_type.unwrap_or(PostIdType::Id)).await?;
        Ok(found.map(Post))
    }

    /// A post object.
    #[graphql(
        name = "postBy",
        deprecation = "Deprecated in favor of using the single entry point for this type with ID and IDType fields. For example, instead of postBy( id: &quot;&quot; ), use post(id: &quot;&quot; idType: &quot;&quot;)"
    )]
    async fn post_by(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Get the post object by its global ID")] id: Option<ID>,
        #[graphql(desc = "Get the post by its database ID", name = "postId")] post_id: Option<i32>,
        #[graphql(desc = "Get the post by its uri")] uri: Option<String>,
        #[graphql(desc = "Get the post by its slug (only available for non-hierarchical types)")]
        slug: Option<String>,
    ) -> Result<Option<Post>> {
        let found = deprecated_by(
            ctx,
            "post",
            id.as_ref(),
            post_id,
            uri.as_deref(),
            slug.as_deref(),
        )
        .await?;
        Ok(found.map(Post))
    }

    /// A page object.
    #[graphql(
        name = "pageBy",
        deprecation = "Deprecated in favor of using the single entry point for this type with ID and IDType fields. For example, instead of postBy( id: &quot;&quot; ), use post(id: &quot;&quot; idType: &quot;&quot;)"
    )]
    async fn page_by(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Get the page object by its global ID")] id: Option<ID>,
        #[graphql(desc = "Get the page by its database ID", name = "pageId")] page_id: Option<i32>,
        #[graphql(desc = "Get the page by its uri")] uri: Option<String>,
    ) -> Result<Option<Page>> {
        let found = deprecated_by(ctx, "page", id.as_ref(), page_id, uri.as_deref(), None).await?;
        Ok(found.map(Page))
    }

    /// A mediaItem object.
    #[graphql(
        name = "mediaItemBy",
        deprecation = "Deprecated in favor of using the single entry point for this type with ID and IDType fields. For example, instead of postBy( id: &quot;&quot; ), use post(id: &quot;&quot; idType: &quot;&quot;)"
    )]
    async fn media_item_by(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Get the mediaItem object by its global ID")] id: Option<ID>,
        #[graphql(desc = "Get the mediaItem by its database ID", name = "mediaItemId")]
        media_item_id: Option<i32>,
        #[graphql(desc = "Get the mediaItem by its uri")] uri: Option<String>,
        #[graphql(
            desc = "Get the mediaItem by its slug (only available for non-hierarchical types)"
        )]
        slug: Option<String>,
    ) -> Result<Option<MediaItem>> {
        let found = deprecated_by(
            ctx,
            "attachment",
            id.as_ref(),
            media_item_id,
            uri.as_deref(),
            slug.as_deref(),
        )
        .await?;
        Ok(found.map(MediaItem))
    }

    /// An object of the page Type.
    async fn page(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<PageIdType>,
        #[graphql(name = "asPreview")] as_preview: Option<bool>,
    ) -> Result<Option<Page>> {
        let _ = as_preview;
        let id_type = match id_type.unwrap_or(PageIdType::Id) {
            PageIdType::Id => PostIdType::Id,
            PageIdType::DatabaseId => PostIdType::DatabaseId,
            PageIdType::Uri => PostIdType::Uri,
        };
        Ok(single_post(ctx, "page", &id, id_type).await?.map(Page))
    }

    /// Connection between the RootQuery type and the User type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<crate::users::RootQueryToUserConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToUserConnection>> {
        let window = Args::new(first, last, after, before).window()?;
        // Users are few on a WordPress site: filtered in SQL, ordered (WPGraphQL's default
        // `orderby => login`) and paged by cursor in memory.
        let users = crate::users::users_list(ctx, filter.as_ref()).await?;
        let page = window.page_in_memory(users, |u| u.id.0);
        let nodes = page.items.iter().map(|(_, u)| (u.id.0, vec![])).collect();
        crate::prefetch::nested_posts(ctx, "posts", NestedPostsOf::Author, "post", nodes).await?;
        Ok(Some(RootQueryToUserConnection(
            page.map(|u| User(Arc::new(u))),
        )))
    }

    /// Returns a user.
    async fn user(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<UserNodeIdTypeEnum>,
    ) -> Result<Option<User>> {
        let r = req(ctx)?;
        let by_id = |n: Option<u64>| async move {
            match n {
                Some(n) => Ok::<_, Error>(
                    r.loader
                        .load_one(UserId(n))
                        .await?
                        .map(|u| u.as_ref().clone()),
                ),
                None => Ok(None),
            }
        };
        let found = match id_type.unwrap_or(UserNodeIdTypeEnum::Id) {
            UserNodeIdTypeEnum::Id => by_id(ids::from_global_id_of(&id.0, "user")).await?,
            UserNodeIdTypeEnum::DatabaseId => by_id(db_id(&id)).await?,
            UserNodeIdTypeEnum::Slug => user_by_nicename(ctx, &id.0).await?,
            UserNodeIdTypeEnum::Uri => {
                let path = segments(ctx, &id.0)?;
                match path.as_slice() {
                    [author, nicename] if author == "author" => {
                        user_by_nicename(ctx, nicename).await?
                    }
                    _ => None,
                }
            }
            UserNodeIdTypeEnum::Email | UserNodeIdTypeEnum::Username => {
                if !r.viewer.can("list_users") {
                    let what = if id_type == Some(UserNodeIdTypeEnum::Email) {
                        "Email"
                    } else {
                        "Username"
                    };
                    return null_with_error(
                        ctx,
                        &format!("You do not have permission to request a User by {what}"),
                    );
                }
                // `find_by_login` reads an address as `user_email`.
                dusers::find_by_login(&r.site, &id.0)
                    .await
                    .map_err(internal)?
            }
        };
        visible_user(ctx, found).await
    }

    /// Returns the current user.
    async fn viewer(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let r = req(ctx)?;
        if !r.viewer.is_logged_in() {
            return Ok(None);
        }
        Ok(r.loader.load_one(UserId(r.viewer.id())).await?.map(User))
    }

    /// Connection between the RootQuery type and the category type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn categories(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToCategoryConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToCategoryConnection>> {
        let all = filtered_terms(ctx, &["category"], filter.as_ref().map(|f| f.filter())).await?;
        let window = Args::new(first, last, after, before).window()?;
        let page = window.page_in_memory(all, |t| t.term_id.0);
        if !page.items.is_empty() {
            let taxonomy = query::taxonomy_terms(ctx, "category").await?;
            let nodes = page
                .items
                .iter()
                .map(|(_, t)| {
                    let id = t.term_id.0;
                    (id, query::category_with_descendants(&taxonomy, id))
                })
                .collect();
            let of = NestedPostsOf::Terms("category".to_owned());
            crate::prefetch::nested_posts(ctx, "posts", of, "post", nodes).await?;
        }
        Ok(Some(RootQueryToCategoryConnection(page.map(Category))))
    }

    /// A 0bject.
    async fn category(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<CategoryIdType>,
    ) -> Result<Option<Category>> {
        Ok(
            term_by(ctx, "category", &id, id_type.unwrap_or(CategoryIdType::Id))
                .await?
                .map(Category),
        )
    }

    /// Connection between the RootQuery type and the tag type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn tags(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToTagConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToTagConnection>> {
        let all = filtered_terms(ctx, &["post_tag"], filter.as_ref().map(|f| f.filter())).await?;
        let window = Args::new(first, last, after, before).window()?;
        let page = window.page_in_memory(all, |t| t.term_id.0);
        let nodes = page
            .items
            .iter()
            .map(|(_, t)| (t.term_id.0, vec![t.term_id.0]))
            .collect();
        let of = NestedPostsOf::Terms("post_tag".to_owned());
        crate::prefetch::nested_posts(ctx, "posts", of, "post", nodes).await?;
        Ok(Some(RootQueryToTagConnection(page.map(Tag))))
    }

    /// A 0bject.
    async fn tag(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<TagIdType>,
    ) -> Result<Option<Tag>> {
        Ok(term_by(
            ctx,
            "post_tag",
            &id,
            tag_kind(id_type.unwrap_or(TagIdType::Id)),
        )
        .await?
        .map(Tag))
    }

    /// Fetches an object given its ID.
    async fn node(&self, ctx: &Context<'_>, id: Option<ID>) -> Result<Option<Node>> {
        let Some(id) = id else { return Ok(None) };
        let Some((kind, key)) = ids::from_global_id(&id.0) else {
            return Ok(None);
        };
        let Ok(n) = key.parse::<u64>() else {
            return Ok(None);
        };
        let r = req(ctx)?;
        Ok(match kind.as_str() {
            "post" => load_post(ctx, n).await?.and_then(|p| typed(ctx, p)),
            "term" => r
                .loader
                .load_one(TermId(n))
                .await?
                .map(|t| match t.taxonomy.as_str() {
                    "category" => Node::Category(Category(t)),
                    "post_format" => Node::PostFormat(PostFormat(t)),
                    _ => Node::Tag(Tag(t)),
                }),
            "user" => {
                let user = r
                    .loader
                    .load_one(UserId(n))
                    .await?
                    .map(|u| u.as_ref().clone());
                visible_user(ctx, user).await?.map(Node::User)
            }
            "comment" => load_comment(ctx, n).await?.map(Node::Comment),
            _ => None,
        })
    }

    /// Fetches an object given its Unique Resource Identifier.
    #[graphql(name = "nodeByUri")]
    async fn node_by_uri(
        &self,
        ctx: &Context<'_>,
        uri: String,
    ) -> Result<Option<UniformResourceIdentifiable>> {
        let path = segments(ctx, &uri)?;
        let r = req(ctx)?;
        if path.is_empty() {
            return Ok(if r.options.get("show_on_front") == Some("page") {
                let front = r.options.get_i64("page_on_front", 0) as u64;
                load_post(ctx, front)
                    .await?
                    .and_then(|p| typed(ctx, p))
                    .and_then(uri_node)
            } else {
                ContentType::named("post").map(UniformResourceIdentifiable::ContentType)
            });
        }
        let first = path[0].as_str();
        let category_base = r
            .options
            .get_or("category_base", "")
            .trim_matches('/')
            .to_owned();
        let tag_base = r
            .options
            .get_or("tag_base", "")
            .trim_matches('/')
            .to_owned();
        let category_base = if category_base.is_empty() {
            "category".to_owned()
        } else {
            category_base
        };
        let tag_base = if tag_base.is_empty() {
            "tag".to_owned()
        } else {
            tag_base
        };
        if first == category_base && path.len() > 1 {
            let found = term_by(ctx, "category", &ID(uri.clone()), CategoryIdType::Uri).await?;
            // The whole path must be the term's own (parents included).
            if let Some(term) = found {
                let link = links::uri(
                    &r.options,
                    &links::term_link(&r.options, &term, &term_chain(ctx, &term).await?),
                );
                if segments(ctx, &link)? == path {
                    return Ok(Some(UniformResourceIdentifiable::Category(Category(term))));
                }
            }
            return Ok(None);
        }
        if first == tag_base && path.len() == 2 {
            return Ok(
                term_by(ctx, "post_tag", &ID(path[1].clone()), CategoryIdType::Slug)
                    .await?
                    .map(|t| UniformResourceIdentifiable::Tag(Tag(t))),
            );
        }
        if first == "author" && path.len() == 2 {
            let user = user_by_nicename(ctx, &path[1]).await?;
            return Ok(visible_user(ctx, user)
                .await?
                .map(UniformResourceIdentifiable::User));
        }
        if let Some(runtime) = ctx.data_opt::<Arc<crate::custom::RuntimeTypes>>() {
            for pt in &runtime.post_types {
                if let Some(slugs) = custom_post_path(ctx, &pt.post_type, &path)?
                    && let Some(post) = post_by_path(ctx, &pt.post_type, &slugs).await?
                {
                    return Ok(CustomContent::of(ctx, post)
                        .map(UniformResourceIdentifiable::CustomContent));
                }
            }
        }
        if path.len() == 1
            && let Some(post) = post_by_path(ctx, "post", &path).await?
        {
            return Ok(Some(UniformResourceIdentifiable::Post(Post(post))));
        }
        if let Some(page) = post_by_path(ctx, "page", &path).await? {
            return Ok(Some(UniformResourceIdentifiable::Page(Page(page))));
        }
        if path.len() >= 2
            && let Some(media) = post_by_path(ctx, "attachment", &path).await?
        {
            return Ok(Some(UniformResourceIdentifiable::MediaItem(MediaItem(
                media,
            ))));
        }
        Ok(None)
    }

    /// Connection between the RootQuery type and the mediaItem type.
    #[graphql(
        name = "mediaItems",
        complexity = "crate::conn::cost(first, last, child_complexity)"
    )]
    async fn media_items(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToMediaItemConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToMediaItemConnection>> {
        let mut q = PostQuery::new("attachment");
        q.statuses = vec!["inherit".into()];
        if let Some(w) = &filter {
            query::apply_common(ctx, &mut q, common!(w)).await?;
        }
        match query::posts_page(ctx, q, &Args::new(first, last, after, before)).await {
            Ok(page) => Ok(Some(RootQueryToMediaItemConnection(page.map(MediaItem)))),
            Err(err) => null_with_error(ctx, &err.message),
        }
    }

    /// An object of the mediaItem Type.
    #[graphql(name = "mediaItem")]
    async fn media_item(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<MediaItemIdType>,
        #[graphql(name = "asPreview")] as_preview: Option<bool>,
    ) -> Result<Option<MediaItem>> {
        let _ = as_preview;
        let found = match id_type.unwrap_or(MediaItemIdType::Id) {
            MediaItemIdType::Id => match ids::from_global_id_of(&id.0, "post") {
                Some(n) => load_post(ctx, n).await?,
                None => None,
            },
            MediaItemIdType::DatabaseId => match db_id(&id) {
                Some(n) => load_post(ctx, n).await?,
                None => None,
            },
            MediaItemIdType::Slug => post_by_slug_any_parent(ctx, "attachment", &id.0).await?,
            MediaItemIdType::Uri => {
                let path = segments(ctx, &id.0)?;
                post_by_path(ctx, "attachment", &path).await?
            }
            MediaItemIdType::SourceUrl => {
                let r = req(ctx)?;
                let uploads = headpress_domain::media::UploadsBase::from_options(&r.options);
                let url = id.0.trim();
                match url.strip_prefix(&format!("{}/", uploads.baseurl)) {
                    Some(file) => {
                        match headpress_domain::graph::attachment_by_file(&r.site, file)
                            .await
                            .map_err(internal)?
                        {
                            Some(n) => load_post(ctx, n).await?,
                            None => None,
                        }
                    }
                    None => None,
                }
            }
        };
        Ok(found.filter(|p| p.post_type == "attachment").map(MediaItem))
    }

    /// Connection between the RootQuery type and the Comment type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToCommentConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToCommentConnection>> {
        let mut f = headpress_domain::graph::CommentFilter::default();
        if let Some(w) = &filter {
            w.apply(&mut f);
        }
        match comments_page(ctx, f, &Args::new(first, last, after, before)).await {
            Ok(page) => Ok(Some(RootQueryToCommentConnection(page.map(Comment)))),
            Err(err) => null_with_error(ctx, &err.message),
        }
    }

    /// Returns a Comment.
    async fn comment(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<CommentNodeIdTypeEnum>,
    ) -> Result<Option<Comment>> {
        let n = match id_type.unwrap_or(CommentNodeIdTypeEnum::Id) {
            CommentNodeIdTypeEnum::Id => ids::from_global_id_of(&id.0, "comment"),
            CommentNodeIdTypeEnum::DatabaseId => db_id(&id),
        };
        match n {
            Some(n) => load_comment(ctx, n).await,
            None => Ok(None),
        }
    }

    /// Connection between the RootQuery type and the ContentNode type: revisions, for
    /// viewers who may edit posts; each one only if they may edit the post it revises, typed
    /// as that post.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn revisions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToRevisionsConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToRevisionsConnection>> {
        let r = req(ctx)?;
        let args = Args::new(first, last, after, before);
        if !r.viewer.can("edit_posts") {
            // `PostObjectConnectionResolver::should_execute`: an empty connection.
            args.window()?;
            return Ok(Some(RootQueryToRevisionsConnection(crate::conn::Page {
                items: vec![],
                has_next: false,
                has_previous: false,
                total: crate::conn::Total::Known(0),
            })));
        }
        // `contentTypes` maps to `post_type`, replacing `revision`, as in WPGraphQL.
        let types: Vec<&str> = filter
            .as_ref()
            .and_then(|w| w.content_types.as_ref())
            .map(|list| list.iter().flatten().map(|t| t.wp()).collect())
            .filter(|list: &Vec<&str>| !list.is_empty())
            .unwrap_or_else(|| vec!["revision"]);
        let mut q = PostQuery::new(&types.join(","));
        q.statuses = vec!["inherit".into()];
        if let Some(w) = &filter {
            query::apply_common(ctx, &mut q, w.common()).await?;
        }
        let page = match query::posts_page_visible(ctx, q, &args, |_| true).await {
            Ok(page) => page,
            Err(err) => return null_with_error(ctx, &err.message),
        };
        let parents: Vec<PostId> = page
            .items
            .iter()
            .filter(|(_, p)| p.post_type == "revision")
            .map(|(_, p)| PostId(p.post_parent.0))
            .collect();
        let parents = r.loader.load_many(parents).await?;
        let page = page.filter_map(|p| {
            if p.post_type != "revision" {
                return crate::model::can_see(r, &p)
                    .then_some(p)
                    .and_then(|p| typed_content(ctx, p));
            }
            let parent = parents.get(&PostId(p.post_parent.0))?;
            if !crate::model::can_edit(r, parent) {
                return None;
            }
            Some(match parent.post_type.as_str() {
                "page" => ContentNode::Page(Page(p)),
                "attachment" => ContentNode::MediaItem(MediaItem(p)),
                _ => ContentNode::Post(Post(p)),
            })
        });
        Ok(Some(RootQueryToRevisionsConnection(page)))
    }

    /// Connection between the RootQuery type and the ContentNode type.
    #[graphql(
        name = "contentNodes",
        complexity = "crate::conn::cost(first, last, child_complexity)"
    )]
    async fn content_nodes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToContentNodeConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToContentNodeConnection>> {
        let mut types: Vec<&str> = filter
            .as_ref()
            .and_then(|w| w.content_types.as_ref())
            .map(|list| list.iter().flatten().map(|t| t.wp()).collect())
            .unwrap_or_default();
        if types.is_empty() {
            types = vec!["post", "page", "attachment"];
        }
        let mut q = PostQuery::new(&types.join(","));
        if types.contains(&"attachment") {
            q.statuses = vec!["publish".into(), "inherit".into()];
        }
        if let Some(w) = &filter {
            query::apply_common(ctx, &mut q, w.common()).await?;
        }
        match query::posts_page(ctx, q, &Args::new(first, last, after, before)).await {
            Ok(page) => {
                let page = crate::conn::Page {
                    items: page
                        .items
                        .into_iter()
                        .filter_map(|(c, p)| typed_content(ctx, p).map(|n| (c, n)))
                        .collect(),
                    has_next: page.has_next,
                    has_previous: page.has_previous,
                    total: page.total,
                };
                Ok(Some(RootQueryToContentNodeConnection(page)))
            }
            Err(err) => null_with_error(ctx, &err.message),
        }
    }

    /// A node used to manage content.
    #[graphql(name = "contentNode")]
    async fn content_node(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<ContentNodeIdTypeEnum>,
        #[graphql(name = "contentType")] content_type: Option<ContentTypeEnum>,
        #[graphql(name = "asPreview")] as_preview: Option<bool>,
    ) -> Result<Option<ContentNode>> {
        let _ = as_preview;
        let found = match id_type.unwrap_or(ContentNodeIdTypeEnum::Id) {
            ContentNodeIdTypeEnum::Id => match ids::from_global_id_of(&id.0, "post") {
                Some(n) => load_post(ctx, n).await?,
                None => None,
            },
            // WPGraphQL ignores `contentType` for IDs.
            ContentNodeIdTypeEnum::DatabaseId => match db_id(&id) {
                Some(n) => load_post(ctx, n).await?,
                None => None,
            },
            ContentNodeIdTypeEnum::Uri => {
                let path = segments(ctx, &id.0)?;
                let kinds: Vec<&str> = match content_type {
                    Some(t) => vec![t.wp()],
                    None => vec!["post", "page", "attachment"],
                };
                let mut hit = None;
                for kind in kinds {
                    if kind == "post" && path.len() != 1 {
                        continue;
                    }
                    if let Some(p) = post_by_path(ctx, kind, &path).await? {
                        hit = Some(p);
                        break;
                    }
                }
                hit
            }
        };
        Ok(found.and_then(|p| typed_content(ctx, p)))
    }

    /// Connection between the RootQuery type and the ContentType type.
    #[graphql(
        name = "contentTypes",
        complexity = "crate::conn::cost(first, last, child_complexity)"
    )]
    async fn content_types(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<RootQueryToContentTypeConnection>> {
        let page = listed(
            &Args::new(first, last, after, before),
            ContentType::all(ctx),
        )?;
        Ok(Some(RootQueryToContentTypeConnection(page)))
    }

    /// An object of the ContentType Type.
    #[graphql(name = "contentType")]
    async fn content_type(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<ContentTypeIdTypeEnum>,
    ) -> Option<ContentType> {
        let name = match id_type.unwrap_or(ContentTypeIdTypeEnum::Id) {
            ContentTypeIdTypeEnum::Name => Some(id.0.clone()),
            ContentTypeIdTypeEnum::Id => ids::from_global_id(&id.0)
                .filter(|(kind, _)| kind == "post_type")
                .map(|(_, key)| key),
        };
        name.and_then(|n| ContentType::of(ctx, &n))
    }

    /// Connection between the RootQuery type and the Taxonomy type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn taxonomies(
        &self,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<RootQueryToTaxonomyConnection>> {
        let page = listed(&Args::new(first, last, after, before), Taxonomy::all())?;
        Ok(Some(RootQueryToTaxonomyConnection(page)))
    }

    /// Connection between the RootQuery type and the TermNode type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn terms(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToTermNodeConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToTermNodeConnection>> {
        let mut taxonomies: Vec<&'static str> = filter
            .as_ref()
            .and_then(|w| w.taxonomies.as_ref())
            .map(|list| list.iter().flatten().map(|t| t.wp()).collect())
            .unwrap_or_default();
        if taxonomies.is_empty() {
            taxonomies = vec!["category", "post_tag", "post_format"];
        }
        let all = filtered_terms(ctx, &taxonomies, filter.as_ref().map(|f| f.filter())).await?;
        let window = Args::new(first, last, after, before).window()?;
        let page = window.page_in_memory(all, |t| t.term_id.0);
        Ok(Some(RootQueryToTermNodeConnection(page.map(TermNode::of))))
    }

    /// Connection between the RootQuery type and the Menu type.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn menus(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<crate::menu::RootQueryToMenuConnectionWhereArgs>,
    ) -> Result<Option<crate::menu::RootQueryToMenuConnection>> {
        let mut list = crate::menu::visible_menus(ctx).await?;
        if let Some(w) = &filter {
            if let Some(id) = w.id.and_then(|i| u64::try_from(i).ok()) {
                list.retain(|t| t.term_id.0 == id);
            }
            if let Some(slug) = &w.slug {
                list.retain(|t| t.slug == *slug);
            }
            if w.location.is_some() {
                // The theme registers no locations, so no menu sits in one.
                list.clear();
            }
        }
        let window = Args::new(first, last, after, before).window()?;
        let page = window.page_in_memory(list, |t| t.term_id.0);
        Ok(Some(crate::menu::RootQueryToMenuConnection(
            page.map(crate::menu::Menu),
        )))
    }

    /// A WordPress navigation menu.
    async fn menu(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<crate::menu::MenuNodeIdTypeEnum>,
    ) -> Result<Option<crate::menu::Menu>> {
        use crate::menu::MenuNodeIdTypeEnum as K;
        let list = crate::menu::visible_menus(ctx).await?;
        let found = match id_type.unwrap_or(K::Id) {
            K::Id => ids::from_global_id_of(&id.0, "term")
                .and_then(|n| list.iter().find(|t| t.term_id.0 == n)),
            K::DatabaseId => db_id(&id).and_then(|n| list.iter().find(|t| t.term_id.0 == n)),
            K::Name => list.iter().find(|t| t.name == id.0),
            K::Slug => list.iter().find(|t| t.slug == id.0),
            // No location is registered by the theme.
            K::Location => None,
        };
        Ok(found.cloned().map(crate::menu::Menu))
    }

    /// Fields of the 'Settings' settings group.
    #[graphql(name = "allSettings")]
    async fn all_settings(&self) -> Option<crate::settings::Settings> {
        Some(crate::settings::Settings)
    }

    /// Fields of the 'GeneralSettings' settings group.
    #[graphql(name = "generalSettings")]
    async fn general_settings(&self) -> Option<crate::settings::GeneralSettings> {
        Some(crate::settings::GeneralSettings)
    }

    /// Fields of the 'ReadingSettings' settings group.
    #[graphql(name = "readingSettings")]
    async fn reading_settings(&self) -> Option<crate::settings::ReadingSettings> {
        Some(crate::settings::ReadingSettings)
    }

    /// Fields of the 'DiscussionSettings' settings group.
    #[graphql(name = "discussionSettings")]
    async fn discussion_settings(&self) -> Option<crate::settings::DiscussionSettings> {
        Some(crate::settings::DiscussionSettings)
    }

    /// Fields of the 'WritingSettings' settings group.
    #[graphql(name = "writingSettings")]
    async fn writing_settings(&self) -> Option<crate::settings::WritingSettings> {
        Some(crate::settings::WritingSettings)
    }

    /// A taxonomy, by its global ID or its name (or its `TaxonomyEnum` name).
    async fn taxonomy(
        &self,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<TaxonomyIdTypeEnum>,
    ) -> Option<Taxonomy> {
        let name = match id_type.unwrap_or(TaxonomyIdTypeEnum::Id) {
            TaxonomyIdTypeEnum::Name => Some(
                match id.0.as_str() {
                    "CATEGORY" => "category",
                    "TAG" => "post_tag",
                    "POSTFORMAT" => "post_format",
                    other => other,
                }
                .to_owned(),
            ),
            TaxonomyIdTypeEnum::Id => ids::from_global_id(&id.0)
                .filter(|(kind, _)| kind == "taxonomy")
                .map(|(_, key)| key),
        };
        name.and_then(|n| Taxonomy::named(&n))
    }

    /// A term of any taxonomy. `NAME` and `SLUG` need `taxonomy`.
    #[graphql(name = "termNode")]
    async fn term_node(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<TermNodeIdTypeEnum>,
        taxonomy: Option<TaxonomyEnum>,
    ) -> Result<Option<TermNode>> {
        let r = req(ctx)?;
        let load = |n: Option<u64>| async move {
            match n.filter(|n| *n > 0) {
                Some(n) => Ok::<_, Error>(r.loader.load_one(TermId(n)).await?),
                None => Ok(None),
            }
        };
        let found = match id_type.unwrap_or(TermNodeIdTypeEnum::Id) {
            TermNodeIdTypeEnum::Id => {
                let Some(n) = ids::from_global_id(&id.0).and_then(|(_, k)| k.parse().ok()) else {
                    return Err(Error::new("The ID input is invalid"));
                };
                load(Some(n)).await?
            }
            // `get_term( absint( id ) )`: any taxonomy.
            TermNodeIdTypeEnum::DatabaseId => load(db_id(&id)).await?,
            TermNodeIdTypeEnum::Name | TermNodeIdTypeEnum::Slug => {
                let Some(taxonomy) = taxonomy else {
                    return Err(Error::new(
                        "When fetching a Term Node by \"slug\" or \"name\", the \"taxonomy\" also needs to be set as an input.",
                    ));
                };
                let kind = if id_type == Some(TermNodeIdTypeEnum::Name) {
                    CategoryIdType::Name
                } else {
                    CategoryIdType::Slug
                };
                term_by(ctx, taxonomy.wp(), &id, kind).await?
            }
            TermNodeIdTypeEnum::Uri => {
                return Ok(
                    match self.node_by_uri(ctx, id.0.clone()).await?.map(|n| n.0) {
                        Some(UniformResourceIdentifiableKind::Category(t)) => {
                            Some(TermNode::Category(t))
                        }
                        Some(UniformResourceIdentifiableKind::Tag(t)) => Some(TermNode::Tag(t)),
                        Some(UniformResourceIdentifiableKind::PostFormat(t)) => {
                            Some(TermNode::PostFormat(t))
                        }
                        _ => None,
                    },
                );
            }
        };
        Ok(found.map(TermNode::of))
    }

    /// A post format term.
    #[graphql(name = "postFormat")]
    async fn post_format(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "idType")] id_type: Option<PostFormatIdType>,
    ) -> Result<Option<PostFormat>> {
        let kind = match id_type.unwrap_or(PostFormatIdType::Id) {
            PostFormatIdType::DatabaseId => CategoryIdType::DatabaseId,
            PostFormatIdType::Id => CategoryIdType::Id,
            PostFormatIdType::Name => CategoryIdType::Name,
            PostFormatIdType::Slug => CategoryIdType::Slug,
            PostFormatIdType::Uri => CategoryIdType::Uri,
        };
        Ok(term_by(ctx, "post_format", &id, kind)
            .await?
            .map(PostFormat))
    }

    /// Connection between the RootQuery type and the postFormat type.
    #[graphql(
        name = "postFormats",
        complexity = "crate::conn::cost(first, last, child_complexity)"
    )]
    async fn post_formats(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<RootQueryToPostFormatConnectionWhereArgs>,
    ) -> Result<Option<RootQueryToPostFormatConnection>> {
        let all =
            filtered_terms(ctx, &["post_format"], filter.as_ref().map(|f| f.filter())).await?;
        let window = Args::new(first, last, after, before).window()?;
        let page = window.page_in_memory(all, |t| t.term_id.0);
        Ok(Some(RootQueryToPostFormatConnection(page.map(PostFormat))))
    }

    /// A user role, by its global ID (null when the viewer may not see it).
    #[graphql(name = "userRole")]
    async fn user_role(&self, ctx: &Context<'_>, id: ID) -> Result<Option<UserRole>> {
        let r = req(ctx)?;
        let name = ids::from_global_id(&id.0)
            .map(|(_, key)| key)
            .unwrap_or_default();
        let roles = r.options.user_roles(&r.site.tables().prefix);
        let Some(role) = UserRole::from_roles(&roles, &name) else {
            return Err(Error::new(format!(
                "No user role was found with the name {name}"
            )));
        };
        let own = viewer_roles(ctx).await?;
        Ok((r.viewer.can("list_users") || own.contains(&name)).then_some(role))
    }

    /// Connection between the RootQuery type and the UserRole type (every role for those who
    /// may `list_users`, none for others).
    #[graphql(
        name = "userRoles",
        complexity = "crate::conn::cost(first, last, child_complexity)"
    )]
    async fn user_roles(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<RootQueryToUserRoleConnection>> {
        let r = req(ctx)?;
        let args = Args::new(first, last, after, before);
        args.window()?;
        // The resolver runs only for `list_users`; otherwise the connection is empty.
        let list = if r.viewer.can("list_users") {
            UserRole::visible(r, &[])
        } else {
            Vec::new()
        };
        let page = crate::content::listed_by_name(&args, list)?;
        Ok(Some(RootQueryToUserRoleConnection(page)))
    }
}

/// The viewer's role names (`wp_get_current_user()->roles`).
async fn viewer_roles(ctx: &Context<'_>) -> Result<Vec<String>> {
    let r = req(ctx)?;
    if !r.viewer.is_logged_in() {
        return Ok(Vec::new());
    }
    let Some(user) = r.loader.load_one(UserId(r.viewer.id())).await? else {
        return Ok(Vec::new());
    };
    User(user).role_names(ctx).await
}

async fn term_chain(ctx: &Context<'_>, term: &Term) -> Result<Vec<Term>> {
    if term.parent.0 == 0 {
        return Ok(Vec::new());
    }
    Ok(req(ctx)?
        .loader
        .load_one(crate::ctx::TermAncestors(term.term_id.0))
        .await?
        .map(|c| c.as_ref().clone())
        .unwrap_or_default())
}
