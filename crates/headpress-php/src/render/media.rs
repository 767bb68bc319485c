//! Attachment-aware rendering: `[caption]`, `[gallery]`, `wp_get_attachment_image()` and
//! `wp_filter_content_tags()` (width/height, srcset/sizes, `loading`, `decoding` on images).

use std::fmt::Write as _;

use super::pcre::{pattern, php_trim, replace, replace_with};
use super::shortcodes::{ShortcodeAtts, do_shortcode};
use super::texturize::wptexturize;
use super::{ImageMeta, RenderContext};

pattern!(
    CAPTION_SPLIT,
    r"(?is)^.*?((?:<a [^>]+>[\t\n\x0B\x0C\r ]*)?<img [^>]+>(?:[\t\n\x0B\x0C\r ]*</a>)?)(.*)"
);
pattern!(PERCENT_OCTET, r"%[a-fA-F0-9][a-fA-F0-9]");
pattern!(NOT_CLASS_CHAR, r"[^A-Za-z0-9_-]");
pattern!(CONTENT_IMG, r"<(img|iframe)[\t\n\x0B\x0C\r ][^>]+>");
pattern!(WP_IMAGE_CLASS, r"wp-image-([0-9]+)");
pattern!(SRC_ATTR, r#"src="([^"]+)""#);
pattern!(WIDTH_ATTR, r#" width="([0-9]+)""#);
pattern!(HEIGHT_ATTR, r#" height="([0-9]+)""#);
pattern!(SIZES_ATTR, r#" sizes="([^"]+)""#);
pattern!(IMG_CLOSE, r"<img ([^>]+?)[/ ]*>");
pattern!(EDIT_HASH, r"-e[0-9]{13}");

/// Mirrors `esc_attr()` for text that is valid UTF-8: `<`, `>`, quotes and stray `&` escaped.
pub(crate) fn esc_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            '&' if !starts_with_entity(&text[i..]) => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether `text` (starting at `&`) begins with a named or numeric character reference.
pub(crate) fn starts_with_entity(text: &str) -> bool {
    let Some(end) = text.find(';') else {
        return false;
    };
    let body = &text[1..end];
    if let Some(num) = body.strip_prefix('#') {
        if let Some(hex) = num.strip_prefix(['x', 'X']) {
            return !hex.is_empty() && hex.len() <= 6 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        }
        return !num.is_empty() && num.len() <= 7 && num.bytes().all(|b| b.is_ascii_digit());
    }
    !body.is_empty() && body.len() <= 32 && body.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Mirrors `sanitize_html_class()` without a fallback.
pub(crate) fn sanitize_html_class(class: &str) -> String {
    replace(&NOT_CLASS_CHAR, &replace(&PERCENT_OCTET, class, ""), "")
}

/// PHP's `(int)` on a numeric-leading string: leading digits only, 0 when there are none.
fn php_int(text: &str) -> i64 {
    let text = text.trim_start();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = digits
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    let value = digits[..end].parse::<i64>().unwrap_or(0);
    if negative { -value } else { value }
}

/// Mirrors `img_caption_shortcode()` for a theme with HTML5 caption support (every block
/// theme, and most classic ones). A `caption` attribute containing HTML is not run through
/// `wp_kses` here.
pub fn img_caption_shortcode(
    atts: &ShortcodeAtts,
    content: &str,
    ctx: &RenderContext<'_>,
) -> String {
    let mut content = content.to_owned();
    let mut caption = atts.get("caption").cloned();
    if caption.is_none()
        && let Some(regex) = CAPTION_SPLIT.as_ref()
        && let Ok(Some(caps)) = regex.captures(&content)
    {
        let image = caps.get(1).map_or("", |m| m.as_str()).to_owned();
        caption = Some(php_trim(caps.get(2).map_or("", |m| m.as_str())).to_owned());
        content = image;
    }
    let get = |key: &str| atts.get(key).map_or("", String::as_str);
    let caption = caption.unwrap_or_default();
    let width = php_int(get("width"));
    if width < 1 || caption.is_empty() || caption == "0" {
        return content;
    }
    let align = atts.get("align").map_or("alignnone", String::as_str);
    let id = sanitize_html_class(get("id"));
    let mut caption_id = sanitize_html_class(get("caption_id"));
    if caption_id.is_empty() && !id.is_empty() {
        caption_id = format!("caption-{}", id.replace('_', "-"));
    }
    let id_attr = if id.is_empty() {
        String::new()
    } else {
        format!("id=\"{}\" ", esc_attr(&id))
    };
    let (caption_id_attr, describedby) = if caption_id.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!("id=\"{}\" ", esc_attr(&caption_id)),
            format!("aria-describedby=\"{}\" ", esc_attr(&caption_id)),
        )
    };
    let class = php_trim(&format!("wp-caption {align} {}", get("class"))).to_owned();
    format!(
        "<figure {id_attr}{describedby}style=\"width: {width}px\" class=\"{}\">{}<figcaption {caption_id_attr}class=\"wp-caption-text\">{caption}</figcaption></figure>",
        esc_attr(&class),
        do_shortcode(&content, ctx),
    )
}

/// The URL of the uploads directory the attachment files live in.
fn uploads_base(ctx: &RenderContext<'_>) -> String {
    match ctx.uploads_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("{}/wp-content/uploads", ctx.site_url.trim_end_matches('/')),
    }
}

/// Directory part of the attachment's relative file path, with a trailing slash (or "").
fn relative_dir(file: &str) -> String {
    match file.rfind('/') {
        Some(slash) => format!("{}/", &file[..slash]),
        None => String::new(),
    }
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Mirrors `wp_constrain_dimensions()` with only a maximum width.
fn constrain_to_width(width: u32, height: u32, max_width: u32) -> (i64, i64) {
    if max_width == 0 || width == 0 || width <= max_width {
        return (i64::from(width), i64::from(height));
    }
    let ratio = f64::from(max_width) / f64::from(width);
    #[allow(clippy::cast_possible_truncation)]
    let scaled = |v: u32| ((f64::from(v) * ratio).round() as i64).max(1);
    let mut w = scaled(width);
    if w == i64::from(max_width) - 1 {
        w = i64::from(max_width);
    }
    (w, scaled(height))
}

/// Mirrors `wp_image_matches_ratio()`.
fn matches_ratio(source: (u32, u32), target: (u32, u32)) -> bool {
    let (constrained, expected) = if source.0 > target.0 {
        (constrain_to_width(source.0, source.1, target.0), target)
    } else {
        (constrain_to_width(target.0, target.1, source.0), source)
    };
    (constrained.0 - i64::from(expected.0)).abs() <= 1
        && (constrained.1 - i64::from(expected.1)).abs() <= 1
}

/// Mirrors `wp_calculate_image_srcset()` (2048px cap, no edited-image or SSL handling).
pub(crate) fn calculate_srcset(
    size: (u32, u32),
    image_src: &str,
    meta: &ImageMeta,
    ctx: &RenderContext<'_>,
) -> Option<String> {
    if size.0 < 1 {
        return None;
    }
    let dirname = relative_dir(&meta.file);
    let base = format!("{}/{dirname}", uploads_base(ctx));
    let mut candidates: Vec<(&str, u32, u32)> = meta
        .sizes
        .iter()
        .map(|s| (s.file.as_str(), s.width, s.height))
        .collect();
    candidates.push((basename(&meta.file), meta.width, meta.height));
    let mut sources: Vec<(u32, String)> = Vec::new();
    let mut src_matched = false;
    for (file, width, height) in candidates {
        let mut is_src = false;
        if !src_matched && image_src.contains(&format!("{dirname}{file}")) {
            src_matched = true;
            is_src = true;
        }
        if width > 2048 && !is_src {
            continue;
        }
        if matches_ratio(size, (width, height)) {
            let url = format!("{base}{file}");
            if is_src {
                if !sources.iter().any(|(w, _)| *w == width) {
                    sources.insert(0, (width, url));
                }
            } else if let Some(existing) = sources.iter_mut().find(|(w, _)| *w == width) {
                existing.1 = url;
            } else {
                sources.push((width, url));
            }
        }
    }
    if !src_matched || sources.len() < 2 {
        return None;
    }
    Some(
        sources
            .iter()
            .map(|(width, url)| format!("{} {width}w", url.replace(' ', "%20")))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn calculate_sizes(width: u32) -> String {
    format!("(max-width: {width}px) 100vw, {width}px")
}

/// `image_downsize()` for a named size: URL, width and height.
fn image_src(meta: &ImageMeta, size: &str, ctx: &RenderContext<'_>) -> (String, u32, u32) {
    let dir = format!("{}/{}", uploads_base(ctx), relative_dir(&meta.file));
    match meta.sizes.iter().find(|s| s.name == size) {
        Some(s) => (format!("{dir}{}", s.file), s.width, s.height),
        None => (
            format!("{dir}{}", basename(&meta.file)),
            meta.width,
            meta.height,
        ),
    }
}

/// Mirrors `wp_get_attachment_image()` outside `the_content` (so `loading="lazy"`).
pub fn wp_get_attachment_image(
    meta: &ImageMeta,
    size: &str,
    extra: &[(&str, String)],
    ctx: &RenderContext<'_>,
) -> String {
    let (src, width, height) = image_src(meta, size, ctx);
    let size_class = sanitize_html_class(size);
    let mut attrs: Vec<(String, String)> = vec![
        ("src".into(), src.clone()),
        (
            "class".into(),
            format!("attachment-{size_class} size-{size_class}"),
        ),
        (
            "alt".into(),
            php_trim(&crate::sanitize::strip_tags(&meta.alt)).to_owned(),
        ),
        ("decoding".into(), "async".into()),
        ("loading".into(), "lazy".into()),
    ];
    for (name, value) in extra {
        match attrs.iter_mut().find(|(n, _)| n == name) {
            Some(existing) => existing.1.clone_from(value),
            None => attrs.push(((*name).to_owned(), value.clone())),
        }
    }
    if let Some(srcset) = calculate_srcset((width, height), &src, meta, ctx) {
        attrs.push(("srcset".into(), srcset));
        attrs.push(("sizes".into(), calculate_sizes(width)));
    }
    let mut html = format!("<img width=\"{width}\" height=\"{height}\"");
    for (name, value) in attrs {
        let _ = write!(html, " {name}=\"{}\"", esc_attr(&value));
    }
    html.push_str(" />");
    html
}

/// Mirrors `gallery_shortcode()` for an HTML5 theme, using `ids`/`include` (attached-children
/// galleries need a database query, so without `ids` the gallery renders empty).
pub fn gallery_shortcode(atts: &ShortcodeAtts, ctx: &RenderContext<'_>) -> String {
    let instance = ctx.gallery_instance.get() + 1;
    ctx.gallery_instance.set(instance);
    let get = |key: &str| atts.get(key).map(String::as_str).filter(|v| !v.is_empty());
    let Some(lookup) = ctx.attachments else {
        return String::new();
    };
    let ids = get("ids").or_else(|| get("include")).unwrap_or("");
    let mut attachments: Vec<(u64, ImageMeta)> = Vec::new();
    for id in ids
        .split([',', ' '])
        .filter_map(|id| id.trim().parse::<u64>().ok())
    {
        if attachments.iter().any(|(seen, _)| *seen == id) {
            continue;
        }
        if let Some(meta) = lookup.image_meta(id) {
            attachments.push((id, meta));
        }
    }
    if attachments.is_empty() {
        return String::new();
    }
    let columns = get("columns").map_or(3, php_int);
    let size = get("size").unwrap_or("thumbnail");
    let link = get("link").unwrap_or("");
    let post_id = get("id").map_or(i64::try_from(ctx.post_id).unwrap_or(0), php_int);
    let selector = format!("gallery-{instance}");
    let mut output = format!(
        "<div id='{selector}' class='gallery galleryid-{post_id} gallery-columns-{columns} gallery-size-{}'>",
        sanitize_html_class(size)
    );
    for (id, meta) in &attachments {
        let has_caption = !php_trim(&meta.caption).is_empty();
        let extra: Vec<(&str, String)> = if has_caption {
            vec![("aria-describedby", format!("{selector}-{id}"))]
        } else {
            Vec::new()
        };
        let image = wp_get_attachment_image(meta, size, &extra, ctx);
        let image_output = match link {
            "none" => image,
            "file" => format!(
                "<a href='{}'>{image}</a>",
                esc_attr(&image_src(meta, "full", ctx).0)
            ),
            _ => format!("<a href='{}'>{image}</a>", esc_attr(&meta.link)),
        };
        let orientation = if meta.width == 0 && meta.height == 0 {
            ""
        } else if meta.height > meta.width {
            "portrait"
        } else {
            "landscape"
        };
        let _ = write!(
            output,
            "<figure class='gallery-item'>\n\t\t\t<div class='gallery-icon {orientation}'>\n\t\t\t\t{image_output}\n\t\t\t</div>"
        );
        if has_caption {
            let _ = write!(
                output,
                "\n\t\t\t\t<figcaption class='wp-caption-text gallery-caption' id='{selector}-{id}'>\n\t\t\t\t{}\n\t\t\t\t</figcaption>",
                wptexturize(&meta.caption)
            );
        }
        output.push_str("</figure>");
    }
    output.push_str("\n\t\t</div>\n");
    output
}

fn first_group(regex: &super::pcre::Lazy, text: &str) -> Option<String> {
    let regex = regex.as_ref()?;
    let caps = regex.captures(text).ok()??;
    caps.get(1).map(|m| m.as_str().to_owned())
}

/// `wp_image_src_get_dimensions()`: the size whose file the `src` names.
fn src_dimensions(image_src: &str, meta: &ImageMeta) -> Option<(u32, u32)> {
    let name = basename(image_src);
    if name == basename(&meta.file) {
        return Some((meta.width, meta.height));
    }
    meta.sizes
        .iter()
        .find(|s| s.file == name)
        .map(|s| (s.width, s.height))
}

/// The per-image work of `wp_filter_content_tags()` for one `<img>` tag.
fn filter_image(image: &str, ctx: &RenderContext<'_>) -> String {
    let mut filtered = image.to_owned();
    let attachment_id = first_group(&WP_IMAGE_CLASS, image)
        .and_then(|id| id.parse::<u64>().ok())
        .unwrap_or(0);
    let meta = (attachment_id > 0)
        .then(|| ctx.attachments.and_then(|l| l.image_meta(attachment_id)))
        .flatten();
    let src = first_group(&SRC_ATTR, image)
        .map(|s| s.split('?').next().unwrap_or("").to_owned())
        .unwrap_or_default();
    if let Some(meta) = &meta
        && !src.is_empty()
    {
        if !filtered.contains(" width=")
            && !filtered.contains(" height=")
            && let Some((w, h)) = src_dimensions(&src, meta)
        {
            filtered = filtered.replace("<img", &format!("<img width=\"{w}\" height=\"{h}\""));
        }
        if !filtered.contains(" srcset=") {
            filtered = add_srcset_and_sizes(&filtered, &src, meta, ctx);
        }
    }
    if !filtered.contains(" loading=")
        && filtered.contains(" src=\"")
        && filtered.contains(" width=\"")
        && filtered.contains(" height=\"")
    {
        filtered = filtered.replace("<img", "<img loading=\"lazy\"");
    }
    if !filtered.contains(" decoding=") {
        filtered = filtered.replace("<img ", "<img decoding=\"async\" ");
    }
    filtered
}

/// Mirrors `wp_image_add_srcset_and_sizes()`.
fn add_srcset_and_sizes(
    image: &str,
    src: &str,
    meta: &ImageMeta,
    ctx: &RenderContext<'_>,
) -> String {
    if let Some(hash) = first_group_whole(&EDIT_HASH, &meta.file)
        && !basename(src).contains(&hash)
    {
        return image.to_owned();
    }
    let width = first_group(&WIDTH_ATTR, image)
        .and_then(|w| w.parse::<u32>().ok())
        .unwrap_or(0);
    let height = first_group(&HEIGHT_ATTR, image)
        .and_then(|h| h.parse::<u32>().ok())
        .unwrap_or(0);
    let size = if width > 0 && height > 0 {
        (width, height)
    } else if let Some(size) = src_dimensions(src, meta) {
        size
    } else {
        return image.to_owned();
    };
    let Some(srcset) = calculate_srcset(size, src, meta, ctx) else {
        return image.to_owned();
    };
    let sizes = first_group(&SIZES_ATTR, image).unwrap_or_else(|| calculate_sizes(size.0));
    let attr = format!(
        " srcset=\"{}\" sizes=\"{}\"",
        esc_attr(&srcset),
        esc_attr(&sizes)
    );
    replace_with(&IMG_CLOSE, image, |caps| {
        format!("<img {}{attr} />", caps.get(1).map_or("", |m| m.as_str()))
    })
    .0
}

fn first_group_whole(regex: &super::pcre::Lazy, text: &str) -> Option<String> {
    let regex = regex.as_ref()?;
    regex.find(text).ok()?.map(|m| m.as_str().to_owned())
}

/// Mirrors `wp_filter_content_tags()` for images outside the loop (every image lazy-loads, as
/// in REST responses). Iframes are left alone.
pub fn wp_filter_content_tags(content: &str, ctx: &RenderContext<'_>) -> String {
    replace_with(&CONTENT_IMG, content, |caps| {
        let whole = caps.get(0).map_or("", |m| m.as_str());
        if caps.get(1).is_some_and(|m| m.as_str() == "img") {
            filter_image(whole, ctx)
        } else {
            whole.to_owned()
        }
    })
    .0
}
