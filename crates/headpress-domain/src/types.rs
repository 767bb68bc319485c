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
            },
            Taxonomy {
                name: "post_tag".into(),
                label: "Tags".into(),
                rest_base: "tags".into(),
                hierarchical: false,
                show_in_rest: true,
                object_types: vec!["post".into()],
            },
            Taxonomy {
                name: "post_format".into(),
                label: "Formats".into(),
                rest_base: "post_format".into(),
                hierarchical: false,
                show_in_rest: false,
                object_types: vec!["post".into()],
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
