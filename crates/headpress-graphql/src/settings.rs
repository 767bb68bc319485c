//! The settings groups (`generalSettings`, `readingSettings`, `discussionSettings`), read from
//! the request's autoloaded options.

use async_graphql::{Context, ID, Object, Result};

use crate::ctx::req;
use crate::model::base64_key;

/// The general setting type.
pub struct GeneralSettings;

#[Object]
impl GeneralSettings {
    /// A date format for all date strings.
    #[graphql(name = "dateFormat")]
    async fn date_format(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?.options.get("date_format").map(str::to_owned))
    }
    /// Site tagline.
    async fn description(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?.options.get("blogdescription").map(str::to_owned))
    }
    /// This address is used for admin purposes (needs `manage_options`).
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let r = req(ctx)?;
        Ok(if r.viewer.can("manage_options") {
            r.options.get("admin_email").map(str::to_owned)
        } else {
            None
        })
    }
    /// The URL of the site.
    #[graphql(name = "homeUrl")]
    async fn home_url(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(Some(req(ctx)?.options.home().to_owned()))
    }
    /// The globally unique identifier.
    async fn id(&self) -> ID {
        ID(base64_key("setting_group", "general"))
    }
    /// WordPress locale code.
    async fn language(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let lang = req(ctx)?.options.get_or("WPLANG", "").to_owned();
        Ok(Some(if lang.is_empty() {
            "en_US".to_owned()
        } else {
            lang
        }))
    }
    /// A day number of the week that the week should start on.
    #[graphql(name = "startOfWeek")]
    async fn start_of_week(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(Some(req(ctx)?.options.get_i64("start_of_week", 0)))
    }
    /// A time format for all time strings.
    #[graphql(name = "timeFormat")]
    async fn time_format(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?.options.get("time_format").map(str::to_owned))
    }
    /// A city in the same timezone as you.
    async fn timezone(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?.options.get("timezone_string").map(str::to_owned))
    }
    /// Site title.
    async fn title(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?.options.get("blogname").map(str::to_owned))
    }
    /// Site URL.
    async fn url(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(Some(req(ctx)?.options.siteurl().to_owned()))
    }
}

/// The reading setting type.
pub struct ReadingSettings;

#[Object]
impl ReadingSettings {
    /// The globally unique identifier.
    async fn id(&self) -> ID {
        ID(base64_key("setting_group", "reading"))
    }
    /// The ID of the page that should display the latest posts.
    #[graphql(name = "pageForPosts")]
    async fn page_for_posts(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(Some(req(ctx)?.options.get_i64("page_for_posts", 0)))
    }
    /// The ID of the page that should be displayed on the front page.
    #[graphql(name = "pageOnFront")]
    async fn page_on_front(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(Some(req(ctx)?.options.get_i64("page_on_front", 0)))
    }
    /// Blog pages show at most.
    #[graphql(name = "postsPerPage")]
    async fn posts_per_page(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(Some(req(ctx)?.options.get_i64("posts_per_page", 10)))
    }
    /// What to show on the front page.
    #[graphql(name = "showOnFront")]
    async fn show_on_front(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?.options.get("show_on_front").map(str::to_owned))
    }
}

/// The discussion setting type.
pub struct DiscussionSettings;

#[Object]
impl DiscussionSettings {
    /// Allow people to submit comments on new posts.
    #[graphql(name = "defaultCommentStatus")]
    async fn default_comment_status(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?
            .options
            .get("default_comment_status")
            .map(str::to_owned))
    }
    /// Allow link notifications from other blogs (pingbacks and trackbacks) on new articles.
    #[graphql(name = "defaultPingStatus")]
    async fn default_ping_status(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(req(ctx)?
            .options
            .get("default_ping_status")
            .map(str::to_owned))
    }
    /// The globally unique identifier.
    async fn id(&self) -> ID {
        ID(base64_key("setting_group", "discussion"))
    }
}
