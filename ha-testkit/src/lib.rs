//! Test support shared by the end-to-end tests of the runner, the HA app and the example
//! crates: the local CloudFormation endpoint (`local/moto_local.py`, patched moto from the
//! project's `.venv`) started on a free loopback port and stopped by its process id when the
//! test ends (also when it panics), and an environment that keeps the user's AWS
//! configuration away from a test.
//!
//! Test-only code: it is excluded from the coverage floors like the tests themselves.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace root (this crate's parent directory).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("ha-testkit lives in the workspace")
        .to_path_buf()
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind a loopback port")
}

/// `GET path` on `127.0.0.1:port` (HTTP/1.0): the body of a 200 answer, else the status line.
pub fn http_get(port: u16, path: &str) -> Result<String, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(20))).ok();
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).map_err(|e| e.to_string())?;
    let (head, body) = buf.split_once("\r\n\r\n").ok_or("no HTTP header")?;
    if !head.starts_with("HTTP/1.") || head.split_whitespace().nth(1) != Some("200") {
        return Err(head.lines().next().unwrap_or_default().to_owned());
    }
    Ok(body.to_owned())
}

/// The local endpoint process, owned by one test and stopped by pid on drop.
pub struct LocalEndpoint {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// Its log file (stdout and stderr).
    pub log: PathBuf,
}

impl Drop for LocalEndpoint {
    fn drop(&mut self) {
        let pid = self.child.id();
        let _ = self.child.kill();
        let _ = self.child.wait();
        println!(
            "local endpoint (pid {pid}) stopped; its log: {}",
            self.log.display()
        );
    }
}

impl LocalEndpoint {
    /// Start the endpoint for test `tag`, ready when its report answers (the port opens before
    /// the patches are loaded). `None`, with the reason printed, when the venv is missing
    /// (`scripts/setup-python.sh` creates it); a server that exits or is not ready within 60 s
    /// fails the test with its log.
    pub fn start(tag: &str) -> Option<LocalEndpoint> {
        let root = workspace();
        let python = root.join(".venv/bin/python");
        let script = root.join("local/moto_local.py");
        for p in [&python, &script] {
            if !p.exists() {
                println!(
                    "SKIPPED: {} is missing (scripts/setup-python.sh creates the venv; see docs/local-endpoint.md)",
                    p.display()
                );
                return None;
            }
        }
        let port = free_port();
        let log = std::env::temp_dir().join(format!("{tag}-endpoint-{port}.log"));
        let f = std::fs::File::create(&log).expect("create the endpoint log");
        let child = Command::new(python)
            .arg(&script)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .stdin(Stdio::null())
            .stdout(Stdio::from(f.try_clone().expect("log handle")))
            .stderr(Stdio::from(f))
            .spawn()
            .expect("start local/moto_local.py");
        let mut ep = LocalEndpoint {
            child,
            port,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        let t = Instant::now();
        while http_get(port, "/ha-local/report").is_err() {
            if let Ok(Some(status)) = ep.child.try_wait() {
                panic!(
                    "local endpoint exited ({status}):\n{}",
                    std::fs::read_to_string(&ep.log).unwrap_or_default()
                );
            }
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "local endpoint not ready after 60 s; log {}",
                ep.log.display()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        println!(
            "local endpoint {} (pid {}) ready in {:.1}s",
            ep.url,
            ep.child.id(),
            t.elapsed().as_secs_f64()
        );
        Some(ep)
    }

    /// The endpoint's own report (`/ha-local/report`): substitutions, custom resources run,
    /// what was not exercised.
    pub fn report(&self) -> serde_json::Value {
        let body = http_get(self.port, "/ha-local/report").expect("GET /ha-local/report");
        serde_json::from_str(&body).expect("the report is JSON")
    }
}

/// The environment of a CLI run against the endpoint, isolated from the user's AWS setup:
/// the inherited variables to remove (every `AWS_*` and `ENVIRONMENT_SUFFIX`), and the
/// variables to set (fake credentials, `region`, config and credentials files that do not
/// exist under `dir`, no instance metadata).
pub fn isolated_aws_env(dir: &Path, region: &str) -> (Vec<OsString>, Vec<(String, OsString)>) {
    let remove = std::env::vars_os()
        .map(|(k, _)| k)
        .filter(|k| k.to_string_lossy().starts_with("AWS_") || k == "ENVIRONMENT_SUFFIX")
        .collect();
    let set = [
        ("AWS_ACCESS_KEY_ID", OsString::from("testing")),
        ("AWS_SECRET_ACCESS_KEY", OsString::from("testing")),
        ("AWS_REGION", OsString::from(region)),
        ("AWS_CONFIG_FILE", dir.join("no-aws-config").into()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("no-aws-credentials").into(),
        ),
        ("AWS_EC2_METADATA_DISABLED", OsString::from("true")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    (remove, set)
}

/// Exit code (-1 when killed by a signal) and stdout followed by stderr of a finished process.
pub fn combined(o: &std::process::Output) -> (i32, String) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code().unwrap_or(-1), text)
}

/// Runs an app's CLI binary `bin` in `dir` against the endpoint at `url`, isolated from the
/// user's AWS setup ([`isolated_aws_env`] for `region`) with stdin closed: `args`, then
/// `--endpoint-url url`, then `extra`; the verbs that wait (`deploy`, `destroy`) also poll
/// every second. Prints the command, its duration, exit code and output (shown when a test
/// fails) and returns (exit code, stdout + stderr).
pub fn run_app(
    bin: &str,
    dir: &Path,
    url: &str,
    region: &str,
    args: &[&str],
    extra: &[&str],
) -> (i32, String) {
    let started = std::time::Instant::now();
    let mut cmd = std::process::Command::new(bin);
    cmd.current_dir(dir)
        .args(args)
        .args(["--endpoint-url", url])
        .args(extra)
        .stdin(std::process::Stdio::null());
    if matches!(args.first(), Some(&"deploy" | &"destroy")) {
        cmd.args(["--poll-interval", "1s"]);
    }
    let (remove, set) = isolated_aws_env(dir, region);
    for k in remove {
        cmd.env_remove(k);
    }
    let out = cmd
        .envs(set)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {bin}: {e}"));
    let (code, text) = combined(&out);
    let name = Path::new(bin)
        .file_name()
        .map_or_else(|| bin.into(), |n| n.to_string_lossy());
    println!(
        "$ {name} {} [{:.1}s, exit {code}]\n{text}",
        args.join(" "),
        started.elapsed().as_secs_f64()
    );
    (code, text)
}

/// An empty scratch directory path for one test, `<temp>/<name>-<pid>` (removed first if a
/// previous run left it; not created, so a command under test may create it).
pub fn fresh_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Every file of `dir` with its bytes, sorted by name (a synth output directory).
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut entries: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap();
            (name, bytes)
        })
        .collect();
    entries.sort();
    entries
}

/// `<bin> synth FLAGS --out OUT` of `app` in this process, as the synth-only binaries run it
/// (`ha_synth::run`), with no environment variable visible and `cwd` as the working directory.
/// Panics with the error output unless it succeeds; returns its standard output.
pub fn synth_in_process<A: ha_synth::StackApp>(
    app: &A,
    bin: &str,
    flags: &[&str],
    out: &Path,
    cwd: &Path,
) -> String {
    let argv: Vec<String> = [bin, "synth"]
        .iter()
        .chain(flags)
        .map(|s| (*s).to_owned())
        .chain(["--out".to_owned(), out.display().to_string()])
        .collect();
    let (mut so, mut se) = (Vec::new(), Vec::new());
    let code = ha_synth::run(app, &argv, &|_| None, cwd, &mut so, &mut se);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&se));
    String::from_utf8(so).expect("UTF-8 output")
}
