//! Arbitrary text into the `WP_Block_Parser` port.
#![no_main]

use headpress_php::render::parse_blocks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let blocks = parse_blocks(text);
    std::hint::black_box(blocks);
});
