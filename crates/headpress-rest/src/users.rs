//! `WP_REST_Users_Controller`: `/wp/v2/users`, `/wp/v2/users/<id>`, `/wp/v2/users/me`.

use std::collections::HashMap;

use futures::FutureExt;
use futures::future::BoxFuture;
use headpress_domain::Site;
use headpress_domain::users::{self as dusers, User, UserOrderBy, UserQuery};
use poem::http::Method;
use serde_json::{Map, Value, json};

use crate::args::{ArgSpec, Schema, arg};
use crate::error::{WpError, WpResult};
use crate::links::{Links, pagination_links};
use crate::request::WpRequest;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

/// Post types WordPress registers with `show_in_rest` besides the registry's own
/// (`get_post_types( array( 'show_in_rest' => true ) )`), for `count_user_posts`.
const CORE_REST_TYPES: &[&str] = &[
    "nav_menu_item",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_navigation",
];

pub fn routes(site: &Site) -> Vec<RouteDef> {
    let schema = item_schema(site);
    let schema_fn: crate::routes::SchemaFn =
        std::sync::Arc::new(|site: &Site, _options| item_schema(site));
    let create_args = crate::schema::endpoint_args_for_schema(&schema, true);
    let update_args = crate::schema::endpoint_args_for_schema(&schema, false);
    let context = || crate::posts::context_arg("view");
    let id_arg = || arg("id", Schema::integer("Unique identifier for the user."));
    let delete_args = |with_id: bool| {
        let mut args = Vec::new();
        if with_id {
            args.push(id_arg());
        }
        args.push(arg(
            "force",
            Schema::boolean("Required to be true, as users do not support trashing.")
                .default(json!(false)),
        ));
        args.push(
            arg(
                "reassign",
                Schema::integer("Reassign the deleted user's posts and links to this user ID."),
            )
            .required(),
        );
        args
    };
    vec![
        route(
            "wp/v2",
            "/wp/v2/users",
            vec![
                EndpointDef::new(&[Method::GET], ListUsers, collection_args()),
                EndpointDef::new(&[Method::POST], CreateUser, create_args),
            ],
        )
        .with_schema(schema_fn.clone()),
        route(
            "wp/v2",
            "/wp/v2/users/:id",
            vec![
                EndpointDef::new(&[Method::GET], GetUser(false), vec![id_arg(), context()]),
                EndpointDef::new(
                    &[Method::POST, Method::PUT, Method::PATCH],
                    EditUser(false),
                    {
                        let mut a = vec![id_arg()];
                        a.extend(update_args.clone());
                        a
                    },
                ),
                EndpointDef::new(&[Method::DELETE], DeleteUser(false), delete_args(true)),
            ],
        )
        .with_schema(schema_fn.clone()),
        route(
            "wp/v2",
            "/wp/v2/users/me",
            vec![
                EndpointDef::new(&[Method::GET], GetUser(true), vec![context()]),
                EndpointDef::new(
                    &[Method::POST, Method::PUT, Method::PATCH],
                    EditUser(true),
                    update_args,
                ),
                EndpointDef::new(&[Method::DELETE], DeleteUser(true), delete_args(false)),
            ],
        )
        .with_schema(schema_fn),
    ]
}

fn collection_args() -> Vec<ArgSpec> {
    let id_list = |d: &str| Schema::array_of(Schema::integer(""), d).default(json!([]));
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
                .default(json!("asc")),
        ),
        arg(
            "orderby",
            Schema::string("Sort collection by user attribute.")
                .one_of(&[
                    "id",
                    "include",
                    "name",
                    "registered_date",
                    "slug",
                    "include_slugs",
                    "email",
                    "url",
                ])
                .default(json!("name")),
        ),
        arg(
            "slug",
            Schema::array_of(
                Schema::string(""),
                "Limit result set to users with one or more specific slugs.",
            ),
        ),
        arg(
            "roles",
            Schema::array_of(
                Schema::string(""),
                "Limit result set to users matching at least one specific role provided. Accepts csv list or single role.",
            ),
        ),
        arg(
            "capabilities",
            Schema::array_of(
                Schema::string(""),
                "Limit result set to users matching at least one specific capability provided. Accepts csv list or single capability.",
            ),
        ),
        arg(
            "who",
            Schema::string("Limit result set to users who are considered authors.")
                .one_of(&["authors"]),
        ),
        arg(
            "has_published_posts",
            Schema::from_json(json!({
                "description": "Limit result set to users who have published posts.",
                "type": ["boolean", "array"],
                // `get_post_types( …, 'names' )` is keyed by name, so PHP encodes this
                // `enum` as an object.
                "items": { "type": "string", "enum": {"post": "post", "page": "page", "attachment": "attachment", "nav_menu_item": "nav_menu_item", "wp_block": "wp_block", "wp_template": "wp_template", "wp_template_part": "wp_template_part", "wp_navigation": "wp_navigation"} },
            })),
        ),
    ]
}

struct ListUsers;
struct CreateUser;
struct GetUser(bool);
struct EditUser(bool);
struct DeleteUser(bool);

fn rest_post_types(site: &Site) -> Vec<String> {
    let mut types: Vec<String> = site
        .registry()
        .post_types()
        .iter()
        .filter(|t| t.show_in_rest)
        .map(|t| t.name.clone())
        .collect();
    for t in CORE_REST_TYPES {
        if !types.iter().any(|x| x == t) {
            types.push((*t).to_owned());
        }
    }
    types
}

fn raw_str(req: &WpRequest, name: &str) -> Option<String> {
    match req.raw(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn non_empty(req: &WpRequest, name: &str) -> bool {
    match req.raw(name) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty() && s != "0",
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
    }
}

impl Controller for ListUsers {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            let v = &req.viewer;
            let logged_in = v.is_logged_in();
            if non_empty(req, "roles") && !v.can("list_users") {
                return Err(WpError::forbidden(
                    logged_in,
                    "rest_user_cannot_view",
                    "Sorry, you are not allowed to filter users by role.",
                ));
            }
            if non_empty(req, "capabilities") && !v.can("list_users") {
                return Err(WpError::forbidden(
                    logged_in,
                    "rest_user_cannot_view",
                    "Sorry, you are not allowed to filter users by capability.",
                ));
            }
            if raw_str(req, "context").as_deref() == Some("edit") && !v.can("list_users") {
                return Err(WpError::forbidden(
                    logged_in,
                    "rest_forbidden_context",
                    "Sorry, you are not allowed to edit users.",
                ));
            }
            if matches!(
                raw_str(req, "orderby").as_deref(),
                Some("email" | "registered_date")
            ) && !v.can("list_users")
            {
                return Err(WpError::forbidden(
                    logged_in,
                    "rest_forbidden_orderby",
                    "Sorry, you are not allowed to order users by this parameter.",
                ));
            }
            if raw_str(req, "who").as_deref() == Some("authors") {
                let ok = req
                    .site
                    .registry()
                    .post_types()
                    .iter()
                    .any(|t| t.show_in_rest && t.supports("author") && v.can(&t.cap("edit")));
                if !ok {
                    return Err(WpError::forbidden(
                        logged_in,
                        "rest_forbidden_who",
                        "Sorry, you are not allowed to query users by this parameter.",
                    ));
                }
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
        list(req, args).boxed()
    }
}

fn strings(args: &Map<String, Value>, name: &str) -> Vec<String> {
    args.get(name)
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn ids(args: &Map<String, Value>, name: &str) -> Vec<u64> {
    args.get(name)
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_i64)
                .map(|v| v.max(0) as u64)
                .collect()
        })
        .unwrap_or_default()
}

async fn list(req: &WpRequest, args: &Map<String, Value>) -> WpResult<WpResponse> {
    let v = &req.viewer;
    let per_page = args
        .get("per_page")
        .and_then(Value::as_u64)
        .unwrap_or(10)
        .clamp(1, 100);
    let page = args.get("page").and_then(Value::as_u64).unwrap_or(1).max(1);
    let offset = match args.get("offset").and_then(Value::as_i64) {
        Some(o) if o != 0 => o.unsigned_abs(),
        _ => (page - 1) * per_page,
    };
    let search = args
        .get("search")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(|s| {
            // `WP_User_Query` picks the columns from the search text.
            let text = s.trim_matches('*').to_owned();
            let columns: Vec<&'static str> = if !v.can("list_users") {
                vec!["ID", "user_login", "user_nicename", "display_name"]
            } else if text.contains('@') {
                vec!["user_email"]
            } else if text.bytes().all(|b| b.is_ascii_digit()) {
                vec!["user_login", "ID"]
            } else if text.starts_with("http://") || text.starts_with("https://") {
                vec!["user_url"]
            } else {
                vec![
                    "user_login",
                    "user_url",
                    "user_email",
                    "user_nicename",
                    "display_name",
                ]
            };
            (text, columns)
        });
    let who_authors = args.get("who").and_then(Value::as_str) == Some("authors");
    let mut has_published_posts = if !who_authors && !v.can("list_users") {
        Some(rest_post_types(&req.site))
    } else {
        None
    };
    match args.get("has_published_posts") {
        Some(Value::Bool(true)) => has_published_posts = Some(rest_post_types(&req.site)),
        Some(Value::String(s)) if s == "true" || s == "1" => {
            has_published_posts = Some(rest_post_types(&req.site))
        }
        Some(Value::Array(list)) if !list.is_empty() => {
            has_published_posts = Some(
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            )
        }
        _ => {}
    }
    let q = UserQuery {
        include: ids(args, "include"),
        exclude: ids(args, "exclude"),
        search,
        nicenames: strings(args, "slug"),
        nicenames_not_in: vec![],
        logins: vec![],
        logins_not_in: vec![],
        roles_all: vec![],
        roles_not_in: vec![],
        roles: strings(args, "roles"),
        authors_only: who_authors,
        has_published_posts,
        order_by: match args.get("orderby").and_then(Value::as_str) {
            Some("id") => UserOrderBy::Id,
            Some("include") => UserOrderBy::Include,
            Some("registered_date") => UserOrderBy::Registered,
            Some("slug") => UserOrderBy::Slug,
            Some("include_slugs") => UserOrderBy::IncludeSlugs,
            Some("email") => UserOrderBy::Email,
            Some("url") => UserOrderBy::Url,
            _ => UserOrderBy::Name,
        },
        order_desc: args.get("order").and_then(Value::as_str) == Some("desc"),
        limit: per_page,
        offset,
    };
    let result = dusers::query(&req.site, &q).await?;
    let context = args
        .get("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
        .to_owned();
    let shown: Vec<User> = result
        .users
        .into_iter()
        .filter(|u| context != "edit" || can_edit_user(req, u.id.0))
        .collect();
    let items = prepare_users(req, &shown, &context).await?;
    let total = result.total;
    let max_pages = total.div_ceil(per_page);
    // WordPress derives the page from the offset for the links.
    let link_page = offset / per_page + 1;
    let mut resp = WpResponse::ok(Value::Array(items))
        .header("X-WP-Total", total.to_string())
        .header("X-WP-TotalPages", max_pages.to_string());
    if let Some(link) = pagination_links(req, args, "/wp/v2/users", link_page, max_pages) {
        resp = resp.header("Link", link);
    }
    Ok(resp)
}

/// `current_user_can( 'edit_user', $id )`: oneself, or `edit_users`.
fn can_edit_user(req: &WpRequest, id: u64) -> bool {
    req.viewer.is_logged_in() && (req.viewer.id() == id || req.viewer.can("edit_users"))
}

async fn load_user(req: &WpRequest, me: bool) -> WpResult<User> {
    let id = if me {
        req.viewer.id()
    } else {
        req.url_id("id")
    };
    let invalid = || WpError::new(404, "rest_user_invalid_id", "Invalid user ID.");
    if id == 0 {
        return Err(invalid());
    }
    dusers::find_by_ids(&req.site, &[id])
        .await?
        .remove(&id)
        .ok_or_else(invalid)
}

fn not_logged_in() -> WpError {
    WpError::new(
        401,
        "rest_not_logged_in",
        "You are not currently logged in.",
    )
}

/// `count_user_posts( $id, <REST types> )` for many users, as the caller sees them.
async fn has_posts(req: &WpRequest, ids: &[u64]) -> WpResult<HashMap<u64, bool>> {
    let types = rest_post_types(&req.site);
    let refs: Vec<&str> = types.iter().map(String::as_str).collect();
    let counts = dusers::post_counts(&req.site, ids, &refs).await?;
    // Private posts count when the caller may read private posts (or wrote them).
    let private_ok = req.viewer.can("read_private_posts");
    Ok(ids
        .iter()
        .map(|id| {
            let (public, private) = counts.get(id).copied().unwrap_or_default();
            let own = req.viewer.id() == *id && req.viewer.is_logged_in();
            (*id, public > 0 || ((private_ok || own) && private > 0))
        })
        .collect())
}

/// `get_item_permissions_check` for one user.
fn user_visible(req: &WpRequest, id: u64, context: &str, has_posts: bool) -> WpResult<()> {
    let v = &req.viewer;
    if v.is_logged_in() && v.id() == id {
        return Ok(());
    }
    let denied = || {
        WpError::forbidden(
            v.is_logged_in(),
            "rest_user_cannot_view",
            "Sorry, you are not allowed to list users.",
        )
    };
    if context == "edit" && !can_edit_user(req, id) {
        return Err(WpError::forbidden(
            v.is_logged_in(),
            "rest_forbidden_context",
            "Sorry, you are not allowed to edit this user.",
        ));
    }
    if !has_posts && !can_edit_user(req, id) && !v.can("list_users") {
        return Err(denied());
    }
    Ok(())
}

impl Controller for GetUser {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if self.0 {
                // `/users/me` has no permission check; the callback reports "not logged in".
                return Ok(());
            }
            let user = load_user(req, false).await?;
            let posts = has_posts(req, &[user.id.0]).await?;
            let context = raw_str(req, "context").unwrap_or_else(|| "view".into());
            user_visible(
                req,
                user.id.0,
                &context,
                posts.get(&user.id.0).copied().unwrap_or(false),
            )
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            if self.0 && !req.viewer.is_logged_in() {
                return Err(not_logged_in());
            }
            let user = load_user(req, self.0).await?;
            let context = args
                .get("context")
                .and_then(Value::as_str)
                .unwrap_or("view")
                .to_owned();
            let mut items = prepare_users(req, std::slice::from_ref(&user), &context).await?;
            Ok(WpResponse::ok(items.pop().unwrap_or(Value::Null)))
        }
        .boxed()
    }
}

impl Controller for CreateUser {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if req.viewer.can("create_users") {
                Ok(())
            } else {
                Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_create_user",
                    "Sorry, you are not allowed to create new users.",
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

impl Controller for EditUser {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if self.0 && !req.viewer.is_logged_in() {
                return Err(not_logged_in());
            }
            let user = load_user(req, self.0).await?;
            if can_edit_user(req, user.id.0) {
                Ok(())
            } else {
                Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_edit",
                    "Sorry, you are not allowed to edit this user.",
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

impl Controller for DeleteUser {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if self.0 && !req.viewer.is_logged_in() {
                return Err(not_logged_in());
            }
            let user = load_user(req, self.0).await?;
            let _ = user;
            if req.viewer.can("delete_users") {
                Ok(())
            } else {
                Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_user_cannot_delete",
                    "Sorry, you are not allowed to delete this user.",
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

/// Users in `embed` context keyed by ID, or the error WordPress would embed for them.
pub async fn embed_users(req: &WpRequest, ids: &[u64]) -> WpResult<HashMap<u64, Value>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (found, posts) = futures::try_join!(
        async {
            dusers::find_by_ids(&req.site, ids)
                .await
                .map_err(WpError::from)
        },
        has_posts(req, ids),
    )?;
    let mut out = HashMap::new();
    let mut visible = Vec::new();
    for id in ids {
        if !found.contains_key(id) {
            continue;
        }
        match user_visible(req, *id, "embed", posts.get(id).copied().unwrap_or(false)) {
            Ok(()) => {
                if let Some(u) = found.get(id) {
                    visible.push(u.clone());
                }
            }
            Err(e) => {
                out.insert(*id, e.body());
            }
        }
    }
    let values = prepare_users(req, &visible, "embed").await?;
    for (u, v) in visible.iter().zip(values) {
        out.insert(u.id.0, v);
    }
    Ok(out)
}

/// Users as `prepare_item_for_response` shows them, meta loaded in one batch.
pub async fn prepare_users(req: &WpRequest, users: &[User], context: &str) -> WpResult<Vec<Value>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<u64> = users.iter().map(|u| u.id.0).collect();
    let prefix = req.site.tables().prefix.clone();
    let caps_key = format!("{prefix}capabilities");
    let prefs_key = format!("{prefix}persisted_preferences");
    let registered = req.site.registry().rest_meta("user", "user");
    let mut keys: Vec<&str> = vec![
        "description",
        "first_name",
        "last_name",
        "nickname",
        "locale",
        caps_key.as_str(),
        prefs_key.as_str(),
    ];
    for reg in &registered {
        keys.push(reg.key.as_str());
    }
    let meta = dusers::meta_for(&req.site, &ids, &keys).await?;
    let edit = context == "edit";
    let embed_ctx = context == "embed";
    let o = &req.options;
    let roles_def = o.user_roles(&prefix);
    let site_locale = {
        let l = o.get_or("WPLANG", "");
        if l.is_empty() { "en_US" } else { l }.to_owned()
    };
    let fields = crate::posts::requested_fields(req);
    let wants_links = fields.as_ref().is_none_or(|f| {
        f.iter().any(|x| {
            x == "_links"
                || x == "_embedded"
                || x.starts_with("_links.")
                || x.starts_with("_embedded.")
        })
    });
    let mut out = Vec::with_capacity(users.len());
    for u in users {
        let id = u.id.0;
        let rows = meta.get(&id).cloned().unwrap_or_default();
        let get = |key: &str| -> String {
            rows.iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut data = Map::new();
        data.insert("id".into(), json!(id));
        if edit {
            data.insert("username".into(), json!(u.user_login));
        }
        data.insert("name".into(), json!(u.display_name));
        if edit {
            data.insert("first_name".into(), json!(get("first_name")));
            data.insert("last_name".into(), json!(get("last_name")));
            data.insert("email".into(), json!(u.user_email));
        }
        data.insert("url".into(), json!(u.user_url));
        data.insert("description".into(), json!(get("description")));
        let link = if o.permalink_structure().is_empty() {
            format!("{}/?author={id}", o.home())
        } else {
            format!("{}/author/{}/", o.home(), u.user_nicename)
        };
        data.insert("link".into(), json!(link));
        if edit {
            let locale = get("locale");
            data.insert(
                "locale".into(),
                json!(if locale.is_empty() {
                    site_locale.clone()
                } else {
                    locale
                }),
            );
            data.insert("nickname".into(), json!(get("nickname")));
        }
        data.insert("slug".into(), json!(u.user_nicename));
        let user_caps = headpress_php::serialize::maybe_unserialize(&get(&caps_key))
            .map(|v| v.to_json())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        if edit && (req.viewer.can("list_users") || can_edit_user(req, id)) {
            let roles: Vec<&String> = user_caps
                .iter()
                .filter(|(name, on)| truthy(on) && roles_def.get(name.as_str()).is_some())
                .map(|(name, _)| name)
                .collect();
            data.insert("roles".into(), json!(roles));
        }
        if edit {
            let registered_date = u
                .user_registered
                .0
                .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
                .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
            data.insert("registered_date".into(), json!(registered_date));
            data.insert(
                "capabilities".into(),
                Value::Object(all_caps(&roles_def, &user_caps)),
            );
            let extra: Map<String, Value> = user_caps
                .iter()
                .map(|(k, v)| (k.clone(), json!(truthy(v))))
                .collect();
            data.insert("extra_capabilities".into(), Value::Object(extra));
        }
        data.insert(
            "avatar_urls".into(),
            crate::embed::avatar_urls(req, &u.user_email),
        );
        if !embed_ctx {
            let mut m = Map::new();
            if edit {
                // Core registers `{prefix}persisted_preferences` (an object, edit context only).
                let prefs = headpress_php::serialize::maybe_unserialize(&get(&prefs_key))
                    .map(|v| v.to_json())
                    .filter(|v| v.as_object().is_some_and(|o| !o.is_empty()))
                    .unwrap_or_else(|| json!([]));
                m.insert("persisted_preferences".into(), prefs);
            }
            for reg in &registered {
                let values: Vec<&str> = rows
                    .iter()
                    .filter(|(k, _)| *k == reg.key)
                    .map(|(_, v)| v.as_str())
                    .collect();
                m.insert(reg.key.clone(), crate::meta::rest_value(reg, &values));
            }
            data.insert(
                "meta".into(),
                if m.is_empty() {
                    json!([])
                } else {
                    Value::Object(m)
                },
            );
        }
        if wants_links {
            let mut links = Links::new();
            links.add(
                "self",
                json!({ "href": o.rest_url(&format!("/wp/v2/users/{id}")) }),
            );
            links.add("collection", json!({ "href": o.rest_url("/wp/v2/users") }));
            data.insert("_links".into(), links.into_json());
        }
        out.push(Value::Object(data));
    }
    Ok(out)
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty() && s != "0",
        Value::Null => false,
        _ => true,
    }
}

/// `WP_User::get_role_caps`: the roles' capabilities in definition order, then the user's own
/// capability entries (role names included), as `allcaps`.
fn all_caps(roles_def: &Value, user_caps: &Map<String, Value>) -> Map<String, Value> {
    let mut all = Map::new();
    for (name, on) in user_caps {
        if !truthy(on) {
            continue;
        }
        if let Some(caps) = roles_def
            .get(name.as_str())
            .and_then(|r| r.get("capabilities"))
            .and_then(Value::as_object)
        {
            for (cap, grant) in caps {
                all.insert(cap.clone(), json!(truthy(grant)));
            }
        }
    }
    for (name, on) in user_caps {
        all.insert(name.clone(), json!(truthy(on)));
    }
    all
}
/// `get_item_schema` as WordPress 6.1 declares it; `meta` is filled from the registry.
const USER_SCHEMA: &str = r#"{"$schema": "http://json-schema.org/draft-04/schema#", "title": "user", "type": "object", "properties": {"id": {"description": "Unique identifier for the user.", "type": "integer", "context": ["embed", "view", "edit"], "readonly": true}, "username": {"description": "Login name for the user.", "type": "string", "context": ["edit"], "required": true}, "name": {"description": "Display name for the user.", "type": "string", "context": ["embed", "view", "edit"]}, "first_name": {"description": "First name for the user.", "type": "string", "context": ["edit"]}, "last_name": {"description": "Last name for the user.", "type": "string", "context": ["edit"]}, "email": {"description": "The email address for the user.", "type": "string", "format": "email", "context": ["edit"], "required": true}, "url": {"description": "URL of the user.", "type": "string", "format": "uri", "context": ["embed", "view", "edit"]}, "description": {"description": "Description of the user.", "type": "string", "context": ["embed", "view", "edit"]}, "link": {"description": "Author URL of the user.", "type": "string", "format": "uri", "context": ["embed", "view", "edit"], "readonly": true}, "locale": {"description": "Locale for the user.", "type": "string", "enum": ["", "en_US"], "context": ["edit"]}, "nickname": {"description": "The nickname for the user.", "type": "string", "context": ["edit"]}, "slug": {"description": "An alphanumeric identifier for the user.", "type": "string", "context": ["embed", "view", "edit"]}, "registered_date": {"description": "Registration date for the user.", "type": "string", "format": "date-time", "context": ["edit"], "readonly": true}, "roles": {"description": "Roles assigned to the user.", "type": "array", "items": {"type": "string"}, "context": ["edit"]}, "password": {"description": "Password for the user (never included).", "type": "string", "context": [], "required": true}, "capabilities": {"description": "All capabilities assigned to the user.", "type": "object", "context": ["edit"], "readonly": true}, "extra_capabilities": {"description": "Any extra capabilities assigned to the user.", "type": "object", "context": ["edit"], "readonly": true}, "avatar_urls": {"description": "Avatar URLs for the user.", "type": "object", "context": ["embed", "view", "edit"], "readonly": true, "properties": {"24": {"description": "Avatar URL with image size of 24 pixels.", "type": "string", "format": "uri", "context": ["embed", "view", "edit"]}, "48": {"description": "Avatar URL with image size of 48 pixels.", "type": "string", "format": "uri", "context": ["embed", "view", "edit"]}, "96": {"description": "Avatar URL with image size of 96 pixels.", "type": "string", "format": "uri", "context": ["embed", "view", "edit"]}}}, "meta": {"description": "Meta fields.", "type": "object", "context": ["view", "edit"], "properties": []}}}"#;

/// The user item schema with `persisted_preferences` and the registered user meta.
pub fn item_schema(site: &Site) -> Value {
    let mut schema: Value = serde_json::from_str(USER_SCHEMA).unwrap_or(Value::Null);
    let registered = crate::schema::meta_field_schema(site, "user", "user");
    let mut props = Map::new();
    props.insert(
        "persisted_preferences".into(),
        json!({
            "type": "object",
            "description": "",
            "default": [],
            "context": ["edit"],
            "properties": {"_modified": {"description": "The date and time the preferences were updated.", "type": "string", "format": "date-time", "readonly": false}},
            "additionalProperties": true,
        }),
    );
    if let Some(reg) = registered.get("properties").and_then(Value::as_object) {
        props.extend(reg.clone());
    }
    if let Some(p) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        p.insert(
            "meta".into(),
            json!({"description": "Meta fields.", "type": "object", "context": ["view", "edit"], "properties": props}),
        );
    }
    schema
}
