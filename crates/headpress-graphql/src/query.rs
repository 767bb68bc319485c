//! Connection resolvers: `where` arguments translated into the domain's `PostQuery`, keyset
//! pages through `headpress_domain::graph`, terms and users paged in memory.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Result};
use chrono::{Datelike, NaiveDate};
use headpress_domain::graph::{self, Keyset};
use headpress_domain::posts::{Post as PostRow, PostOrderBy, PostQuery, TaxClause, TaxOperator};
use headpress_domain::terms::Term;

use crate::conn::{Args, Page, Window};
use crate::ctx::{NestedPosts, NestedPostsOf, NestedPostsSpec, Req, TaxonomyTerms, internal, req};
use crate::model::can_see;

/// One keyset page of posts; nodes the viewer may not see are left out (WPGraphQL drops
/// private nodes from lists after fetching).
pub async fn posts_page(
    ctx: &Context<'_>,
    q: PostQuery,
    args: &Args,
) -> Result<Page<Arc<PostRow>>> {
    let r = req(ctx)?;
    posts_page_visible(ctx, q, args, |p| can_see(r, p)).await
}

/// `posts_page` with the viewer's visibility rule given (revisions follow their parents).
pub async fn posts_page_visible(
    ctx: &Context<'_>,
    q: PostQuery,
    args: &Args,
    visible: impl Fn(&PostRow) -> bool,
) -> Result<Page<Arc<PostRow>>> {
    let window = args.window()?;
    let r = req(ctx)?;
    let rows = graph::posts_keyset(
        &r.site,
        &r.viewer,
        &q,
        Keyset {
            after: window.after,
            before: window.before,
            limit: window.fetch(),
            from_end: window.from_end,
        },
    )
    .await
    .map_err(internal)?;
    let page = window.page(rows, |p| p.id.0);
    let page = Page {
        items: page
            .items
            .into_iter()
            .filter(|(_, p)| visible(p))
            .map(|(c, p)| (c, Arc::new(p)))
            .collect(),
        has_next: page.has_next,
        has_previous: page.has_previous,
        total: crate::conn::Total::Posts(Arc::new(q)),
    };
    let rows: Vec<Arc<PostRow>> = page.items.iter().map(|(_, p)| p.clone()).collect();
    crate::prefetch::posts(ctx, &rows).await?;
    Ok(page)
}

/// One node's page of a nested post connection (`Category.posts`, `User.posts`,
/// `Page.children`; `q` without the node's own condition): loaded through the `NestedPosts` loader, so the same connection under
/// every node of a list costs one statement. No look-ahead prefetch here (it would run once
/// per node); the nodes' relations batch in the loaders.
pub async fn nested_posts_page(
    ctx: &Context<'_>,
    of: NestedPostsOf,
    node: u64,
    terms: Vec<u64>,
    q: PostQuery,
    args: &Args,
) -> Result<Page<Arc<PostRow>>> {
    let window = args.window()?;
    let r = req(ctx)?;
    // What `totalCount` counts: the same query restricted to this node.
    let mut counted = q.clone();
    match &of {
        NestedPostsOf::Parent => counted.parent_in = vec![node],
        NestedPostsOf::Author => counted.author_in = vec![node],
        NestedPostsOf::Terms(taxonomy) => counted.tax.push(TaxClause {
            taxonomy: taxonomy.clone(),
            terms: terms.clone(),
            include_children: true,
            operator: TaxOperator::In,
        }),
    }
    let spec = nested_spec(r, of, q, &window);
    let rows = r
        .loader
        .load_one(NestedPosts {
            spec,
            node,
            terms: terms.into(),
        })
        .await?
        .unwrap_or_default();
    let page = window.page(rows.to_vec(), |p| p.id.0);
    Ok(Page {
        items: page
            .items
            .into_iter()
            .filter(|(_, p)| can_see(r, p))
            .collect(),
        has_next: page.has_next,
        has_previous: page.has_previous,
        total: crate::conn::Total::Posts(Arc::new(counted)),
    })
}

/// The loader spec of a nested post connection with these arguments (the same for every node
/// of a list, so that their pages load together).
pub fn nested_spec(
    r: &Req,
    of: NestedPostsOf,
    q: PostQuery,
    window: &Window,
) -> Arc<NestedPostsSpec> {
    let keyset = Keyset {
        after: window.after,
        before: window.before,
        limit: window.fetch(),
        from_end: window.from_end,
    };
    Arc::new(NestedPostsSpec::new(of, q, keyset, r.viewer.clone()))
}

/// A category and its descendants (whose posts `Category.posts` lists), from the whole
/// taxonomy.
pub fn category_with_descendants(all: &[Arc<Term>], id: u64) -> Vec<u64> {
    let mut members = vec![id];
    let mut i = 0;
    while let Some(&parent) = members.get(i) {
        let children: Vec<u64> = all
            .iter()
            .filter(|t| t.parent.0 == parent && !members.contains(&t.term_id.0))
            .map(|t| t.term_id.0)
            .collect();
        members.extend(children);
        i += 1;
    }
    members
}

/// Every term of a taxonomy in name order (one statement per taxonomy and request).
pub async fn taxonomy_terms(
    ctx: &Context<'_>,
    taxonomy: &'static str,
) -> Result<Arc<Vec<Arc<Term>>>> {
    Ok(req(ctx)?
        .loader
        .load_one(TaxonomyTerms(taxonomy))
        .await?
        .unwrap_or_default())
}

/// `PostStatusEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum PostStatusEnum {
    #[graphql(name = "AUTO_DRAFT")]
    AutoDraft,
    #[graphql(name = "DRAFT")]
    Draft,
    #[graphql(name = "FUTURE")]
    Future,
    #[graphql(name = "INHERIT")]
    Inherit,
    #[graphql(name = "PENDING")]
    Pending,
    #[graphql(name = "PRIVATE")]
    Private,
    #[graphql(name = "PUBLISH")]
    Publish,
    #[graphql(name = "REQUEST_COMPLETED")]
    RequestCompleted,
    #[graphql(name = "REQUEST_CONFIRMED")]
    RequestConfirmed,
    #[graphql(name = "REQUEST_FAILED")]
    RequestFailed,
    #[graphql(name = "REQUEST_PENDING")]
    RequestPending,
    #[graphql(name = "TRASH")]
    Trash,
}

impl PostStatusEnum {
    pub(crate) fn wp(self) -> &'static str {
        match self {
            PostStatusEnum::AutoDraft => "auto-draft",
            PostStatusEnum::Draft => "draft",
            PostStatusEnum::Future => "future",
            PostStatusEnum::Inherit => "inherit",
            PostStatusEnum::Pending => "pending",
            PostStatusEnum::Private => "private",
            PostStatusEnum::Publish => "publish",
            PostStatusEnum::RequestCompleted => "request-completed",
            PostStatusEnum::RequestConfirmed => "request-confirmed",
            PostStatusEnum::RequestFailed => "request-failed",
            PostStatusEnum::RequestPending => "request-pending",
            PostStatusEnum::Trash => "trash",
        }
    }
}

/// `PostObjectsConnectionOrderbyEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum PostObjectsConnectionOrderbyEnum {
    #[graphql(name = "AUTHOR")]
    Author,
    #[graphql(name = "COMMENT_COUNT")]
    CommentCount,
    #[graphql(name = "DATE")]
    Date,
    #[graphql(name = "IN")]
    In,
    #[graphql(name = "MENU_ORDER")]
    MenuOrder,
    #[graphql(name = "MODIFIED")]
    Modified,
    #[graphql(name = "NAME_IN")]
    NameIn,
    #[graphql(name = "PARENT")]
    Parent,
    #[graphql(name = "SLUG")]
    Slug,
    #[graphql(name = "TITLE")]
    Title,
}

/// `OrderEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum OrderEnum {
    #[graphql(name = "ASC")]
    Asc,
    #[graphql(name = "DESC")]
    Desc,
}

/// `PostObjectsConnectionOrderbyInput`.
#[derive(InputObject)]
pub struct PostObjectsConnectionOrderbyInput {
    pub field: PostObjectsConnectionOrderbyEnum,
    pub order: OrderEnum,
}

/// `DateInput`.
#[derive(InputObject)]
pub struct DateInput {
    pub day: Option<i32>,
    pub hour: Option<i32>,
    pub minute: Option<i32>,
    pub month: Option<i32>,
    pub second: Option<i32>,
    pub year: Option<i32>,
}

/// `PostObjectsConnectionDateColumnEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum PostObjectsConnectionDateColumnEnum {
    /// The date the comment was created in local time.
    #[graphql(name = "DATE")]
    Date,
    /// The most recent modification date of the comment.
    #[graphql(name = "MODIFIED")]
    Modified,
}

/// `RelationEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum RelationEnum {
    /// All conditions must match (more restrictive filtering)
    #[graphql(name = "AND")]
    And,
    /// Any condition can match (more inclusive filtering)
    #[graphql(name = "OR")]
    Or,
}

/// `DateQueryInput`: one `WP_Date_Query` clause.
#[derive(InputObject)]
pub struct DateQueryInput {
    pub after: Option<DateInput>,
    pub before: Option<DateInput>,
    pub column: Option<PostObjectsConnectionDateColumnEnum>,
    pub compare: Option<String>,
    pub day: Option<i32>,
    pub hour: Option<i32>,
    pub inclusive: Option<bool>,
    pub minute: Option<i32>,
    pub month: Option<i32>,
    /// `WP_Date_Query`'s relation between clauses; `dateQuery` is one clause, so it changes
    /// nothing, as in WordPress.
    pub relation: Option<RelationEnum>,
    pub second: Option<i32>,
    pub week: Option<i32>,
    pub year: Option<i32>,
}

impl DateQueryInput {
    /// The domain's clause (`build_mysql_datetime` completes the bounds: an exclusive `after`
    /// and an inclusive `before` default to the latest time they name).
    fn clause(&self, start_of_week: i64) -> headpress_domain::date_query::DateClause {
        let inclusive = self.inclusive.unwrap_or(false);
        headpress_domain::date_query::DateClause {
            column: match self.column {
                Some(PostObjectsConnectionDateColumnEnum::Modified) => {
                    headpress_domain::date_query::DateColumn::Modified
                }
                _ => headpress_domain::date_query::DateColumn::Date,
            },
            compare: self.compare.clone(),
            inclusive,
            after: self.after.as_ref().and_then(|d| date_bound(d, !inclusive)),
            before: self.before.as_ref().and_then(|d| date_bound(d, inclusive)),
            year: self.year.map(i64::from),
            month: self.month.map(i64::from),
            week: self.week.map(i64::from),
            day: self.day.map(i64::from),
            hour: self.hour.map(i64::from),
            minute: self.minute.map(i64::from),
            second: self.second.map(i64::from),
            start_of_week,
        }
    }
}

/// `ContentTemplateEnum`: the templates of the site's theme (see `model::ContentTemplate`),
/// named by WPGraphQL from their identifiers.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ContentTemplateEnum {
    /// The "Blank" template.
    #[graphql(name = "BLANK_BLOCK_TEMPLATE")]
    Blank,
    /// The "Blog (Alternative)" template.
    #[graphql(name = "BLOG_ALTERNATIVE_BLOCK_TEMPLATE")]
    BlogAlternative,
    /// The default template, applied when no specific template is assigned.
    #[graphql(name = "DEFAULT_TEMPLATE")]
    Default,
}

impl ContentTemplateEnum {
    /// The `_wp_page_template` value.
    fn wp(self) -> &'static str {
        match self {
            ContentTemplateEnum::Blank => "blank",
            ContentTemplateEnum::BlogAlternative => "blog-alternative",
            ContentTemplateEnum::Default => "default",
        }
    }
}

/// `WP_Date_Query::build_mysql_datetime`: missing parts are the earliest or latest value.
fn date_bound(d: &DateInput, max: bool) -> Option<chrono::NaiveDateTime> {
    let year = d.year?;
    let month = d.month.unwrap_or(if max { 12 } else { 1 });
    let month = u32::try_from(month).ok()?;
    let day = match d.day {
        Some(day) => u32::try_from(day).ok()?,
        None if max => {
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            }?;
            next.pred_opt()?.day()
        }
        None => 1,
    };
    let part = |v: Option<i32>, top: u32| -> Option<u32> {
        match v {
            Some(v) => u32::try_from(v).ok(),
            None => Some(if max { top } else { 0 }),
        }
    };
    NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(
        part(d.hour, 23)?,
        part(d.minute, 59)?,
        part(d.second, 59)?,
    )
}

macro_rules! post_where {
    ($name:ident, $gql:literal, { $($extra:tt)* }) => {
        /// Arguments for filtering the connection.
        #[derive(InputObject, Default)]
        #[graphql(name = $gql)]
        pub struct $name {
            pub author: Option<i32>,
            #[graphql(name = "authorIn")]
            pub author_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "authorName")]
            pub author_name: Option<String>,
            #[graphql(name = "authorNotIn")]
            pub author_not_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "dateQuery")]
            pub date_query: Option<DateQueryInput>,
            #[graphql(name = "hasPassword")]
            pub has_password: Option<bool>,
            pub id: Option<i32>,
            #[graphql(name = "in")]
            pub in_: Option<Vec<Option<ID>>>,
            /// True to limit the results to sticky posts; false to exclude sticky posts.
            #[graphql(name = "isSticky")]
            pub is_sticky: Option<bool>,
            /// Get objects with a specific mimeType property
            #[graphql(name = "mimeType")]
            pub mime_type: Option<crate::mime::MimeTypeEnum>,
            pub name: Option<String>,
            #[graphql(name = "nameIn")]
            pub name_in: Option<Vec<Option<String>>>,
            #[graphql(name = "notIn")]
            pub not_in: Option<Vec<Option<ID>>>,
            pub orderby: Option<Vec<Option<PostObjectsConnectionOrderbyInput>>>,
            pub parent: Option<ID>,
            #[graphql(name = "parentIn")]
            pub parent_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "parentNotIn")]
            pub parent_not_in: Option<Vec<Option<ID>>>,
            pub search: Option<String>,
            /// Show posts with a specific password.
            pub password: Option<String>,
            pub stati: Option<Vec<Option<PostStatusEnum>>>,
            pub status: Option<PostStatusEnum>,
            /// Filter the connection to content assigned a specific template.
            pub template: Option<ContentTemplateEnum>,
            /// Title of the object
            pub title: Option<String>,
            $($extra)*
        }
    };
}

/// The `where` arguments of connections to posts: the common ones and the taxonomy ones.
macro_rules! post_where_with_taxonomies {
    ($name:ident, $gql:literal) => {
        post_where!($name, $gql, {
            #[graphql(name = "categoryId")]
            pub category_id: Option<i32>,
            #[graphql(name = "categoryIn")]
            pub category_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "categoryName")]
            pub category_name: Option<String>,
            #[graphql(name = "categoryNotIn")]
            pub category_not_in: Option<Vec<Option<ID>>>,
            pub tag: Option<String>,
            #[graphql(name = "tagId")]
            pub tag_id: Option<String>,
            #[graphql(name = "tagIn")]
            pub tag_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "tagNotIn")]
            pub tag_not_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "tagSlugAnd")]
            pub tag_slug_and: Option<Vec<Option<String>>>,
            #[graphql(name = "tagSlugIn")]
            pub tag_slug_in: Option<Vec<Option<String>>>,
        });
    };
}

post_where_with_taxonomies!(
    RootQueryToPostConnectionWhereArgs,
    "RootQueryToPostConnectionWhereArgs"
);
post_where_with_taxonomies!(
    UserToPostConnectionWhereArgs,
    "UserToPostConnectionWhereArgs"
);
post_where_with_taxonomies!(
    CategoryToPostConnectionWhereArgs,
    "CategoryToPostConnectionWhereArgs"
);
post_where_with_taxonomies!(TagToPostConnectionWhereArgs, "TagToPostConnectionWhereArgs");
post_where_with_taxonomies!(
    PostFormatToPostConnectionWhereArgs,
    "PostFormatToPostConnectionWhereArgs"
);

post_where!(
    RootQueryToPageConnectionWhereArgs,
    "RootQueryToPageConnectionWhereArgs",
    {}
);

post_where!(
    RootQueryToMediaItemConnectionWhereArgs,
    "RootQueryToMediaItemConnectionWhereArgs",
    {}
);

/// The `where` arguments of connections to `ContentNode`s (`contentNodes`, `revisions`).
macro_rules! content_node_where {
    ($name:ident) => {
        /// Arguments for filtering the connection.
        #[derive(InputObject, Default)]
        pub struct $name {
            #[graphql(name = "contentTypes")]
            pub content_types: Option<Vec<Option<crate::content::ContentTypeEnum>>>,
            #[graphql(name = "dateQuery")]
            pub date_query: Option<DateQueryInput>,
            #[graphql(name = "hasPassword")]
            pub has_password: Option<bool>,
            pub id: Option<i32>,
            #[graphql(name = "in")]
            pub in_: Option<Vec<Option<ID>>>,
            /// True to limit the results to sticky posts; false to exclude sticky posts.
            #[graphql(name = "isSticky")]
            pub is_sticky: Option<bool>,
            #[graphql(name = "mimeType")]
            pub mime_type: Option<crate::mime::MimeTypeEnum>,
            pub name: Option<String>,
            #[graphql(name = "nameIn")]
            pub name_in: Option<Vec<Option<String>>>,
            #[graphql(name = "notIn")]
            pub not_in: Option<Vec<Option<ID>>>,
            pub orderby: Option<Vec<Option<PostObjectsConnectionOrderbyInput>>>,
            pub parent: Option<ID>,
            #[graphql(name = "parentIn")]
            pub parent_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "parentNotIn")]
            pub parent_not_in: Option<Vec<Option<ID>>>,
            pub search: Option<String>,
            /// Show posts with a specific password.
            pub password: Option<String>,
            pub stati: Option<Vec<Option<PostStatusEnum>>>,
            pub status: Option<PostStatusEnum>,
            /// Filter the connection to content assigned a specific template.
            pub template: Option<ContentTemplateEnum>,
            /// Title of the object
            pub title: Option<String>,
        }

        impl $name {
            /// The common arguments (these connections have no author arguments).
            pub fn common(&self) -> CommonWhere<'_> {
                CommonWhere {
                    author: None,
                    author_in: &None,
                    author_name: None,
                    author_not_in: &None,
                    date_query: self.date_query.as_ref(),
                    has_password: self.has_password,
                    id: self.id,
                    in_: &self.in_,
                    name: self.name.as_deref(),
                    name_in: &self.name_in,
                    not_in: &self.not_in,
                    orderby: &self.orderby,
                    parent: self.parent.as_ref(),
                    parent_in: &self.parent_in,
                    parent_not_in: &self.parent_not_in,
                    search: self.search.as_deref(),
                    stati: &self.stati,
                    status: self.status,
                    is_sticky: self.is_sticky,
                    mime_type: self.mime_type,
                    password: self.password.as_deref(),
                    template: self.template,
                    title: self.title.as_deref(),
                }
            }
        }
    };
}

content_node_where!(RootQueryToContentNodeConnectionWhereArgs);
content_node_where!(RootQueryToRevisionsConnectionWhereArgs);
content_node_where!(HierarchicalContentNodeToContentNodeChildrenConnectionWhereArgs);

/// `post_mime_type` as WP_Query matches it (through the domain's MIME lookup).
pub async fn apply_mime(ctx: &Context<'_>, q: &mut PostQuery, mime: &str) -> Result<()> {
    let r = req(ctx)?;
    let found = headpress_domain::media::ids_by_mime(
        &r.site,
        &headpress_domain::media::MimeFilter::Exact(mime.to_owned()),
    )
    .await
    .map_err(internal)?;
    if q.include.is_empty() {
        q.include = found;
    } else {
        q.include.retain(|id| found.contains(id));
    }
    if q.include.is_empty() {
        q.match_nothing = true;
    }
    Ok(())
}

fn id_list(list: &Option<Vec<Option<ID>>>) -> Vec<u64> {
    list.iter()
        .flatten()
        .flatten()
        .filter_map(|id| id.0.trim().parse::<u64>().ok())
        .collect()
}

fn strings(list: &Option<Vec<Option<String>>>) -> Vec<String> {
    list.iter().flatten().flatten().cloned().collect()
}

/// The parts of `where` common to every post type.
pub struct CommonWhere<'a> {
    pub author: Option<i32>,
    pub author_in: &'a Option<Vec<Option<ID>>>,
    pub author_name: Option<&'a str>,
    pub author_not_in: &'a Option<Vec<Option<ID>>>,
    pub date_query: Option<&'a DateQueryInput>,
    pub has_password: Option<bool>,
    pub id: Option<i32>,
    pub in_: &'a Option<Vec<Option<ID>>>,
    pub name: Option<&'a str>,
    pub name_in: &'a Option<Vec<Option<String>>>,
    pub not_in: &'a Option<Vec<Option<ID>>>,
    pub orderby: &'a Option<Vec<Option<PostObjectsConnectionOrderbyInput>>>,
    pub parent: Option<&'a ID>,
    pub parent_in: &'a Option<Vec<Option<ID>>>,
    pub parent_not_in: &'a Option<Vec<Option<ID>>>,
    pub search: Option<&'a str>,
    pub stati: &'a Option<Vec<Option<PostStatusEnum>>>,
    pub status: Option<PostStatusEnum>,
    pub is_sticky: Option<bool>,
    pub mime_type: Option<crate::mime::MimeTypeEnum>,
    pub password: Option<&'a str>,
    pub template: Option<ContentTemplateEnum>,
    pub title: Option<&'a str>,
}

macro_rules! common {
    ($w:expr) => {
        $crate::query::CommonWhere {
            author: $w.author,
            author_in: &$w.author_in,
            author_name: $w.author_name.as_deref(),
            author_not_in: &$w.author_not_in,
            date_query: $w.date_query.as_ref(),
            has_password: $w.has_password,
            id: $w.id,
            in_: &$w.in_,
            name: $w.name.as_deref(),
            name_in: &$w.name_in,
            not_in: &$w.not_in,
            orderby: &$w.orderby,
            parent: $w.parent.as_ref(),
            parent_in: &$w.parent_in,
            parent_not_in: &$w.parent_not_in,
            search: $w.search.as_deref(),
            stati: &$w.stati,
            status: $w.status,
            is_sticky: $w.is_sticky,
            mime_type: $w.mime_type,
            password: $w.password.as_deref(),
            template: $w.template,
            title: $w.title.as_deref(),
        }
    };
}
pub(crate) use common;

/// Applies the common `where` arguments to a `WP_Query`, as WPGraphQL's
/// `PostObjectConnectionResolver::sanitize_input_fields` maps them.
pub async fn apply_common(ctx: &Context<'_>, q: &mut PostQuery, w: CommonWhere<'_>) -> Result<()> {
    let r = req(ctx)?;
    if let Some(author) = w.author {
        q.author_in.push(u64::try_from(author).unwrap_or(0));
    }
    q.author_in.extend(id_list(w.author_in));
    q.author_not_in.extend(id_list(w.author_not_in));
    if let Some(name) = w.author_name {
        // `author_name` is a user_nicename.
        let found = headpress_domain::users::query(
            &r.site,
            &headpress_domain::users::UserQuery {
                include: vec![],
                exclude: vec![],
                search: None,
                nicenames: vec![name.to_owned()],
                nicenames_not_in: vec![],
                logins: vec![],
                logins_not_in: vec![],
                roles_all: vec![],
                roles_not_in: vec![],
                roles: vec![],
                authors_only: false,
                has_published_posts: None,
                order_by: headpress_domain::users::UserOrderBy::Id,
                order_desc: false,
                limit: 1,
                offset: 0,
            },
        )
        .await
        .map_err(internal)?;
        match found.users.first() {
            Some(u) => q.author_in.push(u.id.0),
            None => q.match_nothing = true,
        }
    }
    if let Some(id) = w.id {
        q.include.push(u64::try_from(id).unwrap_or(0));
    }
    q.include.extend(id_list(w.in_));
    q.exclude.extend(id_list(w.not_in));
    if let Some(name) = w.name {
        q.slugs.push(name.to_owned());
    }
    q.slugs.extend(strings(w.name_in));
    if let Some(parent) = w.parent {
        q.parent_in.push(parent.0.trim().parse().unwrap_or(0));
    }
    q.parent_in.extend(id_list(w.parent_in));
    q.parent_not_in.extend(id_list(w.parent_not_in));
    if let Some(search) = w.search {
        q.search = Some(search.to_owned());
        q.order_by = PostOrderBy::Relevance;
    }
    if let Some(dq) = w.date_query {
        q.date_query = Some(dq.clause(r.options.get_i64("start_of_week", 1)));
    }
    q.has_password = w.has_password;
    q.password = w.password.map(str::to_owned);
    q.title = w.title.map(str::to_owned);
    q.page_template = w.template.map(|t| t.wp().to_owned());
    if let Some(sticky) = w.is_sticky {
        // `isSticky` filters (WPGraphQL never floats sticky posts): true keeps the sticky
        // posts (within any `in` list), false leaves them out.
        let list = r.options.sticky_posts();
        if sticky {
            if q.include.is_empty() {
                q.include = list;
            } else {
                q.include.retain(|id| list.contains(id));
            }
            if q.include.is_empty() {
                q.match_nothing = true;
            }
        } else {
            q.exclude.extend(list);
        }
    }
    if let Some(mime) = w.mime_type {
        apply_mime(ctx, q, mime.mime()).await?;
    }
    let mut stati: Vec<String> = w
        .stati
        .iter()
        .flatten()
        .flatten()
        .map(|s| s.wp().to_owned())
        .collect();
    if let Some(status) = w.status {
        stati.push(status.wp().to_owned());
    }
    if !stati.is_empty() {
        // `PostObjectConnectionResolver::sanitize_post_stati`: `publish` always; others
        // with the type's `edit_posts` (but `private` only with `read_private_posts`);
        // nothing left means no results.
        let (edit, read_private) = match r.site.post_type(&q.post_type) {
            Some(pt) => (pt.cap("edit"), pt.cap("read_private")),
            None => ("edit_posts".to_owned(), "read_private_posts".to_owned()),
        };
        let allowed: Vec<String> = stati
            .into_iter()
            .filter(|s| {
                s == "publish"
                    || (r.viewer.can(&edit) && s != "private")
                    || r.viewer.can(&read_private)
            })
            .collect();
        if allowed.is_empty() {
            q.match_nothing = true;
        } else {
            q.statuses = allowed;
        }
    }
    if w.orderby.as_ref().is_none_or(|list| list.is_empty()) && !q.include.is_empty() {
        // WPGraphQL orders an `in` list by its own order unless asked otherwise.
        q.order_by = PostOrderBy::Include;
    }
    if let Some(Some(order)) = w.orderby.as_ref().and_then(|list| list.first()) {
        q.order_desc = order.order == OrderEnum::Desc;
        q.order_by = match order.field {
            PostObjectsConnectionOrderbyEnum::Author => PostOrderBy::Author,
            PostObjectsConnectionOrderbyEnum::CommentCount
            | PostObjectsConnectionOrderbyEnum::Date => PostOrderBy::Date,
            PostObjectsConnectionOrderbyEnum::In => PostOrderBy::Include,
            PostObjectsConnectionOrderbyEnum::MenuOrder => PostOrderBy::MenuOrder,
            PostObjectsConnectionOrderbyEnum::Modified => PostOrderBy::Modified,
            PostObjectsConnectionOrderbyEnum::NameIn => PostOrderBy::IncludeSlugs,
            PostObjectsConnectionOrderbyEnum::Parent => PostOrderBy::Parent,
            PostObjectsConnectionOrderbyEnum::Slug => PostOrderBy::Slug,
            PostObjectsConnectionOrderbyEnum::Title => PostOrderBy::Title,
        };
    }
    Ok(())
}

/// Term IDs for slugs (`category_name`, `tag`, `tag_slug__in`).
async fn term_ids_by_slug(
    ctx: &Context<'_>,
    taxonomy: &'static str,
    slugs: &[String],
) -> Result<Vec<u64>> {
    let all = taxonomy_terms(ctx, taxonomy).await?;
    Ok(slugs
        .iter()
        .filter_map(|s| all.iter().find(|t| t.slug == *s).map(|t| t.term_id.0))
        .collect())
}

async fn with_children(ctx: &Context<'_>, ids: Vec<u64>) -> Result<Vec<u64>> {
    let all = taxonomy_terms(ctx, "category").await?;
    let mut out = ids.clone();
    let mut frontier = ids;
    while !frontier.is_empty() {
        let next: Vec<u64> = all
            .iter()
            .filter(|t| frontier.contains(&t.parent.0) && !out.contains(&t.term_id.0))
            .map(|t| t.term_id.0)
            .collect();
        out.extend(&next);
        frontier = next;
    }
    Ok(out)
}

/// The taxonomy `where` arguments every post connection has (root, `User.posts`, terms'
/// `posts`), borrowed from whichever input type carries them (see `post_taxonomies!`).
pub struct PostTaxonomyWhere<'a> {
    pub category_id: Option<i32>,
    pub category_in: &'a Option<Vec<Option<ID>>>,
    pub category_name: Option<&'a String>,
    pub category_not_in: &'a Option<Vec<Option<ID>>>,
    pub tag: Option<&'a String>,
    pub tag_id: Option<&'a str>,
    pub tag_in: &'a Option<Vec<Option<ID>>>,
    pub tag_not_in: &'a Option<Vec<Option<ID>>>,
    pub tag_slug_and: &'a Option<Vec<Option<String>>>,
    pub tag_slug_in: &'a Option<Vec<Option<String>>>,
}

macro_rules! post_taxonomies {
    ($w:expr) => {
        $crate::query::PostTaxonomyWhere {
            category_id: $w.category_id,
            category_in: &$w.category_in,
            category_name: $w.category_name.as_ref(),
            category_not_in: &$w.category_not_in,
            tag: $w.tag.as_ref(),
            tag_id: $w.tag_id.as_deref(),
            tag_in: &$w.tag_in,
            tag_not_in: &$w.tag_not_in,
            tag_slug_and: &$w.tag_slug_and,
            tag_slug_in: &$w.tag_slug_in,
        }
    };
}
pub(crate) use post_taxonomies;

/// The taxonomy arguments of the posts connection.
pub async fn apply_post_taxonomies(
    ctx: &Context<'_>,
    q: &mut PostQuery,
    w: PostTaxonomyWhere<'_>,
) -> Result<()> {
    let clause = |taxonomy: &str, terms: Vec<u64>, operator: TaxOperator| TaxClause {
        taxonomy: taxonomy.to_owned(),
        terms,
        include_children: true,
        operator,
    };
    let mut cats: Vec<u64> = Vec::new();
    if let Some(id) = w.category_id {
        cats.push(u64::try_from(id).unwrap_or(0));
    }
    // `category__in` matches the terms themselves; `cat`/`category_name` their children too.
    let category_in = id_list(w.category_in);
    if !category_in.is_empty() {
        q.tax.push(clause("category", category_in, TaxOperator::In));
    }
    if let Some(name) = w.category_name {
        let found = term_ids_by_slug(ctx, "category", std::slice::from_ref(name)).await?;
        if found.is_empty() {
            q.match_nothing = true;
        }
        cats.extend(found);
    }
    if !cats.is_empty() {
        let all = with_children(ctx, cats).await?;
        q.tax.push(clause("category", all, TaxOperator::In));
    }
    let not_cats = id_list(w.category_not_in);
    if !not_cats.is_empty() {
        q.tax.push(clause("category", not_cats, TaxOperator::NotIn));
    }
    let mut tags: Vec<u64> = id_list(w.tag_in);
    if let Some(id) = w.tag_id.and_then(|s| s.trim().parse().ok()) {
        tags.push(id);
    }
    let mut slugs: Vec<String> = strings(w.tag_slug_in);
    if let Some(tag) = w.tag {
        slugs.extend(tag.split([',', '+']).map(|s| s.trim().to_owned()));
    }
    if !slugs.is_empty() {
        let found = term_ids_by_slug(ctx, "post_tag", &slugs).await?;
        if found.is_empty() && tags.is_empty() {
            q.match_nothing = true;
        }
        tags.extend(found);
    }
    if !tags.is_empty() {
        q.tax.push(clause("post_tag", tags, TaxOperator::In));
    }
    let not_tags = id_list(w.tag_not_in);
    if !not_tags.is_empty() {
        q.tax.push(clause("post_tag", not_tags, TaxOperator::NotIn));
    }
    let and = strings(w.tag_slug_and);
    if !and.is_empty() {
        let found = term_ids_by_slug(ctx, "post_tag", &and).await?;
        if found.len() < and.len() {
            q.match_nothing = true;
        }
        q.tax.push(clause("post_tag", found, TaxOperator::And));
    }
    Ok(())
}
