#!/usr/bin/env bash
# Build benchmark (prints figures; asserts nothing): cold build, no-change rebuild,
# backend-only and frontend-only changes of `./pants package docker:etftool`, a "fresh machine"
# build with empty local caches reading a warm remote cache, the arm64 image's build, whether
# the frontend build re-ran, the image size, its layers and the largest installed packages.
# "Cold" uses empty Pants caches in a temporary directory and an empty BuildKit cache
# (`docker builder prune -af` — this drops the engine's build cache for other projects too).
# The remote cache is a private BuildGrid (build-support/remote-cache.sh) on free ports, which
# every pass writes to and only the "fresh machine" pass starts without local caches for.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
backend_probe="backend/etftool/main.py"
frontend_probe="$(ls frontend/src/app/page.tsx)"
cp "$backend_probe" "$work/backend.orig"
cp "$frontend_probe" "$work/frontend.orig"
restore() {
  cp "$work/backend.orig" "$backend_probe"
  cp "$work/frontend.orig" "$frontend_probe"
  rm -rf "$work"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export ETFTOOL_REMOTE_CACHE_DIR="$work/remote"
export ETFTOOL_REMOTE_CACHE_ADDRESS="127.0.0.1:$(free_port)"
export ETFTOOL_REMOTE_CACHE_REDIS_PORT="$(free_port)"
trap 'build-support/remote-cache.sh stop 2>/dev/null; restore' EXIT
build-support/remote-cache.sh start
eval "$(build-support/remote-cache.sh env)"

local_caches() {  # local_caches NAME: Pants' local caches in $work/NAME
  export PANTS_LOCAL_STORE_DIR="$work/$1/store" PANTS_NAMED_CACHES_DIR="$work/$1/named"
  export PANTS_LOCAL_EXECUTION_ROOT_DIR="$work/$1/sandboxes"
}
export PANTS_PANTSD=false
local_caches machine-1

package() {  # package LABEL [TARGET] → prints seconds and whether the frontend build ran
  local log="$work/$1.log" start end
  start=$(date +%s.%N)
  ./pants --no-dynamic-ui --stats-log package "${2:-docker:etftool}" >"$log" 2>&1 || { cat "$log"; exit 1; }
  end=$(date +%s.%N)
  local frontend="cached"
  grep -q "Completed: Running the \`adhoc_tool\` at frontend:out" "$log" && frontend="re-run"
  printf '%-22s %7.1f s   frontend build: %s\n' "$1" "$(echo "$end - $start" | bc)" "$frontend"
  echo "$end - $start" | bc >"$work/$1.seconds"
}

docker builder prune -af >/dev/null
package cold
package no-change
printf '\n# benchmark edit\n' >>"$backend_probe"
package backend-only
printf '\n// benchmark edit\n' >>"$frontend_probe"
package frontend-only
# A new machine: nothing local (Pants or BuildKit), the remote cache as the other passes left it.
local_caches machine-2
docker builder prune -af >/dev/null
package fresh-machine-remote
echo "  $(grep -oE 'remote_cache_requests(_cached|_uncached)?: [0-9]+' "$work/fresh-machine-remote.log" | tr '\n' ' ')"
package arm64 docker:etftool-arm64

cold=$(cat "$work/cold.seconds")
for step in no-change backend-only frontend-only fresh-machine-remote arm64; do
  printf '%-22s %6.1f %% of cold\n' "$step" "$(echo "100 * $(cat "$work/$step.seconds") / $cold" | bc -l)"
done

echo
# Budgets with the live source (akshare) in both images: amd64 300 MB, arm64 320 MB.
version="$(cat backend/etftool/VERSION)"
while read -r image budget; do
  docker image inspect "$image" --format '{{.Size}}' | awk -v image="$image" -v budget="$budget" \
    '{printf "image size %s: %.1f MB (budget %d MB: %.0f %%)\n", image, $1/1e6, budget, 100*$1/1e6/budget}'
done <<EOF
etftool:latest 300
etftool:$version-arm64 320
EOF
echo "layers (newest first):"
docker history --no-trunc --format '{{.Size}}\t{{.CreatedBy}}' etftool:latest | cut -c1-110
echo "ten largest installed Python packages:"
docker run --rm --entrypoint sh etftool:latest -c \
  'cd /app/venv/lib/python3*/site-packages && du -sk * | sort -rn | head -10' \
  | awk '{printf "  %7.1f MB  %s\n", $1/1024, $2}'
