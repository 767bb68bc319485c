//! WPGraphQL's connection interfaces: `Connection`, `Edge`, `OneToOneConnection`, `PageInfo`,
//! `WPPageInfo`, and per node type `XConnection`, `XConnectionEdge`, `XConnectionPageInfo`.
//! No field returns them; they exist so that fragments such as `... on PostConnection` and
//! generated client types (Faust's `possibleTypes`, graphql-codegen) work as against WPGraphQL.
//!
//! They are derived from the registry after every object type is in it, not declared per
//! connection: a `*Connection` object with `edges`, `nodes` and `pageInfo` implements
//! `Connection` and `{Node}Connection`, where `{Node}` is the named type of `nodes`; its edge and
//! page-info objects implement the matching edge and page-info interfaces; an edge that no
//! connection lists (a one-to-one relation such as `author`) also implements
//! `OneToOneConnection`. Derived, a new connection gets its interfaces without anyone having
//! to remember them. The derive macro cannot do this: an interface there is an enum over its
//! implementers, and these interfaces' field types differ from their implementers' (covariant).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use async_graphql::parser::types::Field;
use async_graphql::registry::{MetaField, MetaType, Registry};
use async_graphql::{
    ContextSelectionSet, OutputType, Positioned, ServerError, ServerResult, Value,
};

/// Registers the connection interfaces (see the module's documentation). Register it last.
pub struct ConnectionInterfaces;

impl OutputType for ConnectionInterfaces {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("Connection")
    }

    fn create_type_info(registry: &mut Registry) -> String {
        register(registry);
        Self::qualified_type_name()
    }

    async fn resolve(
        &self,
        _ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        // Never reached: no field has one of these interfaces as its type.
        Err(ServerError::new(
            "connection interfaces have no values of their own",
            Some(field.pos),
        ))
    }
}

/// The named type at the bottom of a field type (`[Post!]!` → `Post`).
fn named(ty: &str) -> &str {
    ty.trim_matches(|c| c == '[' || c == ']' || c == '!')
}

fn fields_of(ty: &MetaType) -> Option<BTreeMap<&str, &str>> {
    match ty {
        MetaType::Object { fields, .. } => Some(
            fields
                .iter()
                .map(|(name, f)| (name.as_str(), f.ty.as_str()))
                .collect(),
        ),
        _ => None,
    }
}

fn field(name: &str, ty: &str, description: &str) -> MetaField {
    MetaField {
        name: name.to_string(),
        description: Some(description.to_string()),
        args: Default::default(),
        ty: ty.to_string(),
        deprecation: Default::default(),
        cache_control: Default::default(),
        external: false,
        requires: None,
        provides: None,
        visible: None,
        shareable: false,
        inaccessible: false,
        tags: Vec::new(),
        override_from: None,
        compute_complexity: None,
        directive_invocations: Vec::new(),
        requires_scopes: Vec::new(),
    }
}

/// One interface with its fields; its implementations are added later.
fn interface(name: &str, description: &str, fields: Vec<MetaField>) -> MetaType {
    MetaType::Interface {
        name: name.to_string(),
        description: Some(description.to_string()),
        fields: fields.into_iter().map(|f| (f.name.clone(), f)).collect(),
        possible_types: Default::default(),
        extends: false,
        inaccessible: false,
        tags: Vec::new(),
        keys: None,
        visible: None,
        rust_typename: None,
        directive_invocations: Vec::new(),
        requires_scopes: Vec::new(),
    }
}

fn page_info_fields() -> Vec<MetaField> {
    vec![
        field(
            "endCursor",
            "String",
            "When paginating forwards, the cursor to continue.",
        ),
        field(
            "hasNextPage",
            "Boolean!",
            "When paginating forwards, are there more items?",
        ),
        field(
            "hasPreviousPage",
            "Boolean!",
            "When paginating backwards, are there more items?",
        ),
        field(
            "startCursor",
            "String",
            "When paginating backwards, the cursor to continue.",
        ),
    ]
}

fn edge_fields(node: &str) -> Vec<MetaField> {
    vec![
        field(
            "cursor",
            "String",
            "Opaque reference to the nodes position in the connection. Value can be used with pagination args.",
        ),
        field("node", &format!("{node}!"), "The connected node"),
    ]
}

/// What the registry's object types say about connections, before anything is added.
#[derive(Default)]
struct Found {
    /// connection object → (node type, edge object, page-info object)
    connections: BTreeMap<String, (String, String, String)>,
    /// edge object → node type, for every `*ConnectionEdge` object with `cursor` and `node`
    edges: BTreeMap<String, String>,
}

fn survey(registry: &Registry) -> Found {
    let mut found = Found::default();
    for (name, ty) in &registry.types {
        let Some(fields) = fields_of(ty) else {
            continue;
        };
        if name.ends_with("Connection")
            && let (Some(edges), Some(nodes), Some(page_info)) = (
                fields.get("edges"),
                fields.get("nodes"),
                fields.get("pageInfo"),
            )
        {
            found.connections.insert(
                name.clone(),
                (
                    named(nodes).to_string(),
                    named(edges).to_string(),
                    named(page_info).to_string(),
                ),
            );
        }
        if name.ends_with("ConnectionEdge")
            && fields.contains_key("cursor")
            && let Some(node) = fields.get("node")
        {
            found.edges.insert(name.clone(), named(node).to_string());
        }
    }
    found
}

fn register(registry: &mut Registry) {
    let found = survey(registry);
    let mut interfaces: BTreeMap<String, (MetaType, BTreeSet<String>)> = BTreeMap::new();
    let mut implement = |iface: &str, make: &dyn Fn() -> MetaType, object: &str| {
        interfaces
            .entry(iface.to_string())
            .or_insert_with(|| (make(), BTreeSet::new()))
            .1
            .insert(object.to_string());
    };
    let listed_edges: BTreeSet<&String> = found.connections.values().map(|(_, e, _)| e).collect();
    for (connection, (node, _, page_info)) in &found.connections {
        implement(
            "Connection",
            &|| {
                interface(
                    "Connection",
                    "A plural connection from one Node Type in the Graph to another Node Type, with support for relational data via \"edges\".",
                    vec![
                        field(
                            "edges",
                            "[Edge!]!",
                            "A list of edges (relational context) between connected nodes",
                        ),
                        field("nodes", "[Node!]!", "A list of connected nodes"),
                        field(
                            "pageInfo",
                            "PageInfo!",
                            "Information about pagination in a connection.",
                        ),
                    ],
                )
            },
            connection,
        );
        let name = format!("{node}Connection");
        implement(
            &name,
            &|| {
                interface(
                    &name,
                    &format!("Connection to {node} Nodes"),
                    vec![
                        field(
                            "edges",
                            &format!("[{node}ConnectionEdge!]!"),
                            &format!(
                                "A list of edges (relational context) between RootQuery and connected {node} Nodes"
                            ),
                        ),
                        field(
                            "nodes",
                            &format!("[{node}!]!"),
                            &format!("A list of connected {node} Nodes"),
                        ),
                        field(
                            "pageInfo",
                            &format!("{node}ConnectionPageInfo!"),
                            "Information about pagination in a connection.",
                        ),
                    ],
                )
            },
            connection,
        );
        if registry.types.contains_key(page_info) {
            implement(
                "PageInfo",
                &|| {
                    interface(
                        "PageInfo",
                        "Information about pagination in a connection.",
                        page_info_fields(),
                    )
                },
                page_info,
            );
            implement(
                "WPPageInfo",
                &|| {
                    interface(
                        "WPPageInfo",
                        "Information about pagination in a connection.",
                        page_info_fields(),
                    )
                },
                page_info,
            );
            let name = format!("{node}ConnectionPageInfo");
            implement(
                &name,
                &|| {
                    interface(
                        &name,
                        &format!("Page Info on the connected {node}ConnectionEdge"),
                        page_info_fields(),
                    )
                },
                page_info,
            );
        }
    }
    for (edge, node) in &found.edges {
        implement(
            "Edge",
            &|| {
                interface(
                    "Edge",
                    "Relational context between connected nodes",
                    edge_fields("Node"),
                )
            },
            edge,
        );
        let name = format!("{node}ConnectionEdge");
        implement(
            &name,
            &|| {
                interface(
                    &name,
                    &format!("Edge between a node and a connected {node}"),
                    edge_fields(node),
                )
            },
            edge,
        );
        if !listed_edges.contains(edge) {
            implement(
                "OneToOneConnection",
                &|| {
                    interface(
                        "OneToOneConnection",
                        "A singular connection from one Node to another, with support for relational data on the \"edge\" of the connection.",
                        edge_fields("Node"),
                    )
                },
                edge,
            );
        }
    }
    for (name, (mut meta, objects)) in interfaces {
        if registry.types.contains_key(&name) {
            // A type of that name exists already (declared by hand): leave it alone.
            continue;
        }
        if let MetaType::Interface { possible_types, .. } = &mut meta {
            possible_types.extend(objects.iter().cloned());
        }
        for object in &objects {
            registry.add_implements(object, &name);
        }
        registry.types.insert(name, meta);
    }
}
