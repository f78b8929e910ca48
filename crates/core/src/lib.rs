//! The core of crimeproof: the file formats as types (`model`) and the risk scoring (`scoring`).
//!
//! Pure by design: no file system, no terminal, no threads, so the same code serves the command
//! line and the browser form (compiled to `wasm32-unknown-unknown`). Everything that reads, writes
//! or prints lives in the `crimeproof` crate on top.

pub mod model;
pub mod scoring;
