//! `WP_REST_Post_Types_Controller`, `WP_REST_Taxonomies_Controller` and
//! `WP_REST_Post_Statuses_Controller`: `/wp/v2/types`, `/wp/v2/taxonomies`, `/wp/v2/statuses`.
//!
//! The route table only captures digits, so the single-item routes are registered once per
//! known name (`/wp/v2/types/post`, …); an unknown name answers `rest_no_route`, where
//! WordPress answers `rest_type_invalid` / `rest_taxonomy_invalid` / `rest_status_invalid`.

use futures::FutureExt;
use futures::future::BoxFuture;
use headpress_domain::Site;
use poem::http::Method;
use serde_json::{Map, Value, json};

use crate::args::{ArgSpec, Schema, arg};
use crate::error::{WpError, WpResult};
use crate::links::Links;
use crate::request::WpRequest;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

/// A post type as the types controller shows it.
struct TypeInfo {
    name: String,
    label: String,
    description: &'static str,
    hierarchical: bool,
    icon: Option<&'static str>,
    taxonomies: Vec<String>,
    rest_base: String,
    capability_type: String,
}

/// WordPress's REST post types in registration order, then the configured ones.
fn post_types(site: &Site) -> Vec<TypeInfo> {
    let reg = site.registry();
    let taxonomies_of = |name: &str| -> Vec<String> {
        reg.rest_taxonomies_for(name)
            .iter()
            .map(|t| t.name.clone())
            .collect()
    };
    let mut out = Vec::new();
    let core_extra: [(&str, &str, &'static str, &str); 5] = [
        ("nav_menu_item", "Navigation Menu Items", "", "menu-items"),
        ("wp_block", "Reusable blocks", "", "blocks"),
        (
            "wp_template",
            "Templates",
            "Templates to include in your theme.",
            "templates",
        ),
        (
            "wp_template_part",
            "Template Parts",
            "Template parts to include in your templates.",
            "template-parts",
        ),
        (
            "wp_navigation",
            "Navigation Menus",
            "Navigation menus that can be inserted into your site.",
            "navigation",
        ),
    ];
    for builtin in ["post", "page", "attachment"] {
        if let Some(pt) = site.post_type(builtin).filter(|p| p.show_in_rest) {
            out.push(TypeInfo {
                name: pt.name.clone(),
                label: pt.label.clone(),
                description: "",
                hierarchical: pt.hierarchical,
                icon: Some(match builtin {
                    "post" => "dashicons-admin-post",
                    "page" => "dashicons-admin-page",
                    _ => "dashicons-admin-media",
                }),
                taxonomies: taxonomies_of(&pt.name),
                rest_base: pt.rest_base.clone(),
                capability_type: pt.capability_type.to_owned(),
            });
        }
    }
    for (name, label, description, base) in core_extra {
        out.push(TypeInfo {
            name: name.to_owned(),
            label: label.to_owned(),
            description,
            hierarchical: false,
            icon: None,
            taxonomies: if name == "nav_menu_item" {
                vec!["nav_menu".to_owned()]
            } else {
                Vec::new()
            },
            rest_base: base.to_owned(),
            capability_type: "post".to_owned(),
        });
    }
    for pt in reg.post_types() {
        if !pt.show_in_rest || out.iter().any(|t| t.name == pt.name) {
            continue;
        }
        out.push(TypeInfo {
            name: pt.name.clone(),
            label: pt.label.clone(),
            description: "",
            hierarchical: pt.hierarchical,
            icon: None,
            taxonomies: taxonomies_of(&pt.name),
            rest_base: pt.rest_base.clone(),
            capability_type: pt.capability_type.to_owned(),
        });
    }
    out
}

/// A taxonomy as the taxonomies controller shows it.
struct TaxInfo {
    name: String,
    label: String,
    hierarchical: bool,
    types: Vec<String>,
    rest_base: String,
}

fn taxonomies(site: &Site) -> Vec<TaxInfo> {
    let reg = site.registry();
    let mut out = Vec::new();
    let from = |t: &headpress_domain::types::Taxonomy| TaxInfo {
        name: t.name.clone(),
        label: t.label.clone(),
        hierarchical: t.hierarchical,
        types: t.object_types.clone(),
        rest_base: t.rest_base.clone(),
    };
    for builtin in ["category", "post_tag"] {
        if let Some(t) = site.taxonomy(builtin).filter(|t| t.show_in_rest) {
            out.push(from(t));
        }
    }
    out.push(TaxInfo {
        name: "nav_menu".into(),
        label: "Navigation Menus".into(),
        hierarchical: false,
        types: vec!["nav_menu_item".into()],
        rest_base: "menus".into(),
    });
    for t in reg.taxonomies() {
        if t.show_in_rest && !out.iter().any(|x| x.name == t.name) {
            out.push(from(t));
        }
    }
    out
}

/// A read-only route of this family: one GET endpoint and a static item schema.
fn read_route(
    path: &str,
    controller: impl Controller + 'static,
    args: Vec<ArgSpec>,
    schema: fn() -> Value,
) -> RouteDef {
    route(
        "wp/v2",
        path,
        vec![EndpointDef::new(&[Method::GET], controller, args)],
    )
    .with_schema(std::sync::Arc::new(move |_: &Site, _| schema()))
}

pub fn routes(_site: &Site) -> Vec<RouteDef> {
    use crate::schema::{post_status_item_schema, post_type_item_schema, taxonomy_item_schema};
    let context = || crate::posts::context_arg("view");
    let name = |param: &'static str, description: &str| arg(param, Schema::string(description));
    vec![
        read_route(
            "/wp/v2/types",
            ListTypes,
            vec![context()],
            post_type_item_schema,
        ),
        read_route(
            "/wp/v2/types/{type}",
            GetType,
            vec![
                name("type", "An alphanumeric identifier for the post type."),
                context(),
            ],
            post_type_item_schema,
        ),
        read_route(
            "/wp/v2/statuses",
            ListStatuses,
            vec![context()],
            post_status_item_schema,
        ),
        read_route(
            "/wp/v2/statuses/{status}",
            GetStatus,
            vec![
                name("status", "An alphanumeric identifier for the status."),
                context(),
            ],
            post_status_item_schema,
        ),
        read_route(
            "/wp/v2/taxonomies",
            ListTaxonomies,
            vec![
                context(),
                name(
                    "type",
                    "Limit results to taxonomies associated with a specific post type.",
                ),
            ],
            taxonomy_item_schema,
        ),
        read_route(
            "/wp/v2/taxonomies/{taxonomy}",
            GetTaxonomy,
            vec![
                name("taxonomy", "An alphanumeric identifier for the taxonomy."),
                context(),
            ],
            taxonomy_item_schema,
        ),
    ]
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

fn edit_cap(t: &TypeInfo) -> String {
    format!("edit_{}s", t.capability_type)
}

fn type_json(req: &WpRequest, t: &TypeInfo, context: &str) -> Value {
    let o = &req.options;
    let edit = context == "edit";
    let embed_ctx = context == "embed";
    let mut data = Map::new();
    if edit {
        let c = &t.capability_type;
        let mut caps = Map::new();
        for (meta, prim) in [
            ("edit_post", format!("edit_{c}")),
            ("read_post", format!("read_{c}")),
            ("delete_post", format!("delete_{c}")),
            ("edit_posts", format!("edit_{c}s")),
            ("edit_others_posts", format!("edit_others_{c}s")),
            ("delete_posts", format!("delete_{c}s")),
            ("publish_posts", format!("publish_{c}s")),
            ("read_private_posts", format!("read_private_{c}s")),
            ("read", "read".to_owned()),
            ("delete_private_posts", format!("delete_private_{c}s")),
            ("delete_published_posts", format!("delete_published_{c}s")),
            ("delete_others_posts", format!("delete_others_{c}s")),
            ("edit_private_posts", format!("edit_private_{c}s")),
            ("edit_published_posts", format!("edit_published_{c}s")),
            ("create_posts", format!("edit_{c}s")),
        ] {
            caps.insert(meta.into(), json!(prim));
        }
        data.insert("capabilities".into(), Value::Object(caps));
    }
    if !embed_ctx {
        data.insert("description".into(), json!(t.description));
        data.insert("hierarchical".into(), json!(t.hierarchical));
        data.insert("has_archive".into(), json!(false));
    }
    if edit {
        data.insert(
            "viewable".into(),
            json!(matches!(t.name.as_str(), "post" | "page" | "attachment")),
        );
    }
    data.insert("name".into(), json!(t.label));
    data.insert("slug".into(), json!(t.name));
    if !embed_ctx {
        data.insert("icon".into(), json!(t.icon));
        data.insert("taxonomies".into(), json!(t.taxonomies));
    }
    data.insert("rest_base".into(), json!(t.rest_base));
    data.insert("rest_namespace".into(), json!("wp/v2"));
    let mut links = Links::new();
    links.add("collection", json!({ "href": o.rest_url("/wp/v2/types") }));
    links.add(
        "wp:items",
        json!({ "href": o.rest_url(&format!("/wp/v2/{}", t.rest_base)) }),
    );
    data.insert("_links".into(), links.into_json());
    Value::Object(data)
}

struct ListTypes;
/// `/wp/v2/types/<type>`; the name comes from the URL.
struct GetType;

impl Controller for ListTypes {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if raw_context(req) == "edit"
                && !post_types(&req.site)
                    .iter()
                    .any(|t| req.viewer.can(&edit_cap(t)))
            {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_view",
                    "Sorry, you are not allowed to edit posts in this post type.",
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
            let context = context_of(args);
            let mut out = Map::new();
            for t in post_types(&req.site) {
                if context == "edit" && !req.viewer.can(&edit_cap(&t)) {
                    continue;
                }
                out.insert(t.name.clone(), type_json(req, &t, context));
            }
            Ok(WpResponse::ok(Value::Object(out)))
        }
        .boxed()
    }
}

impl Controller for GetType {
    fn permission<'a>(&'a self, _req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async { Ok(()) }.boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            let name = req.url_param("type").unwrap_or_default();
            let Some(t) = post_types(&req.site).into_iter().find(|t| t.name == name) else {
                return Err(WpError::new(404, "rest_type_invalid", "Invalid post type."));
            };
            let context = context_of(args);
            if context == "edit" && !req.viewer.can(&edit_cap(&t)) {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_forbidden_context",
                    "Sorry, you are not allowed to edit posts in this post type.",
                ));
            }
            Ok(WpResponse::ok(type_json(req, &t, context)))
        }
        .boxed()
    }
}

/// A registered post status (`register_post_status` of core).
struct StatusInfo {
    name: &'static str,
    label: &'static str,
    public: bool,
    private: bool,
    protected: bool,
    internal: bool,
    queryable: bool,
    show_in_list: bool,
    date_floating: bool,
}

const STATUSES: &[StatusInfo] = &[
    StatusInfo {
        name: "publish",
        label: "Published",
        public: true,
        private: false,
        protected: false,
        internal: false,
        queryable: true,
        show_in_list: true,
        date_floating: false,
    },
    StatusInfo {
        name: "future",
        label: "Scheduled",
        public: false,
        private: false,
        protected: true,
        internal: false,
        queryable: false,
        show_in_list: true,
        date_floating: false,
    },
    StatusInfo {
        name: "draft",
        label: "Draft",
        public: false,
        private: false,
        protected: true,
        internal: false,
        queryable: false,
        show_in_list: true,
        date_floating: true,
    },
    StatusInfo {
        name: "pending",
        label: "Pending",
        public: false,
        private: false,
        protected: true,
        internal: false,
        queryable: false,
        show_in_list: true,
        date_floating: true,
    },
    StatusInfo {
        name: "private",
        label: "Private",
        public: false,
        private: true,
        protected: false,
        internal: false,
        queryable: false,
        show_in_list: true,
        date_floating: false,
    },
    StatusInfo {
        name: "trash",
        label: "Trash",
        public: false,
        private: false,
        protected: false,
        internal: true,
        queryable: false,
        show_in_list: false,
        date_floating: false,
    },
];

/// `check_read_permission` of the statuses controller.
fn can_read_status(req: &WpRequest, s: &StatusInfo) -> bool {
    if s.public {
        return true;
    }
    if !s.internal || s.name == "trash" {
        return post_types(&req.site)
            .iter()
            .any(|t| req.viewer.can(&edit_cap(t)));
    }
    false
}

fn status_json(req: &WpRequest, s: &StatusInfo, context: &str) -> Value {
    let edit = context == "edit";
    let embed_ctx = context == "embed";
    let mut data = Map::new();
    data.insert("name".into(), json!(s.label));
    if edit {
        data.insert("private".into(), json!(s.private));
        data.insert("protected".into(), json!(s.protected));
    }
    if !embed_ctx {
        data.insert("public".into(), json!(s.public));
        data.insert("queryable".into(), json!(s.queryable));
    }
    if edit {
        data.insert("show_in_list".into(), json!(s.show_in_list));
    }
    data.insert("slug".into(), json!(s.name));
    if !embed_ctx {
        data.insert("date_floating".into(), json!(s.date_floating));
    }
    let base = req.options.rest_url("/wp/v2/posts");
    let href = if s.name == "publish" {
        base
    } else {
        format!("{base}?status={}", s.name)
    };
    let mut links = Links::new();
    links.add("archives", json!({ "href": href }));
    data.insert("_links".into(), links.into_json());
    Value::Object(data)
}

struct ListStatuses;
/// `/wp/v2/statuses/<status>`.
struct GetStatus;

impl Controller for ListStatuses {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if raw_context(req) == "edit"
                && !post_types(&req.site)
                    .iter()
                    .any(|t| req.viewer.can(&edit_cap(t)))
            {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_view",
                    "Sorry, you are not allowed to manage post statuses.",
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
            let context = context_of(args);
            let mut out = Map::new();
            for s in STATUSES {
                if can_read_status(req, s) {
                    out.insert(s.name.to_owned(), status_json(req, s, context));
                }
            }
            Ok(WpResponse::ok(Value::Object(out)))
        }
        .boxed()
    }
}

impl Controller for GetStatus {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            let name = req.url_param("status").unwrap_or_default();
            let Some(s) = STATUSES.iter().find(|s| s.name == name) else {
                return Err(WpError::new(404, "rest_status_invalid", "Invalid status."));
            };
            if !can_read_status(req, s) {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_read_status",
                    "Cannot view status.",
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
            let name = req.url_param("status").unwrap_or_default();
            let s = STATUSES
                .iter()
                .find(|s| s.name == name)
                .ok_or_else(|| WpError::new(404, "rest_status_invalid", "Invalid status."))?;
            Ok(WpResponse::ok(status_json(req, s, context_of(args))))
        }
        .boxed()
    }
}

/// The `assign_terms` primitive capability of a taxonomy.
fn assign_cap(t: &TaxInfo) -> &'static str {
    if t.name == "nav_menu" {
        "edit_theme_options"
    } else {
        "edit_posts"
    }
}

/// `get_taxonomy_labels` for the built-in taxonomies (edit context).
fn labels(t: &TaxInfo) -> Value {
    match t.name.as_str() {
        "category" => json!({
            "name": "Categories", "singular_name": "Category", "search_items": "Search Categories",
            "popular_items": null, "all_items": "All Categories", "parent_item": "Parent Category",
            "parent_item_colon": "Parent Category:",
            "name_field_description": "The name is how it appears on your site.",
            "slug_field_description": "The &#8220;slug&#8221; is the URL-friendly version of the name. It is usually all lowercase and contains only letters, numbers, and hyphens.",
            "parent_field_description": "Assign a parent term to create a hierarchy. The term Jazz, for example, would be the parent of Bebop and Big Band.",
            "desc_field_description": "The description is not prominent by default; however, some themes may show it.",
            "edit_item": "Edit Category", "view_item": "View Category", "update_item": "Update Category",
            "add_new_item": "Add New Category", "new_item_name": "New Category Name",
            "separate_items_with_commas": null, "add_or_remove_items": null, "choose_from_most_used": null,
            "not_found": "No categories found.", "no_terms": "No categories",
            "filter_by_item": "Filter by category", "items_list_navigation": "Categories list navigation",
            "items_list": "Categories list", "most_used": "Most Used",
            "back_to_items": "&larr; Go to Categories", "item_link": "Category Link",
            "item_link_description": "A link to a category.", "menu_name": "Categories",
            "name_admin_bar": "category",
        }),
        "post_tag" => json!({
            "name": "Tags", "singular_name": "Tag", "search_items": "Search Tags",
            "popular_items": "Popular Tags", "all_items": "All Tags", "parent_item": null,
            "parent_item_colon": null,
            "name_field_description": "The name is how it appears on your site.",
            "slug_field_description": "The &#8220;slug&#8221; is the URL-friendly version of the name. It is usually all lowercase and contains only letters, numbers, and hyphens.",
            "parent_field_description": null,
            "desc_field_description": "The description is not prominent by default; however, some themes may show it.",
            "edit_item": "Edit Tag", "view_item": "View Tag", "update_item": "Update Tag",
            "add_new_item": "Add New Tag", "new_item_name": "New Tag Name",
            "separate_items_with_commas": "Separate tags with commas",
            "add_or_remove_items": "Add or remove tags",
            "choose_from_most_used": "Choose from the most used tags",
            "not_found": "No tags found.", "no_terms": "No tags", "filter_by_item": null,
            "items_list_navigation": "Tags list navigation", "items_list": "Tags list",
            "most_used": "Most Used", "back_to_items": "&larr; Go to Tags",
            "item_link": "Tag Link", "item_link_description": "A link to a tag.",
            "menu_name": "Tags", "name_admin_bar": "post_tag",
        }),
        _ => {
            json!({ "name": t.label, "singular_name": t.label, "menu_name": t.label, "name_admin_bar": t.name })
        }
    }
}

fn taxonomy_json(req: &WpRequest, t: &TaxInfo, context: &str) -> Value {
    let o = &req.options;
    let edit = context == "edit";
    let embed_ctx = context == "embed";
    let mut data = Map::new();
    data.insert("name".into(), json!(t.label));
    data.insert("slug".into(), json!(t.name));
    if edit {
        let caps = match t.name.as_str() {
            "category" => {
                json!({"manage_terms": "manage_categories", "edit_terms": "edit_categories", "delete_terms": "delete_categories", "assign_terms": "assign_categories"})
            }
            "post_tag" => {
                json!({"manage_terms": "manage_post_tags", "edit_terms": "edit_post_tags", "delete_terms": "delete_post_tags", "assign_terms": "assign_post_tags"})
            }
            _ => {
                json!({"manage_terms": "manage_categories", "edit_terms": "manage_categories", "delete_terms": "manage_categories", "assign_terms": "edit_posts"})
            }
        };
        data.insert("capabilities".into(), caps);
    }
    if !embed_ctx {
        data.insert("description".into(), json!(""));
    }
    if edit {
        data.insert("labels".into(), labels(t));
    }
    if !embed_ctx {
        data.insert("types".into(), json!(t.types));
    }
    if edit {
        data.insert("show_cloud".into(), json!(t.name != "nav_menu"));
    }
    if !embed_ctx {
        data.insert("hierarchical".into(), json!(t.hierarchical));
    }
    data.insert("rest_base".into(), json!(t.rest_base));
    data.insert("rest_namespace".into(), json!("wp/v2"));
    if edit {
        let public = t.name != "nav_menu";
        data.insert(
            "visibility".into(),
            json!({
                "public": public,
                "publicly_queryable": public,
                "show_admin_column": public,
                "show_in_nav_menus": public,
                "show_in_quick_edit": public,
                "show_ui": public,
            }),
        );
    }
    let mut links = Links::new();
    links.add(
        "collection",
        json!({ "href": o.rest_url("/wp/v2/taxonomies") }),
    );
    links.add(
        "wp:items",
        json!({ "href": o.rest_url(&format!("/wp/v2/{}", t.rest_base)) }),
    );
    data.insert("_links".into(), links.into_json());
    Value::Object(data)
}

struct ListTaxonomies;
/// `/wp/v2/taxonomies/<taxonomy>`.
struct GetTaxonomy;

impl Controller for ListTaxonomies {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if raw_context(req) == "edit"
                && !taxonomies(&req.site)
                    .iter()
                    .any(|t| req.viewer.can(assign_cap(t)))
            {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_view",
                    "Sorry, you are not allowed to manage terms in this taxonomy.",
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
            let context = context_of(args);
            let type_filter = args
                .get("type")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty());
            let mut out = Map::new();
            for t in taxonomies(&req.site) {
                if type_filter.is_some_and(|ty| !t.types.iter().any(|x| x == ty)) {
                    continue;
                }
                if context == "edit" && !req.viewer.can(assign_cap(&t)) {
                    continue;
                }
                out.insert(t.name.clone(), taxonomy_json(req, &t, context));
            }
            // PHP encodes an empty array as `[]`.
            Ok(WpResponse::ok(if out.is_empty() {
                json!([])
            } else {
                Value::Object(out)
            }))
        }
        .boxed()
    }
}

impl Controller for GetTaxonomy {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            let name = req.url_param("taxonomy").unwrap_or_default();
            let Some(t) = taxonomies(&req.site).into_iter().find(|t| t.name == name) else {
                return Ok(());
            };
            if raw_context(req) == "edit" && !req.viewer.can(assign_cap(&t)) {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_forbidden_context",
                    "Sorry, you are not allowed to manage terms in this taxonomy.",
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
            let name = req.url_param("taxonomy").unwrap_or_default();
            let Some(t) = taxonomies(&req.site).into_iter().find(|t| t.name == name) else {
                return Err(WpError::new(
                    404,
                    "rest_taxonomy_invalid",
                    "Invalid taxonomy.",
                ));
            };
            Ok(WpResponse::ok(taxonomy_json(req, &t, context_of(args))))
        }
        .boxed()
    }
}
