//! All integration tests in one binary (one link step, one process; ripgrep's layout).
//! Each module tests one area from the outside: it builds fixture sites with the real
//! `insyn` binary or calls the library, and asserts on the output and on what is printed.

mod common;

mod browser;
mod build;
mod docs;
mod editor;
mod errors;
mod example_site;
mod hostile;
mod hostile_props;
mod import;
mod layers;
mod libreoffice;
mod names;
mod nginx;
mod opendata;
mod overview;
mod proportion;
mod publish;
mod published;
mod robust;
mod serve;
mod serve_oracle;
mod table_props;
mod tables;
mod tiers;
mod trust;
