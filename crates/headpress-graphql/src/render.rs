//! Rendered content with the image attachments it refers to: `the_content` and
//! `the_excerpt` through the domain's `ContentRenderer` (the same code and the same per-site
//! cache as REST), given the images loaded through the `AttachmentImage` loader (one batch
//! for all the posts of a response).

use std::collections::HashMap;

use async_graphql::{Context, Result};
use headpress_domain::posts::Post as PostRow;
use headpress_domain::render::{Attachments, ContentRenderer, referenced_attachments};
use headpress_php::render as wp;

use crate::ctx::{AttachmentImage, req};

/// Renders with the images `texts` refer to; the render state (gallery numbering, wpautop's
/// place) goes on from the request's earlier posts.
async fn with_images<T>(
    ctx: &Context<'_>,
    texts: &[&str],
    dynamic: Option<&wp::dynamic::DynamicBlockData>,
    f: impl FnOnce(&ContentRenderer<'_>) -> T,
) -> Result<T> {
    let r = req(ctx)?;
    let mut ids = Vec::new();
    for text in texts {
        referenced_attachments(text, &mut ids);
    }
    ids.sort_unstable();
    ids.dedup();
    let found: HashMap<_, _> = if ids.is_empty() {
        HashMap::new()
    } else {
        r.loader
            .load_many(ids.into_iter().map(AttachmentImage))
            .await?
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.0, v)))
            .collect()
    };
    let images = Attachments::new(found);
    let mut state = r
        .render_state
        .lock()
        .map_err(|_| async_graphql::Error::new("Internal server error"))?;
    let mut renderer =
        ContentRenderer::with_state(&r.options, &images, r.site.render_cache(), *state);
    if let Some(dynamic) = dynamic {
        renderer = renderer.with_dynamic_blocks(dynamic);
    }
    let out = f(&renderer);
    *state = renderer.state();
    Ok(out)
}

/// `apply_filters( 'the_content', $post->post_content )`.
pub async fn content(ctx: &Context<'_>, post: &PostRow) -> Result<String> {
    let r = req(ctx)?;
    let dynamic =
        headpress_domain::dynamic_blocks::prefetch(&r.site, &r.options, &[&post.post_content])
            .await
            .map_err(crate::ctx::internal)?;
    let texts: Vec<&str> = std::iter::once(post.post_content.as_str())
        .chain(dynamic.listed_contents())
        .collect();
    with_images(ctx, &texts, Some(&dynamic), |renderer| {
        renderer.content(&post.post_content, post.id.0)
    })
    .await
}

/// `apply_filters( 'the_excerpt', get_the_excerpt( $post ) )`.
pub async fn excerpt(ctx: &Context<'_>, post: &PostRow) -> Result<String> {
    with_images(
        ctx,
        &[&post.post_excerpt, &post.post_content],
        None,
        |renderer| renderer.excerpt(post),
    )
    .await
}
