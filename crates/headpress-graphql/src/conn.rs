//! Relay connections as WPGraphQL shapes them: `{ edges { cursor node } nodes pageInfo }`,
//! one set of `…Connection` / `…ConnectionEdge` / `…ConnectionPageInfo` types per relation
//! (`RootQueryToPostConnection`, `PostToCategoryConnection`, …), first/last/after/before with a
//! default of 10 and a silent clamp to 100.

use std::sync::Arc;

use async_graphql::{Context, Error};
use headpress_domain::graph::{self, CommentFilter};
use headpress_domain::posts::PostQuery;

use crate::ctx::{internal, req};
use crate::ids;

/// What `totalCount` counts (Headpress's addition to WPGraphQL's connections; nothing is
/// counted unless a client selects it).
#[derive(Clone, Default)]
pub enum Total {
    /// Not countable here (a one-to-one list, say).
    #[default]
    Unknown,
    /// A list loaded whole: its length before paging.
    Known(u64),
    /// The rows of a post query (`found_posts`).
    Posts(Arc<PostQuery>),
    /// The rows of a comment query.
    Comments(Arc<CommentFilter>),
}

/// Resolves `totalCount`: one `COUNT` statement for queries, none for whole lists.
pub async fn total_count(ctx: &Context<'_>, total: &Total) -> Result<Option<i64>, Error> {
    let n = match total {
        Total::Unknown => return Ok(None),
        Total::Known(n) => *n,
        Total::Posts(q) => {
            let r = req(ctx)?;
            graph::posts_count(&r.site, &r.viewer, q)
                .await
                .map_err(internal)?
        }
        Total::Comments(f) => {
            let r = req(ctx)?;
            graph::comments_count(&r.site, f).await.map_err(internal)?
        }
    };
    Ok(Some(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: u64 = 10;
/// WPGraphQL's `graphql_connection_max_query_amount`: larger values are clamped, not refused.
pub const MAX_PAGE: u64 = 100;

/// The complexity of a connection field: its page size (as clamped) times its selection's,
/// so `posts(first: 100) { … }` costs a hundred times one node.
pub fn cost(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let n = first.or(last).map_or(DEFAULT_PAGE, |n| {
        u64::try_from(n).unwrap_or(0).min(MAX_PAGE)
    });
    usize::try_from(n).unwrap_or(1).max(1) * child_complexity.max(1) + 1
}

/// The pagination arguments of one connection field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    pub first: Option<i32>,
    pub last: Option<i32>,
    pub after: Option<String>,
    pub before: Option<String>,
}

/// What the arguments ask for, decoded.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub limit: u64,
    pub from_end: bool,
    pub after: Option<u64>,
    pub before: Option<u64>,
    first_given: bool,
    last_given: bool,
}

impl Args {
    pub fn new(
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Args {
        Args {
            first,
            last,
            after,
            before,
        }
    }

    /// Mirrors `AbstractConnectionResolver::get_query_amount` and its argument checks.
    pub fn window(&self) -> Result<Window, Error> {
        if self.first.is_some() && self.last.is_some() {
            return Err(Error::new(
                "first and last cannot be used together. For forward pagination, use first & \
                 after. For backward pagination, use last & before.",
            ));
        }
        if self.first.is_some_and(|n| n < 0) {
            return Err(Error::new("first must be a positive integer."));
        }
        if self.last.is_some_and(|n| n < 0) {
            return Err(Error::new("last must be a positive integer."));
        }
        let amount = self
            .first
            .or(self.last)
            .map_or(DEFAULT_PAGE, |n| u64::try_from(n).unwrap_or(0));
        Ok(Window {
            limit: amount.min(MAX_PAGE),
            from_end: self.last.is_some(),
            after: ids::decode_cursor(self.after.as_deref()),
            before: ids::decode_cursor(self.before.as_deref()),
            first_given: self.first.is_some(),
            last_given: self.last.is_some(),
        })
    }
}

impl Window {
    /// Rows to fetch: one more than shown tells whether there are more.
    pub fn fetch(&self) -> u64 {
        self.limit + 1
    }

    /// Cuts a fetched slice (in display order) to the page and computes `pageInfo`,
    /// with WPGraphQL's quirks: `hasNextPage` only with `first` (or `before`), and
    /// `hasPreviousPage` only with `last` (or `after`).
    pub fn page<T>(&self, mut rows: Vec<T>, id: impl Fn(&T) -> u64) -> Page<T> {
        let more = rows.len() as u64 > self.limit;
        if more {
            if self.from_end {
                rows.drain(..rows.len() - self.limit as usize);
            } else {
                rows.truncate(self.limit as usize);
            }
        }
        let items: Vec<(String, T)> = rows.into_iter().map(|r| (ids::cursor(id(&r)), r)).collect();
        Page {
            has_next: (self.first_given && more) || self.before.is_some(),
            has_previous: (self.last_given && more) || self.after.is_some(),
            items,
            total: Total::Unknown,
        }
    }

    /// Pages a complete, ordered list in memory (small lists loaded whole: terms).
    pub fn page_in_memory<T>(&self, rows: Vec<T>, id: impl Fn(&T) -> u64) -> Page<T> {
        let mut rows = rows;
        let total = rows.len() as u64;
        if let Some(after) = self.after {
            match rows.iter().position(|r| id(r) == after) {
                Some(i) => {
                    rows.drain(..=i);
                }
                None => rows.clear(),
            }
        }
        if let Some(before) = self.before {
            match rows.iter().position(|r| id(r) == before) {
                Some(i) => rows.truncate(i),
                None => rows.clear(),
            }
        }
        let fetch = self.fetch() as usize;
        if self.from_end {
            let start = rows.len().saturating_sub(fetch);
            rows.drain(..start);
        } else {
            rows.truncate(fetch);
        }
        Page {
            total: Total::Known(total),
            ..self.page(rows, id)
        }
    }
}

/// One page of a connection, in display order, with each node's cursor.
pub struct Page<T> {
    pub items: Vec<(String, T)>,
    pub has_next: bool,
    pub has_previous: bool,
    pub total: Total,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl Fn(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(|(c, t)| (c, f(t))).collect(),
            has_next: self.has_next,
            has_previous: self.has_previous,
            total: self.total,
        }
    }

    /// `map` for nodes that may have no type here (they are left out of the page).
    pub fn filter_map<U>(self, f: impl Fn(T) -> Option<U>) -> Page<U> {
        Page {
            items: self
                .items
                .into_iter()
                .filter_map(|(c, t)| f(t).map(|u| (c, u)))
                .collect(),
            has_next: self.has_next,
            has_previous: self.has_previous,
            total: self.total,
        }
    }
}

/// Declares the three types of one WPGraphQL connection over an existing node type.
macro_rules! connection {
    ($conn:ident, $edge:ident, $info:ident, $node:ty) => {
        #[doc = concat!("Connection `", stringify!($conn), "`.")]
        pub struct $conn(pub $crate::conn::Page<$node>);

        #[async_graphql::Object]
        impl $conn {
            /// Edges for the connection.
            async fn edges(&self) -> Vec<$edge> {
                self.0
                    .items
                    .iter()
                    .map(|(cursor, node)| $edge {
                        cursor: cursor.clone(),
                        node: node.clone(),
                    })
                    .collect()
            }

            /// The nodes of the connection, without the edges.
            async fn nodes(&self) -> Vec<$node> {
                self.0.items.iter().map(|(_, node)| node.clone()).collect()
            }

            /// How many nodes the connection has over all its pages (a Headpress addition
            /// to WPGraphQL's shape, counted only when selected; null where not countable).
            #[graphql(name = "totalCount")]
            async fn total_count(
                &self,
                ctx: &async_graphql::Context<'_>,
            ) -> async_graphql::Result<Option<i64>> {
                $crate::conn::total_count(ctx, &self.0.total).await
            }

            /// Information about pagination in a connection.
            #[graphql(name = "pageInfo")]
            async fn page_info(&self) -> $info {
                $info {
                    start: self.0.items.first().map(|(c, _)| c.clone()),
                    end: self.0.items.last().map(|(c, _)| c.clone()),
                    has_next: self.0.has_next,
                    has_previous: self.0.has_previous,
                }
            }
        }

        #[doc = concat!("An edge of `", stringify!($conn), "`.")]
        pub struct $edge {
            cursor: String,
            node: $node,
        }

        #[async_graphql::Object]
        impl $edge {
            /// Opaque reference to the nodes position in the connection.
            async fn cursor(&self) -> Option<&str> {
                Some(&self.cursor)
            }

            /// The item at the end of the edge.
            async fn node(&self) -> &$node {
                &self.node
            }
        }

        #[doc = concat!("Page info of `", stringify!($conn), "`.")]
        pub struct $info {
            start: Option<String>,
            end: Option<String>,
            has_next: bool,
            has_previous: bool,
        }

        #[async_graphql::Object]
        impl $info {
            /// When paginating forwards, the cursor to continue.
            #[graphql(name = "endCursor")]
            async fn end_cursor(&self) -> Option<&str> {
                self.end.as_deref()
            }

            /// When paginating forwards, are there more items?
            #[graphql(name = "hasNextPage")]
            async fn has_next_page(&self) -> bool {
                self.has_next
            }

            /// When paginating backwards, are there more items?
            #[graphql(name = "hasPreviousPage")]
            async fn has_previous_page(&self) -> bool {
                self.has_previous
            }

            /// When paginating backwards, the cursor to continue.
            #[graphql(name = "startCursor")]
            async fn start_cursor(&self) -> Option<&str> {
                self.start.as_deref()
            }
        }
    };
}

pub(crate) use connection;
