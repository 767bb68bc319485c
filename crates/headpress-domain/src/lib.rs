//! WordPress's data model, shared by the REST and GraphQL facades: the `wp_*` tables on
//! SQLite, PostgreSQL and MySQL, the queries WordPress runs, its rules, and batch loaders.

pub mod auth;
pub mod backend;
pub mod comments;
pub mod date_query;
pub mod dynamic_blocks;
pub mod error;
pub mod graph;
pub mod media;
pub mod meta;
pub mod options;
pub mod posts;
pub mod registry;
pub mod render;
pub mod revisions;
pub mod search;
pub mod site;
pub mod terms;
pub mod themes;
pub mod types;
pub mod users;

pub use backend::{Tables, WpDate, WpId};
pub use error::{Error, Result};
pub use site::Site;
