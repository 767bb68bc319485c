//! Faust.js's `generatePossibleTypes` reads, by introspection, which object types implement
//! each interface; for the types Headpress serves it must find what WPGraphQL's schema says.
//! Compared on the SDL: for every interface Headpress has, its implementations here are
//! WPGraphQL's implementations among the object types Headpress has.

use std::collections::{BTreeMap, BTreeSet};

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

/// Object type → the interfaces it implements, and the set of interfaces.
fn implementations(sdl: &str) -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<String>) {
    let doc = parse_schema(sdl).expect("the SDL parses");
    let mut objects = BTreeMap::new();
    let mut interfaces = BTreeSet::new();
    for def in doc.definitions {
        if let TypeSystemDefinition::Type(t) = def {
            let name = t.node.name.node.to_string();
            match &t.node.kind {
                TypeKind::Object(o) => {
                    objects.insert(
                        name,
                        o.implements.iter().map(|i| i.node.to_string()).collect(),
                    );
                }
                TypeKind::Interface(_) => {
                    interfaces.insert(name);
                }
                _ => {}
            }
        }
    }
    (objects, interfaces)
}

#[test]
fn possible_types_match_wpgraphql() {
    let reference = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/graphql-conformance/schema.graphql"
    ))
    .expect("the reference SDL is readable");
    let (ref_objects, _) = implementations(&reference);
    let (objects, interfaces) = implementations(&crate::schema_sdl());
    let mut problems = Vec::new();
    for interface in &interfaces {
        let ours: BTreeSet<&String> = objects
            .iter()
            .filter(|(_, i)| i.contains(interface))
            .map(|(name, _)| name)
            .collect();
        let theirs: BTreeSet<&String> = ref_objects
            .iter()
            .filter(|(name, i)| i.contains(interface) && objects.contains_key(*name))
            .map(|(name, _)| name)
            .collect();
        if ours != theirs {
            problems.push(format!(
                "{interface}: Headpress {ours:?}, WPGraphQL {theirs:?}"
            ));
        }
    }
    // Every interface WPGraphQL has one of the served node types implement is here too (a
    // client's `... on NodeWithTitle` must validate, and Faust's `possibleTypes` list it)
    // (For the node types; connection, edge and page-info interfaces are not served yet.)
    const NODE_TYPES: &[&str] = &[
        "Post",
        "Page",
        "MediaItem",
        "User",
        "Category",
        "Tag",
        "PostFormat",
        "Comment",
        "CommentAuthor",
        "ContentType",
        "Taxonomy",
        "Menu",
        "MenuItem",
    ];
    for (name, implemented) in &ref_objects {
        if !objects.contains_key(name) || !NODE_TYPES.contains(&name.as_str()) {
            continue;
        }
        for interface in implemented {
            if !interfaces.contains(interface) {
                problems.push(format!("{name} implements {interface} in WPGraphQL only"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "possibleTypes differ:\n{}",
        problems.join("\n")
    );
}
