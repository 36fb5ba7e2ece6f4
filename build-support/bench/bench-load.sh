#!/usr/bin/env bash
# Load benchmark (prints figures; asserts nothing): 60 s of mixed traffic (ETF search,
# metrics, history, static pages and assets) at 50 connections against one container of the
# image, with wrk (Debian package). Prints requests/s, latency p50/p90/p99, errors, the status
# mix, and the memory (RSS) of every process idle and under load.
#
#   build-support/bench/bench-load.sh [IMAGE] [docker run options...]
#   e.g. build-support/bench/bench-load.sh etftool:latest -e WEB_CONCURRENCY=2
#
# wrk runs inside the container's network namespace (nsenter, so as root) and loads
# http://127.0.0.1:3000: the whole path through nginx to the API, from loopback, which nginx
# does not rate-limit. (From the host, through the published port, all requests would come
# from one address and nginx would answer most of them with 429.)
# DURATION (default 60s), CONNECTIONS (50) and THREADS (2) change the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=build-support/bench/container-memory.sh
source build-support/bench/container-memory.sh

image="${1:-etftool:latest}"
shift || true
duration="${DURATION:-60s}"
connections="${CONNECTIONS:-50}"
threads="${THREADS:-2}"
docker_cli=/usr/bin/docker

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench-load: installing wrk from Debian" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
[ "$(id -u)" = 0 ] || {
  echo "bench-load: run as root (nsenter into the container's network)" >&2
  exit 1
}

name="etftool-bench-$$-$RANDOM"
work="$(mktemp -d)"
cleanup() {
  "$docker_cli" rm -f -v "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$docker_cli" run -d --name "$name" "$@" "$image" >/dev/null
pid="$("$docker_cli" inspect --format '{{.State.Pid}}' "$name")"
in_container_net() { nsenter --target "$pid" --net "$@"; }
for _ in $(seq 1 120); do
  in_container_net curl -fs -o /dev/null http://127.0.0.1:3000/api/health && break
  sleep 0.5
done
in_container_net curl -fs -o /dev/null http://127.0.0.1:3000/api/health \
  || {
    "$docker_cli" logs "$name" | tail -20
    echo "bench-load: the container did not become ready" >&2
    exit 1
  }

chunk="$("$docker_cli" exec "$name" sh -c 'cd /app/frontend && ls _next/static/chunks/*.js | head -1')"
# What a user's browsing asks for: pages and assets (served by nginx) and the API calls of
# the search box and the ETF page (served by uvicorn through nginx).
paths=(
  "/api/v1/etfs/search?q=M" "/api/v1/etfs/search?q=qual" "/api/v1/etfs/search?q=S"
  "/" "/etf/" "/compare/" "/$chunk"
)
for code in MTUM QUAL SIZE USMV VLUE SPX; do
  paths+=("/api/v1/etfs/$code/metrics?period=1y" "/api/v1/etfs/$code/history?period=1y")
done

{
  echo "paths = {"
  printf '  "%s",\n' "${paths[@]}"
  cat <<'LUA'
}
local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end
function init()
  index = offset
  statuses = {}
end
function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local failed = 0
  local mix = {}
  for status, count in pairs(counts) do
    if status >= 400 then failed = failed + count end
    table.insert(mix, string.format("%d×%d", status, count))
  end
  table.sort(mix)
  io.write(string.format("requests    %d in %.1f s = %.1f req/s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency     p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors      %d socket errors, %d responses >= 400\n", errors, failed))
  io.write("statuses    " .. table.concat(mix, ", ") .. "\n")
end
LUA
} >"$work/mixed.lua"

memory() { # memory LABEL → RSS and PSS per process and in total, and the container's cgroup figure
  echo "memory, $1:"
  container_memory "$docker_cli" "$name"
}

# One round of every path first: the first requests load data and compile code paths.
for path in "${paths[@]}"; do in_container_net curl -fs -o /dev/null "http://127.0.0.1:3000$path"; done

echo "image $image, $("$docker_cli" exec "$name" nproc) CPUs visible, options: ${*:-(none)}"
echo "wrk: $threads threads, $connections connections, $duration, ${#paths[@]} paths in rotation"
memory "idle"
in_container_net wrk --threads "$threads" --connections "$connections" --duration "$duration" \
  --timeout 10s --script "$work/mixed.lua" http://127.0.0.1:3000 >"$work/wrk.out" &
wrk_pid=$!
seconds="${duration%s}"
sleep $((seconds / 2))
memory "under load (after $((seconds / 2)) s)" >"$work/memory-load.txt"
wait "$wrk_pid"
echo
sed -n '/^requests/,$p' "$work/wrk.out"
echo
cat "$work/memory-load.txt"
