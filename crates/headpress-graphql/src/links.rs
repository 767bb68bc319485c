//! Permalinks and URIs (`get_permalink`, `get_term_link`, `get_author_posts_url`) from the
//! site's options; WPGraphQL's `uri` is the link with the home URL cut off.

use headpress_domain::options::Options;
use headpress_domain::posts::Post;
use headpress_domain::terms::Term;
use headpress_domain::users::User;

/// `get_permalink` of a post whose ancestors (nearest first) are known; `readable` says
/// whether a private post may have its pretty permalink (`wp_force_plain_post_permalink`).
pub fn post_link(options: &Options, post: &Post, ancestors: &[Post], readable: bool) -> String {
    let home = options.home();
    let structure = options.permalink_structure();
    let id = post.id.0;
    let status = post.post_status.as_str();
    let plain = structure.is_empty() || !(status == "publish" || (status == "private" && readable));
    match post.post_type.as_str() {
        "page" => {
            if options.get("show_on_front") == Some("page")
                && options.get_i64("page_on_front", 0) as u64 == id
            {
                format!("{home}/")
            } else if plain {
                format!("{home}/?page_id={id}")
            } else {
                let mut slugs: Vec<&str> = ancestors.iter().map(|a| a.post_name.as_str()).collect();
                slugs.reverse();
                slugs.push(&post.post_name);
                format!("{home}/{}/", slugs.join("/"))
            }
        }
        "post" => {
            if plain {
                format!("{home}/?p={id}")
            } else {
                headpress_domain::posts::fill_permalink_structure(home, structure, post)
            }
        }
        "attachment" => {
            // `get_attachment_link`: under the parent's permalink when attached.
            match ancestors.first() {
                Some(parent) if !structure.is_empty() => {
                    let parent_link = post_link(options, parent, &ancestors[1..], readable);
                    format!("{}/{}/", parent_link.trim_end_matches('/'), post.post_name)
                }
                _ if !structure.is_empty() => format!("{home}/{}/", post.post_name),
                _ => format!("{home}/?attachment_id={id}"),
            }
        }
        "revision" => format!("{home}/?post_type=revision&p={id}"),
        _ => {
            let mut slugs: Vec<&str> = ancestors.iter().map(|a| a.post_name.as_str()).collect();
            slugs.reverse();
            slugs.push(&post.post_name);
            let path = if post.post_name.is_empty() {
                String::new()
            } else {
                slugs.join("/")
            };
            headpress_domain::posts::custom_post_link(home, structure, post, &path)
        }
    }
}

/// `get_term_link` of a term whose ancestors (nearest first) are known.
pub fn term_link(options: &Options, term: &Term, ancestors: &[Term]) -> String {
    let home = options.home();
    let pretty = !options.permalink_structure().is_empty();
    let (query_var, base, hierarchical) = match term.taxonomy.as_str() {
        "category" => ("cat", options.get_or("category_base", ""), true),
        "post_tag" => ("tag", options.get_or("tag_base", ""), false),
        "post_format" => ("post_format", "type", false),
        other => (other, other, false),
    };
    if !pretty {
        return if term.taxonomy == "category" {
            format!("{home}/?cat={}", term.term_id.0)
        } else {
            format!("{home}/?{query_var}={}", term.slug)
        };
    }
    let base = if base.is_empty() {
        if term.taxonomy == "category" {
            "category"
        } else {
            "tag"
        }
    } else {
        base.trim_matches('/')
    };
    let slug = if term.taxonomy == "post_format" {
        term.slug.trim_start_matches("post-format-").to_owned()
    } else if hierarchical {
        let mut slugs: Vec<&str> = ancestors.iter().map(|a| a.slug.as_str()).collect();
        slugs.reverse();
        slugs.push(&term.slug);
        slugs.join("/")
    } else {
        term.slug.clone()
    };
    format!("{home}/{base}/{slug}/")
}

/// `get_author_posts_url`.
pub fn author_link(options: &Options, user: &User) -> String {
    if options.permalink_structure().is_empty() {
        format!("{}/?author={}", options.home(), user.id.0)
    } else {
        format!("{}/author/{}/", options.home(), user.user_nicename)
    }
}

/// WPGraphQL's `uri`: the link relative to the home URL.
pub fn uri(options: &Options, link: &str) -> String {
    let home = options.home();
    match link.strip_prefix(home) {
        Some("") => "/".to_owned(),
        Some(rest) => rest.to_owned(),
        None => link.to_owned(),
    }
}
