//! WordPress 6.1's dynamic blocks in `the_content`: `core/latest-posts`,
//! `core/latest-comments`, `core/categories`, `core/archives` and `core/search`, rendered as
//! their `render_callback`s (`wp-includes/blocks/*.php`) render them.
//!
//! Rendering is pure: [`block_queries`] says which rows the blocks of some texts need, the
//! caller (the domain crate) loads them into a [`DynamicBlockData`], and that value renders
//! the blocks through the [`DynamicBlocks`] trait. Each block's attributes first get its
//! `block.json` defaults and validation (`WP_Block_Type::prepare_attributes_for_render`).
//!
//! `get_block_wrapper_attributes` supports: `align`, `className`, the generated
//! `wp-block-*` class and a named `fontSize` (`has-*-font-size`). Not supported (ignored):
//! the inline styles of `style.typography`, `style.spacing`, and search's custom
//! `style.border`/`style.color`/`style.typography` values (named color, border and
//! typography classes of search are supported). Archives of type `weekly`, `postbypost` and
//! `alpha` are not ported: such a block keeps its saved HTML.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::{Map, Value};

use super::{DynamicBlocks, ImageMeta, ParsedBlock, parse_blocks};

mod attrs;
mod date;
mod lists;
mod widgets;

pub use date::php_date;

/// The site options and URLs the blocks read.
#[derive(Debug, Clone, Default, Hash)]
pub struct BlockSite {
    /// `home_url()`, without a trailing slash.
    pub home_url: String,
    /// `site_url()`, without a trailing slash.
    pub site_url: String,
    /// `permalink_structure` (date archive links follow it).
    pub permalink_structure: String,
    /// `date_format`.
    pub date_format: String,
    /// `gmt_offset` in seconds, for dates whose GMT value is unknown.
    pub gmt_offset_seconds: i64,
    /// `use_smilies` (excerpts are made through `the_content`).
    pub use_smilies: bool,
    /// `show_avatars`.
    pub show_avatars: bool,
    /// `avatar_default` as Gravatar's `d` parameter (`mm` for `mystery`).
    pub avatar_default: String,
    /// `avatar_rating`, lowercased.
    pub avatar_rating: String,
}

/// A post listed by `core/latest-posts`.
#[derive(Debug, Clone, Default, Hash)]
pub struct ListedPost {
    pub id: u64,
    pub title: String,
    pub link: String,
    /// `post_date` as `YYYY-MM-DD HH:MM:SS`.
    pub date: String,
    /// `post_date_gmt` as `YYYY-MM-DD HH:MM:SS` (`0000-00-00 00:00:00` when unset).
    pub date_gmt: String,
    /// The author's `display_name` (empty when the user does not exist).
    pub author_name: String,
    pub excerpt: String,
    pub content: String,
    /// Whether the post has a password (`post_password_required` without a cookie).
    pub password_protected: bool,
    /// `_thumbnail_id` when set, with the attachment's image data when it is an image.
    pub thumbnail: Option<(u64, Option<ImageMeta>)>,
}

/// A comment listed by `core/latest-comments`, with what its post and author contribute.
#[derive(Debug, Clone, Default, Hash)]
pub struct ListedComment {
    pub id: u64,
    /// `get_comment_author()`: the comment's author name, else the user's display name, else
    /// "Anonymous".
    pub author: String,
    /// `get_comment_author_url()`, else the registered author's posts URL, else empty.
    pub author_url: String,
    /// The e-mail address `get_avatar` hashes (the registered user's, else the comment's);
    /// `None` when the comment type gets no avatar.
    pub avatar_email: Option<String>,
    pub date: String,
    pub date_gmt: String,
    pub content: String,
    /// `get_comment_link()`.
    pub link: String,
    /// The commented post's raw title and whether it has a password.
    pub post_title: String,
    pub post_password_protected: bool,
}

/// A category with its stored count and term link.
#[derive(Debug, Clone, Default, Hash)]
pub struct ListedCategory {
    pub id: u64,
    pub name: String,
    pub parent: u64,
    /// `term_taxonomy.count`.
    pub count: i64,
    pub link: String,
}

/// Every category, with the published posts filed in each (for `pad_counts`).
#[derive(Debug, Clone, Default, Hash)]
pub struct CategoryData {
    /// All categories (order does not matter: lists are sorted by name).
    pub categories: Vec<ListedCategory>,
    /// `(term_id, post_id)` for every published post of the taxonomy's post types.
    pub published: Vec<(u64, u64)>,
}

/// `wp_get_archives()` granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArchiveType {
    Yearly,
    Monthly,
    Daily,
}

/// One row of a date archive: `month`/`day` are 0 when the granularity does not use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArchiveRow {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub posts: u64,
}

/// How `core/latest-posts` orders (`orderby`, as `WP_Query` accepts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LatestPostsOrder {
    Date,
    Title,
    Modified,
    Id,
    Author,
}

/// The `WP_Query` of one `core/latest-posts` block.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LatestPostsQuery {
    /// `posts_per_page` after `WP_Query`'s normalisation; `None` is -1 (no limit).
    pub per_page: Option<u64>,
    pub order_by: LatestPostsOrder,
    pub order_desc: bool,
    /// `category__in`.
    pub categories: Vec<u64>,
    /// `author`.
    pub author: Option<u64>,
}

/// Rows one dynamic block needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BlockQuery {
    LatestPosts(LatestPostsQuery),
    /// The newest approved comments on published posts, at most this many.
    LatestComments(u64),
    Categories,
    Archives(ArchiveType),
}

/// The queries the dynamic blocks of `texts` need, each distinct query once.
pub fn block_queries(texts: &[&str]) -> Vec<BlockQuery> {
    let mut queries = std::collections::BTreeSet::new();
    for text in texts {
        if !has_dynamic_blocks(text) {
            continue;
        }
        collect_queries(&parse_blocks(text), &mut queries);
    }
    queries.into_iter().collect()
}

fn collect_queries(blocks: &[ParsedBlock], out: &mut std::collections::BTreeSet<BlockQuery>) {
    for block in blocks {
        collect_queries(&block.inner_blocks, out);
        let Some(name) = block.block_name.as_deref() else {
            continue;
        };
        let Some(kind) = Kind::of(name) else {
            continue;
        };
        let attrs = attrs::prepare(kind, &block.attrs);
        if let Some(query) = kind.query(&attrs) {
            out.insert(query);
        }
    }
}

const DYNAMIC_BLOCK_NAMES: [&str; 5] = [
    "wp:latest-posts",
    "wp:latest-comments",
    "wp:categories",
    "wp:archives",
    "wp:search",
];

/// Whether `text` may hold one of the ported dynamic blocks (a cheap test before parsing;
/// also what decides whether a rendered value depends on [`DynamicBlockData`]).
pub fn has_dynamic_blocks(text: &str) -> bool {
    DYNAMIC_BLOCK_NAMES
        .iter()
        .any(|name| text.contains(name) || text.contains(&name.replace("wp:", "wp:core/")))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    LatestPosts,
    LatestComments,
    Categories,
    Archives,
    Search,
}

impl Kind {
    fn of(block_name: &str) -> Option<Kind> {
        Some(match block_name {
            "core/latest-posts" => Kind::LatestPosts,
            "core/latest-comments" => Kind::LatestComments,
            "core/categories" => Kind::Categories,
            "core/archives" => Kind::Archives,
            "core/search" => Kind::Search,
            _ => return None,
        })
    }

    fn query(self, attrs: &Map<String, Value>) -> Option<BlockQuery> {
        match self {
            Kind::LatestPosts => Some(BlockQuery::LatestPosts(lists::latest_posts_query(attrs))),
            Kind::LatestComments => {
                Some(BlockQuery::LatestComments(lists::comments_to_show(attrs)))
            }
            Kind::Categories => Some(BlockQuery::Categories),
            Kind::Archives => widgets::archive_type(attrs).map(BlockQuery::Archives),
            Kind::Search => None,
        }
    }
}

/// The rows the dynamic blocks of a response need, and the per-request counters WordPress
/// keeps while rendering them (`wp_unique_id()`, the categories block's `$block_id`). One
/// value should render every post of one response, in order.
#[derive(Debug, Default)]
pub struct DynamicBlockData {
    pub site: BlockSite,
    pub latest_posts: BTreeMap<LatestPostsQuery, Vec<ListedPost>>,
    pub latest_comments: BTreeMap<u64, Vec<ListedComment>>,
    pub categories: Option<CategoryData>,
    pub archives: BTreeMap<ArchiveType, Vec<ArchiveRow>>,
    unique_ids: AtomicU32,
    category_blocks: AtomicU32,
    fingerprint: std::sync::OnceLock<String>,
}

/// The per-request counters of [`DynamicBlockData`], to save and restore around cached
/// rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BlockCounters {
    /// `wp_unique_id()`'s counter.
    pub unique_ids: u32,
    /// `render_block_core_categories()`'s static `$block_id`.
    pub category_blocks: u32,
}

impl DynamicBlockData {
    /// Data for `site` with no rows yet.
    pub fn new(site: BlockSite) -> Self {
        DynamicBlockData {
            site,
            ..Self::default()
        }
    }

    pub fn counters(&self) -> BlockCounters {
        BlockCounters {
            unique_ids: self.unique_ids.load(Ordering::Relaxed),
            category_blocks: self.category_blocks.load(Ordering::Relaxed),
        }
    }

    pub fn set_counters(&self, counters: BlockCounters) {
        self.unique_ids
            .store(counters.unique_ids, Ordering::Relaxed);
        self.category_blocks
            .store(counters.category_blocks, Ordering::Relaxed);
    }

    /// A digest of every row and option the blocks render from (not the counters): part of
    /// a render cache key, so a new post or comment changes the key. Computed once, on first
    /// use: fill the data before rendering.
    pub fn fingerprint(&self) -> String {
        self.fingerprint
            .get_or_init(|| self.compute_fingerprint())
            .clone()
    }

    fn compute_fingerprint(&self) -> String {
        use blake2::Digest;
        let mut hasher = blake2::Blake2b512::new();
        let text = format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}",
            self.site, self.latest_posts, self.latest_comments, self.categories, self.archives
        );
        hasher.update(text.as_bytes());
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The contents of the listed posts: a full-content latest-posts block prints them, so
    /// the images they refer to must be loaded with the response's attachments.
    pub fn listed_contents(&self) -> impl Iterator<Item = &str> {
        self.latest_posts
            .values()
            .flatten()
            .map(|post| post.content.as_str())
    }

    /// `wp_unique_id( $prefix )`.
    fn unique_id(&self, prefix: &str) -> String {
        let id = self.unique_ids.fetch_add(1, Ordering::Relaxed) + 1;
        format!("{prefix}{id}")
    }

    fn next_category_block(&self) -> u32 {
        self.category_blocks.fetch_add(1, Ordering::Relaxed) + 1
    }
}

impl DynamicBlocks for DynamicBlockData {
    fn render(&self, block_name: &str, attrs: &Value, _inner_html: &str) -> Option<String> {
        let kind = Kind::of(block_name)?;
        let attrs = attrs::prepare(kind, attrs);
        match kind {
            Kind::LatestPosts => lists::render_latest_posts(self, &attrs),
            Kind::LatestComments => lists::render_latest_comments(self, &attrs),
            Kind::Categories => widgets::render_categories(self, &attrs),
            Kind::Archives => widgets::render_archives(self, &attrs),
            Kind::Search => Some(widgets::render_search(self, &attrs)),
        }
    }
}

#[cfg(test)]
mod tests;
