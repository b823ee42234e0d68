//! ha-macros
