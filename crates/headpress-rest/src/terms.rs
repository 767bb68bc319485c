//! `WP_REST_Terms_Controller` for every REST taxonomy: `/wp/v2/categories`, `/wp/v2/tags`, …

use std::collections::{HashMap, HashSet};

use futures::FutureExt;
use futures::future::BoxFuture;
use headpress_domain::Site;
use headpress_domain::terms::{self as dterms, Term, collation_key};
use headpress_domain::types::Taxonomy;
use poem::http::Method;
use serde_json::{Map, Value, json};

use crate::args::{ArgSpec, Schema, arg, ids_of};
use crate::error::{WpError, WpResult};
use crate::links::{Links, pagination_links};
use crate::request::WpRequest;
use crate::routes::{Controller, EndpointDef, RouteDef, route};
use crate::server::WpResponse;

pub fn routes(site: &Site) -> Vec<RouteDef> {
    let mut routes = Vec::new();
    for tax in site.registry().taxonomies() {
        if !tax.show_in_rest {
            continue;
        }
        let base = format!("/wp/v2/{}", tax.rest_base);
        let id_arg = || arg("id", Schema::integer("Unique identifier for the term."));
        let schema = crate::schema::term_item_schema(site, tax);
        let tax_name = tax.name.clone();
        let schema_fn: crate::routes::SchemaFn =
            std::sync::Arc::new(move |site: &Site, _| match site.taxonomy(&tax_name) {
                Some(tax) => crate::schema::term_item_schema(site, tax),
                None => Value::Null,
            });
        let mut update_args = vec![id_arg()];
        update_args.extend(crate::schema::endpoint_args_for_schema(&schema, false));
        routes.push(
            route(
                "wp/v2",
                &base,
                vec![
                    EndpointDef::new(
                        &[Method::GET],
                        ListTerms(tax.name.clone()),
                        collection_args(tax),
                    )
                    .batchable(),
                    EndpointDef::new(
                        &[Method::POST],
                        WriteTerms(tax.name.clone(), Write::Create),
                        crate::schema::endpoint_args_for_schema(&schema, true),
                    )
                    .batchable(),
                ],
            )
            .with_schema(schema_fn.clone()),
        );
        routes.push(
            route(
                "wp/v2",
                &format!("{base}/:id"),
                vec![
                    EndpointDef::new(
                        &[Method::GET],
                        GetTerm(tax.name.clone()),
                        vec![id_arg(), crate::posts::context_arg("view")],
                    )
                    .batchable(),
                    EndpointDef::new(
                        &[Method::POST, Method::PUT, Method::PATCH],
                        WriteTerms(tax.name.clone(), Write::Update),
                        update_args,
                    )
                    .batchable(),
                    EndpointDef::new(
                        &[Method::DELETE],
                        WriteTerms(tax.name.clone(), Write::Delete),
                        vec![
                            id_arg(),
                            arg(
                                "force",
                                Schema::boolean(
                                    "Required to be true, as terms do not support trashing.",
                                )
                                .default(json!(false)),
                            ),
                        ],
                    )
                    .batchable(),
                ],
            )
            .with_schema(schema_fn),
        );
    }
    routes
}

fn collection_args(tax: &Taxonomy) -> Vec<ArgSpec> {
    let id_list = |d: &str| Schema::array_of(Schema::integer(""), d).default(json!([]));
    let mut args = vec![
        crate::posts::context_arg("view"),
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
            "exclude",
            id_list("Ensure result set excludes specific IDs."),
        ),
        arg("include", id_list("Limit result set to specific IDs.")),
    ];
    if !tax.hierarchical {
        args.push(arg(
            "offset",
            Schema::integer("Offset the result set by a specific number of items."),
        ));
    }
    args.push(arg(
        "order",
        Schema::string("Order sort attribute ascending or descending.")
            .one_of(&["asc", "desc"])
            .default(json!("asc")),
    ));
    args.push(arg(
        "orderby",
        Schema::string("Sort collection by term attribute.")
            .one_of(&[
                "id",
                "include",
                "name",
                "slug",
                "include_slugs",
                "term_group",
                "description",
                "count",
            ])
            .default(json!("name")),
    ));
    args.push(arg(
        "hide_empty",
        Schema::boolean("Whether to hide terms not assigned to any posts.").default(json!(false)),
    ));
    if tax.hierarchical {
        args.push(arg(
            "parent",
            Schema::integer("Limit result set to terms assigned to a specific parent."),
        ));
    }
    args.push(arg(
        "post",
        Schema::integer("Limit result set to terms assigned to a specific post.")
            .default(json!(null)),
    ));
    args.push(arg(
        "slug",
        Schema::array_of(
            Schema::string(""),
            "Limit result set to terms with one or more specific slugs.",
        ),
    ));
    args
}

struct ListTerms(String);
struct GetTerm(String);
struct WriteTerms(String, Write);

#[derive(Clone, Copy)]
enum Write {
    Create,
    Update,
    Delete,
}

fn taxonomy<'a>(req: &'a WpRequest, name: &str) -> WpResult<&'a Taxonomy> {
    req.site
        .taxonomy(name)
        .ok_or_else(|| WpError::internal("unknown taxonomy"))
}

/// The primitive capability behind a taxonomy's `manage_terms`/`edit_terms`/`delete_terms`
/// (`manage_categories` for the built-ins) and `assign_terms` (`edit_posts`).
fn term_cap(action: &str) -> &'static str {
    match action {
        "assign" => "edit_posts",
        _ => "manage_categories",
    }
}

fn raw_context(req: &WpRequest) -> String {
    req.raw("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
        .to_owned()
}

impl Controller for ListTerms {
    fn sanitize(&self, _req: &WpRequest, args: &mut Map<String, Value>) -> WpResult<()> {
        // `wp_parse_slug_list`.
        if let Some(Value::Array(slugs)) = args.get_mut("slug") {
            for slug in slugs.iter_mut() {
                if let Value::String(s) = slug {
                    *s = headpress_php::sanitize::sanitize_title(s);
                }
            }
        }
        Ok(())
    }
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            if raw_context(req) == "edit" && !req.viewer.can(term_cap("edit")) {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_forbidden_context",
                    "Sorry, you are not allowed to edit terms in this taxonomy.",
                ));
            }
            Ok(())
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        list(req, &self.0, args).boxed()
    }
}

async fn list(req: &WpRequest, tax_name: &str, args: &Map<String, Value>) -> WpResult<WpResponse> {
    let tax = taxonomy(req, tax_name)?;
    let per_page = args
        .get("per_page")
        .and_then(Value::as_u64)
        .unwrap_or(10)
        .clamp(1, 100);
    let page = args.get("page").and_then(Value::as_u64).unwrap_or(1).max(1);
    let offset = match args.get("offset").and_then(Value::as_i64) {
        Some(o) if o != 0 => o.unsigned_abs(),
        _ => (page - 1) * per_page,
    };
    let post = args.get("post").and_then(Value::as_u64).filter(|p| *p > 0);
    let all = match post {
        // `wp_get_object_terms`: only the post's terms.
        Some(post) => dterms::terms_for_objects(&req.site, &[post], &[tax_name])
            .await?
            .remove(&post)
            .unwrap_or_default(),
        None => {
            let all = dterms::all_in_taxonomy(&req.site, tax_name).await?;
            // The whole taxonomy is at hand: parents, ancestors and embedded `up` terms
            // are found here rather than queried again.
            let by_id: HashMap<u64, Term> = all.iter().map(|t| (t.term_id.0, t.clone())).collect();
            req.cache.terms.fill(&[], &by_id);
            all
        }
    };
    let include = ids_of(args, "include");
    let exclude = ids_of(args, "exclude");
    let slugs: Vec<String> = args
        .get("slug")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let search = args
        .get("search")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(collation_key);
    let parent = if tax.hierarchical {
        args.get("parent").and_then(Value::as_i64)
    } else {
        None
    };
    let hide_empty = args.get("hide_empty").and_then(Value::as_bool) == Some(true);
    // With `hide_empty`, a hierarchical taxonomy keeps empty terms that have non-empty
    // descendants (`WP_Term_Query`'s `_get_term_children` pass).
    let non_empty_branch: HashSet<u64> = if hide_empty && tax.hierarchical && post.is_none() {
        let parents: HashMap<u64, u64> = all.iter().map(|t| (t.term_id.0, t.parent.0)).collect();
        let mut keep = HashSet::new();
        for t in all.iter().filter(|t| t.count > 0) {
            let mut id = t.term_id.0;
            let mut guard = 0;
            while id > 0 && guard < 64 && keep.insert(id) {
                id = parents.get(&id).copied().unwrap_or(0);
                guard += 1;
            }
        }
        keep
    } else {
        all.iter()
            .filter(|t| t.count > 0)
            .map(|t| t.term_id.0)
            .collect()
    };
    let mut matching: Vec<Term> = all
        .into_iter()
        .filter(|t| include.is_empty() || include.contains(&t.term_id.0))
        .filter(|t| !exclude.contains(&t.term_id.0))
        .filter(|t| slugs.is_empty() || slugs.contains(&t.slug))
        .filter(|t| {
            search.as_ref().is_none_or(|s| {
                collation_key(&t.name).contains(s.as_str())
                    || collation_key(&t.slug).contains(s.as_str())
            })
        })
        .filter(|t| parent.is_none_or(|p| t.parent.0 as i64 == p))
        .filter(|t| !hide_empty || non_empty_branch.contains(&t.term_id.0))
        .collect();
    let orderby = args
        .get("orderby")
        .and_then(Value::as_str)
        .unwrap_or("name");
    let desc = args.get("order").and_then(Value::as_str) == Some("desc");
    match orderby {
        "include" if !include.is_empty() => {
            matching.sort_by_key(|t| include.iter().position(|i| *i == t.term_id.0));
        }
        "include_slugs" if !slugs.is_empty() => {
            matching.sort_by_key(|t| slugs.iter().position(|s| *s == t.slug));
        }
        _ => {
            matching.sort_by(|a, b| {
                let ord = match orderby {
                    "id" => a.term_id.cmp(&b.term_id),
                    "slug" => a.slug.cmp(&b.slug),
                    "term_group" => a.term_group.cmp(&b.term_group),
                    "description" => {
                        collation_key(&a.description).cmp(&collation_key(&b.description))
                    }
                    "count" => a.count.cmp(&b.count),
                    _ => collation_key(&a.name).cmp(&collation_key(&b.name)),
                };
                if desc { ord.reverse() } else { ord }
            });
        }
    }
    let total = matching.len() as u64;
    let page_terms: Vec<Term> = matching
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .collect();
    let context = args
        .get("context")
        .and_then(Value::as_str)
        .unwrap_or("view")
        .to_owned();
    let mut items = prepare_terms(req, &page_terms, &context).await?;
    embed_if_requested(req, &mut items).await?;
    let max_pages = total.div_ceil(per_page);
    let link_page = offset / per_page + 1;
    let mut resp = WpResponse::ok(Value::Array(items))
        .header("X-WP-Total", total.to_string())
        .header("X-WP-TotalPages", max_pages.to_string());
    if let Some(link) = pagination_links(
        req,
        args,
        &format!("/wp/v2/{}", tax.rest_base),
        link_page,
        max_pages,
    ) {
        resp = resp.header("Link", link);
    }
    Ok(resp)
}

async fn embed_if_requested(req: &WpRequest, items: &mut [Value]) -> WpResult<()> {
    if let Some(rels) = crate::embed::requested(req) {
        let wanted = crate::posts::requested_fields(req).is_none_or(|f| {
            f.iter()
                .any(|x| x == "_embedded" || x.starts_with("_embedded."))
        });
        if wanted {
            crate::embed::embed_all(req, items, &rels).await?;
        }
    }
    Ok(())
}

/// `get_term` checked against the controller's taxonomy.
async fn load_term(req: &WpRequest, tax_name: &str) -> WpResult<Term> {
    let id = req.url_id("id");
    let invalid = || WpError::new(404, "rest_term_invalid", "Term does not exist.");
    if id == 0 {
        return Err(invalid());
    }
    match dterms::get_many(&req.site, &[id]).await?.remove(&id) {
        Some(t) if t.taxonomy == tax_name => Ok(t),
        _ => Err(invalid()),
    }
}

impl Controller for GetTerm {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            load_term(req, &self.0).await?;
            if raw_context(req) == "edit" && !req.viewer.can(term_cap("edit")) {
                return Err(WpError::forbidden(
                    req.viewer.is_logged_in(),
                    "rest_forbidden_context",
                    "Sorry, you are not allowed to edit this term.",
                ));
            }
            Ok(())
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        req: &'a WpRequest,
        args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async move {
            let term = load_term(req, &self.0).await?;
            let context = args
                .get("context")
                .and_then(Value::as_str)
                .unwrap_or("view")
                .to_owned();
            let mut items = prepare_terms(req, std::slice::from_ref(&term), &context).await?;
            embed_if_requested(req, &mut items).await?;
            Ok(WpResponse::ok(items.pop().unwrap_or(Value::Null)))
        }
        .boxed()
    }
}

impl Controller for WriteTerms {
    fn permission<'a>(&'a self, req: &'a WpRequest) -> BoxFuture<'a, WpResult<()>> {
        async move {
            let logged_in = req.viewer.is_logged_in();
            match self.1 {
                Write::Create => {
                    if !req.viewer.can(term_cap("edit")) {
                        return Err(WpError::forbidden(
                            logged_in,
                            "rest_cannot_create",
                            "Sorry, you are not allowed to create terms in this taxonomy.",
                        ));
                    }
                }
                Write::Update => {
                    load_term(req, &self.0).await?;
                    if !req.viewer.can(term_cap("edit")) {
                        return Err(WpError::forbidden(
                            logged_in,
                            "rest_cannot_update",
                            "Sorry, you are not allowed to edit this term.",
                        ));
                    }
                }
                Write::Delete => {
                    let term = load_term(req, &self.0).await?;
                    // `delete_term` of the default category maps to `do_not_allow`.
                    let default_term = match term.taxonomy.as_str() {
                        "category" => req.options.get_i64("default_category", 0),
                        "post_format" => -1,
                        _ => -1,
                    };
                    if !req.viewer.can(term_cap("delete")) || term.term_id.0 as i64 == default_term
                    {
                        return Err(WpError::forbidden(
                            logged_in,
                            "rest_cannot_delete",
                            "Sorry, you are not allowed to delete this term.",
                        ));
                    }
                }
            }
            Ok(())
        }
        .boxed()
    }
    fn handle<'a>(
        &'a self,
        _req: &'a WpRequest,
        _args: &'a Map<String, Value>,
    ) -> BoxFuture<'a, WpResult<WpResponse>> {
        async { Err(WpError::not_implemented()) }.boxed()
    }
}

/// Terms as `prepare_item_for_response` shows them (`embed` context: the short form).
pub async fn prepare_terms(req: &WpRequest, terms: &[Term], context: &str) -> WpResult<Vec<Value>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let ancestors = crate::embed::term_ancestors(req, terms).await?;
    let fields = crate::posts::requested_fields(req);
    let wants_links = fields.as_ref().is_none_or(|f| {
        f.iter().any(|x| {
            x == "_links"
                || x == "_embedded"
                || x.starts_with("_links.")
                || x.starts_with("_embedded.")
        })
    });
    let mut out = Vec::with_capacity(terms.len());
    for t in terms {
        let mut embedded = crate::embed::term_embed(req, t, &ancestors);
        if context == "embed" {
            if !wants_links && let Value::Object(m) = &mut embedded {
                m.remove("_links");
            }
            out.push(embedded);
            continue;
        }
        let links = embedded
            .get("_links")
            .cloned()
            .unwrap_or_else(|| Links::new().into_json());
        let hierarchical = req
            .site
            .taxonomy(&t.taxonomy)
            .is_some_and(|x| x.hierarchical);
        let mut data = Map::new();
        data.insert("id".into(), json!(t.term_id.0));
        data.insert("count".into(), json!(t.count));
        data.insert("description".into(), json!(t.description));
        data.insert(
            "link".into(),
            embedded.get("link").cloned().unwrap_or(Value::Null),
        );
        data.insert("name".into(), json!(t.name));
        data.insert("slug".into(), json!(t.slug));
        data.insert("taxonomy".into(), json!(t.taxonomy));
        if hierarchical {
            data.insert("parent".into(), json!(t.parent.0));
        }
        data.insert("meta".into(), json!([]));
        if wants_links {
            data.insert("_links".into(), links);
        }
        out.push(Value::Object(data));
    }
    Ok(out)
}
