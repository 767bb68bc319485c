//! The registry as WPGraphQL shows it (`ContentType`, `Taxonomy`), the `TermNode` interface
//! and the term `where` arguments (terms are loaded whole per taxonomy and filtered here).

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Interface, Object, Result};
use headpress_domain::terms::{self as dterms, Term};

use crate::conn::{Args, connection};
use crate::ctx::{ObjectTerms, req};
use crate::model::{Category, PostFormat, Tag, base64_key};
use crate::query::{self, OrderEnum};

/// The post types that have GraphQL types here, with WPGraphQL's names.
const CONTENT_TYPES: [(&str, &str, &str); 3] = [
    ("post", "post", "posts"),
    ("page", "page", "pages"),
    ("attachment", "mediaItem", "mediaItems"),
];

/// The taxonomies that have GraphQL types here.
const TAXONOMIES: [(&str, &str, &str); 3] = [
    ("category", "category", "categories"),
    ("post_tag", "tag", "tags"),
    ("post_format", "postFormat", "postFormats"),
];

/// `ContentTypeEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ContentTypeEnum {
    #[graphql(name = "ATTACHMENT")]
    Attachment,
    #[graphql(name = "PAGE")]
    Page,
    #[graphql(name = "POST")]
    Post,
}

impl ContentTypeEnum {
    pub fn wp(self) -> &'static str {
        match self {
            ContentTypeEnum::Attachment => "attachment",
            ContentTypeEnum::Page => "page",
            ContentTypeEnum::Post => "post",
        }
    }
}

/// `ContentTypeIdTypeEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ContentTypeIdTypeEnum {
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "NAME")]
    Name,
}

/// `TaxonomyEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum TaxonomyEnum {
    #[graphql(name = "CATEGORY")]
    Category,
    #[graphql(name = "POSTFORMAT")]
    PostFormat,
    #[graphql(name = "TAG")]
    Tag,
}

impl TaxonomyEnum {
    pub fn wp(self) -> &'static str {
        match self {
            TaxonomyEnum::Category => "category",
            TaxonomyEnum::PostFormat => "post_format",
            TaxonomyEnum::Tag => "post_tag",
        }
    }
}

/// A registered post type.
#[derive(Clone)]
pub struct ContentType {
    pub name: String,
    single: String,
    plural: String,
}

impl ContentType {
    /// One of WPGraphQL's built-in content types.
    pub fn named(name: &str) -> Option<ContentType> {
        CONTENT_TYPES
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|(name, single, plural)| ContentType {
                name: (*name).to_owned(),
                single: (*single).to_owned(),
                plural: (*plural).to_owned(),
            })
    }

    /// A built-in content type or a configured post type with GraphQL types.
    pub fn of(ctx: &Context<'_>, name: &str) -> Option<ContentType> {
        ContentType::named(name).or_else(|| {
            let pt = ctx
                .data_opt::<Arc<crate::custom::RuntimeTypes>>()?
                .post_type(name)?;
            Some(ContentType {
                name: pt.post_type.clone(),
                single: pt.single.clone(),
                plural: pt.plural.clone(),
            })
        })
    }

    /// Every content type: WPGraphQL's, then the configured ones.
    pub fn all(ctx: &Context<'_>) -> Vec<ContentType> {
        let mut all: Vec<ContentType> = CONTENT_TYPES
            .iter()
            .filter_map(|(n, ..)| ContentType::named(n))
            .collect();
        if let Some(runtime) = ctx.data_opt::<Arc<crate::custom::RuntimeTypes>>() {
            all.extend(
                runtime
                    .post_types
                    .iter()
                    .filter_map(|pt| ContentType::of(ctx, &pt.post_type)),
            );
        }
        all
    }

    /// Whether this type's archive is the site's front page (posts on the front page).
    fn is_front_archive(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.name == "post" && req(ctx)?.options.get("show_on_front") != Some("page"))
    }
}

#[Object]
impl ContentType {
    /// The globally unique identifier of the post-type object.
    pub(crate) async fn id(&self) -> ID {
        ID(base64_key("post_type", self.name.as_str()))
    }

    /// The internal name of the post type.
    async fn name(&self) -> Option<&str> {
        Some(self.name.as_str())
    }

    /// Display name of the content type.
    async fn label(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?
            .site
            .post_type(self.name.as_str())
            .map(|pt| pt.label.clone()))
    }

    /// The singular name of the post type within the GraphQL Schema.
    #[graphql(name = "graphqlSingleName")]
    async fn graphql_single_name(&self) -> Option<&str> {
        Some(self.single.as_str())
    }

    /// The plural name of the post type within the GraphQL Schema.
    #[graphql(name = "graphqlPluralName")]
    async fn graphql_plural_name(&self) -> Option<&str> {
        Some(self.plural.as_str())
    }

    /// Whether this content type should have archives (null when it has none).
    #[graphql(name = "hasArchive")]
    async fn has_archive(&self) -> Option<bool> {
        None
    }

    /// Whether the content type is hierarchical.
    async fn hierarchical(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        Ok(req(ctx)?
            .site
            .post_type(self.name.as_str())
            .map(|pt| pt.hierarchical))
    }

    /// The unique resource identifier path (the archive's, when it has one).
    pub(crate) async fn uri(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.is_front_archive(ctx)?.then(|| "/".to_owned()))
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

    /// Whether the node is the front page: the posts archive when the front page shows posts
    /// (or names no page).
    #[graphql(name = "isFrontPage")]
    pub(crate) async fn is_front_page(&self, ctx: &Context<'_>) -> Result<bool> {
        let o = &req(ctx)?.options;
        Ok(self.name == "post"
            && (o.get_or("show_on_front", "posts") == "posts"
                || o.get_i64("page_on_front", 0) == 0))
    }

    /// Whether the node is the blog page (WPGraphQL: always the `post` type).
    #[graphql(name = "isPostsPage")]
    pub(crate) async fn is_posts_page(&self) -> bool {
        self.name == "post"
    }

    /// Name of content type to display in REST API "wp/v2" routes.
    #[graphql(name = "restBase")]
    async fn rest_base(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?
            .site
            .post_type(self.name.as_str())
            .map(|pt| pt.rest_base.clone())
            .filter(|b| !b.is_empty()))
    }

    /// Whether to add the post type route in the REST API "wp/v2" namespace.
    #[graphql(name = "showInRest")]
    async fn show_in_rest(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        Ok(Some(
            req(ctx)?
                .site
                .post_type(self.name.as_str())
                .is_some_and(|pt| pt.show_in_rest),
        ))
    }

    /// The REST Controller class assigned to handling this content type (WordPress's default
    /// for a REST post type; attachments have their own).
    #[graphql(name = "restControllerClass")]
    async fn rest_controller_class(&self, ctx: &Context<'_>) -> Result<Option<&'static str>> {
        let rest = req(ctx)?
            .site
            .post_type(self.name.as_str())
            .is_some_and(|pt| pt.show_in_rest);
        Ok(rest.then_some(if self.name == "attachment" {
            "WP_REST_Attachments_Controller"
        } else {
            "WP_REST_Posts_Controller"
        }))
    }

    /// Description of the content type (WordPress registers none for its types: `''`).
    async fn description(&self) -> Option<String> {
        Some(String::new())
    }

    /// Whether to add the post type to the GraphQL Schema (every type listed here is).
    #[graphql(name = "showInGraphql")]
    async fn show_in_graphql(&self) -> Option<bool> {
        Some(true)
    }

    /// Whether the node is a Comment.
    #[graphql(name = "isComment")]
    pub(crate) async fn is_comment(&self) -> bool {
        false
    }

    /// Whether the object is restricted from the current viewer.
    #[graphql(name = "isRestricted")]
    async fn is_restricted(&self) -> Option<bool> {
        Some(false)
    }

    /// The taxonomies connected to the content type.
    #[graphql(name = "connectedTaxonomies")]
    async fn connected_taxonomies(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<ContentTypeToTaxonomyConnection>> {
        let r = req(ctx)?;
        let list: Vec<Taxonomy> = Taxonomy::all()
            .into_iter()
            .filter(|t| {
                r.site
                    .taxonomy(t.name)
                    .is_some_and(|tx| tx.object_types.iter().any(|o| o == self.name.as_str()))
            })
            .collect();
        let page = listed(&Args::new(first, last, after, before), list)?;
        Ok(Some(ContentTypeToTaxonomyConnection(page)))
    }
}

/// A registered taxonomy.
#[derive(Clone)]
pub struct Taxonomy {
    pub(crate) name: &'static str,
    single: &'static str,
    plural: &'static str,
}

impl Taxonomy {
    pub fn named(name: &str) -> Option<Taxonomy> {
        Taxonomy::all().into_iter().find(|t| t.name == name)
    }

    pub fn all() -> Vec<Taxonomy> {
        TAXONOMIES
            .iter()
            .map(|(name, single, plural)| Taxonomy {
                name,
                single,
                plural,
            })
            .collect()
    }
}

#[Object]
impl Taxonomy {
    /// The globally unique identifier of the taxonomy object.
    pub(crate) async fn id(&self) -> ID {
        ID(base64_key("taxonomy", self.name))
    }

    /// The display name of the taxonomy (WPGraphQL reads a `label` property `WP_Taxonomy`
    /// does not have, so it is null).
    async fn label(&self) -> Option<String> {
        None
    }

    /// The name of the taxonomy.
    async fn name(&self) -> Option<&str> {
        Some(self.name)
    }

    /// The singular name of the taxonomy within the GraphQL Schema.
    #[graphql(name = "graphqlSingleName")]
    async fn graphql_single_name(&self) -> Option<&str> {
        Some(self.single)
    }

    /// The plural name of the taxonomy within the GraphQL Schema.
    #[graphql(name = "graphqlPluralName")]
    async fn graphql_plural_name(&self) -> Option<&str> {
        Some(self.plural)
    }

    /// Whether the taxonomy is hierarchical.
    async fn hierarchical(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        Ok(req(ctx)?.site.taxonomy(self.name).map(|t| t.hierarchical))
    }

    /// Name of content type to display in REST API "wp/v2" routes.
    #[graphql(name = "restBase")]
    async fn rest_base(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        // A taxonomy registered without REST (post_format) has no `rest_base`.
        Ok(req(ctx)?
            .site
            .taxonomy(self.name)
            .filter(|t| t.show_in_rest)
            .map(|t| t.rest_base.clone())
            .filter(|b| !b.is_empty()))
    }

    /// Whether to add the taxonomy route in the REST API "wp/v2" namespace.
    #[graphql(name = "showInRest")]
    async fn show_in_rest(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        Ok(Some(
            req(ctx)?
                .site
                .taxonomy(self.name)
                .is_some_and(|t| t.show_in_rest),
        ))
    }

    /// The REST Controller class assigned to handling this taxonomy (WordPress's default).
    #[graphql(name = "restControllerClass")]
    async fn rest_controller_class(&self, ctx: &Context<'_>) -> Result<Option<&'static str>> {
        let rest = req(ctx)?
            .site
            .taxonomy(self.name)
            .is_some_and(|t| t.show_in_rest);
        Ok(rest.then_some("WP_REST_Terms_Controller"))
    }

    /// Description of the taxonomy (WordPress registers none for its taxonomies: `''`).
    async fn description(&self) -> Option<String> {
        Some(String::new())
    }

    /// Whether to add the taxonomy to the GraphQL Schema (every taxonomy listed here is).
    #[graphql(name = "showInGraphql")]
    async fn show_in_graphql(&self) -> Option<bool> {
        Some(true)
    }

    /// Whether the object is restricted from the current viewer.
    #[graphql(name = "isRestricted")]
    async fn is_restricted(&self) -> Option<bool> {
        Some(false)
    }

    /// The content types connected to the taxonomy.
    #[graphql(name = "connectedContentTypes")]
    async fn connected_content_types(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<TaxonomyToContentTypeConnection>> {
        let r = req(ctx)?;
        let list: Vec<ContentType> = r
            .site
            .taxonomy(self.name)
            .map(|t| {
                t.object_types
                    .iter()
                    .filter_map(|o| ContentType::named(o))
                    .collect()
            })
            .unwrap_or_default();
        let page = listed(&Args::new(first, last, after, before), list)?;
        Ok(Some(TaxonomyToContentTypeConnection(page)))
    }
}

/// A short registry list as one connection page (cursors by position, as WPGraphQL's
/// array-backed connections number them).
pub fn listed<T: Clone>(args: &Args, list: Vec<T>) -> Result<crate::conn::Page<T>> {
    let indexed: Vec<(u64, T)> = list
        .into_iter()
        .enumerate()
        .map(|(i, t)| (i as u64, t))
        .collect();
    Ok(args
        .window()?
        .page_in_memory(indexed, |(i, _)| *i)
        .map(|(_, t)| t))
}

/// A registry list keyed by name (roles) as one connection page: WPGraphQL's cursors there
/// are `arrayconnection:<name>`.
pub fn listed_by_name<T: Clone>(
    args: &Args,
    list: Vec<(String, T)>,
) -> Result<crate::conn::Page<T>> {
    // Page by position, with the cursors' names turned into positions (an unknown name
    // matches nothing, as an invalid offset does), then name the cursors.
    let position = |cursor: &Option<String>| -> Option<String> {
        let cursor = cursor.as_deref()?.trim();
        if cursor.is_empty() {
            return None;
        }
        let name = crate::ids::decode_cursor_key(cursor);
        let at = name
            .and_then(|n| list.iter().position(|(k, _)| *k == n))
            .map_or(u64::MAX, |i| i as u64);
        Some(crate::ids::cursor(at))
    };
    let by_position = Args::new(
        args.first,
        args.last,
        position(&args.after),
        position(&args.before),
    );
    let names: Vec<String> = list.iter().map(|(k, _)| k.clone()).collect();
    let mut page = listed(&by_position, list.into_iter().map(|(_, t)| t).collect())?;
    for (cursor, _) in &mut page.items {
        let at = crate::ids::decode_cursor(Some(cursor)).unwrap_or(0) as usize;
        if let Some(name) = names.get(at) {
            *cursor = base64_key("arrayconnection", name);
        }
    }
    Ok(page)
}

/// `TermNode`: a term of any taxonomy.
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "The globally unique ID for the object"),
    field(
        name = "database_id",
        ty = "i64",
        desc = "Identifies the primary key from the database."
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
        name = "description",
        ty = "Option<String>",
        desc = "The description of the object"
    ),
    field(
        name = "count",
        ty = "Option<i64>",
        desc = "The number of objects connected to the object"
    ),
    field(
        name = "taxonomy_name",
        ty = "Option<String>",
        desc = "The name of the taxonomy that the object is associated with"
    ),
    field(
        name = "uri",
        ty = "Option<String>",
        desc = "The unique resource identifier path"
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
pub enum TermNode {
    Category(Category),
    Tag(Tag),
    PostFormat(PostFormat),
}

impl TermNode {
    pub fn of(term: Arc<Term>) -> TermNode {
        match term.taxonomy.as_str() {
            "category" => TermNode::Category(Category(term)),
            "post_format" => TermNode::PostFormat(PostFormat(term)),
            _ => TermNode::Tag(Tag(term)),
        }
    }
}

/// `TermObjectsConnectionOrderbyEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum TermObjectsConnectionOrderbyEnum {
    #[graphql(name = "COUNT")]
    Count,
    #[graphql(name = "DESCRIPTION")]
    Description,
    #[graphql(name = "NAME")]
    Name,
    #[graphql(name = "SLUG")]
    Slug,
    #[graphql(name = "TERM_GROUP")]
    TermGroup,
    #[graphql(name = "TERM_ID")]
    TermId,
    #[graphql(name = "TERM_ORDER")]
    TermOrder,
}

macro_rules! term_where {
    ($name:ident { $($extra:tt)* }) => {
        /// Arguments for filtering the connection.
        #[derive(InputObject, Default)]
        pub struct $name {
            #[graphql(name = "childOf")]
            pub child_of: Option<i32>,
            pub childless: Option<bool>,
            #[graphql(name = "descriptionLike")]
            pub description_like: Option<String>,
            pub exclude: Option<Vec<Option<ID>>>,
            #[graphql(name = "hideEmpty")]
            pub hide_empty: Option<bool>,
            pub include: Option<Vec<Option<ID>>>,
            pub name: Option<Vec<Option<String>>>,
            #[graphql(name = "nameLike")]
            pub name_like: Option<String>,
            pub order: Option<OrderEnum>,
            pub orderby: Option<TermObjectsConnectionOrderbyEnum>,
            pub parent: Option<i32>,
            pub search: Option<String>,
            pub slug: Option<Vec<Option<String>>>,
            /// Only a cache key in `WP_Term_Query`: no effect on the result.
            #[graphql(name = "cacheDomain")]
            pub cache_domain: Option<String>,
            #[graphql(name = "excludeTree")]
            pub exclude_tree: Option<Vec<Option<ID>>>,
            pub hierarchical: Option<bool>,
            #[graphql(name = "objectIds")]
            pub object_ids: Option<Vec<Option<ID>>>,
            /// Pads `count` only for `fields => all`; WPGraphQL queries IDs, so no effect.
            #[graphql(name = "padCounts")]
            pub pad_counts: Option<bool>,
            /// WPGraphQL's misspelt alias of `termTaxonomyId`.
            #[graphql(
                name = "termTaxonomId",
                deprecation = "Use `termTaxonomyId` instead. This will be removed in the next major version of WPGraphQL."
            )]
            pub term_taxonom_id: Option<Vec<Option<ID>>>,
            #[graphql(name = "termTaxonomyId")]
            pub term_taxonomy_id: Option<Vec<Option<ID>>>,
            /// Only primes a cache in `WP_Term_Query`: no effect on the result.
            #[graphql(name = "updateTermMetaCache")]
            pub update_term_meta_cache: Option<bool>,
            $($extra)*
        }

        impl $name {
            pub fn filter(&self) -> TermFilter<'_> {
                TermFilter {
                    child_of: self.child_of,
                    childless: self.childless,
                    description_like: self.description_like.as_deref(),
                    exclude: &self.exclude,
                    hide_empty: self.hide_empty,
                    include: &self.include,
                    name: &self.name,
                    name_like: self.name_like.as_deref(),
                    order: self.order,
                    orderby: self.orderby,
                    parent: self.parent,
                    search: self.search.as_deref(),
                    slug: &self.slug,
                    exclude_tree: &self.exclude_tree,
                    hierarchical: self.hierarchical,
                    object_ids: &self.object_ids,
                    // `termTaxonomId` counts only when `termTaxonomyId` is empty.
                    term_taxonomy_id: if ids(&self.term_taxonomy_id).is_empty() {
                        &self.term_taxonom_id
                    } else {
                        &self.term_taxonomy_id
                    },
                }
            }
        }
    };
}

term_where!(RootQueryToCategoryConnectionWhereArgs {});
term_where!(RootQueryToTagConnectionWhereArgs {});
term_where!(RootQueryToPostFormatConnectionWhereArgs {});
term_where!(CategoryToCategoryConnectionWhereArgs {});
term_where!(RootQueryToTermNodeConnectionWhereArgs {
    pub taxonomies: Option<Vec<Option<TaxonomyEnum>>>,
});

/// The `get_terms` arguments every term connection shares.
pub struct TermFilter<'a> {
    child_of: Option<i32>,
    childless: Option<bool>,
    description_like: Option<&'a str>,
    exclude: &'a Option<Vec<Option<ID>>>,
    hide_empty: Option<bool>,
    include: &'a Option<Vec<Option<ID>>>,
    name: &'a Option<Vec<Option<String>>>,
    name_like: Option<&'a str>,
    order: Option<OrderEnum>,
    orderby: Option<TermObjectsConnectionOrderbyEnum>,
    parent: Option<i32>,
    search: Option<&'a str>,
    slug: &'a Option<Vec<Option<String>>>,
    exclude_tree: &'a Option<Vec<Option<ID>>>,
    hierarchical: Option<bool>,
    object_ids: &'a Option<Vec<Option<ID>>>,
    term_taxonomy_id: &'a Option<Vec<Option<ID>>>,
}

fn ids(list: &Option<Vec<Option<ID>>>) -> Vec<u64> {
    list.iter()
        .flatten()
        .flatten()
        .filter_map(|i| i.0.trim().parse().ok())
        .collect()
}

fn strings(list: &Option<Vec<Option<String>>>) -> Vec<String> {
    list.iter().flatten().flatten().cloned().collect()
}

/// Every descendant of `root` in `all` (`get_term_children`).
fn descendants_of(all: &[Arc<Term>], root: u64) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    let mut frontier = vec![root];
    while !frontier.is_empty() {
        let next: Vec<u64> = all
            .iter()
            .filter(|t| frontier.contains(&t.parent.0) && !out.contains(&t.term_id.0))
            .map(|t| t.term_id.0)
            .collect();
        out.extend(&next);
        frontier = next;
    }
    out
}

impl TermFilter<'_> {
    /// The children of `parent`: a resolver's `parent` replaces the argument (and, being
    /// positive, makes `get_terms` drop `child_of`).
    pub fn children_of(mut self, parent: u64) -> Self {
        self.parent = Some(i32::try_from(parent).unwrap_or(i32::MAX));
        self.child_of = None;
        self
    }

    /// The object IDs of `objectIds` (terms must be attached to one of them).
    pub fn object_ids(&self) -> Vec<u64> {
        ids(self.object_ids)
    }

    /// `get_terms` over a taxonomy's whole list (already in name order). `hierarchical` says
    /// whether a queried taxonomy is hierarchical; `attached`, the terms of `objectIds`.
    pub fn apply(
        &self,
        all: &[Arc<Term>],
        hierarchical: bool,
        attached: Option<&[u64]>,
    ) -> Vec<Arc<Term>> {
        let include = ids(self.include);
        // An `include` list makes `WP_Term_Query` drop `exclude` and `exclude_tree`.
        let (exclude, exclude_tree) = if include.is_empty() {
            (ids(self.exclude), ids(self.exclude_tree))
        } else {
            (Vec::new(), Vec::new())
        };
        let excluded_tree: Vec<u64> = exclude_tree
            .iter()
            .flat_map(|root| {
                let mut tree = descendants_of(all, *root);
                tree.push(*root);
                tree
            })
            .collect();
        let tt_ids = ids(self.term_taxonomy_id);
        let names = strings(self.name);
        let slugs = strings(self.slug);
        let lower = |s: &str| s.to_lowercase();
        // `parent` (when positive) overrides `child_of`.
        let child_of = self.child_of.filter(|_| self.parent.is_none_or(|p| p <= 0));
        let descendants: Option<Vec<u64>> = child_of.and_then(|root| {
            let root = u64::try_from(root).ok()?;
            Some(descendants_of(all, root))
        });
        // `hierarchical` (default true, off for flat taxonomies) keeps an empty term whose
        // descendants are not all empty when `hide_empty` is on.
        let hierarchical = hierarchical && self.hierarchical.unwrap_or(true);
        let non_empty = |t: &Arc<Term>| {
            t.count > 0
                || (hierarchical
                    && descendants_of(all, t.term_id.0).iter().any(|id| {
                        all.iter()
                            .any(|c| c.term_id.0 == *id && c.taxonomy == t.taxonomy && c.count > 0)
                    }))
        };
        let mut list: Vec<Arc<Term>> = all
            .iter()
            .filter(|t| include.is_empty() || include.contains(&t.term_id.0))
            .filter(|t| !exclude.contains(&t.term_id.0))
            .filter(|t| !excluded_tree.contains(&t.term_id.0))
            .filter(|t| tt_ids.is_empty() || tt_ids.contains(&t.term_taxonomy_id.0))
            .filter(|t| attached.is_none_or(|a| a.contains(&t.term_id.0)))
            .filter(|t| names.is_empty() || names.iter().any(|n| *n == t.name))
            .filter(|t| slugs.is_empty() || slugs.iter().any(|s| *s == t.slug))
            .filter(|t| !self.hide_empty.unwrap_or(false) || non_empty(t))
            .filter(|t| {
                self.parent
                    .is_none_or(|p| u64::try_from(p).is_ok_and(|p| t.parent.0 == p))
            })
            .filter(|t| {
                descendants
                    .as_ref()
                    .is_none_or(|d| d.contains(&t.term_id.0))
            })
            .filter(|t| {
                !self.childless.unwrap_or(false) || !all.iter().any(|c| c.parent.0 == t.term_id.0)
            })
            .filter(|t| {
                self.name_like
                    .is_none_or(|n| lower(&t.name).contains(&lower(n)))
            })
            .filter(|t| {
                self.description_like
                    .is_none_or(|d| lower(&t.description).contains(&lower(d)))
            })
            .filter(|t| {
                self.search.is_none_or(|s| {
                    lower(&t.name).contains(&lower(s)) || lower(&t.slug).contains(&lower(s))
                })
            })
            .cloned()
            .collect();
        let by = self
            .orderby
            .unwrap_or(TermObjectsConnectionOrderbyEnum::Name);
        list.sort_by(|a, b| {
            let ord = match by {
                TermObjectsConnectionOrderbyEnum::Count => a.count.cmp(&b.count),
                TermObjectsConnectionOrderbyEnum::Description => {
                    dterms::collation_key(&a.description)
                        .cmp(&dterms::collation_key(&b.description))
                }
                TermObjectsConnectionOrderbyEnum::Name => {
                    dterms::collation_key(&a.name).cmp(&dterms::collation_key(&b.name))
                }
                TermObjectsConnectionOrderbyEnum::Slug => a.slug.cmp(&b.slug),
                TermObjectsConnectionOrderbyEnum::TermGroup => a.term_group.cmp(&b.term_group),
                TermObjectsConnectionOrderbyEnum::TermId
                | TermObjectsConnectionOrderbyEnum::TermOrder => a.term_id.0.cmp(&b.term_id.0),
            };
            ord.then(a.term_id.0.cmp(&b.term_id.0))
        });
        if self.order == Some(OrderEnum::Desc) {
            list.reverse();
        }
        list
    }
}

/// Every term of the given taxonomies, filtered and ordered as `get_terms` does.
pub async fn filtered_terms(
    ctx: &Context<'_>,
    taxonomies: &[&'static str],
    filter: Option<TermFilter<'_>>,
) -> Result<Vec<Arc<Term>>> {
    let mut all: Vec<Arc<Term>> = Vec::new();
    for taxonomy in taxonomies {
        all.extend(query::taxonomy_terms(ctx, taxonomy).await?.iter().cloned());
    }
    if taxonomies.len() > 1 {
        all.sort_by(|a, b| {
            dterms::collation_key(&a.name)
                .cmp(&dterms::collation_key(&b.name))
                .then(a.term_id.0.cmp(&b.term_id.0))
        });
    }
    let Some(filter) = filter else {
        return Ok(all);
    };
    let r = req(ctx)?;
    let hierarchical = taxonomies
        .iter()
        .any(|t| r.site.taxonomy(t).is_some_and(|tx| tx.hierarchical));
    let objects = filter.object_ids();
    let attached: Option<Vec<u64>> = if objects.is_empty() {
        None
    } else {
        // One batch for every object and taxonomy (the `ObjectTerms` loader).
        let keys: Vec<ObjectTerms> = objects
            .iter()
            .flat_map(|o| taxonomies.iter().map(move |t| ObjectTerms(*o, t)))
            .collect();
        let found = r.loader.load_many(keys).await?;
        Some(
            found
                .values()
                .flat_map(|list| list.iter().map(|t| t.term_id.0))
                .collect(),
        )
    };
    Ok(filter.apply(&all, hierarchical, attached.as_deref()))
}

connection!(
    RootQueryToContentTypeConnection,
    RootQueryToContentTypeConnectionEdge,
    RootQueryToContentTypeConnectionPageInfo,
    ContentType
);
connection!(
    RootQueryToTaxonomyConnection,
    RootQueryToTaxonomyConnectionEdge,
    RootQueryToTaxonomyConnectionPageInfo,
    Taxonomy
);
connection!(
    ContentTypeToTaxonomyConnection,
    ContentTypeToTaxonomyConnectionEdge,
    ContentTypeToTaxonomyConnectionPageInfo,
    Taxonomy
);
connection!(
    TaxonomyToContentTypeConnection,
    TaxonomyToContentTypeConnectionEdge,
    TaxonomyToContentTypeConnectionPageInfo,
    ContentType
);
connection!(
    RootQueryToTermNodeConnection,
    RootQueryToTermNodeConnectionEdge,
    RootQueryToTermNodeConnectionPageInfo,
    TermNode
);
