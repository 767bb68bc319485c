use serde_json::{Value, json};

use super::*;
use crate::render::{RenderContext, do_blocks};

fn site() -> BlockSite {
    BlockSite {
        home_url: "http://127.0.0.1:8080".into(),
        site_url: "http://127.0.0.1:8080".into(),
        permalink_structure: "/%postname%/".into(),
        date_format: "F j, Y".into(),
        gmt_offset_seconds: 0,
        use_smilies: true,
        show_avatars: true,
        avatar_default: "mm".into(),
        avatar_rating: "g".into(),
    }
}

fn render(text: &str, data: &DynamicBlockData) -> String {
    let mut ctx = RenderContext::new("http://127.0.0.1:8080");
    ctx.dynamic_blocks = Some(data);
    do_blocks(text, &ctx)
}

/// The search block needs no rows: every search vector must match WordPress byte for byte,
/// including the per-request `wp_unique_id()` numbering shared with archives dropdowns.
#[test]
fn search_blocks_match_wordpress() {
    let vectors: Vec<Value> =
        serde_json::from_str(include_str!("../../../vectors/render/dynamic_blocks.json"))
            .unwrap_or_default();
    let mut checked = 0;
    for vector in &vectors {
        let name = vector["name"].as_str().unwrap_or("");
        if !name.starts_with("search") || name.contains("archives") {
            continue;
        }
        let data = DynamicBlockData::new(site());
        let block = vector["block"].as_str().unwrap_or("");
        assert_eq!(render(block, &data), vector["do_blocks"], "{name}");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} search vectors");
}

fn category(id: u64, name: &str, parent: u64, count: i64) -> ListedCategory {
    ListedCategory {
        id,
        name: name.into(),
        parent,
        count,
        link: format!("http://x/category/{}/", name.to_lowercase()),
    }
}

#[test]
fn categories_list_pads_counts_and_keeps_empty_parents() {
    let mut data = DynamicBlockData::new(site());
    data.categories = Some(CategoryData {
        categories: vec![
            category(2, "Zeta", 0, 0),
            category(3, "Alpha", 2, 2),
            category(4, "Empty", 0, 0),
        ],
        published: vec![(3, 10), (3, 11)],
    });
    let html = render(
        r#"<!-- wp:categories {"showHierarchy":true,"showPostCounts":true} /-->"#,
        &data,
    );
    assert_eq!(
        html,
        "<ul class=\"wp-block-categories-list wp-block-categories\">\t<li class=\"cat-item cat-item-2\"><a href=\"http://x/category/zeta/\">Zeta</a> (2)\n<ul class='children'>\n\t<li class=\"cat-item cat-item-3\"><a href=\"http://x/category/alpha/\">Alpha</a> (2)\n</li>\n</ul>\n</li>\n</ul>"
    );
    let flat = render(r#"<!-- wp:categories {"showEmpty":true} /-->"#, &data);
    assert!(flat.find("Alpha").unwrap_or(usize::MAX) < flat.find("Empty").unwrap_or(0));
    assert!(flat.contains("Zeta"));
    let none = DynamicBlockData {
        categories: Some(CategoryData::default()),
        ..DynamicBlockData::new(site())
    };
    assert!(render("<!-- wp:categories /-->", &none).contains("No categories"));
}

#[test]
fn categories_dropdowns_count_per_request() {
    let mut data = DynamicBlockData::new(site());
    data.categories = Some(CategoryData::default());
    let html = render(
        r#"<!-- wp:categories {"displayAsDropdown":true} /--><!-- wp:categories {"displayAsDropdown":true} /-->"#,
        &data,
    );
    assert!(html.contains("id='wp-block-categories-1'"));
    assert!(html.contains("id='wp-block-categories-2'"));
    assert_eq!(data.counters().category_blocks, 2);
}

#[test]
fn latest_comments_without_comments() {
    let mut data = DynamicBlockData::new(site());
    data.latest_comments.insert(5, Vec::new());
    assert_eq!(
        render(r#"<!-- wp:latest-comments {"className":"c"} /-->"#, &data),
        "<div class=\"has-avatars has-dates has-excerpts no-comments c wp-block-latest-comments\">No comments to show.</div>"
    );
}

#[test]
fn latest_posts_query_normalises_attributes() {
    let queries = block_queries(&[
        r#"<!-- wp:latest-posts {"postsToShow":"3","order":"ASC","orderBy":"title","categories":"7"} /-->"#,
        r#"<!-- wp:group --><div><!-- wp:latest-posts {"postsToShow":0,"selectedAuthor":2} /--></div><!-- /wp:group -->"#,
        r#"<!-- wp:latest-posts {"postsToShow":"many"} /--><!-- wp:latest-posts /-->"#,
        "<!-- wp:search /--><!-- wp:archives {\"type\":\"weekly\"} /-->",
    ]);
    assert_eq!(
        queries,
        vec![
            BlockQuery::LatestPosts(LatestPostsQuery {
                per_page: Some(1),
                order_by: LatestPostsOrder::Date,
                order_desc: true,
                categories: vec![],
                author: Some(2),
            }),
            BlockQuery::LatestPosts(LatestPostsQuery {
                per_page: Some(3),
                order_by: LatestPostsOrder::Title,
                order_desc: false,
                categories: vec![7],
                author: None,
            }),
            BlockQuery::LatestPosts(LatestPostsQuery {
                per_page: Some(5),
                order_by: LatestPostsOrder::Date,
                order_desc: true,
                categories: vec![],
                author: None,
            }),
        ]
    );
}

#[test]
fn unported_archive_types_keep_saved_html() {
    let data = DynamicBlockData::new(site());
    let text = "<!-- wp:archives {\"type\":\"weekly\"} -->saved<!-- /wp:archives -->";
    assert_eq!(render(text, &data), "saved");
}

#[test]
fn php_dates() {
    assert_eq!(php_date("F j, Y", "2024-05-09 14:17:00", 0), "May 9, 2024");
    assert_eq!(
        php_date("c", "2024-05-09 14:17:00", 7200),
        "2024-05-09T14:17:00+02:00"
    );
    assert_eq!(
        php_date("D, jS \\o\\f M y g:i A U", "2023-01-01 00:05:09", 0),
        "Sun, 1st of Jan 23 12:05 AM 1672531509"
    );
    assert_eq!(php_date("W o N", "2021-01-03 00:00:00", 0), "53 2020 7");
}

/// Whatever the attributes, rendering never panics and always answers.
#[test]
fn odd_attributes_do_not_panic() {
    let mut data = DynamicBlockData::new(site());
    data.categories = Some(CategoryData {
        categories: vec![category(1, "Loop", 2, 1), category(2, "Back", 1, 1)],
        published: vec![(1, 5), (2, 6)],
    });
    let odd = [
        json!(null),
        json!([]),
        json!({"postsToShow": -1, "excerptLength": -5, "columns": [1], "categories": [{"id": "x"}]}),
        json!({"commentsToShow": 1e300, "displayAvatar": "false", "align": 5}),
        json!({"type": {"a": 1}, "displayAsDropdown": "1", "showHierarchy": 1, "showPostCounts": true}),
        json!({"width": "1e400", "widthUnit": "<b>", "query": {"a": [1], "b\"": "c'"}, "buttonText": null}),
    ];
    for name in [
        "latest-posts",
        "latest-comments",
        "categories",
        "archives",
        "search",
    ] {
        for attrs in &odd {
            let text = format!("<!-- wp:{name} {attrs} /-->");
            let _ = render(&text, &data);
            let _ = block_queries(&[&text]);
        }
    }
    let html = render(
        r#"<!-- wp:categories {"showHierarchy":true,"showPostCounts":true,"showEmpty":true} /-->"#,
        &data,
    );
    assert!(html.contains("Loop") && html.contains("Back"));
}
