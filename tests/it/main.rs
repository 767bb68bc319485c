//! Headpress's black-box tests, one binary: HTTP in, JSON out, against real databases.

mod bad_input;
mod batching;
mod conformance;
mod dynamic_blocks;
mod fresh_install;
mod graphql;
mod graphql_content;
mod graphql_custom;
mod statements;
mod visibility;
