//! Input and output shared by every runtime: the JSON contract and tidy CSV.

pub mod columns;
pub mod csv;
pub mod json;
pub mod table;
