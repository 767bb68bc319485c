//! `_embed`: embeds linked resources into each item, one batched query per relation.
//! WordPress runs one internal request per link; the result here is the same JSON.

use std::collections::HashMap;

use headpress_domain::terms::{self as dterms, Term};
use headpress_domain::users;
use md5::{Digest, Md5};
use serde_json::{Map, Value, json};

use crate::error::{WpError, WpResult};
use crate::links::Links;
use crate::request::WpRequest;

/// The relations asked for: `None` when `_embed` is absent, an empty list for "all".
pub fn requested(req: &WpRequest) -> Option<Vec<String>> {
    let raw = req.query.get("_embed")?;
    let list: Vec<String> = crate::args::parse_list(raw)
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .filter(|s| !s.is_empty() && s != "1" && s != "true")
        .collect();
    Some(list)
}

fn wants(rels: &[String], rel: &str) -> bool {
    rels.is_empty() || rels.iter().any(|r| r == rel)
}

/// Embeds `author` and `wp:term` links of the given items in place.
pub async fn embed_all(req: &WpRequest, items: &mut [Value], rels: &[String]) -> WpResult<()> {
    let mut author_ids = Vec::new();
    let mut term_objects = Vec::new();
    for item in items.iter() {
        let links = item.get("_links");
        if wants(rels, "author") {
            if let Some(id) = links
                .and_then(|l| l.get("author"))
                .and_then(|a| a.get(0))
                .and_then(|a| a.get("href"))
                .and_then(Value::as_str)
                .and_then(|h| h.rsplit('/').next())
                .and_then(|id| id.parse::<u64>().ok())
            {
                author_ids.push(id);
            }
        }
        if wants(rels, "wp:term") && links.and_then(|l| l.get("wp:term")).is_some() {
            if let Some(id) = item.get("id").and_then(Value::as_u64) {
                term_objects.push(id);
            }
        }
    }
    author_ids.sort_unstable();
    author_ids.dedup();
    let authors = embed_users(req, &author_ids).await?;
    let taxonomies: Vec<String> = req
        .site
        .registry()
        .taxonomies()
        .iter()
        .filter(|t| t.show_in_rest)
        .map(|t| t.name.clone())
        .collect();
    let tax_refs: Vec<&str> = taxonomies.iter().map(String::as_str).collect();
    let object_terms = if term_objects.is_empty() {
        HashMap::new()
    } else {
        dterms::terms_for_objects(&req.site, &term_objects, &tax_refs).await?
    };
    let all_terms: Vec<Term> = object_terms.values().flatten().cloned().collect();
    let ancestors = dterms::ancestors(&req.site, &all_terms).await?;

    for item in items.iter_mut() {
        let mut embedded = Map::new();
        let links = item.get("_links").cloned().unwrap_or(Value::Null);
        if wants(rels, "author") {
            if let Some(href) = links
                .get("author")
                .and_then(|a| a.get(0))
                .and_then(|a| a.get("href"))
                .and_then(Value::as_str)
            {
                let id = href
                    .rsplit('/')
                    .next()
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or(0);
                let value = authors.get(&id).cloned().unwrap_or_else(|| {
                    WpError::new(404, "rest_user_invalid_id", "Invalid user ID.").body()
                });
                embedded.insert("author".into(), json!([value]));
            }
        }
        if wants(rels, "wp:term") {
            if let Some(term_links) = links.get("wp:term").and_then(Value::as_array) {
                let id = item.get("id").and_then(Value::as_u64).unwrap_or(0);
                let mut groups = Vec::new();
                for link in term_links {
                    let taxonomy = link.get("taxonomy").and_then(Value::as_str).unwrap_or("");
                    let mut terms: Vec<&Term> = object_terms
                        .get(&id)
                        .map(|ts| ts.iter().filter(|t| t.taxonomy == taxonomy).collect())
                        .unwrap_or_default();
                    // The linked collection's first page: ordered by name, 10 per page.
                    terms.truncate(10);
                    groups.push(Value::Array(
                        terms
                            .iter()
                            .map(|t| term_embed(req, t, &ancestors))
                            .collect(),
                    ));
                }
                embedded.insert("wp:term".into(), Value::Array(groups));
            }
        }
        if !embedded.is_empty() {
            if let Value::Object(map) = item {
                map.insert("_embedded".into(), Value::Object(embedded));
            }
        }
    }
    Ok(())
}

/// Users in `embed` context, keyed by ID.
async fn embed_users(req: &WpRequest, ids: &[u64]) -> WpResult<HashMap<u64, Value>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (found, meta) = futures::try_join!(
        async {
            users::find_by_ids(&req.site, ids)
                .await
                .map_err(WpError::from)
        },
        async {
            users::meta_for(&req.site, ids, &["description"])
                .await
                .map_err(WpError::from)
        },
    )?;
    let o = &req.options;
    let mut out = HashMap::new();
    for (id, user) in found {
        let description = meta
            .get(&id)
            .and_then(|m| m.iter().find(|(k, _)| k == "description"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let mut links = Links::new();
        links.add(
            "self",
            json!({ "href": o.rest_url(&format!("/wp/v2/users/{id}")) }),
        );
        links.add("collection", json!({ "href": o.rest_url("/wp/v2/users") }));
        out.insert(
            id,
            json!({
                "id": id,
                "name": user.display_name,
                "url": user.user_url,
                "description": description,
                "link": format!("{}/author/{}/", o.home(), user.user_nicename),
                "slug": user.user_nicename,
                "avatar_urls": avatar_urls(req, &user.user_email),
                "_links": links.into_json(),
            }),
        );
    }
    Ok(out)
}

/// `rest_get_avatar_urls`: Gravatar URLs for 24, 48 and 96 pixels.
pub fn avatar_urls(req: &WpRequest, email: &str) -> Value {
    let hash = Md5::digest(email.trim().to_lowercase().as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    let server = u32::from_str_radix(&hex[..1], 16).unwrap_or(0) % 3;
    let default = match req.options.get_or("avatar_default", "mystery") {
        "mystery" => "mm".to_owned(),
        "gravatar_default" => String::new(),
        other => other.to_owned(),
    };
    let rating = req.options.get_or("avatar_rating", "G").to_lowercase();
    let mut out = Map::new();
    for size in [24, 48, 96] {
        out.insert(
            size.to_string(),
            json!(format!(
                "http://{server}.gravatar.com/avatar/{hex}?s={size}&d={default}&r={rating}"
            )),
        );
    }
    Value::Object(out)
}

/// `get_term_link`: `/category/parent/child/` for hierarchical taxonomies.
pub fn term_link(req: &WpRequest, term: &Term, ancestors: &HashMap<u64, Term>) -> String {
    let o = &req.options;
    let home = o.home();
    if o.permalink_structure().is_empty() {
        let var = match term.taxonomy.as_str() {
            "category" => "cat".to_owned(),
            "post_tag" => "tag".to_owned(),
            other => other.to_owned(),
        };
        let value = if term.taxonomy == "category" {
            term.term_id.0.to_string()
        } else {
            term.slug.clone()
        };
        return format!("{home}/?{var}={value}");
    }
    let base = match term.taxonomy.as_str() {
        "category" => non_empty(o.get_or("category_base", ""), "category"),
        "post_tag" => non_empty(o.get_or("tag_base", ""), "tag"),
        other => other.to_owned(),
    };
    let hierarchical = req
        .site
        .taxonomy(&term.taxonomy)
        .is_some_and(|t| t.hierarchical);
    let mut slugs = vec![term.slug.clone()];
    if hierarchical {
        let mut parent = term.parent.0;
        let mut depth = 0;
        while parent > 0 && depth < 32 {
            depth += 1;
            match ancestors.get(&parent) {
                Some(t) => {
                    slugs.push(t.slug.clone());
                    parent = t.parent.0;
                }
                None => break,
            }
        }
    }
    slugs.reverse();
    format!("{home}/{}/{}/", base.trim_matches('/'), slugs.join("/"))
}

fn non_empty(value: &str, fallback: &str) -> String {
    if value.is_empty() {
        fallback.to_owned()
    } else {
        value.to_owned()
    }
}

/// A term in `embed` context.
pub fn term_embed(req: &WpRequest, term: &Term, ancestors: &HashMap<u64, Term>) -> Value {
    let o = &req.options;
    let rest_base = req
        .site
        .taxonomy(&term.taxonomy)
        .map(|t| t.rest_base.clone())
        .unwrap_or_else(|| term.taxonomy.clone());
    let id = term.term_id.0;
    let mut links = Links::new();
    links.add(
        "self",
        json!({ "href": o.rest_url(&format!("/wp/v2/{rest_base}/{id}")) }),
    );
    links.add(
        "collection",
        json!({ "href": o.rest_url(&format!("/wp/v2/{rest_base}")) }),
    );
    links.add(
        "about",
        json!({ "href": o.rest_url(&format!("/wp/v2/taxonomies/{}", term.taxonomy)) }),
    );
    if term.parent.0 > 0 {
        links.add("up", json!({ "embeddable": true, "href": o.rest_url(&format!("/wp/v2/{rest_base}/{}", term.parent.0)) }));
    }
    if let Some(tax) = req.site.taxonomy(&term.taxonomy) {
        for object_type in &tax.object_types {
            if let Some(pt) = req.site.post_type(object_type) {
                links.add(
                    "wp:post_type",
                    json!({ "href": format!("{}?{rest_base}={id}", o.rest_url(&format!("/wp/v2/{}", pt.rest_base))) }),
                );
            }
        }
    }
    json!({
        "id": id,
        "link": term_link(req, term, ancestors),
        "name": term.name,
        "slug": term.slug,
        "taxonomy": term.taxonomy,
        "_links": links.into_json(),
    })
}
