//! Slugs and keys the way WordPress 6.1 makes them (`formatting.php`), plus `wp_generate_password`.
//!
//! Slugs keep non-Latin text: `remove_accents` only folds Latin diacritics, and whatever is left
//! outside ASCII is percent-encoded as lowercase UTF-8 octets (`日本語` → `%e6%97%a5…`).

use rand::Rng as _;
use unicode_normalization::{UnicodeNormalization as _, is_nfc};

use crate::remove_accents_table::ACCENTS;

/// WordPress truncates the percent-encoded slug to this many bytes (`utf8_uri_encode($title, 200)`).
const SLUG_MAX_BYTES: usize = 200;

/// Encoded characters `sanitize_title_with_dashes` turns into `-` when saving: no-break space,
/// en and em dashes, then (later in the function) the spaces that display with a width.
const SAVE_TO_DASH_FIRST: &[&str] = &[
    "%c2%a0",
    "%e2%80%93",
    "%e2%80%94",
    "&nbsp;",
    "&#160;",
    "&ndash;",
    "&#8211;",
    "&mdash;",
    "&#8212;",
    "/",
];

/// Encoded characters dropped when saving: soft hyphen, inverted marks, angle and curly quotes,
/// bullet, ©®°…™, stray accents, and zero-width or direction-control characters.
const SAVE_TO_NOTHING: &[&str] = &[
    "%c2%ad",
    "%c2%a1",
    "%c2%bf",
    "%c2%ab",
    "%c2%bb",
    "%e2%80%b9",
    "%e2%80%ba",
    "%e2%80%98",
    "%e2%80%99",
    "%e2%80%9c",
    "%e2%80%9d",
    "%e2%80%9a",
    "%e2%80%9b",
    "%e2%80%9e",
    "%e2%80%9f",
    "%e2%80%a2",
    "%c2%a9",
    "%c2%ae",
    "%c2%b0",
    "%e2%80%a6",
    "%e2%84%a2",
    "%c2%b4",
    "%cb%8a",
    "%cc%81",
    "%cd%81",
    "%cc%80",
    "%cc%84",
    "%cc%8c",
    "%e2%80%8b",
    "%e2%80%8c",
    "%e2%80%8d",
    "%e2%80%8e",
    "%e2%80%8f",
    "%e2%80%aa",
    "%e2%80%ab",
    "%e2%80%ac",
    "%e2%80%ad",
    "%e2%80%ae",
    "%ef%bb%bf",
    "%ef%bf%bc",
];

/// Spaces that display with a width (en quad … narrow no-break space), turned into `-` on save.
const SAVE_WIDE_SPACES_TO_DASH: &[&str] = &[
    "%e2%80%80",
    "%e2%80%81",
    "%e2%80%82",
    "%e2%80%83",
    "%e2%80%84",
    "%e2%80%85",
    "%e2%80%86",
    "%e2%80%87",
    "%e2%80%88",
    "%e2%80%89",
    "%e2%80%8a",
    "%e2%80%a8",
    "%e2%80%a9",
    "%e2%80%af",
];

/// WordPress's `remove_accents()` for the default (`en_US`) locale: folds Latin letters with
/// diacritics to ASCII (`ä` → `a`, `Æ` → `AE`, `ß` → `s`), `€` to `E`, drops `£`, and leaves
/// everything else alone. Input is NFC-normalised first, as WordPress does when `intl` is loaded.
pub fn remove_accents(text: &str) -> String {
    remove_accents_for_locale(text, "en_US")
}

/// [`remove_accents`] with WordPress's locale-specific rules: German locales (`de*`) write umlauts
/// as `ae`/`oe`/`ue` and `ß` as `ss`; `da_DK` writes `Æ Ø Å` as `Ae Oe Aa`; `ca` folds `l·l` to
/// `ll`; `sr_RS` and `bs_BA` write `Đ` as `DJ`.
pub fn remove_accents_for_locale(text: &str, locale: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let normalized: String = if is_nfc(text) {
        text.to_owned()
    } else {
        text.nfc().collect()
    };
    let mut out = String::with_capacity(normalized.len());
    let mut rest = normalized.as_str();
    while let Some(current) = rest.chars().next() {
        if locale == "ca" && rest.starts_with("l·l") {
            out.push_str("ll");
            rest = &rest["l·l".len()..];
            continue;
        }
        match locale_accent(locale, current).or_else(|| default_accent(current)) {
            Some(replacement) => out.push_str(replacement),
            None => out.push(current),
        }
        rest = &rest[current.len_utf8()..];
    }
    out
}

fn default_accent(character: char) -> Option<&'static str> {
    ACCENTS
        .binary_search_by_key(&character, |&(key, _)| key)
        .ok()
        .map(|index| ACCENTS[index].1)
}

fn locale_accent(locale: &str, character: char) -> Option<&'static str> {
    if locale.starts_with("de") {
        return match character {
            'Ä' => Some("Ae"),
            'ä' => Some("ae"),
            'Ö' => Some("Oe"),
            'ö' => Some("oe"),
            'Ü' => Some("Ue"),
            'ü' => Some("ue"),
            'ß' => Some("ss"),
            _ => None,
        };
    }
    match (locale, character) {
        ("da_DK", 'Æ') => Some("Ae"),
        ("da_DK", 'æ') => Some("ae"),
        ("da_DK", 'Ø') => Some("Oe"),
        ("da_DK", 'ø') => Some("oe"),
        ("da_DK", 'Å') => Some("Aa"),
        ("da_DK", 'å') => Some("aa"),
        ("sr_RS" | "bs_BA", 'Đ') => Some("DJ"),
        ("sr_RS" | "bs_BA", 'đ') => Some("dj"),
        _ => None,
    }
}

/// WordPress's `sanitize_title($title)` with the default `save` context and no fallback:
/// `remove_accents` then `sanitize_title_with_dashes(…, 'save')`. This is how post, term and
/// user slugs are made.
pub fn sanitize_title(title: &str) -> String {
    sanitize_title_with_dashes(&remove_accents(title), true)
}

/// WordPress's `sanitize_title_with_dashes()`. `context_save` is WordPress's `'save'` context,
/// which additionally turns dashes, no-break and wide spaces into `-` and drops typographic
/// quotes, symbols and invisible characters.
///
/// Steps, in WordPress's order: strip tags; drop `%` signs that do not start an octet; lowercase;
/// percent-encode non-ASCII as lowercase UTF-8 octets, cut to 200 bytes; (save-context rules);
/// drop `&…;` entities; `.` → `-`; keep only `%a-z0-9 _-`; runs of spaces → `-`; collapse and
/// trim dashes.
pub fn sanitize_title_with_dashes(title: &str, context_save: bool) -> String {
    let title = keep_only_octet_percents(&strip_tags(title));
    let lowered: String = title.chars().flat_map(char::to_lowercase).collect();
    let mut title = utf8_uri_encode(&lowered, SLUG_MAX_BYTES);
    title.make_ascii_lowercase();

    if context_save {
        for needle in SAVE_TO_DASH_FIRST {
            title = title.replace(needle, "-");
        }
        for needle in SAVE_TO_NOTHING {
            title = title.replace(needle, "");
        }
        for needle in SAVE_WIDE_SPACES_TO_DASH {
            title = title.replace(needle, "-");
        }
        title = title.replace("%c3%97", "x");
    }

    let title = remove_entities(&title).replace('.', "-");
    let mut slug = String::with_capacity(title.len());
    for byte in title.bytes() {
        let mapped = match byte {
            b'%' | b'a'..=b'z' | b'0'..=b'9' | b'_' => byte,
            b' ' | b'-' => b'-',
            _ => continue,
        };
        // Collapsing here covers both "spaces become one dash" and "dash runs become one dash".
        if mapped == b'-' && slug.ends_with('-') {
            continue;
        }
        slug.push(char::from(mapped));
    }
    slug.trim_matches('-').to_owned()
}

/// Keeps `%` only where it starts an octet like `%e4`; every other `%` is removed. Like WordPress,
/// this works by marking octets as `---e4---`, so text that already reads `---e4---` also
/// becomes `%e4`.
fn keep_only_octet_percents(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut marked = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if let [b'%', high, low, ..] = bytes[at..]
            && high.is_ascii_hexdigit()
            && low.is_ascii_hexdigit()
        {
            marked.extend_from_slice(b"---");
            marked.extend_from_slice(&[high, low]);
            marked.extend_from_slice(b"---");
            at += 3;
        } else {
            marked.push(bytes[at]);
            at += 1;
        }
    }
    marked.retain(|&byte| byte != b'%');

    let mut restored = Vec::with_capacity(marked.len());
    let mut at = 0;
    while at < marked.len() {
        if let [b'-', b'-', b'-', high, low, b'-', b'-', b'-', ..] = marked[at..]
            && high.is_ascii_hexdigit()
            && low.is_ascii_hexdigit()
        {
            restored.extend_from_slice(&[b'%', high, low]);
            at += 8;
        } else {
            restored.push(marked[at]);
            at += 1;
        }
    }
    // Only ASCII bytes were inserted or removed, so the UTF-8 stays valid.
    String::from_utf8_lossy(&restored).into_owned()
}

/// WordPress's `utf8_uri_encode()`: ASCII passes through, other characters become `%xx` octets
/// (lowercase hex), and output stops before the character that would exceed `max_bytes`.
fn utf8_uri_encode(text: &str, max_bytes: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_bytes));
    for character in text.chars() {
        let mut buffer = [0_u8; 4];
        let encoded = character.encode_utf8(&mut buffer).as_bytes();
        let added = if character.is_ascii() {
            1
        } else {
            encoded.len() * 3
        };
        if out.len() + added > max_bytes {
            break;
        }
        if character.is_ascii() {
            out.push(character);
        } else {
            for byte in encoded {
                out.push('%');
                out.push_str(&format!("{byte:02x}"));
            }
        }
    }
    out
}

/// Removes HTML entities the way WordPress's `/&.+?;/` does: from each `&`, the shortest run of
/// at least one non-newline byte followed by `;`.
fn remove_entities(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'&' {
            let entity_end = bytes[at + 1..]
                .iter()
                .take_while(|&&byte| byte != b'\n')
                .enumerate()
                .skip(1)
                .find(|&(_, &byte)| byte == b';')
                .map(|(offset, _)| at + 1 + offset);
            if let Some(end) = entity_end {
                at = end + 1;
                continue;
            }
        }
        out.push(bytes[at]);
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// PHP's `strip_tags()` with no allowed tags: removes HTML and PHP tags and HTML comments with the
/// same state machine PHP uses (quotes inside tags, nested `<`, `<!DOCTYPE`, `<?php … ?>`). A `<`
/// followed by whitespace is kept as text; NUL bytes are dropped.
pub fn strip_tags(text: &str) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Text,
        Tag,
        Php,
        Bang,
        Comment,
    }
    let bytes = text.as_bytes();
    let before = |at: usize, back: usize| at.checked_sub(back).map_or(0, |index| bytes[index]);
    let next_is_space = |at: usize| {
        matches!(
            bytes.get(at + 1),
            Some(b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
        )
    };

    let mut out = Vec::with_capacity(bytes.len());
    let mut state = State::Text;
    let mut depth = 0_usize;
    let mut quote = 0_u8;
    let mut last = 0_u8;
    let mut parens = 0_i64;
    let mut is_xml = false;

    for (at, &byte) in bytes.iter().enumerate() {
        let toggle_quote = |quote: &mut u8| {
            if at > 0 && (*quote == 0 || *quote == byte) {
                *quote = if *quote == 0 { byte } else { 0 };
            }
        };
        match state {
            State::Text => match byte {
                0 => {}
                b'<' if next_is_space(at) => out.push(byte),
                b'<' => {
                    last = b'<';
                    state = State::Tag;
                }
                b'>' if depth > 0 => depth -= 1,
                _ => out.push(byte),
            },
            State::Tag => match byte {
                b'<' if quote == 0 && !next_is_space(at) => depth += 1,
                b'>' if depth > 0 => depth -= 1,
                b'>' if quote == 0 => {
                    last = b'>';
                    if !(is_xml && before(at, 1) == b'-') {
                        state = State::Text;
                        is_xml = false;
                    }
                }
                b'"' | b'\'' => toggle_quote(&mut quote),
                b'!' if before(at, 1) == b'<' => {
                    state = State::Bang;
                    last = byte;
                }
                b'?' if before(at, 1) == b'<' => {
                    parens = 0;
                    state = State::Php;
                }
                _ => {}
            },
            State::Php => match byte {
                b'(' if last != b'"' && last != b'\'' => {
                    last = byte;
                    parens += 1;
                }
                b')' if last != b'"' && last != b'\'' => {
                    last = byte;
                    parens -= 1;
                }
                b'>' if depth > 0 => depth -= 1,
                b'>' if quote == 0 && parens == 0 && last != b'"' && before(at, 1) == b'?' => {
                    state = State::Text;
                }
                b'"' | b'\'' => {
                    if at >= 1 && before(at, 1) != b'\\' {
                        if last == byte {
                            last = 0;
                        } else if last != b'\\' {
                            last = byte;
                        }
                    }
                    toggle_quote(&mut quote);
                }
                // `<?xml` is not PHP: treat it as an ordinary tag.
                b'l' | b'L'
                    if at >= 4
                        && before(at, 1).eq_ignore_ascii_case(&b'm')
                        && before(at, 2).eq_ignore_ascii_case(&b'x')
                        && before(at, 3) == b'?'
                        && before(at, 4) == b'<' =>
                {
                    state = State::Tag;
                    is_xml = true;
                }
                _ => {}
            },
            State::Bang => match byte {
                b'>' if depth > 0 => depth -= 1,
                b'>' if quote == 0 => state = State::Text,
                b'"' | b'\'' => toggle_quote(&mut quote),
                b'-' if before(at, 1) == b'-' && before(at, 2) == b'!' => state = State::Comment,
                // `<!DOCTYPE` is an ordinary tag.
                b'e' | b'E' if at >= 6 && bytes[at - 6..at].eq_ignore_ascii_case(b"doctyp") => {
                    state = State::Tag;
                }
                _ => {}
            },
            State::Comment => {
                if byte == b'>' && quote == 0 && before(at, 1) == b'-' && before(at, 2) == b'-' {
                    state = State::Text;
                }
            }
        }
        if state == State::Text {
            quote = 0;
        }
    }
    // Tags start at `<` and end at `>`, both ASCII, so no UTF-8 sequence is cut.
    String::from_utf8_lossy(&out).into_owned()
}

/// WordPress's `sanitize_key()`: ASCII-lowercased, keeping only `a-z0-9_-`.
pub fn sanitize_key(key: &str) -> String {
    key.bytes()
        .map(|byte| byte.to_ascii_lowercase())
        .filter(|byte| matches!(byte, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
        .map(char::from)
        .collect()
}

/// WordPress's `wp_generate_password($length, $special_chars)`: characters drawn uniformly from
/// `a-zA-Z0-9`, plus `!@#$%^&*()` when `special_chars`, with a cryptographically secure RNG.
pub fn wp_generate_password(length: usize, special_chars: bool) -> String {
    const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const SPECIAL: &[u8] = b"!@#$%^&*()";
    let alphabet_len = ALPHANUMERIC.len() + if special_chars { SPECIAL.len() } else { 0 };
    let mut rng = rand::rng();
    (0..length)
        .map(|_| {
            let index = rng.random_range(0..alphabet_len);
            let byte = ALPHANUMERIC
                .get(index)
                .or_else(|| SPECIAL.get(index - ALPHANUMERIC.len()))
                .copied()
                .unwrap_or(b'a');
            char::from(byte)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn vectors() -> Value {
        serde_json::from_str(include_str!("../vectors/sanitize.json")).expect("vector file is JSON")
    }

    fn text<'a>(vector: &'a Value, name: &str) -> &'a str {
        vector[name].as_str().expect("string field")
    }

    #[test]
    fn titles_match_wordpress() {
        for vector in vectors()["titles"].as_array().expect("titles") {
            let title = text(vector, "title");
            assert_eq!(
                strip_tags(title),
                text(vector, "strip_tags"),
                "strip_tags {title:?}"
            );
            assert_eq!(
                remove_accents(title),
                text(vector, "remove_accents"),
                "remove_accents {title:?}"
            );
            assert_eq!(
                sanitize_title(title),
                text(vector, "sanitize_title"),
                "sanitize_title {title:?}"
            );
            assert_eq!(
                sanitize_title_with_dashes(title, false),
                text(vector, "with_dashes_display"),
                "display {title:?}"
            );
            assert_eq!(
                sanitize_key(title),
                text(vector, "sanitize_key"),
                "sanitize_key {title:?}"
            );
        }
    }

    #[test]
    fn random_soup_matches_wordpress() {
        for vector in vectors()["random"].as_array().expect("random") {
            let title = text(vector, "title");
            assert_eq!(
                strip_tags(title),
                text(vector, "strip_tags"),
                "strip_tags {title:?}"
            );
            assert_eq!(
                sanitize_title(title),
                text(vector, "sanitize_title"),
                "save {title:?}"
            );
            assert_eq!(
                sanitize_title_with_dashes(title, false),
                text(vector, "with_dashes_display"),
                "display {title:?}"
            );
        }
    }

    #[test]
    fn locales_match_wordpress() {
        for vector in vectors()["locales"].as_array().expect("locales") {
            assert_eq!(
                remove_accents_for_locale(text(vector, "text"), text(vector, "locale")),
                text(vector, "remove_accents"),
                "{vector}"
            );
        }
    }

    #[test]
    fn fixture_slugs() {
        assert_eq!(sanitize_title("C++"), "c");
        assert_eq!(sanitize_title("año nuevo"), "ano-nuevo");
        assert_eq!(sanitize_title("日本語"), "%e6%97%a5%e6%9c%ac%e8%aa%9e");
    }

    #[test]
    fn accent_table_is_sorted_for_binary_search() {
        assert!(ACCENTS.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn generated_passwords_use_the_right_alphabet() {
        let plain = wp_generate_password(200, false);
        assert_eq!(plain.len(), 200);
        assert!(plain.chars().all(|c| c.is_ascii_alphanumeric()));
        let special = wp_generate_password(2000, true);
        assert!(
            special
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!@#$%^&*()".contains(c))
        );
        assert!(special.chars().any(|c| !c.is_ascii_alphanumeric()));
        assert_eq!(wp_generate_password(0, true), "");
    }
}
