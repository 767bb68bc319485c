//! Small helpers that give `fancy_regex` the semantics WordPress's PCRE patterns rely on.
//!
//! WordPress runs its patterns without the `u` flag, so `\d`, `\s` and `\w` are ASCII classes;
//! the constants here spell those classes out, because Rust's are Unicode-aware. A pattern that
//! fails to compile, or a match that hits the backtracking limit, leaves the text unchanged
//! instead of panicking: the rendering pipeline must never fail on any input.

use std::sync::LazyLock;

use fancy_regex::{Captures, Regex};

/// PCRE's `\s` without the `u` flag: space, tab, newline, vertical tab, form feed, return.
pub(crate) const S: &str = r"[\t\n\x0B\x0C\r ]";

/// `wp_spaces_regexp()`'s default: the whitespace WordPress treats as a word separator.
pub(crate) const SPACES: &str = r"(?:[\r\n\t ]|\x{a0}|&nbsp;)";

/// The single characters of `SPACES` (its other alternative is `&nbsp;`).
pub(crate) const SPACES_CHARS: [char; 5] = ['\r', '\n', '\t', ' ', '\u{a0}'];

/// The same alternatives without a group, for lookbehinds: `fancy_regex` only accepts
/// alternatives of different lengths directly at a lookbehind's top level.
pub(crate) const SPACES_ALT: &str = r"[\r\n\t ]|\x{a0}|&nbsp;";

/// A lazily compiled pattern; `None` only if the pattern itself is invalid (a bug caught by tests).
pub(crate) type Lazy = LazyLock<Option<Regex>>;

/// Declares a lazily compiled `fancy_regex` pattern.
macro_rules! pattern {
    ($name:ident, $pattern:expr) => {
        static $name: $crate::render::pcre::Lazy =
            ::std::sync::LazyLock::new(|| ::fancy_regex::Regex::new(&$pattern).ok());
    };
}
pub(crate) use pattern;

/// `preg_replace()` with a callback; returns the text and the number of replacements.
pub(crate) fn replace_with(
    regex: &Lazy,
    text: &str,
    mut replacement: impl FnMut(&Captures<'_>) -> String,
) -> (String, usize) {
    let Some(regex) = regex.as_ref() else {
        return (text.to_owned(), 0);
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut count = 0;
    for caps in regex.captures_iter(text) {
        let Ok(caps) = caps else {
            // PCRE's backtrack limit makes preg_replace fail; keeping the text is the safe choice.
            return (text.to_owned(), 0);
        };
        let Some(whole) = caps.get(0) else { continue };
        out.push_str(&text[last..whole.start()]);
        out.push_str(&replacement(&caps));
        last = whole.end();
        count += 1;
    }
    out.push_str(&text[last..]);
    (out, count)
}

/// `preg_replace()` with a `$1`-style template (groups that did not take part expand to "").
pub(crate) fn replace(regex: &Lazy, text: &str, template: &str) -> String {
    replace_count(regex, text, template).0
}

/// `preg_replace()` with a template, also returning the replacement count.
pub(crate) fn replace_count(regex: &Lazy, text: &str, template: &str) -> (String, usize) {
    replace_with(regex, text, |caps| expand(template, caps))
}

/// Expands `$1`..`$9` in a replacement template.
fn expand(template: &str, caps: &Captures<'_>) -> String {
    let mut out = String::with_capacity(template.len());
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit() {
            let group = usize::from(bytes[i + 1] - b'0');
            if let Some(m) = caps.get(group) {
                out.push_str(m.as_str());
            }
            i += 2;
            continue;
        }
        let start = i;
        i += 1;
        while i < bytes.len() && bytes[i] != b'$' {
            i += 1;
        }
        out.push_str(&template[start..i]);
    }
    out
}

/// `preg_match()`: whether the pattern matches anywhere.
pub(crate) fn is_match(regex: &Lazy, text: &str) -> bool {
    regex
        .as_ref()
        .is_some_and(|regex| regex.is_match(text).unwrap_or(false))
}

/// `preg_split()` without flags other than `PREG_SPLIT_NO_EMPTY` when `skip_empty` is set.
pub(crate) fn split<'t>(regex: &Lazy, text: &'t str, skip_empty: bool) -> Vec<&'t str> {
    let Some(regex) = regex.as_ref() else {
        return vec![text];
    };
    let mut pieces = Vec::new();
    let mut last = 0;
    for found in regex.find_iter(text) {
        let Ok(found) = found else {
            return vec![text];
        };
        pieces.push(&text[last..found.start()]);
        last = found.end();
    }
    pieces.push(&text[last..]);
    if skip_empty {
        pieces.retain(|piece| !piece.is_empty());
    }
    pieces
}

/// PHP's `trim()` with its default character list.
pub(crate) fn php_trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B'])
}

/// PHP's `str_replace()` with parallel search and replacement arrays, applied one pair at a time.
pub(crate) fn str_replace_all(text: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = text.to_owned();
    for (search, replacement) in pairs {
        if !search.is_empty() && out.contains(search) {
            out = out.replace(search, replacement);
        }
    }
    out
}

/// PHP's `strtr()` with an array: longest match first at each position, no re-replacement.
pub(crate) fn strtr(text: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'outer: while i < text.len() {
        let rest = &text[i..];
        let mut best: Option<(&str, &str)> = None;
        for &(search, replacement) in pairs {
            if !search.is_empty()
                && rest.starts_with(search)
                && best.is_none_or(|(b, _)| search.len() > b.len())
            {
                best = Some((search, replacement));
            }
        }
        if let Some((search, replacement)) = best {
            out.push_str(replacement);
            i += search.len();
            continue 'outer;
        }
        let Some(ch) = rest.chars().next() else { break };
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}
