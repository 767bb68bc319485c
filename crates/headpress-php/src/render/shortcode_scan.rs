//! `get_shortcode_regex()` matched by hand, in linear time.
//!
//! WordPress's pattern is
//! `\[(\[?)(tags)(?![\w-])([^\]\/]*(?:\/(?!\])[^\]\/]*)*?)(?:(\/)\]|\](?:([^\[]*+(?:\[(?!\/\2\])[^\[]*+)*+)\[\/\2\])?)(\]?)`.
//! Its enclosed-content part runs (possessively) to the first `[/tag]`, so a document with
//! many unclosed `[caption]`s made every match scan to the end: quadratic. What it matches is
//! simple to state, and this module finds exactly that:
//! - a `[` (and a second `[` as group 1 when the tag follows it), a registered tag not followed
//!   by a word character or `-`;
//! - the attributes (group 3) up to the first `]`; a `/` right before that `]` makes the
//!   shortcode self-closing (group 4);
//! - otherwise, when a `[/tag]` follows, the content up to the first one (group 5);
//! - an optional `]` (group 6).
//!
//! The `[/tag]` positions are found once per text.

use std::collections::HashMap;

use super::pcre::SPACES_CHARS;

/// One shortcode match, with the pattern's groups.
pub(crate) struct ShortcodeMatch<'t> {
    text: &'t str,
    pub start: usize,
    pub end: usize,
    /// Byte ranges of groups 1–6 (index 0 unused).
    groups: [Option<(usize, usize)>; 7],
}

impl<'t> ShortcodeMatch<'t> {
    /// The whole match.
    pub fn whole(&self) -> &'t str {
        self.text.get(self.start..self.end).unwrap_or("")
    }

    /// Group `i`, when it took part in the match.
    pub fn get(&self, i: usize) -> Option<&'t str> {
        let (start, end) = (*self.groups.get(i)?)?;
        self.text.get(start..end)
    }

    /// Group `i`, or "" (as PHP gives unmatched groups).
    pub fn group(&self, i: usize) -> &'t str {
        self.get(i).unwrap_or("")
    }
}

/// Finds the shortcodes of `tags` in one text.
pub(crate) struct ShortcodeScanner<'t> {
    text: &'t str,
    tags: &'t [&'t str],
    /// Positions of each tag's `[/tag]`, ascending.
    closers: HashMap<&'t str, Vec<usize>>,
}

fn is_tag_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

impl<'t> ShortcodeScanner<'t> {
    pub fn new(text: &'t str, tags: &'t [&'t str]) -> Self {
        let closers = tags
            .iter()
            .map(|tag| {
                let closer = format!("[/{tag}]");
                (*tag, text.match_indices(&closer).map(|(i, _)| i).collect())
            })
            .collect();
        ShortcodeScanner {
            text,
            tags,
            closers,
        }
    }

    /// The registered tag starting at `at` and not followed by a tag character.
    fn tag_at(&self, at: usize) -> Option<&'t str> {
        let rest = self.text.get(at..)?;
        self.tags.iter().copied().find(|tag| {
            rest.starts_with(tag)
                && !rest
                    .as_bytes()
                    .get(tag.len())
                    .is_some_and(|b| is_tag_char(*b))
        })
    }

    /// Matches the shortcode that starts exactly at `at` (a `[`), as the pattern would there;
    /// `allow_double` lets group 1 take a second `[`. `Err(())` when no `]` follows at all,
    /// so no later position can match either.
    pub fn match_at(
        &self,
        at: usize,
        allow_double: bool,
    ) -> Result<Option<ShortcodeMatch<'t>>, ()> {
        let bytes = self.text.as_bytes();
        if bytes.get(at) != Some(&b'[') {
            return Ok(None);
        }
        let (open_end, tag) = match (allow_double && bytes.get(at + 1) == Some(&b'['))
            .then(|| self.tag_at(at + 2))
            .flatten()
        {
            Some(tag) => (at + 2, tag),
            None => match self.tag_at(at + 1) {
                Some(tag) => (at + 1, tag),
                None => return Ok(None),
            },
        };
        let atts_start = open_end + tag.len();
        let Some(close) = self.text.get(atts_start..).and_then(|r| r.find(']')) else {
            return Err(());
        };
        let close = atts_start + close;
        let mut groups = [None; 7];
        groups[1] = Some((at + 1, open_end));
        groups[2] = Some((open_end, atts_start));
        let mut end = close + 1;
        if close > atts_start && bytes.get(close - 1) == Some(&b'/') {
            groups[3] = Some((atts_start, close - 1));
            groups[4] = Some((close - 1, close));
        } else {
            groups[3] = Some((atts_start, close));
            let closers = self.closers.get(tag).map_or(&[][..], Vec::as_slice);
            let i = closers.partition_point(|p| *p < end);
            if let Some(&closer) = closers.get(i) {
                groups[5] = Some((end, closer));
                end = closer + tag.len() + 3;
            }
        }
        if bytes.get(end) == Some(&b']') {
            groups[6] = Some((end, end + 1));
            end += 1;
        } else {
            groups[6] = Some((end, end));
        }
        Ok(Some(ShortcodeMatch {
            text: self.text,
            start: at,
            end,
            groups,
        }))
    }

    /// `preg_replace_callback()` with the pattern: every leftmost match replaced by
    /// `handler`'s output.
    pub fn replace(&self, mut handler: impl FnMut(&ShortcodeMatch<'t>) -> String) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut last = 0;
        let mut from = 0;
        while let Some(i) = self.text.get(from..).and_then(|r| r.find('[')) {
            let at = from + i;
            match self.match_at(at, true) {
                Ok(Some(m)) => {
                    out.push_str(self.text.get(last..m.start).unwrap_or(""));
                    out.push_str(&handler(&m));
                    last = m.end;
                    from = m.end;
                }
                Ok(None) => from = at + 1,
                Err(()) => break,
            }
        }
        out.push_str(self.text.get(last..).unwrap_or(""));
        out
    }
}

/// `wp_spaces_regexp()` repeated possessively from `at`: where the spaces end.
fn skip_spaces(text: &str, mut at: usize) -> usize {
    loop {
        let rest = text.get(at..).unwrap_or("");
        if rest.starts_with("&nbsp;") {
            at += 6;
        } else if let Some(c) = rest.chars().next().filter(|c| SPACES_CHARS.contains(c)) {
            at += c.len_utf8();
        } else {
            return at;
        }
    }
}

/// `shortcode_unautop()`'s pattern,
/// `<p>\s*+(\[(tags)(?![\w-])…(?:\/\]|\](?:…\[\/\2\])?))\s*+<\/p>` with the spaces of
/// `wp_spaces_regexp()`, matched the same way: the paragraph around a shortcode that stands
/// alone in it is dropped.
pub(crate) fn unautop(text: &str, tags: &[&str]) -> String {
    let scanner = ShortcodeScanner::new(text, tags);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|r| r.find("<p>")) {
        let p = from + i;
        let at = skip_spaces(text, p + 3);
        let found = match scanner.match_at(at, false) {
            Ok(found) => found,
            Err(()) => break,
        };
        // The pattern has no group 1 or 6 here: the shortcode ends at its `]` or `[/tag]`.
        let candidate = found.and_then(|m| {
            let enclosed_end = m.groups[5].map(|(_, closer)| closer + m.group(2).len() + 3);
            let head_end = m.groups[4].map_or_else(
                || m.groups[3].map_or(m.start, |(_, close)| close + 1),
                |(_, slash)| slash + 1,
            );
            // The enclosed form first (the group is greedy), then without it.
            [enclosed_end, Some(head_end)]
                .into_iter()
                .flatten()
                .find_map(|end| {
                    let after = skip_spaces(text, end);
                    text.get(after..)
                        .is_some_and(|r| r.starts_with("</p>"))
                        .then_some((m.start, end, after + 4))
                })
        });
        match candidate {
            Some((start, end, whole_end)) => {
                out.push_str(text.get(last..p).unwrap_or(""));
                out.push_str(text.get(start..end).unwrap_or(""));
                last = whole_end;
                from = whole_end;
            }
            None => from = p + 1,
        }
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::super::pcre::{SPACES, pattern};
    use super::*;

    const TAGS: &[&str] = &["embed", "wp_caption", "caption", "gallery"];

    /// WordPress's own patterns, run by the backtracking engine: the reference.
    fn shortcode_regex() -> String {
        let tags = TAGS.join("|");
        format!(
            r"\[(\[?)({tags})(?![A-Za-z0-9_-])([^\]/]*(?:/(?!\])[^\]/]*)*?)(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)"
        )
    }
    fn unautop_regex() -> String {
        let tags = TAGS.join("|");
        format!(
            r"<p>{SPACES}*+(\[({tags})(?![A-Za-z0-9_-])[^\]/]*(?:/(?!\])[^\]/]*)*?(?:/\]|\](?:[^\[]*+(?:\[(?!/\2\])[^\[]*+)*+\[/\2\])?)){SPACES}*+</p>"
        )
    }
    pattern!(SHORTCODE, shortcode_regex());
    pattern!(UNAUTOP, unautop_regex());

    fn describe_regex(text: &str) -> String {
        let Some(regex) = SHORTCODE.as_ref() else {
            return "bad pattern".into();
        };
        let mut out = String::new();
        for caps in regex.captures_iter(text) {
            let Ok(caps) = caps else {
                return "limit".into();
            };
            for i in 0..7 {
                out.push_str(&format!("{:?}|", caps.get(i).map(|m| (m.start(), m.end()))));
            }
            out.push('\n');
        }
        out
    }

    fn describe_scanner(text: &str) -> String {
        let mut out = String::new();
        ShortcodeScanner::new(text, TAGS).replace(|m| {
            out.push_str(&format!("{:?}|", Some((m.start, m.end))));
            for i in 1..7 {
                out.push_str(&format!("{:?}|", m.groups[i]));
            }
            out.push('\n');
            String::new()
        });
        out
    }

    /// A deterministic stream of texts made of the pieces the patterns care about.
    fn texts() -> impl Iterator<Item = String> {
        const PIECES: &[&str] = &[
            "[",
            "]",
            "[[",
            "]]",
            "[caption",
            "[wp_caption",
            "[captions",
            "[/caption]",
            "[/wp_caption]",
            "[gallery ids=\"1,2\"",
            "[embed",
            "/",
            "/]",
            " ",
            "a",
            "x=\"]\"",
            "<p>",
            "</p>",
            "&nbsp;",
            "\u{a0}",
            "\n",
            "[/gallery]",
            "é",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        (0..4000).map(move |_| {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 1 + (state % 14) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            text
        })
    }

    #[test]
    fn the_scanner_matches_what_wordpress_pattern_matches() {
        let mut enclosed = 0;
        for text in texts() {
            let described = describe_scanner(&text);
            assert_eq!(described, describe_regex(&text), "text: {text:?}");
            // Group 5 (enclosed content) took part: the hard case is exercised.
            if described
                .lines()
                .any(|l| l.split('|').nth(5) != Some("None"))
            {
                enclosed += 1;
            }
        }
        assert!(
            enclosed > 100,
            "only {enclosed} texts had enclosing shortcodes"
        );
    }

    #[test]
    fn unautop_drops_what_wordpress_pattern_drops() {
        let Some(regex) = UNAUTOP.as_ref() else {
            panic!("bad pattern");
        };
        for text in texts() {
            let want = regex.replace_all(&text, "$1").into_owned();
            assert_eq!(unautop(&text, TAGS), want, "text: {text:?}");
        }
    }
}
