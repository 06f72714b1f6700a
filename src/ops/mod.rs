//! ops layer.
