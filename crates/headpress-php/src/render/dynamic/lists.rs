//! `render_block_core_latest_posts()` and `render_block_core_latest_comments()`.

use std::fmt::Write as _;

use md5::{Digest, Md5};
use serde_json::{Map, Value};

use super::attrs::{absint, esc_url, intval, isset, string, truthy, wrapper_attributes};
use super::date::{offset_between, php_date};
use super::{DynamicBlockData, LatestPostsOrder, LatestPostsQuery, ListedComment, ListedPost};
use crate::render::media::{esc_attr, starts_with_entity};
use crate::render::{RenderContext, the_title, wp_get_attachment_image, wp_trim_words, wpautop};

/// The block's `WP_Query` arguments, normalised as `WP_Query::get_posts()` normalises them.
pub(super) fn latest_posts_query(attrs: &Map<String, Value>) -> LatestPostsQuery {
    let per_page = attrs.get("postsToShow").map_or(5, intval);
    let per_page = match per_page {
        -1 => None,
        0 => Some(1),
        n => Some(n.unsigned_abs()),
    };
    let order_desc = !string(attrs, "order").eq_ignore_ascii_case("asc");
    let order_by = match string(attrs, "orderBy").as_str() {
        "title" | "post_title" => LatestPostsOrder::Title,
        "modified" | "post_modified" => LatestPostsOrder::Modified,
        "ID" | "id" => LatestPostsOrder::Id,
        "author" | "post_author" => LatestPostsOrder::Author,
        _ => LatestPostsOrder::Date,
    };
    let mut categories: Vec<u64> = match attrs.get("categories") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.get("id"))
            .map(absint)
            .collect(),
        _ => Vec::new(),
    };
    categories.sort_unstable();
    categories.dedup();
    let author = attrs
        .get("selectedAuthor")
        .filter(|v| !v.is_null())
        .map(intval)
        .filter(|id| *id != 0)
        .map(i64::unsigned_abs);
    LatestPostsQuery {
        per_page,
        order_by,
        order_desc,
        categories,
        author,
    }
}

/// `commentsToShow` as `get_comments( array( 'number' => … ) )` takes it (`absint`; 0 is no
/// limit, which the domain caps).
pub(super) fn comments_to_show(attrs: &Map<String, Value>) -> u64 {
    attrs.get("commentsToShow").map_or(5, absint)
}

/// `get_the_title()` outside the admin: "Protected: " for posts with a password, then the
/// `the_title` filters.
fn post_title(raw: &str, protected: bool) -> String {
    if protected {
        the_title(&format!("Protected: {raw}"))
    } else {
        the_title(raw)
    }
}

/// The UTC offset of a stored date: its GMT twin when set, else the site's `gmt_offset`.
fn offset(data: &DynamicBlockData, local: &str, gmt: &str) -> i64 {
    offset_between(local, gmt).unwrap_or(data.site.gmt_offset_seconds)
}

/// `wp_kses_post( html_entity_decode( $post->post_content ) )`, limited to what matters for
/// content that already passed kses when saved: entities are decoded, then every `&` that
/// does not start an entity is written `&amp;` again (`wp_kses_normalize_entities`). Tags are
/// not filtered.
fn full_content(raw: &str) -> String {
    let decoded = html_entity_decode(raw);
    esc_ampersands(&decoded)
}

fn esc_ampersands(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '&' && !starts_with_entity(&text[i..]) {
            out.push_str("&amp;");
        } else {
            out.push(c);
        }
    }
    out
}

/// `html_entity_decode( $text, ENT_QUOTES, 'UTF-8' )` for numeric references and the
/// entities of HTML's core set (other named entities are left as they are).
fn html_entity_decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let candidate = &rest[start..];
        let decoded = candidate
            .find(';')
            .filter(|end| *end <= 33)
            .and_then(|end| {
                let body = &candidate[1..end];
                let c = if let Some(num) = body.strip_prefix('#') {
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse::<u32>().ok(),
                    };
                    code.and_then(char::from_u32)
                        .filter(|c| !matches!(*c as u32, 0 | 0xD800..=0xDFFF | 0x80..=0x9F))
                } else {
                    match body {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        "nbsp" => Some('\u{a0}'),
                        _ => None,
                    }
                };
                c.map(|c| (c, end + 1))
            });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &candidate[len..];
            }
            None => {
                out.push('&');
                rest = &candidate[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `render_block_core_latest_posts()`.
pub(super) fn render_latest_posts(
    data: &DynamicBlockData,
    attrs: &Map<String, Value>,
) -> Option<String> {
    let posts = data.latest_posts.get(&latest_posts_query(attrs))?;
    let excerpt_length =
        usize::try_from(attrs.get("excerptLength").map_or(55, intval).max(0)).unwrap_or(55);
    let content_radio = string(attrs, "displayPostContentRadio");
    let show_content = truthy(attrs, "displayPostContent");
    let mut items = String::new();
    for post in posts {
        let link = esc_url(&post.link);
        let mut title = post_title(&post.title, post.password_protected);
        if title.is_empty() || title == "0" {
            title = "(no title)".into();
        }
        items.push_str("<li>");
        if truthy(attrs, "displayFeaturedImage")
            && let Some((_, image)) = &post.thumbnail
        {
            items.push_str(&featured_image(data, attrs, image.as_ref(), &link, &title));
        }
        let _ = write!(
            items,
            "<a class=\"wp-block-latest-posts__post-title\" href=\"{link}\">{title}</a>"
        );
        if truthy(attrs, "displayAuthor") && !post.author_name.is_empty() {
            let _ = write!(
                items,
                "<div class=\"wp-block-latest-posts__post-author\">by {}</div>",
                post.author_name
            );
        }
        if truthy(attrs, "displayPostDate") {
            let offset = offset(data, &post.date, &post.date_gmt);
            let _ = write!(
                items,
                "<time datetime=\"{}\" class=\"wp-block-latest-posts__post-date\">{}</time>",
                esc_attr(&php_date("c", &post.date, offset)),
                php_date(&data.site.date_format, &post.date, offset)
            );
        }
        if show_content && content_radio == "excerpt" {
            let excerpt = if post.password_protected {
                "This content is password protected.".to_owned()
            } else {
                get_the_excerpt(data, post, excerpt_length)
            };
            let _ = write!(
                items,
                "<div class=\"wp-block-latest-posts__post-excerpt\">{excerpt}</div>"
            );
        }
        if show_content && content_radio == "full_post" {
            let content = if post.password_protected {
                "This content is password protected.".to_owned()
            } else {
                full_content(&post.content)
            };
            let _ = write!(
                items,
                "<div class=\"wp-block-latest-posts__post-full-content\">{content}</div>"
            );
        }
        items.push_str("</li>\n");
    }
    let mut class = String::from("wp-block-latest-posts__list");
    let grid = string(attrs, "postLayout") == "grid";
    if grid {
        class.push_str(" is-grid");
    }
    if isset(attrs, "columns") && grid {
        let _ = write!(class, " columns-{}", string(attrs, "columns"));
    }
    if truthy(attrs, "displayPostDate") {
        class.push_str(" has-dates");
    }
    if truthy(attrs, "displayAuthor") {
        class.push_str(" has-author");
    }
    Some(format!(
        "<ul {}>{items}</ul>",
        wrapper_attributes("core/latest-posts", attrs, &class)
    ))
}

/// `get_the_excerpt( $post )` while the block's `excerpt_length` filter is active: the
/// handwritten excerpt as saved, else `wp_trim_excerpt()` of the content. The content is
/// rendered without dynamic blocks (`excerpt_remove_blocks` drops them anyway), so a post
/// listing itself cannot recurse.
fn get_the_excerpt(data: &DynamicBlockData, post: &ListedPost, words: usize) -> String {
    if !crate::render::pcre::php_trim(&post.excerpt).is_empty() {
        return post.excerpt.clone();
    }
    let mut ctx = RenderContext::new(&data.site.site_url);
    ctx.post_id = post.id;
    ctx.use_smilies = data.site.use_smilies;
    crate::render::wp_trim_excerpt_words(&post.content, words, &ctx)
}

fn featured_image(
    data: &DynamicBlockData,
    attrs: &Map<String, Value>,
    image: Option<&crate::render::ImageMeta>,
    link: &str,
    title: &str,
) -> String {
    let mut style = String::new();
    if isset(attrs, "featuredImageSizeWidth") {
        let _ = write!(
            style,
            "max-width:{}px;",
            string(attrs, "featuredImageSizeWidth")
        );
    }
    if isset(attrs, "featuredImageSizeHeight") {
        let _ = write!(
            style,
            "max-height:{}px;",
            string(attrs, "featuredImageSizeHeight")
        );
    }
    let mut classes = String::from("wp-block-latest-posts__featured-image");
    if isset(attrs, "featuredImageAlign") {
        let _ = write!(classes, " align{}", string(attrs, "featuredImageAlign"));
    }
    let size = string(attrs, "featuredImageSizeSlug");
    let ctx = RenderContext::new(&data.site.site_url);
    let mut html = image.map_or_else(String::new, |meta| {
        let size_class = crate::render::media::sanitize_html_class(&size);
        wp_get_attachment_image(
            meta,
            &size,
            &[
                (
                    "class",
                    format!("attachment-{size_class} size-{size_class} wp-post-image"),
                ),
                ("style", esc_attr(&style)),
            ],
            &ctx,
        )
    });
    if truthy(attrs, "addLinkToFeaturedImage") {
        html = format!(
            "<a href=\"{}\" aria-label=\"{}\">{html}</a>",
            esc_url(link),
            esc_attr(title)
        );
    }
    format!("<div class=\"{}\">{html}</div>", esc_attr(&classes))
}

/// `render_block_core_latest_comments()`.
pub(super) fn render_latest_comments(
    data: &DynamicBlockData,
    attrs: &Map<String, Value>,
) -> Option<String> {
    let comments = data.latest_comments.get(&comments_to_show(attrs))?;
    let avatars = truthy(attrs, "displayAvatar");
    let dates = truthy(attrs, "displayDate");
    let excerpts = truthy(attrs, "displayExcerpt");
    let mut items = String::new();
    for comment in comments {
        items.push_str("<li class=\"wp-block-latest-comments__comment\">");
        if avatars {
            items.push_str(&avatar(data, comment));
        }
        items.push_str("<article><footer class=\"wp-block-latest-comments__comment-meta\">");
        if comment.author_url.is_empty() {
            let _ = write!(
                items,
                "<span class=\"wp-block-latest-comments__comment-author\">{}</span>",
                comment.author
            );
        } else {
            let _ = write!(
                items,
                "<a class=\"wp-block-latest-comments__comment-author\" href=\"{}\">{}</a>",
                esc_url(&comment.author_url),
                comment.author
            );
        }
        let mut title = post_title(&comment.post_title, comment.post_password_protected);
        if title.is_empty() || title == "0" {
            title = "(no title)".into();
        }
        let _ = write!(
            items,
            " on <a class=\"wp-block-latest-comments__comment-link\" href=\"{}\">{title}</a>",
            esc_url(&comment.link)
        );
        if dates {
            let offset = offset(data, &comment.date, &comment.date_gmt);
            let _ = write!(
                items,
                "<time datetime=\"{}\" class=\"wp-block-latest-comments__comment-date\">{}</time>",
                esc_attr(&php_date("c", &comment.date, offset)),
                php_date(&data.site.date_format, &comment.date, offset)
            );
        }
        items.push_str("</footer>");
        if excerpts {
            let _ = write!(
                items,
                "<div class=\"wp-block-latest-comments__comment-excerpt\">{}</div>",
                wpautop(&comment_excerpt(comment))
            );
        }
        items.push_str("</article></li>");
    }
    let mut classes: Vec<&str> = Vec::new();
    if avatars {
        classes.push("has-avatars");
    }
    if dates {
        classes.push("has-dates");
    }
    if excerpts {
        classes.push("has-excerpts");
    }
    if comments.is_empty() {
        classes.push("no-comments");
    }
    let wrapper = wrapper_attributes("core/latest-comments", attrs, &classes.join(" "));
    Some(if comments.is_empty() {
        format!("<div {wrapper}>No comments to show.</div>")
    } else {
        format!("<ol {wrapper}>{items}</ol>")
    })
}

/// `get_comment_excerpt()`: 20 words of the tag-stripped text.
fn comment_excerpt(comment: &ListedComment) -> String {
    if comment.post_password_protected {
        return wp_trim_words("Password protected", 20, "&hellip;");
    }
    let text = crate::sanitize::strip_tags(&comment.content.replace(['\n', '\r'], " "));
    wp_trim_words(&text, 20, "&hellip;")
}

/// `get_avatar( $comment, 48, '', '', array( 'class' => … ) )` with Gravatar's URLs.
fn avatar(data: &DynamicBlockData, comment: &ListedComment) -> String {
    if !data.site.show_avatars {
        return String::new();
    }
    let Some(email) = &comment.avatar_email else {
        return String::new();
    };
    let email = email.trim().to_lowercase();
    let hash: String = if email.is_empty() {
        String::new()
    } else {
        Md5::digest(email.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    // WordPress picks a random server when there is no e-mail address; server 0 here.
    let server = hash
        .get(..1)
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .map_or(0, |n| n % 3);
    let url = |size: u32| {
        esc_url(&format!(
            "http://{server}.gravatar.com/avatar/{hash}?s={size}&d={}&r={}",
            data.site.avatar_default, data.site.avatar_rating
        ))
    };
    format!(
        "<img alt='' src='{}' srcset='{} 2x' class='avatar avatar-48 photo wp-block-latest-comments__comment-avatar' height='48' width='48' loading='lazy' decoding='async'/>",
        url(48),
        url(96)
    )
}
