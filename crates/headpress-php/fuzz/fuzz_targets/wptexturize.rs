//! Arbitrary text into `wptexturize`.
#![no_main]

use headpress_php::render::wptexturize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    std::hint::black_box(wptexturize(text));
});
