//! Rendered fields (`title.rendered`, `content.rendered`, …): WordPress's filter chains as
//! ported in `headpress_php::render`, given the site's URLs.

use std::sync::Arc;

use headpress_domain::options::Options;
use headpress_domain::posts::Post;
pub use headpress_domain::render::{
    Attachments, ContentRenderer, context, image_meta, referenced_attachments,
};
use headpress_php::render as wp;

/// `get_the_title` as REST renders it: the controller sets `protected_title_format` to
/// `%s` (no "Protected: "), while private posts keep WordPress's "Private: " prefix.
pub fn title(post: &Post) -> String {
    let title = wp::the_title(&post.post_title);
    if post.post_status == "private" {
        format!("Private: {title}")
    } else {
        title
    }
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
    wp::the_excerpt(
        &post.post_excerpt,
        &post.post_content,
        &context(options, post.id.0),
    )
}

/// `apply_filters( 'comment_text', $comment->comment_content )`.
pub fn comment(options: &Options, raw: &str) -> String {
    wp::comment_text(raw, &context(options, 0))
}

/// An attachment's `description.rendered`: `the_content` with `prepend_attachment`, which
/// puts a link to the file (its medium-size image for images) first.
pub fn attachment_description(
    options: &Options,
    post: &Post,
    file_url: &str,
    image: Option<&wp::ImageMeta>,
) -> String {
    let ctx = context(options, post.id.0);
    let mut text = image
        .map(|meta| wp::wp_get_attachment_image(meta, "medium", &[], &ctx))
        .unwrap_or_default();
    if text.trim().is_empty() {
        text = post.post_title.clone();
    }
    let prepended = format!(
        "<p class=\"attachment\"><a href='{}'>{text}</a></p>",
        file_url.replace('\'', "&#039;")
    );
    format!("{prepended}\n{}", wp::the_content(&post.post_content, &ctx))
}

/// Loads the attachments the given texts refer to.
pub async fn attachments_for(
    req: &crate::request::WpRequest,
    texts: &[&str],
) -> crate::error::WpResult<Attachments> {
    let mut ids = Vec::new();
    for text in texts {
        referenced_attachments(text, &mut ids);
    }
    ids.sort_unstable();
    ids.dedup();
    let rows = headpress_domain::posts::attachments_with_parents(&req.site, &ids).await?;
    let wanted: std::collections::HashSet<u64> = ids.iter().copied().collect();
    let mut attachments: Vec<&headpress_domain::posts::AttachmentRow> = Vec::new();
    let mut parents = std::collections::HashMap::new();
    for row in &rows {
        if row.post.post_type == "attachment" && wanted.contains(&row.post.id.0) {
            attachments.push(row);
        }
        parents.insert(row.post.id.0, row.post.clone());
    }
    let attachment_posts: Vec<Post> = attachments.iter().map(|r| r.post.clone()).collect();
    let links = crate::media::attachment_links_with(req, &attachment_posts, &parents).await?;
    let mut images = std::collections::HashMap::new();
    for row in attachments {
        let post = &row.post;
        let id = post.id.0;
        let Some(metadata) = row
            .attachment_metadata
            .as_deref()
            .and_then(headpress_php::serialize::maybe_unserialize)
            .map(|v| v.to_json())
        else {
            continue;
        };
        images.insert(
            id,
            Arc::new(image_meta(
                &metadata,
                row.attachment_alt.as_deref().unwrap_or(""),
                &post.post_excerpt,
                &links.get(&id).cloned().unwrap_or_default(),
            )),
        );
    }
    Ok(Attachments::new(images))
}
