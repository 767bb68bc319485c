//! Rendering cost of the REST API's `content.rendered` and `excerpt.rendered`.
//!
//! Inputs: the conformance fixture's longest `post_content` (the block-built privacy policy
//! draft, extracted verbatim into `longest-post.html`) and a synthetic ~50 KB classic (block-less)
//! post that exercises texturize, autop, shortcodes, content tags and smilies.
//!
//! Run: `cargo bench -p headpress-php --bench render`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use headpress_php::render::{
    RenderContext, capital_p_dangit, convert_smilies, do_blocks, do_shortcode, shortcode_unautop,
    the_content, the_excerpt, wp_filter_content_tags, wpautop, wptexturize,
};

const LONGEST_POST: &str = include_str!("longest-post.html");

/// One chunk of a classic-editor post: paragraphs separated by blank lines (wpautop), quotes,
/// dashes and ellipses (wptexturize), inline and block HTML, a caption shortcode, an image
/// (wp_filter_content_tags), smilies and "Wordpress" (capital_P_dangit).
const CLASSIC_CHUNK: &str = r#"It's the "classic" editor -- no blocks here... just text that Wordpress runs through every filter. Prices went from $5 to $10 in '99; the 1920's were 5'10" tall (c) 2023 :) and 3x4 boards.

Second paragraph with <a href="http://example.com/?a=1&b=2">a link</a>, <em>emphasis</em> and <strong>bold</strong> text.
A single newline becomes a <br />, and a "quote inside 'another' quote" is curled ;-)

<ul>
<li>First item -- with a dash</li>
<li>Second item's apostrophe</li>
</ul>

<blockquote>Quoted wisdom: "Don't repeat yourself" ... unless benchmarking.</blockquote>

[caption id="attachment_5" align="alignleft" width="300"]<img class="size-medium wp-image-5" src="http://example.com/wp-content/uploads/sunset-300x200.png" alt="Sunset" width="300" height="200" /> Sunset over the bay[/caption]

<pre>code -- stays "as is" ... 'untouched'</pre>

<img class="alignnone wp-image-6" src="http://example.com/wp-content/uploads/mountains.png" alt="" width="640" height="480" />

"#;

/// Repeats [`CLASSIC_CHUNK`] to at least `bytes` bytes.
fn classic_post(bytes: usize) -> String {
    let mut post = String::with_capacity(bytes + CLASSIC_CHUNK.len());
    let mut n = 0u32;
    while post.len() < bytes {
        n += 1;
        post.push_str(&format!("<h2>Section {n}</h2>\n\n"));
        post.push_str(CLASSIC_CHUNK);
    }
    post
}

fn render(c: &mut Criterion) {
    let classic = classic_post(50 * 1024);
    let inputs = [
        ("longest-post", LONGEST_POST),
        ("classic-50k", classic.as_str()),
    ];
    let mut group = c.benchmark_group("render");
    for (name, raw) in inputs {
        group.throughput(Throughput::Bytes(raw.len() as u64));
        group.bench_with_input(BenchmarkId::new("the_content", name), raw, |b, raw| {
            b.iter(|| {
                let ctx = RenderContext::new("http://example.com");
                the_content(black_box(raw), &ctx)
            });
        });
        group.bench_with_input(BenchmarkId::new("the_excerpt", name), raw, |b, raw| {
            b.iter(|| {
                let ctx = RenderContext::new("http://example.com");
                the_excerpt("", black_box(raw), &ctx)
            });
        });
    }
    group.finish();
}

/// Each filter of the `the_content` chain alone, fed what it sees in the chain, on the classic
/// post: shows where the time of `render/the_content/classic-50k` goes.
fn stages(c: &mut Criterion) {
    let ctx = RenderContext::new("http://example.com");
    let raw = classic_post(50 * 1024);
    let blocks = do_blocks(&raw, &ctx);
    let texturized = wptexturize(&blocks);
    let autop = wpautop(&texturized);
    let unautop = shortcode_unautop(&autop);
    let tags = wp_filter_content_tags(&unautop, &ctx);
    let dangit = capital_p_dangit(&tags);
    let shortcodes = do_shortcode(&dangit, &ctx);

    let mut group = c.benchmark_group("stages-classic-50k");
    group.throughput(Throughput::Bytes(raw.len() as u64));
    group.bench_function("do_blocks", |b| b.iter(|| do_blocks(black_box(&raw), &ctx)));
    group.bench_function("wptexturize", |b| {
        b.iter(|| wptexturize(black_box(&blocks)))
    });
    group.bench_function("wpautop", |b| b.iter(|| wpautop(black_box(&texturized))));
    group.bench_function("shortcode_unautop", |b| {
        b.iter(|| shortcode_unautop(black_box(&autop)));
    });
    group.bench_function("wp_filter_content_tags", |b| {
        b.iter(|| wp_filter_content_tags(black_box(&unautop), &ctx));
    });
    group.bench_function("capital_p_dangit", |b| {
        b.iter(|| capital_p_dangit(black_box(&tags)));
    });
    group.bench_function("do_shortcode", |b| {
        b.iter(|| do_shortcode(black_box(&dangit), &ctx));
    });
    group.bench_function("convert_smilies", |b| {
        b.iter(|| convert_smilies(black_box(&shortcodes), ctx.site_url));
    });
    group.finish();
}

criterion_group!(benches, render, stages);
criterion_main!(benches);
