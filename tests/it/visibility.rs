//! Who may see what: role × route × context, on all three backends.
//!
//! Every expectation is derived from WordPress 6.1's permission logic (the REST controllers'
//! `get_items_permissions_check` / `get_item_permissions_check` / `check_read_permission`,
//! `sanitize_post_statuses`, and `map_meta_cap`) applied to the fixture's content and to the
//! stock roles in its `wp_user_roles`. Where a golden answer (`golden/read`) covers a route and
//! caller, the table must agree with it (checked before anything is sent).
//!
//! `bad` is the admin login with a wrong application password: WordPress runs that request
//! anonymously (golden 192), so it shares the anonymous column.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context, Result, ensure};
use base64::Engine as _;
use headpress_tests::backends::{Backend, conformance_dir, fixture_sites, open_app};
use headpress_tests::requests::{Auth, Creds, Golden, load_index};
use poem::test::TestClient;
use serde_json::Value;

/// The callers, in column order of the printed matrix.
const CALLERS: [&str; 7] = [
    "anon",
    "bad",
    "subscriber",
    "contributor",
    "author",
    "editor",
    "admin",
];

/// The table's column for a caller: `bad` is anonymous.
fn column(caller: &str) -> usize {
    match caller {
        "anon" | "bad" => 0,
        "subscriber" => 1,
        "contributor" => 2,
        "author" => 3,
        "editor" => 4,
        "admin" => 5,
        other => unreachable!("unknown caller {other}"),
    }
}

/// One route and the answer for each column: anonymous (and `bad`), subscriber, contributor,
/// author, editor, admin. An answer is `"200"` or `"<status> <code>"`.
struct Case {
    path: &'static str,
    expect: [&'static str; 6],
    /// Why, when the row is not obvious from the route.
    why: &'static str,
}

const fn case(path: &'static str, expect: [&'static str; 6], why: &'static str) -> Case {
    Case { path, expect, why }
}

// Fixture facts the table relies on (wp-fixture.sql): users 1 admin, 2 editor, 3 author,
// 4 contributor, 5 subscriber (no posts), 6 zoe (author). Post 11 publish by 1, 13 publish by 3,
// 16 publish by 3 with password `secret5`, 53 draft by 4, 59 pending by 4, 63 private by 2,
// 67 future by 1, 71 trash by 2; page 3 draft by 1, 102 publish by 1, 113 publish with password,
// 114 draft by 2, 115 private by 1; media 5 by 1 (parent 11), 7 by 3 (parent 20); comment 2
// approved on 11, 14 spam on 15 (by 2), 29 held, written by user 2, on 21 (by 3); revision 73 of 11.
const CASES: &[Case] = &[
    // ── posts: collections
    case(
        "/wp/v2/posts?status=draft",
        [
            "400 rest_invalid_param",
            "400 rest_invalid_param",
            "200",
            "200",
            "200",
            "200",
        ],
        "sanitize_post_statuses: edit_posts, a sanitize error is a 400 before any permission check",
    ),
    case(
        "/wp/v2/posts?status=private&_fields=id",
        [
            "400 rest_invalid_param",
            "400 rest_invalid_param",
            "200",
            "200",
            "200",
            "200",
        ],
        "edit_posts or read_private_posts",
    ),
    case(
        "/wp/v2/posts?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
            "200",
            "200",
        ],
        "edit_posts",
    ),
    // ── posts: items
    case(
        "/wp/v2/posts/53",
        [
            "401 rest_forbidden",
            "403 rest_forbidden",
            "200",
            "403 rest_forbidden",
            "200",
            "200",
        ],
        "draft: its author reads it, others need edit_others_posts",
    ),
    case(
        "/wp/v2/posts/53?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "edit_post: own draft needs edit_posts",
    ),
    case(
        "/wp/v2/posts/59",
        [
            "401 rest_forbidden",
            "403 rest_forbidden",
            "200",
            "403 rest_forbidden",
            "200",
            "200",
        ],
        "pending by the contributor",
    ),
    case(
        "/wp/v2/posts/63",
        [
            "401 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "200",
            "200",
        ],
        "private: read_private_posts",
    ),
    case(
        "/wp/v2/posts/67",
        [
            "401 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "200",
            "200",
        ],
        "future by admin: edit_others_posts + edit_published_posts",
    ),
    case(
        "/wp/v2/posts/71",
        [
            "401 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "200",
            "200",
        ],
        "trash by editor: its author, or edit_others_posts",
    ),
    case(
        "/wp/v2/posts/71?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/posts/11?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "published by admin: edit_others_posts",
    ),
    case(
        "/wp/v2/posts/13?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
            "200",
        ],
        "published by author: own needs edit_published_posts",
    ),
    case(
        "/wp/v2/posts/16",
        ["200", "200", "200", "200", "200", "200"],
        "password post: readable, content protected",
    ),
    case(
        "/wp/v2/posts/16?password=secret5",
        ["200", "200", "200", "200", "200", "200"],
        "",
    ),
    case(
        "/wp/v2/posts/16?password=wrong",
        [
            "403 rest_post_incorrect_password",
            "403 rest_post_incorrect_password",
            "403 rest_post_incorrect_password",
            "403 rest_post_incorrect_password",
            "403 rest_post_incorrect_password",
            "403 rest_post_incorrect_password",
        ],
        "a wrong password is refused even to admins",
    ),
    // ── pages
    case(
        "/wp/v2/pages?status=draft",
        [
            "400 rest_invalid_param",
            "400 rest_invalid_param",
            "400 rest_invalid_param",
            "400 rest_invalid_param",
            "200",
            "200",
        ],
        "edit_pages",
    ),
    case(
        "/wp/v2/pages/3",
        [
            "401 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "200",
            "200",
        ],
        "draft page by admin: edit_others_pages",
    ),
    case(
        "/wp/v2/pages/114?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/pages/115",
        [
            "401 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "200",
            "200",
        ],
        "private page: read_private_pages",
    ),
    case(
        "/wp/v2/pages/113",
        ["200", "200", "200", "200", "200", "200"],
        "password page",
    ),
    // ── media
    case(
        "/wp/v2/media?status=private",
        [
            "400 rest_invalid_param",
            "400 rest_invalid_param",
            "200",
            "200",
            "200",
            "200",
        ],
        "attachment edit_posts = edit_posts",
    ),
    case(
        "/wp/v2/media?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/media/5?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "admin's attachment: edit_others_posts",
    ),
    case(
        "/wp/v2/media/7?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
            "200",
        ],
        "author's own attachment (inherit): edit_posts",
    ),
    case(
        "/wp/v2/media/5",
        ["200", "200", "200", "200", "200", "200"],
        "",
    ),
    // ── comments
    case(
        "/wp/v2/comments?status=hold",
        [
            "401 rest_forbidden_param",
            "403 rest_forbidden_param",
            "200",
            "200",
            "200",
            "200",
        ],
        "status other than approve needs edit_posts",
    ),
    case(
        "/wp/v2/comments?author=5&_fields=id,author,author_name",
        [
            "401 rest_forbidden_param",
            "403 rest_forbidden_param",
            "200",
            "200",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/comments?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "moderate_comments",
    ),
    case(
        "/wp/v2/comments?post=63",
        [
            "401 rest_cannot_read_post",
            "403 rest_cannot_read_post",
            "403 rest_cannot_read_post",
            "403 rest_cannot_read_post",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/comments?post=16",
        [
            "401 rest_cannot_read_post",
            "403 rest_cannot_read_post",
            "403 rest_cannot_read_post",
            "200",
            "200",
            "200",
        ],
        "password post without password: edit_post",
    ),
    case(
        "/wp/v2/comments?post=16&password=secret5",
        ["200", "200", "200", "200", "200", "200"],
        "",
    ),
    case(
        "/wp/v2/comments/2",
        ["200", "200", "200", "200", "200", "200"],
        "",
    ),
    case(
        "/wp/v2/comments/14",
        [
            "401 rest_cannot_read",
            "403 rest_cannot_read",
            "403 rest_cannot_read",
            "403 rest_cannot_read",
            "200",
            "200",
        ],
        "spam on the editor's post: edit_comment = edit_post",
    ),
    case(
        "/wp/v2/comments/29",
        [
            "401 rest_cannot_read",
            "403 rest_cannot_read",
            "403 rest_cannot_read",
            "200",
            "200",
            "200",
        ],
        "held, written by the editor, on the author's post",
    ),
    case(
        "/wp/v2/comments/2?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "",
    ),
    // ── users
    case(
        "/wp/v2/users?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
        ],
        "list_users",
    ),
    case(
        "/wp/v2/users?roles=author",
        [
            "401 rest_user_cannot_view",
            "403 rest_user_cannot_view",
            "403 rest_user_cannot_view",
            "403 rest_user_cannot_view",
            "403 rest_user_cannot_view",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/users?orderby=registered_date",
        [
            "401 rest_forbidden_orderby",
            "403 rest_forbidden_orderby",
            "403 rest_forbidden_orderby",
            "403 rest_forbidden_orderby",
            "403 rest_forbidden_orderby",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/users?who=authors",
        [
            "401 rest_forbidden_who",
            "403 rest_forbidden_who",
            "200",
            "200",
            "200",
            "200",
        ],
        "edit_posts on a type supporting author",
    ),
    case(
        "/wp/v2/users/5",
        [
            "401 rest_user_cannot_view",
            "200",
            "403 rest_user_cannot_view",
            "403 rest_user_cannot_view",
            "403 rest_user_cannot_view",
            "200",
        ],
        "no published posts: self, edit_user or list_users",
    ),
    case(
        "/wp/v2/users/4",
        ["200", "200", "200", "200", "200", "200"],
        "has published posts",
    ),
    case(
        "/wp/v2/users/4?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
        ],
        "self or edit_user",
    ),
    case(
        "/wp/v2/users/me",
        ["401 rest_not_logged_in", "200", "200", "200", "200", "200"],
        "",
    ),
    case(
        "/wp/v2/users/me?context=edit",
        ["401 rest_not_logged_in", "200", "200", "200", "200", "200"],
        "get_current_item has no context check",
    ),
    // ── settings
    case(
        "/wp/v2/settings",
        [
            "401 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "403 rest_forbidden",
            "200",
        ],
        "manage_options",
    ),
    // ── revisions
    case(
        "/wp/v2/posts/11/revisions",
        [
            "401 rest_cannot_read",
            "403 rest_cannot_read",
            "403 rest_cannot_read",
            "403 rest_cannot_read",
            "200",
            "200",
        ],
        "edit_post on the parent",
    ),
    case(
        "/wp/v2/posts/11/revisions/73",
        [
            "401 rest_cannot_read",
            "403 rest_cannot_read",
            "403 rest_cannot_read",
            "403 rest_cannot_read",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/posts/53/revisions",
        [
            "401 rest_cannot_read",
            "403 rest_cannot_read",
            "200",
            "403 rest_cannot_read",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/pages/102/revisions",
        [
            "401 rest_cannot_read",
            "403 rest_cannot_read",
            "403 rest_cannot_read",
            "403 rest_cannot_read",
            "200",
            "200",
        ],
        "",
    ),
    // ── types, statuses, taxonomies, terms
    case(
        "/wp/v2/types?context=edit",
        [
            "401 rest_cannot_view",
            "403 rest_cannot_view",
            "200",
            "200",
            "200",
            "200",
        ],
        "edit_posts of any REST type",
    ),
    case(
        "/wp/v2/types/page?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "edit_pages",
    ),
    case(
        "/wp/v2/statuses/draft",
        [
            "401 rest_cannot_read_status",
            "403 rest_cannot_read_status",
            "200",
            "200",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/statuses/trash",
        [
            "401 rest_cannot_read_status",
            "403 rest_cannot_read_status",
            "200",
            "200",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/statuses/publish",
        ["200", "200", "200", "200", "200", "200"],
        "",
    ),
    case(
        "/wp/v2/statuses?context=edit",
        [
            "401 rest_cannot_view",
            "403 rest_cannot_view",
            "200",
            "200",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/taxonomies?context=edit",
        [
            "401 rest_cannot_view",
            "403 rest_cannot_view",
            "200",
            "200",
            "200",
            "200",
        ],
        "assign_terms = edit_posts",
    ),
    case(
        "/wp/v2/taxonomies/category?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
            "200",
            "200",
        ],
        "",
    ),
    case(
        "/wp/v2/categories?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "edit_terms = manage_categories",
    ),
    case(
        "/wp/v2/tags/17?context=edit",
        [
            "401 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "403 rest_forbidden_context",
            "200",
            "200",
        ],
        "edit_term → manage_post_tags → manage_categories",
    ),
];

/// Lists whose members depend on the caller (the controllers drop items `check_read_permission`
/// refuses): the sorted IDs per column, `None` where the table expects an error.
struct ListCase {
    path: &'static str,
    ids: [Option<&'static [u64]>; 6],
}

const DRAFTS: &[u64] = &[53, 54, 55, 56, 57, 58];
const PRIVATE: &[u64] = &[63, 64, 65, 66];
const HELD: &[u64] = &[3, 19, 22, 25, 29, 31, 40, 49, 50, 61, 62, 80];
const AUTHORS: &[u64] = &[1, 2, 3, 4, 6];

const LISTS: &[ListCase] = &[
    ListCase {
        path: "/wp/v2/posts?status=draft&_fields=id,status,author",
        ids: [
            None,
            None,
            Some(&[53, 55, 57]),
            Some(&[56]),
            Some(DRAFTS),
            Some(DRAFTS),
        ],
    },
    ListCase {
        path: "/wp/v2/posts?status=private&_fields=id,status",
        ids: [
            None,
            None,
            Some(&[]),
            Some(&[64]),
            Some(PRIVATE),
            Some(PRIVATE),
        ],
    },
    ListCase {
        path: "/wp/v2/comments?status=hold&per_page=100&_fields=id",
        ids: [
            None,
            None,
            Some(&[]),
            Some(&[19, 29, 50]),
            Some(HELD),
            Some(HELD),
        ],
    },
    ListCase {
        path: "/wp/v2/users?_fields=id",
        ids: [
            Some(AUTHORS),
            Some(AUTHORS),
            Some(AUTHORS),
            Some(AUTHORS),
            Some(AUTHORS),
            Some(&[1, 2, 3, 4, 5, 6]),
        ],
    },
];

/// What came back: the status, the error code (if any) and, for arrays, the sorted IDs.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    code: Option<String>,
    ids: Option<Vec<u64>>,
}

impl Answer {
    fn label(&self) -> String {
        match &self.code {
            Some(code) => format!("{} {code}", self.status),
            None => self.status.to_string(),
        }
    }
}

fn answer_of(status: u16, body: &Value) -> Answer {
    let code = if status >= 400 {
        body.get("code").and_then(Value::as_str).map(str::to_owned)
    } else {
        None
    };
    let ids = body.as_array().map(|items| {
        let mut ids: Vec<u64> = items
            .iter()
            .filter_map(|item| item.get("id").and_then(Value::as_u64))
            .collect();
        ids.sort_unstable();
        ids
    });
    Answer { status, code, ids }
}

/// The table must agree with WordPress wherever a golden covers the same GET and caller.
#[test]
fn visibility_table_agrees_with_the_goldens() -> Result<()> {
    let dir = conformance_dir().join("golden/read");
    let index = load_index(&dir.join("index.tsv"))?;
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in index.iter().filter(|e| e.method == "GET") {
        let Some(path) = entry.path.strip_prefix("/wp-json") else {
            continue;
        };
        let caller = if entry.auth == "none" {
            "anon"
        } else {
            entry.auth.as_str()
        };
        if !CALLERS.contains(&caller) {
            continue;
        }
        let col = column(caller);
        let golden = Golden::load(&dir.join(&entry.file))?;
        let wp = answer_of(golden.status, &golden.body);
        if let Some(case) = CASES.iter().find(|c| c.path == path) {
            checked += 1;
            if wp.label() != case.expect[col] {
                problems.push(format!(
                    "{} {path} as {caller}: table says {}, WordPress said {}",
                    entry.file,
                    case.expect[col],
                    wp.label()
                ));
            }
        }
        if let Some(list) = LISTS.iter().find(|l| l.path == path) {
            checked += 1;
            let want = list.ids[col].map(<[u64]>::to_vec);
            let got = if wp.status == 200 {
                wp.ids.clone()
            } else {
                None
            };
            if want != got {
                problems.push(format!(
                    "{} {path} as {caller}: table lists {want:?}, WordPress listed {got:?}",
                    entry.file
                ));
            }
        }
    }
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    // A guard against the paths drifting apart from the golden set unnoticed.
    ensure!(
        checked >= 25,
        "only {checked} table cells are covered by goldens"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visibility_matrix_matches_wordpress() -> Result<()> {
    let creds = Creds::load(&conformance_dir().join("creds.env"))?;
    let sites = fixture_sites(&Backend::ALL).await?;
    let mut failures = Vec::new();
    for (backend, url) in &sites.sites {
        match check_backend(*backend, url, &creds).await {
            Ok(None) => println!("[{backend}] visibility: every cell matches WordPress"),
            Ok(Some(report)) => failures.push(report),
            Err(err) => failures.push(format!("[{backend}] {err:#}")),
        }
    }
    sites.cleanup().await;
    ensure!(failures.is_empty(), "{}", failures.join("\n\n"));
    Ok(())
}

/// `Authorization` header value for a caller (none for `anon`).
fn authorization(creds: &Creds, caller: &str) -> Result<Option<String>> {
    let auth = match caller {
        "anon" => Auth::None,
        "bad" => Auth::Bad,
        user => Auth::User(user.to_owned()),
    };
    Ok(creds.basic_credentials(&auth)?.map(|login| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(login)
        )
    }))
}

/// Sends every cell; returns the printed matrix when some cell differs.
async fn check_backend(backend: Backend, url: &str, creds: &Creds) -> Result<Option<String>> {
    let app = open_app(url).await?;
    let client = TestClient::new(app.endpoint());
    let mut headers = BTreeMap::new();
    for caller in CALLERS {
        headers.insert(caller, authorization(creds, caller)?);
    }
    let send = async |path: &str, caller: &str| -> Result<Answer> {
        let uri = format!("/wp-json{path}");
        let mut req = client.get(&uri);
        if let Some(value) = &headers[caller] {
            req = req.header("Authorization", value);
        }
        let resp = req.send().await;
        let status = resp.0.status().as_u16();
        let bytes = resp
            .0
            .into_body()
            .into_bytes()
            .await
            .with_context(|| format!("reading the body of GET {uri}"))?;
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok(answer_of(status, &body))
    };

    let width = CASES.iter().map(|c| c.path.len()).max().unwrap_or(0);
    let mut matrix = format!("{:width$}", "route \\ caller");
    for caller in CALLERS {
        let _ = write!(matrix, " {caller:>11}");
    }
    matrix.push('\n');
    let mut wrong = Vec::new();
    for case in CASES {
        let _ = write!(matrix, "{:width$}", case.path);
        for caller in CALLERS {
            let want = case.expect[column(caller)];
            let got = send(case.path, caller).await?;
            let ok = got.label() == want;
            let cell = format!("{}{}", got.status, if ok { "" } else { "✗" });
            let _ = write!(matrix, " {cell:>11}");
            if !ok {
                let why = if case.why.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", case.why)
                };
                wrong.push(format!(
                    "GET {} as {caller}: got {}, WordPress answers {want}{why}",
                    case.path,
                    got.label()
                ));
            }
        }
        matrix.push('\n');
    }
    for list in LISTS {
        for caller in CALLERS {
            let want = list.ids[column(caller)].map(<[u64]>::to_vec);
            let got = send(list.path, caller).await?;
            let got_ids = if got.status == 200 { got.ids } else { None };
            if got_ids != want {
                wrong.push(format!(
                    "GET {} as {caller}: listed {got_ids:?} (status {}), WordPress lists {want:?}",
                    list.path, got.status
                ));
            }
        }
    }
    if wrong.is_empty() {
        return Ok(None);
    }
    Ok(Some(format!(
        "[{backend}] {} visibility difference(s) from WordPress 6.1 (✗ = wrong cell):\n{matrix}\n{}",
        wrong.len(),
        wrong.join("\n")
    )))
}
