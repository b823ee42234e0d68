#!/usr/bin/env bash
# Machine-level tools for a fast edit loop, idempotent: the `mold` linker from Debian's
# packages (scripts/link-cc uses it when present and falls back to the toolchain's default
# linker otherwise, so this step is an optimisation, never a requirement).
set -euo pipefail
if command -v mold >/dev/null 2>&1; then
  echo "setup-dev: mold $(mold --version | awk '{print $2}') present"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "setup-dev: installing mold (Debian package)"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mold >/dev/null; then
    echo "setup-dev: mold $(mold --version | awk '{print $2}') installed"
    exit 0
  fi
fi
echo "setup-dev: mold not installed (needs root and apt-get); links use the default linker"
