//! Data safety: how protected a deployed stack is (read from the stack itself, never from
//! today's command line), which changes would lower that, and the typed confirmation.

use crate::error::blocked;
use crate::stack::{ask, Ctx, StackInfo};
use std::collections::BTreeMap;

/// Protection of a deployed stack, as CloudFormation reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Protection {
    /// Termination protection is on.
    pub termination: bool,
    /// Deployed parameters that hold a protected value: `(key, deployed value)` for each
    /// key of the app's unprotect parameters whose deployed value is not the unprotect value.
    pub parameters: Vec<(String, String)>,
}

impl Protection {
    /// Read the protection of `info` given the app's unprotect parameters.
    pub fn read(info: &StackInfo, unprotect: &[(String, String)]) -> Self {
        Protection {
            termination: info.termination_protection,
            parameters: unprotect
                .iter()
                .filter_map(|(k, off)| {
                    info.parameters
                        .get(k)
                        .filter(|v| *v != off)
                        .map(|v| (k.clone(), v.clone()))
                })
                .collect(),
        }
    }

    /// Whether anything protects the stack.
    pub fn is_protected(&self) -> bool {
        self.termination || !self.parameters.is_empty()
    }

    /// `termination protection, DeletionProtection=true`
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.termination {
            parts.push("termination protection".into());
        }
        parts.extend(self.parameters.iter().map(|(k, v)| format!("{k}={v}")));
        parts.join(", ")
    }
}

/// Protected parameters that `new` would set to their unprotect value:
/// `(key, deployed value, new value)`.
pub fn lowered(
    p: &Protection,
    new: &[(String, String)],
    unprotect: &[(String, String)],
) -> Vec<(String, String, String)> {
    p.parameters
        .iter()
        .filter_map(|(k, deployed)| {
            let off = unprotect.iter().find(|(uk, _)| uk == k)?;
            new.iter()
                .find(|(nk, nv)| nk == k && *nv == off.1)
                .map(|(_, nv)| (k.clone(), deployed.clone(), nv.clone()))
        })
        .collect()
}

/// Parameter values that change: `(key, deployed value or None for a new key, new value)`.
pub fn parameter_changes(
    deployed: &BTreeMap<String, String>,
    new: &[(String, String)],
) -> Vec<(String, Option<String>, String)> {
    new.iter()
        .filter(|(k, v)| deployed.get(k) != Some(v))
        .map(|(k, v)| (k.clone(), deployed.get(k).cloned(), v.clone()))
        .collect()
}

/// `  DbInstanceClass: db.r6g.large → db.t4g.medium`
pub fn render_parameter_changes(changes: &[(String, Option<String>, String)]) -> Vec<String> {
    changes
        .iter()
        .map(|(k, old, new)| match old {
            Some(o) => format!("{k}: {o} → {new}"),
            None => format!("{k}: (new) {new}"),
        })
        .collect()
}

/// Confirm a dangerous change by typing the stack name (or `--yes` when stdin is not a
/// terminal). `action` completes "Type the stack name to ...".
pub async fn confirm_typed(ctx: &Ctx<'_>, stack: &str, action: &str) -> anyhow::Result<()> {
    if ctx.yes {
        return Ok(());
    }
    if !ctx.console.is_interactive() {
        return Err(blocked(format!(
            "{action} needs confirmation and stdin is not a terminal: rerun with --yes to confirm; nothing was changed"
        )));
    }
    let answer = ask(
        ctx,
        &format!("Type the stack name ({stack}) to {action}:"),
        "nothing was changed",
    )
    .await?;
    if answer == stack {
        Ok(())
    } else {
        Err(blocked(format!(
            "not confirmed (`{answer}` is not `{stack}`): nothing was changed"
        )))
    }
}
