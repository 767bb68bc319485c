//! Arbitrary text into `wpautop` (with and without `<br />` conversion) and `shortcode_unautop`.
#![no_main]

use headpress_php::render::{shortcode_unautop, wpautop, wpautop_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let with_br = wpautop(text);
    std::hint::black_box(shortcode_unautop(&with_br));
    std::hint::black_box(wpautop_with(text, false));
});
