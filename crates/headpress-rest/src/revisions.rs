//! `WP_REST_Revisions_Controller` and `WP_REST_Autosaves_Controller`:
//! `/wp/v2/<base>/<parent>/revisions[/<id>]` and `/wp/v2/<base>/<id>/autosaves[/<id>]`.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use futures::FutureExt;
use futures::future::BoxFuture;
use headpress_domain::Site;
use headpress_domain::posts::{self as dposts, Post};
use headpress_domain::revisions as drevisions;
use poem::http::Method;
use serde_json::{Map, Value, json};

use crate::args::{Schema, arg};
use crate::error::{WpError, WpResult};
use crate::links::Links;
use crate::request::WpRequest;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

/// `mysql_to_rfc3339`, `null` for the zero date.
pub fn format_date(d: Option<NaiveDateTime>) -> Value {
    match d {
        Some(d) => json!(d.format("%Y-%m-%dT%H:%M:%S").to_string()),
        None => Value::Null,
    }
}

pub fn routes(site: &Site) -> Vec<RouteDef> {
    let mut routes = Vec::new();
    for pt in site.registry().post_types() {
        if !pt.show_in_rest || pt.name == "attachment" {
            continue;
        }
        let base = format!("/wp/v2/{}", pt.rest_base);
        let context = || crate::posts::context_arg("view");
        let revision_schema = schema_fn(&pt.name, false);
        let autosave_schema = schema_fn(&pt.name, true);
        if pt.supports("revisions") {
            routes.push(
                route(
                    "wp/v2",
                    &format!("{base}/:parent/revisions"),
                    vec![EndpointDef::new(
                        &[Method::GET],
                        ListRevisions(pt.name.clone()),
                        vec![
                            arg(
                                "parent",
                                Schema::integer("The ID for the parent of the revision."),
                            ),
                            context(),
                            arg(
                                "page",
                                Schema::integer("Current page of the collection.")
                                    .default(json!(1))
                                    .range(Some(1), None),
                            ),
                            arg(
                                "per_page",
                                Schema::integer(
                                    "Maximum number of items to be returned in result set.",
                                )
                                .range(Some(1), Some(100)),
                            ),
                            arg(
                                "search",
                                Schema::string("Limit results to those matching a string."),
                            ),
                            arg(
                                "exclude",
                                Schema::array_of(
                                    Schema::integer(""),
                                    "Ensure result set excludes specific IDs.",
                                )
                                .default(json!([])),
                            ),
                            arg(
                                "include",
                                Schema::array_of(
                                    Schema::integer(""),
                                    "Limit result set to specific IDs.",
                                )
                                .default(json!([])),
                            ),
                            arg(
                                "offset",
                                Schema::integer(
                                    "Offset the result set by a specific number of items.",
                                ),
                            ),
                            arg(
                                "order",
                                Schema::string("Order sort attribute ascending or descending.")
                                    .one_of(&["asc", "desc"])
                                    .default(json!("desc")),
                            ),
                            arg(
                                "orderby",
                                Schema::string("Sort collection by object attribute.")
                                    .one_of(&[
                                        "date",
                                        "id",
                                        "include",
                                        "relevance",
                                        "slug",
                                        "include_slugs",
                                        "title",
                                    ])
                                    .default(json!("date")),
                            ),
                        ],
                    )],
                )
                .with_schema(revision_schema.clone()),
            );
            routes.push(
                route(
                    "wp/v2",
                    &format!("{base}/:parent/revisions/:id"),
                    vec![
                        EndpointDef::new(
                            &[Method::GET],
                            GetRevision(pt.name.clone()),
                            vec![
                                arg(
                                    "parent",
                                    Schema::integer("The ID for the parent of the revision."),
                                ),
                                arg("id", Schema::integer("Unique identifier for the revision.")),
                                context(),
                            ],
                        ),
                        EndpointDef::new(
                            &[Method::DELETE],
                            DeleteRevision(pt.name.clone()),
                            vec![
                            arg(
                                "parent",
                                Schema::integer("The ID for the parent of the revision."),
                            ),
                            arg("id", Schema::integer("Unique identifier for the revision.")),
                            arg(
                                "force",
                                Schema::boolean(
                                    "Required to be true, as revisions do not support trashing.",
                                )
                                .default(json!(false)),
                            ),
                        ],
                        ),
                    ],
                )
                .with_schema(revision_schema.clone()),
            );
        }
        routes.push(
            route(
                "wp/v2",
                &format!("{base}/:id/autosaves"),
                vec![
                    EndpointDef::new(
                        &[Method::GET],
                        ListAutosaves(pt.name.clone()),
                        vec![
                            arg(
                                "parent",
                                Schema::integer("The ID for the parent of the autosave."),
                            ),
                            context(),
                        ],
                    ),
                    EndpointDef::new(
                        &[Method::POST],
                        CreateAutosave(pt.name.clone()),
                        autosave_create_args(site, pt),
                    ),
                ],
            )
            .with_schema(autosave_schema.clone()),
        );
        routes.push(
            route(
                "wp/v2",
                &format!("{base}/:parent/autosaves/:id"),
                vec![EndpointDef::new(
                    &[Method::GET],
                    GetAutosave(pt.name.clone()),
                    vec![
                        arg(
                            "parent",
                            Schema::integer("The ID for the parent of the autosave."),
                        ),
                        arg("id", Schema::integer("The ID for the autosave.")),
                        context(),
                    ],
                )],
            )
            .with_schema(autosave_schema.clone()),
        );
    }
    routes
}

/// The item schema of `post_type`'s revisions (or autosaves), built when an index asks.
fn schema_fn(post_type: &str, autosave: bool) -> crate::routes::SchemaFn {
    let post_type = post_type.to_owned();
    std::sync::Arc::new(
        move |site: &Site, _options| match site.post_type(&post_type) {
            Some(pt) => crate::schema::revision_item_schema(site, pt, autosave),
            None => Value::Null,
        },
    )
}

/// The route's `parent` argument, then the post type's editable arguments (a same-named one
/// replaces it in place, as PHP's array union of route and endpoint args does).
fn autosave_create_args(
    site: &Site,
    pt: &headpress_domain::types::PostType,
) -> Vec<crate::args::ArgSpec> {
    let mut args = vec![arg(
        "parent",
        Schema::integer("The ID for the parent of the autosave."),
    )];
    let schema = crate::schema::post_item_schema(site, pt, None);
    for spec in crate::schema::endpoint_args_for_schema(&schema, false) {
        match args.iter_mut().find(|a| a.name == spec.name) {
            Some(slot) => *slot = spec,
            None => args.push(spec),
        }
    }
    args
}

struct ListRevisions(String);
struct GetRevision(String);
struct DeleteRevision(String);
struct ListAutosaves(String);
struct CreateAutosave(String);
struct GetAutosave(String);

/// `get_parent`: the revised post, of this controller's post type.
async fn load_parent(req: &WpRequest, post_type: &str, param: &str) -> WpResult<Post> {
    let id = req.url_id(param);
    let invalid = || WpError::new(404, "rest_post_invalid_parent", "Invalid post parent ID.");
    if id == 0 {
        return Err(invalid());
    }
    match req.post(id).await? {
        Some(p) if p.post_type == post_type => Ok(p),
        _ => Err(invalid()),
    }
}

/// `current_user_can( 'edit_post', $parent->ID )`.
async fn can_edit_parent(req: &WpRequest, parent: &Post) -> WpResult<bool> {
    let Some(pt) = req.site.post_type(&parent.post_type) else {
        return Ok(false);
    };
    let trashed = if parent.post_status == "trash" {
        dposts::meta_for(&req.site, &[parent.id.0], &["_wp_trash_meta_status"])
            .await?
            .get(&parent.id.0)
            .and_then(|m| m.first())
            .map(|(_, v)| v.clone())
    } else {
        None
    };
    Ok(dposts::can_edit(
        &req.viewer,
        parent,
        pt,
        trashed.as_deref(),
    ))
}

async fn read_permission(
    req: &WpRequest,
    post_type: &str,
    param: &str,
    what: &str,
) -> WpResult<Post> {
    let parent = load_parent(req, post_type, param).await?;
    if !can_edit_parent(req, &parent).await? {
        return Err(WpError::forbidden(
            req.viewer.is_logged_in(),
            "rest_cannot_read",
            &format!("Sorry, you are not allowed to view {what} of this post."),
        ));
    }
    Ok(parent)
}

fn context_of(args: &Map<String, Value>) -> String {
    args.get("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
        .to_owned()
}

impl Controller for ListRevisions {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            read_permission(req, &self.0, "parent", "revisions")
                .await
                .map(|_| ())
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            let parent = load_parent(req, &self.0, "parent").await?;
            list_revisions(req, &parent, args).await
        }
        .boxed()
    }
}

async fn list_revisions(
    req: &WpRequest,
    parent: &Post,
    args: &Map<String, Value>,
) -> WpResult<WpResponse> {
    let orderby = args
        .get("orderby")
        .and_then(Value::as_str)
        .unwrap_or("date");
    let search = args
        .get("search")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_lowercase();
    if orderby == "relevance" && search.is_empty() {
        return Err(WpError::new(
            400,
            "rest_no_search_term_defined",
            "You need to define a search term to order by relevance.",
        ));
    }
    let ids = |name: &str| -> Vec<u64> {
        args.get(name)
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_i64)
                    .map(|v| v.max(0) as u64)
                    .collect()
            })
            .unwrap_or_default()
    };
    let include = ids("include");
    if orderby == "include" && include.is_empty() {
        return Err(WpError::new(
            400,
            "rest_orderby_include_missing_include",
            "You need to define an include parameter to order by include.",
        ));
    }
    let exclude = ids("exclude");
    // A parent's revisions are few; WordPress's own query loads them all too
    // (`posts_per_page => -1` unless `per_page` is given).
    let mut revisions: Vec<Post> = drevisions::revisions_of(&req.site, parent.id.0)
        .await?
        .into_iter()
        .filter(|r| include.is_empty() || include.contains(&r.id.0))
        .filter(|r| !exclude.contains(&r.id.0))
        .filter(|r| {
            search.is_empty()
                || r.post_title.to_lowercase().contains(&search)
                || r.post_content.to_lowercase().contains(&search)
                || r.post_excerpt.to_lowercase().contains(&search)
        })
        .collect();
    let asc = args.get("order").and_then(Value::as_str) == Some("asc");
    match orderby {
        "id" => revisions.sort_by_key(|r| r.id),
        "slug" => revisions.sort_by(|a, b| a.post_name.cmp(&b.post_name)),
        "title" => revisions.sort_by(|a, b| a.post_title.cmp(&b.post_title)),
        "include" => revisions.sort_by_key(|r| include.iter().position(|i| *i == r.id.0)),
        _ => revisions.sort_by(|a, b| a.post_date.cmp(&b.post_date).then(a.id.cmp(&b.id))),
    }
    if orderby != "include" && !asc {
        revisions.reverse();
    }
    let total = revisions.len() as u64;
    let per_page = args.get("per_page").and_then(Value::as_u64);
    let page = args.get("page").and_then(Value::as_u64).unwrap_or(1).max(1);
    let offset = args.get("offset").and_then(Value::as_u64).unwrap_or(0);
    let max_pages = match per_page {
        Some(n) if n > 0 => total.div_ceil(n),
        _ => u64::from(total > 0),
    };
    if total > 0 {
        if offset >= total {
            return Err(WpError::new(
                400,
                "rest_revision_invalid_offset_number",
                "The offset number requested is larger than or equal to the number of available revisions.",
            ));
        } else if offset == 0 && page > max_pages {
            return Err(WpError::new(
                400,
                "rest_revision_invalid_page_number",
                "The page number requested is larger than the number of pages available.",
            ));
        }
    }
    let page_items: Vec<Post> = match per_page {
        Some(n) => {
            let start = if offset > 0 {
                offset
            } else {
                (page - 1).saturating_mul(n)
            };
            revisions
                .into_iter()
                .skip(usize::try_from(start).unwrap_or(usize::MAX))
                .take(usize::try_from(n).unwrap_or(usize::MAX))
                .collect()
        }
        None => revisions,
    };
    let context = context_of(args);
    let items = prepare_revisions(req, &page_items, &context, false).await?;
    let mut resp = WpResponse::ok(Value::Array(items))
        .header("X-WP-Total", total.to_string())
        .header("X-WP-TotalPages", max_pages.to_string());
    let pt_base = req
        .site
        .post_type(&parent.post_type)
        .map(|t| t.rest_base.clone())
        .unwrap_or_default();
    if let Some(link) = crate::links::pagination_links(
        req,
        args,
        &format!("/wp/v2/{pt_base}/{}/revisions", parent.id.0),
        page,
        max_pages,
    ) {
        resp = resp.header("Link", link);
    }
    Ok(resp)
}

impl Controller for GetRevision {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            read_permission(req, &self.0, "parent", "revisions")
                .await
                .map(|_| ())
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            load_parent(req, &self.0, "parent").await?;
            let revision = load_revision(req).await?;
            let mut items = prepare_revisions(
                req,
                std::slice::from_ref(&revision),
                &context_of(args),
                false,
            )
            .await?;
            Ok(WpResponse::ok(items.pop().unwrap_or(Value::Null)))
        }
        .boxed()
    }
}

async fn load_revision(req: &WpRequest) -> WpResult<Post> {
    let id = req.url_id("id");
    match req.post(id).await? {
        Some(p) if id > 0 && p.post_type == "revision" => Ok(p),
        _ => Err(WpError::new(
            404,
            "rest_post_invalid_id",
            "Invalid revision ID.",
        )),
    }
}

impl Controller for DeleteRevision {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            let parent = load_parent(req, &self.0, "parent").await?;
            let pt = req
                .site
                .post_type(&parent.post_type)
                .ok_or_else(|| WpError::internal("unknown post type"))?;
            if !dposts::can_delete(&req.viewer, &parent, pt) {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_delete",
                    "Sorry, you are not allowed to delete revisions of this post.",
                ));
            }
            let revision = load_revision(req).await?;
            // `delete_post` on a revision maps to `do_not_allow` unless the revision's
            // parent may be deleted; WordPress 6.1 refuses it for everyone in practice.
            let _ = revision;
            Err(WpError::forbidden(
                req.viewer.is_logged_in(),
                "rest_cannot_delete",
                "Sorry, you are not allowed to delete this revision.",
            ))
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

impl Controller for ListAutosaves {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            read_permission(req, &self.0, "id", "autosaves")
                .await
                .map(|_| ())
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            let parent = load_parent(req, &self.0, "id").await?;
            let autosaves: Vec<Post> = drevisions::revisions_of(&req.site, parent.id.0)
                .await?
                .into_iter()
                .filter(drevisions::is_autosave)
                .collect();
            let items = prepare_revisions(req, &autosaves, &context_of(args), true).await?;
            Ok(WpResponse::ok(Value::Array(items)))
        }
        .boxed()
    }
}

impl Controller for CreateAutosave {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            let parent = load_parent(req, &self.0, "id").await?;
            if !can_edit_parent(req, &parent).await? {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_edit",
                    "Sorry, you are not allowed to edit this post.",
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

impl Controller for GetAutosave {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            read_permission(req, &self.0, "parent", "autosaves")
                .await
                .map(|_| ())
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            let parent = req.url_id("parent");
            if parent == 0 {
                return Err(WpError::new(
                    404,
                    "rest_post_invalid_id",
                    "Invalid post parent ID.",
                ));
            }
            // `wp_get_post_autosave`: the autosave of the post (any user's).
            let autosave = drevisions::revisions_of(&req.site, parent)
                .await?
                .into_iter()
                .find(drevisions::is_autosave)
                .ok_or_else(|| {
                    WpError::new(
                        404,
                        "rest_post_no_autosave",
                        "There is no autosave revision for this post.",
                    )
                })?;
            let mut items = prepare_revisions(
                req,
                std::slice::from_ref(&autosave),
                &context_of(args),
                true,
            )
            .await?;
            Ok(WpResponse::ok(items.pop().unwrap_or(Value::Null)))
        }
        .boxed()
    }
}

/// Revisions as `WP_REST_Revisions_Controller::prepare_item_for_response` shows them.
pub async fn prepare_revisions(
    req: &WpRequest,
    revisions: &[Post],
    context: &str,
    autosave: bool,
) -> WpResult<Vec<Value>> {
    let parent_ids: Vec<u64> = revisions
        .iter()
        .map(|r| r.post_parent.0)
        .filter(|id| *id > 0)
        .collect();
    let parents: HashMap<u64, Post> = dposts::get_many(&req.site, &parent_ids).await?;
    let edit = context == "edit";
    let embed_ctx = context == "embed";
    let mut out = Vec::with_capacity(revisions.len());
    for r in revisions {
        let mut data = Map::new();
        data.insert("author".into(), json!(r.post_author.0));
        data.insert("date".into(), format_date(r.post_date.0));
        if !embed_ctx {
            data.insert("date_gmt".into(), format_date(r.post_date_gmt.0));
        }
        data.insert("id".into(), json!(r.id.0));
        if !embed_ctx {
            data.insert("modified".into(), format_date(r.post_modified.0));
            data.insert("modified_gmt".into(), format_date(r.post_modified_gmt.0));
        }
        data.insert("parent".into(), json!(r.post_parent.0));
        data.insert("slug".into(), json!(r.post_name));
        if !embed_ctx {
            let mut guid = Map::new();
            guid.insert("rendered".into(), json!(r.guid));
            if edit {
                guid.insert("raw".into(), json!(r.guid));
            }
            data.insert("guid".into(), Value::Object(guid));
        }
        let mut title = Map::new();
        if edit {
            title.insert("raw".into(), json!(r.post_title));
        }
        title.insert("rendered".into(), json!(crate::render::title(r)));
        data.insert("title".into(), Value::Object(title));
        if !embed_ctx {
            let mut content = Map::new();
            if edit {
                content.insert("raw".into(), json!(r.post_content));
            }
            content.insert(
                "rendered".into(),
                json!(crate::render::content(
                    &req.options,
                    &r.post_content,
                    r.id.0
                )),
            );
            data.insert("content".into(), Value::Object(content));
        }
        let mut excerpt = Map::new();
        if edit {
            excerpt.insert("raw".into(), json!(r.post_excerpt));
        }
        excerpt.insert(
            "rendered".into(),
            json!(crate::render::excerpt(&req.options, r)),
        );
        data.insert("excerpt".into(), Value::Object(excerpt));
        if autosave && edit {
            data.insert("preview_link".into(), json!(""));
        }
        let mut links = Links::new();
        if let Some(parent) = parents.get(&r.post_parent.0)
            && let Some(pt) = req.site.post_type(&parent.post_type)
        {
            links.add(
                "parent",
                json!({ "href": req.options.rest_url(&format!("/wp/v2/{}/{}", pt.rest_base, parent.id.0)) }),
            );
        }
        data.insert("_links".into(), links.into_json());
        out.push(Value::Object(data));
    }
    Ok(out)
}
