//! Checks the render chains against WordPress: the conformance goldens (REST output of the
//! fixture site) and the PHP-minted vectors in `vectors/render/`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::*;
use crate::serialize::{PhpKey, PhpValue, unserialize};

const FIXTURE: &str = "/work/shared/conformance/fixture/wp-fixture.sql";
const GOLDEN_DIR: &str = "/work/shared/conformance/golden/read";
const SITE: &str = "http://127.0.0.1:8080";

/// Splits one mysqldump `VALUES (...)` tuple (as make-vectors.php's parse_tuple does).
fn parse_tuple(tuple: &str) -> Vec<Option<String>> {
    let bytes = tuple.as_bytes();
    let mut fields = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            let mut value = Vec::new();
            i += 1;
            while i < bytes.len() && bytes[i] != b'\'' {
                if bytes[i] == b'\\' {
                    i += 1;
                    value.push(match bytes[i] {
                        b'0' => 0,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'Z' => 0x1a,
                        other => other,
                    });
                } else {
                    value.push(bytes[i]);
                }
                i += 1;
            }
            fields.push(Some(
                String::from_utf8(value).expect("well-formed test data"),
            ));
            i += 1;
        } else {
            let end = tuple[i..].find(',').map_or(bytes.len(), |e| e + i);
            let raw = &tuple[i..end];
            fields.push(if raw == "NULL" {
                None
            } else {
                Some(raw.to_owned())
            });
            i = end;
        }
        if i < bytes.len() && bytes[i] == b',' {
            i += 1;
        }
    }
    fields
}

struct Fixture {
    posts: HashMap<u64, Vec<Option<String>>>,
    meta: HashMap<(u64, String), String>,
}

fn load_fixture() -> Option<Fixture> {
    let dump = std::fs::read_to_string(FIXTURE).ok()?;
    let mut posts = HashMap::new();
    let mut meta = HashMap::new();
    for line in dump.lines() {
        if let Some(rest) = line.strip_prefix("INSERT INTO `wp_posts` VALUES (") {
            let row = parse_tuple(rest.strip_suffix(");").expect("well-formed test data"));
            posts.insert(
                row[0]
                    .as_ref()
                    .expect("well-formed test data")
                    .parse()
                    .expect("well-formed test data"),
                row,
            );
        } else if let Some(rest) = line.strip_prefix("INSERT INTO `wp_postmeta` VALUES (") {
            let row = parse_tuple(rest.strip_suffix(");").expect("well-formed test data"));
            let post: u64 = row[1]
                .as_ref()
                .expect("well-formed test data")
                .parse()
                .expect("well-formed test data");
            meta.insert(
                (post, row[2].clone().expect("well-formed test data")),
                row[3].clone().unwrap_or_default(),
            );
        }
    }
    Some(Fixture { posts, meta })
}

fn php_get<'v>(value: &'v PhpValue, key: &str) -> Option<&'v PhpValue> {
    let PhpValue::Array(entries) = value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| *k == PhpKey::String(key.as_bytes().to_vec()))
        .map(|(_, v)| v)
}

fn php_str(value: Option<&PhpValue>) -> String {
    match value {
        Some(PhpValue::String(s)) => String::from_utf8_lossy(s).into_owned(),
        _ => String::new(),
    }
}

fn php_u32(value: Option<&PhpValue>) -> u32 {
    match value {
        Some(PhpValue::Int(i)) => u32::try_from(*i).unwrap_or(0),
        _ => 0,
    }
}

/// Attachment data read from the fixture dump plus attachment permalinks from the goldens.
struct FixtureAttachments<'f> {
    fixture: &'f Fixture,
    links: HashMap<u64, String>,
}

impl AttachmentLookup for FixtureAttachments<'_> {
    fn image_meta(&self, id: u64) -> Option<ImageMeta> {
        let post = self.fixture.posts.get(&id)?;
        if post[20].as_deref() != Some("attachment") {
            return None;
        }
        let raw = self
            .fixture
            .meta
            .get(&(id, "_wp_attachment_metadata".to_owned()))?;
        let meta = unserialize(raw.as_bytes()).ok()?;
        let mut sizes = Vec::new();
        if let Some(PhpValue::Array(entries)) = php_get(&meta, "sizes") {
            for (key, size) in entries {
                let PhpKey::String(name) = key else { continue };
                sizes.push(ImageSize {
                    name: String::from_utf8_lossy(name).into_owned(),
                    file: php_str(php_get(size, "file")),
                    width: php_u32(php_get(size, "width")),
                    height: php_u32(php_get(size, "height")),
                });
            }
        }
        Some(ImageMeta {
            file: php_str(php_get(&meta, "file")),
            width: php_u32(php_get(&meta, "width")),
            height: php_u32(php_get(&meta, "height")),
            sizes,
            alt: self
                .fixture
                .meta
                .get(&(id, "_wp_attachment_image_alt".to_owned()))
                .cloned()
                .unwrap_or_default(),
            caption: post[6].clone().unwrap_or_default(),
            link: self.links.get(&id).cloned().unwrap_or_default(),
        })
    }
}

/// Every distinct (post id, field) -> rendered value in the goldens' post and page objects.
/// Rendered values keyed by (post ID, field), and attachment permalinks by ID.
type Goldens = (HashMap<(u64, &'static str), String>, HashMap<u64, String>);

fn golden_rendered() -> Goldens {
    let mut rendered = HashMap::new();
    let mut links = HashMap::new();
    let Ok(dir) = std::fs::read_dir(GOLDEN_DIR) else {
        return (rendered, links);
    };
    let mut paths: Vec<_> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(golden) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let items = match &golden["body"] {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        for item in items {
            let (Some(id), Some(kind)) = (item["id"].as_u64(), item["type"].as_str()) else {
                continue;
            };
            if kind == "attachment" {
                if let Some(link) = item["link"].as_str() {
                    links.insert(id, link.to_owned());
                }
                continue;
            }
            if kind != "post" && kind != "page" {
                continue;
            }
            for field in ["title", "content", "excerpt"] {
                if let Some(value) = item[field]["rendered"].as_str() {
                    rendered.insert((id, field), value.to_owned());
                }
            }
        }
    }
    (rendered, links)
}

#[test]
fn goldens_posts_and_pages() {
    let Some(fixture) = load_fixture() else {
        return;
    };
    let (golden, links) = golden_rendered();
    let attachments = FixtureAttachments {
        fixture: &fixture,
        links,
    };
    let mut keys: Vec<_> = golden.keys().copied().collect();
    keys.sort_unstable();
    let mut matched = HashMap::<&str, (usize, usize)>::new();
    let mut report = String::new();
    for (id, field) in keys {
        let Some(post) = fixture.posts.get(&id) else {
            continue;
        };
        let expected = &golden[&(id, field)];
        let raw_content = post[4].as_deref().unwrap_or("");
        let raw_title = post[5].as_deref().unwrap_or("");
        let raw_excerpt = post[6].as_deref().unwrap_or("");
        let has_password = !post[10].as_deref().unwrap_or("").is_empty();
        if has_password && field != "title" {
            // Password-protected content and excerpts render as "" without the password.
            continue;
        }
        let mut ctx = RenderContext::new(SITE);
        ctx.post_id = id;
        ctx.attachments = Some(&attachments);
        let actual = match field {
            "title" => the_title(raw_title),
            "content" => the_content(raw_content, &ctx),
            _ => the_excerpt(raw_excerpt, raw_content, &ctx),
        };
        let ok = actual == *expected
            || ["Private: ", "Protected: "]
                .iter()
                .any(|p| format!("{p}{actual}") == *expected);
        let entry = matched.entry(field).or_default();
        entry.1 += 1;
        if ok {
            entry.0 += 1;
        } else {
            report.push_str(&format!(
                "== {id} {field}\n-- expected\n{expected}\n-- actual\n{actual}\n"
            ));
        }
    }
    let mut summary: Vec<_> = matched
        .iter()
        .map(|(f, (ok, n))| format!("{f}: {ok}/{n}"))
        .collect();
    summary.sort();
    let out = std::env::temp_dir().join("headpress-render-golden-report.txt");
    let _ = std::fs::write(&out, format!("{}\n{report}", summary.join(", ")));
    eprintln!("golden rendered values matched: {}", summary.join(", "));
    // Post 50's content is the one known miss: WordPress kept the <p> around its [caption]
    // (standalone PHP 6.1 removes it too, so the oracle site differs somehow). Don't regress.
    let at_least = [("content", 29), ("excerpt", 30), ("title", 33)];
    for (field, minimum) in at_least {
        let ok = matched.get(field).map_or(0, |(ok, _)| *ok);
        assert!(
            ok >= minimum,
            "{field}: {ok} matched, expected at least {minimum}"
        );
    }
}

#[test]
fn every_pattern_compiles() {
    use super::pcre::SPACES;
    for (name, ok) in [
        (
            "texturize",
            wptexturize("a 'b' \"c\" -- d - e 9x9 '99 &x") != "a 'b' \"c\" -- d - e 9x9 '99 &x",
        ),
        ("autop", wpautop("a\n\nb") == "<p>a</p>\n<p>b</p>\n"),
        ("spaces", fancy_regex::Regex::new(SPACES).is_ok()),
    ] {
        assert!(ok, "{name}");
    }
}

fn vectors(name: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("vectors/render")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("well-formed test data");
    serde_json::from_str::<Vec<Value>>(&text).expect("well-formed test data")
}

/// Runs `f` over a vector file's inputs and returns the mismatches (input, expected, actual).
fn check(name: &str, key: &str, f: impl Fn(&str) -> String) -> Vec<(String, String, String)> {
    let mut failures = Vec::new();
    for case in vectors(name) {
        let input = case["input"].as_str().expect("well-formed test data");
        let expected = case[key].as_str().expect("well-formed test data");
        let actual = f(input);
        if actual != expected {
            failures.push((input.to_owned(), expected.to_owned(), actual));
        }
    }
    failures
}

fn assert_vectors(name: &str, key: &str, f: impl Fn(&str) -> String) {
    let failures = check(name, key, f);
    for (input, expected, actual) in failures.iter().take(3) {
        eprintln!("{name}/{key} input {input:?}\n expected {expected:?}\n actual   {actual:?}");
    }
    assert!(
        failures.is_empty(),
        "{name}/{key}: {} mismatches",
        failures.len()
    );
}

#[test]
fn wptexturize_vectors() {
    assert_vectors("wptexturize.json", "output", wptexturize);
}

#[test]
fn wpautop_vectors() {
    assert_vectors("wpautop.json", "output", wpautop);
    assert_vectors("wpautop.json", "output_no_br", |t| wpautop_with(t, false));
}

#[test]
fn convert_chars_vectors() {
    assert_vectors("convert_chars.json", "output", convert_chars);
}

#[test]
fn convert_smilies_vectors() {
    assert_vectors("convert_smilies.json", "output", |t| {
        convert_smilies(t, SITE)
    });
}

#[test]
fn capital_p_dangit_vectors() {
    assert_vectors("capital_p_dangit.json", "output", capital_p_dangit);
}

#[test]
fn shortcode_unautop_vectors() {
    assert_vectors("shortcode_unautop.json", "output", shortcode_unautop);
}

#[test]
fn wp_trim_words_vectors() {
    assert_vectors("wp_trim_words.json", "output", |t| {
        wp_trim_words(t, 55, " [&hellip;]")
    });
    assert_vectors("wp_trim_words.json", "output_5", |t| {
        wp_trim_words(t, 5, "...")
    });
}

#[test]
fn strip_shortcodes_vectors() {
    assert_vectors("strip_shortcodes.json", "output", strip_shortcodes);
}

/// `parse_blocks()` output in the JSON shape PHP's arrays encode to.
fn block_json(block: &ParsedBlock) -> Value {
    let attrs = match &block.attrs {
        Value::Object(map) if map.is_empty() => Value::Array(Vec::new()),
        other => other.clone(),
    };
    serde_json::json!({
        "blockName": block.block_name,
        "attrs": attrs,
        "innerBlocks": block.inner_blocks.iter().map(block_json).collect::<Vec<_>>(),
        "innerHTML": block.inner_html,
        "innerContent": block.inner_content,
    })
}

#[test]
fn parse_blocks_vectors() {
    let mut failures = 0;
    for case in vectors("parse_blocks.json") {
        let input = case["input"].as_str().expect("well-formed test data");
        let actual = Value::Array(parse_blocks(input).iter().map(block_json).collect());
        if actual != case["output"] {
            failures += 1;
            eprintln!(
                "parse_blocks {input:?}\n expected {}\n actual   {actual}",
                case["output"]
            );
        }
    }
    assert_eq!(failures, 0);
}

/// Cheap stand-in for fuzzing: truncations and byte-level mutations of every vector input
/// must not panic (or hang) in the parser, wpautop, wptexturize or the whole chains.
#[test]
fn no_panic_on_mutated_inputs() {
    let ctx = RenderContext::new(SITE);
    let noise = [
        "<", ">", "[", "]", "<!--", "-->", "<!-- wp:", "/-->", "{", "}", "\"", "'", "\n", "é",
        "<pre", "</pre>",
    ];
    let mut seed = 0x2545_f491_u32;
    for case in vectors("parse_blocks.json")
        .iter()
        .chain(vectors("wptexturize.json").iter().take(60))
    {
        let input = case["input"].as_str().expect("well-formed test data");
        let boundaries: Vec<usize> = input.char_indices().map(|(i, _)| i).step_by(7).collect();
        for &cut in &boundaries {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let insert = noise[seed as usize % noise.len()];
            let mutated = format!("{}{insert}{}", &input[..cut], &input[cut..]);
            for text in [&input[..cut], mutated.as_str()] {
                let _ = parse_blocks(text);
                let _ = wpautop(text);
                let _ = wptexturize(text);
            }
        }
        let _ = the_content(input, &ctx);
        let _ = the_excerpt("", input, &ctx);
        let _ = comment_text(input, &ctx);
    }
}

/// WordPress 6.1 in one request (checked with `rest_do_request` on the reference site): once a
/// post with blocks is rendered, `_restore_wpautop_hook` re-adds `wpautop` at the end of
/// priority 10, so a later classic post's standalone `[caption]` keeps the `<p>` that
/// `shortcode_unautop` would have removed; rendered first, it loses it.
#[test]
fn a_block_post_moves_wpautop_for_the_rest_of_the_request() {
    let classic = "Intro.\n\n[caption id=\"attachment_8\" align=\"aligncenter\" width=\"256\"]<img class=\"wp-image-8\" src=\"http://example.com/a.png\" width=\"256\" height=\"256\" /> Figure[/caption]\n\nOutro.";
    let blocks = "<!-- wp:paragraph -->\n<p>Block post.</p>\n<!-- /wp:paragraph -->";
    let ctx = RenderContext::new("http://example.com");
    let first = the_content(classic, &ctx);
    assert!(first.contains("\n<figure "), "{first}");
    assert!(!first.contains("<p><figure"), "{first}");
    let _ = the_content(blocks, &ctx);
    assert!(ctx.wpautop_moved.get());
    let later = the_content(classic, &ctx);
    assert!(later.contains("<p><figure "), "{later}");
    assert!(later.contains("<p>Intro.</p>"), "{later}");
}
