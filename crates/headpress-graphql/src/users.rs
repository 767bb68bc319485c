//! `RootQuery.users(where:)`: WPGraphQL's `UserConnectionResolver` arguments mapped onto the
//! domain's `WP_User_Query` (filters in SQL), ordered and paged in memory (users are few).

use async_graphql::{Context, Enum, Error, InputObject, Result};
use headpress_domain::terms::collation_key;
use headpress_domain::users::{self as dusers, User as UserRow};

use crate::content::ContentTypeEnum;
use crate::ctx::{internal, req};
use crate::query::OrderEnum;

/// `UserRoleEnum`: the stock roles.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum UserRoleEnum {
    #[graphql(name = "ADMINISTRATOR")]
    Administrator,
    #[graphql(name = "AUTHOR")]
    Author,
    #[graphql(name = "CONTRIBUTOR")]
    Contributor,
    #[graphql(name = "EDITOR")]
    Editor,
    #[graphql(name = "SUBSCRIBER")]
    Subscriber,
}

impl UserRoleEnum {
    fn wp(self) -> &'static str {
        match self {
            UserRoleEnum::Administrator => "administrator",
            UserRoleEnum::Author => "author",
            UserRoleEnum::Contributor => "contributor",
            UserRoleEnum::Editor => "editor",
            UserRoleEnum::Subscriber => "subscriber",
        }
    }
}

/// `UsersConnectionSearchColumnEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum UsersConnectionSearchColumnEnum {
    #[graphql(name = "EMAIL")]
    Email,
    #[graphql(name = "ID")]
    Id,
    #[graphql(name = "LOGIN")]
    Login,
    #[graphql(name = "NICENAME")]
    Nicename,
    #[graphql(name = "URL")]
    Url,
}

impl UsersConnectionSearchColumnEnum {
    fn column(self) -> &'static str {
        match self {
            UsersConnectionSearchColumnEnum::Email => "user_email",
            UsersConnectionSearchColumnEnum::Id => "ID",
            UsersConnectionSearchColumnEnum::Login => "user_login",
            UsersConnectionSearchColumnEnum::Nicename => "user_nicename",
            UsersConnectionSearchColumnEnum::Url => "user_url",
        }
    }
}

/// `UsersConnectionOrderbyEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum UsersConnectionOrderbyEnum {
    #[graphql(name = "DISPLAY_NAME")]
    DisplayName,
    #[graphql(name = "EMAIL")]
    Email,
    #[graphql(name = "LOGIN")]
    Login,
    #[graphql(name = "LOGIN_IN")]
    LoginIn,
    #[graphql(name = "NICE_NAME")]
    NiceName,
    #[graphql(name = "NICE_NAME_IN")]
    NiceNameIn,
    #[graphql(name = "REGISTERED")]
    Registered,
    #[graphql(name = "URL")]
    Url,
}

/// `UsersConnectionOrderbyInput`.
#[derive(InputObject, Clone)]
pub struct UsersConnectionOrderbyInput {
    pub field: UsersConnectionOrderbyEnum,
    pub order: Option<OrderEnum>,
}

/// Arguments for filtering the connection.
#[derive(InputObject, Default)]
pub struct RootQueryToUserConnectionWhereArgs {
    pub exclude: Option<Vec<Option<i32>>>,
    /// Pass an array of post types to filter results to users who have published posts in
    /// those post types.
    #[graphql(name = "hasPublishedPosts")]
    pub has_published_posts: Option<Vec<Option<ContentTypeEnum>>>,
    pub include: Option<Vec<Option<i32>>>,
    pub login: Option<String>,
    #[graphql(name = "loginIn")]
    pub login_in: Option<Vec<Option<String>>>,
    #[graphql(name = "loginNotIn")]
    pub login_not_in: Option<Vec<Option<String>>>,
    pub nicename: Option<String>,
    #[graphql(name = "nicenameIn")]
    pub nicename_in: Option<Vec<Option<String>>>,
    #[graphql(name = "nicenameNotIn")]
    pub nicename_not_in: Option<Vec<Option<String>>>,
    pub orderby: Option<Vec<Option<UsersConnectionOrderbyInput>>>,
    pub role: Option<UserRoleEnum>,
    #[graphql(name = "roleIn")]
    pub role_in: Option<Vec<Option<UserRoleEnum>>>,
    #[graphql(name = "roleNotIn")]
    pub role_not_in: Option<Vec<Option<UserRoleEnum>>>,
    pub search: Option<String>,
    #[graphql(name = "searchColumns")]
    pub search_columns: Option<Vec<Option<UsersConnectionSearchColumnEnum>>>,
}

fn list<T: Clone>(l: &Option<Vec<Option<T>>>) -> Vec<T> {
    l.iter().flatten().flatten().cloned().collect()
}

fn ids(l: &Option<Vec<Option<i32>>>) -> Vec<u64> {
    list(l)
        .into_iter()
        .filter_map(|i| u64::try_from(i).ok())
        .collect()
}

/// How the in-memory list is ordered: WP_User_Query's one `orderby` (WPGraphQL keeps the last
/// input), or the position in `login__in`/`nicename__in` (`FIELD()`, always ascending).
enum Sort {
    Column(UsersConnectionOrderbyEnum, bool),
    Field(&'static str, Vec<String>),
}

/// Every user the connection lists, in its order: `WP_User_Query` with WPGraphQL's mapping
/// of `where` (a guest sees only users with published posts, as `has_published_posts`).
pub async fn users_list(
    ctx: &Context<'_>,
    filter: Option<&RootQueryToUserConnectionWhereArgs>,
) -> Result<Vec<UserRow>> {
    let r = req(ctx)?;
    let empty = RootQueryToUserConnectionWhereArgs::default();
    let w = filter.unwrap_or(&empty);
    let roles_in: Vec<String> = list(&w.role_in).iter().map(|r| r.wp().to_owned()).collect();
    let roles_not_in: Vec<String> = list(&w.role_not_in)
        .iter()
        .map(|r| r.wp().to_owned())
        .collect();
    let role: Vec<String> = w.role.iter().map(|r| r.wp().to_owned()).collect();
    if (!roles_in.is_empty() || !roles_not_in.is_empty() || !role.is_empty())
        && !r.viewer.can("list_users")
    {
        return Err(Error::new(
            "Sorry, you are not allowed to filter users by role.",
        ));
    }
    let published: Vec<String> = list(&w.has_published_posts)
        .iter()
        .map(|t| t.wp().to_owned())
        .collect();
    let has_published_posts = if !published.is_empty() {
        Some(published)
    } else {
        // Guests: WPGraphQL's `has_published_posts => true`; logged-in users without
        // `list_users` get the same set once the User model drops private users.
        (!r.viewer.can("list_users")).then(|| vec!["post".to_owned(), "page".to_owned()])
    };
    let search = w.search.as_deref().filter(|s| !s.is_empty()).map(|s| {
        // WPGraphQL wraps the text in `*…*`; WP_User_Query then trims the wildcards and
        // picks columns from the text unless `search_columns` names some.
        let text = s.trim_matches('*').to_owned();
        let mut columns: Vec<&'static str> =
            list(&w.search_columns).iter().map(|c| c.column()).collect();
        if columns.is_empty() {
            columns = if text.contains('@') {
                vec!["user_email"]
            } else if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
                vec!["user_login", "ID"]
            } else if text.starts_with("http://") || text.starts_with("https://") {
                vec!["user_url"]
            } else {
                vec![
                    "user_login",
                    "user_url",
                    "user_email",
                    "user_nicename",
                    "display_name",
                ]
            };
        }
        (text, columns)
    });
    let mut logins = list(&w.login_in);
    logins.extend(w.login.iter().filter(|l| !l.is_empty()).cloned());
    let mut nicenames = list(&w.nicename_in);
    nicenames.extend(w.nicename.iter().filter(|n| !n.is_empty()).cloned());
    let found = dusers::query(
        &r.site,
        &dusers::UserQuery {
            include: ids(&w.include),
            exclude: ids(&w.exclude),
            search: search.clone(),
            nicenames,
            nicenames_not_in: list(&w.nicename_not_in),
            logins,
            logins_not_in: list(&w.login_not_in),
            roles: roles_in,
            roles_all: role,
            roles_not_in,
            authors_only: false,
            has_published_posts,
            order_by: dusers::UserOrderBy::Id,
            order_desc: false,
            limit: 10_000,
            offset: 0,
        },
    )
    .await
    .map_err(internal)?;
    let mut users = found.users;

    // A search orders by login; an `orderby` input (the last one) overrides it.
    let mut sort = Sort::Column(UsersConnectionOrderbyEnum::Login, false);
    for input in list(&w.orderby) {
        sort = match input.field {
            UsersConnectionOrderbyEnum::LoginIn => Sort::Field("user_login", list(&w.login_in)),
            UsersConnectionOrderbyEnum::NiceNameIn => {
                Sort::Field("user_nicename", list(&w.nicename_in))
            }
            field => Sort::Column(field, input.order == Some(OrderEnum::Desc)),
        };
    }
    match sort {
        Sort::Column(field, desc) => {
            let key = |u: &UserRow| -> String {
                match field {
                    UsersConnectionOrderbyEnum::DisplayName => collation_key(&u.display_name),
                    UsersConnectionOrderbyEnum::Email => collation_key(&u.user_email),
                    UsersConnectionOrderbyEnum::NiceName => collation_key(&u.user_nicename),
                    UsersConnectionOrderbyEnum::Url => collation_key(&u.user_url),
                    UsersConnectionOrderbyEnum::Registered => u
                        .user_registered
                        .0
                        .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_default(),
                    _ => collation_key(&u.user_login),
                }
            };
            users.sort_by(|a, b| {
                let ord = key(a).cmp(&key(b)).then(a.id.0.cmp(&b.id.0));
                if desc { ord.reverse() } else { ord }
            });
        }
        Sort::Field(column, values) => {
            // `FIELD()` is 0 for a value not listed, so those come first.
            let at = |u: &UserRow| {
                let v = if column == "user_login" {
                    &u.user_login
                } else {
                    &u.user_nicename
                };
                values.iter().position(|x| x == v).map_or(0, |i| i + 1)
            };
            users.sort_by(|a, b| at(a).cmp(&at(b)).then(a.id.0.cmp(&b.id.0)));
        }
    }
    Ok(users)
}
