//! Item schemas (`get_item_schema`) and the endpoint arguments WordPress derives from them
//! (`rest_get_endpoint_args_for_schema`). Schemas are declarations, kept as JSON like the
//! PHP arrays they mirror; the parts that depend on the site (meta, taxonomies) are built
//! from the registry.

use headpress_domain::Site;
use headpress_domain::options::Options;
use headpress_domain::registry::{MetaRegistration, MetaType};
use headpress_domain::types::PostType;
use serde_json::{Map, Value, json};

use crate::args::{ArgSpec, Schema};

/// The JSON-schema keywords WordPress copies into a route's `args` (`rest_get_allowed_schema_keywords`).
pub const ALLOWED_KEYWORDS: &[&str] = &[
    "title",
    "description",
    "default",
    "type",
    "format",
    "enum",
    "items",
    "properties",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "anyOf",
    "oneOf",
];

fn meta_type_name(t: MetaType) -> &'static str {
    match t {
        MetaType::String => "string",
        MetaType::Boolean => "boolean",
        MetaType::Integer => "integer",
        MetaType::Number => "number",
        MetaType::Array => "array",
        MetaType::Object => "object",
    }
}

fn meta_empty(t: MetaType) -> Value {
    match t {
        MetaType::String => json!(""),
        MetaType::Boolean => json!(false),
        MetaType::Integer => json!(0),
        MetaType::Number => json!(0.0),
        MetaType::Array => json!([]),
        MetaType::Object => json!({}),
    }
}

/// One registered meta key's schema as `WP_REST_Meta_Fields::get_registered_fields` builds it.
fn meta_key_schema(reg: &MetaRegistration) -> Value {
    let mut single = Map::new();
    single.insert("type".into(), json!(meta_type_name(reg.meta_type)));
    single.insert("description".into(), json!(reg.description));
    single.insert(
        "default".into(),
        reg.default
            .clone()
            .unwrap_or_else(|| meta_empty(reg.meta_type)),
    );
    if let Some(items) = reg.items_type {
        single.insert("items".into(), json!({ "type": meta_type_name(items) }));
    }
    if reg.single {
        Value::Object(single)
    } else {
        json!({ "type": "array", "items": Value::Object(single) })
    }
}

/// `WP_REST_Meta_Fields::get_field_schema`.
pub fn meta_field_schema(site: &Site, object_type: &str, subtype: &str) -> Value {
    let mut properties = Map::new();
    for reg in site.registry().rest_meta(object_type, subtype) {
        properties.insert(reg.key.clone(), meta_key_schema(reg));
    }
    json!({
        "description": "Meta fields.",
        "type": "object",
        "context": ["view", "edit"],
        "properties": properties,
    })
}

/// `get_post_format_slugs()`.
pub const POST_FORMATS: &[&str] = &[
    "standard", "aside", "chat", "gallery", "link", "image", "quote", "status", "video", "audio",
];

/// `WP_REST_Posts_Controller::get_item_schema` for one post type; `options` adds the
/// schema's `links` (they carry the site's URL).
pub fn post_item_schema(site: &Site, pt: &PostType, options: Option<&Options>) -> Value {
    let mut p = Map::new();
    let mut put = |name: &str, value: Value| {
        p.insert(name.to_owned(), value);
    };
    put(
        "date",
        json!({"description": "The date the post was published, in the site's timezone.", "type": ["string", "null"], "format": "date-time", "context": ["view", "edit", "embed"]}),
    );
    put(
        "date_gmt",
        json!({"description": "The date the post was published, as GMT.", "type": ["string", "null"], "format": "date-time", "context": ["view", "edit"]}),
    );
    put(
        "guid",
        json!({"description": "The globally unique identifier for the post.", "type": "object", "context": ["view", "edit"], "readonly": true, "properties": {
        "raw": {"description": "GUID for the post, as it exists in the database.", "type": "string", "context": ["edit"], "readonly": true},
        "rendered": {"description": "GUID for the post, transformed for display.", "type": "string", "context": ["view", "edit"], "readonly": true}}}),
    );
    put(
        "id",
        json!({"description": "Unique identifier for the post.", "type": "integer", "context": ["view", "edit", "embed"], "readonly": true}),
    );
    put(
        "link",
        json!({"description": "URL to the post.", "type": "string", "format": "uri", "context": ["view", "edit", "embed"], "readonly": true}),
    );
    put(
        "modified",
        json!({"description": "The date the post was last modified, in the site's timezone.", "type": "string", "format": "date-time", "context": ["view", "edit"], "readonly": true}),
    );
    put(
        "modified_gmt",
        json!({"description": "The date the post was last modified, as GMT.", "type": "string", "format": "date-time", "context": ["view", "edit"], "readonly": true}),
    );
    put(
        "slug",
        json!({"description": "An alphanumeric identifier for the post unique to its type.", "type": "string", "context": ["view", "edit", "embed"]}),
    );
    put(
        "status",
        json!({"description": "A named status for the post.", "type": "string", "enum": ["publish", "future", "draft", "pending", "private"], "context": ["view", "edit"]}),
    );
    put(
        "type",
        json!({"description": "Type of post.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true}),
    );
    put(
        "password",
        json!({"description": "A password to protect access to the content and excerpt.", "type": "string", "context": ["edit"]}),
    );
    put(
        "permalink_template",
        json!({"description": "Permalink template for the post.", "type": "string", "context": ["edit"], "readonly": true}),
    );
    put(
        "generated_slug",
        json!({"description": "Slug automatically generated from the post title.", "type": "string", "context": ["edit"], "readonly": true}),
    );
    if pt.hierarchical {
        put(
            "parent",
            json!({"description": "The ID for the parent of the post.", "type": "integer", "context": ["view", "edit"]}),
        );
    }
    for feature in [
        "title",
        "editor",
        "author",
        "excerpt",
        "thumbnail",
        "comments",
        "revisions",
        "page-attributes",
        "post-formats",
        "custom-fields",
    ] {
        if !pt.has_rest_feature(feature) {
            continue;
        }
        match feature {
            "title" => put(
                "title",
                json!({"description": "The title for the post.", "type": "object", "context": ["view", "edit", "embed"], "properties": {
                "raw": {"description": "Title for the post, as it exists in the database.", "type": "string", "context": ["edit"]},
                "rendered": {"description": "HTML title for the post, transformed for display.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true}}}),
            ),
            "editor" => put(
                "content",
                json!({"description": "The content for the post.", "type": "object", "context": ["view", "edit"], "properties": {
                "raw": {"description": "Content for the post, as it exists in the database.", "type": "string", "context": ["edit"]},
                "rendered": {"description": "HTML content for the post, transformed for display.", "type": "string", "context": ["view", "edit"], "readonly": true},
                "block_version": {"description": "Version of the content block format used by the post.", "type": "integer", "context": ["edit"], "readonly": true},
                "protected": {"description": "Whether the content is protected with a password.", "type": "boolean", "context": ["view", "edit", "embed"], "readonly": true}}}),
            ),
            "author" => put(
                "author",
                json!({"description": "The ID for the author of the post.", "type": "integer", "context": ["view", "edit", "embed"]}),
            ),
            "excerpt" => put(
                "excerpt",
                json!({"description": "The excerpt for the post.", "type": "object", "context": ["view", "edit", "embed"], "properties": {
                "raw": {"description": "Excerpt for the post, as it exists in the database.", "type": "string", "context": ["edit"]},
                "rendered": {"description": "HTML excerpt for the post, transformed for display.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true},
                "protected": {"description": "Whether the excerpt is protected with a password.", "type": "boolean", "context": ["view", "edit", "embed"], "readonly": true}}}),
            ),
            "thumbnail" => put(
                "featured_media",
                json!({"description": "The ID of the featured media for the post.", "type": "integer", "context": ["view", "edit", "embed"]}),
            ),
            "comments" => {
                put(
                    "comment_status",
                    json!({"description": "Whether or not comments are open on the post.", "type": "string", "enum": ["open", "closed"], "context": ["view", "edit"]}),
                );
                put(
                    "ping_status",
                    json!({"description": "Whether or not the post can be pinged.", "type": "string", "enum": ["open", "closed"], "context": ["view", "edit"]}),
                );
            }
            "page-attributes" => put(
                "menu_order",
                json!({"description": "The order of the post in relation to other posts.", "type": "integer", "context": ["view", "edit"]}),
            ),
            "post-formats" => put(
                "format",
                json!({"description": "The format for the post.", "type": "string", "enum": POST_FORMATS, "context": ["view", "edit"]}),
            ),
            "custom-fields" => put("meta", meta_field_schema(site, "post", &pt.name)),
            _ => {}
        }
    }
    if pt.name == "post" {
        put(
            "sticky",
            json!({"description": "Whether or not the post should be treated as sticky.", "type": "boolean", "context": ["view", "edit"]}),
        );
    }
    put(
        "template",
        json!({"description": "The theme file to use to display the post.", "type": "string", "context": ["view", "edit"]}),
    );
    let taxonomies = site.registry().rest_taxonomies_for(&pt.name);
    for tax in &taxonomies {
        put(
            &tax.rest_base,
            json!({"description": format!("The terms assigned to the post in the {} taxonomy.", tax.name), "type": "array", "items": {"type": "integer"}, "context": ["view", "edit"]}),
        );
    }
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-04/schema#"),
    );
    schema.insert("title".into(), json!(pt.name));
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(p));
    if let Some(options) = options {
        let href = options.rest_url(&format!("/wp/v2/{}/{{id}}", pt.rest_base));
        let link = |rel: &str, title: &str, props: Value| json!({"rel": format!("https://api.w.org/{rel}"), "title": title, "href": href, "targetSchema": {"type": "object", "properties": props}});
        let mut links = Vec::new();
        if pt.name != "attachment" {
            links.push(link(
                "action-publish",
                "The current user can publish this post.",
                json!({"status": {"type": "string", "enum": ["publish", "future"]}}),
            ));
        }
        links.push(link(
            "action-unfiltered-html",
            "The current user can post unfiltered HTML markup and JavaScript.",
            json!({"content": {"raw": {"type": "string"}}}),
        ));
        if pt.name == "post" {
            links.push(link(
                "action-sticky",
                "The current user can sticky this post.",
                json!({"sticky": {"type": "boolean"}}),
            ));
        }
        if pt.supports("author") {
            links.push(link(
                "action-assign-author",
                "The current user can change the author on this post.",
                json!({"author": {"type": "integer"}}),
            ));
        }
        for tax in &taxonomies {
            let props =
                json!({ tax.rest_base.clone(): {"type": "array", "items": {"type": "integer"}} });
            links.push(link(
                &format!("action-assign-{}", tax.rest_base),
                &format!(
                    "The current user can assign terms in the {} taxonomy.",
                    tax.name
                ),
                props.clone(),
            ));
            links.push(link(
                &format!("action-create-{}", tax.rest_base),
                &format!(
                    "The current user can create terms in the {} taxonomy.",
                    tax.name
                ),
                props,
            ));
        }
        schema.insert("links".into(), Value::Array(links));
    }
    Value::Object(schema)
}

/// `rest_get_endpoint_args_for_schema`: every writable property becomes an argument.
pub fn endpoint_args_for_schema(schema: &Value, creatable: bool) -> Vec<ArgSpec> {
    let mut out = Vec::new();
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return out;
    };
    for (name, params) in props {
        if params.get("readonly").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let mut raw = Map::new();
        for key in ALLOWED_KEYWORDS {
            if *key == "default" && !creatable {
                continue;
            }
            if let Some(v) = params.get(*key) {
                raw.insert((*key).to_owned(), v.clone());
            }
        }
        let leaked: &'static str = Box::leak(name.clone().into_boxed_str());
        let required = creatable && params.get("required").and_then(Value::as_bool) == Some(true);
        out.push(ArgSpec {
            name: leaked,
            schema: Schema::from_json(Value::Object(raw)),
            required,
        });
    }
    out
}

/// `WP_REST_Meta_Fields::get_field_schema` as WordPress encodes it: with nothing registered,
/// `properties` is PHP's empty `array()`, which `wp_json_encode` writes as `[]`.
pub fn meta_field_schema_php(site: &Site, object_type: &str, subtype: &str) -> Value {
    let mut meta = meta_field_schema(site, object_type, subtype);
    if meta["properties"].as_object().is_some_and(Map::is_empty) {
        meta["properties"] = json!([]);
    }
    meta
}

/// The standard top of every item schema.
fn item_schema_with(title: &str, properties: Value) -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": title,
        "type": "object",
        "properties": properties,
    })
}

/// `WP_REST_Attachments_Controller::get_item_schema`: the posts schema for `attachment`
/// without `password`, plus the attachment fields.
pub fn attachment_item_schema(site: &Site, pt: &PostType, options: Option<&Options>) -> Value {
    let mut schema = post_item_schema(site, pt, options);
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return schema;
    };
    // Rebuilt rather than `remove`d: removing from an insertion-ordered map would move the
    // last property into the hole and change the order WordPress lists them in.
    let mut out = Map::new();
    for (name, value) in std::mem::take(props) {
        match name.as_str() {
            "password" => {}
            "meta" => {
                out.insert(name, meta_field_schema_php(site, "post", &pt.name));
            }
            _ => {
                out.insert(name, value);
            }
        }
    }
    let mut put = |name: &str, value: Value| {
        out.insert(name.to_owned(), value);
    };
    put(
        "alt_text",
        json!({"description": "Alternative text to display when attachment is not displayed.", "type": "string", "context": ["view", "edit", "embed"]}),
    );
    put(
        "caption",
        json!({"description": "The attachment caption.", "type": "object", "context": ["view", "edit", "embed"], "properties": {
        "raw": {"description": "Caption for the attachment, as it exists in the database.", "type": "string", "context": ["edit"]},
        "rendered": {"description": "HTML caption for the attachment, transformed for display.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true}}}),
    );
    put(
        "description",
        json!({"description": "The attachment description.", "type": "object", "context": ["view", "edit"], "properties": {
        "raw": {"description": "Description for the attachment, as it exists in the database.", "type": "string", "context": ["edit"]},
        "rendered": {"description": "HTML description for the attachment, transformed for display.", "type": "string", "context": ["view", "edit"], "readonly": true}}}),
    );
    put(
        "media_type",
        json!({"description": "Attachment type.", "type": "string", "enum": ["image", "file"], "context": ["view", "edit", "embed"], "readonly": true}),
    );
    put(
        "mime_type",
        json!({"description": "The attachment MIME type.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true}),
    );
    put(
        "media_details",
        json!({"description": "Details about the media file, specific to its type.", "type": "object", "context": ["view", "edit", "embed"], "readonly": true}),
    );
    put(
        "post",
        json!({"description": "The ID for the associated post of the attachment.", "type": "integer", "context": ["view", "edit"]}),
    );
    put(
        "source_url",
        json!({"description": "URL to the original attachment file.", "type": "string", "format": "uri", "context": ["view", "edit", "embed"], "readonly": true}),
    );
    put(
        "missing_image_sizes",
        json!({"description": "List of the missing image sizes of the attachment.", "type": "array", "items": {"type": "string"}, "context": ["edit"], "readonly": true}),
    );
    *props = out;
    schema
}

/// `WP_REST_Revisions_Controller::get_item_schema` for revisions of `pt`; `autosave` adds
/// `WP_REST_Autosaves_Controller`'s `preview_link`.
pub fn revision_item_schema(site: &Site, pt: &PostType, autosave: bool) -> Value {
    let mut p = json!({
        "author": {"description": "The ID for the author of the revision.", "type": "integer", "context": ["view", "edit", "embed"]},
        "date": {"description": "The date the revision was published, in the site's timezone.", "type": "string", "format": "date-time", "context": ["view", "edit", "embed"]},
        "date_gmt": {"description": "The date the revision was published, as GMT.", "type": "string", "format": "date-time", "context": ["view", "edit"]},
        "guid": {"description": "GUID for the revision, as it exists in the database.", "type": "string", "context": ["view", "edit"]},
        "id": {"description": "Unique identifier for the revision.", "type": "integer", "context": ["view", "edit", "embed"]},
        "modified": {"description": "The date the revision was last modified, in the site's timezone.", "type": "string", "format": "date-time", "context": ["view", "edit"]},
        "modified_gmt": {"description": "The date the revision was last modified, as GMT.", "type": "string", "format": "date-time", "context": ["view", "edit"]},
        "parent": {"description": "The ID for the parent of the revision.", "type": "integer", "context": ["view", "edit", "embed"]},
        "slug": {"description": "An alphanumeric identifier for the revision unique to its type.", "type": "string", "context": ["view", "edit", "embed"]},
    });
    // The parent type's `title`, `content`, `excerpt` and `guid` replace or extend these
    // (an existing key keeps its place, as PHP array assignment does).
    let parent = post_item_schema(site, pt, None);
    if let (Some(props), Some(parent_props)) = (
        p.as_object_mut(),
        parent.get("properties").and_then(Value::as_object),
    ) {
        for name in ["title", "content", "excerpt", "guid"] {
            if let Some(value) = parent_props.get(name) {
                props.insert(name.to_owned(), value.clone());
            }
        }
        if autosave {
            props.insert(
                "preview_link".into(),
                json!({"description": "Preview link for the post.", "type": "string", "format": "uri", "context": ["edit"], "readonly": true}),
            );
        }
    }
    item_schema_with(&format!("{}-revision", pt.name), p)
}

/// `WP_REST_Terms_Controller::get_item_schema` for one taxonomy.
pub fn term_item_schema(site: &Site, tax: &headpress_domain::types::Taxonomy) -> Value {
    let mut p = json!({
        "id": {"description": "Unique identifier for the term.", "type": "integer", "context": ["view", "embed", "edit"], "readonly": true},
        "count": {"description": "Number of published posts for the term.", "type": "integer", "context": ["view", "edit"], "readonly": true},
        "description": {"description": "HTML description of the term.", "type": "string", "context": ["view", "edit"]},
        "link": {"description": "URL of the term.", "type": "string", "format": "uri", "context": ["view", "embed", "edit"], "readonly": true},
        "name": {"description": "HTML title for the term.", "type": "string", "context": ["view", "embed", "edit"], "required": true},
        "slug": {"description": "An alphanumeric identifier for the term unique to its type.", "type": "string", "context": ["view", "embed", "edit"]},
        "taxonomy": {"description": "Type attribution for the term.", "type": "string", "enum": [tax.name], "context": ["view", "embed", "edit"], "readonly": true},
    });
    if let Some(props) = p.as_object_mut() {
        if tax.hierarchical {
            props.insert(
                "parent".into(),
                json!({"description": "The parent term ID.", "type": "integer", "context": ["view", "edit"]}),
            );
        }
        props.insert(
            "meta".into(),
            meta_field_schema_php(site, "term", &tax.name),
        );
    }
    let title = if tax.name == "post_tag" {
        "tag"
    } else {
        tax.name.as_str()
    };
    item_schema_with(title, p)
}

/// `WP_REST_Post_Types_Controller::get_item_schema`.
pub fn post_type_item_schema() -> Value {
    item_schema_with(
        "type",
        json!({
            "capabilities": {"description": "All capabilities used by the post type.", "type": "object", "context": ["edit"], "readonly": true},
            "description": {"description": "A human-readable description of the post type.", "type": "string", "context": ["view", "edit"], "readonly": true},
            "hierarchical": {"description": "Whether or not the post type should have children.", "type": "boolean", "context": ["view", "edit"], "readonly": true},
            "viewable": {"description": "Whether or not the post type can be viewed.", "type": "boolean", "context": ["edit"], "readonly": true},
            "labels": {"description": "Human-readable labels for the post type for various contexts.", "type": "object", "context": ["edit"], "readonly": true},
            "name": {"description": "The title for the post type.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true},
            "slug": {"description": "An alphanumeric identifier for the post type.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true},
            "supports": {"description": "All features, supported by the post type.", "type": "object", "context": ["edit"], "readonly": true},
            "has_archive": {"description": "If the value is a string, the value will be used as the archive slug. If the value is false the post type has no archive.", "type": ["string", "boolean"], "context": ["view", "edit"], "readonly": true},
            "taxonomies": {"description": "Taxonomies associated with post type.", "type": "array", "items": {"type": "string"}, "context": ["view", "edit"], "readonly": true},
            "rest_base": {"description": "REST base route for the post type.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true},
            "rest_namespace": {"description": "REST route's namespace for the post type.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true},
            "visibility": {"description": "The visibility settings for the post type.", "type": "object", "context": ["edit"], "readonly": true, "properties": {
                "show_ui": {"description": "Whether to generate a default UI for managing this post type.", "type": "boolean"},
                "show_in_nav_menus": {"description": "Whether to make the post type available for selection in navigation menus.", "type": "boolean"}}},
            "icon": {"description": "The icon for the post type.", "type": ["string", "null"], "context": ["view", "edit", "embed"], "readonly": true},
        }),
    )
}

/// `WP_REST_Post_Statuses_Controller::get_item_schema`.
pub fn post_status_item_schema() -> Value {
    item_schema_with(
        "status",
        json!({
            "name": {"description": "The title for the status.", "type": "string", "context": ["embed", "view", "edit"], "readonly": true},
            "private": {"description": "Whether posts with this status should be private.", "type": "boolean", "context": ["edit"], "readonly": true},
            "protected": {"description": "Whether posts with this status should be protected.", "type": "boolean", "context": ["edit"], "readonly": true},
            "public": {"description": "Whether posts of this status should be shown in the front end of the site.", "type": "boolean", "context": ["view", "edit"], "readonly": true},
            "queryable": {"description": "Whether posts with this status should be publicly-queryable.", "type": "boolean", "context": ["view", "edit"], "readonly": true},
            "show_in_list": {"description": "Whether to include posts in the edit listing for their post type.", "type": "boolean", "context": ["edit"], "readonly": true},
            "slug": {"description": "An alphanumeric identifier for the status.", "type": "string", "context": ["embed", "view", "edit"], "readonly": true},
            "date_floating": {"description": "Whether posts of this status may have floating published dates.", "type": "boolean", "context": ["view", "edit"], "readonly": true},
        }),
    )
}

/// `WP_REST_Taxonomies_Controller::get_item_schema`.
pub fn taxonomy_item_schema() -> Value {
    item_schema_with(
        "taxonomy",
        json!({
            "capabilities": {"description": "All capabilities used by the taxonomy.", "type": "object", "context": ["edit"], "readonly": true},
            "description": {"description": "A human-readable description of the taxonomy.", "type": "string", "context": ["view", "edit"], "readonly": true},
            "hierarchical": {"description": "Whether or not the taxonomy should have children.", "type": "boolean", "context": ["view", "edit"], "readonly": true},
            "labels": {"description": "Human-readable labels for the taxonomy for various contexts.", "type": "object", "context": ["edit"], "readonly": true},
            "name": {"description": "The title for the taxonomy.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true},
            "slug": {"description": "An alphanumeric identifier for the taxonomy.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true},
            "show_cloud": {"description": "Whether or not the term cloud should be displayed.", "type": "boolean", "context": ["edit"], "readonly": true},
            "types": {"description": "Types associated with the taxonomy.", "type": "array", "items": {"type": "string"}, "context": ["view", "edit"], "readonly": true},
            "rest_base": {"description": "REST base route for the taxonomy.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true},
            "rest_namespace": {"description": "REST namespace route for the taxonomy.", "type": "string", "context": ["view", "edit", "embed"], "readonly": true},
            "visibility": {"description": "The visibility settings for the taxonomy.", "type": "object", "context": ["edit"], "readonly": true, "properties": {
                "public": {"description": "Whether a taxonomy is intended for use publicly either via the admin interface or by front-end users.", "type": "boolean"},
                "publicly_queryable": {"description": "Whether the taxonomy is publicly queryable.", "type": "boolean"},
                "show_ui": {"description": "Whether to generate a default UI for managing this taxonomy.", "type": "boolean"},
                "show_admin_column": {"description": "Whether to allow automatic creation of taxonomy columns on associated post-types table.", "type": "boolean"},
                "show_in_nav_menus": {"description": "Whether to make the taxonomy available for selection in navigation menus.", "type": "boolean"},
                "show_in_quick_edit": {"description": "Whether to show the taxonomy in the quick/bulk edit panel.", "type": "boolean"}}},
        }),
    )
}

/// `WP_REST_Search_Controller::get_item_schema`; `subtypes` are the search handlers'
/// subtypes in handler order (post, then term; the post-format handler has none).
pub fn search_item_schema(subtypes: &[String]) -> Value {
    item_schema_with(
        "search-result",
        json!({
            "id": {"description": "Unique identifier for the object.", "type": ["integer", "string"], "context": ["view", "embed"], "readonly": true},
            "title": {"description": "The title for the object.", "type": "string", "context": ["view", "embed"], "readonly": true},
            "url": {"description": "URL to the object.", "type": "string", "format": "uri", "context": ["view", "embed"], "readonly": true},
            "type": {"description": "Object type.", "type": "string", "enum": ["post", "term", "post-format"], "context": ["view", "embed"], "readonly": true},
            "subtype": {"description": "Object subtype.", "type": "string", "enum": subtypes, "context": ["view", "embed"], "readonly": true},
        }),
    )
}
