//! Post types and taxonomies: WordPress's built-ins plus those declared in configuration.

use crate::registry::{MetaRegistration, SiteConfig};

#[derive(Debug, Clone)]
pub struct PostType {
    pub name: String,
    pub label: String,
    pub rest_base: String,
    pub hierarchical: bool,
    pub show_in_rest: bool,
    /// `post_type_supports()` features.
    pub supports: Vec<&'static str>,
    pub taxonomies: Vec<String>,
    /// Capability type: `post` or `page` (`edit_posts` / `edit_pages` …).
    pub capability_type: &'static str,
    /// The features the REST schema shows fields for: WordPress fixes them for `post`,
    /// `page` and `attachment` whatever `supports` says, and uses `supports` otherwise.
    pub rest_features: Vec<&'static str>,
    /// Its names in the GraphQL schema (`show_in_graphql`), or `None` when it has no types there.
    pub graphql: Option<GraphqlNames>,
}

/// `graphql_single_name` / `graphql_plural_name` of a post type or taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphqlNames {
    /// camelCase name of one item (`post`, `mediaItem`): the singular root field.
    pub single: String,
    /// camelCase name of the list (`posts`): the plural root field and connection fields.
    pub plural: String,
}

impl GraphqlNames {
    fn new(single: &str, plural: &str) -> Self {
        GraphqlNames {
            single: single.to_owned(),
            plural: plural.to_owned(),
        }
    }

    /// The names of a type declared in configuration: as given, else derived from its name
    /// (`my_book` → `myBook` / `myBooks`).
    fn configured(
        name: &str,
        show_in_rest: bool,
        show_in_graphql: Option<bool>,
        single: Option<&str>,
        plural: Option<&str>,
    ) -> Option<Self> {
        if !show_in_graphql.unwrap_or(show_in_rest) {
            return None;
        }
        let single = single.map_or_else(|| camel_case(name), str::to_owned);
        let plural = plural.map_or_else(
            || {
                if single.ends_with('s') {
                    format!("all{}", upper_first(&single))
                } else {
                    format!("{single}s")
                }
            },
            str::to_owned,
        );
        Some(GraphqlNames { single, plural })
    }

    /// The GraphQL object type's name (`Post`, `MediaItem`): the single name, first letter up.
    pub fn type_name(&self) -> String {
        upper_first(&self.single)
    }
}

/// `my_book-type` → `myBookType`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, part) in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        if i == 0 {
            out.push_str(part);
        } else {
            out.push_str(&upper_first(part));
        }
    }
    out
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl PostType {
    pub fn supports(&self, feature: &str) -> bool {
        self.supports.contains(&feature)
    }

    /// Whether the REST schema has the fields of `feature` (`title`, `excerpt`, …).
    pub fn has_rest_feature(&self, feature: &str) -> bool {
        self.rest_features.contains(&feature)
    }

    /// The primitive capability for `action` (`edit`, `edit_others`, `publish`, `read_private`,
    /// `delete`…) as `map_meta_cap` names it for this type.
    pub fn cap(&self, action: &str) -> String {
        format!("{action}_{}s", self.capability_type)
    }
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub label: String,
    pub rest_base: String,
    pub hierarchical: bool,
    pub show_in_rest: bool,
    pub object_types: Vec<String>,
    /// Its names in the GraphQL schema, or `None` when it has no types there.
    pub graphql: Option<GraphqlNames>,
}

#[derive(Debug, Clone)]
pub struct Registry {
    post_types: Vec<PostType>,
    taxonomies: Vec<Taxonomy>,
    meta: Vec<MetaRegistration>,
}

const POST_SUPPORTS: &[&str] = &[
    "title",
    "editor",
    "author",
    "thumbnail",
    "excerpt",
    "trackbacks",
    "custom-fields",
    "comments",
    "revisions",
    "post-formats",
];
const PAGE_SUPPORTS: &[&str] = &[
    "title",
    "editor",
    "author",
    "thumbnail",
    "page-attributes",
    "custom-fields",
    "comments",
    "revisions",
];
const ATTACHMENT_SUPPORTS: &[&str] = &["title", "author", "comments"];

impl Registry {
    pub fn new(config: &SiteConfig) -> Self {
        let mut post_types = vec![
            PostType {
                name: "post".into(),
                label: "Posts".into(),
                rest_base: "posts".into(),
                hierarchical: false,
                show_in_rest: true,
                supports: POST_SUPPORTS.to_vec(),
                taxonomies: vec!["category".into(), "post_tag".into(), "post_format".into()],
                capability_type: "post",
                rest_features: vec![
                    "title",
                    "editor",
                    "author",
                    "excerpt",
                    "thumbnail",
                    "comments",
                    "revisions",
                    "post-formats",
                    "custom-fields",
                ],
                graphql: Some(GraphqlNames::new("post", "posts")),
            },
            PostType {
                name: "page".into(),
                label: "Pages".into(),
                rest_base: "pages".into(),
                hierarchical: true,
                show_in_rest: true,
                supports: PAGE_SUPPORTS.to_vec(),
                taxonomies: vec![],
                capability_type: "page",
                rest_features: vec![
                    "title",
                    "editor",
                    "author",
                    "excerpt",
                    "thumbnail",
                    "comments",
                    "revisions",
                    "page-attributes",
                    "custom-fields",
                ],
                graphql: Some(GraphqlNames::new("page", "pages")),
            },
            PostType {
                name: "attachment".into(),
                label: "Media".into(),
                rest_base: "media".into(),
                hierarchical: false,
                show_in_rest: true,
                supports: ATTACHMENT_SUPPORTS.to_vec(),
                taxonomies: vec![],
                capability_type: "post",
                rest_features: vec!["title", "author", "comments", "revisions", "custom-fields"],
                graphql: Some(GraphqlNames::new("mediaItem", "mediaItems")),
            },
        ];
        for custom in &config.post_types {
            let supports = vec!["title", "editor", "author", "custom-fields"];
            post_types.push(PostType {
                rest_features: supports.clone(),
                name: custom.name.clone(),
                label: custom.label.clone().unwrap_or_else(|| custom.name.clone()),
                rest_base: custom
                    .rest_base
                    .clone()
                    .unwrap_or_else(|| custom.name.clone()),
                hierarchical: custom.hierarchical,
                show_in_rest: custom.show_in_rest,
                supports,
                taxonomies: custom.taxonomies.clone(),
                capability_type: "post",
                graphql: GraphqlNames::configured(
                    &custom.name,
                    custom.show_in_rest,
                    custom.show_in_graphql,
                    custom.graphql_single_name.as_deref(),
                    custom.graphql_plural_name.as_deref(),
                ),
            });
        }
        let mut taxonomies = vec![
            Taxonomy {
                name: "category".into(),
                label: "Categories".into(),
                rest_base: "categories".into(),
                hierarchical: true,
                show_in_rest: true,
                object_types: vec!["post".into()],
                graphql: Some(GraphqlNames::new("category", "categories")),
            },
            Taxonomy {
                name: "post_tag".into(),
                label: "Tags".into(),
                rest_base: "tags".into(),
                hierarchical: false,
                show_in_rest: true,
                object_types: vec!["post".into()],
                graphql: Some(GraphqlNames::new("tag", "tags")),
            },
            Taxonomy {
                name: "post_format".into(),
                label: "Formats".into(),
                rest_base: "post_format".into(),
                hierarchical: false,
                show_in_rest: false,
                object_types: vec!["post".into()],
                graphql: Some(GraphqlNames::new("postFormat", "postFormats")),
            },
        ];
        for custom in &config.taxonomies {
            taxonomies.push(Taxonomy {
                name: custom.name.clone(),
                label: custom.label.clone().unwrap_or_else(|| custom.name.clone()),
                rest_base: custom
                    .rest_base
                    .clone()
                    .unwrap_or_else(|| custom.name.clone()),
                hierarchical: custom.hierarchical,
                show_in_rest: custom.show_in_rest,
                object_types: custom.object_types.clone(),
                graphql: GraphqlNames::configured(
                    &custom.name,
                    custom.show_in_rest,
                    custom.show_in_graphql,
                    custom.graphql_single_name.as_deref(),
                    custom.graphql_plural_name.as_deref(),
                ),
            });
            for object_type in &custom.object_types {
                if let Some(pt) = post_types.iter_mut().find(|pt| &pt.name == object_type) {
                    pt.taxonomies.push(custom.name.clone());
                }
            }
        }
        Registry {
            post_types,
            taxonomies,
            meta: config.meta.clone(),
        }
    }

    pub fn post_type(&self, name: &str) -> Option<&PostType> {
        self.post_types.iter().find(|pt| pt.name == name)
    }

    pub fn post_types(&self) -> &[PostType] {
        &self.post_types
    }

    pub fn taxonomy(&self, name: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    pub fn taxonomies(&self) -> &[Taxonomy] {
        &self.taxonomies
    }

    /// REST-visible taxonomies of a post type, in registration order.
    pub fn rest_taxonomies_for(&self, post_type: &str) -> Vec<&Taxonomy> {
        self.taxonomies
            .iter()
            .filter(|t| t.show_in_rest && t.object_types.iter().any(|o| o == post_type))
            .collect()
    }

    /// Meta keys registered with `show_in_rest` for an object type and subtype.
    pub fn rest_meta(&self, object_type: &str, subtype: &str) -> Vec<&MetaRegistration> {
        self.meta
            .iter()
            .filter(|m| m.show_in_rest && m.applies_to(object_type, subtype))
            .collect()
    }
}
