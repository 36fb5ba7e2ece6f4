#!/usr/bin/env bash
# Reproducibility check: builds the app PEXes (amd64 and arm64) and the frontend export twice,
# each time with empty Pants caches in a temporary directory and without pantsd, then prints
# the sha256 of every output side by side. Exits 1 when any output differs.
# Usage: build-support/repro-check.sh   (~2 × a cold build; needs network to PyPI and npm)
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work" dist/repro-check' EXIT
pexes=(backend:app-deps backend:app-srcs backend:app-deps-arm64 backend:app-srcs-arm64)

digest_tree() {  # one sha256 over every file's relative path and content
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-64
}

build() {  # build N → $work/N.digests ("name sha256" lines)
  local n="$1" start
  local dist="dist/repro-check/$n"
  start=$(date +%s)
  PANTS_LOCAL_STORE_DIR="$work/$n/store" PANTS_NAMED_CACHES_DIR="$work/$n/named" \
    PANTS_LOCAL_EXECUTION_ROOT_DIR="$work/$n/sandboxes" PANTS_PANTSD=false \
    ./pants --no-dynamic-ui --pants-distdir="$dist" \
    package "${pexes[@]}" export-codegen frontend:out >"$work/$n.log" 2>&1 \
    || { tail -40 "$work/$n.log"; exit 1; }
  echo "build $n: $(($(date +%s) - start)) s with empty caches" >&2
  {
    for pex in "$dist"/backend/*.pex; do
      echo "${pex#"$dist"/} $(sha256sum "$pex" | cut -c1-64)"
    done
    echo "frontend/out/ $(digest_tree "$dist/codegen/frontend/out")"
  } >"$work/$n.digests"
  (cd "$dist/codegen/frontend/out" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) \
    >"$work/$n.frontend-files"
}

build 1
build 2

printf '%-32s %-64s %-64s\n' output "build 1" "build 2"
status=0
while read -r name first; do
  second="$(awk -v n="$name" '$1 == n {print $2}' "$work/2.digests")"
  mark=identical
  [ "$first" = "$second" ] || { mark=DIFFERENT; status=1; }
  printf '%-32s %-64s %-64s %s\n' "$name" "$first" "$second" "$mark"
done <"$work/1.digests"

if ! cmp -s "$work/1.frontend-files" "$work/2.frontend-files"; then
  echo "frontend files that differ (first 10):"
  diff "$work/1.frontend-files" "$work/2.frontend-files" | sed -n 's/^< [0-9a-f]*  /  /p' | head -10
fi
exit "$status"
