//! `wptexturize()`, `convert_chars()` and `capital_P_dangit()` from WordPress 6.1's formatting.php.

use super::html_split::{Piece, split_with};
use super::pcre::{
    SPACES, SPACES_ALT, is_match, pattern, php_trim, replace, replace_count, str_replace_all,
};
use super::shortcodes::REGISTERED_SHORTCODES;

const OPENING_QUOTE: &str = "&#8220;";
const CLOSING_QUOTE: &str = "&#8221;";
const APOS: &str = "&#8217;";
const PRIME: &str = "&#8242;";
const DOUBLE_PRIME: &str = "&#8243;";
const OPENING_SINGLE_QUOTE: &str = "&#8216;";
const CLOSING_SINGLE_QUOTE: &str = "&#8217;";
const EN_DASH: &str = "&#8211;";
const EM_DASH: &str = "&#8212;";
const OPEN_Q_FLAG: &str = "<!--oq-->";
const OPEN_SQ_FLAG: &str = "<!--osq-->";
const APOS_FLAG: &str = "<!--apos-->";
const PRIME_FLAG: &str = "<!--wp-prime-or-quote-->";

/// Elements and shortcodes whose contents wptexturize leaves alone.
const NO_TEXTURIZE_TAGS: &[&str] = &["pre", "code", "kbd", "style", "script", "tt"];
const NO_TEXTURIZE_SHORTCODES: &[&str] = &["code"];

/// The literal replacements, applied in this order (English defaults, cockney list included).
const STATIC_REPLACEMENTS: &[(&str, &str)] = &[
    ("...", "&#8230;"),
    ("``", OPENING_QUOTE),
    ("''", CLOSING_QUOTE),
    (" (tm)", " &#8482;"),
    ("'tain't", "&#8217;tain&#8217;t"),
    ("'twere", "&#8217;twere"),
    ("'twas", "&#8217;twas"),
    ("'tis", "&#8217;tis"),
    ("'twill", "&#8217;twill"),
    ("'til", "&#8217;til"),
    ("'bout", "&#8217;bout"),
    ("'nuff", "&#8217;nuff"),
    ("'round", "&#8217;round"),
    ("'cause", "&#8217;cause"),
    ("'em", "&#8217;em"),
];

/// What may follow a closing quote: PCRE's `\Z`, punctuation, `&gt;` or a space.
const QUOTE_END: &str = r"(?=\n?\z|[.,:;!?)}\-\]]|&gt;|(?:[\r\n\t ]|\x{a0}|&nbsp;))";

pattern!(APOS_YEAR_SINGLE, format!(r"'([0-9][0-9])'{QUOTE_END}"));
pattern!(APOS_YEAR_DOUBLE, format!(r#"'([0-9][0-9])"{QUOTE_END}"#));
pattern!(
    APOS_DECADE,
    r"'(?=[0-9][0-9](?:\n?\z|(?![%0-9]|[.,][0-9])))"
);
pattern!(
    SINGLE_QUOTED_NUMBER,
    format!(r"(?<=\A|{SPACES_ALT})'([0-9][.,0-9]*)'")
);
pattern!(
    OPENING_SINGLE,
    format!(r#"(?<=\A|[(\[{{"\-]|&lt;|{SPACES_ALT})'"#)
);
pattern!(
    APOS_IN_WORD,
    format!(r#"(?<!{SPACES_ALT})'(?!\n?\z|[.,:;!?"'(){{}}\[\]\-]|&[lg]t;|{SPACES})"#)
);
pattern!(
    DOUBLE_QUOTED_NUMBER,
    format!(r#"(?<=\A|{SPACES_ALT})"([0-9][.,0-9]*)""#)
);
pattern!(
    OPENING_DOUBLE,
    format!(r#"(?<=\A|[(\[{{\-]|&lt;|{SPACES_ALT})"(?!{SPACES})"#)
);
pattern!(TRIPLE_DASH, "---");
pattern!(
    DOUBLE_DASH_SPACED,
    format!(r"(?<=\A|{SPACES_ALT})--(?=\n?\z|{SPACES})")
);
pattern!(DOUBLE_DASH, r"(?<!xn)--");
pattern!(
    SINGLE_DASH_SPACED,
    format!(r"(?<=\A|{SPACES_ALT})-(?=\n?\z|{SPACES})")
);
pattern!(TIMES_HINT, r"(?<=[0-9])x[0-9]");
// PCRE's `\b` without the `u` flag, and `\d(?(?<=0)[\d\.,]+|[\d\.,]*)` without a conditional.
pattern!(
    TIMES,
    r"(?<![A-Za-z0-9_])(0[0-9.,]+|[1-9][0-9.,]*)x([0-9][0-9.,]*)(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))"
);
pattern!(
    BARE_AMPERSAND,
    r"(?i)&(?!#(?:[0-9]+|x[a-f0-9]+);|[a-z1-4]{1,8};)"
);
pattern!(SINGLE_QUOTE_END, format!(r"'{QUOTE_END}"));
pattern!(DOUBLE_QUOTE_END, format!(r#""{QUOTE_END}"#));
pattern!(SINGLE_PRIME, r"(?<=[0-9])'");
pattern!(DOUBLE_PRIME_AFTER_DIGIT, r#"(?<=[0-9])""#);
pattern!(FLAG_AFTER_DIGIT, r"(?<=[0-9])<!--wp-prime-or-quote-->");
pattern!(FLAG_NO_DIGIT, r"(?<![0-9])<!--wp-prime-or-quote-->");
pattern!(CONVERT_CHARS_AMP, r"(?i)&([^#])(?![a-z1-4]{1,8};)");

/// Length of a registered shortcode token at the start of `text`, as the regex from
/// `_get_wptexturize_shortcode_regex()` matches it; `None` when there is none.
pub(crate) fn shortcode_token_len(text: &str, tagnames: &[&str]) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'[') {
        return None;
    }
    let mut i = 1;
    if matches!(bytes.get(1), Some(b'/' | b'[')) {
        i = 2;
    }
    let rest = &bytes[i..];
    let tag = tagnames.iter().find(|tag| {
        rest.starts_with(tag.as_bytes())
            && matches!(
                rest.get(tag.len()),
                Some(b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ' | b']' | b'/')
            )
    })?;
    i += tag.len();
    loop {
        match bytes.get(i) {
            Some(b'[' | b']') | None => break,
            Some(b'<') => {
                // `<[^\[\]>]*>`: an HTML element inside the shortcode.
                let mut j = i + 1;
                while let Some(&b) = bytes.get(j) {
                    if matches!(b, b'[' | b']' | b'>') {
                        break;
                    }
                    j += 1;
                }
                if bytes.get(j) == Some(&b'>') {
                    i = j + 1;
                } else {
                    break;
                }
            }
            Some(b'>') => break,
            Some(_) => {
                while let Some(&b) = bytes.get(i) {
                    if matches!(b, b'[' | b']' | b'<' | b'>') {
                        break;
                    }
                    i += 1;
                }
            }
        }
    }
    if bytes.get(i) != Some(&b']') {
        return None;
    }
    i += 1;
    if bytes.get(i) == Some(&b']') {
        i += 1;
    }
    Some(i)
}

/// Shortcode names that appear in `text` as `[name` or `[/name` and are registered.
pub(crate) fn shortcodes_in(text: &str) -> Vec<&'static str> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (i, _) in text.match_indices('[') {
        let mut start = i + 1;
        if bytes.get(start) == Some(&b'/') {
            start += 1;
        }
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            if matches!(b, b'<' | b'>' | b'&' | b'/' | b'[' | b']' | b'=') || b <= 0x20 {
                break;
            }
            end += 1;
        }
        if let Some(name) = text.get(start..end)
            && let Some(tag) = REGISTERED_SHORTCODES.iter().find(|t| **t == name)
            && !found.contains(tag)
        {
            found.push(*tag);
        }
    }
    // array_intersect keeps the registry's order.
    REGISTERED_SHORTCODES
        .iter()
        .copied()
        .filter(|tag| found.contains(tag))
        .collect()
}

/// Tag name as `_wptexturize_pushpop_element()` cuts it: from after `<` or `</` up to the first
/// space, or up to the last byte when there is no space.
fn pushpop_element(token: &str, stack: &mut Vec<String>, disabled: &[&str]) {
    let bytes = token.as_bytes();
    let (opening, offset) = if bytes.len() > 1 && bytes[1] != b'/' {
        (true, 1)
    } else if stack.is_empty() {
        return;
    } else {
        (false, 2)
    };
    let end = match token.find(' ') {
        Some(space) => space,
        None => bytes.len().saturating_sub(1),
    };
    let tag = if end > offset {
        token.get(offset..end).unwrap_or("")
    } else {
        ""
    };
    if disabled.contains(&tag) {
        if opening {
            stack.push(tag.to_owned());
        } else if stack.last().is_some_and(|last| last == tag) {
            stack.pop();
        }
    }
}

/// Mirrors `wptexturize()`: curly quotes, dashes, ellipses, primes and `&#038;` outside of
/// tags, shortcodes and `pre`/`code`/`kbd`/`style`/`script`/`tt` elements.
pub fn wptexturize(text: &str) -> String {
    if text.is_empty() || text == "0" {
        return text.to_owned();
    }
    let tagnames = shortcodes_in(text);
    let pieces = split_with(text, false, |rest| {
        if tagnames.is_empty() {
            None
        } else {
            shortcode_token_len(rest, &tagnames)
        }
    });
    let mut tags_stack: Vec<String> = Vec::new();
    let mut shortcodes_stack: Vec<String> = Vec::new();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for piece in pieces {
        match piece {
            Piece::Text("") => {}
            Piece::Delimiter(token) if token.starts_with('<') => {
                if token.starts_with("<!--") {
                    out.push_str(token);
                } else {
                    out.push_str(&replace(&BARE_AMPERSAND, token, "&#038;"));
                    pushpop_element(token, &mut tags_stack, NO_TEXTURIZE_TAGS);
                }
            }
            Piece::Delimiter(token) => {
                // A registered shortcode (the splitter only yields those).
                if !token.starts_with("[[") && !token.ends_with("]]") {
                    pushpop_element(token, &mut shortcodes_stack, NO_TEXTURIZE_SHORTCODES);
                }
                out.push_str(token);
            }
            Piece::Text(chunk) => {
                if php_trim(chunk).is_empty()
                    || !tags_stack.is_empty()
                    || !shortcodes_stack.is_empty()
                {
                    out.push_str(chunk);
                } else {
                    out.push_str(&texturize_chunk(chunk));
                }
            }
        }
    }
    out
}

/// The replacements wptexturize applies to one stretch of text.
fn texturize_chunk(chunk: &str) -> String {
    let mut curl = str_replace_all(chunk, STATIC_REPLACEMENTS);
    if curl.contains('\'') {
        curl = replace(
            &APOS_YEAR_SINGLE,
            &curl,
            &format!("{APOS_FLAG}$1{CLOSING_SINGLE_QUOTE}"),
        );
        curl = replace(
            &APOS_YEAR_DOUBLE,
            &curl,
            &format!("{APOS_FLAG}$1{CLOSING_QUOTE}"),
        );
        curl = replace(&APOS_DECADE, &curl, APOS_FLAG);
        curl = replace(
            &SINGLE_QUOTED_NUMBER,
            &curl,
            &format!("{OPEN_SQ_FLAG}$1{CLOSING_SINGLE_QUOTE}"),
        );
        curl = replace(&OPENING_SINGLE, &curl, OPEN_SQ_FLAG);
        curl = replace(&APOS_IN_WORD, &curl, APOS_FLAG);
        curl = texturize_primes(&curl, '\'', PRIME, OPEN_SQ_FLAG, CLOSING_SINGLE_QUOTE);
        curl = curl
            .replace(APOS_FLAG, APOS)
            .replace(OPEN_SQ_FLAG, OPENING_SINGLE_QUOTE);
    }
    if curl.contains('"') {
        curl = replace(
            &DOUBLE_QUOTED_NUMBER,
            &curl,
            &format!("{OPEN_Q_FLAG}$1{CLOSING_QUOTE}"),
        );
        curl = replace(&OPENING_DOUBLE, &curl, OPEN_Q_FLAG);
        curl = texturize_primes(&curl, '"', DOUBLE_PRIME, OPEN_Q_FLAG, CLOSING_QUOTE);
        curl = curl.replace(OPEN_Q_FLAG, OPENING_QUOTE);
    }
    if curl.contains('-') {
        curl = replace(&TRIPLE_DASH, &curl, EM_DASH);
        curl = replace(&DOUBLE_DASH_SPACED, &curl, EM_DASH);
        curl = replace(&DOUBLE_DASH, &curl, EN_DASH);
        curl = replace(&SINGLE_DASH_SPACED, &curl, EN_DASH);
    }
    if is_match(&TIMES_HINT, &curl) {
        curl = replace(&TIMES, &curl, "$1&#215;$2");
    }
    replace(&BARE_AMPERSAND, &curl, "&#038;")
}

/// Mirrors `wptexturize_primes()`: decides whether each remaining quote is a prime or a
/// closing quote, sentence by sentence (sentences split at the opening-quote flag).
fn texturize_primes(
    haystack: &str,
    needle: char,
    prime: &str,
    open_quote: &str,
    close_quote: &str,
) -> String {
    let (quote_end, prime_pattern) = if needle == '"' {
        (&DOUBLE_QUOTE_END, &DOUBLE_PRIME_AFTER_DIGIT)
    } else {
        (&SINGLE_QUOTE_END, &SINGLE_PRIME)
    };
    let mut sentences: Vec<String> = haystack.split(open_quote).map(str::to_owned).collect();
    for (key, sentence) in sentences.iter_mut().enumerate() {
        if !sentence.contains(needle) {
            continue;
        }
        if key != 0 && !sentence.contains(close_quote) {
            let (flagged, count) = replace_count(quote_end, sentence, PRIME_FLAG);
            *sentence = flagged;
            if count > 1 {
                // Several closing-quote candidates: "Vulcan logic" picks the end of the quotation.
                let (closed, count2) = replace_count(&FLAG_NO_DIGIT, sentence, close_quote);
                *sentence = closed;
                if count2 == 0 {
                    let with_period = format!("{PRIME_FLAG}.");
                    let pos = if sentence.contains(&with_period) {
                        sentence.rfind(&with_period)
                    } else {
                        sentence.rfind(PRIME_FLAG)
                    };
                    if let Some(pos) = pos {
                        sentence.replace_range(pos..pos + PRIME_FLAG.len(), close_quote);
                    }
                }
                *sentence = replace(prime_pattern, sentence, prime);
                *sentence = replace(&FLAG_AFTER_DIGIT, sentence, prime);
                *sentence = sentence.replace(PRIME_FLAG, close_quote);
            } else if count == 1 {
                *sentence = sentence.replace(PRIME_FLAG, close_quote);
                *sentence = replace(prime_pattern, sentence, prime);
            } else {
                *sentence = replace(prime_pattern, sentence, prime);
            }
        } else {
            *sentence = replace(prime_pattern, sentence, prime);
            *sentence = replace(quote_end, sentence, close_quote);
        }
        if needle == '"' && sentence.contains('"') {
            *sentence = sentence.replace('"', close_quote);
        }
    }
    sentences.join(open_quote)
}

/// Mirrors `convert_chars()`: bare ampersands become `&#038;`.
pub fn convert_chars(content: &str) -> String {
    if content.contains('&') {
        replace(&CONVERT_CHARS_AMP, content, "&#038;$1")
    } else {
        content.to_owned()
    }
}

/// Mirrors `capital_P_dangit()` on every filter but `the_title` ("judicious" replacement).
pub fn capital_p_dangit(text: &str) -> String {
    str_replace_all(
        text,
        &[
            (" Wordpress", " WordPress"),
            ("&#8216;Wordpress", "&#8216;WordPress"),
            ("&#8220;Wordpress", "&#8220;WordPress"),
            (">Wordpress", ">WordPress"),
            ("(Wordpress", "(WordPress"),
        ],
    )
}

/// Mirrors `capital_P_dangit()` on the `the_title` filter: every "Wordpress" is fixed.
pub fn capital_p_dangit_title(text: &str) -> String {
    text.replace("Wordpress", "WordPress")
}
