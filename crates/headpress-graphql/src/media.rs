//! `MediaDetails` and `MediaSize` of a `MediaItem`, from the attachment's unserialized
//! `_wp_attachment_metadata`; `srcSet`/`sizes` come from the same image rendering code as
//! REST's content (`headpress_php::render::wp_get_attachment_image`).

use std::sync::Arc;

use async_graphql::{Object, Result};
use headpress_domain::media::Attachment;
use headpress_domain::options::Options;
use headpress_php::render as wp;
use serde_json::Value;

use crate::model::MediaItemSizeEnum;

/// File details for a Media Item.
pub struct MediaDetails(pub Arc<Attachment>);

fn number(v: Option<&Value>) -> Option<i64> {
    v.and_then(|n| {
        n.as_i64()
            .or_else(|| n.as_str().and_then(|s| s.parse().ok()))
    })
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(|n| {
        n.as_str()
            .map(str::to_owned)
            .or_else(|| n.as_i64().map(|i| i.to_string()))
    })
}

impl MediaDetails {
    fn metadata(&self) -> Option<&Value> {
        self.0.metadata.as_ref()
    }
}

/// `wp_make_link_relative`: a URL without its scheme and host.
pub(crate) fn link_relative(url: &str) -> &str {
    let rest = url
        .strip_prefix("https:")
        .or_else(|| url.strip_prefix("http:"))
        .unwrap_or(url);
    match rest.strip_prefix("//") {
        Some(host_and_path) => host_and_path.find('/').map_or("", |i| &host_and_path[i..]),
        None => url,
    }
}

/// PHP's `dirname` for the relative and absolute paths of uploads (`.` for a bare name).
pub(crate) fn dirname(path: &str) -> &str {
    match path.trim_end_matches('/').rsplit_once('/') {
        Some(("", _)) => "/",
        Some((dir, _)) => dir,
        None => ".",
    }
}

/// PHP's `basename`.
pub(crate) fn basename(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit_once('/')
        .map_or(path, |(_, name)| name)
}

/// WordPress's `path_join`: `path` under `base` unless it is absolute.
pub(crate) fn path_join(base: &str, path: &str) -> String {
    if path.starts_with(['/', '\\']) {
        return path.to_owned();
    }
    format!("{}/{path}", base.trim_end_matches('/'))
}

#[Object]
impl MediaDetails {
    /// The filename of the mediaItem.
    async fn file(&self) -> Option<String> {
        text(self.metadata().and_then(|m| m.get("file")))
    }

    /// The path to the mediaItem relative to the uploads directory (from the site's root).
    #[graphql(name = "filePath")]
    async fn file_path(&self) -> Option<String> {
        let file = text(self.metadata().and_then(|m| m.get("file"))).filter(|f| !f.is_empty())?;
        Some(path_join(link_relative(self.0.uploads_url()), &file))
    }

    /// Meta information associated with the mediaItem (the metadata's `image_meta`).
    async fn meta(&self) -> Option<MediaItemMeta> {
        self.metadata()
            .and_then(|m| m.get("image_meta"))
            .filter(|v| v.as_object().is_some_and(|o| !o.is_empty()))
            .cloned()
            .map(MediaItemMeta)
    }

    /// The height of the mediaItem.
    async fn height(&self) -> Option<i64> {
        number(self.metadata().and_then(|m| m.get("height")))
    }

    /// The width of the mediaItem.
    async fn width(&self) -> Option<i64> {
        number(self.metadata().and_then(|m| m.get("width")))
    }

    /// The available sizes of the mediaItem (null when it has none).
    async fn sizes(
        &self,
        exclude: Option<Vec<Option<MediaItemSizeEnum>>>,
        include: Option<Vec<Option<MediaItemSizeEnum>>>,
    ) -> Result<Option<Vec<Option<MediaSize>>>> {
        let Some(sizes) = self
            .metadata()
            .and_then(|m| m.get("sizes"))
            .and_then(Value::as_object)
            .filter(|s| !s.is_empty())
        else {
            return Ok(None);
        };
        let names = |list: &Option<Vec<Option<MediaItemSizeEnum>>>| -> Vec<&'static str> {
            list.iter()
                .flatten()
                .flatten()
                .map(|s| s.wp_name())
                .collect()
        };
        let include = names(&include);
        let exclude = names(&exclude);
        let dir = self.0.url.rsplit_once('/').map_or("", |(dir, _)| dir);
        // `MediaSize.filePath`: next to the original's URL path, for attachments with a file.
        let has_file = !self.0.attached_file().is_empty() && !self.0.url.is_empty();
        let relative_dir = dirname(link_relative(&self.0.url));
        let out: Vec<Option<MediaSize>> = sizes
            .iter()
            .filter(|(name, _)| include.is_empty() || include.contains(&name.as_str()))
            .filter(|(name, _)| !exclude.contains(&name.as_str()))
            .map(|(name, size)| {
                let file = text(size.get("file"));
                Some(MediaSize {
                    name: name.clone(),
                    source_url: file.as_ref().map(|f| format!("{dir}/{f}")),
                    file_path: file
                        .as_ref()
                        .filter(|f| has_file && !f.is_empty())
                        .map(|f| path_join(relative_dir, f)),
                    file,
                    width: text(size.get("width")),
                    height: text(size.get("height")),
                    mime_type: text(size.get("mime-type")),
                    file_size: number(size.get("filesize")),
                })
            })
            .collect();
        Ok(Some(out))
    }
}

/// Details of an available size for a media item.
pub struct MediaSize {
    name: String,
    file: Option<String>,
    source_url: Option<String>,
    file_path: Option<String>,
    width: Option<String>,
    height: Option<String>,
    mime_type: Option<String>,
    file_size: Option<i64>,
}

#[Object]
impl MediaSize {
    /// The referenced size name.
    async fn name(&self) -> Option<&str> {
        Some(&self.name)
    }

    /// The filename of the referenced size.
    async fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The path of the file for the referenced size (default size is full)
    #[graphql(name = "filePath")]
    async fn file_path(&self) -> Option<&str> {
        self.file_path.as_deref()
    }

    /// The url of the referenced size.
    #[graphql(name = "sourceUrl")]
    async fn source_url(&self) -> Option<&str> {
        self.source_url.as_deref()
    }

    /// The width of the referenced size.
    async fn width(&self) -> Option<&str> {
        self.width.as_deref()
    }

    /// The height of the referenced size.
    async fn height(&self) -> Option<&str> {
        self.height.as_deref()
    }

    /// The mime type of the referenced size.
    #[graphql(name = "mimeType")]
    async fn mime_type(&self) -> Option<&str> {
        self.mime_type.as_deref()
    }

    /// The filesize of the resource.
    #[graphql(name = "fileSize")]
    async fn file_size(&self) -> Option<i64> {
        self.file_size
    }
}

/// `MediaItemMeta`: the `image_meta` WordPress reads from an image's EXIF/IPTC data, with
/// WPGraphQL's coercions (`empty()` values of the three fields it resolves itself are null).
pub struct MediaItemMeta(Value);

impl MediaItemMeta {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    fn float(&self, key: &str) -> Option<f64> {
        self.get(key).and_then(|v| {
            v.as_f64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        })
    }

    /// PHP's `empty()` for a scalar: null, false, 0, "" and "0".
    fn non_empty(&self, key: &str) -> Option<&Value> {
        self.get(key).filter(|v| match v {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_f64() != Some(0.0),
            Value::String(s) => !s.is_empty() && s != "0",
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
        })
    }
}

fn to_float(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

#[Object]
impl MediaItemMeta {
    /// Aperture measurement of the media item.
    async fn aperture(&self) -> Option<f64> {
        self.float("aperture")
    }

    /// The original creator of the media item.
    async fn credit(&self) -> Option<String> {
        text(self.get("credit"))
    }

    /// Information about the camera used to create the media item.
    async fn camera(&self) -> Option<String> {
        text(self.get("camera"))
    }

    /// The text string description associated with the media item.
    async fn caption(&self) -> Option<String> {
        text(self.get("caption"))
    }

    /// The date/time when the media was created.
    #[graphql(name = "createdTimestamp")]
    async fn created_timestamp(&self) -> Option<i64> {
        number(self.non_empty("created_timestamp"))
    }

    /// Copyright information associated with the media item.
    async fn copyright(&self) -> Option<String> {
        text(self.get("copyright"))
    }

    /// The focal length value of the media item.
    #[graphql(name = "focalLength")]
    async fn focal_length(&self) -> Option<f64> {
        self.non_empty("focal_length").and_then(to_float)
    }

    /// The ISO (International Organization for Standardization) value of the media item.
    async fn iso(&self) -> Option<i64> {
        number(self.get("iso"))
    }

    /// The shutter speed information of the media item.
    #[graphql(name = "shutterSpeed")]
    async fn shutter_speed(&self) -> Option<f64> {
        self.non_empty("shutter_speed").and_then(to_float)
    }

    /// A useful title for the media item.
    async fn title(&self) -> Option<String> {
        text(self.get("title"))
    }

    /// The vertical or horizontal aspect of the media item.
    async fn orientation(&self) -> Option<String> {
        text(self.get("orientation"))
    }

    /// List of keywords used to describe or identfy the media item.
    async fn keywords(&self) -> Option<Vec<Option<String>>> {
        self.get("keywords")
            .and_then(Value::as_array)
            .map(|list| list.iter().map(|k| text(Some(k))).collect())
    }
}

/// What `wp_get_attachment_image` needs to know about an image.
fn image_meta(file: &Attachment) -> Option<wp::ImageMeta> {
    let meta = file.metadata.as_ref()?;
    let dim = |v: Option<&Value>| number(v).and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
    let sizes = meta
        .get("sizes")
        .and_then(Value::as_object)
        .map(|sizes| {
            sizes
                .iter()
                .map(|(name, s)| wp::ImageSize {
                    name: name.clone(),
                    file: text(s.get("file")).unwrap_or_default(),
                    width: dim(s.get("width")),
                    height: dim(s.get("height")),
                })
                .collect()
        })
        .unwrap_or_default();
    Some(wp::ImageMeta {
        file: text(meta.get("file")).unwrap_or_default(),
        width: dim(meta.get("width")),
        height: dim(meta.get("height")),
        sizes,
        alt: String::new(),
        caption: String::new(),
        link: String::new(),
    })
}

/// One attribute (`srcset`, `sizes`) of the `<img>` WordPress renders for an image at a
/// size: `wp_get_attachment_image_srcset` / `wp_get_attachment_image_sizes` are the values
/// `wp_get_attachment_image` puts there.
pub fn image_attribute(
    options: &Options,
    file: &Attachment,
    size: &str,
    attribute: &str,
) -> Option<String> {
    if !file.is_image() {
        return None;
    }
    let meta = image_meta(file)?;
    let ctx = wp::RenderContext::new(options.siteurl());
    let html = wp::wp_get_attachment_image(&meta, size, &[], &ctx);
    let needle = format!(" {attribute}=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].replace("&amp;", "&"))
}
