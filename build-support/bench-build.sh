#!/usr/bin/env bash
# Build benchmark (prints figures; asserts nothing): cold build, no-change rebuild,
# backend-only and frontend-only changes of `./pants package docker:etftool`, whether the
# frontend build re-ran, the image size, its layers and the largest installed packages.
# "Cold" uses empty Pants caches in a temporary directory and an empty BuildKit cache
# (`docker builder prune -af` — this drops the engine's build cache for other projects too).
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
trap restore EXIT

export PANTS_LOCAL_STORE_DIR="$work/store" PANTS_NAMED_CACHES_DIR="$work/named"
export PANTS_PANTSD=false PANTS_LOCAL_EXECUTION_ROOT_DIR="$work/sandboxes"

package() {  # package LABEL → prints seconds and whether the frontend build ran
  local log="$work/$1.log" start end
  start=$(date +%s.%N)
  ./pants --no-dynamic-ui package docker:etftool >"$log" 2>&1 || { cat "$log"; exit 1; }
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

cold=$(cat "$work/cold.seconds")
for step in no-change backend-only frontend-only; do
  printf '%-22s %6.1f %% of cold\n' "$step" "$(echo "100 * $(cat "$work/$step.seconds") / $cold" | bc -l)"
done

echo
docker image inspect etftool:latest --format 'image size: {{.Size}} bytes' \
  | awk '{printf "%s %.1f MB\n", "image size:", $3/1e6}'
echo "layers (newest first):"
docker history --no-trunc --format '{{.Size}}\t{{.CreatedBy}}' etftool:latest | cut -c1-110
echo "ten largest installed Python packages:"
docker run --rm --entrypoint sh etftool:latest -c \
  'cd /app/venv/lib/python3*/site-packages && du -sk * | sort -rn | head -10' \
  | awk '{printf "  %7.1f MB  %s\n", $1/1024, $2}'
