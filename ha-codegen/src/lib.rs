//! Generator of the CloudFormation resource types of `ha-core` and of the metadata table of
//! `ha-registry`, from the registry schemas vendored in `schemas/resources`.
//!
//! * `vendor --from <cfnlint/data/schemas>` copies every schema of the provider list;
//! * `generate` writes `ha-core/src/resources/*`, `ha-registry/src/generated.rs` and the
//!   `[features]` of `ha-core/Cargo.toml`;
//! * `check` fails when any of those differ from what `generate` would write;
//! * `all --from <dir>` generates (in memory) every schema of the provider list.

pub mod cli;
pub mod emit;
pub mod model;
pub mod naming;
pub mod registry;

use anyhow::{anyhow, bail, Context, Result};
use model::TypeModel;
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Marker lines around the generated features of `ha-core/Cargo.toml`.
pub const BEGIN_FEATURES: &str = "# BEGIN GENERATED FEATURES";
/// See [`BEGIN_FEATURES`].
pub const END_FEATURES: &str = "# END GENERATED FEATURES";

/// The vendored file name of a type: `AWS::S3::Bucket` → `aws-s3-bucket.json`.
pub fn schema_file_name(type_name: &str) -> String {
    format!("{}.json", type_name.to_ascii_lowercase().replace("::", "-"))
}

/// The types listed in `schemas/types.txt` (comments and blank lines skipped), sorted.
pub fn read_types(root: &Path) -> Result<Vec<String>> {
    let path = root.join("schemas/types.txt");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut types: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    types.sort();
    types.dedup();
    Ok(types)
}

fn read_json(path: &Path) -> Result<J> {
    let text = std::fs::read_to_string(path).context(format!("reading {}", path.display()))?;
    serde_json::from_str(&text).context(format!("parsing {}", path.display()))
}

/// Sorts the keys of every object, recursively.
pub fn sort_keys(v: &J) -> J {
    match v {
        J::Object(m) => {
            let sorted: BTreeMap<&String, J> = m.iter().map(|(k, v)| (k, sort_keys(v))).collect();
            J::Object(sorted.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        J::Array(a) => J::Array(a.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

/// Formats Rust source with `rustfmt --edition 2021`, run in `root` so it picks up the
/// workspace's rustfmt configuration like `cargo fmt` does.
pub fn rustfmt(root: &Path, code: &str) -> Result<String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running rustfmt")?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = code.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().context("waiting for rustfmt")?;
    writer
        .join()
        .expect("writer thread")
        .context("writing to rustfmt")?;
    if !out.status.success() {
        bail!("rustfmt failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// Builds the models of the vendored schemas of every type in `schemas/types.txt`.
pub fn load_models(root: &Path) -> Result<Vec<TypeModel>> {
    let mut models = Vec::new();
    let getatts_path = root.join("schemas/getatts.json");
    let getatts: BTreeMap<String, Vec<String>> = if getatts_path.exists() {
        serde_json::from_value(read_json(&getatts_path)?).with_context(|| {
            format!(
                "{} must map type names to lists of attribute names",
                getatts_path.display()
            )
        })?
    } else {
        BTreeMap::new()
    };
    for t in read_types(root)? {
        let schema = read_json(&root.join("schemas/resources").join(schema_file_name(&t)))?;
        let model = model::build_with_attributes(&schema, getatts.get(&t).map(Vec::as_slice));
        if model.type_name != t {
            bail!("schema of {t} declares typeName {}", model.type_name);
        }
        models.push(model);
    }
    Ok(models)
}

/// Groups models by service (sorted), keeping each service's types sorted by name and
/// making defs module names unique within a service.
pub fn by_service(models: &mut [TypeModel]) -> BTreeMap<String, Vec<&TypeModel>> {
    models.sort_by(|a, b| a.type_name.cmp(&b.type_name));
    let mut seen: BTreeMap<String, naming::NameSet> = BTreeMap::new();
    for m in models.iter_mut() {
        m.defs_module = seen
            .entry(m.service.clone())
            .or_default()
            .claim(&m.defs_module);
    }
    let mut out: BTreeMap<String, Vec<&TypeModel>> = BTreeMap::new();
    for m in models.iter() {
        out.entry(m.service.clone()).or_default().push(m);
    }
    out
}

/// Replaces the generated part of the `[features]` table of a Cargo.toml.
pub fn rewrite_features(cargo_toml: &str, services: &[String]) -> String {
    let mut block = vec![BEGIN_FEATURES.to_owned(), "default = []".to_owned()];
    let all: Vec<String> = services.iter().map(|s| format!("\"{s}\"")).collect();
    block.push(format!("all = [{}]", all.join(", ")));
    block.extend(services.iter().map(|s| format!("{s} = []")));
    block.push(END_FEATURES.to_owned());
    let block = block.join("\n");

    let lines: Vec<&str> = cargo_toml.lines().collect();
    let begin = lines.iter().position(|l| l.trim() == BEGIN_FEATURES);
    let end = lines.iter().position(|l| l.trim() == END_FEATURES);
    let (before, after): (Vec<&str>, Vec<&str>) = match (begin, end) {
        (Some(b), Some(e)) if e > b => (lines[..b].to_vec(), lines[e + 1..].to_vec()),
        _ => match lines.iter().position(|l| l.trim() == "[features]") {
            // Replace the whole existing table.
            Some(f) => {
                let next = lines[f + 1..]
                    .iter()
                    .position(|l| l.trim_start().starts_with('['))
                    .map(|i| i + f + 1);
                let rest = next.map_or_else(Vec::new, |n| lines[n..].to_vec());
                (lines[..=f].to_vec(), rest)
            }
            None => {
                let mut before = lines.clone();
                before.push("");
                before.push("[features]");
                (before, Vec::new())
            }
        },
    };
    let mut out = before.join("\n");
    out.push('\n');
    out.push_str(&block);
    out.push('\n');
    if !after.is_empty() {
        if !after[0].trim().is_empty() {
            out.push('\n');
        }
        out.push_str(&after.join("\n"));
        out.push('\n');
    }
    out
}

/// Every file `generate` writes, by path relative to the root, with its content.
pub fn render_all(root: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    let mut models = load_models(root)?;
    let groups = by_service(&mut models);
    let services: Vec<String> = groups.keys().cloned().collect();
    let mut files = BTreeMap::new();
    let res = PathBuf::from("ha-core/src/resources");
    files.insert(
        res.join("mod.rs"),
        rustfmt(root, &emit::mod_file(&services))?.into_bytes(),
    );
    for (service, types) in &groups {
        files.insert(
            res.join(format!("{service}.rs")),
            rustfmt(root, &emit::service_file(service, types))?.into_bytes(),
        );
    }
    let all: Vec<&TypeModel> = models.iter().collect();
    for (path, content) in registry::registry_files(&all) {
        let content = if path.ends_with(".rs") {
            rustfmt(root, &String::from_utf8(content)?)?.into_bytes()
        } else {
            content
        };
        files.insert(PathBuf::from(path), content);
    }
    let cargo = std::fs::read_to_string(root.join("ha-core/Cargo.toml"))
        .context("reading ha-core/Cargo.toml")?;
    files.insert(
        PathBuf::from("ha-core/Cargo.toml"),
        rewrite_features(&cargo, &services).into_bytes(),
    );
    Ok(files)
}

/// Stale generated files: service modules in `ha-core/src/resources` and blobs in
/// `ha-registry/data` that `generate` does not write.
fn orphans(root: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (dir, ext) in [("ha-core/src/resources", "rs"), ("ha-registry/data", "bin")] {
        for e in std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = PathBuf::from(dir).join(e.file_name());
            if p.extension().is_some_and(|x| x == ext) && !files.contains_key(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Writes the generated files (only those that changed) and removes orphaned generated
/// files. Returns the paths written or removed.
pub fn generate(root: &Path) -> Result<Vec<PathBuf>> {
    let files = render_all(root)?;
    let mut changed = Vec::new();
    for p in orphans(root, &files) {
        std::fs::remove_file(root.join(&p))?;
        changed.push(p);
    }
    for (path, content) in &files {
        let full = root.join(path);
        if std::fs::read(&full).ok().as_deref() != Some(content.as_slice()) {
            std::fs::create_dir_all(full.parent().unwrap_or(root))?;
            std::fs::write(&full, content)?;
            changed.push(path.clone());
        }
    }
    Ok(changed)
}

/// The generated files that are missing, differ from a fresh generation, or are orphans, and
/// `schemas/SOURCE.md` when the vendored schemas no longer match its digest.
pub fn check(root: &Path) -> Result<Vec<PathBuf>> {
    let files = render_all(root)?;
    let mut stale = orphans(root, &files);
    if let Some(recorded) = recorded_digest(root) {
        if recorded != schemas_digest(root)? {
            stale.push(PathBuf::from("schemas/SOURCE.md"));
        }
    }
    for (path, content) in &files {
        if std::fs::read(root.join(path)).ok().as_deref() != Some(content.as_slice()) {
            stale.push(path.clone());
        }
    }
    stale.sort();
    Ok(stale)
}

/// Finds the cfn-lint version next to a schemas directory: a `cfn_lint-<version>-….whl` or
/// `cfn_lint-<version>.dist-info` in it or one of its ancestors.
pub fn detect_cfn_lint_version(from: &Path) -> Option<String> {
    let from = from.canonicalize().ok()?;
    for dir in from.ancestors() {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for n in names {
            if let Some(rest) = n.strip_prefix("cfn_lint-") {
                if n.ends_with(".whl") || n.ends_with(".dist-info") {
                    let rest = rest.trim_end_matches(".dist-info");
                    return rest.split('-').next().map(str::to_owned);
                }
            }
        }
    }
    None
}

/// What [`vendor`] changed, against the schemas vendored before it ran.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct VendorReport {
    /// Types vendored.
    pub types: usize,
    /// Services (cargo features) they fall into.
    pub services: usize,
    /// Types that were not vendored before.
    pub added: Vec<String>,
    /// Types vendored before and gone from the provider list.
    pub removed: Vec<String>,
    /// `(type, added properties, removed properties)` for types present before and after.
    pub changed: Vec<(String, Vec<String>, Vec<String>)>,
    /// SHA-256 of the vendored schema files (see [`schemas_digest`]).
    pub digest: String,
}

impl VendorReport {
    /// A human-readable summary, one line per change.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} types in {} services; {} added, {} removed, {} with changed properties\n",
            self.types,
            self.services,
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        );
        for t in &self.added {
            out.push_str(&format!("  + {t}\n"));
        }
        for t in &self.removed {
            out.push_str(&format!("  - {t}\n"));
        }
        for (t, plus, minus) in &self.changed {
            let mut parts: Vec<String> = plus.iter().map(|p| format!("+{p}")).collect();
            parts.extend(minus.iter().map(|p| format!("-{p}")));
            out.push_str(&format!("  ~ {t}: {}\n", parts.join(" ")));
        }
        out.push_str(&format!("schemas sha256 {}\n", self.digest));
        out
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 over the vendored schema files, in file-name order (each file's name, a NUL, its
/// bytes, a NUL): recorded in `schemas/SOURCE.md` and verified by `check`.
pub fn schemas_digest(root: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let dir = root.join("schemas/resources");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut h = Sha256::new();
    for n in names {
        h.update(n.as_bytes());
        h.update([0]);
        h.update(std::fs::read(dir.join(&n))?);
        h.update([0]);
    }
    Ok(hex(&h.finalize()))
}

/// The `(type name, property names)` of every schema vendored in `dir`.
fn vendored_properties(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(schema) = read_json(&e.path()) else {
            continue;
        };
        let Some(name) = schema.get("typeName").and_then(J::as_str) else {
            continue;
        };
        out.insert(name.to_owned(), property_names(&schema));
    }
    out
}

fn property_names(schema: &J) -> Vec<String> {
    let mut names: Vec<String> = schema
        .get("properties")
        .and_then(J::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn wheel_near(from: &Path) -> Option<PathBuf> {
    let from = from.canonicalize().ok()?;
    from.ancestors().find_map(|dir| {
        let mut wheels: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with("cfn_lint-") && n.ends_with(".whl")
                })
            })
            .collect();
        wheels.sort();
        wheels.pop()
    })
}

/// Copies every type of a cfn-lint schemas directory's us-east-1 provider list (with
/// `providers/us-east-1.json` and `resources/`), pretty-printed with sorted keys; removes
/// vendored schemas no longer listed; writes `schemas/types.txt` (the type list) and
/// `schemas/SOURCE.md` (version, schema date, checksums). Reports what changed.
pub fn vendor(root: &Path, from: &Path, version: Option<&str>) -> Result<VendorReport> {
    let providers = read_json(&from.join("providers/us-east-1.json"))?;
    let providers = providers
        .as_object()
        .ok_or_else(|| anyhow!("{}: the provider list is not an object", from.display()))?;
    let dest = root.join("schemas/resources");
    std::fs::create_dir_all(&dest)?;
    let before = vendored_properties(&dest);
    let mut report = VendorReport::default();
    let mut wanted = Vec::new();
    let mut services = std::collections::BTreeSet::new();
    let types: Vec<&String> = {
        let mut t: Vec<&String> = providers.keys().collect();
        t.sort();
        t
    };
    for t in &types {
        let id = providers[t.as_str()]
            .as_str()
            .ok_or_else(|| anyhow!("{t}: the provider list maps it to no schema file"))?;
        let schema = read_json(&from.join("resources").join(format!("{id}.json")))?;
        let mut text = serde_json::to_string_pretty(&sort_keys(&schema))?;
        text.push('\n');
        let name = schema_file_name(t);
        std::fs::write(dest.join(&name), text)?;
        wanted.push(name);
        services.insert(model::service_of(t));
        let props = property_names(&schema);
        match before.get(t.as_str()) {
            None => report.added.push((*t).clone()),
            Some(old) if *old != props => {
                let plus = props.iter().filter(|p| !old.contains(p)).cloned().collect();
                let minus = old.iter().filter(|p| !props.contains(p)).cloned().collect();
                report.changed.push(((*t).clone(), plus, minus));
            }
            Some(_) => {}
        }
    }
    report.removed = before
        .keys()
        .filter(|t| !providers.contains_key(t.as_str()))
        .cloned()
        .collect();
    for e in std::fs::read_dir(&dest)? {
        let name = e?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !wanted.contains(&name) {
            std::fs::remove_file(dest.join(&name))?;
        }
    }
    report.types = types.len();
    report.services = services.len();
    report.digest = schemas_digest(root)?;
    let version = version
        .map(str::to_owned)
        .or_else(|| detect_cfn_lint_version(from))
        .unwrap_or_else(|| "unknown".into());
    let wheel = match wheel_near(from) {
        Some(w) => {
            use sha2::{Digest, Sha256};
            let name = w
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            format!(
                "`{name}`, sha256 `{}`",
                hex(&Sha256::digest(std::fs::read(&w)?))
            )
        }
        None => "not found next to the schemas directory".to_owned(),
    };
    let date = read_json(&from.join("version.json"))
        .ok()
        .and_then(|v| v.get("schema_date").and_then(J::as_str).map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    let list: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
    std::fs::write(
        root.join("schemas/types.txt"),
        format!(
            "# Every resource type of the vendored provider list (us-east-1), written by\n\
             # `ha-codegen vendor`; do not edit. See schemas/SOURCE.md.\n{}\n",
            list.join("\n")
        ),
    )?;
    let source = format!(
        "# Vendored CloudFormation registry schemas\n\n\
         - Source: the `cfn-lint` package on PyPI, version {version}, `cfnlint/data/schemas` \
         (provider list `providers/us-east-1.json`, schema files under `resources/`).\n\
         - Wheel: {wheel}\n\
         - Schema date: {date}\n\
         - Types: {} in {} services (listed in `schemas/types.txt`), stored as \
         `resources/<type, lowercased, `::` → `-`>.json`, pretty-printed with sorted keys.\n\
         - {DIGEST_LABEL}{}`\n\n\
         ## Refresh\n\n\
         `scripts/refresh-schemas.sh <cfn-lint version>` downloads the wheel, vendors its schemas, \
         reports added and removed types and properties, regenerates the code and checks it.\n",
        report.types, report.services, report.digest
    );
    std::fs::write(root.join("schemas/SOURCE.md"), source)?;
    Ok(report)
}

/// The line prefix in `schemas/SOURCE.md` before the schemas digest.
pub const DIGEST_LABEL: &str = "Schemas digest (`ha-codegen` sha256 over the files): `";

/// The schemas digest recorded in `schemas/SOURCE.md`, if any.
pub fn recorded_digest(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("schemas/SOURCE.md")).ok()?;
    text.lines().find_map(|l| {
        l.split_once(DIGEST_LABEL)
            .map(|(_, rest)| rest.trim_end_matches('`').to_owned())
    })
}

/// The outcome of [`generate_everything`].
#[derive(Debug, Default)]
pub struct AllReport {
    /// Types in the provider list.
    pub types: usize,
    /// Services (modules).
    pub services: usize,
    /// Structs generated (resources and nested).
    pub structs: usize,
    /// Enums generated.
    pub enums: usize,
    /// Properties whose unsupported shape fell back to `Json`.
    pub json_fallbacks: usize,
    /// Lines of formatted code.
    pub lines: usize,
    /// Bytes of the registry files (blobs and index) the macro would compile in.
    pub registry_bytes: usize,
    /// `(type or service, error)` for every failure.
    pub failures: Vec<(String, String)>,
}

/// Generates, in memory, the code of every type of a cfn-lint provider list, formatting each
/// service module with rustfmt when `format` is set (which also proves it parses).
pub fn generate_everything(root: &Path, from: &Path, format: bool) -> Result<AllReport> {
    let providers = read_json(&from.join("providers/us-east-1.json"))?;
    let providers = providers
        .as_object()
        .ok_or_else(|| anyhow!("provider list is not an object"))?;
    let mut report = AllReport {
        types: providers.len(),
        ..AllReport::default()
    };
    let mut models = Vec::new();
    for (t, id) in providers {
        let path = from
            .join("resources")
            .join(format!("{}.json", id.as_str().unwrap_or_default()));
        let built = read_json(&path).and_then(|schema| {
            std::panic::catch_unwind(|| model::build(&schema))
                .ok()
                .context("generator panicked")
        });
        match built {
            Ok(m) => models.push(m),
            Err(e) => report.failures.push((t.clone(), format!("{e:#}"))),
        }
    }
    let groups = by_service(&mut models);
    report.services = groups.len();
    for (service, types) in &groups {
        for m in types {
            report.structs += 1 + m.objects.len();
            report.enums += m.enums.len();
            report.json_fallbacks += m.json_fallbacks;
        }
        let code = emit::service_file(service, types);
        let code = if format {
            match rustfmt(root, &code) {
                Ok(c) => c,
                Err(e) => {
                    report.failures.push((service.clone(), format!("{e:#}")));
                    continue;
                }
            }
        } else {
            code
        };
        report.lines += code.lines().count();
    }
    let all: Vec<&TypeModel> = models.iter().collect();
    report.registry_bytes = registry::registry_files(&all).values().map(Vec::len).sum();
    Ok(report)
}
