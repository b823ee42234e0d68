"""The deploy-failure rule pack's lock: which cdk-preflight release the validator runs, and the
checksums that prove the installed copy is that release.

    python tools/pack_lock.py check     exit 1 when the installed pack differs from local/pack.lock
    python tools/pack_lock.py record    rewrite local/pack.lock from the installed pack (after an
                                        upgrade: change the version in the lock, rerun
                                        scripts/setup-python.sh with the new wheel_sha256, record)

scripts/setup-python.sh installs the wheel with ``pip --require-hashes`` against wheel_sha256;
``check`` (run by scripts/test.sh) compares the installed version and the sha256 of the rule
bundle that tools/cfn_validate.py reads, so a copy that was upgraded, downgraded or edited in
place is reported as stale instead of silently changing which rules run.
"""

import glob
import hashlib
import importlib.metadata
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCK = os.path.join(ROOT, "local", "pack.lock")
FIELDS = ("package", "version", "source", "license", "wheel_sha256", "bundle_sha256")


def read_lock(path: str = LOCK) -> dict:
    """The lock's ``key = value`` lines (comments and blank lines ignored)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise ValueError(f"{path}:{n}: expected `key = value`, found {line!r}")
            out[key.strip()] = value.strip()
    missing = [k for k in FIELDS if k not in out]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    return out


def installed(package: str) -> tuple:
    """(version, sha256 of the jsii rule bundle) of the installed package."""
    try:
        version = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        raise LookupError(f"{package} is not installed: run scripts/setup-python.sh") from None
    spec = importlib.util.find_spec(package.replace("-", "_"))
    bundles = sorted(glob.glob(os.path.join(os.path.dirname(spec.origin), "_jsii", "*.jsii.tgz")))
    if not bundles:
        raise LookupError(f"{package} {version} has no jsii rule bundle")
    with open(bundles[0], "rb") as f:
        return version, hashlib.sha256(f.read()).hexdigest()


def stale(lock: dict, version: str, bundle_sha: str) -> list:
    """What differs between the lock and an installed copy (empty: current)."""
    problems = []
    if version != lock["version"]:
        problems.append(f"installed {lock['package']} {version}, local/pack.lock pins {lock['version']}")
    if bundle_sha != lock["bundle_sha256"]:
        problems.append(f"rule bundle sha256 {bundle_sha} differs from the lock's {lock['bundle_sha256']}")
    return problems


def main(argv: list) -> int:
    cmd = argv[1] if len(argv) > 1 else "check"
    lock_path = argv[2] if len(argv) > 2 else LOCK
    lock = read_lock(lock_path)
    version, bundle_sha = installed(lock["package"])
    if cmd == "check":
        problems = stale(lock, version, bundle_sha)
        if problems:
            print(f"pack_lock: the installed rule pack is stale against {lock_path}:", file=sys.stderr)
            for p in problems:
                print(f"  - {p}", file=sys.stderr)
            print("  fix: rerun scripts/setup-python.sh, or after a reviewed upgrade "
                  "`python tools/pack_lock.py record`", file=sys.stderr)
            return 1
        print(f"pack_lock: {lock['package']} {version} matches {os.path.relpath(lock_path, ROOT)}")
        return 0
    if cmd == "record":
        with open(lock_path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        new = {**lock, "version": version, "bundle_sha256": bundle_sha}
        out = [f"{k} = {new[k]}" if (k := l.partition("=")[0].strip()) in FIELDS and "=" in l and not l.lstrip().startswith("#") else l for l in lines]
        with open(lock_path, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        print(f"pack_lock: recorded {lock['package']} {version} in {lock_path}")
        return 0
    print(f"pack_lock: unknown command {cmd!r}: use check or record", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
