//! Who is asking: application-password authentication, roles and capabilities
//! (`wp_user_roles`, `{prefix}capabilities`), and the read/edit rules of `map_meta_cap`.

use std::collections::HashSet;
use std::sync::Arc;

use crate::error::Result;
use crate::options::Options;
use crate::site::Site;
use crate::users;

/// The authenticated user of a request, with the capabilities their roles grant.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: u64,
    pub login: String,
    pub roles: Vec<String>,
    pub caps: HashSet<String>,
}

/// The caller of a request: anonymous or a user.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user: Option<Arc<AuthUser>>,
}

impl Viewer {
    pub fn anonymous() -> Self {
        Viewer { user: None }
    }

    pub fn is_logged_in(&self) -> bool {
        self.user.is_some()
    }

    pub fn id(&self) -> u64 {
        self.user.as_ref().map_or(0, |u| u.id)
    }

    /// `current_user_can()` for a primitive capability.
    pub fn can(&self, cap: &str) -> bool {
        self.user.as_ref().is_some_and(|u| u.caps.contains(cap))
    }
}

/// `wp_authenticate_application_password`: the login (or e-mail) and one of the user's
/// application passwords. Any failure leaves the request anonymous, as in WordPress 6.1.
pub async fn authenticate_application_password(
    site: &Site,
    options: &Options,
    login: &str,
    password: &str,
) -> Result<Viewer> {
    let Some(user) = users::find_by_login(site, login).await? else {
        return Ok(Viewer::anonymous());
    };
    let prefix = &site.tables().prefix;
    let caps_key = format!("{prefix}capabilities");
    let meta = users::meta_for(site, &[user.id.0], &["_application_passwords", &caps_key]).await?;
    let meta = meta.get(&user.id.0).cloned().unwrap_or_default();
    let stored = meta
        .iter()
        .find(|(k, _)| k == "_application_passwords")
        .and_then(|(_, v)| headpress_php::serialize::maybe_unserialize(v))
        .map(|v| v.to_json());
    let matches = stored
        .as_ref()
        .and_then(|v| v.as_array())
        .is_some_and(|entries| {
            entries.iter().any(|entry| {
                entry
                    .get("password")
                    .and_then(|h| h.as_str())
                    .is_some_and(|hash| {
                        headpress_php::app_password::check_app_password(password, hash)
                    })
            })
        });
    if !matches {
        return Ok(Viewer::anonymous());
    }
    let role_meta = meta
        .iter()
        .find(|(k, _)| *k == caps_key)
        .and_then(|(_, v)| headpress_php::serialize::maybe_unserialize(v))
        .map(|v| v.to_json())
        .unwrap_or(serde_json::Value::Null);
    let (roles, caps) = resolve_caps(&options.user_roles(prefix), &role_meta);
    Ok(Viewer {
        user: Some(Arc::new(AuthUser {
            id: user.id.0,
            login: user.user_login,
            roles,
            caps,
        })),
    })
}

/// `WP_User::get_role_caps`: role capabilities, then the user's own grants and denials.
pub fn resolve_caps(
    user_roles: &serde_json::Value,
    user_cap_meta: &serde_json::Value,
) -> (Vec<String>, HashSet<String>) {
    let mut roles = Vec::new();
    let mut caps = HashSet::new();
    let Some(granted) = user_cap_meta.as_object() else {
        return (roles, caps);
    };
    for (name, on) in granted {
        if !truthy(on) {
            continue;
        }
        if let Some(role) = user_roles.get(name) {
            roles.push(name.clone());
            if let Some(role_caps) = role.get("capabilities").and_then(|c| c.as_object()) {
                for (cap, grant) in role_caps {
                    if truthy(grant) {
                        caps.insert(cap.clone());
                    } else {
                        caps.remove(cap);
                    }
                }
            }
        }
    }
    for (name, on) in granted {
        if truthy(on) {
            caps.insert(name.clone());
        } else {
            caps.remove(name);
        }
    }
    // Every user has the `exist` capability.
    caps.insert("exist".into());
    (roles, caps)
}

fn truthy(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        serde_json::Value::String(s) => !s.is_empty() && s != "0",
        serde_json::Value::Null => false,
        _ => true,
    }
}
