//! Splitting HTML into text and tag tokens the way WordPress's split regexes do.
//!
//! Ports the behaviour of `get_html_split_regex()` (used by `wp_html_split()`) and of
//! `_get_wptexturize_split_regex()`: a `<` always starts a token, which ends at the first `>`
//! (or at the end of the input), except that comments run to `-->` and, for `wp_html_split`,
//! CDATA sections run to `]]>`.

/// One piece of split HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'t> {
    /// Text between tags.
    Text(&'t str),
    /// A tag, comment, CDATA section or (when asked for) a registered shortcode.
    Delimiter(&'t str),
}

/// Length of the comment body that starts at `rest` (just after `<!`), as the
/// "unrolled loop" `(?:-(?!->)[^\-]*+)*+(?:-->)?` consumes it.
fn comment_len(rest: &[u8]) -> usize {
    let mut i = 0;
    while i < rest.len() && rest[i] == b'-' && !rest[i + 1..].starts_with(b"->") {
        i += 1;
        while i < rest.len() && rest[i] != b'-' {
            i += 1;
        }
    }
    if rest[i..].starts_with(b"-->") {
        i += 3;
    }
    i
}

/// Length of the CDATA section body at `rest` (just after `<![CDATA[`).
fn cdata_len(rest: &[u8]) -> usize {
    let mut i = 0;
    while i < rest.len() && rest[i] != b']' {
        i += 1;
    }
    while i < rest.len() && rest[i] == b']' && !rest[i + 1..].starts_with(b"]>") {
        i += 1;
        while i < rest.len() && rest[i] != b']' {
            i += 1;
        }
    }
    if rest[i..].starts_with(b"]]>") {
        i += 3;
    }
    i
}

/// Length of the HTML token starting at `bytes[0] == b'<'`.
fn tag_len(bytes: &[u8], with_cdata: bool) -> usize {
    let after = &bytes[1..];
    if after.starts_with(b"!--") {
        return 2 + comment_len(&bytes[2..]);
    }
    if with_cdata && after.starts_with(b"![CDATA[") {
        return 9 + cdata_len(&bytes[9..]);
    }
    match after.iter().position(|&b| b == b'>') {
        Some(end) => end + 2,
        None => bytes.len(),
    }
}

/// `wp_html_split()`: alternating text and HTML delimiters (text first, possibly empty).
pub(crate) fn wp_html_split(text: &str) -> Vec<Piece<'_>> {
    split_with(text, true, |_| None)
}

/// Splits at HTML tokens and at any other token `shortcode_len` recognises at a `[`.
pub(crate) fn split_with<'t>(
    text: &'t str,
    with_cdata: bool,
    shortcode_len: impl Fn(&str) -> Option<usize>,
) -> Vec<Piece<'t>> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let len = match bytes[i] {
            b'<' => Some(tag_len(&bytes[i..], with_cdata)),
            b'[' => shortcode_len(&text[i..]),
            _ => None,
        };
        match len {
            Some(len) if len > 0 => {
                pieces.push(Piece::Text(&text[text_start..i]));
                // Token ends are always just after an ASCII byte or at the end, so on a char boundary.
                let end = (i + len).min(bytes.len());
                pieces.push(Piece::Delimiter(text.get(i..end).unwrap_or("")));
                i = end;
                text_start = i;
            }
            _ => i += 1,
        }
    }
    pieces.push(Piece::Text(&text[text_start..]));
    pieces
}

/// Applies `f` to every delimiter (tag) piece and joins the result, as
/// `wp_replace_in_html_tags()` and friends do.
pub(crate) fn map_tags(text: &str, mut f: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in wp_html_split(text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Delimiter(tag) => out.push_str(&f(tag)),
        }
    }
    out
}
