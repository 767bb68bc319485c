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
    pub(crate) async fn id(&self) -> ID {
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
    pub(crate) async fn id(&self) -> ID {
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
    pub(crate) async fn id(&self) -> ID {
        ID(base64_key("setting_group", "discussion"))
    }
}

/// All of WordPress's registered settings, flat (`allSettings`).
pub struct Settings;

#[Object]
impl Settings {
    /// Allow people to submit comments on new posts.
    #[graphql(name = "discussionSettingsDefaultCommentStatus")]
    async fn discussion_default_comment_status(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "default_comment_status")
    }
    /// Allow link notifications from other blogs on new articles.
    #[graphql(name = "discussionSettingsDefaultPingStatus")]
    async fn discussion_default_ping_status(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "default_ping_status")
    }
    /// A date format for all date strings.
    #[graphql(name = "generalSettingsDateFormat")]
    async fn general_date_format(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "date_format")
    }
    /// Site tagline.
    #[graphql(name = "generalSettingsDescription")]
    async fn general_description(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "blogdescription")
    }
    /// This address is used for admin purposes (needs `manage_options`).
    #[graphql(name = "generalSettingsEmail")]
    async fn general_email(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        if !req(ctx)?.viewer.can("manage_options") {
            return Ok(None);
        }
        option(ctx, "admin_email")
    }
    /// The URL of the site.
    #[graphql(name = "generalSettingsHomeUrl")]
    async fn general_home_url(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(Some(req(ctx)?.options.home().to_owned()))
    }
    /// WordPress locale code.
    #[graphql(name = "generalSettingsLanguage")]
    async fn general_language(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let lang = req(ctx)?.options.get_or("WPLANG", "").to_owned();
        Ok(Some(if lang.is_empty() {
            "en_US".to_owned()
        } else {
            lang
        }))
    }
    /// A day number of the week that the week should start on.
    #[graphql(name = "generalSettingsStartOfWeek")]
    async fn general_start_of_week(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(Some(req(ctx)?.options.get_i64("start_of_week", 0)))
    }
    /// A time format for all time strings.
    #[graphql(name = "generalSettingsTimeFormat")]
    async fn general_time_format(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "time_format")
    }
    /// A city in the same timezone as you.
    #[graphql(name = "generalSettingsTimezone")]
    async fn general_timezone(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "timezone_string")
    }
    /// Site title.
    #[graphql(name = "generalSettingsTitle")]
    async fn general_title(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "blogname")
    }
    /// Site URL.
    #[graphql(name = "generalSettingsUrl")]
    async fn general_url(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(Some(req(ctx)?.options.siteurl().to_owned()))
    }
    /// Category base.
    #[graphql(name = "permalinkSettingsCategoryBase")]
    async fn permalink_category_base(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "category_base")
    }
    /// Permalink structure.
    #[graphql(name = "permalinkSettingsStructure")]
    async fn permalink_structure(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "permalink_structure")
    }
    /// Tag base.
    #[graphql(name = "permalinkSettingsTagBase")]
    async fn permalink_tag_base(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "tag_base")
    }
    /// The ID of the page that should display the latest posts.
    #[graphql(name = "readingSettingsPageForPosts")]
    async fn reading_page_for_posts(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(Some(req(ctx)?.options.get_i64("page_for_posts", 0)))
    }
    /// The ID of the page that should be displayed on the front page.
    #[graphql(name = "readingSettingsPageOnFront")]
    async fn reading_page_on_front(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(Some(req(ctx)?.options.get_i64("page_on_front", 0)))
    }
    /// Blog pages show at most.
    #[graphql(name = "readingSettingsPostsPerPage")]
    async fn reading_posts_per_page(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(Some(req(ctx)?.options.get_i64("posts_per_page", 10)))
    }
    /// What to show on the front page.
    #[graphql(name = "readingSettingsShowOnFront")]
    async fn reading_show_on_front(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        option(ctx, "show_on_front")
    }
    /// Default post category.
    #[graphql(name = "writingSettingsDefaultCategory")]
    async fn writing_default_category(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        default_category(ctx)
    }
    /// Default post format.
    #[graphql(name = "writingSettingsDefaultPostFormat")]
    async fn writing_default_post_format(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        default_post_format(ctx)
    }
    /// Convert emoticons like :-) and :-P to graphics on display.
    #[graphql(name = "writingSettingsUseSmilies")]
    async fn writing_use_smilies(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        use_smilies(ctx)
    }
}

/// The writing setting type (the same options as `allSettings`' `writingSettings*`).
pub struct WritingSettings;

#[Object]
impl WritingSettings {
    /// The globally unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(base64_key("setting_group", "writing"))
    }
    /// Default post category.
    #[graphql(name = "defaultCategory")]
    async fn default_category(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        default_category(ctx)
    }
    /// Default post format.
    #[graphql(name = "defaultPostFormat")]
    async fn default_post_format(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        default_post_format(ctx)
    }
    /// Convert emoticons like :-) and :-P to graphics on display.
    #[graphql(name = "useSmilies")]
    async fn use_smilies(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        use_smilies(ctx)
    }
}

/// `default_category` (registered as an integer, default 1).
fn default_category(ctx: &Context<'_>) -> Result<Option<i64>> {
    Ok(Some(req(ctx)?.options.get_i64("default_category", 1)))
}

/// `default_post_format`: `standard` when unset or `0`.
fn default_post_format(ctx: &Context<'_>) -> Result<Option<String>> {
    let format = req(ctx)?
        .options
        .get_or("default_post_format", "")
        .to_owned();
    Ok(Some(if format.is_empty() || format == "0" {
        "standard".to_owned()
    } else {
        format
    }))
}

/// `use_smilies` (a boolean, on by default).
fn use_smilies(ctx: &Context<'_>) -> Result<Option<bool>> {
    Ok(Some(
        req(ctx)?
            .options
            .get("use_smilies")
            .is_none_or(|v| v == "1"),
    ))
}

fn option(ctx: &Context<'_>, name: &str) -> Result<Option<String>> {
    Ok(req(ctx)?.options.get(name).map(str::to_owned))
}
