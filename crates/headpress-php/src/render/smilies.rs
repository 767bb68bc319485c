//! `convert_smilies()` with WordPress 6.1's default smiley table.
//!
//! Since WordPress 4.2 almost every smiley maps to an emoji character, which is what REST
//! responses contain (the emoji-to-image swap happens in the browser). Only `:mrgreen:` is
//! still an image under `wp-includes/images/smilies/`.

use super::media::esc_attr;
use super::pcre::pattern;

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

/// The smiley keys in the order WordPress's pattern tries them: `krsort()` orders keys by
/// descending byte value, so longer keys sharing a prefix come first.
fn keys_in_pattern_order() -> Vec<&'static str> {
    let mut keys: Vec<&str> = SMILIES.iter().map(|(k, _)| *k).collect();
    keys.sort_by(|a, b| b.cmp(a));
    keys
}

/// Whether a smiley may start at `at`: WordPress's `(?<=\s|&nbsp;|^)` with `/m`.
fn space_before(text: &str, at: usize) -> bool {
    let before = &text.as_bytes()[..at];
    at == 0
        || matches!(before.last(), Some(b'\r' | b'\n' | b'\t' | b' '))
        || before.ends_with("\u{a0}".as_bytes())
        || before.ends_with(b"&nbsp;")
}

/// Whether a smiley may end at `at`: WordPress's `(?=\s|&nbsp;|$)` with `/m`.
fn space_after(text: &str, at: usize) -> bool {
    let after = &text.as_bytes()[at..];
    after.is_empty()
        || matches!(after.first(), Some(b'\r' | b'\n' | b'\t' | b' '))
        || after.starts_with("\u{a0}".as_bytes())
        || after.starts_with(b"&nbsp;")
}

/// `preg_replace_callback( $wp_smiliessearch, 'translate_smiley', $text )`, matched by hand:
/// the pattern's lookarounds made the regex engine rescan the text from every position
/// (quadratic on long runs without spaces).
fn replace_smilies(text: &str, keys: &[&str], site_url: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut at = 0;
    while at < text.len() {
        let found = if space_before(text, at) {
            let rest = &text[at..];
            keys.iter()
                .find(|key| rest.starts_with(**key) && space_after(text, at + key.len()))
        } else {
            None
        };
        match found {
            Some(key) => {
                out.push_str(&text[last..at]);
                out.push_str(&translate(key, site_url));
                at += key.len();
                last = at;
            }
            None => {
                // Smileys start with ASCII; step over whole characters.
                at += text[at..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out.push_str(&text[last..]);
    out
}

static KEYS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(keys_in_pattern_order);
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
            output.push_str(&replace_smilies(content, &KEYS, site_url));
        } else {
            output.push_str(content);
        }
        if !ignore_element.is_empty() && content == format!("</{ignore_element}>") {
            ignore_element.clear();
        }
    }
    output
}

#[cfg(test)]
mod tests {
    use super::super::pcre::{SPACES, SPACES_ALT, replace_with};
    use super::*;

    // WordPress's own pattern, run by the backtracking engine: the reference.
    fn smilies_pattern() -> String {
        let alternatives = keys_in_pattern_order()
            .iter()
            .map(|k| fancy_regex::escape(k).into_owned())
            .collect::<Vec<_>>()
            .join("|");
        format!(r"(?m)(?<={SPACES_ALT}|^)(?:{alternatives})(?={SPACES}|$)")
    }
    pattern!(SMILEY, smilies_pattern());

    #[test]
    fn smileys_are_found_where_wordpress_pattern_finds_them() {
        const PIECES: &[&str] = &[
            ":",
            ")",
            "-",
            "D",
            "8",
            "O",
            "?",
            "!",
            ";",
            "x",
            " ",
            "\n",
            "\t",
            "&nbsp;",
            "\u{a0}",
            "a",
            "é",
            ":)",
            ":-)",
            ":?:",
            "8-O",
            ":mrgreen:",
            "&nbsp",
            "\r",
        ];
        let keys = keys_in_pattern_order();
        let mut state: u64 = 0x1234_5678_9abc_def1;
        let mut replaced = 0;
        for _ in 0..5000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for _ in 0..1 + (state % 12) as usize {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            let (want, n) = replace_with(&SMILEY, &text, |caps| {
                translate(caps.get(0).map_or("", |m| m.as_str()), "http://x")
            });
            replaced += n;
            assert_eq!(
                replace_smilies(&text, &keys, "http://x"),
                want,
                "text: {text:?}"
            );
        }
        assert!(
            replaced > 500,
            "only {replaced} smileys replaced: the texts prove little"
        );
    }
}
