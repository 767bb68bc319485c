//! Arbitrary text through the whole `the_content` chain (blocks, texturize, autop, shortcodes,
//! content tags, smilies) and `the_excerpt` generated from it, with a default context.
#![no_main]

use headpress_php::render::{RenderContext, the_content, the_excerpt};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let ctx = RenderContext::new("http://example.com");
    std::hint::black_box(the_content(text, &ctx));
    std::hint::black_box(the_excerpt("", text, &ctx));
});
