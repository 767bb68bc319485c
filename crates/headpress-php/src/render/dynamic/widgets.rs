//! `render_block_core_categories()` (`wp_list_categories`/`wp_dropdown_categories`),
//! `render_block_core_archives()` (`wp_get_archives`) and `render_block_core_search()`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::attrs::{esc_url, intval, php_string, string, truthy, wrapper_attributes};
use super::date::{month_name, php_date};
use super::{ArchiveRow, ArchiveType, CategoryData, DynamicBlockData, ListedCategory};
use crate::render::media::esc_attr;
use crate::render::{wp_strip_all_tags, wptexturize};

/// A category as the walkers see it, with the count `get_terms` computed.
struct Node<'a> {
    term: &'a ListedCategory,
    count: i64,
}

/// `get_categories()` as `wp_list_categories()`/`wp_dropdown_categories()` call it:
/// sorted by name, `hide_empty`, optionally `parent = 0`, counts padded when hierarchical
/// lists show them (`pad_counts`), and empty parents of non-empty categories kept.
fn get_categories<'a>(
    data: &'a CategoryData,
    hierarchical: bool,
    hide_empty: bool,
    top_level_only: bool,
    pad_counts: bool,
) -> Vec<Node<'a>> {
    let mut terms: Vec<&ListedCategory> = data
        .categories
        .iter()
        .filter(|t| !top_level_only || t.parent == 0)
        .filter(|t| !(hide_empty && !hierarchical && t.count <= 0))
        .collect();
    terms.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    let mut counts: HashMap<u64, i64> = terms.iter().map(|t| (t.id, t.count)).collect();
    if pad_counts {
        counts = padded_counts(data, &terms);
    }
    if hierarchical && hide_empty {
        let children = children_of(&data.categories);
        let raw: HashMap<u64, i64> = data.categories.iter().map(|t| (t.id, t.count)).collect();
        terms.retain(|t| {
            counts.get(&t.id).copied().unwrap_or(0) != 0
                || descendants(&children, t.id)
                    .iter()
                    .any(|child| raw.get(child).copied().unwrap_or(0) != 0)
        });
    }
    terms
        .into_iter()
        .map(|term| Node {
            term,
            count: counts.get(&term.id).copied().unwrap_or(term.count),
        })
        .collect()
}

fn children_of(all: &[ListedCategory]) -> HashMap<u64, Vec<u64>> {
    let mut children: HashMap<u64, Vec<u64>> = HashMap::new();
    for t in all {
        if t.parent != 0 {
            children.entry(t.parent).or_default().push(t.id);
        }
    }
    children
}

fn descendants(children: &HashMap<u64, Vec<u64>>, root: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut seen = HashSet::from([root]);
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        for child in children.get(&id).into_iter().flatten() {
            if seen.insert(*child) {
                out.push(*child);
                stack.push(*child);
            }
        }
    }
    out
}

/// `_pad_term_counts()`: each listed term counts the distinct published posts filed in it or
/// in a listed descendant.
fn padded_counts(data: &CategoryData, terms: &[&ListedCategory]) -> HashMap<u64, i64> {
    let listed: HashMap<u64, u64> = terms.iter().map(|t| (t.id, t.parent)).collect();
    let mut items: HashMap<u64, HashSet<u64>> = HashMap::new();
    for (term_id, post_id) in &data.published {
        if !listed.contains_key(term_id) {
            continue;
        }
        items.entry(*term_id).or_default().insert(*post_id);
        let mut child = *term_id;
        let mut visited = vec![child];
        while let Some(&parent) = listed.get(&child) {
            if parent == 0 {
                break;
            }
            items.entry(parent).or_default().insert(*post_id);
            if visited.contains(&parent) {
                break;
            }
            visited.push(parent);
            child = parent;
        }
    }
    let mut counts: HashMap<u64, i64> = terms.iter().map(|t| (t.id, t.count)).collect();
    for (id, posts) in items {
        if counts.contains_key(&id) {
            counts.insert(id, i64::try_from(posts.len()).unwrap_or(i64::MAX));
        }
    }
    counts
}

/// `Walker::walk()`: `max_depth` -1 is flat, 0 is every level (orphans listed at the end).
fn walk<'a>(
    nodes: &'a [Node<'a>],
    max_depth: i32,
    start_el: &dyn Fn(&Node<'_>, usize, &mut String),
    start_lvl: &dyn Fn(usize, &mut String),
    end_lvl: &dyn Fn(usize, &mut String),
    end_el: &dyn Fn(&mut String),
) -> String {
    let mut out = String::new();
    if max_depth == -1 {
        for node in nodes {
            start_el(node, 0, &mut out);
            end_el(&mut out);
        }
        return out;
    }
    let mut top: Vec<&Node<'_>> = Vec::new();
    let mut children: HashMap<u64, Vec<&Node<'_>>> = HashMap::new();
    for node in nodes {
        if node.term.parent == 0 {
            top.push(node);
        } else {
            children.entry(node.term.parent).or_default().push(node);
        }
    }
    if top.is_empty()
        && let Some(first) = nodes.first()
    {
        let root_parent = first.term.parent;
        children.clear();
        for node in nodes {
            if node.term.parent == root_parent {
                top.push(node);
            } else {
                children.entry(node.term.parent).or_default().push(node);
            }
        }
    }
    struct Walker<'w, 'n> {
        start_el: &'w dyn Fn(&Node<'_>, usize, &mut String),
        start_lvl: &'w dyn Fn(usize, &mut String),
        end_lvl: &'w dyn Fn(usize, &mut String),
        end_el: &'w dyn Fn(&mut String),
        children: HashMap<u64, Vec<&'n Node<'n>>>,
    }
    impl<'n> Walker<'_, 'n> {
        fn display(&mut self, node: &Node<'_>, depth: usize, out: &mut String) {
            (self.start_el)(node, depth, out);
            // Depth is bounded by the number of terms: each is removed once displayed.
            if let Some(kids) = self.children.remove(&node.term.id) {
                (self.start_lvl)(depth, out);
                for kid in kids {
                    self.display(kid, depth + 1, out);
                }
                (self.end_lvl)(depth, out);
            }
            (self.end_el)(out);
        }
    }
    let mut walker = Walker {
        start_el,
        start_lvl,
        end_lvl,
        end_el,
        children,
    };
    for node in top {
        walker.display(node, 0, &mut out);
    }
    let mut orphans: Vec<(u64, Vec<&Node<'_>>)> = walker.children.drain().collect();
    orphans.sort_by_key(|(parent, _)| *parent);
    for (_, list) in orphans {
        for node in list {
            start_el(node, 0, &mut out);
            end_el(&mut out);
        }
    }
    out
}

const CATEGORY_DROPDOWN_SCRIPT: &str = "\t<script type='text/javascript'>\n\t/* <![CDATA[ */\n\t( function() {\n\t\tvar dropdown = document.getElementById( '{id}' );\n\t\tfunction onCatChange() {\n\t\t\tif ( dropdown.options[ dropdown.selectedIndex ].value > 0 ) {\n\t\t\t\tlocation.href = \"{home}/?cat=\" + dropdown.options[ dropdown.selectedIndex ].value;\n\t\t\t}\n\t\t}\n\t\tdropdown.onchange = onCatChange;\n\t})();\n\t/* ]]> */\n\t</script>\n\t";

/// `render_block_core_categories()`.
pub(super) fn render_categories(
    data: &DynamicBlockData,
    attrs: &Map<String, Value>,
) -> Option<String> {
    let categories = data.categories.as_ref()?;
    let block_id = data.next_category_block();
    let hierarchical = truthy(attrs, "showHierarchy");
    let show_count = truthy(attrs, "showPostCounts");
    let nodes = get_categories(
        categories,
        hierarchical,
        !truthy(attrs, "showEmpty"),
        truthy(attrs, "showOnlyTopLevel"),
        show_count && hierarchical,
    );
    let max_depth = if hierarchical { 0 } else { -1 };
    if truthy(attrs, "displayAsDropdown") {
        let id = format!("wp-block-categories-{block_id}");
        let mut select = format!(
            "<select  name='cat' id='{}' class='postform'>\n\t<option value='-1'>Select Category</option>\n",
            esc_attr(&id)
        );
        select.push_str(&walk(
            &nodes,
            max_depth,
            &|node, depth, out| {
                let pad = "&nbsp;".repeat(depth * 3);
                let _ = write!(
                    out,
                    "\t<option class=\"level-{depth}\" value=\"{}\">{pad}{}",
                    node.term.id, node.term.name
                );
                if show_count {
                    let _ = write!(out, "&nbsp;&nbsp;({})", number_format(node.count));
                }
                out.push_str("</option>\n");
            },
            &|_, _| {},
            &|_, _| {},
            &|_| {},
        ));
        select.push_str("</select>");
        select.push_str(
            &CATEGORY_DROPDOWN_SCRIPT
                .replace("{id}", &js_escape(&id))
                .replace("{home}", &esc_url(&data.site.home_url)),
        );
        select.push('\n');
        let wrapper = wrapper_attributes("core/categories", attrs, "wp-block-categories-dropdown");
        return Some(format!(
            "<div {wrapper}><label class=\"screen-reader-text\" for=\"{}\">Categories</label>{select}</div>",
            esc_attr(&id)
        ));
    }
    let items = if nodes.is_empty() {
        "<li class=\"cat-item-none\">No categories</li>".to_owned()
    } else {
        walk(
            &nodes,
            max_depth,
            &|node, _, out| {
                let _ = write!(
                    out,
                    "\t<li class=\"cat-item cat-item-{}\"><a href=\"{}\">{}</a>",
                    node.term.id,
                    esc_url(&node.term.link),
                    esc_attr(&node.term.name)
                );
                if show_count {
                    let _ = write!(out, " ({})", number_format(node.count));
                }
                out.push('\n');
            },
            &|depth, out| {
                let _ = writeln!(out, "{}<ul class='children'>", "\t".repeat(depth));
            },
            &|depth, out| {
                let _ = writeln!(out, "{}</ul>", "\t".repeat(depth));
            },
            &|out| out.push_str("</li>\n"),
        )
    };
    let wrapper = wrapper_attributes("core/categories", attrs, "wp-block-categories-list");
    Some(format!("<ul {wrapper}>{items}</ul>"))
}

/// `number_format_i18n()` in English: thousands separated by commas.
fn number_format(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `esc_js()` for an element id.
fn js_escape(text: &str) -> String {
    esc_attr(text).replace('\\', "\\\\")
}

/// The archive granularity of a block; `None` for the types not ported.
pub(super) fn archive_type(attrs: &Map<String, Value>) -> Option<ArchiveType> {
    match string(attrs, "type").as_str() {
        "yearly" => Some(ArchiveType::Yearly),
        "monthly" | "" => Some(ArchiveType::Monthly),
        "daily" => Some(ArchiveType::Daily),
        _ => None,
    }
}

/// WordPress's date permastructure (`WP_Rewrite::get_date_permastruct()`): the front of the
/// post structure plus `%year%/%monthnum%/%day%` (under `date/` when `%post_id%` comes
/// early); `None` without pretty permalinks.
fn date_permastruct(structure: &str) -> Option<String> {
    if structure.is_empty() {
        return None;
    }
    let endian = [
        "%year%/%monthnum%/%day%",
        "%day%/%monthnum%/%year%",
        "%monthnum%/%day%/%year%",
    ]
    .into_iter()
    .find(|e| structure.contains(e))
    .unwrap_or("%year%/%monthnum%/%day%");
    let mut front = structure[..structure.find('%').unwrap_or(structure.len())].to_owned();
    let tokens: Vec<&str> = structure
        .split('%')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, t)| t)
        .collect();
    if tokens.iter().take(3).any(|t| *t == "post_id") {
        front.push_str("date/");
    }
    Some(format!("{front}{endian}"))
}

/// `get_year_link`/`get_month_link`/`get_day_link`.
fn archive_link(data: &DynamicBlockData, kind: ArchiveType, row: &ArchiveRow) -> String {
    let home = &data.site.home_url;
    let (month, day) = (format!("{:02}", row.month), format!("{:02}", row.day));
    let Some(structure) = date_permastruct(&data.site.permalink_structure) else {
        return match kind {
            ArchiveType::Yearly => format!("{home}/?m={}", row.year),
            ArchiveType::Monthly => format!("{home}/?m={}{month}", row.year),
            ArchiveType::Daily => format!("{home}/?m={}{month}{day}", row.year),
        };
    };
    let mut path = structure;
    if kind != ArchiveType::Daily {
        path = path.replace("%day%", "");
    }
    if kind == ArchiveType::Yearly {
        path = path.replace("%monthnum%", "");
    }
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    path = path
        .replace("%year%", &row.year.to_string())
        .replace("%monthnum%", &month)
        .replace("%day%", &day);
    // user_trailingslashit(): follows the post structure's trailing slash.
    let path = path.trim_end_matches('/');
    if data.site.permalink_structure.ends_with('/') {
        format!("{home}{path}/")
    } else {
        format!("{home}{path}")
    }
}

/// `render_block_core_archives()`.
pub(super) fn render_archives(
    data: &DynamicBlockData,
    attrs: &Map<String, Value>,
) -> Option<String> {
    let kind = archive_type(attrs)?;
    let rows = data.archives.get(&kind)?;
    let show_count = truthy(attrs, "showPostCounts");
    let dropdown = truthy(attrs, "displayAsDropdown");
    let mut archives = String::new();
    for row in rows {
        let url = esc_url(&archive_link(data, kind, row));
        let text = wptexturize(&match kind {
            ArchiveType::Yearly => row.year.to_string(),
            ArchiveType::Monthly => format!("{} {}", month_name(row.month), row.year),
            ArchiveType::Daily => php_date(
                &data.site.date_format,
                &format!("{:04}-{:02}-{:02} 00:00:00", row.year, row.month, row.day),
                0,
            ),
        });
        let after = if show_count {
            format!("&nbsp;({})", row.posts)
        } else {
            String::new()
        };
        if dropdown {
            let _ = writeln!(archives, "\t<option value='{url}'> {text} {after}</option>");
        } else {
            let _ = writeln!(archives, "\t<li><a href='{url}'>{text}</a>{after}</li>");
        }
    }
    if dropdown {
        let id = data.unique_id("wp-block-archives-");
        let label = match kind {
            ArchiveType::Yearly => "Select Year",
            ArchiveType::Monthly => "Select Month",
            ArchiveType::Daily => "Select Day",
        };
        let screen_reader = if truthy(attrs, "showLabel") {
            ""
        } else {
            " screen-reader-text"
        };
        let wrapper = wrapper_attributes("core/archives", attrs, " wp-block-archives-dropdown");
        return Some(format!(
            "<div {wrapper}><label for=\"{id}\" class=\"wp-block-archives__label{screen_reader}\">Archives</label>\n\t\t<select id=\"{id}\" name=\"archive-dropdown\" onchange=\"document.location.href=this.options[this.selectedIndex].value;\">\n\t\t<option value=\"\">{label}</option>{archives}</select></div>"
        ));
    }
    let wrapper = wrapper_attributes("core/archives", attrs, " wp-block-archives-list");
    Some(if archives.is_empty() {
        format!("<div {wrapper}>No archives to show.</div>")
    } else {
        format!("<ul {wrapper}>{archives}</ul>")
    })
}

const SEARCH_ICON: &str = "<svg class=\"search-icon\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\">\n\t\t\t\t\t<path d=\"M13.5 6C10.5 6 8 8.5 8 11.5c0 1.1.3 2.1.9 3l-3.4 3 1 1.1 3.4-2.9c1 .9 2.2 1.4 3.6 1.4 3 0 5.5-2.5 5.5-5.5C19 8.5 16.5 6 13.5 6zm0 9.5c-2.2 0-4-1.8-4-4s1.8-4 4-4 4 1.8 4 4-1.8 4-4 4z\"></path>\n\t\t\t\t</svg>";

/// `render_block_core_search()`. Search has no query in a REST request, so the input's value
/// is empty.
pub(super) fn render_search(data: &DynamicBlockData, attrs: &Map<String, Value>) -> String {
    let mut attrs = attrs.clone();
    for name in ["label", "buttonText"] {
        if !attrs.contains_key(name) {
            attrs.insert(name.into(), Value::String("Search".into()));
        }
    }
    let attrs = &attrs;
    let input_id = data.unique_id("wp-block-search__input-");
    let position = string(attrs, "buttonPosition");
    let has_position = truthy(attrs, "buttonPosition");
    let show_label = truthy(attrs, "showLabel");
    let use_icon = truthy(attrs, "buttonUseIcon");
    let show_input = !(has_position && position == "button-only");
    let show_button = !(has_position && position == "no-button");
    let button_inside = has_position && position == "button-inside";
    let typography = typography_classes(attrs);
    let colors = color_classes(attrs);
    let border_colors = border_color_classes(attrs);

    let mut classnames: Vec<&str> = Vec::new();
    if has_position {
        match position.as_str() {
            "button-inside" => classnames.push("wp-block-search__button-inside"),
            "button-outside" => classnames.push("wp-block-search__button-outside"),
            "no-button" => classnames.push("wp-block-search__no-button"),
            "button-only" => classnames.push("wp-block-search__button-only"),
            _ => {}
        }
    }
    if attrs.contains_key("buttonUseIcon") && has_position && position != "no-button" {
        classnames.push(if use_icon {
            "wp-block-search__icon-button"
        } else {
            "wp-block-search__text-button"
        });
    }

    let label_html = if truthy(attrs, "label") {
        string(attrs, "label")
    } else {
        "Search".to_owned()
    };
    let mut label = format!(
        "<label for=\"{}\" class=\"wp-block-search__label screen-reader-text\">{label_html}</label>",
        esc_attr(&input_id)
    );
    if show_label && truthy(attrs, "label") {
        let mut classes = vec!["wp-block-search__label".to_owned()];
        if !typography.is_empty() {
            classes.push(typography.clone());
        }
        label = format!(
            "<label for=\"{}\" class=\"{}\" >{label_html}</label>",
            esc_attr(&input_id),
            esc_attr(&classes.join(" "))
        );
    }

    let mut input = String::new();
    if show_input {
        let mut classes = vec!["wp-block-search__input".to_owned()];
        if button_inside {
            classes.push(border_colors.clone());
        }
        if !typography.is_empty() {
            classes.push(typography.clone());
        }
        input = format!(
            "<input type=\"search\" id=\"{input_id}\" class=\"wp-block-search__input {}\" name=\"s\" value=\"\" placeholder=\"{}\"  required />",
            esc_attr(&classes.join(" ")),
            esc_attr(&string(attrs, "placeholder"))
        );
    }

    let mut hidden = String::new();
    if let Some(Value::Object(query)) = attrs.get("query") {
        for (param, value) in query {
            let _ = write!(
                hidden,
                "<input type=\"hidden\" name=\"{}\" value=\"{}\" />",
                esc_attr(param),
                esc_attr(&php_string(value))
            );
        }
    }

    let mut button = String::new();
    if show_button {
        let mut classes: Vec<String> = vec!["wp-block-search__button".into()];
        if !colors.is_empty() {
            classes.push(colors);
        }
        if !typography.is_empty() {
            classes.push(typography);
        }
        if !button_inside && !border_colors.is_empty() {
            classes.push(border_colors.clone());
        }
        let mut aria_label = String::new();
        let inner = if use_icon {
            aria_label = format!(
                "aria-label=\"{}\"",
                esc_attr(&wp_strip_all_tags(&string(attrs, "buttonText")))
            );
            classes.push("has-icon".into());
            SEARCH_ICON.to_owned()
        } else if truthy(attrs, "buttonText") {
            string(attrs, "buttonText")
        } else {
            String::new()
        };
        classes.push("wp-element-button".into());
        button = format!(
            "<button type=\"submit\" class=\"{}\"  {aria_label}>{inner}</button>",
            esc_attr(&classes.join(" "))
        );
    }

    let width_style =
        if truthy(attrs, "width") && truthy(attrs, "widthUnit") && position != "button-only" {
            format!(
                " style=\"width: {}{}\"",
                intval(attrs.get("width").unwrap_or(&Value::Null)),
                esc_attr(&string(attrs, "widthUnit"))
            )
        } else {
            String::new()
        };
    let field_classes = if button_inside {
        border_colors
    } else {
        String::new()
    };
    let field = format!(
        "<div class=\"wp-block-search__inside-wrapper {}\" {width_style}>{input}{hidden}{button}</div>",
        esc_attr(&field_classes)
    );
    let wrapper = wrapper_attributes("core/search", attrs, &classnames.join(" "));
    format!(
        "<form role=\"search\" method=\"get\" action=\"{}\" {wrapper}>{label}{field}</form>",
        esc_url(&format!("{}/", data.site.home_url))
    )
}

/// `get_typography_classes_for_block_core_search()`.
fn typography_classes(attrs: &Map<String, Value>) -> String {
    let mut classes = Vec::new();
    if truthy(attrs, "fontSize") {
        classes.push(format!(
            "has-{}-font-size",
            esc_attr(&string(attrs, "fontSize"))
        ));
    }
    if truthy(attrs, "fontFamily") {
        classes.push(format!(
            "has-{}-font-family",
            esc_attr(&string(attrs, "fontFamily"))
        ));
    }
    classes.join(" ")
}

fn style_value<'a>(attrs: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let mut value = attrs.get("style")?;
    for key in path {
        value = value.get(key)?;
    }
    Some(value)
}

/// `get_color_classes_for_block_core_search()`.
fn color_classes(attrs: &Map<String, Value>) -> String {
    let mut classes = Vec::new();
    let custom = |path: &[&str]| !super::attrs::php_empty(style_value(attrs, path));
    if truthy(attrs, "textColor") {
        classes.push(format!(
            "has-text-color has-{}-color",
            string(attrs, "textColor")
        ));
    } else if custom(&["color", "text"]) {
        classes.push("has-text-color".into());
    }
    if truthy(attrs, "backgroundColor")
        || custom(&["color", "background"])
        || truthy(attrs, "gradient")
        || custom(&["color", "gradient"])
    {
        classes.push("has-background".into());
    }
    if truthy(attrs, "backgroundColor") {
        classes.push(format!(
            "has-{}-background-color",
            string(attrs, "backgroundColor")
        ));
    }
    if truthy(attrs, "gradient") {
        classes.push(format!(
            "has-{}-gradient-background",
            string(attrs, "gradient")
        ));
    }
    classes.join(" ")
}

/// `get_border_color_classes_for_block_core_search()`.
fn border_color_classes(attrs: &Map<String, Value>) -> String {
    let mut classes = Vec::new();
    let custom = !super::attrs::php_empty(style_value(attrs, &["border", "color"]));
    if custom || truthy(attrs, "borderColor") {
        classes.push("has-border-color".to_owned());
    }
    if truthy(attrs, "borderColor") {
        classes.push(format!(
            "has-{}-border-color",
            esc_attr(&string(attrs, "borderColor"))
        ));
    }
    classes.join(" ")
}
