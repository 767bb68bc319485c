//! The WPGraphQL-compatible GraphQL facade: WPGraphQL 2.20's type names, arguments, global IDs,
//! cursors and visibility rules, over `headpress-domain` (never sea-orm directly).
//!
//! `schema(site)` builds the static schema once; `endpoint(site)` serves it over HTTP the way
//! WPGraphQL does (POST JSON, GET, batches, application passwords).

mod comment;
mod conn;
mod conn_interfaces;
mod content;
mod ctx;
mod custom;
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
#[cfg(test)]
mod sdl_parity;
mod settings;
mod users;

use async_graphql::extensions::apollo_persisted_queries::{
    ApolloPersistedQueries, LruCacheStorage,
};
use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};
use headpress_domain::Site;

pub use custom::RootQuery;
pub use http::endpoint;

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
/// request by [`endpoint`]; the site is schema data for resolvers that need no request, and so
/// are the configured post types' GraphQL types (`custom`).
pub fn schema(site: Site) -> WpSchema {
    let runtime = Arc::new(custom::RuntimeTypes::of(site.registry(), &builtin_names()));
    with_interfaces(
        Schema::build(RootQuery, EmptyMutation, EmptySubscription),
        runtime.clone(),
    )
    .data(site)
    .data(runtime)
    .extension(ctx::NullOnError)
    // Apollo's automatic persisted queries: a GET carrying only the query's SHA-256 can
    // be cached by a CDN. Additive: a request without the extension runs as before.
    .extension(ApolloPersistedQueries::new(LruCacheStorage::new(
        PERSISTED_QUERIES,
    )))
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .finish()
}

/// Registers the interfaces no field returns directly: they still belong in the SDL, in
/// introspection (Faust's `possibleTypes`) and in fragments such as `... on NodeWithTitle`;
/// then the configured post types' types.
fn with_interfaces(
    builder: async_graphql::SchemaBuilder<RootQuery, EmptyMutation, EmptySubscription>,
    runtime: Arc<custom::RuntimeTypes>,
) -> async_graphql::SchemaBuilder<RootQuery, EmptyMutation, EmptySubscription> {
    use model::*;
    builder
        .register_output_type::<root::DatabaseIdentifier>()
        .register_output_type::<NodeWithTemplate>()
        .register_output_type::<NodeWithTitle>()
        .register_output_type::<NodeWithContentEditor>()
        .register_output_type::<NodeWithAuthor>()
        .register_output_type::<NodeWithFeaturedImage>()
        .register_output_type::<NodeWithExcerpt>()
        .register_output_type::<NodeWithComments>()
        .register_output_type::<NodeWithTrackbacks>()
        .register_output_type::<NodeWithRevisions>()
        .register_output_type::<NodeWithPageAttributes>()
        .register_output_type::<Previewable>()
        .register_output_type::<HierarchicalNode>()
        .register_output_type::<MenuItemLinkable>()
        .register_output_type::<HierarchicalTermNode>()
        .register_output_type::<HierarchicalContentNode>()
        // After every interface (the configured types implement them), before the
        // connection interfaces (derived from the connections, theirs included).
        .directive(custom::RuntimeTypesHook(runtime))
        .register_output_type::<conn_interfaces::ConnectionInterfaces>()
}

/// WPGraphQL's schema alone: no configured post types.
fn builtin_schema() -> WpSchema {
    with_interfaces(
        Schema::build(RootQuery, EmptyMutation, EmptySubscription),
        Arc::default(),
    )
    .finish()
}

/// The type names and root fields of WPGraphQL's schema, which configured post types' GraphQL
/// names must not take.
fn builtin_names() -> HashSet<String> {
    let sdl = builtin_schema().sdl();
    let mut names = HashSet::new();
    let mut in_root = false;
    for line in sdl.lines() {
        let mut words = line.split_whitespace();
        if !line.starts_with(' ') {
            in_root = false;
            if let (
                Some("type" | "interface" | "enum" | "input" | "scalar" | "union"),
                Some(name),
            ) = (words.next(), words.next())
            {
                in_root = name == "RootQuery";
                names.insert(name.to_string());
            }
        } else if in_root && line.starts_with("  ") && !line.starts_with("   ") {
            let name: String = line
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

/// The schema's SDL without a database (for snapshots and codegen).
pub fn schema_sdl() -> String {
    builtin_schema().sdl()
}
