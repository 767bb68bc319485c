//! Attachments' files: `_wp_attached_file`, `_wp_attachment_metadata` (PHP-serialized, parsed
//! with `headpress_php::serialize`), the uploads base URL, and the MIME filter of media lists.

use sea_orm::FromQueryResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use serde_json::{Map, Value, json};

use crate::backend::WpId;
use crate::error::Result;
use crate::options::Options;
use crate::site::Site;

/// `wp_upload_dir()['baseurl']`.
#[derive(Debug, Clone)]
pub struct UploadsBase {
    pub baseurl: String,
}

impl UploadsBase {
    /// Mirrors `_wp_upload_dir`: `upload_url_path` when set, else `{siteurl}/{upload_path}`
    /// with `wp-content/uploads` as the default path.
    pub fn from_options(options: &Options) -> Self {
        let url_path = options.get_or("upload_url_path", "").trim();
        if !url_path.is_empty() {
            return UploadsBase {
                baseurl: url_path.trim_end_matches('/').to_owned(),
            };
        }
        let path = options.get_or("upload_path", "").trim();
        let path = if path.is_empty() || path == "wp-content/uploads" {
            "wp-content/uploads"
        } else {
            path
        };
        UploadsBase {
            baseurl: format!(
                "{}/{}",
                options.siteurl(),
                path.trim_start_matches('/').trim_end_matches('/')
            ),
        }
    }
}

/// What REST shows of one attachment's file.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// `wp_get_attachment_url`.
    pub url: String,
    pub mime_type: String,
    /// The unserialized `_wp_attachment_metadata` (keys in stored order), if any.
    pub metadata: Option<Value>,
    file: String,
    baseurl: String,
}

const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "jpe", "gif", "png", "webp"];

impl Attachment {
    pub fn from_meta(
        uploads: &UploadsBase,
        guid: &str,
        mime_type: &str,
        attached_file: Option<&str>,
        metadata: Option<&str>,
    ) -> Self {
        let file = attached_file.unwrap_or("").to_owned();
        let url = if file.is_empty() {
            guid.to_owned()
        } else if file.starts_with("http://") || file.starts_with("https://") {
            file.clone()
        } else {
            format!("{}/{}", uploads.baseurl, file.trim_start_matches('/'))
        };
        let metadata = metadata
            .and_then(headpress_php::serialize::maybe_unserialize)
            .map(|v| v.to_json())
            .filter(|v| v.is_object());
        Attachment {
            url,
            mime_type: mime_type.to_owned(),
            metadata,
            file,
            baseurl: uploads.baseurl.clone(),
        }
    }

    /// `_wp_attached_file`: the file's path under the uploads directory (empty when absent).
    pub fn attached_file(&self) -> &str {
        &self.file
    }

    /// The uploads directory's URL (`wp_upload_dir()['baseurl']`).
    pub fn uploads_url(&self) -> &str {
        &self.baseurl
    }

    /// `wp_attachment_is_image`: an image extension and an `image/` MIME type.
    pub fn is_image(&self) -> bool {
        let name = if self.file.is_empty() {
            self.url.as_str()
        } else {
            self.file.as_str()
        };
        let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        IMAGE_EXTENSIONS.contains(&ext.as_str()) && self.mime_type.starts_with("image/")
    }

    fn dir_url(&self) -> String {
        match self.file.rsplit_once('/') {
            Some((dir, _)) => format!("{}/{dir}", self.baseurl),
            None => self.baseurl.clone(),
        }
    }

    /// `media_details` as the attachments controller builds it: the metadata with each
    /// size's `mime-type` renamed and its `source_url` added, plus a `full` size for images.
    pub fn media_details(&self) -> Value {
        let Some(Value::Object(meta)) = &self.metadata else {
            return json!({});
        };
        if meta.is_empty() {
            return json!({});
        }
        let mut out = meta.clone();
        let has_sizes = meta
            .get("sizes")
            .is_some_and(|s| s.as_object().is_some_and(|m| !m.is_empty()));
        if has_sizes {
            let mut sizes = Map::new();
            if let Some(Value::Object(list)) = meta.get("sizes") {
                let dir = self.dir_url();
                for (name, size) in list {
                    let mut size = size.as_object().cloned().unwrap_or_default();
                    if let Some(mime) = size.remove("mime-type") {
                        size.insert("mime_type".into(), mime);
                    }
                    if self.is_image()
                        && let Some(file) = size.get("file").and_then(Value::as_str)
                    {
                        let src = format!("{dir}/{file}");
                        size.insert("source_url".into(), json!(src));
                    }
                    sizes.insert(name.clone(), Value::Object(size));
                }
            }
            if self.is_image() {
                let base = self.url.rsplit('/').next().unwrap_or("").to_owned();
                sizes.insert(
                    "full".into(),
                    json!({
                        "file": base,
                        "width": meta.get("width").cloned().unwrap_or(json!(0)),
                        "height": meta.get("height").cloned().unwrap_or(json!(0)),
                        "mime_type": self.mime_type,
                        "source_url": self.url,
                    }),
                );
            }
            out.insert("sizes".into(), Value::Object(sizes));
        } else {
            out.insert("sizes".into(), json!({}));
        }
        Value::Object(out)
    }

    /// `wp_get_missing_image_subsizes`: registered sizes smaller than the image that have
    /// no generated file.
    pub fn missing_sizes(&self, options: &Options) -> Vec<String> {
        if !self.is_image() {
            return Vec::new();
        }
        let Some(Value::Object(meta)) = &self.metadata else {
            return Vec::new();
        };
        let width = meta.get("width").and_then(Value::as_i64).unwrap_or(0);
        let height = meta.get("height").and_then(Value::as_i64).unwrap_or(0);
        if width <= 0 || height <= 0 {
            return Vec::new();
        }
        let existing: Vec<String> = meta
            .get("sizes")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let opt = |name: &str, default: i64| options.get_i64(name, default);
        let sizes = [
            (
                "thumbnail",
                opt("thumbnail_size_w", 150),
                opt("thumbnail_size_h", 150),
                opt("thumbnail_crop", 1) != 0,
            ),
            (
                "medium",
                opt("medium_size_w", 300),
                opt("medium_size_h", 300),
                false,
            ),
            (
                "medium_large",
                opt("medium_large_size_w", 768),
                opt("medium_large_size_h", 0),
                false,
            ),
            (
                "large",
                opt("large_size_w", 1024),
                opt("large_size_h", 1024),
                false,
            ),
            ("1536x1536", 1536, 1536, false),
            ("2048x2048", 2048, 2048, false),
        ];
        sizes
            .iter()
            .filter(|(name, ..)| !existing.iter().any(|e| e == name))
            .filter(|(_, w, h, crop)| needs_resize(width, height, *w, *h, *crop))
            .map(|(name, ..)| (*name).to_owned())
            .collect()
    }
}

/// Whether `image_resize_dimensions` would produce a smaller image.
fn needs_resize(orig_w: i64, orig_h: i64, w: i64, h: i64, crop: bool) -> bool {
    if w <= 0 && h <= 0 {
        return false;
    }
    if crop {
        let new_w = if w > 0 { Ord::min(w, orig_w) } else { orig_w };
        let new_h = if h > 0 { Ord::min(h, orig_h) } else { orig_h };
        !(new_w == orig_w && new_h == orig_h)
    } else {
        (w > 0 && orig_w > w) || (h > 0 && orig_h > h)
    }
}

/// A `post_mime_type` filter: one full type, or every type under a prefix (`image/`).
#[derive(Debug, Clone)]
pub enum MimeFilter {
    Exact(String),
    Prefix(String),
}

#[derive(Debug, FromQueryResult)]
struct IdRow {
    #[sea_orm(from_alias = "ID")]
    id: WpId,
}

/// IDs of the attachments whose MIME type matches (`wp_post_mime_type_where`).
pub async fn ids_by_mime(site: &Site, filter: &MimeFilter) -> Result<Vec<u64>> {
    let mut query = Query::select()
        .column(Alias::new("ID"))
        .from(Alias::new(&site.tables().posts))
        .and_where(Expr::col(Alias::new("post_type")).eq("attachment"))
        .to_owned();
    match filter {
        MimeFilter::Exact(mime) => {
            query.and_where(Expr::col(Alias::new("post_mime_type")).eq(mime.as_str()));
        }
        MimeFilter::Prefix(prefix) => {
            let escaped: String = prefix
                .chars()
                .flat_map(|c| match c {
                    '%' | '_' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            query.and_where(
                Expr::col(Alias::new("post_mime_type"))
                    .like(sea_orm::sea_query::LikeExpr::new(format!("{escaped}%")).escape('\\')),
            );
        }
    }
    let db = site.db();
    let rows = IdRow::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.id.0).collect())
}
