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

/// The REST facade as one poem endpoint: `/wp-json/…` and `/?rest_route=…`.
pub fn endpoint(site: Site) -> impl Endpoint<Output = poem::Response> {
    let state = Arc::new(RestState {
        routes: Arc::new(routes::build(&site)),
        site,
    });
    poem::endpoint::make(move |req: Request| {
        let state = state.clone();
        async move { server::serve(state, req).await }
    })
}
