//! The WPGraphQL-compatible GraphQL facade: WPGraphQL 2.20's type names, arguments, global IDs,
//! cursors and visibility rules, over `headpress-domain` (never sea-orm directly).
//!
//! `schema(site)` builds the static schema once; `endpoint(site)` serves it over HTTP the way
//! WPGraphQL does (POST JSON, GET, batches, application passwords).

mod comment;
mod conn;
mod content;
mod ctx;
pub mod graphiql;
mod http;
mod ids;
mod links;
mod media;
mod menu;
mod mime;
mod model;
#[cfg(test)]
mod possible_types;
mod prefetch;
mod query;
mod render;
mod root;
mod settings;

use async_graphql::extensions::apollo_persisted_queries::{
    ApolloPersistedQueries, LruCacheStorage,
};
use async_graphql::{EmptyMutation, EmptySubscription, Schema};
use headpress_domain::Site;

pub use http::endpoint;
pub use root::RootQuery;

/// The schema type of this facade.
pub type WpSchema = Schema<RootQuery, EmptyMutation, EmptySubscription>;

/// The deepest selection a query may have (GraphiQL's introspection query needs 13).
pub const MAX_DEPTH: usize = 20;
/// The most a query may cost: a field costs 1, a top-level (or per-user) connection its page
/// size times its selection (`conn::cost`). A page's usual queries cost a few thousand;
/// hundreds of aliased `posts(first: 100)` lists exceed it.
pub const MAX_COMPLEXITY: usize = 50_000;

/// How many persisted queries (by hash) the server remembers.
pub const PERSISTED_QUERIES: usize = 1024;

/// Builds the schema. Request data (`ctx::Req`: viewer, options, loaders) is added per
/// request by [`endpoint`]; the site is schema data for resolvers that need no request.
pub fn schema(site: Site) -> WpSchema {
    Schema::build(RootQuery, EmptyMutation, EmptySubscription)
        .data(site)
        .extension(ctx::NullOnError)
        // Apollo's automatic persisted queries: a GET carrying only the query's SHA-256 can
        // be cached by a CDN. Additive: a request without the extension runs as before.
        .extension(ApolloPersistedQueries::new(LruCacheStorage::new(
            PERSISTED_QUERIES,
        )))
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        // Interfaces no field returns directly still belong in the SDL (and in codegen).
        .register_output_type::<root::DatabaseIdentifier>()
        .finish()
}

/// The schema's SDL without a database (for snapshots and codegen).
pub fn schema_sdl() -> String {
    Schema::build(RootQuery, EmptyMutation, EmptySubscription)
        .register_output_type::<root::DatabaseIdentifier>()
        .finish()
        .sdl()
}
