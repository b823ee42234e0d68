//! ha-deploy
