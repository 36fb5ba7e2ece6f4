#!/usr/bin/env bash
# Regenerates build-support/pants-requirements.txt (hash-pinned) from pants-requirements.in.
set -euo pipefail
cd "$(dirname "$0")"
python39="${PYTHON39:-$(command -v python3.9)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$python39" -m venv "$work/venv"
export PIP_CONFIG_FILE=/dev/null
unset PIP_FIND_LINKS
"$work/venv/bin/pip" install -q pip-tools
"$work/venv/bin/pip-compile" --generate-hashes --allow-unsafe --no-header --strip-extras \
  -o "$work/out.txt" pants-requirements.in
{ echo "# Pants and the pex CLI it runs, pinned with hashes (regenerate: build-support/lock-pants.sh)."
  cat "$work/out.txt"; } > pants-requirements.txt
