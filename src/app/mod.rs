//! app layer.
