//! `WP_REST_Search_Controller`: `/wp/v2/search` over posts, terms and post formats.

use futures::FutureExt;
use futures::future::BoxFuture;
use headpress_domain::Site;
use headpress_domain::search::{PostSearch, search_posts};
use headpress_domain::terms::{self as dterms, Term, collation_key};
use poem::http::Method;
use serde_json::{Map, Value, json};

use crate::args::{ArgSpec, Schema, arg, ids_of};
use crate::error::{WpError, WpResult};
use crate::links::{Links, pagination_links};
use crate::request::WpRequest;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

/// `get_post_format_strings()` in order (without `standard`, which has no term).
const POST_FORMATS: &[(&str, &str)] = &[
    ("aside", "Aside"),
    ("chat", "Chat"),
    ("gallery", "Gallery"),
    ("link", "Link"),
    ("image", "Image"),
    ("quote", "Quote"),
    ("status", "Status"),
    ("video", "Video"),
    ("audio", "Audio"),
];

/// The post search handler's subtypes: public REST post types but attachments.
fn post_subtypes(site: &Site) -> Vec<String> {
    site.registry()
        .post_types()
        .iter()
        .filter(|t| t.show_in_rest && t.name != "attachment")
        .map(|t| t.name.clone())
        .collect()
}

fn term_subtypes(site: &Site) -> Vec<String> {
    site.registry()
        .taxonomies()
        .iter()
        .filter(|t| t.show_in_rest)
        .map(|t| t.name.clone())
        .collect()
}

pub fn routes(site: &Site) -> Vec<RouteDef> {
    // The handlers' subtypes in handler order, then `any` (`get_collection_params`).
    let mut subtypes: Vec<String> = post_subtypes(site);
    subtypes.extend(term_subtypes(site));
    subtypes.push("any".into());
    let subtype_refs: Vec<&str> = subtypes.iter().map(String::as_str).collect();
    let id_list = |d: &str| Schema::array_of(Schema::integer(""), d).default(json!([]));
    let args: Vec<ArgSpec> = vec![
        arg(
            "context",
            Schema::string(
                "Scope under which the request is made; determines fields present in response.",
            )
            .one_of(&["view", "embed"])
            .default(json!("view")),
        ),
        arg(
            "page",
            Schema::integer("Current page of the collection.")
                .default(json!(1))
                .range(Some(1), None),
        ),
        arg(
            "per_page",
            Schema::integer("Maximum number of items to be returned in result set.")
                .default(json!(10))
                .range(Some(1), Some(100)),
        ),
        arg(
            "search",
            Schema::string("Limit results to those matching a string."),
        ),
        arg(
            "type",
            Schema::string("Limit results to items of an object type.")
                .one_of(&["post", "term", "post-format"])
                .default(json!("post")),
        ),
        arg(
            "subtype",
            Schema::array_of(
                Schema::string("").one_of(&subtype_refs),
                "Limit results to items of one or more object subtypes.",
            )
            .default(json!("any")),
        ),
        arg(
            "exclude",
            id_list("Ensure result set excludes specific IDs."),
        ),
        arg("include", id_list("Limit result set to specific IDs.")),
    ];
    vec![
        route(
            "wp/v2",
            "/wp/v2/search",
            vec![EndpointDef::new(&[Method::GET], Search, args)],
        )
        .with_schema(std::sync::Arc::new(|site: &Site, _| {
            let mut subtypes = post_subtypes(site);
            subtypes.extend(term_subtypes(site));
            crate::schema::search_item_schema(&subtypes)
        })),
    ]
}

struct Search;

impl Controller for Search {
    fn permission<'a>(&'a self, _req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async { Ok(()) }.boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        search(req, args).boxed()
    }
}

async fn search(req: &WpRequest, args: &Map<String, Value>) -> WpResult<WpResponse> {
    let ty = args.get("type").and_then(Value::as_str).unwrap_or("post");
    let page = args.get("page").and_then(Value::as_u64).unwrap_or(1).max(1);
    let per_page = args
        .get("per_page")
        .and_then(Value::as_u64)
        .unwrap_or(10)
        .clamp(1, 100);
    let search = args
        .get("search")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    // `sanitize_subtypes`: `any` means every subtype of the handler.
    let asked: Vec<String> = args
        .get("subtype")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let handler_subtypes = match ty {
        "term" => term_subtypes(&req.site),
        "post" => post_subtypes(&req.site),
        _ => Vec::new(),
    };
    let subtypes: Vec<String> = if asked.is_empty() || asked.iter().any(|s| s == "any") {
        handler_subtypes
    } else {
        asked
            .into_iter()
            .filter(|s| handler_subtypes.contains(s))
            .collect()
    };
    let o = &req.options;
    let collection = json!({ "href": o.rest_url("/wp/v2/search") });
    let (items, total): (Vec<Value>, u64) = match ty {
        "term" => {
            let mut all: Vec<Term> = Vec::new();
            for tax in &subtypes {
                all.extend(dterms::all_in_taxonomy(&req.site, tax).await?);
            }
            let include = ids_of(args, "include");
            let exclude = ids_of(args, "exclude");
            let needle = search.as_deref().map(collation_key);
            let mut matching: Vec<Term> = all
                .into_iter()
                .filter(|t| include.is_empty() || include.contains(&t.term_id.0))
                .filter(|t| !exclude.contains(&t.term_id.0))
                .filter(|t| {
                    needle.as_ref().is_none_or(|n| {
                        collation_key(&t.name).contains(n.as_str())
                            || collation_key(&t.slug).contains(n.as_str())
                    })
                })
                .collect();
            matching.sort_by(|a, b| {
                collation_key(&a.name)
                    .cmp(&collation_key(&b.name))
                    .then(a.term_id.cmp(&b.term_id))
            });
            let total = matching.len() as u64;
            let shown: Vec<Term> = matching
                .into_iter()
                .skip(usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX))
                .take(usize::try_from(per_page).unwrap_or(usize::MAX))
                .collect();
            let ancestors = dterms::ancestors(&req.site, &shown).await?;
            let items = shown
                .iter()
                .map(|t| {
                    let base = req
                        .site
                        .taxonomy(&t.taxonomy)
                        .map(|x| x.rest_base.clone())
                        .unwrap_or_default();
                    let mut links = Links::new();
                    links.add("self", json!({ "embeddable": true, "href": o.rest_url(&format!("/wp/v2/{base}/{}", t.term_id.0)) }));
                    links.add("about", json!({ "href": o.rest_url(&format!("/wp/v2/taxonomies/{}", t.taxonomy)) }));
                    links.add("collection", collection.clone());
                    json!({
                        "id": t.term_id.0,
                        "title": t.name,
                        "url": crate::embed::term_link(req, t, &ancestors),
                        "type": t.taxonomy,
                        "_links": links.into_json(),
                    })
                })
                .collect();
            (items, total)
        }
        "post-format" => {
            let existing: Vec<String> = dterms::all_in_taxonomy(&req.site, "post_format")
                .await?
                .into_iter()
                .map(|t| t.slug)
                .collect();
            let needle = search.as_deref().map(str::to_lowercase);
            let found: Vec<(&str, &str)> = POST_FORMATS
                .iter()
                .filter(|(slug, label)| {
                    needle.as_ref().is_none_or(|n| {
                        slug.contains(n.as_str()) || label.to_lowercase().contains(n.as_str())
                    })
                })
                .filter(|(slug, _)| existing.iter().any(|e| *e == format!("post-format-{slug}")))
                .copied()
                .collect();
            let total = found.len() as u64;
            let home = o.home();
            let items = found
                .iter()
                .skip(usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX))
                .take(usize::try_from(per_page).unwrap_or(usize::MAX))
                .map(|(slug, label)| {
                    let url = if o.permalink_structure().is_empty() {
                        format!("{home}/?post_format={slug}")
                    } else {
                        format!("{home}/type/{slug}/")
                    };
                    let mut links = Links::new();
                    links.add("collection", collection.clone());
                    json!({
                        "id": slug,
                        "title": label,
                        "url": url,
                        "type": "post-format",
                        "_links": links.into_json(),
                    })
                })
                .collect();
            (items, total)
        }
        _ => {
            let q = PostSearch {
                post_types: subtypes,
                search: search.clone(),
                include: ids_of(args, "include"),
                exclude: ids_of(args, "exclude"),
                logged_in: req.viewer.is_logged_in(),
                limit: per_page,
                offset: (page - 1) * per_page,
            };
            let (posts, total) = search_posts(&req.site, &q).await?;
            let links = crate::posts::permalinks_for(req, &posts).await?;
            let items = posts
                .iter()
                .map(|p| {
                    let base = req
                        .site
                        .post_type(&p.post_type)
                        .map(|t| t.rest_base.clone())
                        .unwrap_or_default();
                    let mut l = Links::new();
                    l.add("self", json!({ "embeddable": true, "href": o.rest_url(&format!("/wp/v2/{base}/{}", p.id.0)) }));
                    l.add("about", json!({ "href": o.rest_url(&format!("/wp/v2/types/{}", p.post_type)) }));
                    l.add("collection", collection.clone());
                    json!({
                        "id": p.id.0,
                        // The handler sets `protected_title_format` to `%s`: no "Protected: ".
                        "title": crate::render::title(&headpress_domain::posts::Post {
                            post_password: String::new(),
                            ..p.clone()
                        }),
                        "url": links.get(&p.id.0).cloned().unwrap_or_default(),
                        "type": "post",
                        "subtype": p.post_type,
                        "_links": l.into_json(),
                    })
                })
                .collect();
            (items, total)
        }
    };
    let max_pages = total.div_ceil(per_page);
    if page > max_pages && total > 0 {
        return Err(WpError::new(
            400,
            "rest_search_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        ));
    }
    let mut items = items;
    if let Some(rels) = crate::embed::requested(req) {
        crate::embed::embed_all(req, &mut items, &rels).await?;
    }
    let mut resp = WpResponse::ok(Value::Array(items))
        .header("X-WP-Total", total.to_string())
        .header("X-WP-TotalPages", max_pages.to_string());
    if let Some(link) = pagination_links(req, args, "/wp/v2/search", page, max_pages) {
        resp = resp.header("Link", link);
    }
    Ok(resp)
}
