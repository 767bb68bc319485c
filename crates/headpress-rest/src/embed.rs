//! `_embed`: embeds linked resources into each item, one batched query per relation.
//! WordPress runs one internal request per link; the result here is the same JSON.

use std::collections::HashMap;

use futures::FutureExt;
use headpress_domain::comments as dcomments;
use headpress_domain::terms::{self as dterms, Term};
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

/// Every ancestor of the given terms (for their links and `up`), from the request's cache
/// where the chain is known, else with `terms::ancestors` (one statement) for the rest.
pub async fn term_ancestors(req: &WpRequest, terms: &[Term]) -> WpResult<HashMap<u64, Term>> {
    let mut found: HashMap<u64, Term> = HashMap::new();
    let mut unresolved: Vec<Term> = Vec::new();
    for term in terms {
        let mut parent = term.parent.0;
        let mut steps = 0;
        while parent > 0 && steps < 64 {
            if let Some(known) = found.get(&parent) {
                parent = known.parent.0;
            } else {
                let (hit, _) = req.cache.terms.lookup(&[parent]);
                match hit.into_values().next() {
                    Some(t) => {
                        parent = t.parent.0;
                        found.insert(t.term_id.0, t);
                    }
                    None => {
                        unresolved.push(term.clone());
                        break;
                    }
                }
            }
            steps += 1;
        }
    }
    if !unresolved.is_empty() {
        let loaded = dterms::ancestors(&req.site, &unresolved).await?;
        req.cache.terms.fill(&[], &loaded);
        found.extend(loaded);
    }
    Ok(found)
}

/// For a page of comments whose `in-reply-to` or `children` links will be embedded: loads
/// their parents and replies in one statement keyed on the page (`comments::family_of`), into
/// the request's cache where resolving those links finds them.
pub async fn prefetch_comment_family(
    req: &WpRequest,
    page: &[dcomments::Comment],
    rels: &[String],
) -> WpResult<()> {
    if page.is_empty() || !(wants(rels, "in-reply-to") || wants(rels, "children")) {
        return Ok(());
    }
    let family = dcomments::family_of(&req.site, page).await?;
    let parent_ids: Vec<u64> = page
        .iter()
        .map(|c| c.comment_parent.0)
        .filter(|id| *id > 0)
        .collect();
    req.cache.comments.fill(&parent_ids, &family.parents);
    req.cache
        .replies_by_parent
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .extend(family.replies);
    Ok(())
}

/// What a link's `href` points at, as far as embedding is concerned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    User(u64),
    /// A post of a REST post type (not an attachment).
    Post(String, u64),
    Media(u64),
    Comment(u64),
    /// `/wp/v2/comments?post=N`.
    Replies(u64),
    /// `/wp/v2/comments?parent=N`.
    Children(u64),
    /// `/wp/v2/<tax base>?post=N`.
    ObjectTerms(String, u64),
    /// `/wp/v2/<tax base>/N`.
    Term(String, u64),
}

/// Parses an embeddable `href` back into a route (the inverse of `rest_url`).
fn parse_target(req: &WpRequest, href: &str) -> Option<Target> {
    let o = &req.options;
    let prefix = o.rest_url("/");
    let rest = href.strip_prefix(prefix.trim_end_matches('/'))?;
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let path = path.strip_prefix("/wp/v2/")?;
    let query_param = |name: &str| -> Option<u64> {
        query?
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .and_then(|(_, v)| v.parse().ok())
    };
    let (base, id) = match path.split_once('/') {
        Some((b, id)) => (b, id.parse::<u64>().ok()),
        None => (path, None),
    };
    let site = &req.site;
    match (base, id) {
        ("users", Some(id)) => Some(Target::User(id)),
        ("media", Some(id)) => Some(Target::Media(id)),
        ("comments", Some(id)) => Some(Target::Comment(id)),
        ("comments", None) => {
            if let Some(post) = query_param("post") {
                Some(Target::Replies(post))
            } else {
                query_param("parent").map(Target::Children)
            }
        }
        (base, id) => {
            if let Some(pt) = site
                .registry()
                .post_types()
                .iter()
                .find(|t| t.show_in_rest && t.rest_base == base && t.name != "attachment")
            {
                return id.map(|id| Target::Post(pt.name.clone(), id));
            }
            let tax = site
                .registry()
                .taxonomies()
                .iter()
                .find(|t| t.show_in_rest && t.rest_base == base)?;
            match id {
                Some(id) => Some(Target::Term(tax.name.clone(), id)),
                None => query_param("post").map(|p| Target::ObjectTerms(tax.name.clone(), p)),
            }
        }
    }
}

/// A request like the one WordPress builds for an embedded link: same caller, no `_embed`
/// or `_fields`, `context=embed`.
pub fn sub_request(req: &WpRequest) -> WpRequest {
    let mut query = Map::new();
    query.insert("context".into(), json!("embed"));
    WpRequest {
        site: req.site.clone(),
        options: req.options.clone(),
        viewer: req.viewer.clone(),
        method: poem::http::Method::GET,
        route: req.route.clone(),
        url_params: Vec::new(),
        query,
        body: Map::new(),
        headers: req.headers.clone(),
        route_table: req.route_table.clone(),
        defaults: Map::new(),
        cache: req.cache.clone(),
    }
}

/// The first page (10 items) of an embedded collection.
const EMBED_PAGE: usize = 10;

/// Embeds every embeddable link of the given items in place (`WP_REST_Server::embed_links`):
/// each relation's links are resolved in one batch, whatever the number of items.
pub async fn embed_all(req: &WpRequest, items: &mut [Value], rels: &[String]) -> WpResult<()> {
    // (item index, rel, per-link target or None for a non-embeddable link)
    let mut plan: Vec<Vec<(String, Vec<Option<Target>>)>> = Vec::with_capacity(items.len());
    let mut targets: Vec<Target> = Vec::new();
    for item in items.iter() {
        let mut item_plan = Vec::new();
        if let Some(Value::Object(links)) = item.get("_links") {
            for (rel, list) in links {
                if rel == "curies" || !wants(rels, rel) {
                    continue;
                }
                let Some(list) = list.as_array() else {
                    continue;
                };
                let mut per_link = Vec::new();
                for link in list {
                    let embeddable = link.get("embeddable").and_then(Value::as_bool) == Some(true);
                    let target = if embeddable {
                        link.get("href")
                            .and_then(Value::as_str)
                            .and_then(|h| parse_target(req, h))
                    } else {
                        None
                    };
                    if let Some(t) = &target {
                        targets.push(t.clone());
                    }
                    per_link.push(target);
                }
                item_plan.push((rel.clone(), per_link));
            }
        }
        plan.push(item_plan);
    }
    if targets.is_empty() {
        return Ok(());
    }
    let resolved = resolve(req, &targets).await?;
    for (item, item_plan) in items.iter_mut().zip(plan) {
        let mut embedded = Map::new();
        for (rel, per_link) in item_plan {
            let values: Vec<Value> = per_link
                .iter()
                .map(|t| {
                    t.as_ref()
                        .and_then(|t| resolved.get(t).cloned())
                        .unwrap_or_else(|| json!([]))
                })
                .collect();
            // `array_filter`: empty arrays (no results, non-embeddable) do not count.
            let has_links = values.iter().any(|v| match v {
                Value::Array(a) => !a.is_empty(),
                Value::Object(o) => !o.is_empty(),
                Value::Null => false,
                _ => true,
            });
            if has_links {
                embedded.insert(rel, Value::Array(values));
            }
        }
        if !embedded.is_empty()
            && let Value::Object(map) = item
        {
            map.insert("_embedded".into(), Value::Object(embedded));
        }
    }
    Ok(())
}

fn invalid_post() -> Value {
    WpError::new(404, "rest_post_invalid_id", "Invalid post ID.").body()
}

/// Resolves every target, one batch per kind. A boxed future: embedded posts are prepared by
/// `posts::prepare_posts`, which itself calls `embed_all`, and the box ends that type cycle.
fn resolve<'a>(
    req: &'a WpRequest,
    targets: &'a [Target],
) -> futures::future::BoxFuture<'a, WpResult<HashMap<Target, Value>>> {
    resolve_inner(req, targets).boxed()
}

async fn resolve_inner(req: &WpRequest, targets: &[Target]) -> WpResult<HashMap<Target, Value>> {
    let mut out: HashMap<Target, Value> = HashMap::new();
    let mut users_wanted = Vec::new();
    let mut posts_wanted = Vec::new();
    let mut comments_wanted = Vec::new();
    let mut replies_wanted = Vec::new();
    let mut children_wanted = Vec::new();
    let mut object_terms: Vec<u64> = Vec::new();
    let mut terms_wanted = Vec::new();
    for t in targets {
        match t {
            Target::User(id) => users_wanted.push(*id),
            Target::Post(_, id) | Target::Media(id) => posts_wanted.push(*id),
            Target::Comment(id) => comments_wanted.push(*id),
            Target::Replies(id) => replies_wanted.push(*id),
            Target::Children(id) => children_wanted.push(*id),
            Target::ObjectTerms(_, id) => object_terms.push(*id),
            Target::Term(_, id) => terms_wanted.push(*id),
        }
    }
    for list in [
        &mut users_wanted,
        &mut posts_wanted,
        &mut comments_wanted,
        &mut replies_wanted,
        &mut children_wanted,
        &mut object_terms,
        &mut terms_wanted,
    ] {
        list.sort_unstable();
        list.dedup();
    }
    let sub = sub_request(req);

    if !users_wanted.is_empty() {
        let users = crate::users::embed_users(&sub, &users_wanted).await?;
        for id in &users_wanted {
            let value = users.get(id).cloned().unwrap_or_else(|| {
                WpError::new(404, "rest_user_invalid_id", "Invalid user ID.").body()
            });
            out.insert(Target::User(*id), value);
        }
    }

    if !posts_wanted.is_empty() {
        let posts = req.posts(&posts_wanted).await?;
        let mut by_type: HashMap<String, Vec<headpress_domain::posts::Post>> = HashMap::new();
        let parent_ids: Vec<u64> = posts
            .values()
            .filter(|p| p.post_status == "inherit" && p.post_parent.0 > 0)
            .map(|p| p.post_parent.0)
            .collect();
        let parents = req.posts(&parent_ids).await?;
        for t in targets {
            let (ty, id) = match t {
                Target::Post(ty, id) => (ty.as_str(), *id),
                Target::Media(id) => ("attachment", *id),
                _ => continue,
            };
            match posts.get(&id) {
                Some(p) if p.post_type == ty => {
                    let Some(pt) = req.site.post_type(ty) else {
                        out.insert(t.clone(), invalid_post());
                        continue;
                    };
                    let readable = if ty == "attachment" {
                        crate::media::can_read_attachment(req, p, pt, &parents)
                    } else {
                        headpress_domain::posts::can_read(&req.viewer, p, pt)
                    };
                    if readable {
                        let list = by_type.entry(ty.to_owned()).or_default();
                        if !list.iter().any(|x| x.id == p.id) {
                            list.push(p.clone());
                        }
                    } else {
                        out.insert(
                            t.clone(),
                            WpError::forbidden(
                                req.viewer.is_logged_in(),
                                "rest_forbidden",
                                "Sorry, you are not allowed to do that.",
                            )
                            .body(),
                        );
                    }
                }
                _ => {
                    out.insert(t.clone(), invalid_post());
                }
            }
        }
        // Attachments have their own serializer; every other type goes through one pass.
        let media = by_type.remove("attachment").unwrap_or_default();
        if !media.is_empty() {
            let values = crate::media::prepare_media(&sub, &media, "embed").await?;
            for (p, v) in media.iter().zip(values) {
                out.insert(Target::Media(p.id.0), v);
            }
        }
        let others: Vec<headpress_domain::posts::Post> = by_type.into_values().flatten().collect();
        for (p, v) in crate::posts::prepare_posts_of_any_type(&sub, &others, "embed").await? {
            out.insert(Target::Post(p.post_type.clone(), p.id.0), v);
        }
    }

    if !comments_wanted.is_empty() {
        let found = req.comments(&comments_wanted).await?;
        let list: Vec<_> = comments_wanted
            .iter()
            .filter_map(|id| found.get(id).cloned())
            .collect();
        let (readable, posts) =
            crate::comments::readable(&sub, list, true, &HashMap::new()).await?;
        let values = crate::comments::prepare_with_posts(&sub, &readable, "embed", &posts).await?;
        for id in &comments_wanted {
            let value = match readable.iter().position(|c| c.id.0 == *id) {
                Some(i) => values.get(i).cloned().unwrap_or(Value::Null),
                None if found.contains_key(id) => WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_cannot_read",
                    "Sorry, you are not allowed to read this comment.",
                )
                .body(),
                None => WpError::new(404, "rest_comment_invalid_id", "Invalid comment ID.").body(),
            };
            out.insert(Target::Comment(*id), value);
        }
    }

    if !replies_wanted.is_empty() || !children_wanted.is_empty() {
        // Replies prefetched with the page (`prefetch_comment_family`) are not asked again.
        let (mut by_parent, uncached): (HashMap<u64, Vec<dcomments::Comment>>, Vec<u64>) = {
            let cached = req
                .cache
                .replies_by_parent
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut hits = HashMap::new();
            let mut misses = Vec::new();
            for id in &children_wanted {
                match cached.get(id) {
                    Some(list) => {
                        hits.insert(*id, list.clone());
                    }
                    None => misses.push(*id),
                }
            }
            (hits, misses)
        };
        let (by_post, loaded) = futures::try_join!(
            async {
                dcomments::approved_for_posts(&req.site, &replies_wanted)
                    .await
                    .map_err(WpError::from)
            },
            async {
                dcomments::approved_for_parents(&req.site, &uncached)
                    .await
                    .map_err(WpError::from)
            },
        )?;
        by_parent.extend(loaded);
        // The replies' posts: whether the caller may read them at all.
        let reply_posts = req.posts(&replies_wanted).await?;
        let mut all = Vec::new();
        for list in by_post.values().chain(by_parent.values()) {
            all.extend(list.iter().cloned());
        }
        let (readable, posts) = crate::comments::readable(&sub, all, false, &reply_posts).await?;
        let readable_ids: std::collections::HashSet<u64> =
            readable.iter().map(|c| c.id.0).collect();
        let mut page_ids: Vec<u64> = Vec::new();
        let mut pages: Vec<(Target, Vec<u64>)> = Vec::new();
        for id in &replies_wanted {
            let target = Target::Replies(*id);
            if let Some(post) = reply_posts.get(id)
                && !crate::comments::post_readable_for_replies(&sub, post, &posts)
            {
                out.insert(
                    target,
                    WpError::forbidden(
                        req.viewer.is_logged_in(),
                        "rest_cannot_read_post",
                        "Sorry, you are not allowed to read the post for this comment.",
                    )
                    .body(),
                );
                continue;
            }
            let ids: Vec<u64> = by_post
                .get(id)
                .map(|l| l.iter().take(EMBED_PAGE).map(|c| c.id.0).collect())
                .unwrap_or_default();
            page_ids.extend(&ids);
            pages.push((target, ids));
        }
        for id in &children_wanted {
            let ids: Vec<u64> = by_parent
                .get(id)
                .map(|l| l.iter().take(EMBED_PAGE).map(|c| c.id.0).collect())
                .unwrap_or_default();
            page_ids.extend(&ids);
            pages.push((Target::Children(*id), ids));
        }
        let shown: Vec<_> = readable
            .iter()
            .filter(|c| page_ids.contains(&c.id.0))
            .cloned()
            .collect();
        let values = crate::comments::prepare_with_posts(&sub, &shown, "embed", &posts).await?;
        let by_id: HashMap<u64, Value> = shown.iter().map(|c| c.id.0).zip(values).collect();
        for (target, ids) in pages {
            let list: Vec<Value> = ids
                .iter()
                .filter(|id| readable_ids.contains(id))
                .filter_map(|id| by_id.get(id).cloned())
                .collect();
            out.insert(target, Value::Array(list));
        }
    }

    if !object_terms.is_empty() {
        let taxonomies: Vec<String> = req
            .site
            .registry()
            .taxonomies()
            .iter()
            .filter(|t| t.show_in_rest)
            .map(|t| t.name.clone())
            .collect();
        let tax_refs: Vec<&str> = taxonomies.iter().map(String::as_str).collect();
        let found = dterms::terms_for_objects(&req.site, &object_terms, &tax_refs).await?;
        let all_terms: Vec<Term> = found.values().flatten().cloned().collect();
        let ancestors = term_ancestors(req, &all_terms).await?;
        for t in targets {
            if let Target::ObjectTerms(taxonomy, id) = t {
                let mut terms: Vec<&Term> = found
                    .get(id)
                    .map(|ts| ts.iter().filter(|x| &x.taxonomy == taxonomy).collect())
                    .unwrap_or_default();
                // The linked collection's first page: ordered by name, 10 per page.
                terms.truncate(EMBED_PAGE);
                out.insert(
                    t.clone(),
                    Value::Array(
                        terms
                            .iter()
                            .map(|x| term_embed(req, x, &ancestors))
                            .collect(),
                    ),
                );
            }
        }
    }

    if !terms_wanted.is_empty() {
        let found = req
            .cache
            .terms
            .get_or_load(&terms_wanted, |missing| async move {
                dterms::get_many(&req.site, &missing).await
            })
            .await?;
        let list: Vec<Term> = found.values().cloned().collect();
        let ancestors = term_ancestors(req, &list).await?;
        for t in targets {
            if let Target::Term(taxonomy, id) = t {
                let value = match found.get(id) {
                    Some(term) if &term.taxonomy == taxonomy => term_embed(req, term, &ancestors),
                    _ => WpError::new(404, "rest_term_invalid", "Term does not exist.").body(),
                };
                out.insert(t.clone(), value);
            }
        }
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
