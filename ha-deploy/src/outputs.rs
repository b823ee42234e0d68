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

/// Write the outputs of stack `stack` (sorted keys) to `<dir>/cfn-outputs/flat-outputs.json`
/// and to `<dir>/cfn-outputs/<stack>.json`: in an app of several stacks the first holds the
/// stack written last, the second keeps each stack's own. Returns the path of the first.
pub fn write_flat(
    dir: &Path,
    stack: &str,
    outputs: &BTreeMap<String, String>,
) -> anyhow::Result<PathBuf> {
    let folder = dir.join("cfn-outputs");
    std::fs::create_dir_all(&folder)?;
    let mut text = serde_json::to_string_pretty(outputs)?;
    text.push('\n');
    std::fs::write(folder.join(format!("{stack}.json")), &text)?;
    let path = folder.join("flat-outputs.json");
    std::fs::write(&path, text)?;
    Ok(path)
}
