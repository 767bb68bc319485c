//! Per-request state (who asks, the site's options) and the DataLoaders over the domain's
//! batch queries: every relation a resolver follows goes through one of them, so a query's
//! statement count depends on its depth, not on how many nodes it returns.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use async_graphql::{Context, Error};
use futures::future::BoxFuture;
use headpress_domain::Site;
use headpress_domain::auth::Viewer;
use headpress_domain::graph::{Keyset, PostGroups};
use headpress_domain::options::Options;
use headpress_domain::posts::{self, Post, PostQuery};
use headpress_domain::terms::{self, Term};
use headpress_domain::users::{self, User};

/// What every resolver of one request shares.
pub struct Req {
    pub site: Site,
    pub viewer: Viewer,
    pub options: Arc<Options>,
    pub loader: DataLoader<Db, HashMapCache>,
    /// What rendering carries from post to post in this request (`[gallery]` numbering,
    /// `wpautop`'s place after a post with blocks), in resolution order as WPGraphQL has it.
    pub render_state: std::sync::Mutex<headpress_domain::render::RenderState>,
    /// Errors of nullable fields that resolved to `null` (see `NullOnError`).
    pub field_errors: FieldErrors,
}

/// The errors `NullOnError` collected for one operation; the endpoint appends them to its
/// answer.
pub type FieldErrors = Arc<std::sync::Mutex<Vec<async_graphql::ServerError>>>;

/// WPGraphQL (graphql-php) answers a failing nullable field with `null` and an error;
/// async-graphql would drop the field from `data`. This extension turns such a failure
/// into `null` and keeps the error for the answer's `errors`.
pub struct NullOnError;

impl async_graphql::extensions::ExtensionFactory for NullOnError {
    fn create(&self) -> Arc<dyn async_graphql::extensions::Extension> {
        Arc::new(NullOnError)
    }
}

#[async_graphql::async_trait::async_trait]
impl async_graphql::extensions::Extension for NullOnError {
    async fn resolve(
        &self,
        ctx: &async_graphql::extensions::ExtensionContext<'_>,
        info: async_graphql::extensions::ResolveInfo<'_>,
        next: async_graphql::extensions::NextResolve<'_>,
    ) -> async_graphql::ServerResult<Option<async_graphql::Value>> {
        let nullable = !info.return_type.ends_with('!');
        match next.run(ctx, info).await {
            Err(err) if nullable => match ctx.data_opt::<Req>() {
                Some(req) => {
                    if let Ok(mut errors) = req.field_errors.lock() {
                        errors.push(err);
                    }
                    Ok(Some(async_graphql::Value::Null))
                }
                None => Err(err),
            },
            other => other,
        }
    }
}

impl Req {
    pub fn new(
        site: Site,
        viewer: Viewer,
        options: Arc<Options>,
        field_errors: FieldErrors,
    ) -> Req {
        // The loaders run on spawned tasks; they must count their statements toward the
        // request that caused them (the counter is a task-local set by the server).
        let counter: Option<Arc<AtomicUsize>> = headpress_domain::backend::STATEMENT_COUNTER
            .try_with(Arc::clone)
            .ok();
        let spawner = move |task: BoxFuture<'static, ()>| {
            let counter = counter.clone();
            tokio::spawn(async move {
                match counter {
                    Some(counter) => {
                        headpress_domain::backend::STATEMENT_COUNTER
                            .scope(counter, task)
                            .await
                    }
                    None => task.await,
                }
            })
        };
        // Cached per operation: connection resolvers prefetch a page's relations and feed
        // them here (`prefetch`), so the nodes' own loads are cache hits.
        let loader = DataLoader::with_cache(
            Db {
                site: site.clone(),
                options: options.clone(),
            },
            spawner,
            HashMapCache::default(),
        );
        Req {
            site,
            viewer,
            options,
            loader,
            render_state: std::sync::Mutex::default(),
            field_errors,
        }
    }
}

/// The request state of a resolver's context.
pub fn req<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Req> {
    ctx.data::<Req>()
}

/// A domain failure as WPGraphQL shows an unexpected exception without debug mode: masked,
/// with the cause in the log only (database text never reaches a client).
pub fn internal(err: headpress_domain::Error) -> Error {
    tracing::error!(error = %err, "graphql resolver failed");
    Error::new("Internal server error")
}

/// Every loader shares one struct; the key type picks the batch query.
pub struct Db {
    site: Site,
    options: Arc<Options>,
}

/// A post by ID (`get_post`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PostId(pub u64);
/// One meta value of a post (`get_post_meta( $id, $key, true )`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PostMeta(pub u64, pub &'static str);
/// A user by ID.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(pub u64);
/// One meta value of a user (keys such as `{prefix}capabilities` are built at run time).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UserMeta(pub u64, pub std::borrow::Cow<'static, str>);
/// The terms of one object in one taxonomy (`wp_get_object_terms`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ObjectTerms(pub u64, pub &'static str);
/// A term by ID.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TermId(pub u64);
/// Every revision of a post, newest first (`wp_get_post_revisions`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RevisionsOf(pub u64);
/// A post's revision summary: how many, and the newest (`wp_get_post_revisions`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Revisions(pub u64);
/// A post's ancestors, nearest first (`get_post_ancestors`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PostAncestors(pub u64);
/// A term's ancestors, nearest first (`get_ancestors`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TermAncestors(pub u64);
/// Every term of one taxonomy, in name order (`get_terms`; taxonomies are small and loaded
/// whole, then filtered and paged in memory, as the REST facade does).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaxonomyTerms(pub &'static str);
/// An image attachment as content rendering needs it (`wp-image-N`, galleries, captions).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AttachmentImage(pub u64);
/// A comment by ID.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommentId(pub u64);
/// The first `fetch` comments of a post (or replies to a comment), newest first: the first
/// page of `Post.comments` / `Comment.replies` without cursors or `where`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FirstComments {
    pub group: u64,
    pub by_parent: bool,
    pub fetch: u64,
    /// Moderators also see held comments.
    pub moderator: bool,
}

/// Loads many `FirstComments` keys: two statements per kind of key (the IDs of every
/// group's first comments, then their rows), whatever the number of groups.
pub async fn first_comments(
    site: &Site,
    keys: &[FirstComments],
) -> Result<HashMap<FirstComments, Arc<Vec<Arc<headpress_domain::comments::Comment>>>>, Error> {
    let mut kinds: Vec<(bool, u64, bool)> = keys
        .iter()
        .map(|k| (k.by_parent, k.fetch, k.moderator))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut out = HashMap::new();
    for (by_parent, fetch, moderator) in kinds {
        let groups: Vec<u64> = keys
            .iter()
            .filter(|k| (k.by_parent, k.fetch, k.moderator) == (by_parent, fetch, moderator))
            .map(|k| k.group)
            .collect();
        let filter = headpress_domain::graph::CommentFilter {
            approved: if moderator {
                vec!["0".to_owned(), "1".to_owned()]
            } else {
                vec!["1".to_owned()]
            },
            ..Default::default()
        };
        let ids =
            headpress_domain::graph::comment_ids_by_group(site, &filter, by_parent, &groups, fetch)
                .await
                .map_err(internal)?;
        let mut all: Vec<u64> = ids.values().flatten().copied().collect();
        if all.is_empty() {
            // Keep the statement (an ID no comment has): the count depends on the query only.
            all.push(0);
        }
        let rows = headpress_domain::comments::get_many(site, &all)
            .await
            .map_err(internal)?;
        for group in groups {
            let list: Vec<Arc<headpress_domain::comments::Comment>> = ids
                .get(&group)
                .map(|list| {
                    list.iter()
                        .filter_map(|id| rows.get(id).cloned().map(Arc::new))
                        .collect()
                })
                .unwrap_or_default();
            out.insert(
                FirstComments {
                    group,
                    by_parent,
                    fetch,
                    moderator,
                },
                Arc::new(list),
            );
        }
    }
    Ok(out)
}

impl Loader<FirstComments> for Db {
    type Value = Arc<Vec<Arc<headpress_domain::comments::Comment>>>;
    type Error = Error;

    async fn load(
        &self,
        keys: &[FirstComments],
    ) -> LoadResult<FirstComments, Arc<Vec<Arc<headpress_domain::comments::Comment>>>> {
        first_comments(&self.site, keys).await
    }
}
/// Whether a user has published posts or pages (WPGraphQL's public-user rule).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Published(pub u64);

type LoadResult<K, V> = Result<HashMap<K, V>, Error>;

impl Loader<PostId> for Db {
    type Value = Arc<Post>;
    type Error = Error;

    async fn load(&self, keys: &[PostId]) -> LoadResult<PostId, Arc<Post>> {
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let found = posts::get_many(&self.site, &ids).await.map_err(internal)?;
        Ok(found
            .into_iter()
            .map(|(id, p)| (PostId(id), Arc::new(p)))
            .collect())
    }
}

impl Loader<PostMeta> for Db {
    /// `None` for a post without the key, so that absence is cached too.
    type Value = Option<String>;
    type Error = Error;

    async fn load(&self, keys: &[PostMeta]) -> LoadResult<PostMeta, Option<String>> {
        let mut ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let mut names: Vec<&str> = keys.iter().map(|k| k.1).collect();
        ids.sort_unstable();
        ids.dedup();
        names.sort_unstable();
        names.dedup();
        let rows = posts::meta_for(&self.site, &ids, &names)
            .await
            .map_err(internal)?;
        Ok(first_meta_values(keys, &rows))
    }
}

/// `get_post_meta( $id, $key, true )` for each key (the first value), `None` when absent.
pub fn first_meta_values(
    keys: &[PostMeta],
    rows: &HashMap<u64, Vec<(String, String)>>,
) -> HashMap<PostMeta, Option<String>> {
    keys.iter()
        .map(|key| {
            let value = rows
                .get(&key.0)
                .and_then(|list| list.iter().find(|(k, _)| k == key.1))
                .map(|(_, v)| v.clone());
            (*key, value)
        })
        .collect()
}

impl Loader<RevisionsOf> for Db {
    type Value = Arc<Vec<Arc<Post>>>;
    type Error = Error;

    async fn load(&self, keys: &[RevisionsOf]) -> LoadResult<RevisionsOf, Arc<Vec<Arc<Post>>>> {
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let mut found = headpress_domain::revisions::revisions_of_many(&self.site, &ids)
            .await
            .map_err(internal)?;
        Ok(keys
            .iter()
            .map(|k| {
                let list = found.remove(&k.0).unwrap_or_default();
                (*k, Arc::new(list.into_iter().map(Arc::new).collect()))
            })
            .collect())
    }
}

impl Loader<Revisions> for Db {
    type Value = posts::RevisionInfo;
    type Error = Error;

    async fn load(&self, keys: &[Revisions]) -> LoadResult<Revisions, posts::RevisionInfo> {
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let found = posts::revision_info(&self.site, &ids)
            .await
            .map_err(internal)?;
        // Posts without revisions get the empty summary, so that absence is cached too.
        Ok(keys
            .iter()
            .map(|k| (*k, found.get(&k.0).copied().unwrap_or_default()))
            .collect())
    }
}

impl Loader<UserId> for Db {
    type Value = Arc<User>;
    type Error = Error;

    async fn load(&self, keys: &[UserId]) -> LoadResult<UserId, Arc<User>> {
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let found = users::find_by_ids(&self.site, &ids)
            .await
            .map_err(internal)?;
        Ok(found
            .into_iter()
            .map(|(id, u)| (UserId(id), Arc::new(u)))
            .collect())
    }
}

impl Loader<UserMeta> for Db {
    type Value = String;
    type Error = Error;

    async fn load(&self, keys: &[UserMeta]) -> LoadResult<UserMeta, String> {
        let mut ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let mut names: Vec<&str> = keys.iter().map(|k| k.1.as_ref()).collect();
        ids.sort_unstable();
        ids.dedup();
        names.sort_unstable();
        names.dedup();
        let rows = users::meta_for(&self.site, &ids, &names)
            .await
            .map_err(internal)?;
        let mut out = HashMap::new();
        for key in keys {
            if let Some((_, value)) = rows
                .get(&key.0)
                .and_then(|list| list.iter().find(|(k, _)| *k == key.1))
            {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(out)
    }
}

impl Loader<ObjectTerms> for Db {
    type Value = Arc<Vec<Term>>;
    type Error = Error;

    async fn load(&self, keys: &[ObjectTerms]) -> LoadResult<ObjectTerms, Arc<Vec<Term>>> {
        let mut ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let mut taxonomies: Vec<&str> = keys.iter().map(|k| k.1).collect();
        ids.sort_unstable();
        ids.dedup();
        taxonomies.sort_unstable();
        taxonomies.dedup();
        let rows = terms::terms_for_objects(&self.site, &ids, &taxonomies)
            .await
            .map_err(internal)?;
        Ok(keys
            .iter()
            .map(|key| {
                let list: Vec<Term> = rows
                    .get(&key.0)
                    .map(|list| {
                        list.iter()
                            .filter(|t| t.taxonomy == key.1)
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                (*key, Arc::new(list))
            })
            .collect())
    }
}

impl Loader<TermId> for Db {
    type Value = Arc<Term>;
    type Error = Error;

    async fn load(&self, keys: &[TermId]) -> LoadResult<TermId, Arc<Term>> {
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let found = terms::get_many(&self.site, &ids).await.map_err(internal)?;
        Ok(found
            .into_iter()
            .map(|(id, t)| (TermId(id), Arc::new(t)))
            .collect())
    }
}

impl Loader<PostAncestors> for Db {
    type Value = Arc<Vec<Post>>;
    type Error = Error;

    async fn load(&self, keys: &[PostAncestors]) -> LoadResult<PostAncestors, Arc<Vec<Post>>> {
        // Two statements whatever the depth: the posts, then their parent chains (one
        // recursive query).
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let start = posts::get_many(&self.site, &ids).await.map_err(internal)?;
        let list: Vec<Post> = start.values().cloned().collect();
        let all = posts::ancestors(&self.site, &list)
            .await
            .map_err(internal)?;
        let mut out = HashMap::new();
        for key in keys {
            let mut chain = Vec::new();
            let mut parent = start.get(&key.0).map_or(0, |p| p.post_parent.0);
            while parent > 0 && chain.len() < 64 {
                let Some(p) = all.get(&parent) else { break };
                chain.push(p.clone());
                parent = p.post_parent.0;
            }
            out.insert(*key, Arc::new(chain));
        }
        Ok(out)
    }
}

impl Loader<TermAncestors> for Db {
    type Value = Arc<Vec<Term>>;
    type Error = Error;

    async fn load(&self, keys: &[TermAncestors]) -> LoadResult<TermAncestors, Arc<Vec<Term>>> {
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let start = terms::get_many(&self.site, &ids).await.map_err(internal)?;
        let list: Vec<Term> = start.values().cloned().collect();
        let all = terms::ancestors(&self.site, &list)
            .await
            .map_err(internal)?;
        let mut out = HashMap::new();
        for key in keys {
            let mut chain = Vec::new();
            let mut parent = start.get(&key.0).map_or(0, |t| t.parent.0);
            while parent > 0 && chain.len() < 64 {
                let Some(t) = all.get(&parent) else { break };
                chain.push(t.clone());
                parent = t.parent.0;
            }
            out.insert(*key, Arc::new(chain));
        }
        Ok(out)
    }
}

impl Loader<AttachmentImage> for Db {
    /// `None` for an ID that is not an image attachment (cached too).
    type Value = Option<Arc<headpress_php::render::ImageMeta>>;
    type Error = Error;

    async fn load(
        &self,
        keys: &[AttachmentImage],
    ) -> LoadResult<AttachmentImage, Option<Arc<headpress_php::render::ImageMeta>>> {
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let rows = posts::attachments_with_parents(&self.site, &ids)
            .await
            .map_err(internal)?;
        Ok(images_from_rows(&self.options, &ids, rows))
    }
}

/// Image metadata for rendering from `attachments_with_parents` rows, one entry per ID.
pub fn images_from_rows(
    options: &Options,
    ids: &[u64],
    rows: Vec<posts::AttachmentRow>,
) -> HashMap<AttachmentImage, Option<Arc<headpress_php::render::ImageMeta>>> {
    {
        let mut parents: HashMap<u64, Post> = HashMap::new();
        for row in &rows {
            parents.insert(row.post.id.0, row.post.clone());
        }
        let mut out = HashMap::new();
        for row in rows {
            let post = &row.post;
            if post.post_type != "attachment" || !ids.contains(&post.id.0) {
                continue;
            }
            let Some(metadata) = row
                .attachment_metadata
                .as_deref()
                .and_then(headpress_php::serialize::maybe_unserialize)
                .map(|v| v.to_json())
            else {
                continue;
            };
            let chain: Vec<Post> = parents
                .get(&post.post_parent.0)
                .cloned()
                .into_iter()
                .collect();
            let link = crate::links::post_link(options, post, &chain, true);
            out.insert(
                AttachmentImage(post.id.0),
                Some(Arc::new(headpress_domain::render::image_meta(
                    &metadata,
                    row.attachment_alt.as_deref().unwrap_or(""),
                    &post.post_excerpt,
                    &link,
                ))),
            );
        }
        for id in ids {
            out.entry(AttachmentImage(*id)).or_insert(None);
        }
        out
    }
}

impl Loader<CommentId> for Db {
    type Value = Arc<headpress_domain::comments::Comment>;
    type Error = Error;

    async fn load(
        &self,
        keys: &[CommentId],
    ) -> LoadResult<CommentId, Arc<headpress_domain::comments::Comment>> {
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let found = headpress_domain::comments::get_many(&self.site, &ids)
            .await
            .map_err(internal)?;
        Ok(found
            .into_iter()
            .map(|(id, c)| (CommentId(id), Arc::new(c)))
            .collect())
    }
}

impl Loader<Published> for Db {
    type Value = bool;
    type Error = Error;

    async fn load(&self, keys: &[Published]) -> LoadResult<Published, bool> {
        let ids: Vec<u64> = keys.iter().map(|k| k.0).collect();
        let counts = users::post_counts(&self.site, &ids, &["post", "page"])
            .await
            .map_err(internal)?;
        Ok(keys
            .iter()
            .map(|k| {
                (
                    *k,
                    counts
                        .get(&k.0)
                        .is_some_and(|(published, _)| *published > 0),
                )
            })
            .collect())
    }
}

impl Loader<TaxonomyTerms> for Db {
    type Value = Arc<Vec<Arc<Term>>>;
    type Error = Error;

    async fn load(&self, keys: &[TaxonomyTerms]) -> LoadResult<TaxonomyTerms, Arc<Vec<Arc<Term>>>> {
        let mut out = HashMap::new();
        for key in keys {
            let mut list = terms::all_in_taxonomy(&self.site, key.0)
                .await
                .map_err(internal)?;
            list.sort_by(|a, b| {
                terms::collation_key(&a.name)
                    .cmp(&terms::collation_key(&b.name))
                    .then(a.term_id.cmp(&b.term_id))
            });
            out.insert(*key, Arc::new(list.into_iter().map(Arc::new).collect()));
        }
        Ok(out)
    }
}

/// The kind of node a nested post connection hangs from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NestedPostsOf {
    /// `Page.children` (and other hierarchical types): by `post_parent`.
    Parent,
    /// `User.posts`: by `post_author`.
    Author,
    /// `Category.posts`, `Tag.posts`: by term, in this taxonomy.
    Terms(String),
}

/// The arguments a nested post connection has under every node of a list.
pub struct NestedPostsSpec {
    pub of: NestedPostsOf,
    pub query: PostQuery,
    pub keyset: Keyset,
    pub viewer: Viewer,
    /// Identifies `of`, `query` and `keyset` (the viewer is the request's).
    fingerprint: String,
}

impl NestedPostsSpec {
    pub fn new(of: NestedPostsOf, query: PostQuery, keyset: Keyset, viewer: Viewer) -> Self {
        let fingerprint = format!("{of:?}|{query:?}|{keyset:?}");
        NestedPostsSpec {
            of,
            query,
            keyset,
            viewer,
            fingerprint,
        }
    }
}

/// One node's page of a nested post connection (`Category.posts`, `User.posts`,
/// `Page.children`, ...). The pages of every node asked for in one tick load in one
/// statement per distinct set of arguments.
#[derive(Clone)]
pub struct NestedPosts {
    pub spec: Arc<NestedPostsSpec>,
    pub node: u64,
    /// The term IDs whose posts the node lists (a category and its descendants); empty for
    /// other kinds.
    pub terms: Arc<[u64]>,
}

impl PartialEq for NestedPosts {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node && self.spec.fingerprint == other.spec.fingerprint
    }
}

impl Eq for NestedPosts {}

impl std::hash::Hash for NestedPosts {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.node.hash(state);
        self.spec.fingerprint.hash(state);
    }
}

impl Loader<NestedPosts> for Db {
    type Value = Arc<Vec<Arc<Post>>>;
    type Error = Error;

    async fn load(&self, keys: &[NestedPosts]) -> LoadResult<NestedPosts, Arc<Vec<Arc<Post>>>> {
        let mut specs: Vec<&Arc<NestedPostsSpec>> = Vec::new();
        for key in keys {
            if !specs.iter().any(|s| s.fingerprint == key.spec.fingerprint) {
                specs.push(&key.spec);
            }
        }
        let mut out = HashMap::new();
        for spec in specs {
            let mine: Vec<&NestedPosts> = keys
                .iter()
                .filter(|k| k.spec.fingerprint == spec.fingerprint)
                .collect();
            let nodes: Vec<u64> = mine.iter().map(|k| k.node).collect();
            let term_groups: Vec<(u64, Vec<u64>)> =
                mine.iter().map(|k| (k.node, k.terms.to_vec())).collect();
            let groups = match &spec.of {
                NestedPostsOf::Parent => PostGroups::Parent(&nodes),
                NestedPostsOf::Author => PostGroups::Author(&nodes),
                NestedPostsOf::Terms(taxonomy) => PostGroups::Terms {
                    taxonomy,
                    groups: &term_groups,
                },
            };
            let mut pages = headpress_domain::graph::posts_keyset_grouped(
                &self.site,
                &spec.viewer,
                &spec.query,
                spec.keyset,
                groups,
            )
            .await
            .map_err(internal)?;
            for key in mine {
                let page = pages
                    .remove(&key.node)
                    .unwrap_or_default()
                    .into_iter()
                    .map(Arc::new)
                    .collect();
                out.insert(key.clone(), Arc::new(page));
            }
        }
        Ok(out)
    }
}
