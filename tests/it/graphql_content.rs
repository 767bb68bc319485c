//! The content-node part of WPGraphQL's schema beyond the conformance queries: Faust.js's seed
//! query, `ContentNode`'s interface fields (content type, template, edit lock, last editor,
//! enclosure, preview revision) and the hierarchy of media items, on every backend. Expected
//! values come from the fixture's rows and WPGraphQL's Post model.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use anyhow::{Result, bail};
use base64::Engine as _;
use headpress_tests::backends::{Backend, conformance_dir, fixture_sites, open_app};
use headpress_tests::requests::{Auth, Creds};
use poem::Endpoint;
use poem::http::{HeaderValue, Method};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

/// Faust.js's seed query (faustwp-core `src/queries/seedQuery.ts`, `GetSeedNode`).
const SEED_QUERY: &str = r#"
query GetSeedNode($id: ID! = 0, $uri: String! = "", $asPreview: Boolean = false) {
  ... on RootQuery @skip(if: $asPreview) {
    nodeByUri(uri: $uri) { __typename ...GetNode }
  }
  ... on RootQuery @include(if: $asPreview) {
    contentNode(id: $id, idType: DATABASE_ID, asPreview: true) { __typename ...GetNode }
  }
}
fragment GetNode on UniformResourceIdentifiable {
  __typename uri id
  ...DatabaseIdentifier ...ContentType ...User ...TermNode ...ContentNode ...MediaItem ...Page
}
fragment DatabaseIdentifier on DatabaseIdentifier { databaseId }
fragment MediaItem on MediaItem { id mimeType }
fragment ContentType on ContentType { name isFrontPage isPostsPage }
fragment Page on Page { isFrontPage isPostsPage }
fragment TermNode on TermNode { isTermNode slug taxonomyName }
fragment ContentNode on ContentNode {
  isContentNode slug contentType { node { name } } template { __typename templateName }
}
fragment User on User { name userId databaseId }
"#;

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

async fn query<E: Endpoint>(
    endpoint: &E,
    login: Option<&str>,
    query: &str,
    variables: Value,
) -> Result<Value> {
    let mut req = poem::Request::builder()
        .method(Method::POST)
        .uri("/graphql".parse()?)
        .finish();
    req.headers_mut()
        .insert("Content-Type", HeaderValue::from_static("application/json"));
    if let Some(login) = login {
        req.headers_mut().insert(
            "Authorization",
            HeaderValue::from_str(&format!("Basic {}", b64(login)))?,
        );
    }
    req.set_body(serde_json::to_vec(
        &json!({ "query": query, "variables": variables }),
    )?);
    let resp = headpress_domain::backend::STATEMENT_COUNTER
        .scope(Arc::new(AtomicUsize::new(0)), async {
            match endpoint.call(req).await {
                Ok(r) => poem::IntoResponse::into_response(r),
                Err(e) => e.into_response(),
            }
        })
        .await;
    let bytes = resp.into_body().into_bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}

fn check(problems: &mut Vec<String>, what: &str, got: &Value, want: &Value) {
    if got != want {
        problems.push(format!("{what}: got {got}, want {want}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faust_seed_query() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut problems = Vec::new();
    let post = json!({
        "__typename": "Post", "uri": "/custom-slug-0/", "id": b64("post:11"), "databaseId": 11,
        "isContentNode": true, "slug": "custom-slug-0",
        "contentType": { "node": { "name": "post" } },
        "template": { "__typename": "DefaultTemplate", "templateName": "Default" },
    });
    // Pages 110 and 111 use Twenty Twenty-Three's "Blank" and "Blog (Alternative)" templates
    // (`_wp_page_template`); WPGraphQL names their types from the titles.
    let page = |id: u64, slug: &str, ty: &str, name: &str| {
        json!({
            "__typename": "Page", "uri": format!("/{slug}/"), "id": b64(&format!("post:{id}")),
            "databaseId": id, "isContentNode": true, "slug": slug,
            "contentType": { "node": { "name": "page" } },
            "template": { "__typename": ty, "templateName": name },
            "isFrontPage": false, "isPostsPage": false,
        })
    };
    let cases = [
        ("/custom-slug-0/", post),
        ("/contact/", page(110, "contact", "Template_Blank", "Blank")),
        (
            "/landing-spring-campaign/",
            page(
                111,
                "landing-spring-campaign",
                "Template_BlogAlternative",
                "Blog (Alternative)",
            ),
        ),
        (
            "/category/science/biology/genetics/",
            json!({
                "__typename": "Category", "uri": "/category/science/biology/genetics/",
                "id": b64("term:11"), "databaseId": 11, "isTermNode": true, "slug": "genetics",
                "taxonomyName": "category",
            }),
        ),
        (
            "/author/author/",
            json!({
                "__typename": "User", "uri": "/author/author/", "id": b64("user:3"),
                "databaseId": 3, "userId": 3, "name": "Arthur Pendleton",
            }),
        ),
    ];
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        for (uri, want) in &cases {
            let body = query(&endpoint, None, SEED_QUERY, json!({ "uri": uri })).await?;
            if body.get("errors").is_some() {
                problems.push(format!("[{backend}] {uri}: {}", body["errors"]));
            }
            check(
                &mut problems,
                &format!("[{backend}] {uri}"),
                &body["data"]["nodeByUri"],
                want,
            );
        }
    }
    sites.cleanup().await;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_node_interface_fields() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let admin = creds.basic_credentials(&Auth::User("admin".into()))?;
    let author = creds.basic_credentials(&Auth::User("author".into()))?;
    let mut problems = Vec::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let lock_time = chrono::DateTime::from_timestamp(i64::try_from(now)?, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string());
    let enclosure = "http://example.com/episode.mp3\n1234\naudio/mpeg\n";
    for (backend, url) in &sites.sites {
        // Post 11: last edited by the editor (2), locked just now by the author (3), with an
        // enclosure; post 12: a lock older than `wp_check_post_lock`'s 150 s window.
        let db = headpress_domain::backend::connect(url).await?;
        for (post, key, value) in [
            (11, "_edit_last", "2".to_owned()),
            (11, "_edit_lock", format!("{now}:3")),
            (11, "enclosure", enclosure.to_owned()),
            (12, "_edit_lock", format!("{}:3", now - 1000)),
        ] {
            db.execute_unprepared(&format!(
                "INSERT INTO wp_postmeta (post_id, meta_key, meta_value) \
                 VALUES ({post}, '{key}', '{}')",
                value
            ))
            .await?;
        }
        db.close().await?;
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let fields = "databaseId guid desiredSlug enclosure \
             contentType { cursor node { name } } author { cursor } \
             lastEditedBy { cursor node { databaseId } } \
             editingLockedBy { cursor lockTimestamp node { databaseId } } \
             previewRevisionDatabaseId previewRevisionId";
        let q = format!(
            "{{ a: post(id: 11, idType: DATABASE_ID) {{ {fields} }} \
             b: post(id: 12, idType: DATABASE_ID) {{ editingLockedBy {{ cursor }} lastEditedBy {{ cursor }} }} }}"
        );
        let as_admin = query(&endpoint, admin.as_deref(), &q, Value::Null).await?;
        check(
            &mut problems,
            &format!("[{backend}] post 11 as admin"),
            &as_admin["data"]["a"],
            &json!({
                "databaseId": 11,
                // The fixture's `guid` column of post 11.
                "guid": "http://127.0.0.1:8080/custom-slug-0/",
                // WPGraphQL declares `desiredSlug` without a value behind it.
                "desiredSlug": null,
                "enclosure": enclosure,
                // Post types are keyed by name in their cursors.
                "contentType": { "cursor": b64("arrayconnection:post"), "node": { "name": "post" } },
                "author": { "cursor": b64("arrayconnection:1") },
                "lastEditedBy": { "cursor": b64("arrayconnection:2"), "node": { "databaseId": 2 } },
                "editingLockedBy": {
                    "cursor": b64("arrayconnection:3"),
                    "lockTimestamp": lock_time,
                    "node": { "databaseId": 3 },
                },
                // The newest of post 11's revisions (74 and 73, conformance query 034).
                "previewRevisionDatabaseId": 74,
                "previewRevisionId": b64("post:74"),
            }),
        );
        check(
            &mut problems,
            &format!("[{backend}] post 12 (stale lock)"),
            &as_admin["data"]["b"],
            &json!({ "editingLockedBy": null, "lastEditedBy": null }),
        );
        // The lock's holder is not locked out by their own lock; anonymous viewers may not
        // see the preview revision.
        let as_author = query(
            &endpoint,
            author.as_deref(),
            "{ post(id: 11, idType: DATABASE_ID) { editingLockedBy { cursor } } }",
            Value::Null,
        )
        .await?;
        check(
            &mut problems,
            &format!("[{backend}] post 11 as the lock holder"),
            &as_author["data"]["post"]["editingLockedBy"],
            &Value::Null,
        );
        let anonymous = query(
            &endpoint,
            None,
            "{ post(id: 11, idType: DATABASE_ID) { previewRevisionDatabaseId previewRevisionId } }",
            Value::Null,
        )
        .await?;
        check(
            &mut problems,
            &format!("[{backend}] post 11 anonymous"),
            &anonymous["data"]["post"],
            &json!({ "previewRevisionDatabaseId": null, "previewRevisionId": null }),
        );
        // Attachment 5 is attached to post 11 (conformance query 087): its parent and
        // ancestors are that post, whatever its type; it has no children.
        let media = query(
            &endpoint,
            None,
            "{ mediaItem(id: 5, idType: DATABASE_ID) { mediaItemId parentId \
             parent { cursor node { __typename databaseId } } \
             ancestors { nodes { __typename databaseId } } children { nodes { databaseId } } \
             contentType { node { name } } template { templateName } } \
             page(id: 105, idType: DATABASE_ID) { pageId parent { node { __typename databaseId } } } }",
            Value::Null,
        )
        .await?;
        check(
            &mut problems,
            &format!("[{backend}] media 5 and page 105"),
            &media["data"],
            &json!({
                "mediaItem": {
                    "mediaItemId": 5,
                    "parentId": b64("post:11"),
                    "parent": { "cursor": b64("arrayconnection:11"), "node": { "__typename": "Post", "databaseId": 11 } },
                    "ancestors": { "nodes": [{ "__typename": "Post", "databaseId": 11 }] },
                    "children": { "nodes": [] },
                    "contentType": { "node": { "name": "attachment" } },
                    "template": { "templateName": "Default" },
                },
                "page": { "pageId": 105, "parent": { "node": { "__typename": "Page", "databaseId": 103 } } },
            }),
        );
    }
    sites.cleanup().await;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// The `where` arguments of the root content connections that WPGraphQL maps to `WP_Query`
/// (`title`, `password`, `hasPassword`, `isSticky`, `template`, `mimeType`) and every part of
/// `dateQuery`. Expected IDs come from the fixture's posts (dates, passwords, the sticky list
/// 13, 21, 36, `start_of_week` 1, the pages' `_wp_page_template`), newest first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_where_arguments() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut problems = Vec::new();
    let cases: &[(&str, &[u64])] = &[
        (r#"posts(where: {title: "Weekly Roundup"})"#, &[23, 19]),
        (r#"posts(where: {password: "secret5"})"#, &[16]),
        ("posts(where: {hasPassword: true})", &[44, 28, 16]),
        (
            "posts(first: 3, where: {hasPassword: false})",
            &[52, 51, 50],
        ),
        // `isSticky: true` becomes a `post__in` of the sticky list, which WPGraphQL then
        // orders by (`orderby: post__in`), as it does an `in` list.
        ("posts(where: {isSticky: true})", &[13, 21, 36]),
        (
            "posts(where: {isSticky: true, in: [13, 14, 21]})",
            &[13, 21],
        ),
        (
            "posts(first: 3, where: {isSticky: false, dateQuery: {year: 2023, month: 10}})",
            &[35, 34],
        ),
        ("posts(where: {template: BLANK_BLOCK_TEMPLATE})", &[]),
        ("posts(where: {mimeType: IMAGE_JPEG})", &[]),
        ("pages(where: {template: BLANK_BLOCK_TEMPLATE})", &[110]),
        (
            "pages(where: {template: BLOG_ALTERNATIVE_BLOCK_TEMPLATE})",
            &[111],
        ),
        (
            "pages(first: 20, where: {template: DEFAULT_TEMPLATE})",
            &[113, 112, 109, 108, 107, 106, 105, 104, 103, 102, 2],
        ),
        (r#"pages(where: {title: "Contact"})"#, &[110]),
        (r#"contentNodes(where: {title: "Contact"})"#, &[110]),
        (r#"mediaItems(where: {title: "Mountains"})"#, &[6]),
        (
            "posts(where: {dateQuery: {year: 2023, month: 2}})",
            &[15, 14],
        ),
        (
            "posts(where: {dateQuery: {year: 2024, month: 4, day: 15}})",
            &[50],
        ),
        (
            "posts(where: {dateQuery: {column: MODIFIED, year: 2023, month: 9}})",
            &[33, 32, 31],
        ),
        (
            "posts(where: {dateQuery: {hour: 9}})",
            &[45, 44, 28, 12, 11],
        ),
        // `DATE_FORMAT( post_date, '%H.%i' ) < 9.30`.
        (
            r#"posts(where: {dateQuery: {hour: 9, minute: 30, compare: "<"}})"#,
            &[44, 28, 11, 1],
        ),
        // Weeks start on Monday (`start_of_week` 1: MySQL's `WEEK( post_date, 1 )`); 2023
        // began on a Sunday, which is in week 0.
        ("posts(where: {dateQuery: {year: 2023, week: 1}})", &[11]),
        ("posts(where: {dateQuery: {year: 2023, week: 2}})", &[12]),
        (
            r#"posts(where: {dateQuery: {month: 12, compare: "IN"}})"#,
            &[41, 40, 39],
        ),
        (
            r#"posts(first: 2, where: {dateQuery: {year: 2023, compare: "!="}})"#,
            &[52, 51],
        ),
        (
            "posts(where: {dateQuery: {inclusive: true, after: {year: 2024, month: 4, day: 15}, \
             before: {year: 2024, month: 4, day: 28}}})",
            &[51, 50],
        ),
        (
            "posts(where: {dateQuery: {after: {year: 2024, month: 4, day: 15}, \
             before: {year: 2024, month: 4, day: 28}}})",
            &[],
        ),
    ];
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        for (connection, want) in cases {
            let body = query(
                &endpoint,
                None,
                &format!("{{ list: {connection} {{ nodes {{ databaseId }} }} }}"),
                Value::Null,
            )
            .await?;
            if body.get("errors").is_some() {
                problems.push(format!("[{backend}] {connection}: {}", body["errors"]));
                continue;
            }
            let got: Vec<u64> = body["data"]["list"]["nodes"]
                .as_array()
                .map(|nodes| {
                    nodes
                        .iter()
                        .filter_map(|n| n["databaseId"].as_u64())
                        .collect()
                })
                .unwrap_or_default();
            if got != *want {
                problems.push(format!("[{backend}] {connection}: {got:?}, want {want:?}"));
            }
        }
        // `children(where:)`: page 102's children are 106 (History, 2023-02-13) and 103
        // (Our Team, 2023-02-04); its revision 116 is not a page.
        let body = query(
            &endpoint,
            None,
            "{ pages(where: {in: [102, 105]}) { nodes { databaseId \
             titled: children(where: {title: \"History\"}) { nodes { databaseId } } \
             early: children(where: {dateQuery: {before: {year: 2023, month: 2, day: 10}}}) { nodes { databaseId } } } } }",
            Value::Null,
        )
        .await?;
        check(
            &mut problems,
            &format!("[{backend}] children(where:)"),
            &body["data"]["pages"]["nodes"],
            &json!([
                { "databaseId": 102, "titled": { "nodes": [{ "databaseId": 106 }] }, "early": { "nodes": [{ "databaseId": 103 }] } },
                { "databaseId": 105, "titled": { "nodes": [] }, "early": { "nodes": [] } },
            ]),
        );
    }
    sites.cleanup().await;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// The deprecated `postBy`/`pageBy`/`mediaItemBy` (every argument, and a type mismatch), the
/// revisions (the root connection, those of a page, `preview`, `revisionOf`, batched) and the
/// comments of pages and media items. The fixture: post 11's revisions are 74 (newest) and
/// 73, page 102's is 116, page 102 has four approved comments (17, 33, 65, 81) and a held one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deprecated_lookups_revisions_and_page_comments() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let admin = creds.basic_credentials(&Auth::User("admin".into()))?;
    let mut problems = Vec::new();
    let lookups = r#"{
        byId: postBy(id: "cG9zdDoxMQ==") { databaseId }
        byPostId: postBy(postId: 11) { databaseId }
        byUri: postBy(uri: "/custom-slug-0/") { databaseId }
        bySlug: postBy(slug: "custom-slug-0") { databaseId }
        pageAsPost: postBy(postId: 105) { databaseId }
        nothing: postBy { databaseId }
        page: pageBy(pageId: 105) { databaseId }
        pageByUri: pageBy(uri: "/about/our-team/engineering/") { databaseId }
        media: mediaItemBy(mediaItemId: 5) { databaseId }
        mediaBySlug: mediaItemBy(slug: "sunset-over-the-bay") { databaseId }
        post: post(id: 11, idType: DATABASE_ID) { parent { cursor } ancestors { nodes { databaseId } } }
    }"#;
    let want_lookups = json!({
        "byId": { "databaseId": 11 }, "byPostId": { "databaseId": 11 },
        "byUri": { "databaseId": 11 }, "bySlug": { "databaseId": 11 },
        "pageAsPost": null, "nothing": null,
        "page": { "databaseId": 105 }, "pageByUri": { "databaseId": 105 },
        "media": { "databaseId": 5 }, "mediaBySlug": { "databaseId": 5 },
        // WPGraphQL keeps these deprecated fields on posts and resolves them to null.
        "post": { "parent": null, "ancestors": null },
    });
    let revisions = "{ latest: revisions(first: 3) { nodes { __typename databaseId } } \
         listed: revisions(where: {in: [116, 74]}) { nodes { __typename databaseId } } \
         post(id: 11, idType: DATABASE_ID) { preview { node { databaseId } } \
         revisions { nodes { databaseId isRevision revisionOf { node { __typename databaseId } } } } } \
         pages(where: {in: [102, 105]}) { nodes { databaseId revisionOf { cursor } \
         preview { node { databaseId } } revisions { nodes { databaseId } } } } }";
    let want_revisions = json!({
        // The newest revisions are those of the trashed posts 72 and 71, then draft 55's.
        "latest": { "nodes": [
            { "__typename": "Post", "databaseId": 118 }, { "__typename": "Post", "databaseId": 117 },
            { "__typename": "Post", "databaseId": 99 },
        ] },
        // A revision has the type of the post it revises.
        "listed": { "nodes": [
            { "__typename": "Page", "databaseId": 116 }, { "__typename": "Post", "databaseId": 74 },
        ] },
        "post": {
            "preview": { "node": { "databaseId": 74 } },
            "revisions": { "nodes": [
                { "databaseId": 74, "isRevision": true, "revisionOf": { "node": { "__typename": "Post", "databaseId": 11 } } },
                { "databaseId": 73, "isRevision": true, "revisionOf": { "node": { "__typename": "Post", "databaseId": 11 } } },
            ] },
        },
        "pages": { "nodes": [
            { "databaseId": 102, "revisionOf": null, "preview": { "node": { "databaseId": 116 } }, "revisions": { "nodes": [{ "databaseId": 116 }] } },
            { "databaseId": 105, "revisionOf": null, "preview": null, "revisions": { "nodes": [] } },
        ] },
    });
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let body = query(&endpoint, None, lookups, Value::Null).await?;
        check(
            &mut problems,
            &format!("[{backend}] lookups"),
            &body["data"],
            &want_lookups,
        );
        if body.get("errors").is_some() {
            problems.push(format!("[{backend}] lookups: {}", body["errors"]));
        }
        let bad = query(
            &endpoint,
            None,
            r#"{ postBy(id: "not-an-id") { databaseId } }"#,
            Value::Null,
        )
        .await?;
        check(
            &mut problems,
            &format!("[{backend}] postBy(bad id)"),
            &json!([
                bad["data"]["postBy"].clone(),
                bad["errors"][0]["message"].clone()
            ]),
            &json!([null, "The \"id\" is invalid"]),
        );
        let body = query(&endpoint, admin.as_deref(), revisions, Value::Null).await?;
        check(
            &mut problems,
            &format!("[{backend}] revisions as admin"),
            &body["data"],
            &want_revisions,
        );
        // Anonymous viewers see neither revisions nor previews.
        let body = query(
            &endpoint,
            None,
            "{ revisions { nodes { databaseId } } \
             page(id: 102, idType: DATABASE_ID) { preview { cursor } revisions { nodes { databaseId } } \
             comments(first: 20) { nodes { databaseId } } } \
             mediaItem(id: 5, idType: DATABASE_ID) { comments { nodes { databaseId } } } }",
            Value::Null,
        )
        .await?;
        let mut comments: Vec<u64> = body["data"]["page"]["comments"]["nodes"]
            .as_array()
            .map(|n| n.iter().filter_map(|c| c["databaseId"].as_u64()).collect())
            .unwrap_or_default();
        comments.sort_unstable();
        check(
            &mut problems,
            &format!("[{backend}] page 102 anonymous"),
            &json!([
                body["data"]["revisions"].clone(),
                body["data"]["page"]["preview"].clone(),
                body["data"]["page"]["revisions"].clone(),
                comments,
                body["data"]["mediaItem"]["comments"].clone(),
            ]),
            &json!([{ "nodes": [] }, null, null, [17, 33, 65, 81], { "nodes": [] }]),
        );
    }
    sites.cleanup().await;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// `MediaItem.file`/`filePath`, `MediaDetails.filePath`/`meta` and `MediaSize.filePath` for
/// attachment 5 (`sunset.png` at the uploads root, with a `medium` size and WordPress's
/// empty `image_meta`). WPGraphQL joins a size's file to `dirname()` of the original, which
/// is `.` for a file at the root.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_item_files() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut problems = Vec::new();
    let q = "{ mediaItem(id: 5, idType: DATABASE_ID) { file medium: file(size: MEDIUM) \
         missing: file(size: _2048X2048) filePath mediumPath: filePath(size: MEDIUM) \
         mediaDetails { file filePath sizes(include: [MEDIUM]) { name filePath } \
         meta { aperture credit camera caption createdTimestamp copyright focalLength iso \
         shutterSpeed title orientation keywords } } } }";
    let want = json!({
        "file": "sunset.png",
        "medium": "sunset-300x200.png",
        "missing": "sunset.png",
        "filePath": "/wp-content/uploads/sunset.png",
        "mediumPath": "/wp-content/uploads/./sunset-300x200.png",
        "mediaDetails": {
            "file": "sunset.png",
            "filePath": "/wp-content/uploads/sunset.png",
            "sizes": [{ "name": "medium", "filePath": "/wp-content/uploads/sunset-300x200.png" }],
            // `image_meta` stores "0" and ""; WPGraphQL turns the empty timestamp, focal
            // length and shutter speed into null and coerces the rest to the field types.
            "meta": {
                "aperture": 0.0, "credit": "", "camera": "", "caption": "",
                "createdTimestamp": null, "copyright": "", "focalLength": null, "iso": 0,
                "shutterSpeed": null, "title": "", "orientation": "0", "keywords": [],
            },
        },
    });
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let body = query(&endpoint, None, q, Value::Null).await?;
        if body.get("errors").is_some() {
            problems.push(format!("[{backend}]: {}", body["errors"]));
        }
        check(
            &mut problems,
            &format!("[{backend}] media 5"),
            &body["data"]["mediaItem"],
            &want,
        );
    }
    sites.cleanup().await;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// `Post.terms`: the post's terms of every taxonomy in one list, ordered by their stored
/// names (`WP_Term_Query` orders `post-format-image` as such; `get_term` then names it
/// "Image"). Post 50 has categories Biology and Rust, tags cli, evolution, interview and
/// vinyl, and the image format.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_terms() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut problems = Vec::new();
    let q = "{ post(id: 50, idType: DATABASE_ID) { terms { nodes { __typename databaseId name } } \
         two: terms(first: 2) { pageInfo { hasNextPage } nodes { databaseId } } } }";
    let node =
        |ty: &str, id: u64, name: &str| json!({ "__typename": ty, "databaseId": id, "name": name });
    let want = json!({
        "terms": { "nodes": [
            node("Category", 10, "Biology"), node("Tag", 26, "cli"), node("Tag", 29, "evolution"),
            node("Tag", 35, "interview"), node("PostFormat", 45, "Image"),
            node("Category", 5, "Rust"), node("Tag", 32, "vinyl"),
        ] },
        "two": { "pageInfo": { "hasNextPage": true }, "nodes": [{ "databaseId": 10 }, { "databaseId": 26 }] },
    });
    for (backend, url) in &sites.sites {
        let app = open_app(url).await?;
        let endpoint = headpress_graphql::endpoint(app.site().clone());
        let body = query(&endpoint, None, q, Value::Null).await?;
        check(
            &mut problems,
            &format!("[{backend}] post 50 terms"),
            &body["data"]["post"],
            &want,
        );
    }
    sites.cleanup().await;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}
