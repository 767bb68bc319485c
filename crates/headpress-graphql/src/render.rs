//! Rendered content with the image attachments it refers to: `the_content` and
//! `the_excerpt` from `headpress_php::render` (the same code as REST), given an
//! `AttachmentLookup` filled through the `AttachmentImage` loader (one batch for all the
//! posts of a response).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use async_graphql::{Context, Result};
use headpress_domain::posts::Post as PostRow;
use headpress_php::render::{self as wp, RenderContext};

use crate::ctx::{AttachmentImage, req};
use crate::model::render_context;

/// Attachment IDs a text refers to (`wp-image-N` classes, `[caption id="attachment_N"]`,
/// `[gallery ids="…"]`).
pub fn referenced_attachments(text: &str, out: &mut Vec<u64>) {
    let digits = |s: &str| -> Option<u64> {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        s[..end].parse().ok()
    };
    for (i, _) in text.match_indices("wp-image-") {
        if let Some(id) = digits(&text[i + 9..]) {
            out.push(id);
        }
    }
    for (i, _) in text.match_indices("attachment_") {
        if let Some(id) = digits(&text[i + 11..]) {
            out.push(id);
        }
    }
    for (i, _) in text.match_indices("[gallery") {
        let tag = &text[i..text[i..].find(']').map_or(text.len(), |e| i + e)];
        if let Some(start) = tag.find("ids=") {
            let list = tag[start + 4..].trim_start_matches(['"', '\'']);
            let end = list.find(['"', '\'', ' ', ']']).unwrap_or(list.len());
            out.extend(
                list[..end]
                    .split(',')
                    .filter_map(|p| p.trim().parse::<u64>().ok()),
            );
        }
    }
}

struct Images(HashMap<u64, Arc<wp::ImageMeta>>);

impl wp::AttachmentLookup for Images {
    fn image_meta(&self, attachment_id: u64) -> Option<wp::ImageMeta> {
        self.0.get(&attachment_id).map(|m| m.as_ref().clone())
    }
}

/// Renders with the images `texts` refer to; galleries are numbered across the request.
async fn with_images<T>(
    ctx: &Context<'_>,
    post: &PostRow,
    texts: &[&str],
    dynamic: Option<&wp::dynamic::DynamicBlockData>,
    f: impl FnOnce(&RenderContext<'_>) -> T,
) -> Result<T> {
    let r = req(ctx)?;
    let mut ids = Vec::new();
    for text in texts {
        referenced_attachments(text, &mut ids);
    }
    ids.sort_unstable();
    ids.dedup();
    let found = if ids.is_empty() {
        HashMap::new()
    } else {
        r.loader
            .load_many(ids.into_iter().map(AttachmentImage))
            .await?
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.0, v)))
            .collect()
    };
    let images = Images(found);
    let mut rc = render_context(&r.options, post.id.0);
    rc.attachments = Some(&images);
    rc.dynamic_blocks = dynamic.map(|d| d as &dyn wp::DynamicBlocks);
    rc.gallery_instance.set(r.galleries.load(Ordering::Relaxed));
    let out = f(&rc);
    r.galleries
        .store(rc.gallery_instance.get(), Ordering::Relaxed);
    Ok(out)
}

/// `apply_filters( 'the_content', $post->post_content )`.
pub async fn content(ctx: &Context<'_>, post: &PostRow) -> Result<String> {
    let r = req(ctx)?;
    let dynamic =
        headpress_domain::dynamic_blocks::prefetch(&r.site, &r.options, &[&post.post_content])
            .await?;
    with_images(ctx, post, &[&post.post_content], Some(&dynamic), |rc| {
        wp::the_content(&post.post_content, rc)
    })
    .await
}

/// `apply_filters( 'the_excerpt', get_the_excerpt( $post ) )`.
pub async fn excerpt(ctx: &Context<'_>, post: &PostRow) -> Result<String> {
    with_images(
        ctx,
        post,
        &[&post.post_excerpt, &post.post_content],
        None,
        |rc| wp::the_excerpt(&post.post_excerpt, &post.post_content, rc),
    )
    .await
}

/// `ImageMeta` from an attachment's unserialized `_wp_attachment_metadata`.
pub fn image_meta(
    metadata: &serde_json::Value,
    alt: &str,
    caption: &str,
    link: &str,
) -> wp::ImageMeta {
    let number = |v: Option<&serde_json::Value>| {
        v.and_then(|n| {
            n.as_u64()
                .or_else(|| n.as_str().and_then(|s| s.parse().ok()))
        })
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
    };
    let sizes = metadata
        .get("sizes")
        .and_then(serde_json::Value::as_object)
        .map(|sizes| {
            sizes
                .iter()
                .map(|(name, s)| wp::ImageSize {
                    name: name.clone(),
                    file: s
                        .get("file")
                        .and_then(|f| f.as_str())
                        .unwrap_or("")
                        .to_owned(),
                    width: number(s.get("width")),
                    height: number(s.get("height")),
                })
                .collect()
        })
        .unwrap_or_default();
    wp::ImageMeta {
        file: metadata
            .get("file")
            .and_then(|f| f.as_str())
            .unwrap_or("")
            .to_owned(),
        width: number(metadata.get("width")),
        height: number(metadata.get("height")),
        sizes,
        alt: alt.to_owned(),
        caption: caption.to_owned(),
        link: link.to_owned(),
    }
}
