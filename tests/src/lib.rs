//! Test support for Headpress's black-box tests: scratch databases on the three backends,
//! the conformance fixture loaded into each, and the replay of WordPress's recorded answers.

pub mod backends;
pub mod replay;
