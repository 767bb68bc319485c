//! What WordPress plugins declare in PHP (`register_post_type`, `register_taxonomy`,
//! `register_meta`), declared here in configuration, plus WordPress's built-in types.

use serde::{Deserialize, Serialize};

/// The site-specific declarations read from the `[[meta]]`, `[[post_types]]` and
/// `[[taxonomies]]` tables of the TOML configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteConfig {
    pub meta: Vec<MetaRegistration>,
    pub post_types: Vec<PostTypeConfig>,
    pub taxonomies: Vec<TaxonomyConfig>,
}

/// The JSON-schema type of a registered meta key (`register_meta`'s `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MetaType {
    String,
    Boolean,
    Integer,
    Number,
    Array,
    Object,
}

/// One `register_meta()` call.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MetaRegistration {
    /// `post`, `comment`, `term` or `user`.
    pub object_type: String,
    /// Post types or taxonomies it applies to; empty means every subtype.
    #[serde(default)]
    pub subtypes: Vec<String>,
    pub key: String,
    #[serde(rename = "type")]
    pub meta_type: MetaType,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub single: bool,
    /// The value REST shows when no row exists (single keys only).
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    #[serde(default = "default_true")]
    pub show_in_rest: bool,
    /// For `array` meta: the JSON-schema type of its items.
    #[serde(default)]
    pub items_type: Option<MetaType>,
}

fn default_true() -> bool {
    true
}

/// A custom post type declared in configuration (`register_post_type` with `show_in_rest`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PostTypeConfig {
    pub name: String,
    pub label: Option<String>,
    pub rest_base: Option<String>,
    #[serde(default)]
    pub hierarchical: bool,
    #[serde(default = "default_true")]
    pub show_in_rest: bool,
    #[serde(default)]
    pub taxonomies: Vec<String>,
    /// Whether WPGraphQL-style GraphQL types are generated for it (`show_in_graphql`;
    /// defaults to `show_in_rest`).
    #[serde(default)]
    pub show_in_graphql: Option<bool>,
    /// The GraphQL name of one item (`graphql_single_name`, camelCase; defaults to the
    /// post type's name in camelCase).
    #[serde(default)]
    pub graphql_single_name: Option<String>,
    /// The GraphQL name of the list (`graphql_plural_name`; defaults to the single name + `s`,
    /// or `all` + the single name when both would be equal).
    #[serde(default)]
    pub graphql_plural_name: Option<String>,
}

/// A custom taxonomy declared in configuration (`register_taxonomy` with `show_in_rest`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaxonomyConfig {
    pub name: String,
    pub label: Option<String>,
    pub rest_base: Option<String>,
    #[serde(default)]
    pub hierarchical: bool,
    #[serde(default = "default_true")]
    pub show_in_rest: bool,
    pub object_types: Vec<String>,
    /// As for post types: `show_in_graphql`, `graphql_single_name`, `graphql_plural_name`.
    #[serde(default)]
    pub show_in_graphql: Option<bool>,
    #[serde(default)]
    pub graphql_single_name: Option<String>,
    #[serde(default)]
    pub graphql_plural_name: Option<String>,
}

impl MetaRegistration {
    pub fn applies_to(&self, object_type: &str, subtype: &str) -> bool {
        self.object_type == object_type
            && (self.subtypes.is_empty() || self.subtypes.iter().any(|s| s == subtype))
    }
}
