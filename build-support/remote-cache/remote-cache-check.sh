#!/usr/bin/env bash
# Remote cache check (run by .ci/run): a private BuildGrid + Redis on free loopback ports,
#  1. build and test from empty local caches, writing to the remote cache;
#  2. from a copy of the work tree at another path (as a fresh CI clone), with empty local
#     caches and no pantsd: the tests must be "cached remotely" and the PEXes byte-identical;
#  3. with the server stopped and empty local caches: the build must still succeed, warning.
# Prints times, hit counts and digests; exits 1 when any of that does not hold.
set -euo pipefail
cd "$(dirname "$0")/../.."

work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export ETFTOOL_REMOTE_CACHE_DIR="$work/remote"
ETFTOOL_REMOTE_CACHE_ADDRESS="127.0.0.1:$(free_port)"
ETFTOOL_REMOTE_CACHE_REDIS_PORT="$(free_port)"
export ETFTOOL_REMOTE_CACHE_ADDRESS ETFTOOL_REMOTE_CACHE_REDIS_PORT
cleanup() {
  build-support/remote-cache/remote-cache.sh stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

work_args=(test backend:: frontend:: package backend:app-deps backend:app-srcs)
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

pants_pass() { # pants_pass NAME LABEL WORKTREE GOALS... → $work/NAME.log, PEX digests in $work/NAME.pex
  local name="$1" label="$2" tree="$3" start rc=0
  shift 3
  start=$(date +%s.%N)
  (
    cd "$tree"
    eval "$(build-support/remote-cache/remote-cache.sh env)"
    PANTS_LOCAL_STORE_DIR="$work/$name/store" PANTS_NAMED_CACHES_DIR="$work/$name/named" \
      PANTS_LOCAL_EXECUTION_ROOT_DIR="$work/$name/sandboxes" PANTS_PANTSD=false \
      ./pants --no-dynamic-ui --stats-log --pants-distdir=dist/remote-cache-check "$@"
  ) >"$work/$name.log" 2>&1 || rc=$?
  printf '%-28s %6.1f s  exit %s  tests: %s ran, %s cached remotely\n' "$label" \
    "$(echo "$(date +%s.%N) - $start" | bc)" "$rc" \
    "$(grep -cE '^(✓|𐄂|✕) ' "$work/$name.log" || true)" \
    "$(grep -c '(cached remotely)' "$work/$name.log" || true)"
  echo "  $(grep -oE 'remote_cache_(requests|requests_cached|requests_uncached|read_errors|write_errors): [0-9]+' "$work/$name.log" | tr '\n' ' ')"
  sha256sum "$tree"/dist/remote-cache-check/backend/*.pex 2>/dev/null | sed "s|$tree/||" >"$work/$name.pex" || true
  rm -rf "$tree/dist/remote-cache-check"
  return "$rc"
}

show_failure() { # show_failure LOG: the failed tests, then the log's end without the stats counters
  grep -E '^(𐄂|✕) ' "$1" || true
  sed '/^Counters:/,$d' "$1" | tail -60
}

build-support/remote-cache/remote-cache.sh start

pants_pass pass1 "1 cold, writing" . "${work_args[@]}" || {
  show_failure "$work/pass1.log"
  fail "cold pass failed"
}

clone="$work/clone"
mkdir -p "$clone"
tar -C . --exclude=./frontend/node_modules --exclude=./frontend/.next --exclude=./frontend/out \
  --exclude=./dist --exclude=./.pants.d --exclude=./.pids -cf - . \
  | tar -C "$clone" -xf -
pants_pass pass2 "2 new tree, warm remote" "$clone" "${work_args[@]}" \
  || {
    show_failure "$work/pass2.log"
    fail "warm pass failed"
  }
remote_hits="$(grep -c '(cached remotely)' "$work/pass2.log" || true)"
tests_total="$(grep -cE '^(✓|𐄂|✕) ' "$work/pass2.log" || true)"
[ "$remote_hits" -gt 0 ] && [ "$remote_hits" = "$tests_total" ] \
  || {
    grep -iE 'WARN.*remote' "$work/pass2.log" | head -5
    fail "$remote_hits of $tests_total test results came from the remote cache"
  }
echo "PEX digests, pass 1 vs pass 2:"
paste "$work/pass1.pex" "$work/pass2.pex" | awk '{printf "  %-22s %s %s %s\n", $2, substr($1,1,16), substr($3,1,16), ($1 == $3 ? "identical" : "DIFFERENT")}'
cmp -s "$work/pass1.pex" "$work/pass2.pex" || fail "PEXes differ between passes"
[ -s "$work/pass1.pex" ] || fail "no PEX was built"

build-support/remote-cache/remote-cache.sh stop
pants_pass pass3 "3 server down" "$clone" package backend:app-srcs \
  || fail "the build failed while the cache server was down"
warning="$(grep -m1 -iE 'WARN.*(remote|cache|unavailable|connect)' "$work/pass3.log" || true)"
echo "  warning: ${warning:-none}"
[ -n "$warning" ] || fail "no warning about the unreachable cache server"

if [ "$failures" -gt 0 ]; then
  echo "remote cache check: $failures failure(s)"
  exit 1
fi
echo "remote cache check: ok"
