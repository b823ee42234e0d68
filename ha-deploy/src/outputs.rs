//! Stack outputs: table and the flat `cfn-outputs/flat-outputs.json` file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Render outputs as an aligned two-column table.
pub fn table(outputs: &BTreeMap<String, String>) -> Vec<String> {
    if outputs.is_empty() {
        return vec!["(no outputs)".to_string()];
    }
    let w = outputs.keys().map(String::len).max().unwrap_or(0).max(9);
    let mut lines = vec![
        format!("{:<w$}  Value", "OutputKey"),
        format!("{}  {}", "-".repeat(w), "-".repeat(5)),
    ];
    lines.extend(outputs.iter().map(|(k, v)| format!("{k:<w$}  {v}")));
    lines
}

/// Write `<dir>/cfn-outputs/flat-outputs.json` (sorted keys); returns the path.
pub fn write_flat(dir: &Path, outputs: &BTreeMap<String, String>) -> anyhow::Result<PathBuf> {
    let folder = dir.join("cfn-outputs");
    std::fs::create_dir_all(&folder)?;
    let path = folder.join("flat-outputs.json");
    let mut text = serde_json::to_string_pretty(outputs)?;
    text.push('\n');
    std::fs::write(&path, text)?;
    Ok(path)
}
