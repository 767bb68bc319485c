//! `WP_REST_Settings_Controller`: `/wp/v2/settings`, the options core registers with
//! `show_in_rest`, for callers who may `manage_options`.

use futures::FutureExt;
use futures::future::BoxFuture;
use headpress_domain::Site;
use poem::http::Method;
use serde_json::{Map, Value, json};

use crate::error::{WpError, WpResult};
use crate::request::WpRequest;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

#[derive(Clone, Copy)]
enum Kind {
    String,
    Integer,
    Boolean,
}

/// One setting `register_initial_settings` shows in REST.
struct Setting {
    /// The REST name (`show_in_rest.name`, else the option name).
    name: &'static str,
    option: &'static str,
    kind: Kind,
    /// The registered default, as the option's stored text.
    default: Option<&'static str>,
    description: &'static str,
    /// `show_in_rest.schema` additions.
    format: Option<&'static str>,
    one_of: Option<&'static [&'static str]>,
}

const fn setting(
    name: &'static str,
    option: &'static str,
    kind: Kind,
    default: Option<&'static str>,
    description: &'static str,
) -> Setting {
    Setting {
        name,
        option,
        kind,
        default,
        description,
        format: None,
        one_of: None,
    }
}

const OPEN_CLOSED: &[&str] = &["open", "closed"];

/// In `register_initial_settings` order.
const SETTINGS: &[Setting] = &[
    setting("title", "blogname", Kind::String, None, "Site title."),
    setting(
        "description",
        "blogdescription",
        Kind::String,
        None,
        "Site tagline.",
    ),
    Setting {
        format: Some("uri"),
        ..setting("url", "siteurl", Kind::String, None, "Site URL.")
    },
    Setting {
        format: Some("email"),
        ..setting(
            "email",
            "admin_email",
            Kind::String,
            None,
            "This address is used for admin purposes, like new user notification.",
        )
    },
    setting(
        "timezone",
        "timezone_string",
        Kind::String,
        None,
        "A city in the same timezone as you.",
    ),
    setting(
        "date_format",
        "date_format",
        Kind::String,
        None,
        "A date format for all date strings.",
    ),
    setting(
        "time_format",
        "time_format",
        Kind::String,
        None,
        "A time format for all time strings.",
    ),
    setting(
        "start_of_week",
        "start_of_week",
        Kind::Integer,
        None,
        "A day number of the week that the week should start on.",
    ),
    setting(
        "language",
        "WPLANG",
        Kind::String,
        Some("en_US"),
        "WordPress locale code.",
    ),
    setting(
        "use_smilies",
        "use_smilies",
        Kind::Boolean,
        Some("1"),
        "Convert emoticons like :-) and :-P to graphics on display.",
    ),
    setting(
        "default_category",
        "default_category",
        Kind::Integer,
        None,
        "Default post category.",
    ),
    setting(
        "default_post_format",
        "default_post_format",
        Kind::String,
        None,
        "Default post format.",
    ),
    setting(
        "posts_per_page",
        "posts_per_page",
        Kind::Integer,
        Some("10"),
        "Blog pages show at most.",
    ),
    setting(
        "show_on_front",
        "show_on_front",
        Kind::String,
        None,
        "What to show on the front page",
    ),
    setting(
        "page_on_front",
        "page_on_front",
        Kind::Integer,
        None,
        "The ID of the page that should be displayed on the front page",
    ),
    setting(
        "page_for_posts",
        "page_for_posts",
        Kind::Integer,
        None,
        "The ID of the page that should display the latest posts",
    ),
    Setting {
        one_of: Some(OPEN_CLOSED),
        ..setting(
            "default_ping_status",
            "default_ping_status",
            Kind::String,
            None,
            "Allow link notifications from other blogs (pingbacks and trackbacks) on new articles.",
        )
    },
    Setting {
        one_of: Some(OPEN_CLOSED),
        ..setting(
            "default_comment_status",
            "default_comment_status",
            Kind::String,
            None,
            "Allow people to submit comments on new posts.",
        )
    },
    setting("site_logo", "site_logo", Kind::Integer, None, "Site logo."),
    setting("site_icon", "site_icon", Kind::Integer, None, "Site icon."),
];

/// `get_item_schema`: each setting's `type`, `description` and `default` (`null` when none
/// is registered), then its `show_in_rest` schema additions.
fn item_schema() -> Value {
    let mut props = Map::new();
    for s in SETTINGS {
        let ty = match s.kind {
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
        };
        let mut p = Map::new();
        p.insert("type".into(), json!(ty));
        p.insert("description".into(), json!(s.description));
        p.insert("default".into(), prepare_value(s.default, s.kind));
        if let Some(format) = s.format {
            p.insert("format".into(), json!(format));
        }
        if let Some(values) = s.one_of {
            p.insert("enum".into(), json!(values));
        }
        props.insert(s.name.to_owned(), Value::Object(p));
    }
    json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "settings",
        "type": "object",
        "properties": props,
    })
}

pub fn routes(_site: &Site) -> Vec<RouteDef> {
    // The update endpoint's arguments are `get_endpoint_args_for_item_schema( EDITABLE )`.
    let update_args = crate::schema::endpoint_args_for_schema(&item_schema(), false);
    vec![
        route(
            "wp/v2",
            "/wp/v2/settings",
            vec![
                EndpointDef::new(&[Method::GET], Settings(false), vec![]),
                EndpointDef::new(
                    &[Method::POST, Method::PUT, Method::PATCH],
                    Settings(true),
                    update_args,
                ),
            ],
        )
        .with_schema(std::sync::Arc::new(|_: &Site, _| item_schema())),
    ]
}

struct Settings(bool);

impl Controller for Settings {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if req.viewer.can("manage_options") {
                Ok(())
            } else {
                Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_forbidden",
                    "Sorry, you are not allowed to do that.",
                ))
            }
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            if self.0 {
                return Err(WpError::not_implemented());
            }
            let mut out = Map::new();
            for s in SETTINGS {
                // Settings are autoloaded options; a missing one reads as its default.
                let raw = req
                    .options
                    .get(s.option)
                    .filter(|v| !(v.is_empty() && s.default.is_some()))
                    .or(s.default);
                out.insert(s.name.to_owned(), prepare_value(raw, s.kind));
            }
            Ok(WpResponse::ok(Value::Object(out)))
        }
        .boxed()
    }
}

/// `prepare_value`: the value cast to its registered type, `null` when it does not validate.
fn prepare_value(raw: Option<&str>, kind: Kind) -> Value {
    let Some(raw) = raw else {
        return Value::Null;
    };
    match kind {
        Kind::String => json!(raw),
        Kind::Integer => raw
            .trim()
            .parse::<i64>()
            .map(|n| json!(n))
            .unwrap_or(Value::Null),
        Kind::Boolean => match raw {
            "1" | "true" => json!(true),
            "0" | "false" | "" => json!(false),
            _ => Value::Null,
        },
    }
}
