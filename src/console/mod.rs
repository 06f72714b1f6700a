//! console layer.
