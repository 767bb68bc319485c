//! `WP_REST_Comments_Controller`: `/wp/v2/comments` and `/wp/v2/comments/<id>`.

use std::collections::{HashMap, HashSet};

use futures::FutureExt;
use futures::future::BoxFuture;
use headpress_domain::Site;
use headpress_domain::comments::{self as dcomments, Comment, CommentOrderBy, CommentQuery};
use headpress_domain::posts::{self as dposts, Post};
use poem::http::Method;
use serde_json::{Map, Value, json};

use crate::args::{ArgSpec, Schema, arg, ids_of};
use crate::error::{WpError, WpResult};
use crate::links::{Links, pagination_links};
use crate::request::WpRequest;
use crate::revisions::format_date;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

pub fn routes(site: &Site) -> Vec<RouteDef> {
    let schema = item_schema(site);
    let schema_fn: crate::routes::SchemaFn =
        std::sync::Arc::new(|site: &Site, _options| item_schema(site));
    let mut update_args = vec![arg(
        "id",
        Schema::integer("Unique identifier for the comment."),
    )];
    update_args.extend(crate::schema::endpoint_args_for_schema(&schema, false));
    let password = || {
        arg(
            "password",
            Schema::string(
                "The password for the parent post of the comment (if the post is password protected).",
            ),
        )
    };
    vec![
        route(
            "wp/v2",
            "/wp/v2/comments",
            vec![
                EndpointDef::new(&[Method::GET], ListComments, collection_args()),
                EndpointDef::new(
                    &[Method::POST],
                    WriteComment,
                    crate::schema::endpoint_args_for_schema(&schema, true),
                ),
            ],
        )
        .with_schema(schema_fn.clone()),
        route(
            "wp/v2",
            "/wp/v2/comments/:id",
            vec![
                EndpointDef::new(
                    &[Method::GET],
                    GetComment,
                    vec![
                        arg("id", Schema::integer("Unique identifier for the comment.")),
                        crate::posts::context_arg("view"),
                        password(),
                    ],
                ),
                EndpointDef::new(
                    &[Method::POST, Method::PUT, Method::PATCH],
                    EditComment,
                    update_args,
                ),
                EndpointDef::new(
                    &[Method::DELETE],
                    EditComment,
                    vec![
                        arg("id", Schema::integer("Unique identifier for the comment.")),
                        arg(
                            "force",
                            Schema::boolean("Whether to bypass Trash and force deletion.")
                                .default(json!(false)),
                        ),
                        password(),
                    ],
                ),
            ],
        )
        .with_schema(schema_fn),
    ]
}

fn id_list(description: &str) -> Schema {
    Schema::array_of(Schema::integer(""), description).default(json!([]))
}

fn collection_args() -> Vec<ArgSpec> {
    vec![
        crate::posts::context_arg("view"),
        arg(
            "page",
            Schema::integer("Current page of the collection.")
                .default(json!(1))
                .range(Some(1), None),
        ),
        arg(
            "per_page",
            Schema::integer("Maximum number of items to be returned in result set.")
                .default(json!(10))
                .range(Some(1), Some(100)),
        ),
        arg(
            "search",
            Schema::string("Limit results to those matching a string."),
        ),
        arg(
            "after",
            Schema::string(
                "Limit response to comments published after a given ISO8601 compliant date.",
            )
            .format("date-time"),
        ),
        arg(
            "author",
            Schema::array_of(
                Schema::integer(""),
                "Limit result set to comments assigned to specific user IDs. Requires authorization.",
            ),
        ),
        arg(
            "author_exclude",
            Schema::array_of(
                Schema::integer(""),
                "Ensure result set excludes comments assigned to specific user IDs. Requires authorization.",
            ),
        ),
        // `default: null` only shows in the index; a JSON-declared schema keeps it out of
        // validation (the email format itself is not checked yet).
        arg(
            "author_email",
            Schema::from_json(json!({
                "default": null,
                "description": "Limit result set to that from a specific author email. Requires authorization.",
                "format": "email",
                "type": "string",
            })),
        ),
        arg(
            "before",
            Schema::string(
                "Limit response to comments published before a given ISO8601 compliant date.",
            )
            .format("date-time"),
        ),
        arg(
            "exclude",
            id_list("Ensure result set excludes specific IDs."),
        ),
        arg("include", id_list("Limit result set to specific IDs.")),
        arg(
            "offset",
            Schema::integer("Offset the result set by a specific number of items."),
        ),
        arg(
            "order",
            Schema::string("Order sort attribute ascending or descending.")
                .one_of(&["asc", "desc"])
                .default(json!("desc")),
        ),
        arg(
            "orderby",
            Schema::string("Sort collection by comment attribute.")
                .one_of(&[
                    "date", "date_gmt", "id", "include", "post", "parent", "type",
                ])
                .default(json!("date_gmt")),
        ),
        arg(
            "parent",
            id_list("Limit result set to comments of specific parent IDs."),
        ),
        arg(
            "parent_exclude",
            id_list("Ensure result set excludes specific parent IDs."),
        ),
        arg(
            "post",
            id_list("Limit result set to comments assigned to specific post IDs."),
        ),
        arg(
            "status",
            Schema::string(
                "Limit result set to comments assigned a specific status. Requires authorization.",
            )
            .default(json!("approve")),
        ),
        arg(
            "type",
            Schema::string(
                "Limit result set to comments assigned a specific type. Requires authorization.",
            )
            .default(json!("comment")),
        ),
        arg(
            "password",
            Schema::string("The password for the post if it is password protected."),
        ),
    ]
}

struct ListComments;
struct GetComment;
struct WriteComment;
struct EditComment;

/// `sanitize_key`: lowercase, only `a-z0-9_-`.
fn sanitize_key(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

fn raw_context(req: &WpRequest) -> String {
    req.raw("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
        .to_owned()
}

/// The request's `post` parameter as integers (`(array) $request['post']`).
fn requested_posts(req: &WpRequest) -> Vec<i64> {
    req.raw("post")
        .map(crate::args::parse_list)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .collect()
}

/// Whether the caller may see the password-protected content of `post` in this request
/// (`can_access_password_content`).
fn password_ok(req: &WpRequest, post: &Post) -> bool {
    if post.post_password.is_empty() {
        return true;
    }
    if let Some(Value::String(p)) = req.raw("password")
        && *p == post.post_password
    {
        return true;
    }
    req.site
        .post_type(&post.post_type)
        .is_some_and(|pt| dposts::can_edit(&req.viewer, post, pt, None))
}

/// `check_read_post_permission`. `specific` is true when one post or one comment was asked
/// for, the only case where a `password` parameter counts.
fn can_read_post(
    req: &WpRequest,
    post: &Post,
    parents: &HashMap<u64, Post>,
    specific: bool,
) -> bool {
    let Some(pt) = req.site.post_type(&post.post_type) else {
        return false;
    };
    let unlocked = specific && password_ok(req, post);
    if !post.post_password.is_empty() && !unlocked {
        return dposts::can_edit(&req.viewer, post, pt, None);
    }
    if dposts::can_read(&req.viewer, post, pt) {
        return true;
    }
    if post.post_status == "inherit" {
        if post.post_parent.0 > 0 {
            return parents.get(&post.post_parent.0).is_some_and(|parent| {
                req.site
                    .post_type(&parent.post_type)
                    .is_some_and(|ppt| dposts::can_read(&req.viewer, parent, ppt))
            });
        }
        return true;
    }
    false
}

/// `check_read_permission` for one comment.
fn can_read_comment(
    req: &WpRequest,
    comment: &Comment,
    posts: &HashMap<u64, Post>,
    specific: bool,
) -> bool {
    let post = posts.get(&comment.post_id.0);
    if let Some(post) = post
        && can_read_post(req, post, posts, specific)
        && comment.comment_approved == "1"
    {
        return true;
    }
    if !req.viewer.is_logged_in() {
        return false;
    }
    if comment.post_id.0 == 0 && !req.viewer.can("moderate_comments") {
        return false;
    }
    if comment.user_id.0 != 0 && comment.user_id.0 == req.viewer.id() {
        return true;
    }
    can_edit_comment(req, comment, post)
}

/// `map_meta_cap('edit_comment')`: `edit_post` of the comment's post, else `edit_posts`.
fn can_edit_comment(req: &WpRequest, _comment: &Comment, post: Option<&Post>) -> bool {
    match post {
        Some(post) => req
            .site
            .post_type(&post.post_type)
            .is_some_and(|pt| dposts::can_edit(&req.viewer, post, pt, None)),
        None => req.viewer.can("edit_posts"),
    }
}

/// Posts of the given comments plus the parents of attachments among them.
async fn load_posts(
    req: &WpRequest,
    ids: &[u64],
    known: &HashMap<u64, Post>,
) -> WpResult<HashMap<u64, Post>> {
    let missing: Vec<u64> = ids
        .iter()
        .copied()
        .filter(|id| !known.contains_key(id))
        .collect();
    let mut posts = known.clone();
    posts.extend(req.posts(&missing).await?);
    let parents: Vec<u64> = posts
        .values()
        .filter(|p| p.post_status == "inherit" && p.post_parent.0 > 0)
        .map(|p| p.post_parent.0)
        .filter(|id| !posts.contains_key(id))
        .collect();
    posts.extend(req.posts(&parents).await?);
    Ok(posts)
}

impl Controller for ListComments {
    fn sanitize(&self, _req: &WpRequest, args: &mut Map<String, Value>) -> WpResult<()> {
        for key in ["status", "type"] {
            if let Some(Value::String(s)) = args.get_mut(key) {
                *s = sanitize_key(s);
            }
        }
        Ok(())
    }
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        list_permission(req).boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        list(req, args).boxed()
    }
}

async fn list_permission(req: &WpRequest) -> WpResult<()> {
    let logged_in = req.viewer.is_logged_in();
    let post_ids = requested_posts(req);
    if !post_ids.is_empty() {
        let wanted: Vec<u64> = post_ids
            .iter()
            .filter(|id| **id > 0)
            .map(|id| *id as u64)
            .collect();
        let posts = load_posts(req, &wanted, &HashMap::new()).await?;
        let specific = post_ids.len() == 1;
        for id in &post_ids {
            let post = u64::try_from(*id).ok().and_then(|id| posts.get(&id));
            if let Some(post) = post {
                if !can_read_post(req, post, &posts, specific) {
                    return Err(WpError::forbidden(
                        logged_in,
                        "rest_cannot_read_post",
                        "Sorry, you are not allowed to read the post for this comment.",
                    ));
                }
            } else if *id == 0 && !req.viewer.can("moderate_comments") {
                return Err(WpError::forbidden(
                    logged_in,
                    "rest_cannot_read",
                    "Sorry, you are not allowed to read comments without a post.",
                ));
            }
        }
    }
    if raw_context(req) == "edit" && !req.viewer.can("moderate_comments") {
        return Err(WpError::forbidden(
            logged_in,
            "rest_forbidden_context",
            "Sorry, you are not allowed to edit comments.",
        ));
    }
    if !req.viewer.can("edit_posts") {
        let mut forbidden = Vec::new();
        // `$request[...]` with the matched endpoint's defaults: an OPTIONS request has none,
        // so WordPress finds `status` forbidden there and sends no `Allow`.
        let text = |name: &str| -> Option<String> {
            req.param(name).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        for param in ["author", "author_exclude", "author_email", "type", "status"] {
            match param {
                "status" => {
                    let value = text(param).map(|s| sanitize_key(&s));
                    if value.as_deref() != Some("approve") {
                        forbidden.push(param);
                    }
                }
                "type" => {
                    let value = text(param).map(|s| sanitize_key(&s));
                    if value.as_deref() != Some("comment") {
                        forbidden.push(param);
                    }
                }
                _ => {
                    let non_empty = match req.raw(param) {
                        None | Some(Value::Null) => false,
                        Some(Value::String(s)) => !s.is_empty() && s != "0",
                        Some(Value::Array(a)) => !a.is_empty(),
                        Some(_) => true,
                    };
                    if non_empty {
                        forbidden.push(param);
                    }
                }
            }
        }
        if !forbidden.is_empty() {
            return Err(WpError::forbidden(
                logged_in,
                "rest_forbidden_param",
                &format!("Query parameter not permitted: {}", forbidden.join(", ")),
            ));
        }
    }
    Ok(())
}

/// `rest_parse_date` of a `before`/`after` argument, as site-local time.
fn parse_date(
    args: &Map<String, Value>,
    name: &str,
    gmt_offset: f64,
) -> Option<chrono::NaiveDateTime> {
    let text = args.get(name)?.as_str()?;
    if let Ok(with_offset) = chrono::DateTime::parse_from_rfc3339(&text.replace(' ', "T")) {
        return Some(
            with_offset.naive_utc() + chrono::Duration::seconds((gmt_offset * 3600.0) as i64),
        );
    }
    let base = &text[..text.len().min(19)];
    chrono::NaiveDateTime::parse_from_str(&base.replace(['t', ' '], "T"), "%Y-%m-%dT%H:%M:%S").ok()
}

async fn list(req: &WpRequest, args: &Map<String, Value>) -> WpResult<WpResponse> {
    let per_page = args
        .get("per_page")
        .and_then(Value::as_u64)
        .unwrap_or(10)
        .clamp(1, 100);
    let page = args.get("page").and_then(Value::as_u64).unwrap_or(1).max(1);
    let offset = args.get("offset").and_then(Value::as_i64).unwrap_or(0);
    let gmt_offset: f64 = req
        .options
        .get("gmt_offset")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let include = ids_of(args, "include");
    let q = CommentQuery {
        status: args
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("approve")
            .to_owned(),
        comment_type: args
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("comment")
            .to_owned(),
        post_in: ids_of(args, "post"),
        parent_in: ids_of(args, "parent"),
        parent_not_in: ids_of(args, "parent_exclude"),
        author_in: ids_of(args, "author"),
        author_not_in: ids_of(args, "author_exclude"),
        exclude: ids_of(args, "exclude"),
        author_email: args
            .get("author_email")
            .and_then(Value::as_str)
            .map(str::to_owned),
        search: args
            .get("search")
            .and_then(Value::as_str)
            .map(str::to_owned),
        before: parse_date(args, "before", gmt_offset),
        after: parse_date(args, "after", gmt_offset),
        order_by: match args.get("orderby").and_then(Value::as_str) {
            Some("date") => CommentOrderBy::Date,
            Some("id") => CommentOrderBy::Id,
            Some("include") => CommentOrderBy::Include,
            Some("post") => CommentOrderBy::Post,
            Some("parent") => CommentOrderBy::Parent,
            Some("type") => CommentOrderBy::Type,
            _ => CommentOrderBy::DateGmt,
        },
        include,
        order_desc: args.get("order").and_then(Value::as_str) != Some("asc"),
        number: Some(per_page),
        // `offset` wins over `page` when given and non-zero.
        offset: if offset != 0 {
            offset.unsigned_abs()
        } else {
            per_page.saturating_mul(page - 1)
        },
    };
    let result = dcomments::query(&req.site, &q).await?;
    let total = result.total;
    let max_pages = total.div_ceil(per_page);
    let context = args
        .get("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
        .to_owned();
    let specific = requested_posts(req).len() == 1;
    let items = prepare_comments(req, &result.comments, &context, specific).await?;
    let mut resp = WpResponse::ok(Value::Array(items))
        .header("X-WP-Total", total.to_string())
        .header("X-WP-TotalPages", max_pages.to_string());
    if let Some(link) = pagination_links(req, args, "/wp/v2/comments", page, max_pages) {
        resp = resp.header("Link", link);
    }
    Ok(resp)
}

/// `get_comment` as the controller validates it.
async fn load_comment(req: &WpRequest) -> WpResult<(Comment, Option<Post>)> {
    let id = req.url_id("id");
    let invalid = || WpError::new(404, "rest_comment_invalid_id", "Invalid comment ID.");
    if id == 0 {
        return Err(invalid());
    }
    let comment = dcomments::get(&req.site, id).await?.ok_or_else(invalid)?;
    let post = if comment.post_id.0 > 0 {
        Some(
            req.post(comment.post_id.0)
                .await?
                .ok_or_else(|| WpError::new(404, "rest_post_invalid_id", "Invalid post ID."))?,
        )
    } else {
        None
    };
    Ok((comment, post))
}

impl Controller for GetComment {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            let (comment, post) = load_comment(req).await?;
            let logged_in = req.viewer.is_logged_in();
            if raw_context(req) == "edit" && !req.viewer.can("moderate_comments") {
                return Err(WpError::forbidden(
                    logged_in,
                    "rest_forbidden_context",
                    "Sorry, you are not allowed to edit comments.",
                ));
            }
            let mut posts = HashMap::new();
            if let Some(p) = &post {
                posts = load_posts(req, &[p.id.0], &HashMap::new()).await?;
            }
            if !can_read_comment(req, &comment, &posts, true) {
                return Err(WpError::forbidden(
                    logged_in,
                    "rest_cannot_read",
                    "Sorry, you are not allowed to read this comment.",
                ));
            }
            if let Some(p) = &post
                && !can_read_post(req, p, &posts, true)
            {
                return Err(WpError::forbidden(
                    logged_in,
                    "rest_cannot_read_post",
                    "Sorry, you are not allowed to read the post for this comment.",
                ));
            }
            Ok(())
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            let (comment, _) = load_comment(req).await?;
            let context = args
                .get("context")
                .and_then(Value::as_str)
                .unwrap_or("view")
                .to_owned();
            let mut items = prepare_all(req, std::slice::from_ref(&comment), &context).await?;
            Ok(WpResponse::ok(items.pop().unwrap_or(Value::Null)))
        }
        .boxed()
    }
}

impl Controller for WriteComment {
    /// The read-only part of `create_item_permissions_check` (it decides `Allow`).
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if !req.viewer.is_logged_in() {
                // `rest_allow_anonymous_comments` is false by default.
                return Err(WpError::new(
                    401,
                    "rest_comment_login_required",
                    "Sorry, you must be logged in to comment.",
                ));
            }
            let post = requested_posts(req).first().copied().unwrap_or(0);
            if post <= 0 {
                return Err(WpError::new(
                    403,
                    "rest_comment_invalid_post_id",
                    "Sorry, you are not allowed to create this comment without a post.",
                ));
            }
            let posts = load_posts(req, &[post as u64], &HashMap::new()).await?;
            let Some(p) = posts.get(&(post as u64)) else {
                return Err(WpError::new(
                    403,
                    "rest_comment_invalid_post_id",
                    "Sorry, you are not allowed to create this comment without a post.",
                ));
            };
            if p.post_status == "draft" || p.post_status == "trash" {
                return Err(WpError::new(
                    403,
                    "rest_comment_draft_post",
                    "Sorry, you are not allowed to create a comment on this post.",
                ));
            }
            if !can_read_post(req, p, &posts, true) {
                return Err(WpError::forbidden(
                    true,
                    "rest_cannot_read_post",
                    "Sorry, you are not allowed to read the post for this comment.",
                ));
            }
            if p.comment_status != "open" {
                return Err(WpError::new(
                    403,
                    "rest_comment_closed",
                    "Sorry, comments are closed for this item.",
                ));
            }
            Ok(())
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        _req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async { Err(WpError::not_implemented()) }.boxed()
    }
}

impl Controller for EditComment {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            let (comment, post) = load_comment(req).await?;
            let ok = req.viewer.is_logged_in()
                && (req.viewer.can("moderate_comments")
                    || can_edit_comment(req, &comment, post.as_ref()));
            if ok {
                Ok(())
            } else {
                Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_edit",
                    "Sorry, you are not allowed to edit this comment.",
                ))
            }
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        _req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async { Err(WpError::not_implemented()) }.boxed()
    }
}

/// Collection items: unreadable comments are dropped after the query, as WordPress does.
pub async fn prepare_comments(
    req: &WpRequest,
    comments: &[Comment],
    context: &str,
    specific: bool,
) -> WpResult<Vec<Value>> {
    let post_ids: Vec<u64> = comments
        .iter()
        .map(|c| c.post_id.0)
        .filter(|id| *id > 0)
        .collect();
    let posts = load_posts(req, &post_ids, &HashMap::new()).await?;
    let readable: Vec<Comment> = comments
        .iter()
        .filter(|c| can_read_comment(req, c, &posts, specific))
        .cloned()
        .collect();
    let mut items = prepare_with_posts(req, &readable, context, &posts).await?;
    if let Some(rels) = crate::embed::requested(req) {
        let wanted = crate::posts::requested_fields(req).is_none_or(|f| {
            f.iter()
                .any(|x| x == "_embedded" || x.starts_with("_embedded."))
        });
        if wanted {
            crate::embed::prefetch_comment_family(req, &readable, &rels).await?;
            crate::embed::embed_all(req, &mut items, &rels).await?;
        }
    }
    Ok(items)
}

/// Comments already known to be readable (single item, embeds).
pub async fn prepare_all(
    req: &WpRequest,
    comments: &[Comment],
    context: &str,
) -> WpResult<Vec<Value>> {
    let post_ids: Vec<u64> = comments
        .iter()
        .map(|c| c.post_id.0)
        .filter(|id| *id > 0)
        .collect();
    let posts = load_posts(req, &post_ids, &HashMap::new()).await?;
    let mut items = prepare_with_posts(req, comments, context, &posts).await?;
    if let Some(rels) = crate::embed::requested(req) {
        crate::embed::embed_all(req, &mut items, &rels).await?;
    }
    Ok(items)
}

/// Readability of comments for embedding (`replies`, `children`, `in-reply-to`); `known`
/// posts are not loaded again.
pub async fn readable(
    req: &WpRequest,
    comments: Vec<Comment>,
    specific: bool,
    known: &HashMap<u64, Post>,
) -> WpResult<(Vec<Comment>, HashMap<u64, Post>)> {
    let post_ids: Vec<u64> = comments
        .iter()
        .map(|c| c.post_id.0)
        .filter(|id| *id > 0)
        .collect();
    let posts = load_posts(req, &post_ids, known).await?;
    let list = comments
        .into_iter()
        .filter(|c| can_read_comment(req, c, &posts, specific))
        .collect();
    Ok((list, posts))
}

/// `check_read_post_permission` for embedding a post's `replies`.
pub fn post_readable_for_replies(req: &WpRequest, post: &Post, posts: &HashMap<u64, Post>) -> bool {
    can_read_post(req, post, posts, true)
}

/// Serializes comments (no permission filtering, no embedding).
pub async fn prepare_with_posts(
    req: &WpRequest,
    comments: &[Comment],
    context: &str,
    posts: &HashMap<u64, Post>,
) -> WpResult<Vec<Value>> {
    if comments.is_empty() {
        return Ok(Vec::new());
    }
    let comment_posts: Vec<Post> = {
        let mut seen = HashSet::new();
        comments
            .iter()
            .filter_map(|c| posts.get(&c.post_id.0))
            .filter(|p| seen.insert(p.id.0))
            .cloned()
            .collect()
    };
    let permalinks = crate::posts::permalinks_for(req, &comment_posts).await?;
    let edit = context == "edit";
    let embed_ctx = context == "embed";
    let fields = crate::posts::requested_fields(req);
    let wants_links = fields.as_ref().is_none_or(|f| {
        f.iter().any(|x| {
            x == "_links"
                || x == "_embedded"
                || x.starts_with("_links.")
                || x.starts_with("_embedded.")
        })
    });
    let o = &req.options;
    let mut out = Vec::with_capacity(comments.len());
    for c in comments {
        let id = c.id.0;
        let mut data = Map::new();
        data.insert("id".into(), json!(id));
        if !embed_ctx {
            data.insert("post".into(), json!(c.post_id.0));
        }
        data.insert("parent".into(), json!(c.comment_parent.0));
        data.insert("author".into(), json!(c.user_id.0));
        data.insert("author_name".into(), json!(c.comment_author));
        if edit {
            data.insert("author_email".into(), json!(c.comment_author_email));
        }
        data.insert("author_url".into(), json!(c.comment_author_url));
        if edit {
            data.insert("author_ip".into(), json!(c.comment_author_ip));
            data.insert("author_user_agent".into(), json!(c.comment_agent));
        }
        data.insert("date".into(), format_date(c.comment_date.0));
        if !embed_ctx {
            data.insert("date_gmt".into(), format_date(c.comment_date_gmt.0));
        }
        let mut content = Map::new();
        content.insert(
            "rendered".into(),
            json!(crate::render::comment(&req.options, &c.comment_content)),
        );
        if edit {
            content.insert("raw".into(), json!(c.comment_content));
        }
        data.insert("content".into(), Value::Object(content));
        let post_link = permalinks.get(&c.post_id.0).cloned().unwrap_or_default();
        data.insert("link".into(), json!(format!("{post_link}#comment-{id}")));
        if !embed_ctx {
            data.insert("status".into(), json!(status_name(&c.comment_approved)));
        }
        data.insert(
            "type".into(),
            json!(if c.comment_type.is_empty() {
                "comment"
            } else {
                c.comment_type.as_str()
            }),
        );
        // `get_avatar_data` uses the registered user's e-mail for their comments.
        let email = c
            .author_user_email
            .as_deref()
            .unwrap_or(c.comment_author_email.as_str());
        data.insert(
            "author_avatar_urls".into(),
            crate::embed::avatar_urls(req, email),
        );
        if !embed_ctx {
            data.insert("meta".into(), json!([]));
        }
        if wants_links {
            let mut links = Links::new();
            links.add(
                "self",
                json!({ "href": o.rest_url(&format!("/wp/v2/comments/{id}")) }),
            );
            links.add(
                "collection",
                json!({ "href": o.rest_url("/wp/v2/comments") }),
            );
            if c.user_id.0 != 0 {
                links.add("author", json!({ "embeddable": true, "href": o.rest_url(&format!("/wp/v2/users/{}", c.user_id.0)) }));
            }
            if let Some(post) = posts.get(&c.post_id.0)
                && let Some(route) = post_route(req, post)
            {
                links.add("up", json!({ "embeddable": true, "post_type": post.post_type, "href": o.rest_url(&route) }));
            }
            if c.comment_parent.0 != 0 {
                links.add("in-reply-to", json!({ "embeddable": true, "href": o.rest_url(&format!("/wp/v2/comments/{}", c.comment_parent.0)) }));
            }
            if c.has_children != 0 {
                links.add("children", json!({ "embeddable": true, "href": format!("{}?parent={id}", o.rest_url("/wp/v2/comments")) }));
            }
            data.insert("_links".into(), links.into_json());
        }
        out.push(Value::Object(data));
    }
    Ok(out)
}

/// `rest_get_route_for_post`.
pub fn post_route(req: &WpRequest, post: &Post) -> Option<String> {
    let pt = req.site.post_type(&post.post_type)?;
    if !pt.show_in_rest {
        return None;
    }
    let base = if pt.name == "attachment" {
        "media"
    } else {
        pt.rest_base.as_str()
    };
    Some(format!("/wp/v2/{base}/{}", post.id.0))
}

/// `prepare_status_response`.
fn status_name(approved: &str) -> &str {
    match approved {
        "0" | "hold" => "hold",
        "1" | "approve" => "approved",
        other => other,
    }
}
/// `get_item_schema` as WordPress 6.1 declares it; `meta` is filled from the registry.
const COMMENT_SCHEMA: &str = r#"{"$schema": "http://json-schema.org/draft-04/schema#", "title": "comment", "type": "object", "properties": {"id": {"description": "Unique identifier for the comment.", "type": "integer", "context": ["view", "edit", "embed"], "readonly": true}, "author": {"description": "The ID of the user object, if author was a user.", "type": "integer", "context": ["view", "edit", "embed"]}, "author_email": {"description": "Email address for the comment author.", "type": "string", "format": "email", "context": ["edit"]}, "author_ip": {"description": "IP address for the comment author.", "type": "string", "format": "ip", "context": ["edit"]}, "author_name": {"description": "Display name for the comment author.", "type": "string", "context": ["view", "edit", "embed"]}, "author_url": {"description": "URL for the comment author.", "type": "string", "format": "uri", "context": ["view", "edit", "embed"]}, "author_user_agent": {"description": "User agent for the comment author.", "type": "string", "context": ["edit"]}, "content": {"description": "The content for the comment.", "type": "object", "context": ["view", "edit", "embed"], "properties": {"raw": {"description": "Content for the comment, as it exists in the database.", "type": "string", "context": ["edit"]}, "rendered": {"description": "HTML content for the comment, transformed for display.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true}}}, "date": {"description": "The date the comment was published, in the site's timezone.", "type": "string", "format": "date-time", "context": ["view", "edit", "embed"]}, "date_gmt": {"description": "The date the comment was published, as GMT.", "type": "string", "format": "date-time", "context": ["view", "edit"]}, "link": {"description": "URL to the comment.", "type": "string", "format": "uri", "context": ["view", "edit", "embed"], "readonly": true}, "parent": {"description": "The ID for the parent of the comment.", "type": "integer", "context": ["view", "edit", "embed"], "default": 0}, "post": {"description": "The ID of the associated post object.", "type": "integer", "context": ["view", "edit"], "default": 0}, "status": {"description": "State of the comment.", "type": "string", "context": ["view", "edit"]}, "type": {"description": "Type of the comment.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true}, "author_avatar_urls": {"description": "Avatar URLs for the comment author.", "type": "object", "context": ["view", "edit", "embed"], "readonly": true, "properties": {"24": {"description": "Avatar URL with image size of 24 pixels.", "type": "string", "format": "uri", "context": ["embed", "view", "edit"]}, "48": {"description": "Avatar URL with image size of 48 pixels.", "type": "string", "format": "uri", "context": ["embed", "view", "edit"]}, "96": {"description": "Avatar URL with image size of 96 pixels.", "type": "string", "format": "uri", "context": ["embed", "view", "edit"]}}}, "meta": {"description": "Meta fields.", "type": "object", "context": ["view", "edit"], "properties": []}}}"#;

/// The comment item schema with the registered comment meta.
pub fn item_schema(site: &Site) -> Value {
    let mut schema: Value = serde_json::from_str(COMMENT_SCHEMA).unwrap_or(Value::Null);
    let mut meta = crate::schema::meta_field_schema(site, "comment", "comment");
    // PHP encodes an empty `properties` array as `[]`.
    if meta["properties"].as_object().is_some_and(Map::is_empty) {
        meta["properties"] = json!([]);
    }
    if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        props.insert("meta".into(), meta);
    }
    schema
}
