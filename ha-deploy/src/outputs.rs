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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_file() {
        assert_eq!(table(&BTreeMap::new()), vec!["(no outputs)"]);
        let mut m = BTreeMap::new();
        m.insert("TopicArn".to_string(), "arn:x".to_string());
        m.insert("A".to_string(), "1".to_string());
        assert_eq!(table(&m)[2], "A          1");
        let dir = std::env::temp_dir().join(format!("ha-deploy-out-{}", std::process::id()));
        let p = write_flat(&dir, &m).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "{\n  \"A\": \"1\",\n  \"TopicArn\": \"arn:x\"\n}\n"
        );
        std::fs::write(dir.join("blocker"), "").unwrap();
        assert!(write_flat(&dir.join("blocker"), &m).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
