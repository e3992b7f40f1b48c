//! Import and export.

pub mod picture;
