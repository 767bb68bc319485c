//! Rendered fields. Issue "Rendering parity" ports WordPress's full filter chains into
//! headpress-php; until then titles, content and excerpts get the structural part only.

use headpress_domain::posts::Post;

/// `get_the_title` as REST renders it: the controller sets `protected_title_format` and
/// `private_title_format` to `%s`, so no "Protected: "/"Private: " prefix.
pub fn title(post: &Post) -> String {
    post.post_title.trim().to_owned()
}

pub fn content(raw: &str) -> String {
    raw.to_owned()
}

/// `block_version()`: 1 when the content holds blocks.
pub fn block_version(raw: &str) -> u8 {
    u8::from(raw.contains("<!-- wp:"))
}

/// The explicit excerpt, or the first 55 words of the content, wrapped in a paragraph.
pub fn excerpt(post: &Post) -> String {
    let text = if post.post_excerpt.is_empty() {
        let stripped = strip_tags(&post.post_content);
        let words: Vec<&str> = stripped.split_whitespace().collect();
        if words.len() > 55 {
            format!("{} [&hellip;]", words[..55].join(" "))
        } else {
            words.join(" ")
        }
    } else {
        post.post_excerpt.clone()
    };
    if text.is_empty() {
        String::new()
    } else {
        format!("<p>{text}</p>\n")
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
