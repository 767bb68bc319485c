//! Comments as WPGraphQL models them: `Comment`, its `Commenter` (a `User`, or a guest
//! `CommentAuthor`), `replies`, `commentedOn`, and the comment connections (keyset pages of
//! IDs from `headpress_domain::graph`, rows through the comment loader).

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Interface, Object, Result};
use headpress_domain::comments::Comment as CommentRow;
use headpress_domain::graph::{self, CommentFilter, Keyset};
use headpress_php::render as wp;

use crate::conn::{Args, Page, connection};
use crate::ctx::{CommentId, FirstComments, PostId, UserId, internal, req};
use crate::model::{Avatar, AvatarRatingEnum, ContentNode, User, load_post, typed_content};
use crate::query::OrderEnum;
use crate::{ids, links};

/// `CommentStatusEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum CommentStatusEnum {
    #[graphql(name = "APPROVE")]
    Approve,
    #[graphql(name = "HOLD")]
    Hold,
    #[graphql(name = "SPAM")]
    Spam,
    #[graphql(name = "TRASH")]
    Trash,
}

impl CommentStatusEnum {
    fn approved_value(self) -> &'static str {
        match self {
            CommentStatusEnum::Approve => "1",
            CommentStatusEnum::Hold => "0",
            CommentStatusEnum::Spam => "spam",
            CommentStatusEnum::Trash => "trash",
        }
    }
}

/// `CommentNodeIdTypeEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum CommentNodeIdTypeEnum {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
}

macro_rules! comment_where {
    ($name:ident) => {
        /// Arguments for filtering the connection.
        #[derive(InputObject, Default)]
        pub struct $name {
            #[graphql(name = "contentId")]
            pub content_id: Option<ID>,
            #[graphql(name = "contentIdIn")]
            pub content_id_in: Option<Vec<Option<ID>>>,
            pub order: Option<OrderEnum>,
            pub parent: Option<i32>,
            #[graphql(name = "parentIn")]
            pub parent_in: Option<Vec<Option<ID>>>,
            #[graphql(
                deprecation = "Deprecated in favor of statusIn which accepts a list of one or more CommentStatusEnum values instead of a string"
            )]
            pub status: Option<String>,
            #[graphql(name = "statusIn")]
            pub status_in: Option<Vec<Option<CommentStatusEnum>>>,
            #[graphql(name = "commentType")]
            pub comment_type: Option<String>,
            #[graphql(name = "userId")]
            pub user_id: Option<ID>,
            #[graphql(name = "authorEmail")]
            pub author_email: Option<String>,
            #[graphql(name = "authorIn")]
            pub author_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "authorNotIn")]
            pub author_not_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "authorUrl")]
            pub author_url: Option<String>,
            #[graphql(name = "commentIn")]
            pub comment_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "commentNotIn")]
            pub comment_not_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "commentTypeIn")]
            pub comment_type_in: Option<Vec<Option<String>>>,
            #[graphql(name = "commentTypeNotIn")]
            pub comment_type_not_in: Option<String>,
            #[graphql(name = "contentAuthor")]
            pub content_author: Option<Vec<Option<ID>>>,
            #[graphql(name = "contentAuthorIn")]
            pub content_author_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "contentAuthorNotIn")]
            pub content_author_not_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "contentIdNotIn")]
            pub content_id_not_in: Option<Vec<Option<ID>>>,
            #[graphql(name = "contentName")]
            pub content_name: Option<String>,
            #[graphql(name = "contentParent")]
            pub content_parent: Option<i32>,
            #[graphql(name = "contentStatus")]
            pub content_status: Option<Vec<Option<crate::query::PostStatusEnum>>>,
            #[graphql(name = "contentType")]
            pub content_type: Option<Vec<Option<crate::content::ContentTypeEnum>>>,
            #[graphql(name = "includeUnapproved")]
            pub include_unapproved: Option<Vec<Option<ID>>>,
            pub karma: Option<i32>,
            pub orderby: Option<CommentsConnectionOrderbyEnum>,
            #[graphql(name = "parentNotIn")]
            pub parent_not_in: Option<Vec<Option<ID>>>,
            pub search: Option<String>,
        }

        impl $name {
            pub fn apply(&self, filter: &mut CommentFilter) {
                let ids = |list: &Option<Vec<Option<ID>>>| -> Vec<u64> {
                    list.iter().flatten().flatten().filter_map(database_id).collect()
                };
                filter.author_email = self.author_email.clone().filter(|e| !e.is_empty());
                filter.author_url = self.author_url.clone().filter(|u| !u.is_empty());
                filter.author_in = ids(&self.author_in);
                filter.user_not_in = ids(&self.author_not_in);
                filter.comment_in = ids(&self.comment_in);
                filter.comment_not_in = ids(&self.comment_not_in);
                filter.post_not_in = ids(&self.content_id_not_in);
                filter.parent_not_in = ids(&self.parent_not_in);
                let mut types: Vec<String> = self.comment_type.iter().cloned().collect();
                types.extend(self.comment_type_in.iter().flatten().flatten().cloned());
                filter.type_in = comment_types(&types);
                filter.type_not_in =
                    comment_types(&self.comment_type_not_in.iter().cloned().collect::<Vec<_>>());
                // `post_author` and `post_author__in` are both `post_author IN (…)` clauses.
                filter.post_author_in = ids(&self.content_author);
                let author_in = ids(&self.content_author_in);
                if !author_in.is_empty() {
                    if filter.post_author_in.is_empty() {
                        filter.post_author_in = author_in;
                    } else {
                        filter.post_author_in.retain(|a| author_in.contains(a));
                        if filter.post_author_in.is_empty() {
                            // Two disjoint lists: no post matches (no user has ID 0).
                            filter.post_author_in = vec![0];
                        }
                    }
                }
                filter.post_author_not_in = ids(&self.content_author_not_in);
                filter.post_name = self.content_name.clone();
                filter.post_parent = self.content_parent.and_then(|p| u64::try_from(p).ok());
                filter.post_status = self
                    .content_status
                    .iter()
                    .flatten()
                    .flatten()
                    .map(|s| s.wp().to_owned())
                    .collect();
                filter.post_type = self
                    .content_type
                    .iter()
                    .flatten()
                    .flatten()
                    .map(|t| t.wp().to_owned())
                    .collect();
                for id in self.include_unapproved.iter().flatten().flatten() {
                    let text = id.0.trim();
                    if text.contains('@') {
                        filter.unapproved_emails.push(text.to_owned());
                    } else if let Some(n) = database_id(id) {
                        filter.unapproved_users.push(n);
                    }
                }
                filter.karma = self.karma.map(i64::from);
                filter.search = self.search.clone().filter(|s| !s.is_empty());
                if let Some(by) = self.orderby {
                    filter.order_by = by.wp();
                }
                if let Some(id) = self.content_id.as_ref().and_then(database_id) {
                    filter.post_in.push(id);
                }
                filter.post_in.extend(ids(&self.content_id_in));
                if let Some(parent) = self.parent.and_then(|p| u64::try_from(p).ok()) {
                    filter.parent_in.push(parent);
                }
                filter.parent_in.extend(ids(&self.parent_in));
                if let Some(status) = &self.status {
                    filter.approved = status
                        .split(',')
                        .map(|s| match s.trim() {
                            "approve" => "1".to_owned(),
                            "hold" => "0".to_owned(),
                            other => other.to_owned(),
                        })
                        .collect();
                }
                let stati: Vec<String> = self
                    .status_in
                    .iter()
                    .flatten()
                    .flatten()
                    .map(|s| s.approved_value().to_owned())
                    .collect();
                if !stati.is_empty() {
                    filter.approved = stati;
                }
                if let Some(user) = self.user_id.as_ref().and_then(database_id) {
                    filter.user_in.push(user);
                }
                if let Some(order) = self.order {
                    filter.ascending = order == OrderEnum::Asc;
                }
            }
        }
    };
}

/// `Utils::get_database_id_from_id`: a number, or the number in a global ID.
fn database_id(id: &ID) -> Option<u64> {
    let text = id.0.trim();
    if let Ok(n) = text.parse::<i64>() {
        return Some(n.unsigned_abs());
    }
    ids::from_global_id(text).and_then(|(_, key)| key.parse().ok())
}

/// `WP_Comment_Query`'s comment types: `comment` also means `''`, `pings` means pingbacks and
/// trackbacks, `''` and `all` mean no restriction.
fn comment_types(types: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in types {
        let expanded: Vec<&str> = match t.as_str() {
            "" | "all" => vec![],
            "comment" | "comments" => vec!["", "comment"],
            "pings" => vec!["pingback", "trackback"],
            other => vec![other],
        };
        for e in expanded {
            if !out.iter().any(|o| o == e) {
                out.push(e.to_owned());
            }
        }
    }
    out
}

/// `CommentsConnectionOrderbyEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum CommentsConnectionOrderbyEnum {
    #[graphql(name = "COMMENT_AGENT")]
    CommentAgent,
    #[graphql(name = "COMMENT_APPROVED")]
    CommentApproved,
    #[graphql(name = "COMMENT_AUTHOR")]
    CommentAuthor,
    #[graphql(name = "COMMENT_AUTHOR_EMAIL")]
    CommentAuthorEmail,
    #[graphql(name = "COMMENT_AUTHOR_IP")]
    CommentAuthorIp,
    #[graphql(name = "COMMENT_AUTHOR_URL")]
    CommentAuthorUrl,
    #[graphql(name = "COMMENT_CONTENT")]
    CommentContent,
    #[graphql(name = "COMMENT_DATE")]
    CommentDate,
    #[graphql(name = "COMMENT_DATE_GMT")]
    CommentDateGmt,
    #[graphql(name = "COMMENT_ID")]
    CommentId,
    #[graphql(name = "COMMENT_IN")]
    CommentIn,
    #[graphql(name = "COMMENT_KARMA")]
    CommentKarma,
    #[graphql(name = "COMMENT_PARENT")]
    CommentParent,
    #[graphql(name = "COMMENT_POST_ID")]
    CommentPostId,
    #[graphql(name = "COMMENT_TYPE")]
    CommentType,
    #[graphql(name = "USER_ID")]
    UserId,
}

impl CommentsConnectionOrderbyEnum {
    fn wp(self) -> graph::CommentOrderBy {
        use graph::CommentOrderBy as O;
        match self {
            CommentsConnectionOrderbyEnum::CommentAgent => O::Agent,
            CommentsConnectionOrderbyEnum::CommentApproved => O::Approved,
            CommentsConnectionOrderbyEnum::CommentAuthor => O::Author,
            CommentsConnectionOrderbyEnum::CommentAuthorEmail => O::AuthorEmail,
            CommentsConnectionOrderbyEnum::CommentAuthorIp => O::AuthorIp,
            CommentsConnectionOrderbyEnum::CommentAuthorUrl => O::AuthorUrl,
            CommentsConnectionOrderbyEnum::CommentContent => O::Content,
            CommentsConnectionOrderbyEnum::CommentDate => O::Date,
            CommentsConnectionOrderbyEnum::CommentDateGmt => O::DateGmt,
            CommentsConnectionOrderbyEnum::CommentId => O::Id,
            CommentsConnectionOrderbyEnum::CommentIn => O::In,
            CommentsConnectionOrderbyEnum::CommentKarma => O::Karma,
            CommentsConnectionOrderbyEnum::CommentParent => O::Parent,
            CommentsConnectionOrderbyEnum::CommentPostId => O::PostId,
            CommentsConnectionOrderbyEnum::CommentType => O::Type,
            CommentsConnectionOrderbyEnum::UserId => O::UserId,
        }
    }
}

comment_where!(RootQueryToCommentConnectionWhereArgs);
comment_where!(PostToCommentConnectionWhereArgs);
comment_where!(CommentToCommentConnectionWhereArgs);
comment_where!(PageToCommentConnectionWhereArgs);
comment_where!(MediaItemToCommentConnectionWhereArgs);

/// One keyset page of comments. Non-moderators see approved comments only, whatever they
/// ask for (`CommentConnectionResolver`); moderators get `all` (held and approved) by default.
pub async fn comments_page(
    ctx: &Context<'_>,
    mut filter: CommentFilter,
    args: &Args,
) -> Result<Page<Arc<CommentRow>>> {
    let window = args.window()?;
    let r = req(ctx)?;
    if filter.order_by == graph::CommentOrderBy::In && filter.comment_in.is_empty() {
        return Err(async_graphql::Error::new(
            "In order to sort by comment__in, an array of IDs must be passed as the commentIn argument",
        ));
    }
    if !r.viewer.can("moderate_comments") {
        filter.approved = vec!["1".to_owned()];
        // WPGraphQL replaces `include_unapproved` with the viewer's own ID (none for guests):
        // their held comments are theirs to see (`Comment::is_private`).
        filter.unapproved_emails.clear();
        filter.unapproved_users.clear();
        if r.viewer.is_logged_in() {
            filter.unapproved_users.push(r.viewer.id());
        }
    } else if filter.approved.is_empty() {
        filter.approved = vec!["0".to_owned(), "1".to_owned()];
    }
    let found = graph::comment_ids_keyset(
        &r.site,
        &filter,
        Keyset {
            after: window.after,
            before: window.before,
            limit: window.fetch(),
            from_end: window.from_end,
        },
    )
    .await
    .map_err(internal)?;
    let keys: Vec<CommentId> = found.iter().map(|id| CommentId(*id)).collect();
    let loaded = r.loader.load_many(keys).await?;
    // `Comment::is_private`: a comment on a post the viewer may not see is private too.
    let posts = r
        .loader
        .load_many(loaded.values().map(|c| PostId(c.post_id.0)))
        .await?;
    let rows: Vec<Arc<CommentRow>> = found
        .iter()
        .filter_map(|id| loaded.get(&CommentId(*id)).cloned())
        .filter(|c| {
            posts
                .get(&PostId(c.post_id.0))
                .is_some_and(|p| crate::model::can_see(r, p))
        })
        .collect();
    Ok(crate::conn::Page {
        total: crate::conn::Total::Comments(Arc::new(filter)),
        ..window.page(rows, |c| c.id.0)
    })
}

/// The comments of one post (or replies to one comment): the first page without cursors or
/// `where` goes through the `FirstComments` loader (batched, and prefetched for lists of
/// posts); anything else is a keyset page of its own.
pub async fn comments_of(
    ctx: &Context<'_>,
    filter: Option<CommentFilter>,
    group: u64,
    by_parent: bool,
    args: &Args,
) -> Result<Page<Arc<CommentRow>>> {
    let simple =
        filter.is_none() && args.last.is_none() && args.after.is_none() && args.before.is_none();
    let mut f = filter.unwrap_or_default();
    if by_parent {
        f.parent_in = vec![group];
    } else {
        f.post_in = vec![group];
    }
    if !simple {
        return comments_page(ctx, f, args).await;
    }
    let window = args.window()?;
    let r = req(ctx)?;
    let moderator = r.viewer.can("moderate_comments");
    let rows = r
        .loader
        .load_one(FirstComments {
            group,
            by_parent,
            fetch: window.fetch(),
            moderator,
        })
        .await?
        .unwrap_or_default();
    f.approved = if moderator {
        vec!["0".to_owned(), "1".to_owned()]
    } else {
        vec!["1".to_owned()]
    };
    Ok(Page {
        total: crate::conn::Total::Comments(Arc::new(f)),
        ..window.page(rows.as_ref().clone(), |c| c.id.0)
    })
}

/// A comment by ID, if the viewer may see it.
pub async fn load_comment(ctx: &Context<'_>, id: u64) -> Result<Option<Comment>> {
    let r = req(ctx)?;
    let Some(found) = r
        .loader
        .load_one(CommentId(id))
        .await?
        .filter(|c| c.comment_approved == "1" || r.viewer.can("moderate_comments"))
    else {
        return Ok(None);
    };
    // A comment on a post the viewer may not see is private too.
    if load_post(ctx, found.post_id.0).await?.is_none() {
        return Ok(None);
    }
    Ok(Some(Comment(found)))
}

/// A Comment object.
#[derive(Clone)]
pub struct Comment(pub Arc<CommentRow>);

fn comment_date(d: Option<chrono::NaiveDateTime>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
}

#[Object]
impl Comment {
    /// The globally unique identifier for the comment object.
    pub(crate) async fn id(&self) -> ID {
        ID(ids::global_id("comment", self.0.id.0))
    }

    /// The unique identifier stored in the database.
    #[graphql(name = "databaseId")]
    pub(crate) async fn database_id(&self) -> i64 {
        self.0.id.0 as i64
    }

    /// ID for the comment, unique among comments.
    #[graphql(name = "commentId", deprecation = "Deprecated in favor of databaseId")]
    async fn comment_id(&self) -> Option<i64> {
        Some(self.0.id.0 as i64)
    }

    /// Date the comment was posted in local time.
    async fn date(&self) -> Option<String> {
        comment_date(self.0.comment_date.0)
    }

    /// Date the comment was posted in GMT.
    #[graphql(name = "dateGmt")]
    async fn date_gmt(&self) -> Option<String> {
        comment_date(self.0.comment_date_gmt.0)
    }

    /// Content of the comment.
    async fn content(
        &self,
        ctx: &Context<'_>,
        format: Option<crate::model::Format>,
    ) -> Result<Option<String>> {
        let r = req(ctx)?;
        Ok(match format.unwrap_or(crate::model::Format::Rendered) {
            crate::model::Format::Raw => r
                .viewer
                .can("moderate_comments")
                .then(|| self.0.comment_content.clone()),
            crate::model::Format::Rendered => {
                let mut rc = wp::RenderContext::new(r.options.siteurl());
                rc.use_smilies = r.options.get("use_smilies").is_none_or(|v| v == "1");
                Some(wp::comment_text(&self.0.comment_content, &rc))
            }
        })
    }

    /// Whether the comment has been approved.
    #[graphql(deprecation = "Deprecated in favor of the `status` field")]
    async fn approved(&self) -> Option<bool> {
        Some(self.0.comment_approved == "1")
    }

    /// The approval status of the comment.
    async fn status(&self) -> Option<CommentStatusEnum> {
        match self.0.comment_approved.as_str() {
            "1" | "approve" => Some(CommentStatusEnum::Approve),
            "0" | "hold" => Some(CommentStatusEnum::Hold),
            "spam" => Some(CommentStatusEnum::Spam),
            "trash" => Some(CommentStatusEnum::Trash),
            _ => None,
        }
    }

    /// Type of comment.
    #[graphql(name = "type")]
    async fn comment_type(&self) -> Option<String> {
        (!self.0.comment_type.is_empty() && self.0.comment_type != "comment")
            .then(|| self.0.comment_type.clone())
    }

    /// Karma value for the comment.
    async fn karma(&self) -> Option<i32> {
        Some(self.0.comment_karma)
    }

    /// The database id of the parent comment node, or 0.
    #[graphql(name = "parentDatabaseId")]
    async fn parent_database_id(&self) -> Option<i64> {
        Some(self.0.comment_parent.0 as i64)
    }

    /// The globally unique identifier of the parent comment node.
    #[graphql(name = "parentId")]
    async fn parent_id(&self) -> Option<ID> {
        (self.0.comment_parent.0 > 0)
            .then(|| ID(ids::global_id("comment", self.0.comment_parent.0)))
    }

    /// The parent comment.
    async fn parent(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<CommentToParentCommentConnectionEdge>> {
        if self.0.comment_parent.0 == 0 {
            return Ok(None);
        }
        Ok(load_comment(ctx, self.0.comment_parent.0)
            .await?
            .map(CommentToParentCommentConnectionEdge))
    }

    /// Connection between the Comment type and its replies.
    #[graphql(complexity = "crate::conn::cost(first, last, child_complexity)")]
    async fn replies(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
        #[graphql(name = "where")] filter: Option<CommentToCommentConnectionWhereArgs>,
    ) -> Result<Option<CommentToCommentConnection>> {
        let f = filter.as_ref().map(|w| {
            let mut f = CommentFilter::default();
            w.apply(&mut f);
            f
        });
        let args = Args::new(first, last, after, before);
        let page = comments_of(ctx, f, self.0.id.0, true, &args).await?;
        Ok(Some(CommentToCommentConnection(page.map(Comment))))
    }

    /// The node the comment was posted on.
    #[graphql(name = "commentedOn")]
    async fn commented_on(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<CommentToContentNodeConnectionEdge>> {
        Ok(load_post(ctx, self.0.post_id.0)
            .await?
            .and_then(|p| typed_content(ctx, p))
            .map(|node| CommentToContentNodeConnectionEdge(node, self.0.post_id.0)))
    }

    /// The author of the comment: a registered user or a guest.
    async fn author(&self, ctx: &Context<'_>) -> Result<Option<CommentToCommenterConnectionEdge>> {
        let r = req(ctx)?;
        let node = if self.0.user_id.0 > 0 {
            match r.loader.load_one(UserId(self.0.user_id.0)).await? {
                Some(u) => Commenter::User(User(u)),
                None => Commenter::CommentAuthor(CommentAuthor(self.0.clone())),
            }
        } else {
            Commenter::CommentAuthor(CommentAuthor(self.0.clone()))
        };
        Ok(Some(CommentToCommenterConnectionEdge {
            node,
            comment: self.0.clone(),
        }))
    }

    /// The permalink of the comment.
    async fn link(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let Some(post) = load_post(ctx, self.0.post_id.0).await? else {
            return Ok(None);
        };
        let link = crate::model::post_link(ctx, &post).await?;
        Ok(Some(format!("{link}#comment-{}", self.0.id.0)))
    }

    /// The unique resource identifier path (`get_comment_link` without the home URL).
    pub(crate) async fn uri(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let Some(post) = load_post(ctx, self.0.post_id.0).await? else {
            return Ok(None);
        };
        let link = crate::model::post_link(ctx, &post).await?;
        let link = format!("{link}#comment-{}", self.0.id.0);
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
        false
    }

    /// Whether the node is a Comment.
    #[graphql(name = "isComment")]
    pub(crate) async fn is_comment(&self) -> bool {
        true
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

    /// Whether the object is restricted from the current viewer (all but moderators and the
    /// comment's author).
    #[graphql(name = "isRestricted")]
    async fn is_restricted(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        Ok(Some(!unrestricted(req(ctx)?, &self.0)))
    }

    /// User agent used to post the comment (moderators and the comment's author).
    async fn agent(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(unrestricted(req(ctx)?, &self.0)
            .then(|| self.0.comment_agent.clone())
            .filter(|a| !a.is_empty()))
    }

    /// IP address for the comment author (moderators and the comment's author).
    #[graphql(name = "authorIp")]
    async fn author_ip(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(unrestricted(req(ctx)?, &self.0)
            .then(|| self.0.comment_author_ip.clone())
            .filter(|ip| !ip.is_empty()))
    }
}

/// A guest comment author (`comment_author:<comment id>`).
#[derive(Clone)]
pub struct CommentAuthor(pub Arc<CommentRow>);

#[Object]
impl CommentAuthor {
    /// The globally unique identifier for the comment author object.
    pub(crate) async fn id(&self) -> ID {
        ID(ids::global_id("comment_author", self.0.id.0))
    }

    /// Identifies the primary key from the database.
    #[graphql(name = "databaseId")]
    pub(crate) async fn database_id(&self) -> i64 {
        self.0.id.0 as i64
    }

    /// The name for the comment author.
    pub(crate) async fn name(&self) -> Option<String> {
        Some(self.0.comment_author.clone())
    }

    /// The url the comment author.
    pub(crate) async fn url(&self) -> Option<String> {
        Some(self.0.comment_author_url.clone())
    }

    /// The email for the comment author (for moderators).
    pub(crate) async fn email(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?
            .viewer
            .can("moderate_comments")
            .then(|| self.0.comment_author_email.clone()))
    }

    /// Avatar object for the comment author (null without an e-mail address).
    pub(crate) async fn avatar(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 96)] size: Option<i32>,
        #[graphql(name = "forceDefault")] force_default: Option<bool>,
        rating: Option<AvatarRatingEnum>,
    ) -> Result<Option<Avatar>> {
        if self.0.comment_author_email.is_empty() {
            return Ok(None);
        }
        Ok(Some(Avatar::for_email(
            &req(ctx)?.options,
            &self.0.comment_author_email,
            size,
            force_default,
            rating,
        )))
    }

    /// Whether the object is restricted from the current viewer.
    #[graphql(name = "isRestricted")]
    pub(crate) async fn is_restricted(&self) -> Option<bool> {
        Some(false)
    }
}

impl CommentAuthor {
    /// `Commenter.avatar` (no arguments there): the default size and the site's rating.
    pub(crate) async fn commenter_avatar(&self, ctx: &Context<'_>) -> Result<Option<Avatar>> {
        self.avatar(ctx, Some(96), None, None).await
    }

    /// `Commenter.email`.
    pub(crate) async fn commenter_email(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.email(ctx).await
    }
}

/// `Commenter`: the author of a comment.
#[allow(clippy::duplicated_attributes)]
#[derive(Clone, Interface)]
#[graphql(
    field(
        name = "id",
        ty = "ID",
        desc = "The globally unique identifier for the object"
    ),
    field(
        name = "database_id",
        ty = "i64",
        desc = "Identifies the primary key from the database."
    ),
    field(name = "name", ty = "Option<String>", desc = "The name of the author"),
    field(name = "url", ty = "Option<String>", desc = "The url of the author"),
    field(
        name = "is_restricted",
        ty = "Option<bool>",
        desc = "Whether the object is restricted from the current viewer"
    ),
    field(
        name = "avatar",
        method = "commenter_avatar",
        ty = "Option<Avatar>",
        desc = "Avatar object for user. The avatar object can be retrieved in different sizes by specifying the size argument."
    ),
    field(
        name = "email",
        method = "commenter_email",
        ty = "Option<String>",
        desc = "The email address of the author of a comment."
    )
)]
pub enum Commenter {
    User(User),
    CommentAuthor(CommentAuthor),
}

/// `CommentToCommenterConnectionEdge`.
pub struct CommentToCommenterConnectionEdge {
    node: Commenter,
    comment: Arc<CommentRow>,
}

#[Object]
impl CommentToCommenterConnectionEdge {
    /// The node of the connection, without the edges.
    async fn node(&self) -> &Commenter {
        &self.node
    }

    /// The display name of the comment author for this particular comment.
    async fn name(&self) -> Option<&str> {
        Some(&self.comment.comment_author)
    }

    /// The url entered for the comment author on this particular comment.
    async fn url(&self) -> Option<&str> {
        Some(&self.comment.comment_author_url)
    }

    /// The email address representing the author for this particular comment (moderators).
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?
            .viewer
            .can("moderate_comments")
            .then(|| self.comment.comment_author_email.clone()))
    }

    /// IP address of the author at the time of making this comment (for moderators and the
    /// comment's author).
    #[graphql(name = "ipAddress")]
    async fn ip_address(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(unrestricted(req(ctx)?, &self.comment)
            .then(|| self.comment.comment_author_ip.clone())
            .filter(|ip| !ip.is_empty()))
    }

    /// Opaque reference to the nodes position in the connection (WPGraphQL's resolver gives
    /// this edge no cursor).
    async fn cursor(&self) -> Option<String> {
        None
    }
}

/// WPGraphQL's `Comment` model is public for moderators and the comment's own (logged-in)
/// author, restricted for everyone else.
fn unrestricted(r: &crate::ctx::Req, comment: &CommentRow) -> bool {
    r.viewer.can("moderate_comments")
        || (r.viewer.is_logged_in() && comment.user_id.0 > 0 && comment.user_id.0 == r.viewer.id())
}

/// `CommentToContentNodeConnectionEdge` (with the post's ID for the cursor).
pub struct CommentToContentNodeConnectionEdge(ContentNode, u64);

#[Object]
impl CommentToContentNodeConnectionEdge {
    /// The node of the connection, without the edges.
    async fn node(&self) -> &ContentNode {
        &self.0
    }

    /// Opaque reference to the nodes position in the connection.
    async fn cursor(&self) -> Option<String> {
        Some(ids::cursor(self.1))
    }
}

/// `CommentToParentCommentConnectionEdge`.
pub struct CommentToParentCommentConnectionEdge(Comment);

#[Object]
impl CommentToParentCommentConnectionEdge {
    /// The node of the connection, without the edges.
    async fn node(&self) -> &Comment {
        &self.0
    }

    /// Opaque reference to the nodes position in the connection.
    async fn cursor(&self) -> Option<String> {
        Some(ids::cursor(self.0.0.id.0))
    }
}

connection!(
    RootQueryToCommentConnection,
    RootQueryToCommentConnectionEdge,
    RootQueryToCommentConnectionPageInfo,
    Comment
);
connection!(
    PostToCommentConnection,
    PostToCommentConnectionEdge,
    PostToCommentConnectionPageInfo,
    Comment
);
connection!(
    PageToCommentConnection,
    PageToCommentConnectionEdge,
    PageToCommentConnectionPageInfo,
    Comment
);
connection!(
    MediaItemToCommentConnection,
    MediaItemToCommentConnectionEdge,
    MediaItemToCommentConnectionPageInfo,
    Comment
);
connection!(
    CommentToCommentConnection,
    CommentToCommentConnectionEdge,
    CommentToCommentConnectionPageInfo,
    Comment
);
