//! GraphQL types for the post types declared in the site's configuration (`[[post_types]]`),
//! named as WPGraphQL names a `register_post_type( …, show_in_graphql, graphql_single_name,
//! graphql_plural_name )` type: an object `Book` implementing `ContentNode` and the interfaces
//! its `supports` give it, root fields `book(id, idType, asPreview)`, `books(first, last,
//! after, before, where)` and the deprecated `bookBy`, `BookIdType`,
//! `RootQueryToBookConnection` (with its edge, page info and where-arguments) and `Book` among
//! the possible types of `Node`, `ContentNode`, `UniformResourceIdentifiable`, ….
//!
//! async-graphql's static schema names every type at compile time, and these names come from
//! configuration. So the types are added to the registry when the schema is built
//! ([`RuntimeTypesHook`]), cloned from templates that have their fields and resolvers
//! (`model::HeadpressCustomContent`, hidden from introspection), and the values that serve them
//! ([`CustomContent`], [`NamedConnection`]) answer `__typename` and type conditions with their
//! run-time names. [`RootQuery`] serves the configured root fields and hands the rest to
//! WPGraphQL's (`root::BuiltinRootQuery`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Deref;
use std::sync::Arc;

use async_graphql::parser::types::{Directive, Field};
use async_graphql::registry::{MetaField, MetaType, Registry};
use async_graphql::resolver_utils::resolve_container;
use async_graphql::{
    Context, ContextDirective, ContextSelectionSet, CustomDirective, CustomDirectiveFactory, ID,
    ObjectType, OutputType, Positioned, ServerError, ServerResult, Value,
};
use headpress_domain::posts::{Post as PostRow, PostQuery};

use crate::conn::{Args, Page};
use crate::model::HeadpressCustomContent;
use crate::query::{self, RootQueryToPageConnectionWhereArgs, common};
use crate::root::{self, BuiltinRootQuery, PostIdType};

/// The template object every configured post type's object is cloned from.
const CONTENT_TEMPLATE: &str = "HeadpressCustomContent";
/// Templates of the configured types' connections (never `…Connection`: `conn_interfaces`
/// derives interfaces from objects named so).
const CONNECTION_TEMPLATE: &str = "HeadpressConnectionTemplate";
const EDGE_TEMPLATE: &str = "HeadpressEdgeTemplate";
const PAGE_INFO_TEMPLATE: &str = "HeadpressPageInfoTemplate";

/// One configured post type as the GraphQL schema shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimePostType {
    /// The post type (`book`).
    pub post_type: String,
    /// `graphql_single_name` (`book`): the singular root field.
    pub single: String,
    /// `graphql_plural_name` (`books`): the connection root field.
    pub plural: String,
    /// The object type (`Book`); shared by every node of the type.
    pub type_name: Arc<str>,
    /// `{single}Id` (`bookId`) and `{single}By` (`bookBy`), made once: every node and every
    /// root field resolution asks for them.
    id_field: Arc<str>,
    by_field: String,
    pub hierarchical: bool,
    /// `post_type_supports()` features that add interfaces (`title`, `editor`, …).
    pub supports: Vec<String>,
}

impl RuntimePostType {
    fn id_field(&self) -> String {
        self.id_field.to_string()
    }

    fn by_field(&self) -> String {
        self.by_field.clone()
    }

    fn id_type(&self) -> String {
        format!("{}IdType", self.type_name)
    }

    fn connection(&self) -> String {
        format!("RootQueryTo{}Connection", self.type_name)
    }

    /// Every name this type adds to the schema, for the collision check.
    fn names(&self) -> Vec<String> {
        vec![
            self.single.clone(),
            self.plural.clone(),
            self.by_field(),
            self.type_name.to_string(),
            self.id_type(),
            self.connection(),
            format!("{}Edge", self.connection()),
            format!("{}PageInfo", self.connection()),
            format!("{}WhereArgs", self.connection()),
        ]
    }

    /// WPGraphQL's `PostObject::get_interfaces` for a public type shown in menus.
    fn interfaces(&self) -> Vec<&'static str> {
        let mut out = vec![
            "Node",
            "ContentNode",
            "UniformResourceIdentifiable",
            "DatabaseIdentifier",
            "NodeWithTemplate",
            "Previewable",
        ];
        for (feature, iface) in [
            ("title", "NodeWithTitle"),
            ("editor", "NodeWithContentEditor"),
            ("author", "NodeWithAuthor"),
            ("thumbnail", "NodeWithFeaturedImage"),
            ("excerpt", "NodeWithExcerpt"),
            ("comments", "NodeWithComments"),
            ("trackbacks", "NodeWithTrackbacks"),
            ("revisions", "NodeWithRevisions"),
            ("page-attributes", "NodeWithPageAttributes"),
        ] {
            if self.supports.iter().any(|s| s == feature) {
                out.push(iface);
            }
        }
        if self.hierarchical {
            out.extend(["HierarchicalContentNode", "HierarchicalNode"]);
        }
        out.push("MenuItemLinkable");
        out
    }
}

/// Which root field of a configured type a field name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RootField {
    Single,
    Plural,
    By,
}

/// The configured post types that get GraphQL types (schema data, shared by the registry hook
/// and the resolvers).
#[derive(Debug, Clone, Default)]
pub struct RuntimeTypes {
    pub post_types: Vec<RuntimePostType>,
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with("__")
}

impl RuntimeTypes {
    /// The configured post types with GraphQL names, less those whose names are not valid
    /// GraphQL names or are taken (by WPGraphQL's schema, `taken`, or by an earlier type);
    /// WPGraphQL, too, leaves such a type out of the schema with a debug message.
    pub fn of(registry: &headpress_domain::types::Registry, taken: &HashSet<String>) -> Self {
        let mut seen: HashSet<String> = HashSet::new();
        let mut post_types = Vec::new();
        for pt in registry.post_types() {
            if matches!(pt.name.as_str(), "post" | "page" | "attachment") {
                continue;
            }
            let Some(names) = &pt.graphql else { continue };
            let runtime = RuntimePostType {
                post_type: pt.name.clone(),
                single: names.single.clone(),
                plural: names.plural.clone(),
                type_name: names.type_name().into(),
                id_field: format!("{}Id", names.single).into(),
                by_field: format!("{}By", names.single),
                hierarchical: pt.hierarchical,
                supports: pt.supports.iter().map(|s| s.to_string()).collect(),
            };
            let names = runtime.names();
            let clash = names
                .iter()
                .find(|n| !valid_name(n) || taken.contains(*n) || seen.contains(*n));
            if runtime.single == runtime.plural || clash.is_some() {
                tracing::warn!(
                    post_type = %pt.name,
                    single = %runtime.single,
                    plural = %runtime.plural,
                    clash = clash.map(String::as_str).unwrap_or(""),
                    "post type left out of the GraphQL schema: its GraphQL names are invalid or \
                     already taken (set graphql_single_name / graphql_plural_name)"
                );
                continue;
            }
            seen.extend(names);
            post_types.push(runtime);
        }
        RuntimeTypes { post_types }
    }

    pub fn post_type(&self, name: &str) -> Option<&RuntimePostType> {
        self.post_types.iter().find(|pt| pt.post_type == name)
    }

    fn root_field(&self, field: &str) -> Option<(&RuntimePostType, RootField)> {
        self.post_types.iter().find_map(|pt| {
            if pt.single == field {
                Some((pt, RootField::Single))
            } else if pt.plural == field {
                Some((pt, RootField::Plural))
            } else if pt.by_field == field {
                Some((pt, RootField::By))
            } else {
                None
            }
        })
    }
}

fn runtime_types<'a>(ctx: &Context<'a>) -> Option<&'a Arc<RuntimeTypes>> {
    ctx.data_opt::<Arc<RuntimeTypes>>()
}

/// A row of a configured post type, served as that type's object (`Book`) by the template's
/// resolvers; `{single}Id` is answered here.
#[derive(Clone)]
pub struct CustomContent {
    type_name: Arc<str>,
    id_field: Arc<str>,
    object: HeadpressCustomContent,
}

impl CustomContent {
    /// The row as its type's object; `None` when its post type has no GraphQL type.
    pub fn of(ctx: &Context<'_>, post: Arc<PostRow>) -> Option<CustomContent> {
        let pt = runtime_types(ctx)?.post_type(&post.post_type)?;
        Some(CustomContent {
            type_name: pt.type_name.clone(),
            id_field: pt.id_field.clone(),
            object: HeadpressCustomContent(post),
        })
    }
}

impl Deref for CustomContent {
    type Target = HeadpressCustomContent;

    fn deref(&self) -> &HeadpressCustomContent {
        &self.object
    }
}

impl OutputType for CustomContent {
    fn type_name() -> Cow<'static, str> {
        // The template: async-graphql looks a value's fields up under this name.
        <HeadpressCustomContent as OutputType>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <HeadpressCustomContent as OutputType>::create_type_info(registry)
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        Cow::Owned(self.type_name.to_string())
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl async_graphql::ContainerType for CustomContent {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        if ctx.item.node.name.node.as_str() == &*self.id_field {
            return Ok(Some(Value::from(self.object.0.id.0)));
        }
        self.object.resolve_field(ctx).await
    }
}

impl ObjectType for CustomContent {}

/// A value of a derived interface enum (`ContentNodeKind`, `NodeKind`, …) served so that a
/// configured type's node answers `__typename` and type conditions with its own name: the
/// derive answers them with the variant's static type name (here the template's).
#[derive(Clone)]
pub struct Dyn<E>(pub E);

/// Which interface enums can hold a [`CustomContent`].
pub trait HoldsCustom {
    fn custom(&self) -> Option<&CustomContent>;
}

impl<E: OutputType + async_graphql::ContainerType + HoldsCustom> OutputType for Dyn<E> {
    fn type_name() -> Cow<'static, str> {
        E::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        E::create_type_info(registry)
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        match self.0.custom() {
            Some(c) => c.introspection_type_name(),
            None => self.0.introspection_type_name(),
        }
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl<E: OutputType + async_graphql::ContainerType + HoldsCustom> async_graphql::ContainerType
    for Dyn<E>
{
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        self.0.resolve_field(ctx).await
    }

    fn collect_all_fields<'a>(
        &'a self,
        ctx: &ContextSelectionSet<'a>,
        fields: &mut async_graphql::resolver_utils::Fields<'a>,
    ) -> ServerResult<()> {
        match self.0.custom() {
            Some(c) => c.collect_all_fields(ctx, fields),
            None => self.0.collect_all_fields(ctx, fields),
        }
    }
}

/// `dyn_interface!(ContentNode = ContentNodeKind { Post, Page, … })`: `ContentNode` is the
/// [`Dyn`] of the derived enum, built with the variants' names as before
/// (`ContentNode::Post(post)`).
macro_rules! dyn_interface {
    ($name:ident = $kind:ident { $($variant:ident),* $(,)? }) => {
        pub type $name = $crate::custom::Dyn<$kind>;

        #[allow(non_snake_case, dead_code)]
        impl $crate::custom::Dyn<$kind> {
            $(
                pub fn $variant(value: impl Into<$kind>) -> Self {
                    $crate::custom::Dyn(value.into())
                }
            )*
        }

        impl $crate::custom::HoldsCustom for $kind {
            fn custom(&self) -> Option<&$crate::custom::CustomContent> {
                match self {
                    $kind::CustomContent(c) => Some(c),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}

pub(crate) use dyn_interface;

/// Names of one connection and its edge and page-info objects.
struct ConnectionNames {
    connection: String,
    edge: String,
    page_info: String,
}

/// A connection whose types are named at run time (`RootQueryToBookConnection`).
pub struct NamedConnection<N> {
    names: Arc<ConnectionNames>,
    page: Page<N>,
}

impl<N> NamedConnection<N> {
    fn new(connection: String, page: Page<N>) -> Self {
        NamedConnection {
            names: Arc::new(ConnectionNames {
                edge: format!("{connection}Edge"),
                page_info: format!("{connection}PageInfo"),
                connection,
            }),
            page,
        }
    }
}

/// Resolves `value` as the output of the field being resolved.
async fn output<T: OutputType>(ctx: &Context<'_>, value: &T) -> ServerResult<Option<Value>> {
    let selection = ctx.with_selection_set(&ctx.item.node.selection_set);
    value.resolve(&selection, ctx.item).await.map(Some)
}

fn hidden(_: &Context<'_>) -> bool {
    false
}

macro_rules! named_object {
    ($ty:ident $(<$g:ident>)?, $template:expr, |$self_:ident| $name:expr) => {
        impl$(<$g: OutputType + Clone>)? OutputType for $ty$(<$g>)? {
            fn type_name() -> Cow<'static, str> {
                Cow::Borrowed($template)
            }

            fn create_type_info(_registry: &mut Registry) -> String {
                // Registered by `RuntimeTypesHook`, which knows the run-time names.
                format!("{}!", $template)
            }

            fn introspection_type_name(&$self_) -> Cow<'static, str> {
                Cow::Owned($name.to_string())
            }

            async fn resolve(
                &self,
                ctx: &ContextSelectionSet<'_>,
                _field: &Positioned<Field>,
            ) -> ServerResult<Value> {
                resolve_container(ctx, self).await
            }
        }

        impl$(<$g: OutputType + Clone>)? ObjectType for $ty$(<$g>)? {}
    };
}

named_object!(NamedConnection<N>, CONNECTION_TEMPLATE, |self| self
    .names
    .connection);
named_object!(NamedEdge<N>, EDGE_TEMPLATE, |self| self.names.edge);
named_object!(NamedPageInfo, PAGE_INFO_TEMPLATE, |self| self
    .names
    .page_info);

impl<N: OutputType + Clone> async_graphql::ContainerType for NamedConnection<N> {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        match ctx.item.node.name.node.as_str() {
            "edges" => {
                let edges: Vec<NamedEdge<N>> = self
                    .page
                    .items
                    .iter()
                    .map(|(cursor, node)| NamedEdge {
                        names: self.names.clone(),
                        cursor: cursor.clone(),
                        node: node.clone(),
                    })
                    .collect();
                output(ctx, &edges).await
            }
            "nodes" => {
                let nodes: Vec<N> = self.page.items.iter().map(|(_, n)| n.clone()).collect();
                output(ctx, &nodes).await
            }
            "pageInfo" => {
                let info = NamedPageInfo {
                    names: self.names.clone(),
                    start: self.page.items.first().map(|(c, _)| c.clone()),
                    end: self.page.items.last().map(|(c, _)| c.clone()),
                    has_next: self.page.has_next,
                    has_previous: self.page.has_previous,
                };
                output(ctx, &info).await
            }
            "totalCount" => {
                let n = crate::conn::total_count(ctx, &self.page.total)
                    .await
                    .map_err(|e| e.into_server_error(ctx.item.pos))?;
                Ok(Some(n.map_or(Value::Null, Value::from)))
            }
            _ => Ok(None),
        }
    }
}

/// An edge of a [`NamedConnection`].
pub struct NamedEdge<N> {
    names: Arc<ConnectionNames>,
    cursor: String,
    node: N,
}

impl<N: OutputType + Clone> async_graphql::ContainerType for NamedEdge<N> {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        match ctx.item.node.name.node.as_str() {
            "cursor" => Ok(Some(Value::from(self.cursor.as_str()))),
            "node" => output(ctx, &self.node).await,
            _ => Ok(None),
        }
    }
}

/// The page info of a [`NamedConnection`].
pub struct NamedPageInfo {
    names: Arc<ConnectionNames>,
    start: Option<String>,
    end: Option<String>,
    has_next: bool,
    has_previous: bool,
}

impl async_graphql::ContainerType for NamedPageInfo {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let cursor = |c: &Option<String>| c.as_deref().map_or(Value::Null, Value::from);
        Ok(Some(match ctx.item.node.name.node.as_str() {
            "startCursor" => cursor(&self.start),
            "endCursor" => cursor(&self.end),
            "hasNextPage" => Value::from(self.has_next),
            "hasPreviousPage" => Value::from(self.has_previous),
            _ => return Ok(None),
        }))
    }
}

/// The schema's `RootQuery`: WPGraphQL's root fields plus those of the configured post types.
pub struct RootQuery;

impl OutputType for RootQuery {
    fn type_name() -> Cow<'static, str> {
        <BuiltinRootQuery as OutputType>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <BuiltinRootQuery as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl ObjectType for RootQuery {}

impl async_graphql::ContainerType for RootQuery {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let field = ctx.item.node.name.node.as_str();
        if let Some((pt, kind)) = runtime_types(ctx).and_then(|t| t.root_field(field)) {
            return resolve_root(ctx, pt, kind).await;
        }
        BuiltinRootQuery.resolve_field(ctx).await
    }
}

fn param<T: async_graphql::InputType>(ctx: &Context<'_>, name: &str) -> ServerResult<Option<T>> {
    ctx.param_value::<Option<T>>(name, None).map(|(_, v)| v)
}

async fn resolve_root(
    ctx: &Context<'_>,
    pt: &RuntimePostType,
    kind: RootField,
) -> ServerResult<Option<Value>> {
    let server_error = |e: async_graphql::Error| e.into_server_error(ctx.item.pos);
    match kind {
        RootField::Single => {
            let id: ID = ctx.param_value::<ID>("id", None)?.1;
            let id_type = param::<PostIdType>(ctx, "idType")?.unwrap_or(PostIdType::Id);
            let found = root::single_post(ctx, &pt.post_type, &id, id_type)
                .await
                .map_err(server_error)?;
            let node = found.and_then(|p| CustomContent::of(ctx, p));
            output(ctx, &node).await
        }
        RootField::By => {
            let id = param::<ID>(ctx, "id")?;
            let database_id = param::<i32>(ctx, &pt.id_field())?;
            let uri = param::<String>(ctx, "uri")?;
            let slug = if pt.hierarchical {
                None
            } else {
                param::<String>(ctx, "slug")?
            };
            let found = root::deprecated_by(
                ctx,
                &pt.post_type,
                id.as_ref(),
                database_id,
                uri.as_deref(),
                slug.as_deref(),
            )
            .await
            .map_err(server_error)?;
            let node = found.and_then(|p| CustomContent::of(ctx, p));
            output(ctx, &node).await
        }
        RootField::Plural => {
            let args = Args::new(
                param::<i32>(ctx, "first")?,
                param::<i32>(ctx, "last")?,
                param::<String>(ctx, "after")?,
                param::<String>(ctx, "before")?,
            );
            let filter = param::<RootQueryToPageConnectionWhereArgs>(ctx, "where")?;
            let mut q = PostQuery::new(&pt.post_type);
            if let Some(w) = &filter {
                query::apply_common(ctx, &mut q, common!(w))
                    .await
                    .map_err(server_error)?;
            }
            let connection = match query::posts_page(ctx, q, &args).await {
                Ok(page) => Some(NamedConnection::new(
                    pt.connection(),
                    page.filter_map(|p| CustomContent::of(ctx, p)),
                )),
                Err(err) => root::null_with_error::<()>(ctx, &err.message)
                    .map_err(server_error)?
                    .and(None),
            };
            output(ctx, &connection).await
        }
    }
}

/// Adds the configured post types' types to the registry when the schema is built. It is a
/// directive factory only because that is the one `SchemaBuilder` hook that runs with an
/// instance (the site's configuration) and the registry; it declares no directive, so no query
/// can name it.
pub struct RuntimeTypesHook(pub Arc<RuntimeTypes>);

impl CustomDirectiveFactory for RuntimeTypesHook {
    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed("headpressRuntimeTypes")
    }

    fn register(&self, registry: &mut Registry) {
        register(registry, &self.0);
    }

    fn create(
        &self,
        ctx: &ContextDirective<'_>,
        directive: &Directive,
    ) -> ServerResult<Box<dyn CustomDirective>> {
        let _ = ctx;
        Err(ServerError::new(
            "Unknown directive",
            Some(directive.name.pos),
        ))
    }
}

fn object_fields(registry: &Registry, name: &str) -> Vec<String> {
    match registry.types.get(name) {
        Some(MetaType::Object { fields, .. } | MetaType::Interface { fields, .. }) => {
            fields.keys().cloned().collect()
        }
        _ => Vec::new(),
    }
}

/// Drops `name` from every interface's possible types and from `implements`.
fn unlist(registry: &mut Registry, name: &str) {
    for ty in registry.types.values_mut() {
        if let MetaType::Interface { possible_types, .. } = ty {
            possible_types.shift_remove(name);
        }
    }
    registry.implements.remove(name);
}

/// The named part of a field type (`[Page!]!` → `Page`) replaced by `map`.
fn retype(ty: &str, map: &[(&str, &str)]) -> String {
    let name = ty.trim_matches(|c| c == '[' || c == ']' || c == '!');
    match map.iter().find(|(from, _)| *from == name) {
        Some((_, to)) => ty.replacen(name, to, 1),
        None => ty.to_string(),
    }
}

/// A copy of the object/input/enum type `from` named `to`, with its field and argument types
/// renamed by `map` and `hide`-den from introspection if asked.
fn copy_type(
    registry: &Registry,
    from: &str,
    to: &str,
    map: &[(&str, &str)],
    hide: bool,
) -> Option<MetaType> {
    let mut ty = registry.types.get(from)?.clone();
    match &mut ty {
        MetaType::Object {
            name,
            fields,
            visible,
            rust_typename,
            ..
        } => {
            *name = to.to_string();
            *rust_typename = None;
            *visible = if hide { Some(hidden) } else { None };
            for field in fields.values_mut() {
                field.ty = retype(&field.ty, map);
                for arg in field.args.values_mut() {
                    arg.ty = retype(&arg.ty, map);
                }
            }
        }
        MetaType::InputObject {
            name,
            rust_typename,
            ..
        }
        | MetaType::Enum {
            name,
            rust_typename,
            ..
        } => {
            *name = to.to_string();
            *rust_typename = None;
        }
        _ => return None,
    }
    Some(ty)
}

fn set_description(ty: &mut MetaType, text: String) {
    match ty {
        MetaType::Object { description, .. }
        | MetaType::InputObject { description, .. }
        | MetaType::Enum { description, .. } => *description = Some(text),
        _ => {}
    }
}

fn register(registry: &mut Registry, types: &RuntimeTypes) {
    unlist(registry, CONTENT_TEMPLATE);
    if types.post_types.is_empty() {
        registry.types.remove(CONTENT_TEMPLATE);
        return;
    }
    // The templates stay (async-graphql finds a value's fields under its static type name) but
    // are hidden from introspection.
    if let Some(MetaType::Object { visible, .. }) = registry.types.get_mut(CONTENT_TEMPLATE) {
        *visible = Some(hidden);
    }
    let templates = [
        ("RootQueryToPageConnection", CONNECTION_TEMPLATE),
        ("RootQueryToPageConnectionEdge", EDGE_TEMPLATE),
        ("RootQueryToPageConnectionPageInfo", PAGE_INFO_TEMPLATE),
    ];
    for (from, to) in templates {
        if let Some(ty) = copy_type(registry, from, to, &[], true) {
            registry.types.insert(to.to_string(), ty);
        }
    }
    for pt in &types.post_types {
        register_post_type(registry, pt);
    }
}

fn register_post_type(registry: &mut Registry, pt: &RuntimePostType) {
    let t: &str = &pt.type_name;
    let single = pt.single.as_str();
    let connection = pt.connection();
    let edge = format!("{connection}Edge");
    let page_info = format!("{connection}PageInfo");
    let where_args = format!("{connection}WhereArgs");
    let id_type = pt.id_type();
    let interfaces = pt.interfaces();

    // The object: the template's fields its interfaces declare, plus `{single}Id`,
    // `hasPassword` and `password` (WPGraphQL's fields of every post object type).
    let mut wanted: HashSet<String> = ["hasPassword", "password"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    for iface in &interfaces {
        wanted.extend(object_fields(registry, iface));
    }
    let Some(MetaType::Object {
        fields: template_fields,
        ..
    }) = registry.types.get(CONTENT_TEMPLATE).cloned()
    else {
        return;
    };
    let Some(database_id) = template_fields.get("databaseId").cloned() else {
        return;
    };
    let id_field = MetaField {
        name: pt.id_field(),
        description: Some("The id field matches the WP_Post->ID field.".into()),
        deprecation: async_graphql::registry::Deprecation::Deprecated {
            reason: Some("Deprecated in favor of the databaseId field".into()),
        },
        ..database_id
    };
    if let Some(MetaType::Object { fields, .. }) = registry.types.get_mut(CONTENT_TEMPLATE) {
        fields.insert(id_field.name.clone(), id_field.clone());
    }
    let mut object = match copy_type(registry, CONTENT_TEMPLATE, t, &[], false) {
        Some(o) => o,
        None => return,
    };
    if let MetaType::Object { fields, .. } = &mut object {
        fields.retain(|name, _| wanted.contains(name));
        fields.insert(id_field.name.clone(), id_field);
        fields.sort_keys();
    }
    set_description(&mut object, format!("The {single} type"));
    registry.types.insert(t.to_string(), object);
    for iface in &interfaces {
        if let Some(MetaType::Interface { possible_types, .. }) = registry.types.get_mut(*iface) {
            possible_types.insert(t.to_string());
            registry.add_implements(t, iface);
        }
    }

    // The id-type enum, the connection and its where-arguments.
    let id_enum_from = if pt.hierarchical {
        "PageIdType"
    } else {
        "PostIdType"
    };
    if let Some(mut ty) = copy_type(registry, id_enum_from, &id_type, &[], false) {
        set_description(
            &mut ty,
            "The Type of Identifier used to fetch a single resource. Default is ID.".into(),
        );
        registry.types.insert(id_type.clone(), ty);
    }
    let map = [
        ("Page", t),
        ("RootQueryToPageConnectionEdge", edge.as_str()),
        ("RootQueryToPageConnectionPageInfo", page_info.as_str()),
    ];
    for (from, to, text) in [
        (
            "RootQueryToPageConnection",
            connection.as_str(),
            format!("Connection between the RootQuery type and the {single} type"),
        ),
        (
            "RootQueryToPageConnectionEdge",
            edge.as_str(),
            "An edge in a connection".to_string(),
        ),
        (
            "RootQueryToPageConnectionPageInfo",
            page_info.as_str(),
            format!("Page Info on the \"{connection}\""),
        ),
        (
            "RootQueryToPageConnectionWhereArgs",
            where_args.as_str(),
            format!("Arguments for filtering the {connection} connection"),
        ),
    ] {
        if let Some(mut ty) = copy_type(registry, from, to, &map, false) {
            set_description(&mut ty, text);
            registry.types.insert(to.to_string(), ty);
        }
    }

    // Root fields.
    let (single_from, by_from, by_id_arg) = if pt.hierarchical {
        ("page", "pageBy", "pageId")
    } else {
        ("post", "postBy", "postId")
    };
    let root_fields = match registry.types.get("RootQuery") {
        Some(MetaType::Object { fields, .. }) => fields.clone(),
        _ => return,
    };
    let mut added: Vec<MetaField> = Vec::new();
    let rename = [
        ("Post", t),
        ("Page", t),
        ("PostIdType", id_type.as_str()),
        ("PageIdType", id_type.as_str()),
        ("RootQueryToPageConnection", connection.as_str()),
        ("RootQueryToPageConnectionWhereArgs", where_args.as_str()),
    ];
    let retyped = |field: &MetaField, name: String, description: String| {
        let mut f = field.clone();
        f.name = name;
        f.description = Some(description);
        f.ty = retype(&f.ty, &rename);
        for arg in f.args.values_mut() {
            arg.ty = retype(&arg.ty, &rename);
        }
        f
    };
    if let Some(f) = root_fields.get(single_from) {
        added.push(retyped(
            f,
            pt.single.clone(),
            format!("An object of the {single} Type. "),
        ));
    }
    if let Some(f) = root_fields.get("pages") {
        added.push(retyped(
            f,
            pt.plural.clone(),
            format!("Connection between the RootQuery type and the {single} type"),
        ));
    }
    if let Some(f) = root_fields.get(by_from) {
        let mut f = retyped(f, pt.by_field(), format!("A {single} object"));
        f.args = f
            .args
            .into_iter()
            .map(|(name, mut arg)| {
                if name == by_id_arg {
                    arg.name = pt.id_field();
                    arg.description = Some(format!("Get the {single} by its database ID"));
                }
                (arg.name.clone(), arg)
            })
            .collect();
        added.push(f);
    }
    if let Some(MetaType::Object { fields, .. }) = registry.types.get_mut("RootQuery") {
        for f in added {
            fields.insert(f.name.clone(), f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_types_are_registered() {
        let config: headpress_domain::registry::SiteConfig =
            serde_json::from_value(serde_json::json!({ "post_types": [{ "name": "book" }] }))
                .unwrap_or_default();
        let registry = headpress_domain::types::Registry::new(&config);
        let types = RuntimeTypes::of(&registry, &crate::builtin_names());
        assert_eq!(types.post_types.len(), 1, "{types:?}");
        let schema = crate::with_interfaces(
            async_graphql::Schema::build(
                RootQuery,
                async_graphql::EmptyMutation,
                async_graphql::EmptySubscription,
            ),
            Arc::new(types),
        )
        .finish();
        let sdl = schema.sdl();
        assert!(sdl.contains("type Book implements"), "no Book");
    }
}
