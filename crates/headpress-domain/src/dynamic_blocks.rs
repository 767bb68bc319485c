//! The rows WordPress's dynamic blocks read (`core/latest-posts`, `core/latest-comments`,
//! `core/categories`, `core/archives`; `core/search` reads none), loaded before rendering
//! because rendering is synchronous and queries are not.
//!
//! [`prefetch`] finds the blocks in the texts a response is about to render, runs each
//! distinct query once (one statement per distinct block query, plus one per relation the
//! listed rows need: authors, thumbnails, commented posts), and returns the
//! [`DynamicBlockData`] that renders them. The blocks show what WordPress's `get_posts`,
//! `get_comments`, `get_terms` and `wp_get_archives` show by default — published posts
//! and approved comments on them — so the viewer does not matter.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use headpress_php::render::ImageMeta;
use headpress_php::render::dynamic::{
    ArchiveRow, ArchiveType, BlockQuery, BlockSite, CategoryData, DynamicBlockData,
    LatestPostsOrder, LatestPostsQuery, ListedCategory, ListedComment, ListedPost, block_queries,
};

use crate::auth::Viewer;
use crate::backend::format_mysql_datetime;
use crate::comments::{self, Comment};
use crate::error::Result;
use crate::options::Options;
use crate::posts::{self, Post, PostOrderBy, PostQuery, TaxClause, TaxOperator};
use crate::site::Site;
use crate::terms::{self, Term};
use crate::users::{self, User};

/// `posts_per_page => -1` still gets a bound, so one block cannot load a whole large site.
const UNLIMITED_POSTS: u64 = 1000;

/// The site options the blocks read.
pub fn block_site(options: &Options) -> BlockSite {
    let avatar_default = match options.get_or("avatar_default", "mystery") {
        "mystery" => "mm".to_owned(),
        "gravatar_default" => String::new(),
        other => other.to_owned(),
    };
    let gmt_offset: f64 = options
        .get("gmt_offset")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    BlockSite {
        home_url: options.home().to_owned(),
        site_url: options.siteurl().to_owned(),
        permalink_structure: options.permalink_structure().to_owned(),
        date_format: options.get_or("date_format", "F j, Y").to_owned(),
        gmt_offset_seconds: (gmt_offset * 3600.0).round() as i64,
        use_smilies: options.get("use_smilies").is_none_or(|v| v == "1"),
        show_avatars: options.get("show_avatars").is_none_or(|v| v == "1"),
        avatar_default,
        avatar_rating: options.get_or("avatar_rating", "G").to_lowercase(),
    }
}

/// Loads what the dynamic blocks in `texts` need. Texts without dynamic blocks cost no
/// statement.
pub async fn prefetch(site: &Site, options: &Options, texts: &[&str]) -> Result<DynamicBlockData> {
    let mut data = DynamicBlockData::new(block_site(options));
    let queries = block_queries(texts);
    if queries.is_empty() {
        return Ok(data);
    }
    let viewer = Viewer::anonymous();
    let mut post_lists: Vec<(LatestPostsQuery, Vec<Post>)> = Vec::new();
    let mut comment_lists: Vec<(u64, Vec<Comment>)> = Vec::new();
    let mut archive_types = Vec::new();
    let mut want_categories = false;
    for query in queries {
        match query {
            BlockQuery::LatestPosts(q) => {
                let rows = posts::query_rows(site, &viewer, &post_query(&q)).await?;
                post_lists.push((q, rows));
            }
            BlockQuery::LatestComments(number) => {
                let rows = comments::latest_on_published_posts(site, number).await?;
                comment_lists.push((number, rows));
            }
            BlockQuery::Categories => want_categories = true,
            BlockQuery::Archives(kind) => archive_types.push(kind),
        }
    }

    // The relations of every listed post and comment, one statement each.
    let listed: Vec<&Post> = post_lists.iter().flat_map(|(_, rows)| rows).collect();
    let commented_ids: Vec<u64> = comment_lists
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|c| c.post_id.0))
        .collect();
    let commented = if commented_ids.is_empty() {
        HashMap::new()
    } else {
        posts::get_many(site, &commented_ids).await?
    };
    let mut user_ids: Vec<u64> = listed.iter().map(|p| p.post_author.0).collect();
    user_ids.extend(
        comment_lists
            .iter()
            .flat_map(|(_, rows)| rows.iter().map(|c| c.user_id.0))
            .filter(|id| *id != 0),
    );
    user_ids.sort_unstable();
    user_ids.dedup();
    let users = if user_ids.is_empty() {
        HashMap::new()
    } else {
        users::find_by_ids(site, &user_ids).await?
    };
    let thumbnails = thumbnails(site, &listed).await?;
    let page_posts: Vec<Post> = commented
        .values()
        .filter(|p| site.post_type(&p.post_type).is_some_and(|t| t.hierarchical))
        .cloned()
        .collect();
    let ancestors = if page_posts.is_empty() {
        HashMap::new()
    } else {
        posts::ancestors(site, &page_posts).await?
    };

    for (query, rows) in post_lists {
        let listed = rows
            .iter()
            .map(|post| ListedPost {
                id: post.id.0,
                title: post.post_title.clone(),
                link: permalink(options, post, &ancestors),
                date: format_mysql_datetime(post.post_date.0),
                date_gmt: format_mysql_datetime(post.post_date_gmt.0),
                author_name: users
                    .get(&post.post_author.0)
                    .map(|u| u.display_name.clone())
                    .unwrap_or_default(),
                excerpt: post.post_excerpt.clone(),
                content: post.post_content.clone(),
                password_protected: !post.post_password.is_empty(),
                thumbnail: thumbnails.get(&post.id.0).cloned(),
            })
            .collect();
        data.latest_posts.insert(query, listed);
    }
    for (number, rows) in comment_lists {
        let listed = rows
            .iter()
            .map(|c| listed_comment(options, c, &commented, &ancestors, &users))
            .collect();
        data.latest_comments.insert(number, listed);
    }
    if want_categories {
        data.categories = Some(categories(site, options).await?);
    }
    if !archive_types.is_empty() {
        let dates = posts::published_dates(site, "post").await?;
        for kind in archive_types {
            data.archives.insert(kind, archive_rows(kind, &dates));
        }
    }
    Ok(data)
}

/// The block's arguments as the domain's `WP_Query`.
fn post_query(q: &LatestPostsQuery) -> PostQuery {
    let mut query = PostQuery::new("post");
    query.per_page = q.per_page.unwrap_or(UNLIMITED_POSTS);
    query.order_desc = q.order_desc;
    query.order_by = match q.order_by {
        LatestPostsOrder::Date => PostOrderBy::Date,
        LatestPostsOrder::Title => PostOrderBy::Title,
        LatestPostsOrder::Modified => PostOrderBy::Modified,
        LatestPostsOrder::Id => PostOrderBy::Id,
        LatestPostsOrder::Author => PostOrderBy::Author,
    };
    if !q.categories.is_empty() {
        query.tax.push(TaxClause {
            taxonomy: "category".into(),
            terms: q.categories.clone(),
            include_children: false,
            operator: TaxOperator::In,
        });
    }
    if let Some(author) = q.author {
        query.author_in = vec![author];
    }
    query
}

/// `_thumbnail_id` of the listed posts, with the attachments' image data.
async fn thumbnails(
    site: &Site,
    listed: &[&Post],
) -> Result<HashMap<u64, (u64, Option<ImageMeta>)>> {
    if listed.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<u64> = listed.iter().map(|p| p.id.0).collect();
    let meta = posts::meta_for(site, &ids, &["_thumbnail_id"]).await?;
    let thumbnail_of: HashMap<u64, u64> = meta
        .into_iter()
        .filter_map(|(post, values)| {
            let id = values.first()?.1.trim().parse::<u64>().ok()?;
            (id != 0).then_some((post, id))
        })
        .collect();
    let mut attachment_ids: Vec<u64> = thumbnail_of.values().copied().collect();
    attachment_ids.sort_unstable();
    attachment_ids.dedup();
    let mut images = HashMap::new();
    if !attachment_ids.is_empty() {
        for row in posts::attachments_with_parents(site, &attachment_ids).await? {
            if row.post.post_type != "attachment" || !attachment_ids.contains(&row.post.id.0) {
                continue;
            }
            let metadata = row
                .attachment_metadata
                .as_deref()
                .and_then(headpress_php::serialize::maybe_unserialize)
                .map(|v| v.to_json());
            if let Some(metadata) = metadata {
                let meta = crate::render::image_meta(
                    &metadata,
                    row.attachment_alt.as_deref().unwrap_or(""),
                    "",
                    "",
                );
                images.insert(row.post.id.0, meta);
            }
        }
    }
    Ok(thumbnail_of
        .into_iter()
        .map(|(post, attachment)| (post, (attachment, images.get(&attachment).cloned())))
        .collect())
}

/// `get_permalink()` of a published post, page (with its ancestors' slugs) or other type.
fn permalink(options: &Options, post: &Post, ancestors: &HashMap<u64, Post>) -> String {
    let home = options.home();
    let structure = options.permalink_structure();
    let id = post.id.0;
    if post.post_type == "page" {
        if options.get("show_on_front") == Some("page")
            && options.get_i64("page_on_front", 0) == i64::try_from(id).unwrap_or(-1)
        {
            return format!("{home}/");
        }
        if structure.is_empty() {
            return format!("{home}/?page_id={id}");
        }
        let mut slugs = vec![post.post_name.clone()];
        let mut parent = post.post_parent.0;
        for _ in 0..32 {
            let Some(ancestor) = ancestors.get(&parent).filter(|_| parent > 0) else {
                break;
            };
            slugs.push(ancestor.post_name.clone());
            parent = ancestor.post_parent.0;
        }
        slugs.reverse();
        return format!("{home}/{}/", slugs.join("/"));
    }
    if post.post_type != "post" {
        return format!("{home}/?post_type={}&p={id}", post.post_type);
    }
    if structure.is_empty() {
        return format!("{home}/?p={id}");
    }
    crate::posts::fill_permalink_structure(home, structure, post)
}

/// `get_author_posts_url()`.
fn author_posts_url(options: &Options, user: &User) -> String {
    let home = options.home();
    if options.permalink_structure().is_empty() {
        format!("{home}/?author={}", user.id.0)
    } else {
        format!("{home}/author/{}/", user.user_nicename)
    }
}

fn listed_comment(
    options: &Options,
    c: &Comment,
    commented: &HashMap<u64, Post>,
    ancestors: &HashMap<u64, Post>,
    users: &HashMap<u64, User>,
) -> ListedComment {
    let user = (c.user_id.0 != 0)
        .then(|| users.get(&c.user_id.0))
        .flatten();
    let author = if !c.comment_author.is_empty() {
        c.comment_author.clone()
    } else {
        user.map_or_else(|| "Anonymous".to_owned(), |u| u.display_name.clone())
    };
    let mut author_url = if c.comment_author_url == "http://" {
        String::new()
    } else {
        c.comment_author_url.clone()
    };
    let lower = author_url.to_ascii_lowercase();
    if !author_url.is_empty() && !lower.starts_with("http://") && !lower.starts_with("https://") {
        // esc_url() with the http/https protocols: a bare host gets http://, other
        // schemes are dropped.
        author_url = if author_url.contains(':') {
            String::new()
        } else {
            format!("http://{author_url}")
        };
    }
    if author_url.is_empty()
        && let Some(user) = user
    {
        author_url = author_posts_url(options, user);
    }
    let avatar_email = matches!(c.comment_type.as_str(), "" | "comment")
        .then(|| user.map_or_else(|| c.comment_author_email.clone(), |u| u.user_email.clone()));
    let post = commented.get(&c.post_id.0);
    ListedComment {
        id: c.id.0,
        author,
        author_url,
        avatar_email,
        date: format_mysql_datetime(c.comment_date.0),
        date_gmt: format_mysql_datetime(c.comment_date_gmt.0),
        content: c.comment_content.clone(),
        link: format!(
            "{}#comment-{}",
            post.map(|p| permalink(options, p, ancestors))
                .unwrap_or_default(),
            c.id.0
        ),
        post_title: post.map(|p| p.post_title.clone()).unwrap_or_default(),
        post_password_protected: post.is_some_and(|p| !p.post_password.is_empty()),
    }
}

/// Every category with its link, and the published posts filed in each.
async fn categories(site: &Site, options: &Options) -> Result<CategoryData> {
    let all = terms::all_in_taxonomy(site, "category").await?;
    let object_types = site
        .taxonomy("category")
        .map_or_else(|| vec!["post".to_owned()], |t| t.object_types.clone());
    let published = terms::published_objects(site, "category", &object_types).await?;
    let by_id: HashMap<u64, &Term> = all.iter().map(|t| (t.term_id.0, t)).collect();
    let categories = all
        .iter()
        .map(|t| ListedCategory {
            id: t.term_id.0,
            name: t.name.clone(),
            parent: t.parent.0,
            count: t.count,
            link: category_link(options, t, &by_id),
        })
        .collect();
    Ok(CategoryData {
        categories,
        published,
    })
}

/// `get_term_link()` of a category: `/category/parent/child/`, or `?cat=N`.
fn category_link(options: &Options, term: &Term, by_id: &HashMap<u64, &Term>) -> String {
    let home = options.home();
    if options.permalink_structure().is_empty() {
        return format!("{home}/?cat={}", term.term_id.0);
    }
    let base = match options.get_or("category_base", "").trim_matches('/') {
        "" => "category",
        base => base,
    };
    let mut slugs = vec![term.slug.clone()];
    let mut parent = term.parent.0;
    for _ in 0..32 {
        let Some(ancestor) = by_id.get(&parent).filter(|_| parent > 0) else {
            break;
        };
        slugs.push(ancestor.slug.clone());
        parent = ancestor.parent.0;
    }
    slugs.reverse();
    format!("{home}/{base}/{}/", slugs.join("/"))
}

/// `wp_get_archives()`'s rows: published posts counted per year, month or day, newest first.
fn archive_rows(kind: ArchiveType, dates: &[chrono::NaiveDateTime]) -> Vec<ArchiveRow> {
    let mut rows: BTreeMap<(i32, u32, u32), u64> = BTreeMap::new();
    for date in dates {
        let key = match kind {
            ArchiveType::Yearly => (date.year(), 0, 0),
            ArchiveType::Monthly => (date.year(), date.month(), 0),
            ArchiveType::Daily => (date.year(), date.month(), date.day()),
        };
        *rows.entry(key).or_default() += 1;
    }
    rows.into_iter()
        .rev()
        .map(|((year, month, day), posts)| ArchiveRow {
            year,
            month,
            day,
            posts,
        })
        .collect()
}
