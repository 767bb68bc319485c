//! `WP_REST_Posts_Controller` for every post type shown in REST except attachments.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use headpress_domain::Site;
use headpress_domain::posts::{
    self as dposts, Post, PostOrderBy, PostQuery, TaxClause, TaxOperator,
};
use headpress_domain::terms::{self as dterms, Term};
use headpress_domain::types::PostType;
use serde_json::{Map, Value, json};

use futures::FutureExt;
use futures::future::BoxFuture;
use poem::http::Method;

use crate::args::{ArgSpec, Schema, Ty, arg, ids_of, strings_of};
use crate::embed;
use crate::error::{WpError, WpResult};
use crate::links::{Links, pagination_links};
use crate::request::WpRequest;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

/// `/wp/v2/<rest_base>` and `/wp/v2/<rest_base>/<id>` for every REST post type but media.
pub fn routes(site: &Site) -> Vec<RouteDef> {
    let mut routes = Vec::new();
    for pt in site.registry().post_types() {
        if !pt.show_in_rest || pt.name == "attachment" {
            continue;
        }
        let base = format!("/wp/v2/{}", pt.rest_base);
        let name = pt.name.clone();
        let properties = crate::schema::post_item_schema(site, pt, None);
        let type_name = pt.name.clone();
        let schema: crate::routes::SchemaFn =
            std::sync::Arc::new(
                move |site: &Site, options| match site.post_type(&type_name) {
                    Some(pt) => crate::schema::post_item_schema(site, pt, options),
                    None => Value::Null,
                },
            );
        let id_arg = || arg("id", Schema::integer("Unique identifier for the post."));
        let mut update_args = vec![id_arg()];
        update_args.extend(crate::schema::endpoint_args_for_schema(&properties, false));
        routes.push(
            route(
                "wp/v2",
                &base,
                vec![
                    EndpointDef::new(
                        &[Method::GET],
                        ListPosts(name.clone()),
                        collection_args(site, pt),
                    )
                    .batchable(),
                    EndpointDef::new(
                        &[Method::POST],
                        CreatePost(name.clone()),
                        crate::schema::endpoint_args_for_schema(&properties, true),
                    )
                    .batchable(),
                ],
            )
            .with_schema(schema.clone()),
        );
        routes.push(
            route(
                "wp/v2",
                &format!("{base}/:id"),
                vec![
                    EndpointDef::new(&[Method::GET], GetPost(name.clone()), item_args())
                        .batchable(),
                    EndpointDef::new(
                        &[Method::POST, Method::PUT, Method::PATCH],
                        UpdatePost(name.clone()),
                        update_args,
                    )
                    .batchable(),
                    EndpointDef::new(
                        &[Method::DELETE],
                        DeletePost(name),
                        vec![
                            id_arg(),
                            arg(
                                "force",
                                Schema::boolean("Whether to bypass Trash and force deletion.")
                                    .default(json!(false)),
                            ),
                        ],
                    )
                    .batchable(),
                ],
            )
            .with_schema(schema),
        );
    }
    routes
}

struct ListPosts(String);
struct GetPost(String);
struct CreatePost(String);
struct UpdatePost(String);
struct DeletePost(String);

impl Controller for ListPosts {
    fn sanitize(&self, req: &WpRequest, args: &mut Map<String, Value>) -> WpResult<()> {
        sanitize_collection(req, &self.0, args)
    }
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move { list_permission(req, &self.0) }.boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        list(req, &self.0, args).boxed()
    }
}

impl Controller for GetPost {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        get_permission(req, &self.0).boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        get(req, &self.0, args).boxed()
    }
}

impl Controller for CreatePost {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move { create_permission(req, &self.0) }.boxed()
    }
    fn handle<'a>(
        &'a self,
        _req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async { Err(WpError::not_implemented()) }.boxed()
    }
}

impl Controller for UpdatePost {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        update_permission(req, &self.0).boxed()
    }
    fn handle<'a>(
        &'a self,
        _req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async { Err(WpError::not_implemented()) }.boxed()
    }
}

impl Controller for DeletePost {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        delete_permission(req, &self.0).boxed()
    }
    fn handle<'a>(
        &'a self,
        _req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async { Err(WpError::not_implemented()) }.boxed()
    }
}

/// `get_post_stati()` keys, in registration order, plus `any`.
const STATUS_ENUM: &[&str] = &[
    "publish",
    "future",
    "draft",
    "pending",
    "private",
    "trash",
    "auto-draft",
    "inherit",
    "request-pending",
    "request-confirmed",
    "request-failed",
    "request-completed",
    "any",
];

pub fn context_arg(default: &str) -> ArgSpec {
    arg(
        "context",
        Schema::string(
            "Scope under which the request is made; determines fields present in response.",
        )
        .one_of(&["view", "embed", "edit"])
        .default(json!(default)),
    )
}

fn id_list(description: &str) -> Schema {
    Schema::array_of(Schema::integer(""), description).default(json!([]))
}

pub fn collection_args(site: &Site, pt: &PostType) -> Vec<ArgSpec> {
    let mut args = vec![
        context_arg("view"),
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
                "Limit response to posts published after a given ISO8601 compliant date.",
            )
            .format("date-time"),
        ),
        arg(
            "modified_after",
            Schema::string(
                "Limit response to posts modified after a given ISO8601 compliant date.",
            )
            .format("date-time"),
        ),
    ];
    if pt.has_rest_feature("author") {
        args.push(arg(
            "author",
            id_list("Limit result set to posts assigned to specific authors."),
        ));
        args.push(arg(
            "author_exclude",
            id_list("Ensure result set excludes posts assigned to specific authors."),
        ));
    }
    args.push(arg(
        "before",
        Schema::string("Limit response to posts published before a given ISO8601 compliant date.")
            .format("date-time"),
    ));
    args.push(arg(
        "modified_before",
        Schema::string("Limit response to posts modified before a given ISO8601 compliant date.")
            .format("date-time"),
    ));
    args.push(arg(
        "exclude",
        id_list("Ensure result set excludes specific IDs."),
    ));
    args.push(arg("include", id_list("Limit result set to specific IDs.")));
    if pt.has_rest_feature("page-attributes") {
        args.push(arg(
            "menu_order",
            Schema::integer("Limit result set to posts with a specific menu_order value."),
        ));
    }
    args.push(arg(
        "offset",
        Schema::integer("Offset the result set by a specific number of items."),
    ));
    args.push(arg(
        "order",
        Schema::string("Order sort attribute ascending or descending.")
            .one_of(&["asc", "desc"])
            .default(json!("desc")),
    ));
    let mut orderby = vec![
        "author",
        "date",
        "id",
        "include",
        "modified",
        "parent",
        "relevance",
        "slug",
        "include_slugs",
        "title",
    ];
    if pt.has_rest_feature("page-attributes") {
        orderby.push("menu_order");
    }
    args.push(arg(
        "orderby",
        Schema::string("Sort collection by post attribute.")
            .one_of(&orderby)
            .default(json!("date")),
    ));
    if pt.hierarchical {
        args.push(arg(
            "parent",
            id_list("Limit result set to items with particular parent IDs."),
        ));
        args.push(arg(
            "parent_exclude",
            id_list("Limit result set to all items except those of a particular parent ID."),
        ));
    }
    args.push(arg(
        "slug",
        Schema::array_of(
            Schema::string(""),
            "Limit result set to posts with one or more specific slugs.",
        ),
    ));
    args.push(arg(
        "status",
        Schema::array_of(
            Schema::string("").one_of(STATUS_ENUM),
            "Limit result set to posts assigned one or more statuses.",
        )
        .default(json!("publish")),
    ));
    let taxonomies = site.registry().rest_taxonomies_for(&pt.name);
    if !taxonomies.is_empty() {
        args.push(arg(
            "tax_relation",
            Schema::string("Limit result set based on relationship between multiple taxonomies.")
                .one_of(&["AND", "OR"]),
        ));
    }
    for tax in taxonomies {
        let base: &'static str = leak(&tax.rest_base);
        let exclude: &'static str = leak(&format!("{}_exclude", tax.rest_base));
        args.push(arg(
            base,
            Schema::new(
                Ty::TermFilter {
                    hierarchical: tax.hierarchical,
                    exclude: false,
                },
                &format!(
                    "Limit result set to items with specific terms assigned in the {} taxonomy.",
                    tax.rest_base
                ),
            ),
        ));
        args.push(arg(
            exclude,
            Schema::new(Ty::TermFilter { hierarchical: tax.hierarchical, exclude: true }, &format!("Limit result set to items except those with specific terms assigned in the {} taxonomy.", tax.rest_base)),
        ));
    }
    if pt.name == "post" {
        args.push(arg(
            "sticky",
            Schema::boolean("Limit result set to items that are sticky."),
        ));
    }
    args
}

/// Argument names are `&'static str` because nearly all are literals; taxonomy-derived
/// names are built once per route table and live as long as the process's sites.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

pub fn item_args() -> Vec<ArgSpec> {
    vec![
        arg("id", Schema::integer("Unique identifier for the post.")),
        context_arg("view"),
        arg(
            "password",
            Schema::string("The password for the post if it is password protected."),
        ),
    ]
}

fn post_type<'a>(req: &'a WpRequest, name: &str) -> WpResult<&'a PostType> {
    req.site
        .post_type(name)
        .ok_or_else(|| WpError::internal("unknown post type"))
}

fn context_of(args: &Map<String, Value>) -> &str {
    args.get("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
}

fn raw_context(req: &WpRequest) -> String {
    req.raw("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
        .to_owned()
}

/// The collection's own sanitize callbacks: `wp_parse_slug_list` for `slug` and
/// `sanitize_post_statuses` for `status`.
pub fn sanitize_collection(
    req: &WpRequest,
    post_type_name: &str,
    args: &mut Map<String, Value>,
) -> WpResult<()> {
    if let Some(Value::Array(slugs)) = args.get_mut("slug") {
        for slug in slugs.iter_mut() {
            if let Value::String(s) = slug {
                *s = headpress_php::sanitize::sanitize_title(s);
            }
        }
    }
    let pt = post_type(req, post_type_name)?;
    let statuses: Vec<&str> = args
        .get("status")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for status in statuses {
        if status == "publish" {
            continue;
        }
        if req.viewer.can(&pt.cap("edit"))
            || (status == "private" && req.viewer.can(&pt.cap("read_private")))
        {
            continue;
        }
        let status_code = if req.viewer.is_logged_in() { 403 } else { 401 };
        return Err(crate::args::invalid_params(vec![(
            "status".into(),
            crate::args::ParamError {
                code: "rest_forbidden_status",
                message: "Status is forbidden.".into(),
                data: json!({ "status": status_code }),
            },
        )]));
    }
    Ok(())
}

pub fn list_permission(req: &WpRequest, post_type_name: &str) -> WpResult<()> {
    let pt = post_type(req, post_type_name)?;
    if raw_context(req) == "edit" && !req.viewer.can(&pt.cap("edit")) {
        return Err(WpError::forbidden(
            req.viewer.is_logged_in(),
            "rest_forbidden_context",
            "Sorry, you are not allowed to edit posts in this post type.",
        ));
    }
    Ok(())
}

pub fn create_permission(req: &WpRequest, post_type_name: &str) -> WpResult<()> {
    let pt = post_type(req, post_type_name)?;
    if req.raw("id").is_some() {
        return Err(WpError::new(
            400,
            "rest_post_exists",
            "Cannot create existing post.",
        ));
    }
    if !req.viewer.can(&pt.cap("edit")) {
        return Err(WpError::forbidden(
            req.viewer.is_logged_in(),
            "rest_cannot_create",
            "Sorry, you are not allowed to create posts as this user.",
        ));
    }
    Ok(())
}

async fn load_post(req: &WpRequest, post_type_name: &str) -> WpResult<Post> {
    let id = req.url_id("id");
    let post = req.post(id).await?;
    match post {
        Some(p) if p.id.0 > 0 && p.post_type == post_type_name => Ok(p),
        _ => Err(WpError::new(
            404,
            "rest_post_invalid_id",
            "Invalid post ID.",
        )),
    }
}

async fn trashed_status(req: &WpRequest, post: &Post) -> WpResult<Option<String>> {
    if post.post_status != "trash" {
        return Ok(None);
    }
    let meta = dposts::meta_for(&req.site, &[post.id.0], &["_wp_trash_meta_status"]).await?;
    Ok(meta
        .get(&post.id.0)
        .and_then(|m| m.first())
        .map(|(_, v)| v.clone()))
}

pub async fn update_permission(req: &WpRequest, post_type_name: &str) -> WpResult<()> {
    let post = load_post(req, post_type_name).await?;
    let pt = post_type(req, post_type_name)?;
    let trashed = trashed_status(req, &post).await?;
    if !dposts::can_edit(&req.viewer, &post, pt, trashed.as_deref()) {
        return Err(WpError::forbidden(
            req.viewer.is_logged_in(),
            "rest_cannot_edit",
            "Sorry, you are not allowed to edit this post.",
        ));
    }
    Ok(())
}

pub async fn delete_permission(req: &WpRequest, post_type_name: &str) -> WpResult<()> {
    let post = load_post(req, post_type_name).await?;
    let pt = post_type(req, post_type_name)?;
    if !dposts::can_delete(&req.viewer, &post, pt) {
        return Err(WpError::forbidden(
            req.viewer.is_logged_in(),
            "rest_cannot_delete",
            "Sorry, you are not allowed to delete this post.",
        ));
    }
    Ok(())
}

/// `check_read_permission`, including inheritance from the parent.
fn can_read(req: &WpRequest, post: &Post, pt: &PostType, parents: &HashMap<u64, Post>) -> bool {
    if dposts::can_read(&req.viewer, post, pt) {
        return true;
    }
    if post.post_status == "inherit" {
        if post.post_parent.0 > 0 {
            if let Some(parent) = parents.get(&post.post_parent.0)
                && let Some(ppt) = req.site.post_type(&parent.post_type)
            {
                return dposts::can_read(&req.viewer, parent, ppt);
            }
            return false;
        }
        return true;
    }
    false
}

pub async fn get_permission(req: &WpRequest, post_type_name: &str) -> WpResult<()> {
    let post = load_post(req, post_type_name).await?;
    let pt = post_type(req, post_type_name)?;
    if raw_context(req) == "edit" {
        let trashed = trashed_status(req, &post).await?;
        if !dposts::can_edit(&req.viewer, &post, pt, trashed.as_deref()) {
            return Err(WpError::forbidden(
                req.viewer.is_logged_in(),
                "rest_forbidden_context",
                "Sorry, you are not allowed to edit this post.",
            ));
        }
    }
    if let Some(Value::String(password)) = req.raw("password")
        && !password.is_empty()
        && password != &post.post_password
    {
        return Err(WpError::new(
            403,
            "rest_post_incorrect_password",
            "Incorrect post password.",
        ));
    }
    if !can_read(req, &post, pt, &HashMap::new()) {
        // WordPress turns a `false` permission check into its generic message.
        return Err(WpError::forbidden(
            req.viewer.is_logged_in(),
            "rest_forbidden",
            "Sorry, you are not allowed to do that.",
        ));
    }
    Ok(())
}

/// `rest_parse_date` + WP_Date_Query: the site-local DATETIME to compare `post_date` with.
fn parse_date_arg(
    args: &Map<String, Value>,
    name: &str,
    gmt_offset_hours: f64,
) -> Option<NaiveDateTime> {
    let text = args.get(name)?.as_str()?;
    if let Ok(with_offset) = chrono::DateTime::parse_from_rfc3339(&text.replace(' ', "T")) {
        let utc = with_offset.naive_utc();
        return Some(utc + chrono::Duration::seconds((gmt_offset_hours * 3600.0) as i64));
    }
    let base = &text[..text.len().min(19)];
    NaiveDateTime::parse_from_str(&base.replace(['t', ' '], "T"), "%Y-%m-%dT%H:%M:%S").ok()
}

/// `prepare_tax_query`: the `categories`/`tags` filters and their `_exclude` twins.
async fn tax_clauses(
    req: &WpRequest,
    pt: &PostType,
    args: &Map<String, Value>,
) -> WpResult<Vec<TaxClause>> {
    let mut clauses = Vec::new();
    for tax in req.site.registry().rest_taxonomies_for(&pt.name) {
        for (key, exclude) in [
            (tax.rest_base.clone(), false),
            (format!("{}_exclude", tax.rest_base), true),
        ] {
            let Some(filter) = args.get(&key) else {
                continue;
            };
            let terms: Vec<u64> = filter
                .get("terms")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(|v| v.as_i64())
                        .map(|v| v.max(0) as u64)
                        .collect()
                })
                .unwrap_or_default();
            if terms.is_empty() {
                continue;
            }
            let include_children = tax.hierarchical
                && filter
                    .get("include_children")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
            let terms = if include_children {
                dterms::with_descendants(&req.site, &tax.name, &terms).await?
            } else {
                terms
            };
            let operator = if exclude {
                TaxOperator::NotIn
            } else if filter.get("operator").and_then(Value::as_str) == Some("AND") {
                TaxOperator::And
            } else {
                TaxOperator::In
            };
            clauses.push(TaxClause {
                taxonomy: tax.name.clone(),
                terms,
                include_children,
                operator,
            });
        }
    }
    Ok(clauses)
}

pub async fn list(
    req: &WpRequest,
    post_type_name: &str,
    args: &Map<String, Value>,
) -> WpResult<WpResponse> {
    let pt = post_type(req, post_type_name)?;
    let orderby = args
        .get("orderby")
        .and_then(Value::as_str)
        .unwrap_or("date");
    let search = args
        .get("search")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if orderby == "relevance" && search.is_none() {
        return Err(WpError::new(
            400,
            "rest_no_search_term_defined",
            "You need to define a search term to order by relevance.",
        ));
    }
    let include = ids_of(args, "include");
    if orderby == "include" && include.is_empty() {
        return Err(WpError::new(
            400,
            "rest_orderby_include_missing_include",
            "You need to define an include parameter to order by include.",
        ));
    }
    let gmt_offset: f64 = req
        .options
        .get("gmt_offset")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let mut q = PostQuery::new(&pt.name);
    q.statuses = args
        .get("status")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_else(|| vec!["publish".into()]);
    q.author_in = ids_of(args, "author");
    q.author_not_in = ids_of(args, "author_exclude");
    q.include = include;
    q.exclude = ids_of(args, "exclude");
    q.slugs = strings_of(args, "slug");
    q.parent_in = ids_of(args, "parent");
    q.parent_not_in = ids_of(args, "parent_exclude");
    q.menu_order = args.get("menu_order").and_then(Value::as_i64);
    q.search = search.map(str::to_owned);
    q.before = parse_date_arg(args, "before", gmt_offset);
    q.after = parse_date_arg(args, "after", gmt_offset);
    q.modified_before = parse_date_arg(args, "modified_before", gmt_offset);
    q.modified_after = parse_date_arg(args, "modified_after", gmt_offset);
    q.tax = tax_clauses(req, pt, args).await?;
    q.tax_relation_or = args.get("tax_relation").and_then(Value::as_str) == Some("OR");
    order_and_paging(&mut q, args, orderby);
    if let Some(sticky) = args.get("sticky").and_then(Value::as_bool) {
        let sticky_posts = req.options.sticky_posts();
        if sticky {
            q.include = if q.include.is_empty() {
                sticky_posts
            } else {
                q.include
                    .iter()
                    .copied()
                    .filter(|id| sticky_posts.contains(id))
                    .collect()
            };
            if q.include.is_empty() {
                q.match_nothing = true;
            }
        } else {
            q.exclude.extend(sticky_posts);
        }
    }

    let page = dposts::query(&req.site, &req.viewer, &q).await?;
    let total = page.total;
    let max_pages = total.div_ceil(q.per_page);
    if q.page > max_pages && total > 0 {
        return Err(WpError::new(
            400,
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        ));
    }
    let context = context_of(args).to_owned();
    let mut readable = Vec::new();
    for post in page.posts {
        let ok = if context == "edit" {
            dposts::can_edit(&req.viewer, &post, pt, None)
        } else {
            can_read(req, &post, pt, &HashMap::new())
        };
        if ok {
            readable.push(post);
        }
    }
    let items = prepare_posts(req, pt, &readable, &context, None).await?;
    let mut resp = WpResponse::ok(Value::Array(items))
        .header("X-WP-Total", total.to_string())
        .header("X-WP-TotalPages", max_pages.to_string());
    if let Some(link) = pagination_links(
        req,
        args,
        &format!("/wp/v2/{}", pt.rest_base),
        q.page,
        max_pages,
    ) {
        resp = resp.header("Link", link);
    }
    Ok(resp)
}

pub async fn get(
    req: &WpRequest,
    post_type_name: &str,
    args: &Map<String, Value>,
) -> WpResult<WpResponse> {
    let pt = post_type(req, post_type_name)?;
    let post = load_post(req, post_type_name).await?;
    let context = context_of(args).to_owned();
    let password = args
        .get("password")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let link = permalinks_for(req, std::slice::from_ref(&post))
        .await?
        .remove(&post.id.0);
    let mut items = prepare_posts(
        req,
        pt,
        std::slice::from_ref(&post),
        &context,
        password.as_deref(),
    )
    .await?;
    let body = items.pop().unwrap_or(Value::Null);
    let mut resp = WpResponse::ok(body);
    // Every REST post type here is viewable, so WordPress always sends the alternate link.
    if let Some(link) = link {
        resp = resp.header(
            "Link",
            format!("<{link}>; rel=\"alternate\"; type=text/html"),
        );
    }
    Ok(resp)
}

/// `order`, `orderby` (mapped to WP_Query's keys as `prepare_items_query` does), `page`,
/// `per_page` and `offset` of a post-type collection, shared by posts, pages and media.
pub(crate) fn order_and_paging(q: &mut PostQuery, args: &Map<String, Value>, orderby: &str) {
    q.order_desc = args.get("order").and_then(Value::as_str) != Some("asc");
    q.order_by = match orderby {
        "author" => PostOrderBy::Author,
        "id" => PostOrderBy::Id,
        "include" => PostOrderBy::Include,
        "modified" => PostOrderBy::Modified,
        "parent" => PostOrderBy::Parent,
        "relevance" => PostOrderBy::Relevance,
        "slug" => PostOrderBy::Slug,
        "include_slugs" => PostOrderBy::IncludeSlugs,
        "title" => PostOrderBy::Title,
        "menu_order" => PostOrderBy::MenuOrder,
        _ => PostOrderBy::Date,
    };
    q.page = args.get("page").and_then(Value::as_u64).unwrap_or(1).max(1);
    q.per_page = args
        .get("per_page")
        .and_then(Value::as_u64)
        .unwrap_or(10)
        .clamp(1, 100);
    // WP_Query takes `absint()` of the offset.
    q.offset = args
        .get("offset")
        .and_then(Value::as_i64)
        .map(i64::unsigned_abs);
}

/// Permalinks (`get_permalink`) of many posts; page paths need their ancestors' slugs.
pub async fn permalinks_for(req: &WpRequest, posts: &[Post]) -> WpResult<HashMap<u64, String>> {
    let home = req.options.home().to_owned();
    let structure = req.options.permalink_structure().to_owned();
    let hierarchical: Vec<Post> = posts
        .iter()
        .filter(|p| {
            req.site
                .post_type(&p.post_type)
                .is_some_and(|t| t.hierarchical)
        })
        .cloned()
        .collect();
    let ancestors = dposts::ancestors(&req.site, &hierarchical).await?;
    let mut out = HashMap::new();
    let page_on_front = req.options.get_i64("page_on_front", 0);
    let static_front = req.options.get("show_on_front") == Some("page");
    for p in posts {
        let id = p.id.0;
        let link = if p.post_type == "page" {
            if static_front && page_on_front as u64 == id {
                format!("{home}/")
            } else if structure.is_empty() || force_plain_permalink(req, p, false) {
                format!("{home}/?page_id={id}")
            } else {
                format!("{home}/{}/", page_uri(p, &ancestors))
            }
        } else if p.post_type == "post" {
            if structure.is_empty() || force_plain_permalink(req, p, false) {
                format!("{home}/?p={id}")
            } else {
                headpress_domain::posts::fill_permalink_structure(&home, &structure, p)
            }
        } else if p.post_type == "revision" {
            format!("{home}/?post_type=revision&p={id}")
        } else {
            let path = if p.post_name.is_empty() {
                String::new()
            } else {
                page_uri(p, &ancestors)
            };
            dposts::custom_post_link(&home, &structure, p, &path)
        };
        out.insert(id, link);
    }
    Ok(out)
}

/// `get_page_uri`: the post's slug under its ancestors' (`parent/child`), from the ancestors
/// loaded by ID.
fn page_uri(p: &Post, ancestors: &HashMap<u64, Post>) -> String {
    let mut slugs = vec![p.post_name.as_str()];
    let mut parent = p.post_parent.0;
    let mut depth = 0;
    while parent > 0 && depth < 32 {
        depth += 1;
        match ancestors.get(&parent) {
            Some(a) => {
                slugs.push(&a.post_name);
                parent = a.post_parent.0;
            }
            None => break,
        }
    }
    slugs.reverse();
    slugs.join("/")
}

/// `wp_force_plain_post_permalink`: only publicly viewable posts, private posts the caller
/// can read, and (for sample links) protected statuses get pretty permalinks.
fn force_plain_permalink(req: &WpRequest, p: &Post, sample: bool) -> bool {
    let status = p.post_status.as_str();
    let protected = matches!(status, "future" | "draft" | "pending");
    let readable_private = status == "private"
        && req
            .site
            .post_type(&p.post_type)
            .is_some_and(|pt| dposts::can_read(&req.viewer, p, pt));
    !(status == "publish" || readable_private || (protected && sample))
}

fn format_date(d: Option<NaiveDateTime>) -> Value {
    match d {
        Some(d) => json!(d.format("%Y-%m-%dT%H:%M:%S").to_string()),
        None => Value::Null,
    }
}

/// `get_gmt_from_date` for a floating date (no GMT date stored yet).
fn gmt_from_local(local: Option<NaiveDateTime>, gmt_offset_hours: f64) -> Option<NaiveDateTime> {
    local.map(|d| d - chrono::Duration::seconds((gmt_offset_hours * 3600.0) as i64))
}

/// Everything `prepare_item_for_response` needs about a page of posts, loaded in batches.
struct Batch {
    meta: HashMap<u64, Vec<(String, String)>>,
    terms: HashMap<u64, Vec<Term>>,
    revisions: HashMap<u64, dposts::RevisionInfo>,
    links: HashMap<u64, String>,
    sticky: HashSet<u64>,
    attachments: crate::render::Attachments,
}

pub async fn prepare_posts(
    req: &WpRequest,
    pt: &PostType,
    posts: &[Post],
    context: &str,
    password: Option<&str>,
) -> WpResult<Vec<Value>> {
    let typed: Vec<(&PostType, &Post)> = posts.iter().map(|p| (pt, p)).collect();
    prepare_typed(req, &typed, context, password).await
}

/// Prepares posts of several types in one pass: each batch loader runs once for all of them
/// (an embedded `up` of a comment page links posts and pages alike). Posts of unregistered
/// types are left out.
pub async fn prepare_posts_of_any_type(
    req: &WpRequest,
    posts: &[Post],
    context: &str,
) -> WpResult<Vec<(Post, Value)>> {
    let typed: Vec<(&PostType, &Post)> = posts
        .iter()
        .filter_map(|p| req.site.post_type(&p.post_type).map(|pt| (pt, p)))
        .collect();
    let values = prepare_typed(req, &typed, context, None).await?;
    Ok(typed
        .into_iter()
        .map(|(_, p)| p.clone())
        .zip(values)
        .collect())
}

async fn prepare_typed(
    req: &WpRequest,
    posts: &[(&PostType, &Post)],
    context: &str,
    password: Option<&str>,
) -> WpResult<Vec<Value>> {
    if posts.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<u64> = posts.iter().map(|(_, p)| p.id.0).collect();
    let mut types: Vec<&PostType> = Vec::new();
    for (pt, _) in posts {
        if !types.iter().any(|t| t.name == pt.name) {
            types.push(pt);
        }
    }
    let mut tax_names: Vec<&str> = Vec::new();
    for pt in &types {
        for tax in req.site.registry().rest_taxonomies_for(&pt.name) {
            if !tax_names.contains(&tax.name.as_str()) {
                tax_names.push(tax.name.as_str());
            }
        }
        if pt.has_rest_feature("post-formats") && !tax_names.contains(&"post_format") {
            tax_names.push("post_format");
        }
    }
    let with_revisions: Vec<u64> = posts
        .iter()
        .filter(|(pt, _)| pt.supports("revisions"))
        .map(|(_, p)| p.id.0)
        .collect();
    let owned: Vec<Post> = posts.iter().map(|(_, p)| (*p).clone()).collect();
    let (meta, terms, revisions, links) = futures::try_join!(
        async {
            dposts::meta_for(&req.site, &ids, &[])
                .await
                .map_err(WpError::from)
        },
        async {
            dterms::terms_for_objects(&req.site, &ids, &tax_names)
                .await
                .map_err(WpError::from)
        },
        async {
            if with_revisions.is_empty() {
                Ok(HashMap::new())
            } else {
                dposts::revision_info(&req.site, &with_revisions)
                    .await
                    .map_err(WpError::from)
            }
        },
        permalinks_for(req, &owned),
    )?;
    let contents: Vec<&str> = posts.iter().map(|(_, p)| p.post_content.as_str()).collect();
    let dynamic =
        headpress_domain::dynamic_blocks::prefetch(&req.site, &req.options, &contents).await?;
    let texts: Vec<&str> = posts
        .iter()
        .flat_map(|(_, p)| [p.post_content.as_str(), p.post_excerpt.as_str()])
        .chain(dynamic.listed_contents())
        .collect();
    let attachments = crate::render::attachments_for(req, &texts).await?;
    let batch = Batch {
        meta,
        terms,
        revisions,
        links,
        sticky: req.options.sticky_posts().into_iter().collect(),
        attachments,
    };
    let renderer = crate::render::ContentRenderer::new(
        &req.options,
        &batch.attachments,
        req.site.render_cache(),
    )
    .with_dynamic_blocks(&dynamic);
    let fields = requested_fields(req);
    let mut items = Vec::with_capacity(posts.len());
    for (pt, post) in posts {
        items.push(prepare_post(
            req,
            pt,
            post,
            context,
            password,
            &batch,
            &renderer,
            fields.as_deref(),
        ));
    }
    let embed_rels = embed::requested(req);
    if let Some(rels) = embed_rels
        && fields.as_ref().is_none_or(|f| {
            f.iter()
                .any(|x| x == "_embedded" || x.starts_with("_embedded."))
        })
    {
        embed::embed_all(req, &mut items, &rels).await?;
    }
    Ok(items)
}

pub fn requested_fields(req: &WpRequest) -> Option<Vec<String>> {
    let raw = req.query.get("_fields")?;
    let list: Vec<String> = crate::args::parse_list(raw)
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    if list.is_empty() { None } else { Some(list) }
}

fn meta_value(site: &Site, post: &Post, batch: &Batch) -> Value {
    let registered = site.registry().rest_meta("post", &post.post_type);
    if registered.is_empty() {
        return json!([]);
    }
    let rows = batch.meta.get(&post.id.0);
    let mut out = Map::new();
    for reg in registered {
        let values: Vec<&str> = rows
            .map(|r| {
                r.iter()
                    .filter(|(k, _)| *k == reg.key)
                    .map(|(_, v)| v.as_str())
                    .collect()
            })
            .unwrap_or_default();
        out.insert(reg.key.clone(), crate::meta::rest_value(reg, &values));
    }
    Value::Object(out)
}

#[allow(clippy::too_many_arguments)]
fn prepare_post(
    req: &WpRequest,
    pt: &PostType,
    post: &Post,
    context: &str,
    password: Option<&str>,
    batch: &Batch,
    renderer: &crate::render::ContentRenderer<'_>,
    fields: Option<&[String]>,
) -> Value {
    let id = post.id.0;
    let edit = context == "edit";
    let embed_ctx = context == "embed";
    let gmt_offset: f64 = req
        .options
        .get("gmt_offset")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let link = batch.links.get(&id).cloned().unwrap_or_default();
    let meta_rows: Vec<(String, String)> = batch.meta.get(&id).cloned().unwrap_or_default();
    let meta_get = |key: &str| {
        meta_rows
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let featured_media: u64 = if pt.has_rest_feature("thumbnail") {
        meta_get("_thumbnail_id")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    } else {
        0
    };

    let can_see_protected = password.is_some_and(|p| p == post.post_password)
        || (edit && dposts::can_edit(&req.viewer, post, pt, None));
    let password_required = !post.post_password.is_empty() && !can_see_protected;

    let mut data = Map::new();
    data.insert("id".into(), json!(id));
    data.insert("date".into(), format_date(post.post_date.0));
    if !embed_ctx {
        let date_gmt = post
            .post_date_gmt
            .0
            .or_else(|| gmt_from_local(post.post_date.0, gmt_offset));
        data.insert("date_gmt".into(), format_date(date_gmt));
        let mut guid = Map::new();
        guid.insert("rendered".into(), json!(post.guid));
        if edit {
            guid.insert("raw".into(), json!(post.guid));
        }
        data.insert("guid".into(), Value::Object(guid));
        data.insert("modified".into(), format_date(post.post_modified.0));
        data.insert(
            "modified_gmt".into(),
            format_date(
                post.post_modified_gmt
                    .0
                    .or_else(|| gmt_from_local(post.post_modified.0, gmt_offset)),
            ),
        );
        if edit {
            data.insert("password".into(), json!(post.post_password));
        }
    }
    data.insert("slug".into(), json!(post.post_name));
    if !embed_ctx {
        data.insert("status".into(), json!(post.post_status));
    }
    data.insert("type".into(), json!(post.post_type));
    data.insert("link".into(), json!(link));
    if pt.has_rest_feature("title") {
        let mut title = Map::new();
        if edit {
            title.insert("raw".into(), json!(post.post_title));
        }
        title.insert("rendered".into(), json!(crate::render::title(post)));
        data.insert("title".into(), Value::Object(title));
    }
    if pt.has_rest_feature("editor") && !embed_ctx {
        let mut content = Map::new();
        if edit {
            content.insert("raw".into(), json!(post.post_content));
        }
        content.insert(
            "rendered".into(),
            json!(if password_required {
                String::new()
            } else {
                renderer.content(&post.post_content, post.id.0)
            }),
        );
        content.insert("protected".into(), json!(!post.post_password.is_empty()));
        if edit {
            content.insert(
                "block_version".into(),
                json!(crate::render::block_version(&post.post_content)),
            );
        }
        data.insert("content".into(), Value::Object(content));
    }
    if pt.has_rest_feature("excerpt") {
        let mut excerpt = Map::new();
        if edit {
            excerpt.insert("raw".into(), json!(post.post_excerpt));
        }
        excerpt.insert(
            "rendered".into(),
            json!(if password_required {
                String::new()
            } else {
                renderer.excerpt(post)
            }),
        );
        excerpt.insert("protected".into(), json!(!post.post_password.is_empty()));
        data.insert("excerpt".into(), Value::Object(excerpt));
    }
    if pt.has_rest_feature("author") {
        data.insert("author".into(), json!(post.post_author.0));
    }
    if pt.has_rest_feature("thumbnail") {
        data.insert("featured_media".into(), json!(featured_media));
    }
    if pt.hierarchical && !embed_ctx {
        data.insert("parent".into(), json!(post.post_parent.0));
    }
    if pt.has_rest_feature("page-attributes") && !embed_ctx {
        data.insert("menu_order".into(), json!(post.menu_order));
    }
    if !embed_ctx {
        if pt.has_rest_feature("comments") {
            data.insert("comment_status".into(), json!(post.comment_status));
            data.insert("ping_status".into(), json!(post.ping_status));
        }
        if pt.name == "post" {
            data.insert("sticky".into(), json!(batch.sticky.contains(&id)));
        }
        data.insert(
            "template".into(),
            json!(
                meta_get("_wp_page_template")
                    .filter(|t| *t != "default")
                    .unwrap_or("")
            ),
        );
        if pt.has_rest_feature("post-formats") {
            let format = batch
                .terms
                .get(&id)
                .and_then(|ts| ts.iter().find(|t| t.taxonomy == "post_format"))
                .and_then(|t| t.slug.strip_prefix("post-format-").map(str::to_owned))
                .unwrap_or_else(|| "standard".into());
            data.insert("format".into(), json!(format));
        }
        if pt.has_rest_feature("custom-fields") {
            data.insert("meta".into(), meta_value(&req.site, post, batch));
        }
        for tax in req.site.registry().rest_taxonomies_for(&pt.name) {
            let ids: Vec<u64> = batch
                .terms
                .get(&id)
                .map(|ts| {
                    ts.iter()
                        .filter(|t| t.taxonomy == tax.name)
                        .map(|t| t.term_id.0)
                        .collect()
                })
                .unwrap_or_default();
            data.insert(tax.rest_base.clone(), json!(ids));
        }
        if edit {
            let structure = req.options.permalink_structure();
            let template = if structure.is_empty() || force_plain_permalink(req, post, true) {
                link.clone()
            } else if pt.name == "page" {
                format!("{}/%pagename%/", req.options.home())
            } else {
                format!("{}{}", req.options.home(), structure)
            };
            data.insert("permalink_template".into(), json!(template));
            data.insert(
                "generated_slug".into(),
                json!(headpress_php::sanitize::sanitize_title(&post.post_title)),
            );
        }
    }

    let wants_links = fields.is_none_or(|f| {
        f.iter().any(|x| {
            x == "_links"
                || x == "_embedded"
                || x.starts_with("_links.")
                || x.starts_with("_embedded.")
        })
    });
    if wants_links {
        let links = post_links(req, pt, post, featured_media, batch, edit);
        data.insert("_links".into(), links.into_json());
    }
    Value::Object(data)
}

fn post_links(
    req: &WpRequest,
    pt: &PostType,
    post: &Post,
    featured_media: u64,
    batch: &Batch,
    edit: bool,
) -> Links {
    let id = post.id.0;
    let o = &req.options;
    let base = format!("/wp/v2/{}", pt.rest_base);
    let mut links = Links::new();
    links.add(
        "self",
        json!({ "href": o.rest_url(&format!("{base}/{id}")) }),
    );
    links.add("collection", json!({ "href": o.rest_url(&base) }));
    links.add(
        "about",
        json!({ "href": o.rest_url(&format!("/wp/v2/types/{}", pt.name)) }),
    );
    if pt.has_rest_feature("author") && post.post_author.0 > 0 {
        links.add("author", json!({ "embeddable": true, "href": o.rest_url(&format!("/wp/v2/users/{}", post.post_author.0)) }));
    }
    if pt.has_rest_feature("comments") {
        links.add("replies", json!({ "embeddable": true, "href": format!("{}?post={id}", o.rest_url("/wp/v2/comments")) }));
    }
    if pt.supports("revisions") {
        let info = batch.revisions.get(&id).copied().unwrap_or_default();
        links.add(
            "version-history",
            json!({ "count": info.count, "href": o.rest_url(&format!("{base}/{id}/revisions")) }),
        );
        if let Some(latest) = info.latest {
            links.add("predecessor-version", json!({ "id": latest, "href": o.rest_url(&format!("{base}/{id}/revisions/{latest}")) }));
        }
    }
    if pt.hierarchical && post.post_parent.0 > 0 {
        links.add("up", json!({ "embeddable": true, "href": o.rest_url(&format!("{base}/{}", post.post_parent.0)) }));
    }
    if featured_media > 0 {
        links.add("wp:featuredmedia", json!({ "embeddable": true, "href": o.rest_url(&format!("/wp/v2/media/{featured_media}")) }));
    }
    if !matches!(
        post.post_type.as_str(),
        "attachment" | "nav_menu_item" | "revision"
    ) {
        links.add(
            "wp:attachment",
            json!({ "href": format!("{}?parent={id}", o.rest_url("/wp/v2/media")) }),
        );
    }
    let taxonomies = req.site.registry().rest_taxonomies_for(&pt.name);
    for tax in &taxonomies {
        links.add("wp:term", json!({ "taxonomy": tax.name, "embeddable": true, "href": format!("{}?post={id}", o.rest_url(&format!("/wp/v2/{}", tax.rest_base))) }));
    }
    if edit {
        let self_href = o.rest_url(&format!("{base}/{id}"));
        let v = &req.viewer;
        let mut action = |rel: &str, ok: bool| {
            if ok {
                links.add(rel, json!({ "href": self_href }));
            }
        };
        action("wp:action-publish", v.can(&pt.cap("publish")));
        action("wp:action-unfiltered-html", v.can("unfiltered_html"));
        if pt.name == "post" {
            action(
                "wp:action-sticky",
                v.can(&pt.cap("edit_others")) && v.can(&pt.cap("publish")),
            );
        }
        if pt.has_rest_feature("author") {
            action("wp:action-assign-author", v.can(&pt.cap("edit_others")));
        }
        for tax in &taxonomies {
            // Core taxonomies: `edit_terms` maps to `manage_categories` (also for tags via
            // `manage_post_tags`), `assign_terms` to `edit_posts`.
            let (create, assign) = ("manage_categories", "edit_posts");
            let base_rel = if tax.name == "post_tag" {
                "tags".to_owned()
            } else {
                tax.rest_base.clone()
            };
            action(&format!("wp:action-create-{base_rel}"), v.can(create));
            action(&format!("wp:action-assign-{base_rel}"), v.can(assign));
        }
    }
    links
}
