#!/usr/bin/env bash
# Runs the frontend's npm steps in a Pants sandbox without paying for `npm ci` each time.
#   node-workspace.sh test    node_modules, then the type check and the vitest tests
#   node-workspace.sh build   node_modules, then `next build` (static export to out/)
#   node-workspace.sh axe     node_modules, then axe-core's script copied out for the browser tests
#
# node_modules: one `npm ci` per package-lock.json (and Node version and CPU), kept in
# $ETFTOOL_FRONTEND_CACHE and hard-linked into the sandbox (~1 s instead of ~25 s). Nothing
# in the build writes into node_modules, so the shared copy stays as npm left it.
# Next.js' build cache (.next/cache): restored before `next build` and kept after a successful
# one. It only saves work: the export is byte-identical with or without it, which
# build-support/release/repro-check.sh checks by building once with an empty cache directory.
# The cache directory lives beside Pants' sandboxes (/tmp) so that hard links work.
set -euo pipefail
# Node and npm come first on the PATH, from Pants' system_binary targets; coreutils after.
export PATH="$PATH:/usr/bin:/bin"

cache="${ETFTOOL_FRONTEND_CACHE:-/tmp/etftool-frontend}"
mkdir -p "$cache"

install_node_modules() {
  local key modules staging
  key="$(cat package-lock.json <(node --version) <(uname -m) | sha256sum | cut -c1-16)"
  modules="$cache/node_modules-$key"
  if [ ! -d "$modules" ]; then
    staging="$(mktemp -d "$cache/.install-XXXXXX")"
    cp package.json package-lock.json "$staging/"
    (cd "$staging" && npm ci --no-audit --no-fund --loglevel=error)
    # Another build may have finished the same install meanwhile: either copy will do.
    mv -T "$staging/node_modules" "$modules" 2>/dev/null || true
    rm -rf "$staging"
  fi
  cp -al "$modules" node_modules 2>/dev/null || { rm -rf node_modules && cp -a "$modules" node_modules; }
}

next_build() {
  mkdir -p .next
  if [ -d "$cache/next-cache" ] && ! cp -a "$cache/next-cache" .next/cache 2>/dev/null; then
    rm -rf .next/cache # replaced while being copied: build without it
  fi
  npm run build
  keep_next_cache || echo "node-workspace.sh: Next.js' build cache was not kept" >&2
}

keep_next_cache() { # swapped in whole, so that a build starting meanwhile never reads half of it
  local kept="$cache/next-cache" staging
  staging="$(mktemp -d "$cache/.next-cache-XXXXXX")"
  cp -a .next/cache "$staging/cache" \
    && rm -rf "$kept.old" \
    && { [ ! -d "$kept" ] || mv -T "$kept" "$kept.old"; } \
    && mv -T "$staging/cache" "$kept"
  local status=$?
  rm -rf "$staging" "$kept.old"
  return "$status"
}

case "${1:-}" in
  test) install_node_modules && npm run typecheck && npm test ;;
  build) install_node_modules && next_build ;;
  axe) install_node_modules && cp node_modules/axe-core/axe.min.js axe.min.js ;;
  *)
    sed -n '2,5p' "$0" >&2
    exit 2
    ;;
esac
