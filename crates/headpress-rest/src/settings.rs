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

/// `(REST name, option name, type, default)` in `register_initial_settings` order.
const SETTINGS: &[(&str, &str, Kind, Option<&str>)] = &[
    ("title", "blogname", Kind::String, None),
    ("description", "blogdescription", Kind::String, None),
    ("url", "siteurl", Kind::String, None),
    ("email", "admin_email", Kind::String, None),
    ("timezone", "timezone_string", Kind::String, None),
    ("date_format", "date_format", Kind::String, None),
    ("time_format", "time_format", Kind::String, None),
    ("start_of_week", "start_of_week", Kind::Integer, None),
    ("language", "WPLANG", Kind::String, Some("en_US")),
    ("use_smilies", "use_smilies", Kind::Boolean, Some("1")),
    ("default_category", "default_category", Kind::Integer, None),
    (
        "default_post_format",
        "default_post_format",
        Kind::String,
        None,
    ),
    (
        "posts_per_page",
        "posts_per_page",
        Kind::Integer,
        Some("10"),
    ),
    ("show_on_front", "show_on_front", Kind::String, None),
    ("page_on_front", "page_on_front", Kind::Integer, None),
    ("page_for_posts", "page_for_posts", Kind::Integer, None),
    (
        "default_ping_status",
        "default_ping_status",
        Kind::String,
        None,
    ),
    (
        "default_comment_status",
        "default_comment_status",
        Kind::String,
        None,
    ),
    ("site_logo", "site_logo", Kind::Integer, None),
    ("site_icon", "site_icon", Kind::Integer, None),
];

pub fn routes(_site: &Site) -> Vec<RouteDef> {
    vec![route(
        "wp/v2",
        "/wp/v2/settings",
        vec![
            EndpointDef::new(&[Method::GET], Settings(false), vec![]),
            EndpointDef::new(
                &[Method::POST, Method::PUT, Method::PATCH],
                Settings(true),
                vec![],
            ),
        ],
    )]
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
                return Err(WpError::new(
                    501,
                    "rest_not_implemented",
                    "Writing is not supported by this Headpress version yet.",
                ));
            }
            let mut out = Map::new();
            for (name, option, kind, default) in SETTINGS {
                // Settings are autoloaded options; a missing one reads as its default.
                let raw = req
                    .options
                    .get(option)
                    .filter(|v| !(v.is_empty() && default.is_some()))
                    .or(*default);
                out.insert((*name).to_owned(), prepare_value(raw, *kind));
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
