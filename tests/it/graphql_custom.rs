//! Post types declared in the configuration get WPGraphQL's generated types: `Book` (from
//! `[[post_types]] name = "book"`), `book`/`books`/`bookBy`, `BookIdType`,
//! `RootQueryToBookConnection`, `Book` among `ContentNode`'s possible types and in `node`,
//! `nodeByUri` and `contentNode`; a hierarchical type's parent and children. Rows are made
//! through the REST API, and every answer is checked against REST's view of the same rows, on
//! every backend.

use anyhow::{Context as _, Result, bail};
use base64::Engine as _;
use headpress_tests::backends::{Backend, conformance_dir, fixture_sites};
use headpress_tests::requests::{Auth, Creds};
use poem::Endpoint;
use poem::http::{HeaderValue, Method};
use serde_json::{Value, json};

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

async fn call<E: Endpoint>(
    endpoint: &E,
    method: Method,
    uri: &str,
    login: Option<&str>,
    body: Value,
) -> Result<(u16, Value)> {
    let mut req = poem::Request::builder()
        .method(method)
        .uri(uri.parse()?)
        .finish();
    req.headers_mut()
        .insert("Content-Type", HeaderValue::from_static("application/json"));
    if let Some(login) = login {
        req.headers_mut().insert(
            "Authorization",
            HeaderValue::from_str(&format!("Basic {}", b64(login)))?,
        );
    }
    if !body.is_null() {
        req.set_body(serde_json::to_vec(&body)?);
    }
    let resp = match endpoint.call(req).await {
        Ok(r) => poem::IntoResponse::into_response(r),
        Err(e) => e.into_response(),
    };
    let status = resp.status().as_u16();
    let bytes = resp.into_body().into_bytes().await?;
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

async fn graphql<E: Endpoint>(endpoint: &E, login: Option<&str>, query: &str) -> Result<Value> {
    let (_, body) = call(
        endpoint,
        Method::POST,
        "/graphql",
        login,
        json!({ "query": query }),
    )
    .await?;
    if body.get("errors").is_some() {
        bail!("{query}\n→ {body}");
    }
    Ok(body["data"].clone())
}

/// Inserts a `wp_posts` row with an ID of its own.
#[allow(clippy::too_many_arguments)]
async fn insert_post(
    db: &sea_orm::DatabaseConnection,
    id: u64,
    post_type: &str,
    title: &str,
    slug: &str,
    status: &str,
    parent: u64,
    date: &str,
) -> Result<()> {
    use sea_orm::ConnectionTrait;
    use sea_orm::sea_query::{Alias, Query};
    let backend = db.get_database_backend();
    let date = headpress_domain::backend::date_value(
        backend,
        headpress_domain::backend::parse_mysql_datetime(date).context("date")?,
    );
    let text = |s: &str| sea_orm::Value::String(Some(s.to_owned()));
    let columns: Vec<(&str, sea_orm::Value)> = vec![
        ("ID", sea_orm::Value::BigInt(Some(i64::try_from(id)?))),
        ("post_author", sea_orm::Value::BigInt(Some(1))),
        ("post_date", date.clone()),
        ("post_date_gmt", date.clone()),
        ("post_content", text(&format!("<p>{title}</p>"))),
        ("post_title", text(title)),
        ("post_excerpt", text("")),
        ("post_status", text(status)),
        ("comment_status", text("closed")),
        ("ping_status", text("closed")),
        ("post_password", text("")),
        ("post_name", text(slug)),
        ("to_ping", text("")),
        ("pinged", text("")),
        ("post_modified", date.clone()),
        ("post_modified_gmt", date),
        ("post_content_filtered", text("")),
        (
            "post_parent",
            sea_orm::Value::BigInt(Some(i64::try_from(parent)?)),
        ),
        (
            "guid",
            text(&format!(
                "http://127.0.0.1:8080/?post_type={post_type}&p={id}"
            )),
        ),
        ("menu_order", sea_orm::Value::Int(Some(0))),
        ("post_type", text(post_type)),
        ("post_mime_type", text("")),
        ("comment_count", sea_orm::Value::BigInt(Some(0))),
    ];
    let insert = Query::insert()
        .into_table(Alias::new("wp_posts"))
        .columns(columns.iter().map(|(name, _)| Alias::new(*name)))
        .values(columns.into_iter().map(|(_, value)| value.into()))?
        .to_owned();
    db.execute(&insert).await?;
    Ok(())
}

fn site_config() -> Result<headpress_domain::registry::SiteConfig> {
    Ok(serde_json::from_value(json!({
        "post_types": [
            { "name": "book", "rest_base": "books" },
            { "name": "guide", "rest_base": "guides", "hierarchical": true },
            // Its GraphQL names are WPGraphQL's own: left out of the schema, not a crash.
            { "name": "clash", "graphql_single_name": "post", "graphql_plural_name": "posts" }
        ]
    }))?)
}

fn check(problems: &mut Vec<String>, backend: Backend, what: &str, got: &Value, want: &Value) {
    if got != want {
        problems.push(format!("{backend}: {what}: got {got}, want {want}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_post_types_have_graphql_types() -> Result<()> {
    let sites = fixture_sites(&Backend::ALL).await?;
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let admin = creds
        .basic_credentials(&Auth::User("admin".into()))?
        .context("admin credentials")?;
    let mut problems = Vec::new();
    for (backend, url) in &sites.sites {
        let backend = *backend;
        let file = conformance_dir().join("headpress.toml");
        let mut config = headpress_server::Config::load(Some(&file))
            .map_err(|err| anyhow::anyhow!("loading {}: {err}", file.display()))?;
        config.database_url = url.clone();
        let mut extra = site_config()?;
        config.site.post_types.append(&mut extra.post_types);
        let app = headpress_server::App::open(&config).await?;
        let endpoint = app.endpoint();

        // Three published books and a draft; a guide with a child (REST cannot write yet).
        let db = headpress_domain::backend::connect(url).await?;
        let rows = [
            (
                800_001,
                "book",
                "First book",
                "first-book",
                "publish",
                0,
                "2020-01-01 10:00:00",
            ),
            (
                800_002,
                "book",
                "Second book",
                "second-book",
                "publish",
                0,
                "2020-01-02 10:00:00",
            ),
            (
                800_003,
                "book",
                "Third book",
                "third-book",
                "publish",
                0,
                "2020-01-03 10:00:00",
            ),
            (
                800_004,
                "book",
                "Draft book",
                "",
                "draft",
                0,
                "2020-01-04 10:00:00",
            ),
            (
                800_010,
                "guide",
                "Handbook",
                "handbook",
                "publish",
                0,
                "2020-01-05 10:00:00",
            ),
            (
                800_011,
                "guide",
                "Chapter",
                "chapter",
                "publish",
                800_010,
                "2020-01-06 10:00:00",
            ),
        ];
        for (id, post_type, title, slug, status, parent, date) in rows {
            insert_post(&db, id, post_type, title, slug, status, parent, date).await?;
        }
        db.close().await?;
        let mut books = Vec::new();
        for id in [800_001, 800_004] {
            let (code, book) = call(
                &endpoint,
                Method::GET,
                &format!("/wp-json/wp/v2/books/{id}"),
                Some(&admin),
                Value::Null,
            )
            .await?;
            if code != 200 {
                bail!("{backend}: reading book {id}: {code} {book}");
            }
            books.push(book);
        }
        let parent = json!({ "id": 800_010 });
        let child = json!({ "id": 800_011 });

        // The list: REST's published books, in REST's order, paged as WPGraphQL pages.
        let (_, listed) = call(
            &endpoint,
            Method::GET,
            "/wp-json/wp/v2/books?per_page=2",
            None,
            Value::Null,
        )
        .await?;
        let rest_ids: Vec<Value> = listed
            .as_array()
            .map(|l| l.iter().map(|b| b["id"].clone()).collect())
            .unwrap_or_default();
        let data = graphql(
            &endpoint,
            None,
            "{ books(first: 2) { __typename totalCount \
               nodes { __typename databaseId bookId title content status isContentNode } \
               edges { __typename cursor node { __typename databaseId } } \
               pageInfo { __typename hasNextPage } } }",
        )
        .await?;
        let conn = &data["books"];
        check(
            &mut problems,
            backend,
            "books typename",
            &conn["__typename"],
            &json!("RootQueryToBookConnection"),
        );
        check(
            &mut problems,
            backend,
            "books total",
            &conn["totalCount"],
            &json!(3),
        );
        let ids: Vec<Value> = conn["nodes"]
            .as_array()
            .map(|l| l.iter().map(|n| n["databaseId"].clone()).collect())
            .unwrap_or_default();
        check(
            &mut problems,
            backend,
            "books ids (REST order)",
            &json!(ids),
            &json!(rest_ids),
        );
        let first = &conn["nodes"][0];
        check(
            &mut problems,
            backend,
            "node typename",
            &first["__typename"],
            &json!("Book"),
        );
        check(
            &mut problems,
            backend,
            "bookId",
            &first["bookId"],
            &first["databaseId"],
        );
        check(
            &mut problems,
            backend,
            "title",
            &first["title"],
            &json!("Third book"),
        );
        check(
            &mut problems,
            backend,
            "content",
            &first["content"],
            &json!("<p>Third book</p>\n"),
        );
        check(
            &mut problems,
            backend,
            "edge typename",
            &conn["edges"][0]["__typename"],
            &json!("RootQueryToBookConnectionEdge"),
        );
        check(
            &mut problems,
            backend,
            "edge node",
            &conn["edges"][0]["node"]["__typename"],
            &json!("Book"),
        );
        check(
            &mut problems,
            backend,
            "pageInfo",
            &conn["pageInfo"],
            &json!({ "__typename": "RootQueryToBookConnectionPageInfo", "hasNextPage": true }),
        );

        // One book by each id type, `bookBy`, and as `node`, `contentNode` and `nodeByUri`.
        let book = &books[0];
        let id = book["id"].as_u64().unwrap_or(0);
        let link = book["link"].as_str().unwrap_or("");
        let uri = link.strip_prefix("http://127.0.0.1:8080").unwrap_or(link);
        check(
            &mut problems,
            backend,
            "REST link",
            &json!(uri),
            &json!("/book/first-book/"),
        );
        let gid = b64(&format!("post:{id}"));
        let data = graphql(
            &endpoint,
            None,
            &format!(
                r#"{{ a: book(id: "{gid}") {{ databaseId uri link }}
                   b: book(id: {id}, idType: DATABASE_ID) {{ databaseId }}
                   c: book(id: "first-book", idType: SLUG) {{ databaseId }}
                   d: book(id: "{uri}", idType: URI) {{ databaseId }}
                   e: bookBy(bookId: {id}) {{ databaseId }}
                   f: node(id: "{gid}") {{ __typename id }}
                   g: contentNode(id: {id}, idType: DATABASE_ID) {{
                        __typename ... on Book {{ bookId }} ... on NodeWithTitle {{ title }}
                        contentType {{ node {{ name }} }} }}
                   h: nodeByUri(uri: "{uri}") {{ __typename ... on Book {{ databaseId }} }}
                   i: book(id: "{}", idType: DATABASE_ID) {{ databaseId }}
                   j: post(id: {id}, idType: DATABASE_ID) {{ databaseId }} }}"#,
                books[1]["id"]
            ),
        )
        .await?;
        check(
            &mut problems,
            backend,
            "book by ID",
            &data["a"],
            &json!({ "databaseId": id, "uri": uri, "link": link }),
        );
        for key in ["b", "c", "d", "e"] {
            check(
                &mut problems,
                backend,
                &format!("book {key}"),
                &data[key],
                &json!({ "databaseId": id }),
            );
        }
        check(
            &mut problems,
            backend,
            "node",
            &data["f"],
            &json!({ "__typename": "Book", "id": gid }),
        );
        check(
            &mut problems,
            backend,
            "contentNode",
            &data["g"],
            &json!({ "__typename": "Book", "bookId": id, "title": "First book", "contentType": { "node": { "name": "book" } } }),
        );
        check(
            &mut problems,
            backend,
            "nodeByUri",
            &data["h"],
            &json!({ "__typename": "Book", "databaseId": id }),
        );
        check(
            &mut problems,
            backend,
            "draft hidden from guests",
            &data["i"],
            &Value::Null,
        );
        check(
            &mut problems,
            backend,
            "a book is no post",
            &data["j"],
            &Value::Null,
        );
        let data = graphql(
            &endpoint,
            Some(&admin),
            &format!(
                "{{ book(id: {}, idType: DATABASE_ID) {{ status }} }}",
                books[1]["id"]
            ),
        )
        .await?;
        check(
            &mut problems,
            backend,
            "draft for its editor",
            &data["book"],
            &json!({ "status": "draft" }),
        );

        // A hierarchical type: parent and children, and a URI under the parent's.
        let data = graphql(
            &endpoint,
            None,
            &format!(
                r#"{{ guide(id: "/guide/handbook/chapter/", idType: URI) {{
                      __typename databaseId uri
                      parent {{ node {{ __typename databaseId }} }} }}
                   guides(where: {{ parent: {} }}) {{ nodes {{ databaseId }} }} }}"#,
                parent["id"]
            ),
        )
        .await?;
        check(
            &mut problems,
            backend,
            "guide",
            &data["guide"],
            &json!({ "__typename": "Guide", "databaseId": child["id"], "uri": "/guide/handbook/chapter/",
                     "parent": { "node": { "__typename": "Guide", "databaseId": parent["id"] } } }),
        );
        check(
            &mut problems,
            backend,
            "guides under a parent",
            &data["guides"],
            &json!({ "nodes": [{ "databaseId": child["id"] }] }),
        );

        // Introspection (for those allowed it): the types, their interfaces and id types;
        // the templates stay hidden, and the clashing type is not there.
        let data = graphql(
            &endpoint,
            Some(&admin),
            r#"{ book: __type(name: "Book") { interfaces { name } fields(includeDeprecated: true) { name } }
                 guide: __type(name: "Guide") { interfaces { name } }
                 idType: __type(name: "BookIdType") { enumValues { name } }
                 guideIdType: __type(name: "GuideIdType") { enumValues { name } }
                 contentNode: __type(name: "ContentNode") { possibleTypes { name } }
                 template: __type(name: "HeadpressCustomContent") { name }
                 __schema { types { name } } }"#,
        )
        .await?;
        let names = |v: &Value, key: &str| -> Vec<String> {
            v[key]
                .as_array()
                .map(|l| {
                    let mut n: Vec<String> = l
                        .iter()
                        .filter_map(|x| x["name"].as_str().map(str::to_owned))
                        .collect();
                    n.sort();
                    n
                })
                .unwrap_or_default()
        };
        check(
            &mut problems,
            backend,
            "Book interfaces",
            &json!(names(&data["book"], "interfaces")),
            &json!([
                "ContentNode",
                "DatabaseIdentifier",
                "MenuItemLinkable",
                "Node",
                "NodeWithAuthor",
                "NodeWithContentEditor",
                "NodeWithTemplate",
                "NodeWithTitle",
                "Previewable",
                "UniformResourceIdentifiable"
            ]),
        );
        let book_fields = names(&data["book"], "fields");
        for field in [
            "bookId",
            "title",
            "content",
            "author",
            "uri",
            "hasPassword",
            "template",
        ] {
            if !book_fields.iter().any(|f| f == field) {
                problems.push(format!("{backend}: Book lacks {field}"));
            }
        }
        for field in [
            "children",
            "excerpt",
            "menuOrder",
            "featuredImage",
            "headpressCustomContentId",
        ] {
            if book_fields.iter().any(|f| f == field) {
                problems.push(format!("{backend}: Book has {field}"));
            }
        }
        let guide_interfaces = names(&data["guide"], "interfaces");
        for iface in ["HierarchicalContentNode", "HierarchicalNode"] {
            if !guide_interfaces.iter().any(|f| f == iface) {
                problems.push(format!("{backend}: Guide does not implement {iface}"));
            }
        }
        check(
            &mut problems,
            backend,
            "BookIdType",
            &json!(names(&data["idType"], "enumValues")),
            &json!(["DATABASE_ID", "ID", "SLUG", "URI"]),
        );
        check(
            &mut problems,
            backend,
            "GuideIdType",
            &json!(names(&data["guideIdType"], "enumValues")),
            &json!(["DATABASE_ID", "ID", "URI"]),
        );
        check(
            &mut problems,
            backend,
            "ContentNode possible types",
            &json!(names(&data["contentNode"], "possibleTypes")),
            &json!(["Book", "Guide", "MediaItem", "Page", "Post"]),
        );
        check(
            &mut problems,
            backend,
            "template hidden",
            &data["template"],
            &Value::Null,
        );
        let types = names(&data["__schema"], "types");
        for hidden in [
            "HeadpressCustomContent",
            "HeadpressConnectionTemplate",
            "Clash",
        ] {
            if types.iter().any(|t| t == hidden) {
                problems.push(format!("{backend}: introspection lists {hidden}"));
            }
        }
        for shown in [
            "Book",
            "RootQueryToBookConnection",
            "RootQueryToBookConnectionWhereArgs",
            "BookConnection",
        ] {
            if !types.iter().any(|t| t == shown) {
                problems.push(format!("{backend}: introspection lacks {shown}"));
            }
        }
    }
    sites.cleanup().await;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}
