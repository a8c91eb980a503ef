//! Serialisable views of the model that templates receive: plain strings and lists, with
//! numbers already formatted. Built at render time; the model itself never reaches Tera.

pub mod assignments;
pub mod blocks;
pub mod common;

pub mod indicators;
pub mod overview;
pub mod page;
pub mod status;
pub mod table;
pub mod table_charts;
#[cfg(test)]
mod test_tables;
