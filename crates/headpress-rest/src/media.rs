//! `WP_REST_Attachments_Controller`: `/wp/v2/media`. Attachments are posts; their file,
//! sizes and image metadata come from `_wp_attached_file` and `_wp_attachment_metadata`.

use std::collections::HashMap;

use futures::FutureExt;
use futures::future::BoxFuture;
use headpress_domain::media as dmedia;
use headpress_domain::posts::{self as dposts, Post, PostQuery};
use headpress_domain::types::PostType;
use poem::http::Method;
use serde_json::{Map, Value, json};

use crate::args::{ArgSpec, Schema, arg, ids_of, strings_of};
use crate::error::{WpError, WpResult};
use crate::links::{Links, pagination_links};
use crate::request::WpRequest;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

const MEDIA_TYPES: &[&str] = &["image", "video", "text", "application", "audio"];

pub fn routes(site: &Site) -> Vec<RouteDef> {
    let Some(pt) = site.post_type("attachment") else {
        return Vec::new();
    };
    let id_arg = || arg("id", Schema::integer("Unique identifier for the post."));
    let schema = crate::schema::attachment_item_schema(site, pt, None);
    let schema_fn: crate::routes::SchemaFn =
        std::sync::Arc::new(|site: &Site, options| match site.post_type("attachment") {
            Some(pt) => crate::schema::attachment_item_schema(site, pt, options),
            None => Value::Null,
        });
    let mut update_args = vec![id_arg()];
    update_args.extend(crate::schema::endpoint_args_for_schema(&schema, false));
    // The attachments controller sets `allow_batch` to false: no endpoint is batchable.
    vec![
        route(
            "wp/v2",
            "/wp/v2/media",
            vec![
                EndpointDef::new(&[Method::GET], ListMedia, collection_args(site, pt)),
                EndpointDef::new(
                    &[Method::POST],
                    Unsupported,
                    crate::schema::endpoint_args_for_schema(&schema, true),
                ),
            ],
        )
        .with_schema(schema_fn.clone()),
        route(
            "wp/v2",
            "/wp/v2/media/:id",
            vec![
                // Attachments take no `password` argument.
                EndpointDef::new(
                    &[Method::GET],
                    GetMedia,
                    vec![id_arg(), crate::posts::context_arg("view")],
                ),
                EndpointDef::new(
                    &[Method::POST, Method::PUT, Method::PATCH],
                    EditMedia,
                    update_args,
                ),
                EndpointDef::new(
                    &[Method::DELETE],
                    DeleteMedia,
                    vec![
                        id_arg(),
                        arg(
                            "force",
                            Schema::boolean("Whether to bypass Trash and force deletion.")
                                .default(json!(false)),
                        ),
                    ],
                ),
            ],
        )
        .with_schema(schema_fn),
    ]
}

use headpress_domain::Site;

fn collection_args(site: &Site, pt: &PostType) -> Vec<ArgSpec> {
    let mut args = crate::posts::collection_args(site, pt);
    // The attachments controller adds `parent`/`parent_exclude` (attachments are not
    // hierarchical) and narrows `status`.
    let status_pos = args.iter().position(|a| a.name == "status");
    let parent_args = [
        arg(
            "parent",
            Schema::array_of(
                Schema::integer(""),
                "Limit result set to items with particular parent IDs.",
            )
            .default(json!([])),
        ),
        arg(
            "parent_exclude",
            Schema::array_of(
                Schema::integer(""),
                "Limit result set to all items except those of a particular parent ID.",
            )
            .default(json!([])),
        ),
    ];
    if let Some(pos) = args.iter().position(|a| a.name == "slug") {
        for (i, a) in parent_args.into_iter().enumerate() {
            args.insert(pos + i, a);
        }
    }
    if let Some(pos) = status_pos.and_then(|_| args.iter().position(|a| a.name == "status")) {
        args[pos] = arg(
            "status",
            Schema::array_of(
                Schema::string("").one_of(&["inherit", "private", "trash"]),
                "Limit result set to posts assigned one or more statuses.",
            )
            .default(json!("inherit")),
        );
    }
    args.push(arg(
        "media_type",
        Schema::string("Limit result set to attachments of a particular media type.")
            .one_of(MEDIA_TYPES)
            .default(json!(null)),
    ));
    args.push(arg(
        "mime_type",
        Schema::string("Limit result set to attachments of a particular MIME type.")
            .default(json!(null)),
    ));
    args
}

struct ListMedia;
struct GetMedia;
struct EditMedia;
struct DeleteMedia;
struct Unsupported;

impl Controller for ListMedia {
    fn sanitize(&self, req: &WpRequest, args: &mut Map<String, Value>) -> WpResult<()> {
        sanitize_collection(req, args)
    }
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move { crate::posts::list_permission(req, "attachment") }.boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        list(req, args).boxed()
    }
}

impl Controller for GetMedia {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        get_permission(req).boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        get(req, args).boxed()
    }
}

impl Controller for EditMedia {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        crate::posts::update_permission(req, "attachment").boxed()
    }
    fn handle<'a>(
        &'a self,
        _req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async { Err(WpError::not_implemented()) }.boxed()
    }
}

impl Controller for DeleteMedia {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        crate::posts::delete_permission(req, "attachment").boxed()
    }
    fn handle<'a>(
        &'a self,
        _req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async { Err(WpError::not_implemented()) }.boxed()
    }
}

impl Controller for Unsupported {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if req.viewer.can("upload_files") {
                Ok(())
            } else {
                Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_create",
                    "Sorry, you are not allowed to create posts as this user.",
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

/// `wp_parse_slug_list` for `slug` and `sanitize_post_statuses` with `inherit` as the
/// default status.
fn sanitize_collection(req: &WpRequest, args: &mut Map<String, Value>) -> WpResult<()> {
    if let Some(Value::Array(slugs)) = args.get_mut("slug") {
        for slug in slugs.iter_mut() {
            if let Value::String(s) = slug {
                *s = headpress_php::sanitize::sanitize_title(s);
            }
        }
    }
    let pt = attachment_type(req)?;
    let statuses: Vec<String> = strings_of(args, "status");
    for status in statuses {
        if status == "inherit"
            || req.viewer.can(&pt.cap("edit"))
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

/// `get_item_permissions_check` for an attachment.
async fn get_permission(req: &WpRequest) -> WpResult<()> {
    let id = req.url_id("id");
    let post = req
        .post(id)
        .await?
        .filter(|p| id > 0 && p.post_type == "attachment")
        .ok_or_else(|| WpError::new(404, "rest_post_invalid_id", "Invalid post ID."))?;
    let pt = attachment_type(req)?;
    let context = req.raw("context").and_then(Value::as_str).unwrap_or("view");
    if context == "edit" && !dposts::can_edit(&req.viewer, &post, pt, None) {
        return Err(WpError::forbidden(
            req.viewer.is_logged_in(),
            "rest_forbidden_context",
            "Sorry, you are not allowed to edit this post.",
        ));
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
    let parents = req.posts(&[post.post_parent.0]).await?;
    if !can_read_attachment(req, &post, pt, &parents) {
        return Err(WpError::forbidden(
            req.viewer.is_logged_in(),
            "rest_forbidden",
            "Sorry, you are not allowed to do that.",
        ));
    }
    Ok(())
}

async fn list(req: &WpRequest, args: &Map<String, Value>) -> WpResult<WpResponse> {
    let pt = attachment_type(req)?;
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
    let mut q = PostQuery::new("attachment");
    q.statuses = strings_of(args, "status");
    if q.statuses.is_empty() {
        q.statuses = vec!["inherit".into()];
    }
    q.include = ids_of(args, "include");
    if orderby == "include" && q.include.is_empty() {
        return Err(WpError::new(
            400,
            "rest_orderby_include_missing_include",
            "You need to define an include parameter to order by include.",
        ));
    }
    q.author_in = ids_of(args, "author");
    q.author_not_in = ids_of(args, "author_exclude");
    q.exclude = ids_of(args, "exclude");
    q.slugs = strings_of(args, "slug");
    q.parent_in = ids_of(args, "parent");
    q.parent_not_in = ids_of(args, "parent_exclude");
    q.search = search.map(str::to_owned);
    crate::posts::order_and_paging(&mut q, args, orderby);
    // `post_mime_type`: PostQuery has no MIME filter, so the matching IDs narrow `include`
    // (one extra statement whatever the page size).
    let mime = match (
        args.get("media_type").and_then(Value::as_str),
        args.get("mime_type")
            .and_then(Value::as_str)
            .filter(|m| !m.is_empty()),
    ) {
        (_, Some(full))
            if full
                .split_once('/')
                .is_some_and(|(t, _)| MEDIA_TYPES.contains(&t)) =>
        {
            Some(dmedia::MimeFilter::Exact(full.to_owned()))
        }
        (Some(t), _) if !t.is_empty() => Some(dmedia::MimeFilter::Prefix(format!("{t}/"))),
        _ => None,
    };
    if let Some(filter) = mime {
        let matching = dmedia::ids_by_mime(&req.site, &filter).await?;
        q.include = if q.include.is_empty() {
            matching
        } else {
            q.include
                .iter()
                .copied()
                .filter(|id| matching.contains(id))
                .collect()
        };
        if q.include.is_empty() {
            q.match_nothing = true;
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
    let context = args
        .get("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
        .to_owned();
    let parents = req.prefetch_parents(&page.posts).await?;
    let readable: Vec<Post> = page
        .posts
        .into_iter()
        .filter(|p| {
            if context == "edit" {
                dposts::can_edit(&req.viewer, p, pt, None)
            } else {
                can_read_attachment(req, p, pt, &parents)
            }
        })
        .collect();
    let mut items = prepare_media(req, &readable, &context).await?;
    embed_if_requested(req, &mut items).await?;
    let mut resp = WpResponse::ok(Value::Array(items))
        .header("X-WP-Total", total.to_string())
        .header("X-WP-TotalPages", max_pages.to_string());
    if let Some(link) = pagination_links(req, args, "/wp/v2/media", q.page, max_pages) {
        resp = resp.header("Link", link);
    }
    Ok(resp)
}

async fn embed_if_requested(req: &WpRequest, items: &mut [Value]) -> WpResult<()> {
    if let Some(rels) = crate::embed::requested(req) {
        let wanted = crate::posts::requested_fields(req).is_none_or(|f| {
            f.iter()
                .any(|x| x == "_embedded" || x.starts_with("_embedded."))
        });
        if wanted {
            crate::embed::embed_all(req, items, &rels).await?;
        }
    }
    Ok(())
}

fn attachment_type(req: &WpRequest) -> WpResult<&PostType> {
    req.site
        .post_type("attachment")
        .ok_or_else(|| WpError::internal("unknown post type"))
}

/// `check_read_permission` for an attachment: `inherit` defers to the parent post.
pub fn can_read_attachment(
    req: &WpRequest,
    post: &Post,
    pt: &PostType,
    parents: &HashMap<u64, Post>,
) -> bool {
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

async fn get(req: &WpRequest, args: &Map<String, Value>) -> WpResult<WpResponse> {
    let id = req.url_id("id");
    let post = req
        .post(id)
        .await?
        .filter(|p| p.post_type == "attachment")
        .ok_or_else(|| WpError::new(404, "rest_post_invalid_id", "Invalid post ID."))?;
    let context = args
        .get("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
        .to_owned();
    let mut items = prepare_media(req, std::slice::from_ref(&post), &context).await?;
    embed_if_requested(req, &mut items).await?;
    let body = items.pop().unwrap_or(Value::Null);
    let link = body.get("link").and_then(Value::as_str).map(str::to_owned);
    let mut resp = WpResponse::ok(body);
    if let Some(link) = link {
        resp = resp.header(
            "Link",
            format!("<{link}>; rel=\"alternate\"; type=text/html"),
        );
    }
    Ok(resp)
}

/// `get_post_status` of an attachment: `inherit` takes the parent's status.
fn effective_status(post: &Post, parents: &HashMap<u64, Post>) -> String {
    if post.post_status == "inherit" {
        if post.post_parent.0 == 0 {
            return "publish".into();
        }
        return match parents.get(&post.post_parent.0) {
            Some(parent) if parent.post_status == "trash" => "publish".into(),
            Some(parent) => parent.post_status.clone(),
            None => "publish".into(),
        };
    }
    post.post_status.clone()
}

/// `get_attachment_link` for many attachments, plus their `permalink_template` base.
pub(crate) async fn attachment_links(
    req: &WpRequest,
    posts: &[Post],
) -> WpResult<(HashMap<u64, String>, HashMap<u64, Post>)> {
    let parent_ids: Vec<u64> = posts
        .iter()
        .map(|p| p.post_parent.0)
        .filter(|id| *id > 0)
        .collect();
    let parents = req.posts(&parent_ids).await?;
    let links = attachment_links_with(req, posts, &parents).await?;
    Ok((links, parents))
}

/// `get_attachment_link` for attachments whose parents are already loaded.
pub(crate) async fn attachment_links_with(
    req: &WpRequest,
    posts: &[Post],
    parents: &HashMap<u64, Post>,
) -> WpResult<HashMap<u64, String>> {
    let parent_list: Vec<Post> = parents.values().cloned().collect();
    let parent_links = crate::posts::permalinks_for(req, &parent_list).await?;
    let home = req.options.home().to_owned();
    let pretty = !req.options.permalink_structure().is_empty();
    let mut out = HashMap::new();
    for p in posts {
        let id = p.id.0;
        let status = effective_status(p, parents);
        let readable_private = status == "private" && req.viewer.is_logged_in();
        let force_plain = !(status == "publish" || readable_private);
        let parent = parents.get(&p.post_parent.0);
        let parent_valid = p.post_parent.0 == 0
            || (p.post_parent.0 != id
                && parent.is_some_and(|pp| req.site.post_type(&pp.post_type).is_some()));
        let mut link = None;
        if !force_plain && parent_valid && pretty {
            match parent {
                Some(pp) => {
                    let parent_link = parent_links.get(&pp.id.0).cloned().unwrap_or_default();
                    let name = if p.post_name.bytes().all(|b| b.is_ascii_digit())
                        || req.options.permalink_structure().contains("%category%")
                    {
                        format!("attachment/{}", p.post_name)
                    } else {
                        p.post_name.clone()
                    };
                    if !parent_link.contains('?') {
                        link = Some(format!("{}/{name}/", parent_link.trim_end_matches('/')));
                    }
                }
                None => link = Some(format!("{home}/{}/", p.post_name)),
            }
        }
        out.insert(
            id,
            link.unwrap_or_else(|| format!("{home}/?attachment_id={id}")),
        );
    }
    Ok(out)
}

/// Attachments as `prepare_item_for_response` shows them, loaded in batches.
pub async fn prepare_media(req: &WpRequest, posts: &[Post], context: &str) -> WpResult<Vec<Value>> {
    if posts.is_empty() {
        return Ok(Vec::new());
    }
    let pt = attachment_type(req)?;
    let ids: Vec<u64> = posts.iter().map(|p| p.id.0).collect();
    let (meta, (links, _parents)) = futures::try_join!(
        async {
            dposts::meta_for(
                &req.site,
                &ids,
                &[
                    "_wp_attached_file",
                    "_wp_attachment_metadata",
                    "_wp_attachment_image_alt",
                ],
            )
            .await
            .map_err(WpError::from)
        },
        attachment_links(req, posts),
    )?;
    let uploads = dmedia::UploadsBase::from_options(&req.options);
    let fields = crate::posts::requested_fields(req);
    let edit = context == "edit";
    let embed_ctx = context == "embed";
    let mut out = Vec::with_capacity(posts.len());
    for post in posts {
        let id = post.id.0;
        let rows = meta.get(&id).cloned().unwrap_or_default();
        let get_meta = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let attachment = dmedia::Attachment::from_meta(
            &uploads,
            &post.guid,
            &post.post_mime_type,
            get_meta("_wp_attached_file"),
            get_meta("_wp_attachment_metadata"),
        );
        let link = links.get(&id).cloned().unwrap_or_default();
        let mut data = Map::new();
        data.insert("id".into(), json!(id));
        data.insert(
            "date".into(),
            crate::revisions::format_date(post.post_date.0),
        );
        if !embed_ctx {
            data.insert(
                "date_gmt".into(),
                crate::revisions::format_date(post.post_date_gmt.0.or(post.post_date.0)),
            );
            let mut guid = Map::new();
            guid.insert("rendered".into(), json!(post.guid));
            if edit {
                guid.insert("raw".into(), json!(post.guid));
            }
            data.insert("guid".into(), Value::Object(guid));
            data.insert(
                "modified".into(),
                crate::revisions::format_date(post.post_modified.0),
            );
            data.insert(
                "modified_gmt".into(),
                crate::revisions::format_date(post.post_modified_gmt.0.or(post.post_modified.0)),
            );
        }
        data.insert("slug".into(), json!(post.post_name));
        if !embed_ctx {
            data.insert("status".into(), json!(post.post_status));
        }
        data.insert("type".into(), json!(post.post_type));
        data.insert("link".into(), json!(link));
        let mut title = Map::new();
        if edit {
            title.insert("raw".into(), json!(post.post_title));
        }
        title.insert("rendered".into(), json!(crate::render::title(post)));
        data.insert("title".into(), Value::Object(title));
        data.insert("author".into(), json!(post.post_author.0));
        if !embed_ctx {
            data.insert("comment_status".into(), json!(post.comment_status));
            data.insert("ping_status".into(), json!(post.ping_status));
            data.insert("template".into(), json!(""));
            data.insert("meta".into(), json!([]));
        }
        if edit {
            let template = match link.rsplit_once(&format!("/{}/", post.post_name)) {
                Some((base, "")) if !link.contains('?') => format!("{base}/%postname%/"),
                _ => link.clone(),
            };
            data.insert("permalink_template".into(), json!(template));
            data.insert(
                "generated_slug".into(),
                json!(headpress_php::sanitize::sanitize_title(&post.post_title)),
            );
        }
        if !embed_ctx {
            let mut description = Map::new();
            if edit {
                description.insert("raw".into(), json!(post.post_content));
            }
            description.insert(
                "rendered".into(),
                json!(crate::render::attachment_description(
                    &req.options,
                    post,
                    &attachment.url,
                    attachment
                        .metadata
                        .as_ref()
                        .filter(|_| attachment.is_image())
                        .map(|m| {
                            crate::render::image_meta(
                                m,
                                get_meta("_wp_attachment_image_alt").unwrap_or(""),
                                &post.post_excerpt,
                                &link,
                            )
                        })
                        .as_ref(),
                )),
            );
            data.insert("description".into(), Value::Object(description));
        }
        let mut caption = Map::new();
        if edit {
            caption.insert("raw".into(), json!(post.post_excerpt));
        }
        caption.insert(
            "rendered".into(),
            // `the_excerpt` of `get_the_excerpt`: an empty caption is generated from the
            // description, as WordPress does.
            json!(crate::render::excerpt(&req.options, post)),
        );
        data.insert("caption".into(), Value::Object(caption));
        data.insert(
            "alt_text".into(),
            json!(get_meta("_wp_attachment_image_alt").unwrap_or("")),
        );
        data.insert(
            "media_type".into(),
            json!(if attachment.is_image() {
                "image"
            } else {
                "file"
            }),
        );
        data.insert("mime_type".into(), json!(post.post_mime_type));
        data.insert("media_details".into(), attachment.media_details());
        if !embed_ctx {
            data.insert(
                "post".into(),
                if post.post_parent.0 > 0 {
                    json!(post.post_parent.0)
                } else {
                    Value::Null
                },
            );
        }
        data.insert("source_url".into(), json!(attachment.url));
        if edit {
            data.insert(
                "missing_image_sizes".into(),
                json!(attachment.missing_sizes(&req.options)),
            );
        }
        let wants_links = fields.as_ref().is_none_or(|f| {
            f.iter().any(|x| {
                x == "_links"
                    || x == "_embedded"
                    || x.starts_with("_links.")
                    || x.starts_with("_embedded.")
            })
        });
        if wants_links {
            data.insert(
                "_links".into(),
                media_links(req, pt, post, edit).into_json(),
            );
        }
        out.push(Value::Object(data));
    }
    Ok(out)
}

fn media_links(req: &WpRequest, pt: &PostType, post: &Post, edit: bool) -> Links {
    let o = &req.options;
    let id = post.id.0;
    let mut links = Links::new();
    links.add(
        "self",
        json!({ "href": o.rest_url(&format!("/wp/v2/media/{id}")) }),
    );
    links.add("collection", json!({ "href": o.rest_url("/wp/v2/media") }));
    links.add(
        "about",
        json!({ "href": o.rest_url("/wp/v2/types/attachment") }),
    );
    if post.post_author.0 > 0 {
        links.add("author", json!({ "embeddable": true, "href": o.rest_url(&format!("/wp/v2/users/{}", post.post_author.0)) }));
    }
    links.add(
        "replies",
        json!({ "embeddable": true, "href": format!("{}?post={id}", o.rest_url("/wp/v2/comments")) }),
    );
    if edit {
        let href = o.rest_url(&format!("/wp/v2/media/{id}"));
        if req.viewer.can("unfiltered_html") {
            links.add("wp:action-unfiltered-html", json!({ "href": href }));
        }
        if req.viewer.can(&pt.cap("edit_others")) {
            links.add("wp:action-assign-author", json!({ "href": href }));
        }
    }
    links
}
