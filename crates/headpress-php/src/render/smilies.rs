//! `convert_smilies()` with WordPress 6.1's default smiley table.
//!
//! Since WordPress 4.2 almost every smiley maps to an emoji character, which is what REST
//! responses contain (the emoji-to-image swap happens in the browser). Only `:mrgreen:` is
//! still an image under `wp-includes/images/smilies/`.

use super::media::esc_attr;
use super::pcre::{SPACES, SPACES_ALT, pattern, replace_with};

/// `$wpsmiliestrans`, sorted the way `krsort()` leaves it (longest alternatives tried first
/// within each first character).
const SMILIES: &[(&str, &str)] = &[
    (":mrgreen:", "mrgreen.png"),
    (":neutral:", "\u{1f610}"),
    (":twisted:", "\u{1f608}"),
    (":arrow:", "\u{27a1}"),
    (":shock:", "\u{1f62f}"),
    (":smile:", "\u{1f642}"),
    (":???:", "\u{1f615}"),
    (":cool:", "\u{1f60e}"),
    (":evil:", "\u{1f47f}"),
    (":grin:", "\u{1f600}"),
    (":idea:", "\u{1f4a1}"),
    (":oops:", "\u{1f633}"),
    (":razz:", "\u{1f61b}"),
    (":roll:", "\u{1f644}"),
    (":wink:", "\u{1f609}"),
    (":cry:", "\u{1f625}"),
    (":eek:", "\u{1f62e}"),
    (":lol:", "\u{1f606}"),
    (":mad:", "\u{1f621}"),
    (":sad:", "\u{1f641}"),
    ("8-)", "\u{1f60e}"),
    ("8-O", "\u{1f62f}"),
    (":-(", "\u{1f641}"),
    (":-)", "\u{1f642}"),
    (":-?", "\u{1f615}"),
    (":-D", "\u{1f600}"),
    (":-P", "\u{1f61b}"),
    (":-o", "\u{1f62e}"),
    (":-x", "\u{1f621}"),
    (":-|", "\u{1f610}"),
    (";-)", "\u{1f609}"),
    ("8O", "\u{1f62f}"),
    (":(", "\u{1f641}"),
    (":)", "\u{1f642}"),
    (":?", "\u{1f615}"),
    (":D", "\u{1f600}"),
    (":P", "\u{1f61b}"),
    (":o", "\u{1f62e}"),
    (":x", "\u{1f621}"),
    (":|", "\u{1f610}"),
    (";)", "\u{1f609}"),
    (":!:", "\u{2757}"),
    (":?:", "\u{2753}"),
];

fn smilies_pattern() -> String {
    // krsort() orders keys by descending byte value, so longer keys sharing a prefix come first.
    let mut keys: Vec<&str> = SMILIES.iter().map(|(k, _)| *k).collect();
    keys.sort_by(|a, b| b.cmp(a));
    let alternatives = keys
        .iter()
        .map(|k| fancy_regex::escape(k).into_owned())
        .collect::<Vec<_>>()
        .join("|");
    format!(r"(?m)(?<={SPACES_ALT}|^)(?:{alternatives})(?={SPACES}|$)")
}

pattern!(SMILEY, smilies_pattern());
pattern!(TAG_OR_TEXT, r"(<.*?>)");
pattern!(IGNORED_OPEN, r"^<(code|pre|style|script|textarea)[^>]*>");

/// `translate_smiley()`: the emoji itself, or an `<img>` for image smilies.
fn translate(smiley: &str, site_url: &str) -> String {
    let smiley = smiley.trim();
    let Some((_, img)) = SMILIES.iter().find(|(k, _)| *k == smiley) else {
        return smiley.to_owned();
    };
    if !img.ends_with(".png") {
        return (*img).to_owned();
    }
    let src = format!(
        "{}/wp-includes/images/smilies/{img}",
        site_url.trim_end_matches('/')
    );
    format!(
        "<img src=\"{}\" alt=\"{}\" class=\"wp-smiley\" style=\"height: 1em; max-height: 1em;\" />",
        esc_attr(&src),
        esc_attr(smiley)
    )
}

/// Mirrors `convert_smilies()` with `use_smilies` on; `site_url` locates the image smilies.
pub fn convert_smilies(text: &str, site_url: &str) -> String {
    let mut output = String::with_capacity(text.len());
    let mut ignore_element = String::new();
    let mut pieces: Vec<&str> = Vec::new();
    // preg_split('/(<.*>)/U') with captured delimiters: tags and text alternate.
    let mut last = 0;
    if let Some(regex) = TAG_OR_TEXT.as_ref() {
        for found in regex.find_iter(text) {
            let Ok(found) = found else {
                return text.to_owned();
            };
            pieces.push(&text[last..found.start()]);
            pieces.push(found.as_str());
            last = found.end();
        }
    }
    pieces.push(&text[last..]);
    for content in pieces {
        if ignore_element.is_empty()
            && let Some(regex) = IGNORED_OPEN.as_ref()
            && let Ok(Some(caps)) = regex.captures(content)
        {
            ignore_element = caps.get(1).map_or("", |m| m.as_str()).to_owned();
        }
        if ignore_element.is_empty() && !content.is_empty() && !content.starts_with('<') {
            output.push_str(
                &replace_with(&SMILEY, content, |caps| {
                    translate(caps.get(0).map_or("", |m| m.as_str()), site_url)
                })
                .0,
            );
        } else {
            output.push_str(content);
        }
        if !ignore_element.is_empty() && content == format!("</{ignore_element}>") {
            ignore_element.clear();
        }
    }
    output
}
