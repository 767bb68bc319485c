//! WordPress 6.1's rendering of the REST API's `rendered` fields.
//!
//! The filter chains run in the order and priorities `wp-includes/default-filters.php` gives
//! them:
//!
//! - `the_title`: `wptexturize`, `convert_chars`, `trim` (10), `capital_P_dangit` (11).
//! - `the_content`: `do_blocks` (9); `wptexturize`, `wpautop` (skipped when the content has
//!   blocks), `shortcode_unautop`, `wp_filter_content_tags` (10); `capital_P_dangit`,
//!   `do_shortcode` (11); `convert_smilies` (20).
//! - `the_excerpt`: `wptexturize`, `convert_smilies`, `convert_chars`, `wpautop`,
//!   `shortcode_unautop`, `wp_filter_content_tags` (10), after `get_the_excerpt`'s
//!   `wp_trim_excerpt` when the post has no handwritten excerpt.
//! - `comment_text`: `make_clickable` (9); `wptexturize`, `convert_chars` (10);
//!   `convert_smilies` (20); `wpautop` (30); `capital_P_dangit` (31).
//!
//! Everything that needs the database (dynamic blocks, attachment metadata) comes in through
//! the traits on [`RenderContext`], so this module stays pure.

use std::cell::Cell;

use serde_json::Value;

mod autop;
mod blocks;
pub mod dynamic;
mod html_split;
mod media;
mod pcre;
mod shortcode_scan;
mod shortcodes;
mod smilies;
#[cfg(test)]
mod tests;
mod texturize;

pub use autop::{shortcode_unautop, wpautop, wpautop_with};
pub use blocks::{
    ParsedBlock, do_blocks, excerpt_remove_blocks, has_blocks, parse_blocks, render_block,
};
pub use media::{
    gallery_shortcode, img_caption_shortcode, wp_filter_content_tags, wp_get_attachment_image,
};
pub use shortcodes::{ShortcodeAtts, do_shortcode, shortcode_parse_atts, strip_shortcodes};
pub use smilies::convert_smilies;
pub use texturize::{capital_p_dangit, capital_p_dangit_title, convert_chars, wptexturize};

/// Renders blocks whose output is computed at request time (`render_callback` blocks such as
/// `core/latest-posts`). Implemented by the domain layer, which can query the database.
pub trait DynamicBlocks {
    /// Returns the block's HTML, or `None` when `block_name` is not a dynamic block, in which
    /// case its saved HTML is kept. `inner_html` is the block's content with inner blocks
    /// already rendered, as WordPress passes it to `render_callback`.
    fn render(&self, block_name: &str, attrs: &Value, inner_html: &str) -> Option<String>;
}

/// One intermediate size of an image attachment (an entry of `_wp_attachment_metadata`'s
/// `sizes`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageSize {
    /// Size name: `thumbnail`, `medium`, `large`, ...
    pub name: String,
    /// File name, relative to the directory of the full-size file.
    pub file: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// What rendering needs to know about an image attachment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct ImageMeta {
    /// `_wp_attachment_metadata['file']`: path relative to the uploads directory.
    pub file: String,
    /// Full-size width in pixels.
    pub width: u32,
    /// Full-size height in pixels.
    pub height: u32,
    /// Intermediate sizes, in the metadata's order (srcset order depends on it).
    pub sizes: Vec<ImageSize>,
    /// `_wp_attachment_image_alt`.
    pub alt: String,
    /// The attachment's `post_excerpt` (its caption), raw.
    pub caption: String,
    /// The attachment page's permalink (`get_attachment_link()`).
    pub link: String,
}

/// Looks up image attachments by post ID. Implemented by the domain layer.
pub trait AttachmentLookup {
    /// The attachment's image metadata, or `None` when it does not exist or is not an image.
    fn image_meta(&self, attachment_id: u64) -> Option<ImageMeta>;
}

/// Everything rendering needs beyond the raw text.
///
/// One context should be shared by all posts of one response, because `[gallery]` numbers
/// its instances (`gallery-1`, `gallery-2`, ...) per request, as WordPress does.
pub struct RenderContext<'a> {
    /// `site_url()`, without a trailing slash: `http://example.com`.
    pub site_url: &'a str,
    /// The uploads directory URL; `None` means `{site_url}/wp-content/uploads`.
    pub uploads_url: Option<&'a str>,
    /// The post being rendered (`galleryid-N`).
    pub post_id: u64,
    /// Renderer for dynamic blocks; `None` keeps every block's saved HTML.
    pub dynamic_blocks: Option<&'a dyn DynamicBlocks>,
    /// Attachment data for `[gallery]`, captions and image attributes; `None` leaves
    /// images as saved and renders galleries empty.
    pub attachments: Option<&'a dyn AttachmentLookup>,
    /// The `use_smilies` option (on by default).
    pub use_smilies: bool,
    /// How many galleries this request has rendered so far.
    pub gallery_instance: Cell<u32>,
    /// Whether a post with blocks was rendered earlier in this request. `do_blocks` then
    /// removed `wpautop` and `_restore_wpautop_hook` added it back at the END of priority 10,
    /// so for the rest of the request it runs after `shortcode_unautop` and
    /// `wp_filter_content_tags` (a standalone `[caption]` keeps its `<p>`).
    pub wpautop_moved: Cell<bool>,
}

impl<'a> RenderContext<'a> {
    /// A context for `site_url` with WordPress's defaults and no database-backed lookups.
    pub fn new(site_url: &'a str) -> Self {
        Self {
            site_url,
            uploads_url: None,
            post_id: 0,
            dynamic_blocks: None,
            attachments: None,
            use_smilies: true,
            gallery_instance: Cell::new(0),
            wpautop_moved: Cell::new(false),
        }
    }

    fn smilies(&self, text: &str) -> String {
        if self.use_smilies {
            convert_smilies(text, self.site_url)
        } else {
            text.to_owned()
        }
    }
}

/// Mirrors `apply_filters( 'the_title', $title )`. The REST controller's "Protected: " and
/// "Private: " prefixes are the caller's business.
pub fn the_title(raw: &str) -> String {
    let text = convert_chars(&wptexturize(raw));
    capital_p_dangit_title(pcre::php_trim(&text))
}

/// Mirrors `apply_filters( 'the_content', $content )` as the REST API runs it on the raw
/// `post_content` (so `<!--more-->` and `<!--nextpage-->` stay in place).
pub fn the_content(raw: &str, ctx: &RenderContext<'_>) -> String {
    let had_blocks = has_blocks(raw);
    // `wpautop`'s place at priority 10 as this request left it (see `wpautop_moved`).
    let moved = ctx.wpautop_moved.get();
    let mut text = do_blocks(raw, ctx);
    text = wptexturize(&text);
    if !had_blocks && !moved {
        text = wpautop(&text);
    }
    text = shortcode_unautop(&text);
    text = wp_filter_content_tags(&text, ctx);
    if !had_blocks && moved {
        text = wpautop(&text);
    }
    if had_blocks {
        ctx.wpautop_moved.set(true);
    }
    text = capital_p_dangit(&text);
    text = do_shortcode(&text, ctx);
    ctx.smilies(&text)
}

/// Mirrors `wp_trim_words( $text, $num_words, $more )` for languages that count words.
pub fn wp_trim_words(text: &str, num_words: usize, more: &str) -> String {
    let stripped = wp_strip_all_tags(text);
    let words: Vec<&str> = stripped
        .split(['\n', '\r', '\t', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > num_words {
        format!("{}{more}", words[..num_words].join(" "))
    } else {
        words.join(" ")
    }
}

pcre::pattern!(SCRIPT_STYLE, r"(?is)<(script|style)[^>]*?>.*?</\1>");
pcre::pattern!(MORE_BLOCK, r"<!-- /?wp:more(.*?) -->");

/// Mirrors `wp_strip_all_tags( $text )`: drops script/style elements and all tags, trims.
pub fn wp_strip_all_tags(text: &str) -> String {
    let without_scripts = pcre::replace(&SCRIPT_STYLE, text, "");
    pcre::php_trim(&crate::sanitize::strip_tags(&without_scripts)).to_owned()
}

/// The part of `get_the_content()` that `wp_trim_excerpt()` sees in a REST request: the
/// first page, cut at `<!--more-->`.
fn teaser(raw: &str) -> String {
    if !raw.contains("<!--nextpage-->") {
        return cut_at_more(raw);
    }
    let normalized = raw
        .replace("\n<!--nextpage-->\n", "<!--nextpage-->")
        .replace("\n<!--nextpage-->", "<!--nextpage-->")
        .replace("<!--nextpage-->\n", "<!--nextpage-->")
        .replace("<!-- wp:nextpage -->", "")
        .replace("<!-- /wp:nextpage -->", "");
    let first_page = if normalized.starts_with("<!--nextpage-->") {
        normalized
            .get("<!--nextpage-->".len()..)
            .unwrap_or("")
            .split("<!--nextpage-->")
            .next()
            .unwrap_or("")
    } else {
        normalized.split("<!--nextpage-->").next().unwrap_or("")
    }
    .to_owned();
    cut_at_more(&first_page)
}

/// Cuts the content at its first `<!--more-->` marker, as `get_the_content()` does without
/// `$more` set.
fn cut_at_more(first_page: &str) -> String {
    let Some(start) = first_page.find("<!--more") else {
        return first_page.to_owned();
    };
    let Some(end) = first_page[start..].find("-->") else {
        return first_page.to_owned();
    };
    let marker = &first_page[start..start + end + 3];
    let mut content = first_page.to_owned();
    if content.contains("<!-- wp:more") {
        content = pcre::replace(&MORE_BLOCK, &content, "");
    }
    content.split(marker).next().unwrap_or("").to_owned()
}

/// Mirrors `wp_trim_excerpt()` on an empty excerpt: the content's first 55 words.
pub fn wp_trim_excerpt(raw_content: &str, ctx: &RenderContext<'_>) -> String {
    wp_trim_excerpt_words(raw_content, 55, ctx)
}

/// `wp_trim_excerpt()` with the `excerpt_length` filter returning `num_words`.
pub fn wp_trim_excerpt_words(
    raw_content: &str,
    num_words: usize,
    ctx: &RenderContext<'_>,
) -> String {
    let text = strip_shortcodes(&teaser(raw_content));
    let text = excerpt_remove_blocks(&text, ctx);
    let text = the_content(&text, ctx).replace("]]>", "]]&gt;");
    wp_trim_words(&text, num_words, " [&hellip;]")
}

/// Mirrors the `the_excerpt` filter chain on an already chosen excerpt.
pub fn the_excerpt_filters(excerpt: &str, ctx: &RenderContext<'_>) -> String {
    let text = wptexturize(excerpt);
    let text = ctx.smilies(&text);
    let text = convert_chars(&text);
    let text = wpautop(&text);
    let text = shortcode_unautop(&text);
    wp_filter_content_tags(&text, ctx)
}

/// Mirrors the REST API's `excerpt.rendered`: `get_the_excerpt` (which generates an excerpt
/// from the content when `raw_excerpt` is blank) and then the `the_excerpt` filters.
pub fn the_excerpt(raw_excerpt: &str, raw_content: &str, ctx: &RenderContext<'_>) -> String {
    let excerpt = if pcre::php_trim(raw_excerpt).is_empty() {
        wp_trim_excerpt(raw_content, ctx)
    } else {
        raw_excerpt.to_owned()
    };
    the_excerpt_filters(&excerpt, ctx)
}

/// Mirrors the `comment_text` filters (for comments that passed kses when saved).
/// `make_clickable` and `force_balance_tags` are not ported yet.
pub fn comment_text(raw: &str, ctx: &RenderContext<'_>) -> String {
    let text = wptexturize(raw);
    let text = convert_chars(&text);
    let text = ctx.smilies(&text);
    let text = wpautop(&text);
    capital_p_dangit(&text)
}
