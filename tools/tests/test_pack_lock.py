"""Tests for tools/pack_lock.py: the lock is read strictly, and a copy that differs from it in
version or rule-bundle checksum is reported stale (exit 1, with what differs and the fix)."""

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import pack_lock  # noqa: E402

TOOL = os.path.join(os.path.dirname(HERE), "pack_lock.py")
LOCK = pack_lock.LOCK


def test_the_lock_names_the_pack_its_source_and_checksums():
    lock = pack_lock.read_lock()
    assert lock["package"] == "cdk-preflight"
    assert lock["source"].startswith("https://pypi.org/project/cdk-preflight/")
    assert lock["license"] == "Apache-2.0"
    for key in ("wheel_sha256", "bundle_sha256"):
        assert len(lock[key]) == 64 and all(c in "0123456789abcdef" for c in lock[key])


def test_stale_names_every_difference():
    lock = {"package": "p", "version": "1.0", "bundle_sha256": "a" * 64}
    assert pack_lock.stale(lock, "1.0", "a" * 64) == []
    problems = pack_lock.stale(lock, "1.1", "b" * 64)
    assert problems == [
        "installed p 1.1, local/pack.lock pins 1.0",
        f"rule bundle sha256 {'b' * 64} differs from the lock's {'a' * 64}",
    ]


def test_malformed_locks_are_rejected(tmp_path):
    bad = tmp_path / "pack.lock"
    bad.write_text("package = x\nnot a pair\n")
    with pytest.raises(ValueError, match="expected `key = value`"):
        pack_lock.read_lock(str(bad))
    bad.write_text("package = x\n")
    with pytest.raises(ValueError, match="missing version"):
        pack_lock.read_lock(str(bad))


HAVE_PACK = importlib.util.find_spec("cdk_preflight") is not None


@pytest.mark.skipif(not HAVE_PACK, reason="cdk-preflight is not installed in this interpreter")
def test_check_passes_on_the_installed_pack_and_fails_on_a_stale_lock(tmp_path):
    ok = subprocess.run([sys.executable, TOOL, "check"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "matches local/pack.lock" in ok.stdout
    stale = tmp_path / "pack.lock"
    text = open(LOCK, encoding="utf-8").read()
    version = pack_lock.read_lock()["version"]
    stale.write_text(text.replace(f"version = {version}", "version = 0.0.1"))
    out = subprocess.run([sys.executable, TOOL, "check", str(stale)], capture_output=True, text=True)
    assert out.returncode == 1
    assert f"installed cdk-preflight {version}, local/pack.lock pins 0.0.1" in out.stderr
    assert "fix: rerun scripts/setup-python.sh" in out.stderr
    # record brings the copy's lock back in line, keeping its comments.
    rec = subprocess.run([sys.executable, TOOL, "record", str(stale)], capture_output=True, text=True)
    assert rec.returncode == 0, rec.stderr
    assert open(stale, encoding="utf-8").read() == text
    unknown = subprocess.run([sys.executable, TOOL, "frobnicate"], capture_output=True, text=True)
    assert unknown.returncode == 2 and "unknown command" in unknown.stderr


def test_a_missing_package_says_how_to_install_it():
    with pytest.raises(LookupError, match="run scripts/setup-python.sh"):
        pack_lock.installed("no-such-package-ha")
