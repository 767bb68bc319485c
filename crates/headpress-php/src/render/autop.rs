//! `wpautop()` and `shortcode_unautop()` from WordPress 6.1's formatting.php.

use super::html_split::map_tags;
use super::pcre::{S, pattern, php_trim, replace, replace_with, split};
use super::shortcodes::REGISTERED_SHORTCODES;

const ALLBLOCKS: &str = "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

pattern!(DOUBLE_BR, format!(r"<br{S}*/?>{S}*<br{S}*/?>"));
pattern!(BLOCK_OPEN, format!(r"(<{ALLBLOCKS}[\t\n\x0B\x0C\r /> ])"));
pattern!(BLOCK_CLOSE, format!(r"(</{ALLBLOCKS}>)"));
pattern!(HR, format!(r"(<hr{S}*?/?>)"));
pattern!(OPTION_BEFORE, format!(r"{S}*<option"));
pattern!(OPTION_AFTER, format!(r"</option>{S}*"));
pattern!(OBJECT_OPEN, format!(r"(<object[^>]*>){S}*"));
pattern!(OBJECT_CLOSE, format!(r"{S}*</object>"));
pattern!(PARAM_EMBED, format!(r"{S}*(</?(?:param|embed)[^>]*>){S}*"));
pattern!(
    MEDIA_OPEN,
    format!(r"([<\[](?:audio|video)[^>\]]*[>\]]){S}*")
);
pattern!(MEDIA_CLOSE, format!(r"{S}*([<\[]/(?:audio|video)[>\]])"));
pattern!(SOURCE_TRACK, format!(r"{S}*(<(?:source|track)[^>]*>){S}*"));
pattern!(FIGCAPTION_OPEN, format!(r"{S}*(<figcaption[^>]*>)"));
pattern!(FIGCAPTION_CLOSE, format!(r"</figcaption>{S}*"));
pattern!(MANY_NEWLINES, r"\n\n+");
pattern!(PARAGRAPH_BREAK, format!(r"\n{S}*\n"));
pattern!(EMPTY_P, format!(r"<p>{S}*</p>"));
pattern!(P_UNCLOSED_IN_DIV, r"<p>([^<]+)</(div|address|form)>");
pattern!(
    P_AROUND_BLOCK,
    format!(r"<p>{S}*(</?{ALLBLOCKS}[^>]*>){S}*</p>")
);
pattern!(P_AROUND_LI, r"<p>(<li.+?)</p>");
pattern!(P_BLOCKQUOTE, r"(?i)<p><blockquote([^>]*)>");
pattern!(P_BEFORE_BLOCK, format!(r"<p>{S}*(</?{ALLBLOCKS}[^>]*>)"));
pattern!(P_AFTER_BLOCK, format!(r"(</?{ALLBLOCKS}[^>]*>){S}*</p>"));
pattern!(PRESERVE_NEWLINES, r"(?s)<(script|style|svg).*?</\1>");
pattern!(NEWLINE_TO_BR, format!(r"(?<!<br />){S}*\n"));
pattern!(BR_AFTER_BLOCK, format!(r"(</?{ALLBLOCKS}[^>]*>){S}*<br />"));
pattern!(
    BR_BEFORE_BLOCK,
    format!(r"<br />({S}*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")
);
pattern!(TRAILING_NEWLINE_P, r"\n</p>(?=\n?\z)");

/// Mirrors `wpautop( $text, true )`: double line breaks become paragraphs, single ones `<br />`.
pub fn wpautop(text: &str) -> String {
    wpautop_with(text, true)
}

/// Mirrors `wpautop( $text, $br )`.
pub fn wpautop_with(text: &str, br: bool) -> String {
    if php_trim(text).is_empty() {
        return String::new();
    }
    let mut text = format!("{text}\n");

    // Pre tags are set aside so their contents keep their line breaks.
    let mut pre_tags: Vec<(String, String)> = Vec::new();
    if text.contains("<pre") {
        let mut parts: Vec<&str> = text.split("</pre>").collect();
        let last = parts.pop().unwrap_or("");
        let mut rebuilt = String::with_capacity(text.len());
        for part in parts {
            match part.find("<pre") {
                None => rebuilt.push_str(part),
                Some(start) => {
                    let name = format!("<pre wp-pre-tag-{}></pre>", pre_tags.len());
                    pre_tags.push((name.clone(), format!("{}</pre>", &part[start..])));
                    rebuilt.push_str(&part[..start]);
                    rebuilt.push_str(&name);
                }
            }
        }
        rebuilt.push_str(last);
        text = rebuilt;
    }

    text = replace(&DOUBLE_BR, &text, "\n\n");
    text = replace(&BLOCK_OPEN, &text, "\n\n$1");
    text = replace(&BLOCK_CLOSE, &text, "$1\n\n");
    text = replace(&HR, &text, "$1\n\n");
    text = text.replace("\r\n", "\n").replace('\r', "\n");
    text = map_tags(&text, |tag| tag.replace('\n', " <!-- wpnl --> "));

    if text.contains("<option") {
        text = replace(&OPTION_BEFORE, &text, "<option");
        text = replace(&OPTION_AFTER, &text, "</option>");
    }
    if text.contains("</object>") {
        text = replace(&OBJECT_OPEN, &text, "$1");
        text = replace(&OBJECT_CLOSE, &text, "</object>");
        text = replace(&PARAM_EMBED, &text, "$1");
    }
    if text.contains("<source") || text.contains("<track") {
        text = replace(&MEDIA_OPEN, &text, "$1");
        text = replace(&MEDIA_CLOSE, &text, "$1");
        text = replace(&SOURCE_TRACK, &text, "$1");
    }
    if text.contains("<figcaption") {
        text = replace(&FIGCAPTION_OPEN, &text, "$1");
        text = replace(&FIGCAPTION_CLOSE, &text, "</figcaption>");
    }

    text = replace(&MANY_NEWLINES, &text, "\n\n");
    let mut paragraphs = String::with_capacity(text.len() + 64);
    for paragraph in split(&PARAGRAPH_BREAK, &text, true) {
        paragraphs.push_str("<p>");
        paragraphs.push_str(paragraph.trim_matches('\n'));
        paragraphs.push_str("</p>\n");
    }
    text = paragraphs;

    text = replace(&EMPTY_P, &text, "");
    text = replace(&P_UNCLOSED_IN_DIV, &text, "<p>$1</p></$2>");
    text = replace(&P_AROUND_BLOCK, &text, "$1");
    text = replace(&P_AROUND_LI, &text, "$1");
    text = replace(&P_BLOCKQUOTE, &text, "<blockquote$1><p>");
    text = text.replace("</blockquote></p>", "</p></blockquote>");
    text = replace(&P_BEFORE_BLOCK, &text, "$1");
    text = replace(&P_AFTER_BLOCK, &text, "$1");

    if br {
        text = replace_with(&PRESERVE_NEWLINES, &text, |caps| {
            caps.get(0)
                .map(|m| m.as_str().replace('\n', "<WPPreserveNewline />"))
                .unwrap_or_default()
        })
        .0;
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />");
        text = replace(&NEWLINE_TO_BR, &text, "<br />\n");
        text = text.replace("<WPPreserveNewline />", "\n");
    }

    text = replace(&BR_AFTER_BLOCK, &text, "$1");
    text = replace(&BR_BEFORE_BLOCK, &text, "$1");
    text = replace(&TRAILING_NEWLINE_P, &text, "</p>");

    for (name, pre) in &pre_tags {
        text = text.replace(name.as_str(), pre);
    }
    if text.contains("<!-- wpnl -->") {
        text = text
            .replace(" <!-- wpnl --> ", "\n")
            .replace("<!-- wpnl -->", "\n");
    }
    text
}

/// Mirrors `shortcode_unautop()`: removes the paragraph wpautop wrapped around a shortcode
/// that stands alone on its line.
pub fn shortcode_unautop(text: &str) -> String {
    super::shortcode_scan::unautop(text, REGISTERED_SHORTCODES)
}
