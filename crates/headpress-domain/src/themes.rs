//! What Headpress knows of the active theme (the `stylesheet` option). Themes are PHP and
//! templates on disk, which Headpress does not run; what the APIs expose of them is kept here
//! as data, copied from the themes WordPress bundles.

/// A custom template a theme offers for posts of some types (`WP_Theme::get_post_templates`:
/// `Template Name:` headers of PHP themes, custom block templates of block themes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostTemplate {
    /// The value `_wp_page_template` holds when a post uses it (the template's slug or file).
    pub slug: &'static str,
    /// Its title (`Template Name`).
    pub title: &'static str,
    /// The post types it applies to.
    pub post_types: &'static [&'static str],
}

/// Twenty Twenty-Three's `customTemplates` (theme.json) that have a template file and are
/// not one of WordPress's default template types (`404` is one, so `is_custom` is false).
const TWENTY_TWENTY_THREE: [PostTemplate; 2] = [
    PostTemplate {
        slug: "blank",
        title: "Blank",
        post_types: &["page", "post"],
    },
    PostTemplate {
        slug: "blog-alternative",
        title: "Blog (Alternative)",
        post_types: &["page"],
    },
];

/// Every custom template of a theme, in the theme's order.
pub fn templates(stylesheet: &str) -> &'static [PostTemplate] {
    match stylesheet {
        "twentytwentythree" => &TWENTY_TWENTY_THREE,
        _ => &[],
    }
}

/// `wp_get_theme()->get_page_templates( null, $post_type )`: the templates of one post type.
pub fn post_templates(stylesheet: &str, post_type: &str) -> Vec<PostTemplate> {
    templates(stylesheet)
        .iter()
        .filter(|t| t.post_types.contains(&post_type))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_twenty_three_templates_by_post_type() {
        let slugs = |pt| {
            post_templates("twentytwentythree", pt)
                .iter()
                .map(|t| t.slug)
                .collect::<Vec<_>>()
        };
        assert_eq!(slugs("page"), ["blank", "blog-alternative"]);
        assert_eq!(slugs("post"), ["blank"]);
        assert!(slugs("attachment").is_empty());
        assert!(post_templates("unknown-theme", "page").is_empty());
    }
}
