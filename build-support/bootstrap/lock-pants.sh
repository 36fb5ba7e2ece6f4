#!/usr/bin/env bash
# Regenerates the hash-pinned pants-requirements.txt and pex-cli-requirements.txt from their
# .in files.
set -euo pipefail
cd "$(dirname "$0")"
python39="${PYTHON39:-$(command -v python3.9)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$python39" -m venv "$work/venv"
export PIP_CONFIG_FILE=/dev/null
unset PIP_FIND_LINKS
"$work/venv/bin/pip" install -q pip-tools
lock() { # lock NAME "HEADER"
  "$work/venv/bin/pip-compile" --generate-hashes --allow-unsafe --no-header --strip-extras \
    -o "$work/$1.txt" "$1.in"
  {
    echo "# $2 (regenerate: build-support/bootstrap/lock-pants.sh)."
    cat "$work/$1.txt"
  } >"$1.txt"
}
lock pants-requirements "Pants and its dependencies, pinned with hashes"
lock pex-cli-requirements "The pex version that builds the pex CLI Pants runs"
