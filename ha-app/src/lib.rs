//! ha-app
