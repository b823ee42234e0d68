//! ha-core
