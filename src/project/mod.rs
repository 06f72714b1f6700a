//! project layer.
