//! The WordPress REST API (`/wp-json/wp/v2/...`) over headpress-domain.
//!
//! Routes live in one table (`routes`); `server` matches a request against it and applies
//! WordPress's global parameters and headers; one module per route family builds the JSON.

mod args;
mod comments;
mod discovery;
mod embed;
pub mod error;
mod families;
mod links;
mod media;
mod meta;
mod openapi;
mod posts;
mod render;
mod request;
mod revisions;
mod routes;
mod schema;
mod search;
mod server;
mod settings;
mod terms;
mod types;
mod users;

use std::sync::Arc;

use headpress_domain::Site;
use poem::{Endpoint, Request};

pub use error::WpError;

/// Everything the REST facade needs per site, built once.
pub(crate) struct RestState {
    pub site: Site,
    pub routes: Arc<Vec<routes::RouteDef>>,
}

/// The REST facade as one poem endpoint: `/wp-json/…` and `/?rest_route=…`, plus the
/// OpenAPI document generated from the route table (`/wp-json/openapi.json`) and its docs
/// page (`/docs`).
pub fn endpoint(site: Site) -> impl Endpoint<Output = poem::Response> {
    let state = Arc::new(RestState {
        routes: Arc::new(routes::build(&site)),
        site,
    });
    let rest = {
        let state = state.clone();
        poem::endpoint::make(move |req: Request| {
            let state = state.clone();
            async move { server::serve(state, req).await }
        })
    };
    // Other methods on the two extra paths fall through to the dispatcher, which answers
    // them as WordPress would (`rest_no_route`, or its plain 404 page for `/docs`).
    let document = {
        let state = state.clone();
        let cache = Arc::new(openapi::DocumentCache::default());
        poem::endpoint::make(move |req: Request| {
            let state = state.clone();
            let cache = cache.clone();
            async move {
                if openapi::is_read(&req) {
                    openapi::serve_document(&state, &cache).await
                } else {
                    server::serve(state, req).await
                }
            }
        })
    };
    let docs = {
        // Built once: the page holds no site data, it fetches the document.
        let html: Arc<str> = openapi::docs_html(openapi::DOCUMENT_PATH).into();
        poem::endpoint::make(move |req: Request| {
            let state = state.clone();
            let html = html.clone();
            async move {
                if openapi::is_read(&req) {
                    openapi::serve_docs(&html)
                } else {
                    server::serve(state, req).await
                }
            }
        })
    };
    // Exact paths win over the catch-all in poem's router, and the catch-all (which also
    // matches `/`) leaves every other request, `?rest_route=` included, to the dispatcher.
    poem::Route::new()
        .at(openapi::DOCUMENT_PATH, document)
        .at(openapi::DOCS_PATH, docs)
        .at("/*path", rest)
}
