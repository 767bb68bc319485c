//! The Shortcode API (`do_shortcode()`, `strip_shortcodes()`) with WordPress 6.1's built-in
//! `[caption]` and `[gallery]` handlers.
//!
//! Registered by core and therefore recognised: `wp_caption`, `caption`, `gallery`,
//! `playlist`, `audio`, `video` and `embed`. Unregistered shortcodes stay as written.
//! `[playlist]`, `[audio]`, `[video]` and `[embed]` need media players or oEmbed HTTP calls, so
//! they are left as written too (a known difference from WordPress).

use std::collections::BTreeMap;

use super::RenderContext;
use super::html_split::{Piece, wp_html_split};
use super::media::{gallery_shortcode, img_caption_shortcode};
use super::pcre::{pattern, strtr};
use super::shortcode_scan::ShortcodeScanner;

/// Shortcode names WordPress 6.1 registers by itself, in registration order.
pub(crate) const REGISTERED_SHORTCODES: &[&str] = &[
    "embed",
    "wp_caption",
    "caption",
    "gallery",
    "playlist",
    "audio",
    "video",
];

/// Shortcodes whose output Headpress produces; the others are registered but left alone.
const RENDERED_SHORTCODES: &[&str] = &["wp_caption", "caption", "gallery"];

pattern!(
    ATTS,
    r#"([A-Za-z0-9_-]+)[\t\n\x0B\x0C\r ]*=[\t\n\x0B\x0C\r ]*"([^"]*)"(?:[\t\n\x0B\x0C\r ]|$)|([A-Za-z0-9_-]+)[\t\n\x0B\x0C\r ]*=[\t\n\x0B\x0C\r ]*'([^']*)'(?:[\t\n\x0B\x0C\r ]|$)|([A-Za-z0-9_-]+)[\t\n\x0B\x0C\r ]*=[\t\n\x0B\x0C\r ]*([^\t\n\x0B\x0C\r '"]+)(?:[\t\n\x0B\x0C\r ]|$)|"([^"]*)"(?:[\t\n\x0B\x0C\r ]|$)|'([^']*)'(?:[\t\n\x0B\x0C\r ]|$)|([^\t\n\x0B\x0C\r ]+)(?:[\t\n\x0B\x0C\r ]|$)"#
);
pattern!(BALANCED_HTML, r"^[^<]*+(?:<[^>]*+>[^<]*+)*+$");

/// Shortcode attributes as `shortcode_parse_atts()` returns them: named ones by lowercase
/// name, positional ones by their index.
pub type ShortcodeAtts = BTreeMap<String, String>;

/// PHP's `stripcslashes()` for the escapes that matter in attribute values.
fn stripcslashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('v') => out.push('\x0B'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0C'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Mirrors `shortcode_parse_atts()`.
pub fn shortcode_parse_atts(text: &str) -> ShortcodeAtts {
    let text = text.replace(['\u{a0}', '\u{200b}'], " ");
    let mut atts = ShortcodeAtts::new();
    let mut positional = 0usize;
    let Some(regex) = ATTS.as_ref() else {
        return atts;
    };
    for caps in regex.captures_iter(&text) {
        let Ok(caps) = caps else { break };
        let group = |i: usize| caps.get(i).map(|m| m.as_str());
        let nonempty = |i: usize| group(i).filter(|s| !s.is_empty() && *s != "0");
        if let Some(name) = nonempty(1) {
            atts.insert(
                name.to_ascii_lowercase(),
                stripcslashes(group(2).unwrap_or("")),
            );
        } else if let Some(name) = nonempty(3) {
            atts.insert(
                name.to_ascii_lowercase(),
                stripcslashes(group(4).unwrap_or("")),
            );
        } else if let Some(name) = nonempty(5) {
            atts.insert(
                name.to_ascii_lowercase(),
                stripcslashes(group(6).unwrap_or("")),
            );
        } else if let Some(value) = [7, 8, 9]
            .into_iter()
            .find_map(|i| group(i).filter(|s| i == 9 || !s.is_empty()))
        {
            atts.insert(positional.to_string(), stripcslashes(value));
            positional += 1;
        }
    }
    for value in atts.values_mut() {
        if value.contains('<')
            && !BALANCED_HTML
                .as_ref()
                .is_some_and(|re| re.is_match(value).unwrap_or(false))
        {
            value.clear();
        }
    }
    atts
}

/// Registered shortcode names used in `text` as `[name` (the scan `do_shortcode()` does).
fn tagnames_in(text: &str) -> Vec<&'static str> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (i, _) in text.match_indices('[') {
        let start = i + 1;
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            if matches!(b, b'<' | b'>' | b'&' | b'/' | b'[' | b']' | b'=') || b <= 0x20 {
                break;
            }
            end += 1;
        }
        if let Some(name) = text.get(start..end) {
            found.push(name);
        }
    }
    REGISTERED_SHORTCODES
        .iter()
        .copied()
        .filter(|tag| found.contains(tag))
        .collect()
}

/// `do_shortcodes_in_html_tags()`, simplified: square brackets inside HTML tags are hidden as
/// `&#91;`/`&#93;` so no shortcode is matched across or inside a tag. (WordPress also expands
/// shortcodes inside attribute values; Headpress does not yet.)
fn hide_brackets_in_tags(content: &str) -> String {
    let content = strtr(content, &[("&#91;", "&#091;"), ("&#93;", "&#093;")]);
    let mut out = String::with_capacity(content.len());
    for piece in wp_html_split(&content) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Delimiter(tag) => {
                let has_open = tag.contains('[');
                let has_close = tag.contains(']');
                if has_open || has_close {
                    out.push_str(&strtr(tag, &[("[", "&#91;"), ("]", "&#93;")]));
                } else {
                    out.push_str(tag);
                }
            }
        }
    }
    out
}

fn unescape_invalid_shortcodes(content: &str) -> String {
    strtr(content, &[("&#91;", "["), ("&#93;", "]")])
}

/// Mirrors `do_shortcode()` for core's shortcodes.
pub fn do_shortcode(content: &str, ctx: &RenderContext<'_>) -> String {
    if !content.contains('[') {
        return content.to_owned();
    }
    let tagnames = tagnames_in(content);
    if tagnames.is_empty() {
        return content.to_owned();
    }
    let content = hide_brackets_in_tags(content);
    let output = ShortcodeScanner::new(&content, REGISTERED_SHORTCODES).replace(|caps| {
        let whole = caps.whole();
        let group = |i: usize| caps.group(i);
        if group(1) == "[" && group(6) == "]" {
            // [[tag]] is how a literal shortcode is written.
            return whole
                .get(1..whole.len().saturating_sub(1))
                .unwrap_or("")
                .to_owned();
        }
        let tag = group(2);
        if !tagnames.contains(&tag) || !RENDERED_SHORTCODES.contains(&tag) {
            return whole.to_owned();
        }
        let atts = shortcode_parse_atts(group(3));
        let inner = caps.get(5);
        let rendered = match tag {
            "gallery" => gallery_shortcode(&atts, ctx),
            _ => img_caption_shortcode(&atts, inner.unwrap_or(""), ctx),
        };
        format!("{}{rendered}{}", group(1), group(6))
    });
    unescape_invalid_shortcodes(&output)
}

/// Mirrors `strip_shortcodes()`: registered shortcodes and their enclosed content disappear.
pub fn strip_shortcodes(content: &str) -> String {
    if !content.contains('[') {
        return content.to_owned();
    }
    let tagnames = tagnames_in(content);
    if tagnames.is_empty() {
        return content.to_owned();
    }
    let content = hide_brackets_in_tags(content);
    let output = ShortcodeScanner::new(&content, REGISTERED_SHORTCODES).replace(|caps| {
        let whole = caps.whole();
        let group = |i: usize| caps.group(i);
        if !tagnames.contains(&group(2)) {
            return whole.to_owned();
        }
        if group(1) == "[" && group(6) == "]" {
            return whole
                .get(1..whole.len().saturating_sub(1))
                .unwrap_or("")
                .to_owned();
        }
        format!("{}{}", group(1), group(6))
    });
    unescape_invalid_shortcodes(&output)
}
