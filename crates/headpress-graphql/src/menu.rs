//! Navigation menus as WPGraphQL shows them: `nav_menu` terms, public only when assigned to
//! one of the theme's locations (`Menu::is_private`), and their `nav_menu_item` posts with
//! the fields `wp_setup_nav_menu_item` derives from their meta.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use headpress_domain::graph::{self, Keyset};
use headpress_domain::posts::{Post as PostRow, PostOrderBy, PostQuery, TaxClause, TaxOperator};
use headpress_domain::terms::Term;

use crate::conn::{Args, Page, connection};
use crate::ctx::{PostMeta, TermId, internal, req};
use crate::model::{load_post, post_link, term_link};
use crate::{ids, query};

/// `MenuLocationEnum`: the locations the theme registers (this site's theme registers
/// none, hence WPGraphQL's placeholder value).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum MenuLocationEnum {
    #[graphql(name = "EMPTY")]
    Empty,
}

/// `MenuNodeIdTypeEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum MenuNodeIdTypeEnum {
    #[graphql(name = "DATABASE_ID")]
    DatabaseId,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "LOCATION")]
    Location,
    #[graphql(name = "NAME")]
    Name,
    #[graphql(name = "SLUG")]
    Slug,
}

/// Arguments for filtering the connection.
#[derive(InputObject, Default)]
pub struct RootQueryToMenuConnectionWhereArgs {
    pub id: Option<i32>,
    pub location: Option<MenuLocationEnum>,
    pub slug: Option<String>,
}

/// The menu IDs assigned to theme locations (`get_theme_mod( 'nav_menu_locations' )`).
async fn assigned_menus(ctx: &Context<'_>) -> Result<Vec<u64>> {
    let r = req(ctx)?;
    let stylesheet = r.options.get_or("stylesheet", "").to_owned();
    let name = format!("theme_mods_{stylesheet}");
    let raw = match r.options.get(&name) {
        Some(v) => Some(v.to_owned()),
        None => headpress_domain::options::get_option(&r.site, &name)
            .await
            .map_err(internal)?,
    };
    let mods = raw
        .as_deref()
        .and_then(headpress_php::serialize::maybe_unserialize)
        .map(|v| v.to_json());
    Ok(mods
        .as_ref()
        .and_then(|m| m.get("nav_menu_locations"))
        .and_then(|l| l.as_object())
        .map(|l| {
            l.values()
                .filter_map(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
                .collect()
        })
        .unwrap_or_default())
}

/// The menus the viewer may see: all for `edit_theme_options`, else the assigned ones.
pub async fn visible_menus(ctx: &Context<'_>) -> Result<Vec<Arc<Term>>> {
    let r = req(ctx)?;
    let all = query::taxonomy_terms(ctx, "nav_menu").await?;
    if r.viewer.can("edit_theme_options") {
        return Ok(all.as_ref().clone());
    }
    let assigned = assigned_menus(ctx).await?;
    Ok(all
        .iter()
        .filter(|t| assigned.contains(&t.term_id.0))
        .cloned()
        .collect())
}

/// Menus are collections of menu items.
#[derive(Clone)]
pub struct Menu(pub Arc<Term>);

#[Object]
impl Menu {
    /// The globally unique identifier of the nav menu object.
    pub(crate) async fn id(&self) -> ID {
        ID(ids::global_id("term", self.0.term_id.0))
    }

    /// The unique identifier stored in the database.
    #[graphql(name = "databaseId")]
    pub(crate) async fn database_id(&self) -> i64 {
        self.0.term_id.0 as i64
    }

    /// WP ID of the nav menu.
    #[graphql(
        name = "menuId",
        deprecation = "Deprecated in favor of the databaseId field"
    )]
    async fn menu_id(&self) -> Option<i64> {
        Some(self.0.term_id.0 as i64)
    }

    /// Display name of the menu.
    async fn name(&self) -> Option<&str> {
        Some(&self.0.name)
    }

    /// The url friendly name of the menu.
    async fn slug(&self) -> Option<&str> {
        Some(&self.0.slug)
    }

    /// The number of items in the menu.
    async fn count(&self) -> Option<i64> {
        Some(self.0.count)
    }

    /// The locations a menu is assigned to (only registered locations have enum values).
    async fn locations(&self) -> Option<Vec<Option<MenuLocationEnum>>> {
        Some(Vec::new())
    }

    /// Whether the object is restricted from the current viewer.
    #[graphql(name = "isRestricted")]
    async fn is_restricted(&self) -> Option<bool> {
        Some(false)
    }

    /// Connection between the Menu type and the MenuItem type.
    #[graphql(name = "menuItems")]
    async fn menu_items(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        last: Option<i32>,
        after: Option<String>,
        before: Option<String>,
    ) -> Result<Option<MenuToMenuItemConnection>> {
        let page = menu_items(
            ctx,
            self.0.term_id.0,
            &Args::new(first, last, after, before),
        )
        .await?;
        Ok(Some(MenuToMenuItemConnection(page.map(MenuItem))))
    }
}

/// The items of one menu, in `menu_order`.
async fn menu_items(ctx: &Context<'_>, menu: u64, args: &Args) -> Result<Page<Arc<PostRow>>> {
    let window = args.window()?;
    let r = req(ctx)?;
    let mut q = PostQuery::new("nav_menu_item");
    q.statuses = vec!["publish".into()];
    q.order_by = PostOrderBy::MenuOrder;
    q.order_desc = false;
    q.tax = vec![TaxClause {
        taxonomy: "nav_menu".into(),
        terms: vec![menu],
        include_children: false,
        operator: TaxOperator::In,
    }];
    let rows = graph::posts_keyset(
        &r.site,
        &r.viewer,
        &q,
        Keyset {
            after: window.after,
            before: window.before,
            limit: window.fetch(),
            from_end: window.from_end,
        },
    )
    .await
    .map_err(internal)?;
    // Menu items are public with their menu.
    Ok(window.page(rows.into_iter().map(Arc::new).collect(), |p| p.id.0))
}

/// Navigation menu items are the individual items assigned to a menu.
#[derive(Clone)]
pub struct MenuItem(pub Arc<PostRow>);

impl MenuItem {
    async fn meta(&self, ctx: &Context<'_>, key: &'static str) -> Result<Option<String>> {
        Ok(req(ctx)?
            .loader
            .load_one(PostMeta(self.0.id.0, key))
            .await?
            .flatten())
    }

    async fn object_id(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(self
            .meta(ctx, "_menu_item_object_id")
            .await?
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0))
    }

    /// The linked post or term, as `wp_setup_nav_menu_item` reads it.
    async fn linked(&self, ctx: &Context<'_>) -> Result<Linked> {
        let kind = self.meta(ctx, "_menu_item_type").await?.unwrap_or_default();
        Ok(match kind.as_str() {
            "post_type" => match load_post(ctx, self.object_id(ctx).await?).await? {
                Some(p) => Linked::Post(p),
                None => Linked::Missing,
            },
            "taxonomy" => match req(ctx)?
                .loader
                .load_one(TermId(self.object_id(ctx).await?))
                .await?
            {
                Some(t) => Linked::Term(t),
                None => Linked::Missing,
            },
            _ => Linked::Custom,
        })
    }
}

enum Linked {
    Post(Arc<PostRow>),
    Term(Arc<Term>),
    Custom,
    Missing,
}

#[Object]
impl MenuItem {
    /// The globally unique identifier of the nav menu item object.
    pub(crate) async fn id(&self) -> ID {
        ID(ids::global_id("post", self.0.id.0))
    }

    /// Identifies the primary key from the database.
    #[graphql(name = "databaseId")]
    pub(crate) async fn database_id(&self) -> i64 {
        self.0.id.0 as i64
    }

    /// Label or title of the menu item.
    async fn label(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        if !self.0.post_title.is_empty() {
            return Ok(Some(self.0.post_title.clone()));
        }
        Ok(match self.linked(ctx).await? {
            Linked::Post(p) => Some(p.post_title.clone()),
            Linked::Term(t) => Some(t.name.clone()),
            Linked::Custom | Linked::Missing => Some(String::new()),
        })
    }

    /// URL or destination of the menu item.
    async fn url(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(match self.linked(ctx).await? {
            Linked::Post(p) => Some(post_link(ctx, &p).await?),
            Linked::Term(t) => Some(term_link(ctx, &t).await?),
            Linked::Custom => self.meta(ctx, "_menu_item_url").await?,
            Linked::Missing => None,
        })
    }

    /// Title attribute for the menu item link.
    async fn title(&self) -> Option<String> {
        (!self.0.post_excerpt.is_empty()).then(|| self.0.post_excerpt.clone())
    }

    /// Description of the menu item.
    async fn description(&self) -> Option<String> {
        (!self.0.post_content.is_empty()).then(|| self.0.post_content.clone())
    }

    /// Menu item order.
    async fn order(&self) -> Option<i32> {
        Some(self.0.menu_order)
    }

    /// Target attribute for the menu item link.
    async fn target(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self
            .meta(ctx, "_menu_item_target")
            .await?
            .filter(|t| !t.is_empty()))
    }

    /// The database id of the parent menu item, or null.
    #[graphql(name = "parentDatabaseId")]
    async fn parent_database_id(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(self
            .meta(ctx, "_menu_item_menu_item_parent")
            .await?
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|id| *id > 0))
    }

    /// Whether the object is restricted from the current viewer.
    #[graphql(name = "isRestricted")]
    async fn is_restricted(&self) -> Option<bool> {
        Some(false)
    }
}

connection!(
    RootQueryToMenuConnection,
    RootQueryToMenuConnectionEdge,
    RootQueryToMenuConnectionPageInfo,
    Menu
);
connection!(
    MenuToMenuItemConnection,
    MenuToMenuItemConnectionEdge,
    MenuToMenuItemConnectionPageInfo,
    MenuItem
);
