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
    fn meta(&self) -> Option<&Value> {
        self.0.metadata.as_ref()
    }
}

#[Object]
impl MediaDetails {
    /// The filename of the mediaItem.
    async fn file(&self) -> Option<String> {
        text(self.meta().and_then(|m| m.get("file")))
    }

    /// The height of the mediaItem.
    async fn height(&self) -> Option<i64> {
        number(self.meta().and_then(|m| m.get("height")))
    }

    /// The width of the mediaItem.
    async fn width(&self) -> Option<i64> {
        number(self.meta().and_then(|m| m.get("width")))
    }

    /// The available sizes of the mediaItem (null when it has none).
    async fn sizes(
        &self,
        exclude: Option<Vec<Option<MediaItemSizeEnum>>>,
        include: Option<Vec<Option<MediaItemSizeEnum>>>,
    ) -> Result<Option<Vec<Option<MediaSize>>>> {
        let Some(sizes) = self
            .meta()
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
        let out: Vec<Option<MediaSize>> = sizes
            .iter()
            .filter(|(name, _)| include.is_empty() || include.contains(&name.as_str()))
            .filter(|(name, _)| !exclude.contains(&name.as_str()))
            .map(|(name, size)| {
                let file = text(size.get("file"));
                Some(MediaSize {
                    name: name.clone(),
                    source_url: file.as_ref().map(|f| format!("{dir}/{f}")),
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
