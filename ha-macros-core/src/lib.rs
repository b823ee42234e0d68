//! ha-macros-core
