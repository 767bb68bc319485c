//! Rendering shared by the facades: the context WordPress's filter chains need (the site's
//! URLs and options, the images a text refers to), and a per-site cache of rendered content
//! and excerpts. The chains themselves are `headpress_php::render`.

use std::collections::HashMap;
use std::sync::Arc;

use headpress_php::render::{self as wp, RenderContext};

use crate::options::Options;
use crate::posts::Post;

/// A render context for `post_id` with the site's URL and `use_smilies` option.
pub fn context<'a>(options: &'a Options, post_id: u64) -> RenderContext<'a> {
    let mut ctx = RenderContext::new(options.siteurl());
    ctx.post_id = post_id;
    ctx.use_smilies = options.get("use_smilies").is_none_or(|v| v == "1");
    ctx
}

/// Image attachments referenced by rendered content (`wp-image-N` classes, `[gallery ids]`,
/// `[caption id="attachment_N"]`), loaded in one batch per response: what
/// `wp_filter_content_tags`, `[caption]` and `[gallery]` need to know about them.
#[derive(Default)]
pub struct Attachments {
    images: HashMap<u64, Arc<wp::ImageMeta>>,
}

impl Attachments {
    /// The images by attachment ID (IDs that are not images are simply absent).
    pub fn new(images: HashMap<u64, Arc<wp::ImageMeta>>) -> Self {
        Attachments { images }
    }
}

impl wp::AttachmentLookup for Attachments {
    fn image_meta(&self, attachment_id: u64) -> Option<wp::ImageMeta> {
        self.images.get(&attachment_id).map(|m| m.as_ref().clone())
    }
}

/// Attachment IDs a text refers to.
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

/// Renders many posts' content with one shared context, so `[gallery]` instances are
/// numbered across the response as WordPress numbers them per request. Results are kept in
/// the site's [`RenderCache`].
pub struct ContentRenderer<'a> {
    options: &'a Options,
    attachments: &'a Attachments,
    cache: &'a RenderCache,
    /// Rows of the dynamic blocks (`core/latest-posts`, …) in the response's texts.
    dynamic: Option<&'a wp::dynamic::DynamicBlockData>,
    galleries: std::cell::Cell<u32>,
    /// `RenderContext::wpautop_moved`, carried from post to post as WordPress's hooks are.
    wpautop_moved: std::cell::Cell<bool>,
}

/// Which chain produced a cached value.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq)]
enum Chain {
    Content,
    Excerpt,
}

/// Everything a rendered value depends on. The key holds the inputs themselves (raw texts,
/// the metadata of the images they refer to, the options the chains read), so an edited post,
/// changed attachment metadata or a changed option simply makes another key: nothing to
/// invalidate, even when WordPress itself writes to the database.
#[derive(Debug, Hash, PartialEq, Eq)]
struct RenderKey {
    chain: Chain,
    post_id: u64,
    site_url: String,
    use_smilies: bool,
    /// `[gallery]` numbering goes on from the galleries rendered before, in this response.
    galleries_before: u32,
    /// Whether an earlier post of this response had blocks (`wpautop` moved).
    wpautop_moved_before: bool,
    content: String,
    excerpt: String,
    images: String,
    /// For content with dynamic blocks: their rows' fingerprint and the per-request ids
    /// (`wp_unique_id`) before it, so a new post changes a latest-posts block's key.
    dynamic: Option<(String, wp::dynamic::BlockCounters)>,
}

#[derive(Clone)]
struct RenderedValue {
    html: Arc<str>,
    galleries_after: u32,
    wpautop_moved_after: bool,
    dynamic_after: Option<wp::dynamic::BlockCounters>,
}

/// Bytes of rendered output (and their inputs) kept at most.
const RENDER_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// Rendered `content` and `excerpt` values of one site, bounded by size: rendering is most
/// of a post list's cost (the chains are regex-heavy, ~1.5 ms for a typical post), and
/// content changes rarely.
pub struct RenderCache {
    values: moka::sync::Cache<RenderKey, RenderedValue>,
}

impl RenderCache {
    pub fn new() -> Self {
        RenderCache {
            values: moka::sync::Cache::builder()
                .max_capacity(RENDER_CACHE_BYTES)
                .weigher(|key: &RenderKey, value: &RenderedValue| {
                    let bytes = key.content.len()
                        + key.excerpt.len()
                        + key.images.len()
                        + key.site_url.len()
                        + value.html.len();
                    u32::try_from(bytes).unwrap_or(u32::MAX)
                })
                .build(),
        }
    }
}

impl Default for RenderCache {
    fn default() -> Self {
        Self::new()
    }
}

/// What rendering carries from one post to the next within a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderState {
    /// `[gallery]` instances rendered so far (`gallery-N` ids).
    pub galleries: u32,
    /// Whether a post with blocks was rendered (`RenderContext::wpautop_moved`).
    pub wpautop_moved: bool,
}

impl<'a> ContentRenderer<'a> {
    /// A renderer for the first posts of a request.
    pub fn new(options: &'a Options, attachments: &'a Attachments, cache: &'a RenderCache) -> Self {
        Self::with_state(options, attachments, cache, RenderState::default())
    }

    /// A renderer that goes on from `state` (what earlier renderers of the request left).
    pub fn with_state(
        options: &'a Options,
        attachments: &'a Attachments,
        cache: &'a RenderCache,
        state: RenderState,
    ) -> Self {
        ContentRenderer {
            options,
            attachments,
            cache,
            dynamic: None,
            galleries: std::cell::Cell::new(state.galleries),
            wpautop_moved: std::cell::Cell::new(state.wpautop_moved),
        }
    }

    /// Renders dynamic blocks from `data` (see `crate::dynamic_blocks::prefetch`).
    pub fn with_dynamic_blocks(mut self, data: &'a wp::dynamic::DynamicBlockData) -> Self {
        self.dynamic = Some(data);
        self
    }

    /// The state the posts rendered so far leave for the next ones.
    pub fn state(&self) -> RenderState {
        RenderState {
            galleries: self.galleries.get(),
            wpautop_moved: self.wpautop_moved.get(),
        }
    }

    /// Runs `render` for `post_id`, or answers from the cache for the same inputs (dynamic
    /// blocks' rows included).
    fn cached(
        &self,
        chain: Chain,
        post_id: u64,
        content: &str,
        excerpt: &str,
        render: impl FnOnce(&RenderContext<'_>) -> String,
    ) -> String {
        let dynamic = self
            .dynamic
            .filter(|_| chain == Chain::Content && wp::dynamic::has_dynamic_blocks(content));
        let mut referenced = Vec::new();
        referenced_attachments(content, &mut referenced);
        referenced_attachments(excerpt, &mut referenced);
        // Full-content latest-posts blocks print other posts' images.
        for text in dynamic.into_iter().flat_map(|d| d.listed_contents()) {
            referenced_attachments(text, &mut referenced);
        }
        referenced.sort_unstable();
        referenced.dedup();
        let images: String = referenced
            .iter()
            .map(|id| format!("{id}:{:?};", self.attachments.images.get(id)))
            .collect();
        let ctx_template = context(self.options, post_id);
        let key = RenderKey {
            chain,
            post_id,
            site_url: ctx_template.site_url.to_owned(),
            use_smilies: ctx_template.use_smilies,
            galleries_before: self.galleries.get(),
            wpautop_moved_before: self.wpautop_moved.get(),
            content: content.to_owned(),
            excerpt: excerpt.to_owned(),
            images,
            dynamic: dynamic.map(|d| (d.fingerprint(), d.counters())),
        };
        if let Some(hit) = self.cache.values.get(&key) {
            self.galleries.set(hit.galleries_after);
            self.wpautop_moved.set(hit.wpautop_moved_after);
            if let (Some(d), Some(after)) = (dynamic, hit.dynamic_after) {
                d.set_counters(after);
            }
            return hit.html.to_string();
        }
        let mut ctx = ctx_template;
        ctx.attachments = Some(self.attachments);
        ctx.dynamic_blocks = dynamic.map(|d| d as &dyn wp::DynamicBlocks);
        ctx.uploads_url = None;
        ctx.gallery_instance.set(self.galleries.get());
        ctx.wpautop_moved.set(self.wpautop_moved.get());
        let html = render(&ctx);
        let galleries_after = ctx.gallery_instance.get();
        let wpautop_moved_after = ctx.wpautop_moved.get();
        self.galleries.set(galleries_after);
        self.wpautop_moved.set(wpautop_moved_after);
        self.cache.values.insert(
            key,
            RenderedValue {
                html: html.as_str().into(),
                galleries_after,
                wpautop_moved_after,
                dynamic_after: dynamic.map(wp::dynamic::DynamicBlockData::counters),
            },
        );
        html
    }

    pub fn content(&self, raw: &str, post_id: u64) -> String {
        self.cached(Chain::Content, post_id, raw, "", |ctx| {
            wp::the_content(raw, ctx)
        })
    }

    pub fn excerpt(&self, post: &Post) -> String {
        self.cached(
            Chain::Excerpt,
            post.id.0,
            &post.post_content,
            &post.post_excerpt,
            |ctx| wp::the_excerpt(&post.post_excerpt, &post.post_content, ctx),
        )
    }
}
