//! Headpress's black-box tests, one binary: HTTP in, JSON out, against real databases.

mod bad_input;
mod conformance;
mod fresh_install;
mod statements;
