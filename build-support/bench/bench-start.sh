#!/usr/bin/env bash
# Start-up benchmark (prints figures; asserts nothing): ROUNDS (default 5) times, `docker run`
# of the image on a new data volume → the first 200 from /api/health through nginx (so the
# database's migrations, the app's imports and supervisord's start are all in it), then the
# memory (RSS) of every process once the app is idle. Prints each round, the median against
# the 2 s budget, and the same for `docker run` of a container that does nothing (the
# engine's own share, measured in the same run). Then the same container restarted ROUNDS
# times, on the database it made (no migration to run): `docker start` → the first 200, and
# the memory once idle again.
#
#   build-support/bench/bench-start.sh [IMAGE] [docker run options...]
#   e.g. build-support/bench/bench-start.sh etftool:latest -e LIVE_PROCESS_IDLE_S=5 (idle sooner)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=build-support/bench/container-memory.sh
source build-support/bench/container-memory.sh

image="${1:-etftool:latest}"
shift || true
rounds="${ROUNDS:-5}"
budget_s=2
docker_cli=/usr/bin/docker
name="etftool-bench-start-$$"
cleanup() { "$docker_cli" rm -f -v "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT

now() { date +%s.%N; }
# Waits for the first 200 from /api/health of the running container; prints the seconds since START.
until_healthy() {
  local start="$1" port
  port="$("$docker_cli" port "$name" 3000/tcp | head -1 | sed 's/.*://')"
  until curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; do
    [ "$(echo "$(now) - $start > 60" | bc)" = 1 ] && {
      "$docker_cli" logs "$name" | tail >&2
      exit 1
    }
    sleep 0.02
  done
  echo "$(now) - $start" | bc
}
# Idle means after the live data process has exited (LIVE_PROCESS_IDLE_S after its last use;
# each start uses it to fetch the fund list): waits for that, up to 200 s, then 10 s more.
until_idle() {
  local waited=0
  while "$docker_cli" exec "$name" pgrep -f etftool.marketdata.live_process >/dev/null && [ "$waited" -lt 200 ]; do
    sleep 1
    waited=$((waited + 1))
  done
  sleep 10
  echo "memory, idle ($waited s until the live data process exited, then 10 s):"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "bench-start: $image, $rounds rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"
app=()
engine=()
for round in $(seq 1 "$rounds"); do
  cleanup
  start="$(now)"
  "$docker_cli" run -d --name "$name" -p 127.0.0.1::3000 "$@" "$image" >/dev/null
  app+=("$(until_healthy "$start")")
  [ "$round" -lt "$rounds" ] || break
  cleanup
  start="$(now)"
  "$docker_cli" run --rm --entrypoint true "$image"
  engine+=("$(echo "$(now) - $start" | bc)")
  printf '  round %d: start → healthy %.2f s, docker run of "true" %.2f s\n' "$round" "${app[-1]}" "${engine[-1]}"
done
printf '  round %d: start → healthy %.2f s\n' "$rounds" "${app[-1]}"
app_median="$(printf '%s\n' "${app[@]}" | median)"
engine_median="$(printf '%s\n' "${engine[@]:-0}" | median)"
printf 'start → healthy, median: %.2f s (budget %d s: %.2f× it); docker run of "true": %.2f s\n' \
  "$app_median" "$budget_s" "$(echo "$app_median / $budget_s" | bc -l)" "$engine_median"

until_idle
container_memory "$docker_cli" "$name"

restarts=()
for round in $(seq 1 "$rounds"); do
  "$docker_cli" stop "$name" >/dev/null
  start="$(now)"
  "$docker_cli" start "$name" >/dev/null
  restarts+=("$(until_healthy "$start")")
  printf '  restart %d: start → healthy %.2f s\n' "$round" "${restarts[-1]}"
done
printf 'restart on its database → healthy, median: %.2f s\n' "$(printf '%s\n' "${restarts[@]}" | median)"
until_idle
container_memory "$docker_cli" "$name"
