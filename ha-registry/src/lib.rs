//! ha-registry
