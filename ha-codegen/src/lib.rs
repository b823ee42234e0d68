//! ha-codegen
