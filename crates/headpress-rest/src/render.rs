//! Rendered fields (`title.rendered`, `content.rendered`, …): WordPress's filter chains as
//! ported in `headpress_php::render`, given the site's URLs.

use headpress_domain::options::Options;
use headpress_domain::posts::Post;
use headpress_php::render::{self as wp, RenderContext};

/// `get_the_title` as REST renders it: the controller sets `protected_title_format` and
/// `private_title_format` to `%s`, so no "Protected: "/"Private: " prefix.
pub fn title(post: &Post) -> String {
    wp::the_title(&post.post_title)
}

fn context<'a>(options: &'a Options, post_id: u64) -> RenderContext<'a> {
    let mut ctx = RenderContext::new(options.siteurl());
    ctx.post_id = post_id;
    ctx.use_smilies = options.get("use_smilies").is_none_or(|v| v == "1");
    ctx
}

/// `apply_filters( 'the_content', $post->post_content )`.
pub fn content(options: &Options, raw: &str, post_id: u64) -> String {
    wp::the_content(raw, &context(options, post_id))
}

/// `block_version()`: 1 when the content holds blocks.
pub fn block_version(raw: &str) -> u8 {
    u8::from(wp::has_blocks(raw))
}

/// `apply_filters( 'the_excerpt', get_the_excerpt( $post ) )`.
pub fn excerpt(options: &Options, post: &Post) -> String {
    wp::the_excerpt(&post.post_excerpt, &post.post_content, &context(options, post.id.0))
}

/// `apply_filters( 'comment_text', $comment->comment_content )`.
pub fn comment(options: &Options, raw: &str) -> String {
    wp::comment_text(raw, &context(options, 0))
}
